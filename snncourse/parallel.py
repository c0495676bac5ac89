r"""Run many independent jobs on any ``concurrent.futures.Executor``, each seeded on its own.

Contents
--------
point_rng
    The random generator of point ``i`` of a sweep seeded with ``seed``.
sweep
    Run ``func(point, rng)`` for every point, on an executor, with a
    progress bar; results in the order of the points.

Point ``i`` draws its random numbers from
``numpy.random.default_rng(numpy.random.SeedSequence(seed, spawn_key=(i,)))``,
never from a generator shared by the runs in the order they finish: one
worker or many, a local pool or a Dask cluster, the same ``seed`` gives
bit-identical results. :func:`snncourse.regimes.phase_diagram` and
:mod:`snncourse.sweep` run on it.
"""

from __future__ import annotations

import concurrent.futures as cf
import os

import numpy as np

from ._validation import check_int
from .progress import ProgressBar

__all__ = ["point_rng", "sweep"]


def _check_seed(seed):
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be a non-negative int, got {seed!r}")
    return int(seed)


def point_rng(seed: int, index: int) -> np.random.Generator:
    """The generator of point ``index`` of a sweep seeded with ``seed``.

    Parameters
    ----------
    seed : int
        Seed of the sweep, >= 0.
    index : int
        Index of the point in the sweep, >= 0.

    Returns
    -------
    numpy.random.Generator
        ``default_rng(SeedSequence(seed, spawn_key=(index,)))``: independent
        streams for different points, the same stream for the same point.

    Examples
    --------
    >>> bool(point_rng(1, 3).random() == point_rng(1, 3).random())
    True
    >>> bool(point_rng(1, 3).random() == point_rng(1, 4).random())
    False
    """
    seed = _check_seed(seed)
    index = check_int("index", index, minimum=0)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))


def _run_point(func, seed, index, point):
    return func(point, point_rng(seed, index))


def sweep(func, points, *, seed: int, executor=None, max_workers: int | None = None,
          progress: bool = True, desc: str = "runs") -> list:
    """Evaluate ``func(point, rng)`` at every point, on an executor.

    Parameters
    ----------
    func : callable
        ``func(point, rng) -> result``, with ``rng`` the point's own
        :func:`point_rng`. Must be picklable for a process pool or Dask
        (a module-level function or a ``functools.partial`` of one).
    points : sequence
        The points (any picklable objects), e.g. ``(g, eta)`` pairs.
    seed : int
        Seed of the sweep, >= 0. Point ``i`` uses ``point_rng(seed, i)``.
    executor : concurrent.futures.Executor or None
        Where to run: any Executor (``ThreadPoolExecutor``,
        ``ProcessPoolExecutor``, ``dask.distributed.Client.get_executor()``).
        None runs on a local process pool of ``max_workers`` processes,
        created and shut down here.
    max_workers : int or None
        Size of the default process pool; None means ``os.cpu_count()``.
        Ignored when ``executor`` is given.
    progress : bool
        Draw a progress bar on stderr, one tick per finished point.
    desc : str
        Label of the progress bar.

    Returns
    -------
    list
        ``func``'s results in the order of ``points`` (not of completion).

    Raises
    ------
    TypeError
        If ``func`` is not callable, ``seed`` not a non-negative int or
        ``executor`` not an Executor.
    Exception
        The first exception raised by ``func`` is raised again here (the
        remaining points are cancelled).

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> def draw(point, rng):
    ...     return point + rng.integers(100)
    >>> with ThreadPoolExecutor(2) as ex:
    ...     a = sweep(draw, [0, 1000, 2000], seed=7, executor=ex, progress=False)
    >>> a == sweep(draw, [0, 1000, 2000], seed=7, executor=ThreadPoolExecutor(1), progress=False)
    True
    """
    if not callable(func):
        raise TypeError(f"func must be callable as func(point, rng), got {func!r}")
    seed = _check_seed(seed)
    points = list(points)
    own = executor is None
    if own:
        if max_workers is not None:
            max_workers = check_int("max_workers", max_workers, minimum=1)
        executor = cf.ProcessPoolExecutor(max_workers or os.cpu_count() or 1)
    elif not isinstance(executor, cf.Executor) and not hasattr(executor, "submit"):
        raise TypeError(f"executor must be a concurrent.futures.Executor, got {executor!r}")
    results = [None] * len(points)
    bar = ProgressBar(len(points), desc=desc) if progress else None
    try:
        futures = {executor.submit(_run_point, func, seed, i, p): i for i, p in enumerate(points)}
        done = 0
        for fut in cf.as_completed(futures):
            results[futures[fut]] = fut.result()
            done += 1
            if bar is not None:
                bar.update(done)
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
    finally:
        if bar is not None:
            bar.close()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)
    return results
