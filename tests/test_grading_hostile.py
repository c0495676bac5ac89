"""A hostile class, graded: nobody gets a point for work not done, each fault is named.

The class works on exercise notebook 1 (plots removed, so each notebook runs
in seconds): an honest student (the solutions), an untouched one (the
exercises), and students who redefine ``check``, patch the package, edit
their check cells, answer with the package's own implementation, hard-code
the visible cases, kill their kernel (``os._exit``, a segfault), flood the
output, exhaust the memory, write outside their folder, read another
student's folder, or loop for ever; plus files that are not notebooks.
The whole class is graded once, in parallel (``jobs=2``), and every test
below reads that one grading.

Tests that rely on the sandbox (writes, reads of others' work) skip with a
one-line reason where bubblewrap cannot run.
"""

import argparse
import contextlib
import csv
import hashlib
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from snncourse.course import EXERCISES, check, grading, sandbox

pytest.importorskip("nbval")

ROOT = Path(__file__).resolve().parents[1]
STEM = "ex01_lif_neuron"
IDS = ["ex-1.1", "ex-1.2", "ex-1.3"]
SANDBOX, WHY_NOT = sandbox.available()
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason=f"no sandbox: {WHY_NOT}")
# cells get 8 s each (the loop and the flood must time out quickly): make test
# runs this module after the parallel part, on an otherwise quiet machine
pytestmark = pytest.mark.timing


def _trimmed(folder):
    """The course's notebook 1 without its figures."""
    nb = json.loads((ROOT / folder / f"{STEM}.ipynb").read_text())
    cells = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and "plt." in src:
            continue
        cells.append(dict(cell, source=src.replace("import matplotlib.pyplot as plt\n", "")))
    return dict(nb, cells=cells)


def _code(source):
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": source}


def _insert_after(nb, pattern, source):
    """Insert a code cell after the first cell matching ``pattern``."""
    for k, cell in enumerate(nb["cells"]):
        if re.search(pattern, cell["source"]):
            nb["cells"].insert(k + 1, _code(source))
            return nb
    raise AssertionError(f"no cell matches {pattern!r}")


def _replace_def(nb, name, source):
    """Replace the cell that defines ``name`` by ``source``."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and re.search(rf"^def {name}\(", cell["source"], re.M):
            cell["source"] = source
            return nb
    raise AssertionError(f"no cell defines {name}")


def _hardcoded_euler():
    """A euler_step that looks its visible cases up in a table (and fails on others)."""
    ex = EXERCISES["ex-1.1"]
    seen = []

    def record(*args):
        seen.append(args)
        return ex.reference(*args)

    with contextlib.redirect_stdout(io.StringIO()):
        check("ex-1.1", record)

    def key(v, current, dt, p):
        return repr((np.round(np.asarray(v, float), 9).tolist(),
                     np.round(np.asarray(current, float), 9).tolist(), round(dt, 9),
                     p.tau_m, p.v_rest, p.r_m))

    table = {key(*a): np.asarray(ex.reference(*a)).tolist() for a in seen}
    return ("import numpy as np\n"
            f"TABLE = {table!r}\n"
            "def euler_step(v, current, dt, params):\n"
            "    k = repr((np.round(np.asarray(v, float), 9).tolist(),\n"
            "              np.round(np.asarray(current, float), 9).tolist(), round(dt, 9),\n"
            "              params.tau_m, params.v_rest, params.r_m))\n"
            "    return np.asarray(TABLE.get(k, 0.0))\n")


IMPORTS = r"^import numpy"


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    root = base / "submissions"
    canary = base / "instructor_files"
    canary.mkdir()
    (canary / "keep.txt").write_text("the instructor's file\n")
    students = {}
    students["honest"] = _trimmed("solutions")
    students["untouched"] = _trimmed("exercises")
    students["redefines_check"] = _insert_after(
        _trimmed("exercises"), IMPORTS,
        'def check(ex_id, *a, **k):\n    print(f"{ex_id}: correct")')
    students["patches_package"] = _insert_after(
        _trimmed("exercises"), IMPORTS,
        "import numpy as np\nimport snncourse.course as course\n"
        "import snncourse.course.checks as checks\n"
        "checks.check = course.check = lambda *a, **k: print('passed')\n"
        "np.allclose = lambda *a, **k: True\n"
        "for ex in list(checks.EXERCISES.values()):\n"
        "    checks.EXERCISES[ex.id] = ex.__class__(**{**ex.__dict__, 'checker': lambda *a: 'ok'})\n"
        "check = course.check")
    edited = _trimmed("exercises")
    for cell in edited["cells"]:
        m = re.match(r'check\("(ex-1\.\d)"', cell["source"])
        if m:
            cell["source"] = f'print("{m.group(1)} passed: well done")'
    students["edits_check_cells"] = edited
    students["package_reference"] = _replace_def(
        _replace_def(_trimmed("exercises"), "euler_step",
                     "from snncourse.course import EXERCISES\n"
                     "euler_step = EXERCISES['ex-1.1'].reference"),
        "simulate_lif",
        "def simulate_lif(params, current, duration, dt):\n"
        "    return sc.simulate_neuron(params, current, duration=duration, dt=dt,\n"
        "                              method='euler', record_v=False).spike_times")
    students["hard_codes"] = _replace_def(_trimmed("exercises"), "euler_step", _hardcoded_euler())
    students["exits"] = _insert_after(_trimmed("solutions"), r'check\("ex-1\.1"',
                                      "import os\nos._exit(0)")
    students["segfaults"] = _insert_after(_trimmed("solutions"), r'check\("ex-1\.1"',
                                          "import ctypes\nctypes.string_at(0)")
    students["floods"] = _insert_after(_trimmed("solutions"), IMPORTS,
                                       "for _ in range(3000):\n    print('x' * 1000)")
    students["hogs_memory"] = _insert_after(_trimmed("solutions"), r'check\("ex-1\.1"',
                                            "hog = bytearray(3 * 2**30)")
    sandboxed = {}  # (without a sandbox these two would succeed: see docs_instructors.md)
    sandboxed["writes_outside"] = _insert_after(
        _trimmed("exercises"), IMPORTS,
        "import os\n"
        f"for target in [{str(canary / 'pwned.txt')!r}, {str(canary / 'keep.txt')!r},\n"
        f"               {str(root / 'honest' / (STEM + '.ipynb'))!r},\n"
        f"               {str(base / 'grades' / 'grades.csv')!r}]:\n"
        "    try:\n"
        "        with open(target, 'w') as f:\n"
        "            f.write('pwned')\n"
        "    except OSError:\n"
        "        pass")
    sandboxed["reads_others"] = _insert_after(
        _trimmed("exercises"), r"^def euler_step",
        "import json\n"
        "try:\n"
        f"    other = json.load(open({str(root / 'honest' / (STEM + '.ipynb'))!r}))\n"
        "    for c in other['cells']:\n"
        "        if c['cell_type'] == 'code' and 'def euler_step' in ''.join(c['source']):\n"
        "            exec(''.join(c['source']))\n"
        "except OSError:\n"
        "    pass")
    if SANDBOX:
        students.update(sandboxed)
    students["loops"] = _replace_def(_trimmed("exercises"), "euler_step",
                                     "def euler_step(v, current, dt, params):\n"
                                     "    while True:\n        pass")
    deleted = _trimmed("solutions")
    deleted["cells"] = [c for c in deleted["cells"] if 'check("ex-1.2"' not in c["source"]]
    students["deletes_check_cell"] = deleted
    for name, nb in students.items():
        folder = root / name / ("exercises" if name == "untouched" else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{STEM}.ipynb").write_text(json.dumps(nb, indent=1))
    (root / "not_json").mkdir()
    (root / "not_json" / f"{STEM}.ipynb").write_text("{not json")
    (root / "not_a_notebook").mkdir()
    (root / "not_a_notebook" / f"{STEM}.ipynb").write_text('{"hello": "world"}')
    (root / "no_notebook" / "exercises").mkdir(parents=True)
    (root / "no_notebook" / "exercises" / "notes.txt").write_text("forgot to upload")

    def hashes():
        return {p: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    before = hashes()
    args = argparse.Namespace(submissions=str(root), out=None, timeout=8.0, only="ex01*",
                              jobs=2, run_timeout=120.0, memory="1500M", sandbox="auto",
                              hidden_seed=None)
    status = grading.main(args)
    after = hashes()
    out = base / "grades"
    with (out / "grades.csv").open() as f:
        rows = list(csv.DictReader(f))
    got = {(r["student"], r["exercise"]): r for r in rows}
    return dict(root=root, base=base, out=out, canary=canary, status=status, before=before,
                after=after, got=got, rows=rows)


def _status(cls, student):
    return [cls["got"][(student, i)]["status"] for i in IDS]


def _messages(cls, student):
    return " | ".join(cls["got"][(student, i)]["message"] for i in IDS)


@pytest.mark.slow
def test_honest_student_gets_every_point_and_nobody_else_gets_unearned_points(hostile_class):
    cls = hostile_class
    assert cls["status"] == 0
    assert _status(cls, "honest") == ["pass"] * 3
    assert [cls["got"][("honest", i)]["points"] for i in IDS] == ["1"] * 3
    for student in ("untouched", "redefines_check", "patches_package", "edits_check_cells",
                    *(("writes_outside", "reads_others") if SANDBOX else ())):
        assert _status(cls, student) == ["not attempted"] * 3, (student, _messages(cls, student))
        assert all(cls["got"][(student, i)]["points"] == "0" for i in IDS)
    assert "stub still in place" in _messages(cls, "untouched")


@pytest.mark.slow
def test_nothing_in_the_submissions_changes(hostile_class):
    assert hostile_class["before"] == hostile_class["after"]
    assert not (hostile_class["root"] / "grades.csv").exists()


@pytest.mark.slow
def test_the_package_reference_is_not_an_answer(hostile_class):
    got = hostile_class["got"]
    for ex_id in ("ex-1.1", "ex-1.2"):
        row = got[("package_reference", ex_id)]
        assert row["status"] == "fail" and "package's own implementation" in row["message"]


@pytest.mark.slow
def test_hard_coded_visible_cases_fail_on_hidden_cases(hostile_class):
    row = hostile_class["got"][("hard_codes", "ex-1.1")]
    assert row["status"] == "fail" and "hidden cases" in row["message"], row


@pytest.mark.slow
def test_dead_kernels_are_reported_with_their_cell(hostile_class):
    got = hostile_class["got"]
    for student, how in (("exits", "exit code 0"), ("segfaults", "SIGSEGV")):
        for ex_id in IDS:
            row = got[(student, ex_id)]
            assert row["status"] == "fail", row
            assert "kernel died in cell" in row["message"] and how in row["message"], row


@pytest.mark.slow
def test_flood_is_capped_and_grading_goes_on(hostile_class):
    assert _status(hostile_class, "floods") == ["pass"] * 3


@pytest.mark.slow
def test_memory_hog_is_reported_and_grading_goes_on(hostile_class):
    got = hostile_class["got"]
    assert got[("hogs_memory", "ex-1.1")]["status"] == "pass"
    assert got[("hogs_memory", "ex-1.3")]["status"] == "pass"
    row = got[("hogs_memory", "ex-1.2")]
    assert row["status"] == "pass" or "memory limit hit" in row["message"], row


@pytest.mark.slow
def test_memory_hog_message(tmp_path):
    """A hog whose exercise fails says that the memory limit was hit."""
    nb = _replace_def(_trimmed("exercises"), "euler_step",
                      "hog = bytearray(3 * 2**30)\n"
                      "def euler_step(v, current, dt, params):\n    return v")
    (tmp_path / f"{STEM}.ipynb").write_text(json.dumps(nb))
    grades = grading.grade_notebook("hog", STEM, ["ex-1.1"], tmp_path, cell_timeout=8.0,
                                    memory=1500 * 2**20, use_sandbox=SANDBOX)
    assert grades[0].status == "fail"
    assert "memory limit hit" in grades[0].message, grades[0]


@pytest.mark.slow
def test_infinite_loop_is_a_timeout(hostile_class):
    row = hostile_class["got"][("loops", "ex-1.1")]
    assert row["status"] == "fail" and "timed out" in row["message"], row
    assert hostile_class["got"][("loops", "ex-1.2")]["status"] == "not attempted"


@pytest.mark.slow
def test_files_that_are_not_notebooks(hostile_class):
    got = hostile_class["got"]
    assert {got[("not_json", i)]["status"] for i in IDS} == {"fail"}
    assert "not valid JSON" in got[("not_json", "ex-1.1")]["message"]
    assert "not a notebook" in got[("not_a_notebook", "ex-1.1")]["message"]
    assert got[("no_notebook", "ex-1.1")]["status"] == "not attempted"
    assert "missing" in got[("no_notebook", "ex-1.1")]["message"]


@pytest.mark.slow
def test_deleted_check_cell_is_noted_and_graded_by_the_grader(hostile_class):
    row = hostile_class["got"][("deletes_check_cell", "ex-1.2")]
    assert row["status"] == "pass" and "check cell deleted" in row["message"], row


@needs_sandbox
@pytest.mark.slow
def test_sandbox_stops_writes_outside_the_folder(hostile_class):
    canary = hostile_class["canary"]
    assert sorted(p.name for p in canary.iterdir()) == ["keep.txt"]
    assert (canary / "keep.txt").read_text() == "the instructor's file\n"
    with (hostile_class["out"] / "grades.csv").open() as f:
        assert "pwned" not in f.read()


@needs_sandbox
@pytest.mark.slow
def test_sandbox_hides_other_students(hostile_class):
    assert _status(hostile_class, "reads_others")[0] == "not attempted"


@pytest.mark.slow
def test_outputs_gradebook_and_feedback(hostile_class):
    out = hostile_class["out"]
    with (out / "gradebook.csv").open() as f:
        book = {r["student"]: r for r in csv.DictReader(f)}
    assert book["honest"]["total"] == "3" and book["honest"]["max"] == "3"
    assert book["untouched"]["total"] == "0"
    assert set(book["honest"]) == {"student", *IDS, "total", "max"}
    text = (out / "feedback" / "hard_codes.md").read_text()
    assert "# Feedback for hard_codes" in text and "hidden cases" in text
    assert "Total: 0 / 3 points" in text
    run = json.loads((out / "run.json").read_text())
    assert run["sandbox"] is SANDBOX and isinstance(run["hidden_seed"], int)
    assert not list(out.rglob(".*")), "a temporary file was left behind"
