"""Repository-wide pytest set-up: Agg backend, and per-notebook execution times.

nbval turns each notebook cell into a test item; the terminal summary adds
up their durations per notebook so that the report shows how long each
notebook takes to execute.
"""

import os
from collections import defaultdict

os.environ.setdefault("MPLBACKEND", "Agg")

# Importing Brian2 (the cross-check tests do) replaces pytest's DoctestModule with
# one that fails on the doctests of a package's __init__.py (IndexError in
# brian2/tests/__init__.py). Let it patch now, then put pytest's own class back.
import _pytest.doctest as _doctest  # noqa: E402

_DOCTEST_MODULE = _doctest.DoctestModule
try:
    import brian2.tests  # noqa: E402,F401
except Exception:  # noqa: BLE001 - Brian2 is an optional extra
    pass
_doctest.DoctestModule = _DOCTEST_MODULE

# Gives nbval the expected output of each "# NBVAL_CHECK_OUTPUT" cell, kept in
# the cell as a "# Expected output:" comment block (notebooks carry no outputs).
pytest_plugins = ["snncourse.course.nbcheck"]

_NOTEBOOK_SECONDS = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _NOTEBOOK_SECONDS[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _NOTEBOOK_SECONDS:
        return
    tr = terminalreporter
    tr.section("notebook execution times")
    for path, seconds in sorted(_NOTEBOOK_SECONDS.items()):
        tr.write_line(f"{seconds:7.1f} s  {path}")
    tr.write_line(f"{sum(_NOTEBOOK_SECONDS.values()):7.1f} s  total")


# The jupytext sources are notebooks, not modules: never import them for doctests.
collect_ignore_glob = ["snncourse/checks.py", "notebooks/*.py", "solutions/*.py", "exercises/*", "benchmarks/*", "report/*"]
