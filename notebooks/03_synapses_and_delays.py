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
# # 3. Synapses and delays
#
# In notebook 2 the noisy input was an abstraction: a mean $\mu$ and a noise
# amplitude $\sigma$. In a network it is made of spikes arriving at synapses.
# This notebook builds that input from single synaptic events: the
# postsynaptic potential (PSP) of one spike, the delay with which it
# arrives, excitation against inhibition, and finally thousands of Poisson
# inputs, where the balance between excitation and inhibition decides
# whether the neuron is driven by the mean or by the fluctuations.
#
# **Learning goals.** After this notebook you can
#
# - write down the delta-synapse input of eq. 1.2 and convert a synaptic
#   weight into the voltage jump it causes;
# - predict and simulate the PSP of one spike, the sum of many, and the
#   effect of a transmission delay;
# - contrast excitatory and inhibitory input;
# - compute the mean and the fluctuations of the membrane potential under
#   excitatory and inhibitory Poisson input (Campbell's theorem) and explain
#   what *balanced* input does to it.

# %%
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import snncourse as sc

# %% [markdown]
# ## Delta synapses
#
# The report models the synaptic input current to a neuron as a sum of
# delta pulses, one per presynaptic spike $t_j^k$ of every presynaptic
# neuron $j$, arriving after a transmission delay $d$ (eq. 1.2):
#
# $$
# I_\mathrm{syn}(t) = \sum_j w_j \sum_k \delta\!\left(t - t_j^k - d\right). \tag{1.2}
# $$
#
# Put into eq. 1.1 and integrated across one pulse, a spike makes the
# membrane potential jump instantly by $J_j = R_m w_j / \tau_m$ and then
# decay back with $\tau_m$; $w_j$ is the charge the synapse injects. With
# $R_m = 10$ MOhm and $\tau_m = 20$ ms, a charge of 0.2 pC gives
# $J = 10 \times 0.2 / 20 = 0.1$ mV (1 MOhm x 1 pC = 1 mV ms). From now on,
# as in Brunel (2000) and in the package, synaptic weights are given
# directly as the jump $J$ in mV: positive for excitation, negative for
# inhibition. The PSP of one spike arriving at $t_s$ is
#
# $$
# \mathrm{PSP}(t) = J\, e^{-(t - t_s)/\tau_m}\; \Theta(t - t_s),
# $$
#
# and, the membrane being linear below threshold, the PSPs of many spikes add up.

# %% [markdown]
# ## Parameters
#
# The neuron of notebooks 1 and 2. Excitation is drawn in red and
# inhibition in blue (`E_COLOR`, `I_COLOR`), as throughout the course.

# %%
params = sc.LIFParams()  # tau_m = 20 ms, V_th = 20 mV, V_reset = 10 mV, t_ref = 2 ms
dt = 0.1  # ms
j_exc = 0.5  # mV, excitatory PSP amplitude (large, to see single PSPs)
g = 4.0  # inhibitory PSP amplitude is -g * j_exc
rng = np.random.default_rng(3)


def psp_sum(t, spike_times, weights, tau_m=params.tau_m):
    """Closed-form sum of delta-synapse PSPs (mV) at times t (ms)."""
    lag = np.asarray(t)[:, None] - np.asarray(spike_times)[None, :]  # (times, spikes)
    kernel = np.where(lag >= 0, np.exp(-np.clip(lag, 0, None) / tau_m), 0.0)
    return kernel @ np.asarray(weights)


# %% [markdown]
# ## One excitatory and one inhibitory PSP
#
# `simulate_neuron(..., input_spikes=(times, weights))` delivers explicit
# input spikes (times in ms, jumps in mV) to the neuron. We send one
# excitatory spike at 10 ms and one inhibitory spike at 60 ms.

# %%
duration = 120.0  # ms
t_in = np.array([10.0, 60.0])  # ms
w_in = np.array([j_exc, -g * j_exc])  # mV
res = sc.simulate_neuron(params, 0.0, duration=duration, dt=dt, input_spikes=(t_in, w_in))

fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
ax.plot(res.times, res.v[0], color="0.6", lw=3, label="simulated")
ax.plot(res.times, psp_sum(res.times, t_in, w_in), "k--", lw=1.2, label="closed form")
ax.annotate(f"EPSP, J = {j_exc:g} mV", (t_in[0], j_exc), xytext=(22, -0.6), color=sc.E_COLOR,
            arrowprops={"arrowstyle": "->", "color": sc.E_COLOR})
ax.annotate(f"IPSP, -gJ = {-g * j_exc:g} mV", (t_in[1], -g * j_exc), xytext=(75, -1.5),
            color=sc.I_COLOR, arrowprops={"arrowstyle": "->", "color": sc.I_COLOR})
ax.axhline(params.v_rest, color="0.8", lw=0.8)
ax.set(xlabel="Time (ms)", ylabel="V (mV)", xlim=(0, duration), title="PSPs of delta synapses")
ax.legend(loc="upper right", fontsize=8);

# %% [markdown]
# Each spike makes $V$ jump by its weight and relax back with $\tau_m$ =
# 20 ms; the simulation and the formula coincide. The inhibitory PSP is the
# mirror image of the excitatory one, $g = 4$ times larger. Two
# simplifications are worth keeping in mind: real PSPs rise over a
# millisecond or so instead of jumping, and real inhibition has a reversal
# potential (it cannot push $V$ below about -10 mV relative to rest),
# whereas here it can push $V$ arbitrarily low.

# %%
# NBVAL_CHECK_OUTPUT
k10, k30 = int(round(10.0 / dt)), int(round(30.0 / dt))
print(f"V just after the EPSP: {res.v[0, k10]:.3f} mV; 20 ms later: {res.v[0, k30]:.3f} mV "
      f"(J / e = {j_exc / np.e:.3f} mV)")
# Expected output:
# V just after the EPSP: 0.500 mV; 20 ms later: 0.184 mV (J / e = 0.184 mV)

# %% [markdown]
# ## Summation and transmission delays
#
# A presynaptic neuron fires three spikes, at 10, 25 and 28 ms. The
# spikes travel along the axon and across the synapse, and reach the
# postsynaptic membrane a delay $d$ later: eq. 1.2 shifts every spike by $d$.
# We simulate $d$ = 1.5 ms (Brunel's value) and 10 ms by shifting the input
# times, and overlay the closed-form sum of PSPs.

# %%
duration = 80.0  # ms
t_pre = np.array([10.0, 25.0, 28.0])  # ms, presynaptic spike times
w_pre = np.full(t_pre.size, j_exc)  # mV
delays = [1.5, 10.0]  # ms
colors = ["0.25", "0.6"]

fig, ax = plt.subplots(figsize=(7, 3.4), layout="constrained")
ax.vlines(t_pre, 1.35, 1.5, color=sc.E_COLOR, lw=2, label="presynaptic spikes")
for d, c in zip(delays, colors):
    res = sc.simulate_neuron(params, 0.0, duration=duration, dt=dt, input_spikes=(t_pre + d, w_pre))
    ax.plot(res.times, res.v[0], color=c, lw=2.5, label=f"simulated, d = {d:g} ms")
    ax.plot(res.times, psp_sum(res.times, t_pre + d, w_pre), "k--", lw=1)
ax.plot([], [], "k--", lw=1, label="closed form")
ax.set(xlabel="Time (ms)", ylabel="V (mV)", xlim=(0, duration), ylim=(-0.05, 1.55),
       title="Three EPSPs, two delays")
ax.legend(loc="upper right", fontsize=8);

# %% [markdown]
# The three PSPs add up: the third arrives before the second has decayed,
# so $V$ climbs higher than a single PSP (temporal summation, the
# "integrate" in integrate-and-fire). The delay shifts the whole response
# rigidly and changes nothing else. In a single neuron this seems harmless;
# in a recurrent network the delay sets the time for inhibition to answer
# excitation, and with it the frequency of the oscillations we will meet in
# notebooks 6 and 7. The network engine stores the delay as a whole number
# of time steps (`delay / dt`, here 15), holding spikes in a ring buffer
# until they are due (notebook 4).

# %%
# NBVAL_CHECK_OUTPUT
for d in delays:
    res = sc.simulate_neuron(params, 0.0, duration=duration, dt=dt, input_spikes=(t_pre + d, w_pre))
    k_peak = np.argmax(res.v[0])
    print(f"d = {d:4.1f} ms: peak {res.v[0, k_peak]:.3f} mV at {res.times[k_peak]:.1f} ms")
# Expected output:
# d =  1.5 ms: peak 1.134 mV at 29.5 ms
# d = 10.0 ms: peak 1.134 mV at 38.0 ms

# %% [markdown]
# ## Many excitatory and inhibitory inputs: Campbell's theorem
#
# A cortical neuron receives a few thousand synapses. Let $C_E$ excitatory
# inputs fire as independent Poisson processes at rate $\nu$, each spike a
# jump of $J$, and $C_I$ inhibitory inputs at the same rate, each a jump of
# $-gJ$. Without a threshold (the *free* membrane potential) $V$ is a sum
# of PSPs at random times, a shot noise, whose mean and variance are given
# by Campbell's theorem: each input contributes its rate times the
# integral of its PSP (for the mean) or of its PSP squared (for the variance):
#
# $$
# \langle V \rangle - V_\mathrm{rest} = \tau_m \nu J \left(C_E - g C_I\right),
# \qquad
# \mathrm{Var}(V) = \frac{\tau_m}{2}\, \nu J^2 \left(C_E + g^2 C_I\right).
# $$
#
# Excitation and inhibition *subtract* in the mean but *add* in the variance.
# With $C_I = C_E/4$ (as in cortex and in Brunel's model) the mean vanishes
# at $g = 4$: this is **balance**. We check both formulas as $g$ varies,
# with `poisson_input` and the threshold moved out of reach.

# %% [markdown]
# **Predict.** 800 excitatory inputs and 200 inhibitory ones $g$ times stronger, all at 5 Hz. As $g$ grows from 0 to 8, what happens to the mean of the free membrane potential? To its standard deviation?
#
# <details><summary>Answer</summary>
#
# The mean falls linearly and crosses zero at $g = 4$, where the inhibitory charge cancels the excitatory one. The standard deviation only grows: the variances of the two inputs add, whatever their signs.
#
# </details>

# %%
c_exc, c_inh = 800, 200  # inputs
nu_in = 5.0  # Hz, rate of each input
j_bal = 0.2  # mV
g_values = np.arange(0.0, 8.1, 1.0)
free = params.replace(v_th=1e9)  # a threshold that is never reached: the free membrane potential
mean_sim, std_sim = [], []
for g_k in g_values:
    inputs = [(c_exc * nu_in, j_bal), (c_inh * nu_in, -g_k * j_bal)]  # (total rate Hz, jump mV)
    m_th, _ = sc.theory.campbell(*zip(*inputs), params.tau_m)
    res = sc.simulate_neuron(free, 0.0, duration=500.0, dt=dt, n_neurons=10,
                             poisson_input=inputs, v0=m_th, rng=rng)
    mean_sim.append(res.v[:, 1:].mean())
    std_sim.append(res.v[:, 1:].std())

g_fine = np.linspace(0, 8, 200)
tau_s = params.tau_m / 1000.0  # s, so that tau * rate (Hz) is a number
mean_e = tau_s * nu_in * j_bal * c_exc * np.ones_like(g_fine)
mean_i = -tau_s * nu_in * g_fine * j_bal * c_inh
var_e = tau_s / 2 * nu_in * j_bal**2 * c_exc * np.ones_like(g_fine)
var_i = tau_s / 2 * nu_in * (g_fine * j_bal) ** 2 * c_inh

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
ax1.plot(g_fine, mean_e, color=sc.E_COLOR, lw=1.5, label="excitatory part")
ax1.plot(g_fine, mean_i, color=sc.I_COLOR, lw=1.5, label="inhibitory part")
ax1.plot(g_fine, mean_e + mean_i, "k-", lw=1.5, label="total (Campbell)")
ax1.plot(g_values, mean_sim, "o", color="0.4", ms=6, label="simulated")
ax1.axhline(params.v_th, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$")
ax1.set(xlabel="Relative inhibition g", ylabel=r"Mean free V (mV)", title="Mean: E and I subtract")
ax1.legend(fontsize=8)
ax2.plot(g_fine, np.sqrt(var_e), color=sc.E_COLOR, lw=1.5, label="excitation alone")
ax2.plot(g_fine, np.sqrt(var_i), color=sc.I_COLOR, lw=1.5, label="inhibition alone")
ax2.plot(g_fine, np.sqrt(var_e + var_i), "k-", lw=1.5, label="total (Campbell)")
ax2.plot(g_values, std_sim, "o", color="0.4", ms=6, label="simulated")
ax2.set(xlabel="Relative inhibition g", ylabel="Std of free V (mV)", title="Fluctuations: E and I add")
ax2.legend(fontsize=8)
for ax in (ax1, ax2):
    ax.axvline(c_exc / c_inh, color="0.7", ls="--", lw=1)

# %% [markdown]
# Left: excitation alone would hold the membrane 16 mV above rest;
# inhibition pulls it down linearly in $g$, and at $g = C_E / C_I = 4$
# (dashed line) the mean is back at rest. Right: the fluctuations never
# cancel; they grow with $g$ because the inhibitory jumps grow. The dots
# (10 neurons, 0.5 s each) lie on Campbell's curves.

# %%
# NBVAL_CHECK_OUTPUT
for g_k, m, s in zip(g_values, mean_sim, std_sim):
    m_th, s_th = sc.theory.campbell([c_exc * nu_in, c_inh * nu_in], [j_bal, -g_k * j_bal], params.tau_m)
    print(f"g = {g_k:.0f}: mean {m:6.1f} mV (Campbell {m_th:6.1f}), std {s:.1f} mV (Campbell {s_th:.1f})")
# Expected output:
# g = 0: mean   16.1 mV (Campbell   16.0), std 1.3 mV (Campbell 1.3)
# g = 1: mean   12.2 mV (Campbell   12.0), std 1.5 mV (Campbell 1.4)
# g = 2: mean    8.0 mV (Campbell    8.0), std 1.7 mV (Campbell 1.8)
# g = 3: mean    3.9 mV (Campbell    4.0), std 2.2 mV (Campbell 2.3)
# g = 4: mean   -0.2 mV (Campbell    0.0), std 2.9 mV (Campbell 2.8)
# g = 5: mean   -3.6 mV (Campbell   -4.0), std 3.3 mV (Campbell 3.4)
# g = 6: mean   -7.8 mV (Campbell   -8.0), std 4.0 mV (Campbell 4.0)
# g = 7: mean  -12.2 mV (Campbell  -12.0), std 4.7 mV (Campbell 4.6)
# g = 8: mean  -16.5 mV (Campbell  -16.0), std 5.0 mV (Campbell 5.2)

# %% [markdown]
# ## What balance does to firing
#
# Now we put the threshold back. To keep the neuron near threshold when
# the synaptic input balances, we add a constant background current of
# 1.5 nA ($R_m I$ = 15 mV, standing in for all other inputs), and use
# twice the input rate (10 Hz). The synaptic input then acts like the
# white noise of notebook 2 with
#
# $$
# \mu = R_m I + \tau_m \nu J (C_E - g C_I), \qquad \sigma^2 = \tau_m \nu J^2 (C_E + g^2 C_I),
# $$
#
# ($\sigma^2$ in Brunel's convention is twice the variance of $V$), so
# Siegert's formula predicts the rate and the CV as $g$ varies.

# %% [markdown]
# **Predict.** As $g$ grows past 4 the mean input falls below threshold. Does the neuron stop firing?
#
# <details><summary>Answer</summary>
#
# Not at once: the fluctuations keep growing with $g$, so the neuron keeps firing on them, at a lower rate and more irregularly (fluctuation-driven firing).
#
# </details>

# %%
i_bg = 1.5  # nA
nu_fire = 10.0  # Hz
g_fire = np.array([0.0, 1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0])
n_fire = 30  # neurons per value of g, 1 s each
rate_sim, cv_sim = [], []
for g_k in g_fire:
    inputs = [(c_exc * nu_fire, j_bal), (c_inh * nu_fire, -g_k * j_bal)]
    res = sc.simulate_neuron(params, i_bg, duration=1000.0, dt=dt, n_neurons=n_fire, poisson_input=inputs,
                             v0=rng.uniform(params.v_reset, params.v_th, n_fire), record_v=False, rng=rng)
    rate = res.spike_times.size / n_fire  # spikes per neuron in 1 s = Hz
    rate_sim.append(rate)
    # CV of the intervals of all neurons pooled; a 1 s window cuts long
    # intervals, so only rates of at least 5 Hz give a fair estimate
    isis = sc.isi_intervals(res.spike_times, res.spike_ids)
    cv_sim.append(np.std(isis) / np.mean(isis) if rate >= 5.0 else np.nan)


def mu_sigma(g_k, nu=nu_fire):
    """Mean and noise amplitude (mV) of the input, diffusion approximation."""
    mu = params.v_rest + params.r_m * i_bg + tau_s * nu * j_bal * (c_exc - g_k * c_inh)
    sigma = np.sqrt(tau_s * nu * j_bal**2 * (c_exc + g_k**2 * c_inh))
    return mu, sigma


g_line = np.linspace(0, 6, 61)
rate_th = np.array([sc.theory.siegert_rate(params, *mu_sigma(x)) for x in g_line])
g_cv = np.linspace(0, 6, 25)  # the CV's double integral is slower: fewer points
cv_th = np.array([sc.theory.siegert_cv(params, *mu_sigma(x)) for x in g_cv])

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
sc.plot_theory_and_simulation(g_line, rate_th, g_fire, rate_sim, ax=ax1, xlabel="Relative inhibition g",
                              ylabel="Firing rate (Hz)").set_title("Output rate")
sc.plot_theory_and_simulation(g_cv, cv_th, g_fire, cv_sim, ax=ax2, xlabel="Relative inhibition g",
                              ylabel="ISI CV (dimensionless)").set(ylim=(0, 1.2), title="Irregularity")
ax2.axhline(1.0, color="0.6", ls=":", lw=1, label="Poisson")
for ax in (ax1, ax2):
    ax.axvline(c_exc / c_inh, color="0.7", ls="--", lw=1)
    sc.legend_theory_and_simulation(ax, theory="Siegert (theory)")

# %% [markdown]
# With weak inhibition ($g < 3$) the mean input is far above threshold:
# the neuron fires fast and regularly (CV below 0.3), a mean-driven clock.
# Near balance ($g \approx 4$) the mean sits below threshold, the large
# fluctuations cause the spikes, and the neuron fires at about 10 Hz with a
# CV above 0.8, approaching the Poisson value of 1 as inhibition grows.
# Stronger inhibition silences it. The
# simulated rates lie slightly below Siegert's at low rates, the time-step
# effect of notebook 2 (CV dots are shown only where the neurons fired at
# least 5 Hz, enough intervals in 1 s). Balance is how a neuron bombarded by thousands of
# excitatory inputs can still fire slowly and irregularly, as cortical
# neurons do; in Brunel's network (notebooks 5-7) it emerges from the
# recurrent connections themselves.

# %%
# NBVAL_CHECK_OUTPUT
for g_k, r, cv in zip(g_fire, rate_sim, cv_sim):
    r_th = sc.theory.siegert_rate(params, *mu_sigma(g_k))
    cv_th = sc.theory.siegert_cv(params, *mu_sigma(g_k))
    cv_txt = f"{cv:.2f}" if np.isfinite(cv) else "  - "
    print(f"g = {g_k:3.1f}: rate {r:6.1f} Hz (Siegert {r_th:6.1f}), CV {cv_txt} (Siegert {cv_th:.2f})")
# Expected output:
# g = 0.0: rate  119.4 Hz (Siegert  120.8), CV 0.11 (Siegert 0.11)
# g = 1.0: rate   94.8 Hz (Siegert   96.2), CV 0.15 (Siegert 0.15)
# g = 2.0: rate   66.8 Hz (Siegert   68.6), CV 0.24 (Siegert 0.25)
# g = 3.0: rate   37.8 Hz (Siegert   38.4), CV 0.47 (Siegert 0.46)
# g = 3.5: rate   22.9 Hz (Siegert   23.7), CV 0.60 (Siegert 0.63)
# g = 4.0: rate   10.5 Hz (Siegert   11.7), CV 0.84 (Siegert 0.82)
# g = 4.5: rate    3.4 Hz (Siegert    4.3), CV   -  (Siegert 0.95)
# g = 5.0: rate    0.8 Hz (Siegert    1.2), CV   -  (Siegert 1.01)
# g = 6.0: rate    0.2 Hz (Siegert    0.1), CV   -  (Siegert 1.01)

# %% [markdown]
# ## Explore
#
# The widget shows the free membrane potential under 800 excitatory and 200
# inhibitory Poisson inputs, with the distribution of $V$ against the
# Gaussian with Campbell's mean and standard deviation. Try: $g = 0$ and
# $g = 4$ at the same $J$ and rate; double the rate at balance (the mean
# stays, the fluctuations grow by $\sqrt{2}$); the largest $J$.

# %%
display(sc.widgets.balance_explorer_widget())

# %% [markdown]
# The same callback called once directly:

# %%
# NBVAL_CHECK_OUTPUT
fig, stats = sc.widgets.balance_explorer(j_exc=0.5, rate=8.0, g=4.0)
print({k: round(v, 2) for k, v in stats.items()})
# Expected output:
# {'mean_sim': -0.12, 'std_sim': 9.27, 'mean_theory': 0.0, 'std_theory': 8.94, 'frac_above': 0.01}

# %% [markdown]
# At balance the mean stays at rest, while the standard deviation, about
# 9 mV with these larger jumps, carries the free potential past threshold
# about 1 % of the time (`frac_above`): that is when a real neuron would fire.
#
# ## Summary
#
# - A delta synapse (eq. 1.2) makes $V$ jump by $J = R_m w / \tau_m$; the
#   PSP then decays with $\tau_m$, and PSPs add linearly below threshold.
# - A transmission delay $d$ shifts every PSP by $d$; it matters in networks,
#   where it sets the timing of the recurrent feedback.
# - Under many Poisson inputs, Campbell's theorem gives the mean
#   $\tau_m \nu J (C_E - g C_I)$ and the variance
#   $\frac{\tau_m}{2} \nu J^2 (C_E + g^2 C_I)$ of the membrane potential:
#   excitation and inhibition cancel in the mean, add in the fluctuations.
# - Balanced input ($g \approx C_E / C_I$) keeps the mean below threshold and
#   lets fluctuations drive slow, irregular (CV near 1) firing, with rates
#   that Siegert's formula predicts.
#
# Next, notebook 4 wires many neurons into a network of excitatory and
# inhibitory populations.
#
# ## References
#
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014). *Neuronal Dynamics*,
#   ch. 1.3 (PSPs) and ch. 8.2-8.3 (stochastic spike arrival, balanced
#   excitation and inhibition). Cambridge University Press.
# - Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 5.8-5.9
#   (synapses on integrate-and-fire neurons, regular and irregular firing modes). MIT Press.
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208 (eqs. 4-5).
# - Campbell N (1909). The study of discontinuous phenomena. *Proc Camb
#   Philos Soc* 15:117-136.
# - van Vreeswijk C, Sompolinsky H (1996). Chaos in neuronal networks with
#   balanced excitatory and inhibitory activity. *Science* 274:1724-1726.
