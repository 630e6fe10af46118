"""Period units and the conversion of annual rates to per-period rates.

Every rate in clvteach is a rate *per period*, and the period is named explicitly
(``period="year"``, ``"quarter"``, ``"month"`` or ``"week"``). The number of periods in a
year is stated here once, in :data:`PERIODS_PER_YEAR`; there is no hidden "30-day month".
A week is taken as 1/52 of a year (52 weeks; the 1.25 extra days are ignored on purpose
and documented, not hidden).

Three kinds of quantities convert differently:

- **amounts** (revenue, cost per year) are spread evenly: ``amount / n``;
- **compound rates** (discount rate, revenue growth) keep the same yearly compounding:
  :math:`(1 + i_\\text{year})^{1/n} - 1`;
- **survival probabilities** (retention) multiply over the periods of a year:
  :math:`r_\\text{year}^{1/n}`, so that ``n`` periods of retention give the annual one.

References
----------
.. [1] Courseware chapter 6, "客户价值的分析与获取", section 3 (Zhang San: annual fee,
   annual churn 20 %, discount rate 10 % per year). Courseware ch. 6, 客户价值的分析与获取.
.. [2] Gupta, S., Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
   Marketing*, 17(1), 9-24 (the retention-discount margin multiple per period).
"""
from __future__ import annotations

from dataclasses import dataclass

from ._validation import check_choice, check_number, check_retention

__all__ = [
    "PERIODS_PER_YEAR",
    "PeriodUnit",
    "period_unit",
    "periods_per_year",
    "annual_to_period_rate",
    "period_to_annual_rate",
    "annual_to_period_retention",
    "period_to_annual_retention",
    "annual_to_period_amount",
    "years_to_periods",
]

#: Periods in one year for each named period unit (explicit, no day counts involved).
PERIODS_PER_YEAR: dict[str, int] = {"year": 1, "quarter": 4, "month": 12, "week": 52}

_ZH = {"year": "年", "quarter": "季度", "month": "月", "week": "周"}


@dataclass(frozen=True)
class PeriodUnit:
    """A named period unit: ``name`` (``"month"``), ``zh`` (``"月"``), ``per_year`` (12)."""

    name: str
    zh: str
    per_year: int


def period_unit(period: str) -> PeriodUnit:
    """Return the :class:`PeriodUnit` of ``period``: ``"year"``, ``"quarter"``, ``"month"``, ``"week"``.

    Examples
    --------
    >>> period_unit("month").per_year
    12
    """
    check_choice("period", period, PERIODS_PER_YEAR)
    return PeriodUnit(name=period, zh=_ZH[period], per_year=PERIODS_PER_YEAR[period])


def periods_per_year(period: str) -> int:
    """Number of ``period`` units in one year (12 for ``"month"``, 52 for ``"week"``)."""
    return period_unit(period).per_year


def annual_to_period_rate(rate: float, *, period: str) -> float:
    """Convert an annual compound rate (discount rate, growth) to a per-period rate.

    .. math:: i_p = (1 + i_\\text{year})^{1/n} - 1

    where :math:`n` is :func:`periods_per_year`. Compounding :math:`i_p` over :math:`n`
    periods gives back :math:`i_\\text{year}` exactly; dividing by 12 would not.

    Parameters
    ----------
    rate : float
        Annual rate, greater than -1 (a negative growth rate is allowed).
    period : str
        Target period unit.

    Examples
    --------
    >>> round(annual_to_period_rate(0.1, period="month"), 6)
    0.007974
    """
    rate = check_number("rate", rate, low=-1.0, low_open=True, finite=True)
    n = periods_per_year(period)
    if n == 1:  # exact: (1 + 0.1) ** 1 - 1 is 0.10000000000000009 in binary floating point
        return rate
    return (1.0 + rate) ** (1.0 / n) - 1.0


def period_to_annual_rate(rate: float, *, period: str) -> float:
    """Inverse of :func:`annual_to_period_rate`: :math:`(1 + i_p)^n - 1`."""
    rate = check_number("rate", rate, low=-1.0, low_open=True, finite=True)
    n = periods_per_year(period)
    if n == 1:
        return rate
    return (1.0 + rate) ** n - 1.0


def annual_to_period_retention(retention: float, *, period: str) -> float:
    """Convert an annual retention (survival) probability to a per-period one.

    .. math:: r_p = r_\\text{year}^{1/n}

    Surviving :math:`n` periods in a row then has probability :math:`r_\\text{year}`.
    Zhang San's annual retention 0.8 is a monthly retention of about 0.98158.

    Examples
    --------
    >>> round(annual_to_period_retention(0.8, period="month"), 5)
    0.98158
    """
    retention = check_retention("retention", retention)
    return retention ** (1.0 / periods_per_year(period))


def period_to_annual_retention(retention: float, *, period: str) -> float:
    """Inverse of :func:`annual_to_period_retention`: :math:`r_p^n`."""
    retention = check_retention("retention", retention)
    return retention ** periods_per_year(period)


def annual_to_period_amount(amount: float, *, period: str) -> float:
    """Spread an annual amount (revenue, cost) evenly over the periods: ``amount / n``."""
    amount = check_number("amount", amount, finite=True)
    return amount / periods_per_year(period)


def years_to_periods(years: float, *, period: str) -> float:
    """Number of periods in ``years`` years (``years * n``); ``years`` must be >= 0."""
    years = check_number("years", years, low=0.0, finite=True)
    return years * periods_per_year(period)

