"""Exercise 02 — the customer lifecycle: five processes, four stages, four patterns.

Each student gets a KPI to place in the five-process funnel, an episode of the Zhenxuan
Coffee (臻选咖啡) member Xiao Lin's story, their own 24-month spending curve built from the
four-stage model (exploration → formation → stability → deterioration) and a second
customer whose curve follows one of the four lifecycle patterns.

References
----------
Courseware chapter 6, 客户生命周期 (five processes; 四阶段模型; 四种生命周期模式).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import lifecycle as _lifecycle
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Sealed, register, seal
from .goals import with_goals

__all__ = ["Params", "SPEC", "PROCESSES", "STAGES", "PATTERNS", "STRATEGIES", "make_params"]

PROCESSES = {
    "reach": "到达 reach: awareness",
    "acquisition": "获取 acquisition: first purchase",
    "conversion": "转换 conversion: deepen the relationship, build trust",
    "retention": "保留 retention: repeat purchase, loyalty",
    "win_back": "流失/赢回 win-back: diagnose churn, win customers back",
}
STAGES = {
    "exploration": "考察期 exploration: trial, highest uncertainty",
    "formation": "形成期 formation: fast growth",
    "stability": "稳定期 stability: the peak",
    "deterioration": "退化期 deterioration: decline",
}
PATTERNS = {
    "early_abortion": "早期流产型 early abortion: lost right after acquisition",
    "midterm_abortion": "中途夭折型 mid-term abortion: lost just before the stable stage",
    "early_exit": "提前退出型 early exit: reached stability, left early",
    "long_term_retention": "长久保持型 long-term retention: stays loyal",
}
STRATEGIES = {
    "lower_threshold": "lower the entry threshold, social proof, keep every promise",
    "cross_sell": "cross-selling, more interaction, help form a habit",
    "loyalty_programme": "loyalty programme, personal care, community",
    "win_back": "early warning, win-back effort, learn and improve",
}
STAGE_STRATEGY = {  # sealed answers; plain answers: the grading key
    "exploration": Sealed("ex02:STAGE_STRATEGY:exploration", "bf534d59692e8615ba40f8e1"),
    "formation": Sealed("ex02:STAGE_STRATEGY:formation", "81d1df9ef756675b77e50a2a"),
    "stability": Sealed("ex02:STAGE_STRATEGY:stability", "491ad37f9f1cf56e6a1a027e"),
    "deterioration": Sealed("ex02:STAGE_STRATEGY:deterioration", "df966289fbec881c6e65d851"),
}

KPIS = [  # (text, sealed answer); plain answers: the grading key
    ("site traffic",
     Sealed("ex02:KPIS", "bedc86b7aa7de74e21848c64")),
    ("brand searches",
     Sealed("ex02:KPIS", "bedc86b7aa7de74e21848c64")),
    ("social media reach",
     Sealed("ex02:KPIS", "bedc86b7aa7de74e21848c64")),
    ("customer acquisition cost (CAC)",
     Sealed("ex02:KPIS", "ab95382aed8321e4947fa9bb")),
    ("number of first-time buyers",
     Sealed("ex02:KPIS", "ab95382aed8321e4947fa9bb")),
    ("churn rate",
     Sealed("ex02:KPIS", "37becd212fa3e75c91bdc27d")),
    ("win-back rate",
     Sealed("ex02:KPIS", "37becd212fa3e75c91bdc27d")),
]
EPISODES = [  # (text, sealed answer); plain answers: the grading key
    ("A new Zhenxuan shop opens downstairs; Xiao Lin tries it with a buy-one-get-one-free voucher and registers as a member.",
     Sealed("ex02:EPISODES", "82eadc58ffea48b53081d706")),
    ("Xiao Lin is still comparing the new shop with the café she used to go to.",
     Sealed("ex02:EPISODES", "82eadc58ffea48b53081d706")),
    ("Xiao Lin comes twice more in one week and starts ordering for colleagues.",
     Sealed("ex02:EPISODES", "7fb1db8d9b46b72498e6f7da")),
    ("The barista suggests a sea-salt caramel latte with an almond croissant; a 5-yuan coupon brings her back.",
     Sealed("ex02:EPISODES", "7fb1db8d9b46b72498e6f7da")),
    ("Xiao Lin visits three or more times a week, is a top 'gold star' member and recommends the brand to friends.",
     Sealed("ex02:EPISODES", "7922abe0d259b04416dbf178")),
    ("Xiao Lin's office moves 1.5 km away; her visits drop from three a week to almost none and a CRM alert fires.",
     Sealed("ex02:EPISODES", "97917ae85f7cc206c4e03bf3")),
]

MONTHS = 24


@dataclass(frozen=True)
class Params:
    kpi: int
    episode: int
    spend: tuple[float, ...]          # customer 1, month 1..24 (yuan)
    stage: Sealed                     # the stage of month `ask_month` (sealed: the answer)
    ask_month: int                    # month whose stage is asked
    window: tuple[int, int]           # inclusive month range for the sum question
    pattern: Sealed                   # the pattern customer 2's curve was drawn from
    other: tuple[float, ...]          # customer 2, month 1..24
    strategy_stage: str

    @property
    def months(self) -> np.ndarray:
        return np.arange(1, MONTHS + 1)


def _four_stage_curve(rng: np.random.Generator) -> tuple[np.ndarray, list[str]]:
    a = int(rng.integers(2, 5))                 # last exploration month
    b = a + int(rng.integers(4, 7))             # last formation month
    c = b + int(rng.integers(6, 10))            # last stability month
    c = min(c, MONTHS - 3)
    low = float(rng.choice([20, 25, 30, 35]))
    peak = float(rng.choice(np.arange(150, 301, 10)))
    spend, stages = [], []
    for month in range(1, MONTHS + 1):
        if month <= a:
            value, stage = low + 5 * (month - 1), "exploration"
        elif month <= b:
            value, stage = low + 5 * a + (peak - low - 5 * a) * (month - a) / (b - a), "formation"
        elif month <= c:
            value, stage = peak, "stability"
        else:
            value, stage = peak * (1 - (month - c) / (MONTHS - c + 1)), "deterioration"
        spend.append(value)
        stages.append(stage)
    noise = rng.integers(-4, 5, size=MONTHS)
    noise[[i for i, s in enumerate(stages) if s != "stability"]] = 0
    spend = np.round(np.array(spend) + noise).astype(float)
    peak_months = np.flatnonzero(spend == spend.max())
    spend[peak_months[0]] += 3  # a unique highest month
    return spend, stages


def _pattern_curve(pattern: str, rng: np.random.Generator) -> np.ndarray:
    level = float(rng.choice([80, 100, 120]))
    ramp = int(rng.integers(4, 7))
    curve = np.zeros(MONTHS)
    if pattern == "early_abortion":
        curve[0] = float(rng.choice([15, 20, 30]))
    elif pattern == "midterm_abortion":
        stop = ramp - 1
        curve[:stop] = np.linspace(20, level * 0.5, stop)
    else:
        curve[:ramp] = np.linspace(20, level, ramp)
        end = MONTHS if pattern == "long_term_retention" else ramp + int(rng.integers(3, 6))
        curve[ramp:end] = level
    return np.round(curve)


def make_params(rng: np.random.Generator) -> Params:
    spend, stages = _four_stage_curve(rng)
    stage = str(rng.choice(list(STAGES)))
    months = [m for m in range(1, MONTHS + 1) if stages[m - 1] == stage]
    ask = int(months[len(months) // 2])  # the middle of the stage, never a boundary
    stable = [m for m in range(1, MONTHS + 1) if stages[m - 1] == "stability"]
    start = int(rng.integers(stable[0], stable[-1] - 2))
    pattern = str(rng.choice(list(PATTERNS)))
    return Params(
        kpi=int(rng.integers(len(KPIS))),
        episode=int(rng.integers(len(EPISODES))),
        spend=tuple(spend.tolist()),
        stage=seal("ex02:stage", stage),
        ask_month=ask,
        window=(start, start + int(rng.integers(2, 4))),
        pattern=seal("ex02:pattern", pattern),
        other=tuple(_pattern_curve(pattern, rng).tolist()),
        strategy_stage=str(rng.choice(list(STAGES))),
    )


def describe(p: Params) -> str:
    return "\n".join([
        f"KPI (Q1)        {KPIS[p.kpi][0]}",
        f"episode (Q2)    {EPISODES[p.episode][0]}",
        "customer 1: monthly spend (yuan), months 1-24 -> p.spend",
        "  " + " ".join(f"{v:g}" for v in p.spend),
        f"Q5 month        {p.ask_month}",
        f"Q6 months       {p.window[0]} to {p.window[1]} (both included)",
        "customer 2: monthly spend (yuan), months 1-24 -> p.other",
        "  " + " ".join(f"{v:g}" for v in p.other),
        f"Q8 stage        {p.strategy_stage}",
    ])


def window_sum(p: Params, *, shift_start: int = 0, shift_end: int = 0) -> float:
    lo, hi = p.window
    return float(sum(p.spend[lo - 1 + shift_start: hi + shift_end]))


def _inspect_curve(ax, p: Params) -> None:
    want = np.asarray(p.spend)
    for line in ax.get_lines():
        y = np.asarray(line.get_ydata(), dtype=float)
        x = np.asarray(line.get_xdata(), dtype=float)
        if y.shape == want.shape and np.allclose(y, want):
            if np.allclose(x, np.arange(MONTHS)):
                raise Diagnosis("off by one: months are numbered 1 to 24 on the x axis")
            if not np.allclose(x, p.months):
                raise Diagnosis("put the month (1 to 24) on the x axis")
            if not ax.get_xlabel() or not ax.get_ylabel():
                raise Diagnosis("label both axes (ax.set_xlabel, ax.set_ylabel)")
            return
        if y.shape == want.shape and np.allclose(y, np.asarray(p.other)):
            raise Diagnosis("that is customer 2: draw customer 1 (p.spend)")
    raise Diagnosis("draw customer 1's monthly spend as a line: ax.plot(months, p.spend)")


QUESTIONS = [
    ChoiceQuestion(
        key="ex02.q1",
        hint="one of the five processes, e.g. \"reach\": which one is your KPI measured in?",
        options=PROCESSES,
        answer=lambda p: KPIS[p.kpi][1],
        why={"conversion": "conversion and retention are measured by LTV, repurchase rate, CSAT, NPS",
             "retention": "conversion and retention are measured by LTV, repurchase rate, CSAT, NPS"},
    ),
    ChoiceQuestion(
        key="ex02.q2",
        hint="one of the four stages, e.g. \"formation\", for the episode",
        options=STAGES,
        answer=lambda p: EPISODES[p.episode][1],
        fallback="not this stage: is the relationship still uncertain, growing, at its peak or declining?",
    ),
    PlotQuestion(
        key="ex02.q3",
        hint="ax.plot(months 1..24, p.spend) with labelled axes",
        inspect=_inspect_curve,
    ),
    NumberQuestion(
        key="ex02.q4",
        hint="the month (1 to 24) with the highest spend",
        reference=lambda p: int(np.argmax(p.spend)) + 1,
        atol=0,
        rtol=0,
        mistakes=[Mistake("off by one: months start at 1, Python positions at 0",
                          lambda p: int(np.argmax(p.spend))),
                  Mistake("that is the highest spend, the question asks for the month",
                          lambda p: max(p.spend))],
        fallback="not the peak month: look at your curve",
    ),
    ChoiceQuestion(
        key="ex02.q5",
        hint="the stage of the month printed as 'Q5 month'",
        options=STAGES,
        answer=lambda p: p.stage,
        fallback="not this stage: is spend low and hesitant, rising fast, at its plateau or falling?",
    ),
    NumberQuestion(
        key="ex02.q6",
        hint="total spend in the months printed as 'Q6 months', both ends included",
        reference=window_sum,
        atol=0.01,
        mistakes=[
            Mistake("off by one month: both the first and the last month count",
                    lambda p: [window_sum(p, shift_end=-1), window_sum(p, shift_start=1)]),
            Mistake("off by one month: p.spend[0] is month 1",
                    lambda p: [window_sum(p, shift_start=-1, shift_end=-1),
                               window_sum(p, shift_start=1, shift_end=1)]),
        ],
    ),
    ChoiceQuestion(
        key="ex02.q7",
        hint="one of the four patterns for customer 2 (draw p.other to see it)",
        options=PATTERNS,
        # The curve was drawn from p.pattern; the library's classifier must agree (tested).
        answer=lambda p: _lifecycle.classify_pattern(list(p.other)).pattern,
        why={
            "early_abortion": "early abortion means lost right after the first purchase",
            "midterm_abortion": "mid-term abortion means lost while still growing, before any plateau",
            "early_exit": "early exit means the customer reached a stable plateau, then left early",
            "long_term_retention": "long-term retention means the customer is still there at the end",
        },
    ),
    ChoiceQuestion(
        key="ex02.q8",
        hint="one of the four strategies that fits the stage printed as 'Q8 stage'",
        options=STRATEGIES,
        answer=lambda p: STAGE_STRATEGY[p.strategy_stage],
        fallback="that strategy belongs to another stage",
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex02.q1": "K2", "ex02.q2": "K2", "ex02.q3": "A2", "ex02.q4": "A2", "ex02.q5": "A2", "ex02.q6": "A2", "ex02.q7": "A2", "ex02.q8": "L1"})

SPEC = register(ExerciseSpec(
    id="ex02",
    title="Exercise 02 · Customer lifecycle 客户生命周期",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
