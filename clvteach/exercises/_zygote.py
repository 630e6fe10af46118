"""A warm "zygote" that forks ready-made IPython kernels for the grader.

Starting a kernel and importing numpy, pandas, matplotlib and clvteach costs about 4 s of
CPU per submission, more than the grading itself. The zygote pays it once: it imports
everything, then listens on a Unix socket and forks one kernel per request (copy-on-write,
a few milliseconds). Each kernel runs in its own session, with the submission's folder as
working directory, the non-interactive Agg backend (figures are inspected, not rendered)
and a watchdog that exits when its launcher (``_launch.py``) is gone.

Usage: ``python -m clvteach.exercises._zygote SOCKET`` (prints ``ready`` when listening).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time

__all__: list[str] = []


def _preload() -> None:
    os.environ["MPLBACKEND"] = "agg"
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    from ipykernel import kernelapp  # noqa: F401

    import clvteach  # noqa: F401
    import clvteach.exercises  # noqa: F401


def _watchdog(pid: int) -> None:
    def watch() -> None:
        while True:
            time.sleep(0.2)
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    if handle.read().split(")", 1)[1].split()[0] == "Z":
                        os._exit(1)
            except FileNotFoundError:
                os._exit(1)
            except OSError:
                pass

    threading.Thread(target=watch, daemon=True).start()


def _become_kernel(request: dict) -> None:
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.chdir(request["cwd"])
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    _watchdog(int(request["watch_pid"]))
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(["-f", request["connection_file"]])
    app.start()


def serve(path: str) -> None:
    _preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped automatically
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    print("ready", flush=True)
    # Nobody reads our stdout/stderr any more: never let a kernel block on a full pipe.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    while True:
        conn, _ = server.accept()
        try:
            request = json.loads(conn.makefile().readline())
        except (ValueError, OSError):
            conn.close()
            continue
        pid = os.fork()
        if pid == 0:  # the kernel
            server.close()
            conn.close()
            try:
                _become_kernel(request)
            finally:
                os._exit(0)
        conn.sendall(f"{pid}\n".encode())
        conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
