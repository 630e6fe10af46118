"""Grading speed: 30 submissions must be graded in <= 60 s on 2 cores (issues 7 and 12).

Builds N submissions in a temporary folder (the released exercises, answered with the
solutions' code: some right, some with a wrong answer, one with an infinite loop), grades
them with ``clvteach grade``'s engine (rebuild with collectors, sandbox, judging against the
key, hidden parameter sets, reports) on the available cores and prints the wall time and
the cost per submission (wall, and the sandbox's CPU seconds), with the isolation the
machine offers (``--isolation auto``) and, with ``--compare``, without it (``none``).
The baseline timed in the same run is one sandboxed kernel doing nothing but start and
import the course's libraries, so the figure can be read on any machine.

Usage: python benchmarks/grading.py [--n 30] [--jobs N] [--isolation auto] [--compare]
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


def _judgement(name: str, question: str, student: str) -> object:
    """The key's answer to a judgement question (the model solutions read it from the
    instructor's key, which the sandbox hides from a submission)."""
    import clvteach as ct
    from clvteach.exercises.key import load_key

    exercise = name.split("_")[0]
    params = ct.exercises.start(exercise, student_id=student).params
    return load_key(exercise, ROOT / "instructor" / "key").expected(question, params)


def _answered(name: str, student: str) -> nbformat.NotebookNode:
    exercise = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    solved = {c.id: c for c in solution.cells}
    for cell in exercise.cells:
        meta = cell.metadata.get("clvteach", {})
        if meta.get("role") == "answer":
            cell.source = solved[cell.id].source.replace(BEGIN + "\n", "").replace("\n" + END, "")
            if "load_key(" in cell.source:  # a judgement answer: typed in, as a student does
                cell.source = f"answer = {_judgement(name, meta['question'], student)!r}"
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


def baseline(isolation: str) -> float:
    """One sandboxed kernel: start, import the course's libraries, stop."""
    from clvteach.exercises import sandbox

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy, pandas, matplotlib.pyplot, clvteach")]
    start = time.perf_counter()
    result = sandbox.execute_isolated(nb, cell_timeout=60, notebook_timeout=120,
                                      isolation=isolation)
    assert result.status == "ok", (result.status, result.message)
    return time.perf_counter() - start


def once(paths: list[Path], folder: Path, jobs: int, isolation: str) -> tuple[float, list]:
    start = time.perf_counter()
    results = gr.grade(paths, release=ROOT / "exercises", key=ROOT / "instructor" / "key",
                       out=folder / f"grades_{isolation}.csv", jobs=jobs, cell_timeout=5,
                       notebook_timeout=60, isolation=isolation, progress=True)
    return time.perf_counter() - start, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=TARGET_N)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--isolation", default="auto")
    parser.add_argument("--compare", action="store_true",
                        help="also grade without isolation and print the difference")
    args = parser.parse_args(argv)
    cores = gr.available_cores()
    jobs = args.jobs or cores + 1  # grade()'s default
    folder = Path(tempfile.mkdtemp(prefix="clvteach-bench-"))
    try:
        paths = build(folder, args.n)
        base = baseline(args.isolation)
        wall, results = once(paths, folder, jobs, args.isolation)
        other = once(paths, folder, jobs, "none") if args.compare else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    graded = sum(1 for r in results if r.questions and not r.infra_error)
    per = wall / len(paths)
    print(f"baseline: one sandboxed kernel start + imports ({args.isolation}) {base:6.2f} s")
    print(f"graded {graded}/{len(paths)} submissions on {cores} cores ({jobs} sandboxes at once, "
          f"isolation {args.isolation}) in {wall:6.2f} s: {per:.2f} s wall per submission "
          f"({per * cores / base:.2f} x baseline per core)")
    slowest = sorted(results, key=lambda r: r.run_seconds, reverse=True)[:3]
    median = sorted(results, key=lambda r: r.run_seconds)[len(results) // 2]
    cpu = sum(r.cpu_seconds for r in results) / len(results)
    print(f"per submission in its sandbox: median {median.run_seconds:.2f} s wall, mean "
          f"{cpu:.2f} s CPU; slowest "
          + ", ".join(f"{Path(r.path).name} {r.run_seconds:.2f} s" for r in slowest))
    for r in results:
        print(f"  {Path(r.path).name:42s} {r.score:g}/{r.max_score:g} {r.run_seconds:6.2f} s "
              f"wall {r.cpu_seconds:6.2f} s CPU  {r.status}")
    if other is not None:
        plain, _ = other
        print(f"without isolation: {plain:6.2f} s ({plain / len(paths):.2f} s per submission); "
              f"isolation costs {(wall - plain) / len(paths):+.2f} s per submission")
    scaled = wall * TARGET_N / len(paths)
    if len(paths) < TARGET_N:
        # One infinite loop per class: in a smaller class it weighs more than in 30.
        print(f"target: {TARGET_N} submissions <= {TARGET_SECONDS:.0f} s on 2 cores -> "
              f"~{scaled:.1f} s scaled from {len(paths)} (an upper bound: the infinite loop "
              f"is 1 of {len(paths)}); judged only with --n {TARGET_N} or more")
        return 0
    ok = scaled <= TARGET_SECONDS
    print(f"target: {TARGET_N} submissions <= {TARGET_SECONDS:.0f} s on 2 cores -> "
          f"{scaled:.1f} s for {TARGET_N} on {cores} cores: {'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
