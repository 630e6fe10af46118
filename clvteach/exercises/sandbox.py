"""Execute untrusted notebooks (students' submissions) in a sandbox, one per submission.

Every submission runs in a fresh temporary folder that holds only a copy of its notebook.
A small runner (``_sandbox_runner.py``) imports the course's libraries, forks an IPython
kernel from itself and executes every code cell (errors do not stop the run, so later
questions are still collected; a cell is interrupted at its time limit and, if it ignores
the interrupt, its kernel is killed). The runner reports each executed cell through a file
descriptor that student code cannot reach; the grader reads back a capped amount.

Isolation (``isolation=``):

``"bwrap"`` (Linux, grader running as root, Debian's ``bubblewrap`` installed)
    New PID, network, IPC and UTS namespaces: no network at all, and when the sandbox
    ends every process in it dies, detached daemons included. A private view of the file
    system: the Python runtime, the virtual environment and the ``clvteach`` package only
    (read-only; never the repository root, so ``solutions/``, the grading key, the
    release, other submissions and the output files are invisible even when they are
    world-readable), plus a size-limited ``/tmp`` and submission folder in memory. The
    runner keeps uid 0 with only the capabilities it needs (become nobody, reach the
    kernel's sockets, signal it); the kernel drops to ``nobody`` (uid 65534) with no
    capabilities and ``no_new_privs``, in its own user namespace (so its process limit is
    its own): student code can neither signal, stop nor read its runner.
``"none"``
    A plain subprocess in its own session and process group, with the same resource
    limits; killed as a group, then every process carrying this sandbox's environment
    marker (:data:`MARKER_VARIABLE`) is killed. Student code runs as the grader's user,
    sees its files and the network.
``"auto"``
    ``"bwrap"`` when it works on this machine, else ``"none"``.

Resource limits (both modes, :class:`Limits`): address space, CPU time, file size,
process count, open files, and the size of the outputs read back. :func:`protections`
and :func:`protection_summary` say which protections are in force, for the grader to print.

Cells may carry ``metadata["sandbox"]["timeout"]`` (seconds) to override ``cell_timeout``;
cells whose ``metadata["grade"]["role"]`` is one of :data:`TRUSTED_ROLES` (written by the
grader, not the student) get at least :data:`TRUSTED_CELL_TIMEOUT`. Each executed cell gets
``metadata["sandbox"]["status"]``: ``ok``, ``error``, ``timeout``, ``dead`` or ``not-run``.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "ISOLATION_MODES",
    "MARKER_VARIABLE",
    "STATUSES",
    "ExecutionResult",
    "Limits",
    "execute_isolated",
    "execute_many",
    "protection_summary",
    "protections",
    "sandbox_processes",
]

ISOLATION_MODES = ("auto", "bwrap", "none")
STATUSES = ("ok", "timeout", "kernel_died", "error", "infra_error")
MARKER_VARIABLE = "CLVTEACH_SANDBOX"
NOBODY = 65534
RUNNER = Path(__file__).with_name("_sandbox_runner.py")
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the clvteach package (only this dir)
STARTUP_ALLOWANCE = 60.0  # seconds for the sandbox + kernel to start, on top of the notebook's
KILL_POLL = 0.05
# Imported by the runner before it forks the kernel (every exercise imports them): about
# 1 s of CPU per submission saved. Student code cannot run before the fork.
PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "ipykernel.kernelapp",
           "clvteach", "clvteach.exercises")
# Cells the grader wrote itself (``metadata["grade"]["role"]``, see grade.py): the release's
# setup and fixed cells and the answer collectors may be slow on a loaded machine (imports,
# the exercise's data); the per-cell limit is for the student's code. They get at least
# TRUSTED_CELL_TIMEOUT seconds (the notebook's own limit still applies).
TRUSTED_ROLES = ("setup", "fixed", "collect", "collect-id")
TRUSTED_CELL_TIMEOUT = 60.0
WORK_MOUNT = "/clvteach-submission"  # the submission's own folder in the sandbox (a tmpfs)
INPUT_MOUNT = "/clvteach-input"  # the grader's copy of the notebook, read-only


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandbox (per process where the OS limits per process).

    Parameters
    ----------
    memory_mb : int
        Address-space limit (RLIMIT_AS) of every process, in MiB.
    cpu_seconds : int or None
        CPU-time limit (RLIMIT_CPU) per process; None: the notebook's time limit + 60 s.
    file_mb : int
        Largest file any process may write (RLIMIT_FSIZE), in MiB.
    processes : int
        Processes and threads of the sandbox's user (RLIMIT_NPROC); counted per sandbox
        where a private user namespace is available (Linux >= 5.14).
    open_files : int
        Open file descriptors per process (RLIMIT_NOFILE).
    output_kb_per_cell, output_kb_total : int
        Outputs read back per cell and per notebook, in KiB; the rest is dropped with a note.
    disk_mb : int
        Size of the submission's folder and of its ``/tmp`` (each a file system in memory)
        in the bubblewrap sandbox, in MiB.
    """

    memory_mb: int = 2048  # a kernel with the course's libraries maps ~1 GB, uses ~0.2 GB
    cpu_seconds: int | None = None
    file_mb: int = 64
    processes: int = 256
    open_files: int = 1024
    output_kb_per_cell: int = 2048
    output_kb_total: int = 16384
    disk_mb: int = 256

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value is None and name == "cpu_seconds":
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive integer, got {value!r}")


@dataclass(frozen=True)
class ExecutionResult:
    """What running one notebook in a sandbox produced.

    Attributes
    ----------
    notebook : NotebookNode or None
        The executed notebook (outputs filled; each code cell's
        ``metadata["sandbox"]["status"]`` is ``ok``, ``error``, ``timeout``, ``dead`` or
        ``not-run``), None if no cell ran.
    status : str
        ``ok`` (every cell ran; cells may have raised), ``timeout``, ``kernel_died``,
        ``error`` (the submission broke its own run, e.g. killed the runner) or
        ``infra_error`` (not the student's fault: the sandbox or kernel did not start).
    message : str
        Human-readable detail for any status but ``ok``.
    protections : dict of str to bool
        Protections that were in force for this run.
    seconds : float
        Wall time, start of sandbox to end.
    cpu_seconds : float
        CPU time of the sandbox's processes (all of them; 0 where not measurable).
    """

    notebook: nbformat.NotebookNode | None
    status: str
    message: str
    protections: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0


# --------------------------------------------------------------------------- capabilities
def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _which(name: str) -> str | None:
    for folder in ("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"):
        path = os.path.join(folder, name)
        if os.access(path, os.X_OK):
            return path
    return shutil.which(name)


@lru_cache(maxsize=None)
def _bwrap_problem() -> str | None:
    """None when bubblewrap works here, else why not (cached: probed once per process)."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux (this is {sys.platform})"
    bwrap = _which("bwrap")
    if bwrap is None:
        return "bubblewrap is not installed (Debian: apt-get install bubblewrap)"
    if not _is_root():
        return "the grader does not run as root (needed to run student code as nobody)"
    argv = _bwrap_argv(Path("/nonexistent-work"), Path("/nonexistent-work"), probe=True)
    argv += ["/bin/true"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap does not start: {exc}"
    if done.returncode != 0:
        return f"bubblewrap does not work here: {done.stderr.strip()[:200]}"
    return None


def protections(isolation: str = "auto") -> dict[str, bool]:
    """Which protections an ``isolation`` mode gives on this machine (True = in force).

    Keys: ``private_filesystem`` (only its own copy and the runtime are visible),
    ``unprivileged_user`` (kernel runs as nobody), ``no_network``, ``rlimits`` (memory,
    CPU, file size, processes), ``process_tree_killed`` (every process the submission
    started dies with its sandbox, detached ones included), ``private_process_count``
    (a fork bomb cannot starve parallel sandboxes).
    """
    mode = _resolve(isolation)
    rlimits = sys.platform != "win32"
    if mode == "bwrap":
        return {"private_filesystem": True, "unprivileged_user": True, "no_network": True,
                "rlimits": True, "process_tree_killed": True,
                "private_process_count": True}
    return {"private_filesystem": False, "unprivileged_user": False, "no_network": False,
            "rlimits": rlimits, "process_tree_killed": False,
            "private_process_count": sys.platform.startswith("linux") and not _is_root()}


def _resolve(isolation: str) -> str:
    if isolation not in ISOLATION_MODES:
        raise ValueError(f"isolation must be one of {', '.join(ISOLATION_MODES)}; "
                         f"got {isolation!r}")
    if isolation == "auto":
        return "none" if _bwrap_problem() else "bwrap"
    if isolation == "bwrap":
        problem = _bwrap_problem()
        if problem:
            raise RuntimeError(f"isolation='bwrap' is not available: {problem}")
    return isolation


def protection_summary(isolation: str = "auto") -> str:
    """One line for the grader's output: the mode and every protection that is off."""
    mode = _resolve(isolation)
    off = [k for k, v in protections(mode).items() if not v]
    why = f" ({_bwrap_problem()})" if mode == "none" and _bwrap_problem() else ""
    if not off:
        return f"sandbox: {mode}; all protections on"
    return f"sandbox: {mode}{why}; protections OFF: {', '.join(off)}"


# --------------------------------------------------------------------------- command lines
def _runtime_dirs() -> list[Path]:
    """Folders the kernel needs read-only: Python runtime, venv, the clvteach package."""
    dirs: list[Path] = []
    for p in (sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix):
        path = Path(p).resolve()
        if path not in dirs and path.is_dir():
            dirs.append(path)
    if PACKAGE_DIR not in dirs and not any(PACKAGE_DIR.is_relative_to(d) for d in dirs):
        dirs.append(PACKAGE_DIR)
    # Nested folders are bound by their parent already.
    return [d for d in dirs if not any(d != o and d.is_relative_to(o) for o in dirs)]


def _bwrap_argv(work: Path, seed: Path | None, *, probe: bool = False,
                disk_mb: int = 256) -> list[str]:
    argv = [_which("bwrap") or "bwrap",
            "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--hostname", "sandbox",
            # The runner stays root (with just these capabilities: become nobody, reach the
            # kernel's sockets, signal it) so that the kernel, which it forks and which drops
            # to nobody, can neither signal nor stop nor read it.
            "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
            "--cap-add", "CAP_DAC_OVERRIDE", "--cap-add", "CAP_KILL"]
    for name in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            argv += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            argv += ["--ro-bind", name, name]
    for name in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                 "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/mime.types"):
        if os.path.exists(name):
            argv += ["--ro-bind", name, name]
    # Size-limited file systems in memory: what a submission writes never reaches the disk.
    size = str(disk_mb * 1024 * 1024)
    argv += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "01777", "--size", size, "--tmpfs", "/tmp"]
    if probe:
        return argv
    made: set[str] = set()
    for path in _runtime_dirs():
        if str(path).startswith("/usr/"):
            continue
        # bwrap would create the missing parents as 0700 root: nobody could not enter them.
        for parent in reversed(path.parents):
            if str(parent) != "/" and str(parent) not in made:
                made.add(str(parent))
                argv += ["--perms", "0755", "--dir", str(parent)]
        argv += ["--ro-bind", str(path), str(path)]
    if seed is not None:
        argv += ["--ro-bind", str(seed), "/opt/mplcache"]
    argv += ["--ro-bind", str(work), INPUT_MOUNT,
             "--perms", "01777", "--size", size, "--tmpfs", WORK_MOUNT, "--chdir", WORK_MOUNT]
    return argv


def _environment(marker: str, home: str) -> dict[str, str]:
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "HOME": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "agg",  # figures are inspected by the collector, not rendered
        "MPLCONFIGDIR": f"{home}/mpl",
        "IPYTHONDIR": f"{home}/ipython",
        "JUPYTER_RUNTIME_DIR": f"{home}/jupyter",
        "JUPYTER_PLATFORM_DIRS": "1",
        "XDG_CACHE_HOME": f"{home}/cache",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        MARKER_VARIABLE: marker,
    }
    if sys.platform == "darwin":  # the runner forks the kernel after importing libraries
        env["OBJC_DISABLE_INITIALIZE_FORK_SAFETY"] = "YES"
    return env


@lru_cache(maxsize=None)
def _mpl_cache() -> Path | None:
    """The grader's matplotlib font cache (copied into each sandbox: saves ~1 s each)."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_cachedir())
        if not any(folder.glob("fontlist*.json")):
            import matplotlib.font_manager  # noqa: F401 - builds the font list, once
    except Exception:
        return None
    return folder if any(folder.glob("fontlist*.json")) else None


# --------------------------------------------------------------------------- one sandbox
class _Sandbox:
    """One running submission: its folder, process and result file."""

    def __init__(self, nb: nbformat.NotebookNode, *, mode: str, cell_timeout: float,
                 notebook_timeout: float, limits: Limits, marker: str) -> None:
        self.mode = mode
        self.marker = marker
        self.limits = limits
        self.notebook = nbformat.from_dict(json.loads(json.dumps(nb)))
        self.start = time.monotonic()
        self.deadline = self.start + notebook_timeout + STARTUP_ALLOWANCE
        self.root = Path(tempfile.mkdtemp(prefix="clvteach-sandbox-"))
        try:
            self.work = self.root / "work"
            self.work.mkdir()
            (self.work / "submission.ipynb").write_text(json.dumps(self.notebook),
                                                        encoding="utf-8")
            self.result_path = self.root / "result.jsonl"
            fd = os.open(self.result_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self.log = open(self.root / "runner.log", "wb")
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        cpu = limits.cpu_seconds or int(notebook_timeout + STARTUP_ALLOWANCE)
        config = {
            "cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout,
            "startup_timeout": STARTUP_ALLOWANCE,
            "limits": {**asdict(limits), "cpu_seconds": cpu},
            "user_namespace": True,
            "preload": list(PRELOAD),
            "trusted_roles": list(TRUSTED_ROLES),
            "trusted_timeout": TRUSTED_CELL_TIMEOUT,
        }
        try:
            self._start(mode, config, fd, marker)
        except BaseException:
            self.log.close()
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        finally:
            os.close(fd)
        self.pgid = self.process.pid

    def _start(self, mode: str, config: dict[str, Any], fd: int, marker: str) -> None:
        seed = _mpl_cache()
        if mode == "bwrap":
            config["copy_from"] = f"{INPUT_MOUNT}/submission.ipynb"
            config["mpl_cache"] = "/opt/mplcache" if seed else None
            home = "/tmp/home"
            config["kernel_user"] = [NOBODY, NOBODY]
            argv = _bwrap_argv(self.work, seed, disk_mb=self.limits.disk_mb)
            argv += [sys.executable, "-I", str(RUNNER), "submission.ipynb",
                     json.dumps(config), str(fd)]
            cwd = None
        else:
            config["mpl_cache"] = str(seed) if seed else None
            home = str(self.root / "home")
            argv = [sys.executable, "-I", str(RUNNER), "submission.ipynb", json.dumps(config),
                    str(fd)]
            cwd = str(self.work)
        self.process = subprocess.Popen(
            argv, cwd=cwd, env=_environment(marker, home), stdin=subprocess.DEVNULL,
            stdout=self.log, stderr=self.log, pass_fds=(fd,), start_new_session=True)

    cpu_seconds = 0.0

    def _reap(self, flags: int) -> bool:
        """Wait for the sandbox's top process, keeping its tree's CPU time (Linux/macOS)."""
        if self.process.returncode is not None:
            return True
        try:
            pid, status, usage = os.wait4(self.process.pid, flags)
        except ChildProcessError:
            return self.process.poll() is not None
        if pid == 0:
            return False
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.cpu_seconds = usage.ru_utime + usage.ru_stime
        return True

    def poll(self) -> bool:
        """True when finished (or killed for running out of time)."""
        if self._reap(os.WNOHANG):
            return True
        if time.monotonic() > self.deadline:
            self.kill()
            self.timed_out = True
            return True
        return False

    timed_out = False

    def kill(self) -> None:
        """Kill the sandbox and everything in it (a no-op for what already ended)."""
        if self.process.returncode is None:  # never signal a pid that may be reused
            try:
                os.killpg(self.pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.process.kill()
            except OSError:
                pass
            self._reap(0)
        _kill_marked(self.marker)

    def result(self, protections_: dict[str, bool]) -> ExecutionResult:
        self.kill()  # no-op for a finished sandbox, but sweeps escaped processes
        seconds = time.monotonic() - self.start
        try:
            return self._read(protections_, seconds)
        finally:
            self.close()

    def close(self) -> None:
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _read(self, protections_: dict[str, bool], seconds: float) -> ExecutionResult:
        cap = 2 * self.limits.output_kb_total * 1024 + 65536  # the runner caps it already
        with open(self.result_path, "rb") as handle:
            raw = handle.read(cap)
        records = []
        for line in raw.split(b"\n"):
            try:
                record = json.loads(line)
            except ValueError:
                continue  # the last line of a killed runner may be cut
            if isinstance(record, dict):
                records.append(record)
        phases = [r.get("phase") for r in records if "phase" in r]
        done = next((r for r in records if r.get("phase") == "done"), None)
        nb = self.notebook
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
                cell.metadata["sandbox"] = {"status": "not-run"}
        ran = False
        for record in records:
            if "cell" not in record:
                continue
            try:
                cell = nb.cells[int(record["cell"])]
                cell.outputs = [nbformat.from_dict(o) for o in record.get("outputs", [])]
                cell.execution_count = record.get("execution_count")
                cell.metadata["sandbox"] = {"status": str(record.get("status", "error"))}
                ran = True
            except (IndexError, KeyError, TypeError, ValueError):
                continue
        protect = dict(protections_)
        if done is not None and not done.get("private_nproc"):
            protect["private_process_count"] = False
        if self.timed_out:
            status, message = "timeout", "the sandbox ran out of time and was killed"
        elif done is not None:
            status, message = str(done.get("status")), str(done.get("message", ""))
        elif "running" in phases:
            status = "kernel_died"
            message = (f"the sandbox stopped while running student code "
                       f"(exit code {self.process.returncode}): killed by the submission?")
        else:
            status = "infra_error"
            message = f"the sandbox did not start (exit code {self.process.returncode}): " + \
                self._log_tail()
        if status not in STATUSES:
            status, message = "error", f"unexpected runner status {status!r}"
        cpu = self.cpu_seconds
        if done is not None and isinstance(done.get("cpu_seconds"), (int, float)):
            cpu = max(cpu, float(done["cpu_seconds"]))
        if os.environ.get("CLVTEACH_SANDBOX_DEBUG") and done is not None:
            print("sandbox cpu marks:", done.get("cpu_marks"), file=sys.stderr)
        return ExecutionResult(nb if ran else None, status, message, protect, seconds, cpu)

    def _log_tail(self) -> str:
        self.log.flush()
        try:
            with open(self.root / "runner.log", "rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - 600))
                return " ".join(handle.read().decode("utf-8", "replace").split())[-400:]
        except OSError:
            return ""


# --------------------------------------------------------------------------- processes
def sandbox_processes(marker_prefix: str = "") -> list[int]:
    """Pids of live processes whose environment has :data:`MARKER_VARIABLE` (Linux).

    ``marker_prefix`` restricts to markers starting with it (one run's or one sandbox's).
    """
    needle = f"{MARKER_VARIABLE}={marker_prefix}".encode()
    found = []
    if not os.path.isdir("/proc"):
        return found
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                env = handle.read()
            with open(f"/proc/{entry}/stat", "rb") as handle:
                state = handle.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state == b"Z":
            continue
        if any(item.startswith(needle) for item in env.split(b"\0")):
            found.append(int(entry))
    return found


def _kill_marked(marker: str, rounds: int = 5) -> None:
    for _ in range(rounds):
        pids = sandbox_processes(marker)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(KILL_POLL)


# --------------------------------------------------------------------------- public API
def _check_timeouts(cell_timeout: float, notebook_timeout: float) -> None:
    for name, value in (("cell_timeout", cell_timeout), ("notebook_timeout", notebook_timeout)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")


def execute_isolated(
    nb: nbformat.NotebookNode,
    *,
    cell_timeout: float,
    notebook_timeout: float,
    isolation: str = "auto",
    limits: Limits | None = None,
) -> ExecutionResult:
    """Execute one notebook in a fresh sandbox; never raises for what the notebook does.

    Parameters
    ----------
    nb : NotebookNode
        The notebook to run (not modified; the result holds an executed copy).
    cell_timeout : float
        Seconds per code cell (a cell's ``metadata["sandbox"]["timeout"]`` overrides it).
        A cell that runs out of time is interrupted; if it ignores the interrupt its
        kernel is killed and the remaining cells do not run.
    notebook_timeout : float
        Seconds for all cells, counted from the moment the kernel is ready.
    isolation : {"auto", "bwrap", "none"}
        See the module documentation.
    limits : Limits, optional
        Resource limits (defaults: :class:`Limits`).

    Returns
    -------
    ExecutionResult
    """
    for _, result in execute_many([("", nb)], jobs=1, cell_timeout=cell_timeout,
                                  notebook_timeout=notebook_timeout, isolation=isolation,
                                  limits=limits):
        return result
    raise AssertionError("unreachable")


def execute_many(
    items: Iterable[tuple[str, nbformat.NotebookNode]],
    *,
    jobs: int,
    cell_timeout: float,
    notebook_timeout: float,
    isolation: str = "auto",
    limits: Limits | None = None,
) -> Iterator[tuple[str, ExecutionResult]]:
    """Execute notebooks in parallel sandboxes, yielding ``(key, result)`` as each ends.

    One sandbox per notebook, ``jobs`` at a time. Nothing a submission does (killing its
    parent, its kernel or its runner; detached children; fork bombs) affects another one.
    On KeyboardInterrupt (Ctrl-C) or when the caller stops iterating, every running
    sandbox is killed at once, nothing more is yielded, and the KeyboardInterrupt is
    re-raised; no sandboxed process survives.

    Parameters are those of :func:`execute_isolated`, plus ``items`` (key, notebook)
    pairs and ``jobs``, the number of sandboxes running at once.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    _check_timeouts(cell_timeout, notebook_timeout)
    limits = limits or Limits()
    mode = _resolve(isolation)
    protect = protections(mode)
    run_marker = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    pending = iter(items)
    running: dict[int, tuple[str, _Sandbox]] = {}
    counter = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < jobs:
                try:
                    key, nb = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                counter += 1
                marker = f"{run_marker}-{counter}"
                try:
                    box = _Sandbox(nb, mode=mode, cell_timeout=cell_timeout,
                                   notebook_timeout=notebook_timeout, limits=limits,
                                   marker=marker)
                except (OSError, ValueError, TypeError, AttributeError) as exc:
                    yield key, ExecutionResult(None, "infra_error",
                                               f"could not start the sandbox: {exc}", protect)
                    continue
                running[counter] = (key, box)
            if not running:
                break
            finished = [n for n, (_, box) in running.items() if box.poll()]
            if not finished:
                time.sleep(KILL_POLL)
                continue
            for n in finished:
                key, box = running.pop(n)
                yield key, box.result(protect)
    finally:
        # Ctrl-C, an exception in the caller, or the caller stopped iterating.
        for _, box in running.values():
            if box.process.returncode is None:
                try:
                    os.killpg(box.pgid, signal.SIGKILL)
                except OSError:
                    pass
        for _, box in running.values():
            box.kill()
            box.close()
        _kill_marked(run_marker)
