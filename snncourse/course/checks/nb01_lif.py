"""Checks of notebook 1, the LIF neuron: ex-1.1 (Euler step), ex-1.2 (LIF loop), ex-1.3 (rheobase).

Contents
--------
CORTICAL_NEURON
    The neuron of ex-1.2 and ex-1.3, in cortical units (rest at -65 mV).
euler_step_ref, lif_ref
    The references of ex-1.1 and ex-1.2.
lif_variant
    The engine's Euler loop written out, with one optional mistake (ex-1.2's diagnoses).
EXERCISES
    The records of ex-1.1, ex-1.2 and ex-1.3.
"""

import numpy as np

from ...neuron import simulate_neuron
from ...params import LIFParams
from ._core import Mistake, check_cases, check_number, exercise

#: The neuron of ex-1.2 and ex-1.3: voltages in cortical units (rest at -65 mV).
CORTICAL_NEURON = LIFParams(tau_m=10.0, v_rest=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=3.0,
                            r_m=100.0)


# ---------------------------------------------------------------------------
# ex-1.1: one forward-Euler step
# ---------------------------------------------------------------------------
def euler_step_ref(v, current, dt, params):
    """ex-1.1 reference: one forward-Euler step of eq. 1.1 (mV), no threshold."""
    v = np.asarray(v, dtype=float)
    i = np.asarray(current, dtype=float)
    return v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * i)


def _euler_variant(*, seconds=False, no_rm=False, milli_rm=False, no_tau=False, no_rest=False,
                   sign=False, increment=False, exact=False, threshold=False):
    """One Euler step with one deliberate mistake."""
    def euler_step(v, current, dt, p):
        v = np.asarray(v, dtype=float)
        i = np.asarray(current, dtype=float)
        if exact:
            v_inf = p.v_rest + p.r_m * i
            return v_inf + (v - v_inf) * np.exp(-dt / p.tau_m)
        step = dt / 1000.0 if seconds else dt
        drive = i if no_rm else p.r_m * i / (1000.0 if milli_rm else 1.0)
        leak = -v if no_rest else -(v - p.v_rest)
        if sign:
            leak = -leak
        dv = step / (1.0 if no_tau else p.tau_m) * (leak + drive)
        if increment:
            return dv
        out = v + dv
        return np.where(out >= p.v_th, p.v_reset, out) if threshold else out
    return euler_step


_EULER_MISTAKES = (
    Mistake("units", "units: dt and tau_m are both in ms, so dt / tau_m needs no conversion "
            "(do not turn dt into seconds)", _euler_variant(seconds=True)),
    Mistake("already mV", "units: MOhm x nA is already mV, so R_m I needs no factor 1000",
            _euler_variant(milli_rm=True)),
    Mistake("r_m", "the drive is R_m I (MOhm x nA = mV): multiply the current by params.r_m",
            _euler_variant(no_rm=True)),
    Mistake("tau_m", "divide by the membrane time constant: dV = dt / tau_m * (...)",
            _euler_variant(no_tau=True)),
    Mistake("v_rest", "the leak pulls V towards v_rest: write -(v - params.v_rest), not -v",
            _euler_variant(no_rest=True)),
    Mistake("sign", "sign of the leak: the term is -(V - V_rest), so V relaxes towards rest",
            _euler_variant(sign=True)),
    Mistake("increment", "return the new potential v + dV, not the increment dV",
            _euler_variant(increment=True)),
    Mistake("exact", "that is the exact exponential step; this exercise asks for one "
            "forward-Euler step v + dt / tau_m * (...)", _euler_variant(exact=True)),
    Mistake("threshold", "no threshold here: one Euler step of eq. 1.1 only (threshold and "
            "reset come in ex-1.2)", _euler_variant(threshold=True)),
)


def _check_euler(ex, fn):
    rng = np.random.default_rng(11)
    p = LIFParams()
    cases = [  # the first case tells every mistake apart (v away from v_rest = 0 and from 0)
        ("v = 5 mV, I = 2.5 nA, dt = 0.1 ms", (5.0, 2.5, 0.1, p)),
        ("v = 0 mV, I = 2.5 nA, dt = 0.1 ms", (0.0, 2.5, 0.1, p)),
        ("v = 15 mV, I = 0 nA, dt = 0.1 ms", (15.0, 0.0, 0.1, p)),
        ("v = 19.9 mV, I = 5 nA, dt = 0.5 ms (above threshold after the step)",
         (19.9, 5.0, 0.5, p)),
        ("a neuron with v_rest = -65 mV, r_m = 100 MOhm, tau_m = 10 ms; v = -60 mV, I = 0.2 nA",
         (-60.0, 0.2, 0.1, CORTICAL_NEURON)),
        ("an array of 6 potentials and one current", (rng.uniform(0, 20, 6), 1.7, 0.05, p)),
        ("arrays of 5 potentials and 5 currents",
         (rng.uniform(-70, -50, 5), rng.uniform(0, 0.3, 5), 0.2, CORTICAL_NEURON)),
    ]
    hints = ((Exception, "v and current are numbers or numpy arrays of the same shape; "
              "params is a LIFParams (params.tau_m, params.v_rest, params.r_m)"),)
    return check_cases(fn, ex, cases, error_hints=hints)


# ---------------------------------------------------------------------------
# ex-1.2: threshold, reset and refractory period
# ---------------------------------------------------------------------------
def lif_ref(params, current, duration, dt):
    """ex-1.2 reference: the engine's forward-Euler integration; spike times (ms)."""
    return simulate_neuron(params, current, duration=duration, dt=dt, method="euler",
                           record_v=False).spike_times


def lif_variant(*, refractory=True, ref_shift=0, ref_int=False, early=False, seconds=False,
                reset_rest=False, steps=False):
    """The engine's Euler loop, written out, with one deliberate mistake."""
    def simulate_lif(params, current, duration, dt):
        n_steps = int(round(duration / dt))
        ratio = params.t_ref / dt
        ref_steps = (int(ratio) if ref_int else int(round(ratio))) + ref_shift
        if not refractory:
            ref_steps = 0
        drive = params.v_rest + params.r_m * current
        decay = 1.0 - dt / params.tau_m
        reset = params.v_rest if reset_rest else params.v_reset
        v, last, spikes = params.v_rest, None, []
        for k in range(n_steps):
            v = drive + (v - drive) * decay
            if last is not None and k - last < ref_steps:
                v = reset
            if v >= params.v_th:
                spikes.append(k if early else k + 1)
                v, last = reset, k + 1
        out = np.asarray(spikes, dtype=float)
        if steps:
            return out
        out = out * dt
        return out / 1000.0 if seconds else out
    return simulate_lif


_LIF_MISTAKES = (
    Mistake("refractory", "refractory period ignored: after a spike hold V at v_reset for "
            "round(t_ref / dt) steps", lif_variant(refractory=False)),
    Mistake("round(", "the refractory period lasts round(t_ref / dt) steps, not "
            "int(t_ref / dt): 0.7 / 0.1 = 6.999999999999999 truncates to 6",
            lif_variant(ref_int=True)),
    Mistake("off by one", "off by one step: the refractory clamp lasts one step too long "
            "(it holds V for steps k with k - k_spike < round(t_ref / dt))",
            lif_variant(ref_shift=1)),
    Mistake("off by one", "off by one step: the refractory clamp is one step too short",
            lif_variant(ref_shift=-1)),
    Mistake("off by one", "off by one step: a crossing during step k (from t_k to t_k+1) is a "
            "spike at t_k+1 = (k + 1) dt, not at k dt", lif_variant(early=True)),
    Mistake("units", "units: return spike times in ms, not in s", lif_variant(seconds=True)),
    Mistake("v_reset", "reset V to params.v_reset, not to v_rest", lif_variant(reset_rest=True)),
    Mistake("units", "units: return spike times in ms ((k + 1) * dt), not step indices",
            lif_variant(steps=True)),
)


def _check_lif(ex, fn):
    p = LIFParams()
    cases = [
        ("LIFParams(), I = 2.5 nA, 100 ms, dt = 0.1 ms", (p, 2.5, 100.0, 0.1)),
        ("LIFParams(), I = 1.5 nA (below the rheobase: no spike)", (p, 1.5, 100.0, 0.1)),
        ("t_ref = 0 ms, I = 3 nA", (p.replace(t_ref=0.0), 3.0, 100.0, 0.1)),
        ("t_ref = 5 ms, I = 6 nA", (p.replace(t_ref=5.0), 6.0, 100.0, 0.1)),
        ("a neuron with v_reset = -70 mV below v_rest = -65 mV, I = 0.3 nA, dt = 0.05 ms",
         (CORTICAL_NEURON, 0.3, 100.0, 0.05)),
        ("t_ref = 0.7 ms, I = 5 nA, dt = 0.1 ms", (p.replace(t_ref=0.7), 5.0, 50.0, 0.1)),
    ]
    hints = ((IndexError, "check your array indices"),
             (Exception, "params is a LIFParams, current, duration and dt are floats (nA, ms)"))
    return check_cases(fn, ex, cases, error_hints=hints)


# ---------------------------------------------------------------------------
# ex-1.3: the rheobase
# ---------------------------------------------------------------------------
_RHEOBASE = (CORTICAL_NEURON.v_th - CORTICAL_NEURON.v_rest) / CORTICAL_NEURON.r_m  # 0.15 nA
_RHEOBASE_MISTAKES = (
    Mistake("units", "units: that is a voltage (mV); the rheobase is a current: divide by "
            "r_m (MOhm) to get nA", lambda: CORTICAL_NEURON.v_th - CORTICAL_NEURON.v_rest),
    Mistake("v_rest", "measure the distance to threshold from v_rest, not from 0 mV",
            lambda: CORTICAL_NEURON.v_th / CORTICAL_NEURON.r_m),
    Mistake("v_reset", "the rheobase brings V from rest (v_rest) to threshold, not from v_reset",
            lambda: (CORTICAL_NEURON.v_th - CORTICAL_NEURON.v_reset) / CORTICAL_NEURON.r_m),
    Mistake("units", "units: give the current in nA, not in pA", lambda: 1000.0 * _RHEOBASE),
)


def _check_rheobase(ex, value):
    x = check_number(value, ex.name, _RHEOBASE, lo=0.145, hi=0.1601, unit="nA",
                     mistakes=ex.mistakes)
    return f"the rheobase is {x:.4g} nA (theory: (v_th - v_rest) / r_m = {_RHEOBASE:.4g} nA)."


EXERCISES = (
    exercise("ex-1.1", "return V after one forward-Euler step of eq. 1.1 (mV), no threshold",
             "function", "euler_step", 'check("ex-1.1", euler_step)', euler_step_ref,
             _check_euler, _EULER_MISTAKES),
    exercise("ex-1.2", "simulate the LIF neuron (forward Euler, threshold, reset, refractory "
             "clamp) and return its spike times (ms)", "function", "simulate_lif",
             'check("ex-1.2", simulate_lif)', lif_ref, _check_lif, _LIF_MISTAKES),
    exercise("ex-1.3", "find the rheobase (nA) of the neuron p_cortex by simulation", "number",
             "rheobase", 'check("ex-1.3", rheobase)', lambda: _RHEOBASE, _check_rheobase,
             _RHEOBASE_MISTAKES),
)
