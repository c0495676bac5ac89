r"""Grade students' exercise notebooks with nbval.

``python -m snncourse grade SUBMISSIONS`` grades every student folder in
``SUBMISSIONS`` (one subfolder per student: the student's ``exercises/``
folder, or a folder that contains it). Each exercise notebook is copied to a
temporary folder (the submission is never modified) and executed by nbval in
its own ``pytest`` process::

    python -m pytest NOTEBOOK --nbval-lax --nbval-current-env
        --nbval-cell-timeout=T --junitxml=REPORT

with a timeout on the whole run as well. The cells that call
``check("ex-N.M", ...)`` tell which exercise a cell belongs to: an exercise
passes when its check cell runs without error, is *not attempted* when the
check says so (the stub still raises ``NotImplementedError`` or the answer
is still None) and no other cell of the exercise failed, and fails
otherwise, with the first failure's message (a learner's exception, a
syntax error, a cell timeout, a deleted check cell). A missing notebook
makes its exercises *not attempted*. One student's infinite loop, syntax
error or missing file never stops the grading of the others.

Outputs: ``grades.csv`` (one row per student and exercise: student,
notebook, exercise, status, message), ``grades_summary.csv`` (one row per
student: counts and the status of every exercise) and a summary table on
the terminal.

Contents
--------
grade
    Grade a submissions folder; returns the list of :class:`Grade`.
grade_notebook
    Grade one student's notebook.
run_nbval
    Run one notebook under nbval and return the outcome of every code cell.
write_grades
    Write ``grades.csv`` and ``grades_summary.csv``.
summary_table
    The terminal summary (students x notebooks).
main
    ``python -m snncourse grade SUBMISSIONS [--out CSV] [--timeout S]``.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Grade", "CellOutcome", "grade", "grade_notebook", "run_nbval", "write_grades",
           "summary_table", "main", "expected_exercises"]

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"

_CHECK = re.compile(r"""check\(\s*["'](ex-\d+\.\d+)["']""")
_ANSI = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*[A-Za-z]")
_EXC_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning))(?::\s?(.*))?$")
_VERBOSE = re.compile(r"::Cell (\d+) (PASSED|FAILED|ERROR|XFAIL|XPASS|SKIPPED)")
_MAX_MESSAGE = 300


@dataclass(frozen=True)
class Grade:
    """The grade of one exercise of one student."""

    student: str
    notebook: str
    exercise: str
    status: str  # "pass", "fail" or "not attempted"
    message: str = ""


@dataclass(frozen=True)
class CellOutcome:
    """Outcome of one code cell under nbval.

    ``status`` is ``"passed"``, ``"failed"``, ``"xfailed"`` (failed after an
    earlier cell timed out: nbval hides its message) or ``"skipped"``;
    ``ename``/``message`` describe the exception of a failed cell;
    ``timeout`` tells that the cell itself timed out.
    """

    status: str
    ename: str = ""
    message: str = ""
    timeout: bool = False


@dataclass
class NotebookRun:
    """What :func:`run_nbval` returns."""

    cells: dict = field(default_factory=dict)  # code-cell index -> CellOutcome
    killed: bool = False  # the whole-run timeout was reached
    error: str = ""  # nbval could not run the notebook at all
    seconds: float = 0.0


# ---------------------------------------------------------------------------
# running one notebook
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


def _parse_junit(path):
    """Code-cell index -> CellOutcome from nbval's JUnit XML report."""
    cells = {}
    for case in ET.parse(path).iter("testcase"):
        m = re.match(r"Cell (\d+)$", case.get("name", ""))
        if not m:
            continue
        index = int(m.group(1))
        outcome = CellOutcome("passed")
        for child in case:
            if child.tag in ("failure", "error"):
                ename, message, timeout = _parse_failure(
                    (child.text or "") + "\n" + (child.get("message") or ""))
                outcome = CellOutcome("failed", ename, message, timeout)
            elif child.tag == "skipped":
                kind = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
                outcome = CellOutcome(kind, message=_clean(child.get("message", "")))
        cells[index] = outcome
    return cells


def _kill(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # pragma: no cover
        proc.kill()


def run_nbval(notebook, *, cell_timeout=60.0, run_timeout=600.0, python=None):
    """Run a notebook under nbval from a temporary copy; return a :class:`NotebookRun`.

    Parameters
    ----------
    notebook : str or Path
        The notebook (it is copied, never modified).
    cell_timeout : float
        Per-cell timeout (s), nbval's ``--nbval-cell-timeout``.
    run_timeout : float
        Timeout of the whole run (s); the process group is killed after it.
    python : str or None
        The Python interpreter (default: the current one); its environment
        runs the kernel (``--nbval-current-env``).
    """
    notebook = Path(notebook)
    python = python or sys.executable
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="snncourse-grade-") as tmp:
        tmp = Path(tmp)
        work = tmp / "work"
        work.mkdir()
        copy = work / notebook.name
        shutil.copyfile(notebook, copy)
        (tmp / "pytest.ini").write_text("[pytest]\n")
        report = tmp / "report.xml"
        cmd = [python, "-m", "pytest", str(copy), "-c", str(tmp / "pytest.ini"),
               "--rootdir", str(tmp), "-p", "no:cacheprovider", "-v", "--nbval-lax",
               "--nbval-current-env", f"--nbval-cell-timeout={cell_timeout:g}",
               f"--junitxml={report}"]
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1")
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
        run = NotebookRun()
        try:
            stdout, _ = proc.communicate(timeout=run_timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            stdout, _ = proc.communicate()
            run.killed = True
        run.seconds = time.perf_counter() - started
        if report.exists() and not run.killed:
            try:
                run.cells = _parse_junit(report)
            except ET.ParseError as exc:  # pragma: no cover
                run.error = f"unreadable nbval report: {exc}"
        else:  # killed: what the verbose output shows of the cells that finished
            for m in _VERBOSE.finditer(stdout or ""):
                status = {"PASSED": "passed", "XPASS": "passed", "XFAIL": "xfailed",
                          "SKIPPED": "skipped"}.get(m.group(2), "failed")
                run.cells[int(m.group(1))] = CellOutcome(status, "Error", "failed (details lost: "
                                                         "the run was killed)")
        if not run.cells and not run.killed and not run.error:
            lines = [ln for ln in _clean(stdout).splitlines() if ln.strip()]
            errors = [ln for ln in lines if "Error" in ln or "error" in ln]
            run.error = _short((errors or lines or ["nbval did not run"])[-1])
    return run


# ---------------------------------------------------------------------------
# from cells to exercises
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


def _code_cells(path):
    """Sources of the code cells of a notebook, or raise ValueError."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if c.get("cell_type") == "code"]
        return ["".join(c.get("source", "")) for c in cells]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a readable notebook ({type(exc).__name__}: {exc})") from None


def _is_not_attempted(outcome):
    return outcome.ename == "NotImplementedError" or (
        outcome.ename == "AssertionError" and " not attempted" in outcome.message)


def _describe(index, outcome):
    plain = outcome.ename in ("", "Timeout", "Error")
    name = "" if plain else f"{outcome.ename}: "
    return _short(f"cell {index}: {name}{outcome.message}")


def grade_notebook(student, stem, ids, folder, *, cell_timeout=60.0, run_timeout=600.0):
    """Grade exercises ``ids`` of notebook ``stem`` in a student's ``folder``; list of Grade."""
    path = Path(folder) / f"{stem}.ipynb"

    def all_(status, message):
        return [Grade(student, stem, ex_id, status, message) for ex_id in ids]

    if not path.is_file():
        return all_(NOT_ATTEMPTED, f"notebook {stem}.ipynb missing")
    try:
        sources = _code_cells(path)
    except ValueError as exc:
        return all_(FAIL, f"{stem}.ipynb: {exc}")
    run = run_nbval(path, cell_timeout=cell_timeout, run_timeout=run_timeout)
    if run.error:
        return all_(FAIL, f"nbval could not run {stem}.ipynb: {run.error}")
    check_cell = {}
    for index, src in enumerate(sources):
        for ex_id in _CHECK.findall(src):
            check_cell[ex_id] = index  # the last check cell of an exercise counts
    boundaries = sorted(set(check_cell.values()))
    grades = []
    for ex_id in ids:
        if ex_id not in check_cell:
            grades.append(Grade(student, stem, ex_id, FAIL,
                                f'check cell deleted: no cell calls check("{ex_id}", ...)'))
            continue
        index = check_cell[ex_id]
        previous = [b for b in boundaries if b < index]
        span = range(previous[-1] + 1 if previous else 0, index + 1)
        outcome = run.cells.get(index)
        stub = any(f'NotImplementedError("{ex_id}:' in sources[i] for i in span)
        if outcome is None:
            why = (f"not run: the notebook run was killed after {run_timeout:g} s"
                   if run.killed else "not run by nbval")
            grades.append(Grade(student, stem, ex_id, NOT_ATTEMPTED if stub else FAIL, why))
            continue
        if outcome.status == "passed":
            grades.append(Grade(student, stem, ex_id, PASS))
            continue
        if outcome.status == "xfailed":
            timed_out = [i for i, o in sorted(run.cells.items()) if o.timeout and i < index]
            where = f"cell {timed_out[0]}" if timed_out else "an earlier cell"
            if stub:
                grades.append(Grade(student, stem, ex_id, NOT_ATTEMPTED,
                                    f"not attempted (ran after {where} timed out)"))
            else:
                grades.append(Grade(student, stem, ex_id, FAIL,
                                    f"check failed after {where} timed out (nbval hides the "
                                    "message: fix the timeout first)"))
            continue
        if outcome.status == "skipped":
            grades.append(Grade(student, stem, ex_id, FAIL, f"cell {index}: skipped by nbval"))
            continue
        real = [(i, run.cells[i]) for i in span
                if i in run.cells and run.cells[i].status == "failed"
                and not _is_not_attempted(run.cells[i])]
        if _is_not_attempted(outcome) and not real:
            grades.append(Grade(student, stem, ex_id, NOT_ATTEMPTED, _describe(index, outcome)))
        else:
            first = real[0] if real else (index, outcome)
            grades.append(Grade(student, stem, ex_id, FAIL, _describe(*first)))
    return grades


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


def grade(submissions, *, out=None, cell_timeout=60.0, run_timeout=None, only=None, jobs=1,
          progress=None):
    """Grade every student of ``submissions``; write the CSV files; return the grades.

    Parameters
    ----------
    submissions : str or Path
        Folder with one subfolder per student.
    out : str, Path or None
        CSV file to write (default ``SUBMISSIONS/grades.csv``); the summary
        goes next to it as ``grades_summary.csv``. False writes nothing.
    cell_timeout : float
        Per-cell timeout (s).
    run_timeout : float or None
        Timeout (s) of one notebook's whole run; default
        ``max(300, 5 * cell_timeout)``.
    only : str, list of str or None
        Glob pattern(s) of the notebook stems to grade (e.g. ``"ex01*"``).
    jobs : int
        Notebooks run in parallel (default 1).
    progress : callable or None
        Called with a line of text after each graded notebook.

    Returns
    -------
    list of Grade
        Sorted by student, then exercise.

    Raises
    ------
    FileNotFoundError
        If ``submissions`` is not a folder.
    ValueError
        If ``only`` matches no notebook, or for a bad timeout or ``jobs``.
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise FileNotFoundError(f"submissions must be a folder, got {str(submissions)!r}")
    if not cell_timeout > 0:
        raise ValueError(f"cell_timeout must be > 0 s, got {cell_timeout!r}")
    run_timeout = max(300.0, 5.0 * cell_timeout) if run_timeout is None else float(run_timeout)
    if not run_timeout > 0:
        raise ValueError(f"run_timeout must be > 0 s, got {run_timeout!r}")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1, got {jobs!r}")
    expected = expected_exercises(only)
    if not expected:
        raise ValueError(f"only must match at least one exercise notebook, got {only!r}")
    tasks = [(name, folder, stem, ids) for name, folder in _students(submissions)
             for stem, ids in expected.items()]

    def work(task):
        name, folder, stem, ids = task
        t0 = time.perf_counter()
        grades = grade_notebook(name, stem, ids, folder, cell_timeout=cell_timeout,
                                run_timeout=run_timeout)
        if progress is not None:
            passed = sum(g.status == PASS for g in grades)
            progress(f"{name}: {stem} {passed}/{len(ids)} passed "
                     f"({time.perf_counter() - t0:.0f} s)")
        return grades

    if jobs == 1:
        results = [work(t) for t in tasks]
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(work, tasks))
    order = {ex_id: i for i, ex_id in enumerate(i for ids in expected.values() for i in ids)}
    grades = sorted((g for r in results for g in r), key=lambda g: (g.student, order[g.exercise]))
    if out is not False:
        write_grades(grades, submissions / "grades.csv" if out is None else out)
    return grades


def write_grades(grades, path):
    """Write ``grades.csv`` (one row per student and exercise) and ``grades_summary.csv``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "notebook", "exercise", "status", "message"])
        for g in grades:
            w.writerow([g.student, g.notebook, g.exercise, g.status, g.message])
    exercises = list(dict.fromkeys(g.exercise for g in grades))
    students = list(dict.fromkeys(g.student for g in grades))
    table = {(g.student, g.exercise): g for g in grades}
    with path.with_name(path.stem + "_summary.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "passed", "failed", "not_attempted", *exercises, "first_failure"])
        for s in students:
            row = [table[(s, e)] for e in exercises]
            failures = [g for g in row if g.status == FAIL]
            w.writerow([s, sum(g.status == PASS for g in row), len(failures),
                        sum(g.status == NOT_ATTEMPTED for g in row), *(g.status for g in row),
                        f"{failures[0].exercise}: {failures[0].message}" if failures else ""])


def summary_table(grades):
    """Students x notebooks: exercises passed / total, then the problems worth a look."""
    notebooks = list(dict.fromkeys(g.notebook for g in grades))
    students = list(dict.fromkeys(g.student for g in grades))
    width = max([len("student")] + [len(s) for s in students])
    heads = [nb[:4] for nb in notebooks]
    lines = [f"{'student':<{width}}  " + "  ".join(f"{h:>5}" for h in heads) + "  total"]
    notes = []
    for s in students:
        mine = [g for g in grades if g.student == s]
        cells = []
        for nb in notebooks:
            of_nb = [g for g in mine if g.notebook == nb]
            cells.append(f"{sum(g.status == PASS for g in of_nb)}/{len(of_nb)}")
        total = f"{sum(g.status == PASS for g in mine)}/{len(mine)}"
        lines.append(f"{s:<{width}}  " + "  ".join(f"{c:>5}" for c in cells) + f"  {total:>5}")
        seen = set()
        for g in mine:
            if g.status == FAIL or "missing" in g.message or "killed" in g.message:
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


def main(args) -> int:
    """``python -m snncourse grade``: grade ``args.submissions``; print the summary.

    ``args`` has ``submissions``, ``out`` (CSV path or None) and ``timeout``
    (per-cell, s); optional ``run_timeout`` (s), ``only`` (glob pattern of
    notebook stems) and ``jobs``.
    """
    try:
        grades = grade(args.submissions, out=args.out, cell_timeout=args.timeout,
                       run_timeout=getattr(args, "run_timeout", None),
                       only=getattr(args, "only", None), jobs=getattr(args, "jobs", None) or 1,
                       progress=lambda line: print(line, file=sys.stderr, flush=True))
    except (FileNotFoundError, ValueError) as exc:
        print(f"snncourse grade: error: {exc}", file=sys.stderr)
        return 2
    if not grades:
        print(f"snncourse grade: no student folders in {args.submissions}", file=sys.stderr)
        return 2
    print(summary_table(grades))
    out = Path(args.submissions) / "grades.csv" if args.out is None else Path(args.out)
    print(f"wrote {out} and {out.with_name(out.stem + '_summary.csv')}", file=sys.stderr)
    return 0
