"""Tests that kill surviving mutants of clvteach/value.py (``make mutation``, issue 17)."""
from __future__ import annotations

import math
import re

import pytest

import clvteach as ct


def test_delivered_value_as_dict_holds_every_field():
    d = ct.delivered_value().as_dict()
    assert d["name"] == "offer" and d["verdict_zh"] == "不值"
    assert set(d) == {"name", "total_value", "total_cost", "delivered_value",
                      "value_cost_ratio", "verdict", "verdict_zh"}


def test_value_types_table_joins_each_list_readably():
    row = ct.value_types_table().set_index("key").loc["functional"]
    assert row["maslow_levels"] == "physiological, safety"
    assert row["maslow_levels_zh"] == "生理需求、安全需求"
    assert row["maslow_rank"] == 1
    assert row["customer_questions"].count(" / ") == 2
    assert row["customer_questions_zh"].count(" ") == 2
    assert row["firm_levers"].startswith("product quality, basic functions")
    assert row["examples"].count("; ") == 2
    assert ct.value_types_table()["key"].tolist()[-1] == "self_actualisation"


def test_value_type_lookup_and_errors():
    assert ct.value_type("  TRUST ").key == "trust"
    assert ct.value_type("self-actualisation").key == "self_actualisation"
    assert ct.value_type("信赖性价值").key == "trust"
    with pytest.raises(ValueError, match=r"^name\b") as err:
        ct.value_type("happiness")
    assert "'happiness'" in str(err.value) and "'functional'" in str(err.value)
    assert "'trust', " in str(err.value)
    with pytest.raises(TypeError, match=r"^name\b") as err:
        ct.value_type(3)
    assert "3" in str(err.value)


def test_value_type_activity_boundaries():
    table = ct.value_type_activity({1: "functional", 8: "trust", 2: "  ", 3: None})
    assert table.index.tolist() == list(range(1, 9)) and table.index.name == "number"
    assert table.loc[1, "right"] == "✓" and table.loc[8, "right"] == "✗"
    assert table.loc[8, "courseware"] == "epistemic value 探知性价值"
    assert table.loc[8, "your_guess"] == "trust value 信赖性价值"
    for n in (2, 3, 4):
        assert table.loc[n, "courseware"] == "guess first" and table.loc[n, "right"] == ""
    for bad in (0, 9):
        with pytest.raises(ValueError, match=r"^guesses\b") as err:
            ct.value_type_activity({bad: "trust"})
        assert f"1-8, got {bad}" in str(err.value)
    with pytest.raises(TypeError, match=r"^guesses\b") as err:
        ct.value_type_activity(["trust"])
    assert "list" in str(err.value)


def test_offer_components_are_checked_by_name():
    for key in ("product", "service", "personnel", "image", "monetary", "time", "energy",
                "psychological"):
        with pytest.raises(ValueError, match=rf"^{key}\b"):
            ct.Offer(**{key: -1.0})
    with pytest.raises(TypeError, match=r"^name\b"):
        ct.Offer(name=3)
    with pytest.raises(TypeError, match=r"^colour\b") as err:
        ct.CHENGUANG_MUG.replace(colour="red")
    assert re.search(r"\bpsychological\b", str(err.value))
    assert ct.CHENGUANG_MUG.replace(monetary=300.0).monetary == 300.0


def test_delivered_value_boundaries():
    mug = ct.delivered_value(ct.CHENGUANG_MUG)
    assert (mug.total_value, mug.total_cost, mug.delivered_value) == (470.0, 388.0, 82.0)
    assert mug.value_cost_ratio == pytest.approx(470 / 388) and mug.verdict_zh == "物超所值"
    assert mug.name == ct.CHENGUANG_MUG.name and mug.verdict == "worth more than it costs"
    even = ct.delivered_value(product=100, monetary=100)  # V = C: not "worth more"
    assert even.delivered_value == 0.0 and even.verdict_zh == "不值"
    free = ct.delivered_value(product=100)
    assert free.value_cost_ratio == math.inf and free.verdict_zh == "物超所值"
    assert ct.delivered_value().value_cost_ratio == 0.0
    with pytest.raises(TypeError, match=r"^offer\b") as err:
        ct.delivered_value({"product": 1})
    assert "dict" in str(err.value)


def test_compare_offers_rank_sort_and_errors():
    table = ct.compare_offers()
    assert table["offer"].tolist() == [ct.CHENGUANG_MUG.name, ct.RIVAL_MUG.name]
    assert table["rank"].tolist() == [1, 2] and table["monetary"].tolist() == [298.0, 349.0]
    assert "name" not in table.columns
    flipped = ct.compare_offers([ct.RIVAL_MUG, ct.CHENGUANG_MUG], sort=True)
    assert flipped["offer"].tolist() == [ct.CHENGUANG_MUG.name, ct.RIVAL_MUG.name]
    assert flipped.index.tolist() == [0, 1]
    kept = ct.compare_offers([ct.RIVAL_MUG, ct.CHENGUANG_MUG])
    assert kept["rank"].tolist() == [2, 1]
    same = ct.compare_offers([ct.RIVAL_MUG, ct.RIVAL_MUG.replace(name="twin")])
    assert same["rank"].tolist() == [1, 1]  # ties share the best rank
    with pytest.raises(ValueError, match=r"^offers\b"):
        ct.compare_offers([])
    with pytest.raises(TypeError, match=r"^sort\b"):
        ct.compare_offers(sort="yes")
    with pytest.raises(TypeError, match=r"^offers\[1\]") as err:
        ct.compare_offers([ct.RIVAL_MUG, "mug"])
    assert "str" in str(err.value)


def test_delivered_value_ratio_below_one_yuan_of_cost():
    assert ct.delivered_value(product=1.0, monetary=0.5).value_cost_ratio == 2.0
    assert ct.delivered_value(product=0.5).value_cost_ratio == math.inf


def test_compare_offers_sorted_table_keeps_its_columns():
    table = ct.compare_offers([ct.RIVAL_MUG, ct.CHENGUANG_MUG], sort=True)
    assert "index" not in table.columns and table["rank"].dtype.kind == "i"


def test_activity_error_shows_an_example():
    with pytest.raises(TypeError, match=r"^guesses\b") as err:
        ct.value_type_activity(["trust"])
    assert "{1: 'trust'}" in str(err.value)


def test_value_types_table_columns_and_hyphenated_levels():
    table = ct.value_types_table()
    assert table.columns.tolist() == [
        "key", "name", "zh", "maslow_levels", "maslow_levels_zh", "maslow_rank", "core_needs",
        "core_needs_zh", "customer_questions", "customer_questions_zh", "firm_levers",
        "firm_levers_zh", "examples"]
    top = table.set_index("key").loc["self_actualisation"]
    assert top["maslow_levels"] == "self-actualisation"


def test_value_type_activity_in_the_chinese_edition():
    ct.set_language("zh")
    try:
        table = ct.value_type_activity({1: "functional", 2: "trust", 8: "social"})
    finally:
        ct.set_language("en")
    assert table.columns.tolist() == ["例子", "你的判断", "课件答案", "对错"]
    assert table.index.name == "序号"
    assert table.loc[1, "例子"] == ct.VALUE_TYPE_ACTIVITY_ZH[0]
    assert table.loc[8, "例子"] == ct.VALUE_TYPE_ACTIVITY_ZH[7]
    assert table.loc[1, "你的判断"] == "功能性价值" and table.loc[8, "课件答案"] == "探知性价值"
    assert table.loc[3, "课件答案"] == "请先作答" and table.loc[3, "你的判断"] == "…"
    english = ct.value_type_activity({})
    assert english.loc[1, "example"] == ct.VALUE_TYPE_ACTIVITY[0][0]
    assert english.loc[1, "your_guess"] == "…"


def test_offer_label_and_renaming():
    mug = ct.CHENGUANG_MUG
    assert mug.label("zh") == "晨光智能咖啡杯" and mug.label("en") == mug.name
    ct.set_language("zh")
    try:
        assert mug.label() == "晨光智能咖啡杯"
    finally:
        ct.set_language("en")
    assert mug.label() == mug.name
    assert ct.Offer(name="plain").label("zh") == "plain"  # no Chinese name: the name
    renamed = mug.replace(name="New mug")
    assert renamed.name_zh == "" and renamed.label("zh") == "New mug"
    both = mug.replace(name="New mug", name_zh="新杯")
    assert both.label("zh") == "新杯"
    assert mug.replace(monetary=1.0).name_zh == "晨光智能咖啡杯"
    with pytest.raises(TypeError, match=r"^name_zh\b"):
        ct.Offer(name_zh=3)
