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
from ..i18n import Text, text
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Sealed, label_axes_hint, register, seal
from .goals import with_goals

__all__ = ["Params", "SPEC", "PROCESSES", "STAGES", "PATTERNS", "STRATEGIES", "make_params"]

PROCESSES = {
    "reach": Text("到达 reach: awareness", "到达：创造品牌认知，让潜在客户发现你"),
    "acquisition": Text("获取 acquisition: first purchase", "获取：把潜在客户变成首次购买者"),
    "conversion": Text("转换 conversion: deepen the relationship, build trust",
                       "转换：深化关系，建立信任"),
    "retention": Text("保留 retention: repeat purchase, loyalty", "保留：重复购买，形成忠诚"),
    "win_back": Text("流失/赢回 win-back: diagnose churn, win customers back",
                     "流失/赢回：诊断流失原因，赢回客户"),
}
STAGES = {
    "exploration": Text("考察期 exploration: trial, highest uncertainty",
                        "考察期：双方试探，不确定性最大"),
    "formation": Text("形成期 formation: fast growth", "形成期：关系快速发展"),
    "stability": Text("稳定期 stability: the peak", "稳定期：关系的最高阶段，价值达到顶峰"),
    "deterioration": Text("退化期 deterioration: decline", "退化期：关系衰退，交易量下降"),
}
PATTERNS = {
    "early_abortion": Text("早期流产型 early abortion: lost right after acquisition",
                           "早期流产型：刚获取就流失"),
    "midterm_abortion": Text("中途夭折型 mid-term abortion: lost just before the stable stage",
                             "中途夭折型：在即将进入稳定期前流失"),
    "early_exit": Text("提前退出型 early exit: reached stability, left early",
                       "提前退出型：进入了稳定期，却提前退出"),
    "long_term_retention": Text("长久保持型 long-term retention: stays loyal",
                                "长久保持型：长期保持忠诚"),
}
STRATEGIES = {
    "lower_threshold": Text("lower the entry threshold, social proof, keep every promise",
                            "降低进入门槛，提供口碑与社会认同，兑现每一项承诺"),
    "cross_sell": Text("cross-selling, more interaction, help form a habit",
                       "交叉销售，增加互动，帮助客户养成消费习惯"),
    "loyalty_programme": Text("loyalty programme, personal care, community",
                              "忠诚度计划，个性化关怀，会员社群"),
    "win_back": Text("early warning, win-back effort, learn and improve",
                     "流失预警，努力赢回客户，总结教训并改进"),
}
STAGE_STRATEGY = {  # sealed answers; plain answers: the grading key
    "exploration": Sealed("ex02:STAGE_STRATEGY:exploration", "bf534d59692e8615ba40f8e1"),
    "formation": Sealed("ex02:STAGE_STRATEGY:formation", "81d1df9ef756675b77e50a2a"),
    "stability": Sealed("ex02:STAGE_STRATEGY:stability", "491ad37f9f1cf56e6a1a027e"),
    "deterioration": Sealed("ex02:STAGE_STRATEGY:deterioration", "df966289fbec881c6e65d851"),
}

KPIS = [  # (text, sealed answer); plain answers: the grading key
    (Text("site traffic", "网站流量"),
     Sealed("ex02:KPIS", "bedc86b7aa7de74e21848c64")),
    (Text("brand searches", "品牌搜索量"),
     Sealed("ex02:KPIS", "bedc86b7aa7de74e21848c64")),
    (Text("social media reach", "社交媒体覆盖率"),
     Sealed("ex02:KPIS", "bedc86b7aa7de74e21848c64")),
    (Text("customer acquisition cost (CAC)", "客户获取成本（CAC）"),
     Sealed("ex02:KPIS", "ab95382aed8321e4947fa9bb")),
    (Text("number of first-time buyers", "首次购买客户数"),
     Sealed("ex02:KPIS", "ab95382aed8321e4947fa9bb")),
    (Text("churn rate", "客户流失率"),
     Sealed("ex02:KPIS", "37becd212fa3e75c91bdc27d")),
    (Text("win-back rate", "赢回率"),
     Sealed("ex02:KPIS", "37becd212fa3e75c91bdc27d")),
]
EPISODES = [  # (text, sealed answer); plain answers: the grading key
    (Text("A new Zhenxuan shop opens downstairs; Xiao Lin tries it with a buy-one-get-one-free voucher and registers as a member.",
          "公司楼下新开了一家“臻选咖啡”；小林用一张“买一送一”券试了试，并注册成为会员。"),
     Sealed("ex02:EPISODES", "82eadc58ffea48b53081d706")),
    (Text("Xiao Lin is still comparing the new shop with the café she used to go to.",
          "小林仍在把这家新店和她以前常去的咖啡馆做比较。"),
     Sealed("ex02:EPISODES", "82eadc58ffea48b53081d706")),
    (Text("Xiao Lin comes twice more in one week and starts ordering for colleagues.",
          "小林一周内又来了两次，并开始帮同事点单。"),
     Sealed("ex02:EPISODES", "7fb1db8d9b46b72498e6f7da")),
    (Text("The barista suggests a sea-salt caramel latte with an almond croissant; a 5-yuan coupon brings her back.",
          "店员向她推荐“海盐焦糖拿铁”搭配“杏仁牛角包”；一张“下次消费立减 5 元”的券让她再次光临。"),
     Sealed("ex02:EPISODES", "7fb1db8d9b46b72498e6f7da")),
    (Text("Xiao Lin visits three or more times a week, is a top 'gold star' member and recommends the brand to friends.",
          "小林每周光顾三次以上，是最高等级的“金星”会员，还把品牌推荐给朋友。"),
     Sealed("ex02:EPISODES", "7922abe0d259b04416dbf178")),
    (Text("Xiao Lin's office moves 1.5 km away; her visits drop from three a week to almost none and a CRM alert fires.",
          "小林的办公室搬到了 1.5 公里以外；她从每周光顾三次变得几乎不再来，CRM 系统发出了预警。"),
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


_DESCRIBE = Text(
    "\n".join([
        "KPI (Q1)        {kpi}",
        "episode (Q2)    {episode}",
        "customer 1: monthly spend (yuan), months 1-24 -> p.spend",
        "  {spend}",
        "Q5 month        {ask_month}",
        "Q6 months       {first} to {last} (both included)",
        "customer 2: monthly spend (yuan), months 1-24 -> p.other",
        "  {other}",
        "Q8 stage        {stage}",
    ]),
    "\n".join([
        "KPI（Q1）       {kpi}",
        "情节（Q2）      {episode}",
        "客户 1：每月消费（元），第 1–24 个月 -> p.spend",
        "  {spend}",
        "Q5 月份         {ask_month}",
        "Q6 月份范围     第 {first} 至 {last} 个月（首尾两个月都包括在内）",
        "客户 2：每月消费（元），第 1–24 个月 -> p.other",
        "  {other}",
        "Q8 阶段         {stage}",
    ]),
)


def _stage_shown(stage: str) -> Text:
    """A stage as the student reads it: its key in English, its name (形成期) in Chinese."""
    return Text(stage, text(f"term.stage.{stage}", "zh"))


def describe(p: Params) -> str:
    return str(_DESCRIBE.format(
        kpi=KPIS[p.kpi][0],
        episode=EPISODES[p.episode][0],
        spend=" ".join(f"{v:g}" for v in p.spend),
        ask_month=p.ask_month,
        first=p.window[0],
        last=p.window[1],
        other=" ".join(f"{v:g}" for v in p.other),
        stage=_stage_shown(p.strategy_stage),
    ))


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
                raise Diagnosis(Text("off by one: months are numbered 1 to 24 on the x axis",
                                     "差了一个月：横轴上的月份从 1 编号到 24"))
            if not np.allclose(x, p.months):
                raise Diagnosis(Text("put the month (1 to 24) on the x axis",
                                     "横轴应是月份（1 到 24）"))
            if not ax.get_xlabel() or not ax.get_ylabel():
                raise Diagnosis(label_axes_hint())
            return
        if y.shape == want.shape and np.allclose(y, np.asarray(p.other)):
            raise Diagnosis(Text("that is customer 2: draw customer 1 (p.spend)",
                                 "这是客户 2：请画客户 1（p.spend）"))
    raise Diagnosis(Text("draw customer 1's monthly spend as a line: ax.plot(months, p.spend)",
                         "把客户 1 的每月消费画成一条折线：ax.plot(months, p.spend)"))


_CONVERSION_RETENTION = Text(
    "conversion and retention are measured by LTV, repurchase rate, CSAT, NPS",
    "转换和保留用客户终生价值（LTV）、复购率、客户满意度（CSAT）、净推荐值（NPS）来衡量")

QUESTIONS = [
    ChoiceQuestion(
        key="ex02.q1",
        hint=Text("one of the five processes, e.g. \"reach\": which one is your KPI measured in?",
                  "五个过程之一，例如 \"reach\"：你的 KPI 衡量的是哪一个过程？"),
        options=PROCESSES,
        answer=lambda p: KPIS[p.kpi][1],
        why={"conversion": _CONVERSION_RETENTION, "retention": _CONVERSION_RETENTION},
    ),
    ChoiceQuestion(
        key="ex02.q2",
        hint=Text("one of the four stages, e.g. \"formation\", for the episode",
                  "四个阶段之一，例如 \"formation\"：这个情节处于哪个阶段？"),
        options=STAGES,
        answer=lambda p: EPISODES[p.episode][1],
        fallback=Text("not this stage: is the relationship still uncertain, growing, at its peak or declining?",
                      "不是这个阶段：这段关系仍充满不确定、正在快速发展、处于顶峰，还是在衰退？"),
    ),
    PlotQuestion(
        key="ex02.q3",
        hint=Text("ax.plot(months 1..24, p.spend) with labelled axes",
                  "ax.plot(月份 1..24, p.spend)，并给两条坐标轴加上标签"),
        inspect=_inspect_curve,
    ),
    NumberQuestion(
        key="ex02.q4",
        hint=Text("the month (1 to 24) with the highest spend", "消费最高的那个月份（1 到 24）"),
        reference=lambda p: int(np.argmax(p.spend)) + 1,
        atol=0,
        rtol=0,
        mistakes=[Mistake(Text("off by one: months start at 1, Python positions at 0",
                               "差了一个月：月份从 1 开始，而 Python 的索引从 0 开始"),
                          lambda p: int(np.argmax(p.spend))),
                  Mistake(Text("that is the highest spend, the question asks for the month",
                               "这是最高的消费金额，题目问的是月份"),
                          lambda p: max(p.spend))],
        fallback=Text("not the peak month: look at your curve", "这不是消费最高的月份：看看你画的曲线"),
    ),
    ChoiceQuestion(
        key="ex02.q5",
        hint=Text("the stage of the month printed as 'Q5 month'", "“Q5 月份”那一行所示月份所处的阶段"),
        options=STAGES,
        answer=lambda p: p.stage,
        fallback=Text("not this stage: is spend low and hesitant, rising fast, at its plateau or falling?",
                      "不是这个阶段：这时的消费是低而犹豫、快速上升、处于平台期，还是正在下降？"),
    ),
    NumberQuestion(
        key="ex02.q6",
        hint=Text("total spend in the months printed as 'Q6 months', both ends included",
                  "“Q6 月份范围”那一行所示各月的消费总额，首尾两个月都包括在内"),
        reference=window_sum,
        atol=0.01,
        mistakes=[
            Mistake(Text("off by one month: both the first and the last month count",
                         "差了一个月：第一个月和最后一个月都要算进去"),
                    lambda p: [window_sum(p, shift_end=-1), window_sum(p, shift_start=1)]),
            Mistake(Text("off by one month: p.spend[0] is month 1", "差了一个月：p.spend[0] 是第 1 个月"),
                    lambda p: [window_sum(p, shift_start=-1, shift_end=-1),
                               window_sum(p, shift_start=1, shift_end=1)]),
        ],
    ),
    ChoiceQuestion(
        key="ex02.q7",
        hint=Text("one of the four patterns for customer 2 (draw p.other to see it)",
                  "客户 2 属于四种模式中的哪一种（画出 p.other 就能看出来）"),
        options=PATTERNS,
        # The curve was drawn from p.pattern; the library's classifier must agree (tested).
        answer=lambda p: _lifecycle.classify_pattern(list(p.other)).pattern,
        why={
            "early_abortion": Text("early abortion means lost right after the first purchase",
                                   "早期流产型是指客户首次购买后很快就流失了"),
            "midterm_abortion": Text(
                "mid-term abortion means lost while still growing, before any plateau",
                "中途夭折型是指客户在消费仍在增长、还没有进入平台期（稳定期）时就流失了"),
            "early_exit": Text("early exit means the customer reached a stable plateau, then left early",
                               "提前退出型是指客户已经进入稳定的平台期，随后提前离开"),
            "long_term_retention": Text(
                "long-term retention means the customer is still there at the end",
                "长久保持型是指客户到最后仍然留着"),
        },
    ),
    ChoiceQuestion(
        key="ex02.q8",
        hint=Text("one of the four strategies that fits the stage printed as 'Q8 stage'",
                  "四种策略之一：适合“Q8 阶段”那一行所示阶段的策略"),
        options=STRATEGIES,
        answer=lambda p: STAGE_STRATEGY[p.strategy_stage],
        fallback=Text("that strategy belongs to another stage", "这项策略属于另一个阶段"),
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex02.q1": "K2", "ex02.q2": "K2", "ex02.q3": "A2", "ex02.q4": "A2", "ex02.q5": "A2", "ex02.q6": "A2", "ex02.q7": "A2", "ex02.q8": "L1"})

SPEC = register(ExerciseSpec(
    id="ex02",
    title=Text("Exercise 02 · Customer lifecycle 客户生命周期", "练习 02 · 客户生命周期"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
