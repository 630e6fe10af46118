"""Kernel launcher used by the grader: ask the zygote for a kernel and stand in for it.

Run as ``python -S _launch.py SOCKET CONNECTION_FILE CWD`` (standard library only, so it
starts in milliseconds). jupyter_client sees this process as "the kernel": it forwards
SIGINT/SIGTERM to the real kernel (forked by the zygote, see ``_zygote.py``) and exits when
the kernel dies, so interrupts, timeouts and dead-kernel detection work as usual.
"""
import json
import os
import signal
import socket
import sys
import time

__all__: list[str] = []  # a script, run by path (grade.LAUNCHER)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main() -> int:
    sock_path, connection_file, cwd = sys.argv[1:4]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(sock_path)
        request = {"connection_file": connection_file, "cwd": cwd, "watch_pid": os.getpid()}
        conn.sendall((json.dumps(request) + "\n").encode())
        kernel = int(conn.makefile().readline())

    def forward(signum, frame):
        try:
            os.kill(kernel, signum)
        except ProcessLookupError:
            pass
        if signum == signal.SIGTERM:
            sys.exit(0)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    while _alive(kernel):
        time.sleep(0.05)
    return 1


if __name__ == "__main__":
    sys.exit(main())
