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
# # Exercises 3: synapses and delays
#
# Exercises for notebook `03_synapses_and_delays`. You write the delay line
# that carries spikes to their targets (what the engine's ring buffer
# computes), then measure the membrane potential of a neuron bombarded by
# Poisson input and compare it with shot-noise theory.
#
# **How to work.** Replace each `raise NotImplementedError("ex-N.M: ...")`
# by your code and run the check cell below it. Cells after a check use the
# package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - turn spike times and a transmission delay in ms into input arriving on a
#   time grid, without rounding traps;
# - explain why simultaneous arrivals must be summed, and how numpy can
#   silently drop them;
# - predict the mean and the fluctuations of the membrane potential under
#   Poisson input (Campbell's theorem) and check them by simulation.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 3.1 (`ex-3.1`): a delay line
#
# With delta synapses and a delay $d$ (eq. 1.2 of the report), a spike of
# weight $w$ sent at time $t$ makes the target's potential jump by $w$ at
# $t + d$. On a time grid of step $dt$, a spike sent at step
# $k = \mathrm{round}(t/dt)$ arrives in step $k + \mathrm{round}(d/dt)$.
#
# Write `delayed_input(spike_times, weights, delay, dt, n_steps)`: spike
# times in ms (a numpy array, on the grid, maybe empty), weights in mV (a
# numpy array of the same length), delay and dt in ms. Return an
# array of `n_steps` values: the summed weight (mV) arriving in each step
# `0 .. n_steps - 1`. Several spikes can arrive in the same step; arrivals
# at step `n_steps` or later fall outside the window and are dropped.
# Careful: `0.3 / 0.1` is `2.9999999999999996` in floating point.

# %%
def delayed_input(spike_times, weights, delay, dt, n_steps):
    """Summed weight (mV) that delayed spikes deliver in each of n_steps time steps."""
    raise NotImplementedError("ex-3.1: return the input (mV) that delayed spikes deliver in each time step")


# %%
check("ex-3.1", delayed_input)

# %% [markdown]
# The engine does the same with a ring buffer of `round(delay / dt) + 1`
# slots, so that memory does not grow with the simulated time. Fed to a
# neuron, three input spikes sent at 5, 10 and 10.5 ms with a 1.5 ms delay
# give postsynaptic potentials that jump by $w$ at arrival and decay with
# $\tau_m$; an inhibitory one pulls the potential down:

# %%
sent = np.array([5.0, 10.0, 10.5])  # ms
weights = np.array([2.0, 2.0, -3.0])  # mV
delay = 1.5  # ms
res = sc.simulate_neuron(sc.LIFParams(), 0.0, duration=40.0, input_spikes=(sent + delay, weights))
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(res.times, res.v[0], label="V")
for t_sent in sent:
    ax.axvline(t_sent, color="gray", ls=":", lw=1)
ax.set(xlabel="Time (ms)", ylabel="V (mV)", title="PSPs of delta synapses, 1.5 ms after the spikes (dotted)")
plt.show()

# %% [markdown]
# ## Exercises 3.2 and 3.3: a neuron under Poisson bombardment
#
# Let a neuron receive one Poisson train of total rate $\nu$ (for example
# 100 synapses at 10 Hz each: $\nu$ = 1000 Hz), every spike a jump of
# $J$ = 0.5 mV. Without threshold, the membrane potential is shot noise,
# whose mean and variance follow from Campbell's theorem:
#
# $$
# \langle V \rangle = V_\mathrm{rest} + J \nu \tau_m, \qquad
# \mathrm{Var}(V) = \frac{J^2 \nu \tau_m}{2}.
# $$
#
# We raise the threshold to 50 mV so that the neuron never fires, and
# simulate 100 independent neurons for 1 s:

# %%
nu_in = 1000.0  # Hz, total rate of the input train
j_in = 0.5  # mV per input spike
res = sc.simulate_neuron(sc.LIFParams(v_th=50.0), 0.0, duration=1000.0, n_neurons=100,
                         poisson_input=[(nu_in, j_in)], rng=3)
print(res.v.shape, "(neurons, time points)")

# %% [markdown]
# ### Exercise 3.2 (`ex-3.2`)
#
# Measure `v_mean`, the mean membrane potential (mV) of the recorded
# potentials `res.v` (one row per neuron, sampled at `res.times`, ms) over
# all neurons and all times after the first 100 ms (a transient: the
# neurons start at rest). Before you run it, predict the value from the
# formula; mind the units ($\nu$ in Hz, $\tau_m$ in ms). Pass `res` to the
# check: it recomputes the value from the same simulation, so the
# prediction alone does not pass.

# %%
v_mean = None  # your answer, in mV
raise NotImplementedError("ex-3.2: measure the mean membrane potential (mV) under Poisson input after 100 ms")

# %%
check("ex-3.2", v_mean, res)

# %% [markdown]
# ### Exercise 3.3 (`ex-3.3`)
#
# Measure `v_std`, the standard deviation (mV) of the membrane potential
# over the same neurons and times (all of them pooled), and compare it with
# the theory. Pass `res` to the check.

# %%
v_std = None  # your answer, in mV
raise NotImplementedError("ex-3.3: measure the standard deviation of the membrane potential (mV) under Poisson input")

# %%
check("ex-3.3", v_std, res)

# %% [markdown]
# The distribution of $V$ is close to a Gaussian with the predicted mean and
# standard deviation (the many small jumps add up, as in the central limit
# theorem); its slight right skew is the trace of the discrete jumps.

# %%
late = res.v[:, res.times >= 100.0].ravel()
mu_theory = j_in * nu_in * sc.LIFParams().tau_m / 1000.0
sd_theory = np.sqrt(j_in**2 * nu_in * sc.LIFParams().tau_m / 1000.0 / 2.0)
x = np.linspace(mu_theory - 5 * sd_theory, mu_theory + 5 * sd_theory, 200)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.hist(late, bins=80, density=True, alpha=0.6, label="simulated")
ax.plot(x, np.exp(-0.5 * ((x - mu_theory) / sd_theory) ** 2) / (sd_theory * np.sqrt(2 * np.pi)),
        color="k", label="Gaussian, Campbell's mean and std")
ax.set(xlabel="V (mV)", ylabel="Density (1/mV)", title="Free membrane potential under Poisson input")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# ## Summary
#
# - A delay in ms becomes `round(delay / dt)` steps; `int()` truncates
#   `2.9999999999999996` to 2.
# - Simultaneous arrivals must be added: `out[idx] += w` counts a repeated
#   index once, `np.add.at` counts it every time.
# - Poisson input of rate $\nu$ and jump $J$ gives a mean potential
#   $J\nu\tau_m$ and a standard deviation $\sqrt{J^2\nu\tau_m/2}$ (with
#   $\nu\tau_m$ dimensionless: Hz times s).
#
# **References.** Campbell N (1909). The study of discontinuous phenomena.
# *Proc Camb Philos Soc* 15:117-136.
# Tuckwell HC (1988). *Introduction to Theoretical Neurobiology*, vol. 2. Cambridge University Press.
# Brunel N (2000). *J Comput Neurosci* 8:183-208.
