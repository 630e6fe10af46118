"""CLV calculator: numbers equal direct clvteach calls, artists show them, contract holds."""
from __future__ import annotations

import warnings

import ipywidgets as widgets
import numpy as np
import pytest

import clvteach as ct
from clvteach.widgets import clv_calculator

ZHANG_SAN = dict(annual_revenue=2400.0, margin=0.6, retention=0.8, discount_rate=0.1,
                 growth=0.0, maintenance_cost=0.0, convention="courseware")


@pytest.fixture(scope="module")
def calc():
    return clv_calculator()


def reset(calc, **values):
    defaults = {**ZHANG_SAN, "horizon": 5, "cac": 1000.0}
    for name, value in {**defaults, **values}.items():
        calc.controls[name].value = value


def bars(ax, label):
    return next(c for c in ax.containers if c.get_label() == label)


def line(ax, label):
    return next(ln for ln in ax.lines if ln.get_label() == label)


def test_defaults_are_zhang_san(calc):
    reset(calc)
    expected = ct.current_value(**ZHANG_SAN, horizon=5)
    assert calc.result["current_value"] == pytest.approx(expected, abs=1e-9)
    assert calc.result["clv"] == calc.result["current_value"]
    assert calc.result["infinite_value"] == pytest.approx(3840.0)
    assert calc.readout_text("current_value") == f"{expected:,.1f}"
    heights = [b.get_height() for b in bars(calc.ax_dcf, "Present value per year")]
    table = ct.dcf_table(**ZHANG_SAN, horizon=5)
    assert heights == pytest.approx(table["present_value"].tolist())


def test_widget_contract_for_the_browser_test(calc):
    assert isinstance(calc, widgets.VBox)
    assert set(calc.controls) >= {"annual_revenue", "margin", "retention", "discount_rate",
                                  "horizon", "growth", "maintenance_cost", "cac"}
    assert {"current_value", "clv"} <= set(calc.result)
    r = calc.controls["retention"]
    assert isinstance(r, widgets.FloatSlider) and r.description.startswith("Retention")
    assert r.readout and r.continuous_update is False and r.step == 0.01
    assert "ct-retention" in r._dom_classes
    labels = {cls: w for w in calc._values.values() for cls in w._dom_classes}
    assert labels["ct-current-value"].value == f"{calc.result['current_value']:,.1f}"
    assert labels["ct-clv-cac"].value == f"{calc.result['clv_cac']:,.2f}"


def test_retention_change_updates_numbers_and_artists(calc):
    reset(calc)
    calc.controls["retention"].value = 0.9
    inputs = {**ZHANG_SAN, "retention": 0.9}
    table = ct.dcf_table(**inputs, horizon=5)
    assert calc.result["current_value"] == pytest.approx(ct.current_value(**inputs, horizon=5))
    assert [b.get_height() for b in bars(calc.ax_dcf, "Present value per year")] == \
        pytest.approx(table["present_value"].tolist())
    cum = line(calc.ax_dcf, "Cumulative present value").get_ydata()
    assert cum == pytest.approx(table["cumulative_present_value"].tolist())
    assert calc.readout_text("current_value") == f"{calc.result['current_value']:,.1f}"
    assert calc.readout_text("infinite_value") == \
        f"{ct.current_value(**inputs, horizon=None):,.1f}"


def test_cac_gives_ratio_verdict_payback_and_lines(calc):
    reset(calc)
    calc.controls["cac"].value = 2000.0
    current = ct.current_value(**ZHANG_SAN, horizon=5)
    ratio = ct.clv_cac_ratio(clv=current, cac=2000.0)
    assert calc.result["clv_cac"] == pytest.approx(ratio)
    assert calc.result["verdict"] == ct.clv_cac_verdict(ratio) == "thin"
    assert calc.result["payback"] == ct.payback_period(cac=2000.0, **ZHANG_SAN) == 3
    assert calc.readout_text("payback") == "3"
    cac_line = line(calc.ax_cac, "Acquisition cost (CAC)")
    assert list(cac_line.get_ydata()) == [2000.0, 2000.0]
    assert "1.5" in calc.ax_cac.get_title()


def test_horizon_change_rebuilds_with_more_bars(calc):
    reset(calc)
    figure = calc.figure
    calc.controls["horizon"].value = 8
    pv = bars(calc.ax_dcf, "Present value per year")
    assert len(pv.patches) == 8 and len(calc.result["table"]) == 8
    assert calc.figure is figure and len(figure.axes) == 2
    assert calc.result["current_value"] == pytest.approx(
        ct.current_value(**ZHANG_SAN, horizon=8))


@pytest.mark.parametrize("convention", ["end", "start"])
def test_convention_dropdown(calc, convention):
    reset(calc)
    calc.controls["convention"].value = convention
    inputs = {**ZHANG_SAN, "convention": convention}
    assert calc.result["current_value"] == pytest.approx(ct.current_value(**inputs, horizon=5))
    assert calc.result["infinite_value"] == pytest.approx(
        ct.current_value(**inputs, horizon=None))


def test_growth_and_maintenance_cost(calc):
    reset(calc, growth=0.05, maintenance_cost=200.0)
    inputs = {**ZHANG_SAN, "growth": 0.05, "maintenance_cost": 200.0}
    assert calc.result["current_value"] == pytest.approx(ct.current_value(**inputs, horizon=5))


def test_diverging_infinite_horizon_is_shown_as_missing(calc):
    reset(calc, retention=0.99, growth=0.2, discount_rate=0.0)
    assert calc.result["infinite_value"] is None
    assert calc.readout_text("infinite_value") == "—"
    assert np.isfinite(calc.result["current_value"])


def test_static_summary_is_deterministic():
    text = clv_calculator()._repr_mimebundle_()["text/plain"]
    assert text == clv_calculator()._repr_mimebundle_()["text/plain"]
    current = ct.current_value(**ZHANG_SAN, horizon=5)
    assert f"Current value (DCF): {current:,.1f}" in text
    assert "CLV : CAC: 3.06" in text


def test_initial_values_and_language():
    with warnings.catch_warnings():  # the course ships its CJK font: no warning
        warnings.simplefilter("error")
        calc = clv_calculator(lang="zh", retention=0.9, cac=500.0)
    assert calc.controls["retention"].value == 0.9
    assert calc.controls["retention"].description == "年保留率"
    assert calc.result["clv_cac"] == pytest.approx(calc.result["current_value"] / 500.0)


def test_unknown_initial_value_is_a_clear_error():
    with pytest.raises(TypeError, match="unexpected keyword argument.*churn"):
        clv_calculator(churn=0.2)
