"""Project-wide pytest hooks (apply to tests/, notebooks/, solutions/ and exercises/).

* In CI (``CI=true``) a skipped test is turned into a failure: CI must never pass by
  skipping.
* The run ends with a table of per-notebook execution times, slowest first.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

_NOTEBOOK_SECONDS: dict[str, float] = defaultdict(float)
_NOTEBOOK_CELLS: dict[str, int] = defaultdict(int)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _in_ci():
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (CI=true), which is not allowed: {reason}"


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        _NOTEBOOK_SECONDS[path] += report.duration
        if report.when == "call":
            _NOTEBOOK_CELLS[path] += 1


def pytest_terminal_summary(terminalreporter):
    if not _NOTEBOOK_SECONDS:
        return
    tr = terminalreporter
    tr.section("notebook execution times (slowest first)")
    width = max(len(p) for p in _NOTEBOOK_SECONDS)
    tr.write_line(f"{'notebook'.ljust(width)}  cells  seconds")
    for path, seconds in sorted(_NOTEBOOK_SECONDS.items(), key=lambda kv: -kv[1]):
        tr.write_line(f"{path.ljust(width)}  {_NOTEBOOK_CELLS[path]:5d}  {seconds:7.2f}")
    tr.write_line(f"{'total'.ljust(width)}  {sum(_NOTEBOOK_CELLS.values()):5d}  "
                  f"{sum(_NOTEBOOK_SECONDS.values()):7.2f}")


# Folders whose notebooks are test fixtures, not course material.
collect_ignore_glob = ["tests/data/*", ".venv/*", "build/*"]

ROOT = Path(__file__).parent
