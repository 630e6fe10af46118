"""Presentation mode (for projectors) and the display language of plots and widgets.

Presentation mode
-----------------
``ct.presentation(True)`` switches every later figure to large fonts, thick lines and
the Okabe–Ito palette (high contrast, safe for the common colour-vision deficiencies),
and makes :func:`widget_style` report larger widget labels. ``ct.presentation(False)``
restores exactly the matplotlib settings that were in force before. It also works as a
context manager::

    with ct.presentation(True):
        ct.plot_dcf(table)

Language
--------
Labels are English by default. ``lang="zh"`` (or ``ct.set_language("zh")`` for the
whole session) gives Chinese labels, but only when a CJK font is installed: otherwise
the labels stay English and ONE :class:`CJKFontWarning` per session explains how to
install a font. This way a figure never shows boxes for missing glyphs.
"""
from __future__ import annotations

import functools
import re
import warnings
from typing import Any

from ._validation import check_choice
from .i18n import LANGUAGES

__all__ = [
    "OKABE_ITO",
    "OKABE_ITO_TEXT",
    "COLORS",
    "TEXT_COLORS",
    "CATEGORICAL",
    "contrast_ratio",
    "text_on",
    "CJKFontWarning",
    "presentation",
    "is_presentation",
    "widget_style",
    "set_language",
    "get_language",
    "resolve_language",
    "cjk_font",
    "displayable",
]

#: The Okabe–Ito palette (Okabe & Ito 2008), distinguishable with all common
#: colour-vision deficiencies; black first as in the original.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The same hues darkened (CAM02 lightness only) until text in them reaches at least 4.5:1
#: on white (WCAG 2.1 AA): for labels and annotations. Okabe–Ito orange text is 2.25:1,
#: sky blue 2.31:1, too faint for small text on a projector.
OKABE_ITO_TEXT: dict[str, str] = {
    "black": "#000000",
    "orange": "#A46700",
    "sky_blue": "#007CAF",
    "bluish_green": "#00855C",
    "yellow": "#817500",
    "blue": "#0072B2",
    "vermillion": "#C35100",
    "reddish_purple": "#A95B88",
}

#: Meaning -> colour, used by every plot so that "value" or "cost" look the same everywhere.
COLORS: dict[str, str] = {
    "value": OKABE_ITO["blue"],
    "cost": OKABE_ITO["vermillion"],
    "positive": OKABE_ITO["bluish_green"],
    "negative": OKABE_ITO["vermillion"],
    "highlight": OKABE_ITO["orange"],
    "reference": OKABE_ITO["black"],
    "muted": "#999999",
    "historical": OKABE_ITO["sky_blue"],
    "current": OKABE_ITO["blue"],
    "potential": OKABE_ITO["bluish_green"],
    "total": OKABE_ITO["black"],
    "exploration": OKABE_ITO["sky_blue"],
    "formation": OKABE_ITO["bluish_green"],
    "stability": OKABE_ITO["blue"],
    "deterioration": OKABE_ITO["vermillion"],
    "early_abortion": OKABE_ITO["vermillion"],
    "midterm_abortion": OKABE_ITO["orange"],
    "early_exit": OKABE_ITO["reddish_purple"],
    "long_term_retention": OKABE_ITO["blue"],
    "reach": OKABE_ITO["sky_blue"],
    "acquisition": OKABE_ITO["blue"],
    "conversion": OKABE_ITO["bluish_green"],
    "retention": OKABE_ITO["orange"],
    "win_back": OKABE_ITO["vermillion"],
    "high_value": OKABE_ITO["blue"],
    "growth": OKABE_ITO["bluish_green"],
    "watch": OKABE_ITO["orange"],
    "low_value": "#999999",
}

_DARK = {v: OKABE_ITO_TEXT[k] for k, v in OKABE_ITO.items()}
_DARK["#999999"] = "#6E6E6E"

#: Meaning -> colour for TEXT in that meaning (titles, labels, annotations): the hue of
#: :data:`COLORS` darkened to at least 4.5:1 on white.
TEXT_COLORS: dict[str, str] = {k: _DARK.get(v, v) for k, v in COLORS.items()}

#: Colours drawn side by side in one plot (their meaning is told by colour): each group
#: stays distinguishable with deuteranopia, protanopia and tritanopia (tests/test_style.py
#: computes the smallest colour difference, CAM02-UCS, of every pair).
CATEGORICAL: dict[str, tuple[str, ...]] = {
    "clv_components": ("historical", "current", "potential", "total"),
    "lifecycle_stages": ("exploration", "formation", "stability", "deterioration"),
    "lifecycle_patterns": ("early_abortion", "midterm_abortion", "early_exit",
                           "long_term_retention"),
    "strategies": ("reach", "acquisition", "conversion", "retention", "win_back"),
    "segments": ("high_value", "growth", "watch", "low_value"),
    "meanings": ("value", "cost", "positive", "highlight", "reference"),
}

# Palette order for the colour cycle: black is kept for reference lines.
_CYCLE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                  "reddish_purple", "sky_blue", "yellow", "black")]

# Matplotlib settings changed by presentation mode (and restored afterwards).
_PRESENTATION_RC: dict[str, Any] = {
    "font.size": 18,
    "axes.titlesize": 22,
    "axes.titleweight": "bold",
    "axes.labelsize": 20,
    "axes.labelweight": "bold",
    "xtick.labelsize": 17,
    "ytick.labelsize": 17,
    "legend.fontsize": 16,
    "lines.linewidth": 4.0,
    "lines.markersize": 11,
    "axes.linewidth": 2.0,
    "patch.linewidth": 1.5,
    "xtick.major.width": 2.0,
    "ytick.major.width": 2.0,
    "xtick.major.size": 7,
    "ytick.major.size": 7,
    "grid.linewidth": 1.2,
    "axes.edgecolor": "#000000",
    "axes.labelcolor": "#000000",
    "text.color": "#000000",
    "xtick.color": "#000000",
    "ytick.color": "#000000",
    "axes.facecolor": "#FFFFFF",
    "figure.facecolor": "#FFFFFF",
    "savefig.facecolor": "#FFFFFF",
}

# Widget settings read by clvteach.widgets (CSS units).
_WIDGET_STYLE = {
    False: {"description_width": "160px", "font_size": "14px", "slider_width": "420px",
            "value_font_size": "20px", "button_height": "32px"},
    True: {"description_width": "240px", "font_size": "22px", "slider_width": "640px",
           "value_font_size": "34px", "button_height": "48px"},
}

_state: dict[str, Any] = {"on": False, "saved_rc": None, "language": "en",
                          "warned_cjk": False}

# Fonts that cover Chinese, by preference (first installed one wins).
_CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans SC",
    "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimSun", "AR PL UMing CN",
    "AR PL UKai CN", "Droid Sans Fallback",
)


def _luminance(colour: str) -> float:
    from matplotlib.colors import to_rgb

    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21; AA text needs 4.5).

    Examples
    --------
    >>> round(contrast_ratio("#E69F00"), 2)
    2.25
    """
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (labels inside bars).

    Examples
    --------
    >>> text_on("#0072B2"), text_on("#56B4E9")
    ('white', 'black')
    """
    return "white" if contrast_ratio("#FFFFFF", background) >= \
        contrast_ratio("#000000", background) else "black"


class CJKFontWarning(UserWarning):
    """Chinese labels were requested but no CJK font is installed (shown once)."""


class _PresentationSwitch:
    """Returned by :func:`presentation`; as a context manager it restores the prior mode."""

    def __init__(self, previous: bool) -> None:
        self.previous = previous

    def __enter__(self) -> _PresentationSwitch:
        return self

    def __exit__(self, *exc: object) -> None:
        presentation(self.previous)

    def __repr__(self) -> str:
        return f"presentation mode {'on' if _state['on'] else 'off'}"


def presentation(on: bool = True) -> _PresentationSwitch:
    """Switch presentation mode (for projectors) on or off.

    On: large bold fonts, thick lines, black axes on white, and the Okabe–Ito colour
    cycle; widgets read larger sizes from :func:`widget_style`. Off: the matplotlib
    settings in force before switching on are restored exactly. Switching on twice
    keeps the first saved settings, so one ``presentation(False)`` always restores.

    Parameters
    ----------
    on : bool, default True
        True to switch on, False to switch off.

    Returns
    -------
    A context manager that, on exit, restores the mode that was active before the call.

    Examples
    --------
    >>> import clvteach as ct
    >>> _ = ct.presentation(True)
    >>> ct.is_presentation()
    True
    >>> _ = ct.presentation(False)
    """
    if not isinstance(on, bool):
        raise TypeError(f"on must be True or False, got {on!r} ({type(on).__name__})")
    import matplotlib as mpl
    from cycler import cycler

    previous = _state["on"]
    if on and not previous:
        keys = [*_PRESENTATION_RC, "axes.prop_cycle"]
        _state["saved_rc"] = {k: mpl.rcParams[k] for k in keys}
        mpl.rcParams.update(_PRESENTATION_RC)
        mpl.rcParams["axes.prop_cycle"] = cycler(color=_CYCLE)
        _state["on"] = True
    elif not on and previous:
        mpl.rcParams.update(_state["saved_rc"])
        _state["saved_rc"] = None
        _state["on"] = False
    return _PresentationSwitch(previous)


def is_presentation() -> bool:
    """Whether presentation mode is on."""
    return bool(_state["on"])


def widget_style() -> dict[str, str]:
    """Sizes (CSS strings) the explorers use for their widgets, for the current mode.

    Keys: ``description_width`` (slider labels), ``font_size`` (labels and text),
    ``slider_width``, ``value_font_size`` (the big result numbers), ``button_height``.
    Larger in presentation mode. Returns a fresh dict (changing it changes nothing).
    """
    return dict(_WIDGET_STYLE[is_presentation()])


def set_language(lang: str) -> None:
    """Set the session's default label language (``"en"`` or ``"zh"``).

    Plots and widgets called without ``lang=`` use it. Chinese still needs a CJK font:
    see :func:`resolve_language`.
    """
    _state["language"] = check_choice("lang", lang, LANGUAGES)


def get_language() -> str:
    """The session's default label language (``"en"`` unless :func:`set_language` ran)."""
    return _state["language"]


def _installed_font_names() -> list[str]:
    from matplotlib import font_manager

    return [f.name for f in font_manager.fontManager.ttflist]


@functools.cache
def _detect_cjk_font() -> str | None:
    installed = set(_installed_font_names())
    for name in _CJK_FONTS:
        if name in installed:
            return name
    # any other family that says it covers CJK
    for name in sorted(installed):
        if "CJK" in name.upper():
            return name
    return None


def cjk_font() -> str | None:
    """Name of an installed font that can show Chinese, or None (cached per session)."""
    return _detect_cjk_font()


def resolve_language(lang: str | None = None) -> str:
    """The language labels will actually use: ``lang`` (or the session default).

    For ``"zh"`` this makes sure matplotlib can show it: the CJK font is appended to the
    ``font.family`` fallback list (Latin text keeps its font). Without a CJK font it
    returns ``"en"`` and warns once per session with :class:`CJKFontWarning`.
    """
    lang = get_language() if lang is None else check_choice("lang", lang, LANGUAGES)
    if lang != "zh":
        return lang
    font = cjk_font()
    if font is None:
        if not _state["warned_cjk"]:
            _state["warned_cjk"] = True
            warnings.warn(
                "lang='zh' needs a font with Chinese characters (e.g. Noto Sans CJK SC, "
                "WenQuanYi Zen Hei, Source Han Sans, SimHei, Microsoft YaHei) and none is "
                "installed, so labels are shown in English. Install one (for example "
                "`sudo apt install fonts-noto-cjk` or `conda install -c conda-forge "
                "font-ttf-noto-cjk`), then restart the kernel.",
                CJKFontWarning,
                stacklevel=3,
            )
        return "en"
    _use_font(font)
    return "zh"


def _use_font(font: str) -> None:
    """Append ``font`` to matplotlib's fallback list (Latin text keeps its own font)."""
    import matplotlib as mpl

    family = list(mpl.rcParams["font.family"])
    if font not in family:
        mpl.rcParams["font.family"] = [*family, font]


# CJK ideographs, CJK punctuation and full-width forms
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def displayable(text: str) -> str:
    """``text`` as it can be drawn: Chinese characters kept only if a CJK font exists.

    Names that come from data (offer names such as "Chenguang smart mug (晨光智能咖啡杯)",
    user columns) may mix languages. With a CJK font installed it is registered and the
    text is returned unchanged; without one the Chinese characters (and brackets left
    empty) are removed, so that no box of a missing glyph is ever drawn.

    Examples
    --------
    >>> displayable("CLV")
    'CLV'
    """
    text = str(text)
    if not _CJK.search(text):
        return text
    font = cjk_font()
    if font is not None:
        _use_font(font)
        return text
    stripped = _CJK.sub("", text)
    stripped = re.sub(r"\(\s*\)|\[\s*\]", "", stripped)
    stripped = re.sub(r"\s{2,}", " ", stripped).strip(" -:/,")
    return stripped or "?"


def _reset_language_state() -> None:
    """Forget the cached font detection, the warn-once flag and the default language."""
    _detect_cjk_font.cache_clear()
    _state["warned_cjk"] = False
    _state["language"] = "en"
