"""Regression tests for the notebook and library defects of issue 14 (#5-#8, #11, #12).

Each test fails on the behaviour the issue reported: the stored notebooks are read with
nbformat (no kernel), notebook 04's segmentation is re-run in-process on its own code.
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import clvteach as ct

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out and "text/plain" in out.data:
            parts.append(out.data["text/plain"])
    return "\n".join(parts)


def _cell(nb, needle: str):
    hits = [c for c in nb.cells if needle in c.source]
    assert len(hits) == 1, f"{len(hits)} cells contain {needle!r}"
    return hits[0]


def _run(source: str, namespace: dict) -> None:
    tree = ast.parse(source)
    exec(compile(tree, "<notebook 04>", "exec"), namespace)  # noqa: S102


# ------------------------------------------------------------------------------ #5
@pytest.fixture(scope="module")
def notebook_04_namespace() -> dict:
    """Notebook 04's code up to the segment plan (figures and explorers skipped)."""
    nb = _read("04_clv_analysis_steps.ipynb")
    namespace: dict = {"__name__": "__notebook__"}
    for cell in nb.cells:
        if cell.cell_type != "code" or "ct.plot_" in cell.source or "ct.widgets." in cell.source:
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            _run(cell.source, namespace)
        if "plan" in namespace and "budget" in namespace["plan"]:
            break
    return namespace


def test_notebook_04_growth_customers_are_not_lapsed_ones(notebook_04_namespace):
    """#5: growth customers (成长型客户) were mostly lapsed customers with 72 % of the budget."""
    ns = notebook_04_namespace
    values, coffee = ns["values"], ns["coffee"]
    growth = values[values["segment"] == "growth"]
    assert len(growth) > 0.1 * len(values)
    assert (growth["current_value"] > 0).all(), "a growth customer with no current value"
    stage = coffee.customers.loc[growth.index, "stage_at_end"]
    assert (stage == "churned").mean() < 0.1, stage.value_counts()
    # every segment holds customers still buying; the lapsed are counted apart
    assert (values["current_value"] > 0).all()
    assert int(ns["lapsed"].sum()) + len(values) == len(coffee.customers)
    plan = ns["plan"]
    assert plan["customers"].sum() == len(values)
    assert plan.loc["growth", "budget"] < 0.6 * plan["budget"].sum()
    assert (plan["customers"] > 0.1 * len(values)).all()


def test_notebook_04_discusses_lapsed_customers_and_shows_the_truth():
    nb = _read("04_clv_analysis_steps.ipynb")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "win-back" in prose and "still buying" in prose and "考察期" in prose
    truth = _cell(nb, '.groupby(values["segment"])["stage_at_end"]')
    text = _text(truth)
    assert "growth" in text and "stability" in text


# ------------------------------------------------------------------------------ #6
def _mostly_lapsed(n: int = 400, lapsed_share: float = 0.77) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    current = rng.gamma(2.0, 300.0, n)
    current[: int(lapsed_share * n)] = 0.0
    return pd.DataFrame({"current_value": current, "potential_value": rng.gamma(2.0, 40.0, n)})


def test_segment_explorer_does_not_start_at_a_degenerate_median_cut():
    """#6: the median cut was 0.00: 'Growth 36 % of customers, 0 % of current value'."""
    data = _mostly_lapsed()
    ex = ct.widgets.segment_explorer(data)
    assert ex.result["current_threshold"] > 0
    assert ex.controls["current_percentile"].value == pytest.approx(0.9)
    # the low-current segments now hold some of the current value
    assert ex.result["share_growth"][1] + ex.result["share_low_value"][1] > 0.05
    # ordinary data still starts at the medians
    plain = data.assign(current_value=data["current_value"] + 1.0 + np.arange(len(data)))
    assert ct.widgets.segment_explorer(plain).controls["current_percentile"].value == 0.5


def test_notebook_04_explorer_starts_at_a_meaningful_cut():
    nb = _read("04_clv_analysis_steps.ipynb")
    text = _text(_cell(nb, "ct.widgets.segment_explorer("))
    assert "Current value threshold: 0.00" not in text
    assert not re.search(r"Growth customers: \d+% of customers, 0% of current value", text)


# ------------------------------------------------------------------------------ #7
def test_notebook_03_tornado_table_shows_the_real_discount_rate_range():
    """#7: `.round(1)` showed the discount-rate range 0.05-0.15 as 0.0-0.2."""
    nb = _read("03_clv_fundamentals.ipynb")
    cell = _cell(nb, "tornado = ct.tornado(ct.ZHANG_SAN)")
    row = next(line for line in _text(cell).splitlines() if "discount_rate" in line)
    assert re.search(r"\b0\.05\b", row) and re.search(r"\b0\.15\b", row), row


# ------------------------------------------------------------------------------ #8
def test_notebook_03_explains_the_explorers_exact_clv():
    """#8: 8,866.9 / 1,488.2 beside the headline 8865 / 1487 without saying why."""
    nb = _read("03_clv_fundamentals.ipynb")
    cells = nb.cells
    k = next(i for i, c in enumerate(cells) if "ct.widgets.sensitivity_explorer()" in c.source)
    shown = _text(cells[k])
    assert "8,866.9" in shown and "1,488.2" in shown
    before = cells[k - 1].source
    for needle in ("8,866.9", "8865", "1,488.2", "1487", "3,058.7", "rounding"):
        assert needle in before, needle
    dashboard = nbformat.read(NOTEBOOKS / "dashboards" / "sensitivity_explorer.ipynb",
                              as_version=4)
    assert "8,866.9" in dashboard.cells[0].source and "8865" in dashboard.cells[0].source


# ----------------------------------------------------------------------------- #11
def test_value_types_table_shows_no_python_keys():
    """#11 (table part): the displayed table printed `self_actualisation`."""
    table = ct.value_types_table()
    assert not table["maslow_levels"].str.contains("_").any()
    assert table.loc[5, "maslow_levels"] == "self-actualisation"


# ----------------------------------------------------------------------------- #12
def test_start_here_try_it_does_not_give_away_the_flip_price():
    """#12: the hint said 298 + 82 = 380."""
    nb = _read("00_start_here.ipynb")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "380" not in prose
    assert "Hint" in prose


def test_notebook_01_activity_cell_reveals_no_answer_before_a_guess():
    """#12: the look-up cell printed the whole answer table of the activity."""
    nb = _read("01_customer_value.ipynb")
    cell = _cell(nb, "ct.value_type_activity(")
    text = _text(cell)
    assert "guess first" in text
    for vt in ct.VALUE_TYPES:
        assert vt.name not in text and vt.zh not in text, vt.name
    assert "for example in vt.examples" not in "\n".join(c.source for c in nb.cells)


def test_value_type_activity_reveals_only_guessed_examples():
    table = ct.value_type_activity({1: "功能性价值", 2: "social", 3: ...})
    assert table.loc[1, "right"] == "✓" and table.loc[2, "right"] == "✗"
    assert table.loc[2, "courseware"] == "trust value 信赖性价值"
    assert (table.loc[3:, "courseware"] == "guess first").all()
    with pytest.raises(ValueError, match="example numbers 1-8, got 9"):
        ct.value_type_activity({9: "trust"})
    with pytest.raises(ValueError, match="name must be one of"):
        ct.value_type_activity({1: "cheap"})
