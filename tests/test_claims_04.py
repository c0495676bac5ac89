"""Claims of notebook 4 (a first network): a fast population rhythm, not a flicker of a few ms;
one mean-field crossing."""

import numpy as np
import pytest

import snncourse as sc

NET = sc.NetworkParams(n_exc=800, n_inh=200, c_exc=80, c_inh=20, j_exc=0.5, g=6.0, delay=1.5,
                       neuron=sc.LIFParams(), connectivity="fixed_indegree", name="first network")
NET = NET.replace(nu_ext=1.5 * NET.nu_thr)


@pytest.fixture(scope="module")
def run():
    ids = np.r_[0, NET.n_exc, np.setdiff1d(sc.regimes.record_subset(NET.n_neurons, 200), [0, NET.n_exc])]
    return sc.simulate_network(NET, duration=1000.0, rng=7, record_ids=ids)


def test_the_population_rate_swings_with_a_period_of_about_a_dozen_ms(run):
    s = sc.regime_statistics(run, t_start=100.0)
    assert 50.0 < s["f_peak_hz"] < 120.0  # period 8-20 ms: "about a dozen", several delays
    _, rate = sc.population_rate(run.spike_times, NET.n_neurons, 900.0, 1.0, t_start=100.0)
    assert np.percentile(rate, 95) - np.percentile(rate, 5) > rate.mean()  # swings ~ its mean
    assert 2.0 / np.sqrt(200) < s["chi"] < sc.regimes.SYNC_CHI  # above independent, below "SI"


def test_the_self_consistency_has_one_crossing_near_the_simulated_rate(run):
    nus = np.linspace(0.5, 120.0, 120)
    phi = np.array([sc.theory.siegert_rate(NET.neuron, *sc.theory.brunel_input(NET, x)) for x in nus])
    assert np.all(np.diff(phi) < 0)  # g > 4: phi falls with nu
    assert np.count_nonzero(np.diff(np.sign(phi - nus))) == 1
    assert run.mean_rate(100.0) == pytest.approx(sc.theory.brunel_rate(NET), rel=0.1)
