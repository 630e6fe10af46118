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
from ..i18n import Text
from ..units import MONTHS_PER_YEAR
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import Sealed, label_axes_hint
from ._core import TableQuestion, register
from .goals import with_goals

__all__ = ["Params", "SPEC", "courseware_table", "dcf", "make_params", "multiple", "table"]

FACTORS = {  # key: (text, sealed answer); plain answers: the grading key
    "discount_rate": (Text("the discount rate", "贴现率"),
                    Sealed("ex03:FACTORS:discount_rate", "43f714d1717b07f8acd39f07")),
    "retention": (Text("the retention rate (churn falls)", "保留率（流失率下降）"),
                Sealed("ex03:FACTORS:retention", "af9cc99dfade504b46721f74")),
    "monthly_fee": (Text("the monthly fee", "月费"),
                  Sealed("ex03:FACTORS:monthly_fee", "d78619bbfb843c22af8379b6")),
    "maintenance_cost": (Text("the yearly cost of serving the member", "每年服务这位会员的成本（维系成本）"),
                       Sealed("ex03:FACTORS:maintenance_cost", "b0587418a92052e388491b89")),
    "horizon": (Text("the number of years in the DCF table", "DCF 表的年数"),
              Sealed("ex03:FACTORS:horizon", "18086c796b67901054f9d004")),
    "past_years": (Text("the number of years the member has already been with us", "会员已经加入的年数"),
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
        return MONTHS_PER_YEAR * self.monthly_fee * self.margin


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


_DESCRIBE = Text(
    "\n".join([
        "monthly fee            {monthly_fee:,.0f} yuan",
        "gross margin           {margin:.0%}",
        "annual churn           {churn:.0%}",
        "discount rate          {discount_rate:.0%} per year",
        "member for             {past_years} years",
        "DCF horizon            {horizon} years",
        "upgrade plan           {upgrade_fee:,.0f} yuan/month, success chance {upgrade_chance:.0%}",
        "referrals              {referrals:g} new members a year, reward {reward:,.0f} yuan each",
        "factor for question 8  {what}",
    ]),
    "\n".join([
        "月费                 {monthly_fee:,.0f} 元",
        "毛利率               {margin:.0%}",
        "年流失率             {churn:.0%}",
        "贴现率               每年 {discount_rate:.0%}",
        "已是会员             {past_years} 年",
        "DCF 年数             {horizon} 年",
        "升级套餐             每月 {upgrade_fee:,.0f} 元，升级成功概率 {upgrade_chance:.0%}",
        "推荐                 每年推荐 {referrals:g} 位新会员，每位奖励 {reward:,.0f} 元",
        "第 8 题的因素        {what}",
    ]),
)


def describe(p: Params) -> str:
    what, _ = FACTORS[p.factor]
    return _DESCRIBE.get().format(
        monthly_fee=p.monthly_fee, margin=p.margin, churn=p.churn,
        discount_rate=p.discount_rate, past_years=p.past_years, horizon=p.horizon,
        upgrade_fee=p.upgrade_fee_monthly, upgrade_chance=p.upgrade_chance,
        referrals=p.referrals, reward=p.referral_reward, what=what)


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
    return dict(annual_revenue=MONTHS_PER_YEAR * p.monthly_fee, margin=p.margin,
                retention=p.retention, discount_rate=p.discount_rate)


def table(p: Params) -> pd.DataFrame:
    """The expected DCF table: :func:`clvteach.dcf_table` (courseware convention)."""
    full = _clv.dcf_table(**_case(p), horizon=p.horizon)
    return full[["year", "retention", "profit", "discount_factor", "present_value"]]


def historical(p: Params) -> float:
    return _clv.historical_value(annual_revenue=MONTHS_PER_YEAR * p.monthly_fee, margin=p.margin,
                                 years=p.past_years)


def current(p: Params, **mistake: object) -> float:
    if mistake:  # a common mistake, modelled by the switches of dcf()
        return float(dcf(p, **mistake)["present_value"].sum())
    return _clv.current_value(**_case(p), horizon=p.horizon)


def infinite(p: Params) -> float:
    return _clv.current_value(**_case(p), horizon=None)


def upgrade(p: Params) -> float:
    extra = MONTHS_PER_YEAR * (p.upgrade_fee_monthly - p.monthly_fee) * p.margin
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
        raise Diagnosis(Text(
            "draw one line with a point per year (years 1..{horizon}) using ax.plot(x, y)",
            "用 ax.plot(x, y) 画一条折线，每年一个点（第 1..{horizon} 年）",
        ).format(horizon=p.horizon))
    for line in lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if np.allclose(y, want_y, rtol=1e-3, atol=0.5):
            if not np.allclose(x, want_x):
                raise Diagnosis(Text(
                    "the y values are right but the x axis must be the year 1, 2, ...",
                    "纵轴的数值是对的，但横轴必须是年份 1、2、……"))
            if not ax.get_xlabel() or not ax.get_ylabel():
                raise Diagnosis(label_axes_hint())
            return
        if np.allclose(y, rows["present_value"].to_numpy(), rtol=1e-3, atol=0.5):
            raise Diagnosis(Text(
                "you drew each year's present value: the question asks for the running total (cumsum)",
                "你画的是每一年的现值：题目要的是逐年累计的总和（cumsum）"))
        if np.allclose(y, rows["profit"].cumsum().to_numpy(), rtol=1e-3, atol=0.5):
            raise Diagnosis(Text(
                "forgot discounting: accumulate the present values, not the profits",
                "忘了贴现：要累加的是现值，而不是利润"))
    raise Diagnosis(Text("your line does not show the cumulative present value by year",
                         "你的折线没有显示逐年的累计现值"))


# --------------------------------------------------------------------------- questions
_UNITS = Text("wrong units: the fee is per month, the value per year (× 12)",
              "单位错了：费用是按月计的，价值是按年计的（× 12）")
_ROUNDED = Text("you rounded like the courseware (ct.dcf_table(..., rounding=\"courseware\"): "
                "retention and discount factors to 3 decimals): keep full precision",
                "你像课件那样做了四舍五入（ct.dcf_table(..., rounding=\"courseware\")：保留率和"
                "贴现因子保留 3 位小数）：请保持完整精度")
_NOT_PROFIT = Text("revenue is not profit: apply the gross margin", "收入不等于利润：要乘以毛利率")
_FORGOT_CHURN = Text("forgot the churn: multiply the yearly profit by the retention",
                     "忘了流失：要把每年的利润乘以保留率")

QUESTIONS = [
    NumberQuestion(
        key="ex03.q1",
        hint=Text("historical value = yearly profit (12 × monthly fee × margin) × years as a member",
                  "历史价值 = 每年利润（12 × 月费 × 毛利率）× 已是会员的年数"),
        reference=historical,
        mistakes=[
            Mistake(_UNITS, lambda p: p.monthly_fee * p.margin * p.past_years),
            Mistake(_NOT_PROFIT, lambda p: MONTHS_PER_YEAR * p.monthly_fee * p.past_years),
            Mistake(Text("off by one year: count the years the member has already been with us",
                         "差了一年：数一数这位会员已经加入了几年"),
                    lambda p: [p.annual_profit * (p.past_years - 1),
                               p.annual_profit * (p.past_years + 1)]),
            Mistake(Text("historical value is not discounted or reduced by churn: it is already realised",
                         "历史价值既不贴现，也不因流失而减少：它已经实现了"),
                    lambda p: [current(p, horizon=p.past_years),
                               current(p, horizon=p.past_years, churn=False)]),
        ],
    ),
    TableQuestion(
        key="ex03.q2",
        hint=Text("a DataFrame with columns year, retention, profit, discount_factor, present_value; "
                  "year t: retention r**t, profit 12·fee·margin·r**t, factor 1/(1+d)**t",
                  "一个 DataFrame，列为 year、retention、profit、discount_factor、present_value；"
                  "第 t 年：保留率 r**t，利润 12·月费·毛利率·r**t，贴现因子 1/(1+d)**t"),
        reference=table,
        columns=("year", "retention", "profit", "discount_factor", "present_value"),
        row_label=Text("year", "年份"),
        index_column="year",
        column_mistakes={
            "retention": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["retention"]),
                Mistake(Text("off by one year: the member must survive year t's renewal, so use r**t",
                             "差了一年：会员要续费到第 t 年才算留下，所以用 r**t"),
                        lambda p: dcf(p, retention_shift=-1)["retention"]),
                Mistake(Text("retention is 1 − churn, not the churn rate",
                             "保留率是 1 − 流失率，而不是流失率本身"),
                        lambda p: p.churn ** np.arange(1, p.horizon + 1)),
            ],
            "profit": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["profit"]),
                Mistake(_FORGOT_CHURN, lambda p: dcf(p, churn=False)["profit"]),
                Mistake(_UNITS, lambda p: dcf(p)["profit"] / MONTHS_PER_YEAR),
                Mistake(_NOT_PROFIT, lambda p: dcf(p)["profit"] / p.margin),
            ],
            "discount_factor": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["discount_factor"]),
                Mistake(Text("off by one year: year t is discounted by (1 + d)**t",
                             "差了一年：第 t 年要按 (1 + d)**t 贴现"),
                        lambda p: dcf(p, discount_shift=-1)["discount_factor"]),
                Mistake(Text("the discount factor is 1/(1 + d)**t, not (1 + d)**t",
                             "贴现因子是 1/(1 + d)**t，而不是 (1 + d)**t"),
                        lambda p: 1 / dcf(p)["discount_factor"]),
            ],
            "present_value": [
                Mistake(_ROUNDED, lambda p: courseware_table(p)["present_value"]),
                Mistake(Text("forgot discounting: present value = profit × discount factor",
                             "忘了贴现：现值 = 利润 × 贴现因子"),
                        lambda p: dcf(p)["profit"]),
            ],
        },
    ),
    NumberQuestion(
        key="ex03.q3",
        hint=Text("current value = sum of the present values of your DCF table",
                  "当前价值 = 你的 DCF 表中各年现值之和"),
        reference=current,
        mistakes=[
            Mistake(Text("forgot discounting: add present values, not profits",
                         "忘了贴现：要加总的是现值，而不是利润"),
                    lambda p: current(p, discount=False)),
            Mistake(Text("forgot the churn: weight each year by the retention probability",
                         "忘了流失：每一年都要乘以客户仍然留下的概率"),
                    lambda p: current(p, churn=False)),
            Mistake(Text("off by one year: count the years of the horizon again",
                         "差了一年：再数一数计算期有几年"),
                    lambda p: [current(p, horizon=p.horizon - 1), current(p, horizon=p.horizon + 1)]),
            Mistake(Text("that is the infinite-horizon value: the question asks for the table's horizon",
                         "这是无限期的价值：题目问的是 DCF 表那几年的价值"),
                    infinite),
            Mistake(_UNITS, lambda p: current(p) / MONTHS_PER_YEAR),
        ],
    ),
    NumberQuestion(
        key="ex03.q4",
        hint=Text("infinite horizon: m·r / (1 + d − r), with m the yearly profit",
                  "无限期：m·r / (1 + d − r)，其中 m 是每年利润"),
        reference=infinite,
        mistakes=[
            Mistake(Text("the first profit comes after one renewal: multiply m/(1 + d − r) by r",
                         "第一笔利润要在续费一次之后才有：把 m/(1 + d − r) 再乘以 r"),
                    lambda p: p.annual_profit / (1 + p.discount_rate - p.retention)),
            Mistake(Text("churn is not the retention: use r = 1 − churn",
                         "流失率不是保留率：用 r = 1 − 流失率"),
                    lambda p: p.annual_profit * p.churn / (1 + p.discount_rate - p.churn)),
            Mistake(Text("that is the finite-horizon sum: here the years never stop",
                         "这是有限年数的总和：这里的年数没有尽头"), current),
        ],
    ),
    NumberQuestion(
        key="ex03.q5",
        hint=Text("upgrade value = extra yearly profit × success chance × (current value / yearly profit)",
                  "升级价值 = 每年增加的利润 × 升级成功概率 ×（当前价值 / 每年利润）"),
        reference=upgrade,
        mistakes=[
            Mistake(Text("forgot the success chance", "忘了乘以升级成功的概率"),
                    lambda p: upgrade(p) / p.upgrade_chance),
            Mistake(Text("forgot the multiplier: the extra profit comes every year the member stays, "
                         "so multiply by current value / yearly profit",
                         "忘了乘数：会员留下的每一年都会带来这笔额外利润，"
                         "所以要乘以 当前价值 / 每年利润"),
                    lambda p: upgrade(p) / multiple(p)),
            Mistake(Text("use the extra profit (new fee − old fee), not the whole new fee",
                         "要用增加的利润（新月费 − 原月费），而不是整个新月费"),
                    lambda p: MONTHS_PER_YEAR * p.upgrade_fee_monthly * p.margin * p.upgrade_chance
                    * current(p) / p.annual_profit),
            Mistake(Text("revenue is not profit: apply the gross margin to the extra fee",
                         "收入不等于利润：要对增加的月费乘以毛利率"),
                    lambda p: upgrade(p) / p.margin),
            Mistake(_UNITS, lambda p: upgrade(p) / MONTHS_PER_YEAR),
        ],
    ),
    NumberQuestion(
        key="ex03.q6",
        hint=Text("referral value (spread): referrals per year × (current value − reward) × "
                  "(current value / yearly profit)",
                  "推荐价值（分摊到各年）：每年推荐人数 ×（当前价值 − 奖励）×（当前价值 / 每年利润）"),
        reference=referral,
        mistakes=[
            Mistake(Text("that is the courseware's one-year shortcut (n·V − c): spread the referrals "
                         "over every year the member stays, as notebook 03 does (× the multiplier)",
                         "这是课件中只算一年的简便算法（n·V − c）：要像笔记本 03 那样，"
                         "把推荐分摊到会员留下的每一年（× 乘数）"),
                    lambda p: p.referrals * current(p) - p.referral_reward),
            Mistake(Text("that counts one year of referrals: multiply by current value / yearly profit "
                         "(every year the member stays, discounted)",
                         "这只算了一年的推荐：要乘以 当前价值 / 每年利润（会员留下的每一年，都要贴现）"),
                    lambda p: p.referrals * (current(p) - p.referral_reward)),
            Mistake(Text("forgot the referral reward: each new member costs a reward",
                         "忘了推荐奖励：每带来一位新会员都要付一笔奖励"),
                    lambda p: [p.referrals * current(p) * multiple(p),
                               p.referrals * current(p)]),
        ],
    ),
    NumberQuestion(
        key="ex03.q7",
        hint=Text("CLV = historical + current (your DCF table) + potential (upgrade + referral)",
                  "客户终生价值 = 历史价值 + 当前价值（你的 DCF 表）+ 潜在价值（升级 + 推荐）"),
        reference=total,
        mistakes=[
            Mistake(Text("use the DCF table's current value, not the infinite-horizon one",
                         "要用 DCF 表得出的当前价值，而不是无限期的当前价值"),
                    lambda p: historical(p) + infinite(p) + upgrade(p) + referral(p)),
            Mistake(Text("forgot the historical value", "忘了历史价值"),
                    lambda p: total(p) - historical(p)),
            Mistake(Text("use Q6's referral value (spread over the years), not a one-year formula",
                         "要用 Q6 的推荐价值（分摊到各年），而不是只算一年的公式"),
                    lambda p: [total(p) - referral(p) + p.referrals * ex_one - p.referral_reward
                               for ex_one in [current(p)]]
                    + [total(p) - referral(p) + p.referrals * (current(p) - p.referral_reward)]),
            Mistake(Text("forgot the potential value (upgrade + referral)",
                         "忘了潜在价值（升级 + 推荐）"),
                    lambda p: historical(p) + current(p)),
            Mistake(Text("the potential value has two parts: upgrade and referral",
                         "潜在价值有两部分：升级和推荐"),
                    lambda p: [total(p) - upgrade(p), total(p) - referral(p)]),
        ],
    ),
    ChoiceQuestion(
        key="ex03.q8",
        hint=Text('"rises", "falls" or "unchanged": the effect on the CURRENT value when your factor goes up',
                  '"rises"（上升）、"falls"（下降）或 "unchanged"（不变）：你的因素提高时，当前价值会怎样变化'),
        options={"rises": Text("rises", "上升"), "falls": Text("falls", "下降"),
                 "unchanged": Text("does not change", "不变")},
        answer=lambda p: FACTORS[p.factor][1],
        fallback=Text("not this one: write the current-value sum and see where your factor enters it",
                      "不对：写出当前价值的求和公式，看看你的因素出现在哪里"),
        why={"unchanged": Text("your factor does enter the DCF sum: look at the formula again",
                               "你的因素确实出现在 DCF 求和公式中：再看一看公式")},
    ),
    PlotQuestion(
        key="ex03.q9",
        hint=Text("ax.plot(years, cumulative present value) with labelled axes",
                  "ax.plot(年份, 累计现值)，并给两条坐标轴加上标签"),
        inspect=_inspect_cumulative,
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex03.q1": "A3", "ex03.q2": "A3", "ex03.q3": "A3", "ex03.q4": "A3", "ex03.q5": "A3", "ex03.q6": "A3", "ex03.q7": "A3", "ex03.q8": "A3", "ex03.q9": "A3"})

SPEC = register(ExerciseSpec(
    id="ex03",
    title=Text("Exercise 03 · CLV fundamentals 客户终生价值", "练习 03 · 客户终生价值基础"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
