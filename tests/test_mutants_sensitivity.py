"""Tests that kill surviving mutants of clvteach/sensitivity.py (``make mutation``, issue 17)."""
from __future__ import annotations

import pytest

import clvteach as ct
from clvteach.sensitivity import case_value


def test_case_value_refuses_what_is_not_a_case_and_names_the_type():
    with pytest.raises(TypeError, match="case") as err:
        case_value({"annual_revenue": 2400})
    assert "dict" in str(err.value)


def test_case_value_components_add_up_to_the_clv():
    total = case_value()
    assert total == pytest.approx(8866.9, abs=0.05)
    parts = case_value(metric="current") + case_value(metric="potential")
    assert total - parts == pytest.approx(ct.historical_value(
        annual_revenue=2400, margin=0.6, years=3))
