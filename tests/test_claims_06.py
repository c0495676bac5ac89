"""Claims of notebook 6 (synchronization): the operating point is far from 1/t_ref on a rising
F-I curve; r is weak at 10 ms and grows with the bin."""

import numpy as np

import snncourse as sc
from _claims_runs import T0, report_run

NET = sc.seed_report()


def test_the_operating_point_is_far_below_the_ceiling_on_a_rising_curve():
    res = report_run()
    nu = res.mean_rate(T0)
    assert nu < 0.5 * 1000.0 / NET.neuron.t_ref
    _, sigma = sc.theory.brunel_input(NET, nu)
    mu = NET.neuron.r_m * NET.i_ext
    slope = (sc.theory.siegert_rate(NET.neuron, mu + 10.0, sigma)
             - sc.theory.siegert_rate(NET.neuron, mu, sigma))
    assert slope > 10.0  # Hz per 10 mV (1 nA): still rising


def test_correlations_are_weak_at_10ms_and_grow_with_the_bin():
    res = report_run()
    r = {b: np.mean(sc.analysis.count_correlations(res.spike_times, res.spike_ids, res.n_neurons, b,
                                                   T0, res.duration)[0]) for b in (1.0, 10.0, 100.0)}
    assert 0.01 < r[10.0] < 0.035
    assert r[1.0] < r[10.0] < r[100.0]
