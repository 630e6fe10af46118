"""rfm_summary, calibration/holdout split, RFM table, scores and segments."""
from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clvteach as ct

# Golden rows: the CDNOW sample summary stored in the lifetimes package,
# github.com/CamDavidsonPilon/lifetimes, file lifetimes/datasets/cdnow_customers.csv
# (commit 16529495a21b8477f52ddad147632dd3cc925aa3), columns ID x t_x T (weeks, 2 decimals),
# calibration period 1997-01-01 .. 1997-09-30. Excerpt: the first 30 customers, the
# heaviest buyers and the last customers of the file.
LIFETIMES_CDNOW_CUSTOMERS = """\
 ID  x   t_x     T
 0001    2   30.43   38.86
 0002    1   1.71    38.86
 0003    0   0.00    38.86
 0004    0   0.00    38.86
 0005    0   0.00    38.86
 0006    7   29.43   38.86
 0007    1   5.00    38.86
 0008    0   0.00    38.86
 0009    2   35.71   38.86
 0010    0   0.00    38.86
 0011    5   24.43   38.86
 0012    0   0.00    38.86
 0013    0   0.00    38.86
 0014    0   0.00    38.86
 0015    0   0.00    38.86
 0016    0   0.00    38.86
 0017    10  34.14   38.86
 0018    1   4.86    38.86
 0019    3   28.29   38.71
 0020    0   0.00    38.71
 0021    2   14.57   38.71
 0022    0   0.00    38.71
 0023    0   0.00    38.71
 0024    0   0.00    38.71
 0025    0   0.00    38.71
 0026    1   1.57    38.71
 0027    0   0.00    38.71
 0028    1   29.43   38.71
 0029    0   0.00    38.71
 0030    1   5.86    38.71
 0046    12  34.43   38.57
 0059    1   38.43   38.43
 0088    10  35.43   38.29
 0148    13  37.86   38.00
 0157    29  37.71   38.00
 0164    10  37.00   37.86
 0167    13  28.14   37.86
 0325    25  27.29   36.86
 0382    11  36.43   36.57
 0495    1   36.00   36.00
 0509    18  35.14   35.86
 0519    1   35.86   35.86
 0558    12  23.86   35.57
 0584    1   35.43   35.43
 2228    3   19.86   27.57
 2240    6   27.57   27.57
 2285    6   13.29   27.29
 2303    7   23.43   27.14
 2332    5   13.00   27.00
 2348    7   24.14   27.00
 2354    5   24.29   27.00
 2356    4   26.57   27.00
 2357    0   0.00    27.00
"""


@pytest.fixture(scope="module")
def cdnow():
    return ct.datasets.load_cdnow()


@pytest.fixture(scope="module")
def cdnow_summary(cdnow):
    return ct.rfm_summary(cdnow, amount_col="amount", observation_end="1997-09-30")


def _tx(rows, columns=("customer_id", "date", "amount")):
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# ----------------------------------------------------------------------------- golden
def test_cdnow_summary_matches_lifetimes_golden_rows(cdnow_summary):
    golden = pd.read_csv(io.StringIO(LIFETIMES_CDNOW_CUSTOMERS), sep=r"\s+", index_col="ID")
    assert len(golden) == 53
    ours = cdnow_summary.loc[golden.index]
    np.testing.assert_array_equal(ours["frequency"].to_numpy(), golden["x"].to_numpy())
    # the file rounds to 2 decimals
    np.testing.assert_allclose(ours["recency"], golden["t_x"], atol=0.005 + 1e-12)
    np.testing.assert_allclose(ours["T"], golden["T"], atol=0.005 + 1e-12)


def test_cdnow_summary_well_known_shape(cdnow, cdnow_summary):
    assert len(cdnow_summary) == 2357
    assert list(cdnow_summary.columns) == ["frequency", "recency", "T", "monetary"]
    assert cdnow_summary["T"].iloc[0] == pytest.approx(272 / 7)
    assert round(cdnow_summary["T"].iloc[0], 2) == 38.86
    assert cdnow_summary["frequency"].dtype == np.int64
    # 1,959 of the 6,919 lines fall in the holdout period: reported, not silently lost
    window = ct.TransactionLog.from_frame(cdnow).window("1997-09-30")
    assert window.excluded == {"after_observation_end": 1959}
    assert window.end_date == pd.Timestamp("1997-09-30")
    assert cdnow_summary.attrs == {}  # results carry no metadata by string keys


def test_cdnow_customer_1_by_hand(cdnow_summary):
    # customer 1 bought 1997-01-01 (29.33), 01-18 (29.73), 08-02 (14.96); 12-12 is later
    row = cdnow_summary.loc[1]
    assert row["frequency"] == 2
    assert row["recency"] == pytest.approx(213 / 7)
    assert row["monetary"] == pytest.approx((29.73 + 14.96) / 2)


def test_same_day_lines_merge_into_one_occasion(cdnow):
    # customer 2 (sample) has two lines on its second purchase day in the master file
    same_day = cdnow.groupby(["customer_id", "date"]).size()
    cid, day = same_day[same_day > 1].index[0]
    lines = cdnow[(cdnow["customer_id"] == cid)]
    summary = ct.rfm_summary(lines, amount_col="amount")
    assert summary.loc[cid, "frequency"] == lines["date"].nunique() - 1


def test_time_units_scale_durations(cdnow):
    weeks = ct.rfm_summary(cdnow, observation_end="1997-09-30")
    days = ct.rfm_summary(cdnow, observation_end="1997-09-30", time_unit="D")
    np.testing.assert_allclose(days["T"], weeks["T"] * 7)
    assert days["T"].iloc[0] == 272.0
    years = ct.rfm_summary(cdnow, observation_end="1997-09-30", time_unit="Y")
    np.testing.assert_allclose(years["recency"], days["recency"] / 365.25)
    assert "monetary" not in weeks.columns


def test_calibration_and_holdout_on_cdnow(cdnow, cdnow_summary):
    split = ct.calibration_and_holdout_data(
        cdnow, calibration_end="1997-09-30", observation_end="1998-06-30", amount_col="amount"
    )
    assert len(split) == 2357
    assert (split["duration_holdout"] == 39.0).all()  # 273 days
    cal = split[["frequency_cal", "recency_cal", "T_cal", "monetary_cal"]]
    cal.columns = ["frequency", "recency", "T", "monetary"]
    pd.testing.assert_frame_equal(cal, cdnow_summary, check_names=False)
    full = ct.rfm_summary(cdnow, observation_end="1998-06-30")
    np.testing.assert_array_equal(
        full["frequency"], split["frequency_cal"] + split["frequency_holdout"]
    )
    # customer 1: one holdout purchase, 1997-12-12, 26.48
    assert split.loc[1, "frequency_holdout"] == 1
    assert split.loc[1, "monetary_holdout"] == pytest.approx(26.48)


def test_holdout_excludes_customers_new_in_holdout():
    tx = _tx([(1, "2020-01-01", 10), (1, "2020-03-01", 5), (2, "2020-03-05", 7),
              (1, "2020-03-01", 5), (1, "2020-05-01", 1)])
    split = ct.calibration_and_holdout_data(
        tx, calibration_end="2020-01-31", observation_end="2020-03-31", amount_col="amount",
        time_unit="D")
    assert list(split.index) == [1]
    assert split.loc[1, "frequency_holdout"] == 1  # two lines on 03-01 = one occasion
    assert split.loc[1, "monetary_holdout"] == 10.0
    assert split.loc[1, "duration_holdout"] == 60.0
    log = ct.TransactionLog.from_frame(tx)
    assert log.window("2020-03-31").log.n_customers - len(split) == 1  # new in holdout
    assert log.window("2020-03-31").excluded == {"after_observation_end": 1}
    with pytest.raises(ValueError, match="calibration_end must be before observation_end"):
        ct.calibration_and_holdout_data(tx, calibration_end="2020-04-01",
                                        observation_end="2020-03-31")


# ------------------------------------------------------------------- against a reference
def _reference_summary(tx, end, unit_days):
    """Straightforward pandas reference (the definition, not the fast path)."""
    tx = tx[tx["date"].dt.normalize() <= end]
    daily = tx.groupby(["customer_id", tx["date"].dt.normalize()])["amount"].sum().reset_index()
    rows = {}
    for cid, g in daily.groupby("customer_id"):
        g = g.sort_values("date")
        x = len(g) - 1
        rows[cid] = {
            "frequency": x,
            "recency": (g["date"].iloc[-1] - g["date"].iloc[0]).days / unit_days,
            "T": (end - g["date"].iloc[0]).days / unit_days,
            "monetary": g["amount"].iloc[1:].mean() if x else 0.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


transaction_rows = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 40), st.integers(0, 23),
              st.integers(0, 5000).map(lambda c: c / 100)),
    min_size=1, max_size=40,
)


@settings(max_examples=30, deadline=None)
@given(rows=transaction_rows, end_offset=st.integers(0, 45),
       unit=st.sampled_from(["D", "W", "M", "Y"]))
def test_rfm_summary_agrees_with_reference(rows, end_offset, unit):
    start = pd.Timestamp("2021-02-01")
    tx = pd.DataFrame({
        "customer_id": [r[0] for r in rows],
        "date": [start + pd.Timedelta(days=r[1], hours=r[2]) for r in rows],
        "amount": [r[3] for r in rows],
    })
    end = start + pd.Timedelta(days=end_offset)
    if (tx["date"].dt.normalize() > end).all():
        with pytest.raises(ValueError, match="observation_end must be on or after"):
            ct.rfm_summary(tx, amount_col="amount", observation_end=end)
        return
    ours = ct.rfm_summary(tx, amount_col="amount", observation_end=end, time_unit=unit)
    ref = _reference_summary(tx, end, ct.rfm.TIME_UNIT_DAYS[unit])
    assert list(ours.index) == sorted(ref.index)
    ref = ref.loc[ours.index]
    np.testing.assert_array_equal(ours["frequency"], ref["frequency"])
    np.testing.assert_allclose(ours[["recency", "T", "monetary"]],
                               ref[["recency", "T", "monetary"]], rtol=1e-12, atol=1e-9)
    window = ct.TransactionLog.from_frame(tx, amount_col="amount").window(end)
    assert window.excluded["after_observation_end"] == int(
        (tx["date"].dt.normalize() > end).sum())


def test_customer_ids_may_be_strings_and_columns_renamed():
    tx = pd.DataFrame({"who": ["b", "a", "b"], "when": ["2020-01-05", "2020-01-01", "2020-01-19"],
                       "spend": [3.0, 4.0, 5.0]})
    log = ct.TransactionLog.from_frame(tx, customer_col="who", date_col="when",
                                       amount_col="spend")
    s = ct.rfm_summary(log, amount_col="spend", observation_end="2020-01-29")
    assert list(s.index) == ["a", "b"] and s.index.name == "who"
    assert s.loc["b"].tolist() == [1, 2.0, 24 / 7, 5.0]
    assert s.loc["a"].tolist() == [0, 0.0, 4.0, 0.0]


def test_timezone_aware_dates_use_the_local_calendar_day():
    tx = pd.DataFrame({"customer_id": [1, 1],
                       "date": pd.to_datetime(["2020-01-01 23:30", "2020-01-02 00:30"]).tz_localize(
                           "Asia/Shanghai"),
                       "amount": [1.0, 2.0]})
    s = ct.rfm_summary(tx, amount_col="amount", time_unit="D")
    assert s.loc[1, "frequency"] == 1 and s.loc[1, "recency"] == 1.0


# ------------------------------------------------------------------------- bad input
def test_single_purchase_customers_get_zeros():
    s = ct.rfm_summary(_tx([(7, "2020-01-01", 12.5)]), amount_col="amount",
                       observation_end="2020-01-15", time_unit="D")
    assert s.loc[7].tolist() == [0, 0.0, 14.0, 0.0]


def test_missing_columns_are_named():
    tx = _tx([(1, "2020-01-01", 1.0)])
    with pytest.raises(ValueError, match="transactions is missing column 'spend'"):
        ct.rfm_summary(tx, amount_col="spend")
    with pytest.raises(TypeError, match="transactions must be a pandas DataFrame"):
        ct.rfm_summary([(1, "2020-01-01")])


def test_empty_frame_is_an_error():
    with pytest.raises(ValueError, match="transactions must have at least 1 row, got 0"):
        ct.rfm_summary(_tx([]))


def test_unparseable_dates_are_reported_with_row():
    tx = pd.DataFrame({"customer_id": [1, 2, 3], "date": ["2020-01-01", "not a date", "2020-01-03"]})
    with pytest.raises(ValueError, match=r"parseable dates, got 1 that are not, e.g. 'not a date' at row 1"):
        ct.rfm_summary(tx)
    with pytest.raises(ValueError, match="must not have missing dates"):
        ct.rfm_summary(pd.DataFrame({"customer_id": [1], "date": [None]}))
    with pytest.raises(ValueError, match="must not have missing dates"):
        ct.rfm_summary(pd.DataFrame({"customer_id": [1, 1],
                                     "date": pd.to_datetime(["2020-01-01", None])}))
    with pytest.raises(TypeError, match=r"must hold dates \(datetime64 or date strings\), got dtype int64"):
        ct.rfm_summary(pd.DataFrame({"customer_id": [1], "date": [19970101]}))


def test_bad_amounts_and_ids():
    tx = _tx([(1, "2020-01-01", 1.0), (None, "2020-01-02", 2.0)])
    with pytest.raises(ValueError, match="must not have missing customer IDs, got 1"):
        ct.rfm_summary(tx)
    tx = _tx([(1, "2020-01-01", 1.0), (1, "2020-01-02", float("nan"))])
    with pytest.raises(ValueError, match=r"transactions\['amount'\] must be finite numbers"):
        ct.rfm_summary(tx, amount_col="amount")
    tx = pd.DataFrame({"customer_id": [1], "date": ["2020-01-01"], "amount": ["12"]})
    with pytest.raises(TypeError, match=r"transactions\['amount'\] must be numeric"):
        ct.rfm_summary(tx, amount_col="amount")


def test_returns_raise_by_default_and_drop_is_reported():
    tx = _tx([(1, "2020-01-01", 10.0), (1, "2020-01-05", -10.0), (1, "2020-01-09", 4.0)])
    with pytest.raises(ValueError, match=r"must be >= 0 \(returns are not purchases\), got 1 negative, e.g. -10 at row 1"):
        ct.rfm_summary(tx, amount_col="amount")
    with pytest.warns(UserWarning, match="dropped 1 rows with negative 'amount'"):
        log = ct.TransactionLog.from_frame(tx, amount_col="amount", returns="drop")
    s = ct.rfm_summary(log, amount_col="amount", time_unit="D")
    assert s.loc[1].tolist() == [1, 8.0, 8.0, 4.0]
    assert log.excluded == {"returns": 1}
    with pytest.raises(ValueError, match="returns must be one of 'raise', 'drop', got 'net'"):
        ct.TransactionLog.from_frame(tx, amount_col="amount", returns="net")
    with pytest.raises(TypeError, match="unexpected keyword argument 'returns'"):
        ct.rfm_summary(tx, amount_col="amount", returns="drop")  # a policy of the log
    # without an amount column there is nothing to check
    assert ct.rfm_summary(tx)["frequency"].tolist() == [2]


def test_duplicate_rows_policy():
    tx = _tx([(1, "2020-01-01", 10.0), (1, "2020-01-03", 4.0), (1, "2020-01-03", 4.0)])
    kept = ct.rfm_summary(tx, amount_col="amount")
    assert kept.loc[1, "frequency"] == 1 and kept.loc[1, "monetary"] == 8.0
    with pytest.warns(UserWarning, match="dropped 1 duplicate rows"):
        log = ct.TransactionLog.from_frame(tx, amount_col="amount", duplicates="drop")
    dropped = ct.rfm_summary(log, amount_col="amount")
    assert dropped.loc[1, "monetary"] == 4.0
    assert log.excluded == {"duplicates": 1}
    with pytest.raises(ValueError, match="must not have duplicate rows when duplicates='raise', got 1"):
        ct.TransactionLog.from_frame(tx, duplicates="raise")


def test_no_warning_when_nothing_is_dropped():
    tx = _tx([(1, "2020-01-01", 10.0), (1, "2020-01-03", 4.0)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log = ct.TransactionLog.from_frame(tx, amount_col="amount", returns="drop",
                                           duplicates="drop")
        ct.rfm_summary(log, amount_col="amount")
    assert log.window().excluded == {"after_observation_end": 0}


def test_observation_end_checks():
    tx = _tx([(1, "2020-01-05", 1.0)])
    with pytest.raises(ValueError, match=r"observation_end must be on or after the first purchase \(2020-01-05\), got 2020-01-01"):
        ct.rfm_summary(tx, observation_end="2020-01-01")
    with pytest.raises(ValueError, match="observation_end must be a date, got 'soon'"):
        ct.rfm_summary(tx, observation_end="soon")
    with pytest.raises(ValueError, match="time_unit must be one of 'D', 'W', 'M', 'Y', got 'h'"):
        ct.rfm_summary(tx, time_unit="h")
    # the default observation end is the last purchase date
    assert ct.rfm_summary(tx)["T"].tolist() == [0.0]
    assert ct.TransactionLog.from_frame(tx).window().end_date == pd.Timestamp("2020-01-05")


# ------------------------------------------------------------- marketing RFM: scores
def test_rfm_table_by_hand():
    tx = _tx([(1, "2020-01-01", 10.0), (1, "2020-01-01", 5.0), (1, "2020-01-20", 20.0),
              (2, "2020-01-25", 7.0), (2, "2020-02-10", 1.0)])
    table = ct.rfm_table(tx, observation_end="2020-01-31")
    assert table.loc[1, ["recency", "frequency", "monetary"]].tolist() == [11.0, 2, 35.0]
    assert table.loc[2, ["recency", "frequency", "monetary"]].tolist() == [6.0, 1, 7.0]
    assert table.loc[1, "first_purchase"] == pd.Timestamp("2020-01-01")
    assert ct.TransactionLog.from_frame(tx).window("2020-01-31").after_end == 1


def test_rfm_scores_quintiles():
    table = pd.DataFrame({"recency": np.arange(10.0), "frequency": np.arange(1, 11),
                          "monetary": np.arange(10.0) * 10})
    scores = ct.rfm_scores(table)
    assert scores["R"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]  # recent = high
    assert scores["F"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scores["rfm_cell"].iloc[0] == "511"
    assert scores["rfm_score"].iloc[-1] == 11


def test_rfm_scores_give_ties_equal_scores():
    table = pd.DataFrame({"recency": [1.0] * 6 + [9.0] * 4, "frequency": [1] * 7 + [2, 3, 9],
                          "monetary": [5.0] * 10})
    scores = ct.rfm_scores(table)
    assert scores.groupby("frequency")["F"].nunique().max() == 1
    assert scores.loc[scores["frequency"] == 1, "F"].unique().tolist() == [1]
    assert (scores["M"] == 1).all()  # one value: everybody on the cut points
    # 60 % tied at the most recent value sit on two cut points: the lower score of them, 3
    assert scores.loc[scores["recency"] == 1.0, "R"].unique().tolist() == [3]
    assert scores.loc[scores["recency"] == 9.0, "R"].unique().tolist() == [1]


def test_segment_rules_cover_the_grid_exactly_once():
    rules = ct.RFM_SEGMENT_RULES
    grid = np.zeros((5, 5), dtype=int)
    for rule in rules.itertuples():
        grid[rule.r_min - 1:rule.r_max, rule.f_min - 1:rule.f_max] += 1
    assert (grid == 1).all()
    assert {"champions", "loyal", "at_risk", "hibernating", "cant_lose",
            "new_customers"} <= set(rules["segment"])
    assert rules["segment_zh"].str.len().min() > 0 and rules["action"].str.len().min() > 0


def test_rfm_segments_on_cdnow():
    table = ct.rfm_table(ct.datasets.load_cdnow(), observation_end="1998-06-30")
    scores = ct.rfm_scores(table)
    seg = ct.rfm_segments(scores)
    assert len(seg) == 2357 and seg.notna().all()
    # champions: bought recently and often, the opposite of hibernating customers
    champions = scores[seg == "champions"]
    hibernating = scores[seg == "hibernating"]
    assert len(champions) > 0 and len(hibernating) > 0
    assert champions["recency"].max() < hibernating["recency"].min()
    assert champions["frequency"].mean() > 3 * hibernating["frequency"].mean()


def test_rfm_segments_bad_rules():
    scores = pd.DataFrame({"R": [1, 5], "F": [1, 5]}, index=["a", "b"])
    rules = ct.RFM_SEGMENT_RULES.iloc[:1]  # champions only
    with pytest.raises(ValueError, match=r"rules must cover every \(R, F\) score pair, got no rule for R=1, F=1 \(row 'a'\)"):
        ct.rfm_segments(scores, rules=rules)
    with pytest.raises(ValueError, match="scores is missing column 'F'"):
        ct.rfm_segments(scores[["R"]])
    with pytest.raises(ValueError, match=r"n_bins must be in \[2, 9\], got 1"):
        ct.rfm_scores(pd.DataFrame({"recency": [1.0], "frequency": [1], "monetary": [1.0]}),
                      n_bins=1)


@pytest.mark.parametrize("make_dates", [
    lambda d: pd.to_datetime(d).astype("datetime64[s]"),  # another resolution
    lambda d: [x.date() for x in pd.to_datetime(d)],  # python date objects
    lambda d: list(d),  # ISO strings
    lambda d: (pd.to_datetime(d) + pd.Timedelta(hours=23)).tz_localize("Asia/Shanghai"),
])
def test_date_representations_give_the_same_summary(make_dates):
    raw = ["2021-03-01", "2021-03-15", "2021-03-15", "2021-04-01"]
    expected = ct.rfm_summary(pd.DataFrame({"customer_id": [1, 1, 2, 2],
                                            "date": pd.to_datetime(raw)}), time_unit="D")
    frame = pd.DataFrame({"customer_id": [1, 1, 2, 2], "date": make_dates(raw)})
    got = ct.rfm_summary(frame, time_unit="D")
    pd.testing.assert_frame_equal(got, expected)
    assert got.loc[2].tolist() == [1, 17.0, 17.0]


def test_mixed_type_customer_ids_stay_distinct():
    tx = pd.DataFrame({"customer_id": pd.Series([1, "1", 1], dtype=object),
                       "date": pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-08"])})
    s = ct.rfm_summary(tx, time_unit="D")
    assert len(s) == 2
    assert s.loc[1, "frequency"] == 1 and s.loc["1", "frequency"] == 0


def test_holdout_monetary_is_per_purchase_day_not_per_line():
    # two lines on one holdout day are one occasion: mean spend (10 + 20 + 30) / 2 days,
    # not / 3 lines (lifetimes' per-line mean would give 20)
    log = pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 1],
        "date": pd.to_datetime(["2020-01-01", "2020-01-05", "2020-02-10", "2020-02-10",
                                "2020-02-20"]),
        "amount": [5.0, 5.0, 10.0, 20.0, 30.0],
    })
    split = ct.calibration_and_holdout_data(log, calibration_end="2020-01-31",
                                            observation_end="2020-03-01",
                                            amount_col="amount", time_unit="D")
    assert split.loc[1, "frequency_holdout"] == 2
    assert split.loc[1, "monetary_holdout"] == 30.0
