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
# # Exercises 7: Brunel's regimes
#
# Exercises for notebook `07_brunel_regimes`. You write the mean-field
# input of Brunel's network, find by a parameter sweep where firing turns
# asynchronous and irregular, and measure the slow population oscillation
# of the SI-slow state.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it. Cells after a check use the
# package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - compute the mean and the fluctuations of a neuron's input in Brunel's
#   network (eqs. 4-5), with rates in Hz and time constants in s;
# - run a parameter sweep and locate the transition from synchronous
#   regular to asynchronous irregular firing near the balance point
#   $g\gamma = 1$;
# - measure the frequency of a population oscillation from the power
#   spectrum of the population rate.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 7.1 (`ex-7.1`): the input of a neuron in Brunel's network
#
# Each neuron receives $C_E$ excitatory synapses of efficacy $J$,
# $C_I = \gamma C_E$ inhibitory ones of efficacy $-gJ$, and $C_E$ external
# Poisson inputs of rate $\nu_\mathrm{ext} = \eta\,\nu_\mathrm{thr}$ with
# $\nu_\mathrm{thr} = \theta/(J C_E \tau)$. If the network fires at rate
# $\nu$, the mean and the standard deviation of the input are (Brunel 2000,
# eqs. 4-5)
#
# $$
# \mu = C_E J \tau\left[\nu_\mathrm{ext} + \nu(1 - g\gamma)\right], \qquad
# \sigma = J\sqrt{C_E \tau\left[\nu_\mathrm{ext} + \nu(1 + g^2\gamma)\right]} .
# $$
#
# Write `brunel_input(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0)`
# with rates in Hz, `j` and `theta` in mV and `tau_m` in ms, returning
# `(mu, sigma)` in mV. Rates in Hz times $\tau$ must be dimensionless.

# %%
def brunel_input(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
    """Mean and standard deviation (mV) of the input in Brunel's network at rate nu (Hz)."""
    # BEGIN SOLUTION ex-7.1
    tau = tau_m / 1000.0  # s
    nu_ext = eta * theta / (j * c_e * tau)
    mu = c_e * j * tau * (nu_ext + nu * (1 - g * gamma))
    sigma = j * np.sqrt(c_e * tau * (nu_ext + nu * (1 + g**2 * gamma)))
    return mu, sigma
    # END SOLUTION


# %%
check("ex-7.1", brunel_input)

# %% [markdown]
# Try it at the mean-field rates of Brunel's Figure 8: 55.8 Hz for SI fast
# ($g = 6$, $\eta = 4$), 38.0 Hz for AI ($g = 5$, $\eta = 2$) and 6.5 Hz
# for SI slow ($g = 4.5$, $\eta = 0.9$). In all three the mean input lies
# within about one $\sigma$ of the 20 mV threshold (AI: $\mu$ = 21.0 mV,
# $\sigma$ = 7.7 mV; SI slow: 16.4 and 3.1 mV): recurrent inhibition
# cancels most of the external drive, and fluctuations decide when a
# neuron fires.

# %% [markdown]
# ## Exercise 7.2 (`ex-7.2`): where does firing become asynchronous and irregular?
#
# For $g < 4$ excitation wins ($g\gamma < 1$): neurons fire regularly near
# their maximal rate and in step (SR). For $g > 4$ inhibition dominates and
# firing becomes irregular and asynchronous (AI). At a fifth of Brunel's
# size with $C_E = 1000$, half of the excitatory population projects to
# every neuron and the shared input synchronizes everything, so we use a
# sparser network: 2500 neurons with $C_E = 200$ and $J = 0.5$ mV (same
# $J C_E$, hence the same $\nu_\mathrm{thr}$ = 10 Hz):

# %%
def sparse_brunel(g, eta=2.0):
    """Brunel's network at scale 0.2 with in-degrees 200 E + 50 I and J = 0.5 mV."""
    return sc.brunel2000(g, eta, scale=0.2, c_exc=200, c_inh=50, c_ext=200, j_exc=0.5,
                         name=f"sparse Brunel g={g:g} eta={eta:g}")


print(sparse_brunel(5.0))

# %% [markdown]
# Run 300 ms for each $g$ in 3.0, 3.5, 4.0, 4.5, 5.0 with $\eta = 2$ (seed
# 1, about 1-2 s each) and compute the mean ISI CV of the excitatory
# neurons from their spikes after 100 ms (`sc.isi_cv` and `np.nanmean`).
# Plot it, and the mean rate, against $g$. Set `g_async` to the smallest
# $g$ of the sweep at which the mean CV exceeds 0.5 (irregular firing).

# %%
g_async = None  # your answer
# BEGIN SOLUTION ex-7.2
gs = [3.0, 3.5, 4.0, 4.5, 5.0]
cvs, rates = [], []
for g in gs:
    run = sc.simulate_network(sparse_brunel(g), duration=300.0, rng=1)
    late = (run.spike_times >= 100.0) & (run.spike_ids < run.n_exc)
    cvs.append(np.nanmean(sc.isi_cv(run.spike_times[late], run.spike_ids[late], run.n_exc)))
    rates.append(run.mean_rate(100.0))
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(gs, cvs, "o-", label="mean ISI CV (E)")
ax.axhline(0.5, color="gray", ls=":")
ax.set(xlabel="g", ylabel="ISI CV")
ax2 = ax.twinx()
ax2.plot(gs, rates, "s--", color="C1", label="rate")
ax2.set_ylabel("Rate (Hz)")
ax.legend(loc="upper left", frameon=False)
ax2.legend(loc="upper right", frameon=False)
plt.show()
g_async = next(g for g, cv in zip(gs, cvs) if cv > 0.5)
# END SOLUTION

# %%
check("ex-7.2", g_async)

# %% [markdown]
# The transition sits at the balance point $g\gamma = 1$: below it, the
# mean input alone drives neurons far above threshold and they fire like
# clocks near $1/t_\mathrm{ref}$; above it, recurrent inhibition cancels
# recurrent excitation and fluctuations drive the firing.
#
# ## Exercise 7.3 (`ex-7.3`): the SI-slow oscillation
#
# With $g = 4.5$ and weak external drive $\eta = 0.9$ (below threshold),
# Brunel's network fires at a few Hz, irregularly, while the population
# rate oscillates slowly. One second at scale 0.2:

# %%
res = sc.simulate_network(sc.brunel2000(4.5, 0.9, scale=0.2), duration=1000.0, rng=1)
print(f"mean rate after 100 ms: {res.mean_rate(100.0):.1f} Hz")

# %% [markdown]
# Measure `f_si_slow`, the frequency (Hz) of the population oscillation:
# the population rate in 1 ms bins over `[100, 1000)` ms
# (`sc.population_rate(res.spike_times, res.n_neurons, duration, bin_size, t_start=...)`),
# its power spectrum (`sc.power_spectrum(rate, dt, nperseg=512)`, `dt` in ms)
# and the frequency of its peak above 5 Hz (`sc.peak_frequency(f, psd, fmin=5.0)`).
# Pass `res` to the check.

# %%
f_si_slow = None  # your answer, in Hz
# BEGIN SOLUTION ex-7.3
_, pop_rate = sc.population_rate(res.spike_times, res.n_neurons, res.duration - 100.0, 1.0,
                                 t_start=100.0)
freqs, psd = sc.power_spectrum(pop_rate, 1.0, nperseg=512)
f_si_slow = sc.peak_frequency(freqs, psd, fmin=5.0)
# END SOLUTION

# %%
check("ex-7.3", f_si_slow, res)

# %% [markdown]
# The spectrum, computed again with the package: a clear peak near 20 Hz,
# far above the single-neuron rate. Each neuron skips most cycles of the
# population rhythm, which is why single trains look irregular while the
# population is synchronous.

# %%
t_rate, pop_rate = sc.population_rate(res.spike_times, res.n_neurons, res.duration - 100.0, 1.0,
                                      t_start=100.0)
freqs, psd = sc.power_spectrum(pop_rate, 1.0, nperseg=512)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2))
ax1.plot(t_rate, pop_rate, lw=0.7)
ax1.set(xlabel="Time (ms)", ylabel="Rate (Hz)", title="SI slow: population rate")
ax2.semilogy(freqs, psd)
ax2.set(xlabel="Frequency (Hz)", ylabel="PSD (Hz$^2$/Hz)", xlim=(0, 200), title="Power spectrum")
plt.show()

# %% [markdown]
# ## Summary
#
# - Brunel's eqs. 4-5 give the mean and fluctuations of the input; with
#   rates in Hz, $\tau$ goes in seconds.
# - Sweeping $g$ locates the SR to AI transition near $g\gamma = 1$: the
#   ISI CV jumps from near 0 to near 1 there.
# - In the SI-slow state the population oscillates at about 20 Hz while
#   neurons fire at a few Hz: the spectrum of the population rate, not the
#   single-neuron rate, reveals the rhythm.
#
# **References.** Brunel N (2000). Dynamics of sparsely connected networks of excitatory and
# inhibitory spiking neurons. *J Comput Neurosci* 8:183-208 (eqs. 4-5, Figure 8).
# Brunel N, Hakim V (1999). Fast global oscillations in networks of integrate-and-fire neurons
# with low firing rates. *Neural Comput* 11:1621-1671.
# Welch P (1967). *IEEE Trans Audio Electroacoust* 15:70-73.
