"""Time snncourse against Brian2 on Brunel's (2000) network in three regimes, in one run.

Brunel's network: N = 12,500 neurons, 15.6 M synapses, dt = 0.1 ms, 1 s
simulated by default, in three of his states:

* ``AI``: asynchronous irregular, g = 5, eta = 2 (about 38 Hz);
* ``SI``: synchronous irregular, fast oscillation, g = 6, eta = 4 (about 60 Hz);
* ``SR``: synchronous regular, g = 3, eta = 2 (about 330 Hz: spike delivery
  dominates, ~400 neurons spike in every step).

Each simulator runs in a fresh subprocess (``_worker.py``), so its peak
resident memory is its own; within a regime the simulators run one after
the other, so they see about the same load on a shared machine. Compare
the ratios, not the absolute seconds across runs.

* ``snncourse``: ``build_connectivity`` (fixed in-degree), then ``simulate_network``.
* ``brian2-<target>``: the same model in Brian2 (``brian2_model.py``: same
  neuron, delay, refractory handling and schedule). Brian2 draws its own
  wiring with ``connect(p=0.1)`` (as Brian2's Brunel example; same mean
  in-degrees) unless ``--brian2-wiring snncourse``.

Columns: build (objects and wiring), prepare (Brian2's code generation and
compilation, the ``run(0 ms)`` call: under a second on a warm cache, ~30 s
cold), run; wall-clock seconds with the process's CPU seconds in brackets.
``build + run`` leaves Brian2's prepare out (the conservative choice), and
the ratio column is snncourse's ``build + run`` over the row's.

Usage::

    python benchmarks/bench_brunel.py                       # AI, SI, SR vs Brian2 cython
    python benchmarks/bench_brunel.py --regimes AI --targets numpy,cython
    python benchmarks/bench_brunel.py --skip-brian2 --scale 0.2
"""

from __future__ import annotations

import argparse
import sys

from _worker import machine, run_in_subprocess

REGIMES = {"AI": (5.0, 2.0), "SI": (6.0, 4.0), "SR": (3.0, 2.0)}


def _table(rows) -> str:
    head = ("| regime | simulator | wiring | synapses | build (s) [CPU] | prepare (s) | run (s) [CPU] | "
            "build + run (s) | peak RSS, MB (imports) | E rate (Hz) | I rate (Hz) | ISI CV | "
            "snncourse / this, build + run |")
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for regime, r, ref in rows:
        total = r["build_s"] + r["run_s"]
        ratio = (ref["build_s"] + ref["run_s"]) / total
        lines.append(
            f"| {regime} | {r['name']} | {r['wiring']} | {r['n_synapses'] / 1e6:.2f} M | "
            f"{r['build_s']:.2f} [{r['build_cpu_s']:.2f}] | {r['prepare_s']:.1f} | "
            f"{r['run_s']:.2f} [{r['run_cpu_s']:.2f}] | {total:.2f} | "
            f"{r['peak_rss_mb']:.0f} ({r['import_rss_mb']:.0f}) | "
            f"{r['rate_e']:.1f} | {r['rate_i']:.1f} | {r['cv']:.2f} | {ratio:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--regimes", default="AI,SI,SR", help="comma-separated, from AI, SI, SR; default all")
    ap.add_argument("--duration", type=float, default=1000.0, help="simulated time (ms), default 1000")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="network size relative to Brunel's N = 12,500 (in-degrees kept), default 1")
    ap.add_argument("--dt", type=float, default=0.1, help="time step (ms), default 0.1")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--t-start", type=float, default=200.0,
                    help="rates and CV are measured after this time (ms), default 200")
    ap.add_argument("--skip-brian2", action="store_true", help="time snncourse only")
    ap.add_argument("--targets", default="cython",
                    help="comma-separated Brian2 code generation targets, default cython")
    ap.add_argument("--brian2-wiring", choices=("own", "snncourse"), default="own",
                    help="Brian2 draws its own Bernoulli wiring (default) or gets snncourse's")
    ap.add_argument("--before", metavar="PATH",
                    help="also time the snncourse package found in PATH (e.g. an older commit: "
                         "git archive <commit> snncourse | tar -x -C PATH), row 'snncourse-before'")
    args = ap.parse_args(argv)
    if args.t_start >= args.duration:
        args.t_start = 0.0
    regimes = [r.strip() for r in args.regimes.split(",") if r.strip()]
    unknown = [r for r in regimes if r not in REGIMES]
    if unknown:
        ap.error(f"--regimes must be among {', '.join(REGIMES)}, got {', '.join(unknown)}")

    names = ["snncourse"] + (["snncourse-before"] if args.before else [])
    if not args.skip_brian2:
        names += [f"brian2-{t.strip()}" for t in args.targets.split(",") if t.strip()]
    rows, loads = [], []
    for regime in regimes:
        g, eta = REGIMES[regime]
        ref = None
        for name in names:
            print(f"running {regime} {name} ...", file=sys.stderr, flush=True)
            before = name == "snncourse-before"
            r = run_in_subprocess("snncourse" if before else name, g, eta, args.scale, args.duration,
                                  args.dt, args.seed, args.t_start, args.brian2_wiring,
                                  engine_path=args.before if before else None)
            r["name"] = name
            ref = ref or r
            rows.append((regime, r, ref))
            loads.append(f"{regime} {name} {r['load_before']:.1f}/{r['load_after']:.1f}")
    n = int(round(12500 * args.scale))
    print(f"Brunel (2000), N={n:,}, {args.duration:g} ms simulated at dt={args.dt:g} ms, "
          f"seed {args.seed}; rates/CV over [{args.t_start:g}, {args.duration:g}) ms")
    print(machine())
    print("load average (1 min) before/after each run: " + ", ".join(loads))
    print()
    print(_table(rows))
    print()
    for regime, r, ref in rows:
        if r is ref:
            continue
        ratio = (ref["build_s"] + ref["run_s"]) / (r["build_s"] + r["run_s"])
        rate_dev = max(abs(ref["rate_e"] / r["rate_e"] - 1), abs(ref["rate_i"] / r["rate_i"] - 1))
        print(f"{regime} vs {r['name']}: build + run ratio {ratio:.2f} (< 0.5: "
              f"{'yes' if ratio < 0.5 else 'NO'}), rates within {100 * rate_dev:.1f} % "
              f"(< 12 %: {'yes' if rate_dev < 0.12 else 'NO'})")
    ai = [r for regime, r, ref in rows if regime == "AI" and r is ref]
    if ai:
        b = ai[0]["build_s"]
        print(f"snncourse build of {ai[0]['n_synapses'] / 1e6:.1f} M synapses: {b:.2f} s "
              f"[{ai[0]['build_cpu_s']:.2f} CPU] (< 1 s: {'yes' if b < 1 else 'NO'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
