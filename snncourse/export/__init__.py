r"""The same model in NEST and Brian2: run it there, or write a script for a cluster.

Contents
--------
run_nest
    Simulate a :class:`~snncourse.params.NetworkParams` network in NEST 3;
    returns a :class:`~snncourse.SimulationResult`.
run_brian2
    The same in Brian2.
run
    ``run(net, to="nest" | "brian2", ...)``: either of the two.
check_exportable
    Raise if a network cannot be exported exactly (delay or refractory
    period off the time grid).
write_script, script_source
    A standalone script (NEST or Brian2 plus numpy, no snncourse) that runs
    the network and writes an ``.npz`` that :func:`snncourse.load_result` reads.
add_arguments, main
    The ``python -m snncourse export`` command.

Every result goes through the course's analysis, figures and widgets
unchanged. NEST and Brian2 are optional: ``pip install nest-simulator``
(the ``[nest]`` extra), ``pip install brian2`` (``[crosscheck]``); nothing
here imports them until a run asks for one.

What maps exactly, and what is refused
--------------------------------------
Every field of ``NetworkParams`` maps exactly onto both: LIF parameters,
E/I populations, fixed in-degree or Bernoulli wiring, delay, external
Poisson drive (a Poisson count per step, as snncourse), constant current,
white noise (the exact Ornstein-Uhlenbeck step), uniform initial
potentials, refractoriness with input dropped during it. Refused with a
``ValueError``: a delay or refractory period that is not a whole number of
steps. What differs between the three simulators is only their random
streams; so they agree in statistics, which ``tests/test_export.py`` and
``data/simulator_comparison.npz`` check.

Examples
--------
>>> from snncourse.params import brunel2000
>>> src = script_source(brunel2000(), "nest")
>>> "refractory_input" in src and "import snncourse" not in src
True
"""

from __future__ import annotations

from ._common import check_exportable, script_source, write_script
from .brian2 import run_brian2
from .nest import run_nest

__all__ = ["run_nest", "run_brian2", "run", "check_exportable", "write_script", "script_source",
           "add_arguments", "main"]


def run(net, *, to: str, **kwargs):
    """Simulate ``net`` in ``to`` (``"nest"`` or ``"brian2"``); see :func:`run_nest`, :func:`run_brian2`."""
    if to == "nest":
        return run_nest(net, **kwargs)
    if to == "brian2":
        return run_brian2(net, **kwargs)
    raise ValueError(f"to must be 'nest' or 'brian2', got {to!r}")


def add_arguments(parser) -> None:
    """Arguments of ``python -m snncourse export`` (an ``argparse`` (sub)parser)."""
    parser.add_argument("--to", required=True, choices=("nest", "brian2"), help="target simulator")
    parser.add_argument("--preset", default="brunel_ai",
                        help="a named preset (brunel_ai, brunel_si_slow, seed_report, ...; "
                             "default brunel_ai)")
    parser.add_argument("--scale", type=float, default=None,
                        help="network size relative to N = 12,500 (Brunel presets only)")
    parser.add_argument("--duration", type=float, default=None,
                        help="default simulated time of the script, ms (default: the preset's)")
    parser.add_argument("--dt", type=float, default=0.1, help="time step, ms (default 0.1)")
    parser.add_argument("--seed", type=int, default=None,
                        help="default seed of the script (default: the preset's)")
    parser.add_argument("--out", required=True, help="the script to write, e.g. run_nest.py")


def main(args) -> int:
    """Write the script ``args`` ask for; returns the exit status."""
    import sys

    from ..params import brunel2000
    from ..presets import get_preset

    preset = get_preset(args.preset)
    net = preset.network
    if args.scale is not None:
        if not args.preset.startswith("brunel"):
            raise ValueError(f"--scale applies to the brunel_* presets only, got --preset {args.preset}")
        net = brunel2000(net.g, net.eta, scale=args.scale)
    duration = preset.duration if args.duration is None else args.duration
    seed = preset.seed if args.seed is None else args.seed
    path = write_script(net, args.out, to=args.to, duration=duration, dt=args.dt, seed=seed)
    run = "--threads 2 " if args.to == "nest" else "--target cython "
    print(f"wrote {path} ({net.name}); run it with: python {path} {run}--out spikes.npz",
          file=sys.stderr)
    return 0
