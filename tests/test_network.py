import numpy as np
import pytest
from numpy.testing import assert_allclose

from snncourse import (
    Connectivity,
    LIFParams,
    NetworkParams,
    bernoulli,
    brunel2000,
    build_connectivity,
    fixed_indegree,
    load_result,
    simulate_network,
)
from snncourse import theory

SMALL = NetworkParams(n_exc=80, n_inh=20, c_exc=8, c_inh=2, j_exc=0.5, g=4.0,
                      nu_ext=30.0, c_ext=200, j_ext=0.2, noise_sigma=1.0)


# --- connectivity -------------------------------------------------------------

def test_fixed_indegree_exact_degrees_no_autapses():
    c = fixed_indegree(300, 75, 30, 8, rng=1)
    from_e, from_i = c.in_degrees()
    assert np.all(from_e == 30) and np.all(from_i == 8)
    assert not np.any(c.sources() == c.targets)
    assert c.targets.dtype == np.int32 and c.n_synapses == 375 * 38
    # sources of E synapses are E neurons, of I synapses I neurons
    w = c.to_dense()
    assert w[:, :300].sum(axis=1).tolist() == [30] * 375
    assert np.all(np.diag(w) == 0)


def test_fixed_indegree_autapses_allowed():
    c = fixed_indegree(20, 0, 19, 0, autapses=True, rng=2)
    assert np.any(c.sources() == c.targets)


def test_bernoulli_degrees_are_binomial():
    n_e, n_i, p = 2000, 500, 0.1
    c = bernoulli(n_e, n_i, p, p, rng=3)
    from_e, from_i = c.in_degrees()
    # E-target E in-degree is Binomial(n_e - 1, p), I targets Binomial(n_e, p)
    assert from_e.mean() == pytest.approx(p * n_e, rel=0.01)
    assert from_e.std() == pytest.approx(np.sqrt(n_e * p * (1 - p)), rel=0.1)
    assert from_i.mean() == pytest.approx(p * n_i, rel=0.02)
    assert not np.any(c.sources() == c.targets)
    assert np.all(np.diff(c.indptr) >= 0) and c.indptr[-1] == c.n_synapses


def test_connectivity_deterministic():
    a = build_connectivity(SMALL, rng=5)
    b = build_connectivity(SMALL, rng=5)
    assert np.array_equal(a.targets, b.targets) and np.array_equal(a.indptr, b.indptr)


# --- engine -------------------------------------------------------------------

def test_delay_and_weights_are_exact():
    # two neurons wired to each other, both start above threshold and spike at t = dt
    net = NetworkParams(n_exc=1, n_inh=1, c_exc=1, c_inh=1, j_exc=0.5, g=3.0, delay=2.0,
                        neuron=LIFParams(t_ref=0.0), v_init=(25.0, 25.0), autapses=True)
    conn = Connectivity(indptr=np.array([0, 1, 2]), targets=np.array([1, 0], dtype=np.int32),
                        n_exc=1, n_inh=1)
    res = simulate_network(net, duration=10.0, dt=0.1, rng=0, connectivity=conn, record_ids=[0, 1])
    assert_allclose(res.spike_times, [0.1, 0.1])
    t = res.times
    k_arrive = int(round((0.1 + 2.0) / 0.1))
    # neuron 1 receives +J from neuron 0, neuron 0 receives -gJ from neuron 1
    decay = np.exp(-0.1 / 20.0)
    assert_allclose(res.v[1, k_arrive] - res.v[1, k_arrive - 1] * decay, 0.5, atol=1e-12)
    assert_allclose(res.v[0, k_arrive] - res.v[0, k_arrive - 1] * decay, -1.5, atol=1e-12)
    assert_allclose(res.exc_input[1, k_arrive - 1], 0.5)
    assert_allclose(res.inh_input[0, k_arrive - 1], -1.5)
    assert np.all(res.exc_input[1, : k_arrive - 1] == 0)
    assert t[k_arrive] == pytest.approx(2.1)


def test_input_during_refractory_period_is_dropped():
    net = NetworkParams(n_exc=1, n_inh=1, c_exc=1, c_inh=1, j_exc=5.0, g=0.0, delay=1.0,
                        neuron=LIFParams(t_ref=2.0), v_init=(25.0, 25.0), autapses=True)
    conn = Connectivity(indptr=np.array([0, 1, 2]), targets=np.array([1, 0], dtype=np.int32),
                        n_exc=1, n_inh=1)
    res = simulate_network(net, duration=5.0, rng=0, connectivity=conn, record_ids=[1])
    k = int(round(1.1 / 0.1))  # arrival step: within the 2 ms refractory period
    assert res.exc_input[0, k - 1] == 5.0
    assert res.v[0, k] == net.neuron.v_reset


def test_determinism_same_seed_identical_other_seed_different():
    a = simulate_network(SMALL, duration=200.0, rng=11, record_ids=[0])
    b = simulate_network(SMALL, duration=200.0, rng=11, record_ids=[0])
    c = simulate_network(SMALL, duration=200.0, rng=12, record_ids=[0])
    assert a.spike_times.size > 100
    assert np.array_equal(a.spike_times, b.spike_times) and np.array_equal(a.spike_ids, b.spike_ids)
    assert np.array_equal(a.v, b.v)
    assert not (a.spike_times.size == c.spike_times.size and np.array_equal(a.spike_ids, c.spike_ids))


def test_spikes_sorted_and_in_range():
    res = simulate_network(SMALL, duration=100.0, rng=1)
    assert np.all(np.diff(res.spike_times) >= 0)
    assert res.spike_ids.min() >= 0 and res.spike_ids.max() < 100
    assert np.all(res.spike_times > 0) and np.all(res.spike_times <= 100.0)


def test_save_load_round_trip(tmp_path):
    res = simulate_network(SMALL, duration=100.0, rng=3, record_ids=[1, 5, 90])
    path = tmp_path / "run.npz"
    res.save(path)
    with np.load(path, allow_pickle=False) as f:
        for name in ("spike_times", "spike_ids", "n_exc", "n_inh", "duration", "dt"):
            assert name in f.files
    back = load_result(path)
    for name in ("spike_times", "spike_ids", "record_ids", "v", "exc_input", "inh_input"):
        assert np.array_equal(getattr(back, name), getattr(res, name)), name
    assert (back.n_exc, back.n_inh, back.duration, back.dt, back.seed) == (80, 20, 100.0, 0.1, 3)
    assert back.params == SMALL
    assert np.array_equal(back.connectivity.targets, res.connectivity.targets)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"dt": 0.0}, ValueError, r"dt must be > 0 \(in ms\), got 0.0"),
        ({"dt": 4.0, "duration": 12.0}, ValueError, r"delay must be at least 1 time step\(s\) of dt=4 ms"),
        ({"duration": -1.0}, ValueError, "duration must be > 0"),
        ({"record_ids": [100]}, ValueError, r"record_ids must hold neuron indices in 0..99, got \[100\]"),
        ({"record_ids": [0.5]}, TypeError, r"record_ids must be a sequence of neuron indices, got \[0.5\]"),
        ({"rng": 1.5}, TypeError, "rng must be a numpy.random.Generator"),
        ({"connectivity": "dense"}, TypeError, "connectivity must be a Connectivity"),
    ],
)
def test_simulate_network_validation(kwargs, exc, match):
    args = dict(duration=10.0)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        simulate_network(SMALL, **args)


def test_record_v_is_a_deprecated_name_of_record_ids():
    new = simulate_network(SMALL, duration=20.0, rng=4, record_ids=[2, 7])
    with pytest.warns(DeprecationWarning, match=r"simulate_network\(record_v=\.\.\.\) is deprecated: use record_ids"):
        old = simulate_network(SMALL, duration=20.0, rng=4, record_v=[2, 7])
    assert np.array_equal(old.v, new.v) and old.record_ids.tolist() == [2, 7]
    with pytest.raises(TypeError, match="give only record_ids"):
        simulate_network(SMALL, duration=20.0, record_ids=[1], record_v=[1])


@pytest.mark.parametrize("t_start", [100.0, 150.0, -1.0, float("nan")])
def test_mean_rate_rejects_t_start_outside_the_run(t_start):
    res = simulate_network(SMALL, duration=100.0, rng=1)
    with pytest.raises(ValueError, match=r"t_start must be in \[0, duration=100\) ms, got"):
        res.mean_rate(t_start)


def test_mean_rate_counts_spikes_after_t_start():
    res = simulate_network(SMALL, duration=100.0, rng=1)
    n = np.count_nonzero(res.spike_times >= 40.0)
    assert res.mean_rate(40.0) == pytest.approx(n * 1000.0 / (100 * 60.0))


def test_old_files_with_sigma_ext_load_silently(tmp_path):
    import json
    import warnings
    res = simulate_network(SMALL, duration=20.0, rng=3)
    path = tmp_path / "old.npz"
    res.save(path)
    with np.load(path, allow_pickle=False) as f:
        data = {name: f[name] for name in f.files}
    params = json.loads(str(data["params_json"]))
    params["sigma_ext"] = params.pop("noise_sigma")  # as written before the rename
    data["params_json"] = np.array(json.dumps(params))
    np.savez_compressed(path, **data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = load_result(path)
    assert back.params == SMALL and back.params.noise_sigma == 1.0


# --- continuing a run from its final state -------------------------------------

ONE_SOURCE = {
    "poisson": SMALL.replace(noise_sigma=0.0),
    "noise": SMALL.replace(nu_ext=0.0, i_ext=1.8, noise_sigma=3.0),
}


def _steps(res):
    return np.rint(res.spike_times / res.dt).astype(np.int64)


def _continued(net, t1, total=200.0, seed=5, ids=(0, 3, 95)):
    """A run of total ms, and the same run split at t1 ms with the Generator passed on."""
    whole = simulate_network(net, duration=total, rng=np.random.default_rng(seed), record_ids=ids)
    gen = np.random.default_rng(seed)
    first = simulate_network(net, duration=t1, rng=gen, record_ids=ids)
    rest = simulate_network(net, duration=total - t1, rng=gen, record_ids=ids,
                            initial_state=first.final_state)
    return whole, first, rest


def _assert_same_run(whole, first, rest):
    n1 = int(round(first.duration / first.dt))
    assert np.array_equal(_steps(whole), np.concatenate([_steps(first), _steps(rest) + n1]))
    assert np.array_equal(whole.spike_ids, np.concatenate([first.spike_ids, rest.spike_ids]))
    assert np.array_equal(whole.v, np.concatenate([first.v, rest.v[:, 1:]], axis=1))
    for name in ("exc_input", "inh_input"):  # the E/I split of the input in flight too
        assert np.array_equal(getattr(whole, name),
                              np.concatenate([getattr(first, name), getattr(rest, name)], axis=1))
    a, b = whole.final_state, rest.final_state
    for name in ("v", "refractory", "in_flight_times", "in_flight_ids"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.t == pytest.approx(b.t) == whole.duration


@pytest.mark.parametrize("name", sorted(ONE_SOURCE))
@pytest.mark.parametrize("t1", [100.0, 0.3])  # 0.3 ms: shorter than the delay
def test_a_continued_run_equals_the_whole_run_bit_for_bit(name, t1):
    whole, first, rest = _continued(ONE_SOURCE[name], t1)
    assert whole.spike_times.size > 200
    _assert_same_run(whole, first, rest)


def test_report_network_continued_equals_200_ms_in_one_go():
    from snncourse import seed_report
    whole, first, rest = _continued(seed_report(), 100.0, ids=(0, 199))
    assert first.final_state.in_flight_ids.size > 0 and np.any(first.final_state.refractory > 0)
    _assert_same_run(whole, first, rest)


def test_two_random_sources_continue_exactly_only_on_block_boundaries():
    # Poisson counts and noise are drawn in interleaved blocks of 128 steps
    _assert_same_run(*_continued(SMALL, 12.8))
    whole, first, rest = _continued(SMALL, 100.0)
    assert not np.array_equal(whole.final_state.v, rest.final_state.v)
    assert rest.mean_rate() == pytest.approx(whole.mean_rate(100.0), rel=0.3)


def test_final_state_holds_what_the_loop_keeps():
    res = simulate_network(SMALL, duration=50.0, rng=2)
    st = res.final_state
    assert st.n_neurons == 100 and st.dt == 0.1 and st.delay == pytest.approx(SMALL.delay)
    assert st.t == 50.0 and st.connectivity is res.connectivity
    assert np.all((st.v < SMALL.neuron.v_th) & np.isfinite(st.v))
    # the last spikes: refractory time left counts down from t_ref, in flight for one delay
    last = res.spike_times > res.duration - SMALL.neuron.t_ref + 1e-9
    t_left = SMALL.neuron.t_ref - (res.duration - res.spike_times[last])
    assert_allclose(st.refractory[res.spike_ids[last]], t_left)
    assert np.count_nonzero(st.refractory) == np.unique(res.spike_ids[last]).size
    flight = res.spike_times > res.duration - SMALL.delay + 1e-9
    assert np.array_equal(st.in_flight_ids, res.spike_ids[flight])
    assert_allclose(st.in_flight_times, res.spike_times[flight] - res.duration)
    with pytest.raises(ValueError, match="read-only"):
        st.v[0] = 0.0


def test_one_state_starts_two_branches_and_is_not_changed():
    first = simulate_network(SMALL, duration=30.0, rng=1)
    v0 = first.final_state.v.copy()
    a = simulate_network(SMALL, duration=30.0, rng=9, initial_state=first.final_state)
    b = simulate_network(SMALL.replace(nu_ext=60.0), duration=30.0, rng=9,
                         initial_state=first.final_state)
    assert np.array_equal(first.final_state.v, v0)
    again = simulate_network(SMALL, duration=30.0, rng=9, initial_state=first.final_state)
    assert np.array_equal(a.spike_times, again.spike_times)
    assert b.mean_rate() > 1.3 * a.mean_rate()  # the state carries on under another drive


def test_final_state_survives_save_and_load(tmp_path):
    net = ONE_SOURCE["poisson"]
    whole = simulate_network(net, duration=60.0, rng=np.random.default_rng(3))
    gen = np.random.default_rng(3)
    first = simulate_network(net, duration=30.0, rng=gen)
    first.save(tmp_path / "first.npz")
    back = load_result(tmp_path / "first.npz")
    rest = simulate_network(net, duration=30.0, rng=gen, initial_state=back.final_state)
    assert np.array_equal(whole.final_state.v, rest.final_state.v)
    first.save(tmp_path / "bare.npz", connectivity=False)
    bare = load_result(tmp_path / "bare.npz").final_state
    with pytest.raises(ValueError, match="initial_state carries no connectivity"):
        simulate_network(net, duration=10.0, initial_state=bare)
    simulate_network(net, duration=10.0, initial_state=bare, connectivity=first.connectivity)


def test_initial_state_validation():
    first = simulate_network(SMALL, duration=20.0, rng=1)
    st = first.final_state
    cases = [
        (SMALL, {"initial_state": first}, TypeError, "pass result.final_state"),
        (SMALL, {"initial_state": {"v": st.v}}, TypeError, "initial_state must be a NetworkState"),
        (SMALL.replace(n_exc=81), {}, ValueError, r"initial_state must hold 101 neurons .* got a state of 100"),
        (SMALL, {"dt": 0.05}, ValueError, r"initial_state was made with dt=0.1 ms"),
        (SMALL.replace(delay=2.0), {}, ValueError, r"same delay, got net.delay=2.0 ms"),
        (SMALL.replace(neuron=SMALL.neuron.replace(t_ref=0.5)), {}, ValueError,
         r"initial_state.refractory must lie in \[0, t_ref=0.5\] ms"),
        (SMALL, {"connectivity": build_connectivity(SMALL, 99)}, ValueError,
         "connectivity must be the wiring of the run initial_state ends"),
    ]
    for net, kwargs, exc, match in cases:
        args = dict(duration=10.0, initial_state=st)
        args.update(kwargs)
        with pytest.raises(exc, match=match):
            simulate_network(net, **args)


def test_results_module_and_network_module_export_the_same_objects():
    from snncourse import network, results
    assert network.SimulationResult is results.SimulationResult
    assert network.NetworkState is results.NetworkState
    assert network.load_result is results.load_result


def test_wrong_connectivity_size():
    conn = fixed_indegree(10, 5, 2, 1, rng=0)
    with pytest.raises(ValueError, match="connectivity must have n_exc=80, n_inh=20, got 10, 5"):
        simulate_network(SMALL, duration=10.0, connectivity=conn)


def test_net_type_error():
    with pytest.raises(TypeError, match="net must be a NetworkParams"):
        simulate_network({"n_exc": 10}, duration=10.0)


def test_delay_not_multiple_of_dt_warns():
    with pytest.warns(UserWarning, match=r"delay=1.55 ms is not a multiple of dt=0.1 ms; rounded to 16 steps"):
        simulate_network(SMALL.replace(delay=1.55), duration=5.0, rng=0)


# --- Brunel's regimes -----------------------------------------------------------

def _rates(res, t0):
    m = res.spike_times >= t0
    ids = res.spike_ids[m]
    window = (res.duration - t0) / 1000.0
    return (np.count_nonzero(ids < res.n_exc) / res.n_exc / window,
            np.count_nonzero(ids >= res.n_exc) / res.n_inh / window)


def _pop_spectrum_peak(res, t0, fmin=5.0):
    from scipy.signal import welch
    m = res.spike_times >= t0
    counts = np.bincount(((res.spike_times[m] - t0) // 1.0).astype(int))
    f, p = welch(counts - counts.mean(), fs=1000.0, nperseg=min(256, counts.size))
    sel = f >= fmin
    return f[sel][np.argmax(p[sel])], counts


@pytest.mark.slow
def test_brunel_ai_full_size_matches_mean_field():
    net = brunel2000(5.0, 2.0)
    res = simulate_network(net, duration=700.0, rng=1)
    rate_e, rate_i = _rates(res, 200.0)
    expected = theory.brunel_rate(net)
    assert expected == pytest.approx(38.0, rel=0.01)
    assert rate_e == pytest.approx(expected, rel=0.10)
    assert rate_i == pytest.approx(expected, rel=0.10)


@pytest.mark.slow
def test_brunel_si_slow_low_rate_and_slow_oscillation():
    res = simulate_network(brunel2000(4.5, 0.9, scale=0.2), duration=1200.0, rng=2)
    rate_e, rate_i = _rates(res, 200.0)
    assert 2.0 < rate_e < 12.0 and 2.0 < rate_i < 12.0
    peak, _ = _pop_spectrum_peak(res, 200.0)
    assert 10.0 <= peak <= 40.0


@pytest.mark.slow
def test_brunel_sr_synchronous_and_fast():
    res = simulate_network(brunel2000(3.0, 2.0, scale=0.2), duration=300.0, rng=3)
    rate_e, rate_i = _rates(res, 100.0)
    assert rate_e > 200.0 and rate_i > 200.0
    peak, counts = _pop_spectrum_peak(res, 100.0)
    # synchronous: population count per ms far more variable than for independent neurons
    assert counts.var() / counts.mean() > 50.0
    assert peak > 150.0
