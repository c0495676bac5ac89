"""Tests of snncourse.analysis: analytic values, Poisson statistics, errors.

Statistical tests use fixed seeds and bounds of 5 standard errors computed
from the sample size (stated next to each test), so they are not flaky and
still fail if a normalization is off by a few percent.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from snncourse.analysis import (
    cross_correlogram,
    fano_factor,
    firing_rates,
    isi_cv,
    isi_intervals,
    pairwise_correlations,
    peak_frequency,
    population_cross_correlogram,
    population_rate,
    power_spectrum,
    spike_counts,
    synchrony_chi,
)


def poisson_spikes(rng, n_neurons, rate_hz, duration_ms):
    """Independent homogeneous Poisson trains, returned in random order."""
    counts = rng.poisson(rate_hz * duration_ms / 1000.0, size=n_neurons)
    times = rng.uniform(0.0, duration_ms, size=counts.sum())
    ids = np.repeat(np.arange(n_neurons), counts)
    order = rng.permutation(times.size)
    return times[order], ids[order]


# ----------------------------------------------------------------- counts, rates
def test_spike_counts_known_bins_and_unsorted_input():
    counts = spike_counts([3.0, 0.5, 1.7, 1.5], [1, 0, 1, 0], 3, bin_size=1.0)
    assert_array_equal(counts, [[1, 1, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0]])
    assert counts.dtype.kind == "i"


def test_spike_counts_window_drops_outside_spikes():
    # bins [10, 15), [15, 20); t_stop 22 leaves a partial bin that is dropped
    counts = spike_counts([9.9, 10.0, 14.9, 15.0, 19.9, 20.0, 21.0], [0] * 7, 1,
                          bin_size=5.0, t_start=10.0, t_stop=22.0)
    assert_array_equal(counts, [[2, 2]])


def test_spike_counts_rounding_tolerance_puts_edge_spike_in_next_bin():
    # 0.3 / 0.1 = 2.9999999999999996 in floating point: still bin 3
    assert_array_equal(spike_counts([0.3], [0], 1, bin_size=0.1), [[0, 0, 0, 1]])


def test_spike_counts_empty_and_silent():
    assert spike_counts([], [], 2, bin_size=1.0).shape == (2, 0)
    assert_array_equal(spike_counts([], [], 2, bin_size=1.0, t_stop=3.0), np.zeros((2, 3)))


def test_firing_rates_known_and_half_open_window():
    rates = firing_rates([10.0, 20.0, 30.0, 250.0], [0, 0, 1, 1], 3, t_stop=200.0)
    assert_allclose(rates, [10.0, 5.0, 0.0])
    # window [100, 300): the spike at 300 is out, the one at 100 is in
    rates = firing_rates([99.0, 100.0, 299.0, 300.0], [0, 0, 0, 0], 1, t_start=100.0, t_stop=300.0)
    assert_allclose(rates, [10.0])
    assert_allclose(firing_rates([], [], 2, t_stop=100.0), [0.0, 0.0])


def test_firing_rates_old_signature_still_works_with_a_warning():
    t, i = [99.0, 100.0, 299.0, 300.0], [0, 0, 0, 0]
    with pytest.warns(DeprecationWarning, match="t_start=..., t_stop="):
        assert_allclose(firing_rates(t, i, 1, 200.0, 100.0), [10.0])
    with pytest.warns(DeprecationWarning):
        assert_allclose(firing_rates(t, i, 1, duration=200.0, t_start=100.0), [10.0])
    with pytest.raises(TypeError, match="needs t_stop"):
        firing_rates(t, i, 1)


def test_firing_rates_poisson_within_bounds():
    # 200 neurons x 10 s at 20 Hz: 40,000 spikes, Poisson SE of the mean rate
    # is 20 Hz / sqrt(40,000) = 0.1 Hz
    rng = np.random.default_rng(1)
    times, ids = poisson_spikes(rng, 200, 20.0, 10_000.0)
    rates = firing_rates(times, ids, 200, t_stop=10_000.0)
    assert abs(rates.mean() - 20.0) < 5 * 0.1


def test_population_rate_known_values_and_centres():
    t, rate = population_rate([0.5, 1.2, 1.4, 3.9, 4.5], 2, duration=4.0, bin_size=2.0)
    assert_allclose(t, [1.0, 3.0])
    assert_allclose(rate, [3 / (2 * 0.002), 1 / (2 * 0.002)])
    t, rate = population_rate([], 5, duration=10.0, bin_size=1.0, t_start=100.0)
    assert_allclose(t, np.arange(100.5, 110.0))
    assert_allclose(rate, 0.0)


def test_population_rate_smoothing_is_a_gaussian_of_given_sd():
    # one spike in the middle: the smoothed rate is a Gaussian of sd 5 ms
    t, rate = population_rate([50.5], 1, duration=101.0, bin_size=1.0, smooth=5.0)
    assert_allclose(rate.sum() * 0.001, 1.0, rtol=1e-6)  # one spike conserved
    mean = np.sum(t * rate) / rate.sum()
    sd = np.sqrt(np.sum((t - mean) ** 2 * rate) / rate.sum())
    assert_allclose([mean, sd], [50.5, 5.0], rtol=1e-3)


# ----------------------------------------------------------------- irregularity
def test_isi_intervals_sorted_per_neuron():
    isis = isi_intervals([30.0, 10.0, 5.0, 15.0, 12.0], [0, 0, 1, 1, 2])
    assert_allclose(isis, [20.0, 10.0])
    assert isi_intervals([], []).size == 0


def test_isi_cv_regular_train_is_zero_and_degenerate_is_nan():
    times = np.concatenate([np.arange(0.0, 1000.0, 25.0), [5.0, 7.0], [1.0], [3.0, 3.0, 3.0]])
    ids = np.repeat([0, 1, 2, 3], [40, 2, 1, 3])
    cv = isi_cv(times[::-1], ids[::-1], 5)  # unsorted input
    assert_allclose(cv[0], 0.0, atol=1e-12)
    assert np.all(np.isnan(cv[1:]))  # 2 spikes, 1 spike, coincident spikes, silent


def test_isi_cv_known_value():
    # ISIs 10 and 20: std 5, mean 15
    assert_allclose(isi_cv([30.0, 0.0, 10.0], [0, 0, 0], 1), [1 / 3])


def test_isi_cv_poisson_near_one():
    # Delta method: the CV of n exponential ISIs has SE 1/sqrt(n); here the
    # mean over ~40,000 ISIs has SE 0.005 (bias O(1/200) per neuron is smaller)
    rng = np.random.default_rng(2)
    times, ids = poisson_spikes(rng, 200, 20.0, 10_000.0)
    cv = isi_cv(times, ids, 200)
    n_isi = np.bincount(ids, minlength=200) - 1
    assert abs(np.mean(cv) - 1.0) < 5 / np.sqrt(n_isi.sum())


def test_fano_factor_known_values():
    assert_allclose(fano_factor([[1, 3, 1, 3], [2, 2, 2, 2], [0, 0, 0, 0]]), [0.5, 0.0, np.nan])
    value = fano_factor([4, 0])
    assert isinstance(value, float) and value == 2.0
    assert np.isnan(fano_factor(np.zeros((2, 0)))).all()
    assert np.isnan(fano_factor([]))


def test_fano_factor_poisson_near_one():
    # (n_bins - 1) F ~ chi^2 with n_bins - 1 dof, so SE(F) = sqrt(2 / (n_bins - 1));
    # mean over 200 neurons with 1000 bins: SE = sqrt(2 / 999 / 200) = 0.0032
    rng = np.random.default_rng(3)
    times, ids = poisson_spikes(rng, 200, 20.0, 10_000.0)
    ff = fano_factor(spike_counts(times, ids, 200, bin_size=10.0, t_stop=10_000.0))
    assert abs(ff.mean() - 1.0) < 5 * np.sqrt(2 / 999 / 200)


# ----------------------------------------------------------------- correlations
def test_pairwise_correlations_known_and_silent_rows_dropped():
    r = pairwise_correlations([[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1]])
    assert_allclose(r, [1.0, -1.0, -1.0])
    assert pairwise_correlations([[1, 2, 3], [5, 5, 5]]).size == 0
    assert pairwise_correlations(np.zeros((3, 0))).size == 0


def test_pairwise_correlations_match_corrcoef():
    x = np.random.default_rng(4).poisson(2.0, size=(6, 50))
    expected = np.corrcoef(x)[np.triu_indices(6, k=1)]
    assert_allclose(pairwise_correlations(x), expected, rtol=1e-12)


def test_pairwise_correlations_independent_poisson_near_zero():
    # r of independent series with n bins has SD 1/sqrt(n) and, for distinct
    # pairs, zero covariance, so the mean of P pairs has SE 1/sqrt(n P)
    rng = np.random.default_rng(5)
    times, ids = poisson_spikes(rng, 100, 20.0, 20_000.0)
    counts = spike_counts(times, ids, 100, bin_size=10.0, t_stop=20_000.0)
    r = pairwise_correlations(counts)
    n_bins, n_pairs = counts.shape[1], r.size
    assert n_pairs == 100 * 99 // 2
    assert abs(r.mean()) < 5 / np.sqrt(n_bins * n_pairs)
    assert_allclose(r.std(), 1 / np.sqrt(n_bins), rtol=0.05)


def test_cross_correlogram_shifted_copy_peaks_at_lag_with_sign():
    # spikes >= 90 ms apart, so within +-20 ms only the copied spike pairs up
    a = np.arange(20) * 100.0 + np.random.default_rng(6).uniform(0.0, 10.0, 20)
    lags, cc = cross_correlogram(a, a + 6.0, bin_size=1.0, max_lag=20.0)
    assert_array_equal(cc, np.where(lags == 6.0, 20, 0))  # b follows a: positive lag
    lags, cc = cross_correlogram(a + 6.0, a, bin_size=1.0, max_lag=20.0)
    assert lags[np.argmax(cc)] == -6.0


def test_cross_correlogram_matches_brute_force_histogram():
    rng = np.random.default_rng(7)
    a, b = rng.uniform(0, 1000, 300), rng.uniform(0, 1000, 250)
    lags, cc = cross_correlogram(a, b, bin_size=2.5, max_lag=26.0)  # K = 10 bins
    assert_allclose(lags, np.arange(-10, 11) * 2.5)
    edges = (np.arange(-10, 12) - 0.5) * 2.5
    expected, _ = np.histogram((b[None, :] - a[:, None]).ravel(), bins=edges)
    assert_array_equal(cc, expected)


def test_cross_correlogram_degenerate():
    lags, cc = cross_correlogram([], [1.0, 2.0], bin_size=1.0, max_lag=3.0)
    assert_array_equal(cc, np.zeros(7))
    lags, cc = cross_correlogram([5.0, 9.0], [5.0, 9.0], bin_size=1.0, max_lag=0.0)
    assert_array_equal(lags, [0.0])
    assert_array_equal(cc, [2])  # autocorrelogram: self-pairs at zero lag


def test_population_correlogram_all_pairs_equals_mean_of_pair_correlograms():
    rng = np.random.default_rng(8)
    times, ids = poisson_spikes(rng, 4, 30.0, 2000.0)
    lags, cc = population_cross_correlogram(
        times, ids, 4, bin_size=2.0, max_lag=10.0, n_pairs=100, duration=2000.0,
        normalize=None, rng=0)
    pairs = [(a, b) for a in range(4) for b in range(4) if a != b]
    brute = np.mean([cross_correlogram(times[ids == a], times[ids == b], 2.0, 10.0)[1]
                     for a, b in pairs], axis=0) / 2.0  # per second of recording
    assert_allclose(cc, brute, rtol=1e-12)


def test_population_correlogram_independent_poisson_is_chance():
    # summed expected count per bin E = P n_a n_b bin / T ~ 200*200^2*2/1e4 = 1600,
    # so each rate-normalized bin has SE ~ 1/sqrt(1600) = 0.025
    rng = np.random.default_rng(9)
    times, ids = poisson_spikes(rng, 100, 20.0, 10_000.0)
    kwargs = dict(bin_size=2.0, max_lag=50.0, n_pairs=200, duration=10_000.0, rng=1)
    lags, ratio = population_cross_correlogram(times, ids, 100, normalize="rate", **kwargs)
    assert lags.size == 51 and lags[25] == 0.0
    assert np.all(np.abs(ratio - 1.0) < 5 * 0.025)
    # shift predictor removes the chance level: SE ~ sqrt(2 * 1600) / 200 / 10 s
    _, excess = population_cross_correlogram(
        times, ids, 100, normalize="shift_predictor", **kwargs)
    assert np.all(np.abs(excess) < 5 * np.sqrt(2 * 1600) / 200 / 10.0)


def test_population_correlogram_rate_includes_edge_correction():
    # short recording (T = 100 ms, lags to 40 ms): the chance count falls as
    # (T - |tau|) / T, down to 0.6 at 40 ms. Uniform spikes, 10 per neuron:
    # the smallest summed expected count is 2000 * 100 * 10 * 60 / 100^2 = 12,000,
    # SE 1 / sqrt(12,000) = 0.009 per bin
    rng = np.random.default_rng(16)
    times, ids = rng.uniform(0.0, 100.0, 4000), np.repeat(np.arange(400), 10)
    lags, ratio = population_cross_correlogram(
        times, ids, 400, bin_size=10.0, max_lag=40.0, n_pairs=2000, duration=100.0, rng=3)
    assert np.all(np.abs(ratio - 1.0) < 5 * 0.009)


def test_population_correlogram_common_input_peaks_at_zero():
    # every neuron copies each spike of a shared 20 Hz train with prob 0.3, plus
    # 10 Hz private spikes: n ~ 160 per neuron, chance per 1 ms bin and pair
    # 160^2 * 1 / 10^4 = 2.6, shared coincidences 200 * 0.3^2 = 18: ratio ~ 8
    rng = np.random.default_rng(10)
    source = rng.uniform(0, 10_000.0, 200)
    keep = rng.random((50, 200)) < 0.3
    ids, which = np.nonzero(keep)
    times = np.concatenate([source[which], rng.uniform(0, 10_000.0, 5000)])
    ids = np.concatenate([ids, rng.integers(0, 50, 5000)])
    kwargs = dict(bin_size=1.0, max_lag=20.0, duration=10_000.0, rng=2)
    lags, ratio = population_cross_correlogram(times, ids, 50, normalize="rate", **kwargs)
    assert lags[np.argmax(ratio)] == 0.0 and ratio.max() > 5
    _, excess = population_cross_correlogram(
        times, ids, 50, normalize="shift_predictor", **kwargs)
    # expected excess at 0 lag: 200 shared spikes * 0.3^2 per pair in 10 s = 1.8 /s
    assert_allclose(excess[20], 1.8, rtol=0.3)
    # elsewhere chance only: 200 pairs x 2.6 counts, SE sqrt(2 * 520) / 200 / 10 s = 0.016
    assert np.abs(excess[np.abs(lags) > 2]).max() < 5 * 0.016


def test_population_correlogram_degenerate():
    lags, cc = population_cross_correlogram([1.0], [0], 1, bin_size=1.0, max_lag=2.0,
                                            duration=100.0, rng=0)
    assert lags.size == 5 and np.isnan(cc).all()
    _, cc = population_cross_correlogram([], [], 3, bin_size=1.0, max_lag=2.0,
                                         duration=100.0, rng=0)
    assert np.isnan(cc).all()  # rate-normalized: nothing expected, nothing seen
    _, cc = population_cross_correlogram([], [], 3, bin_size=1.0, max_lag=2.0,
                                         duration=100.0, normalize=None, rng=0)
    assert_array_equal(cc, 0.0)


def test_population_correlogram_same_seed_same_result():
    times, ids = poisson_spikes(np.random.default_rng(11), 30, 20.0, 2000.0)
    kwargs = dict(bin_size=1.0, max_lag=10.0, n_pairs=20, duration=2000.0,
                  normalize="shift_predictor")
    first = population_cross_correlogram(times, ids, 30, rng=5, **kwargs)[1]
    second = population_cross_correlogram(times, ids, 30, rng=5, **kwargs)[1]
    assert_array_equal(first, second)


# ----------------------------------------------------------------- spectra
def test_power_spectrum_of_modulated_population_peaks_at_modulation():
    # 200 neurons, rate 20 (1 + 0.5 sin(2 pi 40 Hz t)) for 2 s, by thinning
    rng = np.random.default_rng(12)
    t = rng.uniform(0, 2000.0, rng.poisson(200 * 30 * 2.0))
    rate = 20.0 * (1 + 0.5 * np.sin(2 * np.pi * 0.040 * t))
    t = t[rng.random(t.size) < rate / 30.0]
    _, pop = population_rate(t, 200, duration=2000.0, bin_size=1.0)
    freqs, psd = power_spectrum(pop, dt=1.0, nperseg=500)
    assert freqs[1] == 2.0 and freqs[-1] == 500.0
    assert peak_frequency(freqs, psd) == 40.0


def test_power_spectrum_white_noise_level_in_units_squared_per_hz():
    # white noise of variance s^2 sampled at fs has one-sided PSD 2 s^2 / fs
    x = np.random.default_rng(13).normal(0.0, 3.0, size=(2, 100_000))
    freqs, psd = power_spectrum(x, dt=0.5)  # fs = 2000 Hz
    assert psd.shape == (2, 129)
    assert_allclose(psd[:, 1:-1].mean(), 2 * 9.0 / 2000.0, rtol=0.02)
    empty_f, empty_p = power_spectrum([], dt=1.0)
    assert empty_f.size == 0 and empty_p.size == 0


def test_peak_frequency_band_and_degenerate():
    f, p = [0, 10, 20, 30], [9.0, 1.0, 5.0, 2.0]
    assert peak_frequency(f, p) == 20.0
    assert peak_frequency(f, p, fmax=15) == 10.0
    assert peak_frequency(f, p, fmin=0.0) == 0.0
    assert peak_frequency(f, p, fmin=25, fmax=40) == 30.0
    assert np.isnan(peak_frequency(f, p, fmin=31))


# ----------------------------------------------------------------- synchrony
def test_synchrony_chi_identical_and_independent():
    rng = np.random.default_rng(14)
    trace = rng.normal(size=5000)
    assert_allclose(synchrony_chi(np.tile(trace, (10, 1))), 1.0)
    # chi^2 of N independent traces ~ 1/N with relative SE sqrt(2 / n_times) = 0.01
    n = 50
    assert_allclose(synchrony_chi(rng.normal(size=(n, 20_000))), 1 / np.sqrt(n), rtol=0.05)


def test_synchrony_chi_partial_common_input():
    # V_i = c + p_i with Var c = 1, Var p = 3: chi^2 = (1 + 3/N) / 4
    rng = np.random.default_rng(15)
    v = rng.normal(size=20_000) + np.sqrt(3) * rng.normal(size=(20, 20_000))
    assert_allclose(synchrony_chi(v), np.sqrt((1 + 3 / 20) / 4), rtol=0.03)


def test_synchrony_chi_degenerate():
    assert np.isnan(synchrony_chi(np.full((3, 10), -65.0)))
    assert np.isnan(synchrony_chi(np.zeros((3, 0))))
    assert synchrony_chi([[0.0, 1.0, 2.0]]) == 1.0  # one neuron is synchronous with itself


# ----------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: spike_counts([1.0], [0], 1, bin_size=0.0), ValueError, r"bin_size must be > 0"),
        (lambda: spike_counts([1.0], [0], 1, 1.0, t_stop=0.0), ValueError,
         r"t_stop must be > t_start = 0.0 ms, got 0.0"),
        (lambda: spike_counts([1.0], [3], 2, 1.0), ValueError, r"spike_ids must lie in 0..1"),
        (lambda: spike_counts([1.0, 2.0], [0], 2, 1.0), ValueError, r"same length"),
        (lambda: spike_counts([np.nan], [0], 1, 1.0), ValueError, r"spike_times must hold finite"),
        (lambda: firing_rates([1.0], [0], 1, t_stop=-5.0), ValueError,
         r"t_stop must be > t_start = 0.0 ms, got -5.0"),
        (lambda: firing_rates([1.0], [0], 0, t_stop=5.0), ValueError, r"n_neurons must be"),
        (lambda: population_rate([1.0], 2, duration=1.0, bin_size=2.0), ValueError,
         r"duration must be >= bin_size = 2.0 ms, got 1.0"),
        (lambda: population_rate([1.0], 2, 10.0, 1.0, smooth=0.0), ValueError,
         r"smooth must be > 0"),
        (lambda: population_rate([1.0], 2.5, 10.0, 1.0), TypeError,
         r"n_neurons must be an integer"),
        (lambda: isi_cv([1.0], [0.5], 1), TypeError, r"spike_ids must be array_like of integers"),
        (lambda: isi_intervals([[1.0]], [[0]]), ValueError, r"spike_times must be 1-D"),
        (lambda: fano_factor([[-1, 2]]), ValueError,
         r"counts must be >= 0, got a minimum of -1.0"),
        (lambda: fano_factor(np.zeros((2, 2, 2))), ValueError, r"counts must be 1-D or 2-D"),
        (lambda: fano_factor("abc"), TypeError, r"counts must be a number or array_like of numbers"),
        (lambda: pairwise_correlations([1, 2, 3]), ValueError,
         r"counts must be 2-D, got .*\(3,\)"),
        (lambda: pairwise_correlations([[1, np.inf]]), ValueError, r"counts must be finite, got NaN or inf"),
        (lambda: cross_correlogram([1.0], [2.0], bin_size=-1.0, max_lag=5.0), ValueError,
         r"bin_size must be > 0"),
        (lambda: cross_correlogram([1.0], [2.0], 1.0, max_lag=-1.0), ValueError,
         r"max_lag must be >= 0"),
        (lambda: population_cross_correlogram([1.0], [0], 2, bin_size=1.0, max_lag=50.0,
                                              duration=100.0), ValueError,
         r"max_lag must be < duration / 2 - bin_size / 2 = 49.5 ms, got 50.0"),
        (lambda: population_cross_correlogram([1.0], [0], 2, bin_size=1.0, max_lag=5.0,
                                              duration=100.0, normalize="z"), ValueError,
         r"normalize must be one of 'rate', 'shift_predictor', None, got 'z'"),
        (lambda: population_cross_correlogram([1.0], [0], 2, bin_size=1.0, max_lag=5.0,
                                              duration=100.0, n_pairs=0), ValueError,
         r"n_pairs must be an integer >= 1, got 0"),
        (lambda: population_cross_correlogram([1.0], [0], 2, bin_size=1.0, max_lag=5.0,
                                              duration=100.0, rng=1.5), TypeError, r"rng must be"),
        (lambda: power_spectrum([1.0, 2.0], dt=0.0), ValueError, r"dt must be > 0"),
        (lambda: power_spectrum([1.0, 2.0], dt=1.0, nperseg=3), ValueError,
         r"nperseg must be <= the number of samples 2, got 3"),
        (lambda: power_spectrum([1.0, 2.0], dt=1.0, detrend="quadratic"), ValueError,
         r"detrend must be one of"),
        (lambda: peak_frequency([1.0, 2.0], [1.0]), ValueError, r"same length, got 2 and 1"),
        (lambda: peak_frequency([1.0], [1.0], fmin=10, fmax=5), ValueError,
         r"fmax must be >= fmin = 10.0 Hz, got 5.0"),
        (lambda: peak_frequency([1.0], [1.0], fmin=-1), ValueError, r"fmin must be >= 0"),
        (lambda: synchrony_chi([1.0, 2.0]), ValueError, r"v must be 2-D, got an array of shape"),
    ],
)
def test_validation_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
