"""Kernel side of grading: emit an answer as plain JSON data (never judged here).

``clvteach grade`` replaces every check cell of a submission by a collector cell that
calls :func:`emit`; the answer leaves the kernel as display data of type
:data:`MIME` holding only JSON (numbers, strings, lists, tables as columns, figures as a
description of their artists). The grader parses it with size limits and judges it in its
own process, so nothing the kernel does can decide a score.
"""
from __future__ import annotations

import math
import numbers
from typing import Any

__all__: list[str] = []

MIME = "application/vnd.clvteach.answer+json"
MAX_ITEMS = 20_000  # elements per array / rows per table
MAX_TEXT = 5_000  # characters per string
MAX_DEPTH = 6


def _number(value: Any) -> Any:
    value = float(value) if not isinstance(value, int) else value
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    return value


def _values(values: Any) -> list[Any]:
    out = []
    for v in list(values)[:MAX_ITEMS]:
        out.append(encode(v, MAX_DEPTH - 1))
    return out


def _axes(ax: Any) -> dict[str, Any]:
    import numpy as np

    def floats(data: Any) -> list[Any]:
        try:
            return [_number(v) for v in np.asarray(data, dtype=float).reshape(-1)[:MAX_ITEMS]]
        except (TypeError, ValueError):
            return []

    lines = [{"x": floats(ln.get_xdata()), "y": floats(ln.get_ydata()),
              "label": str(ln.get_label())[:200]} for ln in ax.get_lines()]
    collections = []
    for c in ax.collections:
        try:
            offsets = np.asarray(c.get_offsets(), dtype=float)
        except (TypeError, ValueError):
            continue
        if offsets.ndim == 2 and offsets.shape[1] == 2:
            collections.append({"x": floats(offsets[:, 0]), "y": floats(offsets[:, 1])})
    patches = []
    for patch in ax.patches:
        if hasattr(patch, "get_width") and hasattr(patch, "get_height") and hasattr(patch, "get_x"):
            patches.append({k: _number(float(getattr(patch, f"get_{k}")()))
                            for k in ("x", "y", "width", "height")})
    return {
        "lines": lines[:200], "collections": collections[:200], "patches": patches[:2000],
        "xlabel": str(ax.get_xlabel())[:MAX_TEXT], "ylabel": str(ax.get_ylabel())[:MAX_TEXT],
        "title": str(ax.get_title())[:MAX_TEXT],
        "xticks": floats(ax.get_xticks()),
        "xticklabels": [str(t.get_text())[:200] for t in ax.get_xticklabels()][:500],
    }


def encode(value: Any, depth: int = MAX_DEPTH) -> Any:
    """``value`` as JSON-safe data (see the grader's ``decode``)."""
    import numpy as np

    if depth <= 0:
        return {"$unsupported": "nested too deeply"}
    if value is Ellipsis:
        return {"$ellipsis": True}
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, (numbers.Real, np.floating)):
        return _number(float(value))
    if isinstance(value, np.bool_):
        return bool(value)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - the course always has pandas
        pd = None
    if pd is not None and isinstance(value, pd.DataFrame):
        frame = value.iloc[:MAX_ITEMS, :200]
        return {"$frame": {"columns": [encode(c, 2) for c in frame.columns],
                           "index": _values(frame.index),
                           "data": [_values(frame[c].tolist()) for c in frame.columns]
                           if frame.columns.is_unique else []}}
    if pd is not None and isinstance(value, pd.Series):
        series = value.iloc[:MAX_ITEMS]
        return {"$series": {"name": encode(series.name, 2), "index": _values(series.index),
                            "values": _values(series.tolist())}}
    if isinstance(value, np.ndarray):
        return {"$array": _values(value.reshape(-1).tolist()), "shape": list(value.shape)}
    if isinstance(value, dict):
        return {"$dict": [[encode(k, depth - 1), encode(v, depth - 1)]
                          for k, v in list(value.items())[:MAX_ITEMS]]}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, depth - 1) for v in value[:MAX_ITEMS]]}
    if isinstance(value, (list, set, frozenset)):
        items = list(value)[:MAX_ITEMS]
        return [encode(v, depth - 1) for v in items]
    kind = type(value).__module__ + "." + type(value).__name__
    if kind.startswith("matplotlib."):
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(value, Axes):
            return {"$axes": _axes(value)}
        if isinstance(value, Figure):
            return {"$figure": [_axes(ax) for ax in value.axes[:20]]}
    return {"$unsupported": type(value).__name__[:100]}


def _publish(record: dict[str, Any]) -> None:
    from IPython.display import display

    display({MIME: record, "text/plain": f"collected {record.get('key', '')}"}, raw=True)


def emit(key: str, answer: Any, *, run: str = "main") -> None:
    """Emit ``answer`` to question ``key`` (``run``: ``"main"`` or a hidden run's name)."""
    try:
        value = encode(answer)
    except Exception as exc:  # a broken object: the grader says so
        value = {"$unsupported": f"{type(answer).__name__}: {type(exc).__name__}"[:200]}
    _publish({"key": key, "run": run, "value": value})


def emit_student_id(namespace: dict[str, Any], *, run: str = "main") -> None:
    """Emit the ``STUDENT_ID`` the setup cell defined (or that there is none)."""
    if "STUDENT_ID" not in namespace:
        _publish({"key": "STUDENT_ID", "run": run, "value": {"$missing": True}})
        return
    _publish({"key": "STUDENT_ID", "run": run, "value": encode(namespace["STUDENT_ID"], 2)})
