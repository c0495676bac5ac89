# snncourse: the two commands of the README, and a few for maintainers.
#   make lab    set up .venv (first time only) and open the course in JupyterLab
#   make test   set up .venv with the test extras and run every test
# Set-up is idempotent: it reruns only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
KERNEL := snncourse
# Jupyter refuses to run as root unless told (containers, CI machines).
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
export MPLBACKEND ?= Agg

COURSE_STAMP := $(VENV)/.stamp-course
TEST_STAMP   := $(VENV)/.stamp-test

.PHONY: lab test test-fast report exercises grade benchmark sync record-outputs clean help

help:
	@echo "make lab        open the course (JupyterLab on notebooks/)"
	@echo "make test       run every test: unit tests, doctests, cross-checks, notebooks"
	@echo "make test-fast  unit tests and doctests only"
	@echo "make report     regenerate the seed report's figures and table into report/"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make grade DIR=submissions   grade students' exercise folders"
	@echo "make benchmark  time the engine against Brian2 (Brunel AI, N = 12,500)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(COURSE_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[course]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (snncourse)" >/dev/null
	@touch $@

$(TEST_STAMP): pyproject.toml $(COURSE_STAMP)
	$(PIP) install --quiet -e '.[test,crosscheck]'
	@touch $@

lab: $(COURSE_STAMP)
	env -u MPLBACKEND $(BIN)/jupyter lab $(LAB_ROOT) --notebook-dir=. notebooks/01_lif_neuron.ipynb

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not slow and not notebooks" --ignore-glob='*.ipynb'

report: $(COURSE_STAMP)
	$(BIN)/python -m snncourse report --out report

exercises: $(COURSE_STAMP)
	$(BIN)/python -m snncourse exercises

grade: $(TEST_STAMP)
	@test -n "$(DIR)" || (echo "usage: make grade DIR=path/to/submissions" && exit 2)
	$(BIN)/python -m snncourse grade "$(DIR)"

benchmark: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_brunel.py

sync: $(COURSE_STAMP)
	$(BIN)/jupytext --sync notebooks/*.py solutions/*.py exercises/*.py

# Re-record the expected output of every "# NBVAL_CHECK_OUTPUT" cell (after a
# deliberate change of what a notebook prints); review the diff before committing.
record-outputs: $(COURSE_STAMP)
	$(BIN)/python -m snncourse record-outputs notebooks/*.py solutions/*.py
	$(BIN)/python -m snncourse exercises

clean:
	rm -rf $(VENV) build *.egg-info report
