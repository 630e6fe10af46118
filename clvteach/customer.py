r"""Customer lifetime value per customer, from a transaction log.

Steps 2-3 of the courseware's CLV analysis on real or simulated data:

- :func:`historical_clv` — the value a customer has already brought (历史价值): revenue
  times margin, optionally compounded to today's money.
- :func:`cohort_retention`, :func:`estimate_retention` — retention per period from
  acquisition cohorts (客户群组留存).
- :func:`predictive_clv` — a simple predictive CLV (当前价值): the customer's margin per
  period times the margin multiple of :func:`clvteach.clv.margin_multiple` at the
  estimated retention.
- :func:`spend_gap_potential` — a potential value (潜在价值) in the courseware's manner
  (extra profit x success chance x multiple), from the gap to a benchmark spend.
- :func:`peak_gap_potential` — a potential value independent of the level of current
  spend: the extra spend up to the customer's own past peak (the default of the course).
- :func:`referral_potential` — the referral part of the potential value (referrals x
  value of a referred customer - reward, weighted by engagement).
- :func:`channel_economics` — CLV : CAC and payback period by acquisition channel
  (courseware step 3: profitable only if CLV > CAC; aim for 3 : 1; payback period).

Periods are calendar periods named as in :mod:`clvteach.units` (``"week"`` = ISO week
starting Monday, ``"month"``, ``"quarter"``, ``"year"``). Rates are annual and converted
with :mod:`clvteach.units`. Input checking, same-day merging, returns and duplicates
follow :mod:`clvteach.rfm` (same policies, same messages).

References
----------
Courseware chapter 6, "客户终生价值的分析步骤" (steps 1-5). Gupta, S. and Lehmann, D. R.
(2003). Customers as assets. *Journal of Interactive Marketing*, 17(1), 9-24. Fader, P. S.
and Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the perils
of ignoring heterogeneity. *Marketing Science*, 29(1), 85-93 (why one pooled retention rate
is only a first approximation).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._validation import check_columns, check_number, check_probability, check_rate
from .clv import clv_cac_ratio, clv_cac_verdict, margin_multiple, payback_period
from ._validation import fmt_value
from .rfm import TransactionLog, day_to_timestamp, log_customer_col
from .units import (
    DAYS_PER_YEAR,
    MONTHS_PER_YEAR,
    PERIODS_PER_YEAR,
    WEEK,
    Period,
    annual_to_period_rate,
    as_period,
    period_to_annual_retention,
    periods_per_year,
)

__all__ = [
    "DEFAULT_PEAK_WINDOW",
    "PredictiveAssumptions",
    "RetentionEstimate",
    "predictive_assumptions",
    "channel_economics",
    "cohort_retention",
    "estimate_retention",
    "historical_clv",
    "peak_gap_potential",
    "predictive_clv",
    "referral_potential",
    "spend_gap_potential",
]

PeriodName = Literal["week", "month", "quarter", "year"]

#: Periods of the rolling mean of :func:`peak_gap_potential` when ``predictive`` has no
#: ``lookback``: a peak must last a quarter of a year (3 months), not one lucky month.
DEFAULT_PEAK_WINDOW = 3


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------
def _period_index(day: np.ndarray | int, period: str) -> np.ndarray:
    """Calendar period number of a day number (days since 1970-01-01)."""
    day = np.asarray(day, dtype=np.int64)
    if period == "week":
        return (day + 3) // int(WEEK.days)  # 1970-01-01 was a Thursday: weeks start on Monday
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "month":
        return months
    if period == "quarter":
        return months // 3
    return months // MONTHS_PER_YEAR


def _period_start(index: np.ndarray, period: str) -> np.ndarray:
    index = np.asarray(index, dtype=np.int64)
    if period == "week":
        return (index * int(WEEK.days) - 3).astype("datetime64[D]").astype("datetime64[ns]")
    months = MONTHS_PER_YEAR // PERIODS_PER_YEAR[period] * index
    return months.astype("datetime64[M]").astype("datetime64[ns]")


def _check_period(period: Any) -> str:
    """The name of a calendar period: ``"week"``, ``"month"``, ``"quarter"``, ``"year"``."""
    return as_period(period, choices=tuple(PERIODS_PER_YEAR)).name


def _prepared_window(transactions, *, customer_col, date_col, amount_col, observation_end,
                     returns, duplicates, caller):
    """Validate once (unless given a :class:`~clvteach.rfm.TransactionLog`) and cut the window."""
    if isinstance(transactions, TransactionLog):
        log = transactions
        if amount_col is not None and log.amount is None:
            raise ValueError(
                f"{caller} needs amounts, got a TransactionLog without them: build it "
                "with TransactionLog.from_frame(..., amount_col=...)"
            )
    else:
        log = TransactionLog.from_frame(
            transactions, customer_col=customer_col, date_col=date_col,
            amount_col=amount_col, returns=returns, duplicates=duplicates, caller=caller)
    w = log.window(observation_end)
    return w.log.customers, w.log.day, w.log.amount, w.end_day, w.excluded


@dataclass(frozen=True)
class _Activity:
    """Active (customer, period) pairs, customers coded 0..k-1 in sorted ID order."""

    index: pd.Index
    code: np.ndarray  # per active pair
    period: np.ndarray  # per active pair (calendar period number)
    cohort: np.ndarray  # per customer: period of the first purchase
    revenue: np.ndarray | None  # per active pair


def _activity(customers: np.ndarray, day: np.ndarray, amount: np.ndarray | None,
              period: str, name: str) -> _Activity:
    codes, uniques = pd.factorize(customers, sort=True)
    p = _period_index(day, period)
    p0 = int(p.min())
    bits = max(int(p.max()) - p0, 1).bit_length()
    key = (codes.astype(np.int64) << bits) | (p - p0)
    order = np.argsort(key, kind="stable")
    key = key[order]
    new = np.concatenate([[True], key[1:] != key[:-1]])
    pair_key = key[new]
    code = pair_key >> bits
    pair_period = (pair_key & ((1 << bits) - 1)) + p0
    revenue = None
    if amount is not None:
        revenue = np.add.reduceat(amount[order], np.flatnonzero(new))
    n_customers = len(uniques)
    first = np.concatenate([[True], code[1:] != code[:-1]])
    cohort = np.empty(n_customers, dtype=np.int64)
    cohort[code[first]] = pair_period[first]
    return _Activity(index=pd.Index(uniques, name=name), code=code, period=pair_period,
                     cohort=cohort, revenue=revenue)


# --------------------------------------------------------------------------------------
# historical value
# --------------------------------------------------------------------------------------
def historical_clv(
    transactions: pd.DataFrame | TransactionLog,
    *,
    margin: float,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
    observation_end: Any = None,
    discount_rate: float = 0.0,
    returns: Literal["raise", "drop"] = "raise",
    duplicates: Literal["keep", "drop", "raise"] = "keep",
) -> pd.DataFrame:
    r"""Historical customer value (历史价值) per customer: realised profit.

    .. math::

        \text{HV}_i = \sum_{j} m \, v_{ij}\,(1 + d)^{(\tau - t_{ij}) / 365.25\ \text{days}}

    with margin :math:`m`, purchase amounts :math:`v_{ij}` on days :math:`t_{ij}` up to
    :math:`\tau` = ``observation_end`` and annual rate :math:`d` (default 0: plain profit,
    the courseware's "annual revenue x margin x years", e.g. Zhang San 2400 x 60 % x 3 =
    4320; with :math:`d > 0` past profit is carried forward to today's money).

    Parameters
    ----------
    transactions, customer_col, date_col, amount_col, observation_end, returns, duplicates
        As in :func:`clvteach.rfm_summary`.
    margin : float
        Gross margin in [0, 1].
    discount_rate : float
        Annual rate to compound past profit to ``observation_end``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``purchases`` (occasions), ``revenue``, ``profit``
        (revenue x margin), ``historical_value``, ``first_purchase``, ``last_purchase``,
        ``tenure_years`` (first purchase to observation end, in 365.25-day years).
    """
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    customer_col = log_customer_col(transactions, customer_col)
    customers, day, amount, end_day, excluded = _prepared_window(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
        observation_end=observation_end, returns=returns, duplicates=duplicates,
        caller="historical_clv")
    occ = TransactionLog(customers, day, amount, {}, customer_col).occasions(with_total=True)
    profit = occ.total * margin
    if discount_rate > 0:
        codes, _ = pd.factorize(customers, sort=True)
        growth = (1.0 + discount_rate) ** ((end_day - day) / DAYS_PER_YEAR)
        value = np.bincount(codes, weights=amount * margin * growth, minlength=len(occ.index))
    else:
        value = profit
    frame = pd.DataFrame({
        "purchases": occ.occasions.astype(np.int64),
        "revenue": occ.total,
        "profit": profit,
        "historical_value": value,
        "first_purchase": occ.first_day.astype("datetime64[D]").astype("datetime64[ns]"),
        "last_purchase": occ.last_day.astype("datetime64[D]").astype("datetime64[ns]"),
        "tenure_years": (end_day - occ.first_day) / DAYS_PER_YEAR,
    }, index=occ.index)
    frame.attrs = {"observation_end": day_to_timestamp(end_day), "margin": margin,
                   "discount_rate": discount_rate, "excluded_rows": excluded}
    return frame


# --------------------------------------------------------------------------------------
# cohorts and retention
# --------------------------------------------------------------------------------------
def cohort_retention(
    transactions: pd.DataFrame | TransactionLog,
    *,
    period: PeriodName | Period = "month",
    customer_col: str = "customer_id",
    date_col: str = "date",
    observation_end: Any = None,
    normalize: bool = True,
) -> pd.DataFrame:
    """Cohort table: share (or number) of each acquisition cohort active k periods later.

    A cohort is the calendar period of the customers' first purchase; a customer is
    *active* in a period if it buys at least once in it. Column ``k`` is the k-th period
    after the cohort's period (column 0 is 1.0 by construction). Cells that are not
    observed completely (their period ends after ``observation_end``) are NaN.

    Returns
    -------
    pandas.DataFrame
        Index: cohort start dates (``cohort``); columns 0..K; ``attrs["cohort_size"]``
        (Series) and ``attrs["last_complete_period"]`` (start date).
    """
    period = _check_period(period)
    customer_col = log_customer_col(transactions, customer_col)
    customers, day, _, end_day, excluded = _prepared_window(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=None,
        observation_end=observation_end, returns="raise", duplicates="keep",
        caller="cohort_retention")
    act = _activity(customers, day, None, period, customer_col)
    last_complete = int(_period_index(end_day + 1, period)) - 1
    k = act.period - act.cohort[act.code]
    cohorts = np.unique(act.cohort)
    width = int(k.max()) + 1
    counts = np.zeros((cohorts.size, width))
    np.add.at(counts, (np.searchsorted(cohorts, act.cohort[act.code]), k), 1)
    size = counts[:, 0].copy()
    observed = (cohorts[:, None] + np.arange(width)[None, :]) <= last_complete
    table = np.where(observed, counts / size[:, None] if normalize else counts, np.nan)
    index = pd.Index(_period_start(cohorts, period), name="cohort")
    frame = pd.DataFrame(table, index=index, columns=pd.RangeIndex(width, name="k"))
    frame.attrs = {"cohort_size": pd.Series(size.astype(np.int64), index=index),
                   "last_complete_period": pd.Timestamp(_period_start(last_complete, period)),
                   "period": period, "excluded_rows": excluded}
    return frame


@dataclass(frozen=True)
class RetentionEstimate:
    """Pooled retention per period estimated from cohorts.

    Attributes
    ----------
    retention : float
        ``retained / at_risk``: share of customers active in a period who are active
        again in the next one.
    period : str
        The period unit.
    at_risk : int
        Number of (customer, period) pairs active in a period whose next period is fully
        observed.
    retained : int
        Of those, pairs active again in the next period.
    annual_retention : float
        ``retention ** periods_per_year`` (:func:`clvteach.units.period_to_annual_retention`).
    """

    retention: float
    period: str
    at_risk: int
    retained: int
    annual_retention: float


def _retention_counts(act: _Activity, last_complete: int, include_acquisition_period: bool,
                      mask: np.ndarray | None = None) -> tuple[int, int]:
    at_risk = act.period + 1 <= last_complete
    if not include_acquisition_period:
        at_risk &= act.period > act.cohort[act.code]
    if mask is not None:
        at_risk &= mask[act.code]
    # next period active? pairs are sorted by (customer, period)
    next_active = np.zeros(act.period.size, dtype=bool)
    next_active[:-1] = (act.code[1:] == act.code[:-1]) & (act.period[1:] == act.period[:-1] + 1)
    return int(at_risk.sum()), int((at_risk & next_active).sum())


def estimate_retention(
    transactions: pd.DataFrame | TransactionLog,
    *,
    period: PeriodName | Period = "month",
    customer_col: str = "customer_id",
    date_col: str = "date",
    observation_end: Any = None,
    include_acquisition_period: bool = False,
) -> RetentionEstimate:
    r"""Retention per period, pooled over all cohorts and periods.

    .. math::

        \hat r = \frac{\#\{(i, p): i \text{ active in } p \text{ and in } p + 1\}}
                      {\#\{(i, p): i \text{ active in } p\}}

    over periods :math:`p` whose next period is completely observed. By default the
    acquisition period is left out (``include_acquisition_period=False``): everybody is
    active in it by definition, and the one-off buyers who never return (early abortion,
    早期流产型) would drag down the retention of the customers that stay; include it to
    value customers at the moment of acquisition (:func:`channel_economics` does).

    A single rate for everybody ignores that customers differ (a cohort's retention rises
    over time as the weak leave); it is the simple model of the courseware, not the best.

    Raises
    ------
    ValueError
        If no period with a completely observed next period exists.
    """
    period = _check_period(period)
    if not isinstance(include_acquisition_period, bool):
        raise TypeError(
            f"include_acquisition_period must be a bool, got {include_acquisition_period!r}")
    customer_col = log_customer_col(transactions, customer_col)
    customers, day, _, end_day, _ = _prepared_window(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=None,
        observation_end=observation_end, returns="raise", duplicates="keep",
        caller="estimate_retention")
    act = _activity(customers, day, None, period, customer_col)
    last_complete = int(_period_index(end_day + 1, period)) - 1
    at_risk, retained = _retention_counts(act, last_complete, include_acquisition_period)
    if at_risk == 0:
        raise ValueError(
            f"transactions must span at least two complete {period}s after a repeat "
            f"purchase to estimate retention, got none (observation_end "
            f"{day_to_timestamp(end_day).date()})"
        )
    r = retained / at_risk
    annual = period_to_annual_retention(r, period=period) if r < 1 else 1.0
    return RetentionEstimate(retention=r, period=period, at_risk=at_risk, retained=retained,
                             annual_retention=annual)


# --------------------------------------------------------------------------------------
# predictive value
# --------------------------------------------------------------------------------------
def predictive_clv(
    transactions: pd.DataFrame | TransactionLog,
    *,
    margin: float,
    discount_rate: float,
    period: PeriodName | Period = "month",
    retention: float | None = None,
    horizon: int | None = None,
    convention: Literal["courseware", "end", "start"] = "courseware",
    lookback: int | None = None,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
    observation_end: Any = None,
    returns: Literal["raise", "drop"] = "raise",
    duplicates: Literal["keep", "drop", "raise"] = "keep",
) -> pd.DataFrame:
    r"""A simple predictive CLV per customer (当前价值): today's pattern, cohort retention.

    .. math::

        \text{CLV}_i = m \,\bar R_i \, M(r, d_p, T), \qquad
        \bar R_i = \frac{\text{revenue of } i}{\text{periods since acquisition}}

    where :math:`M` is :func:`clvteach.clv.margin_multiple` (timing ``convention``,
    ``horizon`` periods or infinite), :math:`r` the retention per period
    (:func:`estimate_retention` unless given) and :math:`d_p` the annual
    ``discount_rate`` converted to the period (:func:`clvteach.units.annual_to_period_rate`).
    Periods since acquisition count the calendar periods from the first purchase's to
    ``observation_end``'s, both included. With ``lookback=L`` only the last :math:`L`
    periods (up to ``observation_end``'s, fewer for newer customers) count: the *present*
    behaviour, so a customer who stopped buying has a current value of 0; the column
    ``previous_revenue_per_period`` then gives the spend per period in the :math:`L`
    periods before (NaN for customers who were not there yet), for the trend.

    It values every customer as if still active, at one retention rate for all: a
    teaching baseline to compare with the probabilistic models (BG/NBD + Gamma-Gamma).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``revenue``, ``periods``, ``revenue_per_period``,
        ``margin_per_period``, ``predicted_clv``; ``attrs`` holds ``retention``,
        ``margin_multiple``, ``period_discount_rate`` and the exclusions.
    """
    period = _check_period(period)
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    customer_col = log_customer_col(transactions, customer_col)
    customers, day, amount, end_day, excluded = _prepared_window(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
        observation_end=observation_end, returns=returns, duplicates=duplicates,
        caller="predictive_clv")
    if retention is None:
        estimate = estimate_retention(
            pd.DataFrame({"c": customers, "d": day.astype("datetime64[D]")}),
            customer_col="c", date_col="d", period=period,
            observation_end=day_to_timestamp(end_day))
        retention = estimate.retention
    d_p = annual_to_period_rate(discount_rate, period=period)
    multiple = margin_multiple(retention=retention, discount_rate=d_p, horizon=horizon,
                               convention=convention)
    if lookback is not None:
        lookback = check_number("lookback", lookback, low=1, integer=True)
    codes, uniques = pd.factorize(customers, sort=True)
    first_day = np.full(len(uniques), np.iinfo(np.int64).max)
    np.minimum.at(first_day, codes, day)
    end_period = int(_period_index(end_day, period))
    periods = end_period - _period_index(first_day, period) + 1
    columns: dict[str, np.ndarray] = {}
    if lookback is None:
        revenue = np.bincount(codes, weights=amount, minlength=len(uniques))
    else:
        row_period = _period_index(day, period)
        recent = row_period > end_period - lookback
        revenue = np.bincount(codes[recent], weights=amount[recent], minlength=len(uniques))
        # the window before: how the customer spent before, for the trend
        before = ~recent & (row_period > end_period - 2 * lookback)
        previous = np.bincount(codes[before], weights=amount[before], minlength=len(uniques))
        previous_periods = np.clip(periods - lookback, 0, lookback)
        columns["previous_revenue_per_period"] = np.divide(
            previous, previous_periods, out=np.full(len(uniques), np.nan),
            where=previous_periods > 0)
        periods = np.minimum(periods, lookback)
    per_period = revenue / periods
    frame = pd.DataFrame({
        "revenue": revenue,
        "periods": periods.astype(np.int64),
        "revenue_per_period": per_period,
        "margin_per_period": per_period * margin,
        "predicted_clv": per_period * margin * multiple,
        **columns,
    }, index=pd.Index(uniques, name=customer_col))
    assumptions = PredictiveAssumptions(
        retention=float(retention), period=period, margin=margin, margin_multiple=multiple,
        period_discount_rate=d_p, convention=convention, horizon=horizon,
        lookback=lookback, observation_end=day_to_timestamp(end_day))
    frame.attrs = {**{f.name: getattr(assumptions, f.name) for f in fields(assumptions)},
                   "excluded_rows": excluded, "assumptions": assumptions}
    return frame


@dataclass(frozen=True)
class PredictiveAssumptions:
    """What a :func:`predictive_clv` table assumed; the potential-value functions reuse it.

    Stored with the table (``table.attrs["assumptions"]``; read it with
    :func:`predictive_assumptions`). The flat ``attrs`` keys of earlier versions
    (``attrs["retention"]`` ...) are still filled in for existing code.
    """

    retention: float
    period: str
    margin: float
    margin_multiple: float
    period_discount_rate: float
    convention: str
    horizon: int | None
    lookback: int | None
    observation_end: pd.Timestamp


def predictive_assumptions(predictive: pd.DataFrame) -> PredictiveAssumptions:
    """The :class:`PredictiveAssumptions` of a :func:`predictive_clv` table.

    Raises ``ValueError`` for any other table (the one check of "is this the output of
    predictive_clv", shared by the potential-value functions).
    """
    found = getattr(predictive, "attrs", {}).get("assumptions")
    if not isinstance(found, PredictiveAssumptions):
        raise ValueError(
            "predictive must be the output of predictive_clv (its attrs have no "
            f"PredictiveAssumptions), got a {type(predictive).__name__} without them"
        )
    return found


def _trend_factor(predictive: pd.DataFrame, use_trend: bool) -> np.ndarray:
    """min(1, recent / previous spend per period); 1 without a previous window."""
    if not isinstance(use_trend, bool):
        raise TypeError(f"use_trend must be a bool, got {use_trend!r}")
    recent = predictive["revenue_per_period"].to_numpy(dtype=float)
    if not use_trend:
        return np.ones(recent.size)
    if "previous_revenue_per_period" not in predictive.columns:
        raise ValueError("use_trend needs predictive_clv(..., lookback=L) output (column "
                         "'previous_revenue_per_period'), got none")
    previous = predictive["previous_revenue_per_period"].to_numpy(dtype=float)
    has_previous = np.isfinite(previous) & (previous > 0)
    ratio = np.divide(recent, previous, out=np.ones(recent.size), where=has_previous)
    return np.minimum(ratio, 1.0)


def spend_gap_potential(
    predictive: pd.DataFrame,
    *,
    benchmark_quantile: float = 0.75,
    success_probability: float = 0.3,
    use_trend: bool = False,
) -> pd.Series:
    r"""Potential value (潜在价值) from the gap to a benchmark spend, courseware-style.

    The courseware values Zhang San's upgrade as extra profit x success chance x remaining
    multiple (720 x 30 % x 2.12 ≈ 458). Here the "upgrade" is to spend like the customers
    at the ``benchmark_quantile`` of revenue per period (cross-sell, up-sell, share of
    wallet):

    .. math::

        \text{PV}_i = p \cdot m \max(0,\ R_q - \bar R_i) \cdot M

    with success probability :math:`p`, margin :math:`m`, benchmark :math:`R_q` and the
    margin multiple :math:`M` stored by :func:`predictive_clv`. Customers above the
    benchmark, and customers without spend in the window of ``predictive`` (use
    ``predictive_clv(..., lookback=...)``: they are lost for now), have no potential of
    this kind. Referrals are not modelled, so this potential falls as current value rises
    and a current x potential map collapses onto a line: for segmentation use
    :func:`peak_gap_potential`, which does not depend on the level of current spend.

    Parameters
    ----------
    predictive : pandas.DataFrame
        Output of :func:`predictive_clv`.
    benchmark_quantile : float
        Quantile of ``revenue_per_period`` among customers with spend, used as the
        benchmark, in [0, 1].
    success_probability : float
        Chance that the effort succeeds, in [0, 1].
    use_trend : bool
        Scale the chance by :math:`\min(1, \bar R_i / \bar R_i^{\text{before}})`: a
        customer whose spend is falling (deterioration, 退化期) is less likely to take an
        upgrade than one who is steady or growing (formation, 形成期). Needs
        ``predictive_clv(..., lookback=L)``.

    Returns
    -------
    pandas.Series
        ``potential_value`` per customer (same index).
    """
    check_columns("predictive", predictive, ["revenue_per_period", "margin_per_period"])
    assumed = predictive_assumptions(predictive)
    q = check_probability("benchmark_quantile", benchmark_quantile)
    p = check_probability("success_probability", success_probability)
    revenue = predictive["revenue_per_period"].to_numpy(dtype=float)
    margin = assumed.margin
    active = revenue > 0
    if not active.any():
        raise ValueError("predictive must have at least one customer with spend, got none")
    benchmark = float(np.quantile(revenue[active], q))  # among customers still buying
    # no recent spend = lost for now: no upgrade potential until won back
    gap = np.where(revenue > 0, np.maximum(benchmark - revenue, 0.0), 0.0)
    value = p * _trend_factor(predictive, use_trend) * margin * gap * assumed.margin_multiple
    result = pd.Series(value, index=predictive.index, name="potential_value")
    result.attrs = {"benchmark_revenue_per_period": benchmark,
                    "success_probability": p, "benchmark_quantile": q}
    return result


def peak_gap_potential(
    transactions: pd.DataFrame | TransactionLog,
    predictive: pd.DataFrame,
    *,
    window: int | None = None,
    success_probability: float = 0.3,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
    returns: Literal["raise", "drop"] = "raise",
    duplicates: Literal["keep", "drop", "raise"] = "keep",
) -> pd.Series:
    r"""Potential value (潜在价值) as the value recoverable up to the customer's own peak.

    The courseware defines potential value as what a customer *could* still add: buying
    extra products (up-selling, cross-selling: 增量购买, 交叉购买) and bringing others
    (referrals: 推荐价值); Zhang San's upgrade is extra profit x success chance x remaining
    multiple (720 x 30 % x 2.12 ≈ 458). :func:`spend_gap_potential` measures the extra
    spend against *other* customers' benchmark, so it falls as current value rises and
    the current x potential map collapses onto a line (no high-value, no watch customers).
    This measure uses each customer's *own* best spell as the benchmark: the extra spend
    the customer has already shown to be able and willing to make (share of wallet that
    went elsewhere since, a lapsed habit, a product no longer bought):

    .. math::

        \text{PV}_i = p \cdot m \max\!\left(0,\ P_i - \bar R_i\right) \cdot M, \qquad
        P_i = \max_t \frac{1}{w_t} \sum_{s=t-w_t+1}^{t} R_{i,s}

    with success probability :math:`p`, margin :math:`m`, the current spend per period
    :math:`\bar R_i` and margin multiple :math:`M` of :func:`predictive_clv`, and the peak
    :math:`P_i`: the highest spend per period over ``window`` consecutive periods
    (:math:`w_t` = ``window``, fewer in the customer's first periods), from the
    acquisition period to ``observation_end``'s. It is independent of the level of current
    spend: a big spender at his peak has none (to watch, 需警惕), a big spender below his
    peak has a lot (high-value), a lapsed customer with a good past is a win-back candidate
    (growth), one who never spent much has little (low-value).

    Parameters
    ----------
    transactions : pandas.DataFrame
        The transactions ``predictive`` was computed from (same columns and policies).
    predictive : pandas.DataFrame
        Output of :func:`predictive_clv` (its ``period``, ``margin``, ``lookback``,
        ``observation_end`` and ``margin_multiple`` are used).
    window : int, optional
        Periods over which spend is averaged for the peak; default the ``lookback`` of
        ``predictive`` (so peak and current spend are measured alike), else 3.
    success_probability : float
        Chance that the effort (up-sell, cross-sell, win-back) succeeds, in [0, 1].

    Returns
    -------
    pandas.Series
        ``potential_value`` per customer (index of ``predictive``); ``attrs`` holds the
        ``peak_revenue_per_period`` (Series), ``window`` and ``success_probability``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 2],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-06-05",
    ...                                            "2024-01-05", "2024-06-05"]),
    ...                    "amount": [300.0, 30.0, 30.0, 30.0]})
    >>> pred = predictive_clv(tx, margin=0.5, discount_rate=0.1, retention=0.9,
    ...                       horizon=12, lookback=1)
    >>> peak_gap_potential(tx, pred).round(1).tolist()  # 1 fell from 300 to 30 a month
    [250.9, 0.0]
    """
    check_columns("predictive", predictive, ["revenue_per_period"])
    assumed = predictive_assumptions(predictive)
    p = check_probability("success_probability", success_probability)
    if window is None:
        window = assumed.lookback or DEFAULT_PEAK_WINDOW
    window = check_number("window", window, low=1, integer=True)
    period = assumed.period
    customer_col = log_customer_col(transactions, customer_col)
    customers, day, amount, end_day, _ = _prepared_window(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
        observation_end=assumed.observation_end, returns=returns, duplicates=duplicates,
        caller="peak_gap_potential")
    act = _activity(customers, day, amount, period, customer_col)
    first = int(act.cohort.min())
    n_periods = int(_period_index(end_day, period)) - first + 1
    # dense customers x periods spend, then rolling means via cumulative sums
    spend = np.zeros((len(act.index), n_periods))
    np.add.at(spend, (act.code, act.period - first), act.revenue)
    cumulative = np.concatenate([np.zeros((len(act.index), 1)), spend.cumsum(axis=1)], axis=1)
    t = np.arange(n_periods)
    rolling = cumulative[:, t + 1] - cumulative[:, np.maximum(t - window + 1, 0)]
    age = t[None, :] - (act.cohort[:, None] - first) + 1  # periods since acquisition
    mean = np.where(age >= 1, rolling / np.clip(np.minimum(age, window), 1, None), 0.0)
    if not act.index.equals(predictive.index):
        raise ValueError("transactions must be the ones predictive was computed from, got "
                         f"{len(act.index)} customers for {len(predictive)} in predictive")
    peak = pd.Series(mean.max(axis=1), index=predictive.index)
    current = predictive["revenue_per_period"].to_numpy(dtype=float)
    gap = np.maximum(peak.to_numpy() - current, 0.0)
    value = p * assumed.margin * gap * assumed.margin_multiple
    result = pd.Series(value, index=predictive.index, name="potential_value")
    result.attrs = {"peak_revenue_per_period": peak.rename("peak_revenue_per_period"),
                    "window": window, "success_probability": p}
    return result


def referral_potential(
    predictive: pd.DataFrame,
    *,
    referrals_per_period: float,
    value_per_referral: float,
    cost_per_referral: float = 0.0,
    benchmark_quantile: float = 0.75,
    use_trend: bool = False,
) -> pd.Series:
    r"""Referral part of the potential value (潜在价值: 推荐价值), courseware-style.

    The courseware values Zhang San's referrals as referrals x value of a referred
    customer - reward (0.5 x 3058 - 500 ≈ 1029, for one year). Here every period of the
    expected relationship counts (margin multiple :math:`M` of :func:`predictive_clv`),
    and customers refer in proportion to their engagement, measured by their spend
    relative to the benchmark (capped at 1); customers without spend in the window refer
    nobody:

    .. math::

        \text{RV}_i = \rho \,\min\!\left(1, \frac{\bar R_i}{R_q}\right)
                      (V - C)\, M

    with :math:`\rho` = ``referrals_per_period`` (for a fully engaged customer),
    :math:`V` = ``value_per_referral``, :math:`C` = ``cost_per_referral``. With
    ``use_trend`` the engagement is also scaled by the spend trend, as in
    :func:`spend_gap_potential` (declining customers recommend less).

    Returns
    -------
    pandas.Series
        ``referral_value`` per customer (same index as ``predictive``).
    """
    check_columns("predictive", predictive, ["revenue_per_period"])
    assumed = predictive_assumptions(predictive)
    rho = check_number("referrals_per_period", referrals_per_period, low=0.0)
    value = check_number("value_per_referral", value_per_referral)
    cost = check_number("cost_per_referral", cost_per_referral, low=0.0)
    q = check_probability("benchmark_quantile", benchmark_quantile)
    revenue = predictive["revenue_per_period"].to_numpy(dtype=float)
    active = revenue > 0
    if not active.any():
        raise ValueError("predictive must have at least one customer with spend, got none")
    benchmark = float(np.quantile(revenue[active], q))
    engagement = np.minimum(revenue / benchmark, 1.0) if benchmark > 0 else active * 1.0
    engagement = engagement * _trend_factor(predictive, use_trend)
    result = pd.Series(rho * engagement * (value - cost) * assumed.margin_multiple,
                       index=predictive.index, name="referral_value")
    result.attrs = {"benchmark_revenue_per_period": benchmark}
    return result


# --------------------------------------------------------------------------------------
# acquisition channels
# --------------------------------------------------------------------------------------
def channel_economics(
    transactions: pd.DataFrame | TransactionLog,
    customers: pd.DataFrame,
    *,
    margin: float,
    discount_rate: float,
    period: PeriodName | Period = "month",
    horizon: int | None = None,
    channel_col: str = "channel",
    cac_col: str = "cac",
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
    observation_end: Any = None,
) -> pd.DataFrame:
    r"""CLV, CLV : CAC and payback period per acquisition channel (courseware step 3).

    For each channel, from its customers' transactions:

    - ``retention``: pooled retention per period *including* the acquisition period
      (:func:`estimate_retention`), i.e. the chance that a customer active in a period
      buys again in the next one, one-off buyers included;
    - ``margin_per_active_period``: margin x mean revenue of an active customer-period;
    - ``clv``: value of a newly acquired customer,
      :math:`m \bar R\, M(r, d_p)` with the ``"start"`` convention of
      :func:`clvteach.clv.margin_multiple` (the acquisition period is certain and not
      discounted), over ``horizon`` periods (default: infinite);
    - ``clv_cac`` and ``verdict`` from :func:`clvteach.clv.clv_cac_ratio` and
      :func:`clvteach.clv.clv_cac_verdict` (healthy >= 3, thin 1-3, losing < 1);
    - ``payback_periods``: :func:`clvteach.clv.payback_period` under the same model
      (discounted), and ``observed_payback_periods``: the first number of periods after
      which the customers' realised cumulative margin, averaged over customers observed
      that long, covers the CAC (NaN if not within the data).

    Parameters
    ----------
    transactions : pandas.DataFrame
        The transaction log.
    customers : pandas.DataFrame
        One row per customer, indexed by customer ID, with ``channel_col`` and ``cac_col``
        (e.g. the ``customers`` table of :func:`clvteach.datasets.simulate_coffee_shop`).
    margin, discount_rate, period, horizon
        As in :func:`predictive_clv`.

    Returns
    -------
    pandas.DataFrame
        One row per channel (index ``channel``).
    """
    period = _check_period(period)
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    check_columns("customers", customers, [channel_col, cac_col])
    cac_values = customers[cac_col].to_numpy(dtype=float)
    if not np.isfinite(cac_values).all() or (cac_values < 0).any():
        raise ValueError(f"customers[{cac_col!r}] must be finite and >= 0")
    customer_col = log_customer_col(transactions, customer_col)
    ids, day, amount, end_day, _ = _prepared_window(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
        observation_end=observation_end, returns="raise", duplicates="keep",
        caller="channel_economics")
    act = _activity(ids, day, amount, period, customer_col)
    channel_of, cac_of, order = _channels_of(act, customers, channel_col, cac_values)
    last_complete = int(_period_index(end_day + 1, period)) - 1
    k = act.period - act.cohort[act.code]
    rows = []
    for channel in order:  # a handful of channels
        member = channel_of == channel
        cac = float(cac_of[member].mean())
        retention, revenue_active = _channel_estimates(act, member, last_complete)
        value = _channel_value(retention, revenue_active, cac, margin=margin,
                               discount_rate=discount_rate, period=period, horizon=horizon)
        rows.append({
            "channel": channel,
            "customers": int(member.sum()),
            "cac": cac,
            "retention": retention,
            "margin_per_active_period": margin * revenue_active,
            **value,
            "observed_payback_periods": _observed_payback(act, k, member, margin, cac,
                                                          last_complete),
        })
    frame = pd.DataFrame(rows).set_index("channel")
    frame.attrs = {"period": period, "margin": margin, "discount_rate": discount_rate,
                   "horizon": horizon, "observation_end": day_to_timestamp(end_day)}
    return frame


def _channels_of(act: _Activity, customers: pd.DataFrame, channel_col: str,
                 cac_values: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:
    """Channel and CAC of each active customer, and the channels in table order."""
    position = customers.index.get_indexer(act.index)
    if (position < 0).any():
        missing = act.index[int(np.flatnonzero(position < 0)[0])]
        raise ValueError(
            f"customers must have a row for every customer in transactions, got none for "
            f"{fmt_value(missing)}"
        )
    channel_of = customers[channel_col].to_numpy()[position]
    channels = customers[channel_col]
    if isinstance(channels.dtype, pd.CategoricalDtype):  # keep the table's channel order
        order = [c for c in channels.cat.categories if (channel_of == c).any()]
    else:
        order = sorted(pd.unique(channel_of), key=str)
    return channel_of, cac_values[position], order


def _channel_estimates(act: _Activity, member: np.ndarray, last_complete: int
                       ) -> tuple[float, float]:
    """Estimation: pooled retention per period (acquisition period included) and the mean
    revenue of an active customer-period, of the customers in ``member``."""
    at_risk, retained = _retention_counts(act, last_complete, True, member)
    retention = retained / at_risk if at_risk else float("nan")
    return retention, float(act.revenue[member[act.code]].mean())


def _channel_value(retention: float, revenue_active: float, cac: float, *, margin: float,
                   discount_rate: float, period: str, horizon: int | None) -> dict[str, Any]:
    """Valuation and payback of a channel's new customer: ``clv``, ``clv_cac``,
    ``verdict``, ``payback_periods`` (NaN where retention is unknown or 1)."""
    if not (np.isfinite(retention) and retention < 1):
        return {"clv": float("nan"), "clv_cac": float("nan"), "verdict": "unknown",
                "payback_periods": float("nan")}
    d_p = annual_to_period_rate(discount_rate, period=period)
    clv = margin * revenue_active * margin_multiple(
        retention=retention, discount_rate=d_p, horizon=horizon, convention="start")
    ratio = clv_cac_ratio(clv=clv, cac=cac) if cac > 0 else float("inf")
    payback = payback_period(
        cac=cac, annual_revenue=revenue_active * periods_per_year(period), margin=margin,
        retention=period_to_annual_retention(retention, period=period),
        discount_rate=discount_rate, period=period, convention="start")
    return {"clv": clv, "clv_cac": ratio,
            "verdict": clv_cac_verdict(ratio) if np.isfinite(ratio) else "unknown",
            "payback_periods": np.nan if payback is None else float(payback)}


def _observed_payback(act: _Activity, k: np.ndarray, member: np.ndarray, margin: float,
                      cac: float, last_complete: int) -> float:
    """Smallest n such that customers observed for >= n complete periods have, on average,
    brought a cumulative margin >= CAC in their first n periods (NaN if none)."""
    if cac == 0:
        return 0.0
    observed = last_complete - act.cohort + 1  # complete periods seen, per customer
    n_max = int(observed[member].max()) if member.any() else 0
    if n_max <= 0:
        return float("nan")
    obs_pair = observed[act.code]
    use = member[act.code] & (k < obs_pair)
    # a pair in period k counts for every n in k+1 .. observed: a difference array
    diff = np.zeros(n_max + 2)
    np.add.at(diff, k[use] + 1, margin * act.revenue[use])
    np.add.at(diff, obs_pair[use] + 1, -margin * act.revenue[use])
    total = np.cumsum(diff)[1:n_max + 1]  # n = 1..n_max
    counts = np.bincount(np.clip(observed[member], 0, n_max), minlength=n_max + 1)
    at_least = counts[::-1].cumsum()[::-1][1:n_max + 1]  # customers with >= n periods
    mean_cumulative = total / np.maximum(at_least, 1)
    hit = np.flatnonzero((at_least > 0) & (mean_cumulative >= cac - 1e-9))
    return float(hit[0] + 1) if hit.size else float("nan")
