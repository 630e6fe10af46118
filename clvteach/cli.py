"""The ``clvteach`` command line (``clvteach --help``).

* ``clvteach exercises --solutions solutions --out exercises`` generates the student
  exercises from the solution notebooks (``--check``: only report whether they are stale).
* ``clvteach grade SUBMISSIONS... --out grades.csv`` grades a class against the grading
  key (``--key``, default ``instructor/key``). Exit code 0 when every submission was
  graded, 3 when one could not be graded for reasons that are not the student's (no key,
  sandbox failure, grader error), 130 after Ctrl-C (the rows finished so far are written).
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
                    help="folder of the released exercises (setup and checks are taken from it)")
    gr.add_argument("--key", default=None,
                    help="folder of the grading key (default: instructor/key, or $CLVTEACH_KEY)")
    gr.add_argument("--hidden", choices=("flag", "score", "off"), default="flag",
                    help="hidden parameter sets of the key: flag failures (default), take "
                         "the points away, or do not run them")
    gr.add_argument("--isolation", choices=("auto", "bwrap", "none"), default="auto",
                    help="sandbox for student code: bubblewrap (private filesystem, unprivileged "
                         "user, no network), none (plain subprocess), auto (bwrap if it works)")
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
    from .exercises.grade import GradingInterrupted, grade, summary

    for name in ("cell_timeout", "notebook_timeout"):
        if getattr(args, name) <= 0:
            print(f"--{name.replace('_', '-')} must be > 0, got {getattr(args, name)}",
                  file=sys.stderr)
            return 2
    if args.jobs is not None and args.jobs < 1:
        print(f"--jobs must be >= 1, got {args.jobs}", file=sys.stderr)
        return 2
    from .exercises import sandbox

    try:
        print(sandbox.protection_summary(args.isolation), file=sys.stderr)
    except RuntimeError as exc:  # e.g. --isolation bwrap where bubblewrap does not work
        print(f"--isolation {args.isolation}: {exc}", file=sys.stderr)
        return 3
    try:
        results = grade(
            args.submissions, release=args.release, key=args.key, out=args.out,
            jobs=args.jobs, cell_timeout=args.cell_timeout,
            notebook_timeout=args.notebook_timeout, hidden=args.hidden,
            isolation=args.isolation, progress=not args.no_progress)
    except GradingInterrupted as stop:
        print(f"\ninterrupted: wrote {args.out} with the {len(stop.results)} submissions "
              "finished so far", file=sys.stderr)
        return 130
    print(summary(results))
    off = sorted({name for r in results for name, on in r.protections.items() if not on})
    if off:
        print("protections OFF for student code: " + ", ".join(off), file=sys.stderr)
    print(f"wrote {args.out} ({len(results)} submissions) and its reports")
    failed = [r for r in results if r.infra_error]
    if failed:
        print(f"{len(failed)} submission(s) could not be graded for reasons that are not the "
              "student's:", file=sys.stderr)
        for r in failed:
            print(f"  {r.path}: {r.status}", file=sys.stderr)
        return 3
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
