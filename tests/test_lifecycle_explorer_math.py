"""The lifecycle explorers' rules as public math: fixed lifetime, curve comparison and
the pattern demo (hand-computed values; the widgets only call these)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import clvteach as ct


# --------------------------------------------------------------------- fixed lifetime
def test_fixed_lifetime_stability_takes_what_the_other_stages_leave():
    # 15 - 1 - 4 - 2 = 8
    assert ct.fixed_lifetime_stability(15.0, exploration=1.0, formation=4.0,
                                       deterioration=2.0) == 8.0
    # the default curve's own stages give back its stability (15 - 2 - 4 - 3 = 6)
    assert ct.fixed_lifetime_stability(ct.FourStageCurve().duration, exploration=2.0,
                                       formation=4.0, deterioration=3.0) == 6.0
    # one period less of exploration is one period more of stability
    assert ct.fixed_lifetime_stability(15.0, exploration=1.5, formation=4.0,
                                       deterioration=3.0) == 6.5
    # exactly no time left is allowed
    assert ct.fixed_lifetime_stability(12.0, exploration=5.0, formation=5.0,
                                       deterioration=2.0) == 0.0


def test_fixed_lifetime_stability_rejects_stages_longer_than_the_lifetime():
    with pytest.raises(ValueError, match=r"stability.*-2"):
        ct.fixed_lifetime_stability(15.0, exploration=2.0, formation=14.0, deterioration=1.0)
    with pytest.raises(ValueError, match="exploration"):
        ct.fixed_lifetime_stability(15.0, exploration=-1.0, formation=4.0, deterioration=2.0)
    with pytest.raises(TypeError, match="lifetime"):
        ct.fixed_lifetime_stability("15", exploration=1.0, formation=4.0, deterioration=2.0)
    with pytest.raises(TypeError):  # options are keyword-only
        ct.fixed_lifetime_stability(15.0, 1.0, 4.0, 2.0)


# --------------------------------------------------------------------- compare curves
def test_compare_curves_longer_stability():
    r = ct.compare_curves(ct.FourStageCurve(stability=9.0), ct.FourStageCurve())
    # trapezoids 2*(0.5+1)/2 + 4*(1+3)/2 + 9*3 + 3*(3+0)/2 = 1.5 + 8 + 27 + 4.5
    assert r.total_value == 41.0 and r.baseline_total == 32.0
    assert r.change == 9.0 and r.relative_change == 9.0 / 32.0
    assert r.stage_values == {"exploration": 1.5, "formation": 8.0, "stability": 27.0,
                              "deterioration": 4.5}
    assert r.stability_share == pytest.approx(27.0 / 41.0)
    assert r.duration == 18.0


def test_compare_curves_shorter_stability_loses_value():
    r = ct.compare_curves(ct.FourStageCurve(stability=3.0, peak_level=4.0),
                          ct.FourStageCurve())
    # 1.5 + 4*(1+4)/2 + 3*4 + 3*(4+0)/2 = 1.5 + 10 + 12 + 6 = 29.5
    assert r.total_value == 29.5
    assert r.change == -2.5 and r.relative_change == pytest.approx(-2.5 / 32.0)
    assert r.stability_share == pytest.approx(12.0 / 29.5)
    assert r.duration == 12.0


def test_compare_curves_zero_totals_give_none_and_zero_not_nan():
    zero = ct.FourStageCurve(start_level=0.0, exploration_level=0.0, peak_level=0.0,
                             end_level=0.0)
    up = ct.compare_curves(ct.FourStageCurve(), zero)
    assert up.change == 32.0 and up.relative_change is None
    down = ct.compare_curves(zero, ct.FourStageCurve())
    assert down.total_value == 0.0 and down.stability_share == 0.0
    assert down.relative_change == -1.0


def test_compare_curves_result_is_frozen_and_checks_its_inputs():
    r = ct.compare_curves(ct.FourStageCurve(), ct.FourStageCurve())
    assert r.change == 0.0 and r.relative_change == 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.change = 1.0
    with pytest.raises(TypeError, match="baseline"):
        ct.compare_curves(ct.FourStageCurve(), {"stability": 6})
    with pytest.raises(TypeError, match="curve"):
        ct.compare_curves(32.0, ct.FourStageCurve())


# --------------------------------------------------------------------- pattern demo
@pytest.mark.parametrize("pattern, expected", [
    ("early_abortion", 0.9),                    # one period at 30 % of the peak 3
    ("midterm_abortion", 2.1 + 3 * (1.2 + 2.55) / 2),  # exploration + 3/4 formation
    ("early_exit", 2.1 + 8.4 + 18.0 + 3.0),    # 2*(0.9+1.2)/2 + 4*(1.2+3)/2 + 6*3 + 2*3/2
    ("long_term_retention", 2.1 + 8.4 + 18 * 3.0),  # at the peak until period 24
])
def test_pattern_demo_expected_totals(pattern, expected):
    demo = ct.pattern_demo(pattern, rng=1, periods=24, peak=3.0, stability=6.0)
    assert demo.expected_total == pytest.approx(expected, abs=1e-12)
    assert list(demo.patterns) == list(ct.PATTERN_KEYS)
    assert demo.patterns[pattern].shape == (24,)


def test_pattern_demo_sample_total_and_classification():
    demo = ct.pattern_demo("early_exit", rng=7, periods=24, peak=5.5, stability=3.0)
    sample = ct.sample_pattern("early_exit", rng=7, periods=24, peak=5.5, stability=3.0)
    assert demo.sample.tolist() == sample.tolist()
    assert demo.sample_total == float(np.sum(sample)) and demo.sample_total >= 1.0
    result = ct.classify_pattern(sample)
    assert demo.classification == result
    assert demo.correct == (result.pattern == "early_exit")
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo.pattern = "early_abortion"


def test_pattern_demo_correct_flag_compares_with_the_simulated_pattern():
    demo = ct.pattern_demo("long_term_retention", rng=1, periods=24, peak=3.0, stability=6.0)
    assert demo.classification.pattern == "long_term_retention" and demo.correct
    wrong = dataclasses.replace(demo, pattern="early_abortion")
    assert not wrong.correct


def test_pattern_demo_rejects_an_unknown_pattern():
    with pytest.raises(ValueError, match="pattern"):
        ct.pattern_demo("loyal", rng=1)


def test_no_time_left_for_stability_is_explained_in_chinese_too():
    with ct.language("zh"), pytest.raises(ValueError, match="稳定期（总时长减去其他三个阶段）"):
        ct.fixed_lifetime_stability(5.0, exploration=2.0, formation=2.0, deterioration=2.0)
