r"""External input: Poisson spike trains and per-step Poisson counts.

Contents
--------
poisson_spike_trains
    Independent homogeneous Poisson spike trains, as ``(times_ms, ids)``.
poisson_counts
    Poisson-distributed counts per neuron and time step (the engine's
    external drive), drawn by exact table inversion.

A Poisson train of rate :math:`\nu` (Hz) has, in a step of ``dt`` ms, a
Poisson number of spikes with mean :math:`\lambda = \nu\,dt / 1000`. ``C``
independent trains into one neuron add up to one train of rate ``C nu``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_rng, check_int, check_nonnegative, check_positive
from .units import hz_to_per_ms

__all__ = ["poisson_spike_trains", "poisson_counts"]

# Above this mean the inversion table grows long; numpy's sampler is used instead.
_INVERSION_MAX_LAM = 30.0
_TWO32 = float(2**32)
_CHUNK = 1 << 17  # counts drawn at a time (0.5 MB of random integers)
_TAIL = 0.995  # thresholds above this CDF value are applied to the few counts that reach them


def poisson_spike_trains(rate, duration, n_trains=1, *, t_start=0.0, rng=None):
    r"""Independent homogeneous Poisson spike trains.

    Parameters
    ----------
    rate : float
        Firing rate of each train (Hz), >= 0.
    duration : float
        Length of the trains (ms), > 0.
    n_trains : int
        Number of independent trains, >= 1.
    t_start : float
        Start time (ms); spikes lie in ``[t_start, t_start + duration)``.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    spike_times : ndarray of float
        Spike times (ms), sorted.
    spike_ids : ndarray of int
        Train (neuron) index of each spike, ``0 .. n_trains - 1``.

    Notes
    -----
    The count of each train is Poisson with mean :math:`\nu T / 1000` and,
    given the count, the times are independent and uniform on the window,
    which is the definition of a homogeneous Poisson process.

    References
    ----------
    .. [1] Dayan P, Abbott LF (2001). Theoretical Neuroscience, ch. 1.4. MIT Press.

    Examples
    --------
    >>> t, i = poisson_spike_trains(10.0, 100_000.0, n_trains=2, rng=0)
    >>> round(t.size / 2 / 100.0)   # spikes per train per second: about 10 Hz
    10
    """
    check_nonnegative("rate", rate, "Hz")
    check_positive("duration", duration, "ms")
    n_trains = check_int("n_trains", n_trains, minimum=1)
    rng = as_rng(rng)
    counts = rng.poisson(hz_to_per_ms(rate * duration), size=n_trains)
    ids = np.repeat(np.arange(n_trains), counts)
    times = t_start + rng.random(ids.size) * duration
    order = np.argsort(times, kind="stable")
    return times[order], ids[order]


def _inversion_table(lam: float) -> np.ndarray:
    """Thresholds ``T_k = round(2**32 * P(X <= k))`` below 2**32, as uint32."""
    kmax = int(lam + 12 * np.sqrt(lam) + 20)
    pmf = np.empty(kmax + 1)
    pmf[0] = np.exp(-lam)
    for k in range(1, kmax + 1):
        pmf[k] = pmf[k - 1] * lam / k
    thresholds = np.round(np.cumsum(pmf) * _TWO32)
    thresholds = thresholds[thresholds < _TWO32]
    return thresholds.astype(np.uint32)


def poisson_counts(lam, shape, rng=None):
    r"""Poisson counts of mean ``lam`` in an array of ``shape`` (fast, exact to 2**-32).

    Parameters
    ----------
    lam : float
        Mean count, >= 0 (for the external drive: ``C_ext * nu_ext * dt / 1000``).
    shape : int or tuple of int
        Shape of the result.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    ndarray of uint8 (``lam <= 30``) or int64
        The counts.

    Notes
    -----
    For ``lam <= 30`` the counts are drawn by inversion: with a uniform
    32-bit integer :math:`u`, the count is the number of thresholds
    :math:`T_k = \mathrm{round}(2^{32} P(X \le k))` that :math:`u` reaches,
    so :math:`P(\text{count} \le k) = T_k / 2^{32}`, the Poisson CDF to
    within :math:`2^{-32}`. It costs one random integer and a few vectorized
    comparisons per count, about ten times less than ``Generator.poisson``,
    whose per-element cost would otherwise be half of a network simulation.
    Only the thresholds below :math:`0.995 \cdot 2^{32}` are compared with
    every count; the counts that reach all of them (about 0.5 %) are
    finished with the remaining thresholds on their own.
    Larger means use ``Generator.poisson``.

    Examples
    --------
    >>> c = poisson_counts(2.0, 200_000, rng=1)
    >>> round(float(c.mean()), 1), round(float(c.var()), 1)
    (2.0, 2.0)
    """
    check_nonnegative("lam", lam)
    rng = as_rng(rng)
    if lam == 0:
        return np.zeros(shape, dtype=np.uint8)
    if lam > _INVERSION_MAX_LAM:
        return rng.poisson(lam, size=shape)
    thresholds = _inversion_table(float(lam))
    # Pass over every count only for the thresholds that many counts reach;
    # the few counts that reach all of them are finished on their own.
    n_bulk = int(np.searchsorted(thresholds, _TAIL * _TWO32))
    counts = np.zeros(shape, dtype=np.uint8)
    flat = counts.reshape(-1)
    above = np.empty(min(flat.size, _CHUNK), dtype=bool)
    # In chunks that stay in the CPU cache during the passes; consecutive
    # draws give the same numbers as one draw of the whole array.
    for start in range(0, flat.size, _CHUNK):
        part = flat[start:start + _CHUNK]
        u = rng.integers(0, 2**32, size=part.size, dtype=np.uint32)
        hit = above[:part.size]
        for threshold in thresholds[:n_bulk]:
            np.greater_equal(u, threshold, out=hit)
            part += hit.view(np.uint8)
        if n_bulk < thresholds.size:
            tail = np.flatnonzero(part == n_bulk)
            part[tail] += np.searchsorted(thresholds[n_bulk:], u[tail], side="right").astype(np.uint8)
    return counts
