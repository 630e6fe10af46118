"""Grading speed: 30 submissions must be graded in <= 60 s on 2 cores (issue 7).

Builds 30 submissions in a temporary folder (the four released exercises, answered with the
solutions' code: some right, some with a wrong answer, one with an infinite loop), grades
them with ``clvteach grade``'s engine on the available cores and prints the wall time.
The baseline timed in the same run is one kernel doing nothing but start, import the
course's libraries and stop, so the figure can be read on any machine:
``seconds per submission / baseline`` shows the grader's overhead.

Usage: python benchmarks/grading.py [--n 30] [--jobs N]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clvteach.exercises import grade as gr  # noqa: E402
from clvteach.exercises.generate import BEGIN, END  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_N = 30


def _answered(name: str, student: str) -> nbformat.NotebookNode:
    exercise = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    solved = {c.id: c for c in solution.cells}
    for cell in exercise.cells:
        if cell.metadata.get("clvteach", {}).get("role") == "answer":
            cell.source = solved[cell.id].source.replace(BEGIN + "\n", "").replace("\n" + END, "")
    exercise.cells[1].source = exercise.cells[1].source.replace('"..."', repr(student), 1)
    return exercise


def build(folder: Path, n: int) -> list[Path]:
    names = sorted(p.stem for p in (ROOT / "exercises").glob("ex*.ipynb"))
    paths = []
    for i in range(n):
        nb = _answered(names[i % len(names)], "demo")
        answers = [c for c in nb.cells if c.metadata.get("clvteach", {}).get("role") == "answer"]
        if i % 3 == 1:
            answers[0].source = "answer = 0"  # a wrong answer
        if i == n - 1:
            answers[-1].source = "while True:\n    pass"  # one infinite loop per class
        path = folder / f"student{i:02d}_{names[i % len(names)]}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def baseline(folder: Path) -> float:
    """One kernel: start, import the course's libraries, stop."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("import numpy, pandas, matplotlib.pyplot, clvteach")
    cell.metadata["grade"] = {"role": "setup"}
    nb.cells = [cell]
    start = time.perf_counter()
    runs, status = gr._run(nb, folder, 60, 120)
    assert status == "ok" and runs[0].status == "ok", (status, runs)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=TARGET_N)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="clvteach-bench-"))
    try:
        paths = build(folder, args.n)
        base = baseline(folder)
        start = time.perf_counter()
        results = gr.grade(paths, release=ROOT / "exercises", out=folder / "grades.csv",
                           jobs=args.jobs, cell_timeout=5, notebook_timeout=60, progress=True)
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    cores = gr.available_cores()
    jobs = args.jobs or cores + 1  # grade()'s default
    graded = sum(1 for r in results if r.status in {"ok"} or r.questions)
    per = wall / len(paths)
    print(f"baseline: one kernel start + imports        {base:6.2f} s")
    print(f"graded {graded}/{len(paths)} submissions on {cores} cores ({jobs} parallel kernels) "
          f"in {wall:6.2f} s ({per:.2f} s each, {per * cores / base:.2f} x baseline per core)")
    scaled = wall * TARGET_N / len(paths)
    ok = scaled <= TARGET_SECONDS
    print(f"target: {TARGET_N} submissions <= {TARGET_SECONDS:.0f} s on 2 cores -> "
          f"{scaled:.1f} s for {TARGET_N} on {cores} cores: {'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
