"""Grading: parsing, the probe's encoding, hidden cases, outputs, arguments, environment.

The graded classes (honest, untouched and hostile students) are in
``test_grading_hostile.py``.
"""

import argparse
import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from snncourse.course import EXERCISES, check, exercise_ids, gradebook, grading
from snncourse.course import _grade_worker as worker
from snncourse.course import _probe

ROOT = Path(__file__).resolve().parents[1]
STEM = "ex01_lif_neuron"
IDS = exercise_ids(1)


# ---------------------------------------------------------------------------
# nbval's failure text, the registry
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
    assert len(grading.expected_exercises()) == 9
    assert grading.expected_exercises(["ex01*", "ex08*"]).keys() == {STEM, "ex08_reproducing_the_report"}


def test_usage_names_come_from_the_registry():
    assert worker.usage_names(EXERCISES["ex-1.1"]) == ["euler_step"]
    assert worker.usage_names(EXERCISES["ex-2.3"]) == ["ff_mean", "res"]
    for ex in EXERCISES.values():
        names = worker.usage_names(ex)
        assert names[0] == ex.name and len(names) == 1 + ex.n_context, ex.id


def test_check_names_come_from_the_course_notebooks():
    names = {}
    for stem in grading.expected_exercises():
        names.update(grading.check_names(stem))
    assert set(names) == set(EXERCISES)
    assert names["ex-2.3"] == ["ff_mean", "res"]
    for ex_id, ns in names.items():
        assert len(ns) == 1 + EXERCISES[ex_id].n_context, ex_id
    # where the registry's usage and the handed-out check cell disagree, the cell wins
    drift = {i for i in names if names[i] != worker.usage_names(EXERCISES[i])}
    assert drift <= {"ex-8.3"}, drift


def test_forbidden_codes_name_the_reference():
    codes = worker.forbidden_codes(EXERCISES["ex-2.1"])
    assert ("isi_cv" in {name for _, name in codes})
    assert any(name == "simulate_neuron" for _, name in worker.forbidden_codes(EXERCISES["ex-1.2"]))


# ---------------------------------------------------------------------------
# the probe's encoding: the worker rebuilds plain data only
# ---------------------------------------------------------------------------
def _roundtrip(value):
    """Encode ``value`` with the kernel-side encoder, decode it with the worker's."""
    ns = {"get_ipython": lambda: type("IP", (), {"user_ns": {"x": value}})()}
    exec(_probe.AGENT % {"name": "probe", "max_bytes": _probe.MAX_ARRAY_BYTES}, ns)
    describe = ns["probe"][0]
    return _probe.decode(json.loads(describe("x"))["value"])


def test_probe_roundtrip_of_answers():
    import snncourse as sc
    assert _roundtrip(0.15) == 0.15 and _roundtrip(None) is None and _roundtrip(3) == 3
    arr = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(_roundtrip(arr), arr)
    out = _roundtrip((np.float32(2.5), [1, "a"], {"k": np.array([1, 2])}))
    assert isinstance(out, tuple) and out[0] == np.float32(2.5) and out[1] == [1, "a"]
    res = sc.simulate_neuron(sc.LIFParams(), 2.5, duration=50.0)
    back = _roundtrip(res)
    assert type(back) is type(res)
    np.testing.assert_array_equal(back.spike_times, res.spike_times)
    assert repr(_roundtrip(object())).startswith("<object object")


@pytest.mark.parametrize("node, match", [
    ({"t": "nd", "dtype": "|O", "shape": [1], "b64": ""}, "not numeric"),
    ({"t": "nd", "dtype": "<f8", "shape": [3], "b64": "AAAAAAAAAAA="}, "does not match"),
    ({"t": "dc", "cls": "os:system", "fields": {}}, "not one of the course's dataclasses"),
    ({"t": "dc", "cls": "snncourse.course.checks:Exercise", "fields": {}}, "not one of"),
    ({"t": "dc", "cls": "snncourse.params:LIFParams", "fields": {}}, "without fields"),
    ({"t": "pickle", "v": "gASV"}, "unknown tag"),
    ([1, 2], "malformed"),
])
def test_decode_rejects_anything_unexpected(node, match):
    with pytest.raises(_probe.ProbeError, match=match):
        _probe.decode(node)


def test_remote_exceptions_keep_builtin_types():
    assert isinstance(_probe.remote_exception("IndexError", "x", ["IndexError"]), IndexError)
    exc = _probe.remote_exception("MyError", "y", ["MyError", "ValueError", "Exception"])
    assert isinstance(exc, ValueError) and type(exc).__name__ == "MyError"
    assert isinstance(_probe.remote_exception("Stub", "ex-1.1: ...",
                                              ["Stub", "NotImplementedError"]), NotImplementedError)
    assert isinstance(_probe.remote_exception("KeyboardInterrupt", "", ["KeyboardInterrupt"]),
                      Exception)


# ---------------------------------------------------------------------------
# hidden cases
# ---------------------------------------------------------------------------
def _function_ids():
    return [i for i in exercise_ids() if EXERCISES[i].kind == "function"]


@pytest.mark.slow
@pytest.mark.parametrize("ex_id", _function_ids())
def test_references_pass_the_hidden_cases(ex_id):
    """A right answer passes whatever the hidden seed (no statistical false alarm)."""
    ex = EXERCISES[ex_id]
    for salt in (1, 12345, 2**31 + 7):
        with worker.hidden_seeds(salt), contextlib.redirect_stdout(io.StringIO()):
            check(ex_id, ex.reference)
        rng = np.random.default_rng([salt, 1])
        for label, args in worker.hidden_cases(ex_id, rng):
            assert worker._same(ex.reference(*args), ex.reference(*args)), label


def test_hidden_seeds_change_the_random_inputs():
    seen = {}
    for salt in (None, 1):
        calls = []

        def record(*args):
            calls.append(args)
            return EXERCISES["ex-2.1"].reference(*args)

        with (worker.hidden_seeds(salt) if salt else contextlib.nullcontext()), \
                contextlib.redirect_stdout(io.StringIO()):
            check("ex-2.1", record)
        seen[salt] = calls
    assert len(seen[None]) == len(seen[1])
    np.testing.assert_array_equal(seen[None][0][0], seen[1][0][0])  # the fixed docstring case
    assert not np.array_equal(seen[None][1][0], seen[1][1][0])  # the random one changed
    assert np.random.default_rng(3).random() == np.random.default_rng(3).random()


def test_every_function_check_without_random_inputs_has_hidden_cases():
    for ex_id in _function_ids():
        ex = EXERCISES[ex_id]
        runs = []
        for salt in (None, 99):
            calls = []

            def record(*args, calls=calls):
                # a Generator's repr shows its address, not its state: compare the state
                calls.append(repr([a.bit_generator.state if isinstance(a, np.random.Generator)
                                   else a for a in args]))
                return ex.reference(*args)

            with (worker.hidden_seeds(salt) if salt else contextlib.nullcontext()), \
                    contextlib.redirect_stdout(io.StringIO()):
                try:
                    check(ex_id, record)
                except AssertionError:
                    pass
            runs.append(calls)
        if runs[0] == runs[1]:
            assert worker.hidden_cases(ex_id, np.random.default_rng(0)), ex_id


# ---------------------------------------------------------------------------
# outputs
# ---------------------------------------------------------------------------
def test_points_gradebook_and_feedback(tmp_path):
    G = grading.Grade
    grades = [G("ann", STEM, "ex-1.1", "pass", "", 1, 1), G("ann", STEM, "ex-1.2", "fail",
                                                          "ex-1.2: off by one", 0, 1),
              G("bo/b", STEM, "ex-1.1", "not attempted", "stub", 0, 1),
              G("bo/b", STEM, "ex-1.2", "pass", "", 1, 1)]
    written = gradebook.write_all(grades, tmp_path / "g", run_info={"x": 1},
                                  tasks={"ex-1.1": "one step"})
    assert {p.name for p in written} == {"grades.csv", "gradebook.csv", "ann.md", "bo_b.md",
                                         "run.json"}
    book = (tmp_path / "g" / "gradebook.csv").read_text().splitlines()
    assert book == ["student,ex-1.1,ex-1.2,total,max", "ann,1,0,1,2", "bo/b,0,1,1,2"]
    text = (tmp_path / "g" / "feedback" / "ann.md").read_text()
    assert "Total: 1 / 2 points" in text and "ex-1.2: off by one" in text and "one step" in text
    assert "points" in (tmp_path / "g" / "grades.csv").read_text().splitlines()[0]
    assert not [p for p in (tmp_path / "g").rglob(".*")]
    assert gradebook.points("ex-1.1") == 1


def test_out_folder_is_never_inside_the_submissions(tmp_path):
    sub = tmp_path / "submissions"
    sub.mkdir()
    assert grading._out_folder(sub, None) == (tmp_path / "grades").resolve()
    assert grading._out_folder(sub, tmp_path / "x" / "grades.csv") == (tmp_path / "x").resolve()
    with pytest.raises(ValueError, match="outside the submissions"):
        grading._out_folder(sub, sub / "grades")


# ---------------------------------------------------------------------------
# arguments and environment
# ---------------------------------------------------------------------------
def _args(**kw):
    parser = grading.add_arguments(argparse.ArgumentParser())
    ns = parser.parse_args([str(kw.pop("submissions"))])
    for k, v in kw.items():
        setattr(ns, k, v)
    return ns


def test_bad_arguments(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match="submissions must be a folder"):
        grading.grade(tmp_path / "nope")
    with pytest.raises(ValueError, match="only must match"):
        grading.grade(tmp_path, only="zz*")
    with pytest.raises(ValueError, match="jobs"):
        grading.grade(tmp_path, jobs=0)
    with pytest.raises(ValueError, match="memory"):
        grading.grade(tmp_path, memory=10)
    with pytest.raises(ValueError, match="--memory must be like 2G"):
        grading._memory("lots")
    assert grading._memory("1500M") == 1500 * 2**20 and grading._memory("2G") == 2 * 2**30
    assert grading.main(_args(submissions=tmp_path / "nope")) == 2
    assert grading.main(_args(submissions=tmp_path)) == 2  # no student folders
    assert "no student folders" in capsys.readouterr().err


def test_missing_environment_is_not_a_students_failure(tmp_path, monkeypatch, capsys):
    (tmp_path / "ann").mkdir()
    real = grading.importlib.util.find_spec
    monkeypatch.setattr(grading.importlib.util, "find_spec",
                        lambda name, *a: None if name == "nbval" else real(name, *a))
    assert grading.main(_args(submissions=tmp_path)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nbval" in err[0] and "pip install 'snncourse[test]'" in err[0]
    assert not (tmp_path.parent / "grades").exists()


def test_a_broken_grading_environment_stops_before_anyone_is_graded(tmp_path, monkeypatch,
                                                                    capsys):
    (tmp_path / "sub" / "ann").mkdir(parents=True)
    (tmp_path / "sub" / "ann" / f"{STEM}.ipynb").write_text("{}")
    monkeypatch.setattr(grading, "preflight", lambda **kw: "the kernel died (exit code 1)")
    assert grading.main(_args(submissions=tmp_path / "sub", sandbox="off")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot run a notebook (the kernel died" in err[0]
    assert "pip install 'snncourse[test]'" in err[0]
    assert not (tmp_path / "grades").exists()


def test_preflight_names_a_worker_that_cannot_start(tmp_path):
    why = grading.preflight(use_sandbox=False, python=str(tmp_path / "no-python"))
    assert why.startswith("cannot start the worker")


def test_unsandboxed_grading_says_so_once(tmp_path, monkeypatch):
    (tmp_path / "sub" / "ann").mkdir(parents=True)
    lines = []
    grading.grade(tmp_path / "sub", only="ex01*", sandbox_mode="off", progress=lines.append,
                  out=False)
    assert sum("WITHOUT a sandbox" in ln for ln in lines) == 1


def test_unreadable_and_missing_notebooks(tmp_path):
    (tmp_path / f"{STEM}.ipynb").write_text("{not json")
    grades = grading.grade_notebook("x", STEM, IDS, tmp_path)
    assert [g.status for g in grades] == ["fail"] * 3 and "not valid JSON" in grades[0].message
    (tmp_path / f"{STEM}.ipynb").write_bytes(b"\xff\xfe\x00")
    assert "not a notebook" in grading.grade_notebook("x", STEM, IDS, tmp_path)[0].message
    grades = grading.grade_notebook("y", STEM, IDS, tmp_path / "empty")
    assert {(g.status, g.message) for g in grades} == {("not attempted",
                                                        f"notebook {STEM}.ipynb missing")}


@pytest.mark.slow
def test_whole_notebook_timeout(tmp_path):
    pytest.importorskip("nbval")
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": "import time\nwhile True:\n    time.sleep(0.1)"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / f"{STEM}.ipynb").write_text(json.dumps(nb))
    grades = grading.grade_notebook("gina", STEM, IDS, tmp_path, cell_timeout=300.0,
                                    run_timeout=8.0)
    assert {g.status for g in grades} == {"fail"}
    assert "timed out: its run exceeded 8 s" in grades[0].message


# ---------------------------------------------------------------------------
# notebook 9: graded like the others, without NEST, Brian2 or Dask
# ---------------------------------------------------------------------------
def _edited_exercise(stem, answers):
    """The handed-out notebook ``stem`` with the stubs of ``answers`` (id -> code) replaced."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(ROOT / "exercises" / f"{stem}.ipynb", as_version=4)
    for cell in nb.cells:
        for ex_id, code in answers.items():
            stub = f'    raise NotImplementedError("{ex_id}: {EXERCISES[ex_id].task}")'
            if stub in cell.source:
                cell.source = cell.source.replace(stub, code)
    return nb


@pytest.mark.slow
def test_notebook_9_exercises_are_graded(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbval")
    stem = "ex09_beyond_one_machine"
    ids = exercise_ids(9)
    sub = tmp_path / "sub"
    for student in ("solved", "untouched", "shortcut"):
        (sub / student).mkdir(parents=True)
    (sub / "solved" / f"{stem}.ipynb").write_bytes((ROOT / "solutions" / f"{stem}.ipynb").read_bytes())
    (sub / "untouched" / f"{stem}.ipynb").write_bytes((ROOT / "exercises" / f"{stem}.ipynb").read_bytes())
    shortcut = _edited_exercise(stem, {
        "ex-9.1": "    return sc.sweep.sweep(func, points, seed=seed, executor=cf.ThreadPoolExecutor(1),"
                  " progress=False)",
        "ex-9.2": "    t = np.concatenate([r[0] for r in ranks])\n"
                  "    i = np.concatenate([r[1] for r in ranks])\n"
                  "    return t[np.argsort(t, kind='stable')], i[np.argsort(t, kind='stable')]",
        "ex-9.3": "    rows, cols = np.nonzero(diagram.state == state)\n"
                  "    return diagram.g[cols], diagram.eta[rows]",
    })
    nbformat.write(shortcut, sub / "shortcut" / f"{stem}.ipynb")
    grades = grading.grade(sub, only="ex09*", sandbox_mode="off", out=False, jobs=2,
                           progress=lambda line: None)
    got = {(g.student, g.exercise): g for g in grades}
    assert [got["solved", i].status for i in ids] == ["pass"] * 3
    assert [got["untouched", i].status for i in ids] == ["not attempted"] * 3
    assert [got["shortcut", i].status for i in ids] == ["fail", "fail", "pass"]
    assert "package's own implementation (sweep)" in got["shortcut", "ex-9.1"].message
    assert "ties" in got["shortcut", "ex-9.2"].message
