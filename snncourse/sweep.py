r"""Parameter sweeps on any ``concurrent.futures.Executor``: a local process pool, Dask, ...

Contents
--------
point_rng
    The random generator of point ``i`` of a sweep seeded with ``seed``.
sweep
    Run ``func(point, rng)`` for every point, on an executor, with a
    progress bar; results in the order of the points.
phase_diagram_sweep
    Brunel's phase diagram (:class:`snncourse.regimes.PhaseDiagram`), one
    run per (g, eta), on an executor.
save_phase_diagram, load_phase_diagram
    A :class:`~snncourse.regimes.PhaseDiagram` to and from a small ``.npz``.
PHASE_DIAGRAM_FILE
    The committed full-size phase diagram, ``data/phase_diagram_full.npz``
    (``data/README.md`` has the command that made it).

Why results do not depend on the executor
-----------------------------------------
Each point draws its random numbers from its own generator,
``numpy.random.default_rng(numpy.random.SeedSequence(seed, spawn_key=(i,)))``
with ``i`` the index of the point in the sweep, never from a generator
shared by the runs in the order they happen to finish. One worker or many,
a local pool or a cluster: the same ``seed`` gives bit-identical results.

On a cluster, ``dask.distributed`` turns a Dask client into an executor::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")   # or Client(LocalCluster(...))
    pd = phase_diagram_sweep(g, eta, seed=1, executor=client.get_executor())

``func`` (and ``network``) must then be picklable: a module-level function
or a ``functools.partial`` of one, not a lambda.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import os
from pathlib import Path

import numpy as np

from ._validation import as_1d_float, check_int, check_nonnegative, check_positive
from .network import simulate_network
from .params import NetworkParams
from .progress import ProgressBar

__all__ = ["point_rng", "sweep", "phase_diagram_sweep", "save_phase_diagram",
           "load_phase_diagram", "PHASE_DIAGRAM_FILE"]

#: The committed full-size phase diagram (N = 12,500).
PHASE_DIAGRAM_FILE = Path(__file__).resolve().parents[1] / "data" / "phase_diagram_full.npz"


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


def _phase_point(point, rng, *, network, duration, t_start, dt, n_record):
    from .regimes import classify_state, record_subset, regime_statistics

    g, eta = point
    net = network(float(g), float(eta))
    if not isinstance(net, NetworkParams):
        raise TypeError(f"network must return a NetworkParams, got {type(net).__name__}")
    res = simulate_network(net, duration=duration, dt=dt, rng=rng,
                           record_ids=record_subset(net.n_neurons, n_record))
    stats = regime_statistics(res, t_start=t_start)
    return {"rate": stats["mean_rate_hz"], "cv": stats["isi_cv"], "chi": stats["chi"],
            "f_peak": stats["f_peak_hz"], "state": classify_state(stats)}


def phase_diagram_sweep(g_values, eta_values, *, network=None, duration: float = 300.0,
                        t_start: float = 100.0, dt: float = 0.1, n_record: int = 200,
                        seed: int = 0, executor=None, max_workers: int | None = None,
                        progress: bool = True):
    r"""Brunel's phase diagram: simulate and classify each (g, eta), on an executor.

    The same computation as :func:`snncourse.regimes.phase_diagram`, with the
    runs spread over ``executor`` and each point seeded on its own.

    Parameters
    ----------
    g_values : array_like of float
        Relative inhibition values (>= 0).
    eta_values : array_like of float
        External drive values :math:`\nu_\mathrm{ext}/\nu_\mathrm{thr}` (>= 0).
    network : callable or None
        ``network(g, eta) -> NetworkParams``, picklable; None means
        :func:`snncourse.regimes.reduced_brunel` (N = 1000). Use
        :func:`snncourse.params.brunel2000` for the full network.
    duration : float
        Simulated time of each run (ms).
    t_start : float
        Start of the analysis window (ms).
    dt : float
        Time step (ms).
    n_record : int
        Neurons (evenly spread over E and I) whose potentials give chi.
    seed : int
        Seed of the sweep; grid point ``(i, j)`` (``eta[i]``, ``g[j]``) is
        point ``i * len(g_values) + j`` of :func:`sweep`.
    executor, max_workers, progress
        As in :func:`sweep`.

    Returns
    -------
    snncourse.regimes.PhaseDiagram

    Raises
    ------
    ValueError, TypeError
        For empty or negative grids, a non-callable ``network``, or bad run settings.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> pd = phase_diagram_sweep([3.0], [2.0], duration=60.0, t_start=20.0, seed=1,
    ...                          executor=ThreadPoolExecutor(1), progress=False)
    >>> pd.state.tolist(), pd.rate.shape
    ([['SR']], (1, 1))
    """
    from .regimes import PhaseDiagram, reduced_brunel

    g_values = as_1d_float("g_values", g_values, allow_empty=False)
    eta_values = as_1d_float("eta_values", eta_values, allow_empty=False)
    if np.any(g_values < 0):
        raise ValueError(f"g_values must be >= 0, got {g_values.tolist()!r}")
    if np.any(eta_values < 0):
        raise ValueError(f"eta_values must be >= 0, got {eta_values.tolist()!r}")
    network = reduced_brunel if network is None else network
    if not callable(network):
        raise TypeError(f"network must be a callable (g, eta) -> NetworkParams, got {network!r}")
    duration = check_positive("duration", duration, "ms")
    t_start = check_nonnegative("t_start", t_start, "ms")
    if t_start >= duration:
        raise ValueError(f"t_start must be < duration = {duration:g} ms, got {t_start!r}")
    dt = check_positive("dt", dt, "ms")
    n_record = check_int("n_record", n_record, minimum=2)

    shape = (eta_values.size, g_values.size)
    points = [(float(g_values[j]), float(eta_values[i]))
              for i in range(shape[0]) for j in range(shape[1])]
    func = functools.partial(_phase_point, network=network, duration=duration,
                             t_start=t_start, dt=dt, n_record=n_record)
    stats = sweep(func, points, seed=seed, executor=executor, max_workers=max_workers,
                  progress=progress, desc="grid points")
    out = {key: np.array([s[key] for s in stats], dtype=float).reshape(shape)
           for key in ("rate", "cv", "chi", "f_peak")}
    state = np.array([s["state"] for s in stats]).reshape(shape)
    return PhaseDiagram(g=g_values, eta=eta_values, state=state, **out)


def save_phase_diagram(diagram, path, **metadata) -> None:
    """Write a :class:`~snncourse.regimes.PhaseDiagram` to ``path`` (``.npz``, no pickle).

    ``metadata`` (str, numbers) are stored alongside, e.g. the command that
    made the file, the network size, the seed.
    """
    from .regimes import PhaseDiagram

    if not isinstance(diagram, PhaseDiagram):
        raise TypeError(f"diagram must be a PhaseDiagram, got {type(diagram).__name__}")
    meta = {f"meta_{k}": np.asarray(v) for k, v in metadata.items()}
    np.savez_compressed(path, g=diagram.g, eta=diagram.eta, rate=diagram.rate, cv=diagram.cv,
                        chi=diagram.chi, f_peak=diagram.f_peak,
                        state=diagram.state.astype(str), **meta)


def load_phase_diagram(path):
    """Read a phase diagram written by :func:`save_phase_diagram`.

    Returns
    -------
    diagram : snncourse.regimes.PhaseDiagram
    metadata : dict
        The ``metadata`` given to :func:`save_phase_diagram` (as Python scalars or str).
    """
    from .regimes import PhaseDiagram

    with np.load(path, allow_pickle=False) as f:
        diagram = PhaseDiagram(**{k: f[k] for k in ("g", "eta", "rate", "cv", "chi", "f_peak",
                                                    "state")})
        meta = {k[5:]: f[k].item() for k in f.files if k.startswith("meta_")}
    return diagram, meta


def _main(argv=None) -> int:
    """``python -m snncourse.sweep``: Brunel's phase diagram on a local process pool."""
    import argparse
    import shlex
    import sys
    import time

    from .params import brunel2000

    parser = argparse.ArgumentParser(
        prog="python -m snncourse.sweep",
        description="Brunel's (2000) phase diagram on a (g, eta) grid, on a local process pool.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size relative to N = 12,500 (in-degrees kept; default 1)")
    parser.add_argument("--g", type=float, nargs=3, default=(2.0, 8.0, 9),
                        metavar=("MIN", "MAX", "N"), help="g grid (default 2 8 9)")
    parser.add_argument("--eta", type=float, nargs=3, default=(0.5, 4.0, 9),
                        metavar=("MIN", "MAX", "N"), help="eta grid (default 0.5 4 9)")
    parser.add_argument("--duration", type=float, default=300.0, help="ms per run (default 300)")
    parser.add_argument("--t-start", type=float, default=100.0, help="analysis start, ms (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sweep (default 1)")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--out", required=True, help="output .npz")
    args = parser.parse_args(argv)
    g = np.linspace(args.g[0], args.g[1], int(args.g[2]))
    eta = np.linspace(args.eta[0], args.eta[1], int(args.eta[2]))
    network = functools.partial(brunel2000, scale=args.scale)
    t0 = time.perf_counter()
    diagram = phase_diagram_sweep(g, eta, network=network, duration=args.duration,
                                  t_start=args.t_start, seed=args.seed,
                                  max_workers=args.workers)
    elapsed = time.perf_counter() - t0
    command = "python -m snncourse.sweep " + " ".join(shlex.quote(a) for a in
                                                      (argv if argv is not None else sys.argv[1:]))
    save_phase_diagram(diagram, args.out, command=command, scale=args.scale,
                       n_neurons=network(5.0, 2.0).n_neurons, duration=args.duration,
                       t_start=args.t_start, seed=args.seed, wall_s=elapsed)
    print(f"{g.size * eta.size} runs in {elapsed:.0f} s; wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
