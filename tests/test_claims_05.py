"""Claims of notebook 5 (network activity): the report's line is above 500 Hz and every
spectrum reports it there; the reduced AI contrast is not broad-band."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import snncourse as sc  # noqa: E402
from _claims_runs import T0, relative_spectrum, report_run  # noqa: E402


def test_the_fast_line_is_above_the_nyquist_frequency_of_1ms_bins():
    res = report_run()
    fp, level, nu = relative_spectrum(res)
    assert 600.0 < fp < 800.0 and level > 10.0
    assert 1.5 < fp / nu < 2.2  # "almost twice the single-neuron rate"


def test_the_figure_panel_shows_the_same_peak():
    res = report_run()
    fp, _, _ = relative_spectrum(res)
    ax = sc.plot_power_spectrum(res, t_start=T0, fmin=10.0)
    label = [t.get_text() for t in ax.get_legend().get_texts() if t.get_text().startswith("peak")][0]
    plt.close(ax.figure)
    assert label == f"peak {fp:.0f} Hz"  # the panel draws the spectrum of the statistics


@pytest.fixture(scope="module")
def ai():
    return sc.simulate_network(sc.reduced_brunel(5.0, 2.0), duration=600.0, rng=sc.SEED_REPORT_SEED)


def test_the_ai_contrast_is_irregular_but_structured(ai):
    late = ai.spike_times >= 100.0
    cv = np.nanmean(sc.analysis.isi_cv(ai.spike_times[late], ai.spike_ids[late], ai.n_neurons))
    assert cv > 1.0
    lags, cc = sc.analysis.population_cross_correlogram(
        ai.spike_times, ai.spike_ids, ai.n_neurons, bin_size=1.0, max_lag=30.0, n_pairs=500,
        duration=500.0, t_start=100.0, normalize="rate", rng=0)
    assert cc[lags.size // 2] > 1.2  # "well above chance"
    fp, level, _ = relative_spectrum(ai, t_start=100.0)
    assert 70.0 < fp < 160.0 and level > 20.0  # a line near 100 Hz, not a flat spectrum
