"""Tests that kill surviving mutants of clvteach/customer.py (``make mutation``, issue 17).

Public behaviour only (the module's internals are being restructured): values computed by
hand on small transaction logs, boundaries, and the parameter and value an error names.
"""
from __future__ import annotations

import pandas as pd
import pytest

import clvteach as ct


def _zhang_san_log() -> pd.DataFrame:
    # 2,400 yuan a year for three years, one purchase a month
    dates = pd.date_range("2021-01-01", periods=36, freq="MS")
    return pd.DataFrame({"customer_id": "zs", "date": dates, "amount": 200.0})


def test_historical_clv_is_revenue_times_margin_and_compounds_with_a_rate():
    tx = ct.TransactionLog.from_frame(_zhang_san_log(), amount_col="amount").window("2023-12-31")
    plain = ct.historical_clv(tx, margin=0.6).loc["zs"]
    assert plain["revenue"] == 7200.0 and plain["purchases"] == 36
    assert plain["historical_value"] == pytest.approx(4320.0)
    grown = ct.historical_clv(tx, margin=0.6, discount_rate=0.1).loc["zs"]
    assert grown["profit"] == pytest.approx(4320.0)
    # every purchase carried forward to the end: more than the plain profit, less than
    # all of it carried for the full three years
    assert 4320.0 < grown["historical_value"] < 4320.0 * 1.1 ** 3
