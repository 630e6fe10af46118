"""Label dictionaries (English and Chinese) shared by the plots and the widgets.

Plots and widgets never hard-code display text: they look it up here with
:func:`text`, so one key gives ``"Present value (yuan)"`` or ``"现值（元）"``. The
shared keys (lifecycle stages and patterns, the five processes, the six value types,
the CLV segments) are the ones fixed in the project API; the Chinese terms are those of
the courseware.

This module is pure data: it imports neither matplotlib nor ipywidgets. Whether Chinese
can actually be *shown* (a CJK font is installed) is decided by
:func:`clvteach.style.resolve_language`.
"""
from __future__ import annotations

from ._validation import check_choice

__all__ = ["LANGUAGES", "LABELS", "text", "has_text"]

#: Supported languages: English (default) and Chinese.
LANGUAGES = ("en", "zh")

_EN: dict[str, str] = {
    # units and generic axes
    "yuan": "yuan",
    "currency_yuan": "yuan",
    "currency_usd": "US dollars",
    "year": "Year",
    "years": "years",
    "time": "Time",
    "time_axis": "Time ({unit})",
    "value_yuan": "Value (yuan)",
    "share_of_customers": "Share of customers (%)",
    "share_of_value": "Share of value (%)",
    # lifecycle stages
    "exploration": "Exploration",
    "formation": "Formation",
    "stability": "Stability",
    "deterioration": "Deterioration",
    # lifecycle patterns
    "early_abortion": "Early abortion",
    "midterm_abortion": "Mid-term abortion",
    "early_exit": "Early exit",
    "long_term_retention": "Long-term retention",
    # five processes
    "reach": "Reach",
    "acquisition": "Acquisition",
    "conversion": "Conversion",
    "retention": "Retention",
    "win_back": "Win-back",
    # six value types and their Maslow levels
    "functional": "Functional value",
    "trust": "Trust value",
    "social": "Social value",
    "epistemic": "Epistemic value",
    "aesthetic": "Aesthetic value",
    "self_actualisation": "Self-actualisation value",
    # CLV segments (current x potential)
    "high_value": "High-value customers",
    "growth": "Growth customers",
    "watch": "Customers to watch",
    "low_value": "Low-value customers",
    # delivered value (Kotler)
    "product": "Product value",
    "service": "Service value",
    "personnel": "Personnel value",
    "image": "Image value",
    "monetary": "Monetary cost",
    "time_cost": "Time cost",
    "energy": "Energy cost",
    "psychological": "Psychological cost",
    "total_value": "Total customer value",
    "total_cost": "Total customer cost",
    "delivered_value": "Delivered value",
    "delivered_value_title": "Customer delivered value = total value − total cost",
    "offer_comparison_title": "Offer comparison: delivered value",
    "offer": "Offer",
    "worth_it": "Worth more than it costs",
    "not_worth_it": "Not worth it",
    "value_types_title": "Six types of customer value (Maslow)",
    # DCF and CLV
    "dcf_title": "Current value: discounted profit per year",
    "present_value": "Present value per year",
    "cumulative_present_value": "Cumulative present value",
    "profit": "Profit before discounting",
    "present_value_yuan": "Present value (yuan)",
    "clv_composition_title": "Customer lifetime value = historical + current + potential",
    "historical": "Historical value",
    "current": "Current value",
    "potential": "Potential value",
    "total": "CLV",
    "upgrade": "Upgrade",
    "referral": "Referrals",
    "data": "Data",
    "tornado_title": "Which factor moves CLV most?",
    "clv_yuan": "CLV (yuan)",
    "factor_low": "Factor lowered",
    "range_yuan_per_year": "{lo} → {hi} yuan/yr",
    "range_years": "{lo} → {hi} years",
    "range_referrals_per_year": "{lo} → {hi} referrals/yr",
    "range_per_year": "{lo} → {hi} per year",
    "factor_high": "Factor raised",
    "base_case": "Base case",
    "factor_horizon": "Time horizon",
    "factor_discount_rate": "Discount rate",
    "factor_retention": "Retention rate",
    "factor_revenue_change": "Revenue trend",
    "factor_growth": "Revenue trend",
    "factor_maintenance_cost": "Maintenance cost",
    "factor_purchase_value": "Purchase value",
    "factor_referral_value": "Referral value",
    "factor_data_value": "Data value",
    "clv_cac_title": "CLV vs CAC",
    "clv_cac_ratio": "CLV:CAC = {ratio:.1f}:1",
    "cac": "Acquisition cost (CAC)",
    "cac_target": "3:1 target (3 × CAC)",
    "payback": "Payback after {payback:g} years",
    "payback_one": "Payback after {payback:g} year",
    "no_payback": "No payback within the horizon",
    # lifecycle plots
    "funnel_title": "Customer lifecycle: five processes",
    "customers": "Customers",
    "customers_count": "Customers (count)",
    "funnel_width": "Customers (count): bar width to scale",
    "of_previous": "{share:.0%} of previous",
    "of_churned": "{share:.0%} of the churned",
    "lifecycle_title": "Four-stage customer lifecycle",
    "relationship_value": "Relationship value ({value_unit} per {unit})",
    "patterns_title": "Four customer lifecycle patterns",
    "relationship_total": "Total value of the relationship",
    # data plots
    "rfm_title": "RFM heat map",
    "recency_score": "Recency score (R)",
    "frequency_score": "Frequency score (F)",
    "monetary_score": "Monetary score (M)",
    "rfm_count": "Customers (count)",
    "rfm_mean": "Mean {value}",
    "segment_map_title": "Customer segments: current × potential value",
    "current_value_in": "Current value ({currency})",
    "potential_value_in": "Potential value ({currency})",
    "pareto_title": "Pareto / Lorenz curve of customer value",
    "customers_ranked": "Share of customers, most valuable first (%)",
    "cumulative_value_share": "Cumulative share of value (%)",
    "equality": "All customers equal",
    "pareto_point": "Top {top:.0%} bring {share:.0%}",
}

_ZH: dict[str, str] = {
    "yuan": "元",
    "currency_yuan": "元",
    "currency_usd": "美元",
    "year": "年",
    "years": "年",
    "time": "时间",
    "time_axis": "时间（{unit}）",
    "value_yuan": "价值（元）",
    "share_of_customers": "客户占比（%）",
    "share_of_value": "价值占比（%）",
    "exploration": "考察期",
    "formation": "形成期",
    "stability": "稳定期",
    "deterioration": "退化期",
    "early_abortion": "早期流产型",
    "midterm_abortion": "中途夭折型",
    "early_exit": "提前退出型",
    "long_term_retention": "长久保持型",
    "reach": "到达",
    "acquisition": "获取",
    "conversion": "转换",
    "retention": "保留",
    "win_back": "流失/赢回",
    "functional": "功能性价值",
    "trust": "信赖性价值",
    "social": "社会性价值",
    "epistemic": "探知性价值",
    "aesthetic": "美感性价值",
    "self_actualisation": "自我实现价值",
    "high_value": "高价值客户",
    "growth": "成长型客户",
    "watch": "需警惕客户",
    "low_value": "低价值客户",
    "product": "产品价值",
    "service": "服务价值",
    "personnel": "人员价值",
    "image": "形象价值",
    "monetary": "货币成本",
    "time_cost": "时间成本",
    "energy": "精力成本",
    "psychological": "心理成本",
    "total_value": "客户总价值",
    "total_cost": "客户总成本",
    "delivered_value": "客户让渡价值",
    "delivered_value_title": "客户让渡价值 = 客户总价值 − 客户总成本",
    "offer_comparison_title": "方案比较：客户让渡价值",
    "offer": "方案",
    "worth_it": "物超所值",
    "not_worth_it": "不值",
    "value_types_title": "客户价值的六种类型（马斯洛需求层次）",
    "dcf_title": "当前价值：每年利润的贴现值",
    "present_value": "每年现值",
    "cumulative_present_value": "累计现值",
    "profit": "贴现前利润",
    "present_value_yuan": "现值（元）",
    "clv_composition_title": "客户终生价值 = 历史价值 + 当前价值 + 潜在价值",
    "historical": "历史价值",
    "current": "当前价值",
    "potential": "潜在价值",
    "total": "客户终生价值",
    "upgrade": "升级",
    "referral": "推荐",
    "data": "信息",
    "tornado_title": "哪个因素对客户终生价值影响最大？",
    "clv_yuan": "客户终生价值（元）",
    "factor_low": "因素降低",
    "range_yuan_per_year": "{lo} → {hi} 元/年",
    "range_years": "{lo} → {hi} 年",
    "range_referrals_per_year": "{lo} → {hi} 人/年",
    "range_per_year": "每年 {lo} → {hi}",
    "factor_high": "因素提高",
    "base_case": "基准情形",
    "factor_horizon": "时间长度",
    "factor_discount_rate": "贴现率",
    "factor_retention": "保留率",
    "factor_revenue_change": "收入变化",
    "factor_growth": "收入变化",
    "factor_maintenance_cost": "维系成本",
    "factor_purchase_value": "购买价值",
    "factor_referral_value": "口碑价值",
    "factor_data_value": "信息价值",
    "clv_cac_title": "客户终生价值与获客成本",
    "clv_cac_ratio": "CLV:CAC = {ratio:.1f}:1",
    "cac": "客户获取成本（CAC）",
    "cac_target": "3:1 目标（3 × CAC）",
    "payback": "{payback:g} 年收回成本",
    "payback_one": "{payback:g} 年收回成本",
    "no_payback": "在时间范围内无法收回成本",
    "funnel_title": "客户生命周期的五个过程",
    "customers": "客户",
    "customers_count": "客户数（人）",
    "funnel_width": "客户数（人）：条宽按比例",
    "of_previous": "上一环节的 {share:.0%}",
    "of_churned": "流失客户的 {share:.0%}",
    "lifecycle_title": "客户生命周期的四阶段模型",
    "relationship_value": "关系价值（{value_unit}/{unit}）",
    "patterns_title": "客户生命周期的四种模式",
    "relationship_total": "关系总价值",
    "rfm_title": "RFM 热力图",
    "recency_score": "最近一次消费得分（R）",
    "frequency_score": "消费频率得分（F）",
    "monetary_score": "消费金额得分（M）",
    "rfm_count": "客户数（人）",
    "rfm_mean": "{value} 平均值",
    "segment_map_title": "客户细分：当前价值 × 潜在价值",
    "current_value_in": "当前价值（{currency}）",
    "potential_value_in": "潜在价值（{currency}）",
    "pareto_title": "客户价值的帕累托/洛伦兹曲线",
    "customers_ranked": "客户占比，按价值从高到低（%）",
    "cumulative_value_share": "累计价值占比（%）",
    "equality": "所有客户价值相同",
    "pareto_point": "前 {top:.0%} 的客户贡献 {share:.0%}",
}

#: ``LABELS[lang][key]`` -> display text.
LABELS: dict[str, dict[str, str]] = {"en": _EN, "zh": _ZH}

# Time units as they appear inside labels such as "yuan per year".
_UNITS = {
    "en": {"year": "year", "quarter": "quarter", "month": "month", "week": "week",
           "day": "day"},
    "zh": {"year": "年", "quarter": "季度", "month": "月", "week": "周", "day": "天"},
}


def has_text(key: str) -> bool:
    """Whether ``key`` has a label (in every language)."""
    return key in _EN


def text(key: str, lang: str = "en", **fields: object) -> str:
    """Display text for ``key`` in ``lang``, with ``{fields}`` filled in.

    Unknown keys are returned as they are (so a data column called ``"spend"`` is still
    labelled), which keeps the plots usable with the user's own category names.

    Examples
    --------
    >>> text("present_value_yuan", "zh")
    '现值（元）'
    >>> text("clv_cac_ratio", ratio=3.25)
    'CLV:CAC = 3.2:1'
    """
    check_choice("lang", lang, LANGUAGES)
    template = LABELS[lang].get(key, key)
    return template.format(**fields) if fields else template


def currency(name: str, lang: str = "en") -> str:
    """A currency (``"yuan"``, ``"USD"``) as it reads inside a label; others unchanged."""
    key = f"currency_{name.lower()}"
    return text(key, lang) if has_text(key) else name


def unit(name: str, lang: str = "en") -> str:
    """A time unit (``"year"``, ``"month"``...) as it reads inside a label."""
    check_choice("lang", lang, LANGUAGES)
    return _UNITS[lang].get(name, name)
