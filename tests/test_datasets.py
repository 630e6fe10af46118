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
