"""CLV plots: DCF table, composition, tornado, CLV vs CAC (artists, not pixels)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402


def dcf(retention: float = 0.8, horizon: int = 5) -> pd.DataFrame:
    """A DCF table shaped like ct.dcf_table(...) (Zhang San's numbers by default)."""
    year = np.arange(1, horizon + 1)
    surv = retention ** year
    profit = 2400 * 0.6 * surv
    factor = 1 / 1.1 ** year
    pv = profit * factor
    return pd.DataFrame({"year": year, "retention": surv, "profit": profit,
                         "discount_factor": factor, "present_value": pv,
                         "cumulative_present_value": np.cumsum(pv)})


def heights(container) -> list[float]:
    return [p.get_height() for p in container.patches]


def test_plot_dcf_draws_yearly_bars_cumulative_line_and_labels():
    table = dcf()
    ax = ct.plot_dcf(table)
    pv_bars = ax.containers[-1]
    assert heights(pv_bars) == pytest.approx(table["present_value"].tolist())
    profit_bars = ax.containers[0]
    assert heights(profit_bars) == pytest.approx(table["profit"].tolist())
    line = ax.lines[0]
    assert line.get_ydata() == pytest.approx(table["cumulative_present_value"].tolist())
    texts = [t.get_text() for t in ax.texts]
    assert "1,047.3" in texts and f"{table['present_value'].sum():,.1f}" in texts
    assert ax.get_xlabel() == "Year"
    assert "yuan" in ax.get_ylabel()
    assert ax.get_title()
    assert ax.get_ylim()[1] > table["cumulative_present_value"].max()


def test_plot_dcf_without_cumulative_column_uses_running_sum():
    table = dcf()[["year", "present_value"]]
    ax = ct.plot_dcf(table)
    assert ax.lines[0].get_ydata() == pytest.approx(np.cumsum(table["present_value"]))
    assert len(ax.containers) == 1  # no profit column -> no outline bars


def test_plot_dcf_reference_lines_and_options():
    ax = ct.plot_dcf(dcf(), reference={"infinite horizon": 3840.0}, cumulative=False,
                     value_labels=False, show_profit=False)
    assert not [line for line in ax.lines if len(line.get_xdata()) == 5]
    ref = [line for line in ax.lines if list(line.get_ydata()) == [3840.0, 3840.0]]
    assert len(ref) == 1
    assert [t.get_text() for t in ax.texts] == ["infinite horizon"]


def test_plot_dcf_draws_on_given_axes_only():
    fig, (left, right) = plt.subplots(1, 2)
    out = ct.plot_dcf(dcf(), ax=right)
    assert out is right
    assert not left.patches and not left.lines
    assert plt.get_fignums() == [fig.number]


def test_dcf_chart_update_moves_the_same_artists():
    chart = ct.plotting.DcfChart()
    ax = chart.update(dcf(0.8))
    bars = ax.containers[-1]
    first_patch = bars.patches[0]
    chart.update(dcf(0.9))
    assert ax.containers[-1].patches[0] is first_patch  # same artist, new height
    assert heights(ax.containers[-1]) == pytest.approx(dcf(0.9)["present_value"].tolist())
    assert len(ax.patches) == 10 and len(ax.texts) == 6  # nothing added
    assert ax.get_ylim()[1] > dcf(0.9)["cumulative_present_value"].max()


def test_dcf_chart_rebuilds_when_the_horizon_changes():
    chart = ct.plotting.DcfChart()
    ax = chart.update(dcf(horizon=5))
    chart.update(dcf(horizon=8))
    assert len(ax.containers) == 2
    assert len(ax.containers[-1].patches) == 8
    assert ax.lines[0].get_xdata().tolist() == list(range(1, 9))


def test_dcf_chart_rebuilds_after_its_axes_was_cleared():
    chart = ct.plotting.DcfChart()
    ax = chart.update(dcf(0.8))
    ax.clear()
    chart.update(dcf(0.7))  # stale artists must not be reused
    assert heights(ax.containers[-1]) == pytest.approx(dcf(0.7)["present_value"].tolist())


@pytest.mark.parametrize(
    ("table", "exc", "message"),
    [
        (pd.DataFrame({"year": [1]}), ValueError, "table is missing column 'present_value'"),
        ([1, 2], TypeError, "table must be a pandas DataFrame"),
        (pd.DataFrame({"year": [1, 2], "present_value": [1.0, np.nan]}), ValueError,
         "must not contain NaN"),
    ],
)
def test_plot_dcf_bad_input(table, exc, message):
    with pytest.raises(exc, match=message):
        ct.plot_dcf(table)


def test_plot_dcf_rejects_bad_ax_and_lang():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None, got str"):
        ct.plot_dcf(dcf(), ax="left")
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh', got 'fr'"):
        ct.plot_dcf(dcf(), lang="fr")


def test_plot_clv_composition_is_a_waterfall_of_zhang_san():
    summary = pd.DataFrame([{"historical": 4320.0, "current": 3058.0, "potential": 1487.0,
                             "total": 8865.0}])
    ax = ct.plot_clv_composition(summary, fmt=",.0f")
    bars = ax.containers[0].patches
    assert [b.get_height() for b in bars] == [4320, 3058, 1487, 8865]
    assert [b.get_y() for b in bars] == [0, 4320, 7378, 0]
    assert [t.get_text() for t in ax.texts] == ["4,320", "3,058", "1,487", "8,865"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Historical value", "Current value", "Potential value", "CLV"]
    assert "yuan" in ax.get_ylabel()


def test_plot_clv_composition_accepts_series_objects_and_sums_total():
    class Summary:
        historical, current, potential = 1.0, 2.0, 3.0

    ax = ct.plot_clv_composition(Summary())
    assert ax.containers[0].patches[-1].get_height() == 6.0
    ax = ct.plot_clv_composition(pd.Series({"historical": 1, "current": 2, "potential": 4}))
    assert ax.containers[0].patches[-1].get_height() == 7.0
    with pytest.raises(ValueError, match="summary is missing 'potential'"):
        ct.plot_clv_composition({"historical": 1, "current": 2})
    with pytest.raises(TypeError, match=r"summary\['current'\] must be a number"):
        ct.plot_clv_composition({"historical": 1, "current": "x", "potential": 1})


def test_clv_composition_chart_updates_in_place():
    chart = ct.plotting.ClvCompositionChart()
    ax = chart.update({"historical": 1, "current": 2, "potential": 3})
    patch = ax.patches[0]
    chart.update({"historical": 5, "current": 2, "potential": 3})
    assert ax.patches[0] is patch and patch.get_height() == 5
    assert ax.patches[1].get_y() == 5
    assert len(ax.texts) == 4


def tornado_table() -> pd.DataFrame:
    return pd.DataFrame({
        "factor": ["horizon", "discount_rate", "retention", "data_value"],
        "clv_low": [7000.0, 9000.0, 6000.0, 8800.0],
        "clv_high": [9500.0, 8700.0, 13000.0, 8950.0],
        "clv_base": 8865.0,
    })


def test_plot_tornado_sorts_by_swing_and_draws_from_base():
    ax = ct.plot_tornado(tornado_table())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Data value", "Discount rate", "Time horizon", "Retention rate"]
    low, high = ax.containers
    assert [p.get_x() for p in low.patches] == [8865.0] * 4
    assert [p.get_width() for p in low.patches] == pytest.approx(
        [8800 - 8865, 9000 - 8865, 7000 - 8865, 6000 - 8865])
    assert [p.get_width() for p in high.patches][-1] == pytest.approx(13000 - 8865)
    assert ax.lines[0].get_xdata()[0] == 8865.0
    assert "yuan" in ax.get_xlabel()


def test_plot_tornado_base_argument_and_missing_columns():
    table = tornado_table().drop(columns="clv_base").rename(
        columns={"clv_low": "low", "clv_high": "high"})
    ax = ct.plot_tornado(table, base=100.0)
    assert ax.lines[0].get_xdata()[0] == 100.0
    with pytest.raises(ValueError, match="base must be given"):
        ct.plot_tornado(table)
    with pytest.raises(ValueError, match="CLV at the high setting"):
        ct.plot_tornado(table.drop(columns="high"), base=1.0)


def test_tornado_chart_reorders_labels_in_place():
    chart = ct.plotting.TornadoChart()
    ax = chart.update(tornado_table())
    changed = tornado_table()
    changed.loc[changed["factor"] == "data_value", "clv_high"] = 20000.0
    chart.update(changed)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Data value"
    assert len(ax.patches) == 8


def test_plot_clv_cac_marks_cac_target_and_payback():
    ax = ct.plot_clv_cac(dcf(), cac=1000.0, payback=1.3, ratio=3.06)
    cum = ax.lines[0]
    assert cum.get_xdata()[0] == 0 and cum.get_ydata()[0] == 0
    assert cum.get_ydata()[1:] == pytest.approx(dcf()["cumulative_present_value"].tolist())
    ys = {tuple(line.get_ydata()) for line in ax.lines[1:3]}
    assert ys == {(1000.0, 1000.0), (3000.0, 3000.0)}
    marker = ax.lines[3]
    assert list(marker.get_xdata()) == [1.3] and list(marker.get_ydata()) == [1000.0]
    assert "Payback after 1.3 years" in [t.get_text() for t in ax.texts]
    assert "CLV:CAC = 3.1:1" in ax.get_title()
    assert ax.get_xlabel() == "Year" and "yuan" in ax.get_ylabel()


def test_plot_clv_cac_without_payback_says_so_and_validates():
    ax = ct.plot_clv_cac(dcf(), cac=10_000.0)
    assert "No payback within the horizon" in [t.get_text() for t in ax.texts]
    assert not ax.lines[4].get_visible()
    with pytest.raises(ValueError, match=r"cac must be in \[0, inf\), got -1.0"):
        ct.plot_clv_cac(dcf(), cac=-1)


def test_clv_cac_chart_moves_payback_in_place():
    chart = ct.plotting.ClvCacChart()
    ax = chart.update(dcf(), cac=1000.0, payback=1.3)
    line = ax.lines[0]
    chart.update(dcf(0.5), cac=500.0, payback=0.8)
    assert ax.lines[0] is line
    assert list(ax.lines[3].get_xdata()) == [0.8]
    assert list(ax.lines[1].get_ydata()) == [500.0, 500.0]


def test_zhang_san_plots_from_the_library_show_the_courseware_numbers():
    zhang_san = {"annual_revenue": 2400, "margin": 0.6, "retention": 0.8,
                 "discount_rate": 0.1}
    table = ct.dcf_table(**zhang_san, horizon=5, rounding="courseware")
    ax = ct.plot_dcf(table)
    assert [t.get_text() for t in ax.texts] == [
        "1,047.2", "761.2", "553.7", "403.2", "293.3", "3,058.6"]
    ax = ct.plot_clv_composition(ct.clv_summary(rounding="courseware"), fmt=",.0f")
    assert [t.get_text() for t in ax.texts] == ["4,320", "3,058", "1,487", "8,865"]
    payback = ct.payback_period(cac=2000, **zhang_san)
    ratio = ct.clv_cac_ratio(clv=ct.current_value(**zhang_san, horizon=5), cac=2000)
    ax = ct.plot_clv_cac(ct.dcf_table(**zhang_san, horizon=5), cac=2000, payback=payback,
                         ratio=ratio)
    assert payback == 3
    assert "Payback after 3 years" in [t.get_text() for t in ax.texts]
    assert ax.get_title().endswith(f"CLV:CAC = {ratio:.1f}:1")


def test_tornado_from_the_library_shows_input_ranges_largest_swing_on_top():
    table = ct.tornado()
    ax = ct.plot_tornado(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    top = table.iloc[0]
    assert labels[-1].startswith(ct.plotting.clv.factor_label(top["factor"], "en"))
    def tick(name):
        return next(t for t in labels if t.startswith(name))

    # every range carries its unit: rates as percentages, money in yuan per year
    assert tick("Retention rate").endswith("(70% → 90% per year)")
    assert tick("Purchase value").endswith("(1,920 → 2,880 yuan/yr)")
    assert tick("Time horizon").endswith("(3 → 10 years)")
    assert tick("Referral value").endswith("(0 → 1 referrals/yr)")
    assert ct.plotting.clv._input_range("purchase_value", 1920, 2880, "zh") == \
        "1,920 → 2,880 元/年"
    assert ax.lines[0].get_xdata()[0] == pytest.approx(table["value_base"].iloc[0])
    low, high = ax.containers
    assert low.patches[-1].get_x() + low.patches[-1].get_width() == pytest.approx(
        top["value_low"])
    assert high.patches[-1].get_x() + high.patches[-1].get_width() == pytest.approx(
        top["value_high"])


def test_sensitivity_curve_marks_the_base_case():
    curve = ct.sensitivity_curve("horizon")
    chart = ct.plotting.SensitivityCurveChart()
    ax = chart.update(curve)
    assert ax.lines[0].get_ydata() == pytest.approx(curve["value"].to_numpy())
    assert list(ax.lines[1].get_xdata()) == [5.0]  # Zhang San's horizon
    assert ax.get_xlabel() == "Time horizon (years)"
    assert ax.get_ylabel() == "CLV (yuan)"
    chart.update(ct.sensitivity_curve("horizon", values=range(1, 21)), base=(5, 1.0))
    assert list(ax.lines[1].get_ydata()) == [1.0] and len(ax.lines) == 2
    with pytest.raises(ValueError, match="curve must hold one factor, got 8"):
        ct.plot_sensitivity_curve(ct.sensitivity_curves(num=3))


def test_clv_composition_splits_the_potential_into_upgrade_and_referrals():
    z = ct.ZHANG_SAN
    parts = ct.potential_value(
        annual_revenue=z.annual_revenue, margin=z.margin, retention=z.retention,
        discount_rate=z.discount_rate, upgrade_revenue=z.upgrade_revenue,
        upgrade_probability=z.upgrade_probability, referrals_per_year=z.referrals_per_year,
        referral_cost=z.referral_cost, rounding="courseware")
    ax = ct.plot_clv_composition(ct.clv_summary(rounding="courseware"),
                                 potential_parts=parts, fmt=",.0f")
    upgrade, referral, data = ax.containers[1].patches
    assert (upgrade.get_y(), upgrade.get_height()) == (7378, 458)
    assert (referral.get_y(), referral.get_height()) == (7836, 1029)
    assert data.get_height() == 0
    texts = [t.get_text() for t in ax.texts]
    assert "Upgrade 458" in texts and "Referrals 1,029" in texts
    with pytest.raises(ValueError, match="potential_parts must add up"):
        ct.plot_clv_composition(ct.clv_summary(rounding="courseware"),
                                potential_parts={"upgrade": 1.0, "referral": 2.0})


def test_clv_cac_payback_label_is_singular_for_one_year():
    chart = ct.plotting.ClvCacChart()
    ax = chart.update(dcf(), cac=1000, payback=1)
    assert "Payback after 1 year" in [t.get_text() for t in ax.texts]
    ax = chart.update(dcf(), cac=1000, payback=2)
    assert "Payback after 2 years" in [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("kind", ["dcf", "composition"])
def test_in_place_updates_leave_autoscaling_on(kind):
    # explorers need no workaround: limits fit the data, autoscaling stays as it was
    chart = ct.plotting.DcfChart() if kind == "dcf" else ct.plotting.ClvCompositionChart()

    def draw(scale):
        if kind == "dcf":
            table = ct.dcf_table(annual_revenue=2400 * scale, margin=0.6, retention=0.8,
                                 discount_rate=0.1, horizon=5)
            return chart.update(table)
        return chart.update({"historical": 4320 * scale, "current": 3058 * scale,
                             "potential": 1487 * scale})

    ax = draw(1.0)
    assert ax.get_autoscaley_on() and ax.get_autoscalex_on()
    low_top = ax.get_ylim()[1]
    draw(3.0)
    draw(2.0)
    assert ax.get_autoscaley_on() and ax.get_autoscalex_on()
    ax.figure.canvas.draw()
    assert ax.get_ylim()[1] == pytest.approx(2 * low_top, rel=0.02)


def _extent(artist, renderer):
    return artist.get_window_extent(renderer)


def test_plot_dcf_end_label_stays_inside_and_clear_of_a_nearby_reference_note():
    """20 years converging to the infinite-horizon line: the end label used to run off
    the figure's right edge and sit on the line's own note."""
    table = dcf(horizon=20)
    infinite = 1440 * 0.8 / (1.1 - 0.8)
    ax = ct.plot_dcf(table, show_profit=False, value_labels=False,
                     reference={"5-year sum": 3058.70, "infinite horizon": infinite})
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    end = next(t for t in ax.texts if t.get_text() == format(table["present_value"].sum(), ",.1f"))
    note = next(t for t in ax.texts if t.get_text() == "infinite horizon")
    box, axes_box = _extent(end, renderer), ax.get_window_extent(renderer)
    assert axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1
    assert axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1
    assert not box.overlaps(_extent(note, renderer))


def test_plot_dcf_short_table_keeps_the_end_label_right_of_the_last_point():
    ax = ct.plot_dcf(dcf())
    ax.figure.canvas.draw()
    end = next(t for t in ax.texts if t.get_text() == "3,058.7")
    assert end.get_horizontalalignment() == "left"
    renderer = ax.figure.canvas.get_renderer()
    assert _extent(end, renderer).x1 <= ax.figure.bbox.x1
