"""Sweeps on executors (snncourse.sweep): results independent of the executor and of the workers."""

import concurrent.futures as cf
import functools
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from snncourse.regimes import PhaseDiagram, reduced_brunel
from snncourse.sweep import (load_phase_diagram, phase_diagram_sweep, point_rng,
                             save_phase_diagram, sweep)

DATA = Path(__file__).resolve().parents[1] / "data"
# A small reduced Brunel network: 500 neurons, 100 ms per point.
SMALL = functools.partial(reduced_brunel, n_exc=400, c_exc=40)
GRID = dict(g_values=[4.0, 6.0], eta_values=[1.0, 2.0], network=SMALL, duration=100.0,
            t_start=20.0, n_record=50, seed=3, progress=False)


def _draw(point, rng):
    return (point, float(rng.random()))


def _slow_first(point, rng):
    # the first points finish last: completion order is the reverse of submission order
    time.sleep(0.05 * (3 - point))
    return (point, threading.get_ident(), float(rng.random()))


def _not_a_network(g, eta):
    return {"g": g, "eta": eta}


def _fail(point, rng):
    if point == 2:
        raise ValueError(f"bad point {point}")
    return point


def test_point_rng_is_a_seed_sequence_spawn():
    expected = np.random.default_rng(np.random.SeedSequence(5, spawn_key=(2,))).random(3)
    assert_array_equal(point_rng(5, 2).random(3), expected)
    assert point_rng(5, 2).random() != point_rng(5, 3).random()
    assert point_rng(5, 2).random() != point_rng(6, 2).random()


def test_sweep_returns_results_in_point_order_not_completion_order():
    with cf.ThreadPoolExecutor(4) as ex:
        out = sweep(_slow_first, [0, 1, 2, 3], seed=1, executor=ex, progress=False)
    assert [o[0] for o in out] == [0, 1, 2, 3]
    assert len({o[1] for o in out}) > 1  # really ran on several threads
    draws = [o[2] for o in out]
    assert draws == [point_rng(1, i).random() for i in range(4)]


def test_sweep_same_results_on_any_executor():
    points = list(range(6))
    serial = sweep(_draw, points, seed=11, executor=cf.ThreadPoolExecutor(1), progress=False)
    with cf.ThreadPoolExecutor(3) as ex:
        threads = sweep(_draw, points, seed=11, executor=ex, progress=False)
    pool = sweep(_draw, points, seed=11, max_workers=2, progress=False)  # default process pool
    assert serial == threads == pool
    assert sweep(_draw, points, seed=12, executor=cf.ThreadPoolExecutor(1),
                 progress=False) != serial


def test_sweep_progress_bar_and_errors(capsys):
    sweep(_draw, [1, 2], seed=0, executor=cf.ThreadPoolExecutor(1), progress=True, desc="pts")
    assert "2/2" in capsys.readouterr().err
    with pytest.raises(ValueError, match="bad point 2"):
        sweep(_fail, [1, 2, 3], seed=0, executor=cf.ThreadPoolExecutor(1), progress=False)
    with pytest.raises(TypeError, match="func must be callable"):
        sweep(3, [1], seed=0)
    with pytest.raises(TypeError, match="seed must be a non-negative int"):
        sweep(_draw, [1], seed=-1)
    with pytest.raises(TypeError, match="seed must be a non-negative int"):
        sweep(_draw, [1], seed=None)
    with pytest.raises(TypeError, match="executor must be a concurrent.futures.Executor"):
        sweep(_draw, [1], seed=0, executor="local")


def test_phase_diagram_sweep_independent_of_workers():
    one = phase_diagram_sweep(executor=cf.ProcessPoolExecutor(1), **GRID)
    with cf.ProcessPoolExecutor(2) as ex:
        two = phase_diagram_sweep(executor=ex, **GRID)
    assert isinstance(one, PhaseDiagram) and one.rate.shape == (2, 2)
    for name in ("rate", "cv", "chi", "f_peak", "state"):
        assert_array_equal(getattr(one, name), getattr(two, name), err_msg=name)
    assert np.all(one.rate > 1.0)  # the network is active: equality is not trivial
    other = phase_diagram_sweep(executor=cf.ThreadPoolExecutor(2), **{**GRID, "seed": 4})
    assert not np.array_equal(one.rate, other.rate)


def test_phase_diagram_sweep_on_a_local_dask_cluster():
    distributed = pytest.importorskip("distributed", reason="needs dask[distributed]")
    ref = phase_diagram_sweep(executor=cf.ThreadPoolExecutor(1), **GRID)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = phase_diagram_sweep(executor=client.get_executor(), **GRID)
    for name in ("rate", "cv", "chi", "f_peak", "state"):
        assert_array_equal(getattr(ref, name), getattr(dask, name), err_msg=name)


def test_phase_diagram_sweep_validates():
    with pytest.raises(ValueError, match="g_values must be >= 0"):
        phase_diagram_sweep([-1.0], [1.0], progress=False)
    with pytest.raises(ValueError, match="t_start must be < duration"):
        phase_diagram_sweep([4.0], [1.0], duration=50.0, t_start=60.0, progress=False)
    with pytest.raises(TypeError, match="network must be a callable"):
        phase_diagram_sweep([4.0], [1.0], network=3, progress=False)
    with pytest.raises(TypeError, match="network must return a NetworkParams"):
        phase_diagram_sweep([4.0], [1.0], network=_not_a_network, executor=cf.ThreadPoolExecutor(1),
                            progress=False)


def test_save_and_load_phase_diagram(tmp_path):
    pd = PhaseDiagram(g=np.array([3.0, 5.0]), eta=np.array([2.0]), rate=np.array([[330.0, 40.0]]),
                      cv=np.array([[0.05, np.nan]]), chi=np.array([[0.2, 0.1]]),
                      f_peak=np.array([[330.0, 60.0]]), state=np.array([["SR", "AI"]]))
    save_phase_diagram(pd, tmp_path / "pd.npz", command="python -m x", seed=1)
    back, meta = load_phase_diagram(tmp_path / "pd.npz")
    assert meta == {"command": "python -m x", "seed": 1}
    assert_array_equal(back.cv, pd.cv)
    assert back.state.tolist() == [["SR", "AI"]]
    with pytest.raises(TypeError, match="diagram must be a PhaseDiagram"):
        save_phase_diagram({"g": 1}, tmp_path / "x.npz")


@pytest.mark.skipif(not (DATA / "phase_diagram_full.npz").exists(),
                    reason="data/phase_diagram_full.npz not generated yet")
def test_committed_full_size_phase_diagram():
    pd, meta = load_phase_diagram(DATA / "phase_diagram_full.npz")
    assert meta["n_neurons"] == 12500 and meta["command"].startswith("python -m snncourse.sweep")
    assert pd.g.size >= 9 and pd.eta.size >= 9
    assert pd.g.min() == 2.0 and pd.g.max() == 8.0 and pd.eta.min() == 0.5 and pd.eta.max() == 4.0
    col = {g: j for j, g in enumerate(pd.g)}
    # Brunel's Figure 2: synchronous regular where excitation dominates (g < 4) ...
    assert np.all(pd.state[pd.eta >= 1.0, col[2.0]] == "SR")
    # ... asynchronous irregular at g = 5 and moderate drive, SI fast at strong drive and g >= 6
    near_ai = np.argmin(abs(pd.eta - 2.0))
    assert pd.state[near_ai, col[5.0]] == "AI"
    assert pd.state[-1, col[8.0]] == "SI fast"
    assert 30.0 < pd.rate[near_ai, col[5.0]] < 50.0
    # the rate falls as inhibition grows at fixed drive
    assert np.all(np.diff(pd.rate[pd.eta >= 1.0][:, pd.g >= 3.5], axis=1) < 0)
    # its spectra have the statistics' sampling, so the SR line is at its true
    # frequency, near one spike per delay (1000 / 1.5 ms = 667 Hz), not its
    # 1 ms-bin alias near 333 Hz
    from snncourse.analysis import SPECTRUM_BIN_MS

    assert meta["spectrum_bin_ms"] == SPECTRUM_BIN_MS
    # (at g = 2 two points lock in a faster pattern, 444 Hz a neuron, a 1000 Hz line)
    assert np.all(pd.f_peak[pd.eta >= 1.0, col[2.0]] > 600.0)
    sr = pd.f_peak[pd.eta >= 1.0, col[2.75]]
    assert np.all(abs(sr - 1000.0 / 1.5) < 10.0), sr


def test_executor_default_is_cpu_count(monkeypatch):
    seen = {}
    real = cf.ProcessPoolExecutor

    def fake(n):
        seen["n"] = n
        return cf.ThreadPoolExecutor(n)

    monkeypatch.setattr(cf, "ProcessPoolExecutor", fake)
    sweep(_draw, [1], seed=0, progress=False)
    assert seen["n"] == (os.cpu_count() or 1)
    monkeypatch.setattr(cf, "ProcessPoolExecutor", real)
