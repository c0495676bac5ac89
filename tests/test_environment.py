"""The environment files agree: pyproject.toml, the lock, environment.yml, Binder.

* ``requirements/test.txt`` and ``requirements/course.txt`` (the lock, made by
  ``make lock`` with uv) pin a version of every requirement of
  ``pyproject.toml`` that the requirement allows, and agree with each other;
* the venv that ``make test`` installed holds exactly the locked versions
  (``pip freeze`` against the lock);
* ``environment.yml`` asks for the same packages and version ranges;
* ``binder/`` installs the course lock and the course itself;
* the README's pictures in ``docs/img/`` were made from the current sources.
"""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

packaging = pytest.importorskip("packaging")
from packaging.markers import Marker  # noqa: E402
from packaging.requirements import Requirement  # noqa: E402
from packaging.specifiers import SpecifierSet  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK_TEST = ROOT / "requirements" / "test.txt"
LOCK_COURSE = ROOT / "requirements" / "course.txt"
BINDER_REQS = ROOT / "binder" / "requirements.txt"
#: What `make test` installs (the Makefile's TEST_EXTRAS).
TEST_EXTRAS = re.search(r"^TEST_EXTRAS\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(),
                        re.M).group(1).split(",")
#: In a venv but never in the lock: the installers, and the course itself.
NOT_LOCKED = {"pip", "setuptools", "wheel", "uv", "snncourse"}


def read_lock(path):
    """``{name: version}`` of the pins of a uv/pip-tools lock that apply to this Python."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        (spec,) = req.specifier
        assert spec.operator == "==", f"{path.name}: {line!r} is not an exact pin"
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def requirements(extras):
    """The requirements of the package and of ``extras``, self-references expanded."""
    project = PYPROJECT["project"]
    out, todo, seen = [Requirement(r) for r in project["dependencies"]], list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in project["optional-dependencies"][extra]:
            req = Requirement(text)
            if canonicalize_name(req.name) == "snncourse":
                todo.extend(req.extras)
            else:
                out.append(req)
    return out


def merged(reqs):
    """``{name: SpecifierSet}``, the ranges of one name from several extras combined."""
    out = {}
    for req in reqs:
        name = canonicalize_name(req.name)
        out[name] = out.get(name, SpecifierSet()) & req.specifier
    return out


@pytest.mark.parametrize("lock, extras", [(LOCK_TEST, TEST_EXTRAS), (LOCK_COURSE, ["course"])],
                         ids=["test", "course"])
def test_lock_pins_a_version_pyproject_allows(lock, extras):
    pins = read_lock(lock)
    for name, spec in merged(requirements(extras)).items():
        assert name in pins, f"{lock.name} has no pin for {name} (run `make lock`)"
        assert spec.contains(pins[name], prereleases=True), (
            f"{lock.name} pins {name}=={pins[name]}, outside pyproject.toml's {spec} "
            "(run `make lock`)")


def test_course_lock_agrees_with_test_lock_and_binder():
    test, course = read_lock(LOCK_TEST), read_lock(LOCK_COURSE)
    differ = {n: (v, test.get(n)) for n, v in course.items() if test.get(n) != v}
    assert not differ, f"course lock vs test lock (course, test): {differ}"
    assert read_lock(BINDER_REQS) == course, (
        "binder/requirements.txt must pin what requirements/course.txt pins (run `make lock`)")


def test_venv_holds_exactly_the_locked_versions():
    """`pip freeze` of the venv that `make test` set up, against requirements/test.txt."""
    if os.environ.get("SNNCOURSE_UNLOCKED"):
        pytest.skip("make test-latest: newest versions, not the lock")
    if not (Path(sys.prefix) / ".stamp-test").exists():
        pytest.skip(f"{sys.prefix} was not installed from the lock by `make test`")
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    installed = {}
    for line in frozen.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            installed[canonicalize_name(name)] = version.strip()
    pins = read_lock(LOCK_TEST)
    wrong = {n: (installed.get(n), v) for n, v in pins.items() if installed.get(n) != v}
    extra = sorted(set(installed) - set(pins) - NOT_LOCKED)
    assert not wrong, f"installed vs locked (installed, lock): {wrong}"
    assert not extra, f"installed but not in the lock: {extra}"


def _environment_yml():
    """``{name: SpecifierSet}`` of environment.yml's conda and pip requirements."""
    yaml = pytest.importorskip("yaml")
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            reqs.extend(Requirement(r) for r in dep["pip"])
        elif Requirement(dep).name not in ("python", "pip"):
            reqs.append(Requirement(dep))
    return merged(reqs), reqs


def test_environment_yml_matches_pyproject():
    env, reqs = _environment_yml()
    want = merged(requirements(list(PYPROJECT["project"]["optional-dependencies"])))
    assert set(env) == set(want), (
        f"only in environment.yml: {sorted(set(env) - set(want))}; "
        f"only in pyproject.toml: {sorted(set(want) - set(env))}")
    differ = {n: (str(env[n]), str(want[n])) for n in want if env[n] != want[n]}
    assert not differ, f"version ranges (environment.yml, pyproject.toml): {differ}"
    extras = {canonicalize_name(r.name): r.extras for r in reqs if r.extras}
    assert extras == {"dask": {"distributed"}}, extras


def test_binder_installs_the_course_with_jupytext():
    post = (ROOT / "binder" / "postBuild").read_text()
    assert re.search(r"pip install .*--no-deps.* -e \.", post), post
    assert os.access(ROOT / "binder" / "postBuild", os.X_OK), "binder/postBuild must be executable"
    assert '"python": "Jupytext Notebook"' in (ROOT / "binder" / "overrides.json").read_text()
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    version = runtime.removeprefix("python-")
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(version + ".0"), runtime
    # the lock is universal: its pins for Binder's Python are the course's
    binder_pins = [line for line in BINDER_REQS.read_text().splitlines() if "==" in line]
    for line in binder_pins:
        req = Requirement(line)
        assert req.marker is None or isinstance(req.marker, Marker), line
    course = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]
              ["optional-dependencies"]["course"]}
    assert course <= set(read_lock(BINDER_REQS)), "Binder misses a [course] requirement"


def test_readme_pictures_are_not_stale():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import readme_pictures
    finally:
        sys.path.pop(0)
    stale = readme_pictures.stale()
    assert not stale, f"docs/img/ is stale ({', '.join(stale)} changed): run `make pictures`"
    for name in ("figure_2_1.png", "phase_diagram.png"):
        assert (ROOT / "docs" / "img" / name).stat().st_size > 10_000, name
