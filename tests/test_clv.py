"""CLV math: the courseware's Zhang San case to the last yuan, conventions, properties."""
from __future__ import annotations

import doctest
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clvteach as ct
from clvteach import clv as clv_module

ZS = dict(annual_revenue=2400, margin=0.6, retention=0.8, discount_rate=0.1)
UPGRADE = dict(upgrade_revenue=3600, upgrade_probability=0.3, referrals_per_year=0.5,
               referral_cost=500)


def exact_current_value(years: int) -> float:
    """Independent exact rational arithmetic for Zhang San."""
    q = Fraction(4, 5) / Fraction(11, 10)
    return float(1440 * sum(q ** t for t in range(1, years + 1)))


# --------------------------------------------------------------------- courseware numbers
def test_historical_value_zhang_san():
    assert ct.historical_value(annual_revenue=2400, margin=0.6, years=3) == 4320


def test_dcf_table_courseware_rounding_reproduces_printed_rows():
    table = ct.dcf_table(**ZS, horizon=5, rounding="courseware")
    assert table["year"].tolist() == [1, 2, 3, 4, 5]
    assert table["retention"].tolist() == [0.8, 0.64, 0.512, 0.41, 0.328]
    assert table["discount_factor"].tolist() == [0.909, 0.826, 0.751, 0.683, 0.621]
    assert table["profit"].tolist() == [1152.0, 921.6, 737.3, 590.4, 472.3]
    assert table["present_value"].tolist() == [1047.2, 761.2, 553.7, 403.2, 293.3]
    assert table["cumulative_present_value"].iloc[-1] == 3058.6


def test_dcf_table_columns_and_exact_rows():
    table = ct.dcf_table(**ZS, horizon=5)
    for col in ["year", "retention", "profit", "discount_factor", "present_value",
                "cumulative_present_value"]:
        assert col in table.columns
    assert table["present_value"].round(1).tolist() == [1047.3, 761.7, 553.9, 402.9, 293.0]
    expected = [1440 * 0.8 ** t / 1.1 ** t for t in range(1, 6)]
    np.testing.assert_allclose(table["present_value"], expected, rtol=1e-12)
    np.testing.assert_allclose(table["cumulative_present_value"], np.cumsum(expected))


def test_current_value_three_numbers_of_the_course():
    exact = ct.current_value(**ZS, horizon=5)
    assert exact == pytest.approx(exact_current_value(5), abs=1e-9)
    assert round(exact, 1) == 3058.7  # exact 5-year value (the course brief's 3060.2 is a typo)
    assert ct.current_value(**ZS, horizon=5, rounding="courseware") == 3058
    assert ct.current_value(**ZS) == pytest.approx(1440 * 0.8 / (1.1 - 0.8), rel=1e-12)
    assert ct.current_value(**ZS) == pytest.approx(3840)


def test_potential_value_courseware():
    pv = ct.potential_value(**ZS, **UPGRADE, rounding="courseware")
    assert pv.upgrade_extra_profit == 720
    assert pv.multiplier == 2.12
    assert pv.upgrade == 458  # 720 * 0.3 * 2.12 = 457.92
    assert pv.referral == 1029  # 0.5 * 3058 - 500
    assert pv.total == 1487
    assert pv.current_value == 3058


def test_potential_value_unrounded_courseware_formula():
    pv = ct.potential_value(**ZS, **UPGRADE)
    cv = exact_current_value(5)
    assert pv.multiplier == pytest.approx(cv / 1440)
    assert pv.upgrade == pytest.approx(720 * 0.3 * cv / 1440)
    assert pv.referral == pytest.approx(0.5 * cv - 500)


def test_potential_value_spread_counts_every_year_with_churn_and_discounting():
    pv = ct.potential_value(**ZS, **UPGRADE, method="spread")
    annuity = sum((0.8 / 1.1) ** t for t in range(1, 6))
    cv = 1440 * annuity
    assert pv.multiplier == pytest.approx(annuity)
    assert pv.referral == pytest.approx(0.5 * (cv - 500) * annuity)
    assert pv.upgrade == pytest.approx(720 * 0.3 * annuity)
    # spreading over five years is worth more than the courseware's single year
    assert pv.referral > ct.potential_value(**ZS, **UPGRADE).referral


def test_potential_value_data_value_and_new_customer_value():
    pv = ct.potential_value(**ZS, **UPGRADE, data_value=100, new_customer_value=1000)
    assert pv.data == pytest.approx(100 * pv.multiplier)
    assert pv.referral == pytest.approx(0.5 * 1000 - 500)
    assert pv.total == pytest.approx(pv.upgrade + pv.referral + pv.data)


def test_clv_summary_courseware_total_8865():
    table = ct.clv_summary(rounding="courseware")
    assert table["component"].tolist() == ["historical", "current", "potential", "total"]
    assert table["value"].tolist() == [4320, 3058, 1487, 8865]
    assert table["component_zh"].iloc[-1] == "客户终生价值"


def test_clv_summary_overrides_and_exact_total():
    exact = ct.clv_summary()
    assert exact["value"].iloc[-1] == pytest.approx(exact["value"].iloc[:3].sum())
    assert exact["value"].iloc[1] == pytest.approx(exact_current_value(5))
    higher = ct.clv_summary(retention=0.9)
    assert higher["value"].iloc[-1] > exact["value"].iloc[-1]
    assert ct.ZHANG_SAN.retention == 0.8  # frozen default untouched


def test_simple_formulas():
    assert ct.simple_clv(annual_revenue=40, years=10) == 400
    assert ct.simple_clv(annual_revenue=40, years=10, cost=50) == 350
    assert ct.aov_clv(average_order_value=100, purchase_frequency=4, lifespan=3,
                      margin=0.5) == 600


def test_clv_cac_ratio_and_verdict():
    assert ct.clv_cac_ratio(clv=8865, cac=2955) == 3.0
    assert ct.clv_cac_verdict(3.0) == "healthy"
    assert ct.clv_cac_verdict(2.0) == "thin"
    assert ct.clv_cac_verdict(0.5) == "losing"


def test_payback_period():
    # cumulative exact PV: 1047.3, 1808.9, 2362.9, 2765.7, ...
    assert ct.payback_period(cac=1000, **ZS) == 1
    assert ct.payback_period(cac=1808, **ZS) == 2
    assert ct.payback_period(cac=2000, **ZS) == 3
    assert ct.payback_period(cac=3839, **ZS) is not None
    assert ct.payback_period(cac=3841, **ZS) is None  # above the infinite-horizon value
    assert ct.payback_period(cac=2000, **ZS, discounted=False) == 2  # 1152 + 921.6
    assert ct.payback_period(cac=0, **ZS) == 0


# --------------------------------------------------------------------- conventions
@pytest.mark.parametrize(
    ("convention", "closed_form"),
    [("courseware", 1440 * 0.8 / 0.3), ("end", 1440 / 0.3), ("start", 1440 * 1.1 / 0.3)],
)
def test_three_textbook_formulas(convention, closed_form):
    assert ct.current_value(**ZS, convention=convention) == pytest.approx(closed_form)
    assert ct.current_value(**ZS, convention=convention, horizon=400) == pytest.approx(
        closed_form, rel=1e-12)
    assert ct.margin_multiple(retention=0.8, discount_rate=0.1,
                              convention=convention) == pytest.approx(closed_form / 1440)
    assert ct.CONVENTIONS[convention].formula in ct.current_value.__doc__


def test_margin_multiple_finite_is_current_value_over_margin():
    m = ct.margin_multiple(retention=0.8, discount_rate=0.1, horizon=5)
    assert m * 1440 == pytest.approx(ct.current_value(**ZS, horizon=5))


def test_growth_and_maintenance_closed_forms():
    value = ct.current_value(**ZS, growth=0.05, maintenance_cost=100)
    expected = 0.8 * (1440 / (1.1 - 0.8 * 1.05) - 100 / (1.1 - 0.8))
    assert value == pytest.approx(expected)
    assert ct.current_value(**ZS, growth=0.05, maintenance_cost=100,
                            horizon=600) == pytest.approx(expected, rel=1e-10)


def test_monthly_period_uses_per_period_rates():
    monthly = ct.dcf_table(**ZS, horizon=12, period="month")
    r = 0.8 ** (1 / 12)
    d = 1.1 ** (1 / 12) - 1
    assert monthly["retention"].iloc[-1] == pytest.approx(0.8)
    assert monthly["discount_factor"].iloc[-1] == pytest.approx(1 / 1.1)
    assert monthly["present_value"].iloc[0] == pytest.approx(200 * 0.6 * r / (1 + d))
    assert monthly["year"].iloc[-1] == pytest.approx(1.0)
    inf = ct.current_value(**ZS, period="month")
    assert inf == pytest.approx(120 * r / (1 + d - r))


def test_docstring_examples_run():
    result = doctest.testmod(clv_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 5
    assert result.failed == 0


def test_divergent_infinite_growth_is_a_clear_error():
    with pytest.raises(ValueError, match="growth must be below"):
        ct.current_value(**ZS, growth=0.5)


def test_case_replace_rejects_unknown_field():
    with pytest.raises(TypeError, match="retension must be one of the CustomerCase fields"):
        ct.ZHANG_SAN.replace(retension=0.9)


# --------------------------------------------------------------------- properties
settings_fast = settings(max_examples=50, deadline=None)
retentions = st.floats(0.0, 0.98)
rates = st.floats(0.0, 0.5)
margins = st.floats(0.01, 1.0)
revenues = st.floats(1.0, 1e5)
horizons = st.integers(1, 40)


# Each input moves the current value one way (+1 up, -1 down), the others held fixed:
# field -> (its values, direction, strategies replacing the defaults for the others).
MONOTONE = {
    "retention": (retentions, +1, {}),
    "discount_rate": (rates, -1, {}),
    "margin": (margins, +1, {}),
    "horizon": (horizons, +1, {"retention": st.floats(0.01, 0.98)}),
    "maintenance_cost": (st.floats(0, 1e4), -1, {"retention": st.floats(0.01, 0.98),
                                                 "annual_revenue": st.just(2400),
                                                 "margin": st.just(0.6)}),
}
OTHERS = dict(annual_revenue=revenues, margin=margins, retention=retentions,
              discount_rate=rates, horizon=horizons)


@pytest.mark.parametrize("field", list(MONOTONE))
@settings_fast
@given(data=st.data())
def test_current_value_is_monotone_in_each_input(field, data):
    values, direction, overrides = MONOTONE[field]
    kw = {name: data.draw(strategy, label=name)
          for name, strategy in {**OTHERS, **overrides}.items() if name != field}
    lo, hi = sorted((data.draw(values, label=field), data.draw(values, label=field)))
    at_lo = ct.current_value(**kw, **{field: lo})
    at_hi = ct.current_value(**kw, **{field: hi})
    if direction > 0:
        assert at_lo <= at_hi + 1e-9
    else:
        assert at_hi <= at_lo + 1e-9


@settings_fast
@given(r=st.floats(0.0, 0.9), d=st.floats(0.01, 0.5), m=margins, rev=revenues)
def test_long_finite_horizon_converges_to_closed_form(r, d, m, rev):
    kw = dict(annual_revenue=rev, margin=m, retention=r, discount_rate=d)
    closed = ct.current_value(**kw)
    # remaining tail after T periods is closed * (r/(1+d))**T; T=400 makes it negligible
    assert ct.current_value(horizon=400, **kw) == pytest.approx(closed, rel=1e-9, abs=1e-9)


@settings_fast
@given(r=st.floats(0.01, 0.98), d=rates, m=margins, rev=revenues,
       h=st.one_of(st.none(), horizons))
def test_conventions_differ_exactly_as_formulas_say(r, d, m, rev, h):
    kw = dict(annual_revenue=rev, margin=m, retention=r, discount_rate=d, horizon=h)
    course = ct.current_value(convention="courseware", **kw)
    end = ct.current_value(convention="end", **kw)
    start = ct.current_value(convention="start", **kw)
    assert end == pytest.approx(course / r, rel=1e-9)
    assert start == pytest.approx(end * (1 + d), rel=1e-9)
    if h is None:
        assert course == pytest.approx(rev * m * r / (1 + d - r), rel=1e-9)
        assert end == pytest.approx(rev * m / (1 + d - r), rel=1e-9)
        assert start == pytest.approx(rev * m * (1 + d) / (1 + d - r), rel=1e-9)


@settings_fast
@given(r=st.floats(0.0, 0.98), d=rates, h=horizons)
def test_courseware_rounding_stays_close_to_exact(r, d, h):
    kw = dict(ZS, retention=r, discount_rate=d, horizon=h)
    exact = ct.current_value(**kw)
    rounded = ct.current_value(**kw, rounding="courseware")
    # rows rounded to 0.1 on flows rounded at 3 decimals: error per row below ~1 yuan + 1 floor
    assert abs(exact - rounded) <= 1 + h * 1.5
    assert float(rounded).is_integer()


def test_dcf_table_is_a_dataframe_with_integer_period():
    table = ct.dcf_table(**ZS, horizon=3)
    assert isinstance(table, pd.DataFrame)
    assert table["period"].tolist() == [1, 2, 3]
    assert len(ct.dcf_table(**ZS, horizon=0)) == 0
    assert ct.current_value(**ZS, horizon=0) == 0
    assert math.isclose(ct.current_value(**ZS, horizon=1), 1440 * 0.8 / 1.1)


def test_potential_value_split_into_two_methods_taking_the_case():
    # courseware ch. 6: potential ≈ 458 + 1029 = 1487 for Zhang San
    by_case = ct.potential_value_courseware(ct.ZHANG_SAN, rounding="courseware")
    assert (by_case.upgrade, by_case.referral, by_case.total) == (458.0, 1029.0, 1487.0)
    assert ct.potential_value_courseware(rounding="courseware") == by_case  # default: Zhang San
    wide = dict(annual_revenue=2400, margin=0.6, retention=0.8, discount_rate=0.1, horizon=5,
                upgrade_revenue=3600, upgrade_probability=0.3, referrals_per_year=0.5,
                referral_cost=500)
    assert ct.potential_value(**wide, rounding="courseware") == by_case
    spread = ct.potential_value_spread(ct.ZHANG_SAN)
    assert spread == ct.potential_value(**wide, method="spread")
    assert round(spread.referral, 1) == 2717.5 and spread.method == "spread"
    richer = ct.ZHANG_SAN.replace(data_value=100.0)
    assert ct.potential_value_spread(richer).data == pytest.approx(100 * spread.multiplier)
    with pytest.raises(TypeError, match="case must be a CustomerCase"):
        ct.potential_value_courseware({"annual_revenue": 2400})
    # the wide form is the case with some inputs changed by name
    assert ct.potential_value(rounding="courseware") == by_case
    richer_plan = ct.ZHANG_SAN.replace(annual_revenue=3000.0, referral_cost=400.0)
    assert ct.potential_value(richer_plan) == ct.potential_value(annual_revenue=3000.0,
                                                                 referral_cost=400.0)
    with pytest.raises(TypeError, match="upgrade_chance must be one of the CustomerCase fields"):
        ct.potential_value(upgrade_chance=0.3)
    hist, current, potential = ct.clv_components(ct.ZHANG_SAN, method="courseware",
                                                 convention="courseware",
                                                 rounding="courseware")
    assert (hist, current, potential.total) == (4320.0, 3058.0, 1487.0)
