"""Claims of notebook 1 (the LIF neuron): the F-I curve at large currents."""

import numpy as np
import pytest

import snncourse as sc

P = sc.LIFParams()


def _line(i_na, p=P):
    """(R I - (V_th + V_reset)/2) / (tau (V_th - V_reset)) in Hz."""
    return 1000.0 * (p.r_m * i_na - (p.v_th + p.v_reset) / 2) / (p.tau_m * (p.v_th - p.v_reset))


def test_without_refractoriness_the_rate_approaches_the_shifted_line():
    no_ref = P.replace(t_ref=0.0)
    for i_na in (6.0, 10.0, 30.0):
        assert sc.theory.fi_curve(no_ref, [i_na])[0] == pytest.approx(_line(i_na), rel=0.01)
    # the unshifted R I / (tau (V_th - V_reset)) of the old text is off by far more
    assert 1000 * P.r_m * 6.0 / (P.tau_m * 10.0) > 1.3 * sc.theory.fi_curve(no_ref, [6.0])[0]


def test_with_refractoriness_the_curve_bends_long_before_the_ceiling():
    rate = sc.theory.fi_curve(P, [6.0])[0]
    assert rate < 0.75 * _line(6.0) and rate < 0.4 * 1000.0 / P.t_ref
    rates = sc.theory.fi_curve(P, np.array([5.0, 6.0]))
    assert rates[1] - rates[0] > 10.0  # still rising at the right end of the plot


def test_the_predict_answer_rates():
    """The Predict answer: doubling 2.5 nA to 5 nA more than doubles the rate (42 -> 129 Hz)."""
    low, high = sc.theory.fi_curve(P, [2.5, 5.0])
    assert round(low) == 42 and round(high) == 129 and high > 2 * low
