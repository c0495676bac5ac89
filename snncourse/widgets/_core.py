"""What every explorer shares: slider ranges, the figure set-up, the ipywidgets wrapper.

Contents
--------
Slider
    ``(min, default, max, step, unit)`` of one slider.
Choice
    ``(options, default)`` of a toggle between a few named options.
new_axes
    The given Axes, or a new figure with ``n_panels`` panels.
LiveFigure
    Base of the live views: one figure built once and then updated in
    place (new data on the same artists, the layout made once), for the
    widgets whose figure is too slow to make anew on every slider move.
figure_png, LIVE_DPI
    The PNG a widget shows: one draw, no second "tight" pass; the live views' dpi.
interactive_figure
    ``ipywidgets.interactive`` of a callback, one FloatSlider per argument
    (ipywidgets is imported only here, when a widget is built).
SIM_COLOR, THEORY_COLOR
    A simulation is drawn in grey, the theory on top of it in black (red and
    blue are reserved for E and I across the course).
"""

from __future__ import annotations

import io
import re
from typing import NamedTuple

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend

__all__ = ["Slider", "Choice", "new_axes", "LiveFigure", "figure_png", "LIVE_DPI",
           "interactive_figure", "SIM_COLOR", "THEORY_COLOR"]

SIM_COLOR = "0.45"
THEORY_COLOR = "k"

#: Resolution (dots per inch) of a live view's figure, that of the static
#: figures (matplotlib's default), so the live figure has their size on screen.
#: Text, not pixels, is nearly all of the drawing time: measured, the PNG of
#: the six-panel activity view takes the same CPU time at 72 and at 100 dpi.
LIVE_DPI = 100


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


def new_axes(ax, n_panels, figsize, width_ratios=None):
    """``(figure, axes)``: the given axes, or a new figure with ``n_panels`` panels
    in a row (relative widths ``width_ratios``, equal when None)."""
    if ax is None:
        fig, axes = plt.subplots(1, n_panels, figsize=figsize, layout="constrained",
                                 width_ratios=width_ratios)
        return fig, (axes if n_panels > 1 else [axes])
    axes = [ax] if n_panels == 1 else list(ax)
    if len(axes) != n_panels:
        raise ValueError(f"axes must hold {n_panels} Axes, got {len(axes)}")
    return axes[0].figure, axes


def figure_png(fig) -> bytes:
    """The figure as PNG bytes: one draw at the figure's own dpi, fast compression.

    The inline backend would save with ``bbox_inches="tight"``, which draws
    the figure twice; the figures of this package are laid out by their
    layout engine already, so one draw is enough. Compression level 1
    (of 9) makes a PNG a little larger in a fraction of the time.
    """
    fig.canvas.draw()
    return _encode_png(fig)


def _encode_png(fig) -> bytes:
    """PNG of what the figure's Agg canvas holds (after a draw)."""
    from PIL import Image  # a dependency of matplotlib

    rgba = fig.canvas.buffer_rgba()
    out = io.BytesIO()
    Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1).save(
        out, format="png", compress_level=1)
    return out.getvalue()


class LiveFigure:
    """One figure that a widget redraws in place: built once, then its artists get new data.

    A subclass sets ``figsize`` and ``shape`` (rows, columns of panels;
    ``width_ratios`` for columns of unequal widths),
    makes its (empty) artists in ``_build()`` and gives them new data,
    limits and texts in ``_update(**values) -> stats``. Calling the view,
    ``view(**values)``, returns ``(figure, stats)``, always the same figure,
    so it drops in where a callback that makes a new figure was.

    The figure is not a pyplot figure (nothing to close, never shown twice
    by the inline backend). Its layout (constrained) is made on the first
    draw, with room for y tick labels of ``label_room`` characters, and then
    kept, which saves a pass over every text on each update; it is made
    again only when a y tick label outgrows that room, so nothing overlaps.
    With the layout, the axis labels, panel titles and legends are drawn
    once into small images that :meth:`png` shows in their place (text is
    most of a draw's time); one that an update changes (a text, or what is
    shown) is drawn anew from then on.

    Parameters
    ----------
    dpi : float
        Resolution of the figure (default :data:`LIVE_DPI`).
    **fixed
        Passed to every ``_update`` call (e.g. a shorter ``duration``).
    """

    figsize = (10.5, 3.8)
    shape = (1, 2)
    width_ratios = None  # relative widths of the columns of panels (None: equal)
    label_room = 5  # the layout leaves room for y tick labels of this many characters

    def __init__(self, *, dpi=LIVE_DPI, **fixed):
        self.fixed = fixed
        self.figure = Figure(figsize=self.figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        with mpl.rc_context({"axes.titley": 1.0}):  # titles at a fixed height: not placed on every draw
            axes = self.figure.subplots(*self.shape, squeeze=False,
                                        gridspec_kw={"width_ratios": self.width_ratios})
        self.axes = list(axes.ravel())
        self._room = None  # characters of y tick labels the layout has room for, per panel
        self.n_layouts = 0  # how often the layout was made (once, unless a tick label grew)
        self._frozen = {}  # frozen artist (axis label, title, legend) -> what an update may change of it
        self._changing = set()  # labels and titles an update changed: always drawn as texts
        self._layer = {}  # frozen artist -> its image (a FigureImage)
        self._build()

    def _build(self):  # pragma: no cover - every subclass has its own
        raise NotImplementedError(f"{type(self).__name__} must define _build()")

    def _update(self, **values):  # pragma: no cover - every subclass has its own
        raise NotImplementedError(f"{type(self).__name__} must define _update(**values)")

    def __call__(self, **values):
        return self.figure, self._update(**values, **self.fixed)

    def _tick_label_lengths(self):
        """Characters of the longest y tick label of each panel (the x ones do not change widths).

        A label in math text (a log axis's ``$\\mathdefault{10^{-2}}$``)
        counts the characters it shows (``10-2``).
        """
        return [max((_shown_length(t.get_text()) for t in ax.yaxis.get_majorticklabels()), default=0)
                for ax in self.axes]

    def _lay_out(self, room):
        """Make the constrained layout as if each panel's y tick labels had ``room`` characters, then keep it."""
        from matplotlib.ticker import FuncFormatter

        fig = self.figure
        formatters = [ax.yaxis.get_major_formatter() for ax in self.axes]
        for ax, n in zip(self.axes, room):
            ax.yaxis.set_major_formatter(FuncFormatter(lambda x, pos, n=n: "0" * n))
        self._thaw()
        fig.set_layout_engine("constrained")
        fig.draw_without_rendering()
        fig.set_layout_engine("none")  # kept: the next draws place nothing again
        self._freeze()  # the labels where the layout put them, with the room of the tick labels
        for ax, formatter in zip(self.axes, formatters):
            ax.yaxis.set_major_formatter(formatter)
        self.n_layouts += 1

    def _fixed_texts(self):
        """The axis labels, panel titles and legends that are shown and have not changed so far."""
        texts = [t for ax in self.axes
                 for t in (ax.xaxis.label, ax.yaxis.label, ax.title, ax._left_title, ax._right_title)
                 if t.get_text()]
        legends = [ax.get_legend() for ax in self.axes  # not a legend placed "best": it moves with the data
                   if ax.get_legend() is not None and ax.get_legend()._loc != 0]
        return [a for a in texts + legends if a.get_visible() and a not in self._changing]

    @staticmethod
    def _signature(artist):
        """What an update may change of a frozen text or legend: its text(s), and what is shown."""
        if isinstance(artist, Legend):
            return (tuple(t.get_text() for t in artist.get_texts()),
                    tuple(t.get_visible() for t in artist.get_texts()),
                    tuple(h.get_visible() for h in artist.legend_handles if h is not None))
        return artist.get_text()

    def _freeze(self):
        """Draw the fixed texts and legends once, each into a small image on top of the figure (hidden)."""
        import numpy as np
        from matplotlib.backends.backend_agg import RendererAgg

        texts = self._fixed_texts()
        if not texts:
            return
        width, height = (int(round(x)) for x in self.figure.bbox.size)
        renderer = RendererAgg(width, height, self.figure.dpi)  # transparent
        for t in texts:
            t.draw(renderer)
        layer = np.asarray(renderer.buffer_rgba())
        for t in texts:  # one small image each: the figure composites only their pixels
            box = t.get_window_extent(renderer)
            x0, y0 = max(0, int(box.x0) - 2), max(0, int(box.y0) - 2)
            x1, y1 = min(width, int(box.x1) + 3), min(height, int(box.y1) + 3)
            if x1 > x0 and y1 > y0:
                image = self.figure.figimage(layer[height - y1:height - y0, x0:x1].copy(),
                                             xo=x0, yo=y0, origin="upper", zorder=10)
                image.set_visible(False)  # shown in place of the text by png() only
                self._layer[t] = image
                self._frozen[t] = self._signature(t)

    def _thaw(self, artists=None):
        """Drop the images of ``artists`` (default: all frozen ones): they are drawn anew again."""
        for a in list(self._frozen if artists is None else artists):
            self._frozen.pop(a, None)
            image = self._layer.pop(a, None)
            if image is not None:
                image.remove()

    def _show_layer(self, shown):
        """Draw the frozen artists from their images (``shown``) or anew (any other drawing of the figure)."""
        for a, image in self._layer.items():
            image.set_visible(shown)
            a.set_visible(not shown)

    def png(self) -> bytes:
        """The figure as PNG (:func:`figure_png`), its fixed texts and legends drawn from their images.

        Laid out again only when a y tick label outgrew its room. Any other
        drawing of the figure (e.g. ``figure.savefig`` at another dpi) draws
        every text and legend anew.
        """
        lengths = self._tick_label_lengths()
        # a frozen artist an update changed, or hid (outside png() they are shown), is drawn anew from now on
        changed = {a for a, sig in self._frozen.items() if not a.get_visible() or self._signature(a) != sig}
        self._changing |= changed
        self._thaw(changed)  # the other images stay valid: nothing moved
        if self._room is None or any(n > r for n, r in zip(lengths, self._room)):
            self._room = [max(n, self.label_room) for n in lengths]
            self._lay_out(self._room)
        self._show_layer(True)
        try:
            return figure_png(self.figure)
        finally:
            self._show_layer(False)


def _shown_length(text):
    """Characters a tick label shows: math text's markup (``$``, ``\\mathdefault``, braces, ``^``) left out."""
    if "$" not in text:
        return len(text)
    return len(re.sub(r"\\[a-zA-Z]+|[${}^_]", "", text))


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
    callback : callable or LiveFigure
        ``callback(**values, **fixed) -> (figure, stats)``. A plain function
        makes a new figure each time (the previous one is closed); a
        :class:`LiveFigure` returns its one figure with new data (``fixed``
        then go to the view when it is made, not here).
    sliders : dict
        Argument name -> :class:`Slider` or :class:`Choice`.
    labels : dict
        Argument name -> description shown next to the control.
    **fixed
        Passed to every call of ``callback``.

    Returns
    -------
    ipywidgets.VBox
        The controls, then an ``Output`` holding the figure as a PNG
        (:func:`figure_png`, or :meth:`LiveFigure.png`). Sliders update on
        release (``continuous_update=False``). Each update replaces the
        image in the ``Output`` (``clear_output(wait=True)``), so one figure
        is shown, never a stack of them; no pyplot figure is left open. The
        box's ``figure``, ``stats`` and ``png`` attributes hold the last
        figure, its numbers and the bytes shown.

    Notes
    -----
    ipywidgets is imported here, only when a widget is built. In a static
    rendering of a notebook (no kernel) widgets show nothing: the notebooks
    draw each explorer once as a plain figure before its widget.
    """
    import ipywidgets as widgets  # optional dependency: imported only when a widget is built
    from IPython.display import Image, display

    controls = {name: _control(widgets, spec, labels[name]) for name, spec in sliders.items()}
    out = widgets.Output()
    box = widgets.VBox([*controls.values(), out])
    box.stats = box.figure = box.png = None
    live = isinstance(callback, LiveFigure)

    def redraw(_change=None):
        values = {name: c.value for name, c in controls.items()}
        fig, stats = callback(**values, **fixed)
        if live:
            png = callback.png()
        else:
            png = figure_png(fig)
            plt.close(fig)  # shown as the PNG only, not again by the inline backend
        box.figure, box.stats, box.png = fig, stats, png
        with out:
            out.clear_output(wait=True)
            display(Image(data=png, format="png"))

    for c in controls.values():
        c.observe(redraw, names="value")
    redraw()
    return box
