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
SpikeLog
    The spikes collected step by step, returned as ``(times_ms, ids)`` arrays.

Not public API: the simulators' docstrings document the behaviour.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from .inputs import poisson_counts

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
    refractory : ndarray of int, shape (n,), optional
        Refractory steps left at the start (0 .. ``ref_steps``; the
        ``refractory_left()`` of a previous run): a neuron with ``r`` left is
        clamped in the next ``r`` steps. Default: none refractory.

    Notes
    -----
    The refractory neurons are not found by a pass over all neurons: the ids
    that spiked in each of the last ``ref_steps`` steps are kept (a few
    percent of the population) and clamped directly.
    """

    def __init__(self, v, *, decay, v_th, v_reset, ref_steps, refractory=None):
        self.v = v
        self.decay, self.v_th, self.v_reset, self.ref_steps = decay, v_th, v_reset, ref_steps
        self._recent = deque(maxlen=max(ref_steps, 1))  # fired ids of the last ref_steps steps
        if refractory is not None and ref_steps:
            for left in range(1, ref_steps + 1):  # oldest first: 1 step left, dropped next
                self._recent.append(np.flatnonzero(refractory == left))
        self._above = np.empty(v.size, dtype=bool)

    def refractory_left(self) -> np.ndarray:
        """Refractory steps left per neuron (int, 0 .. ``ref_steps``), for the next step on."""
        left = np.zeros(self.v.size, dtype=np.int64)
        if self.ref_steps:
            for age, ids in enumerate(reversed(self._recent)):  # age 0: fired in the last step
                left[ids] = self.ref_steps - age
        return left

    def relax(self, v_inf) -> None:
        """Step 1: ``V <- V_inf + (V - V_inf) * decay`` (``v_inf`` scalar or per neuron, mV)."""
        v = self.v
        if isinstance(v_inf, float) and v_inf == 0.0:
            v *= self.decay  # the same numbers as below, one pass instead of three
            return
        v -= v_inf
        v *= self.decay
        v += v_inf

    def add(self, jumps) -> None:
        """Step 2: add delta input ``jumps`` (mV; scalar or per neuron)."""
        self.v += jumps

    def fire(self) -> np.ndarray:
        """Steps 3-4: refractory clamp, threshold, reset.

        Returns the (sorted) ids of the neurons that spike at the end of
        this step.
        """
        v = self.v
        for ids in self._recent:
            v[ids] = self.v_reset
        np.greater_equal(v, self.v_th, out=self._above)
        fired = np.flatnonzero(self._above)
        if fired.size:
            v[fired] = self.v_reset
        if self.ref_steps:
            self._recent.append(fired)
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
        self._counts, self._noise = [], None
        self._jumps = np.empty(n)
        self.jumps_now = None

    def __bool__(self) -> bool:
        return bool(self.poisson) or self.noise_amp > 0

    def _draw(self, k):
        shape = (min(BLOCK, self.n_steps - k), self.n)
        # counts stay uint8 (8x less memory than the jumps), weighted step by step
        self._counts = [(poisson_counts(lam, shape, self.rng), w) for lam, w in self.poisson]
        if self.noise_amp > 0:
            self._noise = self.rng.standard_normal(shape)
            self._noise *= self.noise_amp

    def at(self, k: int) -> list:
        kb = k % BLOCK
        if kb == 0:
            self._draw(k)
        jumps = None
        for counts, w in self._counts:
            if jumps is None:
                jumps = np.multiply(counts[kb], w, out=self._jumps)  # reused buffer
            else:
                jumps += counts[kb] * w
        self.jumps_now = jumps
        out = [] if jumps is None else [jumps]
        if self._noise is not None:
            out.append(self._noise[kb])
        return out


class SpikeLog:
    """The spikes of a run, collected step by step."""

    def __init__(self):
        self._steps, self._ids = [], []

    def add(self, k: int, fired) -> None:
        """Record that ``fired`` spiked at the end of step ``k`` (time ``(k + 1) dt``)."""
        self._steps.append(k + 1)
        self._ids.append(fired)

    def arrays(self, dt: float):
        """``(times_ms, ids)``, sorted by time."""
        if not self._ids:
            return np.empty(0), np.empty(0, dtype=np.int64)
        sizes = [ids.size for ids in self._ids]
        return np.repeat(np.array(self._steps, dtype=np.int64), sizes) * dt, np.concatenate(self._ids)
