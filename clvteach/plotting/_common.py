"""Shared machinery of the plots: the :class:`Chart` base class, limits, formatters.

Every plot is a chart object written in two steps: *build* creates the artists for a
given structure (number of bars, options) and *fill* puts the numbers into them (see
:class:`Chart`). The ``plot_*`` functions build a throw-away chart, so they keep no
state; the explorers keep their charts and update them in place.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter, FuncFormatter

from .. import style
from .._validation import check_number, error_text
from ..i18n import text

__all__ = ["Chart"]

class Chart:
    """A plot drawn once on its Axes, then redrawn with new numbers by :meth:`update`.

    The first :meth:`update` *builds* the artists (bars, lines, texts) for the data's
    structure (number of bars, options) and *fills* them with the numbers; later calls
    with the same structure only fill, i.e. move the same artists in place (bar heights,
    line data, texts): the fast path of the explorers, which redraw one figure on every
    slider change. When the structure changes (say the horizon goes from 5 to 8 years)
    the chart clears its Axes and builds again. The chart owns its Axes from then on.

    The ``plot_*`` functions are ``SomeChart(ax, lang=lang).update(...)``: they keep no
    state, so the static plots and the explorers look exactly the same.

    A subclass writes three short methods: ``update`` reads and checks its inputs and
    computes the structure key, ``_build`` creates the artists (as attributes of the
    chart) and ``_fill`` puts the numbers into them and sets the limits.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created if None.
    lang : {"en", "zh"}, optional
        Label language; default the session language (:func:`clvteach.set_language`).
    """

    #: size of the figure created when no Axes is given
    figsize: tuple[float, float] = (7.5, 4.5)

    def __init__(self, ax: Axes | None = None, *, lang: str | None = None) -> None:
        self.lang = style.resolve_language(lang)
        self.ax = new_axes(ax, self.figsize)
        self._key: Hashable = None
        self._built = False
        self._sentinel: Any = None
        self._extras: list[Any] = []  # outside the Axes, e.g. a colour bar

    def update(self, *args: Any, **kwargs: Any) -> Axes:  # pragma: no cover
        """Draw new numbers (same arguments as the matching ``plot_*`` function)."""
        raise NotImplementedError

    def _needs_build(self, key: Hashable) -> bool:
        """True (after clearing a previous build) if the artists must be created anew."""
        if self._built and self._key == key and getattr(self._sentinel, "axes",
                                                        None) is self.ax:
            return False
        if self._built:  # a new structure, or the Axes was cleared meanwhile
            for extra in self._extras:
                extra.remove()
            self._extras = []
            self.ax.clear()
        style.use_cjk_font()  # before any text is created: Chinese from the course font
        self._key, self._built = key, True
        return True

    def _done(self, sentinel: Any) -> None:
        """Remember an artist of this build: if it leaves the Axes, rebuild next time."""
        self._sentinel = sentinel


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (7.5, 4.5)) -> Axes:
    """``ax`` itself, checked, or the Axes of a new (pyplot) figure."""
    style.use_cjk_font()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(error_text("error.plot.either_type", name="ax", kind="matplotlib Axes",
                                   other="None", type=type(ax).__name__))
    return ax


def span(*values: Any, pad: float = 0.05, headroom: float = 0.0,
         sticky_zero: bool = True) -> tuple[float, float]:
    """Axis limits around ``values`` with a margin, computed from the data directly.

    Faster than ``ax.relim()`` (which walks every patch through its transforms, several
    milliseconds for a dozen bars). Like matplotlib's sticky edges, a bar chart whose
    data starts exactly at 0 gets no margin below 0. ``headroom`` adds room above the
    data (a share of its range) for labels.
    """
    parts = [np.ravel(np.asarray(v, dtype=float)) for v in values]
    arr = np.concatenate(parts) if parts else np.zeros(1)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return 0.0, 1.0
    lo, hi = float(arr.min()), float(arr.max())
    width = hi - lo or abs(hi) or 1.0
    low = lo - pad * width
    high = hi + (pad + headroom) * width
    if sticky_zero and lo == 0.0:
        low = 0.0
    if sticky_zero and hi == 0.0 and headroom == 0.0:
        high = 0.0
    return low, high


class YuanFormatter(Formatter):
    """Tick labels with thousands separators (3,058) and as many decimals as the ticks need.

    With ``decimals`` fixed, ticks 0, 0.2, 0.4 on a small range would all read "0" and
    0.5, 1, 1.5 would read "0, 1, 2, 2": so the decimals grow (up to 6) until every tick
    is shown exactly, at least ``decimals`` of them. "-0" is shown as "0".
    """

    def __init__(self, decimals: int = 0, *, each: bool = False) -> None:
        self.decimals = decimals
        self.each = each  # log axes: 0.01, 0.1, 1, 10 (each tick its own decimals)
        self._places = decimals

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        ticks = np.asarray(locs, dtype=float)
        self._places = self._needed(ticks[np.isfinite(ticks)])

    def _needed(self, ticks: np.ndarray) -> int:
        scale = max(float(np.abs(ticks).max()), 1.0) if ticks.size else 1.0
        return next((d for d in range(self.decimals, 7)
                     if np.all(np.abs(np.round(ticks, d) - ticks) <= 1e-9 * scale)), 6)

    def __call__(self, x: float, pos: int | None = None) -> str:
        places = self._needed(np.array([x])) if self.each else self._places
        text = f"{x:,.{places}f}"
        # a tiny negative rounding to zero (floating-point noise) reads "0", not "-0"
        return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def yuan_formatter(decimals: int = 0, *, each: bool = False) -> YuanFormatter:
    """Tick labels with thousands separators: 3,058 (more decimals on small ranges)."""
    return YuanFormatter(decimals, each=each)


def percent_formatter() -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: f"{v:.0f}")


def color(key: str, default: str | None = None) -> str:
    return style.COLORS.get(key, default or style.COLORS["muted"])


def text_color(key: str) -> str:
    """The colour for TEXT of meaning ``key``: the hue of :func:`color`, >= 4.5:1 on white."""
    return style.TEXT_COLORS.get(key, style.TEXT_COLORS["muted"])


def label(key: str, lang: str | None, **fields: object) -> str:
    """Catalogue text (:func:`clvteach.i18n.text`) for a plot: ``key`` is a full key."""
    return text(key, lang, **fields)


def as_mapping(name: str, data: Any, keys: tuple[str, ...] | None = None) -> dict[str, float]:
    """Read ``{key: number}`` from a mapping, a Series, a one-row DataFrame or an object.

    Result objects of the core library may be dataclasses (attributes), mappings or
    pandas objects; the plots accept all of them.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        if {"component", "value"} <= set(data.columns):  # long form, e.g. ct.clv_summary
            data = dict(zip(data["component"], data["value"]))
        elif len(data) == 1:
            data = data.iloc[0]
        elif data.shape[1] == 1:
            data = data.iloc[:, 0]
        else:
            raise ValueError(error_text("error.plot.one_row_or_column", name=name,
                                        shape=data.shape))
    if isinstance(data, pd.Series):
        data = data.to_dict()
    if not isinstance(data, Mapping):
        if keys is None:
            raise TypeError(error_text("error.plot.mapping", name=name,
                                       type=type(data).__name__))
        data = {k: getattr(data, k) for k in keys if hasattr(data, k)}
    out: dict[str, float] = {}
    for k, v in data.items():
        if keys is not None and k not in keys:
            continue
        out[str(k)] = float(check_number(f"{name}[{k!r}]", v, finite=True))
    return out
