"""How snncourse and Brian2 scale with network size on Brunel's AI network (g = 5, eta = 2).

The in-degrees are kept (C_E = 1000, C_I = 250, C_ext = 1000) while N grows,
so the synapses grow as 1250 N and the work per simulated second should
grow linearly. The smallest network Brunel's in-degrees allow is
N_E = 1,100 (N = 1,375, scale 0.11; at N = 1,250 every E neuron would need
all other 999 plus one more); Brian2 connects with ``p = C/N``, so it is
almost all-to-all there.

For each N, in fresh processes one after the other: snncourse and
Brian2's cython target (warm cache: ``brian2_model.py`` passes the
connection probability by name, so the compiled code is the same at every
size). Measured: build (s), run time per simulated second (s), peak
resident memory (MB), synaptic events per second of run time, E rate.

Writes ``scaling.json`` and ``scaling.png`` (log-log) next to this file and
prints a Markdown table with the growth exponents fitted over N >= 12,500
(``log y = a + b log N``; b = 1 is linear). The figure and the exponents use
the CPU seconds of each process (on a shared machine the wall-clock time
also counts the time other jobs held the cores); the table gives both.

Usage::

    python benchmarks/bench_scaling.py                     # 1,375 .. 100,000, 300 ms each
    python benchmarks/bench_scaling.py --scales 0.2,1,8 --duration 500
    python benchmarks/bench_scaling.py --plot-only         # redraw from scaling.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from _worker import HERE, machine, run_in_subprocess

SCALES = (0.11, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0)
# Plotted and fitted on CPU seconds of the process: on a shared machine the
# wall-clock time also counts the time other jobs held the cores.
QUANTITIES = (("build_cpu_s", "build, CPU (s)"), ("run_cpu_per_s", "run per simulated s, CPU (s)"),
              ("peak_rss_mb", "peak RSS (MB)"), ("events_per_cpu_s", "synaptic events / CPU s"))


def _derived(r) -> dict:
    r = dict(r)
    r["run_per_s"] = r["run_s"] * 1000.0 / r["duration_ms"]
    r["run_cpu_per_s"] = r["run_cpu_s"] * 1000.0 / r["duration_ms"]
    r["events_per_cpu_s"] = r["events"] / r["run_cpu_s"]
    return r


def _fit(rows, key, n_min=12_500):
    pts = [(r["n_neurons"], r[key]) for r in rows if r["n_neurons"] >= n_min and r[key] > 0]
    if len(pts) < 2:
        return float("nan")
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return float(np.polyfit(x, y, 1)[0])


def table(results) -> str:
    sims = [s for s in ("snncourse", "brian2-cython") if any(r["name"] == s for r in results)]
    head = "| N | synapses | " + " | ".join(
        f"{s}: build (s) [CPU] | run / sim s (s) [CPU] | peak RSS (MB) | events / CPU s | E rate (Hz)"
        for s in sims) + " |"
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for n in sorted({r["n_neurons"] for r in results}):
        cells = [f"{n:,}"]
        by = {r["name"]: r for r in results if r["n_neurons"] == n}
        cells.append(f"{next(iter(by.values()))['n_synapses'] / 1e6:.1f} M")
        for s in sims:
            r = by.get(s)
            cells += ([f"{r['build_s']:.2f} [{r['build_cpu_s']:.2f}]",
                       f"{r['run_per_s']:.2f} [{r['run_cpu_per_s']:.2f}]", f"{r['peak_rss_mb']:.0f}",
                       f"{r['events_per_cpu_s'] / 1e6:.0f} M", f"{r['rate_e']:.1f}"] if r else ["-"] * 5)
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["exponent b (N >= 12,500)", ""]
    for s in sims:
        rows = [r for r in results if r["name"] == s]
        cells += [f"{_fit(rows, k):.2f}" for k, _ in QUANTITIES] + [""]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(results, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(15, 3.8), constrained_layout=True)
    for name, style in (("snncourse", "o-"), ("brian2-cython", "s--")):
        rows = sorted((r for r in results if r["name"] == name), key=lambda r: r["n_neurons"])
        if not rows:
            continue
        n = [r["n_neurons"] for r in rows]
        for ax, (key, label) in zip(axes, QUANTITIES):
            ax.loglog(n, [r[key] for r in rows], style,
                      label=f"{name} (b = {_fit(rows, key):.2f})")
            ax.set_xlabel("Neurons N")
            ax.set_ylabel(label)
    from matplotlib.ticker import NullFormatter

    sizes = sorted({r["n_neurons"] for r in results})
    for ax in axes:
        ax.set_xticks(sizes, [f"{n / 1000:g}k" for n in sizes], fontsize=8)
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.legend(fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("Brunel AI (g = 5, eta = 2), in-degrees kept (C_E = 1000): "
                 "b = fitted exponent over N >= 12,500", fontsize=10)
    fig.savefig(path, dpi=110)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default=",".join(map(str, SCALES)),
                    help="network sizes relative to N = 12,500 (each > 0.1)")
    ap.add_argument("--duration", type=float, default=300.0, help="simulated time (ms), default 300")
    ap.add_argument("--t-start", type=float, default=100.0, help="rates after this time (ms)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-brian2", action="store_true")
    ap.add_argument("--brian2-max-scale", type=float, default=8.0,
                    help="run Brian2 only up to this scale, default 8")
    ap.add_argument("--out", default=str(HERE / "scaling"), help="output path without extension")
    ap.add_argument("--plot-only", action="store_true", help="redraw the figure from OUT.json")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.plot_only:
        saved = json.loads(out.with_suffix(".json").read_text())
        results = [_derived(r) for r in saved["results"]]
        plot(results, out.with_suffix(".png"))
        print(table(results))
        return 0
    results = []
    for scale in (float(s) for s in args.scales.split(",")):
        names = ["snncourse"]
        if not args.skip_brian2 and scale <= args.brian2_max_scale:
            names.append("brian2-cython")
        for name in names:
            print(f"running {name} at scale {scale:g} ...", file=sys.stderr, flush=True)
            r = _derived(run_in_subprocess(name, 5.0, 2.0, scale, args.duration, 0.1, args.seed,
                                           args.t_start))
            results.append(r)
            print(f"  build {r['build_s']:.2f} s, run {r['run_per_s']:.2f} s per simulated s, "
                  f"peak {r['peak_rss_mb']:.0f} MB, load {r['load_before']:.1f}", file=sys.stderr)
            # keep what we have if a later size fails or is stopped
            out.with_suffix(".json").write_text(json.dumps(
                dict(machine=machine(), duration_ms=args.duration, results=results), indent=1))
    plot(results, out.with_suffix(".png"))
    print(machine())
    print(f"Brunel AI, {args.duration:g} ms simulated per size, dt = 0.1 ms, seed {args.seed}")
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
