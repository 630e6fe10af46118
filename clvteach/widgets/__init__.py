"""Interactive explorers for teaching: each returns an ipywidgets container.

Every explorer works the same way (see :mod:`clvteach.widgets._engine`): sliders on the
left, the key numbers on the right, one live figure below that is updated in place on
each change. ``explorer.controls[name].value = x`` updates ``explorer.result`` and the
figure synchronously, so everything is testable without a kernel or a browser.
"""
from __future__ import annotations

from ._engine import Explorer, Readout
from .clv import CLVCalculator, SensitivityExplorer, clv_calculator, sensitivity_explorer
from .lifecycle import LifecycleExplorer, PatternExplorer, lifecycle_explorer, pattern_explorer
from .segments import SegmentExplorer, segment_explorer
from .value import (DeliveredValueExplorer, OfferComparison, delivered_value_explorer,
                    offer_comparison)

__all__ = ["Explorer", "Readout", "CLVCalculator", "clv_calculator",
           "SensitivityExplorer", "sensitivity_explorer",
           "DeliveredValueExplorer", "delivered_value_explorer",
           "OfferComparison", "offer_comparison",
           "LifecycleExplorer", "lifecycle_explorer", "PatternExplorer", "pattern_explorer",
           "SegmentExplorer", "segment_explorer"]
