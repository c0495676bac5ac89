r"""What a network simulation returns, and reading it back from disk.

Contents
--------
SimulationResult
    Spikes, recorded traces and everything needed to analyse a run;
    ``result.save(path)`` writes an ``.npz`` file (no pickle).
NetworkState
    The state a run ends in (``result.final_state``), from which
    ``simulate_network(..., initial_state=...)`` continues it.
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
from .units import counts_to_hz

__all__ = ["SimulationResult", "NetworkState", "load_result"]


@dataclass(frozen=True, eq=False)
class NetworkState:
    """Everything a network simulation carries from one time step to the next.

    A run ends in one (``SimulationResult.final_state``);
    ``simulate_network(net, ..., initial_state=state)`` continues from it
    instead of starting from random potentials. Its arrays are read-only,
    so one state can start several continuations (two branches of a
    hysteresis sweep, say).

    Attributes
    ----------
    v : ndarray of float, shape (n_neurons,)
        Membrane potentials (mV) at the end of the run.
    refractory : ndarray of float, shape (n_neurons,)
        Refractory time left (ms, a whole number of steps, 0 when not
        refractory): the neuron stays clamped at ``v_reset`` that long.
    in_flight_times, in_flight_ids : ndarray
        The spikes still in flight in the delay line: fired in the last
        ``delay`` of the run, not yet arrived at their targets. Times (ms)
        are relative to the end of the run, in ``(-delay, 0]``; sorted by
        time, then id.
    dt, delay : float
        Time step and transmission delay (ms, ``delay`` a whole number of
        steps) of the run: a continuation must use the same.
    t : float
        Time (ms) simulated since the start of the first run of the chain.
    connectivity : Connectivity or None
        The wiring the spikes in flight travel through; a continuation uses
        it unless given one (which must be the same).
    """

    v: np.ndarray
    refractory: np.ndarray
    in_flight_times: np.ndarray
    in_flight_ids: np.ndarray
    dt: float
    delay: float
    t: float
    connectivity: Connectivity | None = None

    def __post_init__(self):
        for name in ("v", "refractory", "in_flight_times", "in_flight_ids"):
            a = np.array(getattr(self, name), dtype=np.int64 if name == "in_flight_ids" else float)
            if a.ndim != 1:
                raise ValueError(f"{name} must be a 1-d array, got shape {a.shape}")
            a.flags.writeable = False
            object.__setattr__(self, name, a)
        if self.refractory.shape != self.v.shape:
            raise ValueError(f"refractory must have the shape of v {self.v.shape}, got "
                             f"{self.refractory.shape}")
        if self.in_flight_times.shape != self.in_flight_ids.shape:
            raise ValueError(f"in_flight_times {self.in_flight_times.shape} and in_flight_ids "
                             f"{self.in_flight_ids.shape} must have the same shape")

    @property
    def n_neurons(self) -> int:
        """Number of neurons."""
        return self.v.size

    def __repr__(self) -> str:
        return (f"NetworkState({self.n_neurons} neurons at t={self.t:g} ms, dt={self.dt:g} ms, "
                f"mean V {self.v.mean():.2f} mV, {np.count_nonzero(self.refractory)} refractory, "
                f"{self.in_flight_ids.size} spikes in flight)")


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
    final_state : NetworkState or None
        The state at the end of the run, to continue it from
        (``simulate_network(..., initial_state=result.final_state)``).
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
    final_state: NetworkState | None = None

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
        return counts_to_hz(n / self.n_neurons, self.duration - t_start)

    def save(self, path, *, connectivity: bool = True) -> None:
        """Write the result to an ``.npz`` file (readable without pickle).

        Holds ``spike_times, spike_ids, n_exc, n_inh, duration, dt``, the
        recorded traces, the parameters as JSON, ``format_version`` (1),
        the final state (``state_*``; a run read back continues from it
        when its wiring was saved too) and, with ``connectivity=True``, the
        wiring (``indptr``, ``targets``).

        Parameters
        ----------
        path : str or path-like
            The file to write, used exactly as given: unlike
            ``numpy.savez``, no ``.npz`` is appended to a name without it
            (``save("run")`` writes ``run``, which :func:`load_result`
            reads). Its folder must exist.
        connectivity : bool
            Also store the wiring (the largest part of the file).

        Notes
        -----
        The file is written atomically: into a temporary file in the same
        folder (``.NAME.XXXX.tmp``), then renamed onto ``path``, so that an
        interrupted save (Ctrl-C, a kill, a full disk) leaves the previous
        file, or none, never a truncated one.
        """
        from ._io import atomic_write

        data = dict(
            format_version=np.int64(_FORMAT_VERSION),
            spike_times=self.spike_times, spike_ids=self.spike_ids,
            n_exc=np.int64(self.n_exc), n_inh=np.int64(self.n_inh),
            duration=np.float64(self.duration), dt=np.float64(self.dt),
            record_ids=self.record_ids,
            seed=np.int64(-1 if self.seed is None else self.seed),
        )
        for name in ("v", "exc_input", "inh_input"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.final_state is not None:
            st = self.final_state
            data.update(state_v=st.v, state_refractory=st.refractory,
                        state_in_flight_times=st.in_flight_times,
                        state_in_flight_ids=st.in_flight_ids,
                        state_delay=np.float64(st.delay), state_t=np.float64(st.t))
        if self.params is not None:
            data["params_json"] = np.array(json.dumps(dataclasses.asdict(self.params)))
        if connectivity and self.connectivity is not None:
            data["conn_indptr"] = self.connectivity.indptr
            data["conn_targets"] = self.connectivity.targets
        with atomic_write(path, "wb") as f:  # a file object: numpy adds no suffix
            np.savez_compressed(f, **data)


#: Layout of the files :meth:`SimulationResult.save` writes; files without
#: ``format_version`` are the first release's, the same layout (version 1).
_FORMAT_VERSION = 1
_REQUIRED = ("spike_times", "spike_ids", "n_exc", "n_inh", "duration", "dt")


def _params_from_json(text: str, source: str = "params_json") -> NetworkParams:
    try:
        d = json.loads(text)
        if "sigma_ext" in d:  # files written before the rename to noise_sigma
            d.setdefault("noise_sigma", d.pop("sigma_ext"))
        d["neuron"] = LIFParams(**d["neuron"])
        if d.get("v_init") is not None:
            d["v_init"] = tuple(d["v_init"])
        return NetworkParams(**d)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"{source}: the stored network parameters cannot be read "
                         f"({type(exc).__name__}: {exc})") from None


def _not_a_result(path, detail):
    return ValueError(f"{str(path)!r} is not a saved simulation result ({detail}); expected an "
                      ".npz file written by SimulationResult.save or `snncourse simulate`")


def _read_npz(path):
    """All arrays of the ``.npz`` file ``path``, or a ValueError saying what is wrong."""
    import zipfile
    import zlib

    from ._io import check_input_file

    path = check_input_file(path, "result file")
    with open(path, "rb") as f:
        head = f.read(6)
    if head[:2] != b"PK":
        what = ("an empty file" if not head else
                "a single .npy array" if head == b"\x93NUMPY" else
                "text" if all(32 <= b < 127 or b in b"\t\r\n" for b in head) else
                "not a zip archive")
        raise _not_a_result(path, f"it is {what}")
    try:
        with np.load(path, allow_pickle=False) as f:
            return {name: f[name] for name in f.files}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ValueError(f"{str(path)!r} is truncated or corrupt ({exc}); save the result "
                         "again (an interrupted copy or download?)") from None
    except ValueError as exc:
        if "pickle" in str(exc).lower():  # an object array: never offer to unpickle it
            raise _not_a_result(path, "it holds Python objects, which are never loaded") \
                from None
        raise ValueError(f"{str(path)!r} is truncated or corrupt ({exc})") from None


def load_result(path) -> SimulationResult:
    """Read a :class:`SimulationResult` written by ``result.save(path)``.

    Parameters
    ----------
    path : str or path-like
        An ``.npz`` file written by :meth:`SimulationResult.save` (any name).
        Files of the first release (no ``format_version``, parameters with
        ``sigma_ext``) are read too.

    Returns
    -------
    SimulationResult

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        Naming the file, if it is a folder, not an ``.npz`` file (e.g. a
        CSV), an ``.npz`` file of other arrays, truncated or corrupt,
        written by a newer snncourse (a higher ``format_version``), or if
        its contents are inconsistent. Nothing is ever unpickled.

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
    f = _read_npz(path)
    missing = [name for name in _REQUIRED if name not in f]
    if missing:
        raise _not_a_result(path, f"an .npz file without {', '.join(missing)}")
    try:
        version = int(f["format_version"]) if "format_version" in f else 1
    except (TypeError, ValueError):
        raise _not_a_result(path, f"format_version is {f['format_version']!r}") from None
    if version > _FORMAT_VERSION:
        raise ValueError(f"{str(path)!r} was written by a newer snncourse (result format "
                         f"version {version}; this one reads up to {_FORMAT_VERSION}): "
                         "upgrade with pip install -U snncourse")
    get = f.get
    try:
        n_exc, n_inh = int(f["n_exc"]), int(f["n_inh"])
        duration, dt = float(f["duration"]), float(f["dt"])
        seed = int(f["seed"]) if "seed" in f else -1
        times, ids = np.asarray(f["spike_times"], float), np.asarray(f["spike_ids"], np.int64)
    except (TypeError, ValueError) as exc:
        raise _not_a_result(path, f"a scalar field holds {exc}") from None
    if times.shape != ids.shape or times.ndim != 1:
        raise _not_a_result(path, f"spike_times {times.shape} and spike_ids {ids.shape} must "
                            "be 1-d arrays of the same length")
    conn = None
    if "conn_indptr" in f:
        try:
            conn = Connectivity(indptr=f["conn_indptr"], targets=f["conn_targets"],
                                n_exc=n_exc, n_inh=n_inh)
        except (KeyError, ValueError, TypeError) as exc:
            raise _not_a_result(path, f"its wiring cannot be read: {exc}") from None
    params = (_params_from_json(str(f["params_json"]), source=str(path))
              if "params_json" in f else None)
    state = None
    if "state_v" in f:
        try:
            state = NetworkState(v=f["state_v"], refractory=f["state_refractory"],
                                 in_flight_times=f["state_in_flight_times"],
                                 in_flight_ids=f["state_in_flight_ids"], dt=dt,
                                 delay=float(f["state_delay"]), t=float(f["state_t"]),
                                 connectivity=conn)
        except (KeyError, ValueError, TypeError) as exc:
            raise _not_a_result(path, f"its final state cannot be read: {exc}") from None
    return SimulationResult(
        spike_times=f["spike_times"], spike_ids=f["spike_ids"], n_exc=n_exc, n_inh=n_inh,
        duration=duration, dt=dt, params=params, connectivity=conn,
        record_ids=get("record_ids") if get("record_ids") is not None else np.empty(0, np.int64),
        v=get("v"), exc_input=get("exc_input"), inh_input=get("inh_input"),
        seed=None if seed < 0 else seed, final_state=state,
    )
