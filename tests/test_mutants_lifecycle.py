"""Tests that kill surviving mutants of clvteach/lifecycle.py (``make mutation``, issue 17).

Each test pins observable behaviour: courseware values, boundaries, and the parameter and
value an error message names (not the whole sentence, which the catalogue may reword).
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import clvteach as ct


def test_funnel_kpis_as_dict_holds_every_kpi():
    d = ct.funnel_kpis(reached=1000, acquired=100, converted=50, retained=40, won_back=5,
                       acquisition_spend=2000).as_dict()
    assert d == {"cac": 20.0, "conversion_rate": 0.1, "repurchase_rate": 0.5,
                 "retention_rate": 0.4, "churn_rate": 0.6,
                 "win_back_rate": pytest.approx(5 / 60), "first_time_buyers": 100.0,
                 "churned": 60.0}


def test_funnel_counts_may_equal_the_previous_step_but_not_exceed_it():
    # equal counts are allowed at every step (everyone moves on) ...
    k = ct.funnel_kpis(reached=100, acquired=100, converted=100, retained=60, won_back=40)
    assert (k.conversion_rate, k.repurchase_rate, k.win_back_rate) == (1.0, 1.0, 1.0)
    # ... one more than the previous step is refused, naming both counts
    for small, big, counts in [
        ("acquired", "reached", dict(reached=100, acquired=101, converted=50, retained=40)),
        ("converted", "acquired", dict(reached=100, acquired=50, converted=51, retained=40)),
        ("retained", "converted", dict(reached=100, acquired=50, converted=40, retained=41)),
    ]:
        with pytest.raises(ValueError, match=rf"^{small}\b") as err:
            ct.funnel_kpis(**counts)
        assert big in str(err.value)
        assert str(counts[small]) in str(err.value) and str(counts[big]) in str(err.value)
    with pytest.raises(ValueError, match=r"^won_back\b") as err:
        ct.funnel_kpis(reached=100, acquired=100, converted=100, retained=60, won_back=41)
    assert "40" in str(err.value) and "41" in str(err.value)


def test_funnel_rates_with_a_zero_denominator_are_none():
    k = ct.funnel_kpis(reached=0, acquired=0, converted=0, retained=0, acquisition_spend=0)
    assert k.cac is None and k.conversion_rate is None and k.repurchase_rate is None
    assert k.retention_rate is None and k.churn_rate is None and k.win_back_rate is None
    # everyone retained: no churned customers to win back
    k = ct.funnel_kpis(reached=10, acquired=5, converted=5, retained=5)
    assert k.churn_rate == 0.0 and k.win_back_rate is None and k.churned == 0.0


_GONE = [0] * 10  # ten silent periods: anyone active before has left


@pytest.mark.parametrize("active, pattern", [
    (2, "early_abortion"),      # span = exploration (2)
    (3, "midterm_abortion"),    # one period into formation
    (6, "midterm_abortion"),    # span = exploration + formation (6): stability not reached
    (7, "early_exit"),          # reached stability, then left
])
def test_pattern_boundaries_between_the_stages(active, pattern):
    result = ct.classify_pattern([1] * active + _GONE)
    assert result.pattern == pattern
    assert result.features["span"] == active and result.features["left"] is True


def test_pattern_silence_boundaries():
    # ten active periods then exactly min_silence (2) silent ones: share 10/11,
    # p = (1/11)^2 = 0.008 < 0.05, so the customer has left
    assert ct.classify_pattern([1] * 10 + [0, 0]).pattern == "early_exit"
    assert ct.classify_pattern([1] * 10 + [0, 0], min_silence=3).pattern == \
        "long_term_retention"
    # p_silence = (1 - 3/4)^2 = 0.0625 exactly: left only when it is below alpha
    stays = ct.classify_pattern([1, 1, 1, 0, 0], alpha=0.0625)
    assert stays.features["p_silence"] == 0.0625 and stays.pattern == "long_term_retention"
    assert ct.classify_pattern([1, 1, 1, 0, 0], alpha=0.07).pattern == "midterm_abortion"


def test_pattern_provisional_only_before_stability():
    assert ct.classify_pattern([1] * 5).features["provisional"] is True
    assert ct.classify_pattern([1] * 6).features["provisional"] is False
    assert ct.classify_pattern([1] * 7 + _GONE).features["provisional"] is False


def test_pattern_features_skip_the_leading_silence():
    f = ct.classify_pattern([0, 0, 2, 3, 0, 4]).features
    assert (f["first_active"], f["span"], f["active_periods"], f["trailing_silence"]) == \
        (2, 4, 3, 0)
    assert f["total"] == 9.0 and f["periods"] == 6
    # three periods are smoothed (zero-padded 3-period mean of 1, 4, 1: peak 2)
    assert ct.classify_pattern([1, 4, 1]).features["peak_level"] == pytest.approx(2.0)


def test_pattern_of_no_activity():
    r = ct.classify_pattern([0, 0, 0])
    assert r.pattern == "early_abortion" and r.pattern_zh == "早期流产型"
    assert r.features["trailing_silence"] == 3 and r.features["left"] is True
    assert "3" in r.reason


def test_midterm_reason_says_whether_value_was_rising():
    from clvteach.i18n import text

    up = ct.classify_pattern([1, 2, 3, 4] + _GONE)
    down = ct.classify_pattern([4, 3, 2, 1] + _GONE)
    assert up.pattern == down.pattern == "midterm_abortion"
    rising, not_rising = text("lifecycle.reason.rising"), text("lifecycle.reason.not_rising")
    assert rising in up.reason and not_rising not in up.reason
    assert not_rising in down.reason and rising not in down.reason


@pytest.mark.parametrize("name, bad", [("exploration", 0), ("formation", 0),
                                       ("min_silence", 0), ("alpha", 0.0), ("alpha", 1.0)])
def test_pattern_options_are_checked_by_name(name, bad):
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        ct.classify_pattern([1, 0, 0], **{name: bad})


def test_funnel_table_columns_defaults_and_missing_rates():
    table = ct.funnel(reached=1000, acquired=100, converted=50, retained=40)
    assert table.columns.tolist() == ["process", "zh", "count", "share_of_reached", "step_rate"]
    assert table["zh"].tolist() == ["到达", "获取", "转换", "保留", "流失/赢回"]
    assert table["count"].iloc[-1] == 0.0  # won_back defaults to none
    assert ct.funnel_kpis(reached=1000, acquired=100, converted=50, retained=40).cac == 0.0
    empty = ct.funnel(reached=0, acquired=0, converted=0, retained=0)
    for column in ("share_of_reached", "step_rate"):
        assert empty[column].dtype == np.float64 and empty[column].isna().all()


def test_sample_pattern_is_poisson_around_the_pattern_with_a_first_purchase():
    # seed 3 draws 0 purchases in period 0 (set to the acquisition's 1) and 3 in period 1
    options = dict(periods=20, peak=6.0, exploration=1)
    mean = ct.canonical_pattern("long_term_retention", **options)
    expected = np.random.default_rng(3).poisson(mean).astype(float)
    assert expected[0] == 0 and expected[1] == 3
    expected[0] = 1.0
    got = ct.sample_pattern("long_term_retention", rng=3, **options)
    np.testing.assert_array_equal(got, expected)
    default = ct.sample_pattern("long_term_retention", rng=np.random.default_rng(3))
    assert len(default) == 24
    np.testing.assert_array_equal(
        default, ct.sample_pattern("long_term_retention", rng=3, periods=24, peak=3.0))


def test_four_stage_area_limits_are_checked_by_name():
    curve = ct.FourStageCurve()  # duration 15
    assert curve.area(0, 15) == curve.total_value() == 32.0
    assert curve.area(15, 15) == 0.0
    for kwargs, name in [(dict(start=-1), "start"), (dict(start=16), "start"),
                         (dict(start=5, end=4), "end"), (dict(end=16), "end")]:
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            curve.area(**kwargs)


def test_four_stage_sample_grid():
    curve = ct.FourStageCurve()
    table = curve.sample()
    assert len(table) == 201 and table.columns.tolist() == ["t", "value", "stage", "stage_zh"]
    assert table["t"].iloc[-1] == 15.0 and table["value"].iloc[0] == 0.5
    assert len(curve.sample(2)) == 2
    with pytest.raises(ValueError, match=r"^num\b"):
        curve.sample(1)


def test_canonical_pattern_passes_the_stage_durations_on():
    quick = ct.canonical_pattern("long_term_retention", periods=20, exploration=1)
    np.testing.assert_allclose(
        quick, ct.canonical_curve("long_term_retention", periods=20, exploration=1).per_period(20))
    assert not np.allclose(quick, ct.canonical_pattern("long_term_retention", periods=20))


def test_four_stage_time_and_periods_are_checked_by_name():
    curve = ct.FourStageCurve()
    with pytest.raises(ValueError, match=r"^t\b"):
        curve.value([math.nan])
    assert len(curve.per_period(1)) == 1
    with pytest.raises(ValueError, match=r"^periods\b"):
        curve.per_period(0)
    with pytest.raises(TypeError, match=r"^periods\b"):
        curve.per_period(2.5)


def _fields(curve):
    return dataclasses.astuple(curve)[:-1]  # all but the period name


def test_canonical_curves_of_the_four_patterns():
    # peak 3, window 24: exploration 2 (30 -> 40 % of the peak), formation 4, stability 6,
    # deterioration 2 (the defaults); the fields in order: four durations, five levels
    assert _fields(ct.canonical_curve("early_abortion")) == pytest.approx(
        (1.0, 0.0, 0.0, 0.0, 0.9, 0.9, 0.9, 0.9, 0.0))
    assert _fields(ct.canonical_curve("midterm_abortion")) == pytest.approx(
        (2.0, 3.0, 0.0, 0.0, 0.9, 1.2, 1.2 + 0.75 * 1.8, 1.2 + 0.75 * 1.8, 0.0))
    assert _fields(ct.canonical_curve("early_exit")) == pytest.approx(
        (2.0, 4.0, 6.0, 2.0, 0.9, 1.2, 3.0, 3.0, 0.0))
    long_term = ct.canonical_curve("long_term_retention")
    assert _fields(long_term) == pytest.approx((2.0, 4.0, 18.0, 0.0, 0.9, 1.2, 3.0, 3.0, 3.0))
    assert long_term.duration == 24.0


@pytest.mark.parametrize("name, bad, exc", [
    ("exploration", math.inf, ValueError), ("formation", math.inf, ValueError),
    ("exploration", 0.0, ValueError), ("formation", 0.0, ValueError),
    ("deterioration", -1.0, ValueError), ("periods", 24.5, TypeError),
])
def test_canonical_curve_options_are_checked_by_name(name, bad, exc):
    with pytest.raises(exc, match=rf"^{name}\b"):
        ct.canonical_curve("early_exit", **{name: bad})


@pytest.mark.parametrize("name", ["exploration", "formation", "min_silence"])
def test_pattern_stage_counts_must_be_whole_periods(name):
    with pytest.raises(TypeError, match=rf"^{name}\b") as err:
        ct.classify_pattern([1, 0, 0], **{name: 2.5})
    assert "2.5" in str(err.value)
