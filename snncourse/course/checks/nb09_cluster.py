"""Checks of notebook 9, beyond one machine: ex-9.1 (a sweep seeded per point), ex-9.2
(merging the spikes of MPI ranks), ex-9.3 (the grid points of a state in a phase diagram).

Contents
--------
toy_rate
    The stand-in for one simulation that ex-9.1's check sweeps over.
sweep_ref, merge_ref, state_points_ref
    The references of ex-9.1, ex-9.2 and ex-9.3.
EXERCISES
    The records of ex-9.1, ex-9.2 and ex-9.3.
"""

import concurrent.futures as cf
import functools

import numpy as np

from ... import parallel
from ._core import Failure, Mistake, array_compare, call, check_cases, exercise, short, \
    to_array, tuple_close


# ---------------------------------------------------------------------------
# ex-9.1: a sweep whose results do not depend on the order the points finish
# ---------------------------------------------------------------------------
def toy_rate(rate_hz, rng):
    """A stand-in for one simulation: the rate (Hz) measured from 50 Poisson ISIs of ``rate_hz``."""
    isis = rng.exponential(1000.0 / rate_hz, size=50)  # ms
    return float(1000.0 / isis.mean())


def sweep_ref(func, points, seed, order):
    """ex-9.1 reference: ``sc.sweep.sweep`` on a thread pool (``order`` cannot matter)."""
    with cf.ThreadPoolExecutor(2) as pool:
        out = parallel.sweep(func, list(points), seed=seed, executor=pool, progress=False)
    return np.asarray(out, dtype=float)


def _sweep_variant(kind):
    shared_state = {}

    def run_sweep(func, points, seed, order):
        results = [None] * len(points)
        shared = np.random.default_rng(seed)
        done = []
        for i in order:
            if kind == "shared":
                rng = shared
            elif kind == "plus":
                rng = np.random.default_rng(seed + i)
            elif kind == "same":
                rng = np.random.default_rng(seed)
            elif kind == "no_seed":
                rng = np.random.default_rng(np.random.SeedSequence(i))
            elif kind == "list":
                rng = np.random.default_rng([seed, i])
            elif kind == "global":  # one generator made once, outside the sweep
                rng = shared_state.setdefault("rng", np.random.default_rng(seed))
            else:
                rng = parallel.point_rng(seed, i)
            results[i] = func(points[i], rng)
            done.append(results[i])
        return np.array(done if kind == "completion" else results, dtype=float)
    return run_sweep


_SHARED_HINT = ("one generator shared by the points is consumed in the order they finish, so "
                "each result depends on that order: give point i its own generator, "
                "np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,)))")
_COMPLETION_HINT = ("the results come back in the order the points finished; return them in "
                    "the order of points (results[i] for points[i])")
_SAME_SEED_HINT = ("two calls with the same arguments gave different results: make every "
                   "generator inside run_sweep from seed (no generator made outside it, no "
                   "np.random.* functions)")
_SWEEP_MISTAKES = (
    Mistake("shared", _SHARED_HINT, _sweep_variant("shared")),
    Mistake("order of points", _COMPLETION_HINT, _sweep_variant("completion")),
    Mistake("same arguments", _SAME_SEED_HINT, _sweep_variant("global")),
    Mistake("seed + i", "seed + i collides across sweeps: point 1 of the sweep with seed 1 "
            "draws the same numbers as point 0 of the sweep with seed 2; use "
            "SeedSequence(seed, spawn_key=(i,))", _sweep_variant("plus")),
    Mistake("same stream", "every point starts the same stream default_rng(seed), so runs at "
            "the same point are copies and all points share their noise; each point needs its "
            "own stream, SeedSequence(seed, spawn_key=(i,))", _sweep_variant("same")),
    Mistake("sweep's seed", "the generator of point i ignores the sweep's seed, so every "
            "sweep draws the same numbers: SeedSequence(seed, spawn_key=(i,))",
            _sweep_variant("no_seed")),
    Mistake("spawn_key", "default_rng([seed, i]) does not depend on the order either, but it "
            "is not the course's rule, so your sweep and sc.sweep.sweep disagree: use "
            "SeedSequence(seed, spawn_key=(i,))", _sweep_variant("list")),
)
_SWEEP_HINTS = ((Exception, "func is called as func(points[i], rng) with rng a "
                 "numpy.random.Generator; points is a list of floats, seed an int, order a list "
                 "of the indices 0 .. len(points) - 1"),)


def _sweep_once(fn, ex, args):
    out = to_array(call(fn, ex, args, _SWEEP_HINTS), ex.name)
    n = len(args[1])
    if out.shape != (n,):
        raise Failure(f"{ex.name}({short(args[1])}, ...) returned shape {out.shape}: return one "
                      f"result per point, {n} of them")
    return out


def _check_sweep(ex, fn):
    rng = np.random.default_rng(91)  # the grader salts this seed: hidden points, seeds, orders
    points = [5.0, 10.0, 20.0, 40.0, 80.0]
    seed = int(rng.integers(1, 2**31 - 2))
    in_order = (toy_rate, points, seed, [0, 1, 2, 3, 4])
    first = _sweep_once(fn, ex, in_order)
    if not np.array_equal(first, _sweep_once(fn, ex, in_order)):
        raise Failure(f"{ex.name} is wrong on two identical calls: {_SAME_SEED_HINT}")
    order = [3, 0, 4, 2, 1]
    shuffled = _sweep_once(fn, ex, (toy_rate, points, seed, order))
    if not np.array_equal(first, shuffled):
        hint = _COMPLETION_HINT if np.array_equal(shuffled, first[order]) else _SHARED_HINT
        raise Failure(f"{ex.name} is wrong on the same sweep finishing in the order {order}: "
                      f"{hint}")
    random_points = np.round(rng.uniform(2.0, 100.0, 7), 1).tolist()
    cases = [
        (f"points 5-80 Hz, seed {seed}, run in order", in_order),
        (f"the same sweep finishing in the order {order}, as on an executor",
         (toy_rate, points, seed, order)),
        (f"the next sweep, seed {seed + 1}, finishing in reverse order",
         (toy_rate, points, seed + 1, [4, 3, 2, 1, 0])),
        ("7 random points finishing in a random order",
         (toy_rate, random_points, int(rng.integers(0, 1000)), rng.permutation(7).tolist())),
        ("the same point three times (three runs), seed 5", (toy_rate, [20.0] * 3, 5, [1, 2, 0])),
        ("one point, seed 0", (toy_rate, [10.0], 0, [0])),
        ("no points", (toy_rate, [], 3, [])),
    ]
    return check_cases(fn, ex, cases, compare=array_compare(rtol=0.0, atol=0.0),
                       what=" (bit for bit, as sc.sweep.sweep gives them on a thread pool)")


# ---------------------------------------------------------------------------
# ex-9.2: the spikes of several MPI ranks in one pair of arrays
# ---------------------------------------------------------------------------
def merge_ref(ranks):
    """ex-9.2 reference: what the NEST script's ``merge`` does, without the files."""
    times = np.concatenate([np.asarray(t, dtype=float) for t, _ in ranks])
    ids = np.concatenate([np.asarray(i, dtype=np.int64) for _, i in ranks])
    order = np.lexsort((ids, times))
    return times[order], ids[order]


def _merge_variant(kind):
    def merge_ranks(ranks):
        if kind == "float":  # accumulated from np.array([]), a float array
            times, ids = np.array([]), np.array([])
            for t, i in ranks:
                times, ids = np.concatenate([times, t]), np.concatenate([ids, i])
        else:
            times = np.concatenate([t for t, _ in ranks])
            ids = np.concatenate([i for _, i in ranks])
        if kind == "unsorted":
            return times, ids
        if kind == "separately":
            return np.sort(times), np.sort(ids)
        if kind == "time_only":
            order = np.argsort(times, kind="stable")
        elif kind == "id_first":
            order = np.lexsort((times, ids))
        else:
            order = np.lexsort((ids, times))
        return times[order], ids[order]
    return merge_ranks


_MERGE_MISTAKES = (
    Mistake("sort", "sort the merged spikes by time: the ranks' spikes are only concatenated",
            _merge_variant("unsorted")),
    Mistake("pairs", "sort both arrays with one order, order = np.lexsort((ids, times)); "
            "sorting each on its own breaks the (time, id) pairs", _merge_variant("separately")),
    Mistake("ties", "ties: spikes lie on the time grid, so many share a time; sort by time, "
            "then by id within a time: np.lexsort((ids, times))", _merge_variant("time_only")),
    Mistake("primary", "sorted by id first: np.lexsort's last key is the primary one, so "
            "sort by time then id with np.lexsort((ids, times))", _merge_variant("id_first")),
    Mistake("integer", "neuron_ids must be integers: np.array([]) is a float64 array, and "
            "concatenating onto it turns every id into a float; start from "
            "np.empty(0, dtype=np.int64) or concatenate the ranks' own arrays",
            _merge_variant("float")),
)
_MERGE_HINTS = ((Exception, "ranks is a list with one (spike_times, neuron_ids) pair of numpy "
                 "arrays per rank (float64 ms, int64 ids); a rank may have no spike (two empty "
                 "arrays), and all ranks may be empty"),)


def _merge_convert(out, name, expected):
    """``(times, ids)`` as arrays; ids must be integers (empty ids of any numeric type pass)."""
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise Failure(f"{name} must return 2 values (spike_times, neuron_ids), got "
                      f"{type(out).__name__} {short(out)}")
    times = to_array(out[0], f"{name} (spike_times)")
    raw = np.asarray(out[1])
    if raw.size and raw.dtype.kind not in "iu":
        hint = next(m.hint for m in _MERGE_MISTAKES if m.keyword == "integer")
        raise Failure(f"{name} returned neuron_ids of dtype {raw.dtype}: {hint}")
    return times, to_array(raw, f"{name} (neuron_ids)")


def _rank_files(rng, n_ranks, n_neurons, duration, rate, empty=()):
    """Spikes on the 0.1 ms grid, neuron k recorded by rank k % n_ranks (as NEST distributes)."""
    steps = rng.integers(1, int(duration * 10), size=rng.poisson(n_neurons * rate * duration / 1e3))
    times = np.round(steps * 0.1, 1)
    ids = rng.integers(0, n_neurons, size=times.size)
    ranks = []
    for r in range(n_ranks):
        keep = (ids % n_ranks == r) & (r not in empty)
        order = np.lexsort((ids[keep], times[keep]))
        ranks.append((times[keep][order], ids[keep][order].astype(np.int64)))
    return ranks


def _check_merge(ex, fn):
    rng = np.random.default_rng(92)
    empty = (np.empty(0), np.empty(0, dtype=np.int64))
    cases = [
        ("two ranks whose spikes share the times 0.1 and 0.2 ms",
         ([(np.array([0.1, 0.2, 0.4]), np.array([3, 1, 1])),
           (np.array([0.1, 0.2, 0.2]), np.array([2, 0, 2]))],)),
        ("2 ranks, 40 neurons at 50 Hz for 100 ms on the 0.1 ms grid",
         (_rank_files(rng, 2, 40, 100.0, 50.0),)),
        ("4 ranks, 100 neurons at 30 Hz for 200 ms, rank 2 empty",
         (_rank_files(rng, 4, 100, 200.0, 30.0, empty=(2,)),)),
        ("one rank", (_rank_files(rng, 1, 10, 100.0, 40.0),)),
        ("3 ranks, all empty", ([empty, empty, empty],)),
    ]
    return check_cases(fn, ex, cases, convert=_merge_convert,
                       compare=tuple_close(rtol=0.0, atol=0.0), error_hints=_MERGE_HINTS)


# ---------------------------------------------------------------------------
# ex-9.3: where in the phase diagram is a state?
# ---------------------------------------------------------------------------
def state_points_ref(diagram, state):
    """ex-9.3 reference: ``(g, eta)`` of every grid point classified as ``state``, by g then eta.

    The check accepts the points in any order: it sorts every answer this way.
    """
    rows, cols = np.nonzero(np.asarray(diagram.state) == state)
    g = np.asarray(diagram.g, dtype=float)[cols]
    eta = np.asarray(diagram.eta, dtype=float)[rows]
    order = np.lexsort((eta, g))
    return g[order], eta[order]


def _state_variant(kind):
    def state_points(diagram, state):
        rows, cols = np.nonzero(diagram.state == state)
        if kind == "transposed":
            return diagram.g[rows], diagram.eta[cols]
        if kind == "indices":
            return cols, rows
        return diagram.eta[rows], diagram.g[cols]  # (eta, g)
    return state_points


_STATE_MISTAKES = (
    Mistake("axes", "axes: diagram.state[i, j] is the run at eta[i] (row) and g[j] (column); "
            "the columns give g", _state_variant("transposed")),
    Mistake("indices", "those are grid indices: return the values, diagram.g[j] and "
            "diagram.eta[i]", _state_variant("indices")),
    Mistake("(g, eta)", "return (g, eta), in that order: you returned (eta, g)",
            _state_variant("swapped")),
)
_STATE_HINTS = ((Exception, "diagram.state is a numpy array of str of shape (len(eta), len(g)): "
                 "row i is eta[i], column j is g[j]; diagram.g and diagram.eta are float arrays"),)


def _points_convert(out, name, expected):
    """``(g, eta)`` as two arrays of equal length, the points in a canonical order."""
    if isinstance(out, np.ndarray) and out.dtype == bool:
        raise Failure(f"{name} returned a mask of shape {out.shape}: return the g and eta "
                      "values of the points, (g, eta)")
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise Failure(f"{name} must return 2 values (g, eta), got {type(out).__name__} "
                      f"{short(out)}")
    g, eta = (to_array(o, f"{name} ({nm})").ravel() for o, nm in zip(out, ("g", "eta")))
    if g.shape != eta.shape:
        raise Failure(f"{name} returned {g.size} g values and {eta.size} eta values: one of each "
                      "per grid point")
    order = np.lexsort((eta, g))
    return g[order], eta[order]


@functools.lru_cache(maxsize=1)
def _full_size_diagram():
    from ...sweep import PHASE_DIAGRAM_FILE, load_phase_diagram
    return load_phase_diagram(PHASE_DIAGRAM_FILE)[0]


def _small_diagram():
    """A 3 x 4 grid (3 eta, 4 g): the axes cannot be swapped without notice."""
    from ...regimes import PhaseDiagram
    state = np.array([["SR", "SR", "SI slow", "SI slow"],
                      ["SR", "AI", "AI", "AI"],
                      ["SR", "SR", "SI fast", "SI fast"]])
    z = np.zeros(state.shape)
    return PhaseDiagram(g=np.array([3.0, 4.5, 6.0, 7.5]), eta=np.array([1.0, 2.0, 4.0]),
                        rate=z, cv=z, chi=z, f_peak=z, state=state)


def _random_diagram(rng):
    """A 4 x 6 grid of random states (the grader salts the seed): no answer can be written down."""
    from ...regimes import PhaseDiagram
    state = rng.choice(np.array(["SR", "AI", "SI fast", "SI slow"]), size=(4, 6))
    state[rng.integers(4), rng.integers(6)] = "AI"
    z = np.zeros(state.shape)
    return PhaseDiagram(g=np.sort(rng.uniform(2.0, 8.0, 6)).round(2),
                        eta=np.sort(rng.uniform(0.5, 4.0, 4)).round(3),
                        rate=z, cv=z, chi=z, f_peak=z, state=state)


def _check_state_points(ex, fn):
    full = _full_size_diagram()
    cases = [(f"the full-size diagram of data/, state {s!r}", (full, s))
             for s in ("SI slow", "SI fast", "AI", "SR")]
    small = _small_diagram()
    cases += [("a 3 x 4 grid (3 eta, 4 g), state 'AI'", (small, "AI")),
              ("a 3 x 4 grid, state 'SI fast'", (small, "SI fast")),
              ("a 3 x 4 grid, state 'quiescent' (no point)", (small, "quiescent")),
              ("a random 4 x 6 grid (4 eta, 6 g), state 'AI'",
               (_random_diagram(np.random.default_rng(93)), "AI"))]
    return check_cases(fn, ex, cases, convert=_points_convert, compare=tuple_close(),
                       error_hints=_STATE_HINTS)


EXERCISES = (
    exercise("ex-9.1", "run func(points[i], rng) in the given order with each point seeded from "
             "seed and i; results in the order of points", "function", "run_sweep",
             'check("ex-9.1", run_sweep)', sweep_ref, _check_sweep, _SWEEP_MISTAKES),
    exercise("ex-9.2", "merge the (spike_times, neuron_ids) of every rank into one pair sorted "
             "by time, then id", "function", "merge_ranks", 'check("ex-9.2", merge_ranks)',
             merge_ref, _check_merge, _MERGE_MISTAKES),
    exercise("ex-9.3", "return the g and eta of every grid point of the phase diagram in a "
             "given state", "function", "state_points", 'check("ex-9.3", state_points)',
             state_points_ref, _check_state_points, _STATE_MISTAKES),
)
