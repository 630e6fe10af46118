"""An Agg canvas that keeps rasterised text (private; a speed-up for the explorers).

Matplotlib's Agg renderer lays out every string and rasterises every glyph with FreeType
on every draw. In an explorer the same strings (tick labels, legends, titles) come back
on every redraw, and text is most of the cost of a frame. This renderer caches

* the layout of a string (glyph indices and offsets) per font, size and text, and
* each rasterised glyph per font, size, glyph and sub-pixel offset (quantised to a
  quarter pixel, i.e. text may sit up to 1/8 px from where plain Agg puts it).

Only the Agg internals ``_draw_text_glyphs_and_boxes`` and ``draw_text`` of matplotlib
3.9+ are overridden; if they differ (another matplotlib version) the renderer falls
back to plain Agg for good.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

__all__: list[str] = []

_MAX_GLYPHS = 20_000
_MAX_LAYOUTS = 5_000
_QUARTER = 16  # 1/4 px in FreeType's 26.6 fixed point


class GlyphCacheRenderer(RendererAgg):
    """:class:`RendererAgg` with cached text layouts and glyph bitmaps."""

    _glyphs: OrderedDict[tuple, tuple[np.ndarray, int, int]] = OrderedDict()
    _layouts: OrderedDict[tuple, list] = OrderedDict()
    enabled = hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float,
                  ismath: Any = False, mtext: Any = None) -> None:
        if ismath or not GlyphCacheRenderer.enabled:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        try:
            features = mtext.get_fontfeatures() if mtext is not None else None
            language = mtext.get_language() if mtext is not None else None
            size = prop.get_size_in_points()
            key = (str(prop), size, self.dpi, s, features and tuple(features), language,
                   backend_agg.get_hinting_flag())
            items = self._layouts.get(key)
            if items is None:
                font = self._prepare_font(prop)
                items = [(item.ft_object, item.glyph_index, item.x, item.y) for item in
                         font._layout(s, flags=backend_agg.get_hinting_flag(),
                                      features=features, language=language)]
                self._layouts[key] = items
                if len(self._layouts) > _MAX_LAYOUTS:
                    self._layouts.popitem(last=False)
            self._draw_glyphs(gc, x, y, angle, size, items)
        except (AttributeError, TypeError):  # different matplotlib internals
            GlyphCacheRenderer.enabled = False
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        return None

    def _draw_glyphs(self, gc: Any, x: float, y: float, angle: float, size: float,
                     items: list) -> None:
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = backend_agg.get_hinting_flag()
        antialiased = gc.get_antialiased()
        matrix = None
        height = self.height
        for font, glyph_index, dx, dy in items:
            fx = round(0x40 * (x + dx * cos - dy * sin))
            fy = round(0x40 * (height - y + dx * sin + dy * cos))
            fx = (fx + _QUARTER // 2) // _QUARTER * _QUARTER
            fy = (fy + _QUARTER // 2) // _QUARTER * _QUARTER
            ix, rx = divmod(fx, 64)
            iy, ry = divmod(fy, 64)
            key = (font.fname, size, self.dpi, glyph_index, angle, rx, ry, antialiased,
                   load_flags)
            hit = self._glyphs.get(key)
            if hit is None:
                if matrix is None:
                    matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                              ).round().astype(int)
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [rx, ry])
                bitmap = font._render_glyph(
                    glyph_index, load_flags,
                    backend_agg.RenderMode.NORMAL if antialiased
                    else backend_agg.RenderMode.MONO)
                buffer = np.array(bitmap.buffer, copy=True)
                if not antialiased:
                    buffer *= 0xff
                hit = (buffer, bitmap.left, bitmap.top)
                self._glyphs[key] = hit
                if len(self._glyphs) > _MAX_GLYPHS:
                    self._glyphs.popitem(last=False)
            buffer, left, top = hit
            self._renderer.draw_text_image(
                buffer, left + ix, int(height) - (top + iy) + buffer.shape[0], 0, gc)


class GlyphCacheCanvas(FigureCanvasAgg):
    """:class:`FigureCanvasAgg` drawing with :class:`GlyphCacheRenderer`."""

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = GlyphCacheRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
