"""CDNOW package data (and, below, the coffee-shop simulator)."""
from __future__ import annotations

import gzip
import hashlib
import socket
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import clvteach as ct

# SHA-256 of the uncompressed files, as stated in clvteach/datasets/data/PROVENANCE.md.
SHA256 = {
    "CDNOW_master.txt.gz": "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef",
    "CDNOW_sample.txt.gz": "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a",
}


def _data_dir():
    return resources.files("clvteach.datasets").joinpath("data")


@pytest.mark.parametrize("filename", sorted(SHA256))
def test_package_data_matches_provenance_hash(filename):
    raw = gzip.decompress(_data_dir().joinpath(filename).read_bytes())
    assert hashlib.sha256(raw).hexdigest() == SHA256[filename]
    assert SHA256[filename] in _data_dir().joinpath("PROVENANCE.md").read_text()


@pytest.mark.parametrize(
    ("kind", "rows", "customers"), [("sample", 6919, 2357), ("master", 69659, 23570)]
)
def test_load_cdnow_shape_and_columns(kind, rows, customers):
    tx = ct.datasets.load_cdnow(kind)
    assert list(tx.columns) == ["customer_id", "date", "quantity", "amount"]
    assert tx.shape == (rows, 4)
    assert tx["customer_id"].nunique() == customers
    assert pd.api.types.is_datetime64_any_dtype(tx["date"])
    assert tx["customer_id"].dtype == np.int64 and tx["quantity"].dtype == np.int64
    assert tx["amount"].dtype == np.float64
    assert tx["date"].min() == pd.Timestamp("1997-01-01")
    assert tx["date"].max() == pd.Timestamp("1998-06-30")
    assert (tx["amount"] >= 0).all() and (tx["quantity"] >= 1).all()


def test_sample_first_rows_are_the_file_rows():
    tx = ct.datasets.load_cdnow(keep_master_id=True)
    first = tx.iloc[0]
    assert (first["customer_id"], first["master_id"]) == (1, 4)
    assert first["date"] == pd.Timestamp("1997-01-01")
    assert (first["quantity"], first["amount"]) == (2, 29.33)
    # sample IDs are ordered by the customers' first purchase (the literature's tables)
    firsts = tx.groupby("customer_id")["date"].min()
    assert firsts.is_monotonic_increasing


def test_sample_is_a_subset_of_master():
    sample = ct.datasets.load_cdnow(keep_master_id=True)
    master = ct.datasets.load_cdnow("master")
    keys = ["customer_id", "date", "quantity", "amount"]
    joined = sample.drop(columns="customer_id").rename(columns={"master_id": "customer_id"})
    count = lambda f: f.groupby(keys).size()  # noqa: E731
    both = count(joined).to_frame("s").join(count(master).to_frame("m"), how="left")
    assert both["m"].notna().all() and (both["m"] >= both["s"]).all()


def test_load_cdnow_needs_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert len(ct.datasets.load_cdnow()) == 6919


def test_load_cdnow_bad_arguments():
    with pytest.raises(ValueError, match="kind must be one of 'sample', 'master', got 'full'"):
        ct.datasets.load_cdnow("full")
    with pytest.raises(ValueError, match="keep_master_id must be False when kind is 'master'"):
        ct.datasets.load_cdnow("master", keep_master_id=True)


# ------------------------------------------------------------------ coffee-shop simulator
@pytest.fixture(scope="module")
def shop():
    return ct.datasets.simulate_coffee_shop(3000, seed=7, with_stage=True)


def test_simulation_is_deterministic_for_a_seed():
    a = ct.datasets.simulate_coffee_shop(300, seed=3)
    b = ct.datasets.simulate_coffee_shop(300, seed=3)
    c = ct.datasets.simulate_coffee_shop(300, seed=4)
    pd.testing.assert_frame_equal(a.transactions, b.transactions)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    assert not a.transactions.equals(c.transactions)
    g = ct.datasets.simulate_coffee_shop(300, seed=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a.transactions, g.transactions)


def test_simulation_tables_follow_the_shared_contract(shop):
    tx, customers = shop
    assert list(tx.columns) == ["customer_id", "date", "quantity", "amount", "stage"]
    assert pd.api.types.is_datetime64_any_dtype(tx["date"])
    assert tx["date"].is_monotonic_increasing  # a chronological log
    assert tx["customer_id"].dtype == np.int64 and tx["quantity"].dtype == np.int64
    assert list(customers.index) == list(range(1, 3001))
    assert set(customers["pattern"].cat.categories) == set(ct.datasets.LIFECYCLE_PATTERNS)
    assert list(tx["stage"].cat.categories) == list(ct.datasets.LIFECYCLE_STAGES)
    assert ct.datasets.LIFECYCLE_STAGES == ("exploration", "formation", "stability",
                                            "deterioration")
    assert shop.observation_end == pd.Timestamp("2025-12-30")
    assert tx.attrs == {} and customers.attrs == {}  # typed result, no string-keyed attrs
    end = shop.observation_end
    assert tx["date"].min() >= pd.Timestamp("2024-01-01") and tx["date"].max() <= end


def test_every_customer_buys_first_on_the_acquisition_date(shop):
    tx, customers = shop
    first = tx.groupby("customer_id")["date"].min()
    pd.testing.assert_series_equal(first, customers["acquisition_date"], check_names=False)
    assert customers["acquisition_date"].max() < pd.Timestamp("2025-01-01")  # 365 days


def test_visits_respect_the_true_stage_boundaries(shop):
    tx, customers = shop
    joined = tx.join(customers, on="customer_id")
    assert (joined["date"] <= joined["churn_date"]).all()
    stage = joined["stage"].astype(str)
    form = joined["formation_start"]
    assert (joined.loc[stage == "exploration", "date"] <= form[stage == "exploration"].fillna(
        pd.Timestamp.max)).all()
    for name, start_col in (("formation", "formation_start"), ("stability", "stability_start"),
                            ("deterioration", "deterioration_start")):
        rows = joined[stage == name]
        assert rows[start_col].notna().all(), name
        assert (rows["date"] >= rows[start_col]).all(), name
    # early abortion never reaches formation; mid-term abortion never reaches stability
    early = customers["pattern"] == "early_abortion"
    assert customers.loc[early, ["formation_start", "stability_start"]].isna().all().all()
    mid = customers["pattern"] == "midterm_abortion"
    assert customers.loc[mid, "stability_start"].isna().all()
    assert customers.loc[mid, "formation_start"].notna().all()
    assert set(joined.loc[joined["pattern"] == "early_abortion", "stage"].astype(str)) == {
        "exploration"}


def test_patterns_rank_by_value_as_in_the_courseware(shop):
    tx, customers = shop
    spend = tx.groupby("customer_id")["amount"].sum().reindex(customers.index)
    by_pattern = spend.groupby(customers["pattern"], observed=True).mean()
    order = list(ct.datasets.LIFECYCLE_PATTERNS)
    assert by_pattern[order].is_monotonic_increasing
    assert by_pattern["long_term_retention"] > 20 * by_pattern["early_abortion"]
    # the 80/20 flavour: the top fifth of customers bring most of the revenue
    top = spend.sort_values(ascending=False).iloc[: len(spend) // 5].sum() / spend.sum()
    assert 0.6 < top < 0.9


def test_channels_cac_and_baskets(shop):
    tx, customers = shop
    params = ct.datasets.CoffeeShopParams()
    cac = {c.name: c.cac for c in params.channels}
    assert (customers["cac"] == customers["channel"].astype(str).map(cac)).all()
    shares = customers["channel"].value_counts(normalize=True)
    for c in params.channels:
        assert abs(shares[c.name] - c.share) < 0.04, c.name
    # deal-driven channels bring more early abortions than referrals
    early = (customers["pattern"] == "early_abortion").groupby(customers["channel"],
                                                               observed=True).mean()
    assert early["bogo_coupon"] > early["referral"]
    # baskets in yuan: menu prices minus at most a 5-yuan coupon, whole yuan
    assert tx["amount"].min() >= 13 and (tx["amount"] == tx["amount"].round()).all()
    assert 25 < tx["amount"].mean() < 60
    assert (tx["quantity"] >= 1).all()


def test_seasonality_flag_changes_weekday_pattern():
    def weekday_ratio(flag):
        tx, _ = ct.datasets.simulate_coffee_shop(2000, seed=11, seasonality=flag)
        weekend = tx["date"].dt.day_of_week >= 5
        return (~weekend).sum() / 5 / (weekend.sum() / 2)

    assert weekday_ratio(True) > 1.25  # 1.1 / 0.75 = 1.47 in expectation
    assert 0.9 < weekday_ratio(False) < 1.1


def test_simulator_bad_input():
    sim = ct.datasets.simulate_coffee_shop
    with pytest.raises(ValueError, match=r"n_customers must be in \(0, inf\), got 0"):
        sim(0, seed=1)
    with pytest.raises(TypeError, match="seed must be an integer"):
        sim(10, seed="x")
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'seed'"):
        sim(10)
    with pytest.raises(ValueError, match="acquisition_days must be <= horizon_days"):
        ct.datasets.CoffeeShopParams(acquisition_days=800)
    with pytest.raises(ValueError, match="channels shares must be >= 0 and sum to 1"):
        ct.datasets.CoffeeShopParams(channels=ct.datasets.CoffeeShopParams().channels[:2])
    with pytest.raises(TypeError, match="params must be a CoffeeShopParams"):
        sim(10, seed=1, params={"horizon_days": 10})


def test_core_classifier_recovers_the_simulated_patterns():
    # ground truth check from the other side: monthly purchase trajectories of the
    # simulated customers, classified by clvteach.lifecycle.classify_pattern
    data = ct.datasets.simulate_coffee_shop(400, seed=3)
    tx, customers = data
    end = data.observation_end.to_period("M")
    monthly = tx.groupby(["customer_id", tx["date"].dt.to_period("M")]).size()
    predicted = {}
    for cid, counts in monthly.groupby(level=0):  # 400 customers, test only
        months = pd.period_range(customers.loc[cid, "acquisition_date"].to_period("M"), end,
                                 freq="M")
        trajectory = counts.droplevel(0).reindex(months, fill_value=0).to_numpy()
        predicted[cid] = ct.classify_pattern(trajectory).pattern
    predicted = pd.Series(predicted)
    truth = customers["pattern"].astype(str)
    assert (predicted == truth).mean() > 0.8
    for pattern in ct.datasets.LIFECYCLE_PATTERNS:
        assert (predicted[truth == pattern] == pattern).mean() > 0.6, pattern


def test_pattern_profiles_are_checked():
    from dataclasses import replace

    params = ct.datasets.CoffeeShopParams()
    bad = (replace(params.patterns[0], formation_days=(10, 5)),) + params.patterns[1:]
    with pytest.raises(ValueError, match=r"formation_days of pattern 'early_abortion' must satisfy 0 <= low <= high, got \(10, 5\)"):
        ct.datasets.CoffeeShopParams(patterns=bad)
    swapped = params.patterns[::-1]
    with pytest.raises(ValueError, match="patterns must be profiles of"):
        ct.datasets.CoffeeShopParams(patterns=swapped)


def test_true_stage_on_reads_the_boundaries(shop):
    _, customers = shop
    end = shop.observation_end
    at_end = ct.datasets.true_stage_on(customers, end)
    assert (at_end.astype(str) == customers["stage_at_end"].astype(str)).all()
    before = ct.datasets.true_stage_on(customers, "2023-12-31")
    assert (before == "not_acquired").all()
    one = customers.iloc[[0]]
    row = one.iloc[0]
    assert ct.datasets.true_stage_on(one, row["acquisition_date"]).iloc[0] == "exploration"
    assert ct.datasets.true_stage_on(one, row["churn_date"]).iloc[0] == "churned"
    if pd.notna(row["stability_start"]):
        assert ct.datasets.true_stage_on(one, row["stability_start"]).iloc[0] == "stability"
    counts = ct.datasets.true_stage_on(customers, "2024-07-01").value_counts()
    assert (counts[list(ct.datasets.LIFECYCLE_STAGES)] > 0).all()  # every stage present
    with pytest.raises(ValueError, match="date must be a date, got 'soon'"):
        ct.datasets.true_stage_on(customers, "soon")
