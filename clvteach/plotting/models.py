"""Plots of the probabilistic models: P(alive) heat map, calibration vs holdout, sBG curves.

Each function takes a fitted model from :mod:`clvteach.models` (the numbers come from its
methods) and only draws, through the ``ax`` it is given or creates; it keeps no state.
Axis labels carry the model's time unit (``BetaGeo.time_unit``, ``ShiftedBetaGeo.period``)
and, like every plot, come from the catalogue (:mod:`clvteach.i18n`) in ``lang``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .. import style
from .._validation import check_array, check_number, check_retention, error_text
from ..i18n import unit as unit_name
from ._common import color, label, new_axes

if TYPE_CHECKING:  # the models import scipy.special: loaded when a model plot is drawn
    from ..models import BetaGeo, ShiftedBetaGeo

__all__ = [
    "plot_calibration_vs_holdout",
    "plot_probability_alive",
    "plot_sbg_retention",
    "plot_sbg_survival",
]


def _check_model(name: str, model: Any, kind_name: str) -> None:
    from .. import models

    kind = getattr(models, kind_name)
    if not isinstance(model, kind):
        raise TypeError(error_text("error.models.fitted_instance", name=name,
                                   kind=kind.__name__, type=type(model).__name__))
    if not hasattr(model, "params_"):
        raise RuntimeError(error_text("error.plot.not_fitted", name=name, call="fit(...)"))


def _plural(unit: str, lang: str) -> str:
    """A time unit as an axis reads it: "weeks" in English, "周" in Chinese."""
    if lang == "zh":
        return unit_name(unit.removesuffix("s"), lang)
    return unit if unit.endswith("s") else unit + "s"


def _singular(unit: str, lang: str) -> str:
    return unit_name(unit, lang) if lang == "zh" else unit


def _sbg_inputs(model: Any, alive: Any, periods: Any, constant_retention: Any
                ) -> tuple[int, np.ndarray | None, float | None]:
    """Validated inputs shared by the two sBG plots (before anything is drawn)."""
    _check_model("model", model, "ShiftedBetaGeo")
    periods = check_number("periods", periods, low=1, integer=True)
    n = None if alive is None else check_array("alive", alive, low=0, min_length=2)
    r = (None if constant_retention is None
         else check_retention("constant_retention", constant_retention))
    return periods, n, r


def plot_probability_alive(
    model: BetaGeo,
    *,
    T: float,
    max_frequency: int = 20,
    n_recency: int = 60,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Heat map of P(alive) by frequency (columns) and recency (rows) for one ``T``.

    Parameters
    ----------
    model
        A fitted :class:`~clvteach.models.BetaGeo`.
    T
        Time since the first purchase (customer "age"), in ``model.time_unit``.
    max_frequency
        Largest number of repeat purchases shown.
    n_recency
        Number of recency values between 0 and ``T``.
    ax, lang
        Axes to draw on (default a new figure) and label language (default the session
        language), as in :func:`clvteach.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes
        The image is ``ax.images[0]``; its colour bar is attached to the same figure.
    """
    _check_model("model", model, "BetaGeo")
    grid = model.probability_alive_grid(T=T, max_frequency=max_frequency, n_recency=n_recency)
    lang = style.resolve_language(lang)
    ax = new_axes(ax, (7.0, 4.5))
    unit = _plural(model.time_unit, lang)
    rec = grid.index.to_numpy()
    freq = grid.columns.to_numpy()
    step = rec[1] - rec[0]
    image = ax.imshow(
        grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=1,
        extent=(freq[0] - 0.5, freq[-1] + 0.5, rec[0] - step / 2, rec[-1] + step / 2),
    )
    cbar = ax.figure.colorbar(image, ax=ax)
    cbar.set_label(label("plot.model.p_alive", lang))
    ax.set_xlabel(label("plot.model.frequency", lang))
    ax.set_ylabel(label("plot.model.recency", lang, unit=unit))
    ax.set_title(label("plot.model.p_alive_title", lang, T=T, unit=unit))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


def plot_calibration_vs_holdout(
    model: BetaGeo,
    frequency: Any,
    recency: Any,
    T: Any,
    holdout_frequency: Any,
    *,
    holdout_length: float,
    max_frequency: int = 7,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Mean holdout purchases, actual vs BG/NBD forecast, by calibration frequency.

    Customers are grouped by their number of repeat purchases in the calibration period
    (the last group is ``max_frequency`` or more); for each group the plot shows the
    mean number of purchases actually made in the holdout period and the mean of the
    model's conditional expectations over ``holdout_length`` (``model.time_unit``).
    ``ax`` and ``lang`` as in :func:`clvteach.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines: ``ax.lines[0]`` actual, ``ax.lines[1]`` model.
    """
    _check_model("model", model, "BetaGeo")
    holdout_length = check_number("holdout_length", holdout_length, low=0, low_open=True)
    max_frequency = check_number("max_frequency", max_frequency, low=1, integer=True)
    x = check_array("frequency", np.atleast_1d(frequency), low=0)
    actual = check_array("holdout_frequency", np.atleast_1d(holdout_frequency), low=0)
    if actual.shape != x.shape:
        raise ValueError(error_text("error.plot.one_per_customer", name="holdout_frequency",
                                    count=x.size, size=actual.size))
    predicted = model.conditional_expected_purchases(holdout_length, x, recency, T)
    groups = np.minimum(x, max_frequency).astype(int)
    levels = np.arange(max_frequency + 1)
    counts = np.bincount(groups, minlength=max_frequency + 1)
    present = counts > 0
    mean_actual = np.bincount(groups, weights=actual, minlength=max_frequency + 1)[present]
    mean_model = np.bincount(groups, weights=predicted, minlength=max_frequency + 1)[present]
    mean_actual /= counts[present]
    mean_model /= counts[present]
    lang = style.resolve_language(lang)
    ax = new_axes(ax, (7.0, 4.5))
    unit = _plural(model.time_unit, lang)
    ax.plot(levels[present], mean_actual, marker="o", color=color("value"),
            label=label("plot.model.actual", lang))
    ax.plot(levels[present], mean_model, marker="s", linestyle="--", color=color("cost"),
            label=label("plot.model.bgnbd_forecast", lang))
    ax.set_xticks(levels[present])
    ax.set_xticklabels([str(k) if k < max_frequency else f"{k}+" for k in levels[present]])
    ax.set_xlabel(label("plot.model.repeat_purchases", lang))
    ax.set_ylabel(label("plot.model.holdout_mean", lang, length=holdout_length,
                       unit=_singular(model.time_unit, lang)))
    ax.set_title(label("plot.model.calibration_title", lang, count=len(x), unit=unit))
    ax.legend()
    return ax


def plot_sbg_survival(
    model: ShiftedBetaGeo,
    alive: Any | None = None,
    *,
    periods: int,
    constant_retention: float | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Share of a cohort still active after each period: sBG model vs data.

    Parameters
    ----------
    model
        A fitted :class:`~clvteach.models.ShiftedBetaGeo`.
    alive
        Optional observed counts alive at the start of each period (``alive[0]`` = cohort
        size), drawn as points; the model's fitting window is shaded.
    periods
        Number of periods to project.
    constant_retention
        Optional constant retention rate r per period to compare with: :math:`r^t`, the
        assumption of the courseware's DCF table (Zhang San: 0.8).
    ax, lang
        Axes to draw on (default a new figure) and label language (default the session
        language), as in :func:`clvteach.plot_dcf`.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the sBG curve; then the data, then the constant-retention curve.
    """
    periods, n, r = _sbg_inputs(model, alive, periods, constant_retention)
    if n is not None and n[0] <= 0:
        raise ValueError(error_text("error.plot.cohort_start", name="alive",
                                    value=f"{n[0]:g}"))
    t = np.arange(periods + 1)
    lang = style.resolve_language(lang)
    ax = new_axes(ax, (7.0, 4.5))
    unit = _plural(model.period, lang)
    p = model.params_
    ax.plot(t, model.survival(t), marker=".", color=color("value"),
            label=label("plot.model.sbg_fit", lang, alpha=p["alpha"], beta=p["beta"]))
    if n is not None:
        ax.plot(np.arange(len(n)), n / n[0], "o", color="black",
                label=label("plot.model.observed", lang))
        ax.axvspan(0, len(n) - 1, color="0.92", zorder=0,
                   label=label("plot.model.fitting_window", lang))
    if r is not None:
        ax.plot(t, r ** t, linestyle=":", color=color("cost"),
                label=label("plot.model.constant_retention_per", lang, r=r,
                           period=_singular(model.period, lang)))
    ax.set_xlabel(label("plot.model.since_acquisition", lang, unit=unit))
    ax.set_ylabel(label("plot.model.still_active", lang))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(label("plot.model.survival_title", lang))
    ax.legend()
    return ax


def plot_sbg_retention(
    model: ShiftedBetaGeo,
    alive: Any | None = None,
    *,
    periods: int,
    constant_retention: float | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Retention rate of each period, :math:`r_t = S(t)/S(t-1)`: sBG model vs data.

    With heterogeneous customers the cohort's retention rises over time although no
    individual's changes (the quick churners leave first); a constant rate is flat.
    Parameters as in :func:`plot_sbg_survival`.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the sBG curve; then the data, then the constant rate.
    """
    periods, n, r = _sbg_inputs(model, alive, periods, constant_retention)
    t = np.arange(1, periods + 1)
    lang = style.resolve_language(lang)
    ax = new_axes(ax, (7.0, 4.5))
    ax.plot(t, model.retention_rate(t), marker=".", color=color("value"),
            label=label("plot.model.sbg", lang))
    if n is not None:
        with np.errstate(invalid="ignore", divide="ignore"):  # a cohort down to 0: no rate
            observed = n[1:] / n[:-1]
        ax.plot(np.arange(1, len(n)), observed, "o", color="black",
                label=label("plot.model.observed", lang))
    if r is not None:
        ax.plot(t, np.full(len(t), r), linestyle=":", color=color("cost"),
                label=label("plot.model.constant_retention", lang, r=r))
    ax.set_xlabel(label("plot.model.period_t", lang, period=_singular(model.period, lang)))
    ax.set_ylabel(label("plot.model.retention_rate", lang, period=_singular(model.period, lang)))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(label("plot.model.retention_title", lang))
    ax.legend()
    return ax
