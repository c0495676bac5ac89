r"""Generate the exercise notebooks from the solutions (the single source).

``solutions/exNN_<stem>.py`` (jupytext ``py:percent``) holds the worked
solutions. Each solution region

.. code-block:: python

    def isi_cv(spike_times, spike_ids, n_neurons):
        # (the def line and the docstring stay outside the region)
        # BEGIN SOLUTION ex-2.1
        ...
        # END SOLUTION

becomes, in ``exercises/exNN_<stem>.py`` and its paired ``.ipynb`` (no
outputs), a stub at the indentation of the ``BEGIN`` line:

.. code-block:: python

        raise NotImplementedError("ex-2.1: <the one-line task>")

The task comes from :data:`snncourse.course.checks.EXERCISES`. Everything outside
the regions (the ``def`` line, the docstring, the check cells) is copied.

Contents
--------
strip_solutions
    Replace the solution regions of one source text by stubs.
generate
    The exercise files (``.py`` and ``.ipynb`` text) for a solutions folder.
stale_files
    Which files of an exercises folder differ from what ``generate`` gives.
write_exercises
    Regenerate an exercises folder (only files that changed are written).
main
    ``python -m snncourse exercises [--solutions DIR] [--out DIR] [--check]``.

Examples
--------
>>> text = '''def f(x):
...     # BEGIN SOLUTION ex-1.1
...     return x + 1
...     # END SOLUTION
... '''
>>> print(strip_solutions(text, tasks={"ex-1.1": "add one"})[0])
def f(x):
    raise NotImplementedError("ex-1.1: add one")
<BLANKLINE>
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from .._io import write_text_atomic

__all__ = ["strip_solutions", "generate", "stale_files", "write_exercises", "main",
           "SOLUTION_GLOB"]

#: Solution sources that are turned into exercises.
SOLUTION_GLOB = "ex[0-9][0-9]_*.py"

_BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION (?P<id>ex-\d+\.\d+)[ \t]*$")
_END = re.compile(r"^[ \t]*# END SOLUTION[ \t]*$")
_MARKER = re.compile(r"#\s*(BEGIN|END)\s+SOLUTION")
_CHECK = re.compile(r"""check\(\s*["'](ex-\d+\.\d+)["']""")


def _default_tasks():
    from .checks import EXERCISES

    return {ex_id: ex.task for ex_id, ex in EXERCISES.items()}


def strip_solutions(text, *, source="<text>", tasks=None):
    """Replace each solution region of ``text`` by a ``NotImplementedError`` stub.

    Parameters
    ----------
    text : str
        A solution source.
    source : str
        Its name, for error messages.
    tasks : dict or None
        Exercise id -> one-line task; None uses :data:`snncourse.course.checks.EXERCISES`.

    Returns
    -------
    text : str
        The exercise source.
    ids : list of str
        The exercise ids of the regions, in order.

    Raises
    ------
    ValueError
        For a nested, unclosed or unmatched marker, a malformed marker line,
        an unknown exercise id, or a task that contains a double quote.
    """
    tasks = _default_tasks() if tasks is None else tasks
    out, ids = [], []
    region = None  # (id, indent, line number) of the open region
    for lineno, line in enumerate(text.splitlines(keepends=True), start=1):
        begin, end = _BEGIN.match(line), _END.match(line)
        if begin:
            if region is not None:
                raise ValueError(f"{source}:{lineno}: BEGIN SOLUTION {begin['id']} inside the "
                                 f"region {region[0]} opened on line {region[2]}")
            if begin["id"] not in tasks:
                raise ValueError(f"{source}:{lineno}: unknown exercise id {begin['id']!r}; "
                                 "register it in its notebook module of snncourse/course/checks/")
            region = (begin["id"], begin["indent"], lineno)
            continue
        if end:
            if region is None:
                raise ValueError(f"{source}:{lineno}: END SOLUTION without a BEGIN SOLUTION")
            ex_id, indent, _ = region
            task = tasks[ex_id]
            if '"' in task or "\\" in task:
                raise ValueError(f"task of {ex_id} must not contain a double quote or a "
                                 f"backslash, got {task!r}")
            out.append(f'{indent}raise NotImplementedError("{ex_id}: {task}")\n')
            ids.append(ex_id)
            region = None
            continue
        if _MARKER.search(line):
            raise ValueError(f"{source}:{lineno}: malformed solution marker {line.strip()!r}; "
                             "write '# BEGIN SOLUTION ex-N.M' or '# END SOLUTION' on a line of "
                             "its own")
        if region is None:
            out.append(line)
    if region is not None:
        raise ValueError(f"{source}:{region[2]}: BEGIN SOLUTION {region[0]} is never closed")
    return "".join(out), ids


def _cell_ids(nb, stem):
    """Deterministic cell ids (jupytext would draw random ones)."""
    for i, cell in enumerate(nb.cells):
        digest = hashlib.sha1(f"{stem}:{i}:{cell.source}".encode()).hexdigest()[:8]
        cell["id"] = f"{stem[:4]}-{i:03d}-{digest}"


def generate(solutions="solutions", *, tasks=None):
    """The exercise files for every solution source in ``solutions``.

    Parameters
    ----------
    solutions : str or Path
        Folder of ``exNN_*.py`` solution sources.
    tasks : dict or None
        Exercise id -> task; None uses :data:`snncourse.course.checks.EXERCISES`.

    Returns
    -------
    dict
        File name (``exNN_<stem>.py`` / ``.ipynb``) -> text.

    Raises
    ------
    ValueError
        For a bad region (see :func:`strip_solutions`), an exercise id used
        twice or in the wrong notebook, or an exercise without a check cell.
    FileNotFoundError
        If ``solutions`` is not a folder.
    """
    import jupytext  # lazy: only the generator needs it

    from .checks import EXERCISES

    solutions = Path(solutions)
    if not solutions.is_dir():
        raise FileNotFoundError(f"solutions must be a folder, got {str(solutions)!r}")
    tasks = _default_tasks() if tasks is None else tasks
    files, seen = {}, {}
    for src in sorted(solutions.glob(SOLUTION_GLOB)):
        text = src.read_text(encoding="utf-8")
        ex_text, ids = strip_solutions(text, source=str(src), tasks=tasks)
        checked = set(_CHECK.findall(text))
        for ex_id in ids:
            if ex_id in seen:
                raise ValueError(f"{src}: exercise {ex_id} already has a region in {seen[ex_id]}")
            seen[ex_id] = src.name
            ex = EXERCISES.get(ex_id)
            if ex is not None and ex.notebook != src.stem:
                raise ValueError(f"{src}: exercise {ex_id} belongs to {ex.notebook}.py")
            if ex_id not in checked:
                raise ValueError(f"{src}: exercise {ex_id} has no check cell "
                                 f'(check("{ex_id}", ...))')
        nb = jupytext.reads(ex_text, fmt="py:percent")
        _cell_ids(nb, src.stem)
        files[src.stem + ".ipynb"] = jupytext.writes(nb, fmt="ipynb")
        files[src.stem + ".py"] = jupytext.writes(nb, fmt="py:percent")
    return files


def _same_notebook(text_a, text_b):
    """Same cells (type and source) and kernel, whatever the JSON formatting."""
    try:
        a, b = json.loads(text_a), json.loads(text_b)
    except ValueError:
        return False

    def cells(nb):
        return [(c.get("cell_type"), "".join(c.get("source", "")).strip(), c.get("outputs", []))
                for c in nb.get("cells", [])]

    kernel = lambda nb: nb.get("metadata", {}).get("kernelspec", {}).get("name")  # noqa: E731
    return cells(a) == cells(b) and kernel(a) == kernel(b)


def stale_files(out, files):
    """Files of the folder ``out`` that differ from ``files`` (missing, changed or extra).

    ``.py`` files must match exactly; ``.ipynb`` files must have the same
    cells, no outputs and the same kernel (so that ``jupytext --sync``
    rewriting their JSON does not make them stale).
    """
    out = Path(out)
    stale = []
    for name, text in sorted(files.items()):
        path = out / name
        if not path.exists():
            stale.append(f"{path}: missing")
            continue
        current = path.read_text(encoding="utf-8")
        same = _same_notebook(current, text) if name.endswith(".ipynb") else current == text
        if not same:
            stale.append(f"{path}: differs from its solution")
    stems = {Path(n).stem for n in files}
    for path in sorted(out.glob("ex[0-9][0-9]_*")):
        if path.suffix in (".py", ".ipynb") and path.stem not in stems:
            stale.append(f"{path}: has no solution any more")
    return stale


def write_exercises(solutions="solutions", out="exercises"):
    """Regenerate ``out`` from ``solutions``; return the files written or removed."""
    files = generate(solutions)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stale = stale_files(out, files)
    changed = []
    for stem in sorted({Path(n).stem for n in files}):
        names = (stem + ".ipynb", stem + ".py")  # .py last: it must be the newer of the pair
        if any(line.startswith(f"{out / n}: ") for n in names for line in stale):
            for n in names:
                write_text_atomic(out / n, files[n])  # never half a notebook
                changed.append(str(out / n))
    stems = {Path(n).stem for n in files}
    for path in sorted(out.glob("ex[0-9][0-9]_*")):
        if path.suffix in (".py", ".ipynb") and path.stem not in stems:
            path.unlink()
            changed.append(f"{path} (removed)")
    return changed


def _check_paths(solutions, out):
    """Environment and path checks of ``main``, before anything is read or written."""
    from .._io import check_input_folder, check_output_folder, require

    require("jupytext", "course", purpose="exercise generation")
    try:
        solutions = check_input_folder(solutions, "--solutions")
    except FileNotFoundError as exc:
        raise ValueError(f"{exc.strerror}; run from the course's folder or give "
                         "--solutions DIR") from None
    sources = sorted(solutions.glob(SOLUTION_GLOB))
    if not sources:
        raise ValueError(f"--solutions {str(solutions)!r} holds no solution sources "
                         f"({SOLUTION_GLOB}); give the course's solutions/ folder")
    check_output_folder(out, "--out")
    out = Path(out)
    existing = sorted(out.glob("ex[0-9][0-9]_*")) if out.is_dir() else []
    for path in sources + [p for p in existing if p.suffix in (".py", ".ipynb")]:
        if path.is_dir():
            raise ValueError(f"{path} must be a file, got a folder")
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path} is not a UTF-8 text file ({exc.reason} at byte "
                             f"{exc.start}); is it a jupytext py:percent source?") from None


def main(args) -> int:
    """``python -m snncourse exercises``: regenerate ``exercises/``, or check it (exit 1 if stale).

    ``args`` has ``solutions``, ``out`` (folders) and ``check`` (bool).
    Exit status 2, with one line on stderr and nothing written, when
    jupytext is missing, ``solutions`` is not a folder of ``exNN_*.py``
    sources, ``out`` is a file or cannot be written, or a source is invalid.
    """
    from .._io import MissingDependency

    try:
        _check_paths(args.solutions, args.out)
        if args.check:
            stale = stale_files(args.out, generate(args.solutions))
            if stale:
                print(f"{args.out}/ is stale; run `make exercises`:", file=sys.stderr)
                for line in stale:
                    print(f"  {line}", file=sys.stderr)
                return 1
            print(f"{args.out}/ is up to date with {args.solutions}/", file=sys.stderr)
            return 0
        changed = write_exercises(args.solutions, args.out)
    except (ValueError, MissingDependency) as exc:
        print(f"snncourse exercises: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # missing, unreadable or unwritable files
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"snncourse exercises: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    for line in changed:
        print(f"wrote {line}", file=sys.stderr)
    print(f"{args.out}/: {len(changed)} file(s) changed", file=sys.stderr)
    return 0
