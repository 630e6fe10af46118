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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Question, Sealed, TableQuestion, _as_number, _close, register
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
WEEKS_PER_MONTH = 52 / 12
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
    return (1 + annual_rate) ** (1 / 12) - 1


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
        forecast_months=int(rng.choice([3, 6, 9, 12])),
        clv_months=int(rng.choice([6, 12, 18, 24])),
        clv_margin=float(rng.choice([0.2, 0.25, 0.3, 0.35, 0.4])),
    )


def describe(p: Params) -> str:
    return "\n".join([
        "Part A · monthly subscription cohort (sBG)",
        f"  alive at the start of month 1, 2, ...  {list(p.alive)}",
        f"  projection                             {p.projection_months} months",
        f"  monthly fee                            {p.monthly_fee:,.0f} yuan, "
        f"gross margin {p.margin:.0%}",
        f"  your subscriber has renewed            {p.renewals} times",
        f"  discount rate                          {p.annual_discount_rate:.0%} per YEAR",
        "Part B · CDNOW (BG/NBD + Gamma-Gamma), time unit: week",
        f"  calibration period ends                {p.calibration_end}",
        f"  your customer                          customer_id {customer_id(p)}",
        f"  forecast horizon                       {p.forecast_months} months",
        f"  CLV horizon                            {p.clv_months} months, "
        f"margin {p.clv_margin:.0%}",
    ])


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
            raise KeyError(f"{key!r}: a customer row has " + ", ".join(self._FIELDS))
        return getattr(self, key)

    def as_series(self) -> pd.Series:
        return self[list(self._FIELDS)]

    def __repr__(self) -> str:
        return f"customer {self.customer_id}\n" + self.as_series().to_string()

    def _repr_html_(self) -> str:
        return self.as_series().to_frame().to_html()


def customer_row(data: pd.DataFrame, customer: Any) -> CustomerRow:
    """The summary row of ``customer`` in ``data`` (frequency, recency, T, monetary)."""
    if customer not in data.index:
        raise KeyError(f"customer {customer!r} is not in the summary data")
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
    fallback: str = "not the maximum-likelihood estimates yet: check the data you fitted on"
    reference: Callable[[Any], Mapping[str, float]] = field(repr=False, compare=False)

    def _match(self, got: Mapping[str, float], want: Mapping[str, float]) -> bool:
        return all(_close(got[n], float(want[n]), rtol=self.rtol, atol=self.atol)
                   for n in self.names)

    def judge(self, answer: Any, params: Any, target: Any) -> None:
        example = "{" + ", ".join(f"{n!r}: ..." for n in self.names) + "}"
        if not isinstance(answer, Mapping):
            raise Diagnosis(
                f"expected a dict like {example} (a fitted model's params_), "
                f"got {type(answer).__name__}")
        missing = [n for n in self.names if n not in answer]
        if missing:
            raise Diagnosis(f"your dict is missing {', '.join(map(repr, missing))}: use {example}")
        got = {n: _as_number(answer[n]) for n in self.names}
        want = target
        if self._match(got, want):
            return
        if len(self.names) == 2:
            a, b = self.names
            if self._match({a: got[b], b: got[a]}, want):
                raise Diagnosis(f"{a} and {b} are swapped")
        for mistake in self.mistakes:
            try:
                alt = mistake.value(params)
            except Exception:  # the mistake cannot be made with these parameters
                continue
            if not self._match(alt, want) and self._match(got, alt):
                raise Diagnosis(mistake.hint)
        wrong = [n for n in self.names if not _close(got[n], float(want[n]), rtol=self.rtol,
                                                     atol=self.atol)]
        raise Diagnosis(f"{' and '.join(wrong)} not right: {self.fallback}")


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
                raise Diagnosis(
                    "the sBG curve's y values are right but x must be the month 0, 1, 2, ...")
            found_model = True
        elif y.shape == want.shape and np.allclose(y, p.cohort_size * want, rtol=1e-3):
            raise Diagnosis("you drew numbers of customers: plot the SHARE still active "
                            "(S(t), between 0 and 1)")
        elif y.shape == want.shape and np.allclose(y, r1 ** months, rtol=1e-3, atol=1e-4):
            if not found_model:
                continue  # a constant-retention comparison is welcome, but not instead of sBG
        elif y.shape == observed.shape and np.allclose(y, observed, rtol=1e-3, atol=1e-4):
            if not np.allclose(x, np.arange(len(p.alive))):
                raise Diagnosis(
                    "the observed shares must sit at months 0, 1, 2, ... (alive[0] at 0)")
            found_data = True
        elif y.shape == observed.shape and np.allclose(y, np.asarray(p.alive, float)):
            raise Diagnosis(
                "plot the observed SHARE still active: divide p.alive by the cohort size")
    if not found_model:
        constant = any(np.allclose(y, r1 ** months, rtol=1e-3, atol=1e-4)
                       for _, y in drawn if y.shape == months.shape)
        if constant:
            raise Diagnosis(
                "that is the constant-retention curve r₁ᵗ: draw the sBG survival S(t)")
        raise Diagnosis(
            f"draw the sBG survival S(t) for months 0..{p.projection_months} "
            "with ax.plot(months, S)")
    if not found_data:
        raise Diagnosis(
            "add the observed shares alive / alive[0] (months 0.. of your data) as points")
    if not ax.get_xlabel() or not ax.get_ylabel():
        raise Diagnosis("label both axes (ax.set_xlabel, ax.set_ylabel)")


# --------------------------------------------------------------------------- questions
# Hints avoid digits that could be mistaken for (part of) an expected value.
_PER_MONTH = ("the discount rate is per YEAR but the periods are months: use the equivalent "
              "monthly rate, ct.annual_to_period_rate(d, period='month')")
_COMPOUND = ("close, but rates compound: the monthly rate is ct.annual_to_period_rate(d, "
             "period='month'), not d divided by twelve")
_WEEKS = ("the model's time unit is the week: convert months to weeks (a year has fifty-two "
          "weeks and twelve months)")
_FOUR_WEEKS = "a month is fifty-two twelfths of a week (about four and a third), not four weeks"

QUESTIONS = [
    ParametersQuestion(
        key="ex05.q1",
        hint="fit ct.models.ShiftedBetaGeo(period='month') on p.alive; answer its params_ "
             "(a dict with alpha and beta)",
        reference=sbg_params,
        names=("alpha", "beta"),
        mistakes=[
            Mistake("fit on the number ALIVE at the start of each month (p.alive), not the "
                    "number who cancelled", lambda p: _fit_params(_lost(p))),
            Mistake("those are the values your cohort was simulated from: estimate alpha and beta "
                    "from the data (fit the model)",
                    lambda p: {"alpha": p.true_alpha, "beta": p.true_beta}),
            Mistake("keep the cohort size: p.alive[0] is the number alive at the start of month 1",
                    lambda p: _fit_params(p.alive[1:])),
        ],
        fallback="fit ct.models.ShiftedBetaGeo(period='month') on p.alive",
    ),
    TableQuestion(
        key="ex05.q2",
        hint="a DataFrame with columns month (1..p.projection_months), survival S(t), "
             "retention r_t and expected_alive (cohort size × S(t)) from your fitted model",
        reference=survival_table,
        columns=("month", "survival", "retention", "expected_alive"),
        rtol=1e-4,
        atol=1e-6,
        row_label="month",
        index_column="month",
        column_mistakes={
            "survival": [
                Mistake("that is constant retention r₁ᵗ: the sBG survival is model.survival(t)",
                        lambda p: survival_table(p, constant=True)["survival"]),
                Mistake("off by one month: S(t) is the share still active AFTER t renewal "
                        "decisions (S(0) = 1)",
                        lambda p: survival_table(p, shift=-1)["survival"]),
            ],
            "retention": [
                Mistake("constant retention: in the sBG model the cohort's retention changes "
                        "every month (model.retention_rate(t))",
                        lambda p: survival_table(p, constant=True)["retention"]),
                Mistake("that is the churn rate: retention = 1 − churn",
                        lambda p: 1 - survival_table(p)["retention"]),
            ],
            "expected_alive": [
                Mistake("that is the share: multiply S(t) by the cohort size p.alive[0]",
                        lambda p: survival_table(p)["survival"]),
                Mistake("constant retention: use the sBG survival, not r₁ᵗ",
                        lambda p: survival_table(p, constant=True)["expected_alive"]),
            ],
        },
    ),
    ChoiceQuestion(
        key="ex05.q3",
        hint='"heterogeneity", "loyalty", "marketing" or "chance": why does the cohort\'s '
             "retention rate rise month after month?",
        options={
            "heterogeneity": "customers differ; those most likely to cancel leave first",
            "loyalty": "each subscriber becomes more loyal the longer she stays",
            "marketing": "the firm's retention campaigns work better over time",
            "chance": "random fluctuation",
        },
        answer=lambda p: Sealed("ex05.q3", "9116f9ebde15883b3f94ecbf"),
        why={
            "loyalty": "in the sBG model each subscriber's churn probability θ never changes, "
                       "yet the cohort's retention still rises: look at WHO is left",
            "marketing": "the model knows nothing about the firm's actions, yet it reproduces "
                         "the rise: look at who is left in the cohort",
            "chance": "the rise is systematic (every cohort shows it) and the sBG predicts it: "
                      "r_t = (β + t − 1)/(α + β + t − 1)",
        },
    ),
    NumberQuestion(
        key="ex05.q4",
        hint="your fitted model's residual_value with the monthly margin (fee × gross margin), "
             "the MONTHLY discount rate and the number of renewals so far",
        reference=residual_value,
        rtol=1e-4,
        atol=0.01,
        mistakes=[
            Mistake("that is notebook 03's constant-retention formula m·r/(1 + d − r): it "
                    "ignores that the survivors are increasingly the loyal ones (use the sBG)",
                    lambda p: [_constant_value(p, float(_sbg(p.alive).retention_rate(1)[0])),
                               _constant_value(p, float(_sbg(p.alive).retention_rate(
                                   p.renewals + 1)[0]))]),
            Mistake(_PER_MONTH, lambda p: residual_value(p, discount_rate=p.annual_discount_rate)),
            Mistake(_COMPOUND,
                    lambda p: residual_value(p, discount_rate=p.annual_discount_rate / 12)),
            Mistake("your subscriber has already renewed p.renewals times: that is evidence she "
                    "churns less (pass renewals=p.renewals)",
                    lambda p: residual_value(p, renewals=0)),
            Mistake("revenue is not profit: the monthly margin is fee × gross margin",
                    lambda p: residual_value(p, margin=p.monthly_fee)),
            Mistake("that is DERL, a number of discounted payments: value them with the "
                    "monthly margin", _derl),
            Mistake("DERL counts the next payment undiscounted; the margin arrives at the END "
                    "of each month: use residual_value (= margin × DERL / (1 + d))",
                    lambda p: p.monthly_margin * _derl(p)),
        ],
    ),
    PlotQuestion(
        key="ex05.q5",
        hint="ax.plot(months 0..p.projection_months, S(t)) for the sBG curve, the observed "
             "shares p.alive / p.alive[0] as points, labelled axes",
        inspect=_inspect_survival,
    ),
    NumberQuestion(
        key="ex05.q6",
        hint="bgnbd.probability_alive(frequency, recency, T) of your customer (fit on YOUR "
             "calibration period)",
        reference=p_alive,
        rtol=1e-4,
        atol=5e-4,
        mistakes=[
            Mistake("that is the probability she has dropped out: P(alive) is its complement",
                    lambda p: 1 - p_alive(p)),
            Mistake("use your own calibration end p.calibration_end, not the notebook's 1997-09-30",
                    lambda p: p_alive(p, calibration_end=NOTEBOOK_CALIBRATION_END)),
            Mistake("fit the model on your own calibration data: the paper's estimates belong to "
                    "a different calibration period", lambda p: p_alive(p, published=True)),
        ],
    ),
    ChoiceQuestion(
        key="ex05.q7",
        hint='"assumption", "loyal" or "recent": why is P(alive) = 1 for every customer '
             "without a repeat purchase?",
        options={
            "assumption": "in BG/NBD a customer can drop out only right after a repeat purchase",
            "loyal": "one-time buyers are the most loyal customers",
            "recent": "they all bought recently",
        },
        answer=lambda p: Sealed("ex05.q7", "1b14f44e9f965d3069aa14b3"),
        why={
            "loyal": "one-time buyers buy least of all: P(alive) = 1 says nothing about loyalty",
            "recent": "many of them bought their only CD months ago, yet P(alive) = 1 for all of "
                      "them: look at when the model lets a customer drop out",
        },
    ),
    NumberQuestion(
        key="ex05.q8",
        hint="bgnbd.conditional_expected_purchases(t, frequency, recency, T) with t the "
             "horizon IN WEEKS (p.forecast_months × 52/12)",
        reference=expected_purchases,
        rtol=1e-4,
        atol=5e-4,
        mistakes=[
            Mistake(_WEEKS, lambda p: expected_purchases(p, weeks=p.forecast_months)),
            Mistake(_FOUR_WEEKS, lambda p: expected_purchases(p, weeks=4 * p.forecast_months)),
            Mistake("the model's time unit is the week, not the year",
                    lambda p: expected_purchases(p, weeks=p.forecast_months / 12)),
            Mistake("that is P(alive), a probability: the question asks for a number of purchases",
                    p_alive),
            Mistake("that is the forecast for a NEW customer: use her own history "
                    "(conditional_expected_purchases)", _new_customer_purchases),
            Mistake("forgot to weight by P(alive): she may already have dropped out",
                    lambda p: expected_purchases(p) / p_alive(p)),
            Mistake("frequency / T × t treats her as surely alive with a known rate: use "
                    "the model",
                    lambda p: _row(p)["frequency"] / _row(p)["T"]
                    * p.forecast_months * WEEKS_PER_MONTH),
        ],
    ),
    NumberQuestion(
        key="ex05.q9",
        hint="fit ct.models.GammaGamma on the repeat customers (frequency > 0), then "
             "conditional_expected_spend(frequency, monetary) of your customer",
        reference=expected_spend,
        rtol=1e-4,
        atol=0.005,
        mistakes=[
            Mistake("that is her own observed average: the Gamma-Gamma model shrinks it towards "
                    "the population mean", lambda p: float(_row(p)["monetary"])),
            Mistake("that is the population mean spend: condition on her frequency and monetary",
                    lambda p: _fits(p.calibration_end)[1].mean_spend()),
        ],
    ),
    NumberQuestion(
        key="ex05.q10",
        hint="customer_lifetime_value of your Gamma-Gamma model with your BG/NBD model: "
             "p.clv_months periods of one month (in weeks), the MONTHLY discount rate and "
             "the margin p.clv_margin",
        reference=clv,
        rtol=1e-4,
        atol=0.005,
        mistakes=[
            Mistake(_PER_MONTH, lambda p: clv(p, discount_rate=p.annual_discount_rate)),
            Mistake(_COMPOUND, lambda p: clv(p, discount_rate=p.annual_discount_rate / 12)),
            Mistake("revenue is not profit: pass margin=p.clv_margin",
                    lambda p: clv(p, margin=1.0)),
            Mistake("a period is one month (period_length in weeks: fifty-two twelfths), not "
                    "one week", lambda p: clv(p, period_length=1.0)),
            Mistake(_FOUR_WEEKS, lambda p: clv(p, period_length=4.0)),
            Mistake("forgot discounting: pass the monthly discount rate",
                    lambda p: clv(p, discount_rate=0.0)),
        ],
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex05.q1": "A3", "ex05.q2": "A3", "ex05.q3": "A3", "ex05.q4": "A3", "ex05.q5": "A3", "ex05.q6": "A3", "ex05.q7": "A3", "ex05.q8": "A3", "ex05.q9": "A3", "ex05.q10": "A3"})

SPEC = register(ExerciseSpec(
    id="ex05",
    title="Exercise 05 · Probabilistic CLV 概率模型下的客户终生价值",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
