"""Exercise 04 — the five CLV analysis steps on a coffee chain's customers.

Each student gets their own chain: average CLV and CAC (the 3:1 rule), a monthly profit
for the payback period, and 20 customers with a current and a potential value to segment
(high value 高价值, growth 成长型, watch 需警惕, low value 低价值) and to serve with a strategy.

References
----------
Courseware chapter 6, 客户终生价值的分析步骤 (five steps; CLV:CAC ≥ 3:1; segmentation by
current × potential value). Seed 000: the 80/20 rule.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import clv as _clv
from .. import segmentation as _seg
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Sealed
from ._core import Question, register
from .goals import with_goals

__all__ = ["Params", "SPEC", "STEPS", "SEGMENTS", "STRATEGIES", "make_params", "segments"]

STEPS = {
    "collect": "1 collect customer data (transactions, costs, behaviour, demographics)",
    "compute": "2 define and compute CLV (choose a model; time value of money; churn)",
    "invest": "3 analyse customer investment vs profit (CLV vs CAC, payback)",
    "segment": "4 segment customers by CLV (current × potential value)",
    "strategy": "5 design marketing strategies per segment",
}
TASKS = [  # (text, sealed answer); plain answers: the grading key
    ("Export a year of till receipts, app clicks and support tickets for every member.",
     Sealed("ex04:TASKS", "559c57910a060341f6d580f5")),
    ("Choose a DCF model with a 10 % discount rate and the members' churn rate.",
     Sealed("ex04:TASKS", "989d6185991eb7e4200e6ff8")),
    ("Check that each new member brings at least three times what it cost to win them.",
     Sealed("ex04:TASKS", "7665b26cc8ee77214c6085d6")),
    ("Work out how many months a new member needs to pay back the acquisition cost.",
     Sealed("ex04:TASKS", "7665b26cc8ee77214c6085d6")),
    ("Sort members into four groups by current value and potential value.",
     Sealed("ex04:TASKS", "56d7d3bc99238fa15c71e582")),
    ("Give growth members cross-selling offers and low-value members self-service.",
     Sealed("ex04:TASKS", "989aaa579507213af3e3406f")),
]
SEGMENTS = {
    "high_value": "高价值客户 high current, high potential",
    "growth": "成长型客户 low current, high potential",
    "watch": "需警惕客户 high current, low potential",
    "low_value": "低价值客户 low current, low potential",
}
STRATEGIES = {
    "vip_care": "more resources: dedicated service, priority, exclusive offers",
    "develop": "develop the potential: cross-selling, up-selling, upgrade offers",
    "defend": "defend current value: early warning, retention care, find out what is missing",
    "low_cost": "serve at low cost: self-service, automated standard offers",
}
SEGMENT_STRATEGY = {  # sealed answers; plain answers: the grading key
    "high_value": Sealed("ex04:SEGMENT_STRATEGY:high_value", "5a968066abb4fae6d233d8de"),
    "growth": Sealed("ex04:SEGMENT_STRATEGY:growth", "6e539d7ca4d5b16a2ba78924"),
    "watch": Sealed("ex04:SEGMENT_STRATEGY:watch", "1a41ad21a2f2ac9044916873"),
    "low_value": Sealed("ex04:SEGMENT_STRATEGY:low_value", "d37407a86c770cedbec1f307"),
}
VERDICTS = {  # the keys of clvteach.clv_cac_verdict
    "healthy": "CLV:CAC at least 3:1",
    "thin": "CLV covers CAC (at least 1:1) but below 3:1",
    "losing": "CLV does not cover CAC (below 1:1)",
}
N_CUSTOMERS = 20


@dataclass(frozen=True)
class Params:
    task: int
    clv: float
    cac: float
    monthly_revenue: float
    margin: float
    customers: pd.DataFrame = field(compare=False)
    current_threshold: float
    potential_threshold: float
    strategy_segment: str
    retention: float = 0.8  # annual, for the payback period (question 4)
    discount_rate: float = 0.1  # annual


def make_params(rng: np.random.Generator) -> Params:
    cac = float(rng.choice(np.arange(200, 1201, 50)))
    ratio = float(rng.choice([0.6, 0.8, 1.5, 2.0, 2.5, 3.2, 3.6, 4.0, 5.0]))
    clv = float(round(cac * ratio * (1 + float(rng.uniform(-0.05, 0.05)))))
    if clv in (cac, 3 * cac):  # keep clear of the 1:1 and 3:1 boundaries
        clv += 5.0
    current = np.round(rng.lognormal(7.0, 0.8, size=N_CUSTOMERS) / 10) * 10
    potential = np.round(rng.lognormal(6.6, 0.9, size=N_CUSTOMERS) / 10) * 10
    current_threshold = float(np.round(np.median(current), -2))
    potential_threshold = float(np.round(np.median(potential), -2))
    # Put one customer exactly on each threshold: "at the threshold" counts as low.
    current[int(rng.integers(N_CUSTOMERS))] = current_threshold
    potential[int(rng.integers(N_CUSTOMERS))] = potential_threshold
    customers = pd.DataFrame({
        "customer_id": [f"C{i:02d}" for i in range(1, N_CUSTOMERS + 1)],
        "current_value": current,
        "potential_value": potential,
    })
    params = Params(
        task=int(rng.integers(len(TASKS))),
        clv=clv,
        cac=cac,
        monthly_revenue=float(rng.choice(np.arange(40, 161, 5))),
        margin=float(rng.choice([0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6])),
        customers=customers,
        current_threshold=current_threshold,
        potential_threshold=potential_threshold,
        strategy_segment=str(rng.choice(list(SEGMENTS))),
    )
    # Payback as in notebook 04: retention-weighted, discounted. Draw until the member pays
    # back the CAC within 3 years (a few redraws at most; deterministic per student).
    for _ in range(50):
        params = replace(params, retention=float(rng.choice([0.7, 0.75, 0.8, 0.85, 0.9])))
        if (payback(params) or 99) <= 36 and simple_payback(params) != payback(params):
            return params
        params = replace(params,
                         monthly_revenue=float(rng.choice(np.arange(40, 161, 5))),
                         margin=float(rng.choice([0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6])))
    raise RuntimeError("no payback parameters found")  # pragma: no cover - never reached


def describe(p: Params) -> str:
    return "\n".join([
        f"Q1 task             {TASKS[p.task][0]}",
        f"average CLV         {p.clv:,.0f} yuan per member",
        f"CAC                 {p.cac:,.0f} yuan per new member",
        f"monthly revenue     {p.monthly_revenue:,.0f} yuan per member, gross margin {p.margin:.0%}",
        f"retention           {p.retention:.0%} per year, discount rate {p.discount_rate:.0%} per year",
        f"thresholds          current value {p.current_threshold:,.0f}, potential value "
        f"{p.potential_threshold:,.0f} (strictly above = high)",
        f"Q7 segment          {p.strategy_segment}",
        f"customers           p.customers ({len(p.customers)} rows: customer_id, "
        "current_value, potential_value)",
    ])


# --------------------------------------------------------------------------- answers
def segments(p: Params, *, swap: bool = False, inclusive: bool = False) -> pd.Series:
    """Segment of each customer (index customer_id): :func:`clvteach.clv_segments`.

    ``swap`` (current and potential exchanged) and ``inclusive`` (``>=`` instead of ``>``)
    model common mistakes.
    """
    cur = p.customers["current_value"].to_numpy()
    pot = p.customers["potential_value"].to_numpy()
    ct_, pt_ = p.current_threshold, p.potential_threshold
    if swap:
        cur, pot, ct_, pt_ = pot, cur, pt_, ct_
    if inclusive:  # >= is "strictly above a threshold a hair lower"
        ct_, pt_ = np.nextafter(ct_, -np.inf), np.nextafter(pt_, -np.inf)
    labels = _seg.clv_segments(cur, pot, current_threshold=ct_, potential_threshold=pt_)
    return pd.Series(np.asarray(labels, dtype=str), index=p.customers["customer_id"].to_numpy(),
                     name="segment")


def ratio(p: Params) -> float:
    return _clv.clv_cac_ratio(clv=p.clv, cac=p.cac)


def verdict(p: Params) -> str:
    return _clv.clv_cac_verdict(ratio(p))


def payback(p: Params, *, discounted: bool = True, margin: float | None = None,
            period: str = "month") -> int | None:
    """Months until the cumulative retention-weighted, discounted profit covers the CAC.

    The definition of notebook 04 (:func:`clvteach.payback_period`, monthly periods): the
    switches model diagnosed mistakes.
    """
    return _clv.payback_period(
        cac=p.cac, annual_revenue=12 * p.monthly_revenue,
        margin=p.margin if margin is None else margin, retention=p.retention,
        discount_rate=p.discount_rate, period=period, discounted=discounted)


def simple_payback(p: Params) -> int:
    """The simple payback (no churn, no discounting): a diagnosed mistake of question 4."""
    return math.ceil(p.cac / (p.monthly_revenue * p.margin) - 1e-9)


def _annual_rates_per_month(p: Params) -> list[int]:
    """Payback with the annual retention and discount rate used as if they were monthly."""
    profit, total = p.monthly_revenue * p.margin, 0.0
    for t in range(1, 601):
        total += profit * p.retention ** t / (1 + p.discount_rate) ** t
        if total >= p.cac:
            return [t]
    return []  # never pays back that way: nothing to diagnose


def _found(value: int | None) -> list[int]:
    """A mistake's payback as a list of candidates (empty when it never pays back)."""
    return [] if value is None else [value]


def top_share(p: Params, share: float = 0.2) -> float:
    return _seg.top_share(p.customers["current_value"].to_numpy(), share)


@dataclass(frozen=True, kw_only=True)
class SegmentQuestion(Question):
    """One segment label per customer: a Series/dict keyed by customer_id, or a list in order."""

    kind: str = "table"
    reference: Callable[[Params], pd.Series] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Params, target: Any) -> None:
        want = target
        if isinstance(answer, pd.DataFrame) and "segment" in answer.columns:
            answer = (answer.set_index("customer_id")["segment"]
                      if "customer_id" in answer.columns else answer["segment"])
        if isinstance(answer, dict):
            answer = pd.Series(answer)
        if isinstance(answer, (list, tuple, np.ndarray)):
            if len(answer) != len(want):
                raise Diagnosis(f"give one segment per customer ({len(want)}), got {len(answer)}")
            answer = pd.Series(list(answer), index=want.index)
        if not isinstance(answer, pd.Series):
            raise Diagnosis("expected a pandas Series (index customer_id) or a list of segments")
        if answer.index.dtype.kind in "iu" and len(answer) == len(want):
            answer = pd.Series(answer.to_numpy(), index=want.index)
        missing = [c for c in want.index if c not in answer.index]
        if missing:
            raise Diagnosis(f"{len(missing)} customer(s) have no segment, e.g. {missing[0]}")
        got = answer.reindex(want.index).astype(str).str.strip().str.lower()
        unknown = sorted(set(got) - set(SEGMENTS))
        if unknown:
            raise Diagnosis(f"{unknown[0]!r} is not a segment; use " + ", ".join(map(repr, SEGMENTS)))
        wrong = int((got != want).sum())
        if wrong == 0:
            return
        if (got == segments(params, swap=True)).all():
            raise Diagnosis("growth and watch are swapped: growth = low current, high potential "
                            "value; watch = high current, low potential value")
        if (got == segments(params, inclusive=True)).all():
            raise Diagnosis("high means strictly above the threshold: a customer exactly at it is low (>, not >=)")
        raise Diagnosis(f"{wrong} of {len(want)} customers are in the wrong segment")


def _inspect_scatter(ax, p: Params) -> None:
    cur = p.customers["current_value"].to_numpy(float)
    pot = p.customers["potential_value"].to_numpy(float)
    points = [c for c in ax.collections if len(c.get_offsets()) == len(cur)]
    if not points:
        raise Diagnosis("draw one point per customer with ax.scatter(current, potential)")
    offsets = np.asarray(points[0].get_offsets(), dtype=float)
    if np.allclose(offsets, np.column_stack([pot, cur])):
        raise Diagnosis("axes swapped: current value on x, potential value on y")
    if not np.allclose(offsets, np.column_stack([cur, pot])):
        raise Diagnosis("the points are not (current value, potential value) of your customers")
    vertical = horizontal = False
    for line in ax.get_lines():  # axvline/axhline keep the threshold in their data
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if x.size and np.allclose(x, p.current_threshold):
            vertical = True
        if y.size and np.allclose(y, p.potential_threshold):
            horizontal = True
    if not (vertical and horizontal):
        raise Diagnosis("draw both thresholds: ax.axvline(current threshold), ax.axhline(potential threshold)")
    if not ax.get_xlabel() or not ax.get_ylabel():
        raise Diagnosis("label both axes (ax.set_xlabel, ax.set_ylabel)")


QUESTIONS = [
    ChoiceQuestion(
        key="ex04.q1",
        hint="one of the five steps, e.g. \"collect\", for the task printed as 'Q1 task'",
        options=STEPS,
        answer=lambda p: TASKS[p.task][1],
        fallback="not this step: what does the task produce, and what does it need first?",
    ),
    NumberQuestion(
        key="ex04.q2",
        hint="CLV:CAC ratio = average CLV / CAC (2 decimals are enough)",
        reference=ratio,
        atol=0.005,
        mistakes=[Mistake("inverted: CLV divided by CAC, not CAC by CLV", lambda p: p.cac / p.clv),
                  Mistake("a ratio, not a difference: divide CLV by CAC", lambda p: p.clv - p.cac)],
    ),
    ChoiceQuestion(
        key="ex04.q3",
        hint='"healthy" (3:1 or more), "thin" (1:1 up to 3:1) or "losing" (below 1:1)',
        options=VERDICTS,
        answer=verdict,
        fallback="compare your ratio with 1 and with 3",
    ),
    NumberQuestion(
        key="ex04.q4",
        hint="payback (notebook 04): the first month T in which the sum of the monthly profit × "
             "survival r**t × discount 1/(1+d)**t, t = 1..T, covers the CAC; ct.payback_period",
        reference=payback,
        atol=0,
        rtol=0,
        mistakes=[
            Mistake("that is the simple payback (CAC ÷ monthly profit): notebook 04 weights each "
                    "month by the chance the member is still there and discounts it",
                    lambda p: [simple_payback(p), p.cac / (p.monthly_revenue * p.margin)]),
            Mistake("you left out the discounting: each month's expected profit is worth "
                    "1/(1+d)**t today (d per month)",
                    lambda p: _found(payback(p, discounted=False))),
            Mistake("payback uses profit, not revenue: multiply the revenue by the margin",
                    lambda p: _found(payback(p, margin=1.0))),
            Mistake("the retention and the discount rate are per year: convert them to months "
                    "(ct.payback_period(..., period=\"month\") does it)",
                    _annual_rates_per_month),
            Mistake("wrong units: the question asks for months, not years",
                    lambda p: _found(payback(p, period="year"))),
        ],
    ),
    SegmentQuestion(
        key="ex04.q5",
        hint="a Series of segments indexed by customer_id: a value strictly above its "
             "threshold is high",
        reference=segments,
    ),
    NumberQuestion(
        key="ex04.q6",
        hint="share (0 to 1) of the total current value that comes from the top 20 % of customers",
        reference=top_share,
        rtol=0,
        atol=0.005,
        mistakes=[
            Mistake("sort from largest to smallest: the TOP 20 % of customers",
                    lambda p: float(np.sort(p.customers["current_value"])[:4].sum()
                                    / p.customers["current_value"].sum())),
            Mistake("20 % of 20 customers is 4 customers",
                    lambda p: [top_share(p, 0.15), top_share(p, 0.25)]),
        ],
    ),
    ChoiceQuestion(
        key="ex04.q7",
        hint="one of the four strategies for the segment printed as 'Q7 segment'",
        options=STRATEGIES,
        answer=lambda p: SEGMENT_STRATEGY[p.strategy_segment],
        fallback="that strategy fits another segment: what does this segment have, what does it lack?",
    ),
    PlotQuestion(
        key="ex04.q8",
        hint="ax.scatter(current, potential), ax.axvline / ax.axhline at the thresholds, axis labels",
        inspect=_inspect_scatter,
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex04.q1": "K3", "ex04.q2": "K3", "ex04.q3": "K3", "ex04.q4": "K3", "ex04.q5": "K3", "ex04.q6": "K3", "ex04.q7": "L2", "ex04.q8": "K3"})

SPEC = register(ExerciseSpec(
    id="ex04",
    title="Exercise 04 · The five CLV analysis steps 客户终生价值的分析步骤",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
