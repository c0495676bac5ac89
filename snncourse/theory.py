r"""Analytic rates of the LIF neuron and Brunel's (2000) mean-field theory.

Contents
--------
fi_curve
    Closed-form F-I curve of a deterministic LIF neuron (Hz per nA).
siegert_rate
    Firing rate under white noise: the mean first-passage time formula
    (Siegert 1951; Brunel 2000, eq. 21).
siegert_cv
    Coefficient of variation of the inter-spike intervals under white noise
    (Brunel 2000, appendix A; Tuckwell 1988).
brunel_input
    Mean and standard deviation of the input to a neuron of a network
    firing at rate ``nu`` (Brunel 2000, eqs. 4-5).
campbell
    Mean and standard deviation of a membrane driven by Poisson shot noise
    (Campbell's theorem).
brunel_rate
    Self-consistent stationary rate of the network: ``nu = siegert(mu(nu), sigma(nu))``.

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm. White noise follows
Brunel's convention :math:`\tau\,dV = -(V - \mu)\,dt + \sigma\sqrt{\tau}\,dW`,
so the free membrane potential has mean :math:`\mu` and standard deviation
:math:`\sigma/\sqrt{2}`. All voltages are absolute (``v_rest`` included).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import dawsn, erf, erfcx

from ._validation import as_float_array, check_positive, check_type
from .units import hz_to_per_ms, per_ms_to_hz
from .params import LIFParams, NetworkParams, brunel2000  # brunel2000: for the examples

__all__ = ["fi_curve", "siegert_rate", "siegert_cv", "brunel_input", "brunel_rate", "campbell"]

_SQRT_PI = math.sqrt(math.pi)
_ASYM = 20.0  # beyond this, erfcx(v) is integrated by its asymptotic series
_POISSON = 30.0  # (v_th - mu) / sigma above which the rate underflows and CV == 1.0


# -- helpers -----------------------------------------------------------------
def _out(arr):
    """A float for 0-d results, the ndarray otherwise."""
    return float(arr) if np.ndim(arr) == 0 else arr


def _int_erfcx(lo, hi):
    """:math:`\\int_{lo}^{hi} \\mathrm{erfcx}(v)\\,dv` for ``0 <= lo <= hi`` (any size)."""

    def tail(a, b):  # asymptotic series of erfcx(v) = exp(v^2) erfc(v), v >= 20
        h = lambda v: 1 / (4 * v**2) - 3 / (16 * v**4) + 15 / (48 * v**6) - 105 / (128 * v**8)
        return (math.log(b / a) + h(b) - h(a)) / _SQRT_PI

    if hi <= _ASYM:
        return quad(erfcx, lo, hi, epsabs=0.0)[0]
    if lo >= _ASYM:
        return tail(lo, hi)
    return quad(erfcx, lo, _ASYM, epsabs=0.0)[0] + tail(_ASYM, hi)


def _scaled_fpt_integral(a, b):
    r"""Return ``(J, B2)`` with :math:`\int_a^b e^{u^2}(1+\mathrm{erf}\,u)\,du = J e^{B2}`.

    ``B2 = max(b, 0)**2``. The integrand is ``erfcx(-u)``: bounded for
    ``u < 0`` (integrated directly), and for ``u > 0`` equal to
    ``2 exp(u^2) - erfcx(u)``, whose first term integrates to Dawson's
    function, :math:`\int_0^x e^{u^2}du = e^{x^2} D(x)`.
    """
    b2 = max(b, 0.0) ** 2
    total = 0.0
    if a < 0:  # u in [a, min(b, 0)]  <->  v = -u in [max(-b, 0), -a]
        total += _int_erfcx(max(-b, 0.0), -a) * math.exp(-b2)
    if b > 0:
        a0 = max(a, 0.0)
        total += 2 * (dawsn(b) - math.exp(a0**2 - b2) * dawsn(a0))
        total -= _int_erfcx(a0, b) * math.exp(-b2)
    return total, b2


def _deterministic_rate(p, mu):
    if mu <= p.v_th:
        return 0.0
    return per_ms_to_hz(1.0 / (p.t_ref + p.tau_m * math.log((mu - p.v_reset) / (mu - p.v_th))))


def _siegert_scalar(p, mu, sigma):
    if sigma == 0:
        return _deterministic_rate(p, mu)
    j, b2 = _scaled_fpt_integral((p.v_reset - mu) / sigma, (p.v_th - mu) / sigma)
    log_t = math.log(p.tau_m * _SQRT_PI * j) + b2  # log of the mean passage time (ms)
    if log_t > 700:  # rate < 1e-300 Hz: underflows
        return 0.0
    return per_ms_to_hz(1.0 / (p.t_ref + math.exp(log_t)))


def _cv_scalar(p, mu, sigma):
    if sigma == 0:
        return 0.0 if mu > p.v_th else math.nan
    y_r, y_th = (p.v_reset - mu) / sigma, (p.v_th - mu) / sigma
    if y_th > _POISSON:
        return 1.0
    j, b2 = _scaled_fpt_integral(y_r, y_th)
    b = math.sqrt(b2)

    def inner(x):
        # exp(x^2 - 2 B^2) * int_{-inf}^x exp(y^2) (1 + erf y)^2 dy, with y = x - w/k;
        # exp(y^2)(1 + erf y)^2 = exp(-y^2) erfcx(-y)^2 for y <= 0 (no overflow).
        k = 1.0 + 2.0 * abs(x)  # the integrand's width near y = x is ~ 1/k

        def f(w):
            d = w / k
            y = x - d
            if y > 0:
                return math.exp((x - b) * (x + b) + (y - b) * (y + b)) * (1 + erf(y)) ** 2
            return math.exp(d * (2 * x - d) - 2 * b2) * erfcx(-y) ** 2  # d(2x - d) = x^2 - y^2

        return quad(f, 0, np.inf, epsabs=0.0, epsrel=1e-8, limit=200)[0] / k

    # f peaks at x = y_th with width ~ 1 / (4 y_th) when y_th >> 1: tell quad where.
    split = [x for x in (0.0, y_th - 10.0 / (1.0 + 4.0 * abs(y_th))) if y_r < x < y_th] or None
    outer = quad(inner, y_r, y_th, points=split, epsabs=0.0, epsrel=1e-8, limit=200)[0]
    denom = p.t_ref * math.exp(-b2) + p.tau_m * _SQRT_PI * j  # (mean ISI) * exp(-B^2)
    return math.sqrt(2 * math.pi * p.tau_m**2 * outer) / denom


# -- public API ----------------------------------------------------------------
def fi_curve(params, currents):
    r"""Firing rate of a deterministic LIF neuron driven by a constant current.

    Parameters
    ----------
    params : LIFParams
        The neuron.
    currents : float or array_like of float
        Input currents I (nA); any shape.

    Returns
    -------
    float or numpy.ndarray
        Rates (Hz): a float for a scalar ``currents``, otherwise an array of
        the same shape. Zero at and below the rheobase (``mu <= v_th``).

    Raises
    ------
    TypeError
        If ``params`` is not a :class:`LIFParams` or ``currents`` is not numeric.
    ValueError
        If ``currents`` holds NaN or inf.

    Notes
    -----
    With :math:`\mu = V_\mathrm{rest} + R_m I` the steady-state potential,
    the time to climb from the reset to the threshold gives

    .. math::

        \nu = \left[\tau_\mathrm{ref} + \tau_m \ln
              \frac{\mu - V_r}{\mu - \theta}\right]^{-1}
        \quad (\mu > \theta), \qquad \nu = 0 \quad (\mu \le \theta).

    The rate rises from 0 at the rheobase with an infinite slope and
    saturates at :math:`1/\tau_\mathrm{ref}`. Compare with the simulated
    curve of :func:`snncourse.neuron.fi_curve`.

    References
    ----------
    .. [1] Gerstner W, Kistler WM, Naud R, Paninski L (2014). Neuronal
       Dynamics, ch. 1.3. Cambridge University Press.
    .. [2] Brunel N (2000). J Comput Neurosci 8:183-208.

    Examples
    --------
    >>> p = LIFParams()  # tau 20 ms, theta 20 mV, V_r 10 mV, t_ref 2 ms, R 10 MOhm
    >>> np.round(fi_curve(p, [1.0, 2.1, 2.5, 3.0, 4.0]), 2)
    array([ 0.  , 20.02, 41.71, 63.04, 98.92])
    >>> fi_curve(p.replace(v_rest=-70.0, v_th=-50.0, v_reset=-60.0), 2.5) == fi_curve(p, 2.5)
    True
    """
    check_type("params", params, LIFParams)
    mu = params.v_rest + params.r_m * as_float_array("currents", currents, unit="nA")
    rates = np.zeros_like(mu)
    above = mu > params.v_th
    m = mu[above]
    rates[above] = per_ms_to_hz(
        1.0 / (params.t_ref + params.tau_m * np.log((m - params.v_reset) / (m - params.v_th))))
    return _out(rates)


def _rate_args(params, mu, sigma):
    check_type("params", params, LIFParams)
    mu = as_float_array("mu", mu, unit="mV")
    sigma = as_float_array("sigma", sigma, unit="mV", nonnegative=True)
    try:
        return np.broadcast_arrays(mu, sigma)
    except ValueError:
        raise ValueError(
            f"mu and sigma must broadcast together, got shapes {mu.shape} and {sigma.shape}"
        ) from None


def siegert_rate(params, mu, sigma):
    r"""Firing rate of an LIF neuron driven by white noise (Siegert formula).

    Parameters
    ----------
    params : LIFParams
        The neuron.
    mu : float or array_like of float
        Mean input (mV): the mean of the free membrane potential,
        ``v_rest + r_m * I`` for a current, absolute like ``params.v_th``.
    sigma : float or array_like of float
        Noise amplitude (mV), >= 0, in Brunel's convention
        :math:`\tau\,dV = -(V - \mu)\,dt + \sigma\sqrt{\tau}\,dW` (the free
        potential has standard deviation :math:`\sigma/\sqrt{2}`).
        Broadcast against ``mu``.

    Returns
    -------
    float or numpy.ndarray
        Rate (Hz); a float when ``mu`` and ``sigma`` are scalars.

    Raises
    ------
    TypeError
        If ``params`` is not a :class:`LIFParams` or ``mu``/``sigma`` are not numeric.
    ValueError
        If ``sigma < 0``, an input is not finite, or the shapes do not broadcast.

    Notes
    -----
    The inverse rate is the refractory period plus the mean first-passage
    time from :math:`V_r` to :math:`\theta` (Brunel 2000, eq. 21):

    .. math::

        \frac{1}{\nu} = \tau_\mathrm{ref} + \tau\sqrt{\pi}
            \int_{(V_r - \mu)/\sigma}^{(\theta - \mu)/\sigma}
            e^{u^2}\left(1 + \mathrm{erf}\,u\right) du .

    The integrand is ``scipy.special.erfcx(-u)``. It is integrated with
    ``quad`` where it is bounded (:math:`u < 0`; beyond :math:`|u| = 20` by
    its asymptotic series) and, for :math:`u > 0`, through Dawson's function
    :math:`D`, :math:`\int_0^x e^{u^2}du = e^{x^2}D(x)`; the result is kept
    in log space, so bounds of any size are safe. When the rate would be
    below 1e-300 Hz it is returned as 0.0. ``sigma == 0`` gives the
    deterministic rate :func:`fi_curve`, which is also the limit
    :math:`\sigma \to 0`.

    References
    ----------
    .. [1] Siegert AJF (1951). On the first passage time probability problem.
       Phys Rev 81:617-623.
    .. [2] Amit DJ, Brunel N (1997). Model of global spontaneous activity and
       local structured activity during delay periods in the cerebral cortex.
       Cereb Cortex 7:237-252.
    .. [3] Brunel N (2000). J Comput Neurosci 8:183-208, eq. 21.

    Examples
    --------
    >>> p = LIFParams()
    >>> round(siegert_rate(p, 25.0, 0.0), 2)  # deterministic: as fi_curve(p, 2.5)
    41.71
    >>> round(siegert_rate(p, 25.0, 1e-6), 2)  # the limit sigma -> 0
    41.71
    >>> np.round(siegert_rate(p, 15.0, [1.0, 5.0]), 4)  # noise makes a subthreshold neuron fire
    array([0.    , 9.4608])
    """
    mu, sigma = _rate_args(params, mu, sigma)
    rates = np.vectorize(lambda m, s: _siegert_scalar(params, m, s), otypes=[float])(mu, sigma)
    return _out(rates)


def siegert_cv(params, mu, sigma):
    r"""Coefficient of variation of the ISIs of an LIF neuron under white noise.

    Parameters
    ----------
    params : LIFParams
        The neuron.
    mu : float or array_like of float
        Mean input (mV), absolute, as in :func:`siegert_rate`.
    sigma : float or array_like of float
        Noise amplitude (mV), >= 0, as in :func:`siegert_rate`. Broadcast
        against ``mu``.

    Returns
    -------
    float or numpy.ndarray
        CV (dimensionless); a float when ``mu`` and ``sigma`` are scalars.
        ``sigma == 0`` gives 0.0 above threshold (a regular spike train) and
        NaN at or below it (no spikes, no intervals).

    Raises
    ------
    TypeError
        If ``params`` is not a :class:`LIFParams` or ``mu``/``sigma`` are not numeric.
    ValueError
        If ``sigma < 0``, an input is not finite, or the shapes do not broadcast.

    Notes
    -----
    With :math:`y_r = (V_r - \mu)/\sigma`, :math:`y_\theta = (\theta - \mu)/\sigma`
    and :math:`\nu` from :func:`siegert_rate` (Brunel 2000, appendix A):

    .. math::

        \mathrm{CV}^2 = 2\pi (\nu\tau)^2 \int_{y_r}^{y_\theta} e^{x^2} dx
            \int_{-\infty}^{x} e^{y^2}\left(1 + \mathrm{erf}\,y\right)^2 dy .

    The refractory period shifts every ISI by the same amount, so it lowers
    the CV only through :math:`\nu`. Numerically, for :math:`y \le 0` the
    inner integrand is written :math:`e^{-y^2}\mathrm{erfcx}(-y)^2` and both
    integrals are scaled by :math:`e^{-2\max(y_\theta, 0)^2}`, which cancels
    against :math:`\nu^2`, so nothing overflows. Limits: CV :math:`\to 1`
    (Poisson) far below threshold, returned as exactly 1.0 when
    :math:`y_\theta > 30` (where the rate underflows); CV :math:`\to 0` for
    strong mean drive and weak noise.

    References
    ----------
    .. [1] Brunel N (2000). J Comput Neurosci 8:183-208, appendix A.
    .. [2] Tuckwell HC (1988). Introduction to Theoretical Neurobiology,
       vol. 2, ch. 9. Cambridge University Press.
    .. [3] Gerstner W, Kistler WM, Naud R, Paninski L (2014). Neuronal
       Dynamics, ch. 8-9. Cambridge University Press.

    Examples
    --------
    >>> p = LIFParams()
    >>> round(siegert_cv(p, 0.0, 5.0), 4)  # far below threshold: Poisson-like
    1.0
    >>> round(siegert_cv(p, 30.0, 0.5), 3)  # mean-driven, weak noise: regular
    0.039
    >>> siegert_cv(p, 30.0, 0.0)
    0.0
    """
    mu, sigma = _rate_args(params, mu, sigma)
    cvs = np.vectorize(lambda m, s: _cv_scalar(params, m, s), otypes=[float])(mu, sigma)
    return _out(cvs)


def brunel_input(net, nu):
    r"""Mean and noise of the input to a neuron of a network firing at rate ``nu``.

    Parameters
    ----------
    net : NetworkParams
        The network.
    nu : float or array_like of float
        Rate of every recurrent neuron (Hz), >= 0.

    Returns
    -------
    mu : float or numpy.ndarray
        Mean input (mV, absolute: includes ``v_rest``), as in :func:`siegert_rate`.
    sigma : float or numpy.ndarray
        Noise amplitude (mV), in Brunel's convention (see :func:`siegert_rate`).

    Raises
    ------
    TypeError
        If ``net`` is not a :class:`NetworkParams` or ``nu`` is not numeric.
    ValueError
        If ``nu`` is negative or not finite.

    Notes
    -----
    Brunel's (2000) eqs. 4-5 with the drive of :class:`NetworkParams`:
    :math:`C_\mathrm{ext}` Poisson inputs of rate :math:`\nu_\mathrm{ext}`
    and efficacy :math:`J_\mathrm{ext}`, a constant current
    :math:`I_\mathrm{ext}` and white noise :math:`\sigma_\mathrm{ext}`
    (rates in 1/ms inside the formula):

    .. math::

        \mu &= V_\mathrm{rest} + R_m I_\mathrm{ext} + \tau\left[C_\mathrm{ext}
               J_\mathrm{ext}\nu_\mathrm{ext} + \nu J (C_E - g C_I)\right] \\
        \sigma^2 &= \tau\left[C_\mathrm{ext} J_\mathrm{ext}^2 \nu_\mathrm{ext}
               + \nu J^2 (C_E + g^2 C_I)\right] + \sigma_\mathrm{ext}^2 .

    For :func:`snncourse.params.brunel2000` (:math:`C_\mathrm{ext} = C_E`,
    :math:`J_\mathrm{ext} = J`, :math:`C_I = \gamma C_E`) this is exactly
    :math:`\mu = C_E J \tau[\nu_\mathrm{ext} + \nu(1 - g\gamma)]`,
    :math:`\sigma^2 = J^2 C_E \tau[\nu_\mathrm{ext} + \nu(1 + g^2\gamma)]`.
    The diffusion approximation assumes many small, uncorrelated inputs.

    References
    ----------
    .. [1] Brunel N (2000). J Comput Neurosci 8:183-208, eqs. 4-5.
    .. [2] Amit DJ, Brunel N (1997). Cereb Cortex 7:237-252.

    Examples
    --------
    >>> net = brunel2000(g=5.0, eta=2.0)  # nu_ext = 20 Hz
    >>> brunel_input(net, 0.0)  # external drive alone: twice the threshold
    (40.0, 2.0)
    >>> mu, sigma = brunel_input(net, 40.0)  # inhibition-dominated: mu falls as nu rises
    >>> round(mu, 6), round(sigma, 2)
    (20.0, 7.87)
    """
    check_type("net", net, NetworkParams)
    nu = hz_to_per_ms(as_float_array("nu", nu, unit="Hz", nonnegative=True))
    p, j = net.neuron, net.j_exc
    ext_rate = hz_to_per_ms(net.c_ext_eff * net.nu_ext)  # external spikes per ms
    ext_mean = ext_rate * net.j_ext_eff
    ext_var = ext_rate * net.j_ext_eff**2
    mu = p.v_rest + p.r_m * net.i_ext + p.tau_m * (ext_mean + nu * j * (net.c_exc - net.g * net.c_inh))
    var = p.tau_m * (ext_var + nu * j**2 * (net.c_exc + net.g**2 * net.c_inh)) + net.noise_sigma**2
    return _out(mu), _out(np.sqrt(var))


def brunel_rate(net):
    r"""Self-consistent stationary rate of a network in Brunel's mean-field theory.

    Parameters
    ----------
    net : NetworkParams
        The network.

    Returns
    -------
    float
        The lowest rate (Hz) with :math:`\nu = \phi(\mu(\nu), \sigma(\nu))`,
        or NaN if there is none below the search limit (see Notes).

    Raises
    ------
    TypeError
        If ``net`` is not a :class:`NetworkParams`.

    Notes
    -----
    :math:`\phi` is :func:`siegert_rate` and :math:`\mu(\nu), \sigma(\nu)`
    are :func:`brunel_input`. The rate solves

    .. math::

        f(\nu) = \phi\big(\mu(\nu), \sigma(\nu)\big) - \nu = 0 .

    :math:`f(0) \ge 0` and, since :math:`\phi < 1/\tau_\mathrm{ref}`,
    :math:`f(1/\tau_\mathrm{ref}) < 0`, so a solution always exists when
    :math:`\tau_\mathrm{ref} > 0`. :math:`f` is scanned on a grid (0, then
    120 log-spaced rates from 1 mHz to :math:`1/\tau_\mathrm{ref}`, or to
    10 kHz when :math:`\tau_\mathrm{ref} = 0`), and the first sign change
    is refined with ``brentq``. That root is where :math:`f` falls through
    zero, i.e. a fixed point that is stable for the rate dynamics
    :math:`\tau\dot\nu = \phi - \nu`; a higher fixed point of a bistable
    network is not reported. No stability analysis against oscillations is
    made: in Brunel's SI and SR states (his Fig. 8 A, B, D) the stationary
    solution exists but is unstable, and the network oscillates around it.
    For panel A (g = 3, eta = 2) this returns 327 Hz, close to
    saturation, for which Brunel reports no stable stationary state (he
    simulates synchronous regular firing near :math:`1/\tau_\mathrm{ref}`).

    References
    ----------
    .. [1] Brunel N (2000). J Comput Neurosci 8:183-208, eqs. 4-5 and 21, Fig. 8.
    .. [2] Amit DJ, Brunel N (1997). Cereb Cortex 7:237-252.

    Examples
    --------
    >>> round(brunel_rate(brunel2000(g=5.0, eta=2.0)), 2)  # Brunel Fig. 8C: 38.0 Hz
    37.95
    >>> round(brunel_rate(brunel2000(g=5.0, eta=2.0, v_reset=0.0)), 2)  # NEST's V_reset = 0
    32.03
    """
    check_type("net", net, NetworkParams)
    p = net.neuron
    nu_max = per_ms_to_hz(1.0 / p.t_ref) if p.t_ref > 0 else 1e4

    def f(nu):
        mu, sigma = brunel_input(net, nu)
        return _siegert_scalar(p, mu, sigma) - nu

    grid = np.concatenate([[0.0], np.geomspace(1e-3, nu_max, 120)])
    lo, f_lo = grid[0], f(grid[0])
    if f_lo <= 0:
        return 0.0
    for hi in grid[1:]:
        f_hi = f(hi)
        if f_hi <= 0:
            return float(brentq(f, lo, hi, xtol=1e-12, rtol=1e-12)) if f_hi < 0 else float(hi)
        lo = hi
    return math.nan


def campbell(rates_hz, weights_mv, tau_m):
    r"""Mean and standard deviation (mV) of a membrane driven by Poisson input.

    Each input ``k`` is a Poisson train of rate :math:`\nu_k` whose spikes
    make the free membrane potential jump by :math:`w_k`, after which it
    decays as :math:`w_k e^{-t/\tau_m}`. Campbell's theorem gives

    .. math::

        \langle V \rangle - V_\mathrm{rest} = \tau_m \sum_k \nu_k w_k, \qquad
        \mathrm{Var}(V) = \frac{\tau_m}{2} \sum_k \nu_k w_k^2 .

    Parameters
    ----------
    rates_hz : array_like
        Rate of each input train (Hz), >= 0.
    weights_mv : array_like
        Jump caused by one spike of each train (mV; negative for inhibition).
    tau_m : float
        Membrane time constant (ms), > 0.

    Returns
    -------
    mean, std : float
        Mean (relative to rest) and standard deviation of the free membrane
        potential (mV).

    References
    ----------
    .. [1] Dayan P, Abbott LF (2001). Theoretical Neuroscience, ch. 5. MIT Press.
    .. [2] Brunel N (2000). J Comput Neurosci 8:183-208, eqs. 4-5.

    Examples
    --------
    800 excitatory inputs at 5 Hz with J = 0.2 mV and 200 inhibitory ones
    four times stronger cancel on average (g = 4):

    >>> m, s = campbell([800 * 5.0, 200 * 5.0], [0.2, -0.8], 20.0)
    >>> round(m, 6), round(s ** 2, 6)
    (0.0, 8.0)
    """
    rates = hz_to_per_ms(as_float_array("rates_hz", rates_hz, unit="Hz", nonnegative=True))
    weights = as_float_array("weights_mv", weights_mv, unit="mV")
    if rates.shape != weights.shape:
        raise ValueError(
            f"rates_hz and weights_mv must have the same shape, got {rates.shape} and {weights.shape}"
        )
    tau_m = check_positive("tau_m", tau_m, "ms")
    mean = tau_m * float(np.sum(rates * weights))
    var = 0.5 * tau_m * float(np.sum(rates * weights**2))
    return mean, float(np.sqrt(var))
