"""Inputs shared by several notebooks' checks: seeded synthetic spike trains.

Contents
--------
poisson_like
    Sorted spikes ``(times_ms, ids)`` of independent Poisson trains.
SPIKE_HINT
    The likely cause of a crash of a function that takes ``(spike_times, spike_ids, ...)``.
"""

import numpy as np

#: Added to the message when a function of ``(spike_times, spike_ids, ...)`` crashes.
SPIKE_HINT = ("spike_times and spike_ids are numpy arrays of the same length, so "
              "spike_times[spike_ids == i] selects the spikes of neuron i; a neuron may "
              "have no spike, and both arrays may be empty")


def poisson_like(rng, n, duration, rates):
    """Sorted spikes (times in ms, ids) of ``n`` independent Poisson trains of ``rates`` (Hz)."""
    times, ids = [], []
    for i in range(n):
        k = rng.poisson(rates[i] * duration / 1000.0)
        times.append(rng.uniform(0, duration, k))
        ids.append(np.full(k, i))
    t, i = np.concatenate(times), np.concatenate(ids)
    order = np.argsort(t)
    return t[order], i[order]
