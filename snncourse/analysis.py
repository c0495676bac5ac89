"""Spike-train statistics: rates, irregularity, correlations, spectra, synchrony.

Spikes are two parallel arrays ``(spike_times, spike_ids)``: times in ms (in
any order), integer neuron ids in ``0 .. n_neurons - 1``. Rates are in Hz.
Elephant (NeuralEnsemble) is the reference implementation; the test suite
cross-checks every function that has an Elephant counterpart.

Rates and counts
    firing_rates                  spikes per second of each neuron in a window
    spike_counts                  (n_neurons, n_bins) matrix of binned counts
    population_rate               population rate histogram (Hz), optionally smoothed
Irregularity
    isi_intervals                 all inter-spike intervals, pooled (ms)
    isi_cv                        coefficient of variation of each neuron's ISIs
    fano_factor                   variance / mean of spike counts
Correlations
    pairwise_correlations         Pearson r of binned counts of every pair
    cross_correlogram             histogram of spike-time differences of two trains
    population_cross_correlogram  mean correlogram of random pairs, normalized
Oscillations and synchrony
    power_spectrum                Welch power spectral density of a sampled signal
    rate_spectrum                 spectrum of a population rate, sampled at SPECTRUM_BIN_MS
    peak_frequency                frequency of the largest PSD value in a band
    synchrony_chi                 Golomb's synchrony measure chi from voltages
Summaries
    finite_mean                   mean of the finite values (NaN, silently, if none)
    count_correlations            pairwise count correlations in a window (large nets subsampled)
    report_table                  the quantities of the report's Table 4.1
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.signal import welch

from ._validation import (
    as_1d_float,
    as_float_array,
    as_rng,
    as_spikes,
    check_choice,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
)
from .units import counts_to_hz, ms_to_s, per_ms_to_hz

__all__ = [
    "firing_rates",
    "spike_counts",
    "population_rate",
    "isi_intervals",
    "isi_cv",
    "fano_factor",
    "pairwise_correlations",
    "cross_correlogram",
    "population_cross_correlogram",
    "power_spectrum",
    "peak_frequency",
    "synchrony_chi",
    "finite_mean",
    "count_correlations",
    "report_table",
    "REPORT_TABLE_KEYS",
    "MAX_CORRELATION_NEURONS",
    "SPECTRUM_BIN_MS",
    "SPECTRUM_SEGMENT_MS",
    "rate_spectrum",
]

#: Keys of :func:`report_table`, in the order of the report's Table 4.1.
REPORT_TABLE_KEYS = ("network_size", "mean_rate_hz", "exc_rate_hz", "inh_rate_hz", "isi_cv",
                     "mean_pairwise_correlation", "correlation_bin_ms")

#: Largest number of neurons whose pairwise correlations are computed (the
#: correlation matrix has n**2 entries); larger networks use an evenly spaced
#: subset of neuron ids.
MAX_CORRELATION_NEURONS = 2500

#: Bin (ms) of the population rate whose spectrum the course reports
#: (:func:`rate_spectrum`, used by :func:`snncourse.regimes.regime_statistics`).
#: The Nyquist frequency ``500 / SPECTRUM_BIN_MS`` = 2500 Hz lies above every
#: rhythm the course shows (the fastest, the delay-locked line of the
#: ``seed_report`` network at D = 1 ms, is near 1050 Hz; the SR state of
#: the reduced Brunel network near 665 Hz). With 1 ms bins (Nyquist 500 Hz)
#: a 665 Hz line is folded back to 335 Hz. 0.2 ms is two steps of the usual
#: dt = 0.1 ms, so spikes on the time grid fill every bin alike (a bin of
#: 0.25 ms would hold 3 and 2 steps in turn and add a false 2000 Hz line).
SPECTRUM_BIN_MS = 0.2
#: Length (ms) of a Welch segment of :func:`rate_spectrum`: the frequency
#: resolution is ``1000 / SPECTRUM_SEGMENT_MS`` = 3.9 Hz, or ``1000 / window``
#: Hz for windows shorter than a segment (5 Hz for 200 ms).
SPECTRUM_SEGMENT_MS = 256.0

#: A spike within this fraction of a bin below a bin edge is counted in the
#: next bin (floating-point rounding), as in Elephant's ``BinnedSpikeTrain``.
BIN_TOLERANCE = 1e-8
#: Spike-time differences within this many ms of a correlogram bin edge count
#: as lying on the edge (and go to the bin on its right).
LAG_TOLERANCE = 1e-6


def _n_bins(span, bin_size):
    """Number of whole bins of ``bin_size`` in ``span`` (tolerant to rounding)."""
    return int(np.floor(span / bin_size + BIN_TOLERANCE))


def _bin_index(times, t_start, bin_size, n_bins):
    """Bin index of each time, and a mask of the times inside the ``n_bins`` bins."""
    idx = np.floor((times - t_start) / bin_size + BIN_TOLERANCE).astype(np.int64)
    return idx, (times >= t_start) & (idx < n_bins)


def spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_start=0.0, t_stop=None):
    r"""Count the spikes of every neuron in consecutive time bins.

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spike times (ms, in any order) and neuron ids (``0 .. n_neurons - 1``).
    n_neurons : int
        Number of neurons (rows of the result, silent neurons included).
    bin_size : float
        Bin width (ms).
    t_start : float
        Left edge of the first bin (ms).
    t_stop : float or None
        End of the counting window (ms); a trailing partial bin is dropped.
        None ends the window at the latest spike, rounded up to a whole bin.

    Returns
    -------
    counts : numpy.ndarray of int, shape (n_neurons, n_bins)
        ``counts[i, k]`` is the number of spikes of neuron ``i`` in
        ``[t_start + k bin_size, t_start + (k + 1) bin_size)``. Spikes outside
        the bins are dropped. No spike in the window gives zero columns when
        ``t_stop`` is None.

    Raises
    ------
    ValueError, TypeError
        For malformed spikes, a non-positive ``bin_size`` or ``t_stop <= t_start``.

    Notes
    -----
    The bin of a spike at time :math:`t` is
    :math:`k = \lfloor (t - t_\mathrm{start}) / \Delta + \epsilon \rfloor`
    with :math:`\epsilon` = ``BIN_TOLERANCE``, as Elephant's ``BinnedSpikeTrain``.

    References
    ----------
    Denker M. et al. (2018), Elephant, ``elephant.conversion.BinnedSpikeTrain``.

    Examples
    --------
    >>> spike_counts([0.5, 1.5, 1.7, 3.0], [0, 0, 1, 1], 2, bin_size=1.0)
    array([[1, 1, 0, 0],
           [0, 1, 0, 1]])
    """
    times, ids = as_spikes(spike_times, spike_ids, n_neurons)
    bin_size = check_positive("bin_size", bin_size, "ms")
    t_start = check_finite("t_start", t_start, "ms")
    if t_stop is None:
        late = times[times >= t_start]
        n_bins = _n_bins(late.max() - t_start, bin_size) + 1 if late.size else 0
    else:
        t_stop = check_finite("t_stop", t_stop, "ms")
        if t_stop <= t_start:
            raise ValueError(f"t_stop must be > t_start = {t_start!r} ms, got {t_stop!r}")
        n_bins = _n_bins(t_stop - t_start, bin_size)
    idx, inside = _bin_index(times, t_start, bin_size, n_bins)
    flat = np.bincount(ids[inside] * n_bins + idx[inside], minlength=n_neurons * n_bins)
    return flat.reshape(n_neurons, n_bins)


def firing_rates(spike_times, spike_ids, n_neurons, *args, t_start=0.0, t_stop=None, duration=None):
    r"""Mean firing rate of every neuron in the window ``[t_start, t_stop)``.

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spike times (ms, in any order) and neuron ids (``0 .. n_neurons - 1``).
    n_neurons : int
        Number of neurons (silent neurons get rate 0).
    t_start : float
        Start of the counting window (ms), e.g. after a transient.
    t_stop : float
        End of the counting window (ms), > ``t_start``; the same window
        convention as :func:`spike_counts`.
    duration : float, optional
        Deprecated: the window length ``t_stop - t_start`` (ms), as in the
        first release's signature ``firing_rates(t, i, n, duration, t_start)``,
        which still works with a ``DeprecationWarning``.

    Returns
    -------
    rates : numpy.ndarray of float, shape (n_neurons,)
        Rates (Hz). Spikes outside the window are ignored.

    Raises
    ------
    ValueError, TypeError
        For malformed spikes, a missing ``t_stop`` or an empty window.

    Notes
    -----
    .. math:: \nu_i = \frac{n_i}{T},

    with :math:`n_i` the spikes of neuron :math:`i` in the window and
    :math:`T` = ``t_stop - t_start`` in seconds. It is the count of one bin
    of width :math:`T` in :func:`spike_counts`, so both functions agree on edges.

    References
    ----------
    Dayan P. & Abbott L. F. (2001), Theoretical Neuroscience, sec. 1.2.
    Elephant, ``elephant.statistics.mean_firing_rate``.

    Examples
    --------
    >>> firing_rates([10.0, 20.0, 30.0, 250.0], [0, 0, 1, 1], 3, t_stop=200.0)
    array([10.,  5.,  0.])
    """
    if args or duration is not None:
        t_start, t_stop = _old_rate_window(args, t_start, t_stop, duration)
    t_start = check_finite("t_start", t_start, "ms")
    if t_stop is None:
        raise TypeError("firing_rates needs t_stop, the end of the counting window (ms)")
    t_stop = check_finite("t_stop", t_stop, "ms")
    if t_stop <= t_start:
        raise ValueError(f"t_stop must be > t_start = {t_start!r} ms, got {t_stop!r}")
    window = t_stop - t_start
    counts = spike_counts(spike_times, spike_ids, n_neurons, window, t_start=t_start, t_stop=t_stop)
    return counts_to_hz(counts[:, 0], window)


def _old_rate_window(args, t_start, t_stop, duration):
    """``(t_start, t_stop)`` from the deprecated ``(duration, t_start)`` arguments."""
    warnings.warn("firing_rates(spike_times, spike_ids, n_neurons, duration, t_start) is "
                  "deprecated: pass the window as t_start=..., t_stop=...",
                  DeprecationWarning, stacklevel=3)
    if len(args) > 2 or (args and duration is not None) or t_stop is not None:
        raise TypeError("firing_rates takes the window as t_start=..., t_stop=... (ms); "
                        f"got extra arguments {args!r}, duration={duration!r}, t_stop={t_stop!r}")
    if args:
        duration = args[0]
        if len(args) == 2:
            t_start = args[1]
    duration = check_positive("duration", duration, "ms")
    t_start = check_finite("t_start", t_start, "ms")
    return t_start, t_start + duration


def population_rate(spike_times, n_neurons, duration, bin_size, smooth=None, t_start=0.0):
    r"""Population rate: spikes of all neurons per bin, per neuron, per second.

    Parameters
    ----------
    spike_times : array_like of float
        Spike times (ms) of all neurons, in any order.
    n_neurons : int
        Number of neurons in the population (silent ones included).
    duration : float
        Length of the window (ms); a trailing partial bin is dropped.
    bin_size : float
        Bin width (ms).
    smooth : float or None
        Standard deviation (ms) of a Gaussian kernel applied to the binned
        rate (``scipy.ndimage.gaussian_filter1d``, ``mode='reflect'``), or
        None for the raw histogram.
    t_start : float
        Start of the window (ms).

    Returns
    -------
    t : numpy.ndarray, shape (n_bins,)
        Bin centres (ms).
    rate : numpy.ndarray, shape (n_bins,)
        Population rate (Hz).

    Raises
    ------
    ValueError, TypeError
        For bad arguments or ``duration < bin_size`` (no whole bin).

    Notes
    -----
    .. math:: A(t_k) = \frac{n_k}{N \Delta},

    with :math:`n_k` the spikes in bin :math:`k`, :math:`N` = ``n_neurons``
    and :math:`\Delta` = ``bin_size`` in s. The same as Elephant's
    ``time_histogram(..., output='rate')``.

    References
    ----------
    Gerstner W. et al. (2014), Neuronal Dynamics, sec. 7.2.
    Elephant, ``elephant.statistics.time_histogram``.

    Examples
    --------
    >>> t, rate = population_rate([0.5, 1.2, 1.4, 3.9], 2, duration=4.0, bin_size=2.0)
    >>> t, rate
    (array([1., 3.]), array([750., 250.]))
    """
    times = as_1d_float("spike_times", spike_times)
    n_neurons = check_int("n_neurons", n_neurons, minimum=1)
    duration = check_positive("duration", duration, "ms")
    bin_size = check_positive("bin_size", bin_size, "ms")
    t_start = check_finite("t_start", t_start, "ms")
    n_bins = _n_bins(duration, bin_size)
    if n_bins == 0:
        raise ValueError(f"duration must be >= bin_size = {bin_size!r} ms, got {duration!r}")
    idx, inside = _bin_index(times, t_start, bin_size, n_bins)
    rate = np.bincount(idx[inside], minlength=n_bins) / (n_neurons * ms_to_s(bin_size))
    if smooth is not None:
        smooth = check_positive("smooth", smooth, "ms")
        rate = gaussian_filter1d(rate, sigma=smooth / bin_size, mode="reflect")
    return t_start + (np.arange(n_bins) + 0.5) * bin_size, rate


def _sorted_isis(times, ids):
    """ISIs of every neuron (spikes sorted by neuron, then time) and their owners."""
    order = np.lexsort((times, ids))
    t, i = times[order], ids[order]
    same_neuron = i[1:] == i[:-1]
    return np.diff(t)[same_neuron], i[1:][same_neuron]


def isi_intervals(spike_times, spike_ids):
    r"""All inter-spike intervals of all neurons, pooled (for an ISI histogram).

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spike times (ms, in any order) and integer neuron ids.

    Returns
    -------
    isis : numpy.ndarray of float
        Intervals (ms) between consecutive spikes of the same neuron, grouped
        by neuron id, then in time order. Empty if no neuron spiked twice.

    Raises
    ------
    ValueError, TypeError
        For malformed spikes.

    Notes
    -----
    .. math:: \mathrm{ISI}_{i,k} = t_{i,k+1} - t_{i,k}

    References
    ----------
    Elephant, ``elephant.statistics.isi``.

    Examples
    --------
    >>> isi_intervals([30.0, 10.0, 5.0, 15.0, 12.0], [0, 0, 1, 1, 2])
    array([20., 10.])
    """
    times, ids = as_spikes(spike_times, spike_ids)
    return _sorted_isis(times, ids)[0]


def isi_cv(spike_times, spike_ids, n_neurons):
    r"""Coefficient of variation of each neuron's inter-spike intervals.

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spike times (ms, in any order: sorted per neuron here) and neuron ids
        (``0 .. n_neurons - 1``).
    n_neurons : int
        Number of neurons.

    Returns
    -------
    cv : numpy.ndarray of float, shape (n_neurons,)
        CV of each neuron; NaN for a neuron with fewer than 3 spikes (one ISI
        has no spread) or whose spikes all coincide (mean ISI 0).

    Raises
    ------
    ValueError, TypeError
        For malformed spikes.

    Notes
    -----
    .. math:: C_V = \frac{\sigma_\mathrm{ISI}}{\langle \mathrm{ISI} \rangle}

    with the standard deviation taken with ddof = 0, as Elephant's ``cv``.
    A Poisson process has :math:`C_V = 1`, a clock :math:`C_V = 0`.

    References
    ----------
    Dayan P. & Abbott L. F. (2001), Theoretical Neuroscience, sec. 1.4.
    Elephant, ``elephant.statistics.cv`` applied to ``isi``.

    Examples
    --------
    >>> isi_cv([0.0, 10.0, 20.0, 30.0, 0.0, 10.0, 30.0, 5.0], [0, 0, 0, 0, 1, 1, 1, 2], 3)
    array([0.        , 0.33333333,        nan])
    """
    times, ids = as_spikes(spike_times, spike_ids, n_neurons)
    isis, owner = _sorted_isis(times, ids)
    n = np.bincount(owner, minlength=n_neurons)
    mean = np.bincount(owner, weights=isis, minlength=n_neurons) / np.maximum(n, 1)
    # two-pass variance: exact for regular trains, unlike E[x^2] - E[x]^2
    var = np.bincount(owner, weights=(isis - mean[owner]) ** 2, minlength=n_neurons)
    ok = (n >= 2) & (mean > 0)
    cv = np.full(n_neurons, np.nan)
    cv[ok] = np.sqrt(var[ok] / n[ok]) / mean[ok]
    return cv


def fano_factor(counts):
    r"""Fano factor (variance / mean) of spike counts, per row.

    Parameters
    ----------
    counts : array_like, shape (n_bins,) or (n_neurons, n_bins)
        Non-negative spike counts, e.g. from :func:`spike_counts`.

    Returns
    -------
    ff : float or numpy.ndarray of float, shape (n_neurons,)
        A float for 1-D input. NaN for a row with mean 0 (a silent neuron)
        or no bins.

    Raises
    ------
    ValueError, TypeError
        If ``counts`` is not a 1-D or 2-D array of finite non-negative numbers.

    Notes
    -----
    .. math:: F = \frac{\mathrm{Var}(n)}{\langle n \rangle}

    with the variance taken with ddof = 0. Poisson counts have :math:`F = 1`.
    Elephant's ``fanofactor`` takes a list of trains and uses the total count
    of each train: it equals this function applied to the vector of those totals.

    References
    ----------
    Dayan P. & Abbott L. F. (2001), Theoretical Neuroscience, sec. 1.4.
    Elephant, ``elephant.statistics.fanofactor``.

    Examples
    --------
    >>> fano_factor([[1, 3, 1, 3], [2, 2, 2, 2], [0, 0, 0, 0]])
    array([0.5, 0. , nan])
    >>> fano_factor([4, 0])
    2.0
    """
    arr = as_float_array("counts", counts, ndims=(1, 2), nonnegative=True)
    rows = np.atleast_2d(arr)
    ff = np.full(rows.shape[0], np.nan)
    if rows.shape[1] > 0:
        mean = rows.mean(axis=1)
        ok = mean > 0
        ff[ok] = rows[ok].var(axis=1) / mean[ok]
    return float(ff[0]) if arr.ndim == 1 else ff


def pairwise_correlations(counts):
    r"""Pearson correlation coefficient of every pair of non-constant rows.

    Parameters
    ----------
    counts : array_like, shape (n_neurons, n_bins)
        Binned spike counts (e.g. :func:`spike_counts`) or any signals.

    Returns
    -------
    r : numpy.ndarray of float, shape (m (m - 1) / 2,)
        Upper triangle (row-major, ``i < j``) of the correlation matrix of the
        ``m`` rows that are not constant (silent neurons are left out). Empty
        if fewer than two rows vary.

    Raises
    ------
    ValueError, TypeError
        If ``counts`` is not a 2-D array of finite numbers.

    Notes
    -----
    .. math:: r_{ij} = \frac{\mathrm{Cov}(n_i, n_j)}{\sigma_i \sigma_j}

    computed as a product of z-scored rows (memory grows as ``m**2``:
    subsample neurons of large networks). Independent trains give
    :math:`r \approx 0` with a spread of :math:`1/\sqrt{n_\mathrm{bins}}`.

    References
    ----------
    Elephant, ``elephant.spike_train_correlation.correlation_coefficient``.
    Ecker A. S. et al. (2010), Science 327, 584.

    Examples
    --------
    >>> pairwise_correlations([[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1]])
    array([ 1., -1., -1.])
    """
    x = as_float_array("counts", counts, ndims=(2,))
    if x.shape[1] == 0:
        return np.empty(0)
    active = x.max(axis=1) > x.min(axis=1)  # exact test: a constant row is left out
    z = x[active] - x[active].mean(axis=1, keepdims=True)
    z /= np.sqrt((z**2).sum(axis=1, keepdims=True))
    upper = np.triu_indices(z.shape[0], k=1)
    return np.clip((z @ z.T)[upper], -1.0, 1.0)


def _lag_bins(bin_size, max_lag):
    """Lag bin centres (ms) and edges (ms), symmetric with a bin centred at 0."""
    k_max = _n_bins(max_lag, bin_size)
    lags = np.arange(-k_max, k_max + 1) * bin_size
    edges = (np.arange(-k_max, k_max + 2) - 0.5) * bin_size
    return lags, edges


def _lag_histogram(queries, sorted_targets, edges):
    """Number of (query, target) pairs with ``target - query`` in each edge bin.

    ``searchsorted`` counts, for every query, the targets below ``query + edge``;
    the difference between consecutive edges is the count in that bin. Memory
    stays proportional to the number of spikes, whatever their number of pairs.
    """
    below = [np.searchsorted(sorted_targets, queries + (e - LAG_TOLERANCE)).sum() for e in edges]
    return np.diff(np.asarray(below, dtype=np.int64))


def cross_correlogram(times_a, times_b, bin_size, max_lag):
    r"""Cross-correlogram: histogram of the time differences ``t_b - t_a``.

    Parameters
    ----------
    times_a, times_b : array_like of float
        Spike times (ms) of the reference train ``a`` and the target train
        ``b``, in any order. Pass one train twice for an autocorrelogram (its
        zero-lag bin then holds each spike paired with itself).
    bin_size : float
        Width of a lag bin (ms).
    max_lag : float
        Largest lag (ms) of a bin centre; rounded down to a whole number
        ``K`` of bins.

    Returns
    -------
    lags : numpy.ndarray, shape (2 K + 1,)
        Bin centres ``k * bin_size`` (ms), ``k = -K .. K``.
    counts : numpy.ndarray of int, shape (2 K + 1,)
        Number of spike pairs whose lag falls in each bin. Empty trains give zeros.

    Raises
    ------
    ValueError, TypeError
        For non-finite times, a non-positive ``bin_size`` or negative ``max_lag``.

    Notes
    -----
    .. math:: C(k) = \#\{(m, n) : t^b_n - t^a_m \in [(k - \tfrac12)\Delta,
              (k + \tfrac12)\Delta)\}

    A positive lag means a spike of ``b`` follows a spike of ``a``, as in
    Elephant's ``cross_correlation_histogram`` (with ``a = i``, ``b = j``).
    Differences within ``LAG_TOLERANCE`` of an edge go to the bin on its right.

    References
    ----------
    Perkel D. H., Gerstein G. L. & Moore G. P. (1967), Biophys. J. 7, 419.
    Elephant, ``elephant.spike_train_correlation.cross_correlation_histogram``.

    Examples
    --------
    >>> lags, counts = cross_correlogram([10.0, 50.0], [12.0, 52.0, 70.0], 2.0, 6.0)
    >>> lags
    array([-6., -4., -2.,  0.,  2.,  4.,  6.])
    >>> counts
    array([0, 0, 0, 0, 2, 0, 0])
    """
    t_a = as_1d_float("times_a", times_a)
    t_b = np.sort(as_1d_float("times_b", times_b))
    bin_size = check_positive("bin_size", bin_size, "ms")
    max_lag = check_nonnegative("max_lag", max_lag, "ms")
    lags, edges = _lag_bins(bin_size, max_lag)
    return lags, _lag_histogram(t_a, t_b, edges)


def population_cross_correlogram(spike_times, spike_ids, n_neurons, *, bin_size, max_lag,
                                 n_pairs=200, duration, normalize="rate", t_start=0.0,
                                 rng=None):
    r"""Cross-correlogram averaged over randomly sampled pairs of neurons.

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spike times (ms, in any order) and neuron ids (``0 .. n_neurons - 1``).
    n_neurons : int
        Number of neurons.
    bin_size : float
        Width of a lag bin (ms).
    max_lag : float
        Largest lag (ms) of a bin centre (see :func:`cross_correlogram`); the
        window ``max_lag + bin_size / 2`` must be below ``duration / 2``.
    n_pairs : int
        Number of distinct ordered pairs ``(a, b)``, ``a != b``, drawn
        uniformly without replacement; all pairs if there are fewer.
    duration : float
        Length (ms) of the recording ``[t_start, t_start + duration)``;
        spikes outside it are dropped.
    normalize : {"rate", "shift_predictor", None}
        What is returned (see Returns).
    t_start : float
        Start of the recording (ms).
    rng : numpy.random.Generator, int or None
        Source of randomness for the pairs (and shifts).

    Returns
    -------
    lags : numpy.ndarray, shape (2 K + 1,)
        Bin centres (ms); positive lag: a spike of ``b`` after one of ``a``.
    cc : numpy.ndarray of float, shape (2 K + 1,)
        - None: mean over pairs of the correlogram divided by the duration,
          in coincidences per second in each lag bin.
        - "rate": summed correlogram divided by the count expected for
          independent trains with the same spike counts (dimensionless,
          1 = chance; NaN if the sampled neurons did not fire).
        - "shift_predictor": as None minus the same quantity with train ``a``
          circularly shifted by a random offset (one per pair, uniform in
          ``[W, T - W]``, ``W`` the window); 0 = chance.

        With ``n_neurons == 1`` (no pair) every value is NaN.

    Raises
    ------
    ValueError, TypeError
        For malformed spikes, bad sizes, a too long ``max_lag`` or an unknown
        ``normalize``.

    Notes
    -----
    For independent stationary trains with :math:`n_a, n_b` spikes in a
    recording of length :math:`T`, the expected count in lag bin
    :math:`[\tau_1, \tau_2)` is

    .. math:: E(k) = \frac{n_a n_b}{T^2} \int_{\tau_1}^{\tau_2} (T - |\tau|)\,d\tau,

    and "rate" returns :math:`\sum_p C_p(k) / \sum_p E_p(k)` over pairs :math:`p`.
    All pairs are computed at once: each neuron's spikes are placed in its own
    time block (offset ``id * stride``) so one ``searchsorted`` serves all pairs.

    References
    ----------
    Perkel D. H., Gerstein G. L. & Moore G. P. (1967), Biophys. J. 7, 419.
    Brody C. D. (1999), Neural Comput. 11, 1537 (shift predictors).

    Examples
    --------
    >>> t = [10.0, 40.0, 70.0, 12.0, 42.0, 72.0]
    >>> lags, cc = population_cross_correlogram(
    ...     t, [0, 0, 0, 1, 1, 1], 2, bin_size=2.0, max_lag=2.0, duration=100.0,
    ...     normalize=None, rng=0)
    >>> lags, cc   # 3 coincidences per pair at +-2 ms in 0.1 s
    (array([-2.,  0.,  2.]), array([15.,  0., 15.]))
    """
    times, ids = as_spikes(spike_times, spike_ids, n_neurons)
    n_neurons = check_int("n_neurons", n_neurons, minimum=1)
    bin_size = check_positive("bin_size", bin_size, "ms")
    max_lag = check_nonnegative("max_lag", max_lag, "ms")
    n_pairs = check_int("n_pairs", n_pairs, minimum=1)
    duration = check_positive("duration", duration, "ms")
    normalize = check_choice("normalize", normalize, ("rate", "shift_predictor", None))
    t_start = check_finite("t_start", t_start, "ms")
    rng = as_rng(rng)
    if max_lag + bin_size / 2 >= duration / 2:
        raise ValueError(
            f"max_lag must be < duration / 2 - bin_size / 2 = "
            f"{duration / 2 - bin_size / 2!r} ms, got {max_lag!r}")
    lags, edges = _lag_bins(bin_size, max_lag)
    window = edges[-1]  # half-width of the lag window (ms), < duration / 2
    n_ordered = n_neurons * (n_neurons - 1)
    if n_ordered == 0:
        return lags, np.full(lags.shape, np.nan)

    # spikes in the recording, relative to its start, sorted by (neuron, time)
    inside = (times >= t_start) & (times < t_start + duration)
    t, i = times[inside] - t_start, ids[inside]
    order = np.lexsort((t, i))
    t, i = t[order], i[order]
    n_spikes = np.bincount(i, minlength=n_neurons)
    first = np.cumsum(n_spikes) - n_spikes  # where each neuron's spikes begin

    # ordered pairs a != b from a flat index k in 0 .. N (N - 1) - 1
    k = rng.choice(n_ordered, size=min(n_pairs, n_ordered), replace=False)
    pre, post = np.divmod(k, n_neurons - 1)
    post += post >= pre

    # one query per spike of each pair's neuron a, in the time block of neuron b
    per_pair = n_spikes[pre]
    pair_of = np.repeat(np.arange(pre.size), per_pair)
    rank = np.arange(per_pair.sum()) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    t_a = t[first[pre][pair_of] + rank]
    stride = duration + 2 * window + bin_size  # blocks never overlap within a window
    targets = i * stride + t  # sorted, because spikes are sorted by (neuron, time)
    counts = _lag_histogram(post[pair_of] * stride + t_a, targets, edges)

    if normalize == "rate":
        # integral of (T - |tau|) over each lag bin; 0.5 x |x| is a primitive of |x|
        overlap = duration * np.diff(edges) - np.diff(0.5 * edges * np.abs(edges))
        expected = (per_pair * n_spikes[post]).sum() * overlap / duration**2
        with np.errstate(invalid="ignore"):
            return lags, counts / expected
    coincidence_rate = counts / pre.size / ms_to_s(duration)
    if normalize is None:
        return lags, coincidence_rate
    shifts = rng.uniform(window, duration - window, size=pre.size)
    t_shifted = (t_a + shifts[pair_of]) % duration
    chance = _lag_histogram(post[pair_of] * stride + t_shifted, targets, edges)
    return lags, coincidence_rate - chance / pre.size / ms_to_s(duration)


def power_spectrum(signal, dt, *, nperseg=None, detrend="constant"):
    r"""Power spectral density of a regularly sampled signal (Welch's method).

    Parameters
    ----------
    signal : array_like, shape (n_samples,) or (n_signals, n_samples)
        Samples taken every ``dt``, e.g. the population rate (Hz).
    dt : float
        Sampling interval (ms); the sampling frequency is ``1000 / dt`` Hz.
    nperseg : int or None
        Samples per Welch segment; None uses ``min(256, n_samples)``.
    detrend : {"constant", "linear", False}
        Trend removed from each segment (the mean by default).

    Returns
    -------
    freqs : numpy.ndarray
        Frequencies (Hz), from 0 to the Nyquist frequency ``500 / dt``.
    psd : numpy.ndarray
        One-sided PSD in signal units squared per Hz (Hz for a rate in Hz).
        Both are empty for an empty signal.

    Raises
    ------
    ValueError, TypeError
        For a non-finite signal, ``dt <= 0``, a bad ``nperseg`` or ``detrend``.

    Notes
    -----
    Segments of ``nperseg`` samples overlapping by half are Hann-windowed;
    their periodograms are averaged:

    .. math:: P(f) = \frac{1}{K} \sum_{k=1}^K \frac{2\,|\hat{x}_k(f)|^2}{f_s \sum_n w_n^2}.

    The frequency resolution is ``f_s / nperseg``. Thin wrapper of
    ``scipy.signal.welch`` that fixes ms time units.

    References
    ----------
    Welch P. (1967), IEEE Trans. Audio Electroacoust. 15, 70.

    Examples
    --------
    >>> t = np.arange(1000) * 1.0                      # 1 s sampled every 1 ms
    >>> f, p = power_spectrum(np.sin(2 * np.pi * 0.04 * t), dt=1.0, nperseg=500)
    >>> float(f[np.argmax(p)])                         # 0.04 cycles/ms = 40 Hz
    40.0
    """
    x = as_float_array("signal", signal, ndims=(1, 2))
    dt = check_positive("dt", dt, "ms")
    detrend = check_choice("detrend", detrend, ("constant", "linear", False))
    n = x.shape[-1]
    if n == 0:
        return np.empty(0), np.empty(x.shape)
    if nperseg is None:
        nperseg = min(256, n)
    nperseg = check_int("nperseg", nperseg, minimum=1)
    if nperseg > n:
        raise ValueError(f"nperseg must be <= the number of samples {n}, got {nperseg!r}")
    return welch(x, fs=per_ms_to_hz(1.0 / dt), nperseg=nperseg, detrend=detrend, axis=-1)


def rate_spectrum(spike_times, n_neurons, t_start, t_stop, *, bin_size=SPECTRUM_BIN_MS,
                  segment=SPECTRUM_SEGMENT_MS):
    r"""Welch spectrum of the population rate of ``[t_start, t_stop)``.

    Parameters
    ----------
    spike_times : array_like of float
        Spike times (ms) of the whole population.
    n_neurons : int
        Number of neurons (the rate is per neuron).
    t_start, t_stop : float
        The analysis window (ms).
    bin_size : float
        Bin (ms) of the population rate; the spectrum reaches the Nyquist
        frequency ``500 / bin_size`` Hz (2500 Hz by default).
    segment : float
        Welch segment length (ms), shortened to the window if longer; the
        resolution is ``1000 / segment`` Hz.

    Returns
    -------
    freqs : numpy.ndarray
        Frequencies (Hz), 0 to ``500 / bin_size``.
    psd : numpy.ndarray
        PSD of the rate (Hz^2/Hz). Divide by the Poisson level
        ``2 nu / n_neurons`` (``nu`` the mean rate in Hz) to compare networks.
    mean_rate : float
        Mean of the population rate (Hz).

    Raises
    ------
    ValueError
        For a window shorter than two bins, or bad arguments.

    Notes
    -----
    A rhythm above the Nyquist frequency is folded back (aliased) to
    :math:`|f - k f_s|`; the default bin leaves every rhythm the course
    shows below it (see ``SPECTRUM_BIN_MS``).

    Examples
    --------
    A population that fires in volleys every 1.5 ms (667 Hz):

    >>> t = np.arange(0.05, 1000.0, 1.5)
    >>> f, p, nu = rate_spectrum(t, 1, 0.0, 1000.0)
    >>> round(float(f[np.argmax(p[1:]) + 1]))          # not aliased to 333 Hz
    668
    """
    t_start = check_nonnegative("t_start", t_start, "ms")
    bin_size = check_positive("bin_size", bin_size, "ms")
    segment = check_positive("segment", segment, "ms")
    window = float(t_stop) - t_start
    if window < 2 * bin_size:
        raise ValueError(f"t_stop must be >= t_start + 2 bins = {t_start + 2 * bin_size!r} ms, "
                         f"got {t_stop!r}")
    _, rate = population_rate(spike_times, n_neurons, window, bin_size, t_start=t_start)
    nperseg = max(2, min(rate.size, int(round(segment / bin_size))))
    freqs, psd = power_spectrum(rate, bin_size, nperseg=nperseg)
    return freqs, psd, float(rate.mean())


def peak_frequency(freqs, psd, fmin=None, fmax=None):
    r"""Frequency of the largest PSD value in the band ``[fmin, fmax]``.

    Parameters
    ----------
    freqs : array_like of float
        Frequencies (Hz), e.g. from :func:`power_spectrum`.
    psd : array_like of float
        Power at each frequency (same length as ``freqs``).
    fmin : float or None
        Lowest frequency of the band (Hz); None excludes only 0 Hz (the mean).
    fmax : float or None
        Highest frequency of the band (Hz); None for no upper limit.

    Returns
    -------
    float
        Peak frequency (Hz); NaN if no frequency lies in the band.

    Raises
    ------
    ValueError, TypeError
        For arrays of different lengths, non-finite values, negative bounds
        or ``fmax < fmin``.

    Notes
    -----
    .. math:: f_\mathrm{peak} = \arg\max_{f_\min \le f \le f_\max} P(f)

    The resolution is that of ``freqs``; the first maximum wins ties.

    References
    ----------
    Brunel N. & Hakim V. (1999), Neural Comput. 11, 1621 (fast oscillations).

    Examples
    --------
    >>> peak_frequency([0, 10, 20, 30], [9.0, 1.0, 5.0, 2.0])
    20.0
    >>> peak_frequency([0, 10, 20, 30], [9.0, 1.0, 5.0, 2.0], fmax=15)
    10.0
    """
    f = as_1d_float("freqs", freqs)
    p = as_1d_float("psd", psd)
    if f.shape != p.shape:
        raise ValueError(f"freqs and psd must have the same length, got {f.size} and {p.size}")
    if fmin is None:
        band = f > 0
    else:
        fmin = check_nonnegative("fmin", fmin, "Hz")
        band = f >= fmin
    if fmax is not None:
        fmax = check_nonnegative("fmax", fmax, "Hz")
        if fmin is not None and fmax < fmin:
            raise ValueError(f"fmax must be >= fmin = {fmin!r} Hz, got {fmax!r}")
        band &= f <= fmax
    if not band.any():
        return float("nan")
    return float(f[band][np.argmax(p[band])])


def synchrony_chi(v):
    r"""Golomb's synchrony measure chi from membrane potentials.

    Parameters
    ----------
    v : array_like, shape (n_neurons, n_times)
        Membrane potentials (mV), one row per neuron, sampled at common times.

    Returns
    -------
    float
        chi in [0, 1]: 1 for identical traces, about ``1 / sqrt(n_neurons)``
        for independent ones. NaN if every trace is constant or there are
        no samples.

    Raises
    ------
    ValueError, TypeError
        If ``v`` is not a 2-D array of finite numbers.

    Notes
    -----
    .. math:: \chi^2 = \frac{\mathrm{Var}_t\left(\frac{1}{N}\sum_i V_i(t)\right)}
              {\frac{1}{N}\sum_i \mathrm{Var}_t\left(V_i(t)\right)}

    Variances over time with ddof = 0. For independent traces of equal variance
    :math:`\chi^2 \approx 1/N`.

    References
    ----------
    Golomb D. & Rinzel J. (1993), Phys. Rev. E 48, 4810.
    Golomb D. (2007), Neuronal synchrony measures, Scholarpedia 2(1), 1347.

    Examples
    --------
    >>> synchrony_chi([[0.0, 2.0, 0.0, 2.0], [0.0, 2.0, 0.0, 2.0]])
    1.0
    >>> synchrony_chi([[0.0, 2.0, 0.0, 2.0], [2.0, 0.0, 2.0, 0.0]])
    0.0
    """
    x = as_float_array("v", v, ndims=(2,))
    if x.size == 0 or np.all(x.max(axis=1) == x.min(axis=1)):
        return float("nan")
    return float(np.sqrt(x.mean(axis=0).var() / x.var(axis=1).mean()))


# ---------------------------------------------------------------------------
# summaries
# ---------------------------------------------------------------------------
def finite_mean(values) -> float:
    """Mean of the finite values of ``values``; NaN, without a warning, if there are none.

    The rule every summary of the package uses for per-neuron statistics
    that are NaN for some neurons (a CV from fewer than three spikes, the
    correlation of a silent neuron).

    Examples
    --------
    >>> finite_mean([1.0, np.nan, 3.0])
    2.0
    >>> finite_mean([np.nan])
    nan
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    return float(x.mean()) if x.size else float("nan")


def count_correlations(spike_times, spike_ids, n_neurons, bin_size, t_start=0.0, t_stop=None, *,
                       max_neurons=MAX_CORRELATION_NEURONS):
    r"""Pearson r of the binned spike counts of every pair of neurons in a window.

    :func:`spike_counts` in ``[t_start, t_stop)`` followed by
    :func:`pairwise_correlations`. Networks larger than ``max_neurons`` use an
    evenly spaced subset of ``max_neurons`` neuron ids (the matrix has
    :math:`n^2` entries).

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spikes: times (ms) and neuron ids.
    n_neurons : int
        Number of neurons, >= 1.
    bin_size : float
        Width of the count bins (ms), > 0.
    t_start, t_stop : float
        Window (ms); ``t_stop`` None means the last spike.
    max_neurons : int
        Largest number of neurons correlated, >= 2.

    Returns
    -------
    r : ndarray
        Correlation of each pair of neurons whose count varies (see
        :func:`pairwise_correlations`).
    n_bins : int
        Number of whole bins in the window.

    Examples
    --------
    >>> t = np.array([5.0, 5.0, 25.0, 25.0, 45.0])
    >>> r, n_bins = count_correlations(t, [0, 1, 0, 1, 0], 2, 10.0, 0.0, 50.0)
    >>> np.round(r, 6), n_bins
    (array([0.666667]), 5)
    """
    max_neurons = check_int("max_neurons", max_neurons, minimum=2)
    counts = spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_start=t_start,
                          t_stop=t_stop)
    if n_neurons > max_neurons:
        counts = counts[np.unique(np.linspace(0, n_neurons - 1, max_neurons).astype(int))]
    return pairwise_correlations(counts), counts.shape[1]


def report_table(spike_times, spike_ids, n_exc, n_inh, duration, *, t_start=0.0, bin_size=10.0,
                 max_neurons=MAX_CORRELATION_NEURONS) -> dict:
    r"""The quantities of the report's Table 4.1, measured in ``[t_start, duration)``.

    The one computation of Table 4.1 in the package: the report module, the
    figures and the exercise checks all call it.

    Parameters
    ----------
    spike_times, spike_ids : array_like
        Spikes: times (ms) and neuron ids; ids ``0 .. n_exc - 1`` are
        excitatory, ``n_exc .. n_exc + n_inh - 1`` inhibitory.
    n_exc, n_inh : int
        Population sizes (``n_exc >= 1``, ``n_inh >= 0``).
    duration : float
        End of the recording (ms), > 0.
    t_start : float
        Start of the analysis window (ms), >= 0; earlier spikes are a
        transient and left out of every quantity. The window must hold at
        least one bin: ``t_start <= duration - bin_size``.
    bin_size : float
        Width (ms) of the bins of the spike counts that are correlated, > 0.
    max_neurons : int
        Largest number of neurons whose pairwise correlations are computed
        (see :func:`count_correlations`).

    Returns
    -------
    dict
        ``network_size`` (int, neurons); ``mean_rate_hz``, ``exc_rate_hz``,
        ``inh_rate_hz`` (Hz, means over neurons of each neuron's spike count
        divided by the window length; NaN for an empty population);
        ``isi_cv`` (mean over neurons of each neuron's ISI CV, neurons with
        fewer than 3 spikes in the window left out; NaN if none is left);
        ``mean_pairwise_correlation`` (mean Pearson r of the binned counts
        over all pairs of neurons whose count varies; NaN if fewer than two
        do); ``correlation_bin_ms`` (= ``bin_size``). The keys are
        :data:`REPORT_TABLE_KEYS`.

    Raises
    ------
    ValueError
        For a negative ``t_start``, a non-positive ``bin_size`` or a window
        shorter than one bin.

    Notes
    -----
    With :math:`n_i` the spikes of neuron :math:`i` in the window of length
    :math:`T` and :math:`n_i(k)` its count in bin :math:`k`:

    .. math::

        \bar\nu = \frac{1}{N}\sum_i \frac{n_i}{T}, \qquad
        \overline{C_V} = \frac{1}{N'}\sum_i \frac{\sigma(\mathrm{ISI}_i)}
                                               {\langle\mathrm{ISI}_i\rangle}, \qquad
        \bar r = \frac{2}{M(M-1)}\sum_{i<j} \mathrm{corr}_k\big(n_i(k), n_j(k)\big).

    Only bins that fit in the window are used (a trailing partial bin is
    dropped).

    References
    ----------
    .. [1] Technical Report NS-2024-003, Table 4.1.
    .. [2] Ecker AS et al. (2010). Decorrelated neuronal firing in cortical
       microcircuits. Science 327:584-587.

    Examples
    --------
    Two neurons firing regularly every 10 ms, in phase:

    >>> t = np.arange(5.0, 1000.0, 10.0)
    >>> stats = report_table(np.concatenate([t, t]), np.repeat([0, 1], t.size), 1, 1, 1000.0,
    ...                      bin_size=20.0)
    >>> stats["mean_rate_hz"], stats["isi_cv"], stats["correlation_bin_ms"]
    (100.0, 0.0, 20.0)
    >>> stats["mean_pairwise_correlation"]   # counts are constant (2 per bin): no pair
    nan
    """
    n_exc = check_int("n_exc", n_exc, minimum=1)
    n_inh = check_int("n_inh", n_inh, minimum=0)
    n = n_exc + n_inh
    times, ids = as_spikes(spike_times, spike_ids, n)
    duration = check_positive("duration", duration, "ms")
    t_start = check_nonnegative("t_start", t_start, "ms")
    bin_size = check_positive("bin_size", bin_size, "ms")
    window = duration - t_start
    if window < bin_size:
        raise ValueError(
            f"t_start must be <= duration - bin_size = {duration - bin_size!r} ms "
            f"(one whole bin), got {t_start!r}")
    rates = firing_rates(times, ids, n, t_start=t_start, t_stop=duration)
    late = times >= t_start
    cv = isi_cv(times[late], ids[late], n)
    r, _ = count_correlations(times, ids, n, bin_size, t_start, duration,
                              max_neurons=max_neurons)
    return {
        "network_size": int(n),
        "mean_rate_hz": finite_mean(rates),
        "exc_rate_hz": finite_mean(rates[:n_exc]),
        "inh_rate_hz": finite_mean(rates[n_exc:]),
        "isi_cv": finite_mean(cv),
        "mean_pairwise_correlation": finite_mean(r),
        "correlation_bin_ms": float(bin_size),
    }
