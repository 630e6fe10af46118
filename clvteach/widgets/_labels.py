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
}


def label(key: str, lang: str) -> str:
    """The label for ``key`` in ``lang`` ("en" or "zh"); unknown keys are shown as is."""
    en, zh = _LABELS.get(key, (key, key))
    return zh if lang == "zh" else en
