"""Unit conversions used throughout the package (one helper each).

Times are in ms, rates in Hz, so every conversion between the two is a
factor of 1000 written here and nowhere else:

- ``ms_to_s``: a time in ms -> s;
- ``counts_to_hz``: spike counts in a window of ``window_ms`` ms -> rate (Hz);
- ``hz_to_per_ms``: a rate in Hz -> events per ms (e.g. ``nu * dt`` counts per step);
- ``per_ms_to_hz``: a rate in events per ms (1 / ms) -> Hz, e.g. ``1 / period_ms``;
- ``ms_to_steps``: a duration -> a whole number of time steps of ``dt`` ms (the
  one place where the engine rounds time).

Examples
--------
>>> ms_to_s(250.0)
0.25
>>> counts_to_hz(5, 250.0)
20.0
>>> hz_to_per_ms(40.0)
0.04
>>> per_ms_to_hz(1 / 12.5)
80.0
>>> ms_to_steps("delay", 1.5, 0.1)
15
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["ms_to_s", "counts_to_hz", "hz_to_per_ms", "per_ms_to_hz", "ms_to_steps"]


def ms_to_s(t_ms):
    """Convert a time from ms to s."""
    return np.asarray(t_ms, dtype=float) / 1000.0 if np.ndim(t_ms) else float(t_ms) / 1000.0


def counts_to_hz(counts, window_ms):
    """Convert spike counts in a window of ``window_ms`` ms into a rate in Hz."""
    if np.ndim(counts):
        return np.asarray(counts, dtype=float) * (1000.0 / window_ms)
    return float(counts) * (1000.0 / window_ms)


def hz_to_per_ms(rate_hz):
    """Convert a rate from Hz (per s) to events per ms."""
    return np.asarray(rate_hz, dtype=float) / 1000.0 if np.ndim(rate_hz) else float(rate_hz) / 1000.0


def per_ms_to_hz(rate_per_ms):
    """Convert a rate in events per ms (for example ``1 / period_ms``) to Hz."""
    if np.ndim(rate_per_ms):
        return np.asarray(rate_per_ms, dtype=float) * 1000.0
    return float(rate_per_ms) * 1000.0


def ms_to_steps(name: str, t_ms: float, dt: float, *, minimum: int = 0, exact: str = "warn") -> int:
    """Number of time steps of ``dt`` ms in ``t_ms`` ms, rounded to the nearest step.

    Parameters
    ----------
    name : str
        Name of the argument, for messages.
    t_ms : float
        Duration (ms).
    dt : float
        Time step (ms), > 0.
    minimum : int
        Smallest number of steps allowed.
    exact : {"warn", "raise", "ignore"}
        What to do when ``t_ms`` is not a multiple of ``dt`` (relative
        tolerance 1e-9): warn and round, raise ``ValueError``, or round silently.

    Raises
    ------
    ValueError
        If the rounded number of steps is below ``minimum``, or for
        ``exact="raise"`` and a ``t_ms`` that is not a multiple of ``dt``.
    """
    ratio = t_ms / dt
    steps = int(round(ratio))
    if steps < minimum:
        raise ValueError(
            f"{name} must be at least {minimum} time step(s) of dt={dt:g} ms "
            f"(>= {minimum * dt:g} ms), got {t_ms!r}"
        )
    if abs(ratio - steps) > 1e-9 * max(1.0, abs(ratio)):
        msg = (
            f"{name}={t_ms!r} ms is not a multiple of dt={dt!r} ms; "
            f"rounded to {steps} steps = {steps * dt:g} ms"
        )
        if exact == "raise":
            raise ValueError(msg)
        if exact == "warn":
            warnings.warn(msg, UserWarning, stacklevel=3)
    return steps
