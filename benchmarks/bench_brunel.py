"""Time snncourse against Brian2 on Brunel's (2000) AI network.

Brunel's panel C (g = 5, eta = 2): N = 12,500 neurons, 15.6 M synapses,
dt = 0.1 ms, 1 s simulated by default. Each simulator runs in a fresh
subprocess, so its peak resident memory (``ru_maxrss``) is its own:

* ``snncourse``: ``build_connectivity`` (fixed in-degree, the engine's
  default), then ``simulate_network``.
* ``brian2-<target>``: the same model in Brian2 (``brian2_model.py`` beside
  this file: same neuron, delay, refractory handling and schedule). By
  default Brian2 draws its own wiring with ``connect(p=0.1)`` (Bernoulli,
  as Brian2's Brunel example; same mean in-degrees), so its build time is
  Brian2's own; ``--brian2-wiring snncourse`` passes snncourse's
  fixed in-degree wiring instead (its build time then includes drawing it).

Columns: build (objects and wiring; with cython on a cold cache this
includes compiling the synapse-creation code), prepare (Brian2's code
generation and, for cython, compilation: ~30 s on a cold cache, under a
second when cached; the ``run(0 ms)`` call), run (the simulation itself); wall-clock
seconds, with the process's CPU seconds in square brackets (on a machine
shared with other jobs the CPU time is the steadier figure). Peak RSS of
the process (imports included; the import-only figure is in brackets),
E and I rates and mean ISI CV after ``--t-start``, and the ratio of
snncourse's run time, build time and memory to the row's.

Usage::

    python benchmarks/bench_brunel.py                       # full size, 1 s
    python benchmarks/bench_brunel.py --targets cython --duration 500
    python benchmarks/bench_brunel.py --skip-brian2 --scale 0.2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_MARK = "BENCH-RESULT "


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KB on Linux


def _stats(times, ids, n_exc, n_neurons, t_start, duration):
    import numpy as np

    from snncourse.analysis import isi_cv

    keep = times >= t_start
    times, ids = times[keep], ids[keep]
    window_s = (duration - t_start) / 1000.0
    n_e = int(np.count_nonzero(ids < n_exc))
    cv = isi_cv(times, ids, n_neurons)
    return dict(rate_e=n_e / (n_exc * window_s),
                rate_i=(ids.size - n_e) / ((n_neurons - n_exc) * window_s),
                cv=float(np.nanmean(cv)) if np.isfinite(cv).any() else float("nan"),
                n_spikes=int(times.size))


def _worker(args) -> dict:
    """Run one simulator in this (fresh) process and return its measurements."""
    import numpy as np

    from snncourse.connectivity import build_connectivity
    from snncourse.network import simulate_network
    from snncourse.params import brunel2000

    net = brunel2000(5.0, 2.0, scale=args.scale)
    if args.worker == "snncourse":
        rss_import = _peak_rss_mb()
        rng = np.random.default_rng(args.seed)
        t0, c0 = time.perf_counter(), time.process_time()
        conn = build_connectivity(net, rng)
        t1, c1 = time.perf_counter(), time.process_time()
        res = simulate_network(net, duration=args.duration, dt=args.dt, rng=rng, connectivity=conn)
        t2, c2 = time.perf_counter(), time.process_time()
        out = dict(build_s=t1 - t0, prepare_s=0.0, run_s=t2 - t1, build_cpu_s=c1 - c0,
                   run_cpu_s=c2 - c1, n_synapses=conn.n_synapses,
                   wiring="fixed in-degree (snncourse)")
        times, ids = res.spike_times, res.spike_ids
    else:
        target = args.worker.split("-", 1)[1]
        sys.path.insert(0, str(HERE))
        import brian2  # noqa: F401  (imported before the baseline is taken)
        from brian2_model import run_brian2

        rss_import = _peak_rss_mb()
        if args.brian2_wiring == "own":
            wiring, label = "brian2", f"Bernoulli p={net.c_exc / net.n_exc:g} (Brian2 connect)"
            t_wire = c_wire = 0.0
        else:
            t0, c0 = time.perf_counter(), time.process_time()
            wiring = build_connectivity(net, np.random.default_rng(args.seed))
            t_wire, c_wire = time.perf_counter() - t0, time.process_time() - c0
            label = "fixed in-degree (snncourse, passed in)"
        res = run_brian2(net, duration=args.duration, dt=args.dt, connectivity=wiring,
                         seed=args.seed, target=target)
        out = dict(build_s=t_wire + res["build_s"], prepare_s=res["prepare_s"], run_s=res["run_s"],
                   build_cpu_s=c_wire + res["build_cpu_s"], run_cpu_s=res["run_cpu_s"],
                   n_synapses=res["n_synapses"], wiring=label)
        times, ids = res["spike_times"], res["spike_ids"]
    out.update(_stats(times, ids, net.n_exc, net.n_neurons, args.t_start, args.duration))
    out.update(peak_rss_mb=_peak_rss_mb(), import_rss_mb=rss_import, name=args.worker)
    return out


def _run_in_subprocess(name, args) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name,
           "--duration", repr(args.duration), "--scale", repr(args.scale), "--dt", repr(args.dt),
           "--seed", str(args.seed), "--t-start", repr(args.t_start),
           "--brian2-wiring", args.brian2_wiring]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(_MARK)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-3000:])
        raise RuntimeError(f"benchmark worker {name!r} failed (exit code {proc.returncode})")
    out = json.loads(lines[-1][len(_MARK):])
    out.update(wall_s=wall, load_before=load_before, load_after=os.getloadavg()[0])
    return out


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = [f"Python {platform.python_version()}"]
    for mod in ("numpy", "snncourse", "brian2", "Cython"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            pass
    return f"{os.cpu_count()} CPUs ({cpu}); " + ", ".join(versions)


def _table(rows, ref) -> str:
    head = ("| simulator | wiring | synapses | build (s) [CPU] | prepare (s) | run (s) [CPU] | "
            "peak RSS, MB (imports) | E rate (Hz) | I rate (Hz) | ISI CV | "
            "snncourse / this: run, build, RSS |")
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in rows:
        ratio = (f"{ref['run_s'] / r['run_s']:.2f}, {ref['build_s'] / r['build_s']:.2f}, "
                 f"{ref['peak_rss_mb'] / r['peak_rss_mb']:.2f}")
        lines.append(
            f"| {r['name']} | {r['wiring']} | {r['n_synapses'] / 1e6:.2f} M | "
            f"{r['build_s']:.2f} [{r['build_cpu_s']:.2f}] | {r['prepare_s']:.1f} | "
            f"{r['run_s']:.2f} [{r['run_cpu_s']:.2f}] | {r['peak_rss_mb']:.0f} ({r['import_rss_mb']:.0f}) | "
            f"{r['rate_e']:.1f} | {r['rate_i']:.1f} | {r['cv']:.2f} | {ratio} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=1000.0, help="simulated time (ms), default 1000")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="network size relative to Brunel's N = 12,500 (in-degrees kept), default 1")
    ap.add_argument("--dt", type=float, default=0.1, help="time step (ms), default 0.1")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--t-start", type=float, default=200.0,
                    help="rates and CV are measured after this time (ms), default 200")
    ap.add_argument("--skip-brian2", action="store_true", help="time snncourse only")
    ap.add_argument("--targets", default="numpy,cython",
                    help="comma-separated Brian2 code generation targets, default numpy,cython")
    ap.add_argument("--brian2-wiring", choices=("own", "snncourse"), default="own",
                    help="Brian2 draws its own Bernoulli wiring (default) or gets snncourse's")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.t_start >= args.duration:
        args.t_start = 0.0

    if args.worker:
        print(_MARK + json.dumps(_worker(args)), flush=True)
        return 0

    names = ["snncourse"]
    if not args.skip_brian2:
        names += [f"brian2-{t.strip()}" for t in args.targets.split(",") if t.strip()]
    rows = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.append(_run_in_subprocess(name, args))
    ref = rows[0]
    n = int(round(12500 * args.scale))
    print(f"Brunel (2000) g=5, eta=2 (AI), N={n:,}, {args.duration:g} ms simulated at "
          f"dt={args.dt:g} ms, seed {args.seed}; rates/CV over [{args.t_start:g}, {args.duration:g}) ms")
    print(_machine())
    print("load average (1 min) before/after each run: " + ", ".join(
        f"{r['name']} {r['load_before']:.1f}/{r['load_after']:.1f}" for r in rows))
    print()
    print(_table(rows, ref))
    cython = [r for r in rows if r["name"] == "brian2-cython"]
    print()
    print(f"targets: build {ref['build_s']:.2f} s (< 2 s: {'yes' if ref['build_s'] < 2 else 'NO'}), "
          f"peak RSS {ref['peak_rss_mb']:.0f} MB (< 400 MB: {'yes' if ref['peak_rss_mb'] < 400 else 'NO'})"
          + (f", run {ref['run_s']:.2f} s vs Brian2 cython {cython[0]['run_s']:.2f} s "
             f"(below: {'yes' if ref['run_s'] < cython[0]['run_s'] else 'NO'}; "
             f"half: {'yes' if ref['run_s'] < 0.5 * cython[0]['run_s'] else 'no'})" if cython else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
