r"""Single LIF neurons (or populations of independent ones) driven by input.

Contents
--------
simulate_neuron
    Integrate eq. 1.1 of the report for one or many independent neurons, with
    a current, white noise, Poisson input and/or explicit input spikes.
simulate_fi_curve
    Simulated firing rate for each constant current (compare with the closed
    form :func:`snncourse.theory.fi_curve`). ``fi_curve`` is its first
    release's name, kept for one release with a ``DeprecationWarning``.
NeuronResult
    What :func:`simulate_neuron` returns.

Integration scheme
------------------
Within a step of ``dt`` ms the current is held constant and eq. 1.1 is solved
exactly (``method="exact"``):

.. math::

    V(t + dt) = V_\infty + (V(t) - V_\infty)\, e^{-dt/\tau_m},
    \qquad V_\infty = V_\mathrm{rest} + R_m I

``method="euler"`` uses the forward-Euler step
:math:`V + \frac{dt}{\tau_m}(V_\infty - V)` instead, which is only accurate
for ``dt << tau_m``: notebook 1 compares the two. Then delta inputs (jumps in
mV) arriving in the step are added, neurons still refractory are clamped to
``v_reset`` (input arriving during the refractory period is dropped, as in
Brian2's ``unless refractory`` and NEST), and a neuron whose ``V >= v_th``
spikes at the end of the step, is reset and stays refractory for
``round(t_ref / dt)`` steps. Spike times therefore lie on the time grid and
are late by less than one step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _lif
from ._validation import (
    as_1d_float, as_rng, check_choice, check_finite, check_int, check_nonnegative, check_positive,
)
from .params import LIFParams
from .units import counts_to_hz, hz_to_per_ms, ms_to_steps, per_ms_to_hz

__all__ = ["simulate_neuron", "simulate_fi_curve", "fi_curve", "NeuronResult", "step_factors"]

@dataclass(frozen=True)
class NeuronResult:
    """Output of :func:`simulate_neuron`.

    Attributes
    ----------
    times : ndarray, shape (n_steps + 1,)
        Time grid (ms), starting at 0.
    v : ndarray, shape (n_neurons, n_steps + 1)
        Membrane potential (mV) at each grid time; after a spike it holds
        ``v_reset`` (None when ``record_v=False``).
    spike_times : ndarray
        Spike times (ms), sorted.
    spike_ids : ndarray of int
        Neuron index of each spike.
    n_neurons : int
        Number of neurons.
    dt, duration : float
        Time step and duration (ms).
    params : LIFParams
        The neuron parameters used.
    """

    times: np.ndarray
    v: np.ndarray | None
    spike_times: np.ndarray
    spike_ids: np.ndarray
    n_neurons: int
    dt: float
    duration: float
    params: LIFParams

    def __repr__(self) -> str:
        return (f"NeuronResult({self.n_neurons} neuron(s), {self.duration:g} ms at dt={self.dt:g} ms, "
                f"{self.spike_times.size} spikes)")

    def spikes_of(self, neuron: int = 0) -> np.ndarray:
        """Spike times (ms) of one neuron."""
        return self.spike_times[self.spike_ids == neuron]


def step_factors(params: LIFParams, dt: float, method: str = "exact"):
    r"""Decay factor and noise scale of one integration step.

    Returns ``(decay, noise_scale)`` such that one step is
    ``V = V_inf + (V - V_inf) * decay + noise_scale * sigma * xi`` with
    ``xi`` standard normal: for ``"exact"``, :math:`e^{-dt/\tau}` and
    :math:`\sqrt{(1 - e^{-2dt/\tau})/2}` (the exact Ornstein-Uhlenbeck step);
    for ``"euler"``, :math:`1 - dt/\tau` and :math:`\sqrt{dt/\tau}`.

    Examples
    --------
    >>> d, s = step_factors(LIFParams(tau_m=10.0), 0.1, "euler")
    >>> round(d, 6), round(s, 6)
    (0.99, 0.1)
    """
    check_choice("method", method, ("exact", "euler"))
    ratio = dt / params.tau_m
    if method == "exact":
        decay = float(np.exp(-ratio))
        return decay, float(np.sqrt((1.0 - decay * decay) / 2.0))
    if ratio >= 1.0:
        raise ValueError(f"dt must be < tau_m={params.tau_m} ms for method='euler', got {dt!r}")
    return 1.0 - ratio, float(np.sqrt(ratio))


def _current_array(current, n_neurons, n_steps):
    """Validate ``current`` and return it broadcastable to (n_neurons, n_steps)."""
    try:
        arr = np.asarray(current, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"current must be a number or array_like in nA, got {current!r}") from None
    allowed = f"a scalar, ({n_steps},), ({n_neurons}, 1) or ({n_neurons}, {n_steps})"
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        if arr.shape[0] != n_steps:
            raise ValueError(f"current must be {allowed} (nA), got shape {arr.shape}")
        arr = arr.reshape(1, n_steps)
    elif arr.ndim == 2:
        if arr.shape[0] != n_neurons or arr.shape[1] not in (1, n_steps):
            raise ValueError(f"current must be {allowed} (nA), got shape {arr.shape}")
    else:
        raise ValueError(f"current must be {allowed} (nA), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("current must hold finite numbers (nA), got NaN or inf")
    return arr


def _input_pulses(input_spikes, duration, dt, n_steps):
    """Validate ``input_spikes`` and return the jump (mV) arriving in each step, or None."""
    if input_spikes is None:
        return None
    try:
        times, weights = input_spikes
    except (TypeError, ValueError):
        raise TypeError(f"input_spikes must be a pair (times_ms, weights_mV), got {input_spikes!r}") from None
    times = as_1d_float("input_spikes times", times)
    weights = as_1d_float("input_spikes weights", weights)
    if times.shape != weights.shape:
        raise ValueError(
            f"input_spikes times and weights must have the same length, got {times.size} and {weights.size}"
        )
    bad = times[(times <= 0) | (times > duration + 1e-9)]
    if bad.size:
        raise ValueError(f"input_spikes times must lie in (0, duration={duration:g}] ms, "
                         f"got {float(bad[0])!r}" + (f" and {bad.size - 1} more" if bad.size > 1 else ""))
    steps = np.ceil(times / dt - 1e-9).astype(np.int64) - 1
    return np.bincount(steps, weights=weights, minlength=n_steps)[:n_steps]


def _poisson_inputs(poisson_input, dt):
    """Validate ``poisson_input`` and return ``(mean count per step, weight)`` pairs."""
    poisson = []
    for item in poisson_input or []:
        try:
            rate, weight = item
        except (TypeError, ValueError):
            raise TypeError(f"poisson_input must hold (rate_Hz, weight_mV) pairs, got {item!r}") from None
        rate = check_nonnegative("poisson_input rate", rate, "Hz")
        poisson.append((hz_to_per_ms(rate * dt), check_finite("poisson_input weight", weight, "mV")))
    return poisson


def _initial_v(v0, params, n_neurons):
    """Validate ``v0`` and return the initial potentials (mV), one per neuron."""
    if v0 is None:
        return np.full(n_neurons, params.v_rest)
    allowed = f"a number or {n_neurons} numbers (n_neurons={n_neurons}) in mV"
    try:
        arr = np.asarray(v0, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"v0 must be {allowed}, got {v0!r}") from None
    if arr.ndim > 1 or (arr.ndim == 1 and arr.size != n_neurons):
        raise ValueError(f"v0 must be {allowed}, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"v0 must be finite (mV), got {v0!r}")
    return np.broadcast_to(arr, (n_neurons,)).copy()


def simulate_neuron(
    params: LIFParams,
    current=0.0,
    *,
    duration: float,
    dt: float = 0.1,
    n_neurons: int = 1,
    noise_sigma: float = 0.0,
    poisson_input=None,
    input_spikes=None,
    v0=None,
    method: str = "exact",
    record_v: bool = True,
    rng=None,
) -> NeuronResult:
    r"""Simulate independent LIF neurons (eq. 1.1) driven by current and/or spikes.

    .. math::

        \tau_m \frac{dV}{dt} = -(V - V_\mathrm{rest}) + R_m I(t)
            + \sigma \sqrt{\tau_m}\, \xi(t) + \tau_m \sum_k w_k \delta(t - t_k)

    Parameters
    ----------
    params : LIFParams
        Neuron parameters.
    current : float or array_like
        Input current (nA): a scalar, one value per time step
        ``(n_steps,)``, one per neuron ``(n_neurons, 1)``, or
        ``(n_neurons, n_steps)``; ``n_steps = round(duration / dt)``.
    duration : float
        Simulated time (ms), at least one step.
    dt : float
        Time step (ms), > 0.
    n_neurons : int
        Number of independent neurons, >= 1.
    noise_sigma : float
        White-noise amplitude :math:`\sigma` (mV), >= 0; the free membrane
        potential then fluctuates with standard deviation
        :math:`\sigma/\sqrt{2}` (Brunel 2000's convention).
    poisson_input : sequence of (rate, weight) pairs, optional
        Each pair is an independent Poisson spike train of ``rate`` (Hz)
        into every neuron, each spike a jump of ``weight`` (mV; negative for
        inhibition). Example: ``[(800 * 10.0, 0.2), (200 * 10.0, -0.8)]``.
    input_spikes : (times, weights), optional
        Explicit input spikes arriving at every neuron: times (ms, in
        ``(0, duration]``) and jumps (mV). Use this for PSPs and delays.
    v0 : float or array_like, optional
        Initial membrane potential (mV), scalar or one per neuron; default
        ``v_rest``.
    method : {"exact", "euler"}
        Integration of the subthreshold dynamics (see module docstring).
    record_v : bool
        Whether to record the membrane potential of every neuron at every step.
    rng : numpy.random.Generator, int or None
        Randomness for noise and Poisson input.

    Returns
    -------
    NeuronResult

    Raises
    ------
    TypeError
        If ``params`` is not a LIFParams, ``record_v`` not a bool, or an
        argument has the wrong type.
    ValueError
        For a non-positive ``dt`` or ``duration``, a negative ``noise_sigma``
        or rate, a ``current`` or ``v0`` whose shape does not fit, a ``v0``
        that is not finite, or ``input_spikes`` times outside ``(0, duration]``.

    Notes
    -----
    The step is the one of :func:`~snncourse.network.simulate_network`
    (``snncourse/_lif.py``); random input is drawn in blocks of 128 steps,
    Poisson counts (input by input) before the noise in each block.

    References
    ----------
    .. [1] Gerstner W et al. (2014). Neuronal Dynamics, ch. 1 and 8.
    .. [2] Brunel N (2000). J Comput Neurosci 8:183-208.

    Examples
    --------
    A 2.5 nA step with ``r_m = 10`` MOhm gives :math:`\mu = 25` mV; the
    closed-form rate is 41.71 Hz:

    >>> res = simulate_neuron(LIFParams(), 2.5, duration=1000.0)
    >>> res.spike_times.size
    41
    >>> round(float(res.v[0, 50]), 3)  # 5 ms in: 25 (1 - exp(-5/20))
    5.53
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be a LIFParams, got {type(params).__name__}")
    dt = check_positive("dt", dt, "ms")
    duration = check_positive("duration", duration, "ms")
    n_steps = ms_to_steps("duration", duration, dt, minimum=1)
    n_neurons = check_int("n_neurons", n_neurons, minimum=1)
    noise_sigma = check_nonnegative("noise_sigma", noise_sigma, "mV")
    check_choice("method", method, ("exact", "euler"))
    if not isinstance(record_v, (bool, np.bool_)):
        raise TypeError(f"record_v must be True or False, got {record_v!r}")
    rng = as_rng(rng)
    i_arr = _current_array(current, n_neurons, n_steps)
    v_inf = params.v_rest + params.r_m * i_arr  # (1 or n, 1 or n_steps)
    const_drive = v_inf.shape[1] == 1
    decay, noise_scale = step_factors(params, dt, method)
    ref_steps = ms_to_steps("t_ref", params.t_ref, dt)

    pulses = _input_pulses(input_spikes, duration, dt, n_steps)
    poisson = _poisson_inputs(poisson_input, dt)
    pop = _lif.LIFPopulation(_initial_v(v0, params, n_neurons), decay=decay, v_th=params.v_th,
                             v_reset=params.v_reset, ref_steps=ref_steps)
    drive = _lif.RandomInput(rng, n_neurons, n_steps, poisson=poisson,
                             noise_amp=noise_sigma * noise_scale)
    v_rec = np.empty((n_neurons, n_steps + 1)) if record_v else None
    if record_v:
        v_rec[:, 0] = pop.v
    spikes = _lif.SpikeLog()
    for k in range(n_steps):
        pop.relax(v_inf[:, 0] if const_drive else v_inf[:, k])
        for jumps in drive.at(k):
            pop.add(jumps)
        if pulses is not None and pulses[k] != 0.0:
            pop.add(pulses[k])
        fired = pop.fire()
        if fired.size:
            spikes.add(k, fired)
        if record_v:
            v_rec[:, k + 1] = pop.v
    spike_times, ids = spikes.arrays(dt)
    return NeuronResult(
        times=np.arange(n_steps + 1) * dt, v=v_rec, spike_times=spike_times,
        spike_ids=ids, n_neurons=n_neurons, dt=dt, duration=n_steps * dt, params=params,
    )


def simulate_fi_curve(params: LIFParams, currents, *, duration: float = 1000.0, dt: float = 0.1,
             method: str = "exact") -> np.ndarray:
    r"""Simulated firing rate (Hz) of an LIF neuron for each constant current.

    All currents are simulated at once, as a population of independent
    neurons starting at rest.

    Parameters
    ----------
    params : LIFParams
        Neuron parameters.
    currents : array_like
        Constant input currents (nA).
    duration : float
        Simulated time per current (ms).
    dt : float
        Time step (ms).
    method : {"exact", "euler"}
        Integration scheme, see :func:`simulate_neuron`.

    Returns
    -------
    ndarray
        Rate (Hz) per current: the number of interspike intervals divided by
        the time from the first to the last spike (the steady-state rate,
        free of the latency to the first spike); a neuron with fewer than
        two spikes gets ``count / duration``.

    Notes
    -----
    Compare with the closed form
    :math:`\nu = 1 / (t_\mathrm{ref} + \tau_m \ln\frac{\mu - V_r}{\mu - \theta})`
    (:func:`snncourse.theory.fi_curve`). With spikes on a grid of ``dt`` the
    simulated interval is the true one rounded up to a whole step, so the
    simulated rate is lower by at most ``dt / ISI``.

    Examples
    --------
    >>> rates = simulate_fi_curve(LIFParams(), [1.0, 2.5, 4.0])
    >>> [round(float(r), 1) for r in rates]
    [0.0, 41.7, 98.0]
    """
    currents = as_1d_float("currents", currents)
    if currents.size == 0:
        return np.empty(0)
    res = simulate_neuron(params, currents[:, None], duration=duration, dt=dt,
                          n_neurons=currents.size, method=method, record_v=False)
    n = currents.size
    counts = np.bincount(res.spike_ids, minlength=n)
    first = np.full(n, np.inf)
    last = np.full(n, -np.inf)
    np.minimum.at(first, res.spike_ids, res.spike_times)
    np.maximum.at(last, res.spike_ids, res.spike_times)
    rates = counts_to_hz(counts, res.duration)
    many = counts >= 2
    # n spikes span n - 1 intervals: the rate is 1 / (mean ISI)
    rates[many] = per_ms_to_hz((counts[many] - 1) / (last[many] - first[many]))
    return rates


def fi_curve(params, currents, **kwargs):
    """Deprecated name of :func:`simulate_fi_curve` (the simulated F-I curve).

    The closed form is :func:`snncourse.theory.fi_curve`; the simulated one
    is now called ``simulate_fi_curve`` so that the two cannot be mixed up.
    """
    import warnings

    warnings.warn("snncourse.fi_curve (simulated) is now simulate_fi_curve; the closed form is "
                  "snncourse.theory.fi_curve", DeprecationWarning, stacklevel=2)
    return simulate_fi_curve(params, currents, **kwargs)
