"""Tests that kill surviving mutants of clvteach/sensitivity.py (``make mutation``, issue 17)."""
from __future__ import annotations

import numpy as np
import pytest

import clvteach as ct
from clvteach.sensitivity import case_value


def test_case_value_refuses_what_is_not_a_case_and_names_the_type():
    with pytest.raises(TypeError, match="case") as err:
        case_value({"annual_revenue": 2400})
    assert "dict" in str(err.value)


def test_case_value_components_add_up_to_the_clv():
    total = case_value()
    assert total == pytest.approx(8866.9, abs=0.05)
    parts = case_value(metric="current") + case_value(metric="potential")
    assert total - parts == pytest.approx(ct.historical_value(
        annual_revenue=2400, margin=0.6, years=3))


ZS = ct.ZHANG_SAN


@pytest.mark.parametrize("options", [dict(metric="current"), dict(metric="potential"),
                                     dict(method="spread"), dict(convention="end")])
def test_tornado_and_curves_pass_the_options_on(options):
    base = case_value(**options)
    assert base != pytest.approx(case_value())
    table = ct.tornado(**options)
    assert (table["value_base"] == base).all()
    row = table.set_index("factor").loc["retention"]
    assert row["value_low"] == pytest.approx(case_value(ZS.replace(retention=0.7), **options))
    curve = ct.sensitivity_curve("retention", values=[0.8], **options)
    assert curve["value"].tolist() == [pytest.approx(base)]
    curves = ct.sensitivity_curves(num=2, **options)
    at_base = curves[(curves["factor"] == "horizon") & (curves["input"] == 5)]
    assert at_base["value"].tolist() == [pytest.approx(base)]


def test_tornado_rows_sorted_by_swing_with_the_inputs():
    table = ct.tornado(ranges={"retention": (0.5, 0.6)})
    assert table["swing"].is_monotonic_decreasing
    assert (table["swing"] == (table["value_high"] - table["value_low"]).abs()).all()
    row = table.set_index("factor").loc["retention"]
    assert (row["low_input"], row["base_input"], row["high_input"]) == (0.5, 0.8, 0.6)
    assert row["factor_zh"] == "保留率" and row["parameter"] == "retention"
    assert row["value_high"] == pytest.approx(case_value(ZS.replace(retention=0.6)))


def test_tornado_ranges_are_checked_by_name():
    with pytest.raises(ValueError, match=r"^factor\b"):
        ct.tornado(ranges={"colour": (0, 1)})
    with pytest.raises(TypeError, match=r"^ranges\['retention'\]"):
        ct.tornado(ranges={"retention": (0.5,)})
    with pytest.raises(TypeError, match=r"^ranges\['retention'\] high"):
        ct.tornado(ranges={"retention": (0.5, "high")})
    with pytest.raises(TypeError, match=r"^ranges\['retention'\] low"):
        ct.tornado(ranges={"retention": ("low", 0.9)})


def test_sensitivity_curve_default_inputs():
    horizon = ct.sensitivity_curve("horizon")
    assert horizon["input"].tolist() == list(range(1, 21))  # whole years 1..20
    assert horizon["is_base"].sum() == 1 and horizon.loc[horizon["is_base"], "input"].item() == 5
    retention = ct.sensitivity_curve("retention")
    assert len(retention) == 41 and retention["input"].iloc[-1] == pytest.approx(0.95)
    assert len(ct.sensitivity_curve("retention", num=2)) == 2
    with pytest.raises(ValueError, match=r"^num\b"):
        ct.sensitivity_curve("retention", num=1)
    with pytest.raises(TypeError, match=r"^values\b"):
        ct.sensitivity_curve("retention", values="high")
    with pytest.raises(TypeError, match=r"^horizon\b"):
        ct.sensitivity_curve("horizon", values=[2.5])


def test_sensitivity_curves_stack_all_eight_factors():
    curves = ct.sensitivity_curves(num=3)
    # the horizon always runs over whole years 1..20; the seven others over num points
    assert len(curves) == 20 + 7 * 3
    assert curves["factor"].unique().tolist() == list(ct.FACTOR_KEYS)


def test_tornado_and_curves_use_the_given_case():
    case = ZS.replace(annual_revenue=3000.0, retention=0.85)
    options = dict(metric="current")
    table = ct.tornado(case, **options)
    assert (table["value_base"] == case_value(case, **options)).all()
    row = table.set_index("factor").loc["retention"]
    assert row["value_high"] == pytest.approx(case_value(case.replace(retention=0.9), **options))
    assert row["direction"] == "+" and row["base_input"] == 0.85
    assert table.index.tolist() == list(range(8)) and "index" not in table.columns
    curves = ct.sensitivity_curves(case, **options)
    assert len(curves) == 20 + 7 * 41 and curves.index.is_unique
    at_base = curves[(curves["factor"] == "horizon") & (curves["input"] == 5)]
    assert at_base["value"].tolist() == [pytest.approx(case_value(case, **options))]


def test_sensitivity_curve_inputs_are_floats_and_a_missing_base_marks_nothing():
    horizon = ct.sensitivity_curve("horizon")
    assert horizon["input"].dtype == np.float64
    assert ct.sensitivity_curve("horizon", values=[0])["value"].iloc[0] == pytest.approx(
        case_value(ZS.replace(horizon=0)))
    for_ever = ct.sensitivity_curve("horizon", ZS.replace(horizon=None), values=[3, 5])
    assert not for_ever["is_base"].any()
