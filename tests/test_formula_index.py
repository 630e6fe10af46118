"""The formula index (docs/formulas.md) is generated from the docstrings and up to date."""
from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("formula_index", ROOT / "tools" / "formula_index.py")
formula_index = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(formula_index)

INDEXED = [name for names in formula_index.CONCEPTS.values() for name in names]


def test_index_file_is_up_to_date():
    stored = formula_index.OUT.read_text(encoding="utf-8")
    assert stored == formula_index.render(), (
        "docs/formulas.md does not match the docstrings: run python tools/formula_index.py")


def test_every_documented_formula_is_indexed_once():
    documented = set(formula_index.documented_formulas())
    missing = documented - set(INDEXED) - set(formula_index.SYMBOLS_ONLY)
    assert not missing, f"formulas missing from tools/formula_index.py CONCEPTS: {sorted(missing)}"
    assert len(INDEXED) == len(set(INDEXED)), "a function is listed under two concepts"


@pytest.mark.parametrize("name", INDEXED)
def test_indexed_function_states_an_equation_and_a_source(name):
    obj = formula_index.resolve(name)
    doc = inspect.getdoc(formula_index._function(obj)) or ""
    module = inspect.getmodule(formula_index._function(obj))
    assert formula_index.equation(doc), f"{name}: no formula in its docstring"
    assert formula_index.source(doc, module.__doc__ or ""), f"{name}: no source cited"


def test_the_index_lists_every_implementation_of_clv_and_potential_value():
    text = formula_index.OUT.read_text(encoding="utf-8")
    for fn in ("clv.current_value", "clv.potential_value_courseware", "customer.predictive_clv",
               "models.gamma_gamma.GammaGamma.customer_lifetime_value",
               "customer.peak_gap_potential"):
        assert f"`{fn}`" in text
