"""Plots of customer lifetime value: DCF table, CLV composition, sensitivity, CLV vs CAC.

Each function takes what the math library returns (``ct.dcf_table(...)``,
``ct.clv_summary(...)``, the sensitivity tornado table) and only draws it.

Fast updates (explorers)
------------------------
Each ``plot_*`` function is a throw-away chart: ``plot_dcf(table, ax=ax)`` is
``DcfChart(ax).update(table)``. An explorer keeps the chart and calls ``update`` again
with new numbers: when the structure is unchanged (same number of years, same options)
the existing bars, lines and texts are moved in place, which costs well under a
millisecond; otherwise the chart clears its Axes and builds again. Rendering the figure
to PNG is then the only real cost of a slider change.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .. import sensitivity, style
from ..clv import CLV_CAC_TARGET
from .._validation import check_array, check_columns, check_number, error_text
from .._validation import fmt_value as _fmt
from ..i18n import has_text
from ._common import Chart, as_mapping, color, label, span, text_color
from ._common import yuan_formatter

__all__ = ["plot_dcf", "plot_clv_composition", "plot_tornado", "plot_sensitivity_curve",
           "plot_clv_cac", "DcfChart", "ClvCompositionChart", "TornadoChart", "ClvCacChart", "SensitivityCurveChart"]

_COMPONENTS = ("historical", "current", "potential")
_POTENTIAL_PARTS = ("upgrade", "referral", "data")


def _column(table: Any, name: str) -> np.ndarray:
    return check_array(f"table[{name!r}]", table[name].to_numpy(dtype=float))


class DcfChart(Chart):
    """The chart of :func:`plot_dcf`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        table: Any,
        *,
        cumulative: bool = True,
        show_profit: bool = True,
        value_labels: bool | None = None,
        reference: Mapping[str, float] | None = None,
        fmt: str = ",.1f",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_dcf`."""
        check_columns("table", table, ["year", "present_value"])
        years = _column(table, "year")
        pv = _column(table, "present_value")
        cum = (_column(table, "cumulative_present_value")
               if "cumulative_present_value" in table.columns else np.cumsum(pv))
        profit = _column(table, "profit") if show_profit and "profit" in table.columns else None
        refs = {style.displayable(k): float(check_number(f"reference[{k!r}]", v))
                for k, v in (reference or {}).items()}
        n = len(years)
        labels_on = n <= 12 if value_labels is None else bool(value_labels)
        key = (n, bool(cumulative), profit is not None, labels_on, tuple(refs))
        if self._needs_build(key):
            self._build(n=n, profit=profit, years=years, labels_on=labels_on,
                        cumulative=cumulative, refs=refs)
        return self._fill(years=years, pv=pv, profit=profit, labels_on=labels_on, fmt=fmt,
                          cumulative=cumulative, cum=cum, refs=refs, n=n)

    def _build(self, *, n: Any, profit: Any, years: Any, labels_on: Any,
               cumulative: Any, refs: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        zeros = np.zeros(n)
        if profit is not None:
            self.profit = ax.bar(years, zeros, width=0.8, fill=False, linestyle="--",
                                 edgecolor=color("muted"), label=label("plot.profit", lang))
        self.pv = ax.bar(years, zeros, width=0.6, color=color("value"),
                         label=label("plot.present_value", lang))
        if labels_on:
            # inside the bars (white): clear of the cumulative line that starts on bar 1
            self.labels = [ax.text(x, 0, "", ha="center", va="center", fontsize="small",
                                   color="white", fontweight="bold") for x in years]
        if cumulative:
            (self.cum,) = ax.plot(years, zeros, marker="o", color=color("highlight"),
                                  label=label("plot.cumulative_present_value", lang))
            self.cum_label = ax.annotate("", (years[-1], 0), xytext=(8, 0),
                                         textcoords="offset points", va="center",
                                         fontweight="bold", color=text_color("highlight"))
        self.refs = []
        for name in refs:
            line = ax.axhline(0, linestyle=":", color=color("reference"), linewidth=1.5)
            note = ax.annotate(name, (1, 0), xycoords=("axes fraction", "data"),
                               xytext=(-4, 3), textcoords="offset points", ha="right",
                               fontsize="small")
            self.refs.append((line, note))
        ax.set_xlabel(label("plot.year", lang))
        ax.set_ylabel(label("plot.present_value_yuan", lang))
        ax.set_title(label("plot.dcf_title", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="upper left", fontsize="small")
        ax.set_xmargin(0.08)
        self._done(self.pv.patches[0])

    def _fill(self, *, years: Any, pv: Any, profit: Any, labels_on: Any, fmt: Any,
              cumulative: Any, cum: Any, refs: Any, n: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        _set_bars(self.pv, years, pv)
        if profit is not None:
            _set_bars(self.profit, years, profit)
        if labels_on:
            for txt, x, v in zip(self.labels, years, pv):
                txt.set_position((x, v / 2))
                txt.set_text(format(v, fmt))
        if cumulative:
            self.cum.set_data(years, cum)
            self.cum_label.xy = (years[-1], cum[-1])
            self.cum_label.set_text(format(cum[-1], fmt))
        for (line, note), value in zip(self.refs, refs.values()):
            line.set_ydata([value, value])
            note.xy = (1, value)
        half = 0.4 if profit is not None else 0.3  # half the widest bar
        ax.set_xlim(*span(years - half, years + half, pad=0.04 if not cumulative else 0.1,
                          sticky_zero=False), auto=None)
        y_lo, y_hi = span(0.0, pv, profit if profit is not None else [],
                          cum if cumulative else [], list(refs.values()), headroom=0.1)
        ax.set_ylim(y_lo, y_hi, auto=None)
        if cumulative:
            _place_end_label(self.cum_label, cum[-1], refs.values(), n, y_hi - y_lo)
        return ax


def plot_dcf(
    table: Any,
    *,
    cumulative: bool = True,
    show_profit: bool = True,
    value_labels: bool | None = None,
    reference: Mapping[str, float] | None = None,
    fmt: str = ",.1f",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw a DCF table: present value per year (bars) and its running total (line).

    The yearly bars are the discounted, survival-weighted profits
    :math:`PV_t = m\\,r^t/(1+d)^t`; the line is their cumulative sum, whose last point is
    the current value (Zhang San: 3,058.70 yuan exactly, 3,058 in the courseware).

    Parameters
    ----------
    table : pandas.DataFrame
        ``ct.dcf_table(...)``: columns ``year`` and ``present_value``; optional
        ``profit`` (drawn as dashed outlines: the profit before discounting) and
        ``cumulative_present_value`` (otherwise the running sum of ``present_value``).
    cumulative : bool, default True
        Draw the cumulative present value line, labelled with its final value.
    show_profit : bool, default True
        Draw the undiscounted profit behind each bar (if the table has ``profit``).
    value_labels : bool, optional
        Write each bar's value above it; by default only for up to 12 years.
    reference : mapping of str to float, optional
        Horizontal reference lines, e.g. ``{"infinite horizon": 3840.0}``.
    fmt : str, default ",.1f"
        Number format of the value labels.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created if None.
    lang : {"en", "zh"}, optional
        Label language; default the session language (:func:`clvteach.set_language`).

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, Zhang San's current-value table (年份 / 留存概率 / 预测利润 / 折现因子 / 利润现值).
    """
    return DcfChart(ax, lang=lang).update(table, cumulative=cumulative,
                                          show_profit=show_profit,
                                          value_labels=value_labels,
                                          reference=reference, fmt=fmt)


def _place_end_label(note: Any, end: float, refs: Any, n: int, y_range: float) -> None:
    """Final cumulative value right of the last point, or below-left of it.

    To the right there is room for a few years only (the x margin is a share of the
    span), and a reference line close to the end value (e.g. the infinite-horizon sum
    that the curve converges to) carries its own note there: then the label goes under
    the curve, inside the Axes.
    """
    near_ref = any(abs(v - end) < 0.08 * y_range for v in refs)
    if near_ref or n > 12:
        note.xyann = (-6, -8)
        note.set_horizontalalignment("right")
        note.set_verticalalignment("top")
    else:
        note.xyann = (8, 0)
        note.set_horizontalalignment("left")
        note.set_verticalalignment("center")


def _set_bars(bars: Any, x: np.ndarray, heights: np.ndarray,
              bottoms: np.ndarray | None = None) -> None:
    for i, rect in enumerate(bars.patches):
        rect.set_x(x[i] - rect.get_width() / 2)
        rect.set_height(heights[i])
        if bottoms is not None:
            rect.set_y(bottoms[i])


def _set_hbars(bars: Any, y: np.ndarray, widths: np.ndarray, lefts: np.ndarray) -> None:
    for i, rect in enumerate(bars.patches):
        rect.set_y(y[i] - rect.get_height() / 2)
        rect.set_width(widths[i])
        rect.set_x(lefts[i])


class ClvCompositionChart(Chart):
    """The chart of :func:`plot_clv_composition`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        summary: Any,
        *,
        potential_parts: Any = None,
        fmt: str = ",.1f",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_clv_composition`."""
        values = as_mapping("summary", summary, (*_COMPONENTS, "total"))
        missing = [k for k in _COMPONENTS if k not in values]
        if missing:
            raise ValueError(error_text("error.plot.missing_parts", name="summary",
                                        missing=", ".join(map(repr, missing)),
                                        needed="historical, current, potential"))
        parts = np.array([values[k] for k in _COMPONENTS])
        total = values.get("total", float(parts.sum()))
        heights = np.array([*parts, total])
        bottoms = np.array([0.0, parts[0], parts[0] + parts[1], 0.0])
        split = None
        if potential_parts is not None:
            split = as_mapping("potential_parts", potential_parts, _POTENTIAL_PARTS)
            split = {k: split.get(k, 0.0) for k in _POTENTIAL_PARTS}
            if abs(sum(split.values()) - values["potential"]) > 0.5:
                raise ValueError(error_text("error.plot.parts_sum", name="potential_parts",
                                            of="summary",
                                            expected=f"{values['potential']:,.1f}",
                                            total=f"{sum(split.values()):,.1f}"))
        key = (split is not None,)
        x = np.arange(4)
        if self._needs_build(key):
            self._build(x=x, split=split)
        return self._fill(x=x, heights=heights, bottoms=bottoms, fmt=fmt, split=split,
                          total=total)

    def _build(self, *, x: Any, split: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        keys = (*_COMPONENTS, "total")
        self.bars = ax.bar(x, np.zeros(4), width=0.6, color=[color(k) for k in keys])
        self.links = [ax.plot([i + 0.3, i + 0.7], [0, 0], color=color("muted"),
                              linestyle=":", linewidth=1.5)[0] for i in range(3)]
        self.labels = [ax.text(i, 0, "", ha="center", va="bottom", fontweight="bold")
                       for i in x]
        if split is not None:
            self.parts = ax.bar(np.full(3, 2.0), np.zeros(3), width=0.6,
                                color=color("potential"), edgecolor="white")
            for rect, alpha in zip(self.parts.patches, (1.0, 0.6, 0.35)):
                rect.set_alpha(alpha)
            self.bars.patches[2].set_facecolor("none")  # the parts show instead
            self.part_labels = [ax.text(2, 0, "", ha="center", va="center",
                                        fontsize="small", color=c)
                                for c in (style.text_on(color("potential")), "black", "black")]
        ax.set_xticks(x, [label(f"term.clv.{k}", lang) for k in keys])
        ax.set_ylabel(label("plot.value_yuan", lang))
        ax.set_title(label("plot.clv_composition_title", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        self._done(self.bars.patches[0])

    def _fill(self, *, x: Any, heights: Any, bottoms: Any, fmt: Any, split: Any,
              total: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        _set_bars(self.bars, x, heights, bottoms)
        tops = bottoms + heights
        for i, line in enumerate(self.links):
            line.set_ydata([tops[i], tops[i]])
        for txt, i, top, h in zip(self.labels, x, tops, heights):
            txt.set_position((i, max(top, bottoms[i])))
            txt.set_text(format(h, fmt))
        if split is not None:
            bottom = bottoms[2]
            big = max(abs(total), 1e-12)
            for rect, txt, (k, v) in zip(self.parts.patches, self.part_labels, split.items()):
                rect.set_y(bottom)
                rect.set_height(v)
                txt.set_position((2, bottom + v / 2))
                # named only where the segment is tall enough to hold the text
                txt.set_text(f"{clv_part_label(k, lang)} {format(v, fmt)}" if abs(v) >= 0.04 * big else "")
                bottom += v
        ax.set_xlim(-0.5, 3.5, auto=None)
        ax.set_ylim(*span(0.0, bottoms, tops, headroom=0.08), auto=None)
        return ax


def plot_clv_composition(
    summary: Any,
    *,
    potential_parts: Any = None,
    fmt: str = ",.1f",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Waterfall of CLV = historical value + current value + potential value.

    Zhang San: 4,320 + 3,058 + 1,487 = 8,865 yuan.

    Parameters
    ----------
    summary : mapping, pandas.Series, one-row DataFrame or result object
        ``ct.clv_summary(...)`` (long form: columns ``component`` and ``value``), or
        numbers ``historical``, ``current``, ``potential`` and optionally ``total``
        (otherwise their sum) as a mapping, Series, one-row DataFrame or object.
    potential_parts : PotentialValue or mapping, optional
        ``ct.potential_value(...)`` (or numbers ``upgrade``, ``referral``, ``data``):
        the potential bar is split into these parts (Zhang San: 458 + 1,029). They must
        add up to the summary's potential (within 0.5 yuan of rounding).
    fmt : str, default ",.1f"
        Number format of the labels.
    ax, lang
        As in :func:`plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, "张三的总客户终生价值汇总": 4320 + 3058 + 1487 = 8865 yuan.
    """
    return ClvCompositionChart(ax, lang=lang).update(summary,
                                                     potential_parts=potential_parts,
                                                     fmt=fmt)


_LOW_NAMES = ("clv_low", "low_clv", "value_low", "low_value", "low")
_HIGH_NAMES = ("clv_high", "high_clv", "value_high", "high_value", "high")
_BASE_NAMES = ("value_base", "clv_base", "base_clv", "base_value", "base")


def _pick(table: Any, names: tuple[str, ...], what: str) -> str:
    for name in names:
        if name in table.columns:
            return name
    have = ", ".join(map(str, table.columns))
    raise ValueError(error_text("error.plot.setting_column", name="table",
                                setting=error_text(f"error.plot.setting.{what}"),
                                names=", ".join(names), have=have))


def factor_label(factor: str, lang: str) -> str:
    """Display name of a sensitivity factor (its key if unknown)."""
    key = f"term.factor.{factor}"
    return label(key, lang) if has_text(key) else style.displayable(factor)


def clv_part_label(part: str, lang: str) -> str:
    """Display name of a CLV component or potential-value part (its name if unknown)."""
    key = f"term.clv.{part}"
    return label(key, lang) if has_text(key) else style.displayable(part)


_FACTOR_UNITS = {f.key: f.unit for f in sensitivity.FACTORS}


def _input_range(factor: str, low: float, high: float, lang: str) -> str:
    """A factor's tried range with its unit: rates as percentages, money with separators."""
    unit = _FACTOR_UNITS.get(factor)
    if unit == "per year":  # retention, discount rate, revenue trend: shares per year
        return label("plot.range_per_year", lang, lo=f"{low:.0%}", hi=f"{high:.0%}")
    if unit is None:
        return f"{low:g} → {high:g}"
    key = "plot.range_" + unit.replace(" ", "_")
    return label(key, lang, lo=f"{low:,.0f}", hi=f"{high:,.0f}") if has_text(key) \
        else f"{low:g} → {high:g} {unit}"


class TornadoChart(Chart):
    """The chart of :func:`plot_tornado`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        table: Any,
        *,
        base: float | None = None,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_tornado`."""
        check_columns("table", table, ["factor"])
        low_col = _pick(table, _LOW_NAMES, "low")
        high_col = _pick(table, _HIGH_NAMES, "high")
        low = _column(table, low_col)
        high = _column(table, high_col)
        if base is None:
            base_col = next((c for c in _BASE_NAMES if c in table.columns), None)
            if base_col is not None:
                base = float(table[base_col].iloc[0])
            else:
                raise ValueError(error_text("error.plot.base_needed", name="base",
                                            columns=", ".join(_BASE_NAMES)))
        base = float(check_number("base", base))
        # smallest swing first: barh draws from the bottom, so the largest ends on top
        order = np.argsort(np.abs(high - low), kind="stable")
        factors = [str(f) for f in table["factor"].to_numpy()[order]]
        low, high = low[order], high[order]
        has_inputs = {"low_input", "high_input"} <= set(table.columns)
        inputs = (list(zip(table["low_input"].to_numpy()[order],
                           table["high_input"].to_numpy()[order])) if has_inputs else None)
        n = len(factors)
        key = (n,)
        y = np.arange(n)
        if self._needs_build(key):
            self._build(y=y, n=n)
        return self._fill(y=y, low=low, base=base, n=n, high=high, factors=factors,
                          inputs=inputs)

    def _build(self, *, y: Any, n: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.low = ax.barh(y, np.zeros(n), height=0.6, color=color("cost"),
                           label=label("plot.factor_low", lang))
        self.high = ax.barh(y, np.zeros(n), height=0.6, color=color("value"),
                            label=label("plot.factor_high", lang))
        self.base = ax.axvline(0, color=color("reference"), linewidth=1.5,
                               label=label("plot.base_case", lang))
        ax.set_xlabel(label("plot.clv_yuan", lang))
        ax.set_title(label("plot.tornado_title", lang))
        ax.xaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="lower right", fontsize="small")
        self._done(self.low.patches[0])
        self.ticks: Any = None  # tick labels last set (set again only on change)

    def _fill(self, *, y: Any, low: Any, base: Any, n: Any, high: Any, factors: Any,
              inputs: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        _set_hbars(self.low, y, low - base, np.full(n, base))
        _set_hbars(self.high, y, high - base, np.full(n, base))
        self.base.set_xdata([base, base])
        names = [factor_label(f, lang) for f in factors]
        if inputs is not None:  # the range tried, e.g. "Retention rate (70% → 90% per year)"
            names = [f"{n}\n({_input_range(f, lo, hi, lang)})"
                     for n, f, (lo, hi) in zip(names, factors, inputs)]
        if self.ticks != names:  # re-creating tick labels is the slow part: only on change
            ax.set_yticks(y, names)
            self.ticks = names
        ax.set_ylim(-0.5, n - 0.5, auto=None)
        ax.set_xlim(*span(base, low, high, sticky_zero=False), auto=None)
        return ax


def plot_tornado(
    table: Any,
    *,
    base: float | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Tornado chart: CLV when each factor is lowered or raised, largest swing on top.

    Parameters
    ----------
    table : pandas.DataFrame
        ``ct.tornado(...)``: a ``factor`` column (keys such as ``retention``,
        ``discount_rate``; translated when known), the value at the factor's low and
        high input (``value_low``/``value_high``; also accepted ``clv_low``/``clv_high``
        or ``low``/``high``) and, if present, the inputs ``low_input``/``high_input``
        (shown under the factor's name).
    base : float, optional
        The base-case value (vertical line); default the table's ``value_base`` (or
        ``clv_base``/``base``) column.
    ax, lang
        As in :func:`plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, the eight factors that move CLV (计算客户终生价值的影响因素).
    """
    return TornadoChart(ax, lang=lang).update(table, base=base)


class ClvCacChart(Chart):
    """The chart of :func:`plot_clv_cac`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        table: Any,
        *,
        cac: float,
        payback: float | None = None,
        ratio: float | None = None,
        target: float = CLV_CAC_TARGET,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_clv_cac`."""
        check_columns("table", table, ["year", "present_value"])
        years = _column(table, "year")
        pv = _column(table, "present_value")
        cum = (_column(table, "cumulative_present_value")
               if "cumulative_present_value" in table.columns else np.cumsum(pv))
        cac = float(check_number("cac", cac, low=0.0))
        target = float(check_number("target", target, low=0.0, low_open=True))
        if payback is not None:
            payback = float(check_number("payback", payback, low=0.0))
        if ratio is not None:
            ratio = float(check_number("ratio", ratio))
        n = len(years)
        key = (n,)
        if self._needs_build(key):
            self._build(n=n)
        return self._fill(years=years, cum=cum, cac=cac, target=target, payback=payback,
                          ratio=ratio)

    def _build(self, *, n: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        (self.cum,) = ax.plot(np.zeros(n + 1), np.zeros(n + 1), marker="o",
                              color=color("value"),
                              label=label("plot.cumulative_present_value", lang))
        self.cac = ax.axhline(0, color=color("cost"), label=label("plot.cac", lang))
        self.target = ax.axhline(0, color=color("cost"), linestyle="--", linewidth=1.5,
                                 label=label("plot.cac_target", lang))
        (self.payback,) = ax.plot([], [], marker="D", markersize=12, linestyle="none",
                                  color=color("highlight"))
        self.payback_line = ax.axvline(0, color=color("highlight"), linestyle=":",
                                       linewidth=1.5)
        self.payback_text = ax.annotate("", (0, 0), xytext=(8, -16),
                                        textcoords="offset points",
                                        color=color("reference"), fontweight="bold")
        ax.set_xlabel(label("plot.year", lang))
        ax.set_ylabel(label("plot.value_yuan", lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="upper left", fontsize="small")
        self._done(self.cum)

    def _fill(self, *, years: Any, cum: Any, cac: Any, target: Any, payback: Any,
              ratio: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        self.cum.set_data(np.concatenate([[0.0], years]), np.concatenate([[0.0], cum]))
        self.cac.set_ydata([cac, cac])
        self.target.set_ydata([target * cac, target * cac])
        visible = payback is not None
        self.payback.set_data([payback] if visible else [], [cac] if visible else [])
        self.payback_line.set_visible(visible)
        if visible:
            self.payback_line.set_xdata([payback, payback])
            self.payback_text.xy = (payback, cac)
            # "after 1 year", "after 0.5 years": the singular only for exactly one
            self.payback_text.set_text(label("plot.payback_one" if payback == 1 else "plot.payback", lang,
                                             payback=payback))
        else:
            self.payback_text.xy = (0, cac)
            self.payback_text.set_text(label("plot.no_payback", lang) if cum[-1] < cac else "")
        title = label("plot.clv_cac_title", lang)
        if ratio is not None:
            title += "   " + label("plot.clv_cac_ratio", lang, ratio=ratio)
        ax.set_title(title)
        ax.set_xlim(*span(0.0, years, [payback] if visible else [], sticky_zero=False), auto=None)
        ax.set_ylim(*span(0.0, cum, cac, target * cac, sticky_zero=False), auto=None)
        return ax


def plot_clv_cac(
    table: Any,
    *,
    cac: float,
    payback: float | None = None,
    ratio: float | None = None,
    target: float = CLV_CAC_TARGET,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Cumulative present value against the acquisition cost, with the payback point.

    The customer pays back the acquisition cost (CAC) when the cumulative present value
    crosses the CAC line; the courseware's health check wants CLV:CAC of 3:1 or more
    (dashed line at ``target`` × CAC).

    Parameters
    ----------
    table : pandas.DataFrame
        ``ct.dcf_table(...)`` (``year`` and ``present_value``, optionally
        ``cumulative_present_value``). The line starts at year 0 with 0 yuan.
    cac : float
        Customer acquisition cost, yuan (>= 0).
    payback : float, optional
        ``ct.payback_period(...)``, in years (convert periods if ``period`` is not a
        year); marked on the CAC line if given.
    ratio : float, optional
        ``ct.clv_cac_ratio(...)``; shown in the title if given.
    target : float, default 3.0
        Target CLV:CAC ratio (the 3:1 rule).
    ax, lang
        As in :func:`plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, analysis step 3: CLV > CAC, CLV:CAC of 3:1 or more, payback period
       (回报周期).
    """
    return ClvCacChart(ax, lang=lang).update(table, cac=cac, payback=payback,
                                             ratio=ratio, target=target)


class SensitivityCurveChart(Chart):
    """The chart of :func:`plot_sensitivity_curve`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        curve: Any,
        *,
        base: tuple[float, float] | None = None,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_sensitivity_curve`."""
        check_columns("curve", curve, ["factor", "input", "value"])
        x = check_array("curve['input']", curve["input"].to_numpy(dtype=float), min_length=2)
        v = _column(curve, "value")
        factors = curve["factor"].astype(str).unique()
        if len(factors) != 1:
            raise ValueError(error_text("error.plot.one_factor", name="curve",
                                        count=len(factors), names=", ".join(factors[:3])))
        factor = factors[0]
        if base is not None:
            if len(base) != 2:
                raise ValueError(error_text("error.plot.input_value_pair", name="base",
                                            value=_fmt(base)))
            base_x = np.array([check_number("base[0]", base[0])], dtype=float)
            base_v = np.array([check_number("base[1]", base[1])], dtype=float)
        else:
            rows = (curve["is_base"].to_numpy(dtype=bool) if "is_base" in curve.columns
                    else np.zeros(len(x), dtype=bool))
            base_x, base_v = x[rows], v[rows]
        unit_text = next((f.unit for f in sensitivity.FACTORS if f.key == factor), None)
        key = (factor, len(x))
        if self._needs_build(key):
            self._build(x=x, v=v, factor=factor, unit_text=unit_text)
        return self._fill(x=x, v=v, base_x=base_x, base_v=base_v)

    def _build(self, *, x: Any, v: Any, factor: Any, unit_text: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        (self.line,) = ax.plot(x, v, color=color("value"))
        (self.base,) = ax.plot([], [], marker="o", markersize=10, linestyle="none",
                               color=color("highlight"), label=label("plot.base_case", lang))
        name = factor_label(factor, lang)
        ax.set_xlabel(f"{name} ({unit_text})" if unit_text and lang == "en" else name)
        ax.set_ylabel(label("plot.clv_yuan", lang))
        ax.set_title(name)
        ax.yaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="upper left", fontsize="small")
        self._done(self.line)

    def _fill(self, *, x: Any, v: Any, base_x: Any, base_v: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        self.line.set_data(x, v)
        self.base.set_data(base_x, base_v)
        ax.set_xlim(*span(x, base_x, sticky_zero=False), auto=None)
        ax.set_ylim(*span(v, base_v, sticky_zero=False), auto=None)
        return ax


def plot_sensitivity_curve(
    curve: Any,
    *,
    base: tuple[float, float] | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """How the value moves as one factor moves, the others held at the base case.

    Parameters
    ----------
    curve : pandas.DataFrame
        ``ct.sensitivity_curve(factor)``: columns ``factor``, ``input``, ``value`` and,
        optionally, ``is_base`` (rows at the base case are marked).
    base : (float, float), optional
        The base case as (input, value), e.g. ``(0.8, ct.case_value())``, marked
        instead of the ``is_base`` rows (useful when the grid misses the base input).
    ax, lang
        As in :func:`plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, the eight factors that move CLV (计算客户终生价值的影响因素).
    """
    return SensitivityCurveChart(ax, lang=lang).update(curve, base=base)
