"""The CDNOW calibration/holdout summary used by the model tests (helper + checks).

Built with the course's own data functions (``ct.datasets.load_cdnow`` and
``ct.calibration_and_holdout_data``), as the notebook does.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pytest

import clvteach as ct


@lru_cache(maxsize=1)
def cdnow_summary() -> pd.DataFrame:
    """Per-customer x, t_x, T (weeks), mean repeat spend, holdout repeat purchases.

    Conventions of Fader, Hardie & Lee (2005): purchases on one day merged; calibration
    1997-01-01..1997-09-30, holdout to 1998-06-30; T counted from the first purchase;
    times in weeks; ``monetary`` = mean value of the repeat purchases in calibration.
    """
    split = ct.calibration_and_holdout_data(
        ct.datasets.load_cdnow(), calibration_end="1997-09-30",
        observation_end="1998-06-30", amount_col="amount", time_unit="W")
    return pd.DataFrame({
        "frequency": split["frequency_cal"],
        "recency": split["recency_cal"],
        "T": split["T_cal"],
        "monetary": split["monetary_cal"],
        "holdout_frequency": split["frequency_holdout"],
    })


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
