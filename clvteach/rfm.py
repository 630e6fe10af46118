r"""Recency, frequency, monetary value: from a transaction log to one row per customer.

Two views of the same log:

- :func:`rfm_summary` — the summary of the customer-base-analysis literature (Fader,
  Hardie & Lee 2005; the ``lifetimes`` and ``pymc-marketing`` packages), the input of the
  BG/NBD, Pareto/NBD and Gamma-Gamma models: ``frequency`` = number of *repeat* purchase
  occasions, ``recency`` = time from the first to the last purchase, ``T`` = time from the
  first purchase to the end of observation, ``monetary`` = mean value of the repeat
  purchases. :func:`calibration_and_holdout_data` splits the log in time for validation.
- :func:`rfm_table`, :func:`rfm_scores`, :func:`rfm_segments` — the marketing RFM model
  used to layer customers (客户分层): recency = time *since* the last purchase, frequency =
  number of purchase occasions, monetary = total spend; quintile scores 1-5 and named
  segments from the documented rule table :data:`RFM_SEGMENT_RULES`.

The transaction log
-------------------
Every function here and in :mod:`clvteach.customer` takes ``transactions`` either as a
DataFrame with the default columns ``customer_id``, ``date`` (and ``amount``), validated
on each call with the default policies, or as a :class:`TransactionLog` built once with
``TransactionLog.from_frame(df, customer_col=..., date_col=..., amount_col=...,
returns=..., duplicates=...)``: other column names and policies are given there, once,
and the checks below run once.

Conventions shared by all functions here
----------------------------------------
- A *purchase occasion* is a calendar day: several transaction lines of one customer on
  the same day are merged (their amounts add). Time of day is ignored.
- Durations are measured in days between calendar dates and expressed in ``time_unit``:
  ``"D"`` (1 day), ``"W"`` (7 days), ``"M"`` (365.25/12 = 30.4375 days) or ``"Y"``
  (365.25 days). So T for a CDNOW customer who first bought on 1997-01-01, observed until
  1997-09-30, is 272 / 7 = 38.86 weeks, as in the literature. (``lifetimes`` and
  ``pymc-marketing`` with ``freq="W"`` instead bin the dates into calendar weeks and give
  whole numbers; pass ``time_unit="D"`` there and divide by 7 to compare.)
- Transactions after ``observation_end`` are outside the window and not used; the
  :class:`ObservationWindow` of the log counts them, with the rows left out while
  validating (never dropped silently):
  ``TransactionLog.from_frame(df, ...).window(observation_end).excluded``.
- Bad input raises ``ValueError``/``TypeError`` naming the column, the rule and an
  offending value: missing columns, missing customer IDs, missing or unparseable dates,
  non-numeric or missing amounts, an empty table, an ``observation_end`` before the first
  purchase.
- Returns (negative amounts): ``returns="raise"`` (default) raises; ``returns="drop"``
  removes those rows, warns with their count and records it in the log's
  ``excluded["returns"]``. Zero amounts are valid purchases.
- Duplicate rows (identical in every column): ``duplicates="keep"`` (default) treats
  them as separate lines of the same purchase occasion — real logs contain them (CDNOW
  master has 255: two identical CDs bought on one day); they never change frequency,
  recency or T, only the occasion's value. ``"drop"`` removes the repeats (counted,
  warned, reported); ``"raise"`` refuses them.
- A customer with a single purchase occasion has ``frequency = 0``, ``recency = 0`` and
  ``monetary = 0`` (no repeat purchase to average), as in the literature.

References
----------
Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284.

Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). RFM and CLV: using iso-value curves
for customer base analysis. *Journal of Marketing Research*, 42(4), 415-430.

Davidson-Pilon, C. *lifetimes*: ``lifetimes.utils.summary_data_from_transaction_data``
and ``calibration_and_holdout_data``; PyMC Labs, *pymc-marketing*:
``pymc_marketing.clv.utils.rfm_summary``.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._validation import check_choice, check_columns, check_number, error_text, fmt_value
from .units import DAY, MONTH, WEEK, YEAR, Period, as_period

__all__ = [
    "ObservationWindow",
    "Occasions",
    "RFM_SEGMENT_RULES",
    "TIME_UNIT_DAYS",
    "TransactionLog",
    "day_to_timestamp",
    "calibration_and_holdout_data",
    "rfm_scores",
    "rfm_segments",
    "rfm_summary",
    "rfm_table",
]

#: Length of one time unit in days (``"M"`` and ``"Y"`` are average Julian lengths); the
#: lengths are those of the :class:`~clvteach.units.Period` constants.
TIME_UNIT_DAYS: dict[str, float] = {p.code: p.days for p in (DAY, WEEK, MONTH, YEAR)}

ReturnsPolicy = Literal["raise", "drop"]
DuplicatesPolicy = Literal["keep", "drop", "raise"]


# --------------------------------------------------------------------------------------
# The transaction log, validated once (used by clvteach.customer and the models too)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TransactionLog:
    """A transaction log validated once: one entry per kept row, as numpy arrays.

    Build it with :meth:`from_frame` (which applies the checks and policies described in
    the module notes) and pass it instead of a DataFrame to any function of
    :mod:`clvteach.rfm` or :mod:`clvteach.customer` (their column and policy arguments
    are then not needed): the log is not validated or prepared again.

    Attributes
    ----------
    customers : numpy.ndarray
        Customer ID of each row (original values).
    day : numpy.ndarray
        Purchase date of each row, as int64 days since 1970-01-01.
    amount : numpy.ndarray or None
        Amount of each row (float64), or None for a log without amounts.
    excluded : dict
        Rows left out while validating, by reason (``"returns"``, ``"duplicates"``).
    customer_col : str
        Name of the customer ID (index name of the results).

    Examples
    --------
    >>> import clvteach as ct
    >>> log = ct.TransactionLog.from_frame(ct.datasets.load_cdnow(), amount_col="amount")
    >>> log.n_customers, str(log.first_date.date()), str(log.last_date.date())
    (2357, '1997-01-01', '1998-06-30')
    """

    customers: np.ndarray
    day: np.ndarray
    amount: np.ndarray | None
    excluded: dict[str, int]
    customer_col: str = "customer_id"

    @classmethod
    def from_frame(
        cls,
        transactions: pd.DataFrame | TransactionLog,
        *,
        customer_col: str = "customer_id",
        date_col: str = "date",
        amount_col: str | None = None,
        returns: ReturnsPolicy = "raise",
        duplicates: DuplicatesPolicy = "keep",
        caller: str = "TransactionLog.from_frame",
    ) -> TransactionLog:
        """Validate a DataFrame of transactions (see the module notes for the rules).

        ``caller`` names the function in the warnings about dropped rows.
        """
        return _prepare(transactions, customer_col=customer_col, date_col=date_col,
                        amount_col=amount_col, returns=returns, duplicates=duplicates,
                        caller=caller)

    def __len__(self) -> int:
        return int(self.day.size)

    @property
    def n_customers(self) -> int:
        """Number of distinct customers."""
        return int(pd.unique(self.customers).size)

    @property
    def first_date(self) -> pd.Timestamp:
        """Date of the first purchase in the log."""
        return day_to_timestamp(int(self.day.min()))

    @property
    def last_date(self) -> pd.Timestamp:
        """Date of the last purchase in the log."""
        return day_to_timestamp(int(self.day.max()))

    def window(self, observation_end: Any = None, *,
               name: str = "observation_end") -> ObservationWindow:
        """The rows on or before ``observation_end`` (default: the last purchase date).

        Raises ``ValueError`` if ``observation_end`` precedes every purchase.
        """
        first_purchase = int(self.day.min())
        end_day = (int(self.day.max()) if observation_end is None
                   else _observation_day(observation_end, name))
        if end_day < first_purchase:
            raise ValueError(error_text("error.rfm.end_before_first", name=name,
                                        first=day_to_timestamp(first_purchase).date(),
                                        value=day_to_timestamp(end_day).date()))
        inside = self.day <= end_day
        n_after = int(inside.size - np.count_nonzero(inside))
        log = self
        if n_after:
            log = TransactionLog(
                customers=self.customers[inside], day=self.day[inside],
                amount=None if self.amount is None else self.amount[inside],
                excluded=self.excluded, customer_col=self.customer_col)
        return ObservationWindow(log=log, end_day=end_day, after_end=n_after)

    def occasions(self, *, with_total: bool = False) -> Occasions:
        """Per-customer purchase-occasion statistics (a purchase occasion is a day)."""
        return _occasions(self.customers, self.day, self.amount, self.customer_col,
                          with_total=with_total)


@dataclass(frozen=True)
class ObservationWindow:
    """The part of a :class:`TransactionLog` up to an observation end day.

    Attributes
    ----------
    log : TransactionLog
        The rows on or before the end day.
    end_day : int
        The observation end, as days since 1970-01-01 (see :attr:`end_date`).
    after_end : int
        Number of rows after the end day, left out.
    """

    log: TransactionLog
    end_day: int
    after_end: int

    @property
    def end_date(self) -> pd.Timestamp:
        """The observation end as a Timestamp."""
        return day_to_timestamp(self.end_day)

    @property
    def excluded(self) -> dict[str, int]:
        """All rows left out, by reason (validation, then ``"after_observation_end"``)."""
        return {**self.log.excluded, "after_observation_end": self.after_end}


def _to_days(values: pd.Series, column: str) -> np.ndarray:
    """Calendar days since 1970-01-01 (int64) of a date column; raise on bad dates."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)  # keep the local calendar day
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
            raise TypeError(error_text("error.rfm.dates_dtype", name=f"transactions[{column!r}]",
                                       dtype=values.dtype))
        missing = values.isna().to_numpy()
        if missing.any():
            row = values.index[int(np.flatnonzero(missing)[0])]
            raise ValueError(error_text("error.rfm.missing_dates",
                                        name=f"transactions[{column!r}]",
                                        count=int(missing.sum()), row=fmt_value(row)))
        try:
            parsed = pd.to_datetime(values, errors="coerce")
        except (TypeError, ValueError) as exc:  # e.g. mixed time zones
            raise ValueError(error_text("error.rfm.dates", name=f"transactions[{column!r}]",
                                        error=exc)) from None
        bad = parsed.isna().to_numpy()
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise ValueError(error_text("error.rfm.parseable_dates",
                                        name=f"transactions[{column!r}]", count=int(bad.sum()),
                                        value=fmt_value(values.iloc[first]),
                                        row=fmt_value(values.index[first])))
        values = parsed
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_localize(None)
    arr = values.to_numpy()
    missing = np.isnat(arr)
    if missing.any():
        row = values.index[int(np.flatnonzero(missing)[0])]
        raise ValueError(error_text("error.rfm.missing_dates", name=f"transactions[{column!r}]",
                                    count=int(missing.sum()), row=fmt_value(row)))
    unit, count = np.datetime_data(arr.dtype)
    per_day = _TICKS_PER_DAY.get(unit)
    if per_day is None or count != 1:
        return arr.astype("datetime64[D]").astype(np.int64)
    return arr.view(np.int64) // per_day  # floor division: the calendar day, also pre-1970


_TICKS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000,
                  "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _to_amounts(values: pd.Series, column: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(values.dtype):
        raise TypeError(error_text("error.rfm.numeric", name=f"transactions[{column!r}]",
                                   dtype=values.dtype))
    arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(error_text("error.rfm.finite_numbers", name=f"transactions[{column!r}]",
                                    count=int(bad.sum()), value=repr(arr[first]),
                                    row=fmt_value(values.index[first])))
    return arr


def _prepare(
    transactions: Any,
    *,
    customer_col: str,
    date_col: str,
    amount_col: str | None,
    returns: str,
    duplicates: str,
    caller: str,
) -> TransactionLog:
    if isinstance(transactions, TransactionLog):  # validated once, when it was built
        if amount_col is not None and transactions.amount is None:
            raise ValueError(error_text("error.rfm.needs_amounts", caller=caller,
                                        log="TransactionLog",
                                        call="TransactionLog.from_frame(..., amount_col=...)"))
        if amount_col is None and transactions.amount is not None:
            transactions = replace(transactions, amount=None)
        return transactions
    columns = [customer_col, date_col] + ([amount_col] if amount_col is not None else [])
    check_columns("transactions", transactions, columns)
    check_choice("returns", returns, ["raise", "drop"])
    check_choice("duplicates", duplicates, ["keep", "drop", "raise"])
    if len(transactions) == 0:
        raise ValueError(error_text("error.rfm.min_rows", name="transactions"))
    excluded: dict[str, int] = {}
    frame = transactions
    if duplicates != "keep":
        dup = frame.duplicated(keep="first").to_numpy()
        if dup.any():
            if duplicates == "raise":
                row = frame.index[int(np.flatnonzero(dup)[0])]
                raise ValueError(error_text("error.rfm.duplicates", name="transactions",
                                            option="duplicates", strict="'raise'", keep="'keep'",
                                            drop="'drop'", count=int(dup.sum()),
                                            row=fmt_value(row)))
            frame = frame.loc[~dup]
            excluded["duplicates"] = int(dup.sum())
            warnings.warn(
                error_text("error.rfm.dropped_duplicates", caller=caller, count=int(dup.sum()),
                           option="duplicates='drop'"),
                UserWarning,
                stacklevel=3,
            )
    ids = frame[customer_col]
    missing_id = ids.isna().to_numpy()
    if missing_id.any():
        row = ids.index[int(np.flatnonzero(missing_id)[0])]
        raise ValueError(error_text("error.rfm.missing_ids", name=f"transactions[{customer_col!r}]",
                                    count=int(missing_id.sum()), row=fmt_value(row)))
    day = _to_days(frame[date_col], date_col)
    amount = None
    customers = ids.to_numpy()
    if amount_col is not None:
        amount = _to_amounts(frame[amount_col], amount_col)
        negative = amount < 0
        if negative.any():
            n_neg = int(negative.sum())
            if returns == "raise":
                first = int(np.flatnonzero(negative)[0])
                raise ValueError(error_text("error.rfm.returns", name=f"transactions[{amount_col!r}]",
                                            count=n_neg, value=f"{amount[first]:g}",
                                            row=fmt_value(frame.index[first]),
                                            option="returns='drop'"))
            keep = ~negative
            customers, day, amount = customers[keep], day[keep], amount[keep]
            excluded["returns"] = n_neg
            warnings.warn(
                error_text("error.rfm.dropped_returns", caller=caller, count=n_neg,
                           column=repr(amount_col), option="returns='drop'"),
                UserWarning,
                stacklevel=3,
            )
            if len(day) == 0:
                raise ValueError(error_text("error.rfm.only_returns", name="transactions"))
    return TransactionLog(customers=customers, day=day, amount=amount, excluded=excluded,
                          customer_col=customer_col)


def _observation_day(observation_end: Any, name: str = "observation_end") -> int:
    try:
        stamp = pd.Timestamp(observation_end)
    except (TypeError, ValueError):
        raise ValueError(error_text("error.date", name=name,
                                    value=fmt_value(observation_end))) from None
    if stamp is pd.NaT:
        raise ValueError(error_text("error.date", name=name, value=fmt_value(observation_end)))
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return int(np.datetime64(stamp.to_datetime64(), "D").astype(np.int64))


def _prepared(transactions: Any, amount_col: str | None, *, caller: str) -> TransactionLog:
    """A :class:`TransactionLog` as it is, or a DataFrame validated with the default columns
    (``customer_id``, ``date``) and policies (see :meth:`TransactionLog.from_frame`)."""
    return _prepare(transactions, customer_col="customer_id", date_col="date",
                    amount_col=amount_col, returns="raise", duplicates="keep", caller=caller)


def day_to_timestamp(day: int) -> pd.Timestamp:
    """A day number (days since 1970-01-01, as in :class:`TransactionLog`) as a Timestamp."""
    return pd.Timestamp(np.datetime64(int(day), "D"))


_day_to_timestamp = day_to_timestamp


def _unit_days(time_unit: str | Period) -> float:
    """Days in one ``time_unit``: a code ``"D"``, ``"W"``, ``"M"``, ``"Y"`` or a Period."""
    if isinstance(time_unit, Period):
        return as_period(time_unit, name="time_unit", choices=tuple(TIME_UNIT_DAYS)).days
    check_choice("time_unit", time_unit, list(TIME_UNIT_DAYS))
    return TIME_UNIT_DAYS[time_unit]


def _dense_codes(customers: np.ndarray) -> tuple[np.ndarray, int, np.ndarray | None, Any]:
    """Per-row integer slot, number of slots, and how to map slots back to IDs.

    Compact integer IDs (the common case) use ``id - min`` directly: O(n), no hashing.
    Other IDs go through :func:`pandas.factorize` (sorted, so slots follow the IDs).
    """
    if customers.dtype.kind in "iu" and customers.size:
        low, high = int(customers.min()), int(customers.max())
        if high - low <= 4 * customers.size + 1_000_000:
            return (customers - low).astype(np.intp, copy=False), high - low + 1, None, low
    codes, uniques = pd.factorize(customers, sort=True)
    return codes.astype(np.intp, copy=False), len(uniques), np.asarray(uniques), None


@dataclass(frozen=True)
class Occasions:
    """Per-customer purchase-occasion statistics, customers sorted by ID.

    A purchase occasion is a calendar day with at least one row of the customer.
    Days are numbers of days since 1970-01-01.
    """

    index: pd.Index
    first_day: np.ndarray
    last_day: np.ndarray
    occasions: np.ndarray  # number of purchase days (>= 1)
    repeat_total: np.ndarray | None  # amount spent after the first purchase day
    total: np.ndarray | None  # amount spent in all (only if asked for)


def _occasions(customers: np.ndarray, day: np.ndarray, amount: np.ndarray | None,
               name: str, *, with_total: bool = False) -> Occasions:
    """Vectorised: one integer key per row (customer slot, day), one ``np.sort``.

    The key packs the day offset into the low bits, so splitting sorted keys back into
    (customer, day) is a shift and a mask. Same-day lines give equal keys: the distinct
    keys are the purchase occasions.
    """
    slot, n_slots, uniques, low = _dense_codes(customers)
    d0 = int(day.min())
    bits = max(int(day.max()) - d0, 1).bit_length()
    # 32-bit keys when they fit (the usual case): half the memory, twice the sort speed
    key_type = np.int32 if (n_slots << bits) < 2**31 else np.int64
    offset = (day - d0).astype(np.int32)  # day within the window, small
    key = slot.astype(key_type)
    key <<= bits
    key |= offset
    key.sort()
    new = np.empty(key.size, dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    occasion_key = key[new]
    occasion_slot = (occasion_key >> bits).astype(np.intp)
    occasion_offset = (occasion_key & ((1 << bits) - 1)).astype(np.int32)
    occasions = np.bincount(occasion_slot, minlength=n_slots)
    last_pos = np.cumsum(occasions) - 1
    first_offset = np.zeros(n_slots, dtype=np.int32)
    present = occasions > 0
    first_offset[present] = occasion_offset[(last_pos - occasions + 1)[present]]
    first_day = first_offset.astype(np.int64) + d0
    last_day = occasion_offset[last_pos[present]].astype(np.int64) + d0
    repeat_total = total = None
    if amount is not None:
        later = offset != first_offset[slot]
        repeat_total = np.bincount(slot, weights=np.where(later, amount, 0.0),
                                   minlength=n_slots)[present]
        if with_total:
            total = np.bincount(slot, weights=amount, minlength=n_slots)[present]
    if uniques is None:  # dense integer slots
        ids = (np.flatnonzero(present) + low).astype(customers.dtype)
    else:
        ids = uniques[present] if not present.all() else uniques
    return Occasions(
        index=pd.Index(ids, name=name), first_day=first_day[present], last_day=last_day,
        occasions=occasions[present], repeat_total=repeat_total, total=total,
    )


def _window(prepared: TransactionLog, observation_end: Any, name: str = "observation_end"
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int, int]:
    """Rows on or before the end day, as arrays; raise if the end precedes every purchase."""
    w = prepared.window(observation_end, name=name)
    return w.log.customers, w.log.day, w.log.amount, w.end_day, w.after_end


def _summary_columns(occ: Occasions, end_day: int, unit: float) -> dict[str, np.ndarray]:
    """``frequency``, ``recency``, ``T`` (and ``monetary``) of the literature's summary."""
    frequency = occ.occasions - 1
    columns = {
        "frequency": frequency.astype(np.int64),
        "recency": (occ.last_day - occ.first_day) / unit,
        "T": (end_day - occ.first_day) / unit,
    }
    if occ.repeat_total is not None:  # mean value of the repeat purchases, 0 without any
        columns["monetary"] = np.divide(occ.repeat_total, frequency,
                                        out=np.zeros(frequency.size), where=frequency > 0)
    return columns


# --------------------------------------------------------------------------------------
# The literature's summary
# --------------------------------------------------------------------------------------
def rfm_summary(
    transactions: pd.DataFrame | TransactionLog,
    *,
    amount_col: str | None = None,
    observation_end: Any = None,
    time_unit: Literal["D", "W", "M", "Y"] = "W",
) -> pd.DataFrame:
    r"""Frequency, recency, T (and monetary value) per customer, as in the literature.

    For customer :math:`i` with purchase occasions (calendar days) at times
    :math:`t_{i0} < t_{i1} < \dots < t_{ix}` up to the end of observation :math:`\tau`:

    .. math::

        \text{frequency}_i = x_i, \qquad
        \text{recency}_i = t_{x_i} - t_{i0}, \qquad
        T_i = \tau - t_{i0}, \qquad
        \text{monetary}_i = \frac{1}{x_i} \sum_{j=1}^{x_i} v_{ij}

    where :math:`v_{ij}` is the total spend on occasion :math:`j`; ``monetary`` is 0 when
    :math:`x_i = 0`. Times are in ``time_unit`` (see the module notes).

    Parameters
    ----------
    transactions : pandas.DataFrame or TransactionLog
        One row per transaction line: a DataFrame with the columns ``customer_id`` and
        ``date`` (datetime64 or date strings), validated with the default policies, or a
        :class:`TransactionLog` (``TransactionLog.from_frame(df, customer_col=...,
        date_col=..., returns=..., duplicates=...)``: other column names, other policies
        for returns and duplicate rows).
    amount_col : str, optional
        Column with the amount spent; without it there is no ``monetary`` column.
    observation_end : date-like, optional
        Last day of the observation window (inclusive). Default: the last purchase date
        in ``transactions``. Later rows are left out (counted by
        :meth:`TransactionLog.window`).
    time_unit : {"D", "W", "M", "Y"} or Period
        Unit of ``recency`` and ``T``: days, weeks (7 days), months (30.4375 days) or
        years (365.25 days), or the :class:`~clvteach.units.Period` ``DAY``, ``WEEK``,
        ``MONTH``, ``YEAR``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID (sorted), columns ``frequency`` (int64), ``recency``,
        ``T`` and, with ``amount_col``, ``monetary`` (float64). The rows not used are
        counted by the log's window (see the module notes).

    References
    ----------
    Fader, Hardie & Lee (2005), *Marketing Science* 24(2), section 2 (notation
    :math:`x, t_x, T`); lifetimes ``summary_data_from_transaction_data``.

    Examples
    --------
    >>> import clvteach as ct
    >>> s = ct.rfm_summary(ct.datasets.load_cdnow(), observation_end="1997-09-30")
    >>> len(s), round(float(s["T"].iloc[0]), 2)
    (2357, 38.86)
    """
    unit = _unit_days(time_unit)
    prepared = _prepared(transactions, amount_col, caller="rfm_summary")
    customers, day, amount, end_day, _ = _window(prepared, observation_end)
    occ = _occasions(customers, day, amount, prepared.customer_col)
    return pd.DataFrame(_summary_columns(occ, end_day, unit), index=occ.index, copy=False)


def calibration_and_holdout_data(
    transactions: pd.DataFrame | TransactionLog,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    amount_col: str | None = None,
    time_unit: Literal["D", "W", "M", "Y"] = "W",
) -> pd.DataFrame:
    r"""Split the log in time: an RFM summary up to ``calibration_end``, counts after it.

    The calibration part is :func:`rfm_summary` with ``observation_end=calibration_end``
    (columns suffixed ``_cal``). For the same customers the holdout part counts the
    purchase occasions in ``(calibration_end, observation_end]``: ``frequency_holdout``,
    ``monetary_holdout`` (mean spend per holdout occasion, 0 if none) and
    ``duration_holdout`` (length of the holdout window in ``time_unit``). Customers whose
    first purchase falls in the holdout window are not in the result (they are new in the
    holdout: compare ``len(result)`` with the customers of the log's window).

    Parameters
    ----------
    transactions, amount_col, time_unit
        As in :func:`rfm_summary`.
    calibration_end : date-like
        Last day of the calibration period (inclusive).
    observation_end : date-like, optional
        Last day of the holdout period (inclusive); default the last purchase date.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``frequency_cal``, ``recency_cal``, ``T_cal``
        (``monetary_cal``), ``frequency_holdout`` (``monetary_holdout``),
        ``duration_holdout``.

    Notes
    -----
    **Holdout monetary value is per purchase day, as in calibration.** Rows of one
    customer on one day form one purchase occasion (their amounts are summed), so
    ``monetary_holdout`` = holdout spend / ``frequency_holdout``, the same definition as
    ``monetary_cal``. lifetimes' ``calibration_and_holdout_data`` counts
    ``frequency_holdout`` in purchase days too but averages ``monetary_value_holdout``
    over transaction *lines*: on logs with several lines per day (CDNOW has some) its
    holdout mean spend is lower than ours and not comparable with its own calibration
    ``monetary_value``. Compare a Gamma-Gamma forecast with ``monetary_holdout`` here.

    References
    ----------
    lifetimes ``calibration_and_holdout_data``; Fader, Hardie & Lee (2005) use
    calibration 1997-01-01..1997-09-30 and holdout to 1998-06-30 on CDNOW.
    """
    unit = _unit_days(time_unit)
    if calibration_end is None:
        raise ValueError(error_text("error.date", name="calibration_end", value="None"))
    prepared = _prepared(transactions, amount_col, caller="calibration_and_holdout_data")
    end_day = (int(prepared.day.max()) if observation_end is None
               else _observation_day(observation_end))
    cal_day = _observation_day(calibration_end, "calibration_end")
    if cal_day >= end_day:
        raise ValueError(error_text("error.rfm.before", name="calibration_end",
                                    other="observation_end",
                                    limit=_day_to_timestamp(end_day).date(),
                                    value=_day_to_timestamp(cal_day).date()))
    customers, day, amount, cal_day, _ = _window(prepared, calibration_end, "calibration_end")
    occ = _occasions(customers, day, amount, prepared.customer_col)
    result = {f"{name}_cal": column
              for name, column in _summary_columns(occ, cal_day, unit).items()}
    # Holdout rows: (cal_day, end_day], only customers known at calibration end.
    in_holdout = (prepared.day > cal_day) & (prepared.day <= end_day)
    position = occ.index.get_indexer(prepared.customers[in_holdout])
    known = position >= 0
    n_customers = len(occ.index)
    h_codes = position[known]
    h_day = prepared.day[in_holdout][known]
    if h_codes.size:
        span = end_day - cal_day + 1
        key = np.sort(h_codes.astype(np.int64) * span + (h_day - cal_day))
        distinct = np.concatenate(([True], key[1:] != key[:-1]))
        n_occasions = np.bincount(key[distinct] // span, minlength=n_customers)
    else:
        n_occasions = np.zeros(n_customers, dtype=np.int64)
    result["frequency_holdout"] = n_occasions.astype(np.int64)
    if amount is not None:
        h_amount = prepared.amount[in_holdout][known]
        spend = np.bincount(h_codes, weights=h_amount, minlength=n_customers)
        result["monetary_holdout"] = np.divide(spend, n_occasions, out=np.zeros(n_customers),
                                               where=n_occasions > 0)
    result["duration_holdout"] = np.full(n_customers, (end_day - cal_day) / unit)
    return pd.DataFrame(result, index=occ.index)


# --------------------------------------------------------------------------------------
# Marketing RFM: table, quintile scores, named segments
# --------------------------------------------------------------------------------------
def rfm_table(
    transactions: pd.DataFrame | TransactionLog,
    *,
    amount_col: str = "amount",
    observation_end: Any = None,
    time_unit: Literal["D", "W", "M", "Y"] = "D",
) -> pd.DataFrame:
    r"""The marketing RFM table: time since last purchase, purchases, total spend.

    Unlike :func:`rfm_summary` (the modelling summary), this is the table used to layer
    customers (RFM 客户分层): ``recency`` = time from the last purchase to
    ``observation_end`` (smaller is better), ``frequency`` = number of purchase occasions
    including the first, ``monetary`` = total spend in the window. Also returned:
    ``first_purchase`` and ``last_purchase`` dates.

    Parameters are those of :func:`rfm_summary`; ``amount_col`` is required and
    ``time_unit`` defaults to days.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``recency`` (float), ``frequency`` (int64), ``monetary``
        (float), ``first_purchase``, ``last_purchase`` (datetime64).

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus (the RFM method).
    """
    unit = _unit_days(time_unit)
    if amount_col is None:
        raise ValueError(error_text("error.rfm.amount_col", name="amount_col"))
    prepared = _prepared(transactions, amount_col, caller="rfm_table")
    customers, day, amount, end_day, _ = _window(prepared, observation_end)
    occ = _occasions(customers, day, amount, prepared.customer_col, with_total=True)
    return pd.DataFrame(
        {
            "recency": (end_day - occ.last_day) / unit,
            "frequency": occ.occasions.astype(np.int64),
            "monetary": occ.total,
            "first_purchase": occ.first_day.astype("datetime64[D]").astype("datetime64[ns]"),
            "last_purchase": occ.last_day.astype("datetime64[D]").astype("datetime64[ns]"),
        },
        index=occ.index,
    )


def _quantile_score(values: np.ndarray, n_bins: int, *, higher_is_better: bool) -> np.ndarray:
    """1..n_bins by quantile cut points; equal values get equal scores.

    A value sitting exactly on a cut point gets the less favourable score, so heavy ties
    (e.g. most customers bought once) leave some scores unused instead of splitting
    identical customers arbitrarily.
    """
    cuts = np.quantile(values, np.arange(1, n_bins) / n_bins)
    if higher_is_better:
        return 1 + np.searchsorted(cuts, values, side="left")
    return n_bins - np.searchsorted(cuts, values, side="right")


def rfm_scores(table: pd.DataFrame, *, n_bins: int = 5) -> pd.DataFrame:
    r"""Quantile scores 1..``n_bins`` for recency, frequency and monetary value.

    Cut points are the :math:`k/n` quantiles (:math:`k = 1..n-1`) of each column over all
    customers. ``R`` is reversed (the most recent buyers get ``n_bins``); ``F`` and ``M``
    grow with the value. Customers with equal values always get equal scores; a value on a
    cut point gets the lower score, so with heavy ties some scores stay unused (on CDNOW
    most customers bought once, so ``F`` takes only a few values).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`rfm_table` (columns ``recency``, ``frequency``, ``monetary``).
    n_bins : int
        Number of score levels (5 = quintiles).

    Returns
    -------
    pandas.DataFrame
        ``table`` plus integer columns ``R``, ``F``, ``M``, ``rfm_score`` (R + F + M) and
        the string code ``rfm_cell`` (e.g. ``"545"``).

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus (quintile RFM scores).
    """
    check_columns("table", table, ["recency", "frequency", "monetary"])
    n_bins = check_number("n_bins", n_bins, low=2, high=9, integer=True)
    if len(table) == 0:
        raise ValueError(error_text("error.rfm.min_rows", name="table"))
    out = table.copy()
    for column, letter, better in (("recency", "R", False), ("frequency", "F", True),
                                   ("monetary", "M", True)):
        values = table[column].to_numpy(dtype=float)
        if np.isnan(values).any():
            raise ValueError(error_text(
                "error.rfm.nan_column", name=f"table[{column!r}]",
                row=fmt_value(table.index[int(np.flatnonzero(np.isnan(values))[0])])))
        out[letter] = _quantile_score(values, n_bins, higher_is_better=better).astype(np.int64)
    out["rfm_score"] = out["R"] + out["F"] + out["M"]
    out["rfm_cell"] = (out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str))
    return out


#: Named RFM segments on the recency x frequency score grid (5-point scores). Every
#: (R, F) cell belongs to exactly one segment (tested). Widely used "RFM segment map";
#: the Chinese names and actions are the course's.
RFM_SEGMENT_RULES = pd.DataFrame(
    [
        ("champions", "冠军客户", 5, 5, 4, 5,
         "bought recently, buy often", "reward them; early access; ask for referrals"),
        ("loyal", "忠诚客户", 3, 4, 4, 5,
         "buy often, fairly recently", "loyalty programme; up-sell; ask for reviews"),
        ("potential_loyalists", "潜在忠诚客户", 4, 5, 2, 3,
         "recent, a few purchases", "membership offer; recommend related products"),
        ("new_customers", "新客户", 5, 5, 1, 1,
         "first purchase very recently", "onboarding; make the second visit easy"),
        ("promising", "有潜力客户", 4, 4, 1, 1,
         "recent, one purchase", "build awareness; free trial of another product"),
        ("need_attention", "需关注客户", 3, 3, 3, 3,
         "average recency and frequency", "limited-time offer; personalised recommendation"),
        ("about_to_sleep", "即将沉睡客户", 3, 3, 1, 2,
         "falling recency, few purchases", "reactivate with a relevant offer"),
        ("at_risk", "有流失风险客户", 1, 2, 3, 4,
         "bought often, but long ago", "personal win-back message; find out why"),
        ("cant_lose", "不能失去的客户", 1, 2, 5, 5,
         "the best buyers, long gone", "win back at almost any cost; talk to them"),
        ("hibernating", "沉睡客户", 1, 2, 1, 2,
         "long ago, few purchases", "low-cost reminder; otherwise let go"),
    ],
    columns=["segment", "segment_zh", "r_min", "r_max", "f_min", "f_max", "profile", "action"],
)


def rfm_segments(scores: pd.DataFrame, *, rules: pd.DataFrame | None = None) -> pd.Series:
    """Name each customer's segment from its R and F scores with a rule table.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`rfm_scores` with 5-point scores (columns ``R``, ``F``).
    rules : pandas.DataFrame, optional
        Columns ``segment``, ``r_min``, ``r_max``, ``f_min``, ``f_max`` (inclusive score
        ranges); default :data:`RFM_SEGMENT_RULES`. The first matching rule wins; a
        customer matching no rule raises ``ValueError`` (a rule table must cover the grid).

    Returns
    -------
    pandas.Series
        Categorical segment names (categories in rule order), same index as ``scores``.
    """
    rules = RFM_SEGMENT_RULES if rules is None else rules
    check_columns("scores", scores, ["R", "F"])
    check_columns("rules", rules, ["segment", "r_min", "r_max", "f_min", "f_max"])
    r = scores["R"].to_numpy()
    f = scores["F"].to_numpy()
    label = np.full(r.shape, -1)
    for i, rule in enumerate(rules.itertuples(index=False)):  # loop over ~10 rules only
        hit = (label < 0) & (r >= rule.r_min) & (r <= rule.r_max) & (f >= rule.f_min) & (
            f <= rule.f_max)
        label[hit] = i
    if (label < 0).any():
        first = int(np.flatnonzero(label < 0)[0])
        raise ValueError(error_text("error.rfm.rules", name="rules", r=r[first], f=f[first],
                                    row=fmt_value(scores.index[first])))
    names = rules["segment"].tolist()
    return pd.Series(pd.Categorical.from_codes(label, categories=names), index=scores.index,
                     name="segment")
