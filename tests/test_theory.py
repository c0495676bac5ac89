"""Tests of snncourse.theory against closed forms, Brunel (2000) and limits."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.integrate import quad
from scipy.special import erf

from snncourse.params import LIFParams, brunel2000
from snncourse.theory import brunel_input, brunel_rate, fi_curve, siegert_cv, siegert_rate

pytestmark = pytest.mark.filterwarnings("error")  # no IntegrationWarning, no overflow

P = LIFParams()  # tau 20 ms, theta 20 mV, V_r 10 mV, t_ref 2 ms, v_rest 0, r_m 10 MOhm


# -- F-I curve ---------------------------------------------------------------
def test_fi_curve_science_values():
    mu = np.array([21.0, 25.0, 30.0, 40.0])  # mV, so I = mu / r_m nA
    assert_allclose(fi_curve(P, mu / P.r_m), [20.02, 41.71, 63.04, 98.92], atol=0.01)


def test_fi_curve_zero_at_and_below_rheobase_and_scalar_out():
    assert fi_curve(P, P.rheobase) == 0.0
    assert_allclose(fi_curve(P, [-1.0, 0.0, 1.99]), 0.0)
    assert isinstance(fi_curve(P, 2.5), float)
    assert fi_curve(P, np.full((2, 3), 2.5)).shape == (2, 3)


def test_fi_curve_monotone_and_below_saturation():
    rates = fi_curve(P, np.linspace(2.001, 50.0, 200))
    assert np.all(np.diff(rates) > 0)
    assert rates[-1] < 1000.0 / P.t_ref


def test_fi_curve_absolute_potentials():
    shifted = P.replace(v_rest=-70.0, v_th=-50.0, v_reset=-60.0)
    assert_allclose(fi_curve(shifted, [1.0, 2.5, 4.0]), fi_curve(P, [1.0, 2.5, 4.0]))


# -- Siegert rate ----------------------------------------------------------------
def _siegert_direct(p, mu, sigma):
    """Eq. 21 by brute force, for moderate bounds only."""
    def integrand(u):
        return math.exp(u * u) * (1 + erf(u))
    y_r, y_th = (p.v_reset - mu) / sigma, (p.v_th - mu) / sigma
    return 1000.0 / (p.t_ref + p.tau_m * math.sqrt(math.pi) * quad(integrand, y_r, y_th)[0])


@pytest.mark.parametrize("mu, sigma", [(15.0, 5.0), (20.0, 3.0), (25.0, 5.0), (10.0, 4.0), (40.0, 50.0)])
def test_siegert_matches_direct_integral(mu, sigma):
    assert_allclose(siegert_rate(P, mu, sigma), _siegert_direct(P, mu, sigma), rtol=1e-9)


@pytest.mark.parametrize("mu", [21.0, 25.0, 30.0, 40.0, 1000.0])
def test_siegert_tends_to_deterministic_rate(mu):
    det = fi_curve(P, (mu - P.v_rest) / P.r_m)
    assert siegert_rate(P, mu, 0.0) == det
    assert_allclose(siegert_rate(P, mu, [1e-2, 1e-4, 1e-8]), det, rtol=2e-3)
    assert_allclose(siegert_rate(P, mu, 1e-8), det, rtol=1e-9)


def test_siegert_subthreshold_noise_driven():
    assert 0 < siegert_rate(P, 0.0, 5.0) < 1e-3  # theta is 4 sigma away: rare escapes
    assert_allclose(siegert_rate(P, 0.0, 5.0), 1.2271563963e-05, rtol=1e-8)
    assert 0 < siegert_rate(P, -50.0, 30.0) < 1.0
    assert siegert_rate(P, -1000.0, 1.0) == 0.0  # underflows, without a warning
    assert siegert_rate(P, 19.0, 0.0) == 0.0


def test_siegert_vectorized_monotone_in_mu_and_sigma():
    mu = np.linspace(-10.0, 60.0, 36)
    rates = siegert_rate(P, mu[:, None], [[2.0, 5.0]])
    assert rates.shape == (36, 2)
    assert np.all(np.diff(rates, axis=0) > 0)
    assert np.all(rates[mu < P.v_th, 1] > rates[mu < P.v_th, 0])  # noise helps below threshold
    assert rates[5, 1] == siegert_rate(P, mu[5], 5.0)


# -- ISI CV ------------------------------------------------------------------------
def test_cv_poisson_limit_far_below_threshold():
    assert_allclose(siegert_cv(P, [0.0, 5.0, 10.0], [5.0, 3.0, 2.0]), 1.0, rtol=1e-4)
    assert siegert_cv(P, -500.0, 1.0) == 1.0  # rate underflows: the limit is returned


@pytest.mark.parametrize("mu", [30.0, 40.0])
def test_cv_small_noise_matches_linear_response(mu):
    # Weak noise: SD(ISI) = SD(V at the crossing) / slope of the deterministic V there.
    sigma = 0.05
    t0 = P.tau_m * math.log((mu - P.v_reset) / (mu - P.v_th))
    sd_v = sigma / math.sqrt(2) * math.sqrt(1 - math.exp(-2 * t0 / P.tau_m))
    expected = sd_v * P.tau_m / (mu - P.v_th) / (t0 + P.t_ref)
    assert siegert_cv(P, mu, sigma) < 0.005
    assert_allclose(siegert_cv(P, mu, sigma), expected, rtol=1e-3)


def test_cv_decreases_with_mean_drive_and_deterministic_limits():
    cvs = siegert_cv(P, [0.0, 15.0, 20.0, 25.0, 40.0], 5.0)
    assert np.all(np.diff(cvs) < 0)
    assert siegert_cv(P, 30.0, 0.0) == 0.0
    assert math.isnan(siegert_cv(P, 15.0, 0.0))


# -- Brunel mean field -------------------------------------------------------------
def test_brunel_input_reduces_to_eqs_4_5():
    net = brunel2000(g=5.0, eta=2.0)
    nu = np.array([0.0, 10.0, 38.0])  # Hz
    c_e, j, tau, g, gamma, nu_ext = 1000, 0.1, 20.0, 5.0, 0.25, 20.0
    mu, sigma = brunel_input(net, nu)
    assert_allclose(mu, c_e * j * tau * (nu_ext + nu * (1 - g * gamma)) / 1000)
    assert_allclose(sigma**2, j**2 * c_e * tau * (nu_ext + nu * (1 + g**2 * gamma)) / 1000)


def test_brunel_input_current_noise_and_rest():
    net = brunel2000(g=5.0, eta=2.0, v_rest=-70.0, v_th=-50.0, v_reset=-60.0,
                     i_ext=0.5, noise_sigma=3.0)
    mu0, sigma0 = brunel_input(brunel2000(g=5.0, eta=2.0), 10.0)
    mu, sigma = brunel_input(net, 10.0)
    assert_allclose(mu, mu0 - 70.0 + 10.0 * 0.5)
    assert_allclose(sigma**2, sigma0**2 + 3.0**2)


@pytest.mark.parametrize(
    "g, eta, overrides, expected",
    [(6.0, 4.0, {}, 55.8), (5.0, 2.0, {}, 38.0), (4.5, 0.9, {}, 6.5), (5.0, 2.0, {"v_reset": 0.0}, 32.0)],
    ids=["B", "C", "D", "C-nest"],
)
def test_brunel_rate_figure_8(g, eta, overrides, expected):
    net = brunel2000(g=g, eta=eta, **overrides)
    nu = brunel_rate(net)
    assert_allclose(nu, expected, rtol=0.01)
    assert_allclose(siegert_rate(net.neuron, *brunel_input(net, nu)), nu, rtol=1e-9)


def test_brunel_rate_panel_a_and_edge_cases():
    assert_allclose(brunel_rate(brunel2000(g=3.0, eta=2.0)), 327.0, rtol=0.01)  # near saturation
    assert brunel_rate(brunel2000(g=5.0, eta=2.0, nu_ext=0.0)) == 0.0  # no drive: silence
    assert math.isnan(brunel_rate(brunel2000(g=3.0, eta=2.0, t_ref=0.0)))  # runaway, no bound


# -- validation ----------------------------------------------------------------------
def test_validation_errors():
    net = brunel2000()
    with pytest.raises(TypeError, match="params must be a LIFParams"):
        fi_curve(net, 1.0)
    with pytest.raises(TypeError, match="currents must be a number"):
        fi_curve(P, "two")
    with pytest.raises(ValueError, match="currents must be finite"):
        fi_curve(P, [1.0, np.nan])
    with pytest.raises(ValueError, match=r"sigma must be >= 0 \(in mV\), got -1.0"):
        siegert_rate(P, 15.0, -1.0)
    with pytest.raises(ValueError, match="mu must be finite"):
        siegert_cv(P, np.inf, 1.0)
    with pytest.raises(ValueError, match="must broadcast together"):
        siegert_rate(P, [1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="params must be a LIFParams"):
        siegert_cv(None, 15.0, 1.0)
    with pytest.raises(ValueError, match=r"nu must be >= 0 \(in Hz\)"):
        brunel_input(net, -5.0)
    with pytest.raises(TypeError, match="net must be a NetworkParams"):
        brunel_rate(P)
