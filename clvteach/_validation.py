"""One validation helper for the whole library, with uniform messages.

Every message names the parameter, the rule and the value received, for example
``retention must be in [0, 1), got 1.2`` — or, after ``ct.set_language("zh")``,
``retention 必须在 [0, 1) 范围内，收到的是 1.2`` (the templates are the ``error.*``
entries of :mod:`clvteach.i18n`). Use these helpers at the public API boundary;
internal functions may then trust their inputs. A message that is not one of the generic
checks is an ``error.<module>.*`` entry of the catalogue, raised with :func:`error_text`
(never a string literal: tests/test_bad_inputs.py checks every ``raise`` and
``warnings.warn`` of the library outside the exercises, plots and explorers).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .i18n import text

__all__: list[str] = []  # private module


def _msg(key: str, **fields: Any) -> str:
    """An ``error.*`` message in the current language."""
    return text(f"error.{key}", **fields)


def error_text(key: str, **fields: Any) -> str:
    """The catalogue message ``key`` (an ``error.*`` key) in the current language.

    For the messages that are not one of the generic checks below (a model that does not
    converge, a transaction log with duplicate rows...): every message a student reads is
    in the catalogue, in both languages; pass values already formatted (:func:`fmt_value`).
    """
    if not key.startswith("error."):
        # can't happen for a student: a programming error of the library itself
        raise KeyError(f"{key!r} is not an error message key (error.*)")
    return text(key, **fields)


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
        kind = _msg("kind.integer" if integer else "kind.number")
        raise TypeError(_msg("type", name=name, kind=kind, value=_fmt(value),
                             type=type(value).__name__))
    if integer:
        if isinstance(value, (float, np.floating)):
            if not (math.isfinite(value) and float(value).is_integer()):
                raise TypeError(_msg("integer", name=name, value=_fmt(value)))
        value = int(value)
    else:
        value = float(value)
        if math.isnan(value):
            raise ValueError(_msg("nan", name=name))
        if math.isinf(value) and (finite or not (
            (value > 0 and high is None) or (value < 0 and low is None)
        )):
            raise ValueError(_msg("finite", name=name, value=repr(value)))
    too_low = low is not None and (value < low or (low_open and value == low))
    too_high = high is not None and (value > high or (high_open and value == high))
    if too_low or too_high:
        raise ValueError(_msg("range", name=name, value=_fmt(value),
                              interval=_interval(low, high, low_open, high_open)))
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
        raise TypeError(_msg("nonempty_str", name=name, value=repr(value)))
    return value


def check_bool(name: str, value: Any) -> bool:
    """``True`` or ``False`` (numpy booleans too); anything else is a ``TypeError``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(_msg("bool", name=name, value=_fmt(value)))
    return bool(value)


def check_instance(name: str, value: Any, cls: type | tuple[type, ...], *,
                   kind: str | None = None) -> Any:
    """``value`` must be an instance of ``cls``: "case must be a CustomerCase, got dict".

    ``kind`` names the expected type in the message (default: the class name).
    """
    if not isinstance(value, cls):
        if kind is None:
            kind = cls.__name__ if isinstance(cls, type) else cls[0].__name__
        article = "instance_an" if kind[:1].lower() in "aeiou" else "instance"
        raise TypeError(_msg(article, name=name, kind=kind, type=type(value).__name__))
    return value


def check_fields(owner: str, changes: Iterable[str], known: Iterable[str]) -> None:
    """Every name in ``changes`` must be a field of ``owner`` (e.g. ``CustomerCase``)."""
    fields = sorted(known)
    for key in changes:
        if key not in fields:
            raise TypeError(_msg("unknown_field", name=key, owner=owner,
                                 fields=", ".join(fields), value=repr(key)))


def check_str(name: str, value: Any) -> str:
    """A string (possibly empty), e.g. a name to look up."""
    if not isinstance(value, str):
        raise TypeError(_msg("string", name=name, value=_fmt(value)))
    return value


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(_msg("choice", name=name, options=listed, value=_fmt(value)))
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
        raise TypeError(_msg("sequence", name=name, value=_fmt(values)))
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_msg("sequence", name=name, value=_fmt(values))) from None
    if arr.ndim != 1:
        raise ValueError(_msg("one_dimensional", name=name, shape=arr.shape))
    if arr.size < min_length:
        raise ValueError(_msg("min_length" if min_length != 1 else "min_length_one",
                              name=name, count=min_length, size=arr.size))
    if not allow_nan and np.isnan(arr).any():
        first = int(np.flatnonzero(np.isnan(arr))[0])
        raise ValueError(_msg("array_nan", name=name, position=first))
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(_msg("array_range", name=name, value=f"{arr[first]:g}",
                              position=first, interval=_interval(low, high, False, False)))
    if finite and np.isinf(arr).any():
        first = int(np.flatnonzero(np.isinf(arr))[0])
        raise ValueError(_msg("array_finite", name=name, value=f"{arr[first]:g}",
                              position=first))
    return arr


def check_columns(name: str, frame: Any, columns: Sequence[str]) -> None:
    """Check that DataFrame ``frame`` (the parameter ``name``) has every column listed."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(_msg("dataframe", name=name, type=type(frame).__name__))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns)) or _msg("none")
        raise ValueError(_msg("missing_columns" if len(missing) > 1 else "missing_column",
                              name=name, missing=", ".join(map(repr, missing)), have=have))
