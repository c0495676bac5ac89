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
# # 8. Reproducing the report
#
# The course grew out of a short technical report ("Spiking Neural
# Networks: Population Dynamics and Synchronization"): a 200-neuron LIF
# network, two figures, one table and six conclusions, with no parameters
# and no code. In this notebook we reproduce its Table 4.1 and its two
# figures from the `seed_report` preset, then do what a reviewer would do:
# put each of the six conclusions to an experiment and give a verdict.
#
# **Learning goals.** After this notebook you can
#
# - regenerate Table 4.1 and Figures 2.1 and 3.1, and compare them with the
#   report number by number, with stated tolerances;
# - say what a reproduction does and does not establish (the same numbers
#   from a regime we had to guess);
# - design a control experiment for a claim: remove the coupling, remove
#   inhibition, change one parameter while holding another fixed;
# - judge the report's six conclusions, and say which regime of an LIF
#   network is cortex-like and how close it gets.

# %%
import matplotlib.pyplot as plt
import numpy as np

import snncourse as sc

# %% [markdown]
# ## What Table 4.1 measures
#
# For spikes in the window $[t_0, T)$, with $n_i$ the count of neuron $i$
# and $n_i(k)$ its count in bin $k$ of width $\Delta$
# (`report.report_statistics`):
#
# $$
# \bar\nu = \frac{1}{N}\sum_i \frac{n_i}{T - t_0}, \qquad
# \overline{C_V} = \frac{1}{N}\sum_i \frac{\sigma(\mathrm{ISI}_i)}{\langle \mathrm{ISI}_i\rangle}, \qquad
# \bar r = \frac{2}{N(N-1)}\sum_{i<j}\mathrm{corr}_k\left(n_i(k), n_j(k)\right).
# $$
#
# The report does not state $\Delta$; we use 10 ms (notebook 6 shows how
# $\bar r$ depends on it).

# %% [markdown]
# ## Parameters
#
# The `seed_report` preset was tuned to reproduce the table (its docstring
# says how); the run is 3 s long, analysed after 200 ms, with a fixed seed.
# The experiments below use 1 s runs of the same network with one thing
# changed.

# %%
# NBVAL_CHECK_OUTPUT
net = sc.seed_report()
seed = sc.SEED_REPORT_SEED
t0 = sc.PRESETS["seed_report"].t_start  # ms
exp_duration = 1000.0  # ms, each control experiment
print(net)
print(f"seed {seed}, statistics from {t0:g} ms, correlations in {sc.report.CORRELATION_BIN_MS:g} ms bins")
# Expected output:
# NetworkParams 'seed report (mean-driven, 368 Hz)': 160 E + 40 I neurons, in-degree 16 E + 4 I (fixed_indegree), J=1.55 mV, g=4, delay=1.5 ms; drive: i_ext=12.2 nA, noise_sigma=24 mV
#   LIFParams: tau_m=20 ms, v_rest=0 mV, v_th=20 mV, v_reset=10 mV, t_ref=1 ms, r_m=10 MOhm
# seed 2024, statistics from 200 ms, correlations in 10 ms bins

# %% [markdown]
# ## Table 4.1
#
# `run_preset("seed_report")` simulates the preset for 3 s (about 4 s here);
# `compare_to_report` sets our numbers against the report's.

# %%
res = sc.run_preset("seed_report")
stats = sc.report_statistics(res)

# %% [markdown]
# Our run side by side with Table 4.1, with the tolerance of each quantity:

# %%
# NBVAL_CHECK_OUTPUT
print(f"{'quantity':27s} {'ours':>8s} {'report':>8s} {'diff':>8s} {'tolerance':>9s}  within")
for key, c in sc.compare_to_report(stats).items():
    print(f"{key:27s} {c['ours']:8.3f} {c['report']:8.3f} {c['difference']:+8.3f} "
          f"{c['tolerance']:9.3f}  {c['within']}")
# Expected output:
# quantity                        ours   report     diff tolerance  within
# network_size                 200.000  200.000   +0.000     0.000  True
# mean_rate_hz                 369.614  368.200   +1.414     7.364  True
# exc_rate_hz                  369.837  367.400   +2.437     7.348  True
# inh_rate_hz                  368.723  371.100   -2.377     7.422  True
# isi_cv                         0.599    0.610   -0.011     0.030  True
# mean_pairwise_correlation      0.027    0.030   -0.003     0.008  True

# %% [markdown]
# Every number is within its tolerance: 2 % for the rates, 0.03 for the CV,
# 0.008 for the correlation (about the run-to-run spread of a 3 s
# estimate). One feature is not reproduced systematically: the report has
# inhibitory neurons firing 1 % faster than excitatory ones, while in this
# network both receive statistically identical input, so the sign of their
# difference is a matter of chance (here I fires 1 Hz slower).
#
# A reproduction of numbers is not a reproduction of a model: the report
# gives none of its parameters, and this regime (a constant drive six times
# the threshold, 20 strong synapses per neuron) was found by tuning. Other
# regimes could give the same table.
#
# ## Figures 2.1 and 3.1

# %%
fig = sc.figure_2_1(res, t_start=t0)

# %%
fig = sc.figure_3_1(res, t_start=t0)

# %% [markdown]
# The figures show what notebooks 5 and 6 took apart: dense regular-ish
# firing at 370 Hz, a population rate with small fluctuations, ISIs of 1-5
# ms starting at the 1 ms refractory period, a flat correlogram, E and I
# inputs that cancel on average, an operating point high on the F-I curve,
# correlations of a few percent and a sparse random connectivity. The
# spectrum in panel (f) of Figure 2.1 uses the 0.2 ms bins of the
# statistics (up to 2500 Hz) and shows a fast rhythm well above the firing
# rate; conclusion 4 asks where it comes from. (With 1 ms bins it would be
# folded back below 500 Hz, next to the firing rate.)
#
# ## The six conclusions
#
# For each conclusion: the claim, an experiment that could refute it, the
# numbers, and a verdict. Two reference runs first: the report's network
# for 1 s with the potentials of all 200 neurons recorded (for $\chi$), and
# Brunel's asynchronous irregular (AI) state at full size (12,500 neurons,
# 0.4 s, 200 neurons recorded; about 5 s).

# %%
all_ids = np.arange(net.n_neurons)
res_v = sc.simulate_network(net, duration=exp_duration, rng=seed, record_ids=all_ids)
brunel = sc.brunel2000(5.0, 2.0)
res_ai = sc.simulate_network(brunel, duration=400.0, rng=1,
                             record_ids=np.linspace(0, brunel.n_neurons - 1, 200).astype(int))


def summary(r, t_start):
    """Rate (Hz), CV, mean r (10 ms bins) and chi of a run, after t_start (ms)."""
    # chi needs potentials; regime_statistics also gives the spectral peak (unused here)
    s = sc.report_statistics(r, t_start=t_start)
    chi = sc.regime_statistics(r, t_start=t_start)["chi"] if r.v is not None and r.v.shape[0] > 1 else np.nan
    return s["mean_rate_hz"], s["isi_cv"], s["mean_pairwise_correlation"], chi


ref = {"report's network": summary(res_v, t0), "Brunel AI (N = 12,500)": summary(res_ai, 100.0)}

# %% [markdown]
# The three runs side by side:

# %%
# NBVAL_CHECK_OUTPUT
print(f"{'':24s} {'rate (Hz)':>9s} {'CV':>5s} {'r (10 ms)':>9s} {'chi (200)':>9s}")
for label, (rate, cv, r, chi) in ref.items():
    print(f"{label:24s} {rate:9.1f} {cv:5.2f} {r:9.4f} {chi:9.3f}")
print(f"{'independent neurons':24s} {'':9s} {'':5s} {0.0:9.4f} {1 / np.sqrt(200):9.3f}")
# Expected output:
#                          rate (Hz)    CV r (10 ms) chi (200)
# report's network             369.7  0.60    0.0245     0.141
# Brunel AI (N = 12,500)        38.3  0.39    0.0120     0.208
# independent neurons                         0.0000     0.071

# %% [markdown]
# ### 1. "Balanced E/I maintains stable asynchronous activity"
#
# *Asynchronous?* Compare $\chi$ over 200 neurons (notebook 6): 0.07 for
# independent neurons, about 0.3-0.5 for synchronous states. *Balance and
# stability?* The report's balance is structural: $g C_I = C_E$ makes the
# mean recurrent input $\tau J \nu (C_E - g C_I)$ vanish. We weaken
# inhibition ($g$ = 4, 2, 1) while lowering the constant drive so that the
# mean input at the report's rate stays the same,
# $R I_\mathrm{ext}(g) = 122\,\mathrm{mV} - \tau J \nu (C_E - g C_I)$,
# and ask whether the same asynchronous state survives.

# %%
nu_report = sc.REPORT_TABLE["mean_rate_hz"]


def same_mean_drive(g):
    """The report's network with inhibition g and the drive that keeps the mean input."""
    recurrent = net.neuron.tau_m * net.j_exc * nu_report / 1000.0 * (net.c_exc - g * net.c_inh)
    return net.replace(g=g, i_ext=net.i_ext - recurrent / net.neuron.r_m)


g_runs = {g: sc.simulate_network(same_mean_drive(g), duration=exp_duration, rng=seed)
          for g in (4.0, 2.0, 1.0)}
g_runs[0.0] = sc.simulate_network(net.replace(g=0.0), duration=exp_duration, rng=seed)

# %% [markdown]
# Rate, CV and correlation of each run:

# %%
# NBVAL_CHECK_OUTPUT
for g, r in g_runs.items():
    rate, cv, rr, _ = summary(r, t0)
    drive = "same mean drive" if g > 0 else "report's drive "
    print(f"g = {g:g} ({drive}): rate {rate:6.1f} Hz, CV {cv:.2f}, r {rr:.3f}")
# Expected output:
# g = 4 (same mean drive): rate  369.7 Hz, CV 0.60, r 0.025
# g = 2 (same mean drive): rate  325.3 Hz, CV 0.55, r 0.048
# g = 1 (same mean drive): rate    9.1 Hz, CV 1.13, r 0.003
# g = 0 (report's drive ): rate  666.2 Hz, CV 0.02, r 1.000

# %% [markdown]
# The report's network is asynchronous: $\chi = 0.14$ over 200 neurons, a
# little above the independent floor and below Brunel's AI state (0.21);
# $\bar r = 0.025$. Inhibition matters for it: at the same mean drive,
# halving $g$ doubles the correlations. At $g = 1$, started from rest, the
# network ends in a low state instead. Without inhibition and with the report's drive
# ($g = 0$) it runs away and locks into synchronous volleys ($r = 1$), one
# volley per transmission delay (1000 ms / 666 Hz = 1.5 ms = $D$).
#
# Is the high-rate state at $g = 1$ *unstable*, or only not reached? The
# run above starts from rest-like potentials with a drive that is negative
# on its own ($R I_\mathrm{ext} < 0$): the recurrent excitation that would
# hold the high state is not there yet. Mean-field theory answers first: at
# a stationary rate $\nu$ the input is $\mu(\nu), \sigma(\nu)$
# (notebook 5) and the neuron fires at Siegert's $\phi(\nu)$; a state is a
# crossing of $\phi(\nu)$ with the identity line.

# %%
nus = np.linspace(1.0, 450.0, 300)  # Hz
fig, ax = plt.subplots(figsize=(5.5, 4), layout="constrained")
for g, color in ((4.0, "k"), (2.0, "0.45"), (1.0, "#c0392b")):
    n_g = same_mean_drive(g)
    phi = [sc.theory.siegert_rate(n_g.neuron, *sc.theory.brunel_input(n_g, x)) for x in nus]
    ax.plot(nus, phi, color=color, lw=1.5, label=f"g = {g:g}, same mean drive")
ax.plot(nus, nus, "k:", lw=1, label=r"identity $\phi(\nu) = \nu$")
ax.set(xlabel=r"Network rate $\nu$ (Hz)", ylabel=r"Output rate $\phi(\nu)$ (Hz)",
       title="Mean-field self-consistency, report's network")
ax.legend(fontsize=8);

# %% [markdown]
# At $g = 4$ the curve is almost flat (the recurrent mean cancels) and
# crosses the identity once, at the report's rate. At $g = 1$ it crosses
# three times: a low and a high crossing where $\phi$ is flatter than the
# identity (stable in the mean-field sense) and an unstable one between
# them. So theory predicts *bistability* at $g = 1$, with a high
# asynchronous state that is stable. A run from rest cannot see it; a run
# that starts in the active state can. `simulate_network(...,
# initial_state=res.final_state)` continues a run where `res` ended (its
# membrane potentials, refractory clocks and spikes still in flight;
# passing on the same random generator makes 100 ms + 100 ms the same run
# as 200 ms). Two experiments: (i) run the report's network ($g = 4$, the
# active state) for 200 ms, then remove most of its inhibition ($g = 1$,
# same mean drive) and continue; (ii) at $g = 1$, sweep the drive
# $R I_\mathrm{ext}$ up from rest and back down, each 200 ms run continued
# from the end of the one before, and measure the rate and $\bar r$ over
# its last 100 ms. A bistable network traces two branches (hysteresis).

# %%
# NBVAL_CHECK_OUTPUT
n_g1 = same_mean_drive(1.0)
phi_g1 = np.array([sc.theory.siegert_rate(n_g1.neuron, *sc.theory.brunel_input(n_g1, x)) for x in nus])
cross = nus[:-1][np.diff(np.sign(phi_g1 - nus)) != 0]
print(f"g = 1, same mean drive (R I_ext = {n_g1.i_ext * n_g1.neuron.r_m:.0f} mV): mean-field "
      f"crossings near {', '.join(f'{x:.0f}' for x in cross)} Hz")
gen = np.random.default_rng(seed)  # one random stream, passed on from run to run
active = sc.simulate_network(net, duration=200.0, rng=gen)
switched = sc.simulate_network(n_g1, duration=300.0, rng=gen, initial_state=active.final_state)
counts, _ = np.histogram(switched.spike_times, bins=np.arange(0.0, 301.0, 50.0))
print(f"(i) g = 4 for 200 ms ({active.mean_rate(100.0):.0f} Hz), then g = 1: rate in 50 ms windows "
      f"{', '.join(f'{x:.0f}' for x in counts * 1000.0 / (net.n_neurons * 50.0))} Hz")
# Expected output:
# g = 1, same mean drive (R I_ext = -15 mV): mean-field crossings near 10, 169, 310 Hz
# (i) g = 4 for 200 ms (371 Hz), then g = 1: rate in 50 ms windows 232, 37, 10, 11, 11, 9 Hz

# %% [markdown]
# Without its inhibition the asynchronous active state does not last: the
# rate falls to the low state within about 100 ms. Now the sweep, 21 runs
# of 200 ms:


# %%
def drive_sweep(drives, state, gen):
    """Rate (Hz) and r (10 ms bins) over the last 100 ms of a 200 ms run at each drive
    R I_ext (mV) at g = 1, each run continued from the end of the one before; the end state."""
    out = {}
    for d in drives:
        r = sc.simulate_network(n_g1.replace(i_ext=d / net.neuron.r_m), duration=200.0, rng=gen,
                                initial_state=state)
        s = sc.report_statistics(r, t_start=100.0)
        out[d], state = (s["mean_rate_hz"], s["mean_pairwise_correlation"]), r.final_state
    return out, state


drives = np.arange(-35.0, 11.0, 5.0)  # mV, R I_ext; the same mean drive is -15 mV
gen = np.random.default_rng(seed)
rest = sc.simulate_network(n_g1.replace(i_ext=drives[0] / net.neuron.r_m), duration=200.0, rng=gen)
up, top = drive_sweep(drives, rest.final_state, gen)
down, _ = drive_sweep(drives[::-1], top, gen)
nus_mf = np.linspace(0.0, 1000.0, 401)  # Hz; phi(0) > 0, so phi crosses the identity at least once
mean_field = []  # the highest mean-field solution at each drive (Hz)
for d in drives:
    n_d = n_g1.replace(i_ext=d / net.neuron.r_m)
    phi = np.array([sc.theory.siegert_rate(n_d.neuron, *sc.theory.brunel_input(n_d, x)) for x in nus_mf])
    mean_field.append(nus_mf[:-1][np.diff(np.sign(phi - nus_mf)) != 0].max())

# %% [markdown]
# The two sweeps, drive by drive:

# %%
# NBVAL_CHECK_OUTPUT
print(f"{'R I_ext (mV)':>12s} {'up: rate (Hz)':>14s} {'r':>6s} {'down: rate (Hz)':>16s} {'r':>6s} "
      f"{'mean field, high (Hz)':>22s}")
for d, mf in zip(drives, mean_field):
    print(f"{d:12.0f} {up[d][0]:14.1f} {up[d][1]:6.2f} {down[d][0]:16.1f} {down[d][1]:6.2f} {mf:22.0f}")
print(f"one spike per neuron per delay: 1000 / D = {1000.0 / net.delay:.0f} Hz")
# Expected output:
# R I_ext (mV)  up: rate (Hz)      r  down: rate (Hz)      r  mean field, high (Hz)
#          -35            0.7   0.03              0.3  -0.06                      0
#          -30            1.1  -0.06              0.8   0.00                      0
#          -25            1.8   0.02              4.4   0.19                      0
#          -20            4.4   0.00            649.0   0.70                      2
#          -15            8.7   0.02            660.5   0.72                    310
#          -10           26.4   0.01            661.1   0.72                    360
#           -5          357.6   0.05            651.5   0.72                    392
#            0          386.2   0.21            662.8   0.72                    418
#            5          663.5   0.78            663.5   0.79                    438
#           10          665.9   0.86            656.2   0.87                    455
# one spike per neuron per delay: 1000 / D = 667 Hz

# %% [markdown]
# Both branches against the drive, with the mean-field solution:

# %%
fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
ax.plot(drives, [up[d][0] for d in drives], "^-", color="#2471a3", label="up from rest")
ax.plot(drives, [down[d][0] for d in drives], "v-", color="#c0392b", label="down from the high state")
ax.plot(drives, mean_field, "k.--", lw=1, label="mean field, highest solution")
ax.axhline(1000.0 / net.delay, color="0.5", ls=":", lw=1, label="one spike per delay, 1/D")
ax.axvline(n_g1.i_ext * net.neuron.r_m, color="0.8", lw=4, zorder=0, label="same mean drive")
ax.set(xlabel=r"Drive $R I_\mathrm{ext}$ (mV)", ylabel="Rate, last 100 ms (Hz)",
       title="g = 1: the drive swept up and down")
ax.legend(fontsize=8);

# %% [markdown]
# Two branches: hysteresis. Coming up from rest, the network stays in the
# low state up to -10 mV (26.4 Hz); at -5 and 0 mV it fires at 358 and
# 386 Hz, near the mean-field solution (392 and 418 Hz), and from +5 mV on
# it locks. Going down from there it stays high down to -20 mV and falls
# back to the low state at -25 mV. At the same mean drive (-15 mV) the
# network is bistable, as the theory says: 8.7 Hz coming up, 660.5 Hz
# coming down. But the upper branch is not the theory's state. The
# mean-field high solution at -15 mV is asynchronous at 310 Hz; the
# network fires at 660.5 Hz, one spike per neuron per delay (667 Hz), with
# $\bar r = 0.72$: the synchronous clock of $g = 0$, which holds even where
# the mean field has no high solution at all (-20 mV). The asynchronous
# high state is what does not survive the loss of inhibition: started
# from it, the network falls to the low state (experiment (i)), and the
# sweep does not find it at -15 mV from either side. So the control shows
# more than "the high-rate state is unstable": without inhibition the
# high-rate state exists and is stable, but synchronous; inhibition is
# what keeps a high-rate state asynchronous.
#
# **Verdict: holds, with a caveat.** Activity is asynchronous and
# inhibition keeps it so: halving it doubles $\bar r$, and without most of
# it the asynchronous active state collapses, into the low state or a
# synchronous clock (two branches at the same mean drive). But the balance is a cancellation of *means*
# imposed by the wiring, in a network driven far above threshold by a
# constant current; it is not the balanced state of cortex models, where
# large excitatory and inhibitory inputs cancel dynamically and neurons
# fire on fluctuations (notebook 6, panel (c); van Vreeswijk & Sompolinsky
# 1996; Renart et al. 2010).
#
# ### 2. "ISI CV near 1 indicates irregular Poisson-like firing"
#
# A Poisson process has $C_V = 1$ and a count Fano factor of 1 in any
# window. A Poisson process with a dead time $t_\mathrm{ref}$ has
# $C_V = 1 - \nu t_\mathrm{ref}$.

# %% [markdown]
# **Predict.** A Poisson process at 368 Hz with a 1 ms dead time: what is its CV?
#
# <details><summary>Answer</summary>
#
# $1 - \nu\,t_\mathrm{ref} = 1 - 0.368 \approx 0.63$: the dead time takes a third of every interval, so even a Poisson process cannot have a CV near 1 at this rate.
#
# </details>

# %%
# NBVAL_CHECK_OUTPUT
counts100 = sc.analysis.spike_counts(res.spike_times, res.spike_ids, res.n_neurons, 100.0,
                                  t_start=t0, t_stop=res.duration)
fano100 = np.nanmean(sc.analysis.fano_factor(counts100))
print(f"report: CV 0.61; ours {stats['isi_cv']:.2f}; dead-time Poisson at {stats['mean_rate_hz']:.0f} Hz: "
      f"{1 - stats['mean_rate_hz'] * net.neuron.t_ref / 1000:.2f}; Poisson 1")
print(f"Fano factor of single-neuron counts in 100 ms: {fano100:.2f} (Poisson: 1)")
# Expected output:
# report: CV 0.61; ours 0.60; dead-time Poisson at 370 Hz: 0.63; Poisson 1
# Fano factor of single-neuron counts in 100 ms: 0.36 (Poisson: 1)

# %% [markdown]
# **Verdict: does not hold.** 0.61 is not near 1, and the counts are far
# more regular than Poisson (Fano factor well below 1). Almost all of the
# irregularity there is is what a 1 ms dead time at 370 Hz alone produces:
# $1 - \nu t_\mathrm{ref} = 0.63$. Cortical neurons have CVs of about
# 0.7-1.2 at a few Hz.
#
# ### 3. "Sparse connectivity produces weak correlations"
#
# Two neurons share on average $C_E^2/N_E + C_I^2/N_I$ inputs (notebook 6):
# the sparser the network, the fewer. But changing the in-degree $C$ also
# changes the recurrent input unless the synapses change with it. We
# separate the two: (a) change $C_E$ (and $C_I = C_E/4$) at fixed total
# coupling $J C_E$, so only sparseness changes; (b) change $J$ at fixed
# $C_E = 16$.

# %%
jc = net.j_exc * net.c_exc  # mV, kept fixed in (a)
sparse_runs = {ce: sc.simulate_network(net.replace(c_exc=ce, c_inh=ce // 4, j_exc=jc / ce),
                                       duration=exp_duration, rng=seed) for ce in (4, 64)}
sparse_runs[16] = g_runs[4.0]  # the report's network itself
j_runs = {j: sc.simulate_network(net.replace(j_exc=j), duration=exp_duration, rng=seed)
          for j in (0.5, 2.5)}
j_runs[net.j_exc] = g_runs[4.0]

# %% [markdown]
# The same table for the sparser and the weaker networks:

# %%
# NBVAL_CHECK_OUTPUT
print("(a) fixed J C_E = 24.8 mV")
for ce in sorted(sparse_runs):
    rate, cv, rr, _ = summary(sparse_runs[ce], t0)
    share = ce**2 / net.n_exc + (ce // 4) ** 2 / net.n_inh
    print(f"  C_E = {ce:2d} (connection prob. {ce / net.n_exc:.3f}, {share:5.1f} shared inputs): "
          f"rate {rate:5.1f} Hz, r {rr:.3f}")
print("(b) fixed C_E = 16")
for j in sorted(j_runs):
    rate, cv, rr, _ = summary(j_runs[j], t0)
    print(f"  J = {j:4.2f} mV: rate {rate:5.1f} Hz, r {rr:.3f}")
# Expected output:
# (a) fixed J C_E = 24.8 mV
#   C_E =  4 (connection prob. 0.025,   0.1 shared inputs): rate 346.1 Hz, r 0.033
#   C_E = 16 (connection prob. 0.100,   2.0 shared inputs): rate 369.7 Hz, r 0.025
#   C_E = 64 (connection prob. 0.400,  32.0 shared inputs): rate 345.4 Hz, r 0.033
# (b) fixed C_E = 16
#   J = 0.50 mV: rate 332.9 Hz, r 0.002
#   J = 1.55 mV: rate 369.7 Hz, r 0.025
#   J = 2.50 mV: rate 368.2 Hz, r 0.073

# %% [markdown]
# A 16-fold change of the connection probability (2.5 % to 40 %) at fixed
# $J C_E$ leaves $\bar r$ where it was (differences of the order of the
# 0.008 run-to-run spread), while a 5-fold change of $J$ at fixed
# connectivity moves it from 0.002 to 0.073. In this network the coupling
# strength sets the correlations, not the sparseness: denser wiring means
# more shared inputs, but each one weaker, and the two effects cancel.
#
# **Verdict: not supported as stated.** Correlations are weak here because
# the synapses are weak relative to the private noise and drive. Sparse
# wiring is neither necessary nor sufficient: dense balanced networks
# decorrelate actively (Renart et al. 2010). (Notebook 6 found stronger
# correlations in the *reduced* Brunel network, $\epsilon = 0.2$, denser
# than the report's 0.1; Brunel's full network, $\epsilon = 0.1$, has
# $\bar r = 0.012$, half the report's: the reference table above.)
#
# ### 4. "Population oscillations emerge from network interactions"
#
# The control is the same neurons without coupling ($J = 0$), with the
# external noise raised to the total noise the network gives them
# ($\sigma \approx 45$ mV, notebook 6), so that single neurons fire at
# similar rates with similar variability. We compare the spectra of the
# population rate (`analysis.rate_spectrum`: 0.2 ms bins, up to 2500 Hz),
# in units of the Poisson level $2\nu/N$.

# %% [markdown]
# **Predict.** If the rhythm is set by the synaptic delay, what happens to its frequency when $D$ grows from 1.5 ms to 2.5 ms?
#
# <details><summary>Answer</summary>
#
# It falls, roughly in inverse proportion to the delay; the experiment in this section measures it.
#
# </details>

# %%
uncoupled = sc.simulate_network(net.replace(j_exc=0.0, noise_sigma=45.0), duration=exp_duration,
                                rng=seed)
spectra = {}
for label, r in (("coupled (report)", g_runs[4.0]), ("uncoupled, same noise", uncoupled)):
    f, psd, nu = sc.analysis.rate_spectrum(r.spike_times, r.n_neurons, t0, r.duration)
    spectra[label] = (f, psd / (2 * nu / r.n_neurons), nu)

# %%
# NBVAL_CHECK_OUTPUT
for label, (f, rel, nu) in spectra.items():
    fp = sc.analysis.peak_frequency(f, rel, fmin=10.0)
    print(f"{label:22s}: rate {nu:5.1f} Hz, peak at {fp:4.0f} Hz, {rel[f == fp][0]:5.1f} x Poisson level")
# Expected output:
# coupled (report)      : rate 369.7 Hz, peak at  691 Hz,  28.0 x Poisson level
# uncoupled, same noise : rate 322.2 Hz, peak at  648 Hz,   3.5 x Poisson level

# %% [markdown]
# Both spectra, relative to the Poisson level:

# %%
fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for (label, (f, rel, _)), color in zip(spectra.items(), ("k", "0.6")):
    ax.plot(f[1:], rel[1:], color=color, lw=1.2, label=label)
ax.axhline(1.0, color="k", ls=":", lw=1, label=r"Poisson level $2\nu/N$")
ax.set(xlabel="Frequency (Hz)", ylabel="PSD / Poisson level", xlim=(0, 1500),
       title="Population spectra, 0.2 ms bins")
ax.legend(fontsize=8);

# %% [markdown]
# The uncoupled neurons give a low, broad bump (regular single neurons
# alone shape the spectrum a little); the coupled network has a strong
# peak, many times the Poisson level, at a frequency close to twice the
# firing rate.
#
# Is it "twice the firing rate", a property of the saturated regime? A
# rhythm set by the rate would stay where it is if only the transmission
# delay changed; a rhythm set by the loop through the synapses would move
# with the delay. We vary only $D$ and keep everything else, including the
# seed.

# %%
delay_runs = {d: (g_runs[4.0] if d == net.delay else
                  sc.simulate_network(net.replace(delay=d), duration=exp_duration, rng=seed))
              for d in (1.0, 1.5, 2.0, 2.5)}
delay_spectra = {}
for d, r in delay_runs.items():
    f, psd, nu = sc.analysis.rate_spectrum(r.spike_times, r.n_neurons, t0, r.duration)
    delay_spectra[d] = (f, psd / (2 * nu / r.n_neurons), nu)

# %% [markdown]
# The peak of each spectrum below 1500 Hz (above it lie the harmonics),
# with the period it implies:

# %%
# NBVAL_CHECK_OUTPUT
for d, (f, rel, nu) in delay_spectra.items():
    fp = sc.analysis.peak_frequency(f, rel, fmin=100.0, fmax=1500.0)
    print(f"D = {d:3.1f} ms: rate {nu:5.1f} Hz, peak at {fp:5.0f} Hz "
          f"(period {1000 / fp:4.2f} ms = {1000 / fp / d:.2f} D), {rel[f == fp][0]:5.1f} x Poisson level")
# Expected output:
# D = 1.0 ms: rate 368.9 Hz, peak at   957 Hz (period 1.04 ms = 1.04 D),   7.2 x Poisson level
# D = 1.5 ms: rate 369.7 Hz, peak at   691 Hz (period 1.45 ms = 0.96 D),  28.0 x Poisson level
# D = 2.0 ms: rate 368.1 Hz, peak at   566 Hz (period 1.77 ms = 0.88 D),  41.3 x Poisson level
# D = 2.5 ms: rate 371.1 Hz, peak at   465 Hz (period 2.15 ms = 0.86 D),  17.4 x Poisson level

# %% [markdown]
# The four spectra:

# %%
fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for (d, (f, rel, _)), color in zip(delay_spectra.items(), plt.cm.viridis([0.0, 0.35, 0.65, 0.9])):
    ax.plot(f[1:], rel[1:], color=color, lw=1.2, label=f"D = {d:g} ms")
ax.axhline(1.0, color="k", ls=":", lw=1, label=r"Poisson level $2\nu/N$")
ax.set(xlabel="Frequency (Hz)", ylabel="PSD / Poisson level", xlim=(0, 1500),
       title="Report's network, only the delay changed")
ax.legend(fontsize=8);

# %% [markdown]
# The firing rate does not move, the peak does: its period is close to one
# delay (a little shorter for the longer delays). The rhythm is an echo of
# the delta synapses: a chance excess of spikes in one step arrives at all
# targets, as a jump, exactly $D$ later, and since E and I inputs cancel
# only on average the next volley is shaped a delay later; the E/I loop
# with a delay is the mechanism of Brunel & Hakim's (1999) fast
# oscillations. Its coincidence with twice the firing rate at $D = 1.5$ ms
# is an accident of the parameters.
#
# **Verdict: holds, but it is not a cortical oscillation.** The rhythm is
# a product of the coupling: it disappears without it, and it follows the
# transmission delay, not the firing rate. At hundreds of Hz, far above
# cortical gamma (30-80 Hz), it is the delay-locked echo of instantaneous
# (delta) synapses; synaptic time constants (notebook 3) would filter it.
# Brunel's network shows the physiological kind of statement: slow
# (SI slow) and fast (SI fast) global oscillations emerge in distinct
# regions of the $(g, \eta)$ plane (notebook 7).
#
# ### 5. "Inhibition shapes temporal precision of excitation"
#
# If inhibition sharpened the timing of excitatory spikes, the
# cross-correlogram between excitatory neurons would have a narrower
# central peak with inhibition than without. A peak narrower than a bin
# cannot be measured, so we use the finest bins the simulation allows (one
# 0.1 ms time step) and two numbers for the central peak within
# $\pm 0.7$ ms (inside the first ripple of the fast rhythm): its excess
# area (extra coincidences, in units of chance $\times$ ms) and its rms
# width, the spread of the lags of the excess coincidences. We compare the
# report's network ($g = 4$), the same mean drive with half the inhibition
# ($g = 2$), and no inhibition ($g = 0$, report's drive; with the mean
# drive kept and from rest, the network stays in the low state, see
# conclusion 1).


# %%
def central_peak(lags, cc, half=0.7):
    """Excess area (chance x ms) and rms width (ms) of the correlogram peak within +-half ms."""
    near = np.abs(lags) <= half + 1e-9
    excess = np.clip(cc[near] - 1.0, 0.0, None)
    width = np.sqrt(np.sum(excess * lags[near] ** 2) / excess.sum()) if excess.sum() > 0 else np.nan
    return excess.sum() * (lags[1] - lags[0]), width


ccg = {}
for g in (4.0, 2.0, 0.0):
    r = g_runs[g]
    e = r.spike_ids < r.n_exc
    ccg[g] = sc.analysis.population_cross_correlogram(
        r.spike_times[e], r.spike_ids[e], r.n_exc, bin_size=0.1, max_lag=5.0, n_pairs=1000,
        duration=r.duration - t0, t_start=t0, normalize="rate", rng=0)

# %% [markdown]
# The central peak in each network:

# %%
# NBVAL_CHECK_OUTPUT
for g, (lags, cc) in ccg.items():
    area, width = central_peak(lags, cc)
    print(f"g = {g:g}: zero lag {cc[lags.size // 2]:6.2f} x chance, excess area {area:.3f} ms, "
          f"rms width {width:.2f} ms, mean r (10 ms) {summary(g_runs[g], t0)[2]:.3f}")
# Expected output:
# g = 4: zero lag   1.13 x chance, excess area 0.042 ms, rms width 0.15 ms, mean r (10 ms) 0.025
# g = 2: zero lag   1.13 x chance, excess area 0.033 ms, rms width 0.14 ms, mean r (10 ms) 0.048
# g = 0: zero lag  14.42 x chance, excess area 1.342 ms, rms width 0.00 ms, mean r (10 ms) 1.000

# %% [markdown]
# The correlograms, and the mean correlation against the bin width:

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
for g, color in ((4.0, "k"), (2.0, "0.55")):
    ax1.step(*ccg[g], where="mid", color=color, lw=1.2, label=f"g = {g:g}, same mean drive")
ax2.step(*ccg[0.0], where="mid", color="#c0392b", lw=1.2, label="g = 0, report's drive")
for ax in (ax1, ax2):
    ax.axhline(1.0, color="k", ls=":", lw=1, label="chance")
    ax.set(xlabel="Lag (ms)", ylabel="Coincidences / chance (ratio)")
    ax.legend(fontsize=8, loc="upper right")
ax1.set_title("With inhibition: E-E pairs, 0.1 ms bins", loc="left", fontsize=10)
ax2.set_title("Without inhibition", loc="left", fontsize=10);

# %% [markdown]
# With inhibition the correlogram is a low comb: narrow peaks, a fraction
# of a millisecond wide and 10-20 % above chance, at lag 0 and at
# multiples of the period of the fast rhythm of conclusion 4 (about one
# delay), the side peaks as high as the central one. Halving
# inhibition (same mean drive) leaves the central peak about as wide as it
# was, while doubling the correlation at 10 ms: within what 1000 pairs
# and 0.8 s resolve, inhibition does not set the precision of the
# coincidences. Without inhibition the network is in a different state
# altogether, a synchronous clock: every neuron fires in the same time
# step, once per cycle, and the correlogram is a comb of single-bin peaks
# at multiples of the period, nothing in between. Its "precision" is that
# of the time grid, not a sharpening of the asynchronous state's timing.
#
# **Verdict: not supported.** In this network inhibition decorrelates and
# stabilizes (conclusion 1); it does not sharpen spike timing. The textbook
# mechanism behind the claim, feedforward inhibition closing the window in
# which excitation can trigger a spike, needs a feedforward pathway and
# synaptic time constants that this network (delta synapses, random
# recurrent wiring) does not have.
#
# ### 6. "LIF networks capture essential cortical dynamics"
#
# We put the report's network, Brunel's AI state and cortex side by side.
# The cortical ranges are those of the asynchronous state in vivo:
# rates of a few Hz, ISI CV about 0.7-1.2, count correlations of
# 0.001-0.05 (Renart et al. 2010; Ecker et al. 2010).

# %%
# NBVAL_CHECK_OUTPUT
print(f"{'':24s} {'rate (Hz)':>10s} {'ISI CV':>8s} {'r (10 ms)':>10s}")
for label, (rate, cv, rr, _) in ref.items():
    print(f"{label:24s} {rate:10.1f} {cv:8.2f} {rr:10.3f}")
print(f"{'cortex (in vivo)':24s} {'1-10':>10s} {'0.7-1.2':>8s} {'0.001-0.05':>10s}")
# Expected output:
#                           rate (Hz)   ISI CV  r (10 ms)
# report's network              369.7     0.60      0.025
# Brunel AI (N = 12,500)         38.3     0.39      0.012
# cortex (in vivo)               1-10  0.7-1.2 0.001-0.05

# %% [markdown]
# The table compares outcomes. The same standard that judged the report
# must judge Brunel's state too: is its firing *fluctuation-driven*
# (notebook 2: mean input below threshold), is its balance *dynamic*, and
# what does its synchrony look like? We measure, for the 200 recorded
# neurons of each reference run, the mean excitatory and inhibitory input
# (external included, in mV, i.e. $\tau$ times the input per ms), the mean
# input $\mu$ against the 20 mV threshold and the rate a noiseless neuron
# would have at that $\mu$, how closely inhibition tracks excitation (the
# correlation of the E input with the magnitude of the I input, in 5 ms
# windows), and the count correlation in 2 ms as well as 10 ms bins.

# %%
def balance(r, t_start):
    """Mean E and I input (mV), mean input mu (mV) and E-I tracking (5 ms windows) of the recorded neurons."""
    k, p_n = int(round(t_start / r.dt)), r.params.neuron
    n_win = int(round(5.0 / r.dt))
    n = (r.exc_input.shape[1] - k) // n_win
    e_in, i_in = (x[:, k:k + n * n_win] for x in (r.exc_input, r.inh_input))
    e_mv, i_mv = p_n.tau_m * e_in.mean() / r.dt, p_n.tau_m * i_in.mean() / r.dt
    mu = p_n.v_rest + p_n.r_m * r.params.i_ext + e_mv + i_mv
    e_w, i_w = (x.reshape(x.shape[0], n, n_win).sum(-1) for x in (e_in, i_in))
    track = np.mean([np.corrcoef(a, -b)[0, 1] for a, b in zip(e_w, i_w)])
    return e_mv, i_mv, mu, track


# %% [markdown]
# The two reference runs, measured the same way:

# %%
# NBVAL_CHECK_OUTPUT
for label, (r, ts) in (("report's network", (res_v, t0)), ("Brunel AI (N = 12,500)", (res_ai, 100.0))):
    e_mv, i_mv, mu, track = balance(r, ts)
    noiseless = sc.theory.fi_curve(r.params.neuron, (mu - r.params.neuron.v_rest) / r.params.neuron.r_m)
    r2 = sc.analysis.count_correlations(r.spike_times, r.spike_ids, r.n_neurons, 2.0, ts, r.duration)[0]
    print(f"{label:23s}: E {e_mv:6.1f} mV, I {i_mv:6.1f} mV, mu {mu:5.1f} mV "
          f"(noiseless rate {noiseless:5.1f} Hz), E-I tracking {track:+.2f}, "
          f"r (2 ms) {np.mean(r2):.4f}, peak {sc.regime_statistics(r, t_start=ts)['f_peak_hz']:.0f} Hz")
# Expected output:
# report's network       : E  183.5 mV, I -182.9 mV, mu 122.6 mV (noiseless rate 349.6 Hz), E-I tracking +0.10, r (2 ms) 0.0151, peak 691 Hz
# Brunel AI (N = 12,500) : E  116.2 mV, I  -94.9 mV, mu  21.4 mV (noiseless rate  22.6 Hz), E-I tracking +0.85, r (2 ms) 0.0149, peak 156 Hz

# %% [markdown]
# Brunel's AI state passes only part of this test. Its mean input lies
# just *above* threshold, so by notebook 2's criterion it is not
# fluctuation-driven: a noiseless neuron would fire too, at more than half
# the measured rate; the fluctuations supply the rest and the irregularity,
# which is why the CV is near 0.4 and not 1. Its balance is measured, not
# assumed: a large excitatory input (a third of it external) is cancelled to
# within its last fifth by inhibition, and inhibition tracks excitation
# closely in time, while in the report's network the two recurrent streams
# cancel only on average and barely track each other (the drive is the
# constant current). $\chi$ and $\bar r$ point different ways (Brunel's
# $\chi$ is higher, its 10 ms $\bar r$ lower): $\chi$ reads the shared
# fluctuations of the membrane potential, which include the weak fast
# population rhythm of the full network (its spectral peak, with a period
# of a few milliseconds), and a 10 ms count bin averages such a rhythm
# away. In 2 ms bins the two networks' $\bar r$ are about the same; the
# report's extra correlation lives at slower time scales (notebook 6). Both
# measures say the same thing: weakly correlated, not synchronous.
#
# **Verdict: not in the report's regime; partly in Brunel's.** The report's
# network fires at 370 Hz, about a hundred times cortical rates, is driven
# by its mean input far above threshold, and fires with the regularity of
# a dead-time process: not cortex-like, whatever its correlations. The
# same LIF model in Brunel's AI state comes closer on some essentials:
# asynchronous activity with weak correlations and excitation and
# inhibition balanced dynamically. It does not capture them
# quantitatively: its mean input sits at threshold rather than below it,
# at 38 Hz with a 2 ms refractory period its CV is about 0.4 (reference
# simulators agree: Brian2 and NEST give 0.40-0.42 on the same network),
# half the cortical value, and its rate is still several times cortical
# rates. Getting both low rates and Poisson-like CVs takes more than the
# model of this report: lower drive with strong inhibition (a mean input
# below threshold), heterogeneity, adaptation or conductance-based
# synapses.

# %% [markdown]
# ## Explore
#
# The report's network at another drive and refractory period, with Table 4.1 measured live and the CV of a Poisson process with the same dead time. Below, the explorer at $I_\mathrm{ext} = 8$ nA, $t_\mathrm{ref} = 2$ ms; the sliders under it redraw it.

# %%
fig, stats = sc.widgets.report_explorer(8.0, 2.0)

# %% [markdown]
# The sliders update the figure when released. To redraw quickly, the live figure simulates a shorter run than the figure above, so its Table 4.1 rests on fewer spikes:

# %%
sc.widgets.report_explorer_widget()

# %% [markdown]
# ## Summary
#
# | | Conclusion of the report | Verdict | Key numbers |
# |---|---|---|---|
# | 1 | Balanced E/I maintains stable asynchronous activity | holds, caveat | $\chi$ = 0.14 (200 neurons; 0.07 independent, 0.21 Brunel AI); $g$ = 2: $r$ doubles; $g$ = 1, same mean drive: two branches (hysteresis), 8.7 Hz from rest, 660.5 Hz (a locked clock, $r$ = 0.72) from the high state, the asynchronous state lost; $g$ = 0: locked clock, $r$ = 1 |
# | 2 | ISI CV near 1: Poisson-like firing | does not hold | CV 0.60 = dead-time Poisson 0.63, not 1 |
# | 3 | Sparse connectivity gives weak correlations | not supported | $r$ = 0.025-0.033 over 2.5-40 % connectivity at fixed $J C_E$; 0.002-0.073 for $J$ = 0.5-2.5 mV |
# | 4 | Oscillations emerge from interactions | holds (not cortical) | peak many times the Poisson level, gone without coupling; its period follows the delay $D$, not the rate |
# | 5 | Inhibition shapes temporal precision | not supported | central peak (0.1 ms bins) as wide with half the inhibition; without it, a different, locked state ($r$ = 1) |
# | 6 | LIF networks capture cortical dynamics | partly, in Brunel's AI only | report: 370 Hz, CV 0.6; Brunel AI: 38 Hz, CV 0.4, mean input at threshold, E/I tracking; cortex: few Hz, CV 0.7-1.2 |
#
# - The table and figures of the report are reproduced within tolerance by
#   a regime we had to reconstruct; matching numbers does not validate its
#   conclusions.
# - Each conclusion became testable once we fixed what to hold constant:
#   the mean drive when removing inhibition, $J C_E$ when changing
#   sparseness, the single-neuron noise when removing coupling, the rate
#   when changing the delay; and the same standard applies to the model we
#   prefer.
# - The cortex-like regime of an LIF network is Brunel's asynchronous
#   irregular state (notebook 7), not the report's.
#
# ## References
#
# - Technical Report NS-2024-003. Spiking Neural Networks: Population
#   Dynamics and Synchronization (the seed report of this course).
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
# - Renart A, de la Rocha J, Bartho P, Hollender L, Parga N, Reyes A,
#   Harris KD (2010). The asynchronous state in cortical circuits.
#   *Science* 327:587-590.
# - Ecker AS, Berens P, Keliris GA, Bethge M, Logothetis NK, Tolias AS
#   (2010). Decorrelated neuronal firing in cortical microcircuits.
#   *Science* 327:584-587.
# - van Vreeswijk C, Sompolinsky H (1996). Chaos in neuronal networks with
#   balanced excitatory and inhibitory activity. *Science* 274:1724-1726.
# - Golomb D, Rinzel J (1993). Dynamics of globally coupled inhibitory
#   neurons with heterogeneity. *Phys Rev E* 48:4810-4814.
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014). *Neuronal Dynamics*,
#   ch. 7, 12-13. Cambridge University Press.
# - Dayan P, Abbott LF (2001). *Theoretical Neuroscience*, ch. 1 and 7.
#   MIT Press.
