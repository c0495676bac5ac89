"""Tune the ``seed_report`` preset so that it reproduces Table 4.1 of the seed report.

Usage (from the repository root, about 5-10 minutes on 2 cores)::

    .venv/bin/python benchmarks/tune_seed_report.py            # search, then verify
    .venv/bin/python benchmarks/tune_seed_report.py --verify   # verify the preset only

What is fixed and why (see the docstring of ``snncourse.params.seed_report``):
200 neurons, 160 E / 40 I (the report's size, Brunel's 4:1 ratio); fixed
in-degree C_E = 16, C_I = 4 (connection probability 0.1, as Brunel's
epsilon); g = 4, so that g C_I = C_E and the mean recurrent input is zero
(the report's "balanced E/I"); Brunel's neuron (tau 20 ms, theta 20 mV,
V_r 10 mV) with t_ref = 1 ms; delay 1.5 ms. Three knobs are left, one per
target it mostly controls:

- ``i_ext`` (nA): the constant drive R I sets the rate (mean-driven firing,
  nu ~ 1 / (t_ref + tau ln((RI - V_r) / (RI - theta)))).
- ``noise_sigma`` (mV): external white noise makes the ISIs irregular (CV).
- ``j_exc`` (mV): with g fixed, J scales the recurrent fluctuations, part of
  which are shared by neurons with common inputs (the pairwise correlation).

Search: Newton's method on the three targets (mean rate, ISI CV, mean
pairwise correlation at 10 ms), each evaluated as the mean over the same six
seeds (the preset's seed and seeds 1-5; common random numbers make the finite
differences smooth), the Jacobian by forward differences at the start point,
then rounding to readable values and a check on held-out seeds 6-15.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from snncourse.network import simulate_network
from snncourse.params import seed_report
from snncourse.presets import PRESETS, SEED_REPORT_SEED
from snncourse.report import CORRELATION_BIN_MS, REPORT_TABLE, REPORT_TOLERANCES, report_statistics

SEED_REPORT_DURATION = PRESETS["seed_report"].duration
SEED_REPORT_T_START = PRESETS["seed_report"].t_start

TUNING_SEEDS = (SEED_REPORT_SEED, 1, 2, 3, 4, 5)
HELD_OUT_SEEDS = tuple(range(6, 16))
KNOBS = ("j_exc", "noise_sigma", "i_ext")
TARGETS = ("mean_rate_hz", "isi_cv", "mean_pairwise_correlation")
START = np.array([1.55, 22.0, 12.0])
STEP = np.array([0.05, 2.0, 0.2])  # forward-difference steps for the Jacobian
ROUND = np.array([0.01, 0.5, 0.05])  # final values are multiples of these
KEYS = ("mean_rate_hz", "exc_rate_hz", "inh_rate_hz", "isi_cv", "mean_pairwise_correlation")


def _tol(key):
    kind, x = REPORT_TOLERANCES[key]
    return x * abs(REPORT_TABLE[key]) if kind == "rel" else x


def run_one(args):
    knobs, seed = args
    net = seed_report(**dict(zip(KNOBS, map(float, knobs))))
    res = simulate_network(net, duration=SEED_REPORT_DURATION, rng=seed)
    s = report_statistics(res, t_start=SEED_REPORT_T_START, bin_size=CORRELATION_BIN_MS)
    return np.array([s[k] for k in KEYS])


def evaluate(pool, knobs, seeds):
    """Statistics (rows: seeds, columns: KEYS) of the preset with ``knobs``."""
    return np.array(list(pool.map(run_one, [(tuple(knobs), s) for s in seeds])))


def target_vector(stats):
    mean = stats.mean(axis=0)
    return np.array([mean[KEYS.index(k)] for k in TARGETS])


def scaled_error(y):
    return np.array([(y[i] - REPORT_TABLE[k]) / _tol(k) for i, k in enumerate(TARGETS)])


def show(label, stats, seeds):
    print(f"\n{label}")
    print(f"{'seed':>6} " + " ".join(f"{k:>26}" for k in KEYS))
    for s, row in zip(seeds, stats):
        print(f"{s:>6} " + " ".join(f"{v:26.4f}" for v in row))
    print(f"{'mean':>6} " + " ".join(f"{v:26.4f}" for v in stats.mean(axis=0)))
    print(f"{'sd':>6} " + " ".join(f"{v:26.4f}" for v in stats.std(axis=0, ddof=1)))
    print(f"{'report':>6} " + " ".join(f"{REPORT_TABLE[k]:26.4f}" for k in KEYS))
    print(f"{'tol':>6} " + " ".join(f"{_tol(k):26.4f}" for k in KEYS))


def within(row):
    return all(abs(row[i] - REPORT_TABLE[k]) <= _tol(k) for i, k in enumerate(KEYS))


def search(pool, n_newton=3):
    x = START.copy()
    y = target_vector(evaluate(pool, x, TUNING_SEEDS))
    print(f"start {dict(zip(KNOBS, x))}: {dict(zip(TARGETS, np.round(y, 4)))}")
    jac = np.empty((3, 3))
    for j in range(3):
        xj = x.copy()
        xj[j] += STEP[j]
        jac[:, j] = (target_vector(evaluate(pool, xj, TUNING_SEEDS)) - y) / STEP[j]
    print("Jacobian d(rate, CV, corr)/d(J, sigma, i_ext):\n", np.round(jac, 4))
    goal = np.array([REPORT_TABLE[k] for k in TARGETS])
    for it in range(n_newton):
        x = x + np.linalg.solve(jac, goal - y)
        y = target_vector(evaluate(pool, x, TUNING_SEEDS))
        err = scaled_error(y)
        print(f"newton {it + 1}: {dict(zip(KNOBS, np.round(x, 4)))} -> "
              f"{dict(zip(TARGETS, np.round(y, 4)))}, error/tolerance {np.round(err, 2)}")
        if np.all(np.abs(err) < 0.15):
            break
    return np.round(x / ROUND) * ROUND


def verify(pool, knobs):
    net = seed_report(**dict(zip(KNOBS, map(float, knobs))))
    print(f"\n{net}")
    stats = evaluate(pool, knobs, TUNING_SEEDS)
    show("tuning seeds (first: the preset's seed)", stats, TUNING_SEEDS)
    ok_seed, ok_mean = within(stats[0]), within(stats[1:].mean(axis=0))
    print(f"preset seed {SEED_REPORT_SEED} within tolerance: {ok_seed}; "
          f"mean of seeds 1-5 within tolerance: {ok_mean}")
    held = evaluate(pool, knobs, HELD_OUT_SEEDS)
    show("held-out seeds", held, HELD_OUT_SEEDS)
    print(f"held-out seeds individually within tolerance: {sum(within(r) for r in held)}"
          f" of {len(held)}; their mean within tolerance: {within(held.mean(axis=0))}")
    return ok_seed and ok_mean


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verify", action="store_true", help="only verify the current preset")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        if args.verify:
            p = seed_report()
            knobs = np.array([getattr(p, k) for k in KNOBS])
        else:
            knobs = search(pool)
            print(f"\nrounded: {dict(zip(KNOBS, np.round(knobs, 4)))}")
        ok = verify(pool, knobs)
    print(f"\n{time.perf_counter() - t0:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
