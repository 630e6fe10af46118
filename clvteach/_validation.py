"""One validation helper for the whole library, with uniform messages.

Every message names the parameter, the rule and the value received, for example
``retention must be in [0, 1), got 1.2``. Use these helpers at the public API
boundary; internal functions may then trust their inputs.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__: list[str] = []  # private module


def fmt_value(value: Any) -> str:
    """Short repr for messages; numpy scalars show as plain values (2, not np.int64(2))."""
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_fmt = fmt_value  # the former private name, used inside this module


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    left = "(" if (low_open or low is None) else "["
    right = ")" if (high_open or high is None) else "]"
    return f"{left}{lo}, {hi}{right}"


def check_number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
    allow_none: bool = False,
    finite: bool = False,
) -> float | int | None:
    """Return ``value`` as a float (or int) after checking type, finiteness and range.

    Raises ``TypeError`` for non-numbers (bools included) and ``ValueError`` for NaN,
    infinities or values outside the interval ``low..high`` (closed unless ``*_open``).
    An unbounded side accepts an infinity unless ``finite=True``.
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.number)):
        kind = "an integer" if integer else "a number"
        raise TypeError(f"{name} must be {kind}, got {_fmt(value)} ({type(value).__name__})")
    if integer:
        if isinstance(value, (float, np.floating)):
            if not (math.isfinite(value) and float(value).is_integer()):
                raise TypeError(f"{name} must be an integer, got {_fmt(value)}")
        value = int(value)
    else:
        value = float(value)
        if math.isnan(value):
            raise ValueError(f"{name} must be a number, got nan")
        if math.isinf(value) and (finite or not (
            (value > 0 and high is None) or (value < 0 and low is None)
        )):
            raise ValueError(f"{name} must be finite, got {value!r}")
    too_low = low is not None and (value < low or (low_open and value == low))
    too_high = high is not None and (value > high or (high_open and value == high))
    if too_low or too_high:
        raise ValueError(
            f"{name} must be in {_interval(low, high, low_open, high_open)}, got {_fmt(value)}"
        )
    return value


def check_probability(name: str, value: Any, *, allow_one: bool = True) -> float:
    """A probability or rate share in [0, 1] (or [0, 1) with ``allow_one=False``)."""
    return check_number(name, value, low=0.0, high=1.0, high_open=not allow_one)


def check_retention(name: str, value: Any) -> float:
    """Retention per period must be in [0, 1): at 1 the customer never leaves."""
    return check_number(name, value, low=0.0, high=1.0, high_open=True)


def check_rate(name: str, value: Any, *, allow_negative: bool = False) -> float:
    """A rate per period (discount, growth): finite, > -1, and >= 0 unless allowed."""
    if allow_negative:
        return check_number(name, value, low=-1.0, low_open=True, finite=True)
    return check_number(name, value, low=0.0, finite=True)


def check_amount(name: str, value: Any) -> float:
    """A money amount or count (revenue, cost, customers): finite and >= 0."""
    return check_number(name, value, low=0.0, finite=True)


def check_nonnegative(name: str, value: Any, *, integer: bool = False) -> float | int:
    return check_number(name, value, low=0, integer=integer)


def check_positive(name: str, value: Any, *, integer: bool = False,
                   finite: bool = False) -> float | int:
    """A number > 0; ``finite=True`` also refuses +inf."""
    return check_number(name, value, low=0, low_open=True, integer=integer, finite=finite)


def check_nonempty_str(name: str, value: Any) -> str:
    """A non-empty string, e.g. a unit or currency label."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}, got {_fmt(value)}")
    return value


def check_array(
    name: str,
    values: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    min_length: int = 1,
    allow_nan: bool = False,
    finite: bool = False,
) -> np.ndarray:
    """A 1-D numeric array with at least ``min_length`` items and values in range.

    ``finite=True`` also refuses infinities (checked after the range).
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers, got {_fmt(values)}")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers, got {_fmt(values)}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size < min_length:
        raise ValueError(
            f"{name} must have at least {min_length} value{'s' if min_length != 1 else ''}, "
            f"got {arr.size}"
        )
    if not allow_nan and np.isnan(arr).any():
        first = int(np.flatnonzero(np.isnan(arr))[0])
        raise ValueError(f"{name} must not contain NaN, got NaN at position {first}")
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} values must be in {_interval(low, high, False, False)}, "
            f"got {arr[first]:g} at position {first}"
        )
    if finite and np.isinf(arr).any():
        first = int(np.flatnonzero(np.isinf(arr))[0])
        raise ValueError(f"{name} must be finite, got {arr[first]:g} at position {first}")
    return arr


def check_columns(name: str, frame: Any, columns: Sequence[str]) -> None:
    """Check that DataFrame ``frame`` (the parameter ``name``) has every column listed."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns)) or "none"
        raise ValueError(
            f"{name} is missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))} (columns present: {have})"
        )
