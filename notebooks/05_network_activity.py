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
# # 5. Network activity
#
# Figure 2.1 of the course's report shows the activity of its 200-neuron
# network in six panels: (a) a raster, (b) the population rate, (c) the
# distribution of firing rates, (d) the distribution of inter-spike
# intervals, (e) a cross-correlogram and (f) the power spectrum of the
# population rate. In this notebook we rebuild the figure one panel at a
# time. For each panel we first compute its numbers with `snncourse.analysis`
# (and say what they mean), then draw it with the panel function of
# `snncourse.plotting`, and overlay a theoretical expectation wherever there
# is one.
#
# **Learning goals.** After this notebook you can
#
# - compute a population rate, single-neuron rates, inter-spike intervals
#   and their coefficient of variation (CV) from a list of spikes;
# - read a cross-correlogram normalized to chance and a power spectrum with
#   its Poisson level;
# - compare each statistic with a reference: the mean-field rate, the
#   spread of rates expected from finite counting windows, the ISI density
#   of a Poisson process with a dead time;
# - explain why a network firing at hundreds of Hz with a CV of 0.6 is mean-driven
#   and regular-ish, not cortex-like.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc

# %% [markdown]
# ## The network and the statistics
#
# The report's network (`sc.seed_report()`) has 160 excitatory and 40
# inhibitory LIF neurons, each receiving $C_E = 16$ excitatory inputs of
# $J = 1.55$ mV and $C_I = 4$ inhibitory inputs of $-gJ$ with $g = 4$ (so
# the mean recurrent input cancels), plus a constant current and white noise
# (notebook 4). We analyse spikes $\{t_i^k\}$ of neurons $i = 1..N$ in a
# window of length $T$ after a transient:
#
# $$
# \nu_i = \frac{n_i}{T}, \qquad
# A(t) = \frac{n(t, t + \Delta)}{N \Delta}, \qquad
# C_V = \frac{\sigma_\mathrm{ISI}}{\langle \mathrm{ISI} \rangle},
# $$
#
# the rate of each neuron, the population rate in bins of width $\Delta$,
# and the CV of each neuron's inter-spike intervals (0 for a clock, 1 for a
# Poisson process).

# %% [markdown]
# ## Parameters

# %%
# NBVAL_CHECK_OUTPUT
net = sc.seed_report()
duration = 1000.0  # ms simulated
t_start = 200.0  # ms, transient left out of the statistics
window = duration - t_start  # ms analysed
seed = sc.SEED_REPORT_SEED
print(net)
# Expected output:
# NetworkParams 'seed report (mean-driven, 368 Hz)': 160 E + 40 I neurons, in-degree 16 E + 4 I (fixed_indegree), J=1.55 mV, g=4, delay=1.5 ms; drive: i_ext=12.2 nA, noise_sigma=24 mV
#   LIFParams: tau_m=20 ms, v_rest=0 mV, v_th=20 mV, v_reset=10 mV, t_ref=1 ms, r_m=10 MOhm

# %% [markdown]
# We simulate one second (the report's Table 4.1 uses three, notebook 8) and
# record the membrane potential of two excitatory and one inhibitory neuron.

# %%
res = sc.simulate_network(net, duration=duration, rng=seed, record_ids=[0, 1, net.n_exc])
print(f"{res.spike_times.size} spikes from {res.n_neurons} neurons in {duration:g} ms")

# %% [markdown]
# ## (a) Raster
#
# The raster is the data itself: one row per neuron, one tick per spike. The
# only number we need first is how many spikes a neuron fires in the window
# we show, so that ticks do not merge: at about 370 Hz a neuron fires every
# 2.7 ms, so we show 60 ms.

# %%
# NBVAL_CHECK_OUTPUT
print(f"mean rate after the transient: {res.mean_rate(t_start):.1f} Hz, "
      f"mean interval {1000 / res.mean_rate(t_start):.2f} ms")
# Expected output:
# mean rate after the transient: 369.7 Hz, mean interval 2.70 ms

# %%
ax = sc.plot_raster(res, t_range=(t_start, t_start + 60.0))
ax.set_title("(a) Raster, 60 ms", loc="left");

# %% [markdown]
# Every neuron fires a dense, fairly even train; no vertical stripes, so no
# obvious synchrony across neurons. Excitatory (red) and inhibitory (blue)
# neurons look alike: they receive statistically identical input.
#
# ## (b) Population rate
#
# `analysis.population_rate` bins all spikes and divides by $N\Delta$.
# Theory for its mean: the neurons are driven by a constant current with
# $R I_\mathrm{ext} = 122$ mV, six times the 20 mV threshold, plus white
# noise; the recurrent input has zero mean ($g C_I = C_E$) but adds
# variance. The mean and variance of the input (notebook 3) are
#
# $$
# \mu = R I_\mathrm{ext} + \tau J \nu (C_E - g C_I), \qquad
# \sigma^2 = \sigma_\mathrm{ext}^2 + \tau J^2 \nu (C_E + g^2 C_I),
# $$
#
# and the mean-field rate solves $\nu = \phi(\mu(\nu), \sigma(\nu))$ with
# Siegert's $\phi$ (notebook 2): `theory.brunel_input` computes $\mu$ and
# $\sigma$ for any `NetworkParams`, `theory.brunel_rate` solves for $\nu$.

# %%
# NBVAL_CHECK_OUTPUT
t_bins, rate = sc.analysis.population_rate(res.spike_times, res.n_neurons, window, 1.0,
                                        t_start=t_start)
p = net.neuron
nu_mf = sc.theory.brunel_rate(net)  # solves nu = phi(mu(nu), sigma(nu))
mu_mf, sigma_mf = sc.theory.brunel_input(net, nu_mf)  # mV, the formulas above
nu_det = sc.theory.fi_curve(p, net.i_ext)
print(f"simulated: mean {rate.mean():.1f} Hz, std over 1 ms bins {rate.std():.1f} Hz")
print(f"mean field: {nu_mf:.1f} Hz (mu = {mu_mf:.0f} mV, sigma = {sigma_mf:.1f} mV); "
      f"without noise: {nu_det:.1f} Hz")
print(f"independent Poisson neurons would give a std of {np.sqrt(rate.mean() / (res.n_neurons * 1e-3)):.1f} Hz")
# Expected output:
# simulated: mean 369.7 Hz, std over 1 ms bins 66.9 Hz
# mean field: 365.1 Hz (mu = 122 mV, sigma = 44.5 mV); without noise: 348.4 Hz
# independent Poisson neurons would give a std of 43.0 Hz

# %% [markdown]
# The population rate over 200 ms, with the mean-field rate drawn as a
# dash-dotted line:

# %%
ax = sc.plot_population_rate(res, bin_size=1.0, t_range=(t_start, t_start + 200.0))
ax.axhline(nu_mf, color="k", ls="-.", lw=1.3, label=f"mean field {nu_mf:.0f} Hz")
ax.legend(loc="lower right", fontsize=8, ncol=2)
ax.set_title("(b) Population rate, 1 ms bins", loc="left");

# %% [markdown]
# The population rate fluctuates around 370 Hz, within 2 % of the
# mean-field rate. The noiseless neuron alone would fire at 348 Hz: this
# network is **mean-driven**, its rate set by the constant current and the
# refractory period, with fluctuations adding the last few percent. The
# population rate fluctuates more than it would for independent Poisson
# neurons (67 against 43 Hz), although single neurons are more regular than
# Poisson: weak correlations between 200 neurons add up in the population
# (notebook 6).
#
# ## (c) Rate distribution
#
# `analysis.firing_rates` counts each neuron's spikes in the window. Even
# identical neurons would not have identical counts in a finite window: for
# a renewal process the count variance is about $C_V^2 \nu T$, so the rates
# should scatter with a standard deviation of about $C_V\sqrt{\nu / T}$.

# %% [markdown]
# **Predict.** All 200 neurons receive statistically identical input. How wide will the distribution of their rates be?
#
# <details><summary>Answer</summary>
#
# Narrow: most of the spread comes from counting a finite number of spikes in a finite window, not from differences between neurons. The figure compares it with that finite-window spread.
#
# </details>

# %%
# NBVAL_CHECK_OUTPUT
rates = sc.firing_rates(res.spike_times, res.spike_ids, res.n_neurons, t_start=t_start,
                        t_stop=res.duration)
late = res.spike_times >= t_start
cv = sc.analysis.isi_cv(res.spike_times[late], res.spike_ids[late], res.n_neurons)
spread_th = np.nanmean(cv) * np.sqrt(rates.mean() / (window / 1000.0))
print(f"E: {rates[:net.n_exc].mean():.1f} Hz, I: {rates[net.n_exc:].mean():.1f} Hz; "
      f"std over neurons {rates.std():.1f} Hz (finite-window expectation {spread_th:.1f} Hz)")
# Expected output:
# E: 369.9 Hz, I: 368.9 Hz; std over neurons 13.0 Hz (finite-window expectation 12.9 Hz)

# %% [markdown]
# Their distribution, with the spread that counting spikes in a finite window
# alone would give drawn as a Gaussian:

# %%
ax = sc.plot_rate_distribution(res, t_start=t_start)
edges = np.linspace(rates.min(), rates.max(), 21)  # the 20 bins of sc.plot_rate_distribution
x = np.linspace(edges[0], edges[-1], 200)
gauss = np.exp(-0.5 * ((x - rates.mean()) / spread_th) ** 2) / (spread_th * np.sqrt(2 * np.pi))
ax.plot(x, gauss * (edges[1] - edges[0]), "k-", lw=1.5, label="finite-window spread")
ax.legend(loc="upper right", fontsize=8)
ax.set_title("(c) Rate distribution", loc="left");

# %% [markdown]
# The measured spread is close to the finite-window expectation: the
# neurons are essentially identical, and rates differ mostly because we
# count for only 0.8 s. A cortical rate distribution, by contrast, is wide
# and skewed (most neurons below 5 Hz, a few far above).
#
# ## (d) ISI distribution
#
# `analysis.isi_intervals` pools the intervals of all neurons and
# `analysis.isi_cv` gives each neuron's CV. A useful reference is a Poisson
# process with a dead time $t_\mathrm{ref}$: exponential intervals shifted by
# $t_\mathrm{ref}$,
#
# $$
# p(t) = \frac{1}{\bar t - t_\mathrm{ref}} e^{-(t - t_\mathrm{ref})/(\bar t - t_\mathrm{ref})},
# \quad t \ge t_\mathrm{ref}, \qquad C_V = 1 - \frac{t_\mathrm{ref}}{\bar t},
# $$
#
# with $\bar t$ the mean interval.

# %%
# NBVAL_CHECK_OUTPUT
isis = sc.analysis.isi_intervals(res.spike_times[late], res.spike_ids[late])
mean_isi = isis.mean()
cv_dead = 1.0 - p.t_ref / mean_isi
print(f"mean ISI {mean_isi:.2f} ms; CV: simulated {np.nanmean(cv):.2f}, "
      f"Poisson with a {p.t_ref:g} ms dead time {cv_dead:.2f}, Poisson 1, "
      f"diffusion theory {sc.theory.siegert_cv(p, mu_mf, sigma_mf):.2f}")
# Expected output:
# mean ISI 2.70 ms; CV: simulated 0.60, Poisson with a 1 ms dead time 0.63, Poisson 1, diffusion theory 0.79

# %% [markdown]
# The ISI distribution, with the exponential of a Poisson process with the
# same dead time and mean interval drawn on top:

# %%
ax = sc.plot_isi_distribution(res, t_start=t_start)
t_isi = np.linspace(p.t_ref, ax.get_xlim()[1], 200)
ax.plot(t_isi, np.exp(-(t_isi - p.t_ref) / (mean_isi - p.t_ref)) / (mean_isi - p.t_ref), "k--",
        lw=1.3, label="Poisson + dead time")
ax.legend(loc="upper right", fontsize=8)
ax.set_title("(d) ISI distribution", loc="left");

# %% [markdown]
# The intervals start at the 1 ms refractory period and pile up just after
# it; the dead-time Poisson curve has the right mean and tail but puts too
# much weight on the shortest intervals: after its dead time a neuron still
# needs about half a millisecond to climb from reset to threshold. (The
# comb in the histogram is the 0.1 ms time grid seen through 0.18 ms bins.) The CV of 0.60 is close to
# the $1 - t_\mathrm{ref}/\bar t = 0.63$ of a dead-time Poisson process: at
# 370 Hz the dead time takes up more than a third of every interval, and it
# alone pulls the CV far below 1. So a CV of 0.6 here does **not** mean
# "near-Poisson" firing. The diffusion theory overestimates the CV (0.79):
# it assumes many small inputs, while these neurons get 20 inputs of
# $J = 1.55$ mV and $gJ = 6.2$ mV.
#
# ## (e) Cross-correlogram
#
# `analysis.population_cross_correlogram` histograms the lags between the
# spikes of random pairs of neurons and, with `normalize="rate"`, divides by
# the count expected for independent trains with the same number of spikes:
# 1 means chance, above 1 means excess coincidences.

# %%
# NBVAL_CHECK_OUTPUT
lags, cc = sc.analysis.population_cross_correlogram(
    res.spike_times, res.spike_ids, res.n_neurons, bin_size=1.0, max_lag=30.0, n_pairs=500,
    duration=window, t_start=t_start, normalize="rate", rng=0)
centre = lags.size // 2
print(f"zero lag: {cc[centre]:.3f} x chance; mean over 1-30 ms: {cc[centre + 1:].mean():.3f}; "
      f"largest deviation from 1: {np.abs(cc - 1).max():.3f}")
# Expected output:
# zero lag: 1.038 x chance; mean over 1-30 ms: 0.999; largest deviation from 1: 0.038

# %%
ax = sc.plot_cross_correlogram(res, bin_size=1.0, max_lag=30.0, n_pairs=500, rng=0, t_start=t_start)
ax.set_title("(e) Cross-correlogram, 500 pairs", loc="left");

# %% [markdown]
# The correlogram is flat to within a few percent of chance: pairs of
# neurons share only about 2 of their 20 inputs, and the strong private
# noise dominates. There is a small excess at zero lag, from common input.
#
# ## (f) Power spectrum
#
# `analysis.power_spectrum` is Welch's method applied to the population
# rate; `analysis.peak_frequency` finds its largest peak. $N$ independent
# Poisson neurons of rate $\nu$ give a flat spectrum at $2\nu/N$ (the
# Poisson level). Mind the sampling: with 1 ms bins the highest frequency
# (the Nyquist frequency) is 500 Hz, and a neuron firing every 2.7 ms puts
# power at its rate and at the harmonics, which 1 ms bins would fold back
# below 500 Hz. `analysis.rate_spectrum` uses 0.2 ms bins (up to 2500 Hz,
# `analysis.SPECTRUM_BIN_MS`), and so does the panel below
# (`plot_power_spectrum`'s default): the figure shows the spectrum the
# numbers come from.

# %% [markdown]
# **Predict.** The neurons fire at about 370 Hz and the synapses have a 1.5 ms delay. Where will the spectrum of the population rate peak?
#
# <details><summary>Answer</summary>
#
# Not at the firing rate: the line sits near 690 Hz, close to the inverse of the delay. Notebook 8 moves the delay and the line moves with it.
#
# </details>

# %%
# NBVAL_CHECK_OUTPUT
freqs, psd, nu_pop = sc.analysis.rate_spectrum(res.spike_times, res.n_neurons, t_start, duration)
f_peak = sc.analysis.peak_frequency(freqs, psd, fmin=10.0)
poisson_level = 2 * nu_pop / res.n_neurons
print(f"peak at {f_peak:.0f} Hz, {psd[freqs == f_peak][0] / poisson_level:.1f} x the Poisson level; "
      f"below 100 Hz: {psd[(freqs > 5) & (freqs < 100)].mean() / poisson_level:.2f} x")
print(f"peak / mean rate = {f_peak / nu_pop:.2f}; with 1 ms bins it would appear at "
      f"{abs(f_peak - 1000 * round(f_peak / 1000)):.0f} Hz")
# Expected output:
# peak at 691 Hz, 28.0 x the Poisson level; below 100 Hz: 1.73 x
# peak / mean rate = 1.87; with 1 ms bins it would appear at 309 Hz

# %%
ax = sc.plot_power_spectrum(res, t_start=t_start, fmin=10.0)
ax.set_title("(f) Power spectrum, 0.2 ms bins", loc="left");

# %% [markdown]
# The spectrum has a peak near 690 Hz, almost twice the single-neuron
# rate and many times the Poisson level: a fast population rhythm
# (notebook 8 tests whether it comes from the coupling, and finds that it
# follows the transmission delay). Below 100 Hz the power is within a
# factor of 2 of the Poisson level: slow population fluctuations are weak.
# With 1 ms bins this peak would fold back to 310 Hz, next to the firing
# rate, where it is easy to misread as single-neuron regularity.
#
# ## Figure 2.1
#
# `figure_2_1` puts the six panels together, as in the report. Its spectrum
# (f) is the panel above, with the same 0.2 ms bins and the same peak.

# %%
fig = sc.figure_2_1(res, t_start=t_start)

# %% [markdown]
# ## The same figure in a cortex-like state
#
# For contrast, the same six panels for the asynchronous irregular state of
# Brunel's network (notebook 7; the reduced network with $N = 1000$,
# $g = 5$, $\eta = 2$).

# %%
res_ai = sc.simulate_network(sc.reduced_brunel(5.0, 2.0), duration=600.0, rng=seed)
fig = sc.figure_2_1(res_ai, t_start=100.0)

# %% [markdown]
# The numbers behind the six panels, computed as for the report's network:

# %%
# NBVAL_CHECK_OUTPUT
late_ai = res_ai.spike_times >= 100.0
rates_ai = sc.firing_rates(res_ai.spike_times, res_ai.spike_ids, res_ai.n_neurons, t_start=100.0,
                           t_stop=res_ai.duration)
cv_ai = np.nanmean(sc.analysis.isi_cv(res_ai.spike_times[late_ai], res_ai.spike_ids[late_ai],
                                      res_ai.n_neurons))
lags_ai, cc_ai = sc.analysis.population_cross_correlogram(
    res_ai.spike_times, res_ai.spike_ids, res_ai.n_neurons, bin_size=1.0, max_lag=30.0,
    n_pairs=500, duration=res_ai.duration - 100.0, t_start=100.0, normalize="rate", rng=0)
f_ai, psd_ai, nu_ai = sc.analysis.rate_spectrum(res_ai.spike_times, res_ai.n_neurons, 100.0,
                                                res_ai.duration)
fp_ai = sc.analysis.peak_frequency(f_ai, psd_ai, fmin=10.0)
print(f"rates: mean {rates_ai.mean():.1f} Hz, 5-95 % of neurons {np.percentile(rates_ai, 5):.0f}-"
      f"{np.percentile(rates_ai, 95):.0f} Hz; mean ISI CV {cv_ai:.2f}")
print(f"correlogram at zero lag {cc_ai[lags_ai.size // 2]:.2f} x chance; spectral peak at "
      f"{fp_ai:.0f} Hz, {psd_ai[f_ai == fp_ai][0] / (2 * nu_ai / res_ai.n_neurons):.0f} x the Poisson level")
# Expected output:
# rates: mean 48.7 Hz, 5-95 % of neurons 20-84 Hz; mean ISI CV 1.42
# correlogram at zero lag 1.39 x chance; spectral peak at 105 Hz, 101 x the Poisson level

# %% [markdown]
# Everything changes. Rates spread widely across neurons; intervals are
# broadly distributed with a CV above 1 (neurons fire in irregular bursts,
# following fluctuations of the population rate); the correlogram has a
# central peak several milliseconds wide and well above chance, from
# common input (this small network shares 20 % of the inputs of two
# neurons); and the spectrum is not flat: it has a broad line near 100 Hz,
# far above the Poisson level, the fast rhythm of Brunel's network that is
# weak at this size (notebook 7). So this "cortex-like" contrast is
# asynchronous only in a loose sense ($\chi$ stays below the synchrony
# threshold, notebooks 6 and 7), and its CV above 1 comes from these
# shared fluctuations, not from independent Poisson-like neurons. It is
# fluctuation-driven: its mean input sits near threshold and spikes are
# caused by fluctuations, unlike the report's mean-driven network.

# %% [markdown]
# ## Explore
#
# The six panels of Figure 2.1 for a reduced Brunel network (500 neurons) at any $(g, \eta)$: find the asynchronous state, the fast regular one and the silent one. Below, the explorer at $g = 3$, $\eta = 2$; the sliders under it redraw it.

# %%
fig, stats = sc.widgets.activity_explorer(3.0, 2.0)

# %% [markdown]
# The sliders update the figure when released. To redraw quickly, the live figure simulates a shorter run of the same network than the figure above, so its numbers are a little noisier:

# %%
sc.widgets.activity_explorer_widget()

# %% [markdown]
# ## Summary
#
# - Each panel of Figure 2.1 is a small computation on two arrays, spike
#   times and neuron ids: `population_rate`, `firing_rates`,
#   `isi_intervals`/`isi_cv`, `population_cross_correlogram`,
#   `power_spectrum`/`peak_frequency`.
# - The report's network is mean-driven: its 370 Hz are within 2 % of the
#   mean-field rate and close to the 348 Hz of the noiseless neuron.
# - Its rates differ across neurons only by counting noise, its CV of 0.6
#   is mostly the effect of a 1 ms dead time at 370 Hz, its correlogram is
#   flat to a few percent, and its spectrum has a fast rhythm near 690 Hz.
# - Sample fast enough: a spectrum of 1 ms bins ends at 500 Hz and folds
#   faster rhythms back below it.
# - The reduced Brunel AI state is irregular and fluctuation-driven, but
#   not free of population structure: read its correlogram and spectrum
#   before calling it asynchronous.
#
# ## References
#
# - Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 1
#   (spike trains, rates, ISIs, CV, correlation functions). MIT Press.
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014). *Neuronal Dynamics*,
#   ch. 7 (variability, renewal processes) and ch. 12 (population activity).
#   Cambridge University Press.
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
# - Renart A, de la Rocha J, Bartho P, Hollender L, Parga N, Reyes A,
#   Harris KD (2010). The asynchronous state in cortical circuits.
#   *Science* 327:587-590.
# - Golomb D, Rinzel J (1993). Dynamics of globally coupled inhibitory
#   neurons with heterogeneity. *Phys Rev E* 48:4810-4814.
