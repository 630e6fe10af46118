# clvteach — every command creates or reuses the project-local environment in .venv
# (Python 3.11+ needed; set PYTHON=/path/to/python3.x to choose one).
#
#   make lab        open the course in JupyterLab (00_start_here.ipynb);
#                   make lab LANG=zh opens the Chinese edition (notebooks/zh/00_start_here.ipynb)
#   make test       run every test: unit tests, nbval over notebooks/ and solutions/,
#                   exercise checks, real-browser test
#   make check      check YOUR answers in exercises/ (or: make check NB=exercises/ex03_...ipynb);
#                   make check NB=exercises/zh checks the Chinese edition (messages in Chinese)
#   make exercises  regenerate exercises/ from solutions/ and exercises/zh/ from solutions/zh/
#                   (authors; tools/sync_editions.py copies changed code cells en -> zh first)
#   make notebooks  re-execute notebooks/ and solutions/ and store their outputs (authors)
#   make present    open the Voila dashboards (no code shown) for projecting in class
#                   (make present LANG=zh: the Chinese dashboards)
#   make site       build the course website (Jupyter Book, stored outputs, offline) into
#                   build/site/_build/html; see README "Course website"
#   make bench      run the speed/memory benchmarks (slow; not part of `make test`)
#   make release    build the student release: build/release/clvteach-course/ and its .zip
#                   (course, exercises, library; no solutions, no grading key)
#   make links      print nbgitpuller links for a class on JupyterHub (HUB=... REPO=...)
#   make formulas   regenerate docs/formulas.md (formula index) from the docstrings
#   make mutation   mutation testing of the math and model modules (slow, ~1 h on 2
#                   cores; not part of `make test`); fails below 85 % killed

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.clvteach-installed
EXTRAS := test,present,hub,site
# npm packages (package.json): vendored into the site (MathJax, require.js, widget manager)
# and the accessibility audit (axe-core); `npm ci` again only when the lock file changes.
NPM_STAMP := node_modules/.clvteach-npm
LAB_ARGS ?=
NB ?= exercises
NBVAL_OPTS := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Test files run in TEST_JOBS parallel workers (pytest-xdist), each file on one worker (its
# fixtures and notebook kernel stay together); most tests wait on kernels, browsers and
# sandboxes, so two workers halve `make test` even on two cores. TEST_JOBS=0: one process.
TEST_JOBS ?= 2
XDIST_OPTS := $(if $(filter 0,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadfile)

.PHONY: env lab test check exercises notebooks present bench clean release links site formulas mutation

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

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js (Debian: apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $(NPM_STAMP)

site: $(STAMP) $(NPM_STAMP)
	$(PY) tools/build_site.py

test: $(STAMP) $(NPM_STAMP)
	$(PY) -m pytest tests notebooks solutions --nbval $(NBVAL_OPTS) $(XDIST_OPTS) $(PYTEST_ARGS)

check: $(STAMP)
	@$(PY) -m clvteach.exercises.selfcheck $(NB)

exercises: $(STAMP)
	$(VENV)/bin/clvteach exercises --solutions solutions --out exercises

notebooks: $(STAMP)
	$(PY) tools/execute_notebooks.py notebooks solutions

# A dashboard whose page was closed keeps its kernel (≈150 MB) until culled: kernels idle
# for PRESENT_IDLE s with no page connected are shut down (an open page is never culled,
# however long the lecture). The list page is Voila's plain one (no JupyterLab app, which
# logs plugin errors there), with our template (share/jupyter/voila/templates/clvteach).
PRESENT_IDLE ?= 600
PRESENT_CULL_INTERVAL ?= 60
PRESENT_DIR ?= $(EDITION)/dashboards
PRESENT_ARGS = --classic-tree --template=clvteach \
	--MappingKernelManager.cull_idle_timeout=$(PRESENT_IDLE) \
	--MappingKernelManager.cull_interval=$(PRESENT_CULL_INTERVAL) \
	--MappingKernelManager.cull_connected=False

present: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH} \
	  $(EDITION_ENV)$(VENV)/bin/voila $(PRESENT_DIR) $(PRESENT_ARGS) $(LAB_ARGS)

bench: $(STAMP) $(NPM_STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

release: $(STAMP)
	$(PY) tools/build_release.py --out build/release

# nbgitpuller links that pull the student release into each student's JupyterHub server:
#   make links HUB=https://hub.example.edu REPO=https://github.com/you/clv-course-student
links: $(STAMP)
	$(PY) tools/nbgitpuller_links.py $(if $(HUB),--hub $(HUB)) $(if $(REPO),--repo $(REPO)) $(if $(BRANCH),--branch $(BRANCH)) $(LINKS_ARGS)

formulas: $(STAMP)
	$(PY) tools/formula_index.py

# modules and tests: [tool.mutmut] in pyproject.toml; results stay in mutants/ (gitignored;
# a second run re-tests only changed functions). mutmut's exit status is not the verdict:
# tools/mutation_score.py prints the killed ratio per module and in total, and fails below
# the target or when the run left mutants unchecked. Survivors: `make mutation
# MUTATION_ARGS=--survivors`, then `.venv/bin/mutmut show NAME`.
mutation: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -q -e ".[mutation]"
	nice -n 19 $(VENV)/bin/mutmut run --max-children 2 || true
	$(PY) tools/mutation_score.py --target 85 $(MUTATION_ARGS)

clean:
	rm -rf $(VENV) node_modules build *.egg-info .pytest_cache .hypothesis test-artifacts mutants
