r"""The snncourse network model written in Brian2, for cross-checks and benchmarks.

This file is reference code outside the package (``snncourse`` itself never
imports Brian2). It is used by ``tests/test_crosscheck_brian2.py`` (which
loads it by file path with ``importlib``) and by ``benchmarks/bench_brunel.py``.

Contents
--------
build_brian2_network
    A Brian2 ``Network`` that simulates exactly what
    :func:`snncourse.simulate_network` simulates for a
    :class:`~snncourse.params.NetworkParams`.
run_brian2
    Build, run and return spikes ``(times_ms, ids)`` on snncourse's time
    convention, plus timings.
snncourse_initial_state
    The initial potentials and wiring that ``simulate_network(net, rng=seed)``
    draws, so both simulators can start from the same state on the same wiring.

How the Brian2 model is made to match snncourse step for step
-----------------------------------------------------------
snncourse's step ``k`` (see ``snncourse/network.py``): exact relaxation,
then the input arriving in this step is added, refractory neurons are
clamped at ``v_reset`` (input arriving during refractoriness is dropped),
threshold ``V >= V_th``, reset, and the spike is stamped ``t_{k+1}``.

Brian2's default schedule is ``groups`` (state update) -> ``thresholds`` ->
``synapses`` -> ``resets``: synaptic effects land *after* the threshold
check of their step, so a jump can only make the neuron fire one step later
(after one more decay). Three changes make the two identical:

1. **Input before the threshold.** The synaptic pathways and the
   ``PoissonInput`` run in the ``before_thresholds`` slot (after the state
   update, as in snncourse). A pathway then pushes the spikes of the
   *previous* step into its queue (the threshold of this step has not run
   yet), which adds one step of latency; the Brian2 delay is therefore
   ``D - dt``, so a spike stamped ``t_{k+1}`` arrives in step ``k + D/dt``
   before its threshold check, as in snncourse.
2. **Refractory input dropped.** Nothing to add: Brian2 marks a variable
   declared ``(unless refractory)`` as *conditionally written*, so every
   write to ``v`` -- the state update, ``on_pre = "v_post += J"`` and the
   ``PoissonInput`` alike -- only touches neurons whose ``not_refractory``
   is true. A refractory neuron therefore stays at ``v_reset`` and its
   input is lost, as snncourse's clamp does (checked: a neuron reset at
   10 mV stays at exactly 10 mV under 100 kHz of Poisson input until its
   refractory period ends).
3. **Refractory length.** Brian2 stamps a spike with the start of the step
   in which the threshold was crossed (``t_k``) and counts the refractory
   period from there, so ``refractory = t_ref`` clamps ``t_ref / dt - 1``
   steps after the spike step. snncourse (like NEST) clamps ``t_ref / dt``
   steps; Brian2 gets ``refractory = t_ref + dt``. Brian2 spike times are
   shifted by ``+dt`` onto snncourse's stamp.

What still differs: the external drive. snncourse draws a Poisson count of
mean ``c_ext * nu_ext * dt`` per neuron and step; Brian2's ``PoissonInput``
draws a binomial ``(c_ext, nu_ext * dt)`` count (same mean, variance smaller
by the factor ``1 - nu_ext dt``, 0.998 for Brunel's network), from its own
random stream. Everything else (wiring, initial potentials) can be shared
exactly. White noise (``noise_sigma > 0``) is not supported here.
"""

from __future__ import annotations

import time

import numpy as np

from snncourse.connectivity import build_connectivity
from snncourse.params import NetworkParams

__all__ = ["build_brian2_network", "run_brian2", "snncourse_initial_state"]


def snncourse_initial_state(net: NetworkParams, seed: int):
    """Initial potentials (mV) and wiring drawn as ``simulate_network(net, rng=seed)`` draws them.

    Returns
    -------
    v0 : ndarray, shape (n_neurons,)
    connectivity : snncourse.connectivity.Connectivity
    """
    rng = np.random.default_rng(seed)
    v0 = rng.uniform(*net.v_init_range, size=net.n_neurons)
    return v0, build_connectivity(net, rng)


def build_brian2_network(net: NetworkParams, *, dt: float = 0.1, v0=None,
                         connectivity=None, seed: int | None = None,
                         target: str = "numpy", match_schedule: bool = True):
    """A Brian2 ``Network`` of ``net``; returns ``(network, spike_monitor)``.

    Parameters
    ----------
    net : NetworkParams
        The network (``noise_sigma`` must be 0).
    dt : float
        Time step (ms).
    v0 : array_like, optional
        Initial potentials (mV); default uniform over ``net.v_init_range``
        drawn from ``seed``.
    connectivity : Connectivity or "brian2", optional
        snncourse wiring to reproduce synapse by synapse (multapses
        included). ``"brian2"`` lets Brian2 draw its own Bernoulli wiring
        with ``connect(p=c_exc / n_exc)`` (and ``c_inh / n_inh``), as Brian2's
        Brunel example does. None draws snncourse wiring from ``seed``.
    seed : int, optional
        Seeds Brian2's random numbers (``brian2.seed``) and the defaults above.
    target : {"numpy", "cython"}
        Brian2 code generation target.
    match_schedule : bool
        Apply the schedule/delay/refractory corrections described in the
        module docstring. False gives Brian2's usual formulation
        (``delay = D``, ``refractory = t_ref``, default schedule; refractory
        input is dropped either way).
    """
    import brian2 as b2

    if net.noise_sigma > 0:
        raise ValueError(f"noise_sigma must be 0 for the Brian2 reference model, got {net.noise_sigma!r}")
    b2.prefs.codegen.target = target
    b2.defaultclock.dt = dt * b2.ms
    if seed is not None:
        b2.seed(seed)
    rng = np.random.default_rng(seed)
    if v0 is None:
        v0 = rng.uniform(*net.v_init_range, size=net.n_neurons)
    if connectivity is None:
        connectivity = build_connectivity(net, rng)

    p = net.neuron
    v_inf = p.v_rest + p.r_m * net.i_ext
    t_ref = p.t_ref + (dt if match_schedule else 0.0)
    delay = net.delay - (dt if match_schedule else 0.0)
    when = "before_thresholds" if match_schedule else "synapses"
    mv = lambda x: f"({float(x)!r}*mV)"  # noqa: E731  literal with unit, no namespace needed

    group = b2.NeuronGroup(
        net.n_neurons,
        f"dv/dt = ({mv(v_inf)} - v) / ({float(p.tau_m)!r}*ms) : volt (unless refractory)",
        threshold=f"v >= {mv(p.v_th)}", reset=f"v = {mv(p.v_reset)}",
        refractory=t_ref * b2.ms, method="exact", name="neurons",
    )
    group.v = np.asarray(v0, dtype=float) * b2.mV
    objects = [group]
    n_exc = net.n_exc
    for name, w, pre, lo, hi, c, size in (
        ("exc", net.j_exc, group[:n_exc], 0, n_exc, net.c_exc, net.n_exc),
        ("inh", net.j_inh, group[n_exc:], n_exc, net.n_neurons, net.c_inh, net.n_inh),
    ):
        if size == 0 or w == 0.0:
            continue
        syn = b2.Synapses(pre, group, on_pre=f"v_post += {mv(w)}",
                          delay=delay * b2.ms, name=f"syn_{name}")
        if isinstance(connectivity, str) and connectivity == "brian2":
            # presynaptic index i is relative to the subgroup starting at lo
            # p and the offset by name, not as literals: the generated code (and
            # Brian2's compiled cache) is then the same for every network size
            syn.connect(condition=None if net.autapses else "i + i_offset != j", p="p_connect",
                        namespace={"p_connect": c / size, "i_offset": lo})
        else:
            start, stop = connectivity.indptr[lo], connectivity.indptr[hi]
            src = np.repeat(np.arange(hi - lo, dtype=np.int32),
                            np.diff(connectivity.indptr[lo:hi + 1]))
            syn.connect(i=src, j=connectivity.targets[start:stop])
        syn.pre.when = when
        objects.append(syn)
    if net.nu_ext > 0 and net.c_ext_eff > 0 and net.j_ext_eff != 0.0:
        objects.append(b2.PoissonInput(
            group, "v", N=net.c_ext_eff, rate=net.nu_ext * b2.Hz,
            weight=mv(net.j_ext_eff), when=when,
        ))
    monitor = b2.SpikeMonitor(group, name="spikes")
    objects.append(monitor)
    return b2.Network(*objects), monitor


def run_brian2(net: NetworkParams, *, duration: float, dt: float = 0.1, **kwargs):
    """Build and run the Brian2 model; spikes on snncourse's time convention.

    Returns
    -------
    dict with ``spike_times`` (ms, sorted, stamped at the end of the step as
    snncourse does), ``spike_ids``, ``build_s`` (object creation and wiring),
    ``prepare_s`` (code generation/compilation, ``run(0 ms)``), ``run_s``,
    the CPU times ``build_cpu_s`` and ``run_cpu_s`` of this process, and
    ``n_synapses``. numpy's global random state is restored afterwards.
    """
    import brian2 as b2

    global_state = np.random.get_state()  # brian2.seed reseeds numpy's global RNG
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        network, monitor = build_brian2_network(net, dt=dt, **kwargs)
        n_syn = sum(len(obj) for obj in network.objects if isinstance(obj, b2.Synapses))
        t1, c1 = time.perf_counter(), time.process_time()
        network.run(0 * b2.ms)
        t2, c2 = time.perf_counter(), time.process_time()
        network.run(duration * b2.ms)
        t3, c3 = time.perf_counter(), time.process_time()
    finally:
        np.random.set_state(global_state)
    times = np.asarray(monitor.t / b2.ms) + dt
    ids = np.asarray(monitor.i[:], dtype=np.int64)
    order = np.argsort(times, kind="stable")
    return dict(spike_times=times[order], spike_ids=ids[order], build_s=t1 - t0,
                prepare_s=t2 - t1, run_s=t3 - t2, build_cpu_s=c1 - c0, run_cpu_s=c3 - c2,
                n_synapses=n_syn)
