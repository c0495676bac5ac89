"""The notebooks in git: paired jupytext sources, no outputs, the course's structure.

`py:percent` files are the reviewed source; each `.ipynb` beside it must hold
the same cells (what `jupytext --sync` keeps in step) and no outputs.
"""

import json
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions", "exercises")
PAIRS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.py"))
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def _cells(nb):
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_course_has_nine_notebooks():
    assert len(list((ROOT / "notebooks").glob("0[1-9]_*.py"))) == 9


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_source_has_its_notebook_and_back(folder):
    d = ROOT / folder
    pys = {p.stem for p in d.glob("*.py")}
    nbs = {p.stem for p in d.glob("*.ipynb")}
    assert pys == nbs, f"{folder}: unpaired files: {sorted(pys ^ nbs)}"


@pytest.mark.parametrize("py", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pair_in_sync(py):
    ipynb = py.with_suffix(".ipynb")
    text = py.read_text()
    assert "formats: ipynb,py:percent" in text, f"{py.name} is not paired (jupytext --set-formats ipynb,py:percent)"
    from_py = jupytext.reads(text, fmt="py:percent")
    from_nb = jupytext.read(ipynb)
    assert _cells(from_py) == _cells(from_nb), (
        f"{py.relative_to(ROOT)} and its .ipynb have drifted: run `make sync` (jupytext --sync)"
    )


@pytest.mark.parametrize("ipynb", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_outputs_committed(ipynb):
    nb = json.loads(ipynb.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{ipynb.name}: cell {i} holds outputs"
            assert cell.get("execution_count") is None, f"{ipynb.name}: cell {i} has an execution count"
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"


#: Longest code cell (lines of code, comments and expected outputs left out) of
#: a lecture notebook: longer cells are split, or their figure code is moved
#: into a ``plot_*`` helper of the package.
MAX_CODE_LINES = 35


def _read_cells(py):
    return jupytext.read(py).cells


def _code_lines(cell):
    return [line for line in cell.source.split("\n") if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("py", sorted((ROOT / "notebooks").glob("*.py")), ids=lambda p: p.name)
def test_course_notebook_structure(py):
    """Title -> learning goals -> one imports cell -> ... -> summary -> references."""
    cells = _read_cells(py)
    md = [(i, c.source) for i, c in enumerate(cells) if c.cell_type == "markdown"]
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), f"{py.name}: no title"
    assert "**learning goals.**" in cells[0].source.lower() or "## learning goals" in cells[0].source.lower(), (
        f"{py.name}: the first cell has no learning goals")
    imports = [i for i in code if any(line.startswith(("import ", "from ")) for line in
                                      cells[i].source.split("\n"))]
    assert imports == [code[0]], f"{py.name}: imports belong in the first code cell only, found {imports}"
    first = cells[code[0]].source
    assert "import snncourse as sc" in first and "from snncourse" not in py.read_text(), (
        f"{py.name}: one import style, 'import snncourse as sc' and sc.<name>")
    headings = [line.lower() for _, src in md for line in src.split("\n") if line.startswith("#")]
    assert any(h.startswith("## summary") for h in headings), f"{py.name}: no '## Summary'"
    assert any(h.startswith("## references") for h in headings), f"{py.name}: no '## References'"
    assert any("$$" in src or "\\begin{" in src for _, src in md), f"{py.name}: no displayed equation"
    widget_cells = [i for i in code if "_widget(" in cells[i].source]
    assert widget_cells, f"{py.name}: no widget (an sc.widgets.*_widget() cell)"
    predictions = [src for _, src in md if src.startswith("**Predict.**")]
    assert len(predictions) >= 2, f"{py.name}: fewer than two 'Predict' questions"
    for src in predictions:
        assert "<details>" in src and "</details>" in src, f"{py.name}: a Predict answer is not folded"
    for i in code[1:]:
        assert cells[i - 1].cell_type == "markdown" or len(_code_lines(cells[i])) <= 3, (
            f"{py.name}: code cell {i} has no sentence before it")
        n = len(_code_lines(cells[i]))
        assert n <= MAX_CODE_LINES, f"{py.name}: code cell {i} has {n} lines of code (max {MAX_CODE_LINES})"


CHECKED_SOURCES = sorted(p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("*.py"))


@pytest.mark.parametrize("py", CHECKED_SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_checked_cells_carry_their_expected_output(py):
    from snncourse.course.nbcheck import MARKER, parse_expected

    nb = jupytext.reads(py.read_text(), fmt="py:percent")
    for cell in nb.cells:
        if cell.cell_type == "code" and MARKER in cell.source:
            assert parse_expected(cell.source) is not None, (
                f"{py.name}: a {MARKER} cell has no '# Expected output:' block, so nothing checks it; "
                f"run `python -m snncourse record-outputs {py.relative_to(ROOT)}`:\n{cell.source[:300]}"
            )


def _notebook_with_expected(tmp_path, expected):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        f"# NBVAL_CHECK_OUTPUT\nprint(round(2 / 3, 3))\n# Expected output:\n# {expected}")]
    path = tmp_path / "check.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("expected, status", [("0.667", 0), ("0.668", 1)])
def test_nbval_checks_the_expected_output(tmp_path, expected, status):
    import subprocess
    import sys

    path = _notebook_with_expected(tmp_path, expected)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "snncourse.course.nbcheck",
         "--nbval-lax", str(path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == status, out.stdout[-2000:]
