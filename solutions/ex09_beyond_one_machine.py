# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%

# %% [markdown]
# # Exercises 9: beyond one machine
#
# Exercises for notebook `09_beyond_one_machine`. You write a sweep whose
# results cannot depend on the order in which the workers finish, merge the
# spikes that the ranks of an MPI run record into one pair of arrays, as
# the exported NEST script does, and read the committed full-size phase
# diagram. None of them needs NEST, Brian2 or Dask: an executor is an
# executor, and a rank's spikes are two numpy arrays.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it. Cells after a check use the
# package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - seed every point of a sweep from the sweep's seed and the point's
#   index, so that one worker or many, in any order, give the same numbers;
# - gather the spikes of several ranks (or threads) into one
#   `(spike_times, neuron_ids)` pair, sorted by time and then by id;
# - find where a state lies in a phase diagram stored as a grid (rows
#   `eta`, columns `g`).

# %%
import concurrent.futures as cf

import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 9.1 (`ex-9.1`): a sweep seeded per point
#
# A sweep runs `func(point, rng)` at every point, e.g. one simulation per
# `(g, eta)`. On an executor (a process pool, a Dask cluster) the points
# finish in an order nobody chooses. If they share one generator, each run
# gets the random numbers that happen to be left when it starts, and the
# results change from one run of the sweep to the next. The course's rule
# (notebook 9): point $i$ of a sweep seeded with `seed` draws from its own
# generator,
#
# ```python
# np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,)))
# ```
#
# which depends only on `seed` and `i`. Here is a stand-in for one
# simulation (the check uses the same function):

# %%
def toy_rate(rate_hz, rng):
    """A stand-in for one simulation: the rate (Hz) measured from 50 Poisson ISIs of rate_hz."""
    isis = rng.exponential(1000.0 / rate_hz, size=50)  # ms
    return float(1000.0 / isis.mean())


print(f"{toy_rate(20.0, np.random.default_rng(1)):.2f} Hz")

# %% [markdown]
# Write `run_sweep(func, points, seed, order)`. It plays the executor: it
# runs the points in the order `order` (a list of the indices
# `0 .. len(points) - 1`, the order in which they happen to finish), calls
# `func(points[i], rng)` with point $i$'s own generator, and returns a
# numpy array of the results **in the order of `points`**. Build the
# generators from `np.random.SeedSequence`; calling `sc.sweep.sweep` is not
# an answer.

# %%
def run_sweep(func, points, seed, order):
    """func(points[i], rng_i) for every point, run in `order`; the results in the order of points."""
    # BEGIN SOLUTION ex-9.1
    results = [None] * len(points)
    for i in order:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,)))
        results[i] = func(points[i], rng)
    return np.array(results, dtype=float)
    # END SOLUTION


# %%
check("ex-9.1", run_sweep)

# %% [markdown]
# The package's `sc.sweep.sweep` follows the same rule on a real executor.
# On one thread and on two, the five measured rates agree to the last bit:

# %%
points = [5.0, 10.0, 20.0, 40.0, 80.0]
with cf.ThreadPoolExecutor(1) as pool:
    one = sc.sweep.sweep(toy_rate, points, seed=1, executor=pool, progress=False)
with cf.ThreadPoolExecutor(2) as pool:
    two = sc.sweep.sweep(toy_rate, points, seed=1, executor=pool, progress=False)
print(np.round(one, 2), "identical:", one == two)

# %% [markdown]
# `seed + i` would be order-independent too, but the sweep with seed 1 and
# the one with seed 2 would then share all but one of their streams: their
# "independent" repetitions would be copies, shifted by one point.
#
# ## Exercise 9.2 (`ex-9.2`): merging the spikes of several ranks
#
# Under MPI, NEST gives each rank (process) its share of the neurons,
# neuron $k$ to rank $k \bmod K$ of $K$ ranks, and each rank records only
# its own neurons. The exported script writes one file per rank, and rank
# 0 merges them into one result. Each rank's spikes are a pair of numpy
# arrays `(spike_times, neuron_ids)` (ms, and global ids, so no offset is
# needed), sorted by time and then by id. Three ranks of a small run:

# %%
res = sc.simulate_network(sc.reduced_brunel(5.0, 2.0, n_exc=400, c_exc=40), duration=100.0, rng=1)
ranks = []
for r in range(3):
    mine = res.spike_ids % 3 == r
    ranks.append((res.spike_times[mine], res.spike_ids[mine]))
print([t.size for t, _ in ranks], "spikes per rank; first times of rank 0:", ranks[0][0][:4])

# %% [markdown]
# Write `merge_ranks(ranks)`: from a list of `(spike_times, neuron_ids)`
# pairs, one per rank, return one pair of numpy arrays holding every spike,
# sorted by time and, among spikes at the same time, by neuron id (the
# order of `SimulationResult`). The ids must stay integers. Spike times lie
# on the time grid, so many spikes share a time; a rank may have no spike.

# %%
def merge_ranks(ranks):
    """All ranks' spikes as one (spike_times, neuron_ids) pair, sorted by time, then id."""
    # BEGIN SOLUTION ex-9.2
    times = np.concatenate([np.asarray(t, dtype=float) for t, _ in ranks])
    ids = np.concatenate([np.asarray(i, dtype=np.int64) for _, i in ranks])
    order = np.lexsort((ids, times))
    return times[order], ids[order]
    # END SOLUTION


# %%
check("ex-9.2", merge_ranks)

# %% [markdown]
# Merging the three ranks gives back the run's own spikes, in its own
# order (here with `np.lexsort`, as the NEST script does):

# %%
times = np.concatenate([t for t, _ in ranks])
ids = np.concatenate([i for _, i in ranks])
order = np.lexsort((ids, times))
print("same as the single run:", np.array_equal(times[order], res.spike_times)
      and np.array_equal(ids[order], res.spike_ids))

# %% [markdown]
# ## Exercise 9.3 (`ex-9.3`): where is a state in the phase diagram?
#
# The committed full-size phase diagram (notebook 9) took over an hour on
# two cores (its metadata says how long); reading it takes a moment. Like every `PhaseDiagram` it is a
# grid: `diagram.state[i, j]` is the state of the run at `eta[i]` (row)
# and `g[j]` (column), and `rate`, `cv`, `chi` and `f_peak` have the same
# layout.

# %%
diagram, meta = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
print(f"{diagram.state.size} runs in {meta['wall_s'] / 60:.0f} min; states of shape",
      diagram.state.shape, "rows eta =", diagram.eta[:3], "..., columns g =", diagram.g[:3], "...")

# %% [markdown]
# Write `state_points(diagram, state)`: return two numpy arrays `(g, eta)`,
# the `g` and the `eta` of every grid point classified as `state` (e.g.
# `"AI"`), one entry per point, in any order (the check sorts them).

# %%
def state_points(diagram, state):
    """(g, eta) of every grid point of `diagram` in `state`."""
    # BEGIN SOLUTION ex-9.3
    rows, cols = np.nonzero(diagram.state == state)
    return diagram.g[cols], diagram.eta[rows]
    # END SOLUTION


# %%
check("ex-9.3", state_points)

# %% [markdown]
# The same with the package's arrays: the asynchronous irregular points of
# the full-size network, each with its rate, and where they lie on the grid.

# %%
rows, cols = np.nonzero(diagram.state == "AI")
print(f"{rows.size} AI points, at g from {diagram.g[cols].min():g} to {diagram.g[cols].max():g}"
      f" and eta from {diagram.eta[rows].min():g} to {diagram.eta[rows].max():g};")
print(f"their rates: {diagram.rate[rows, cols].min():.1f} to {diagram.rate[rows, cols].max():.1f} Hz")
ax = sc.plot_phase_diagram(diagram)
ax.plot(diagram.g[cols], diagram.eta[rows], "k.", label="AI (found)")
ax.legend(loc="lower right");

# %% [markdown]
# Every AI point lies right of the balance line $g = 4$: asynchronous
# irregular firing needs inhibition to win.
#
# ## Summary
#
# - Seed each point of a sweep from the sweep's seed and the point's index,
#   `SeedSequence(seed, spawn_key=(i,))`: the order of completion, the
#   number of workers and the executor then cannot change a single number.
# - The spikes of an MPI run come back per rank; merged, they are sorted by
#   time and then by id (`np.lexsort((ids, times))`), ids kept as integers.
# - A phase diagram is a grid with rows `eta` and columns `g`: the columns
#   give `g`.
#
# **References.** Brunel N (2000). Dynamics of sparsely connected networks of excitatory and
# inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
# NumPy documentation, "Parallel random number generation" (`SeedSequence.spawn`).
# Jordan J et al. (2018). Extremely scalable spiking neuronal network simulation code: from
# laptops to exascale computers. *Front Neuroinform* 12:2.
