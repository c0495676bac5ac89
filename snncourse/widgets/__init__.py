r"""Interactive explorers: plain callbacks that draw one figure, and their sliders.

Each explorer is a plain function that simulates, draws one figure and
returns ``(figure, stats)``, where ``stats`` is a dict of floats (simulated
numbers next to their theoretical values). The ``*_widget`` functions wrap a
callback in ``ipywidgets.interactive`` with sliders that only update on
release (``continuous_update=False``); ipywidgets is imported inside them,
so the package works without it. The slider ranges are module constants
(:class:`Slider`), collected in ``SLIDERS``, so tests can call each callback
at the ends of its sliders.

Contents
--------
Slider, interactive_figure, LiveFigure, figure_png
    The shared parts (:mod:`snncourse.widgets._core`).
lif_explorer, noise_explorer, balance_explorer (and ``*_widget``)
    Notebooks 1-3 (:mod:`snncourse.widgets.single_neuron`); the widgets of
    notebooks 2 and 3 draw with the live views NoiseView and BalanceView.
wiring_explorer, activity_explorer, synchrony_explorer, report_explorer (and ``*_widget``)
    Notebooks 4, 5, 6 and 8 (:mod:`snncourse.widgets.network`); their widgets
    draw with the live views WiringView, ActivityView, SynchronyView and
    ReportView (one figure, updated in place).
regime_explorer, regime_explorer_widget
    Notebook 7 (:mod:`snncourse.widgets.regime`); its widget draws with the
    live view RegimeView.
SLIDERS
    Explorer name -> {argument: Slider}.

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

from ._core import LIVE_DPI, Choice, LiveFigure, Slider, figure_png, interactive_figure
from .network import SLIDERS as _NETWORK_SLIDERS
from .network import (ActivityView, ReportView, SynchronyView, WiringView, activity_explorer,
                      activity_explorer_widget, report_explorer, report_explorer_widget,
                      synchrony_explorer, synchrony_explorer_widget, wiring_explorer,
                      wiring_explorer_widget)
from .regime import (EXPLORER_DURATION, EXPLORER_T_START, REGIME_ETA, REGIME_G, RegimeView,
                     regime_explorer, regime_explorer_widget)
from .single_neuron import (BALANCE_G, BALANCE_J, BALANCE_RATE, LIF_CURRENT, LIF_TAU_M, NOISE_MU,
                            NOISE_SIGMA, BalanceView, NoiseView, balance_explorer, balance_explorer_widget, lif_explorer,
                            lif_explorer_widget, noise_explorer, noise_explorer_widget)
from .single_neuron import SLIDERS as _SINGLE_NEURON_SLIDERS

#: Explorer name -> {argument: Slider}.
SLIDERS = {**_SINGLE_NEURON_SLIDERS, **_NETWORK_SLIDERS,
           "regime_explorer": {"g": REGIME_G, "eta": REGIME_ETA}}

#: Explorer name -> its callback (the function each widget redraws with).
EXPLORERS = {
    "lif_explorer": lif_explorer, "noise_explorer": noise_explorer,
    "balance_explorer": balance_explorer, "wiring_explorer": wiring_explorer,
    "activity_explorer": activity_explorer, "synchrony_explorer": synchrony_explorer,
    "regime_explorer": regime_explorer, "report_explorer": report_explorer,
}

__all__ = [
    "Slider", "Choice", "interactive_figure", "LiveFigure", "figure_png", "LIVE_DPI", "SLIDERS", "EXPLORERS",
    "WiringView", "ActivityView", "SynchronyView", "ReportView", "RegimeView",
    "NoiseView", "BalanceView",
    "wiring_explorer", "wiring_explorer_widget", "activity_explorer", "activity_explorer_widget",
    "synchrony_explorer", "synchrony_explorer_widget", "report_explorer", "report_explorer_widget",
    "LIF_CURRENT", "LIF_TAU_M", "NOISE_MU", "NOISE_SIGMA", "BALANCE_J", "BALANCE_RATE", "BALANCE_G",
    "REGIME_G", "REGIME_ETA", "EXPLORER_DURATION", "EXPLORER_T_START",
    "lif_explorer", "lif_explorer_widget", "noise_explorer", "noise_explorer_widget",
    "balance_explorer", "balance_explorer_widget", "regime_explorer", "regime_explorer_widget",
]
