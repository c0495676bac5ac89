"""Checks of notebook 3, synapses and delays: ex-3.1 (a delay line), ex-3.2 and ex-3.3
(mean and standard deviation of the membrane potential under Poisson input, measured).

Contents
--------
delay_ref
    The reference of ex-3.1.
late_v
    The recorded potentials after the transient (ex-3.2 and ex-3.3 measure them).
NU_SHOT, J_SHOT, TAU_SHOT
    The shot noise of ex-3.2 and ex-3.3 (Hz, mV, ms).
EXERCISES
    The records of ex-3.1, ex-3.2 and ex-3.3.
"""

import numpy as np

from ...neuron import NeuronResult
from ._core import Mistake, check_cases, check_number, exercise, result_arg


# ---------------------------------------------------------------------------
# ex-3.1: a delay line
# ---------------------------------------------------------------------------
def delay_ref(spike_times, weights, delay, dt, n_steps):
    """ex-3.1 reference: summed weight (mV) arriving in each of ``n_steps`` steps."""
    t = np.asarray(spike_times, dtype=float)
    w = np.asarray(weights, dtype=float)
    steps = np.rint(t / dt).astype(np.int64) + int(round(delay / dt))
    keep = steps < n_steps
    out = np.zeros(n_steps)
    np.add.at(out, steps[keep], w[keep])
    return out


def _delay_variant(*, trunc=False, raw_delay=False, assign=False, shift=0, no_drop=False):
    def delayed_input(spike_times, weights, delay, dt, n_steps):
        t = np.asarray(spike_times, dtype=float)
        w = np.asarray(weights, dtype=float)
        conv = (lambda x: np.floor(x).astype(np.int64)) if trunc else \
            (lambda x: np.rint(x).astype(np.int64))
        d = int(round(delay)) if raw_delay else int(conv(np.float64(delay / dt)))
        steps = conv(t / dt) + d + shift
        keep = (steps < n_steps) & (steps >= 0)
        if no_drop:
            keep = steps >= 0
        out = np.zeros(n_steps)
        if assign:
            out[steps[keep]] += w[keep]
        else:
            np.add.at(out, steps[keep], w[keep])
        return out
    return delayed_input


_DELAY_MISTAKES = (
    Mistake("round(", "convert ms to steps with round(), not int(): 0.3 / 0.1 = "
            "2.9999999999999996 truncates to 2", _delay_variant(trunc=True)),
    Mistake("steps", "convert the delay from ms to steps: round(delay / dt)",
            _delay_variant(raw_delay=True)),
    Mistake("np.add.at", "several spikes can arrive in the same step: out[idx] += w adds a "
            "repeated index only once; use np.add.at(out, idx, w) or np.bincount",
            _delay_variant(assign=True)),
    Mistake("off by one", "off by one step: a spike at step k arrives at step "
            "k + round(delay / dt), one step later than yours", _delay_variant(shift=-1)),
    Mistake("off by one", "off by one step: a spike at step k arrives at step "
            "k + round(delay / dt), one step earlier than yours", _delay_variant(shift=1)),
)


def _check_delay(ex, fn):
    rng = np.random.default_rng(31)
    k = np.sort(rng.integers(0, 400, 40))
    cases = [
        ("spikes at 0, 0.3, 0.3, 1.0 ms, delay 0.3 ms, dt 0.1 ms, 20 steps",
         (np.array([0.0, 0.3, 0.3, 1.0]), np.array([0.5, 0.2, 0.3, -1.0]), 0.3, 0.1, 20)),
        ("40 random spikes in 0-40 ms, delay 1.5 ms, dt 0.1 ms, 400 steps (some arrive after "
         "the end)", (k * 0.1, rng.choice([0.1, -0.5], 40), 1.5, 0.1, 400)),
        ("no input spikes", (np.empty(0), np.empty(0), 1.5, 0.1, 50)),
        ("a delay of one step, dt = 0.5 ms",
         (np.array([0.0, 1.0, 1.0, 2.5]), np.array([1.0, 2.0, 3.0, 4.0]), 0.5, 0.5, 10)),
    ]
    hints = ((IndexError, "arrivals at step n_steps or later fall outside the window: drop "
              "them"),
             (Exception, "spike_times and weights are numpy float arrays of the same length "
              "(maybe empty); delay and dt are floats (ms), n_steps an int"))
    return check_cases(fn, ex, cases, error_hints=hints)


# ---------------------------------------------------------------------------
# ex-3.2 and ex-3.3: the membrane potential under Poisson input
# ---------------------------------------------------------------------------
#: Shot noise of ex-3.2 and ex-3.3: one Poisson train of NU_SHOT Hz, each spike J_SHOT mV.
NU_SHOT, J_SHOT, TAU_SHOT = 1000.0, 0.5, 20.0
_SHOT_MEAN = J_SHOT * NU_SHOT * TAU_SHOT / 1000.0               # 10 mV
_SHOT_STD = float(np.sqrt(J_SHOT**2 * NU_SHOT * TAU_SHOT / 1000.0 / 2.0))  # 1.58 mV
_T_TRANSIENT = 100.0  # ms


def late_v(res, t_start=_T_TRANSIENT):
    """The recorded potentials (mV) at the times ``>= t_start`` (ms)."""
    return res.v[:, res.times >= t_start]


def _v_mean(res):
    """ex-3.2 reference: the measured mean potential (mV) after the transient."""
    return float(late_v(res).mean())


def _v_std(res):
    """ex-3.3 reference: the measured standard deviation (mV) over neurons and times."""
    return float(late_v(res).std())


_TRANSIENT_HINT = ("leave out the first 100 ms: the neurons start at rest and charge up "
                   "(a transient)")
_V_MEAN_MISTAKES = (
    Mistake("units", "units: nu in Hz times tau in ms is 1000 times too large; use nu / 1000 "
            "(spikes per ms)", lambda res: 1000.0 * _SHOT_MEAN),
    Mistake("J", "that is the jump J of one input spike; the mean is J nu tau",
            lambda res: J_SHOT),
    Mistake("measure", "that is Campbell's prediction J nu tau; the exercise asks you to "
            "measure the mean of res.v after 100 ms, then compare it with the prediction",
            lambda res: _SHOT_MEAN),
    Mistake("transient", _TRANSIENT_HINT, lambda res: float(res.v.mean())),
)

_V_STD_MISTAKES = (
    Mistake("variance", "that is the variance (mV^2): take its square root",
            lambda res: _v_std(res) ** 2),
    Mistake("1/2", "the stationary variance of shot noise is J^2 nu tau / 2: the factor 1/2 "
            "is missing", lambda res: np.sqrt(2.0) * _SHOT_STD),
    Mistake("units", "units: nu in Hz times tau in ms: use nu / 1000 (per ms)",
            lambda res: np.sqrt(1000.0) * _SHOT_STD),
    Mistake("transient", _TRANSIENT_HINT, lambda res: float(res.v.std())),
)


def _poisson_result(res):
    return result_arg(res, kinds=(NeuronResult,), need_v=True)


def _check_v_mean(ex, value, res):
    _poisson_result(res)
    x = check_number(value, ex.name, _v_mean(res), rtol=1e-3, unit="mV", mistakes=ex.mistakes,
                     context=(res,), match_rtol=1e-3)
    return f"mean V = {x:.3f} mV after 100 ms; Campbell's theorem: J nu tau = {_SHOT_MEAN:g} mV."


def _check_v_std(ex, value, res):
    _poisson_result(res)
    x = check_number(value, ex.name, _v_std(res), rtol=0.03, unit="mV", mistakes=ex.mistakes,
                     context=(res,), match_rtol=0.02)
    return f"std of V = {x:.3f} mV; theory: sqrt(J^2 nu tau / 2) = {_SHOT_STD:.3f} mV."


EXERCISES = (
    exercise("ex-3.1", "return the input (mV) that delayed spikes deliver in each time step",
             "function", "delayed_input", 'check("ex-3.1", delayed_input)', delay_ref,
             _check_delay, _DELAY_MISTAKES),
    exercise("ex-3.2", "measure the mean membrane potential (mV) under Poisson input after "
             "100 ms", "number", "v_mean", 'check("ex-3.2", v_mean, res)', _v_mean,
             _check_v_mean, _V_MEAN_MISTAKES, n_context=1),
    exercise("ex-3.3", "measure the standard deviation of the membrane potential (mV) under "
             "Poisson input", "number", "v_std", 'check("ex-3.3", v_std, res)', _v_std,
             _check_v_std, _V_STD_MISTAKES, n_context=1),
)
