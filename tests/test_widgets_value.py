"""Delivered value explorer and offer comparison: numbers from clvteach, artists show them."""
from __future__ import annotations

import pytest

import clvteach as ct
from clvteach.widgets import delivered_value_explorer, offer_comparison

COMPONENTS = (*ct.VALUE_COMPONENTS, *ct.COST_COMPONENTS)


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_delivered_value_defaults_are_the_chenguang_mug():
    ex = delivered_value_explorer()
    assert set(ex.controls) == set(COMPONENTS) and len(ex.controls) == 8
    expected = ct.delivered_value(ct.CHENGUANG_MUG)
    assert ex.result["delivered_value"] == expected.delivered_value
    assert ex.result["verdict"] == expected.verdict
    assert ex.readout_text("delivered_value") == f"{expected.delivered_value:+,.0f}"
    assert ex.readout_text("delivered") == "Worth more than it costs"


def test_delivered_value_follows_the_sliders_and_flips_the_verdict():
    ex = delivered_value_explorer()
    ex.controls["monetary"].value = 500.0
    ex.controls["image"].value = 20.0
    expected = ct.delivered_value(ct.CHENGUANG_MUG, monetary=500.0, image=20.0)
    assert ex.result["total_cost"] == expected.total_cost
    assert ex.result["delivered_value"] == expected.delivered_value < 0
    assert ex.readout_text("delivered") == "Not worth it"
    (ax,) = ex.axes
    # the delivered-value bar (last one drawn) has the new height, the labels the totals
    heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_visible())
    assert round(abs(expected.delivered_value), 6) in heights or \
        round(expected.delivered_value, 6) in heights
    assert f"{expected.total_cost:,.0f}" in texts(ax)


def test_delivered_value_chinese_verdict():
    import warnings

    with warnings.catch_warnings():  # the course ships its CJK font: no warning
        warnings.simplefilter("error")
        ex = delivered_value_explorer(lang="zh")
    assert ex.readout_text("delivered") == "物超所值"
    assert ex.controls["monetary"].description == "货币成本"


def test_delivered_value_rejects_a_non_offer():
    with pytest.raises(TypeError, match="offer must be a clvteach.Offer, got dict"):
        delivered_value_explorer({"product": 1})


def test_offer_comparison_defaults_and_editing():
    ex = offer_comparison()
    table = ct.compare_offers()
    assert ex.result["delivered_0"] == table["delivered_value"][0]
    assert ex.result["delivered_1"] == table["delivered_value"][1]
    assert ex.result["best"] == ct.CHENGUANG_MUG.name
    ex.controls["monetary"].value = 480.0  # the Chenguang mug gets dearer
    edited = ct.compare_offers([ct.CHENGUANG_MUG.replace(monetary=480.0), ct.RIVAL_MUG])
    assert ex.result["delivered_0"] == edited["delivered_value"][0]
    assert ex.result["best"] == ct.RIVAL_MUG.name
    (ax,) = ex.axes
    marker = next(line for line in ax.lines if line.get_marker() == "D")
    assert list(marker.get_ydata()) == pytest.approx(edited["delivered_value"].tolist())


def test_offer_comparison_switching_offer_loads_its_values_and_keeps_edits():
    ex = offer_comparison()
    ex.controls["monetary"].value = 480.0
    ex.controls["offer"].value = 1
    assert ex.controls["monetary"].value == ct.RIVAL_MUG.monetary
    ex.controls["monetary"].value = 200.0
    assert ex.result["delivered_0"] == ct.delivered_value(
        ct.CHENGUANG_MUG, monetary=480.0).delivered_value  # first edit kept
    assert ex.result["delivered_1"] == ct.delivered_value(
        ct.RIVAL_MUG, monetary=200.0).delivered_value
    ex.controls["offer"].value = 0
    assert ex.controls["monetary"].value == 480.0


def test_offer_comparison_needs_two_distinct_offers():
    with pytest.raises(ValueError, match="at least 2 offers, got 1"):
        offer_comparison([ct.CHENGUANG_MUG])
    with pytest.raises(ValueError, match="distinct names"):
        offer_comparison([ct.CHENGUANG_MUG, ct.CHENGUANG_MUG])
