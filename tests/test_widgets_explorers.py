"""Sensitivity, lifecycle, pattern and segment explorers: numbers and artists."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import clvteach as ct
from clvteach import widgets as w


# ----------------------------------------------------------------------- sensitivity
@pytest.fixture(scope="module")
def sens():
    return w.sensitivity_explorer()


def test_sensitivity_defaults_are_zhang_san(sens):
    assert set(ct.FACTOR_KEYS) <= set(sens.controls) and len(ct.FACTOR_KEYS) == 8
    assert sens.result["clv"] == pytest.approx(ct.case_value())
    assert sens.result["current"] == pytest.approx(ct.case_value(metric="current"))
    table = ct.tornado()
    assert sens.result["tornado"]["value_high"].tolist() == pytest.approx(
        table["value_high"].tolist())


def test_sensitivity_slider_moves_the_case_tornado_and_curve(sens):
    sens.controls["retention"].value = 0.85
    case = ct.ZHANG_SAN.replace(retention=0.85)
    assert sens.result["clv"] == pytest.approx(ct.case_value(case))
    tornado_ax, curve_ax = sens.axes
    # the base-case line of the tornado sits at the new CLV
    base_line = next(ln for ln in tornado_ax.lines if ln.get_label() == "Base case")
    assert base_line.get_xdata()[0] == pytest.approx(ct.case_value(case))
    curve = ct.sensitivity_curve("retention", case,
                                 values=np.linspace(0.0, 0.95, w.clv.CURVE_POINTS))
    drawn = max(curve_ax.lines, key=lambda ln: len(ln.get_xdata()))
    assert list(drawn.get_ydata()) == pytest.approx(curve["value"].tolist())
    sens.controls["retention"].value = 0.8


def test_sensitivity_focus_switches_the_curve(sens):
    sens.controls["focus"].value = "horizon"
    curve_ax = sens.axes[1]
    drawn = max(curve_ax.lines, key=lambda ln: len(ln.get_xdata()))
    assert list(drawn.get_xdata()) == list(range(1, 21))
    sens.controls["focus"].value = "retention"


# ----------------------------------------------------------------------- lifecycle
def test_lifecycle_longer_stability_raises_total_value():
    ex = w.lifecycle_explorer()
    base = ct.FourStageCurve()
    assert ex.result["total_value"] == pytest.approx(base.total_value())
    ex.controls["stability"].value = 9.0
    expected = ct.FourStageCurve(stability=9.0).total_value()
    assert ex.result["total_value"] == pytest.approx(expected)
    assert ex.result["change"][0] == pytest.approx(expected - base.total_value())
    assert ex.result["change"][0] > 0
    assert ex.readout_text("change").startswith("+")
    (ax,) = ex.axes
    line = next(ln for ln in ax.lines if ln.get_linestyle() == "-")
    assert max(line.get_xdata()) == pytest.approx(ct.FourStageCurve(stability=9.0).duration)
    dashed = next(ln for ln in ax.lines if ln.get_linestyle() == "--")
    assert max(dashed.get_xdata()) == pytest.approx(base.duration)  # the starting curve


def test_lifecycle_fixed_lifetime_shorter_exploration_lengthens_stability():
    ex = w.lifecycle_explorer()
    ex.controls["fixed_lifetime"].value = True
    ex.controls["exploration"].value = 1.0
    ex.controls["deterioration"].value = 2.0
    curve = ex.result["curve"]
    assert curve.duration == pytest.approx(ct.FourStageCurve().duration)
    assert curve.stability == pytest.approx(15.0 - 1.0 - 4.0 - 2.0)
    assert ex.controls["stability"].value == pytest.approx(curve.stability)
    assert ex.controls["stability"].disabled
    assert ex.result["change"][0] > 0  # same lifetime, more value


def test_lifecycle_impossible_fixed_lifetime_is_reported():
    ex = w.lifecycle_explorer()
    ex.controls["fixed_lifetime"].value = True
    ex.controls["formation"].value = 14.0
    assert ex.error is not None and "stability" in ex.error


# ----------------------------------------------------------------------- patterns
@pytest.mark.parametrize("pattern", ct.PATTERN_KEYS)
def test_pattern_explorer_simulates_and_classifies(pattern):
    ex = w.pattern_explorer(pattern=pattern)
    sample = ct.sample_pattern(pattern, rng=1, periods=24, peak=3.0, stability=6.0)
    assert ex.result["sample"].tolist() == sample.tolist()
    assert ex.result["classified"] == ct.classify_pattern(sample).pattern
    assert ex.result["expected_total"] == pytest.approx(
        ct.canonical_pattern(pattern, periods=24, peak=3.0, stability=6.0).sum())
    (ax,) = ex.axes
    dots = next(ln for ln in ax.lines if ln.get_marker() == "o" and ln.get_linestyle() in
                ("None", "none", ""))
    assert list(dots.get_ydata()) == pytest.approx(sample.tolist())


def test_pattern_explorer_seed_changes_the_customer():
    ex = w.pattern_explorer()
    first = ex.result["sample"].copy()
    ex.controls["seed"].value = 7
    assert ex.result["sample"].tolist() == ct.sample_pattern(
        "early_exit", rng=7, periods=24, peak=3.0, stability=6.0).tolist()
    assert ex.result["sample"].tolist() != first.tolist()
    assert "Reason:" in ex.summary()


# ----------------------------------------------------------------------- segments
def customers_frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"current_value": rng.gamma(2.0, 100.0, 200),
                         "potential_value": rng.gamma(2.0, 50.0, 200)})


def test_segment_explorer_thresholds_and_shares():
    data = customers_frame()
    ex = w.segment_explorer(data)
    cur, pot = data["current_value"].to_numpy(), data["potential_value"].to_numpy()
    assert ex.result["current_threshold"] == pytest.approx(np.quantile(cur, 0.5))
    ex.controls["current_percentile"].value = 0.8
    c_cut = np.quantile(cur, 0.8)
    summary = ct.clv_segment_summary(cur, pot, current_threshold=c_cut,
                                     potential_threshold=np.quantile(pot, 0.5))
    assert ex.result["share_high_value"][0] == pytest.approx(
        summary.loc["high_value", "customer_share"])
    (ax,) = ex.axes
    vline = next(ln for ln in ax.lines if ln.get_linestyle() == "--" and
                 ln.get_xdata()[0] == ln.get_xdata()[1])
    assert vline.get_xdata()[0] == pytest.approx(c_cut)


def test_segment_explorer_starts_at_the_given_percentiles():
    data = customers_frame()
    ex = w.segment_explorer(data, current_percentile=0.8, potential_percentile=0.3)
    assert ex.controls["current_percentile"].value == pytest.approx(0.8)
    assert ex.result["current_threshold"] == pytest.approx(
        np.quantile(data["current_value"], 0.8))
    assert ex.result["potential_threshold"] == pytest.approx(
        np.quantile(data["potential_value"], 0.3))
    with pytest.raises(ValueError, match=r"current_percentile must be in \[0.05, 0.95\], got 0.99"):
        w.segment_explorer(data, current_percentile=0.99)


def test_segment_explorer_from_transactions():
    tx = ct.datasets.load_cdnow()
    ex = w.segment_explorer(tx, currency="USD")
    predictive = ct.predictive_clv(tx, margin=0.3, discount_rate=0.1, period="month")
    assert len(ex.customers) == len(predictive.table)
    assert ex.customers["current_value"].to_numpy() == pytest.approx(
        predictive.table["predicted_clv"].to_numpy())
    assert ex.customers["potential_value"].to_numpy() == pytest.approx(
        ct.peak_gap_potential(tx, predictive).to_numpy())
    # the dashboard starts at the medians: every segment is populated
    assert all(ex.result[f"share_{s}"][0] > 0.05
               for s in ("high_value", "growth", "watch", "low_value"))


def test_segment_explorer_rejects_unknown_data():
    with pytest.raises(ValueError, match="columns current_value, potential_value"):
        w.segment_explorer(pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(TypeError, match="data must be a pandas DataFrame, got list"):
        w.segment_explorer([1, 2, 3])


# ----------------------------------------------------------------------- all explorers
EXPLORERS = {
    "clv_calculator": lambda: w.clv_calculator(),
    "sensitivity_explorer": lambda: w.sensitivity_explorer(),
    "delivered_value_explorer": lambda: w.delivered_value_explorer(),
    "offer_comparison": lambda: w.offer_comparison(),
    "lifecycle_explorer": lambda: w.lifecycle_explorer(),
    "pattern_explorer": lambda: w.pattern_explorer(),
    "segment_explorer": lambda: w.segment_explorer(customers_frame()),
}


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_has_a_static_view_and_one_figure(name):
    ex = EXPLORERS[name]()
    bundle = ex._repr_mimebundle_()
    assert {"image/png", "text/plain", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert "0x" not in bundle["text/plain"] and bundle["text/plain"].count("\n") >= 2
    figure = ex.figure
    slider = next(c for c in ex.controls.values() if hasattr(c, "min"))
    slider.value = slider.max
    assert ex.figure is figure and bytes(ex.image.value).startswith(b"\x89PNG")
    assert ex.image.layout.height.endswith("px")
    assert all(getattr(c, "continuous_update", False) is False for c in ex.controls.values()
               if hasattr(c, "min"))


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_updates_its_charts_in_place(name):
    """A small slider step keeps the structure: the same chart, the same artist objects."""
    from clvteach.plotting import Chart

    ex = EXPLORERS[name]()
    charts = [ex._charts[ax] for ax in ex.axes]
    assert all(isinstance(c, Chart) and c.ax is ax for c, ax in zip(charts, ex.axes))
    children = [ax.get_children() for ax in ex.axes]
    slider = next(c for c in ex.controls.values() if hasattr(c, "min"))
    slider.value = slider.value + slider.step if slider.value + slider.step <= slider.max \
        else slider.value - slider.step
    assert ex.error is None
    assert [ex._charts[ax] for ax in ex.axes] == charts
    assert [ax.get_children() for ax in ex.axes] == children


def test_widgets_do_no_domain_math():
    """Explorers wire controls to public clvteach functions; the numbers come from there."""
    import ast
    from pathlib import Path

    banned = {"quantile", "percentile", "median", "cumsum", "mean", "predictive_clv",
              "peak_gap_potential", "sum", "total_value", "stage_values"}
    for path in sorted((Path(ct.__file__).parent / "widgets").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node.func.attr for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
        assert not calls & banned, (path.name, calls & banned)


def test_lifecycle_explorers_compute_no_arithmetic():
    """The lifecycle explorers' numbers (fixed lifetime, change, shares, totals) come from
    clvteach.lifecycle: their compute/curve_for only call functions and pick fields."""
    import ast
    from pathlib import Path

    path = Path(ct.__file__).parent / "widgets" / "lifecycle.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    methods = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
               and node.name in ("compute", "curve_for")]
    assert len(methods) == 3
    for method in methods:
        arithmetic = [node.lineno for node in ast.walk(method)
                      if isinstance(node, (ast.BinOp, ast.AugAssign))
                      or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub))]
        assert not arithmetic, (method.name, arithmetic)


def test_lifecycle_explorers_read_the_public_functions():
    ex = w.lifecycle_explorer()
    ex.controls["fixed_lifetime"].value = True
    ex.controls["exploration"].value = 1.0
    stability = ct.fixed_lifetime_stability(15.0, exploration=1.0, formation=4.0,
                                            deterioration=3.0)
    assert ex.result["curve"].stability == stability == 7.0
    numbers = ct.compare_curves(ex.result["curve"], ct.FourStageCurve())
    assert ex.result["change"] == (numbers.change, numbers.relative_change)
    assert ex.result["stability_share"] == numbers.stability_share
    pattern = w.pattern_explorer(pattern="long_term_retention")
    demo = ct.pattern_demo("long_term_retention", rng=1, periods=24, peak=3.0, stability=6.0)
    assert pattern.result["expected_total"] == demo.expected_total == pytest.approx(64.5)
    assert pattern.result["sample_total"] == demo.sample_total


# ----------------------------------------------------------------------- slider ranges, CSS
def test_lifecycle_sliders_leave_room_to_raise_large_starting_values():
    # notebook 02's Xiao Lin: 40 weeks of stability at 120 yuan a week
    xiao_lin = ct.FourStageCurve(exploration=1, formation=4, stability=40, deterioration=4,
                                 start_level=15, exploration_level=35, peak_level=120,
                                 end_level=0, period="week")
    ex = w.lifecycle_explorer(xiao_lin)
    assert ex.controls["stability"].max == 80 and ex.controls["peak_level"].max == 240
    assert ex.controls["exploration"].max == 24  # the fixed floor for short stages
    ex.controls["stability"].value = 60
    ex.controls["peak_level"].value = 180
    assert ex.result["curve"].stability == 60 and ex.result["curve"].peak_level == 180
    assert ex.result["total_value"] > ex.result["baseline_total"]


def test_each_explorer_has_its_own_css_classes():
    calculator, sensitivity = w.clv_calculator(), w.sensitivity_explorer()
    assert "ct-clv-calculator" in calculator._dom_classes
    assert "ct-sensitivity-explorer" in sensitivity._dom_classes
    # the calculator keeps the browser contract
    assert "ct-retention" in calculator.controls["retention"]._dom_classes

    def classes(explorer):
        found = set()
        stack = [explorer]
        while stack:
            widget = stack.pop()
            found.update(c for c in getattr(widget, "_dom_classes", ()) if c.startswith("ct-"))
            stack.extend(getattr(widget, "children", ()))
        return found

    shared = {"ct-explorer", "ct-readout", "ct-numbers", "ct-status", "ct-figure"}
    sens = classes(sensitivity)
    assert "ct-sensitivity-explorer-retention" in sens
    assert "ct-sensitivity-explorer-current-value" in sens
    assert (classes(calculator) & sens) <= shared
