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
# # 9. Beyond one machine: the same model in NEST and Brian2, and sweeps on a cluster
#
# Everything so far ran in the course's own numpy engine, on one core.
# Research-size models run in dedicated simulators, on many cores. In this
# notebook we take Brunel's network (notebook 7) to two of them, NEST and
# Brian2, check that all three simulate *the same model*, and spread a
# sweep of runs over the workers of a (local) Dask cluster. The full-size
# runs take minutes, too long for a notebook that is tested on every
# change: we load their results from `data/`, each with the command that
# made it, and run only small examples here.
#
# **Learning goals.** After this notebook you can
#
# - export a `NetworkParams` network to NEST or Brian2, run it there and
#   analyse the spikes with the course's functions;
# - say what must agree for two simulators to simulate the same model
#   (update order, refractory input, delays, spike time stamps) and test it;
# - compare simulators by statistics (rates, ISI CV, spectrum), not spike by
#   spike, when their random numbers differ;
# - say what changes at $10^5$ neurons and more, and when a cluster helps;
# - run a parameter sweep on any `concurrent.futures` executor, including a
#   Dask cluster, with results that do not depend on the number of workers.

# %%
import concurrent.futures as cf
import functools
import importlib.util
import tempfile

import numpy as np
from IPython.display import display

import snncourse as sc
import snncourse.export
import snncourse.export.compare

HAVE = {name: importlib.util.find_spec(name) is not None
        for name in ("nest", "brian2", "distributed")}

# %% [markdown]
# ## One model, three simulators
#
# The model is that of notebooks 4-7: LIF neurons with delta synapses and a
# delay $D$,
#
# $$
# \tau_m \frac{dV_i}{dt} = -(V_i - V_\mathrm{rest}) + R_m I_\mathrm{ext}
#   + \tau_m \sum_j J_{ij} \sum_k \delta(t - t_j^k - D) + \text{external drive},
# $$
#
# with threshold, reset, and a refractory period during which the
# potential is clamped and input is lost. Written down, it is the same
# model in every simulator; simulated, it is the same only if the
# simulators agree on details that the equation does not fix:
#
# | detail | snncourse | NEST `iaf_psc_delta` | Brian2 (as exported) |
# |---|---|---|---|
# | input in the step of a spike | before the threshold | before the threshold | `when="before_thresholds"` |
# | input while refractory | dropped | dropped (`refractory_input=False`) | dropped (`unless refractory`) |
# | spike time stamp | end of the step | end of the step | start of the step, shifted by `+dt` |
# | delay $D$ | $D/dt$ steps | $D/dt$ steps | `D - dt` (the pathway sees last step's spikes) |
# | external Poisson drive | Poisson count per step | `poisson_generator` (Poisson count) | `poisson(C nu dt)` per step |
#
# `snncourse.export` builds the NEST and Brian2 versions of any
# `NetworkParams` with these choices. Here is Brunel's AI network:

# %%
net = sc.brunel2000(5.0, 2.0)
print(net)

# %% [markdown]
# `check_exportable` refuses what the simulators would treat differently.
# Our deliberate mistake: a delay of 1.55 ms with a 0.1 ms step. snncourse
# rounds it to 1.6 ms with a warning; NEST and Brian2 would round it each
# their own way, silently. The exporter stops instead:

# %%
# NBVAL_CHECK_OUTPUT
try:
    sc.export.check_exportable(net.replace(delay=1.55), "nest")
except ValueError as err:
    print("ValueError:", err)
# Expected output:
# ValueError: delay must be a whole number of steps dt=0.1 ms (at least 1) for an exported model, got 1.55 ms: NEST and Brian2 would round it each their own way, unlike snncourse

# %% [markdown]
# The message names the argument, the value and why. With the delay on the
# time grid the network exports.
#
# ## Spike for spike, on a network without noise
#
# Simulators draw different random numbers, so on Brunel's network they can
# only agree in statistics. To test the update order itself, take a network
# with no randomness after the start: 100 coupled neurons driven by a
# constant current ($R_m I = 24$ mV, above threshold), with strong synapses
# so that many inputs arrive during refractory periods. Started from the
# same potentials and wiring (`rng=5` draws them as `simulate_network` does),
# every simulator must give exactly the same spikes.

# %%
small = sc.NetworkParams(n_exc=80, n_inh=20, c_exc=8, c_inh=2, j_exc=0.8, g=4.0,
                         i_ext=2.4, name="deterministic")
ref = sc.simulate_network(small, duration=200.0, rng=5)
print(f"snncourse: {ref.spike_times.size} spikes")
for target in ("nest", "brian2"):
    if not HAVE[target]:
        print(f"{target}: not installed")
        continue
    other = sc.export.run(small, to=target, duration=200.0, rng=5)
    same = (other.spike_ids.size == ref.spike_ids.size
            and np.array_equal(other.spike_ids, ref.spike_ids)
            and np.allclose(other.spike_times, ref.spike_times, atol=1e-9))
    print(f"{target}: {other.spike_times.size} spikes, identical to snncourse: {same}")

# %% [markdown]
# Identical, spike for spike: threshold, reset, the refractory clamp, the
# delay and the time stamps agree. (`tests/test_export.py` checks this, and
# that the Poisson drive and the white noise give the same rates.)
#
# ## A script to take to a cluster
#
# `write_script` writes a standalone script that needs only NEST (or Brian2)
# and numpy. It carries the parameters as JSON and writes the `.npz` layout
# of `SimulationResult.save`, so `sc.load_result` reads what it produced:

# %%
folder = tempfile.mkdtemp()
script = sc.export.write_script(net, f"{folder}/run_nest.py", to="nest", duration=1000.0)
lines = script.read_text().splitlines()
print(len(lines), "lines;", [line for line in lines if line.startswith("def ")])

# %% [markdown]
# On the command line the same is
# `python -m snncourse export --to nest --preset brunel_ai --out run_nest.py`,
# and then `python run_nest.py --threads 2 --out spikes.npz` (or under
# `mpirun`, section "The cluster recipe" below).
#
# ## Brunel's network at full size in all three
#
# The committed file `data/simulator_comparison.npz` holds Brunel's AI
# network (1 s) and SI-slow network (2 s) at full size, $N = 12\,500$, in
# the three simulators, each started from the same potentials and synapses.
# Statistics are taken after 200 ms.

# %%
comparison, meta = sc.export.compare.load_comparison(sc.export.compare.COMPARISON_FILE)
print(meta["command"])
print(f"NEST {meta['nest_version']}, Brian2 {meta['brian2_version']} ({meta['brian2_target']}), "
      f"NEST threads: {meta['threads']}")

# %% [markdown]
# One table: E and I rates, mean ISI CV, the peak of the population-rate
# spectrum, and the time each run took (wall clock and CPU; the machine was
# shared with other jobs, so compare CPU times, and those only roughly).

# %%
# NBVAL_CHECK_OUTPUT
print("\n".join(sc.export.compare.comparison_table(comparison)))
# Expected output:
# state    simulator   E (Hz)  I (Hz)     CV peak (Hz) wall (s)  CPU (s)
# AI       snncourse    38.06   38.05  0.416     130.9        5        3
# AI       nest         37.93   37.98  0.420     121.1       50       32
# AI       brian2       38.21   38.12  0.415     144.5       10       10
# SI slow  snncourse     5.84    5.87  0.621      21.5        2        2
# SI slow  nest          6.00    6.00  0.626      21.5       28       26
# SI slow  brian2        5.81    5.83  0.628      19.5       14        9

# %% [markdown]
# The three agree: in the AI state the rates are within 0.5 % and the CVs
# within 0.01 of each other; the SI-slow oscillation peaks within 2 Hz (the
# resolution of the spectrum). The times are rough (a shared 2-core
# machine), but the order is clear: the course's engine is the fastest here,
# because it is specialised to this one model (a weight per population, no
# data per synapse); NEST's time includes building the 15.6 M synapses one by
# one out of the list snncourse drew, and Brian2's leaves out the compilation (about
# 30 s on a cold cache, cached here). General simulators pay for generality
# on one machine and win when the network needs many.

# %% [markdown]
# **Predict.** The SI-slow network fires at 6 Hz, the AI network at 38 Hz.
# Which of the two has the more regular single neurons (smaller ISI CV), and
# why could the answer surprise?
#
# <details><summary>Answer</summary>
#
# The AI network: CV 0.42 against 0.62. At 38 Hz with a 2 ms refractory
# period and a strong mean drive firing is partly regular; in the SI-slow
# state neurons skip cycles of the slow oscillation at random, which makes
# their ISIs more variable, although the population is synchronous.
#
# </details>

# %% [markdown]
# One figure: the SI-slow state in the three simulators, a raster of 40
# excitatory neurons each, the population rates and their spectra.

# %%
fig, stats = sc.export.compare.comparison_explorer("SI slow")

# %% [markdown]
# The spectra lie on top of each other, and the slow oscillation has the same
# frequency in all three. The population rates differ in detail (different
# random input), not in character. The toggle shows the AI state too:

# %%
display(sc.export.compare.comparison_explorer_widget())

# %% [markdown]
# In the AI state the population rate has no line, only a broad bump, in
# all three simulators; its top (the AI peaks of the table) falls at a
# slightly different frequency in each, since it is not an oscillation.
#
# ## What changes at $10^5$ neurons and more
#
# Brunel's scaling keeps the in-degree $C$ fixed while $N$ grows (`scale`
# in `brunel2000`). Then the mean-field input of a neuron does not change,
# but three things do:

# %%
for scale in (1, 8, 80):
    big = sc.brunel2000(5.0, 2.0, scale=scale)
    n, c = big.n_neurons, big.c_exc + big.c_inh
    synapses = n * c
    events = n * 38.0 * c  # synaptic events per simulated second at 38 Hz
    print(f"N = {n:>9,d}: {synapses / 1e6:7.1f} M synapses, "
          f"{4 * synapses / 1e9:5.2f} GB as int32 targets, "
          f"{events / 1e9:6.1f} G events/s, shared inputs C/N = {big.c_exc / big.n_exc:.4f}")

# %% [markdown]
# - **Memory**: the synapses grow as $N C$. snncourse stores one `int32`
#   target per synapse (the weight depends only on the source population),
#   0.06 GB at full size, 0.5 GB at $10^5$ neurons; general-purpose
#   simulators store a weight, a delay and more per synapse, several times
#   that. At $10^6$ neurons the network no longer fits one machine: NEST
#   distributes neurons *and their incoming synapses* over MPI processes.
# - **Time**: the work is the number of synaptic events, $N \nu C$ per
#   second of model time, growing linearly with $N$. One core delivers some
#   $10^8$ events per second, so a second of a $10^5$-neuron AI network
#   costs about a minute per core; threads and processes divide it.
# - **Dynamics**: two neurons share a fraction $C/N$ of their inputs. It
#   drops from 0.1 to 0.0125 at $10^5$ neurons, so shared-input correlations
#   and Golomb's $\chi$ in the AI state fall, and the network comes closer to
#   Brunel's sparse limit. The thresholds of `classify_state` were tuned at
#   $C/N$ between 0.1 and 0.2 (see its Notes): re-tune them for much larger networks.
#
# ## The cluster recipe
#
# `docs_cluster.md` has it step by step: installing NEST with MPI (the
# PyPI wheel has threads, not MPI), a SLURM batch file that runs the
# exported script with `srun ... --threads $SLURM_CPUS_PER_TASK`, and how
# the spikes of the ranks come back (each rank writes its own file, rank 0
# merges them into one `spikes.npz` for `sc.load_result`). In short:
#
# ```bash
# python -m snncourse export --to nest --preset brunel_ai --scale 8 --out run_nest.py
# sbatch brunel.sbatch        # srun python run_nest.py --threads 8 --out spikes.npz
# ```
#
# ## Sweeps: one run per worker
#
# A phase diagram is many independent runs: it needs many cores, not a
# parallel simulator. `phase_diagram_sweep` takes any
# `concurrent.futures.Executor`. Each grid point draws its random numbers
# from its own generator, `SeedSequence(seed, spawn_key=(i,))` for point
# $i$, so the result cannot depend on which worker ran which point, or when.
# A tiny sweep (500 neurons, 100 ms per point), first on one thread:

# %%
tiny = functools.partial(sc.reduced_brunel, n_exc=400, c_exc=40)
grid = dict(g_values=[4.0, 6.0], eta_values=[1.0, 2.0], network=tiny, duration=100.0,
            t_start=20.0, n_record=50, seed=3, progress=False)
with cf.ThreadPoolExecutor(1) as pool:
    one = sc.sweep.phase_diagram_sweep(executor=pool, **grid)
print(np.round(one.rate, 2))

# %% [markdown]
# **Predict.** The same sweep on two workers that finish in any order: the
# same rates to the last digit, or only statistically the same?
#
# <details><summary>Answer</summary>
#
# The same to the last digit: point $i$ always gets the generator of
# `SeedSequence(3, spawn_key=(i,))`, whichever worker runs it and whenever.
# Had the runs shared one generator, the order of completion would decide
# which random numbers each run got.
#
# </details>

# %% [markdown]
# Now on a local Dask cluster with two workers. On a real cluster only the
# first line changes (`Client("tcp://scheduler:8786")` or a `SLURMCluster`
# from `dask_jobqueue`, see `docs_cluster.md`):

# %%
if HAVE["distributed"]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        on_dask = sc.sweep.phase_diagram_sweep(executor=client.get_executor(), **grid)
    print("identical on 2 Dask workers:", np.array_equal(on_dask.rate, one.rate)
          and np.array_equal(on_dask.state, one.state))
else:
    print("dask.distributed is not installed: pip install 'dask[distributed]'")

# %% [markdown]
# The same numbers, bit for bit. The committed full-size phase diagram was
# made the same way, on a local process pool, by the command it stores:

# %%
diagram, pd_meta = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
print(pd_meta["command"], f"({pd_meta['wall_s'] / 60:.0f} min)")
ax = sc.plot_phase_diagram(diagram)
ax.set_title(f"Brunel's network, N = {pd_meta['n_neurons']:,}, "
             f"{pd_meta['duration']:.0f} ms per point");

# %% [markdown]
# At full size the diagram has Brunel's structure: synchronous regular
# below the balance point $g = 4$, asynchronous irregular above it at
# moderate drive, a fast global oscillation (SI fast) at strong drive and
# strong inhibition, and the slow oscillation (SI slow) at weak drive. At
# the weakest drive ($\eta = 0.5$) the activity dies out after the start.
#
# ## Summary
#
# - `snncourse.export` runs a `NetworkParams` network in NEST or Brian2 and
#   returns a `SimulationResult`; every analysis and figure of the course
#   works on it. `write_script` gives a standalone script for a cluster.
# - Two simulators simulate the same model only if they agree on update
#   order, refractory input, delays and time stamps. A deterministic network
#   tests it spike for spike; with noise, compare statistics.
# - Brunel's AI and SI-slow networks at full size give the same rates, CVs
#   and oscillation frequencies in snncourse, NEST and Brian2.
# - At $10^5$ neurons and more, memory and synaptic events grow as $N C$ and
#   shared input shrinks as $C/N$; a single large network needs NEST with
#   MPI, many networks need only many workers.
# - A sweep seeded per point gives the same result on one thread, a process
#   pool or a Dask cluster.
#
# ## References
#
# - Brunel N (2000). Dynamics of sparsely connected networks of excitatory
#   and inhibitory spiking neurons. *J Comput Neurosci* 8:183-208.
# - Gewaltig M-O, Diesmann M (2007). NEST (NEural Simulation Tool).
#   *Scholarpedia* 2(4):1430.
# - Stimberg M, Brette R, Goodman DFM (2019). Brian 2, an intuitive and
#   efficient neural simulator. *eLife* 8:e47314.
# - Brette R et al. (2007). Simulation of networks of spiking neurons: a
#   review of tools and strategies. *J Comput Neurosci* 23:349-398.
# - Jordan J et al. (2018). Extremely scalable spiking neuronal network
#   simulation code: from laptops to exascale computers. *Front
#   Neuroinform* 12:2.
# - Rocklin M (2015). Dask: parallel computation with blocked algorithms and
#   task scheduling. *Proc 14th Python in Science Conf*, 130-136.
