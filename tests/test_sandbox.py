"""Hostile submissions against the sandbox (clvteach.exercises.sandbox), issue 12 points 4-5.

Each hostile notebook tries one attack; they run in ONE parallel run together with an
honest notebook that must still be executed correctly. Afterwards the files they attacked
are byte-identical and no process they started survives (checked by the environment
marker every sandboxed process carries, and by a token in the command line of processes
that scrubbed their environment).

In CI the grader runs as root with Debian's bubblewrap installed, so the bubblewrap path
(kernel as nobody, private file system, no network, own PID namespace) is exercised; the
tests that need it fail (rather than skip) there when it is unavailable.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from clvteach.exercises import sandbox as sb

ROOT = Path(__file__).resolve().parent.parent
BWRAP = sb._bwrap_problem() is None
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
needs_bwrap = pytest.mark.skipif(not BWRAP and not IN_CI,
                                 reason=f"bubblewrap sandbox unavailable: {sb._bwrap_problem()}")


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent(s).strip()) for s in sources]
    return nb


def text(cell) -> str:
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def survivors(token: str) -> list[int]:
    """Live, non-zombie processes whose command line contains ``token``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if token.encode() in cmd and state != b"Z" and int(entry) != os.getpid():
            found.append(int(entry))
    return found


HONEST = notebook(
    "import clvteach as ct\nimport numpy as np\nvalues = np.arange(10)",
    "total = int(values.sum())\nprint('total', total)",
    "total * 2",
)


def check_honest(result: sb.ExecutionResult) -> None:
    assert result.status == "ok", result.message
    cells = result.notebook.cells
    assert [c.metadata["sandbox"]["status"] for c in cells] == ["ok", "ok", "ok"]
    assert text(cells[1]) == "total 45\n"
    assert text(cells[2]) == "90"


# --------------------------------------------------------------------------- API
def test_interface_validates_its_options():
    with pytest.raises(ValueError, match="isolation must be one of"):
        sb.protections("docker")
    with pytest.raises(ValueError, match="jobs must be a positive integer"):
        list(sb.execute_many([], jobs=0, cell_timeout=1, notebook_timeout=1))
    with pytest.raises(ValueError, match="cell_timeout must be a positive number"):
        list(sb.execute_many([], jobs=1, cell_timeout=-1, notebook_timeout=1))
    with pytest.raises(ValueError, match="Limits.memory_mb must be a positive integer"):
        sb.Limits(memory_mb=0)


def test_a_sandbox_that_cannot_start_is_an_infrastructure_error(monkeypatch, tmp_path):
    monkeypatch.setattr(sb, "RUNNER", tmp_path / "missing_runner.py")
    result = sb.execute_isolated(HONEST, cell_timeout=5, notebook_timeout=10, isolation="none")
    assert result.status == "infra_error"
    assert "did not start" in result.message and "missing_runner.py" in result.message
    assert result.notebook is None


def test_protections_say_what_is_off_without_isolation():
    off = sb.protections("none")
    assert off["rlimits"] is True
    assert not off["private_filesystem"] and not off["no_network"]
    assert "protections OFF" in sb.protection_summary("none")


def test_ci_as_root_uses_bubblewrap_with_every_protection():
    if not IN_CI:
        pytest.skip("checked in CI, where the grader runs as root with bubblewrap installed")
    assert sb._bwrap_problem() is None, sb._bwrap_problem()
    assert all(sb.protections("auto").values()), sb.protections("auto")


# --------------------------------------------------------------------------- hostile run
def hostile_notebooks(token: str, watched: dict[str, Path], port: int) -> dict[str, nbformat.NotebookNode]:
    python = sys.executable
    late = watched["late"]
    return {
        "kill_parent": notebook(
            "before = 1\nprint('before')",
            "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nimport time; time.sleep(5)",
            "print('after')",
        ),
        "stop_parent": notebook(
            """
            import os, signal
            for pid in (os.getppid(), 1):
                for sig in (signal.SIGSTOP, signal.SIGKILL):
                    try:
                        os.kill(pid, sig)
                        print('SIGNALLED', pid)
                    except OSError as exc:
                        print('cannot signal', type(exc).__name__)
            """,
            "print('after', os.getuid())",
        ),
        "kill_kernel": notebook(
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
            "print('after')",
        ),
        "daemon": notebook(
            f"""
            import os, sys
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    code = "import time; time.sleep(4); open({str(late)!r}, 'w').write('late')"
                    # scrub the environment (no marker) and hide under an innocent name
                    os.execve({python!r}, [{python!r}, '-c', code + '  # {token}'], {{}})
                os._exit(0)
            print('daemon started')
            """,
        ),
        "files": notebook(
            f"""
            import glob, os
            targets = {json.dumps({k: str(v) for k, v in watched.items() if k != 'late'})}
            targets.update({{"sibling" + str(i): p for i, p in
                             enumerate(glob.glob('/tmp/clvteach-sandbox-*/work/*.ipynb'))}})
            for name, path in targets.items():
                try:
                    print(name, 'READ', len(open(path, 'rb').read()))
                except Exception as exc:
                    print(name, 'no read', type(exc).__name__)
                try:
                    with open(path, 'r+b') as handle:  # overwrite, never create
                        handle.write(b'pwned')
                    print(name, 'WRITTEN')
                except Exception as exc:
                    print(name, 'no write', type(exc).__name__)
            """,
        ),
        "disk": notebook(
            """
            import os
            written = 0
            try:
                for folder in ('.', '/tmp'):
                    for i in range(20):
                        with open(f'{folder}/fill{i}.bin', 'wb') as handle:
                            handle.write(b'0' * (50 * 1024**2))
                        written += 50
            except OSError as exc:
                print('stopped', exc.strerror)
            print('written MB', written)
            """,
        ),
        "network": notebook(
            f"""
            import socket
            try:
                socket.create_connection(('127.0.0.1', {port}), timeout=3)
                print('CONNECTED')
            except OSError as exc:
                print('no network', type(exc).__name__)
            """,
        ),
        "fork_loop": notebook(
            """
            import os, time
            children = 0
            try:
                for _ in range(5000):
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    children += 1
            except OSError as exc:
                print('stopped', type(exc).__name__)
            print('children', children)
            """,
            "print('still alive')",
        ),
        "memory": notebook(
            "big = bytearray(16 * 1024**3)",
            "chunks = []\nfor _ in range(200):\n    chunks.append(bytearray(100 * 1024**2))",
            "del chunks\nprint('still alive')",
        ),
        "big_outputs": notebook(
            "open('big.bin', 'wb').write(b'0' * (200 * 1024**2))",
            "print('x' * (40 * 1024**2))",
            "print('still alive')",
            "print('y' * (300 * 1024**2))  # over the message limit: dropped unread",
        ),
    }


@pytest.fixture
def watched(tmp_path):
    """Files a submission must neither read nor change (world-readable ones included)."""
    marker = uuid.uuid4().hex
    public = Path(f"/tmp/clvteach-test-public-{marker}.txt")
    public.write_text("instructor key: 42\n")
    public.chmod(0o666)
    open_dir = Path(f"/tmp/clvteach-test-open-{marker}")
    open_dir.mkdir()
    open_dir.chmod(0o777)  # even a daemon running as nobody could write here
    files = {
        "solutions": ROOT / "solutions" / "ex01_customer_value.ipynb",
        "package": ROOT / "clvteach" / "__init__.py",
        "public": public,
        "late": open_dir / "late.txt",
    }
    yield files
    public.unlink(missing_ok=True)
    for child in open_dir.iterdir():
        child.unlink()
    open_dir.rmdir()


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def run_hostile(isolation: str, watched, listener, token: str, names=None):
    port = listener.getsockname()[1]
    books = hostile_notebooks(token, watched, port)
    if names is not None:
        books = {k: v for k, v in books.items() if k in names}
    items = list(books.items()) + [("honest", HONEST)]
    before = {k: digest(p) for k, p in watched.items() if p.exists()}
    started = time.monotonic()
    results = dict(sb.execute_many(items, jobs=2, cell_timeout=20, notebook_timeout=60,
                                   isolation=isolation,
                                   limits=sb.Limits(memory_mb=2048, processes=128)))
    elapsed = time.monotonic() - started
    if "daemon" in books:
        time.sleep(5)  # the daemon would write after 4 s
    assert set(results) == set(books) | {"honest"}
    return results, before, elapsed


def assert_common(results, watched, token):
    check_honest(results["honest"])

    killed = results["kill_parent"]
    assert text(killed.notebook.cells[0]) == "before\n"
    if killed.protections["unprivileged_user"]:  # the runner is out of the kernel's reach
        assert killed.status == "ok", killed
        assert "PermissionError" in text(killed.notebook.cells[1])
        assert text(killed.notebook.cells[2]) == "after\n"
    else:  # runner killed: this submission (only) loses the cells not run
        assert killed.status in {"kernel_died", "error"}, killed
        assert killed.notebook.cells[2].metadata["sandbox"]["status"] == "not-run"

    died = results["kill_kernel"]
    assert died.status == "kernel_died", died
    assert died.notebook.cells[0].metadata["sandbox"]["status"] == "dead"

    mem = results["memory"]
    assert mem.status == "ok", mem.message
    assert "MemoryError" in text(mem.notebook.cells[0])
    assert "MemoryError" in text(mem.notebook.cells[1])
    assert text(mem.notebook.cells[2]) == "still alive\n"

    big = results["big_outputs"]
    assert big.status == "ok", big.message
    assert "File too large" in text(big.notebook.cells[0])
    assert "output truncated" in text(big.notebook.cells[1])
    assert text(big.notebook.cells[2]) == "still alive\n"
    assert "y" * 1000 not in text(big.notebook.cells[3])
    assert len(json.dumps(big.notebook)) < 4 * 1024 * 1024

    assert sb.sandbox_processes(f"{os.getpid()}-") == []
    assert survivors(token) == []


@pytest.mark.slow
@needs_bwrap
def test_hostile_submissions_in_bubblewrap(watched, listener):
    token = f"hostile-{uuid.uuid4().hex}"
    results, before, elapsed = run_hostile("bwrap", watched, listener, token)
    assert_common(results, watched, token)
    assert not watched["late"].exists(), "a detached daemon outlived its sandbox"

    fork = results["fork_loop"]
    assert fork.status == "ok", fork.message
    out = text(fork.notebook.cells[0])
    assert "stopped BlockingIOError" in out, out
    assert int(out.split("children ")[1]) < 128
    assert text(fork.notebook.cells[1]) == "still alive\n"
    for result in results.values():
        assert all(result.protections[k] for k in
                   ("private_filesystem", "unprivileged_user", "no_network",
                    "process_tree_killed")), result.protections

    stop = results["stop_parent"]
    assert stop.status == "ok", stop.message
    assert "SIGNALLED" not in text(stop.notebook.cells[0]), text(stop.notebook.cells[0])
    assert text(stop.notebook.cells[1]) == f"after {sb.NOBODY}\n"

    files = text(results["files"].notebook.cells[0])
    assert "WRITTEN" not in files, files
    assert "package READ" in files  # the course's library is there, read-only
    assert "solutions no read FileNotFoundError" in files
    assert "public no read FileNotFoundError" in files
    assert "sibling" not in files  # other submissions are not even visible

    disk = text(results["disk"].notebook.cells[0])
    assert "stopped No space left on device" in disk, disk
    assert int(disk.split("written MB ")[1]) <= 256

    net = text(results["network"].notebook.cells[0])
    assert net.startswith("no network"), net
    with pytest.raises(BlockingIOError):
        listener.accept()

    after = {k: digest(p) for k, p in watched.items() if p.exists()}
    assert after == before


@pytest.mark.slow
def test_hostile_submissions_without_isolation_cost_only_themselves(watched, listener):
    """Plain subprocess mode: no file/network protection, but the runner holds."""
    token = f"hostile-{uuid.uuid4().hex}"
    # (no fork loop: RLIMIT_NPROC does not bind a root grader; no daemon: tested below)
    names = {"kill_parent", "kill_kernel", "memory", "big_outputs"}
    results, _, _ = run_hostile("none", watched, listener, token, names)
    assert_common(results, watched, token)


@pytest.mark.slow
def test_a_marked_daemon_is_killed_without_isolation(tmp_path):
    late = tmp_path / "late.txt"
    nb = notebook(f"""
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(3)
                open({str(late)!r}, 'w').write('late')
                os._exit(0)
            os._exit(0)
        print('started')
        """)
    result = sb.execute_isolated(nb, cell_timeout=10, notebook_timeout=20, isolation="none")
    assert result.status == "ok", result.message
    time.sleep(4)
    assert not late.exists()
    assert sb.sandbox_processes(f"{os.getpid()}-") == []


@pytest.mark.slow
def test_a_cell_ignoring_interrupts_is_killed_and_later_cells_not_run():
    nb = notebook(
        "print('first')",
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nsum(range(10**13))",
        "print('never')",
    )
    result = sb.execute_isolated(nb, cell_timeout=2, notebook_timeout=30)
    assert result.status == "timeout", result
    assert "ignored the interrupt" in result.message
    cells = result.notebook.cells
    assert [c.metadata["sandbox"]["status"] for c in cells] == ["ok", "timeout", "not-run"]
    assert result.seconds < 25
    assert sb.sandbox_processes(f"{os.getpid()}-") == []


@pytest.mark.slow
def test_an_infinite_loop_is_interrupted_and_the_next_cells_run():
    nb = notebook("while True:\n    pass", "print('next')")
    result = sb.execute_isolated(nb, cell_timeout=2, notebook_timeout=30)
    assert result.status == "ok", result.message
    assert result.notebook.cells[0].metadata["sandbox"]["status"] == "timeout"
    assert text(result.notebook.cells[1]) == "next\n"


GRADER = """
import sys, nbformat
from clvteach.exercises import sandbox as sb
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell(
    "import signal\\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\\nsum(range(10**13))")]
items = [(str(i), nb) for i in range(4)]
print("grading", flush=True)
try:
    for key, result in sb.execute_many(items, jobs=2, cell_timeout=600, notebook_timeout=600):
        print("yielded", key, flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    raise
"""


@pytest.mark.slow
def test_ctrl_c_stops_the_grader_within_5_s_and_leaves_no_process():
    grader = subprocess.Popen([sys.executable, "-c", GRADER], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        prefix = f"{grader.pid}-"
        deadline = time.monotonic() + 90
        # wait until both parallel kernels spin (their processes carry the marker):
        # bwrap, its PID 1, the runner and the kernel (runner and kernel without bwrap)
        expected = 2 * (4 if BWRAP else 2)
        while len(sb.sandbox_processes(prefix)) < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        assert sb.sandbox_processes(prefix), "no sandbox started"
        time.sleep(3)  # the cells are now spinning with SIGINT ignored
        started = time.monotonic()
        grader.send_signal(signal.SIGINT)
        out, err = grader.communicate(timeout=30)
        stopped = time.monotonic() - started
    finally:
        if grader.poll() is None:
            grader.kill()
            grader.wait()
    assert stopped < 5, f"Ctrl-C took {stopped:.1f} s"
    assert "interrupted" in out and "yielded" not in out, out
    assert "KeyboardInterrupt" in err
    assert grader.returncode != 0
    assert sb.sandbox_processes(prefix) == []
