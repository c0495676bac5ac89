"""Claims of notebook 2 (noise): the time step's cost in rate, the clock-like Fano limit."""

import numpy as np
import pytest
from scipy.optimize import brentq

import snncourse as sc

P = sc.LIFParams()


@pytest.fixture(scope="module")
def rates_by_dt():
    out = {}
    for h in (0.2, 0.1, 0.05):
        res = sc.simulate_neuron(P, 1.0, duration=1100.0, dt=h, n_neurons=1000, noise_sigma=8.0,
                                 record_v=False, rng=2024)
        out[h] = np.count_nonzero(res.spike_times > 100.0) / 1000 / 1.0
    return out


def test_dt_costs_about_a_tenth_of_the_rate_at_the_fluctuation_driven_point(rates_by_dt):
    siegert = sc.theory.siegert_rate(P, 10.0, 8.0)
    assert -0.18 < rates_by_dt[0.1] / siegert - 1 < -0.05  # "about a tenth", not "several percent"
    assert rates_by_dt[0.2] < rates_by_dt[0.1] < rates_by_dt[0.05] < siegert * 1.03


def test_the_clock_like_neuron_has_a_tiny_cv_squared():
    mu = brentq(lambda m: sc.theory.siegert_rate(P, m, 1.0) - 20.0, 0.0, 40.0)
    assert sc.theory.siegert_cv(P, mu, 1.0) ** 2 < 0.1
