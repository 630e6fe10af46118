"""Plots of the customer lifecycle: five-process funnel, four-stage curve, four patterns.

Inputs are what :mod:`clvteach.lifecycle` returns (tables of counts and curves); these
functions only draw. Each ``plot_*`` function has a chart class
(``...Chart(ax).update(...)``) that explorers update in place (see
:class:`clvteach.plotting.Chart`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from .. import lifecycle, style
from .._validation import check_array, check_choice, check_columns, check_number
from .._validation import error_text
from .._validation import fmt_value as _fmt
from ..i18n import currency, has_text, unit
from ._common import Chart, as_mapping, color, label, span, text_color
from ._common import yuan_formatter

__all__ = ["plot_lifecycle_funnel", "plot_lifecycle_curve", "plot_lifecycle_patterns", "LifecycleFunnelChart", "LifecycleCurveChart", "LifecyclePatternsChart"]

#: Order of the shared keys (fixed in the project API).
PROCESSES = lifecycle.PROCESS_KEYS
STAGES = lifecycle.STAGE_KEYS
PATTERNS = lifecycle.PATTERN_KEYS
_TIME_UNITS = ("year", "quarter", "month", "week", "day")
_SAMPLES = 241  # points drawn along a FourStageCurve (fixed: in-place updates keep it)


def _value_unit(name: str, lang: str) -> str:
    if name == "yuan":
        return currency(name, lang)
    return unit(name, lang) if has_text(f"unit.{name}") else style.displayable(name)


def _funnel_counts(funnel: Any) -> tuple[dict[str, float], dict[str, float] | None]:
    import pandas as pd

    rates = None
    if isinstance(funnel, pd.DataFrame):
        name_col = next((c for c in ("process", "stage", "step") if c in funnel.columns), None)
        count_col = next((c for c in ("customers", "count", "n") if c in funnel.columns), None)
        if name_col is not None and count_col is not None:
            if "step_rate" in funnel.columns:  # ct.funnel(...): rates from the library
                rates = dict(zip(funnel[name_col], funnel["step_rate"].astype(float)))
            funnel = dict(zip(funnel[name_col], funnel[count_col]))
    counts = as_mapping("funnel", funnel)
    unknown = [k for k in counts if k not in PROCESSES]
    if unknown:
        raise ValueError(error_text("error.plot.keys_among", name="funnel",
                                    keys=", ".join(PROCESSES), value=_fmt(unknown[0])))
    if not counts:
        raise ValueError(error_text("error.plot.no_process", name="funnel"))
    for k, v in counts.items():
        if v < 0:
            raise ValueError(error_text("error.range", name=f"funnel[{k!r}]",
                                        interval="[0, inf)", value=f"{v:g}"))
    return {k: counts[k] for k in PROCESSES if k in counts}, rates


class LifecycleFunnelChart(Chart):
    """The chart of :func:`plot_lifecycle_funnel`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        funnel: Any,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_lifecycle_funnel`."""
        counts, rates = _funnel_counts(funnel)
        keys = tuple(counts)
        values = np.array(list(counts.values()))
        n = len(keys)
        key = (keys,)
        y = np.arange(n)[::-1]  # first process on top
        if self._needs_build(key):
            self._build(y=y, n=n, keys=keys)
        return self._fill(values=values, keys=keys, rates=rates, n=n)

    def _build(self, *, y: Any, n: Any, keys: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.bars = ax.barh(y, np.zeros(n), height=0.7, color=[color(k) for k in keys])
        self.labels = [ax.text(0, yi, "", ha="center", va="center", fontweight="bold",
                               color="white") for yi in y]
        self.shares = [ax.text(0, yi, "", ha="left", va="center", fontsize="small")
                       for yi in y]
        ax.set_yticks(y, [label(f"term.process.{k}", lang) for k in keys])
        ax.set_xlabel(label("plot.funnel_width", lang))
        ax.set_title(label("plot.funnel_title", lang))
        # bars are centred: a tick at +-5,000 would read as half a bar's count, so no
        # ticks; every bar carries its own count
        ax.xaxis.set_major_locator(NullLocator())
        self._done(self.bars.patches[0])

    def _fill(self, *, values: Any, keys: Any, rates: Any, n: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        widest = float(values.max()) if values.max() > 0 else 1.0
        for i, (rect, v) in enumerate(zip(self.bars.patches, values)):
            rect.set_x(-v / 2)
            rect.set_width(v)
            self.labels[i].set_text(f"{v:,.0f}")
            # white on the bar if it is wide enough, else dark next to it
            inside = v >= 0.18 * widest
            self.labels[i].set_color(style.text_on(rect.get_facecolor()) if inside
                                     else style.COLORS["reference"])
            self.labels[i].set_x(0 if inside else v / 2 + 0.02 * widest)
            self.labels[i].set_ha("center" if inside else "left")
            share = self.shares[i]
            offset = 0.0 if inside else 0.12 * widest
            share.set_x(v / 2 + 0.02 * widest + offset)
            share.set_text(_step_text(keys, values, rates, i, lang))
        ax.set_xlim(-0.55 * widest, 0.85 * widest, auto=None)
        ax.set_ylim(-0.6, n - 0.4, auto=None)
        return ax


def plot_lifecycle_funnel(
    funnel: Any,
    *,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """The five lifecycle processes as a funnel: customers at each step and step rate.

    Reach (到达) → acquisition (获取) → conversion (转换) → retention (保留) → win-back
    (流失/赢回). Each bar is centred and as wide as the number of customers; the label
    gives the count and the share of the previous step.

    Parameters
    ----------
    funnel : pandas.DataFrame, mapping or Series
        ``ct.funnel(...)`` (columns ``process``, ``count`` and ``step_rate``; win-back's
        rate is "of the churned"), or customers per process key (``reach``,
        ``acquisition``, ``conversion``, ``retention``, ``win_back``; any subset, drawn
        in that order), whose step rates are then count / previous count.
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, the five processes of the customer lifecycle and their KPIs.
    """
    return LifecycleFunnelChart(ax, lang=lang).update(funnel)


def _step_text(keys: tuple[str, ...], values: np.ndarray, rates: dict[str, float] | None,
               i: int, lang: str) -> str:
    k = keys[i]
    if rates is not None:
        rate = rates.get(k, float("nan"))
        if not np.isfinite(rate):
            return ""
        return label("plot.of_churned" if k == "win_back" else "plot.of_previous", lang, share=rate)
    # win-back is a loop back from churn, not the next step: no rate without the table
    if i == 0 or k == "win_back" or values[i - 1] <= 0:
        return ""
    return label("plot.of_previous", lang, share=values[i] / values[i - 1])


def _curve_columns(name: str, curve: Any, *, need_stage: bool) -> tuple[np.ndarray, ...]:
    import pandas as pd

    if isinstance(curve, lifecycle.FourStageCurve):
        curve = curve.sample(_SAMPLES)
    if isinstance(curve, Mapping) and not isinstance(curve, pd.DataFrame):
        curve = pd.DataFrame(dict(curve))
    if isinstance(curve, pd.DataFrame) and "time" not in curve.columns and "t" in curve:
        curve = curve.rename(columns={"t": "time"})  # FourStageCurve.sample() calls it t
    columns = ["time", "value", *(["stage"] if need_stage else [])]
    check_columns(name, curve, columns)
    t = check_array(f"{name}['time']", curve["time"].to_numpy(dtype=float), min_length=2)
    v = check_array(f"{name}['value']", curve["value"].to_numpy(dtype=float), min_length=2)
    if np.any(np.diff(t) < 0):
        raise ValueError(error_text("error.plot.increasing", name=f"{name}['time']"))
    if not need_stage:
        return t, v
    stage = curve["stage"].astype(str).to_numpy()
    for s in np.unique(stage):
        check_choice(f"{name}['stage']", s, STAGES)
    return t, v, stage


def _stage_spans(t: np.ndarray, stage: np.ndarray) -> dict[str, tuple[float, float]]:
    """Each stage's span on the time axis; a stage ends where the next one starts."""
    starts = {s: float(t[np.argmax(stage == s)]) for s in STAGES if np.any(stage == s)}
    keys = list(starts)
    spans = {}
    for i, s in enumerate(keys):
        end = starts[keys[i + 1]] if i + 1 < len(keys) else float(t[-1])
        spans[s] = (starts[s], end)
    return spans


class LifecycleCurveChart(Chart):
    """The chart of :func:`plot_lifecycle_curve`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        curve: Any,
        *,
        baseline: Any = None,
        total: float | None = None,
        time_unit: str | None = None,
        value_unit: str = "yuan",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_lifecycle_curve`."""
        model = curve if isinstance(curve, lifecycle.FourStageCurve) else None
        t, v, stage = _curve_columns("curve", curve, need_stage=True)
        base = None if baseline is None else _curve_columns("baseline", baseline, need_stage=False)
        if time_unit is None:
            time_unit = model.period if model is not None else "month"
        time_unit = check_choice("time_unit", time_unit, _TIME_UNITS)
        if total is None and model is not None:
            total = model.total_value()
        if total is not None:
            total = float(check_number("total", total))
        # exact boundaries from the model (a stage may last 0 periods), else from the samples
        spans = dict(model.boundaries) if model is not None else _stage_spans(t, stage)
        key = (tuple(spans), base is not None, len(t), None if base is None
               else len(base[0]), time_unit, value_unit)
        if self._needs_build(key):
            self._build(spans=spans, base=base, t=t, v=v, time_unit=time_unit,
                        value_unit=value_unit)
        return self._fill(t=t, base=base, spans=spans, v=v, total=total,
                          value_unit=value_unit)

    def _build(self, *, spans: Any, base: Any, t: Any, v: Any, time_unit: Any,
               value_unit: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.spans = {s: ax.axvspan(0, 1, color=color(s), alpha=0.15, linewidth=0)
                      for s in spans}
        self.names = {s: ax.text(0, _LABEL_TOP, label(f"term.stage.{s}", lang),
                                 transform=ax.get_xaxis_transform(),
                                 ha="center", va="top", fontweight="bold",
                                 color=text_color(s))
                      for s in spans}
        if base is not None:
            (self.baseline,) = ax.plot(base[0], base[1], linestyle="--",
                                       color=color("muted"))
        self.fill = ax.fill_between(t, 0, v, color=color("value"), alpha=0.12, linewidth=0)
        (self.curve,) = ax.plot(t, v, color=color("value"))
        # low in the middle: inside the shaded area, clear of the peak and the stage names
        self.total = ax.text(0.5, 0.05, "", transform=ax.transAxes, ha="center",
                             va="bottom", fontweight="bold",
                             bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        ax.set_xlabel(label("plot.time_axis", lang, unit=unit(time_unit, lang)))
        ax.set_ylabel(label("plot.relationship_value", lang, value_unit=_value_unit(value_unit, lang),
                            unit=unit(time_unit, lang)))
        ax.set_title(label("plot.lifecycle_title", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        self._done(self.curve)

    def _fill(self, *, t: Any, base: Any, spans: Any, v: Any, total: Any,
              value_unit: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        x_range = (float(t[0]), float(t[-1]) if base is None else max(t[-1], base[0][-1]))
        for s, (lo, hi) in spans.items():
            rect = self.spans[s]
            rect.set_x(lo)
            rect.set_width(hi - lo)
            self.names[s].set_x((lo + hi) / 2)
            self.names[s].set_visible(hi > lo)  # a stage of zero length has no room
        rows = _stack_labels(ax, [self.names[s] for s, (lo, hi) in spans.items() if hi > lo],
                             x_range)
        self.curve.set_data(t, v)
        self.fill.set_data(t, np.zeros_like(v), v)
        if base is not None:
            self.baseline.set_data(*base)
        # "5,375 yuan", not "5,375.0 yuan": decimals only where the total has them
        amount = None if total is None else (f"{total:,.0f}" if float(total).is_integer()
                                             else f"{total:,.1f}")
        self.total.set_text("" if total is None else
                            label("plot.label_value", lang,
                                  name=label("plot.relationship_total", lang),
                                  value=f"{amount} {_value_unit(value_unit, lang)}"))
        ax.set_ylim(*span(0.0, v, base[1] if base is not None else [],
                          headroom=0.2 + 0.1 * (rows - 1)), auto=None)  # room for the stage names
        ax.set_xlim(*x_range, auto=None)
        return ax


def plot_lifecycle_curve(
    curve: Any,
    *,
    baseline: Any = None,
    total: float | None = None,
    time_unit: str | None = None,
    value_unit: str = "yuan",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """The four-stage lifecycle curve with its stages shaded.

    Relationship value rises through exploration (考察期) and formation (形成期), peaks
    in stability (稳定期) and falls in deterioration (退化期). The area under the curve is
    the value of the relationship: lengthen stability, shorten exploration and decline.

    Parameters
    ----------
    curve : clvteach.FourStageCurve, pandas.DataFrame or mapping of columns
        The curve (e.g. ``ct.FourStageCurve(stability=9)``: its exact stage boundaries,
        total value and period are used), or its samples with columns ``time`` (or
        ``t``), ``value`` (per period) and ``stage`` (stage key per row, in order).
    baseline : FourStageCurve, DataFrame or mapping, optional
        Another curve drawn dashed for comparison, e.g. the initial settings of an
        explorer.
    total : float, optional
        Total value of the relationship, written on the plot; default
        ``curve.total_value()`` for a FourStageCurve, else not shown.
    time_unit : {"year", "quarter", "month", "week", "day"}, optional
        Unit of ``time`` for the axis labels; default the curve's ``period`` or "month".
    value_unit : str, default "yuan"
        Unit of the value (use e.g. "purchases" for counts).
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, 客户生命周期的四阶段模型; seed 001: lengthen the mature stage, shorten
       cultivation and decline.
    """
    return LifecycleCurveChart(ax, lang=lang).update(curve, baseline=baseline,
                                                     total=total, time_unit=time_unit,
                                                     value_unit=value_unit)


_LABEL_TOP, _LABEL_ROW = 0.97, 0.08  # axes fraction: first row, height of a row


def _stack_labels(ax: Axes, texts: list[Any], x_range: tuple[float, float]) -> int:
    """Put centred labels on the fewest rows so that neighbours do not overlap.

    Widths are estimated from the text (a CJK character is about one em wide, a Latin
    one about 0.6 em) and the Axes' width in points, so no drawing is needed; each label
    is kept inside the Axes and goes on the first row whose previous label ends before it
    starts. Returns the number of rows.
    """
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    span_x = (x_range[1] - x_range[0]) or 1.0
    ends: list[float] = []  # right edge of the last label on each row (data units)
    for txt in texts:
        size = txt.get_fontsize()
        chars = txt.get_text()
        em = sum(1.0 if ord(c) > 0x2E80 else 0.62 for c in chars) + 0.8  # + padding
        half = em * size / width_pt * span_x / 2
        # keep the name inside the Axes (a short first or last stage sits at the edge)
        x = float(np.clip(txt.get_position()[0], x_range[0] + half,
                          max(x_range[1] - half, x_range[0] + half)))
        txt.set_x(x)
        row = next((i for i, end in enumerate(ends) if end <= x - half), len(ends))
        if row == len(ends):
            ends.append(x + half)
        else:
            ends[row] = x + half
        txt.set_y(_LABEL_TOP - _LABEL_ROW * row)
    return max(len(ends), 1)


def _patterns_frame(patterns: Any) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    import pandas as pd

    if isinstance(patterns, Mapping) and not isinstance(patterns, pd.DataFrame):
        patterns = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in patterns.items()})
        if "time" not in patterns.columns:  # ct.canonical_pattern(...) arrays: periods 0..n-1
            patterns.insert(0, "time", np.arange(len(patterns), dtype=float))
    if not isinstance(patterns, pd.DataFrame):
        raise TypeError(error_text("error.dataframe", name="patterns",
                                   type=type(patterns).__name__))
    if {"pattern", "time", "value"} <= set(patterns.columns):  # long form
        patterns = patterns.pivot(index="time", columns="pattern", values="value").reset_index()
    check_columns("patterns", patterns, ["time"])
    keys = [k for k in PATTERNS if k in patterns.columns]
    if not keys:
        raise ValueError(error_text("error.plot.column_among", name="patterns",
                                    keys=", ".join(PATTERNS),
                                    have=", ".join(map(str, patterns.columns))))
    t = check_array("patterns['time']", patterns["time"].to_numpy(dtype=float), min_length=2)
    curves = {k: check_array(f"patterns[{k!r}]", patterns[k].to_numpy(dtype=float),
                             allow_nan=True) for k in keys}
    return t, curves


class LifecyclePatternsChart(Chart):
    """The chart of :func:`plot_lifecycle_patterns`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        patterns: Any,
        *,
        highlight: str | None = None,
        trajectory: Sequence[float] | Any = None,
        time_unit: str = "month",
        value_unit: str = "yuan",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_lifecycle_patterns`."""
        t, curves = _patterns_frame(patterns)
        if highlight is not None:
            check_choice("highlight", highlight, list(curves))
        time_unit = check_choice("time_unit", time_unit, _TIME_UNITS)
        traj = None
        if trajectory is not None:
            import pandas as pd

            if isinstance(trajectory, pd.DataFrame):
                traj = _curve_columns("trajectory", trajectory, need_stage=False)
            else:
                values = check_array("trajectory", trajectory, allow_nan=True)
                if len(values) > len(t):
                    raise ValueError(error_text("error.plot.too_many_values",
                                                name="trajectory", count=len(t),
                                                size=len(values)))
                traj = (t[: len(values)], values)
        key = (tuple(curves), len(t), traj is not None, time_unit, value_unit)
        if self._needs_build(key):
            self._build(t=t, curves=curves, traj=traj, time_unit=time_unit,
                        value_unit=value_unit)
        return self._fill(t=t, curves=curves, highlight=highlight, traj=traj)

    def _build(self, *, t: Any, curves: Any, traj: Any, time_unit: Any,
               value_unit: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.lines = {k: ax.plot(t, y, color=color(k), label=label(f"term.pattern.{k}", lang))[0]
                      for k, y in curves.items()}
        if traj is not None:
            (self.trajectory,) = ax.plot(*traj, linestyle="none", marker="o",
                                         color=color("reference"))
        ax.set_xlabel(label("plot.time_axis", lang, unit=unit(time_unit, lang)))
        ax.set_ylabel(label("plot.relationship_value", lang, value_unit=_value_unit(value_unit, lang),
                            unit=unit(time_unit, lang)))
        ax.set_title(label("plot.patterns_title", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="upper left", fontsize="small")
        self._done(next(iter(self.lines.values())))

    def _fill(self, *, t: Any, curves: Any, highlight: Any, traj: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        import matplotlib as mpl

        width = mpl.rcParams["lines.linewidth"]
        for k, line in self.lines.items():
            line.set_data(t, curves[k])
            faded = highlight is not None and k != highlight
            line.set_alpha(0.35 if faded else 1.0)
            line.set_linewidth(width * (1.8 if k == highlight else 1.0))
            line.set_zorder(3 if k == highlight else 2)
        if traj is not None:
            self.trajectory.set_data(*traj)
        ax.set_xlim(*span(t, pad=0.02, sticky_zero=False), auto=None)
        ax.set_ylim(*span(0.0, *curves.values(), traj[1] if traj is not None else [],
                          headroom=0.3), auto=None)  # room for the legend
        return ax


def plot_lifecycle_patterns(
    patterns: Any,
    *,
    highlight: str | None = None,
    trajectory: Sequence[float] | Any = None,
    time_unit: str = "month",
    value_unit: str = "yuan",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """The four lifecycle patterns as value-over-time curves.

    Early abortion (早期流产型), mid-term abortion (中途夭折型), early exit (提前退出型)
    and long-term retention (长久保持型) differ in how far the customer gets through the
    four stages before leaving.

    Parameters
    ----------
    patterns : mapping or pandas.DataFrame
        ``{pattern: ct.canonical_pattern(pattern)}`` (values per period, periods
        0, 1, ...), or a DataFrame with column ``time`` and one column per pattern key
        (wide form), or columns ``pattern``, ``time``, ``value`` (long form).
    highlight : str, optional
        Pattern key drawn bold; the others are faded.
    trajectory : array-like or DataFrame, optional
        An observed customer's values (one per ``time`` point, or a DataFrame with
        ``time`` and ``value``), drawn as black dots to compare with the patterns.
    time_unit : {"year", "quarter", "month", "week", "day"}, default "month"
    value_unit : str, default "yuan"
        Unit of the values (e.g. "purchases" for the canonical purchase counts).
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, 客户生命周期模式 (four patterns and their cases).
    """
    return LifecyclePatternsChart(ax, lang=lang).update(patterns, highlight=highlight,
                                                        trajectory=trajectory,
                                                        time_unit=time_unit,
                                                        value_unit=value_unit)
