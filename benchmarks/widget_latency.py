"""Kernel-side latency of a slider change in each explorer, vs a naive interact re-plot.

Two schedules of slider changes per explorer (seeded, at least 30 changes each):

* ``walk`` (the target): each slider in turn makes 6 moves of 1-10 % of its range
  from where it is, as a lecturer does when trying "what if retention were a bit
  higher?" (with ``continuous_update=False`` one drag = one change), then is reset;
* ``sweep`` (worst case, printed for information): each slider jumps across its whole
  range in 6 evenly spaced values, then back; nearly every change alters the axis
  ranges, so the frame must be redrawn.

Timed per change:

* widget: ``explorer.controls[name].value = x``, i.e. compute + update the artists in
  place + repaint (blitting) + PNG bytes into the Image widget;
* naive: what an ``ipywidgets.interact`` callback with ``plt.show()`` does, on the same
  values: compute, build a NEW figure with the same plot functions, render it to PNG as
  the inline backend does (``bbox_inches="tight"``), close it.

Prints median and p95 (ms) for both and the speed-up (naive median / widget median).
Targets (issue 5): widget median <= 50 ms and speed-up >= 2 for every explorer.

Usage: python benchmarks/widget_latency.py [explorer ...]
"""
from __future__ import annotations

import io
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach.widgets import Explorer  # noqa: E402

STEPS_PER_SLIDER = 6   # evenly spaced values across the range, then back to the default
MIN_CHANGES = 30
TARGET_MS = 50.0
TARGET_SPEEDUP = 2.0
EXPLORERS = ("clv_calculator", "sensitivity_explorer", "delivered_value_explorer",
             "offer_comparison", "lifecycle_explorer", "pattern_explorer", "segment_explorer")


def explorers() -> dict[str, Callable[[], Explorer]]:
    """The explorers to time (those available in this checkout)."""
    found: dict[str, Callable[[], Explorer]] = {}
    for name in EXPLORERS:
        factory = getattr(ct.widgets, name, None)
        if factory is None:
            continue
        if name == "segment_explorer":
            found[name] = lambda f=factory: f(ct.datasets.load_cdnow())
        else:
            found[name] = factory
    return found


def _snap(control, value: float) -> object:
    value = min(max(value, control.min), control.max)
    if isinstance(control.value, int) and not isinstance(control.value, bool):
        return int(round(value))
    return float(np.round(np.round(value / control.step) * control.step, 10))


def schedule(explorer: Explorer, kind: str, *, seed: int = 0) -> list[tuple[str, object]]:
    """(control, value) changes for the ``walk`` or ``sweep`` schedule (see above)."""
    rng = np.random.default_rng(seed)
    changes: list[tuple[str, object]] = []
    for name, control in explorer.controls.items():
        if not hasattr(control, "min"):
            continue  # dropdowns and toggles are not swept
        default = control.value
        span = control.max - control.min
        if kind == "sweep":
            values = [_snap(control, v) for v in
                      np.linspace(control.min, control.max, STEPS_PER_SLIDER)]
        else:
            values, current = [], default
            for _ in range(STEPS_PER_SLIDER):
                step = rng.uniform(0.01, 0.10) * span * rng.choice([-1, 1])
                target = current + step
                if not control.min <= target <= control.max:
                    target = current - step
                new = _snap(control, target)
                if new == current:  # at least one slider step
                    new = _snap(control, current + np.sign(step) * control.step)
                values.append(new)
                current = new
        changes += [(name, v) for v in values] + [(name, default)]
    while len(changes) < MIN_CHANGES:
        changes += changes
    return changes


def time_widget(explorer: Explorer, changes: list[tuple[str, object]]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Wall-clock and CPU (this process) milliseconds per change."""
    wall, cpu = [], []
    for name, value in changes:
        start, start_cpu = time.perf_counter(), time.process_time()
        explorer.controls[name].value = value
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if explorer.error:
            raise RuntimeError(f"{name}={value!r} rejected: {explorer.error}")
    return np.array(wall) * 1000, np.array(cpu) * 1000


def time_naive(explorer: Explorer, changes: list[tuple[str, object]]) -> np.ndarray:
    values = dict(explorer.values)
    width, height = explorer.figsize
    times = []
    for name, value in changes:
        values[name] = value
        start = time.perf_counter()
        figure = plt.figure(figsize=(width, height), dpi=explorer.figure.dpi,
                            layout="constrained")
        explorer.plot(figure, values)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(figure)
        times.append(time.perf_counter() - start)
    return np.array(times) * 1000


def main(argv: list[str]) -> int:
    warnings.simplefilter("ignore")  # e.g. the one-time CJK font notice
    available = explorers()
    chosen = argv or list(available)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (other processes slow both columns)")
    print(f"{'explorer':<26}{'schedule':>9}{'changes':>8}{'widget med':>12}{'p95':>8}"
          f"{'(cpu med)':>10}{'naive med':>11}{'p95':>8}{'speed-up':>10}{'full draws':>12}")
    failures = []
    for name in chosen:
        for kind in ("walk", "sweep"):
            explorer = available[name]()
            changes = schedule(explorer, kind)
            time_widget(explorer, changes[:3])  # warm-up (fonts, caches)
            draws_before = explorer.view.full_draws
            widget_ms, widget_cpu = time_widget(explorer, changes)
            full_draws = explorer.view.full_draws - draws_before
            naive_ms = time_naive(explorer, changes)
            w_med, n_med = np.median(widget_ms), np.median(naive_ms)
            speedup = n_med / w_med
            print(f"{name:<26}{kind:>9}{len(changes):>8}{w_med:>12.1f}"
                  f"{np.percentile(widget_ms, 95):>8.1f}{np.median(widget_cpu):>10.1f}"
                  f"{n_med:>11.1f}"
                  f"{np.percentile(naive_ms, 95):>8.1f}{speedup:>9.1f}x{full_draws:>12}")
            if kind == "walk" and (w_med > TARGET_MS or speedup < TARGET_SPEEDUP):
                failures.append(name)
    print(f"\ntimes in ms per change (wall clock; 'cpu' = CPU time of this process, which "
          f"other load inflates less); targets (walk): widget median <= {TARGET_MS:.0f} ms, "
          f"speed-up >= {TARGET_SPEEDUP:.0f}x")
    if failures:
        print("MISSED TARGET:", ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
