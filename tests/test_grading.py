"""Grading a class with nbval: parsing, exercise mapping, and a small fake class.

The fake class grades only ``ex01_lif_neuron`` (``only="ex01*"``), with the
plotting cells removed from every copy, so that it runs in well under a
minute: one correct student (the solutions), one untouched (the exercises),
one with an infinite loop (short cell timeout), one with a syntax error, one
with a deleted check cell and one without the notebook.
"""

import argparse
import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from snncourse.course import grading
from snncourse.course.checks import exercise_ids

pytest.importorskip("nbval")

ROOT = Path(__file__).resolve().parents[1]
STEM = "ex01_lif_neuron"
IDS = exercise_ids(1)


# ---------------------------------------------------------------------------
# unit tests
# ---------------------------------------------------------------------------
def test_parse_failure_finds_the_exception_line():
    text = ("#x1B[94mCell 2: Cell execution caused an exception\n\nInput:\ncheck('ex-1.1', f)\n"
            "#x1B[31mAssertionError#x1B[39m                 Traceback (most recent call last)\n"
            "Cell In[3], line 1\n#x1B[31mAssertionError#x1B[39m: ex-1.1 not attempted: f still raises\n")
    assert grading._parse_failure(text) == ("AssertionError", "ex-1.1 not attempted: f still raises",
                                            False)
    syntax = "  Cell In[2], line 3\n    return v +* 1\n               ^\nSyntaxError: invalid syntax\n"
    assert grading._parse_failure(syntax)[:2] == ("SyntaxError", "invalid syntax")
    timeout = ("Cell 3: Timeout of 5 seconds exceeded executing cell\n\nKeyboardInterrupt: \n")
    ename, message, timed_out = grading._parse_failure(timeout)
    assert timed_out and ename == "Timeout" and "timed out after 5 s" in message


def test_expected_exercises_filter():
    assert grading.expected_exercises("ex01*") == {STEM: IDS}
    assert len(grading.expected_exercises()) == 8
    assert grading.expected_exercises(["ex01*", "ex08*"]).keys() == {STEM, "ex08_reproducing_the_report"}


def test_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="submissions must be a folder"):
        grading.grade(tmp_path / "nope")
    with pytest.raises(ValueError, match="only must match"):
        grading.grade(tmp_path, only="zz*")
    with pytest.raises(ValueError, match="jobs"):
        grading.grade(tmp_path, jobs=0)
    args = argparse.Namespace(submissions=str(tmp_path / "nope"), out=None, timeout=60.0)
    assert grading.main(args) == 2
    assert grading.main(argparse.Namespace(submissions=str(tmp_path), out=None, timeout=60.0)) == 2


def test_unreadable_and_missing_notebooks(tmp_path):
    (tmp_path / f"{STEM}.ipynb").write_text("{not json")
    grades = grading.grade_notebook("x", STEM, IDS, tmp_path)
    assert [g.status for g in grades] == ["fail"] * 3
    assert "not a readable notebook" in grades[0].message
    grades = grading.grade_notebook("y", STEM, IDS, tmp_path / "empty")
    assert {(g.status, g.message) for g in grades} == {("not attempted",
                                                        f"notebook {STEM}.ipynb missing")}


# ---------------------------------------------------------------------------
# the fake class
# ---------------------------------------------------------------------------
def _trimmed(folder):
    """The course's notebook without its figures (faster to execute)."""
    nb = json.loads((ROOT / folder / f"{STEM}.ipynb").read_text())
    cells = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and "plt." in src:
            continue
        src = src.replace("import matplotlib.pyplot as plt\n", "")
        cells.append(dict(cell, source=src))
    return dict(nb, cells=cells)


def _edit(nb, pattern, new):
    for cell in nb["cells"]:
        if re.search(pattern, cell["source"]):
            cell["source"] = re.sub(pattern, new, cell["source"])
            return nb
    raise AssertionError(f"no cell matches {pattern!r}")


def _write(folder, nb):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{STEM}.ipynb").write_text(json.dumps(nb, indent=1))


STUB_11 = r'raise NotImplementedError\("ex-1\.1:[^\n]*\)'


@pytest.fixture(scope="module")
def fake_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("submissions")
    _write(root / "alice", _trimmed("solutions"))                       # all correct
    _write(root / "bob" / "exercises", _trimmed("exercises"))           # untouched, nested folder
    _write(root / "carol", _edit(_trimmed("exercises"), STUB_11,
                                 "while True:\n        pass"))          # infinite loop
    _write(root / "dave", _edit(_trimmed("exercises"), STUB_11, "return v +* 1"))  # syntax error
    erin = _trimmed("solutions")
    erin["cells"] = [c for c in erin["cells"] if 'check("ex-1.2"' not in c["source"]]
    _write(root / "erin", erin)                                         # deleted check cell
    (root / "frank" / "exercises").mkdir(parents=True)                  # no notebook
    (root / "frank" / "exercises" / "notes.txt").write_text("forgot to upload")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    args = argparse.Namespace(submissions=str(root), out=None, timeout=15.0, only="ex01*",
                              jobs=2, run_timeout=240.0)
    status = grading.main(args)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}
    with (root / "grades.csv").open() as f:
        rows = list(csv.DictReader(f))
    return root, status, before, after, rows


@pytest.mark.slow
def test_fake_class_is_graded(fake_class, capsys):
    root, status, before, after, rows = fake_class
    assert status == 0
    assert before == after, "a submission was modified"
    got = {(r["student"], r["exercise"]): (r["status"], r["message"]) for r in rows}
    assert len(rows) == 6 * 3
    for ex_id in IDS:
        assert got[("alice", ex_id)] == ("pass", "")
        assert got[("bob", ex_id)][0] == "not attempted"
        assert "not attempted" in got[("bob", ex_id)][1]
        assert got[("frank", ex_id)] == ("not attempted", f"notebook {STEM}.ipynb missing")
    status, message = got[("carol", "ex-1.1")]
    assert status == "fail" and "timed out after 15 s" in message
    assert got[("carol", "ex-1.2")][0] == "not attempted"  # untouched, after the timeout
    status, message = got[("dave", "ex-1.1")]
    assert status == "fail" and "SyntaxError" in message
    assert got[("dave", "ex-1.2")][0] == "not attempted"
    assert got[("erin", "ex-1.1")] == ("pass", "")
    assert got[("erin", "ex-1.2")][0] == "fail" and "check cell deleted" in got[("erin", "ex-1.2")][1]
    assert got[("erin", "ex-1.3")] == ("pass", "")


@pytest.mark.slow
def test_fake_class_summary(fake_class):
    root, *_ = fake_class
    with (root / "grades_summary.csv").open() as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"alice", "bob", "carol", "dave", "erin", "frank"}
    assert rows["alice"]["passed"] == "3" and rows["alice"]["first_failure"] == ""
    assert rows["erin"]["ex-1.2"] == "fail" and rows["erin"]["first_failure"].startswith("ex-1.2: ")
    grades = [grading.Grade(r["student"], r["notebook"], r["exercise"], r["status"], r["message"])
              for r in csv.DictReader((root / "grades.csv").open())]
    table = grading.summary_table(grades)
    assert "alice" in table and "3/3" in table and "check cell deleted" in table


@pytest.mark.slow
def test_run_killed_by_the_whole_run_timeout(tmp_path):
    """A loop that outlives the run timeout is killed; the cells before it still count."""
    nb = {"cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "def check(ex_id, answer):\n    print(ex_id, 'passed')"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": 'check("ex-1.1", 1)'},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import time\nwhile True:\n    time.sleep(0.1)"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": 'check("ex-1.2", 2)'},
    ], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / f"{STEM}.ipynb").write_text(json.dumps(nb))
    grades = grading.grade_notebook("gina", STEM, IDS, tmp_path, cell_timeout=300.0,
                                    run_timeout=14.0)
    by_id = {g.exercise: g for g in grades}
    assert by_id["ex-1.1"].status == "pass"
    assert by_id["ex-1.2"].status == "fail" and "killed after 14 s" in by_id["ex-1.2"].message
    assert by_id["ex-1.3"].status == "fail" and "check cell deleted" in by_id["ex-1.3"].message
