"""Customer value plots: delivered value, offer comparison, six value types."""
from __future__ import annotations


import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402

MUG = {"product": 300.0, "service": 120.0, "personnel": 60.0, "image": 80.0,
       "monetary": 298.0, "time": 40.0, "energy": 30.0, "psychological": 50.0}


def test_delivered_value_stacks_value_and_cost_and_shows_the_difference():
    ax = ct.plot_delivered_value(MUG)
    rects = ax.patches
    value, cost, delivered = rects[:4], rects[4:8], rects[8]
    assert [r.get_height() for r in value] == [300, 120, 60, 80]
    assert [r.get_y() for r in value] == [0, 300, 420, 480]
    assert [r.get_height() for r in cost] == [298, 40, 30, 50]
    assert delivered.get_height() == pytest.approx(560 - 418)
    texts = [t.get_text() for t in ax.texts]
    assert {"560", "418", "142"} <= set(texts)
    assert "Product value\n300" in texts and "Monetary cost\n298" in texts
    assert "Worth more than it costs" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Total customer value", "Total customer cost", "Delivered value"]
    assert ax.get_ylabel() == "Value (yuan)"


def test_delivered_value_of_the_chenguang_mug_uses_the_library_result():
    result = ct.delivered_value(ct.CHENGUANG_MUG)
    ax = ct.plot_delivered_value(ct.CHENGUANG_MUG)
    assert ax.patches[8].get_height() == result.delivered_value
    assert sum(r.get_height() for r in ax.patches[:4]) == result.total_value
    assert ax.get_title().endswith("Worth more than it costs")
    ax = ct.plot_delivered_value(ct.RIVAL_MUG)
    assert ax.patches[8].get_height() == ct.delivered_value(ct.RIVAL_MUG).delivered_value < 0
    assert ax.patches[8].get_facecolor() != ax.patches[0].get_facecolor()
    assert ax.get_title().endswith("Not worth it")


def test_delivered_value_bad_input():
    with pytest.raises(ValueError, match="offer keys must be among product"):
        ct.plot_delivered_value({**MUG, "price": 1})
    with pytest.raises(ValueError, match="time must be"):
        ct.plot_delivered_value({**MUG, "time": -1})
    with pytest.raises(TypeError, match="offer must be a clvteach Offer"):
        ct.plot_delivered_value([1, 2])


def test_delivered_value_update_in_place_flips_the_verdict():
    chart = ct.plotting.DeliveredValueChart()
    ax = chart.update(MUG)
    bar = ax.patches[8]
    chart.update({**MUG, "monetary": 700.0})
    assert ax.patches[8] is bar and bar.get_height() == pytest.approx(560 - 820)
    assert ax.get_title().endswith("Not worth it")
    assert len(ax.patches) == 9


def test_delivered_value_in_chinese():
    ax = ct.plot_delivered_value(MUG, lang="zh")
    assert ax.get_title() == "客户让渡价值 = 客户总价值 − 客户总成本\n物超所值"
    assert "时间成本\n40" in [t.get_text() for t in ax.texts]
    ax = ct.plot_value_types(lang="zh")
    assert [t.get_text() for t in ax.texts[:6]] == [
        "功能性价值", "信赖性价值", "社会性价值", "探知性价值", "美感性价值", "自我实现价值"]
    assert ax.texts[6].get_text() == "生理需求、安全需求"


def offers() -> list:
    return [ct.Offer(name="A", product=560, monetary=418),
            ct.Offer(name="B", product=300, monetary=150),
            ct.Offer(name="C", product=700, monetary=800)]


def test_offer_comparison_groups_value_and_cost_and_marks_the_best():
    ax = ct.plot_offer_comparison(ct.compare_offers(offers()))
    value, cost = ax.containers
    assert [r.get_height() for r in value.patches] == [560, 300, 700]
    assert [r.get_height() for r in cost.patches] == [418, 150, 800]
    assert list(ax.lines[0].get_ydata()) == [142, 150, -100]
    assert [t.get_text() for t in ax.texts] == ["142", "150", "-100"]
    ticks = ax.get_xticklabels()
    assert [t.get_text() for t in ticks] == ["A", "B", "C"]
    assert [t.get_fontweight() for t in ticks] == ["normal", "bold", "normal"]
    assert ax.get_ylim()[0] < -100
    assert ax.get_ylabel() == "Value (yuan)"


def test_offer_comparison_of_offers_and_update():
    chart = ct.plotting.OfferComparisonChart()
    ax = chart.update(offers()[:2])
    assert list(ax.lines[0].get_ydata()) == [142, 150]
    better = [offers()[0], ct.Offer(name="B", product=500, monetary=150)]
    chart.update(better)
    assert list(ax.lines[0].get_ydata()) == [142, 350]
    assert len(ax.patches) == 4
    with pytest.raises(ValueError, match="offers is missing column 'delivered_value'"):
        ct.plot_offer_comparison(pd.DataFrame({"total_value": [1], "total_cost": [1]}))
    with pytest.raises(TypeError, match="offers must be ct.compare_offers"):
        ct.plot_offer_comparison({"A": 1})


def test_value_types_pyramid_has_six_layers_narrowing_upwards():
    ax = ct.plot_value_types()
    layers = ax.patches
    assert len(layers) == 6
    widths = [r.get_width() for r in layers]
    assert widths == sorted(widths, reverse=True)
    names = [t.get_text() for t in ax.texts[:6]]
    assert names == ["Functional value", "Trust value", "Social value", "Epistemic value",
                     "Aesthetic value", "Self-actualisation value"]
    assert "physiological, safety" in [t.get_text() for t in ax.texts]
    assert "self-actualisation" in [t.get_text() for t in ax.texts]
    assert len({r.get_facecolor() for r in layers}) == 6


def test_value_types_highlight_and_validation():
    ax = ct.plot_value_types(highlight=["trust", "social"])
    faces = [r.get_facecolor() for r in ax.patches]
    assert faces[1] == faces[2] != faces[0]
    assert faces[0] == faces[3] == faces[4] == faces[5]
    with pytest.raises(ValueError, match="highlight must be one of 'functional'"):
        ct.plot_value_types(highlight="price")


def test_delivered_value_names_the_thin_segments_too():
    """Chenguang's personnel (30), time (20) and energy (30) bands used to be nameless."""
    ax = ct.plot_delivered_value(ct.CHENGUANG_MUG)
    texts = [t.get_text() for t in ax.texts]
    for name in ("Personnel value 30", "Time cost 20", "Energy cost 30"):
        assert name in texts, texts
    assert "Product value\n280" in texts
