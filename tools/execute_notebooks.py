"""Re-execute notebooks in place and store their outputs (``make notebooks``).

Uses the current environment's own Python as the kernel (as nbval's
``--nbval-current-env`` does), so results never depend on a kernelspec that
happens to be installed elsewhere on the machine.

Usage: python tools/execute_notebooks.py PATH [PATH ...]   (files or folders)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager


def notebook_paths(args: list[str]) -> list[Path]:
    paths: list[Path] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            paths += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb":
            paths.append(p)
        else:
            raise SystemExit(f"not a notebook or folder: {arg}")
    return paths


def execute(path: Path, *, timeout: int = 300) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=CURRENT_ENV_KERNEL_NAME,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.km = client.create_kernel_manager()
    client.km.kernel_spec_manager = NbvalKernelspecManager()
    client.execute()
    elapsed = time.perf_counter() - start
    # Keep stored notebooks free of run-specific metadata.
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = notebook_paths(argv or ["notebooks", "solutions"])
    for path in paths:
        elapsed = execute(path)
        print(f"{elapsed:6.1f} s  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
