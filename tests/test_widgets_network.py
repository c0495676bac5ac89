"""The explorers of the network notebooks (4, 5, 6, 8), their live views, and the in-place redraw of every widget.

Each callback runs at the min, default and max of each of its controls (the
others at their defaults); its numbers are checked against what it claims
to show. Every widget builder is checked for its controls and for redrawing
one figure in place when a control moves.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from snncourse import widgets
from snncourse.presets import PRESETS
from snncourse.widgets import network as N

NETWORK_EXPLORERS = ("wiring_explorer", "activity_explorer", "synchrony_explorer", "report_explorer")


def _values(spec):
    if isinstance(spec, widgets.Choice):
        return list(spec.options)
    return [spec.min, spec.default, spec.max]


def _settings(name):
    sliders = widgets.SLIDERS[name]
    default = {k: s.default for k, s in sliders.items()}
    out = [dict(default)]
    for key, spec in sliders.items():
        out += [{**default, key: v} for v in _values(spec) if v != spec.default]
    return out


CASES = [(name, kw) for name in NETWORK_EXPLORERS for kw in _settings(name)]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name, kw", CASES, ids=[f"{n}-{kw}" for n, kw in CASES])
def test_network_explorer_at_its_control_ends(name, kw):
    fig, stats = widgets.EXPLORERS[name](**kw)
    assert fig.axes and all(isinstance(v, (int, float, np.floating, np.integer)) for v in stats.values())
    if name == "wiring_explorer":
        if kw["rule"] == "fixed_indegree":
            assert stats["mean_in"] == kw["c_exc"] and stats["std_in"] == 0.0
        else:  # Bernoulli: binomial in-degrees
            assert stats["mean_in"] == pytest.approx(kw["c_exc"], rel=0.05)
            assert stats["std_in"] == pytest.approx(stats["std_binomial"], rel=0.15)
    elif name == "activity_explorer":
        assert len(fig.axes) == 6
        # below the threshold drive (eta < 1) the reduced network may fall silent
        assert stats["mean_rate_hz"] > (1.0 if kw["eta"] >= 1.0 else 0.0)
    elif name == "synchrony_explorer":
        assert 0.0 < stats["chi"] < 1.0 and stats["mean_rate_hz"] > 50.0
        if kw["j_exc"] == 0.0:  # uncoupled: independent neurons
            assert stats["chi"] < 0.2 and abs(stats["mean_r"]) < 0.01
    elif name == "report_explorer":
        assert stats["network_size"] == 200
        assert stats["dead_time_cv"] == pytest.approx(
            max(0.0, 1.0 - stats["mean_rate_hz"] * kw["t_ref"] / 1000.0))
        assert stats["mean_rate_hz"] < 1000.0 / kw["t_ref"] if kw["t_ref"] > 0 else True


def test_report_explorer_at_the_defaults_is_the_report_regime():
    _, s = N.report_explorer()
    assert s["mean_rate_hz"] == pytest.approx(368.2, rel=0.05)
    assert PRESETS["seed_report"].network.i_ext == N.REPORT_I_EXT.default
    assert PRESETS["seed_report"].network.neuron.t_ref == N.REPORT_T_REF.default


def test_more_drive_fires_faster_and_a_longer_dead_time_fires_slower():
    rates = [N.report_explorer(i, 1.0)[1]["mean_rate_hz"] for i in (6.0, 12.2)]
    assert rates[0] < rates[1]
    rates = [N.report_explorer(12.2, t)[1]["mean_rate_hz"] for t in (0.5, 2.0)]
    assert rates[0] > rates[1]


def test_coupling_raises_synchrony():
    chi = [N.synchrony_explorer(200, j)[1]["chi"] for j in (0.0, 3.0)]
    assert chi[0] < chi[1]


BUILDERS = [(name, getattr(widgets, f"{name}_widget")) for name in widgets.EXPLORERS]


@pytest.mark.parametrize("name, builder", BUILDERS, ids=[b[0] for b in BUILDERS])
def test_widget_redraws_one_figure_in_place(name, builder, monkeypatch):
    ipywidgets = pytest.importorskip("ipywidgets")
    fixed = {"duration": 100.0} if name in ("regime_explorer",) else {}
    w = builder(**fixed)
    controls, out = w.children[:-1], w.children[-1]
    assert isinstance(out, ipywidgets.Output)
    assert len(controls) == len(widgets.SLIDERS[name])
    for c, spec in zip(controls, widgets.SLIDERS[name].values()):
        if isinstance(spec, widgets.Choice):
            assert list(c.options) == list(spec.options) and c.value == spec.default
        else:
            assert c.continuous_update is False and (c.min, c.value, c.max) == (spec.min, spec.default,
                                                                               spec.max)
    first_fig, first_stats, first_png = w.figure, dict(w.stats), w.png
    assert first_png[:8] == b"\x89PNG\r\n\x1a\n"
    open_before = set(plt.get_fignums())
    c = controls[0]
    c.value = c.options[-1] if isinstance(c, ipywidgets.ToggleButtons) else c.max
    assert dict(w.stats) != first_stats and w.png != first_png
    if name in VIEWS:  # a live view: the same figure with new data
        assert w.figure is first_fig
    else:  # a new figure; the old one is closed
        assert w.figure is not first_fig and not plt.fignum_exists(first_fig.number)
    # no figure is left open by the widget: nothing stacks up
    assert set(plt.get_fignums()) <= open_before


# -- the live views the widgets draw with ---------------------------------------------------
VIEWS = {"wiring_explorer": N.WiringView, "activity_explorer": N.ActivityView,
         "synchrony_explorer": N.SynchronyView, "report_explorer": N.ReportView,
         "regime_explorer": widgets.RegimeView, "noise_explorer": widgets.NoiseView,
         "balance_explorer": widgets.BalanceView}
LIVE_RUN = {"wiring_explorer": {}, "activity_explorer": N.ACTIVITY_LIVE,
            "synchrony_explorer": N.SYNC_LIVE, "report_explorer": N.REPORT_LIVE}


def _same_stats(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], str):
            assert a[key] == b[key], key
        else:
            assert a[key] == pytest.approx(b[key], nan_ok=True), key


@pytest.mark.parametrize("name", NETWORK_EXPLORERS)
def test_live_view_at_its_control_ends_shows_the_explorers_numbers(name):
    """One view through every control end: the numbers of the explorer's own run, a new picture each time."""
    view = VIEWS[name]()
    pngs, fig = [], None
    for kw in _settings(name):
        out_fig, stats = view(**kw)
        assert fig is None or out_fig is fig  # one figure, updated in place
        fig = out_fig
        # the explorer (a new figure) on the same run gives the same numbers
        plain_fig, plain = widgets.EXPLORERS[name](**kw, **LIVE_RUN[name])
        plt.close(plain_fig)
        _same_stats(stats, plain)
        png = view.png()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png not in pngs  # the picture changed
        pngs.append(png)
        if name == "wiring_explorer":
            ax_d = fig.axes[0]
            data = ax_d.patches[0].get_data()
            values, edges = data.values, data.edges
            assert np.sum(values * np.diff(edges)) == pytest.approx(1.0)  # a density
            assert f"mean {stats['mean_in']:.1f}" in ax_d.get_title()
        elif name == "activity_explorer":
            assert len(fig.axes) == 6
            assert f"{stats['mean_rate_hz']:.1f} Hz" in fig.get_suptitle()
            n_raster = sum(line.get_xdata().size for line in fig.axes[0].lines[:2])
            assert (n_raster > 0) == (stats["mean_rate_hz"] > 0)
        elif name == "synchrony_explorer":
            chi_line = fig.axes[0].lines[0]
            assert chi_line.get_ydata()[-1] == pytest.approx(stats["chi"])
            assert chi_line.get_xdata()[-1] == kw["n_neurons"]
        elif name == "report_explorer":
            table = fig.axes[1].tables[0]
            assert table[1, 1].get_text().get_text() == f"{stats['mean_rate_hz']:.1f}"
            assert table[6, 1].get_text().get_text() == f"{stats['dead_time_cv']:.2f}"
    assert plt.get_fignums() == []  # a live view is not a pyplot figure: nothing to close


def test_live_view_reuses_its_runs_and_its_layout():
    N._activity_data.cache_clear()
    view = N.ActivityView()
    _, first = view(g=4.0, eta=2.0)
    view.png()
    _, other = view(g=6.0, eta=2.0)
    view.png()
    hits = N._activity_data.cache_info().hits
    _, again = view(g=4.0, eta=2.0)
    assert N._activity_data.cache_info().hits == hits + 1 and again == first
    assert view.png() and view.n_layouts == 1  # laid out once, on the first draw
    assert other != first


def test_live_figure_lays_out_again_when_a_tick_label_outgrows_its_room():
    class OneLine(widgets.LiveFigure):
        shape = (1, 1)

        def _build(self):
            (self.line,) = self.axes[0].plot([0, 1], [0, 1])

        def _update(self, top=1.0):
            self.line.set_ydata([0, top])
            self.axes[0].set_ylim(0, top)
            return {"top": top}

    view = OneLine()
    view(top=1.0)
    view.png()
    x0 = view.axes[0].get_position().x0
    view(top=2.0)
    view.png()
    assert view.n_layouts == 1  # labels of 3 characters fit the room of 5
    view(top=123456.0)  # labels of 6 characters ("120000")
    view.png()
    assert view.n_layouts == 2 and view.axes[0].get_position().x0 > x0  # more room on the left


def test_chi_curve_is_synchrony_chi_of_random_samples():
    v = np.random.default_rng(1).normal(size=(30, 200)) + np.sin(np.arange(200) / 5.0)
    sizes = np.array([4, 10, 30])
    _, chis = N._chi_curve(v, sizes, repeats=3, rng=7)
    gen = np.random.default_rng(7)
    expected = np.zeros(3)
    for _ in range(3):
        order = gen.permutation(30)
        expected += [N.synchrony_chi(v[order[:n]]) for n in sizes]
    np.testing.assert_allclose(chis, expected / 3)


# the live views of notebooks 2, 3 (single neurons) and 7 (the regimes): the explorer's own run
OTHER_VIEWS = ("noise_explorer", "balance_explorer", "regime_explorer")


@pytest.mark.parametrize("name", OTHER_VIEWS)
def test_other_live_views_at_their_control_ends_show_the_explorers_numbers_and_limits(name):
    """One view through every control end: the numbers and axis limits of the explorer's figure, a new PNG each time."""
    view = VIEWS[name]()
    pngs, fig = [], None
    for kw in _settings(name):
        out_fig, stats = view(**kw)
        assert fig is None or out_fig is fig
        fig = out_fig
        plain_fig, plain = widgets.EXPLORERS[name](**kw)  # the same run: live views simulate it whole
        _same_stats(stats, plain)
        png = view.png()
        plain_fig.canvas.draw()
        for live_ax, plain_ax in zip(fig.axes, plain_fig.axes):  # the same view of the data
            np.testing.assert_allclose(live_ax.get_xlim(), plain_ax.get_xlim(), rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(live_ax.get_ylim(), plain_ax.get_ylim(), rtol=1e-9, atol=1e-12)
        if name == "regime_explorer":  # the raster's spikes
            assert ([line.get_xdata().size for line in fig.axes[0].lines[:2]]
                    == [line.get_xdata().size for line in plain_fig.axes[0].lines[:2]])
        plt.close(plain_fig)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png not in pngs
        pngs.append(png)
        if name == "noise_explorer":
            assert fig.axes[1].get_title().startswith(f"rate {stats['rate_sim']:.1f} Hz")
        elif name == "balance_explorer":
            assert f"std {stats['std_sim']:.2f}" in fig.axes[1].get_title()
        else:
            assert f": {stats['state']}" in fig.get_suptitle()
    assert plt.get_fignums() == []


def test_regime_view_runs_are_cached_on_an_int_seed_only():
    from snncourse.widgets import regime

    regime._regime_data.cache_clear()
    view = widgets.RegimeView(duration=100.0)
    _, first = view(g=4.0, eta=2.0)
    _, again = view(g=4.0, eta=2.0)
    assert regime._regime_data.cache_info().hits == 1 and str(again) == str(first)
    view = widgets.RegimeView(duration=100.0, rng=np.random.default_rng(1))  # random: never reused
    view(g=4.0, eta=2.0)
    view(g=4.0, eta=2.0)
    assert regime._regime_data.cache_info().hits == 1


def test_live_figure_draws_fixed_labels_once_and_a_changed_title_as_text():
    class Titled(widgets.LiveFigure):
        shape = (1, 1)

        def _build(self):
            (self.line,) = self.axes[0].plot([0, 1], [0, 1])
            self.axes[0].set_xlabel("Time (ms)")

        def _update(self, title="a"):
            self.axes[0].set_title(title)
            return {}

    view = Titled()
    view(title="a")
    first = view.png()
    ax = view.axes[0]
    assert len(view._layer) == 2 and not any(image.get_visible() for image in view._layer.values())  # x label, title
    assert ax.xaxis.label.get_visible()  # a text again outside png(): any other drawing draws it
    # the layer shows the texts as a figure drawn as a whole would
    plain = Titled()
    plain._freeze = lambda: None
    plain(title="a")
    assert np.abs(_pixels(plain.png()) - _pixels(first)).max() <= 3
    view(title="a")
    assert view.png() == first and view.n_layouts == 1  # nothing changed: the same picture
    view(title="b")
    changed = view.png()
    assert changed != first and ax.title.get_visible() and list(view._layer) == [ax.xaxis.label]
    assert view.n_layouts == 1  # the title is now drawn as a text, the label still from its image
    view(title="c")
    assert view.png() != changed and view.n_layouts == 1
    assert np.abs(_pixels(plain.png()) - _pixels(first)).max() <= 3


def test_live_figure_draws_a_fixed_legend_from_its_image_and_a_changed_one_anew():
    class Legended(widgets.LiveFigure):
        shape = (1, 2)

        def _build(self):
            (self.a,) = self.axes[0].plot([0, 1], [0, 1], label="fixed")
            (self.b,) = self.axes[1].plot([0, 1], [0, 1], label="b")
            self.fixed_legend = self.axes[0].legend(loc="upper left")
            self.legend = self.axes[1].legend(loc="upper left")
            self.best = self.axes[1].legend(loc="best")  # replaces the one above: moves with the data

        def _update(self, top=1.0):
            self.b.set_ydata([0, top])
            self.axes[1].set_ylim(0, top)
            return {}

    view = Legended()
    view(top=1.0)
    view.png()
    assert view.fixed_legend in view._layer and view.best not in view._layer  # "best" is never frozen
    view(top=2.0)
    view.png()
    assert view.fixed_legend in view._layer and view.n_layouts == 1
    view.fixed_legend.get_texts()[0].set_text("changed")
    view.png()
    assert view.fixed_legend not in view._layer and view.fixed_legend.get_visible()


def _pixels(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


COMPARISON = pytest.importorskip("snncourse.export.compare")


@pytest.mark.skipif(not COMPARISON.COMPARISON_FILE.exists(), reason="no committed comparison file")
def test_comparison_view_shows_the_explorers_numbers_and_limits():
    view = COMPARISON.ComparisonView()
    states = list(COMPARISON.load_comparison(COMPARISON.COMPARISON_FILE)[0])
    pngs = []
    for state in [*states, *states]:
        fig, stats = view(state=state)
        plain_fig, plain = COMPARISON.comparison_explorer(state)
        assert stats == plain
        png = view.png()
        plain_fig.canvas.draw()
        for live_ax, plain_ax in zip(fig.axes, plain_fig.axes):
            np.testing.assert_allclose(live_ax.get_xlim(), plain_ax.get_xlim())
            np.testing.assert_allclose(live_ax.get_ylim(), plain_ax.get_ylim())
            assert [len(line.get_xdata()) for line in live_ax.lines] == [len(line.get_xdata())
                                                                        for line in plain_ax.lines]
        assert fig.axes[0].get_title() == plain_fig.axes[0].get_title()
        assert [t.get_text() for t in fig.axes[2].get_legend().get_texts()] == [
            t.get_text() for t in plain_fig.axes[2].get_legend().get_texts()]
        plt.close(plain_fig)
        pngs.append(png)
    # the toggle changes the picture, and back (from the second move on, the raster's title, which
    # changes, is drawn as a text: the picture of a state is the same each time)
    assert pngs[0] != pngs[1] and pngs[1] == pngs[3] and pngs[2] != pngs[3]
    assert plt.get_fignums() == []
