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

# plot name -> (positional, keyword arguments) of a typical call
CALLS = {
    "plot_dcf": ((ct.dcf_table(**ZHANG_SAN, horizon=5),), {}),
    "plot_clv_composition": ((ct.clv_summary(),), {}),
    "plot_tornado": ((ct.tornado(),), {}),
    "plot_sensitivity_curve": ((ct.sensitivity_curve("retention", num=5),), {}),
    "plot_clv_cac": ((ct.dcf_table(**ZHANG_SAN, horizon=5),),
                     {"cac": 2000, "payback": 3, "ratio": 1.5}),
    "plot_delivered_value": ((ct.CHENGUANG_MUG,), {}),
    "plot_offer_comparison": ((ct.compare_offers(),), {}),
    "plot_value_types": ((), {"highlight": "trust"}),
    "plot_lifecycle_funnel": ((ct.funnel(reached=1000, acquired=100, converted=60,
                                         retained=40, won_back=6),), {}),
    "plot_lifecycle_curve": ((ct.FourStageCurve(),), {}),
    "plot_lifecycle_patterns": (({p: ct.canonical_pattern(p) for p in ct.PATTERN_KEYS},), {}),
    "plot_rfm_heatmap": ((SCORES,), {}),
    "plot_segment_map": ((CUSTOMERS,), {}),
    "plot_pareto": ((CUSTOMERS["current_value"],), {}),
}
# the chart class behind each plot function (explorers update it in place)
CHARTS = {
    "plot_dcf": "DcfChart", "plot_clv_composition": "ClvCompositionChart",
    "plot_tornado": "TornadoChart", "plot_sensitivity_curve": "SensitivityCurveChart",
    "plot_clv_cac": "ClvCacChart", "plot_delivered_value": "DeliveredValueChart",
    "plot_offer_comparison": "OfferComparisonChart", "plot_value_types": "ValueTypesChart",
    "plot_lifecycle_funnel": "LifecycleFunnelChart",
    "plot_lifecycle_curve": "LifecycleCurveChart",
    "plot_lifecycle_patterns": "LifecyclePatternsChart",
    "plot_rfm_heatmap": "RfmHeatmapChart", "plot_segment_map": "SegmentMapChart",
    "plot_pareto": "ParetoChart",
}


def _plot(name):
    args, kwargs = CALLS[name]
    return lambda **k: getattr(ct, name)(*args, **kwargs, **k)


PLOTS = {name: _plot(name) for name in CALLS}


def chart(name, ax=None, lang=None):
    """The chart behind ``name`` on ``ax``, and a function drawing the typical call."""
    made = getattr(ct.plotting, CHARTS[name])(ax, lang=lang)
    args, kwargs = CALLS[name]
    return made, lambda: made.update(*args, **kwargs)
# what each axis label must mention (its unit); the pyramid has no numeric axis
UNITS = {"yuan", "%", "count", "year", "month", "score", "per year"}
NO_AXES = {"plot_value_types"}
# categorical axes: named by their tick labels (and maybe a plain title)
CATEGORICAL = {"plot_tornado": "y", "plot_lifecycle_funnel": "y", "plot_clv_composition": "x",
               "plot_delivered_value": "x", "plot_offer_comparison": "x"}


def test_every_public_plot_is_covered_here():
    mine = {n for m in ("clv", "value", "lifecycle", "data")
            for n in getattr(ct.plotting, m).__all__}
    assert {n for n in mine if n.startswith("plot_")} == set(PLOTS)
    assert mine - set(PLOTS) == set(CHARTS.values())


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


def _artists(ax):
    """What a plot drew: (type, data) of every artist, in order; and the figure's Axes."""
    def data(a):
        for getter in ("get_xydata", "get_offsets", "get_array", "get_text", "get_bbox"):
            if hasattr(a, getter):
                value = getattr(a, getter)()
                return np.asarray(value).tolist() if getter != "get_bbox" else value.bounds
        return None
    return ([(type(a).__name__, data(a)) for a in ax.get_children()],
            len(ax.figure.axes), ax.get_title(), ax.get_xlim(), ax.get_ylim())


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_functions_keep_no_state(name):
    """Twice on fresh Axes: the same picture; nothing is left on the Axes or the module."""
    module = getattr(ct.plotting, next(m for m in ("clv", "value", "lifecycle", "data")
                                       if name in getattr(ct.plotting, m).__all__))
    before = {k: repr(v) for k, v in vars(module).items() if not k.startswith("__")}
    first, second = PLOTS[name](), PLOTS[name]()
    assert first is not second
    assert _artists(first) == _artists(second)
    assert {k for k in vars(first) if "clvteach" in k} == set()  # no state kept on the Axes
    after = {k: repr(v) for k, v in vars(module).items() if not k.startswith("__")}
    assert after == before


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_function_looks_like_its_chart(name):
    made, draw = chart(name)
    assert _artists(draw()) == _artists(PLOTS[name]())


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_chart_update_reuses_its_artists(name):
    made, draw = chart(name)
    ax = draw()
    children = ax.get_children()
    counts = (len(ax.lines), len(ax.patches), len(ax.texts), len(ax.collections),
              len(ax.figure.axes))
    for _ in range(2):
        assert draw() is ax
    assert ax.get_children() == children  # the same artist objects, updated in place
    assert (len(ax.lines), len(ax.patches), len(ax.texts), len(ax.collections),
            len(ax.figure.axes)) == counts


def test_no_module_level_mutable_state_in_plotting():
    """Module globals of the plots are constants: no list, dict or set filled at runtime."""
    import types

    for m in ("clv", "value", "lifecycle", "data", "models", "_common"):
        module = getattr(ct.plotting, m)
        for key, value in vars(module).items():
            if key.startswith("__") or isinstance(value, (types.ModuleType, type,
                                                          types.FunctionType)):
                continue
            if key == "__all__":
                continue
            assert not isinstance(value, (list, set, bytearray)), (m, key)
            if isinstance(value, dict):  # lookup tables only: constant keys, never written
                assert key.isupper() or key.startswith("_") and key[1:].isupper(), (m, key)


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


def test_plot_and_explorer_errors_read_in_the_students_language():
    with ct.language("zh"):
        with pytest.raises(ValueError, match="funnel 至少需要 1 个过程"):
            ct.plot_lifecycle_funnel({})
        with pytest.raises(TypeError, match="ax 必须是 matplotlib Axes 或 None，收到的是 str"):
            ct.plot_dcf(ct.dcf_table(**ZHANG_SAN, horizon=5), ax="ax")
        with pytest.raises(ValueError, match="offers 至少需要 2 个方案，收到 1 个"):
            ct.widgets.offer_comparison([ct.CHENGUANG_MUG])
    with pytest.raises(ValueError, match="offers must have at least 2 offers, got 1"):
        ct.widgets.offer_comparison([ct.CHENGUANG_MUG])
