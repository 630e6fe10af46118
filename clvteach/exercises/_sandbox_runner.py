"""Run one notebook inside a sandbox and report each cell to the grader.

Started by :mod:`clvteach.exercises.sandbox` (by path, so the package and its heavy
imports are not loaded here)::

    python -I _sandbox_runner.py NOTEBOOK CONFIG_JSON RESULT_FD

It imports the libraries every exercise uses, forks an IPython kernel from itself (so they
are imported once per submission, not twice), executes every
code cell with ``allow_errors`` and a per-cell time limit, and writes one JSON record per
line to ``RESULT_FD``, a file the grader opened before the sandbox started (it is not in
the sandbox's file system). The runner makes itself non-dumpable, so the student's kernel,
which runs under the same uid, can neither read that descriptor through ``/proc`` nor
ptrace the runner. Records::

    {"phase": "starting"}                      # before the kernel starts
    {"phase": "running"}                       # kernel ready; student code may run now
    {"cell": i, "status": "ok|error|timeout|dead", "outputs": [...], "execution_count": n}
    {"phase": "done", "status": "...", "message": "...", "private_nproc": bool}

Output sizes are capped here (a cell printing gigabytes costs the grader nothing).
Standard library + jupyter only: this file must not import :mod:`clvteach`.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time

__all__: list[str] = []  # a script, run by path

# jsonschema (imported by nbformat) builds a grammar for an optional URI format check at
# import: about 1 s of CPU per submission for nothing we use. Without the module it skips it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

GRACE_AFTER_INTERRUPT = 3.0  # seconds a timed-out cell gets to honour the interrupt
MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # larger kernel messages are dropped unread
_PR_SET_DUMPABLE = 4
_PR_SET_NO_NEW_PRIVS = 38
_CLONE_NEWUSER = 0x10000000


class _Hung(Exception):
    """A timed-out cell ignored the interrupt: the kernel was killed."""


_TIMES: dict[str, float] = {}
_STATE: dict[str, bool] = {"private_nproc": False}


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the kernel)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 3)


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _private_user_namespace() -> bool:
    """Move into a new user namespace mapping our uid to itself (Linux, unprivileged).

    Since Linux 5.14 the process count behind RLIMIT_NPROC is kept per user namespace:
    a fork bomb in this sandbox then cannot starve the other sandboxes running under the
    same uid. Returns False where this is not possible (root, macOS, disabled userns).
    """
    libc = _libc()
    if libc is None or not sys.platform.startswith("linux") or os.getuid() == 0:
        return False
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER) != 0:
        return False
    try:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                           ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
    except OSError:
        return False
    return True


def _set_limits(limits: dict, *, processes: bool = True) -> None:
    def cap(which: int, value: int | None) -> None:
        if value is None:
            return
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))

    mb = 1024 * 1024
    cap(resource.RLIMIT_CORE, 0)
    if limits.get("memory_mb"):
        cap(resource.RLIMIT_AS, int(limits["memory_mb"]) * mb)
    if limits.get("cpu_seconds"):
        cap(resource.RLIMIT_CPU, int(limits["cpu_seconds"]))
    if limits.get("file_mb"):
        cap(resource.RLIMIT_FSIZE, int(limits["file_mb"]) * mb)
    if processes and limits.get("processes") and hasattr(resource, "RLIMIT_NPROC"):
        cap(resource.RLIMIT_NPROC, int(limits["processes"]))
    if limits.get("open_files"):
        cap(resource.RLIMIT_NOFILE, int(limits["open_files"]))


class _Reporter:
    def __init__(self, fd: int, cap: int) -> None:
        self.fd = fd
        self.left = cap

    def send(self, record: dict) -> None:
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        if len(data) > self.left:
            record = {k: v for k, v in record.items() if k != "outputs"}
            record["outputs"] = [_note("output dropped: the notebook's output limit was reached")]
            data = (json.dumps(record) + "\n").encode("utf-8")
        self.left -= len(data)
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]


def _note(text: str) -> dict:
    return {"output_type": "stream", "name": "stderr", "text": f"[grader] {text}\n"}


def _size(out: dict) -> int:
    return len(json.dumps(out, ensure_ascii=False))


class _ForkedKernel:
    """Stands in for jupyter_client's KernelManager: the kernel is our forked child."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.has_kernel = True

    def is_alive(self) -> bool:
        if not self.has_kernel:
            return False
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        if done:
            self.has_kernel = False
        return not done

    async def interrupt_kernel(self) -> None:
        try:
            os.kill(self.pid, signal.SIGINT)
        except OSError:
            pass

    async def kill_kernel(self) -> None:
        self.kill()

    def kill(self) -> None:
        for kill in (os.killpg, os.kill):  # its session/group first: its children too
            try:
                kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        while self.has_kernel and time.monotonic() < deadline:  # never block forever
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
            except ChildProcessError:
                break
            time.sleep(0.02)
        self.has_kernel = False


def _preload(modules: list[str]) -> None:
    """Import what every submission imports, once, before the kernel is forked."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - optional speed-up only
            continue


def _become_user(uid: int, gid: int) -> None:
    """Drop from root to ``uid``/``gid`` for good (no groups, no capabilities, no new privs)."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)  # from root: clears every capability
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if os.getuid() != uid or os.geteuid() != uid:
        raise OSError("could not drop privileges")


def _fork_kernel(sockets: str, report_fd: int, config: dict) -> tuple[int, str, bool]:
    """Fork an IPython kernel from this (preloaded) process.

    Returns (pid, connection file, whether the kernel has its own process count). With
    ``config["kernel_user"]`` (the runner is root inside bubblewrap) the kernel drops to that
    user: it can then neither signal nor stop the runner nor read what the runner holds.
    """
    from jupyter_client.connect import write_connection_file

    connection_file = os.path.join(sockets, "kernel.json")
    write_connection_file(connection_file, transport="ipc", ip=os.path.join(sockets, "k"))
    user = config.get("kernel_user")
    if user:  # the kernel (another uid) binds its sockets here and reads/writes this file
        os.chmod(sockets, 0o777)
        os.chmod(connection_file, 0o666)
    sys.stdout.flush()
    sys.stderr.flush()
    told, tell = os.pipe()
    pid = os.fork()
    if pid:
        os.close(tell)
        with os.fdopen(told, "rb") as handle:
            private = handle.read(1) == b"1"
        return pid, connection_file, private
    try:  # the kernel: student code runs here and below
        os.close(report_fd)
        os.close(told)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        private = False
        if user:
            _become_user(int(user[0]), int(user[1]))
            libc = _libc()
            if libc is not None:
                libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)  # needed to write its uid_map
            if config.get("user_namespace"):
                private = _private_user_namespace()
            _set_limits({"processes": config["limits"].get("processes")})
        os.write(tell, b"1" if private else b"0")
        os.close(tell)
        libc = _libc()
        if libc is not None and sys.platform.startswith("linux"):
            libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)  # its own /proc files, as usual
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.argv = ["ipykernel_launcher", "-f", connection_file]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", connection_file, "--HistoryManager.enabled=False"])
        app.start()
    finally:
        os._exit(0)


def _make_client(nb, config: dict, kernel: _ForkedKernel, connection_file: str):
    from jupyter_client.asynchronous import AsyncKernelClient
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError
    from nbclient.util import run_sync

    cell_cap = int(config["limits"]["output_kb_per_cell"]) * 1024

    class Client(NotebookClient):
        current_msg = None
        dropped = 0
        used = 0

        async def _async_check_alive(self):
            if not self.km.is_alive():
                raise DeadKernelError("Kernel died")

        async def _async_poll_for_reply(self, msg_id, *args, **kwargs):
            self.current_msg = msg_id
            return await super()._async_poll_for_reply(msg_id, *args, **kwargs)

        async def _async_handle_timeout(self, timeout, cell=None):
            await self.km.interrupt_kernel()
            deadline = time.monotonic() + GRACE_AFTER_INTERRUPT
            while time.monotonic() < deadline:
                try:
                    msg = await self.kc.shell_channel.get_msg(
                        timeout=max(0.05, deadline - time.monotonic()))
                except Exception:
                    break
                if msg.get("parent_header", {}).get("msg_id") == self.current_msg:
                    return {"content": {**self.error_on_timeout, "status": "error"}}
            # The cell ignores SIGINT (or holds the GIL): kill its kernel.
            await self.km.kill_kernel()
            raise _Hung()

        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if out is None or not outs or outs[-1] is not out:
                return out
            size = _size(out)
            if self.used + size > cell_cap:
                outs.pop()
                self.dropped += size
                return None
            self.used += size
            return out

    client = Client(
        nb,
        timeout=1,
        timeout_func=lambda cell: cell.metadata.get("_sandbox_budget", 1.0),
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": "the cell ran out of time",
                          "traceback": []},
        iopub_timeout=2,
    )
    client.km = kernel
    import zmq
    import zmq.asyncio

    context = zmq.asyncio.Context()
    # A kernel may send one gigantic message: drop it in zmq rather than read it.
    context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
    kc = AsyncKernelClient(connection_file=connection_file, context=context)
    kc.load_connection_file()
    kc.start_channels()
    client.kc = kc
    run_sync(kc.wait_for_ready)(timeout=float(config.get("startup_timeout", 60)))
    kc.allow_stdin = False
    return client


def _cell_status(cell) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            if out.get("ename") in {"CellTimeout", "KeyboardInterrupt"}:
                return "timeout"
            return "error"
    return "ok"


def run(notebook_path: str, config: dict, report: _Reporter) -> tuple[str, str]:
    import nbformat
    from nbclient.exceptions import DeadKernelError

    nb = nbformat.read(notebook_path, as_version=4)
    sockets = tempfile.mkdtemp(prefix="k-")
    cell_timeout = float(config["cell_timeout"])
    notebook_timeout = float(config["notebook_timeout"])
    kernel = client = None
    try:
        try:
            pid, connection_file, private = _fork_kernel(sockets, report.fd, config)
            _STATE["private_nproc"] = _STATE["private_nproc"] or private
            kernel = _ForkedKernel(pid)
            client = _make_client(nb, config, kernel, connection_file)
        except Exception as exc:
            if kernel is not None and kernel.is_alive():
                # it started but never answered: not something student code can cause
                pass
            return "infra_error", f"the kernel did not start: {type(exc).__name__}: {exc}"
        _TIMES["kernel_ready"] = _cpu()
        report.send({"phase": "running"})
        deadline = time.monotonic() + notebook_timeout
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout", f"notebook time limit ({notebook_timeout:g} s) exceeded"
            own = cell.metadata.get("sandbox", {})
            limit = float(own.get("timeout", cell_timeout)) if isinstance(own, dict) else cell_timeout
            cut_by_notebook = limit > remaining
            cell.metadata["_sandbox_budget"] = max(0.5, min(limit, remaining))
            client.used = client.dropped = 0
            status = None
            try:
                client.execute_cell(cell, index)
            except _Hung:
                status = "timeout"
            except DeadKernelError:
                status = "dead"
            finally:
                cell.metadata.pop("_sandbox_budget", None)
            if status is None:
                status = _cell_status(cell)
            outputs = list(cell.get("outputs", []))
            if status in {"timeout", "dead"} and _cell_status(cell) == "ok":
                # killed mid-cell: say so the way a kernel reports errors
                outputs.append({"output_type": "error", "traceback": [], **(
                    {"ename": "CellTimeout",
                     "evalue": f"the cell ran out of time ({limit:g} s), ignored the "
                               "interrupt and its kernel was killed"}
                    if status == "timeout" else
                    {"ename": "DeadKernelError", "evalue": "the kernel died in this cell"})})
            if client.dropped:
                outputs.append(_note(f"output truncated: {client.dropped} bytes dropped"))
            report.send({"cell": index, "status": status, "outputs": outputs,
                         "execution_count": cell.get("execution_count")})
            if status == "dead":
                return "kernel_died", f"the kernel died in cell {index}"
            if status == "timeout" and cut_by_notebook:
                return "timeout", f"notebook time limit ({notebook_timeout:g} s) exceeded"
            if status == "timeout" and not kernel.has_kernel:
                return "timeout", (f"cell {index} ran out of time ({limit:g} s) and ignored "
                                   "the interrupt: its kernel was killed")
        return "ok", ""
    finally:
        if kernel is not None:
            kernel.kill()
        if client is not None and client.kc is not None:
            try:
                client.kc.stop_channels()
            except Exception:  # noqa: S110
                pass
        shutil.rmtree(sockets, ignore_errors=True)


def main() -> int:
    notebook_path, config_text, fd_text = sys.argv[1:4]
    config = json.loads(config_text)
    fd = int(fd_text)
    os.set_inheritable(fd, False)
    report = _Reporter(fd, int(config["limits"]["output_kb_total"]) * 1024)
    report.send({"phase": "starting"})
    user = config.get("kernel_user")
    if not user and config.get("user_namespace"):
        # Runner and kernel share a uid: the user namespace (and its process count) too.
        _STATE["private_nproc"] = _private_user_namespace()
    # Nobody can read our descriptors (the result file) or memory through /proc or ptrace.
    # (After the user namespace: a non-dumpable process cannot write its uid_map.)
    libc = _libc()
    if libc is not None and sys.platform.startswith("linux"):
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # too-large writes fail, do not kill us
    # With a kernel user the process limit is set in the kernel, after it left root.
    _set_limits(config["limits"], processes=not user)
    for folder in ("HOME", "MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "XDG_CACHE_HOME"):
        if os.environ.get(folder):
            os.makedirs(os.environ[folder], exist_ok=True)
            if user:  # private /tmp of this sandbox: the kernel's user must write here
                os.chmod(os.environ[folder], 0o777)
    seed = config.get("mpl_cache")
    try:  # matplotlib's font list, so that it is not rebuilt for every submission
        if seed and os.path.isdir(seed) and os.environ.get("MPLCONFIGDIR"):
            for name in os.listdir(seed):
                if name.startswith("fontlist") and name.endswith(".json"):
                    shutil.copy(os.path.join(seed, name), os.environ["MPLCONFIGDIR"])
    except OSError:
        pass
    _TIMES["start"] = _cpu()
    _preload(list(config.get("preload", [])))
    _TIMES["preloaded"] = _cpu()
    if config.get("copy_from"):  # into the sandbox's own, size-limited folder
        shutil.copyfile(config["copy_from"], notebook_path)
        os.chmod(notebook_path, 0o666)
    try:
        status, message = run(notebook_path, config, report)
    except Exception as exc:  # keep the grader informed
        # Once student code runs, a failure here is most likely its doing (memory...).
        status = "error" if "kernel_ready" in _TIMES else "infra_error"
        message = f"sandbox runner failed: {type(exc).__name__}: {exc}"
    report.send({"phase": "done", "status": status, "message": message,
                 "private_nproc": _STATE["private_nproc"], "cpu_seconds": _cpu(), "cpu_marks": _TIMES})
    return 0


if __name__ == "__main__":
    sys.exit(main())
