"""Placeholder: presentation mode and languages, filled in by the explorers issue."""
from __future__ import annotations

__all__: list[str] = []
