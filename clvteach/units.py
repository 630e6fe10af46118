"""Period units and the conversion of annual rates to per-period rates.

Every rate in clvteach is a rate *per period*, and the period is named explicitly
(``period="year"``, ``"quarter"``, ``"month"`` or ``"week"``). The number of periods in a
year and the length in days of each period are stated here once, in the :class:`Period`
constants (:data:`YEAR`, :data:`QUARTER`, :data:`MONTH`, :data:`WEEK`, :data:`DAY`);
there is no hidden "30-day month". A week is taken as 1/52 of a year for rates (52 weeks;
the 1.25 extra days are ignored on purpose and documented, not hidden) and as 7 days for
durations between dates; a year of dates has 365.25 days (:data:`DAYS_PER_YEAR`).

Three kinds of quantities convert differently:

- **amounts** (revenue, cost per year) are spread evenly: ``amount / n``;
- **compound rates** (discount rate, revenue growth) keep the same yearly compounding:
  :math:`(1 + i_\\text{year})^{1/n} - 1`;
- **survival probabilities** (retention) multiply over the periods of a year:
  :math:`r_\\text{year}^{1/n}`, so that ``n`` periods of retention give the annual one.

References
----------
.. [1] Courseware chapter 6, "客户价值的分析与获取", section 3 (Zhang San: annual fee,
   annual churn 20 %, discount rate 10 % per year).
.. [2] Gupta, S., Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
   Marketing*, 17(1), 9-24 (the retention-discount margin multiple per period).
"""
from __future__ import annotations

from dataclasses import dataclass

from ._validation import check_choice, check_number, check_retention

__all__ = [
    "DAYS_PER_YEAR",
    "MONTHS_PER_YEAR",
    "QUARTERS_PER_YEAR",
    "WEEKS_PER_YEAR",
    "Period",
    "PeriodUnit",
    "YEAR",
    "QUARTER",
    "MONTH",
    "WEEK",
    "DAY",
    "PERIODS",
    "PERIODS_PER_YEAR",
    "as_period",
    "period_unit",
    "periods_per_year",
    "annual_to_period_rate",
    "period_to_annual_rate",
    "annual_to_period_retention",
    "period_to_annual_retention",
    "annual_to_period_amount",
    "years_to_periods",
]

#: Days in a year for durations between calendar dates (the Julian year: leap years included).
DAYS_PER_YEAR = 365.25
#: Months in a year.
MONTHS_PER_YEAR = 12
#: Quarters in a year.
QUARTERS_PER_YEAR = 4
#: Weeks in a year for rates and amounts (a week is 1/52 year; see the module notes).
WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class Period:
    """A named unit of time, the one period type of clvteach.

    Attributes
    ----------
    name : str
        ``"year"``, ``"quarter"``, ``"month"``, ``"week"`` or ``"day"``.
    zh : str
        Chinese name (``"月"``).
    per_year : float
        Periods in one year, for rates and amounts (12 for a month, 52 for a week).
    days : float
        Length in days, for durations between calendar dates (7 for a week,
        365.25 / 12 = 30.4375 for a month).
    code : str
        One-letter code of the RFM functions' ``time_unit`` (``"D"``, ``"W"``, ``"M"``,
        ``"Q"``, ``"Y"``).

    A week is 1/52 year when converting rates but 7 days when measuring durations: the
    1.25 days a year between the two are ignored on purpose (documented, not hidden).
    """

    name: str
    zh: str
    per_year: float
    days: float = 0.0
    code: str = ""

    def __post_init__(self) -> None:
        # backwards compatible with the former PeriodUnit(name, zh, per_year)
        if not self.days:
            object.__setattr__(self, "days", PERIODS[self.name].days)
        if not self.code:
            object.__setattr__(self, "code", PERIODS[self.name].code)

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> float:
        """Length of one period in years (``1 / per_year``)."""
        return 1.0 / self.per_year

    def per(self, other: Period | str) -> float:
        """How many of this period fit in one ``other`` (``WEEK.per("month")`` = 52/12)."""
        return self.per_year / as_period(other).per_year


#: Backwards-compatible name of :class:`Period`.
PeriodUnit = Period

YEAR = Period("year", "年", 1, DAYS_PER_YEAR, "Y")
QUARTER = Period("quarter", "季度", QUARTERS_PER_YEAR, DAYS_PER_YEAR / QUARTERS_PER_YEAR, "Q")
MONTH = Period("month", "月", MONTHS_PER_YEAR, DAYS_PER_YEAR / MONTHS_PER_YEAR, "M")
WEEK = Period("week", "周", WEEKS_PER_YEAR, 7.0, "W")
DAY = Period("day", "天", DAYS_PER_YEAR, 1.0, "D")

#: Every period by name.
PERIODS: dict[str, Period] = {p.name: p for p in (YEAR, QUARTER, MONTH, WEEK, DAY)}
_BY_CODE: dict[str, Period] = {p.code: p for p in PERIODS.values()}

#: Periods in one year for each named period unit of the rate conversions.
PERIODS_PER_YEAR: dict[str, int] = {p.name: int(p.per_year) for p in (YEAR, QUARTER, MONTH, WEEK)}


def as_period(value: Period | str, *, name: str = "period",
              choices: tuple[str, ...] | None = None) -> Period:
    """The :class:`Period` named by ``value``: a Period, a name (``"week"``) or a code (``"W"``).

    ``choices`` restricts the accepted names or codes (the error lists them, as given).
    """
    if isinstance(value, Period):
        if choices is not None and value.name not in choices and value.code not in choices:
            check_choice(name, value.name, choices)
        return value
    if choices is not None:
        check_choice(name, value, choices)
    if isinstance(value, str) and value in PERIODS:
        return PERIODS[value]
    if isinstance(value, str) and value in _BY_CODE:
        return _BY_CODE[value]
    check_choice(name, value, list(PERIODS))
    raise AssertionError("unreachable")  # pragma: no cover


def period_unit(period: Period | str) -> Period:
    """Return the :class:`Period` of ``period``: ``"year"``, ``"quarter"``, ``"month"``, ``"week"``.

    Examples
    --------
    >>> period_unit("month").per_year
    12
    """
    return as_period(period, choices=tuple(PERIODS_PER_YEAR))


def periods_per_year(period: Period | str) -> int:
    """Number of ``period`` units in one year (12 for ``"month"``, 52 for ``"week"``)."""
    return int(period_unit(period).per_year)


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

