"""Memory of one student's course kernel: fresh, after ``import clvteach as ct``, after
running notebook 03 (its widgets included), as RSS / PSS / USS in MB.

This is the per-student part of the hub sizing (README, "Teaching a class on
JupyterHub"); benchmarks/hub_load.py measures the same under a real hub with N students.

Usage: python benchmarks/hub_kernel_memory.py [--notebook notebooks/03_clv_fundamentals.ipynb]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hub_support import code_cells, memory_kb  # noqa: E402


def run(client, code: str) -> None:
    reply = client.execute_interactive(code, timeout=180, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code[:60]!r} failed: {reply['content'].get('evalue')}")


def measure(pid: int) -> dict[str, float]:
    time.sleep(0.5)  # let the kernel settle (garbage, lazy pages)
    return {k: v / 1024 for k, v in memory_kb(pid).items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebook", default="notebooks/03_clv_fundamentals.ipynb")
    args = parser.parse_args(argv)
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    try:
        pid = manager.provisioner.process.pid
        rows = [("fresh kernel", measure(pid))]
        run(client, "import clvteach as ct")
        rows.append(("after import clvteach as ct", measure(pid)))
        for code in code_cells(ROOT / args.notebook):
            run(client, code)
        rows.append((f"after running {Path(args.notebook).name}", measure(pid)))
        print(f"{'course kernel':<40} {'RSS MB':>8} {'PSS MB':>8} {'USS MB':>8}")
        for label, mem in rows:
            print(f"{label:<40} {mem['rss']:8.0f} {mem['pss']:8.0f} {mem['uss']:8.0f}")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
