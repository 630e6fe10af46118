"""Plots of customer value: delivered value, offer comparison, the six value types.

Inputs are what :mod:`clvteach.value` returns; these functions only draw.
Each ``plot_*`` function has a chart class
(``...Chart(ax).update(...)``) that explorers update in place (see
:class:`clvteach.plotting.Chart`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from .. import style, value
from .._validation import check_array, check_choice, check_columns, error_text
from .._validation import fmt_value as _fmt
from ._common import Chart, color, label, span, yuan_formatter

__all__ = ["plot_delivered_value", "plot_offer_comparison", "plot_value_types", "DeliveredValueChart", "OfferComparisonChart", "ValueTypesChart"]

VALUE_COMPONENTS = tuple(value.VALUE_COMPONENTS)
COST_COMPONENTS = tuple(value.COST_COMPONENTS)
VALUE_TYPES = tuple(vt.key for vt in value.VALUE_TYPES)  # base of the pyramid first

# label keys of the cost components ("time" alone is the time axis label)
_SHADES = (1.0, 0.72, 0.48, 0.28)  # alpha of the 1st..4th component of a stack


def _as_offer(offer: Any) -> value.Offer:
    if isinstance(offer, value.Offer):
        return offer
    if isinstance(offer, Mapping):
        unknown = [k for k in offer if k not in (*VALUE_COMPONENTS, *COST_COMPONENTS, "name")]
        if unknown:
            raise ValueError(error_text(
                "error.plot.keys_among", name="offer",
                keys=", ".join((*VALUE_COMPONENTS, *COST_COMPONENTS, "name")),
                value=_fmt(unknown[0])))
        return value.Offer(**offer)
    raise TypeError(error_text("error.plot.offer_type", name="offer", kind="clvteach Offer",
                               type=type(offer).__name__))


def _verdict_key(result: value.DeliveredValue) -> str:
    return next(k for k, (en, _zh) in value.VERDICTS.items() if en == result.verdict)


class DeliveredValueChart(Chart):
    """The chart of :func:`plot_delivered_value`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        offer: Any,
        *,
        fmt: str = ",.0f",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_delivered_value`."""
        offer = _as_offer(offer)
        result = value.delivered_value(offer)
        values = {k: float(getattr(offer, k)) for k in VALUE_COMPONENTS}
        costs = {k: float(getattr(offer, k)) for k in COST_COMPONENTS}
        total_value, total_cost = result.total_value, result.total_cost
        delivered = result.delivered_value
        key = ()
        if self._needs_build(key):
            self._build()
        return self._fill(values=values, fmt=fmt, costs=costs, delivered=delivered,
                          total_value=total_value, total_cost=total_cost, result=result)

    def _build(self) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.value = [ax.bar(0, 0, width=0.6, color=color("value"), alpha=s,
                             edgecolor="white") for s in _SHADES]
        self.cost = [ax.bar(1, 0, width=0.6, color=color("cost"), alpha=s,
                            edgecolor="white") for s in _SHADES]
        self.delivered = ax.bar(2, 0, width=0.6)
        self.value_names = [ax.text(0, 0, "", ha="center", va="center", fontsize="small")
                            for _ in VALUE_COMPONENTS]
        self.cost_names = [ax.text(1, 0, "", ha="center", va="center", fontsize="small")
                           for _ in COST_COMPONENTS]
        self.totals = [ax.text(i, 0, "", ha="center", va="bottom", fontweight="bold")
                       for i in range(3)]
        ax.axhline(0, color=color("reference"), linewidth=1.0)
        ax.set_xticks(range(3), [label(f"term.delivered.{k}", lang) for k in
                                 ("total_value", "total_cost", "delivered_value")])
        ax.set_ylabel(label("plot.value_yuan", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        self._done(self.delivered.patches[0])

    def _fill(self, *, values: Any, fmt: Any, costs: Any, delivered: Any,
              total_value: Any, total_cost: Any, result: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax, lang = self.ax, self.lang
        _fill_stack(self.value, self.value_names, values,
                    [label(f"term.delivered.{k}", lang) for k in VALUE_COMPONENTS], fmt)
        _fill_stack(self.cost, self.cost_names, costs,
                    [label(f"term.delivered.{k}", lang) for k in COST_COMPONENTS], fmt)
        bar = self.delivered.patches[0]
        bar.set_height(delivered)
        bar.set_facecolor(color("positive") if delivered >= 0 else color("negative"))
        for txt, x, top, v in zip(self.totals, range(3),
                                  (total_value, total_cost, max(delivered, 0.0)),
                                  (total_value, total_cost, delivered)):
            txt.set_position((x, top))
            txt.set_text(format(v, fmt))
        ax.set_title(f"{label('plot.delivered_value_title', lang)}\n"
                     f"{label(f'term.delivered.{_verdict_key(result)}', lang)}")
        ax.set_xlim(-0.5, 2.5, auto=None)
        ax.set_ylim(*span(0.0, total_value, total_cost, delivered, headroom=0.08), auto=None)
        return ax


def plot_delivered_value(
    offer: Any,
    *,
    fmt: str = ",.0f",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Customer delivered value (客户让渡价值) = total customer value − total customer cost.

    Two stacked bars (the four value components, the four cost components) and a third
    bar with their difference, computed by :func:`clvteach.delivered_value`; the title
    gives its verdict ("worth more than it costs" 物超所值, or "not worth it" 不值).

    Parameters
    ----------
    offer : clvteach.Offer or mapping
        The offer (e.g. ``ct.CHENGUANG_MUG``), or its components as a mapping:
        ``product``, ``service``, ``personnel``, ``image`` (value) and ``monetary``,
        ``time``, ``energy``, ``psychological`` (cost), in yuan-equivalent.
    fmt : str, default ",.0f"
        Number format of the labels.
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, 客户让渡价值 (case 晨光智能咖啡杯); Kotler, P. and Keller, K. L., *Marketing
       Management*.
    """
    return DeliveredValueChart(ax, lang=lang).update(offer, fmt=fmt)


def _fill_stack(bars: list[Any], names: list[Any], parts: Mapping[str, float],
                texts: list[str], fmt: str) -> None:
    bottom = 0.0
    total = sum(parts.values()) or 1.0
    for container, name, v, text in zip(bars, names, parts.values(), texts):
        rect = container.patches[0]
        rect.set_y(bottom)
        rect.set_height(v)
        # name every segment that can hold one line of text: two lines where tall
        # enough, else "name value" on one smaller line (a nameless band is unreadable)
        name.set_position((rect.get_x() + rect.get_width() / 2, bottom + v / 2))
        if v >= 0.08 * total:
            name.set_text(f"{text}\n{format(v, fmt)}")
            name.set_fontsize("small")
        elif v >= 0.035 * total:
            name.set_text(f"{text} {format(v, fmt)}")
            name.set_fontsize("x-small")
        else:
            name.set_text("")
        bottom += v


def _offer_table(offers: Any) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    import pandas as pd

    if not isinstance(offers, pd.DataFrame):
        if isinstance(offers, (str, bytes, Mapping)) or not isinstance(offers, Iterable):
            raise TypeError(error_text("error.plot.offers_type", name="offers",
                                       call="ct.compare_offers(...)", kind="Offer",
                                       type=type(offers).__name__))
        offers = value.compare_offers(list(offers))
    check_columns("offers", offers, ["total_value", "total_cost", "delivered_value"])
    name_col = next((c for c in ("offer", "name") if c in offers.columns), None)
    names = [style.displayable(x) for x in (offers[name_col] if name_col else offers.index)]
    if len(names) == 0:
        raise ValueError(error_text("error.value.no_offers", name="offers"))
    tv, tc, dv = (check_array(f"offers[{c!r}]", offers[c].to_numpy(dtype=float))
                  for c in ("total_value", "total_cost", "delivered_value"))
    return names, tv, tc, dv


class OfferComparisonChart(Chart):
    """The chart of :func:`plot_offer_comparison`, updated in place (see :class:`Chart`)."""

    def update(
        self,
        offers: Any,
        *,
        fmt: str = ",.0f",
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_offer_comparison`."""
        names, tv, tc, dv = _offer_table(offers)
        n = len(names)
        key = (n,)
        x = np.arange(n)
        if self._needs_build(key):
            self._build(x=x, n=n)
        return self._fill(tv=tv, tc=tc, x=x, dv=dv, fmt=fmt, names=names, n=n)

    def _build(self, *, x: Any, n: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.value = ax.bar(x - 0.2, np.zeros(n), width=0.4, color=color("value"),
                            label=label("term.delivered.total_value", lang))
        self.cost = ax.bar(x + 0.2, np.zeros(n), width=0.4, color=color("cost"),
                           label=label("term.delivered.total_cost", lang))
        (self.delivered,) = ax.plot(x, np.zeros(n), linestyle="none", marker="D",
                                    markersize=11, color=color("positive"),
                                    markeredgecolor="black",
                                    label=label("term.delivered.delivered_value", lang))
        self.labels = [ax.annotate("", (xi, 0), xytext=(0, 13), textcoords="offset points",
                                   ha="center", fontweight="bold") for xi in x]
        ax.axhline(0, color=color("reference"), linewidth=1.0)
        ax.set_xlabel(label("plot.offer", lang))
        ax.set_ylabel(label("plot.value_yuan", lang))
        ax.set_title(label("plot.offer_comparison_title", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="upper center", ncols=3, fontsize="small")
        self._done(self.value.patches[0])
        self.ticks: Any = None  # tick labels last set (set again only on change)

    def _fill(self, *, tv: Any, tc: Any, x: Any, dv: Any, fmt: Any, names: Any,
              n: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        for rect, v in zip(self.value.patches, tv):
            rect.set_height(v)
        for rect, v in zip(self.cost.patches, tc):
            rect.set_height(v)
        self.delivered.set_data(x, dv)
        for ann, xi, v in zip(self.labels, x, dv):
            ann.xy = (xi, v)
            ann.set_text(format(v, fmt))
        best = int(np.argmax(dv))
        if self.ticks != (names, best):  # re-creating tick labels is slow: only on change
            ax.set_xticks(x, names)
            for i, tick in enumerate(ax.get_xticklabels()):
                tick.set_fontweight("bold" if i == best else "normal")
            self.ticks = (names, best)
        ax.set_xlim(-0.6, n - 0.4, auto=None)
        ax.set_ylim(*span(0.0, tv, tc, dv, pad=0.1, headroom=0.25), auto=None)  # legend and labels
        return ax


def plot_offer_comparison(
    offers: Any,
    *,
    fmt: str = ",.0f",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Compare offers: total value and total cost side by side, delivered value marked.

    The offer with the highest delivered value is the one a rational customer picks
    (Kotler); its name is drawn in bold.

    Parameters
    ----------
    offers : pandas.DataFrame or iterable of clvteach.Offer
        ``ct.compare_offers(...)`` (one row per offer with ``offer``, ``total_value``,
        ``total_cost``, ``delivered_value`` in yuan), or the offers themselves.
    fmt : str, default ",.0f"
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Kotler, P. and Keller, K. L., *Marketing Management* (customer delivered value).
    """
    return OfferComparisonChart(ax, lang=lang).update(offers, fmt=fmt)


class ValueTypesChart(Chart):
    """The chart of :func:`plot_value_types`, updated in place (see :class:`Chart`)."""

    figsize = (7.5, 5.5)

    def update(
        self,
        *,
        highlight: str | Iterable[str] | None = None,
    ) -> Axes:
        """Draw new numbers; arguments as in :func:`plot_value_types`."""
        if highlight is None:
            chosen: set[str] = set()
        else:
            chosen = {highlight} if isinstance(highlight, str) else set(highlight)
            for k in chosen:
                check_choice("highlight", k, VALUE_TYPES)
        key = ()
        n = len(VALUE_TYPES)
        y = np.arange(n)
        widths = 1.0 - y / (n + 1.5)  # narrower towards the top
        if self._needs_build(key):
            self._build(y=y, widths=widths, n=n)
        return self._fill(chosen=chosen)

    def _build(self, *, y: Any, widths: Any, n: Any) -> None:
        """Create the artists of this structure (once per structure)."""
        ax, lang = self.ax, self.lang
        self.layers = ax.barh(y, widths, left=-widths / 2, height=0.92, edgecolor="white")
        self.names = [ax.text(0, yi + 0.12, label(f"term.value_type.{k}", lang), ha="center", va="center",
                              fontweight="bold") for yi, k in zip(y, VALUE_TYPES)]
        self.levels = [ax.text(0, yi - 0.22, _maslow_text(vt, lang), ha="center",
                               va="center", fontsize="small")
                       for yi, vt in zip(y, value.VALUE_TYPES)]
        ax.set_xlim(-0.55, 0.55, auto=None)
        ax.set_ylim(-0.6, n - 0.4, auto=None)
        ax.set_axis_off()
        ax.set_title(label("plot.value_types_title", lang))
        self._done(self.layers.patches[0])

    def _fill(self, *, chosen: Any) -> Axes:
        """Put the numbers into the artists, limits included."""
        ax = self.ax
        palette = [style.OKABE_ITO[c] for c in ("blue", "sky_blue", "bluish_green", "yellow",
                                                "orange", "reddish_purple")]
        for i, (rect, k) in enumerate(zip(self.layers.patches, VALUE_TYPES)):
            if chosen:
                face = color("highlight") if k in chosen else "#DDDDDD"
            else:
                face = palette[i]
            rect.set_facecolor(face)
            for txt in (self.names[i], self.levels[i]):
                txt.set_color(style.text_on(face))
        return ax


def plot_value_types(
    *,
    highlight: str | Iterable[str] | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """The six customer value types on Maslow's pyramid (马斯洛需求层次).

    From the base: functional (功能性价值), trust (信赖性价值), social (社会性价值),
    epistemic (探知性价值), aesthetic (美感性价值) and self-actualisation (自我实现价值),
    each with its Maslow level. A qualitative diagram: no numeric axis.

    Parameters
    ----------
    highlight : str or iterable of str, optional
        Value type key(s) to colour (e.g. the answer to "which value does this customer
        get?"); the others are grey. Without it every layer has its own colour.
    ax, lang
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Courseware ch. 6, classification of customer value by Maslow's hierarchy (马斯洛需求层次).
    """
    return ValueTypesChart(ax, lang=lang).update(highlight=highlight)


def _maslow_text(vt: value.ValueType, lang: str) -> str:
    if lang == "zh":
        return "、".join(vt.maslow_levels_zh)
    return ", ".join(level.replace("_", "-") for level in vt.maslow_levels)
