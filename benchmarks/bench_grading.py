"""Time the grader on a synthetic class, with ``--jobs 1`` and ``--jobs 2``, in one run.

The class is generated from the course itself: students alternate between
the solutions (everything right) and the untouched exercises (nothing
done), with the plotting cells kept, so every notebook executes as a
learner's would. Each student folder holds the notebooks chosen with
``--only``. The table gives, for each ``--jobs``, the wall time, the cost
per student (wall time / students), the speed-up over ``--jobs 1``, and
the CPU time of the workers and their kernels (the grader's own thread
and the sandbox not counted), and the grader's overhead: the share of
the workers' time not spent executing the students' cells (starting pytest
and the kernels, the sandbox, the grader's own checks with the hidden
cases). On a machine shared with other jobs, the CPU time is the steadier
figure.

Usage::

    python benchmarks/bench_grading.py                       # 8 students x 8 notebooks
    python benchmarks/bench_grading.py --students 8 --only 'ex0[12]*'
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from snncourse.course import grading, sandbox

ROOT = Path(__file__).resolve().parents[1]


def make_class(root, n_students, only):
    """``n_students`` folders under ``root``, alternating solutions and exercises."""
    stems = list(grading.expected_exercises(only))
    for k in range(n_students):
        source = ROOT / ("solutions" if k % 2 == 0 else "exercises")
        folder = root / f"student{k:02d}" / "exercises"
        folder.mkdir(parents=True)
        for stem in stems:
            shutil.copyfile(source / f"{stem}.ipynb", folder / f"{stem}.ipynb")
    return stems


def run(root, jobs, only, timeout):
    stats = []
    t0 = time.perf_counter()
    grades = grading.grade(root, out=root.parent / f"grades_jobs{jobs}", jobs=jobs, only=only,
                           cell_timeout=timeout, run_timeout=max(600.0, 5 * timeout),
                           hidden_seed=1, stats=stats)
    wall = time.perf_counter() - t0
    cpu = sum(s["cpu_seconds"] for s in stats)  # workers and kernels, as they report it
    worker = sum(s["seconds"] for s in stats)
    cells = sum(s["cell_seconds"] for s in stats)
    probe = sum(s["probe_seconds"] for s in stats)
    return dict(wall=wall, cpu=cpu, worker=worker, cells=cells, probe=probe, grades=grades)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=8, help="students (default 8)")
    parser.add_argument("--only", default=None,
                        help="glob of the notebooks to grade (default: all eight)")
    parser.add_argument("--timeout", type=float, default=120.0, help="per-cell timeout (s)")
    args = parser.parse_args(argv)
    ok, why = sandbox.available()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        root = Path(tmp) / "submissions"
        stems = make_class(root, args.students, args.only)
        print(f"{args.students} students x {len(stems)} notebooks ({', '.join(stems)}); "
              f"{os.cpu_count()} cores; sandbox: {'bubblewrap' if ok else 'none (' + why + ')'}",
              flush=True)
        results = {}
        for jobs in (1, 2):
            results[jobs] = run(root, jobs, args.only, args.timeout)
            r = results[jobs]
            passed = sum(g.status == "pass" for g in r["grades"])
            print(f"  --jobs {jobs}: {r['wall']:.1f} s, {passed}/{len(r['grades'])} passed",
                  flush=True)
    base = results[1]["wall"]
    print()
    print("| --jobs | wall time | per student | speed-up | CPU time | executing cells "
          "| grader checks | overhead |")
    print("|---|---|---|---|---|---|---|---|")
    for jobs, r in results.items():
        overhead = 1.0 - r["cells"] / r["worker"] if r["worker"] else float("nan")
        print(f"| {jobs} | {r['wall']:.1f} s | {r['wall'] / args.students:.1f} s "
              f"| {base / r['wall']:.2f} | {r['cpu']:.0f} s | {r['cells']:.1f} s "
              f"| {r['probe']:.1f} s "
              f"| {overhead:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
