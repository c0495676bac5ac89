"""The explorers of the network notebooks (4, 5, 6, 8) and the in-place redraw of every widget.

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
    first_fig, first_stats = w.figure, dict(w.stats)
    open_before = set(plt.get_fignums())
    c = controls[0]
    c.value = c.options[-1] if isinstance(c, ipywidgets.ToggleButtons) else c.max
    assert w.figure is not first_fig and dict(w.stats) != first_stats
    # the old figure is closed and no figure is left open by the widget: nothing stacks up
    assert not plt.fignum_exists(first_fig.number)
    assert set(plt.get_fignums()) <= open_before
