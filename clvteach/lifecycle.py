r"""Customer lifecycle (客户生命周期): five processes, four stages, four patterns.

Three views of the customer lifecycle from the courseware (chapter 6, section 2):

1. **Five processes** (reach 到达 → acquisition 获取 → conversion 转换 → retention 保留 →
   win-back 流失/赢回) as a cohort funnel with its KPIs (:data:`PROCESSES`,
   :func:`funnel`, :func:`funnel_kpis`).
2. **Four-stage model** (exploration 考察期, formation 形成期, stability 稳定期,
   deterioration 退化期) as a parametric, piecewise-linear relationship-value curve
   (:class:`FourStageCurve`): durations and levels in; value at any time, stage at any
   time and total value (the exact area under the curve) out.
3. **Four patterns** (early abortion 早期流产型, mid-term abortion 中途夭折型, early exit
   提前退出型, long-term retention 长久保持型) as canonical curves
   (:func:`canonical_curve`, :func:`canonical_pattern`, :func:`sample_pattern`) and a
   classifier that assigns a per-period value or purchase trajectory to a pattern and
   says why (:func:`classify_pattern`).

Time is counted in periods of an explicit unit (``period="month"`` by default for the
curves; the classifier works on any per-period series).

References
----------
.. [1] Courseware chapter 6 "客户价值的分析与获取", section 2 "客户生命周期" (five
   processes and KPIs; four-stage model, case 臻选咖啡; four patterns and their cases).
.. [2] Dwyer, F. R., Schurr, P. H., Oh, S. (1987). Developing buyer-seller relationships.
   *Journal of Marketing*, 51(2), 11-27 (relationship stages).
.. [3] 陈明亮 (2003). 客户生命周期模式研究. *浙江大学学报(人文社会科学版)*, 33(6)
   (four lifecycle patterns).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (check_amount, check_array, check_choice, check_instance, check_number,
                          check_positive, error_text, fmt_value)
from .i18n import text
from .units import PERIODS_PER_YEAR

__all__ = [
    "STAGE_KEYS",
    "PATTERN_KEYS",
    "PROCESS_KEYS",
    "LifecycleStage",
    "STAGES",
    "LifecycleProcess",
    "PROCESSES",
    "LifecyclePattern",
    "PATTERNS",
    "FunnelKPIs",
    "funnel",
    "funnel_kpis",
    "FourStageCurve",
    "canonical_curve",
    "canonical_pattern",
    "sample_pattern",
    "PatternResult",
    "classify_pattern",
    "fixed_lifetime_stability",
    "CurveComparison",
    "compare_curves",
    "PatternDemo",
    "pattern_demo",
]

STAGE_KEYS: tuple[str, ...] = ("exploration", "formation", "stability", "deterioration")
PATTERN_KEYS: tuple[str, ...] = (
    "early_abortion", "midterm_abortion", "early_exit", "long_term_retention",
)
PROCESS_KEYS: tuple[str, ...] = ("reach", "acquisition", "conversion", "retention", "win_back")


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class LifecycleStage:
    """One stage of the four-stage model (courseware table, translated)."""

    key: str
    name: str
    zh: str
    meaning: str
    customer: str
    goal: str
    strategies: tuple[str, ...]
    coffee_case: str


STAGES: tuple[LifecycleStage, ...] = (
    LifecycleStage(
        "exploration", "exploration", "考察期",
        "trial stage of the relationship; highest uncertainty",
        "doubtful and testing, price-sensitive: 'is it worth a try?'",
        "lower the entry threshold and win the first purchase",
        ("lower the threshold (first-visit offer)", "social proof (reviews, bean origin)",
         "keep promises"),
        "Xiao Lin sees the new Zhenxuan shop downstairs, registers and buys one latte with "
        "a buy-one-get-one-free coupon",
    ),
    LifecycleStage(
        "formation", "formation", "形成期",
        "fast growth of the relationship; value rises quickly",
        "trust deepens, buys more products more often, interacts more",
        "deepen interaction and raise customer value",
        ("cross-selling", "active interaction (feedback, community)", "habit forming"),
        "two more visits in a week, orders for colleagues, sea-salt caramel latte + almond "
        "croissant recommended, 5-yuan coupon for the next visit",
    ),
    LifecycleStage(
        "stability", "stability", "稳定期",
        "the golden stage: loyal advocate, highest value",
        "high trust and dependence, stable high purchases, recommends the brand (high NPS)",
        "strengthen loyalty and maximise lifetime value",
        ("loyalty programme (points, tiers)", "personal care (VIP service)",
         "community (product tests, brand events)"),
        "3+ visits a week, top 'gold star' member, recommends Zhenxuan to colleagues",
    ),
    LifecycleStage(
        "deterioration", "deterioration", "退化期",
        "the relationship cracks; value falls (an end, maybe a new start)",
        "dissatisfied or estranged; purchases drop; complains or leaves silently",
        "diagnose; win back or part on good terms",
        ("early warning (monitor spending)", "win-back effort", "learn and improve"),
        "office moves 1.5 km away; visits fall from 3 a week to almost none; CRM alert, "
        "call from a specialist, free-delivery coupon, promise to announce the new shop",
    ),
)


@dataclass(frozen=True)
class LifecycleProcess:
    """One of the five lifecycle processes with its goal, behaviour, tasks and KPIs."""

    key: str
    name: str
    zh: str
    goal: str
    customer_behaviour: str
    firm_tasks: str
    kpis: tuple[str, ...]


PROCESSES: tuple[LifecycleProcess, ...] = (
    LifecycleProcess(
        "reach", "reach", "到达", "create brand awareness so that prospects find you",
        "passive contact; searches, social media, friends' recommendations, ads",
        "wider exposure: content marketing, SEO/SEM, social ads, PR",
        ("site traffic", "brand searches", "social media reach"),
    ),
    LifecycleProcess(
        "acquisition", "acquisition", "获取", "turn prospects into first-time buyers",
        "active comparison; signs up, follows the account, takes samples, fills the cart",
        "remove doubts: trials, new-customer offers, social proof, low first-purchase threshold",
        ("customer acquisition cost (CAC)", "conversion rate", "first-time buyers"),
    ),
    LifecycleProcess(
        "conversion", "conversion", "转换", "deepen the relationship, raise customer value",
        "checks the first purchase was right; experiences service; may buy again",
        "keep promises: quality, an excellent first experience and after-sales support",
        ("LTV", "repurchase rate", "CSAT", "NPS"),
    ),
    LifecycleProcess(
        "retention", "retention", "保留", "keep customers; encourage repeat purchase and loyalty",
        "satisfied and trusting; habits formed; repurchases regularly, joins the programme",
        "loyalty programme, personal communication, exclusive offers, community, service",
        ("LTV", "repurchase rate", "CSAT", "NPS"),
    ),
    LifecycleProcess(
        "win_back", "win-back", "流失/赢回", "find why customers leave and try to win them back",
        "disappointed or moved on: stops opening mail, purchases drop to 0",
        "detect churn signals, survey, analyse causes; win-back campaigns",
        ("churn rate", "win-back rate"),
    ),
)


@dataclass(frozen=True)
class LifecyclePattern:
    """One of the four lifecycle patterns (shape, causes, the courseware's case)."""

    key: str
    name: str
    zh: str
    shape: str
    causes: tuple[str, ...]
    case: str


PATTERNS: tuple[LifecyclePattern, ...] = (
    LifecyclePattern(
        "early_abortion", "early abortion", "早期流产型",
        "lost right after acquisition; only the first experience or purchase; CLV very low",
        ("came only for a deal", "very bad first experience", "wrong target group"),
        "fresh-food app '1-yuan cherries': servers crash, bad fruit, users uninstall",
    ),
    LifecyclePattern(
        "midterm_abortion", "mid-term abortion", "中途夭折型",
        "past the start, lost just before the high-value stability stage; biggest lost "
        "potential",
        ("little engagement", "no growth path", "a competitor attracts them"),
        "paid-knowledge subscription: content stagnates, questions unanswered, no renewal",
    ),
    LifecyclePattern(
        "early_exit", "early exit", "提前退出型",
        "reached stability but left before the expected loyal duration",
        ("fatigue", "mature customers taken for granted", "needs changed"),
        "gym/barber annual card: old equipment, pushy coaches, a new smart gym opens",
    ),
    LifecyclePattern(
        "long_term_retention", "long-term retention", "长久保持型",
        "passes all stages, stays loyal, buys often and refers others; CLV highest",
        ("excellent end-to-end experience", "continuous value", "emotional bond"),
        "Apple ecosystem user Xiao Li: iPhone -> MacBook -> Watch/AirPods -> advocate",
    ),
)

_STAGE_ZH = {s.key: s.zh for s in STAGES}
_PATTERN_BY_KEY = {p.key: p for p in PATTERNS}


# --------------------------------------------------------------------------- funnel
@dataclass(frozen=True)
class FunnelKPIs:
    """KPIs of a cohort funnel (rates in [0, 1]; ``None`` when undefined, never NaN)."""

    cac: float | None
    conversion_rate: float | None
    repurchase_rate: float | None
    retention_rate: float | None
    churn_rate: float | None
    win_back_rate: float | None
    first_time_buyers: float
    churned: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_funnel(reached, acquired, converted, retained, won_back, acquisition_spend):
    counts = {
        "reached": check_amount("reached", reached),
        "acquired": check_amount("acquired", acquired),
        "converted": check_amount("converted", converted),
        "retained": check_amount("retained", retained),
        "won_back": check_amount("won_back", won_back),
    }
    spend = check_amount("acquisition_spend", acquisition_spend)
    order = [("acquired", "reached"), ("converted", "acquired"), ("retained", "converted")]
    for small, big in order:
        if counts[small] > counts[big]:
            raise ValueError(error_text("error.at_most", name=small, bound=big,
                                        limit=f"{counts[big]:g}", value=f"{counts[small]:g}"))
    churned = counts["acquired"] - counts["retained"]
    if counts["won_back"] > churned:
        raise ValueError(error_text("error.lifecycle.won_back", name="won_back",
                                    acquired="acquired", retained="retained",
                                    churned=f"{churned:g}", value=f"{counts['won_back']:g}"))
    return counts, spend, churned


def _ratio(a: float, b: float) -> float | None:
    return None if b == 0 else float(a / b)


def _nan_for_none(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def funnel_kpis(*, reached: float, acquired: float, converted: float, retained: float,
                won_back: float = 0.0, acquisition_spend: float = 0.0) -> FunnelKPIs:
    r"""KPIs of the five-process funnel for one cohort.

    The cohort: ``reached`` people see the brand (到达); ``acquired`` buy a first time
    (获取); ``converted`` buy again (转换); ``retained`` are still active at the end of
    the period (保留); ``churned = acquired - retained`` left, of whom ``won_back`` came
    back (赢回). Then

    .. math::

       \text{CAC} = \frac{\text{acquisition spend}}{\text{acquired}},\quad
       \text{conversion} = \frac{\text{acquired}}{\text{reached}},\quad
       \text{repurchase} = \frac{\text{converted}}{\text{acquired}},

       \text{retention} = \frac{\text{retained}}{\text{acquired}},\quad
       \text{churn} = 1 - \text{retention},\quad
       \text{win-back} = \frac{\text{won back}}{\text{churned}}.

    Counts may be expected (fractional) numbers. A rate with a zero denominator is
    ``None``.

    References
    ----------
    .. [1] Courseware ch. 6, "指标衡量": CAC, conversion rate, first-time buyers; LTV,
       repurchase rate, CSAT, NPS; churn rate, win-back rate.

    Examples
    --------
    >>> k = funnel_kpis(reached=10000, acquired=500, converted=300, retained=200,
    ...                 won_back=30, acquisition_spend=25000)
    >>> k.cac, k.conversion_rate, k.repurchase_rate, k.churn_rate, k.win_back_rate
    (50.0, 0.05, 0.6, 0.6, 0.1)
    """
    counts, spend, churned = _check_funnel(reached, acquired, converted, retained,
                                           won_back, acquisition_spend)
    acq = counts["acquired"]
    retention = _ratio(counts["retained"], acq)
    return FunnelKPIs(
        cac=_ratio(spend, acq),
        conversion_rate=_ratio(acq, counts["reached"]),
        repurchase_rate=_ratio(counts["converted"], acq),
        retention_rate=retention,
        churn_rate=None if retention is None else 1.0 - retention,
        win_back_rate=_ratio(counts["won_back"], churned),
        first_time_buyers=acq,
        churned=float(churned),
    )


def funnel(*, reached: float, acquired: float, converted: float, retained: float,
           won_back: float = 0.0) -> pd.DataFrame:
    """The five processes as a funnel table (one row per process, shared keys).

    Columns ``process, zh, count, share_of_reached, step_rate`` where ``step_rate`` is
    the count divided by the previous row's count (for ``win_back``: won back / churned).
    The rate columns are floats: NaN marks "no previous step" (the ``reach`` row) or a
    zero denominator, never a computation gone wrong.

    Examples
    --------
    >>> table = funnel(reached=10000, acquired=500, converted=300, retained=200, won_back=30)
    >>> table["count"].tolist()
    [10000.0, 500.0, 300.0, 200.0, 30.0]
    """
    counts, _, churned = _check_funnel(reached, acquired, converted, retained, won_back, 0.0)
    values = [counts[k] for k in ("reached", "acquired", "converted", "retained", "won_back")]
    previous = [None, values[0], values[1], values[2], churned]
    return pd.DataFrame({
        "process": list(PROCESS_KEYS),
        "zh": [p.zh for p in PROCESSES],
        "count": values,
        "share_of_reached": _nan_for_none([_ratio(v, values[0]) for v in values]),
        "step_rate": _nan_for_none(
            [None if b is None else _ratio(v, b) for v, b in zip(values, previous)]),
    })


# --------------------------------------------------------------------------- four stages
@dataclass(frozen=True)
class FourStageCurve:
    r"""The four-stage model as a piecewise-linear relationship-value curve.

    The curve passes through five knots: ``start_level`` at :math:`t=0`,
    ``exploration_level`` at the end of exploration, ``peak_level`` at the end of
    formation, ``stability_end_level`` (default: the peak) at the end of stability and
    ``end_level`` at the end of deterioration, :math:`T = e + f + s + d`. A stage of zero
    duration makes a jump (e.g. an abrupt loss). Value is per period of ``period``.

    .. math::

       \text{total value} = \int_0^T v(t)\,dt
       = \sum_{i} \frac{(t_{i+1} - t_i)(v_i + v_{i+1})}{2}

    (exact for a piecewise-linear curve).

    Parameters
    ----------
    exploration, formation, stability, deterioration : float
        Stage durations in periods, >= 0, total > 0.
    start_level, exploration_level, peak_level, stability_end_level, end_level : float
        Relationship value per period at the knots, >= 0.
    period : str
        Period unit (``"month"`` by default).

    References
    ----------
    .. [1] Courseware ch. 6, "客户生命周期的四阶段模型": value rises through exploration
       and formation, peaks in stability, falls in deterioration.

    Examples
    --------
    >>> c = FourStageCurve()
    >>> c.total_value(), c.stage_at(7.5), c.value(7.5)
    (32.0, 'stability', 3.0)
    """

    exploration: float = 2.0
    formation: float = 4.0
    stability: float = 6.0
    deterioration: float = 3.0
    start_level: float = 0.5
    exploration_level: float = 1.0
    peak_level: float = 3.0
    stability_end_level: float | None = None
    end_level: float = 0.0
    period: str = "month"

    def __post_init__(self) -> None:
        for name in ("exploration", "formation", "stability", "deterioration",
                     "start_level", "exploration_level", "peak_level", "end_level"):
            object.__setattr__(self, name, check_amount(name, getattr(self, name)))
        if self.stability_end_level is None:
            object.__setattr__(self, "stability_end_level", self.peak_level)
        else:
            object.__setattr__(self, "stability_end_level",
                               check_amount("stability_end_level", self.stability_end_level))
        if self.duration <= 0:
            raise ValueError(error_text("error.lifecycle.duration", name="duration",
                                        value=f"{self.duration:g}"))
        check_choice("period", self.period, PERIODS_PER_YEAR)

    # -- geometry
    @property
    def duration(self) -> float:
        """Total length :math:`T` in periods."""
        return float(self.exploration + self.formation + self.stability + self.deterioration)

    @property
    def durations(self) -> dict[str, float]:
        return dict(zip(STAGE_KEYS, (self.exploration, self.formation, self.stability,
                                     self.deterioration)))

    @property
    def knots(self) -> tuple[np.ndarray, np.ndarray]:
        """Knot times (stage boundaries) and levels."""
        times = np.cumsum([0.0, self.exploration, self.formation, self.stability,
                           self.deterioration])
        levels = np.array([self.start_level, self.exploration_level, self.peak_level,
                           self.stability_end_level, self.end_level], dtype=float)
        return times, levels

    @property
    def boundaries(self) -> dict[str, tuple[float, float]]:
        """Start and end time of each stage."""
        times, _ = self.knots
        return {k: (float(times[i]), float(times[i + 1])) for i, k in enumerate(STAGE_KEYS)}

    def _check_t(self, t: Any) -> np.ndarray:
        arr = check_array("t", np.atleast_1d(t))
        bad = (arr < 0) | (arr > self.duration)
        if bad.any():
            raise ValueError(error_text("error.lifecycle.t_range", name="t",
                                        duration=f"{self.duration:g}",
                                        value=f"{arr[np.flatnonzero(bad)[0]]:g}"))
        return arr

    def _segment(self, arr: np.ndarray) -> np.ndarray:
        times, _ = self.knots
        seg = np.searchsorted(times, arr, side="right") - 1
        # t == T belongs to the last stage that has a positive duration
        last = max(i for i, d in enumerate(self.durations.values()) if d > 0)
        return np.where(arr >= self.duration, last, np.clip(seg, 0, 3))

    def value(self, t: Any) -> Any:
        """Relationship value per period at time(s) ``t`` in [0, T] (right-continuous)."""
        arr = self._check_t(t)
        times, levels = self.knots
        seg = self._segment(arr)
        t0, t1 = times[seg], times[seg + 1]
        width = t1 - t0
        frac = np.divide(arr - t0, width, out=np.ones_like(arr), where=width > 0)
        out = levels[seg] + frac * (levels[seg + 1] - levels[seg])
        return float(out[0]) if np.ndim(t) == 0 else out

    def stage_at(self, t: Any) -> Any:
        """Stage key at time(s) ``t`` (a boundary belongs to the stage that starts there)."""
        arr = self._check_t(t)
        keys = np.array(STAGE_KEYS)[self._segment(arr)]
        return str(keys[0]) if np.ndim(t) == 0 else keys

    def _cumulative(self, points: np.ndarray) -> np.ndarray:
        """Exact :math:`\\int_0^p v(t)\\,dt` for each point (sum over linear pieces)."""
        times, levels = self.knots
        out = np.zeros(points.shape, dtype=float)
        for i in range(4):
            a, b = times[i], times[i + 1]
            if b <= a:
                continue  # a jump has no area
            u = np.clip(points, a, b)
            v_u = levels[i] + (u - a) / (b - a) * (levels[i + 1] - levels[i])
            out += (u - a) * (levels[i] + v_u) / 2.0
        return out

    def area(self, start: float = 0.0, end: float | None = None) -> float:
        """Exact integral of the curve between ``start`` and ``end`` (default: T)."""
        end = self.duration if end is None else end
        start = check_number("start", start, low=0.0, high=self.duration)
        end = check_number("end", end, low=start, high=self.duration)
        lo, hi = self._cumulative(np.array([start, end]))
        return float(hi - lo)

    def total_value(self) -> float:
        """Total relationship value: the exact area under the curve over [0, T]."""
        times, levels = self.knots
        return float(np.sum(np.diff(times) * (levels[:-1] + levels[1:]) / 2.0))

    def stage_values(self) -> dict[str, float]:
        """Area under the curve in each stage (sums to :meth:`total_value`)."""
        times, levels = self.knots
        parts = np.diff(times) * (levels[:-1] + levels[1:]) / 2.0
        return {k: float(v) for k, v in zip(STAGE_KEYS, parts)}

    def per_period(self, periods: int | None = None) -> np.ndarray:
        """Average value in each whole period ``[k, k+1)``; zero after the curve ends."""
        n = math.ceil(self.duration) if periods is None else check_number(
            "periods", periods, low=1, integer=True)
        edges = np.minimum(np.arange(n + 1, dtype=float), self.duration)
        return np.diff(self._cumulative(edges))

    def sample(self, num: int = 201) -> pd.DataFrame:
        """The curve on a grid: columns ``t, value, stage, stage_zh``."""
        num = check_number("num", num, low=2, integer=True)
        t = np.linspace(0.0, self.duration, num)
        stages = self.stage_at(t)
        return pd.DataFrame({"t": t, "value": self.value(t), "stage": stages,
                             "stage_zh": [_STAGE_ZH[s] for s in stages]})


# --------------------------------------------------------------------------- patterns
def canonical_curve(pattern: str, *, peak: float = 3.0, periods: int = 24,
                    exploration: float = 2.0, formation: float = 4.0, stability: float = 6.0,
                    deterioration: float = 2.0) -> FourStageCurve:
    """The canonical relationship-value curve of a lifecycle pattern.

    All four share one stage model (``exploration`` then ``formation`` periods to reach
    the ``peak``); they differ in where the relationship ends:

    - ``early_abortion``: one period of exploration at 30 % of the peak, then lost.
    - ``midterm_abortion``: exploration (30 -> 40 %), then lost three quarters of the way
      through formation (at 85 % of the peak), just before stability.
    - ``early_exit``: exploration, formation, ``stability`` periods at the peak, then
      ``deterioration`` periods down to 0, long before the window ends.
    - ``long_term_retention``: exploration, formation, then at the peak until ``periods``.

    Parameters
    ----------
    pattern : str
        One of :data:`PATTERN_KEYS`.
    peak : float
        Value (or purchases) per period in the stability stage, > 0.
    periods : int
        Observation window; long-term retention stays to its end. Must leave at least
        two silent periods after an early exit.
    """
    check_choice("pattern", pattern, PATTERN_KEYS)
    peak = check_positive("peak", peak, finite=True)
    exploration = check_positive("exploration", exploration, finite=True)
    formation = check_positive("formation", formation, finite=True)
    stability = check_positive("stability", stability, finite=True)
    deterioration = check_amount("deterioration", deterioration)
    minimum = math.ceil(exploration + formation + stability + deterioration) + 2
    periods = check_number("periods", periods, low=minimum, integer=True)
    lo, mid = 0.3 * peak, 0.4 * peak
    if pattern == "early_abortion":
        return FourStageCurve(1.0, 0.0, 0.0, 0.0, lo, lo, lo, lo, 0.0)
    if pattern == "midterm_abortion":
        return FourStageCurve(exploration, 0.75 * formation, 0.0, 0.0, lo, mid,
                              mid + 0.75 * (peak - mid), None, 0.0)
    if pattern == "early_exit":
        return FourStageCurve(exploration, formation, stability, deterioration, lo, mid,
                              peak, None, 0.0)
    return FourStageCurve(exploration, formation, periods - exploration - formation, 0.0,
                          lo, mid, peak, None, peak)


def canonical_pattern(pattern: str, *, periods: int = 24, peak: float = 3.0,
                      **stages: float) -> np.ndarray:
    """Expected value (or purchases) per period of a pattern over ``periods`` periods.

    The exact per-period averages of :func:`canonical_curve` (zeros after the loss).

    Examples
    --------
    >>> canonical_pattern("early_abortion", periods=16).round(6).tolist()[:3]
    [0.9, 0.0, 0.0]
    """
    curve = canonical_curve(pattern, peak=peak, periods=periods, **stages)
    return curve.per_period(periods)


def sample_pattern(pattern: str, *, rng: np.random.Generator | int, periods: int = 24,
                   peak: float = 3.0, **stages: float) -> np.ndarray:
    """Noisy purchase counts following a pattern: Poisson draws around
    :func:`canonical_pattern`, with at least one purchase in period 0 (the acquisition).

    Parameters
    ----------
    rng : numpy.random.Generator or int
        Random generator or seed (explicit, for reproducibility).
    """
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        rng = np.random.default_rng(int(rng))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(error_text("error.rng", name="rng", value=fmt_value(rng)))
    mean = canonical_pattern(pattern, periods=periods, peak=peak, **stages)
    counts = rng.poisson(mean).astype(float)
    counts[0] = max(counts[0], 1.0)
    return counts


@dataclass(frozen=True)
class PatternResult:
    """Result of :func:`classify_pattern`: the pattern, its Chinese name and why."""

    pattern: str
    pattern_zh: str
    reason: str
    features: dict[str, Any] = field(default_factory=dict)


def classify_pattern(trajectory: Any, *, exploration: int = 2, formation: int = 4,
                     min_silence: int = 2, alpha: float = 0.05) -> PatternResult:
    r"""Assign a per-period value or purchase trajectory to one of the four patterns.

    The relationship starts at the first active period (value > 0). The rules read the
    four-stage model's timing, so they depend only on *when* the customer was active,
    which makes them robust to noisy per-period counts:

    1. **Still a customer?** Let :math:`a` be the share of active periods within the
       active span (Laplace-smoothed, :math:`n_\text{active}/(\text{span}+1)`) and
       :math:`g` the number of silent periods at the end. If the customer were still
       there, :math:`g` silent periods in a row would have probability
       :math:`(1-a)^g`. The customer has **left** if :math:`g \ge` ``min_silence`` and
       :math:`(1-a)^g <` ``alpha``; otherwise the pattern is **long-term retention**
       (provisional if the span is shorter than exploration + formation).
    2. A customer who left after an active span of at most ``exploration`` periods:
       **early abortion** (only the first experience).
    3. Left after at most ``exploration + formation`` periods, i.e. before reaching
       the stability stage: **mid-term abortion**.
    4. Left later, after reaching stability: **early exit**.

    An all-zero trajectory is an early abortion (nothing after the first contact).

    Parameters
    ----------
    trajectory : sequence of float
        Value or purchases per period (>= 0, no NaN, at least one period).
    exploration, formation : int
        Stage durations in periods of the reference four-stage model (defaults match
        :func:`canonical_curve`).
    min_silence : int
        Fewest silent periods at the end that can mean the customer left.
    alpha : float
        Tolerance for "that much silence would be unusual for an active customer".

    Returns
    -------
    PatternResult
        ``pattern`` (a key of :data:`PATTERN_KEYS`), ``pattern_zh``, ``reason`` (one
        sentence with the numbers) and ``features``.

    References
    ----------
    .. [1] Courseware ch. 6, "客户生命周期的模式分类" table.

    Examples
    --------
    >>> classify_pattern([1, 0, 0, 0, 0, 0, 0, 0]).pattern
    'early_abortion'
    >>> classify_pattern([1, 2, 3, 3, 3, 2, 3, 3, 3, 3]).pattern
    'long_term_retention'
    """
    x = check_array("trajectory", trajectory, low=0.0, finite=True)
    exploration = check_positive("exploration", exploration, integer=True)
    formation = check_positive("formation", formation, integer=True)
    min_silence = check_positive("min_silence", min_silence, integer=True)
    alpha = check_number("alpha", alpha, low=0.0, high=1.0, low_open=True, high_open=True)
    n_total = int(x.size)
    active = x > 0
    if not active.any():
        return PatternResult(
            "early_abortion", _PATTERN_BY_KEY["early_abortion"].zh,
            f"no activity in any of the {n_total} periods: the relationship never got "
            "past the first contact",
            {"periods": n_total, "span": 0, "active_periods": 0, "trailing_silence": n_total,
             "activity_share": 0.0, "p_silence": 0.0, "first_active": None,
             "left": True, "provisional": False},
        )
    first = int(np.flatnonzero(active)[0])
    y, act = x[first:], active[first:]
    last = int(np.flatnonzero(act)[-1])
    span = last + 1
    silence = int(y.size - span)
    n_active = int(act[:span].sum())
    share = n_active / (span + 1)
    p_silence = (1.0 - share) ** silence
    left = silence >= min_silence and p_silence < alpha
    reach_stability = exploration + formation
    smooth = np.convolve(y[:span], np.ones(3) / 3, mode="same") if span >= 3 else y[:span]
    features = {
        "periods": n_total, "first_active": first, "span": span, "active_periods": n_active,
        "trailing_silence": silence, "activity_share": share, "p_silence": p_silence,
        "left": left, "peak_level": float(smooth.max()), "total": float(y.sum()),
        "provisional": (not left) and span < reach_stability,
    }
    # the reason reads in the current language (ct.set_language); templates in clvteach.i18n
    where = text("lifecycle.reason.where", first=first, span=span)
    fields = {"where": where, "silence": silence, "share": share, "span": span,
              "exploration": exploration, "stability_at": reach_stability, "total": n_total}
    if not left:
        key = "long_term_retention"
        reason = text("lifecycle.reason.long_term_retention", **fields)
        if features["provisional"]:
            reason += text("lifecycle.reason.provisional", **fields)
    elif span <= exploration:
        key = "early_abortion"
        reason = text("lifecycle.reason.early_abortion", **fields)
    elif span <= reach_stability:
        half = span // 2
        rising = y[half:span].mean() > y[:half].mean()
        trend = text("lifecycle.reason.rising" if rising else "lifecycle.reason.not_rising")
        key = "midterm_abortion"
        reason = text("lifecycle.reason.midterm_abortion", trend=trend, **fields)
    else:
        key = "early_exit"
        reason = text("lifecycle.reason.early_exit", **fields)
    return PatternResult(key, _PATTERN_BY_KEY[key].zh, reason, features)


# --------------------------------------------------------------------------- explorer rules
def fixed_lifetime_stability(lifetime: float, *, exploration: float, formation: float,
                             deterioration: float) -> float:
    r"""Stability duration when the customer lifetime cannot be lengthened.

    The four stages fill a lifetime :math:`T` that stays fixed; stability takes what the
    other three stages leave:

    .. math::

       s = T - e - f - d

    So shortening exploration (考察期), formation (形成期) or deterioration (退化期) by
    one period lengthens stability (稳定期), the most valuable stage, by one period: "if
    the lifecycle cannot be lengthened, shorten the cultivation and decline stages".

    Parameters
    ----------
    lifetime : float
        Fixed total duration :math:`T` in periods (e.g. ``curve.duration`` of the
        starting :class:`FourStageCurve`), >= 0.
    exploration, formation, deterioration : float
        Durations of the other three stages in periods, >= 0.

    Returns
    -------
    float
        Stability duration in periods, >= 0.

    Raises
    ------
    ValueError
        If the other three stages together last longer than ``lifetime`` (no time left
        for stability).

    References
    ----------
    .. [1] Courseware ch. 6, "客户价值的分析与获取", "客户生命周期的四阶段模型" (the
       four stages, stability the most valuable).
    .. [2] 什么是客户终生价值？ (course reading: if the lifecycle cannot be lengthened,
       shorten the cultivation and decline stages and lengthen growth and maturity).

    Examples
    --------
    >>> fixed_lifetime_stability(15.0, exploration=1.0, formation=4.0, deterioration=2.0)
    8.0
    """
    lifetime = check_amount("lifetime", lifetime)
    others = (check_amount("exploration", exploration) + check_amount("formation", formation)
              + check_amount("deterioration", deterioration))
    return float(check_number(text("error.lifecycle.stability_left"), lifetime - others,
                              low=0.0))


@dataclass(frozen=True)
class CurveComparison:
    """Result of :func:`compare_curves`: a curve's value against a starting curve.

    Attributes
    ----------
    total_value, baseline_total : float
        Total value (area under the curve) of the curve and of the starting curve.
    change : float
        ``total_value - baseline_total``.
    relative_change : float or None
        ``change / baseline_total``; ``None`` when the starting total is 0.
    stage_values : dict of str to float
        Area of each stage of the curve (keys :data:`STAGE_KEYS`).
    stability_share : float
        Share of the total value earned in the stability stage (0 when the total is 0).
    duration : float
        Lifetime of the curve in periods.
    """

    total_value: float
    baseline_total: float
    change: float
    relative_change: float | None
    stage_values: dict[str, float]
    stability_share: float
    duration: float


def compare_curves(curve: FourStageCurve, baseline: FourStageCurve) -> CurveComparison:
    r"""Total value of a four-stage curve, its change against a starting curve, and the
    share of the value earned in the stability stage.

    With :math:`V` the total value of ``curve`` and :math:`V_0` that of ``baseline``
    (:meth:`FourStageCurve.total_value`) and :math:`V_s` the area of the stability stage:

    .. math::

       \Delta V = V - V_0,\quad \frac{\Delta V}{V_0},\quad
       \text{stability share} = \frac{V_s}{V}

    Parameters
    ----------
    curve : FourStageCurve
        The curve to read (e.g. after changing stage durations or levels).
    baseline : FourStageCurve
        The starting curve it is compared with.

    Returns
    -------
    CurveComparison
        Totals, absolute and relative change (``None`` when :math:`V_0 = 0`), the
        stage values, the stability share (0 when :math:`V = 0`) and the duration.

    References
    ----------
    .. [1] Courseware ch. 6, "客户价值的分析与获取", "客户生命周期的四阶段模型": value
       peaks in stability, so a longer stability stage raises the customer's value.

    Examples
    --------
    >>> r = compare_curves(FourStageCurve(stability=9.0), FourStageCurve())
    >>> r.total_value, r.change, r.relative_change, r.stability_share
    (41.0, 9.0, 0.28125, 0.6585365853658537)
    """
    check_instance("curve", curve, FourStageCurve, kind="clvteach.FourStageCurve")
    check_instance("baseline", baseline, FourStageCurve, kind="clvteach.FourStageCurve")
    total = curve.total_value()
    start = baseline.total_value()
    parts = curve.stage_values()
    return CurveComparison(
        total_value=total, baseline_total=start, change=total - start,
        relative_change=(total - start) / start if start else None,
        stage_values=parts,
        stability_share=parts["stability"] / total if total else 0.0,
        duration=curve.duration,
    )


@dataclass(frozen=True)
class PatternDemo:
    """Result of :func:`pattern_demo`: the four canonical patterns, one simulated
    customer of the chosen pattern and how that customer is classified.

    Attributes
    ----------
    pattern : str
        The chosen pattern (a key of :data:`PATTERN_KEYS`).
    patterns : dict of str to numpy.ndarray
        Expected value (or purchases) per period of every pattern
        (:func:`canonical_pattern`), keys in the order of :data:`PATTERN_KEYS`.
    sample : numpy.ndarray
        The simulated customer's purchases per period (:func:`sample_pattern`).
    expected_total : float
        Expected purchases of the chosen pattern over the window.
    sample_total : float
        Purchases of the simulated customer over the window.
    classification : PatternResult
        :func:`classify_pattern` of the sample (its reason in the current language).
    """

    pattern: str
    patterns: dict[str, np.ndarray]
    sample: np.ndarray
    expected_total: float
    sample_total: float
    classification: PatternResult

    @property
    def correct(self) -> bool:
        """Whether the classifier recovers the pattern the customer was simulated from."""
        return self.classification.pattern == self.pattern


def pattern_demo(pattern: str, *, rng: np.random.Generator | int, periods: int = 24,
                 peak: float = 3.0, **stages: float) -> PatternDemo:
    r"""The four lifecycle patterns, a customer simulated from one, and its classification.

    The expected total of the chosen pattern and the simulated customer's total are
    the sums of the per-period values over the window of :math:`n` periods:

    .. math::

       \text{expected total} = \sum_{k=0}^{n-1} m_k,\qquad
       \text{sample total} = \sum_{k=0}^{n-1} x_k

    with :math:`m_k` from :func:`canonical_pattern` and :math:`x_k` from
    :func:`sample_pattern`; the sample is then classified by :func:`classify_pattern`.

    Parameters
    ----------
    pattern : str
        The pattern to simulate, one of :data:`PATTERN_KEYS`.
    rng : numpy.random.Generator or int
        Random generator or seed of the simulated customer.
    periods : int, default 24
        Observation window in periods.
    peak : float, default 3.0
        Value (or purchases) per period in the stability stage.
    **stages : float
        Stage durations passed to :func:`canonical_curve` (e.g. ``stability=6.0``).

    Returns
    -------
    PatternDemo
        Canonical patterns, the sample, both totals and the classification.

    References
    ----------
    .. [1] Courseware ch. 6, "客户价值的分析与获取", "客户生命周期的模式分类" (the
       four patterns).

    Examples
    --------
    >>> demo = pattern_demo("early_abortion", rng=1, periods=16)
    >>> round(demo.expected_total, 6), demo.classification.pattern
    (0.9, 'early_abortion')
    """
    check_choice("pattern", pattern, PATTERN_KEYS)
    patterns = {p: canonical_pattern(p, periods=periods, peak=peak, **stages)
                for p in PATTERN_KEYS}
    sample = sample_pattern(pattern, rng=rng, periods=periods, peak=peak, **stages)
    return PatternDemo(
        pattern=pattern, patterns=patterns, sample=sample,
        expected_total=float(patterns[pattern].sum()), sample_total=float(sample.sum()),
        classification=classify_pattern(sample),
    )
