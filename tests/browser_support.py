"""Servers and a browser for the real-browser test (``tests/test_browser.py``).

JupyterLab and Voilà run as child processes on 127.0.0.1 (free port, no token) with every
Jupyter directory that a run writes to (config, runtime, data, workspaces, settings, IPython)
in a temporary folder. Debian's Chromium, driven by Playwright for Python, gets a fresh profile
and the flags this closed network needs. Everything started here is stopped again, also when a
test fails: servers run in their own process group, and the kernels they start (which
jupyter_client puts in process groups of their own) are found through ``/proc`` and killed too.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = (f"no Chromium at {CHROMIUM}: install Debian's with `apt-get install chromium` "
                "(the real-browser test drives it; Playwright's own browser download is not used)")
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# closed network refuses; as root it also needs --no-sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60.0
# Jupyter servers linger ~2 s after SIGTERM (their kernels are gone by then, nothing is
# to be saved): a short grace, then SIGKILL.
TERM_GRACE_SECONDS = 1.0
STOP_GRACE_SECONDS = 10.0
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
LOCAL_ORIGIN = "http://127.0.0.1:"


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the test process dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the finally blocks still stop the server
        pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # The command name (field 2) may hold spaces and parentheses: split after its end.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (children, grandchildren, ...)."""
    children = _children_by_parent()
    found: list[int] = []
    stack = list(children.get(pid, []))
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(children.get(child, []))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended already


@dataclass
class Server:
    """A server process in its own process group, with its log file."""

    name: str
    process: subprocess.Popen
    url: str
    ready_url: str
    log_path: Path
    _log_file: object = field(repr=False, default=None)
    _stopped: bool = field(repr=False, default=False)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_until_serving(self) -> None:
        """Block until the server answers HTTP at ``ready_url`` (or fail with its log)."""
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.process.returncode} "
                                   f"before serving:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # any HTTP answer means it serves; the page checks come later
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)  # polling a port that is not open yet
        raise RuntimeError(f"{self.name} did not serve {self.ready_url} within "
                           f"{SERVER_START_SECONDS:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM the server's group and its kernels at once, then SIGKILL what is left.

        Kernels live in process groups of their own (jupyter_client starts them so), so
        they are found through /proc. Terminating them together with the server saves the
        seconds a server spends asking each kernel to shut down; nothing is saved anyway.
        """
        if self._stopped:
            return
        self._stopped = True
        pid = self.process.pid
        family = descendants(pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        for child in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        try:
            self.process.wait(timeout=TERM_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_GRACE_SECONDS)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        left = [p for p in family if _alive(p)]
        while left and time.monotonic() < deadline:
            time.sleep(0.1)  # polling for exit, not waiting for a visible effect
            left = [p for p in left if _alive(p)]
        for orphan in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(orphan, signal.SIGKILL)
        if self._log_file is not None:
            self._log_file.close()


def jupyter_env(home: Path) -> dict[str, str]:
    """Environment for a Jupyter server: temporary user dirs, this checkout's clvteach.

    JUPYTER_DATA_DIR only replaces the *user* data dir (``~/.local/share/jupyter``); the
    environment's ``<sys.prefix>/share/jupyter`` (lab extensions such as the widget manager,
    the python3 kernel spec, Voilà's templates) stays on the search path.
    """
    dirs = {name: home / name for name in ("config", "runtime", "data", "ipython")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PLATFORM_DIRS="0",
        # Kernels inherit this: they import the clvteach of this checkout.
        PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def running_server(name: str, args: list[str], *, env: dict[str, str], cwd: Path, port: int,
                   log_dir: Path, ready_path: str = "/") -> Iterator[Server]:
    """Start ``python -m <args>`` and yield it at once (call ``wait_until_serving`` before
    using it, so that the browser can start meanwhile); always stop it."""
    log_path = log_dir / f"{name}.log"
    log_file = log_path.open("w")
    process = subprocess.Popen([sys.executable, "-m", *args], cwd=cwd, env=env,
                               stdout=log_file, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=_die_with_parent)
    url = f"http://127.0.0.1:{port}"
    server = Server(name, process, url, url + ready_path, log_path, log_file)
    try:
        yield server
    finally:
        server.stop()


def jupyterlab_args(*, port: int, home: Path, root_dir: Path) -> list[str]:
    """JupyterLab on 127.0.0.1 with no token, no browser, temporary workspaces and settings."""
    settings = home / "lab-settings"
    # Autosave off, so running the notebook never writes to the course file.
    _write_setting(settings, "@jupyterlab/docmanager-extension", "plugin", {"autosave": False})
    # No news or update checks from this closed network.
    _write_setting(settings, "@jupyterlab/apputils-extension", "notification",
                   {"fetchNews": "false", "checkForUpdates": False})
    args = [
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        # Opening a notebook creates a checkpoint: keep it out of the repository.
        f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
        f"--LabApp.user_settings_dir={settings}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    return args


def voila_args(*, port: int, notebook: Path) -> list[str]:
    """Voilà serving one notebook on 127.0.0.1 with no token and no browser."""
    return [
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--Voila.token=",
        "--show_tracebacks=True",
    ]


@contextlib.contextmanager
def lab_and_voila(home: Path, *, root_dir: Path, dashboard: Path) -> Iterator[dict[str, "Server"]]:
    """JupyterLab (on ``root_dir``) and Voilà (on ``dashboard``), started at once.

    Voilà boots while JupyterLab is tested; whatever is still running when the block ends
    (or fails) is stopped.
    """
    lab_port = free_port()
    voila_port = free_port()
    while voila_port == lab_port:
        voila_port = free_port()
    with contextlib.ExitStack() as stack:
        lab = stack.enter_context(running_server(
            "jupyterlab", jupyterlab_args(port=lab_port, home=home / "lab", root_dir=root_dir),
            env=jupyter_env(home / "lab"), cwd=root_dir, port=lab_port, log_dir=home,
            ready_path="/api/status"))
        voila = stack.enter_context(running_server(
            "voila", voila_args(port=voila_port, notebook=dashboard),
            env=jupyter_env(home / "voila"), cwd=root_dir, port=voila_port, log_dir=home,
            ready_path="/voila/static/extension.js"))
        yield {"jupyterlab": lab, "voila": voila}


def _write_setting(settings_dir: Path, package: str, plugin: str, values: dict) -> None:
    path = settings_dir / package / f"{plugin}.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


class Stopwatch:
    """Seconds per phase of a browser test (kept with the screenshots)."""

    def __init__(self) -> None:
        self._start = self._last = time.monotonic()
        self.phases: list[tuple[str, float]] = []

    def mark(self, phase: str) -> None:
        now = time.monotonic()
        self.phases.append((phase, now - self._last))
        self._last = now

    def report(self) -> str:
        lines = [f"{seconds:6.2f} s  {phase}" for phase, seconds in self.phases]
        lines.append(f"{time.monotonic() - self._start:6.2f} s  total")
        return "\n".join(lines)


@dataclass
class ConsoleLog:
    """Console messages, failed requests and uncaught errors of a page.

    Every console error counts, except a failed load of an off-machine resource: this
    network is closed, and Voilà's template asks a CDN for Font Awesome (icons only).
    A failed load from the server under test (a widget bundle, say) does count.
    """

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        text = f"[{message.type}] {message.text}"
        if message.type == "error":
            source = (message.location or {}).get("url", "")
            if message.text.startswith("Failed to load resource") and \
                    not source.startswith(LOCAL_ORIGIN):
                text += f" (ignored: off-machine resource {source} on a closed network)"
            else:
                self.errors.append(text)
        self.messages.append(text)

    def on_request_failed(self, request) -> None:
        self.messages.append(f"[requestfailed] {request.url} ({request.failure})")

    def on_page_error(self, error) -> None:
        text = f"[pageerror] {error}"
        self.messages.append(text)
        self.errors.append(text)


@contextlib.contextmanager
def chromium_page(profile_dir: Path) -> Iterator[tuple[object, ConsoleLog]]:
    """A page in headless Debian Chromium with a fresh profile; always closed again."""
    from playwright.sync_api import sync_playwright

    log = ConsoleLog()
    # Debian's Chromium keeps crash reports and caches under XDG dirs, outside the profile.
    xdg = {name: profile_dir.parent / f"chromium-{name.lower()}"
           for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    for path in xdg.values():
        path.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, **{name: str(path) for name, path in xdg.items()}},
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.on("console", log.on_console)
            page.on("pageerror", log.on_page_error)
            page.on("requestfailed", log.on_request_failed)
            yield page, log
        finally:
            context.close()
