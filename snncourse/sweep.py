r"""Parameter sweeps on any ``concurrent.futures.Executor``: a local process pool, Dask, ...

Contents
--------
point_rng, sweep
    The seeding rule and the runner (from :mod:`snncourse.parallel`).
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

import functools
from pathlib import Path

import numpy as np

__all__ = ["point_rng", "sweep", "phase_diagram_sweep", "save_phase_diagram",
           "load_phase_diagram", "PHASE_DIAGRAM_FILE"]

#: The committed full-size phase diagram (N = 12,500).
PHASE_DIAGRAM_FILE = Path(__file__).resolve().parents[1] / "data" / "phase_diagram_full.npz"


from .parallel import _check_seed, point_rng, sweep  # noqa: F401 (re-exported)


def phase_diagram_sweep(g_values, eta_values, *, network=None, duration: float = 300.0,
                        t_start: float = 100.0, dt: float = 0.1, n_record: int = 200,
                        seed: int = 0, executor=None, max_workers: int | None = None,
                        progress: bool = True):
    r"""Brunel's phase diagram on an executor: :func:`snncourse.regimes.phase_diagram` with ``rng=seed``.

    Grid point ``(i, j)`` (``eta[i]``, ``g[j]``) is point ``i * len(g_values) + j``
    of :func:`sweep`, seeded with :func:`point_rng`; ``network`` None means
    :func:`snncourse.regimes.reduced_brunel`. See :func:`~snncourse.regimes.phase_diagram`
    for the parameters.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> pd = phase_diagram_sweep([3.0], [2.0], duration=60.0, t_start=20.0, seed=1,
    ...                          executor=ThreadPoolExecutor(1), progress=False)
    >>> pd.state.tolist(), pd.rate.shape
    ([['SR']], (1, 1))
    """
    from .regimes import phase_diagram, reduced_brunel

    return phase_diagram(g_values, eta_values, network=reduced_brunel if network is None else network,
                         duration=duration, t_start=t_start, dt=dt, n_record=n_record,
                         rng=_check_seed(seed), executor=executor, max_workers=max_workers,
                         progress=progress)


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

    from .analysis import SPECTRUM_BIN_MS
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
                       t_start=args.t_start, seed=args.seed, wall_s=elapsed,
                       spectrum_bin_ms=SPECTRUM_BIN_MS)
    print(f"{g.size * eta.size} runs in {elapsed:.0f} s; wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
