"""Cross-check snncourse.simulate_network against Brian2 on the same model and wiring.

The Brian2 model lives in ``benchmarks/brian2_model.py`` (shared with the
benchmark); its docstring explains how Brian2's schedule, delay and
refractory period are matched to snncourse's step. Both simulators start
from the same initial potentials on the same wiring (snncourse's, passed
synapse by synapse to ``Synapses.connect(i=..., j=...)``).

1. Without external Poisson input (constant current drive) nothing random
   is left after the initial state, so the two must produce the *same*
   spikes, step for step; Brian2's default formulation must not (control).
2. With Brunel's external Poisson drive (different random streams) the
   statistics must agree: E and I rates within 10 %, mean ISI CV within 0.1.

Brian2 runs with the numpy target (no compilation). About 17 s of CPU in
all: 12-22 s on a 2-core machine at a load average of 2-3, up to ~40 s when
other jobs share it.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_array_equal

brian2 = pytest.importorskip("brian2")

from snncourse.analysis import isi_cv  # noqa: E402
from snncourse.network import simulate_network  # noqa: E402
from snncourse.params import NetworkParams, brunel2000  # noqa: E402

pytestmark = [
    pytest.mark.crosscheck,
    pytest.mark.slow,
    # Brian2 2.9 calls pyparsing's camelCase names, deprecated in pyparsing 3.3
    pytest.mark.filterwarnings("ignore::DeprecationWarning:brian2"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:pyparsing"),
]

_spec = importlib.util.spec_from_file_location(
    "brian2_model", Path(__file__).resolve().parents[1] / "benchmarks" / "brian2_model.py")
brian2_model = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(brian2_model)

DT = 0.1  # ms


@pytest.fixture(autouse=True)
def _numpy_target():
    brian2.prefs.codegen.target = "numpy"


def _steps_and_ids(times, ids):
    """Spikes as (step, id) rows in a canonical order."""
    steps = np.rint(np.asarray(times) / DT).astype(np.int64)
    order = np.lexsort((ids, steps))
    return np.column_stack([steps[order], np.asarray(ids)[order]])


# A small network driven by a constant suprathreshold current (v_inf = 25 mV):
# about 40 Hz, irregular through the recurrent jumps, with plenty of input
# arriving during refractory periods and multapses in the wiring.
SMALL = NetworkParams(n_exc=80, n_inh=20, c_exc=8, c_inh=2, j_exc=0.5, g=4.0, i_ext=2.5)
SMALL_SEED, SMALL_T = 3, 300.0  # ms


@pytest.fixture(scope="module")
def small_snncourse():
    return simulate_network(SMALL, duration=SMALL_T, dt=DT, rng=SMALL_SEED)


def _small_brian2(res, match_schedule):
    v0, _ = brian2_model.snncourse_initial_state(SMALL, SMALL_SEED)
    return brian2_model.run_brian2(SMALL, duration=SMALL_T, dt=DT, v0=v0,
                                   connectivity=res.connectivity, seed=SMALL_SEED,
                                   match_schedule=match_schedule)


def test_initial_state_helper_matches_engine(small_snncourse):
    v0, conn = brian2_model.snncourse_initial_state(SMALL, SMALL_SEED)
    assert_array_equal(conn.targets, small_snncourse.connectivity.targets)
    assert_array_equal(conn.indptr, small_snncourse.connectivity.indptr)
    rec = simulate_network(SMALL, duration=DT, dt=DT, rng=SMALL_SEED, record_ids=[0, 57, 99])
    assert_array_equal(rec.v[:, 0], v0[[0, 57, 99]])


def test_same_spikes_as_brian2_step_for_step(small_snncourse):
    res = small_snncourse
    assert res.spike_times.size > 1000  # ~40 Hz, enough events to be a real test
    out = _small_brian2(res, match_schedule=True)
    assert_array_equal(_steps_and_ids(out["spike_times"], out["spike_ids"]),
                       _steps_and_ids(res.spike_times, res.spike_ids))


def test_brian2_default_schedule_gives_other_spikes(small_snncourse):
    # Control: Brian2's usual formulation (delay D applied after the threshold,
    # refractory period counted from the start of the spike step) is a
    # slightly different discretisation, so the comparison above can fail.
    res = small_snncourse
    out = _small_brian2(res, match_schedule=False)
    a = _steps_and_ids(out["spike_times"], out["spike_ids"])
    b = _steps_and_ids(res.spike_times, res.spike_ids)
    assert a.shape != b.shape or not np.array_equal(a, b)


# Brunel's AI network (g = 5, eta = 2) at scale 0.2: N = 2,500, C_E = 1,000.
BRUNEL_SEED, BRUNEL_T, T_START = 1, 1000.0, 200.0  # ms


def _rates_and_cv(times, ids, net):
    keep = times >= T_START
    times, ids = times[keep], ids[keep]
    window_s = (BRUNEL_T - T_START) / 1000.0
    n_e = np.count_nonzero(ids < net.n_exc)
    rate_e = n_e / (net.n_exc * window_s)
    rate_i = (ids.size - n_e) / (net.n_inh * window_s)
    return rate_e, rate_i, float(np.nanmean(isi_cv(times, ids, net.n_neurons)))


def test_brunel_ai_statistics_agree_with_brian2():
    net = brunel2000(5.0, 2.0, scale=0.2)
    res = simulate_network(net, duration=BRUNEL_T, dt=DT, rng=BRUNEL_SEED)
    v0, _ = brian2_model.snncourse_initial_state(net, BRUNEL_SEED)
    out = brian2_model.run_brian2(net, duration=BRUNEL_T, dt=DT, v0=v0,
                                  connectivity=res.connectivity, seed=BRUNEL_SEED)
    ours = _rates_and_cv(res.spike_times, res.spike_ids, net)
    theirs = _rates_and_cv(out["spike_times"], out["spike_ids"], net)
    msg = (f"snncourse E {ours[0]:.2f} Hz, I {ours[1]:.2f} Hz, CV {ours[2]:.3f}; "
           f"Brian2 E {theirs[0]:.2f} Hz, I {theirs[1]:.2f} Hz, CV {theirs[2]:.3f}")
    assert 30.0 < ours[0] < 50.0, msg  # the AI state, not silence or saturation
    assert abs(ours[0] - theirs[0]) <= 0.1 * theirs[0], msg
    assert abs(ours[1] - theirs[1]) <= 0.1 * theirs[1], msg
    assert abs(ours[2] - theirs[2]) <= 0.1, msg
