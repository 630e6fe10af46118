r"""Sensitivity of CLV to the eight factors of the courseware (tornado data and curves).

The courseware lists eight factors that move customer lifetime value (影响因素):

- ``horizon`` 时间长度 (case field ``horizon``, years): + with diminishing returns;
- ``discount_rate`` 贴现率 (``discount_rate``): -;
- ``retention`` 保留率 (``retention``): + and very strong;
- ``revenue_change`` 收入变化 (``growth``, annual revenue growth): + or -;
- ``maintenance_cost`` 维系成本 (``maintenance_cost``, yuan per year): -;
- ``purchase_value`` 购买价值 (``annual_revenue``): +;
- ``referral_value`` 口碑价值 (``referrals_per_year``): +;
- ``data_value`` 信息价值 (``data_value``, yuan per year): +.

The value studied is, by default, the total CLV of :func:`clvteach.clv_summary` computed
exactly (no courseware rounding), so the base case Zhang San gives
4320 + 3058.7 + 1488.2 = 8866.9 yuan (the courseware rounds it to 8865).

With the courseware's referral formula (``method="courseware"``: referrals x value -
reward, one year only) the reward of 500 is charged even at 0 referrals, so the
``referral_value`` low end sits 500 yuan lower than a consistent model would put it; pass
``method="spread"`` (referrals every year while the customer stays, each net of its
reward) for the consistent version, in which retention also becomes the strongest factor.

References
----------
.. [1] Courseware chapter 6 "客户价值的分析与获取", section 3, "计算客户终生价值的影响因素"
   (eight factors and the direction of their effect).
.. [2] Gupta, S., Lehmann, D. R., Stuart, J. A. (2004). Valuing customers. *Journal of
   Marketing Research*, 41(1), 7-18 (retention matters more than margin or discount rate).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._validation import check_array, check_choice, check_instance, check_number, error_text, fmt_value
from .clv import ZHANG_SAN, CustomerCase, clv_components

__all__ = [
    "SensitivityFactor",
    "FACTORS",
    "FACTOR_KEYS",
    "case_value",
    "tornado",
    "sensitivity_curve",
    "sensitivity_curves",
]


@dataclass(frozen=True)
class SensitivityFactor:
    """One of the eight factors: the case field it moves, its effect and default ranges."""

    key: str
    name: str
    zh: str
    parameter: str
    direction: str  # "+", "-" or "+/-"
    low: float
    high: float
    curve_low: float
    curve_high: float
    unit: str
    description: str


#: The eight factors with default tornado ranges (low/high) and curve ranges.
FACTORS: tuple[SensitivityFactor, ...] = (
    SensitivityFactor("horizon", "time horizon", "时间长度", "horizon", "+", 3, 10, 1, 20,
                      "years", "more years -> more CLV, with diminishing returns"),
    SensitivityFactor("discount_rate", "discount rate", "贴现率", "discount_rate", "-",
                      0.05, 0.15, 0.0, 0.3, "per year", "higher rate -> lower CLV"),
    SensitivityFactor("retention", "retention rate", "保留率", "retention", "+", 0.7, 0.9,
                      0.0, 0.95, "per year", "higher retention -> much higher CLV"),
    SensitivityFactor("revenue_change", "revenue change", "收入变化", "growth", "+/-",
                      -0.1, 0.1, -0.2, 0.2, "per year",
                      "rising revenue -> higher CLV; falling -> lower"),
    SensitivityFactor("maintenance_cost", "maintenance cost", "维系成本", "maintenance_cost",
                      "-", 0.0, 240.0, 0.0, 600.0, "yuan per year",
                      "higher cost of keeping the customer -> lower CLV"),
    SensitivityFactor("purchase_value", "purchase value", "购买价值", "annual_revenue", "+",
                      1920.0, 2880.0, 1200.0, 3600.0, "yuan per year",
                      "higher purchases -> higher CLV"),
    SensitivityFactor("referral_value", "referral value", "口碑价值", "referrals_per_year",
                      "+", 0.0, 1.0, 0.0, 2.0, "referrals per year",
                      "more referrals (word of mouth) -> higher CLV"),
    SensitivityFactor("data_value", "data value", "信息价值", "data_value", "+", 0.0, 240.0,
                      0.0, 600.0, "yuan per year",
                      "more valuable customer information -> higher CLV"),
)
FACTOR_KEYS: tuple[str, ...] = tuple(f.key for f in FACTORS)
_BY_KEY = {f.key: f for f in FACTORS}

Metric = Literal["clv", "current", "potential"]
_ROWS = ("clv", "current", "potential")


def _case(case: CustomerCase | None) -> CustomerCase:
    if case is None:
        return ZHANG_SAN
    return check_instance("case", case, CustomerCase)


def case_value(case: CustomerCase | None = None, *, metric: Metric = "clv",
               method: Literal["courseware", "spread"] = "courseware",
               convention: str = "courseware") -> float:
    """The value studied by the sensitivity analysis for one case (exact arithmetic).

    ``metric="clv"`` is the total of :func:`clvteach.clv_summary`; ``"current"`` and
    ``"potential"`` pick that component.

    Examples
    --------
    >>> round(case_value(), 1)
    8866.9
    """
    case = _case(case)
    check_choice("metric", metric, _ROWS)
    check_choice("method", method, ["courseware", "spread"])
    hist, current, potential = clv_components(case, method=method, convention=convention,
                                               rounding=None)
    if metric == "current":
        return current
    if metric == "potential":
        return potential.total
    return hist + current + potential.total


def _factor(factor: Any) -> SensitivityFactor:
    return _BY_KEY[check_choice("factor", factor, FACTOR_KEYS)]


def _with(case: CustomerCase, factor: SensitivityFactor, value: float) -> CustomerCase:
    if factor.parameter == "horizon":
        value = check_number("horizon", value, low=0, integer=True)
    return case.replace(**{factor.parameter: value})


def tornado(
    case: CustomerCase | None = None,
    *,
    ranges: dict[str, tuple[float, float]] | None = None,
    metric: Metric = "clv",
    method: Literal["courseware", "spread"] = "courseware",
    convention: str = "courseware",
) -> pd.DataFrame:
    r"""Tornado data: the value at each factor's low and high input, the others at base.

    For factor :math:`k` with inputs :math:`x_k^-, x_k^+`:

    .. math:: \text{swing}_k = |V(x_k^+) - V(x_k^-)|

    rows sorted by swing, largest first (the top of the tornado).

    Parameters
    ----------
    case : CustomerCase, optional
        Base case; default :data:`~clvteach.ZHANG_SAN`.
    ranges : dict, optional
        ``{factor: (low, high)}`` overriding the defaults in :data:`FACTORS`.
    metric, method, convention
        See :func:`case_value`.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, factor_zh, parameter, direction, low_input, base_input,
        high_input, value_low, value_base, value_high, swing``.

    References
    ----------
    .. [1] Courseware ch. 6, eight factors of CLV.
    """
    case = _case(case)
    ranges = {} if ranges is None else dict(ranges)
    for key, pair in ranges.items():
        _factor(key)
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise TypeError(error_text("error.pair", name=f"ranges[{key!r}]",
                                       value=fmt_value(pair)))
    base_value = case_value(case, metric=metric, method=method, convention=convention)
    rows = []
    for factor in FACTORS:
        low, high = ranges.get(factor.key, (factor.low, factor.high))
        low = check_number(f"ranges[{factor.key!r}] low", low)
        high = check_number(f"ranges[{factor.key!r}] high", high)
        v_low = case_value(_with(case, factor, low), metric=metric, method=method,
                           convention=convention)
        v_high = case_value(_with(case, factor, high), metric=metric, method=method,
                            convention=convention)
        rows.append({
            "factor": factor.key, "factor_zh": factor.zh, "parameter": factor.parameter,
            "direction": factor.direction, "low_input": low,
            "base_input": getattr(case, factor.parameter), "high_input": high,
            "value_low": v_low, "value_base": base_value, "value_high": v_high,
            "swing": abs(v_high - v_low),
        })
    table = pd.DataFrame(rows)
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def sensitivity_curve(
    factor: str,
    case: CustomerCase | None = None,
    *,
    values: Any = None,
    num: int = 41,
    metric: Metric = "clv",
    method: Literal["courseware", "spread"] = "courseware",
    convention: str = "courseware",
) -> pd.DataFrame:
    """The value as one factor moves over a range, the others held at the base case.

    Parameters
    ----------
    factor : str
        One of :data:`FACTOR_KEYS`.
    values : sequence of float, optional
        Inputs to evaluate; default ``num`` points over the factor's curve range
        (whole years ``curve_low..curve_high`` for the horizon).

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, parameter, input, value, is_base``.

    Examples
    --------
    >>> sensitivity_curve("horizon", values=[5])["value"].round(1).tolist()
    [8866.9]
    """
    spec = _factor(factor)
    case = _case(case)
    if values is None:
        num = check_number("num", num, low=2, integer=True)
        if spec.key == "horizon":
            values = np.arange(int(spec.curve_low), int(spec.curve_high) + 1)
        else:
            values = np.linspace(spec.curve_low, spec.curve_high, num)
    else:
        values = check_array("values", values)
    out = []
    base = getattr(case, spec.parameter)
    for x in values:
        x = int(x) if spec.key == "horizon" and float(x).is_integer() else float(x)
        out.append(case_value(_with(case, spec, x), metric=metric, method=method,
                              convention=convention))
    inputs = np.array(values, dtype=float)
    return pd.DataFrame({
        "factor": spec.key, "parameter": spec.parameter, "input": inputs,
        "value": out, "is_base": np.isclose(inputs, np.nan if base is None else base),
    })


def sensitivity_curves(case: CustomerCase | None = None, *, num: int = 41,
                       metric: Metric = "clv",
                       method: Literal["courseware", "spread"] = "courseware",
                       convention: str = "courseware") -> pd.DataFrame:
    """:func:`sensitivity_curve` for all eight factors, stacked (long format)."""
    return pd.concat(
        [sensitivity_curve(f, case, num=num, metric=metric, method=method,
                           convention=convention) for f in FACTOR_KEYS],
        ignore_index=True,
    )
