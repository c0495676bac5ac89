r"""Current-based exponential synapses: the PSP kernel and the synaptic current.

The delta synapse of eq. 1.2 makes the membrane potential jump by :math:`J`.
An exponential synapse spreads the same charge over a time constant
:math:`\tau_s` [1]_: a spike at :math:`t_s` adds the input

.. math:: R_m I(t) = \frac{J \tau_m}{\tau_s}\, e^{-(t - t_s)/\tau_s}\,\Theta(t - t_s)

(in mV), so that the membrane, :math:`\tau_m \dot V = -V + R_m I`, answers
with the difference of exponentials

.. math:: \mathrm{PSP}(t) = \frac{J \tau_m}{\tau_m - \tau_s}
          \left(e^{-t/\tau_m} - e^{-t/\tau_s}\right),

which tends to :math:`J e^{-t/\tau_m}` for :math:`\tau_s \to 0`. The area
:math:`J \tau_m` of the PSP (and so the mean of many of them, Campbell's
theorem) does not depend on :math:`\tau_s`; the area of its square, and so
the variance of the free membrane potential, is multiplied by
:math:`\tau_m / (\tau_m + \tau_s)`: the synapse low-pass filters the input [2]_.

Contents
--------
exponential_psp
    The PSP of one spike (mV) at times after it.
psp_peak
    Time (ms) and height (mV) of the PSP's maximum.
variance_factor
    :math:`\tau_m / (\tau_m + \tau_s)`, the filtering of the free-potential variance.
synaptic_current
    The input :math:`R_m I` (mV) of a spike train on a time grid, for
    :func:`snncourse.neuron.simulate_neuron` (divide by :math:`R_m` for nA).

Units: ms, mV.

References
----------
.. [1] Gerstner W, Kistler WM, Naud R, Paninski L (2014). Neuronal Dynamics,
   ch. 3.1 and 8.2. Cambridge University Press.
.. [2] Fourcaud N, Brunel N (2002). Dynamics of the firing probability of
   noisy integrate-and-fire neurons. Neural Comput 14:2057-2110.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from ._validation import as_1d_float, check_positive

__all__ = ["exponential_psp", "psp_peak", "variance_factor", "synaptic_current"]


def _taus(tau_m, tau_s):
    tau_m = check_positive("tau_m", tau_m, "ms")
    tau_s = check_positive("tau_s", tau_s, "ms")
    return tau_m, tau_s


def exponential_psp(t, weight, tau_m, tau_s):
    r"""PSP (mV) of one spike through an exponential synapse, ``t`` ms after it.

    Parameters
    ----------
    t : array_like of float
        Times after the spike (ms); the PSP is 0 for ``t < 0``.
    weight : float
        :math:`J` (mV), the jump the same spike would cause through a delta synapse.
    tau_m : float
        Membrane time constant (ms), > 0.
    tau_s : float
        Synaptic time constant (ms), > 0; ``tau_s == tau_m`` uses the limit
        :math:`J (t/\tau_m) e^{-t/\tau_m}`.

    Returns
    -------
    numpy.ndarray
        The PSP (mV) at each time.

    Raises
    ------
    ValueError
        For non-positive time constants.

    Notes
    -----
    .. math:: \mathrm{PSP}(t) = \frac{J \tau_m}{\tau_m - \tau_s}
              \left(e^{-t/\tau_m} - e^{-t/\tau_s}\right)

    Examples
    --------
    >>> from scipy.integrate import quad
    >>> round(quad(lambda x: exponential_psp(x, 0.5, 20.0, 5.0), 0, 1000)[0], 6)  # J tau_m
    10.0
    """
    tau_m, tau_s = _taus(tau_m, tau_s)
    t = np.asarray(t, dtype=float)
    x = np.clip(t, 0.0, None)
    if np.isclose(tau_m, tau_s):
        v = weight * x / tau_m * np.exp(-x / tau_m)
    else:
        v = weight * tau_m / (tau_m - tau_s) * (np.exp(-x / tau_m) - np.exp(-x / tau_s))
    return np.where(t >= 0, v, 0.0)


def psp_peak(weight, tau_m, tau_s):
    r"""Time (ms) and height (mV) of the maximum of :func:`exponential_psp`.

    .. math:: t^* = \frac{\tau_m \tau_s}{\tau_m - \tau_s} \ln\frac{\tau_m}{\tau_s}

    Examples
    --------
    >>> t, v = psp_peak(0.5, 20.0, 5.0)
    >>> round(t, 3), round(v, 4)
    (9.242, 0.3150)
    """
    tau_m, tau_s = _taus(tau_m, tau_s)
    t = tau_m if np.isclose(tau_m, tau_s) else tau_m * tau_s / (tau_m - tau_s) * np.log(tau_m / tau_s)
    return float(t), float(exponential_psp(t, weight, tau_m, tau_s))


def variance_factor(tau_m, tau_s):
    r"""Factor :math:`\tau_m / (\tau_m + \tau_s)` by which the synapse scales the free-potential variance.

    Shot noise of PSPs at rate :math:`\nu` has the variance
    :math:`\nu \int \mathrm{PSP}^2 dt = \nu J^2 \tau_m^2 / (2(\tau_m + \tau_s))`
    (Campbell), against :math:`\nu J^2 \tau_m / 2` for delta synapses.

    Examples
    --------
    >>> variance_factor(20.0, 5.0)
    0.8
    """
    tau_m, tau_s = _taus(tau_m, tau_s)
    return tau_m / (tau_m + tau_s)


def synaptic_current(spike_times, weights, n_steps, dt, tau_m, tau_s):
    r"""Input :math:`R_m I` (mV) of spikes through exponential synapses, averaged over each step.

    Parameters
    ----------
    spike_times : array_like of float
        Arrival times (ms), delays included; spikes outside the grid are ignored.
    weights : array_like of float or float
        :math:`J` of each spike (mV), as for a delta synapse.
    n_steps : int
        Number of time steps; step ``k`` is ``[k dt, (k + 1) dt)``.
    dt : float
        Time step (ms), > 0.
    tau_m, tau_s : float
        Membrane and synaptic time constants (ms).

    Returns
    -------
    numpy.ndarray, shape (n_steps,)
        :math:`R_m I` (mV) in each step. A spike arriving within a step
        counts from the start of the next one (as the network engine
        delivers input at step boundaries); the average over a step of the
        exponential keeps the total charge exact, :math:`J \tau_m` per spike.

    Raises
    ------
    ValueError
        For non-positive ``dt`` or time constants, or malformed spikes.

    Examples
    --------
    >>> i = synaptic_current([0.0], [0.5], 100_000, 0.1, 20.0, 5.0)
    >>> round(float(i.sum() * 0.1), 4)     # integral of R I = J tau_m (mV ms)
    10.0
    """
    tau_m, tau_s = _taus(tau_m, tau_s)
    dt = check_positive("dt", dt, "ms")
    times = as_1d_float("spike_times", spike_times)
    w = np.broadcast_to(np.asarray(weights, dtype=float), times.shape)
    k = np.ceil(times / dt - 1e-9).astype(np.int64)  # first step after arrival
    inside = (k >= 0) & (k < n_steps)
    kicks = np.bincount(k[inside], weights=w[inside], minlength=n_steps)[:n_steps]
    decay = np.exp(-dt / tau_s)
    # step average of (J tau_m / tau_s) e^{-s/tau_s} over a step starting at amplitude 1
    mean_factor = tau_m / dt * (1.0 - decay)
    amplitude = lfilter([1.0], [1.0, -decay], kicks)  # a_j = a_{j-1} e^{-dt/tau_s} + kicks_j
    return amplitude * mean_factor
