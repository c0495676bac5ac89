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
WIRING_RULE, WIRING_C_EXC, ACTIVITY_G, ACTIVITY_ETA, SYNC_N, SYNC_J, REPORT_I_EXT, REPORT_T_REF
    The control ranges.

Every explorer simulates a small network (a few hundred neurons, a few
hundred ms), draws one figure and returns ``(figure, stats)``.

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validation import check_choice, check_int, check_positive
from ..analysis import count_correlations, report_table, synchrony_chi
from ..connectivity import build_connectivity
from ..network import simulate_network
from ..params import NetworkParams
from ..plotting import E_COLOR, figure_2_1, plot_connectivity, plot_correlations, plot_isi_distribution
from ..presets import PRESETS
from ..regimes import record_subset, reduced_brunel, regime_statistics
from ._core import THEORY_COLOR as _THEORY_COLOR
from ._core import Choice, Slider, interactive_figure
from ._core import new_axes as _new_axes

__all__ = [
    "WIRING_RULE", "WIRING_C_EXC", "ACTIVITY_G", "ACTIVITY_ETA", "SYNC_N", "SYNC_J",
    "REPORT_I_EXT", "REPORT_T_REF", "SLIDERS",
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
    rule = check_choice("rule", rule, WIRING_RULE.options)
    c_exc = check_int("c_exc", c_exc, minimum=1)
    net = NetworkParams(n_exc=n_exc, n_inh=n_inh, c_exc=c_exc, c_inh=max(c_exc // 4, 1),
                        connectivity=rule, name=f"{rule}, C_E = {c_exc}")
    conn = build_connectivity(net, rng)
    from_e, _ = conn.in_degrees()
    fig, (ax_d, ax_m) = _new_axes(axes, 2, (10.5, 3.8))
    p = c_exc / n_exc
    std_binom = float(np.sqrt(c_exc * (1 - p)))
    lo, hi = max(0, int(c_exc - 5 * std_binom) - 1), int(c_exc + 5 * std_binom) + 2
    bins = np.arange(lo, hi + 1) - 0.5 if hi - lo <= 80 else np.linspace(lo, hi, 60)
    ax_d.hist(from_e, bins=bins, density=True, color=E_COLOR, alpha=0.75, label=rule)
    k = np.arange(lo, hi + 1)
    from scipy.stats import binom

    ax_d.plot(k, binom.pmf(k, n_exc, p), "-", color=_THEORY_COLOR, lw=1.3,
              label=r"binomial $(N_E, C_E/N_E)$")
    ax_d.set(xlabel="Excitatory in-degree (synapses)", ylabel="Fraction of neurons (per synapse)",
             title=f"mean {from_e.mean():.1f}, std {from_e.std():.1f} (binomial {std_binom:.1f})")
    ax_d.legend(fontsize=8, loc="upper right")
    plot_connectivity(conn, ax=ax_m, n_max=100)
    stats = {"mean_in": float(from_e.mean()), "std_in": float(from_e.std()),
             "std_binomial": std_binom, "n_synapses": int(conn.targets.size)}
    return fig, stats


def wiring_explorer_widget(**fixed):
    """Controls for :func:`wiring_explorer` (``rule``, ``c_exc``); ``fixed`` are passed through."""
    return interactive_figure(wiring_explorer, SLIDERS["wiring_explorer"],
                              {"rule": "wiring rule", "c_exc": "in-degree C_E"}, **fixed)


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


def activity_explorer_widget(**fixed):
    """Sliders for :func:`activity_explorer` (``g``, ``eta``); ``fixed`` are passed through."""
    return interactive_figure(activity_explorer, SLIDERS["activity_explorer"],
                              {"g": "inhibition g", "eta": "drive eta"}, **fixed)


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
    j_exc = check_positive("j_exc", j_exc, "mV") if j_exc != 0 else 0.0
    net = _report_network(n_neurons, j_exc=j_exc)
    res = simulate_network(net, duration=duration, rng=rng, record_ids=np.arange(net.n_neurons))
    k0 = int(round(t_start / res.dt))
    v = res.v[:, k0:]
    fig, (ax_c, ax_r) = _new_axes(axes, 2, (10.5, 3.8))
    gen = np.random.default_rng(0)
    sizes = np.unique(np.geomspace(4, net.n_neurons, 8).astype(int))
    chis = [np.mean([synchrony_chi(v[gen.choice(v.shape[0], n, replace=False)]) for _ in range(5)])
            for n in sizes]
    ax_c.plot(sizes, chis, "o-", color="k", label=r"$\chi$ of n neurons")
    ax_c.plot(sizes, 1 / np.sqrt(sizes), ":", color="0.5", label=r"independent, $1/\sqrt{n}$")
    ax_c.set(xscale="log", xlabel="Neurons sampled n (count)", ylabel=r"Synchrony $\chi$ (dimensionless)",
             ylim=(0, 1.05))
    ax_c.legend(fontsize=8)
    plot_correlations(res, ax=ax_r, bin_size=10.0, t_start=t_start)
    r, _ = count_correlations(res.spike_times, res.spike_ids, res.n_neurons, 10.0, t_start,
                              res.duration)
    stats = {"chi": float(chis[-1]), "mean_r": float(np.mean(r)) if r.size else float("nan"),
             "mean_rate_hz": float(res.mean_rate(t_start))}
    ax_c.set_title(f"N = {net.n_neurons}, J = {j_exc:g} mV: chi {stats['chi']:.2f}, "
                   f"{stats['mean_rate_hz']:.0f} Hz", fontsize=10)
    return fig, stats


def synchrony_explorer_widget(**fixed):
    """Sliders for :func:`synchrony_explorer` (``n_neurons``, ``j_exc``)."""
    return interactive_figure(synchrony_explorer, SLIDERS["synchrony_explorer"],
                              {"n_neurons": "network size N", "j_exc": "coupling J"}, **fixed)


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
    stats = report_table(res.spike_times, res.spike_ids, res.n_exc, res.n_inh, res.duration,
                         t_start=t_start, bin_size=10.0)
    stats["dead_time_cv"] = max(0.0, 1.0 - stats["mean_rate_hz"] * t_ref / 1000.0)
    fig, (ax_i, ax_t) = _new_axes(axes, 2, (10.5, 3.8))
    plot_isi_distribution(res, ax=ax_i, t_start=t_start)
    ax_t.axis("off")
    rows = [[label + (f" ({unit})" if unit else ""), fmt.format(stats[key]),
             fmt.format(REPORT_TABLE[key])] for key, label, unit, fmt in _TABLE_ROWS]
    rows.append(["dead-time Poisson CV", f"{stats['dead_time_cv']:.2f}", ""])
    table = ax_t.table(cellText=rows, colLabels=["Table 4.1", "this run", "report"], loc="center",
                       cellLoc="right", colLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1.0, 1.5)
    ax_t.set_title(f"I_ext = {i_ext:g} nA (R I = {net.neuron.r_m * i_ext:g} mV), "
                   f"t_ref = {t_ref:g} ms", fontsize=10)
    return fig, stats


def report_explorer_widget(**fixed):
    """Sliders for :func:`report_explorer` (``i_ext``, ``t_ref``)."""
    return interactive_figure(report_explorer, SLIDERS["report_explorer"],
                              {"i_ext": "drive I_ext", "t_ref": "refractory t_ref"}, **fixed)
