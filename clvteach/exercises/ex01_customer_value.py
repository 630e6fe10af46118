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
from ._core import ChoiceQuestion, Diagnosis, ExerciseSpec, Mistake, NumberQuestion, PlotQuestion
from ._core import register
from .goals import with_goals
from .value_cases import VALUE_CASES

__all__ = ["Params", "SPEC", "CASES", "VALUE_TYPES", "ValueTypeQuestion", "make_params"]

VALUE_TYPES = {
    "functional": "功能性价值 functional: does it solve my basic problem, reliably, for the money?",
    "trust": "信赖性价值 trust: can I rely on it any time; are problems fixed fast?",
    "social": "社会性价值 social: does it connect me to a group my circle accepts?",
    "epistemic": "探知性价值 epistemic: does it help me learn, grow and master something?",
    "aesthetic": "美感性价值 aesthetic: is the design pleasing, is using it a pleasure?",
    "self_actualisation": "自我实现价值 self-actualisation: does it realise my values; can I take part?",
}

# The cases: a bank of new Chinese firms (value_cases.VALUE_CASES, answers sealed).
CASES = VALUE_CASES


_CONFUSIONS = {
    "functional": "functional value is about the basic job itself; look at WHY the customer cares",
    "trust": "trust value is about relying on the firm over time (service, keeping promises)",
    "social": "social value is about belonging to a group or being accepted by one's circle",
    "epistemic": "epistemic value is about learning, exploring and mastering",
    "aesthetic": "aesthetic value is about design and the pleasure of use",
    "self_actualisation": "self-actualisation is about realising one's own values and taking part",
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


def describe(p: Params) -> str:
    return "\n".join([
        f"case A   {CASES[p.case_a].describe()}",
        f"         {CASES[p.case_a].describe('zh')}",
        f"case B   {CASES[p.case_b].describe()}",
        f"         {CASES[p.case_b].describe('zh')}",
        "your mug offer (yuan-equivalents):",
        f"  value  product {p.product:g}, service {p.service:g}, personnel {p.personnel:g}, image {p.image:g}",
        f"  cost   price {p.price:g}, time {p.time_cost:g}, energy {p.energy_cost:g}, psychological {p.psychological_cost:g}",
        f"rival mug: total value {p.rival_value:g}, total cost {p.rival_cost:g}",
    ])


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
        raise Diagnosis("draw one bar per value component (4 bars) with ax.bar(names, heights)")
    heights = np.array([b.get_height() for b in bars[:4]])
    widths = np.array([b.get_width() for b in bars[:4]])
    if np.allclose(sorted(widths), sorted(want)) and not np.allclose(heights, want):
        raise Diagnosis("use vertical bars (ax.bar), not horizontal ones (ax.barh)")
    labels = [t.get_text().lower() for t in ax.get_xticklabels()]
    if np.allclose(sorted(heights), sorted(want)) and not np.allclose(heights, want):
        names = list(p.values)
        in_order = [n for n in names if any(n in label for label in labels)]
        positions = [next(i for i, label in enumerate(labels) if n in label) for n in in_order]
        if len(in_order) == 4 and positions == sorted(positions):
            # labels product, service, personnel, image in order; heights not under them
            raise Diagnosis("the labels are in the right order but the heights are not: each "
                            "bar must be the value of the component named under it")
        raise Diagnosis("right bars, wrong order: product, service, personnel, image")
    if not np.allclose(heights, want):
        raise Diagnosis("the bar heights are not your four value components")
    if not all(any(name in label for label in labels) for name in p.values):
        raise Diagnosis("label the bars with the component names (product, service, personnel, image)")
    if not ax.get_ylabel():
        raise Diagnosis("label the y axis (ax.set_ylabel), e.g. 'value (yuan)'")


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
        hint="one of the six value types, e.g. \"trust\", for case A",
        options=VALUE_TYPES,
        answer=lambda p: CASES[p.case_a].answer,
        why=_CONFUSIONS,
    ),
    ValueTypeQuestion(
        key="ex01.q2",
        hint="one of the six value types for case B",
        options=VALUE_TYPES,
        answer=lambda p: CASES[p.case_b].answer,
        why=_CONFUSIONS,
    ),
    NumberQuestion(
        key="ex01.q3",
        hint="total customer value = product + service + personnel + image",
        reference=lambda p: _delivered(p).total_value,
        mistakes=[
            Mistake("total value has four parts: product, service, personnel and image",
                    lambda p: [p.total_value - v for v in p.values.values()]),
            Mistake("that is the total cost, not the total value", lambda p: p.total_cost),
        ],
    ),
    NumberQuestion(
        key="ex01.q4",
        hint="total customer cost = monetary (price) + time + energy + psychological",
        reference=lambda p: _delivered(p).total_cost,
        mistakes=[
            Mistake("the price is only the monetary cost: add time, energy and psychological costs",
                    lambda p: p.price),
            Mistake("total cost has four parts: monetary, time, energy and psychological",
                    lambda p: [p.total_cost - c for c in
                               (p.price, p.time_cost, p.energy_cost, p.psychological_cost)]),
        ],
    ),
    NumberQuestion(
        key="ex01.q5",
        hint="delivered value = total customer value − total customer cost",
        reference=delivered,
        mistakes=[
            Mistake("you subtracted only the price: time, energy and psychological costs count too",
                    lambda p: p.total_value - p.price),
            Mistake("value minus cost, not cost minus value", lambda p: -delivered(p)),
            Mistake("subtract the total cost from the total value", lambda p: p.total_value),
        ],
    ),
    NumberQuestion(
        key="ex01.q6",
        hint="value-to-cost ratio = total value / total cost (2 decimals are enough)",
        reference=ratio,
        atol=0.005,
        mistakes=[Mistake("inverted: total value divided by total cost", lambda p: 1 / ratio(p))],
    ),
    ChoiceQuestion(
        key="ex01.q7",
        hint='"worth_it" (物超所值, Xiao Lin buys) or "not_worth_it" (不值, he walks away)',
        options={"worth_it": "物超所值 worth more than it costs", "not_worth_it": "不值 not worth it"},
        answer=lambda p: "worth_it" if _delivered(p).verdict_zh == "物超所值" else "not_worth_it",
        fallback="look at the sign of the delivered value",
    ),
    ChoiceQuestion(
        key="ex01.q8",
        hint='"yours" or "rival": the mug with the larger delivered value',
        options={"yours": "your mug", "rival": "the rival mug"},
        answer=lambda p: "yours" if delivered(p) >= p.rival_value - p.rival_cost else "rival",
        fallback="compare delivered values (value − cost), not values or prices alone",
    ),
    PlotQuestion(
        key="ex01.q9",
        hint="ax.bar(['product', 'service', 'personnel', 'image'], heights) and a y label",
        inspect=_inspect_bars,
    ),
]

# The learning goal each question trains (clvteach.exercises.goals.GOALS).
QUESTIONS = with_goals(QUESTIONS, {"ex01.q1": "A1", "ex01.q2": "A1", "ex01.q3": "K1", "ex01.q4": "K1", "ex01.q5": "K1", "ex01.q6": "K1", "ex01.q7": "K1", "ex01.q8": "K1", "ex01.q9": "K1"})

SPEC = register(ExerciseSpec(
    id="ex01",
    title="Exercise 01 · Customer value 客户价值",
    make_params=make_params,
    questions=QUESTIONS,
    describe=describe,
))
