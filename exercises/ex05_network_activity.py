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
# # Exercises 5: network activity
#
# Exercises for notebook `05_network_activity`. You write two analyses of
# Figure 2.1 of the report, firing rates and the cross-correlogram, and
# measure the rate of Brunel's network in its asynchronous irregular state.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it. Cells after a check use the
# package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - compute firing rates in Hz from spike times in ms, in a window, silent
#   neurons included;
# - compute a cross-correlogram with bins centred on the lags and the sign
#   convention of Elephant;
# - measure a population's rate after a transient and read a population
#   correlogram.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 5.1 (`ex-5.1`): firing rates
#
# The rate of neuron $i$ in a window of length $T$ is its spike count $n_i$
# in the window divided by $T$ in seconds: $\nu_i = n_i / T$.
#
# Write `firing_rates(spike_times, spike_ids, n_neurons, t_start, t_stop)`:
# spike times in ms (a numpy array, any order), ids (a numpy int array) in
# `0 .. n_neurons - 1`, and the half-open window `[t_start, t_stop)` in ms,
# so $T$ = `t_stop - t_start`. Return the `n_neurons` rates in Hz, 0 for a
# silent neuron. (The package's `sc.firing_rates` takes the window the same
# way, as keywords: `t_start=..., t_stop=...`.)

# %%
def firing_rates(spike_times, spike_ids, n_neurons, t_start, t_stop):
    """Rate (Hz) of each neuron in the window [t_start, t_stop) ms."""
    raise NotImplementedError("ex-5.1: return the firing rate (Hz) of every neuron in a time window")


# %%
check("ex-5.1", firing_rates)

# %% [markdown]
# ## Exercise 5.2 (`ex-5.2`): the cross-correlogram
#
# The cross-correlogram of a reference train $a$ and a target train $b$ is
# the histogram of all differences $t^b_n - t^a_m$: a peak at a positive
# lag means that $b$ tends to fire after $a$. The bins are centred on the
# lags $k\,\Delta$ for $k = -K .. K$, with $K = \lfloor \mathrm{max\_lag} / \Delta \rfloor$,
# so bin $k$ collects differences in $[(k - \tfrac12)\Delta, (k + \tfrac12)\Delta)$.
#
# Write `cross_correlogram(times_a, times_b, bin_size, max_lag)`: the two
# trains are numpy arrays of spike times (ms, any order, maybe empty),
# `bin_size` and `max_lag` are in ms. Return `(lags, counts)`: the `2K + 1`
# lags in ms and the integer count of each bin.

# %%
def cross_correlogram(times_a, times_b, bin_size, max_lag):
    """Lags (ms) and counts of the differences t_b - t_a in bins centred on k * bin_size."""
    raise NotImplementedError("ex-5.2: return the cross-correlogram (lags in ms, counts of t_b - t_a) of two spike trains")


# %%
check("ex-5.2", cross_correlogram)

# %% [markdown]
# ## Exercise 5.3 (`ex-5.3`): the rate of the asynchronous irregular state
#
# Brunel's network with $g = 5$ and $\eta = 2$, at a fifth of its size
# (2500 neurons, in-degrees kept), for 600 ms. The initial potentials are
# random, so the first 100 ms are a transient.

# %%
res = sc.simulate_network(sc.brunel2000(5.0, 2.0, scale=0.2), duration=600.0, rng=1)
print(res.params)

# %%
t_bins, rate = sc.population_rate(res.spike_times, res.n_neurons, res.duration, 1.0)
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7, 5), sharex=True, height_ratios=(2, 1))
shown = res.spike_ids < 200
ax1.plot(res.spike_times[shown], res.spike_ids[shown], ",k")
ax1.set(ylabel="Neuron", title="Brunel (2000), g = 5, eta = 2, N = 2500")
ax2.plot(t_bins, rate, lw=0.8)
ax2.set(xlabel="Time (ms)", ylabel="Rate (Hz)")
plt.show()

# %% [markdown]
# Measure `rate_exc`: the mean firing rate (Hz) of the excitatory neurons
# (ids `0 .. res.n_exc - 1`) in the window `[100, 600)` ms. Pass `res` to
# the check.

# %%
rate_exc = None  # your answer, in Hz
raise NotImplementedError("ex-5.3: measure the mean excitatory firing rate (Hz) after the first 100 ms")

# %%
check("ex-5.3", rate_exc, res)

# %% [markdown]
# Mean-field theory predicts 38 Hz for the full network, assuming that
# neurons receive independent inputs. The reduced network deviates from it
# (here it fires faster) because each neuron gets input from half of the
# excitatory population, so inputs are shared. The sharing shows in the
# correlogram averaged over 500 random pairs of neurons, normalized so that
# 1 is chance: its ripples are a fast population oscillation (see the rate
# trace above), much weaker at full size.

# %%
lags, cc = sc.population_cross_correlogram(
    res.spike_times, res.spike_ids, res.n_neurons, bin_size=1.0, max_lag=50.0,
    n_pairs=500, duration=res.duration - 100.0, t_start=100.0, rng=0)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(lags, cc, drawstyle="steps-mid")
ax.axhline(1.0, color="gray", ls=":")
ax.set(xlabel="Lag (ms)", ylabel="Coincidences / chance", title="Mean cross-correlogram, 500 pairs")
plt.show()

# %% [markdown]
# ## Summary
#
# - A rate in Hz is a count divided by the window in seconds; every neuron
#   gets one, silent ones 0 Hz.
# - A cross-correlogram histograms $t_b - t_a$ in bins centred on the lags;
#   a positive lag means $b$ after $a$.
# - Measure after the transient; the reduced Brunel network fires near the
#   mean-field rate, with a fast oscillation that its shared input causes.
#
# **References.** Perkel DH, Gerstein GL, Moore GP (1967). Neuronal spike trains and
# stochastic point processes II. *Biophys J* 7:419-440.
# Brunel N (2000). *J Comput Neurosci* 8:183-208.
# Denker M et al. (2018). Elephant, `cross_correlation_histogram` (sign convention).
