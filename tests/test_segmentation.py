"""CLV segments (current x potential), strategy table, Pareto / 80-20 analysis."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clvteach as ct


def test_four_quadrants_follow_the_courseware():
    seg = ct.clv_segments([100, 10, 90, 5], [80, 70, 1, 2])
    assert seg.tolist() == ["high_value", "growth", "watch", "low_value"]
    assert list(seg.cat.categories) == ["high_value", "growth", "watch", "low_value"]
    assert seg.attrs == {}  # the thresholds are a result of their own:
    cuts = ct.segment_thresholds([100, 10, 90, 5], [80, 70, 1, 2])
    assert cuts == ct.SegmentThresholds(current=50.0, potential=36.0) == (50.0, 36.0)
    assert ct.segment_thresholds([1, 2], [3, 4], current_threshold=7).current == 7.0


def test_thresholds_are_strict_and_settable():
    # a mass of zeros at the median counts as low, not high
    seg = ct.clv_segments([0, 0, 0, 5], [0, 0, 0, 0])
    assert seg.tolist() == ["low_value", "low_value", "low_value", "watch"]
    seg = ct.clv_segments(pd.Series([10, 20], index=["a", "b"]), [5, 50],
                          current_threshold=15, potential_threshold=10)
    assert seg.to_dict() == {"a": "low_value", "b": "high_value"}


def test_strategy_table_uses_the_shared_keys():
    table = ct.CLV_SEGMENTS.set_index("segment")
    assert list(table.index) == ["high_value", "growth", "watch", "low_value"]
    assert table["segment_zh"].tolist() == ["高价值客户", "成长型客户", "需警惕客户", "低价值客户"]
    assert sorted(table["resources"]) == [1, 2, 3, 4]
    assert table.loc["high_value", "resources"] == 1
    assert all(len(s) >= 3 for s in table["strategies"])
    assert (table.loc[["high_value", "watch"], "current"] == "high").all()
    assert (table.loc[["high_value", "growth"], "potential"] == "high").all()


def test_segment_summary_counts_and_shares():
    current = [100, 10, 90, 5, 95]
    potential = [80, 70, 1, 2, 90]
    summary = ct.clv_segment_summary(current, potential, current_threshold=50,
                                     potential_threshold=36)
    assert list(summary.index) == ["high_value", "growth", "watch", "low_value"]
    assert summary["customers"].tolist() == [2, 1, 1, 1]
    assert summary.loc["high_value", "current_value"] == 195
    assert summary["customer_share"].sum() == pytest.approx(1.0)
    assert summary["current_share"].sum() == pytest.approx(1.0)
    assert summary.loc["high_value", "mean_potential_value"] == 85
    assert summary.loc["growth", "segment_zh"] == "成长型客户"
    # empty segments are listed too
    summary = ct.clv_segment_summary([1, 2], [1, 2], current_threshold=5, potential_threshold=5)
    assert summary["customers"].tolist() == [0, 0, 0, 2]


def test_segment_bad_input():
    with pytest.raises(ValueError, match=r"potential_value must have the same length as current_value \(2\), got 3"):
        ct.clv_segments([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="current_value must not contain NaN"):
        ct.clv_segments([1, float("nan")], [1, 2])
    with pytest.raises(ValueError, match="current_value must have at least 1 value"):
        ct.clv_segments([], [])
    with pytest.raises(TypeError, match="current_threshold must be a number"):
        ct.clv_segments([1], [1], current_threshold="high")


# ------------------------------------------------------------------------------ Pareto
def test_exact_80_20_population():
    values = [4.0] * 20 + [0.25] * 80  # 20 customers bring 80 of 100
    r = ct.pareto_analysis(values)
    assert r.value_share == pytest.approx(0.8)
    assert r.holds_80_20
    assert r.customers_for_80 == pytest.approx(0.2)
    assert ct.top_share(values, 0.1) == pytest.approx(0.4)


def test_equal_and_extreme_concentration():
    equal = ct.pareto_analysis([7.0] * 10)
    assert equal.gini == pytest.approx(0.0, abs=1e-12)
    assert equal.value_share == pytest.approx(0.2)
    assert not equal.holds_80_20
    assert equal.customers_for_80 == pytest.approx(0.8)
    one = ct.pareto_analysis([100, 0, 0, 0, 0])
    assert one.gini == pytest.approx(0.8)  # (n - 1) / n
    assert one.value_share == 1.0 and one.holds_80_20
    assert one.customers_for_80 == pytest.approx(0.16)  # 0.8 of the first of 5 customers


def test_top_share_interpolates_between_customers():
    values = [50, 30, 10, 5, 5]
    assert ct.top_share(values, 0.2) == pytest.approx(0.5)
    assert ct.top_share(values, 0.3) == pytest.approx(0.65)  # half of the second customer
    assert ct.top_share(values, 0) == 0.0 and ct.top_share(values, 1) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=2, max_size=60).filter(lambda v: sum(v) > 1e-3))
def test_gini_and_lorenz_agree_with_definitions(values):
    x = np.array(values)
    r = ct.pareto_analysis(x)
    brute = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert r.gini == pytest.approx(brute, abs=1e-9)
    curve = r.curve
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == pytest.approx([1.0, 1.0])
    assert (np.diff(curve["value_share"]) >= -1e-12).all()
    # top share = 1 - Lorenz at 1 - p, on the grid
    n = x.size
    for k in range(n + 1):
        assert ct.top_share(x, k / n) == pytest.approx(
            1 - curve["value_share"].iloc[n - k], abs=1e-9)
    assert r.value_share >= 0.2 - 1e-9  # the top fifth brings at least its fair share


def test_pareto_on_cdnow_matches_pandas():
    tx = ct.datasets.load_cdnow()
    spend = tx.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    r = ct.pareto_analysis(spend)
    n_top = len(spend) * 0.2  # 471.4 customers
    whole = int(n_top)
    expected = (spend.iloc[:whole].sum() + (n_top - whole) * spend.iloc[whole]) / spend.sum()
    assert r.value_share == pytest.approx(expected)
    assert 0.5 < r.value_share < 0.8  # CDNOW: concentrated, but not quite 80/20


def test_pareto_bad_input():
    with pytest.raises(ValueError, match="values must have a positive total, got 0"):
        ct.pareto_analysis([0, 0])
    with pytest.raises(ValueError, match=r"share must be in \[0, 1\], got 1.5"):
        ct.top_share([1, 2], 1.5)
    with pytest.raises(ValueError, match=r"top must be in \[0, 1\], got -0.1"):
        ct.pareto_analysis([1, 2], top=-0.1)
    # loss-making customers are allowed: the curve dips below zero
    curve = ct.lorenz_curve([-10, 5, 25])
    assert curve["value_share"].min() < 0


# --------------------------------------------------------------------------- budget
def _summary():
    return ct.clv_segment_summary([100, 10, 90, 5, 1], [80, 70, 1, 2, 0],
                                  current_threshold=50, potential_threshold=50)


def test_segment_budget_is_proportional_and_adds_up_exactly():
    s = _summary()  # potential: high_value 80, growth 70, watch 1, low_value 2
    budget = ct.segment_budget(s, total=100_000)
    assert budget.name == "budget" and list(budget.index) == list(s.index)
    assert budget.sum() == 100_000  # largest remainders: no yuan lost to rounding
    assert budget.tolist() == [52_300.0, 45_700.0, 700.0, 1_300.0]
    assert (budget % 100 == 0).all()
    by_customers = ct.segment_budget(s, total=1_000, by="customers", unit=1)
    assert by_customers.tolist() == [200.0, 200.0, 200.0, 400.0]
    # resources: courseware ranks 1..4 weigh 4..1
    assert ct.segment_budget(s, total=1_000, by="resources", unit=1).tolist() == [
        400.0, 300.0, 200.0, 100.0]


def test_segment_budget_skips_empty_segments_and_rejects_bad_input():
    s = ct.clv_segment_summary([100, 90], [80, 70], current_threshold=50,
                               potential_threshold=50)  # all high-value
    assert ct.segment_budget(s, total=900, by="resources").tolist() == [900.0, 0, 0, 0]
    with pytest.raises(ValueError, match=r"by must be one of .*got 'profit'"):
        ct.segment_budget(s, total=1000, by="profit")
    with pytest.raises(ValueError, match=r"total must be a multiple of unit \(100\), got 150"):
        ct.segment_budget(s, total=150)
    with pytest.raises(ValueError, match=r"total must be in \[0, inf\), got -100"):
        ct.segment_budget(s, total=-100)
    with pytest.raises(ValueError, match=r"unit must be > 0, got 0"):
        ct.segment_budget(s, total=100, unit=0)
    with pytest.raises(ValueError, match=r"summary\['current_value'\] must give"):
        ct.segment_budget(_summary().assign(current_value=0.0), total=100, by="current")
