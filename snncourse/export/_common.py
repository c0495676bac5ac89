"""What the NEST and Brian2 exporters share: checks, the initial state, the result."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import numpy as np

from .._validation import as_rng, check_choice, check_positive
from ..connectivity import Connectivity, build_connectivity
from ..network import SimulationResult
from ..params import NetworkParams

TARGETS = ("nest", "brian2")
WIRINGS = ("snncourse", "native")
_HERE = Path(__file__).resolve().parent
_MODEL_FILES = {"nest": _HERE / "_nest_model.py", "brian2": _HERE / "_brian2_model.py"}
_MARKER = "PARAMS_JSON = None\n"


def _on_grid(name, value, dt, *, minimum):
    steps = value / dt
    if abs(steps - round(steps)) > 1e-9 * max(1.0, steps) or round(steps) < minimum:
        raise ValueError(
            f"{name} must be a whole number of steps dt={dt:g} ms (at least {minimum}) "
            f"for an exported model, got {value!r} ms: NEST and Brian2 would round it "
            f"each their own way, unlike snncourse")


def check_exportable(net: NetworkParams, to: str, *, dt: float = 0.1) -> None:
    """Raise if ``net`` cannot be exported to ``to`` exactly.

    Every field of :class:`~snncourse.params.NetworkParams` maps onto both
    NEST and Brian2; what is refused is what they would treat differently
    from snncourse: a delay or refractory period that is not a whole number
    of steps (snncourse rounds with a warning; NEST and Brian2 round
    silently, each its own way).

    Parameters
    ----------
    net : NetworkParams
    to : {"nest", "brian2"}
    dt : float
        Time step (ms).

    Raises
    ------
    TypeError
        If ``net`` is not a NetworkParams.
    ValueError
        For an unknown target or a delay / refractory period off the time grid.

    Examples
    --------
    >>> from snncourse.params import brunel2000
    >>> check_exportable(brunel2000(), "nest")
    >>> check_exportable(brunel2000(delay=1.55), "brian2")
    Traceback (most recent call last):
    ...
    ValueError: delay must be a whole number of steps dt=0.1 ms (at least 1) for an exported model, got 1.55 ms: NEST and Brian2 would round it each their own way, unlike snncourse
    """
    if not isinstance(net, NetworkParams):
        raise TypeError(f"net must be a NetworkParams, got {type(net).__name__}")
    check_choice("to", to, TARGETS)
    dt = check_positive("dt", dt, "ms")
    _on_grid("delay", net.delay, dt, minimum=1)
    _on_grid("t_ref", net.neuron.t_ref, dt, minimum=0)


def params_dict(net: NetworkParams) -> dict:
    """``dataclasses.asdict(net)``: what the exported models read (and the npz stores)."""
    return json.loads(json.dumps(dataclasses.asdict(net)))


def initial_state(net, rng, wiring, connectivity):
    """Seed, initial potentials and wiring for an exported run.

    With ``wiring="snncourse"`` the potentials and wiring are drawn from
    ``rng`` exactly as :func:`snncourse.simulate_network` draws them, so
    ``rng=seed`` gives the same initial state and synapses as
    ``simulate_network(net, rng=seed)``; the simulator's own seed is then
    drawn from the same generator.
    """
    check_choice("wiring", wiring, WIRINGS)
    seed = int(rng) if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) else None
    gen = as_rng(rng)
    v0 = conn = None
    if connectivity is not None:
        if not isinstance(connectivity, Connectivity):
            raise TypeError(f"connectivity must be a Connectivity, got {type(connectivity).__name__}")
        if connectivity.n_exc != net.n_exc or connectivity.n_inh != net.n_inh:
            raise ValueError(f"connectivity must have n_exc={net.n_exc}, n_inh={net.n_inh}, got "
                             f"{connectivity.n_exc}, {connectivity.n_inh}")
    if wiring == "snncourse":
        v0 = gen.uniform(*net.v_init_range, size=net.n_neurons)
        conn = connectivity if connectivity is not None else build_connectivity(net, gen)
    elif connectivity is not None:
        raise ValueError("connectivity must be None with wiring='native' (the simulator draws "
                         "its own), got a Connectivity; use wiring='snncourse'")
    sim_seed = int(gen.integers(1, 2**31 - 1))
    return seed, sim_seed, v0, conn


def run_exported(net, simulate, *, rng, wiring, connectivity, duration, dt,
                 return_timing, clock, **options):
    """Run ``net`` through one simulator's ``simulate`` and wrap its spikes.

    The steps ``run_nest`` and ``run_brian2`` share once their arguments are
    checked: the initial state and wiring from ``rng`` (:func:`initial_state`),
    the simulator's run, the :class:`~snncourse.SimulationResult`, and the
    timing (``clock`` is the ``(perf_counter, process_time)`` pair read when
    the caller started).
    """
    seed, sim_seed, v0, conn = initial_state(net, rng, wiring, connectivity)
    src = tgt = None
    if conn is not None:
        src, tgt = conn.sources(), conn.targets
    out = simulate(params_dict(net), duration=duration, dt=dt, seed=sim_seed, v0=v0,
                   sources=src, targets=tgt, **options)
    if out.get("n_processes", 1) > 1:  # pragma: no cover - MPI only
        raise RuntimeError("this run uses one process; under MPI use the standalone script "
                           "(snncourse.export.write_script), which gathers the ranks' spikes")
    result = to_result(net, out, duration=duration, dt=dt, seed=seed, connectivity=conn)
    return (result, timing(out, *clock)) if return_timing else result


def to_result(net, out, *, duration, dt, seed, connectivity) -> SimulationResult:
    return SimulationResult(
        spike_times=np.asarray(out["spike_times"], dtype=float),
        spike_ids=np.asarray(out["spike_ids"], dtype=np.int64),
        n_exc=net.n_exc, n_inh=net.n_inh, duration=float(duration), dt=float(dt),
        params=net, connectivity=connectivity, seed=seed)


def timing(out, t0, c0) -> dict:
    """Wall-clock times of a run (s) and the CPU time of this process (all threads)."""
    keys = ("build_s", "prepare_s", "run_s")
    t = {k: float(out[k]) for k in keys if k in out}
    t["total_s"] = time.perf_counter() - t0
    t["cpu_s"] = time.process_time() - c0
    return t


def script_source(net: NetworkParams, to: str, *, duration: float = 1000.0, dt: float = 0.1,
                  seed: int = 1) -> str:
    """Source of a standalone script that runs ``net`` in NEST or Brian2.

    The script needs only the simulator and numpy; see :func:`write_script`.
    """
    check_exportable(net, to, dt=dt)
    duration = check_positive("duration", duration, "ms")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 1 <= seed < 2**31:
        raise ValueError(f"seed must be an int in [1, 2**31 - 1], got {seed!r}")
    text = _MODEL_FILES[to].read_text()
    if text.count(_MARKER) != 1:  # pragma: no cover - guards the template
        raise RuntimeError(f"template {_MODEL_FILES[to].name} lost its PARAMS_JSON marker")
    params = json.dumps(params_dict(net), indent=1)
    header = (f"#!/usr/bin/env python\n# Written by snncourse.export.write_script(to={to!r}) for "
              f"'{net.name}' ({net.n_neurons} neurons).\n")
    text = text.replace(_MARKER, f"PARAMS_JSON = r'''\n{params}\n'''\n")
    text = text.replace('DEFAULTS = {"duration": 1000.0, "dt": 0.1, "seed": 1}',
                        f'DEFAULTS = {{"duration": {float(duration)!r}, "dt": {float(dt)!r}, '
                        f'"seed": {int(seed)}}}')
    return header + text


def write_script(net: NetworkParams, path, *, to: str, duration: float = 1000.0,
                 dt: float = 0.1, seed: int = 1) -> Path:
    """Write a standalone script that runs ``net`` in NEST (``to="nest"``) or Brian2.

    The script needs only the simulator and numpy (no snncourse). Running
    ``python SCRIPT --out spikes.npz`` (NEST: ``--threads N``, and unchanged
    under ``mpirun``; Brian2: ``--target cython``) writes the ``.npz``
    layout of :meth:`snncourse.SimulationResult.save`, which
    :func:`snncourse.load_result` reads.

    Parameters
    ----------
    net : NetworkParams
    path : str or path-like
        The ``.py`` file to write.
    to : {"nest", "brian2"}
    duration, dt : float
        Default simulated time and time step (ms) of the script (``--duration``, ``--dt``).
    seed : int
        Default seed of the script (``--seed``), in [1, 2**31 - 1].

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        As :func:`check_exportable`, or for a bad seed.
    """
    from .._io import write_text_atomic

    path = Path(path)
    write_text_atomic(path, script_source(net, to, duration=duration, dt=dt, seed=seed))
    return path
