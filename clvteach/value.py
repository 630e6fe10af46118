r"""Customer value (客户价值): six Maslow-based value types and customer delivered value.

Two views of customer value from the courseware (chapter 6, section 1):

1. **Six value types** (based on Maslow's hierarchy, 马斯洛需求层次), each with the
   Maslow level(s), the customer's questions, the firm's levers and examples
   (:data:`VALUE_TYPES`, :func:`value_type`, :func:`value_types_table`).
2. **Customer delivered value** (客户让渡价值, Kotler): total customer value minus total
   customer cost,

   .. math::

      \text{delivered value} = \underbrace{(P + S + E + I)}_{\text{total customer value}}
      - \underbrace{(M + T + N + Y)}_{\text{total customer cost}}

   with product P, service S, personnel E, image I value and monetary M, time T, energy N
   and psychological Y cost (:class:`Offer`, :func:`delivered_value`,
   :func:`compare_offers`). A customer finds an offer "物超所值 / worth more than it costs"
   when the difference is positive, otherwise "不值 / not worth it".

The courseware's case is the Chenguang smart coffee mug (晨光智能咖啡杯), price 298 yuan,
bought by Xiao Lin (小林). The courseware gives **only the price**; the other seven
components are qualitative (precise temperature keeping, 1-year replace-not-repair
warranty, polite courier, "quality-minded" image; 15 minutes ordering + 2 days waiting,
researching and learning the app, worry it breaks). :data:`CHENGUANG_MUG` and
:data:`RIVAL_MUG` therefore use **illustrative yuan-equivalent amounts** chosen for
teaching; they are not from the source and students are meant to change them.

References
----------
.. [1] Courseware chapter 6 "客户价值的分析与获取", section 1 (value types table; 客户让渡价值;
   case 晨光智能咖啡杯).
.. [2] Kotler, P., Keller, K. L. *Marketing Management* (customer delivered value = total
   customer value - total customer cost).
.. [3] Maslow, A. H. (1943). A theory of human motivation. *Psychological Review*, 50(4),
   370-396.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import pandas as pd

from ._validation import (check_amount, check_bool, check_fields, check_instance, check_str,
                          error_text, fmt_value)
from .settings import get_language

__all__ = [
    "MASLOW_LEVELS",
    "ValueType",
    "VALUE_TYPES",
    "value_type",
    "value_types_table",
    "VALUE_TYPE_ACTIVITY",
    "VALUE_TYPE_ACTIVITY_ZH",
    "value_type_activity",
    "VALUE_COMPONENTS",
    "COST_COMPONENTS",
    "VERDICTS",
    "Offer",
    "DeliveredValue",
    "CHENGUANG_MUG",
    "RIVAL_MUG",
    "delivered_value",
    "compare_offers",
]

#: Maslow's five levels, bottom to top: key -> (rank, zh).
MASLOW_LEVELS: dict[str, tuple[int, str]] = {
    "physiological": (1, "生理需求"),
    "safety": (2, "安全需求"),
    "belonging": (3, "社交需求"),
    "esteem": (4, "尊重需求"),
    "self_actualisation": (5, "自我实现需求"),
}


@dataclass(frozen=True)
class ValueType:
    """One of the six customer value types of the courseware's table."""

    key: str
    name: str
    zh: str
    maslow_levels: tuple[str, ...]
    core_needs: str
    core_needs_zh: str
    customer_questions: tuple[str, ...]
    customer_questions_zh: tuple[str, ...]
    firm_levers: tuple[str, ...]
    firm_levers_zh: str
    examples: tuple[str, ...]

    @property
    def maslow_levels_zh(self) -> tuple[str, ...]:
        return tuple(MASLOW_LEVELS[level][1] for level in self.maslow_levels)

    @property
    def maslow_rank(self) -> int:
        """Rank of the lowest Maslow level served (1 physiological ... 5 self-actualisation)."""
        return min(MASLOW_LEVELS[level][0] for level in self.maslow_levels)


#: The six value types, bottom of the pyramid first (courseware table, translated).
VALUE_TYPES: tuple[ValueType, ...] = (
    ValueType(
        "functional", "functional value", "功能性价值", ("physiological", "safety"),
        "usable, reliable, safe", "可用、可靠、安全",
        ("Does it solve my basic problem?", "Is it stable, free of errors?",
         "Is it worth the money?"),
        ("它能否解决我的基本问题?", "它是否稳定、不出错?", "是否物有所值?"),
        ("product quality", "basic functions", "reliability", "price advantage"),
        "产品质量、基础功能、可靠性、价格优势",
        ("a washing machine gets clothes clean", "a bank keeps the money in the account safe",
         "software runs stably without crashing"),
    ),
    ValueType(
        "trust", "trust value", "信赖性价值", ("safety",),
        "trust, peace of mind, assurance", "信任、安心、保障",
        ("Can I rely on it at any time?", "Are problems solved quickly?",
         "Is it worth entrusting myself to?"),
        ("我能否在任何时候都依赖它?", "出现问题能否快速解决?", "它是否值得托付?"),
        ("consistent experience", "timely after-sales service", "complete guarantees",
         "keeping promises"),
        "一致的体验、及时的售后、完善的保障、兑现承诺",
        ("JD's on-time delivery and worry-free returns", "SF Express's reliable delivery",
         "Haier's home service"),
    ),
    ValueType(
        "social", "social value", "社会性价值", ("belonging", "esteem"),
        "belonging, recognition, relationships", "归属、认同、关系",
        ("Does using it let me fit into a group?", "Does it help me connect with others?",
         "Is the brand accepted by my circle?"),
        ("使用它能否让我融入某个群体?", "它能否帮我与他人建立联系?", "品牌形象是否被我的圈子认可?"),
        ("building communities", "brand image", "social features", "circle marketing"),
        "打造社群、品牌形象、社交功能、圈层营销",
        ("the Apple fan community", "BMW's owners' club", "WeChat's social connections"),
    ),
    ValueType(
        "epistemic", "epistemic value", "探知性价值", ("esteem",),
        "new knowledge, growth, mastery", "新知、成长、掌控感",
        ("Does it help me learn something new?", "Can I improve myself through it?",
         "Can I master it?"),
        ("它能否帮我学习新东西?", "我能否通过它提升自己?", "我是否能熟练驾驭它?"),
        ("providing knowledge", "sparking curiosity", "empowering customers",
         "room to explore"),
        "提供知识、激发好奇、赋能客户、提供探索空间",
        ("Adobe empowers creators with tutorials", "Tesla's OTA updates bring new features",
         "LEGO stimulates creativity and problem solving"),
    ),
    ValueType(
        "aesthetic", "aesthetic value", "美感性价值", ("esteem",),
        "beauty, delight, enjoyment", "美感、愉悦、享受",
        ("Is the design pleasing?", "Is using it a pleasure?", "Does it suit my taste?"),
        ("它的设计是否令人愉悦?", "使用过程是否是一种享受?", "它是否符合我的审美?"),
        ("excellent design", "sensory experience (sight, touch)", "fine craftsmanship",
         "brand tone"),
        "卓越设计、感官体验(视觉/触觉)、精致工艺、品牌调性",
        ("Apple's minimalist design", "MUJI's natural aesthetics",
         "Dyson's industrial design", "the luxury of high-end hotels"),
    ),
    ValueType(
        "self_actualisation", "self-actualisation value", "自我实现价值",
        ("self_actualisation",),
        "ideals, meaning, co-creation", "理想、意义、共创",
        ("Does using it make me feel I realise my own worth?",
         "Is my choice consistent with my values?", "Can I take part and contribute?"),
        ("使用它是否让我感到实现了自我价值?", "我的选择是否与我的价值观一致?",
         "我能否参与其中并做出贡献?"),
        ("brand mission and values", "co-creation opportunities",
         "empowering customers to change the world"),
        "品牌使命与价值观、共创机会、赋能客户改变世界",
        ("Tesla's mission to accelerate the world's transition to sustainable energy",
         "Patagonia promotes environmental protection and repairing old clothes",
         "community co-creation of open-source software"),
    ),
)

_BY_NAME: dict[str, ValueType] = {}
for _vt in VALUE_TYPES:
    for _alias in (_vt.key, _vt.name, _vt.zh, _vt.key.replace("_", "-"),
                   _vt.name.removesuffix(" value")):
        _BY_NAME[_alias.lower()] = _vt


def value_type(name: str) -> ValueType:
    """Look a value type up by key (``"trust"``), English name or Chinese name (``"信赖性价值"``).

    Examples
    --------
    >>> value_type("信赖性价值").key
    'trust'
    >>> value_type("self-actualisation").maslow_levels
    ('self_actualisation',)
    """
    check_str("name", name)
    found = _BY_NAME.get(name.strip().lower())
    if found is None:
        keys = ", ".join(repr(v.key) for v in VALUE_TYPES)
        raise ValueError(error_text("error.value.value_type", name="name", options=keys,
                                    value=fmt_value(name)))
    return found


def value_types_table() -> pd.DataFrame:
    """The six value types as a tidy table (one row each, bottom of the pyramid first)."""
    rows = []
    for vt in VALUE_TYPES:
        rows.append({
            "key": vt.key, "name": vt.name, "zh": vt.zh,
            "maslow_levels": ", ".join(level.replace("_", "-") for level in vt.maslow_levels),
            "maslow_levels_zh": "、".join(vt.maslow_levels_zh),
            "maslow_rank": vt.maslow_rank,
            "core_needs": vt.core_needs, "core_needs_zh": vt.core_needs_zh,
            "customer_questions": " / ".join(vt.customer_questions),
            "customer_questions_zh": " ".join(vt.customer_questions_zh),
            "firm_levers": ", ".join(vt.firm_levers), "firm_levers_zh": vt.firm_levers_zh,
            "examples": "; ".join(vt.examples),
        })
    return pd.DataFrame(rows)


#: Notebook 01's activity "which type is this?" (判断客户价值的类型): the eight examples, each
#: with the value type the courseware's table gives it.
VALUE_TYPE_ACTIVITY: tuple[tuple[str, str], ...] = (
    ("The bank keeps my money safe.", "functional"),
    ("JD delivers on time and takes returns without fuss.", "trust"),
    ("The BMW owners' club.", "social"),
    ("Tesla's over-the-air (OTA) updates add new features.", "epistemic"),
    ("MUJI's natural, simple look.", "aesthetic"),
    ("Patagonia repairs your old jacket instead of selling you a new one.",
     "self_actualisation"),
    ("Haier's technician comes to your home.", "trust"),
    ("LEGO.", "epistemic"),
)


#: The same eight examples as the Chinese edition words them (shown when the language is zh).
VALUE_TYPE_ACTIVITY_ZH: tuple[str, ...] = (
    "银行保证我的存款安全。",
    "京东准时送货，退货也不麻烦。",
    "宝马车主俱乐部。",
    "特斯拉的在线（OTA）升级带来新功能。",
    "无印良品自然、简约的外观。",
    "Patagonia 帮你修补旧夹克，而不是卖给你一件新的。",
    "海尔的技术员上门服务。",
    "乐高。",
)


def value_type_activity(guesses: Any) -> pd.DataFrame:
    """Compare your guesses in the "which type is this?" activity with the courseware.

    The courseware's answer to an example is shown only once you have written a guess for
    it, so the activity cannot be spoiled by running the cell first.

    Parameters
    ----------
    guesses : mapping of int to str
        Example number (1-8, as in :data:`VALUE_TYPE_ACTIVITY`) → your value type, by key
        (``"trust"``), English or Chinese name (``"信赖性价值"``). ``...`` (or a missing
        number) means "not guessed yet".

    Returns
    -------
    pandas.DataFrame
        One row per example: ``example``, ``your_guess``, ``courseware`` (the value type
        with its Chinese name, or "guess first") and ``right`` (✓ / ✗ / empty). When the
        language is Chinese (:func:`clvteach.set_language`), the examples, headers and
        names are those of the Chinese edition (例子, 你的判断, 课件答案, 对错).

    Examples
    --------
    >>> table = value_type_activity({1: "functional", 2: ...})
    >>> table.loc[1, "right"], table.loc[2, "courseware"]
    ('✓', 'guess first')
    """
    if not hasattr(guesses, "get"):
        raise TypeError(error_text("error.value.guesses_type", name="guesses",
                                   example="{1: 'trust'}", type=type(guesses).__name__))
    unknown = [k for k in guesses if k not in range(1, len(VALUE_TYPE_ACTIVITY) + 1)]
    if unknown:
        raise ValueError(error_text("error.value.guesses_numbers", name="guesses",
                                    count=len(VALUE_TYPE_ACTIVITY), value=fmt_value(unknown[0])))
    zh = get_language() == "zh"
    columns = (["例子", "你的判断", "课件答案", "对错"] if zh
               else ["example", "your_guess", "courseware", "right"])
    rows = []
    for number, (text, answer) in enumerate(VALUE_TYPE_ACTIVITY, start=1):
        if zh:
            text = VALUE_TYPE_ACTIVITY_ZH[number - 1]
        guess = guesses.get(number, ...)
        if guess is ... or guess is None or (isinstance(guess, str) and not guess.strip()):
            rows.append(dict(zip(columns, [text, "…", "请先作答" if zh else "guess first", ""])))
            continue
        mine = value_type(str(guess))  # raises a clear error for an unknown name
        right = value_type(answer)
        rows.append(dict(zip(columns, [
            text, mine.zh if zh else f"{mine.name} {mine.zh}",
            right.zh if zh else f"{right.name} {right.zh}",
            "✓" if mine.key == right.key else "✗"])))
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1,
                                                  name="序号" if zh else "number"))


# --------------------------------------------------------------------------- delivered value
#: The four components of total customer value: key -> zh.
VALUE_COMPONENTS: dict[str, str] = {
    "product": "产品价值", "service": "服务价值", "personnel": "人员价值", "image": "形象价值",
}
#: The four components of total customer cost: key -> zh.
COST_COMPONENTS: dict[str, str] = {
    "monetary": "货币成本", "time": "时间成本", "energy": "精力成本", "psychological": "心理成本",
}
#: Verdicts: key -> (English, Chinese).
VERDICTS: dict[str, tuple[str, str]] = {
    "worth_it": ("worth more than it costs", "物超所值"),
    "not_worth_it": ("not worth it", "不值"),
}


@dataclass(frozen=True)
class Offer:
    """An offer as one customer perceives it, every component in yuan-equivalent (>= 0)."""

    name: str = "offer"
    product: float = 0.0
    service: float = 0.0
    personnel: float = 0.0
    image: float = 0.0
    monetary: float = 0.0
    time: float = 0.0
    energy: float = 0.0
    psychological: float = 0.0
    note: str = ""
    #: The name in the Chinese edition ("" = the same as ``name``); see :meth:`label`.
    name_zh: str = ""

    def __post_init__(self) -> None:
        check_str("name", self.name)
        check_str("name_zh", self.name_zh)
        for key in (*VALUE_COMPONENTS, *COST_COMPONENTS):
            object.__setattr__(self, key, check_amount(key, getattr(self, key)))

    def replace(self, **changes: Any) -> Offer:
        """A copy with some components changed (validated; unknown names are an error)."""
        check_fields("Offer", changes, {f.name for f in fields(self)})
        if "name" in changes and "name_zh" not in changes:
            changes["name_zh"] = ""  # a renamed offer: its old Chinese name no longer fits
        return replace(self, **changes)

    def label(self, lang: str | None = None) -> str:
        """The offer's name as shown in ``lang`` (default: the current language)."""
        lang = get_language() if lang is None else lang
        return self.name_zh if lang == "zh" and self.name_zh else self.name


#: Chenguang smart coffee mug (晨光智能咖啡杯) as Xiao Lin sees it. Only the price (298) is
#: from the courseware; the other amounts are ILLUSTRATIVE yuan-equivalents for teaching.
CHENGUANG_MUG = Offer(
    name="Chenguang smart mug (晨光智能咖啡杯)",
    name_zh="晨光智能咖啡杯",
    product=280.0,       # 55-85 °C precise temperature keeping, food-grade, simple design
    service=70.0,        # 1-year replace-not-repair warranty, free engraving, 24 h support
    personnel=30.0,      # patient professional support staff, tidy polite courier
    image=90.0,          # "quality-minded, tech-savvy" self-image
    monetary=298.0,      # the price (courseware)
    time=20.0,           # 15 min ordering + 2 days waiting
    energy=30.0,         # researching features, comparing brands, learning the app
    psychological=40.0,  # worry it breaks after a few days; is the price inflated?
    note="price 298 from the courseware; other amounts illustrative",
)

#: A rival smart mug, entirely ILLUSTRATIVE (not in the courseware): dearer, weaker
#: service and brand image, more worry.
RIVAL_MUG = Offer(
    name="Rival smart mug (illustrative)",
    name_zh="竞品智能杯（示意）",
    product=290.0, service=40.0, personnel=20.0, image=60.0,
    monetary=349.0, time=30.0, energy=40.0, psychological=50.0,
    note="all amounts illustrative",
)


@dataclass(frozen=True)
class DeliveredValue:
    """Result of :func:`delivered_value` (yuan-equivalent)."""

    name: str
    total_value: float
    total_cost: float
    delivered_value: float
    value_cost_ratio: float
    verdict: str
    verdict_zh: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def delivered_value(offer: Offer | None = None, **components: Any) -> DeliveredValue:
    r"""Customer delivered value (客户让渡价值) of one offer, and the customer's verdict.

    .. math::

       V = P + S + E + I,\qquad C = M + T + N + Y,\qquad
       \text{delivered} = V - C,\qquad \text{ratio} = V / C

    The verdict is "worth more than it costs" (物超所值) when :math:`V > C`, otherwise
    "not worth it" (不值). With :data:`CHENGUANG_MUG`: V = 470, C = 388, delivered 82,
    ratio 1.21 -> 物超所值 (illustrative amounts; only the price 298 is from the courseware).

    Parameters
    ----------
    offer : Offer, optional
        The offer; default an empty :class:`Offer`.
    **components
        Components to set or override: ``product, service, personnel, image, monetary,
        time, energy, psychological`` (yuan-equivalent, >= 0) and ``name``.

    Returns
    -------
    DeliveredValue
        ``value_cost_ratio`` is ``inf`` when the total cost is 0 and the value positive
        (``nan`` is never returned: 0/0 gives ratio 0 and "not worth it").

    References
    ----------
    .. [1] Courseware ch. 6, "让渡价值 = 总客户价值 - 总客户成本" (case 晨光智能咖啡杯).
    .. [2] Kotler & Keller, *Marketing Management*.

    Examples
    --------
    >>> delivered_value(CHENGUANG_MUG).verdict_zh
    '物超所值'
    >>> delivered_value(product=100, monetary=150).delivered_value
    -50.0
    """
    if offer is None:
        offer = Offer()
    else:
        check_instance("offer", offer, Offer)
    if components:
        offer = offer.replace(**components)
    total_value = sum(getattr(offer, key) for key in VALUE_COMPONENTS)
    total_cost = sum(getattr(offer, key) for key in COST_COMPONENTS)
    delivered = total_value - total_cost
    if total_cost > 0:
        ratio = total_value / total_cost
    else:
        ratio = math.inf if total_value > 0 else 0.0
    verdict = "worth_it" if delivered > 0 else "not_worth_it"
    english, chinese = VERDICTS[verdict]
    return DeliveredValue(name=offer.label(), total_value=float(total_value),
                          total_cost=float(total_cost), delivered_value=float(delivered),
                          value_cost_ratio=float(ratio), verdict=english, verdict_zh=chinese)


def compare_offers(offers: Iterable[Offer] | None = None, *,
                   sort: bool = False) -> pd.DataFrame:
    """Delivered value of several offers side by side (one row per offer, tidy).

    Parameters
    ----------
    offers : iterable of Offer, optional
        Default: ``[CHENGUANG_MUG, RIVAL_MUG]``.
    sort : bool
        Sort by delivered value, best first (default: keep the given order).

    Returns
    -------
    pandas.DataFrame
        Columns ``offer``, the eight components, ``total_value, total_cost,
        delivered_value, value_cost_ratio, verdict, verdict_zh, rank`` (1 = highest
        delivered value).

    Examples
    --------
    >>> compare_offers()[["delivered_value", "verdict_zh"]].values.tolist()
    [[82.0, '物超所值'], [-59.0, '不值']]
    """
    offers = [CHENGUANG_MUG, RIVAL_MUG] if offers is None else list(offers)
    if not offers:
        raise ValueError(error_text("error.value.no_offers", name="offers"))
    check_bool("sort", sort)
    rows = []
    for i, offer in enumerate(offers):
        check_instance(f"offers[{i}]", offer, Offer)
        result = delivered_value(offer)
        row: dict[str, Any] = {"offer": offer.label()}
        row.update({key: getattr(offer, key) for key in (*VALUE_COMPONENTS, *COST_COMPONENTS)})
        row.update({k: v for k, v in result.as_dict().items() if k != "name"})
        rows.append(row)
    table = pd.DataFrame(rows)
    table["rank"] = table["delivered_value"].rank(ascending=False, method="min").astype(int)
    if sort:
        table = table.sort_values("rank", kind="stable").reset_index(drop=True)
    return table

