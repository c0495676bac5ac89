r"""Self-checking exercises: ``check("ex-2.1", isi_cv)`` tests a learner's answer.

Every exercise of the course has a stable id ``ex-N.M`` (notebook ``N``,
exercise ``M``) and one entry in :data:`EXERCISES`. An answer is either a
function (checked against a reference on fixed inputs, seeded random inputs
and edge cases) or a number (checked against a known value or against the
same quantity computed by the package from the learner's own simulation).

Contents
--------
check
    Check an answer: prints one line when it is right, raises
    ``AssertionError`` with a diagnosis when it is not.
EXERCISES
    Exercise id -> :class:`Exercise` (notebook, one-line task, kind,
    reference, typical mistakes).
exercise_ids
    The ids, in course order, optionally of one notebook.
NOTEBOOKS
    Notebook number -> stem of its exercise notebook (``ex01_lif_neuron``, ...).

How a check fails
-----------------
The message is one sentence that starts with the exercise id. A function that
still raises ``NotImplementedError``, or a number still ``None``, gives
``"ex-N.M not attempted: ..."`` (the grader relies on these two words). A
wrong answer is compared with typical mistakes (units, ``ddof=1``, an
off-by-one step, unsorted spikes, silent neurons, a forgotten refractory
period, ...): when the answer matches one of them the message names it. A
function that crashes, returns ``None`` or the wrong shape gets a sentence
naming the input and the learner's exception, never a traceback from inside
the package.

Examples
--------
>>> import numpy as np
>>> def my_cv(spike_times, spike_ids, n_neurons):
...     out = np.full(n_neurons, np.nan)
...     for i in range(n_neurons):
...         isi = np.diff(np.sort(np.asarray(spike_times)[np.asarray(spike_ids) == i]))
...         if isi.size >= 2:
...             out[i] = isi.std(ddof=1) / isi.mean()
...     return out
>>> check("ex-2.1", my_cv)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AssertionError: ex-2.1: isi_cv is wrong on ...: ddof: ...
"""

from __future__ import annotations

import copy
import re
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .. import analysis
from ..connectivity import Connectivity
from ..network import SimulationResult
from ..neuron import NeuronResult, simulate_neuron
from ..params import LIFParams

__all__ = ["check", "EXERCISES", "Exercise", "Mistake", "exercise_ids", "NOTEBOOKS"]

#: Notebook number -> stem of its exercise (and solution) notebook.
NOTEBOOKS = {
    1: "ex01_lif_neuron",
    2: "ex02_noise_and_irregular_firing",
    3: "ex03_synapses_and_delays",
    4: "ex04_building_a_network",
    5: "ex05_network_activity",
    6: "ex06_synchronization",
    7: "ex07_brunel_regimes",
    8: "ex08_reproducing_the_report",
}

_ID = re.compile(r"^ex-(\d+)\.(\d+)$")


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Mistake:
    """A typical mistake: a wrong answer and the diagnosis the check gives for it.

    Attributes
    ----------
    keyword : str
        A word the message contains when the check recognises the mistake
        (``"units"``, ``"ddof"``, ``"sort"``, ...); the tests look for it.
    hint : str
        The diagnosis, one sentence.
    wrong : callable
        For a function exercise, a wrong implementation with the learner's
        signature; for a number exercise, a function of the check's context
        arguments that returns the wrong number (no arguments if none), or a
        predicate on the answer.
    example : float or None
        For a predicate, one wrong answer it recognises (used by the tests).
    """

    keyword: str
    hint: str
    wrong: Callable
    example: float | None = None


@dataclass(frozen=True)
class Exercise:
    """One exercise: where it is, what it asks and how it is checked.

    Attributes
    ----------
    id : str
        ``"ex-N.M"``.
    notebook : str
        Stem of the exercise notebook, e.g. ``"ex02_noise_and_irregular_firing"``.
    task : str
        The one-line task, used in the stub ``NotImplementedError``.
    kind : {"function", "number"}
        What the learner hands to :func:`check`.
    name : str
        Name of the learner's function or variable.
    usage : str
        How the check cell calls :func:`check`.
    reference : callable
        The reference function (function exercises) or a function of the
        context returning the right number (number exercises).
    mistakes : tuple of Mistake
        The typical mistakes the check diagnoses.
    n_context : int
        Number of context arguments after the answer (e.g. a simulation result).
    """

    id: str
    notebook: str
    task: str
    kind: str
    name: str
    usage: str
    reference: Callable
    checker: Callable = field(repr=False)
    mistakes: tuple = ()
    n_context: int = 0


EXERCISES: dict = {}


def exercise_ids(notebook=None):
    """Exercise ids in course order, all of them or those of one notebook (number or stem).

    Examples
    --------
    >>> exercise_ids(1)
    ['ex-1.1', 'ex-1.2', 'ex-1.3']
    """
    def key(ex_id):
        n, m = _ID.match(ex_id).groups()
        return int(n), int(m)

    ids = sorted(EXERCISES, key=key)
    if notebook is None:
        return ids
    stem = NOTEBOOKS.get(notebook, notebook)
    return [i for i in ids if EXERCISES[i].notebook == stem]


def _register(ex_id, task, kind, name, usage, reference, mistakes=(), n_context=0):
    """Decorator: register ``checker`` as the check of exercise ``ex_id``."""
    n = int(_ID.match(ex_id).group(1))

    def deco(checker):
        EXERCISES[ex_id] = Exercise(
            id=ex_id, notebook=NOTEBOOKS[n], task=task, kind=kind, name=name, usage=usage,
            reference=reference, checker=checker, mistakes=tuple(mistakes), n_context=n_context,
        )
        return checker

    return deco


# ---------------------------------------------------------------------------
# the entry point
# ---------------------------------------------------------------------------
class _NotAttempted(Exception):
    """The answer is still the stub (NotImplementedError or None)."""


class _Failure(Exception):
    """The answer is wrong; the message says why."""


def check(exercise_id, answer, *context):
    """Check the answer to one exercise; print a line if right, raise if not.

    Parameters
    ----------
    exercise_id : str
        The exercise, ``"ex-N.M"`` (see :data:`EXERCISES`).
    answer : callable or float
        The learner's function, or number, as the exercise asks.
    *context
        What the exercise's check needs besides the answer, e.g. the
        simulation result the number was measured on (see the exercise's
        ``usage``).

    Returns
    -------
    None
        A short success line is printed.

    Raises
    ------
    AssertionError
        If the answer is wrong (the message diagnoses typical mistakes) or
        not attempted yet (the message starts ``"ex-N.M not attempted"``).
    ValueError
        For an unknown exercise id.
    TypeError
        If the check is called with the wrong number of context arguments.

    Examples
    --------
    >>> check("ex-1.3", 0.15)
    ex-1.3 passed: the rheobase is 0.15 nA (theory: (v_th - v_rest) / r_m = 0.15 nA).
    >>> check("ex-1.3", 15.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: ex-1.3: rheobase = 15 is wrong: units: ...
    """
    __tracebackhide__ = True  # noqa: F841  (pytest and IPython hide this frame)
    ex = EXERCISES.get(exercise_id)
    if ex is None:
        raise ValueError(
            f"exercise_id must be one of {', '.join(exercise_ids())}, got {exercise_id!r}")
    if len(context) != ex.n_context:
        raise TypeError(f"check({exercise_id!r}, ...) takes {ex.n_context} argument(s) after the "
                        f"answer; call it as {ex.usage}")
    message = None
    _current[0] = exercise_id
    try:
        summary = ex.checker(answer, *context)
    except _NotAttempted as exc:
        message = f"{exercise_id} not attempted: {exc}"
    except _Failure as exc:
        message = f"{exercise_id}: {exc}"
    if message is not None:
        raise AssertionError(message) from None
    print(f"{exercise_id} passed: {summary}")


# ---------------------------------------------------------------------------
# helpers: calling the learner's code, converting and comparing answers
# ---------------------------------------------------------------------------
def _short(x, width=70):
    """A one-line, shortened repr of an argument or a result."""
    if isinstance(x, np.ndarray):
        text = np.array2string(x, precision=4, threshold=8, edgeitems=3, separator=", ")
    elif isinstance(x, float):
        text = f"{x:.6g}"
    elif isinstance(x, tuple):
        text = "(" + ", ".join(_short(v, width) for v in x) + ")"
    elif isinstance(x, (SimulationResult, NeuronResult)):
        text = f"<{type(x).__name__} of {x.n_neurons} neurons, {x.duration:g} ms>"
    elif isinstance(x, LIFParams):
        text = (f"LIFParams(tau_m={x.tau_m:g}, v_rest={x.v_rest:g}, v_th={x.v_th:g}, "
                f"v_reset={x.v_reset:g}, t_ref={x.t_ref:g}, r_m={x.r_m:g})")
        return text
    elif isinstance(x, np.random.Generator):
        return "rng"
    else:
        text = repr(x)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _args_text(args):
    return ", ".join(_short(a, 60) for a in args)


def _call(fn, name, args, error_hints=()):
    """Call the learner's ``fn(*args)`` on copies; turn every problem into a message."""
    if fn is None or fn is Ellipsis:
        raise _NotAttempted(f"{name} is still {fn!r}: define the function and pass it to check")
    if not callable(fn):
        raise _Failure(f"{name} must be a function, got {type(fn).__name__} {_short(fn)}")
    call_args = copy.deepcopy(args)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*call_args)
    except NotImplementedError as exc:
        text = str(exc)
        other = re.match(r"(ex-\d+\.\d+)", text)
        if other and other.group(1) != _current[0]:
            raise _Failure(f"{name} calls code of {other.group(1)} that still raises "
                           f"NotImplementedError: finish {other.group(1)} first") from None
        raise _NotAttempted(f"{name} still raises NotImplementedError"
                            f"{'(' + repr(text) + ')' if text else ''}; replace the "
                            "`raise NotImplementedError(...)` line by your code") from None
    except Exception as exc:  # the learner's bug: report it, not our traceback
        hint = next((h for t, h in error_hints if isinstance(exc, t)), "")
        raise _Failure(f"{name}({_args_text(args)}) raised {type(exc).__name__}: {exc}"
                       f"{' (' + hint + ')' if hint else ''}") from None
    if out is None:
        raise _Failure(f"{name}({_args_text(args)}) returned None: did you forget `return`?")
    return out


_current = [""]  # id of the exercise being checked (for messages about other exercises)


def _to_array(out, name, expected, *, dtype=float):
    """The learner's output as an ndarray like ``expected``, or a message."""
    if callable(out):
        raise _Failure(f"{name} returned a function, expected an array of numbers")
    try:
        arr = np.asarray(out, dtype=dtype)
    except (TypeError, ValueError):
        raise _Failure(f"{name} returned {type(out).__name__} {_short(out)}, "
                       "expected an array of numbers") from None
    return arr


def _to_float(out, name):
    """The learner's output as a float, or a message."""
    if isinstance(out, bool) or callable(out):
        raise _Failure(f"{name} returned {type(out).__name__} {_short(out)}, expected a number")
    try:
        arr = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise _Failure(f"{name} returned {type(out).__name__} {_short(out)}, "
                       "expected a number") from None
    if arr.size != 1:
        raise _Failure(f"{name} returned an array of shape {arr.shape}, expected a single number")
    return float(arr.reshape(()))


def _close(a, b, rtol=1e-7, atol=1e-9):
    """Equal shapes and values (NaN equals NaN)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _array_compare(rtol=1e-7, atol=1e-9):
    return lambda got, exp: _close(got, exp, rtol, atol)


def _tuple_of_arrays(n, names):
    """Converter for a function returning ``n`` arrays (e.g. ``(lags, counts)``)."""
    def convert(out, name, expected):
        if not isinstance(out, (tuple, list)) or len(out) != n:
            raise _Failure(f"{name} must return {n} values ({', '.join(names)}), "
                           f"got {type(out).__name__} {_short(out)}")
        return tuple(_to_array(o, f"{name} ({nm})", e) for o, nm, e in zip(out, names, expected))
    return convert


def _tuple_close(rtol=1e-7, atol=1e-9):
    return lambda got, exp: all(_close(g, e, rtol, atol) for g, e in zip(got, exp))


def _array_convert(out, name, expected):
    return _to_array(out, name, expected)


def _float_convert(out, name, expected):
    return _to_float(out, name)


def _check_cases(fn, name, cases, reference, mistakes, *, convert=_array_convert,
                 compare=None, error_hints=(), what=""):
    """Run ``fn`` on every case and compare with ``reference``; diagnose a mismatch.

    ``cases`` is a list of ``(label, args)``. On the first mismatch the
    output of every mistake on the same input is computed: the first one that
    differs from the reference and equals the learner's output names the
    mistake. Returns the success summary.
    """
    compare = compare or _array_compare()
    for label, args in cases:
        expected = reference(*copy.deepcopy(args))
        got = convert(_call(fn, name, args, error_hints), name, expected)
        if compare(got, expected):
            continue
        for m in mistakes:
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    alt = convert(m.wrong(*copy.deepcopy(args)), name, expected)
            except Exception:  # noqa: BLE001  (a mistake that cannot run on this input)
                continue
            if not compare(alt, expected) and compare(got, alt):
                raise _Failure(f"{name} is wrong on {label}: {m.hint}")
        shape_note = ""
        if isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) \
                and got.shape != expected.shape:
            shape_note = f" (shape {got.shape}, expected {expected.shape})"
        raise _Failure(f"{name}({_args_text(args)}) on {label} returned {_short(got)}"
                       f"{shape_note}, expected {_short(expected)}")
    return f"{name} agrees with the reference on {len(cases)} inputs{what}."


def _number(value, name, unit=""):
    """The learner's number as a float; None/... is 'not attempted'."""
    if value is None or value is Ellipsis:
        raise _NotAttempted(f"{name} is still {value!r}: replace the "
                            "`raise NotImplementedError(...)` line by code that sets it")
    if isinstance(value, bool) or callable(value) or isinstance(value, str):
        raise _Failure(f"{name} must be a number{' in ' + unit if unit else ''}, "
                       f"got {type(value).__name__} {_short(value)}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _Failure(f"{name} must be a number, got {type(value).__name__} "
                       f"{_short(value)}") from None
    if arr.size != 1:
        raise _Failure(f"{name} must be a single number, got an array of shape {arr.shape} "
                       "(average it, or pick the element the question asks for)")
    return float(arr.reshape(()))


def _check_number(value, name, expected, *, rtol=0.0, atol=0.0, lo=None, hi=None, unit="",
                  mistakes=(), context=(), nan_hint="", match_rtol=None):
    """Compare a number with ``expected`` (within tolerances) or with the range ``[lo, hi]``.

    Each mistake's ``wrong(*context)`` is a wrong number (matched within
    ``match_rtol``) or a predicate on the answer. Returns the answer as a float.
    """
    x = _number(value, name, unit)
    u = f" {unit}" if unit else ""
    if np.isnan(x):
        raise _Failure(f"{name} is NaN{': ' + nan_hint if nan_hint else ''}")

    def accepted(y):
        if lo is not None:
            return lo <= y <= hi
        return abs(y - expected) <= atol + rtol * abs(expected)

    if accepted(x):
        return x
    if match_rtol is None:
        match_rtol = max(rtol, 0.03) if lo is not None else max(rtol, 1e-6)
    for m in mistakes:
        try:
            wrong = m.wrong(*context)
        except Exception:  # noqa: BLE001  (a mistake that does not apply here)
            continue
        if callable(wrong):  # a predicate on the answer
            if wrong(x):
                raise _Failure(f"{name} = {x:.4g} is wrong: {m.hint}")
            continue
        wrong = float(wrong)
        if np.isfinite(wrong) and not accepted(wrong) and \
                abs(x - wrong) <= atol + match_rtol * abs(wrong):
            raise _Failure(f"{name} = {x:.4g} is wrong: {m.hint}")
    target = expected if lo is None else 0.5 * (lo + hi)
    if target and x and np.sign(x) == np.sign(target):
        ratio = x / target
        for factor in (1000.0, 1e6):
            for r, word in ((factor, "large"), (1.0 / factor, "small")):
                if abs(ratio / r - 1) < 0.1:
                    raise _Failure(f"{name} = {x:.4g} is about {factor:g} times too {word}: "
                                   "units? (ms vs s, Hz vs kHz, mV vs V, nA vs pA)")
    direction = "too large" if x > target else "too small"
    raise _Failure(f"{name} = {x:.4g}{u} is {direction}")


def _result_arg(res, name="res", *, kinds=(SimulationResult,), need_v=False):
    """Validate the simulation result passed to a number check."""
    if not isinstance(res, kinds):
        allowed = " or ".join(k.__name__ for k in kinds)
        raise _Failure(f"pass the simulation result ({allowed}) as the last argument of check, "
                       f"got {type(res).__name__}")
    if need_v and getattr(res, "v", None) is None:
        raise _Failure(f"{name} holds no membrane potentials: simulate with record_v=...")
    return res


# ---------------------------------------------------------------------------
# Notebook 1: the LIF neuron
# ---------------------------------------------------------------------------
#: The neuron of ex-1.2 and ex-1.3: voltages in cortical units (rest at -65 mV).
CORTICAL_NEURON = LIFParams(tau_m=10.0, v_rest=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=3.0,
                            r_m=100.0)


def _euler_step_ref(v, current, dt, params):
    """ex-1.1 reference: one forward-Euler step of eq. 1.1, no threshold."""
    v = np.asarray(v, dtype=float)
    i = np.asarray(current, dtype=float)
    return v + dt / params.tau_m * (-(v - params.v_rest) + params.r_m * i)


def _euler_variant(*, seconds=False, no_rm=False, no_tau=False, no_rest=False, sign=False,
                   increment=False, exact=False, threshold=False):
    """One Euler step with one deliberate mistake."""
    def euler_step(v, current, dt, p):
        v = np.asarray(v, dtype=float)
        i = np.asarray(current, dtype=float)
        if exact:
            v_inf = p.v_rest + p.r_m * i
            return v_inf + (v - v_inf) * np.exp(-dt / p.tau_m)
        step = dt / 1000.0 if seconds else dt
        drive = i if no_rm else p.r_m * i
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


@_register("ex-1.1", "return V after one forward-Euler step of eq. 1.1 (mV), no threshold",
           "function", "euler_step", 'check("ex-1.1", euler_step)', _euler_step_ref,
           _EULER_MISTAKES)
def _check_euler(fn):
    rng = np.random.default_rng(11)
    p = LIFParams()
    cases = [
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
    return _check_cases(fn, "euler_step", cases, _euler_step_ref, _EULER_MISTAKES)


def _lif_ref(params, current, duration, dt):
    """ex-1.2 reference: the engine's forward-Euler integration; spike times (ms)."""
    return simulate_neuron(params, current, duration=duration, dt=dt, method="euler",
                           record_v=False).spike_times


def _lif_variant(*, refractory=True, ref_shift=0, ref_int=False, early=False, seconds=False,
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
            "round(t_ref / dt) steps", _lif_variant(refractory=False)),
    Mistake("round(", "the refractory period lasts round(t_ref / dt) steps, not "
            "int(t_ref / dt): 0.7 / 0.1 = 6.999999999999999 truncates to 6",
            _lif_variant(ref_int=True)),
    Mistake("off by one", "off by one step: the refractory clamp lasts one step too long "
            "(it holds V for steps k with k - k_spike < round(t_ref / dt))",
            _lif_variant(ref_shift=1)),
    Mistake("off by one", "off by one step: the refractory clamp is one step too short",
            _lif_variant(ref_shift=-1)),
    Mistake("off by one", "off by one step: a crossing during step k (from t_k to t_k+1) is a "
            "spike at t_k+1 = (k + 1) dt, not at k dt", _lif_variant(early=True)),
    Mistake("units", "units: return spike times in ms, not in s", _lif_variant(seconds=True)),
    Mistake("v_reset", "reset V to params.v_reset, not to v_rest", _lif_variant(reset_rest=True)),
    Mistake("units", "units: return spike times in ms ((k + 1) * dt), not step indices",
            _lif_variant(steps=True)),
)


@_register("ex-1.2", "simulate the LIF neuron (forward Euler, threshold, reset, refractory "
           "clamp) and return its spike times (ms)", "function", "simulate_lif",
           'check("ex-1.2", simulate_lif)', _lif_ref, _LIF_MISTAKES)
def _check_lif(fn):
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
    return _check_cases(fn, "simulate_lif", cases, _lif_ref, _LIF_MISTAKES,
                        error_hints=((IndexError, "check your array indices"),))


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


@_register("ex-1.3", "find the rheobase (nA) of the neuron p_cortex by simulation", "number",
           "rheobase", 'check("ex-1.3", rheobase)', lambda: _RHEOBASE, _RHEOBASE_MISTAKES)
def _check_rheobase(value):
    x = _check_number(value, "rheobase", _RHEOBASE, lo=0.145, hi=0.1601, unit="nA",
                      mistakes=_RHEOBASE_MISTAKES)
    return f"the rheobase is {x:.4g} nA (theory: (v_th - v_rest) / r_m = {_RHEOBASE:.4g} nA)."


# ---------------------------------------------------------------------------
# Notebook 2: noise and irregular firing
# ---------------------------------------------------------------------------
def _cv_variant(*, ddof=0, sort=True, min_spikes=3, fill=np.nan, of_times=False, pooled=False,
                var=False, drop_silent=False):
    """ISI CV per neuron with one deliberate mistake."""
    def isi_cv(spike_times, spike_ids, n_neurons):
        t = np.asarray(spike_times, dtype=float)
        ids = np.asarray(spike_ids, dtype=int)
        out = np.full(n_neurons, np.nan)
        if pooled:
            isis = np.diff(np.sort(t))
            out[:] = isis.std(ddof=ddof) / isis.mean() if isis.size >= 2 else np.nan
            return out
        for i in range(n_neurons):
            ti = t[ids == i]
            if sort:
                ti = np.sort(ti)
            x = ti if of_times else np.diff(ti)
            if ti.size < min_spikes or x.mean() == 0:
                out[i] = fill if ti.size < 3 else np.nan
                continue
            spread = x.var(ddof=ddof) if var else x.std(ddof=ddof)
            out[i] = spread / x.mean()
        if drop_silent:
            out = out[np.bincount(ids, minlength=n_neurons) > 0]
        return out
    return isi_cv


_CV_MISTAKES = (
    Mistake("ddof", "ddof: use the population standard deviation np.std(isis) (ddof = 0, as "
            "Elephant's cv), not ddof = 1", _cv_variant(ddof=1)),
    Mistake("sort", "sort each neuron's spike times before np.diff: spikes may come in any "
            "order", _cv_variant(sort=False)),
    Mistake("intervals", "take the CV of the inter-spike intervals np.diff(times), not of the "
            "spike times", _cv_variant(of_times=True)),
    Mistake("NaN", "NaN rule: a neuron with fewer than 3 spikes (fewer than 2 intervals) gets "
            "NaN; one interval has no spread", _cv_variant(min_spikes=2)),
    Mistake("NaN", "NaN rule: silent neurons and neurons with fewer than 3 spikes get NaN, "
            "not 0", _cv_variant(fill=0.0)),
    Mistake("same neuron", "take intervals between spikes of the same neuron, not between "
            "consecutive spikes of the whole population", _cv_variant(pooled=True)),
    Mistake("silent", "silent neurons: return one value per neuron (n_neurons values), NaN for "
            "the silent ones", _cv_variant(drop_silent=True)),
    Mistake("standard deviation", "CV = standard deviation / mean, not variance / mean",
            _cv_variant(var=True)),
)


def _poisson_like(rng, n, duration, rates):
    """Sorted spikes of ``n`` independent Poisson trains (times ms, ids)."""
    times, ids = [], []
    for i in range(n):
        k = rng.poisson(rates[i] * duration / 1000.0)
        times.append(rng.uniform(0, duration, k))
        ids.append(np.full(k, i))
    t, i = np.concatenate(times), np.concatenate(ids)
    order = np.argsort(t)
    return t[order], i[order]


@_register("ex-2.1", "return the ISI CV of every neuron (NaN with fewer than 3 spikes)",
           "function", "isi_cv", 'check("ex-2.1", isi_cv)', analysis.isi_cv, _CV_MISTAKES)
def _check_isi_cv(fn):
    rng = np.random.default_rng(21)
    t, i = _poisson_like(rng, 6, 1000.0, [20, 5, 0, 40, 10, 3])
    t = np.concatenate([t, [100.0, 350.0]])  # neuron 6: exactly two spikes
    i = np.concatenate([i, [6, 6]])
    order = np.argsort(t)
    t, i = t[order], i[order]
    shuffle = rng.permutation(t.size)
    cases = [
        ("the docstring example (regular, irregular, one spike)",
         ([0.0, 10.0, 20.0, 30.0, 0.0, 10.0, 30.0, 5.0], [0, 0, 0, 0, 1, 1, 1, 2], 3)),
        ("7 neurons sorted by time, one silent, one with two spikes", (t, i, 7)),
        ("the same spikes in random order", (t[shuffle], i[shuffle], 7)),
        ("n_neurons = 10 (neurons 7-9 silent)", (t, i, 10)),
        ("no spikes at all", (np.empty(0), np.empty(0, dtype=int), 3)),
    ]
    return _check_cases(fn, "isi_cv", cases, analysis.isi_cv, _CV_MISTAKES)


def _ff_variant(*, ddof=0, stat="var", axis=1, fill=np.nan, pooled=False):
    """Fano factor per row with one deliberate mistake."""
    def fano_factor(counts):
        c = np.asarray(counts, dtype=float)
        if pooled:
            c = c.sum(axis=0)
        mean = c.mean(axis=axis if c.ndim == 2 else 0)
        var = c.var(axis=axis if c.ndim == 2 else 0, ddof=ddof)
        with np.errstate(all="ignore"):
            value = {"var": var / mean, "std": np.sqrt(var) / mean, "inv": mean / var}[stat]
        out = np.where(mean > 0, value, fill)
        return float(out) if pooled else out
    return fano_factor


_FF_MISTAKES = (
    Mistake("ddof", "ddof: use np.var(counts, axis=1) (ddof = 0), not ddof = 1",
            _ff_variant(ddof=1)),
    Mistake("variance", "the Fano factor is variance / mean, not standard deviation / mean",
            _ff_variant(stat="std")),
    Mistake("variance", "the Fano factor is variance / mean, not mean / variance",
            _ff_variant(stat="inv")),
    Mistake("axis", "rows are neurons, columns are time bins: compute along axis=1 "
            "(one value per neuron)", _ff_variant(axis=0)),
    Mistake("silent", "a silent neuron (mean count 0) gets NaN, not 0", _ff_variant(fill=0.0)),
    Mistake("per neuron", "one Fano factor per neuron (row), not one for the summed population",
            _ff_variant(pooled=True)),
)


def _ff_ref(counts):
    """ex-2.2 reference: the package's Fano factor, one value per row."""
    return np.atleast_1d(analysis.fano_factor(np.atleast_2d(np.asarray(counts, dtype=float))))


@_register("ex-2.2", "return the Fano factor of each row of a count matrix (NaN for a silent "
           "neuron)", "function", "fano_factor", 'check("ex-2.2", fano_factor)', _ff_ref,
           _FF_MISTAKES)
def _check_fano(fn):
    rng = np.random.default_rng(22)
    rand = rng.poisson(rng.uniform(0.5, 6.0, (8, 1)), (8, 40))
    rand[3] = 0
    cases = [
        ("the docstring example [[1, 3, 1, 3], [2, 2, 2, 2], [0, 0, 0, 0]]",
         (np.array([[1, 3, 1, 3], [2, 2, 2, 2], [0, 0, 0, 0]]),)),
        ("Poisson counts of 8 neurons in 40 bins (neuron 3 silent)", (rand,)),
        ("one neuron, 25 bins", (rng.poisson(3.0, (1, 25)),)),
        ("a single bin per neuron", (np.array([[3], [0], [5]]),)),
    ]
    return _check_cases(fn, "fano_factor", cases, _ff_ref, _FF_MISTAKES)


def _counts_of(res, bin_size):
    return analysis.spike_counts(res.spike_times, res.spike_ids, res.n_neurons, bin_size,
                                 t_stop=res.duration)


def _mean_ff(res, bin_size=100.0):
    """ex-2.3 reference: mean Fano factor of the counts in ``bin_size`` windows."""
    ff = analysis.fano_factor(_counts_of(res, bin_size))
    return float(np.nanmean(ff)) if np.any(np.isfinite(ff)) else float("nan")


def _bessel(n):
    """Factor n / (n - 1) between the ddof = 1 and ddof = 0 variances of n values."""
    return n / (n - 1)


def _mean_cv2(res):
    cv = analysis.isi_cv(res.spike_times, res.spike_ids, res.n_neurons)
    return float(np.nanmean(cv**2))


_FF100_MISTAKES = (
    Mistake("ddof", "ddof: the Fano factor uses np.var with ddof = 0",
            lambda res: _mean_ff(res) * _bessel(_counts_of(res, 100.0).shape[1])),
    Mistake("units", "units: bin_size is in ms, the windows are 100 ms long",
            lambda res: _mean_ff(res, 0.1)),
    Mistake("units", "units: the windows are 100 ms long, not 100 time steps (10 ms)",
            lambda res: _mean_ff(res, 10.0)),
    Mistake("per neuron", "compute one Fano factor per neuron, then average; not the Fano "
            "factor of the summed population count",
            lambda res: float(analysis.fano_factor(_counts_of(res, 100.0).sum(axis=0)))),
    Mistake("CV", "that is the mean squared ISI CV: close (for a renewal process F -> CV^2 in "
            "long windows), but the question asks for the Fano factor", _mean_cv2),
    Mistake("CV", "that is the mean ISI CV, not the Fano factor",
            lambda res: float(np.nanmean(analysis.isi_cv(res.spike_times, res.spike_ids,
                                                         res.n_neurons)))),
)


@_register("ex-2.3", "measure the mean Fano factor of spike counts in 100 ms windows",
           "number", "ff_mean", 'check("ex-2.3", ff_mean, res)', _mean_ff, _FF100_MISTAKES,
           n_context=1)
def _check_ff100(value, res):
    _result_arg(res, kinds=(NeuronResult, SimulationResult))
    ref = _mean_ff(res)
    x = _check_number(value, "ff_mean", ref, rtol=0.003, mistakes=_FF100_MISTAKES,
                      context=(res,), nan_hint="average with np.nanmean: a silent neuron's "
                      "Fano factor is NaN")
    return f"mean Fano factor {x:.3f} (100 ms windows); mean CV^2 = {_mean_cv2(res):.3f}."


# ---------------------------------------------------------------------------
# Notebook 3: synapses and delays
# ---------------------------------------------------------------------------
def _delay_ref(spike_times, weights, delay, dt, n_steps):
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


@_register("ex-3.1", "return the input (mV) that delayed spikes deliver in each time step",
           "function", "delayed_input", 'check("ex-3.1", delayed_input)', _delay_ref,
           _DELAY_MISTAKES)
def _check_delay(fn):
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
    return _check_cases(fn, "delayed_input", cases, _delay_ref, _DELAY_MISTAKES,
                        error_hints=((IndexError, "arrivals at step n_steps or later fall "
                                      "outside the window: drop them"),))


#: Shot noise of ex-3.2 and ex-3.3: one Poisson train of NU_SHOT Hz, each spike J_SHOT mV.
NU_SHOT, J_SHOT, TAU_SHOT = 1000.0, 0.5, 20.0
_SHOT_MEAN = J_SHOT * NU_SHOT * TAU_SHOT / 1000.0               # 10 mV
_SHOT_STD = float(np.sqrt(J_SHOT**2 * NU_SHOT * TAU_SHOT / 1000.0 / 2.0))  # 1.58 mV


@_register("ex-3.2", "measure the mean membrane potential (mV) under Poisson input",
           "number", "v_mean", 'check("ex-3.2", v_mean)', lambda: _SHOT_MEAN, (
               Mistake("units", "units: nu in Hz times tau in ms is 1000 times too large; "
                       "use nu / 1000 (spikes per ms)", lambda: 1000.0 * _SHOT_MEAN),
               Mistake("J", "that is the jump J of one input spike; the mean is J nu tau",
                       lambda: J_SHOT),
           ))
def _check_shot_mean(value):
    x = _check_number(value, "v_mean", _SHOT_MEAN, lo=0.97 * _SHOT_MEAN, hi=1.03 * _SHOT_MEAN,
                      unit="mV", mistakes=EXERCISES["ex-3.2"].mistakes)
    return f"mean V = {x:.3f} mV; Campbell's theorem: J nu tau = {_SHOT_MEAN:g} mV."


@_register("ex-3.3", "measure the standard deviation of the membrane potential (mV) under "
           "Poisson input", "number", "v_std", 'check("ex-3.3", v_std)', lambda: _SHOT_STD, (
               Mistake("variance", "that is the variance (mV^2): take its square root",
                       lambda: _SHOT_STD**2),
               Mistake("1/2", "the stationary variance of shot noise is J^2 nu tau / 2: the "
                       "factor 1/2 is missing", lambda: np.sqrt(2.0) * _SHOT_STD),
               Mistake("units", "units: nu in Hz times tau in ms: use nu / 1000 (per ms)",
                       lambda: np.sqrt(1000.0) * _SHOT_STD),
           ))
def _check_shot_std(value):
    x = _check_number(value, "v_std", _SHOT_STD, lo=0.95 * _SHOT_STD, hi=1.05 * _SHOT_STD,
                      unit="mV", mistakes=EXERCISES["ex-3.3"].mistakes, match_rtol=0.02)
    return f"std of V = {x:.3f} mV; theory: sqrt(J^2 nu tau / 2) = {_SHOT_STD:.3f} mV."


# ---------------------------------------------------------------------------
# Notebook 4: building a network
# ---------------------------------------------------------------------------
def _indegree_ref(n_neurons, c, rng):
    """ex-4.1 reference: ``c`` partners per neuron, uniform with replacement, no autapse."""
    src = rng.integers(0, n_neurons - 1, size=(n_neurons, c))
    src += src >= np.arange(n_neurons)[:, None]
    return src


def _indegree_wrong(kind):
    def fixed_indegree_sources(n_neurons, c, rng):
        rows = np.arange(n_neurons)[:, None]
        if kind == "autapses":
            return rng.integers(0, n_neurons, size=(n_neurons, c))
        if kind == "high":
            src = rng.integers(0, n_neurons - 2, size=(n_neurons, c))
            return src + (src >= rows)
        if kind == "global":
            src = np.random.randint(0, n_neurons - 1, size=(n_neurons, c))
            return src + (src >= rows)
        if kind == "transposed":
            return _indegree_ref(n_neurons, c, rng).T
        if kind == "no_replacement":
            return np.array([rng.choice(np.delete(np.arange(n_neurons), i), size=c, replace=False)
                             for i in range(n_neurons)]).reshape(n_neurons, c)
        if kind == "neighbour":
            src = rng.integers(0, n_neurons, size=(n_neurons, c))
            return np.where(src == rows, (rows + 1) % n_neurons, src)
        raise AssertionError(kind)
    return fixed_indegree_sources


_INDEGREE_MISTAKES = (
    Mistake("autapses", "autapses: neuron i must not be one of its own presynaptic partners",
            _indegree_wrong("autapses")),
    Mistake("never drawn", "index n_neurons - 1 is never drawn: rng.integers(low, high) "
            "excludes high", _indegree_wrong("high")),
    Mistake("rng", "use the rng argument (rng.integers(...)), not np.random.* or random: the "
            "same rng seed must give the same wiring", _indegree_wrong("global")),
    Mistake("shape", "shape: one row per postsynaptic neuron, (n_neurons, c)",
            _indegree_wrong("transposed")),
    Mistake("with replacement", "draw with replacement: a partner may be drawn twice "
            "(multapses), as in NEST's fixed_indegree", _indegree_wrong("no_replacement")),
    Mistake("uniform", "not uniform: every other neuron must be equally likely (replacing a "
            "self-connection by i + 1 doubles the chance of i + 1)", _indegree_wrong("neighbour")),
)


def _int_matrix(out, name, shape):
    arr = _to_array(out, name, None)
    if arr.shape != shape:
        if arr.shape == shape[::-1] and shape[0] != shape[1]:
            raise _Failure(f"{name} returned shape {arr.shape}: "
                           + _INDEGREE_MISTAKES[3].hint)
        raise _Failure(f"{name} returned shape {arr.shape}, expected {shape}")
    if arr.size and not np.all(arr == np.round(arr)):
        raise _Failure(f"{name} must return integer neuron indices, got {_short(arr)}")
    return arr.astype(np.int64)


@_register("ex-4.1", "draw c presynaptic partners for every neuron, uniformly with "
           "replacement, without autapses", "function", "fixed_indegree_sources",
           'check("ex-4.1", fixed_indegree_sources)', _indegree_ref, _INDEGREE_MISTAKES)
def _check_indegree(fn):
    name = "fixed_indegree_sources"
    h = {m.keyword: m.hint for m in _INDEGREE_MISTAKES}
    hints = ((ValueError, "draw with replacement: c may exceed n_neurons - 1"),)
    out = _int_matrix(_call(fn, name, (50, 10, np.random.default_rng(0)), hints), name, (50, 10))
    if out.size and (out.min() < 0 or out.max() > 49):
        raise _Failure(f"{name}(50, 10, rng) returned indices from {out.min()} to {out.max()}; "
                       "they must lie in 0 .. n_neurons - 1")
    if np.any(out == np.arange(50)[:, None]):
        raise _Failure(f"{name}(50, 10, rng): {h['autapses']}")
    again = _int_matrix(_call(fn, name, (50, 10, np.random.default_rng(0)), hints), name, (50, 10))
    if not np.array_equal(out, again):
        raise _Failure(f"{name} gave two different results for the same seed: {h['rng']}")
    other = _int_matrix(_call(fn, name, (50, 10, np.random.default_rng(1)), hints), name, (50, 10))
    if np.array_equal(out, other):
        raise _Failure(f"{name} gave the same result for seeds 0 and 1: the rng argument is "
                       "ignored; draw from it")
    # uniformity over the n - 1 candidates of each row (chi-square, 360 degrees of freedom)
    n, c = 20, 3000
    big = _int_matrix(_call(fn, name, (n, c, np.random.default_rng(5)), hints), name, (n, c))
    if np.any(big == np.arange(n)[:, None]):
        raise _Failure(f"{name}({n}, {c}, rng): {h['autapses']}")
    if big.min() < 0 or big.max() > n - 1:
        raise _Failure(f"{name}({n}, {c}, rng) returned indices outside 0 .. {n - 1}")
    counts = np.zeros((n, n))
    np.add.at(counts, (np.repeat(np.arange(n), c), big.ravel()), 1)
    never = [j for j in range(n) if counts[:, j].sum() == 0]
    if never:
        which = "n_neurons - 1" if never == [n - 1] else ("0" if never == [0] else str(never))
        raise _Failure(f"{name}({n}, {c}, rng): index {which} is never drawn"
                       + (": rng.integers(low, high) excludes high" if never == [n - 1] else ""))
    expected = c / (n - 1)
    off = ~np.eye(n, dtype=bool)
    chi2 = float((((counts - expected) ** 2)[off] / expected).sum())
    dof = n * (n - 2)
    if (chi2 - dof) / np.sqrt(2 * dof) > 6.0:
        worst = np.argmax(np.where(off, np.abs(counts - expected), -1))
        i, j = np.unravel_index(worst, counts.shape)
        raise _Failure(f"{name}({n}, {c}, rng): {h['uniform'].split(':')[0]}: in row {i}, "
                       f"neuron {j} was drawn {int(counts[i, j])} times, expected about "
                       f"{expected:.0f}: {h['uniform'].split(': ', 1)[1]}")
    dup = 0
    for seed in range(5):
        small = _int_matrix(_call(fn, name, (10, 9, np.random.default_rng(100 + seed)), hints),
                            name, (10, 9))
        dup += sum(np.unique(row).size < row.size for row in small)
    if dup == 0:
        raise _Failure(f"{name}(10, 9, rng) never drew a partner twice in 50 rows: "
                       f"{h['with replacement']}")
    _int_matrix(_call(fn, name, (5, 20, np.random.default_rng(7)), hints), name, (5, 20))
    _int_matrix(_call(fn, name, (6, 0, np.random.default_rng(8)), hints), name, (6, 0))
    return (f"{name} draws valid, reproducible, uniform partners with replacement and "
            "no autapses (7 calls).")


def _matrix_ref(sources, n_neurons):
    """ex-4.2 reference: W[post, pre] = number of synapses from pre onto post."""
    src = np.asarray(sources, dtype=np.int64).reshape(n_neurons, -1)
    w = np.zeros((n_neurons, n_neurons), dtype=np.int64)
    np.add.at(w, (np.repeat(np.arange(n_neurons), src.shape[1]), src.ravel()), 1)
    return w


def _matrix_wrong(kind):
    def connection_matrix(sources, n_neurons):
        src = np.asarray(sources, dtype=np.int64)
        rows = np.repeat(np.arange(n_neurons), src.shape[1])
        if kind == "transposed":
            return _matrix_ref(src, n_neurons).T
        w = np.zeros((n_neurons, n_neurons), dtype=np.int64)
        if kind == "fancy":
            w[rows, src.ravel()] += 1
        else:  # "bool"
            w[rows, src.ravel()] = 1
        return w
    return connection_matrix


_MATRIX_MISTAKES = (
    Mistake("W[post, pre]", "transposed: W[post, pre], so row i holds the inputs of neuron i "
            "(row sums are the in-degree c)", _matrix_wrong("transposed")),
    Mistake("np.add.at", "multapses lost: W[rows, cols] += 1 adds 1 only once for a repeated "
            "pair; use np.add.at(W, (rows, cols), 1)", _matrix_wrong("fancy")),
    Mistake("np.add.at", "multapses lost: count synapses (W[i, j] can be 2 or more) with "
            "np.add.at(W, (rows, cols), 1), not set entries to 1", _matrix_wrong("bool")),
)


@_register("ex-4.2", "return the connection matrix W[post, pre] of synapse counts",
           "function", "connection_matrix", 'check("ex-4.2", connection_matrix)', _matrix_ref,
           _MATRIX_MISTAKES)
def _check_matrix(fn):
    rng = np.random.default_rng(42)
    cases = [
        ("sources [[1, 1, 2], [0, 2, 2], [0, 1, 0]]",
         (np.array([[1, 1, 2], [0, 2, 2], [0, 1, 0]]), 3)),
        ("30 neurons with in-degree 40 (many multapses)",
         (_indegree_ref(30, 40, rng), 30)),
        ("4 neurons with in-degree 0", (np.zeros((4, 0), dtype=np.int64), 4)),
    ]
    return _check_cases(fn, "connection_matrix", cases, _matrix_ref, _MATRIX_MISTAKES,
                        compare=_array_compare(0, 0))


def _pair_counts(conn):
    keys = conn.sources().astype(np.int64) * conn.n_neurons + conn.targets
    _, counts = np.unique(keys, return_counts=True)
    return counts


def _multapse_fraction(conn):
    """ex-4.3 reference: fraction of synapses that duplicate another one of the same pair."""
    counts = _pair_counts(conn)
    return 1.0 - counts.size / counts.sum() if counts.size else float("nan")


_MULTAPSE_MISTAKES = (
    Mistake("percent", "give a fraction between 0 and 1, not a percentage",
            lambda conn: 100.0 * _multapse_fraction(conn)),
    Mistake("first of their pair", "that is the fraction of synapses that are the first of "
            "their pair (1 minus the answer)", lambda conn: 1.0 - _multapse_fraction(conn)),
    Mistake("synapses", "that is the fraction of connected pairs with two or more synapses; "
            "the question asks for the fraction of synapses that duplicate another "
            "(n_synapses - n_connected_pairs) / n_synapses",
            lambda conn: float(np.mean(_pair_counts(conn) >= 2))),
    Mistake("synapses", "that is the fraction of all N^2 pairs with two or more synapses; "
            "the question asks for (n_synapses - n_connected_pairs) / n_synapses",
            lambda conn: float(np.sum(_pair_counts(conn) >= 2)) / conn.n_neurons**2),
)


@_register("ex-4.3", "measure the fraction of synapses that are multapses (duplicates)",
           "number", "multapse_fraction", 'check("ex-4.3", multapse_fraction, conn)',
           _multapse_fraction, _MULTAPSE_MISTAKES, n_context=1)
def _check_multapses(value, conn):
    if not isinstance(conn, Connectivity):
        raise _Failure("pass the Connectivity you measured as the last argument of check, got "
                       f"{type(conn).__name__}")
    ref = _multapse_fraction(conn)
    x = _check_number(value, "multapse_fraction", ref, rtol=1e-3, mistakes=_MULTAPSE_MISTAKES,
                      context=(conn,))
    return f"{100 * x:.1f}% of the {conn.n_synapses} synapses duplicate another one."


# ---------------------------------------------------------------------------
# Notebook 5: network activity
# ---------------------------------------------------------------------------
def _rates_variant(*, khz=False, drop_silent=False, no_window=False, closed=False):
    def firing_rates(spike_times, spike_ids, n_neurons, duration, t_start=0.0):
        t = np.asarray(spike_times, dtype=float)
        ids = np.asarray(spike_ids, dtype=int)
        if no_window:
            inside = np.ones(t.shape, dtype=bool)
        elif closed:
            inside = (t >= t_start) & (t <= t_start + duration)
        else:
            inside = (t >= t_start) & (t < t_start + duration)
        counts = np.bincount(ids[inside], minlength=n_neurons).astype(float)
        rates = counts / (duration if khz else duration / 1000.0)
        return rates[np.bincount(ids, minlength=n_neurons) > 0] if drop_silent else rates
    return firing_rates


_RATES_MISTAKES = (
    Mistake("kHz", "units: that is spikes per ms (kHz); rates are in Hz: divide by "
            "duration / 1000", _rates_variant(khz=True)),
    Mistake("silent", "silent neurons: return one rate per neuron (n_neurons values), 0 Hz for "
            "the silent ones", _rates_variant(drop_silent=True)),
    Mistake("window", "count only the spikes in the window [t_start, t_start + duration)",
            _rates_variant(no_window=True)),
    Mistake("half-open", "the window is half-open: a spike at exactly t_start + duration is "
            "not counted", _rates_variant(closed=True)),
)


@_register("ex-5.1", "return the firing rate (Hz) of every neuron in a time window", "function",
           "firing_rates", 'check("ex-5.1", firing_rates)', analysis.firing_rates,
           _RATES_MISTAKES)
def _check_rates(fn):
    rng = np.random.default_rng(51)
    t, i = _poisson_like(rng, 12, 1000.0, rng.choice([0.0, 2.0, 15.0, 40.0], 12))
    cases = [
        ("the docstring example", ([10.0, 20.0, 30.0, 250.0], [0, 0, 1, 1], 3, 200.0, 0.0)),
        ("window [100, 300) ms with spikes before, on the edges of and after it",
         ([50.0, 100.0, 150.0, 299.9, 300.0, 350.0], [0, 0, 0, 1, 1, 1], 2, 200.0, 100.0)),
        ("12 random Poisson neurons (some silent), window [200, 1000) ms",
         (t, i, 12, 800.0, 200.0)),
        ("no spikes", (np.empty(0), np.empty(0, dtype=int), 4, 500.0, 0.0)),
    ]
    return _check_cases(fn, "firing_rates", cases, analysis.firing_rates, _RATES_MISTAKES)


def _ccg_variant(*, reversed_=False, uncentred=False, seconds=False):
    def cross_correlogram(times_a, times_b, bin_size, max_lag):
        if uncentred:
            d = (np.asarray(times_b, float)[None, :] - np.asarray(times_a, float)[:, None]).ravel()
            edges = np.arange(-max_lag, max_lag + bin_size / 2, bin_size)
            counts, _ = np.histogram(d, edges)
            return edges[:-1] + bin_size / 2, counts
        a, b = (times_b, times_a) if reversed_ else (times_a, times_b)
        lags, counts = analysis.cross_correlogram(a, b, bin_size, max_lag)
        return (lags / 1000.0 if seconds else lags), counts
    return cross_correlogram


_CCG_MISTAKES = (
    Mistake("sign", "sign: a positive lag means a spike of b after a spike of a; histogram "
            "t_b - t_a, not t_a - t_b", _ccg_variant(reversed_=True)),
    Mistake("centred", "the bins are centred on the lags k * bin_size (edges at "
            "(k - 1/2) bin_size), 2 K + 1 of them with K = floor(max_lag / bin_size)",
            _ccg_variant(uncentred=True)),
    Mistake("units", "units: lags in ms, not s", _ccg_variant(seconds=True)),
)


@_register("ex-5.2", "return the cross-correlogram (lags in ms, counts of t_b - t_a) of two "
           "spike trains", "function", "cross_correlogram", 'check("ex-5.2", cross_correlogram)',
           analysis.cross_correlogram, _CCG_MISTAKES)
def _check_ccg(fn):
    rng = np.random.default_rng(52)
    a = np.sort(rng.uniform(0, 500, 30))
    b = np.sort(np.concatenate([a[:15] + rng.normal(3.0, 1.0, 15), rng.uniform(0, 500, 25)]))
    cases = [
        ("the docstring example", ([10.0, 50.0], [12.0, 52.0, 70.0], 2.0, 6.0)),
        ("two random trains where b often follows a by about 3 ms, bin 2 ms, max_lag 20 ms",
         (a, b, 2.0, 20.0)),
        ("an autocorrelogram (a twice), bin 1 ms, max_lag 10 ms", (a, a, 1.0, 10.0)),
        ("b in random order, bin 2.5 ms, max_lag 12.5 ms", (a, rng.permutation(b), 2.5, 12.5)),
        ("max_lag = 5 ms not a multiple of bin_size = 2 ms", (a, b, 2.0, 5.0)),
        ("an empty train b", (a, np.empty(0), 2.0, 10.0)),
    ]
    return _check_cases(fn, "cross_correlogram", cases, analysis.cross_correlogram, _CCG_MISTAKES,
                        convert=_tuple_of_arrays(2, ("lags", "counts")), compare=_tuple_close())


def _exc_rate(res, t_start=100.0, *, divide_all=False, which="exc"):
    """ex-5.3 reference: mean rate (Hz) of the excitatory neurons after ``t_start``."""
    rates = analysis.firing_rates(res.spike_times, res.spike_ids, res.n_neurons,
                                  res.duration - t_start, t_start)
    if divide_all:
        rates = rates * (res.duration - t_start) / res.duration
    sel = {"exc": rates[:res.n_exc], "inh": rates[res.n_exc:], "all": rates}[which]
    return float(sel.mean())


_EXC_RATE_MISTAKES = (
    Mistake("kHz", "units: rates in Hz (spikes per second), not in kHz (spikes per ms)",
            lambda res: _exc_rate(res) / 1000.0),
    Mistake("transient", "leave out the first 100 ms (the transient from the random initial "
            "potentials)", lambda res: _exc_rate(res, 0.0)),
    Mistake("window", "you counted spikes after 100 ms but divided by the whole duration: "
            "divide by the length of the window", lambda res: _exc_rate(res, divide_all=True)),
    Mistake("inhibitory", "that is the inhibitory rate; excitatory neurons are ids "
            "0 .. n_exc - 1", lambda res: _exc_rate(res, which="inh")),
)


@_register("ex-5.3", "measure the mean excitatory firing rate (Hz) after the first 100 ms",
           "number", "rate_exc", 'check("ex-5.3", rate_exc, res)', _exc_rate, _EXC_RATE_MISTAKES,
           n_context=1)
def _check_exc_rate(value, res):
    _result_arg(res)
    ref = _exc_rate(res)
    x = _check_number(value, "rate_exc", ref, rtol=0.005, unit="Hz",
                      mistakes=_EXC_RATE_MISTAKES, context=(res,))
    return f"excitatory neurons fire at {x:.2f} Hz."


# ---------------------------------------------------------------------------
# Notebook 6: synchronization
# ---------------------------------------------------------------------------
def _counts_ref(spike_times, spike_ids, n_neurons, bin_size, t_stop):
    """ex-6.1 reference: spike counts in the bins [k bin_size, (k + 1) bin_size) before t_stop."""
    return analysis.spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_start=0.0,
                                 t_stop=t_stop)


def _counts_variant(*, drop_silent=False, partial=False, transposed=False, closed=False,
                    digitize=False):
    def spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_stop):
        t = np.asarray(spike_times, dtype=float)
        ids = np.asarray(spike_ids, dtype=int)
        n_bins = int(np.ceil(t_stop / bin_size)) if partial else int(np.floor(t_stop / bin_size))
        idx = np.floor(t / bin_size).astype(int) + (1 if digitize else 0)
        keep = (t >= 0) & (idx < n_bins)
        if closed:
            at_end = t == n_bins * bin_size
            idx = np.where(at_end, n_bins - 1, idx)
            keep |= at_end
        out = np.zeros((n_neurons, n_bins), dtype=int)
        np.add.at(out, (ids[keep], idx[keep]), 1)
        if drop_silent:
            out = out[out.sum(axis=1) > 0]
        return out.T if transposed else out
    return spike_counts


_COUNTS_MISTAKES = (
    Mistake("silent", "silent neurons: return one row per neuron (n_neurons rows), zeros for "
            "the silent ones", _counts_variant(drop_silent=True)),
    Mistake("partial", "drop the trailing partial bin: n_bins = floor(t_stop / bin_size)",
            _counts_variant(partial=True)),
    Mistake("shape", "shape: (n_neurons, n_bins), one row per neuron", _counts_variant(
        transposed=True)),
    Mistake("half-open", "bins are half-open [k bin_size, (k + 1) bin_size): a spike at exactly "
            "t_stop is outside (np.histogram closes its last bin)", _counts_variant(closed=True)),
    Mistake("off by one", "off by one bin: a spike at t lies in bin floor(t / bin_size) "
            "(np.digitize returns that index + 1)", _counts_variant(digitize=True)),
)


@_register("ex-6.1", "return the (n_neurons, n_bins) matrix of spike counts", "function",
           "spike_counts", 'check("ex-6.1", spike_counts)', _counts_ref, _COUNTS_MISTAKES)
def _check_counts(fn):
    rng = np.random.default_rng(61)
    t, i = _poisson_like(rng, 20, 500.0, rng.choice([0.0, 10.0, 30.0], 20))
    t3 = np.sort(rng.uniform(0, 23, 15))
    cases = [
        ("spikes [0.5, 1.5, 1.7, 3.0] ms of neurons [0, 0, 1, 1], bin 1 ms, t_stop 4 ms",
         ([0.5, 1.5, 1.7, 3.0], [0, 0, 1, 1], 2, 1.0, 4.0)),
        ("spikes on bin edges 0, 5, 10, 15, 20 ms, bin 5 ms, t_stop 20 ms, 3 neurons",
         ([0.0, 5.0, 10.0, 15.0, 20.0], [0, 0, 0, 0, 0], 3, 5.0, 20.0)),
        ("t_stop = 23 ms, not a multiple of bin_size = 5 ms",
         (t3, np.zeros(15, int), 1, 5.0, 23.0)),
        ("20 random neurons (some silent), 500 ms, bin 10 ms", (t, i, 20, 10.0, 500.0)),
        ("no spikes", (np.empty(0), np.empty(0, dtype=int), 3, 10.0, 50.0)),
    ]
    return _check_cases(fn, "spike_counts", cases, _counts_ref, _COUNTS_MISTAKES,
                        compare=_array_compare(0, 0),
                        error_hints=((IndexError, "spikes at or after t_stop fall outside "
                                      "the bins: drop them"),))


def _mean_corr_ref(counts):
    """ex-6.2 reference: mean Pearson r over pairs of non-silent neurons (NaN if no pair)."""
    r = analysis.pairwise_correlations(counts)
    return float(r.mean()) if r.size else float("nan")


def _corr_variant(kind):
    def mean_pairwise_correlation(counts):
        x = np.asarray(counts, dtype=float)
        if kind == "diag":
            active = x[x.max(axis=1) > x.min(axis=1)]
            return float(np.corrcoef(active).mean()) if len(active) > 1 else float("nan")
        if kind == "silent_nan":
            r = np.corrcoef(x)
            return float(r[np.triu_indices(len(x), 1)].mean())
        if kind == "silent_zero":
            r = np.nan_to_num(np.corrcoef(x))
            return float(r[np.triu_indices(len(x), 1)].mean())
        if kind == "transposed":
            active = x[x.max(axis=1) > x.min(axis=1)].T
            r = np.corrcoef(active)
            return float(r[np.triu_indices(len(active), 1)].mean())
        if kind == "cov":
            active = x[x.max(axis=1) > x.min(axis=1)]
            c = np.cov(active)
            return float(c[np.triu_indices(len(active), 1)].mean())
        raise AssertionError(kind)
    return mean_pairwise_correlation


_CORR_MISTAKES = (
    Mistake("diagonal", "exclude the diagonal: a neuron's correlation with itself is 1; "
            "average over pairs i < j", _corr_variant("diag")),
    Mistake("silent", "leave out silent neurons (constant rows): their correlation is "
            "undefined (NaN) and makes the mean NaN", _corr_variant("silent_nan")),
    Mistake("silent", "leave out silent neurons (constant rows) instead of counting their "
            "correlation as 0", _corr_variant("silent_zero")),
    Mistake("rows", "rows are neurons: np.corrcoef(counts) correlates rows; you correlated "
            "time bins", _corr_variant("transposed")),
    Mistake("Pearson", "use the Pearson correlation coefficient (np.corrcoef), not the "
            "covariance", _corr_variant("cov")),
)


@_register("ex-6.2", "return the mean pairwise correlation of the non-silent neurons' counts",
           "function", "mean_pairwise_correlation", 'check("ex-6.2", mean_pairwise_correlation)',
           _mean_corr_ref, _CORR_MISTAKES)
def _check_corr(fn):
    rng = np.random.default_rng(62)
    shared = rng.poisson(2.0, 200)
    rand = rng.poisson(1.0, (25, 200)) + (rng.random((25, 1)) < 0.5) * shared
    rand[[4, 11, 17]] = 0
    cases = [
        ("counts [[1, 0, 2, 1], [2, 0, 4, 2], [0, 0, 0, 0], [1, 2, 0, 1]]",
         (np.array([[1, 0, 2, 1], [2, 0, 4, 2], [0, 0, 0, 0], [1, 2, 0, 1]]),)),
        ("25 neurons in 200 bins, half sharing input, 3 silent", (rand,)),
        ("two anti-correlated neurons", (np.array([[0, 2, 0, 2, 1], [2, 0, 2, 0, 1]]),)),
        ("only one active neuron", (np.array([[0, 1, 3, 0], [0, 0, 0, 0]]),)),
        ("all neurons silent", (np.zeros((3, 10)),)),
    ]
    return _check_cases(fn, "mean_pairwise_correlation", cases, _mean_corr_ref, _CORR_MISTAKES,
                        convert=_float_convert)


def _chi_variant(kind):
    def synchrony_chi(v):
        x = np.asarray(v, dtype=float)
        if kind == "constant":
            if np.all(x.max(axis=1) == x.min(axis=1)):
                return 0.0
            return analysis.synchrony_chi(x)
        if kind == "squared":
            return analysis.synchrony_chi(x) ** 2
        if kind == "axes":
            return float(np.sqrt(x.mean(axis=1).var() / x.var(axis=0).mean()))
        if kind == "inverted":
            return float(np.sqrt(x.var(axis=1).mean() / x.mean(axis=0).var()))
        raise AssertionError(kind)
    return synchrony_chi


_CHI_MISTAKES = (
    Mistake("square root", "return chi, the square root of the variance ratio, not chi^2",
            _chi_variant("squared")),
    Mistake("axis", "rows are neurons, columns are times: average over neurons (axis=0), then "
            "take the variance over time", _chi_variant("axes")),
    Mistake("inverted", "inverted ratio: chi^2 = Var_t(population mean) / mean_i Var_t(V_i), "
            "which lies between 0 and 1", _chi_variant("inverted")),
    Mistake("NaN", "NaN rule: if every trace is constant, chi is 0 / 0: return NaN",
            _chi_variant("constant")),
)


@_register("ex-6.3", "return Golomb's synchrony measure chi of membrane traces", "function",
           "synchrony_chi", 'check("ex-6.3", synchrony_chi)', analysis.synchrony_chi,
           _CHI_MISTAKES)
def _check_chi(fn):
    rng = np.random.default_rng(63)
    t = np.arange(400) * 0.5
    common = 3.0 * np.sin(2 * np.pi * t / 25.0)
    cases = [
        ("two identical traces", (np.array([[0.0, 2.0, 0.0, 2.0], [0.0, 2.0, 0.0, 2.0]]),)),
        ("two traces in anti-phase", (np.array([[0.0, 2.0, 0.0, 2.0], [2.0, 0.0, 2.0, 0.0]]),)),
        ("40 independent noisy traces of 500 samples", (rng.normal(10, 2, (40, 500)),)),
        ("30 traces sharing a sine wave, plus noise", (common + rng.normal(5, 2, (30, 400)),)),
        ("one neuron", (rng.normal(0, 1, (1, 100)),)),
        ("constant traces", (np.full((5, 20), 10.0),)),
    ]
    return _check_cases(fn, "synchrony_chi", cases, analysis.synchrony_chi, _CHI_MISTAKES,
                        convert=_float_convert)


def _chi_after(res, t_start=100.0, squared=False, inverted=False):
    """ex-6.4 reference: chi of the recorded traces after ``t_start``."""
    v = res.v[:, res.times >= t_start]
    if inverted:
        return float(np.sqrt(v.var(axis=1).mean() / v.mean(axis=0).var()))
    chi = analysis.synchrony_chi(v)
    return chi**2 if squared else chi


_CHI_SI_MISTAKES = (
    Mistake("square root", "that is chi^2: take the square root",
            lambda res: _chi_after(res, squared=True)),
    Mistake("transient", "leave out the first 100 ms (the transient)",
            lambda res: _chi_after(res, 0.0)),
    Mistake("inverted", "inverted ratio: chi^2 = Var_t(population mean) / mean_i Var_t(V_i)",
            lambda res: _chi_after(res, inverted=True)),
)


@_register("ex-6.4", "measure chi of the recorded neurons in the SI-fast state after 100 ms",
           "number", "chi_si_fast", 'check("ex-6.4", chi_si_fast, res)', _chi_after,
           _CHI_SI_MISTAKES, n_context=1)
def _check_chi_si(value, res):
    _result_arg(res, need_v=True)
    ref = _chi_after(res)
    x = _check_number(value, "chi_si_fast", ref, rtol=0.01, mistakes=_CHI_SI_MISTAKES,
                      context=(res,))
    n = res.v.shape[0]
    return f"chi = {x:.3f} for {n} neurons; independent neurons would give about " \
           f"1/sqrt({n}) = {1 / np.sqrt(n):.3f}."


# ---------------------------------------------------------------------------
# Notebook 7: Brunel's regimes
# ---------------------------------------------------------------------------
def _brunel_input_ref(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
    """ex-7.1 reference: Brunel (2000) eqs. 4-5, mean and std (mV) of the input."""
    tau = tau_m / 1000.0  # s, so that tau times a rate in Hz is dimensionless
    nu_ext = eta * theta / (j * c_e * tau)
    mu = c_e * j * tau * (nu_ext + nu * (1.0 - g * gamma))
    sigma = j * np.sqrt(c_e * tau * (nu_ext + nu * (1.0 + g**2 * gamma)))
    return float(mu), float(sigma)


def _brunel_input_variant(*, ms=False, variance=False, no_inh=False, minus=False, no_gamma=False):
    def brunel_input(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
        tau = tau_m if ms else tau_m / 1000.0
        gam = 1.0 if no_gamma else gamma
        nu_ext = eta * theta / (j * c_e * tau)
        inh_mu = 0.0 if no_inh else g * gam
        inh_var = 0.0 if no_inh else g**2 * gam
        mu = c_e * j * tau * (nu_ext + nu * (1.0 - inh_mu))
        var = j**2 * c_e * tau * (nu_ext + nu * (1.0 + (-inh_var if minus else inh_var)))
        return mu, (var if variance else np.sqrt(var))
    return brunel_input


_BRUNEL_INPUT_MISTAKES = (
    Mistake("units", "units: rates are in Hz, so tau_m must be in s (tau_m / 1000) in "
            "C_E J tau nu", _brunel_input_variant(ms=True)),
    Mistake("sigma", "return sigma, the square root of sigma^2", _brunel_input_variant(
        variance=True)),
    Mistake("inhibition", "inhibition: the recurrent term is nu (1 - g gamma) in mu and "
            "nu (1 + g^2 gamma) in sigma^2", _brunel_input_variant(no_inh=True)),
    Mistake("variances add", "variances add: sigma^2 has nu (1 + g^2 gamma); inhibition adds "
            "fluctuations", _brunel_input_variant(minus=True)),
    Mistake("gamma", "gamma = C_I / C_E: each neuron gets gamma C_E inhibitory inputs, so the "
            "inhibitory terms carry a factor gamma", _brunel_input_variant(no_gamma=True)),
)


def _pair_of_floats(out, name, expected):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise _Failure(f"{name} must return two numbers (mu, sigma), got "
                       f"{type(out).__name__} {_short(out)}")
    return (_to_float(out[0], f"{name} (mu)"), _to_float(out[1], f"{name} (sigma)"))


@_register("ex-7.1", "return the mean and standard deviation (mV) of the input in Brunel's "
           "network (eqs. 4-5)", "function", "brunel_input", 'check("ex-7.1", brunel_input)',
           _brunel_input_ref, _BRUNEL_INPUT_MISTAKES)
def _check_brunel_input(fn):
    cases = [
        ("nu = 0 Hz, g = 5, eta = 2 (external input only)", (0.0, 5.0, 2.0)),
        ("nu = 38 Hz, g = 5, eta = 2 (the AI state)", (38.0, 5.0, 2.0)),
        ("nu = 10 Hz, g = 3, eta = 2", (10.0, 3.0, 2.0)),
        ("nu = 5 Hz, g = 4.5, eta = 0.9", (5.0, 4.5, 0.9)),
        ("nu = 20 Hz, g = 6, eta = 4, J = 0.2 mV, C_E = 500, gamma = 0.2, tau_m = 10 ms, "
         "theta = 15 mV", (20.0, 6.0, 4.0, 0.2, 500, 0.2, 10.0, 15.0)),
    ]
    return _check_cases(fn, "brunel_input", cases, _brunel_input_ref, _BRUNEL_INPUT_MISTAKES,
                        convert=_pair_of_floats, compare=_tuple_close())


_G_ASYNC_MISTAKES = (
    Mistake("begins", "g = 5 is Brunel's AI example, well inside the asynchronous irregular "
            "region; the question asks for the smallest g of your sweep where it begins",
            lambda: (lambda x: 4.9 <= x <= 5.1), 5.0),
    Mistake("SR", "at this g excitation still dominates: firing is regular (CV well below "
            "0.5) and near saturation, the synchronous regular (SR) state",
            lambda: (lambda x: 2.9 <= x <= 3.6), 3.5),
    Mistake("CV, chi or rate", "g is the ratio of inhibitory to excitatory efficacy (3 to 6 "
            "here); you gave a CV, chi or rate?", lambda: (lambda x: x < 2.0 or x > 8.0), 0.6),
)


@_register("ex-7.2", "find the smallest g of the sweep at which firing becomes asynchronous "
           "and irregular", "number", "g_async", 'check("ex-7.2", g_async)', lambda: 4.0,
           _G_ASYNC_MISTAKES)
def _check_g_async(value):
    x = _check_number(value, "g_async", 4.0, lo=3.75, hi=4.5, mistakes=_G_ASYNC_MISTAKES)
    return f"firing becomes asynchronous and irregular at g = {x:g}, near the balance point " \
           "g gamma = 1 (g = 4)."


def _si_slow_frequency(res, t_start=100.0):
    """ex-7.3 reference: peak of the population-rate spectrum (1 ms bins) above 5 Hz."""
    _, rate = analysis.population_rate(res.spike_times, res.n_neurons, res.duration - t_start,
                                       1.0, t_start=t_start)
    f, p = analysis.power_spectrum(rate, 1.0, nperseg=min(512, rate.size))
    return analysis.peak_frequency(f, p, fmin=5.0)


_SI_SLOW_MISTAKES = (
    Mistake("firing rate", "that is the mean firing rate of single neurons; the question asks "
            "for the frequency of the population oscillation (the peak of the spectrum)",
            lambda res: res.mean_rate(100.0)),
    Mistake("period", "that is the period in ms; the frequency is 1000 / period (Hz)",
            lambda res: 1000.0 / _si_slow_frequency(res)),
    Mistake("angular", "that is an angular frequency (rad/s); give f in Hz",
            lambda res: 2 * np.pi * _si_slow_frequency(res)),
    Mistake("0 Hz", "0 Hz is the mean of the signal: look for the peak above a few Hz",
            lambda res: (lambda x: x < 1.0), 0.0),
)


@_register("ex-7.3", "measure the frequency (Hz) of the population oscillation in the SI-slow "
           "state", "number", "f_si_slow", 'check("ex-7.3", f_si_slow, res)', _si_slow_frequency,
           _SI_SLOW_MISTAKES, n_context=1)
def _check_si_slow(value, res):
    _result_arg(res)
    ref = _si_slow_frequency(res)
    x = _check_number(value, "f_si_slow", ref, rtol=0.25, unit="Hz", mistakes=_SI_SLOW_MISTAKES,
                      context=(res,), match_rtol=0.05)
    return f"the population oscillates at about {x:.1f} Hz while single neurons fire at " \
           f"{res.mean_rate(100.0):.1f} Hz."


# ---------------------------------------------------------------------------
# Notebook 8: reproducing the report
# ---------------------------------------------------------------------------
TABLE_KEYS = ("network_size", "mean_rate_hz", "exc_rate_hz", "inh_rate_hz", "isi_cv",
              "mean_pairwise_correlation")


def _nanmean(x):
    x = np.asarray(x, dtype=float)
    return float(np.nanmean(x)) if np.any(np.isfinite(x)) else float("nan")


def _mean(x):
    x = np.asarray(x, dtype=float)
    return float(x.mean()) if x.size else float("nan")


def _table(result, t_start=200.0, bin_size=10.0, *, khz=False, transient=False, plain_mean=False,
           silent_corr=False, swap=False, size_exc=False):
    """ex-8.1 reference (and its mistaken variants): the quantities of Table 4.1."""
    ts = 0.0 if transient else float(t_start)
    t, i, n = result.spike_times, result.spike_ids, result.n_neurons
    rates = analysis.firing_rates(t, i, n, result.duration - ts, ts)
    if khz:
        rates = rates / 1000.0
    keep = t >= ts
    cv = analysis.isi_cv(t[keep], i[keep], n)
    counts = analysis.spike_counts(t[keep], i[keep], n, bin_size, t_start=ts,
                                   t_stop=result.duration)
    if silent_corr:
        with np.errstate(all="ignore"):
            r = np.corrcoef(counts)[np.triu_indices(n, 1)]
    else:
        r = analysis.pairwise_correlations(counts)
    exc, inh = rates[:result.n_exc], rates[result.n_exc:]
    if swap:
        exc, inh = inh, exc
    return {
        "network_size": result.n_exc if size_exc else n,
        "mean_rate_hz": _mean(rates),
        "exc_rate_hz": _mean(exc),
        "inh_rate_hz": _mean(inh),
        "isi_cv": _mean(cv) if plain_mean else _nanmean(cv),
        "mean_pairwise_correlation": _mean(r),
    }


def _table_variant(**kw):
    return lambda result, t_start=200.0, bin_size=10.0: _table(result, t_start, bin_size, **kw)


_TABLE_MISTAKES = (
    Mistake("kHz", "units: rates in Hz (spikes per second), not in kHz (spikes per ms)",
            _table_variant(khz=True)),
    Mistake("transient", "leave out the spikes before t_start (the transient) from every "
            "quantity", _table_variant(transient=True)),
    Mistake("nanmean", "neurons with fewer than 3 spikes have CV NaN: average with np.nanmean",
            _table_variant(plain_mean=True)),
    Mistake("silent", "leave out silent neurons from the correlations (constant rows give NaN)",
            _table_variant(silent_corr=True)),
    Mistake("swapped", "excitatory neurons are ids 0 .. n_exc - 1, inhibitory the rest: E and I "
            "are swapped", _table_variant(swap=True)),
    Mistake("n_neurons", "the network size counts every neuron (result.n_neurons), E and I",
            _table_variant(size_exc=True)),
)


def _synthetic_result(rng, n_exc=40, n_inh=10, duration=1000.0):
    """A recording with a transient burst, silent neurons and a two-spike neuron."""
    n = n_exc + n_inh
    rates = rng.uniform(5, 40, n)
    rates[[3, n_exc + 2]] = 0.0
    t, i = _poisson_like(rng, n, duration, rates)
    burst_t = rng.uniform(0, 80, 3 * n)
    burst_i = rng.integers(0, n, 3 * n)
    burst_i = burst_i[(burst_i != 3) & (burst_i != n_exc + 2)]
    burst_t = burst_t[: burst_i.size]
    t = np.concatenate([t[i != 7], burst_t, [400.0, 600.0]])
    i = np.concatenate([i[i != 7], burst_i, [7, 7]])
    order = np.argsort(t, kind="stable")
    return SimulationResult(spike_times=t[order], spike_ids=i[order], n_exc=n_exc, n_inh=n_inh,
                            duration=duration, dt=0.1)


def _check_table_dict(out, name):
    if not isinstance(out, dict):
        raise _Failure(f"{name} must return a dict with keys {', '.join(TABLE_KEYS)}, got "
                       f"{type(out).__name__}")
    missing = [k for k in TABLE_KEYS if k not in out]
    if missing:
        raise _Failure(f"{name} returned a dict without the key(s) {', '.join(missing)}")
    return {k: _to_float(out[k], f"{name}[{k!r}]") for k in TABLE_KEYS}


def _table_ref(result, t_start=200.0, bin_size=10.0):
    """ex-8.1 reference: Table 4.1 of the report, measured after ``t_start``."""
    return _table(result, t_start, bin_size)


@_register("ex-8.1", "return the quantities of Table 4.1 measured on a simulation result",
           "function", "table_4_1", 'check("ex-8.1", table_4_1)', _table_ref, _TABLE_MISTAKES)
def _check_table(fn):
    from ..network import simulate_network
    from ..params import NetworkParams

    name = "table_4_1"
    rng = np.random.default_rng(81)
    small = simulate_network(NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.2,
                                           noise_sigma=4.0, name="check"), duration=400.0, rng=8)
    synth = _synthetic_result(rng)
    cases = [
        ("a synthetic recording (40 E + 10 I, a transient burst, silent neurons), "
         "t_start = 200 ms, bin_size = 10 ms", (synth, 200.0, 10.0)),
        ("the same recording, t_start = 100 ms, bin_size = 5 ms", (synth, 100.0, 5.0)),
        ("a small simulated network, t_start = 100 ms, bin_size = 20 ms", (small, 100.0, 20.0)),
    ]
    for label, args in cases:
        expected = _table(*args)
        got = _check_table_dict(_call(fn, name, args), name)
        for key in TABLE_KEYS:
            if _close(got[key], expected[key], 1e-6, 1e-9):
                continue
            for m in _TABLE_MISTAKES:
                alt = m.wrong(*args)[key]
                if not _close(alt, expected[key], 1e-6, 1e-9) and _close(got[key], alt, 1e-6, 1e-9):
                    raise _Failure(f"{name} is wrong on {label}: {key} = {got[key]:.6g}: {m.hint}")
            raise _Failure(f"{name} is wrong on {label}: {key} = {got[key]:.6g}, expected "
                           f"{expected[key]:.6g}")
    return f"{name} agrees with the reference on {len(cases)} recordings."


def _mean_rate(res, t_start):
    """Mean rate (Hz) over all neurons in [t_start, duration), as in Table 4.1."""
    return _mean(analysis.firing_rates(res.spike_times, res.spike_ids, res.n_neurons,
                                       res.duration - t_start, t_start))


def _dead_time_cv(res, t_start=200.0, *, ms=False):
    """ex-8.2 reference: CV of a Poisson process with dead time t_ref at the measured rate."""
    t_ref = res.params.neuron.t_ref
    return 1.0 - _mean_rate(res, t_start) * (t_ref if ms else t_ref / 1000.0)


def _measured_cv(res, t_start=200.0):
    keep = res.spike_times >= t_start
    return _nanmean(analysis.isi_cv(res.spike_times[keep], res.spike_ids[keep], res.n_neurons))


_DEAD_TIME_MISTAKES = (
    Mistake("units", "units: nu in Hz times t_ref in ms is 1000 times too large; use "
            "t_ref / 1000 (s)", lambda res: _dead_time_cv(res, ms=True)),
    Mistake("dead time", "a Poisson process without dead time has CV 1; with a dead time t_ref "
            "the CV is 1 - nu t_ref", lambda res: (lambda x: abs(x - 1.0) < 1e-9), 1.0),
    Mistake("measured", "that is the measured ISI CV; the question asks for the prediction "
            "1 - nu t_ref of a Poisson process with dead time, to compare with it",
            _measured_cv),
)


@_register("ex-8.2", "compute the ISI CV of a Poisson process with dead time t_ref at the "
           "network's mean rate", "number", "cv_dead_time", 'check("ex-8.2", cv_dead_time, res)',
           _dead_time_cv, _DEAD_TIME_MISTAKES, n_context=1)
def _check_dead_time(value, res):
    _result_arg(res)
    if res.params is None:
        raise _Failure("res has no parameters (res.params is None): pass the result of "
                       "simulate_network")
    ref = _dead_time_cv(res)
    x = _check_number(value, "cv_dead_time", ref, rtol=0.01, mistakes=_DEAD_TIME_MISTAKES,
                      context=(res,), match_rtol=0.01)
    return f"a Poisson process with dead time would have CV {x:.3f}; the network's is " \
           f"{_measured_cv(res):.3f}."


def _corr_first(res, n_first=500, t_start=100.0, bin_size=10.0, *, diag=False, silent=False):
    """ex-8.3 reference: mean pairwise correlation of the first ``n_first`` neurons."""
    keep = (res.spike_times >= t_start) & (res.spike_ids < n_first)
    counts = analysis.spike_counts(res.spike_times[keep], res.spike_ids[keep], n_first, bin_size,
                                   t_start=t_start, t_stop=res.duration)
    if silent:
        with np.errstate(all="ignore"):
            return _mean(np.corrcoef(counts)[np.triu_indices(n_first, 1)])
    if diag:
        active = counts[counts.max(axis=1) > counts.min(axis=1)]
        return float(np.corrcoef(active).mean())
    return _mean(analysis.pairwise_correlations(counts))


_CORR_AI_MISTAKES = (
    Mistake("diagonal", "exclude the diagonal (r_ii = 1): average over pairs i < j",
            lambda res: _corr_first(res, diag=True)),
    Mistake("units", "units: bins of 10 ms, not 10 time steps (1 ms)",
            lambda res: _corr_first(res, bin_size=1.0)),
    Mistake("transient", "leave out the first 100 ms (the transient)",
            lambda res: _corr_first(res, t_start=0.0)),
)


@_register("ex-8.3", "measure the mean pairwise correlation (10 ms bins) in the asynchronous "
           "irregular state", "number", "corr_ai", 'check("ex-8.3", corr_ai, res)', _corr_first,
           _CORR_AI_MISTAKES, n_context=1)
def _check_corr_ai(value, res):
    _result_arg(res)
    if res.n_neurons < 500:
        raise _Failure(f"res must have at least 500 neurons, got {res.n_neurons}")
    ref = _corr_first(res)
    x = _check_number(value, "corr_ai", ref, rtol=0.02, mistakes=_CORR_AI_MISTAKES,
                      context=(res,), nan_hint="leave out silent neurons (constant rows) from "
                      "the correlations")
    return f"mean pairwise correlation {x:.4f} (10 ms bins); the report's Table 4.1 says 0.030."
