"""A class on one JupyterHub under load: N students log in, open notebook 03, run it and
move the CLV calculator's retention slider.

Starts the same hub as tests/test_hub.py (the class configuration with a dummy
authenticator and local processes, everything on 127.0.0.1) and N simulated students,
each in a thread: log in with the form, start the server, open notebook 03 through the
contents API, start a kernel, run every code cell over the kernel websocket (as "Run
all" does), then move the calculator's retention slider ``--moves`` times through
comm messages (what the browser's widget manager sends), with a think time between
moves, timing each move until the readout and the new figure are back and the kernel
is idle. Students arrive over ``--ramp`` seconds (a lecture's start, not one instant).

Reports, per N: login-to-ready time (login form until the server is up and the
notebook opened), run-all time, p50/p95 slider latency, memory per student (single-user
server + kernel: RSS, PSS, USS), hub and proxy memory, CPU seconds, and a sizing rule
(RAM and cores per 100 students).

Bounded: at most ``--max-students`` students, and everything stops (hub, proxy, all
servers and kernels) after ``--time-limit`` seconds per run, finished or not.

Usage: python benchmarks/hub_load.py [--students 10 30] [--moves 15] [--json out.json]
"""
from __future__ import annotations

import argparse
import faulthandler
import json
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hub_support import (  # noqa: E402
    LocalHub, Student, code_cells, copy_course, cpu_seconds, memory_kb,
)

NOTEBOOK = "notebooks/03_clv_fundamentals.ipynb"
MAX_STUDENTS = 40
VERBOSE = False
T0 = time.monotonic()


def say(name: str, what: str) -> None:
    if VERBOSE:
        print(f"{time.monotonic() - T0:7.1f} s  {name}: {what}", flush=True)


@dataclass
class Result:
    name: str
    login_to_ready: float = float("nan")
    run_all: float = float("nan")
    latencies: list[float] = field(default_factory=list)
    error: str | None = None
    cpu_run_all: float = 0.0          # CPU s of server + kernel until run-all finished
    cpu_moves: float = 0.0            # CPU s of the kernel during the slider moves
    memory: dict[str, int] = field(default_factory=dict)  # kB, server + kernel


def student_session(hub: LocalHub, name: str, result: Result, *, cells: list[str],
                    moves: int, think: float, delay: float, deadline: float,
                    done: threading.Barrier, release: threading.Event) -> None:
    kernel = None
    try:
        time.sleep(delay)
        rng = random.Random(name)
        student = Student(hub, name)
        t0 = time.perf_counter()
        r = student.login()
        if r.status_code != 302:
            raise RuntimeError(f"login answered {r.status_code}")
        student.request_server()
        student.wait_ready(timeout=max(1.0, deadline - time.monotonic()))
        student.get_token()
        r = student.api("GET", f"/api/contents/{NOTEBOOK}")
        r.raise_for_status()
        result.login_to_ready = time.perf_counter() - t0
        say(name, f"ready after {result.login_to_ready:.1f} s")

        kernel = student.start_kernel()
        t1 = time.perf_counter()
        calculator: list[str] = []
        for code in cells:
            out = kernel.execute(code, timeout=max(1.0, deadline - time.monotonic()))
            if out.status != "ok":
                raise RuntimeError(f"cell {code[:40]!r} failed: {out.error}")
            if "clv_calculator()" in code:
                calculator = out.comm_ids
            say(name, f"cell {code[:30]!r} {out.seconds:.1f} s")
        result.run_all = time.perf_counter() - t1
        pids = hub.user_pids(name)
        result.cpu_run_all = sum(cpu_seconds(p) for p in pids)

        (slider,) = kernel.find_widgets(calculator, model="FloatSliderModel",
                                        css_class="ct-retention")
        (image,) = kernel.find_widgets(calculator, model="ImageModel")
        (readout,) = kernel.find_widgets(calculator, model="LabelModel",
                                         css_class="ct-current-value")
        cpu_before = sum(cpu_seconds(p) for p in pids)
        value = 0.80
        for _ in range(moves):
            if time.monotonic() > deadline:
                raise TimeoutError("time limit reached during the slider moves")
            time.sleep(rng.uniform(0.5, 1.5) * think)
            # A step of 1-5 points up or down, inside 0.50-0.95, never the same value
            # (an unchanged value sends nothing back).
            step = rng.choice([-1, 1]) * rng.randint(1, 5) / 100
            if not 0.50 <= value + step <= 0.95:
                step = -step
            value = round(value + step, 2)
            result.latencies.append(kernel.set_widget(
                slider, [image, readout], value=value,
                timeout=max(1.0, deadline - time.monotonic())))
            say(name, f"slider {value}: {1000 * result.latencies[-1]:.0f} ms")
        result.cpu_moves = sum(cpu_seconds(p) for p in pids) - cpu_before
    except Exception as exc:  # recorded and reported; the run goes on
        result.error = f"{type(exc).__name__}: {exc}"
        say(name, result.error)
    finally:
        # Hold the kernel open until every student is done, so memory is measured with
        # the whole class on the hub.
        try:
            done.wait(timeout=max(1.0, deadline - time.monotonic()))
        except threading.BrokenBarrierError:
            pass
        release.wait(timeout=60)
        if kernel is not None:
            kernel.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_class(n: int, *, moves: int, think: float, ramp: float, time_limit: float) -> dict:
    names = [f"student{i:02d}" for i in range(1, n + 1)]
    cells = code_cells(ROOT / NOTEBOOK)
    with tempfile.TemporaryDirectory(prefix="clvteach-hub-load-") as tmp:
        workdir = Path(tmp)
        for name in names:
            copy_course(workdir / "home" / name)
        hub = LocalHub(workdir, names, timeout=time_limit, spawn_limit=n)
        t_start = time.monotonic()
        hub.start()
        deadline = time.monotonic() + time_limit
        results = {name: Result(name) for name in names}
        done = threading.Barrier(n + 1)
        release = threading.Event()
        threads = [threading.Thread(
            target=student_session, args=(hub, name, results[name]), daemon=True,
            kwargs=dict(cells=cells, moves=moves, think=think, delay=ramp * i / n,
                        deadline=deadline, done=done, release=release))
            for i, name in enumerate(names)]
        try:
            for t in threads:
                t.start()
            try:
                done.wait(timeout=max(1.0, deadline - time.monotonic()))
            except threading.BrokenBarrierError:
                pass
            time.sleep(1.0)
            # Memory with the whole class on the hub (kernels still open).
            for name in names:
                mem = {"rss": 0, "pss": 0, "uss": 0}
                for pid in hub.user_pids(name):
                    for k, v in memory_kb(pid).items():
                        mem[k] += v
                results[name].memory = mem
            hub_mem = memory_kb(hub.proc.pid)
            proxy_pid = hub.proxy_pid()
            proxy_mem = memory_kb(proxy_pid) if proxy_pid else {}
            hub_cpu = cpu_seconds(hub.proc.pid)
            proxy_cpu = cpu_seconds(proxy_pid) if proxy_pid else 0.0
            wall = time.monotonic() - t_start
        finally:
            release.set()
            join_by = time.monotonic() + 20
            for t in threads:
                t.join(timeout=max(0.1, join_by - time.monotonic()))
            t_stop = time.monotonic()
            survivors = hub.stop()
            say("hub", f"stopped in {time.monotonic() - t_stop:.1f} s")
            if VERBOSE:
                print(hub.log(tail=40))
    ok = [r for r in results.values() if r.error is None]
    lat = [x for r in ok for x in r.latencies]
    return {
        "students": n, "completed": len(ok), "moves_per_student": moves,
        "errors": {r.name: r.error for r in results.values() if r.error},
        "wall_seconds": wall,
        "login_to_ready_s": {"p50": pct([r.login_to_ready for r in ok], 0.5),
                             "max": max((r.login_to_ready for r in ok), default=float("nan"))},
        "run_all_s": {"p50": pct([r.run_all for r in ok], 0.5),
                      "max": max((r.run_all for r in ok), default=float("nan"))},
        "slider_ms": {"p50": 1000 * pct(lat, 0.5), "p95": 1000 * pct(lat, 0.95),
                      "n": len(lat)},
        "per_student_mb": {k: statistics.mean(r.memory[k] for r in ok) / 1024
                           for k in ("rss", "pss", "uss")} if ok else {},
        "hub_mb": {k: v / 1024 for k, v in hub_mem.items()},
        "proxy_mb": {k: v / 1024 for k, v in proxy_mem.items()},
        "cpu_s_per_student_run_all": statistics.mean(r.cpu_run_all for r in ok) if ok else 0,
        "cpu_s_per_move": (sum(r.cpu_moves for r in ok) / max(1, len(lat))),
        "hub_cpu_s": hub_cpu, "proxy_cpu_s": proxy_cpu,
        "survivors": survivors,
        "per_student": [asdict(r) for r in results.values()],
    }


def sizing(run: dict, *, headroom: float = 1.5, burst_window: float = 120.0,
           move_every: float = 10.0) -> dict:
    """RAM and cores per 100 students from one run's measurements.

    RAM: 100 x (server + kernel PSS per student) + hub + proxy, times ``headroom``
    (students open more notebooks than 03; notebook 05 fits models).
    Cores: the larger of (a) every student does login + run-all within
    ``burst_window`` seconds (start of a lecture), and (b) every student moves a slider
    every ``move_every`` seconds (the exploring part of the lecture).
    """
    per = run["per_student_mb"]["pss"]
    ram_gb = (100 * per + run["hub_mb"].get("pss", 0) + run["proxy_mb"].get("pss", 0)) \
        * headroom / 1024
    cores_burst = 100 * run["cpu_s_per_student_run_all"] / burst_window
    cores_moves = 100 * run["cpu_s_per_move"] / move_every
    return {"ram_gb": ram_gb, "cores_burst": cores_burst, "cores_moves": cores_moves,
            "cores": max(cores_burst, cores_moves), "headroom": headroom,
            "burst_window_s": burst_window, "move_every_s": move_every}


def report(run: dict) -> str:
    size = sizing(run)
    lines = [
        f"N = {run['students']} students ({run['completed']} completed, "
        f"{run['slider_ms']['n']} slider moves, {run['wall_seconds']:.0f} s wall)",
        f"  login-to-ready      p50 {run['login_to_ready_s']['p50']:6.1f} s   "
        f"max {run['login_to_ready_s']['max']:6.1f} s",
        f"  run-all notebook 03 p50 {run['run_all_s']['p50']:6.1f} s   "
        f"max {run['run_all_s']['max']:6.1f} s",
        f"  slider -> readout+figure  p50 {run['slider_ms']['p50']:6.0f} ms  "
        f"p95 {run['slider_ms']['p95']:6.0f} ms",
        "  memory per student (server + kernel): RSS {rss:.0f} MB, PSS {pss:.0f} MB, "
        "USS {uss:.0f} MB".format(**run["per_student_mb"]) if run["per_student_mb"] else
        "  memory per student: n/a",
        f"  hub: PSS {run['hub_mb'].get('pss', 0):.0f} MB; proxy: PSS "
        f"{run['proxy_mb'].get('pss', 0):.0f} MB",
        f"  CPU per student login + run-all {run['cpu_s_per_student_run_all']:.1f} s; "
        f"per slider move {1000 * run['cpu_s_per_move']:.0f} ms",
        f"  sizing per 100 students: RAM {size['ram_gb']:.0f} GB (PSS x {size['headroom']}), "
        f"cores {size['cores']:.1f} (everyone runs notebook 03 within "
        f"{size['burst_window_s']:.0f} s: {size['cores_burst']:.1f}; a slider move per "
        f"student every {size['move_every_s']:.0f} s: {size['cores_moves']:.1f})",
    ]
    if run["errors"]:
        lines.append(f"  ERRORS ({len(run['errors'])}): " + "; ".join(
            f"{k}: {v}" for k, v in list(run["errors"].items())[:5]))
    if run["survivors"]:
        lines.append(f"  SURVIVORS (killed): {run['survivors']}")
    return "\n".join(lines)


def machine() -> str:
    mem = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal"))
              .split()[1]) / 1024 / 1024
    load = os.getloadavg()[0]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; "
            f"load average at start {load:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[10])
    parser.add_argument("--moves", type=int, default=15, help="slider moves per student")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds between a student's slider moves")
    parser.add_argument("--ramp", type=float, default=None,
                        help="students arrive over this many seconds (default N/2)")
    parser.add_argument("--time-limit", type=float, default=600.0,
                        help="seconds per run before everything is stopped")
    parser.add_argument("--json", type=Path, default=None, help="write the numbers here")
    parser.add_argument("--verbose", action="store_true", help="print each student's steps")
    args = parser.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1: where is it?
    # kill (SIGTERM) still stops the hub and every student's server (finally: hub.stop()).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    for n in args.students:
        if not 1 <= n <= MAX_STUDENTS:
            parser.error(f"--students must be between 1 and {MAX_STUDENTS}, got {n}")
    print(f"machine: {machine()}", flush=True)
    runs = []
    for n in args.students:
        run = run_class(n, moves=args.moves, think=args.think,
                        ramp=n / 2 if args.ramp is None else args.ramp,
                        time_limit=args.time_limit)
        run["sizing"] = sizing(run)
        runs.append(run)
        print(report(run), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": runs}, indent=1))
    return 0 if all(r["completed"] == r["students"] and not r["survivors"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
