"""The data of the current × potential value map (clvteach.value_map), used by the explorer."""
from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

import clvteach as ct
from clvteach import value_map


def test_docstring_examples_run():
    result = doctest.testmod(value_map, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0


def test_percentile_thresholds_are_the_quantiles_and_feed_clv_segments():
    rng = np.random.default_rng(3)
    cur, pot = rng.gamma(2, 100, 200), rng.gamma(2, 50, 200)
    c_cut, p_cut = ct.percentile_thresholds(cur, pot, current_percentile=0.8,
                                            potential_percentile=0.3)
    assert c_cut == pytest.approx(np.quantile(cur, 0.8))
    assert p_cut == pytest.approx(np.quantile(pot, 0.3))
    segments = ct.clv_segments(cur, pot, current_threshold=c_cut, potential_threshold=p_cut)
    high_current = segments.isin(["high_value", "watch"]).mean()
    assert high_current == pytest.approx(0.2)


def test_percentile_thresholds_name_the_bad_input():
    with pytest.raises(ValueError, match=r"current_percentile must be in \[0, 1\], got 1.5"):
        ct.percentile_thresholds([1, 2], [1, 2], current_percentile=1.5)


def test_customer_values_from_transactions_and_bad_data():
    tx = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3],
                       "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-01-10",
                                               "2024-06-01", "2024-05-20"]),
                       "amount": [10.0, 30.0, 5.0, 5.0, 50.0]})
    values = ct.customer_values(tx)
    assert list(values.columns) == ["current_value", "potential_value"]
    assert len(values) == 3 and (values["potential_value"] >= 0).all()
    with pytest.raises(TypeError, match="data must be a pandas DataFrame, got list"):
        ct.customer_values([1, 2])
    with pytest.raises(ValueError, match="data must have the columns current_value"):
        ct.customer_values(pd.DataFrame({"x": [1]}))
    with ct.language("zh"), pytest.raises(ValueError, match="data 必须有 current_value, potential_value 列"):
        ct.customer_values(pd.DataFrame({"x": [1]}))


def test_the_segment_explorer_uses_these_functions():
    from clvteach.widgets import segments

    assert segments.starting_percentile is ct.starting_percentile
    assert segments.customer_values is ct.customer_values
