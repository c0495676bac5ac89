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
# # 4. Building a network
#
# Notebooks 1-3 built one neuron and its synaptic input. Now the inputs come
# from other neurons of the same network. This notebook wires a network of
# excitatory (E) and inhibitory (I) LIF neurons, looks at its wiring
# diagram, opens the engine that simulates it, and runs it for the first time.
#
# **Learning goals.** After this notebook you can
#
# - describe an E/I network by its population sizes, in-degrees, synaptic
#   efficacies, delay and external drive (`NetworkParams`);
# - wire it with a fixed in-degree or with independent (Bernoulli)
#   connections, and predict the degree distributions each rule gives;
# - read a connectivity matrix and its four E/I blocks;
# - explain what the simulation engine does in one time step and why it is
#   written with array operations instead of loops over neurons;
# - run a first network simulation, read its raster, and compare its rate
#   with the mean-field prediction.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from scipy.stats import binom, poisson

import snncourse as sc

# %% [markdown]
# ## The network
#
# $N_E$ excitatory and $N_I = N_E / 4$ inhibitory LIF neurons. Every neuron
# $i$ receives $C_E$ synapses from E neurons and $C_I$ from I neurons; an E
# spike makes the postsynaptic potential jump by $J$, an I spike by $-gJ$,
# after a delay $D$ (the delta synapses of notebook 3). Each neuron also
# receives $C_\mathrm{ext}$ independent external Poisson inputs of rate
# $\nu_\mathrm{ext}$ and efficacy $J$, standing for the rest of the brain:
#
# $$
# \tau_m \frac{dV_i}{dt} = -\left(V_i - V_\mathrm{rest}\right)
#   + \tau_m \sum_j J_{ij} \sum_k \delta\!\left(t - t_j^k - D\right)
#   + \tau_m J \sum_k \delta\!\left(t - t_{i,\mathrm{ext}}^k\right),
# \qquad
# J_{ij} \in \{J, -gJ, 0\}.
# $$
#
# This is Brunel's (2000) model. Its external drive is measured in units of
# $\nu_\mathrm{thr} = V_\mathrm{th} / (J C_E \tau_m)$, the rate that would
# bring the mean input exactly to threshold: $\nu_\mathrm{ext} = \eta\,\nu_\mathrm{thr}$.

# %% [markdown]
# ## Parameters
#
# A small network, 800 E and 200 I neurons with connection probability
# $\epsilon = 0.1$ ($C_E$ = 80, $C_I$ = 20). Brunel's network has $C_E$ =
# 1000 and $J$ = 0.1 mV; with 12.5 times fewer synapses we make each one 5
# times stronger ($J$ = 0.5 mV) so that a neuron still feels its inputs.
# Inhibition dominates ($g$ = 6 > $C_E / C_I$ = 4), and the external drive
# is 1.5 times threshold.

# %%
# NBVAL_CHECK_OUTPUT
net = sc.NetworkParams(
    n_exc=800, n_inh=200, c_exc=80, c_inh=20, j_exc=0.5, g=6.0, delay=1.5,
    neuron=sc.LIFParams(), connectivity="fixed_indegree", name="first network",
)
eta = 1.5
net = net.replace(nu_ext=eta * net.nu_thr)  # nu_thr = 20 mV / (0.5 mV * 80 * 20 ms) = 25 Hz
seed = 7
print(net)
print(f"nu_thr = {net.nu_thr:.1f} Hz, nu_ext = {net.nu_ext:.1f} Hz per input, eta = {net.eta:.2f}")
# Expected output:
# NetworkParams 'first network': 800 E + 200 I neurons, in-degree 80 E + 20 I (fixed_indegree), J=0.5 mV, g=6, delay=1.5 ms; drive: 80 Poisson inputs x 37.5 Hz x 0.5 mV
#   LIFParams: tau_m=20 ms, v_rest=0 mV, v_th=20 mV, v_reset=10 mV, t_ref=2 ms, r_m=10 MOhm
# nu_thr = 25.0 Hz, nu_ext = 37.5 Hz per input, eta = 1.50

# %% [markdown]
# ## Two ways to wire: fixed in-degree and Bernoulli
#
# The *fixed in-degree* rule gives every neuron exactly $C_E$ excitatory
# and $C_I$ inhibitory presynaptic partners, drawn at random (with
# replacement, as in NEST's Brunel example, so a pair can be connected
# twice). The *Bernoulli* rule connects every ordered pair independently
# with probability $p = C_E/N_E$ (as Brian2's `connect(p=...)`), so the
# in-degree is only $C_E$ on average. We draw both for a tiny network of
# 80 E and 20 I neurons and look at the matrix, like panel (f) of the
# report's Figure 3.1.

# %%
tiny = net.replace(n_exc=80, n_inh=20, c_exc=8, c_inh=2)
rng = np.random.default_rng(seed)
conn_fixed = sc.fixed_indegree(tiny.n_exc, tiny.n_inh, tiny.c_exc, tiny.c_inh, rng=rng)
conn_bern = sc.bernoulli(tiny.n_exc, tiny.n_inh, tiny.c_exc / tiny.n_exc, tiny.c_inh / tiny.n_inh, rng=rng)

cmap = ListedColormap([sc.I_COLOR, "white", sc.E_COLOR])  # -1: inhibitory, 0: none, +1: excitatory
fig, axes = plt.subplots(1, 2, figsize=(10, 5.6), layout="constrained")
for ax, conn, title in ((axes[0], conn_fixed, "fixed in-degree"), (axes[1], conn_bern, "Bernoulli")):
    w = conn.to_dense()  # W[post, pre] = number of synapses from pre to post
    sign = np.where(np.arange(conn.n_neurons) < conn.n_exc, 1, -1)  # sign of each presynaptic column
    ax.imshow(np.sign(w) * sign[None, :], cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    ax.axvline(conn.n_exc - 0.5, color="k", lw=0.8)
    ax.axhline(conn.n_exc - 0.5, color="k", lw=0.8)
    for x, y, label in ((40, 40, "E→E"), (90, 40, "I→E"), (40, 90, "E→I"), (90, 90, "I→I")):
        ax.text(x, y, label, ha="center", va="center", fontsize=11,
                bbox={"facecolor": "white", "alpha": 0.85, "lw": 0})
    ax.set(xlabel="Presynaptic neuron j (index)", ylabel="Postsynaptic neuron i (index)",
           title=f"{title}: {conn.n_synapses} synapses")

# %% [markdown]
# Rows are postsynaptic neurons, columns presynaptic ones; red marks an
# excitatory synapse, blue an inhibitory one. The lines cut the matrix into
# its four blocks: E→E (top left), I→E (top right), E→I and I→I (bottom).
# Both matrices look like random sparse scatter with a density of 10 %; the
# difference is in the counts per row. With fixed in-degree every row holds
# exactly 8 red and 2 blue entries (unless a pair is connected twice);
# with Bernoulli the counts vary from row to row, and so does the total number of synapses.

# %%
# NBVAL_CHECK_OUTPUT
for name, conn in (("fixed in-degree", conn_fixed), ("Bernoulli", conn_bern)):
    from_e, from_i = conn.in_degrees()
    w = conn.to_dense()
    print(f"{name:>15}: E in-degree {from_e.min()}..{from_e.max()}, "
          f"I in-degree {from_i.min()}..{from_i.max()}, "
          f"pairs connected twice or more: {np.count_nonzero(w > 1)}, "
          f"autapses: {np.count_nonzero(np.diag(w))}")
# Expected output:
# fixed in-degree: E in-degree 8..8, I in-degree 2..2, pairs connected twice or more: 41, autapses: 0
#       Bernoulli: E in-degree 2..14, I in-degree 0..7, pairs connected twice or more: 0, autapses: 0

# %% [markdown]
# ## Degree distributions
#
# For the 1000-neuron network the differences become distributions. With
# Bernoulli wiring the number of E inputs of a neuron is a sum of
# independent coin flips with probability $p = C_E/N_E$, a binomial
# distribution:
#
# $$
# P(k) = \binom{n}{k} p^k (1 - p)^{n - k}, \qquad n = N_E - 1 \text{ for an E neuron
# (no autapse)}, \; N_E \text{ for an I neuron},
# $$
#
# with mean $\approx C_E$ and standard deviation $\sqrt{C_E (1 - p)} \approx 8.5$.
# With fixed in-degree the in-degree is exactly $C_E$, but the *out*-degree
# varies: each of the $N$ neurons picks its $C_E$ partners among $N_E$, so a
# given E neuron is picked about Poisson($N C_E / N_E$) = Poisson(100) times.

# %% [markdown]
# **Predict.** With Bernoulli wiring, each of 800 excitatory neurons connects to a given neuron with probability 0.1. By how much do the excitatory in-degrees vary from neuron to neuron?
#
# <details><summary>Answer</summary>
#
# They are binomial: mean 80, standard deviation $\sqrt{80 \times 0.9} \approx 8.5$ synapses, about 10 %. With fixed in-degree every neuron has exactly 80.
#
# </details>

# %%
rng = np.random.default_rng(seed)
wiring = {rule: sc.build_connectivity(net.replace(connectivity=rule), rng=rng)
          for rule in ("fixed_indegree", "bernoulli")}
p_e = net.c_exc / net.n_exc
k = np.arange(40, 131)
# E neurons draw from N_E - 1 candidates (no autapse), I neurons from N_E
pmf_in = (net.n_exc * binom.pmf(k, net.n_exc - 1, p_e)
          + net.n_inh * binom.pmf(k, net.n_exc, p_e)) / net.n_neurons

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
bins = np.arange(39.5, 131.5, 2.0)
from_e_b, _ = wiring["bernoulli"].in_degrees()
from_e_f, _ = wiring["fixed_indegree"].in_degrees()
ax1.hist(from_e_b, bins=bins, density=True, color="0.6", label="Bernoulli")
ax1.plot(k, pmf_in, "k-", lw=1.5, label="binomial (theory)")
ax1.axvline(from_e_f[0], color=sc.E_COLOR, lw=2.5,
            label=f"fixed in-degree: all {np.count_nonzero(from_e_f == net.c_exc)} neurons at {net.c_exc}")
ax1.set(xlabel="Excitatory in-degree (synapses)", ylabel="Fraction of neurons",
        title="In-degree from E neurons")
ax1.legend(fontsize=8, loc="upper left")
out_e = wiring["fixed_indegree"].out_degrees()[: net.n_exc]
ax2.hist(out_e, bins=bins, density=True, color=sc.E_COLOR, alpha=0.7, label="fixed in-degree, E neurons")
ax2.plot(k, poisson.pmf(k, net.n_neurons * net.c_exc / net.n_exc), "k-", lw=1.5,
         label=r"Poisson($N C_E / N_E$)")
ax2.set(xlabel="Out-degree (synapses)", ylabel="Fraction of neurons", title="Out-degree of E neurons")
ax2.legend(fontsize=8);

# %% [markdown]
# Left: fixed in-degree puts every neuron at 80 (the red line); Bernoulli spreads the
# in-degree over roughly 65 to 95, right on the binomial. A neuron with
# more E inputs than average receives more excitation, so Bernoulli wiring
# makes the rates of identical neurons more heterogeneous. Right: even with
# fixed in-degree, the out-degrees vary as predicted, so some neurons
# influence more targets than others.

# %%
# NBVAL_CHECK_OUTPUT
print(f"Bernoulli E in-degree: mean {from_e_b.mean():.1f} (theory {np.sum(k * pmf_in):.1f}), "
      f"std {from_e_b.std():.2f} (theory {np.sqrt(np.sum(k**2 * pmf_in) - np.sum(k * pmf_in) ** 2):.2f})")
print(f"fixed in-degree E out-degree: mean {out_e.mean():.1f}, std {out_e.std():.1f} "
      f"(Poisson: {net.n_neurons * p_e:.0f} and {np.sqrt(net.n_neurons * p_e):.1f})")
# Expected output:
# Bernoulli E in-degree: mean 80.4 (theory 79.9), std 8.27 (theory 8.48)
# fixed in-degree E out-degree: mean 100.0, std 10.0 (Poisson: 100 and 10.0)

# %% [markdown]
# ## What the engine does in one time step
#
# `snncourse.simulate_network` is a clock-driven simulator: it advances all
# neurons together in steps of `dt` = 0.1 ms. Its docstring
# (`snncourse.network`) lists what happens in step $k$, from $t_k$ to $t_{k+1}$:
#
# 1. **Leak.** Every potential relaxes exactly towards $V_\infty$:
#    $V \leftarrow V_\infty + (V - V_\infty)\, e^{-dt/\tau_m}$ (notebook 1).
# 2. **Input.** The recurrent input due in this step is added from a *ring
#    buffer*, plus the external Poisson counts times $J$ (and white noise if any).
# 3. **Refractoriness.** Neurons within $t_\mathrm{ref}$ of their last spike
#    are clamped at $V_\mathrm{reset}$; input arriving then is lost.
# 4. **Threshold.** Neurons with $V \ge V_\mathrm{th}$ spike at $t_{k+1}$ and are reset.
# 5. **Delivery.** For each spiking neuron the engine looks up its targets
#    (one contiguous slice of the presynaptic-major connectivity), counts
#    them with `np.bincount`, and adds $J$ times the E counts and $-gJ$ times
#    the I counts to the ring-buffer slot $D/dt$ = 15 steps ahead.
#
# The ring buffer is a small array of $D/dt + 1$ rows of $N$ values: row
# $k \bmod 16$ holds the input that will arrive in step $k$, so a delay
# costs memory but no search. Every operation acts on all $N$ neurons at
# once; the only Python loop runs over time steps.

# %% [markdown]
# **Predict.** If the transmission delay $D$ doubles, does the simulation need more memory?
#
# <details><summary>Answer</summary>
#
# A little: the ring buffer that holds the input still in transit has $D/dt + 1$ slots of one value per neuron, so it grows linearly with $D$. The connectivity, by far the largest array, does not change.
#
# </details>

# %% [markdown]
# ## Why vectorized: a Python loop against `np.bincount`
#
# Step 5 could be written as the textbook double loop: for each spiking
# neuron, for each of its targets, add the weight. We time it against the
# engine's way on our 1000-neuron network, for one step in which 50 neurons
# spike (the network fires about 3 spikes per step; a synchronous burst
# brings many more).

# %%
conn = wiring["fixed_indegree"]
n = net.n_neurons
fired = np.sort(np.random.default_rng(seed).choice(n, size=50, replace=False))
weight = np.where(np.arange(n) < net.n_exc, net.j_exc, net.j_inh)  # mV, by presynaptic neuron


def deliver_loop(fired):
    """Input (mV) to every neuron from the spikes of `fired`: two nested Python loops."""
    incoming = np.zeros(n)
    for j in fired:
        for i in conn.targets[conn.indptr[j]:conn.indptr[j + 1]]:
            incoming[i] += weight[j]
    return incoming


def deliver_bincount(fired):
    """The same with array operations, as the engine does it."""
    n_fired_e = np.searchsorted(fired, net.n_exc)  # `fired` is sorted: E neurons come first
    incoming = np.zeros(n)
    for src, w in ((fired[:n_fired_e], net.j_exc), (fired[n_fired_e:], net.j_inh)):
        if src.size:
            targets = np.concatenate([conn.targets[conn.indptr[j]:conn.indptr[j + 1]] for j in src])
            incoming += w * np.bincount(targets, minlength=n)
    return incoming


def best_time(f, repeats=20):
    """Shortest of `repeats` runs of f() (s): the least disturbed by other processes."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


t_loop = best_time(lambda: deliver_loop(fired), repeats=5)
t_vec = best_time(lambda: deliver_bincount(fired))
print(f"Python loop: {1e3 * t_loop:.2f} ms per step; bincount: {1e3 * t_vec:.3f} ms per step; "
      f"about {t_loop / t_vec:.0f} times faster")
# Brunel's full network: ~48 spikes per step with ~1000 targets each, ~10x the synapses here
print(f"delivery in Brunel's network, 1 s = 10,000 steps: loop about {10 * t_loop * 1e4:.0f} s, "
      f"bincount about {10 * t_vec * 1e4:.1f} s")

# %% [markdown]
# The loop touches the synapses of the 50 neurons (about 100 each) one at
# a time, each through the Python interpreter; `np.bincount` runs the same additions in compiled code. The
# speed-up, a factor of 20 to 100 on a typical machine (the exact number
# varies from run to run), is what makes it possible to simulate Brunel's
# 12,500 neurons for a second in a few seconds. In that network about 48
# neurons spike per step, each with about 1,000 targets, ten times the
# synapses of our test: the second line scales our timings up to one
# simulated second: minutes for the loop against a few seconds for
# `np.bincount`. Both give the same input, of course:

# %%
# NBVAL_CHECK_OUTPUT
a, b = deliver_loop(fired), deliver_bincount(fired)
print(f"same input: {np.allclose(a, b)}; total input delivered {b.sum():.1f} mV "
      f"to {np.count_nonzero(b)} neurons")
# Expected output:
# same input: True; total input delivered -724.5 mV to 961 neurons

# %% [markdown]
# ## A first network simulation
#
# We simulate the network for one second and record the membrane potential
# of about 200 neurons (two of them are plotted, all give the synchrony
# measure $\chi$ below). The initial potentials are drawn uniformly between rest
# and threshold, so we discard the first 100 ms as a transient.

# %%
t_start = 100.0  # ms, transient discarded
ids = np.r_[0, net.n_exc, np.setdiff1d(sc.regimes.record_subset(net.n_neurons, 200), [0, net.n_exc])]
res = sc.simulate_network(net, duration=1000.0, dt=0.1, rng=seed, record_ids=ids)  # rows 0, 1: E, I

fig, axes = plt.subplots(3, 1, figsize=(9, 7.5), layout="constrained", sharex=True,
                         gridspec_kw={"height_ratios": [2.2, 1, 1]})
t_show = (200.0, 500.0)
sc.plot_raster(res, ax=axes[0], t_range=t_show, n_max=200)
axes[0].set(title="Raster: 160 of 800 E neurons (red), 40 of 200 I neurons (blue)", xlabel="")
t_bins, rate_e = sc.population_rate(res.spike_times[res.spike_ids < net.n_exc], net.n_exc, res.duration, 1.0)
_, rate_i = sc.population_rate(res.spike_times[res.spike_ids >= net.n_exc], net.n_inh, res.duration, 1.0)
axes[1].plot(t_bins, rate_e, color=sc.E_COLOR, lw=0.8, label="E")
axes[1].plot(t_bins, rate_i, color=sc.I_COLOR, lw=0.8, alpha=0.8, label="I")
nu_mf = sc.theory.brunel_rate(net)
axes[1].axhline(nu_mf, color="k", ls="--", lw=1.2, label=f"mean field, {nu_mf:.1f} Hz")
axes[1].set(ylabel="Population rate (Hz)", title="Population rate, 1 ms bins")
axes[1].legend(fontsize=8, loc="upper right", ncol=3)
for row, (nid, c) in enumerate(zip(res.record_ids[:2], (sc.E_COLOR, sc.I_COLOR))):
    kind = "E" if nid < net.n_exc else "I"
    axes[2].plot(res.times, res.v[row], color=c, lw=0.7, label=f"neuron {nid} ({kind})")
axes[2].axhline(net.neuron.v_th, color="0.4", ls=":", lw=1)
axes[2].set(xlabel="Time (ms)", ylabel="V (mV)", xlim=t_show, title="Membrane potentials")
axes[2].legend(fontsize=8, loc="lower right");

# %% [markdown]
# Top: each row is a neuron, each tick a spike. Single neurons fire
# irregularly, a few spikes per 100 ms, with no visible order among them;
# the population as a whole fires in faint vertical stripes. Middle: the
# population rate is far from constant: it swings up and down by about
# as much as its mean, with a period of about a dozen milliseconds (the
# numbers below: a fast rhythm, and a synchrony $\chi$ well above the
# $1/\sqrt{N}$ of independent neurons, but below the threshold of the
# synchronous states of notebook 7). It swings around the mean-field
# prediction (dashed), which is Siegert's rate of
# notebook 2 solved self-consistently: the rate $\nu$ a neuron fires at
# when its input comes from $C_E$ E and $C_I$ I neurons firing at $\nu$.
# Bottom: the membrane potentials wander below threshold, driven by the
# fluctuations as in notebooks 2 and 3.

# %%
# NBVAL_CHECK_OUTPUT
keep = res.spike_times >= t_start
cv = sc.isi_cv(res.spike_times[keep], res.spike_ids[keep], net.n_neurons)
window_s = (res.duration - t_start) / 1000.0
rate_e_mean = np.count_nonzero(keep & (res.spike_ids < net.n_exc)) / (net.n_exc * window_s)
rate_i_mean = np.count_nonzero(keep & (res.spike_ids >= net.n_exc)) / (net.n_inh * window_s)
print(f"mean rate {res.mean_rate(t_start):.1f} Hz (E {rate_e_mean:.1f}, I {rate_i_mean:.1f}); "
      f"mean-field prediction {nu_mf:.1f} Hz")
print(f"mean ISI CV {np.nanmean(cv):.2f}")
# Expected output:
# mean rate 33.7 Hz (E 33.8, I 33.3); mean-field prediction 34.4 Hz
# mean ISI CV 0.83

# %% [markdown]
# The simulated rate is within a few percent of the mean-field value (a
# little below it, partly the time-step effect of notebook 2), E and I
# neurons fire at the same rate (they are identical and receive the same
# in-degrees), and the ISI CV is about 0.8: irregular firing, produced by
# the network itself. How asynchronous it is: the swings of the population
# rate, the peak of its spectrum (`regime_statistics`, notebook 7) and
# Golomb's $\chi$ over the recorded neurons (notebook 6; independent
# neurons would give about $1/\sqrt{200} = 0.07$):

# %%
# NBVAL_CHECK_OUTPUT
s = sc.regime_statistics(res, t_start=t_start)
_, rate_all = sc.population_rate(res.spike_times, net.n_neurons, res.duration - t_start, 1.0,
                                 t_start=t_start)
print(f"population rate in 1 ms bins: 5-95 % range {np.percentile(rate_all, 5):.0f}-"
      f"{np.percentile(rate_all, 95):.0f} Hz around a mean of {rate_all.mean():.0f} Hz")
print(f"spectral peak {s['f_peak_hz']:.0f} Hz (period {1000 / s['f_peak_hz']:.1f} ms); "
      f"chi over {s['n_record']} neurons {s['chi']:.2f}")
# Expected output:
# population rate in 1 ms bins: 5-95 % range 9-72 Hz around a mean of 34 Hz
# spectral peak 78 Hz (period 12.8 ms); chi over 201 neurons 0.22

# %% [markdown]
# Single neurons are irregular, but the population is not silent noise: a
# fast population rhythm with a period of about a dozen milliseconds
# (several synaptic delays) makes the rate swing by
# tens of Hz, and $\chi$ is about three times the independent value.
# Notebooks 5-7 measure such structure systematically; notebook 7 names
# this kind of state.
#
# ## The mean-field rate, graphically
#
# The dashed mean-field line solves a self-consistency. If every neuron of
# the network fires at rate $\nu$, a neuron's input has the mean and the
# noise amplitude (notebook 3, Brunel's eqs. 4-5)
#
# $$
# \mu(\nu) = C_E J \tau_m \left[\nu_\mathrm{ext} + \nu (1 - g\gamma)\right], \qquad
# \sigma^2(\nu) = J^2 C_E \tau_m \left[\nu_\mathrm{ext} + \nu (1 + g^2\gamma)\right],
# $$
#
# with $\gamma = C_I / C_E$, and the neuron fires at Siegert's rate
# $\phi(\nu) = \phi\big(\mu(\nu), \sigma(\nu)\big)$ (notebook 2). A
# stationary state must reproduce itself, $\phi(\nu) = \nu$: it is where
# the curve $\phi(\nu)$ crosses the identity line.

# %%
nus = np.linspace(0.5, 120.0, 240)  # Hz
phi = [sc.theory.siegert_rate(net.neuron, *sc.theory.brunel_input(net, x)) for x in nus]
fig, ax = plt.subplots(figsize=(5.2, 4), layout="constrained")
ax.plot(nus, phi, color="k", lw=1.5, label=r"$\phi(\nu)$: Siegert at $\mu(\nu), \sigma(\nu)$")
ax.plot(nus, nus, "k:", lw=1, label=r"identity $\nu$")
ax.plot(nu_mf, nu_mf, "o", color="k", mfc="w", label=f"crossing: {nu_mf:.1f} Hz (brunel_rate)")
ax.axhline(res.mean_rate(t_start), color=sc.E_COLOR, lw=1, ls="--", label="simulated rate")
ax.set(xlabel=r"Rate of the inputs $\nu$ (Hz)", ylabel=r"Output rate $\phi(\nu)$ (Hz)",
       title="Mean-field self-consistency")
ax.legend(fontsize=8);

# %% [markdown]
# With $g = 6 > 4$ the recurrent input is net inhibitory: the faster the
# network fires, the lower $\mu$, so $\phi(\nu)$ *falls* with $\nu$ and
# crosses the identity exactly once; `theory.brunel_rate` finds that
# crossing by root finding. The simulated rate sits close to it. A curve
# that rose steeply instead (weak inhibition, $g < 4$) could cross three
# times, as in notebook 8.

# %% [markdown]
# ## Explore
#
# Move the in-degree and switch the wiring rule: with fixed in-degree every neuron has exactly $C_E$ excitatory inputs, with Bernoulli wiring the in-degrees spread as the binomial. The figure below is the explorer at $C_E = 200$, Bernoulli; the sliders under it redraw it.

# %%
fig, stats = sc.widgets.wiring_explorer("bernoulli", 200)

# %% [markdown]
# The sliders update the figure when released:

# %%
sc.widgets.wiring_explorer_widget()

# %% [markdown]
# ## Summary
#
# - A network is specified by its populations, in-degrees, efficacies $J$
#   and $-gJ$, delay $D$ and external drive $\eta$ (`NetworkParams`,
#   `brunel2000`).
# - Fixed in-degree gives every neuron the same number of inputs (and
#   variable out-degrees); Bernoulli wiring gives binomial in-degrees. The
#   connectivity matrix `Connectivity.to_dense()` shows the four E/I blocks.
# - The engine advances all neurons at once: exact leak, input from a ring
#   buffer, refractory clamp, threshold, and delivery with `np.bincount`,
#   which beats a Python loop by well over an order of magnitude.
# - A first inhibition-dominated network fires irregularly near the rate
#   that mean-field theory predicts.
#
# Next, notebook 5 analyses the activity of such networks with the panels of
# the report's Figure 2.1.
#
# ## References
#
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014). *Neuronal Dynamics*,
#   ch. 12 (neuronal populations) and ch. 13 (continuity equation and
#   Fokker-Planck approach). Cambridge University Press.
# - Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 7 (network models). MIT Press.
# - Brette R et al. (2007). Simulation of networks of spiking neurons: a
#   review of tools and strategies. *J Comput Neurosci* 23:349-398.
