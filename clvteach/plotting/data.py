"""Plots of customer data: RFM heat map, current × potential segment map, Pareto curve.

Inputs are the tables of :mod:`clvteach.rfm` and :mod:`clvteach.segmentation` (one row
per customer); these functions only draw, apart from the small aggregations a picture
needs (cell means of the heat map, the sorted cumulative shares of the Pareto curve).
Each ``plot_*`` function has a chart class
(``...Chart(ax).update(...)``) that explorers update in place (see
:class:`clvteach.plotting.Chart`).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from .. import segmentation, style
from .._validation import (check_array, check_choice, check_columns, check_number,
                           check_probability)
from .._validation import error_text
from .._validation import fmt_value as _fmt
from ..i18n import currency as currency_label
from ._common import Chart, color, label, percent_formatter, text_color
from ._common import yuan_formatter

__all__ = ["plot_rfm_heatmap", "plot_segment_map", "plot_pareto", "RfmHeatmapChart", "SegmentMapChart", "ParetoChart"]

#: CLV segments (current × potential value): which side of each threshold they lie on.
SEGMENT_QUADRANTS = {
    "high_value": (True, True),   # high current, high potential
    "growth": (False, True),      # low current, high potential
    "watch": (True, False),       # high current, low potential
    "low_value": (False, False),
}

_SCORE_LABELS = {"R": "plot.recency_score", "F": "plot.frequency_score",
                 "M": "plot.monetary_score"}


def _score_label(score: str, lang: str) -> str:
    """Axis label of an RFM score column (the column name itself if not R, F or M)."""
    return label(_SCORE_LABELS[score], lang) if score in _SCORE_LABELS else \
        style.displayable(score)


class RfmHeatmapChart(Chart):
    """The chart of :func:`plot_rfm_heatmap`, updated in place (see :class:`Chart`)."""

    figsize = (7, 5.5)

    def update(
        self,
        scores: Any,
        *,
        x: str = "F",
        y: str = "R",
        value: str | None = None,
        currency: str = "yuan",
        annotate: bool = True,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_rfm_heatmap`."""
        check_columns("scores", scores, [x, y, *([value] if value is not None else [])])
        if len(scores) == 0:
            raise ValueError(error_text("error.plot.no_customers", name="scores"))
        for col in (x, y):
            check_array(f"scores[{col!r}]", scores[col].to_numpy(dtype=float))
        if value is None:
            cells = scores.groupby([y, x]).size()
        else:
            check_array(f"scores[{value!r}]", scores[value].to_numpy(dtype=float))
            cells = scores.groupby([y, x])[value].mean()
        grid = cells.unstack(x).sort_index().sort_index(axis=1)
        if value is None:
            grid = grid.fillna(0)
        rows = [int(r) if float(r).is_integer() else r for r in grid.index]
        cols = [int(c) if float(c).is_integer() else c for c in grid.columns]
        matrix = grid.to_numpy(dtype=float)
        key = (tuple(rows), tuple(cols), x, y, value, currency, bool(annotate))
        if self._needs_build(key):
            self._build(matrix=matrix, value=value, currency=currency, annotate=annotate,
                        rows=rows, cols=cols, x=x, y=y)
        return self._fill(matrix=matrix, value=value)

    def _build(self, *, matrix: Any, value: Any, currency: Any, annotate: Any,
               rows: Any, cols: Any, x: Any, y: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.image = ax.imshow(np.ma.masked_invalid(matrix), cmap="cividis", origin="lower",
                               aspect="auto")
        self.colorbar = ax.figure.colorbar(self.image, ax=ax)
        if value is None:
            bar_label = label("plot.rfm_count", lang)
        elif value == "monetary":
            bar_label = (f"{label('plot.rfm_mean', lang, value=style.displayable(value))} "
                         f"({style.displayable(currency_label(currency, lang))})")
        else:
            bar_label = label("plot.rfm_mean", lang, value=style.displayable(value))
        self.colorbar.set_label(bar_label)
        self._extras = [self.colorbar]  # removed with the plot when it is rebuilt
        self.texts = ([[ax.text(j, i, "", ha="center", va="center", fontsize="small")
                        for j in range(len(cols))] for i in range(len(rows))]
                      if annotate else [])
        ax.set_xticks(range(len(cols)), [str(c) for c in cols])
        ax.set_yticks(range(len(rows)), [str(r) for r in rows])
        ax.set_xlabel(_score_label(x, lang))
        ax.set_ylabel(_score_label(y, lang))
        ax.set_title(label("plot.rfm_title", lang))
        self._done(self.image)

    def _fill(self, *, matrix: Any, value: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        self.image.set_data(np.ma.masked_invalid(matrix))
        finite = matrix[np.isfinite(matrix)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        self.image.set_clim(low, high if high > low else low + 1)
        middle = (low + high) / 2
        for i, row in enumerate(self.texts):
            for j, txt in enumerate(row):
                v = matrix[i, j]
                txt.set_text("" if not np.isfinite(v) else
                             f"{v:,.0f}" if value is None or abs(v) >= 100 else f"{v:,.1f}")
                txt.set_color("black" if np.isfinite(v) and v > middle else "white")
        return ax


def plot_rfm_heatmap(
    scores: Any,
    *,
    x: str = "F",
    y: str = "R",
    value: str | None = None,
    currency: str = "yuan",
    annotate: bool = True,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """RFM heat map: customers by recency score (rows) and frequency score (columns).

    Each cell is the number of customers with that pair of scores or, with ``value``,
    the mean of that column (e.g. ``"monetary"``, total spend in yuan) over them.

    Parameters
    ----------
    scores : pandas.DataFrame
        ``ct.rfm_scores(...)``: one row per customer with integer score columns ``R``,
        ``F``, ``M`` (and the raw ``recency``, ``frequency``, ``monetary``).
    x, y : str, default "F" and "R"
        Score columns on the horizontal and vertical axis.
    value : str, optional
        Column averaged in each cell; default: count customers.
    currency : str, default "yuan"
        Unit of ``value == "monetary"`` in the colour-bar label (CDNOW: ``"USD"``).
    annotate : bool, default True
        Write each cell's number in it.
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Hughes, A. M. (1994). *Strategic Database Marketing* (RFM); seed 000: RFM layering of
       customers.
    """
    return RfmHeatmapChart(ax, lang=lang).update(scores, x=x, y=y, value=value,
                                                 currency=currency, annotate=annotate)


class SegmentMapChart(Chart):
    """The chart of :func:`plot_segment_map`, updated in place (see :class:`Chart`)."""

    figsize = (7, 5.5)

    def update(
        self,
        customers: Any,
        *,
        x: str = "current_value",
        y: str = "potential_value",
        segment: str | None = "segment",
        thresholds: tuple[float, float] | None = None,
        scale: str = "auto",
        currency: str = "yuan",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_segment_map`."""
        import pandas as pd
        from matplotlib.colors import to_rgba_array

        check_columns("customers", customers, [x, y])
        xs = check_array(f"customers[{x!r}]", customers[x].to_numpy(dtype=float))
        ys = check_array(f"customers[{y!r}]", customers[y].to_numpy(dtype=float))
        if thresholds is None:
            tx, ty = float(np.median(xs)), float(np.median(ys))
        else:
            if len(thresholds) != 2:
                raise ValueError(error_text("error.plot.thresholds_pair", name="thresholds",
                                            value=_fmt(thresholds)))
            tx = float(check_number("thresholds[0]", thresholds[0]))
            ty = float(check_number("thresholds[1]", thresholds[1]))
        if segment is not None and segment in customers.columns:
            seg = customers[segment].astype(str).to_numpy()
        else:
            seg = np.empty(len(xs), dtype=object)
            # "high" means strictly above the threshold, as in ct.clv_segments
            for name, (hx, hy) in SEGMENT_QUADRANTS.items():
                seg[((xs > tx) == hx) & ((ys > ty) == hy)] = name
        # one colour lookup per segment, not per customer (100k points stay fast)
        codes, names = pd.factorize(np.asarray(seg, dtype=object))
        colors = to_rgba_array([color(str(n)) for n in names])[codes]
        scale = check_choice("scale", scale, ["auto", "linear", "log"])
        scales = (_axis_scale(xs, scale), _axis_scale(ys, scale))  # None = linear, else linthresh
        key = (x, y, currency, scales)
        if self._needs_build(key):
            self._build(xs=xs, ys=ys, tx=tx, ty=ty, currency=currency, x=x, y=y,
                        scales=scales)
        return self._fill(xs=xs, ys=ys, colors=colors, tx=tx, ty=ty, scales=scales)

    def _build(self, *, xs: Any, ys: Any, tx: Any, ty: Any, currency: Any, x: Any,
               y: Any, scales: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.points = ax.scatter(xs, ys, s=14, alpha=0.6, linewidths=0)
        self.vline = ax.axvline(tx, color=color("reference"), linestyle="--", linewidth=1.5)
        self.hline = ax.axhline(ty, color=color("reference"), linestyle="--", linewidth=1.5)
        self.names = {}
        for name, (hx, hy) in SEGMENT_QUADRANTS.items():
            self.names[name] = ax.text(0.98 if hx else 0.02, 0.98 if hy else 0.02,
                                       label(f"term.segment.{name}", lang), transform=ax.transAxes,
                                       ha="right" if hx else "left",
                                       va="top" if hy else "bottom", fontweight="bold",
                                       color=text_color("reference" if name == "low_value"
                                                        else name),
                                       bbox={"facecolor": "white", "edgecolor": "none",
                                             "alpha": 0.8})
        money = style.displayable(currency_label(currency, lang))
        ax.set_xlabel(label("plot.current_value_in", lang, currency=money)
                      if x == "current_value" else f"{style.displayable(x)} ({money})")
        ax.set_ylabel(label("plot.potential_value_in", lang, currency=money)
                      if y == "potential_value" else f"{style.displayable(y)} ({money})")
        ax.set_title(label("plot.segment_map_title", lang))
        for set_scale, linthresh in zip((ax.set_xscale, ax.set_yscale), scales):
            if linthresh is not None:
                set_scale("symlog", linthresh=linthresh)
        ax.xaxis.set_major_formatter(yuan_formatter(each=scales[0] is not None))
        ax.yaxis.set_major_formatter(yuan_formatter(each=scales[1] is not None))
        self._done(self.points)

    def _fill(self, *, xs: Any, ys: Any, colors: Any, tx: Any, ty: Any,
              scales: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        self.points.set_offsets(np.column_stack([xs, ys]))
        self.points.set_facecolor(colors)
        self.vline.set_xdata([tx, tx])
        self.hline.set_ydata([ty, ty])
        # scatter limits are not tracked by relim(): set them from the data
        ax.set_xlim(*_limits(xs, tx, scales[0]), auto=None)
        ax.set_ylim(*_limits(ys, ty, scales[1]), auto=None)
        return ax


def plot_segment_map(
    customers: Any,
    *,
    x: str = "current_value",
    y: str = "potential_value",
    segment: str | None = "segment",
    thresholds: tuple[float, float] | None = None,
    scale: str = "auto",
    currency: str = "yuan",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Customers on the current value × potential value map, split into four segments.

    High-value customers (高价值客户, high/high), growth customers (成长型客户, low
    current, high potential), customers to watch (需警惕客户, high current, low
    potential) and low-value customers (低价值客户, low/low).

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with the columns named by ``x`` and ``y`` (yuan) and,
        optionally, ``segment`` (keys from ``ct.clv_segments``). Without a segment
        column, points are coloured by quadrant.
    x, y : str
        Columns of the current and the potential value.
    segment : str or None, default "segment"
        Column with each customer's segment key (ignored if absent).
    thresholds : (float, float), optional
        The current and potential value separating low from high (high = strictly
        above), e.g. ``ct.segment_thresholds(...)``; default the medians (as in
        ``ct.clv_segments``).
    scale : {"auto", "linear", "log"}, default "auto"
        Axis scale. Customer values are usually skewed (a few customers are worth a
        hundred times the median one), which squeezes most points into a corner on a
        linear scale. ``"log"`` is a symmetric log scale (matplotlib ``"symlog"``): zero
        and negative values stay visible, linear below a threshold of a power of ten at
        about the smallest positive values (5th percentile). ``"auto"`` chooses per axis:
        log when the positive values are skewed, i.e. their 99th percentile is more than
        10 times their median or their maximum more than 20 times their 90th percentile
        (a few outliers would squeeze everybody else into a strip), else linear.
    currency : str, default "yuan"
        Unit of the values, for the axis labels (CDNOW: ``"USD"``).
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, analysis step 4: segment by current × potential value.
    """
    return SegmentMapChart(ax, lang=lang).update(customers, x=x, y=y, segment=segment,
                                                 thresholds=thresholds, scale=scale,
                                                 currency=currency)


def _axis_scale(values: np.ndarray, scale: str) -> float | None:
    """None for a linear axis, else the linear threshold of the symlog axis."""
    positive = values[values > 0]
    if scale == "linear" or positive.size == 0:
        return None
    if scale == "auto":
        median, p90, p99 = np.quantile(positive, [0.5, 0.9, 0.99])
        if not (p99 > 10 * median or positive.max() > 20 * p90):
            return None
    return float(10.0 ** np.floor(np.log10(np.quantile(positive, 0.05))))


def _limits(values: np.ndarray, threshold: float, linthresh: float | None
            ) -> tuple[float, float]:
    lo, hi = min(float(values.min()), threshold), max(float(values.max()), threshold)
    if linthresh is None:
        pad = 0.05 * ((hi - lo) or 1.0)
        return lo - pad, hi + pad
    # on the log axis a margin is a factor (the linear part near 0 gets a fixed step)
    low = lo * 1.3 if lo < -linthresh else lo - 0.3 * linthresh
    return low, hi * 1.3 if hi > linthresh else hi + 0.3 * linthresh


class ParetoChart(Chart):
    """The chart of :func:`plot_pareto`, updated in place (see :class:`Chart`)."""

    figsize = (6.5, 5.5)

    def update(
        self,
        values: Any,
        *,
        column: str | None = None,
        top: float = 0.2,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_pareto`."""
        import pandas as pd

        if not all(hasattr(values, a) for a in ("curve", "value_share", "top_customer_share")):
            if isinstance(values, pd.DataFrame):
                if column is None:
                    raise ValueError(error_text("error.plot.column_needed", name="column",
                                                of="values"))
                check_columns("values", values, [column])
                values = values[column]
            top = check_probability("top", top)
            if top in (0.0, 1.0):
                raise ValueError(error_text("error.range", name="top", interval="(0, 1)",
                                            value=_fmt(top)))
            values = segmentation.pareto_analysis(values, top=top)
        # the library's classical Lorenz curve runs from the smallest customer up; turn it
        # round to "most valuable first": the top q bring 1 - L(1 - q)
        lorenz = values.curve
        check_columns("values.curve", lorenz, ["customer_share", "value_share"])
        cust = (1.0 - lorenz["customer_share"].to_numpy(dtype=float)[::-1]) * 100
        share = (1.0 - lorenz["value_share"].to_numpy(dtype=float)[::-1]) * 100
        top = float(values.top_customer_share)
        top_share = float(values.value_share) * 100
        gini = getattr(values, "gini", None)
        key = (len(cust),)
        if self._needs_build(key):
            self._build(cust=cust, share=share)
        return self._fill(cust=cust, share=share, top_share=top_share, top=top, gini=gini)

    def _build(self, *, cust: Any, share: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        ax.plot([0, 100], [0, 100], color=color("muted"), linestyle="--",
                label=label("plot.equality", lang))
        (self.curve,) = ax.plot(cust, share, color=color("value"))
        (self.point,) = ax.plot([], [], marker="o", markersize=10, linestyle="none",
                                color=color("highlight"))
        (self.guide,) = ax.plot([], [], color=color("highlight"), linestyle=":",
                                linewidth=1.5)
        self.text = ax.annotate("", (0, 0), xytext=(12, -22), textcoords="offset points",
                                fontweight="bold")
        ax.set_xlim(0, 100, auto=None)
        ax.set_ylim(0, 102, auto=None)
        ax.set_xlabel(label("plot.customers_ranked", lang))
        ax.set_ylabel(label("plot.cumulative_value_share", lang))
        ax.set_title(label("plot.pareto_title", lang))
        ax.xaxis.set_major_formatter(percent_formatter())
        ax.yaxis.set_major_formatter(percent_formatter())
        ax.legend(loc="lower right", fontsize="small")
        self._done(self.curve)

    def _fill(self, *, cust: Any, share: Any, top_share: Any, top: Any,
              gini: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        self.curve.set_data(cust, share)
        self.point.set_data([top * 100], [top_share])
        self.guide.set_data([top * 100, top * 100, 0], [0, top_share, top_share])
        self.text.xy = (top * 100, top_share)
        note = label("plot.pareto_point", lang, top=top, share=top_share / 100)
        if gini is not None:
            note += "\n" + label("plot.gini", lang, gini=float(gini))
        self.text.set_text(note)
        return ax


def plot_pareto(
    values: Any,
    *,
    column: str | None = None,
    top: float = 0.2,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Pareto / Lorenz curve: the share of value brought by the most valuable customers.

    Customers are ranked from the most to the least valuable; the curve gives the share
    of total value brought by the top x %. The 80/20 rule says the top 20 % bring about
    80 %; the point at ``top`` is marked and labelled.

    Parameters
    ----------
    values : ParetoResult, array-like, pandas.Series or DataFrame
        ``ct.pareto_analysis(...)`` (its curve, top share and Gini are drawn), or one
        value per customer (e.g. total spend, or CLV), analysed with
        ``ct.pareto_analysis``; for a DataFrame name the ``column``.
    column : str, optional
        Column of ``values`` when it is a DataFrame.
    top : float, default 0.2
        Share of customers to mark, in (0, 1) (a ParetoResult brings its own).
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Seed 000: the 80/20 rule; Lorenz, M. O. (1905). Methods of measuring the concentration
       of wealth. *JASA* 9(70), 209-219.
    """
    return ParetoChart(ax, lang=lang).update(values, column=column, top=top)
