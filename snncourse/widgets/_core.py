"""What every explorer shares: slider ranges, the figure set-up, the ipywidgets wrapper.

Contents
--------
Slider
    ``(min, default, max, step, unit)`` of one slider.
Choice
    ``(options, default)`` of a toggle between a few named options.
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

__all__ = ["Slider", "Choice", "new_axes", "interactive_figure", "SIM_COLOR", "THEORY_COLOR"]

SIM_COLOR = "0.45"
THEORY_COLOR = "k"


class Slider(NamedTuple):
    """Range of one slider: ``min``, ``default``, ``max``, ``step`` and ``unit``.

    A slider whose ``min``, ``max`` and ``step`` are all ints is an integer
    slider (for example an in-degree).
    """

    min: float
    default: float
    max: float
    step: float
    unit: str

    @property
    def is_int(self) -> bool:
        """Whether the slider takes whole numbers only."""
        return all(isinstance(x, int) for x in (self.min, self.default, self.max, self.step))


class Choice(NamedTuple):
    """A control with a few named options (a toggle), e.g. a wiring rule."""

    options: tuple
    default: str
    unit: str = ""


def new_axes(ax, n_panels, figsize):
    """``(figure, axes)``: the given axes, or a new figure with ``n_panels`` panels."""
    if ax is None:
        fig, axes = plt.subplots(1, n_panels, figsize=figsize, layout="constrained")
        return fig, (axes if n_panels > 1 else [axes])
    axes = [ax] if n_panels == 1 else list(ax)
    if len(axes) != n_panels:
        raise ValueError(f"axes must hold {n_panels} Axes, got {len(axes)}")
    return axes[0].figure, axes


def _control(widgets, spec, description):
    if isinstance(spec, Choice):
        return widgets.ToggleButtons(options=list(spec.options), value=spec.default,
                                     description=description,
                                     style={"description_width": "initial"})
    cls, fmt = (widgets.IntSlider, "d") if spec.is_int else (widgets.FloatSlider, ".2f")
    return cls(value=spec.default, min=spec.min, max=spec.max, step=spec.step,
               description=description + (f" ({spec.unit})" if spec.unit else ""),
               continuous_update=False, readout_format=fmt,
               style={"description_width": "initial"})


def interactive_figure(callback, sliders, labels, **fixed):
    """A box of controls above one figure that is redrawn in place when a control moves.

    Parameters
    ----------
    callback : callable
        ``callback(**values, **fixed) -> (figure, stats)``; it makes a new
        figure each time (the explorers of this package do).
    sliders : dict
        Argument name -> :class:`Slider` or :class:`Choice`.
    labels : dict
        Argument name -> description shown next to the control.
    **fixed
        Passed to every call of ``callback``.

    Returns
    -------
    ipywidgets.VBox
        The controls, then an ``Output`` holding the figure. Sliders update
        on release (``continuous_update=False``). Each update replaces the
        figure in the ``Output`` (``clear_output(wait=True)``) and closes the
        previous one, so one figure is shown, never a stack of them; the
        last ``stats`` are in the box's ``stats`` attribute.

    Notes
    -----
    ipywidgets is imported here, only when a widget is built. In a static
    rendering of a notebook (no kernel) widgets show nothing: the notebooks
    draw each explorer once as a plain figure before its widget.
    """
    import ipywidgets as widgets  # optional dependency: imported only when a widget is built
    from IPython.display import display

    controls = {name: _control(widgets, spec, labels[name]) for name, spec in sliders.items()}
    out = widgets.Output()
    box = widgets.VBox([*controls.values(), out])
    box.stats = None
    box.figure = None

    def redraw(_change=None):
        values = {name: c.value for name, c in controls.items()}
        fig, stats = callback(**values, **fixed)
        previous, box.figure, box.stats = box.figure, fig, stats
        with out:
            out.clear_output(wait=True)
            display(fig)
        plt.close(fig)  # shown through the Output only, not again by the inline backend
        if previous is not None:
            plt.close(previous)

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    return box
