"""Tests of snncourse.plotting: every panel draws, with units, onto the axes it is given."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from snncourse import analysis, plotting  # noqa: E402
from snncourse.network import SimulationResult, simulate_network  # noqa: E402
from snncourse.params import LIFParams, NetworkParams  # noqa: E402
from snncourse.report import report_statistics  # noqa: E402

#: Every axis label names its unit in parentheses: one of the course's units,
#: or a word that says the quantity has none (a count, an index, a ratio).
UNITS = ("ms", "mV", "Hz", "nA", "1/ms", "mV/ms", "Hz$^2$/Hz", "count", "index", "ratio",
         "dimensionless", "per bin")
UNIT = re.compile(r"\((" + "|".join(re.escape(u) for u in UNITS) + r")\)")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def net():
    return NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, j_exc=0.5, g=4.0,
                         i_ext=2.5, noise_sigma=3.0, name="small test network")


@pytest.fixture(scope="module")
def result(net):
    return simulate_network(net, duration=300.0, rng=3, record_ids=[0, 1, 40])


@pytest.fixture(scope="module")
def bare(net):
    """A result without recorded traces."""
    return simulate_network(net, duration=300.0, rng=3)


def _synthetic(times_per_neuron, n_exc, n_inh, duration):
    t = np.concatenate(times_per_neuron)
    i = np.concatenate([np.full(len(x), k) for k, x in enumerate(times_per_neuron)])
    order = np.argsort(t, kind="stable")
    return SimulationResult(spike_times=t[order], spike_ids=i[order].astype(np.int64),
                            n_exc=n_exc, n_inh=n_inh, duration=duration, dt=0.1)


PANELS = [
    ("plot_raster", {}),
    ("plot_population_rate", {"bin_size": 2.0, "smooth": 2.0}),
    ("plot_rate_distribution", {"t_start": 50.0}),
    ("plot_isi_distribution", {"t_start": 50.0}),
    ("plot_cross_correlogram", {"max_lag": 20.0, "n_pairs": 100, "t_start": 50.0}),
    ("plot_power_spectrum", {"t_start": 50.0}),
    ("plot_spike_counts", {"bin_size": 5.0}),
    ("plot_membrane_traces", {"t_range": (100.0, 200.0)}),
    ("plot_ei_balance", {"t_range": (100.0, 200.0)}),
    ("plot_correlations", {"bin_size": 10.0, "t_start": 50.0}),
    ("plot_connectivity", {}),
]


def _assert_labelled(ax):
    for label in (ax.get_xlabel(), ax.get_ylabel()):
        assert UNIT.search(label), f"axis label without a unit: {label!r}"


@pytest.mark.parametrize("name, kwargs", PANELS)
def test_panel_draws_on_given_axes_with_units(result, name, kwargs):
    fig, ax = plt.subplots()
    out = getattr(plotting, name)(result, ax=ax, **kwargs)
    assert out is ax
    assert len(fig.axes) == 1
    assert ax.has_data()
    _assert_labelled(ax)


@pytest.mark.parametrize("name, kwargs", PANELS)
def test_panel_makes_its_own_figure(result, name, kwargs):
    n_before = len(plt.get_fignums())
    ax = getattr(plotting, name)(result, **kwargs)
    assert isinstance(ax, Axes)
    assert len(plt.get_fignums()) == n_before + 1


def test_fi_curve_dots_follow_closed_form():
    ax = plotting.plot_fi_curve(LIFParams(), currents=[1.0, 2.5, 4.0], duration=1000.0)
    _assert_labelled(ax)
    line, dots = ax.get_lines()[:2]
    assert dots.get_xdata().tolist() == [1.0, 2.5, 4.0]
    # simulated rates: 0, 41.7, 98.0 Hz (SCIENCE.md: mu = 25 mV -> 41.71 Hz, 40 mV -> 98.92 Hz)
    np.testing.assert_allclose(dots.get_ydata(), [0.0, 41.7, 98.0], atol=0.1)
    x, y = line.get_xdata(), line.get_ydata()
    np.testing.assert_allclose(np.interp([2.5, 4.0], x, y), [41.71, 98.92], rtol=2e-3)


def test_fi_curve_accepts_network_params_and_rejects_others(net):
    fig, ax = plt.subplots()
    assert plotting.plot_fi_curve(net, ax=ax, currents=[3.0], duration=200.0) is ax
    with pytest.raises(TypeError, match="params must be a LIFParams"):
        plotting.plot_fi_curve("neuron")


def test_colours_are_the_course_colours(result):
    assert plotting.E_COLOR == "#c0392b" and plotting.I_COLOR == "#2471a3"
    ax = plotting.plot_raster(result)
    colours = [to_hex(line.get_color()) for line in ax.get_lines()[:2]]
    assert colours == [plotting.E_COLOR, plotting.I_COLOR]
    ax = plotting.plot_rate_distribution(result)
    faces = {to_hex(p.get_facecolor(), keep_alpha=False) for p in ax.patches}
    assert faces == {plotting.E_COLOR, plotting.I_COLOR}


def test_raster_shows_both_populations_of_a_large_network():
    # 1000 E + 250 I, n_max = 100: 80 E rows, then 20 I rows
    times = [np.array([5.0 + k % 10]) for k in range(1250)]
    res = _synthetic(times, 1000, 250, 50.0)
    ax = plotting.plot_raster(res, n_max=100)
    e_line, i_line = ax.get_lines()[:2]
    assert e_line.get_ydata().max() == 79 and i_line.get_ydata().min() == 80
    assert i_line.get_ydata().max() == 99


@pytest.mark.parametrize("name", ["plot_membrane_traces", "plot_ei_balance"])
def test_panels_without_traces_say_so(bare, name):
    ax = getattr(plotting, name)(bare)
    assert any("recorded" in t.get_text() for t in ax.texts)
    _assert_labelled(ax)


def test_connectivity_missing_says_so(result):
    res = _synthetic([np.array([1.0, 2.0])], 1, 0, 10.0)
    ax = plotting.plot_connectivity(res)
    assert any("connectivity" in t.get_text() for t in ax.texts)
    ax = plotting.plot_connectivity(result.connectivity, n_max=20)
    assert ax.images[0].get_array().shape == (20, 20, 3)


def test_connectivity_matrix_counts_synapses(result):
    ax = plotting.plot_connectivity(result)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # 50 neurons x (4 E + 1 I) synapses each
    assert labels == ["E synapse (200)", "I synapse (50)"]


def test_power_spectrum_marks_an_oscillation():
    # 50 neurons firing every 20 ms, all in phase: a 50 Hz population oscillation
    rng = np.random.default_rng(0)
    times = [np.arange(3.0, 2000.0, 20.0) + rng.normal(0, 1.0, 100) for _ in range(50)]
    res = _synthetic([np.clip(t, 0, 1999.9) for t in times], 40, 10, 2000.0)
    ax = plotting.plot_power_spectrum(res, fmin=20.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    peak = [lab for lab in labels if lab.startswith("peak")]
    assert peak and abs(float(peak[0].split()[1]) - 50.0) <= 4.0


def test_power_spectrum_defaults_draw_the_spectrum_the_statistics_report():
    # volleys every 1.5 ms (667 Hz): above the Nyquist frequency of 1 ms bins, below 0.2 ms's
    times = [np.arange(0.7, 1000.0, 1.5) + 0.1 * (k % 3) for k in range(20)]
    res = _synthetic(times, 16, 4, 1000.0)
    ax = plotting.plot_power_spectrum(res, t_start=100.0, fmin=10.0)
    f, psd, _ = analysis.rate_spectrum(res.spike_times, res.n_neurons, 100.0, res.duration)
    line = ax.get_lines()[0]
    assert np.array_equal(line.get_xdata(), f[1:]) and np.array_equal(line.get_ydata(), psd[1:])
    assert ax.get_xlim()[1] == 500.0 / analysis.SPECTRUM_BIN_MS
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"peak {analysis.peak_frequency(f, psd, fmin=10.0):.0f} Hz" in labels
    assert any(lab in labels for lab in ("peak 667 Hz", "peak 668 Hz", "peak 666 Hz"))


def test_cross_correlogram_peaks_at_zero_lag_for_synchronous_neurons():
    base = np.arange(5.0, 1000.0, 25.0)
    res = _synthetic([base + 0.1 * k for k in range(10)], 8, 2, 1000.0)
    ax = plotting.plot_cross_correlogram(res, bin_size=1.0, max_lag=10.0, n_pairs=90)
    line = ax.get_lines()[0]
    lags, cc = line.get_xdata(), line.get_ydata()
    assert lags[np.argmax(cc)] == 0.0 and cc.max() > 10


def test_correlation_panel_mean_is_the_table_value(result):
    ax = plotting.plot_correlations(result, bin_size=10.0, t_start=50.0)
    mean_line = ax.get_lines()[0]
    stats = report_statistics(result, t_start=50.0, bin_size=10.0)
    assert mean_line.get_xdata()[0] == pytest.approx(stats["mean_pairwise_correlation"])
    assert "10 ms" in ax.get_xlabel()


def test_unit_pattern_rejects_labels_without_a_unit():
    assert UNIT.search("Time (ms)") and UNIT.search("PSD (Hz$^2$/Hz)")
    for label in ("Time", "Time (E and I)", "V (stacked)", "rate (per neuron)", ""):
        assert not UNIT.search(label), label


def test_silent_network_draws_empty_labelled_panels_or_says_why():
    res = SimulationResult(spike_times=np.empty(0), spike_ids=np.empty(0, np.int64),
                           n_exc=4, n_inh=1, duration=200.0, dt=0.1)
    for name, kwargs in PANELS:
        if name in ("plot_connectivity",):
            continue
        ax = getattr(plotting, name)(res, **{k: v for k, v in kwargs.items() if k != "t_range"})
        texts = " ".join(t.get_text() for t in ax.texts)
        # each panel either draws (empty) data with labelled axes, or writes why it cannot
        assert texts or ax.get_xlabel(), name
        if texts:
            assert any(w in texts.lower() for w in ("no ", "not ", "fewer", "too few", "without")), (
                name, texts)
        else:
            _assert_labelled(ax)
        if name == "plot_population_rate":
            assert all(np.all(line.get_ydata() == 0) for line in ax.get_lines()
                       if len(line.get_ydata()) > 2), "a silent network has rate 0"


@pytest.mark.parametrize("make, titles", [
    (plotting.figure_2_1, ["Raster", "Population rate", "Rate distribution", "ISI distribution",
                           "Cross-correlogram", "Power spectrum"]),
    (plotting.figure_3_1, ["Spike counts", "Membrane traces", "E/I balance", "F-I curve",
                           "Correlations", "Connectivity"]),
])
@pytest.mark.parametrize("which", ["result", "bare"])
def test_composites_have_six_labelled_panels(request, make, titles, which):
    res = request.getfixturevalue(which)
    fig = make(res, t_start=50.0)
    axes = fig.axes
    assert len(axes) == 6
    assert tuple(fig.get_size_inches()) == (12.0, 7.0)
    for letter, ax, title in zip("abcdef", axes, titles):
        assert ax.get_title(loc="left") == f"({letter}) {title}"
        _assert_labelled(ax)


def test_bad_arguments_raise(result):
    with pytest.raises(TypeError, match="result must be a SimulationResult"):
        plotting.plot_raster([1.0, 2.0])
    with pytest.raises(ValueError, match="t_range must overlap"):
        plotting.plot_raster(result, t_range=(500.0, 600.0))
    with pytest.raises(ValueError, match="t_start must be < duration"):
        plotting.plot_isi_distribution(result, t_start=300.0)
    with pytest.raises(ValueError, match="neuron_index must be < 3"):
        plotting.plot_ei_balance(result, neuron_index=3)
    with pytest.raises(TypeError, match="connectivity_or_result must be"):
        plotting.plot_connectivity(np.eye(3))
