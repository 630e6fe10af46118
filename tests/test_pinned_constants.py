"""Constants that hand-made mutations showed no test pinned (issue 17): each test here
fails if the constant changes (payback tolerance, Laplace smoothing, the smoothing
window, the negligible-survival cut-off, the default peak window)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import clvteach as ct


def test_observed_payback_tolerates_rounding_of_the_cumulative_margin():
    # margin 0.3 x 1 yuan a month: 0.3 + 0.3 + 0.3 = 0.8999999999999999 in floating point,
    # which must count as covering a CAC of 0.9 after exactly 3 months
    tx = pd.DataFrame({"customer_id": ["a"] * 6,
                       "date": pd.date_range("2024-01-01", periods=6, freq="MS"),
                       "amount": 1.0})
    customers = pd.DataFrame({"channel": ["x"], "cac": [0.9]},
                             index=pd.Index(["a"], name="customer_id"))
    window = ct.TransactionLog.from_frame(tx, amount_col="amount").window("2024-06-30")
    table = ct.channel_economics(window, customers, margin=0.3, discount_rate=0.1)
    assert table.loc["x", "observed_payback_periods"] == 3.0
    # and a CAC just above three months' margin is not covered until the fourth
    customers["cac"] = 0.9 + 1e-6
    table = ct.channel_economics(window, customers, margin=0.3, discount_rate=0.1)
    assert table.loc["x", "observed_payback_periods"] == 4.0


def test_pattern_activity_share_is_laplace_smoothed_over_the_span():
    # first active in period 0, last in period 3: span 4, 3 active periods,
    # share = 3 / (4 + 1) = 0.6 (not 3 / 4), silence 4 periods
    result = ct.classify_pattern([1, 0, 1, 1, 0, 0, 0, 0])
    f = result.features
    assert (f["span"], f["active_periods"], f["trailing_silence"]) == (4, 3, 4)
    assert f["activity_share"] == 0.6
    assert f["p_silence"] == pytest.approx(0.4 ** 4, rel=1e-12)


def test_pattern_peak_level_is_a_three_period_moving_average():
    # moving averages of [1, 4, 1, 1] (zero-padded): 5/3, 2, 2, 2/3 -> peak 2, not 4
    assert ct.classify_pattern([1, 4, 1, 1]).features["peak_level"] == pytest.approx(2.0)
    # spans shorter than 3 are not smoothed
    assert ct.classify_pattern([1, 4]).features["peak_level"] == 4.0


def test_payback_is_found_after_survival_falls_below_a_thousandth():
    # retention 0.5, no discounting: cumulative margin 1000 (1 - 0.5^T) reaches
    # 1000 (1 - 0.5^12) in year 12, when survival 0.5^11 ~ 5e-4 is small but not negligible
    cac = 1000 * (1 - 0.5 ** 12)
    assert ct.payback_period(cac=cac, annual_revenue=1000, margin=1.0, retention=0.5,
                             discount_rate=0.0) == 12
    # a CAC above the infinite-horizon value is never paid back
    assert ct.payback_period(cac=1000.5, annual_revenue=1000, margin=1.0, retention=0.5,
                             discount_rate=0.0) is None


def test_peak_window_defaults_to_three_periods_without_a_lookback():
    # spend 0, 0, 900, 0, 0, 0 per month (one big month), then 30 a month: the 3-month
    # peak is 900 / 3 = 300, not 900 (a one-month window)
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    amounts = [30.0, 30.0, 900.0, 0, 0, 0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0]
    tx = pd.DataFrame({"customer_id": 1, "date": months, "amount": amounts})
    tx = tx[tx["amount"] > 0]
    pred = ct.predictive_clv(tx, margin=0.5, discount_rate=0.1, retention=0.9, horizon=12)
    pot = ct.peak_gap_potential(tx, pred)
    assert ct.DEFAULT_PEAK_WINDOW == 3
    peak = ct.peak_spend(tx, pred).iloc[0]
    assert peak == pytest.approx((30 + 30 + 900) / 3)
    assert np.isfinite(pot.iloc[0]) and pot.iloc[0] > 0


@pytest.mark.parametrize("name", ["reached", "acquired", "converted", "retained", "won_back",
                                  "acquisition_spend"])
def test_funnel_counts_name_the_negative_input(name):
    counts = dict(reached=1000, acquired=100, converted=50, retained=40, won_back=5,
                  acquisition_spend=2000)
    counts[name] = -1
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        ct.funnel_kpis(**counts)
