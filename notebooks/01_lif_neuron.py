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
# # 1. The leaky integrate-and-fire neuron
#
# Every network in this course is built from one simple model neuron: the
# leaky integrate-and-fire (LIF) neuron. Before wiring thousands of them
# together we take one apart: how its membrane potential responds to a
# current, what the threshold, the reset and the refractory period do, how a
# computer integrates its equation (and what error that makes), and how fast
# it fires for a given input.
#
# **Learning goals.** After this notebook you can
#
# - write down the LIF equation (eq. 1.1 of the course's report) and say what
#   each term means and in which unit it is measured;
# - simulate the response to a current step and check it against the closed-form solution;
# - explain threshold, reset and refractoriness, and compute the rheobase;
# - say which error forward Euler and the exact exponential step make, and how it scales with the time step;
# - derive the closed-form F-I curve and compare it with a simulated one.

# %%
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import snncourse as sc

# %% [markdown]
# ## The model
#
# Below threshold, the membrane is a leaky capacitor: a resistance $R_m$ in
# parallel with a capacitance $C_m$, with time constant $\tau_m = R_m C_m$.
# Multiplying the current balance by $R_m$ gives eq. 1.1:
#
# $$
# \tau_m \frac{dV}{dt} = -\left(V - V_\mathrm{rest}\right) + R_m I(t). \tag{1.1}
# $$
#
# Units: $V$ in mV, $t$ and $\tau_m$ in ms, $I$ in nA and $R_m$ in MOhm, so
# that $R_m I$ is in mV (1 MOhm x 1 nA = 1 mV). The spike is not modelled,
# only its timing: when $V$ reaches the threshold $V_\mathrm{th}$ the neuron
# emits a spike, $V$ is reset to $V_\mathrm{reset}$ and held there for an
# absolute refractory period $t_\mathrm{ref}$.
#
# For a constant current the equation is solved by an exponential relaxation
# towards $V_\infty = V_\mathrm{rest} + R_m I$:
#
# $$
# V(t) = V_\infty + \left(V(t_0) - V_\infty\right) e^{-(t - t_0)/\tau_m}.
# $$

# %% [markdown]
# ## Parameters
#
# We use the neuron of Brunel (2000), which the whole course shares:
# voltages are measured from rest ($V_\mathrm{rest} = 0$), $\tau_m = 20$ ms,
# $V_\mathrm{th} = 20$ mV, $V_\mathrm{reset} = 10$ mV, $t_\mathrm{ref} = 2$ ms,
# and $R_m = 10$ MOhm.

# %%
# NBVAL_CHECK_OUTPUT
params = sc.LIFParams()
dt = 0.1  # ms, time step
duration = 200.0  # ms
t_on, t_off = 20.0, 150.0  # ms, the current step is on in [t_on, t_off)
print(params)
# Expected output:
# LIFParams: tau_m=20 ms, v_rest=0 mV, v_th=20 mV, v_reset=10 mV, t_ref=2 ms, r_m=10 MOhm

# %% [markdown]
# ## The response to a current step
#
# A step of 1.5 nA gives $V_\infty = 15$ mV, below threshold, so we see the
# passive membrane alone. `simulate_neuron` takes the current as one value
# per time step (nA); we compare its trace with the closed-form solution.

# %%
n_steps = int(round(duration / dt))
t_grid = np.arange(n_steps) * dt  # start of each step (ms)
i_step = 1.5  # nA
current = np.where((t_grid >= t_on) & (t_grid < t_off), i_step, 0.0)
res = sc.simulate_neuron(params, current, duration=duration, dt=dt)


def step_response(t, amplitude, p):
    """Closed-form V(t) (mV) for a current step of `amplitude` nA on in [t_on, t_off)."""
    v_inf = p.v_rest + p.r_m * amplitude
    rise = v_inf + (p.v_rest - v_inf) * np.exp(-(t - t_on) / p.tau_m)
    v_off = v_inf + (p.v_rest - v_inf) * np.exp(-(t_off - t_on) / p.tau_m)
    fall = p.v_rest + (v_off - p.v_rest) * np.exp(-(t - t_off) / p.tau_m)
    return np.where(t < t_on, p.v_rest, np.where(t < t_off, rise, fall))


v_exact = step_response(res.times, i_step, params)
fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
ax.axvspan(t_on, t_off, color="0.93", lw=0, label=f"I = {i_step} nA")
ax.plot(res.times, res.v[0], color="0.55", lw=3, label="simulated")
ax.plot(res.times, v_exact, "k--", lw=1.2, label="closed form")
ax.axhline(params.v_th, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$")
ax.set(xlabel="Time (ms)", ylabel="V (mV)", xlim=(0, duration), title="Subthreshold step response")
ax.legend(loc="upper right", fontsize=8);

# %% [markdown]
# The potential rises towards $V_\infty = 15$ mV with time constant
# $\tau_m = 20$ ms (63 % of the way after 20 ms) and relaxes back to rest
# when the current stops. The two curves lie on top of each other: the
# default integration scheme (`method="exact"`) uses the exponential solution
# within each step, so for a piecewise-constant current it is exact up to
# rounding.

# %%
# NBVAL_CHECK_OUTPUT
err = np.max(np.abs(res.v[0] - v_exact))
print(f"largest |V_sim - V_exact| below 1e-9 mV: {err < 1e-9}")
print(f"V at t_on + tau_m: {res.v[0, int(round((t_on + params.tau_m) / dt))]:.2f} mV "
      f"(15 * (1 - 1/e) = {15 * (1 - np.exp(-1)):.2f} mV)")
# Expected output:
# largest |V_sim - V_exact| below 1e-9 mV: True
# V at t_on + tau_m: 9.48 mV (15 * (1 - 1/e) = 9.48 mV)

# %% [markdown]
# ## Threshold, reset and refractoriness
#
# With 2.5 nA, $V_\infty = 25$ mV lies above the 20 mV threshold: the
# potential reaches threshold, the neuron spikes, $V$ is reset to 10 mV and
# clamped there for $t_\mathrm{ref} = 2$ ms, and the cycle repeats. We
# simulate 200 ms and zoom in on one spike.

# %% [markdown]
# **Predict.** Without a refractory period ($t_\mathrm{ref} = 0$), is there a largest rate the neuron can reach, however strong the current?
#
# <details><summary>Answer</summary>
#
# No. The time to climb from $V_\mathrm{reset}$ to $V_\mathrm{th}$ shrinks towards zero as the current grows, so the rate grows without bound (for large currents, about linearly in $I$). The refractory period is what caps it, at $1/t_\mathrm{ref}$.
#
# </details>

# %%
i_supra = 2.5  # nA
res = sc.simulate_neuron(params, i_supra, duration=duration, dt=dt)
spikes = res.spike_times

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained",
                               gridspec_kw={"width_ratios": [2, 1]})
for ax in (ax1, ax2):
    ax.plot(res.times, res.v[0], color="0.3", lw=1.2, label="simulated")
    ax.vlines(spikes, params.v_th, params.v_th + 4, color="0.3", lw=1)
    ax.axhline(params.v_th, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$")
    ax.axhline(params.v_reset, color="0.6", ls="-.", lw=1, label=r"$V_\mathrm{reset}$")
    ax.set(xlabel="Time (ms)", ylabel="V (mV)")
ax1.set(xlim=(0, duration), title=f"I = {i_supra} nA from t = 0")
zoom = (spikes[1] - 3, spikes[1] + 6)
ax2.axvspan(spikes[1], spikes[1] + params.t_ref, color="0.9", lw=0, label=r"$t_\mathrm{ref}$")
ax2.plot(res.times, res.v[0], ".", color="0.3", ms=3)
ax2.set(xlim=zoom, ylim=(8, 25), title="zoom on the second spike")
ax2.legend(loc="upper right", fontsize=8);

# %% [markdown]
# Right panel: each dot is one time step. At the step where $V$ first
# exceeds 20 mV the spike is registered and $V$ jumps to 10 mV; it then
# stays flat for 20 steps (2 ms) before it starts to rise again. The time
# from reset to threshold follows from the closed-form solution, which gives
# the interspike interval (ISI)
#
# $$
# T = t_\mathrm{ref} + \tau_m \ln\frac{V_\infty - V_\mathrm{reset}}{V_\infty - V_\mathrm{th}}.
# $$

# %%
# NBVAL_CHECK_OUTPUT
v_inf = params.v_rest + params.r_m * i_supra
isi_theory = params.t_ref + params.tau_m * np.log((v_inf - params.v_reset) / (v_inf - params.v_th))
print(f"closed-form ISI: {isi_theory:.2f} ms")
print(f"simulated ISIs : {np.unique(np.round(np.diff(spikes), 2))} ms")
# Expected output:
# closed-form ISI: 23.97 ms
# simulated ISIs : [24.] ms

# %% [markdown]
# All simulated intervals are 24.0 ms against 23.97 ms in theory: a spike is
# registered at the end of the step in which $V$ crosses threshold, so each
# interval is rounded *up* to a whole number of steps. This error of less
# than one `dt` does not depend on the integration scheme; we come back to it below.

# %% [markdown]
# ## The rheobase
#
# The neuron fires for a constant current only if $V_\infty$ exceeds the
# threshold, i.e. if $I > I_\mathrm{rh} = (V_\mathrm{th} - V_\mathrm{rest}) / R_m$,
# the **rheobase** (2 nA here, `params.rheobase`). Near the rheobase the
# potential creeps towards threshold, so the first spike comes late: it
# arrives at $\tau_m \ln\frac{V_\infty - V_\mathrm{rest}}{V_\infty - V_\mathrm{th}}$
# after the step.

# %%
currents_rh = [1.9, 2.0, 2.1, 2.3]  # nA
res = sc.simulate_neuron(params, np.array(currents_rh)[:, None], duration=duration,
                         dt=dt, n_neurons=len(currents_rh))
colors = plt.cm.viridis(np.linspace(0.0, 0.85, len(currents_rh)))
fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
for k, (i_k, c) in enumerate(zip(currents_rh, colors)):
    ax.plot(res.times, res.v[k], color=c, lw=1.3, label=f"{i_k} nA")
ax.axhline(params.v_th, color="0.4", ls=":", lw=1)
ax.set(xlabel="Time (ms)", ylabel="V (mV)", xlim=(0, duration),
       title=f"Currents around the rheobase ({params.rheobase:g} nA)")
ax.legend(title="I", fontsize=8, loc="lower right");

# %% [markdown]
# At 1.9 nA and at exactly 2.0 nA the potential approaches 19 and 20 mV but
# never spikes; 2.1 nA spikes for the first time after about 60 ms, 2.3 nA
# sooner. The latencies agree with the formula:

# %%
# NBVAL_CHECK_OUTPUT
for k, i_k in enumerate(currents_rh):
    first = res.spikes_of(k)
    v_inf = params.v_rest + params.r_m * i_k
    latency = (params.tau_m * np.log((v_inf - params.v_rest) / (v_inf - params.v_th))
               if v_inf > params.v_th else np.inf)
    sim = f"{first[0]:.1f} ms" if first.size else "never"
    print(f"I = {i_k} nA: first spike {sim:>8}, closed form "
          + (f"{latency:.1f} ms" if np.isfinite(latency) else "never"))
# Expected output:
# I = 1.9 nA: first spike    never, closed form never
# I = 2.0 nA: first spike    never, closed form never
# I = 2.1 nA: first spike  60.9 ms, closed form 60.9 ms
# I = 2.3 nA: first spike  40.8 ms, closed form 40.7 ms

# %% [markdown]
# ## Euler versus exact integration
#
# A computer advances eq. 1.1 in steps of `dt`. The textbook choice is the
# forward-Euler step, which follows the slope at the start of the step; the
# package's default instead uses the exponential solution over the step
# (the current is held constant within it):
#
# $$
# \text{Euler:}\quad V_{k+1} = V_k + \frac{dt}{\tau_m}\left(V_\infty - V_k\right), \qquad
# \text{exact:}\quad V_{k+1} = V_\infty + \left(V_k - V_\infty\right) e^{-dt/\tau_m}.
# $$
#
# Since $1 - x < e^{-x}$, Euler relaxes a little too fast in every step; its
# error per step is of order $dt^2$, so after the $t/dt$ steps needed to
# reach a time $t$ the error is of order $dt$: Euler is a *first-order*
# method. We measure the largest error of the subthreshold response to a
# constant 1.5 nA over 100 ms, for time steps from 0.01 to 2 ms.

# %%
dts = np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0])  # ms
t_end = 100.0  # ms
max_err = {"euler": [], "exact": []}
for h in dts:
    for method in max_err:
        r = sc.simulate_neuron(params, i_step, duration=t_end, dt=h, method=method)
        v_true = params.r_m * i_step * (1 - np.exp(-r.times / params.tau_m))
        max_err[method].append(np.max(np.abs(r.v[0] - v_true)))

fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
ax.loglog(dts, max_err["euler"], "o-", color="0.3", label="forward Euler")
ax.loglog(dts, np.maximum(max_err["exact"], 1e-16), "s-", color="0.65", label="exact step")
ax.loglog(dts, max_err["euler"][3] * dts / dts[3], "k--", lw=1, label=r"$\propto dt$ (first order)")
ax.set(xlabel="Time step dt (ms)", ylabel="Largest |V error| (mV)",
       title="Subthreshold error, 1.5 nA step, 100 ms")
ax.legend(fontsize=8);

# %% [markdown]
# The Euler error falls on the dashed line of slope one: halve `dt` and the
# error halves. With `dt = 0.1` ms it is about 0.01 mV here, small but not
# zero. The exact step sits at the floor of floating-point rounding
# (below $10^{-12}$ mV) whatever the step. So for the subthreshold dynamics
# the exact step is free accuracy: it costs the same as Euler per step.
#
# Does that make the spike times exact? No. We measure the firing rate for
# 26 currents between 2.5 and 5 nA (so that the intervals fall anywhere
# between grid points) and average the relative error against the closed form.

# %%
dts_rate = np.array([0.02, 0.05, 0.1, 0.2, 0.5, 1.0])  # ms, all divide t_ref = 2 ms
currents_err = np.linspace(2.5, 5.0, 26)  # nA
rates_theory = sc.theory.fi_curve(params, currents_err)
mean_err = {}
for method in ("euler", "exact"):
    mean_err[method] = [
        np.mean(np.abs(sc.fi_curve(params, currents_err, duration=400.0, dt=h, method=method)
                       / rates_theory - 1))
        for h in dts_rate
    ]
grid_bound = [np.mean(h * rates_theory / 1000.0) / 2 for h in dts_rate]  # dt / (2 ISI)

fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
ax.loglog(dts_rate, mean_err["euler"], "o-", color="0.3", label="forward Euler")
ax.loglog(dts_rate, mean_err["exact"], "s-", color="0.65", label="exact step")
ax.loglog(dts_rate, grid_bound, "k--", lw=1, label="dt / (2 ISI): half a step per interval")
ax.set(xlabel="Time step dt (ms)", ylabel="Mean |relative rate error|",
       title="Firing rate, 2.5 to 5 nA")
ax.legend(fontsize=8);

# %% [markdown]
# Both methods now make a first-order error. A spike is registered at the
# end of the step in which $V$ crosses threshold, so every interval is
# rounded up to a whole number of steps: half a step on average, the dashed
# line, whatever the integrator. The exact step follows that line. Euler's
# too-fast relaxation makes its intervals slightly short, which here partly
# cancels the rounding, so it is not worse for rates. With `dt = 0.1` ms both
# are well below 1 %. Exact spike times need the crossing to be interpolated
# within the step (as NEST's "precise" models do), which this course does not do.

# %% [markdown]
# ## One deliberate mistake: a time step larger than $\tau_m$
#
# A tempting way to make a simulation faster is a larger time step. Let us
# ask for Euler with `dt = 25` ms on our 20 ms membrane:

# %%
try:
    sc.simulate_neuron(params, i_step, duration=100.0, dt=25.0, method="euler")
except ValueError as err:
    print(f"ValueError: {err}")

# %% [markdown]
# The package refuses, and says why. With $dt > \tau_m$ the Euler factor
# $1 - dt/\tau_m$ is negative: each step overshoots $V_\infty$ and lands on
# the other side. Written out by hand (the package would not run it), the
# recursion oscillates for $\tau_m < dt < 2\tau_m$ and blows up for
# $dt > 2\tau_m$, while the exact step is correct at any `dt`:

# %%
fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
t_fine = np.linspace(0, 300, 600)
ax.plot(t_fine, 15 * (1 - np.exp(-t_fine / params.tau_m)), "k-", lw=1.2, label="exact solution")
for h, c in ((30.0, "0.35"), (45.0, "0.65")):
    v = [0.0]
    for _ in range(int(300 / h)):
        v.append(v[-1] + h / params.tau_m * (15.0 - v[-1]))
    ax.plot(np.arange(len(v)) * h, v, "o--", color=c, label=f"Euler, dt = {h:g} ms")
ax.set(xlabel="Time (ms)", ylabel="V (mV)", ylim=(-30, 60),
       title=r"Euler with $dt > \tau_m$ ($\tau_m$ = 20 ms, 1.5 nA)")
ax.legend(fontsize=8);

# %% [markdown]
# With `dt = 30` ms ($1.5\,\tau_m$) Euler zig-zags around 15 mV before it
# settles (the overshoot halves each step); with `dt = 45` ms
# ($2.25\,\tau_m$) the zig-zag grows without bound. The lesson: Euler
# needs $dt \ll \tau_m$, and the exact step's exactness covers only the
# subthreshold dynamics, not spike timing.
#
# A silent cousin of this mistake is a current in the wrong unit. The
# package expects nA: 2500 meant as pA (2.5 nA) raises nothing, but the rate
# is absurd.

# %%
# NBVAL_CHECK_OUTPUT
rate_wrong = sc.fi_curve(params, [2500.0])[0]
print(f"rate with 2500 'nA': {rate_wrong:.0f} Hz; 1 / t_ref = {1000 / params.t_ref:.0f} Hz")
# Expected output:
# rate with 2500 'nA': 476 Hz; 1 / t_ref = 500 Hz

# %% [markdown]
# A rate pinned near $1/t_\mathrm{ref}$ means the drive is enormous
# ($V_\infty$ = 25 V): a quick check of rates against a known value catches
# unit errors that no exception will.

# %% [markdown]
# ## The F-I curve
#
# Inverting the ISI gives the firing rate as a function of the current, the
# F-I curve (`snncourse.theory.fi_curve`, in Hz):
#
# $$
# \nu(I) = \begin{cases}
# \left[t_\mathrm{ref} + \tau_m \ln\dfrac{R_m I - (V_\mathrm{reset} - V_\mathrm{rest})}{R_m I - (V_\mathrm{th} - V_\mathrm{rest})}\right]^{-1}
# & \text{if } I > I_\mathrm{rh},\\[2ex]
# 0 & \text{otherwise.}
# \end{cases}
# $$
#
# `snncourse.fi_curve` measures the same thing by simulation (one neuron per
# current, 1 s each). We compare them for three membrane time constants.

# %% [markdown]
# **Predict.** The current doubles from 2.5 nA to 5 nA (the rheobase is 2 nA). Does the rate double, more than double, or less?
#
# <details><summary>Answer</summary>
#
# More than double: the closed form gives about 42 Hz and 129 Hz. Just above the rheobase the time to reach threshold falls steeply with the current; only at much larger currents does the curve bend towards $1/t_\mathrm{ref}$.
#
# </details>

# %%
currents_fi = np.linspace(0.0, 6.0, 25)  # nA
currents_fine = np.linspace(0.0, 6.0, 601)  # nA
taus = [10.0, 20.0, 40.0]  # ms
colors = plt.cm.viridis([0.0, 0.45, 0.8])
fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
sim_rates = {}
for tau, c in zip(taus, colors):
    p = params.replace(tau_m=tau)
    sim_rates[tau] = sc.fi_curve(p, currents_fi, duration=1000.0, dt=dt)
    ax.plot(currents_fine, sc.theory.fi_curve(p, currents_fine), "-", color=c, lw=1.5)
    ax.plot(currents_fi, sim_rates[tau], "o", color=c, ms=5, label=rf"$\tau_m$ = {tau:g} ms")
ax.axvline(params.rheobase, color="0.5", ls=":", lw=1)
ax.text(params.rheobase, 200, " rheobase", color="0.4", fontsize=9)
ax.plot([], [], "k-", label="closed form")
ax.plot([], [], "ko", ms=5, label="simulated")
ax.set(xlabel="Input current I (nA)", ylabel="Firing rate (Hz)", title="F-I curve of the LIF neuron")
ax.legend(fontsize=8);

# %% [markdown]
# All three curves start at the same rheobase (it depends on $R_m$, not on
# $\tau_m$) and rise steeply just above it, where the rate grows like
# $1/\ln$ of the distance to threshold. A faster membrane fires faster for
# the same current. For large currents the rate approaches the straight
# line $R_m I / (\tau_m (V_\mathrm{th} - V_\mathrm{reset}))$ and finally
# saturates at $1/t_\mathrm{ref}$ = 500 Hz. The dots sit on the lines; the
# check below confirms they are never above theory and below it by less
# than the grid error `dt / ISI`.

# %%
# NBVAL_CHECK_OUTPUT
for tau in taus:
    p = params.replace(tau_m=tau)
    th = sc.theory.fi_curve(p, currents_fi)
    firing = th > 0
    gap = (th[firing] - sim_rates[tau][firing]) / th[firing]
    bound = dt * th[firing] / 1000.0  # dt / ISI
    print(f"tau_m = {tau:4.0f} ms: silent below rheobase {np.all(sim_rates[tau][~firing] == 0)}, "
          f"0 <= gap <= dt/ISI {np.all((gap >= -1e-9) & (gap <= bound + 1e-9))}, "
          f"largest gap {100 * gap.max():.1f} %")
# Expected output:
# tau_m =   10 ms: silent below rheobase True, 0 <= gap <= dt/ISI True, largest gap 1.9 %
# tau_m =   20 ms: silent below rheobase True, 0 <= gap <= dt/ISI True, largest gap 1.2 %
# tau_m =   40 ms: silent below rheobase True, 0 <= gap <= dt/ISI True, largest gap 0.7 %

# %% [markdown]
# ## Explore
#
# The widget below simulates a current step into one neuron; move the
# sliders for the current and for $\tau_m$ (the figure updates when you
# release a slider). The title compares the simulated rate with the closed
# form. Try: a current just above 2 nA with $\tau_m$ = 50 ms (a long first
# latency), and the largest current with the smallest $\tau_m$.

# %%
display(sc.widgets.lif_explorer_widget())

# %% [markdown]
# The same function without sliders, so that a static copy of this notebook
# shows a figure too (it returns the figure and a dict of numbers):

# %%
# NBVAL_CHECK_OUTPUT
fig, stats = sc.widgets.lif_explorer(current=3.0, tau_m=10.0)
print({k: round(v, 2) for k, v in stats.items()})
# Expected output:
# {'rate_sim': 111.11, 'rate_theory': 111.96, 'n_spikes': 30, 'rheobase': 2.0}

# %% [markdown]
# At 3 nA and $\tau_m$ = 10 ms the neuron fires at about 112 Hz, the
# simulated rate slightly below the closed form, as the grid error predicts.
#
# ## Summary
#
# - The LIF neuron integrates its input with time constant $\tau_m$
#   (eq. 1.1) and emits a spike when $V$ reaches $V_\mathrm{th}$, then is
#   reset to $V_\mathrm{reset}$ and silent for $t_\mathrm{ref}$.
# - Below threshold the response to a constant current is an exponential
#   relaxation to $V_\infty = V_\mathrm{rest} + R_m I$; the neuron fires only
#   above the rheobase $(V_\mathrm{th} - V_\mathrm{rest})/R_m$.
# - Forward Euler makes an error proportional to `dt` and fails for
#   $dt > \tau_m$; the exact exponential step is exact between spikes. Both
#   place spikes on the time grid, a first-order error in spike timing.
# - The closed-form F-I curve $\nu(I)$ matches the simulation to within
#   `dt / ISI`.
#
# Next, notebook 2 adds noise to the input and asks why cortical neurons fire
# irregularly.
#
# ## References
#
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014). *Neuronal Dynamics*,
#   ch. 1.3 (the LIF model). Cambridge University Press.
#   https://neuronaldynamics.epfl.ch
# - Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 5.4. MIT Press.
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
