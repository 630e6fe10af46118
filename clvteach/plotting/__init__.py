"""Plots: ``plot_*(..., *, ax=None) -> matplotlib.axes.Axes``, drawing only through ``ax``.

Each submodule owns one topic and lists its public names in ``__all__``; this package
re-exports them all, and ``clvteach`` exposes them lazily as ``ct.plot_*``.
"""
from __future__ import annotations

from . import _describe, clv, data, lifecycle, models, value
from .clv import *  # noqa: F403
from .data import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .models import *  # noqa: F403
from .value import *  # noqa: F403

__all__ = [*value.__all__, *lifecycle.__all__, *clv.__all__, *data.__all__, *models.__all__]


# Figures shown in a notebook carry their text alternative (<img alt>, text/plain).
_describe.install_display_hook()
