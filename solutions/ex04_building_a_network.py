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
# # Exercises 4: building a network
#
# Exercises for notebook `04_building_a_network`. You draw a fixed
# in-degree wiring, store it as a connection matrix, and measure how many
# synapses double up when a reduced network keeps Brunel's in-degrees.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it. Cells after a check use the
# package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - sample presynaptic partners with a fixed in-degree, uniformly, with
#   replacement and without autapses, from a seeded random generator;
# - build the matrix $W_{ij}$ of synapse counts from neuron $j$ onto neuron $i$,
#   counting multapses;
# - estimate and predict the fraction of multapses when the in-degree is a
#   large fraction of the population.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 4.1 (`ex-4.1`): fixed in-degree sampling
#
# In Brunel's network every neuron receives exactly $C$ synapses from its
# population. NEST (and the course's engine) draw the $C$ presynaptic
# partners of each neuron uniformly **with replacement**, so a pair may be
# connected twice (a multapse), and never from the neuron itself (no
# autapse).
#
# Write `fixed_indegree_sources(n_neurons, c, rng)` for one population of
# `n_neurons` neurons: return an integer array of shape `(n_neurons, c)`
# whose row `i` holds the `c` presynaptic partners of neuron `i`, each drawn
# uniformly from the `n_neurons - 1` other neurons. Draw only from `rng`
# (a `numpy.random.Generator`), so that the same seed gives the same wiring.
# Hint: draw from `n_neurons - 1` values and shift those `>= i` up by one.

# %%
def fixed_indegree_sources(n_neurons, c, rng):
    """Presynaptic partners (n_neurons, c) drawn uniformly with replacement, no autapses."""
    # BEGIN SOLUTION ex-4.1
    sources = rng.integers(0, n_neurons - 1, size=(n_neurons, c))
    sources += sources >= np.arange(n_neurons)[:, None]
    return sources
    # END SOLUTION


# %%
check("ex-4.1", fixed_indegree_sources)

# %% [markdown]
# ## Exercise 4.2 (`ex-4.2`): the connection matrix
#
# The connection matrix $W$ has one row per postsynaptic neuron:
# $W_{ij}$ is the number of synapses from neuron $j$ onto neuron $i$, so row
# sums are in-degrees and column sums out-degrees.
#
# Write `connection_matrix(sources, n_neurons)`, where `sources` is an array
# like the one of exercise 4.1 (row `i`: the partners of neuron `i`), and
# return the `(n_neurons, n_neurons)` integer matrix $W$. A multapse counts
# twice. Beware: with a repeated index pair, `W[rows, cols] += 1` adds 1
# only once.

# %%
def connection_matrix(sources, n_neurons):
    """W[post, pre]: number of synapses from neuron pre onto neuron post."""
    # BEGIN SOLUTION ex-4.2
    sources = np.asarray(sources)
    w = np.zeros((n_neurons, n_neurons), dtype=int)
    rows = np.repeat(np.arange(n_neurons), sources.shape[1])
    np.add.at(w, (rows, sources.ravel()), 1)
    return w
    # END SOLUTION


# %%
check("ex-4.2", connection_matrix)

# %% [markdown]
# The engine stores the same wiring presynaptic-major (for each neuron, the
# list of its targets), which is what spike delivery needs; `to_dense()`
# turns it into $W$. Here is a small E/I network, 40 E and 10 I neurons with
# in-degrees 8 and 2: every row holds 8 excitatory and 2 inhibitory
# synapses.

# %%
conn_small = sc.fixed_indegree(40, 10, 8, 2, rng=1)
w = conn_small.to_dense()
fig, ax = plt.subplots(figsize=(4.5, 4))
im = ax.imshow(w, cmap="Greys", interpolation="nearest")
ax.axvline(39.5, color="gray", lw=1)
ax.set(xlabel="Presynaptic neuron j", ylabel="Postsynaptic neuron i", title="W[i, j] (synapse counts)")
fig.colorbar(im, ax=ax, shrink=0.8)
plt.show()
print("row sums (in-degrees):", np.unique(w.sum(axis=1)))

# %% [markdown]
# ## Exercise 4.3 (`ex-4.3`): how many multapses in a reduced network?
#
# The course often runs Brunel's network at `scale=0.2` (2000 E and 500 I
# neurons) while keeping its in-degrees, $C_E$ = 1000 and $C_I$ = 250: each
# neuron then draws 1000 partners from only 1999 candidates.

# %%
conn = sc.build_connectivity(sc.brunel2000(scale=0.2), rng=1)
print(f"{conn.n_neurons} neurons, {conn.n_synapses:,} synapses")

# %% [markdown]
# Measure `multapse_fraction`: the fraction of synapses that duplicate
# another synapse of the same (pre, post) pair, that is
# $(n_\mathrm{synapses} - n_\mathrm{connected\ pairs}) / n_\mathrm{synapses}$.
# `conn.sources()` and `conn.targets` give the pre- and postsynaptic neuron
# of every synapse; `conn.to_dense()` gives $W$ (25 MB here).

# %%
multapse_fraction = None  # your answer, a fraction between 0 and 1
# BEGIN SOLUTION ex-4.3
pair_keys = conn.sources().astype(np.int64) * conn.n_neurons + conn.targets
n_pairs = np.unique(pair_keys).size
multapse_fraction = 1.0 - n_pairs / conn.n_synapses
# END SOLUTION

# %%
check("ex-4.3", multapse_fraction, conn)

# %% [markdown]
# Theory: drawing $C$ times with replacement from $n$ candidates hits
# $n\,[1 - (1 - 1/n)^C]$ distinct ones on average, so the duplicate fraction
# is $1 - n[1 - (1 - 1/n)^C]/C$. With $C/n \approx 1/2$ that is about 21 %,
# for E and I inputs alike:

# %%
# NBVAL_CHECK_OUTPUT
for c, n in ((1000, 1999), (250, 499)):
    print(f"C = {c:4d} from n = {n}: {1 - n * (1 - (1 - 1 / n) ** c) / c:.3f}")
# Expected output:
# C = 1000 from n = 1999: 0.213
# C =  250 from n = 499: 0.213

# %% [markdown]
# At full size ($C/n = 0.1$) the fraction falls to about 5 %, and in cortex
# multiple contacts between a pair are common but not independent draws.
# Reduced networks with full in-degrees share a large part of their input,
# which is one reason why they synchronize more than the full network (see
# notebook 7).
#
# ## Summary
#
# - Fixed in-degree: `rng.integers(0, n - 1)` then shift values `>= i`;
#   with replacement, no autapse, reproducible from the seed.
# - $W_{ij}$ counts synapses from $j$ onto $i$; build it with `np.add.at`,
#   because fancy-index `+=` drops repeated pairs.
# - With $C/n = 1/2$, a fifth of the synapses are multapses.
#
# **References.** Brunel N (2000). *J Comput Neurosci* 8:183-208.
# Gewaltig M-O, Diesmann M (2007). NEST (NEural Simulation Tool). *Scholarpedia* 2(4):1430
# (the `fixed_indegree` rule).
