r"""Safe file output and environment checks, shared by the commands.

An interrupted run (Ctrl-C, ``kill``, a full disk) must leave the previous
file, or none, never half of one; a missing optional dependency must be
named, with the command that installs it, before any work is done.

Contents
--------
atomic_write
    Context manager: a file object on a temporary file next to ``path``,
    moved onto ``path`` (``os.replace``) only when the block completes.
write_text_atomic, write_bytes_atomic
    Write a whole file atomically.
atomic_folder
    Context manager: a temporary sibling folder that replaces ``path`` as a
    whole when the block completes (the folder is complete or not updated).
check_output_file, check_output_folder
    Fail early, before any work, when an output path cannot be written.
check_input_file, check_input_folder
    Fail early when an input path is missing or of the wrong kind.
MissingDependency
    The error ``require`` raises: one line naming the module and the
    ``pip install`` command; the command line turns it into exit status 2.
require
    Import an optional module or raise :class:`MissingDependency`.
missing_dependency, EXTRAS
    The same message for an import that failed anywhere else.

Temporary names start with a dot and end in ``.tmp`` (``.run.npz.k3j2.tmp``,
``.report.tmp-k3j2``); only a ``SIGKILL`` or a power cut can leave one
behind, and it can be deleted.

Examples
--------
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     path = os.path.join(d, "table.md")
...     write_text_atomic(path, "| a |\n")
...     sorted(os.listdir(d)), open(path).read()
(['table.md'], '| a |\n')
>>> require("json", "course").__name__
'json'
>>> require("no_such_module_xyz", "course")
Traceback (most recent call last):
...
snncourse._io.MissingDependency: no_such_module_xyz is not installed; install it with: pip install 'snncourse[course]'
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import importlib
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "write_text_atomic", "write_bytes_atomic", "atomic_folder",
           "check_output_file", "check_output_folder", "check_input_file",
           "check_input_folder", "MissingDependency", "EXTRAS", "missing_dependency",
           "require"]


class MissingDependency(ImportError):
    """An optional module is missing; the message is one line with the fix."""


#: The ``snncourse`` extra that installs each optional module (top-level names).
EXTRAS = {
    "jupytext": "course", "jupyterlab": "course", "ipykernel": "course",
    "ipywidgets": "course", "nbclient": "course", "nbformat": "course",
    "jupyter_client": "course", "pytest": "test", "nbval": "test",
    "brian2": "crosscheck", "elephant": "crosscheck", "neo": "crosscheck",
    "quantities": "crosscheck",
}


def missing_dependency(exc: ModuleNotFoundError, *, purpose: str | None = None):
    """The :class:`MissingDependency` for an import that failed, or None for our own modules.

    Used by the command line for imports that no :func:`require` covered:
    the extra comes from :data:`EXTRAS`, else the message says
    ``pip install NAME``.
    """
    name = (exc.name or "").partition(".")[0]
    if not name or name == "snncourse":
        return None
    need = f" (needed for {purpose})" if purpose else ""
    how = f"pip install 'snncourse[{EXTRAS[name]}]'" if name in EXTRAS else f"pip install {name}"
    return MissingDependency(f"{name} is not installed{need}; install it with: {how}")


def require(module: str, extra: str | None = None, *, purpose: str | None = None):
    """Import ``module`` or raise :class:`MissingDependency` naming the install command.

    Parameters
    ----------
    module : str
        Dotted module name, e.g. ``"jupytext"``.
    extra : str or None
        The ``snncourse`` extra that provides it (``"course"``, ``"test"``,
        ``"crosscheck"``); None for a module installed with snncourse itself
        (the message then says to reinstall it).
    purpose : str, optional
        What needs it, e.g. ``"exercise generation"``; added to the message.

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingDependency
        If importing ``module`` fails (not installed, or broken: the
        original error is chained).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        need = f" (needed for {purpose})" if purpose else ""
        top = module.split(".")[0]
        how = f"pip install 'snncourse[{extra}]'" if extra else f"pip install {top}"
        absent = isinstance(exc, ModuleNotFoundError) and exc.name in (module,
                                                                       module.split(".")[0])
        state = "is not installed" if absent else f"cannot be imported ({exc})"
        raise MissingDependency(f"{module} {state}{need}; install it with: {how}") from exc


# ---------------------------------------------------------------------------
# atomic files
# ---------------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not on every platform
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path, mode: str = "wb", **open_kwargs):
    """Open a temporary file next to ``path``; move it onto ``path`` on success.

    The temporary file is in the same folder (so ``os.replace`` is atomic),
    flushed to disk before the move; if the block raises (including
    ``KeyboardInterrupt``), it is deleted and ``path`` is untouched.

    Parameters
    ----------
    path : str or path-like
        The final file name, used exactly as given (no suffix is added).
    mode : str
        ``"wb"`` (default) or ``"w"``; further keyword arguments (``encoding``,
        ``newline``) go to :func:`open`.

    Yields
    ------
    file object
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r}")
    path = Path(os.path.realpath(path))  # through a symlink, not replacing it
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:200]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **open_kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # the permissions a new file would get
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_text_atomic(path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def write_bytes_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------
# atomic folders
# ---------------------------------------------------------------------------
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    at_fdcwd = -100
    res = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # pragma: no cover - file system without RENAME_EXCHANGE
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def atomic_folder(path, *, keep=None):
    """Fill a temporary sibling folder; it replaces ``path`` only on success.

    Parameters
    ----------
    path : str or path-like
        The folder to create or replace. Its parent folders are created
        when the block completes (not before).
    keep : callable, optional
        Called with the name of each entry of an existing ``path``; entries
        for which it returns False make the call fail (with ``ValueError``,
        before the block runs) so that a folder holding other files is
        never replaced. Default: any entry may be replaced.

    Yields
    ------
    Path
        The temporary folder to write into.

    Notes
    -----
    On Linux the old and the new folder are swapped in one step
    (``renameat2(RENAME_EXCHANGE)``); elsewhere the old folder is first
    renamed aside, so a crash between the two renames leaves it as
    ``.NAME.old-XXXX`` next to ``path``.
    """
    path = Path(os.path.realpath(path))  # through a symlink, not replacing it
    check_output_folder(path, replaced=True, allowed=keep)
    parent = _existing_ancestor(path.parent)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name[:200]}.tmp-"))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if Path(os.path.abspath(path.parent)) != parent:  # create the parents only now
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, path.parent / tmp.name)
            tmp = path.parent / tmp.name
        if path.is_dir() and _exchange(tmp, path):
            shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old folder
        elif path.is_dir():  # pragma: no cover - no RENAME_EXCHANGE
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name[:200]}.old-"))
            os.rmdir(old)
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    """The process's umask, read without changing it where possible (thread-safe)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        pass
    umask = os.umask(0o022)  # pragma: no cover
    os.umask(umask)  # pragma: no cover
    return umask  # pragma: no cover


def _existing_ancestor(folder: Path) -> Path:
    """The nearest existing ancestor of ``folder`` (itself if it exists)."""
    folder = Path(os.path.abspath(folder))
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


# ---------------------------------------------------------------------------
# early path checks
# ---------------------------------------------------------------------------
def _probe_writable(folder: Path, what: str, shown) -> None:
    """Create and delete a temporary file in ``folder`` (a real test, also as root)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".snncourse-probe-", suffix=".tmp")
    except OSError as exc:
        raise ValueError(f"{what} {str(shown)!r} cannot be written: {exc.strerror} "
                         f"({folder})") from None
    os.close(fd)
    os.unlink(tmp)


def _check_parent(path: Path, what: str, *, create: bool) -> None:
    parent = Path(os.path.abspath(path)).parent
    anc = _existing_ancestor(parent)
    if not anc.is_dir():
        raise ValueError(f"{what} {str(path)!r} cannot be written: {str(anc)!r} is a file, "
                         "not a folder")
    if anc != parent and not create:
        raise ValueError(f"{what} {str(path)!r} cannot be written: the folder "
                         f"{str(parent)!r} does not exist; create it first")
    _probe_writable(anc, what, path)


def check_output_file(path, what: str = "output file") -> Path:
    """Check, before any work, that the file ``path`` can be written.

    Its folder must exist and be writable (tested by creating and deleting
    a temporary file there), and ``path`` must not be a folder.

    Raises
    ------
    ValueError
        Naming ``what``, the path and the problem.
    """
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{what} must be a file, got the folder {str(path)!r}")
    _check_parent(path, what, create=False)
    return path


def check_output_folder(path, what: str = "output folder", *, replaced: bool = False,
                        allowed=None) -> Path:
    """Check, before any work, that files can be written in the folder ``path``.

    ``path`` must not be a file, nor lie under one; it, or its nearest
    existing ancestor, must be writable (tested by creating and deleting a
    temporary file there).

    Parameters
    ----------
    replaced : bool
        The folder will be replaced as a whole (:func:`atomic_folder`): it
        must not be the current folder and, with ``allowed`` (a callable on
        entry names), may hold only entries it accepts.

    Raises
    ------
    ValueError
        Naming ``what``, the path and the problem.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{what} must be a folder, got the file {str(path)!r}")
    here = Path.cwd().resolve()
    if replaced and (path.resolve() == here or path.resolve() in here.parents):
        raise ValueError(f"{what} must not be the current folder or hold it, got {str(path)!r}; "
                         "give a subfolder, e.g. report")
    if path.is_dir() and not replaced:
        _probe_writable(path, what, path)
    else:
        _check_parent(path, what, create=True)
    if replaced and path.is_dir() and allowed is not None:
        others = sorted(e.name for e in path.iterdir() if not allowed(e.name))
        if others:
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise ValueError(f"{what} {str(path)!r} holds files that are not its own "
                             f"({shown}); it would be replaced as a whole: give a new or "
                             "empty folder")
    return path


def check_input_file(path, what: str = "input file") -> Path:
    """Check that ``path`` is an existing file.

    Raises
    ------
    FileNotFoundError
        If it does not exist.
    ValueError
        If it is a folder.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, f"{what} {str(path)!r} does not exist")
    if path.is_dir():
        raise ValueError(f"{what} must be a file, got the folder {str(path)!r}")
    return path


def check_input_folder(path, what: str = "input folder") -> Path:
    """Check that ``path`` is an existing folder.

    Raises
    ------
    FileNotFoundError
        If it does not exist.
    ValueError
        If it is a file.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, f"{what} {str(path)!r} does not exist")
    if not path.is_dir():
        raise ValueError(f"{what} must be a folder, got the file {str(path)!r}")
    return path
