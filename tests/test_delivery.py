"""Spike delivery (``network._Synapses``): every way of counting gives a fresh count's numbers.

The delivery counts the synapses from a step's spikes onto each neuron in
chunks of targets (``_count``), and in a step in which many neurons fire it
may start from a recent step's counts (``_recall``). Both must give exactly
what counting every synapse directly gives, so the input (and the pinned
spike trains of ``test_engine_pins.py``) cannot move.
"""

import numpy as np
import pytest

from snncourse import Connectivity, brunel2000, fixed_indegree, network, simulate_network


class _NoRecorder:
    def delivered(self, *args):
        pass


def _direct_counts(conn, src):
    """Synapses from ``src`` onto each neuron, one synapse at a time."""
    counts = np.zeros(conn.n_neurons, dtype=np.int64)
    for j in src:
        np.add.at(counts, conn.targets[conn.indptr[j]:conn.indptr[j + 1]], 1)
    return counts


def _uneven_wiring(rng):
    """200 neurons with out-degrees 0..29, a hub of 120 targets (neuron 0), one without any (1)."""
    n = 200
    degrees = rng.integers(0, 30, n)
    degrees[0], degrees[1] = 120, 0
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degrees, out=indptr[1:])
    targets = rng.integers(0, n, indptr[-1]).astype(np.int32)  # multapses included
    return Connectivity(indptr=indptr, targets=targets, n_exc=160, n_inh=40)


def test_counting_in_chunks_equals_a_direct_count(monkeypatch):
    monkeypatch.setattr(network, "_GATHER", 50)  # chunks of 3 sources, a hub of 120 targets
    rng = np.random.default_rng(0)
    conn = _uneven_wiring(rng)
    syn = network._Synapses(conn, 0.1, -0.5, 2, _NoRecorder())
    assert syn._per_chunk == 3  # 50 targets / 14.5 on average
    chunked = 0
    for size in (1, 2, 3, 10, 40, 120, 200):
        for _ in range(3):
            src = np.sort(rng.choice(conn.n_neurons, size, replace=False))
            counts = syn._count(src)
            assert counts.dtype == np.intp
            assert np.array_equal(counts, _direct_counts(conn, src))
            chunked += int(src.size > syn._per_chunk)
    assert chunked > 10  # the chunked path was taken
    assert np.array_equal(syn._count(np.array([1])), np.zeros(conn.n_neurons))  # no targets
    assert np.array_equal(syn._count(np.array([0])), _direct_counts(conn, [0]))  # hub alone


def _perturbed(rng, ids, n, k):
    """``ids`` with ``k`` neurons dropped and ``k`` others added (sorted, unique)."""
    keep = rng.choice(ids, ids.size - k, replace=False)
    others = np.setdiff1d(np.arange(n), ids)
    return np.union1d(keep, rng.choice(others, k, replace=False))


def test_recalled_counts_are_a_fresh_count_bit_for_bit():
    rng = np.random.default_rng(3)
    conn = fixed_indegree(400, 100, 40, 10, rng=4)
    n = conn.n_neurons
    recalling = network._Synapses(conn, 0.1, -0.5, 3, _NoRecorder())
    fresh = network._Synapses(conn, 0.1, -0.5, 3, _NoRecorder())
    fresh._recall_min = n + 1  # never recalls
    assert recalling._recall_min == 15  # 3 % of 500 neurons
    counted = {"recalling": 0, "fresh": 0}
    for name, syn in (("recalling", recalling), ("fresh", fresh)):
        count = syn._count

        def spy(src, name=name, count=count):
            counted[name] += src.size
            return count(src)

        syn._count = spy

    a = np.sort(rng.choice(n, 220, replace=False))
    b = np.setdiff1d(np.arange(n), a)[::2]
    steps = [a, b, _perturbed(rng, a, n, 3), np.array([7, 450]), _perturbed(rng, b, n, 5),
             a[a < 400], a[a >= 400], _perturbed(rng, a, n, 100), b, np.array([], dtype=np.intp),
             _perturbed(rng, b, n, 1), np.arange(n), np.arange(n)[1:]]
    per_step = []
    for k, fired in enumerate(steps):
        before = counted["recalling"]
        recalling.deliver(k, fired)
        fresh.deliver(k, fired)
        assert recalling.ring.tobytes() == fresh.ring.tobytes(), k  # also the signs of zeros
        per_step.append(counted["recalling"] - before)
    assert counted["fresh"] == sum(s.size for s in steps)
    # steps close to a recent large one count only the neurons that differ
    assert [per_step[k] for k in (2, 4, 8, 10, 12)] == [6, 10, 10, 2, 1]
    assert per_step[3] == 2 and per_step[7] == 220 and per_step[11] == n  # counted afresh


def test_synchronous_network_same_spikes_with_and_without_recall(monkeypatch):
    # Brunel's SR state (g = 3, eta = 2): two groups of neurons take turns firing
    net = brunel2000(3.0, 2.0, scale=0.2)
    kwargs = dict(duration=100.0, rng=1, record_ids=[0, 1999, 2100])
    reused = []
    nearest = network._Synapses._nearest_recent

    def spy(self, fired):
        near = nearest(self, fired)
        reused.append(near is not None)
        return near

    monkeypatch.setattr(network._Synapses, "_nearest_recent", spy)
    res = simulate_network(net, **kwargs)
    assert sum(reused) > 20
    monkeypatch.setattr(network, "_RECALL_SHARE", 2.0)  # no step is large enough to recall
    reused.clear()
    ref = simulate_network(net, **kwargs)
    assert not reused
    for name in ("spike_times", "spike_ids", "v", "exc_input", "inh_input"):
        assert getattr(res, name).tobytes() == getattr(ref, name).tobytes(), name


@pytest.mark.parametrize("fired", [[], [3], [0, 5, 450, 499]])
def test_few_spikes_are_counted_directly(fired):
    conn = fixed_indegree(400, 100, 40, 10, rng=4)
    syn = network._Synapses(conn, 0.1, -0.5, 1, _NoRecorder())
    fired = np.array(fired, dtype=np.intp)
    syn.deliver(0, fired)
    e, i = fired[fired < 400], fired[fired >= 400]
    expected = 0.1 * _direct_counts(conn, e) + -0.5 * _direct_counts(conn, i)
    assert np.array_equal(syn.ring[1], expected)
    assert not syn._recent  # below 3 % of the neurons: nothing kept
