"""Plots: ``plot_*(..., *, ax=None) -> matplotlib.axes.Axes``, drawing only through ``ax``.

Each submodule owns one topic and lists its public names in ``__all__``; this package
re-exports them all, and ``clvteach`` exposes them lazily as ``ct.plot_*``. Importing
this package registers the course's CJK font with matplotlib (see
:func:`clvteach.style.use_cjk_font`), so Chinese labels render on any machine.
"""
from __future__ import annotations

from .. import style
from . import _describe, clv, data, lifecycle, models, value
from .clv import *  # noqa: F403
from .data import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .models import *  # noqa: F403
from .value import *  # noqa: F403

# The course's CJK font: known to matplotlib from now on, first fallback for Chinese.
style.register_course_font()
style.use_cjk_font()

__all__ = [*value.__all__, *lifecycle.__all__, *clv.__all__, *data.__all__, *models.__all__]


# Figures shown in a notebook carry their text alternative (<img alt>, text/plain).
_describe.install_display_hook()
