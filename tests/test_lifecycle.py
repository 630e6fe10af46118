"""Customer lifecycle: funnel KPIs, four-stage curve, four patterns and the classifier."""
from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clvteach as ct
from clvteach import lifecycle as lifecycle_module


def test_shared_keys_and_chinese_names():
    assert ct.STAGE_KEYS == ("exploration", "formation", "stability", "deterioration")
    assert [s.zh for s in ct.STAGES] == ["考察期", "形成期", "稳定期", "退化期"]
    assert ct.PATTERN_KEYS == ("early_abortion", "midterm_abortion", "early_exit",
                               "long_term_retention")
    assert [p.zh for p in ct.PATTERNS] == ["早期流产型", "中途夭折型", "提前退出型", "长久保持型"]
    assert ct.PROCESS_KEYS == ("reach", "acquisition", "conversion", "retention", "win_back")
    assert [p.zh for p in ct.PROCESSES] == ["到达", "获取", "转换", "保留", "流失/赢回"]
    assert "customer acquisition cost (CAC)" in ct.PROCESSES[1].kpis
    assert ct.PROCESSES[4].kpis == ("churn rate", "win-back rate")


# --------------------------------------------------------------------- funnel
def test_funnel_kpis():
    k = ct.funnel_kpis(reached=10000, acquired=500, converted=300, retained=200, won_back=30,
                       acquisition_spend=25000)
    assert k.cac == 50
    assert k.conversion_rate == 0.05
    assert k.repurchase_rate == 0.6
    assert k.retention_rate == 0.4
    assert k.churn_rate == pytest.approx(0.6)
    assert k.churned == 300
    assert k.win_back_rate == 0.1


def test_funnel_kpis_undefined_rates_are_none_not_nan():
    k = ct.funnel_kpis(reached=0, acquired=0, converted=0, retained=0)
    assert k.cac is None and k.conversion_rate is None and k.churn_rate is None
    assert k.win_back_rate is None


def test_funnel_table():
    table = ct.funnel(reached=10000, acquired=500, converted=300, retained=200, won_back=30)
    assert table["process"].tolist() == list(ct.PROCESS_KEYS)
    assert np.isnan(table["step_rate"].iloc[0])  # reach has no previous step
    assert table["step_rate"].tolist()[1:] == [0.05, 0.6, 200 / 300, 0.1]
    assert table["share_of_reached"].iloc[1] == 0.05


# --------------------------------------------------------------------- four stages
def test_four_stage_curve_geometry_and_exact_area():
    c = ct.FourStageCurve()
    assert c.duration == 15
    assert c.boundaries["stability"] == (6.0, 12.0)
    # trapezoids: 2*(0.5+1)/2 + 4*(1+3)/2 + 6*3 + 3*(3+0)/2
    assert c.total_value() == 1.5 + 8 + 18 + 4.5
    assert c.stage_values() == {"exploration": 1.5, "formation": 8.0, "stability": 18.0,
                                "deterioration": 4.5}
    assert c.area(1, 8.5) == pytest.approx(0.875 + 8 + 7.5)
    assert c.per_period().sum() == pytest.approx(c.total_value())
    assert c.value(0) == 0.5 and c.value(4) == 2.0 and c.value(13.5) == 1.5


def test_stage_at_boundaries_belong_to_the_stage_that_starts():
    c = ct.FourStageCurve()
    assert c.stage_at(0) == "exploration"
    assert c.stage_at(1.99) == "exploration"
    assert c.stage_at(2) == "formation"
    assert c.stage_at(6) == "stability"
    assert c.stage_at(12) == "deterioration"
    assert c.stage_at(15) == "deterioration"
    assert c.stage_at(np.array([0.5, 7.0])).tolist() == ["exploration", "stability"]


def test_zero_length_stage_is_a_jump():
    c = ct.FourStageCurve(exploration=1, formation=2, stability=3, deterioration=0,
                          start_level=1, exploration_level=1, peak_level=4, end_level=0)
    assert c.stage_at(6) == "stability"  # last stage with positive length
    assert c.total_value() == 1 + 2 * 2.5 + 12
    sample = c.sample(31)
    assert sample["stage"].iloc[0] == "exploration" and sample["stage_zh"].iloc[-1] == "稳定期"


@settings(max_examples=50, deadline=None)
@given(d=st.lists(st.floats(0, 10), min_size=4, max_size=4).filter(lambda v: sum(v) > 0.1),
       lv=st.lists(st.floats(0, 100), min_size=5, max_size=5))
def test_area_is_exact_against_fine_numeric_integration(d, lv):
    c = ct.FourStageCurve(*d, *lv)
    t = np.linspace(0, c.duration, 20001)
    numeric = np.trapezoid(c.value(t), t)
    # a jump between grid points costs at most one grid step times the jump height
    tolerance = 1e-6 + 4 * (c.duration / 20000) * max(lv)
    assert c.total_value() == pytest.approx(numeric, abs=tolerance)
    assert c.area() == pytest.approx(c.total_value(), abs=1e-9)
    assert sum(c.stage_values().values()) == pytest.approx(c.total_value())


# --------------------------------------------------------------------- patterns
def test_canonical_patterns_have_the_shapes_of_the_courseware():
    ea, ma, ee, lt = (ct.canonical_pattern(p) for p in ct.PATTERN_KEYS)
    assert np.count_nonzero(ea) == 1  # one purchase only
    assert np.count_nonzero(ma) == 5 and np.all(np.diff(ma[:5]) > 0)  # lost while rising
    assert ee.max() == 3 and ee[-1] == 0 and np.count_nonzero(ee == 3) == 6  # plateau, then gone
    assert lt[-1] == 3 and np.count_nonzero(lt) == 24
    # CLV ordering of the courseware: early abortion lowest, long-term retention highest
    assert ea.sum() < ma.sum() < ee.sum() < lt.sum()


@pytest.mark.parametrize("pattern", ct.PATTERN_KEYS)
def test_classifier_recognises_each_canonical_curve(pattern):
    result = ct.classify_pattern(ct.canonical_pattern(pattern))
    assert result.pattern == pattern
    assert result.pattern_zh == dict((p.key, p.zh) for p in ct.PATTERNS)[pattern]
    assert len(result.reason) > 30


@pytest.mark.parametrize("pattern", ct.PATTERN_KEYS)
@pytest.mark.parametrize("peak", [2.0, 3.0])
def test_classifier_is_robust_to_poisson_noise(pattern, peak):
    rng = np.random.default_rng(20261123)
    hits = sum(ct.classify_pattern(ct.sample_pattern(pattern, rng=rng, peak=peak)).pattern
               == pattern for _ in range(200))
    assert hits / 200 >= 0.95


def test_classifier_reasons_name_the_evidence():
    ea = ct.classify_pattern([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    assert ea.pattern == "early_abortion" and "first 1 period" in ea.reason
    assert ea.features["first_active"] == 2
    ma = ct.classify_pattern([1, 1, 2, 2, 3, 0, 0, 0, 0, 0, 0, 0])
    assert ma.pattern == "midterm_abortion" and "still rising" in ma.reason
    ee = ct.classify_pattern([1, 2, 3, 3, 3, 3, 3, 3, 3, 2, 0, 0, 0, 0, 0, 0])
    assert ee.pattern == "early_exit" and "silent for the last 6 of 16" in ee.reason
    lt = ct.classify_pattern([2, 0, 3, 0, 0, 2, 0, 3, 0, 1, 0, 0])
    assert lt.pattern == "long_term_retention"  # two quiet periods are normal for her
    new = ct.classify_pattern([0, 0, 0, 1, 2])
    assert new.pattern == "long_term_retention" and new.features["provisional"]
    assert "provisional" in new.reason
    none = ct.classify_pattern([0, 0, 0])
    assert none.pattern == "early_abortion" and "no activity" in none.reason


def test_classifier_works_on_values_in_yuan():
    values = 35.0 * ct.canonical_pattern("early_exit")
    assert ct.classify_pattern(values).pattern == "early_exit"


def test_sample_pattern_is_deterministic_with_seed():
    a = ct.sample_pattern("early_exit", rng=7)
    b = ct.sample_pattern("early_exit", rng=7)
    assert np.array_equal(a, b) and a[0] >= 1


def test_docstring_examples_run():
    result = doctest.testmod(lifecycle_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0
