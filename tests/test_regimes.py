
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from numpy.testing import assert_allclose  # noqa: E402

from snncourse import plotting as P  # noqa: E402
from snncourse import regimes as R  # noqa: E402
from snncourse.widgets import regime as W  # noqa: E402
from snncourse.network import SimulationResult, simulate_network  # noqa: E402
from snncourse.params import NetworkParams, brunel2000  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _result(times, ids, n_exc, n_inh, duration, v=None, dt=0.1):
    return SimulationResult(spike_times=np.asarray(times, float), spike_ids=np.asarray(ids),
                            n_exc=n_exc, n_inh=n_inh, duration=duration, dt=dt, v=v)


# --- the reduced network --------------------------------------------------------

def test_reduced_brunel_keeps_mean_input_and_brunel_at_full_size():
    net = R.reduced_brunel(5.0, 2.0)
    assert net.j_exc * net.c_exc == pytest.approx(100.0)  # J C_E as Brunel's 0.1 mV x 1000
    assert net.nu_thr == pytest.approx(10.0) and net.nu_ext == pytest.approx(20.0)
    assert net.c_exc / net.n_exc == pytest.approx(0.2)
    assert (net.n_inh, net.c_inh, net.c_ext_eff) == (200, 40, 160)
    full = R.reduced_brunel(5.0, 2.0, n_exc=10000, c_exc=1000)
    ref = brunel2000(5.0, 2.0)
    for field in ("n_exc", "n_inh", "c_exc", "c_inh", "j_exc", "g", "delay", "neuron", "nu_ext",
                  "c_ext_eff", "j_ext_eff", "connectivity"):
        assert getattr(full, field) == pytest.approx(getattr(ref, field)), field
    assert R.reduced_brunel(t_ref=1.0).neuron.t_ref == 1.0


@pytest.mark.parametrize("kwargs, match", [
    (dict(g=-1.0), "g must be >= 0"),
    (dict(eta=-0.5), "eta must be >= 0"),
    (dict(n_exc=802), "n_exc must be a multiple of 4"),
    (dict(c_exc=162), "c_exc must be a multiple of 4"),
    (dict(n_exc=160, c_exc=160), "c_exc must be < n_exc"),
])
def test_reduced_brunel_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        R.reduced_brunel(**kwargs)


# --- statistics -----------------------------------------------------------------

def test_regime_statistics_on_known_trains():
    # neuron 0 fires every 10 ms, neuron 1 every 20 ms: rate (100 + 50) / 2 = 75 Hz, CV 0
    t0, t1 = np.arange(5.0, 1000.0, 10.0), np.arange(5.0, 1000.0, 20.0)
    v = np.tile(np.sin(np.arange(10001) * 0.01), (2, 1))  # identical traces: chi = 1
    res = _result(np.r_[t0, t1], np.r_[np.zeros(t0.size, int), np.ones(t1.size, int)],
                  1, 1, 1000.0, v=v)
    s = R.regime_statistics(res, t_start=0.0)
    assert s["mean_rate_hz"] == pytest.approx(75.0)
    assert s["isi_cv"] == pytest.approx(0.0, abs=1e-12)
    assert s["chi"] == pytest.approx(1.0)
    # a pulse train of period 20 ms has equal power at 50 Hz and every harmonic
    harmonic = s["f_peak_hz"] / 50.0
    assert abs(harmonic - round(harmonic)) * 50.0 < 4.0 and harmonic >= 0.9
    assert s["n_record"] == 2


def test_regime_statistics_silent_network_gives_nan():
    res = _result([], [], 4, 1, 200.0)
    s = R.regime_statistics(res, t_start=50.0)
    assert s["mean_rate_hz"] == 0.0
    assert np.isnan(s["isi_cv"]) and np.isnan(s["chi"]) and np.isnan(s["f_peak_hz"])
    assert R.classify_state(res, t_start=50.0) == "quiescent"


def test_regime_statistics_leaves_out_the_transient():
    res = _result([1.0, 2.0, 3.0, 150.0], [0, 0, 0, 0], 1, 0, 200.0)
    assert R.regime_statistics(res, t_start=100.0)["mean_rate_hz"] == pytest.approx(10.0)


def test_regime_statistics_rejects_bad_input():
    res = _result([], [], 1, 0, 100.0)
    with pytest.raises(TypeError, match="result must be a SimulationResult"):
        R.regime_statistics({"mean_rate_hz": 1.0})
    with pytest.raises(ValueError, match="t_start must leave at least 4 bins"):
        R.regime_statistics(res, t_start=98.0)
    with pytest.raises(ValueError, match="t_start must be >= 0"):
        R.regime_statistics(res, t_start=-1.0)


# --- classification -------------------------------------------------------------

BASE = {"mean_rate_hz": 40.0, "isi_cv": 0.9, "chi": 0.1, "f_peak_hz": 150.0}


@pytest.mark.parametrize("changes, state", [
    ({}, "AI"),
    ({"mean_rate_hz": 0.5, "chi": float("nan")}, "quiescent"),
    ({"isi_cv": 0.05, "mean_rate_hz": 330.0, "chi": 0.2}, "SR"),
    ({"isi_cv": 0.05, "chi": float("nan")}, "SR"),
    ({"chi": 0.5, "f_peak_hz": 180.0}, "SI fast"),
    ({"chi": 0.5, "f_peak_hz": 20.0}, "SI slow"),
    ({"chi": 0.5, "f_peak_hz": float("nan")}, "SI slow"),
    ({"isi_cv": float("nan"), "chi": 0.1}, "AI"),  # NaN CV counts as irregular
])
def test_classify_state_rules(changes, state):
    assert R.classify_state({**BASE, **changes}) == state


def test_classify_state_thresholds_are_arguments():
    s = {**BASE, "chi": 0.2}
    assert R.classify_state(s) == "AI"
    assert R.classify_state(s, sync_chi=0.15) == "SI fast"
    assert R.classify_state(s, sync_chi=0.15, fast_hz=200.0) == "SI slow"
    assert R.classify_state(s, quiescent_rate=50.0) == "quiescent"
    assert R.classify_state(s, regular_cv=1.0) == "SR"


def test_classify_state_errors():
    with pytest.raises(ValueError, match="chi must be finite"):
        R.classify_state({**BASE, "chi": float("nan")})
    with pytest.raises(ValueError, match="missing 'chi'"):
        R.classify_state({"mean_rate_hz": 5.0, "isi_cv": 1.0, "f_peak_hz": 1.0})
    with pytest.raises(TypeError, match="SimulationResult or a dict"):
        R.classify_state([1, 2, 3])
    with pytest.raises(ValueError, match="sync_chi must be >= 0"):
        R.classify_state(BASE, sync_chi=-0.1)


@pytest.mark.parametrize("g, eta, seed, state", [
    (3.0, 2.0, 1, "SR"),
    (4.5, 0.9, 1, "SI slow"),
    (5.0, 2.0, 1, "AI"),
])
def test_classify_brunel_states_in_the_reduced_network(g, eta, seed, state):
    net = R.reduced_brunel(g, eta)
    res = simulate_network(net, duration=300.0, rng=seed,
                           record_ids=R.record_subset(net.n_neurons, 200))
    s = R.regime_statistics(res, t_start=100.0)
    assert R.classify_state(s) == state
    assert R.classify_state(res, t_start=100.0) == state
    if state == "SR":  # near saturation: a spike every ~3 ms (t_ref = 2 ms)
        assert 300.0 < s["mean_rate_hz"] < 1000.0 / net.neuron.t_ref
    if state == "SI slow":
        assert s["f_peak_hz"] < R.FAST_HZ


def test_classify_needs_potentials_in_irregular_states():
    net = R.reduced_brunel(5.0, 2.0)
    res = simulate_network(net, duration=150.0, rng=2)
    with pytest.raises(ValueError, match="record_ids"):
        R.classify_state(res, t_start=50.0)


# --- phase diagram --------------------------------------------------------------

def test_phase_diagram_shape_progress_and_determinism(capsys):
    g, eta = [3.0, 5.0], [2.0]
    pd = R.phase_diagram(g, eta, duration=80.0, t_start=30.0, n_record=50, rng=4)
    err = capsys.readouterr().err
    assert "2/2" in err and "grid points" in err
    for name in ("rate", "cv", "chi", "f_peak", "state"):
        assert getattr(pd, name).shape == (1, 2), name
    assert_allclose(pd.g, g) and assert_allclose(pd.eta, eta)
    assert pd.state[0, 0] == "SR" and pd.rate[0, 0] > 300.0
    assert pd.rate[0, 1] < pd.rate[0, 0]
    assert pd.state_index.dtype.kind == "i"
    assert [R.STATES[k] for k in pd.state_index.ravel()] == pd.state.ravel().tolist()
    again = R.phase_diagram(g, eta, duration=80.0, t_start=30.0, n_record=50, rng=4,
                            progress=False)
    assert capsys.readouterr().err == ""
    assert_allclose(again.rate, pd.rate) and assert_allclose(again.chi, pd.chi)


def test_phase_diagram_orientation_rows_are_eta():
    small = lambda g, eta: NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, g=g,  # noqa: E731
                                         nu_ext=10.0 * eta, c_ext=100, j_ext=0.3)
    pd = R.phase_diagram([4.0, 5.0, 6.0], [0.0, 3.0], network=small, duration=100.0,
                         t_start=20.0, n_record=10, rng=0, progress=False)
    assert pd.rate.shape == (2, 3)
    assert np.all(pd.rate[0] == 0.0) and np.all(pd.state[0] == "quiescent")  # eta = 0
    assert np.all(pd.rate[1] > 0.0)


@pytest.mark.parametrize("args, kwargs, err, match", [
    (([], [1.0]), {}, ValueError, "g_values must not be empty"),
    (([-1.0], [1.0]), {}, ValueError, "g_values must be >= 0"),
    (([1.0], [-1.0]), {}, ValueError, "eta_values must be >= 0"),
    (([1.0], [1.0]), {"network": 3}, TypeError, "network must be a callable"),
    (([1.0], [1.0]), {"network": lambda g, eta: None}, TypeError, "network must return a NetworkParams"),
    (([1.0], [1.0]), {"duration": 50.0, "t_start": 50.0}, ValueError, "t_start must be < duration"),
    (([1.0], [1.0]), {"n_record": 1}, ValueError, "n_record must be an integer >= 2"),
])
def test_phase_diagram_rejects_bad_input(args, kwargs, err, match):
    with pytest.raises(err, match=match):
        R.phase_diagram(*args, progress=False, **kwargs)


def test_plot_phase_diagram():
    pd = R.PhaseDiagram(g=np.array([3.0, 5.0, 6.0]), eta=np.array([1.0, 2.0]),
                        rate=np.ones((2, 3)), cv=np.ones((2, 3)), chi=np.ones((2, 3)),
                        f_peak=np.ones((2, 3)),
                        state=np.array([["SR", "SI slow", "quiescent"], ["SR", "AI", "SI fast"]]))
    ax = P.plot_phase_diagram(pd)
    assert ax.get_xlabel() == "relative inhibition g"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["quiescent", "AI", "SI slow", "SI fast", "SR"]
    with pytest.raises(TypeError, match="diagram must be a PhaseDiagram"):
        P.plot_phase_diagram({"g": 1})


# --- the explorer and its widget ------------------------------------------------

def test_slider_ranges_are_ordered():
    for s in (W.REGIME_G, W.REGIME_ETA):
        assert s.min < s.default < s.max and s.step > 0


SLIDER_POINTS = [(g, W.REGIME_ETA.default) for g in (W.REGIME_G.min, W.REGIME_G.default, W.REGIME_G.max)]
SLIDER_POINTS += [(W.REGIME_G.default, eta) for eta in (W.REGIME_ETA.min, W.REGIME_ETA.max)]


@pytest.mark.parametrize("g, eta", SLIDER_POINTS)
def test_regime_explorer_at_slider_ends(g, eta):
    fig, stats = W.regime_explorer(g, eta)
    assert len(fig.axes) == 3
    assert stats["state"] in R.STATES
    assert stats["mean_rate_hz"] >= 0.0 and stats["n_record"] == 100
    ax_r, ax_p, ax_s = fig.axes
    assert ax_r.get_xlabel() == "Time (ms)" and ax_p.get_ylabel() == "Population rate (Hz)"
    assert ax_s.get_xlabel() == "Frequency (Hz)"
    if (g, eta) == (W.REGIME_G.min, W.REGIME_ETA.default):
        assert stats["state"] == "SR"
    if (g, eta) == (W.REGIME_G.default, W.REGIME_ETA.min):
        assert stats["state"] == "quiescent"


def test_regime_explorer_default_is_deterministic():
    # Its speed (target < 0.3 s) is measured in benchmarks/bench_widgets.py, not asserted here.
    rates = []
    for _ in range(2):
        fig, stats = W.regime_explorer()
        rates.append(stats["mean_rate_hz"])
        plt.close(fig)
    assert rates[0] == rates[1]


def test_regime_explorer_mean_field_line():
    fig, stats = W.regime_explorer(5.0, 2.0)
    assert np.isfinite(stats["rate_theory"])
    # the mean-field rate of the reduced network is within 25% of the simulation
    assert stats["rate_theory"] == pytest.approx(stats["mean_rate_hz"], rel=0.25)


def test_regime_explorer_axes_argument():
    fig, axes = plt.subplots(1, 3)
    out, _ = W.regime_explorer(5.0, 2.0, duration=100.0, axes=axes)
    assert out is fig
    with pytest.raises(ValueError, match="axes must hold 3 Axes"):
        W.regime_explorer(5.0, 2.0, duration=100.0, axes=axes[:2])


def test_regime_explorer_widget():
    pytest.importorskip("ipywidgets")
    w = W.regime_explorer_widget(duration=100.0)
    sliders = {c.description.split()[-1]: c for c in w.children[:-1]}
    assert set(sliders) == {"g", "eta"}
    for name, spec in (("g", W.REGIME_G), ("eta", W.REGIME_ETA)):
        s = sliders[name]
        assert (s.min, s.value, s.max) == (spec.min, spec.default, spec.max)
        assert s.continuous_update is False
