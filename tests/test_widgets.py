"""Widget callbacks (snncourse.widgets) at the ends and the default of every slider.

Each callback is called at the min, default and max of each slider (the
others at their defaults) and at the two corners where all sliders sit at
their min or at their max; its numbers are checked against the theory it
displays. The ipywidgets builders are checked for their sliders.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from snncourse import theory, widgets
from snncourse.params import LIFParams


def _settings(name):
    """Slider settings: each slider at min/default/max with the others at default, plus two corners."""
    sliders = widgets.SLIDERS[name]
    default = {k: s.default for k, s in sliders.items()}
    out = [dict(default)]
    for key, s in sliders.items():
        for value in (s.min, s.max):
            out.append({**default, key: value})
    out.append({k: s.min for k, s in sliders.items()})
    out.append({k: s.max for k, s in sliders.items()})
    return out


def _ids(settings):
    return [",".join(f"{k}={v:g}" for k, v in s.items()) for s in settings]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_slider_constants_are_ordered():
    for name, sliders in widgets.SLIDERS.items():
        assert callable(getattr(widgets, name))
        for key, s in sliders.items():
            if isinstance(s, widgets.Choice):
                assert s.default in s.options, (name, key)
                continue
            assert s.min <= s.default <= s.max, (name, key)
            assert s.step > 0
            # the default lies on the slider's grid
            assert abs((s.default - s.min) / s.step - round((s.default - s.min) / s.step)) < 1e-9


@pytest.mark.parametrize("kw", _settings("lif_explorer"), ids=_ids(_settings("lif_explorer")))
def test_lif_explorer_rate_matches_closed_form(kw):
    fig, stats = widgets.lif_explorer(**kw)
    assert isinstance(fig, plt.Figure)
    p = LIFParams(tau_m=kw["tau_m"])
    expected = theory.fi_curve(p, kw["current"])
    assert stats["rate_theory"] == pytest.approx(expected)
    if expected == 0:
        assert stats["rate_sim"] == 0 and stats["n_spikes"] == 0
    else:
        # spikes lie on the grid: every interval is rounded up by less than dt = 0.1 ms
        isi = 1000.0 / expected
        assert expected * isi / (isi + 0.1) - 1e-9 <= stats["rate_sim"] <= expected + 1e-9
    assert stats["rheobase"] == pytest.approx(2.0)


def test_lif_explorer_draws_on_given_axes():
    fig, ax = plt.subplots()
    out_fig, stats = widgets.lif_explorer(2.5, 20.0, ax=ax)
    assert out_fig is fig
    assert ax.get_xlabel() == "Time (ms)" and ax.get_ylabel() == "V (mV)"
    assert stats["rate_sim"] == pytest.approx(1000.0 / 24.0)  # closed form 23.97 ms, on the grid 24.0


@pytest.mark.parametrize("kw", _settings("noise_explorer"), ids=_ids(_settings("noise_explorer")))
def test_noise_explorer_rate_matches_siegert(kw):
    fig, stats = widgets.noise_explorer(**kw)
    assert isinstance(fig, plt.Figure)
    p = LIFParams()
    assert stats["rate_theory"] == pytest.approx(theory.siegert_rate(p, kw["mu"], kw["sigma"]))
    n_neurons, seconds = 40, 0.5
    expected = stats["rate_theory"]
    # Poisson counting error (CV <= ~1) plus the time-step bias (< 20 % at dt = 0.1 ms)
    tol = 4 * np.sqrt(expected / (n_neurons * seconds)) + 0.2 * expected + 0.5
    assert abs(stats["rate_sim"] - expected) <= tol
    if stats["n_spikes"] > 200:
        assert np.isfinite(stats["cv_sim"])
        assert abs(stats["cv_sim"] - stats["cv_theory"]) <= 0.15 + 0.15 * stats["cv_theory"]


def test_noise_explorer_is_reproducible():
    _, a = widgets.noise_explorer(18.0, 4.0, rng=3)
    _, b = widgets.noise_explorer(18.0, 4.0, rng=3)
    assert a == b


@pytest.mark.parametrize("kw", _settings("balance_explorer"), ids=_ids(_settings("balance_explorer")))
def test_balance_explorer_matches_campbell(kw):
    fig, stats = widgets.balance_explorer(**kw)
    assert isinstance(fig, plt.Figure)
    mean_th, std_th = theory.campbell([800 * kw["rate"], 200 * kw["rate"]],
                                       [kw["j_exc"], -kw["g"] * kw["j_exc"]], 20.0)
    assert stats["mean_theory"] == pytest.approx(mean_th, abs=1e-12)
    assert stats["std_theory"] == pytest.approx(std_th, abs=1e-12)
    # 20 neurons x 400 ms, correlation time tau_m = 20 ms: ~200 independent samples
    assert abs(stats["mean_sim"] - mean_th) <= 0.3 * std_th + 0.05 + 0.01 * abs(mean_th)
    assert stats["std_sim"] == pytest.approx(std_th, rel=0.25, abs=0.05)
    assert 0.0 <= stats["frac_above"] <= 1.0


def test_campbell_known_values():
    m, s = theory.campbell([4000.0, 1000.0], [0.2, -0.8], 20.0)
    assert m == pytest.approx(0.0, abs=1e-12)
    assert s == pytest.approx(np.sqrt(8.0))
    with pytest.raises(ValueError, match="same shape"):
        theory.campbell([1.0, 2.0], [0.1], 20.0)
    with pytest.raises(ValueError, match="rates_hz must be"):
        theory.campbell([-1.0], [0.1], 20.0)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="tau_m must be > 0"):
        widgets.lif_explorer(2.0, 0.0)
    with pytest.raises(ValueError, match="t_on must be < duration"):
        widgets.lif_explorer(2.0, 20.0, t_on=400.0)
    with pytest.raises(ValueError, match="sigma must be >= 0"):
        widgets.noise_explorer(15.0, -1.0)
    with pytest.raises(ValueError, match="g must be >= 0"):
        widgets.balance_explorer(0.2, 5.0, -1.0)
    with pytest.raises(ValueError, match="axes must hold 2 Axes"):
        _, ax = plt.subplots()
        widgets.noise_explorer(axes=[ax])


@pytest.mark.parametrize("builder,name", [
    (widgets.lif_explorer_widget, "lif_explorer"),
    (widgets.noise_explorer_widget, "noise_explorer"),
    (widgets.balance_explorer_widget, "balance_explorer"),
])
def test_widget_builders(builder, name):
    ipywidgets = pytest.importorskip("ipywidgets")
    w = builder()
    assert isinstance(w, ipywidgets.VBox) and isinstance(w.children[-1], ipywidgets.Output)
    sliders = [c for c in w.children if isinstance(c, ipywidgets.FloatSlider)]
    ranges = widgets.SLIDERS[name]
    assert len(sliders) == len(ranges)
    for slider, s in zip(sliders, ranges.values()):
        assert slider.continuous_update is False
        assert (slider.min, slider.value, slider.max) == pytest.approx((s.min, s.default, s.max))
    assert w.stats is not None and w.figure is not None  # drawn once at the defaults


def test_settings_cover_every_slider_end():
    for name in ("lif_explorer", "noise_explorer", "balance_explorer"):
        sliders = widgets.SLIDERS[name]
        settings = _settings(name)
        for key, s in sliders.items():
            values = {kw[key] for kw in settings}
            assert {s.min, s.default, s.max} <= values
