"""Exercise 00 — warm-up (热身练习): Python, pandas and matplotlib the course's way (≈ 15 min).

For students who have not coded before: arithmetic with a variable, a list, a pandas table,
a column mean, a filter, a bar chart, and one call of the course library. Each answer is
checked at once with a hint that names the likely slip. Personalised by ``STUDENT_ID``.
Every student-facing string is an :class:`~clvteach.i18n.Text` pair (English, Chinese);
the hints of the placeholders are in :data:`TEXT`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import value as _value
from ..i18n import Text
from ..units import MONTHS_PER_YEAR
from ._core import Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import TableQuestion, register
from .goals import with_goals

__all__ = ["Params", "SPEC", "TEXT", "make_params"]

TEXT = {
    "q1": Text("yearly fee = monthly fee × 12 (a Python expression with p.monthly_fee)",
               "年费 = 月费 × 12（用 p.monthly_fee 写一个 Python 表达式）"),
    "q2": Text("sum(p.visits): the total of the list",
               "sum(p.visits)：列表中所有数之和"),
    "q3": Text("pd.DataFrame({\"month\": [1, 2, …], \"visits\": p.visits})",
               "pd.DataFrame({\"month\": [1, 2, …], \"visits\": p.visits})，月份从 1 开始"),
    "q4": Text("p.orders[\"amount\"].mean()",
               "订单金额的平均值：p.orders[\"amount\"].mean()"),
    "q5": Text("how many orders have an amount strictly above p.threshold: "
               "(p.orders[\"amount\"] > p.threshold).sum()",
               "金额严格大于 p.threshold 的订单有多少笔："
               "(p.orders[\"amount\"] > p.threshold).sum()"),
    "q6": Text("ax.bar(months, p.visits), then ax.set_xlabel and ax.set_ylabel",
               "先 ax.bar(months, p.visits)，再用 ax.set_xlabel 和 ax.set_ylabel 标注坐标轴"),
    "q7": Text("ct.delivered_value(product=…, service=…, …).delivered_value with your mug's "
               "numbers",
               "用你的杯子的数据调用 ct.delivered_value(product=…, service=…, …)，"
               "取 .delivered_value（客户让渡价值）"),
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


_DESCRIBE = Text("\n".join([
    "monthly fee   p.monthly_fee = {fee} yuan",
    "visits        p.visits = {visits} (one number per month)",
    "orders        p.orders: {rows} rows, columns order and amount (yuan)",
    "threshold     p.threshold = {threshold} yuan",
    "your mug      p.mug = {mug}",
]), "\n".join([
    "月费          p.monthly_fee = {fee} 元",
    "到店次数      p.visits = {visits}（每月一个数）",
    "订单          p.orders：{rows} 行，列 order（订单号）和 amount（金额，元）",
    "阈值          p.threshold = {threshold} 元",
    "你的杯子      p.mug = {mug}",
]))


def describe(p: Params) -> Text:
    """This student's data, as the first cell shows it (both languages)."""
    return _DESCRIBE.format(fee=f"{p.monthly_fee:g}", visits=p.visits, rows=len(p.orders),
                            threshold=f"{p.threshold:g}", mug=p.mug)


def _table(p: Params) -> pd.DataFrame:
    return pd.DataFrame({"month": np.arange(1, len(p.visits) + 1), "visits": p.visits})


def _delivered(p: Params) -> float:
    return _value.delivered_value(**p.mug).delivered_value


def _inspect_bars(ax, p: Params) -> None:
    want = np.asarray(p.visits, dtype=float)
    if [ln for ln in ax.get_lines() if len(ln.get_ydata()) == want.size] and not ax.patches:
        raise Diagnosis(Text("that is a line: draw bars with ax.bar(months, visits)",
                             "这是折线图：请用 ax.bar(months, visits) 画柱状图"))
    bars = [b for b in ax.patches if b.get_width() > 0]
    if len(bars) != want.size:
        raise Diagnosis(Text("draw one bar per month ({n} bars) with ax.bar(months, visits)",
                             "每个月画一根柱（共 {n} 根）：ax.bar(months, visits)"
                             ).format(n=want.size))
    heights = np.array([b.get_height() for b in bars])
    if not np.allclose(heights, want):
        if np.allclose(sorted(heights), sorted(want)):
            raise Diagnosis(Text(
                "the bars are your visits but not in month order: don't sort them",
                "柱子是你的到店次数，但没有按月份顺序排列：不要排序"))
        raise Diagnosis(Text("the bar heights must be p.visits, month by month",
                             "柱高必须是 p.visits，按月份逐一对应"))
    if not ax.get_xlabel() or not ax.get_ylabel():
        raise Diagnosis(Text("label both axes: ax.set_xlabel(...) and ax.set_ylabel(...)",
                             "请标注两条坐标轴：ax.set_xlabel(...) 和 ax.set_ylabel(...)"))


QUESTIONS = [
    NumberQuestion(
        key="ex00.q1", hint=TEXT["q1"], reference=lambda p: MONTHS_PER_YEAR * p.monthly_fee,
        mistakes=[Mistake(Text("a year has 12 months, not 10", "一年有 12 个月，不是 10 个月"),
                          lambda p: 10 * p.monthly_fee),
                  Mistake(Text("12 + fee adds; use * to multiply",
                               "12 + 月费是相加；乘法要用 *"), lambda p: MONTHS_PER_YEAR + p.monthly_fee)],
    ),
    NumberQuestion(
        key="ex00.q2", hint=TEXT["q2"], reference=lambda p: float(sum(p.visits)),
        mistakes=[Mistake(Text("len() counts the months; sum() adds the visits",
                               "len() 数的是月份个数；sum() 才是把到店次数加起来"),
                          lambda p: float(len(p.visits))),
                  Mistake(Text("max() is the busiest month; sum() adds them all",
                               "max() 是到店最多的那个月；sum() 才是全部相加"),
                          lambda p: float(max(p.visits)))],
    ),
    TableQuestion(
        key="ex00.q3", hint=TEXT["q3"], reference=_table, columns=("month", "visits"),
        row_label=Text("month", "月份"), index_column="month",
        column_mistakes={
            "month": [Mistake(Text("months start at 1, not 0 (range(1, n + 1))",
                                   "月份从 1 开始，不是从 0 开始（range(1, n + 1)）"),
                              lambda p: np.arange(len(p.visits)))],
            "visits": [Mistake(Text("keep the visits in month order (don't sort them)",
                                    "到店次数要保持月份顺序（不要排序）"),
                               lambda p: np.sort(p.visits))],
        },
    ),
    NumberQuestion(
        key="ex00.q4", hint=TEXT["q4"], reference=lambda p: float(p.orders["amount"].mean()),
        atol=0.01,
        mistakes=[Mistake(Text("that is the total: .mean() gives the average",
                               "这是总和：.mean() 才是平均值"),
                          lambda p: float(p.orders["amount"].sum())),
                  Mistake(Text("that is the middle value (.median()): the question asks for "
                               "the mean",
                               "这是中位数（.median()）：题目要的是平均值"),
                          lambda p: float(p.orders["amount"].median())),
                  Mistake(Text("that is the mean order NUMBER: take the amount column",
                               "这是订单号的平均值：请取金额列 amount"),
                          lambda p: float(p.orders["order"].mean()))],
    ),
    NumberQuestion(
        key="ex00.q5", hint=TEXT["q5"], atol=0, rtol=0,
        reference=lambda p: float((p.orders["amount"] > p.threshold).sum()),
        mistakes=[Mistake(Text("strictly above: use >, not >= (an order of exactly the "
                               "threshold does not count)",
                               "“严格大于”要用 >，不能用 >=（金额正好等于阈值的订单不算）"),
                          lambda p: float((p.orders["amount"] >= p.threshold).sum())),
                  Mistake(Text("you counted the orders at or below the threshold",
                               "你数的是金额小于或等于阈值的订单"),
                          lambda p: float((p.orders["amount"] <= p.threshold).sum())),
                  Mistake(Text("count the orders (.sum() of True/False, or len), not their "
                               "amounts",
                               "要数的是订单笔数（对 True/False 求 .sum()，或用 len），"
                               "不是把金额加起来"),
                          lambda p: float(p.orders.loc[p.orders["amount"] > p.threshold,
                                                       "amount"].sum()))],
    ),
    PlotQuestion(key="ex00.q6", hint=TEXT["q6"], inspect=_inspect_bars),
    NumberQuestion(
        key="ex00.q7", hint=TEXT["q7"], reference=_delivered,
        mistakes=[Mistake(Text("that is the total value: delivered value subtracts the total "
                               "cost",
                               "这是客户总价值：客户让渡价值还要减去客户总成本"),
                          lambda p: _value.delivered_value(**p.mug).total_value),
                  Mistake(Text("value minus cost, not cost minus value",
                               "是价值减成本，不是成本减价值"), lambda p: -_delivered(p)),
                  Mistake(Text("the price is only one of four costs: pass time, energy and "
                               "psychological too",
                               "价格只是四种成本之一：还要传入时间成本、精力成本和心理成本"),
                          lambda p: _value.delivered_value(**p.mug).total_value
                          - p.mug["monetary"])],
    ),
]

QUESTIONS = with_goals(QUESTIONS, {"ex00.q1": "T0", "ex00.q2": "T0", "ex00.q3": "T0",
                                   "ex00.q4": "T0", "ex00.q5": "T0", "ex00.q6": "T0",
                                   "ex00.q7": "K1"})

SPEC = register(ExerciseSpec(
    id="ex00",
    title=Text("Exercise 00 · Warm-up: Python, pandas, matplotlib",
               "练习 00 · 热身练习：Python、pandas 与 matplotlib"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
