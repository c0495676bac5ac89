"""Command line: ``python -m snncourse <command>`` (also the ``snncourse`` script).

Commands
--------
simulate    Simulate a network preset and save the result as ``.npz``.
report      Regenerate the seed report's figures and table into a folder.
exercises   Regenerate ``exercises/`` from ``solutions/``.
grade       Grade students' exercise folders with nbval.
record-outputs  Record the expected output of checked notebook cells (maintainers).

Examples
--------
``python -m snncourse simulate --g 5 --eta 2 --scale 0.2 --duration 1000 --seed 1 --out run.npz``
"""

from __future__ import annotations

import argparse
import sys
import time

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``snncourse`` command."""
    parser = argparse.ArgumentParser(prog="snncourse", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    sim = sub.add_parser("simulate", help="simulate a Brunel (2000) network or a preset")
    sim.add_argument("--preset", default=None,
                     help="a named run (seed_report, brunel_ai, ...: network, duration and seed); "
                          "default: Brunel (2000) with --g/--eta/--scale")
    sim.add_argument("--g", type=float, default=None, help="relative inhibition g (default 5)")
    sim.add_argument("--eta", type=float, default=None,
                     help="external drive nu_ext/nu_thr (default 2)")
    sim.add_argument("--scale", type=float, default=None,
                     help="network size relative to N = 12,500 (in-degrees kept; default 1)")
    sim.add_argument("--connectivity", choices=("fixed_indegree", "bernoulli"), default=None)
    sim.add_argument("--duration", type=float, default=None,
                     help="simulated time in ms (default: the preset's, else 1000)")
    sim.add_argument("--dt", type=float, default=0.1, help="time step in ms (default 0.1)")
    sim.add_argument("--seed", type=int, default=None,
                     help="random seed (default: the preset's, else fresh entropy)")
    sim.add_argument("--out", required=True, help="output .npz file")
    sim.add_argument("--no-progress", action="store_true", help="no progress bar")

    rep = sub.add_parser("report", help="regenerate the report's figures and Table 4.1")
    rep.add_argument("--out", default="report", help="output folder (default: report)")
    rep.add_argument("--preset", default="seed_report", choices=("seed_report", "brunel_ai"),
                     help="seed_report (default) or brunel_ai")
    rep.add_argument("--seed", type=int, default=None, help="random seed (default: the preset's)")

    ex = sub.add_parser("exercises", help="regenerate exercises/ from solutions/")
    ex.add_argument("--solutions", default="solutions", help="folder of solution sources")
    ex.add_argument("--out", default="exercises", help="folder to write (default: exercises)")
    ex.add_argument("--check", action="store_true", help="only report whether exercises/ is stale")

    rec = sub.add_parser("record-outputs",
                         help="maintainers: execute notebooks and record what their checked cells print")
    rec.add_argument("paths", nargs="+", help="jupytext py:percent notebook sources")

    gr = sub.add_parser("grade", help="grade a folder of student submissions with nbval")
    gr.add_argument("submissions", help="folder with one subfolder (exercises/) per student")
    gr.add_argument("--out", default=None, help="CSV file to write (default: SUBMISSIONS/grades.csv)")
    gr.add_argument("--timeout", type=float, default=60.0, help="per-cell timeout in s (default 60)")
    gr.add_argument("--run-timeout", type=float, default=None,
                    help="timeout in s for one notebook of one student (default max(300, 5 x --timeout))")
    gr.add_argument("--only", default=None, help="grade only notebooks whose stem matches this glob")
    gr.add_argument("--jobs", type=int, default=1, help="students graded in parallel (default 1)")
    return parser


def _simulate(args) -> int:
    from .network import simulate_network
    from .params import brunel2000
    from .presets import PRESETS

    overrides = {}
    if args.connectivity:
        overrides["connectivity"] = args.connectivity
    duration, seed = args.duration, args.seed
    if args.preset:
        if args.preset not in PRESETS:
            raise ValueError(f"--preset must be one of {', '.join(PRESETS)}, got {args.preset!r}")
        clash = [f"--{name}" for name in ("g", "eta", "scale") if getattr(args, name) is not None]
        if clash:
            raise ValueError(f"--preset {args.preset} fixes the network: drop {', '.join(clash)} "
                             "(or drop --preset and give --g/--eta/--scale)")
        preset = PRESETS[args.preset]
        net = preset(**overrides)
        duration = preset.duration if duration is None else duration
        seed = preset.seed if seed is None else seed
    else:
        net = brunel2000(5.0 if args.g is None else args.g, 2.0 if args.eta is None else args.eta,
                         scale=1.0 if args.scale is None else args.scale, **overrides)
        duration = 1000.0 if duration is None else duration
    print(net, file=sys.stderr)
    t0 = time.perf_counter()
    res = simulate_network(net, duration=duration, dt=args.dt, rng=seed,
                           progress=not args.no_progress)
    elapsed = time.perf_counter() - t0
    res.save(args.out)
    print(f"{res.spike_times.size} spikes, mean rate {res.mean_rate():.2f} Hz, "
          f"{elapsed:.1f} s; wrote {args.out}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "simulate":
            return _simulate(args)
        if args.command == "report":
            from .report import write_report
            table = write_report(args.out, preset=args.preset, seed=args.seed)
            print(f"wrote {args.out}/ (mean rate {table['mean_rate_hz']:.1f} Hz)", file=sys.stderr)
            return 0
        if args.command == "exercises":
            from .course.exercisegen import main as exercises_main
            return exercises_main(args)
        if args.command == "record-outputs":
            from .course.nbcheck import record_expected_outputs
            for path in record_expected_outputs(args.paths):
                print(f"updated {path}", file=sys.stderr)
            return 0
        if args.command == "grade":
            from .course.grading import main as grade_main
            return grade_main(args)
    except (ValueError, TypeError) as exc:  # bad arguments: a message, not a traceback
        print(f"snncourse {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 1  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
