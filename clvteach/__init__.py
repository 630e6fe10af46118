"""clvteach — customer value, customer lifecycle and customer lifetime value, for teaching.

Use it as ``import clvteach as ct``. The package is split by role, arrows pointing one
way: math (``units``, ``value``, ``lifecycle``, ``clv``, ``sensitivity``) → data
(``datasets``, ``rfm``, ``segmentation``, ``customer``) and probabilistic ``models`` →
plots (``plotting``) → ``widgets`` → notebooks.

Importing ``clvteach`` never imports matplotlib or ipywidgets: the ``plot_*``
functions, :mod:`clvteach.widgets` and :func:`presentation` are loaded on first use.
"""
from __future__ import annotations

import importlib
from typing import Any

from . import clv, customer, datasets, lifecycle, rfm, segmentation, sensitivity
from . import i18n, settings, units, value, value_map
from .clv import *  # noqa: F403
from .customer import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .rfm import *  # noqa: F403
from .segmentation import *  # noqa: F403
from .sensitivity import *  # noqa: F403
from .units import *  # noqa: F403
from .value import *  # noqa: F403
from .value_map import *  # noqa: F403
from .settings import get_language, get_settings, language, set_language
from . import display
from .display import show_table
from .i18n import text

__version__ = "0.1.0"

# Loaded lazily (they import matplotlib / ipywidgets, or scipy.special for the
# probabilistic models: ~55 MB more per student kernel on a hub when loaded eagerly).
_LAZY_MODULES = ("models", "plotting", "widgets", "style", "exercises")
# Lazily loaded functions: name -> submodule (filled in as those submodules land).
_LAZY_FUNCTIONS: dict[str, str] = {
    "presentation": "style",
    "is_presentation": "style",
    "widget_style": "style",
    "check": "exercises",
}

__all__ = [
    # submodules
    "clv", "customer", "datasets", "lifecycle", "rfm", "segmentation",
    "sensitivity", "units", "value", "value_map", "i18n", "settings", *_LAZY_MODULES,
    # settings: language (and presentation mode, lazily: it changes matplotlib)
    "get_language", "set_language", "language", "get_settings",
    # functions re-exported from the math and data modules
    *clv.__all__, *customer.__all__, *lifecycle.__all__, *rfm.__all__,
    *segmentation.__all__, *sensitivity.__all__, *units.__all__, *value.__all__,
    *value_map.__all__,
    *_LAZY_FUNCTIONS,
    # display in the current language (notebooks of both editions)
    "display", "show_table", "text",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY_FUNCTIONS:
        module = importlib.import_module(f".{_LAZY_FUNCTIONS[name]}", __name__)
        return getattr(module, name)
    if name.startswith("plot_"):
        plotting = importlib.import_module(".plotting", __name__)
        if name in plotting.__all__:
            return getattr(plotting, name)
    raise AttributeError(f"module 'clvteach' has no attribute {name!r}")


def __dir__() -> list[str]:
    names = set(globals()) | set(__all__)
    try:  # listing plot_* names is cheap only if plotting is already loaded
        import sys

        if f"{__name__}.plotting" in sys.modules:
            names |= {n for n in sys.modules[f"{__name__}.plotting"].__all__
                      if n.startswith("plot_")}
    except Exception:  # pragma: no cover - dir() must never fail
        pass
    return sorted(names)
