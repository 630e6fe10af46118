"""Tables shown in the current language (notebooks and dashboards of both editions).

The library's tables keep their column names and key values (``"growth"``,
``"exploration"``, ``"customers"``): code selects and joins by them. The course notebooks
run the same code in both editions, so a table a student *reads* goes through
:func:`show_table`, which gives the column headers, index labels and key values in the
current language from the string catalogue (:mod:`clvteach.i18n`): the ``table.col.*``
keys for headers, the ``term.*`` keys (stages, patterns, segments, factors, ...) and the
``table.value.*`` keys for values. In English the table is returned as it is.

This module imports pandas only (no plotting, no widgets).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from . import i18n
from ._validation import check_instance
from .settings import get_language

__all__ = ["show_table"]


def _value_keys() -> dict[str, str]:
    """Key value -> catalogue key: ``table.value.<v>`` first, then a unique ``term.*.<v>``."""
    found: dict[str, set[str]] = {}
    for key in i18n.keys("term."):
        found.setdefault(key.rsplit(".", 1)[1], set()).add(key)
    keys = {value: next(iter(ks)) for value, ks in found.items() if len(ks) == 1}
    keys.update({key.rsplit(".", 1)[1]: key for key in i18n.keys("table.value.")})
    return keys


# Columns (or index levels) whose values are keys of one term family.
_COLUMN_TERMS = {"factor": "term.factor.", "process": "term.process.",
                 "pattern": "term.pattern.", "stage_at_end": "term.stage.",
                 "stage": "term.stage.", "segment": "term.segment."}


def _label(value: Any, keys: dict[str, str], lang: str, column: Any = None) -> Any:
    if not isinstance(value, str):
        return value
    family = _COLUMN_TERMS.get(column) if isinstance(column, str) else None
    if family and i18n.has_text(family + value):
        return i18n.text(family + value, lang)
    if value in keys:
        return i18n.text(keys[value], lang)
    return value


def _header(name: Any, lang: str) -> Any:
    if isinstance(name, str) and i18n.has_text(f"table.col.{name}"):
        return i18n.text(f"table.col.{name}", lang)
    return name


def _base(column: str, frame: pd.DataFrame) -> str | None:
    """The column a Chinese-name column translates (``segment_zh`` -> ``segment``; ``zh``
    -> ``name``, or the table's first column, its key, when it has no ``name``)."""
    if column == "zh":
        return "name" if "name" in frame.columns else str(frame.columns[0])
    return column.removesuffix("_zh") if column.endswith("_zh") else None


def show_table(data: pd.DataFrame | pd.Series, *, columns: list[str] | None = None,
               lang: str | None = None) -> pd.DataFrame | pd.Series:
    """``data`` to read: headers, index labels and key values in the current language.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        A library table (or a count such as ``value_counts()``).
    columns : list of str, optional
        Columns to show (default: all). In Chinese, a column ``X`` is shown from ``X_zh``
        when the table has one (``name`` from ``zh``), and a ``X_zh`` column whose ``X``
        is shown too is left out (it would repeat it).
    lang : {"en", "zh"}, optional
        Default: the current language (:func:`clvteach.set_language`).

    Returns
    -------
    pandas.DataFrame or pandas.Series
        In English ``data`` (its ``columns``) unchanged; in Chinese a relabelled copy
        (a Series becomes a one-column table).

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.Series([3, 1], index=pd.Index(["growth", "watch"], name="segment"),
    ...                    name="count")
    >>> show_table(counts, lang="zh").to_dict()
    {'人数': {'成长型客户': 3, '需警惕客户': 1}}
    >>> show_table(counts, lang="en") is counts
    True
    """
    lang = get_language() if lang is None else lang
    check_instance("data", data, (pd.DataFrame, pd.Series),
                   kind="pandas DataFrame or Series")
    if columns is not None:
        check_instance("data", data, pd.DataFrame, kind="pandas DataFrame (to pick columns)")
    if lang == "en":
        return data if columns is None else data[list(columns)]
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    wanted = list(frame.columns) if columns is None else list(columns)
    shown: dict[Any, pd.Series] = {}
    for column in wanted:
        base = _base(column, frame) if isinstance(column, str) else None
        if base is not None and base in wanted:
            continue  # shown under its base column's header
        source = column
        if isinstance(column, str):
            source = next((c for c in (f"{column}_zh", "zh" if column == "name" else None)
                           if c is not None and c in frame.columns), column)
        shown[column] = frame[source]
    out = pd.DataFrame(shown, index=frame.index)
    keys = _value_keys()
    for column in out.columns:
        dtype = out[column].dtype
        if (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
                or isinstance(dtype, pd.CategoricalDtype)):
            out[column] = out[column].astype(object).map(
                lambda v, c=column: _label(v, keys, lang, c))
    out.columns = _relabel(out.columns, keys, lang)
    out.index = _relabel(out.index, keys, lang)
    return out


def _relabel(index: pd.Index, keys: dict[str, str], lang: str) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples(
            [tuple(_label(v, keys, lang, n) for v, n in zip(row, index.names))
             for row in index],
            names=[_header(n, lang) for n in index.names])
    labels = [_header(v, lang) if i18n.has_text(f"table.col.{v}")
              else _label(v, keys, lang, index.name) for v in index]
    return pd.Index(labels, name=_header(index.name, lang))
