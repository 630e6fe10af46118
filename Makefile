# clvteach — every command creates or reuses the project-local environment in .venv
# (Python 3.11+ needed; set PYTHON=/path/to/python3.x to choose one).
#
#   make lab        open the course in JupyterLab (00_start_here.ipynb);
#                   make lab LANG=zh opens the Chinese edition (notebooks/zh/00_start_here.ipynb)
#   make test       run every test: unit tests, nbval over notebooks/ and solutions/,
#                   exercise checks, real-browser test
#   make check      check YOUR answers in exercises/ (or: make check NB=exercises/ex03_...ipynb)
#   make exercises  regenerate exercises/ from solutions/ (authors)
#   make notebooks  re-execute notebooks/ and solutions/ and store their outputs (authors)
#   make present    open the Voila dashboards (no code shown) for projecting in class
#                   (make present LANG=zh: the Chinese dashboards)
#   make bench      run the speed/memory benchmarks (slow; not part of `make test`)
#   make release    build the student release: build/release/clvteach-course/ and its .zip
#                   (course, exercises, library; no solutions, no grading key)
#   make links      print nbgitpuller links for a class on JupyterHub (HUB=... REPO=...)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.clvteach-installed
EXTRAS := test,present,hub
NPM_STAMP := node_modules/.clvteach-installed
LAB_ARGS ?=
NB ?= exercises
NBVAL_OPTS := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: env lab test check exercises notebooks present bench clean release links

env: $(STAMP)

# The stamp makes set-up idempotent: pip runs again only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) tools/check_python.py
	@if [ ! -x $(PY) ]; then echo "Creating virtual environment in $(VENV) ..."; $(PYTHON) -m venv $(VENV); fi
	@$(PY) tools/check_python.py
	$(PY) -m pip install --disable-pip-version-check -q -e ".[$(EXTRAS)]"
	@$(PY) tools/install_fonts.py
	@touch $(STAMP)
	@echo "Environment ready: $(VENV)"

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# Course edition: LANG=zh picks the Chinese one (LANG is also the locale variable, so the
# programs get a valid locale back when it is "zh").
EDITION := $(if $(filter zh,$(LANG)),notebooks/zh,notebooks)
EDITION_ENV := $(if $(filter zh,$(LANG)),LANG=C.UTF-8 ,)

lab: $(STAMP)
	$(EDITION_ENV)$(VENV)/bin/jupyter lab $(EDITION)/00_start_here.ipynb $(ROOT_FLAG) $(LAB_ARGS)

# Node tools from package.json (configurable-http-proxy for the hub test), same stamp idea.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

test: $(STAMP) $(NPM_STAMP)
	$(PY) -m pytest tests notebooks solutions --nbval $(NBVAL_OPTS) $(PYTEST_ARGS)

check: $(STAMP)
	@$(PY) -m clvteach.exercises.selfcheck $(NB)

exercises: $(STAMP)
	$(VENV)/bin/clvteach exercises --solutions solutions --out exercises

notebooks: $(STAMP)
	$(PY) tools/execute_notebooks.py notebooks solutions

present: $(STAMP)
	$(EDITION_ENV)$(VENV)/bin/voila $(EDITION)/dashboards $(LAB_ARGS)

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

release: $(STAMP)
	$(PY) tools/build_release.py --out build/release

# nbgitpuller links that pull the student release into each student's JupyterHub server:
#   make links HUB=https://hub.example.edu REPO=https://github.com/you/clv-course-student
links: $(STAMP)
	$(PY) tools/nbgitpuller_links.py $(if $(HUB),--hub $(HUB)) $(if $(REPO),--repo $(REPO)) $(if $(BRANCH),--branch $(BRANCH)) $(LINKS_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis test-artifacts
