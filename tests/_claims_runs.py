"""Runs shared by the claims tests (tests/test_claims_NN.py), each simulated once per session.

Same parameters and seeds as the notebooks; the claims tested on them are
qualitative, with margins, so that they survive a change of random stream.
"""

from functools import lru_cache

import numpy as np

import snncourse as sc

T0 = 200.0  # ms, transient of the report's network (notebooks 5, 6, 8)
NU_REPORT = 368.2  # Hz, Table 4.1


@lru_cache(maxsize=None)
def report_run(delay=1.5, g=None, j_exc=None, noise_sigma=None, same_mean=False, record=False,
               duration=1000.0):
    """The report's network (seed_report) with one thing changed, 1 s, the notebooks' seed."""
    net = sc.seed_report()
    changes = {"delay": delay}
    if g is not None:
        changes["g"] = g
        if same_mean:
            recurrent = net.neuron.tau_m * net.j_exc * NU_REPORT / 1000.0 * (net.c_exc - g * net.c_inh)
            changes["i_ext"] = net.i_ext - recurrent / net.neuron.r_m
    if j_exc is not None:
        changes["j_exc"] = j_exc
    if noise_sigma is not None:
        changes["noise_sigma"] = noise_sigma
    ids = np.arange(net.n_neurons) if record else None
    return sc.simulate_network(net.replace(**changes), duration=duration, rng=sc.SEED_REPORT_SEED,
                               record_ids=ids)


def relative_spectrum(res, t_start=T0, fmin=10.0, fmax=None):
    """(peak frequency (Hz), peak / Poisson level, mean rate (Hz)) of rate_spectrum."""
    f, psd, nu = sc.analysis.rate_spectrum(res.spike_times, res.n_neurons, t_start, res.duration)
    rel = psd / (2 * nu / res.n_neurons)
    fp = sc.analysis.peak_frequency(f, rel, fmin=fmin, fmax=fmax)
    return fp, float(rel[f == fp][0]), nu


@lru_cache(maxsize=None)
def reduced_run(g, eta, duration=300.0, seed=1, n_record=200, **overrides):
    net = sc.reduced_brunel(g, eta, **overrides)
    return sc.simulate_network(net, duration=duration, rng=seed,
                               record_ids=sc.regimes.record_subset(net.n_neurons, n_record))


HYSTERESIS_DRIVES = tuple(float(d) for d in np.arange(-35.0, 11.0, 5.0))  # mV, R I_ext (notebook 8)


@lru_cache(maxsize=None)
def g1_hysteresis(seed=sc.SEED_REPORT_SEED):
    """Notebook 8, C1: g = 1 at the same mean drive, continued from the active state and swept.

    Returns ``(switched, up, down)``: the run continued at g = 1 for 300 ms from 200 ms of the
    report's network, and ``{drive (mV): (rate (Hz), r)}`` over the last 100 ms of each 200 ms
    run, up from rest and then down, each run continued from the previous one.
    """
    g1 = report_run(g=1.0, same_mean=True, duration=10.0).params
    gen = np.random.default_rng(seed)
    active = sc.simulate_network(sc.seed_report(), duration=200.0, rng=gen)
    switched = sc.simulate_network(g1, duration=300.0, rng=gen, initial_state=active.final_state)

    def sweep(drives, state):
        out = {}
        for d in drives:
            r = sc.simulate_network(g1.replace(i_ext=d / g1.neuron.r_m), duration=200.0, rng=gen,
                                    initial_state=state)
            s = sc.report_statistics(r, t_start=100.0)
            out[d], state = (s["mean_rate_hz"], s["mean_pairwise_correlation"]), r.final_state
        return out, state

    gen = np.random.default_rng(seed)
    rest = sc.simulate_network(g1.replace(i_ext=HYSTERESIS_DRIVES[0] / g1.neuron.r_m),
                               duration=200.0, rng=gen)
    up, top = sweep(HYSTERESIS_DRIVES, rest.final_state)
    down, _ = sweep(HYSTERESIS_DRIVES[::-1], top)
    return switched, up, down
