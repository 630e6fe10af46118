"""Exercise 00 — warm-up (热身练习): Python, pandas and matplotlib the course's way (≈ 15 min).

For students who have not coded before: arithmetic with a variable, a list, a pandas table,
a column mean, a filter, a bar chart, and one call of the course library. Each answer is
checked at once with a hint that names the likely slip. Personalised by ``STUDENT_ID``.
Every student-facing string is in :data:`TEXT`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import value as _value
from ._core import Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import TableQuestion, register
from .goals import with_goals

__all__ = ["Params", "SPEC", "TEXT", "make_params"]

TEXT = {
    "q1": "yearly fee = monthly fee × 12 (a Python expression with p.monthly_fee)",
    "q2": "sum(p.visits): the total of the list",
    "q3": "pd.DataFrame({\"month\": [1, 2, …], \"visits\": p.visits})",
    "q4": "p.orders[\"amount\"].mean()",
    "q5": "how many orders have an amount strictly above p.threshold: "
          "(p.orders[\"amount\"] > p.threshold).sum()",
    "q6": "ax.bar(months, p.visits), then ax.set_xlabel and ax.set_ylabel",
    "q7": "ct.delivered_value(product=…, service=…, …).delivered_value with your mug's numbers",
}


@dataclass(frozen=True)
class Params:
    """One student's small data set."""

    monthly_fee: float
    visits: list = field(compare=False)
    orders: pd.DataFrame = field(compare=False)
    threshold: float
    mug: dict = field(compare=False)


def make_params(rng: np.random.Generator) -> Params:
    n = int(rng.integers(6, 10))
    visits = [int(v) for v in rng.integers(0, 13, n)]
    amounts = np.round(rng.uniform(12, 60, int(rng.integers(12, 19))), 0)
    orders = pd.DataFrame({"order": np.arange(1, amounts.size + 1), "amount": amounts})
    threshold = float(rng.choice([25, 30, 35, 40]))
    mug = {"product": float(rng.choice(np.arange(200, 301, 10))),
           "service": float(rng.choice(np.arange(40, 101, 10))),
           "personnel": float(rng.choice(np.arange(10, 51, 5))),
           "image": float(rng.choice(np.arange(30, 101, 10))),
           "monetary": float(rng.choice([268, 298, 328])),
           "time": float(rng.choice(np.arange(10, 41, 5))),
           "energy": float(rng.choice(np.arange(10, 41, 5))),
           "psychological": float(rng.choice(np.arange(10, 61, 5)))}
    return Params(monthly_fee=float(rng.choice(np.arange(150, 301, 10))), visits=visits,
                  orders=orders, threshold=threshold, mug=mug)


def describe(p: Params) -> str:
    return "\n".join([
        f"monthly fee   p.monthly_fee = {p.monthly_fee:g} yuan",
        f"visits        p.visits = {p.visits} (one number per month)",
        f"orders        p.orders: {len(p.orders)} rows, columns order and amount (yuan)",
        f"threshold     p.threshold = {p.threshold:g} yuan",
        f"your mug      p.mug = {p.mug}",
    ])


def _table(p: Params) -> pd.DataFrame:
    return pd.DataFrame({"month": np.arange(1, len(p.visits) + 1), "visits": p.visits})


def _delivered(p: Params) -> float:
    return _value.delivered_value(**p.mug).delivered_value


def _inspect_bars(ax, p: Params) -> None:
    want = np.asarray(p.visits, dtype=float)
    if [ln for ln in ax.get_lines() if len(ln.get_ydata()) == want.size] and not ax.patches:
        raise Diagnosis("that is a line: draw bars with ax.bar(months, visits)")
    bars = [b for b in ax.patches if b.get_width() > 0]
    if len(bars) != want.size:
        raise Diagnosis(f"draw one bar per month ({want.size} bars) with ax.bar(months, visits)")
    heights = np.array([b.get_height() for b in bars])
    if not np.allclose(heights, want):
        if np.allclose(sorted(heights), sorted(want)):
            raise Diagnosis("the bars are your visits but not in month order: don't sort them")
        raise Diagnosis("the bar heights must be p.visits, month by month")
    if not ax.get_xlabel() or not ax.get_ylabel():
        raise Diagnosis("label both axes: ax.set_xlabel(...) and ax.set_ylabel(...)")


QUESTIONS = [
    NumberQuestion(
        key="ex00.q1", hint=TEXT["q1"], reference=lambda p: 12 * p.monthly_fee,
        mistakes=[Mistake("a year has 12 months, not 10", lambda p: 10 * p.monthly_fee),
                  Mistake("12 + fee adds; use * to multiply", lambda p: 12 + p.monthly_fee)],
    ),
    NumberQuestion(
        key="ex00.q2", hint=TEXT["q2"], reference=lambda p: float(sum(p.visits)),
        mistakes=[Mistake("len() counts the months; sum() adds the visits",
                          lambda p: float(len(p.visits))),
                  Mistake("max() is the busiest month; sum() adds them all",
                          lambda p: float(max(p.visits)))],
    ),
    TableQuestion(
        key="ex00.q3", hint=TEXT["q3"], reference=_table, columns=("month", "visits"),
        row_label="month", index_column="month",
        column_mistakes={
            "month": [Mistake("months start at 1, not 0 (range(1, n + 1))",
                              lambda p: np.arange(len(p.visits)))],
            "visits": [Mistake("keep the visits in month order (don't sort them)",
                               lambda p: np.sort(p.visits))],
        },
    ),
    NumberQuestion(
        key="ex00.q4", hint=TEXT["q4"], reference=lambda p: float(p.orders["amount"].mean()),
        atol=0.01,
        mistakes=[Mistake("that is the total: .mean() gives the average",
                          lambda p: float(p.orders["amount"].sum())),
                  Mistake("that is the middle value (.median()): the question asks for the mean",
                          lambda p: float(p.orders["amount"].median())),
                  Mistake("that is the mean order NUMBER: take the amount column",
                          lambda p: float(p.orders["order"].mean()))],
    ),
    NumberQuestion(
        key="ex00.q5", hint=TEXT["q5"], atol=0, rtol=0,
        reference=lambda p: float((p.orders["amount"] > p.threshold).sum()),
        mistakes=[Mistake("strictly above: use >, not >= (an order of exactly the threshold "
                          "does not count)",
                          lambda p: float((p.orders["amount"] >= p.threshold).sum())),
                  Mistake("you counted the orders at or below the threshold",
                          lambda p: float((p.orders["amount"] <= p.threshold).sum())),
                  Mistake("count the orders (.sum() of True/False, or len), not their amounts",
                          lambda p: float(p.orders.loc[p.orders["amount"] > p.threshold,
                                                       "amount"].sum()))],
    ),
    PlotQuestion(key="ex00.q6", hint=TEXT["q6"], inspect=_inspect_bars),
    NumberQuestion(
        key="ex00.q7", hint=TEXT["q7"], reference=_delivered,
        mistakes=[Mistake("that is the total value: delivered value subtracts the total cost",
                          lambda p: _value.delivered_value(**p.mug).total_value),
                  Mistake("value minus cost, not cost minus value", lambda p: -_delivered(p)),
                  Mistake("the price is only one of four costs: pass time, energy and "
                          "psychological too",
                          lambda p: _value.delivered_value(**p.mug).total_value
                          - p.mug["monetary"])],
    ),
]

QUESTIONS = with_goals(QUESTIONS, {"ex00.q1": "T0", "ex00.q2": "T0", "ex00.q3": "T0",
                                   "ex00.q4": "T0", "ex00.q5": "T0", "ex00.q6": "T0",
                                   "ex00.q7": "K1"})

SPEC = register(ExerciseSpec(
    id="ex00",
    title="Exercise 00 · Warm-up 热身练习: Python, pandas, matplotlib",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
