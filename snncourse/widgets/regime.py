r"""The regime explorer of notebook 7: a reduced Brunel network at (g, eta).

Contents
--------
regime_explorer, regime_explorer_widget
    Raster, population rate against the mean-field rate, power spectrum;
    and its sliders ``g`` and ``eta``.
RegimeView
    The same figure as a live view (:class:`~snncourse.widgets.LiveFigure`):
    one figure whose artists take new data when a slider moves, which is
    what the widget draws with. A run is cached on its (rounded)
    parameters, so a slider moved back to a value redraws without simulating.
REGIME_G, REGIME_ETA
    Slider ranges ``(min, default, max, step, unit)``.
EXPLORER_DURATION, EXPLORER_T_START
    Length (ms) and analysis start (ms) of its runs.

Units: ms, mV, Hz.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import analysis, theory
from .._validation import check_int
from ..network import simulate_network
from ..plotting import E_COLOR, I_COLOR, plot_population_rate, plot_power_spectrum, plot_raster
from ..plotting import _ALL_COLOR, _shown_neurons
from ..regimes import SPECTRUM_FMIN, classify_state, record_subset, reduced_brunel, regime_statistics
from ._core import THEORY_COLOR as _THEORY_COLOR
from ._core import LiveFigure, Slider, interactive_figure, new_axes
from .network import _cached, _message, _say, _set_legend, _show_spectrum

__all__ = ["REGIME_G", "REGIME_ETA", "EXPLORER_DURATION", "EXPLORER_T_START",
           "RegimeView", "regime_explorer", "regime_explorer_widget"]

#: Widget sliders: relative inhibition g and external drive eta.
REGIME_G = Slider(2.0, 5.0, 8.0, 0.5, "")
REGIME_ETA = Slider(0.5, 2.0, 4.0, 0.1, "")
#: Widget run: simulated time and start of the analysis window (ms).
EXPLORER_DURATION = 200.0
EXPLORER_T_START = 50.0


def regime_explorer(g: float = REGIME_G.default, eta: float = REGIME_ETA.default, *,
                    n_exc: int = 800, c_exc: int = 160, duration: float = EXPLORER_DURATION,
                    t_start: float = EXPLORER_T_START, dt: float = 0.1, n_record: int = 100,
                    n_raster: int = 100, rng=0, axes=None):
    r"""A reduced Brunel network at (g, eta): raster, population rate, spectrum.

    Simulates :func:`reduced_brunel` (1000 neurons by default) and draws
    (1) a raster of ``n_raster`` excitatory (red) and ``n_raster // 4``
    inhibitory (blue) neurons (:func:`~snncourse.plotting.plot_raster`),
    (2) the population rate in 1 ms bins
    (:func:`~snncourse.plotting.plot_population_rate`) with the mean-field
    rate of :func:`snncourse.theory.brunel_rate` as a dash-dotted line,
    (3) the power spectrum of the population rate after ``t_start``, with its
    peak (:func:`~snncourse.plotting.plot_power_spectrum`). The title
    names the state found by :func:`classify_state`.

    Parameters
    ----------
    g : float
        Relative inhibition, slider :data:`REGIME_G`.
    eta : float
        External drive, slider :data:`REGIME_ETA`.
    n_exc, c_exc : int
        Size and in-degree of the reduced network (see :func:`reduced_brunel`).
    duration : float
        Simulated time (ms).
    t_start : float
        Start of the analysis window (ms).
    dt : float
        Time step (ms).
    n_record : int
        Neurons whose potentials give chi.
    n_raster : int
        Excitatory neurons in the raster.
    rng : numpy.random.Generator, int or None
        Randomness (a fixed seed by default, so that only the sliders change the picture).
    axes : sequence of three Axes, optional
        Where to draw; a new figure when None. The state is written in the
        figure's title, or in the raster's title when ``axes`` are given.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        :func:`regime_statistics` plus ``state`` (str) and ``rate_theory``
        (Hz): the mean-field rate of :func:`snncourse.theory.brunel_rate`,
        its lowest stationary solution (0 Hz where the quiescent state is
        one, e.g. at small ``eta``, even if the run is active; NaN if the
        theory finds none).

    Notes
    -----
    About 0.15 s of CPU for the default (g, eta) = (5, 2): 2000 time steps
    of 1000 neurons, then three panels (the simulation is two thirds of it).
    The cost grows with the rate: SR near saturation (g <= 3) takes about
    twice as long. The window after ``t_start`` (150 ms by default) sets
    the resolution of the spectrum, about 7 Hz.

    Examples
    --------
    >>> fig, stats = regime_explorer(5.0, 2.0)
    >>> stats["state"], 30 < stats["mean_rate_hz"] < 80
    ('AI', True)
    >>> plt.close(fig)
    """
    n_raster = check_int("n_raster", n_raster, minimum=1)
    net, res, stats = _regime_run(g, eta, n_exc, c_exc, duration, t_start, dt, n_record, rng)
    rate_th = stats["rate_theory"]

    own_figure = axes is None
    fig, (ax_r, ax_p, ax_s) = new_axes(axes, 3, (11.5, 3.3), width_ratios=[1.2, 1.2, 1.1])
    plot_raster(res, ax=ax_r, n_max=n_raster + n_raster // 4)
    plot_population_rate(res, ax=ax_p, bin_size=1.0)
    if np.isfinite(rate_th):
        ax_p.axhline(rate_th, color=_THEORY_COLOR, ls="-.", lw=1.3,
                     label=f"mean field {rate_th:.0f} Hz")
    ax_p.set_ylim(0, 1.45 * ax_p.get_ylim()[1])  # room for the legend above the trace
    ax_p.legend(loc="upper center", fontsize=7, ncol=3, framealpha=0.9)
    plot_power_spectrum(res, ax=ax_s, t_start=t_start, fmin=SPECTRUM_FMIN)
    summary = _summary(g, eta, stats)
    if own_figure:
        fig.suptitle(f"{summary}; N = {net.n_neurons}, C_E = {net.c_exc})", fontsize=10)
    else:
        ax_r.set_title(summary + ")", loc="left", fontsize=9)
    return fig, stats


def _regime_run(g, eta, n_exc, c_exc, duration, t_start, dt, n_record, rng):
    """``(net, result, stats)`` of :func:`regime_explorer` (shared with its live view)."""
    net = reduced_brunel(g, eta, n_exc=n_exc, c_exc=c_exc)
    n_record = check_int("n_record", n_record, minimum=2)
    res = simulate_network(net, duration=duration, dt=dt, rng=rng,
                           record_ids=record_subset(net.n_neurons, n_record))
    stats = regime_statistics(res, t_start=t_start)
    stats["state"] = classify_state(stats)
    try:
        rate_th = float(theory.brunel_rate(net))
    except (ValueError, ArithmeticError):
        rate_th = float("nan")
    stats["rate_theory"] = rate_th
    return net, res, stats


def _summary(g, eta, stats):
    return (f"g = {g:g}, eta = {eta:g}: {stats['state']}  (rate {stats['mean_rate_hz']:.1f} Hz, "
            f"CV {stats['isi_cv']:.2f}, chi {stats['chi']:.2f}")


@_cached
def _regime_data(g, eta, n_exc, c_exc, duration, t_start, dt, n_record, n_raster, rng):
    """What the three panels of :class:`RegimeView` draw, from one run (small arrays only)."""
    n_raster = check_int("n_raster", n_raster, minimum=1)
    net, res, stats = _regime_run(g, eta, n_exc, c_exc, duration, t_start, dt, n_record, rng)
    t, i, ne = res.spike_times, res.spike_ids, res.n_exc
    d = {"net": net, "stats": dict(stats), "duration": res.duration, "n_exc": ne, "n_inh": res.n_inh}
    # (1) the raster of plot_raster(n_max=n_raster + n_raster // 4), the whole run
    ids, k_e = _shown_neurons(ne, res.n_inh, n_raster + n_raster // 4)
    row = np.full(res.n_neurons, -1)
    row[ids] = np.arange(ids.size)
    keep = row[i] >= 0
    rows = row[i[keep]]
    d["raster"] = [(t[keep][rows < k_e], rows[rows < k_e]), (t[keep][rows >= k_e], rows[rows >= k_e])]
    d["shown"] = (ids.size, k_e)
    # (2) population rates in 1 ms bins (plot_population_rate)
    d["rates_t"] = [analysis.population_rate(tt, n, res.duration, 1.0, t_start=0.0)
                    for tt, n in ((t[i < ne], ne), (t[i >= ne], res.n_inh), (t, res.n_neurons))]
    # (3) the spectrum of plot_power_spectrum (that of the statistics), peak from SPECTRUM_FMIN
    f, psd, nu = analysis.rate_spectrum(t, res.n_neurons, t_start, res.duration)
    ok = nu > 0 and psd.size > 2
    f_peak = analysis.peak_frequency(f, psd, fmin=SPECTRUM_FMIN) if ok else float("nan")
    d["spectrum"] = (f, psd, nu, f_peak, ok)
    return d


class RegimeView(LiveFigure):
    """:func:`regime_explorer` as a live view: raster, population rate and spectrum take new data.

    ``view(g=..., eta=...)`` returns ``(figure, stats)`` as the explorer
    does, for the same run (:data:`EXPLORER_DURATION`, 1000 neurons by
    default), on the same figure each time.

    Examples
    --------
    >>> view = RegimeView()
    >>> fig, stats = view(g=5.0, eta=2.0)
    >>> stats["state"], stats == regime_explorer(5.0, 2.0)[1]
    ('AI', True)
    >>> view.png()[:4]
    b'\\x89PNG'
    >>> plt.close("all")
    """

    figsize = (11.5, 3.3)
    shape = (1, 3)
    width_ratios = (1.2, 1.2, 1.1)

    def _build(self):
        ax_r, ax_p, ax_s = self.axes
        self._raster = [ax_r.plot([], [], "|", color=c, mew=0.6, label=p)[0]
                        for c, p in ((E_COLOR, "E"), (I_COLOR, "I"))]
        self._divider = ax_r.axhline(0.0, color="0.5", lw=0.5)
        self._raster_legend = ax_r.legend(loc="upper right", fontsize=8, markerscale=2, framealpha=1.0)
        ax_r.set(xlabel="Time (ms)", ylabel="Neuron (index)")
        self._rate_lines = [ax_p.plot([], [], color=c, lw=lw, alpha=a, label=p)[0]
                            for c, lw, a, p in ((E_COLOR, 0.9, 0.8, "E"), (I_COLOR, 0.9, 0.8, "I"),
                                                (_ALL_COLOR, 1.3, 0.9, "all"))]
        self._rate_mean = ax_p.axhline(0.0, color="0.4", ls="--", lw=0.8, label="mean")
        self._rate_theory = ax_p.axhline(0.0, color=_THEORY_COLOR, ls="-.", lw=1.3, label="mean field")
        self._rate_legend = ax_p.legend(loc="upper center", fontsize=7, ncol=3, framealpha=0.9)
        ax_p.set(xlabel="Time (ms)", ylabel="Population rate (Hz)")
        (self._psd,) = ax_s.plot([], [], color=_ALL_COLOR, lw=1.0, label="population rate")
        self._poisson = ax_s.axhline(0.0, color="0.5", ls=":", lw=1.2, label="Poisson level 2\u03bd/N")
        (self._peak,) = ax_s.plot([], [], "v", color="k", ms=7, label="peak")
        self._psd_legend = ax_s.legend(loc="upper left", fontsize=8, ncol=2, framealpha=0.9)
        self._psd_message = _message(ax_s)
        ax_s.set(xlabel="Frequency (Hz)", ylabel="PSD (Hz$^2$/Hz)")
        self._title = self.figure.suptitle("", fontsize=10)

    def _update(self, g=REGIME_G.default, eta=REGIME_ETA.default, *, n_exc=800, c_exc=160,
                duration=EXPLORER_DURATION, t_start=EXPLORER_T_START, dt=0.1, n_record=100,
                n_raster=100, rng=0):
        d = _regime_data(float(g), float(eta), n_exc, c_exc, float(duration), float(t_start), float(dt),
                         n_record, n_raster, rng=rng)
        ax_r, ax_p, ax_s = self.axes
        stats, net = d["stats"], d["net"]
        # (1) raster
        m, k_e = d["shown"]
        size = max(1.0, min(4.0, 300.0 / m))
        for line, xy in zip(self._raster, d["raster"]):
            line.set_data(*xy)
            line.set_markersize(size)
        self._divider.set_ydata([k_e - 0.5] * 2)
        _set_legend(self._raster_legend, [f"E ({k_e} of {d['n_exc']})", f"I ({m - k_e} of {d['n_inh']})"])
        ax_r.set_xlim(0.0, d["duration"])
        ax_r.set_ylim(-0.5, m - 0.5)
        # (2) population rates against the mean-field rate
        for line, (tt, rate) in zip(self._rate_lines, d["rates_t"]):
            line.set_data(tt, rate)
        mean_all = float(d["rates_t"][2][1].mean())
        rate_th = stats["rate_theory"]
        self._rate_mean.set_ydata([mean_all] * 2)
        self._rate_theory.set_ydata([rate_th] * 2)
        self._rate_theory.set_visible(bool(np.isfinite(rate_th)))
        texts = ["E", "I", "all", f"mean {mean_all:.0f} Hz", f"mean field {rate_th:.0f} Hz"]
        _set_legend(self._rate_legend, texts)
        handles = self._rate_legend.legend_handles
        handles[-1].set_visible(bool(np.isfinite(rate_th)))
        self._rate_legend.get_texts()[-1].set_visible(bool(np.isfinite(rate_th)))
        top = max(float(r.max()) for _, r in d["rates_t"])
        ax_p.set_xlim(0.0, d["duration"])
        ax_p.set_ylim(0, 1.45 * 1.35 * max(top, 1e-9))
        # (3) spectrum of the population rate
        f, psd, nu, f_peak, ok = d["spectrum"]
        if not _show_spectrum(self, ax_s, f, psd, nu, f_peak, ok, d["n_exc"] + d["n_inh"],
                              "No spikes after t_start (or a single bin):\nno spectrum"):
            # an empty panel, as the explorer's
            ax_s.set(xlim=(0, 1), ylim=(0, 1))
        self._title.set_text(f"{_summary(g, eta, stats)}; N = {net.n_neurons}, C_E = {net.c_exc})")
        return dict(stats)


def regime_explorer_widget(**fixed):
    """Sliders for :func:`regime_explorer` (``g``, ``eta``), drawn by a :class:`RegimeView`.

    ``fixed`` (``n_exc``, ``c_exc``, ``duration``, ``t_start``, ``dt``,
    ``n_record``, ``n_raster``, ``rng``) go to the view. The sliders update
    on release (``continuous_update=False``); ipywidgets is imported only here.
    """
    return interactive_figure(RegimeView(**fixed), {"g": REGIME_G, "eta": REGIME_ETA},
                              {"g": "inhibition g", "eta": "drive eta"})
