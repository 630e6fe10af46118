"""Tests that kill surviving mutants of clvteach/customer.py (``make mutation``, issue 17).

Public behaviour only (the module's internals are being restructured): values computed by
hand on small transaction logs, boundaries, and the parameter and value an error names.
"""
from __future__ import annotations

import math
import re
import warnings

import numpy as np
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


def _payback_case(cac_x: float) -> pd.Series:
    # window to 2024-06-15: June is incomplete, so May is the last complete month.
    # channel x: a (Jan, 5 complete months seen) buys 10 in Jan, Feb, Apr and June (June
    # not counted); b (Apr, 2 months seen) buys 30 in April; c (June, 0 months seen) buys
    # 20 in June. Margin 0.5: per customer observed at least n months, the mean
    # cumulative margin is 10, 12.5, 10, 15, 15 for n = 1..5.
    # channel late: d joins in June (no complete month). channel y: e buys 100 in January.
    rows = [("a", "2024-01-03", 10), ("a", "2024-02-03", 10), ("a", "2024-04-03", 10),
            ("a", "2024-06-03", 10), ("b", "2024-04-10", 30), ("c", "2024-06-05", 20),
            ("d", "2024-06-06", 50), ("e", "2024-01-20", 100)]
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    tx["date"] = pd.to_datetime(tx["date"])
    window = ct.TransactionLog.from_frame(tx, amount_col="amount").window("2024-06-15")
    customers = pd.DataFrame({"channel": ["x", "x", "x", "late", "y"],
                              "cac": [cac_x, cac_x, cac_x, 5.0, 40.0]},
                             index=pd.Index(list("abcde"), name="customer_id"))
    return ct.observed_payback(window, customers, margin=0.5)


@pytest.mark.parametrize("cac, months", [(0.0, 0.0), (10.0, 1.0), (12.5, 2.0), (14.0, 4.0),
                                         (16.0, math.nan)])
def test_observed_payback_by_hand(cac, months):
    payback = _payback_case(cac)
    assert payback.index.tolist() == ["late", "x", "y"]
    np.testing.assert_equal(payback["x"], months)
    assert math.isnan(payback["late"])  # nobody observed for a complete month
    assert payback["y"] == 1.0  # 0.5 x 100 covers 40 in the first month


def _log(rows, *, amounts=True):
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    tx["date"] = pd.to_datetime(tx["date"])
    return tx if amounts else tx.drop(columns="amount")


def test_cohort_retention_and_estimate_need_no_amounts():
    tx = _log([("a", "2024-01-05", 1), ("a", "2024-02-05", 1), ("b", "2024-02-07", 1),
               ("a", "2024-03-05", 1)], amounts=False)
    cohorts = ct.cohort_retention(tx)
    assert cohorts.table.index.name == "cohort" and cohorts.table.columns.name == "k"
    assert cohorts.table.columns.tolist() == [0, 1, 2]
    assert cohorts.cohort_size.name == "cohort_size" and cohorts.cohort_size.dtype == np.int64
    assert cohorts.cohort_size.tolist() == [1, 1]
    assert cohorts.cohort_size.index.equals(cohorts.table.index)
    assert cohorts.table.index[0] == pd.Timestamp("2024-01-01")
    longer = _log([("a", "2024-01-05", 1), ("a", "2024-02-05", 1), ("b", "2024-02-07", 1),
                   ("a", "2024-03-05", 1), ("a", "2024-06-05", 1)], amounts=False)
    ct.estimate_retention(longer)  # no amount column needed either
    with pytest.raises(TypeError, match=r"^include_acquisition_period\b"):
        ct.estimate_retention(longer, include_acquisition_period="yes")


def test_historical_clv_per_customer_in_any_log_order():
    # b's rows come first: the compounded values must still land on the right customer
    tx = _log([("b", "2023-01-01", 100), ("a", "2024-01-01", 10), ("b", "2024-01-01", 100)])
    window = ct.TransactionLog.from_frame(tx, amount_col="amount").window("2024-01-01")
    h = ct.historical_clv(window, margin=0.5, discount_rate=0.1)
    assert h.index.tolist() == ["a", "b"]
    assert h.loc["a", "historical_value"] == pytest.approx(5.0)
    assert h.loc["b", "historical_value"] == pytest.approx(50 * 1.1 ** (365 / 365.25) + 50)
    assert h["purchases"].dtype == np.int64 and h["purchases"].tolist() == [1, 2]
    assert h["first_purchase"].dtype == "datetime64[ns]"
    assert h.loc["b", "first_purchase"] == pd.Timestamp("2023-01-01")
    assert h["last_purchase"].dtype == "datetime64[ns]"
    assert h.loc["b", "last_purchase"] == pd.Timestamp("2024-01-01")
    with pytest.raises(ValueError, match=r"^discount_rate\b"):
        ct.historical_clv(window, margin=0.5, discount_rate=-0.1)


def _predictive():
    # three customers spending 10, 20 and 40 a month over three months
    rows = [(c, f"2024-0{m}-10", amount) for c, amount in (("a", 10), ("b", 20), ("c", 40))
            for m in (1, 2, 3)]
    window = ct.TransactionLog.from_frame(_log(rows), amount_col="amount").window("2024-03-31")
    return ct.predictive_clv(window, margin=0.5, discount_rate=0.1, retention=0.8)


def test_referral_potential_by_formula():
    pred = _predictive()
    m = pred.margin_multiple
    # benchmark: the 75 % quantile of 10, 20, 40 = 30; engagement min(1, R / 30)
    got = ct.referral_potential(pred, referrals_per_period=0.1, value_per_referral=100.0)
    assert got.name == "referral_value" and got.index.tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(got, 0.1 * np.array([10 / 30, 20 / 30, 1.0]) * 100 * m)
    # a reward per referral is subtracted; another quantile moves the benchmark (median 20)
    with_cost = ct.referral_potential(pred, referrals_per_period=0.1, value_per_referral=100.0,
                                      cost_per_referral=40.0, benchmark_quantile=0.5)
    np.testing.assert_allclose(with_cost, 0.1 * np.array([0.5, 1.0, 1.0]) * 60 * m)
    for name, bad in [("value_per_referral", "x"), ("cost_per_referral", -1.0),
                      ("benchmark_quantile", 1.5)]:
        kwargs = {"referrals_per_period": 0.1, "value_per_referral": 100.0, name: bad}
        with pytest.raises((TypeError, ValueError), match=rf"^{name}\b"):
            ct.referral_potential(pred, **kwargs)


def test_spend_gap_potential_by_formula():
    rows = [(c, f"2024-0{m}-10", amount) for c, amount in (("a", 10), ("b", 20), ("c", 40),
                                                          ("d", 0.5), ("e", 30))
            for m in (1, 2, 3)]
    window = ct.TransactionLog.from_frame(_log(rows), amount_col="amount").window("2024-03-31")
    pred = ct.predictive_clv(window, margin=0.5, discount_rate=0.1, retention=0.8)
    m = pred.margin_multiple
    # benchmark: the 75 % quantile of 0.5, 10, 20, 30, 40 = 30; PV = p m max(0, 30 - R) M
    got = ct.spend_gap_potential(pred)
    assert got.name == "potential_value"
    np.testing.assert_allclose(got, 0.3 * 0.5 * np.array([20, 10, 0, 29.5, 0]) * m)
    median = ct.spend_gap_potential(pred, benchmark_quantile=0.5, success_probability=1.0)
    np.testing.assert_allclose(median, 0.5 * np.array([10, 0, 0, 19.5, 0]) * m)
    for name in ("success_probability", "benchmark_quantile"):
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            ct.spend_gap_potential(pred, **{name: 1.5})


def test_channel_economics_passes_horizon_and_period_on():
    rows = [("a", "2024-01-03", 10), ("a", "2024-02-03", 10), ("b", "2024-01-10", 30),
            ("a", "2024-04-03", 10), ("b", "2024-05-10", 30), ("a", "2024-06-03", 10)]
    window = ct.TransactionLog.from_frame(_log(rows), amount_col="amount").window("2024-06-30")
    customers = pd.DataFrame({"channel": ["x", "x"], "cac": [12.0, 13.0]},
                             index=pd.Index(["a", "b"], name="customer_id"))
    for horizon in (None, 3):
        econ = ct.channel_economics(window, customers, margin=0.5, discount_rate=0.1,
                                    horizon=horizon).loc["x"]
        est = ct.channel_estimates(window, customers).loc["x"]
        value = ct.channel_value(retention=est["retention"],
                                 revenue_per_active_period=est["revenue_per_active_period"],
                                 cac=est["cac"], margin=0.5, discount_rate=0.1,
                                 period="month", horizon=horizon)
        assert econ["clv"] == pytest.approx(value.clv)
        np.testing.assert_equal(econ["payback_periods"], value.payback_periods)
    quarterly = ct.channel_economics(window, customers, margin=0.5, discount_rate=0.1,
                                     period="quarter").loc["x"]
    assert quarterly["clv"] != pytest.approx(econ["clv"])
    for name, bad in [("margin", 1.5), ("discount_rate", -0.1)]:
        kwargs = {"margin": 0.5, "discount_rate": 0.1, name: bad}
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            ct.channel_economics(window, customers, **kwargs)


def test_spend_trend_scales_the_upgrade_chance():
    # lookback 2 months to 2024-04-30: recent = March-April, previous = January-February.
    # a falls 40 -> 10 a month (trend 0.25), b rises 10 -> 20 (capped at 1), c is new in
    # March (no previous window: 1), d falls 0.5 -> 0.25 (0.5), e bought nothing in
    # January-February (no previous spend: 1)
    spend = {"a": (40, 40, 10, 10), "b": (10, 10, 20, 20), "c": (0, 0, 15, 15),
             "d": (0.5, 0.5, 0.25, 0.25), "e": (0, 0, 10, 10)}
    rows = [(c, f"2024-0{m}-10", x) for c, xs in spend.items() for m, x in zip((1, 2, 3, 4), xs)
            if x > 0] + [("e", "2023-12-10", 5)]
    window = ct.TransactionLog.from_frame(_log(rows), amount_col="amount").window("2024-04-30")
    pred = ct.predictive_clv(window, margin=0.5, discount_rate=0.1, retention=0.8, lookback=2)
    m = pred.margin_multiple
    # benchmark: 75 % quantile of the recent 10, 20, 15, 0.25, 10 = 15
    gap = np.array([5, 0, 0, 14.75, 5])
    np.testing.assert_allclose(ct.spend_gap_potential(pred), 0.3 * 0.5 * gap * m)
    trend = np.array([0.25, 1, 1, 0.5, 1])
    np.testing.assert_allclose(ct.spend_gap_potential(pred, use_trend=True),
                               0.3 * 0.5 * gap * trend * m)
    with pytest.raises(TypeError, match=r"^use_trend\b"):
        ct.spend_gap_potential(pred, use_trend="yes")
    no_lookback = ct.predictive_clv(window, margin=0.5, discount_rate=0.1, retention=0.8)
    with pytest.raises(ValueError, match=r"^use_trend\b") as err:
        ct.spend_gap_potential(no_lookback, use_trend=True)
    assert "previous_revenue_per_period" in str(err.value) and "lookback" in str(err.value)


def test_predictive_clv_records_its_options_and_checks_them_by_name():
    rows = [("a", f"2024-0{m}-10", 10) for m in (1, 2, 3, 4)]
    window = ct.TransactionLog.from_frame(_log(rows), amount_col="amount").window("2024-04-30")
    pred = ct.predictive_clv(window, margin=0.5, discount_rate=0.1, retention=0.8,
                             convention="end", lookback=2)
    assert pred.convention == "end" and pred.lookback == 2
    assert pred.period_discount_rate == pytest.approx(1.1 ** (1 / 12) - 1)
    for name, bad, exc in [("margin", 1.5, ValueError), ("discount_rate", -0.1, ValueError),
                           ("lookback", 1.5, TypeError), ("lookback", 0, ValueError)]:
        kwargs = {"margin": 0.5, "discount_rate": 0.1, name: bad}
        with pytest.raises(exc, match=rf"^{name}\b"):
            ct.predictive_clv(window, **kwargs)
    with pytest.raises(TypeError, match=r"^predictive\b") as err:
        ct.spend_gap_potential(pred.table)
    assert "PredictiveCLV" in str(err.value) and "DataFrame" in str(err.value)


def test_spend_per_period_windows():
    # lookback 1 to April: recent = April, previous = March only (February is older)
    rows = [("a", "2024-02-10", 100), ("a", "2024-03-10", 30), ("a", "2024-04-10", 10),
            ("b", "2024-04-12", 20)]
    window = ct.TransactionLog.from_frame(_log(rows), amount_col="amount").window("2024-04-30")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # b has no previous window: NaN, without a warning
        spend = ct.spend_per_period(window, lookback=1)
    assert spend.index.name == "customer_id" and spend["periods"].dtype == np.int64
    assert spend.loc["a", "revenue_per_period"] == 10.0
    assert spend.loc["a", "previous_revenue_per_period"] == 30.0
    assert math.isnan(spend.loc["b", "previous_revenue_per_period"])  # new in April
    two = ct.spend_per_period(window, lookback=2)  # previous = January-February: 100 / 1
    assert two.loc["a", "previous_revenue_per_period"] == 100.0
    assert two.loc["a", "periods"] == 2 and two.loc["b", "periods"] == 1
    whole = ct.spend_per_period(window)
    assert whole.loc["a", "revenue"] == 140.0 and whole.loc["a", "periods"] == 3


def test_peak_spend_by_hand():
    # 3-month windows (fewer in a customer's first months): a spends 30, 0, 90, 0 from
    # January -> means 30, 15, 40, 30: peak 40; b joins in March with 60, 0 -> 60, 30:
    # peak 60; c joins in March with 0.3 -> peak 0.3. a's 500 in May is after the
    # observation end of the prediction and does not count.
    rows = [("a", "2024-01-10", 30), ("a", "2024-03-10", 90), ("b", "2024-03-12", 60),
            ("c", "2024-03-15", 0.3), ("a", "2024-05-10", 500)]
    log = ct.TransactionLog.from_frame(_log(rows), amount_col="amount")
    pred = ct.predictive_clv(log.window("2024-04-30"), margin=0.5, discount_rate=0.1,
                             retention=0.8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division warning for the months before joining
        peak = ct.peak_spend(log, pred)
    assert peak.name == "peak_revenue_per_period"
    np.testing.assert_allclose(peak, [40.0, 60.0, 0.3])
    gap = ct.peak_gap_potential(log, pred)
    assert gap.name == "potential_value"
    with pytest.raises(ValueError, match=r"^transactions\b") as err:
        ct.peak_spend(log.window("2024-03-13"), pred)  # c has not joined yet there
    assert re.search(r"\b2\b", str(err.value)) and re.search(r"\b3\b", str(err.value))


def test_functions_that_need_amounts_say_so_and_how():
    log = ct.TransactionLog.from_frame(_log([("a", "2024-01-05", 1)], amounts=False))
    with pytest.raises(ValueError, match=r"^historical_clv\b") as err:
        ct.historical_clv(log, margin=0.5)
    assert "TransactionLog" in str(err.value)
    assert "TransactionLog.from_frame(..., amount_col=...)" in str(err.value)
