# clvteach — every command creates or reuses the project-local environment in .venv
# (Python 3.11+ needed; set PYTHON=/path/to/python3.x to choose one).
#
#   make lab        open the course in JupyterLab (00_start_here.ipynb)
#   make test       run every test: unit tests, nbval over notebooks/ and solutions/,
#                   exercise checks, real-browser test
#   make check      check YOUR answers in exercises/ (or: make check NB=exercises/ex03_...ipynb)
#   make exercises  regenerate exercises/ from solutions/ (authors)
#   make notebooks  re-execute notebooks/ and solutions/ and store their outputs (authors)
#   make present    open the Voila dashboards (no code shown) for projecting in class
#   make bench      run the speed/memory benchmarks (slow; not part of `make test`)
#   make formulas   regenerate docs/formulas.md (formula index) from the docstrings
#   make mutation   mutation testing of the math and model modules (slow, ~30 min on 2
#                   cores; not part of `make test`); fails below 85 % killed

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.clvteach-installed
EXTRAS := test,present
LAB_ARGS ?=
NB ?= exercises
NBVAL_OPTS := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: env lab test check exercises notebooks present bench clean formulas mutation

env: $(STAMP)

# The stamp makes set-up idempotent: pip runs again only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) tools/check_python.py
	@if [ ! -x $(PY) ]; then echo "Creating virtual environment in $(VENV) ..."; $(PYTHON) -m venv $(VENV); fi
	@$(PY) tools/check_python.py
	$(PY) -m pip install --disable-pip-version-check -q -e ".[$(EXTRAS)]"
	@touch $(STAMP)
	@echo "Environment ready: $(VENV)"

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/00_start_here.ipynb $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP)
	$(PY) -m pytest tests notebooks solutions --nbval $(NBVAL_OPTS) $(PYTEST_ARGS)

check: $(STAMP)
	$(PY) -m pytest $(NB) --nbval-lax $(NBVAL_OPTS) -q

exercises: $(STAMP)
	$(VENV)/bin/clvteach exercises --solutions solutions --out exercises

notebooks: $(STAMP)
	$(PY) tools/execute_notebooks.py notebooks solutions

present: $(STAMP)
	$(VENV)/bin/voila notebooks/dashboards $(LAB_ARGS)

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

formulas: $(STAMP)
	$(PY) tools/formula_index.py

# modules and tests: [tool.mutmut] in pyproject.toml; results stay in mutants/ (gitignored)
mutation: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -q -e ".[mutation]"
	nice $(VENV)/bin/mutmut run --max-children 2 || true
	$(VENV)/bin/mutmut export-cicd-stats
	$(PY) tools/mutation_score.py --target 85

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis test-artifacts mutants
