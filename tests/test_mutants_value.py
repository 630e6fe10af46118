"""Tests that kill surviving mutants of clvteach/value.py (``make mutation``, issue 17)."""
from __future__ import annotations

import clvteach as ct


def test_delivered_value_as_dict_holds_every_field():
    d = ct.delivered_value().as_dict()
    assert d["name"] == "offer" and d["verdict_zh"] == "不值"
    assert set(d) == {"name", "total_value", "total_cost", "delivered_value",
                      "value_cost_ratio", "verdict", "verdict_zh"}
