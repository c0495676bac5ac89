import numpy as np
import pytest
from numpy.testing import assert_allclose

from snncourse import LIFParams, simulate_fi_curve, simulate_neuron
from snncourse import theory


def test_free_decay_matches_exponential():
    p = LIFParams(tau_m=15.0, v_rest=-70.0, v_th=-50.0, v_reset=-75.0)
    res = simulate_neuron(p, 0.0, duration=100.0, dt=0.1, v0=-60.0)
    expected = -70.0 + 10.0 * np.exp(-res.times / 15.0)
    assert_allclose(res.v[0], expected, rtol=0, atol=1e-12)
    assert res.spike_times.size == 0


def test_euler_error_is_first_order_and_exact_is_not():
    p = LIFParams(tau_m=10.0)
    errors = []
    for dt in (0.5, 0.25):
        res = simulate_neuron(p, 0.0, duration=20.0, dt=dt, v0=15.0, method="euler")
        errors.append(abs(res.v[0, -1] - 15.0 * np.exp(-2.0)))
    assert errors[0] / errors[1] == pytest.approx(2.0, rel=0.05)
    exact = simulate_neuron(p, 0.0, duration=20.0, dt=0.5, v0=15.0)
    assert abs(exact.v[0, -1] - 15.0 * np.exp(-2.0)) < 1e-12


def test_step_current_charges_to_v_inf():
    p = LIFParams()
    res = simulate_neuron(p, 1.5, duration=200.0)  # v_inf = 15 mV < threshold
    assert_allclose(res.v[0, -1], 15.0 * (1 - np.exp(-10.0)), atol=1e-9)


@pytest.mark.parametrize(
    "params",
    [
        LIFParams(),  # Brunel's neuron: tau 20, theta 20, V_r 10, t_ref 2
        LIFParams(tau_m=10.0, v_rest=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=3.0, r_m=50.0),
    ],
)
def test_fi_curve_within_two_percent_of_closed_form(params):
    currents = np.linspace(0.0, 6.0, 121) * (params.v_th - params.v_rest) / params.r_m
    expected = theory.fi_curve(params, currents)
    simulated = simulate_fi_curve(params, currents, duration=2000.0, dt=0.1)
    band = (expected >= 5.0) & (expected <= 150.0)
    assert band.sum() > 20
    assert_allclose(simulated[band], expected[band], rtol=0.02)
    assert np.all(simulated[expected == 0] == 0)


def test_closed_form_test_values():
    mu = np.array([21.0, 25.0, 30.0, 40.0])
    assert_allclose(theory.fi_curve(LIFParams(), mu / 10.0), [20.02, 41.71, 63.04, 98.92], atol=0.01)


def test_refractory_clamp_and_dropped_input():
    p = LIFParams(t_ref=5.0)
    # a strong pulse at 1 ms makes a spike; pulses during the refractory period are dropped
    res = simulate_neuron(p, 0.0, duration=20.0, input_spikes=([1.0, 3.0, 5.0], [25.0, 5.0, 5.0]))
    assert_allclose(res.spike_times, [1.0])
    during = (res.times > 1.0) & (res.times <= 6.0)
    assert_allclose(res.v[0, during], p.v_reset)
    assert res.v[0, -1] < p.v_reset  # it then relaxes towards rest


def test_psp_is_a_jump_then_exponential_decay():
    p = LIFParams()
    res = simulate_neuron(p, 0.0, duration=50.0, input_spikes=([10.0], [0.5]))
    after = res.times >= 10.0
    assert_allclose(res.v[0, after], 0.5 * np.exp(-(res.times[after] - 10.0) / 20.0), atol=1e-12)
    assert np.all(res.v[0, res.times < 10.0] == 0.0)


def test_white_noise_variance():
    p = LIFParams(v_th=1000.0)
    res = simulate_neuron(p, 1.0, duration=2000.0, n_neurons=200, noise_sigma=4.0, rng=3,
                          v0=10.0)
    tail = res.v[:, 1000:]
    assert tail.mean() == pytest.approx(10.0, abs=0.1)
    assert tail.std() == pytest.approx(4.0 / np.sqrt(2.0), rel=0.03)


def test_poisson_input_mean_and_variance_match_shot_noise():
    # Campbell's theorem: mean = tau * sum(rate w), var = tau/2 * sum(rate w^2)
    p = LIFParams(v_th=1000.0)
    rates, w = (2000.0, 1000.0), (0.2, -0.2)
    res = simulate_neuron(p, 0.0, duration=1000.0, n_neurons=200,
                          poisson_input=list(zip(rates, w)), rng=4)
    tail = res.v[:, 2000:]
    tau = p.tau_m / 1000.0
    mean = tau * sum(r * x for r, x in zip(rates, w))
    var = tau / 2 * sum(r * x * x for r, x in zip(rates, w))
    assert tail.mean() == pytest.approx(mean, abs=0.05)
    assert tail.var() == pytest.approx(var, rel=0.05)


def test_poisson_driven_neuron_fires_at_siegert_rate():
    p = LIFParams()
    # Brunel's external drive at eta = 2 without recurrence: mu = 40 mV, sigma = sqrt(0.1*40) = 2 mV
    res = simulate_neuron(p, 0.0, duration=5000.0, n_neurons=100,
                          poisson_input=[(1000 * 20.0, 0.1), (250 * 40.0, -0.1)], rng=5)
    mu = 20.0 * (20.0 * 0.1 - 10.0 * 0.1)  # tau (nu_e J - nu_i J), rates in 1/ms
    sigma = np.sqrt(20.0 * (20.0 * 0.01 + 10.0 * 0.01))
    expected = theory.siegert_rate(p, mu, sigma)
    simulated = res.spike_times[res.spike_times > 200].size / 100 / 4.8
    assert 5 < expected < 100
    assert simulated == pytest.approx(expected, rel=0.10)


def test_determinism():
    kw = dict(duration=200.0, n_neurons=5, noise_sigma=5.0, poisson_input=[(1000.0, 0.5)])
    a = simulate_neuron(LIFParams(), 1.8, rng=7, **kw)
    b = simulate_neuron(LIFParams(), 1.8, rng=7, **kw)
    c = simulate_neuron(LIFParams(), 1.8, rng=8, **kw)
    assert np.array_equal(a.v, b.v) and np.array_equal(a.spike_times, b.spike_times)
    assert not np.array_equal(a.v, c.v)


def test_current_shapes():
    p = LIFParams()
    n_steps = 100
    ramp = np.linspace(0, 5, n_steps)
    assert simulate_neuron(p, ramp, duration=10.0).v.shape == (1, n_steps + 1)
    per_neuron = np.array([[1.0], [3.0]])
    assert simulate_neuron(p, per_neuron, duration=10.0, n_neurons=2).v.shape == (2, n_steps + 1)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"dt": 0.0}, ValueError, r"dt must be > 0 \(in ms\), got 0.0"),
        ({"dt": -0.1}, ValueError, "dt must be > 0"),
        ({"duration": 0.0}, ValueError, "duration must be > 0"),
        ({"noise_sigma": -1.0}, ValueError, "noise_sigma must be >= 0"),
        ({"current": np.ones(7)}, ValueError, r"current must be a scalar, \(100,\)"),
        ({"current": "a lot"}, TypeError, "current must be a number or array_like in nA"),
        ({"method": "rk4"}, ValueError, "method must be one of 'exact', 'euler', got 'rk4'"),
        ({"n_neurons": 0}, ValueError, "n_neurons must be an integer >= 1"),
        ({"rng": "seed"}, TypeError, "rng must be a numpy.random.Generator, an int seed or None"),
        ({"poisson_input": [(-5.0, 0.1)]}, ValueError, "poisson_input rate must be >= 0"),
        ({"input_spikes": ([0.0], [1.0])}, ValueError,
         r"input_spikes times must lie in \(0, duration=10\] ms, got 0.0"),
        ({"input_spikes": ([5.0, 12.5, 20.0], [1.0, 1.0, 1.0])}, ValueError,
         r"input_spikes times must lie in \(0, duration=10\] ms, got 12.5 and 1 more"),
        ({"input_spikes": [1.0, 2.0, 3.0]}, TypeError, r"input_spikes must be a pair \(times_ms, weights_mV\), got"),
        ({"v0": [0.0, 1.0]}, ValueError, r"v0 must be a number or 1 numbers \(n_neurons=1\) in mV, got shape \(2,\)"),
        ({"v0": float("nan")}, ValueError, r"v0 must be finite \(mV\), got nan"),
        ({"v0": "rest"}, TypeError, r"v0 must be a number or 1 numbers \(n_neurons=1\) in mV, got 'rest'"),
        ({"record_v": [0, 1]}, TypeError, r"record_v must be True or False, got \[0, 1\]"),
        ({"poisson_input": [(100.0, float("inf"))]}, ValueError, r"poisson_input weight must be finite"),
        ({"dt": 30.0, "duration": 60.0, "method": "euler"}, ValueError, "dt must be < tau_m"),
    ],
)
def test_simulate_neuron_validation(kwargs, exc, match):
    args = dict(current=1.0, duration=10.0)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        simulate_neuron(LIFParams(), args.pop("current"), **args)


def test_v0_per_neuron():
    res = simulate_neuron(LIFParams(), 0.0, duration=1.0, n_neurons=3, v0=[1.0, 2.0, 3.0])
    assert_allclose(res.v[:, 0], [1.0, 2.0, 3.0])


def test_params_type_error():
    with pytest.raises(TypeError, match="params must be a LIFParams"):
        simulate_neuron({"tau_m": 20}, 1.0, duration=10.0)


def test_fi_curve_is_a_deprecated_name_of_simulate_fi_curve():
    import snncourse as sc

    with pytest.warns(DeprecationWarning, match="simulate_fi_curve"):
        old = sc.fi_curve(LIFParams(), [2.5], duration=200.0)
    assert old == pytest.approx(simulate_fi_curve(LIFParams(), [2.5], duration=200.0))
