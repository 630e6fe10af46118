"""Widget labels: lookups in the one string catalogue (:mod:`clvteach.i18n`).

A widget key without a dot is relative to the ``widget.`` namespace (``"growth"`` is
``widget.growth``, "Revenue growth / year"); a key with a dot is a full catalogue key
(``"term.segment.growth"``, "Growth customers").
"""
from __future__ import annotations

from ..i18n import LANGUAGES, text

__all__: list[str] = []  # private; LANGUAGES is re-exported for the engine
_LANGUAGES = LANGUAGES


def label(key: str, lang: str | None = None, **fields: object) -> str:
    """The label for ``key`` in ``lang`` (default: the current language)."""
    full = key if "." in key else f"widget.{key}"
    return text(full, lang, **fields)

