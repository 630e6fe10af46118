"""Tests that kill surviving mutants of clvteach/clv.py (``make mutation``, issue 17).

Public behaviour only (the module's structure is being reworked): published values of the
courseware's Zhang San case, boundaries, and the parameter and value an error names.
"""
from __future__ import annotations

import math
import re

import pytest

import clvteach as ct


def test_potential_value_as_dict_holds_every_field():
    pv = ct.potential_value_courseware()
    d = pv.as_dict()
    assert d == {"upgrade": pv.upgrade, "referral": pv.referral, "data": 0.0,
                 "total": pytest.approx(1488.155, abs=1e-3), "method": "courseware",
                 "multiplier": pv.multiplier, "current_value": pv.current_value,
                 "upgrade_extra_profit": 720.0}


@pytest.mark.parametrize("field, bad", [
    ("annual_revenue", -1.0), ("margin", 1.5), ("retention", 1.0), ("discount_rate", -0.1),
    ("years_as_customer", -1.0), ("horizon", -1), ("growth", -1.0),
    ("maintenance_cost", -1.0), ("upgrade_revenue", -1.0), ("upgrade_probability", 1.5),
    ("referrals_per_year", -1.0), ("referral_cost", -1.0), ("data_value", -1.0),
])
def test_customer_case_errors_name_the_field_and_value(field, bad):
    with pytest.raises(ValueError, match=rf"^{field}\b") as err:
        ct.ZHANG_SAN.replace(**{field: bad})
    assert re.search(rf"(?<![\d.]){re.escape(f'{bad:g}')}\b", str(err.value))


def test_customer_case_horizon_none_means_for_ever():
    case = ct.ZHANG_SAN.replace(horizon=None)
    assert case.horizon is None
    ever = ct.clv_summary(case)
    assert "ever" in ever["explanation"].iloc[1] and "None" not in ever["explanation"].iloc[1]
    assert "5 years" in ct.clv_summary()["explanation"].iloc[1]


def test_customer_case_replace_lists_the_known_fields():
    with pytest.raises(TypeError, match=r"^colour\b") as err:
        ct.ZHANG_SAN.replace(colour="red")
    for name in ("annual_revenue", "data_value", "referral_cost"):
        assert re.search(rf"\b{name}\b", str(err.value))


def test_clv_summary_labels_and_explanations():
    table = ct.clv_summary()
    # the courseware's terms (glossary): 历史价值, 当前价值, 潜在价值, 客户终生价值
    assert table["component_zh"].tolist() == ["历史价值", "当前价值", "潜在价值", "客户终生价值"]
    assert table["explanation"].iloc[3] == "historical + current + potential"
    assert "data" not in table["explanation"].iloc[2]
    with_data = ct.clv_summary(data_value=100.0)
    assert "data" in with_data["explanation"].iloc[2]


@pytest.mark.parametrize("call, names", [
    (lambda **kw: ct.simple_clv(**{"annual_revenue": 2400, "years": 3, **kw}),
     ["annual_revenue", "cost"]),
    (lambda **kw: ct.aov_clv(**{"average_order_value": 50, "purchase_frequency": 4,
                               "lifespan": 3, "margin": 0.5, **kw}),
     ["average_order_value", "purchase_frequency", "lifespan"]),
    (lambda **kw: ct.margin_multiple(**{"retention": 0.8, "discount_rate": 0.1, **kw}),
     ["discount_rate"]),
])
def test_simple_formulas_name_the_negative_input(call, names):
    for name in names:
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            call(**{name: -1.0})


def test_payback_gives_up_after_ten_thousand_periods_by_default():
    # retention 0.9999, no discounting: cumulative margin 1000 r (1 - r^T) / (1 - r);
    # a CAC between the totals after 10,000 and 10,001 years is paid back in year 10,001,
    # one year past the default limit
    r = 0.9999
    cum = [1000 * r * (1 - r ** T) / (1 - r) for T in (10_000, 10_001)]
    kw = dict(cac=sum(cum) / 2, annual_revenue=1000, margin=1.0, retention=r,
              discount_rate=0.0)
    assert ct.payback_period(**kw) is None
    assert ct.payback_period(**kw, max_periods=10_001) == 10_001


_PLAN = dict(annual_revenue=3000.0, margin=0.5, retention=0.7, discount_rate=0.08,
             horizon=4, growth=0.02, maintenance_cost=100.0, upgrade_revenue=4000.0,
             upgrade_probability=0.4, referrals_per_year=0.8, referral_cost=300.0,
             data_value=50.0)


@pytest.mark.parametrize("method", ["courseware", "spread"])
@pytest.mark.parametrize("convention", ["courseware", "end"])
def test_potential_value_passes_every_input_on(method, convention):
    case = ct.CustomerCase(**_PLAN)
    by_case = (ct.potential_value_courseware if method == "courseware"
               else ct.potential_value_spread)
    for new_value in (None, 1000.0):
        got = ct.potential_value(**_PLAN, method=method, convention=convention,
                                 new_customer_value=new_value)
        want = by_case(case, convention=convention, new_customer_value=new_value)
        assert got == want


def test_potential_value_spread_uses_the_new_customer_value_and_convention():
    pv = ct.potential_value_spread(new_customer_value=1000.0, convention="end")
    m_end = ct.margin_multiple(retention=0.8, discount_rate=0.1, horizon=5, convention="end")
    assert pv.multiplier == pytest.approx(m_end)
    # F = n_ref (V_new - c_ref) M = 0.5 x (1000 - 500) x M
    assert pv.referral == pytest.approx(0.5 * 500 * m_end)


def test_clv_cac_ratio_refuses_infinite_inputs_by_name():
    with pytest.raises(ValueError, match=r"^clv\b"):
        ct.clv_cac_ratio(clv=math.inf, cac=100.0)
    with pytest.raises(ValueError, match=r"^cac\b"):
        ct.clv_cac_ratio(clv=100.0, cac=math.inf)


def test_clv_cac_verdict_boundaries():
    # courseware: profitable only if CLV > CAC; aim for 3 : 1 or more
    assert ct.clv_cac_verdict(3.0) == "healthy"
    assert ct.clv_cac_verdict(1.0) == "thin"
    assert ct.clv_cac_verdict(1.5) == "thin"
    assert ct.clv_cac_verdict(0.999) == "losing"
    with pytest.raises(ValueError, match=r"^ratio\b"):
        ct.clv_cac_verdict(math.nan)


def test_payback_max_periods_is_checked_by_name():
    with pytest.raises(ValueError, match=r"^max_periods\b"):
        ct.payback_period(cac=100, annual_revenue=1000, margin=0.5, retention=0.8,
                          discount_rate=0.1, max_periods=0)


def _cumulative(flows):
    total = 0.0
    for f in flows:
        total += f
    return total


def test_payback_stops_once_survival_is_below_1e_minus_15():
    # retention 0.5, margin 1000 a year, no discounting: flows 1000 x 0.5^t (exact in
    # binary). Survival 0.5^50 = 8.9e-16 < 1e-15 ends the search in year 50, so a CAC
    # that only year 51 would cover is never paid back
    cac = _cumulative(1000.0 * 0.5 ** t for t in range(1, 52))
    assert ct.payback_period(cac=cac, annual_revenue=1000, margin=1.0, retention=0.5,
                             discount_rate=0.0) is None
    cac_50 = _cumulative(1000.0 * 0.5 ** t for t in range(1, 51))
    assert ct.payback_period(cac=cac_50, annual_revenue=1000, margin=1.0, retention=0.5,
                             discount_rate=0.0) == 50


def test_payback_cut_off_counts_the_growth_of_the_margin():
    # retention 0.5, growth 90 %: survival 0.5^t is below 1e-15 from year 50, but the
    # expected margin 1000 x 1.9^(t-1) x 0.5^t = (1000 / 1.9) 0.95^t is still material:
    # the CAC between the totals of years 59 and 60 is paid back in year 60
    total = [1000 / 1.9 * 0.95 * (1 - 0.95 ** T) / 0.05 for T in (59, 60)]
    assert ct.payback_period(cac=sum(total) / 2, annual_revenue=1000, margin=1.0,
                             retention=0.5, discount_rate=0.0, growth=0.9) == 60


def test_dcf_table_revenue_grows_from_the_first_period():
    table = ct.dcf_table(annual_revenue=1000, margin=0.5, retention=0.8, discount_rate=0.1,
                         horizon=3, growth=0.1)
    # revenue of period t is R (1 + g)^(t - 1): 1000, 1100, 1210
    assert table["revenue"].tolist() == pytest.approx([1000.0, 1100.0, 1210.0])


def test_courseware_rounding_is_half_up_not_to_even():
    # survival 0.5^4 = 0.0625 exactly: rounded to 3 decimals as a person does, 0.063
    # (rounding to even would give 0.062)
    table = ct.dcf_table(annual_revenue=1000, margin=0.5, retention=0.5, discount_rate=0.0,
                         horizon=4, rounding="courseware")
    assert table["retention"].tolist() == [0.5, 0.25, 0.125, 0.063]


_ZS = dict(annual_revenue=2400, margin=0.6, retention=0.8, discount_rate=0.1)


def test_potential_value_new_customer_value_must_be_finite():
    for bad in (math.inf, math.nan):
        with pytest.raises(ValueError, match=r"^new_customer_value\b"):
            ct.potential_value_courseware(new_customer_value=bad)


@pytest.mark.parametrize("method", ["courseware", "spread"])
def test_clv_components_follow_the_cash_flow_convention(method):
    end_value = ct.current_value(**_ZS, horizon=5, convention="end")
    assert end_value != pytest.approx(ct.current_value(**_ZS, horizon=5))
    summary = ct.clv_summary(method=method, convention="end").set_index("component")["value"]
    assert summary["current"] == pytest.approx(end_value)
    by_case = (ct.potential_value_courseware if method == "courseware"
               else ct.potential_value_spread)(convention="end")
    assert by_case.current_value == pytest.approx(end_value)
    assert summary["potential"] == pytest.approx(by_case.total)


def test_clv_summary_checks_method_and_rounding_by_name():
    with pytest.raises(ValueError, match=r"^method\b"):
        ct.clv_summary(method="guess")
    with pytest.raises(ValueError, match=r"^rounding\b") as err:
        ct.clv_summary(method="spread", rounding="courseware")
    assert "courseware" in str(err.value)


def test_courseware_rounded_current_value_sums_the_rounded_rows():
    # 1111 yuan a year: exact 1415.92, rounded rows sum to 1416.x, kept as 1416
    kw = dict(annual_revenue=1111, margin=0.6, retention=0.8, discount_rate=0.1, horizon=5)
    assert ct.current_value(**kw) == pytest.approx(1415.923, abs=1e-3)
    assert ct.current_value(**kw, rounding="courseware") == 1416.0
    # growth, maintenance cost and convention reach the rounded table too
    more = dict(kw, growth=0.05, maintenance_cost=100.0, convention="end")
    rows = ct.dcf_table(**more, rounding="courseware")["present_value"].sum()
    assert ct.current_value(**more, rounding="courseware") == math.floor(round(rows, 1))
    assert ct.current_value(**more, rounding="courseware") != \
        ct.current_value(**kw, rounding="courseware")


def test_historical_value_names_a_negative_revenue():
    with pytest.raises(ValueError, match=r"^annual_revenue\b"):
        ct.historical_value(annual_revenue=-1, margin=0.6, years=3)


def test_case_type_error_names_the_type_received():
    with pytest.raises(TypeError, match=r"^case\b") as err:
        ct.potential_value_courseware({"annual_revenue": 2400})
    assert "dict" in str(err.value)
