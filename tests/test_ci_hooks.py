"""The project-wide hooks in conftest.py: no skipping in CI, notebook timing table."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_pytest(tmp_path: Path, body: str, *, ci: bool) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_sample.py").write_text(body)
    # Only conftest.py's hooks are under test: not loading nbval & co. saves ~3 s a run.
    env = {"PATH": "/usr/bin:/bin", "CI": "true" if ci else "",
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, env=env)


SKIPPING = "import pytest\n\ndef test_a():\n    pytest.skip('no browser here')\n"


def test_skip_fails_in_ci(tmp_path):
    done = _run_pytest(tmp_path, SKIPPING, ci=True)
    assert done.returncode == 1, done.stdout
    assert "skipped in CI (CI=true), which is not allowed" in done.stdout
    assert "no browser here" in done.stdout


def test_skip_is_allowed_outside_ci(tmp_path):
    done = _run_pytest(tmp_path, SKIPPING, ci=False)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
