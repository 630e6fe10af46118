r"""A simulated coffee chain, "Zhenxuan Coffee" (臻选咖啡): transactions with ground truth.

The courseware follows member 小林 (Xiao Lin) of Zhenxuan Coffee through the four stages
of the customer lifecycle (exploration 考察期 → formation 形成期 → stability 稳定期 →
deterioration 退化期). This module simulates a whole customer base of such a chain so that
the course can show, on data whose truth is known, the four lifecycle patterns
(early abortion 早期流产型, mid-term abortion 中途夭折型, early exit 提前退出型, long-term
retention 长久保持型), acquisition channels with their customer acquisition cost (CAC),
RFM, CLV segments and the 80/20 rule.

Generative model (all parameters in :class:`CoffeeShopParams`, with defaults chosen to be
plausible for a mid-market Chinese coffee chain; they are teaching assumptions, not
estimates from real data):

1. Customer :math:`i` is acquired on a day :math:`a_i` drawn uniformly from the
   acquisition window, through a channel drawn from the channel shares; the channel sets
   the CAC and the mix of lifecycle patterns (deal-driven channels bring more early
   abortions).
2. The pattern sets which stages are reached and how long each lasts (days drawn
   uniformly from the ranges of :class:`PatternProfile`): stage boundaries
   :math:`0 < b_1 \le b_2 \le b_3 \le b_4` (end of exploration, formation, stability,
   deterioration = churn), measured from :math:`a_i`.
3. Visits form a non-homogeneous Poisson process with intensity
   :math:`\lambda_i(t) = p_i\,\ell_i(t)\,s(a_i + t)`: :math:`p_i \sim \text{Gamma}` is the
   visits per week at the peak, :math:`\ell_i(t)` the lifecycle level (low in
   exploration, a linear ramp in formation, 1 in stability, a linear decline to 0 in
   deterioration, 0 after churn; patterns that never reach stability peak at
   ``PatternProfile.peak_level``), :math:`s` the optional seasonality (a yearly cycle
   peaking in mid-January plus busier weekdays). The first purchase is at :math:`t = 0`.
   Sampling is by thinning (Lewis & Shedler 1979), vectorised over all customers.
4. Each visit buys ``1 + Poisson(extra items of the stage)`` items from the menu, plus,
   sometimes, a group order for colleagues; the first visit through the buy-one-get-one
   channel gets a free drink; formation-stage visits sometimes use a 5-yuan coupon
   (the courseware's cross-sell and coupon).

References
----------
Courseware chapter 6, "客户生命周期的四阶段模型" (Zhenxuan Coffee case) and "客户生命周期
模式" (four patterns). Lewis, P. A. W. and Shedler, G. S. (1979). Simulation of
nonhomogeneous Poisson processes by thinning. *Naval Research Logistics Quarterly*,
26(3), 403-413.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (check_bool, check_instance, check_number, check_positive,
                           check_probability, error_text, fmt_value)
from ..lifecycle import PATTERN_KEYS, STAGE_KEYS
from ..units import DAYS_PER_YEAR

__all__ = [
    "AcquisitionChannel",
    "CoffeeShopData",
    "CoffeeShopParams",
    "LIFECYCLE_PATTERNS",
    "LIFECYCLE_STAGES",
    "MenuItem",
    "PatternProfile",
    "simulate_coffee_shop",
    "true_stage_on",
]

#: Shared keys (API.md, :mod:`clvteach.lifecycle`): the four stages and patterns, in order.
LIFECYCLE_STAGES: tuple[str, ...] = STAGE_KEYS
LIFECYCLE_PATTERNS: tuple[str, ...] = PATTERN_KEYS


@dataclass(frozen=True)
class MenuItem:
    """An item on the menu, price in yuan; ``weight`` is its share of items sold."""

    name: str
    name_zh: str
    price: float
    weight: float


@dataclass(frozen=True)
class AcquisitionChannel:
    """How customers are acquired: share of new customers, CAC (yuan) and pattern mix.

    ``pattern_mix`` gives the probabilities of the four patterns in the order of
    :data:`LIFECYCLE_PATTERNS`.
    """

    name: str
    name_zh: str
    share: float
    cac: float
    pattern_mix: tuple[float, float, float, float]


@dataclass(frozen=True)
class PatternProfile:
    """Stage durations (days, uniform on ``(low, high)``; ``(0, 0)`` = stage not reached)."""

    pattern: str
    exploration_days: tuple[float, float]
    formation_days: tuple[float, float]
    stability_days: tuple[float, float]
    deterioration_days: tuple[float, float]
    peak_level: float = 1.0  # level reached at the end of formation (1 = the peak)


DEFAULT_MENU = (
    MenuItem("americano", "美式咖啡", 22.0, 0.22),
    MenuItem("latte", "拿铁", 26.0, 0.25),
    MenuItem("sea_salt_caramel_latte", "海盐焦糖拿铁", 32.0, 0.12),
    MenuItem("cold_brew", "冷萃咖啡", 28.0, 0.08),
    MenuItem("flat_white", "澳白", 29.0, 0.08),
    MenuItem("almond_croissant", "杏仁可颂", 18.0, 0.12),
    MenuItem("sandwich", "三明治", 25.0, 0.08),
    MenuItem("cheesecake", "芝士蛋糕", 28.0, 0.05),
)

# CAC in yuan per acquired customer: walk-ins cost only a share of the shop signage; the
# buy-one-get-one offer costs a free drink plus flyers; delivery platforms charge for ads
# and new-user subsidies; referrals reward both friends. Teaching assumptions.
DEFAULT_CHANNELS = (
    AcquisitionChannel("walk_in", "门店自然进店", 0.30, 15.0, (0.30, 0.25, 0.20, 0.25)),
    AcquisitionChannel("bogo_coupon", "买一送一首单券", 0.25, 45.0, (0.50, 0.25, 0.12, 0.13)),
    AcquisitionChannel("delivery_app", "外卖平台", 0.20, 120.0, (0.45, 0.25, 0.15, 0.15)),
    AcquisitionChannel("wechat_community", "企业微信社群", 0.15, 35.0, (0.25, 0.25, 0.20, 0.30)),
    AcquisitionChannel("referral", "老带新推荐", 0.10, 60.0, (0.15, 0.20, 0.25, 0.40)),
)

DEFAULT_PATTERNS = (
    PatternProfile("early_abortion", (1, 14), (0, 0), (0, 0), (0, 0), peak_level=0.0),
    PatternProfile("midterm_abortion", (7, 21), (30, 90), (0, 0), (7, 30), peak_level=0.6),
    PatternProfile("early_exit", (7, 21), (30, 60), (60, 180), (14, 45)),
    PatternProfile("long_term_retention", (7, 21), (30, 60), (540, 1500), (30, 90)),
)


@dataclass(frozen=True)
class CoffeeShopParams:
    """Parameters of :func:`simulate_coffee_shop` (teaching assumptions, documented).

    Attributes
    ----------
    start : str
        First day of the simulation (ISO date).
    acquisition_days, horizon_days : int
        Customers are acquired during the first ``acquisition_days``; transactions are
        recorded for ``horizon_days`` days (observation end = start + horizon - 1 day).
    channels, menu, patterns
        Acquisition channels, menu items, pattern profiles (order of
        :data:`LIFECYCLE_PATTERNS`).
    peak_visits_per_week, peak_visits_shape : float
        Mean and gamma shape of the visits per week at the lifecycle peak.
    exploration_level : float
        Visit level in exploration relative to the peak.
    extra_items : tuple of 4 floats
        Mean number of extra items per visit in each stage (cross-selling peaks in
        formation).
    group_order_probability : float
        Chance that a formation/stability visit includes 2-5 drinks for colleagues.
    coupon_probability, coupon_value : float
        Chance and value (yuan) of the formation-stage coupon.
    season_amplitude : float
        Amplitude of the yearly cycle (peak mid-January); ``weekday_factor`` and
        ``weekend_factor`` scale Monday-Friday and weekend visits.
    """

    start: str = "2024-01-01"
    acquisition_days: int = 365
    horizon_days: int = 730
    channels: tuple[AcquisitionChannel, ...] = DEFAULT_CHANNELS
    menu: tuple[MenuItem, ...] = DEFAULT_MENU
    patterns: tuple[PatternProfile, ...] = DEFAULT_PATTERNS
    peak_visits_per_week: float = 1.0
    peak_visits_shape: float = 3.0
    exploration_level: float = 0.25
    extra_items: tuple[float, float, float, float] = (0.2, 0.5, 0.4, 0.2)
    group_order_probability: float = 0.04
    coupon_probability: float = 0.25
    coupon_value: float = 5.0
    season_amplitude: float = 0.15
    weekday_factor: float = 1.1
    weekend_factor: float = 0.75

    def __post_init__(self) -> None:
        check_positive("acquisition_days", self.acquisition_days, integer=True)
        check_positive("horizon_days", self.horizon_days, integer=True)
        if self.acquisition_days > self.horizon_days:
            raise ValueError(error_text("error.at_most", name="acquisition_days",
                                        bound="horizon_days", limit=self.horizon_days,
                                        value=self.acquisition_days))
        try:
            pd.Timestamp(self.start)
        except (TypeError, ValueError):
            raise ValueError(error_text("error.date", name="start",
                                        value=fmt_value(self.start))) from None
        for name in ("peak_visits_per_week", "peak_visits_shape", "weekday_factor",
                     "weekend_factor"):
            check_positive(name, getattr(self, name))
        for name in ("exploration_level", "group_order_probability", "coupon_probability",
                     "season_amplitude"):
            check_probability(name, getattr(self, name))
        check_number("coupon_value", self.coupon_value, low=0)
        shares = np.array([c.share for c in self.channels], dtype=float)
        if len(shares) == 0 or (shares < 0).any() or not np.isclose(shares.sum(), 1.0):
            raise ValueError(error_text(
                "error.datasets.shares",
                name=error_text("error.datasets.shares_of", name="channels"),
                value=fmt_value(shares.tolist())))
        for c in self.channels:
            check_number(error_text("error.datasets.of_channel", attribute="cac",
                                    channel=repr(c.name)), c.cac, low=0)
            mix = np.asarray(c.pattern_mix, dtype=float)
            if mix.shape != (4,) or (mix < 0).any() or not np.isclose(mix.sum(), 1.0):
                raise ValueError(error_text(
                    "error.datasets.pattern_mix",
                    name=error_text("error.datasets.of_channel", attribute="pattern_mix",
                                    channel=repr(c.name)),
                    value=fmt_value(list(c.pattern_mix))))
        if tuple(p.pattern for p in self.patterns) != LIFECYCLE_PATTERNS:
            raise ValueError(error_text("error.datasets.patterns_order", name="patterns",
                                        expected=LIFECYCLE_PATTERNS,
                                        value=tuple(p.pattern for p in self.patterns)))
        for profile in self.patterns:
            for attribute in ("exploration_days", "formation_days", "stability_days",
                              "deterioration_days"):
                low, high = getattr(profile, attribute)
                if not 0 <= low <= high:
                    raise ValueError(error_text(
                        "error.datasets.low_high",
                        name=error_text("error.datasets.of_pattern", attribute=attribute,
                                        pattern=repr(profile.pattern)),
                        value=repr((low, high))))
            check_probability(error_text("error.datasets.of_pattern", attribute="peak_level",
                                         pattern=repr(profile.pattern)), profile.peak_level)
        if any(p.exploration_days[0] <= 0 for p in self.patterns):
            raise ValueError(error_text("error.datasets.exploration_days",
                                        name="exploration_days",
                                        value=[p.exploration_days for p in self.patterns]))
        weights = np.array([m.weight for m in self.menu], dtype=float)
        if len(weights) == 0 or (weights < 0).any() or not np.isclose(weights.sum(), 1.0):
            raise ValueError(error_text(
                "error.datasets.shares",
                name=error_text("error.datasets.weights_of", name="menu"),
                value=fmt_value(weights.tolist())))
        if len(self.extra_items) != 4 or min(self.extra_items) < 0:
            raise ValueError(error_text("error.datasets.extra_items", name="extra_items",
                                        value=repr(self.extra_items)))


@dataclass(frozen=True)
class CoffeeShopData:
    """Result of :func:`simulate_coffee_shop`: unpack as ``transactions, customers``.

    Attributes
    ----------
    transactions, customers : pandas.DataFrame
        The purchase log and the ground truth per customer.
    observation_end : pandas.Timestamp
        The last simulated day: the end of the observation window.
    """

    transactions: pd.DataFrame
    customers: pd.DataFrame
    observation_end: pd.Timestamp

    def __iter__(self) -> Iterator[pd.DataFrame]:
        # the two tables only: ``tx, customers = simulate_coffee_shop(...)``
        return iter((self.transactions, self.customers))


def _seasonality(params: CoffeeShopParams, start: np.datetime64, enabled: bool) -> np.ndarray:
    """Relative visit level for every calendar day of the horizon."""
    days = start + np.arange(params.horizon_days)
    if not enabled:
        return np.ones(params.horizon_days)
    day_of_year = (days - days.astype("datetime64[Y]")).astype(np.int64)
    yearly = 1.0 + params.season_amplitude * np.cos(2 * np.pi * (day_of_year - 14) / DAYS_PER_YEAR)
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday -> Monday = 0
    weekly = np.where(weekday < 5, params.weekday_factor, params.weekend_factor)
    return yearly * weekly


_BLOCK = 8_192  # customers per vectorised block (fixed: results do not depend on it)


def _simulate_block(
    rng: np.random.Generator,
    block: slice,
    lifecycle: tuple[np.ndarray, ...],
    channel: np.ndarray,
    season: np.ndarray,
    params: CoffeeShopParams,
) -> tuple[np.ndarray, ...]:
    """Visits and baskets of the customers in ``block`` (all arrays, no per-customer loop)."""
    b1, b2, b3, b4, top, peak, acquired = (x[block] for x in lifecycle)
    n = b1.size
    season_max = float(season.max())
    span = np.minimum(b4, season.size - acquired)  # days with a chance to visit
    n_candidates = rng.poisson(peak / 7.0 * season_max * span)
    who = np.repeat(np.arange(n, dtype=np.int32), n_candidates)
    t = rng.random(who.size) * span[who]
    x0 = params.exploration_level
    tb1, tb2, tb3, tb4, ttop = b1[who], b2[who], b3[who], b4[who], top[who]
    stage = ((t >= tb1).astype(np.int8) + (t >= tb2) + (t >= tb3) + (t >= tb4)).astype(np.int8)
    ramp = np.divide(t - tb1, tb2 - tb1, out=np.zeros_like(t), where=tb2 > tb1)
    fall = np.divide(tb4 - t, tb4 - tb3, out=np.zeros_like(t), where=tb4 > tb3)
    level = np.where(stage == 0, x0, np.where(stage == 1, x0 + (ttop - x0) * ramp,
                     np.where(stage == 2, ttop, np.where(stage == 3, ttop * fall, 0.0))))
    day = t.astype(np.int32)  # t >= 0: truncation is the floor
    accept = rng.random(t.size) * season_max < level * season[acquired[who] + day]
    who = np.concatenate([np.arange(n, dtype=np.int32), who[accept]])
    day = np.concatenate([np.zeros(n, dtype=np.int32), day[accept]])
    stage = np.concatenate([np.zeros(n, dtype=np.int8), stage[accept]])
    first = np.zeros(who.size, dtype=bool)
    first[:n] = True

    extra = np.asarray(params.extra_items, dtype=float)[stage]
    quantity = 1 + rng.poisson(extra)
    group = ((stage == 1) | (stage == 2)) & (rng.random(who.size) < params.group_order_probability)
    quantity += np.where(group, rng.integers(2, 6, who.size), 0)
    weights = np.array([m.weight for m in params.menu])
    prices = np.array([m.price for m in params.menu])
    items = rng.choice(len(prices), size=int(quantity.sum()), p=weights / weights.sum())
    offsets = np.concatenate([[0], np.cumsum(quantity)[:-1]])
    amount = np.add.reduceat(prices[items], offsets)
    names = [c.name for c in params.channels]
    if "bogo_coupon" in names:  # buy one, get one free on the first visit
        quantity += first & (channel[block][who] == names.index("bogo_coupon"))
    coupon = (stage == 1) & ~first & (rng.random(who.size) < params.coupon_probability)
    amount = np.where(coupon, np.maximum(amount - params.coupon_value, 0.0), amount)
    absolute_day = acquired[who].astype(np.int32) + day
    return who + np.int32(block.start), absolute_day, stage, quantity, amount


def simulate_coffee_shop(
    n_customers: int,
    *,
    seed: int | np.random.Generator,
    params: CoffeeShopParams | None = None,
    seasonality: bool = True,
    with_stage: bool = False,
) -> CoffeeShopData:
    """Simulate the transaction log of a coffee chain and the truth behind it.

    Parameters
    ----------
    n_customers : int
        Number of customers acquired (each makes at least the first purchase).
    seed : int or numpy.random.Generator
        Source of randomness; the same seed gives the same data.
    params : CoffeeShopParams, optional
        All other assumptions; default :class:`CoffeeShopParams()`.
    seasonality : bool
        Yearly cycle and busier weekdays (True) or a flat calendar (False).
    with_stage : bool
        Add the lifecycle stage of each visit as a ``stage`` column (ground truth).

    Returns
    -------
    CoffeeShopData
        ``transactions``: ``customer_id`` (1..n, in order of acquisition), ``date``
        (datetime64), ``quantity`` (items), ``amount`` (yuan), in date order.
        ``customers`` (one row per customer, index ``customer_id``): ``channel``,
        ``cac``, ``pattern`` (true lifecycle pattern), ``acquisition_date``,
        ``formation_start``, ``stability_start``, ``deterioration_start``,
        ``churn_date`` (NaT where a stage is never reached), ``peak_visits_per_week``,
        ``stage_at_end`` (a stage, or ``"churned"``). ``observation_end`` is the last
        simulated day; a churn date after it lies in the future (the customer is still
        active when observation ends).

    Examples
    --------
    >>> import clvteach as ct
    >>> tx, customers = ct.datasets.simulate_coffee_shop(500, seed=1)
    >>> list(tx.columns), customers["pattern"].nunique()
    (['customer_id', 'date', 'quantity', 'amount'], 4)
    """
    n = check_positive("n_customers", n_customers, integer=True)
    if n > 20_000_000:
        raise ValueError(error_text("error.at_most_value", name="n_customers",
                                    limit=20_000_000, value=n))
    if not isinstance(seed, np.random.Generator):
        seed = check_number("seed", seed, low=0, integer=True)
    check_bool("seasonality", seasonality)
    check_bool("with_stage", with_stage)
    params = CoffeeShopParams() if params is None else params
    check_instance("params", params, CoffeeShopParams)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    start = np.datetime64(pd.Timestamp(params.start).date(), "D")
    horizon = params.horizon_days

    # 1. acquisition day, channel, pattern ---------------------------------------------
    acquired = np.sort(rng.integers(0, params.acquisition_days, n))
    shares = np.array([c.share for c in params.channels])
    channel = rng.choice(len(shares), size=n, p=shares / shares.sum())
    mix = np.cumsum(np.array([c.pattern_mix for c in params.channels]), axis=1)
    pattern = (rng.random(n)[:, None] > mix[channel, :3]).sum(axis=1)

    # 2. stage boundaries (days after acquisition) --------------------------------------
    def durations(attribute: str) -> np.ndarray:
        bounds = np.array([getattr(p, attribute) for p in params.patterns], dtype=float)
        low, high = bounds[pattern, 0], bounds[pattern, 1]
        return low + (high - low) * rng.random(n)

    explore, form, stable, decline = (durations(a) for a in (
        "exploration_days", "formation_days", "stability_days", "deterioration_days"))
    b1 = explore
    b2 = b1 + form
    b3 = b2 + stable
    b4 = b3 + decline  # churn
    top = np.array([p.peak_level for p in params.patterns])[pattern]
    peak = rng.gamma(params.peak_visits_shape,
                     params.peak_visits_per_week / params.peak_visits_shape, n)

    # 3.-4. visits by thinning, then baskets: vectorised within blocks of customers (the
    # blocks keep temporaries small; the loop runs n / _BLOCK times, not per customer).
    season = _seasonality(params, start, seasonality)
    lifecycle = (b1, b2, b3, b4, top, peak, acquired)
    parts = [
        _simulate_block(rng, slice(lo, min(lo + _BLOCK, n)), lifecycle, channel, season, params)
        for lo in range(0, n, _BLOCK)
    ]
    who, absolute, stage, quantity, amount = (np.concatenate(col) for col in zip(*parts))

    # 5. tables --------------------------------------------------------------------------
    order = np.argsort(absolute.astype(np.int16 if horizon < 32_000 else np.int64),
                       kind="stable")  # chronological; stable keeps customer order per day
    customer_id = who.astype(np.int64)[order]
    customer_id += 1
    transactions = pd.DataFrame({
        "customer_id": customer_id,
        "date": (start + absolute[order]).astype("datetime64[ns]"),
        "quantity": quantity.astype(np.int64)[order],
        "amount": amount[order],
    }, copy=False)  # no block consolidation: these columns are fresh arrays
    if with_stage:
        transactions["stage"] = pd.Categorical.from_codes(stage[order].astype(np.int64),
                                                          categories=list(LIFECYCLE_STAGES))
    observation_end = pd.Timestamp(start + horizon - 1)

    def boundary(offset: np.ndarray, reached: np.ndarray) -> np.ndarray:
        out = (start + acquired + np.floor(offset).astype(np.int64)).astype("datetime64[ns]")
        return np.where(reached, out, np.datetime64("NaT", "ns"))

    reaches_formation = pattern >= 1
    reaches_stability = pattern >= 2
    names = [c.name for c in params.channels]
    customers = pd.DataFrame(
        {
            "channel": pd.Categorical.from_codes(channel, categories=names),
            "cac": np.array([c.cac for c in params.channels])[channel],
            "pattern": pd.Categorical.from_codes(pattern, categories=list(LIFECYCLE_PATTERNS)),
            "acquisition_date": (start + acquired).astype("datetime64[ns]"),
            "formation_start": boundary(b1, reaches_formation),
            "stability_start": boundary(b2, reaches_stability),
            "deterioration_start": boundary(b3, reaches_formation),
            "churn_date": boundary(b4, np.ones(n, dtype=bool)),
            "peak_visits_per_week": peak,
        },
        index=pd.Index(np.arange(1, n + 1), name="customer_id"),
    )
    # everybody is acquired by the end: drop that category
    customers["stage_at_end"] = true_stage_on(customers, observation_end).cat.remove_categories(
        "not_acquired")
    return CoffeeShopData(transactions, customers, observation_end)


def true_stage_on(customers: pd.DataFrame, date: Any) -> pd.Series:
    """The true lifecycle stage of every simulated customer on ``date`` (ground truth).

    Uses the stage boundaries of the ``customers`` table of :func:`simulate_coffee_shop`:
    ``"not_acquired"`` before the acquisition date, then the stage whose start has passed
    (a stage never reached has no start), ``"churned"`` from the churn date on. Dates are
    whole days: the boundaries are the calendar days on which the continuous-time stage
    changes, so a last visit can still fall on the churn date itself.

    Returns
    -------
    pandas.Series
        Categorical: ``not_acquired``, the four stages, ``churned``.
    """
    from .._validation import check_columns

    columns = ["acquisition_date", "formation_start", "stability_start",
               "deterioration_start", "churn_date"]
    check_columns("customers", customers, columns)
    try:
        day = np.datetime64(pd.Timestamp(date), "ns")
    except (TypeError, ValueError):
        raise ValueError(error_text("error.date", name="date", value=fmt_value(date))) from None
    never = np.datetime64("NaT", "ns")

    def passed(column: str) -> np.ndarray:
        start = customers[column].to_numpy(dtype="datetime64[ns]")
        return (start != never) & ~np.isnat(start) & (start <= day)

    code = (passed("acquisition_date").astype(np.int64) + passed("formation_start")
            + passed("stability_start"))
    code = np.where(passed("deterioration_start"), 4, code)
    code = np.where(passed("churn_date"), 5, code)
    categories = ["not_acquired", *LIFECYCLE_STAGES, "churned"]
    return pd.Series(pd.Categorical.from_codes(code, categories=categories),
                     index=customers.index, name="stage")
