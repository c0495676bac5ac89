"""What every explorer shares: slider ranges, the figure set-up, the ipywidgets wrapper.

Contents
--------
Slider
    ``(min, default, max, step, unit)`` of one slider.
new_axes
    The given Axes, or a new figure with ``n_panels`` panels.
interactive_figure
    ``ipywidgets.interactive`` of a callback, one FloatSlider per argument
    (ipywidgets is imported only here, when a widget is built).
SIM_COLOR, THEORY_COLOR
    A simulation is drawn in grey, the theory on top of it in black (red and
    blue are reserved for E and I across the course).
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt

__all__ = ["Slider", "new_axes", "interactive_figure", "SIM_COLOR", "THEORY_COLOR"]

SIM_COLOR = "0.45"
THEORY_COLOR = "k"


class Slider(NamedTuple):
    """Range of one slider: ``min``, ``default``, ``max``, ``step`` and ``unit``."""

    min: float
    default: float
    max: float
    step: float
    unit: str


def new_axes(ax, n_panels, figsize):
    """``(figure, axes)``: the given axes, or a new figure with ``n_panels`` panels."""
    if ax is None:
        fig, axes = plt.subplots(1, n_panels, figsize=figsize, layout="constrained")
        return fig, (axes if n_panels > 1 else [axes])
    axes = [ax] if n_panels == 1 else list(ax)
    if len(axes) != n_panels:
        raise ValueError(f"axes must hold {n_panels} Axes, got {len(axes)}")
    return axes[0].figure, axes


def interactive_figure(callback, sliders, labels, **fixed):
    """``ipywidgets.interactive`` of ``callback`` with one FloatSlider per entry of ``sliders``."""
    import ipywidgets as widgets  # optional dependency: imported only when a widget is built

    controls = {
        name: widgets.FloatSlider(
            value=s.default, min=s.min, max=s.max, step=s.step,
            description=labels[name] + (f" ({s.unit})" if s.unit else ""),
            continuous_update=False, readout_format=".2f",
            style={"description_width": "initial"},
        )
        for name, s in sliders.items()
    }

    def show(**values):
        callback(**values, **fixed)  # the inline backend shows the new figure
        return None

    return widgets.interactive(show, **controls)
