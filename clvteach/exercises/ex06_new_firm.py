"""Exercise 06 — transfer: new firms, new stories, the whole chapter end to end.

Questions for the goals that had no exercise (issue 14): delivered vs perceived value,
drawing a lifecycle from a story (stage boundaries, pattern, curve), RFM on a simulated
coffee chain, CLV vs NPS vs CSAT, a new firm run through the five CLV analysis steps, and
two written reflections for the literacy goals (scored by the instructor).

Every student-facing string of this exercise is in :data:`TEXT` (English; Chinese names
of firms and terms beside them) so the Chinese edition can translate it in one place.

References
----------
Courseware ch. 6, 客户价值的分析与获取 (让渡价值 vs 感知价值; 四阶段模型; 四种生命周期模式;
客户终生价值的分析步骤). Seed 003 (CLV vs NPS vs CSAT); seed 000 (RFM).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import clv as _clv
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Question, Sealed, register
from .goals import with_goals
from . import ex04_clv_analysis_steps as _ex04
from .reflection import ReflectionQuestion

__all__ = ["Params", "SPEC", "TEXT", "make_params", "monthly_visits", "nps", "csat",
           "rfm_cell", "current_value", "clv_cac", "segment"]

# --------------------------------------------------------------------------- strings
TEXT = {
    "delivered_or_perceived": '"delivered" (让渡价值: what the firm objectively gives, used to '
                              'optimise the value chain and costs) or "perceived" (感知价值: '
                              "what the customer subjectively feels, used in brand marketing)",
    "why_delivered": "delivered value is the firm's objective sum of value minus cost; "
                     "this statement is about what the customer feels",
    "why_perceived": "perceived value is what the customer feels; this statement is the firm's "
                     "objective calculation of what it delivers",
    "pattern": 'one of "early_abortion" (早期流产型), "midterm_abortion" (中途夭折型), '
               '"early_exit" (提前退出型), "long_term_retention" (长久保持型)',
    "boundaries": 'a dict with the first month of each stage: {"formation": …, "stability": …, '
                  '"deterioration": …} (exploration starts in month 1)',
    "curve": "ax.plot(months 1..n, visits per month from the story) with labelled axes",
    "rfm": "the RFM cell of customer p.rfm_customer: a string of three digits R, F, M "
           "(ct.rfm_scores of the chain's rfm_table)",
    "nps": "NPS = % promoters (9–10) − % detractors (0–6), in points from −100 to +100",
    "csat": "CSAT = share of satisfied answers (4 or 5 on the 1–5 scale), in %",
    "metric": '"clv", "nps" or "csat": which metric answers the question printed as Q8',
    "current": "5-year current value of a new member: yearly profit × r**t / (1 + d)**t, "
               "t = 1..5 (ct.current_value)",
    "ratio": "CLV : CAC = current value (Q9) / CAC, 2 decimals",
    "segment": '"high_value", "growth", "watch" or "low_value": the member\'s segment by current '
               "value (Q9) × potential value, high = strictly above Lanshan's cut",
    "strategy": '"vip_care", "develop", "defend" or "low_cost": step 5, the strategy for your '
                "member's segment (Q11)",
    "reflect_l1": "write 40 words or more (或 40 个汉字以上); the rubric is in the question",
}

# Delivered value 让渡价值 vs perceived value 感知价值 (courseware ch. 6): statements.
STATEMENTS = (  # (text, sealed answer); plain answers: the grading key
    ("Haier's finance team adds up product, service, personnel and image value and subtracts "
     "the price and the service cost per customer to plan next year's value chain. "
     "海尔财务部门按客户计算总价值减总成本，用来规划价值链。",
     Sealed('ex06:statement:0', '31b8068693b8b00511c5e348')),
    ("After a survey, Luckin learns that students feel its coffee is 'worth more than it costs' "
     "even when the price goes up 2 yuan. 瑞幸调查发现学生觉得咖啡“物超所值”。",
     Sealed('ex06:statement:1', '0d6fd1c24cd44a91f669affc')),
    ("JD's logistics department cuts the delivery time from 2 days to 1 and calculates the time "
     "cost it saves per order. 京东物流把配送时间从2天缩短到1天，并计算每单节省的时间成本。",
     Sealed('ex06:statement:2', 'd15ca893bd49847364c2c499')),
    ("A Xiaohongshu review says: 'the Florasis lipstick feels like a work of art, I would pay "
     "double'. 小红书评论：“花西子口红像艺术品，价格翻倍我也买。”",
     Sealed('ex06:statement:3', 'a171beb8b557efaec1ef13fc')),
    ("Midea's cost accountants compare the monetary, time and energy cost a customer spends "
     "on its rice cooker with those of a rival. 美的成本会计比较客户在自家和竞品上付出的货币、时间、精力成本。",
     Sealed('ex06:statement:4', '6b9f4c50da21a8a4eb55171f')),
    ("Xiao Zhou tells her friends that the NIO owners' events make the car feel worth far more "
     "than its price. 小周告诉朋友，蔚来车主活动让她觉得这辆车远超所值。",
     Sealed('ex06:statement:5', '7a40a0b79fdc4bc8f7d949aa')),
)

# The four lifecycle patterns (客户生命周期模式) from short stories.
PATTERNS = {
    "early_abortion": "早期流产型 early abortion: lost right after acquisition",
    "midterm_abortion": "中途夭折型 mid-term abortion: lost just before the stable stage",
    "early_exit": "提前退出型 early exit: reached stability, left before the expected time",
    "long_term_retention": "长久保持型 long-term retention: all stages, stays loyal",
}
PATTERN_STORIES = (  # (text, sealed answer); plain answers: the grading key
    ("Xiao Tan downloads the Dingdong grocery app for a 1-yuan egg offer, the eggs arrive "
     "broken, and she uninstalls the app the same week. 小谭为1元鸡蛋下载叮咚买菜，鸡蛋碎了，当周就卸载。",
     Sealed('ex06:pattern:0', '664c96bbc8bfdef8d79836d9')),
    ("Mr Ye buys a 2-year Keep membership, trains four times a week for a year, then a new "
     "gym with smart equipment opens downstairs and he never renews. 叶先生办了两年Keep会员，"
     "一周练四次坚持了一年，楼下新开智能健身房后他再没续费。",
     Sealed('ex06:pattern:1', '5fb01665791dcafeae75acb8')),
    ("Xiao Wen takes a paid Ximalaya course, listens more each month, but the new episodes "
     "stop coming and she leaves after three months, before it became a habit. 小文购买喜马拉雅"
     "付费课程，每月听得更多，但更新停滞，三个月后还没养成习惯就离开了。",
     Sealed('ex06:pattern:2', 'eaa60245a26c2e9f1a733066')),
    ("Ms Du bought her first Huawei phone in 2016, then a MateBook, a watch and earphones; she "
     "still buys Huawei and recommends it to every colleague. 杜女士2016年买了第一部华为手机，"
     "后来又买了笔记本、手表和耳机，至今仍买华为并向同事推荐。",
     Sealed('ex06:pattern:3', '967a11803c76f4003652d89b')),
    ("Xiao Qi joins a barber shop with a prepaid card, becomes a regular for two years, then the "
     "staff keep pushing expensive treatments and he stops going long before the card would "
     "normally run out. 小齐办了理发店储值卡，成了两年的老顾客，后来店员总推销昂贵项目，他提前不去了。",
     Sealed('ex06:pattern:4', 'f8cca19f4b5c6a19b4626151')),
    ("A student signs up to Pinduoduo for a 'cut the price' deal, gets one order, and is never "
     "seen again. 一名学生为“砍一刀”注册拼多多，只下了一单，之后再也没出现。",
     Sealed('ex06:pattern:5', '0310202a21c6f1dd08004059')),
)

STORY_FIRMS = (
    ("Qingning Tea 青柠茶饮", "orders"),
    ("LiFit gym 力健身", "visits"),
    ("Duhao bookshop app 读好书", "orders"),
    ("Shuiliang car wash 水亮洗车", "washes"),
)

METRIC_QUESTIONS = (  # (question, sealed answer); plain answers: the grading key
    ("Was the customer happy with today's delivery? 今天这次配送客户满意吗？",
     Sealed('ex06:metric:0', '18824627c71d6bb79872966d')),
    ("How likely are our members to recommend us to a friend? 会员向朋友推荐我们的可能性有多大？",
     Sealed('ex06:metric:1', '711196da6146ac32eef3cf1d')),
    ("How much is a member worth to us over the whole relationship, in yuan? 一位会员在整个关系期间值多少钱？",
     Sealed('ex06:metric:2', '59e5c6e81e5f4cf5ddacdae8')),
    ("How much may we spend to acquire a customer of this channel? 这个渠道获取一个客户最多能花多少钱？",
     Sealed('ex06:metric:3', '60e25574eb34ee33cb85386c')),
    ("Did the hotline solve the problem in this call? 这次热线电话解决问题了吗？",
     Sealed('ex06:metric:4', '8f74c08b60991a10687490fc')),
    ("Will this customer act as our 'word of mouth' (口碑)? 这位客户会为我们做口碑吗？",
     Sealed('ex06:metric:5', '28da345b37c69beb0cfa54db')),
)
METRICS = {"clv": "客户终生价值 customer lifetime value", "nps": "净推荐值 net promoter score",
           "csat": "客户满意度 customer satisfaction (one interaction)"}


@dataclass(frozen=True)
class Params:
    """One student's statements, stories, data and the new firm's numbers."""

    statement: int
    pattern_story: int
    firm: int
    stage_months: tuple[int, int, int, int]  # exploration, formation, stability, deterioration
    peak: int
    coffee_seed: int
    rfm_customer: int
    nps_scores: tuple[int, ...]
    csat_scores: tuple[int, ...]
    metric_question: int
    annual_fee: float
    margin: float
    retention: float
    discount_rate: float
    cac: float
    potential_value: float = 0.0  # the Lanshan member's potential value (yuan)
    current_threshold: float = 0.0  # Lanshan's cuts for "high" (strictly above)
    potential_threshold: float = 0.0

    @property
    def boundaries(self) -> dict[str, int]:
        e, f, s, _ = self.stage_months
        return {"formation": 1 + e, "stability": 1 + e + f, "deterioration": 1 + e + f + s}


def make_params(rng: np.random.Generator) -> Params:
    stage_months = (int(rng.integers(1, 3)), int(rng.integers(2, 5)), int(rng.integers(4, 9)),
                    int(rng.integers(2, 5)))
    n_nps = int(rng.integers(40, 61))
    nps_scores = tuple(int(x) for x in rng.choice(np.arange(11), size=n_nps,
                                                  p=_nps_weights(rng)))
    csat_scores = tuple(int(x) for x in rng.choice(np.arange(1, 6), size=int(rng.integers(30, 51)),
                                                   p=[0.06, 0.1, 0.2, 0.34, 0.3]))
    seed = int(rng.integers(1, 10_000))
    params = Params(
        statement=int(rng.integers(len(STATEMENTS))),
        pattern_story=int(rng.integers(len(PATTERN_STORIES))),
        firm=int(rng.integers(len(STORY_FIRMS))),
        stage_months=stage_months,
        peak=int(rng.integers(8, 15)),
        coffee_seed=seed,
        rfm_customer=int(rng.integers(1, 301)),
        nps_scores=nps_scores,
        csat_scores=csat_scores,
        metric_question=int(rng.integers(len(METRIC_QUESTIONS))),
        annual_fee=float(rng.choice(np.arange(1200, 3601, 100))),
        margin=float(rng.choice([0.4, 0.45, 0.5, 0.55, 0.6])),
        retention=float(rng.choice([0.6, 0.65, 0.7, 0.75, 0.8, 0.85])),
        discount_rate=float(rng.choice([0.08, 0.1, 0.12])),
        cac=float(rng.choice(np.arange(300, 2001, 50))),
    )
    # Step 4: Lanshan's segment cuts, one on each side of this member (drawn last, so the
    # numbers above do not depend on them).
    current = current_value(params)
    below = bool(rng.integers(2))
    cut = current * float(rng.choice([1.2, 1.4, 1.6])) if below else current * float(
        rng.choice([0.5, 0.65, 0.8]))
    potential = float(rng.choice(np.arange(200, 1201, 50)))
    pcut = float(rng.choice(np.arange(200, 1201, 100)))
    if pcut == potential:
        pcut += 50.0
    return replace(params, potential_value=potential, current_threshold=round(cut, -1),
                   potential_threshold=pcut)


def _nps_weights(rng: np.random.Generator) -> np.ndarray:
    w = np.array([1, 1, 1, 2, 2, 3, 4, 7, 9, 8, 6], dtype=float) * rng.uniform(0.7, 1.3, 11)
    return w / w.sum()


# --------------------------------------------------------------------------- the story
def monthly_visits(p: Params) -> list[int]:
    """Visits per month told by the story: a try, growth, a plateau at the peak, decline."""
    e, f, s, d = p.stage_months
    visits = [1] * e
    visits += [int(round(p.peak * (i + 1) / (f + 1))) for i in range(f)]
    visits += [p.peak] * s
    visits += [max(0, int(round(p.peak * (d - i) / (d + 1)))) for i in range(d)]
    return visits


def story(p: Params) -> str:
    firm, unit = STORY_FIRMS[p.firm]
    e, f, s, d = p.stage_months
    v = monthly_visits(p)
    b = p.boundaries
    grow = ", ".join(map(str, v[e:e + f]))
    fall = ", ".join(map(str, v[e + f + s:]))
    return (
        f"Xiao An discovers {firm} through a first-visit coupon and tries it: {v[0]} {unit[:-1]} "
        f"a month for {e} month(s) while she compares it with other places. Then she is "
        f"convinced, brings colleagues and tries new products: in the next {f} months her "
        f"{unit} per month grow: {grow}. For {s} months she is a top member at {p.peak} {unit} "
        f"a month and recommends the firm to friends. Then her office moves away: over {d} "
        f"months her {unit} fall to {fall}, and she stops. Month 1 is her first month."
    )


def describe(p: Params) -> str:
    return "\n".join([
        f"Q1 statement   {STATEMENTS[p.statement][0]}",
        f"Q2 story       {PATTERN_STORIES[p.pattern_story][0]}",
        f"Q3-Q4 story    {story(p)}",
        f"Q5 RFM         ct.datasets.simulate_coffee_shop(300, seed={p.coffee_seed}); "
        f"customer {p.rfm_customer}",
        f"Q6-Q7 surveys  p.nps_scores ({len(p.nps_scores)} answers 0-10), "
        f"p.csat_scores ({len(p.csat_scores)} answers 1-5)",
        f"Q8 question    {METRIC_QUESTIONS[p.metric_question][0]}",
        f"Q9-Q10 firm    Lanshan Fitness 蓝山健身: annual fee {p.annual_fee:,.0f} yuan, gross "
        f"margin {p.margin:.0%}, retention {p.retention:.0%} a year, discount rate "
        f"{p.discount_rate:.0%}, CAC {p.cac:,.0f} yuan",
        f"Q11-Q12 step 4 the member's potential value {p.potential_value:,.0f} yuan; Lanshan "
        f"calls current value high above {p.current_threshold:,.0f} yuan and potential value "
        f"high above {p.potential_threshold:,.0f} yuan",
    ])


# --------------------------------------------------------------------------- answers
def rfm_cell(p: Params, *, reverse_recency: bool = False) -> str:
    from .. import datasets, rfm

    coffee = datasets.simulate_coffee_shop(300, seed=p.coffee_seed)
    scores = rfm.rfm_scores(rfm.rfm_table(coffee.transactions)).loc[p.rfm_customer]
    r = 6 - int(scores["R"]) if reverse_recency else int(scores["R"])
    return f"{r}{int(scores['F'])}{int(scores['M'])}"


def nps(p: Params, *, promoters_from: int = 9, detractors_to: int = 6) -> float:
    s = np.asarray(p.nps_scores)
    return float(100 * ((s >= promoters_from).mean() - (s <= detractors_to).mean()))


def csat(p: Params, *, satisfied_from: int = 4) -> float:
    return float(100 * (np.asarray(p.csat_scores) >= satisfied_from).mean())


def current_value(p: Params, **mistake: Any) -> float:
    if mistake.get("churn") is False:
        return float(sum(p.annual_fee * p.margin / (1 + p.discount_rate) ** t
                         for t in range(1, 6)))
    if mistake.get("discount") is False:
        return float(sum(p.annual_fee * p.margin * p.retention ** t for t in range(1, 6)))
    if mistake.get("margin") is False:
        return _clv.current_value(annual_revenue=p.annual_fee, margin=1.0,
                                  retention=p.retention, discount_rate=p.discount_rate, horizon=5)
    return _clv.current_value(annual_revenue=p.annual_fee, margin=p.margin,
                              retention=p.retention, discount_rate=p.discount_rate, horizon=5)


def clv_cac(p: Params) -> float:
    return current_value(p) / p.cac


def segment(p: Params, *, swap: bool = False) -> str:
    """Step 4: the member's segment by current (Q9) × potential value, strictly above = high."""
    high_current = current_value(p) > p.current_threshold
    high_potential = p.potential_value > p.potential_threshold
    if swap:
        high_current, high_potential = high_potential, high_current
    return {(True, True): "high_value", (False, True): "growth", (True, False): "watch",
            (False, False): "low_value"}[(high_current, high_potential)]


# --------------------------------------------------------------------------- judges
@dataclass(frozen=True, kw_only=True)
class BoundariesQuestion(Question):
    """The first month of formation, stability and deterioration, as a dict."""

    kind: str = "mapping"
    reference: Callable[[Params], dict[str, int]] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Params, target: Any) -> None:
        names = ("formation", "stability", "deterioration")
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, dict):
            raise Diagnosis("expected a dict such as {\"formation\": 3, \"stability\": 6, "
                            "\"deterioration\": 12}")
        missing = [n for n in names if n not in answer]
        if missing:
            raise Diagnosis("give the first month of " + ", ".join(missing)
                            + " (the stage names in English, as keys)")
        try:
            got = {n: int(answer[n]) for n in names}
        except (TypeError, ValueError):
            raise Diagnosis("each month must be a whole number (1, 2, …)") from None
        want = {n: int(target[n]) for n in names}
        if got == want:
            return
        if not got["formation"] < got["stability"] < got["deterioration"]:
            raise Diagnosis("the stages follow each other: exploration → formation → "
                            "stability → deterioration, so the months must increase")
        if all(got[n] == want[n] - 1 for n in names) or all(got[n] == want[n] + 1 for n in names):
            raise Diagnosis("off by one month: a stage starts in the first month of its new "
                            "behaviour, and month 1 is the first month")
        ends = {"formation": want["stability"] - 1, "stability": want["deterioration"] - 1}
        if got["formation"] == want["formation"] - 1 and got["stability"] == ends["formation"]:
            raise Diagnosis("you gave the month each stage ENDS: give the month it starts")
        if got["stability"] == want["stability"] + 1 or got["stability"] == want["stability"] - 1:
            raise Diagnosis("stability starts in the first month at the peak level")
        wrong = [n for n in names if got[n] != want[n]]
        raise Diagnosis("re-read the story: " + ", ".join(wrong) + " not right yet")


def _inspect_curve(ax: Any, p: Params) -> None:
    want = np.asarray(monthly_visits(p), dtype=float)
    months = np.arange(1, want.size + 1, dtype=float)
    lines = [ln for ln in ax.get_lines() if len(ln.get_ydata()) in (want.size, want.size + 1)]
    if not lines:
        raise Diagnosis(f"draw one line with a point per month (months 1..{want.size})")
    for line in lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if y.size == want.size and np.allclose(y, want):
            if not np.allclose(x, months):
                raise Diagnosis("the heights are right but the months must run 1, 2, …, not 0, 1, …")
            if not ax.get_xlabel() or not ax.get_ylabel():
                raise Diagnosis("label both axes (ax.set_xlabel, ax.set_ylabel)")
            return
        if y.size == want.size and int(np.argmax(y)) + 1 < p.boundaries["stability"]:
            raise Diagnosis("the peak comes too early: the highest level belongs to the stability "
                            "stage, after the growth of formation")
        if y.size == want.size and y[-1] >= y.max():
            raise Diagnosis("your curve does not fall at the end: draw the deterioration stage")
    raise Diagnosis("the curve is not the monthly numbers of the story; read them month by month")


@dataclass(frozen=True, kw_only=True)
class RfmQuestion(Question):
    """The R-F-M cell (three digits) of one customer."""

    kind: str = "text"
    reference: Callable[[Params], str] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Params, target: Any) -> None:
        if isinstance(answer, (int, np.integer)) and not isinstance(answer, bool):
            if 3 <= int(answer) <= 15 and sum(map(int, str(target))) == int(answer):
                raise Diagnosis("that is the sum of the scores: give the cell, three digits R, F, M")
            answer = str(int(answer))
        if not isinstance(answer, str) or not answer.strip().isdigit() or len(answer.strip()) != 3:
            raise Diagnosis("give three digits as a string, e.g. \"345\": R, F, M scores 1-5")
        got = answer.strip()
        if got == target:
            return
        r, f, m = target
        if got == f"{6 - int(r)}{f}{m}":
            raise Diagnosis("recency is reversed: the MOST recent buyers get R = 5")
        if sorted(got) == sorted(target):
            raise Diagnosis("right scores, wrong order: R (recency), F (frequency), M (monetary)")
        raise Diagnosis("not this customer's cell: use ct.rfm_scores on the chain's rfm_table "
                        "and look up p.rfm_customer")


# --------------------------------------------------------------------------- questions
RUBRIC_L1 = (
    "names a concrete stage of the lifecycle (考察期/形成期/稳定期/退化期) and what the customer does there",
    "proposes a service action for that stage that keeps or wins back the relationship",
    "weighs its cost against the customer's value (CLV, not only today's sale)",
    "uses an example (a firm of this chapter or one you know)",
)
RUBRIC_L1_ZH = (
    "指出生命周期的具体阶段（考察期/形成期/稳定期/退化期）以及客户在该阶段的表现",
    "提出该阶段能维系或赢回关系的服务行动",
    "将行动成本与客户价值（客户终生价值，而不只是眼前的一笔交易）相比较",
    "举出一个例子（本章的企业或你熟悉的企业）",
)
RUBRIC_L2 = (
    "says which customers you would serve less (or stop serving) and by which measure (CLV, segment)",
    "explains why from the customer's side as well as the firm's (perceived value, fairness)",
    "says how you would do it respectfully (self-service, cheaper channel, honest communication)",
    "names a risk (lost referrals, reputation, a growth customer misjudged) and how to check it",
)
RUBRIC_L2_ZH = (
    "说明你会减少（或停止）服务哪些客户，以及依据什么衡量（客户终生价值、细分）",
    "同时从客户和企业两方面解释原因（感知价值、公平）",
    "说明你会如何有尊重地做到（自助服务、更低成本的渠道、坦诚沟通）",
    "指出一个风险（失去口碑、声誉、误判成长型客户）以及如何检验",
)

QUESTIONS = [
    ChoiceQuestion(
        key="ex06.q1", hint=TEXT["delivered_or_perceived"],
        options={"delivered": "让渡价值 delivered value (objective, the firm)",
                 "perceived": "感知价值 perceived value (subjective, the customer)"},
        answer=lambda p: STATEMENTS[p.statement][1],
        why={"delivered": TEXT["why_delivered"], "perceived": TEXT["why_perceived"]},
    ),
    ChoiceQuestion(
        key="ex06.q2", hint=TEXT["pattern"], options=PATTERNS,
        answer=lambda p: PATTERN_STORIES[p.pattern_story][1],
        why={"early_abortion": "early abortion ends right after the first purchase",
             "midterm_abortion": "mid-term abortion ends BEFORE the stable stage is reached",
             "early_exit": "early exit means the customer had reached the stable stage",
             "long_term_retention": "long-term retention means the customer is still loyal"},
    ),
    BoundariesQuestion(key="ex06.q3", hint=TEXT["boundaries"],
                       reference=lambda p: p.boundaries),
    PlotQuestion(key="ex06.q4", hint=TEXT["curve"], inspect=_inspect_curve),
    RfmQuestion(key="ex06.q5", hint=TEXT["rfm"], reference=rfm_cell),
    NumberQuestion(
        key="ex06.q6", hint=TEXT["nps"], reference=nps, atol=0.05,
        mistakes=[
            Mistake("promoters answer 9 or 10 only: 7 and 8 are passives",
                    lambda p: [nps(p, promoters_from=7), nps(p, promoters_from=8)]),
            Mistake("detractors answer 0 to 6 (6 included)",
                    lambda p: [nps(p, detractors_to=5), nps(p, detractors_to=4)]),
            Mistake("NPS subtracts the detractors' share from the promoters' share",
                    lambda p: 100 * (np.asarray(p.nps_scores) >= 9).mean()),
        ],
    ),
    NumberQuestion(
        key="ex06.q7", hint=TEXT["csat"], reference=csat, atol=0.05,
        mistakes=[
            Mistake("satisfied means 4 OR 5 (not only 5)", lambda p: csat(p, satisfied_from=5)),
            Mistake("CSAT is the share of satisfied answers, not the mean score",
                    lambda p: [float(np.mean(p.csat_scores)),
                               float(np.mean(p.csat_scores)) * 20]),
            Mistake("3 is neutral, not satisfied", lambda p: csat(p, satisfied_from=3)),
        ],
    ),
    ChoiceQuestion(
        key="ex06.q8", hint=TEXT["metric"], options=METRICS,
        answer=lambda p: METRIC_QUESTIONS[p.metric_question][1],
        why={"clv": "CLV is the value of the whole relationship in yuan, not an attitude or "
                    "one interaction",
             "nps": "NPS measures the willingness to recommend, not satisfaction with one "
                    "interaction or a value in yuan",
             "csat": "CSAT measures satisfaction with ONE interaction"},
    ),
    NumberQuestion(
        key="ex06.q9", hint=TEXT["current"], reference=current_value,
        mistakes=[
            Mistake("forgot the churn: weight each year by the retention r**t",
                    lambda p: current_value(p, churn=False)),
            Mistake("forgot discounting: divide year t by (1 + d)**t",
                    lambda p: current_value(p, discount=False)),
            Mistake("revenue is not profit: apply the gross margin",
                    lambda p: current_value(p, margin=False)),
            Mistake("that is the infinite horizon: the question asks for 5 years",
                    lambda p: _clv.current_value(annual_revenue=p.annual_fee, margin=p.margin,
                                                 retention=p.retention,
                                                 discount_rate=p.discount_rate, horizon=None)),
        ],
    ),
    NumberQuestion(
        key="ex06.q10", hint=TEXT["ratio"], reference=clv_cac, atol=0.005,
        mistakes=[
            Mistake("inverted: CLV divided by CAC", lambda p: 1 / clv_cac(p)),
            Mistake("use the CLV of Q9 (profit, churn, discounting), not revenue",
                    lambda p: [5 * p.annual_fee / p.cac, p.annual_fee / p.cac]),
            Mistake("a ratio, not a difference", lambda p: current_value(p) - p.cac),
        ],
    ),
    ChoiceQuestion(
        key="ex06.q11", hint=TEXT["segment"], options=_ex04.SEGMENTS, answer=segment,
        why={"high_value": "high value needs BOTH values strictly above their cuts",
             "growth": "growth is low current and HIGH potential value: compare each value "
                       "with its own cut",
             "watch": "watch is HIGH current and low potential value: compare each value with "
                      "its own cut",
             "low_value": "low value needs BOTH values at or below their cuts"},
    ),
    ChoiceQuestion(
        key="ex06.q12", hint=TEXT["strategy"], options=_ex04.STRATEGIES,
        answer=lambda p: _ex04.SEGMENT_STRATEGY[segment(p)],
        why={"vip_care": "VIP care is for customers who are already valuable AND can grow",
             "develop": "developing potential fits customers whose potential is high but not yet "
                        "realised",
             "defend": "defending fits customers whose current value is high but cannot grow",
             "low_cost": "low-cost service fits customers low on both values"},
    ),
    ReflectionQuestion(
        key="ex06.q13", hint=TEXT["reflect_l1"], rubric=RUBRIC_L1, rubric_zh=RUBRIC_L1_ZH),
    ReflectionQuestion(
        key="ex06.q14", hint=TEXT["reflect_l1"], rubric=RUBRIC_L2, rubric_zh=RUBRIC_L2_ZH),
]

QUESTIONS = with_goals(QUESTIONS, {
    "ex06.q1": "K1", "ex06.q2": "A2", "ex06.q3": "A2", "ex06.q4": "A2", "ex06.q5": "K3",
    "ex06.q6": "K3", "ex06.q7": "K3", "ex06.q8": "K3", "ex06.q9": "A3", "ex06.q10": "K3",
    "ex06.q11": "K3", "ex06.q12": "L2", "ex06.q13": "L1", "ex06.q14": "L2"})

SPEC = register(ExerciseSpec(
    id="ex06",
    title="Exercise 06 · New firms, end to end 迁移练习",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
