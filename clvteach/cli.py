"""The ``clvteach`` command line (``clvteach --help``)."""
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
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return 0  # pragma: no cover - every sub-command returns its own status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
