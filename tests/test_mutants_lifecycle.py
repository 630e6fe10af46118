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
