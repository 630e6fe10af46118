"""Customer value explorers: delivered value (Kotler) and the comparison of two offers."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import plotting
from .. import value as value_math
from .._validation import check_instance, error_text
from .._validation import fmt_value as _fmt
from ._engine import Explorer, Readout, css_name, default_language, slider, widget_sizes
from ._labels import label

__all__ = ["DeliveredValueExplorer", "OfferComparison", "delivered_value_explorer",
           "offer_comparison"]

COMPONENTS = (*value_math.VALUE_COMPONENTS, *value_math.COST_COMPONENTS)
#: Slider range of every component, yuan-equivalent.
COMPONENT_MAX = 600.0
COMPONENT_STEP = 5.0


def _component_sliders(offer: value_math.Offer, lang: str) -> dict[str, widgets.Widget]:
    sizes = widget_sizes()
    return {key: slider(key, value=float(getattr(offer, key)), min=0.0,
                        label_key=f"term.delivered.{key}",
                        max=max(COMPONENT_MAX, float(getattr(offer, key))),
                        step=COMPONENT_STEP, lang=lang, readout_format=",.0f", sizes=sizes)
            for key in COMPONENTS}


def _verdict(lang: str) -> Any:
    def fmt(result: value_math.DeliveredValue | None) -> str:
        if result is None:
            return "—"
        key = "worth_it" if result.delivered_value > 0 else "not_worth_it"
        return label(f"term.delivered.{key}", lang)
    return fmt


def _ratio(value: float) -> str:
    return "∞" if value == float("inf") else f"{value:,.2f}"


class DeliveredValueExplorer(Explorer):
    """Eight sliders → total value, total cost, delivered value and the verdict."""

    title_key = "delivered_value_explorer"
    figsize = (8.0, 4.2)

    def __init__(self, offer: value_math.Offer | None = None, *, lang: str | None = None,
                 presentation: bool | None = None) -> None:
        lang = default_language(lang)
        offer = value_math.CHENGUANG_MUG if offer is None else offer
        check_instance("offer", offer, value_math.Offer, kind="clvteach.Offer")
        self.offer = offer
        self.readouts = (
            Readout("total_value", "term.delivered.total_value", "{:,.0f}", "ct-total-value"),
            Readout("total_cost", "term.delivered.total_cost", "{:,.0f}", "ct-total-cost"),
            Readout("delivered_value", "term.delivered.delivered_value", "{:+,.0f}",
                    "ct-delivered-value"),
            Readout("value_cost_ratio", "value_cost_ratio", _ratio, "ct-value-cost-ratio"),
            Readout("delivered", "verdict", _verdict(lang), "ct-verdict"),
        )
        super().__init__(_component_sliders(offer, lang), lang=lang, presentation=presentation)

    def _control_widgets(self) -> list[widgets.Widget]:
        # value components and cost components in two labelled groups
        head = lambda key: widgets.HTML(f"<b>{label(key, self.lang)}</b>")  # noqa: E731
        return [head("term.delivered.total_value"),
                *(self.controls[k] for k in value_math.VALUE_COMPONENTS),
                head("term.delivered.total_cost"),
                *(self.controls[k] for k in value_math.COST_COMPONENTS)]

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        offer = self.offer.replace(**values)
        result = value_math.delivered_value(offer)
        return {"offer": offer, "delivered": result, **result.as_dict()}

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return (figure.subplots(),)

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        self.chart(axes[0], plotting.DeliveredValueChart).update(result["offer"])


def delivered_value_explorer(offer: value_math.Offer | None = None, *,
                             lang: str | None = None,
                             presentation: bool | None = None) -> DeliveredValueExplorer:
    """Customer delivered value (客户让渡价值) with eight sliders and the verdict.

    Four value components (product, service, personnel, image) and four cost components
    (monetary, time, energy, psychological), in yuan-equivalent; delivered value = total
    customer value − total customer cost, computed by :func:`clvteach.delivered_value`,
    drawn by :func:`clvteach.plot_delivered_value`. The verdict is "worth more than it
    costs" (物超所值) or "not worth it" (不值).

    Parameters
    ----------
    offer : clvteach.Offer, optional
        Starting point, default ``ct.CHENGUANG_MUG`` (the courseware's Chenguang smart
        mug; only its price 298 is from the courseware, the other amounts are
        illustrative).
    lang : {"en", "zh"}, optional
        Label language (default: the session language).
    presentation : bool, optional
        Larger labels for projectors (default: ``ct.is_presentation()``).

    Returns
    -------
    DeliveredValueExplorer
        An ipywidgets VBox with ``.controls`` (one slider per component), ``.result``
        (``total_value``, ``total_cost``, ``delivered_value``, ``value_cost_ratio``,
        ``verdict``, ...), ``.figure`` and ``.image``.
    """
    return DeliveredValueExplorer(offer, lang=lang, presentation=presentation)


class OfferComparison(Explorer):
    """Two (or more) offers: pick one, move its eight components, compare delivered value."""

    title_key = "offer_comparison"
    figsize = (8.0, 4.2)

    def __init__(self, offers: Sequence[value_math.Offer] | None = None, *,
                 lang: str | None = None, presentation: bool | None = None) -> None:
        lang = default_language(lang)
        offers = [value_math.CHENGUANG_MUG, value_math.RIVAL_MUG] if offers is None \
            else list(offers)
        if len(offers) < 2:
            raise ValueError(error_text("error.widget.min_offers", name="offers", count=2,
                                        size=len(offers)))
        for i, offer in enumerate(offers):
            check_instance(f"offers[{i}]", offer, value_math.Offer, kind="clvteach.Offer")
        names = [o.name for o in offers]
        if len(set(names)) != len(names):
            raise ValueError(error_text("error.widget.distinct_names", name="offers",
                                        value=_fmt(names)))
        self.offers = offers
        sizes = widget_sizes()
        names = [o.label(lang) for o in offers]  # as shown: Chinese names in zh
        chooser = widgets.ToggleButtons(
            options=[(name, i) for i, name in enumerate(names)], value=0,
            description=label("edit_offer", lang),
            style={"description_width": sizes["description_width"]})
        chooser.add_class(css_name("offer"))
        controls: dict[str, widgets.Widget] = {"offer": chooser,
                                               **_component_sliders(offers[0], lang)}
        self.readouts = tuple(
            Readout(f"delivered_{i}", name, "{:+,.0f}", f"ct-delivered-{i}", literal=True)
            for i, name in enumerate(names)
        ) + (Readout("best", "best_offer", "{}", "ct-best-offer"),)
        super().__init__(controls, lang=lang, presentation=presentation)
        chooser.unobserve(self._on_change, names="value")
        chooser.observe(self._on_choose, names="value")

    def _on_choose(self, change: Any) -> None:
        # show the chosen offer's components on the sliders; one update at the end
        offer = self.offers[change["new"]]
        with self.batch():
            for key in COMPONENTS:
                self.controls[key].value = float(getattr(offer, key))

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        chosen = values["offer"]
        edited = self.offers[chosen].replace(**{k: values[k] for k in COMPONENTS})
        offers = [edited if i == chosen else o for i, o in enumerate(self.offers)]
        table = value_math.compare_offers(offers)
        result: dict[str, Any] = {"offers": offers, "table": table}
        for i, v in enumerate(table["delivered_value"]):
            result[f"delivered_{i}"] = float(v)
        best = table.loc[table["rank"] == 1, "offer"].tolist()
        result["best"] = " = ".join(best)
        return result

    def refresh(self) -> None:
        super().refresh()
        if self.error is None and self.result:
            self.offers = list(self.result["offers"])  # keep edits when switching offers

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return (figure.subplots(),)

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        self.chart(axes[0], plotting.OfferComparisonChart).update(result["table"])


def offer_comparison(offers: Sequence[value_math.Offer] | None = None, *,
                     lang: str | None = None,
                     presentation: bool | None = None) -> OfferComparison:
    """Compare the delivered value of two offers; the customer picks the larger one.

    Choose which offer to edit with the buttons, then move its eight components; the
    numbers come from :func:`clvteach.compare_offers` and the figure from
    :func:`clvteach.plot_offer_comparison`.

    Parameters
    ----------
    offers : sequence of clvteach.Offer, optional
        At least two offers with distinct names; default ``[ct.CHENGUANG_MUG,
        ct.RIVAL_MUG]`` (illustrative amounts, see :data:`clvteach.RIVAL_MUG`).
    lang, presentation
        As in :func:`delivered_value_explorer`.

    Returns
    -------
    OfferComparison
        ``.controls`` has ``offer`` (which offer the sliders edit) and the eight
        component sliders; ``.result`` has ``delivered_0``, ``delivered_1``, ...,
        ``best`` (name of the offer with the highest delivered value) and ``table``.
    """
    return OfferComparison(offers, lang=lang, presentation=presentation)
