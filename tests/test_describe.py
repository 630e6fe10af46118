"""Text alternatives of figures (clvteach.plotting._describe): from the plot's own data."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach.plotting._describe import MAX_CHARS, alt_text, figure_html  # noqa: E402


def _dcf(retention: float = 0.80):
    return ct.dcf_table(annual_revenue=2400, margin=0.60, retention=retention,
                        discount_rate=0.10, horizon=5)


def test_dcf_description_reads_the_bars():
    ax = ct.plot_dcf(_dcf())
    ax.figure.draw_without_rendering()
    text = alt_text(ax.figure)
    assert "Present value per year: 1,047 at 1, falling to 293 at 5 (5 bars)" in text
    assert "Cumulative present value: 1,047 at 1, rising to 3,059 at 5" in text
    assert "y: Present value (yuan)" in text


def test_description_follows_the_data_when_updated_in_place():
    chart = ct.plotting.DcfChart()
    ax = chart.update(_dcf(0.80))
    before = alt_text(ax)
    chart.update(_dcf(0.95))
    after = alt_text(ax)
    assert before != after and "rising to 3,059" in before and "3,059" not in after


def test_categories_scatter_and_heat_map():
    fig = Figure()
    a, b, c = fig.subplots(1, 3)
    a.bar(["Reach", "Win-back"], [20000, 60])
    b.scatter(np.arange(5), np.arange(5) * 10.0)
    c.imshow(np.arange(6).reshape(2, 3))
    fig.draw_without_rendering()
    text = alt_text(fig)
    assert "Panel 1: Bar chart. Bars: Reach 20,000, Win-back 60." in text
    assert "5 points, x from 0 to 4, y from 0 to 40" in text
    assert "values from 0 to 5 (2 × 3 cells)" in text


def test_description_is_bounded_and_never_empty():
    ax = Figure().subplots()
    assert alt_text(ax) == "Chart."
    for i in range(60):
        ax.plot([0, 1, 2], [i, i + 5, i], label=f"a long series name number {i}")
    assert len(alt_text(ax)) <= MAX_CHARS


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="figure must be a matplotlib Figure or Axes"):
        alt_text("not a figure")


def test_html_carries_the_alt_text_and_the_png():
    ax = ct.plot_dcf(_dcf())
    html = figure_html(ax.figure)
    assert html.startswith('<img alt="Current value: discounted profit per year.')
    assert 'src="data:image/png;base64,iVBOR' in html


def test_notebook_display_hook_survives_the_inline_backend():
    from IPython.core.interactiveshell import InteractiveShell

    from clvteach.plotting import _describe

    shell = InteractiveShell.instance()
    try:
        assert _describe.install_display_hook()
        # what activating the inline backend does: drop every formatter of Figure
        for formatter in shell.display_formatter.formatters.values():
            formatter.pop(Figure, None)
        shell.events.trigger("post_execute")  # before the inline backend shows figures
        ax = ct.plot_dcf(_dcf())
        data, _ = shell.display_formatter.format(ax.figure)
        assert data["text/plain"].startswith("Figure: Current value")
        assert data["text/html"].startswith("<img alt=")
    finally:
        InteractiveShell.clear_instance()


def test_chinese_descriptions_end_sentences_with_the_full_width_stop():
    import re

    with ct.language("zh"):
        ax = ct.plot_dcf(_dcf(0.80), reference={"无限期": 3840.0})
        text = alt_text(ax.figure)
        plain = ct.plotting._describe._figure_plain(ax.figure)
    assert text.endswith("。") and text.count("。") >= 4
    assert not re.search(r"[\u4e00-\u9fff）][.] ?", text), text  # no ". " after Chinese
    assert "。 " not in text
    assert plain.startswith("图：当前价值")
