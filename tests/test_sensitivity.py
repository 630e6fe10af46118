"""Sensitivity of CLV to the eight factors: tornado data and curves."""
from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clvteach as ct
from clvteach import sensitivity as sensitivity_module

EIGHT = ("horizon", "discount_rate", "retention", "revenue_change", "maintenance_cost",
         "purchase_value", "referral_value", "data_value")


def test_eight_factors_of_the_courseware():
    assert ct.FACTOR_KEYS == EIGHT
    assert [f.zh for f in ct.FACTORS] == ["时间长度", "贴现率", "保留率", "收入变化", "维系成本",
                                          "购买价值", "口碑价值", "信息价值"]
    for f in ct.FACTORS:
        assert f.parameter in ct.CustomerCase.__dataclass_fields__


def test_base_value_is_zhang_san_exact_total():
    exact = ct.clv_summary()["value"].iloc[-1]
    assert ct.case_value() == pytest.approx(exact)
    assert round(ct.case_value(), 1) == 8866.9
    assert ct.case_value(metric="current") == pytest.approx(3058.700163, abs=1e-6)
    assert ct.case_value(metric="potential") == pytest.approx(exact - 4320 - 3058.700163,
                                                              abs=1e-6)


def test_tornado_table():
    table = ct.tornado()
    assert set(table["factor"]) == set(EIGHT) and len(table) == 8
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    assert np.allclose(table["value_base"], ct.case_value())
    row = table.set_index("factor").loc["retention"]
    assert row["value_low"] == pytest.approx(ct.case_value(ct.ZHANG_SAN.replace(retention=0.7)))
    assert row["value_high"] == pytest.approx(ct.case_value(ct.ZHANG_SAN.replace(retention=0.9)))
    assert row["swing"] == pytest.approx(row["value_high"] - row["value_low"])


def test_tornado_directions_match_the_courseware():
    for method in ("courseware", "spread"):
        table = ct.tornado(method=method).set_index("factor")
        for f in ct.FACTORS:
            up = table.loc[f.key, "value_high"] > table.loc[f.key, "value_low"]
            assert up == (f.direction in ("+", "+/-")), (method, f.key)


def test_tornado_custom_ranges():
    table = ct.tornado(ranges={"retention": (0.5, 0.95)}).set_index("factor")
    assert table.loc["retention", "low_input"] == 0.5
    assert table.loc["retention", "value_high"] == pytest.approx(
        ct.case_value(ct.ZHANG_SAN.replace(retention=0.95)))


def test_referral_reward_charged_once_in_courseware_method_only():
    none = ct.ZHANG_SAN.replace(referrals_per_year=0)
    assert ct.case_value(none, metric="potential") == pytest.approx(
        720 * 0.3 * 3058.700163 / 1440 - 500, abs=1e-5)
    assert ct.case_value(none, metric="potential", method="spread") == pytest.approx(
        720 * 0.3 * 3058.700163 / 1440, abs=1e-5)


@pytest.mark.parametrize("factor", EIGHT)
def test_curves_move_in_the_documented_direction(factor):
    curve = ct.sensitivity_curve(factor, num=11)
    steps = np.diff(curve["value"].to_numpy())
    spec = {f.key: f for f in ct.FACTORS}[factor]
    if spec.direction == "-":
        assert np.all(steps < 0)
    else:
        assert np.all(steps > 0)
    assert curve["is_base"].sum() <= 1


def test_horizon_has_diminishing_returns():
    steps = np.diff(ct.sensitivity_curve("horizon")["value"].to_numpy())
    assert np.all(np.diff(steps) < 0)
    assert ct.sensitivity_curve("horizon")["input"].tolist() == list(range(1, 21))


def test_curves_long_format():
    curves = ct.sensitivity_curves(num=5)
    assert set(curves["factor"]) == set(EIGHT)
    assert {"factor", "parameter", "input", "value", "is_base"} <= set(curves)


@settings(max_examples=50, deadline=None)
@given(r1=st.floats(0.0, 0.95), r2=st.floats(0.0, 0.95), d=st.floats(0.0, 0.3),
       method=st.sampled_from(["courseware", "spread"]))
def test_total_clv_rises_with_retention(r1, r2, d, method):
    lo, hi = sorted((r1, r2))
    case = ct.ZHANG_SAN.replace(discount_rate=d)
    v_lo = ct.case_value(case.replace(retention=lo), method=method)
    v_hi = ct.case_value(case.replace(retention=hi), method=method)
    assert v_lo <= v_hi + 1e-9


def test_docstring_examples_run():
    result = doctest.testmod(sensitivity_module)
    assert result.attempted >= 2 and result.failed == 0
