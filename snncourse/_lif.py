r"""The LIF time step shared by both simulators (private).

:func:`snncourse.neuron.simulate_neuron` and
:func:`snncourse.network.simulate_network` both advance a population of LIF
neurons with the same step, written once here (as scipy's
``_spectral_helper`` sits behind ``welch`` and ``csd``):

LIFPopulation
    Membrane potentials and refractory state of ``n`` neurons, and the step:
    ``relax`` (exact or Euler relaxation towards :math:`V_\infty`), ``add``
    (delta input, mV), ``fire`` (refractory clamp, threshold, reset).
RandomInput
    External Poisson counts and white noise, drawn ``BLOCK`` steps at a time
    from one ``rng`` (Poisson counts first, then noise, in each block).
spikes_to_arrays
    The spike lists collected step by step as ``(times_ms, ids)`` arrays.

Not public API: the simulators' docstrings document the behaviour.
"""

from __future__ import annotations

import numpy as np

from .inputs import poisson_counts

NEVER = -(2**40)  # "last spike step" of a neuron that has not spiked
BLOCK = 128  # steps of random input drawn at once


class LIFPopulation:
    """State of ``v.size`` LIF neurons and the step that advances them.

    Parameters
    ----------
    v : ndarray of float64, shape (n,)
        Initial membrane potentials (mV); updated in place.
    decay : float
        ``V - V_inf`` is multiplied by this each step (see ``step_factors``).
    v_th, v_reset : float
        Threshold and reset (mV).
    ref_steps : int
        Refractory period in steps: a neuron that spiked at the end of step
        ``j`` is clamped at ``v_reset`` in steps ``j + 1 .. j + ref_steps``.
    """

    def __init__(self, v, *, decay, v_th, v_reset, ref_steps):
        self.v = v
        self.decay, self.v_th, self.v_reset, self.ref_steps = decay, v_th, v_reset, ref_steps
        self.last = np.full(v.size, NEVER, dtype=np.int64)  # step stamp of each last spike
        self._refractory = np.empty(v.size, dtype=bool)

    def relax(self, v_inf) -> None:
        """Step 1: ``V <- V_inf + (V - V_inf) * decay`` (``v_inf`` scalar or per neuron, mV)."""
        v = self.v
        v -= v_inf
        v *= self.decay
        v += v_inf

    def add(self, jumps) -> None:
        """Step 2: add delta input ``jumps`` (mV; scalar or per neuron)."""
        self.v += jumps

    def fire(self, k: int) -> np.ndarray:
        """Steps 3-4 of step ``k``: refractory clamp, threshold, reset.

        Returns the (sorted) ids of the neurons that spike at the end of
        step ``k``, i.e. at time ``(k + 1) * dt``.
        """
        v = self.v
        if self.ref_steps:
            np.less(k - self.last, self.ref_steps, out=self._refractory)
            v[self._refractory] = self.v_reset
        fired = np.flatnonzero(v >= self.v_th)
        if fired.size:
            v[fired] = self.v_reset
            self.last[fired] = k + 1
        return fired


class RandomInput:
    """External random input of ``n`` neurons, drawn ``BLOCK`` steps at a time.

    Parameters
    ----------
    rng : numpy.random.Generator
    n, n_steps : int
        Neurons and steps to draw for.
    poisson : sequence of (lam, weight)
        Poisson inputs: mean count per neuron and step, and jump per count (mV).
    noise_amp : float
        Standard deviation of the white-noise jump per step (mV).

    ``at(k)`` returns the arrays (mV, one value per neuron) to add in step
    ``k``, in order: the Poisson jumps (if any), then the noise (if any).
    The Poisson jumps of the current step are also ``self.jumps_now``.
    """

    def __init__(self, rng, n, n_steps, *, poisson=(), noise_amp=0.0):
        self.rng, self.n, self.n_steps = rng, n, n_steps
        self.poisson = [(lam, w) for lam, w in poisson if lam > 0]
        self.noise_amp = noise_amp
        self._jumps = self._noise = None
        self.jumps_now = None

    def __bool__(self) -> bool:
        return bool(self.poisson) or self.noise_amp > 0

    def _draw(self, k):
        nb = min(BLOCK, self.n_steps - k)
        shape = (nb, self.n)
        jumps = None
        for lam, w in self.poisson:
            c = poisson_counts(lam, shape, self.rng) * w
            jumps = c if jumps is None else jumps + c
        self._jumps = jumps
        if self.noise_amp > 0:
            self._noise = self.rng.standard_normal(shape)
            self._noise *= self.noise_amp

    def at(self, k: int) -> list:
        kb = k % BLOCK
        if kb == 0:
            self._draw(k)
        out = []
        self.jumps_now = None
        if self._jumps is not None:
            self.jumps_now = self._jumps[kb]
            out.append(self.jumps_now)
        if self._noise is not None:
            out.append(self._noise[kb])
        return out


def spikes_to_arrays(spike_steps, spike_ids, dt):
    """Concatenate per-step spike lists into ``(times_ms, ids)`` arrays."""
    if not spike_steps:
        return np.empty(0), np.empty(0, dtype=np.int64)
    return np.concatenate(spike_steps) * dt, np.concatenate(spike_ids)
