"""Customer lifecycle explorers: the four-stage curve and the four lifecycle patterns."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import lifecycle as lc
from .. import plotting
from .._validation import check_choice, check_instance, check_number
from ._engine import Explorer, Readout, css_name, default_language, slider, widget_sizes
from ..settings import language
from ._labels import label

__all__ = ["LifecycleExplorer", "PatternExplorer", "lifecycle_explorer", "pattern_explorer"]

#: Smallest slider maximum of a stage duration (periods) and of the peak level (value per
#: period); a larger starting value gets a slider up to twice its value (room to raise it).
MAX_DURATION = 24.0
MAX_PEAK = 10.0


def _slider_max(value: float, floor: float, step: float) -> float:
    """At least ``floor`` and twice ``value``, on the slider's step grid."""
    return float(max(floor, np.ceil(2 * value / step) * step))


class LifecycleExplorer(Explorer):
    """Stage durations, peak and decline → the curve, its total value and the change."""

    title_key = "lifecycle_explorer"
    figsize = (10.0, 4.2)

    def __init__(self, curve: lc.FourStageCurve | None = None, *, lang: str | None = None,
                 presentation: bool | None = None) -> None:
        lang = default_language(lang)
        base = lc.FourStageCurve() if curve is None else curve
        check_instance("curve", base, lc.FourStageCurve, kind="clvteach.FourStageCurve")
        self.baseline = base
        sizes = widget_sizes()
        controls: dict[str, widgets.Widget] = {
            stage: slider(stage, value=float(getattr(base, stage)), min=0.0,
                          max=_slider_max(float(getattr(base, stage)), MAX_DURATION, 0.5),
                          step=0.5,
                          lang=lang, readout_format=".1f", sizes=sizes)
            for stage in lc.STAGE_KEYS
        }
        controls["peak_level"] = slider("peak_level", value=float(base.peak_level), min=0.5,
                                        max=_slider_max(float(base.peak_level), MAX_PEAK, 0.1),
                                        step=0.1,
                                        lang=lang, readout_format=".1f", sizes=sizes)
        controls["end_level"] = slider("end_level", value=float(base.end_level), min=0.0,
                                       max=_slider_max(float(base.end_level), MAX_PEAK, 0.1),
                                       step=0.1,
                                       lang=lang, readout_format=".1f", sizes=sizes)
        fixed = widgets.Checkbox(value=False, description=label("fixed_lifetime", lang),
                                 indent=False)
        fixed.add_class(css_name("fixed_lifetime"))
        controls["fixed_lifetime"] = fixed
        self.readouts = (
            Readout("total_value", "lifecycle_total", "{:,.1f}", "ct-total-value"),
            Readout("change", "change_vs_start", _signed_with_percent, "ct-change"),
            Readout("stability_share", "stability_share", "{:.0%}", "ct-stability-share"),
            Readout("duration", "lifetime", "{:.1f}", "ct-duration"),
        )
        super().__init__(controls, lang=lang, presentation=presentation)

    def curve_for(self, values: dict[str, Any]) -> lc.FourStageCurve:
        """The curve the sliders describe.

        With ``fixed_lifetime`` the relationship lasts as long as the starting curve:
        stability takes whatever the other three stages leave
        (:func:`clvteach.fixed_lifetime_stability`), which is the lesson "if the
        lifecycle cannot be lengthened, shorten exploration and decline".
        """
        stages = {s: float(values[s]) for s in lc.STAGE_KEYS}
        if values["fixed_lifetime"]:
            stages["stability"] = lc.fixed_lifetime_stability(
                self.baseline.duration, exploration=stages["exploration"],
                formation=stages["formation"], deterioration=stages["deterioration"])
        return lc.FourStageCurve(
            **stages, start_level=self.baseline.start_level,
            exploration_level=self.baseline.exploration_level,
            peak_level=float(values["peak_level"]), stability_end_level=None,
            end_level=float(values["end_level"]), period=self.baseline.period)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        curve = self.curve_for(values)
        numbers = lc.compare_curves(curve, self.baseline)
        return {
            "curve": curve, "total_value": numbers.total_value,
            "baseline_total": numbers.baseline_total,
            "change": (numbers.change, numbers.relative_change),
            "stage_values": numbers.stage_values,
            "stability_share": numbers.stability_share,
            "duration": numbers.duration,
        }

    def refresh(self) -> None:
        super().refresh()
        stability = self.controls["stability"]
        stability.disabled = bool(self.controls["fixed_lifetime"].value)
        if self.error is None and stability.disabled:
            # show the derived stability duration on its (disabled) slider
            self._suspended = True
            try:
                stability.value = self.result["curve"].stability
            finally:
                self._suspended = False

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return (figure.subplots(),)

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        self.chart(axes[0], plotting.LifecycleCurveChart).update(result["curve"],
                                                                baseline=self.baseline)


def _signed_with_percent(change: tuple[float, float | None] | None) -> str:
    if change is None:
        return "—"
    delta, share = change
    return f"{delta:+,.1f}" + ("" if share is None else f" ({share:+.0%})")


def lifecycle_explorer(curve: lc.FourStageCurve | None = None, *, lang: str | None = None,
                       presentation: bool | None = None) -> LifecycleExplorer:
    """The four-stage customer lifecycle (客户生命周期四阶段模型) with sliders.

    Durations of exploration (考察期), formation (形成期), stability (稳定期) and
    deterioration (退化期), the peak value and the end value. The curve
    (:class:`clvteach.FourStageCurve`, drawn by :func:`clvteach.plot_lifecycle_curve`)
    is compared with the starting one (dashed); the numbers show the total value (area
    under the curve) and its change. Lengthening stability raises it most; with
    "fixed lifetime" on, stability takes the time the other stages leave, so shortening
    exploration and decline raises the total value too.

    Parameters
    ----------
    curve : clvteach.FourStageCurve, optional
        Starting curve (default ``ct.FourStageCurve()``).
    lang, presentation
        Label language and projector mode, as in :func:`clv_calculator`.

    Returns
    -------
    LifecycleExplorer
        ``.controls``: ``exploration``, ``formation``, ``stability``, ``deterioration``,
        ``peak_level``, ``end_level``, ``fixed_lifetime``; ``.result``: ``curve``,
        ``total_value``, ``baseline_total``, ``change`` (absolute, relative),
        ``stage_values``, ``stability_share``, ``duration``.
    """
    return LifecycleExplorer(curve, lang=lang, presentation=presentation)


class PatternExplorer(Explorer):
    """The four patterns; a simulated customer of one pattern and how it is classified."""

    title_key = "pattern_explorer"
    figsize = (10.0, 4.2)

    def __init__(self, *, pattern: str = "early_exit", periods: int = 24,
                 lang: str | None = None, presentation: bool | None = None) -> None:
        lang = default_language(lang)
        check_choice("pattern", pattern, lc.PATTERN_KEYS)
        self.periods = check_number("periods", periods, low=16, high=120, integer=True)
        sizes = widget_sizes()
        chooser = widgets.ToggleButtons(
            options=[(_pattern_name(p, lang), p) for p in lc.PATTERN_KEYS], value=pattern,
            description=label("pattern", lang),
            style={"description_width": sizes["description_width"]})
        chooser.add_class(css_name("pattern"))
        controls: dict[str, widgets.Widget] = {
            "pattern": chooser,
            "peak": slider("peak", value=3.0, min=0.5, max=8.0, step=0.5, lang=lang,
                           readout_format=".1f", sizes=sizes),
            "stability": slider("stability", value=6.0, min=1.0, max=12.0, step=1.0,
                                lang=lang, readout_format=".0f", sizes=sizes),
            "seed": slider("seed", value=1, min=0, max=99, step=1, lang=lang, integer=True,
                           sizes=sizes),
        }
        self.readouts = (
            Readout("expected_total", "expected_total", "{:,.1f}", "ct-expected-total"),
            Readout("sample_total", "sample_total", "{:,.0f}", "ct-sample-total"),
            Readout("classified", "classified_as", _pattern_text(lang), "ct-classified"),
        )
        super().__init__(controls, lang=lang, presentation=presentation)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        with language(self.lang):  # the reason reads in the explorer's language
            demo = lc.pattern_demo(values["pattern"], rng=int(values["seed"]),
                                   periods=self.periods, peak=float(values["peak"]),
                                   stability=float(values["stability"]))
        result = demo.classification
        return {
            "patterns": demo.patterns, "pattern": demo.pattern, "sample": demo.sample,
            "expected_total": demo.expected_total, "sample_total": demo.sample_total,
            "classified": result.pattern, "classified_zh": result.pattern_zh,
            "reason": result.reason, "correct": demo.correct,
        }

    def summary_lines(self) -> list[str]:
        return ([label("summary_line", self.lang, label=label("reason", self.lang),
                       value=self.result["reason"])] if self.result else [])

    def setup(self, figure: Figure) -> tuple[Axes, ...]:
        return (figure.subplots(),)

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:
        self.chart(axes[0], plotting.LifecyclePatternsChart).update(
            result["patterns"], highlight=result["pattern"], trajectory=result["sample"],
            value_unit="purchases")


def _pattern_name(pattern: str, lang: str) -> str:
    return label(f"term.pattern.{pattern}", lang)


def _pattern_text(lang: str) -> Any:
    def fmt(pattern: str | None) -> str:
        return "—" if pattern is None else _pattern_name(pattern, lang)
    return fmt


def pattern_explorer(*, pattern: str = "early_exit", periods: int = 24,
                     lang: str | None = None,
                     presentation: bool | None = None) -> PatternExplorer:
    """The four lifecycle patterns (客户生命周期模式), one highlighted, with a customer.

    Early abortion (早期流产型), mid-term abortion (中途夭折型), early exit (提前退出型) and
    long-term retention (长久保持型) as expected purchases per period
    (:func:`clvteach.canonical_pattern`). A customer of the highlighted pattern is
    simulated (:func:`clvteach.sample_pattern`, seed slider) and classified back by
    :func:`clvteach.classify_pattern`, with its reason; drawn by
    :func:`clvteach.plot_lifecycle_patterns`.

    Parameters
    ----------
    pattern : str, default "early_exit"
        Pattern highlighted first (buttons in the explorer).
    periods : int, default 24
        Observation window in months (16..120).
    lang, presentation
        As in :func:`clv_calculator`.

    Returns
    -------
    PatternExplorer
        ``.controls``: ``pattern``, ``peak``, ``stability``, ``seed``; ``.result``:
        ``patterns``, ``sample``, ``expected_total``, ``sample_total``, ``classified``,
        ``reason``, ``correct``.
    """
    return PatternExplorer(pattern=pattern, periods=periods, lang=lang,
                           presentation=presentation)
