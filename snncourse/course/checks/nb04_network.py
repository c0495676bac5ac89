"""Checks of notebook 4, building a network: ex-4.1 (fixed in-degree sampling), ex-4.2 (the
connection matrix), ex-4.3 (the fraction of multapses).

Contents
--------
indegree_ref, matrix_ref, multapse_fraction
    The references of ex-4.1, ex-4.2 and ex-4.3.
EXERCISES
    The records of ex-4.1, ex-4.2 and ex-4.3.
"""

import types

import numpy as np

from ...connectivity import Connectivity
from ._core import Failure, Mistake, array_compare, call, check_cases, check_number, exercise, \
    short, to_array


# ---------------------------------------------------------------------------
# ex-4.1: fixed in-degree sampling
# ---------------------------------------------------------------------------
def indegree_ref(n_neurons, c, rng):
    """ex-4.1 reference: ``c`` partners per neuron, uniform with replacement, no autapse."""
    src = rng.integers(0, n_neurons - 1, size=(n_neurons, c))
    src += src >= np.arange(n_neurons)[:, None]
    return src


def _indegree_wrong(kind):
    def fixed_indegree_sources(n_neurons, c, rng):
        rows = np.arange(n_neurons)[:, None]
        if kind == "autapses":
            return rng.integers(0, n_neurons, size=(n_neurons, c))
        if kind == "high":
            src = rng.integers(0, n_neurons - 2, size=(n_neurons, c))
            return src + (src >= rows)
        if kind == "global":
            src = np.random.randint(0, n_neurons - 1, size=(n_neurons, c))
            return src + (src >= rows)
        if kind == "transposed":
            return indegree_ref(n_neurons, c, rng).T
        if kind == "no_replacement":
            return np.array([rng.choice(np.delete(np.arange(n_neurons), i), size=c, replace=False)
                             for i in range(n_neurons)]).reshape(n_neurons, c)
        if kind == "neighbour":
            src = rng.integers(0, n_neurons, size=(n_neurons, c))
            return np.where(src == rows, (rows + 1) % n_neurons, src)
        raise ValueError(f"kind must name a mistake, got {kind!r}")
    return fixed_indegree_sources


_INDEGREE_MISTAKES = (
    Mistake("autapses", "autapses: neuron i must not be one of its own presynaptic partners",
            _indegree_wrong("autapses")),
    Mistake("never drawn", "index n_neurons - 1 is never drawn: rng.integers(low, high) "
            "excludes high", _indegree_wrong("high")),
    Mistake("rng", "use the rng argument (rng.integers(...)), not np.random.* or random: the "
            "same rng seed must give the same wiring", _indegree_wrong("global")),
    Mistake("shape", "shape: one row per postsynaptic neuron, (n_neurons, c)",
            _indegree_wrong("transposed")),
    Mistake("with replacement", "draw with replacement: a partner may be drawn twice "
            "(multapses), as in NEST's fixed_indegree", _indegree_wrong("no_replacement")),
    Mistake("uniform", "not uniform: every other neuron must be equally likely (replacing a "
            "self-connection by i + 1 doubles the chance of i + 1)", _indegree_wrong("neighbour")),
)
_HINTS = types.MappingProxyType({m.keyword: m.hint for m in _INDEGREE_MISTAKES})
_DRAW_HINTS = ((ValueError, "draw with replacement: c may exceed n_neurons - 1"),
               (Exception, "rng is a numpy.random.Generator: rng.integers(low, high, size=...)"))


def _draw(fn, ex, n, c, seed):
    """The learner's ``(n, c)`` matrix of partners for ``rng = default_rng(seed)``."""
    out = call(fn, ex, (n, c, np.random.default_rng(seed)), _DRAW_HINTS)
    arr = to_array(out, ex.name)
    if arr.shape != (n, c):
        if arr.shape == (c, n) and n != c:
            raise Failure(f"{ex.name} returned shape {arr.shape}: {_HINTS['shape']}")
        raise Failure(f"{ex.name} returned shape {arr.shape}, expected {(n, c)}")
    if arr.size and not np.all(arr == np.round(arr)):
        raise Failure(f"{ex.name} must return integer neuron indices, got {short(arr)}")
    arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() > n - 1):
        raise Failure(f"{ex.name}({n}, {c}, rng) returned indices from {arr.min()} to "
                      f"{arr.max()}; they must lie in 0 .. n_neurons - 1")
    if np.any(arr == np.arange(n)[:, None]):
        raise Failure(f"{ex.name}({n}, {c}, rng): {_HINTS['autapses']}")
    return arr


def _check_uniform(name, big):
    """Every other neuron drawn about equally often (chi-square, 360 degrees of freedom)."""
    n, c = big.shape
    counts = np.zeros((n, n))
    np.add.at(counts, (np.repeat(np.arange(n), c), big.ravel()), 1)
    never = [j for j in range(n) if counts[:, j].sum() == 0]
    if never:
        which = "n_neurons - 1" if never == [n - 1] else ("0" if never == [0] else str(never))
        raise Failure(f"{name}({n}, {c}, rng): index {which} is never drawn"
                      + (": rng.integers(low, high) excludes high" if never == [n - 1] else ""))
    expected = c / (n - 1)
    off = ~np.eye(n, dtype=bool)
    chi2 = float((((counts - expected) ** 2)[off] / expected).sum())
    dof = n * (n - 2)
    if (chi2 - dof) / np.sqrt(2 * dof) > 6.0:
        worst = np.argmax(np.where(off, np.abs(counts - expected), -1))
        i, j = np.unravel_index(worst, counts.shape)
        head, tail = _HINTS["uniform"].split(": ", 1)
        raise Failure(f"{name}({n}, {c}, rng): {head}: in row {i}, neuron {j} was drawn "
                      f"{int(counts[i, j])} times, expected about {expected:.0f}: {tail}")


def _check_indegree(ex, fn):
    name = ex.name
    out = _draw(fn, ex, 50, 10, 0)
    if not np.array_equal(out, _draw(fn, ex, 50, 10, 0)):
        raise Failure(f"{name} gave two different results for the same seed: {_HINTS['rng']}")
    if np.array_equal(out, _draw(fn, ex, 50, 10, 1)):
        raise Failure(f"{name} gave the same result for seeds 0 and 1: the rng argument is "
                      "ignored; draw from it")
    _check_uniform(name, _draw(fn, ex, 20, 3000, 5))
    dup = sum(np.unique(row).size < row.size
              for seed in range(5) for row in _draw(fn, ex, 10, 9, 100 + seed))
    if dup == 0:
        raise Failure(f"{name}(10, 9, rng) never drew a partner twice in 50 rows: "
                      f"{_HINTS['with replacement']}")
    _draw(fn, ex, 5, 20, 7)
    _draw(fn, ex, 6, 0, 8)
    return (f"{name} draws valid, reproducible, uniform partners with replacement and "
            "no autapses (7 calls).")


# ---------------------------------------------------------------------------
# ex-4.2: the connection matrix
# ---------------------------------------------------------------------------
def matrix_ref(sources, n_neurons):
    """ex-4.2 reference: W[post, pre] = number of synapses from pre onto post."""
    src = np.asarray(sources, dtype=np.int64).reshape(n_neurons, -1)
    w = np.zeros((n_neurons, n_neurons), dtype=np.int64)
    np.add.at(w, (np.repeat(np.arange(n_neurons), src.shape[1]), src.ravel()), 1)
    return w


def _matrix_wrong(kind):
    def connection_matrix(sources, n_neurons):
        src = np.asarray(sources, dtype=np.int64)
        rows = np.repeat(np.arange(n_neurons), src.shape[1])
        if kind == "transposed":
            return matrix_ref(src, n_neurons).T
        w = np.zeros((n_neurons, n_neurons), dtype=np.int64)
        if kind == "fancy":
            w[rows, src.ravel()] += 1
        else:  # "bool"
            w[rows, src.ravel()] = 1
        return w
    return connection_matrix


_MATRIX_MISTAKES = (
    Mistake("W[post, pre]", "transposed: W[post, pre], so row i holds the inputs of neuron i "
            "(row sums are the in-degree c)", _matrix_wrong("transposed")),
    Mistake("np.add.at", "multapses lost: W[rows, cols] += 1 adds 1 only once for a repeated "
            "pair; use np.add.at(W, (rows, cols), 1)", _matrix_wrong("fancy")),
    Mistake("np.add.at", "multapses lost: count synapses (W[i, j] can be 2 or more) with "
            "np.add.at(W, (rows, cols), 1), not set entries to 1", _matrix_wrong("bool")),
)


def _check_matrix(ex, fn):
    rng = np.random.default_rng(42)
    cases = [
        ("sources [[1, 1, 2], [0, 2, 2], [0, 1, 0]]",
         (np.array([[1, 1, 2], [0, 2, 2], [0, 1, 0]]), 3)),
        ("30 neurons with in-degree 40 (many multapses)", (indegree_ref(30, 40, rng), 30)),
        ("4 neurons with in-degree 0", (np.zeros((4, 0), dtype=np.int64), 4)),
    ]
    hints = ((Exception, "sources is a 2-D numpy int array of shape (n_neurons, c), maybe with "
              "c = 0; n_neurons is an int"),)
    return check_cases(fn, ex, cases, compare=array_compare(0, 0), error_hints=hints)


# ---------------------------------------------------------------------------
# ex-4.3: the fraction of multapses
# ---------------------------------------------------------------------------
def _pair_counts(conn):
    keys = conn.sources().astype(np.int64) * conn.n_neurons + conn.targets
    _, counts = np.unique(keys, return_counts=True)
    return counts


def multapse_fraction(conn):
    """ex-4.3 reference: fraction of synapses that duplicate another one of the same pair."""
    counts = _pair_counts(conn)
    return 1.0 - counts.size / counts.sum() if counts.size else float("nan")


_MULTAPSE_MISTAKES = (
    Mistake("percent", "give a fraction between 0 and 1, not a percentage",
            lambda conn: 100.0 * multapse_fraction(conn)),
    Mistake("first of their pair", "that is the fraction of synapses that are the first of "
            "their pair (1 minus the answer)", lambda conn: 1.0 - multapse_fraction(conn)),
    Mistake("synapses", "that is the fraction of connected pairs with two or more synapses; "
            "the question asks for the fraction of synapses that duplicate another "
            "(n_synapses - n_connected_pairs) / n_synapses",
            lambda conn: float(np.mean(_pair_counts(conn) >= 2))),
    Mistake("synapses", "that is the fraction of all N^2 pairs with two or more synapses; "
            "the question asks for (n_synapses - n_connected_pairs) / n_synapses",
            lambda conn: float(np.sum(_pair_counts(conn) >= 2)) / conn.n_neurons**2),
)


def _check_multapses(ex, value, conn):
    if not isinstance(conn, Connectivity):
        raise Failure("pass the Connectivity you measured as the last argument of check, got "
                      f"{type(conn).__name__}")
    x = check_number(value, ex.name, multapse_fraction(conn), rtol=1e-3, mistakes=ex.mistakes,
                     context=(conn,))
    return f"{100 * x:.1f}% of the {conn.n_synapses} synapses duplicate another one."


EXERCISES = (
    exercise("ex-4.1", "draw c presynaptic partners for every neuron, uniformly with "
             "replacement, without autapses", "function", "fixed_indegree_sources",
             'check("ex-4.1", fixed_indegree_sources)', indegree_ref, _check_indegree,
             _INDEGREE_MISTAKES),
    exercise("ex-4.2", "return the connection matrix W[post, pre] of synapse counts",
             "function", "connection_matrix", 'check("ex-4.2", connection_matrix)', matrix_ref,
             _check_matrix, _MATRIX_MISTAKES),
    exercise("ex-4.3", "measure the fraction of synapses that are multapses (duplicates)",
             "number", "multapse_fraction", 'check("ex-4.3", multapse_fraction, conn)',
             multapse_fraction, _check_multapses, _MULTAPSE_MISTAKES, n_context=1),
)
