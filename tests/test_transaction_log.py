"""The public transaction log: validated once, accepted by rfm, customer and the models."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import clvteach as ct
from clvteach.models import BetaGeo, GammaGamma


@pytest.fixture(scope="module")
def cdnow():
    return ct.datasets.load_cdnow()


@pytest.fixture(scope="module")
def log(cdnow):
    return ct.TransactionLog.from_frame(cdnow, amount_col="amount")


def test_log_holds_validated_arrays(cdnow, log):
    assert len(log) == len(cdnow) and log.n_customers == 2357
    assert log.day.dtype == np.int64 and log.amount.dtype == np.float64
    assert (log.first_date, log.last_date) == (pd.Timestamp("1997-01-01"),
                                               pd.Timestamp("1998-06-30"))
    w = log.window("1997-09-30")
    assert w.end_date == pd.Timestamp("1997-09-30")
    assert w.after_end == int((cdnow["date"] > "1997-09-30").sum())
    assert w.excluded == {"after_observation_end": w.after_end}
    assert len(w.log) + w.after_end == len(log)
    with pytest.raises(ValueError, match="observation_end must be on or after the first purchase"):
        log.window("1996-12-31")


def test_rfm_functions_give_the_same_result_from_a_log(cdnow, log):
    for fn, kw in ((ct.rfm_summary, {"observation_end": "1997-09-30"}),
                   (ct.rfm_table, {}),
                   (ct.calibration_and_holdout_data, {"calibration_end": "1997-09-30"})):
        from_frame = fn(cdnow, amount_col="amount", **kw)
        from_log = fn(log, amount_col="amount", **kw)
        pd.testing.assert_frame_equal(from_log, from_frame)
    # a log without amounts gives the summary without monetary value
    plain = ct.TransactionLog.from_frame(cdnow)
    assert "monetary" not in ct.rfm_summary(plain).columns
    with pytest.raises(ValueError, match="needs amounts, got a TransactionLog without them"):
        ct.rfm_table(plain, amount_col="amount")


def test_customer_functions_accept_a_log_and_keep_its_id_name(cdnow):
    frame = cdnow.rename(columns={"customer_id": "member"})
    log = ct.TransactionLog.from_frame(frame, customer_col="member", amount_col="amount")
    hist = ct.historical_clv(log, margin=0.3, discount_rate=0.1)
    assert hist.index.name == "member"
    pd.testing.assert_frame_equal(
        hist.reset_index(drop=True),
        ct.historical_clv(cdnow, margin=0.3, discount_rate=0.1).reset_index(drop=True))
    pred = ct.predictive_clv(log, margin=0.3, discount_rate=0.1, horizon=12, lookback=3)
    same = ct.predictive_clv(log.window(), margin=0.3, discount_rate=0.1, horizon=12,
                             lookback=3)
    pd.testing.assert_frame_equal(pred.table, same.table)
    assert pred.table.index.name == "member"
    peak = ct.peak_gap_potential(log, pred)
    assert peak.index.equals(pred.table.index)
    # a log without amounts cannot be valued
    with pytest.raises(ValueError, match="predictive_clv needs amounts"):
        ct.predictive_clv(ct.TransactionLog.from_frame(frame, customer_col="member"),
                          margin=0.3, discount_rate=0.1)


def test_predictive_results_are_typed(log):
    pred = ct.predictive_clv(log, margin=0.3, discount_rate=0.1, horizon=12)
    assert isinstance(pred, ct.PredictiveCLV)
    assert pred.period == "month" and pred.margin == 0.3 and pred.horizon == 12
    assert pred.observation_end == log.last_date and pred.table.attrs == {}
    with pytest.raises(AttributeError):
        pred.retention = 0.5  # frozen
    for fn, kw in ((ct.spend_gap_potential, {}),
                   (ct.referral_potential, {"referrals_per_period": 0.1,
                                            "value_per_referral": 50.0}),
                   (ct.spend_benchmark, {})):
        with pytest.raises(TypeError, match="must be the output of predictive_clv"):
            fn(pred.table, **kw)


def test_models_fit_from_a_log(log):
    bg = BetaGeo(time_unit=ct.WEEK).fit_transactions(log, observation_end="1997-09-30")
    # Fader, Hardie & Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426
    for name, value in {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}.items():
        assert bg.params_[name] == pytest.approx(value, abs=5e-4)
    gg = GammaGamma().fit_transactions(log, observation_end="1997-09-30")
    # Fader & Hardie (2013): p = 6.25, q = 3.74, gamma = 15.44
    for name, value in {"p": 6.25, "q": 3.74, "v": 15.44}.items():
        assert gg.params_[name] == pytest.approx(value, abs=5e-3)
