r"""The network engine: a vectorized, clock-driven simulator of E/I LIF networks.

Contents
--------
simulate_network
    Simulate a :class:`~snncourse.params.NetworkParams` network.
SimulationResult
    Spikes, recorded traces and everything needed to analyse a run;
    ``result.save(path)`` writes an ``.npz`` file (no pickle).
load_result
    Read a saved result back.

What happens in one time step ``k`` (from :math:`t_k` to :math:`t_{k+1}`)
-----------------------------------------------------------------------
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
   counts are added to the ring-buffer slot ``delay / dt`` steps ahead.

All neurons are updated together with array operations; the only Python
loop is over time steps (and over the few neurons that spike in a step).
The delay must be a whole number of steps, at least one: other values are
rounded to the nearest step with a warning.

Random numbers: the initial potentials (uniform over
``net.v_init_range``), the connectivity (unless given), then the external
input in blocks of steps, all from the one ``rng``; the same seed gives
bit-identical spikes.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import numpy as np

from ._validation import as_rng, check_positive
from .connectivity import Connectivity, build_connectivity
from .inputs import poisson_counts
from .neuron import step_factors
from .params import LIFParams, NetworkParams
from .progress import ProgressBar
from .units import ms_to_steps

__all__ = ["simulate_network", "SimulationResult", "load_result"]

_NEVER = -(2**40)
_BLOCK = 128  # steps of external input drawn at once


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """What :func:`simulate_network` returns.

    Attributes
    ----------
    spike_times : ndarray of float
        Spike times (ms), sorted.
    spike_ids : ndarray of int
        Neuron of each spike; ``0 .. n_exc - 1`` excitatory, then inhibitory.
    n_exc, n_inh : int
        Population sizes.
    duration, dt : float
        Simulated time and time step (ms).
    params : NetworkParams
        The network simulated.
    connectivity : Connectivity or None
        The wiring used.
    record_ids : ndarray of int
        Neurons whose membrane potential and input were recorded.
    v : ndarray, shape (n_record, n_steps + 1)
        Membrane potential (mV) of the recorded neurons on the time grid.
    exc_input, inh_input : ndarray, shape (n_record, n_steps)
        Excitatory (recurrent E plus external Poisson) and inhibitory
        synaptic input (mV per time step) that arrived at the recorded neurons
        in each step, including input dropped during refractoriness.
    seed : int or None
        The int seed, when the run was seeded with one.
    """

    spike_times: np.ndarray
    spike_ids: np.ndarray
    n_exc: int
    n_inh: int
    duration: float
    dt: float
    params: NetworkParams | None = None
    connectivity: Connectivity | None = None
    record_ids: np.ndarray = dataclasses.field(default_factory=lambda: np.empty(0, np.int64))
    v: np.ndarray | None = None
    exc_input: np.ndarray | None = None
    inh_input: np.ndarray | None = None
    seed: int | None = None

    @property
    def n_neurons(self) -> int:
        """Total number of neurons."""
        return self.n_exc + self.n_inh

    def __repr__(self) -> str:
        name = self.params.name if self.params is not None else "network"
        rate = self.mean_rate() if self.duration > 0 else float("nan")
        return (f"SimulationResult('{name}': {self.n_exc} E + {self.n_inh} I neurons, "
                f"{self.duration:g} ms at dt={self.dt:g} ms, {self.spike_times.size} spikes, "
                f"mean rate {rate:.2f} Hz, {self.record_ids.size} neurons recorded)")

    @property
    def times(self) -> np.ndarray:
        """Time grid (ms) of the recorded traces, ``n_steps + 1`` points from 0."""
        return np.arange(int(round(self.duration / self.dt)) + 1) * self.dt

    def population(self, which: str):
        """Spikes ``(times, ids)`` of ``"exc"`` or ``"inh"`` neurons (ids unchanged)."""
        mask = self.spike_ids < self.n_exc if which == "exc" else self.spike_ids >= self.n_exc
        if which not in ("exc", "inh"):
            raise ValueError(f"which must be 'exc' or 'inh', got {which!r}")
        return self.spike_times[mask], self.spike_ids[mask]

    def mean_rate(self, t_start: float = 0.0) -> float:
        """Mean firing rate (Hz) over all neurons after ``t_start`` (ms)."""
        n = np.count_nonzero(self.spike_times >= t_start)
        return n * 1000.0 / (self.n_neurons * (self.duration - t_start))

    def save(self, path, *, connectivity: bool = True) -> None:
        """Write the result to an ``.npz`` file (readable without pickle).

        Holds ``spike_times, spike_ids, n_exc, n_inh, duration, dt``, the
        recorded traces, the parameters as JSON and, with
        ``connectivity=True``, the wiring (``indptr``, ``targets``).
        """
        data = dict(
            spike_times=self.spike_times, spike_ids=self.spike_ids,
            n_exc=np.int64(self.n_exc), n_inh=np.int64(self.n_inh),
            duration=np.float64(self.duration), dt=np.float64(self.dt),
            record_ids=self.record_ids,
            seed=np.int64(-1 if self.seed is None else self.seed),
        )
        for name in ("v", "exc_input", "inh_input"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.params is not None:
            data["params_json"] = np.array(json.dumps(dataclasses.asdict(self.params)))
        if connectivity and self.connectivity is not None:
            data["conn_indptr"] = self.connectivity.indptr
            data["conn_targets"] = self.connectivity.targets
        np.savez_compressed(path, **data)


def _params_from_json(text: str) -> NetworkParams:
    d = json.loads(text)
    d["neuron"] = LIFParams(**d["neuron"])
    if d.get("v_init") is not None:
        d["v_init"] = tuple(d["v_init"])
    return NetworkParams(**d)


def load_result(path) -> SimulationResult:
    """Read a :class:`SimulationResult` written by ``result.save(path)``.

    Examples
    --------
    >>> import tempfile, os
    >>> from snncourse.params import NetworkParams
    >>> net = NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.5)
    >>> res = simulate_network(net, duration=50.0, rng=1)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     res.save(os.path.join(d, "run.npz"))
    ...     back = load_result(os.path.join(d, "run.npz"))
    >>> bool(np.array_equal(back.spike_times, res.spike_times)), back.params == net
    (True, True)
    """
    with np.load(path, allow_pickle=False) as f:
        get = lambda name: f[name] if name in f.files else None  # noqa: E731
        conn = None
        n_exc, n_inh = int(f["n_exc"]), int(f["n_inh"])
        if "conn_indptr" in f.files:
            conn = Connectivity(indptr=f["conn_indptr"], targets=f["conn_targets"],
                                n_exc=n_exc, n_inh=n_inh)
        seed = int(f["seed"]) if "seed" in f.files else -1
        return SimulationResult(
            spike_times=f["spike_times"], spike_ids=f["spike_ids"], n_exc=n_exc, n_inh=n_inh,
            duration=float(f["duration"]), dt=float(f["dt"]),
            params=_params_from_json(str(f["params_json"])) if "params_json" in f.files else None,
            connectivity=conn,
            record_ids=get("record_ids") if get("record_ids") is not None else np.empty(0, np.int64),
            v=get("v"), exc_input=get("exc_input"), inh_input=get("inh_input"),
            seed=None if seed < 0 else seed,
        )


def _record_ids(record_v, n):
    if record_v is None:
        return np.empty(0, dtype=np.int64)
    try:
        ids = np.atleast_1d(np.asarray(record_v))
        if ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise TypeError
    except TypeError:
        raise TypeError(f"record_v must be a sequence of neuron indices, got {record_v!r}") from None
    ids = ids.astype(np.int64).ravel()
    if ids.size and (ids.min() < 0 or ids.max() >= n):
        raise ValueError(f"record_v must hold neuron indices in 0..{n - 1}, got {record_v!r}")
    return ids


def simulate_network(
    net: NetworkParams,
    *,
    duration: float,
    dt: float = 0.1,
    rng=None,
    connectivity: Connectivity | None = None,
    record_v=None,
    progress: bool = False,
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
        Time step (ms), > 0; ``net.delay`` must be at least one step.
    rng : numpy.random.Generator, int or None
        Source of all randomness (initial potentials, wiring, input).
    connectivity : Connectivity, optional
        Wiring to use instead of drawing one (must match the population sizes).
    record_v : sequence of int, optional
        Neurons whose membrane potential and E/I input are recorded.
    progress : bool
        Draw a progress bar on stderr.

    Returns
    -------
    SimulationResult

    Raises
    ------
    TypeError
        If ``net`` is not a NetworkParams or ``connectivity`` not a Connectivity.
    ValueError
        For ``dt <= 0``, a delay shorter than ``dt``, a ``duration`` below
        one step, a connectivity of the wrong size, or bad ``record_v``.

    Warns
    -----
    UserWarning
        If the delay or refractory period is not a multiple of ``dt`` (it is rounded).

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
    """
    if not isinstance(net, NetworkParams):
        raise TypeError(f"net must be a NetworkParams, got {type(net).__name__}")
    dt = check_positive("dt", dt, "ms")
    duration = check_positive("duration", duration, "ms")
    n_steps = ms_to_steps("duration", duration, dt, minimum=1)
    d_steps = ms_to_steps("delay", net.delay, dt, minimum=1)
    neuron = net.neuron
    ref_steps = ms_to_steps("t_ref", neuron.t_ref, dt)
    n, n_exc = net.n_neurons, net.n_exc
    rec = _record_ids(record_v, n)
    seed = int(rng) if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) else None
    rng = as_rng(rng)

    v = rng.uniform(*net.v_init_range, size=n)
    if connectivity is None:
        connectivity = build_connectivity(net, rng)
    elif not isinstance(connectivity, Connectivity):
        raise TypeError(f"connectivity must be a Connectivity, got {type(connectivity).__name__}")
    elif connectivity.n_exc != n_exc or connectivity.n_inh != net.n_inh:
        raise ValueError(
            f"connectivity must have n_exc={n_exc}, n_inh={net.n_inh}, got "
            f"{connectivity.n_exc}, {connectivity.n_inh}"
        )
    indptr, targets = connectivity.indptr, connectivity.targets

    decay, noise_scale = step_factors(neuron, dt, "exact")
    v_inf = neuron.v_rest + neuron.r_m * net.i_ext
    v_th, v_reset = neuron.v_th, neuron.v_reset
    j_e, j_i, j_ext = net.j_exc, net.j_inh, net.j_ext_eff
    lam_ext = net.c_ext_eff * net.nu_ext * dt / 1000.0
    noise_amp = net.noise_sigma * noise_scale

    n_slots = d_steps + 1
    ring = np.zeros((n_slots, n))  # recurrent input (mV) arriving in each step
    n_rec = rec.size
    ring_e = np.zeros((n_slots, n_rec))
    ring_i = np.zeros((n_slots, n_rec))
    v_rec = np.empty((n_rec, n_steps + 1)) if n_rec else None
    exc_in = np.empty((n_rec, n_steps)) if n_rec else None
    inh_in = np.empty((n_rec, n_steps)) if n_rec else None
    if n_rec:
        v_rec[:, 0] = v[rec]

    last = np.full(n, _NEVER, dtype=np.int64)
    refractory = np.empty(n, dtype=bool)
    spike_steps, spike_ids = [], []
    bar = ProgressBar(n_steps * dt, desc="ms simulated") if progress else None
    ext = noise = None
    for k in range(n_steps):
        kb = k % _BLOCK
        if kb == 0:
            nb = min(_BLOCK, n_steps - k)
            if lam_ext > 0:
                ext = poisson_counts(lam_ext, (nb, n), rng)
            if noise_amp > 0:
                noise = rng.standard_normal((nb, n))
                noise *= noise_amp
            if bar is not None:
                bar.update(k * dt)
        slot = k % n_slots
        # 1. exact relaxation towards v_inf
        v -= v_inf
        v *= decay
        v += v_inf
        # 2. input arriving in this step
        v += ring[slot]
        if ext is not None:
            if j_ext == 1.0:
                v += ext[kb]
            else:
                v += j_ext * ext[kb]
        if noise is not None:
            v += noise[kb]
        if n_rec:
            e_now = ring_e[slot]
            if ext is not None:
                e_now = e_now + j_ext * ext[kb, rec]
            exc_in[:, k] = e_now
            inh_in[:, k] = ring_i[slot]
            ring_e[slot] = 0.0
            ring_i[slot] = 0.0
        ring[slot] = 0.0
        # 3. refractory clamp
        if ref_steps:
            np.less(k - last, ref_steps, out=refractory)
            v[refractory] = v_reset
        # 4. threshold and reset
        fired = np.flatnonzero(v >= v_th)
        if fired.size:
            v[fired] = v_reset
            last[fired] = k + 1
            spike_steps.append(np.full(fired.size, k + 1, dtype=np.int64))
            spike_ids.append(fired)
            # 5. delivery, `delay` after the spike
            out = (k + d_steps) % n_slots
            n_fired_e = np.searchsorted(fired, n_exc)
            for lo, hi, w, ring_p in ((0, n_fired_e, j_e, ring_e), (n_fired_e, fired.size, j_i, ring_i)):
                if hi == lo or w == 0.0:
                    continue
                src = fired[lo:hi]
                if src.size == 1:
                    tg = targets[indptr[src[0]]:indptr[src[0] + 1]]
                else:
                    tg = np.concatenate([targets[indptr[j]:indptr[j + 1]] for j in src])
                counts = np.bincount(tg, minlength=n)
                ring[out] += w * counts
                if n_rec:
                    ring_p[out] += w * counts[rec]
        if n_rec:
            v_rec[:, k + 1] = v[rec]
    if bar is not None:
        bar.update(n_steps * dt)
        bar.close()

    if spike_steps:
        times = np.concatenate(spike_steps) * dt
        ids = np.concatenate(spike_ids)
    else:
        times, ids = np.empty(0), np.empty(0, dtype=np.int64)
    return SimulationResult(
        spike_times=times, spike_ids=ids, n_exc=n_exc, n_inh=net.n_inh,
        duration=n_steps * dt, dt=dt, params=net, connectivity=connectivity,
        record_ids=rec, v=v_rec, exc_input=exc_in, inh_input=inh_in, seed=seed,
    )
