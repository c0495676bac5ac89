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
# # Exercises 6: synchronization
#
# Exercises for notebook `06_synchronization`. You write the analyses of
# Figure 3.1 of the report that measure synchrony: spike counts, the mean
# pairwise correlation of counts, and Golomb's synchrony measure $\chi$ of
# membrane potentials; then you measure $\chi$ in Brunel's fast
# oscillating state.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it. Cells after a check use the
# package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - bin spike trains into a count matrix with half-open bins;
# - compute a mean pairwise correlation that leaves out silent neurons and
#   the diagonal;
# - compute $\chi$ and compare it with the $1/\sqrt{N}$ of independent neurons.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 6.1 (`ex-6.1`): spike counts
#
# Write `spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_stop)`:
# spike times in ms (a numpy array, any order), ids (a numpy int array) in
# `0 .. n_neurons - 1`, bins of `bin_size` ms from 0 to `t_stop`. Bin $k$ is
# the half-open interval $[k\Delta, (k + 1)\Delta)$, and there are $\lfloor t_\mathrm{stop}/\Delta \rfloor$
# bins (a trailing partial bin is dropped, as are spikes at or after its
# start). Return the integer matrix of shape `(n_neurons, n_bins)`, one row
# per neuron, silent ones included.

# %%
def spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_stop):
    """(n_neurons, n_bins) spike counts in the bins [k bin_size, (k + 1) bin_size)."""
    # BEGIN SOLUTION ex-6.1
    spike_times = np.asarray(spike_times, dtype=float)
    spike_ids = np.asarray(spike_ids, dtype=int)
    n_bins = int(np.floor(t_stop / bin_size))
    index = np.floor(spike_times / bin_size).astype(int)
    inside = (spike_times >= 0) & (index < n_bins)
    counts = np.zeros((n_neurons, n_bins), dtype=int)
    np.add.at(counts, (spike_ids[inside], index[inside]), 1)
    return counts
    # END SOLUTION


# %%
check("ex-6.1", spike_counts)

# %% [markdown]
# ## Exercise 6.2 (`ex-6.2`): the mean pairwise correlation
#
# The report's Table 4.1 gives a "mean pairwise correlation": the Pearson
# correlation coefficient of the binned counts of two neurons, averaged
# over pairs. A silent neuron has constant counts and no defined
# correlation, so it is left out; a neuron's correlation with itself (1) is
# not a pair.
#
# Write `mean_pairwise_correlation(counts)` for a count matrix
# `(n_neurons, n_bins)`: the mean of $r_{ij}$ over all pairs $i < j$ of
# neurons whose counts are not constant; NaN if fewer than two are left.
# `np.corrcoef` correlates the rows of a matrix.

# %%
def mean_pairwise_correlation(counts):
    """Mean Pearson r of the counts over pairs i < j of non-constant rows (NaN if none)."""
    # BEGIN SOLUTION ex-6.2
    counts = np.asarray(counts, dtype=float)
    active = counts[counts.max(axis=1) > counts.min(axis=1)]
    if active.shape[0] < 2:
        return float("nan")
    r = np.corrcoef(active)
    return float(r[np.triu_indices(active.shape[0], k=1)].mean())
    # END SOLUTION


# %%
check("ex-6.2", mean_pairwise_correlation)

# %% [markdown]
# ## Exercise 6.3 (`ex-6.3`): Golomb's synchrony measure
#
# For membrane potentials $V_i(t)$ of $N$ neurons sampled at common times,
#
# $$
# \chi^2 = \frac{\mathrm{Var}_t\left(\frac{1}{N}\sum_i V_i(t)\right)}
#               {\frac{1}{N}\sum_i \mathrm{Var}_t\left(V_i(t)\right)} .
# $$
#
# $\chi = 1$ for identical traces, $\chi \approx 1/\sqrt{N}$ for
# independent ones. Write `synchrony_chi(v)` for an array of shape
# `(n_neurons, n_times)` (one row per neuron) returning $\chi$ (a float),
# and NaN when every trace is constant (0/0).

# %%
def synchrony_chi(v):
    """Golomb's chi of membrane traces v (n_neurons, n_times); NaN if all are constant."""
    # BEGIN SOLUTION ex-6.3
    v = np.asarray(v, dtype=float)
    mean_var = v.var(axis=1).mean()
    if mean_var == 0:
        return float("nan")
    return float(np.sqrt(v.mean(axis=0).var() / mean_var))
    # END SOLUTION


# %%
check("ex-6.3", synchrony_chi)

# %% [markdown]
# ## Exercise 6.4 (`ex-6.4`): $\chi$ in the fast oscillating state
#
# Brunel's network with $g = 6$ and $\eta = 4$ is in the "synchronous
# irregular, fast" state: single neurons fire irregularly, but the
# population oscillates at about 180 Hz. We record the potentials of 100
# excitatory neurons for 300 ms:

# %%
res = sc.simulate_network(sc.brunel2000(6.0, 4.0, scale=0.2), duration=300.0, rng=1,
                          record_ids=list(range(0, 2000, 20)))
print(res.v.shape, "(recorded neurons, time points)")

# %% [markdown]
# Measure `chi_si_fast`: $\chi$ of the recorded potentials `res.v` at the
# times `res.times >= 100` ms (after the transient). You may use
# `sc.synchrony_chi`. Pass `res` to the check.

# %%
chi_si_fast = None  # your answer (dimensionless)
# BEGIN SOLUTION ex-6.4
chi_si_fast = sc.synchrony_chi(res.v[:, res.times >= 100.0])
# END SOLUTION

# %%
check("ex-6.4", chi_si_fast, res)

# %% [markdown]
# $\chi$ is several times the $1/\sqrt{100} = 0.1$ of independent neurons.
# The oscillation is visible in the average potential of the recorded
# neurons, while each single trace looks noisy:

# %%
late = res.times >= 200.0
fig, ax = plt.subplots(figsize=(7, 3.5))
for row in res.v[:3]:
    ax.plot(res.times[late], row[late], lw=0.6, alpha=0.7)
ax.plot(res.times[late], res.v[:, late].mean(axis=0), color="k", lw=1.5, label="mean of 100 neurons")
ax.set(xlabel="Time (ms)", ylabel="V (mV)", title="SI fast: irregular neurons, oscillating population")
ax.legend(frameon=False, loc="lower right")
plt.show()

# %% [markdown]
# ## Summary
#
# - Spike counts use half-open bins and keep silent neurons as zero rows.
# - The mean pairwise correlation averages $r_{ij}$ over pairs $i < j$ of
#   neurons whose counts vary; silent neurons and the diagonal stay out.
# - $\chi$ compares the variance of the population-averaged potential with
#   the mean single-neuron variance; independent neurons give
#   $\approx 1/\sqrt{N}$, the SI-fast state several times more.
#
# **References.** Golomb D, Rinzel J (1993). Dynamics of globally coupled inhibitory neurons
# with heterogeneity. *Phys Rev E* 48:4810-4814.
# Golomb D (2007). Neuronal synchrony measures. *Scholarpedia* 2(1):1347.
# Brunel N (2000). *J Comput Neurosci* 8:183-208.
