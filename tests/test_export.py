"""The exported NEST and Brian2 models (snncourse.export) against the numpy engine.

Without NEST or Brian2 the tests that need them are skipped; the script
writer, the checks and the MPI merge need neither.
"""

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from snncourse import export
from snncourse.connectivity import build_connectivity
from snncourse.export import _brian2_model, _nest_model, check_exportable, script_source, write_script
from snncourse.export._common import initial_state, params_dict
from snncourse.network import load_result, simulate_network
from snncourse.params import NetworkParams, brunel2000
from snncourse.regimes import reduced_brunel

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[1]

# A deterministic coupled network (constant drive, no noise): every simulator
# must give exactly the same spikes from the same initial state and wiring.
DETERMINISTIC = NetworkParams(n_exc=80, n_inh=20, c_exc=8, c_inh=2, j_exc=0.8, g=4.0,
                              i_ext=2.4, v_init=(0.0, 20.0), name="deterministic")
# Uncoupled neurons under Poisson input, and under white noise plus a current.
POISSON = reduced_brunel(5.0, 2.0).replace(j_exc=0.0, j_ext=0.625, name="uncoupled Poisson")
NOISE = NetworkParams(n_exc=800, n_inh=200, c_exc=1, c_inh=1, j_exc=0.0, i_ext=1.9,
                      noise_sigma=5.0, name="uncoupled noise")


def _rate(res, t_start=50.0):
    return np.count_nonzero(res.spike_times >= t_start) * 1000.0 / (
        res.n_neurons * (res.duration - t_start))


def _run_without_snncourse(script, *args, cwd):
    """Run ``script`` in a fresh interpreter in which ``import snncourse`` fails."""
    code = ("import runpy, sys; sys.modules['snncourse'] = None; "
            "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")
    subprocess.run([sys.executable, "-c", code, str(script), *map(str, args)], check=True,
                   capture_output=True, cwd=cwd)


def _load_script(path):
    spec = importlib.util.spec_from_file_location(f"script_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- no simulator needed ----------------------------------------------------------
def test_check_exportable_refuses_off_grid_times():
    check_exportable(brunel2000(), "nest")
    check_exportable(brunel2000(), "brian2", dt=0.05)
    with pytest.raises(ValueError, match="delay must be a whole number of steps dt=0.1 ms"):
        check_exportable(brunel2000(delay=1.55), "nest")
    with pytest.raises(ValueError, match="t_ref must be a whole number of steps dt=0.1 ms"):
        check_exportable(brunel2000(t_ref=0.25), "brian2")
    with pytest.raises(ValueError, match=r"delay must be a whole number of steps dt=0.2 ms \(at least 1\)"):
        check_exportable(brunel2000(delay=0.1), "nest", dt=0.2)
    with pytest.raises(ValueError, match="to must be one of"):
        check_exportable(brunel2000(), "neuron")
    with pytest.raises(TypeError, match="net must be a NetworkParams"):
        check_exportable({"n_exc": 4}, "nest")


@pytest.mark.parametrize("to", ["nest", "brian2"])
def test_script_source_is_standalone(to):
    net = brunel2000(4.5, 0.9, scale=0.2)
    src = script_source(net, to, duration=500.0, dt=0.1, seed=7)
    compile(src, f"run_{to}.py", "exec")
    assert "import snncourse" not in src and "from snncourse" not in src
    assert '"g": 4.5' in src and '"seed": 7' in src and '"duration": 500.0' in src
    with pytest.raises(ValueError, match=r"seed must be an int in \[1, 2\*\*31 - 1\]"):
        script_source(net, to, seed=0)
    with pytest.raises(ValueError, match="delay must be a whole number"):
        script_source(net.replace(delay=1.55), to)


def test_export_command_writes_a_script(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    export.add_arguments(parser)
    out = tmp_path / "run_nest.py"
    args = parser.parse_args(["--to", "nest", "--preset", "brunel_ai", "--scale", "0.2",
                              "--out", str(out)])
    assert export.main(args) == 0
    assert "python" in capsys.readouterr().err
    module = _load_script(out)
    assert module.DEFAULTS == {"duration": 600.0, "dt": 0.1, "seed": 1}  # the preset's
    params = __import__("json").loads(module.PARAMS_JSON)
    assert params == params_dict(brunel2000(5.0, 2.0, scale=0.2))
    with pytest.raises(ValueError, match="preset must be one of"):
        export.main(parser.parse_args(["--to", "nest", "--preset", "nope", "--out", str(out)]))


def test_mpi_rank_files_merge_into_one_result(tmp_path):
    """What rank 0 does after an MPI run: per-rank spikes -> one file load_result reads."""
    net = DETERMINISTIC
    ref = simulate_network(net, duration=100.0, rng=1)
    params = params_dict(net)
    module = _load_script(write_script(net, tmp_path / "run_nest.py", to="nest"))
    files = []
    for rank, keep in enumerate((ref.spike_ids % 2 == 0, ref.spike_ids % 2 == 1)):
        path = tmp_path / module._rank_path("spikes.npz", rank, 2)
        module.write_npz(path, params, {"spike_times": ref.spike_times[keep],
                                        "spike_ids": ref.spike_ids[keep],
                                        "build_s": 1.0, "run_s": 2.0},
                         duration=100.0, dt=0.1, seed=1)
        files.append(str(path))
    assert files[1].endswith("spikes.rank1-of-2.npz")
    assert module.main(["--merge", *files, "--out", str(tmp_path / "spikes.npz")]) == 0
    back = load_result(tmp_path / "spikes.npz")
    assert_array_equal(back.spike_times, ref.spike_times)
    assert_array_equal(back.spike_ids, ref.spike_ids)
    assert back.params == net and back.duration == 100.0


def test_snncourse_wiring_is_the_engines_initial_state():
    seed, sim_seed, v0, conn = initial_state(DETERMINISTIC, 5, "snncourse", None)
    rng = np.random.default_rng(5)
    assert_array_equal(v0, rng.uniform(0.0, 20.0, size=100))
    ref = build_connectivity(DETERMINISTIC, rng)
    assert_array_equal(conn.targets, ref.targets)
    assert seed == 5 and 1 <= sim_seed < 2**31 - 1
    with pytest.raises(ValueError, match="connectivity must be None with wiring='native'"):
        initial_state(DETERMINISTIC, 5, "native", ref)
    with pytest.raises(ValueError, match="wiring must be one of"):
        initial_state(DETERMINISTIC, 5, "nest", None)


def test_numpy_fixed_indegree_of_the_brian2_script():
    src, tgt = _brian2_model.fixed_indegree_pairs(50, 10, 7, 3, False, np.random.default_rng(0))
    from_e = np.bincount(tgt[src < 50], minlength=60)
    from_i = np.bincount(tgt[src >= 50], minlength=60)
    assert np.all(from_e == 7) and np.all(from_i == 3)
    assert not np.any(src == tgt)
    # every candidate (all but the neuron itself) is drawn
    assert np.unique(src[(tgt == 0) & (src < 50)]).size > 1
    assert set(np.unique(src[src < 50])) <= set(range(50))


def test_noise_current_matches_the_exact_ou_step():
    params = params_dict(NOISE)
    dt, tau, c_m = 0.1, NOISE.neuron.tau_m, 1000.0 * NOISE.neuron.tau_m / NOISE.neuron.r_m
    e = np.exp(-dt / tau)
    jump = _nest_model.noise_std_pA(params, dt) * tau / c_m * (1.0 - e)
    assert_allclose(jump, NOISE.noise_sigma * np.sqrt((1.0 - e * e) / 2.0))


# -- NEST ---------------------------------------------------------------------------
def test_nest_neuron_drops_refractory_input():
    nest = pytest.importorskip("nest", reason="needs NEST 3 (pip install nest-simulator)")
    assert nest.GetDefaults("iaf_psc_delta")["refractory_input"] is False
    p = export.nest.neuron_params(brunel2000())
    assert p["refractory_input"] is False
    assert (p["E_L"], p["V_th"], p["V_reset"], p["t_ref"], p["tau_m"]) == (0.0, 20.0, 10.0, 2.0, 20.0)


@pytest.mark.parametrize("to", ["nest", "brian2"])
def test_deterministic_network_spike_for_spike(to):
    """Threshold, reset, refractory clamp, delay and spike stamp all match snncourse."""
    pytest.importorskip(to, reason=f"needs {to}")
    ref = simulate_network(DETERMINISTIC, duration=200.0, rng=5)
    res = export.run(DETERMINISTIC, to=to, duration=200.0, rng=5)
    assert ref.spike_times.size > 500
    assert_allclose(res.spike_times, ref.spike_times, atol=1e-9)
    assert_array_equal(res.spike_ids, ref.spike_ids)
    assert res.params == DETERMINISTIC and res.seed == 5
    assert_array_equal(res.connectivity.targets, ref.connectivity.targets)


@pytest.mark.parametrize("to", ["nest", "brian2"])
@pytest.mark.parametrize("net", [POISSON, NOISE], ids=["poisson", "noise"])
def test_external_drive_gives_the_engines_rate(to, net):
    """Poisson counts and the white-noise step are exact: same rate within sampling error."""
    pytest.importorskip(to, reason=f"needs {to}")
    ref = simulate_network(net, duration=300.0, rng=2)
    res = export.run(net, to=to, duration=300.0, rng=3)
    r_ref, r = _rate(ref), _rate(res)
    n_spikes = r_ref * net.n_neurons * 0.25
    assert r_ref > 10.0
    assert abs(r - r_ref) < 5.0 * r_ref / np.sqrt(n_spikes) + 0.01 * r_ref, (r, r_ref)


def test_nest_native_wiring_and_result_analysis(tmp_path):
    pytest.importorskip("nest", reason="needs NEST 3 (pip install nest-simulator)")
    from snncourse.regimes import regime_statistics

    net = reduced_brunel(5.0, 2.0, n_exc=400, c_exc=40)
    res, timing = export.run_nest(net, duration=200.0, rng=1, wiring="native", threads=2,
                                  return_timing=True)
    assert res.connectivity is None and set(timing) >= {"build_s", "run_s", "total_s", "cpu_s"}
    stats = regime_statistics(res, t_start=50.0)
    assert 20.0 < stats["mean_rate_hz"] < 200.0
    res.save(tmp_path / "r.npz")
    assert_array_equal(load_result(tmp_path / "r.npz").spike_ids, res.spike_ids)


@pytest.mark.slow
def test_nest_script_same_statistics_with_1_and_2_threads(tmp_path):
    pytest.importorskip("nest", reason="needs NEST 3 (pip install nest-simulator)")
    from snncourse.export.compare import comparison_statistics

    net = brunel2000(5.0, 2.0, scale=0.2)
    script = write_script(net, tmp_path / "run_nest.py", to="nest", duration=600.0)
    stats = {}
    for threads in (1, 2):
        out = tmp_path / f"spikes{threads}.npz"
        _run_without_snncourse(script, "--threads", threads, "--out", out, cwd=tmp_path)
        res = load_result(out)
        assert res.params == net and res.duration == 600.0
        stats[threads] = comparison_statistics(res, t_start=100.0)
    one, two = stats[1], stats[2]
    for key in ("rate_e", "rate_i"):
        assert abs(two[key] - one[key]) < 0.1 * one[key], (key, one[key], two[key])
    assert abs(two["cv"] - one["cv"]) < 0.05


@pytest.mark.slow
def test_brian2_script_runs_and_is_read_back(tmp_path):
    pytest.importorskip("brian2", reason="needs Brian2 (the [crosscheck] extra)")
    net = DETERMINISTIC.replace(connectivity="bernoulli")
    script = write_script(net, tmp_path / "run_brian2.py", to="brian2", duration=100.0, seed=3)
    out = tmp_path / "spikes.npz"
    _run_without_snncourse(script, "--out", out, cwd=tmp_path)
    res = load_result(out)
    assert res.params == net and res.n_neurons == 100
    # snncourse gives 35-39 Hz on this network across seeds 1-5 (other Bernoulli draws)
    refs = [simulate_network(net, duration=100.0, rng=s).mean_rate() for s in (1, 2, 3)]
    assert 0.8 * min(refs) < res.mean_rate() < 1.2 * max(refs)


# -- the full-size comparison (committed result) ----------------------------------------
@pytest.mark.skipif(not (DATA / "simulator_comparison.npz").exists(),
                    reason="data/simulator_comparison.npz not generated yet")
def test_committed_full_size_comparison():
    """Brunel AI and SI slow at N = 12,500: NEST and Brian2 against snncourse.

    Regenerate with ``python -m snncourse.export.compare --out data/simulator_comparison.npz``.
    """
    from snncourse.export.compare import load_comparison

    comp, meta = load_comparison(DATA / "simulator_comparison.npz")
    assert meta["n_neurons"] == 12500
    ai, si = comp["AI"], comp["SI slow"]
    ref = ai["snncourse"]
    assert 30.0 < ref["rate_e"] < 45.0
    for sim in ("nest", "brian2"):
        for key in ("rate_e", "rate_i"):
            assert abs(ai[sim][key] - ref[key]) < 0.1 * ref[key], (sim, key)
        assert abs(ai[sim]["cv"] - ref["cv"]) < 0.1, sim
        assert abs(si[sim]["f_peak"] - si["snncourse"]["f_peak"]) <= 5.0, sim
    assert 10.0 < si["snncourse"]["f_peak"] < 40.0


@pytest.mark.skipif(not (DATA / "simulator_comparison.npz").exists(),
                    reason="data/simulator_comparison.npz not generated yet")
def test_comparison_figure_table_and_widget():
    import matplotlib.pyplot as plt

    from snncourse.export.compare import (comparison_explorer, comparison_explorer_widget,
                                          comparison_table, load_comparison)

    fig, stats = comparison_explorer("SI slow")
    assert set(stats) == {"snncourse", "nest", "brian2"}
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["snncourse", "nest", "brian2"]
    assert fig.axes[2].get_xlabel() == "Frequency (Hz)"
    plt.close(fig)
    with pytest.raises(ValueError, match="state must be one of"):
        comparison_explorer("SR")
    rows = comparison_table(load_comparison(DATA / "simulator_comparison.npz")[0])
    assert len(rows) == 1 + 6 and rows[1].split()[:2] == ["AI", "snncourse"]
    pytest.importorskip("ipywidgets", reason="needs ipywidgets (the [course] extra)")
    box = comparison_explorer_widget()
    assert box.children[0].options == ("AI", "SI slow")
    plt.close("all")
