"""Properties every plot shares: units on the axes, ax handling, in-place replace, zh labels."""
from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach import style  # noqa: E402

ZHANG_SAN = {"annual_revenue": 2400, "margin": 0.6, "retention": 0.8, "discount_rate": 0.1}
RNG = np.random.default_rng(7)
CUSTOMERS = pd.DataFrame({"current_value": RNG.gamma(2, 500, 50),
                          "potential_value": RNG.gamma(2, 300, 50)})
SCORES = pd.DataFrame({"R": RNG.integers(1, 4, 60), "F": RNG.integers(1, 4, 60)})

PLOTS = {
    "plot_dcf": lambda **k: ct.plot_dcf(ct.dcf_table(**ZHANG_SAN, horizon=5), **k),
    "plot_clv_composition": lambda **k: ct.plot_clv_composition(ct.clv_summary(), **k),
    "plot_tornado": lambda **k: ct.plot_tornado(ct.tornado(), **k),
    "plot_sensitivity_curve": lambda **k: ct.plot_sensitivity_curve(
        ct.sensitivity_curve("retention", num=5), **k),
    "plot_clv_cac": lambda **k: ct.plot_clv_cac(ct.dcf_table(**ZHANG_SAN, horizon=5),
                                                cac=2000, payback=3, ratio=1.5, **k),
    "plot_delivered_value": lambda **k: ct.plot_delivered_value(ct.CHENGUANG_MUG, **k),
    "plot_offer_comparison": lambda **k: ct.plot_offer_comparison(ct.compare_offers(), **k),
    "plot_value_types": lambda **k: ct.plot_value_types(highlight="trust", **k),
    "plot_lifecycle_funnel": lambda **k: ct.plot_lifecycle_funnel(
        ct.funnel(reached=1000, acquired=100, converted=60, retained=40, won_back=6), **k),
    "plot_lifecycle_curve": lambda **k: ct.plot_lifecycle_curve(ct.FourStageCurve(), **k),
    "plot_lifecycle_patterns": lambda **k: ct.plot_lifecycle_patterns(
        {p: ct.canonical_pattern(p) for p in ct.PATTERN_KEYS}, **k),
    "plot_rfm_heatmap": lambda **k: ct.plot_rfm_heatmap(SCORES, **k),
    "plot_segment_map": lambda **k: ct.plot_segment_map(CUSTOMERS, **k),
    "plot_pareto": lambda **k: ct.plot_pareto(CUSTOMERS["current_value"], **k),
}
# what each axis label must mention (its unit); the pyramid has no numeric axis
UNITS = {"yuan", "%", "count", "year", "month", "score", "per year"}
NO_AXES = {"plot_value_types"}
# categorical axes: named by their tick labels (and maybe a plain title)
CATEGORICAL = {"plot_tornado": "y", "plot_lifecycle_funnel": "y", "plot_clv_composition": "x",
               "plot_delivered_value": "x", "plot_offer_comparison": "x"}


def test_every_public_plot_is_covered_here():
    mine = {n for m in ("clv", "value", "lifecycle", "data")
            for n in getattr(ct.plotting, m).__all__}
    assert mine == set(PLOTS)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_axes_are_labelled_with_units_and_a_title(name):
    ax = PLOTS[name]()
    assert ax.get_title()
    if name in NO_AXES:
        assert not ax.axison
        return
    for axis, text in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
        if CATEGORICAL.get(name) == axis:
            ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
            assert all(t.get_text() for t in ticks), (name, axis)
            continue
        assert any(u in text.lower() for u in UNITS), (name, text)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_draws_only_on_the_given_axes(name):
    fig, (other, ax) = plt.subplots(1, 2)
    assert PLOTS[name](ax=ax) is ax
    assert not other.lines and not other.patches and not other.texts and not other.images
    assert plt.get_fignums() == [fig.number]


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_replace_with_the_same_data_adds_nothing(name):
    ax = PLOTS[name]()
    counts = (len(ax.lines), len(ax.patches), len(ax.texts), len(ax.collections))
    first = ax.get_children()[:5]
    for _ in range(2):
        PLOTS[name](ax=ax, replace=True)
    assert (len(ax.lines), len(ax.patches), len(ax.texts), len(ax.collections)) == counts
    assert ax.get_children()[:5] == first  # the same artists, updated in place


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_chinese_labels_are_drawn_with_the_course_font_without_missing_glyphs(name):
    """On any machine (the course ships its CJK font): Chinese, and no glyph missing."""
    import io

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # includes matplotlib's "Glyph ... missing"
        ax = PLOTS[name](lang="zh")
        ax.figure.savefig(io.BytesIO(), format="png", dpi=30)
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts), texts
    assert style.COURSE_FONT in matplotlib.rcParams["font.family"]


@pytest.mark.parametrize("limits", [(0, 1), (0, 3), (0, 0.5), (-0.001, 0.001), (0, 5000)])
def test_yuan_ticks_are_distinct_and_exact_on_small_ranges(limits):
    from clvteach.plotting._common import yuan_formatter

    fig, ax = plt.subplots()
    ax.set_ylim(*limits)
    ax.yaxis.set_major_formatter(yuan_formatter())
    fig.canvas.draw()
    ticks = ax.get_yticks()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(set(labels)) == len(labels), labels  # was "0, 0, 0, ..." / "0, 1, 2, 2"
    assert [float(s.replace(",", "")) for s in labels] == pytest.approx(ticks)
    assert "-0" not in labels
    if limits == (0, 5000):
        assert labels[:2] == ["0", "1,000"]  # whole yuan stay whole
