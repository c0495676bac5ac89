r"""Plots of network simulations: the panels of the seed report's Figures 2.1 and 3.1.

Every panel function has the form ``plot_x(data, *, ax=None, **options) -> Axes``:
it draws onto ``ax`` when one is given and creates a figure (with
``matplotlib.pyplot.subplots``) only when ``ax`` is None; it never calls
``plt.show()``. Axis labels carry units, excitatory neurons are drawn in red
(``E_COLOR``) and inhibitory ones in blue (``I_COLOR``) throughout.

Figure 2.1, network activity
    plot_raster              spike raster (E and I stacked)
    plot_population_rate     population rate of E, I and all neurons (Hz)
    plot_rate_distribution   histogram of single-neuron rates, E and I
    plot_isi_distribution    density of inter-spike intervals, E and I
    plot_cross_correlogram   population-averaged, normalized cross-correlogram
    plot_power_spectrum      Welch spectrum of the population rate, peak marked
    figure_2_1               the six panels (a)-(f)
Figure 3.1, synchronization
    plot_spike_counts        population spike count per bin (E and I stacked)
    plot_membrane_traces     recorded membrane potentials, threshold marked
    plot_ei_balance          excitatory, inhibitory and net input to one neuron
    plot_fi_curve            simulated and closed-form F-I curve of the neuron
    plot_correlations        distribution of pairwise count correlations
    plot_connectivity        connectivity matrix with its E/I blocks
    figure_3_1               the six panels (a)-(f)
Theory against simulation
    plot_theory_and_simulation    a theoretical curve and its simulated points
    legend_theory_and_simulation  "line = theory, dots = simulation" legend
Brunel's states
    plot_phase_diagram       classified (g, eta) grid over Brunel's named states,
                             with his instability lines (snncourse.stability)

Panels that need recorded traces (membrane potentials, synaptic input)
write a message into the axes instead of failing when the simulation
recorded none (``simulate_network(..., record_ids=[...])`` records them).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from scipy.ndimage import gaussian_filter1d

from . import analysis
from ._validation import as_1d_float, as_rng, check_finite, check_int, check_nonnegative, check_positive, check_type
from .connectivity import Connectivity
from .network import SimulationResult
from .params import BRUNEL_STATES, LIFParams, NetworkParams
from .units import hz_to_per_ms

__all__ = [
    "E_COLOR", "I_COLOR",
    "plot_raster", "plot_population_rate", "plot_rate_distribution",
    "plot_isi_distribution", "plot_cross_correlogram", "plot_power_spectrum",
    "plot_spike_counts", "plot_membrane_traces", "plot_ei_balance", "plot_fi_curve",
    "plot_correlations", "plot_connectivity", "figure_2_1", "figure_3_1",
    "STATE_COLORS", "plot_phase_diagram",
    "plot_theory_and_simulation", "legend_theory_and_simulation",
]

#: Colour of excitatory neurons in every figure of the course (red).
E_COLOR = "#c0392b"
#: Colour of inhibitory neurons in every figure of the course (blue).
I_COLOR = "#2471a3"
_ALL_COLOR = "0.15"
_FONT_SMALL = 8


# -- helpers -----------------------------------------------------------------
def _new_ax(ax, figsize=(6.0, 4.0)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _check_result(result):
    if not isinstance(result, SimulationResult):
        raise TypeError(f"result must be a SimulationResult, got {type(result).__name__}")
    return result


def _check_t_start(result, t_start):
    t_start = check_nonnegative("t_start", t_start, "ms")
    if t_start >= result.duration:
        raise ValueError(f"t_start must be < duration = {result.duration!r} ms, got {t_start!r}")
    return t_start


def _check_t_range(result, t_range):
    """``(t0, t1)`` in ms, clipped to the simulation; the whole run for None."""
    if t_range is None:
        return 0.0, float(result.duration)
    try:
        t0, t1 = t_range
    except (TypeError, ValueError):
        raise TypeError(f"t_range must be (t_start, t_stop) in ms or None, got {t_range!r}") from None
    t0, t1 = check_finite("t_range[0]", t0, "ms"), check_finite("t_range[1]", t1, "ms")
    t0, t1 = max(t0, 0.0), min(t1, float(result.duration))
    if t1 <= t0:
        raise ValueError(
            f"t_range must overlap (0, {result.duration!r}) ms with t_stop > t_start, got {t_range!r}")
    return t0, t1


def _message(ax, text):
    """Write ``text`` in the middle of an empty panel."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            fontsize=9, color="0.35", wrap=True)


def _shown_neurons(n_exc, n_inh, n_max):
    """Ids of at most ``n_max`` neurons, E then I, in proportion to the populations."""
    n = n_exc + n_inh
    if n <= n_max:
        return np.arange(n), n_exc
    k_i = int(round(n_max * n_inh / n))
    k_e = n_max - k_i
    return np.concatenate([np.arange(k_e), n_exc + np.arange(k_i)]), k_e


def _rates(result, t_start):
    return analysis.firing_rates(result.spike_times, result.spike_ids, result.n_neurons,
                                 t_start=t_start, t_stop=result.duration)


def _auto_t_range(result, t_start, spikes_per_neuron=30.0):
    """A window for rasters and traces: about 30 spikes per neuron, 50 ms to the whole run."""
    rate = result.mean_rate(t_start)
    span = result.duration - t_start
    length = span if rate <= 0 else min(span, max(50.0, spikes_per_neuron / hz_to_per_ms(rate)))
    if length < span:
        length = max(10.0, 10.0 * math.floor(length / 10.0))
    return t_start, t_start + length


# -- Figure 2.1 ----------------------------------------------------------------
def plot_raster(result, *, ax=None, t_range=None, n_max=200, marker_size=None):
    """Spike raster: one row per neuron, excitatory (red) below inhibitory (blue).

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    t_range : (float, float) or None
        Time window (ms); None shows the whole run.
    n_max : int
        Largest number of neurons shown. Larger networks show the first
        neurons of each population in proportion to its size, stacked: rows
        ``0 .. k_E - 1`` are E neurons ``0 .. k_E - 1``, the rows above are
        I neurons ``n_exc .. n_exc + k_I - 1``.
    marker_size : float or None
        Height of the spike ticks (points); None scales with ``n_max``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        For a result that is not a SimulationResult, a bad ``t_range`` or ``n_max < 1``.

    Examples
    --------
    >>> from snncourse.network import SimulationResult
    >>> res = SimulationResult(spike_times=np.array([1.0, 2.0]), spike_ids=np.array([0, 1]),
    ...                        n_exc=1, n_inh=1, duration=5.0, dt=0.1)
    >>> ax = plot_raster(res)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Time (ms)', 'Neuron (index)')
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t0, t1 = _check_t_range(result, t_range)
    n_max = check_int("n_max", n_max, minimum=1)
    ax = _new_ax(ax)
    ids, k_e = _shown_neurons(result.n_exc, result.n_inh, n_max)
    row = np.full(result.n_neurons, -1)
    row[ids] = np.arange(ids.size)
    t, i = result.spike_times, result.spike_ids
    keep = (t >= t0) & (t <= t1) & (row[i] >= 0)
    t, r = t[keep], row[i[keep]]
    size = marker_size if marker_size is not None else max(1.0, min(4.0, 300.0 / ids.size))
    exc = r < k_e
    ax.plot(t[exc], r[exc], "|", color=E_COLOR, ms=size, mew=0.6,
            label=f"E ({k_e} of {result.n_exc})")
    if ids.size > k_e:
        ax.plot(t[~exc], r[~exc], "|", color=I_COLOR, ms=size, mew=0.6,
                label=f"I ({ids.size - k_e} of {result.n_inh})")
        ax.axhline(k_e - 0.5, color="0.5", lw=0.5)
    ax.set_xlim(t0, t1)
    ax.set_ylim(-0.5, ids.size - 0.5)
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("Neuron (index)")
    ax.legend(loc="upper right", fontsize=_FONT_SMALL, markerscale=2, framealpha=1.0)
    return ax


def plot_population_rate(result, *, ax=None, bin_size=1.0, smooth=None, t_range=None):
    """Population rate of the excitatory, inhibitory and all neurons.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    bin_size : float
        Bin width (ms).
    smooth : float or None
        Standard deviation (ms) of a Gaussian kernel smoothing the rate, or None.
    t_range : (float, float) or None
        Time window (ms); None shows the whole run.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    :math:`A(t) = n(t; t + \\Delta) / (N \\Delta)`, spikes per neuron per
    second in bins of :math:`\\Delta` = ``bin_size``
    (:func:`snncourse.analysis.population_rate`). The dashed line is the
    mean rate of all neurons in the window shown (not the whole run).

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_population_rate(res, bin_size=5.0)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Time (ms)', 'Population rate (Hz)')
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t0, t1 = _check_t_range(result, t_range)
    ax = _new_ax(ax)
    series = [("E", E_COLOR, *result.population("exc"), result.n_exc, 0.9),
              ("I", I_COLOR, *result.population("inh"), result.n_inh, 0.9),
              ("all", _ALL_COLOR, result.spike_times, result.spike_ids, result.n_neurons, 1.3)]
    mean_all = float("nan")
    for label, color, times, _, n, lw in series:
        if n == 0:
            continue
        t, rate = analysis.population_rate(times, n, t1 - t0, bin_size, smooth=smooth, t_start=t0)
        ax.plot(t, rate, color=color, lw=lw, label=label, alpha=0.9 if label == "all" else 0.8)
        if label == "all":
            mean_all = float(rate.mean())
    ax.axhline(mean_all, color="0.4", ls="--", lw=0.8, label=f"mean {mean_all:.0f} Hz")
    ax.set_xlim(t0, t1)
    top = max(line.get_ydata().max() for line in ax.get_lines()[:-1]) if ax.get_lines()[:-1] else 1.0
    ax.set_ylim(0, 1.35 * max(top, 1e-9))
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("Population rate (Hz)")
    ax.legend(loc="upper center", fontsize=_FONT_SMALL, ncol=4, framealpha=0.9,
              handlelength=1.5, columnspacing=1.0)
    return ax


def plot_rate_distribution(result, *, ax=None, t_start=0.0, bins=20):
    """Histogram of the firing rates of single neurons, E and I separately.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    t_start : float
        Rates are spike counts in ``[t_start, duration)`` divided by its length (ms).
    bins : int
        Number of bins shared by both populations.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Each population's histogram is normalized to the fraction of its
    neurons, so that populations of different size compare; dashed lines
    mark the population means.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_rate_distribution(res, t_start=100.0)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Firing rate (Hz)', 'Fraction of neurons (per bin)')
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    bins = check_int("bins", bins, minimum=1)
    ax = _new_ax(ax)
    rates = _rates(result, t_start)
    lo, hi = float(rates.min()), float(rates.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, bins + 1)
    for label, color, r in (("E", E_COLOR, rates[:result.n_exc]), ("I", I_COLOR, rates[result.n_exc:])):
        if r.size == 0:
            continue
        ax.hist(r, bins=edges, weights=np.full(r.size, 1.0 / r.size), color=color, alpha=0.45,
                edgecolor=color, lw=0.8, label=f"{label}: mean {r.mean():.1f} Hz")
        ax.axvline(r.mean(), color=color, ls="--", lw=1.2)
    ax.set_xlabel("Firing rate (Hz)")
    ax.set_ylabel("Fraction of neurons (per bin)")
    ax.legend(loc="upper right", fontsize=_FONT_SMALL, framealpha=0.9)
    return ax


def plot_isi_distribution(result, *, ax=None, t_start=0.0, bins=60):
    """Probability density of the inter-spike intervals, E and I separately.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    t_start : float
        Only spikes at or after ``t_start`` (ms) are used.
    bins : int
        About this many bins between 0 and the 99.5th percentile of the
        ISIs; the bin width is rounded to a whole number of time steps.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    ISIs of all neurons of a population are pooled. The legend gives the
    mean over neurons of each neuron's ISI CV
    (:func:`snncourse.analysis.isi_cv`); the dotted line marks the
    refractory period, the shortest possible ISI.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_isi_distribution(res, t_start=100.0)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Inter-spike interval (ms)', 'Probability density (1/ms)')
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    bins = check_int("bins", bins, minimum=1)
    ax = _new_ax(ax)
    late = result.spike_times >= t_start
    t, i = result.spike_times[late], result.spike_ids[late]
    cv = analysis.isi_cv(t, i, result.n_neurons)
    isis = {}
    for label, mask in (("E", i < result.n_exc), ("I", i >= result.n_exc)):
        isis[label] = analysis.isi_intervals(t[mask], i[mask])
    pooled = np.concatenate(list(isis.values()))
    if pooled.size == 0:
        _message(ax, "No neuron fired twice after t_start:\nno inter-spike interval")
    else:
        hi = float(np.percentile(pooled, 99.5))
        # ISIs are whole numbers of time steps: make the bin width a whole
        # number of steps with edges between grid points, or the histogram
        # shows a comb of alternately full and empty bins.
        dt = result.dt
        width = max(1, int(round((hi if hi > 0 else 1.0) / bins / dt))) * dt
        edges = np.arange(-0.5 * dt, hi + width, width)
        for label, color, sl in (("E", E_COLOR, slice(0, result.n_exc)),
                                 ("I", I_COLOR, slice(result.n_exc, None))):
            if isis[label].size:
                ax.hist(isis[label], bins=edges, density=True, histtype="step", color=color,
                        lw=1.5, label=f"{label}: CV {analysis.finite_mean(cv[sl]):.2f}")
        if result.params is not None and result.params.neuron.t_ref > 0:
            ax.axvline(result.params.neuron.t_ref, color="0.4", ls=":", lw=1.0,
                       label=f"t_ref = {result.params.neuron.t_ref:g} ms")
        ax.set_xlim(0, edges[-1])
        ax.legend(loc="upper right", fontsize=_FONT_SMALL, framealpha=0.9)
    ax.set_xlabel("Inter-spike interval (ms)")
    ax.set_ylabel("Probability density (1/ms)")
    return ax


def plot_cross_correlogram(result, *, ax=None, bin_size=1.0, max_lag=50.0, n_pairs=500, rng=0,
                           t_start=0.0):
    """Cross-correlogram averaged over random pairs of neurons, normalized to chance.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    bin_size : float
        Width of a lag bin (ms).
    max_lag : float
        Largest lag shown (ms); must be below about half the analysed duration.
    n_pairs : int
        Number of distinct ordered pairs ``(a, b)``, ``a != b``, drawn at random.
    rng : numpy.random.Generator, int or None
        Source of randomness for drawing the pairs.
    t_start : float
        Only spikes in ``[t_start, duration)`` (ms) are used.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    :func:`snncourse.analysis.population_cross_correlogram` with
    ``normalize="rate"``: the number of spike pairs (a spike of ``b`` at lag
    :math:`\\tau` after one of ``a``), summed over the pairs, divided by the
    number expected for independent trains with the same spike counts,

    .. math:: \\hat C(\\tau) = \\frac{\\sum_p C_p(\\tau)}{\\sum_p n_a n_b
              \\int_{\\tau-\\Delta/2}^{\\tau+\\Delta/2} (T - |s|)\\,ds / T^2},

    so 1 (dashed line) is chance level and a peak of 1.1 is 10 % more
    coincidences than chance.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_cross_correlogram(res, max_lag=20.0, n_pairs=100)
    >>> [float(x) for x in ax.get_xlim()]   # 41 lag bins of 1 ms, centred on -20 .. 20 ms
    [-20.5, 20.5]
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    ax = _new_ax(ax)
    lags, cc = analysis.population_cross_correlogram(
        result.spike_times, result.spike_ids, result.n_neurons, bin_size=bin_size,
        max_lag=max_lag, n_pairs=n_pairs, duration=result.duration - t_start,
        normalize="rate", t_start=t_start, rng=as_rng(rng))
    if not np.any(np.isfinite(cc)):
        _message(ax, "Too few spikes (or neurons)\nfor a cross-correlogram")
    else:
        n_used = min(n_pairs, result.n_neurons * (result.n_neurons - 1))
        ax.step(lags, cc, where="mid", color=_ALL_COLOR, lw=1.0,
                label=f"{n_used} random pairs, {bin_size:g} ms bins")
        lo, hi = np.nanmin(cc), np.nanmax(cc)
        pad = max(0.01, 0.15 * (hi - lo))
        ax.set_ylim(min(lo, 1.0) - pad, max(hi, 1.0) + 2.5 * pad)
    ax.axhline(1.0, color="0.4", ls="--", lw=0.8, label="chance")
    ax.legend(loc="upper right", fontsize=_FONT_SMALL, ncol=2, framealpha=0.9)
    ax.set_xlim(lags[0] - bin_size / 2, lags[-1] + bin_size / 2)
    ax.set_xlabel("Lag (ms)")
    ax.set_ylabel("Coincidences / chance (ratio)")
    return ax


def plot_power_spectrum(result, *, ax=None, t_start=0.0, bin_size=analysis.SPECTRUM_BIN_MS,
                        nperseg=None, fmin=5.0):
    """Power spectrum of the population rate (Welch), with its peak marked.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    t_start : float
        The population rate of ``[t_start, duration)`` (ms) is analysed.
    bin_size : float
        Bin width (ms) of the population rate; the spectrum reaches the
        Nyquist frequency ``500 / bin_size`` Hz. The default is the bin of
        the statistics (``analysis.SPECTRUM_BIN_MS``, 0.2 ms: 2500 Hz).
    nperseg : int or None
        Samples per Welch segment (fewer if the signal is shorter); the
        frequency resolution is ``1000 / (nperseg * bin_size)`` Hz. None:
        segments of ``analysis.SPECTRUM_SEGMENT_MS``, as
        :func:`~snncourse.analysis.rate_spectrum`.
    fmin : float
        Lowest frequency (Hz) searched for the peak (slow drifts are ignored).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    :func:`snncourse.analysis.power_spectrum` of the population rate in Hz
    (mean removed per segment), so the PSD is in Hz^2/Hz. A population of
    :math:`N` independent Poisson neurons of rate :math:`\\nu` has the flat
    spectrum :math:`2\\nu/N` (dotted line, one-sided). Power above it at low
    frequencies means correlated activity. A peak is a population
    oscillation only if it is not explained by single neurons: independent
    but *regular* neurons of rate :math:`\\nu` (a renewal process with CV
    < 1) already give a peak near :math:`\\nu` and a dip below the Poisson
    level at low frequencies; compare with the same network uncoupled.

    With the defaults the spectrum is the one the statistics report
    (:func:`~snncourse.analysis.rate_spectrum`, the peak of
    :func:`~snncourse.regimes.regime_statistics`), so figure and numbers
    agree. Mind the Nyquist frequency ``500 / bin_size``: a rhythm faster
    than it is folded back (aliased) to a lower frequency. In the
    mean-driven ``seed_report`` regime the coupling-driven peak lies near
    690 Hz; with 1 ms bins it would appear, falsely, near 310 Hz.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_power_spectrum(res, t_start=100.0)
    >>> [float(x) for x in ax.get_xlim()]   # up to the Nyquist frequency of 0.2 ms bins
    [0.0, 2500.0]
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    bin_size = check_positive("bin_size", bin_size, "ms")
    if nperseg is None:  # the segments of analysis.rate_spectrum
        nperseg = int(round(analysis.SPECTRUM_SEGMENT_MS / bin_size))
    nperseg = check_int("nperseg", nperseg, minimum=2)
    fmin = check_nonnegative("fmin", fmin, "Hz")
    ax = _new_ax(ax)
    _, rate = analysis.population_rate(result.spike_times, result.n_neurons,
                                       result.duration - t_start, bin_size, t_start=t_start)
    nu = float(rate.mean())
    if rate.size < 2 or nu == 0:
        _message(ax, "No spikes after t_start (or a single bin):\nno spectrum")
    else:
        f, psd = analysis.power_spectrum(rate, bin_size, nperseg=max(2, min(nperseg, rate.size)))
        ax.plot(f[1:], psd[1:], color=_ALL_COLOR, lw=1.0, label="population rate")
        ax.axhline(2 * nu / result.n_neurons, color="0.5", ls=":", lw=1.2,
                   label="Poisson level 2\u03bd/N")
        f_peak = analysis.peak_frequency(f, psd, fmin=fmin)
        if np.isfinite(f_peak):
            p_peak = psd[np.searchsorted(f, f_peak)]
            ax.plot(f_peak, p_peak, "v", color="k", ms=7, label=f"peak {f_peak:.0f} Hz")
        ax.set_xlim(0, f[-1])
        ax.set_ylim(0, 1.3 * float(np.max(psd[1:])))
        ax.legend(loc="upper left", fontsize=_FONT_SMALL, ncol=2, framealpha=0.9)
    ax.set_xlabel("Frequency (Hz)")
    ax.set_ylabel("PSD (Hz$^2$/Hz)")
    return ax


# -- Figure 3.1 ----------------------------------------------------------------
def plot_spike_counts(result, *, ax=None, bin_size=5.0, t_range=None):
    """Spikes of the whole population per time bin, E and I stacked.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    bin_size : float
        Bin width (ms).
    t_range : (float, float) or None
        Time window (ms); None uses the whole run.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The legend gives the Fano factor (variance / mean over the bins shown)
    of the total count. Independent neurons give a Fano factor near that of
    single neurons (below 1 for regular firing); synchrony makes the
    population count fluctuate together and raises it.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_spike_counts(res, bin_size=10.0, t_range=(100.0, 200.0))
    >>> len(ax.patches)                # 10 bins, E and I bars stacked
    20
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t0, t1 = _check_t_range(result, t_range)
    bin_size = check_positive("bin_size", bin_size, "ms")
    ax = _new_ax(ax)
    if t1 - t0 < bin_size:
        raise ValueError(f"bin_size must be <= the window {t1 - t0!r} ms, got {bin_size!r}")
    pop = (result.spike_ids >= result.n_exc).astype(np.int64)  # 0 = E, 1 = I
    counts = analysis.spike_counts(result.spike_times, pop, 2, bin_size, t_start=t0, t_stop=t1)
    left = t0 + np.arange(counts.shape[1]) * bin_size
    ax.bar(left, counts[0], width=bin_size, align="edge", color=E_COLOR, alpha=0.85, label="E")
    if result.n_inh:
        ax.bar(left, counts[1], width=bin_size, bottom=counts[0], align="edge", color=I_COLOR,
               alpha=0.85, label="I")
    ff = analysis.fano_factor(counts.sum(axis=0))
    ax.set_xlim(t0, t0 + counts.shape[1] * bin_size)
    ax.set_ylim(0, 1.3 * max(1, int(counts.sum(axis=0).max())))
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel(f"Spikes per {bin_size:g} ms bin (count)")
    ax.legend(loc="upper right", fontsize=_FONT_SMALL, ncol=3, framealpha=0.9,
              title=f"Fano factor of E+I count: {ff:.2f}", title_fontsize=_FONT_SMALL)
    return ax


def plot_membrane_traces(result, *, ax=None, n_traces=3, t_range=None):
    """Membrane potentials of recorded neurons, stacked, with threshold and reset.

    Parameters
    ----------
    result : SimulationResult
        A simulation run with ``record_ids=[...]``; without recorded traces
        the panel shows a message instead.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    n_traces : int
        Number of recorded neurons shown (the first ones recorded).
    t_range : (float, float) or None
        Time window (ms); None shows the whole run.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Traces are stacked: each is shifted up by the same offset (a multiple of
    10 mV larger than the range of the traces) and the y ticks give the
    true potential of each trace at its reset and threshold. E neurons are
    red, I neurons blue. Potentials are sampled at the end of each step,
    after the reset, so a spike shows as a drop from near threshold to
    ``v_reset``; ticks above each threshold line mark its spikes.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_membrane_traces(res, t_range=(100.0, 200.0))
    >>> [t.get_text() for t in ax.texts]
    ['E neuron 0', 'I neuron 40']
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t0, t1 = _check_t_range(result, t_range)
    n_traces = check_int("n_traces", n_traces, minimum=1)
    ax = _new_ax(ax)
    ax.set_xlabel("Time (ms)")
    if result.v is None or result.record_ids.size == 0:
        ax.set_ylabel("V (mV)")
        _message(ax, "No membrane potentials recorded\n(simulate with record_ids=[...])")
        return ax
    times = result.times
    sel = (times >= t0) & (times <= t1)
    rows = np.arange(min(n_traces, result.record_ids.size))
    v = result.v[rows][:, sel]
    neuron = result.params.neuron if result.params is not None else None
    v_th = neuron.v_th if neuron is not None else float(v.max())
    top = max(float(v.max()), v_th) + 12.0  # room for the spike ticks and the label
    offset = 10.0 * math.ceil((top - float(v.min())) / 10.0) if rows.size > 1 else 0.0
    shades = {"E": [E_COLOR, "#7b241c", "#e6786c"], "I": [I_COLOR, "#1b4f72", "#5dade2"]}
    used = {"E": 0, "I": 0}
    ticks, labels = [], []
    for k, row in enumerate(rows):
        nid = int(result.record_ids[row])
        pop = "E" if nid < result.n_exc else "I"
        color = shades[pop][used[pop] % 3]
        used[pop] += 1
        shift = k * offset
        ax.plot(times[sel], v[k] + shift, color=color, lw=0.8)
        ax.text(t0 + 0.01 * (t1 - t0), v_th + 5.0 + shift, f"{pop} neuron {nid}", color=color,
                fontsize=_FONT_SMALL, va="bottom", ha="left", fontweight="bold",
                bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.8))
        if neuron is not None:
            ax.axhline(neuron.v_th + shift, color="k", ls="--", lw=0.7)
            ax.axhline(neuron.v_reset + shift, color="0.5", ls=":", lw=0.7)
            st = result.spike_times[(result.spike_ids == nid)
                                    & (result.spike_times >= t0) & (result.spike_times <= t1)]
            ax.vlines(st, neuron.v_th + 1.0 + shift, neuron.v_th + 4.0 + shift, color=color, lw=1.0)
            ticks += [neuron.v_reset + shift, neuron.v_th + shift]
            labels += [f"{neuron.v_reset:g}", f"{neuron.v_th:g}"]
    if ticks:
        ax.set_yticks(ticks, labels)
    ax.set_ylim(float(v.min()) - 2.0, top + (rows.size - 1) * offset + (10.0 if neuron else 0.0))
    ax.set_xlim(t0, t1)
    ax.set_ylabel("V (mV)" + (f", stacked by {offset:g} mV" if offset else ""))
    if neuron is not None:
        ax.legend(handles=[Line2D([], [], color="k", ls="--", lw=0.7, label="threshold"),
                           Line2D([], [], color="0.5", ls=":", lw=0.7, label="reset")],
                  loc="upper right", fontsize=_FONT_SMALL, ncol=2, framealpha=0.9)
    return ax


def plot_ei_balance(result, *, ax=None, neuron_index=0, smooth=2.0, t_range=None):
    """Excitatory, inhibitory and net synaptic input to one recorded neuron (mV/ms).

    Parameters
    ----------
    result : SimulationResult
        A simulation run with ``record_ids=[...]``; without recorded input
        the panel shows a message instead.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    neuron_index : int
        Which recorded neuron: an index into ``result.record_ids``.
    smooth : float or None
        Standard deviation (ms) of the Gaussian kernel that smooths the
        input; None or 0 shows it raw (one value per time step).
    t_range : (float, float) or None
        Time window (ms); None shows the whole run.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    ``result.exc_input`` and ``result.inh_input`` are the jumps (mV) that
    arrived in each step of ``dt``; divided by ``dt`` they are input rates
    in mV/ms, the synaptic term :math:`\\sum_j J_{ij} \\sum_k \\delta(t - t_j^k - D)`
    of the membrane equation. Excitatory input includes external Poisson
    spikes; a constant external current and white noise are not synaptic
    input and are not shown. The legend gives the means over the window.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_ei_balance(res, neuron_index=1)
    >>> ax.get_legend().get_title().get_text()
    'mean input (mV/ms) to I neuron 40, smoothed 2 ms'
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t0, t1 = _check_t_range(result, t_range)
    neuron_index = check_int("neuron_index", neuron_index, minimum=0)
    ax = _new_ax(ax)
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("Synaptic input (mV/ms)")
    if result.exc_input is None or result.record_ids.size == 0:
        _message(ax, "No synaptic input recorded\n(simulate with record_ids=[...])")
        return ax
    if neuron_index >= result.record_ids.size:
        raise ValueError(f"neuron_index must be < {result.record_ids.size} (recorded neurons), "
                         f"got {neuron_index!r}")
    dt = result.dt
    t = result.times[:-1]
    sel = (t >= t0) & (t <= t1)
    exc = result.exc_input[neuron_index] / dt
    inh = result.inh_input[neuron_index] / dt
    if smooth:
        smooth = check_positive("smooth", smooth, "ms")
        exc, inh = (gaussian_filter1d(x, smooth / dt, mode="reflect") for x in (exc, inh))
    net = exc + inh
    for label, color, x, lw in (("exc.", E_COLOR, exc, 1.0), ("inh.", I_COLOR, inh, 1.0),
                                ("net", "k", net, 1.4)):
        ax.plot(t[sel], x[sel], color=color, lw=lw, label=f"{label} {x[sel].mean():+.1f}")
    ax.axhline(0.0, color="0.5", lw=0.6)
    nid = int(result.record_ids[neuron_index])
    pop = "E" if nid < result.n_exc else "I"
    lo = min(float(inh[sel].min()), float(net[sel].min()), 0.0)
    hi = max(float(exc[sel].max()), float(net[sel].max()), 0.0)
    span = hi - lo if hi > lo else 1.0
    ax.set_ylim(lo - 0.05 * span, hi + 0.45 * span)
    ax.set_xlim(t0, t1)
    ax.legend(loc="upper center", fontsize=_FONT_SMALL, ncol=3, framealpha=0.9,
              title=f"mean input (mV/ms) to {pop} neuron {nid}, smoothed {smooth or 0:g} ms",
              title_fontsize=_FONT_SMALL)
    return ax


def plot_fi_curve(params, *, ax=None, currents=None, duration=1000.0):
    """F-I curve of the LIF neuron: simulated (dots) and closed form (line).

    Parameters
    ----------
    params : LIFParams or NetworkParams
        The neuron (a network's ``neuron`` is used).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    currents : array_like or None
        Constant currents (nA) simulated; None gives 25 values from 0 to 4
        times the rheobase.
    duration : float
        Simulated time per current (ms).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Dots: :func:`snncourse.neuron.simulate_fi_curve` (``dt`` = 0.1 ms).
    Line: :func:`snncourse.theory.fi_curve`,

    .. math:: \\nu = \\left[t_\\mathrm{ref} + \\tau_m \\ln\\frac{R I - V_r}{R I - \\theta}\\right]^{-1}
              \\quad (R I > \\theta),

    relative to rest. The dotted line marks the rheobase
    :math:`(\\theta - V_\\mathrm{rest}) / R`.

    Examples
    --------
    >>> ax = plot_fi_curve(LIFParams(), currents=[1.0, 2.5, 4.0])
    >>> dots = ax.get_lines()[1]
    >>> [round(float(r), 1) for r in dots.get_ydata()]   # 0 below the rheobase of 2 nA
    [0.0, 41.7, 98.0]
    >>> plt.close(ax.figure)
    """
    from . import theory
    from .neuron import simulate_fi_curve

    if isinstance(params, NetworkParams):
        params = params.neuron
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be a LIFParams or NetworkParams, got {type(params).__name__}")
    duration = check_positive("duration", duration, "ms")
    if currents is None:
        currents = np.linspace(0.0, 4.0 * params.rheobase, 25)
    currents = np.asarray(currents, dtype=float)
    ax = _new_ax(ax)
    fine = np.linspace(min(0.0, currents.min()), currents.max(), 400)
    ax.plot(fine, theory.fi_curve(params, fine), color="k", lw=1.3, label="closed form")
    ax.plot(currents, simulate_fi_curve(params, currents, duration=duration), "o", ms=4,
            color=E_COLOR, mfc="none", mew=1.2, label=f"simulated ({duration:g} ms)")
    ax.axvline(params.rheobase, color="0.5", ls=":", lw=1.0,
               label=f"rheobase {params.rheobase:g} nA")
    ax.set_xlabel("Input current I (nA)")
    ax.set_ylabel("Firing rate (Hz)")
    ax.legend(loc="upper left", fontsize=_FONT_SMALL, framealpha=0.9)
    return ax


def plot_correlations(result, *, ax=None, bin_size=10.0, t_start=0.0, bins=50):
    """Distribution of the pairwise correlations of binned spike counts.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    bin_size : float
        Width (ms) of the bins in which spikes are counted.
    t_start : float
        Spikes are counted in whole bins from ``t_start`` (ms) to the end.
    bins : int
        Number of histogram bins.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Pearson correlation of the spike counts of every pair of neurons whose
    count varies (:func:`snncourse.analysis.pairwise_correlations`), the
    same numbers as ``mean_pairwise_correlation`` of
    :func:`snncourse.analysis.report_table`. The dashed line marks the
    mean. Independent trains give a spread of about
    :math:`1/\\sqrt{n_\\mathrm{bins}}` around 0 (dotted lines).

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_correlations(res, bin_size=20.0, t_start=100.0)
    >>> ax.get_xlabel()
    'Pairwise correlation r, 20 ms bins (dimensionless)'
    >>> plt.close(ax.figure)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    bin_size = check_positive("bin_size", bin_size, "ms")
    bins = check_int("bins", bins, minimum=1)
    ax = _new_ax(ax)
    r, n_bins = analysis.count_correlations(result.spike_times, result.spike_ids,
                                            result.n_neurons, bin_size, t_start, result.duration)
    if r.size == 0:
        _message(ax, "Fewer than two neurons with varying counts:\nno correlation")
    else:
        ax.hist(r, bins=bins, color="0.6", edgecolor="0.35", lw=0.4,
                label=f"{r.size} pairs, {bin_size:g} ms bins")
        ax.axvline(r.mean(), color="k", ls="--", lw=1.3, label=f"mean r = {r.mean():.3f}")
        for s in (-1, 1):
            ax.axvline(s / math.sqrt(n_bins), color="0.5", ls=":", lw=1.0,
                       label="\u00b11/\u221an_bins (independent)" if s == 1 else None)
        ax.set_ylim(0, 1.45 * ax.get_ylim()[1])
        ax.legend(loc="upper right", fontsize=_FONT_SMALL, framealpha=0.9)
    ax.set_xlabel(f"Pairwise correlation r, {bin_size:g} ms bins (dimensionless)")
    ax.set_ylabel("Pairs (count)")
    return ax


def plot_connectivity(connectivity_or_result, *, ax=None, n_max=200):
    """Connectivity matrix W[post, pre] of the first neurons, E and I blocks marked.

    Parameters
    ----------
    connectivity_or_result : Connectivity or SimulationResult
        The wiring, or a simulation that carries it; a result without
        connectivity gives a message in the panel.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made if None.
    n_max : int
        Largest number of neurons shown. Larger networks show the first
        neurons of each population in proportion to its size (as
        :func:`plot_raster`), E first.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A red pixel is an excitatory synapse (presynaptic neuron in column,
    postsynaptic in row), a blue one inhibitory; darker pixels are multiple
    synapses between the same pair (possible with fixed in-degree). Lines
    separate the E -> E, I -> E, E -> I and I -> I blocks.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> ax = plot_connectivity(res)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]   # 50 neurons x (4 E + 1 I)
    ['E synapse (200)', 'I synapse (50)']
    >>> plt.close(ax.figure)
    """
    conn = connectivity_or_result
    if isinstance(conn, SimulationResult):
        conn = conn.connectivity
        if conn is None:
            ax = _new_ax(ax)
            ax.set_xlabel("Presynaptic neuron (index)")
            ax.set_ylabel("Postsynaptic neuron (index)")
            _message(ax, "No connectivity stored in this result")
            return ax
    if not isinstance(conn, Connectivity):
        raise TypeError("connectivity_or_result must be a Connectivity or SimulationResult, "
                        f"got {type(connectivity_or_result).__name__}")
    n_max = check_int("n_max", n_max, minimum=1)
    ax = _new_ax(ax, figsize=(5.0, 5.0))
    ids, k_e = _shown_neurons(conn.n_exc, conn.n_inh, n_max)
    m = ids.size
    pos = np.full(conn.n_neurons, -1)
    pos[ids] = np.arange(m)
    w = np.zeros((m, m), dtype=np.int64)
    for col, pre in enumerate(ids):
        tg = pos[conn.targets[conn.indptr[pre]:conn.indptr[pre + 1]]]
        np.add.at(w[:, col], tg[tg >= 0], 1)
    rgb = np.ones((m, m, 3))
    for cols, color in ((slice(0, k_e), E_COLOR), (slice(k_e, m), I_COLOR)):
        c = np.array([int(color[k:k + 2], 16) / 255 for k in (1, 3, 5)])
        block = w[:, cols]
        strength = np.clip(block, 0, 2)[..., None] / 2.0  # 1 synapse: light, 2+: full colour
        shade = 1.0 - (0.35 + 0.65 * strength) * (1.0 - c)
        rgb[:, cols] = np.where(block[..., None] > 0, shade, 1.0)
    ax.imshow(rgb, interpolation="nearest", origin="upper", extent=(-0.5, m - 0.5, m - 0.5, -0.5))
    if m > k_e:
        ax.axvline(k_e - 0.5, color="k", lw=0.8)
        ax.axhline(k_e - 0.5, color="k", lw=0.8)
    shown = f" (first {m} of {conn.n_neurons})" if m < conn.n_neurons else ""
    ax.set_xlabel(f"Presynaptic neuron (index){shown}")
    ax.set_ylabel("Postsynaptic neuron (index)")
    handles = [Patch(color=E_COLOR, label=f"E synapse ({int(w[:, :k_e].sum())})")]
    if m > k_e:
        handles.append(Patch(color=I_COLOR, label=f"I synapse ({int(w[:, k_e:].sum())})"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2,
              fontsize=_FONT_SMALL, frameon=False)
    return ax


# -- composite figures -----------------------------------------------------------
def _label_panels(axes, titles):
    for letter, ax, title in zip("abcdef", axes, titles):
        ax.set_title(f"({letter}) {title}", loc="left", fontsize=11, fontweight="bold")


def _regime_title(result):
    name = result.params.name if result.params is not None else "network"
    return (f"{name}: {result.n_exc} E + {result.n_inh} I neurons, "
            f"{result.duration:g} ms simulated")


def figure_2_1(result, *, t_start=0.0, t_range=None, rng=0, figsize=(12.0, 7.0)):
    """Figure 2.1 of the seed report, network activity, panels (a)-(f).

    (a) raster, (b) population rate, (c) rate distribution, (d) ISI
    distribution, (e) cross-correlogram, (f) power spectrum.

    Parameters
    ----------
    result : SimulationResult
        A network simulation.
    t_start : float
        Start (ms) of the window analysed in (c)-(f): the transient before
        it is left out.
    t_range : (float, float) or None
        Window (ms) of the raster and the rate; None picks one from
        ``t_start`` long enough for about 30 spikes per neuron (at least
        50 ms, at most the whole run).
    rng : numpy.random.Generator, int or None
        Draws the neuron pairs of the cross-correlogram.
    figsize : (float, float)
        Figure size (inches).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    (b) uses 1 ms bins, smoothed with a 1 ms Gaussian; (e) is averaged over
    200 random ordered pairs in 1 ms lag bins up to +-30 ms and normalized to chance
    (:func:`plot_cross_correlogram`); (f) is the Welch spectrum of the
    population rate in 0.2 ms bins (``analysis.SPECTRUM_BIN_MS``, up to
    2500 Hz), the one :func:`snncourse.analysis.regime_statistics` reads its
    peak from (:func:`plot_power_spectrum`).

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> fig = figure_2_1(res, t_start=100.0)
    >>> [ax.get_title(loc="left") for ax in fig.axes][:3]
    ['(a) Raster', '(b) Population rate', '(c) Rate distribution']
    >>> plt.close(fig)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    t_range = _auto_t_range(result, t_start) if t_range is None else _check_t_range(result, t_range)
    fig, axes = plt.subplots(2, 3, figsize=figsize, layout="constrained")
    axes = axes.ravel()
    max_lag = min(30.0, 0.4 * (result.duration - t_start))
    plot_raster(result, ax=axes[0], t_range=t_range)
    plot_population_rate(result, ax=axes[1], bin_size=1.0, smooth=1.0, t_range=t_range)
    plot_rate_distribution(result, ax=axes[2], t_start=t_start)
    plot_isi_distribution(result, ax=axes[3], t_start=t_start)
    plot_cross_correlogram(result, ax=axes[4], bin_size=1.0, max_lag=max_lag, n_pairs=200,
                           rng=rng, t_start=t_start)
    plot_power_spectrum(result, ax=axes[5], t_start=t_start)
    _label_panels(axes, ["Raster", "Population rate", "Rate distribution", "ISI distribution",
                         "Cross-correlogram", "Power spectrum"])
    fig.suptitle(f"Network activity. {_regime_title(result)}; statistics from {t_start:g} ms",
                 fontsize=11)
    return fig


def figure_3_1(result, *, t_start=0.0, t_range=None, bin_size=10.0, fi_currents=None,
               figsize=(12.0, 7.0)):
    """Figure 3.1 of the seed report, synchronization, panels (a)-(f).

    (a) spike counts, (b) membrane traces, (c) E/I balance, (d) F-I curve,
    (e) correlations, (f) connectivity.

    Parameters
    ----------
    result : SimulationResult
        A network simulation (with recorded neurons for (b) and (c); the
        panels say so when there are none).
    t_start : float
        Start (ms) of the window analysed in (e).
    t_range : (float, float) or None
        Window (ms) of (b) and (c); None picks one from ``t_start`` with
        about 15 spikes per neuron (50 to 100 ms). (a) shows 100 bins of 5 ms from its start, or
        less if the run is shorter.
    bin_size : float
        Count bin (ms) of the correlations in (e).
    fi_currents : array_like or None
        Currents (nA) of the F-I curve; None spans 0 to 1.25 times the
        network's constant drive (at least 4 rheobases).
    figsize : (float, float)
        Figure size (inches).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    In (d) the dashed line marks the constant current that drives every
    neuron of the network (``params.i_ext``), when there is one.

    Examples
    --------
    >>> from snncourse.network import simulate_network
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5, noise_sigma=2.0)
    >>> res = simulate_network(net, duration=300.0, rng=1, record_ids=[0, 40])
    >>> fig = figure_3_1(res, t_start=100.0)
    >>> [ax.get_title(loc="left") for ax in fig.axes][3:]
    ['(d) F-I curve', '(e) Correlations', '(f) Connectivity']
    >>> plt.close(fig)
    """
    result = _check_result(result)
    t_start = _check_t_start(result, t_start)
    if t_range is None:
        t0, t1 = _auto_t_range(result, t_start, spikes_per_neuron=15.0)
        t_range = (t0, min(t1, t0 + 100.0))
    else:
        t_range = _check_t_range(result, t_range)
    fig, axes = plt.subplots(2, 3, figsize=figsize, layout="constrained")
    axes = axes.ravel()
    count_bin = 5.0
    c0 = t_range[0]
    plot_spike_counts(result, ax=axes[0], bin_size=count_bin,
                      t_range=(c0, min(result.duration, c0 + 100 * count_bin)))
    plot_membrane_traces(result, ax=axes[1], n_traces=3, t_range=t_range)
    plot_ei_balance(result, ax=axes[2], neuron_index=0, smooth=2.0, t_range=t_range)
    net = result.params
    if net is not None:
        rheo = net.neuron.rheobase
        if fi_currents is None:
            top = max(4.0 * rheo, 1.25 * net.i_ext)
            fi_currents = np.linspace(0.0, top, 26)
        plot_fi_curve(net.neuron, ax=axes[3], currents=fi_currents)
        if net.i_ext > 0:
            axes[3].axvline(net.i_ext, color="k", ls="--", lw=1.0,
                            label=f"network drive {net.i_ext:g} nA")
            axes[3].legend(loc="upper left", fontsize=_FONT_SMALL, framealpha=0.9)
    else:
        axes[3].set_xlabel("Input current I (nA)")
        axes[3].set_ylabel("Firing rate (Hz)")
        _message(axes[3], "No parameters stored in this result")
    plot_correlations(result, ax=axes[4], bin_size=bin_size, t_start=t_start)
    plot_connectivity(result, ax=axes[5], n_max=200)
    _label_panels(axes, ["Spike counts", "Membrane traces", "E/I balance", "F-I curve",
                         "Correlations", "Connectivity"])
    fig.suptitle(f"Synchronization. {_regime_title(result)}", fontsize=11)
    return fig


# -- theory against simulation ---------------------------------------------------
def plot_theory_and_simulation(x_theory, y_theory, x_sim, y_sim, *, ax=None, color="k",
                               label=None, theory_style="-", xlabel=None, ylabel=None):
    """A theoretical curve and the simulated points it predicts, in one call.

    The course's recurring picture (Brian2's tutorials overlay "analytic" and
    "simulated" the same way): the theory as a line, the simulation as dots
    of the same colour. Call it once per curve on the same Axes.

    Parameters
    ----------
    x_theory, y_theory : array_like
        The theoretical curve.
    x_sim, y_sim : array_like
        The simulated points (NaN points are not drawn).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    color : str or tuple
        Colour of both line and dots.
    label : str, optional
        Legend entry of the dots (the curve they belong to).
    theory_style : str
        Line style of the theory.
    xlabel, ylabel : str, optional
        Axis labels (with units), set when given.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> x = np.linspace(0.0, 1.0, 11)
    >>> ax = plot_theory_and_simulation(x, x**2, x[::2], x[::2]**2 + 0.01, label="sim",
    ...                                 xlabel="Input (mV)", ylabel="Rate (Hz)")
    >>> len(ax.get_lines()), ax.get_xlabel()
    (2, 'Input (mV)')
    >>> plt.close(ax.figure)
    """
    ax = _new_ax(ax)
    x_theory = as_1d_float("x_theory", x_theory)
    y_theory = np.asarray(y_theory, dtype=float)
    if y_theory.shape != x_theory.shape:
        raise ValueError(f"y_theory must have the shape of x_theory {x_theory.shape}, "
                         f"got {y_theory.shape}")
    x_sim = as_1d_float("x_sim", x_sim)
    y_sim = np.asarray(y_sim, dtype=float)
    if y_sim.shape != x_sim.shape:
        raise ValueError(f"y_sim must have the shape of x_sim {x_sim.shape}, got {y_sim.shape}")
    ax.plot(x_theory, y_theory, theory_style, color=color, lw=1.5)
    ax.plot(x_sim, y_sim, "o", color=color, ms=5, label=label)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def legend_theory_and_simulation(ax, *, theory="theory", simulation="simulated", **kwargs):
    """Add the two legend entries "line = theory, dots = simulation" and draw the legend."""
    ax.plot([], [], "k-", label=theory)
    ax.plot([], [], "ko", ms=5, label=simulation)
    ax.legend(**{"fontsize": _FONT_SMALL, **kwargs})
    return ax


# -- Brunel's phase diagram ------------------------------------------------------
#: Colour of each state of :data:`snncourse.regimes.STATES` in
#: :func:`plot_phase_diagram` (red and blue stay E and I).
STATE_COLORS = {"quiescent": "#eeeeee", "AI": "#7fbf7b", "SI slow": "#f1a340",
                "SI fast": "#998ec3", "SR": "#525252"}


def _edges(centres):
    """Cell edges around (possibly uneven) grid centres, for ``pcolormesh``."""
    c = np.asarray(centres, dtype=float)
    if c.size == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = 0.5 * (c[1:] + c[:-1])
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def _hopf_lines(ax, boundaries, rate_levels):
    """Draw the instability lines (and mean-field rate contours) of ``boundaries``; legend handles."""
    from matplotlib import patheffects

    from .stability import BRANCHES

    handles = []
    halo = [patheffects.withStroke(linewidth=3.6, foreground="k")]
    if rate_levels is not None:
        levels = np.sort(as_1d_float("rate_levels", rate_levels, allow_empty=False))
        if np.any(levels <= 0):
            raise ValueError(f"rate_levels must be > 0 Hz, got {rate_levels!r}")
        cs = ax.contour(boundaries.g, boundaries.eta, boundaries.rate, levels, colors="0.1",
                        linewidths=0.8, linestyles="-", alpha=0.8)
        tops = [max(seg, key=lambda v: v[1]) for segs in cs.allsegs for seg in segs[:1] if len(seg)]
        ax.clabel(cs, fmt=lambda v: f"{v:g} Hz", fontsize=7, inline_spacing=2,
                  manual=[(x, y - 0.15 * np.ptp(boundaries.eta)) for x, y in tops])
        handles.append(Line2D([], [], color="0.1", lw=0.8, label="mean-field rate (Hz)"))
    for name, gain in zip(BRANCHES, boundaries.gain):
        if not np.any(gain > 1) or not np.any(gain < 1):
            continue
        cs = ax.contour(boundaries.g, boundaries.eta, gain, [1.0], colors="w", linewidths=1.6)
        cs.set(path_effects=halo)
        paths = [p for p in cs.allsegs[0] if len(p) > 1]
        lo, hi = boundaries.line_frequency(name)
        if not paths or not np.isfinite(lo):
            continue
        seg = max(paths, key=lambda p: np.ptp(p[:, 1]) + np.ptp(p[:, 0]))
        g0, e0 = seg[np.argmin(np.abs(seg[:, 1] - 0.5 * (seg[:, 1].min() + seg[:, 1].max())))]
        text = f"{lo:.0f}-{hi:.0f} Hz" if hi - lo >= 10 else f"{0.5 * (lo + hi):.0f} Hz"
        ax.annotate(f"{name} line\n{text}", (g0, e0), xytext=(4, -6), textcoords="offset points",
                    fontsize=7, va="top",
                    bbox=dict(boxstyle="round,pad=0.15", fc="w", ec="none", alpha=0.8))
    handles.append(Line2D([], [], color="w", lw=1.6, path_effects=halo,
                          label="mean field: asynchronous\nstate unstable beyond"))
    return handles


def plot_phase_diagram(diagram: PhaseDiagram, *, ax=None, brunel_labels: bool = True,
                       boundaries=None, rate_levels=None):
    """Draw the classified grid as coloured cells, with Brunel's named points and lines on top.

    Parameters
    ----------
    diagram : PhaseDiagram
        From :func:`phase_diagram` (or :func:`snncourse.sweep.load_phase_diagram`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    brunel_labels : bool
        Mark Brunel's four points of Figure 8 (SR, AI, SI fast, SI slow) and
        the two lines that follow from the mean input alone: ``g = 4``
        (recurrent inhibition cancels recurrent excitation) and ``eta = 1``
        (the external drive alone brings the mean input to threshold).
    boundaries : HopfBoundaries, optional
        From :func:`snncourse.stability.hopf_boundaries`: draw its
        instability lines (SR, SI fast, SI slow; the contours where the loop
        gain of a mode is 1), each labelled with the frequency of its
        unstable mode.
    rate_levels : sequence of float, optional
        Mean-field rates (Hz, > 0) to draw as contours of ``boundaries.rate``;
        needs ``boundaries``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``diagram`` is not a :class:`PhaseDiagram` or ``boundaries`` not a
        :class:`~snncourse.stability.HopfBoundaries`.
    ValueError
        If ``rate_levels`` is given without ``boundaries`` or holds a rate <= 0.

    Examples
    --------
    >>> from snncourse.regimes import PhaseDiagram
    >>> pd = PhaseDiagram(g=np.array([3.0, 5.0]), eta=np.array([2.0]),
    ...                   rate=np.array([[330.0, 40.0]]), cv=np.array([[0.05, 0.9]]),
    ...                   chi=np.array([[0.2, 0.1]]), f_peak=np.array([[330.0, 60.0]]),
    ...                   state=np.array([["SR", "AI"]]))
    >>> ax = plot_phase_diagram(pd)
    >>> ax.get_xlabel()
    'relative inhibition g'
    >>> plt.close(ax.figure)
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap

    from .regimes import STATES, PhaseDiagram
    from .stability import HopfBoundaries

    check_type("diagram", diagram, PhaseDiagram)
    if boundaries is not None:
        check_type("boundaries", boundaries, HopfBoundaries)
    elif rate_levels is not None:
        raise ValueError(f"rate_levels needs boundaries (the mean-field rates), got rate_levels="
                         f"{rate_levels!r} and boundaries=None")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.2), layout="constrained")
    cmap = ListedColormap([STATE_COLORS[s] for s in STATES])
    norm = BoundaryNorm(np.arange(len(STATES) + 1) - 0.5, cmap.N)
    ax.pcolormesh(_edges(diagram.g), _edges(diagram.eta), diagram.state_index, cmap=cmap,
                  norm=norm, edgecolors="w", linewidth=0.5)
    x_lim, y_lim = ax.get_xlim(), ax.get_ylim()
    lines = []
    if boundaries is not None:
        lines += _hopf_lines(ax, boundaries, rate_levels)
    if brunel_labels:
        ax.axvline(4.0, color="k", ls=":", lw=1)
        ax.axhline(1.0, color="k", ls="-.", lw=1)
        lines += [Line2D([], [], color="k", ls=":", lw=1, label="g = 4: recurrent\nmean input 0"),
                  Line2D([], [], color="k", ls="-.", lw=1, label=r"$\eta$ = 1: drive alone" "\nat threshold")]
        for label, (g, eta) in BRUNEL_STATES.items():
            ax.plot(g, eta, "k*", ms=9)
            ax.annotate(f"Brunel {label}", (g, eta), xytext=(4, 4), textcoords="offset points",
                        fontsize=8, color="k",
                        bbox=dict(boxstyle="round,pad=0.15", fc="w", ec="none", alpha=0.7))
    ax.set(xlim=x_lim, ylim=y_lim)
    if lines:  # a second legend, kept as an artist; ax.get_legend() stays the states'
        theory = ax.legend(handles=lines, loc="lower left", bbox_to_anchor=(1.01, 0.0), fontsize=7,
                           title="theory", title_fontsize=8)
        ax.add_artist(theory).set_clip_on(False)  # add_artist clips to the axes: undo, it lies outside
    present = [s for s in STATES if np.any(diagram.state == s)]
    ax.legend(handles=[Patch(color=STATE_COLORS[s], label=s) for s in present],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="simulated")
    ax.set_xlabel("relative inhibition g")
    ax.set_ylabel(r"external drive $\eta = \nu_\mathrm{ext}/\nu_\mathrm{thr}$")
    return ax
