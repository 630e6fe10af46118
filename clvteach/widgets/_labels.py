"""Widget labels in English and Chinese (the figures' labels live in clvteach.i18n)."""
from __future__ import annotations

__all__: list[str] = []

LANGUAGES = ("en", "zh")

_LABELS: dict[str, tuple[str, str]] = {
    # explorer titles
    "explorer": ("Explorer", "探索器"),
    "clv_calculator": ("CLV calculator", "客户终生价值计算器"),
    "sensitivity_explorer": ("Eight factors that move CLV", "影响客户终生价值的八个因素"),
    "delivered_value_explorer": ("Customer delivered value", "客户让渡价值"),
    "offer_comparison": ("Compare two offers", "两个方案的比较"),
    "lifecycle_explorer": ("Four-stage customer lifecycle", "客户生命周期四阶段模型"),
    "pattern_explorer": ("Four lifecycle patterns", "客户生命周期的四种模式"),
    "segment_explorer": ("Segments by current × potential value", "按当前价值 × 潜在价值细分客户"),
    # CLV calculator controls
    "annual_revenue": ("Revenue / year", "年收入"),
    "margin": ("Gross margin", "毛利率"),
    "retention": ("Retention / year", "年保留率"),
    "discount_rate": ("Discount rate / year", "年折现率"),
    "horizon": ("Horizon (years)", "期限（年）"),
    "growth": ("Revenue growth / year", "年收入增长率"),
    "maintenance_cost": ("Maintenance cost / year", "年维系成本"),
    "cac": ("Acquisition cost (CAC)", "获客成本 (CAC)"),
    "convention": ("Timing convention", "现金流时点约定"),
    # CLV calculator readouts
    "current_value": ("Current value (DCF)", "当前价值（折现）"),
    "infinite_value": ("Same, infinite horizon", "无限期限的当前价值"),
    "clv": ("CLV (forward, DCF)", "客户终生价值（折现）"),
    "clv_cac": ("CLV : CAC", "CLV : CAC"),
    "payback": ("Payback (years)", "回收期（年）"),
    "verdict": ("Verdict", "判断"),
    "never": ("never", "无法回收"),
    "present_value_by_year": ("Present value by year", "各年现值"),
    # sensitivity
    "focus": ("Curve of", "曲线因素"),
    "clv_total": ("CLV (hist. + current + potential)", "客户终生价值（历史+当前+潜在）"),
    "potential_value": ("Potential value", "潜在价值"),
    "top_factor": ("Largest swing", "影响最大的因素"),
    # lifecycle
    "exploration": ("Exploration (periods)", "考察期（期数）"),
    "formation": ("Formation (periods)", "形成期（期数）"),
    "stability": ("Stability (periods)", "稳定期（期数）"),
    "deterioration": ("Deterioration (periods)", "退化期（期数）"),
    "peak_level": ("Peak value / period", "峰值（每期）"),
    "end_level": ("Value at the end", "结束时的价值"),
    "fixed_lifetime": ("Fixed lifetime (stability takes the rest)", "总时长固定（稳定期取剩余）"),
    "lifecycle_total": ("Total value (area)", "总价值（面积）"),
    "change_vs_start": ("Change vs start", "相对初始的变化"),
    "stability_share": ("Share from stability", "稳定期贡献占比"),
    "lifetime": ("Lifetime (periods)", "生命周期（期数）"),
    "pattern": ("Pattern", "模式"),
    "peak": ("Peak purchases / month", "峰值（每月购买）"),
    "seed": ("Simulated customer #", "模拟客户编号"),
    "expected_total": ("Expected purchases", "期望购买次数"),
    "sample_total": ("This customer's purchases", "该客户购买次数"),
    "classified_as": ("Classified as", "识别为"),
    "reason": ("Reason", "原因"),
    # segments
    "current_percentile": ("Current value cut (percentile)", "当前价值分界（百分位）"),
    "potential_percentile": ("Potential value cut (percentile)", "潜在价值分界（百分位）"),
    "current_threshold": ("Current value threshold", "当前价值分界值"),
    "potential_threshold": ("Potential value threshold", "潜在价值分界值"),
    "segment_high_value": ("High-value customers", "高价值客户"),
    "segment_growth": ("Growth customers", "成长型客户"),
    "segment_watch": ("Customers to watch", "需警惕客户"),
    "segment_low_value": ("Low-value customers", "低价值客户"),
    # delivered value (Kotler) and offers
    "product": ("Product value", "产品价值"),
    "service": ("Service value", "服务价值"),
    "personnel": ("Personnel value", "人员价值"),
    "image": ("Image value", "形象价值"),
    "monetary": ("Monetary cost", "货币成本"),
    "time": ("Time cost", "时间成本"),
    "energy": ("Energy cost", "精力成本"),
    "psychological": ("Psychological cost", "心理成本"),
    "total_value": ("Total customer value", "客户总价值"),
    "total_cost": ("Total customer cost", "客户总成本"),
    "delivered_value": ("Delivered value", "客户让渡价值"),
    "value_cost_ratio": ("Value : cost", "价值 : 成本"),
    "edit_offer": ("Edit offer", "编辑方案"),
    "best_offer": ("Customer picks", "客户会选择"),
}


def label(key: str, lang: str) -> str:
    """The label for ``key`` in ``lang`` ("en" or "zh"); unknown keys are shown as is."""
    en, zh = _LABELS.get(key, (key, key))
    return zh if lang == "zh" else en
