"""Build the student release (``make release``): a self-contained folder and a zip.

``build/release/clvteach-course/`` holds the course notebooks, the exercises, the
``clvteach`` library (installable: ``pyproject.toml``), a student README and Makefile —
and nothing else: no ``solutions/``, no grading key (``instructor/``), no tests, no
instructor tooling. ``build/release/clvteach-course.zip`` is the same folder zipped (for an
LMS upload). The build fails when the exercises are out of date with the solutions, or
when anything that looks like solution code or a key ends up inside.

Usage: python tools/build_release.py [--out build/release]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "clvteach-course"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")

STUDENT_README = """\
# clvteach — the course (student edition)

A Jupyter course on customer value, the customer lifecycle and customer lifetime value
(CLV), with exercises that check themselves. You need Python 3.11 or newer, `pip` and
`make`.

## Open the course

```bash
make lab
```

The first run creates a virtual environment in `.venv` and installs the course's library;
then JupyterLab opens on `notebooks/00_start_here.ipynb`, the map of the course. Without
`make`: `python3 -m venv .venv && .venv/bin/pip install .` and
`.venv/bin/jupyter lab notebooks/00_start_here.ipynb`.

## Do the exercises and check your answers

Open an exercise in `exercises/`, put your student number in the first cell
(`STUDENT_ID = "2024123456"`: your numbers depend on it), replace each `...` with your
answer and run the check cell under it: it prints ✓ (with the question's points) or a hint.

```bash
make check                                          # every exercise, run from scratch
make check NB=exercises/ex03_clv_fundamentals.ipynb # one exercise
make check NB=exercises/zh                          # 中文版练习（提示和结果为中文）
```

The Chinese edition (中文版) of the course is in `notebooks/zh/` (`make lab LANG=zh`) and its
exercises in `exercises/zh/`: the same questions and numbers, with hints and results in
Chinese.

`make check` re-runs your notebooks from scratch and prints one line per question (✓, or ✗
with the reason); it passes only when every answer is right. Without `make`:
`.venv/bin/python -m clvteach.exercises.selfcheck exercises`. Hand in the exercise notebooks as
your instructor asks (for example, upload the `.ipynb` files to the course site).
"""

STUDENT_MAKEFILE = """\
# clvteach course (student edition)
#   make lab     open the course in JupyterLab
#   make check   check your answers in exercises/ (or: make check NB=exercises/ex03_...ipynb;
#                the Chinese edition: make check NB=exercises/zh)
#   make lab LANG=zh   the Chinese edition (notebooks/zh/00_start_here.ipynb)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.clvteach-installed
NB ?= exercises
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
EDITION := $(if $(filter zh,$(LANG)),notebooks/zh,notebooks)
EDITION_ENV := $(if $(filter zh,$(LANG)),LANG=C.UTF-8 ,)

.PHONY: env lab check

env: $(STAMP)

$(STAMP): pyproject.toml
\t@$(PYTHON) tools/check_python.py
\t@if [ ! -x $(PY) ]; then $(PYTHON) -m venv $(VENV); fi
\t$(PY) -m pip install --disable-pip-version-check -q ".[check]"
\t@touch $(STAMP)

lab: $(STAMP)
\t$(EDITION_ENV)$(VENV)/bin/jupyter lab $(EDITION)/00_start_here.ipynb $(ROOT_FLAG)

check: $(STAMP)
\t@$(PY) -m clvteach.exercises.selfcheck $(NB)
"""


def _pyproject() -> str:
    """The project's pyproject.toml with a ``check`` extra (pytest + nbval) for students."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    marker = "[project.optional-dependencies]"
    if marker in text and "\ncheck = " not in text:
        text = text.replace(marker, marker + '\ncheck = ["pytest>=8", "nbval>=0.11"]', 1)
    return text


def build(out: Path | str = ROOT / "build" / "release") -> Path:
    """Build the release into ``out``; return the folder (the zip is next to it)."""
    sys.path.insert(0, str(ROOT))
    from clvteach.exercises.generate import outdated

    stale = outdated(ROOT / "solutions", ROOT / "exercises")
    if stale:
        raise SystemExit(f"exercises out of date: {', '.join(stale)} (run `make exercises`)")
    out = Path(out)
    folder = out / NAME
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "clvteach", folder / "clvteach", ignore=IGNORE)
    shutil.copytree(ROOT / "notebooks", folder / "notebooks", ignore=IGNORE)
    shutil.copytree(ROOT / "exercises", folder / "exercises", ignore=IGNORE)
    (folder / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "check_python.py", folder / "tools" / "check_python.py")
    (folder / "pyproject.toml").write_text(_pyproject(), encoding="utf-8")
    (folder / "README.md").write_text(STUDENT_README, encoding="utf-8")
    (folder / "Makefile").write_text(STUDENT_MAKEFILE, encoding="utf-8")
    (folder / ".gitignore").write_text(".venv/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n"
                                       "build/\n", encoding="utf-8")
    if (ROOT / "environment.yml").exists():  # Binder / conda
        shutil.copy2(ROOT / "environment.yml", folder / "environment.yml")
    for forbidden in ("solutions", "instructor", "tests"):
        if any(folder.rglob(forbidden)):
            raise SystemExit(f"the release must not contain {forbidden}/")
    archive = out / f"{NAME}.zip"
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, Path(NAME) / path.relative_to(folder))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "release"))
    args = parser.parse_args(argv)
    folder = build(args.out)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"release: {folder} ({files} files) and {folder.parent / (NAME + '.zip')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
