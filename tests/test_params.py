import dataclasses

import pytest

from snncourse import LIFParams, NetworkParams, brunel2000, seed_report
from snncourse.params import BRUNEL_STATES
from snncourse.presets import PRESETS, get_preset


def test_lif_defaults_and_str():
    p = LIFParams()
    assert (p.tau_m, p.v_th, p.v_reset, p.t_ref) == (20.0, 20.0, 10.0, 2.0)
    assert "tau_m=20 ms" in str(p) and "r_m=10 MOhm" in str(p)
    assert p.replace(tau_m=10.0).tau_m == 10.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.tau_m = 3.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"tau_m": 0.0}, r"tau_m must be > 0 \(in ms\), got 0.0"),
        ({"tau_m": -5.0}, "tau_m must be > 0"),
        ({"v_reset": 20.0}, r"v_reset must be < v_th \(v_th=20.0 mV\), got 20.0"),
        ({"v_reset": 25.0}, "v_reset must be < v_th"),
        ({"t_ref": -1.0}, "t_ref must be >= 0"),
        ({"v_th": -5.0, "v_reset": -10.0}, "v_th must be > v_rest"),
        ({"r_m": 0.0}, "r_m must be > 0"),
        ({"tau_m": float("nan")}, "tau_m must be finite"),
    ],
)
def test_lif_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LIFParams(**kwargs)


def test_lif_type_error():
    with pytest.raises(TypeError, match="tau_m must be a real number"):
        LIFParams(tau_m="20")


def test_brunel_values():
    net = brunel2000()
    assert (net.n_exc, net.n_inh, net.c_exc, net.c_inh) == (10000, 2500, 1000, 250)
    assert net.nu_thr == pytest.approx(10.0)
    assert net.nu_ext == pytest.approx(20.0)
    assert net.eta == pytest.approx(2.0)
    assert net.j_inh == pytest.approx(-0.5)
    assert net.delay == 1.5 and net.neuron.t_ref == 2.0 and net.neuron.v_reset == 10.0
    assert "(AI)" in net.name
    small = brunel2000(4.5, 0.9, scale=0.2)
    assert (small.n_exc, small.n_inh, small.c_exc) == (2000, 500, 1000)
    assert small.nu_ext == pytest.approx(9.0)


def test_brunel_overrides_route_neuron_fields():
    net = brunel2000(connectivity="bernoulli", v_reset=0.0)
    assert net.connectivity == "bernoulli" and net.neuron.v_reset == 0.0


@pytest.mark.parametrize("scale", [0.1, 0.05, 0.001])
def test_brunel_scale_too_small(scale):
    with pytest.raises(ValueError, match=r"scale must give n_exc > c_exc = 1000, got scale="):
        brunel2000(scale=scale)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"n_exc": 0}, ValueError, "n_exc must be an integer >= 1, got 0"),
        ({"n_exc": 10.5}, TypeError, "n_exc must be an integer"),
        ({"c_exc": 800}, ValueError, r"c_exc must be <= 799 for n_exc=800 without autapses, got 800"),
        ({"c_inh": 500}, ValueError, "c_inh must be <="),
        ({"delay": 0.0}, ValueError, r"delay must be > 0 \(in ms\)"),
        ({"nu_ext": -1.0}, ValueError, r"nu_ext must be >= 0 \(in Hz\), got -1.0"),
        ({"noise_sigma": -1.0}, ValueError, "noise_sigma must be >= 0"),
        ({"connectivity": "random"}, ValueError, "connectivity must be one of 'fixed_indegree', 'bernoulli', got 'random'"),
        ({"g": -1.0}, ValueError, "g must be >= 0"),
        ({"neuron": {"tau_m": 20}}, TypeError, "neuron must be a LIFParams"),
        ({"v_init": (5.0, 1.0)}, ValueError, "v_init must have low <= high"),
    ],
)
def test_network_validation(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        NetworkParams(**kwargs)


def test_presets_are_the_documented_runs():
    expected = {  # name: (g, eta, N, duration, t_start, seed)
        "seed_report": (4.0, None, 200, 3000.0, 200.0, 2024),
        "brunel_ai": (5.0, 2.0, 12500, 600.0, 100.0, 1),
        "brunel_sr": (3.0, 2.0, 12500, 600.0, 100.0, 1),
        "brunel_si_fast": (6.0, 4.0, 12500, 600.0, 100.0, 1),
        "brunel_si_slow": (4.5, 0.9, 12500, 600.0, 100.0, 1),
    }
    assert set(PRESETS) == set(expected)
    for name, (g, eta, n, duration, t_start, seed) in expected.items():
        p = PRESETS[name]
        assert p.name == name and p.network.g == g and p.network.n_neurons == n, name
        assert (p.duration, p.t_start, p.seed) == (duration, t_start, seed), name
        if eta is not None:
            assert p.network.eta == pytest.approx(eta) and p.network == brunel2000(g, eta)
        assert p() == p.network and p(t_ref=1.5).neuron.t_ref == 1.5
    assert PRESETS["seed_report"].network == seed_report()
    # Brunel's named points are written once, in BRUNEL_STATES, and name the networks
    assert {PRESETS[f"brunel_{k}"].network.name.split("(")[1][:-1]
            for k in ("ai", "sr", "si_fast", "si_slow")} == set(BRUNEL_STATES)
    with pytest.raises(ValueError, match="preset must be one of 'seed_report', 'brunel_ai'"):
        get_preset("brunel")
    rep = seed_report()
    assert (rep.n_exc, rep.n_inh) == (160, 40)
    assert rep.connectivity == "fixed_indegree" and rep.neuron.t_ref <= 1.0


@pytest.mark.parametrize("v_init, exc, match", [
    (5.0, TypeError, r"v_init must be None or a pair \(low, high\).*got 5\.0"),
    ((1.0, 2.0, 3.0), TypeError, r"v_init must be None or a pair"),
    (("a", 2.0), TypeError, r"v_init must be None or a pair"),
    ((float("nan"), 2.0), ValueError, r"v_init must hold finite potentials"),
])
def test_v_init_errors_name_the_argument(v_init, exc, match):
    with pytest.raises(exc, match=match):
        NetworkParams(v_init=v_init)


def test_sigma_ext_is_a_deprecated_alias_of_noise_sigma():
    with pytest.warns(DeprecationWarning, match="noise_sigma"):
        net = NetworkParams(sigma_ext=2.0)
    assert net.noise_sigma == 2.0
    with pytest.warns(DeprecationWarning, match="noise_sigma"):
        assert net.sigma_ext == 2.0
