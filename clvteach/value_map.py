"""The current value × potential value map: values per customer and percentile cut-offs.

Step 4 of the courseware's CLV analysis splits customers by current and potential value
(courseware ch. 6, 客户价值的分析与获取). This module prepares the data of that map:
:func:`customer_values` gives both values per customer (from a customer table or from
transactions), :func:`percentile_thresholds` turns cut-offs chosen as percentiles into
values, and :func:`starting_percentile` chooses a meaningful first cut. The segments
themselves are :func:`clvteach.clv_segments`; the picture is
:func:`clvteach.plot_segment_map`; the segment explorer wires the three together.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import customer
from ._validation import check_array, check_number, error_text

__all__ = ["customer_values", "percentile_thresholds", "starting_percentile"]


def customer_values(data: Any, *, margin: float = 0.3, discount_rate: float = 0.1,
                    lookback: int | None = None,
                    success_probability: float = 0.3) -> pd.DataFrame:
    """``current_value`` and ``potential_value`` per customer, from customers or transactions.

    Parameters
    ----------
    data : pandas.DataFrame or data set bundle
        One row per customer with the columns ``current_value`` and ``potential_value``
        (returned as they are), or transactions (``customer_id``, ``date``, ``amount``;
        e.g. ``ct.datasets.load_cdnow()``, or a bundle with ``.transactions``).
    margin, discount_rate, lookback, success_probability
        For transactions only: current value is :func:`clvteach.predictive_clv` (gross
        ``margin``, annual ``discount_rate``, monthly periods, only the last
        ``lookback`` months if given) and potential value
        :func:`clvteach.peak_gap_potential` (the extra spend up to the customer's own
        past peak, times ``success_probability``; independent of the level of current
        spend). Illustrative defaults, not from the data.

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``current_value``, ``potential_value`` (floats).

    Examples
    --------
    >>> import pandas as pd
    >>> customer_values(pd.DataFrame({"current_value": [1, 2], "potential_value": [3, 4]}))
       current_value  potential_value
    0            1.0              3.0
    1            2.0              4.0
    """
    data = getattr(data, "transactions", data)  # e.g. a simulated data set bundle
    if not isinstance(data, pd.DataFrame):
        raise TypeError(error_text("error.dataframe", name="data", type=type(data).__name__))
    if {"current_value", "potential_value"} <= set(data.columns):
        return data[["current_value", "potential_value"]].astype(float)
    if {"customer_id", "date", "amount"} <= set(data.columns):
        predictive = customer.predictive_clv(data, margin=margin, discount_rate=discount_rate,
                                             period="month", lookback=lookback)
        potential = customer.peak_gap_potential(data, predictive,
                                                success_probability=success_probability)
        return pd.DataFrame({"current_value": predictive.table["predicted_clv"].astype(float),
                             "potential_value": potential.astype(float)})
    raise ValueError(error_text("error.value_map.columns", name="data",
                                per_customer="current_value, potential_value",
                                transactions="customer_id, date, amount",
                                have=", ".join(map(str, data.columns))))


def percentile_thresholds(current_value: Any, potential_value: Any, *,
                          current_percentile: float = 0.5,
                          potential_percentile: float = 0.5) -> tuple[float, float]:
    """The current and potential value at the given percentiles: the segments' cut-offs.

    Parameters
    ----------
    current_value, potential_value : array-like
        One value per customer (yuan).
    current_percentile, potential_percentile : float, default 0.5
        Where to cut each axis, as a share of customers in [0, 1] (0.5 = the median;
        0.8 = only the top 20 % count as "high").

    Returns
    -------
    (float, float)
        ``(current_threshold, potential_threshold)`` for :func:`clvteach.clv_segments`.

    Examples
    --------
    >>> percentile_thresholds([1, 2, 3, 4, 5], [10, 20, 30, 40, 50], current_percentile=0.75)
    (4.0, 30.0)
    """
    current = check_array("current_value", current_value, min_length=1)
    potential = check_array("potential_value", potential_value, min_length=1)
    c_share = check_number("current_percentile", current_percentile, low=0, high=1)
    p_share = check_number("potential_percentile", potential_percentile, low=0, high=1)
    return float(np.quantile(current, c_share)), float(np.quantile(potential, p_share))


def starting_percentile(values: Any) -> float:
    """A meaningful starting cut for one value axis, as a percentile on the 5 % grid.

    The median, unless many customers share the smallest value (lapsed customers with a
    current value of 0): then the median cut would be that smallest value itself, every
    customer above it would count as "high" and the low segments would hold no value. The
    cut then starts at the median of the customers *above* the smallest value, i.e. at
    percentile ``s + (1 - s) / 2`` where ``s`` is the share at the minimum. Snapped to
    a 5 % grid and kept within [0.05, 0.95].

    Examples
    --------
    >>> starting_percentile([1.0, 2.0, 3.0, 4.0])
    0.5
    >>> starting_percentile([0.0] * 8 + [5.0, 7.0])  # 80 % lapsed: cut among the rest
    0.9
    """
    arr = np.asarray(values, dtype=float)
    at_min = float(np.mean(arr <= arr.min())) if arr.size else 0.0
    if np.quantile(arr, 0.5) > arr.min() or at_min >= 1.0:
        return 0.5
    start = at_min + (1.0 - at_min) / 2.0
    return float(min(0.95, max(0.05, round(start * 20) / 20)))
