"""Cost of the grading sandbox per submission, with and without isolation (issue 12).

Runs N ordinary submissions (the model solutions of the exercises, cycled: every cell runs,
as in a complete student notebook) through :func:`clvteach.exercises.sandbox.execute_many`
on the available cores, once with the strongest isolation available here (bubblewrap as
root: kernel as nobody, private file system, no network, own PID namespace) and once as
plain subprocesses (``isolation="none"``), and prints for each: wall time, wall time per
submission, CPU seconds per submission (all of the sandbox's processes) and the cost of
isolation. Targets (2 cores, isolation on): 30 submissions <= 60 s, 300 <= 8 min, i.e.
<= 2.0 s and <= 1.6 s of wall time per submission.

Usage: python benchmarks/sandbox.py [--n 30] [--jobs N] [--modes auto,none]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clvteach.exercises import sandbox as sb  # noqa: E402

TARGETS = {30: 60.0, 300: 480.0}


def submissions(n: int) -> list[tuple[str, nbformat.NotebookNode]]:
    books = [nbformat.read(p, as_version=4) for p in sorted((ROOT / "solutions").glob("ex*.ipynb"))]
    if not books:
        raise SystemExit("no solutions/ex*.ipynb to benchmark with")
    return [(f"s{i:03d}", books[i % len(books)]) for i in range(n)]


def run(mode: str, n: int, jobs: int, *, items=None) -> dict[str, float]:
    """Grade ``items`` (default: :func:`submissions` of ``n``) in the sandbox with ``mode``."""
    items = submissions(n) if items is None else items
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    cpu = 0.0
    for _, result in sb.execute_many(items, jobs=jobs, cell_timeout=60, notebook_timeout=300,
                                     isolation=mode):
        statuses[result.status] = statuses.get(result.status, 0) + 1
        cpu += result.cpu_seconds
    wall = time.perf_counter() - started
    print(f"  {mode:5s} {n} submissions, {jobs} jobs: {wall:6.1f} s wall, "
          f"{wall / n:5.2f} s wall/submission, {cpu / n:5.2f} s CPU/submission  {statuses}")
    return {"wall": wall, "cpu": cpu / n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    parser.add_argument("--jobs", type=int, default=(cores or 1) + 1)
    parser.add_argument("--modes", default="auto,none")
    args = parser.parse_args(argv)
    print(sb.protection_summary("auto"))
    print(f"{cores} cores, load average {os.getloadavg()[0]:.1f}")
    results = {}
    for mode in args.modes.split(","):
        results[mode] = run(mode, args.n, args.jobs)
    if "auto" in results and "none" in results:
        extra = results["auto"]["cpu"] - results["none"]["cpu"]
        ratio = results["auto"]["wall"] / results["none"]["wall"]
        print(f"  cost of isolation: {extra:+.2f} s CPU/submission, wall x{ratio:.2f}")
    if "auto" in results:
        per = results["auto"]["wall"] / args.n
        idle = results["auto"]["cpu"] / (cores or 1)  # if the cores were ours alone
        for n, target in TARGETS.items():
            print(f"  {n} submissions: {per * n:6.0f} s at this load, {idle * n:6.0f} s of "
                  f"CPU over {cores} idle cores (target {target:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
