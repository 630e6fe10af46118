"""TEMPORARY stand-in for :mod:`clvteach.exercises.sandbox` (issue 12, sandbox helper).

Same interface as the real module (``execute_isolated``, ``execute_many``,
``ExecutionResult``) so that the grader can be written against it; it runs each notebook
in a fresh temporary directory holding only a copy of it, with the warm kernel zygote for
speed, but WITHOUT process isolation (no unprivileged user, no private filesystem, no
limits). Delete this module once ``sandbox.py`` is merged; ``grade.py`` prefers the real
one when it exists.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["ExecutionResult", "execute_isolated", "execute_many"]

LAUNCHER = Path(__file__).with_name("_launch.py")
ZYGOTE_KERNEL_NAME = ":clvteach-zygote"


@dataclass
class ExecutionResult:
    notebook: nbformat.NotebookNode | None
    status: str  # ok | timeout | kernel_died | error | infra_error
    message: str = ""
    protections: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0


PROTECTIONS = {"own_temp_dir": True, "unprivileged_user": False, "private_filesystem": False,
               "no_network": False, "resource_limits": False, "process_tree_killed": False}


class _Zygote:
    def __init__(self) -> None:
        import subprocess

        self.folder = tempfile.mkdtemp(prefix="clvteach-zygote-")
        self.socket = os.path.join(self.folder, "zygote.sock")
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "agg"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "clvteach.exercises._zygote", self.socket],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        if self.process.stdout.readline().strip() != "ready":
            self.close()
            raise RuntimeError("the kernel zygote did not start")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _manager(zygote: str | None, cwd: Path) -> Any:
    from jupyter_client.kernelspec import KernelSpec
    from nbval.kernel import NbvalKernelspecManager

    class Manager(NbvalKernelspecManager):
        def get_kernel_spec(self, kernel_name: str) -> Any:
            if kernel_name == ZYGOTE_KERNEL_NAME:
                return KernelSpec(
                    argv=[sys.executable, "-S", str(LAUNCHER), zygote, "{connection_file}",
                          str(cwd)],
                    display_name="clvteach grader", language="python", interrupt_mode="signal")
            return super().get_kernel_spec(kernel_name)

    return Manager()


def _execute(nb: nbformat.NotebookNode, cell_timeout: float, notebook_timeout: float,
             zygote: str | None) -> ExecutionResult:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME

    start = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="clvteach-run-"))
    nbformat.write(nb, folder / "submission.ipynb")
    nb = nbformat.read(folder / "submission.ipynb", as_version=4)
    budget = {"seconds": cell_timeout}
    client = NotebookClient(
        nb, timeout=int(cell_timeout), timeout_func=lambda cell: max(0.5, budget["seconds"]),
        allow_errors=True, interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": "the cell ran out of time",
                          "traceback": []},
        kernel_name=ZYGOTE_KERNEL_NAME if zygote else CURRENT_ENV_KERNEL_NAME,
        kernel_manager_class="jupyter_client.manager.AsyncKernelManager",
        resources={"metadata": {"path": str(folder)}}, startup_timeout=60,
        shutdown_kernel="immediate")
    client.km = client.create_kernel_manager()
    client.km.kernel_spec_manager = _manager(zygote, folder)
    sockets = tempfile.mkdtemp(prefix="clvteach-kernel-")
    client.km.transport = "ipc"
    client.km.ip = os.path.join(sockets, "k")
    status, message = "ok", ""
    try:
        with client.setup_kernel():
            deadline = time.monotonic() + notebook_timeout
            for index, cell in enumerate(nb.cells):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    status, message = "timeout", f"notebook time limit ({notebook_timeout:g} s)"
                    break
                budget["seconds"] = min(cell_timeout, remaining)
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    continue
                except DeadKernelError:
                    status, message = "kernel_died", f"the kernel died in cell {index}"
                    break
    except DeadKernelError:
        status, message = "kernel_died", "the kernel died"
    except Exception as exc:  # kernel failed to start, zmq trouble ...
        status, message = "infra_error", f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    return ExecutionResult(nb, status, message, dict(PROTECTIONS),
                           time.perf_counter() - start)


def execute_isolated(nb: nbformat.NotebookNode, *, cell_timeout: float, notebook_timeout: float,
                     isolation: str = "auto") -> ExecutionResult:
    """Run ``nb`` in a fresh kernel in its own temporary directory (no isolation here)."""
    return _execute(nb, cell_timeout, notebook_timeout, None)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def execute_many(items: Iterable[tuple[str, nbformat.NotebookNode]], *, jobs: int,
                 cell_timeout: float, notebook_timeout: float,
                 isolation: str = "auto") -> Iterator[tuple[str, ExecutionResult]]:
    """Run many notebooks, ``jobs`` at a time; yield ``(name, result)`` as they finish."""
    items = list(items)
    zygote = None
    if sys.platform.startswith("linux"):
        try:
            zygote = _Zygote()
        except (OSError, RuntimeError):
            zygote = None
    socket = zygote.socket if zygote else None
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(items) or 1)),
                               mp_context=multiprocessing.get_context(method),
                               initializer=_worker_init)
    try:
        futures = {pool.submit(_execute, nb, cell_timeout, notebook_timeout, socket): name
                   for name, nb in items}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    result = future.result()
                except Exception as exc:  # a worker died
                    result = ExecutionResult(None, "infra_error", f"{type(exc).__name__}: {exc}")
                yield futures[future], result
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            try:
                process.kill()
            except OSError:
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if zygote:
            zygote.close()
