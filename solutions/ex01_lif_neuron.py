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

# %% [markdown]
# # Exercises 1: the leaky integrate-and-fire neuron
#
# Exercises for notebook `01_lif_neuron`. You turn eq. 1.1 into code, one
# step first, then a whole simulation with threshold, reset and refractory
# period, and you measure the rheobase of a neuron.
#
# **How to work.** Each exercise cell contains a
# `raise NotImplementedError("ex-N.M: ...")`: replace that line by your code
# and run the check cell below it. `check` tests your code on fixed, random
# and edge-case inputs against the course's reference. It prints one line
# when you are right and names the likely mistake when you are not. The
# exercises do not depend on each other: the cells after a check use the
# `snncourse` package, not your code.
#
# **Learning goals.** After these exercises you can
#
# - turn eq. 1.1 into one forward-Euler update with consistent units (ms, mV, nA, MOhm);
# - add threshold, reset and an absolute refractory period to the update loop, on the
#   same time grid as the course's engine;
# - find the rheobase of a neuron by simulation and explain it from the equation.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc
from snncourse.course import check

# %% [markdown]
# ## Exercise 1.1 (`ex-1.1`): one forward-Euler step
#
# Below threshold the membrane potential obeys eq. 1.1,
#
# $$
# \tau_m \frac{dV}{dt} = -\left(V - V_\mathrm{rest}\right) + R_m I .
# $$
#
# Forward Euler replaces $dV/dt$ by $(V(t + dt) - V(t))/dt$ and gives the update
#
# $$
# V(t + dt) = V(t) + \frac{dt}{\tau_m}\left[-\left(V(t) - V_\mathrm{rest}\right) + R_m I\right].
# $$
#
# Write `euler_step(v, current, dt, params)`: `v` in mV (a number or an
# array), `current` in nA (a number, or an array shaped like `v`), `dt` in
# ms and `params` a `LIFParams` (with `tau_m` in ms, `v_rest` in mV, `r_m` in
# MOhm). Return the new potential in mV, with no threshold: that is the next
# exercise. Mind the units: MOhm times nA is mV, and `dt / tau_m` is a ratio
# of two times in ms.

# %%
def euler_step(v, current, dt, params):
    """Membrane potential (mV) after one forward-Euler step of eq. 1.1, no threshold."""
    # BEGIN SOLUTION ex-1.1
    return v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * current)
    # END SOLUTION


# %%
check("ex-1.1", euler_step)

# %% [markdown]
# How good is one Euler step? For a constant current the exact solution is
# $V(t) = V_\infty + (V_0 - V_\infty) e^{-t/\tau_m}$ with
# $V_\infty = V_\mathrm{rest} + R_m I$. The engine integrates either way
# (`method="euler"` or `"exact"`); with a coarse step of 2 ms the Euler
# trace overshoots the analytic curve, the exact step lies on it.

# %%
params = sc.LIFParams()
current = 2.5  # nA: V_inf = 25 mV, above the 20 mV threshold
t = np.linspace(0.0, 30.0, 301)  # ms
analytic = params.r_m * current * (1.0 - np.exp(-t / params.tau_m))
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(t, analytic, color="k", lw=1, label="analytic")
for method, marker in (("euler", "o"), ("exact", "s")):
    res = sc.simulate_neuron(params, current, duration=30.0, dt=2.0, method=method)
    ax.plot(res.times, res.v[0], marker, ms=4, label=f"{method}, dt = 2 ms")
ax.set(xlabel="Time (ms)", ylabel="V (mV)", title="Charging towards V_inf = 25 mV")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# Euler's error per step is of order $(dt/\tau_m)^2$, and it accumulates to
# an error of order $dt/\tau_m$ over a fixed time: at `dt = 0.1` ms (the
# course's default) it is 20 times smaller than here.
#
# ## Exercise 1.2 (`ex-1.2`): threshold, reset and refractory period
#
# Write `simulate_lif(params, current, duration, dt)` for a constant current
# (nA). It returns the spike times (ms) as a numpy array, empty if the
# neuron never fires. Follow the engine's time grid exactly, so that your
# spikes land on the same steps:
#
# 1. start at $V = V_\mathrm{rest}$; `n_steps = round(duration / dt)` and the
#    refractory period lasts `n_ref = round(t_ref / dt)` steps;
# 2. in step `k = 0, 1, ..., n_steps - 1` (from $t_k = k\,dt$ to $t_{k+1}$),
#    make one Euler update (write it out; do not call your `euler_step`);
# 3. if the neuron spiked at grid index `k_last` and `k - k_last < n_ref`,
#    it is refractory: set $V = V_\mathrm{reset}$ (this clamp comes after
#    the update, before the threshold test);
# 4. if $V \ge V_\mathrm{th}$, the neuron spikes at $t_{k+1} = (k + 1)\,dt$:
#    record that time, set $V = V_\mathrm{reset}$ and `k_last = k + 1`.

# %%
def simulate_lif(params, current, duration, dt):
    """Spike times (ms) of an LIF neuron driven by a constant current (nA), forward Euler."""
    # BEGIN SOLUTION ex-1.2
    n_steps = int(round(duration / dt))
    n_ref = int(round(params.t_ref / dt))
    v, k_last, spikes = params.v_rest, None, []
    for k in range(n_steps):
        v = v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * current)
        if k_last is not None and k - k_last < n_ref:
            v = params.v_reset
        if v >= params.v_th:
            spikes.append((k + 1) * dt)
            v, k_last = params.v_reset, k + 1
    return np.array(spikes)
    # END SOLUTION


# %%
check("ex-1.2", simulate_lif)

# %% [markdown]
# The refractory clamp shows in a membrane trace as a flat segment at
# $V_\mathrm{reset}$ after each spike. A longer refractory period lengthens
# every interval by the same amount, so it matters most at high rates,
# where it caps the rate at $1/t_\mathrm{ref}$.

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for t_ref in (0.0, 5.0):
    res = sc.simulate_neuron(params.replace(t_ref=t_ref), 4.0, duration=60.0, method="euler")
    ax.plot(res.times, res.v[0], label=f"t_ref = {t_ref:g} ms ({res.spike_times.size} spikes)")
ax.axhline(params.v_th, color="gray", ls=":", lw=1)
ax.set(xlabel="Time (ms)", ylabel="V (mV)", title="I = 4 nA, with and without refractoriness")
ax.legend(frameon=False, loc="lower right")
plt.show()

# %% [markdown]
# ## Exercise 1.3 (`ex-1.3`): the rheobase, by experiment
#
# The rheobase is the smallest constant current that makes the neuron fire.
# Here is a neuron in "cortical" units, resting at -65 mV:

# %%
p_cortex = sc.LIFParams(tau_m=10.0, v_rest=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=3.0, r_m=100.0)
print(p_cortex)

# %% [markdown]
# Find its rheobase by simulation: compute the firing rate over 500 ms for
# currents from 0 to 0.3 nA in steps of 0.005 nA with
# `sc.simulate_fi_curve(p_cortex, currents, duration=500.0)` (it simulates every
# current at once) and set `rheobase` to the smallest current whose rate is
# above 0, in nA. Then compare it with what eq. 1.1 predicts.

# %%
rheobase = None  # your answer, in nA
# BEGIN SOLUTION ex-1.3
currents = np.round(np.arange(0.0, 0.3, 0.005), 3)
rates = sc.simulate_fi_curve(p_cortex, currents, duration=500.0)
rheobase = float(currents[np.argmax(rates > 0)])
# END SOLUTION

# %%
check("ex-1.3", rheobase)

# %% [markdown]
# At the rheobase the stationary potential $V_\infty = V_\mathrm{rest} + R_m I$
# just reaches the threshold, so $I_\mathrm{rh} = (V_\mathrm{th} - V_\mathrm{rest})/R_m$:
# 15 mV / 100 MOhm = 0.15 nA. The rate rises steeply above it (the F-I
# curve of the LIF neuron has an infinite slope at the rheobase), as the
# simulated curve shows:

# %%
fine = np.linspace(0.1, 0.3, 41)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(fine, sc.simulate_fi_curve(p_cortex, fine, duration=500.0), ".-", label="simulated")
ax.axvline((p_cortex.v_th - p_cortex.v_rest) / p_cortex.r_m, color="gray", ls=":",
           label="(v_th - v_rest) / r_m")
ax.set(xlabel="Current (nA)", ylabel="Rate (Hz)", title="F-I curve near the rheobase")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# ## Summary
#
# - One forward-Euler step is $V + \frac{dt}{\tau_m}[-(V - V_\mathrm{rest}) + R_m I]$;
#   with ms, mV, nA and MOhm no unit conversion is needed.
# - Threshold, reset and refractory period are rules applied after the
#   update, on the time grid: a crossing during step $k$ is a spike at
#   $(k + 1)\,dt$, and the clamp lasts `round(t_ref / dt)` steps.
# - The rheobase $(V_\mathrm{th} - V_\mathrm{rest})/R_m$ follows from the
#   stationary potential; a simulation finds it to the resolution of its
#   current grid.
#
# **References.** Gerstner W, Kistler WM, Naud R, Paninski L (2014).
# *Neuronal Dynamics*, ch. 1.3. Cambridge University Press.
# Brunel N (2000). Dynamics of sparsely connected networks of excitatory and
# inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
