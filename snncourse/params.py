"""Parameters of the neuron and the network, and the named presets.

Contents
--------
LIFParams
    Leaky integrate-and-fire neuron (eq. 1.1 of the report).
NetworkParams
    A sparse E/I network of LIF neurons with delayed delta synapses
    (eq. 1.2 of the report) and external drive.
brunel2000
    Brunel (2000)'s network, one of its four named states by ``g`` and ``eta``.
BRUNEL_STATES
    Brunel's four named states: name -> ``(g, eta)``.
seed_report
    The regime that reproduces Table 4.1 of the seed report (200 neurons).

The named runs (network, duration, transient, seed) are in
:mod:`snncourse.presets`.

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm, so ``r_m * I`` is in
mV. Parameters are frozen dataclasses: make variants with
``dataclasses.replace`` (or the ``replace`` method), which validates again.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import warnings
from dataclasses import dataclass, field

from .units import per_ms_to_hz
from ._validation import check_choice, check_finite, check_int, check_nonnegative, check_positive

__all__ = ["LIFParams", "NetworkParams", "BRUNEL_STATES", "brunel2000", "seed_report"]

#: Brunel (2000)'s four named states, Figure 8: name -> ``(g, eta)``.
BRUNEL_STATES = {"SR": (3.0, 2.0), "SI fast": (6.0, 4.0), "AI": (5.0, 2.0), "SI slow": (4.5, 0.9)}


@dataclass(frozen=True)
class LIFParams:
    r"""Parameters of a leaky integrate-and-fire neuron.

    .. math::

        \tau_m \frac{dV}{dt} = -(V - V_\mathrm{rest}) + R_m I(t)

    When :math:`V \ge V_\mathrm{th}` the neuron spikes, :math:`V` is reset to
    :math:`V_\mathrm{reset}` and held there for the absolute refractory
    period :math:`t_\mathrm{ref}`. The defaults are the neuron of Brunel
    (2000), voltages measured from rest.

    Parameters
    ----------
    tau_m : float
        Membrane time constant (ms), > 0.
    v_rest : float
        Resting potential (mV).
    v_th : float
        Spike threshold (mV), > ``v_rest``.
    v_reset : float
        Reset potential (mV), < ``v_th``.
    t_ref : float
        Absolute refractory period (ms), >= 0.
    r_m : float
        Membrane resistance (MOhm), > 0; ``r_m * I`` with I in nA is in mV.

    Raises
    ------
    ValueError
        If a time constant is not positive, ``t_ref < 0``,
        ``v_reset >= v_th`` or ``v_th <= v_rest``.

    References
    ----------
    .. [1] Gerstner W, Kistler WM, Naud R, Paninski L (2014). Neuronal
       Dynamics, ch. 1.3. Cambridge University Press.
    .. [2] Brunel N (2000). J Comput Neurosci 8:183-208.

    Examples
    --------
    >>> p = LIFParams()
    >>> p.rheobase  # current (nA) that brings V to threshold: (v_th - v_rest) / r_m
    2.0
    >>> print(p.replace(tau_m=10.0))
    LIFParams: tau_m=10 ms, v_rest=0 mV, v_th=20 mV, v_reset=10 mV, t_ref=2 ms, r_m=10 MOhm
    """

    tau_m: float = 20.0
    v_rest: float = 0.0
    v_th: float = 20.0
    v_reset: float = 10.0
    t_ref: float = 2.0
    r_m: float = 10.0

    def __post_init__(self):
        check_positive("tau_m", self.tau_m, "ms")
        check_finite("v_rest", self.v_rest, "mV")
        check_finite("v_th", self.v_th, "mV")
        check_finite("v_reset", self.v_reset, "mV")
        check_nonnegative("t_ref", self.t_ref, "ms")
        check_positive("r_m", self.r_m, "MOhm")
        if self.v_reset >= self.v_th:
            raise ValueError(
                f"v_reset must be < v_th (v_th={self.v_th} mV), got {self.v_reset!r}"
            )
        if self.v_th <= self.v_rest:
            raise ValueError(
                f"v_th must be > v_rest (v_rest={self.v_rest} mV), got {self.v_th!r}"
            )

    @property
    def rheobase(self) -> float:
        """Smallest constant current (nA) that makes the neuron fire: ``(v_th - v_rest) / r_m``."""
        return (self.v_th - self.v_rest) / self.r_m

    def replace(self, **changes) -> "LIFParams":
        """A copy with ``changes`` applied (validated again)."""
        return dataclasses.replace(self, **changes)

    def __str__(self) -> str:
        return (
            f"LIFParams: tau_m={self.tau_m:g} ms, v_rest={self.v_rest:g} mV, "
            f"v_th={self.v_th:g} mV, v_reset={self.v_reset:g} mV, "
            f"t_ref={self.t_ref:g} ms, r_m={self.r_m:g} MOhm"
        )


_LIF_FIELDS = {f.name for f in dataclasses.fields(LIFParams)}


@dataclass(frozen=True)
class NetworkParams:
    r"""A sparse network of excitatory and inhibitory LIF neurons.

    Neurons ``0 .. n_exc - 1`` are excitatory, ``n_exc .. n_exc + n_inh - 1``
    inhibitory. A spike of neuron ``j`` makes the membrane potential of each
    of its targets jump by ``j_exc`` (excitatory ``j``) or ``-g * j_exc``
    (inhibitory ``j``) after ``delay`` ms (delta synapses, eq. 1.2 of the
    report):

    .. math::

        \tau_m \frac{dV_i}{dt} = -(V_i - V_\mathrm{rest}) + R_m I_\mathrm{ext}
            + \tau_m \sum_j J_{ij} \sum_k \delta(t - t_j^k - D)
            + \text{external drive}

    The external drive is any sum of: ``c_ext`` independent Poisson trains
    of rate ``nu_ext`` (Hz) per neuron, each spike a jump of ``j_ext`` (mV)
    (Brunel 2000); a constant current ``i_ext`` (nA); Gaussian white noise
    of amplitude ``noise_sigma`` (mV, so that the free membrane potential has
    standard deviation ``noise_sigma / sqrt(2)``).

    Parameters
    ----------
    n_exc, n_inh : int
        Number of excitatory (>= 1) and inhibitory (>= 0) neurons.
    c_exc, c_inh : int
        In-degree: excitatory and inhibitory synapses onto each neuron. With
        ``connectivity="bernoulli"`` these are the expected in-degrees
        (connection probability ``c_exc / n_exc`` and ``c_inh / n_inh``).
    j_exc : float
        Excitatory synaptic efficacy J (mV), >= 0.
    g : float
        Relative strength of inhibition (inhibitory efficacy is ``-g * j_exc``), >= 0.
    delay : float
        Transmission delay D (ms), > 0; must be at least one time step.
    neuron : LIFParams
        The neuron model, shared by all neurons.
    nu_ext : float
        Rate of each external Poisson input (Hz), >= 0.
    c_ext : int or None
        Number of external Poisson inputs per neuron; None means ``c_exc``.
    j_ext : float or None
        Efficacy of an external spike (mV); None means ``j_exc``.
    i_ext : float
        Constant input current to every neuron (nA).
    noise_sigma : float
        White-noise amplitude (mV), >= 0.
    connectivity : {"fixed_indegree", "bernoulli"}
        Wiring rule: exactly ``c_exc``/``c_inh`` presynaptic partners drawn
        with replacement (as NEST's Brunel example), or every pair connected
        independently (as Brian2's).
    autapses : bool
        Whether a neuron may connect to itself.
    v_init : tuple of two floats or None
        Initial membrane potentials are drawn uniformly from
        ``[v_init[0], v_init[1])`` (mV); None means ``[v_rest, v_th)``.
    name : str
        A label for figures and tables.

    Raises
    ------
    ValueError, TypeError
        For a negative or non-integer size, an in-degree larger than its
        population (fixed in-degree without autapses needs
        ``c_exc <= n_exc - 1``), a non-positive delay, a negative rate, an
        unknown connectivity rule.

    Examples
    --------
    >>> net = brunel2000(g=5.0, eta=2.0, scale=0.2)
    >>> net.n_neurons, net.c_exc, round(net.nu_ext, 6)
    (2500, 1000, 20.0)
    """

    n_exc: int = 800
    n_inh: int = 200
    c_exc: int = 80
    c_inh: int = 20
    j_exc: float = 0.1
    g: float = 5.0
    delay: float = 1.5
    neuron: LIFParams = field(default_factory=LIFParams)
    nu_ext: float = 0.0
    c_ext: int | None = None
    j_ext: float | None = None
    i_ext: float = 0.0
    noise_sigma: float = 0.0
    connectivity: str = "fixed_indegree"
    autapses: bool = False
    v_init: tuple | None = None
    name: str = "network"

    def __post_init__(self):
        _check_v_init(self.v_init)
        check_int("n_exc", self.n_exc, minimum=1)
        check_int("n_inh", self.n_inh, minimum=0)
        check_int("c_exc", self.c_exc, minimum=0)
        check_int("c_inh", self.c_inh, minimum=0)
        check_nonnegative("j_exc", self.j_exc, "mV")
        check_nonnegative("g", self.g)
        check_positive("delay", self.delay, "ms")
        if not isinstance(self.neuron, LIFParams):
            raise TypeError(f"neuron must be a LIFParams, got {self.neuron!r}")
        check_nonnegative("nu_ext", self.nu_ext, "Hz")
        if self.c_ext is not None:
            check_int("c_ext", self.c_ext, minimum=0)
        if self.j_ext is not None:
            check_finite("j_ext", self.j_ext, "mV")
        check_finite("i_ext", self.i_ext, "nA")
        check_nonnegative("noise_sigma", self.noise_sigma, "mV")
        check_choice("connectivity", self.connectivity, ("fixed_indegree", "bernoulli"))
        if not isinstance(self.autapses, bool):
            raise TypeError(f"autapses must be True or False, got {self.autapses!r}")
        # Without autapses a neuron has one candidate fewer in its own population.
        room_e = self.n_exc - (0 if self.autapses else 1)
        room_i = self.n_inh - (0 if self.autapses or self.n_inh == 0 else 1)
        if self.c_exc > max(room_e, 0) and not (self.connectivity == "fixed_indegree" and self.autapses):
            raise ValueError(
                f"c_exc must be <= {room_e} for n_exc={self.n_exc}"
                f"{'' if self.autapses else ' without autapses'}, got {self.c_exc!r}"
            )
        if self.c_inh > max(room_i, 0):
            raise ValueError(
                f"c_inh must be <= {room_i} for n_inh={self.n_inh}"
                f"{'' if self.autapses else ' without autapses'}, got {self.c_inh!r}"
            )

    # -- derived quantities ---------------------------------------------
    @property
    def n_neurons(self) -> int:
        """Total number of neurons."""
        return self.n_exc + self.n_inh

    @property
    def j_inh(self) -> float:
        """Inhibitory efficacy ``-g * j_exc`` (mV)."""
        return -self.g * self.j_exc

    @property
    def c_ext_eff(self) -> int:
        """Number of external Poisson inputs per neuron (``c_ext`` or ``c_exc``)."""
        return self.c_exc if self.c_ext is None else self.c_ext

    @property
    def j_ext_eff(self) -> float:
        """Efficacy of an external spike (``j_ext`` or ``j_exc``), mV."""
        return self.j_exc if self.j_ext is None else self.j_ext

    @property
    def nu_thr(self) -> float:
        r"""External rate (Hz) that brings the mean input to threshold.

        :math:`\nu_\mathrm{thr} = (V_\mathrm{th} - V_\mathrm{rest}) / (J C_E \tau_m)`,
        converted to Hz (Brunel 2000, eq. 8, with ``c_ext`` inputs of
        efficacy ``j_ext``). NaN when there is no external input.
        """
        denom = self.j_ext_eff * self.c_ext_eff * self.neuron.tau_m
        if denom <= 0:
            return float("nan")
        return per_ms_to_hz((self.neuron.v_th - self.neuron.v_rest) / denom)

    @property
    def eta(self) -> float:
        """External drive relative to threshold, ``nu_ext / nu_thr``."""
        return self.nu_ext / self.nu_thr

    @property
    def sigma_ext(self) -> float:
        """Deprecated name of :attr:`noise_sigma` (mV)."""
        warnings.warn("NetworkParams.sigma_ext is deprecated: use noise_sigma",
                      DeprecationWarning, stacklevel=2)
        return self.noise_sigma

    @property
    def v_init_range(self) -> tuple:
        """Range (mV) of the uniform initial membrane potentials."""
        if self.v_init is None:
            return (self.neuron.v_rest, self.neuron.v_th)
        return (float(self.v_init[0]), float(self.v_init[1]))

    def replace(self, **changes) -> "NetworkParams":
        """A copy with ``changes`` applied; neuron fields (e.g. ``t_ref``) go to ``neuron``."""
        neuron_changes = {k: changes.pop(k) for k in list(changes) if k in _LIF_FIELDS}
        if neuron_changes:
            changes["neuron"] = changes.get("neuron", self.neuron).replace(**neuron_changes)
        return dataclasses.replace(self, **changes)

    def __str__(self) -> str:
        drive = []
        if self.nu_ext > 0:
            drive.append(f"{self.c_ext_eff} Poisson inputs x {self.nu_ext:g} Hz x {self.j_ext_eff:g} mV")
        if self.i_ext:
            drive.append(f"i_ext={self.i_ext:g} nA")
        if self.noise_sigma:
            drive.append(f"noise_sigma={self.noise_sigma:g} mV")
        return (
            f"NetworkParams '{self.name}': {self.n_exc} E + {self.n_inh} I neurons, "
            f"in-degree {self.c_exc} E + {self.c_inh} I ({self.connectivity}), "
            f"J={self.j_exc:g} mV, g={self.g:g}, delay={self.delay:g} ms; "
            f"drive: {', '.join(drive) or 'none'}\n  {self.neuron}"
        )


def _check_v_init(v_init):
    if v_init is None:
        return
    try:
        lo, hi = v_init
        lo, hi = float(lo), float(hi)
    except (TypeError, ValueError):
        raise TypeError(f"v_init must be None or a pair (low, high) of potentials in mV, "
                        f"got {v_init!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"v_init must hold finite potentials (mV), got {v_init!r}")
    if lo > hi:
        raise ValueError(f"v_init must have low <= high (mV), got {v_init!r}")


_DATACLASS_INIT = NetworkParams.__init__


@functools.wraps(_DATACLASS_INIT)
def _network_params_init(self, *args, **kwargs):
    # sigma_ext was renamed noise_sigma (the name simulate_neuron uses); keep it for one release.
    if "sigma_ext" in kwargs:
        warnings.warn("NetworkParams(sigma_ext=...) is deprecated: use noise_sigma",
                      DeprecationWarning, stacklevel=2)
        kwargs["noise_sigma"] = kwargs.pop("sigma_ext")
    _DATACLASS_INIT(self, *args, **kwargs)


NetworkParams.__init__ = _network_params_init


def brunel2000(g: float = 5.0, eta: float = 2.0, *, scale: float = 1.0, **overrides) -> NetworkParams:
    r"""Brunel (2000)'s sparse E/I network with delta synapses.

    :math:`N_E = 10000\,s`, :math:`N_I = 2500\,s` for ``scale`` :math:`s`,
    while the in-degrees stay :math:`C_E = 1000`, :math:`C_I = 250`
    (:math:`\epsilon = 0.1` at full size), so the mean-field rate does not
    depend on ``scale``. :math:`J = 0.1` mV, :math:`D = 1.5` ms,
    :math:`\tau = 20` ms, :math:`\theta = 20` mV, :math:`V_r = 10` mV,
    :math:`\tau_{rp} = 2` ms. Each neuron receives :math:`C_\mathrm{ext} = C_E`
    Poisson inputs of rate :math:`\nu_\mathrm{ext} = \eta\,\nu_\mathrm{thr}`
    with :math:`\nu_\mathrm{thr} = \theta / (J C_E \tau) = 10` Hz.

    Brunel's Figure 8 names four states (:data:`BRUNEL_STATES`): (g, eta) =
    (3, 2) synchronous regular (SR); (6, 4) synchronous irregular, fast (SI
    fast); (5, 2) asynchronous irregular (AI); (4.5, 0.9) synchronous
    irregular, slow (SI slow). Their networks are named after the state.

    Parameters
    ----------
    g : float
        Relative inhibition, >= 0.
    eta : float
        External drive relative to threshold, >= 0.
    scale : float
        Multiplies N_E and N_I; must keep ``N_E > C_E`` (so ``scale > 0.1``).
    **overrides
        Any field of :class:`NetworkParams` or :class:`LIFParams`, e.g.
        ``connectivity="bernoulli"`` or ``v_reset=0.0``.

    Returns
    -------
    NetworkParams

    Raises
    ------
    ValueError
        For ``scale`` too small for the in-degrees, a negative ``g`` or ``eta``.

    References
    ----------
    .. [1] Brunel N (2000). Dynamics of sparsely connected networks of
       excitatory and inhibitory spiking neurons. J Comput Neurosci 8:183-208.

    Examples
    --------
    >>> net = brunel2000()
    >>> net.n_exc, net.n_inh, net.nu_thr, net.nu_ext
    (10000, 2500, 10.0, 20.0)
    >>> brunel2000(scale=0.05)
    Traceback (most recent call last):
    ...
    ValueError: scale must give n_exc > c_exc = 1000, got scale=0.05 (n_exc=500); use scale > 0.1
    """
    check_nonnegative("g", g)
    check_nonnegative("eta", eta)
    check_positive("scale", scale)
    n_exc = int(round(10000 * scale))
    n_inh = int(round(2500 * scale))
    if n_exc <= 1000 or n_inh <= 250:
        raise ValueError(
            f"scale must give n_exc > c_exc = 1000, got scale={scale!r} (n_exc={n_exc}); use scale > 0.1"
        )
    neuron = LIFParams(tau_m=20.0, v_rest=0.0, v_th=20.0, v_reset=10.0, t_ref=2.0)
    j, c_e = 0.1, 1000
    nu_thr = per_ms_to_hz(neuron.v_th / (j * c_e * neuron.tau_m))
    label = {point: state for state, point in BRUNEL_STATES.items()}.get((float(g), float(eta)), "")
    net = NetworkParams(
        n_exc=n_exc, n_inh=n_inh, c_exc=c_e, c_inh=250, j_exc=j, g=float(g), delay=1.5,
        neuron=neuron, nu_ext=eta * nu_thr, c_ext=c_e,
        name=f"Brunel 2000 g={g:g} eta={eta:g}" + (f" ({label})" if label else ""),
    )
    return net.replace(**overrides) if overrides else net


def seed_report(**overrides) -> NetworkParams:
    r"""The regime that reproduces Table 4.1 of the seed report (368 Hz, CV 0.61).

    200 LIF neurons (160 E, 40 I), fixed in-degree :math:`C_E = 16`,
    :math:`C_I = 4`, :math:`J = 1.55` mV, :math:`g = 4`, delay 1.5 ms;
    Brunel's neuron (:math:`\tau = 20` ms, :math:`\theta = 20` mV,
    :math:`V_r = 10` mV) with :math:`t_\mathrm{ref} = 1` ms; every neuron is
    driven by a constant current :math:`I_\mathrm{ext} = 12.2` nA
    (:math:`R I_\mathrm{ext} = 122` mV, six times the threshold) plus white
    noise :math:`\sigma_\mathrm{ext} = 24` mV.

    Simulated for 3 s and analysed over [0.2, 3) s with 10 ms count bins
    (:mod:`snncourse.report`), seed ``presets.SEED_REPORT_SEED`` = 2024 gives a mean
    rate of 369.6 Hz (E 369.8, I 368.7), ISI CV 0.599 and mean pairwise
    correlation 0.027; the mean over seeds 1-5 is 369.2 Hz (E 369.3, I 368.8),
    CV 0.606, correlation 0.029. Report: 368.2 (367.4, 371.1) Hz, 0.61, 0.030.

    Parameters
    ----------
    **overrides
        Any field of :class:`NetworkParams` or :class:`LIFParams`.

    Returns
    -------
    NetworkParams

    Notes
    -----
    **How the parameters were chosen.** The report fixes only the size (200
    neurons), the model (LIF, delta synapses with a delay) and the numbers of
    Table 4.1. Fixed by principle: Brunel's 4:1 E/I ratio and connection
    probability 0.1 (:math:`C_E = 16, C_I = 4`, fixed in-degree, no
    autapses); :math:`g = 4` so that :math:`g C_I = C_E` and the mean
    recurrent input :math:`\tau J \nu (C_E - g C_I)` is exactly zero (the
    report's "balanced E/I"); Brunel's neuron with a refractory period
    shortened to 1 ms, since a mean ISI of 2.7 ms leaves no room for 2 ms.
    Three knobs were tuned, one per target they mostly control, by Newton's
    method on the mean over six seeds (2024 and 1-5), then rounded
    (``benchmarks/tune_seed_report.py``, which also checks seeds 6-15):

    - the constant drive sets the rate. The neuron is *mean-driven*: alone
      and without noise it would fire at
      :math:`1/(t_\mathrm{ref} + \tau \ln\frac{RI - V_r}{RI - \theta}) = 348` Hz;
      fluctuations add the last 20 Hz;
    - the external noise sets the ISI CV;
    - :math:`J` sets the pairwise correlation: the recurrent input has zero
      mean but a standard deviation
      :math:`J\sqrt{\tau\nu(C_E + g^2 C_I)} \approx 38` mV (Brunel's eq. 5),
      and two neurons share on average :math:`C_E^2/N_E = 1.6` E and
      :math:`C_I^2/N_I = 0.4` I inputs, i.e. 10 % of that variance.

    Excitatory and inhibitory neurons here receive statistically identical
    input, so the 1 % higher inhibitory rate of the report (371.1 vs 367.4
    Hz) is not reproduced systematically: across seeds the difference I - E
    is 0 +- 1.3 Hz. ``NetworkParams`` has no per-population drive; allowing
    autapses (self-excitation of E, self-inhibition of I) moves it the wrong
    way. Both rates are nevertheless within 2 % of the report's.

    **Why this regime is not cortex-like** (read Table 4.1 as a reviewer):

    - 368 Hz is about a hundred times cortical rates (a few Hz in cortex;
      Brunel's AI state, the ``brunel_ai`` preset, fires at 38 Hz). A mean
      ISI of 2.7 ms is close to the duration of an action potential plus
      its refractory period; real neurons cannot sustain it.
    - The firing is mean-driven: the drive is six times the threshold and
      the rate is close to the deterministic :math:`1/(t_\mathrm{ref} +
      \tau\ln\ldots)`. Cortical neurons sit *below* threshold on average
      and fire on fluctuations (fluctuation-driven, balanced state).
    - A CV of 0.61 is not "near 1" (Poisson): a third of every ISI is the
      1 ms dead time; cortical CVs are about 0.7-1.2.
    - The "balance" is imposed by the wiring (:math:`g C_I = C_E`), not the
      dynamic cancellation of large inputs of the balanced state (van
      Vreeswijk & Sompolinsky 1996), and PSPs of 1.55 mV (E) and 6.2 mV
      (I) from 20 inputs are far from the thousands of small inputs of a
      cortical neuron.

    References
    ----------
    .. [1] Technical Report NS-2024-003, Table 4.1 (the seed report).
    .. [2] Brunel N (2000). J Comput Neurosci 8:183-208.
    .. [3] van Vreeswijk C, Sompolinsky H (1996). Chaos in neuronal networks
       with balanced excitatory and inhibitory activity. Science 274:1724-1726.

    Examples
    --------
    >>> net = seed_report()
    >>> net.n_neurons, net.g * net.c_inh == net.c_exc, net.neuron.r_m * net.i_ext
    (200, True, 122.0)
    """
    net = NetworkParams(
        n_exc=160, n_inh=40, c_exc=16, c_inh=4, j_exc=1.55, g=4.0, delay=1.5,
        neuron=LIFParams(tau_m=20.0, v_rest=0.0, v_th=20.0, v_reset=10.0, t_ref=1.0),
        i_ext=12.2, noise_sigma=24.0, connectivity="fixed_indegree", autapses=False,
        name="seed report (mean-driven, 368 Hz)",
    )
    return net.replace(**overrides) if overrides else net
