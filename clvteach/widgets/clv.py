"""CLV explorers: the DCF calculator (Zhang San) and the eight-factor sensitivity view."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import clv as clv_math
from .. import plotting
from .._validation import check_choice, check_instance, error_text
from ._engine import Explorer, Readout, css_name, default_language, slider, widget_sizes
from ._labels import label

__all__ = ["CLVCalculator", "clv_calculator", "SensitivityExplorer", "sensitivity_explorer"]

#: Zhang San (张三), the courseware's worked example (:data:`clvteach.ZHANG_SAN`); CAC is
#: not in the courseware (an illustrative 1000 yuan, which gives about 3:1).
ZHANG_SAN_DEFAULTS: dict[str, Any] = {
    **{name: getattr(clv_math.ZHANG_SAN, name)
       for name in ("annual_revenue", "margin", "retention", "discount_rate", "horizon",
                    "growth", "maintenance_cost")},
    "cac": 1000.0,
    "convention": "courseware",
}

def _verdict_text(lang: str) -> Any:
    def fmt(verdict: str | None) -> str:
        return "—" if verdict is None else label(f"term.verdict.{verdict}", lang)
    return fmt


def _payback_text(lang: str) -> Any:
    def fmt(years: int | None) -> str:
        return label("never", lang) if years is None else f"{years:d}"
    return fmt


class CLVCalculator(Explorer):
    """Current value by DCF, with CLV : CAC and payback (see :func:`clv_calculator`)."""

    title_key = "clv_calculator"
    figsize = (11.0, 4.0)
    css_prefix = "ct-"  # the browser contract: ct-retention, ct-current-value, ct-clv-cac

    def __init__(self, *, lang: str | None = None, presentation: bool | None = None,
                 **defaults: Any) -> None:
        lang = default_language(lang)
        unknown = set(defaults) - set(ZHANG_SAN_DEFAULTS)
        if unknown:
            raise TypeError(error_text("error.widget.unknown_arguments", call="clv_calculator()",
                                       names=", ".join(sorted(unknown))))
        v = {**ZHANG_SAN_DEFAULTS, **defaults}
        sizes = widget_sizes()
        controls: dict[str, widgets.Widget] = {
            "annual_revenue": slider("annual_revenue", value=v["annual_revenue"], min=0.0,
                                     max=10_000.0, step=100.0, lang=lang,
                                     readout_format=",.0f", sizes=sizes),
            "margin": slider("margin", value=v["margin"], min=0.0, max=1.0, step=0.01,
                             lang=lang, readout_format=".0%", sizes=sizes),
            "retention": slider("retention", value=v["retention"], min=0.0, max=0.99,
                                step=0.01, lang=lang, readout_format=".2f", sizes=sizes),
            "discount_rate": slider("discount_rate", value=v["discount_rate"], min=0.0,
                                    max=0.3, step=0.01, lang=lang, readout_format=".0%",
                                    sizes=sizes),
            "horizon": slider("horizon", value=v["horizon"], min=1, max=30, step=1,
                              lang=lang, integer=True, sizes=sizes),
            "growth": slider("growth", value=v["growth"], min=-0.2, max=0.2, step=0.01,
                             lang=lang, readout_format="+.0%", sizes=sizes),
            "maintenance_cost": slider("maintenance_cost", value=v["maintenance_cost"],
                                       min=0.0, max=1000.0, step=10.0, lang=lang,
                                       readout_format=",.0f", sizes=sizes),
            "cac": slider("cac", value=v["cac"], min=50.0, max=10_000.0, step=50.0,
                          lang=lang, readout_format=",.0f", sizes=sizes),
        }
        convention = widgets.Dropdown(
            options=[(label("summary_line", lang, label=label(f"widget.convention.{name}", lang),
                            value=c.formula), name)
                     for name, c in clv_math.CONVENTIONS.items()],
            value=v["convention"], description=label("convention", lang),
            style={"description_width": sizes["description_width"]},
            layout=widgets.Layout(width=sizes["slider_width"]))
        convention.add_class(css_name("convention"))
        controls["convention"] = convention
        self.readouts = (
            Readout("current_value", "current_value", "{:,.1f}", "ct-current-value"),
            Readout("infinite_value", "infinite_value", "{:,.1f}", "ct-infinite-value"),
            Readout("clv_cac", "clv_cac", "{:,.2f}", "ct-clv-cac"),
            Readout("verdict", "verdict", _verdict_text(lang), "ct-verdict"),
            Readout("payback", "payback", _payback_text(lang), "ct-payback"),
        )
        super().__init__(controls, lang=lang, presentation=presentation)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        inputs = {k: values[k] for k in ("annual_revenue", "margin", "retention",
                                          "discount_rate", "growth", "maintenance_cost",
                                          "convention")}
        table = clv_math.dcf_table(**inputs, horizon=values["horizon"])
        current = clv_math.current_value(**inputs, horizon=values["horizon"])
        try:
            infinite: float | None = clv_math.current_value(**inputs, horizon=None)
        except ValueError:  # r(1+g) >= 1+d: the infinite sum diverges
            infinite = None
        ratio = clv_math.clv_cac_ratio(clv=current, cac=values["cac"])
        return {
            "table": table,
            "current_value": current,
            "infinite_value": infinite,
            # Forward-looking CLV of a customer with this behaviour: the DCF value over
            # the horizon (the courseware's total adds historical and potential value).
            "clv": current,
            "clv_cac": ratio,
            "verdict": clv_math.clv_cac_verdict(ratio),
            "payback": clv_math.payback_period(cac=values["cac"], **inputs),
            "cac": values["cac"],
        }

    @property
    def ax_dcf(self) -> Axes:
        return self.axes[0]

    @property
    def ax_cac(self) -> Axes:
        return self.axes[1]

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return tuple(figure.subplots(1, 2, width_ratios=(1.25, 1.0)))

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        ax_dcf, ax_cac = axes
        reference = ({label("infinite_value", self.figure_lang): result["infinite_value"]}
                     if result["infinite_value"] is not None else None)
        self.chart(ax_dcf, plotting.DcfChart).update(result["table"], reference=reference)
        self.chart(ax_cac, plotting.ClvCacChart).update(
            result["table"], cac=result["cac"], payback=result["payback"],
            ratio=result["clv_cac"])

    def summary_lines(self) -> list[str]:
        table = self.result["table"]
        pv = ", ".join(f"{x:,.1f}" for x in table["present_value"])
        return [label("summary_line", self.lang,
                      label=label("present_value_by_year", self.lang), value=pv)]


def clv_calculator(*, lang: str | None = None, presentation: bool | None = None,
                   **defaults: Any) -> CLVCalculator:
    """Interactive DCF calculator of a customer's current value, CLV : CAC and payback.

    Sliders: annual revenue, gross margin, retention, discount rate, horizon, revenue
    growth, maintenance cost, acquisition cost (CAC), and the cash-flow timing
    convention. Defaults are the courseware's Zhang San (张三): 2400 yuan a year, 60 %
    margin, 80 % retention, 10 % discount rate, 5 years, giving a current value of
    3,058.7 yuan (3,058 in the courseware's rounded table; 3,840 for an infinite
    horizon). CAC is not given in the courseware; the default 1000 yuan is illustrative.

    The numbers come from :func:`clvteach.dcf_table`, :func:`clvteach.current_value`,
    :func:`clvteach.clv_cac_ratio`, :func:`clvteach.clv_cac_verdict` and
    :func:`clvteach.payback_period`; the figure from :func:`clvteach.plot_dcf` and
    :func:`clvteach.plot_clv_cac`.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Label language (default: the session language, see ``ct.set_language``).
    presentation : bool, optional
        Larger labels for projectors (default: ``ct.is_presentation()``).
    **defaults
        Initial values by control name (``annual_revenue``, ``margin``, ``retention``,
        ``discount_rate``, ``horizon``, ``growth``, ``maintenance_cost``, ``cac``,
        ``convention``).

    Returns
    -------
    CLVCalculator
        An ipywidgets VBox with ``.controls``, ``.result`` (``current_value``, ``clv``,
        ``clv_cac``, ``payback``, ``table`` ...), ``.figure`` and ``.image``.

    Examples
    --------
    >>> calc = clv_calculator()                       # doctest: +SKIP
    >>> calc.controls["retention"].value = 0.9        # doctest: +SKIP
    >>> round(calc.result["current_value"], 1)        # doctest: +SKIP
    """
    return CLVCalculator(lang=lang, presentation=presentation, **defaults)


# ------------------------------------------------------------------ sensitivity explorer
#: Slider step per factor (inputs in the units of :data:`clvteach.FACTORS`).
_FACTOR_STEP = {"horizon": 1, "discount_rate": 0.01, "retention": 0.01,
                "revenue_change": 0.01, "maintenance_cost": 10.0, "purchase_value": 50.0,
                "referral_value": 0.1, "data_value": 10.0}
_FACTOR_FORMAT = {"horizon": "d", "discount_rate": ".0%", "retention": ".2f",
                  "revenue_change": "+.0%", "maintenance_cost": ",.0f",
                  "purchase_value": ",.0f", "referral_value": ".1f", "data_value": ",.0f"}
#: Points on the curve of the focused factor (few enough to stay fast).
CURVE_POINTS = 21


def _factor_name(factor: Any, lang: str) -> str:
    return label(f"term.factor.{factor.key}", lang)


class SensitivityExplorer(Explorer):
    """The eight factors of CLV as sliders: tornado + the curve of one factor."""

    title_key = "sensitivity_explorer"
    figsize = (11.0, 4.2)
    sticky_axes = ("x", "y")  # the tornado's value axis is horizontal

    def __init__(self, case: clv_math.CustomerCase | None = None, *,
                 focus: str = "retention", lang: str | None = None,
                 presentation: bool | None = None) -> None:
        from .. import sensitivity

        lang = default_language(lang)
        case = clv_math.ZHANG_SAN if case is None else case
        check_instance("case", case, clv_math.CustomerCase, kind="clvteach.CustomerCase")
        if case.horizon is None:
            raise ValueError(error_text("error.widget.horizon_slider", name="case.horizon"))
        self.case = case
        self.factors = {f.key: f for f in sensitivity.FACTORS}
        check_choice("focus", focus, tuple(self.factors))
        sizes = widget_sizes()
        controls: dict[str, widgets.Widget] = {}
        for key, f in self.factors.items():
            base = getattr(case, f.parameter)
            integer = key == "horizon"
            w = slider(key, value=base, min=min(f.curve_low, base), max=max(f.curve_high, base),
                       step=_FACTOR_STEP[key], lang=lang, integer=integer,
                       readout_format=_FACTOR_FORMAT[key], sizes=sizes,
                       label_key=f"term.factor.{key}")
            controls[key] = w
        chooser = widgets.Dropdown(
            options=[(_factor_name(f, lang), k) for k, f in self.factors.items()],
            value=focus, description=label("focus", lang),
            style={"description_width": sizes["description_width"]},
            layout=widgets.Layout(width=sizes["slider_width"]))
        chooser.add_class(css_name("focus"))
        controls["focus"] = chooser
        self.readouts = (
            Readout("clv", "clv_total", "{:,.1f}", "ct-clv"),
            Readout("current", "current_value", "{:,.1f}", "ct-current-value"),
            Readout("potential", "potential_value", "{:,.1f}", "ct-potential-value"),
            Readout("top_factor", "top_factor", "{}", "ct-top-factor"),
        )
        super().__init__(controls, lang=lang, presentation=presentation)

    def case_for(self, values: dict[str, Any]) -> clv_math.CustomerCase:
        """The customer case the sliders describe."""
        changes = {f.parameter: values[k] for k, f in self.factors.items()}
        changes["horizon"] = int(changes["horizon"])
        return self.case.replace(**changes)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        from .. import sensitivity

        case = self.case_for(values)
        focus = self.factors[values["focus"]]
        table = sensitivity.tornado(case)
        if focus.key == "horizon":
            grid = np.arange(int(focus.curve_low), int(focus.curve_high) + 1)
        else:
            grid = np.linspace(focus.curve_low, focus.curve_high, CURVE_POINTS)
        curve = sensitivity.sensitivity_curve(focus.key, case, values=grid)
        clv_value = float(table["value_base"].iloc[0])
        current = sensitivity.case_value(case, metric="current")
        return {
            "case": case, "tornado": table, "curve": curve, "focus": focus.key,
            "focus_input": float(getattr(case, focus.parameter)),
            "clv": clv_value, "current": current, "potential": sensitivity.case_value(
                case, metric="potential"),
            "top_factor": _factor_name(self.factors[table["factor"].iloc[0]], self.lang),
        }

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return tuple(figure.subplots(1, 2, width_ratios=(1.2, 1.0)))

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        self.chart(axes[0], plotting.TornadoChart).update(result["tornado"])
        self.chart(axes[1], plotting.SensitivityCurveChart).update(
            result["curve"], base=(result["focus_input"], result["clv"]))


def sensitivity_explorer(case: clv_math.CustomerCase | None = None, *,
                         focus: str = "retention", lang: str | None = None,
                         presentation: bool | None = None) -> SensitivityExplorer:
    """The eight factors that move CLV, each a slider (影响客户终生价值的八个因素).

    Time horizon, discount rate, retention, revenue change, maintenance cost, purchase
    value, referral value and data value (:data:`clvteach.FACTORS`). Left: the tornado
    (:func:`clvteach.tornado`) of the case the sliders describe, largest swing on top;
    right: how CLV moves along the ``focus`` factor (:func:`clvteach.sensitivity_curve`),
    the current setting marked. CLV is :func:`clvteach.case_value` (historical +
    current + potential; Zhang San 8,866.9 exact, 8,865 in the courseware's rounding).

    Parameters
    ----------
    case : clvteach.CustomerCase, optional
        Base case, default ``ct.ZHANG_SAN``.
    focus : str, default "retention"
        Factor whose curve is drawn (a dropdown in the explorer).
    lang, presentation
        As in :func:`clv_calculator`.

    Returns
    -------
    SensitivityExplorer
        ``.controls``: one slider per factor key plus ``focus``; ``.result``: ``clv``,
        ``current``, ``potential``, ``top_factor``, ``tornado``, ``curve``, ``case``.
    """
    return SensitivityExplorer(case, focus=focus, lang=lang, presentation=presentation)
