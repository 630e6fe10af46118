"""The README's set-up: Python floor, idempotent environment, CI script, lab server."""
from __future__ import annotations

import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_check_python_rejects_old_python(monkeypatch, capsys):
    monkeypatch.setattr(sys, "version_info", (3, 9, 7, "final", 0))
    with pytest.raises(SystemExit) as exc:
        runpy.run_path(str(ROOT / "tools" / "check_python.py"))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "needs Python 3.11 or newer" in err and "3.9.7" in err


def test_check_python_accepts_this_python():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "check_python.py")])
    assert done.returncode == 0


def test_readme_has_exactly_two_quick_start_commands():
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*(?:#.*)?$", quick, re.M)
    assert commands == ["make lab", "make test"]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    lines = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert lines[-1] == "make test"
    assert "export CI=true" in lines


def _require_make() -> None:
    # Fail, never skip: `make` is how the course is set up and tested.
    assert shutil.which("make"), "needs GNU make (apt-get install make)"


def test_environment_is_up_to_date_so_a_second_run_does_not_reinstall():
    _require_make()
    # `make -q` asks whether the target is up to date without running anything.
    done = subprocess.run(["make", "-q", "env"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, "the .venv stamp is stale: `make` would reinstall"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_lab_starts_a_server_that_answers(tmp_path):
    _require_make()
    port = _free_port()
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
            "--IdentityProvider.token= --ServerApp.password=")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    proc = subprocess.Popen(["make", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.3)
        if status != 200:
            os.killpg(proc.pid, signal.SIGTERM)
            output = proc.communicate(timeout=20)[0].decode(errors="replace")
            pytest.fail(f"JupyterLab did not answer on port {port}; its output:\n{output[-3000:]}")
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/lab/tree/notebooks/00_start_here.ipynb", timeout=5
        ) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
