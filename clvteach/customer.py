r"""Customer lifetime value per customer, from a transaction log.

Steps 2-3 of the courseware's CLV analysis on real or simulated data:

- :func:`historical_clv` — the value a customer has already brought (历史价值): revenue
  times margin, optionally compounded to today's money.
- :func:`cohort_retention`, :func:`estimate_retention` — retention per period from
  acquisition cohorts (客户群组留存).
- :func:`predictive_clv` — a simple predictive CLV (当前价值): the customer's margin per
  period (:func:`spend_per_period`) times the margin multiple of
  :func:`clvteach.clv.margin_multiple` at the estimated retention; the result is a
  :class:`PredictiveCLV` (the table and the assumptions it was computed with).
- :func:`spend_gap_potential` — a potential value (潜在价值) in the courseware's manner
  (extra profit x success chance x multiple), from the gap to a benchmark spend
  (:func:`spend_benchmark`).
- :func:`peak_gap_potential` — a potential value independent of the level of current
  spend: the extra spend up to the customer's own past peak (:func:`peak_spend`; the
  default of the course).
- :func:`referral_potential` — the referral part of the potential value (referrals x
  value of a referred customer - reward, weighted by engagement).
- :func:`channel_economics` — CLV : CAC and payback period by acquisition channel
  (courseware step 3: profitable only if CLV > CAC; aim for 3 : 1; payback period), in
  three steps: :func:`channel_estimates` (estimate), :func:`channel_value` (value and
  payback) and :func:`observed_payback` (what the data shows).

The transactions
----------------
Every function takes ``transactions`` as

- a :class:`~clvteach.rfm.TransactionLog` (``TransactionLog.from_frame(df, ...)``: other
  column names, returns and duplicates policies; validated once), observed up to its last
  purchase date;
- an :class:`~clvteach.rfm.ObservationWindow` (``log.window("2025-12-31")``): the log
  observed up to another day;
- or a DataFrame with the columns ``customer_id``, ``date`` and ``amount``, validated as
  ``TransactionLog.from_frame(df, amount_col="amount")`` (returns raise, duplicates
  count as lines of one purchase) and observed up to its last purchase date.

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

from dataclasses import dataclass
from typing import Any, Literal, Union

import numpy as np
import pandas as pd

from ._validation import (check_bool, check_columns, check_number, check_probability, check_rate,
                          error_text, fmt_value)
from .i18n import unit
from .clv import clv_cac_ratio, clv_cac_verdict, margin_multiple, payback_period
from .rfm import ObservationWindow, TransactionLog
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
    "ChannelValue",
    "CohortRetention",
    "PredictiveCLV",
    "RetentionEstimate",
    "channel_economics",
    "channel_estimates",
    "channel_value",
    "cohort_retention",
    "estimate_retention",
    "historical_clv",
    "observed_payback",
    "peak_gap_potential",
    "peak_spend",
    "predictive_clv",
    "referral_potential",
    "spend_benchmark",
    "spend_gap_potential",
    "spend_per_period",
]

PeriodName = Literal["week", "month", "quarter", "year"]

#: What the functions of this module accept as ``transactions`` (see the module notes).
Transactions = Union[pd.DataFrame, TransactionLog, ObservationWindow]

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


def _observed(transactions: Transactions, *, amounts: bool, caller: str) -> ObservationWindow:
    """The observation window of ``transactions`` (see the module notes), validated once."""
    if isinstance(transactions, ObservationWindow):
        window = transactions
    elif isinstance(transactions, TransactionLog):
        window = transactions.window()
    else:
        window = TransactionLog.from_frame(
            transactions, amount_col="amount" if amounts else None, caller=caller).window()
    if amounts and window.log.amount is None:
        raise ValueError(error_text("error.rfm.needs_amounts", caller=caller, log="TransactionLog",
                                    call="TransactionLog.from_frame(..., amount_col=...)"))
    return window


def _table_repr(title: str, table: pd.DataFrame) -> str:
    return f"{title}\n{table!r}"


def _table_html(title: str, table: pd.DataFrame) -> str:
    return f"<p><b>{title}</b></p>\n{table._repr_html_()}"


@dataclass(frozen=True)
class _Activity:
    """Active (customer, period) pairs, customers coded 0..k-1 in sorted ID order."""

    index: pd.Index
    code: np.ndarray  # per active pair
    period: np.ndarray  # per active pair (calendar period number)
    cohort: np.ndarray  # per customer: period of the first purchase
    revenue: np.ndarray | None  # per active pair


def _activity(window: ObservationWindow, period: str, *, amounts: bool = False) -> _Activity:
    log = window.log
    customers, day = log.customers, log.day
    amount = log.amount if amounts else None
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
    return _Activity(index=pd.Index(uniques, name=log.customer_col), code=code,
                     period=pair_period, cohort=cohort, revenue=revenue)


def _last_complete_period(window: ObservationWindow, period: str) -> int:
    """The last calendar period that ends on or before the observation end."""
    return int(_period_index(window.end_day + 1, period)) - 1


# --------------------------------------------------------------------------------------
# historical value
# --------------------------------------------------------------------------------------
def historical_clv(
    transactions: Transactions,
    *,
    margin: float,
    discount_rate: float = 0.0,
) -> pd.DataFrame:
    r"""Historical customer value (历史价值) per customer: realised profit.

    .. math::

        \text{HV}_i = \sum_{j} m \, v_{ij}\,(1 + d)^{(\tau - t_{ij}) / 365.25\ \text{days}}

    with margin :math:`m`, purchase amounts :math:`v_{ij}` on days :math:`t_{ij}` up to
    :math:`\tau` = the observation end and annual rate :math:`d` (default 0: plain profit,
    the courseware's "annual revenue x margin x years", e.g. Zhang San 2400 x 60 % x 3 =
    4320; with :math:`d > 0` past profit is carried forward to today's money).

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; they need amounts).
    margin : float
        Gross margin in [0, 1].
    discount_rate : float
        Annual rate to compound past profit to the observation end.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``purchases`` (occasions), ``revenue``, ``profit``
        (revenue x margin), ``historical_value``, ``first_purchase``, ``last_purchase``,
        ``tenure_years`` (first purchase to observation end, in 365.25-day years).
    """
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    window = _observed(transactions, amounts=True, caller="historical_clv")
    log = window.log
    occ = log.occasions(with_total=True)
    profit = occ.total * margin
    if discount_rate > 0:
        codes, _ = pd.factorize(log.customers, sort=True)
        growth = (1.0 + discount_rate) ** ((window.end_day - log.day) / DAYS_PER_YEAR)
        value = np.bincount(codes, weights=log.amount * margin * growth,
                            minlength=len(occ.index))
    else:
        value = profit
    return pd.DataFrame({
        "purchases": occ.occasions.astype(np.int64),
        "revenue": occ.total,
        "profit": profit,
        "historical_value": value,
        "first_purchase": occ.first_day.astype("datetime64[D]").astype("datetime64[ns]"),
        "last_purchase": occ.last_day.astype("datetime64[D]").astype("datetime64[ns]"),
        "tenure_years": (window.end_day - occ.first_day) / DAYS_PER_YEAR,
    }, index=occ.index)


# --------------------------------------------------------------------------------------
# cohorts and retention
# --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class CohortRetention:
    """Result of :func:`cohort_retention`: the cohort table and what it was built from.

    Attributes
    ----------
    table : pandas.DataFrame
        Index: cohort start dates (``cohort``); columns ``k`` = 0..K periods after the
        cohort's period; shares (or numbers) of the cohort active; NaN where the period
        is not completely observed.
    cohort_size : pandas.Series
        Customers acquired in each cohort (same index).
    last_complete_period : pandas.Timestamp
        Start of the last period that is completely observed.
    period : str
        The period unit.
    """

    table: pd.DataFrame
    cohort_size: pd.Series
    last_complete_period: pd.Timestamp
    period: str

    def __repr__(self) -> str:
        return _table_repr(f"CohortRetention (period={self.period!r})", self.table)

    def _repr_html_(self) -> str:
        return _table_html(f"CohortRetention (period={self.period!r})", self.table)


def cohort_retention(
    transactions: Transactions,
    *,
    period: PeriodName | Period = "month",
    normalize: bool = True,
) -> CohortRetention:
    """Cohort table: share (or number) of each acquisition cohort active k periods later.

    A cohort is the calendar period of the customers' first purchase; a customer is
    *active* in a period if it buys at least once in it. Column ``k`` is the k-th period
    after the cohort's period (column 0 is 1.0 by construction). Cells that are not
    observed completely (their period ends after the observation end) are NaN.

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; amounts are not used).
    period : {"week", "month", "quarter", "year"} or Period
        The period unit.
    normalize : bool
        Shares of the cohort (default) or numbers of customers.

    Returns
    -------
    CohortRetention
        ``table``, ``cohort_size``, ``last_complete_period``, ``period``.
    """
    period = _check_period(period)
    window = _observed(transactions, amounts=False, caller="cohort_retention")
    act = _activity(window, period)
    last_complete = _last_complete_period(window, period)
    k = act.period - act.cohort[act.code]
    cohorts = np.unique(act.cohort)
    width = int(k.max()) + 1
    counts = np.zeros((cohorts.size, width))
    np.add.at(counts, (np.searchsorted(cohorts, act.cohort[act.code]), k), 1)
    size = counts[:, 0].copy()
    observed = (cohorts[:, None] + np.arange(width)[None, :]) <= last_complete
    table = np.where(observed, counts / size[:, None] if normalize else counts, np.nan)
    index = pd.Index(_period_start(cohorts, period), name="cohort")
    return CohortRetention(
        table=pd.DataFrame(table, index=index, columns=pd.RangeIndex(width, name="k")),
        cohort_size=pd.Series(size.astype(np.int64), index=index, name="cohort_size"),
        last_complete_period=pd.Timestamp(_period_start(last_complete, period)),
        period=period)


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
    transactions: Transactions,
    *,
    period: PeriodName | Period = "month",
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

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; amounts are not used).
    period : {"week", "month", "quarter", "year"} or Period
        The period unit.
    include_acquisition_period : bool
        Count the transition out of the acquisition period too.

    Raises
    ------
    ValueError
        If no period with a completely observed next period exists.
    """
    period = _check_period(period)
    check_bool("include_acquisition_period", include_acquisition_period)
    window = _observed(transactions, amounts=False, caller="estimate_retention")
    return _estimate_retention(window, period, include_acquisition_period)


def _estimate_retention(window: ObservationWindow, period: str,
                        include_acquisition_period: bool) -> RetentionEstimate:
    act = _activity(window, period)
    at_risk, retained = _retention_counts(act, _last_complete_period(window, period),
                                          include_acquisition_period)
    if at_risk == 0:
        raise ValueError(error_text("error.customer.retention_span", name="transactions",
                                    period=unit(period), end_name="observation_end",
                                    end=window.end_date.date()))
    r = retained / at_risk
    annual = period_to_annual_retention(r, period=period) if r < 1 else 1.0
    return RetentionEstimate(retention=r, period=period, at_risk=at_risk, retained=retained,
                             annual_retention=annual)


# --------------------------------------------------------------------------------------
# predictive value
# --------------------------------------------------------------------------------------
def spend_per_period(
    transactions: Transactions,
    *,
    period: PeriodName | Period = "month",
    lookback: int | None = None,
) -> pd.DataFrame:
    r"""Each customer's revenue per period: the spend pattern :func:`predictive_clv` values.

    .. math::

        \bar R_i = \frac{\text{revenue of } i}{\text{periods since acquisition}}

    Periods since acquisition count the calendar periods from the first purchase's to
    the observation end's, both included. With ``lookback=L`` only the last :math:`L`
    periods (up to the observation end's, fewer for newer customers) count: the
    *present* behaviour, so a customer who stopped buying has 0; the column
    ``previous_revenue_per_period`` then gives the spend per period in the :math:`L`
    periods before (NaN for customers who were not there yet), for the trend.

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; they need amounts).
    period : {"week", "month", "quarter", "year"} or Period
        The period unit.
    lookback : int, optional
        Number of recent periods to average over (default: all since acquisition).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``revenue``, ``periods``, ``revenue_per_period`` (and
        ``previous_revenue_per_period`` with ``lookback``).
    """
    period = _check_period(period)
    if lookback is not None:
        lookback = check_number("lookback", lookback, low=1, integer=True)
    window = _observed(transactions, amounts=True, caller="spend_per_period")
    return _spend_per_period(window, period, lookback)


def _spend_per_period(window: ObservationWindow, period: str, lookback: int | None
                      ) -> pd.DataFrame:
    log = window.log
    customers, day, amount = log.customers, log.day, log.amount
    codes, uniques = pd.factorize(customers, sort=True)
    first_day = np.full(len(uniques), np.iinfo(np.int64).max)
    np.minimum.at(first_day, codes, day)
    end_period = int(_period_index(window.end_day, period))
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
    return pd.DataFrame({
        "revenue": revenue,
        "periods": periods.astype(np.int64),
        "revenue_per_period": revenue / periods,
        **columns,
    }, index=pd.Index(uniques, name=log.customer_col))


@dataclass(frozen=True, eq=False)
class PredictiveCLV:
    """Result of :func:`predictive_clv`: the table and the assumptions behind it.

    The potential-value functions (:func:`spend_gap_potential`,
    :func:`peak_gap_potential`, :func:`referral_potential`) take it as it is, so that they
    value the potential with the same margin, period and multiple.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by customer ID: ``revenue``, ``periods``, ``revenue_per_period``,
        ``margin_per_period``, ``predicted_clv`` (and ``previous_revenue_per_period``
        with a ``lookback``).
    retention : float
        Retention per period used (estimated or given).
    period : str
        The period unit.
    margin : float
        Gross margin.
    margin_multiple : float
        :func:`clvteach.clv.margin_multiple` at ``retention`` and ``period_discount_rate``.
    period_discount_rate : float
        The annual discount rate converted to the period.
    convention : str
        Timing convention of the multiple.
    horizon : int or None
        Periods valued (None = infinite).
    lookback : int or None
        Recent periods the spend was averaged over (None = all since acquisition).
    observation_end : pandas.Timestamp
        Last day of the data used.
    """

    table: pd.DataFrame
    retention: float
    period: str
    margin: float
    margin_multiple: float
    period_discount_rate: float
    convention: str
    horizon: int | None
    lookback: int | None
    observation_end: pd.Timestamp

    def _title(self) -> str:
        return (f"PredictiveCLV (period={self.period!r}, retention={self.retention:.4g}, "
                f"margin multiple={self.margin_multiple:.4g})")

    def __repr__(self) -> str:
        return _table_repr(self._title(), self.table)

    def _repr_html_(self) -> str:
        return _table_html(self._title(), self.table)


def predictive_clv(
    transactions: Transactions,
    *,
    margin: float,
    discount_rate: float,
    period: PeriodName | Period = "month",
    retention: float | None = None,
    horizon: int | None = None,
    convention: Literal["courseware", "end", "start"] = "courseware",
    lookback: int | None = None,
) -> PredictiveCLV:
    r"""A simple predictive CLV per customer (当前价值): today's pattern, cohort retention.

    .. math::

        \text{CLV}_i = m \,\bar R_i \, M(r, d_p, T), \qquad
        \bar R_i = \frac{\text{revenue of } i}{\text{periods since acquisition}}

    where :math:`\bar R_i` is :func:`spend_per_period` (with ``lookback``), :math:`M` is
    :func:`clvteach.clv.margin_multiple` (timing ``convention``, ``horizon`` periods or
    infinite), :math:`r` the retention per period (:func:`estimate_retention` unless
    given) and :math:`d_p` the annual ``discount_rate`` converted to the period
    (:func:`clvteach.units.annual_to_period_rate`).

    It values every customer as if still active, at one retention rate for all: a
    teaching baseline to compare with the probabilistic models (BG/NBD + Gamma-Gamma).

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; they need amounts).
    margin : float
        Gross margin in [0, 1].
    discount_rate : float
        Annual discount rate.
    period : {"week", "month", "quarter", "year"} or Period
        The period unit of spend, retention and horizon.
    retention : float, optional
        Retention per period; default :func:`estimate_retention` of ``transactions``.
    horizon : int, optional
        Periods to value; default infinite.
    convention : {"courseware", "end", "start"}
        Timing of the first margin (see :func:`clvteach.clv.margin_multiple`).
    lookback : int, optional
        Average the spend over the last ``lookback`` periods only.

    Returns
    -------
    PredictiveCLV
        ``table`` (``revenue``, ``periods``, ``revenue_per_period``,
        ``margin_per_period``, ``predicted_clv`` per customer) and the assumptions
        (``retention``, ``margin_multiple``, ``period_discount_rate``, ...).
    """
    period = _check_period(period)
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    if lookback is not None:
        lookback = check_number("lookback", lookback, low=1, integer=True)
    window = _observed(transactions, amounts=True, caller="predictive_clv")
    # estimate, then value, then the table
    if retention is None:
        retention = _estimate_retention(window, period, False).retention
    d_p = annual_to_period_rate(discount_rate, period=period)
    multiple = margin_multiple(retention=retention, discount_rate=d_p, horizon=horizon,
                               convention=convention)
    spend = _spend_per_period(window, period, lookback)
    per_period = spend["revenue_per_period"].to_numpy()
    table = spend.drop(columns=["previous_revenue_per_period"], errors="ignore")
    table["margin_per_period"] = per_period * margin
    table["predicted_clv"] = per_period * margin * multiple
    if lookback is not None:
        table["previous_revenue_per_period"] = spend["previous_revenue_per_period"]
    return PredictiveCLV(
        table=table, retention=float(retention), period=period, margin=margin,
        margin_multiple=multiple, period_discount_rate=d_p, convention=convention,
        horizon=horizon, lookback=lookback, observation_end=window.end_date)


def _as_predictive(predictive: Any) -> PredictiveCLV:
    """``predictive`` if it is the output of :func:`predictive_clv`; else a TypeError."""
    if not isinstance(predictive, PredictiveCLV):
        raise TypeError(error_text("error.customer.predictive_type", name="predictive",
                                   function="predictive_clv", kind="PredictiveCLV",
                                   type=type(predictive).__name__))
    return predictive


def _trend_factor(predictive: PredictiveCLV, use_trend: bool) -> np.ndarray:
    """min(1, recent / previous spend per period); 1 without a previous window."""
    check_bool("use_trend", use_trend)
    table = predictive.table
    recent = table["revenue_per_period"].to_numpy(dtype=float)
    if not use_trend:
        return np.ones(recent.size)
    if "previous_revenue_per_period" not in table.columns:
        raise ValueError(error_text("error.customer.use_trend", name="use_trend",
                                    call="predictive_clv(..., lookback=L)",
                                    column="'previous_revenue_per_period'"))
    previous = table["previous_revenue_per_period"].to_numpy(dtype=float)
    has_previous = np.isfinite(previous) & (previous > 0)
    ratio = np.divide(recent, previous, out=np.ones(recent.size), where=has_previous)
    return np.minimum(ratio, 1.0)


def spend_benchmark(predictive: PredictiveCLV, *, quantile: float = 0.75) -> float:
    """The benchmark spend per period: a quantile among the customers still buying.

    Customers without spend in the window of ``predictive`` (lost for now) are left out.

    Parameters
    ----------
    predictive : PredictiveCLV
        Output of :func:`predictive_clv`.
    quantile : float
        Quantile of ``revenue_per_period`` among customers with spend, in [0, 1].

    Returns
    -------
    float
        The benchmark revenue per period.
    """
    predictive = _as_predictive(predictive)
    q = check_probability("quantile", quantile)
    revenue = predictive.table["revenue_per_period"].to_numpy(dtype=float)
    active = revenue > 0
    if not active.any():
        raise ValueError(error_text("error.customer.no_spend", name="predictive"))
    return float(np.quantile(revenue[active], q))


def spend_gap_potential(
    predictive: PredictiveCLV,
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

    with success probability :math:`p`, margin :math:`m`, benchmark :math:`R_q`
    (:func:`spend_benchmark`) and the margin multiple :math:`M` of ``predictive``.
    Customers above the benchmark, and customers without spend in the window of
    ``predictive`` (use ``predictive_clv(..., lookback=...)``: they are lost for now),
    have no potential of this kind. Referrals are not modelled, so this potential falls
    as current value rises and a current x potential map collapses onto a line: for
    segmentation use :func:`peak_gap_potential`, which does not depend on the level of
    current spend.

    Parameters
    ----------
    predictive : PredictiveCLV
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
        ``potential_value`` per customer (index of ``predictive.table``).
    """
    predictive = _as_predictive(predictive)
    p = check_probability("success_probability", success_probability)
    benchmark = spend_benchmark(predictive, quantile=check_probability(
        "benchmark_quantile", benchmark_quantile))
    revenue = predictive.table["revenue_per_period"].to_numpy(dtype=float)
    # no recent spend = lost for now: no upgrade potential until won back
    gap = np.where(revenue > 0, np.maximum(benchmark - revenue, 0.0), 0.0)
    value = (p * _trend_factor(predictive, use_trend) * predictive.margin * gap
             * predictive.margin_multiple)
    return pd.Series(value, index=predictive.table.index, name="potential_value")


def peak_spend(
    transactions: Transactions,
    predictive: PredictiveCLV,
    *,
    window: int | None = None,
) -> pd.Series:
    r"""Each customer's peak spend per period: the benchmark of :func:`peak_gap_potential`.

    .. math::

        P_i = \max_t \frac{1}{w_t} \sum_{s=t-w_t+1}^{t} R_{i,s}

    the highest spend per period over ``window`` consecutive periods (:math:`w_t` =
    ``window``, fewer in the customer's first periods), from the acquisition period to
    the observation end's of ``predictive`` (same period unit).

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions ``predictive`` was computed from.
    predictive : PredictiveCLV
        Output of :func:`predictive_clv` (its ``period``, ``lookback`` and
        ``observation_end`` are used).
    window : int, optional
        Periods over which spend is averaged; default the ``lookback`` of ``predictive``
        (so peak and current spend are measured alike), else :data:`DEFAULT_PEAK_WINDOW`.

    Returns
    -------
    pandas.Series
        ``peak_revenue_per_period`` per customer (index of ``predictive.table``).
    """
    predictive = _as_predictive(predictive)
    if window is None:
        window = predictive.lookback or DEFAULT_PEAK_WINDOW
    window = check_number("window", window, low=1, integer=True)
    period = predictive.period
    observed = _observed(transactions, amounts=True, caller="peak_spend")
    observed = observed.log.window(predictive.observation_end)
    act = _activity(observed, period, amounts=True)
    index = predictive.table.index
    if not act.index.equals(index):
        raise ValueError(error_text("error.customer.same_customers", name="transactions",
                                    other="predictive", count=len(act.index),
                                    expected=len(index)))
    first = int(act.cohort.min())
    n_periods = int(_period_index(observed.end_day, period)) - first + 1
    # dense customers x periods spend, then rolling means via cumulative sums
    spend = np.zeros((len(act.index), n_periods))
    np.add.at(spend, (act.code, act.period - first), act.revenue)
    cumulative = np.concatenate([np.zeros((len(act.index), 1)), spend.cumsum(axis=1)], axis=1)
    t = np.arange(n_periods)
    rolling = cumulative[:, t + 1] - cumulative[:, np.maximum(t - window + 1, 0)]
    age = t[None, :] - (act.cohort[:, None] - first) + 1  # periods since acquisition
    mean = np.where(age >= 1, rolling / np.clip(np.minimum(age, window), 1, None), 0.0)
    return pd.Series(mean.max(axis=1), index=index, name="peak_revenue_per_period")


def peak_gap_potential(
    transactions: Transactions,
    predictive: PredictiveCLV,
    *,
    window: int | None = None,
    success_probability: float = 0.3,
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
    :math:`P_i` of :func:`peak_spend`: the highest spend per period over ``window``
    consecutive periods (:math:`w_t` = ``window``, fewer in the customer's first
    periods), from the acquisition period to the observation end's. It is independent of
    the level of current spend: a big spender at his peak has none (to watch, 需警惕), a
    big spender below his peak has a lot (high-value), a lapsed customer with a good past
    is a win-back candidate (growth), one who never spent much has little (low-value).

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions ``predictive`` was computed from.
    predictive : PredictiveCLV
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
        ``potential_value`` per customer (index of ``predictive.table``).

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
    predictive = _as_predictive(predictive)
    p = check_probability("success_probability", success_probability)
    peak = peak_spend(transactions, predictive, window=window).to_numpy()
    current = predictive.table["revenue_per_period"].to_numpy(dtype=float)
    gap = np.maximum(peak - current, 0.0)
    value = p * predictive.margin * gap * predictive.margin_multiple
    return pd.Series(value, index=predictive.table.index, name="potential_value")


def referral_potential(
    predictive: PredictiveCLV,
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
    relative to the benchmark (:func:`spend_benchmark`, capped at 1); customers without
    spend in the window refer nobody:

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
        ``referral_value`` per customer (index of ``predictive.table``).
    """
    predictive = _as_predictive(predictive)
    rho = check_number("referrals_per_period", referrals_per_period, low=0.0)
    value = check_number("value_per_referral", value_per_referral)
    cost = check_number("cost_per_referral", cost_per_referral, low=0.0)
    benchmark = spend_benchmark(predictive, quantile=check_probability(
        "benchmark_quantile", benchmark_quantile))
    revenue = predictive.table["revenue_per_period"].to_numpy(dtype=float)
    active = revenue > 0
    engagement = np.minimum(revenue / benchmark, 1.0) if benchmark > 0 else active * 1.0
    engagement = engagement * _trend_factor(predictive, use_trend)
    return pd.Series(rho * engagement * (value - cost) * predictive.margin_multiple,
                     index=predictive.table.index, name="referral_value")


# --------------------------------------------------------------------------------------
# acquisition channels: estimate -> value -> table
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Channels:
    """The active pairs of a log with each customer's channel and CAC."""

    act: _Activity
    channel_of: np.ndarray  # per customer
    cac_of: np.ndarray  # per customer
    order: list  # channels in table order
    last_complete: int


def _channels(window: ObservationWindow, customers: pd.DataFrame, *, period: str,
              channel_col: str, cac_col: str) -> _Channels:
    """Check ``customers`` and attach channel and CAC to the active customers."""
    check_columns("customers", customers, [channel_col, cac_col])
    cac_values = customers[cac_col].to_numpy(dtype=float)
    if not np.isfinite(cac_values).all() or (cac_values < 0).any():
        raise ValueError(error_text(
            "error.finite_nonnegative", name=f"customers[{cac_col!r}]",
            value=fmt_value(cac_values[~(np.isfinite(cac_values) & (cac_values >= 0))][0])))
    act = _activity(window, period, amounts=True)
    position = customers.index.get_indexer(act.index)
    if (position < 0).any():
        missing = act.index[int(np.flatnonzero(position < 0)[0])]
        raise ValueError(error_text("error.customer.missing_customer", name="customers",
                                    other="transactions", value=fmt_value(missing)))
    channel_of = customers[channel_col].to_numpy()[position]
    channels = customers[channel_col]
    if isinstance(channels.dtype, pd.CategoricalDtype):  # keep the table's channel order
        order = [c for c in channels.cat.categories if (channel_of == c).any()]
    else:
        order = sorted(pd.unique(channel_of), key=str)
    return _Channels(act=act, channel_of=channel_of, cac_of=cac_values[position], order=order,
                     last_complete=_last_complete_period(window, period))


def _estimates(ch: _Channels) -> pd.DataFrame:
    rows = []
    for channel in ch.order:  # a handful of channels
        member = ch.channel_of == channel
        at_risk, retained = _retention_counts(ch.act, ch.last_complete, True, member)
        rows.append({
            "channel": channel,
            "customers": int(member.sum()),
            "cac": float(ch.cac_of[member].mean()),
            "retention": retained / at_risk if at_risk else float("nan"),
            "revenue_per_active_period": float(ch.act.revenue[member[ch.act.code]].mean()),
        })
    return pd.DataFrame(rows).set_index("channel")


def channel_estimates(
    transactions: Transactions,
    customers: pd.DataFrame,
    *,
    period: PeriodName | Period = "month",
    channel_col: str = "channel",
    cac_col: str = "cac",
) -> pd.DataFrame:
    """Estimation step of :func:`channel_economics`: what each channel's customers do.

    Parameters
    ----------
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; they need amounts).
    customers : pandas.DataFrame
        One row per customer, indexed by customer ID, with ``channel_col`` and ``cac_col``
        (e.g. the ``customers`` table of :func:`clvteach.datasets.simulate_coffee_shop`).
    period : {"week", "month", "quarter", "year"} or Period
        The period unit.
    channel_col, cac_col : str
        Columns of ``customers`` with the acquisition channel and the acquisition cost.

    Returns
    -------
    pandas.DataFrame
        One row per channel (index ``channel``): ``customers``, ``cac`` (mean),
        ``retention`` (pooled retention per period *including* the acquisition period,
        :func:`estimate_retention`: the chance that a customer active in a period buys
        again in the next one, one-off buyers included; NaN if never observed) and
        ``revenue_per_active_period`` (mean revenue of an active customer-period).
    """
    period = _check_period(period)
    window = _observed(transactions, amounts=True, caller="channel_estimates")
    return _estimates(_channels(window, customers, period=period, channel_col=channel_col,
                                cac_col=cac_col))


@dataclass(frozen=True)
class ChannelValue:
    """Result of :func:`channel_value`: a channel's new customer, valued.

    Attributes
    ----------
    clv : float
        Value of a newly acquired customer (NaN where retention is unknown or 1).
    clv_cac : float
        :func:`clvteach.clv.clv_cac_ratio` (inf for a CAC of 0).
    verdict : str
        :func:`clvteach.clv.clv_cac_verdict` (healthy >= 3, thin 1-3, losing < 1), or
        ``"unknown"``.
    payback_periods : float
        :func:`clvteach.clv.payback_period` under the same model (discounted); NaN if
        never paid back or unknown.
    """

    clv: float
    clv_cac: float
    verdict: str
    payback_periods: float


def channel_value(
    *,
    retention: float,
    revenue_per_active_period: float,
    cac: float,
    margin: float,
    discount_rate: float,
    period: PeriodName | Period = "month",
    horizon: int | None = None,
) -> ChannelValue:
    r"""Valuation step of :func:`channel_economics`: CLV, CLV : CAC and payback.

    .. math::

        \text{CLV} = m \,\bar R\, M(r, d_p, T)

    with the ``"start"`` convention of :func:`clvteach.clv.margin_multiple` (the
    acquisition period is certain and not discounted), over ``horizon`` periods (default:
    infinite); :math:`d_p` is the annual ``discount_rate`` converted to the period.

    Parameters
    ----------
    retention : float
        Retention per period (as in :func:`channel_estimates`; NaN or 1 give NaN values).
    revenue_per_active_period : float
        Mean revenue of an active customer-period.
    cac : float
        Acquisition cost per customer, >= 0.
    margin, discount_rate, period, horizon
        As in :func:`predictive_clv`.

    Returns
    -------
    ChannelValue
        ``clv``, ``clv_cac``, ``verdict``, ``payback_periods``.
    """
    period = _check_period(period)
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    cac = check_number("cac", cac, low=0.0)
    revenue = check_number("revenue_per_active_period", revenue_per_active_period, low=0.0)
    if not (isinstance(retention, (float, np.floating)) and np.isnan(retention)):
        retention = check_probability("retention", retention)  # NaN: not estimable
    if not (np.isfinite(retention) and retention < 1):
        return ChannelValue(clv=float("nan"), clv_cac=float("nan"), verdict="unknown",
                            payback_periods=float("nan"))
    d_p = annual_to_period_rate(discount_rate, period=period)
    clv = margin * revenue * margin_multiple(
        retention=retention, discount_rate=d_p, horizon=horizon, convention="start")
    ratio = clv_cac_ratio(clv=clv, cac=cac) if cac > 0 else float("inf")
    payback = payback_period(
        cac=cac, annual_revenue=revenue * periods_per_year(period), margin=margin,
        retention=period_to_annual_retention(retention, period=period),
        discount_rate=discount_rate, period=period, convention="start")
    return ChannelValue(clv=float(clv), clv_cac=float(ratio),
                        verdict=clv_cac_verdict(ratio) if np.isfinite(ratio) else "unknown",
                        payback_periods=np.nan if payback is None else float(payback))


def _observed_payback(act: _Activity, member: np.ndarray, margin: float, cac: float,
                      last_complete: int) -> float:
    """Smallest n such that customers observed for >= n complete periods have, on average,
    brought a cumulative margin >= CAC in their first n periods (NaN if none)."""
    if cac == 0:
        return 0.0
    k = act.period - act.cohort[act.code]
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


def _observed_paybacks(ch: _Channels, margin: float) -> pd.Series:
    values = []
    for channel in ch.order:
        member = ch.channel_of == channel
        values.append(_observed_payback(ch.act, member, margin, float(ch.cac_of[member].mean()),
                                        ch.last_complete))
    return pd.Series(values, index=pd.Index(ch.order, name="channel"),
                     name="observed_payback_periods", dtype=float)


def observed_payback(
    transactions: Transactions,
    customers: pd.DataFrame,
    *,
    margin: float,
    period: PeriodName | Period = "month",
    channel_col: str = "channel",
    cac_col: str = "cac",
) -> pd.Series:
    """Payback period per channel as the data shows it (no model, no discounting).

    The first number of periods n after which the channel's customers' realised
    cumulative margin, averaged over the customers observed at least n complete periods,
    covers the channel's mean CAC; NaN if not within the data, 0 for a CAC of 0.

    Parameters
    ----------
    transactions, customers, period, channel_col, cac_col
        As in :func:`channel_estimates`.
    margin : float
        Gross margin in [0, 1].

    Returns
    -------
    pandas.Series
        ``observed_payback_periods`` per channel (index ``channel``).
    """
    period = _check_period(period)
    margin = check_probability("margin", margin)
    window = _observed(transactions, amounts=True, caller="observed_payback")
    ch = _channels(window, customers, period=period, channel_col=channel_col, cac_col=cac_col)
    return _observed_paybacks(ch, margin)


def channel_economics(
    transactions: Transactions,
    customers: pd.DataFrame,
    *,
    margin: float,
    discount_rate: float,
    period: PeriodName | Period = "month",
    horizon: int | None = None,
    channel_col: str = "channel",
    cac_col: str = "cac",
) -> pd.DataFrame:
    r"""CLV, CLV : CAC and payback period per acquisition channel (courseware step 3).

    For each channel, from its customers' transactions (:func:`channel_estimates`, then
    :func:`channel_value` and :func:`observed_payback`):

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
    transactions : DataFrame, TransactionLog or ObservationWindow
        The transactions (see the module notes; they need amounts).
    customers : pandas.DataFrame
        One row per customer, indexed by customer ID, with ``channel_col`` and ``cac_col``
        (e.g. the ``customers`` table of :func:`clvteach.datasets.simulate_coffee_shop`).
    margin, discount_rate, period, horizon
        As in :func:`predictive_clv`.
    channel_col, cac_col : str
        Columns of ``customers`` with the acquisition channel and the acquisition cost.

    Returns
    -------
    pandas.DataFrame
        One row per channel (index ``channel``).
    """
    period = _check_period(period)
    margin = check_probability("margin", margin)
    discount_rate = check_rate("discount_rate", discount_rate)
    window = _observed(transactions, amounts=True, caller="channel_economics")
    ch = _channels(window, customers, period=period, channel_col=channel_col, cac_col=cac_col)
    estimates = _estimates(ch)
    values = [channel_value(retention=row.retention,
                            revenue_per_active_period=row.revenue_per_active_period,
                            cac=row.cac, margin=margin, discount_rate=discount_rate,
                            period=period, horizon=horizon)
              for row in estimates.itertuples()]
    table = estimates[["customers", "cac", "retention"]].copy()
    table["margin_per_active_period"] = margin * estimates["revenue_per_active_period"]
    for name in ("clv", "clv_cac", "verdict", "payback_periods"):
        table[name] = [getattr(v, name) for v in values]
    table["observed_payback_periods"] = _observed_paybacks(ch, margin)
    return table
