# snncourse: the two commands of the README, and a few for maintainers.
#   make lab    set up .venv (first time only) and open the course in JupyterLab
#   make test   set up .venv with the test extras and run every test
# Both install the exact versions of requirements/*.txt (the lock, made by uv
# from pyproject.toml: `make lock`). Set-up is idempotent: it reruns only when
# a lock file changes.

PYTHON ?= python3
comma  := ,
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
# uv resolves the lock (`make lock`) and installs from it; it is itself pinned.
UV_VERSION := 0.13.8
UV     := $(BIN)/uv
UV_PIP := $(UV) pip install --python $(BIN)/python --quiet
LOCK_COURSE := requirements/course.txt
LOCK_TEST   := requirements/test.txt
# What `make test` installs; requirements/course.txt is what `make lab` needs.
TEST_EXTRAS := test,crosscheck,nest,cluster,browser,book
# One lock for every Python the project supports (markers pick per version).
LOCK_FLAGS  := --universal --python-version 3.10 --quiet
KERNEL := snncourse
# Jupyter refuses to run as root unless told (containers, CI machines).
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
export MPLBACKEND ?= Agg

COURSE_STAMP := $(VENV)/.stamp-course
TEST_STAMP   := $(VENV)/.stamp-test

.PHONY: lab test test-fast test-latest lock book pictures report exercises grade benchmark sync record-outputs clean help

help:
	@echo "make lab        open the course (JupyterLab on notebooks/)"
	@echo "make test       run every test: unit tests, doctests, cross-checks, notebooks"
	@echo "make test-fast  unit tests and doctests only"
	@echo "make test-latest  every test against the newest releases (.venv-latest, not the lock)"
	@echo "make lock       re-resolve requirements/*.txt and binder/requirements.txt from pyproject.toml"
	@echo "make book       build the course website into book/_build/html (notebooks executed, cached)"
	@echo "make pictures   regenerate the README's pictures in docs/img/"
	@echo "make report     regenerate the seed report's figures and table into report/"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make grade DIR=submissions   grade students' exercise folders"
	@echo "make benchmark  time the engine against Brian2 (three regimes at N = 12,500, then scaling to 100,000)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(PIP) install --quiet uv==$(UV_VERSION)

# The locked versions, then the course itself (editable, no dependencies of its own).
$(COURSE_STAMP): $(LOCK_COURSE) | $(UV)
	$(UV_PIP) -r $(LOCK_COURSE)
	$(UV_PIP) --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (snncourse)" >/dev/null
	@touch $@

$(TEST_STAMP): $(LOCK_TEST) $(COURSE_STAMP)
	$(UV_PIP) -r $(LOCK_TEST)
	@touch $@

lab: $(COURSE_STAMP)
	env -u MPLBACKEND $(BIN)/jupyter lab $(LAB_ROOT) --notebook-dir=. notebooks/01_lif_neuron.ipynb

# Two passes: first everything but the `timing` tests, one worker per core
# (pytest-xdist; --dist loadscope keeps each notebook, and each test module,
# on one worker, so a notebook's cells run in order in one kernel); then the
# `timing` tests (browser redraws within 2 s, grading cells cut at 8 s) alone.
# Both passes always run; the target fails if either does (exit 5 = nothing
# selected counts as passing). `make test WORKERS=0` runs the first pass in
# this process.
WORKERS ?= auto
PYTEST  := $(BIN)/python -m pytest
test: $(TEST_STAMP)
	@$(PYTEST) -n $(WORKERS) --dist loadscope -m "not timing"; first=$$?; \
	$(PYTEST) -m timing -p no:xdist; second=$$?; \
	for rc in $$first $$second; do [ $$rc = 0 ] || [ $$rc = 5 ] || exit $$rc; done

# The newest releases allowed by pyproject.toml, in a venv of their own; the
# test comparing the venv with the lock is skipped there (SNNCOURSE_UNLOCKED).
test-latest:
	test -x .venv-latest/bin/python || $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.venv-latest/bin/uv pip install --python .venv-latest/bin/python --quiet --upgrade -e '.[$(TEST_EXTRAS)]'
	SNNCOURSE_UNLOCKED=1 .venv-latest/bin/python -m pytest

# Re-resolve the lock after a change of pyproject.toml: pins that still fit are
# kept; `make lock UPGRADE=--upgrade` moves everything to the newest that fits.
# The course lock is constrained by the test lock so both agree; Binder gets
# the course lock. Review the diff (and environment.yml) before committing.
UPGRADE ?=
lock: | $(UV)
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) $(UPGRADE) $(foreach e,$(subst $(comma), ,$(TEST_EXTRAS)),--extra $(e)) -o $(LOCK_TEST)
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) $(UPGRADE) --extra course -c $(LOCK_TEST) -o $(LOCK_COURSE)
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) --extra course -c $(LOCK_TEST) --no-annotate -o binder/requirements.txt

# The website: Sphinx + MyST-NB; notebooks executed once and cached in book/_build/.jupyter_cache.
book: $(TEST_STAMP)
	$(BIN)/python -m sphinx -b html -q -d book/_build/doctrees book book/_build/html
	@echo "open book/_build/html/index.html"

pictures: $(COURSE_STAMP)
	$(BIN)/python tools/readme_pictures.py

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not slow and not notebooks" --ignore-glob='*.ipynb'

report: $(COURSE_STAMP)
	$(BIN)/python -m snncourse report --out report

exercises: $(COURSE_STAMP)
	$(BIN)/python -m snncourse exercises

grade: $(TEST_STAMP)
	@test -n "$(DIR)" || (echo "usage: make grade DIR=path/to/submissions" && exit 2)
	$(BIN)/python -m snncourse grade "$(DIR)"

# the three regimes, then the scaling from N = 1,375 to 100,000, each against Brian2
benchmark: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_brunel.py
	$(BIN)/python benchmarks/bench_scaling.py

sync: $(COURSE_STAMP)
	$(BIN)/jupytext --sync notebooks/*.py solutions/*.py exercises/*.py

# Re-record the expected output of every "# NBVAL_CHECK_OUTPUT" cell (after a
# deliberate change of what a notebook prints); review the diff before committing.
record-outputs: $(COURSE_STAMP)
	$(BIN)/python -m snncourse record-outputs notebooks/*.py solutions/*.py
	$(BIN)/python -m snncourse exercises

clean:
	rm -rf $(VENV) .venv-latest build *.egg-info report book/_build
