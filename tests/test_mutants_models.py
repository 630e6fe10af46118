"""Tests that kill surviving mutants of clvteach/models/*.py (``make mutation``, issue 17).

Published values (Fader & Hardie 2007 for the sBG) and closed forms checked at points
where a changed constant or operator gives a different number.
"""
from __future__ import annotations

import math

import pytest

from clvteach.models import ShiftedBetaGeo


def test_sbg_expected_lifetime_closed_form_and_heavy_tail():
    # (alpha + beta - 1) / (alpha - 1) = (3 + 2 - 1) / (3 - 1) = 2 periods
    assert ShiftedBetaGeo.from_params(alpha=3.0, beta=2.0).expected_lifetime() == 2.0
    # alpha <= 1: mean lifetime infinite (alpha = 1 exactly is the boundary)
    assert ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0).expected_lifetime() == math.inf
    assert ShiftedBetaGeo.from_params(alpha=1.5, beta=2.0).expected_lifetime() == pytest.approx(5.0)


def test_sbg_repr_names_the_period():
    assert "period='month'" in repr(ShiftedBetaGeo(period="month"))
