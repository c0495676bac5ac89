"""Cross-check snncourse.analysis against Elephant on the same spike trains.

Each test states the normalization that makes the two definitions identical;
the results then agree to 1e-10 (relative), i.e. to rounding error.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

elephant = pytest.importorskip("elephant")
neo = pytest.importorskip("neo")
pq = pytest.importorskip("quantities")

from elephant.conversion import BinnedSpikeTrain  # noqa: E402
from elephant.spike_train_correlation import (  # noqa: E402
    correlation_coefficient,
    cross_correlation_histogram,
)
from elephant.statistics import cv, fanofactor, isi, mean_firing_rate, time_histogram  # noqa: E402

from snncourse.analysis import (  # noqa: E402
    cross_correlogram,
    fano_factor,
    firing_rates,
    isi_cv,
    pairwise_correlations,
    population_cross_correlogram,
    population_rate,
    spike_counts,
)

pytestmark = [
    pytest.mark.crosscheck,
    # quantities >= 0.16 deprecates an argument that Elephant 1.1 still passes
    pytest.mark.filterwarnings("ignore:The 'copy' argument in Quantity is deprecated"),
]

N, T = 12, 5000.0  # neurons, duration (ms)
RTOL = 1e-10


@pytest.fixture(scope="module")
def spikes():
    """Spikes of N neurons in [0, T) ms, unsorted: rates 2-40 Hz, a shared
    source to make correlations, and neuron N - 1 silent."""
    rng = np.random.default_rng(2024)
    counts = rng.poisson(rng.uniform(2.0, 40.0, N - 1) * T / 1000.0)
    times = rng.uniform(0.0, T, counts.sum())
    ids = np.repeat(np.arange(N - 1), counts)
    shared = rng.uniform(0.0, T, 60)
    who = rng.random((N - 1, shared.size)) < 0.5
    ids = np.concatenate([ids, np.nonzero(who)[0]])
    times = np.concatenate([times, shared[np.nonzero(who)[1]] + rng.normal(0, 2.0, who.sum())])
    keep = (times >= 0) & (times < T)
    order = rng.permutation(keep.sum())
    return times[keep][order], ids[keep][order]


def to_neo(times, ids, t_start=0.0, t_stop=T):
    """One sorted neo.SpikeTrain (ms) per neuron, silent neurons included."""
    return [neo.SpikeTrain(np.sort(times[ids == i]) * pq.ms, t_start=t_start * pq.ms,
                           t_stop=t_stop * pq.ms) for i in range(N)]


def test_firing_rates_equal_mean_firing_rate(spikes):
    # same count / window; Elephant counts [t_start, t_stop] closed, we use
    # [t_start, t_stop): equal unless a spike sits exactly on t_stop
    times, ids = spikes
    trains = to_neo(times, ids)
    ours = firing_rates(times, ids, N, t_stop=T)
    theirs = [mean_firing_rate(st).rescale(pq.Hz).magnitude for st in trains]
    assert_allclose(ours, theirs, rtol=RTOL)
    # with a window, Elephant refuses an empty train (ours gives 0 Hz)
    ours = firing_rates(times, ids, N, t_start=1000.0, t_stop=4000.0)
    theirs = [mean_firing_rate(st, t_start=1000 * pq.ms, t_stop=4000 * pq.ms)
              .rescale(pq.Hz).magnitude for st in trains[:-1]]
    assert_allclose(ours[:-1], theirs, rtol=RTOL)
    assert ours[-1] == 0.0


def test_isi_cv_equals_cv_of_isi(spikes):
    # Elephant: cv = scipy.stats.variation (ddof 0) of isi(sorted train);
    # we sort internally (input is unsorted) and return NaN below 3 spikes
    times, ids = spikes
    ours = isi_cv(times, ids, N)
    for i, st in enumerate(to_neo(times, ids)):
        if len(st) >= 3:
            assert_allclose(ours[i], cv(isi(st.magnitude)), rtol=RTOL)
        else:
            assert np.isnan(ours[i])


def test_fano_factor_equals_fanofactor(spikes):
    times, ids = spikes
    trains = to_neo(times, ids)
    # (1) across trains: Elephant uses each train's total count, so it equals
    #     our fano_factor of the vector of totals (one bin of width T)
    totals = spike_counts(times, ids, N, bin_size=T, t_stop=T)[:, 0]
    assert_allclose(fano_factor(totals), fanofactor(trains), rtol=RTOL)
    # (2) over time: our per-neuron F in 100 ms bins equals Elephant's F over
    #     the "trials" made by cutting the train into 100 ms segments
    ours = fano_factor(spike_counts(times, ids, N, bin_size=100.0, t_stop=T))
    for i in range(N - 1):
        t = np.sort(times[ids == i])
        segments = [t[(t >= a) & (t < a + 100.0)] - a for a in np.arange(0.0, T, 100.0)]
        theirs = fanofactor([neo.SpikeTrain(s * pq.ms, t_stop=100.0 * pq.ms) for s in segments])
        assert_allclose(ours[i], theirs, rtol=RTOL)
    assert np.isnan(ours[N - 1])  # silent neuron (Elephant also gives NaN)


def test_pairwise_correlations_equal_correlation_coefficient(spikes):
    # both: Pearson r of counts in 10 ms bins; we drop silent rows, Elephant
    # returns NaN for them, so it gets the active trains only
    times, ids = spikes
    ours = pairwise_correlations(spike_counts(times, ids, N, bin_size=10.0, t_stop=T))
    binned = BinnedSpikeTrain(to_neo(times, ids)[:-1], bin_size=10.0 * pq.ms)
    theirs = correlation_coefficient(binned)[np.triu_indices(N - 1, k=1)]
    assert_allclose(ours, theirs, rtol=RTOL, atol=1e-14)
    assert ours.mean() > 0.02  # the shared source is visible


def binned_times(train, bin_size):
    """Elephant's binning as spike times at bin centres (ms), one per spike."""
    binned = BinnedSpikeTrain(train, bin_size=bin_size * pq.ms)
    return (binned.spike_indices[0] + 0.5) * bin_size, binned


def test_cross_correlogram_equals_cross_correlation_histogram(spikes):
    # Elephant counts pairs of *binned* spikes by bin-index difference j - i
    # (positive: j after i). Our correlogram of the bin-centred times has
    # differences (j - i) * bin_size, in the bin centred on that lag.
    times, ids = spikes
    trains = to_neo(times, ids)
    delayed = neo.SpikeTrain(np.sort(times[ids == 0]) * pq.ms + 7.0 * pq.ms,
                             t_stop=T * pq.ms + 7.0 * pq.ms)
    delayed = delayed.time_slice(0 * pq.ms, T * pq.ms)
    for a, b in [(0, 1), (3, 2), (0, delayed)]:
        t_a, bin_a = binned_times(trains[a], 2.0)
        t_b, bin_b = binned_times(trains[b] if isinstance(b, int) else b, 2.0)
        lags, ours = cross_correlogram(t_a, t_b, bin_size=2.0, max_lag=40.0)
        theirs, lag_ids = cross_correlation_histogram(bin_a, bin_b, window=[-20, 20])
        assert_allclose(lags, lag_ids * 2.0)
        assert_array_equal(ours, theirs.magnitude.ravel())
    assert lags[np.argmax(ours)] == 8.0  # the 7 ms delay, one 2 ms bin of rounding


def test_population_correlogram_equals_mean_of_elephant_cchs(spikes):
    # normalize=None: mean over all N (N - 1) ordered pairs of the correlogram,
    # divided by the duration in s
    times, ids = spikes
    trains = to_neo(times, ids)
    binned = [binned_times(st, 2.0) for st in trains]
    centred = np.concatenate([t for t, _ in binned])
    owner = np.repeat(np.arange(N), [t.size for t, _ in binned])
    lags, ours = population_cross_correlogram(
        centred, owner, N, bin_size=2.0, max_lag=20.0, n_pairs=N * N, duration=T,
        normalize=None, rng=0)
    cchs = [cross_correlation_histogram(binned[a][1], binned[b][1], window=[-10, 10])[0]
            for a in range(N) for b in range(N) if a != b]
    theirs = np.mean([c.magnitude.ravel() for c in cchs], axis=0) / (T / 1000.0)
    assert_allclose(ours, theirs, rtol=RTOL)


@pytest.mark.parametrize("t_start, duration", [(0.0, T), (1000.0, 3000.0)])
def test_population_rate_equals_time_histogram_rate(spikes, t_start, duration):
    # both: counts / (n_trains * bin_size), silent trains included in n_trains
    times, ids = spikes
    trains = to_neo(times, ids)
    _, ours = population_rate(times, N, duration=duration, bin_size=5.0, t_start=t_start)
    theirs = time_histogram(trains, bin_size=5.0 * pq.ms, t_start=t_start * pq.ms,
                            t_stop=(t_start + duration) * pq.ms, output="rate")
    assert_allclose(ours, theirs.rescale(pq.Hz).magnitude.ravel(), rtol=RTOL)
