"""Tests that kill surviving mutants of clvteach/units.py (``make mutation``, issue 17).

Each test pins observable behaviour: a value, a boundary or the parameter and value an
error message names (not the whole sentence, which the message catalogue may reword).
"""
from __future__ import annotations

import pytest

from clvteach.units import as_period


def test_unknown_period_error_names_the_parameter_and_the_value():
    with pytest.raises(ValueError, match=r"period") as err:
        as_period("fortnight")
    assert "'fortnight'" in str(err.value)
    with pytest.raises(ValueError) as err:
        as_period("fortnight", name="unit")
    assert "unit" in str(err.value) and "'fortnight'" in str(err.value)
