r"""Explorers of the network notebooks 4, 5, 6 and 8.

Contents
--------
wiring_explorer, wiring_explorer_widget
    Notebook 4: a wiring rule and an in-degree against the in-degree
    distribution (with the binomial of Bernoulli wiring) and the connectivity
    matrix. Controls ``rule`` and ``c_exc``.
activity_explorer, activity_explorer_widget
    Notebook 5: a reduced Brunel network at (g, eta) and the six panels of
    the report's Figure 2.1. Sliders ``g`` and ``eta``.
synchrony_explorer, synchrony_explorer_widget
    Notebook 6: the report's network at another size and coupling, against
    Golomb's chi and the histogram of pairwise count correlations. Sliders
    ``n_neurons`` and ``j_exc`` (mV).
report_explorer, report_explorer_widget
    Notebook 8: the report's drive and refractory period against Table 4.1,
    measured live, and the ISI CV of a Poisson process with the same dead
    time. Sliders ``i_ext`` (nA) and ``t_ref`` (ms).
WiringView, ActivityView, SynchronyView, ReportView
    The same figures as live views (:class:`~snncourse.widgets.LiveFigure`):
    one figure whose artists take new data when a control moves, which is
    what the widgets draw with. A run is cached on its (rounded) parameters,
    so a control moved back to a value redraws without simulating.
WIRING_RULE, WIRING_C_EXC, ACTIVITY_G, ACTIVITY_ETA, SYNC_N, SYNC_J, REPORT_I_EXT, REPORT_T_REF
    The control ranges.
ACTIVITY_LIVE, SYNC_LIVE, REPORT_LIVE
    The shorter runs of the live views of notebooks 5, 6 and 8 (duration
    and start of the analysis, ms).

Every explorer simulates a small network (a few hundred neurons, a few
hundred ms), draws one figure and returns ``(figure, stats)``. A widget must
redraw in well under a second: the live views keep the figure and its
layout, and simulate a shorter run than the static figure (the same
network), see ``benchmarks/bench_widgets.py``.

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

from __future__ import annotations

import functools
import math

import matplotlib.pyplot as plt
import numpy as np

from .. import analysis
from .._validation import as_rng, check_choice, check_int, check_positive
from ..analysis import count_correlations, report_table, synchrony_chi
from ..connectivity import build_connectivity
from ..network import simulate_network
from ..params import NetworkParams
from ..plotting import E_COLOR, I_COLOR, figure_2_1, plot_connectivity, plot_correlations, plot_isi_distribution
from ..plotting import _auto_t_range, _shown_neurons
from ..presets import PRESETS
from ..regimes import record_subset, reduced_brunel, regime_statistics
from ._core import THEORY_COLOR as _THEORY_COLOR
from ._core import Choice, LiveFigure, Slider, interactive_figure
from ._core import new_axes as _new_axes

__all__ = [
    "WIRING_RULE", "WIRING_C_EXC", "ACTIVITY_G", "ACTIVITY_ETA", "SYNC_N", "SYNC_J",
    "REPORT_I_EXT", "REPORT_T_REF", "SLIDERS", "ACTIVITY_LIVE", "SYNC_LIVE", "REPORT_LIVE",
    "WiringView", "ActivityView", "SynchronyView", "ReportView",
    "wiring_explorer", "wiring_explorer_widget", "activity_explorer", "activity_explorer_widget",
    "synchrony_explorer", "synchrony_explorer_widget", "report_explorer", "report_explorer_widget",
]

WIRING_RULE = Choice(("fixed_indegree", "bernoulli"), "fixed_indegree")
WIRING_C_EXC = Slider(10, 80, 300, 10, "synapses")
ACTIVITY_G = Slider(2.0, 5.0, 8.0, 0.5, "")
ACTIVITY_ETA = Slider(0.5, 2.0, 4.0, 0.25, "")
SYNC_N = Slider(50, 200, 400, 50, "neurons")
SYNC_J = Slider(0.0, 1.55, 3.0, 0.05, "mV")
REPORT_I_EXT = Slider(2.0, 12.2, 16.0, 0.2, "nA")
REPORT_T_REF = Slider(0.0, 1.0, 3.0, 0.25, "ms")

SLIDERS = {
    "wiring_explorer": {"rule": WIRING_RULE, "c_exc": WIRING_C_EXC},
    "activity_explorer": {"g": ACTIVITY_G, "eta": ACTIVITY_ETA},
    "synchrony_explorer": {"n_neurons": SYNC_N, "j_exc": SYNC_J},
    "report_explorer": {"i_ext": REPORT_I_EXT, "t_ref": REPORT_T_REF},
}


# -- what the live views share ------------------------------------------------------
def _cached(function=None, *, maxsize=64):
    """``function(*args, rng)`` cached on its (rounded) arguments when ``rng`` is an int seed.

    A slider moved back to a value it had shows its figure again without
    simulating; an ``rng`` that is a Generator or None is random, so its
    runs are never reused. The last ``maxsize`` results are kept.
    """
    if function is None:
        return functools.partial(_cached, maxsize=maxsize)
    cached = functools.lru_cache(maxsize=maxsize)(function)

    @functools.wraps(function)
    def wrapper(*args, rng):
        key = tuple(round(a, 9) if isinstance(a, float) else a for a in args)
        if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
            return cached(*key, rng=int(rng))
        return function(*key, rng=rng)

    wrapper.cache_clear = cached.cache_clear
    wrapper.cache_info = cached.cache_info
    return wrapper


def _message(ax):
    """A hidden text in the middle of ``ax``, shown when the panel has nothing to draw."""
    return ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=9,
                   color="0.35", visible=False)


def _say(message, text):
    """Show ``text`` in the panel's message (hide it for an empty string)."""
    message.set_text(text)
    message.set_visible(bool(text))


def _set_legend(legend, texts):
    for t, text in zip(legend.get_texts(), texts):
        t.set_text(text)


def _show_spectrum(view, ax, f, psd, nu, f_peak, ok, n_neurons, empty_text):
    """Update a live view's spectrum panel in place: the PSD (without f = 0), the
    Poisson level 2 nu / N, the peak and the legend, or ``empty_text`` where ``not ok``.

    The view holds the artists ``_psd``, ``_poisson``, ``_peak``, ``_psd_legend``
    and ``_psd_message``; returns ``ok``.
    """
    for a in (view._psd, view._poisson, view._peak, view._psd_legend):
        a.set_visible(ok)
    _say(view._psd_message, "" if ok else empty_text)
    if ok:
        view._psd.set_data(f[1:], psd[1:])
        view._poisson.set_ydata([2 * nu / n_neurons] * 2)
        has_peak = bool(np.isfinite(f_peak))
        view._peak.set_data([f_peak], [psd[np.searchsorted(f, f_peak)]] if has_peak else [np.nan])
        view._peak.set_visible(has_peak)
        _set_legend(view._psd_legend, ["population rate", "Poisson level 2\u03bd/N",
                                       f"peak {f_peak:.0f} Hz" if has_peak else "no peak"])
        ax.set_xlim(0, f[-1])
        ax.set_ylim(0, 1.3 * float(np.max(psd[1:])))
    return ok


def _isi_edges(isis, dt, bins=60):
    """Bins of :func:`~snncourse.plotting.plot_isi_distribution`: a whole number of steps wide."""
    hi = float(np.percentile(isis, 99.5))
    width = max(1, int(round((hi if hi > 0 else 1.0) / bins / dt))) * dt
    return np.arange(-0.5 * dt, hi + width, width)


def _isi_panel(t, i, n_exc, n_neurons, dt, t_start):
    """ISI densities of E and I after ``t_start`` (as the ISI panel of Figure 2.1 draws them)."""
    late = t >= t_start
    t, i = t[late], i[late]
    cv = analysis.isi_cv(t, i, n_neurons)
    isis = [analysis.isi_intervals(t[m], i[m]) for m in (i < n_exc, i >= n_exc)]
    pooled = np.concatenate(isis)
    if pooled.size == 0:
        return None
    edges = _isi_edges(pooled, dt)
    dens = [np.histogram(x, bins=edges, density=True)[0] if x.size else np.zeros(edges.size - 1)
            for x in isis]
    cvs = (analysis.finite_mean(cv[:n_exc]), analysis.finite_mean(cv[n_exc:]))
    return edges, dens, cvs


class _IsiArtists:
    """The ISI panel of Figure 2.1 as artists that take new data: E and I densities, t_ref."""

    def __init__(self, ax):
        self.ax = ax
        self.steps = [ax.stairs([0.0], [0.0, 1.0], color=c, lw=1.5, label=p)
                      for c, p in ((E_COLOR, "E"), (I_COLOR, "I"))]
        self.t_ref = ax.axvline(1.0, color="0.4", ls=":", lw=1.0, label="t_ref")
        self.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        self.message = _message(ax)
        ax.set(xlabel="Inter-spike interval (ms)", ylabel="Probability density (1/ms)")

    def update(self, panel, t_ref):
        if panel is None:
            for a in (*self.steps, self.t_ref, self.legend):
                a.set_visible(False)
            _say(self.message, "No neuron fired twice after t_start:\nno inter-spike interval")
            return
        edges, dens, cvs = panel
        _say(self.message, "")
        for step, d in zip(self.steps, dens):
            step.set_data(d, edges)
            step.set_visible(bool(np.any(d)))
        self.t_ref.set_xdata([t_ref, t_ref])
        self.t_ref.set_visible(t_ref > 0)
        self.legend.set_visible(True)
        _set_legend(self.legend, [f"E: CV {cvs[0]:.2f}", f"I: CV {cvs[1]:.2f}", f"t_ref = {t_ref:g} ms"])
        top = max(float(np.max(d)) for d in dens)
        self.ax.set_xlim(0, edges[-1])
        self.ax.set_ylim(0, 1.05 * top if top > 0 else 1.0)


# -- notebook 4 ----------------------------------------------------------------
def wiring_explorer(rule=WIRING_RULE.default, c_exc=WIRING_C_EXC.default, *, n_exc=800,
                    n_inh=200, rng=0, axes=None):
    r"""In-degree distribution and connectivity matrix of one wiring rule.

    Wires ``n_exc`` E and ``n_inh`` I neurons with ``c_exc`` E and
    ``c_exc // 4`` I inputs per neuron (:func:`snncourse.build_connectivity`)
    and draws (1) the histogram of the excitatory in-degrees, with the
    binomial distribution :math:`\mathrm{Bin}(N_E, C_E/N_E)` that Bernoulli
    wiring gives, and (2) the connectivity matrix of the first neurons
    (:func:`~snncourse.plotting.plot_connectivity`).

    Parameters
    ----------
    rule : {"fixed_indegree", "bernoulli"}
        Wiring rule, control :data:`WIRING_RULE`.
    c_exc : int
        Excitatory in-degree (expected, for Bernoulli), slider :data:`WIRING_C_EXC`.
    n_exc, n_inh : int
        Population sizes.
    rng : numpy.random.Generator, int or None
        Randomness (fixed by default, so that only the controls change the picture).
    axes : sequence of two Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        ``mean_in``, ``std_in`` (synapses, excitatory in-degree over neurons),
        ``std_binomial`` (synapses, :math:`\sqrt{C_E (1 - C_E/N_E)}`),
        ``n_synapses``.

    Examples
    --------
    >>> fig, s = wiring_explorer("fixed_indegree", 80)
    >>> s["mean_in"], s["std_in"]
    (80.0, 0.0)
    >>> plt.close(fig)
    """
    conn, from_e, bins, (k, pmf), stats = _degree_panel(rule, c_exc, n_exc, n_inh, rng)
    fig, (ax_d, ax_m) = _new_axes(axes, 2, (10.5, 3.8))
    ax_d.hist(from_e, bins=bins, density=True, color=E_COLOR, alpha=0.75, label=rule)
    ax_d.plot(k, pmf, "-", color=_THEORY_COLOR, lw=1.3, label=r"binomial $(N_E, C_E/N_E)$")
    ax_d.set(xlabel="Excitatory in-degree (synapses)", ylabel="Fraction of neurons (per synapse)",
             title=_degree_title(stats))
    ax_d.legend(fontsize=8, loc="upper right")
    plot_connectivity(conn, ax=ax_m, n_max=100)
    return fig, stats


def _degree_panel(rule, c_exc, n_exc, n_inh, rng):
    """The wiring and the numbers of the in-degree panel (shared by the explorer and its view)."""
    rule = check_choice("rule", rule, WIRING_RULE.options)
    c_exc = check_int("c_exc", c_exc, minimum=1)
    net = NetworkParams(n_exc=n_exc, n_inh=n_inh, c_exc=c_exc, c_inh=max(c_exc // 4, 1),
                        connectivity=rule, name=f"{rule}, C_E = {c_exc}")
    conn = build_connectivity(net, rng)
    from_e, _ = conn.in_degrees()
    p = c_exc / n_exc
    std_binom = float(np.sqrt(c_exc * (1 - p)))
    lo, hi = max(0, int(c_exc - 5 * std_binom) - 1), int(c_exc + 5 * std_binom) + 2
    bins = np.arange(lo, hi + 1) - 0.5 if hi - lo <= 80 else np.linspace(lo, hi, 60)
    k = np.arange(lo, hi + 1)
    from scipy.stats import binom

    stats = {"mean_in": float(from_e.mean()), "std_in": float(from_e.std()),
             "std_binomial": std_binom, "n_synapses": int(conn.targets.size)}
    return conn, from_e, bins, (k, binom.pmf(k, n_exc, p)), stats


def _degree_title(stats):
    return (f"mean {stats['mean_in']:.1f}, std {stats['std_in']:.1f} "
            f"(binomial {stats['std_binomial']:.1f})")


class WiringView(LiveFigure):
    """:func:`wiring_explorer` as a live view: the histogram and the binomial take new data.

    ``view(rule=..., c_exc=...)`` returns ``(figure, stats)`` as the
    explorer does, on the same figure each time. The connectivity matrix is
    drawn again by :func:`~snncourse.plotting.plot_connectivity`.
    """

    figsize = (10.5, 3.8)

    def _build(self):
        ax_d, _ = self.axes
        self._hist = ax_d.stairs([0.0], [0.0, 1.0], fill=True, color=E_COLOR, alpha=0.75, label="rule")
        (self._binom,) = ax_d.plot([], [], "-", color=_THEORY_COLOR, lw=1.3,
                                   label=r"binomial $(N_E, C_E/N_E)$")
        self._legend = ax_d.legend(fontsize=8, loc="upper right")
        ax_d.set(xlabel="Excitatory in-degree (synapses)", ylabel="Fraction of neurons (per synapse)")

    def _update(self, rule=WIRING_RULE.default, c_exc=WIRING_C_EXC.default, *, n_exc=800, n_inh=200,
                rng=0):
        conn, stats, hist, binom = _wiring_data(rule, c_exc, n_exc, n_inh, rng=rng)
        ax_d, ax_m = self.axes
        self._hist.set_data(*hist)
        self._binom.set_data(*binom)
        _set_legend(self._legend, [rule])
        ax_d.set_title(_degree_title(stats))
        ax_d.set_xlim(hist[1][0], hist[1][-1])
        ax_d.set_ylim(0, 1.05 * max(float(hist[0].max()), float(binom[1].max())))
        ax_m.cla()
        plot_connectivity(conn, ax=ax_m, n_max=100)
        return dict(stats)


@_cached(maxsize=8)  # a wiring of 1000 neurons is a few MB
def _wiring_data(rule, c_exc, n_exc, n_inh, rng):
    conn, from_e, bins, binom, stats = _degree_panel(rule, c_exc, n_exc, n_inh, rng)
    density, edges = np.histogram(from_e, bins=bins, density=True)
    return conn, stats, (density, edges), binom


def wiring_explorer_widget(**fixed):
    """Controls for :func:`wiring_explorer` (``rule``, ``c_exc``), drawn by a :class:`WiringView`.

    ``fixed`` (``n_exc``, ``n_inh``, ``rng``) go to the view.
    """
    return interactive_figure(WiringView(**fixed), SLIDERS["wiring_explorer"],
                              {"rule": "wiring rule", "c_exc": "in-degree C_E"})


# -- notebook 5 ----------------------------------------------------------------
def activity_explorer(g=ACTIVITY_G.default, eta=ACTIVITY_ETA.default, *, n_exc=400, c_exc=80,
                      duration=300.0, t_start=100.0, rng=0):
    """The six panels of Figure 2.1 for a reduced Brunel network at (g, eta).

    Simulates :func:`~snncourse.regimes.reduced_brunel` (``n_exc`` E and
    ``n_exc / 4`` I neurons, in-degree ``c_exc``, :math:`J C_E` kept) and
    draws :func:`~snncourse.plotting.figure_2_1` after ``t_start``.

    Parameters
    ----------
    g : float
        Relative inhibition, slider :data:`ACTIVITY_G`.
    eta : float
        External drive :math:`\\nu_\\mathrm{ext}/\\nu_\\mathrm{thr}`, slider :data:`ACTIVITY_ETA`.
    n_exc, c_exc : int
        Size and in-degree of the reduced network.
    duration, t_start : float
        Simulated time and start of the analysis window (ms).
    rng : numpy.random.Generator, int or None
        Randomness (fixed by default).

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        :func:`~snncourse.regimes.regime_statistics` of the run (``mean_rate_hz``,
        ``isi_cv``, ``chi`` of 50 recorded neurons, ``f_peak_hz``).

    Examples
    --------
    >>> fig, s = activity_explorer(5.0, 2.0)
    >>> 20 < s["mean_rate_hz"] < 100, len(fig.axes)
    (True, 6)
    >>> plt.close(fig)
    """
    net = reduced_brunel(g, eta, n_exc=n_exc, c_exc=c_exc)
    res = simulate_network(net, duration=duration, rng=rng,
                           record_ids=record_subset(net.n_neurons, 50))
    stats = dict(regime_statistics(res, t_start=t_start))
    fig = figure_2_1(res, t_start=t_start, figsize=(11.0, 6.0))
    fig.suptitle(f"g = {g:g}, eta = {eta:g}: {stats['mean_rate_hz']:.1f} Hz, "
                 f"CV {stats['isi_cv']:.2f}, chi {stats['chi']:.2f} "
                 f"({net.n_neurons} neurons, C_E = {net.c_exc})", fontsize=10)
    return fig, stats


#: The live view of notebook 5 simulates a shorter run than the static figure
#: (the same network and seed): 250 ms, statistics from 50 ms on (the static
#: figure: 300 ms, from 100 ms on).
ACTIVITY_LIVE = {"duration": 250.0, "t_start": 50.0}


@_cached
def _activity_data(g, eta, n_exc, c_exc, duration, t_start, rng):
    """Everything the six panels of the activity view draw, from one run (small arrays only)."""
    net = reduced_brunel(g, eta, n_exc=n_exc, c_exc=c_exc)
    res = simulate_network(net, duration=duration, rng=rng,
                           record_ids=record_subset(net.n_neurons, 50))
    stats = dict(regime_statistics(res, t_start=t_start))
    t, i, n, ne = res.spike_times, res.spike_ids, res.n_neurons, res.n_exc
    d = {"net": net, "stats": stats, "n_exc": ne, "n_inh": res.n_inh, "duration": res.duration,
         "t_start": t_start}
    # (a) raster of at most 200 neurons, (b) population rates: in the window of figure_2_1
    t0, t1 = _auto_t_range(res, t_start)
    d["window"] = (t0, t1)
    ids, k_e = _shown_neurons(ne, res.n_inh, 200)
    row = np.full(n, -1)
    row[ids] = np.arange(ids.size)
    keep = (t >= t0) & (t <= t1) & (row[i] >= 0)
    rows = row[i[keep]]
    d["raster"] = [(t[keep][rows < k_e], rows[rows < k_e]), (t[keep][rows >= k_e], rows[rows >= k_e])]
    d["shown"] = (ids.size, k_e)
    d["rates_t"] = [analysis.population_rate(tt, nn, t1 - t0, 1.0, smooth=1.0, t_start=t0)
                    for tt, nn in ((t[i < ne], ne), (t[i >= ne], res.n_inh), (t, n))]
    # (c) rates of single neurons
    rates = analysis.firing_rates(t, i, n, t_start=t_start, t_stop=res.duration)
    lo, hi = float(rates.min()), float(rates.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, 21)
    d["rates"] = [(np.histogram(r, bins=edges)[0] / r.size, edges, float(r.mean()))
                  for r in (rates[:ne], rates[ne:])]
    # (d) ISIs, (e) cross-correlogram, (f) spectrum
    d["isi"] = _isi_panel(t, i, ne, n, res.dt, t_start)
    max_lag = min(30.0, 0.4 * (res.duration - t_start))
    d["cc"] = analysis.population_cross_correlogram(
        t, i, n, bin_size=1.0, max_lag=max_lag, n_pairs=200, duration=res.duration - t_start,
        normalize="rate", t_start=t_start, rng=as_rng(0))
    d["n_pairs"] = min(200, n * (n - 1))
    f, psd, nu = analysis.rate_spectrum(t, n, t_start, res.duration)
    d["spectrum"] = (f, psd, nu, analysis.peak_frequency(f, psd, fmin=5.0) if nu > 0 else float("nan"))
    return d


class ActivityView(LiveFigure):
    """The six panels of :func:`activity_explorer` as a live view (artists that take new data).

    The panels are those of :func:`~snncourse.plotting.figure_2_1`: (a) a
    raster of at most 200 neurons, (b) the population rates in 1 ms bins,
    smoothed by 1 ms, (c) the rate distributions, (d) the ISI densities, (e)
    the cross-correlogram of 200 random pairs, (f) the spectrum of the
    population rate (:func:`snncourse.analysis.rate_spectrum`, the one the
    statistics' peak frequency comes from). ``view(g=..., eta=...)`` returns
    ``(figure, stats)`` as :func:`activity_explorer` does; by default it
    simulates :data:`ACTIVITY_LIVE` (a shorter run).
    """

    figsize = (11.0, 6.0)
    shape = (2, 3)

    def _build(self):
        ax_r, ax_p, ax_d, ax_i, ax_c, ax_s = self.axes
        self._raster = [ax_r.plot([], [], "|", color=c, mew=0.6, label=p)[0]
                        for c, p in ((E_COLOR, "E"), (I_COLOR, "I"))]
        self._divider = ax_r.axhline(0.0, color="0.5", lw=0.5)
        self._raster_legend = ax_r.legend(loc="upper right", fontsize=8, markerscale=2, framealpha=1.0)
        ax_r.set(xlabel="Time (ms)", ylabel="Neuron (index)")
        self._rate_lines = [ax_p.plot([], [], color=c, lw=lw, alpha=a, label=p)[0]
                            for c, lw, a, p in ((E_COLOR, 0.9, 0.8, "E"), (I_COLOR, 0.9, 0.8, "I"),
                                                ("0.15", 1.3, 0.9, "all"))]
        self._rate_mean = ax_p.axhline(0.0, color="0.4", ls="--", lw=0.8, label="mean")
        self._rate_legend = ax_p.legend(loc="upper center", fontsize=8, ncol=4, framealpha=0.9,
                                        handlelength=1.5, columnspacing=1.0)
        ax_p.set(xlabel="Time (ms)", ylabel="Population rate (Hz)")
        self._rate_hist = [ax_d.stairs([0.0], [0.0, 1.0], fill=True, color=c, alpha=0.45, lw=0.8, label=p)
                           for c, p in ((E_COLOR, "E"), (I_COLOR, "I"))]
        self._rate_means = [ax_d.axvline(0.0, color=c, ls="--", lw=1.2) for c in (E_COLOR, I_COLOR)]
        self._hist_legend = ax_d.legend(loc="upper right", fontsize=8, framealpha=0.9)
        ax_d.set(xlabel="Firing rate (Hz)", ylabel="Fraction of neurons (per bin)")
        self._isi = _IsiArtists(ax_i)
        (self._cc,) = ax_c.plot([], [], drawstyle="steps-mid", color="0.15", lw=1.0, label="pairs")
        ax_c.axhline(1.0, color="0.4", ls="--", lw=0.8, label="chance")
        self._cc_legend = ax_c.legend(loc="upper right", fontsize=8, ncol=2, framealpha=0.9)
        self._cc_message = _message(ax_c)
        ax_c.set(xlabel="Lag (ms)", ylabel="Coincidences / chance (ratio)")
        (self._psd,) = ax_s.plot([], [], color="0.15", lw=1.0, label="population rate")
        self._poisson = ax_s.axhline(0.0, color="0.5", ls=":", lw=1.2, label="Poisson level 2\u03bd/N")
        (self._peak,) = ax_s.plot([], [], "v", color="k", ms=7, label="peak")
        self._psd_legend = ax_s.legend(loc="upper left", fontsize=8, ncol=2, framealpha=0.9)
        self._psd_message = _message(ax_s)
        ax_s.set(xlabel="Frequency (Hz)", ylabel="PSD (Hz$^2$/Hz)")
        for letter, ax, title in zip("abcdef", self.axes, ["Raster", "Population rate", "Rate distribution",
                                                          "ISI distribution", "Cross-correlogram",
                                                          "Power spectrum"]):
            ax.set_title(f"({letter}) {title}", loc="left", fontsize=11, fontweight="bold")
        self._title = self.figure.suptitle("", fontsize=10)

    def _update(self, g=ACTIVITY_G.default, eta=ACTIVITY_ETA.default, *, n_exc=400, c_exc=80,
                duration=ACTIVITY_LIVE["duration"], t_start=ACTIVITY_LIVE["t_start"], rng=0):
        d = _activity_data(float(g), float(eta), n_exc, c_exc, float(duration), float(t_start), rng=rng)
        ax_r, ax_p, ax_d, ax_i, ax_c, ax_s = self.axes
        stats, net, (t0, t1) = d["stats"], d["net"], d["window"]
        # (a) raster
        m, k_e = d["shown"]
        size = max(1.0, min(4.0, 300.0 / m))
        for line, xy in zip(self._raster, d["raster"]):
            line.set_data(*xy)
            line.set_markersize(size)
        self._divider.set_ydata([k_e - 0.5] * 2)
        _set_legend(self._raster_legend, [f"E ({k_e} of {d['n_exc']})", f"I ({m - k_e} of {d['n_inh']})"])
        ax_r.set_xlim(t0, t1)
        ax_r.set_ylim(-0.5, m - 0.5)
        # (b) population rates
        for line, (tt, rate) in zip(self._rate_lines, d["rates_t"]):
            line.set_data(tt, rate)
        mean_all = float(d["rates_t"][2][1].mean())
        self._rate_mean.set_ydata([mean_all] * 2)
        _set_legend(self._rate_legend, ["E", "I", "all", f"mean {mean_all:.0f} Hz"])
        top = max(float(r.max()) for _, r in d["rates_t"])
        ax_p.set_xlim(t0, t1)
        ax_p.set_ylim(0, 1.35 * max(top, 1e-9))
        # (c) rate distributions
        for step, line, (frac, edges, mean) in zip(self._rate_hist, self._rate_means, d["rates"]):
            step.set_data(frac, edges)
            line.set_xdata([mean] * 2)
        _set_legend(self._hist_legend, [f"{p}: mean {r[2]:.1f} Hz" for p, r in zip("EI", d["rates"])])
        edges = d["rates"][0][1]
        ax_d.set_xlim(edges[0] - 0.02 * (edges[-1] - edges[0]), edges[-1] + 0.02 * (edges[-1] - edges[0]))
        ax_d.set_ylim(0, 1.05 * max(float(r[0].max()) for r in d["rates"]))
        # (d) ISIs
        self._isi.update(d["isi"], net.neuron.t_ref)
        # (e) cross-correlogram
        lags, cc = d["cc"]
        ok = bool(np.any(np.isfinite(cc)))
        self._cc.set_data(lags, cc if ok else np.full(lags.size, np.nan))
        _say(self._cc_message, "" if ok else "Too few spikes (or neurons)\nfor a cross-correlogram")
        _set_legend(self._cc_legend, [f"{d['n_pairs']} random pairs, 1 ms bins", "chance"])
        ax_c.set_xlim(lags[0] - 0.5, lags[-1] + 0.5)
        if ok:
            lo, hi = np.nanmin(cc), np.nanmax(cc)
            pad = max(0.01, 0.15 * (hi - lo))
            ax_c.set_ylim(min(lo, 1.0) - pad, max(hi, 1.0) + 2.5 * pad)
        # (f) spectrum of the population rate
        f, psd, nu, f_peak = d["spectrum"]
        ok = nu > 0 and psd.size > 2
        _show_spectrum(self, ax_s, f, psd, nu, f_peak, ok, d["n_exc"] + d["n_inh"],
                       "No spikes after t_start:\nno spectrum")
        self._title.set_text(f"g = {g:g}, eta = {eta:g}: {stats['mean_rate_hz']:.1f} Hz, "
                             f"CV {stats['isi_cv']:.2f}, chi {stats['chi']:.2f} "
                             f"({net.n_neurons} neurons, C_E = {net.c_exc}, {duration:g} ms "
                             f"simulated, statistics from {t_start:g} ms)")
        return dict(stats)


def activity_explorer_widget(**fixed):
    """Sliders for :func:`activity_explorer` (``g``, ``eta``), drawn by an :class:`ActivityView`.

    ``fixed`` (``n_exc``, ``c_exc``, ``duration``, ``t_start``, ``rng``) go to the view.
    """
    return interactive_figure(ActivityView(**fixed), SLIDERS["activity_explorer"],
                              {"g": "inhibition g", "eta": "drive eta"})


# -- notebook 6 ----------------------------------------------------------------
def _report_network(n_neurons=200, **changes):
    """The report's network with ``n_neurons`` neurons (4:1), in-degrees kept."""
    n_neurons = check_int("n_neurons", n_neurons, minimum=25)
    n_exc = int(round(0.8 * n_neurons))
    return PRESETS["seed_report"].network.replace(n_exc=n_exc, n_inh=n_neurons - n_exc, **changes)


def synchrony_explorer(n_neurons=SYNC_N.default, j_exc=SYNC_J.default, *, duration=400.0,
                       t_start=100.0, rng=0, axes=None):
    r"""The report's network at another size and coupling: chi and the pairwise correlations.

    Simulates the ``seed_report`` network with ``n_neurons`` neurons (E:I =
    4:1, in-degrees 16 and 4 kept) and efficacy ``j_exc``, records every
    neuron, and draws (1) Golomb's :math:`\chi` of random samples of
    :math:`n` neurons against :math:`1/\sqrt{n}`, the level of independent
    neurons, and (2) the histogram of the pairwise count correlations in
    10 ms bins (:func:`~snncourse.plotting.plot_correlations`).

    Parameters
    ----------
    n_neurons : int
        Network size, slider :data:`SYNC_N`.
    j_exc : float
        Excitatory efficacy J (mV; inhibition is ``-g J``), slider :data:`SYNC_J`.
    duration, t_start : float
        Simulated time and start of the analysis window (ms).
    rng : numpy.random.Generator, int or None
        Randomness (fixed by default).
    axes : sequence of two Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        ``chi`` (all neurons), ``mean_r`` (10 ms bins), ``mean_rate_hz``.

    Examples
    --------
    >>> fig, s = synchrony_explorer(200, 1.55)
    >>> 0 < s["chi"] < 1, 300 < s["mean_rate_hz"] < 450
    (True, True)
    >>> plt.close(fig)
    """
    d = _synchrony_data(int(n_neurons), float(j_exc), float(duration), float(t_start), rng=rng)
    fig, (ax_c, ax_r) = _new_axes(axes, 2, (10.5, 3.8))
    sizes, chis = d["chi_curve"]
    ax_c.plot(sizes, chis, "o-", color="k", label=r"$\chi$ of n neurons")
    ax_c.plot(sizes, 1 / np.sqrt(sizes), ":", color="0.5", label=r"independent, $1/\sqrt{n}$")
    ax_c.set(xscale="log", xlabel="Neurons sampled n (count)", ylabel=r"Synchrony $\chi$ (dimensionless)",
             ylim=(0, 1.05))
    ax_c.legend(fontsize=8)
    plot_correlations(d["result"], ax=ax_r, bin_size=10.0, t_start=t_start)
    ax_c.set_title(_synchrony_title(d), fontsize=10)
    return fig, dict(d["stats"])


def _chi_curve(v, sizes, repeats=5, rng=0):
    r"""Golomb's :math:`\chi` of random samples of ``sizes`` neurons, averaged over ``repeats``.

    Each repeat draws one random order of the neurons; its first :math:`n`
    neurons are a random sample of :math:`n`, whose :math:`\chi` is
    :func:`~snncourse.analysis.synchrony_chi` of those rows, computed here
    from running sums of the traces (one pass over ``v`` per repeat instead
    of one copy per sample).
    """
    v = np.asarray(v, dtype=float)
    gen = as_rng(rng)
    var = v.var(axis=1)
    chis = np.zeros(len(sizes))
    for _ in range(repeats):
        order = gen.permutation(v.shape[0])
        running = np.cumsum(v[order], axis=0)
        for k, n in enumerate(sizes):
            denominator = var[order[:n]].mean()
            chis[k] += np.sqrt((running[n - 1] / n).var() / denominator) if denominator > 0 else np.nan
    return np.asarray(sizes), chis / repeats


def _synchrony_data(n_neurons, j_exc, duration, t_start, rng):
    """The run of :func:`synchrony_explorer` and what its panels show."""
    j_exc = check_positive("j_exc", j_exc, "mV") if j_exc != 0 else 0.0
    net = _report_network(n_neurons, j_exc=j_exc)
    res = simulate_network(net, duration=duration, rng=rng, record_ids=np.arange(net.n_neurons))
    v = res.v[:, int(round(t_start / res.dt)):]
    sizes = np.unique(np.geomspace(4, net.n_neurons, 8).astype(int))
    chi_curve = _chi_curve(v, sizes)
    r, n_bins = count_correlations(res.spike_times, res.spike_ids, res.n_neurons, 10.0, t_start,
                                   res.duration)
    stats = {"chi": float(chi_curve[1][-1]), "mean_r": float(np.mean(r)) if r.size else float("nan"),
             "mean_rate_hz": float(res.mean_rate(t_start))}
    return {"net": net, "result": res, "chi_curve": chi_curve, "r": r, "n_bins": n_bins,
            "stats": stats, "j_exc": j_exc}


def _synchrony_title(d):
    return (f"N = {d['net'].n_neurons}, J = {d['j_exc']:g} mV: chi {d['stats']['chi']:.2f}, "
            f"{d['stats']['mean_rate_hz']:.0f} Hz")


@_cached
def _synchrony_panels(n_neurons, j_exc, duration, t_start, rng):
    """:func:`_synchrony_data` without the run (a cache of small arrays)."""
    d = _synchrony_data(n_neurons, j_exc, duration, t_start, rng=rng)
    del d["result"]
    return d


#: The live view of notebook 6 simulates a shorter run than the static
#: figure: 200 ms after a 50 ms transient (instead of 300 ms after 100 ms).
SYNC_LIVE = {"duration": 250.0, "t_start": 50.0}


class SynchronyView(LiveFigure):
    """:func:`synchrony_explorer` as a live view: chi against n, the histogram of r.

    ``view(n_neurons=..., j_exc=...)`` returns ``(figure, stats)`` as the
    explorer does, by default for the shorter run :data:`SYNC_LIVE`.
    """

    figsize = (10.5, 3.8)

    def _build(self):
        ax_c, ax_r = self.axes
        (self._chi,) = ax_c.plot([], [], "o-", color="k", label=r"$\chi$ of n neurons")
        (self._independent,) = ax_c.plot([], [], ":", color="0.5", label=r"independent, $1/\sqrt{n}$")
        ax_c.set(xscale="log", xlabel="Neurons sampled n (count)",
                 ylabel=r"Synchrony $\chi$ (dimensionless)", ylim=(0, 1.05))
        ax_c.legend(fontsize=8)
        self._hist = ax_r.stairs([0.0], [0.0, 1.0], fill=True, facecolor="0.6", edgecolor="0.35", lw=0.4,
                                 label="pairs")
        self._mean = ax_r.axvline(0.0, color="k", ls="--", lw=1.3, label="mean r")
        self._bands = [ax_r.axvline(0.0, color="0.5", ls=":", lw=1.0,
                                    label="\u00b11/\u221an_bins (independent)" if s > 0 else None)
                       for s in (-1, 1)]
        self._legend = ax_r.legend(loc="upper right", fontsize=8, framealpha=0.9)
        self._message = _message(ax_r)
        ax_r.set(xlabel="Pairwise correlation r, 10 ms bins (dimensionless)", ylabel="Pairs (count)")

    def _update(self, n_neurons=SYNC_N.default, j_exc=SYNC_J.default, *, duration=SYNC_LIVE["duration"],
                t_start=SYNC_LIVE["t_start"], rng=0):
        d = _synchrony_panels(int(n_neurons), float(j_exc), float(duration), float(t_start), rng=rng)
        ax_c, ax_r = self.axes
        sizes, chis = d["chi_curve"]
        self._chi.set_data(sizes, chis)
        self._independent.set_data(sizes, 1 / np.sqrt(sizes))
        ax_c.set_xlim(sizes[0] / 1.15, sizes[-1] * 1.15)
        ax_c.set_title(_synchrony_title(d), fontsize=10)
        r, n_bins = d["r"], d["n_bins"]
        _say(self._message, "" if r.size else "Fewer than two neurons with varying counts:\nno correlation")
        for a in (self._hist, self._mean, *self._bands, self._legend):
            a.set_visible(bool(r.size))
        if r.size:
            counts, edges = np.histogram(r, bins=50)
            self._hist.set_data(counts, edges)
            self._mean.set_xdata([r.mean()] * 2)
            for s, band in zip((-1, 1), self._bands):
                band.set_xdata([s / math.sqrt(n_bins)] * 2)
            _set_legend(self._legend, [f"{r.size} pairs, 10 ms bins", f"mean r = {r.mean():.3f}",
                                       "\u00b11/\u221an_bins (independent)"])
            lo, hi = min(edges[0], -1 / math.sqrt(n_bins)), max(edges[-1], 1 / math.sqrt(n_bins))
            pad = 0.05 * (hi - lo)
            ax_r.set_xlim(lo - pad, hi + pad)
            ax_r.set_ylim(0, 1.45 * 1.05 * counts.max())
        return dict(d["stats"])


def synchrony_explorer_widget(**fixed):
    """Sliders for :func:`synchrony_explorer` (``n_neurons``, ``j_exc``), drawn by a :class:`SynchronyView`.

    ``fixed`` (``duration``, ``t_start``, ``rng``) go to the view.
    """
    return interactive_figure(SynchronyView(**fixed), SLIDERS["synchrony_explorer"],
                              {"n_neurons": "network size N", "j_exc": "coupling J"})


# -- notebook 8 ----------------------------------------------------------------
_TABLE_ROWS = (("mean_rate_hz", "mean rate", "Hz", "{:.1f}"), ("exc_rate_hz", "E rate", "Hz", "{:.1f}"),
               ("inh_rate_hz", "I rate", "Hz", "{:.1f}"), ("isi_cv", "ISI CV", "", "{:.2f}"),
               ("mean_pairwise_correlation", "mean r (10 ms)", "", "{:.3f}"))


def report_explorer(i_ext=REPORT_I_EXT.default, t_ref=REPORT_T_REF.default, *, duration=600.0,
                    t_start=100.0, rng=0, axes=None):
    r"""The report's network at another drive and refractory period: Table 4.1 live.

    Simulates the ``seed_report`` network with the constant drive ``i_ext``
    and refractory period ``t_ref``, and draws (1) its ISI distribution
    (:func:`~snncourse.plotting.plot_isi_distribution`) and (2) Table 4.1
    measured on the run (:func:`snncourse.analysis.report_table`) next to
    the report's values, with the CV of a Poisson process of the same rate
    and dead time, :math:`1 - \nu\,t_\mathrm{ref}`.

    Parameters
    ----------
    i_ext : float
        Constant input current (nA; ``r_m`` = 10 MOhm, so 12.2 nA is 122 mV),
        slider :data:`REPORT_I_EXT`.
    t_ref : float
        Absolute refractory period (ms), slider :data:`REPORT_T_REF`.
    duration, t_start : float
        Simulated time and start of the analysis window (ms).
    rng : numpy.random.Generator, int or None
        Randomness (fixed by default).
    axes : sequence of two Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        :func:`~snncourse.analysis.report_table` of the run plus
        ``dead_time_cv`` (the Poisson-with-dead-time CV at the measured rate).

    Examples
    --------
    >>> fig, s = report_explorer(12.2, 1.0)
    >>> 330 < s["mean_rate_hz"] < 410, round(s["dead_time_cv"], 2) == round(1 - s["mean_rate_hz"] / 1000, 2)
    (True, True)
    >>> plt.close(fig)
    """
    from ..report import REPORT_TABLE

    t_ref = float(t_ref)
    net = PRESETS["seed_report"].network.replace(i_ext=float(i_ext), t_ref=t_ref)
    res = simulate_network(net, duration=duration, rng=rng)
    stats = _report_stats(res, t_ref, t_start)
    fig, (ax_i, ax_t) = _new_axes(axes, 2, (10.5, 3.8))
    plot_isi_distribution(res, ax=ax_i, t_start=t_start)
    ax_t.axis("off")
    table = ax_t.table(cellText=_table_rows(stats, REPORT_TABLE), colLabels=["Table 4.1", "this run", "report"],
                       loc="center", cellLoc="right", colLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1.0, 1.5)
    ax_t.set_title(_report_title(net, i_ext, t_ref), fontsize=10)
    return fig, stats


def _report_stats(res, t_ref, t_start):
    """Table 4.1 of the run and the dead-time Poisson CV at its rate."""
    stats = report_table(res.spike_times, res.spike_ids, res.n_exc, res.n_inh, res.duration,
                         t_start=t_start, bin_size=10.0)
    stats["dead_time_cv"] = max(0.0, 1.0 - stats["mean_rate_hz"] * t_ref / 1000.0)
    return stats


def _table_rows(stats, report):
    rows = [[label + (f" ({unit})" if unit else ""), fmt.format(stats[key]), fmt.format(report[key])]
            for key, label, unit, fmt in _TABLE_ROWS]
    rows.append(["dead-time Poisson CV", f"{stats['dead_time_cv']:.2f}", ""])
    return rows


def _report_title(net, i_ext, t_ref):
    return (f"I_ext = {i_ext:g} nA (R I = {net.neuron.r_m * i_ext:g} mV), "
            f"t_ref = {t_ref:g} ms")


#: The live view of notebook 8 simulates a shorter run than the static
#: figure: 300 ms, Table 4.1 from the last 200 ms (instead of 600 ms and 500 ms).
REPORT_LIVE = {"duration": 300.0, "t_start": 100.0}


@_cached
def _report_data(i_ext, t_ref, duration, t_start, rng):
    net = PRESETS["seed_report"].network.replace(i_ext=i_ext, t_ref=t_ref)
    res = simulate_network(net, duration=duration, rng=rng)
    stats = _report_stats(res, t_ref, t_start)
    isi = _isi_panel(res.spike_times, res.spike_ids, res.n_exc, res.n_neurons, res.dt, t_start)
    return net, stats, isi


class ReportView(LiveFigure):
    """:func:`report_explorer` as a live view: the ISI densities and the table take new numbers.

    ``view(i_ext=..., t_ref=...)`` returns ``(figure, stats)`` as the
    explorer does, by default for the shorter run :data:`REPORT_LIVE`.
    """

    figsize = (10.5, 3.8)

    def _build(self):
        from ..report import REPORT_TABLE

        ax_i, ax_t = self.axes
        self._isi = _IsiArtists(ax_i)
        ax_t.axis("off")
        empty = {key: float("nan") for key, *_ in _TABLE_ROWS} | {"dead_time_cv": float("nan")}
        self._table = ax_t.table(cellText=_table_rows(empty, REPORT_TABLE),
                                 colLabels=["Table 4.1", "this run", "report"], loc="center",
                                 cellLoc="right", colLoc="right")
        self._table.auto_set_font_size(False)
        self._table.set_fontsize(9)
        self._table.scale(1.0, 1.5)
        for (_, col), cell in self._table.get_celld().items():  # room for the labels at any dpi
            cell.set_width(cell.get_width() * (1.2 if col == 0 else 0.9))

    def _tick_label_lengths(self):
        return super()._tick_label_lengths()[:1]  # the table's panel has no axis

    def _update(self, i_ext=REPORT_I_EXT.default, t_ref=REPORT_T_REF.default, *,
                duration=REPORT_LIVE["duration"], t_start=REPORT_LIVE["t_start"], rng=0):
        from ..report import REPORT_TABLE

        net, stats, isi = _report_data(float(i_ext), float(t_ref), float(duration), float(t_start), rng=rng)
        self._isi.update(isi, float(t_ref))
        for row, cells in enumerate(_table_rows(stats, REPORT_TABLE), start=1):
            self._table[row, 1].get_text().set_text(cells[1])
        self.axes[1].set_title(_report_title(net, i_ext, t_ref), fontsize=10)
        return dict(stats)


def report_explorer_widget(**fixed):
    """Sliders for :func:`report_explorer` (``i_ext``, ``t_ref``), drawn by a :class:`ReportView`.

    ``fixed`` (``duration``, ``t_start``, ``rng``) go to the view.
    """
    return interactive_figure(ReportView(**fixed), SLIDERS["report_explorer"],
                              {"i_ext": "drive I_ext", "t_ref": "refractory t_ref"})
