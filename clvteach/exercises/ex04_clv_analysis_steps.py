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
from ._core import Question, label_axes_hint, register
from ..i18n import Text
from ..units import MONTHS_PER_YEAR
from .goals import with_goals

__all__ = ["Params", "SPEC", "STEPS", "SEGMENTS", "STRATEGIES", "make_params", "segments"]

STEPS = {
    "collect": Text("1 collect customer data (transactions, costs, behaviour, demographics)",
                    "1 收集客户数据（交易、成本、行为、人口统计信息）"),
    "compute": Text("2 define and compute CLV (choose a model; time value of money; churn)",
                    "2 定义并计算客户终生价值（选择模型；考虑货币的时间价值和客户流失）"),
    "invest": Text("3 analyse customer investment vs profit (CLV vs CAC, payback)",
                   "3 分析客户投资与利润（客户终生价值与客户获取成本之比、回收期）"),
    "segment": Text("4 segment customers by CLV (current × potential value)",
                    "4 按客户终生价值细分客户（当前价值 × 潜在价值）"),
    "strategy": Text("5 design marketing strategies per segment",
                     "5 为每个细分客户群制定营销策略"),
}
TASKS = [  # (text, sealed answer); plain answers: the grading key
    (Text("Export a year of till receipts, app clicks and support tickets for every member.",
          "导出每位会员一年的收银小票、App 点击记录和客服工单。"),
     Sealed("ex04:TASKS", "559c57910a060341f6d580f5")),
    (Text("Choose a DCF model with a 10 % discount rate and the members' churn rate.",
          "选择一个贴现现金流（DCF）模型，采用 10% 的贴现率和会员的流失率。"),
     Sealed("ex04:TASKS", "989d6185991eb7e4200e6ff8")),
    (Text("Check that each new member brings at least three times what it cost to win them.",
          "检查每位新会员带来的价值是否至少是获取他所花成本的三倍。"),
     Sealed("ex04:TASKS", "7665b26cc8ee77214c6085d6")),
    (Text("Work out how many months a new member needs to pay back the acquisition cost.",
          "算出一位新会员需要多少个月才能收回客户获取成本。"),
     Sealed("ex04:TASKS", "7665b26cc8ee77214c6085d6")),
    (Text("Sort members into four groups by current value and potential value.",
          "按当前价值和潜在价值把会员分成四组。"),
     Sealed("ex04:TASKS", "56d7d3bc99238fa15c71e582")),
    (Text("Give growth members cross-selling offers and low-value members self-service.",
          "向成长型会员推送交叉销售优惠，让低价值会员使用自助服务。"),
     Sealed("ex04:TASKS", "989aaa579507213af3e3406f")),
]
SEGMENTS = {
    "high_value": Text("高价值客户 high current, high potential", "高价值客户：当前价值高，潜在价值高"),
    "growth": Text("成长型客户 low current, high potential", "成长型客户：当前价值低，潜在价值高"),
    "watch": Text("需警惕客户 high current, low potential", "需警惕客户：当前价值高，潜在价值低"),
    "low_value": Text("低价值客户 low current, low potential", "低价值客户：当前价值低，潜在价值低"),
}
STRATEGIES = {
    "vip_care": Text("more resources: dedicated service, priority, exclusive offers",
                     "投入更多资源：专属服务、优先待遇、独享优惠"),
    "develop": Text("develop the potential: cross-selling, up-selling, upgrade offers",
                    "开发潜力：交叉销售、向上销售、升级优惠"),
    "defend": Text("defend current value: early warning, retention care, find out what is missing",
                   "守住当前价值：流失预警、保留关怀、找出客户还缺什么"),
    "low_cost": Text("serve at low cost: self-service, automated standard offers",
                     "低成本服务：自助服务、自动化的标准优惠"),
}
SEGMENT_STRATEGY = {  # sealed answers; plain answers: the grading key
    "high_value": Sealed("ex04:SEGMENT_STRATEGY:high_value", "5a968066abb4fae6d233d8de"),
    "growth": Sealed("ex04:SEGMENT_STRATEGY:growth", "6e539d7ca4d5b16a2ba78924"),
    "watch": Sealed("ex04:SEGMENT_STRATEGY:watch", "1a41ad21a2f2ac9044916873"),
    "low_value": Sealed("ex04:SEGMENT_STRATEGY:low_value", "d37407a86c770cedbec1f307"),
}
VERDICTS = {  # the keys of clvteach.clv_cac_verdict
    "healthy": Text("CLV:CAC at least 3:1", "客户终生价值与客户获取成本之比（CLV:CAC）至少为 3:1"),
    "thin": Text("CLV covers CAC (at least 1:1) but below 3:1",
                 "客户终生价值能覆盖客户获取成本（至少 1:1），但低于 3:1"),
    "losing": Text("CLV does not cover CAC (below 1:1)",
                   "客户终生价值不足以覆盖客户获取成本（低于 1:1）"),
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


_DESCRIBE = (
    Text("Q1 task             {task}", "Q1 任务：{task}"),
    Text("average CLV         {clv:,.0f} yuan per member", "平均客户终生价值：每位会员 {clv:,.0f} 元"),
    Text("CAC                 {cac:,.0f} yuan per new member",
         "客户获取成本：每位新会员 {cac:,.0f} 元"),
    Text("monthly revenue     {monthly_revenue:,.0f} yuan per member, gross margin {margin:.0%}",
         "月收入：每位会员 {monthly_revenue:,.0f} 元，毛利率 {margin:.0%}"),
    Text("retention           {retention:.0%} per year, discount rate {discount_rate:.0%} per year",
         "保留率：每年 {retention:.0%}；贴现率：每年 {discount_rate:.0%}"),
    Text("thresholds          current value {current_threshold:,.0f}, potential value "
         "{potential_threshold:,.0f} (strictly above = high)",
         "细分阈值：当前价值 {current_threshold:,.0f}，潜在价值 {potential_threshold:,.0f}"
         "（严格高于阈值才算“高”）"),
    Text("Q7 segment          {strategy_segment}", "Q7 客户群：{strategy_segment}"),
    Text("customers           p.customers ({rows} rows: customer_id, current_value, potential_value)",
         "客户：p.customers（{rows} 行：customer_id、current_value、potential_value）"),
)


def describe(p: Params) -> str:
    """The student's numbers, one per line, in the current language."""
    fields = dict(task=TASKS[p.task][0], clv=p.clv, cac=p.cac, monthly_revenue=p.monthly_revenue,
                  margin=p.margin, retention=p.retention, discount_rate=p.discount_rate,
                  current_threshold=p.current_threshold,
                  potential_threshold=p.potential_threshold,
                  strategy_segment=p.strategy_segment, rows=len(p.customers))
    return "\n".join(str(line.format(**fields)) for line in _DESCRIBE)


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
        cac=p.cac, annual_revenue=MONTHS_PER_YEAR * p.monthly_revenue,
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
                raise Diagnosis(Text("give one segment per customer ({n}), got {got}",
                                     "每位客户都要有一个细分结果（共 {n} 位），你给了 {got} 个")
                                .format(n=len(want), got=len(answer)))
            answer = pd.Series(list(answer), index=want.index)
        if not isinstance(answer, pd.Series):
            raise Diagnosis(Text(
                "expected a pandas Series (index customer_id) or a list of segments",
                "需要一个 pandas Series（索引为 customer_id），或一个按客户顺序排列的细分结果列表"))
        if answer.index.dtype.kind in "iu" and len(answer) == len(want):
            answer = pd.Series(answer.to_numpy(), index=want.index)
        missing = [c for c in want.index if c not in answer.index]
        if missing:
            raise Diagnosis(Text("{n} customer(s) have no segment, e.g. {example}",
                                 "有 {n} 位客户没有细分结果，例如 {example}")
                            .format(n=len(missing), example=missing[0]))
        got = answer.reindex(want.index).astype(str).str.strip().str.lower()
        unknown = sorted(set(got) - set(SEGMENTS))
        if unknown:
            # .get(): the student's text may hold braces, which a Text cannot (placeholders)
            raise Diagnosis(Text("{given} is not a segment; use {options}",
                                 "{given} 不是细分类别；请使用 {options}")
                            .get().format(given=repr(unknown[0]),
                                          options=", ".join(map(repr, SEGMENTS))))
        wrong = int((got != want).sum())
        if wrong == 0:
            return
        if (got == segments(params, swap=True)).all():
            raise Diagnosis(Text(
                "growth and watch are swapped: growth = low current, high potential "
                "value; watch = high current, low potential value",
                "growth 和 watch 弄反了：growth（成长型客户）= 当前价值低、潜在价值高；"
                "watch（需警惕客户）= 当前价值高、潜在价值低"))
        if (got == segments(params, inclusive=True)).all():
            raise Diagnosis(Text(
                "high means strictly above the threshold: a customer exactly at it is low (>, not >=)",
                "“高”指严格高于阈值：恰好等于阈值的客户算“低”（用 >，不用 >=）"))
        raise Diagnosis(Text("{wrong} of {total} customers are in the wrong segment",
                             "{total} 位客户中有 {wrong} 位分错了类别")
                        .format(wrong=wrong, total=len(want)))


def _inspect_scatter(ax, p: Params) -> None:
    cur = p.customers["current_value"].to_numpy(float)
    pot = p.customers["potential_value"].to_numpy(float)
    points = [c for c in ax.collections if len(c.get_offsets()) == len(cur)]
    if not points:
        raise Diagnosis(Text("draw one point per customer with ax.scatter(current, potential)",
                             "用 ax.scatter(当前价值, 潜在价值) 为每位客户画一个点"))
    offsets = np.asarray(points[0].get_offsets(), dtype=float)
    if np.allclose(offsets, np.column_stack([pot, cur])):
        raise Diagnosis(Text("axes swapped: current value on x, potential value on y",
                             "坐标轴反了：x 轴是当前价值，y 轴是潜在价值"))
    if not np.allclose(offsets, np.column_stack([cur, pot])):
        raise Diagnosis(Text("the points are not (current value, potential value) of your customers",
                             "这些点不是你的客户的（当前价值, 潜在价值）"))
    vertical = horizontal = False
    for line in ax.get_lines():  # axvline/axhline keep the threshold in their data
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if x.size and np.allclose(x, p.current_threshold):
            vertical = True
        if y.size and np.allclose(y, p.potential_threshold):
            horizontal = True
    if not (vertical and horizontal):
        raise Diagnosis(Text(
            "draw both thresholds: ax.axvline(current threshold), ax.axhline(potential threshold)",
            "两条阈值线都要画：ax.axvline(当前价值阈值)，ax.axhline(潜在价值阈值)"))
    if not ax.get_xlabel() or not ax.get_ylabel():
        raise Diagnosis(label_axes_hint())


QUESTIONS = [
    ChoiceQuestion(
        key="ex04.q1",
        hint=Text("one of the five steps, e.g. \"collect\", for the task printed as 'Q1 task'",
                  "五个步骤之一（例如 \"collect\"），对应第一个单元格输出中“Q1 任务”那一项任务"),
        options=STEPS,
        answer=lambda p: TASKS[p.task][1],
        fallback=Text("not this step: what does the task produce, and what does it need first?",
                      "不是这一步：这项任务产出什么？它之前需要先完成什么？"),
    ),
    NumberQuestion(
        key="ex04.q2",
        hint=Text("CLV:CAC ratio = average CLV / CAC (2 decimals are enough)",
                  "CLV:CAC 比率 = 平均客户终生价值 / 客户获取成本（保留两位小数即可）"),
        reference=ratio,
        atol=0.005,
        mistakes=[Mistake(Text("inverted: CLV divided by CAC, not CAC by CLV",
                               "除反了：应该用客户终生价值除以客户获取成本，而不是反过来"),
                          lambda p: p.cac / p.clv),
                  Mistake(Text("a ratio, not a difference: divide CLV by CAC",
                               "要的是比率而不是差额：用客户终生价值除以客户获取成本"),
                          lambda p: p.clv - p.cac)],
    ),
    ChoiceQuestion(
        key="ex04.q3",
        hint=Text('"healthy" (3:1 or more), "thin" (1:1 up to 3:1) or "losing" (below 1:1)',
                  '"healthy"（3:1 及以上）、"thin"（1:1 到 3:1 之间）或 "losing"（低于 1:1）'),
        options=VERDICTS,
        answer=verdict,
        fallback=Text("compare your ratio with 1 and with 3", "把你算出的比率分别与 1 和 3 比较"),
    ),
    NumberQuestion(
        key="ex04.q4",
        hint=Text("payback (notebook 04): the first month T in which the sum of the monthly profit × "
                  "survival r**t × discount 1/(1+d)**t, t = 1..T, covers the CAC; ct.payback_period",
                  "回收期（04 号笔记本的定义）：把每月利润 × 仍然留下的概率 r**t × 折现因子 1/(1+d)**t "
                  "从 t = 1 累加到 T，累计值首次覆盖客户获取成本的那个月 T；可用 ct.payback_period"),
        reference=payback,
        atol=0,
        rtol=0,
        mistakes=[
            Mistake(Text("that is the simple payback (CAC ÷ monthly profit): notebook 04 weights each "
                         "month by the chance the member is still there and discounts it",
                         "这是简单回收期（客户获取成本 ÷ 每月利润）：04 号笔记本还要按会员仍然留下的"
                         "概率为每个月加权，并进行贴现"),
                    lambda p: [simple_payback(p), p.cac / (p.monthly_revenue * p.margin)]),
            Mistake(Text("you left out the discounting: each month's expected profit is worth "
                         "1/(1+d)**t today (d per month)",
                         "漏了贴现：每个月的期望利润折算到今天只值 1/(1+d)**t 倍（d 为月贴现率）"),
                    lambda p: _found(payback(p, discounted=False))),
            Mistake(Text("payback uses profit, not revenue: multiply the revenue by the margin",
                         "回收期要用利润而不是收入：收入要乘以毛利率"),
                    lambda p: _found(payback(p, margin=1.0))),
            Mistake(Text("the retention and the discount rate are per year: convert them to months "
                         "(ct.payback_period(..., period=\"month\") does it)",
                         "保留率和贴现率都是按年给出的：要先换算成按月"
                         "（ct.payback_period(..., period=\"month\") 会自动换算）"),
                    _annual_rates_per_month),
            Mistake(Text("wrong units: the question asks for months, not years",
                         "单位不对：题目问的是月数，不是年数"),
                    lambda p: _found(payback(p, period="year"))),
        ],
    ),
    SegmentQuestion(
        key="ex04.q5",
        hint=Text("a Series of segments indexed by customer_id: a value strictly above its "
                  "threshold is high",
                  "一个以 customer_id 为索引、记录每位客户细分类别的 Series：严格高于阈值才算“高”"),
        reference=segments,
    ),
    NumberQuestion(
        key="ex04.q6",
        hint=Text("share (0 to 1) of the total current value that comes from the top 20 % of customers",
                  "当前价值最高的前 20% 客户贡献的当前价值占全部当前价值的比例（0 到 1 之间）"),
        reference=top_share,
        rtol=0,
        atol=0.005,
        mistakes=[
            Mistake(Text("sort from largest to smallest: the TOP 20 % of customers",
                         "要从大到小排序：取当前价值最高的前 20% 客户"),
                    lambda p: float(np.sort(p.customers["current_value"])[:4].sum()
                                    / p.customers["current_value"].sum())),
            Mistake(Text("20 % of 20 customers is 4 customers", "20 位客户的 20% 是 4 位客户"),
                    lambda p: [top_share(p, 0.15), top_share(p, 0.25)]),
        ],
    ),
    ChoiceQuestion(
        key="ex04.q7",
        hint=Text("one of the four strategies for the segment printed as 'Q7 segment'",
                  "四种策略之一，针对第一个单元格输出中“Q7 客户群”那一类客户"),
        options=STRATEGIES,
        answer=lambda p: SEGMENT_STRATEGY[p.strategy_segment],
        fallback=Text("that strategy fits another segment: what does this segment have, what does it lack?",
                      "这个策略适合另一类客户：这类客户已经有什么，又缺什么？"),
    ),
    PlotQuestion(
        key="ex04.q8",
        hint=Text("ax.scatter(current, potential), ax.axvline / ax.axhline at the thresholds, axis labels",
                  "ax.scatter(当前价值, 潜在价值)，在两个阈值处画 ax.axvline / ax.axhline，并加上坐标轴标签"),
        inspect=_inspect_scatter,
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex04.q1": "K3", "ex04.q2": "K3", "ex04.q3": "K3", "ex04.q4": "K3", "ex04.q5": "K3", "ex04.q6": "K3", "ex04.q7": "L2", "ex04.q8": "K3"})

SPEC = register(ExerciseSpec(
    id="ex04",
    title=Text("Exercise 04 · The five CLV analysis steps 客户终生价值的分析步骤",
               "练习 04 · 客户终生价值的分析步骤"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
