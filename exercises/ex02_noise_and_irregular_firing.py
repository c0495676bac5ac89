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
# # Exercises 2: noise and irregular firing
#
# Exercises for notebook `02_noise_and_irregular_firing`. You write the two
# measures of irregularity the course uses, the coefficient of variation of
# the inter-spike intervals (ISI CV) and the Fano factor of spike counts,
# and measure them on neurons driven by noise.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it; the check names the likely
# mistake when your answer is wrong. Cells after a check use the
# `snncourse` package, not your code, so a stuck exercise does not block the
# next one.
#
# **Learning goals.** After these exercises you can
#
# - compute the ISI CV of every neuron of a recording, with the NaN rule for
#   neurons with too few spikes;
# - compute Fano factors of spike counts and say what ddof they use;
# - measure both on a noise-driven LIF population and relate them: for a
#   renewal process the Fano factor of long windows tends to $C_V^2$.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 2.1 (`ex-2.1`): the ISI CV of every neuron
#
# For one neuron with inter-spike intervals $\mathrm{ISI}_k = t_{k+1} - t_k$,
#
# $$
# C_V = \frac{\sigma_\mathrm{ISI}}{\langle \mathrm{ISI} \rangle},
# $$
#
# with the standard deviation taken with ddof = 0 (numpy's default, and
# Elephant's). A clock has $C_V = 0$, a Poisson process $C_V = 1$.
#
# Write `isi_cv(spike_times, spike_ids, n_neurons)`. Spikes come as two
# parallel numpy arrays, times in ms **in any order** and neuron ids in
# `0 .. n_neurons - 1`. Return an array of `n_neurons` values: the CV of each
# neuron, and NaN for a neuron with fewer than 3 spikes (one interval has no
# spread), silent neurons included.

# %%
def isi_cv(spike_times, spike_ids, n_neurons):
    """ISI coefficient of variation of each neuron (NaN with fewer than 3 spikes)."""
    raise NotImplementedError("ex-2.1: return the ISI CV of every neuron (NaN with fewer than 3 spikes)")


# %%
check("ex-2.1", isi_cv)

# %% [markdown]
# The two reference points: Poisson trains have $C_V \approx 1$, and an LIF
# neuron driven by a constant suprathreshold current fires like a clock.

# %%
# NBVAL_CHECK_OUTPUT
t_poisson, i_poisson = sc.poisson_spike_trains(20.0, 20_000.0, n_trains=50, rng=1)
regular = sc.simulate_neuron(sc.LIFParams(), 2.5, duration=2000.0, record_v=False)
print(f"Poisson, 20 Hz:      CV = {np.nanmean(sc.isi_cv(t_poisson, i_poisson, 50)):.2f}")
print(f"LIF, constant 2.5 nA: CV = {sc.isi_cv(regular.spike_times, regular.spike_ids, 1)[0]:.2f}")
# Expected output:
# Poisson, 20 Hz:      CV = 0.99
# LIF, constant 2.5 nA: CV = 0.00

# %% [markdown]
# ## Exercise 2.2 (`ex-2.2`): the Fano factor
#
# Count the spikes of each neuron in windows of equal length; the Fano
# factor of a neuron is the variance of its counts over their mean,
#
# $$
# F = \frac{\mathrm{Var}(n)}{\langle n \rangle},
# $$
#
# with ddof = 0. Poisson counts have $F = 1$.
#
# Write `fano_factor(counts)` for a count matrix, a numpy int array of shape
# `(n_neurons, n_bins)` (one row per neuron). Return one value per neuron,
# NaN for a silent neuron (mean count 0).

# %%
def fano_factor(counts):
    """Fano factor (variance / mean, ddof = 0) of each row of a count matrix."""
    raise NotImplementedError("ex-2.2: return the Fano factor of each row of a count matrix (NaN for a silent neuron)")


# %%
check("ex-2.2", fano_factor)

# %% [markdown]
# ## Exercise 2.3 (`ex-2.3`): irregularity of a noise-driven neuron
#
# A neuron whose mean input stays below threshold fires only when noise
# pushes it across: its firing is irregular. Here are 100 independent LIF
# neurons with $\mu = R_m I = 18$ mV (below the 20 mV threshold) and white
# noise of amplitude $\sigma = 6$ mV, for 5 s:

# %%
res = sc.simulate_neuron(sc.LIFParams(), 1.8, duration=5000.0, n_neurons=100,
                         noise_sigma=6.0, record_v=False, rng=2)
print(f"{res.spike_times.size} spikes, {res.spike_times.size / 100 / 5.0:.1f} Hz per neuron")

# %% [markdown]
# Measure `ff_mean`: the Fano factor of each neuron's spike counts in 100 ms
# windows over the whole 5 s, averaged over the neurons. You may use
# `sc.spike_counts(res.spike_times, res.spike_ids, res.n_neurons, bin_size, t_stop=res.duration)`
# (times in ms) and `sc.fano_factor(...)`. Pass `res` to the check: it
# recomputes the value from the same simulation.

# %%
ff_mean = None  # your answer (dimensionless)
raise NotImplementedError("ex-2.3: measure the mean Fano factor of spike counts in 100 ms windows")

# %%
check("ex-2.3", ff_mean, res)

# %% [markdown]
# For a renewal process (independent intervals) the Fano factor of counts
# in windows much longer than the mean interval tends to $C_V^2$. Short
# windows hold 0 or 1 spike and give $F \to 1$; the plot shows the
# crossover, computed with the package:

# %%
cv2 = np.nanmean(sc.isi_cv(res.spike_times, res.spike_ids, res.n_neurons) ** 2)
windows = np.array([2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 250.0, 500.0])  # ms
ff = [np.nanmean(sc.fano_factor(sc.spike_counts(res.spike_times, res.spike_ids, res.n_neurons,
                                                w, t_stop=res.duration))) for w in windows]
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogx(windows, ff, "o-", label="Fano factor (simulated)")
ax.axhline(cv2, color="gray", ls=":", label=f"CV$^2$ = {cv2:.2f}")
ax.set(xlabel="Window (ms)", ylabel="Fano factor", title="Counts of a noise-driven LIF neuron")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# ## Summary
#
# - The ISI CV is computed per neuron from its sorted spike times, with
#   ddof = 0; fewer than 3 spikes give NaN, and population averages use
#   `np.nanmean`.
# - The Fano factor is variance over mean of counts, per neuron; silent
#   neurons give NaN.
# - A fluctuation-driven LIF neuron fires irregularly ($C_V \approx 0.7$
#   here), and its long-window Fano factor approaches $C_V^2$, as for any
#   renewal process.
#
# **References.** Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 1.4. MIT Press.
# Brunel N (2000). *J Comput Neurosci* 8:183-208 (white-noise convention).
# Cox DR (1962). *Renewal Theory*. Methuen (counts of renewal processes).
