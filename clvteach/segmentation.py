r"""Segment customers by value: the courseware's CLV matrix and the 80/20 (Pareto) view.

Step 4 of the courseware's CLV analysis (基于 CLV 细分客户) splits customers by current
value (当前价值) and potential value (潜在价值) into four groups, and step 5 designs a
marketing strategy for each (差异化资源配置, "按需分配"):

=============  ===========  ==============  ===================================
segment        current      potential       courseware name
=============  ===========  ==============  ===================================
high_value     high         high            高价值客户 (high-value customers)
growth         low          high            成长型客户 (growth customers)
watch          high         low             需警惕客户 (customers to watch)
low_value      low          low             低价值客户 (low-value customers)
=============  ===========  ==============  ===================================

The courseware names the four groups but not the axes of "growth" and "watch"; we follow
the customer-value matrix of the CRM textbooks: growth customers bring little today but
have room to grow; customers to watch bring a lot today but have little room left (their
value can only hold or fall, so their decline must be caught early).
:func:`segment_budget` splits a marketing budget across the segments by a stated rule.

A course reading (鸟哥笔记 2022) adds the 80/20 rule (二八原则): about 20 % of customers
bring about 80 % of the profit. :func:`pareto_analysis` measures it; :func:`lorenz_curve` gives the curve data.

References
----------
Courseware chapter 6, "客户终生价值的分析步骤", steps 4-5. 鸟哥笔记 (2022).
私域中都在关注的客户终身价值是什么？ (course reading; RFM layering, "企业中 80% 的利润实际上
来源于 20% 的客户贡献"). Lorenz, M. O. (1905). Methods of
measuring the concentration of wealth. *Publications of the American Statistical
Association*, 9(70), 209-219. Gini, C. (1912). *Variabilità e mutabilità*.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import i18n
from ._validation import check_array, check_choice, check_columns, check_number, error_text

__all__ = [
    "BUDGET_RULES",
    "CLV_SEGMENTS",
    "ParetoResult",
    "SegmentThresholds",
    "clv_segment_summary",
    "clv_segments",
    "lorenz_curve",
    "pareto_analysis",
    "segment_budget",
    "segment_thresholds",
    "top_share",
]

#: The four CLV segments with their strategy table (courseware steps 4-5). Rows in the
#: order high_value, growth, watch, low_value; ``resources`` ranks the share of the
#: marketing budget each deserves (1 = most).
CLV_SEGMENTS = pd.DataFrame(
    [
        ("high_value", "高价值客户", "high", "high", 1,
         "protect and deepen the relationship",
         ("dedicated account manager / VIP service (专属客服)",
          "loyalty rewards and exclusive privileges (会员特权)",
          "invite to co-create and refer (referral programme)",
          "early warning on any drop in activity")),
        ("growth", "成长型客户", "low", "high", 2,
         "turn potential into current value",
         ("cross-sell and up-sell (交叉销售, 向上销售)",
          "membership upgrade offers and bundles",
          "personalised recommendations and habit building",
          "measure: share of wallet, purchase frequency")),
        ("watch", "需警惕客户", "high", "low", 3,
         "keep the value for as long as possible at a fair cost",
         ("monitor churn signals (falling frequency, complaints)",
          "retention offers before the decline, win-back when it starts",
          "cost-efficient service; do not over-invest",
          "find out what would restore growth (needs changed?)")),
        ("low_value", "低价值客户", "low", "low", 4,
         "serve at low cost, or let go",
         ("standardised, self-service and digital channels",
          "low-cost automated reminders only",
          "stop unprofitable promotions (coupon hunters)",
          "re-check regularly: some may move up")),
    ],
    columns=["segment", "segment_zh", "current", "potential", "resources", "goal",
             "strategies"],
)

_SEGMENT_CODE = {("high", "high"): 0, ("low", "high"): 1, ("high", "low"): 2, ("low", "low"): 3}


def _values(name: str, values: Any) -> tuple[np.ndarray, pd.Index | None]:
    index = values.index if isinstance(values, pd.Series) else None
    return check_array(name, values), index


class SegmentThresholds(NamedTuple):
    """The cut-offs between low and high of :func:`clv_segments` (yuan).

    A pair ``(current, potential)``: pass it as ``thresholds`` to
    :func:`clvteach.plot_segment_map` to draw the lines where the segments were cut.
    """

    current: float
    potential: float


def _threshold(name: str, values: np.ndarray, threshold: Any) -> float:
    if threshold is None:
        return float(np.median(values))
    return float(check_number(name, threshold))


def _checked_values(current_value: Any, potential_value: Any
                    ) -> tuple[np.ndarray, np.ndarray, pd.Index | None]:
    current, index = _values("current_value", current_value)
    potential, _ = _values("potential_value", potential_value)
    if current.size != potential.size:
        raise ValueError(error_text("error.segmentation.same_length", name="potential_value",
                                    other="current_value", expected=current.size,
                                    value=potential.size))
    return current, potential, index


def segment_thresholds(
    current_value: Any,
    potential_value: Any,
    *,
    current_threshold: float | None = None,
    potential_threshold: float | None = None,
) -> SegmentThresholds:
    """The thresholds :func:`clv_segments` uses: the given ones, else the medians.

    Parameters
    ----------
    current_value, potential_value, current_threshold, potential_threshold
        As in :func:`clv_segments`.

    Returns
    -------
    SegmentThresholds
        ``(current, potential)``.

    Examples
    --------
    >>> segment_thresholds([100, 10, 90, 5], [80, 70, 1, 2])
    SegmentThresholds(current=50.0, potential=36.0)
    """
    current, potential, _ = _checked_values(current_value, potential_value)
    return SegmentThresholds(_threshold("current_threshold", current, current_threshold),
                             _threshold("potential_threshold", potential, potential_threshold))


def clv_segments(
    current_value: Any,
    potential_value: Any,
    *,
    current_threshold: float | None = None,
    potential_threshold: float | None = None,
) -> pd.Series:
    """Assign each customer to one of the four CLV segments.

    A value is *high* when it is strictly above its threshold (so with the default median
    threshold, customers tied at the median, e.g. a mass of zeros, count as low).

    Parameters
    ----------
    current_value, potential_value : array-like or pandas.Series
        One value per customer, same length (yuan). A Series' index is kept.
    current_threshold, potential_threshold : float, optional
        Cut-offs between low and high; default the median of each
        (:func:`segment_thresholds` gives the ones used).

    Returns
    -------
    pandas.Series
        Categorical with categories ``high_value, growth, watch, low_value`` (name
        ``segment``).

    Examples
    --------
    >>> clv_segments([100, 10, 90, 5], [80, 70, 1, 2]).tolist()
    ['high_value', 'growth', 'watch', 'low_value']
    """
    current, potential, index = _checked_values(current_value, potential_value)
    c_cut, p_cut = segment_thresholds(current, potential, current_threshold=current_threshold,
                                      potential_threshold=potential_threshold)
    high_c = current > c_cut
    high_p = potential > p_cut
    code = np.where(high_p, np.where(high_c, 0, 1), np.where(high_c, 2, 3))
    return pd.Series(
        pd.Categorical.from_codes(code, categories=CLV_SEGMENTS["segment"].tolist()),
        index=index, name="segment",
    )


def clv_segment_summary(
    current_value: Any,
    potential_value: Any,
    *,
    current_threshold: float | None = None,
    potential_threshold: float | None = None,
) -> pd.DataFrame:
    """Customers, value and value shares per CLV segment, with the strategy table.

    Returns
    -------
    pandas.DataFrame
        Indexed by segment (all four, also when empty): ``customers``,
        ``customer_share``, ``current_value`` and ``potential_value`` (totals),
        ``current_share``, ``potential_share``, mean values per customer, and the
        columns of :data:`CLV_SEGMENTS` (``segment_zh``, ``goal``, ``strategies``, ...).
    """
    segment = clv_segments(current_value, potential_value, current_threshold=current_threshold,
                           potential_threshold=potential_threshold)
    current = check_array("current_value", current_value)
    potential = check_array("potential_value", potential_value)
    frame = pd.DataFrame({"segment": segment.array, "current_value": current,
                          "potential_value": potential})
    grouped = frame.groupby("segment", observed=False)
    summary = pd.DataFrame({
        "customers": grouped.size(),
        "current_value": grouped["current_value"].sum(),
        "potential_value": grouped["potential_value"].sum(),
    })
    summary["customer_share"] = summary["customers"] / len(frame)
    for col in ("current_value", "potential_value"):
        total = summary[col].sum()
        summary[col.replace("_value", "_share")] = summary[col] / total if total else np.nan
        summary[f"mean_{col}"] = summary[col] / summary["customers"].where(
            summary["customers"] > 0)
    summary = summary.join(CLV_SEGMENTS.set_index("segment"))
    # goal and strategies in the current language (English: as in CLV_SEGMENTS)
    summary["goal"] = [i18n.text(f"table.segment_goal.{s}") for s in summary.index]
    summary["strategies"] = [tuple(i18n.text(f"table.segment_strategy.{s}_{k}")
                                   for k in range(1, 5)) for s in summary.index]
    summary.index.name = "segment"
    return summary


# --------------------------------------------------------------------------------------
# budget (step 5)
# --------------------------------------------------------------------------------------
#: Allocation keys of :func:`segment_budget` -> the column of the summary they weight by.
BUDGET_RULES = {"potential": "potential_value", "current": "current_value",
                "customers": "customers", "resources": "resources"}


def segment_budget(
    summary: pd.DataFrame,
    *,
    total: float,
    by: str = "potential",
    unit: float = 100.0,
) -> pd.Series:
    r"""Split a marketing budget across the CLV segments (step 5, 差异化资源配置).

    Each segment :math:`s` gets a share proportional to its weight :math:`w_s`:

    .. math::

        B_s = \text{total} \cdot \frac{w_s}{\sum_k w_k}

    rounded to multiples of ``unit`` by the largest-remainder method, so the parts add up
    to ``total`` exactly (``total`` must be a multiple of ``unit``). Weights (``by``):

    - ``"potential"`` (default): the segment's potential value. Current value is what
      customers bring *if nothing changes*; marketing money can only move the potential
      (the service protecting current value is paid from the operating budget).
    - ``"current"``: the segment's current value (reward today's value).
    - ``"customers"``: the number of customers (the same per head, "one size fits all").
    - ``"resources"``: the courseware's priority ranks of :data:`CLV_SEGMENTS`
      (rank 1 of 4 weighs 4, rank 4 weighs 1); empty segments get nothing.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`clv_segment_summary` (indexed by segment).
    total : float
        Budget to split (yuan), >= 0 and a multiple of ``unit``.
    by : {"potential", "current", "customers", "resources"}
        Allocation rule.
    unit : float
        Rounding unit of the parts (yuan), > 0; default 100.

    Returns
    -------
    pandas.Series
        ``budget`` per segment (index of ``summary``), summing to ``total``.

    Examples
    --------
    >>> s = clv_segment_summary([100, 10, 90, 5], [80, 70, 1, 2])
    >>> segment_budget(s, total=10_000).tolist()
    [5200.0, 4600.0, 100.0, 100.0]
    """
    rule = check_choice("by", by, list(BUDGET_RULES))
    column = BUDGET_RULES[rule]
    check_columns("summary", summary, [column, "customers"])
    unit = check_number("unit", unit, low=0.0)
    if unit == 0:
        raise ValueError(error_text("error.greater", name="unit", limit=0, value=f"{unit:g}"))
    total = check_number("total", total, low=0.0)
    units = total / unit
    if abs(units - round(units)) > 1e-9 * max(1.0, units):
        raise ValueError(error_text("error.segmentation.multiple", name="total", other="unit",
                                    unit=f"{unit:g}", value=f"{total:g}"))
    units = int(round(units))
    weight = summary[column].to_numpy(dtype=float)
    if rule == "resources":
        weight = np.where(summary["customers"].to_numpy() > 0, 5.0 - weight, 0.0)
    if not np.all(np.isfinite(weight)) or (weight < 0).any() or not weight.sum() > 0:
        raise ValueError(error_text("error.segmentation.weights", name=f"summary[{column!r}]",
                                    value=np.round(weight, 2).tolist()))
    exact = units * weight / weight.sum()
    parts = np.floor(exact)
    # largest remainders get the units left over (ties: the order of the summary)
    left = units - int(parts.sum())
    parts[np.argsort(-(exact - parts), kind="stable")[:left]] += 1
    return pd.Series(parts * unit, index=summary.index, name="budget")


# --------------------------------------------------------------------------------------
# 80/20
# --------------------------------------------------------------------------------------
def _sorted_values(values: Any) -> np.ndarray:
    arr = check_array("values", values)
    total = arr.sum()
    if not total > 0:
        raise ValueError(error_text("error.positive_total", name="values", value=f"{total:g}"))
    return arr


def lorenz_curve(values: Any) -> pd.DataFrame:
    r"""Lorenz curve data: cumulative share of value against cumulative share of customers.

    Customers are sorted from the *smallest* value up (the classical Lorenz curve, below
    the diagonal); point :math:`k` is :math:`(k/n,\ \sum_{j\le k} x_{(j)} / \sum_j x_j)`,
    starting at (0, 0). The share of the top :math:`p` of customers is
    :math:`1 - L(1 - p)`. Negative values (loss-making customers) are allowed; the curve
    then dips below 0 (the "whale curve" seen from the other side).

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``value_share``, :math:`n + 1` rows.
    """
    arr = np.sort(_sorted_values(values))
    cumulative = np.concatenate([[0.0], np.cumsum(arr)]) / arr.sum()
    return pd.DataFrame({"customer_share": np.arange(arr.size + 1) / arr.size,
                         "value_share": cumulative})


def top_share(values: Any, share: float = 0.2) -> float:
    r"""Share of the total value brought by the top ``share`` of customers.

    With :math:`n` customers sorted from the largest value down, the top share covers
    :math:`s n` customers; a fractional customer counts with its fraction (linear
    interpolation along the curve), so the result does not jump with :math:`n`.

    Examples
    --------
    >>> top_share([50, 30, 10, 5, 5], 0.2)
    0.5
    """
    share = check_number("share", share, low=0.0, high=1.0)
    arr = -np.sort(-_sorted_values(values))
    cumulative = np.concatenate([[0.0], np.cumsum(arr)]) / arr.sum()
    return float(np.interp(share * arr.size, np.arange(arr.size + 1), cumulative))


@dataclass(frozen=True)
class ParetoResult:
    """Result of :func:`pareto_analysis`.

    Attributes
    ----------
    top_customer_share : float
        The share of customers examined (0.2 for the 80/20 rule).
    value_share : float
        Share of total value they bring.
    customers_for_80 : float
        Smallest share of customers (top first) bringing 80 % of the value.
    gini : float
        Gini coefficient of the values (0 = all equal, near 1 = all from one customer).
    holds_80_20 : bool
        Whether the top 20 % bring at least 80 % (the rule in its strict form).
    curve : pandas.DataFrame
        :func:`lorenz_curve` data.
    """

    top_customer_share: float
    value_share: float
    customers_for_80: float
    gini: float
    holds_80_20: bool
    curve: pd.DataFrame


def pareto_analysis(values: Any, *, top: float = 0.2) -> ParetoResult:
    r"""The 80/20 check: how concentrated is the value (profit, revenue, CLV)?

    .. math::

        G = 1 - 2 \int_0^1 L(p)\,dp
          = \frac{2\sum_{i=1}^{n} i\,x_{(i)}}{n \sum_i x_i} - \frac{n+1}{n}

    (trapezoids on the Lorenz points, exact for the discrete distribution).

    Parameters
    ----------
    values : array-like
        One value per customer (e.g. historical profit); the total must be positive.
    top : float
        Share of customers to examine (default 0.2).

    Examples
    --------
    >>> r = pareto_analysis([50, 30, 10, 5, 5])
    >>> r.value_share, r.holds_80_20
    (0.5, False)
    """
    top = check_number("top", top, low=0.0, high=1.0)
    arr = _sorted_values(values)
    curve = lorenz_curve(arr)
    desc = -np.sort(-arr)
    cumulative = np.concatenate([[0.0], np.cumsum(desc)]) / desc.sum()
    # smallest (interpolated) number of top customers whose cumulative share reaches 0.8
    k = int(np.searchsorted(cumulative, 0.8 - 1e-12))
    if k == 0:
        customers_for_80 = 0.0
    else:
        lo, hi = cumulative[k - 1], cumulative[k]
        frac = (0.8 - lo) / (hi - lo) if hi > lo else 1.0
        customers_for_80 = (k - 1 + frac) / arr.size
    n = arr.size
    asc = np.sort(arr)
    gini = float(2 * np.sum(np.arange(1, n + 1) * asc) / (n * asc.sum()) - (n + 1) / n)
    value_share = top_share(arr, top)
    return ParetoResult(
        top_customer_share=top, value_share=value_share,
        customers_for_80=float(customers_for_80), gini=gini,
        holds_80_20=top_share(arr, 0.2) >= 0.8, curve=curve,
    )
