r"""Grade a class's exercise notebooks: the grader decides, in a sandbox, in parallel.

``python -m snncourse grade SUBMISSIONS`` grades every student folder in
``SUBMISSIONS`` (one subfolder per student: the student's ``exercises/``
folder, or a folder that contains it) and writes everything to an output
folder (``--out``, default ``grades/`` beside ``SUBMISSIONS``; never inside
it): ``grades.csv``, ``gradebook.csv``, ``feedback/STUDENT.md`` and
``run.json`` (see :mod:`.gradebook`).

How a notebook is graded
------------------------
Each student is graded by a ``pytest`` process of their own (the *worker*,
:mod:`._grade_worker`; ``--jobs`` workers at a time), inside a bubblewrap
sandbox where available (:mod:`.sandbox`). The worker runs each of the
student's notebooks under nbval, from a copy in a fresh temporary folder,
in a kernel of its own, with a memory limit (``--memory``), a per-cell
timeout (``--timeout``) and a timeout per notebook (``--run-timeout``).

Executing a notebook only builds the student's namespace: the student's own
check cells run, so the student sees the same messages as in class, but
they do not count. After the last cell the worker, which imported the check
registry before any student code ran, asks the kernel for the objects the
course's check cell of each exercise names (:func:`check_names`) and runs
the registry's check itself; a function is called in the kernel on inputs the
worker chose, and checked again on hidden inputs. An answer that is, wraps
or calls the package's own implementation fails.

Threat model
------------
The student controls every cell, hence everything in the kernel. What the
kernel prints, a redefined ``check``, a patched ``snncourse`` or ``numpy``
in the kernel, an edited, deleted or moved check cell: none reaches the
verdict, which is computed in the worker from plain data (JSON, arrays;
never unpickled). What the kernel *can* do is compute any output its
function returns; a student who reads the grader's source and subverts the
probe in the kernel can hide a call of the package's implementation. The
sandbox (no network, read-only filesystem, other submissions and grades
invisible) is what stops the kernel from reading others' work or writing
the grades; without bubblewrap a notebook runs with the grader's rights.

Contents
--------
grade
    Grade a submissions folder; returns the list of :class:`Grade`.
grade_student
    Grade one student's notebooks (one worker).
grade_notebook
    Grade one student's notebook.
run_worker
    Run the worker on notebooks; a :class:`WorkerResult` for each.
check_environment
    The missing piece of the grading environment, or None.
preflight
    Whether a one-cell notebook runs in the grading set-up (else why not).
expected_exercises
    Notebook stem -> exercise ids, optionally filtered.
check_names
    The names each check cell of the course passes (answer, context).
summary_table
    The terminal summary (students x notebooks).
add_arguments, main
    ``python -m snncourse grade`` (options and entry point).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import gradebook, sandbox

__all__ = ["Grade", "WorkerResult", "GradingEnvironmentError", "grade", "grade_student",
           "grade_notebook", "run_worker", "preflight", "summary_table", "check_environment",
           "expected_exercises", "check_names", "add_arguments", "main"]

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"

_CHECK = re.compile(r"""check\(\s*["'](ex-\d+\.\d+)["']""")
_ANSI = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*[A-Za-z]")
_EXC_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning))(?::\s?(.*))?$")
_MAX_MESSAGE = 400
_GB = 2**30
_REQUIRED = ("pytest", "nbval", "ipykernel", "jupyter_client", "nbformat")


@dataclass(frozen=True)
class Grade:
    """The grade of one exercise of one student."""

    student: str
    notebook: str
    exercise: str
    status: str  # "pass", "fail" or "not attempted"
    message: str = ""
    points: float = 0
    max_points: float = 1


@dataclass
class WorkerResult:
    """What :func:`run_worker` returns (see :mod:`._grade_worker`)."""

    cells: dict = field(default_factory=dict)  # code-cell index -> dict(status, ename, message)
    grades: dict | None = None  # exercise id -> dict(status, message)
    died: list | None = None  # [cell index or "probe", reason]
    capped: list = field(default_factory=list)  # cells whose output was capped
    killed: bool = False  # the whole-notebook timeout was reached
    error: str = ""  # the worker could not run the notebook
    probe_error: str = ""
    seconds: float = 0.0  # wall time of the worker
    cell_seconds: float = 0.0  # of which executing the student's cells
    probe_seconds: float = 0.0  # of which the grader's checks (probe)
    cpu_seconds: float = 0.0  # CPU time of the worker and its kernels (its share)



# ---------------------------------------------------------------------------
# nbval failure text
# ---------------------------------------------------------------------------
def _clean(text):
    return _ANSI.sub("", text or "")


def _short(text, width=_MAX_MESSAGE):
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _parse_failure(text):
    """``(ename, message, timeout)`` from nbval's failure report of a cell."""
    text = _clean(text)
    timeout = "Timeout of" in text and "exceeded" in text
    ename, message = "", ""
    for line in reversed(text.splitlines()):
        m = _EXC_LINE.match(line.strip())
        if m:
            ename, message = m.group(1), (m.group(2) or "").strip()
            break
    if timeout:
        seconds = re.search(r"Timeout of ([\d.]+) seconds", text)
        message = (f"timed out after {seconds.group(1)} s (an infinite loop?)" if seconds
                   else "timed out")
        ename = "Timeout"
    elif not ename:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        ename, message = "Error", lines[-1] if lines else "cell failed"
    return ename, message, timeout




# ---------------------------------------------------------------------------
# the environment
# ---------------------------------------------------------------------------
def check_environment():
    """The first missing piece of the grading environment (a line of text), or None."""
    for name in _REQUIRED:
        if importlib.util.find_spec(name) is None:
            return (f"{name} is not installed in {sys.executable}: "
                    "pip install 'snncourse[test]'")
    try:
        from jupyter_client.kernelspec import KernelSpecManager  # noqa: F401
    except Exception as exc:  # noqa: BLE001
        return f"jupyter_client does not import ({exc}): pip install 'snncourse[test]'"
    return None


class GradingEnvironmentError(RuntimeError):
    """The grading environment cannot run a notebook (not a student's fault)."""


def preflight(*, use_sandbox, memory=2 * _GB, python=None):
    """None if a one-cell notebook runs and is probed in this set-up, else the reason."""
    with tempfile.TemporaryDirectory(prefix="snncourse-preflight-") as tmp:
        path = Path(tmp) / "preflight.ipynb"
        path.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {},
                                               "outputs": [], "execution_count": None,
                                               "source": "x = 1"}],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
        run = run_worker({"preflight": (path, [])}, cell_timeout=120.0, run_timeout=180.0,
                         memory=memory, use_sandbox=use_sandbox, python=python)["preflight"]
    if run.killed:
        return "a one-cell notebook did not finish in 180 s"
    if run.error or run.died or run.probe_error:
        return run.error or run.probe_error or f"the kernel died ({run.died[1]})"
    if (run.cells.get(0) or {}).get("status") != "passed" or run.grades != {}:
        return "a one-cell notebook did not run"
    return None


# ---------------------------------------------------------------------------
# one notebook in one worker
# ---------------------------------------------------------------------------
def _drain(stream, keep, limit):
    """Read ``stream`` to its end, keeping only its last ``limit`` bytes in ``keep``."""
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        keep.append(chunk)
        while sum(map(len, keep)) > limit and len(keep) > 1:
            keep.pop(0)
    stream.close()


def _kill_marked(token):
    """Kill the processes started for one worker (found by the token in their environment)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"SNNCOURSE_GRADE_RUN={token}".encode() in env.split(b"\0"):
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except OSError:
                pass


def run_worker(notebooks, *, cell_timeout=60.0, run_timeout=600.0, memory=2 * _GB,
               use_sandbox=False, hide=(), salt=0, output_cap=2**20, python=None):
    """Execute and grade notebooks in one worker process; stem -> :class:`WorkerResult`.

    Every notebook gets its own kernel (a process) and its own fresh working
    directory; the worker (pytest, nbval and the grader's checks) is shared,
    which saves starting it once per notebook.

    Parameters
    ----------
    notebooks : dict
        Stem -> ``(path, ids)``: the notebook (copied into a temporary
        folder, never modified) and the exercises to grade in it.
    cell_timeout, run_timeout : float
        Per-cell and per-notebook timeouts (s).
    memory : int
        Memory limit (bytes of address space) of the worker and of each kernel.
    use_sandbox : bool
        Run in bubblewrap (see :mod:`.sandbox`).
    hide : iterable of path
        Folders the sandbox hides (submissions, grades).
    salt : int
        Seed of the hidden cases.
    output_cap : int
        Characters of output kept per cell.
    """
    python = python or sys.executable
    started = time.perf_counter()
    token = secrets.token_hex(8)
    results = {stem: WorkerResult() for stem in notebooks}
    with tempfile.TemporaryDirectory(prefix="snncourse-grade-") as tmp:
        work = Path(tmp).resolve()
        copies = []
        for stem, (path, _) in notebooks.items():
            (work / "nb" / stem).mkdir(parents=True)
            copies.append(work / "nb" / stem / f"{stem}.ipynb")
            shutil.copyfile(path, copies[-1])
        ini = work / "pytest.ini"
        ini.write_text("[pytest]\n")
        read_fd, write_fd = os.pipe()
        names = {}
        for stem in notebooks:
            names.update(check_names(stem))
        settings = {"fd": write_fd, "notebooks": {s: list(v[1]) for s, v in notebooks.items()},
                    "names": names,
                    "salt": int(salt), "cell_timeout": float(cell_timeout),
                    "run_timeout": float(run_timeout), "memory": int(memory),
                    "output_cap": int(output_cap)}
        argv = [python, "-m", "pytest", *map(str, copies), "-c", str(ini), "--rootdir",
                str(work), "-p", "no:cacheprovider", "-p", "snncourse.course._grade_worker",
                "-p", "nbval.plugin",
                "-s", "-q", "--nbval-lax", "--nbval-current-env",
                f"--nbval-cell-timeout={cell_timeout:g}", "-W", "ignore"]
        (work / "nb").mkdir(exist_ok=True)
        cmd = sandbox.command(argv, work, sandbox=use_sandbox, hide=hide)
        env = sandbox.environment(work)
        env.update(SNNCOURSE_GRADE=json.dumps(settings), SNNCOURSE_GRADE_RUN=token,
                   PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")  # nbval and the worker only
        try:
            proc = subprocess.Popen(cmd, cwd=work / "nb", env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    pass_fds=(write_fd,), start_new_session=True)
        except OSError as exc:
            os.close(read_fd)
            for res in results.values():
                res.error = f"cannot start the worker ({exc})"
            return results
        finally:
            os.close(write_fd)
        tail, data = [], []
        readers = [threading.Thread(target=_drain, args=(proc.stdout, tail, 20000), daemon=True),
                   threading.Thread(target=_drain, args=(os.fdopen(read_fd, "rb"), data, 2**28),
                                    daemon=True)]
        for r in readers:
            r.start()
        killed = False
        try:  # the worker enforces run_timeout per notebook; this is the backstop
            proc.wait(timeout=run_timeout * len(notebooks) + 60.0)
        except subprocess.TimeoutExpired:
            killed = True
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            if not use_sandbox:
                _kill_marked(token)  # the kernels run in sessions of their own
            proc.wait()
        for r in readers:
            r.join(timeout=10)
        raw = b"".join(data).decode("utf-8", "replace")
        output = _clean(b"".join(tail).decode("utf-8", "replace"))
    seconds = time.perf_counter() - started
    got, cpu = set(), 0.0
    for line in raw.splitlines():
        try:
            payload = json.loads(line)
        except ValueError:
            continue
        if not isinstance(payload, dict):
            continue
        try:
            cpu = max(cpu, float(payload.get("cpu_seconds") or 0.0))
        except (TypeError, ValueError):
            pass
        stem = payload.get("stem")
        if stem not in results or stem in got:
            continue
        got.add(stem)
        res = results[stem]
        res.cells = {int(k): v for k, v in (payload.get("cells") or {}).items()}
        res.grades = payload.get("grades")
        res.died = payload.get("died")
        res.killed = bool(payload.get("killed"))
        res.capped = list(payload.get("capped") or [])
        res.probe_error = str(payload.get("probe_error") or "")
        res.cell_seconds = float(payload.get("cell_seconds") or 0.0)
        res.probe_seconds = float(payload.get("probe_seconds") or 0.0)
        if res.grades is None and not res.killed:
            res.error = res.probe_error or "no code cell to run"
    lines = [ln for ln in output.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "rror" in ln]
    for stem, res in results.items():
        res.seconds = seconds / len(results)
        res.cpu_seconds = cpu / len(results)
        if stem not in got:
            if killed:
                res.killed = True
            else:
                res.error = _short((errors or lines or ["the worker wrote no result"])[-1])
    return results


# ---------------------------------------------------------------------------
# from a worker's result to grades
# ---------------------------------------------------------------------------
def expected_exercises(only=None):
    """Notebook stem -> exercise ids, from the course's registry, optionally filtered.

    ``only`` is a glob pattern (or a list of them) matched against the stems,
    e.g. ``"ex01*"``.
    """
    from .checks import EXERCISES, exercise_ids

    patterns = [only] if isinstance(only, str) else list(only or [])
    out = {}
    for ex_id in exercise_ids():
        stem = EXERCISES[ex_id].notebook
        if patterns and not any(fnmatch.fnmatch(stem, p) for p in patterns):
            continue
        out.setdefault(stem, []).append(ex_id)
    return out


_CHECK_CALL = re.compile(r"""check\(\s*["'](ex-\d+\.\d+)["']\s*((?:,\s*[A-Za-z_]\w*\s*)*)\)""")


def check_names(stem):
    """Exercise id -> the names its check cell passes (answer, context), from the course.

    Read from the course's own exercise notebook (``exercises/STEM.ipynb``
    beside the package), never from a student's copy; an exercise not found
    there is graded with the names of the registry's ``usage``.
    """
    import snncourse

    path = Path(snncourse.__file__).resolve().parents[1] / "exercises" / f"{stem}.ipynb"
    try:
        sources = _read_notebook(path)
    except (OSError, ValueError):
        return {}
    out = {}
    for src in sources:
        for m in _CHECK_CALL.finditer(src):
            names = [n.strip() for n in m.group(2).split(",") if n.strip()]
            if names:
                out.setdefault(m.group(1), names)
    return out


def _read_notebook(path):
    """Sources of the code cells, or raise ValueError saying what the file is not."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not a notebook (not UTF-8 text)") from None
    try:
        nb = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"not valid JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) \
            or not isinstance(nb.get("nbformat"), int) or nb["nbformat"] < 4:
        raise ValueError("not a notebook (valid JSON, but no nbformat 4 'cells' list)")
    sources = []
    for c in nb["cells"]:
        if isinstance(c, dict) and c.get("cell_type") == "code":
            src = c.get("source", "")
            sources.append("".join(src) if isinstance(src, list) else str(src))
    return sources


def _gb(nbytes):
    return f"{nbytes / _GB:.3g} GB"


def _cell_notes(run, cells, *, cell_timeout, memory, output_cap):
    """One line per fault of the cells ``cells`` (died, timeout, memory, flood, error)."""
    notes = []
    for i in cells:
        c = run.cells.get(i)
        if i in run.capped:
            notes.append(f"cell {i}: output flooded, capped at {output_cap:,} characters "
                         "(grading went on)")
        if not c:
            continue
        if c.get("status") == "died":
            notes.append(f"cell {i}: kernel died ({c.get('message')})")
        elif c.get("status") == "failed":
            ename, message = c.get("ename", ""), c.get("message", "")
            if c.get("timeout"):
                notes.append(f"cell {i}: timed out after {cell_timeout:g} s")
            elif "MemoryError" in ename or "MemoryError" in message:
                notes.append(f"cell {i}: memory limit hit ({_gb(memory)}, --memory)")
            elif ename != "NotImplementedError" and not (ename == "AssertionError"
                                                         and " not attempted" in message):
                name = "" if ename in ("", "Error") else f"{ename}: "
                notes.append(_short(f"cell {i}: {name}{message}", 200))
    return notes


def _make(student, stem, ex_id, status, message=""):
    top = gradebook.points(ex_id)
    return Grade(student, stem, ex_id, status, _short(message), top if status == PASS else 0, top)


def grade_student(student, folder, notebooks, *, cell_timeout=60.0, run_timeout=600.0,
                  memory=2 * _GB, use_sandbox=False, hide=(), salt=0, output_cap=2**20,
                  stats=None):
    """Grade a student's notebooks (``notebooks``: stem -> exercise ids) in one worker.

    Missing files and files that are not notebooks are graded without
    running anything. ``stats``, a list, receives one dict of timings per
    notebook run. Returns the list of :class:`Grade`, in the order of
    ``notebooks``.
    """
    early, runnable, sources = {}, {}, {}
    for stem, ids in notebooks.items():
        path = Path(folder) / f"{stem}.ipynb"
        if not path.is_file():
            early[stem] = [_make(student, stem, i, NOT_ATTEMPTED,
                                 f"notebook {stem}.ipynb missing") for i in ids]
            continue
        try:
            sources[stem] = _read_notebook(path)
        except ValueError as exc:
            early[stem] = [_make(student, stem, i, FAIL, f"{stem}.ipynb: {exc}") for i in ids]
            continue
        runnable[stem] = (path, ids)
    runs = run_worker(runnable, cell_timeout=cell_timeout, run_timeout=run_timeout,
                      memory=memory, use_sandbox=use_sandbox, hide=hide, salt=salt,
                      output_cap=output_cap) if runnable else {}
    out = []
    for stem, ids in notebooks.items():
        if stem in early:
            out += early[stem]
            continue
        run = runs[stem]
        if stats is not None:
            stats.append({"student": student, "notebook": stem, "seconds": run.seconds,
                          "cell_seconds": run.cell_seconds, "probe_seconds": run.probe_seconds,
                          "cpu_seconds": run.cpu_seconds})
        out += _grades_of_run(student, stem, ids, sources[stem], run, cell_timeout=cell_timeout,
                              run_timeout=run_timeout, memory=memory, output_cap=output_cap)
    return out


def grade_notebook(student, stem, ids, folder, **kwargs):
    """Grade exercises ``ids`` of notebook ``stem`` in a student's ``folder``; list of Grade.

    Keyword arguments are those of :func:`grade_student`.
    """
    return grade_student(student, folder, {stem: ids}, **kwargs)


def _grades_of_run(student, stem, ids, sources, run, *, cell_timeout, run_timeout, memory,
                   output_cap):
    """The grades of one notebook from its worker's result."""
    def make(ex_id, status, message=""):
        return _make(student, stem, ex_id, status, message)

    if run.killed:
        return [make(i, FAIL, f"the notebook timed out: its run exceeded {run_timeout:g} s "
                              "(--run-timeout); nothing could be graded") for i in ids]
    if run.error:
        return [make(i, FAIL, f"{stem}.ipynb could not be run: {run.error}") for i in ids]
    check_cells = {}
    for index, src in enumerate(sources):
        for ex_id in _CHECK.findall(src):
            check_cells.setdefault(ex_id, index)
    bounds = sorted(set(check_cells.values()))
    limits = dict(cell_timeout=cell_timeout, memory=memory, output_cap=output_cap)
    out = []
    for ex_id in ids:
        stub = f'NotImplementedError("{ex_id}:'
        stub_left = any(stub in s for s in sources)
        index = check_cells.get(ex_id)
        if index is None:
            span, deleted = range(len(sources)), True
        else:
            before = [b for b in bounds if b < index]
            span, deleted = range(before[-1] + 1 if before else 0, index + 1), False
        notes = _cell_notes(run, [i for i in span if i not in check_cells.values()], **limits)
        verdict = (run.grades or {}).get(ex_id)
        if verdict is None:
            if run.died:
                where = run.died[0]
                where = "during grading" if where == "probe" else f"in cell {where}"
                reason = f"kernel died {where} ({run.died[1]}): nothing after it could be graded"
            else:
                reason = f"not graded: {run.probe_error or 'the grader could not query the kernel'}"
            status, message = FAIL, reason
            notes = [n for n in notes if "kernel died" not in n]
        else:
            status, message = verdict.get("status", FAIL), verdict.get("message", "")
            if status not in (PASS, FAIL, NOT_ATTEMPTED):
                status, message = FAIL, f"unknown status {status!r}"
        if status == PASS:
            extra = ["check cell deleted (graded on the names of the course's check cell)"] \
                if deleted else []
            out.append(make(ex_id, PASS, "; ".join(extra)))
            continue
        if status == NOT_ATTEMPTED and stub_left:
            notes.insert(0, "exercise stub still in place")
        if deleted:
            notes.insert(0, f'check cell deleted: no cell calls check("{ex_id}", ...)')
        out.append(make(ex_id, status, "; ".join([message] + notes) if notes else message))
    return out


# ---------------------------------------------------------------------------
# a whole class
# ---------------------------------------------------------------------------
def _students(submissions):
    """(name, folder with the notebooks) for every student subfolder, sorted by name."""
    out = []
    for entry in sorted(Path(submissions).iterdir()):
        if not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        inner = entry / "exercises"
        out.append((entry.name, inner if inner.is_dir() else entry))
    return out


def _out_folder(submissions, out):
    submissions = Path(submissions).resolve()
    out = submissions.parent / "grades" if out is None else Path(out)
    if out.suffix == ".csv":  # the old --out CSV: its folder
        out = out.parent
    out = out.resolve()
    if out == submissions or submissions in out.parents:
        raise ValueError(f"out must be a folder outside the submissions, got {str(out)!r}")
    return out


def grade(submissions, *, out=None, cell_timeout=60.0, run_timeout=None, only=None, jobs=None,
          memory=2 * _GB, sandbox_mode="auto", hidden_seed=None, progress=None,
          output_cap=2**20, stats=None):
    """Grade every student of ``submissions``; write the output folder; return the grades.

    Parameters
    ----------
    submissions : str or Path
        Folder with one subfolder per student.
    out : str, Path, None or False
        Output folder (default ``grades/`` beside ``submissions``; it must not
        be inside it). False writes nothing.
    cell_timeout : float
        Per-cell timeout (s); also the limit of one call of a student's
        function by the grader.
    run_timeout : float or None
        Timeout (s) of one notebook; default ``max(300, 5 * cell_timeout)``.
    only : str, list of str or None
        Glob pattern(s) of the notebook stems to grade (e.g. ``"ex01*"``).
    jobs : int or None
        Notebooks graded in parallel (default: the number of cores).
    memory : int
        Memory limit (bytes) of each notebook's worker and kernel (default 2 GB).
    sandbox_mode : {"auto", "on", "off"}
        bubblewrap where it works ("auto"), required ("on"), or never ("off").
    hidden_seed : int or None
        Seed of the hidden cases (default: a fresh secret one, saved in ``run.json``).
    progress : callable or None
        Called with a line of text after each graded notebook, and once with
        the sandbox warning.
    output_cap : int
        Characters of output kept per cell.
    stats : list or None
        Receives one dict of timings per notebook graded (for benchmarks).

    Returns
    -------
    list of Grade
        Sorted by student, then exercise.

    Raises
    ------
    FileNotFoundError
        If ``submissions`` is not a folder.
    ValueError
        If ``only`` matches no notebook, for a bad timeout, ``jobs`` or
        ``memory``, an ``out`` inside the submissions, or ``sandbox_mode="on"``
        where bubblewrap cannot run.
    GradingEnvironmentError
        If a one-cell notebook cannot run in the grading set-up (checked
        before anyone is graded: never a student's failure).
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise FileNotFoundError(f"submissions must be a folder, got {str(submissions)!r}")
    if not cell_timeout > 0:
        raise ValueError(f"cell_timeout must be > 0 s, got {cell_timeout!r}")
    run_timeout = max(300.0, 5.0 * cell_timeout) if run_timeout is None else float(run_timeout)
    if not run_timeout > 0:
        raise ValueError(f"run_timeout must be > 0 s, got {run_timeout!r}")
    jobs = os.cpu_count() or 1 if jobs is None else jobs
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1, got {jobs!r}")
    if not memory >= 256 * 2**20:
        raise ValueError(f"memory must be >= 256 MB, got {memory!r} bytes")
    if sandbox_mode not in ("auto", "on", "off"):
        raise ValueError(f"sandbox_mode must be 'auto', 'on' or 'off', got {sandbox_mode!r}")
    expected = expected_exercises(only)
    if not expected:
        raise ValueError(f"only must match at least one exercise notebook, got {only!r}")
    folder = _out_folder(submissions, out) if out is not False else None
    ok, why = sandbox.available() if sandbox_mode != "off" else (False, "--sandbox off")
    if sandbox_mode == "on" and not ok:
        raise ValueError(f"sandbox is 'on' but {why}")
    students = _students(submissions)
    if any((path / f"{stem}.ipynb").is_file() for _, path in students for stem in expected):
        broken = preflight(use_sandbox=ok, memory=memory)
        if broken and ok and sandbox_mode == "auto" and not preflight(use_sandbox=False,
                                                                      memory=memory):
            ok, why = False, f"bwrap runs, but not a notebook: {broken}"
        elif broken:
            raise GradingEnvironmentError(
                f"the grading environment cannot run a notebook ({broken}); "
                "pip install 'snncourse[test]'")
    if not ok and progress is not None:
        progress(f"warning: grading WITHOUT a sandbox ({why}): student code runs with your "
                 "rights, can use the network and read or write your files")
    salt = secrets.randbits(32) if hidden_seed is None else int(hidden_seed)
    hide = [submissions.resolve()] + ([folder] if folder else [])
    stems = list(expected)
    # One worker per student (a worker runs that student's notebooks one after the
    # other, each with its own kernel); fewer students than jobs: split their notebooks.
    chunks = max(1, min(len(stems), -(-jobs // max(len(students), 1))))
    tasks = [(name, path, {s: expected[s] for s in stems[k::chunks]})
             for name, path in students for k in range(chunks)]
    t_start = time.perf_counter()

    def work(task):
        name, path, notebooks = task
        t0 = time.perf_counter()
        grades = grade_student(name, path, notebooks, cell_timeout=cell_timeout,
                               run_timeout=run_timeout, memory=memory, use_sandbox=ok,
                               hide=hide, salt=salt, output_cap=output_cap, stats=stats)
        if progress is not None:
            passed = sum(g.status == PASS for g in grades)
            progress(f"{name}: {', '.join(notebooks)}: {passed}/{len(grades)} passed "
                     f"({time.perf_counter() - t0:.0f} s)")
        return grades

    if jobs == 1:
        results = [work(t) for t in tasks]
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(work, tasks))
    order = {ex_id: i for i, ex_id in enumerate(i for ids in expected.values() for i in ids)}
    grades = sorted((g for r in results for g in r), key=lambda g: (g.student, order[g.exercise]))
    if folder is not None and grades:
        from .checks import EXERCISES
        info = {"hidden_seed": salt, "sandbox": ok, "sandbox_note": why, "jobs": jobs,
                "cell_timeout_s": cell_timeout, "run_timeout_s": run_timeout,
                "memory_bytes": memory, "notebooks": list(expected),
                "students": len({g.student for g in grades}),
                "wall_time_s": round(time.perf_counter() - t_start, 2)}
        gradebook.write_all(grades, folder, run_info=info,
                            tasks={i: EXERCISES[i].task for i in order})
    return grades

def summary_table(grades):
    """Students x notebooks: exercises passed / total, total points, then the problems."""
    notebooks = list(dict.fromkeys(g.notebook for g in grades))
    students = list(dict.fromkeys(g.student for g in grades))
    width = max([len("student")] + [len(s) for s in students])
    heads = [nb[:4] for nb in notebooks]
    lines = [f"{'student':<{width}}  " + "  ".join(f"{h:>5}" for h in heads) + "  points"]
    notes = []
    for s in students:
        mine = [g for g in grades if g.student == s]
        cells = []
        for nb in notebooks:
            of_nb = [g for g in mine if g.notebook == nb]
            cells.append(f"{sum(g.status == PASS for g in of_nb)}/{len(of_nb)}")
        total = f"{sum(g.points for g in mine):g}/{sum(g.max_points for g in mine):g}"
        lines.append(f"{s:<{width}}  " + "  ".join(f"{c:>5}" for c in cells) + f"  {total:>5}")
        seen = set()
        for g in mine:
            if g.status == FAIL or "missing" in g.message or "died" in g.message:
                key = (g.notebook, g.message)
                if key not in seen:
                    seen.add(key)
                    notes.append(f"  {s} {g.exercise}: {g.status}: {g.message}")
    counts = {st: sum(g.status == st for g in grades) for st in (PASS, FAIL, NOT_ATTEMPTED)}
    lines.append(f"{counts[PASS]} passed, {counts[FAIL]} failed, "
                 f"{counts[NOT_ATTEMPTED]} not attempted")
    if notes:
        lines.append("problems:")
        lines.extend(notes)
    return "\n".join(lines)




def _memory(text):
    """Bytes from ``"2G"``, ``"1500M"`` or a number of bytes."""
    m = re.fullmatch(r"\s*([\d.]+)\s*([kKmMgG]?)[bB]?\s*", str(text))
    if not m:
        raise ValueError(f"--memory must be like 2G or 1500M, got {text!r}")
    return int(float(m.group(1)) * {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}[m.group(2).lower()])


def add_arguments(parser):
    """Add the ``grade`` options to an ``argparse`` (sub)parser."""
    parser.add_argument("submissions", help="folder with one subfolder (exercises/) per student")
    parser.add_argument("--out", default=None,
                        help="output folder (default: grades/ beside SUBMISSIONS)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="per-cell timeout in s (default 60)")
    parser.add_argument("--run-timeout", type=float, default=None,
                        help="timeout in s for one notebook (default max(300, 5 x --timeout))")
    parser.add_argument("--only", default=None,
                        help="grade only notebooks whose stem matches this glob")
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks graded in parallel (default: number of cores)")
    parser.add_argument("--memory", default="2G",
                        help="memory limit per notebook, e.g. 2G or 1500M (default 2G)")
    parser.add_argument("--sandbox", choices=("auto", "on", "off"), default="auto",
                        help="bubblewrap sandbox: auto (default: where it works), on, off")
    parser.add_argument("--hidden-seed", type=int, default=None,
                        help="seed of the hidden cases (default: fresh; saved in run.json)")
    return parser


def main(args) -> int:
    """``python -m snncourse grade``: grade ``args.submissions``; print the summary.

    ``args`` is what :func:`add_arguments` defines (missing options take
    their defaults). Exit status 2 for a bad argument or a missing piece of
    the environment (one line naming it), else 0.
    """
    missing = check_environment()
    if missing:
        print(f"snncourse grade: error: {missing}", file=sys.stderr)
        return 2
    try:
        grades = grade(args.submissions, out=getattr(args, "out", None),
                       cell_timeout=getattr(args, "timeout", 60.0),
                       run_timeout=getattr(args, "run_timeout", None),
                       only=getattr(args, "only", None), jobs=getattr(args, "jobs", None),
                       memory=_memory(getattr(args, "memory", "2G") or "2G"),
                       sandbox_mode=getattr(args, "sandbox", "auto") or "auto",
                       hidden_seed=getattr(args, "hidden_seed", None),
                       progress=lambda line: print(line, file=sys.stderr, flush=True))
    except (FileNotFoundError, ValueError, GradingEnvironmentError) as exc:
        print(f"snncourse grade: error: {exc}", file=sys.stderr)
        return 2
    if not grades:
        print(f"snncourse grade: no student folders in {args.submissions}", file=sys.stderr)
        return 2
    print(summary_table(grades))
    folder = _out_folder(args.submissions, getattr(args, "out", None))
    print(f"wrote {folder}/ (grades.csv, gradebook.csv, feedback/, run.json)", file=sys.stderr)
    return 0
