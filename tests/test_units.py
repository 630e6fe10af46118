"""Period units: explicit periods per year, compound rates, power retention."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clvteach as ct


def test_periods_per_year_are_explicit():
    assert ct.PERIODS_PER_YEAR == {"year": 1, "quarter": 4, "month": 12, "week": 52}
    assert ct.periods_per_year("month") == 12
    assert ct.period_unit("week") == ct.PeriodUnit("week", "周", 52)


def test_discount_rate_converts_by_compounding_not_division():
    monthly = ct.annual_to_period_rate(0.1, period="month")
    assert monthly == pytest.approx(1.1 ** (1 / 12) - 1)
    assert monthly < 0.1 / 12  # simple division would overstate it
    assert (1 + monthly) ** 12 == pytest.approx(1.1)
    assert ct.annual_to_period_rate(0.1, period="year") == 0.1


def test_retention_converts_by_power():
    monthly = ct.annual_to_period_retention(0.8, period="month")
    assert monthly == pytest.approx(0.8 ** (1 / 12))
    assert round(monthly, 5) == 0.98158
    assert ct.period_to_annual_retention(monthly, period="month") == pytest.approx(0.8)
    assert ct.annual_to_period_retention(0.0, period="week") == 0.0


def test_amounts_and_horizons():
    assert ct.annual_to_period_amount(2400, period="month") == 200
    assert ct.annual_to_period_amount(5200, period="week") == 100
    assert ct.years_to_periods(5, period="quarter") == 20


@settings(max_examples=50, deadline=None)
@given(rate=st.floats(-0.9, 2.0), period=st.sampled_from(["year", "quarter", "month", "week"]))
def test_rate_round_trip(rate, period):
    back = ct.period_to_annual_rate(ct.annual_to_period_rate(rate, period=period), period=period)
    assert back == pytest.approx(rate, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(r=st.floats(0.0, 0.999), period=st.sampled_from(["year", "quarter", "month", "week"]))
def test_retention_round_trip_and_order(r, period):
    per = ct.annual_to_period_retention(r, period=period)
    assert per >= r  # surviving one short period is at least as likely as a whole year
    assert ct.period_to_annual_retention(per, period=period) == pytest.approx(r, abs=1e-12)


def test_unknown_period_is_a_clear_error():
    with pytest.raises(ValueError, match="period must be one of 'year', 'quarter', 'month', "
                                         "'week', got 'day'"):
        ct.periods_per_year("day")


def test_docstring_examples_run():
    import doctest

    from clvteach import units

    result = doctest.testmod(units)
    assert result.attempted >= 3 and result.failed == 0


def test_one_period_type_with_lengths_in_days_and_per_year():
    assert ct.WEEK == ct.Period("week", "周", 52, 7.0, "W")
    assert ct.MONTH.days == ct.DAYS_PER_YEAR / 12 == 30.4375
    assert ct.YEAR.days == 365.25 and ct.DAY.per_year == 365.25
    assert ct.WEEK.per("month") == pytest.approx(52 / 12)
    assert ct.MONTH.years == pytest.approx(1 / 12)
    assert ct.as_period("W") is ct.WEEK and ct.as_period("week") is ct.WEEK
    assert ct.as_period(ct.MONTH) is ct.MONTH
    assert str(ct.QUARTER) == "quarter"
    # the RFM time units and the rate periods are the same objects
    assert ct.TIME_UNIT_DAYS == {"D": 1.0, "W": 7.0, "M": 30.4375, "Y": 365.25}
    with pytest.raises(ValueError, match="period must be one of"):
        ct.as_period("fortnight")
    with pytest.raises(ValueError, match="period must be one of 'year', 'quarter', 'month', 'week', got 'day'"):
        ct.period_unit(ct.DAY)


def test_models_rfm_and_customer_functions_take_a_period():
    from clvteach.models import BetaGeo, ShiftedBetaGeo

    assert BetaGeo(time_unit=ct.WEEK).time_unit == "week"
    assert BetaGeo(time_unit="W").period is ct.WEEK
    assert ShiftedBetaGeo(period=ct.MONTH).period == "month"
    with pytest.raises(ValueError, match="time_unit must be one of"):
        BetaGeo(time_unit="fortnight")
    tx = ct.datasets.load_cdnow().head(200)
    by_code = ct.rfm_summary(tx, time_unit="M")
    by_period = ct.rfm_summary(tx, time_unit=ct.MONTH)
    assert by_code.equals(by_period)


def test_no_literal_year_lengths_outside_the_period_type():
    """365.25, 52 and 12 (days, weeks, months per year) are written once, in units.py."""
    import ast
    from pathlib import Path

    root = Path(ct.__file__).parent
    # layout numbers of plots and widgets (12 px, up to 12 bars) are not years, nor are
    # ex00's purchase amounts (12-60 yuan, 12-18 purchases) and the sandbox's 12 hex digits;
    # test_architecture still forbids 12 in arithmetic there
    skip = {"units.py", "style.py", "i18n.py", "cli.py", "exercises/ex00_warm_up.py",
            "exercises/sandbox.py"}
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in ("plotting", "widgets") or rel.as_posix() in skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and type(node.value) in (int, float)
                    and node.value in (365.25, 52, 12)):
                found.append(f"{rel}:{node.lineno}: {node.value}")
    assert not found, "use ct.DAYS_PER_YEAR / WEEKS_PER_YEAR / MONTHS_PER_YEAR or a Period:\n" + "\n".join(found)


def test_clv_cac_target_is_one_named_constant():
    assert ct.CLV_CAC_TARGET == 3.0
    assert ct.clv_cac_verdict(ct.CLV_CAC_TARGET) == "healthy"
    assert ct.clv_cac_verdict(ct.CLV_CAC_TARGET - 1e-9) == "thin"
    from clvteach.widgets.clv import ZHANG_SAN_DEFAULTS

    for name in ("annual_revenue", "margin", "retention", "discount_rate", "horizon"):
        assert ZHANG_SAN_DEFAULTS[name] == getattr(ct.ZHANG_SAN, name)


def test_inverse_conversions_are_exact_and_keep_the_year_unchanged():
    assert ct.period_to_annual_rate(0.1, period="year") == 0.1  # exact, no (1 + 0.1) ** 1 - 1
    assert ct.period_to_annual_rate(0.01, period="month") == pytest.approx(1.01 ** 12 - 1)
    assert ct.period_to_annual_retention(0.9, period="quarter") == pytest.approx(0.9 ** 4)
    assert ct.years_to_periods(2.5, period="week") == 130.0
