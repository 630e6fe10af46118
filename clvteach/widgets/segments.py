"""Segment explorer: customers on the current value × potential value map."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import plotting, segmentation, value_map
from .._validation import check_number, error_text
from ..value_map import customer_values, starting_percentile
from ._engine import Explorer, Readout, default_language, slider, widget_sizes
from ._labels import label

__all__ = ["SegmentExplorer", "segment_explorer"]

SEGMENTS = ("high_value", "growth", "watch", "low_value")


def _share_text(lang: str) -> Any:
    def fmt(pair: tuple[float, float] | None) -> str:
        if pair is None:
            return "—"
        customers, value = pair
        return label("segment_share", lang, customers=customers, value=value)
    return fmt


class SegmentExplorer(Explorer):
    """Thresholds (as percentiles) → the four CLV segments and their shares."""

    title_key = "segment_explorer"
    figsize = (8.0, 5.0)
    sticky_axes = (None,)  # the map's limits follow the data (fixed here)

    def __init__(self, data: Any, *, margin: float = 0.3, discount_rate: float = 0.1,
                 lookback: int | None = None, success_probability: float = 0.3,
                 current_percentile: float | None = None,
                 potential_percentile: float | None = None,
                 currency: str = "yuan", lang: str | None = None,
                 presentation: bool | None = None) -> None:
        lang = default_language(lang)
        # Starting cut-offs must sit on the sliders' grid (5 % steps from 5 % to 95 %).
        for name, value in (("current_percentile", current_percentile),
                            ("potential_percentile", potential_percentile)):
            if value is not None:
                check_number(name, value, low=0.05, high=0.95)
        self.customers = customer_values(data, margin=margin, discount_rate=discount_rate,
                                         lookback=lookback,
                                         success_probability=success_probability)
        if len(self.customers) < 2:
            raise ValueError(error_text("error.widget.min_customers", name="data", count=2,
                                        size=len(self.customers)))
        if current_percentile is None:
            current_percentile = starting_percentile(self.customers["current_value"])
        if potential_percentile is None:
            potential_percentile = starting_percentile(self.customers["potential_value"])
        self.currency = currency
        sizes = widget_sizes()
        controls = {
            "current_percentile": slider("current_percentile", value=current_percentile,
                                         min=0.05, max=0.95,
                                         step=0.05, lang=lang, readout_format=".0%",
                                         sizes=sizes),
            "potential_percentile": slider("potential_percentile", value=potential_percentile,
                                           min=0.05,
                                           max=0.95, step=0.05, lang=lang,
                                           readout_format=".0%", sizes=sizes),
        }
        self.readouts = (
            Readout("current_threshold", "current_threshold", "{:,.2f}",
                    "ct-current-threshold"),
            Readout("potential_threshold", "potential_threshold", "{:,.2f}",
                    "ct-potential-threshold"),
            *(Readout(f"share_{s}", f"term.segment.{s}", _share_text(lang),
                      "ct-share-" + s.replace("_", "-")) for s in SEGMENTS),
        )
        super().__init__(controls, lang=lang, presentation=presentation)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        cur = self.customers["current_value"].to_numpy()
        pot = self.customers["potential_value"].to_numpy()
        c_cut, p_cut = value_map.percentile_thresholds(
            cur, pot, current_percentile=values["current_percentile"],
            potential_percentile=values["potential_percentile"])
        segments = segmentation.clv_segments(cur, pot, current_threshold=c_cut,
                                             potential_threshold=p_cut)
        summary = segmentation.clv_segment_summary(cur, pot, current_threshold=c_cut,
                                                   potential_threshold=p_cut)
        frame = self.customers.assign(segment=segments.to_numpy())
        result: dict[str, Any] = {"customers": frame, "summary": summary,
                                  "current_threshold": c_cut, "potential_threshold": p_cut}
        for s in SEGMENTS:
            result[f"share_{s}"] = (float(summary.loc[s, "customer_share"]),
                                    float(np.nan_to_num(summary.loc[s, "current_share"])))
        return result

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return (figure.subplots(),)

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        self.chart(axes[0], plotting.SegmentMapChart).update(
            result["customers"],
            thresholds=(result["current_threshold"], result["potential_threshold"]),
            currency=self.currency)


def segment_explorer(data: Any, *, margin: float = 0.3, discount_rate: float = 0.1,
                     lookback: int | None = None, success_probability: float = 0.3,
                     current_percentile: float | None = None,
                     potential_percentile: float | None = None,
                     currency: str = "yuan", lang: str | None = None,
                     presentation: bool | None = None) -> SegmentExplorer:
    """Customers by current value × potential value, four segments (step 4 of CLV analysis).

    High-value (高价值客户), growth (成长型客户), to watch (需警惕客户) and low-value
    (低价值客户) customers, split by :func:`clvteach.clv_segments` at thresholds chosen
    as percentiles with the sliders; shares from :func:`clvteach.clv_segment_summary`;
    the map from :func:`clvteach.plot_segment_map`.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with ``current_value`` and ``potential_value``, or
        transactions (``customer_id``, ``date``, ``amount``; e.g.
        ``ct.datasets.load_cdnow()``), from which current value is
        :func:`clvteach.predictive_clv` and potential value
        :func:`clvteach.peak_gap_potential` (see :func:`clvteach.customer_values`).
    margin, discount_rate, lookback, success_probability
        Assumptions for transactions (gross margin, annual discount rate, months of
        recent behaviour, chance that a customer gets back to his peak spend). They are
        illustrative defaults, not from the data.
    current_percentile, potential_percentile : float, optional
        Starting positions of the two threshold sliders, as percentiles in
        [0.05, 0.95] (0.5 = the median). By default the median, unless more than half
        of the customers share the smallest value (lapsed customers with a current value
        of 0): then the median of the customers above it (:func:`clvteach.starting_percentile`),
        so the starting map never calls every customer still buying "high".
    currency : str, default "yuan"
        Unit of the values for the axis labels (CDNOW: ``"USD"``).
    lang, presentation
        As in :func:`clv_calculator`.

    Returns
    -------
    SegmentExplorer
        ``.controls``: ``current_percentile``, ``potential_percentile``; ``.result``:
        thresholds, ``share_<segment>`` (customer share, current-value share),
        ``summary`` and ``customers`` (with their segment).
    """
    return SegmentExplorer(data, margin=margin, discount_rate=discount_rate,
                           lookback=lookback, success_probability=success_probability,
                           current_percentile=current_percentile,
                           potential_percentile=potential_percentile,
                           currency=currency, lang=lang, presentation=presentation)
