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
