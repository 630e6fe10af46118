"""Shared fixtures for the library tests."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened (only if matplotlib was imported)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def repo_root() -> Path:
    return ROOT


def pytest_collection_modifyitems(config, items):
    """Under ``make mutation`` (mutmut sets MUTANT_UNDER_TEST) the package is mutmut's
    mutated copy: tests marked ``source_text`` read the library's source text, not its
    behaviour, and would judge mutmut's generated code, so they are left out there."""
    if "MUTANT_UNDER_TEST" in os.environ:
        items[:] = [item for item in items if not item.get_closest_marker("source_text")]
