"""Customer data for the course: real CDNOW transactions and a simulated coffee chain.

- :func:`load_cdnow` reads the CDNOW transaction log shipped with the toolkit (no network).

Every loader returns a transactions table with the shared columns ``customer_id``,
``date`` (datetime64), ``quantity`` and ``amount``.
"""
from __future__ import annotations

from .cdnow import load_cdnow

__all__ = ["load_cdnow"]
