"""An snncourse network in NEST 3 (iaf_psc_delta): needs only NEST and numpy.

This file is both a module of :mod:`snncourse.export` (``run_nest`` calls
:func:`simulate`) and the body of the standalone script that
``python -m snncourse export --to nest`` writes: the writer fills in
``PARAMS_JSON`` and ``DEFAULTS`` below. It imports no snncourse module.

Run the script::

    python run_nest.py --threads 2 --out spikes.npz
    mpirun -np 4 python run_nest.py --threads 2 --out spikes.npz   # MPI-enabled NEST

It writes the ``.npz`` layout of ``snncourse.SimulationResult.save``, which
``snncourse.load_result`` reads. Under MPI each rank records the spikes of
its own neurons and writes ``spikes.rank<R>-of-<K>.npz``; rank 0 then merges
them into ``spikes.npz`` once all are written (or run
``python run_nest.py --merge spikes.rank*.npz --out spikes.npz``).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np

# OpenMP threads that spin while they wait slow NEST down 10-50 fold on a
# machine shared with other jobs (measured: 57 s instead of 1.2 s); waiting
# passively costs little on a dedicated node. Takes effect only if it is set
# before NEST is first imported; export OMP_WAIT_POLICY=ACTIVE to override.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# --- filled in by snncourse.export.write_script --------------------------------
PARAMS_JSON = None
DEFAULTS = {"duration": 1000.0, "dt": 0.1, "seed": 1}
# -------------------------------------------------------------------------------


def neuron_params(params):
    """iaf_psc_delta parameters of the snncourse neuron (units: ms, mV, pF, pA)."""
    p = params["neuron"]
    c_m = 1000.0 * p["tau_m"] / p["r_m"]  # pF: tau (ms) / R (MOhm) = nF
    return {
        "E_L": p["v_rest"], "V_th": p["v_th"], "V_reset": p["v_reset"],
        "t_ref": p["t_ref"], "tau_m": p["tau_m"], "C_m": c_m,
        "I_e": 1000.0 * params["i_ext"],  # nA -> pA, so that R I_e is r_m * i_ext in mV
        "refractory_input": False,  # input during refractoriness is dropped, as in snncourse
        "V_min": -math.inf,
    }


def noise_std_pA(params, dt):
    """Std (pA) of a noise_generator whose per-step effect is snncourse's exact OU step.

    In iaf_psc_delta a current I held over one step moves V by
    ``I tau_m / C_m (1 - e)`` with ``e = exp(-dt / tau_m)``; snncourse adds
    ``noise_sigma sqrt((1 - e^2) / 2)`` times a standard normal each step.
    """
    p = params["neuron"]
    e = math.exp(-dt / p["tau_m"])
    c_m = 1000.0 * p["tau_m"] / p["r_m"]
    return params["noise_sigma"] * math.sqrt((1.0 - e * e) / 2.0) * c_m / (p["tau_m"] * (1.0 - e))


def simulate(params, *, duration, dt=0.1, seed=1, threads=1, v0=None, sources=None,
             targets=None):
    """Build and run the network in NEST; return this rank's spikes and timings.

    Parameters
    ----------
    params : dict
        ``dataclasses.asdict`` of a ``snncourse.NetworkParams``.
    duration, dt : float
        Simulated time and resolution (ms).
    seed : int
        NEST's ``rng_seed`` (1 .. 2**31 - 1).
    threads : int
        OpenMP threads per process (``local_num_threads``).
    v0 : array, optional
        Initial potentials (mV) of all neurons; default uniform over
        ``params["v_init"]`` (or [v_rest, v_th)) drawn by NEST.
    sources, targets : int arrays, optional
        Explicit wiring (0-based neuron indices, E sources first); default
        NEST's own ``fixed_indegree`` or ``pairwise_bernoulli`` rule.

    Returns
    -------
    dict
        ``spike_times`` (ms, stamped at the end of the step), ``spike_ids``
        (0-based), ``build_s``, ``run_s``, ``n_processes``, ``rank``.
    """
    import nest

    t0 = time.perf_counter()
    nest.ResetKernel()
    try:
        nest.verbosity = nest.VerbosityLevel.ERROR
    except AttributeError:  # older NEST 3
        nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus({"resolution": dt, "local_num_threads": int(threads),
                          "rng_seed": int(seed), "print_time": False})
    n_exc, n_inh = params["n_exc"], params["n_inh"]
    n = n_exc + n_inh
    pop = nest.Create("iaf_psc_delta", n, params=neuron_params(params))
    lo, hi = params["v_init"] if params["v_init"] is not None else (
        params["neuron"]["v_rest"], params["neuron"]["v_th"])
    if v0 is not None:
        pop.V_m = [float(x) for x in v0]
    elif hi > lo:
        pop.V_m = nest.random.uniform(min=lo, max=hi)
    else:
        pop.V_m = lo

    j_exc, g, delay = params["j_exc"], params["g"], params["delay"]
    weights = ((pop[:n_exc], j_exc, params["c_exc"], n_exc),
               (pop[n_exc:] if n_inh else None, -g * j_exc, params["c_inh"], n_inh))
    if sources is not None:
        sources = np.asarray(sources, dtype=np.int64)
        targets = np.asarray(targets, dtype=np.int64)
        first = pop[0].global_id
        is_e = sources < n_exc
        for mask, w in ((is_e, j_exc), (~is_e, -g * j_exc)):
            m = int(np.count_nonzero(mask))
            if w != 0.0 and m:
                nest.Connect(sources[mask] + first, targets[mask] + first, "one_to_one",
                             {"synapse_model": "static_synapse", "weight": np.full(m, float(w)),
                              "delay": np.full(m, float(delay))})
    else:
        for pre, w, c, size in weights:
            if pre is None or size == 0 or c == 0 or w == 0.0:
                continue
            if params["connectivity"] == "fixed_indegree":
                rule = {"rule": "fixed_indegree", "indegree": int(c),
                        "allow_autapses": bool(params["autapses"]), "allow_multapses": True}
            else:
                rule = {"rule": "pairwise_bernoulli", "p": c / size,
                        "allow_autapses": bool(params["autapses"])}
            nest.Connect(pre, pop, rule, {"synapse_model": "static_synapse", "weight": w,
                                          "delay": delay})

    c_ext = params["c_exc"] if params["c_ext"] is None else params["c_ext"]
    j_ext = j_exc if params["j_ext"] is None else params["j_ext"]
    if params["nu_ext"] > 0 and c_ext > 0 and j_ext != 0.0:
        # one generator; NEST sends an independent Poisson train to each target
        pg = nest.Create("poisson_generator", params={"rate": c_ext * params["nu_ext"]})
        nest.Connect(pg, pop, syn_spec={"weight": j_ext, "delay": dt})
    if params["noise_sigma"] > 0:
        ng = nest.Create("noise_generator", params={"mean": 0.0, "std": noise_std_pA(params, dt),
                                                     "dt": dt})
        nest.Connect(ng, pop, syn_spec={"delay": dt})
    rec = nest.Create("spike_recorder")
    nest.Connect(pop, rec)
    t1 = time.perf_counter()
    nest.Simulate(float(duration))
    t2 = time.perf_counter()
    ev = rec.get("events")
    times = np.asarray(ev["times"], dtype=float)
    ids = np.asarray(ev["senders"], dtype=np.int64) - pop[0].global_id
    order = np.lexsort((ids, times))
    return {"spike_times": times[order], "spike_ids": ids[order], "build_s": t1 - t0,
            "run_s": t2 - t1, "n_processes": nest.NumProcesses(), "rank": nest.Rank()}


def write_npz(path, params, out, *, duration, dt, seed):
    """Write spikes in the layout of ``snncourse.SimulationResult.save``."""
    np.savez_compressed(
        path, spike_times=out["spike_times"], spike_ids=out["spike_ids"],
        n_exc=np.int64(params["n_exc"]), n_inh=np.int64(params["n_inh"]),
        duration=np.float64(duration), dt=np.float64(dt),
        record_ids=np.empty(0, np.int64), seed=np.int64(seed),
        params_json=np.array(json.dumps(params)),
        simulator=np.array(out.get("simulator", "nest")),
        build_s=np.float64(out.get("build_s", np.nan)), run_s=np.float64(out.get("run_s", np.nan)),
    )


def merge(paths, out_path):
    """Merge per-rank spike files (same run) into one file that snncourse reads."""
    paths = sorted(paths)
    if not paths:
        raise ValueError("merge needs at least one per-rank file, got none")
    parts = [dict(np.load(p, allow_pickle=False)) for p in paths]
    times = np.concatenate([p["spike_times"] for p in parts])
    ids = np.concatenate([p["spike_ids"] for p in parts])
    order = np.lexsort((ids, times))
    first = parts[0]
    first["spike_times"], first["spike_ids"] = times[order], ids[order]
    first["run_s"] = np.float64(max(float(p["run_s"]) for p in parts))
    first["build_s"] = np.float64(max(float(p["build_s"]) for p in parts))
    np.savez_compressed(out_path, **first)


def _rank_path(out, rank, size):
    root, ext = os.path.splitext(out)
    return f"{root}.rank{rank}-of-{size}{ext or '.npz'}"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the exported snncourse network in NEST.")
    parser.add_argument("--threads", type=int, default=1, help="OpenMP threads per process")
    parser.add_argument("--duration", type=float, default=DEFAULTS["duration"], help="ms")
    parser.add_argument("--dt", type=float, default=DEFAULTS["dt"], help="resolution, ms")
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="NEST rng_seed")
    parser.add_argument("--out", default="spikes.npz", help="output .npz (snncourse.load_result)")
    parser.add_argument("--merge", nargs="+", default=None, metavar="RANK_FILE",
                        help="only merge per-rank files of an MPI run into --out")
    args = parser.parse_args(argv)
    if args.merge:
        merge(args.merge, args.out)
        return 0
    if PARAMS_JSON is None:
        raise SystemExit("PARAMS_JSON is empty: write this script with "
                         "'python -m snncourse export --to nest --out run_nest.py'")
    params = json.loads(PARAMS_JSON)
    out = simulate(params, duration=args.duration, dt=args.dt, seed=args.seed,
                   threads=args.threads)
    size, rank = out["n_processes"], out["rank"]
    path = args.out if size == 1 else _rank_path(args.out, rank, size)
    write_npz(path, params, out, duration=args.duration, dt=args.dt, seed=args.seed)
    if size > 1:
        import nest
        nest.SyncProcesses()  # every rank has written its file
        if rank == 0:
            merge([_rank_path(args.out, r, size) for r in range(size)], args.out)
    if rank == 0:
        n = params["n_exc"] + params["n_inh"]
        rate = out["spike_times"].size * 1000.0 / (n * args.duration) if size == 1 else float("nan")
        print(f"NEST: {n} neurons, {args.duration:g} ms, build {out['build_s']:.1f} s, "
              f"run {out['run_s']:.1f} s, mean rate {rate:.2f} Hz; wrote {args.out}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
