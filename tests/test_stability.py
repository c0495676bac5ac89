"""Linear stability of Brunel's asynchronous state (snncourse.stability): limits, known states, errors."""

import matplotlib
import matplotlib.legend

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from numpy.testing import assert_allclose  # noqa: E402

import snncourse as sc  # noqa: E402
from snncourse import stability as st  # noqa: E402
from snncourse.theory import brunel_input, brunel_rate, siegert_rate  # noqa: E402

P = sc.LIFParams()
MU = np.array([15.0, 21.0, 25.0, 60.0])  # sub-, near- and suprathreshold (mV)
SIGMA = np.array([3.0, 7.7, 11.0, 15.0])


def test_stationary_rate_is_siegert():
    rate, _, _ = st.rate_susceptibility(P, MU, SIGMA, [10.0])
    assert_allclose(rate, siegert_rate(P, MU, SIGMA), rtol=1e-3)


def test_zero_frequency_is_the_derivative_of_siegert():
    _, chi_mu, chi_var = st.rate_susceptibility(P, MU, SIGMA, 0.0)
    h = 1e-3
    d_mu = (siegert_rate(P, MU + h, SIGMA) - siegert_rate(P, MU - h, SIGMA)) / (2 * h)
    d_var = (siegert_rate(P, MU, np.sqrt(SIGMA**2 + h)) - siegert_rate(P, MU, np.sqrt(SIGMA**2 - h))) / (2 * h)
    assert_allclose(chi_mu.real, d_mu, rtol=2e-3)
    assert_allclose(chi_var.real, d_var, rtol=2e-3)
    assert np.all(np.abs(chi_mu.imag) < 1e-6 * np.abs(chi_mu.real))


def test_high_frequency_limits():
    """chi_mu -> sqrt(2) nu0 / (sigma sqrt(i omega tau)) (Brunel & Hakim 1999); chi_var -> nu0 / sigma^2."""
    f = 4000.0
    rate, chi_mu, chi_var = st.rate_susceptibility(P, 21.0, 7.7, f, dv=0.02)
    omega_tau = 2 * np.pi * f / 1000 * P.tau_m
    expected = np.sqrt(2) * rate / (7.7 * np.sqrt(1j * omega_tau))
    assert abs(chi_mu) == pytest.approx(abs(expected), rel=0.02)
    assert np.angle(chi_mu, deg=True) == pytest.approx(-45.0, abs=2.0)
    assert abs(chi_var) == pytest.approx(rate / 7.7**2, rel=0.03)


def test_second_order_in_dv():
    f = [0.0, 30.0, 190.0, 670.0]
    coarse = st.rate_susceptibility(P, MU, SIGMA, f, dv=0.1)  # (rate, chi_mu, chi_var)
    fine = st.rate_susceptibility(P, MU, SIGMA, f, dv=0.05)
    finest = st.rate_susceptibility(P, MU, SIGMA, f, dv=0.025)
    for a, b, c in zip(coarse[1:], fine[1:], finest[1:]):
        a, b, c = (np.atleast_2d(x) for x in (a, b, c))
        err_coarse, err_fine = np.max(np.abs(a - c)), np.max(np.abs(b - c))
        assert err_fine < 0.4 * err_coarse + 1e-12  # halving dv cuts the error ~4x (2x = first order)
        assert_allclose(a[..., :2], c[..., :2], rtol=3e-3, atol=1e-6)  # up to 30 Hz
        assert_allclose(a[..., 2], c[..., 2], rtol=1.5e-2, atol=1e-6)  # 190 Hz, sigma = 3 mV: 1 %
        assert_allclose(a, c, rtol=0.04, atol=1e-6)  # 670 Hz with sigma = 3 mV: 3 % at dv = 0.1


def test_scalar_and_array_shapes():
    rate, chi_mu, chi_var = st.rate_susceptibility(P, 21.0, 7.7, [0.0, 100.0])
    assert isinstance(rate, float) and chi_mu.shape == (2,) and chi_var.shape == (2,)
    rate, chi_mu, _ = st.rate_susceptibility(P, [21.0, 25.0], 7.7, 100.0)
    assert rate.shape == (2,) and chi_mu.shape == (2,)


def test_h0_is_the_slope_of_the_self_consistency():
    net = sc.brunel2000(5.0, 2.0)
    nu = brunel_rate(net)
    _, h0 = st.characteristic_function(net, 0.0)
    d = 1e-3
    phi = [siegert_rate(net.neuron, *brunel_input(net, nu + s)) for s in (-d, d)]
    assert h0.real == pytest.approx((phi[1] - phi[0]) / (2 * d), rel=2e-3)
    assert h0.real < 1  # the root brunel_rate returns is stable for the rate dynamics


@pytest.mark.parametrize("state, stable, f_lo, f_hi", [
    ("AI", True, None, None),
    ("SI fast", False, 150.0, 220.0),   # Brunel: about 180 Hz
    ("SR", False, 600.0, 740.0),        # near 1/D = 667 Hz, the line of the simulated SR state
    ("SI slow", False, 10.0, 60.0),     # Brunel: about 20 Hz
])
def test_brunel_states(state, stable, f_lo, f_hi):
    s = st.stationary_stability(sc.brunel2000(*sc.BRUNEL_STATES[state]))
    assert s.stable is stable
    if stable:
        assert s.n_unstable == 0 and np.isnan(s.f_unstable_hz) and np.all(s.gain < 1)
    else:
        assert s.n_unstable >= 2 and f_lo < s.f_unstable_hz < f_hi


def test_si_fast_frequency_matches_the_full_size_simulations():
    """The committed N = 12,500 diagram: spectral peaks of the SI-fast runs at eta = 4 near the line."""
    diagram, _ = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
    i = int(np.argmin(np.abs(diagram.eta - 4.0)))
    cols = (diagram.g >= 5.5) & (diagram.g <= 6.5)
    assert np.all(diagram.state[i, cols] == "SI fast")
    s = st.stationary_stability(sc.brunel2000(6.0, 4.0))
    assert_allclose(diagram.f_peak[i, cols], s.f_unstable_hz, rtol=0.1)


def test_quiescent_network_is_stable():
    s = st.stationary_stability(sc.brunel2000(5.0, 0.5))
    assert s.rate_hz < 1e-3 and s.stable
    rate, chi_mu, chi_var = st.rate_susceptibility(P, 0.0, 0.5, [0.0, 10.0])  # (theta - mu)/sigma = 40
    assert rate == 0.0 and np.all(chi_mu == 0) and np.all(chi_var == 0)


def test_hopf_boundaries_agree_with_stationary_stability():
    g, eta = [3.0, 4.5, 6.0], [0.9, 4.0]
    hb = st.hopf_boundaries(g, eta)
    assert hb is st.hopf_boundaries(g, eta)  # cached
    assert hb.rate.shape == hb.n_unstable.shape == (2, 3) and hb.gain.shape == (3, 2, 3)
    for i, e in enumerate(eta):
        for j, gv in enumerate(g):
            s = st.stationary_stability(sc.brunel2000(gv, e))
            assert hb.stable[i, j] == s.stable
            assert hb.rate[i, j] == pytest.approx(s.rate_hz)
            unstable_lines = np.nan_to_num(hb.gain[:, i, j]) > 1
            assert unstable_lines.any() == (not s.stable)  # the lines bound the unstable region


G_SMALL = [2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0]
ETA_SMALL = [0.85, 0.9, 1.0, 1.5, 2.5, 3.0, 4.0]


def test_three_lines_where_brunel_has_them():
    hb = st.hopf_boundaries(G_SMALL, ETA_SMALL)
    sr, fast, slow = (np.nan_to_num(x) > 1 for x in hb.gain)
    # SR: unstable left of g ~ 3.3, stable from g = 3.5 on, at every drive above eta = 1
    rows = hb.eta >= 1.0
    assert np.all(sr[rows][:, hb.g <= 3.0]) and not np.any(sr[rows][:, hb.g >= 3.5])
    # SI fast: only at strong drive and strong inhibition
    assert fast.any() and hb.eta[fast.any(axis=1)].min() >= 2.0 and hb.g[fast.any(axis=0)].min() >= 5.0
    # SI slow: only below eta = 1, for g > 3.5
    assert slow.any() and hb.eta[slow.any(axis=1)].max() < 1.0 and hb.g[slow.any(axis=0)].min() > 3.5
    f_fast, f_slow = hb.freq[1][fast], hb.freq[2][slow]
    assert np.all((f_fast > 150) & (f_fast < 200)) and np.all(f_slow < 60)


def test_plot_phase_diagram_with_boundaries():
    diagram, _ = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
    hb = st.hopf_boundaries(G_SMALL, ETA_SMALL)
    ax = sc.plot_phase_diagram(diagram, boundaries=hb, rate_levels=[10, 40])
    texts = [t.get_text() for t in ax.texts]
    assert {"SR line", "SI fast line", "SI slow line"} <= {t.split("\n")[0] for t in texts}
    theory = [a for a in ax.artists if isinstance(a, matplotlib.legend.Legend)]
    assert len(theory) == 1 and theory[0].get_title().get_text() == "theory"
    labels = [t.get_text() for t in theory[0].get_texts()]
    assert any("unstable" in t for t in labels) and any("mean-field rate" in t for t in labels)
    assert ax.get_legend().get_title().get_text() == "simulated"  # the states' legend
    assert ax.get_xlim() == pytest.approx((1.625, 8.375))  # lines do not widen the axes
    plt.close(ax.figure)
    ax = sc.plot_phase_diagram(diagram)  # the default draws no theory lines but the mean-input ones
    assert not any(t.get_text().endswith("Hz") for t in ax.texts)
    plt.close(ax.figure)


def test_bad_input():
    with pytest.raises(TypeError, match="params must be a LIFParams"):
        st.rate_susceptibility("lif", 21.0, 7.7, 10.0)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        st.rate_susceptibility(P, 21.0, 0.0, 10.0)
    with pytest.raises(ValueError, match="freqs_hz must be >= 0"):
        st.rate_susceptibility(P, 21.0, 7.7, [-1.0])
    with pytest.raises(ValueError, match="dv must be <= "):
        st.rate_susceptibility(P, 21.0, 7.7, 10.0, dv=5.0)
    with pytest.raises(ValueError, match="dv must be > 0"):
        st.rate_susceptibility(P, 21.0, 7.7, 10.0, dv=0.0)
    with pytest.raises(ValueError, match="mu and sigma must broadcast"):
        st.rate_susceptibility(P, [21.0, 22.0], [7.7, 7.0, 6.0], 10.0)
    with pytest.raises(TypeError, match="net must be a NetworkParams"):
        st.stationary_stability({"g": 5})
    with pytest.raises(ValueError, match="input noise"):
        st.characteristic_function(sc.NetworkParams(nu_ext=0.0, i_ext=1.0), 10.0)  # silent
    with pytest.raises(TypeError, match="network must be callable"):
        st.hopf_boundaries([5.0], [2.0], network=sc.brunel2000(5.0, 2.0))
    with pytest.raises(ValueError, match="g_values must be a non-empty increasing grid"):
        st.hopf_boundaries([5.0, 4.0], [2.0])
    with pytest.raises(ValueError, match="rate_levels needs boundaries"):
        diagram, _ = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
        sc.plot_phase_diagram(diagram, rate_levels=[10.0])
    with pytest.raises(TypeError, match="boundaries must be a HopfBoundaries"):
        sc.plot_phase_diagram(diagram, boundaries={"g": 1})
    plt.close("all")
