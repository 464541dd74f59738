# Two commands for learners and instructors:  make lab   and   make test
# Both create .venv/ on first use and install the course with the exact versions in requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told it may (containers, some hubs).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

READER_PORT ?= 8866

.PHONY: help install lab reader test check lint bench bench-class validate figures glossary strip refresh lock clean

help:
	@echo "make lab       open the course in JupyterLab (installs into .venv/ first)"
	@echo "make reader    the course as a web page to read, code out of sight (Voila; installs first)"
	@echo "make test      lint, data, unit tests, every notebook under nbval, and real-browser tests"
	@echo "make check     the quick part: lint, data, unit tests; no kernel, no browser"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make bench     timings against the course's performance budgets"
	@echo "make bench-class  class mode: 200 simulated learners on PostgreSQL, with a 30 s server outage"
	@echo "make validate  check data/ and the glossary links in the lessons"
	@echo "make figures   regenerate figures/ from the diagram code"
	@echo "make glossary  regenerate notebooks/glossary.ipynb from data/glossary.yaml"
	@echo "make strip     clear notebook outputs except kept nbval references"
	@echo "make refresh   re-run notebooks and keep fresh nbval reference outputs"
	@echo "make lock      re-resolve requirements.lock from pyproject.toml (maintainers)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test,browser,hub]"
	@touch $(STAMP)

install: $(STAMP)

# jupyter-config/ holds the course's own server settings (idle kernels of closed lessons are shut down);
# Binder reads it through the start script, which sets the same JUPYTER_CONFIG_PATH.
lab: install
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
		$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

# The reader reads voila.json here (the same settings Binder's voila/render link uses), and jupyter-config/voila.py
# (the browser keeps the reader's page code between lessons; Binder's server gets the same from jupyter-config/).
# It prepares every lesson in advance (Voila's pre-heated kernels), so a lesson opens ready to answer;
# `make reader PREHEAT=0` does not (about 550 MB less memory; each lesson then runs when opened).
reader: install
	@echo "The course as a reader: open http://localhost:$(READER_PORT)/voila/render/notebooks/00_start_here.ipynb"
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
		$(BIN)/voila --no-browser --port=$(READER_PORT) --Voila.ip=127.0.0.1 \
		$(if $(filter 0,$(PREHEAT)),--VoilaConfiguration.preheat_kernel=False,)

# Lint first: it takes a second and fails fastest.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# No kernel, no browser, no database server, no nbval collection of the notebooks (pyproject.toml registers the markers).
# 1,000 generated answers in the hypothesis property test instead of make test's 10,500.
check: lint
	$(BIN)/python -m breast_cancer_course validate
	COURSE_PROPERTY_EXAMPLES=1000 $(BIN)/python -m pytest -p no:nbval -o addopts="-p no:cacheprovider" -m "not kernel and not browser and not server" -n auto --dist loadfile --no-loadscope-reorder tests

# Two runs that together take every test pyproject.toml collects: first the tests that need no kernel, browser
# or database server, two at a time (they share nothing); then the rest in one process, in the order
# tests/conftest.py sets (nbval's run, then the browsers that read its progress), with the slowest listed.
test: lint
	$(BIN)/python -m breast_cancer_course validate
	$(BIN)/python -m pytest -p no:nbval -o addopts="-p no:cacheprovider" -m "not kernel and not browser and not server" -n 2 --dist loadfile --no-loadscope-reorder
	$(BIN)/python -m pytest -m "kernel or browser or server" --durations=15

bench: install
	$(BIN)/python tests/bench.py

# Needs Debian's PostgreSQL server (tests/pg_support.py); about 10 minutes. BENCH_CLASS_* settings: see the file.
bench-class: install
	$(BIN)/python tests/bench_class.py

validate: install
	$(BIN)/python -m breast_cancer_course validate

figures: install
	$(BIN)/python -m breast_cancer_course figures

glossary: install
	$(BIN)/python -m breast_cancer_course glossary

strip: install
	$(BIN)/python tests/notebook_tools.py strip   # nbstripout, keeping the nbval reference cells

refresh: install
	$(BIN)/python tests/notebook_tools.py refresh

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[test,browser,hub]"
	{ echo "# Exact versions tested with Python 3.11 (one place for pins). Regenerate with \`make lock\`."; \
	  echo "# pyproject.toml holds the compatible ranges; environment.yml is checked against both."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock
	rm -rf .lock-venv
	@echo "requirements.lock updated; update the pins in environment.yml to match (tests check it)."

clean:
	rm -rf $(VENV) .lock-venv build dist src/*.egg-info
