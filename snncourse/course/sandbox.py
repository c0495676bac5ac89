r"""Run one grading worker in a sandbox (Debian's ``bubblewrap``), or without one.

Each notebook is graded by its own process tree, started with
:func:`command`: a private working directory and ``HOME`` (both inside a
fresh temporary folder), Matplotlib's Agg backend, one BLAS thread, a
memory limit (``RLIMIT_AS``, set by the worker for itself and its kernel)
and, where ``bwrap`` works, a sandbox:

- no network (a new network namespace with only a loopback, which the
  Jupyter kernel needs);
- the whole filesystem read-only, except the temporary folder;
- ``/tmp`` empty (other students' temporary folders are invisible), and the
  submissions, the grades folder, the course's ``solutions/`` and the
  instructor's home hidden behind empty folders;
- new PID, IPC and UTS namespaces, all capabilities dropped, killed with
  the grader (``--die-with-parent``).

Without ``bwrap`` grading still works, with the limits above but without
the sandbox: the grader says so once.

Contents
--------
available
    Whether bubblewrap can run here (and why not).
command
    The command line that runs ``argv`` in the sandbox (or as is).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["available", "command", "environment"]


@functools.lru_cache(maxsize=None)
def available():
    """``(True, "")`` when ``bwrap`` runs a sandboxed command here, else ``(False, reason)``."""
    exe = shutil.which("bwrap")
    if exe is None:
        return False, "bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)"
    try:
        probe = subprocess.run([exe, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                                "--unshare-all", "--die-with-parent", "--cap-drop", "ALL",
                                "true"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bwrap cannot run: {exc}"
    if probe.returncode != 0:
        why = " ".join((probe.stderr or "").split())[:200] or f"exit code {probe.returncode}"
        return False, f"bwrap cannot create a sandbox here ({why})"
    return True, ""


def _needed():
    """Folders the worker must see: the interpreter, its packages, this package."""
    import snncourse
    paths = [sys.prefix, sys.base_prefix, sys.exec_prefix, Path(snncourse.__file__).parent]
    paths += [p for p in sys.path if p]
    return [Path(p).resolve() for p in paths]


def _under_tmp_needed():
    """The interpreter's and the package's folders that lie under /tmp (read-only again).

    ``--tmpfs /tmp`` hides all of /tmp; a clone or a venv there (a CI checkout,
    say) must still be seen by the worker. Only these folders come back, not
    the repository around them (so ``solutions/`` stays hidden).
    """
    import snncourse
    paths = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    paths.add(Path(snncourse.__file__).resolve().parent)
    tmp = Path("/tmp")
    return sorted(p for p in paths if tmp in p.parents and p.is_dir())


def _hidden(hide):
    """Existing folders to hide, minus any that contains what the worker needs."""
    import snncourse
    candidates = [Path(h) for h in hide]
    solutions = Path(snncourse.__file__).resolve().parents[1] / "solutions"
    candidates.append(solutions)
    home = Path(os.path.expanduser("~"))
    candidates.append(home)
    needed = _needed()
    out = []
    for c in candidates:
        try:
            c = c.resolve()
        except OSError:
            continue
        if not c.is_dir() or c == Path("/") or Path("/tmp") in c.parents:
            continue  # (everything under /tmp is hidden already)
        if any(n == c or c in n.parents for n in needed):
            continue  # hiding it would hide the interpreter or the package
        out.append(c)
    return out


def environment(work):
    """Environment of a worker whose temporary folder is ``work``."""
    work = Path(work)
    home = work / "home"
    env = {k: v for k, v in os.environ.items()
           if k in ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TZ")}
    env.update(HOME=str(home), TMPDIR=str(work / "tmp"), MPLBACKEND="Agg",
               MPLCONFIGDIR=str(home / ".mpl"), IPYTHONDIR=str(home / ".ipython"),
               JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
               JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1",
               PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def command(argv, work, *, sandbox, hide=()):
    """The command that runs ``argv`` in folder ``work`` (sandboxed if ``sandbox``).

    Parameters
    ----------
    argv : list of str
        The worker's command line.
    work : Path
        Its temporary folder: the only writable place in the sandbox.
    sandbox : bool
        Wrap ``argv`` in ``bwrap``.
    hide : iterable of path
        Folders to hide (submissions, the grades folder).
    """
    work = Path(work).resolve()
    for sub in ("home", "tmp"):
        (work / sub).mkdir(exist_ok=True)
    if not sandbox:
        return list(argv)
    cmd = [shutil.which("bwrap") or "bwrap", "--ro-bind", "/", "/", "--dev", "/dev",
           "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]
    for folder in _under_tmp_needed():  # an interpreter or package under /tmp stays visible
        cmd += ["--ro-bind", str(folder), str(folder)]
    for folder in _hidden(hide):
        cmd += ["--tmpfs", str(folder)]
    cmd += ["--bind", str(work), str(work), "--unshare-all", "--die-with-parent",
            "--new-session", "--cap-drop", "ALL", "--chdir", str(work / "nb")]
    return cmd + list(argv)
