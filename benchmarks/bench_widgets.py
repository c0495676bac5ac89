"""Time every widget of the course: what a learner waits for after moving a control.

A move of a control runs the widget's callback (simulation, statistics,
new data on the figure) and renders the figure to the PNG the notebook
shows (:func:`snncourse.widgets.figure_png`, or ``LiveFigure.png`` for the
live views of notebooks 2-9, which keep one figure and update it).
Both are timed, as wall-clock and CPU time (on a machine shared with other
jobs the CPU time is the steadier figure); the target is a median < 0.3 s
for the two together, on a quiet machine.

Each widget is built once at its defaults (this warms up imports and
fonts), then its first control is moved ``--repeats`` times to values it
has not had (a live view caches the runs of values it has shown: no cache
helps here), and finally back to those values (``revisit``: the cached
runs, only the drawing is left).

Usage::

    python benchmarks/bench_widgets.py
    python benchmarks/bench_widgets.py --repeats 8
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402

from snncourse import widgets  # noqa: E402

TARGET_S = 0.3

#: Widget name -> the live view its ``*_widget`` draws with (notebooks 2-9; notebook 1's widget
#: makes a new figure on each move).
LIVE = {name: getattr(widgets, view) for name, view in (
    ("noise_explorer", "NoiseView"), ("balance_explorer", "BalanceView"),
    ("wiring_explorer", "WiringView"), ("activity_explorer", "ActivityView"),
    ("synchrony_explorer", "SynchronyView"), ("regime_explorer", "RegimeView"),
    ("report_explorer", "ReportView"))
    if hasattr(widgets, view)}  # (absent in releases before the live views: timed as plain callbacks)


def _png(fig):
    """The PNG a widget shows for a plain callback's figure."""
    if hasattr(widgets, "figure_png"):
        return widgets.figure_png(fig)
    from IPython.core.pylabtools import print_figure  # before figure_png: the inline backend's PNG

    return print_figure(fig, "png", bbox_inches="tight")


def _widgets():
    out = {name: (LIVE[name]() if name in LIVE else fn, widgets.SLIDERS[name])
           for name, fn in widgets.EXPLORERS.items()}
    from snncourse.export import compare  # notebook 9: a saved comparison, nothing simulated

    if not hasattr(compare, "comparison_explorer"):
        return out
    states = tuple(compare.load_comparison(compare.COMPARISON_FILE)[0])
    view = compare.ComparisonView() if hasattr(compare, "ComparisonView") else compare.comparison_explorer
    out["comparison_explorer"] = (view, {"state": widgets.Choice(states, states[0])})
    return out


def _grid(spec):
    """Values of a control other than its default, alternately above and below it."""
    if isinstance(spec, widgets.Choice):
        return [o for o in spec.options if o != spec.default] + [spec.default]
    n = int(round((spec.max - spec.min) / spec.step))
    values = [spec.min + k * spec.step for k in range(n + 1)]
    values = [int(round(v)) if spec.is_int else round(v, 10) for v in values]
    k0 = min(range(len(values)), key=lambda k: abs(values[k] - spec.default))
    order = sorted(range(len(values)), key=lambda k: (abs(k - k0), k < k0))
    return [values[k] for k in order if k != k0]


def _move(callback, values):
    """(callback s, render s, callback cpu s, render cpu s) of one control move."""
    w0, c0 = time.perf_counter(), time.process_time()
    fig, _ = callback(**values)
    w1, c1 = time.perf_counter(), time.process_time()
    if hasattr(callback, "png"):
        callback.png()
    else:
        _png(fig)
        plt.close(fig)
    w2, c2 = time.perf_counter(), time.process_time()
    return w1 - w0, w2 - w1, c1 - c0, c2 - c1


def time_widget(name, callback, sliders, repeats):
    defaults = {k: s.default for k, s in sliders.items()}
    _move(callback, defaults)  # the widget as it is built (warm-up)
    key = next(iter(sliders))
    grid = _grid(sliders[key])
    moves = [_move(callback, {**defaults, key: v}) for v in (grid * repeats)[:repeats]]
    revisits = [_move(callback, {**defaults, key: v}) for v in (grid * repeats)[:repeats]]
    total = [m[0] + m[1] for m in moves]
    return {
        "callback": min(m[0] for m in moves), "render": min(m[1] for m in moves),
        "best": min(total), "median": statistics.median(total),
        "cpu": min(m[2] + m[3] for m in moves),
        "cpu_median": statistics.median(m[2] + m[3] for m in moves),
        "revisit": statistics.median(m[0] + m[1] for m in revisits),
        "live": hasattr(callback, "png"),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="control moves per widget (default 5)")
    args = parser.parse_args(argv)
    print(f"widgets: {args.repeats} moves of the first control each (new values), then back; "
          f"target < {TARGET_S} s per move (callback + PNG)")
    print(f"{'widget':<26} {'callback':>9} {'+ PNG':>7} {'best':>7} {'median':>7} {'[cpu best':>10}"
          f" {'median]':>8} {'< target':>9} {'revisit':>8}  (s; '< target': median wall)")
    for name, (callback, sliders) in _widgets().items():
        r = time_widget(name, callback, sliders, args.repeats)
        label = name + (" (live)" if r["live"] else "")
        print(f"{label:<26} {r['callback']:9.3f} {r['render']:7.3f} {r['best']:7.3f} {r['median']:7.3f} "
              f"{'[%.3f' % r['cpu']:>10} {'%.3f]' % r['cpu_median']:>8} "
              f"{'yes' if r['median'] < TARGET_S else 'NO':>9} {r['revisit']:8.3f}")


if __name__ == "__main__":
    main()
