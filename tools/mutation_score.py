"""Print the killed ratio of the last `mutmut run` and fail below the target (``make mutation``).

Reads ``mutants/mutmut-cicd-stats.json`` (written by ``mutmut export-cicd-stats``): the
killed ratio is (killed + timeout) / mutants with a result (mutmut's badge divides by all
mutants, which understates an interrupted run).
Usage: python tools/mutation_score.py [--target 85]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

STATS = Path("mutants") / "mutmut-cicd-stats.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=85.0, help="minimum killed %%")
    args = parser.parse_args()
    if not STATS.exists():
        print(f"{STATS} not found: run `mutmut run` and `mutmut export-cicd-stats` first")
        return 2
    stats = {k: int(v) for k, v in json.loads(STATS.read_text()).items()}
    killed = stats.get("killed", 0) + stats.get("timeout", 0)
    # mutants with a result (an interrupted run leaves the rest unchecked)
    tested = killed + sum(stats.get(k, 0) for k in ("survived", "no_tests", "suspicious",
                                                     "segfault"))
    unchecked = stats.get("total", 0) - stats.get("skipped", 0) - tested
    ratio = 100.0 * killed / tested if tested else 0.0
    counts = ", ".join(f"{k} {v}" for k, v in sorted(stats.items()) if v)
    print(f"mutation testing: {killed} of {tested} checked mutants killed = {ratio:.1f} % "
          f"(target >= {args.target:g} %); {unchecked} not checked; {counts}")
    return 0 if ratio >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
