"""Command line: ``python -m snncourse <command>`` (also the ``snncourse`` script).

Commands
--------
simulate    Simulate a network preset and save the result as ``.npz``.
report      Regenerate the seed report's figures and table into a folder.
exercises   Regenerate ``exercises/`` from ``solutions/``.
grade       Grade a class: the grader runs every check itself, sandboxed, in parallel (nbval).
record-outputs  Record the expected output of checked notebook cells (maintainers).
export      Write a standalone NEST or Brian2 script of a network (``--to nest|brian2``).

Exit status
-----------
0 success; 1 ``exercises --check`` found stale files; 2 a bad argument, a
wrong or missing file, an output that cannot be written or a missing
optional dependency (one line on stderr naming it and the fix, before any
output is written); 130 interrupted (Ctrl-C), 143 terminated (``kill``):
outputs are written atomically, so the previous files are left as they were.

Adding a command: write ``_add_NAME(sub)`` (its arguments) and
``_run_NAME(args) -> int``, and list them in :data:`COMMANDS`.

Examples
--------
``python -m snncourse simulate --g 5 --eta 2 --scale 0.2 --duration 1000 --seed 1 --out run.npz``
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

__all__ = ["main", "build_parser", "COMMANDS"]


# ---------------------------------------------------------------------------
# simulate
# ---------------------------------------------------------------------------
def _add_simulate(sub):
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
    sim.add_argument("--out", required=True,
                     help="output file, written exactly under this name (no .npz is added), "
                          "atomically; its folder must exist")
    sim.add_argument("--no-progress", action="store_true", help="no progress bar")


def _run_simulate(args) -> int:
    from ._io import check_output_file
    from ._validation import check_positive
    from .network import simulate_network
    from .params import brunel2000
    from .presets import PRESETS
    from .units import ms_to_steps

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
    check_positive("--dt", args.dt, "ms")  # every check before the first line of output
    ms_to_steps("--duration", check_positive("--duration", duration, "ms"), args.dt, minimum=1)
    check_output_file(args.out, "--out")  # before a long simulation, not after
    print(net, file=sys.stderr)
    t0 = time.perf_counter()
    args.partial_line = not args.no_progress  # an interrupt ends the progress bar's line
    res = simulate_network(net, duration=duration, dt=args.dt, rng=seed,
                           progress=not args.no_progress)
    args.partial_line = False
    elapsed = time.perf_counter() - t0
    res.save(args.out)
    print(f"{res.spike_times.size} spikes, mean rate {res.mean_rate():.2f} Hz, "
          f"{elapsed:.1f} s; wrote {args.out}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------
def _add_report(sub):
    rep = sub.add_parser("report", help="regenerate the report's figures and Table 4.1")
    rep.add_argument("--out", default="report",
                     help="output folder, replaced as a whole when the report is complete "
                          "(default: report)")
    rep.add_argument("--preset", default="seed_report", choices=("seed_report", "brunel_ai"),
                     help="seed_report (default) or brunel_ai")
    rep.add_argument("--seed", type=int, default=None, help="random seed (default: the preset's)")


def _run_report(args) -> int:
    from ._io import check_output_folder
    from .report import _REPORT_FILES, write_report

    check_output_folder(args.out, "--out", replaced=True, allowed=set(_REPORT_FILES).__contains__)

    table = write_report(args.out, preset=args.preset, seed=args.seed)
    print(f"wrote {args.out}/ (mean rate {table['mean_rate_hz']:.1f} Hz)", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# exercises
# ---------------------------------------------------------------------------
def _add_exercises(sub):
    ex = sub.add_parser("exercises", help="regenerate exercises/ from solutions/")
    ex.add_argument("--solutions", default="solutions", help="folder of solution sources")
    ex.add_argument("--out", default="exercises", help="folder to write (default: exercises)")
    ex.add_argument("--check", action="store_true", help="only report whether exercises/ is stale")


def _run_exercises(args) -> int:
    from .course.exercisegen import main as exercises_main

    return exercises_main(args)


# ---------------------------------------------------------------------------
# record-outputs
# ---------------------------------------------------------------------------
def _add_record_outputs(sub):
    rec = sub.add_parser("record-outputs",
                         help="maintainers: execute notebooks and record what their checked cells print")
    rec.add_argument("paths", nargs="+", help="jupytext py:percent notebook sources (.py)")


def _run_record_outputs(args) -> int:
    from ._io import check_input_file, require

    for module in ("jupytext", "nbclient", "ipykernel"):
        require(module, "course", purpose="record-outputs")
    for path in args.paths:
        check_input_file(path, "notebook source")
        if not str(path).endswith(".py"):  # it is rewritten as py:percent text
            raise ValueError(f"paths must be jupytext py:percent sources (.py), got {path!r}; "
                             "give the .py file paired with the notebook")
    from .course.nbcheck import record_expected_outputs

    for path in record_expected_outputs(args.paths):
        print(f"updated {path}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# grade
# ---------------------------------------------------------------------------
def _add_grade(sub):
    from .course.grading import add_arguments

    add_arguments(sub.add_parser(
        "grade", help="grade a class: the grader runs every check itself, sandboxed, in parallel"))


def _run_grade(args) -> int:
    from .course.grading import main as grade_main

    return grade_main(args)


def _add_export(sub):
    from .export import add_arguments

    add_arguments(sub.add_parser(
        "export", help="write a standalone NEST or Brian2 script of a network (for a cluster)"))


def _run_export(args) -> int:
    from ._io import check_output_file
    from .export import main as export_main

    check_output_file(args.out, "--out")
    return export_main(args)


#: name -> (add its arguments to the subparsers, run it and return the exit status)
COMMANDS = {
    "simulate": (_add_simulate, _run_simulate),
    "report": (_add_report, _run_report),
    "exercises": (_add_exercises, _run_exercises),
    "record-outputs": (_add_record_outputs, _run_record_outputs),
    "grade": (_add_grade, _run_grade),
    "export": (_add_export, _run_export),
}


#: Commands whose every output is written atomically (an interrupt replaces nothing).
_ATOMIC = {"simulate", "report"}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``snncourse`` command."""
    parser = argparse.ArgumentParser(prog="snncourse", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for add, _ in COMMANDS.values():
        add(sub)
    return parser


class _Terminated(BaseException):
    """Raised by the SIGTERM handler, so that ``kill`` cleans up like Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated


def _describe(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    return f"{where}: {reason}" if where else reason


def main(argv=None) -> int:
    """Entry point; returns the exit status (see the module docstring)."""
    from ._io import MissingDependency, missing_dependency

    args = build_parser().parse_args(argv)
    name = f"snncourse {args.command}"
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave SIGTERM alone
        pass
    try:
        return COMMANDS[args.command][1](args)
    except MissingDependency as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
    except ModuleNotFoundError as exc:  # an optional import no require() covered
        missing = missing_dependency(exc, purpose=name)
        if missing is None:  # one of our own modules: a bug, keep the traceback
            raise
        print(f"{name}: error: {missing}", file=sys.stderr)
    except (ValueError, TypeError) as exc:  # bad arguments or files: a message, not a traceback
        print(f"{name}: error: {exc}", file=sys.stderr)
    except OSError as exc:  # missing file, unwritable folder, full disk
        print(f"{name}: error: {_describe(exc)}", file=sys.stderr)
    except (KeyboardInterrupt, _Terminated) as exc:
        what, status = ("interrupted", 130) if isinstance(exc, KeyboardInterrupt) else \
            ("terminated", 143)
        newline = "\n" if getattr(args, "partial_line", False) else ""
        kept = "; no output file was replaced" if args.command in _ATOMIC else ""
        print(f"{newline}{name}: {what}{kept}", file=sys.stderr)
        return status
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
