"""The ``clvteach`` command line (``clvteach --help``).

* ``clvteach exercises --solutions solutions --out exercises`` generates the student
  exercises from the solution notebooks (``--check``: only report whether they are stale).
* ``clvteach grade SUBMISSIONS... --out grades.csv`` grades a class.
"""
from __future__ import annotations

import argparse
import sys

from . import __version__

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clvteach", description="Tools for the clvteach course (exercises, grading)."
    )
    parser.add_argument("--version", action="version", version=f"clvteach {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = commands.add_parser(
        "exercises", help="generate exercises/ from solutions/ (solution code -> placeholders)"
    )
    ex.add_argument("--solutions", default="solutions", help="folder of solution notebooks")
    ex.add_argument("--out", default="exercises", help="folder to write the exercises to")
    ex.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if the exercises are out of date")

    gr = commands.add_parser("grade", help="grade submitted exercise notebooks into a CSV")
    gr.add_argument("submissions", nargs="+", metavar="SUBMISSION", help="notebooks to grade")
    gr.add_argument("--out", required=True, help="CSV file to write (atomically)")
    gr.add_argument("--release", default="exercises",
                    help="folder of the released exercises (check cells are restored from it)")
    gr.add_argument("--jobs", type=int, default=None,
                    help="parallel kernels (default: available cores + 1)")
    gr.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell")
    gr.add_argument("--notebook-timeout", type=float, default=120.0,
                    help="seconds per submission")
    gr.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def _exercises(args: argparse.Namespace) -> int:
    from .exercises.generate import generate_all, outdated

    if args.check:
        stale = outdated(args.solutions, args.out)
        for name in stale:
            print(f"out of date: {args.out}/{name} (run `make exercises`)")
        return 1 if stale else 0
    for path in generate_all(args.solutions, args.out):
        print(f"wrote {path}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .exercises.grade import grade, summary

    for name in ("cell_timeout", "notebook_timeout"):
        if getattr(args, name) <= 0:
            print(f"--{name.replace('_', '-')} must be > 0, got {getattr(args, name)}",
                  file=sys.stderr)
            return 2
    results = grade(
        args.submissions,
        release=args.release,
        out=args.out,
        jobs=args.jobs,
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.notebook_timeout,
        progress=not args.no_progress,
    )
    print(summary(results))
    print(f"wrote {args.out} ({len(results)} submissions)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "exercises":
        return _exercises(args)
    if args.command == "grade":
        return _grade(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
