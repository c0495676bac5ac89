"""Claims of notebook 7 (Brunel's regimes): the SR line is reported at its true frequency,
near 1/D; the AI spectrum has a line; the slow rhythm is not set by the rate."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import snncourse as sc  # noqa: E402
from _claims_runs import reduced_run, relative_spectrum  # noqa: E402


@pytest.fixture(scope="module")
def sr():
    return reduced_run(3.0, 2.0)


def test_sr_peak_near_one_over_d_and_far_above_the_rate(sr):
    s = sc.regime_statistics(sr, t_start=100.0)
    assert s["f_peak_hz"] == pytest.approx(1000.0 / 1.5, rel=0.05)
    assert s["f_peak_hz"] > 1.5 * s["mean_rate_hz"]  # not the neurons' clock (the 1 ms alias)


def test_every_reported_sr_peak_agrees(sr):
    s = sc.regime_statistics(sr, t_start=100.0)
    ax = sc.plot_power_spectrum(sr, t_start=100.0, fmin=sc.regimes.SPECTRUM_FMIN)
    label = [t.get_text() for t in ax.get_legend().get_texts() if t.get_text().startswith("peak")][0]
    plt.close(ax.figure)
    assert label == f"peak {s['f_peak_hz']:.0f} Hz"  # the plot draws the statistics' spectrum
    pd = sc.phase_diagram([3.0], [2.0], duration=250.0, t_start=50.0, n_record=100, rng=1,
                          progress=False)
    assert pd.f_peak[0, 0] == pytest.approx(1000.0 / 1.5, rel=0.05)


def test_the_ai_spectrum_has_a_line_far_above_the_poisson_level():
    fp, level, _ = relative_spectrum(reduced_run(5.0, 2.0), t_start=100.0)
    assert 90.0 < fp < 160.0 and level > 20.0
    assert sc.regime_statistics(reduced_run(5.0, 2.0), t_start=100.0)["chi"] < sc.regimes.SYNC_CHI


def test_the_slow_rhythm_is_not_faster_because_neurons_fire_faster():
    s = sc.regime_statistics(reduced_run(7.0, 1.0, duration=200.0, seed=0, n_record=100), t_start=50.0)
    assert s["mean_rate_hz"] < 15.0 and s["f_peak_hz"] > 25.0  # a few Hz, yet faster than Brunel's 20 Hz


@pytest.mark.slow
def test_the_sr_line_moves_with_the_delay():
    """With D = 2 ms the line below the harmonics sits near 1/D = 500 Hz, not at twice the rate."""
    res = reduced_run(3.0, 2.0, delay=2.0)
    fp, _, nu = relative_spectrum(res, t_start=100.0, fmin=400.0, fmax=800.0)
    assert fp == pytest.approx(500.0, rel=0.05) and abs(fp - 2 * nu) > 100.0


@pytest.mark.slow
def test_phase_diagram_layout_sr_left_of_balance_si_slow_at_weak_drive():
    """The text: at g = 3 SR whatever the drive; right of g = 4, SI slow at weak drive, AI at strong."""
    pd = sc.phase_diagram([3.0, 6.0, 8.0], [0.8, 3.0], duration=250.0, t_start=50.0, n_record=100,
                          rng=1, progress=False)
    assert list(pd.state[:, 0]) == ["SR", "SR"]
    assert list(pd.state[0, 1:]) == ["SI slow", "SI slow"] and pd.state[1, 1] == "AI"
    assert np.all(pd.f_peak[:, 0] > 1.5 * pd.rate[:, 0])  # the SR line far above the rate


def test_poisson_fed_neurons_have_the_formula_cv_not_the_network_cv():
    net = sc.brunel2000(5.0, 2.0)
    nu = sc.theory.brunel_rate(net)
    cv_theory = sc.theory.siegert_cv(net.neuron, *sc.theory.brunel_input(net, nu))
    exc, inh = net.c_exc * nu + net.c_ext_eff * net.nu_ext, net.c_inh * nu
    fed = sc.simulate_neuron(net.neuron, 0.0, duration=2000.0, n_neurons=200, record_v=False,
                             poisson_input=[(exc, net.j_exc), (inh, net.j_inh)], rng=1)
    cv = np.nanmean(sc.isi_cv(fed.spike_times, fed.spike_ids, 200))
    assert cv == pytest.approx(cv_theory, abs=0.08)  # close to the formula's
    assert cv > 1.4 * 0.42  # well above the full network's (Brian2, NEST: 0.40-0.42; notebook 8)
