r"""Brunel's (2000) dynamical states: measure a run, classify it, sweep (g, eta).

Contents
--------
STATES
    The labels :func:`classify_state` returns, in the order of
    ``PhaseDiagram.state_index``: ``"quiescent"``, ``"AI"``, ``"SI slow"``,
    ``"SI fast"``, ``"SR"``.
QUIESCENT_RATE, REGULAR_CV, SYNC_CHI, FAST_HZ, SPECTRUM_FMIN, SPECTRUM_FMAX
    The documented thresholds of the classification and the band searched
    for the spectral peak.
reduced_brunel
    Brunel's network at 8 % of its size (N = 1000), with ``J C_E`` kept: the
    network of the phase diagram and the widget (fast enough for both).
regime_statistics
    Mean rate, mean ISI CV, Golomb's synchrony chi and the peak frequency
    of the population rate of one run.
classify_state
    ``"quiescent"``, ``"SR"``, ``"SI fast"``, ``"SI slow"`` or ``"AI"`` from
    those statistics.
PhaseDiagram, phase_diagram
    Simulate and classify every point of a (g, eta) grid.
record_subset
    Neuron ids evenly spread over a network, for recording potentials.

The figures of these (the phase diagram, the regime explorer) are in
:mod:`snncourse.plotting` and :mod:`snncourse.widgets`.

The reduction
-------------
Brunel's network has :math:`N_E = 10\,000`, :math:`C_E = 1000`,
:math:`J = 0.1` mV. :func:`reduced_brunel` keeps everything but shrinks
:math:`N_E` to 800 and :math:`C_E` to 160 (so :math:`\epsilon = C_E / N_E
= 0.2` instead of 0.1) and raises :math:`J` to :math:`100\,\mathrm{mV} /
C_E = 0.625` mV. Keeping :math:`J C_E` keeps the mean input :math:`\mu`, the
threshold rate :math:`\nu_\mathrm{thr} = 10` Hz and the balance point
:math:`g = 1/\gamma = 4`. What changes: the input variance
:math:`\sigma^2 \propto J^2 C_E` grows 6.25-fold, so rates are higher than
Brunel's where activity is noise-driven (the mean-field rate of the reduced
network accounts for it), and two neurons share a fraction
:math:`\epsilon = 0.2` of their inputs instead of 0.1, which raises chi in
every state. The reduced network shows the
quiescent, SR, AI and SI slow states; Brunel's fast global oscillation (SI
fast) shows only as a peak near 150-200 Hz in the spectrum, too weak at this
size to pass the synchrony threshold.

Units: ms, mV, Hz.
"""

from __future__ import annotations

from dataclasses import dataclass

import concurrent.futures as cf
import functools
import pickle
import warnings

import numpy as np

from ._validation import as_1d_float, as_rng, check_int, check_nonnegative, check_positive, check_type
from .analysis import SPECTRUM_BIN_MS, finite_mean, isi_cv, peak_frequency, rate_spectrum, synchrony_chi
from .network import SimulationResult, simulate_network
from .params import NetworkParams, brunel2000
from .parallel import sweep
from .units import counts_to_hz

__all__ = [
    "STATES",
    "QUIESCENT_RATE",
    "REGULAR_CV",
    "SYNC_CHI",
    "FAST_HZ",
    "SPECTRUM_FMIN",
    "SPECTRUM_FMAX",
    "reduced_brunel",
    "regime_statistics",
    "classify_state",
    "PhaseDiagram",
    "phase_diagram",
    "record_subset",
    "RegimeStatistics",
]

#: The states, in the order of :attr:`PhaseDiagram.state_index`.
STATES = ("quiescent", "AI", "SI slow", "SI fast", "SR")
#: Below this mean rate (Hz) the network is "quiescent".
QUIESCENT_RATE = 1.0
#: Below this mean ISI CV firing is regular: "SR".
REGULAR_CV = 0.25
#: Above this chi (with >= 100 recorded neurons) the population is synchronous: "SI".
SYNC_CHI = 0.28
#: A synchronous state whose population rate peaks at or above this frequency (Hz) is "SI fast".
FAST_HZ = 100.0
#: Lowest frequency (Hz) searched for the spectral peak (leaves out slow drifts).
SPECTRUM_FMIN = 10.0
#: Highest frequency (Hz) searched for the spectral peak. The volleys of the
#: SR state are so sharp that the harmonics of its line (near 1/D = 667 Hz)
#: are almost as strong as the line itself; every fundamental rhythm of the
#: course lies below this bound (the fastest, near 1000 Hz, is the
#: delay-locked line of the ``seed_report`` network at D = 1 ms).
SPECTRUM_FMAX = 1200.0

# -- the network ----------------------------------------------------------------
def reduced_brunel(g: float = 5.0, eta: float = 2.0, *, n_exc: int = 800, c_exc: int = 160,
                   **overrides) -> NetworkParams:
    r"""Brunel's (2000) network with fewer neurons and inputs, :math:`J C_E` kept.

    :math:`N_I = N_E / 4`, :math:`C_I = C_E / 4`, :math:`J = 100\,\mathrm{mV}
    / C_E`, :math:`C_\mathrm{ext} = C_E`, :math:`\nu_\mathrm{ext} = \eta\,
    \nu_\mathrm{thr}` with :math:`\nu_\mathrm{thr} = \theta / (J C_E \tau) =
    10` Hz; the neuron, the delay (1.5 ms) and fixed in-degree wiring are
    Brunel's. With :math:`N_E = 10\,000`, :math:`C_E = 1000` it is
    :func:`snncourse.params.brunel2000`. See the module docstring for what
    the reduction changes.

    Parameters
    ----------
    g : float
        Relative inhibition (inhibitory efficacy :math:`-gJ`), >= 0.
    eta : float
        External drive :math:`\nu_\mathrm{ext} / \nu_\mathrm{thr}`, >= 0.
    n_exc : int
        Number of excitatory neurons, a multiple of 4 and > ``c_exc``.
    c_exc : int
        Excitatory in-degree, a multiple of 4, >= 4.
    **overrides
        Any field of :class:`~snncourse.params.NetworkParams` or
        :class:`~snncourse.params.LIFParams`.

    Returns
    -------
    NetworkParams

    Raises
    ------
    ValueError, TypeError
        For a negative ``g`` or ``eta``, sizes that are not multiples of 4,
        or ``c_exc >= n_exc``.

    References
    ----------
    .. [1] Brunel N (2000). Dynamics of sparsely connected networks of
       excitatory and inhibitory spiking neurons. J Comput Neurosci 8:183-208.

    Examples
    --------
    >>> net = reduced_brunel(5.0, 2.0)
    >>> net.n_neurons, net.c_exc, net.c_inh, net.j_exc, net.nu_thr, net.nu_ext
    (1000, 160, 40, 0.625, 10.0, 20.0)
    """
    g = check_nonnegative("g", g)
    eta = check_nonnegative("eta", eta)
    n_exc = check_int("n_exc", n_exc, minimum=8)
    c_exc = check_int("c_exc", c_exc, minimum=4)
    for name, value in (("n_exc", n_exc), ("c_exc", c_exc)):
        if value % 4:
            raise ValueError(f"{name} must be a multiple of 4 (gamma = 0.25), got {value!r}")
    if c_exc >= n_exc:
        raise ValueError(f"c_exc must be < n_exc = {n_exc}, got {c_exc!r}")
    # Brunel's network with fewer neurons and inputs; J C_E (and so nu_thr,
    # nu_ext and the mean-field input) is kept.
    full = brunel2000(g, eta)
    net = full.replace(
        n_exc=n_exc, n_inh=n_exc // 4, c_exc=c_exc, c_inh=c_exc // 4, c_ext=c_exc,
        j_exc=full.j_exc * full.c_exc / c_exc,
        name=f"reduced Brunel N_E={n_exc} C_E={c_exc} g={g:g} eta={eta:g}",
    )
    return net.replace(**overrides) if overrides else net


def record_subset(n_neurons, n_record):
    """``n_record`` neuron ids evenly spread over the network (E and I)."""
    n_record = min(n_record, n_neurons)
    return np.unique(np.linspace(0, n_neurons - 1, n_record).round().astype(np.int64))


# -- statistics and classification ------------------------------------------------
def regime_statistics(result: SimulationResult, *, t_start: float = 100.0,
                      bin_size: float = SPECTRUM_BIN_MS) -> dict:
    r"""The numbers that tell Brunel's states apart, in ``[t_start, duration)``.

    Parameters
    ----------
    result : SimulationResult
        A network run; chi needs membrane potentials of at least two
        neurons (``simulate_network(..., record_ids=ids)``; use >= 100).
    t_start : float
        Start of the analysis window (ms): the transient before it is left out.
    bin_size : float
        Bin (ms) of the population rate whose spectrum is taken
        (:data:`snncourse.analysis.SPECTRUM_BIN_MS`: Nyquist 2500 Hz, above
        every rhythm of the course; 1 ms bins would report the SR line near
        665 Hz at its alias, 335 Hz).

    Returns
    -------
    dict
        ``mean_rate_hz``: mean rate over all neurons (Hz).
        ``isi_cv``: mean over neurons with >= 3 spikes of their ISI CV; NaN if none.
        ``chi``: :func:`~snncourse.analysis.synchrony_chi` of the recorded
        potentials; NaN with fewer than two recorded neurons or flat traces.
        ``f_peak_hz``: frequency (Hz) of the largest power of the population
        rate between ``SPECTRUM_FMIN`` and ``SPECTRUM_FMAX``; NaN without
        spikes. ``n_record``: number of recorded neurons. (The keys
        ``rate_hz`` and ``cv`` of the first release still work, with a
        ``DeprecationWarning``.)

    Raises
    ------
    TypeError
        If ``result`` is not a SimulationResult.
    ValueError
        For ``t_start < 0`` or a window shorter than 4 bins.

    Notes
    -----
    Golomb's measure, with :math:`V_i` the recorded potentials:

    .. math:: \chi^2 = \frac{\mathrm{Var}_t\big(\frac1N\sum_i V_i(t)\big)}
              {\frac1N\sum_i \mathrm{Var}_t\big(V_i(t)\big)}

    It is about :math:`1/\sqrt{N}` for independent neurons, so record at
    least 100 neurons for the threshold ``SYNC_CHI`` to mean synchrony.
    The spectrum is :func:`~snncourse.analysis.rate_spectrum`: Welch
    segments of ``SPECTRUM_SEGMENT_MS`` = 256 ms (or the whole window if
    shorter: 5 Hz resolution for a 200 ms window).

    References
    ----------
    .. [1] Golomb D, Rinzel J (1993). Phys Rev E 48:4810-4814.
    .. [2] Brunel N (2000). J Comput Neurosci 8:183-208.

    Examples
    --------
    Two neurons firing every 10 ms, in phase, without recorded potentials:

    >>> t = np.arange(5.0, 500.0, 10.0)
    >>> res = SimulationResult(spike_times=np.concatenate([t, t]),
    ...                        spike_ids=np.repeat([0, 1], t.size),
    ...                        n_exc=1, n_inh=1, duration=500.0, dt=0.1)
    >>> s = regime_statistics(res, t_start=0.0)
    >>> s["mean_rate_hz"], s["isi_cv"], s["chi"]
    (100.0, 0.0, nan)
    """
    check_type("result", result, SimulationResult)
    t_start = check_nonnegative("t_start", t_start, "ms")
    bin_size = check_positive("bin_size", bin_size, "ms")
    window = result.duration - t_start
    if window < 4 * bin_size:
        raise ValueError(
            f"t_start must leave at least 4 bins of {bin_size:g} ms before duration="
            f"{result.duration:g} ms, got {t_start!r}")
    n = result.n_neurons
    late = result.spike_times >= t_start
    times, ids = result.spike_times[late], result.spike_ids[late]
    rate = counts_to_hz(times.size / n, window)
    cv = finite_mean(isi_cv(times, ids, n))

    chi = float("nan")
    if result.v is not None and result.v.shape[0] >= 2:
        k0 = int(round(t_start / result.dt))
        v = result.v[:, k0:]
        if v.shape[1] >= 2:
            chi = synchrony_chi(v)

    f_peak = float("nan")
    if times.size:
        freqs, psd, _ = rate_spectrum(times, n, t_start, result.duration, bin_size=bin_size)
        f_peak = peak_frequency(freqs, psd, fmin=SPECTRUM_FMIN, fmax=SPECTRUM_FMAX)
    n_record = 0 if result.v is None else int(result.v.shape[0])
    return RegimeStatistics(mean_rate_hz=float(rate), isi_cv=cv, chi=chi, f_peak_hz=f_peak,
                            n_record=n_record)


class RegimeStatistics(dict):
    """The dict :func:`regime_statistics` returns; the first release's keys still work.

    ``stats["rate_hz"]`` and ``stats["cv"]`` give ``mean_rate_hz`` and
    ``isi_cv`` with a ``DeprecationWarning`` (one release).
    """

    _OLD = {"rate_hz": "mean_rate_hz", "cv": "isi_cv"}

    def __missing__(self, key):
        new = self._OLD.get(key)
        old = {v: k for k, v in self._OLD.items()}.get(key)
        if new is not None and new in self:
            warnings.warn(f"regime statistics key {key!r} is deprecated: use {new!r}",
                          DeprecationWarning, stacklevel=2)
            return self[new]
        if old is not None and old in self:  # a dict written with the old keys
            warnings.warn(f"regime statistics key {old!r} is deprecated: use {key!r}",
                          DeprecationWarning, stacklevel=2)
            return self[old]
        raise KeyError(key)


def classify_state(result, *, t_start: float = 100.0, quiescent_rate: float = QUIESCENT_RATE,
                   regular_cv: float = REGULAR_CV, sync_chi: float = SYNC_CHI,
                   fast_hz: float = FAST_HZ) -> str:
    r"""Name the dynamical state of a run, as in Brunel (2000).

    The rules, applied in this order:

    1. ``rate < quiescent_rate`` Hz: ``"quiescent"``.
    2. ``cv < regular_cv``: ``"SR"`` (synchronous regular: firing is
       clock-like near saturation, the population splits into locked
       clusters). A NaN CV (too few spikes per neuron) counts as irregular.
    3. ``chi > sync_chi``: synchronous irregular, ``"SI fast"`` if the
       population rate peaks at ``fast_hz`` or above, else ``"SI slow"``.
    4. Otherwise ``"AI"`` (asynchronous irregular).

    Parameters
    ----------
    result : SimulationResult or dict
        A run with recorded membrane potentials (>= 100 neurons advised), or
        the dict returned by :func:`regime_statistics`.
    t_start : float
        Start of the analysis window (ms); ignored for a dict.
    quiescent_rate : float
        Rate threshold (Hz).
    regular_cv : float
        ISI CV threshold of regular firing.
    sync_chi : float
        Synchrony threshold on Golomb's chi.
    fast_hz : float
        Peak frequency (Hz) that separates fast from slow oscillations.

    Returns
    -------
    str
        One of ``STATES``.

    Raises
    ------
    TypeError
        If ``result`` is neither a SimulationResult nor a dict.
    ValueError
        If chi is needed (rules 3-4) but NaN: no membrane potentials were
        recorded.

    Notes
    -----
    The thresholds were set on the reduced network (:func:`reduced_brunel`,
    300 ms runs, 200 recorded neurons, 3 seeds): chi is 0.17-0.22 at AI points
    (g >= 5, eta >= 1.5) and 0.33-0.54 at SI slow ones (eta <= 1); SR has
    CV < 0.1. The same thresholds name Brunel's full network
    (:func:`~snncourse.params.brunel2000`, 300 ms, seed 1, 200 recorded
    neurons) correctly: (6, 4) SI fast (chi 0.48, peak 175 Hz, 58 Hz),
    (5, 2) AI (chi 0.22, CV 0.37, 38 Hz), (4.5, 0.9) SI slow (chi 0.51,
    peak 30 Hz, 6.8 Hz). Brunel's AI state has
    a CV near 0.4 at 38 Hz (refractory period 2 ms), hence a regularity
    threshold well below it. chi also counts the correlations due to shared
    input (a fraction :math:`\epsilon` of the inputs of two neurons), so it
    rises with :math:`C/N`: re-tune ``sync_chi`` for other networks.

    References
    ----------
    .. [1] Brunel N (2000). J Comput Neurosci 8:183-208, Figs. 2 and 8.
    .. [2] Golomb D, Rinzel J (1993). Phys Rev E 48:4810-4814.

    Examples
    --------
    >>> classify_state({"mean_rate_hz": 40.0, "isi_cv": 0.9, "chi": 0.15, "f_peak_hz": 160.0})
    'AI'
    >>> classify_state({"mean_rate_hz": 6.0, "isi_cv": 0.7, "chi": 0.5, "f_peak_hz": 20.0})
    'SI slow'
    >>> classify_state({"mean_rate_hz": 330.0, "isi_cv": 0.05, "chi": 0.2, "f_peak_hz": 665.0})
    'SR'
    >>> classify_state({"mean_rate_hz": 0.1, "isi_cv": float("nan"), "chi": 0.2, "f_peak_hz": 20.0})
    'quiescent'
    """
    if isinstance(result, SimulationResult):
        stats = regime_statistics(result, t_start=t_start)
    elif isinstance(result, dict):
        stats = RegimeStatistics(result)
    else:
        raise TypeError(f"result must be a SimulationResult or a dict of statistics, "
                        f"got {type(result).__name__}")
    quiescent_rate = check_nonnegative("quiescent_rate", quiescent_rate, "Hz")
    regular_cv = check_nonnegative("regular_cv", regular_cv)
    sync_chi = check_nonnegative("sync_chi", sync_chi)
    fast_hz = check_positive("fast_hz", fast_hz, "Hz")
    try:
        rate, cv, chi, f_peak = (float(stats[k]) for k in ("mean_rate_hz", "isi_cv", "chi", "f_peak_hz"))
    except KeyError as err:
        raise ValueError(f"result must hold the keys of regime_statistics, missing {err}") from None
    if rate < quiescent_rate:
        return "quiescent"
    if np.isfinite(cv) and cv < regular_cv:
        return "SR"
    if not np.isfinite(chi):
        raise ValueError(
            "chi must be finite to tell SI from AI, got nan: simulate with "
            "record_ids=... (>= 100 neurons) to record membrane potentials")
    if chi > sync_chi:
        return "SI fast" if np.isfinite(f_peak) and f_peak >= fast_hz else "SI slow"
    return "AI"


# -- phase diagram ----------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PhaseDiagram:
    """What :func:`phase_diagram` returns: one value per (eta, g) grid point.

    Attributes
    ----------
    g, eta : ndarray, shapes (n_g,) and (n_eta,)
        The grid.
    rate, cv, chi, f_peak : ndarray, shape (n_eta, n_g)
        :func:`regime_statistics` of each run: mean rate (Hz), mean ISI CV,
        chi, peak frequency (Hz). Row ``i`` is ``eta[i]``, column ``j`` is ``g[j]``.
    state : ndarray of str, shape (n_eta, n_g)
        :func:`classify_state` of each run.
    """

    g: np.ndarray
    eta: np.ndarray
    rate: np.ndarray
    cv: np.ndarray
    chi: np.ndarray
    f_peak: np.ndarray
    state: np.ndarray

    @property
    def state_index(self) -> np.ndarray:
        """Index of each state in ``STATES`` (int array, shape (n_eta, n_g)), for an image."""
        return np.vectorize(STATES.index, otypes=[int])(self.state)


def phase_diagram(g_values, eta_values, *, network=reduced_brunel, duration: float = 300.0,
                  t_start: float = 100.0, dt: float = 0.1, n_record: int = 200, rng=None,
                  executor=None, max_workers: int | None = None,
                  progress: bool = True) -> PhaseDiagram:
    r"""Simulate a network at every (g, eta) of a grid and classify each run.

    Parameters
    ----------
    g_values : array_like of float
        Relative inhibition values (>= 0).
    eta_values : array_like of float
        External drive values :math:`\nu_\mathrm{ext}/\nu_\mathrm{thr}` (>= 0).
    network : callable
        ``network(g, eta) -> NetworkParams``; default :func:`reduced_brunel`.
        It must be picklable for a process pool or Dask: a module-level
        function or a ``functools.partial`` of one (e.g.
        ``functools.partial(brunel2000, scale=0.2)``), not a lambda.
    duration : float
        Simulated time of each run (ms).
    t_start : float
        Start of the analysis window (ms).
    dt : float
        Time step (ms).
    n_record : int
        Neurons (evenly spread over E and I) whose potentials give chi.
    rng : int, numpy.random.Generator or None
        Seed of the sweep: grid point ``(i, j)`` (``eta[i]``, ``g[j]``) is run
        ``i * len(g_values) + j`` and draws from its own generator
        :func:`snncourse.parallel.point_rng` of that seed, so the results do
        not depend on the executor or the number of workers. A Generator
        gives the seed (one draw from it); None, fresh entropy.
    executor : concurrent.futures.Executor or None
        Where the runs go: any Executor (``ThreadPoolExecutor``,
        ``ProcessPoolExecutor``, ``dask.distributed.Client(...).get_executor()``).
        None runs them on a local process pool of ``max_workers`` processes
        (or, when ``network`` cannot be pickled, e.g. a lambda, in this process).
    max_workers : int or None
        Size of the default pool; None means the number of cores.
    progress : bool
        Draw a progress bar on stderr (one tick per grid point).

    Returns
    -------
    PhaseDiagram

    Raises
    ------
    ValueError, TypeError
        For empty or negative grids, a non-callable ``network`` or one that
        does not return a NetworkParams, or bad run settings.

    Notes
    -----
    The cost is one run per point: a 5 x 4 grid of 300 ms runs of the reduced
    network takes about 10 s of CPU, shared by the workers. Each point is classified by
    :func:`classify_state` with its default thresholds.

    References
    ----------
    .. [1] Brunel N (2000). J Comput Neurosci 8:183-208, Fig. 2.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> pd = phase_diagram([3.0], [2.0], duration=60.0, t_start=20.0, rng=1,
    ...                    executor=ThreadPoolExecutor(1), progress=False)
    >>> pd.state.tolist(), pd.rate.shape
    ([['SR']], (1, 1))
    """
    g_values = as_1d_float("g_values", g_values, allow_empty=False)
    eta_values = as_1d_float("eta_values", eta_values, allow_empty=False)
    if np.any(g_values < 0):
        raise ValueError(f"g_values must be >= 0, got {g_values.tolist()!r}")
    if np.any(eta_values < 0):
        raise ValueError(f"eta_values must be >= 0, got {eta_values.tolist()!r}")
    if not callable(network):
        raise TypeError(f"network must be a callable (g, eta) -> NetworkParams, got {network!r}")
    duration = check_positive("duration", duration, "ms")
    t_start = check_nonnegative("t_start", t_start, "ms")
    if t_start >= duration:
        raise ValueError(f"t_start must be < duration = {duration:g} ms, got {t_start!r}")
    dt = check_positive("dt", dt, "ms")
    n_record = check_int("n_record", n_record, minimum=2)
    seed = _sweep_seed(rng)

    shape = (eta_values.size, g_values.size)
    points = [(float(g_values[j]), float(eta_values[i]))
              for i in range(shape[0]) for j in range(shape[1])]
    run = functools.partial(_phase_point, network=network, duration=duration, t_start=t_start,
                            dt=dt, n_record=n_record)
    own_threads = executor is None and not _picklable(network)
    if own_threads:  # a lambda cannot go to other processes: run in this one
        executor = cf.ThreadPoolExecutor(1)
    try:
        stats = sweep(run, points, seed=seed, executor=executor, max_workers=max_workers,
                      progress=progress, desc="grid points")
    finally:
        if own_threads:
            executor.shutdown()
    out = {key: np.array([s[key] for s in stats], dtype=float).reshape(shape)
           for key in ("rate", "cv", "chi", "f_peak")}
    state = np.array([s["state"] for s in stats]).reshape(shape).astype(str)
    return PhaseDiagram(g=g_values, eta=eta_values, state=state, **out)


def _picklable(obj) -> bool:
    try:
        pickle.dumps(obj)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def _sweep_seed(rng) -> int:
    """The sweep's int seed from ``rng`` (an int, a Generator: one draw, or None: fresh entropy)."""
    if rng is None or isinstance(rng, np.random.Generator):
        return int(as_rng(rng).integers(2**63))
    return int(check_int("rng", rng, minimum=0))


def _phase_point(point, rng, *, network, duration, t_start, dt, n_record):
    """One grid point of :func:`phase_diagram`: simulate, measure, classify."""
    g, eta = point
    net = network(float(g), float(eta))
    if not isinstance(net, NetworkParams):
        raise TypeError(f"network must return a NetworkParams, got {type(net).__name__}")
    res = simulate_network(net, duration=duration, dt=dt, rng=rng,
                           record_ids=record_subset(net.n_neurons, n_record))
    stats = regime_statistics(res, t_start=t_start)
    return {"rate": stats["mean_rate_hz"], "cv": stats["isi_cv"], "chi": stats["chi"],
            "f_peak": stats["f_peak_hz"], "state": classify_state(stats)}
