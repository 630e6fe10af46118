"""Customer data for the course: real CDNOW transactions and a simulated coffee chain.

- :func:`load_cdnow` reads the CDNOW transaction log shipped with the toolkit (no network).
- :func:`simulate_coffee_shop` simulates a coffee chain ("Zhenxuan Coffee" 臻选咖啡) whose
  customers follow the four lifecycle patterns, with channels, CAC and the ground truth.

Every loader returns a transactions table with the shared columns ``customer_id``,
``date`` (datetime64), ``quantity`` and ``amount``.
"""
from __future__ import annotations

from . import coffee_shop
from .cdnow import load_cdnow
from .coffee_shop import *  # noqa: F403

__all__ = ["load_cdnow", *coffee_shop.__all__]
