"""Argument checks shared by every module.

Every public function validates its input with these helpers so that a bad
argument raises ``ValueError``/``TypeError`` naming the argument, the value
received and what is allowed, instead of failing deep inside numpy.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_rng",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_int",
    "check_choice",
    "check_type",
    "as_1d_float",
    "as_float_array",
    "as_spikes",
]


def as_rng(rng):
    """Return a ``numpy.random.Generator`` from a Generator, an int seed or None.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        A Generator is returned as it is; an int seeds a new one; None gives
        fresh entropy.

    Raises
    ------
    TypeError
        If ``rng`` is anything else (for example the legacy ``RandomState``).

    Examples
    --------
    >>> a = as_rng(1).random(); b = as_rng(1).random()
    >>> a == b
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:
            raise ValueError(f"rng seed must be a non-negative int, got {rng!r}")
        return np.random.default_rng(rng)
    raise TypeError(
        "rng must be a numpy.random.Generator, an int seed or None, "
        f"got {type(rng).__name__} {rng!r}"
    )


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_finite(name: str, value, unit: str = "") -> float:
    """Return ``value`` as a float, or raise if it is not a finite real number."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a real number{_u(unit)}, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite{_u(unit)}, got {value!r}")
    return value


def check_positive(name: str, value, unit: str = "") -> float:
    """Return ``value`` as a float, or raise unless it is finite and > 0."""
    value = check_finite(name, value, unit)
    if value <= 0:
        raise ValueError(f"{name} must be > 0{_u(unit)}, got {value!r}")
    return value


def check_nonnegative(name: str, value, unit: str = "") -> float:
    """Return ``value`` as a float, or raise unless it is finite and >= 0."""
    value = check_finite(name, value, unit)
    if value < 0:
        raise ValueError(f"{name} must be >= 0{_u(unit)}, got {value!r}")
    return value


def check_int(name: str, value, minimum: int | None = None) -> int:
    """Return ``value`` as an int, or raise unless it is an integer >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def check_choice(name: str, value, choices) -> str:
    """Raise unless ``value`` is one of ``choices``."""
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def check_type(name: str, value, cls):
    """Return ``value``, or raise ``TypeError`` unless it is an instance of ``cls``."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__name__}, got {type(value).__name__} {value!r}")
    return value


def as_float_array(name: str, values, *, ndims=None, unit: str = "",
                   nonnegative: bool = False) -> np.ndarray:
    """Return ``values`` as a float64 ndarray of finite numbers, or raise.

    Parameters
    ----------
    name : str
        Name of the argument, for messages.
    values : array_like
        Numbers, of any shape unless ``ndims`` is given.
    ndims : tuple of int, optional
        Allowed numbers of dimensions (``(0,)`` for a scalar, ``(1, 2)``, ...).
    unit : str
        Unit named in the messages (``"mV"``, ``"Hz"``, ...).
    nonnegative : bool
        Whether negative values are refused.

    Raises
    ------
    TypeError
        If ``values`` are not numbers.
    ValueError
        For the wrong number of dimensions, NaN or inf, or (with
        ``nonnegative``) a negative value.

    Examples
    --------
    >>> as_float_array("rates", [1, 2.5], unit="Hz")
    array([1. , 2.5])
    >>> as_float_array("rates", [[1.0]], ndims=(1,))
    Traceback (most recent call last):
    ...
    ValueError: rates must be 1-D, got an array of shape (1, 1)
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or array_like of numbers{_u(unit)}, "
                        f"got {_short(values)}") from None
    if ndims is not None and arr.ndim not in ndims:
        allowed = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(f"{name} must be {allowed}, got an array of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite{_u(unit)}, got NaN or inf in {_short(values)}")
    if nonnegative and arr.size and np.any(arr < 0):
        got = _short(values) if arr.ndim == 0 else f"a minimum of {float(arr.min())!r}"
        raise ValueError(f"{name} must be >= 0{_u(unit)}, got {got}")
    return arr


def _short(values, width: int = 60) -> str:
    text = repr(values)
    return text if len(text) <= width else text[: width - 3] + "..."


def as_1d_float(name: str, values, *, allow_empty: bool = True) -> np.ndarray:
    """Return ``values`` as a 1-D float64 array of finite numbers, or raise."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be array_like of numbers, got {values!r}") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers only, got NaN or inf")
    return arr


def as_spikes(spike_times, spike_ids, n_neurons: int | None = None):
    """Validate a ``(spike_times_ms, neuron_ids)`` pair and return it as arrays.

    Returns float64 times (ms) and int64 ids of equal length. With
    ``n_neurons``, every id must lie in ``0 .. n_neurons - 1``.
    """
    times = as_1d_float("spike_times", spike_times)
    try:
        ids_f = np.asarray(spike_ids)
        if ids_f.ndim == 0:
            ids_f = ids_f.reshape(1)
        if ids_f.size and not np.issubdtype(ids_f.dtype, np.integer):
            as_float = np.asarray(ids_f, dtype=float)
            if not np.all(as_float == np.round(as_float)):
                raise ValueError
        ids = np.asarray(ids_f, dtype=np.int64)
    except (TypeError, ValueError):
        raise TypeError(f"spike_ids must be array_like of integers, got {spike_ids!r}") from None
    if ids.ndim != 1:
        raise ValueError(f"spike_ids must be 1-D, got an array of shape {ids.shape}")
    if ids.shape != times.shape:
        raise ValueError(
            "spike_times and spike_ids must have the same length, got "
            f"{times.size} and {ids.size}"
        )
    if n_neurons is not None:
        n_neurons = check_int("n_neurons", n_neurons, minimum=1)
        if ids.size and (ids.min() < 0 or ids.max() >= n_neurons):
            raise ValueError(
                f"spike_ids must lie in 0..{n_neurons - 1} (n_neurons={n_neurons}), "
                f"got values from {ids.min()} to {ids.max()}"
            )
    return times, ids


def _u(unit: str) -> str:
    return f" (in {unit})" if unit else ""
