"""Lifecycle plots: funnel, four-stage curve, four patterns (artists, not pixels)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402

FUNNEL = {"reach": 10000, "acquisition": 1200, "conversion": 700, "retention": 400,
          "win_back": 60}


def curve(stability_end: float = 28.0) -> pd.DataFrame:
    t = np.linspace(0, 36, 73)
    stage = np.select([t < 6, t < 12, t < stability_end],
                      ["exploration", "formation", "stability"], "deterioration")
    value = np.interp(t, [0, 6, 12, stability_end, 36], [20, 60, 150, 150, 10])
    return pd.DataFrame({"time": t, "value": value, "stage": stage})


def patterns() -> pd.DataFrame:
    t = np.linspace(0, 36, 37)
    return pd.DataFrame({
        "time": t,
        "early_abortion": np.interp(t, [0, 2, 4, 36], [20, 30, 0, 0]),
        "midterm_abortion": np.interp(t, [0, 6, 10, 12, 36], [20, 60, 90, 0, 0]),
        "early_exit": np.interp(t, [0, 6, 12, 18, 20, 36], [20, 60, 150, 150, 0, 0]),
        "long_term_retention": np.interp(t, [0, 6, 12, 36], [20, 60, 150, 160]),
    })


def test_funnel_bars_are_centred_with_counts_and_step_rates():
    ax = ct.plot_lifecycle_funnel(FUNNEL)
    bars = ax.containers[0].patches
    assert [b.get_width() for b in bars] == [10000, 1200, 700, 400, 60]
    assert [b.get_x() for b in bars] == [-5000, -600, -350, -200, -30]
    assert bars[0].get_y() > bars[-1].get_y()  # reach on top
    texts = [t.get_text() for t in ax.texts]
    assert "10,000" in texts and "1,200" in texts
    assert "12% of previous" in texts and "57% of previous" in texts
    assert not any("previous" in t and t.startswith("15%") for t in texts)  # no win-back rate
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Reach", "Acquisition", "Conversion", "Retention", "Win-back"]
    assert [t.get_position()[1] for t in ax.get_yticklabels()] == [4, 3, 2, 1, 0]
    assert ax.get_xlabel() == "Customers (count): bar width to scale"
    # centred bars: no axis ticks that would read as half a bar's count
    assert not [t for t in ax.get_xticklabels() if t.get_text()]


def test_funnel_accepts_a_table_and_a_subset_in_canonical_order():
    table = pd.DataFrame({"process": ["acquisition", "reach"], "customers": [50, 200]})
    ax = ct.plot_lifecycle_funnel(table)
    assert [b.get_width() for b in ax.containers[0].patches] == [200, 50]
    assert "25% of previous" in [t.get_text() for t in ax.texts]


@pytest.mark.parametrize(
    ("funnel", "message"),
    [({"reach": 10, "visit": 5}, "funnel keys must be among reach"),
     ({"reach": -1}, r"funnel\['reach'\] must be in \[0, inf\), got -1"),
     ({}, "funnel must have at least 1 process")],
)
def test_funnel_bad_input(funnel, message):
    with pytest.raises(ValueError, match=message):
        ct.plot_lifecycle_funnel(funnel)


def test_funnel_update_in_place():
    chart = ct.plotting.LifecycleFunnelChart()
    ax = chart.update(FUNNEL)
    first = ax.patches[0]
    chart.update({**FUNNEL, "reach": 20000})
    assert ax.patches[0] is first and first.get_width() == 20000
    assert "6% of previous" in [t.get_text() for t in ax.texts]
    assert len(ax.texts) == 10


def test_curve_shades_the_four_stages_and_draws_the_curve():
    data = curve()
    ax = ct.plot_lifecycle_curve(data, total=3500.0)
    line = ax.lines[-1]
    assert line.get_ydata() == pytest.approx(data["value"].to_numpy())
    spans = [p for p in ax.patches]
    assert [p.get_x() for p in spans] == pytest.approx([0, 6, 12, 28])
    assert [p.get_x() + p.get_width() for p in spans] == pytest.approx([6, 12, 28, 36])
    names = [t.get_text() for t in ax.texts]
    assert names[:4] == ["Exploration", "Formation", "Stability", "Deterioration"]
    assert "Total value of the relationship: 3,500 yuan" in names
    assert ax.get_xlabel() == "Time (month)"
    assert ax.get_ylabel() == "Relationship value (yuan per month)"
    assert ax.get_ylim()[1] >= 150 * 1.25


def test_curve_with_baseline_and_update_moves_the_stages():
    chart = ct.plotting.LifecycleCurveChart()
    ax = chart.update(curve(), baseline=curve()[["time", "value"]], time_unit="year")
    assert ax.lines[0].get_linestyle() == "--"
    stability = ax.patches[2]
    chart.update(curve(stability_end=32.0), baseline=curve()[["time", "value"]],
                 time_unit="year")
    assert ax.patches[2] is stability
    assert stability.get_x() + stability.get_width() == pytest.approx(32.0)
    assert ax.get_xlabel() == "Time (year)"
    assert len(ax.lines) == 2


@pytest.mark.parametrize(
    ("mutate", "exc", "message"),
    [
        (lambda d: d.drop(columns="stage"), ValueError, "curve is missing column 'stage'"),
        (lambda d: d.assign(stage="maturity"), ValueError,
         r"curve\['stage'\] must be one of 'exploration'"),
        (lambda d: d.iloc[::-1], ValueError, "must be increasing"),
    ],
)
def test_curve_bad_input(mutate, exc, message):
    with pytest.raises(exc, match=message):
        ct.plot_lifecycle_curve(mutate(curve()))


def test_patterns_draw_four_labelled_curves_and_highlight_one():
    ax = ct.plot_lifecycle_patterns(patterns(), highlight="early_exit")
    assert len(ax.lines) == 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Early abortion", "Mid-term abortion", "Early exit",
                      "Long-term retention"]
    widths = {t: line.get_linewidth() for t, line in zip(legend, ax.lines)}
    assert widths["Early exit"] > widths["Early abortion"]
    assert ax.lines[0].get_alpha() < 1 and ax.lines[2].get_alpha() == 1
    assert ax.lines[3].get_ydata()[-1] == 160


def test_patterns_long_form_trajectory_and_update():
    long = patterns().melt(id_vars="time", var_name="pattern", value_name="value")
    chart = ct.plotting.LifecyclePatternsChart()
    ax = chart.update(long, trajectory=[20, 25, 30])
    dots = ax.lines[-1]
    assert list(dots.get_xdata()) == [0, 1, 2] and list(dots.get_ydata()) == [20, 25, 30]
    chart.update(long, trajectory=[20, 40, 60], highlight="early_abortion")
    assert len(ax.lines) == 5 and list(ax.lines[-1].get_ydata()) == [20, 40, 60]
    with pytest.raises(ValueError, match="highlight must be one of"):
        ct.plot_lifecycle_patterns(patterns(), highlight="churn")
    with pytest.raises(ValueError, match="trajectory must have at most 37 values"):
        ct.plot_lifecycle_patterns(patterns(), trajectory=np.ones(40))


def test_lifecycle_plots_in_chinese():
    ax = ct.plot_lifecycle_curve(curve(), lang="zh")
    assert [t.get_text() for t in ax.texts][:4] == ["考察期", "形成期", "稳定期", "退化期"]
    assert ax.get_xlabel() == "时间（月）"
    assert ax.get_ylabel() == "关系价值（元/月）"
    ax = ct.plot_lifecycle_patterns(patterns(), lang="zh")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "早期流产型", "中途夭折型", "提前退出型", "长久保持型"]
    ax = ct.plot_lifecycle_funnel(FUNNEL, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "到达", "获取", "转换", "保留", "流失/赢回"]


def test_funnel_from_the_library_uses_its_step_rates():
    table = ct.funnel(reached=10000, acquired=500, converted=300, retained=200, won_back=30)
    ax = ct.plot_lifecycle_funnel(table)
    assert [b.get_width() for b in ax.containers[0].patches] == [10000, 500, 300, 200, 30]
    texts = [t.get_text() for t in ax.texts]
    assert "5% of previous" in texts and "67% of previous" in texts
    assert "10% of the churned" in texts  # 30 won back of 300 churned


def test_four_stage_curve_object_gives_exact_stages_and_total():
    model = ct.FourStageCurve()
    chart = ct.plotting.LifecycleCurveChart()
    ax = chart.update(model)
    spans = ax.patches
    assert [(p.get_x(), p.get_x() + p.get_width()) for p in spans] == [
        model.boundaries[s] for s in ct.STAGE_KEYS]
    assert f"Total value of the relationship: {model.total_value():,.0f} yuan" in [
        t.get_text() for t in ax.texts]
    assert ax.get_xlabel() == f"Time ({model.period})"
    longer = ct.FourStageCurve(stability=9.0)
    curve_line = ax.lines[-1]
    chart.update(longer, baseline=model)  # new structure
    assert ax.lines[-1].get_ydata().max() == pytest.approx(longer.peak_level)
    assert ax.patches[2].get_width() == 9.0
    chart.update(ct.FourStageCurve(stability=10.0), baseline=model)
    assert ax.patches[2].get_width() == 10.0 and curve_line not in ax.lines
    assert "32.0" not in ax.texts[-1].get_text()


def test_zero_length_stage_has_no_label():
    ax = ct.plot_lifecycle_curve(ct.canonical_curve("midterm_abortion"))
    visible = [t.get_text() for t in ax.texts[:4] if t.get_visible()]
    assert visible == ["Exploration", "Formation"]


def test_canonical_patterns_and_a_classified_trajectory():
    curves = {p: ct.canonical_pattern(p) for p in ct.PATTERN_KEYS}
    counts = ct.sample_pattern("early_exit", rng=1)
    result = ct.classify_pattern(counts)
    ax = ct.plot_lifecycle_patterns(curves, highlight=result.pattern, trajectory=counts,
                                    value_unit="purchases")
    assert len(ax.lines) == 5
    assert list(ax.lines[0].get_xdata()) == list(range(24))
    assert ax.lines[2].get_ydata() == pytest.approx(curves["early_exit"])
    assert ax.get_ylabel() == "Relationship value (purchases per month)"


@pytest.mark.parametrize("stages", [dict(exploration=0.25), dict(exploration=1, formation=1),
                                    dict(exploration=0.1, formation=0.1, stability=0.1,
                                         deterioration=10)])
@pytest.mark.parametrize("figsize", [(7.5, 4.5), (5, 3)])
def test_short_stages_do_not_overlap_their_names(stages, figsize):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    ct.plot_lifecycle_curve(ct.FourStageCurve(**stages), ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    names = [t for t in ax.texts if t.get_visible() and t.get_text()
             and t.get_transform() is not ax.transAxes]
    assert len(names) == 4
    boxes = [t.get_window_extent(renderer) for t in names]
    overlapping = [(names[i].get_text(), names[j].get_text())
                   for i in range(4) for j in range(i + 1, 4) if boxes[i].overlaps(boxes[j])]
    assert not overlapping
    # the names stay inside the Axes (the y limit leaves room for the extra rows)
    frame = ax.get_window_extent(renderer)
    assert all(b.y1 <= frame.y1 + 1 and frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1
               for b in boxes)


@pytest.mark.parametrize(("total", "text"), [(5375.0, "5,375 yuan"), (32.25, "32.2 yuan")])
def test_curve_total_shows_decimals_only_when_needed(total, text):
    ax = ct.plot_lifecycle_curve(ct.FourStageCurve(), total=total)
    assert any(t.get_text().endswith(f": {text}") for t in ax.texts), [t.get_text() for t in ax.texts]
