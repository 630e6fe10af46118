"""Accessibility machinery of the explorers (no browser): alt text, names, spoken values,
labels that wrap, axis labels that stay on the picture after extreme slider values.

The browser side (the helper's JavaScript, axe-core, keyboard) is tested in
tests/test_accessibility_browser.py.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import ipywidgets  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach.widgets import _a11y  # noqa: E402
from clvteach.widgets._engine import LABEL_CSS  # noqa: E402


@pytest.mark.parametrize("value, kind, text", [
    (0.8000000000000002, "percent", "80 %"),
    (0.055, "percent", "5.5 %"),
    (999.9999999999999, "yuan", "1,000 yuan"),
    (2400.0, "yuan", "2,400 yuan"),
    (5, "years", "5 years"),
    (3.5, "number", "3.5"),
])
def test_spoken_values_are_readable(value, kind, text):
    assert _a11y.spoken_value(value, kind) == text


def test_spoken_values_in_chinese():
    assert _a11y.spoken_value(1000, "yuan", lang="zh") == "1,000 元"


def test_every_control_of_every_explorer_gets_a_name_and_a_reading():
    explorers = [ct.widgets.clv_calculator(), ct.widgets.sensitivity_explorer(),
                 ct.widgets.lifecycle_explorer(), ct.widgets.pattern_explorer(),
                 ct.widgets.delivered_value_explorer(), ct.widgets.offer_comparison()]
    for ex in explorers:
        specs = ex.a11y.controls
        named = [w for w in ex.controls.values()
                 if isinstance(w, (ipywidgets.FloatSlider, ipywidgets.IntSlider,
                                   ipywidgets.Dropdown))]
        assert len(specs) >= len(named), (type(ex).__name__, specs)
        for css, spec in specs.items():
            assert css.startswith("ct-") and spec["name"].strip(), (type(ex).__name__, css)
            assert spec["kind"] in _a11y.UNITS
    calc = explorers[0]
    kinds = {css: spec["kind"] for css, spec in calc.a11y.controls.items()}
    assert kinds["ct-retention"] == "percent" and kinds["ct-cac"] == "yuan"
    assert kinds["ct-horizon"] == "years"


def test_live_figure_alt_follows_every_redraw():
    calc = ct.widgets.clv_calculator()
    first = calc.a11y.alt
    assert "Present value per year: 1,047 at 1, falling to 293 at 5" in first
    calc.controls["retention"].value = 0.9
    assert calc.a11y.alt != first and "Present value per year" in calc.a11y.alt
    bundle = calc._repr_mimebundle_()
    assert bundle["text/html"].startswith(f'<img alt="{calc.a11y.alt[:40]}')


def test_labels_wrap_instead_of_being_cut():
    for present in (False, True):
        ex = ct.widgets.sensitivity_explorer(presentation=present)
        css = ex.children[0].value
        assert LABEL_CSS in css
        assert "white-space: normal" in css and "text-overflow: clip" in css


@pytest.mark.parametrize("present", [False, True])
def test_axis_labels_stay_on_the_picture_after_extreme_values(present):
    calc = ct.widgets.clv_calculator(presentation=present)
    sens = ct.widgets.sensitivity_explorer(presentation=present)
    for ex, moves in ((calc, {"retention": 0.99, "annual_revenue": 10_000.0,
                              "horizon": 30, "cac": 10_000.0}),
                      (sens, {"retention": 0.99})):
        for name, value in moves.items():
            control = ex.controls[name]
            control.value = min(value, control.max)
            assert not ex.view._axis_text_outside(), (type(ex).__name__, name, value)
            control.value = control.min
            assert not ex.view._axis_text_outside(), (type(ex).__name__, name, "min")
