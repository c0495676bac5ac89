r"""What a network simulation returns, and reading it back from disk.

Contents
--------
SimulationResult
    Spikes, recorded traces and everything needed to analyse a run;
    ``result.save(path)`` writes an ``.npz`` file (no pickle).
load_result
    Read a saved result back (also files whose parameters use the old
    name ``sigma_ext`` for ``noise_sigma``).

Both are re-exported by :mod:`snncourse.network`, which makes them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import numpy as np

from .connectivity import Connectivity
from .params import LIFParams, NetworkParams

__all__ = ["SimulationResult", "load_result"]


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """What :func:`~snncourse.network.simulate_network` returns.

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
        if which not in ("exc", "inh"):
            raise ValueError(f"which must be 'exc' or 'inh', got {which!r}")
        mask = self.spike_ids < self.n_exc if which == "exc" else self.spike_ids >= self.n_exc
        return self.spike_times[mask], self.spike_ids[mask]

    def mean_rate(self, t_start: float = 0.0) -> float:
        """Mean firing rate (Hz) over all neurons after ``t_start`` (ms).

        Raises
        ------
        ValueError
            Unless ``0 <= t_start < duration``.
        """
        if not (0.0 <= t_start < self.duration):
            raise ValueError(
                f"t_start must be in [0, duration={self.duration:g}) ms, got {t_start!r}")
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
    if "sigma_ext" in d:  # files written before the rename to noise_sigma
        d.setdefault("noise_sigma", d.pop("sigma_ext"))
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
    >>> from snncourse.network import simulate_network
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
