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

from .params import LIFParams, NetworkParams

__all__ = ["fi_curve", "siegert_rate", "siegert_cv", "brunel_input", "brunel_rate"]

_SQRT_PI = math.sqrt(math.pi)
_ASYM = 20.0  # beyond this, erfcx(v) is integrated by its asymptotic series


# -- helpers -----------------------------------------------------------------
def _check_type(name, value, cls):
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__name__}, got {value!r}")


def _as_float_array(name, values, unit, *, nonnegative=False):
    """``values`` as a float ndarray (any shape) of finite numbers, or raise."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or array_like of numbers ({unit}), got {values!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite ({unit}), got {values!r}")
    if nonnegative and np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 ({unit}), got {values!r}")
    return arr


def _out(arr):
    """A float for 0-d results, the ndarray otherwise."""
    return float(arr) if np.ndim(arr) == 0 else arr


def _int_erfcx(lo, hi):
    """:math:`\\int_{lo}^{hi} \\mathrm{erfcx}(v)\\,dv` for ``0 <= lo <= hi`` (any size)."""

    def tail(a, b):  # asymptotic series of erfcx(v) = exp(v^2) erfc(v), v >= 20
        h = lambda v: 1 / (4 * v**2) - 3 / (16 * v**4) + 15 / (48 * v**6) - 105 / (128 * v**8)
        return (math.log(b / a) + h(b) - h(a)) / _SQRT_PI

    if hi <= _ASYM:
        return quad(erfcx, lo, hi)[0]
    if lo >= _ASYM:
        return tail(lo, hi)
    return quad(erfcx, lo, _ASYM)[0] + tail(_ASYM, hi)


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
    return 1000.0 / (p.t_ref + p.tau_m * math.log((mu - p.v_reset) / (mu - p.v_th)))


def _siegert_scalar(p, mu, sigma):
    if sigma == 0:
        return _deterministic_rate(p, mu)
    j, b2 = _scaled_fpt_integral((p.v_reset - mu) / sigma, (p.v_th - mu) / sigma)
    log_t = math.log(p.tau_m * _SQRT_PI * j) + b2  # log of the mean passage time (ms)
    if log_t > 700:  # rate < 1e-300 Hz: underflows
        return 0.0
    return 1000.0 / (p.t_ref + math.exp(log_t))


def _cv_scalar(p, mu, sigma):
    if sigma == 0:
        return 0.0 if mu > p.v_th else math.nan
    y_r, y_th = (p.v_reset - mu) / sigma, (p.v_th - mu) / sigma
    j, b2 = _scaled_fpt_integral(y_r, y_th)

    def inner(x):
        # exp(x^2 - 2 B^2) * int_{-inf}^x exp(y^2) (1 + erf y)^2 dy, with y = x - w/k;
        # exp(y^2)(1 + erf y)^2 = exp(-y^2) erfcx(-y)^2 for y <= 0 (no overflow).
        k = 1.0 + 2.0 * abs(x)  # the integrand's width near y = x is ~ 1/k

        def f(w):
            y = x - w / k
            if y > 0:
                return math.exp(x * x + y * y - 2 * b2) * (1 + erf(y)) ** 2
            return math.exp(x * x - y * y - 2 * b2) * erfcx(-y) ** 2

        return quad(f, 0, np.inf)[0] / k

    split = [max(y_r, y_th - 1.0)] if y_th - y_r > 1.0 else None
    outer = quad(inner, y_r, y_th, points=split, limit=200)[0]
    denom = p.t_ref * math.exp(-b2) + p.tau_m * _SQRT_PI * j  # (mean ISI) * exp(-B^2)
    return math.sqrt(2 * math.pi * p.tau_m**2 * outer) / denom
