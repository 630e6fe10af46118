"""The CDNOW calibration/holdout summary used by the model tests (private helper + checks).

Built directly from the shared raw file so that the model tests do not depend on another
branch; the course itself uses ``ct.rfm_summary`` / ``ct.datasets.load_cdnow``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

SAMPLE = Path("/work/shared/datasets/cdnow/CDNOW_sample.txt")
CALIBRATION_END = pd.Timestamp("1997-09-30")


@lru_cache(maxsize=1)
def cdnow_summary() -> pd.DataFrame:
    """Per-customer x, t_x, T (weeks), mean repeat spend, holdout repeat purchases.

    Conventions of Fader, Hardie & Lee (2005): purchases on one day merged; calibration
    ends 1997-09-30; T counted from the first purchase; times in weeks (days / 7);
    ``monetary`` = mean value of the repeat purchases in calibration (0 if none).
    """
    raw = pd.read_csv(SAMPLE, sep=r"\s+", header=None,
                      names=["master_id", "customer_id", "date", "cds", "amount"])
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    days = raw.groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    first = days.groupby("customer_id")["date"].min().rename("first")
    days = days.join(first, on="customer_id")
    cal = days[days["date"] <= CALIBRATION_END]
    repeat = cal[cal["date"] > cal["first"]]
    out = pd.DataFrame(index=first.index)
    out["frequency"] = repeat.groupby("customer_id").size().reindex(out.index, fill_value=0)
    last = repeat.groupby("customer_id")["date"].max().reindex(out.index)
    out["recency"] = ((last - first).dt.days / 7).fillna(0.0)
    out["T"] = (CALIBRATION_END - first).dt.days / 7
    out["monetary"] = repeat.groupby("customer_id")["amount"].mean().reindex(
        out.index, fill_value=0.0)
    hold = days[days["date"] > CALIBRATION_END]
    out["holdout_frequency"] = hold.groupby("customer_id").size().reindex(
        out.index, fill_value=0)
    return out


def test_cdnow_summary_matches_the_paper():
    # Fader, Hardie & Lee (2005), Sec. 5: 2,357 customers, 2,457 repeat transactions in
    # weeks 1-39 by 946 repeat buyers; T of the earliest cohort 38.86 weeks.
    s = cdnow_summary()
    assert len(s) == 2357
    assert s["frequency"].sum() == 2457
    assert (s["frequency"] > 0).sum() == 946
    assert s["T"].max() == pytest.approx(38.86, abs=0.005)
    # customer 1 of Hardie's spreadsheet: x = 2, t_x = 30.43, T = 38.86, mean spend 22.35
    row = s.loc[1]
    assert (row["frequency"], round(row["recency"], 2), round(row["T"], 2)) == (2, 30.43, 38.86)
    assert row["monetary"] == pytest.approx(22.35, abs=0.006)
