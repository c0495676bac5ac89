r"""Points, the gradebook and the students' feedback files, written atomically.

Everything goes to one output folder (by default ``grades/`` beside the
submissions folder, never inside it):

``grades.csv``
    One row per student and exercise: student, notebook, exercise, status,
    points, max_points, message.
``gradebook.csv``
    One row per student: the points of every exercise, total, maximum.
``feedback/STUDENT.md``
    For each student: every exercise's status, points, task and hint.
``run.json``
    How the class was graded (hidden-cases seed, sandbox, limits, times).

Each file is written to a temporary file in the same folder, then renamed,
so a reader never sees half a file.

Contents
--------
POINTS
    Exercise id -> points, where an exercise is worth more than 1.
points
    The points of one exercise.
write_all
    Write every file above.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

__all__ = ["POINTS", "points", "write_atomic", "write_all", "feedback_markdown"]

#: Exercise id -> points. An exercise missing here is worth 1 point. (The
#: exercise registry has no ``points`` field; this table is the one place.)
POINTS: dict = {}


def points(ex_id):
    """Points of exercise ``ex_id`` (default 1).

    Examples
    --------
    >>> points("ex-1.1")
    1
    """
    return POINTS.get(ex_id, 1)


def write_atomic(path, text):
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _csv(rows):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def feedback_markdown(student, grades, tasks=None):
    """The Markdown feedback of one student (``grades`` are that student's)."""
    tasks = tasks or {}
    total = sum(g.points for g in grades)
    top = sum(g.max_points for g in grades)
    lines = [f"# Feedback for {student}", "", f"**Total: {total:g} / {top:g} points**", "",
             "| exercise | status | points |", "|---|---|---|"]
    lines += [f"| {g.exercise} | {g.status} | {g.points:g} / {g.max_points:g} |" for g in grades]
    for nb in dict.fromkeys(g.notebook for g in grades):
        lines += ["", f"## {nb}"]
        for g in (g for g in grades if g.notebook == nb):
            lines += ["", f"### {g.exercise}: {g.status} ({g.points:g} / {g.max_points:g})"]
            if tasks.get(g.exercise):
                lines.append(f"Task: {tasks[g.exercise]}.")
            if g.message:
                lines += ["", g.message.replace("\n", " ")]
    return "\n".join(lines) + "\n"


def write_all(grades, out, *, run_info=None, tasks=None):
    """Write grades.csv, gradebook.csv, feedback/*.md and run.json into folder ``out``.

    Returns the list of paths written.
    """
    out = Path(out)
    written = []
    rows = [["student", "notebook", "exercise", "status", "points", "max_points", "message"]]
    rows += [[g.student, g.notebook, g.exercise, g.status, f"{g.points:g}", f"{g.max_points:g}",
              g.message] for g in grades]
    write_atomic(out / "grades.csv", _csv(rows))
    written.append(out / "grades.csv")
    exercises = list(dict.fromkeys(g.exercise for g in grades))
    students = list(dict.fromkeys(g.student for g in grades))
    table = {(g.student, g.exercise): g for g in grades}
    maximum = sum(table[(students[0], e)].max_points for e in exercises) if students else 0
    book = [["student", *exercises, "total", "max"]]
    for s in students:
        row = [table[(s, e)] for e in exercises]
        book.append([s, *(f"{g.points:g}" for g in row), f"{sum(g.points for g in row):g}",
                     f"{maximum:g}"])
    write_atomic(out / "gradebook.csv", _csv(book))
    written.append(out / "gradebook.csv")
    for s in students:
        path = out / "feedback" / f"{_SAFE.sub('_', s)}.md"
        write_atomic(path, feedback_markdown(s, [g for g in grades if g.student == s], tasks))
        written.append(path)
    if run_info is not None:
        write_atomic(out / "run.json", json.dumps(run_info, indent=1) + "\n")
        written.append(out / "run.json")
    return written
