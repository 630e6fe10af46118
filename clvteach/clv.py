r"""Customer lifetime value (客户终生价值, CLV): historical, current and potential value.

The courseware (chapter 6, section 3) splits a customer's lifetime value into

.. math:: \text{CLV} = \text{historical value} + \text{current value} + \text{potential value}

and works one case through: Zhang San (张三), premium member of the streaming platform
"StreamNow", annual fee 2400 yuan, gross margin 60 %, annual churn 20 % (retention 0.8),
discount rate 10 %, member for 3 years. This module reproduces every number of that case
(4320 / 3058 / 1487 / 8865) and the exact values behind them (3058.70, 3840), plus the simple
formulas of the supporting articles (Christmas tree 40 x 10 = 400; average order value x
frequency x lifespan x margin), CLV:CAC and the payback period.

Units are explicit: amounts and rates are **annual** (``annual_revenue``, ``retention``
per year, ``discount_rate`` per year, ``growth`` per year, ``maintenance_cost`` per year);
cash flows are computed per ``period`` (default ``"year"``), converted with
:mod:`clvteach.units`; ``horizon`` counts periods.

Cash-flow timing conventions
----------------------------
Let :math:`m` be the margin per period of a customer who is still there, :math:`r` the
retention per period and :math:`d` the discount rate per period. The three textbook
closed forms differ only in *when* the first cash flow arrives and whether the first
period is certain:

.. math::

   \text{"courseware"}: \sum_{t\ge1} \frac{m\,r^{t}}{(1+d)^{t}} = \frac{m\,r}{1+d-r}
   \qquad \text{(end of period, year 1 already subject to churn)}

   \text{"end"}: \sum_{t\ge1} \frac{m\,r^{t-1}}{(1+d)^{t}} = \frac{m}{1+d-r}
   \qquad \text{(end of period, first period certain)}

   \text{"start"}: \sum_{t\ge1} \frac{m\,r^{t-1}}{(1+d)^{t-1}} = \frac{m\,(1+d)}{1+d-r}
   \qquad \text{(start of period, first period certain)}

so ``"end" = "courseware" / r`` and ``"start" = (1 + d) * "end"`` exactly, for any horizon.

References
----------
.. [1] Courseware chapter 6 "客户价值的分析与获取", section 3 "客户终生价值" (Zhang San
   worked example).
.. [2] Feishu (飞书). 全面解析客户生命周期价值及提升策略 (course reading; CLV = annual
   revenue x years - cost; Christmas tree 40 x 10 = 400; :math:`\sum_t R_t G_t / (1+d)^t`).
.. [3] Youzan (有赞). 客户终身价值 (LTV) (course reading; LTV = average order value x
   purchase frequency x lifespan x margin).
.. [4] Gupta, S., Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
   Marketing*, 17(1), 9-24 (margin multiple :math:`r/(1+d-r)`).
.. [5] Berger, P. D., Nasr, N. I. (1998). Customer lifetime value: marketing models and
   applications. *Journal of Interactive Marketing*, 12(1), 17-30 (timing cases).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import i18n
from ._validation import (
    check_amount,
    check_bool,
    check_choice,
    check_fields,
    check_instance,
    error_text,
    check_number,
    check_positive,
    check_probability,
    check_rate,
    check_retention,
)
from .units import (
    annual_to_period_amount,
    annual_to_period_rate,
    annual_to_period_retention,
    periods_per_year,
)

__all__ = [
    "CONVENTIONS",
    "Convention",
    "CustomerCase",
    "ZHANG_SAN",
    "PotentialValue",
    "historical_value",
    "dcf_table",
    "current_value",
    "margin_multiple",
    "potential_value",
    "potential_value_courseware",
    "potential_value_spread",
    "clv_components",
    "clv_summary",
    "simple_clv",
    "aov_clv",
    "CLV_CAC_TARGET",
    "clv_cac_ratio",
    "clv_cac_verdict",
    "payback_period",
]

ConventionName = Literal["courseware", "end", "start"]
Rounding = Literal["courseware"] | None


@dataclass(frozen=True)
class Convention:
    """A cash-flow timing convention (see the module docstring)."""

    name: str
    timing: str  # "end" or "start" of the period
    first_period_certain: bool
    formula: str
    description: str


#: The three timing conventions, keyed by the ``convention=`` argument.
CONVENTIONS: dict[str, Convention] = {
    "courseware": Convention(
        "courseware", "end", False, "m*r/(1+d-r)",
        "cash at the end of each period; the customer must survive period 1 too "
        "(the courseware's table: year 1 profit = 2400 x 60% x 0.8)",
    ),
    "end": Convention(
        "end", "end", True, "m/(1+d-r)",
        "cash at the end of each period; the first period's margin is certain",
    ),
    "start": Convention(
        "start", "start", True, "m*(1+d)/(1+d-r)",
        "cash at the start of each period (paid up front); the first is certain, undiscounted",
    ),
}


# --------------------------------------------------------------------------- helpers
def _round_half_up(value: float, digits: int) -> float:
    """Round like a person does (0.5 up), not banker's rounding on a binary float."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def _check_convention(convention: Any) -> str:
    return check_choice("convention", convention, CONVENTIONS)


def _check_rounding(rounding: Any) -> Rounding:
    return check_choice("rounding", rounding, [None, "courseware"])


def _check_horizon(horizon: Any, *, allow_none: bool) -> int | None:
    return check_number("horizon", horizon, low=0, integer=True, allow_none=allow_none)


@dataclass(frozen=True)
class _PerPeriod:
    """Inputs converted from annual figures to one period of the chosen unit."""

    revenue: float
    margin: float
    retention: float
    discount: float
    growth: float
    cost: float


def _per_period(*, annual_revenue, margin, retention, discount_rate, growth,
                maintenance_cost, period) -> _PerPeriod:
    annual_revenue = check_amount("annual_revenue", annual_revenue)
    margin = check_probability("margin", margin)
    retention = check_retention("retention", retention)
    discount_rate = check_rate("discount_rate", discount_rate)
    growth = check_rate("growth", growth, allow_negative=True)
    maintenance_cost = check_amount("maintenance_cost", maintenance_cost)
    check_choice("period", period, ["year", "quarter", "month", "week"])
    return _PerPeriod(
        revenue=annual_to_period_amount(annual_revenue, period=period),
        margin=margin,
        retention=annual_to_period_retention(retention, period=period),
        discount=annual_to_period_rate(discount_rate, period=period),
        growth=annual_to_period_rate(growth, period=period),
        cost=annual_to_period_amount(maintenance_cost, period=period),
    )


def _survival_discount(t: np.ndarray, r: float, d: float, convention: str):
    """Survival probability and discount factor of the cash flow of period ``t``."""
    if convention == "courseware":
        return r ** t, (1.0 + d) ** (-t)
    if convention == "end":
        return r ** (t - 1), (1.0 + d) ** (-t)
    return r ** (t - 1), (1.0 + d) ** (-(t - 1))


def _margin_if_retained(p: _PerPeriod, t: Any) -> Any:
    """Margin of period ``t`` from a customer who is still there: R (1+g)^(t-1) m - c."""
    return p.revenue * (1.0 + p.growth) ** (t - 1) * p.margin - p.cost


def _closed_form_factor(r: float, d: float, convention: str) -> float:
    """Numerator factor k of k/(1+d-r): r, 1 or 1+d."""
    return {"courseware": r, "end": 1.0, "start": 1.0 + d}[convention]


# --------------------------------------------------------------------------- historical
def historical_value(*, annual_revenue: float, margin: float, years: float) -> float:
    r"""Profit already realised (历史价值): annual revenue x margin x years as a customer.

    .. math:: V_\text{hist} = R \cdot m \cdot n

    Parameters
    ----------
    annual_revenue : float
        Revenue per year (yuan), >= 0.
    margin : float
        Gross margin, in [0, 1].
    years : float
        Years the customer has already been a customer, >= 0.

    Returns
    -------
    float
        Zhang San: ``2400 * 0.6 * 3 = 4320`` yuan.

    References
    ----------
    .. [1] Courseware ch. 6, "历史价值 = 年历史利润 x 已消费年数 = 1440 x 3 = 4320".

    Examples
    --------
    >>> historical_value(annual_revenue=2400, margin=0.6, years=3)
    4320.0
    """
    annual_revenue = check_amount("annual_revenue", annual_revenue)
    margin = check_probability("margin", margin)
    years = check_amount("years", years)
    return float(annual_revenue * margin * years)


# --------------------------------------------------------------------------- DCF
def dcf_table(
    *,
    annual_revenue: float,
    margin: float,
    retention: float,
    discount_rate: float,
    horizon: int,
    growth: float = 0.0,
    maintenance_cost: float = 0.0,
    convention: ConventionName = "courseware",
    rounding: Rounding = None,
    period: str = "year",
) -> pd.DataFrame:
    r"""The discounted-cash-flow table of the current value (当前价值), one row per period.

    Row :math:`t = 1..T` (``T = horizon``) holds, for the ``"courseware"`` convention,

    .. math::

       S_t = r^t, \quad
       \pi_t = \bigl(R\,(1+g)^{t-1}\,m - c\bigr)\,S_t, \quad
       \delta_t = (1+d)^{-t}, \quad
       PV_t = \pi_t\,\delta_t

    (the other conventions shift the exponents, see :data:`CONVENTIONS`). With Zhang San's
    numbers (2400, 0.6, 0.8, 0.1, 5 years) the exact present values are 1047.3, 761.7,
    553.9, 402.9, 293.0 and sum to 3058.70; the courseware's rounded rows sum to 3058.6.

    Parameters
    ----------
    annual_revenue, margin : float
        Revenue per year while a customer (yuan, >= 0) and gross margin in [0, 1].
    retention : float
        Probability of staying one more year, in [0, 1) (1 - annual churn).
    discount_rate : float
        Annual discount rate, >= 0.
    horizon : int
        Number of periods, >= 0.
    growth : float, optional
        Annual revenue growth (may be negative, > -1); revenue of period t is
        :math:`R (1+g)^{t-1}`.
    maintenance_cost : float, optional
        Annual cost of serving a retained customer (维系成本), >= 0.
    convention : {"courseware", "end", "start"}
        Cash-flow timing, see :data:`CONVENTIONS`.
    rounding : {None, "courseware"}
        ``"courseware"`` rounds like the courseware's table: retention and discount factor
        to 3 decimals, profit and present value to 1 decimal (half up), so that the rows
        print 1047.2 / 761.2 / 553.7 / 403.2 / 293.3 (sum 3058.6).
    period : {"year", "quarter", "month", "week"}
        Length of one period; annual inputs are converted with :mod:`clvteach.units`.

    Returns
    -------
    pandas.DataFrame
        Columns ``period, year, retention, revenue, profit, discount_factor,
        present_value, cumulative_present_value``. ``retention`` is the probability that
        the customer is still there (留存概率); ``profit`` the expected profit (预测利润);
        ``year`` the time of the period's end in years.

    References
    ----------
    .. [1] Courseware ch. 6, table "年份 / 留存概率 / 预测利润 / 折现因子 / 利润现值".

    Examples
    --------
    >>> t = dcf_table(annual_revenue=2400, margin=0.6, retention=0.8, discount_rate=0.1,
    ...               horizon=5, rounding="courseware")
    >>> t["present_value"].tolist()
    [1047.2, 761.2, 553.7, 403.2, 293.3]
    """
    convention = _check_convention(convention)
    rounding = _check_rounding(rounding)
    horizon = _check_horizon(horizon, allow_none=False)
    p = _per_period(annual_revenue=annual_revenue, margin=margin, retention=retention,
                    discount_rate=discount_rate, growth=growth,
                    maintenance_cost=maintenance_cost, period=period)
    t = np.arange(1, horizon + 1, dtype=float)
    survival, discount = _survival_discount(t, p.retention, p.discount, convention)
    revenue = p.revenue * (1.0 + p.growth) ** (t - 1)
    margin_if_retained = _margin_if_retained(p, t)
    if rounding == "courseware":
        survival = np.array([_round_half_up(s, 3) for s in survival])
        discount = np.array([_round_half_up(x, 3) for x in discount])
        profit = np.array([_round_half_up(a * s, 1) for a, s in zip(margin_if_retained, survival)])
        present = np.array([_round_half_up(a * x, 1) for a, x in zip(profit, discount)])
        cumulative = np.array([_round_half_up(c, 1) for c in np.cumsum(present)])
    else:
        profit = margin_if_retained * survival
        present = profit * discount
        cumulative = np.cumsum(present)
    n = periods_per_year(period)
    year = t.astype(int) if n == 1 else t / n
    return pd.DataFrame({
        "period": t.astype(int),
        "year": year,
        "retention": survival,
        "revenue": revenue,
        "profit": profit,
        "discount_factor": discount,
        "present_value": present,
        "cumulative_present_value": cumulative,
    })


def current_value(
    *,
    annual_revenue: float,
    margin: float,
    retention: float,
    discount_rate: float,
    horizon: int | None = None,
    growth: float = 0.0,
    maintenance_cost: float = 0.0,
    convention: ConventionName = "courseware",
    rounding: Rounding = None,
    period: str = "year",
) -> float:
    r"""Present value of the future profit if behaviour stays as it is (当前价值).

    Finite ``horizon``: the sum of :func:`dcf_table`'s ``present_value``. Infinite horizon
    (``horizon=None``), with :math:`m = R\,\text{margin}`, cost :math:`c`, growth :math:`g`:

    .. math::

       V = k\left(\frac{m}{1+d-r(1+g)} - \frac{c}{1+d-r}\right),\qquad
       k = \begin{cases} r & \text{"courseware"}\\ 1 & \text{"end"}\\
       1+d & \text{"start"}\end{cases}

    which needs :math:`r(1+g) < 1+d`. Without growth and cost the three conventions give
    the three textbook formulas side by side:

    .. math::

       \underbrace{\frac{m\,r}{1+d-r}}_{\text{"courseware": m*r/(1+d-r)}}
       \qquad
       \underbrace{\frac{m}{1+d-r}}_{\text{"end": m/(1+d-r)}}
       \qquad
       \underbrace{\frac{m\,(1+d)}{1+d-r}}_{\text{"start": m*(1+d)/(1+d-r)}}

    ============  =================  ==========================  ===========================
    convention    formula            first cash flow             first period
    ============  =================  ==========================  ===========================
    courseware    m*r/(1+d-r)        end of year 1               subject to churn (x r)
    end           m/(1+d-r)          end of period 1             certain
    start         m*(1+d)/(1+d-r)    start of period 1 (today)   certain, not discounted
    ============  =================  ==========================  ===========================

    Zhang San: 3058.70 for 5 years (exact), 3058 with
    ``rounding="courseware"``, and :math:`1440 \cdot 0.8/(1.1-0.8) = 3840` for ever.
    (The exact 5-year sum is :math:`1440 \sum_{t=1}^{5} (0.8/1.1)^t = 3058.7002`; the
    courseware's rounded rows give 3058.6 and it reports 3058.)

    Parameters
    ----------
    annual_revenue, margin, retention, discount_rate, growth, maintenance_cost, period
        As in :func:`dcf_table` (annual figures).
    horizon : int or None
        Number of periods; ``None`` means an infinite horizon (closed form).
    convention : {"courseware", "end", "start"}
        Cash-flow timing, see :data:`CONVENTIONS`.
    rounding : {None, "courseware"}
        ``"courseware"``: sum the rounded table rows (3058.6 for Zhang San) and drop the
        decimals as the courseware does ("≈ 3058", the value it carries into the
        potential value and the total 8865). Needs a finite horizon.

    Returns
    -------
    float

    References
    ----------
    .. [1] Courseware ch. 6, "当前价值 ... 现值约为 3058 元".
    .. [2] Gupta & Lehmann (2003), margin multiple :math:`r/(1+d-r)`.

    Examples
    --------
    >>> zs = dict(annual_revenue=2400, margin=0.6, retention=0.8, discount_rate=0.1)
    >>> round(current_value(**zs, horizon=5), 1), current_value(**zs, horizon=5,
    ...       rounding="courseware"), round(current_value(**zs), 6)
    (3058.7, 3058.0, 3840.0)
    """
    convention = _check_convention(convention)
    rounding = _check_rounding(rounding)
    horizon = _check_horizon(horizon, allow_none=True)
    if horizon is not None and rounding is None:  # fast path: no table needed
        p = _per_period(annual_revenue=annual_revenue, margin=margin, retention=retention,
                        discount_rate=discount_rate, growth=growth,
                        maintenance_cost=maintenance_cost, period=period)
        t = np.arange(1, horizon + 1, dtype=float)
        survival, discount = _survival_discount(t, p.retention, p.discount, convention)
        flows = _margin_if_retained(p, t) * survival
        return float(np.sum(flows * discount))
    if horizon is not None:  # rounding == "courseware": sum the rounded table rows
        table = dcf_table(annual_revenue=annual_revenue, margin=margin, retention=retention,
                          discount_rate=discount_rate, horizon=horizon, growth=growth,
                          maintenance_cost=maintenance_cost, convention=convention,
                          rounding=rounding, period=period)
        total = float(table["present_value"].sum())
        return float(math.floor(_round_half_up(total, 1)))
    if rounding is not None:
        raise ValueError(error_text("error.clv.rounding_infinite", name="rounding",
                                    other="horizon", value=repr(rounding)))
    p = _per_period(annual_revenue=annual_revenue, margin=margin, retention=retention,
                    discount_rate=discount_rate, growth=growth,
                    maintenance_cost=maintenance_cost, period=period)
    if p.retention * (1.0 + p.growth) >= 1.0 + p.discount:
        raise ValueError(error_text("error.clv.growth_diverges", name="growth",
                                    rate="discount_rate", retention="retention",
                                    value=repr(growth)))
    k = _closed_form_factor(p.retention, p.discount, convention)
    m = p.revenue * p.margin
    return float(k * (m / (1.0 + p.discount - p.retention * (1.0 + p.growth))
                      - p.cost / (1.0 + p.discount - p.retention)))


def margin_multiple(
    *,
    retention: float,
    discount_rate: float,
    horizon: int | None = None,
    convention: ConventionName = "courseware",
) -> float:
    r"""Present value of 1 yuan of margin per period: current value / margin per period.

    .. math::

       M = \sum_{t=1}^{T} S_t\,\delta_t
       \;\xrightarrow{T\to\infty}\; \frac{r}{1+d-r},\ \frac{1}{1+d-r},\ \frac{1+d}{1+d-r}

    for the ``"courseware"``, ``"end"`` and ``"start"`` conventions. Zhang San:
    :math:`0.8/0.3 = 2.667` (infinite) or 2.1241 for 5 years; the courseware's upgrade step
    uses 3058/1440 ≈ 2.12 ("剩余年限约 2.12 年").

    Parameters
    ----------
    retention : float
        Retention per period, in [0, 1).
    discount_rate : float
        Discount rate per period, >= 0.
    horizon : int or None
        Number of periods; ``None`` for the closed form.
    convention : {"courseware", "end", "start"}

    References
    ----------
    .. [1] Gupta, S., Lehmann, D. R. (2003). Customers as assets. *J. Interactive Mark.*
    """
    convention = _check_convention(convention)
    r = check_retention("retention", retention)
    d = check_rate("discount_rate", discount_rate)
    horizon = _check_horizon(horizon, allow_none=True)
    if horizon is None:
        return float(_closed_form_factor(r, d, convention) / (1.0 + d - r))
    t = np.arange(1, horizon + 1, dtype=float)
    survival, discount = _survival_discount(t, r, d, convention)
    return float(np.sum(survival * discount))


# --------------------------------------------------------------------------- potential
@dataclass(frozen=True)
class PotentialValue:
    """Result of :func:`potential_value` (all amounts in yuan)."""

    upgrade: float
    referral: float
    data: float
    total: float
    method: str
    multiplier: float
    current_value: float
    upgrade_extra_profit: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def potential_value(
    case: CustomerCase | None = None,
    *,
    method: Literal["courseware", "spread"] = "courseware",
    new_customer_value: float | None = None,
    convention: ConventionName = "courseware",
    rounding: Rounding = None,
    **inputs: Any,
) -> PotentialValue:
    r"""Potential value (潜在价值): up-selling plus referrals (plus data value, optional).

    A :class:`CustomerCase` (default :data:`ZHANG_SAN`) with some inputs changed by
    name, e.g. ``potential_value(annual_revenue=3000)``; the two methods are
    :func:`potential_value_courseware` and :func:`potential_value_spread`, which take the
    case as it is.

    ``method="courseware"`` follows the courseware step by step:

    .. math::

       M = \frac{V_\text{current}}{R\,m},\qquad
       U = (R_\text{up} - R)\,m \cdot p_\text{up} \cdot M,\qquad
       F = n_\text{ref}\,V_\text{new} - c_\text{ref}

    Zhang San: :math:`M = 3058/1440 ≈ 2.12`, :math:`U = 720 \times 0.3 \times 2.12 =
    457.92 ≈ 458`, :math:`F = 0.5 \times 3058 - 500 = 1029`, total 1487. Note that
    :math:`F` counts **one year** of referrals (and subtracts the 500-yuan reward once)
    although the courseware says "over the next 5 years".

    ``method="spread"`` spreads the referrals over the horizon: each year the customer is
    still there (survival :math:`S_t`) he brings :math:`n_\text{ref}` new customers, each
    worth :math:`V_\text{new} - c_\text{ref}`, discounted by :math:`\delta_t`:

    .. math::

       M = \sum_{t=1}^{T} S_t\,\delta_t,\qquad
       U = (R_\text{up} - R)\,m\,p_\text{up}\,M,\qquad
       F = n_\text{ref}\,(V_\text{new} - c_\text{ref})\,M

    Zhang San (exact, 5 years): :math:`M = 2.1241`, U = 458.8, F = 2717.5, against
    1029 for the one-year courseware formula. ``data_value`` (信息价值, yuan per year
    the firm gains from the customer's data) adds :math:`D\,M` in both methods.

    Parameters
    ----------
    case : CustomerCase, optional
        The customer; default :data:`ZHANG_SAN`.
    method : {"courseware", "spread"}
    new_customer_value : float, optional
        Value of one referred customer; default: this customer's current value.
    convention : {"courseware", "end", "start"}
    rounding : {None, "courseware"}
        ``"courseware"`` (only with ``method="courseware"``): current value 3058,
        multiplier rounded to 2 decimals, upgrade and referral rounded to whole yuan.
    **inputs
        Fields of :class:`CustomerCase` to change: the plan (``annual_revenue``,
        ``margin``, ``retention``, ``discount_rate``, ``horizon`` in years, ``growth``,
        ``maintenance_cost``, as in :func:`current_value`), the upgrade
        (``upgrade_revenue``: family plan 3600; ``upgrade_probability``: 0.3), the
        referrals (``referrals_per_year``: 0.5; ``referral_cost``: 500) and
        ``data_value`` (annual value of the customer's information, >= 0).

    Returns
    -------
    PotentialValue
        ``upgrade``, ``referral``, ``data``, ``total`` and the intermediate numbers.

    References
    ----------
    .. [1] Courseware ch. 6, "潜在价值 ≈ 升级价值 + 推荐价值 = 458 + 1029 = 1487".
    """
    method = check_choice("method", method, ["courseware", "spread"])
    rounding = _check_rounding(rounding)
    convention = _check_convention(convention)
    if rounding is not None and method != "courseware":
        raise ValueError(error_text("error.clv.rounding_spread", name="rounding",
                                    option="method='spread'", value=repr(rounding)))
    case = _as_case(case)
    case = case.replace(**inputs) if inputs else case
    if method == "courseware":
        return potential_value_courseware(case, new_customer_value=new_customer_value,
                                          convention=convention, rounding=rounding)
    return potential_value_spread(case, new_customer_value=new_customer_value,
                                  convention=convention)


def _potential_basis(case: CustomerCase | None, *, new_customer_value: float | None,
                     convention: ConventionName, rounding: Rounding
                     ) -> tuple[CustomerCase, float, float, float]:
    """The case, its current value, the upgrade's extra profit and a referral's value."""
    case = _as_case(case)
    convention = _check_convention(convention)
    if new_customer_value is not None:
        new_customer_value = check_number("new_customer_value", new_customer_value, finite=True)
    value_now = current_value(**_case_kwargs(case), horizon=case.horizon,
                              convention=convention, rounding=rounding)
    extra_profit = (case.upgrade_revenue - case.annual_revenue) * case.margin
    new_value = value_now if new_customer_value is None else new_customer_value
    return case, float(value_now), float(extra_profit), float(new_value)


def potential_value_courseware(
    case: CustomerCase | None = None,
    *,
    new_customer_value: float | None = None,
    convention: ConventionName = "courseware",
    rounding: Rounding = None,
) -> PotentialValue:
    r"""Potential value (潜在价值) of a case, step by step as in the courseware.

    .. math::

       M = \frac{V_\text{current}}{R\,m},\qquad
       U = (R_\text{up} - R)\,m \cdot p_\text{up} \cdot M,\qquad
       F = n_\text{ref}\,V_\text{new} - c_\text{ref}

    plus :math:`D\,M` for the data value. Zhang San (:data:`ZHANG_SAN`, the default):
    :math:`M = 3058/1440 ≈ 2.12`, :math:`U = 720 \times 0.3 \times 2.12 = 457.92 ≈ 458`,
    :math:`F = 0.5 \times 3058 - 500 = 1029`, total 1487. :math:`F` counts **one year**
    of referrals although the courseware says "over the next 5 years"
    (:func:`potential_value_spread` counts every year).

    Parameters
    ----------
    case : CustomerCase, optional
        The customer (plan, upgrade, referrals, data value); default :data:`ZHANG_SAN`.
    new_customer_value : float, optional
        Value of one referred customer; default: this customer's current value.
    convention : {"courseware", "end", "start"}
        Timing of the current value (see :func:`current_value`).
    rounding : {None, "courseware"}
        ``"courseware"``: current value 3058, multiplier rounded to 2 decimals, upgrade
        and referral rounded to whole yuan.

    References
    ----------
    .. [1] Courseware ch. 6, "潜在价值 ≈ 升级价值 + 推荐价值 = 458 + 1029 = 1487".
    """
    rounding = _check_rounding(rounding)
    case, value_now, extra_profit, new_value = _potential_basis(
        case, new_customer_value=new_customer_value, convention=convention, rounding=rounding)
    annual_profit = case.annual_revenue * case.margin
    if annual_profit <= 0:
        raise ValueError(error_text("error.clv.profit_positive", name="annual_revenue * margin",
                                    option="method='courseware'", value=repr(annual_profit)))
    multiplier = value_now / annual_profit
    if rounding == "courseware":
        multiplier = _round_half_up(multiplier, 2)
    upgrade = extra_profit * case.upgrade_probability * multiplier
    referral = case.referrals_per_year * new_value - case.referral_cost
    if rounding == "courseware":
        upgrade = _round_half_up(upgrade, 0)
        referral = _round_half_up(referral, 0)
    return _potential_result(upgrade, referral, case.data_value * multiplier,
                             method="courseware", multiplier=multiplier,
                             value_now=value_now, extra_profit=extra_profit)


def potential_value_spread(
    case: CustomerCase | None = None,
    *,
    new_customer_value: float | None = None,
    convention: ConventionName = "courseware",
) -> PotentialValue:
    r"""Potential value (潜在价值) of a case with the referrals spread over the horizon.

    Each year the customer is still there (survival :math:`S_t`) he brings
    :math:`n_\text{ref}` new customers, each worth :math:`V_\text{new} - c_\text{ref}`,
    discounted by :math:`\delta_t`:

    .. math::

       M = \sum_{t=1}^{T} S_t\,\delta_t,\qquad
       U = (R_\text{up} - R)\,m\,p_\text{up}\,M,\qquad
       F = n_\text{ref}\,(V_\text{new} - c_\text{ref})\,M

    plus :math:`D\,M` for the data value. Zhang San (exact, 5 years): :math:`M = 2.1241`,
    U = 458.8, F = 2717.5, against 1029 for the one-year courseware formula
    (:func:`potential_value_courseware`). Parameters as there (no rounding).
    """
    case, value_now, extra_profit, new_value = _potential_basis(
        case, new_customer_value=new_customer_value, convention=convention, rounding=None)
    multiplier = margin_multiple(retention=case.retention, discount_rate=case.discount_rate,
                                 horizon=case.horizon, convention=convention)
    upgrade = extra_profit * case.upgrade_probability * multiplier
    referral = case.referrals_per_year * (new_value - case.referral_cost) * multiplier
    return _potential_result(upgrade, referral, case.data_value * multiplier,
                             method="spread", multiplier=multiplier,
                             value_now=value_now, extra_profit=extra_profit)


def _potential_result(upgrade: float, referral: float, data: float, *, method: str,
                      multiplier: float, value_now: float, extra_profit: float
                      ) -> PotentialValue:
    return PotentialValue(
        upgrade=float(upgrade), referral=float(referral), data=float(data),
        total=float(upgrade + referral + data), method=method, multiplier=float(multiplier),
        current_value=float(value_now), upgrade_extra_profit=float(extra_profit),
    )


# --------------------------------------------------------------------------- the case
@dataclass(frozen=True)
class CustomerCase:
    """All inputs of a CLV calculation; defaults are Zhang San (张三) of the courseware.

    Amounts in yuan per year, rates per year. ``years_as_customer`` feeds the historical
    value, ``horizon`` (years, ``None`` = infinite) the current and potential value.
    ``data_value`` (信息价值) is 0 in the courseware.
    """

    name: str = "Zhang San (张三)"
    annual_revenue: float = 2400.0
    margin: float = 0.6
    retention: float = 0.8
    discount_rate: float = 0.1
    years_as_customer: float = 3.0
    horizon: int | None = 5
    growth: float = 0.0
    maintenance_cost: float = 0.0
    upgrade_revenue: float = 3600.0
    upgrade_probability: float = 0.3
    referrals_per_year: float = 0.5
    referral_cost: float = 500.0
    data_value: float = 0.0

    def __post_init__(self) -> None:
        check_amount("annual_revenue", self.annual_revenue)
        check_probability("margin", self.margin)
        check_retention("retention", self.retention)
        check_rate("discount_rate", self.discount_rate)
        check_amount("years_as_customer", self.years_as_customer)
        _check_horizon(self.horizon, allow_none=True)
        check_rate("growth", self.growth, allow_negative=True)
        check_amount("maintenance_cost", self.maintenance_cost)
        check_amount("upgrade_revenue", self.upgrade_revenue)
        check_probability("upgrade_probability", self.upgrade_probability)
        check_amount("referrals_per_year", self.referrals_per_year)
        check_amount("referral_cost", self.referral_cost)
        check_amount("data_value", self.data_value)

    def replace(self, **changes: Any) -> CustomerCase:
        """A copy with some inputs changed (validated); unknown names are an error."""
        check_fields("CustomerCase", changes, {f.name for f in fields(self)})
        return replace(self, **changes)


#: The courseware's worked example: StreamNow premium member Zhang San.
ZHANG_SAN = CustomerCase()


def _as_case(case: CustomerCase | None) -> CustomerCase:
    """``case``, or :data:`ZHANG_SAN` for None; anything else is a TypeError."""
    case = ZHANG_SAN if case is None else case
    return check_instance("case", case, CustomerCase)


def _case_kwargs(case: CustomerCase) -> dict[str, Any]:
    return dict(annual_revenue=case.annual_revenue, margin=case.margin,
                retention=case.retention, discount_rate=case.discount_rate,
                growth=case.growth, maintenance_cost=case.maintenance_cost)


def clv_components(case: CustomerCase, *, method: str, convention: str,
                   rounding: Rounding) -> tuple[float, float, PotentialValue]:
    """Historical value, current value and potential value of a case.

    The three parts of the courseware's total CLV, each from its own function
    (:func:`historical_value`, :func:`current_value`, :func:`potential_value`) with the
    inputs of ``case``; ``method``, ``convention`` and ``rounding`` as in
    :func:`clv_summary`.
    """
    hist = historical_value(annual_revenue=case.annual_revenue, margin=case.margin,
                            years=case.years_as_customer)
    base = _case_kwargs(case)
    current = current_value(**base, horizon=case.horizon, convention=convention,
                            rounding=rounding)
    method = check_choice("method", method, ["courseware", "spread"])
    if method == "courseware":
        potential = potential_value_courseware(case, convention=convention, rounding=rounding)
    else:
        if rounding is not None:
            raise ValueError(error_text("error.clv.rounding_spread", name="rounding",
                                        option="method='spread'", value=repr(rounding)))
        potential = potential_value_spread(case, convention=convention)
    return hist, current, potential


def clv_summary(
    case: CustomerCase | None = None,
    *,
    method: Literal["courseware", "spread"] = "courseware",
    convention: ConventionName = "courseware",
    rounding: Rounding = None,
    **overrides: Any,
) -> pd.DataFrame:
    r"""Historical + current + potential value = CLV, as a small table.

    .. math:: \text{CLV} = V_\text{hist} + V_\text{current} + V_\text{potential}

    Zhang San with ``rounding="courseware"``: 4320 + 3058 + 1487 = 8865 yuan; exact
    arithmetic (``rounding=None``) gives 4320 + 3058.7 + 1488.2 = 8866.9.

    Parameters
    ----------
    case : CustomerCase, optional
        Inputs; default :data:`ZHANG_SAN`.
    method, convention, rounding
        Passed to :func:`current_value` and :func:`potential_value`.
    **overrides
        Fields of :class:`CustomerCase` to change, e.g. ``retention=0.9``.

    Returns
    -------
    pandas.DataFrame
        Rows ``historical, current, potential, total`` with columns
        ``component, component_zh, value, explanation``.

    References
    ----------
    .. [1] Courseware ch. 6, "张三的总客户终生价值汇总" table.

    Examples
    --------
    >>> clv_summary(rounding="courseware")["value"].tolist()
    [4320.0, 3058.0, 1487.0, 8865.0]
    """
    case = ZHANG_SAN if case is None else case
    check_instance("case", case, CustomerCase)
    case = case.replace(**overrides) if overrides else case
    hist, current, potential = clv_components(case, method=method, convention=convention,
                                               rounding=rounding)
    horizon = (i18n.text("table.clv_summary.horizon_ever") if case.horizon is None
               else i18n.text("table.clv_summary.horizon_years", years=case.horizon))
    data = (i18n.text("table.clv_summary.data", data=potential.data) if potential.data
            else "")
    return pd.DataFrame({
        "component": ["historical", "current", "potential", "total"],
        "component_zh": ["历史价值", "当前价值", "潜在价值", "客户终生价值"],
        "value": [hist, current, potential.total, hist + current + potential.total],
        "explanation": [
            i18n.text("table.clv_summary.historical", revenue=case.annual_revenue,
                      margin=case.margin, years=case.years_as_customer),
            i18n.text("table.clv_summary.current", horizon=horizon, retention=case.retention,
                      rate=case.discount_rate),
            i18n.text("table.clv_summary.potential", upgrade=potential.upgrade,
                      referral=potential.referral, data=data,
                      method=i18n.text(f"table.clv_summary.method_{method}")),
            i18n.text("table.clv_summary.total"),
        ],
    })


# --------------------------------------------------------------------------- simple
def simple_clv(*, annual_revenue: float, years: float, cost: float = 0.0) -> float:
    r"""Simple CLV of the Feishu reading: annual revenue x relationship years - total cost.

    .. math:: \text{CLV} = R \cdot T - C

    A 40-dollar Christmas tree bought every year for 10 years: 400.

    References
    ----------
    .. [1] Feishu (飞书). 全面解析客户生命周期价值及提升策略 (course reading):
       "40 美元的圣诞树 ... 10 年 ... 400 美元".

    Examples
    --------
    >>> simple_clv(annual_revenue=40, years=10)
    400.0
    """
    annual_revenue = check_amount("annual_revenue", annual_revenue)
    years = check_amount("years", years)
    cost = check_amount("cost", cost)
    return float(annual_revenue * years - cost)


def aov_clv(*, average_order_value: float, purchase_frequency: float, lifespan: float,
            margin: float) -> float:
    r"""LTV of the Youzan reading: average order value x purchase frequency x lifespan x margin.

    .. math:: \text{LTV} = \text{AOV} \cdot f \cdot L \cdot m

    ``purchase_frequency`` is purchases per year when ``lifespan`` is in years (keep the
    units consistent). No discounting, no churn inside the lifespan.

    References
    ----------
    .. [1] Youzan (有赞). 客户终身价值 (LTV) (course reading):
       "LTV = 客单价 x 购买频次 x 客户生命周期 x 毛利率".

    Examples
    --------
    >>> aov_clv(average_order_value=100, purchase_frequency=4, lifespan=3, margin=0.5)
    600.0
    """
    average_order_value = check_amount("average_order_value", average_order_value)
    purchase_frequency = check_amount("purchase_frequency", purchase_frequency)
    lifespan = check_amount("lifespan", lifespan)
    margin = check_probability("margin", margin)
    return float(average_order_value * purchase_frequency * lifespan * margin)


#: The courseware's health threshold of the CLV : CAC ratio ("通常追求 3:1 以上").
CLV_CAC_TARGET = 3.0


def clv_cac_ratio(*, clv: float, cac: float) -> float:
    """CLV : CAC ratio (客户终生价值与获客成本之比); the courseware aims for 3 : 1 or more.

    Parameters
    ----------
    clv : float
        Customer lifetime value (may be negative).
    cac : float
        Customer acquisition cost, > 0.

    References
    ----------
    .. [1] Courseware ch. 6, analysis step 3: "CLV 与 CAC 的比率(通常追求 3:1 以上)".

    Examples
    --------
    >>> clv_cac_ratio(clv=8865, cac=2955)
    3.0
    """
    clv = check_number("clv", clv, finite=True)
    cac = check_number("cac", cac, low=0.0, low_open=True, finite=True)
    return float(clv / cac)


def clv_cac_verdict(ratio: float) -> str:
    """Reading of a CLV:CAC ratio: ``"healthy"`` (>= 3, :data:`CLV_CAC_TARGET`), ``"thin"`` (1-3), ``"losing"`` (< 1).

    The courseware: profitable only if CLV > CAC; aim for 3:1 or more.
    """
    ratio = check_number("ratio", ratio)
    if ratio >= CLV_CAC_TARGET:
        return "healthy"
    if ratio >= 1.0:
        return "thin"
    return "losing"


def payback_period(
    *,
    cac: float,
    annual_revenue: float,
    margin: float,
    retention: float,
    discount_rate: float,
    growth: float = 0.0,
    maintenance_cost: float = 0.0,
    convention: ConventionName = "courseware",
    period: str = "year",
    discounted: bool = True,
    max_periods: int = 10_000,
) -> int | None:
    r"""Periods until the cumulative (discounted) expected profit covers the CAC.

    Returns the smallest :math:`T` with :math:`\sum_{t=1}^{T} \pi_t \delta_t \ge
    \text{CAC}` (rows of :func:`dcf_table`; :math:`\delta_t = 1` if ``discounted`` is
    False), or ``None`` if that never happens (the infinite-horizon value is below the
    CAC, or ``max_periods`` pass).

    References
    ----------
    .. [1] Courseware ch. 6, analysis step 3 ("回报周期").

    Examples
    --------
    >>> payback_period(cac=2000, annual_revenue=2400, margin=0.6, retention=0.8,
    ...                discount_rate=0.1)
    3
    """
    cac = check_amount("cac", cac)
    max_periods = check_positive("max_periods", max_periods, integer=True)
    check_bool("discounted", discounted)
    convention = _check_convention(convention)
    p = _per_period(annual_revenue=annual_revenue, margin=margin, retention=retention,
                    discount_rate=discount_rate, growth=growth,
                    maintenance_cost=maintenance_cost, period=period)
    if cac == 0:
        return 0
    cumulative = 0.0
    for t in range(1, max_periods + 1):
        survival, discount = _survival_discount(np.float64(t), p.retention, p.discount,
                                                convention)
        flow = _margin_if_retained(p, t) * survival
        cumulative += flow * (discount if discounted else 1.0)
        if cumulative >= cac:
            return t
        if survival * max(1.0, (1.0 + p.growth) ** t) < 1e-15:
            return None  # nothing material left to collect
    return None
