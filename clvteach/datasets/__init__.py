"""Customer data for the course: real CDNOW transactions and a simulated coffee chain.

- :func:`load_cdnow` reads the CDNOW transaction log shipped with the toolkit (no network).
- :func:`simulate_coffee_shop` simulates a coffee chain ("Zhenxuan Coffee" 臻选咖啡) whose
  customers follow the four lifecycle patterns, with channels, CAC and the ground truth.

Every loader returns a transactions table with the shared columns ``customer_id``,
``date`` (datetime64), ``quantity`` and ``amount``.
"""
from __future__ import annotations

from .cdnow import load_cdnow
from .coffee_shop import (
    LIFECYCLE_PATTERNS,
    LIFECYCLE_STAGES,
    AcquisitionChannel,
    CoffeeShopData,
    CoffeeShopParams,
    MenuItem,
    PatternProfile,
    simulate_coffee_shop,
    true_stage_on,
)

__all__ = [
    "AcquisitionChannel",
    "CoffeeShopData",
    "CoffeeShopParams",
    "LIFECYCLE_PATTERNS",
    "LIFECYCLE_STAGES",
    "MenuItem",
    "PatternProfile",
    "load_cdnow",
    "simulate_coffee_shop",
    "true_stage_on",
]
