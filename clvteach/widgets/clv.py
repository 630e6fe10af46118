"""CLV explorers: the DCF calculator (Zhang San) and the eight-factor sensitivity view."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from .. import clv as clv_math
from .. import plotting
from ._engine import Explorer, Readout, css_name, default_language, slider, widget_sizes
from ._labels import label

__all__ = ["CLVCalculator", "clv_calculator"]

#: Zhang San (张三), the courseware's worked example; CAC is not in the courseware
#: (an illustrative 1000 yuan, which gives about 3:1).
ZHANG_SAN_DEFAULTS: dict[str, Any] = {
    "annual_revenue": 2400.0, "margin": 0.6, "retention": 0.8, "discount_rate": 0.1,
    "horizon": 5, "growth": 0.0, "maintenance_cost": 0.0, "cac": 1000.0,
    "convention": "courseware",
}

_VERDICT = {"healthy": ("healthy (≥ 3 : 1)", "健康（≥ 3 : 1）"),
            "thin": ("thin (1–3 : 1)", "偏薄（1–3 : 1）"),
            "losing": ("losing (< 1 : 1)", "亏损（< 1 : 1）")}


def _verdict_text(lang: str) -> Any:
    def fmt(verdict: str) -> str:
        en, zh = _VERDICT[verdict]
        return zh if lang == "zh" else en
    return fmt


def _payback_text(lang: str) -> Any:
    def fmt(years: int | None) -> str:
        return label("never", lang) if years is None else f"{years:d}"
    return fmt


class CLVCalculator(Explorer):
    """Current value by DCF, with CLV : CAC and payback (see :func:`clv_calculator`)."""

    title_key = "clv_calculator"
    figsize = (11.0, 4.0)

    def __init__(self, *, lang: str | None = None, presentation: bool | None = None,
                 **defaults: Any) -> None:
        lang = default_language(lang)
        unknown = set(defaults) - set(ZHANG_SAN_DEFAULTS)
        if unknown:
            raise TypeError(f"clv_calculator() got unexpected keyword argument(s): "
                            f"{', '.join(sorted(unknown))}")
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
            options=[(f"{name}: {c.formula}", name)
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

    def setup(self, figure: Figure) -> None:
        self.ax_dcf, self.ax_cac = figure.subplots(1, 2, width_ratios=(1.25, 1.0))

    def draw(self, result: dict[str, Any]) -> None:
        reference = ({label("infinite_value", self.figure_lang): result["infinite_value"]}
                     if result["infinite_value"] is not None else None)
        plotting.plot_dcf(result["table"], reference=reference, ax=self.ax_dcf,
                          lang=self.figure_lang, replace=True)
        plotting.plot_clv_cac(result["table"], cac=result["cac"], payback=result["payback"],
                              ratio=result["clv_cac"], ax=self.ax_cac, lang=self.figure_lang,
                              replace=True)

    def summary_lines(self) -> list[str]:
        table = self.result["table"]
        pv = ", ".join(f"{x:,.1f}" for x in table["present_value"])
        return [f"{label('present_value_by_year', self.lang)}: {pv}"]


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
