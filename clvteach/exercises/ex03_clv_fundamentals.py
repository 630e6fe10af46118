"""Exercise 03 — CLV fundamentals: historical, current and potential value (Zhang San style).

Each student gets their own streaming-platform member (monthly fee, margin, churn,
discount rate, years of membership, upgrade and referral assumptions). With the
courseware's numbers (200/month, 60 %, churn 20 %, 10 %, 3 years) the answers are
Zhang San's: 4320 (historical), 3058.70 (5-year DCF; 3058 with the courseware's rounding),
3840 (infinite horizon).

The DCF follows the courseware convention: the profit of year ``t`` is
``m * r**t`` (the member must survive ``t`` renewals) discounted by ``(1 + d)**t``.

References
----------
Courseware chapter 6, 客户终生价值计算 (Zhang San / StreamNow example).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import clv as _clv
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Sealed
from ._core import TableQuestion, register
from .goals import with_goals

__all__ = ["Params", "SPEC", "courseware_table", "dcf", "make_params", "multiple", "table"]

FACTORS = {  # key: (text, sealed answer); plain answers: the grading key
    "discount_rate": ("the discount rate",
                    Sealed("ex03:FACTORS:discount_rate", "43f714d1717b07f8acd39f07")),
    "retention": ("the retention rate (churn falls)",
                Sealed("ex03:FACTORS:retention", "af9cc99dfade504b46721f74")),
    "monthly_fee": ("the monthly fee",
                  Sealed("ex03:FACTORS:monthly_fee", "d78619bbfb843c22af8379b6")),
    "maintenance_cost": ("the yearly cost of serving the member",
                       Sealed("ex03:FACTORS:maintenance_cost", "b0587418a92052e388491b89")),
    "horizon": ("the number of years in the DCF table",
              Sealed("ex03:FACTORS:horizon", "18086c796b67901054f9d004")),
    "past_years": ("the number of years the member has already been with us",
                 Sealed("ex03:FACTORS:past_years", "de01deadac4129162068bdbe")),
}


@dataclass(frozen=True)
class Params:
    """One student's member. Rates are fractions per year; money in yuan."""

    monthly_fee: float
    margin: float
    churn: float
    discount_rate: float
    past_years: int
    horizon: int
    upgrade_fee_monthly: float
    upgrade_chance: float
    referrals: float
    referral_reward: float
    factor: str

    @property
    def retention(self) -> float:
        return round(1.0 - self.churn, 10)

    @property
    def annual_profit(self) -> float:
        return 12 * self.monthly_fee * self.margin


def make_params(rng: np.random.Generator) -> Params:
    fee = float(rng.choice(np.arange(120, 321, 10)))
    return Params(
        monthly_fee=fee,
        margin=float(rng.choice([0.45, 0.5, 0.55, 0.6, 0.65, 0.7])),
        churn=float(rng.choice([0.15, 0.2, 0.25, 0.3])),
        discount_rate=float(rng.choice([0.06, 0.08, 0.1, 0.12])),
        past_years=int(rng.integers(2, 6)),
        horizon=int(rng.choice([4, 5, 6])),
        upgrade_fee_monthly=fee + float(rng.choice([50, 80, 100, 120])),
        upgrade_chance=float(rng.choice([0.2, 0.25, 0.3, 0.35, 0.4])),
        referrals=float(rng.choice([0.3, 0.4, 0.5, 0.6])),
        referral_reward=float(rng.choice([200, 300, 400, 500])),
        factor=str(rng.choice(list(FACTORS))),
    )


def describe(p: Params) -> str:
    what, _ = FACTORS[p.factor]
    return "\n".join([
        f"monthly fee            {p.monthly_fee:,.0f} yuan",
        f"gross margin           {p.margin:.0%}",
        f"annual churn           {p.churn:.0%}",
        f"discount rate          {p.discount_rate:.0%} per year",
        f"member for             {p.past_years} years",
        f"DCF horizon            {p.horizon} years",
        f"upgrade plan           {p.upgrade_fee_monthly:,.0f} yuan/month, success chance {p.upgrade_chance:.0%}",
        f"referrals              {p.referrals:g} new members a year, reward {p.referral_reward:,.0f} yuan each",
        f"factor for question 8  {what}",
    ])


# --------------------------------------------------------------------------- answers
def dcf(p: Params, *, horizon: int | None = None, retention_shift: int = 0,
        discount_shift: int = 0, churn: bool = True, discount: bool = True) -> pd.DataFrame:
    """The DCF table written out (courseware convention); the switches model common mistakes.

    Without switches it equals :func:`table` (tested); mistakes are diagnosed against it.
    """
    years = np.arange(1, (horizon or p.horizon) + 1)
    retention = p.retention ** (years + retention_shift) if churn else np.ones(years.size)
    profit = p.annual_profit * retention
    factor = (1 + p.discount_rate) ** -(years + discount_shift) if discount else np.ones(years.size)
    return pd.DataFrame({
        "year": years,
        "retention": retention,
        "profit": profit,
        "discount_factor": factor,
        "present_value": profit * factor,
    })


def _case(p: Params) -> dict[str, float]:
    return dict(annual_revenue=12 * p.monthly_fee, margin=p.margin, retention=p.retention,
                discount_rate=p.discount_rate)


def table(p: Params) -> pd.DataFrame:
    """The expected DCF table: :func:`clvteach.dcf_table` (courseware convention)."""
    full = _clv.dcf_table(**_case(p), horizon=p.horizon)
    return full[["year", "retention", "profit", "discount_factor", "present_value"]]


def historical(p: Params) -> float:
    return _clv.historical_value(annual_revenue=12 * p.monthly_fee, margin=p.margin,
                                 years=p.past_years)


def current(p: Params, **mistake: object) -> float:
    if mistake:  # a common mistake, modelled by the switches of dcf()
        return float(dcf(p, **mistake)["present_value"].sum())
    return _clv.current_value(**_case(p), horizon=p.horizon)


def infinite(p: Params) -> float:
    return _clv.current_value(**_case(p), horizon=None)


def upgrade(p: Params) -> float:
    extra = 12 * (p.upgrade_fee_monthly - p.monthly_fee) * p.margin
    return extra * p.upgrade_chance * current(p) / p.annual_profit


def multiple(p: Params) -> float:
    """Margin multiple M = current value / yearly profit (notebook 03: 3058.7/1440 = 2.124)."""
    return current(p) / p.annual_profit


def referral(p: Params) -> float:
    """Referrals spread over the years the member stays (notebook 03 §2, ``method="spread"``).

    Each year the member is still there he brings ``referrals`` new members, each worth the
    current value less the reward, discounted: n (V − c) M, with the margin multiple M.
    """
    return p.referrals * (current(p) - p.referral_reward) * multiple(p)


def courseware_table(p: Params) -> pd.DataFrame:
    """The DCF table with the courseware's rounding (a diagnosed mistake of question 2)."""
    return _clv.dcf_table(**_case(p), horizon=p.horizon, rounding="courseware")


def total(p: Params) -> float:
    return historical(p) + current(p) + upgrade(p) + referral(p)


# --------------------------------------------------------------------------- plot check
def _inspect_cumulative(ax, p: Params) -> None:
    rows = dcf(p)
    want_x = rows["year"].to_numpy(float)
    want_y = rows["present_value"].cumsum().to_numpy()
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == len(want_x)]
    if not lines:
        raise Diagnosis(
            f"draw one line with a point per year (years 1..{p.horizon}) using ax.plot(x, y)"
        )
    for line in lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if np.allclose(y, want_y, rtol=1e-3, atol=0.5):
            if not np.allclose(x, want_x):
                raise Diagnosis("the y values are right but the x axis must be the year 1, 2, ...")
            if not ax.get_xlabel() or not ax.get_ylabel():
                raise Diagnosis("label both axes (ax.set_xlabel, ax.set_ylabel)")
            return
        if np.allclose(y, rows["present_value"].to_numpy(), rtol=1e-3, atol=0.5):
            raise Diagnosis("you drew each year's present value: the question asks for the running total (cumsum)")
        if np.allclose(y, rows["profit"].cumsum().to_numpy(), rtol=1e-3, atol=0.5):
            raise Diagnosis("forgot discounting: accumulate the present values, not the profits")
    raise Diagnosis("your line does not show the cumulative present value by year")


# --------------------------------------------------------------------------- questions
_UNITS = "wrong units: the fee is per month, the value per year (× 12)"
_ROUNDED = ("you rounded like the courseware (ct.dcf_table(..., rounding=\"courseware\"): "
            "retention and discount factors to 3 decimals): keep full precision")

QUESTIONS = [
    NumberQuestion(
        key="ex03.q1",
        hint="historical value = yearly profit (12 × monthly fee × margin) × years as a member",
        reference=historical,
        mistakes=[
            Mistake(_UNITS, lambda p: p.monthly_fee * p.margin * p.past_years),
            Mistake("revenue is not profit: apply the gross margin",
                    lambda p: 12 * p.monthly_fee * p.past_years),
            Mistake("off by one year: count the years the member has already been with us",
                    lambda p: [p.annual_profit * (p.past_years - 1),
                               p.annual_profit * (p.past_years + 1)]),
            Mistake("historical value is not discounted or reduced by churn: it is already realised",
                    lambda p: [current(p, horizon=p.past_years),
                               current(p, horizon=p.past_years, churn=False)]),
        ],
    ),
    TableQuestion(
        key="ex03.q2",
        hint="a DataFrame with columns year, retention, profit, discount_factor, present_value; "
             "year t: retention r**t, profit 12·fee·margin·r**t, factor 1/(1+d)**t",
        reference=table,
        columns=("year", "retention", "profit", "discount_factor", "present_value"),
        row_label="year",
        index_column="year",
        column_mistakes={
            "retention": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["retention"]),
                Mistake("off by one year: the member must survive year t's renewal, so use r**t",
                        lambda p: dcf(p, retention_shift=-1)["retention"]),
                Mistake("retention is 1 − churn, not the churn rate",
                        lambda p: p.churn ** np.arange(1, p.horizon + 1)),
            ],
            "profit": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["profit"]),
                Mistake("forgot the churn: multiply the yearly profit by the retention",
                        lambda p: dcf(p, churn=False)["profit"]),
                Mistake(_UNITS, lambda p: dcf(p)["profit"] / 12),
                Mistake("revenue is not profit: apply the gross margin",
                        lambda p: dcf(p)["profit"] / p.margin),
            ],
            "discount_factor": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["discount_factor"]),
                Mistake("off by one year: year t is discounted by (1 + d)**t",
                        lambda p: dcf(p, discount_shift=-1)["discount_factor"]),
                Mistake("the discount factor is 1/(1 + d)**t, not (1 + d)**t",
                        lambda p: 1 / dcf(p)["discount_factor"]),
            ],
            "present_value": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["present_value"]),
                Mistake("forgot discounting: present value = profit × discount factor",
                        lambda p: dcf(p)["profit"]),
            ],
        },
    ),
    NumberQuestion(
        key="ex03.q3",
        hint="current value = sum of the present values of your DCF table",
        reference=current,
        mistakes=[
            Mistake("forgot discounting: add present values, not profits",
                    lambda p: current(p, discount=False)),
            Mistake("forgot the churn: weight each year by the retention probability",
                    lambda p: current(p, churn=False)),
            Mistake("off by one year: count the years of the horizon again",
                    lambda p: [current(p, horizon=p.horizon - 1), current(p, horizon=p.horizon + 1)]),
            Mistake("that is the infinite-horizon value: the question asks for the table's horizon",
                    infinite),
            Mistake(_UNITS, lambda p: current(p) / 12),
        ],
    ),
    NumberQuestion(
        key="ex03.q4",
        hint="infinite horizon: m·r / (1 + d − r), with m the yearly profit",
        reference=infinite,
        mistakes=[
            Mistake("the first profit comes after one renewal: multiply m/(1 + d − r) by r",
                    lambda p: p.annual_profit / (1 + p.discount_rate - p.retention)),
            Mistake("churn is not the retention: use r = 1 − churn",
                    lambda p: p.annual_profit * p.churn / (1 + p.discount_rate - p.churn)),
            Mistake("that is the finite-horizon sum: here the years never stop", current),
        ],
    ),
    NumberQuestion(
        key="ex03.q5",
        hint="upgrade value = extra yearly profit × success chance × (current value / yearly profit)",
        reference=upgrade,
        mistakes=[
            Mistake("forgot the success chance",
                    lambda p: upgrade(p) / p.upgrade_chance),
            Mistake("forgot the multiplier: the extra profit comes every year the member stays, "
                    "so multiply by current value / yearly profit",
                    lambda p: upgrade(p) / multiple(p)),
            Mistake("use the extra profit (new fee − old fee), not the whole new fee",
                    lambda p: 12 * p.upgrade_fee_monthly * p.margin * p.upgrade_chance
                    * current(p) / p.annual_profit),
            Mistake("revenue is not profit: apply the gross margin to the extra fee",
                    lambda p: upgrade(p) / p.margin),
            Mistake(_UNITS, lambda p: upgrade(p) / 12),
        ],
    ),
    NumberQuestion(
        key="ex03.q6",
        hint="referral value (spread): referrals per year × (current value − reward) × "
             "(current value / yearly profit)",
        reference=referral,
        mistakes=[
            Mistake("that is the courseware's one-year shortcut (n·V − c): spread the referrals "
                    "over every year the member stays, as notebook 03 does (× the multiplier)",
                    lambda p: p.referrals * current(p) - p.referral_reward),
            Mistake("that counts one year of referrals: multiply by current value / yearly profit "
                    "(every year the member stays, discounted)",
                    lambda p: p.referrals * (current(p) - p.referral_reward)),
            Mistake("forgot the referral reward: each new member costs a reward",
                    lambda p: [p.referrals * current(p) * multiple(p),
                               p.referrals * current(p)]),
        ],
    ),
    NumberQuestion(
        key="ex03.q7",
        hint="CLV = historical + current (your DCF table) + potential (upgrade + referral)",
        reference=total,
        mistakes=[
            Mistake("use the DCF table's current value, not the infinite-horizon one",
                    lambda p: historical(p) + infinite(p) + upgrade(p) + referral(p)),
            Mistake("forgot the historical value", lambda p: total(p) - historical(p)),
            Mistake("use Q6's referral value (spread over the years), not a one-year formula",
                    lambda p: [total(p) - referral(p) + p.referrals * ex_one - p.referral_reward
                               for ex_one in [current(p)]]
                    + [total(p) - referral(p) + p.referrals * (current(p) - p.referral_reward)]),
            Mistake("forgot the potential value (upgrade + referral)",
                    lambda p: historical(p) + current(p)),
            Mistake("the potential value has two parts: upgrade and referral",
                    lambda p: [total(p) - upgrade(p), total(p) - referral(p)]),
        ],
    ),
    ChoiceQuestion(
        key="ex03.q8",
        hint='"rises", "falls" or "unchanged": the effect on the CURRENT value when your factor goes up',
        options={"rises": "rises", "falls": "falls", "unchanged": "does not change"},
        answer=lambda p: FACTORS[p.factor][1],
        fallback="not this one: write the current-value sum and see where your factor enters it",
        why={"unchanged": "your factor does enter the DCF sum: look at the formula again"},
    ),
    PlotQuestion(
        key="ex03.q9",
        hint="ax.plot(years, cumulative present value) with labelled axes",
        inspect=_inspect_cumulative,
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex03.q1": "A3", "ex03.q2": "A3", "ex03.q3": "A3", "ex03.q4": "A3", "ex03.q5": "A3", "ex03.q6": "A3", "ex03.q7": "A3", "ex03.q8": "A3", "ex03.q9": "A3"})

SPEC = register(ExerciseSpec(
    id="ex03",
    title="Exercise 03 · CLV fundamentals 客户终生价值",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
