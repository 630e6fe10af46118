"""Plots: ``plot_*(..., *, ax=None, lang=None) -> Axes``, drawing only through ``ax``.

The ``plot_*`` functions keep no state: each draws on the Axes it is given (or on a new
figure) and returns it. Explorers use the chart classes behind them (``DcfChart(ax)``
and its ``update(...)``, see :class:`Chart`), which create their artists once and move
them in place on every slider change; a ``plot_*`` function is ``Chart(ax).update(...)``,
so both look the same.

Each submodule owns one topic and lists its public names in ``__all__``; this package
re-exports them all, and ``clvteach`` exposes the functions lazily as ``ct.plot_*``. Importing
this package registers the course's CJK font with matplotlib (see
:func:`clvteach.style.use_cjk_font`), so Chinese labels render on any machine.
"""
from __future__ import annotations

from .. import style
from . import _describe, clv, data, lifecycle, models, value
from ._common import Chart
from .clv import *  # noqa: F403
from .data import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .models import *  # noqa: F403
from .value import *  # noqa: F403

# The course's CJK font: known to matplotlib from now on, first fallback for Chinese.
style.register_course_font()
style.use_cjk_font()

__all__ = ["Chart", *value.__all__, *lifecycle.__all__, *clv.__all__, *data.__all__, *models.__all__]


# Figures shown in a notebook carry their text alternative (<img alt>, text/plain).
_describe.install_display_hook()
