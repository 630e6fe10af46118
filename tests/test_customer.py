"""Per-customer CLV: historical value, cohort retention, predictive CLV, channel economics."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import clvteach as ct


def _monthly(customer, start, months, amount, day=5):
    dates = pd.date_range(start, periods=months, freq="MS") + pd.Timedelta(days=day - 1)
    return pd.DataFrame({"customer_id": customer, "date": dates, "amount": float(amount)})


def _upto(tx, end):
    """The transactions observed up to ``end``."""
    return ct.TransactionLog.from_frame(tx, amount_col="amount").window(end)


def _tx(rows):
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# --------------------------------------------------------------------------- historical
def test_zhang_san_historical_value_from_transactions():
    # 200 yuan a month for 3 years = 2400 a year; margin 60 % -> the courseware's 4320
    tx = _monthly("zhang_san", "2022-01-01", 36, 200)
    h = ct.historical_clv(_upto(tx, "2024-12-31"), margin=0.6)
    row = h.loc["zhang_san"]
    assert row["revenue"] == 7200 and row["purchases"] == 36
    assert row["historical_value"] == pytest.approx(4320)
    assert row["historical_value"] == pytest.approx(
        ct.historical_value(annual_revenue=2400, margin=0.6, years=3))


def test_historical_value_compounds_past_profit():
    tx = _tx([(1, "2020-01-01", 100.0), (1, "2021-12-31", 50.0)])
    h = ct.historical_clv(_upto(tx, "2021-12-31"), margin=0.5, discount_rate=0.1)
    expected = 50 * 1.1 ** (730 / 365.25) + 25
    assert h.loc[1, "historical_value"] == pytest.approx(expected)
    assert h.loc[1, "profit"] == 75
    assert h.loc[1, "tenure_years"] == pytest.approx(730 / 365.25)


def test_historical_value_on_cdnow_matches_groupby():
    tx = ct.datasets.load_cdnow()
    h = ct.historical_clv(tx, margin=0.25)
    expected = tx.groupby("customer_id")["amount"].sum() * 0.25
    np.testing.assert_allclose(h["profit"], expected.loc[h.index])
    assert len(h) == 2357
    with pytest.raises(ValueError, match=r"margin must be in \[0, 1\], got 1.5"):
        ct.historical_clv(tx, margin=1.5)


# ----------------------------------------------------------------------------- cohorts
@pytest.fixture
def three_customers():
    # A: Jan, Feb, Mar; B: Jan, Mar; C: Feb (two lines the same day)
    return _tx([("A", "2023-01-03", 10), ("A", "2023-02-03", 10), ("A", "2023-03-03", 10),
                ("B", "2023-01-09", 20), ("B", "2023-03-09", 20),
                ("C", "2023-02-11", 5), ("C", "2023-02-11", 5)])


def test_cohort_table_by_hand(three_customers):
    cohorts = ct.cohort_retention(_upto(three_customers, "2023-03-31"))
    table = cohorts.table
    assert list(table.index) == [pd.Timestamp("2023-01-01"), pd.Timestamp("2023-02-01"),
                                 pd.Timestamp("2023-03-01")] or list(table.index) == [
        pd.Timestamp("2023-01-01"), pd.Timestamp("2023-02-01")]
    jan = table.loc[pd.Timestamp("2023-01-01")]
    assert jan[0] == 1.0 and jan[1] == 0.5 and jan[2] == 1.0
    feb = table.loc[pd.Timestamp("2023-02-01")]
    assert feb[1] == 0.0 and np.isnan(feb[2])  # April is not observed
    assert cohorts.cohort_size.tolist() == [2, 1]
    assert cohorts.period == "month"
    assert cohorts.last_complete_period == pd.Timestamp("2023-03-01")
    assert "CohortRetention" in repr(cohorts) and "<table" in cohorts._repr_html_()
    counts = ct.cohort_retention(_upto(three_customers, "2023-03-31"), normalize=False).table
    assert counts.loc[pd.Timestamp("2023-01-01"), 2] == 2


def test_retention_estimate_by_hand(three_customers):
    with_acq = ct.estimate_retention(_upto(three_customers, "2023-03-31"),
                                     include_acquisition_period=True)
    # at risk: A-Jan, A-Feb, B-Jan, C-Feb; retained: A-Jan, A-Feb
    assert (with_acq.at_risk, with_acq.retained, with_acq.retention) == (4, 2, 0.5)
    assert with_acq.annual_retention == pytest.approx(0.5**12)
    without = ct.estimate_retention(_upto(three_customers, "2023-03-31"))
    assert (without.at_risk, without.retained) == (1, 1)  # only A-Feb -> Mar


def test_partial_last_period_is_not_used(three_customers):
    # ending mid-March: March is incomplete, so Feb -> Mar transitions are not observed
    est = ct.estimate_retention(_upto(three_customers, "2023-03-15"),
                                include_acquisition_period=True)
    assert (est.at_risk, est.retained) == (2, 1)  # A-Jan (kept), B-Jan (lost)
    with pytest.raises(ValueError, match="must span at least two complete months"):
        ct.estimate_retention(_upto(three_customers, "2023-01-31"))
    with pytest.raises(ValueError, match="period must be one of 'year', 'quarter', 'month', 'week'"):
        ct.estimate_retention(three_customers, period="day")


def test_weekly_and_quarterly_periods(three_customers):
    q = ct.cohort_retention(_upto(three_customers, "2023-06-30"), period="quarter").table
    assert q.shape == (1, 1) and q.iloc[0, 0] == 1.0
    w = ct.cohort_retention(_upto(three_customers, "2023-03-31"), period="week").table
    assert w.index[0] == pd.Timestamp("2023-01-02")  # the Monday of 2023-01-03's week
    assert w.index[0].day_name() == "Monday"


# -------------------------------------------------------------------------- predictive
def test_predictive_clv_uses_core_margin_multiple_and_matches_current_value():
    tx = pd.concat([_monthly(i, "2023-01-01", 12, 100 * (i + 1)) for i in range(3)])
    p = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.6, discount_rate=0.1,
                          retention=0.9, horizon=24)
    multiple = ct.margin_multiple(retention=0.9, discount_rate=ct.units.annual_to_period_rate(
        0.1, period="month"), horizon=24)
    assert p.margin_multiple == pytest.approx(multiple)
    assert p.table["revenue_per_period"].tolist() == [100, 200, 300]
    assert p.table.loc[0, "predicted_clv"] == pytest.approx(0.6 * 100 * multiple)
    # same as the courseware DCF with annual inputs converted to months
    core = ct.current_value(annual_revenue=1200, margin=0.6, retention=0.9**12,
                            discount_rate=0.1, horizon=24, period="month")
    assert p.table.loc[0, "predicted_clv"] == pytest.approx(core, rel=1e-9)
    assert (p.period, p.horizon, p.lookback) == ("month", 24, None)
    assert p.observation_end == pd.Timestamp("2023-12-31")
    assert "PredictiveCLV" in repr(p) and "<table" in p._repr_html_()


def test_predictive_clv_estimates_retention_from_cohorts():
    tx, _ = ct.datasets.simulate_coffee_shop(800, seed=5)
    p = ct.predictive_clv(tx, margin=0.3, discount_rate=0.1)
    est = ct.estimate_retention(tx)
    assert p.retention == pytest.approx(est.retention)
    assert 0.5 < est.retention < 1
    np.testing.assert_allclose(p.table["predicted_clv"],
                               p.table["margin_per_period"] * p.margin_multiple)


def test_lookback_values_present_behaviour():
    tx = pd.concat([_monthly("lost", "2023-01-01", 3, 100),
                    _monthly("active", "2023-01-01", 12, 100)])
    whole = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.5, discount_rate=0.1,
                              retention=0.8).table
    recent = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.5, discount_rate=0.1,
                               retention=0.8, lookback=3).table
    assert whole.loc["lost", "revenue_per_period"] == 25  # 300 over 12 months
    assert recent.loc["lost", "predicted_clv"] == 0
    assert recent.loc["active", "revenue_per_period"] == 100
    spend = ct.spend_per_period(_upto(tx, "2023-12-31"), lookback=3)
    pd.testing.assert_frame_equal(
        spend, recent[["revenue", "periods", "revenue_per_period",
                       "previous_revenue_per_period"]])
    with pytest.raises(ValueError, match=r"lookback must be in \[1, inf\), got 0"):
        ct.predictive_clv(tx, margin=0.5, discount_rate=0.1, retention=0.8, lookback=0)
    with pytest.raises(ValueError, match=r"retention must be in \[0, 1\), got 1.0"):
        ct.predictive_clv(tx, margin=0.5, discount_rate=0.1, retention=1.0)


def test_spend_gap_potential_follows_the_courseware_upgrade_formula():
    tx = pd.concat([_monthly(i, "2023-01-01", 12, amount)
                    for i, amount in enumerate([100, 200, 300, 400, 500])]
                   + [_monthly("lost", "2023-01-01", 2, 50)])
    p = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.6, discount_rate=0.1,
                          retention=0.8, lookback=3)
    pot = ct.spend_gap_potential(p, benchmark_quantile=0.75, success_probability=0.3)
    assert ct.spend_benchmark(p) == 400  # among customers still buying
    m = p.margin_multiple
    assert pot.loc[0] == pytest.approx(0.3 * 0.6 * 300 * m)
    assert pot.loc[3] == 0 and pot.loc[4] == 0 and pot.loc["lost"] == 0


# ---------------------------------------------------------------------------- channels
def test_channel_economics_on_the_simulated_chain():
    tx, customers = ct.datasets.simulate_coffee_shop(2000, seed=9)
    econ = ct.channel_economics(tx, customers, margin=0.3, discount_rate=0.1)
    params = ct.datasets.CoffeeShopParams()
    assert set(econ.index) == {c.name for c in params.channels}
    assert econ["customers"].sum() == 2000
    for name, row in econ.iterrows():
        assert row["clv_cac"] == pytest.approx(ct.clv_cac_ratio(clv=row["clv"], cac=row["cac"]))
        assert row["verdict"] == ct.clv_cac_verdict(row["clv_cac"])
        expected = ct.payback_period(
            cac=row["cac"], annual_revenue=row["margin_per_active_period"] / 0.3 * 12,
            margin=0.3, retention=row["retention"] ** 12, discount_rate=0.1, period="month",
            convention="start")
        assert row["payback_periods"] == expected, name
    # the three steps give the same table
    estimates = ct.channel_estimates(tx, customers)
    pd.testing.assert_series_equal(estimates["retention"], econ["retention"])
    for name, row in estimates.iterrows():
        value = ct.channel_value(retention=row["retention"],
                                 revenue_per_active_period=row["revenue_per_active_period"],
                                 cac=row["cac"], margin=0.3, discount_rate=0.1)
        assert value == ct.ChannelValue(*econ.loc[name, ["clv", "clv_cac", "verdict",
                                                         "payback_periods"]])
    pd.testing.assert_series_equal(ct.observed_payback(tx, customers, margin=0.3),
                                   econ["observed_payback_periods"])
    unknown = ct.channel_value(retention=float("nan"), revenue_per_active_period=10.0, cac=5.0,
                               margin=0.3, discount_rate=0.1)
    assert unknown.verdict == "unknown" and np.isnan(unknown.clv)
    with pytest.raises(ValueError, match=r"retention must be in \[0, 1\], got 1.5"):
        ct.channel_value(retention=1.5, revenue_per_active_period=10.0, cac=5.0, margin=0.3,
                         discount_rate=0.1)
    # the expensive delivery-platform customers are the worst deal, referrals retain best
    assert econ["clv_cac"].idxmin() == "delivery_app"
    assert econ["retention"].idxmax() == "referral"


def test_observed_payback_by_hand():
    # two customers, CAC 50; 100 yuan a month at 30 % margin = 30 a month -> 2 months
    tx = pd.concat([_monthly("a", "2023-01-01", 6, 100), _monthly("b", "2023-01-01", 6, 100)])
    customers = pd.DataFrame({"channel": ["x", "x"], "cac": [50.0, 50.0]},
                             index=pd.Index(["a", "b"], name="customer_id"))
    econ = ct.channel_economics(_upto(tx, "2023-06-30"), customers, margin=0.3,
                                discount_rate=0.0)
    assert econ.loc["x", "observed_payback_periods"] == 2
    assert econ.loc["x", "retention"] == 1.0  # nobody left: no finite CLV
    assert np.isnan(econ.loc["x", "clv"]) and econ.loc["x", "verdict"] == "unknown"


def test_channel_economics_bad_input():
    tx = _tx([(1, "2023-01-01", 10.0), (2, "2023-02-01", 10.0)])
    customers = pd.DataFrame({"channel": ["x"], "cac": [5.0]}, index=[1])
    with pytest.raises(ValueError, match="customers must have a row for every customer in transactions, got none for 2"):
        ct.channel_economics(tx, customers, margin=0.3, discount_rate=0.1)
    with pytest.raises(ValueError, match="customers is missing column 'cac'"):
        ct.channel_economics(tx, customers.drop(columns="cac"), margin=0.3, discount_rate=0.1)


def test_customer_functions_share_the_input_policies():
    tx = _tx([(1, "2023-01-01", 10.0), (1, "2023-02-01", -4.0), (2, "2023-03-01", 6.0)])
    with pytest.raises(ValueError, match="must be >= 0 \\(returns are not purchases\\)"):
        ct.historical_clv(tx, margin=0.5)
    with pytest.warns(UserWarning, match="TransactionLog.from_frame dropped 1 rows with negative 'amount'"):
        log = ct.TransactionLog.from_frame(tx, amount_col="amount", returns="drop")
    h = ct.historical_clv(log, margin=0.5)
    assert h["revenue"].tolist() == [10.0, 6.0]
    assert log.window().excluded == {"returns": 1, "after_observation_end": 0}
    with pytest.raises(ValueError, match="transactions is missing column 'amount'"):
        ct.predictive_clv(tx.drop(columns="amount"), margin=0.5, discount_rate=0.1,
                          retention=0.5)
    with pytest.raises(ValueError, match="transactions must have at least 1 row, got 0"):
        ct.cohort_retention(tx.iloc[:0])


def test_referral_potential_follows_the_courseware_referral_formula():
    tx = pd.concat([_monthly(i, "2023-01-01", 12, amount)
                    for i, amount in enumerate([100, 200, 300, 400, 500])]
                   + [_monthly("lost", "2023-01-01", 2, 50)])
    p = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.6, discount_rate=0.1,
                          retention=0.8, lookback=3)
    ref = ct.referral_potential(p, referrals_per_period=0.5 / 12, value_per_referral=3058,
                                cost_per_referral=500)
    m = p.margin_multiple
    full = 0.5 / 12 * (3058 - 500) * m  # a fully engaged customer (at or above benchmark)
    assert ref.loc[3] == pytest.approx(full) and ref.loc[4] == pytest.approx(full)
    assert ref.loc[0] == pytest.approx(full * 100 / 400)
    assert ref.loc["lost"] == 0
    with pytest.raises(ValueError, match=r"referrals_per_period must be in \[0, inf\), got -1"):
        ct.referral_potential(p, referrals_per_period=-1, value_per_referral=1)
    with pytest.raises(TypeError, match="predictive must be the output of predictive_clv"):
        ct.referral_potential(pd.DataFrame({"revenue_per_period": [1.0]}),
                              referrals_per_period=1, value_per_referral=1)


def test_trend_lowers_the_potential_of_declining_customers():
    # "rising" spends 50 then 100 a month; "falling" 400 then 100; "new" only recently
    tx = pd.concat([_monthly("rising", "2023-07-01", 3, 50),
                    _monthly("rising", "2023-10-01", 3, 100),
                    _monthly("falling", "2023-07-01", 3, 400),
                    _monthly("falling", "2023-10-01", 3, 100),
                    _monthly("new", "2023-11-01", 2, 150), _monthly("top", "2023-07-01", 6, 500)])
    p = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.5, discount_rate=0.1,
                          retention=0.8, lookback=3)
    assert p.table.loc["rising", "previous_revenue_per_period"] == 50
    assert p.table.loc["falling", "previous_revenue_per_period"] == 400
    assert np.isnan(p.table.loc["new", "previous_revenue_per_period"])
    assert p.table.loc["new", "revenue_per_period"] == 150  # 300 over its 2 months so far
    flat = ct.spend_gap_potential(p)
    trend = ct.spend_gap_potential(p, use_trend=True)
    assert trend.loc["rising"] == pytest.approx(flat.loc["rising"])
    assert trend.loc["new"] == pytest.approx(flat.loc["new"])
    assert trend.loc["falling"] == pytest.approx(flat.loc["falling"] * 100 / 400)
    ref = ct.referral_potential(p, referrals_per_period=0.1, value_per_referral=100,
                                use_trend=True)
    ref_flat = ct.referral_potential(p, referrals_per_period=0.1, value_per_referral=100)
    assert ref.loc["falling"] == pytest.approx(ref_flat.loc["falling"] / 4)
    whole = ct.predictive_clv(tx, margin=0.5, discount_rate=0.1, retention=0.8)
    with pytest.raises(ValueError, match="use_trend needs predictive_clv"):
        ct.spend_gap_potential(whole, use_trend=True)


# ------------------------------------------------------------------ peak-gap potential
def test_peak_gap_potential_is_the_gap_to_the_customers_own_peak():
    tx = pd.concat([
        _monthly("steady_big", "2023-01-01", 12, 500),  # at his peak: no potential
        pd.concat([_monthly("fading_big", "2023-01-01", 6, 900),  # fell from 900 to 400
                   _monthly("fading_big", "2023-07-01", 6, 400)]),
        _monthly("small", "2023-01-01", 12, 50),
        _monthly("lapsed", "2023-01-01", 4, 300),  # win-back room: 300 a month
    ])
    p = ct.predictive_clv(_upto(tx, "2023-12-31"), margin=0.6, discount_rate=0.1,
                          retention=0.8, lookback=3)
    pot = ct.peak_gap_potential(tx, p, success_probability=0.3)
    m = p.margin_multiple
    peak = ct.peak_spend(tx, p)  # over the lookback of predictive: 3 months
    assert peak["fading_big"] == 900 and peak.name == "peak_revenue_per_period"
    assert ct.peak_spend(tx, p, window=1)["lapsed"] == 300
    assert pot["fading_big"] == pytest.approx(0.3 * 0.6 * (900 - 400) * m)
    assert pot["lapsed"] == pytest.approx(0.3 * 0.6 * 300 * m)
    assert pot["steady_big"] == 0 and pot["small"] == 0
    # independent of the level of current spend: a big spender can be high on both axes
    seg = ct.clv_segments(p.table["predicted_clv"], pot, current_threshold=500,
                          potential_threshold=1)
    assert seg.to_dict() == {"fading_big": "high_value", "lapsed": "growth",
                             "small": "low_value", "steady_big": "watch"}
    with pytest.raises(ValueError, match=r"success_probability must be in \[0, 1\], got 2"):
        ct.peak_gap_potential(tx, p, success_probability=2)
    with pytest.raises(ValueError, match=r"window must be in \[1, inf\), got 0"):
        ct.peak_gap_potential(tx, p, window=0)
    with pytest.raises(ValueError, match="transactions must be the ones predictive"):
        ct.peak_gap_potential(tx[tx["customer_id"] != "small"], p)
    with pytest.raises(TypeError, match="output of predictive_clv"):
        ct.peak_gap_potential(tx, p.table)


@pytest.mark.parametrize("data", ["coffee", "cdnow"])
def test_peak_gap_potential_populates_all_four_segments(data):
    # notebook 04's coffee chain (5,000 customers, seed 2024) and the CDNOW dashboard: the
    # spend-gap potential left the high-value and watch segments (almost) empty
    if data == "coffee":
        tx = ct.datasets.simulate_coffee_shop(5_000, seed=2024).transactions
        p = ct.predictive_clv(tx, margin=0.6, discount_rate=0.1, period="month", horizon=36,
                              lookback=3)
    else:
        tx = ct.datasets.load_cdnow()
        p = ct.predictive_clv(tx, margin=0.3, discount_rate=0.1, period="month")
    pot = ct.peak_gap_potential(tx, p)
    counts = ct.clv_segments(p.table["predicted_clv"], pot).value_counts()
    assert (counts >= 0.05 * len(p.table)).all(), counts.to_dict()


def test_docstring_examples_of_the_data_modules_run():
    import doctest

    from clvteach import customer, rfm, segmentation

    for module in (customer, rfm, segmentation):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0 and result.attempted > 0, module.__name__
