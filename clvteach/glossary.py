"""The chapter's terms in Chinese and English (中英术语表), with short definitions.

One source for the glossary notebooks (``notebooks/glossary.ipynb`` and
``notebooks/zh/glossary.ipynb``, written by ``tools/build_glossary.py``) and for the
test that the Chinese edition uses each term one way. The Chinese terms are those of
the courseware (courseware ch. 6, 客户价值的分析与获取); where a term is also a label in
the string catalogue (:mod:`clvteach.i18n`), its Chinese name is taken from there, so
that a figure and the glossary can never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import text

__all__ = ["Term", "TERMS", "glossary_table", "glossary_markdown"]


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes
    ----------
    zh, en : str
        The term in Chinese (as the course writes it) and in English.
    definition_en, definition_zh : str
        A one-sentence definition in each language.
    section : str
        The notebook that introduces the term ("01" ... "05").
    synonyms : tuple of str
        Other Chinese names found in the courseware (mentioned, not used by the course).
    avoid : tuple of str
        Chinese variants the course must not use for this term (checked by a test).
    """

    zh: str
    en: str
    definition_en: str
    definition_zh: str
    section: str
    synonyms: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()


def _t(key: str, en: str | None = None, **kw: object) -> Term:
    """A term whose Chinese name (and, unless given, English name) is the catalogue's."""
    en = en or text(key, "en")
    if not en[:2].isupper():  # "Monetary cost" -> "monetary cost"; "CLV" stays
        en = en[0].lower() + en[1:]
    return Term(zh=text(key, "zh"), en=en, **kw)  # type: ignore[arg-type]


TERMS: tuple[Term, ...] = (
    # 01 customer value
    Term("客户价值", "customer value",
         "The net cash flows a firm receives from a customer over the whole relationship, "
         "past and expected.",
         "企业在客户的整个生命周期中，感知到的来自客户的净现金流及其未来净现金流的总和。", "01"),
    _t("term.delivered.delivered_value", "customer delivered value",
       definition_en="What the customer gets minus what it costs him or her: total customer "
                     "value − total customer cost (Kotler).",
       definition_zh="客户总价值与客户总成本之间的差额（科特勒）。", section="01",
       avoid=("顾客让渡价值",)),
    _t("term.delivered.total_value",
       definition_en="Product, service, personnel and image value together.",
       definition_zh="产品价值、服务价值、人员价值和形象价值之和。", section="01",
       avoid=("顾客总价值", "总顾客价值")),
    _t("term.delivered.total_cost",
       definition_en="Monetary, time, energy and psychological cost together.",
       definition_zh="货币成本、时间成本、精力成本和心理成本之和。", section="01",
       avoid=("顾客总成本", "总顾客成本")),
    _t("term.delivered.monetary", definition_en="The price paid.",
       definition_zh="客户支付的价格。", section="01"),
    _t("term.delivered.energy",
       definition_en="Physical and mental effort spent to buy and use the offer.",
       definition_zh="购买和使用产品所耗费的体力与精力。", section="01",
       avoid=("体力成本",)),
    _t("term.delivered.psychological",
       definition_en="Worry and risk felt in buying (will it work, is it a good deal?).",
       definition_zh="购买时承受的担忧和风险感。", section="01"),
    # 02 customer lifecycle
    Term("客户生命周期", "customer lifecycle",
         "The whole course of a customer relationship, from first contact to its end.",
         "客户关系从建立到完全终止的全过程。", "02"),
    _t("term.stage.exploration", "exploration stage",
       definition_en="Trial: both sides test each other; uncertainty is highest.",
       definition_zh="关系的孕育期，双方相互了解和试探，不确定性最大。", section="02"),
    _t("term.stage.formation", "formation stage",
       definition_en="The relationship grows fast; trust and purchases rise.",
       definition_zh="关系的快速发展阶段，信任和交易快速增加。", section="02"),
    _t("term.stage.stability", "stability stage",
       definition_en="The highest stage of the relationship: the peak of value.",
       definition_zh="关系发展的最高阶段，客户价值达到顶峰。", section="02"),
    _t("term.stage.deterioration", "deterioration stage",
       definition_en="The relationship weakens; purchases decline.",
       definition_zh="关系发展过程中的逆转阶段，交易量下降。", section="02"),
    _t("term.pattern.early_abortion", "early abortion pattern",
       definition_en="Lost right after acquisition, in the exploration stage.",
       definition_zh="客户在考察期就流失。", section="02"),
    _t("term.pattern.midterm_abortion", "mid-term abortion pattern",
       definition_en="Lost before reaching stability; the largest loss of potential value.",
       definition_zh="客户在进入稳定期前流失，潜在价值损失最大。", section="02"),
    _t("term.pattern.early_exit", "early exit pattern",
       definition_en="Reached stability but left early.",
       definition_zh="客户进入稳定期后提前退出。", section="02"),
    _t("term.pattern.long_term_retention", "long-term retention pattern",
       definition_en="Stays loyal for a long stable stage: the ideal pattern.",
       definition_zh="客户长期保持在稳定期，是最理想的模式。", section="02"),
    # 03 customer lifetime value
    _t("term.clv.total", "customer lifetime value (CLV)",
       definition_en="All the value a customer brings over the relationship: historical + "
                     "current + potential value.",
       definition_zh="客户在整个生命周期中为企业带来的收益总和，由历史价值、当前价值和潜在价值组成。",
       section="03", synonyms=("客户终身价值（LTV）",), avoid=("客户生命周期价值",)),
    _t("term.clv.historical",
       definition_en="Value already realised up to today.",
       definition_zh="到目前为止已经实现的客户价值。", section="03"),
    _t("term.clv.current",
       definition_en="Value the customer will bring if today's behaviour goes on, "
                     "discounted to today.",
       definition_zh="如果客户当前的行为模式不变，将来会带来的价值（贴现到今天）。", section="03"),
    _t("term.clv.potential",
       definition_en="Extra value if the firm makes the customer buy more (upgrades, "
                     "cross-selling, referrals, data).",
       definition_zh="企业通过调动客户购买积极性（升级、交叉销售、推荐、信息）可增加的价值。",
       section="03"),
    _t("term.clv.discount_rate",
       definition_en="The yearly rate that turns future profit into today's money.",
       definition_zh="把未来利润换算成今天价值所用的年利率。", section="03",
       synonyms=("折现率",)),
    _t("term.clv.retention_rate",
       definition_en="The share of customers who stay from one period to the next.",
       definition_zh="从一期到下一期仍然留下的客户比例。", section="03",
       avoid=("留存率",)),
    _t("term.factor.maintenance_cost",
       definition_en="What it costs each year to keep a customer.",
       definition_zh="每年维系一个客户关系的成本。", section="03", avoid=("维持成本",)),
    _t("term.factor.referral_value",
       definition_en="Value of the new customers a customer brings by word of mouth.",
       definition_zh="客户通过口碑推荐带来新客户的价值。", section="03"),
    # 04 CLV analysis
    _t("term.clv.cac", "customer acquisition cost (CAC)",
       definition_en="What the firm spends to win one new customer.",
       definition_zh="企业获取一个新客户所花费的成本。", section="04"),
    _t("term.clv.payback", "payback period",
       definition_en="The time until a customer's cumulative value covers the CAC.",
       definition_zh="客户累计带来的价值收回客户获取成本所需的时间。", section="04",
       avoid=("回报周期", "回本周期", "投资回收期")),
    _t("term.segment.high_value",
       definition_en="High current and high potential value.",
       definition_zh="当前价值和潜在价值都高的客户。", section="04"),
    _t("term.segment.growth",
       definition_en="Low current but high potential value.",
       definition_zh="当前价值低、潜在价值高的客户。", section="04"),
    _t("term.segment.watch",
       definition_en="High current but low potential value.",
       definition_zh="当前价值高、潜在价值低的客户。", section="04"),
    _t("term.segment.low_value",
       definition_en="Low current and low potential value.",
       definition_zh="当前价值和潜在价值都低的客户。", section="04"),
)


def glossary_table(lang: str = "en") -> list[tuple[str, str, str]]:
    """Rows ``(term, other-language term, definition)`` in ``lang``, in course order."""
    if lang == "zh":
        return [(t.zh, t.en, t.definition_zh) for t in TERMS]
    return [(t.en, t.zh, t.definition_en) for t in TERMS]


def glossary_markdown(lang: str = "en") -> str:
    """The glossary as one markdown table (what the glossary notebooks show)."""
    head = ("| 术语 | English | 定义 | 见笔记本 |\n|---|---|---|---|" if lang == "zh" else
            "| Term | 中文 | Definition | Notebook |\n|---|---|---|---|")
    rows = []
    for t in TERMS:
        if lang == "zh":
            also = f"（课件中也作{'、'.join(t.synonyms)}）" if t.synonyms else ""
            rows.append(f"| **{t.zh}** | {t.en} | {t.definition_zh}{also} | {t.section} |")
        else:
            also = f" (courseware also: {', '.join(t.synonyms)})" if t.synonyms else ""
            rows.append(f"| **{t.en}** | {t.zh} | {t.definition_en}{also} | {t.section} |")
    return "\n".join([head, *rows])
