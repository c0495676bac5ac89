r"""Linear stability of the asynchronous state of Brunel's (2000) network.

Contents
--------
rate_susceptibility
    Stationary rate and rate response of an LIF neuron under white noise to
    a modulation of the mean input and of the noise variance, by Richardson's
    (2007) threshold integration of the Fokker-Planck equation.
characteristic_function
    :math:`H(i\omega)` of a network at its mean-field stationary rate: the
    network is unstable where :math:`H(\lambda) = 1` has a root with
    :math:`\mathrm{Re}\,\lambda > 0`.
stationary_stability, StationaryStability
    Stability of one network's stationary state: where :math:`H(i\omega)`
    crosses the positive real axis, the gain there, the number of unstable
    eigenvalues, the frequency of the unstable mode.
hopf_boundaries, HopfBoundaries
    The same over a (g, eta) grid: Brunel's instability lines (SR, SI fast,
    SI slow) as the contours where a crossing's gain equals 1.
BRANCHES
    Names of the three lines.

The linearised mean field
-------------------------
A network firing at the stationary rate :math:`\nu_0` drives each neuron
with white noise of mean :math:`\mu_0` and amplitude :math:`\sigma_0`
(:func:`snncourse.theory.brunel_input`). A small modulation of the network
rate, :math:`\nu_0 + \delta\nu\,e^{\lambda t}`, reaches the neurons a delay
:math:`D` later and modulates both the mean and the variance of their input
(Brunel 2000 [1]_, section 4; Brunel & Hakim 1999 [2]_):

.. math::

    \delta\mu = \tau J (C_E - g C_I)\,\delta\nu\,e^{-\lambda D}, \qquad
    \delta\sigma^2 = \tau J^2 (C_E + g^2 C_I)\,\delta\nu\,e^{-\lambda D} ,

(for Brunel's model A, :math:`C_E J (1 - g\gamma)\tau` and
:math:`C_E J^2 (1 + g^2\gamma)\tau`). The neurons answer with
:math:`\delta\nu = \chi_\mu(\lambda)\,\delta\mu + \chi_{\sigma^2}(\lambda)\,\delta\sigma^2`,
so self-consistent modulations exist where

.. math::

    H(\lambda) \equiv e^{-\lambda D}\left[\tau J (C_E - g C_I)\,\chi_\mu(\lambda)
        + \tau J^2 (C_E + g^2 C_I)\,\chi_{\sigma^2}(\lambda)\right] = 1 .

The stationary state loses stability where a root crosses the imaginary
axis, :math:`H(i\omega) = 1`: :math:`|H(i\omega)| = 1` and
:math:`\arg H(i\omega) = 0 \bmod 2\pi`, a Hopf bifurcation whose frequency
:math:`\omega/2\pi` is that of the emerging population oscillation.

Numerical method
----------------
:math:`\chi_\mu` and :math:`\chi_{\sigma^2}` are computed by threshold
integration (Richardson 2007 [3]_): the linearised Fokker-Planck equation is
integrated from the threshold down to where the stationary density has
fallen by :math:`e^{-25}` (:math:`5\sigma` below :math:`\mu_0`, or below
:math:`V_r` as far as its Gaussian tail needs when :math:`\mu_0 > V_r`),
points with similar bounds in groups, with the flux reinjected at the reset after
the refractory period (a factor :math:`e^{-\lambda\tau_\mathrm{ref}}`), on
a grid of step ``dv`` with :math:`V_r` on the grid. Each step is an
exponential integrator with the drift taken at the midpoint and a
trapezoidal update of the flux (second order: at ``dv = 0.1`` mV the
stationary rate agrees with :func:`snncourse.theory.siegert_rate` and
:math:`\chi(0)` with the derivatives of Siegert's formula to about
:math:`10^{-3}`; at high frequency and weak noise, :math:`\sigma` = 3 mV,
to about 1 % at 190 Hz and 3 % at 670 Hz; tested). :math:`H(i\omega)` is evaluated on a frequency
grid, its crossings of the positive real axis are interpolated linearly,
and the number of unstable eigenvalues follows from the Nyquist criterion
(each crossing right of 1 with :math:`\mathrm{Im}\,H` going from + to -
as :math:`\omega` rises counts a complex pair). Everything is vectorised
over grid points and frequencies; the default 25 x 23 grid takes about 3 s,
mostly in :func:`snncourse.theory.brunel_rate`, and is cached.

What it reproduces of Brunel's Fig. 2A, and what not
----------------------------------------------------
With D = 1.5 ms, :func:`hopf_boundaries` gives three lines in the layout
Brunel's Fig. 2A is known for (SR at weak inhibition, SI fast at strong
inhibition and drive, SI slow at weak drive, AI in between): the
asynchronous state is unstable (i) left of
a nearly vertical line at g of about 3.3-3.4, for every drive above
eta of about 0.8 (SR line), through the delay mode near :math:`1/D`
(650-670 Hz on the line: the line the simulated SR state shows); (ii)
above a line from (g, eta) of about (5.4, 4) down to (8, 2.5) (SI fast),
at 155-180 Hz; (iii) in a narrow band just below eta = 1, eta of about
0.85-0.93 for g of about 3.8-4.9 (SI slow), at 15-40 Hz. Below eta of
about 0.8 the mean-field rate vanishes (quiescent, stable). Brunel's
named points fall where he puts them: (5, 2) stable (AI); (6, 4) unstable
at 188 Hz (his simulations: about 180 Hz); (3, 2) unstable at 662 Hz;
(4.5, 0.9) unstable at 29 Hz (his: about 20 Hz). What is not
reproduced: the lines are those of the stationary state that
:func:`snncourse.theory.brunel_rate` returns (the lowest fixed point), so
for g < 4 and weak drive the quiescent low-rate solution is reported
stable where a simulation started from random potentials may find the
high-rate state; no attempt is made to follow the oscillating states
beyond the bifurcation (their amplitude and the exact position of the
simulated state boundaries, which finite-size noise shifts); the
diffusion approximation is used throughout: at high frequency the
variance response tends to :math:`\nu_0/\sigma_0^2` (compare [4]_), so :math:`|H(i\omega)|`
tends to the recurrent share of the input variance,
:math:`\tau\nu_0 J^2 (C_E + g^2 C_I)/\sigma_0^2 < 1`, which is close to 1
at high rates and weak drive; there the delay mode near :math:`1/D` is
only just stable or unstable (the SR line's excursion to g of about 4.5
at eta of about 0.85), an effect that the shot noise of real synapses
would weaken. The lines are not checked against a digitised copy of
Brunel's figure: what is tested is the layout (which state lies beyond
which line), his four points, and the spectra of the full-size
simulations in ``data/phase_diagram_full.npz``.

Units: ms, mV, Hz; susceptibilities in Hz/mV and Hz/mV^2.

References
----------
.. [1] Brunel N (2000). Dynamics of sparsely connected networks of excitatory
   and inhibitory spiking neurons. J Comput Neurosci 8:183-208.
.. [2] Brunel N, Hakim V (1999). Fast global oscillations in networks of
   integrate-and-fire neurons with low firing rates. Neural Comput 11:1621-1671.
.. [3] Richardson MJE (2007). Firing-rate response of linear and nonlinear
   integrate-and-fire neurons to modulated current-based and
   conductance-based synaptic drive. Phys Rev E 76:021919.
.. [4] Lindner B, Schimansky-Geier L (2001). Transmission of noise coded
   versus additive signals through a neuronal ensemble. Phys Rev Lett 86:2934.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ._validation import as_float_array, check_positive, check_type
from .params import BRUNEL_STATES, LIFParams, NetworkParams, brunel2000  # BRUNEL_STATES: examples
from .regimes import FAST_HZ as _F_SPLIT  # Hz: SI crossings below are "slow", above "fast"
from .theory import brunel_input, brunel_rate
from .units import hz_to_per_ms, per_ms_to_hz

__all__ = ["rate_susceptibility", "characteristic_function", "StationaryStability",
           "stationary_stability", "HopfBoundaries", "hopf_boundaries", "BRANCHES"]

#: Brunel's three instability lines, in the order of :attr:`HopfBoundaries.gain`.
BRANCHES = ("SR", "SI fast", "SI slow")

_Y_LOW = 5.0  # integrate down to where the density has fallen by exp(-25): see _v_low
_Y_MAX = 25.0  # (theta - mu)/sigma above which the rate underflows: chi = 0
_F_ZERO = 1e-6  # Hz: f = 0 is evaluated here (the flux below V_r vanishes at f = 0 exactly)


# -- core --------------------------------------------------------------------
def _threshold_integration(p, mu, sigma, lam, dv, n_groups=8):
    """:func:`_integrate` on groups of points with similar lower bounds (fewer steps in all)."""
    mu, sigma = np.asarray(mu, float), np.asarray(sigma, float)
    lam = np.broadcast_to(np.asarray(lam, complex), (mu.size, np.shape(lam)[-1]))
    if mu.size < 8 * n_groups:
        return _integrate(p, mu, sigma, lam, dv)
    nu0 = np.zeros(mu.size)
    chi_mu, chi_var = np.zeros(lam.shape, complex), np.zeros(lam.shape, complex)
    for idx in np.array_split(np.argsort(_v_low(p, mu, sigma)), n_groups):
        nu0[idx], chi_mu[idx], chi_var[idx] = _integrate(p, mu[idx], sigma[idx], lam[idx], dv)
    return nu0, chi_mu, chi_var


def _v_low(p, mu, sigma):
    """Lower bound (mV): below V_r the density is ~ exp(-(V - mu)^2 / sigma^2); stop at exp(-25)."""
    d = np.maximum(mu - p.v_reset, 0.0)
    x = np.sqrt(d**2 + (_Y_LOW * sigma) ** 2) - d  # (x^2 + 2 x d) / sigma^2 = 25
    return np.minimum(mu - _Y_LOW * sigma, p.v_reset - x)


def _integrate(p, mu, sigma, lam, dv):
    """Stationary rate and susceptibilities, vectorised over points and ``lam``.

    ``mu``, ``sigma``: (n,) in mV; ``lam``: (n, m) or (m,) complex, 1/ms.
    Returns ``nu0`` (n,) in 1/ms and ``chi_mu`` (1/(ms mV)), ``chi_var``
    (1/(ms mV^2)), both (n, m). Points whose rate underflows get zeros.
    """
    mu = np.asarray(mu, float)[:, None]
    s2 = np.asarray(sigma, float)[:, None] ** 2
    lam = np.broadcast_to(np.asarray(lam, complex), (mu.shape[0], np.shape(lam)[-1]))
    quiet = (p.v_th - mu[:, 0]) / np.sqrt(s2[:, 0]) > _Y_MAX
    m_above = max(int(round((p.v_th - p.v_reset) / dv)), 1)
    dv = (p.v_th - p.v_reset) / m_above
    ok = ~quiet
    v_low = float(np.min(_v_low(p, mu[ok, 0], np.sqrt(s2[ok, 0])))) if ok.any() else p.v_reset
    n_steps = m_above + int(math.ceil((p.v_reset - v_low) / dv))
    mu_, s2_, lam_ = mu[ok], s2[ok], lam[ok]
    shape = lam_.shape
    p0, j0, norm = np.zeros(mu_.shape), np.ones(mu_.shape), np.zeros(mu_.shape)
    big_p = np.zeros((3,) + shape, complex)  # free (reinjected), mu-driven, variance-driven
    big_j = np.zeros((3,) + shape, complex)
    big_j[0] = 1.0
    half = 0.5 * dv * lam_
    reinject = np.exp(-lam_ * p.t_ref)
    c = 2.0 * p.tau_m / s2_
    for k in range(n_steps):
        v_mid = p.v_th - dv * (k + 0.5)
        drift = 2.0 * (v_mid - mu_) / s2_
        a = np.exp(dv * drift)
        x = np.where(np.abs(drift) * dv > 1e-12, np.expm1(dv * drift) / np.where(drift == 0, 1.0, drift), dv)
        p0_new = p0 * a + x * (c * j0)
        p0_mid = 0.5 * (p0 + p0_new)
        source = np.stack(np.broadcast_arrays(0.0 * p0_mid, -(2.0 / s2_) * p0_mid,
                                              (-drift * p0_mid - c * j0) / s2_))
        j_mid = big_j + half * big_p
        p_new = big_p * a + x * (c * j_mid + source)
        big_j = big_j + half * (big_p + p_new)
        if k + 1 == m_above:  # the reset: the flux reinjected after t_ref leaves below it
            big_j[0] -= reinject
            j0 = j0 - 1.0
        norm += dv * p0_mid
        big_p, p0 = p_new, p0_new
    nu0 = np.zeros(mu.shape[0])
    chi_mu = np.zeros(lam.shape, complex)
    chi_var = np.zeros(lam.shape, complex)
    nu_ok = 1.0 / (norm + p.t_ref)
    nu0[ok] = nu_ok[:, 0]
    chi_mu[ok] = -nu_ok * big_j[1] / big_j[0]
    chi_var[ok] = -nu_ok * big_j[2] / big_j[0]
    return nu0, chi_mu, chi_var


def _check_dv(p, dv):
    dv = check_positive("dv", dv, "mV")
    limit = (p.v_th - p.v_reset) / 4
    if dv > limit:
        raise ValueError(f"dv must be <= (v_th - v_reset)/4 = {limit:g} mV, got {dv!r}")
    return dv


def _check_freqs(freqs_hz):
    f = as_float_array("freqs_hz", freqs_hz, ndims=(0, 1), unit="Hz", nonnegative=True)
    return np.atleast_1d(f), f.ndim == 0


# -- public API ----------------------------------------------------------------
def rate_susceptibility(params, mu, sigma, freqs_hz, *, dv: float = 0.1):
    r"""Rate response of an LIF neuron under white noise to modulated mean and variance.

    Parameters
    ----------
    params : LIFParams
        The neuron.
    mu : float or array_like of float
        Mean input (mV, absolute), as in :func:`snncourse.theory.siegert_rate`; scalar or 1-D.
    sigma : float or array_like of float
        Noise amplitude (mV), > 0, in Brunel's convention (see
        :func:`snncourse.theory.siegert_rate`); broadcast against ``mu``.
    freqs_hz : float or array_like of float
        Modulation frequencies (Hz), >= 0; scalar or 1-D.
    dv : float
        Voltage step of the threshold integration (mV).

    Returns
    -------
    rate : float or numpy.ndarray
        Stationary rate (Hz), one per ``mu``.
    chi_mu : complex or numpy.ndarray
        :math:`\chi_\mu(f)` (Hz/mV): rate modulation per mV of mean
        modulation :math:`\mu_0 + \delta\mu\,e^{2\pi i f t}`; shape
        ``(n_mu, n_freqs)`` with the scalar dimensions dropped.
    chi_var : complex or numpy.ndarray
        :math:`\chi_{\sigma^2}(f)` (Hz/mV^2): rate modulation per mV^2 of
        variance modulation :math:`\sigma_0^2 + \delta\sigma^2 e^{2\pi i f t}`.

    Raises
    ------
    TypeError
        If ``params`` is not a :class:`LIFParams` or an input is not numeric.
    ValueError
        If ``sigma <= 0``, a frequency is negative, an input is not finite or
        has more than one dimension, or ``dv`` is not in
        ``(0, (v_th - v_reset)/4]``.

    Notes
    -----
    The Fokker-Planck equation for :math:`\tau\,dV = -(V - \mu)\,dt + \sigma\sqrt{\tau}\,dW`,
    written for the density :math:`P` and the flux :math:`J`,

    .. math::

        \frac{\partial P}{\partial t} = -\frac{\partial J}{\partial V}
            + \nu(t - \tau_\mathrm{ref})\,\delta(V - V_r), \qquad
        -\frac{\sigma^2}{2}\frac{\partial P}{\partial V} = (V - \mu)P + \tau J,

    with :math:`P(\theta) = 0`, :math:`J(\theta) = \nu`, is linearised
    around its stationary solution and integrated from :math:`\theta`
    downwards (threshold integration, Richardson 2007): one solution driven
    by the rate modulation (reinjected with :math:`e^{-2\pi i f\tau_\mathrm{ref}}`),
    one by :math:`\delta\mu`, one by :math:`\delta\sigma^2`; the flux must
    vanish far below, which fixes :math:`\delta\nu`. At :math:`f = 0`,
    :math:`\chi_\mu = \partial\nu/\partial\mu` and
    :math:`\chi_{\sigma^2} = \partial\nu/\partial\sigma^2` of Siegert's
    formula. :math:`|\chi_\mu|` decays at high :math:`f`, :math:`\chi_{\sigma^2}`
    tends to a finite value (Lindner & Schimansky-Geier 2001). Where the
    rate underflows (:math:`(\theta - \mu)/\sigma > 25`) rate and responses
    are returned as 0.

    References
    ----------
    .. [1] Richardson MJE (2007). Phys Rev E 76:021919.
    .. [2] Brunel N, Hakim V (1999). Neural Comput 11:1621-1671.

    Examples
    --------
    >>> from snncourse.theory import siegert_rate
    >>> p = LIFParams()
    >>> rate, chi_mu, chi_var = rate_susceptibility(p, 21.0, 7.7, [0.0, 200.0])
    >>> round(rate, 2), round(siegert_rate(p, 21.0, 7.7), 2)
    (37.9, 37.9)
    >>> d = (siegert_rate(p, 21.01, 7.7) - siegert_rate(p, 20.99, 7.7)) / 0.02  # Hz/mV
    >>> round(float(chi_mu[0].real), 3), round(d, 3)
    (3.539, 3.539)
    >>> bool(abs(chi_mu[1]) < abs(chi_mu[0]))  # low-pass
    True
    """
    check_type("params", params, LIFParams)
    mu_a = as_float_array("mu", mu, ndims=(0, 1), unit="mV")
    sigma_a = as_float_array("sigma", sigma, ndims=(0, 1), unit="mV")
    if np.any(sigma_a <= 0):
        raise ValueError(f"sigma must be > 0 mV (white noise), got {sigma!r}")
    try:
        mu_b, sigma_b = np.broadcast_arrays(np.atleast_1d(mu_a), np.atleast_1d(sigma_a))
    except ValueError:
        raise ValueError(f"mu and sigma must broadcast together, got shapes {mu_a.shape} "
                         f"and {sigma_a.shape}") from None
    f, f_scalar = _check_freqs(freqs_hz)
    dv = _check_dv(params, dv)
    lam = 2j * np.pi * hz_to_per_ms(np.where(f > 0, f, _F_ZERO))
    nu0, chi_mu, chi_var = _threshold_integration(params, mu_b, sigma_b, lam, dv)
    hz = per_ms_to_hz(1.0)  # 1/ms -> Hz, for the complex responses too
    rate, chi_mu, chi_var = per_ms_to_hz(nu0), chi_mu * hz, chi_var * hz
    point_scalar = mu_a.ndim == 0 and sigma_a.ndim == 0
    if f_scalar:
        chi_mu, chi_var = chi_mu[:, 0], chi_var[:, 0]
    if point_scalar:
        return float(rate[0]), chi_mu[0], chi_var[0]
    return rate, chi_mu, chi_var


def _coupling(net):
    """(a, b): mV ms and mV^2 ms, the recurrent mean and variance per unit rate (1/ms)."""
    tau, j = net.neuron.tau_m, net.j_exc
    return tau * j * (net.c_exc - net.g * net.c_inh), tau * j**2 * (net.c_exc + net.g**2 * net.c_inh)


def _stationary(net):
    rate = brunel_rate(net)
    if not np.isfinite(rate):
        raise ValueError(f"net has no stationary mean-field rate (brunel_rate gave {rate!r})")
    mu, sigma = brunel_input(net, rate)
    if sigma <= 0:
        raise ValueError(f"net must have input noise (sigma > 0 at the stationary state), got {sigma!r} mV")
    return rate, mu, sigma


def characteristic_function(net, freqs_hz, *, dv: float = 0.1):
    r"""The network's :math:`H(i\omega)` at its mean-field stationary rate.

    Parameters
    ----------
    net : NetworkParams
        The network; its stationary state is :func:`snncourse.theory.brunel_rate`.
    freqs_hz : float or array_like of float
        Frequencies :math:`f = \omega/2\pi` (Hz), >= 0; scalar or 1-D.
    dv : float
        Voltage step of the threshold integration (mV), see :func:`rate_susceptibility`.

    Returns
    -------
    rate : float
        Stationary rate (Hz), from :func:`snncourse.theory.brunel_rate`.
    h : complex or numpy.ndarray
        :math:`H(2\pi i f)` (dimensionless), one per frequency.

    Raises
    ------
    TypeError
        If ``net`` is not a :class:`NetworkParams`.
    ValueError
        If the network has no stationary rate or no input noise, or for bad
        ``freqs_hz`` or ``dv``.

    Notes
    -----
    .. math::

        H(i\omega) = e^{-i\omega D}\left[\tau J (C_E - g C_I)\,\chi_\mu(\omega)
            + \tau J^2 (C_E + g^2 C_I)\,\chi_{\sigma^2}(\omega)\right] .

    :math:`H(0) = d\phi/d\nu` is the slope of the self-consistency at the
    fixed point, < 1 for the root :func:`~snncourse.theory.brunel_rate`
    returns. See the module docstring for the stability condition.

    Examples
    --------
    >>> rate, h = characteristic_function(brunel2000(g=6.0, eta=4.0), [0.0, 190.0])
    >>> round(rate, 1), round(float(h[0].real), 2)  # inhibition-dominated: H(0) < 0
    (55.8, -3.08)
    >>> bool(abs(h[1]) > 1)  # near its crossing of the real axis: unstable (SI fast)
    True
    """
    check_type("net", net, NetworkParams)
    f, f_scalar = _check_freqs(freqs_hz)
    dv = _check_dv(net.neuron, dv)
    rate, mu, sigma = _stationary(net)
    h = _h_grid(net, [mu], [sigma], f[None, :], dv)[0]
    return rate, (h[0] if f_scalar else h)


def _h_grid(nets, mus, sigmas, f, dv):
    """H(2 pi i f) for points with networks ``nets`` (one or one per point); f: (n, m) Hz."""
    nets = [nets] * len(mus) if isinstance(nets, NetworkParams) else list(nets)
    p = nets[0].neuron
    f = np.asarray(f, float)
    lam = 2j * np.pi * hz_to_per_ms(np.where(f > 0, f, _F_ZERO))
    _, chi_mu, chi_var = _threshold_integration(p, mus, sigmas, lam, dv)
    ab = np.array([_coupling(n) for n in nets])
    delay = np.array([n.delay for n in nets])[:, None]
    return np.exp(-lam * delay) * (ab[:, :1] * chi_mu + ab[:, 1:] * chi_var)


def _frequency_grid(delay):
    """Frequencies (Hz) for crossings: log-spaced up to 1/(2D), linear up to 3/(2D)."""
    x = np.concatenate([np.geomspace(2e-3, 0.5, 60), np.linspace(0.5, 1.5, 49)[1:]])
    return per_ms_to_hz(x / delay)


def _crossings(f, h):
    """Crossings of the positive real axis by h(f), per row: lists of (f, gain, direction)."""
    im = h.imag
    k_row, k_col = np.nonzero((im[:, :-1] > 0) != (im[:, 1:] > 0))
    t = im[k_row, k_col] / (im[k_row, k_col] - im[k_row, k_col + 1])
    re = h.real[k_row, k_col] + t * (h.real[k_row, k_col + 1] - h.real[k_row, k_col])
    fc = f[k_row, k_col] + t * (f[k_row, k_col + 1] - f[k_row, k_col])
    down = im[k_row, k_col] > 0  # Im H goes from + to - as f rises: clockwise around 1
    out = [[] for _ in range(h.shape[0])]
    for r, fx, g, d in zip(k_row, fc, re, down):
        if g > 0:
            out[r].append((float(fx), float(g), bool(d)))
    return out


def _n_unstable(crossings):
    """Eigenvalues with Re > 0 (Nyquist): 2 per net clockwise crossing right of 1."""
    return 2 * sum((1 if d else -1) for _, g, d in crossings if g > 1.0)


def _branch(f_hz, delay_ms):
    x = hz_to_per_ms(f_hz) * delay_ms
    if x >= 0.5:
        return 0 if x < 1.5 else None  # SR: the delay-locked mode near 1/D
    return 1 if f_hz >= _F_SPLIT else 2  # SI fast / SI slow


@dataclass(frozen=True)
class StationaryStability:
    """What :func:`stationary_stability` returns.

    Attributes
    ----------
    rate_hz : float
        Mean-field stationary rate (Hz).
    mu, sigma : float
        Its input (mV), from :func:`snncourse.theory.brunel_input`.
    h0 : float
        :math:`H(0)`, the slope of the self-consistency.
    crossing_hz, gain : numpy.ndarray
        Frequencies (Hz) where :math:`H(i\\omega)` crosses the positive real
        axis, and :math:`H` there (the loop gain of that mode).
    n_unstable : int
        Number of eigenvalues with positive real part (0, 2, 4, ...).
    f_unstable_hz : float
        Frequency (Hz) of the crossing with the largest gain above 1, the
        oscillation the instability starts; NaN when stable.
    """

    rate_hz: float
    mu: float
    sigma: float
    h0: float
    crossing_hz: np.ndarray
    gain: np.ndarray
    n_unstable: int
    f_unstable_hz: float

    @property
    def stable(self) -> bool:
        """Whether the stationary (asynchronous) state is linearly stable."""
        return self.n_unstable == 0


def stationary_stability(net, *, dv: float = 0.1) -> StationaryStability:
    r"""Is the asynchronous stationary state of ``net`` linearly stable, and at what frequency not?

    Parameters
    ----------
    net : NetworkParams
        The network.
    dv : float
        Voltage step of the threshold integration (mV), see :func:`rate_susceptibility`.

    Returns
    -------
    StationaryStability

    Raises
    ------
    TypeError
        If ``net`` is not a :class:`NetworkParams`.
    ValueError
        If the network has no stationary rate or no input noise, or for a bad ``dv``.

    Notes
    -----
    :math:`H(2\pi i f)` (:func:`characteristic_function`) is evaluated from
    about 1 Hz to :math:`3/(2D)` (log-spaced below :math:`1/(2D)`, linear
    above) and its crossings of the positive real axis are interpolated.
    Unstable eigenvalues are counted by the Nyquist criterion on that range
    (:math:`|H| < 1` beyond it for Brunel's model).

    Examples
    --------
    >>> for state, (g, eta) in BRUNEL_STATES.items():
    ...     s = stationary_stability(brunel2000(g, eta))
    ...     print(f"{state:8s} stable {s.stable!s:5s} f {s.f_unstable_hz:4.0f} Hz")
    SR       stable False f  662 Hz
    SI fast  stable False f  188 Hz
    AI       stable True  f  nan Hz
    SI slow  stable False f   29 Hz
    """
    check_type("net", net, NetworkParams)
    dv = _check_dv(net.neuron, dv)
    rate, mu, sigma = _stationary(net)
    f = np.concatenate([[0.0], _frequency_grid(net.delay)])[None, :]
    h = _h_grid(net, [mu], [sigma], f, dv)
    cr = _crossings(f[:, 1:], h[:, 1:])[0]  # f = 0 (real H) is not a crossing
    unstable = [(fx, g) for fx, g, _ in cr if g > 1.0]
    f_u = max(unstable, key=lambda c: c[1])[0] if unstable else math.nan
    n_u = _n_unstable(cr)
    return StationaryStability(rate_hz=rate, mu=float(mu), sigma=float(sigma), h0=float(h[0, 0].real),
                               crossing_hz=np.array([c[0] for c in cr]),
                               gain=np.array([c[1] for c in cr]), n_unstable=n_u,
                               f_unstable_hz=float(f_u) if n_u else math.nan)


@dataclass(frozen=True)
class HopfBoundaries:
    """What :func:`hopf_boundaries` returns: one value per (eta, g) grid point.

    Attributes
    ----------
    g, eta : numpy.ndarray, shapes (n_g,) and (n_eta,)
        The grid.
    rate : numpy.ndarray, shape (n_eta, n_g)
        Mean-field stationary rate (Hz).
    gain : numpy.ndarray, shape (3, n_eta, n_g)
        For each line of :data:`BRANCHES` ("SR", "SI fast", "SI slow"), the
        largest :math:`H` where :math:`H(i\\omega)` crosses the positive
        real axis in that line's frequency band (NaN: no crossing): the line
        itself is the contour ``gain == 1``, unstable where ``gain > 1``.
    freq : numpy.ndarray, shape (3, n_eta, n_g)
        Frequency (Hz) of that crossing.
    n_unstable : numpy.ndarray of int, shape (n_eta, n_g)
        Eigenvalues with positive real part (Nyquist count).
    """

    g: np.ndarray
    eta: np.ndarray
    rate: np.ndarray
    gain: np.ndarray
    freq: np.ndarray
    n_unstable: np.ndarray

    @property
    def stable(self) -> np.ndarray:
        """Boolean grid, shape (n_eta, n_g): the asynchronous state is stable."""
        return self.n_unstable == 0

    def line_frequency(self, branch: str, tol: float = 0.1):
        """Frequencies (Hz) of the unstable mode on one line: (10th, 90th) percentile.

        Taken over the grid points whose gain for ``branch`` (one of
        :data:`BRANCHES`) is within ``tol`` of 1, i.e. next to the line;
        ``(nan, nan)`` when there is none.

        Examples
        --------
        >>> lo, hi = hopf_boundaries([5.0, 5.5, 6.0], [3.5, 4.0]).line_frequency("SI fast")
        >>> 150 < lo <= hi < 200
        True
        """
        if branch not in BRANCHES:
            raise ValueError(f"branch must be one of {', '.join(map(repr, BRANCHES))}, got {branch!r}")
        tol = check_positive("tol", tol)
        i = BRANCHES.index(branch)
        near = np.abs(self.gain[i] - 1.0) < tol
        if not np.any(near):
            return math.nan, math.nan
        lo, hi = np.percentile(self.freq[i][near], [10, 90])
        return float(lo), float(hi)


def hopf_boundaries(g_values=None, eta_values=None, *, network=brunel2000,
                    dv: float = 0.1) -> HopfBoundaries:
    r"""Brunel's instability lines of the asynchronous state over a (g, eta) grid.

    Parameters
    ----------
    g_values : array_like of float, optional
        Relative inhibition values (> 0), increasing; default 2 to 8 in steps of 0.25.
    eta_values : array_like of float, optional
        External drives :math:`\nu_\mathrm{ext}/\nu_\mathrm{thr}` (> 0),
        increasing; default 0.5, 0.75, then 0.8 to 1.2 in steps of 0.05 (the
        SI-slow line lies there, and the mean-field rate vanishes below
        about 0.8), then to 4 in steps of 0.25.
    network : callable
        ``network(g, eta) -> NetworkParams``; every network must have the
        same neuron.
    dv : float
        Voltage step of the threshold integration (mV), see :func:`rate_susceptibility`.

    Returns
    -------
    HopfBoundaries
        Cached: the same arguments return the same object.

    Raises
    ------
    TypeError
        If ``network`` is not callable or does not return a :class:`NetworkParams`.
    ValueError
        If a grid is empty, not increasing or not positive, the networks
        differ in their neuron, or for a bad ``dv``.

    Notes
    -----
    At each point the stationary state (:func:`snncourse.theory.brunel_rate`)
    and :math:`H(2\pi i f)` on the grid of :func:`stationary_stability` are
    computed, all points at once. A crossing of the positive real axis at
    :math:`f` belongs to the SR line when :math:`1/(2D) \le f < 3/(2D)`
    (the mode near :math:`1/D`), to SI fast when 100 Hz :math:`\le f < 1/(2D)`
    and to SI slow below 100 Hz (``regimes.FAST_HZ``, the course's
    fast/slow threshold). Points with a vanishing rate (quiescent) have
    :math:`H = 0`: stable, no crossing.

    Examples
    --------
    Brunel's four points: SR (3, 2), SI slow (4.5, 0.9), AI (5, 2), SI fast (6, 4).

    >>> hb = hopf_boundaries([3.0, 4.5, 5.0, 6.0], [0.9, 2.0, 4.0])
    >>> hb.stable.astype(int)  # rows: eta = 0.9, 2, 4; columns: g = 3, 4.5, 5, 6
    array([[0, 0, 1, 1],
           [0, 1, 1, 1],
           [0, 1, 1, 0]])
    >>> for i, j in [(1, 0), (0, 1), (2, 3)]:  # which line each unstable point is beyond
    ...     print([name for name, line in zip(BRANCHES, hb.gain[:, i, j]) if line > 1])
    ['SR']
    ['SI slow']
    ['SI fast']
    """
    if not callable(network):
        raise TypeError(f"network must be callable (g, eta) -> NetworkParams, got {network!r}")
    g = _grid("g_values", np.arange(2.0, 8.001, 0.25) if g_values is None else g_values)
    eta = _grid("eta_values", np.concatenate([[0.5, 0.75], np.arange(0.8, 1.2001, 0.05),
                                              np.arange(1.25, 4.001, 0.25)])
                if eta_values is None else eta_values)
    return _hopf_cached(tuple(g), tuple(eta), network, float(dv))


def _grid(name, values):
    arr = as_float_array(name, values, ndims=(1,))
    if arr.size == 0 or np.any(arr <= 0) or np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be a non-empty increasing grid of values > 0, got {values!r}")
    return arr


@functools.lru_cache(maxsize=16)
def _hopf_cached(g, eta, network, dv):
    g, eta = np.array(g), np.array(eta)
    nets = [network(gv, ev) for ev in eta for gv in g]
    for n in nets:
        check_type("network(g, eta)", n, NetworkParams)
        if n.neuron != nets[0].neuron:
            raise ValueError("network must give the same neuron at every (g, eta), got "
                             f"{nets[0].neuron} and {n.neuron}")
    dv = _check_dv(nets[0].neuron, dv)
    rate = np.array([brunel_rate(n) for n in nets])
    mu, sigma = np.array([brunel_input(n, r if np.isfinite(r) else 0.0) for n, r in zip(nets, rate)]).T
    f = np.array([_frequency_grid(n.delay) for n in nets])
    h = _h_grid(nets, mu, sigma, f, dv)
    gain = np.full((3, len(nets)), np.nan)
    freq = np.full((3, len(nets)), np.nan)
    n_unstable = np.zeros(len(nets), int)
    for i, (cr, n) in enumerate(zip(_crossings(f, h), nets)):
        n_unstable[i] = _n_unstable(cr)
        for fx, gx, _ in cr:
            b = _branch(fx, n.delay)
            if b is not None and not gx <= gain[b, i]:
                gain[b, i], freq[b, i] = gx, fx
    shape = (len(eta), len(g))
    return HopfBoundaries(g=g, eta=eta, rate=rate.reshape(shape), gain=gain.reshape((3,) + shape),
                          freq=freq.reshape((3,) + shape), n_unstable=n_unstable.reshape(shape))
