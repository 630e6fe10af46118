"""A real JupyterHub on 127.0.0.1 for tests/test_hub.py and benchmarks/hub_load.py.

:class:`LocalHub` starts JupyterHub with ``deploy/one-server/jupyterhub_config.py``
(the configuration a class uses), then swaps in what a test needs: a dummy
authenticator (one shared password), the local-process spawner with home directories
in a temporary directory, and free ports on 127.0.0.1 for the hub, its proxy
(configurable-http-proxy from ``node_modules``) and every student's server.
Every process it starts carries an environment marker, so :meth:`LocalHub.stop` can
prove that none survives (and kill any that does).

:class:`Student` is what a browser does, over HTTP and the kernel websocket: log in
with the form, start the server, get an API token, start a kernel, run code and move
widgets through comm messages.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import websocket  # websocket-client, a dependency of jupyter_server

__all__ = ["ROOT", "CHP", "MARKER_VAR", "LocalHub", "Student", "Kernel", "pids_with_marker",
           "memory_kb", "cpu_seconds"]

ROOT = Path(__file__).resolve().parent.parent
CHP = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
DEPLOY_CONFIG = ROOT / "deploy" / "one-server" / "jupyterhub_config.py"
MARKER_VAR = "CLVTEACH_HUB_RUN"
BIN = Path(sys.executable).parent  # the project venv: jupyterhub, jupyterhub-singleuser


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- processes ---------------------------------------------------------------------------

def pids_with_marker(marker: str, *, extra: str | None = None) -> list[int]:
    """PIDs whose environment holds ``MARKER_VAR=marker`` (and ``extra``, e.g. a user)."""
    want = f"{MARKER_VAR}={marker}".encode()
    extra_b = extra.encode() if extra else None
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = (entry / "environ").read_bytes().split(b"\0")
        except OSError:  # gone, or a kernel thread
            continue
        if want in env and (extra_b is None or extra_b in env):
            found.append(int(entry.name))
    return sorted(found)


def memory_kb(pid: int) -> dict[str, int]:
    """``{"rss", "pss", "uss"}`` of one process in kB (0 if it is gone).

    RSS counts shared libraries in full, PSS splits them between the processes that
    map them, USS (private pages only) is what one more such process adds.
    """
    out = {"rss": 0, "pss": 0, "uss": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                out[key.lower()] = int(rest.split()[0])
            elif key in ("Private_Clean", "Private_Dirty"):
                out["uss"] += int(rest.split()[0])
    except OSError:
        pass
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds one process has used (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# --- the hub -----------------------------------------------------------------------------

def _default_signals() -> None:
    """A shell's background job ignores SIGINT, and children inherit that: the hub stops
    its services (the idle culler) with SIGINT, which must work."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


TEST_CONFIG = """\
# Written by tests/hub_support.py: the class's configuration, then test-only swaps.
import os
c = get_config()
load_subconfig({deploy!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {workdir!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {workdir!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {workdir!r} + "/cookie_secret"
c.JupyterHub.log_level = "INFO"
# Tests only: dummy authenticator (one password), local processes in temporary homes.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = set({users!r})
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {workdir!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{{marker_var!r}: {marker!r}}}
c.Spawner.start_timeout = {timeout}
c.Spawner.http_timeout = {timeout}
c.JupyterHub.concurrent_spawn_limit = {spawn_limit}
# The class keeps servers across hub restarts; a test must leave nothing behind.
c.JupyterHub.cleanup_servers = True
for service in c.JupyterHub.services:
    service.setdefault("environment", {{}})[{marker_var!r}] = {marker!r}
"""


class LocalHub:
    """JupyterHub + configurable-http-proxy + local-process spawner on 127.0.0.1.

    Parameters
    ----------
    workdir : Path
        Empty directory for the database, cookie secret, proxy pid file and the
        students' home directories (``workdir/home/<name>``).
    users : sequence of str
        Who may log in (all with ``password``).
    password : str, keyword-only
        The dummy authenticator's shared password.
    timeout : float, keyword-only
        Seconds the hub waits for a server to start.
    """

    def __init__(self, workdir: Path, users: Sequence[str], *, password: str = "class-test",
                 timeout: float = 60, spawn_limit: int = 100) -> None:
        if not CHP.exists():
            raise FileNotFoundError(
                f"configurable-http-proxy not found at {CHP}: run `npm ci` in {ROOT} "
                "(make test does it)")
        self.workdir = Path(workdir)
        self.users = list(users)
        self.password = password
        self.timeout = timeout
        self.marker = uuid.uuid4().hex
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / "jupyterhub.log"
        self.config_path = self.workdir / "jupyterhub_config.py"
        args = ["--allow-root"] if os.geteuid() == 0 else []
        self.config_path.parent.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(TEST_CONFIG.format(
            deploy=str(DEPLOY_CONFIG), port=self.port, hub_port=free_port(),
            api_port=free_port(), chp=str(CHP), workdir=str(self.workdir),
            password=password, users=sorted(self.users),
            singleuser=str(BIN / "jupyterhub-singleuser"), args=args,
            marker_var=MARKER_VAR, marker=self.marker, timeout=int(timeout),
            spawn_limit=spawn_limit))

    def start(self) -> None:
        """Start the hub (which starts the proxy and the culler); wait until it answers."""
        env = {**os.environ, MARKER_VAR: self.marker,
               "PATH": f"{BIN}{os.pathsep}{CHP.parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "CLVTEACH_COURSE_ENV": str(BIN.parent)}
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(self.config_path)], cwd=self.workdir,
            env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_default_signals)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"JupyterHub did not answer within {self.timeout} s:\n{self.log()}")

    def log(self, tail: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-tail:])
        except OSError:
            return ""

    def pids(self) -> list[int]:
        """Every live process this hub started (hub, proxy, culler, servers, kernels)."""
        return pids_with_marker(self.marker)

    def proxy_pid(self) -> int | None:
        for pid in self.pids():
            if "configurable-http-proxy" in cmdline(pid):
                return pid
        return None

    def user_pids(self, name: str) -> list[int]:
        """The student's single-user server and its kernels."""
        return pids_with_marker(self.marker, extra=f"JUPYTERHUB_USER={name}")

    def stop(self, timeout: float = 60) -> list[str]:
        """Stop the hub as systemd would (SIGTERM); it stops the servers and the proxy.

        Returns the command lines of processes that survived that (then killed).
        """
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        # Servers stop asynchronously after the hub's SIGTERM: give them a moment.
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.2)
        survivors = [f"{pid}: {cmdline(pid)}" for pid in self.pids()]
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if getattr(self, "_log", None):
            self._log.close()
        return survivors

    def __enter__(self) -> LocalHub:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- a student ---------------------------------------------------------------------------

class Student:
    """One student's browser, reduced to HTTP requests and a kernel websocket."""

    def __init__(self, hub: LocalHub, name: str) -> None:
        self.hub = hub
        self.name = name
        self.session = requests.Session()
        self.token: str | None = None

    @property
    def server_url(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    def _xsrf(self) -> dict[str, str]:
        return {"X-XSRFToken": self.session.cookies.get("_xsrf", path="/hub/") or ""}

    def login(self, password: str | None = None) -> requests.Response:
        """The login form: GET for the XSRF cookie, POST name and password."""
        self.session.get(f"{self.hub.url}/hub/login", timeout=30).raise_for_status()
        return self.session.post(
            f"{self.hub.url}/hub/login", timeout=30, allow_redirects=False,
            data={"username": self.name, "password": password or self.hub.password,
                  "_xsrf": self.session.cookies.get("_xsrf", path="/hub/")})

    def start_server(self, timeout: float = 90) -> None:
        """Ask the hub for this student's server (as the spawn page does) and wait."""
        self.request_server()
        self.wait_ready(timeout)

    def request_server(self) -> None:
        """Ask the hub to start this student's server (returns before it is up)."""
        api = f"{self.hub.url}/hub/api/users/{self.name}"
        r = self.session.post(f"{api}/server", headers=self._xsrf(), timeout=30)
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"{self.name}: spawn request answered {r.status_code}: {r.text}")

    def wait_ready(self, timeout: float = 90) -> None:
        """Wait until the hub reports this student's server ready."""
        api = f"{self.hub.url}/hub/api/users/{self.name}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.session.get(api, headers=self._xsrf(), timeout=30).json()
            server = info.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.25)
        raise TimeoutError(f"{self.name}: server not ready within {timeout} s:\n{self.hub.log()}")

    def get_token(self) -> str:
        """An API token of this student (what the lab page holds), from the login session."""
        r = self.session.post(f"{self.hub.url}/hub/api/users/{self.name}/tokens",
                              headers=self._xsrf(), json={"note": "test", "expires_in": 3600},
                              timeout=30)
        r.raise_for_status()
        self.token = r.json()["token"]
        return self.token

    def api(self, method: str, path: str, *, user: str | None = None,
            **kwargs: Any) -> requests.Response:
        """A request to a single-user server's REST API (own server unless ``user``)."""
        base = f"{self.hub.url}/user/{user or self.name}"
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{base}{path}", headers=headers, timeout=60,
                                allow_redirects=False, **kwargs)

    def start_kernel(self, name: str = "python3") -> Kernel:
        r = self.api("POST", "/api/kernels", json={"name": name})
        r.raise_for_status()
        kernel_id = r.json()["id"]
        ws_url = self.server_url.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
        return Kernel(kernel_id, ws_url, token=self.token, username=self.name)


@dataclass
class Execution:
    """What one ``execute_request`` produced."""

    status: str = ""
    text: str = ""                       # stream output + text/plain results, in order
    error: str | None = None
    comm_ids: list[str] = field(default_factory=list)  # widgets this code created
    seconds: float = 0.0


def _decode(frame: str | bytes) -> dict:
    """A kernel message from a websocket frame (text JSON, or the binary buffers format)."""
    if isinstance(frame, str):
        return json.loads(frame)
    nbufs = struct.unpack("!i", frame[:4])[0]
    offsets = list(struct.unpack("!" + "I" * nbufs, frame[4:4 * (nbufs + 1)])) + [None]
    msg = json.loads(frame[offsets[0]:offsets[1]].decode("utf8"))
    msg["buffers"] = [frame[a:b] for a, b in zip(offsets[1:-1], offsets[2:])]
    return msg


class Kernel:
    """A kernel's websocket (the channels a notebook page uses)."""

    def __init__(self, kernel_id: str, ws_url: str, *, token: str, username: str) -> None:
        self.id = kernel_id
        self.session_id = uuid.uuid4().hex
        self.username = username
        self.ws = websocket.create_connection(
            ws_url, header=[f"Authorization: token {token}"], timeout=120)
        self.comms: dict[str, dict] = {}  # comm id -> widget state, from comm_open

    def close(self) -> None:
        self.ws.close()

    def _msg(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "username": self.username,
                           "session": self.session_id, "msg_type": msg_type,
                           "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ")},
                "parent_header": {}, "metadata": {}, "content": content,
                "channel": channel, "buffers": []}

    def send(self, msg_type: str, content: dict) -> str:
        msg = self._msg(msg_type, content)
        self.ws.send(json.dumps(msg))
        return msg["header"]["msg_id"]

    def recv(self) -> dict:
        return _decode(self.ws.recv())

    def _track(self, msg: dict) -> None:
        """Keep every widget's state (comm_open, then its updates) in :attr:`comms`."""
        kind, content = msg.get("msg_type"), msg.get("content", {})
        if kind == "comm_open":
            self.comms[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg" and content.get("data", {}).get("method") in (
                "update", "echo_update"):
            self.comms.setdefault(content["comm_id"], {}).update(
                content["data"].get("state", {}))

    def execute(self, code: str, *, timeout: float = 120) -> Execution:
        """Run ``code``; collect its output until the kernel is idle again."""
        start = time.perf_counter()
        msg_id = self.send("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        result = Execution()
        idle = replied = False
        deadline = time.monotonic() + timeout
        while not (idle and replied):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply within {timeout} s to: {code[:80]!r}")
            msg = self.recv()
            self._track(msg)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                result.text += content["text"]
            elif kind in ("execute_result", "display_data"):
                result.text += content["data"].get("text/plain", "") + "\n"
            elif kind == "error":
                result.error = f"{content['ename']}: {content['evalue']}"
            elif kind == "comm_open":
                result.comm_ids.append(content["comm_id"])
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                result.status = content["status"]
                replied = True
        result.seconds = time.perf_counter() - start
        return result

    def set_widget(self, comm_id: str, wait_for: Iterable[str], *, timeout: float = 60,
                   **state: Any) -> float:
        """Send a widget state change as the browser does (comm_msg ``update``).

        Returns the seconds until every comm in ``wait_for`` sent an update back and the
        kernel went idle (the readout and the new figure have arrived).
        """
        start = time.perf_counter()
        msg_id = self.send("comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": state, "buffer_paths": []}})
        pending = set(wait_for)
        idle = False
        deadline = time.monotonic() + timeout
        while pending or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"widget update {state} not answered within {timeout} s "
                                   f"(still waiting for {sorted(pending)}, idle={idle})")
            msg = self.recv()
            self._track(msg)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "comm_msg" and content["data"].get("method") == "update":
                pending.discard(content["comm_id"])
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
                if pending:  # iopub is ordered: no update can follow the idle status
                    raise RuntimeError(f"widget update {state}: kernel idle without an "
                                       f"update from {sorted(pending)}")
        return time.perf_counter() - start

    def find_widgets(self, comm_ids: Iterable[str], *, model: str,
                     css_class: str | None = None) -> list[str]:
        """Those of ``comm_ids`` that are ``model`` widgets (``"FloatSliderModel"``) with
        the CSS class ``css_class`` (classes arrive as an update after comm_open)."""
        found = []
        for comm_id in comm_ids:
            state = self.comms.get(comm_id, {})
            if state.get("_model_name") != model:
                continue
            if css_class is None or css_class in state.get("_dom_classes", ()):
                found.append(comm_id)
        return found


def code_cells(notebook: Path) -> list[str]:
    """The sources of a notebook's code cells, in order."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def copy_course(home: Path) -> None:
    """Put the course notebooks into a student's home (what nbgitpuller does on a hub)."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "notebooks", home / "notebooks", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


