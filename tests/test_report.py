"""Tests of snncourse.report: Table 4.1 is reproduced, and the report regenerates."""

import json
import math

import numpy as np
import pytest

from snncourse import cli
from snncourse.network import SimulationResult, load_result, simulate_network
from snncourse.params import seed_report
from snncourse.presets import PRESETS, SEED_REPORT_SEED
from snncourse.report import (CORRELATION_BIN_MS, REPORT_TABLE, REPORT_TOLERANCES, compare_to_report,
                              report_statistics, write_report)

SEED_REPORT_DURATION = PRESETS["seed_report"].duration
SEED_REPORT_T_START = PRESETS["seed_report"].t_start

JSON_KEYS = {"network_size", "mean_rate_hz", "exc_rate_hz", "inh_rate_hz", "isi_cv",
             "mean_pairwise_correlation", "correlation_bin_ms"}
FILES = ["figure_2_1.png", "figure_2_1.pdf", "figure_3_1.png", "figure_3_1.pdf",
         "table_4_1.md", "table_4_1.json", "simulation.npz"]


def assert_matches_report(stats):
    """Every quantity of Table 4.1 within its tolerance (2 % rates, 0.03 CV, 0.008 r)."""
    assert stats["network_size"] == 200
    for key, (kind, tol) in REPORT_TOLERANCES.items():
        ref = REPORT_TABLE[key]
        allowed = tol * abs(ref) if kind == "rel" else tol
        assert abs(stats[key] - ref) <= allowed, f"{key}: {stats[key]!r} vs report {ref!r}"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    """The default report, regenerated through the command line (about 5-15 s)."""
    out = tmp_path_factory.mktemp("report")
    assert cli.main(["report", "--out", str(out)]) == 0
    return out


def test_preset_seed_reproduces_table_4_1():
    res = simulate_network(seed_report(), duration=SEED_REPORT_DURATION, rng=SEED_REPORT_SEED)
    stats = report_statistics(res, t_start=SEED_REPORT_T_START, bin_size=CORRELATION_BIN_MS)
    assert_matches_report(stats)


@pytest.mark.slow
def test_report_writes_every_file(report_dir):
    for name in FILES:
        assert (report_dir / name).stat().st_size > 0, name
    assert (report_dir / "figure_2_1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (report_dir / "figure_3_1.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.slow
def test_json_has_exactly_the_table_keys(report_dir):
    table = json.loads((report_dir / "table_4_1.json").read_text())
    assert set(table) == JSON_KEYS
    assert table["correlation_bin_ms"] == CORRELATION_BIN_MS == 10.0


@pytest.mark.slow
def test_report_json_is_the_preset_seed_table(report_dir):
    assert_matches_report(json.loads((report_dir / "table_4_1.json").read_text()))


@pytest.mark.slow
def test_saved_simulation_gives_the_same_table(report_dir):
    res = load_result(report_dir / "simulation.npz")
    assert res.seed == SEED_REPORT_SEED and res.params == seed_report()
    assert res.duration == SEED_REPORT_DURATION and res.v is not None
    table = json.loads((report_dir / "table_4_1.json").read_text())
    assert report_statistics(res) == pytest.approx(table)


@pytest.mark.slow
def test_markdown_table_is_side_by_side_and_names_the_regime(report_dir):
    md = (report_dir / "table_4_1.md").read_text()
    assert "| Mean firing rate |" in md and "| 368.2 |" in md and "| 0.030 |" in md
    assert "NOT cortex-like" in md and "10 ms bins" in md and "seed 2024" in md
    assert md.count("| yes |") == 6


@pytest.mark.slow
def test_mean_over_five_other_seeds_reproduces_table_4_1():
    runs = [report_statistics(simulate_network(seed_report(), duration=SEED_REPORT_DURATION,
                                               rng=seed))
            for seed in (1, 2, 3, 4, 5)]
    mean = {key: float(np.mean([r[key] for r in runs])) for key in REPORT_TABLE}
    assert_matches_report(mean)


@pytest.mark.slow
def test_brunel_ai_report(tmp_path):
    stats = write_report(tmp_path, preset="brunel_ai", seed=1)
    for name in FILES:
        assert (tmp_path / name).exists(), name
    assert set(stats) == JSON_KEYS and stats["network_size"] == 12500
    # Brunel's AI state: mean-field 38.0 Hz; Brian2/NEST give CV about 0.40 and weak correlations
    assert 34.2 < stats["exc_rate_hz"] < 41.8 and 34.2 < stats["inh_rate_hz"] < 41.8
    assert 0.3 < stats["isi_cv"] < 0.5
    assert 0.0 < stats["mean_pairwise_correlation"] < 0.05
    md = (tmp_path / "table_4_1.md").read_text()
    assert "asynchronous irregular" in md and "| no |" in md


def test_write_report_rejects_unknown_preset(tmp_path):
    with pytest.raises(ValueError, match="preset must be one of 'seed_report', 'brunel_ai'"):
        write_report(tmp_path, preset="cortex")


def _result(times, ids, n_exc, n_inh, duration):
    return SimulationResult(spike_times=np.asarray(times, float), spike_ids=np.asarray(ids),
                            n_exc=n_exc, n_inh=n_inh, duration=duration, dt=0.1)


def test_report_statistics_known_values():
    # neuron 0 (E): every 10 ms; neuron 1 (I): every 25 ms; neuron 2 (I): 2 spikes
    t0 = np.arange(5.0, 1000.0, 10.0)
    t1 = np.arange(5.0, 1000.0, 25.0)
    res = _result(np.r_[t0, t1, 100.0, 600.0], np.r_[np.zeros(100), np.ones(40), 2, 2].astype(int),
                  1, 2, 1000.0)
    s = report_statistics(res, t_start=0.0, bin_size=50.0)
    assert s["network_size"] == 3
    assert s["exc_rate_hz"] == pytest.approx(100.0)
    assert s["inh_rate_hz"] == pytest.approx((40.0 + 2.0) / 2)
    assert s["mean_rate_hz"] == pytest.approx((100.0 + 40.0 + 2.0) / 3)
    assert s["isi_cv"] == pytest.approx(0.0)  # neuron 2 has one ISI: left out
    # only neuron 2's counts vary over 50 ms bins: fewer than two pairs -> NaN
    assert math.isnan(s["mean_pairwise_correlation"])
    assert s["correlation_bin_ms"] == 50.0


def test_report_statistics_transient_is_left_out():
    # a burst in the first 100 ms only
    res = _result(np.arange(0.0, 100.0, 1.0), np.zeros(100, int), 1, 0, 1000.0)
    s = report_statistics(res, t_start=100.0, bin_size=10.0)
    assert s["mean_rate_hz"] == 0.0 and math.isnan(s["inh_rate_hz"])
    assert math.isnan(s["isi_cv"])


def test_report_statistics_correlation_of_copies():
    rng = np.random.default_rng(0)
    t = np.sort(rng.uniform(0, 1000.0, 300))
    res = _result(np.r_[t, t], np.r_[np.zeros(300), np.ones(300)].astype(int), 1, 1, 1000.0)
    assert report_statistics(res, t_start=0.0)["mean_pairwise_correlation"] == pytest.approx(1.0)


def test_report_statistics_bad_input():
    res = _result([1.0], [0], 1, 0, 100.0)
    with pytest.raises(TypeError, match="result must be a SimulationResult"):
        report_statistics({"spike_times": []})
    with pytest.raises(ValueError, match="t_start must be >= 0"):
        report_statistics(res, t_start=-1.0)
    with pytest.raises(ValueError, match="t_start must be <= duration - bin_size"):
        report_statistics(res, t_start=95.0, bin_size=10.0)
    with pytest.raises(ValueError, match="bin_size must be > 0"):
        report_statistics(res, t_start=0.0, bin_size=0.0)


def test_compare_to_report():
    c = compare_to_report(dict(REPORT_TABLE, isi_cv=0.65, mean_pairwise_correlation=float("nan")))
    assert c["isi_cv"]["difference"] == pytest.approx(0.04) and not c["isi_cv"]["within"]
    assert not c["mean_pairwise_correlation"]["within"]
    assert c["inh_rate_hz"]["tolerance"] == pytest.approx(0.02 * 371.1)
    assert all(c[k]["within"] for k in ("network_size", "mean_rate_hz", "exc_rate_hz"))


def test_defaults_are_the_documented_constants():
    assert SEED_REPORT_SEED == 2024
    assert (SEED_REPORT_DURATION, SEED_REPORT_T_START, CORRELATION_BIN_MS) == (3000.0, 200.0, 10.0)
    assert REPORT_TABLE == {"network_size": 200, "mean_rate_hz": 368.2, "exc_rate_hz": 367.4,
                            "inh_rate_hz": 371.1, "isi_cv": 0.61,
                            "mean_pairwise_correlation": 0.030}
