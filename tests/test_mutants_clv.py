"""Tests that kill surviving mutants of clvteach/clv.py (``make mutation``, issue 17).

Public behaviour only (the module's structure is being reworked): published values of the
courseware's Zhang San case, boundaries, and the parameter and value an error names.
"""
from __future__ import annotations

import pytest

import clvteach as ct


def test_potential_value_as_dict_holds_every_field():
    pv = ct.potential_value_courseware()
    d = pv.as_dict()
    assert d == {"upgrade": pv.upgrade, "referral": pv.referral, "data": 0.0,
                 "total": pytest.approx(1488.155, abs=1e-3), "method": "courseware",
                 "multiplier": pv.multiplier, "current_value": pv.current_value,
                 "upgrade_extra_profit": 720.0}
