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
def report_run(delay=1.5, g=None, j_exc=None, noise_sigma=None, v_init=None, same_mean=False,
               record=False, duration=1000.0):
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
    if v_init is not None:
        changes["v_init"] = v_init
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
