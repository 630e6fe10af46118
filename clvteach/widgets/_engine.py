"""The engine every explorer shares: one reused figure, blitted, sent as PNG to an Image.

Why not ``ipywidgets.interact`` with ``plt.show()``? Each change would build a new
figure, lay it out, draw every tick label and encode a PNG (≈100–200 ms on a laptop),
and the Output widget flickers while it is cleared. Here:

* each explorer owns ONE :class:`matplotlib.figure.Figure` (Agg canvas, no pyplot, so
  nothing leaks into ``plt.get_fignums()``), drawn once by the ``clvteach.plotting``
  functions;
* a slider change updates the data artists in place (``set_height``, ``set_data``,
  ``set_text``); those artists are *animated*, so matplotlib keeps them out of the
  cached background and a change repaints only them (blitting). Anything else that
  changes (axis limits, tick labels) marks the figure stale and triggers one full
  redraw, so the picture is always exactly what a fresh draw would give;
* the canvas is encoded to PNG with fast zlib settings and put in an
  :class:`ipywidgets.Image` of fixed pixel size (no layout jump, no flicker);
* sliders use ``continuous_update=False``: the readout follows the drag and the
  figure follows on release, so dragging never queues PNGs on a slow classroom
  network.

The explorer's numbers come from the public clvteach math; the widget only wires them.
The container also carries a static representation (PNG + plain-text summary) so a
notebook stored with outputs reads well on GitHub and is checked by nbval.
"""
from __future__ import annotations

import base64
import contextlib
import struct
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text

from .._validation import check_choice, check_positive
from ..plotting import Chart
from ..plotting._describe import alt_text, figure_html
from ._a11y import A11yHelper, control_specs
from ._glyphs import GlyphCacheCanvas, GlyphCacheRenderer
from ..i18n import LANGUAGES
from ._labels import label

__all__ = ["Explorer", "FigureView", "Readout", "slider", "sticky_limits"]

ChartT = TypeVar("ChartT", bound=Chart)

#: Pixels per inch of the live figure: sharp on a projector, cheap to encode.
DEFAULT_DPI = 80
#: Backgrounds kept per frame (axis limits): going back to a frame seen recently is free.
BACKGROUND_CACHE_SIZE = 12
#: zlib level for the PNG: 1 is several times faster than the default 6, few % larger.
PNG_COMPRESS_LEVEL = 1


class FigureView:
    """One reused Agg figure rendered to PNG bytes, repainting only what changed.

    The *frame* of each Axes (spines, ticks, tick labels, axis labels, grid) goes into a
    cached background; everything else (bars, lines, texts, titles, legends) is
    *animated* and repainted on every render. The background is redrawn only when the
    frame changed: different axis limits or tick labels (see :meth:`frame_signature`),
    or a different set of artists (a plot was rebuilt).
    """

    def __init__(self, *, figsize: tuple[float, float], dpi: int = DEFAULT_DPI) -> None:
        check_positive("dpi", dpi, integer=True)
        # Constrained layout for the first draw only; then the positions are frozen so
        # later draws skip the (costly) layout pass and the picture never shifts.
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = GlyphCacheCanvas(self.figure)
        self._dynamic: list[Artist] = []
        self._dynamic_ids: frozenset[int] = frozenset()
        self._background: Any = None
        self._signature: Any = None
        self._sprites: dict[int, tuple] = {}
        self._backgrounds: dict[tuple, Any] = {}  # frame signature -> background (LRU)
        self._last_keys: dict[int, tuple | None] = {}
        self._sprite_renderer: RendererAgg | None = None
        self.full_draws = 0  # how often the whole figure was drawn (tests, benchmarks)
        self.renders = 0

    @property
    def size_px(self) -> tuple[int, int]:
        width, height = self.canvas.get_width_height()
        return int(width), int(height)

    @staticmethod
    def frame_artists(ax: Axes) -> set[int]:
        return {id(ax.xaxis), id(ax.yaxis), id(ax.patch), *(id(s) for s in ax.spines.values())}

    def dynamic_artists(self) -> list[Artist]:
        """Everything but the Axes frames: data artists, texts, titles, legends."""
        artists: list[Artist] = []
        for ax in self.figure.axes:
            frame = self.frame_artists(ax)
            artists += [a for a in ax.get_children() if id(a) not in frame]
        artists += list(self.figure.texts) + list(self.figure.legends)
        return artists

    def frame_signature(self) -> tuple:
        """What the cached background depends on: limits and tick labels per Axes."""
        sig = []
        for ax in self.figure.axes:
            sig.append((ax.get_position().bounds, ax.get_xlim(), ax.get_ylim(),
                        tuple(t.get_text() for t in ax.get_xticklabels()),
                        tuple(t.get_text() for t in ax.get_yticklabels()),
                        ax.get_xlabel(), ax.get_ylabel(), ax.get_visible()))
        return tuple(sig)

    def clear(self) -> None:
        """Remove everything from the figure (before a full re-plot)."""
        self._set_dynamic([])
        self.figure.clear()
        self.figure.set_layout_engine("constrained")

    def _set_dynamic(self, artists: list[Artist]) -> None:
        for artist in self._dynamic:
            artist.set_animated(False)
        self._dynamic = sorted(artists, key=lambda a: a.get_zorder())
        self._dynamic_ids = frozenset(id(a) for a in artists)
        for artist in self._dynamic:
            artist.set_animated(True)
        self._background = None
        self._backgrounds.clear()
        self._sprites.clear()
        self._last_keys.clear()

    def _axis_text_outside(self) -> bool:
        """Whether an axis label, tick label or title sticks out of the figure."""
        renderer = self.canvas.get_renderer()
        frame = self.figure.bbox
        for ax in self.figure.axes:
            if not ax.get_visible() or not ax.axison:
                continue
            boxes = [ax.xaxis.get_tightbbox(renderer), ax.yaxis.get_tightbbox(renderer)]
            boxes += [t.get_window_extent(renderer) for t in (ax.title,)
                      if t.get_text()]
            for box in boxes:
                if box is None or box.width == 0:
                    continue
                if (box.x0 < frame.x0 - 1 or box.y0 < frame.y0 - 1
                        or box.x1 > frame.x1 + 1 or box.y1 > frame.y1 + 1):
                    return True
        return False

    def render(self, *, _relayout: bool = False) -> bytes:
        """Draw (blitting when possible) and return the figure as PNG bytes."""
        if not _relayout:
            self.renders += 1
        artists = self.dynamic_artists()
        if frozenset(id(a) for a in artists) != self._dynamic_ids:
            self._set_dynamic(artists)
        if self.figure.get_layout_engine() is not None and not isinstance(
                self.figure.get_layout_engine(), PlaceHolderLayoutEngine):
            self._set_dynamic([])  # lay out with every artist in place, then freeze
            self.canvas.draw()
            self.figure.set_layout_engine("none")
            self._set_dynamic(artists)
        signature = self.frame_signature()
        if self._background is not None and signature == self._signature:
            self.canvas.restore_region(self._background)
        else:
            self._sprites.clear()  # screen positions may have moved
            self._last_keys.clear()
            self._signature = signature
            cached = self._backgrounds.pop(signature, None)
            if cached is not None:  # back to a frame seen before (e.g. the default)
                self._background = cached
                self.canvas.restore_region(cached)
            else:
                self.canvas.draw()  # animated artists are left out of the background
                if not _relayout and self._axis_text_outside():
                    # e.g. retention 0.99: wider tick labels push "Present value (yuan)"
                    # off the picture; lay out again (once) with the new labels
                    self.figure.set_layout_engine("constrained")
                    self._backgrounds.clear()
                    self._background = None
                    return self.render(_relayout=True)
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
                self.full_draws += 1
            self._backgrounds[signature] = self._background  # most recent last
            while len(self._backgrounds) > BACKGROUND_CACHE_SIZE:
                self._backgrounds.pop(next(iter(self._backgrounds)))
        for artist in self._dynamic:
            if not artist.get_visible() or (isinstance(artist, Text) and not artist.get_text()):
                continue
            key = _sprite_key(artist)
            # Cache only what stayed the same since the last render: a text that
            # changes on every step is cheaper to draw than to capture.
            if key is None or self._last_keys.get(id(artist)) != key:
                self.figure.draw_artist(artist)
            else:
                self._paste_sprite(artist, key)
            self._last_keys[id(artist)] = key
        return self.to_png()

    def _paste_sprite(self, artist: Artist, key: tuple) -> None:
        """Paste a cached picture of an unchanged text or legend (text is slow to draw).

        The artist is drawn once on a transparent layer, cropped to its pixels and then
        alpha-composited at its place in the z-order, exactly like drawing it would.
        """
        cached = self._sprites.get(id(artist))
        if cached is None or cached[0] != key:
            renderer = self._sprite_renderer
            if renderer is None:
                width, height = self.size_px
                renderer = self._sprite_renderer = GlyphCacheRenderer(
                    width, height, self.figure.dpi)
            renderer.clear()
            artist.draw(renderer)
            layer = np.asarray(renderer.buffer_rgba())
            alpha = layer[..., 3]
            rows = np.flatnonzero(alpha.any(axis=1))
            cols = np.flatnonzero(alpha.any(axis=0))
            if rows.size == 0:
                self._sprites[id(artist)] = (key, None, None)
                return
            r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            patch = layer[r0:r1, c0:c1].astype(np.float32)
            cached = (key, (r0, r1, c0, c1), patch)
            self._sprites[id(artist)] = cached
        _, box, patch = cached
        if box is None:
            return
        r0, r1, c0, c1 = box
        target = np.asarray(self.canvas.buffer_rgba())[r0:r1, c0:c1]
        a = patch[..., 3:4] / 255.0
        target[..., :3] = (patch[..., :3] * a + target[..., :3] * (1.0 - a) + 0.5
                           ).astype(np.uint8)

    def to_png(self) -> bytes:
        """The canvas as PNG (RGB, no row filters, zlib level 1).

        Plots are mostly flat colour, which plain fast deflate packs well: about 2x
        faster than Pillow's encoder here, and no larger.
        """
        width, height = self.size_px
        rgba = np.asarray(self.canvas.buffer_rgba())
        rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
        rows[:, 0] = 0  # filter type "None" for every scanline
        rows[:, 1:] = rgba[..., :3].reshape(height, 3 * width)
        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
        return b"".join((b"\x89PNG\r\n\x1a\n", _png_chunk(b"IHDR", header),
                         _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESS_LEVEL)),
                         _png_chunk(b"IEND", b"")))


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def _sprite_key(artist: Artist) -> tuple | None:
    """What a cached picture of ``artist`` depends on; None: always draw it afresh.

    Only texts and legends are cached (they are the slow artists); a text's key holds
    everything set on it by the plots, so any change redraws it.
    """
    if isinstance(artist, Legend):
        if getattr(artist, "_loc", 0) == 0:  # loc="best" moves with the data
            return None
        return ("legend",)
    if isinstance(artist, Text):
        key = (artist.get_text(), tuple(artist.get_position()), artist.get_color(),
               artist.get_fontsize(), artist.get_fontweight(), artist.get_rotation(),
               artist.get_horizontalalignment(), artist.get_verticalalignment(),
               artist.get_alpha(), artist.get_zorder())
        if isinstance(artist, Annotation):
            if artist.arrow_patch is not None:
                return None
            key += (tuple(artist.xy), tuple(artist.xyann))
        return key
    return None


_NICE = np.array([1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0])


def nice_ceil(value: float) -> float:
    """Smallest number of the form n x 10^k, n in 1, 1.5, 2, 3, 4, 5, 6, 8, >= value."""
    if value <= 0:
        return 0.0
    exponent = np.floor(np.log10(value))
    scale = 10.0 ** exponent
    n = _NICE[np.searchsorted(_NICE, value / scale - 1e-12)]
    return float(n * scale)


def sticky_limits(ax: Axes, previous: tuple[float, float], *, axis: str = "y",
                  shrink: float = 0.4, headroom: float = 0.1) -> None:
    """Keep the previous range of a value axis while the new data fit in it comfortably.

    The plot functions autoscale to the data; while a slider moves, that would change
    the limits (and tick labels) on every step, forcing a full redraw and making the
    picture jump. Here the range is kept as long as the autoscaled one lies inside it
    and spans at least ``shrink`` of it; when it must change, the new end is rounded up
    to a nice number (with ``headroom``) so that the next steps fit again and the same
    few ranges (whose backgrounds are cached) come back.
    """
    get, set_ = (ax.get_ylim, ax.set_ylim) if axis == "y" else (ax.get_xlim, ax.set_xlim)
    old_lo, old_hi = previous
    new_lo, new_hi = get()
    if (new_lo, new_hi) == (old_lo, old_hi) or new_hi <= new_lo or old_hi <= old_lo:
        return
    inside = old_lo <= new_lo and new_hi <= old_hi
    if inside and (new_hi - new_lo) >= shrink * (old_hi - old_lo):
        set_(old_lo, old_hi, auto=None)  # auto=None: autoscaling stays on
        return
    span = new_hi - new_lo
    lo = -nice_ceil(-new_lo + headroom * span) if new_lo < 0 else new_lo
    hi = nice_ceil(new_hi + headroom * span) if new_hi > 0 else new_hi
    set_(lo, hi, auto=None)


@dataclass(frozen=True)
class Readout:
    """A number shown next to the figure: result key, label key, format, CSS class.

    ``label`` is a catalogue key (see :mod:`clvteach.widgets._labels`), or with
    ``literal=True`` a name from the data (an offer's name) shown as it is.
    """

    key: str
    label: str
    fmt: str | Callable[[Any], str] = "{:,.1f}"
    css_class: str | None = None
    literal: bool = False

    def title(self, lang: str) -> str:
        """The readout's label in ``lang``."""
        return self.label if self.literal else label(self.label, lang)

    def format(self, value: Any) -> str:
        if callable(self.fmt):  # a callable also decides how to show None
            return self.fmt(value)
        return "—" if value is None else self.fmt.format(value)


def css_name(name: str) -> str:
    return "ct-" + name.replace("_", "-")


def _prefixed(css_class: str, prefix: str) -> str:
    """``ct-retention`` -> ``<prefix>retention``; other classes unchanged."""
    if prefix == "ct-" or not css_class.startswith("ct-") or css_class.startswith(prefix):
        return css_class
    return prefix + css_class[len("ct-"):]


def _prefix_classes(widget: widgets.Widget, prefix: str) -> None:
    for css_class in list(getattr(widget, "_dom_classes", ())):
        new = _prefixed(css_class, prefix)
        if new != css_class:
            widget.remove_class(css_class)
            widget.add_class(new)


def slider(name: str, *, value: float, min: float, max: float, step: float,  # noqa: A002
           lang: str, integer: bool = False, readout_format: str | None = None,
           sizes: Mapping[str, str] | None = None,
           label_key: str | None = None) -> widgets.ValueWidget:
    """A labelled slider with the explorer conventions (CSS class ``ct-<name>``).

    Its label is the catalogue entry ``label_key`` (default ``widget.<name>``).

    ``continuous_update=False``: the readout follows the drag, the figure follows on
    release (each update ships a PNG; on a classroom network queued PNGs would lag).
    """
    sizes = dict(sizes or widget_sizes())
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    options: dict[str, Any] = dict(
        value=value, min=min, max=max, step=step, description=label(label_key or name, lang),
        continuous_update=False, readout=True,
        style={"description_width": sizes["description_width"]},
        layout=widgets.Layout(width=sizes["slider_width"]),
    )
    if readout_format is not None:
        options["readout_format"] = readout_format
    widget = cls(**options)
    widget.add_class(css_name(name))
    return widget


def widget_sizes() -> dict[str, str]:
    """Widget sizes for the current mode (larger in presentation mode)."""
    try:  # owned by clvteach.style (presentation mode)
        from ..style import widget_style
    except ImportError:  # pragma: no cover - style not available
        return dict(_DEFAULT_SIZES)
    return {**_DEFAULT_SIZES, **widget_style()}


_DEFAULT_SIZES = {"description_width": "160px", "font_size": "14px", "slider_width": "420px",
                  "value_font_size": "20px", "button_height": "32px"}


def default_language(lang: str | None) -> str:
    """``lang`` checked, or the session language (``ct.set_language``) when None."""
    if lang is None:
        from ..settings import get_language

        return get_language()
    return check_choice("lang", lang, LANGUAGES)


def figure_language(lang: str) -> str:
    """The language of the figure: the explorer's own (the course ships a CJK font)."""
    return check_choice("lang", lang, LANGUAGES)


class Explorer(widgets.VBox):
    """Base class: controls on the left, numbers on the right, one live figure below.

    Subclasses implement :meth:`compute` (numbers from the public clvteach functions),
    :meth:`setup` (create the Axes, once) and :meth:`draw` (``self.chart(ax,
    SomeChart).update(...)`` with the ``clvteach.plotting`` chart classes: the first
    update builds the plot, later updates move the same artists in place).

    Attributes
    ----------
    controls : dict
        Control name -> widget. Setting ``controls[name].value`` updates everything
        synchronously (no kernel or browser needed).
    result : dict
        The numbers currently shown.
    figure : matplotlib.figure.Figure
        The one figure this explorer draws into (never replaced).
    image : ipywidgets.Image
        The PNG of the figure, fixed size.
    a11y : ipywidgets.Widget
        Invisible helper that gives the figure its ``alt`` (updated on each redraw) and
        the controls their accessible names and spoken values in the browser.
    error : str or None
        The message of the last rejected input (shown instead of a traceback).
    """

    title_key: str = "explorer"
    readouts: Sequence[Readout] = ()
    figsize: tuple[float, float] = (10.0, 4.0)
    #: Per Axes (in figure.axes order): which axis holds values and keeps sticky limits.
    sticky_axes: Sequence[str | None] = ("y", "y", "y", "y")
    #: Prefix of the CSS classes of the controls and readouts (``ct-<prefix><name>``), so
    #: that two explorers on one page never share a class (both may have a retention
    #: slider); default the explorer's own name, e.g. ``ct-sensitivity-explorer-``. The
    #: whole explorer also gets the class ``ct-<title_key>`` (``ct-clv-calculator``).
    css_prefix: str | None = None

    def __init__(self, controls: Mapping[str, widgets.Widget], *, lang: str | None = None,
                 dpi: int = DEFAULT_DPI, presentation: bool | None = None) -> None:
        self.lang = default_language(lang)
        # Widget labels are HTML (the course CSS serves the CJK font to the browser);
        # figure labels use the course font registered with matplotlib.
        self.figure_lang = figure_language(self.lang)
        self.controls: dict[str, widgets.Widget] = dict(controls)
        prefix = css_name(self.title_key) + "-" if self.css_prefix is None else self.css_prefix
        for widget in self.controls.values():
            _prefix_classes(widget, prefix)
        self.readouts = tuple(
            replace(r, css_class=_prefixed(r.css_class, prefix)) if r.css_class else r
            for r in self.readouts)
        self.result: dict[str, Any] = {}
        self.error: str | None = None
        present = _presentation_on(presentation)
        sizes = widget_sizes()
        self.view = FigureView(figsize=self.figsize, dpi=dpi)
        self.figure = self.view.figure
        width, height = self.view.size_px
        # Fixed pixel size: the page never re-flows while the picture updates.
        self.image = widgets.Image(
            format="png", width=str(width), height=str(height),
            layout=widgets.Layout(width=f"{width}px", height=f"{height}px",
                                  min_height=f"{height}px", object_fit="contain"))
        self.image.add_class("ct-figure")
        self._values = {
            r.key: widgets.Label("", style={"font_size": sizes["value_font_size"],
                                            "font_weight": "bold"})
            for r in self.readouts}
        rows = []
        for r in self.readouts:
            name = widgets.Label(r.title(self.lang) + ("：" if self.lang == "zh" else ":"),
                                 style={"font_size": sizes["font_size"]},
                                 layout=widgets.Layout(width=sizes["description_width"]))
            self._values[r.key].add_class("ct-readout")
            if r.css_class:
                self._values[r.key].add_class(r.css_class)
            rows.append(widgets.HBox([name, self._values[r.key]],
                                     layout=widgets.Layout(align_items="baseline")))
        self.status = widgets.HTML("", layout=widgets.Layout(min_height="1.6em"))
        self.status.add_class("ct-status")
        from ..style import FONT_CSS  # Chinese labels in the course font, no tofu

        header = widgets.HTML(f"{FONT_CSS}<h3 style='margin:0.2em 0'>"
                              f"{label(self.title_key, self.lang)}</h3>")
        numbers = widgets.VBox(rows, layout=widgets.Layout(padding="0 0 0 1.5em"))
        numbers.add_class("ct-numbers")
        body = widgets.HBox([widgets.VBox(list(self._control_widgets())), numbers])
        # alt text of the live figure, names and spoken values of the controls (browser)
        self.a11y = A11yHelper(controls=control_specs(
            self.controls, self.lang,
            {name: getattr(w, "description", "") or label(name, self.lang)
             for name, w in self.controls.items()}))
        children: list[widgets.Widget] = [header, body, self.status, self.image, self.a11y]
        children.insert(0, widgets.HTML(LABEL_CSS + (PRESENTATION_CSS if present else "")))
        super().__init__(children=children)
        self.add_class("ct-explorer")
        self.add_class(css_name(self.title_key))
        if present:
            self.add_class("ct-presentation")
        self._drawn = False
        self._suspended = False
        self._charts: weakref.WeakKeyDictionary[Axes, Chart] = weakref.WeakKeyDictionary()
        self.axes: tuple[Axes, ...] = ()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    # --- hooks for subclasses -------------------------------------------------------
    def compute(self, values: dict[str, Any]) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def setup(self, figure: Figure) -> tuple[Axes, ...]:  # pragma: no cover
        """Create this explorer's Axes on ``figure`` (once)."""
        raise NotImplementedError

    def draw(self, result: dict[str, Any], axes: Sequence[Axes]) -> None:  # pragma: no cover
        """Draw ``result`` on ``axes``: ``self.chart(ax, SomeChart).update(...)``."""
        raise NotImplementedError

    def chart(self, ax: Axes, kind: type[ChartT]) -> ChartT:
        """The chart of class ``kind`` on ``ax``: created on first use, then reused.

        A chart (:class:`clvteach.plotting.Chart`) builds its artists once and moves them
        in place on every :meth:`~clvteach.plotting.Chart.update`; this is the fast path
        of a slider change. A new Axes (e.g. :meth:`plot` on a new figure) gets a new
        chart, in the explorer's figure language.
        """
        found = self._charts.get(ax)
        if type(found) is not kind:
            found = self._charts[ax] = kind(ax, lang=self.figure_lang)
        return found  # type: ignore[return-value]

    def plot(self, figure: Figure, values: Mapping[str, Any] | None = None) -> Figure:
        """Draw the view for ``values`` (default: current) on a new ``figure``.

        What a plain ``interact`` callback would do on every change; used as the
        baseline of ``benchmarks/widget_latency.py``.
        """
        result = self.compute({**self.values, **(values or {})})
        self.draw(result, self.setup(figure))
        return figure

    def summary_lines(self) -> list[str]:
        """Extra deterministic lines for the static text summary."""
        return []

    # --- machinery --------------------------------------------------------------------
    def _control_widgets(self) -> Iterable[widgets.Widget]:
        return self.controls.values()

    @property
    def values(self) -> dict[str, Any]:
        """Current control values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change: Any = None) -> None:
        if not self._suspended:
            self.refresh()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Change several controls, then update once: ``with ex.batch(): ...``."""
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False
        self.refresh()

    def refresh(self) -> None:
        """Recompute the numbers and redraw (runs on every control change)."""
        try:
            result = self.compute(self.values)
        except (ValueError, TypeError) as exc:
            # An impossible combination of inputs: say so, keep the last valid picture.
            self.error = str(exc)
            self.status.value = f"<span style='color:#b2182b'>{_escape(self.error)}</span>"
            return
        self.error = None
        self.status.value = ""
        self.result = result
        if not self._drawn:
            self.view.clear()
            self.axes = tuple(self.setup(self.figure))
            self.draw(result, self.axes)
            self._drawn = True
        else:
            previous = [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
            # the plots set limits fitted to the new data; sticky_limits then decides
            self.draw(result, self.axes)
            for ax, (xlim, ylim), axis in zip(self.figure.axes, previous, self.sticky_axes):
                if axis is not None:
                    sticky_limits(ax, ylim if axis == "y" else xlim, axis=axis)
        self.image.value = self.view.render()
        self.a11y.alt = alt_text(self.figure)
        for r in self.readouts:
            self._values[r.key].value = r.format(result.get(r.key))

    def readout_text(self, key: str) -> str:
        """The text shown for readout ``key`` (what a browser would show)."""
        return self._values[key].value

    def summary(self) -> str:
        """Deterministic plain-text summary: the inputs and the key numbers."""
        lines = [label(self.title_key, self.lang)]
        lines.append("  " + ", ".join(f"{name}={_fmt_value(v)}"
                                      for name, v in self.values.items()))
        for r in self.readouts:
            lines.append("  " + label("summary_line", self.lang, label=r.title(self.lang),
                                      value=r.format(self.result.get(r.key))))
        lines.extend("  " + line for line in self.summary_lines())
        if self.error:
            lines.append("  " + label("summary_line", self.lang, label=label("error", self.lang),
                                      value=self.error))
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # The live widget view, plus a static PNG and text for viewers without a kernel
        # (GitHub, nbviewer) and for nbval, which compares text/plain only.
        bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.summary()
        if self.image.value:
            bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
            # for viewers without widgets (the course website, GitHub): same picture, alt
            bundle["text/html"] = figure_html(self.figure, bytes(self.image.value))
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {label(self.title_key, self.lang)}>"


# Labels wrap instead of being cut ("Current value threshol…"): a lecture-long dashboard
# must show every word, in any language and font size.
LABEL_CSS = """<style>
.ct-explorer .widget-label, .ct-explorer .widget-label-basic, .ct-explorer .widget-readout
  {white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
   height: auto; line-height: 1.25;}
.ct-explorer .widget-inline-hbox, .ct-explorer .widget-hslider, .ct-explorer .widget-dropdown
  {height: auto; min-height: var(--jp-widgets-inline-height, 28px); align-items: center;}
</style>"""

# Bigger labels and readouts for projectors (see clvteach.style presentation mode).
PRESENTATION_CSS = """<style>
.ct-presentation .widget-label, .ct-presentation .widget-readout,
.ct-presentation .widget-label-basic, .ct-presentation .widget-html-content,
.ct-presentation .widget-dropdown select, .ct-presentation .widget-toggle-button
  {font-size: 22px !important; line-height: 1.5em;}
.ct-presentation .widget-slider {height: 2.2em;}
.ct-presentation .ct-numbers .widget-label {font-weight: 600;}
</style>"""


def _presentation_on(presentation: bool | None) -> bool:
    if presentation is not None:
        return bool(presentation)
    try:  # presentation mode is owned by clvteach.style
        from ..style import is_presentation
    except ImportError:  # pragma: no cover - style not available
        return False
    return bool(is_presentation())


def _fmt_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
