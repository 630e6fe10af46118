"""Data plots: RFM heat map, segment map, Pareto / Lorenz curve."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402

SCORES = pd.DataFrame({"R": [1, 1, 2, 2, 2, 3], "F": [1, 2, 1, 1, 3, 3],
                       "monetary": [10.0, 20.0, 30.0, 50.0, 60.0, 70.0]})


def test_rfm_heatmap_counts_customers_per_score_pair():
    ax = ct.plot_rfm_heatmap(SCORES)
    grid = ax.images[0].get_array()
    # rows R = 1, 2, 3; columns F = 1, 2, 3
    assert np.asarray(grid).tolist() == [[1, 1, 0], [2, 0, 1], [0, 0, 1]]
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "2", "0", "1", "0", "0", "1"]
    assert ax.get_xlabel() == "Frequency score (F)"
    assert ax.get_ylabel() == "Recency score (R)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "3"]
    assert ax.images[0].colorbar.ax.get_ylabel() == "Customers (count)"


def test_rfm_heatmap_mean_value_leaves_empty_cells_blank():
    ax = ct.plot_rfm_heatmap(SCORES, value="monetary")
    grid = ax.images[0].get_array()
    assert grid[1, 0] == pytest.approx(40.0)
    assert bool(np.ma.getmaskarray(grid)[0, 2])  # no customer with R=1, F=3
    assert ax.texts[2].get_text() == ""
    assert ax.images[0].colorbar.ax.get_ylabel() == "Mean monetary (yuan)"


def test_rfm_heatmap_update_changes_image_and_rebuild_removes_old_colorbar():
    chart = ct.plotting.RfmHeatmapChart()
    ax = chart.update(SCORES)
    image = ax.images[0]
    chart.update(SCORES.assign(R=[1, 1, 2, 2, 3, 3]))
    assert ax.images[0] is image
    assert np.asarray(image.get_array()).tolist()[2] == [0, 0, 2]
    n_axes = len(ax.figure.axes)
    chart.update(SCORES, value="monetary")  # new structure
    assert len(ax.figure.axes) == n_axes  # the old colorbar went away
    with pytest.raises(ValueError, match="scores is missing column 'F'"):
        ct.plot_rfm_heatmap(SCORES.drop(columns="F"))


def customers() -> pd.DataFrame:
    return pd.DataFrame({"current_value": [100.0, 900.0, 200.0, 800.0],
                         "potential_value": [900.0, 800.0, 100.0, 50.0]})


def test_segment_map_colours_quadrants_and_draws_thresholds():
    from clvteach import style

    ax = ct.plot_segment_map(customers(), thresholds=(500, 500))
    points = ax.collections[0]
    assert points.get_offsets().tolist() == [[100, 900], [900, 800], [200, 100], [800, 50]]
    expected = [style.COLORS[k] for k in ("growth", "high_value", "low_value", "watch")]
    assert [matplotlib.colors.to_hex(c) for c in points.get_facecolor()] == [
        e.lower() for e in expected]
    assert list(ax.lines[0].get_xdata()) == [500, 500]
    assert list(ax.lines[1].get_ydata()) == [500, 500]
    assert {t.get_text() for t in ax.texts} == {
        "High-value customers", "Growth customers", "Customers to watch",
        "Low-value customers"}
    assert ax.get_xlabel() == "Current value (yuan)"
    assert ax.get_ylabel() == "Potential value (yuan)"


def test_segment_map_uses_segment_column_medians_and_replace():
    from clvteach import style

    data = customers().assign(segment=["watch"] * 4)
    chart = ct.plotting.SegmentMapChart()
    ax = chart.update(data)
    colours = {matplotlib.colors.to_hex(c) for c in ax.collections[0].get_facecolor()}
    assert colours == {style.COLORS["watch"].lower()}
    assert list(ax.lines[0].get_xdata()) == [500, 500]  # median of current values
    scatter = ax.collections[0]
    chart.update(customers() * 2, thresholds=(1000, 1000))
    assert ax.collections[0] is scatter
    assert ax.get_xlim()[1] > 1800
    with pytest.raises(ValueError, match="customers is missing column 'potential_value'"):
        ct.plot_segment_map(customers().drop(columns="potential_value"))


def test_pareto_curve_and_top_share():
    values = [50.0, 30.0, 10.0, 5.0, 5.0]  # top 20% (1 of 5) bring 50%
    ax = ct.plot_pareto(values)
    curve = ax.lines[1]
    assert list(curve.get_xdata()) == pytest.approx([0, 20, 40, 60, 80, 100])
    assert list(curve.get_ydata()) == pytest.approx([0, 50, 80, 90, 95, 100])
    assert list(ax.lines[2].get_ydata()) == pytest.approx([50])
    assert ax.texts[-1].get_text().startswith("Top 20% bring 50%\nGini = ")
    assert ax.get_xlabel() == "Share of customers, most valuable first (%)"
    assert ax.get_ylabel() == "Cumulative share of value (%)"


def test_pareto_dataframe_column_top_and_validation():
    frame = pd.DataFrame({"spend": [10.0, 0.0, 30.0, 60.0]})
    chart = ct.plotting.ParetoChart()
    ax = chart.update(frame, column="spend", top=0.5)
    assert ax.texts[-1].get_text().startswith("Top 50% bring 90%")
    chart.update(frame["spend"][::-1], top=0.25)
    assert ax.texts[-1].get_text().startswith("Top 25% bring 60%")
    assert len(ax.lines) == 4
    with pytest.raises(ValueError, match="values must have a positive total"):
        ct.plot_pareto([0.0, 0.0])
    with pytest.raises(ValueError, match="column must name the value column"):
        ct.plot_pareto(frame)
    with pytest.raises(ValueError, match=r"top must be in \(0, 1\)"):
        ct.plot_pareto([1.0], top=1)


def test_rfm_heatmap_of_the_cdnow_sample_counts_every_customer():
    transactions = ct.datasets.load_cdnow()
    scores = ct.rfm_scores(ct.rfm_table(transactions))
    ax = ct.plot_rfm_heatmap(scores, value="monetary", currency="USD")
    assert ax.images[0].colorbar.ax.get_ylabel() == "Mean monetary (US dollars)"
    ax = ct.plot_rfm_heatmap(scores)
    grid = np.asarray(ax.images[0].get_array())
    assert grid.sum() == len(scores) == transactions["customer_id"].nunique()
    assert grid.shape == (scores["R"].nunique(), scores["F"].nunique())


def test_pareto_accepts_a_pareto_result_like_object():
    from types import SimpleNamespace

    # classical Lorenz (smallest first) of [50, 30, 10, 5, 5]
    lorenz = pd.DataFrame({"customer_share": [0, 0.2, 0.4, 0.6, 0.8, 1.0],
                           "value_share": [0, 0.05, 0.10, 0.20, 0.50, 1.0]})
    result = SimpleNamespace(curve=lorenz, value_share=0.5, top_customer_share=0.2,
                             gini=0.44)
    ax = ct.plot_pareto(result)
    assert list(ax.lines[1].get_xdata()) == pytest.approx([0, 20, 40, 60, 80, 100])
    assert list(ax.lines[1].get_ydata()) == pytest.approx([0, 50, 80, 90, 95, 100])
    assert "Top 20% bring 50%\nGini = 0.44" in [t.get_text() for t in ax.texts]


def test_segment_map_takes_typed_thresholds_and_high_is_strictly_above():
    from clvteach import style

    data = customers()
    data.attrs = {"current_threshold": 1.0, "potential_threshold": 1.0}  # not an interface
    ax = ct.plot_segment_map(data, thresholds=ct.SegmentThresholds(200.0, 100.0))
    assert list(ax.lines[0].get_xdata()) == [200.0, 200.0]
    colours = [matplotlib.colors.to_hex(c) for c in ax.collections[0].get_facecolor()]
    # (200, 100) sits on both thresholds: low current, low potential
    assert colours[2] == style.COLORS["low_value"].lower()


def test_pareto_and_segment_map_from_the_library():
    values = np.array([50.0, 30.0, 10.0, 5.0, 5.0])
    result = ct.pareto_analysis(values)
    ax = ct.plot_pareto(result)
    assert ax.texts[-1].get_text() == (
        f"Top 20% bring {result.value_share:.0%}\nGini = {result.gini:.2f}")
    assert ax.lines[2].get_ydata()[0] == pytest.approx(result.value_share * 100)
    data = customers()
    segment = ct.clv_segments(data["current_value"], data["potential_value"])
    data["segment"] = segment
    cuts = ct.segment_thresholds(data["current_value"], data["potential_value"])
    ax = ct.plot_segment_map(data, thresholds=cuts)
    assert list(ax.lines[0].get_xdata()) == [cuts.current] * 2
    from clvteach import style

    colours = [matplotlib.colors.to_hex(c) for c in ax.collections[0].get_facecolor()]
    assert colours == [style.COLORS[s].lower() for s in segment]


def test_segment_map_log_scale_option_and_auto_default_for_skewed_data():
    rng = np.random.default_rng(1)
    skewed = pd.DataFrame({"current_value": np.r_[0.0, rng.lognormal(3, 1.5, 500)],
                           "potential_value": rng.uniform(0, 100, 501)})
    ax = ct.plot_segment_map(skewed)
    assert ax.get_xscale() == "symlog" and ax.get_yscale() == "linear"  # auto, per axis
    assert ax.get_xlim()[0] < 0 < ax.get_xlim()[1]  # the zero customer stays in view
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "1,000" in labels and "10" in labels
    ax = ct.plot_segment_map(skewed, scale="linear")
    assert ax.get_xscale() == "linear"
    ax = ct.plot_segment_map(customers(), scale="log")
    assert ax.get_xscale() == ax.get_yscale() == "symlog"
    assert ct.plot_segment_map(customers()).get_xscale() == "linear"  # not skewed
    with pytest.raises(ValueError, match=r"scale must be one of .*got 'ln'"):
        ct.plot_segment_map(customers(), scale="ln")
