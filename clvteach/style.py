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
Labels are English by default. ``lang="zh"``, ``ct.set_language("zh")`` (the whole
session) or ``with ct.language("zh"):`` (one block) give Chinese labels; the settings
themselves live in :mod:`clvteach.settings` and the strings in :mod:`clvteach.i18n`.
Chinese is drawn with the course's own font (:data:`COURSE_FONT`, an OFL subset of
Noto Sans SC shipped with the package), registered with matplotlib when the plotting
layer is imported, so it works on a machine without any system CJK font.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import warnings
from typing import Any

from pathlib import Path

from . import settings
from ._validation import check_bool, check_choice, error_text
from .i18n import LANGUAGES
from .settings import get_language, is_presentation, language, set_language

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
    "language",
    "resolve_language",
    "cjk_font",
    "use_cjk_font",
    "register_course_font",
    "install_browser_font",
    "install_server_font",
    "font_url",
    "font_face_css",
    "FONT_CSS",
    "FONT_URL_PATH",
    "WEB_FONT",
    "displayable",
    "COURSE_FONT",
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

_saved_rc: list[dict[str, Any] | None] = [None]  # matplotlib settings before presentation

#: Family name of the course's own CJK font (an OFL subset of Noto Sans SC shipped in
#: clvteach/fonts/, rebuilt by tools/build_cjk_font.py). Registered with matplotlib when
#: the plotting layer is imported; served to browsers by the Jupyter server
#: (:func:`install_server_font`) and the course website (tools/build_site.py).
COURSE_FONT = "ClvTeach Sans SC"
COURSE_FONT_FILES = ("ClvTeachSansSC-Regular.ttf",)

# Fonts that cover Chinese, by preference: the course font first (always shipped), then
# system fonts (used only if the course font file went missing).
_CJK_FONTS = (
    COURSE_FONT,
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
        return f"presentation mode {'on' if settings.is_presentation() else 'off'}"


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
    check_bool("on", on)
    import matplotlib as mpl
    from cycler import cycler

    previous = settings.is_presentation()
    if on and not previous:
        keys = [*_PRESENTATION_RC, "axes.prop_cycle"]
        _saved_rc[0] = {k: mpl.rcParams[k] for k in keys}
        mpl.rcParams.update(_PRESENTATION_RC)
        mpl.rcParams["axes.prop_cycle"] = cycler(color=_CYCLE)
        settings._set_presentation(True)
    elif not on and previous:
        if _saved_rc[0] is not None:
            mpl.rcParams.update(_saved_rc[0])
        _saved_rc[0] = None
        settings._set_presentation(False)
    return _PresentationSwitch(previous)


def widget_style() -> dict[str, str]:
    """Sizes (CSS strings) the explorers use for their widgets, for the current mode.

    Keys: ``description_width`` (slider labels), ``font_size`` (labels and text),
    ``slider_width``, ``value_font_size`` (the big result numbers), ``button_height``.
    Larger in presentation mode. Returns a fresh dict (changing it changes nothing).
    """
    return dict(_WIDGET_STYLE[is_presentation()])


def _font_file(name: str = COURSE_FONT_FILES[0]) -> Path:
    return Path(__file__).parent / "fonts" / name


@functools.cache
def register_course_font() -> str | None:
    """Make the course's CJK font known to matplotlib (once per session).

    Called when :mod:`clvteach.plotting` is imported. Returns the family name, or None
    if the font file is missing (a broken install; then a system CJK font is used).
    """
    from matplotlib import font_manager

    paths = [_font_file(name) for name in COURSE_FONT_FILES]
    if not all(path.is_file() for path in paths):
        return None
    manager = font_manager.fontManager
    for path in paths:
        manager.addfont(str(path))
        # one weight is shipped: bold text (titles, presentation mode) uses it too, so
        # matplotlib finds a face for every weight and logs no "Failed to find font weight"
        regular = [e for e in manager.ttflist if e.fname == str(path)]
        manager.ttflist += [dataclasses.replace(e, weight=w) for e in regular[:1]
                            for w in (100, 200, 300, 500, 600, 700, 800, 900)]
    manager._findfont_cached.cache_clear()
    _detect_cjk_font.cache_clear()  # the course font is now the first choice
    return COURSE_FONT


#: Where a Jupyter server serves the course font, below its base URL: the set-up
#: (:func:`install_server_font`, run by ``make env``, the hub image and the hub's systemd
#: unit) adds the package's font folder to the server's static files, so browsers on
#: other machines (students' laptops on a JupyterHub) download it from there: they
#: cannot use the fonts installed on the server.
FONT_URL_PATH = "static/ClvTeachSansSC-Regular.ttf"
#: The family the course website declares with the font file it ships
#: (``_static/clvteach-fonts.css``, written by tools/build_site.py): a page that also has
#: :data:`FONT_CSS` falls back to it when the server's URL does not exist there.
WEB_FONT = "ClvTeach Sans SC Web"


def font_url() -> str:
    """URL path of the course font on the Jupyter server this kernel belongs to.

    On a JupyterHub the single-user server runs below ``JUPYTERHUB_SERVICE_PREFIX``
    (``/user/<name>/``), which the hub passes to the server and its kernels; elsewhere
    the server's base URL is ``/``.

    Examples
    --------
    >>> font_url().endswith("/static/ClvTeachSansSC-Regular.ttf")
    True
    """
    import os

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    return prefix.rstrip("/") + "/" + FONT_URL_PATH


def font_face_css(family: str, url: str) -> str:
    """An ``@font-face`` rule: ``family`` from the installed font, else from ``url``."""
    return (f'@font-face {{font-family: "{family}";\n'
            f'  src: local("{COURSE_FONT}"), local("ClvTeachSansSC-Regular"),\n'
            f'       url("{url}") format("truetype");\n'
            f'  font-display: swap;}}')


#: CSS that makes browsers draw Chinese with the course font: the explorers put it in
#: their header. The font comes from the machine of the browser if installed there
#: (``local()``: ``make env``, :func:`install_browser_font`; offline), else from the
#: Jupyter server (``url()``, see :data:`FONT_URL_PATH`), in JupyterLab and Voilà alike;
#: on the course website from its own copy (:data:`WEB_FONT`).
FONT_CSS = f"""<style>
{font_face_css(COURSE_FONT, font_url())}
.ct-explorer, .ct-explorer .widget-label, .ct-explorer .widget-html-content,
.ct-explorer .widget-readout, .ct-explorer button, .ct-explorer select,
.jp-RenderedHTMLCommon, .jp-RenderedMarkdown
  {{font-family: var(--jp-content-font-family, system-ui, sans-serif), "{COURSE_FONT}",
    "{WEB_FONT}";}}
.ct-explorer :is(.widget-label, .widget-html-content, .widget-readout, button, select)
  {{font-family: var(--jp-ui-font-family, system-ui, sans-serif), "{COURSE_FONT}",
    "{WEB_FONT}";}}
</style>"""


def install_server_font(prefix: str | Path | None = None) -> Path:
    """Let the Jupyter server of an environment serve the course font to browsers.

    Adds the package's font folder (``clvteach/fonts/``: the font and its licence) to the
    static folders of the Jupyter server of the environment at ``prefix`` (default: this
    one, ``sys.prefix``: the course venv, the hub image's conda), in
    ``<prefix>/etc/jupyter/jupyter_server_config.json`` (other settings there are kept).
    The server then serves the font at ``<base URL>`` :data:`FONT_URL_PATH`, where
    :data:`FONT_CSS` looks for it. Idempotent; returns the configuration file.

    (A configuration value rather than a server extension: an extension would import
    clvteach, and pandas with it, into every student's server, ~50 MB each.)
    """
    import json
    import sys

    prefix = Path(sys.prefix if prefix is None else prefix)
    config = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    settings = json.loads(config.read_text(encoding="utf-8")) if config.is_file() else {}
    paths = settings.setdefault("ServerApp", {}).setdefault("extra_static_paths", [])
    folder = str(_font_file().parent)
    if folder not in paths:
        paths.append(folder)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return config


def install_browser_font(destination: str | Path | None = None) -> Path:
    """Install the course font for the user, so that browsers find it (offline).

    Copies the font files (and the licence) to ``destination``, by default the user's
    font folder (``$XDG_DATA_HOME/fonts/clvteach``, ``~/Library/Fonts/clvteach`` on
    macOS), then refreshes fontconfig's cache if ``fc-cache`` exists. Idempotent; run by
    ``make env``. Returns the folder.
    """
    import os
    import shutil
    import subprocess
    import sys

    if destination is None:
        if sys.platform == "darwin":
            base = Path.home() / "Library" / "Fonts"
        else:
            base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
            base = base / "fonts"
        destination = base / "clvteach"
    folder = Path(destination)
    folder.mkdir(parents=True, exist_ok=True)
    changed = False
    for name in (*COURSE_FONT_FILES, "OFL.txt"):
        source, target = _font_file(name), folder / name
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
            changed = True
    if changed and shutil.which("fc-cache"):
        subprocess.run(["fc-cache", "-f", str(folder)], check=False, capture_output=True)
    return folder


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
    """Name of a registered font that can show Chinese (the course font), or None."""
    return _detect_cjk_font()


def resolve_language(lang: str | None = None) -> str:
    """The language labels will use: ``lang``, or the current one if None.

    A getter: it changes nothing. (Chinese can always be drawn: the course ships its own
    CJK font, see :func:`use_cjk_font`.)
    """
    return get_language() if lang is None else check_choice("lang", lang, LANGUAGES)


def use_cjk_font() -> str | None:
    """Let matplotlib draw Chinese: append the CJK font to the ``font.family`` fallbacks.

    Latin text keeps its own font; matplotlib (3.6+) takes each glyph from the first
    font of the list that has it. Every plot function calls this before it creates
    text, so the fallback survives ``mpl.rcdefaults()`` or a style sheet. If no CJK font
    at all is available, warns once with :class:`CJKFontWarning` and returns None.
    """
    register_course_font()
    font = cjk_font()
    if font is None:
        _warn_no_cjk_font()
        return None
    import matplotlib as mpl

    family = list(mpl.rcParams["font.family"])
    if font not in family:
        mpl.rcParams["font.family"] = [*family, font]
    return font


@functools.cache
def _warn_no_cjk_font() -> None:
    warnings.warn(
        error_text("error.style.no_cjk_font", font=repr(COURSE_FONT), path=_font_file(),
                   package="clvteach", command="`sudo apt install fonts-noto-cjk`"),
        CJKFontWarning,
        stacklevel=3,
    )


# CJK ideographs, CJK punctuation and full-width forms
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def displayable(text: str) -> str:
    """``text`` as it can be drawn: Chinese characters kept only if a CJK font exists.

    Names that come from data (offer names such as "Chenguang smart mug (晨光智能咖啡杯)",
    user columns) may mix languages. With the course font (always shipped) the text is
    returned unchanged; without any CJK font the Chinese characters (and brackets left
    empty) are removed, so that no box of a missing glyph is ever drawn. A getter: it
    changes no setting.

    Examples
    --------
    >>> displayable("CLV")
    'CLV'
    """
    text = str(text)
    if not _CJK.search(text):
        return text
    if cjk_font() is not None:
        return text
    stripped = _CJK.sub("", text)
    stripped = re.sub(r"\(\s*\)|\[\s*\]", "", stripped)
    stripped = re.sub(r"\s{2,}", " ", stripped).strip(" -:/,")
    return stripped or "?"


def _reset_language_state() -> None:
    """Forget the cached font detection, the warn-once flag and the language (tests)."""
    _detect_cjk_font.cache_clear()
    _warn_no_cjk_font.cache_clear()
    settings.set_language("en")
