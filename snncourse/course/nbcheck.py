"""Expected outputs of checked notebook cells, kept in the source as comments.

Notebooks are committed without outputs, yet a cell marked
``# NBVAL_CHECK_OUTPUT`` should have its printed summary checked by nbval.
nbval compares only against stored outputs, so the expected output is kept
in the cell itself, as a trailing comment block that learners can read too::

    # NBVAL_CHECK_OUTPUT
    print(f"rate {rate:.1f} Hz")
    # Expected output:
    # rate 38.1 Hz

This module is also a pytest plugin (``-p snncourse.course.nbcheck``, loaded by the
repository's ``conftest.py``) that turns that block into the reference output
of the cell before nbval runs it (:func:`reference_outputs`), and
``python -m snncourse record-outputs FILE.py ...`` (maintainers) executes
notebooks and rewrites the blocks from what the cells print
(:func:`record_expected_outputs`).

Examples
--------
>>> src = 'print(1 + 1)\\n# Expected output:\\n# 2'
>>> parse_expected(src)
'2\\n'
>>> strip_expected(src)
'print(1 + 1)'
"""

from __future__ import annotations

from pathlib import Path

from .._io import write_text_atomic

__all__ = ["MARKER", "HEADER", "parse_expected", "strip_expected", "reference_outputs",
           "record_expected_outputs", "pytest_collection_modifyitems"]

MARKER = "# NBVAL_CHECK_OUTPUT"
HEADER = "# Expected output:"


def _split(source: str):
    lines = source.rstrip("\n").split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].rstrip() == HEADER:
            tail = lines[i + 1:]
            if all(line.startswith("#") for line in tail):
                return lines[:i], tail
            break
    return lines, None


def parse_expected(source: str):
    """The expected stdout text of a cell's ``# Expected output:`` block, or None."""
    _, tail = _split(source)
    if tail is None:
        return None
    return "".join(line[2:] if line.startswith("# ") else line[1:] for line in
                   (t + "\n" for t in tail))


def strip_expected(source: str) -> str:
    """The cell source without its expected-output block."""
    head, _ = _split(source)
    return "\n".join(head).rstrip("\n")


def reference_outputs(source: str):
    """nbval reference outputs for a checked cell: one stdout stream, or None."""
    if MARKER not in source:
        return None
    text = parse_expected(source)
    if text is None:
        return None
    return [{"output_type": "stream", "name": "stdout", "text": text}]


def pytest_collection_modifyitems(items):
    """pytest hook: give each checked nbval cell its expected output as reference.

    A checked cell without a block stays unchecked (nbval checks only cells
    with stored outputs); ``tests/test_notebook_files.py`` fails on it.
    """
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or getattr(cell, "cell_type", None) != "code" or cell.get("outputs"):
            continue
        ref = reference_outputs(cell.source)
        if ref is not None:
            import nbformat

            cell.outputs = [nbformat.from_dict(o) for o in ref]
            cell.execution_count = 1


def record_expected_outputs(py_paths, *, timeout: float = 600.0) -> list:
    """Execute jupytext notebooks and rewrite the expected blocks of checked cells.

    Each path is a ``py:percent`` source; it is executed from its folder
    and every ``# NBVAL_CHECK_OUTPUT`` cell gets a block with what it
    printed. The paired ``.ipynb`` is updated by ``jupytext --sync``. A
    checked cell that shows anything but stdout text is an error: print the
    summary instead.

    Returns the list of files changed.
    """
    import os

    import jupytext
    import nbclient

    changed = []
    for path in map(Path, py_paths):
        nb = jupytext.read(path)
        run = jupytext.read(path)  # executed as nbval will, blocks included
        env_backend = os.environ.get("MPLBACKEND")
        os.environ["MPLBACKEND"] = "Agg"
        try:
            nbclient.NotebookClient(run, timeout=timeout, kernel_name="python3",
                                    resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            if env_backend is None:
                os.environ.pop("MPLBACKEND", None)
            else:
                os.environ["MPLBACKEND"] = env_backend
        for cell, done in zip(nb.cells, run.cells):
            if cell.cell_type != "code" or MARKER not in cell.source:
                continue
            text = ""
            for out in done.outputs:
                if out.output_type == "stream" and out.name == "stdout":
                    text += out.text
                else:
                    raise ValueError(
                        f"{path}: a {MARKER} cell must only print to stdout, got a "
                        f"{out.output_type} output ({out.get('name', '')}) in:\n{cell.source[:200]}"
                    )
            body = strip_expected(cell.source)
            block = [HEADER] + [("# " + line).rstrip() for line in text.rstrip("\n").split("\n")]
            cell.source = body + "\n" + "\n".join(block)
        before = path.read_text()
        after = jupytext.writes(nb, fmt="py:percent")
        after += "" if after.endswith("\n") else "\n"  # as jupytext.write ends a file
        if after != before:
            write_text_atomic(path, after)  # an interrupt leaves the old file whole
            changed.append(str(path))
            # update the paired .ipynb from the source, keeping its cell ids
            from jupytext.cli import jupytext as jupytext_cli

            jupytext_cli(["--sync", "--quiet", str(path)])
    return changed
