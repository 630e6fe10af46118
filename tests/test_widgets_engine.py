"""The explorer engine: one reused figure, blitting, PNG, static representation."""
from __future__ import annotations

import base64
import io

import ipywidgets as widgets  # a dependency: a missing one must fail, not skip
import numpy as np
import pytest
from PIL import Image

from clvteach.widgets._engine import (
    Explorer, FigureView, Readout, nice_ceil, slider, sticky_limits)


class Bars(Explorer):
    """A minimal explorer: five bars scaled by one slider (engine tests only)."""

    title_key = "explorer"
    readouts = (Readout("total", "term.clv.total", css_class="ct-total"),)
    figsize = (4.0, 2.5)

    def __init__(self, **kwargs):
        super().__init__({"scale": slider("scale", value=1.0, min=0.0, max=10.0, step=0.1,
                                          lang="en", label_key="widget.margin")}, **kwargs)

    def compute(self, values):
        if values["scale"] == 0:
            raise ValueError("scale must be positive, got 0.0")
        heights = np.arange(1, 6) * values["scale"]
        return {"heights": heights, "total": float(heights.sum())}

    def setup(self, figure):
        return (figure.subplots(),)

    def draw(self, result, axes):
        (ax,) = axes
        if not hasattr(ax, "bars"):
            ax.bars = ax.bar(range(5), result["heights"])
            ax.note = ax.set_title("")
        for bar, h in zip(ax.bars, result["heights"]):
            bar.set_height(h)
        ax.note.set_text(f"total {result['total']:.1f}")
        ax.relim()
        ax.autoscale_view()

    @property
    def ax(self):
        return self.axes[0]

    @property
    def bars(self):
        return self.axes[0].bars

    @property
    def note(self):
        return self.axes[0].note


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"))


def test_slider_change_updates_result_artists_and_image_synchronously():
    ex = Bars()
    first = ex.image.value
    ex.controls["scale"].value = 2.0
    assert ex.result["total"] == pytest.approx(30.0)
    assert [b.get_height() for b in ex.bars] == pytest.approx([2, 4, 6, 8, 10])
    assert ex.note.get_text() == "total 30.0"
    assert ex.readout_text("total") == "30.0"
    assert bytes(ex.image.value) != bytes(first)
    assert bytes(ex.image.value).startswith(b"\x89PNG")


def test_one_figure_reused_and_no_pyplot_figures():
    import matplotlib.pyplot as plt

    ex = Bars()
    figure = ex.figure
    for value in (2.0, 3.0, 4.0):
        ex.controls["scale"].value = value
    assert ex.figure is figure and len(figure.axes) == 1
    assert plt.get_fignums() == []


def test_blitted_frame_equals_a_full_redraw():
    ex = Bars()
    ex.controls["scale"].value = 1.1  # inside the sticky range: blitted
    draws = ex.view.full_draws
    ex.controls["scale"].value = 1.2
    assert ex.view.full_draws == draws  # no full redraw was needed
    blitted = pixels(ex.image.value)
    ex.view._background = None  # force a full redraw of the same state
    full = pixels(ex.view.render())
    assert np.array_equal(blitted, full)


def test_limits_stay_while_data_fit_and_grow_when_they_do_not():
    ex = Bars()
    ylim = ex.ax.get_ylim()
    ex.controls["scale"].value = 0.9
    assert ex.ax.get_ylim() == ylim
    ex.controls["scale"].value = 5.0
    assert ex.ax.get_ylim()[1] >= 25.0 > ylim[1]


def test_sticky_limits_rules():
    import matplotlib.figure

    ax = matplotlib.figure.Figure().subplots()
    ax.set_ylim(0, 90)
    sticky_limits(ax, (0.0, 100.0))
    assert ax.get_ylim() == (0.0, 100.0)  # fits and fills: keep
    ax.set_ylim(0, 20)
    sticky_limits(ax, (0.0, 100.0))
    assert ax.get_ylim() == (0.0, 30.0)  # fills < 40 %: shrink (to a nice number)
    ax.set_ylim(0, 200)
    sticky_limits(ax, (0.0, 100.0))
    assert ax.get_ylim() == pytest.approx((0.0, 300.0))  # grows to a nice number
    ax.set_ylim(-50, 200)
    sticky_limits(ax, (0.0, 300.0))
    assert ax.get_ylim() == pytest.approx((-80.0, 300.0))


@pytest.mark.parametrize(("value", "nice"), [(1.0, 1.0), (1.01, 1.5), (230.0, 300.0),
                                             (0.07, 0.08), (9000.0, 10000.0), (0.0, 0.0)])
def test_nice_ceil(value, nice):
    assert nice_ceil(value) == pytest.approx(nice)


def test_image_has_fixed_pixel_size():
    ex = Bars()
    width, height = ex.view.size_px
    assert (width, height) == (320, 200)
    assert ex.image.layout.height == "200px"
    ex.controls["scale"].value = 7.0
    assert Image.open(io.BytesIO(bytes(ex.image.value))).size == (320, 200)


def test_invalid_input_shows_message_and_keeps_last_result():
    ex = Bars()
    ex.controls["scale"].value = 0.0
    assert ex.error == "scale must be positive, got 0.0"
    assert "scale must be positive" in ex.status.value
    assert ex.result["total"] == pytest.approx(15.0)
    ex.controls["scale"].value = 1.0
    assert ex.error is None and ex.status.value == ""


def test_mimebundle_has_widget_png_and_deterministic_text():
    ex = Bars()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == bytes(ex.image.value)
    assert bundle["text/plain"] == "Explorer\n  scale=1\n  CLV: 15.0"
    assert bundle["text/plain"] == Bars()._repr_mimebundle_()["text/plain"]
    assert "0x" not in bundle["text/plain"]


def test_sliders_follow_the_conventions():
    s = slider("retention", value=0.8, min=0.0, max=0.99, step=0.01, lang="en")
    assert isinstance(s, widgets.FloatSlider)
    assert s.description.startswith("Retention")
    assert s.continuous_update is False and s.readout
    assert "ct-retention" in s._dom_classes
    assert slider("retention", value=0.8, min=0, max=0.99, step=0.01,
                  lang="zh").description == "年保留率"


def test_presentation_adds_class_and_css():
    ex = Bars(presentation=True)
    assert "ct-presentation" in ex._dom_classes
    assert "<style>" in ex.children[0].value
    assert "ct-presentation" not in Bars(presentation=False)._dom_classes


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh', got 'fr'"):
        Bars(lang="fr")


def test_plot_draws_the_same_view_on_a_new_figure():
    from matplotlib.figure import Figure

    ex = Bars()
    figure = ex.plot(Figure(), {"scale": 3.0})
    assert [b.get_height() for b in figure.axes[0].patches] == pytest.approx([3, 6, 9, 12, 15])
    assert ex.result["total"] == pytest.approx(15.0)  # the explorer itself is unchanged


def test_figure_view_rejects_bad_dpi():
    with pytest.raises((TypeError, ValueError), match="dpi"):
        FigureView(figsize=(2, 2), dpi=0)


def test_glyph_cache_canvas_matches_plain_agg_within_a_quarter_pixel():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from clvteach.widgets._glyphs import GlyphCacheCanvas, GlyphCacheRenderer

    def draw(canvas_class):
        figure = Figure(figsize=(3, 1.5), dpi=80)
        canvas = canvas_class(figure)
        ax = figure.subplots()
        ax.set_title("Present value 3,058.7")
        ax.set_ylabel("Value (yuan)")  # rotated text
        ax.plot([0, 1], [0, 4000])
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)

    assert GlyphCacheRenderer.enabled
    plain = draw(FigureCanvasAgg)
    cached = draw(GlyphCacheCanvas)
    assert draw(GlyphCacheCanvas).tolist() == cached.tolist()  # from the cache: same pixels
    diff = np.abs(plain - cached)
    assert (diff > 0).mean() < 0.1  # only anti-aliased glyph edges differ
    assert GlyphCacheRenderer._glyphs and GlyphCacheRenderer._layouts


def test_png_encoder_is_lossless():
    ex = Bars()
    decoded = pixels(ex.view.to_png())
    assert np.array_equal(decoded, np.asarray(ex.view.canvas.buffer_rgba())[..., :3])


def test_chart_is_made_once_per_axes_and_kind():
    from matplotlib.figure import Figure

    from clvteach import plotting

    ex = Bars()
    ax = ex.ax
    first = ex.chart(ax, plotting.DcfChart)
    assert ex.chart(ax, plotting.DcfChart) is first
    assert first.ax is ax and first.lang == ex.figure_lang
    assert ex.chart(ax, plotting.ClvCacChart) is not first  # another kind: a new chart
    other = Figure().subplots()
    assert ex.chart(other, plotting.DcfChart) is not first
