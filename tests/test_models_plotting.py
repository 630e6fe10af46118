"""Plots of the probabilistic models: artists carry the models' numbers; labels have units."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach.models import BetaGeo, ShiftedBetaGeo  # noqa: E402

BG = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def test_probability_alive_heat_map_shows_the_model_grid():
    fig, ax = plt.subplots()
    out = ct.plot_probability_alive(BG, T=38.86, max_frequency=10, n_recency=20, ax=ax)
    assert out is ax
    expected = BG.probability_alive_grid(T=38.86, max_frequency=10, n_recency=20).to_numpy()
    np.testing.assert_allclose(ax.images[0].get_array(), expected)
    assert "weeks" in ax.get_ylabel() and "repeat purchases" in ax.get_xlabel()
    assert "T = 38.86 weeks" in ax.get_title()
    assert len(fig.axes) == 2  # heat map + colour bar
    assert fig.axes[1].get_ylabel() == "P(alive)"


def test_calibration_vs_holdout_lines_are_group_means():
    x = np.array([0, 0, 1, 2, 9])
    t_x = np.array([0, 0, 10.0, 20.0, 30.0])
    big_t = np.full(5, 38.0)
    hold = np.array([0, 1, 1, 2, 6])
    ax = ct.plot_calibration_vs_holdout(BG, x, t_x, big_t, hold, holdout_length=39,
                                        max_frequency=2)
    actual, model = ax.lines[:2]
    np.testing.assert_allclose(actual.get_xdata(), [0, 1, 2])
    np.testing.assert_allclose(actual.get_ydata(), [0.5, 1.0, 4.0])
    pred = BG.conditional_expected_purchases(39, x, t_x, big_t)
    np.testing.assert_allclose(model.get_ydata(), [pred[:2].mean(), pred[2], pred[3:].mean()])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2+"]
    assert "39-week holdout" in ax.get_ylabel()


def test_sbg_survival_plot_with_data_and_constant_retention():
    model = ShiftedBetaGeo(period="year").fit(REGULAR)
    ax = ct.plot_sbg_survival(model, REGULAR, periods=12, constant_retention=0.8)
    sbg, observed, constant = ax.lines
    np.testing.assert_allclose(sbg.get_ydata(), model.survival(np.arange(13)))
    np.testing.assert_allclose(observed.get_ydata(), np.array(REGULAR) / 1000)
    np.testing.assert_allclose(constant.get_ydata(), 0.8 ** np.arange(13))
    assert ax.get_xlabel() == "years since acquisition"
    assert "alpha=0.704" in sbg.get_label()


def test_sbg_retention_plot_rises_and_matches_data():
    model = ShiftedBetaGeo(period="year").fit(REGULAR)
    ax = ct.plot_sbg_retention(model, REGULAR, periods=10, constant_retention=0.8)
    sbg, observed, constant = ax.lines
    assert np.all(np.diff(sbg.get_ydata()) > 0)
    np.testing.assert_allclose(observed.get_ydata(), np.array(REGULAR[1:]) / REGULAR[:-1])
    assert set(constant.get_ydata()) == {0.8}
    assert "per year" in ax.get_ylabel()


def test_plot_errors_are_clear():
    with pytest.raises(TypeError, match="model must be a fitted BetaGeo, got ShiftedBetaGeo"):
        ct.plot_probability_alive(ShiftedBetaGeo.from_params(alpha=1, beta=1), T=10)
    with pytest.raises(RuntimeError, match="model is not fitted yet"):
        ct.plot_sbg_survival(ShiftedBetaGeo(), periods=5)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None"):
        ct.plot_sbg_survival(ShiftedBetaGeo.from_params(alpha=1, beta=1), periods=5, ax="ax")
    with pytest.raises(ValueError, match=r"constant_retention must be in \[0, 1\), got 1.2"):
        ct.plot_sbg_survival(ShiftedBetaGeo.from_params(alpha=1, beta=1), periods=5,
                             constant_retention=1.2)


def test_model_plots_use_the_course_palette_not_matplotlib_defaults():
    """05's figures used the default C0/C1 cycle, unlike every other chapter."""
    sbg = ShiftedBetaGeo.from_params(alpha=0.704, beta=1.182)
    palette = {ct.style.COLORS["value"], ct.style.COLORS["cost"]}
    for plot in (ct.plot_sbg_survival, ct.plot_sbg_retention):
        ax = plot(sbg, periods=8, constant_retention=0.631)
        model_line, constant_line = ax.lines[0], ax.lines[-1]
        assert model_line.get_color() == ct.style.COLORS["value"]
        assert constant_line.get_color() == ct.style.COLORS["cost"]
        assert {line.get_color() for line in ax.lines} <= palette


def _draw_every_model_plot(**kwargs):
    sbg = ShiftedBetaGeo(period="year").fit(REGULAR)
    x, t_x = np.array([0, 1, 2, 9]), np.array([0, 10.0, 20.0, 30.0])
    return [
        ct.plot_probability_alive(BG, T=38.86, max_frequency=5, n_recency=5, **kwargs),
        ct.plot_calibration_vs_holdout(BG, x, t_x, np.full(4, 38.0), np.array([0, 1, 2, 6]),
                                       holdout_length=39, **kwargs),
        ct.plot_sbg_survival(sbg, REGULAR[:3], periods=5, constant_retention=0.8, **kwargs),
        ct.plot_sbg_retention(sbg, REGULAR[:3], periods=5, constant_retention=0.8, **kwargs),
    ]


def test_every_model_label_comes_from_the_catalogue_and_is_drawn(monkeypatch):
    """All plot.model.* keys: each one used by the code, each one drawn by these plots."""
    import re
    from pathlib import Path

    from clvteach import i18n
    from clvteach.plotting import models as module

    used = []
    real = module.label
    monkeypatch.setattr(module, "label", lambda key, lang, **f: used.append(key) or
                        real(key, lang, **f))
    _draw_every_model_plot(lang="zh")
    source = Path(module.__file__).read_text(encoding="utf-8")
    in_code = set(re.findall(r'"(plot\.model\.\w+)"', source))
    in_catalogue = {k for k in i18n.CATALOGUE if k.startswith("plot.model.")}
    assert set(used) == in_code == in_catalogue
    # no label, title or legend entry written in the code itself
    assert not re.search(r'(set_xlabel|set_ylabel|set_title|set_label)\(\s*f?["\']', source)
    assert not re.search(r'label=f?["\']', source)


def test_model_plots_follow_lang_not_only_the_session_language():
    han = re.compile(r"[\u4e00-\u9fff]")
    with ct.language("en"):
        axes = _draw_every_model_plot(lang="zh")
    for ax in axes:
        assert han.search(ax.get_title()) and han.search(ax.get_xlabel())
        legend = ax.get_legend()
        if legend is not None:
            assert all(han.search(t.get_text()) or "sBG" in t.get_text()
                       for t in legend.get_texts())
    with ct.language("zh"):
        ax = _draw_every_model_plot(lang="en")[2]
    assert ax.get_xlabel() == "years since acquisition"
