r"""The grading worker: a pytest plugin that runs one notebook under nbval, then grades it.

:mod:`snncourse.course.grading` starts one worker per notebook::

    python -m pytest NOTEBOOK -p snncourse.course._grade_worker --nbval-lax ...

with its settings in the environment variable ``SNNCOURSE_GRADE`` (removed
at once, before the kernel starts, so the student's kernel never sees it).
nbval executes the student's cells in a Jupyter kernel, as in class. This
plugin adds what nbval cannot do:

- the check registry is imported here, when the worker starts, before any
  student code runs; the student's code runs only in the kernel (another
  process), so a redefined ``check``, a patched ``snncourse`` or an edited
  check cell changes nothing here;
- after the last cell, the probe (:mod:`._probe`) asks the kernel for the
  objects the registry names (``Exercise.usage``) and the registry's check
  runs *here*, on the values sent back; a student's function is called in
  the kernel on inputs chosen here, its outputs are compared here;
- each function is checked a second time with hidden random inputs (the
  registry's seeds salted with a secret), plus hidden cases for the checks
  that have no random inputs;
- an answer that is, wraps or calls the package's own implementation fails;
- a kernel that dies is noticed within a second, not after the timeout; the
  output of a cell is capped; the results go to the grader through a pipe
  the kernel does not inherit.

Contents
--------
hidden_cases
    The hidden cases of checks without random inputs.
grade_exercise
    The grader's verdict on one exercise, from the probe's answers.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import json
import os
import re
import resource
import sys
import time

_SETTINGS = json.loads(os.environ.pop("SNNCOURSE_GRADE", "{}") or "{}")
if _SETTINGS:
    # nbformat validates with jsonschema, whose optional rfc3987_syntax builds a grammar
    # at import (about 3 s); the worker does not need that format checker.
    sys.modules.setdefault("rfc3987_syntax", None)

# Import the registry now, before the kernel runs any student code.
import numpy as np  # noqa: E402

from .checks import EXERCISES, check  # noqa: E402
from . import _probe  # noqa: E402

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"
_USAGE = re.compile(r"check\(\s*[\"'][^\"']+[\"']\s*((?:,\s*[A-Za-z_]\w*\s*)*)\)")


def _harden():
    """Non-dumpable (the kernel, our child, cannot read our memory or fds); limits.

    The limits (address space, file size) are inherited by the kernels.
    """
    try:
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):  # pragma: no cover  (not Linux)
        pass
    fd = _SETTINGS.get("fd")
    if fd is not None:
        os.set_inheritable(int(fd), False)
    memory = _SETTINGS.get("memory")
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    # No single file larger than the memory limit (a full disk would stop everyone).
    size = int(memory or 2**31)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


if _SETTINGS:
    _harden()


class KernelDied(Exception):
    """The kernel process exited while a cell (or the probe) ran."""


class ProbeTimeout(BaseException):
    """A call of the student's function outlived the cell timeout (not caught by checks)."""


class ProbeDead(BaseException):
    """The kernel died during the probe."""


def _fresh():
    return {"cells": {}, "capped": set(), "died": None, "grades": None, "probe_error": "",
            "cell_seconds": 0.0, "probe_seconds": 0.0, "killed": False, "done": False}


# The notebook being run (its stem), its cell, its kernel; and what each notebook gave.
_state = {"stem": None, "cell": None, "kernel": None, "started": None, "stdout_bytes": {}}
_notebooks = {}


def _nb():
    return _notebooks.setdefault(_state["stem"], _fresh())


# ---------------------------------------------------------------------------
# nbval, watched: kernel death noticed at once, output capped
# ---------------------------------------------------------------------------
def _exit_status(kernel):
    try:
        proc = kernel.km.provisioner.process
        code = proc.poll() if proc is not None else None
    except AttributeError:  # pragma: no cover
        code = None
    if code is None:
        return "the kernel exited"
    if code < 0:
        import signal
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:  # pragma: no cover
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _install_watch():
    from nbval import kernel as nbk

    original = nbk.RunningKernel.get_message
    cap = int(_SETTINGS.get("output_cap", 2**20))

    def get_message(self, stream, timeout=None):
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            left = 0.5 if end is None else min(0.5, end - time.monotonic())
            try:
                msg = original(self, stream, timeout=max(left, 0.0))
            except Exception as exc:  # queue.Empty
                if type(exc).__name__ != "Empty":
                    raise
                if not self.is_alive():
                    raise KernelDied(_exit_status(self)) from None
                if end is not None and time.monotonic() >= end:
                    raise
                continue
            if stream == "iopub" and msg.get("msg_type") in ("stream", "display_data",
                                                               "execute_result"):
                parent = msg.get("parent_header", {}).get("msg_id")
                content = msg.get("content", {})
                size = len(content.get("text", "")) + sum(
                    len(str(v)) for v in content.get("data", {}).values())
                seen = _state["stdout_bytes"].get(parent, 0) + size
                _state["stdout_bytes"][parent] = seen
                if seen > cap:
                    if _state["cell"] is not None:
                        _nb()["capped"].add(_state["cell"])
                    if "text" in content:
                        content["text"] = ""
                    if "data" in content:
                        content["data"] = {}
            return msg

    nbk.RunningKernel.get_message = get_message


if _SETTINGS:
    _install_watch()


# ---------------------------------------------------------------------------
# pytest hooks
# ---------------------------------------------------------------------------
def _cell_index(item):
    return getattr(item, "cell_num", None)


def _stem(nodeid):
    return os.path.splitext(os.path.basename(nodeid.split("::")[0]))[0]


def pytest_runtest_logstart(nodeid, location):
    stem = _stem(nodeid)
    if stem != _state["stem"]:
        _state.update(stem=stem, kernel=None, started=time.monotonic())
    m = re.search(r"::Cell (\d+)$", nodeid)
    _state["cell"] = int(m.group(1)) if m else None


def _parse(text):
    from .grading import _parse_failure  # the parser of nbval's failure text
    return _parse_failure(text)


import pytest  # noqa: E402


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    _state["kernel"] = getattr(item.parent, "kernel", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    index = _cell_index(item)
    if index is None or (report.when != "call" and not report.failed):
        return
    nb = _nb()
    if report.when == "call":
        nb["cell_seconds"] += report.duration
    cells = nb["cells"]
    if call.excinfo is not None and call.excinfo.errisinstance(KernelDied):
        if nb["killed"]:
            cells[index] = {"status": "not run", "ename": "", "message": "notebook timed out"}
            return
        if nb["died"] is None:
            nb["died"] = [index, str(call.excinfo.value)]
        cells[index] = {"status": "died", "ename": "KernelDied",
                        "message": str(call.excinfo.value)}
        return
    if report.failed and call.excinfo is not None and "Kernel dead on test start" in str(
            call.excinfo.value):
        cells[index] = {"status": "not run", "ename": "", "message": "kernel dead"}
        return
    if hasattr(report, "wasxfail"):
        status = "passed" if report.passed else "xfailed"
        cells[index] = {"status": status, "ename": "", "message": ""}
        return
    if report.passed:
        cells[index] = {"status": "passed", "ename": "", "message": ""}
    elif report.skipped:
        cells[index] = {"status": "skipped", "ename": "", "message": ""}
    else:
        ename, message, timeout = _parse(str(report.longrepr))
        cells[index] = {"status": "failed", "ename": ename, "message": message,
                        "timeout": timeout}


def _send(stem):
    """Write the result of notebook ``stem`` (one JSON line) to the grader's pipe."""
    nb = _notebooks.setdefault(stem, _fresh())
    if nb["done"] or _SETTINGS.get("fd") is None:
        return
    nb["done"] = True
    line = {k: v for k, v in nb.items() if k != "done"}
    line.update(stem=stem, capped=sorted(nb["capped"]), cpu_seconds=_cpu())  # so far
    os.write(int(_SETTINGS["fd"]), (json.dumps(line) + "\n").encode())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    if not _SETTINGS or (nextitem is not None and nextitem.parent is item.parent):
        return
    stem = _stem(item.nodeid)
    nb = _notebooks.setdefault(stem, _fresh())
    kernel = getattr(item.parent, "kernel", None)
    ids = _SETTINGS.get("notebooks", {}).get(stem, [])
    t0 = time.perf_counter()
    try:
        if kernel is None or not kernel.is_alive() or nb["killed"]:
            nb["grades"] = {}
            return
        nb["grades"] = grade_all(Probe(kernel, float(_SETTINGS.get("cell_timeout", 60))),
                                 ids, int(_SETTINGS.get("salt", 0)))
    except ProbeDead as exc:
        if nb["killed"]:
            nb["grades"] = {}
        else:
            nb["died"] = nb["died"] or ["probe", str(exc)]
            nb["grades"] = {}
    except Exception as exc:  # noqa: BLE001  (reported, never a pass)
        nb["probe_error"] = f"{type(exc).__name__}: {exc}"
        nb["grades"] = {}
    finally:
        nb["probe_seconds"] = time.perf_counter() - t0
        _send(stem)


def pytest_collectreport(report):
    if report.failed and _SETTINGS and str(report.nodeid).endswith(".ipynb"):
        nb = _notebooks.setdefault(_stem(report.nodeid), _fresh())
        nb["probe_error"] = "nbval cannot read it: " + " ".join(
            str(report.longrepr).split())[-300:]


def _cpu():
    used = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in used)


def pytest_sessionfinish(session, exitstatus):
    for stem in list(_SETTINGS.get("notebooks", {})):
        _send(stem)
    if _SETTINGS.get("fd") is not None:  # every kernel has stopped and been reaped by now
        os.write(int(_SETTINGS["fd"]), (json.dumps({"cpu_seconds": _cpu()}) + "\n").encode())


def _watchdog(limit):
    """Kill the kernel of a notebook that outlives ``limit`` seconds (the next one goes on)."""
    while True:
        time.sleep(0.5)
        started, kernel = _state["started"], _state["kernel"]
        if started is None or kernel is None or time.monotonic() - started < limit:
            continue
        nb = _nb()
        if nb["killed"] or nb["done"]:
            continue
        nb["killed"] = True
        try:
            kernel.km.provisioner.process.kill()
        except Exception:  # noqa: BLE001  (already gone)
            pass


if _SETTINGS.get("run_timeout"):
    import threading
    threading.Thread(target=_watchdog, args=(float(_SETTINGS["run_timeout"]),),
                     daemon=True).start()


# ---------------------------------------------------------------------------
# the probe, seen from here
# ---------------------------------------------------------------------------
class Probe:
    """Talks to the probe in the student's kernel (see :mod:`._probe`)."""

    def __init__(self, kernel, timeout):
        import secrets
        self.kernel, self.timeout = kernel, timeout
        self.name = f"_snncourse_probe_{secrets.token_hex(8)}"
        self._run(_probe.AGENT % {"name": self.name, "max_bytes": _probe.MAX_ARRAY_BYTES},
                  None, 60.0)

    def _run(self, code, expression, timeout):
        kc = self.kernel.kc
        msg_id = kc.execute(code, silent=False, store_history=False, allow_stdin=False,
                            stop_on_error=False,
                            user_expressions={"r": expression} if expression else {})
        end = time.monotonic() + timeout
        interrupted = False
        while True:
            try:
                msg = kc.get_shell_msg(timeout=0.5)
            except Exception as exc:  # queue.Empty
                if type(exc).__name__ != "Empty":
                    raise
                if not self.kernel.is_alive():
                    raise ProbeDead(_exit_status(self.kernel)) from None
                if time.monotonic() >= end:
                    if interrupted:
                        raise ProbeDead("the kernel does not answer after an interrupt") \
                            from None
                    self.kernel.interrupt()
                    interrupted, end = True, time.monotonic() + 10.0
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if interrupted:
                raise ProbeTimeout(f"timed out after {timeout:g} s on the grader's input "
                                   "(an infinite loop?)")
            content = msg.get("content", {})
            if content.get("status") != "ok":
                raise _probe.ProbeError(f"the probe failed in the kernel: "
                                        f"{content.get('ename')}: {content.get('evalue')}")
            if not expression:
                return None
            value = content.get("user_expressions", {}).get("r", {})
            try:
                import ast
                text = ast.literal_eval(value["data"]["text/plain"])
                return json.loads(text)
            except (KeyError, TypeError, ValueError, SyntaxError, MemoryError):
                raise _probe.ProbeError("unreadable answer from the kernel (did the notebook "
                                        "tamper with IPython?)") from None

    def describe(self, name):
        out = self._run(f"_snncourse_r = {self.name}[0]({name!r})", "_snncourse_r", 30.0)
        if not isinstance(out, dict):
            raise _probe.ProbeError("malformed description")
        return out

    def call(self, name, args, forbidden):
        import base64
        import pickle
        payload = base64.b64encode(pickle.dumps(args, protocol=4)).decode("ascii")
        out = self._run(f"_snncourse_r = {self.name}[1]({name!r}, {payload!r}, "
                        f"{[list(f) for f in forbidden]!r})", "_snncourse_r", self.timeout)
        if not isinstance(out, dict):
            raise _probe.ProbeError("malformed answer")
        return out


def usage_names(ex):
    """The names a check cell passes to ``check``: [answer, *context], from ``Exercise.usage``."""
    m = _USAGE.search(ex.usage)
    names = [n.strip() for n in m.group(1).split(",") if n.strip()] if m else []
    if not names:
        names = [ex.name]
    return names


# Package functions an exercise must not call, besides its reference and any package
# function of the same name as the learner's function.
_FORBIDDEN_EXTRA = {
    "ex-1.2": ("snncourse.neuron", "simulate_neuron"),
    "ex-9.1": ("snncourse.parallel", "sweep"),
}
_PUBLIC_MODULES = ("analysis", "theory", "neuron", "network", "connectivity", "inputs",
                   "regimes", "results")


def forbidden_codes(ex):
    """(co_filename, co_name) of the package functions that are not an answer to ``ex``."""
    import importlib
    import snncourse
    funcs = [ex.reference]
    try:
        funcs.append(getattr(snncourse, ex.name, None))  # the flat API
    except Exception:  # noqa: BLE001  (a lazily loaded name that fails to load)
        pass
    for mod in _PUBLIC_MODULES:
        try:
            funcs.append(getattr(importlib.import_module(f"snncourse.{mod}"), ex.name, None))
        except ImportError:
            continue
    extra = _FORBIDDEN_EXTRA.get(ex.id)
    if extra:
        try:
            funcs.append(getattr(importlib.import_module(extra[0]), extra[1], None))
        except ImportError:
            pass
    out = []
    for f in funcs:
        f = getattr(f, "__wrapped__", f)
        code = getattr(f, "__code__", None)
        if code is not None and (code.co_filename, code.co_name) not in out:
            out.append((code.co_filename, code.co_name))
    return out


@contextlib.contextmanager
def hidden_seeds(salt):
    """Salt every integer seed given to ``numpy.random.default_rng`` (hidden random inputs)."""
    original = np.random.default_rng

    def salted(seed=None, *args, **kwargs):
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            seed = [int(seed), int(salt) & 0xFFFFFFFF, 0x5EED]
        return original(seed, *args, **kwargs)

    np.random.default_rng = salted
    try:
        yield
    finally:
        np.random.default_rng = original


def hidden_cases(ex_id, rng):
    """Hidden ``(label, args)`` cases of the function checks that have no random inputs."""
    from ..params import LIFParams
    if ex_id == "ex-1.2":
        p = LIFParams()
        return [(f"a hidden neuron (tau_m = {tau:.3g} ms, t_ref = {t_ref:g} ms), I = "
                 f"{i:.3g} nA", (p.replace(tau_m=tau, t_ref=t_ref), i, 80.0, 0.1))
                for tau, t_ref, i in zip(rng.uniform(8.0, 25.0, 2), rng.choice([1.0, 2.5], 2),
                                         rng.uniform(2.2, 6.0, 2))]
    if ex_id == "ex-7.1":
        return [("hidden nu, g, eta", (float(nu), float(g), float(eta)))
                for nu, g, eta in zip(rng.uniform(1, 60, 3), rng.uniform(3, 7, 3),
                                      rng.uniform(0.8, 4, 3))]
    return []


def _same(a, b, rtol=1e-6, atol=1e-9):
    if isinstance(b, (tuple, list)):
        return isinstance(a, (tuple, list)) and len(a) == len(b) and all(
            _same(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(b, dict):
        return isinstance(a, dict) and a.keys() == b.keys() and all(
            _same(a[k], b[k], rtol, atol) for k in b)
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=True))


class _Remote:
    """The student's function, called in the kernel; records the package calls it makes."""

    def __init__(self, probe, name, forbidden):
        self.probe, self.name, self.forbidden = probe, name, forbidden
        self.__name__ = self.__qualname__ = name
        self.hits = []

    def __call__(self, *args):
        out = self.probe.call(self.name, args, self.forbidden)
        self.hits.extend(str(h) for h in out.get("forbidden", [])[:3])
        if "raise" in out:
            raise _probe.remote_exception(*(list(out["raise"]) + [[], ""])[:3])
        return _probe.decode(out.get("ok"))


def _run_check(ex_id, answer, context):
    """(status, message) of the registry's check on ``answer``."""
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            check(ex_id, answer, *context)
    except AssertionError as exc:
        text = str(exc)
        return (NOT_ATTEMPTED if text.startswith(f"{ex_id} not attempted") else FAIL), text
    except ProbeTimeout as exc:
        return FAIL, f"{ex_id}: {exc}"
    except (TypeError, ValueError) as exc:
        return FAIL, f"{ex_id}: {exc}"
    return PASS, buf.getvalue().strip()


def grade_exercise(probe, ex, salt, names=None):
    """``{"status", "message"}``: the grader's verdict on exercise ``ex``.

    ``names`` are the answer's and the context's names (default: from the
    registry's ``usage``).
    """
    names = list(names or usage_names(ex))
    values = []
    for name in names:
        info = probe.describe(name)
        if not info.get("found"):
            return {"status": FAIL, "message": f"{ex.id}: `{name}` is not defined in the "
                                               "notebook (did its cell fail?)", "missing": name}
        values.append(info)
    answer, context = values[0], []
    for name, info in zip(names[1:], values[1:]):
        if info.get("callable"):
            return {"status": FAIL, "message": f"{ex.id}: `{name}` is a function, the check "
                                               "needs the object the exercise names"}
        context.append(_probe.decode(info["value"]))
    if answer.get("callable"):
        module = str(answer.get("module"))
        if module.split(".")[0] == "snncourse":
            return {"status": FAIL, "reference": True,
                    "message": f"{ex.id}: `{names[0]}` is the package's own implementation "
                               f"(a function of {module}), not an answer"}
        if ex.kind != "function":
            return {"status": FAIL, "message": f"{ex.id}: `{names[0]}` must be a number, "
                                               "got a function"}
        remote = _Remote(probe, names[0], forbidden_codes(ex))
        status, message = _run_check(ex.id, remote, context)
        if remote.hits:
            return {"status": FAIL, "reference": True,
                    "message": f"{ex.id}: `{names[0]}` calls the package's own "
                               f"implementation ({remote.hits[0]}), which is not an answer"}
        if status != PASS:
            return {"status": status, "message": message}
        with hidden_seeds(salt):
            status, message = _run_check(ex.id, remote, context)
        if status == PASS:
            rng = np.random.default_rng([int(salt) & 0xFFFFFFFF, 1])
            for label, args in hidden_cases(ex.id, rng):
                try:
                    got = remote(*args)
                except Exception as exc:  # noqa: BLE001
                    status, message = FAIL, f"{ex.id}: raised {type(exc).__name__}: {exc}"
                    break
                if not _same(got, ex.reference(*args)):
                    status, message = FAIL, f"{ex.id}: wrong on {label}"
                    break
        if remote.hits:
            return {"status": FAIL, "reference": True,
                    "message": f"{ex.id}: `{names[0]}` calls the package's own "
                               f"implementation ({remote.hits[0]}), which is not an answer"}
        if status != PASS:
            return {"status": FAIL, "hidden": True,
                    "message": f"right on the visible cases, wrong on the grader's hidden "
                               f"cases: {message}"}
        return {"status": PASS, "message": ""}
    value = _probe.decode(answer["value"])
    status, message = _run_check(ex.id, value, context)
    return {"status": status, "message": "" if status == PASS else message}


def grade_all(probe, ids, salt):
    """Verdicts of every exercise ``ids`` (exercise id -> dict)."""
    out = {}
    for ex_id in ids:
        ex = EXERCISES.get(ex_id)
        if ex is None:
            out[ex_id] = {"status": FAIL, "message": f"unknown exercise {ex_id}"}
            continue
        try:
            out[ex_id] = grade_exercise(probe, ex, salt, _SETTINGS.get("names", {}).get(ex_id))
        except _probe.ProbeError as exc:
            out[ex_id] = {"status": FAIL, "message": f"{ex_id}: {exc}"}
        except ProbeTimeout as exc:
            out[ex_id] = {"status": FAIL, "message": f"{ex_id}: {exc}"}
    return out
