"""Self-checking exercises: the checks, the generator and the generated notebooks.

- every exercise accepts its reference and the worked solution, and rejects
  each typical mistake with the right diagnosis;
- a learner's crash, None, wrong shape or unfinished stub gives a clear
  AssertionError, not a traceback from inside the package;
- solutions/ and exercises/ agree with the registry, and exercises/ is not stale;
- the untouched exercise notebooks fail only in exercise and check cells, only
  with NotImplementedError or the check's "not attempted" message.
"""

import argparse
import json
import re
import subprocess
import sys
import traceback
from pathlib import Path

import numpy as np
import pytest

import snncourse as sc
from snncourse.course import exercisegen
from snncourse.course.checks import EXERCISES, NOTEBOOKS, check, exercise_ids, nb01_lif, \
    nb08_report, nb09_cluster

jupytext = pytest.importorskip("jupytext")

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISE_DIR = ROOT / "exercises"
REGION = re.compile(r"# BEGIN SOLUTION (ex-\d+\.\d+)\n(.*?)# END SOLUTION", re.S)


# ---------------------------------------------------------------------------
# contexts of the number exercises: small, cheap, deterministic
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def contexts():
    noisy = sc.simulate_neuron(sc.LIFParams(), 1.8, duration=2000.0, n_neurons=40,
                               noise_sigma=6.0, record_v=False, rng=2)
    conn = sc.build_connectivity(sc.NetworkParams(n_exc=200, n_inh=50, c_exc=100, c_inh=25),
                                 rng=1)
    net = sc.NetworkParams(n_exc=500, n_inh=125, c_exc=50, c_inh=12, j_exc=0.5, g=5.0,
                           nu_ext=40.0, c_ext=50, v_init=(0.0, 5.0), name="test")
    res = sc.simulate_network(net, duration=400.0, rng=3, record_ids=list(range(0, 500, 10)))
    shot = sc.simulate_neuron(sc.LIFParams(v_th=50.0), 0.0, duration=1000.0, n_neurons=100,
                              poisson_input=[(1000.0, 0.5)], rng=3)  # as in ex03
    by_id = {"ex-2.3": (noisy,), "ex-3.2": (shot,), "ex-3.3": (shot,), "ex-4.3": (conn,)}
    for ex_id in ("ex-5.3", "ex-6.4", "ex-7.3", "ex-8.2", "ex-8.3"):
        by_id[ex_id] = (res,)
    return by_id


def _context(contexts, ex_id):
    return contexts.get(ex_id, ()) if EXERCISES[ex_id].n_context else ()


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------
def test_every_notebook_has_at_least_two_exercises():
    assert len(EXERCISES) >= 16
    for n, stem in NOTEBOOKS.items():
        ids = exercise_ids(n)
        assert len(ids) >= 2, f"{stem} has {len(ids)} exercise(s)"
        assert exercise_ids(stem) == ids


def test_exercise_records_are_consistent():
    for ex_id, ex in EXERCISES.items():
        assert re.fullmatch(r"ex-\d\.\d+", ex_id)
        assert ex.notebook == NOTEBOOKS[int(ex_id[3])]
        assert ex.kind in ("function", "number")
        assert '"' not in ex.task and len(ex.task) < 120, ex_id
        assert ex.usage.startswith(f'check("{ex_id}", {ex.name}')
        assert ex.mistakes, f"{ex_id} diagnoses no typical mistake"


def test_regions_match_the_registry():
    regions = {}
    for path in sorted(SOLUTIONS.glob(exercisegen.SOLUTION_GLOB)):
        text = path.read_text()
        for ex_id, _ in REGION.findall(text):
            assert ex_id not in regions, f"{ex_id} twice"
            regions[ex_id] = path.stem
            assert f'check("{ex_id}"' in text, f"{path.name}: no check cell for {ex_id}"
    assert sorted(regions) == sorted(EXERCISES)
    for ex_id, stem in regions.items():
        assert EXERCISES[ex_id].notebook == stem
    assert sorted(p.stem for p in SOLUTIONS.glob(exercisegen.SOLUTION_GLOB)) == sorted(NOTEBOOKS.values())


# ---------------------------------------------------------------------------
# references, solutions and mistakes
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("ex_id", exercise_ids())
def test_reference_is_accepted(ex_id, contexts, capsys):
    ex = EXERCISES[ex_id]
    ctx = _context(contexts, ex_id)
    answer = ex.reference if ex.kind == "function" else ex.reference(*ctx)
    check(ex_id, answer, *ctx)
    out = capsys.readouterr().out
    assert out.startswith(f"{ex_id} passed: ") and out.count("\n") == 1


def _solution_cells():
    """(exercise id, source of the code cell of its region) for function exercises."""
    for path in sorted(SOLUTIONS.glob(exercisegen.SOLUTION_GLOB)):
        nb = jupytext.read(path)
        for cell in nb.cells:
            for ex_id, _ in REGION.findall(cell.source + "\n"):
                if EXERCISES[ex_id].kind == "function":
                    yield ex_id, cell.source


@pytest.mark.parametrize("ex_id,source", list(_solution_cells()), ids=lambda x: x[:6])
def test_worked_solution_passes_its_check(ex_id, source, capsys):
    namespace = {"np": np, "sc": sc}
    exec(compile(source, f"<solution {ex_id}>", "exec"), namespace)
    check(ex_id, namespace[EXERCISES[ex_id].name])
    assert capsys.readouterr().out.startswith(f"{ex_id} passed")


def _mistake_cases():
    for ex_id in exercise_ids():
        for k, m in enumerate(EXERCISES[ex_id].mistakes):
            yield pytest.param(ex_id, k, id=f"{ex_id}-{m.keyword}-{k}")


def _wrong_answer(ex, m, ctx):
    if ex.kind == "function":
        return m.wrong
    value = m.wrong(*ctx)
    return m.example if callable(value) else value


@pytest.mark.parametrize("ex_id,k", list(_mistake_cases()))
def test_typical_mistake_is_rejected_with_its_diagnosis(ex_id, k, contexts):
    ex = EXERCISES[ex_id]
    m = ex.mistakes[k]
    ctx = _context(contexts, ex_id)
    wrong = _wrong_answer(ex, m, ctx)
    if ex.kind == "number" and not callable(m.wrong(*ctx)):
        try:  # a mistake that makes no difference on this small context cannot be caught
            check(ex_id, wrong, *ctx)
        except AssertionError:
            pass
        else:
            pytest.skip(f"{m.keyword!r} gives an accepted value on the test context")
    with pytest.raises(AssertionError) as info:
        check(ex_id, wrong, *ctx)
    message = str(info.value)
    assert message.startswith(f"{ex_id}: "), message
    assert m.keyword in message, f"expected the diagnosis {m.keyword!r}, got: {message}"
    assert "not attempted" not in message


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_every_exercise_rejects_at_least_one_mistake_here(ex_id, contexts):
    ex = EXERCISES[ex_id]
    ctx = _context(contexts, ex_id)
    rejected = 0
    for m in ex.mistakes:
        try:
            check(ex_id, _wrong_answer(ex, m, ctx), *ctx)
        except AssertionError as exc:
            rejected += m.keyword in str(exc)
    assert rejected >= 1


def test_number_exercises_reject_far_off_values(contexts):
    for ex_id in exercise_ids():
        ex = EXERCISES[ex_id]
        if ex.kind != "number":
            continue
        ctx = _context(contexts, ex_id)
        right = ex.reference(*ctx)
        with pytest.raises(AssertionError, match=rf"^{re.escape(ex_id)}: "):
            check(ex_id, 1000.0 * right + 7.0, *ctx)


def test_unit_mistakes_are_named():
    with pytest.raises(AssertionError, match="units"):
        check("ex-1.3", 150.0)  # pA

def test_generic_unit_hint(contexts):
    (shot,) = contexts["ex-3.2"]
    v_mean = float(shot.v[:, shot.times >= 100.0].mean())
    with pytest.raises(AssertionError, match="1000 times too small: units"):
        check("ex-3.2", v_mean / 1000.0, shot)  # V instead of mV: the generic unit test


# ---------------------------------------------------------------------------
# how a check fails on broken learner code
# ---------------------------------------------------------------------------
def _raises(ex_id, answer, *ctx):
    with pytest.raises(AssertionError) as info:
        check(ex_id, answer, *ctx)
    exc = info.value
    assert exc.__cause__ is None and exc.__suppress_context__, "chained traceback"
    frames = traceback.extract_tb(exc.__traceback__)
    assert all(f.name == "check" for f in frames if "course/checks/" in f.filename.replace("\\", "/")), \
        "the traceback reaches inside the package"
    return str(exc)


def test_crash_is_reported_with_the_learners_exception():
    def isi_cv(spike_times, spike_ids, n_neurons):
        raise ValueError("my bug")

    msg = _raises("ex-2.1", isi_cv)
    assert "raised ValueError: my bug" in msg and msg.startswith("ex-2.1: isi_cv(")


def test_none_wrong_shape_and_wrong_type_are_explained():
    assert "returned None" in _raises("ex-2.1", lambda t, i, n: None)
    assert "shape" in _raises("ex-2.1", lambda t, i, n: np.zeros(n + 1))
    assert "expected an array of numbers" in _raises("ex-2.1", lambda t, i, n: "cv")
    assert "must return 2 values" in _raises("ex-5.2", lambda a, b, bs, ml: np.zeros(3))
    assert "must return a dict" in _raises("ex-8.1", lambda r, t, b: [1, 2])
    assert "must be a function" in _raises("ex-2.1", 3.0)
    assert "must be a number" in _raises("ex-1.3", "0.15")
    assert "single number" in _raises("ex-1.3", [0.15, 0.2])


def test_stub_and_none_read_not_attempted():
    def euler_step(v, current, dt, params):
        raise NotImplementedError("ex-1.1: return V after one step")

    assert _raises("ex-1.1", euler_step).startswith("ex-1.1 not attempted: euler_step still "
                                                    "raises NotImplementedError")
    assert _raises("ex-1.3", None).startswith("ex-1.3 not attempted: rheobase is still None")
    assert _raises("ex-1.1", None).startswith("ex-1.1 not attempted")


def test_a_stub_of_another_exercise_is_a_failure_not_a_skip():
    def simulate_lif(params, current, duration, dt):
        raise NotImplementedError("ex-1.1: return V after one step")

    msg = _raises("ex-1.2", simulate_lif)
    assert "finish ex-1.1 first" in msg and "not attempted" not in msg


def test_learner_inputs_are_copies():
    def isi_cv(spike_times, spike_ids, n_neurons):
        spike_times = np.asarray(spike_times)
        out = sc.isi_cv(spike_times, spike_ids, n_neurons)
        spike_times[...] = 0.0  # vandalism must not change the reference
        return out

    check("ex-2.1", isi_cv)


def test_bad_calls_of_check():
    with pytest.raises(ValueError, match="exercise_id must be one of"):
        check("ex-9.9", 1.0)
    with pytest.raises(TypeError, match=r'check\("ex-5.3", rate_exc, res\)'):
        check("ex-5.3", 1.0)
    with pytest.raises(AssertionError, match="SimulationResult"):
        check("ex-5.3", 1.0, "not a result")


def test_table_reference_agrees_with_the_report_module():
    """ex-8.1's reference and its mistaken variants' base are snncourse.report's Table 4.1."""
    report = pytest.importorskip("snncourse.report")
    res = sc.simulate_network(sc.seed_report(), duration=400.0, rng=1)
    ours = nb08_report.table_ref(res, 100.0, 10.0)
    base = nb08_report.table(res, 100.0, 10.0)
    theirs = report.report_statistics(res, t_start=100.0, bin_size=10.0)
    for key in nb08_report.TABLE_KEYS:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-12)
        np.testing.assert_allclose(base[key], theirs[key], rtol=1e-12)


def test_sweep_reference_is_a_serial_map_and_an_executor_in_any_order():
    """ex-9.1's reference (sc.sweep.sweep on a thread pool) = a serial map with point_rng."""
    import concurrent.futures as cf
    points = [3.0, 7.0, 7.0, 50.0]
    serial = [nb09_cluster.toy_rate(p, sc.parallel.point_rng(4, i)) for i, p in enumerate(points)]
    for order in ([0, 1, 2, 3], [2, 3, 1, 0]):
        got = nb09_cluster.sweep_ref(nb09_cluster.toy_rate, points, 4, order)
        np.testing.assert_array_equal(got, serial)
    with cf.ThreadPoolExecutor(3) as pool:  # points submitted in a shuffled order
        futures = {i: pool.submit(nb09_cluster.toy_rate, points[i], sc.parallel.point_rng(4, i))
                   for i in (3, 1, 0, 2)}
        np.testing.assert_array_equal([futures[i].result() for i in range(4)], serial)


def test_merge_reference_is_the_nest_scripts_merge(tmp_path):
    """ex-9.2's reference gives what the exported NEST script's --merge writes."""
    from snncourse.export import _nest_model
    net = sc.NetworkParams(n_exc=80, n_inh=20, c_exc=8, c_inh=2, j_exc=0.8, g=4.0, i_ext=2.4)
    res = sc.simulate_network(net, duration=100.0, rng=5)
    ranks, files = [], []
    for r in range(3):
        mine = res.spike_ids % 3 == r
        ranks.append((res.spike_times[mine], res.spike_ids[mine]))
        files.append(tmp_path / f"spikes.rank{r}-of-3.npz")
        _nest_model.write_npz(files[-1], {"n_exc": 80, "n_inh": 20},
                              {"spike_times": ranks[-1][0], "spike_ids": ranks[-1][1]},
                              duration=100.0, dt=0.1, seed=5)
    _nest_model.merge([str(f) for f in files], tmp_path / "spikes.npz")
    with np.load(tmp_path / "spikes.npz") as merged:
        times, ids = nb09_cluster.merge_ref(ranks)
        np.testing.assert_array_equal(times, merged["spike_times"])
        np.testing.assert_array_equal(ids, merged["spike_ids"])
        assert ids.dtype == merged["spike_ids"].dtype == np.int64
    np.testing.assert_array_equal(times, res.spike_times)


def test_lif_variant_without_mistake_is_the_engine():
    """The Euler loop behind ex-1.2's diagnoses reproduces the engine exactly."""
    loop = nb01_lif.lif_variant()
    for p, i in ((sc.LIFParams(), 2.5), (nb01_lif.CORTICAL_NEURON, 0.3), (sc.LIFParams(t_ref=0.7), 5.0)):
        np.testing.assert_array_equal(loop(p, i, 200.0, 0.1), nb01_lif.lif_ref(p, i, 200.0, 0.1))


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------
TASKS = {"ex-1.1": "add one", "ex-1.2": "multiply"}


def test_strip_keeps_indentation_and_the_def_line():
    text = "def f(x):\n    '''doc'''\n    # BEGIN SOLUTION ex-1.1\n    y = x + 1\n    return y\n" \
           "    # END SOLUTION\n\nanswer = None\n# BEGIN SOLUTION ex-1.2\nanswer = 2\n# END SOLUTION\n"
    out, ids = exercisegen.strip_solutions(text, tasks=TASKS)
    assert ids == ["ex-1.1", "ex-1.2"]
    assert out == ("def f(x):\n    '''doc'''\n    raise NotImplementedError(\"ex-1.1: add one\")\n\n"
                   "answer = None\nraise NotImplementedError(\"ex-1.2: multiply\")\n")


@pytest.mark.parametrize("text,match", [
    ("# BEGIN SOLUTION ex-1.1\n# BEGIN SOLUTION ex-1.2\n# END SOLUTION\n", "inside the region"),
    ("# BEGIN SOLUTION ex-1.1\nx = 1\n", "never closed"),
    ("x = 1\n# END SOLUTION\n", "without a BEGIN"),
    ("# BEGIN SOLUTION ex-7.7\n# END SOLUTION\n", "unknown exercise id"),
    ("x = 1  # BEGIN SOLUTION ex-1.1\n", "malformed solution marker"),
    ("#BEGIN SOLUTION ex-1.1\n", "malformed solution marker"),
])
def test_strip_rejects_bad_regions(text, match):
    with pytest.raises(ValueError, match=match):
        exercisegen.strip_solutions(text, source="s.py", tasks=TASKS)


def test_generated_exercises_hold_stubs_and_no_solution():
    files = exercisegen.generate(SOLUTIONS)
    for path in sorted(SOLUTIONS.glob(exercisegen.SOLUTION_GLOB)):
        text = files[path.stem + ".py"]
        assert "SOLUTION" not in text
        solution = path.read_text()
        outside = REGION.sub("", solution)
        for ex_id, body in REGION.findall(solution):
            assert f'raise NotImplementedError("{ex_id}: {EXERCISES[ex_id].task}")' in text
            for line in (ln.strip() for ln in body.splitlines()):  # solution lines are gone
                if len(line) > 25 and line not in outside:
                    assert line not in text, f"{ex_id}: {line!r} leaked"
        nb = json.loads(files[path.stem + ".ipynb"])
        assert nb["metadata"]["kernelspec"]["name"] == "python3"
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_generation_is_deterministic():
    assert exercisegen.generate(SOLUTIONS) == exercisegen.generate(SOLUTIONS)


def test_exercises_folder_is_not_stale():
    stale = exercisegen.stale_files(EXERCISE_DIR, exercisegen.generate(SOLUTIONS))
    assert not stale, "exercises/ is stale; run `make exercises`:\n" + "\n".join(stale)


def test_check_command_exit_status(tmp_path):
    out = tmp_path / "exercises"
    args = argparse.Namespace(solutions=str(SOLUTIONS), out=str(out), check=True)
    assert exercisegen.main(args) == 1  # missing
    assert exercisegen.main(argparse.Namespace(**{**vars(args), "check": False})) == 0
    assert exercisegen.main(args) == 0
    target = out / "ex01_lif_neuron.py"
    target.write_text(target.read_text() + "\n# an edit\n")
    assert exercisegen.main(args) == 1
    assert exercisegen.main(argparse.Namespace(**{**vars(args), "check": False})) == 0
    (out / "ex09_old.py").write_text("# left over\n")
    assert exercisegen.main(args) == 1
    exercisegen.main(argparse.Namespace(**{**vars(args), "check": False}))
    assert not (out / "ex09_old.py").exists() and exercisegen.main(args) == 0


def test_command_line_check_is_clean():
    proc = subprocess.run([sys.executable, "-m", "snncourse", "exercises", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_generator_errors_are_messages(tmp_path):
    (tmp_path / "sol").mkdir()
    (tmp_path / "sol" / "ex01_lif_neuron.py").write_text("# BEGIN SOLUTION ex-1.1\nx = 1\n")
    args = argparse.Namespace(solutions=str(tmp_path / "sol"), out=str(tmp_path / "ex"), check=False)
    assert exercisegen.main(args) == 2
    (tmp_path / "sol" / "ex01_lif_neuron.py").write_text(
        "# BEGIN SOLUTION ex-2.1\nx = 1\n# END SOLUTION\ncheck(\"ex-2.1\", x)\n")
    with pytest.raises(ValueError, match="belongs to ex02"):
        exercisegen.generate(tmp_path / "sol")
    (tmp_path / "sol" / "ex01_lif_neuron.py").write_text("# BEGIN SOLUTION ex-1.1\nx = 1\n# END SOLUTION\n")
    with pytest.raises(ValueError, match="no check cell"):
        exercisegen.generate(tmp_path / "sol")


# ---------------------------------------------------------------------------
# the untouched exercise notebooks
# ---------------------------------------------------------------------------
def _execute(path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(EXERCISE_DIR.glob("ex*.ipynb")), ids=lambda p: p.stem)
def test_untouched_exercises_fail_only_in_exercise_and_check_cells(path):
    nb = _execute(path)
    stub = re.compile(r'raise NotImplementedError\("(ex-\d+\.\d+):')
    attempted = set()
    for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        stderr = "".join(o.get("text", "") for o in cell.outputs
                         if o.output_type == "stream" and o.name == "stderr")
        assert "Warning" not in stderr, f"cell {index} warns: {stderr}"
        if not errors:
            assert not stub.search(cell.source) or "def " in cell.source, \
                f"cell {index} holds a top-level stub but did not raise"
            continue
        (err,) = errors
        stubs = stub.findall(cell.source)
        checks_here = re.findall(r'check\("(ex-\d+\.\d+)"', cell.source)
        if stubs and not cell.source.lstrip().startswith("def "):
            assert err.ename == "NotImplementedError", (index, err.ename, err.evalue)
            assert err.evalue.startswith(stubs[0] + ":")
        elif checks_here:
            assert err.ename == "AssertionError", (index, err.ename, err.evalue)
            assert err.evalue.startswith(f"{checks_here[0]} not attempted: "), err.evalue
            attempted.add(checks_here[0])
        else:
            pytest.fail(f"cell {index} (neither an exercise nor a check cell) raised "
                        f"{err.ename}: {err.evalue}")
    assert attempted == set(exercise_ids(path.stem)), "every check cell must say 'not attempted'"


def test_stub_cells_look_like_the_solutions():
    """Every exercise cell of exercises/ is its solution cell with the region replaced."""
    for path in sorted(EXERCISE_DIR.glob("ex*.py")):
        sol = jupytext.read(SOLUTIONS / path.name)
        ex = jupytext.read(path)
        assert len(sol.cells) == len(ex.cells)
        for a, b in zip(sol.cells, ex.cells):
            if "BEGIN SOLUTION" not in a.source:
                assert a.source == b.source
            else:
                assert "raise NotImplementedError(" in b.source


def test_exercise_dir_holds_only_generated_files():
    names = {p.name for p in EXERCISE_DIR.iterdir() if not p.name.startswith(".")}
    expected = {f"{stem}{ext}" for stem in NOTEBOOKS.values() for ext in (".py", ".ipynb")}
    assert names <= expected | {"README.md"}, sorted(names - expected)
    assert expected <= names


def test_solutions_folder_layout():
    for stem in NOTEBOOKS.values():
        assert (SOLUTIONS / f"{stem}.py").exists() and (SOLUTIONS / f"{stem}.ipynb").exists()


def test_solution_notebooks_import_check_once():
    for path in sorted(SOLUTIONS.glob("ex*.py")):
        text = path.read_text()
        assert text.count("from snncourse.course import check") == 1, path.name


# ---------------------------------------------------------------------------
# the layout of the checks package
# ---------------------------------------------------------------------------
def test_registry_is_read_only_and_complete():
    from snncourse.course.checks import Exercise
    with pytest.raises(TypeError):
        EXERCISES["ex-9.9"] = None
    assert list(EXERCISES) == exercise_ids()
    assert all(isinstance(ex, Exercise) for ex in EXERCISES.values())


def test_checks_modules_are_small_and_their_functions_short():
    import ast
    package = ROOT / "snncourse" / "course" / "checks"
    modules = sorted(package.glob("*.py"))
    assert {p.stem for p in modules} >= {"__init__", "_core"} | {
        f"nb0{n}_{s}" for n, s in ((1, "lif"), (2, "noise"), (3, "synapses"), (4, "network"),
                                   (5, "activity"), (6, "synchrony"), (7, "brunel"), (8, "report"),
                                   (9, "cluster"))}
    for path in modules:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = node.body[0]
                start = first.end_lineno + 1 if isinstance(first, ast.Expr) and \
                    isinstance(getattr(first, "value", None), ast.Constant) else node.lineno
                assert node.end_lineno - start + 1 <= 80, f"{path.name}: {node.name} is too long"
