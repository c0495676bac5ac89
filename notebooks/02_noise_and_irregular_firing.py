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
# # 2. Noise and irregular firing
#
# Driven by a constant current, the LIF neuron of notebook 1 fires like a
# clock. Cortical neurons do not: their interspike intervals are highly
# variable, close to those of a Poisson process. In this notebook the input
# becomes noisy, and we measure and predict what that does to the spike train.
#
# **Learning goals.** After this notebook you can
#
# - drive an LIF neuron with white noise or with Poisson spike trains, and
#   relate the two through the mean $\mu$ and the noise amplitude $\sigma$ of the input;
# - compute ISI histograms, the coefficient of variation (CV) and the Fano
#   factor, and say what values a Poisson process gives;
# - tell mean-driven from fluctuation-driven firing, and which one gives irregular spike trains;
# - predict the firing rate and the CV of a noisy LIF neuron with Siegert's
#   formula and check them against simulation.

# %%
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from scipy.optimize import brentq

import snncourse as sc

# %% [markdown]
# ## The model: an LIF neuron with noisy input
#
# We write the total input as a mean $\mu$ (in mV; $\mu = V_\mathrm{rest} + R_m I$
# for a current $I$) plus Gaussian white noise $\xi(t)$ of amplitude $\sigma$ (mV):
#
# $$
# \tau_m \frac{dV}{dt} = -V + \mu + \sigma \sqrt{\tau_m}\, \xi(t),
# \qquad \langle \xi(t)\xi(t')\rangle = \delta(t - t'),
# $$
#
# with threshold, reset and refractoriness as before. This is Brunel's (2000)
# convention: without a threshold, $V$ is an Ornstein-Uhlenbeck process with
# mean $\mu$, standard deviation $\sigma/\sqrt{2}$ and correlation time $\tau_m$.
# `simulate_neuron(..., noise_sigma=sigma)` integrates it exactly over each step.

# %% [markdown]
# ## Parameters

# %%
params = sc.LIFParams()  # tau_m = 20 ms, V_th = 20 mV, V_reset = 10 mV, t_ref = 2 ms
dt = 0.1  # ms
duration = 1000.0  # ms per simulation
n_neurons = 100  # independent neurons per condition
seed = 2024  # every random number below derives from it
rng = np.random.default_rng(seed)


def current_for(mu, p=params):
    """Constant current (nA) that makes the mean input mu (mV)."""
    return (mu - p.v_rest) / p.r_m


# %% [markdown]
# ## The reference: a Poisson process
#
# A Poisson process of rate $\nu$ is the least regular spike train with a
# given rate: spikes occur independently, so the intervals are exponential,
# $p(T) = \nu e^{-\nu T}$, with a CV (standard deviation over mean of the
# intervals) of exactly 1, and the spike count in a window of length $T_w$
# is Poisson, with a Fano factor (count variance over count mean) of 1 for
# every window. We draw 100 trains at 10 Hz with `poisson_spike_trains`.

# %%
nu_ref = 10.0  # Hz
t_ref_train, id_ref = sc.poisson_spike_trains(nu_ref, 10_000.0, n_trains=100, rng=rng)
isi_ref = sc.isi_intervals(t_ref_train, id_ref)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
show = id_ref < 20
ax1.plot(t_ref_train[show], id_ref[show], "|", color="0.3", ms=5)
ax1.set(xlim=(0, 1000), xlabel="Time (ms)", ylabel="Train", title=f"Poisson trains, {nu_ref:g} Hz")
t_isi = np.linspace(0, 500, 200)
ax2.hist(isi_ref, bins=60, range=(0, 500), density=True, color="0.6", label="sampled")
ax2.plot(t_isi, nu_ref / 1000 * np.exp(-nu_ref / 1000 * t_isi), "k-", lw=1.5,
         label=r"$\nu e^{-\nu T}$")
ax2.set(xlabel="ISI T (ms)", ylabel="Density (1/ms)", title="Interval distribution")
ax2.legend(fontsize=8);

# %% [markdown]
# The raster has no visible structure, and the intervals follow the
# exponential: short intervals are the most likely ones. The two statistics
# we will use for every spike train come out at 1:

# %%
# NBVAL_CHECK_OUTPUT
cv_ref = np.nanmean(sc.isi_cv(t_ref_train, id_ref, 100))
counts_ref = sc.spike_counts(t_ref_train, id_ref, 100, bin_size=100.0, t_stop=10_000.0)
ff_ref = sc.fano_factor(counts_ref.ravel())  # all trains' windows pooled
print(f"Poisson: mean CV = {cv_ref:.2f}, mean Fano factor (100 ms windows) = {ff_ref:.2f}")
# Expected output:
# Poisson: mean CV = 0.98, mean Fano factor (100 ms windows) = 0.98

# %% [markdown]
# ## White noise and Poisson input
#
# Where does a noisy input come from? A cortical neuron receives thousands
# of synapses, each a Poisson-like train of small jumps. Take excitatory
# inputs at total rate $\nu_E$ making $V$ jump by $J$ and inhibitory ones at
# $\nu_I$ making it jump by $-J$. Campbell's theorem (notebook 3) gives the
# mean and the variance they cause, and the *diffusion approximation*
# replaces them by white noise with the same two numbers:
#
# $$
# \mu = \tau_m J (\nu_E - \nu_I), \qquad \sigma^2 = \tau_m J^2 (\nu_E + \nu_I).
# $$
#
# With $J = 0.5$ mV, $\nu_E = 3250$ Hz and $\nu_I = 1750$ Hz (for example
# 1000 synapses at a few Hz), $\mu = 15$ mV and $\sigma = 5$ mV. We simulate
# both inputs and compare.

# %%
# NBVAL_CHECK_OUTPUT
mu_pi, sigma_pi = 15.0, 5.0  # mV
j_in, nu_e, nu_i = 0.5, 3250.0, 1750.0  # mV, Hz, Hz
print(f"mu = {params.tau_m * j_in * (nu_e - nu_i) / 1000:.1f} mV, "
      f"sigma = {np.sqrt(params.tau_m * j_in**2 * (nu_e + nu_i) / 1000):.1f} mV")
v0 = rng.uniform(params.v_reset, params.v_th, n_neurons)
res_white = sc.simulate_neuron(params, current_for(mu_pi), duration=duration, dt=dt,
                               n_neurons=n_neurons, noise_sigma=sigma_pi, v0=v0, rng=rng)
res_poiss = sc.simulate_neuron(params, 0.0, duration=duration, dt=dt, n_neurons=n_neurons,
                               poisson_input=[(nu_e, j_in), (nu_i, -j_in)], v0=v0, rng=rng)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained",
                               gridspec_kw={"width_ratios": [2, 1]})
for res, c, label in ((res_white, "0.2", "white noise"), (res_poiss, "0.65", "Poisson input")):
    ax1.plot(res.times, res.v[0], color=c, lw=0.8, label=label)
    ax2.hist(sc.isi_intervals(res.spike_times, res.spike_ids), bins=40, range=(0, 400),
             density=True, histtype="step", lw=1.5, color=c, label=label)
ax1.axhline(params.v_th, color="0.4", ls=":", lw=1)
ax1.set(xlim=(0, 500), xlabel="Time (ms)", ylabel="V (mV)", title=r"$\mu$ = 15 mV, $\sigma$ = 5 mV")
ax1.legend(fontsize=8, loc="lower right")
_ = ax2.set(xlabel="ISI (ms)", ylabel="Density (1/ms)", title="Interval distributions")
# Expected output:
# mu = 15.0 mV, sigma = 5.0 mV

# %% [markdown]
# The traces look alike: the Poisson input is rough at the scale of single
# 0.5 mV jumps, but over a membrane time constant it wanders like the white
# noise. The interval distributions agree too, and so do the rates and
# CVs, and both are close to Siegert's prediction (below) for white noise:

# %%
# NBVAL_CHECK_OUTPUT
for name, res in (("white noise  ", res_white), ("Poisson input", res_poiss)):
    rate = res.spike_times.size * 1000.0 / (n_neurons * duration)
    isis = sc.isi_intervals(res.spike_times, res.spike_ids)
    print(f"{name}: rate {rate:5.1f} Hz, CV {np.std(isis) / np.mean(isis):.2f}")
print(f"theory       : rate {sc.theory.siegert_rate(params, mu_pi, sigma_pi):5.1f} Hz, "
      f"CV {sc.theory.siegert_cv(params, mu_pi, sigma_pi):.2f}")
# Expected output:
# white noise  : rate   9.2 Hz, CV 0.79
# Poisson input: rate   9.1 Hz, CV 0.79
# theory       : rate   9.5 Hz, CV 0.81

# %% [markdown]
# The mean input, 15 mV, is *below* the 20 mV threshold: without noise this
# neuron would never fire. It fires at about 9 Hz only because the
# fluctuations carry it across threshold, and this makes its intervals
# irregular, with a CV near 0.8. From here on we use white noise, which
# the theory describes exactly.

# %% [markdown]
# ## Mean-driven versus fluctuation-driven firing
#
# The same rate can come from two very different inputs: a mean above
# threshold with little noise (**mean-driven**, the neuron integrates
# up to threshold like a clock, jittered by the noise), or a mean below
# threshold with strong noise (**fluctuation-driven**, spikes are caused by
# random excursions). We let the theory choose both inputs so that the rate
# is 20 Hz: for each $\sigma$ we solve $\nu(\mu, \sigma) = 20$ Hz for $\mu$.

# %% [markdown]
# **Predict.** Two neurons fire at the same 20 Hz: one has weak noise and a mean input above threshold, the other strong noise and a mean input below it. Which spike train is more irregular?
#
# <details><summary>Answer</summary>
#
# The fluctuation-driven one (mean below threshold): its spikes are triggered by random excursions, so its intervals are close to exponential and its CV is closer to 1. The mean-driven neuron fires almost like a clock, the noise only jitters it.
#
# </details>

# %%
# NBVAL_CHECK_OUTPUT
target = 20.0  # Hz
regimes = {}
for name, sigma in (("mean-driven", 1.0), ("fluctuation-driven", 8.0)):
    mu = brentq(lambda m: sc.theory.siegert_rate(params, m, sigma) - target, 0.0, 40.0)
    regimes[name] = (mu, sigma)
    print(f"{name:>18}: mu = {mu:.2f} mV, sigma = {sigma:.1f} mV")
# Expected output:
#        mean-driven: mu = 20.77 mV, sigma = 1.0 mV
# fluctuation-driven: mu = 15.36 mV, sigma = 8.0 mV

# %% [markdown]
# Now simulate both regimes: one neuron's membrane potential, and the ISI
# histogram of all neurons of each regime.

# %%
results = {}
for name, (mu, sigma) in regimes.items():
    v0 = rng.uniform(params.v_reset, params.v_th, n_neurons)
    results[name] = sc.simulate_neuron(params, current_for(mu), duration=duration, dt=dt,
                                       n_neurons=n_neurons, noise_sigma=sigma, v0=v0, rng=rng)

fig, axes = plt.subplots(2, 2, figsize=(9, 5.5), layout="constrained",
                         gridspec_kw={"width_ratios": [2, 1]})
for row, (name, res) in enumerate(results.items()):
    mu, sigma = regimes[name]
    ax_v, ax_h = axes[row]
    ax_v.plot(res.times, res.v[0], color="0.3", lw=0.7)
    ax_v.vlines(res.spikes_of(0), params.v_th, params.v_th + 5, color="0.3", lw=1)
    ax_v.axhline(params.v_th, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$")
    ax_v.axhline(mu, color="k", ls="--", lw=1.2, label=r"$\mu$")
    ax_v.set(xlim=(0, 500), ylim=(-5, 27), ylabel="V (mV)",
             title=rf"{name}: $\mu$ = {mu:.1f} mV, $\sigma$ = {sigma:g} mV")
    ax_v.legend(fontsize=8, loc="lower right")
    isis = sc.isi_intervals(res.spike_times, res.spike_ids)
    ax_h.hist(isis, bins=50, range=(0, 200), density=True, color="0.6")
    ax_h.set(ylabel="Density (1/ms)",
             title=f"CV {np.std(isis) / np.mean(isis):.2f} "
                   f"(theory {sc.theory.siegert_cv(params, mu, sigma):.2f})")
axes[1, 0].set_xlabel("Time (ms)")
axes[1, 1].set_xlabel("ISI (ms)");

# %% [markdown]
# The rates and CVs of the two histograms, with Siegert's:

# %%
# NBVAL_CHECK_OUTPUT
for name, res in results.items():
    isis = sc.isi_intervals(res.spike_times, res.spike_ids)
    rate = res.spike_times.size * 1000.0 / (n_neurons * duration)
    print(f"{name:>18}: rate {rate:4.1f} Hz, mean ISI {np.mean(isis):4.1f} ms, "
          f"CV {np.std(isis) / np.mean(isis):.2f} (theory {sc.theory.siegert_cv(params, *regimes[name]):.2f})")
# Expected output:
#        mean-driven: rate 19.6 Hz, mean ISI 50.4 ms, CV 0.23 (theory 0.24)
# fluctuation-driven: rate 18.8 Hz, mean ISI 51.7 ms, CV 0.82 (theory 0.85)

# %% [markdown]
# Both neurons fire at about 20 Hz (the fluctuation-driven one a little
# less: the last section explains why), but the mean-driven one fires almost
# periodically: its intervals cluster around 50 ms (CV 0.23), since
# every interval is the deterministic climb from reset to threshold, slightly
# jittered. The fluctuation-driven neuron hovers below threshold and fires
# when a fluctuation lifts it there: short and long intervals alike, an
# almost exponential tail, and a CV of 0.82 (Siegert: 0.85), closer to a
# Poisson process. Irregular cortical firing is a sign that neurons operate in the
# fluctuation-driven regime, with a mean input near or below threshold
# (Softky & Koch 1993; Shadlen & Newsome 1998); notebook 3 shows how
# balanced excitation and inhibition put them there.
#
# The Fano factor tells the same story for spike counts. For a renewal
# process it goes from 1 in short windows (few spikes, nearly independent)
# to $\mathrm{CV}^2$ in long ones, so we plot it against the window length
# with the theoretical $\mathrm{CV}^2$ as the limit.

# %%
windows = np.array([2, 5, 10, 20, 50, 100, 200, 400])  # ms
fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
ff_long = {}
for (name, res), c in zip(results.items(), ("0.2", "0.6")):
    # pool the windows of all neurons (identical and independent): with only
    # duration / w windows per neuron a per-neuron variance would be biased low
    ff = [sc.fano_factor(sc.spike_counts(res.spike_times, res.spike_ids, n_neurons,
                                   bin_size=w, t_stop=duration).ravel())
          for w in windows]
    ff_long[name] = ff[-1]
    ax.semilogx(windows, ff, "o-", color=c, label=f"{name} (simulated)")
    ax.axhline(sc.theory.siegert_cv(params, *regimes[name]) ** 2, color=c, ls="--", lw=1)
ax.axhline(1.0, color="k", ls=":", lw=1, label="Poisson")
ax.plot([], [], "k--", lw=1, label=r"theory: CV$^2$ (long windows)")
ax.set(xlabel="Counting window (ms)", ylabel="Fano factor", title="Count variability vs window")
ax.legend(fontsize=8);

# %% [markdown]
# In windows shorter than an interval both Fano factors are near 1; in
# windows of a few intervals they fall towards $\mathrm{CV}^2$: below 0.1
# for the clock-like neuron, about 0.7 for the fluctuation-driven one. The
# Fano factor in long windows and the CV measure the same irregularity.

# %%
# NBVAL_CHECK_OUTPUT
for name, res in results.items():
    mu, sigma = regimes[name]
    rate = res.spike_times.size * 1000.0 / (n_neurons * duration)
    print(f"{name:>18}: rate {rate:4.1f} Hz (theory {target:g}), "
          f"Fano factor (400 ms) {ff_long[name]:.2f}, "
          f"CV^2 theory {sc.theory.siegert_cv(params, mu, sigma) ** 2:.2f}")
# Expected output:
#        mean-driven: rate 19.6 Hz (theory 20), Fano factor (400 ms) 0.06, CV^2 theory 0.06
# fluctuation-driven: rate 18.8 Hz (theory 20), Fano factor (400 ms) 0.67, CV^2 theory 0.72

# %% [markdown]
# ## Siegert's formula: the rate as a function of $\mu$ and $\sigma$
#
# The mean time for the noisy membrane to travel from reset to threshold is
# a first-passage problem with a closed-form answer (Siegert 1951; Brunel
# 2000, eq. 21), `snncourse.theory.siegert_rate`:
#
# $$
# \frac{1}{\nu} = t_\mathrm{ref} + \tau_m \sqrt{\pi}
# \int_{(V_\mathrm{reset} - \mu)/\sigma}^{(V_\mathrm{th} - \mu)/\sigma} e^{u^2}\left(1 + \mathrm{erf}\,u\right) du,
# $$
#
# and a similar double integral gives the CV (`snncourse.theory.siegert_cv`).
# For $\sigma \to 0$ the rate becomes the F-I curve of notebook 1. We
# compare it with simulations over a range of $\mu$ for four noise levels:
# 20 neurons for 1 s per point.

# %% [markdown]
# **Predict.** Below threshold ($\mu < V_\mathrm{th}$), what does more noise do to the rate? And far above threshold?
#
# <details><summary>Answer</summary>
#
# Below threshold more noise raises the rate from (nearly) zero: only fluctuations bring $V$ to threshold. Far above threshold the mean input does the work and the noise changes the rate little.
#
# </details>

# %%
mus = np.arange(4.0, 32.1, 2.0)  # mV
sigmas = [1.0, 3.0, 5.0, 8.0]  # mV
n_rep = 20
mu_fine = np.linspace(0.0, 32.0, 161)
# the CV's double integral is slow (~50 ms a point): fewer points, denser near threshold
mu_cv = np.concatenate([np.arange(4.0, 16.0, 3.0), np.arange(16.0, 24.0, 1.0), np.arange(24.0, 32.1, 2.0)])
colors = plt.cm.viridis(np.linspace(0.0, 0.85, len(sigmas)))
sim_rate, sim_cv = {}, {}
for sigma in sigmas:
    mu_each = np.repeat(mus, n_rep)  # neuron k has mean input mu_each[k]
    res = sc.simulate_neuron(params, current_for(mu_each)[:, None], duration=duration, dt=dt,
                             n_neurons=mu_each.size, noise_sigma=sigma, record_v=False,
                             v0=rng.uniform(params.v_reset, params.v_th, mu_each.size), rng=rng)
    group = res.spike_ids // n_rep  # index into mus
    sim_rate[sigma] = np.bincount(group, minlength=mus.size) * 1000.0 / (n_rep * duration)
    cvs = np.full(mus.size, np.nan)
    for g in range(mus.size):
        isis = sc.isi_intervals(res.spike_times[group == g], res.spike_ids[group == g])
        if isis.size >= 100:  # enough intervals for a CV
            cvs[g] = np.std(isis) / np.mean(isis)
    sim_cv[sigma] = cvs

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for sigma, c in zip(sigmas, colors):
    sc.plot_theory_and_simulation(mu_fine, sc.theory.siegert_rate(params, mu_fine, sigma), mus,
                                  sim_rate[sigma], ax=ax1, color=c, label=rf"$\sigma$ = {sigma:g} mV")
    sc.plot_theory_and_simulation(mu_cv, sc.theory.siegert_cv(params, mu_cv, sigma), mus,
                                  sim_cv[sigma], ax=ax2, color=c)
ax1.plot(mu_fine, sc.theory.fi_curve(params, current_for(mu_fine)), "k:", lw=1.2,
         label=r"$\sigma$ = 0 (notebook 1)")
for ax in (ax1, ax2):
    ax.axvline(params.v_th, color="0.6", ls=":", lw=1)
    ax.set_xlabel(r"Mean input $\mu$ (mV)")
ax1.set(ylabel="Firing rate (Hz)", title="Rate: dots simulation, lines theory")
sc.legend_theory_and_simulation(ax1, theory="Siegert (theory)")
ax2.axhline(1.0, color="k", ls=":", lw=1)
ax2.set(ylabel="ISI CV (dimensionless)", ylim=(0, 1.3), title="Irregularity: dots simulation, lines theory");

# %% [markdown]
# Noise smooths the F-I curve: below threshold ($\mu < 20$ mV) the rate is
# no longer zero but grows with $\sigma$, and the sharp onset at the
# rheobase turns into a soft one. Far above threshold the noise hardly
# matters. The CV is near 1 deep in the fluctuation-driven regime and falls
# towards 0 as the mean takes over; for the same $\mu$, more noise means
# more irregular firing. (At low rates the simulated CVs fall below the
# lines: a 1 s run cuts off the longest intervals.) The rates follow the
# theory closely, with one systematic exception: the simulated rate lies
# below the line when the noise is strong, most of all in the
# fluctuation-driven regime ($\mu$ below threshold), by 5 to 7 % there
# against 1 to 3 % above threshold (single points scatter more: 20
# neurons for 1 s give only about 100 spikes at 5 Hz).

# %%
# NBVAL_CHECK_OUTPUT
def pooled_gap(sim, th, points):
    """Total simulated over total theoretical rate on `points`, minus 1, in % (text)."""
    return f"{100 * (sim[points].sum() / th[points].sum() - 1):+3.0f} %" if points.any() else " none"


for sigma in sigmas:
    th = sc.theory.siegert_rate(params, mus, sigma)
    below = (th > 2.0) & (mus < params.v_th)  # fluctuation-driven points that fire
    above = mus > params.v_th + 4.0  # mean-driven points
    print(f"sigma = {sigma:g} mV: simulated / theory - 1 = {pooled_gap(sim_rate[sigma], th, below)} "
          f"below threshold, {pooled_gap(sim_rate[sigma], th, above)} above")
# Expected output:
# sigma = 1 mV: simulated / theory - 1 =  none below threshold,  -1 % above
# sigma = 3 mV: simulated / theory - 1 =  -5 % below threshold,  -3 % above
# sigma = 5 mV: simulated / theory - 1 =  -7 % below threshold,  -3 % above
# sigma = 8 mV: simulated / theory - 1 =  -7 % below threshold,  -3 % above

# %% [markdown]
# Is this a flaw of the theory or of the simulation? The simulation checks
# the threshold only once per step. Between two checks, the noisy potential
# can cross the threshold and come back, a spike the continuous-time neuron
# would have fired and the simulated one misses. The noise moves $V$ by
# about $\sigma\sqrt{dt/\tau_m}$ per step, so the missed crossings, and the
# rate error, shrink as $\sqrt{dt}$. We test this at one fluctuation-driven
# point ($\mu$ = 10 mV, $\sigma$ = 8 mV) with three time steps, 1000
# neurons each, and the first 100 ms discarded.

# %%
mu_dt, sigma_dt = 10.0, 8.0  # mV
dts_noise = np.array([0.2, 0.1, 0.05])  # ms
rate_dt = []
for h in dts_noise:
    res = sc.simulate_neuron(params, current_for(mu_dt), duration=1100.0, dt=h, n_neurons=1000,
                             noise_sigma=sigma_dt, record_v=False, rng=rng)
    rate_dt.append(np.count_nonzero(res.spike_times > 100.0) / 1000 / 1.0)  # Hz (1 s)
rate_dt = np.array(rate_dt)
rate_siegert = sc.theory.siegert_rate(params, mu_dt, sigma_dt)
slope, intercept = np.polyfit(np.sqrt(dts_noise), rate_dt, 1)  # rate linear in sqrt(dt)

fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
x = np.linspace(0, np.sqrt(dts_noise.max()), 50)
ax.plot(np.sqrt(dts_noise), rate_dt, "o", color="0.3", ms=6, label="simulated")
ax.plot(x, intercept + slope * x, "--", color="0.5", lw=1, label=r"fit, linear in $\sqrt{dt}$")
ax.plot(0, rate_siegert, "k*", ms=12, label="Siegert (dt = 0)")
ax.set(xlabel=r"$\sqrt{dt}$ ($\sqrt{\mathrm{ms}}$)", ylabel="Firing rate (Hz)",
       title=rf"$\mu$ = {mu_dt:g} mV, $\sigma$ = {sigma_dt:g} mV")
ax.legend(fontsize=8);

# %% [markdown]
# The rate rises as the step shrinks, along a straight line in
# $\sqrt{dt}$, and the line extrapolated to $dt = 0$ lands close to
# Siegert's value (within the statistical error of the three points, a
# few percent). So the theory is right, and `dt = 0.1` ms costs us about a
# tenth of the rate at this point (the last line below): a fact to remember
# when we compare network simulations with mean-field theory later in the
# course.

# %%
# NBVAL_CHECK_OUTPUT
print("dt (ms):", dts_noise, " rates (Hz):", np.round(rate_dt, 1))
print(f"extrapolated to dt = 0: {intercept:.1f} Hz; Siegert: {rate_siegert:.1f} Hz")
print(f"rate at dt = 0.1 ms: {100 * (rate_dt[1] / rate_siegert - 1):+.0f} % against Siegert")
# Expected output:
# dt (ms): [0.2  0.1  0.05]  rates (Hz): [6.  6.3 6.5]
# extrapolated to dt = 0: 6.9 Hz; Siegert: 7.0 Hz
# rate at dt = 0.1 ms: -10 % against Siegert

# %% [markdown]
# ## Explore
#
# Move the mean input and the noise. Things to try: $\mu$ = 15 mV and
# $\sigma$ = 0 (silence), then raise $\sigma$; $\mu$ = 25 mV with
# $\sigma$ = 0.5 and 10 mV (same mean, regular versus irregular); find two
# settings with the same rate but very different CVs.

# %%
display(sc.widgets.noise_explorer_widget())

# %% [markdown]
# And the callback once directly (for a static copy of the notebook):

# %%
# NBVAL_CHECK_OUTPUT
fig, stats = sc.widgets.noise_explorer(mu=18.0, sigma=4.0)
print({k: round(v, 2) for k, v in stats.items()})
# Expected output:
# {'rate_sim': 15.9, 'rate_theory': 16.3, 'cv_sim': 0.63, 'cv_theory': 0.64, 'n_spikes': 318}

# %% [markdown]
# With $\mu$ = 18 mV and $\sigma$ = 4 mV the neuron is just below threshold
# on average and fires irregularly; the simulated rate and CV agree with
# Siegert's to within the statistical error of 40 neurons for 0.5 s.
#
# ## Summary
#
# - The Poisson process is the reference for irregular firing: exponential
#   intervals, CV = 1, Fano factor = 1.
# - Many small Poisson inputs act on the membrane like white noise with
#   mean $\mu$ and amplitude $\sigma$ (diffusion approximation).
# - Mean-driven firing ($\mu$ above threshold, small $\sigma$) is regular;
#   fluctuation-driven firing ($\mu$ below threshold) is irregular, with a
#   CV approaching 1 and a Fano factor that falls from 1 towards $\mathrm{CV}^2$
#   in long windows.
# - Siegert's formula predicts the rate (and the CV) of the noisy LIF neuron
#   for any $\mu$ and $\sigma$; the simulation agrees to a few percent,
#   the rest being the time-step error at large $\sigma$.
#
# Next, notebook 3 builds the input from explicit synapses: PSPs, delays,
# and balanced excitation and inhibition.
#
# ## References
#
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014). *Neuronal Dynamics*,
#   ch. 7 (variability of spike trains) and ch. 8 (noisy input models).
#   Cambridge University Press.
# - Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 1.4 (spike
#   train statistics, the Poisson process). MIT Press.
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208 (eq. 21 and appendix A).
# - Siegert AJF (1951). On the first passage time probability problem.
#   *Phys Rev* 81:617-623.
# - Softky WR, Koch C (1993). The highly irregular firing of cortical cells is
#   inconsistent with temporal integration of random EPSPs. *J Neurosci* 13:334-350.
# - Shadlen MN, Newsome WT (1998). The variable discharge of cortical neurons:
#   implications for connectivity, computation, and information coding.
#   *J Neurosci* 18:3870-3896.
