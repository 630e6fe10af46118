"""Plots of customer value: delivered value, offer comparison, the six value types.

Inputs are what :mod:`clvteach.value` returns; these functions only draw.
``replace=True`` updates a previous plot on the same ``ax`` in place (see
:mod:`clvteach.plotting.clv`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from .. import style
from .._validation import _fmt, check_choice, check_columns, check_number
from ..i18n import has_text
from ._common import PlotState, as_mapping, color, finish, first_attr, label, rescale, start
from ._common import yuan_formatter

__all__ = ["plot_delivered_value", "plot_offer_comparison", "plot_value_types"]

#: Kotler's four value and four cost components (keys as in clvteach.value).
VALUE_COMPONENTS = ("product", "service", "personnel", "image")
COST_COMPONENTS = ("monetary", "time", "energy", "psychological")
#: The six value types, from the base of Maslow's pyramid to the top.
VALUE_TYPES = ("functional", "trust", "social", "epistemic", "aesthetic",
               "self_actualisation")

# label keys of the cost components ("time" alone is the time axis label)
_COST_LABEL = {"monetary": "monetary", "time": "time_cost", "energy": "energy",
               "psychological": "psychological"}
_SHADES = (1.0, 0.72, 0.48, 0.28)  # alpha of the 1st..4th component of a stack


def _components(result: Any, keys: tuple[str, ...], suffix: str, group: tuple[str, ...]
                ) -> dict[str, float]:
    """Read four components from a result object or mapping, in several spellings."""
    nested = first_attr(result, group)
    source = nested if nested is not None else result
    out: dict[str, float] = {}
    for k in keys:
        v = first_attr(source, (k, f"{k}_{suffix}"))
        if v is None:
            raise ValueError(
                f"result is missing the {k!r} {suffix} (expected keys "
                f"{', '.join(keys)} or {', '.join(f'{x}_{suffix}' for x in keys)})")
        out[k] = float(check_number(f"{k}_{suffix}", v, low=0.0))
    return out


def plot_delivered_value(
    result: Any,
    *,
    fmt: str = ",.0f",
    ax: Axes | None = None,
    lang: str | None = None,
    replace: bool = False,
) -> Axes:
    """Customer delivered value (客户让渡价值) = total customer value − total customer cost.

    Two stacked bars (the four value components, the four cost components) and a third
    bar with their difference; the title gives the verdict ("worth more than it costs"
    物超所值, or "not worth it" 不值).

    Parameters
    ----------
    result : result object or mapping
        ``ct.delivered_value(...)``, or a mapping with the eight components: ``product``,
        ``service``, ``personnel``, ``image`` (value) and ``monetary``, ``time``,
        ``energy``, ``psychological`` (cost), all in yuan; also accepted spelled
        ``product_value`` / ``time_cost`` or nested as ``values`` and ``costs``. If it
        has ``delivered_value`` and ``verdict`` they are used as they are.
    fmt : str, default ",.0f"
        Number format of the labels.
    ax, lang, replace
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = _components(result, VALUE_COMPONENTS, "value", ("values", "value_components"))
    costs = _components(result, COST_COMPONENTS, "cost", ("costs", "cost_components"))
    total_value = sum(values.values())
    total_cost = sum(costs.values())
    delivered = first_attr(result, ("delivered_value", "delivered"))
    delivered = (total_value - total_cost if delivered is None
                 else float(check_number("delivered_value", delivered)))
    verdict = first_attr(result, ("verdict",))
    lang = style.resolve_language(lang)
    key = (lang,)
    ax, state = start(ax, kind="delivered_value", key=key, replace=replace)
    if state is None:
        state = PlotState("delivered_value", key)
        a = state.artists
        a["value"] = [ax.bar(0, 0, width=0.6, color=color("value"), alpha=s,
                             edgecolor="white") for s in _SHADES]
        a["cost"] = [ax.bar(1, 0, width=0.6, color=color("cost"), alpha=s,
                            edgecolor="white") for s in _SHADES]
        a["delivered"] = ax.bar(2, 0, width=0.6)
        a["value_names"] = [ax.text(0, 0, "", ha="center", va="center", fontsize="small")
                            for _ in VALUE_COMPONENTS]
        a["cost_names"] = [ax.text(1, 0, "", ha="center", va="center", fontsize="small")
                           for _ in COST_COMPONENTS]
        a["totals"] = [ax.text(i, 0, "", ha="center", va="bottom", fontweight="bold")
                       for i in range(3)]
        ax.axhline(0, color=color("reference"), linewidth=1.0)
        ax.set_xticks(range(3), [label(k, lang) for k in
                                 ("total_value", "total_cost", "delivered_value")])
        ax.set_ylabel(label("value_yuan", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        finish(ax, state, a["delivered"].patches[0])
    a = state.artists
    _fill_stack(a["value"], a["value_names"], values,
                [label(k, lang) for k in VALUE_COMPONENTS], fmt)
    _fill_stack(a["cost"], a["cost_names"], costs,
                [label(_COST_LABEL[k], lang) for k in COST_COMPONENTS], fmt)
    bar = a["delivered"].patches[0]
    bar.set_height(delivered)
    bar.set_facecolor(color("positive") if delivered >= 0 else color("negative"))
    for txt, x, top, v in zip(a["totals"], range(3),
                              (total_value, total_cost, max(delivered, 0.0)),
                              (total_value, total_cost, delivered)):
        txt.set_position((x, top))
        txt.set_text(format(v, fmt))
    if verdict is None:
        verdict = "worth_it" if delivered > 0 else "not_worth_it"
    verdict_text = label(str(verdict), lang) if has_text(str(verdict)) else str(verdict)
    ax.set_title(f"{label('delivered_value_title', lang)}\n{verdict_text}")
    rescale(ax)
    low, high = ax.get_ylim()
    ax.set_ylim(low, max(high, max(total_value, total_cost, delivered) * 1.1))
    return ax


def _fill_stack(bars: list[Any], names: list[Any], parts: Mapping[str, float],
                texts: list[str], fmt: str) -> None:
    bottom = 0.0
    total = sum(parts.values()) or 1.0
    for container, name, v, text in zip(bars, names, parts.values(), texts):
        rect = container.patches[0]
        rect.set_y(bottom)
        rect.set_height(v)
        # name the segment only where it is tall enough to hold the text
        name.set_position((rect.get_x() + rect.get_width() / 2, bottom + v / 2))
        name.set_text(f"{text}\n{format(v, fmt)}" if v >= 0.08 * total else "")
        bottom += v


def _offer_table(offers: Any) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    import pandas as pd

    if isinstance(offers, Mapping) and not isinstance(offers, pd.DataFrame):
        offers = pd.DataFrame({name: as_mapping(f"offers[{name!r}]", row)
                               for name, row in offers.items()}).T
    check_columns("offers", offers, ["total_value", "total_cost"])
    name_col = next((c for c in ("offer", "name") if c in offers.columns), None)
    names = [str(x) for x in (offers[name_col] if name_col else offers.index)]
    tv = offers["total_value"].to_numpy(dtype=float)
    tc = offers["total_cost"].to_numpy(dtype=float)
    dv = (offers["delivered_value"].to_numpy(dtype=float)
          if "delivered_value" in offers.columns else tv - tc)
    if len(names) == 0:
        raise ValueError("offers must have at least 1 offer, got 0")
    for arr, what in ((tv, "total_value"), (tc, "total_cost"), (dv, "delivered_value")):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"offers[{what!r}] must be finite, got {_fmt(arr.tolist())}")
    return names, tv, tc, dv


def plot_offer_comparison(
    offers: Any,
    *,
    fmt: str = ",.0f",
    ax: Axes | None = None,
    lang: str | None = None,
    replace: bool = False,
) -> Axes:
    """Compare offers: total value and total cost side by side, delivered value marked.

    The offer with the highest delivered value is the one a rational customer picks
    (Kotler); its name is drawn in bold.

    Parameters
    ----------
    offers : pandas.DataFrame or mapping
        ``ct.compare_offers(...)``: one row per offer with ``total_value``,
        ``total_cost`` and optionally ``delivered_value`` (yuan); offer names in an
        ``offer``/``name`` column or the index. A mapping name -> result/mapping works too.
    fmt : str, default ",.0f"
    ax, lang, replace
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    names, tv, tc, dv = _offer_table(offers)
    lang = style.resolve_language(lang)
    n = len(names)
    key = (lang, n)
    ax, state = start(ax, kind="offer_comparison", key=key, replace=replace)
    x = np.arange(n)
    if state is None:
        state = PlotState("offer_comparison", key)
        a = state.artists
        a["value"] = ax.bar(x - 0.2, np.zeros(n), width=0.4, color=color("value"),
                            label=label("total_value", lang))
        a["cost"] = ax.bar(x + 0.2, np.zeros(n), width=0.4, color=color("cost"),
                           label=label("total_cost", lang))
        (a["delivered"],) = ax.plot(x, np.zeros(n), linestyle="none", marker="D",
                                    markersize=11, color=color("positive"),
                                    markeredgecolor="black",
                                    label=label("delivered_value", lang))
        a["labels"] = [ax.annotate("", (xi, 0), xytext=(0, 13), textcoords="offset points",
                                   ha="center", fontweight="bold") for xi in x]
        ax.axhline(0, color=color("reference"), linewidth=1.0)
        ax.set_xlabel(label("offer", lang))
        ax.set_ylabel(label("value_yuan", lang))
        ax.set_title(label("offer_comparison_title", lang))
        ax.yaxis.set_major_formatter(yuan_formatter())
        ax.legend(loc="upper center", ncols=3, fontsize="small")
        finish(ax, state, a["value"].patches[0])
    a = state.artists
    for rect, v in zip(a["value"].patches, tv):
        rect.set_height(v)
    for rect, v in zip(a["cost"].patches, tc):
        rect.set_height(v)
    a["delivered"].set_data(x, dv)
    for ann, xi, v in zip(a["labels"], x, dv):
        ann.xy = (xi, v)
        ann.set_text(format(v, fmt))
    ax.set_xticks(x, names)
    best = int(np.argmax(dv))
    for i, tick in enumerate(ax.get_xticklabels()):
        tick.set_fontweight("bold" if i == best else "normal")
    rescale(ax)
    low, high = ax.get_ylim()
    ax.set_ylim(min(low, float(dv.min()) * 1.2), max(high, float(max(tv.max(), tc.max())) * 1.3))
    return ax


def plot_value_types(
    *,
    highlight: str | Iterable[str] | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
    replace: bool = False,
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
    ax, lang, replace
        As in :func:`clvteach.plotting.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if highlight is None:
        chosen: set[str] = set()
    else:
        chosen = {highlight} if isinstance(highlight, str) else set(highlight)
        for k in chosen:
            check_choice("highlight", k, VALUE_TYPES)
    lang = style.resolve_language(lang)
    key = (lang,)
    ax, state = start(ax, kind="value_types", key=key, replace=replace, figsize=(7.5, 5.5))
    n = len(VALUE_TYPES)
    y = np.arange(n)
    widths = 1.0 - y / (n + 1.5)  # narrower towards the top
    if state is None:
        state = PlotState("value_types", key)
        a = state.artists
        a["layers"] = ax.barh(y, widths, left=-widths / 2, height=0.92, edgecolor="white")
        a["names"] = [ax.text(0, yi + 0.12, label(k, lang), ha="center", va="center",
                              fontweight="bold") for yi, k in zip(y, VALUE_TYPES)]
        a["levels"] = [ax.text(0, yi - 0.22, label(f"maslow_{k}", lang), ha="center",
                               va="center", fontsize="small")
                       for yi, k in zip(y, VALUE_TYPES)]
        ax.set_xlim(-0.55, 0.55)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_axis_off()
        ax.set_title(label("value_types_title", lang))
        finish(ax, state, a["layers"].patches[0])
    a = state.artists
    palette = [style.OKABE_ITO[c] for c in ("blue", "sky_blue", "bluish_green", "yellow",
                                            "orange", "reddish_purple")]
    for i, (rect, k) in enumerate(zip(a["layers"].patches, VALUE_TYPES)):
        if chosen:
            face = color("highlight") if k in chosen else "#DDDDDD"
        else:
            face = palette[i]
        rect.set_facecolor(face)
        dark = face in (style.OKABE_ITO["blue"], style.OKABE_ITO["reddish_purple"])
        for txt in (a["names"][i], a["levels"][i]):
            txt.set_color("white" if dark else "black")
    return ax
