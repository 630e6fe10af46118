"""Text alternatives for figures, read from the figure's own artists (private).

:func:`alt_text` describes what a figure shows from the data it draws (bar heights, line
ends, axis labels, title), e.g. "Present value by year. Bar chart, x: Year, y: Present
value (yuan). Bars: 1,047 at 1 falling to 293 at 5 (5 bars)." It works on any figure, so
the ``plot_*`` functions need no change: the notebook display hook
(:func:`install_display_hook`) and the explorers' live image both call it after drawing.

Inside IPython, figures are then shown as ``text/html`` ``<img alt="…">`` (JupyterLab,
Voilà and the course website read it) next to the usual ``image/png``, and their
``text/plain`` is the same description instead of ``<Figure size 750x450 with 1 Axes>``.
"""
from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from .._validation import error_text
from ..i18n import text as _t  # the words of the description, in the current language

__all__ = ["alt_text", "figure_html", "install_display_hook"]

#: Longest description kept (screen readers read alt text in one go).
MAX_CHARS = 600


def _num(value: float) -> str:
    """1047.3 -> "1,047"; 0.25 -> "0.25"; 12.5 -> "12.5"."""
    if not np.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("\u2212", "-").rstrip("%"))
    except ValueError:
        return False
    return True


def _trend(values: np.ndarray) -> str:
    if values.size < 2:
        return ""
    first, last = values[0], values[-1]
    scale = max(abs(first), abs(last), 1e-12)
    if abs(last - first) <= 1e-6 * scale:
        return "flat"
    return "rising" if last > first else "falling"


def _series(name: str, x: np.ndarray, y: np.ndarray, unit: str = "") -> str:
    ok = np.isfinite(y)
    x, y = x[ok], y[ok]
    if y.size == 0:
        return ""
    if y.size == 1:
        return _t("plot.label_value", name=name, value=f"{_num(y[0])}{unit}")
    trend = _trend(y)
    peak = int(np.argmax(y))
    if trend == "flat":
        return _t("plot.alt.constant", name=name, y=f"{_num(y[0])}{unit}")
    text = _t("plot.alt.start", name=name, y=f"{_num(y[0])}{unit}", x=_num(x[0]))
    text += _t(f"plot.alt.{trend}", y=f"{_num(y[-1])}{unit}", x=_num(x[-1]))
    if 0 < peak < y.size - 1:
        text += _t("plot.alt.peak", y=f"{_num(y[peak])}{unit}", x=_num(x[peak]))
    return text


def _bar_text(ax: Axes, bars: BarContainer, index: int) -> str:
    patches = [p for p in bars.patches if p.get_visible()]
    if not patches:
        return ""
    horizontal = getattr(bars, "orientation", "vertical") == "horizontal"
    if horizontal:
        values = np.array([p.get_width() for p in patches], dtype=float)
        centres = np.array([p.get_y() + p.get_height() / 2 for p in patches])
        sizes = np.array([p.get_height() for p in patches])
        ticks, labels = ax.get_yticks(), ax.get_yticklabels()
    else:
        values = np.array([p.get_height() for p in patches], dtype=float)
        centres = np.array([p.get_x() + p.get_width() / 2 for p in patches])
        sizes = np.array([p.get_width() for p in patches])
        ticks, labels = ax.get_xticks(), ax.get_xticklabels()
    where = []
    for c, size in zip(centres, sizes):  # the tick label under the bar (grouped bars too)
        near = [lab.get_text() for t, lab in zip(ticks, labels) if abs(t - c) <= size]
        where.append(near[0] if near else "")
    name = bars.get_label()
    name = name if name and not name.startswith("_") else (
        _t("plot.alt.bars") if index == 0 else _t("plot.alt.bars_n", n=index + 1))
    if all(where) and not all(_numeric(w) for w in where) and len(patches) <= 8:
        parts = ", ".join(f"{w} {_num(v)}" for w, v in zip(where, values))
        return _t("plot.label_value", name=name, value=parts)
    order = np.argsort(centres)
    return _series(name, centres[order], values[order]) + _t("plot.alt.n_bars",
                                                              n=len(patches))


def _sentence(text: str) -> str:
    """``text`` ended by the full stop of the language: "." in English, "。" in Chinese."""
    return text.rstrip(".。") + _t("plot.alt.stop")


def _join(sentences: list[str]) -> str:
    """Sentences in a row: a space after ".", none after the full-width "。"."""
    joined = " ".join(filter(None, sentences))
    return joined.replace("。 ", "。")


def _axes_text(ax: Axes) -> str:
    parts: list[str] = []
    title = ax.get_title() or ax.get_title(loc="left")
    if title:
        parts.append(_sentence(title))
    kinds = []
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    lines = [ln for ln in ax.get_lines() if ln.get_visible() and len(ln.get_xdata()) > 1
             and not (ln.get_label() or "").startswith("_")]
    refs = [ln for ln in ax.get_lines() if ln.get_visible() and len(ln.get_xdata()) >= 1
            and ln not in lines]
    if bars:
        kinds.append(_t("plot.alt.bar_chart"))
    if lines:
        kinds.append(_t("plot.alt.line_chart"))
    if ax.images:
        kinds.append(_t("plot.alt.heat_map"))
    if any(type(c).__name__ == "PathCollection" for c in ax.collections):
        kinds.append(_t("plot.alt.scatter_plot"))
    frame = (_t("plot.alt.and").join(kinds) or _t("plot.alt.chart")).capitalize()
    if ax.get_xlabel():
        frame += _t("plot.alt.x_axis", label=ax.get_xlabel())
    if ax.get_ylabel():
        frame += _t("plot.alt.y_axis", label=ax.get_ylabel())
    parts.append(_sentence(frame))
    for i, container in enumerate(bars):
        described = _bar_text(ax, container, i)
        if described:
            parts.append(_sentence(described))
    for line in lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        described = _series(line.get_label(), x, y)
        if described:
            parts.append(_sentence(described))
    if not lines:  # unlabelled curves (e.g. a single line without legend)
        for i, line in enumerate(refs):
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            if x.size > 2 and np.unique(x).size > 2:
                described = _series(_t("plot.alt.curve") if i == 0 else
                                    _t("plot.alt.curve_n", n=i + 1), x, y)
                if described:
                    parts.append(_sentence(described))
    for image in ax.images:
        values = np.ma.masked_invalid(np.asarray(image.get_array(), dtype=float))
        if values.count():
            parts.append(_t("plot.alt.colour", low=_num(float(values.min())),
                            high=_num(float(values.max())), rows=values.shape[0],
                            cols=values.shape[1]))
    points = [c for c in ax.collections if hasattr(c, "get_offsets")
              and type(c).__name__ == "PathCollection"]
    for collection in points:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if offsets.ndim == 2 and len(offsets):
            parts.append(_t("plot.alt.points", n=f"{len(offsets):,}",
                            x0=_num(offsets[:, 0].min()), x1=_num(offsets[:, 0].max()),
                            y0=_num(offsets[:, 1].min()), y1=_num(offsets[:, 1].max())))
    notes = [t.get_text().strip() for t in ax.texts
             if t.get_visible() and t.get_text().strip()]
    notes = [n.replace("\n", " ") for n in notes if not n.replace(",", "").replace(".", "")
             .replace("-", "").replace("%", "").strip().isdigit()]
    if notes:
        parts.append(_t("plot.alt.notes",
                        notes=_t("plot.alt.note_sep").join(dict.fromkeys(notes))))
    return _join(parts)


def alt_text(figure: Figure | Axes) -> str:
    """What ``figure`` (or one Axes) shows, in one or a few sentences, from its artists.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The drawn figure; every visible Axes (colour bars excepted) is described.

    Returns
    -------
    str
        Plain text, at most :data:`MAX_CHARS` characters, never empty.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> _ = ax.bar([1, 2, 3], [1047, 620, 293])
    >>> alt_text(ax)
    'Bar chart. Bars: 1,047 at 1, falling to 293 at 3 (3 bars).'
    """
    if isinstance(figure, Axes):
        axes = [figure]
        fig_title = ""
    elif isinstance(figure, Figure):
        axes = [ax for ax in figure.axes if ax.get_visible()
                and not hasattr(ax, "_colorbar")]
        fig_title = figure._suptitle.get_text() if figure._suptitle is not None else ""
    else:
        raise TypeError(error_text("error.plot.either_type", name="figure",
                                   kind="matplotlib Figure", other="Axes",
                                   type=type(figure).__name__))
    texts = [_axes_text(ax) for ax in axes]
    if len(texts) > 1:
        texts = [_t("plot.alt.panel", n=i + 1, text=t) for i, t in enumerate(texts)]
    text = _join([_sentence(fig_title) if fig_title else "", *texts])
    text = _join(text.split()) or _t("plot.alt.empty")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def figure_html(figure: Figure, png: bytes | None = None) -> str:
    """``<img alt="…" src="data:image/png;base64,…">`` of ``figure`` (PNG drawn if None)."""
    if png is None:
        figure.draw_without_rendering()  # tick labels exist only once drawn
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight",
                       facecolor=figure.get_facecolor())
        png = buffer.getvalue()
    data = base64.b64encode(png).decode("ascii")
    return (f'<img alt="{html.escape(alt_text(figure), quote=True)}" '
            f'src="data:image/png;base64,{data}"/>')


def _figure_plain(figure: Figure, printer: Any = None, cycle: bool = False) -> None:
    figure.draw_without_rendering()  # tick labels exist only once drawn
    text = _t("plot.alt.figure", text=alt_text(figure))
    if printer is None:
        return text  # type: ignore[return-value]
    printer.text(text)
    return None


def _register(shell: Any) -> None:
    formatters = shell.display_formatter.formatters
    for mime, printer in (("text/html", figure_html), ("text/plain", _figure_plain)):
        if formatters[mime].type_printers.get(Figure) is not printer:
            formatters[mime].for_type(Figure, printer)


def install_display_hook() -> bool:
    """In IPython, show figures with their text alternative (no-op elsewhere).

    Adds a ``text/html`` formatter (``<img alt>``) and a ``text/plain`` one (the same
    description) for matplotlib figures. Activating the inline backend (first figure,
    ``%matplotlib inline``) removes every formatter of ``Figure``: so they are put back
    before and after each cell, before the inline backend shows the cell's figures.
    Returns whether a shell was found.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    shell = get_ipython()
    if shell is None:
        return False
    _register(shell)
    if not getattr(shell, "_clvteach_alt_hook", False):
        def again(*_args: Any) -> None:
            _register(shell)

        shell.events.register("pre_execute", again)
        shell.events.register("post_execute", again)
        shell._clvteach_alt_hook = True
    return True
