"""Tests that kill surviving mutants of clvteach/lifecycle.py (``make mutation``, issue 17).

Each test pins observable behaviour: courseware values, boundaries, and the parameter and
value an error message names (not the whole sentence, which the catalogue may reword).
"""
from __future__ import annotations

import pytest

import clvteach as ct


def test_funnel_kpis_as_dict_holds_every_kpi():
    d = ct.funnel_kpis(reached=1000, acquired=100, converted=50, retained=40, won_back=5,
                       acquisition_spend=2000).as_dict()
    assert d == {"cac": 20.0, "conversion_rate": 0.1, "repurchase_rate": 0.5,
                 "retention_rate": 0.4, "churn_rate": 0.6,
                 "win_back_rate": pytest.approx(5 / 60), "first_time_buyers": 100.0,
                 "churned": 60.0}


def test_funnel_counts_may_equal_the_previous_step_but_not_exceed_it():
    # equal counts are allowed at every step (everyone moves on) ...
    k = ct.funnel_kpis(reached=100, acquired=100, converted=100, retained=60, won_back=40)
    assert (k.conversion_rate, k.repurchase_rate, k.win_back_rate) == (1.0, 1.0, 1.0)
    # ... one more than the previous step is refused, naming both counts
    for small, big, counts in [
        ("acquired", "reached", dict(reached=100, acquired=101, converted=50, retained=40)),
        ("converted", "acquired", dict(reached=100, acquired=50, converted=51, retained=40)),
        ("retained", "converted", dict(reached=100, acquired=50, converted=40, retained=41)),
    ]:
        with pytest.raises(ValueError, match=rf"^{small}\b") as err:
            ct.funnel_kpis(**counts)
        assert big in str(err.value)
        assert str(counts[small]) in str(err.value) and str(counts[big]) in str(err.value)
    with pytest.raises(ValueError, match=r"^won_back\b") as err:
        ct.funnel_kpis(reached=100, acquired=100, converted=100, retained=60, won_back=41)
    assert "40" in str(err.value) and "41" in str(err.value)


def test_funnel_rates_with_a_zero_denominator_are_none():
    k = ct.funnel_kpis(reached=0, acquired=0, converted=0, retained=0, acquisition_spend=0)
    assert k.cac is None and k.conversion_rate is None and k.repurchase_rate is None
    assert k.retention_rate is None and k.churn_rate is None and k.win_back_rate is None
    # everyone retained: no churned customers to win back
    k = ct.funnel_kpis(reached=10, acquired=5, converted=5, retained=5)
    assert k.churn_rate == 0.0 and k.win_back_rate is None and k.churned == 0.0
