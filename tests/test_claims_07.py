"""Claims of notebook 7 (Brunel's regimes): the SR line is reported at its true frequency,
near 1/D; the AI spectrum has a line; the slow rhythm is not set by the rate; Brunel's
boundaries (snncourse.stability) against the full-size diagram, as the prose reads them."""

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


# -- Brunel's boundaries over the full-size diagram (the phase-diagram section) ---------------
@pytest.fixture(scope="module")
def full():
    diagram, _ = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
    return diagram, sc.hopf_boundaries(diagram.g, diagram.eta)


@pytest.mark.parametrize("state", ["SR", "AI", "SI fast", "SI slow"])
def test_each_brunel_state_lies_where_the_boundaries_put_it(state):
    """'Only the AI point is stable', each unstable one beyond its own line."""
    g, eta = sc.BRUNEL_STATES[state]
    hb = sc.hopf_boundaries([g], [eta])
    beyond = [name for name, gain in zip(sc.stability.BRANCHES, hb.gain[:, 0, 0]) if gain > 1]
    assert beyond == ([] if state == "AI" else [state])


def test_left_of_the_sr_line_every_run_is_synchronous_and_g_3_5_is_regular_but_not(full):
    diagram, hb = full
    active = diagram.eta > 0.6
    sr_line = np.nan_to_num(hb.gain[0]) > 1
    left = diagram.g <= 2.75
    assert np.all(sr_line[np.ix_(active, left)]) and np.all(diagram.chi[np.ix_(active, left)] > 0.4)
    j = int(np.flatnonzero(diagram.g == 3.5)[0])
    assert not np.any(sr_line[active, j])  # the stable side of the line
    assert np.all(diagram.state[active, j] == "SR") and np.all(diagram.chi[active, j] < 0.15)
    assert np.all(diagram.cv[active, j] < sc.regimes.REGULAR_CV)


def test_every_run_beyond_the_si_fast_line_is_si_fast_and_the_region_reaches_further_left(full):
    diagram, hb = full
    beyond = np.nan_to_num(hb.gain[1]) > 1
    assert beyond.sum() >= 10 and np.all(diagram.state[beyond] == "SI fast")
    outside = (diagram.state == "SI fast") & ~beyond
    assert outside.any()  # the simulated region is wider than the line's
    assert np.all(diagram.g[np.nonzero(outside)[1]] >= 5.0)  # ... to the left, still right of g = 4
    lo, hi = sc.hopf_boundaries().line_frequency("SI fast")
    peaks = diagram.f_peak[beyond]
    assert np.all((peaks > 0.8 * lo) & (peaks < 1.2 * hi))  # the spectra peak at the line's mode


def test_the_si_slow_band_lies_just_below_the_simulated_si_slow_row():
    diagram, _ = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
    hb = sc.hopf_boundaries()
    band = np.nan_to_num(hb.gain[2]) > 1
    eta_band = hb.eta[band.any(axis=1)]
    rows = np.unique(np.nonzero(diagram.state == "SI slow")[0])
    assert rows.size == 1  # one simulated row
    eta_row = diagram.eta[rows[0]]
    assert eta_band.max() < eta_row < eta_band.max() + 0.1 and eta_row < 1.0  # just above, under eta = 1
    assert eta_band.max() - eta_band.min() < 0.15  # a narrow band
    g_band = hb.g[band.any(axis=0)]
    g_sim = diagram.g[diagram.state[rows[0]] == "SI slow"]
    assert g_band.min() > 3.5 and g_band.max() - g_band.min() < g_sim.max() - g_sim.min()  # narrower
    lin = sc.hopf_boundaries(diagram.g, diagram.eta)
    slow_cells = diagram.state == "SI slow"
    assert np.all(lin.gain[2][slow_cells] > 0.85)  # weakly damped there


def test_below_the_si_slow_band_the_mean_field_rate_vanishes(full):
    diagram, hb = full
    hb_fine = sc.hopf_boundaries()
    band = np.nan_to_num(hb_fine.gain[2]) > 1
    below = hb_fine.eta < hb_fine.eta[band.any(axis=1)].min()
    assert np.all(hb_fine.rate[below] < 0.1)
    assert np.all(diagram.state[diagram.eta < 0.6] == "quiescent")


def test_mean_field_rate_falls_with_g_and_rises_with_eta_right_of_balance(full):
    _, hb = full
    right = hb.g > 4.0
    active = hb.eta > 0.6
    rate = hb.rate[np.ix_(active, right)]
    assert np.all(np.diff(rate, axis=1) < 0) and np.all(np.diff(rate, axis=0) > 0)
    left = hb.rate[np.ix_(active, hb.g < 4.0)]
    assert np.all(np.diff(left, axis=1) < 0) and left.min() > 140.0  # towards saturation
