"""Exercise 05 — probabilistic CLV: sBG (contractual) and BG/NBD + Gamma-Gamma (CDNOW).

Part A: each student gets their own monthly subscription cohort, simulated from the
sBG model with student-specific ``alpha, beta`` (Fader & Hardie 2007): fit it, project
survival, explain the rising retention, value a subscriber who has renewed ``n`` times
(residual value with a monthly discount rate), and draw the survival curve.

Part B: each student gets their own calibration period of the CDNOW data and their own
customer: P(alive), expected purchases in the next months (weeks as the model's unit),
Gamma-Gamma expected spend and a 12-month-style CLV with a discount rate per month.

Every expected answer is computed with :mod:`clvteach.models` for the student's
parameters (fits are cached per calibration end; each takes a few milliseconds).

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing* 21(1), 76-90. Fader, P. S. & Hardie, B. G. S. (2010). Customer-base
valuation in a contractual setting: the perils of ignoring heterogeneity. *Marketing
Science* 29(1), 85-93. Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
customers" the easy way. *Marketing Science* 24(2), 275-284. Fader & Hardie (2013), The
Gamma-Gamma model of monetary value.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Question, Sealed, TableQuestion, as_number, label_axes_hint, register
from ..i18n import Text, localise
from ..units import MONTH, MONTHS_PER_YEAR, WEEK, annual_to_period_rate
from .goals import with_goals

__all__ = [
    "CALIBRATION_ENDS",
    "OBSERVATION_END",
    "Params",
    "ParametersQuestion",
    "SPEC",
    "cdnow_split",
    "CustomerRow",
    "customer_id",
    "customer_row",
    "make_params",
    "monthly_rate",
]

CALIBRATION_ENDS = ("1997-06-30", "1997-07-31", "1997-08-31", "1997-09-30", "1997-10-31",
                    "1997-11-30", "1997-12-31")
NOTEBOOK_CALIBRATION_END = "1997-09-30"  # notebook 05 and the paper
OBSERVATION_END = "1998-06-30"
WEEKS_PER_MONTH = WEEK.per(MONTH)  # fifty-two twelfths of a week
# Horizons in months: a quarter to a year (forecast), half a year to two years (CLV).
FORECAST_MONTHS = tuple(MONTHS_PER_YEAR * k // 4 for k in (1, 2, 3, 4))
CLV_MONTHS = tuple(MONTHS_PER_YEAR * k // 2 for k in (1, 2, 3, 4))
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # FHL 2005, CDNOW


@dataclass(frozen=True)
class Params:
    """One student's numbers. Rates are per year unless the name says otherwise."""

    # Part A: monthly subscription cohort (sBG)
    true_alpha: float            # the cohort is simulated from these (students estimate them)
    true_beta: float
    alive: tuple[int, ...]       # customers active at the start of month 1, 2, ...
    projection_months: int
    monthly_fee: float
    margin: float
    renewals: int
    annual_discount_rate: float
    # Part B: CDNOW (BG/NBD + Gamma-Gamma)
    calibration_end: str
    customer_pick: int
    forecast_months: int
    clv_months: int
    clv_margin: float

    @property
    def cohort_size(self) -> int:
        return self.alive[0]

    @property
    def monthly_margin(self) -> float:
        return self.monthly_fee * self.margin

    @property
    def customer_id(self) -> Any:
        """Your CDNOW customer (a repeat buyer of your calibration period)."""
        return customer_id(self)


def monthly_rate(annual_rate: float) -> float:
    """Per-month rate equivalent to ``annual_rate`` (compound): (1 + d)^(1/12) - 1."""
    return annual_to_period_rate(annual_rate, period=MONTH.name)


def _close(a: float, b: float, *, rtol: float, atol: float) -> bool:
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def _simulate_cohort(rng: np.random.Generator, alpha: float, beta: float, size: int,
                     months: int) -> tuple[int, ...]:
    """Customers alive at the start of each month: theta ~ Beta, lifetime ~ Geometric(theta)."""
    theta = np.clip(rng.beta(alpha, beta, size), 1e-12, 1.0)
    lifetime = rng.geometric(theta)  # month at whose end the customer cancels
    return tuple(int((lifetime > t).sum()) for t in range(months + 1))


def make_params(rng: np.random.Generator) -> Params:
    from ..models import ConvergenceError, ShiftedBetaGeo

    while True:  # redraw in the (never observed) case of a cohort the sBG cannot fit
        alpha = round(float(rng.uniform(0.5, 1.5)), 2)
        beta = round(float(rng.uniform(1.5, 5.0)), 2)
        size = int(rng.choice(np.arange(800, 2001, 100)))
        months = int(rng.integers(8, 13))
        alive = _simulate_cohort(rng, alpha, beta, size, months)
        try:
            ShiftedBetaGeo(period="month").fit(alive)
            break
        except ConvergenceError:  # pragma: no cover - guarded by tests over many ids
            continue
    return Params(
        true_alpha=alpha,
        true_beta=beta,
        alive=alive,
        projection_months=int(rng.choice([18, 24, 36])),
        monthly_fee=float(rng.choice(np.arange(20, 81, 5))),
        margin=float(rng.choice([0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7])),
        renewals=int(rng.integers(2, 7)),
        annual_discount_rate=float(rng.choice([0.08, 0.1, 0.12, 0.15])),
        calibration_end=str(rng.choice(CALIBRATION_ENDS)),
        customer_pick=int(rng.integers(0, 1_000_000)),
        forecast_months=int(rng.choice(FORECAST_MONTHS)),
        clv_months=int(rng.choice(CLV_MONTHS)),
        clv_margin=float(rng.choice([0.2, 0.25, 0.3, 0.35, 0.4])),
    )


_DESCRIBE = (
    Text("Part A · monthly subscription cohort (sBG)", "A 部分 · 按月订阅的客户群组（sBG 模型）"),
    Text("  alive at the start of month 1, 2, ...  {alive}",
         "  第 1、2、… 月月初仍活跃的人数：{alive}"),
    Text("  projection                             {projection_months} months",
         "  预测期：{projection_months} 个月"),
    Text("  monthly fee                            {monthly_fee:,.0f} yuan, gross margin {margin:.0%}",
         "  月费：{monthly_fee:,.0f} 元，毛利率 {margin:.0%}"),
    Text("  your subscriber has renewed            {renewals} times",
         "  你的订阅者已续订：{renewals} 次"),
    Text("  discount rate                          {annual_discount_rate:.0%} per YEAR",
         "  贴现率：每年 {annual_discount_rate:.0%}（注意是年率）"),
    Text("Part B · CDNOW (BG/NBD + Gamma-Gamma), time unit: week",
         "B 部分 · CDNOW 数据（BG/NBD + Gamma-Gamma 模型），时间单位：周"),
    Text("  calibration period ends                {calibration_end}",
         "  校准期截止日：{calibration_end}"),
    Text("  your customer                          customer_id {customer}",
         "  你的客户：customer_id {customer}"),
    Text("  forecast horizon                       {forecast_months} months",
         "  预测时长：{forecast_months} 个月"),
    Text("  CLV horizon                            {clv_months} months, margin {clv_margin:.0%}",
         "  客户终生价值的计算时长：{clv_months} 个月，利润率 {clv_margin:.0%}"),
)


def describe(p: Params) -> str:
    """The student's numbers, one per line, in the current language."""
    fields = dict(alive=list(p.alive), projection_months=p.projection_months,
                  monthly_fee=p.monthly_fee, margin=p.margin, renewals=p.renewals,
                  annual_discount_rate=p.annual_discount_rate, calibration_end=p.calibration_end,
                  customer=customer_id(p), forecast_months=p.forecast_months,
                  clv_months=p.clv_months, clv_margin=p.clv_margin)
    return "\n".join(str(line.format(**fields)) for line in _DESCRIBE)


# --------------------------------------------------------------------------- Part A: sBG
@lru_cache(maxsize=64)
def _sbg(alive: tuple[int, ...]):
    from ..models import ShiftedBetaGeo

    return ShiftedBetaGeo(period="month").fit(list(alive))


def _sbg_for(alive: Sequence[int]):
    return _sbg(tuple(int(a) for a in alive))


def sbg_params(p: Params) -> dict[str, float]:
    return dict(_sbg(p.alive).params_)


def _lost(p: Params) -> tuple[int, ...]:
    return tuple(int(a - b) for a, b in zip(p.alive, p.alive[1:]))


def survival_table(p: Params, *, constant: bool = False, shift: int = 0) -> pd.DataFrame:
    """Months 1..H: sBG survival S(t), retention r_t and expected number still active."""
    model = _sbg(p.alive)
    months = np.arange(1, p.projection_months + 1)
    if constant:
        r1 = float(model.retention_rate(1)[0])
        survival = r1 ** (months + shift)
        retention = np.full(months.size, r1)
    else:
        survival = model.survival(months + shift)
        retention = model.retention_rate(months)
    return pd.DataFrame({
        "month": months,
        "survival": survival,
        "retention": retention,
        "expected_alive": p.cohort_size * survival,
    })


def residual_value(p: Params, *, discount_rate: float | None = None, renewals: int | None = None,
                   margin: float | None = None) -> float:
    """Expected PV of the subscriber's future monthly margins (sBG, per-month discounting)."""
    return _sbg(p.alive).residual_value(
        margin=p.monthly_margin if margin is None else margin,
        discount_rate=(monthly_rate(p.annual_discount_rate) if discount_rate is None
                       else discount_rate),
        renewals=p.renewals if renewals is None else renewals,
    )


def _constant_value(p: Params, retention: float) -> float:
    d = monthly_rate(p.annual_discount_rate)
    return p.monthly_margin * retention / (1 + d - retention)


def _derl(p: Params) -> float:
    return _sbg(p.alive).discounted_expected_residual_lifetime(
        discount_rate=monthly_rate(p.annual_discount_rate), renewals=p.renewals)


# --------------------------------------------------------------------------- Part B: CDNOW
@lru_cache(maxsize=len(CALIBRATION_ENDS) + 1)
def cdnow_split(calibration_end: str) -> pd.DataFrame:
    """CDNOW calibration summary (weeks) up to ``calibration_end``, as in notebook 05."""
    from .. import calibration_and_holdout_data
    from ..datasets import load_cdnow

    split = calibration_and_holdout_data(
        load_cdnow(), calibration_end=calibration_end, observation_end=OBSERVATION_END,
        amount_col="amount", time_unit="W")
    return split.rename(columns={"frequency_cal": "frequency", "recency_cal": "recency",
                                 "T_cal": "T", "monetary_cal": "monetary"})


@lru_cache(maxsize=len(CALIBRATION_ENDS) + 1)
def _fits(calibration_end: str):
    from ..models import BetaGeo, GammaGamma

    data = cdnow_split(calibration_end)
    bgnbd = BetaGeo(time_unit="week").fit(data["frequency"], data["recency"], data["T"])
    repeat = data[data["frequency"] > 0]
    spend = GammaGamma(currency="USD").fit(repeat["frequency"], repeat["monetary"])
    return bgnbd, spend


@lru_cache(maxsize=len(CALIBRATION_ENDS) + 1)
def _candidates(calibration_end: str) -> tuple[Any, ...]:
    """Customers worth asking about: >= 2 repeat purchases, P(alive) clearly between 0 and 1."""
    data = cdnow_split(calibration_end)
    bgnbd, _ = _fits(calibration_end)
    alive = bgnbd.probability_alive(data["frequency"], data["recency"], data["T"])
    keep = (data["frequency"].to_numpy() >= 2) & (alive > 0.2) & (alive < 0.9)
    return tuple(sorted(data.index[keep]))


@dataclass(frozen=True)
class CustomerRow:
    """One CDNOW customer's summary: ``me.T`` and ``me["T"]`` are both the customer's age T.

    A pandas row (``data.loc[id]``) would be a Series, whose ``.T`` is pandas' transpose
    (the whole row), not the ``T`` column: passing it to a model fails with "recency must be
    <= T". This row has no such trap: attributes and ``[...]`` give the same numbers.
    """

    customer_id: Any
    frequency: float
    recency: float
    T: float  # noqa: N815 - the BTYD literature's name
    monetary: float

    _FIELDS = ("frequency", "recency", "T", "monetary")

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, (list, tuple)):
            return pd.Series({k: self[k] for k in key}, name=self.customer_id)
        if key not in self._FIELDS:
            raise KeyError(str(Text("{key}: a customer row has {fields}",
                                    "{key}：客户记录只有 {fields} 这几项")
                               .format(key=repr(key), fields=", ".join(self._FIELDS))))
        return getattr(self, key)

    def as_series(self) -> pd.Series:
        return self[list(self._FIELDS)]

    def __repr__(self) -> str:
        return f"{Text('customer', '客户')} {self.customer_id}\n" + self.as_series().to_string()

    def _repr_html_(self) -> str:
        return self.as_series().to_frame().to_html()


def customer_row(data: pd.DataFrame, customer: Any) -> CustomerRow:
    """The summary row of ``customer`` in ``data`` (frequency, recency, T, monetary)."""
    if customer not in data.index:
        raise KeyError(str(Text("customer {customer} is not in the summary data",
                                "汇总数据中没有客户 {customer}").format(customer=repr(customer))))
    row = data.loc[customer]
    return CustomerRow(customer, *(float(row[k]) for k in CustomerRow._FIELDS))


def customer_id(p: Params) -> Any:
    ids = _candidates(p.calibration_end)
    return ids[p.customer_pick % len(ids)]


def _row(p: Params, calibration_end: str | None = None) -> pd.Series:
    return cdnow_split(calibration_end or p.calibration_end).loc[customer_id(p)]


def _history(row: pd.Series) -> tuple[float, float, float]:
    return float(row["frequency"]), float(row["recency"]), float(row["T"])


def p_alive(p: Params, *, calibration_end: str | None = None, published: bool = False) -> float:
    from ..models import BetaGeo

    end = calibration_end or p.calibration_end
    model = BetaGeo.from_params(**PUBLISHED_BGNBD) if published else _fits(end)[0]
    return float(model.probability_alive(*_history(_row(p, end)))[0])


def expected_purchases(p: Params, *, weeks: float | None = None) -> float:
    bgnbd, _ = _fits(p.calibration_end)
    t = p.forecast_months * WEEKS_PER_MONTH if weeks is None else weeks
    return float(bgnbd.conditional_expected_purchases(t, *_history(_row(p)))[0])


def _new_customer_purchases(p: Params) -> float:
    bgnbd, _ = _fits(p.calibration_end)
    return float(bgnbd.expected_purchases_new_customer(p.forecast_months * WEEKS_PER_MONTH)[0])


def expected_spend(p: Params) -> float:
    _, spend = _fits(p.calibration_end)
    row = _row(p)
    return float(spend.conditional_expected_spend(row["frequency"], row["monetary"])[0])


def clv(p: Params, *, discount_rate: float | None = None, period_length: float = WEEKS_PER_MONTH,
        margin: float | None = None) -> float:
    bgnbd, spend = _fits(p.calibration_end)
    row = _row(p)
    value = spend.customer_lifetime_value(
        bgnbd, row["frequency"], row["recency"], row["T"], row["monetary"],
        periods=p.clv_months, period_length=period_length,
        discount_rate=(monthly_rate(p.annual_discount_rate) if discount_rate is None
                       else discount_rate),
        margin=p.clv_margin if margin is None else margin)
    return float(value[0])


# --------------------------------------------------------------------------- a dict answer
@dataclass(frozen=True, kw_only=True)
class ParametersQuestion(Question):
    """Fitted parameters as a dict (e.g. ``model.params_``), each right within ``rtol``.

    ``mistakes`` give whole parameter dicts produced by a common mistake.
    """

    names: Sequence[str] = ()
    rtol: float = 1e-3
    atol: float = 1e-4
    mistakes: Sequence[Mistake] = ()
    kind: str = "parameters"
    fallback: str | Text = Text("not the maximum-likelihood estimates yet: check the data you fitted on",
                                "还不是最大似然估计值：检查你拟合时用的数据")
    reference: Callable[[Any], Mapping[str, float]] = field(repr=False, compare=False)

    def _match(self, got: Mapping[str, float], want: Mapping[str, float]) -> bool:
        return all(_close(got[n], float(want[n]), rtol=self.rtol, atol=self.atol)
                   for n in self.names)

    def judge(self, answer: Any, params: Any, target: Any) -> None:
        example = "{" + ", ".join(f"{n!r}: ..." for n in self.names) + "}"
        if not isinstance(answer, Mapping):
            raise Diagnosis(Text(
                "expected a dict like {example} (a fitted model's params_), got {got}",
                "需要一个形如 {example} 的字典（拟合后模型的 params_），你给的是 {got}")
                .get().format(example=example, got=type(answer).__name__))
        missing = [n for n in self.names if n not in answer]
        if missing:
            raise Diagnosis(Text("your dict is missing {missing}: use {example}",
                                 "你的字典缺少 {missing}：请按 {example} 的格式给出")
                            .get().format(missing=", ".join(map(repr, missing)), example=example))
        got = {n: as_number(answer[n]) for n in self.names}
        want = target
        if self._match(got, want):
            return
        if len(self.names) == 2:
            a, b = self.names
            if self._match({a: got[b], b: got[a]}, want):
                raise Diagnosis(Text("{a} and {b} are swapped", "{a} 和 {b} 弄反了").format(a=a, b=b))
        for mistake in self.mistakes:
            try:
                alt = mistake.value(params)
            except Exception:  # the mistake cannot be made with these parameters
                continue
            if not self._match(alt, want) and self._match(got, alt):
                raise Diagnosis(mistake.hint)
        wrong = [n for n in self.names if not _close(got[n], float(want[n]), rtol=self.rtol,
                                                     atol=self.atol)]
        raise Diagnosis(Text(f"{' and '.join(wrong)} not right: {localise(self.fallback, 'en')}",
                             f"{'和'.join(wrong)} 不对：{localise(self.fallback, 'zh')}"))


def _fit_params(alive: Sequence[int]) -> dict[str, float]:
    return dict(_sbg_for(alive).params_)


# --------------------------------------------------------------------------- plot check
def _drawn_series(ax) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, y) of every line (ax.plot) and point collection (ax.scatter) on ``ax``."""
    series = [(np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float))
              for line in ax.get_lines()]
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if offsets.ndim == 2 and offsets.shape[1] == 2 and len(offsets):
            series.append((offsets[:, 0], offsets[:, 1]))
    return series


def _inspect_survival(ax, p: Params) -> None:
    model = _sbg(p.alive)
    months = np.arange(p.projection_months + 1)
    want = model.survival(months)
    r1 = float(model.retention_rate(1)[0])
    observed = np.asarray(p.alive, dtype=float) / p.cohort_size
    found_model = found_data = False
    drawn = _drawn_series(ax)
    for x, y in drawn:
        if y.shape == want.shape and np.allclose(y, want, rtol=1e-3, atol=1e-4):
            if not np.allclose(x, months):
                raise Diagnosis(Text(
                    "the sBG curve's y values are right but x must be the month 0, 1, 2, ...",
                    "sBG 曲线的 y 值对了，但 x 必须是月份 0, 1, 2, ..."))
            found_model = True
        elif y.shape == want.shape and np.allclose(y, p.cohort_size * want, rtol=1e-3):
            raise Diagnosis(Text("you drew numbers of customers: plot the SHARE still active "
                                 "(S(t), between 0 and 1)",
                                 "你画的是客户人数：应画仍活跃客户的比例（S(t)，介于 0 和 1 之间）"))
        elif y.shape == want.shape and np.allclose(y, r1 ** months, rtol=1e-3, atol=1e-4):
            if not found_model:
                continue  # a constant-retention comparison is welcome, but not instead of sBG
        elif y.shape == observed.shape and np.allclose(y, observed, rtol=1e-3, atol=1e-4):
            if not np.allclose(x, np.arange(len(p.alive))):
                raise Diagnosis(Text(
                    "the observed shares must sit at months 0, 1, 2, ... (alive[0] at 0)",
                    "观测到的比例必须对应月份 0, 1, 2, ...（alive[0] 对应第 0 月）"))
            found_data = True
        elif y.shape == observed.shape and np.allclose(y, np.asarray(p.alive, float)):
            raise Diagnosis(Text(
                "plot the observed SHARE still active: divide p.alive by the cohort size",
                "应画观测到的仍活跃比例：把 p.alive 除以群组规模"))
    if not found_model:
        constant = any(np.allclose(y, r1 ** months, rtol=1e-3, atol=1e-4)
                       for _, y in drawn if y.shape == months.shape)
        if constant:
            raise Diagnosis(Text(
                "that is the constant-retention curve r₁ᵗ: draw the sBG survival S(t)",
                "这是保留率恒定时的曲线 r₁ᵗ：请画 sBG 模型的生存曲线 S(t)"))
        raise Diagnosis(Text(
            "draw the sBG survival S(t) for months 0..{months} with ax.plot(months, S)",
            "用 ax.plot(months, S) 画出第 0..{months} 月的 sBG 生存曲线 S(t)")
            .format(months=p.projection_months))
    if not found_data:
        raise Diagnosis(Text(
            "add the observed shares alive / alive[0] (months 0.. of your data) as points",
            "把观测到的比例 alive / alive[0]（你的数据中从第 0 月起）以散点的形式加上"))
    if not ax.get_xlabel() or not ax.get_ylabel():
        raise Diagnosis(label_axes_hint())


# --------------------------------------------------------------------------- questions
# Hints avoid digits that could be mistaken for (part of) an expected value.
_PER_MONTH = Text("the discount rate is per YEAR but the periods are months: use the equivalent "
                  "monthly rate, ct.annual_to_period_rate(d, period='month')",
                  "贴现率是按年给出的，但每期是一个月：要用等价的月贴现率 "
                  "ct.annual_to_period_rate(d, period='month')")
_COMPOUND = Text("close, but rates compound: the monthly rate is ct.annual_to_period_rate(d, "
                 "period='month'), not d divided by twelve",
                 "很接近了，但利率是复利：月贴现率是 ct.annual_to_period_rate(d, period='month')，"
                 "而不是 d 除以十二")
_WEEKS = Text("the model's time unit is the week: convert months to weeks (a year has fifty-two "
              "weeks and twelve months)",
              "模型的时间单位是周：要把月换算成周（一年有五十二周、十二个月）")
_FOUR_WEEKS = Text("a month is fifty-two twelfths of a week (about four and a third), not four weeks",
                   "一个月是十二分之五十二周（约四又三分之一周），不是四周")

QUESTIONS = [
    ParametersQuestion(
        key="ex05.q1",
        hint=Text("fit ct.models.ShiftedBetaGeo(period='month') on p.alive; answer its params_ "
                  "(a dict with alpha and beta)",
                  "用 p.alive 拟合 ct.models.ShiftedBetaGeo(period='month')；答案是它的 params_"
                  "（含 alpha 和 beta 的字典）"),
        reference=sbg_params,
        names=("alpha", "beta"),
        mistakes=[
            Mistake(Text("fit on the number ALIVE at the start of each month (p.alive), not the "
                         "number who cancelled",
                         "要用每月月初仍活跃的人数（p.alive）拟合，而不是退订的人数"),
                    lambda p: _fit_params(_lost(p))),
            Mistake(Text("those are the values your cohort was simulated from: estimate alpha and "
                         "beta from the data (fit the model)",
                         "这是模拟你的客户群组时用的参数：要从数据中估计 alpha 和 beta（拟合模型）"),
                    lambda p: {"alpha": p.true_alpha, "beta": p.true_beta}),
            Mistake(Text("keep the cohort size: p.alive[0] is the number alive at the start of "
                         "month 1",
                         "别丢掉群组规模：p.alive[0] 是第 1 月月初仍活跃的人数"),
                    lambda p: _fit_params(p.alive[1:])),
        ],
        fallback=Text("fit ct.models.ShiftedBetaGeo(period='month') on p.alive",
                      "用 p.alive 拟合 ct.models.ShiftedBetaGeo(period='month')"),
    ),
    TableQuestion(
        key="ex05.q2",
        hint=Text("a DataFrame with columns month (1..p.projection_months), survival S(t), "
                  "retention r_t and expected_alive (cohort size × S(t)) from your fitted model",
                  "一个 DataFrame，列为 month（1..p.projection_months）、survival S(t)、retention r_t "
                  "和 expected_alive（群组规模 × S(t)），都由你拟合的模型算出"),
        reference=survival_table,
        columns=("month", "survival", "retention", "expected_alive"),
        rtol=1e-4,
        atol=1e-6,
        row_label=Text("month", "月份"),
        index_column="month",
        column_mistakes={
            "survival": [
                Mistake(Text("that is constant retention r₁ᵗ: the sBG survival is model.survival(t)",
                             "这是恒定保留率下的 r₁ᵗ：sBG 模型的生存率是 model.survival(t)"),
                        lambda p: survival_table(p, constant=True)["survival"]),
                Mistake(Text("off by one month: S(t) is the share still active AFTER t renewal "
                             "decisions (S(0) = 1)",
                             "差了一个月：S(t) 是经过 t 次续订决定之后仍活跃的比例（S(0) = 1）"),
                        lambda p: survival_table(p, shift=-1)["survival"]),
            ],
            "retention": [
                Mistake(Text("constant retention: in the sBG model the cohort's retention changes "
                             "every month (model.retention_rate(t))",
                             "保留率被当成恒定的了：在 sBG 模型中，群组的保留率每个月都在变化"
                             "（model.retention_rate(t)）"),
                        lambda p: survival_table(p, constant=True)["retention"]),
                Mistake(Text("that is the churn rate: retention = 1 − churn",
                             "这是流失率：保留率 = 1 − 流失率"),
                        lambda p: 1 - survival_table(p)["retention"]),
            ],
            "expected_alive": [
                Mistake(Text("that is the share: multiply S(t) by the cohort size p.alive[0]",
                             "这是比例：要把 S(t) 乘以群组规模 p.alive[0]"),
                        lambda p: survival_table(p)["survival"]),
                Mistake(Text("constant retention: use the sBG survival, not r₁ᵗ",
                             "保留率被当成恒定的了：要用 sBG 模型的生存率，而不是 r₁ᵗ"),
                        lambda p: survival_table(p, constant=True)["expected_alive"]),
            ],
        },
    ),
    ChoiceQuestion(
        key="ex05.q3",
        hint=Text('"heterogeneity", "loyalty", "marketing" or "chance": why does the cohort\'s '
                  "retention rate rise month after month?",
                  '"heterogeneity"、"loyalty"、"marketing" 或 "chance"：为什么这个群组的保留率'
                  "逐月上升？"),
        options={
            "heterogeneity": Text("customers differ; those most likely to cancel leave first",
                                  "客户各不相同；最容易退订的人最先离开"),
            "loyalty": Text("each subscriber becomes more loyal the longer she stays",
                            "每位订阅者留得越久就变得越忠诚"),
            "marketing": Text("the firm's retention campaigns work better over time",
                              "企业的客户保留活动随时间推移越来越有效"),
            "chance": Text("random fluctuation", "随机波动"),
        },
        answer=lambda p: Sealed("ex05.q3", "9116f9ebde15883b3f94ecbf"),
        why={
            "loyalty": Text("in the sBG model each subscriber's churn probability θ never "
                            "changes, yet the cohort's retention still rises: look at WHO is left",
                            "在 sBG 模型中，每位订阅者的流失概率 θ 始终不变，可群组的保留率仍在"
                            "上升：看看留下来的是哪些人"),
            "marketing": Text("the model knows nothing about the firm's actions, yet it "
                              "reproduces the rise: look at who is left in the cohort",
                              "模型对企业的行动一无所知，却能再现这种上升：看看群组里留下来的是谁"),
            "chance": Text("the rise is systematic (every cohort shows it) and the sBG predicts "
                           "it: r_t = (β + t − 1)/(α + β + t − 1)",
                           "这种上升是系统性的（每个群组都会出现），而且 sBG 模型能预测它："
                           "r_t = (β + t − 1)/(α + β + t − 1)"),
        },
    ),
    NumberQuestion(
        key="ex05.q4",
        hint=Text("your fitted model's residual_value with the monthly margin (fee × gross "
                  "margin), the MONTHLY discount rate and the number of renewals so far",
                  "用你拟合的模型的 residual_value，传入每月利润（月费 × 毛利率）、按月的贴现率"
                  "和到目前为止的续订次数"),
        reference=residual_value,
        rtol=1e-4,
        atol=0.01,
        mistakes=[
            Mistake(Text("that is notebook 03's constant-retention formula m·r/(1 + d − r): it "
                         "ignores that the survivors are increasingly the loyal ones (use the sBG)",
                         "这是 03 号笔记本中保留率恒定的公式 m·r/(1 + d − r)：它忽略了留下来的客户"
                         "越来越多是忠诚客户（请用 sBG 模型）"),
                    lambda p: [_constant_value(p, float(_sbg(p.alive).retention_rate(1)[0])),
                               _constant_value(p, float(_sbg(p.alive).retention_rate(
                                   p.renewals + 1)[0]))]),
            Mistake(_PER_MONTH, lambda p: residual_value(p, discount_rate=p.annual_discount_rate)),
            Mistake(_COMPOUND,
                    lambda p: residual_value(p, discount_rate=p.annual_discount_rate / MONTHS_PER_YEAR)),
            Mistake(Text("your subscriber has already renewed p.renewals times: that is evidence "
                         "she churns less (pass renewals=p.renewals)",
                         "你的订阅者已经续订了 p.renewals 次：这说明她流失的可能性更低"
                         "（传入 renewals=p.renewals）"),
                    lambda p: residual_value(p, renewals=0)),
            Mistake(Text("revenue is not profit: the monthly margin is fee × gross margin",
                         "收入不等于利润：每月利润 = 月费 × 毛利率"),
                    lambda p: residual_value(p, margin=p.monthly_fee)),
            Mistake(Text("that is DERL, a number of discounted payments: value them with the "
                         "monthly margin",
                         "这是 DERL，即贴现后的付款次数：还要用每月利润给它们估值"), _derl),
            Mistake(Text("DERL counts the next payment undiscounted; the margin arrives at the END "
                         "of each month: use residual_value (= margin × DERL / (1 + d))",
                         "DERL 把下一次付款按不贴现计算；而利润在每个月月末才到账：请用 "
                         "residual_value（= 每月利润 × DERL / (1 + d)）"),
                    lambda p: p.monthly_margin * _derl(p)),
        ],
    ),
    PlotQuestion(
        key="ex05.q5",
        hint=Text("ax.plot(months 0..p.projection_months, S(t)) for the sBG curve, the observed "
                  "shares p.alive / p.alive[0] as points, labelled axes",
                  "用 ax.plot(第 0..p.projection_months 月, S(t)) 画 sBG 曲线，把观测比例 "
                  "p.alive / p.alive[0] 画成散点，并给坐标轴加上标签"),
        inspect=_inspect_survival,
    ),
    NumberQuestion(
        key="ex05.q6",
        hint=Text("bgnbd.probability_alive(frequency, recency, T) of your customer (fit on YOUR "
                  "calibration period)",
                  "你的客户的 bgnbd.probability_alive(frequency, recency, T)（模型要用你自己的"
                  "校准期数据拟合）"),
        reference=p_alive,
        rtol=1e-4,
        atol=5e-4,
        mistakes=[
            Mistake(Text("that is the probability she has dropped out: P(alive) is its complement",
                         "这是她已经流失的概率：P(alive) 是 1 减去它"),
                    lambda p: 1 - p_alive(p)),
            Mistake(Text("use your own calibration end p.calibration_end, not the notebook's "
                         "1997-09-30",
                         "要用你自己的校准期截止日 p.calibration_end，而不是 05 号笔记本中的 1997-09-30"),
                    lambda p: p_alive(p, calibration_end=NOTEBOOK_CALIBRATION_END)),
            Mistake(Text("fit the model on your own calibration data: the paper's estimates "
                         "belong to a different calibration period",
                         "要用你自己的校准期数据拟合模型：论文中的估计值属于另一个校准期"),
                    lambda p: p_alive(p, published=True)),
        ],
    ),
    ChoiceQuestion(
        key="ex05.q7",
        hint=Text('"assumption", "loyal" or "recent": why is P(alive) = 1 for every customer '
                  "without a repeat purchase?",
                  '"assumption"、"loyal" 或 "recent"：为什么所有没有重复购买的客户 P(alive) 都等于 1？'),
        options={
            "assumption": Text("in BG/NBD a customer can drop out only right after a repeat "
                               "purchase",
                               "在 BG/NBD 模型中，客户只能在某次重复购买之后立即流失"),
            "loyal": Text("one-time buyers are the most loyal customers", "只买过一次的客户最忠诚"),
            "recent": Text("they all bought recently", "他们最近都买过"),
        },
        answer=lambda p: Sealed("ex05.q7", "1b14f44e9f965d3069aa14b3"),
        why={
            "loyal": Text("one-time buyers buy least of all: P(alive) = 1 says nothing about "
                          "loyalty",
                          "只买过一次的客户买得最少：P(alive) = 1 并不说明他们忠诚"),
            "recent": Text("many of them bought their only CD months ago, yet P(alive) = 1 for all "
                           "of them: look at when the model lets a customer drop out",
                           "他们中很多人唯一一次买 CD 已是几个月前的事，可 P(alive) 都等于 1："
                           "看看模型允许客户在什么时候流失"),
        },
    ),
    NumberQuestion(
        key="ex05.q8",
        hint=Text("bgnbd.conditional_expected_purchases(t, frequency, recency, T) with t the "
                  "horizon IN WEEKS (p.forecast_months × 52/12)",
                  "bgnbd.conditional_expected_purchases(t, frequency, recency, T)，其中 t 是以周"
                  "为单位的预测时长（p.forecast_months × 52/12）"),
        reference=expected_purchases,
        rtol=1e-4,
        atol=5e-4,
        mistakes=[
            Mistake(_WEEKS, lambda p: expected_purchases(p, weeks=p.forecast_months)),
            Mistake(_FOUR_WEEKS, lambda p: expected_purchases(p, weeks=4 * p.forecast_months)),
            Mistake(Text("the model's time unit is the week, not the year",
                         "模型的时间单位是周，不是年"),
                    lambda p: expected_purchases(p, weeks=p.forecast_months / MONTHS_PER_YEAR)),
            Mistake(Text("that is P(alive), a probability: the question asks for a number of "
                         "purchases", "这是 P(alive)，是一个概率：题目问的是购买次数"),
                    p_alive),
            Mistake(Text("that is the forecast for a NEW customer: use her own history "
                         "(conditional_expected_purchases)",
                         "这是对新客户的预测：要用她自己的购买历史（conditional_expected_purchases）"),
                    _new_customer_purchases),
            Mistake(Text("forgot to weight by P(alive): she may already have dropped out",
                         "忘了乘以 P(alive)：她可能已经流失了"),
                    lambda p: expected_purchases(p) / p_alive(p)),
            Mistake(Text("frequency / T × t treats her as surely alive with a known rate: use "
                         "the model",
                         "frequency / T × t 假定她一定仍活跃、购买率也已知：请用模型计算"),
                    lambda p: _row(p)["frequency"] / _row(p)["T"]
                    * p.forecast_months * WEEKS_PER_MONTH),
        ],
    ),
    NumberQuestion(
        key="ex05.q9",
        hint=Text("fit ct.models.GammaGamma on the repeat customers (frequency > 0), then "
                  "conditional_expected_spend(frequency, monetary) of your customer",
                  "用有重复购买的客户（frequency > 0）拟合 ct.models.GammaGamma，再求你的客户的 "
                  "conditional_expected_spend(frequency, monetary)"),
        reference=expected_spend,
        rtol=1e-4,
        atol=0.005,
        mistakes=[
            Mistake(Text("that is her own observed average: the Gamma-Gamma model shrinks it "
                         "towards the population mean",
                         "这是她自己观测到的平均消费额：Gamma-Gamma 模型会把它向总体均值收缩"),
                    lambda p: float(_row(p)["monetary"])),
            Mistake(Text("that is the population mean spend: condition on her frequency and "
                         "monetary",
                         "这是总体的平均消费额：要以她的 frequency 和 monetary 为条件"),
                    lambda p: _fits(p.calibration_end)[1].mean_spend()),
        ],
    ),
    NumberQuestion(
        key="ex05.q10",
        hint=Text("customer_lifetime_value of your Gamma-Gamma model with your BG/NBD model: "
                  "p.clv_months periods of one month (in weeks), the MONTHLY discount rate and "
                  "the margin p.clv_margin",
                  "用你的 Gamma-Gamma 模型的 customer_lifetime_value，并传入你的 BG/NBD 模型："
                  "p.clv_months 期、每期一个月（以周表示）、按月的贴现率和利润率 p.clv_margin"),
        reference=clv,
        rtol=1e-4,
        atol=0.005,
        mistakes=[
            Mistake(_PER_MONTH, lambda p: clv(p, discount_rate=p.annual_discount_rate)),
            Mistake(_COMPOUND, lambda p: clv(p, discount_rate=p.annual_discount_rate / MONTHS_PER_YEAR)),
            Mistake(Text("revenue is not profit: pass margin=p.clv_margin",
                         "收入不等于利润：传入 margin=p.clv_margin"),
                    lambda p: clv(p, margin=1.0)),
            Mistake(Text("a period is one month (period_length in weeks: fifty-two twelfths), "
                         "not one week",
                         "一期是一个月（period_length 以周计：十二分之五十二），不是一周"),
                    lambda p: clv(p, period_length=1.0)),
            Mistake(_FOUR_WEEKS, lambda p: clv(p, period_length=4.0)),
            Mistake(Text("forgot discounting: pass the monthly discount rate",
                         "忘了贴现：传入按月的贴现率"),
                    lambda p: clv(p, discount_rate=0.0)),
        ],
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex05.q1": "A3", "ex05.q2": "A3", "ex05.q3": "A3", "ex05.q4": "A3", "ex05.q5": "A3", "ex05.q6": "A3", "ex05.q7": "A3", "ex05.q8": "A3", "ex05.q9": "A3", "ex05.q10": "A3"})

SPEC = register(ExerciseSpec(
    id="ex05",
    title=Text("Exercise 05 · Probabilistic CLV 概率模型下的客户终生价值",
               "练习 05 · 概率模型下的客户终生价值"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
