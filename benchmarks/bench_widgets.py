"""Time each widget callback (snncourse.widgets: one per notebook) at its default settings.

A slider update should redraw in well under a second; the target is
< 0.3 s per callback (simulation, statistics and building the figure).
Each callback runs once to warm up (imports, fonts), then ``--repeats``
times; the table shows the best and the median wall-clock time of the
callback, the best CPU time in brackets (on a machine shared with other
jobs the CPU time is the steadier figure), and separately the best time to
render the figure to pixels (``fig.canvas.draw()``), which the notebook adds
when it shows the figure.

Usage::

    python benchmarks/bench_widgets.py
    python benchmarks/bench_widgets.py --repeats 10
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402

from snncourse import widgets  # noqa: E402

# name -> (callback, {control name: Slider or Choice}), in course order
CALLBACKS = {name: (fn, widgets.SLIDERS[name]) for name, fn in widgets.EXPLORERS.items()}

TARGET_S = 0.3


def time_callback(name: str, repeats: int):
    """Best and median wall time, best CPU time of one callback at its defaults, best render time (s)."""
    callback, sliders = CALLBACKS[name]
    defaults = {k: s.default for k, s in sliders.items()}
    wall, cpu, draw = [], [], []
    for i in range(repeats + 1):
        w0, c0 = time.perf_counter(), time.process_time()
        fig, _ = callback(**defaults)
        w1, c1 = time.perf_counter(), time.process_time()
        fig.canvas.draw()
        w2 = time.perf_counter()
        plt.close(fig)
        if i:  # the first call warms up
            wall.append(w1 - w0)
            cpu.append(c1 - c0)
            draw.append(w2 - w1)
    return min(wall), statistics.median(wall), min(cpu), min(draw)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per callback (default 5)")
    args = parser.parse_args(argv)
    print(f"widget callbacks at default settings, {args.repeats} calls each; "
          f"target < {TARGET_S} s per callback")
    print(f"{'callback':<18} {'best (s)':>9} {'median (s)':>11} {'[cpu best]':>11} {'< target':>9}"
          f" {'+ render (s)':>13}")
    for name in CALLBACKS:
        best, median, cpu, draw = time_callback(name, args.repeats)
        print(f"{name:<18} {best:9.3f} {median:11.3f} {f'[{cpu:.3f}]':>11} "
              f"{'yes' if best < TARGET_S else 'NO':>9} {draw:13.3f}")


if __name__ == "__main__":
    main()
