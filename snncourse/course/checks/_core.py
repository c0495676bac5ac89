"""The core of the exercise checks: records, the registry, ``check``, calling and comparing.

Every notebook module (``nb01_lif`` ... ``nb09_cluster``) builds its
:class:`Exercise` records with :func:`exercise` from the helpers here; the
package's ``__init__`` gathers them into one read-only :class:`Registry`. Nothing
here holds state between two checks: the exercise being checked is passed to its
checker, and on to :func:`call`.

Contents
--------
Mistake, Exercise, exercise
    A typical mistake, an exercise record, and the factory that fills in its notebook.
Registry
    The exercises by id, read-only; ``check`` and ``ids`` (course order).
NotAttempted, Failure
    Raised by checkers: the answer is still the stub / the answer is wrong.
call
    Call the learner's function on copies of its inputs; turn every problem
    (a crash, None, a stub) into one sentence that names the inputs.
check_cases, check_number, number, result_arg
    Compare a function with its reference on cases, a number with its value,
    diagnosing typical mistakes.
to_array, to_float, array_convert, float_convert, tuple_of_arrays, close, array_compare,
tuple_close, short
    Converting and comparing answers, and showing them in one line.
"""

from __future__ import annotations

import copy
import inspect
import re
import types
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ...network import SimulationResult
from ...neuron import NeuronResult
from ...params import LIFParams

#: Notebook number -> stem of its exercise (and solution) notebook.
NOTEBOOKS = types.MappingProxyType({
    1: "ex01_lif_neuron",
    2: "ex02_noise_and_irregular_firing",
    3: "ex03_synapses_and_delays",
    4: "ex04_building_a_network",
    5: "ex05_network_activity",
    6: "ex06_synchronization",
    7: "ex07_brunel_regimes",
    8: "ex08_reproducing_the_report",
    9: "ex09_beyond_one_machine",
})

_ID = re.compile(r"^ex-(\d+)\.(\d+)$")


# ---------------------------------------------------------------------------
# records
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
        What the learner hands to ``check``.
    name : str
        Name of the learner's function or variable.
    usage : str
        How the check cell calls ``check``.
    reference : callable
        The reference function (function exercises) or a function of the
        context returning the right number (number exercises).
    checker : callable
        ``checker(exercise, answer, *context) -> str``: the success summary,
        or raises :class:`NotAttempted` / :class:`Failure`.
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


def exercise(ex_id, task, kind, name, usage, reference, checker, mistakes=(), n_context=0):
    """An :class:`Exercise` record, its notebook found from the id."""
    match = _ID.match(ex_id)
    if match is None:
        raise ValueError(f"ex_id must look like 'ex-N.M', got {ex_id!r}")
    return Exercise(id=ex_id, notebook=NOTEBOOKS[int(match.group(1))], task=task, kind=kind,
                    name=name, usage=usage, reference=reference, checker=checker,
                    mistakes=tuple(mistakes), n_context=n_context)


class NotAttempted(Exception):
    """The answer is still the stub (NotImplementedError or None)."""


class Failure(Exception):
    """The answer is wrong; the message says why."""


def _course_order(ex_id):
    n, m = _ID.match(ex_id).groups()
    return int(n), int(m)


class Registry:
    """The exercises by id (read-only), and the ``check`` that runs them.

    Parameters
    ----------
    exercises : iterable of Exercise
        Every exercise of the course, each id once.

    Raises
    ------
    ValueError
        For an id given twice.
    """

    def __init__(self, exercises):
        by_id = {}
        for ex in exercises:
            if ex.id in by_id:
                raise ValueError(f"exercise id {ex.id!r} is registered twice")
            by_id[ex.id] = ex
        self.exercises = types.MappingProxyType(
            {i: by_id[i] for i in sorted(by_id, key=_course_order)})

    def ids(self, notebook=None):
        """Exercise ids in course order, all of them or those of one notebook (number or stem).

        Examples
        --------
        >>> from snncourse.course.checks import exercise_ids
        >>> exercise_ids(1)
        ['ex-1.1', 'ex-1.2', 'ex-1.3']
        """
        if notebook is None:
            return list(self.exercises)
        stem = NOTEBOOKS.get(notebook, notebook)
        return [i for i, ex in self.exercises.items() if ex.notebook == stem]

    def check(self, exercise_id, answer, *context):
        """Check the answer to one exercise; print a line if right, raise if not.

        Parameters
        ----------
        exercise_id : str
            The exercise, ``"ex-N.M"`` (see ``EXERCISES``).
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
        >>> from snncourse.course import check
        >>> check("ex-1.3", 0.15)
        ex-1.3 passed: the rheobase is 0.15 nA (theory: (v_th - v_rest) / r_m = 0.15 nA).
        >>> check("ex-1.3", 15.0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        AssertionError: ex-1.3: rheobase = 15 is wrong: units: ...
        """
        __tracebackhide__ = True  # noqa: F841  (pytest and IPython hide this frame)
        ex = self.exercises.get(exercise_id)
        if ex is None:
            raise ValueError(f"exercise_id must be one of {', '.join(self.exercises)}, "
                             f"got {exercise_id!r}")
        if len(context) != ex.n_context:
            raise TypeError(f"check({exercise_id!r}, ...) takes {ex.n_context} argument(s) "
                            f"after the answer; call it as {ex.usage}")
        message = None
        try:
            summary = ex.checker(ex, answer, *context)
        except NotAttempted as exc:
            message = f"{exercise_id} not attempted: {exc}"
        except Failure as exc:
            message = f"{exercise_id}: {exc}"
        if message is not None:
            raise AssertionError(message) from None
        print(f"{exercise_id} passed: {summary}")


# ---------------------------------------------------------------------------
# showing inputs and outputs in one line
# ---------------------------------------------------------------------------
def short(x, width=70):
    """A one-line, shortened repr of an argument or a result."""
    if isinstance(x, np.ndarray):
        text = np.array2string(x, precision=4, threshold=8, edgeitems=3, separator=", ")
    elif isinstance(x, float):
        text = f"{x:.6g}"
    elif isinstance(x, tuple):
        text = "(" + ", ".join(short(v, width) for v in x) + ")"
    elif isinstance(x, (SimulationResult, NeuronResult)):
        text = f"<{type(x).__name__} of {x.n_neurons} neurons, {x.duration:g} ms>"
    elif isinstance(x, LIFParams):
        return (f"LIFParams(tau_m={x.tau_m:g}, v_rest={x.v_rest:g}, v_th={x.v_th:g}, "
                f"v_reset={x.v_reset:g}, t_ref={x.t_ref:g}, r_m={x.r_m:g})")
    elif isinstance(x, np.random.Generator):
        return "rng"
    else:
        text = repr(x)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def args_text(args):
    """The arguments of a call, shortened, separated by commas."""
    return ", ".join(short(a, 60) for a in args)


def describe(x):
    """What a value is, in words: ``"a numpy float64 array of shape (8,)"``, ``"an int"``, ..."""
    if isinstance(x, np.ndarray):
        return f"a numpy {x.dtype} array of shape {x.shape}"
    if isinstance(x, (bool, np.bool_)):
        return "a bool"
    if isinstance(x, (int, np.integer)):
        return "an int"
    if isinstance(x, (float, np.floating)):
        return "a float"
    if isinstance(x, np.random.Generator):
        return "a numpy.random.Generator"
    return f"a {type(x).__name__}"


def _parameter_names(fn, n):
    """The names of the first ``n`` parameters of ``fn`` (``argument k`` if unknown)."""
    try:
        names = [p.name for p in inspect.signature(fn).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return [names[k] if k < len(names) else f"argument {k + 1}" for k in range(n)]


def inputs_text(fn, args):
    """``"spike_times is a numpy float64 array of shape (8,); ..."`` for a call of ``fn``."""
    names = _parameter_names(fn, len(args))
    return "; ".join(f"{nm} is {describe(a)}" for nm, a in zip(names, args))


# ---------------------------------------------------------------------------
# calling the learner's code
# ---------------------------------------------------------------------------
def call(fn, ex, args, error_hints=()):
    """Call the learner's ``fn(*args)`` on copies; turn every problem into a message.

    Parameters
    ----------
    fn : callable
        The learner's answer.
    ex : Exercise
        The exercise being checked (for its name, and to tell its own stub
        from a stub of another exercise that ``fn`` calls).
    args : tuple
        The inputs.
    error_hints : sequence of (exception type or tuple, str)
        The likely cause of a crash of each type; the first match is added to
        the message, after the types and shapes of the inputs.
    """
    name = ex.name
    if fn is None or fn is Ellipsis:
        raise NotAttempted(f"{name} is still {fn!r}: define the function and pass it to check")
    if not callable(fn):
        raise Failure(f"{name} must be a function, got {type(fn).__name__} {short(fn)}")
    call_args = copy.deepcopy(args)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*call_args)
    except NotImplementedError as exc:
        _not_implemented(exc, ex)
    except Exception as exc:  # the learner's bug: report it, not our traceback
        hint = next((h for t, h in error_hints if isinstance(exc, t)), "")
        raise Failure(f"{name}({args_text(args)}) raised {type(exc).__name__}: {exc}. The "
                      f"inputs: {inputs_text(fn, args)}.{' Hint: ' + hint if hint else ''}"
                      ) from None
    if out is None:
        raise Failure(f"{name}({args_text(args)}) returned None: did you forget `return`?")
    return out


def _not_implemented(exc, ex):
    """A stub raised: this exercise's (not attempted) or another one's (a failure)."""
    text = str(exc)
    other = re.match(r"(ex-\d+\.\d+)", text)
    if other and other.group(1) != ex.id:
        raise Failure(f"{ex.name} calls code of {other.group(1)} that still raises "
                      f"NotImplementedError: finish {other.group(1)} first") from None
    raise NotAttempted(f"{ex.name} still raises NotImplementedError"
                       f"{'(' + repr(text) + ')' if text else ''}; replace the "
                       "`raise NotImplementedError(...)` line by your code") from None


# ---------------------------------------------------------------------------
# converting and comparing answers
# ---------------------------------------------------------------------------
def to_array(out, name, expected=None, *, dtype=float):
    """The learner's output as an ndarray, or a message."""
    if callable(out):
        raise Failure(f"{name} returned a function, expected an array of numbers")
    try:
        arr = np.asarray(out, dtype=dtype)
    except (TypeError, ValueError):
        raise Failure(f"{name} returned {type(out).__name__} {short(out)}, "
                      "expected an array of numbers") from None
    return arr


def to_float(out, name):
    """The learner's output as a float, or a message."""
    if isinstance(out, bool) or callable(out):
        raise Failure(f"{name} returned {type(out).__name__} {short(out)}, expected a number")
    try:
        arr = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise Failure(f"{name} returned {type(out).__name__} {short(out)}, "
                      "expected a number") from None
    if arr.size != 1:
        raise Failure(f"{name} returned an array of shape {arr.shape}, expected a single number")
    return float(arr.reshape(()))


def close(a, b, rtol=1e-7, atol=1e-9):
    """Equal shapes and values (NaN equals NaN)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def array_compare(rtol=1e-7, atol=1e-9):
    """Comparison of two arrays within tolerances."""
    return lambda got, exp: close(got, exp, rtol, atol)


def tuple_of_arrays(n, names):
    """Converter for a function returning ``n`` arrays (e.g. ``(lags, counts)``)."""
    def convert(out, name, expected):
        if not isinstance(out, (tuple, list)) or len(out) != n:
            raise Failure(f"{name} must return {n} values ({', '.join(names)}), "
                          f"got {type(out).__name__} {short(out)}")
        return tuple(to_array(o, f"{name} ({nm})", e) for o, nm, e in zip(out, names, expected))
    return convert


def tuple_close(rtol=1e-7, atol=1e-9):
    """Comparison of two tuples of arrays within tolerances."""
    return lambda got, exp: all(close(g, e, rtol, atol) for g, e in zip(got, exp))


def array_convert(out, name, expected):
    """Converter for a function returning one array."""
    return to_array(out, name, expected)


def float_convert(out, name, expected):
    """Converter for a function returning one number."""
    return to_float(out, name)


def _run_quietly(fn, args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*copy.deepcopy(args))


def diagnose(got, expected, args, mistakes, name, convert, compare):
    """The hint of the first mistake that is wrong here and gives the learner's output."""
    for m in mistakes:
        try:
            alt = convert(_run_quietly(m.wrong, args), name, expected)
        except Exception:  # noqa: BLE001  (a mistake that cannot run on this input)
            continue
        if not compare(alt, expected) and compare(got, alt):
            return m.hint
    return None


def check_cases(fn, ex, cases, *, convert=array_convert, compare=None, error_hints=(),
                what="", reference=None):
    """Run ``fn`` on every case and compare with the reference; diagnose a mismatch.

    ``cases`` is a list of ``(label, args)``. On the first mismatch the
    output of every mistake of ``ex`` on the same input is computed: the first
    one that differs from the reference and equals the learner's output names
    the mistake. Returns the success summary.
    """
    compare = compare or array_compare()
    reference = reference or ex.reference
    name = ex.name
    for label, args in cases:
        expected = _run_quietly(reference, args)
        got = convert(call(fn, ex, args, error_hints), name, expected)
        if compare(got, expected):
            continue
        hint = diagnose(got, expected, args, ex.mistakes, name, convert, compare)
        if hint is not None:
            raise Failure(f"{name} is wrong on {label}: {hint}")
        shape_note = ""
        if isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) \
                and got.shape != expected.shape:
            shape_note = f" (shape {got.shape}, expected {expected.shape})"
        raise Failure(f"{name}({args_text(args)}) on {label} returned {short(got)}"
                      f"{shape_note}, expected {short(expected)}")
    return f"{name} agrees with the reference on {len(cases)} inputs{what}."


# ---------------------------------------------------------------------------
# number answers
# ---------------------------------------------------------------------------
def number(value, name, unit=""):
    """The learner's number as a float; None/... is 'not attempted'."""
    if value is None or value is Ellipsis:
        raise NotAttempted(f"{name} is still {value!r}: replace the "
                           "`raise NotImplementedError(...)` line by code that sets it")
    if isinstance(value, bool) or callable(value) or isinstance(value, str):
        raise Failure(f"{name} must be a number{' in ' + unit if unit else ''}, "
                      f"got {type(value).__name__} {short(value)}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Failure(f"{name} must be a number, got {type(value).__name__} "
                      f"{short(value)}") from None
    if arr.size != 1:
        raise Failure(f"{name} must be a single number, got an array of shape {arr.shape} "
                      "(average it, or pick the element the question asks for)")
    return float(arr.reshape(()))


def _number_mistake(x, mistakes, context, accepted, match):
    """The hint of the first mistake whose wrong number (or predicate) matches ``x``."""
    for m in mistakes:
        try:
            wrong = m.wrong(*context)
        except Exception:  # noqa: BLE001  (a mistake that does not apply here)
            continue
        if callable(wrong):  # a predicate on the answer
            if wrong(x):
                return m.hint
            continue
        wrong = float(wrong)
        if np.isfinite(wrong) and not accepted(wrong) and match(x, wrong):
            return m.hint
    return None


def _units_hint(x, target):
    """A hint if ``x`` is about 1000 or 10^6 times ``target``, else None."""
    if not (target and x and np.sign(x) == np.sign(target)):
        return None
    ratio = x / target
    for factor in (1000.0, 1e6):
        for r, word in ((factor, "large"), (1.0 / factor, "small")):
            if abs(ratio / r - 1) < 0.1:
                return (f"is about {factor:g} times too {word}: units? (ms vs s, Hz vs kHz, "
                        "mV vs V, nA vs pA)")
    return None


def check_number(value, name, expected, *, rtol=0.0, atol=0.0, lo=None, hi=None, unit="",
                 mistakes=(), context=(), nan_hint="", match_rtol=None):
    """Compare a number with ``expected`` (within tolerances) or with the range ``[lo, hi]``.

    Each mistake's ``wrong(*context)`` is a wrong number (matched within
    ``match_rtol``) or a predicate on the answer. Returns the answer as a float.
    """
    x = number(value, name, unit)
    u = f" {unit}" if unit else ""
    if np.isnan(x):
        raise Failure(f"{name} is NaN{': ' + nan_hint if nan_hint else ''}")

    def accepted(y):
        if lo is not None:
            return lo <= y <= hi
        return abs(y - expected) <= atol + rtol * abs(expected)

    if accepted(x):
        return x
    if match_rtol is None:
        match_rtol = max(rtol, 0.03) if lo is not None else max(rtol, 1e-6)
    hint = _number_mistake(x, mistakes, context, accepted,
                           lambda y, w: abs(y - w) <= atol + match_rtol * abs(w))
    if hint is not None:
        raise Failure(f"{name} = {x:.4g} is wrong: {hint}")
    target = expected if lo is None else 0.5 * (lo + hi)
    units = _units_hint(x, target)
    if units is not None:
        raise Failure(f"{name} = {x:.4g} {units}")
    direction = "too large" if x > target else "too small"
    raise Failure(f"{name} = {x:.4g}{u} is {direction}")


def result_arg(res, name="res", *, kinds=(SimulationResult,), need_v=False):
    """Validate the simulation result passed to a number check."""
    if not isinstance(res, kinds):
        allowed = " or ".join(k.__name__ for k in kinds)
        raise Failure(f"pass the simulation result ({allowed}) as the last argument of check, "
                      f"got {type(res).__name__}")
    if need_v and getattr(res, "v", None) is None:
        raise Failure(f"{name} holds no membrane potentials: simulate with record_ids=... "
                      "(simulate_network) or record_v=True (simulate_neuron)")
    return res

