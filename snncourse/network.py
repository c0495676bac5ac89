r"""The network engine: a vectorized, clock-driven simulator of E/I LIF networks.

Contents
--------
simulate_network
    Simulate a :class:`~snncourse.params.NetworkParams` network.
SimulationResult, NetworkState, load_result
    What it returns (with the state it ends in, to continue from), and
    reading a saved run back (defined in :mod:`snncourse.results`,
    re-exported here).

What happens in one time step ``k`` (from :math:`t_k` to :math:`t_{k+1}`)
-------------------------------------------------------------------------
1. Every neuron's potential relaxes exactly towards
   :math:`V_\infty = V_\mathrm{rest} + R_m I_\mathrm{ext}`:
   :math:`V \leftarrow V_\infty + (V - V_\infty) e^{-dt/\tau_m}`.
2. Input arriving in this step is added as jumps (mV): recurrent spikes
   from the ring buffer slot of this step, external Poisson counts times
   ``j_ext``, white noise (exact Ornstein-Uhlenbeck increment).
3. Refractory neurons are clamped at ``v_reset``: input arriving during the
   refractory period is dropped (as Brian2's ``unless refractory`` and NEST
   do; delivering it instead raises rates noticeably).
4. Neurons with :math:`V \ge V_\mathrm{th}` spike at :math:`t_{k+1}`, are
   reset, and stay refractory for ``round(t_ref / dt)`` steps.
5. Each spike is delivered: the targets of the spiking neurons (one slice of
   the presynaptic-major connectivity each) are counted with
   ``np.bincount`` and ``J`` times the E counts plus ``-gJ`` times the I
   counts are written to the ring-buffer slot ``delay / dt`` steps ahead.
   When at least 3 % of the neurons fire in a step and nearly the same
   neurons fired together in a recent step (synchronous states), the counts
   are that step's, corrected by the neurons that joined or left: the same
   integers, so the same input.

All neurons are updated together with array operations; the only Python
loop is over time steps (and over the few neurons that spike in a step).
Steps 1-4 are the LIF step shared with :func:`~snncourse.neuron.simulate_neuron`
(``snncourse/_lif.py``); the membrane potentials and inputs of the neurons
in ``record_ids`` are copied out by a recorder, apart from the physics.
The delay must be a whole number of steps, at least one: other values are
rounded to the nearest step with a warning.

Random numbers: the initial potentials (uniform over
``net.v_init_range``), the connectivity (unless given), then the external
input in blocks of steps, all from the one ``rng``; the same seed gives
bit-identical spikes.

Continuing a run: ``simulate_network(net, ..., initial_state=res.final_state,
rng=gen)`` starts from the potentials, refractory clocks and spikes in
flight that ``res`` ended with, draws neither potentials nor wiring, and
only the external input from ``rng``. With the same Generator object
passed on, a run of ``T1 + T2`` equals, spike for spike, a run of ``T1``
continued for ``T2``, provided the network has one kind of random input
(Poisson drive or white noise, as every preset): the draws of one kind
concatenate (``rng.integers`` and ``rng.standard_normal`` give the same
numbers in two calls as in one). With both kinds they interleave in blocks
of 128 steps, and the two agree only when ``T1`` is a multiple of 128
steps (otherwise they are statistically, not bit for bit, the same).
"""

from __future__ import annotations

import warnings
from collections import deque

import numpy as np

from . import _lif
from ._validation import as_rng, check_positive
from .connectivity import Connectivity, build_connectivity
from .neuron import step_factors
from .params import NetworkParams
from .progress import ProgressBar
from .results import NetworkState, SimulationResult, load_result
from .units import hz_to_per_ms, ms_to_steps

__all__ = ["simulate_network", "SimulationResult", "NetworkState", "load_result"]

_UNSET = object()
_GATHER = 1 << 17  # about this many targets counted at a time (1 MB as intp: stays in cache)
# A step in which at least _RECALL_SHARE of the neurons fire (synchronous: 99 % of the steps of
# Brunel's AI and SI states stay below 2.6 %) is compared with the last _RECALL_KEEP such steps.
_RECALL_SHARE = 0.03
_RECALL_KEEP = 4


def _record_ids(record_ids, n):
    if record_ids is None:
        return np.empty(0, dtype=np.int64)
    try:
        ids = np.atleast_1d(np.asarray(record_ids))
        if ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise TypeError
    except TypeError:
        raise TypeError(f"record_ids must be a sequence of neuron indices, got {record_ids!r}") from None
    ids = ids.astype(np.int64).ravel()
    if ids.size and (ids.min() < 0 or ids.max() >= n):
        raise ValueError(f"record_ids must hold neuron indices in 0..{n - 1}, got {record_ids!r}")
    return ids


def _check_connectivity(connectivity, net, rng) -> Connectivity:
    if connectivity is None:
        return build_connectivity(net, rng)
    if not isinstance(connectivity, Connectivity):
        raise TypeError(f"connectivity must be a Connectivity, got {type(connectivity).__name__}")
    if connectivity.n_exc != net.n_exc or connectivity.n_inh != net.n_inh:
        raise ValueError(
            f"connectivity must have n_exc={net.n_exc}, n_inh={net.n_inh}, got "
            f"{connectivity.n_exc}, {connectivity.n_inh}"
        )
    return connectivity


def _continue_from(state, net, dt, d_steps, ref_steps, connectivity):
    """Check ``initial_state`` against the run; its potentials, refractory steps left,
    spikes in flight as ``[(step, sorted ids)]`` for steps ``-d_steps .. -1``, and wiring."""
    if isinstance(state, SimulationResult):
        raise TypeError("initial_state must be a NetworkState: pass result.final_state, "
                        "not the SimulationResult itself")
    if not isinstance(state, NetworkState):
        raise TypeError(f"initial_state must be a NetworkState (a SimulationResult's "
                        f"final_state), got {type(state).__name__}")
    n = net.n_neurons
    if state.n_neurons != n:
        raise ValueError(f"initial_state must hold {n} neurons (net has {net.n_exc} E + "
                         f"{net.n_inh} I), got a state of {state.n_neurons}")
    if not np.isclose(state.dt, dt, rtol=1e-12, atol=0.0):
        raise ValueError(f"initial_state was made with dt={state.dt!r} ms; continue it with "
                         f"the same dt, got dt={dt!r} ms")
    if int(round(state.delay / dt)) != d_steps:
        raise ValueError(f"initial_state was made with delay={state.delay!r} ms; the spikes in "
                         f"flight need the same delay, got net.delay={net.delay!r} ms")
    if not np.all(np.isfinite(state.v)):
        raise ValueError("initial_state.v must hold finite potentials (mV)")
    left = np.rint(state.refractory / dt).astype(np.int64)
    if left.size and (left.min() < 0 or left.max() > ref_steps):
        raise ValueError(f"initial_state.refractory must lie in [0, t_ref={net.neuron.t_ref!r}] "
                         f"ms, got up to {state.refractory.max()!r} ms")
    steps = np.rint(state.in_flight_times / dt).astype(np.int64)  # 0 = fired in the last step
    ids = state.in_flight_ids
    if steps.size and (steps.min() <= -d_steps or steps.max() > 0 or ids.min() < 0
                       or ids.max() >= n):
        raise ValueError(f"initial_state's spikes in flight must have times in (-{net.delay!r}, "
                         f"0] ms and ids in 0..{n - 1}")
    in_flight = [(k, np.sort(ids[steps == k + 1])) for k in range(-d_steps, 0)]
    if connectivity is None:
        connectivity = state.connectivity
        if connectivity is None:
            raise ValueError("initial_state carries no connectivity (a result saved without "
                             "it?): pass the wiring of the run it ends as connectivity=")
    elif state.connectivity is not None and connectivity is not state.connectivity and not (
            np.array_equal(connectivity.indptr, state.connectivity.indptr)
            and np.array_equal(connectivity.targets, state.connectivity.targets)):
        raise ValueError("connectivity must be the wiring of the run initial_state ends "
                         "(its spikes in flight travel through it), got a different one")
    connectivity = _check_connectivity(connectivity, net, None)
    return np.array(state.v, dtype=float), left, in_flight, connectivity


def _final_state(pop, times, ids, in_flight, n_steps, d_steps, dt, t, net, connectivity):
    """The state after the last step: what ``simulate_network(initial_state=...)`` needs."""
    steps = np.rint(times / dt).astype(np.int64) - n_steps  # 0: fired at the end of the last step
    keep = steps > -d_steps
    old = [(k + 1 - n_steps, f) for k, f in in_flight if k + 1 - n_steps > -d_steps]
    fl_steps = np.concatenate([np.full(f.size, k, np.int64) for k, f in old] + [steps[keep]])
    fl_ids = np.concatenate([f for _, f in old] + [ids[keep]]).astype(np.int64)
    return NetworkState(v=pop.v.copy(), refractory=pop.refractory_left() * dt,
                        in_flight_times=fl_steps * dt, in_flight_ids=fl_ids, dt=dt,
                        delay=d_steps * dt, t=t + n_steps * dt, connectivity=connectivity)


class _Recorder:
    """Membrane potential and E/I input of the neurons ``ids``, kept apart from the physics.

    It mirrors the ring buffer for the recorded neurons only, split into
    E and I input, so the engine's buffer holds just the summed input.
    """

    def __init__(self, ids, n_steps, n_slots, v):
        self.ids, self.n_slots = ids, n_slots
        m = ids.size
        self.ring = np.zeros((2, n_slots, m))  # [E or I, slot, recorded neuron]
        self.v = self.exc = self.inh = None
        if m:
            self.v = np.empty((m, n_steps + 1))
            self.exc, self.inh = np.empty((m, n_steps)), np.empty((m, n_steps))
            self.v[:, 0] = v[ids]

    def inputs(self, k, ext_jumps) -> None:
        """Input that arrived in step ``k`` (before the refractory clamp)."""
        if self.v is None:
            return
        slot = k % self.n_slots
        e_now = self.ring[0, slot]
        if ext_jumps is not None:
            e_now = e_now + ext_jumps[self.ids]
        self.exc[:, k] = e_now
        self.inh[:, k] = self.ring[1, slot]
        self.ring[:, slot] = 0.0

    def delivered(self, out, pop, w, counts) -> None:
        if self.v is not None:
            self.ring[pop, out] += w * counts[self.ids]

    def potentials(self, k, v) -> None:
        if self.v is not None:
            self.v[:, k + 1] = v[self.ids]


class _Synapses:
    """Step 5: delayed delivery of spikes through the CSR wiring into a ring buffer.

    Slot ``k % (d_steps + 1)`` of the ring holds the recurrent input (mV)
    arriving in step ``k``; a spike at the end of step ``k`` arrives in step
    ``k + d_steps``.

    The input of a step is ``J`` times the number of synapses from its E
    spikes onto each neuron plus ``-g J`` times that from its I spikes;
    these integer counts are computed exactly, whichever way (a fresh count,
    or a recent step's counts corrected, see ``_recall``), so the input is
    always the same floating-point numbers.
    """

    def __init__(self, conn, j_exc, j_inh, d_steps, recorder):
        self.indptr, self.targets, self.n_exc = conn.indptr, conn.targets, conn.n_exc
        self.weights, self.d_steps, self.recorder = (j_exc, j_inh), d_steps, recorder
        self.n_slots = d_steps + 1
        self.ring = np.zeros((self.n_slots, conn.n_neurons))
        mean_out = max(conn.n_synapses / conn.n_neurons, 1.0)
        self._per_chunk = max(1, int(_GATHER / mean_out))  # sources counted at a time, see _count
        self._recall_min = max(1, int(np.ceil(_RECALL_SHARE * conn.n_neurons)))
        self._recent = deque(maxlen=_RECALL_KEEP)  # (fired, (E counts, I counts)) of large steps
        self._marked = np.zeros(conn.n_neurons, dtype=bool)  # scratch of _nearest_recent

    def arriving(self, k) -> np.ndarray:
        return self.ring[k % self.n_slots]

    def deliver(self, k, fired) -> None:
        """Write the slot of step ``k + d_steps``: the input from the spikes of step ``k``.

        That slot was last read in step ``k - 1``; it is overwritten here
        (zeros when nothing arrives), so no step has to clear it.
        """
        out = (k + self.d_steps) % self.n_slots
        row = self.ring[out]
        n_fired_e = int(np.searchsorted(fired, self.n_exc))
        recalled = self._recall(fired) if fired.size >= self._recall_min else None
        written = False
        for pop, src in enumerate((fired[:n_fired_e], fired[n_fired_e:])):
            w = self.weights[pop]
            if src.size == 0 or w == 0.0:
                continue
            counts = self._count(src) if recalled is None else recalled[pop]
            if not written and w > 0:
                np.multiply(counts, w, out=row)  # the same numbers as 0 + w * counts
            else:
                if not written:
                    row.fill(0.0)
                row += w * counts
            written = True
            self.recorder.delivered(out, pop, w, counts)
        if not written:
            row.fill(0.0)

    def _recall(self, fired):
        """``(E counts, I counts)`` of a step in which many neurons fire, from a recent such step.

        In a synchronous state the same neurons fire together again and
        again (in Brunel's SR state two groups of about 6,000 neurons take
        turns every 1.5 ms, give or take a few neurons). Counting the
        targets of 6,000 spikes means 7.5 M synapses; when the spikes of a
        recent large step differ from these by fewer than half as many neurons,
        the counts are that step's counts, plus those of the neurons that
        joined, minus those of the neurons that left. Integer counts, so the
        result is exactly a fresh count.
        """
        near = self._nearest_recent(fired)
        if near is None:
            counts = tuple(self._count(src) for src in self._split(fired))
        else:
            counts_before, joined, left = near
            counts = tuple(c + self._count(plus) - self._count(minus) for c, plus, minus
                           in zip(counts_before, self._split(joined), self._split(left)))
        self._recent.append((fired, counts))
        return counts

    def _nearest_recent(self, fired):
        """``(counts, joined, left)`` of the newest recent large step within ``fired.size / 2`` neurons.

        ``joined`` are the ids in ``fired`` only, ``left`` those in that
        step's spikes only (sorted); ``None`` if no recent step is that close.
        """
        marked = self._marked
        marked[fired] = True
        near = None
        for before, counts_before in reversed(self._recent):  # the newest first
            left = before[~marked[before]]
            n_joined = fired.size - (before.size - left.size)  # ids are unique in both
            if n_joined + left.size < fired.size // 2:
                near = before, counts_before, left
                break
        marked[fired] = False
        if near is None:
            return None
        before, counts_before, left = near
        marked[before] = True
        joined = fired[~marked[fired]]
        marked[before] = False
        return counts_before, joined, left

    def _split(self, ids):
        """The E ids and the I ids of the sorted ``ids``."""
        n_e = int(np.searchsorted(ids, self.n_exc))
        return ids[:n_e], ids[n_e:]

    def _count(self, src):
        """Synapses from the neurons ``src`` onto each neuron (intp array of length n).

        The targets of ``src`` (one CSR slice each) are concatenated as intp,
        the type ``np.bincount`` counts, and counted ``_per_chunk`` sources
        (about ``_GATHER`` targets) at a time: gathered all at once, the
        targets of thousands of spikes (a synchronous step) would leave the
        cache before being counted, which costs about 1.6 times as much.
        """
        indptr, targets, n = self.indptr, self.targets, self.ring.shape[1]
        counts = None
        for start in range(0, src.size, self._per_chunk):
            part = src[start:start + self._per_chunk]
            lo, hi = indptr[part].tolist(), indptr[part + 1].tolist()
            chunk = np.concatenate([targets[a:b] for a, b in zip(lo, hi)], dtype=np.intp)
            if counts is None:
                counts = np.bincount(chunk, minlength=n)
            else:
                counts += np.bincount(chunk, minlength=n)
        return np.zeros(n, dtype=np.intp) if counts is None else counts


def simulate_network(
    net: NetworkParams,
    *,
    duration: float,
    dt: float = 0.1,
    rng=None,
    connectivity: Connectivity | None = None,
    initial_state: NetworkState | None = None,
    record_ids=None,
    progress: bool = False,
    record_v=_UNSET,
) -> SimulationResult:
    r"""Simulate a sparse E/I network of LIF neurons with delayed delta synapses.

    .. math::

        \tau_m \frac{dV_i}{dt} = -(V_i - V_\mathrm{rest}) + R_m I_\mathrm{ext}
          + \tau_m \sum_j J_{ij} \sum_k \delta(t - t_j^k - D) + \text{external drive}

    Parameters
    ----------
    net : NetworkParams
        The network (see :func:`~snncourse.params.brunel2000`,
        :func:`~snncourse.params.seed_report`).
    duration : float
        Simulated time (ms), at least one step.
    dt : float
        Time step (ms), > 0; ``net.delay`` must be at least one time step.
    rng : numpy.random.Generator, int or None
        Source of all randomness (initial potentials, wiring, input).
    connectivity : Connectivity, optional
        Wiring to use instead of drawing one (must match the population
        sizes; with ``initial_state``, the wiring of the run it ends).
    initial_state : NetworkState, optional
        Continue a run: start from the ``final_state`` of a previous
        :class:`SimulationResult` (membrane potentials, refractory time left,
        spikes in flight, its wiring) instead of random potentials
        (``net.v_init`` is then not used). ``net`` may differ from the
        previous run's (another drive, say), but not in its number of
        neurons, ``dt`` or ``delay``, nor in a refractory period shorter than
        the time left; the spikes in flight arrive with ``net``'s weights.
        Spike times of the result start again at 0; ``final_state.t`` counts
        on. Pass the same Generator as ``rng`` to continue its stream.
    record_ids : sequence of int, optional
        Neurons whose membrane potential and E/I input are recorded
        (``SimulationResult.record_ids``).
    progress : bool
        Draw a progress bar on stderr.
    record_v : sequence of int, optional
        Deprecated name of ``record_ids``.

    Returns
    -------
    SimulationResult

    Raises
    ------
    TypeError
        If ``net`` is not a NetworkParams, ``connectivity`` not a
        Connectivity, ``initial_state`` not a NetworkState, ``record_ids``
        not integers, or both ``record_ids`` and ``record_v`` are given.
    ValueError
        For ``dt <= 0``, a delay shorter than ``dt``, a ``duration`` below
        one step, a connectivity of the wrong size, ``record_ids`` out of
        range, or an ``initial_state`` that does not fit the run (another
        number of neurons, ``dt`` or delay, other wiring).

    Warns
    -----
    UserWarning
        If the delay or refractory period is not a multiple of ``dt`` (it is rounded).
    DeprecationWarning
        If ``record_v`` is used.

    References
    ----------
    .. [1] Brunel N (2000). J Comput Neurosci 8:183-208.
    .. [2] Brette R et al. (2007). Simulation of networks of spiking neurons:
       a review of tools and strategies. J Comput Neurosci 23:349-398.

    Examples
    --------
    >>> from snncourse.params import brunel2000
    >>> res = simulate_network(brunel2000(5.0, 2.0, scale=0.2), duration=100.0, rng=1)
    >>> res.n_neurons, bool(res.spike_times.size > 1000)
    (2500, True)

    Continuing a run: 60 ms, then 40 ms more from where it ended, with the
    random stream passed on, equal 100 ms in one go.

    >>> net = brunel2000(5.0, 2.0, scale=0.2)
    >>> whole = simulate_network(net, duration=100.0, rng=np.random.default_rng(4))
    >>> gen = np.random.default_rng(4)
    >>> first = simulate_network(net, duration=60.0, rng=gen)
    >>> rest = simulate_network(net, duration=40.0, rng=gen, initial_state=first.final_state)
    >>> bool(np.array_equal(whole.final_state.v, rest.final_state.v))
    True
    >>> whole.spike_times.size == first.spike_times.size + rest.spike_times.size
    True
    """
    if record_v is not _UNSET:
        if record_ids is not None:
            raise TypeError("record_v is the deprecated name of record_ids: give only record_ids")
        warnings.warn("simulate_network(record_v=...) is deprecated: use record_ids",
                      DeprecationWarning, stacklevel=2)
        record_ids = record_v
    if not isinstance(net, NetworkParams):
        raise TypeError(f"net must be a NetworkParams, got {type(net).__name__}")
    dt = check_positive("dt", dt, "ms")
    duration = check_positive("duration", duration, "ms")
    n_steps = ms_to_steps("duration", duration, dt, minimum=1)
    d_steps = ms_to_steps("delay", net.delay, dt, minimum=1)
    neuron = net.neuron
    rec_ids = _record_ids(record_ids, net.n_neurons)
    seed = int(rng) if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) else None
    rng = as_rng(rng)
    ref_steps = ms_to_steps("t_ref", neuron.t_ref, dt)
    if initial_state is None:
        v = rng.uniform(*net.v_init_range, size=net.n_neurons)
        connectivity = _check_connectivity(connectivity, net, rng)
        refractory, in_flight, t_start = None, [], 0.0
    else:
        v, refractory, in_flight, connectivity = _continue_from(
            initial_state, net, dt, d_steps, ref_steps, connectivity)
        t_start = initial_state.t

    decay, noise_scale = step_factors(neuron, dt, "exact")
    pop = _lif.LIFPopulation(v, decay=decay, v_th=neuron.v_th, v_reset=neuron.v_reset,
                             ref_steps=ref_steps, refractory=refractory)
    v_inf = neuron.v_rest + neuron.r_m * net.i_ext
    drive = _lif.RandomInput(rng, net.n_neurons, n_steps,
                             poisson=[(hz_to_per_ms(net.c_ext_eff * net.nu_ext * dt), net.j_ext_eff)],
                             noise_amp=net.noise_sigma * noise_scale)
    rec = _Recorder(rec_ids, n_steps, d_steps + 1, v)
    syn = _Synapses(connectivity, net.j_exc, net.j_inh, d_steps, rec)
    for k, fired in in_flight:  # spikes in flight, sent in steps -d_steps .. -1, as the loop would
        syn.deliver(k, fired)
    spikes = _lif.SpikeLog()
    bar = ProgressBar(n_steps * dt, desc="ms simulated") if progress else None
    try:
        for k in range(n_steps):
            if bar is not None and k % _lif.BLOCK == 0:
                bar.update(k * dt)
            pop.relax(v_inf)                  # 1. relax towards v_inf
            pop.add(syn.arriving(k))          # 2. recurrent, Poisson and noise input
            for jumps in drive.at(k):
                pop.add(jumps)
            rec.inputs(k, drive.jumps_now)
            fired = pop.fire()                # 3.-4. refractory clamp, threshold, reset
            if fired.size:
                spikes.add(k, fired)
            syn.deliver(k, fired)             # 5. delivery, `delay` after the spike
            rec.potentials(k, pop.v)
        if bar is not None:
            bar.update(n_steps * dt)
    finally:  # the bar's line ends here, also on Ctrl-C, before anyone prints after it
        if bar is not None:
            bar.close()

    times, ids = spikes.arrays(dt)
    final = _final_state(pop, times, ids, in_flight, n_steps, d_steps, dt, t_start, net,
                         connectivity)
    return SimulationResult(
        spike_times=times, spike_ids=ids, n_exc=net.n_exc, n_inh=net.n_inh,
        duration=n_steps * dt, dt=dt, params=net, connectivity=connectivity,
        record_ids=rec_ids, v=rec.v, exc_input=rec.exc, inh_input=rec.inh, seed=seed,
        final_state=final,
    )
