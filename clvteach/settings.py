"""The course's settings as one explicit object: display language and presentation mode.

``ct.set_language("zh")`` (the first code cell of every Chinese notebook) switches every
later label, widget, hint and error message to Chinese; ``with ct.language("zh"):``
does it for a block only. Presentation mode (large fonts for projectors) is switched
by :func:`clvteach.presentation`, which also changes matplotlib's settings; the flag
itself lives here so that reading it never imports matplotlib.

Getters (:func:`get_language`, :func:`get_settings`, :func:`is_presentation`) never
change anything. This module imports neither matplotlib nor ipywidgets.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ._validation import check_bool, check_choice
from .i18n import LANGUAGES

__all__ = ["Settings", "get_settings", "get_language", "set_language", "language",
           "is_presentation"]


@dataclass(frozen=True)
class Settings:
    """The course settings in force.

    Attributes
    ----------
    language : {"en", "zh"}
        Language of labels, widgets, hints and error messages.
    presentation : bool
        Presentation mode (see :func:`clvteach.presentation`).
    """

    language: str = "en"
    presentation: bool = False

    def __post_init__(self) -> None:
        check_choice("lang", self.language, LANGUAGES)
        check_bool("presentation", self.presentation)


_current: list[Settings] = [Settings()]  # one slot: replaced, never mutated


def get_settings() -> Settings:
    """The settings in force (an immutable snapshot)."""
    return _current[0]


def _put(settings: Settings) -> None:
    _current[0] = settings


def get_language() -> str:
    """The current language, ``"en"`` unless :func:`set_language` said otherwise."""
    return _current[0].language


def set_language(lang: str) -> None:
    """Set the language of everything shown from now on (``"en"`` or ``"zh"``).

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en")
    """
    _put(replace(_current[0], language=lang))


@contextlib.contextmanager
def language(lang: str) -> Iterator[Settings]:
    """Use ``lang`` inside a ``with`` block; the previous language comes back after it.

    Examples
    --------
    >>> from clvteach.i18n import text
    >>> with language("zh"):
    ...     text("term.stage.stability")
    '稳定期'
    >>> get_language()
    'en'
    """
    previous = _current[0]
    _put(replace(previous, language=lang))
    try:
        yield _current[0]
    finally:
        _put(replace(_current[0], language=previous.language))


def is_presentation() -> bool:
    """Whether presentation mode is on."""
    return _current[0].presentation


def _set_presentation(on: bool) -> None:
    """Record the presentation flag (only :func:`clvteach.style.presentation` calls this)."""
    _put(replace(_current[0], presentation=on))
