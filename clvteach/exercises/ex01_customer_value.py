"""Exercise 01 — customer value: value types and customer delivered value (Kotler).

Each student judges two personalised cases (which of the six Maslow-based value types the
customer gets) and prices their own version of the courseware's Chenguang smart coffee
mug (晨光智能咖啡杯): four value components and four cost components, in yuan-equivalents.

Delivered value 客户让渡价值 = total customer value − total customer cost, with
total value = product + service + personnel + image and
total cost = monetary + time + energy + psychological.

References
----------
Courseware chapter 6, 客户价值 (value types by Maslow's hierarchy; 客户让渡价值, Kotler).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import value as _value
from ..i18n import Text
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import register
from .goals import with_goals
from .value_cases import VALUE_CASES

__all__ = ["Params", "SPEC", "CASES", "VALUE_TYPES", "ValueTypeQuestion", "make_params"]

VALUE_TYPES = {
    "functional": Text(
        "functional value: does it solve my basic problem, reliably, for the money?",
        "功能性价值：它能否可靠地解决我的基本问题，而且物有所值？"),
    "trust": Text(
        "trust value: can I rely on it any time; are problems fixed fast?",
        "信赖性价值：我能否随时依靠它；出了问题能否很快解决？"),
    "social": Text(
        "social value: does it connect me to a group my circle accepts?",
        "社会性价值：它能否让我融入一个被我的圈子认可的群体？"),
    "epistemic": Text(
        "epistemic value: does it help me learn, grow and master something?",
        "探知性价值：它能否帮助我学习、成长、掌握新东西？"),
    "aesthetic": Text(
        "aesthetic value: is the design pleasing, is using it a pleasure?",
        "美感性价值：设计是否赏心悦目，使用它是否是一种享受？"),
    "self_actualisation": Text(
        "self-actualisation value: does it realise my values; can I take part?",
        "自我实现价值：它能否实现我的价值观；我能否参与其中？"),
}

# The cases: a bank of new Chinese firms (value_cases.VALUE_CASES, answers sealed).
CASES = VALUE_CASES


_CONFUSIONS = {
    "functional": Text(
        "functional value is about the basic job itself; look at WHY the customer cares",
        "功能性价值关注的是产品最基本的用途；想一想客户“为什么”在意它"),
    "trust": Text(
        "trust value is about relying on the firm over time (service, keeping promises)",
        "信赖性价值关注的是能否长期依靠这家企业（服务、信守承诺）"),
    "social": Text(
        "social value is about belonging to a group or being accepted by one's circle",
        "社会性价值关注的是归属于某个群体、被自己的圈子接纳"),
    "epistemic": Text(
        "epistemic value is about learning, exploring and mastering",
        "探知性价值关注的是学习、探索和掌握新知"),
    "aesthetic": Text(
        "aesthetic value is about design and the pleasure of use",
        "美感性价值关注的是设计之美和使用时的愉悦"),
    "self_actualisation": Text(
        "self-actualisation is about realising one's own values and taking part",
        "自我实现价值关注的是实现自己的价值观、亲身参与"),
}


@dataclass(frozen=True)
class Params:
    """One student's cases and mug offer (all amounts in yuan-equivalents)."""

    case_a: int
    case_b: int
    price: float
    product: float
    service: float
    personnel: float
    image: float
    time_cost: float
    energy_cost: float
    psychological_cost: float
    rival_value: float
    rival_cost: float

    @property
    def total_value(self) -> float:
        return self.product + self.service + self.personnel + self.image

    @property
    def total_cost(self) -> float:
        return self.price + self.time_cost + self.energy_cost + self.psychological_cost

    @property
    def values(self) -> dict[str, float]:
        return {"product": self.product, "service": self.service,
                "personnel": self.personnel, "image": self.image}


def make_params(rng: np.random.Generator) -> Params:
    # Two different cases of the bank (they may share a value type: that is not a hint).
    first = int(rng.integers(len(CASES)))
    others = [i for i in range(len(CASES)) if i != first]
    second = int(rng.choice(others))
    price = float(rng.choice([258, 278, 298, 318, 338]))
    pick = lambda lo, hi, step: float(rng.choice(np.arange(lo, hi + 1, step)))  # noqa: E731
    return Params(
        case_a=first,
        case_b=second,
        price=price,
        product=pick(150, 300, 10),
        service=pick(30, 120, 5),
        personnel=pick(10, 60, 5),
        image=pick(20, 100, 5),
        time_cost=pick(10, 60, 5),
        energy_cost=pick(10, 60, 5),
        psychological_cost=pick(5, 80, 5),
        rival_value=pick(300, 600, 10),
        rival_cost=pick(250, 450, 10),
    )


_DESCRIBE = Text("\n".join([
    "case A   {case_a}",
    "case B   {case_b}",
    "your mug offer (yuan-equivalents):",
    "  value  product {product}, service {service}, personnel {personnel}, image {image}",
    "  cost   price {price}, time {time}, energy {energy}, psychological {psychological}",
    "rival mug: total value {rival_value}, total cost {rival_cost}",
]), "\n".join([
    "案例 A   {case_a}",
    "案例 B   {case_b}",
    "你的杯子方案（折合成元）：",
    "  价值   产品价值 {product}，服务价值 {service}，人员价值 {personnel}，形象价值 {image}",
    "  成本   价格 {price}，时间成本 {time}，精力成本 {energy}，心理成本 {psychological}",
    "竞争对手的杯子：客户总价值 {rival_value}，客户总成本 {rival_cost}",
]))


def describe(p: Params) -> Text:
    """This student's two cases and mug offer, as the first cell shows them."""
    numbers = {"product": p.product, "service": p.service, "personnel": p.personnel,
               "image": p.image, "price": p.price, "time": p.time_cost,
               "energy": p.energy_cost, "psychological": p.psychological_cost,
               "rival_value": p.rival_value, "rival_cost": p.rival_cost}
    fields = {k: f"{v:g}" for k, v in numbers.items()}
    return Text(_DESCRIBE.en.format(case_a=CASES[p.case_a].describe("en"),
                                    case_b=CASES[p.case_b].describe("en"), **fields),
                _DESCRIBE.zh.format(case_a=CASES[p.case_a].describe("zh"),
                                    case_b=CASES[p.case_b].describe("zh"), **fields))


def _delivered(p: Params):
    return _value.delivered_value(
        product=p.product, service=p.service, personnel=p.personnel, image=p.image,
        monetary=p.price, time=p.time_cost, energy=p.energy_cost,
        psychological=p.psychological_cost)


def delivered(p: Params) -> float:
    return _delivered(p).delivered_value


def ratio(p: Params) -> float:
    return _delivered(p).value_cost_ratio


def _inspect_bars(ax, p: Params) -> None:
    want = np.array(list(p.values.values()))
    bars = [patch for patch in ax.patches if patch.get_width() > 0 and patch.get_height() != 0]
    if len(bars) < 4:
        raise Diagnosis(Text(
            "draw one bar per value component (4 bars) with ax.bar(names, heights)",
            "每个价值构成画一根柱（共 4 根）：ax.bar(names, heights)"))
    heights = np.array([b.get_height() for b in bars[:4]])
    widths = np.array([b.get_width() for b in bars[:4]])
    if np.allclose(sorted(widths), sorted(want)) and not np.allclose(heights, want):
        raise Diagnosis(Text("use vertical bars (ax.bar), not horizontal ones (ax.barh)",
                             "请用竖直的柱（ax.bar），不要用水平的条（ax.barh）"))
    labels = [t.get_text().lower() for t in ax.get_xticklabels()]
    if np.allclose(sorted(heights), sorted(want)) and not np.allclose(heights, want):
        names = list(p.values)
        in_order = [n for n in names if any(n in label for label in labels)]
        positions = [next(i for i, label in enumerate(labels) if n in label) for n in in_order]
        if len(in_order) == 4 and positions == sorted(positions):
            # labels product, service, personnel, image in order; heights not under them
            raise Diagnosis(Text(
                "the labels are in the right order but the heights are not: each bar must be "
                "the value of the component named under it",
                "标签顺序对了，但柱高没有对应：每根柱的高度必须是它下方标签所写构成的价值"))
        raise Diagnosis(Text("right bars, wrong order: product, service, personnel, image",
                             "柱子对了，顺序不对：应为 product（产品）、service（服务）、"
                             "personnel（人员）、image（形象）"))
    if not np.allclose(heights, want):
        raise Diagnosis(Text("the bar heights are not your four value components",
                             "柱高不是你的四个价值构成"))
    if not all(any(name in label for label in labels) for name in p.values):
        raise Diagnosis(Text(
            "label the bars with the component names (product, service, personnel, image)",
            "请用构成的名称标注柱子（product、service、personnel、image）"))
    if not ax.get_ylabel():
        raise Diagnosis(Text("label the y axis (ax.set_ylabel), e.g. 'value (yuan)'",
                             "请标注纵轴（ax.set_ylabel），例如 '价值（元）'"))


@dataclass(frozen=True, kw_only=True)
class ValueTypeQuestion(ChoiceQuestion):
    """A value type, given by key, English or Chinese name ("epistemic", "Epistemic value",
    "探知性价值", "Self-actualisation" all work): mapped to its key before judging."""

    def judge(self, answer, params, target) -> None:
        if isinstance(answer, str):
            try:
                answer = _value.value_type(answer).key
            except ValueError:
                pass  # not a value type: the choice check names the options
        super().judge(answer, params, target)


QUESTIONS = [
    ValueTypeQuestion(
        key="ex01.q1",
        hint=Text("one of the six value types, e.g. \"trust\", for case A",
                  "案例 A 的价值类型：六种之一，例如 \"trust\"（信赖性价值）"),
        options=VALUE_TYPES,
        answer=lambda p: CASES[p.case_a].answer,
        why=_CONFUSIONS,
    ),
    ValueTypeQuestion(
        key="ex01.q2",
        hint=Text("one of the six value types for case B",
                  "案例 B 的价值类型：六种之一"),
        options=VALUE_TYPES,
        answer=lambda p: CASES[p.case_b].answer,
        why=_CONFUSIONS,
    ),
    NumberQuestion(
        key="ex01.q3",
        hint=Text("total customer value = product + service + personnel + image",
                  "客户总价值 = 产品价值 + 服务价值 + 人员价值 + 形象价值"),
        reference=lambda p: _delivered(p).total_value,
        mistakes=[
            Mistake(Text("total value has four parts: product, service, personnel and image",
                         "客户总价值有四部分：产品价值、服务价值、人员价值和形象价值"),
                    lambda p: [p.total_value - v for v in p.values.values()]),
            Mistake(Text("that is the total cost, not the total value",
                         "这是客户总成本，不是客户总价值"), lambda p: p.total_cost),
        ],
    ),
    NumberQuestion(
        key="ex01.q4",
        hint=Text("total customer cost = monetary (price) + time + energy + psychological",
                  "客户总成本 = 货币成本（价格）+ 时间成本 + 精力成本 + 心理成本"),
        reference=lambda p: _delivered(p).total_cost,
        mistakes=[
            Mistake(Text("the price is only the monetary cost: add time, energy and "
                         "psychological costs",
                         "价格只是货币成本：还要加上时间成本、精力成本和心理成本"),
                    lambda p: p.price),
            Mistake(Text("total cost has four parts: monetary, time, energy and psychological",
                         "客户总成本有四部分：货币成本、时间成本、精力成本和心理成本"),
                    lambda p: [p.total_cost - c for c in
                               (p.price, p.time_cost, p.energy_cost, p.psychological_cost)]),
        ],
    ),
    NumberQuestion(
        key="ex01.q5",
        hint=Text("delivered value = total customer value − total customer cost",
                  "客户让渡价值 = 客户总价值 − 客户总成本"),
        reference=delivered,
        mistakes=[
            Mistake(Text("you subtracted only the price: time, energy and psychological costs "
                         "count too",
                         "你只减去了价格：时间成本、精力成本和心理成本也要算进去"),
                    lambda p: p.total_value - p.price),
            Mistake(Text("value minus cost, not cost minus value",
                         "是价值减成本，不是成本减价值"), lambda p: -delivered(p)),
            Mistake(Text("subtract the total cost from the total value",
                         "要从客户总价值中减去客户总成本"), lambda p: p.total_value),
        ],
    ),
    NumberQuestion(
        key="ex01.q6",
        hint=Text("value-to-cost ratio = total value / total cost (2 decimals are enough)",
                  "价值成本比 = 客户总价值 / 客户总成本（保留 2 位小数即可）"),
        reference=ratio,
        atol=0.005,
        mistakes=[Mistake(Text("inverted: total value divided by total cost",
                               "分子分母颠倒了：应是客户总价值除以客户总成本"),
                          lambda p: 1 / ratio(p))],
    ),
    ChoiceQuestion(
        key="ex01.q7",
        hint=Text('"worth_it" (worth more than it costs: Xiao Lin buys) or "not_worth_it" '
                  '(he walks away)',
                  '"worth_it"（物超所值，小林会买）或 "not_worth_it"（不值，他会放弃）'),
        options={"worth_it": Text("worth more than it costs", "物超所值"),
                 "not_worth_it": Text("not worth it", "不值")},
        answer=lambda p: "worth_it" if _delivered(p).verdict_zh == "物超所值" else "not_worth_it",
        fallback=Text("look at the sign of the delivered value", "看看客户让渡价值的正负号"),
    ),
    ChoiceQuestion(
        key="ex01.q8",
        hint=Text('"yours" or "rival": the mug with the larger delivered value',
                  '"yours"（你的杯子）或 "rival"（竞争对手的杯子）：选客户让渡价值更大的那个'),
        options={"yours": Text("your mug", "你的杯子"),
                 "rival": Text("the rival mug", "竞争对手的杯子")},
        answer=lambda p: "yours" if delivered(p) >= p.rival_value - p.rival_cost else "rival",
        fallback=Text("compare delivered values (value − cost), not values or prices alone",
                      "比较的是客户让渡价值（价值 − 成本），不是只比价值或价格"),
    ),
    PlotQuestion(
        key="ex01.q9",
        hint=Text("ax.bar(['product', 'service', 'personnel', 'image'], heights) and a y label",
                  "ax.bar(['product', 'service', 'personnel', 'image'], heights)，再标注纵轴"),
        inspect=_inspect_bars,
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex01.q1": "A1", "ex01.q2": "A1", "ex01.q3": "K1", "ex01.q4": "K1", "ex01.q5": "K1", "ex01.q6": "K1", "ex01.q7": "K1", "ex01.q8": "K1", "ex01.q9": "K1"})

SPEC = register(ExerciseSpec(
    id="ex01",
    title=Text("Exercise 01 · Customer value", "练习 01 · 客户价值"),
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
