"""Customer value: six value types as data, delivered value of the Chenguang mug."""
from __future__ import annotations

import doctest
import math

import pytest

import clvteach as ct
from clvteach import value as value_module

KEYS = ["functional", "trust", "social", "epistemic", "aesthetic", "self_actualisation"]
ZH = ["功能性价值", "信赖性价值", "社会性价值", "探知性价值", "美感性价值", "自我实现价值"]


def test_six_value_types_with_shared_keys_and_chinese_names():
    assert [v.key for v in ct.VALUE_TYPES] == KEYS
    assert [v.zh for v in ct.VALUE_TYPES] == ZH
    for vt in ct.VALUE_TYPES:
        assert len(vt.customer_questions) == len(vt.customer_questions_zh) == 3
        assert vt.firm_levers and vt.examples


def test_maslow_levels_follow_the_courseware_table():
    assert ct.value_type("functional").maslow_levels == ("physiological", "safety")
    assert ct.value_type("trust").maslow_levels_zh == ("安全需求",)
    assert ct.value_type("social").maslow_levels == ("belonging", "esteem")
    ranks = [v.maslow_rank for v in ct.VALUE_TYPES]
    assert ranks == sorted(ranks)  # bottom of the pyramid first
    assert ranks[0] == 1 and ranks[-1] == 5


@pytest.mark.parametrize("alias", ["trust", "Trust value", "信赖性价值", " trust "])
def test_lookup_accepts_key_english_and_chinese(alias):
    assert ct.value_type(alias).key == "trust"


def test_examples_from_the_courseware():
    assert any("JD" in e for e in ct.value_type("trust").examples)
    assert any("Patagonia" in e for e in ct.value_type("self_actualisation").examples)


def test_value_types_table():
    table = ct.value_types_table()
    assert table["key"].tolist() == KEYS
    assert {"maslow_levels", "customer_questions", "firm_levers", "examples"} <= set(table)


def test_chenguang_mug_is_worth_more_than_it_costs():
    result = ct.delivered_value(ct.CHENGUANG_MUG)
    assert ct.CHENGUANG_MUG.monetary == 298  # the only number the courseware gives
    assert result.total_value == 280 + 70 + 30 + 90
    assert result.total_cost == 298 + 20 + 30 + 40
    assert result.delivered_value == 82
    assert result.value_cost_ratio == pytest.approx(470 / 388)
    assert (result.verdict, result.verdict_zh) == ("worth more than it costs", "物超所值")


def test_rival_is_not_worth_it_and_comparison_table():
    table = ct.compare_offers()
    assert table["offer"].tolist() == [ct.CHENGUANG_MUG.name, ct.RIVAL_MUG.name]
    assert table["verdict_zh"].tolist() == ["物超所值", "不值"]
    assert table["rank"].tolist() == [1, 2]
    row = table.iloc[1]
    assert row["delivered_value"] == row["total_value"] - row["total_cost"]
    for key in [*ct.VALUE_COMPONENTS, *ct.COST_COMPONENTS]:
        assert key in table.columns
    resorted = ct.compare_offers([ct.RIVAL_MUG, ct.CHENGUANG_MUG], sort=True)
    assert resorted["offer"].iloc[0] == ct.CHENGUANG_MUG.name


def test_overrides_change_the_verdict():
    # a 100-yuan price rise tips Xiao Lin's verdict
    dearer = ct.delivered_value(ct.CHENGUANG_MUG, monetary=398)
    assert dearer.delivered_value == -18
    assert dearer.verdict_zh == "不值"
    assert ct.delivered_value(ct.CHENGUANG_MUG, monetary=380).verdict_zh == "不值"  # exactly 0
    assert ct.delivered_value(ct.CHENGUANG_MUG, monetary=379).verdict_zh == "物超所值"


def test_zero_cost_ratio_is_infinite_not_nan():
    assert ct.delivered_value(product=10).value_cost_ratio == math.inf
    empty = ct.delivered_value()
    assert empty.value_cost_ratio == 0 and empty.verdict == "not worth it"


def test_docstring_examples_run():
    result = doctest.testmod(value_module)
    assert result.attempted >= 4 and result.failed == 0


def test_offer_can_be_passed_by_keyword():
    assert ct.delivered_value(offer=ct.RIVAL_MUG).verdict == "not worth it"
