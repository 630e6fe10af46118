"""The one catalogue of display strings (English and Chinese), with namespaced keys.

Every string a student reads — figure titles and axes, widget labels, readouts and
verdicts, choice-option names, error messages of the course's functions — is looked up
here with :func:`text`, so one key gives ``"Present value (yuan)"`` or ``"现值（元）"``.
Keys are namespaced by who uses them, and a key has exactly one meaning:

* ``term.*`` — the chapter's terms (lifecycle stages and patterns, the five processes,
  the six value types, delivered value, CLV components, segments, sensitivity factors,
  CLV : CAC verdicts); shared by plots, widgets, exercises and the glossary;
* ``plot.*`` — figure titles, axis labels, legends and notes;
* ``widget.*`` — explorer titles, control labels, readouts;
* ``unit.*`` — time units and currencies as they read inside a label;
* ``error.*`` — messages of :mod:`clvteach._validation` (bad input);
* ``lifecycle.*`` — reasons given by :func:`clvteach.classify_pattern`;
* ``check.*`` — generic messages of the exercise checker.

The Chinese terms are those of the courseware (courseware ch. 6, 客户价值的分析与获取);
:mod:`clvteach.glossary` lists them with definitions.

This module is pure data plus lookups: it imports neither matplotlib nor ipywidgets,
and reading it never changes any setting. The current language is kept by
:mod:`clvteach.settings`.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass

__all__ = ["LANGUAGES", "CATALOGUE", "Text", "text", "localise", "has_text", "keys",
           "currency", "unit", "option_aliases"]

#: Supported languages: English (default) and Chinese.
LANGUAGES = ("en", "zh")

# key -> (English, Chinese). Placeholders ({name}) must be the same in both.
_ENTRIES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- terms
    # lifecycle stages
    "term.stage.exploration": ("Exploration", "考察期"),
    "term.stage.formation": ("Formation", "形成期"),
    "term.stage.stability": ("Stability", "稳定期"),
    "term.stage.deterioration": ("Deterioration", "退化期"),
    # lifecycle patterns
    "term.pattern.early_abortion": ("Early abortion", "早期流产型"),
    "term.pattern.midterm_abortion": ("Mid-term abortion", "中途夭折型"),
    "term.pattern.early_exit": ("Early exit", "提前退出型"),
    "term.pattern.long_term_retention": ("Long-term retention", "长久保持型"),
    # the five processes of the lifecycle
    "term.process.reach": ("Reach", "到达"),
    "term.process.acquisition": ("Acquisition", "获取"),
    "term.process.conversion": ("Conversion", "转换"),
    "term.process.retention": ("Retention", "保留"),
    "term.process.win_back": ("Win-back", "流失/赢回"),
    # six value types (Maslow)
    "term.value_type.functional": ("Functional value", "功能性价值"),
    "term.value_type.trust": ("Trust value", "信赖性价值"),
    "term.value_type.social": ("Social value", "社会性价值"),
    "term.value_type.epistemic": ("Epistemic value", "探知性价值"),
    "term.value_type.aesthetic": ("Aesthetic value", "美感性价值"),
    "term.value_type.self_actualisation": ("Self-actualisation value", "自我实现价值"),
    # CLV segments (current x potential value)
    "term.segment.high_value": ("High-value customers", "高价值客户"),
    "term.segment.growth": ("Growth customers", "成长型客户"),
    "term.segment.watch": ("Customers to watch", "需警惕客户"),
    "term.segment.low_value": ("Low-value customers", "低价值客户"),
    # customer delivered value (Kotler)
    "term.delivered.product": ("Product value", "产品价值"),
    "term.delivered.service": ("Service value", "服务价值"),
    "term.delivered.personnel": ("Personnel value", "人员价值"),
    "term.delivered.image": ("Image value", "形象价值"),
    "term.delivered.monetary": ("Monetary cost", "货币成本"),
    "term.delivered.time": ("Time cost", "时间成本"),
    "term.delivered.energy": ("Energy cost", "精力成本"),
    "term.delivered.psychological": ("Psychological cost", "心理成本"),
    "term.delivered.total_value": ("Total customer value", "客户总价值"),
    "term.delivered.total_cost": ("Total customer cost", "客户总成本"),
    "term.delivered.delivered_value": ("Delivered value", "客户让渡价值"),
    "term.delivered.worth_it": ("Worth more than it costs", "物超所值"),
    "term.delivered.not_worth_it": ("Not worth it", "不值"),
    # customer lifetime value
    "term.clv.clv": ("Customer lifetime value (CLV)", "客户终生价值（CLV）"),
    "term.clv.historical": ("Historical value", "历史价值"),
    "term.clv.current": ("Current value", "当前价值"),
    "term.clv.potential": ("Potential value", "潜在价值"),
    "term.clv.total": ("CLV", "客户终生价值"),
    "term.clv.upgrade": ("Upgrade", "升级"),
    "term.clv.referral": ("Referrals", "推荐"),
    "term.clv.data": ("Data", "信息"),
    "term.clv.cac": ("Customer acquisition cost (CAC)", "客户获取成本（CAC）"),
    "term.clv.payback": ("Payback period", "回收期"),
    "term.clv.discount_rate": ("Discount rate", "贴现率"),
    "term.clv.retention_rate": ("Retention rate", "保留率"),
    "term.clv.present_value": ("Present value", "现值"),
    # the eight factors that move CLV
    "term.factor.horizon": ("Time horizon", "时间长度"),
    "term.factor.discount_rate": ("Discount rate", "贴现率"),
    "term.factor.retention": ("Retention rate", "保留率"),
    "term.factor.revenue_change": ("Revenue trend", "收入变化"),
    "term.factor.maintenance_cost": ("Maintenance cost", "维系成本"),
    "term.factor.purchase_value": ("Purchase value", "购买价值"),
    "term.factor.referral_value": ("Referral value", "口碑价值"),
    "term.factor.data_value": ("Data value", "信息价值"),
    # CLV : CAC verdicts (keys of clvteach.clv_cac_verdict)
    "term.verdict.healthy": ("healthy (≥ 3 : 1)", "健康（≥ 3 : 1）"),
    "term.verdict.thin": ("thin (1–3 : 1)", "偏薄（1–3 : 1）"),
    "term.verdict.losing": ("losing (< 1 : 1)", "亏损（< 1 : 1）"),
    # ---------------------------------------------------------------- units
    "unit.year": ("year", "年"),
    "unit.quarter": ("quarter", "季度"),
    "unit.month": ("month", "月"),
    "unit.week": ("week", "周"),
    "unit.day": ("day", "天"),
    "unit.currency.yuan": ("yuan", "元"),
    "unit.currency.usd": ("US dollars", "美元"),
    "unit.purchases": ("purchases", "购买次数"),
    # ---------------------------------------------------------------- plots
    "plot.year": ("Year", "年"),
    "plot.time_axis": ("Time ({unit})", "时间（{unit}）"),
    "plot.value_yuan": ("Value (yuan)", "价值（元）"),
    "plot.delivered_value_title": ("Customer delivered value = total value − total cost",
                                   "客户让渡价值 = 客户总价值 − 客户总成本"),
    "plot.offer_comparison_title": ("Offer comparison: delivered value",
                                    "方案比较：客户让渡价值"),
    "plot.offer": ("Offer", "方案"),
    "plot.value_types_title": ("Six types of customer value (Maslow)",
                               "客户价值的六种类型（马斯洛需求层次）"),
    "plot.dcf_title": ("Current value: discounted profit per year", "当前价值：每年利润的折现值"),
    "plot.present_value": ("Present value per year", "每年现值"),
    "plot.cumulative_present_value": ("Cumulative present value", "累计现值"),
    "plot.profit": ("Profit before discounting", "折现前利润"),
    "plot.present_value_yuan": ("Present value (yuan)", "现值（元）"),
    "plot.clv_composition_title": ("Customer lifetime value = historical + current + potential",
                                   "客户终生价值 = 历史价值 + 当前价值 + 潜在价值"),
    "plot.tornado_title": ("Which factor moves CLV most?", "哪个因素对客户终生价值影响最大？"),
    "plot.clv_yuan": ("CLV (yuan)", "客户终生价值（元）"),
    "plot.factor_low": ("Factor lowered", "因素降低"),
    "plot.factor_high": ("Factor raised", "因素提高"),
    "plot.range_yuan_per_year": ("{lo} → {hi} yuan/yr", "{lo} → {hi} 元/年"),
    "plot.range_years": ("{lo} → {hi} years", "{lo} → {hi} 年"),
    "plot.range_referrals_per_year": ("{lo} → {hi} referrals/yr", "{lo} → {hi} 人/年"),
    "plot.range_per_year": ("{lo} → {hi} per year", "每年 {lo} → {hi}"),
    "plot.base_case": ("Base case", "基准情形"),
    "plot.clv_cac_title": ("CLV vs CAC", "客户终生价值与客户获取成本"),
    "plot.clv_cac_ratio": ("CLV:CAC = {ratio:.1f}:1", "CLV:CAC = {ratio:.1f}:1"),
    "plot.cac": ("Acquisition cost (CAC)", "客户获取成本（CAC）"),
    "plot.cac_target": ("3:1 target (3 × CAC)", "3:1 目标（3 × CAC）"),
    "plot.payback": ("Payback after {payback:g} years", "回收期 {payback:g} 年"),
    "plot.payback_one": ("Payback after {payback:g} year", "回收期 {payback:g} 年"),
    "plot.no_payback": ("No payback within the horizon", "在时间范围内无法收回成本"),
    "plot.funnel_title": ("Customer lifecycle: five processes", "客户生命周期的五个过程"),
    "plot.funnel_width": ("Customers (count): bar width to scale", "客户数（人）：条宽按比例"),
    "plot.of_previous": ("{share:.0%} of previous", "上一环节的 {share:.0%}"),
    "plot.of_churned": ("{share:.0%} of the churned", "流失客户的 {share:.0%}"),
    "plot.lifecycle_title": ("Four-stage customer lifecycle", "客户生命周期的四阶段模型"),
    "plot.relationship_value": ("Relationship value ({value_unit} per {unit})",
                                "关系价值（{value_unit}/{unit}）"),
    "plot.patterns_title": ("Four customer lifecycle patterns", "客户生命周期的四种模式"),
    "plot.relationship_total": ("Total value of the relationship", "关系总价值"),
    "plot.rfm_title": ("RFM heat map", "RFM 热力图"),
    "plot.recency_score": ("Recency score (R)", "最近一次消费得分（R）"),
    "plot.frequency_score": ("Frequency score (F)", "消费频率得分（F）"),
    "plot.monetary_score": ("Monetary score (M)", "消费金额得分（M）"),
    "plot.rfm_count": ("Customers (count)", "客户数（人）"),
    "plot.rfm_mean": ("Mean {value}", "{value} 平均值"),
    "plot.segment_map_title": ("Customer segments: current × potential value",
                               "客户细分：当前价值 × 潜在价值"),
    "plot.current_value_in": ("Current value ({currency})", "当前价值（{currency}）"),
    "plot.potential_value_in": ("Potential value ({currency})", "潜在价值（{currency}）"),
    "plot.pareto_title": ("Pareto / Lorenz curve of customer value",
                          "客户价值的帕累托/洛伦兹曲线"),
    "plot.customers_ranked": ("Share of customers, most valuable first (%)",
                              "客户占比，按价值从高到低（%）"),
    "plot.cumulative_value_share": ("Cumulative share of value (%)", "累计价值占比（%）"),
    "plot.equality": ("All customers equal", "所有客户价值相同"),
    "plot.gini": ("Gini = {gini:.2f}", "基尼系数 = {gini:.2f}"),
    "plot.pareto_point": ("Top {top:.0%} bring {share:.0%}", "前 {top:.0%} 的客户贡献 {share:.0%}"),
    # probabilistic models (notebook 05)
    "plot.model.p_alive": ("P(alive)", "P(仍活跃)"),
    "plot.model.frequency": ("frequency: repeat purchases in the calibration period",
                             "频率：校准期内的重复购买次数"),
    "plot.model.recency": ("recency: last purchase ({unit} after the first)",
                           "最近购买：末次购买距首次购买的时间（{unit}）"),
    "plot.model.p_alive_title": ("Probability that a customer is still active, T = {T:g} {unit}",
                                 "客户仍活跃的概率，T = {T:g} {unit}"),
    "plot.model.actual": ("actual", "实际"),
    "plot.model.bgnbd_forecast": ("BG/NBD forecast", "BG/NBD 预测"),
    "plot.model.repeat_purchases": ("repeat purchases in the calibration period",
                                    "校准期内的重复购买次数"),
    "plot.model.holdout_mean": ("mean purchases in the {length:g}-{unit} holdout",
                                "检验期（{length:g} {unit}）内的平均购买次数"),
    "plot.model.calibration_title": ("Calibration vs holdout ({count:,} customers; time in "
                                     "{unit})",
                                     "校准期与检验期对比（{count:,} 位客户；时间单位：{unit}）"),
    "plot.model.sbg_fit": ("sBG model (alpha={alpha:.3f}, beta={beta:.3f})",
                           "sBG 模型（alpha={alpha:.3f}，beta={beta:.3f}）"),
    "plot.model.sbg": ("sBG model", "sBG 模型"),
    "plot.model.observed": ("observed", "观测值"),
    "plot.model.fitting_window": ("fitting window", "拟合区间"),
    "plot.model.constant_retention_per": ("constant retention {r:g} per {period}",
                                          "固定保留率 {r:g}（每{period}）"),
    "plot.model.constant_retention": ("constant retention {r:g}", "固定保留率 {r:g}"),
    "plot.model.since_acquisition": ("{unit} since acquisition", "获取后的时间（{unit}）"),
    "plot.model.still_active": ("share of the cohort still active", "同批客户中仍活跃的比例"),
    "plot.model.survival_title": ("Cohort survival S(t)", "同批客户的存活曲线 S(t)"),
    "plot.model.period_t": ("{period} t (renewal at its end)", "第 t {period}（期末续订）"),
    "plot.model.retention_rate": ("retention rate r_t (share renewing, per {period})",
                                  "保留率 r_t（每{period}续订的比例）"),
    "plot.model.retention_title": ("Cohort retention rate by period", "同批客户各期的保留率"),
    # text alternatives of figures (alt text, read by screen readers)
    "plot.alt.constant": ("{name}: constant at {y}", "{name}：保持在 {y}"),
    "plot.alt.start": ("{name}: {y} at {x}", "{name}：在 {x} 处为 {y}"),
    "plot.alt.rising": (", rising to {y} at {x}", "，上升到 {x} 处的 {y}"),
    "plot.alt.falling": (", falling to {y} at {x}", "，下降到 {x} 处的 {y}"),
    "plot.alt.peak": (" (peak {y} at {x})", "（峰值 {y}，在 {x} 处）"),
    "plot.alt.bars": ("Bars", "柱"),
    "plot.alt.bars_n": ("Bars {n}", "第 {n} 组柱"),
    "plot.alt.n_bars": (" ({n} bars)", "（共 {n} 根柱）"),
    "plot.alt.bar_chart": ("bar chart", "柱状图"),
    "plot.alt.line_chart": ("line chart", "折线图"),
    "plot.alt.heat_map": ("heat map", "热力图"),
    "plot.alt.scatter_plot": ("scatter plot", "散点图"),
    "plot.alt.chart": ("chart", "图表"),
    "plot.alt.and": (" and ", "和"),
    "plot.alt.x_axis": (", x: {label}", "，横轴：{label}"),
    "plot.alt.y_axis": (", y: {label}", "，纵轴：{label}"),
    "plot.alt.curve": ("Curve", "曲线"),
    "plot.alt.curve_n": ("Curve {n}", "曲线 {n}"),
    "plot.alt.colour": ("Colour shows values from {low} to {high} ({rows} × {cols} cells).",
                        "颜色表示从 {low} 到 {high} 的数值（{rows} × {cols} 个单元格）。"),
    "plot.alt.points": ("{n} points, x from {x0} to {x1}, y from {y0} to {y1}.",
                        "{n} 个点，横轴从 {x0} 到 {x1}，纵轴从 {y0} 到 {y1}。"),
    "plot.alt.notes": ("Notes: {notes}.", "注：{notes}。"),
    "plot.alt.panel": ("Panel {n}: {text}", "第 {n} 幅图：{text}"),
    # ---------------------------------------------------------------- widgets
    # explorer titles
    "widget.explorer": ("Explorer", "探索器"),
    "widget.clv_calculator": ("CLV calculator", "客户终生价值计算器"),
    "widget.sensitivity_explorer": ("Eight factors that move CLV", "影响客户终生价值的八个因素"),
    "widget.delivered_value_explorer": ("Customer delivered value", "客户让渡价值"),
    "widget.offer_comparison": ("Compare two offers", "两个方案的比较"),
    "widget.lifecycle_explorer": ("Four-stage customer lifecycle", "客户生命周期四阶段模型"),
    "widget.pattern_explorer": ("Four lifecycle patterns", "客户生命周期的四种模式"),
    "widget.segment_explorer": ("Segments by current × potential value",
                                "按当前价值 × 潜在价值细分客户"),
    # CLV calculator controls
    "widget.annual_revenue": ("Revenue / year", "年收入"),
    "widget.margin": ("Gross margin", "毛利率"),
    "widget.retention": ("Retention / year", "年保留率"),
    "widget.discount_rate": ("Discount rate / year", "年贴现率"),
    "widget.horizon": ("Horizon (years)", "期限（年）"),
    "widget.growth": ("Revenue growth / year", "年收入增长率"),
    "widget.maintenance_cost": ("Maintenance cost / year", "年维系成本"),
    "widget.cac": ("Acquisition cost (CAC)", "客户获取成本（CAC）"),
    "widget.convention": ("Timing convention", "现金流时点约定"),
    "widget.convention.courseware": ("courseware", "课件算法"),
    "widget.convention.end": ("end", "期末"),
    "widget.convention.start": ("start", "期初"),
    # CLV calculator readouts
    "widget.current_value": ("Current value (DCF)", "当前价值（折现）"),
    "widget.infinite_value": ("Same, infinite horizon", "无限期限的当前价值"),
    "widget.clv": ("CLV (forward, DCF)", "客户终生价值（折现）"),
    "widget.clv_cac": ("CLV : CAC", "CLV : CAC"),
    "widget.payback": ("Payback (years)", "回收期（年）"),
    "widget.verdict": ("Verdict", "判断"),
    "widget.never": ("never", "无法回收"),
    "widget.present_value_by_year": ("Present value by year", "各年现值"),
    # sensitivity
    "widget.focus": ("Curve of", "曲线因素"),
    "widget.clv_total": ("CLV (hist. + current + potential)", "客户终生价值（历史+当前+潜在）"),
    "widget.potential_value": ("Potential value", "潜在价值"),
    "widget.top_factor": ("Largest swing", "影响最大的因素"),
    # lifecycle
    "widget.exploration": ("Exploration (periods)", "考察期（期数）"),
    "widget.formation": ("Formation (periods)", "形成期（期数）"),
    "widget.stability": ("Stability (periods)", "稳定期（期数）"),
    "widget.deterioration": ("Deterioration (periods)", "退化期（期数）"),
    "widget.peak_level": ("Peak value / period", "峰值（每期）"),
    "widget.end_level": ("Value at the end", "结束时的价值"),
    "widget.fixed_lifetime": ("Fixed lifetime (stability takes the rest)",
                              "总时长固定（稳定期取剩余）"),
    "widget.lifecycle_total": ("Total value (area)", "总价值（面积）"),
    "widget.change_vs_start": ("Change vs start", "相对初始的变化"),
    "widget.stability_share": ("Share from stability", "稳定期贡献占比"),
    "widget.lifetime": ("Lifetime (periods)", "生命周期（期数）"),
    "widget.pattern": ("Pattern", "模式"),
    "widget.peak": ("Peak purchases / month", "峰值（每月购买次数）"),
    "widget.seed": ("Simulated customer #", "模拟客户编号"),
    "widget.expected_total": ("Expected purchases", "期望购买次数"),
    "widget.sample_total": ("This customer's purchases", "该客户购买次数"),
    "widget.classified_as": ("Classified as", "识别为"),
    "widget.reason": ("Reason", "原因"),
    # segments
    "widget.current_percentile": ("Current value cut (percentile)", "当前价值分界（百分位）"),
    "widget.potential_percentile": ("Potential value cut (percentile)", "潜在价值分界（百分位）"),
    "widget.current_threshold": ("Current value threshold", "当前价值分界值"),
    "widget.potential_threshold": ("Potential value threshold", "潜在价值分界值"),
    "widget.segment_share": ("{customers:.0%} of customers, {value:.0%} of current value",
                             "客户占 {customers:.0%}，当前价值占 {value:.0%}"),
    # the data of the value map (clvteach.value_map)
    "error.value_map.columns": (
        "{name} must have the columns {per_customer} (one row per customer) or "
        "{transactions} (transactions), got {have}",
        "{name} 必须有 {per_customer} 列（每位客户一行）或 {transactions} 列（交易记录），"
        "现有的列：{have}"),
    # delivered value and offers
    "widget.value_cost_ratio": ("Value : cost", "价值 : 成本"),
    "widget.edit_offer": ("Edit offer", "编辑方案"),
    "widget.best_offer": ("Customer picks", "客户会选择"),
    "widget.error": ("error", "错误"),
    # ------------------------------------------------ lifecycle pattern classification
    "lifecycle.reason.where": ("first active in period {first}, active span {span} period(s)",
                               "第 {first} 期首次活跃，活跃跨度 {span} 期"),
    "lifecycle.reason.long_term_retention": (
        "still a customer: {where}, only {silence} silent period(s) at the end, which is "
        "normal for a customer active in {share:.0%} of periods",
        "仍是客户：{where}，末尾只有 {silence} 期没有购买，对一个在 {share:.0%} 的期数里活跃的客户来说属于正常"),
    "lifecycle.reason.provisional": (
        " (provisional: fewer than the {stability_at} periods it takes to reach stability "
        "have been observed)",
        "（暂定：观察期数少于进入稳定期所需的 {stability_at} 期）"),
    "lifecycle.reason.early_abortion": (
        "left right after acquisition: active only in the first {span} period(s) "
        "(exploration lasts {exploration}), then silent for {silence} periods",
        "获取后很快流失：只在前 {span} 期活跃（考察期为 {exploration} 期），之后 {silence} 期没有购买"),
    "lifecycle.reason.rising": ("still rising", "仍在上升"),
    "lifecycle.reason.not_rising": ("not rising", "没有上升"),
    "lifecycle.reason.midterm_abortion": (
        "left before stability: {where} (stability starts after {stability_at}), value "
        "{trend} when it stopped, then silent for {silence} periods",
        "进入稳定期前流失：{where}（第 {stability_at} 期后进入稳定期），停止时价值{trend}，之后 {silence} 期没有购买"),
    "lifecycle.reason.early_exit": (
        "reached stability but left early: {where} (longer than the {stability_at} periods "
        "to reach stability), then silent for the last {silence} of {total} periods",
        "进入稳定期后提前退出：{where}（长于进入稳定期所需的 {stability_at} 期），在全部 {total} 期的最后 {silence} 期没有购买"),
    # ---------------------------------------------------------------- errors
    "error.type": ("{name} must be {kind}, got {value} ({type})",
                   "{name} 必须是{kind}，收到的是 {value}（{type}）"),
    "error.kind.number": ("a number", "数字"),
    "error.kind.integer": ("an integer", "整数"),
    "error.integer": ("{name} must be an integer, got {value}", "{name} 必须是整数，收到的是 {value}"),
    "error.nan": ("{name} must be a number, got nan", "{name} 必须是数字，收到的是 nan"),
    "error.finite": ("{name} must be finite, got {value}", "{name} 必须是有限值，收到的是 {value}"),
    "error.range": ("{name} must be in {interval}, got {value}",
                    "{name} 必须在 {interval} 范围内，收到的是 {value}"),
    "error.nonempty_str": ("{name} must be a non-empty string, got {value}",
                           "{name} 必须是非空字符串，收到的是 {value}"),
    "error.choice": ("{name} must be one of {options}, got {value}",
                     "{name} 必须是 {options} 之一，收到的是 {value}"),
    "error.sequence": ("{name} must be a sequence of numbers, got {value}",
                       "{name} 必须是数字序列，收到的是 {value}"),
    "error.one_dimensional": ("{name} must be one-dimensional, got shape {shape}",
                              "{name} 必须是一维的，收到的形状是 {shape}"),
    "error.min_length": ("{name} must have at least {count} values, got {size}",
                         "{name} 至少需要 {count} 个值，收到 {size} 个"),
    "error.min_length_one": ("{name} must have at least {count} value, got {size}",
                             "{name} 至少需要 {count} 个值，收到 {size} 个"),
    "error.array_nan": ("{name} must not contain NaN, got NaN at position {position}",
                        "{name} 不能包含 NaN，第 {position} 个位置是 NaN"),
    "error.array_range": ("{name} values must be in {interval}, got {value} at position "
                          "{position}",
                          "{name} 的值必须在 {interval} 范围内，第 {position} 个位置是 {value}"),
    "error.array_finite": ("{name} must be finite, got {value} at position {position}",
                           "{name} 必须是有限值，第 {position} 个位置是 {value}"),
    "error.dataframe": ("{name} must be a pandas DataFrame, got {type}",
                        "{name} 必须是 pandas DataFrame，收到的是 {type}"),
    "error.missing_columns": ("{name} is missing columns {missing} (columns present: {have})",
                              "{name} 缺少列 {missing}（现有的列：{have}）"),
    "error.missing_column": ("{name} is missing column {missing} (columns present: {have})",
                             "{name} 缺少列 {missing}（现有的列：{have}）"),
    "error.none": ("none", "无"),
    # ---------------------------------------------------------------- exercise checker
    "check.not_an_option": ("{given} is not an option; choose from {options}",
                            "{given} 不是可选项；请从 {options} 中选择"),
}

#: ``CATALOGUE[key] == {"en": ..., "zh": ...}`` for every key.
CATALOGUE: dict[str, dict[str, str]] = {
    key: dict(zip(LANGUAGES, pair)) for key, pair in _ENTRIES.items()}

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _current_language() -> str:
    from .settings import get_language

    return get_language()


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        # no check_choice here: _validation itself uses this catalogue
        listed = ", ".join(repr(c) for c in LANGUAGES)
        raise ValueError(f"lang must be one of {listed}, got {lang!r}")
    return lang


def has_text(key: str) -> bool:
    """Whether ``key`` is in the catalogue (it then has every language)."""
    return key in CATALOGUE


def keys(prefix: str = "") -> list[str]:
    """The catalogue keys that start with ``prefix`` (e.g. ``"term.stage."``), sorted."""
    return sorted(k for k in CATALOGUE if k.startswith(prefix))


def text(key: str, lang: str | None = None, **fields: object) -> str:
    """Display text for catalogue ``key`` in ``lang``, with ``{fields}`` filled in.

    ``lang`` defaults to the current language (:func:`clvteach.get_language`). An
    unknown key raises ``KeyError``: every string shown must be in the catalogue.

    Examples
    --------
    >>> text("plot.present_value_yuan", "zh")
    '现值（元）'
    >>> text("plot.clv_cac_ratio", "en", ratio=3.25)
    'CLV:CAC = 3.2:1'
    >>> text("term.segment.growth", "zh")
    '成长型客户'
    """
    lang = _current_language() if lang is None else _check_lang(lang)
    try:
        template = CATALOGUE[key][lang]
    except KeyError:
        raise KeyError(f"{key!r} is not a key of the clvteach string catalogue") from None
    return template.format(**fields) if fields else template


def fields_of(template: str) -> set[str]:
    """The ``{placeholders}`` of a template (for the completeness test)."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def currency(name: str, lang: str | None = None) -> str:
    """A currency (``"yuan"``, ``"USD"``) as it reads inside a label; others unchanged."""
    key = f"unit.currency.{name.lower()}"
    return text(key, lang) if has_text(key) else name


def unit(name: str, lang: str | None = None) -> str:
    """A time unit (``"year"``, ``"month"``...) as it reads inside a label."""
    key = f"unit.{name}"
    return text(key, lang) if has_text(key) else name


def _normalise(name: str) -> str:
    return re.sub(r"[\s_\-]+", "_", name.strip().lower())


def option_aliases(options: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Names a student may type for each choice option: ``{normalised name: option}``.

    An option key such as ``"self_actualisation"`` is also accepted under the English
    and Chinese names of the catalogue's ``term.*.<key>`` entries ("Self-actualisation
    value", "自我实现价值"). A name that would fit two options of the same question is
    left out (never guess).

    Examples
    --------
    >>> option_aliases(["exploration", "formation"])["考察期"]
    'exploration'
    """
    found: dict[str, set[str]] = {}
    for option in options:
        for key in CATALOGUE:
            if key.startswith("term.") and key.rsplit(".", 1)[1] == option:
                for name in CATALOGUE[key].values():
                    found.setdefault(_normalise(name), set()).add(option)
    return {name: next(iter(opts)) for name, opts in found.items() if len(opts) == 1}


_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Text:
    """One message in both languages, kept beside the code that owns it.

    The catalogue holds the strings shared across the library (terms, labels, generic
    messages); a string that belongs to one place only — the hint of one exercise
    question, the description of one case — is a ``Text`` next to it, so the content
    and both of its translations are edited together. ``str(t)`` (and an f-string)
    gives the current language; :meth:`get` takes it explicitly.

    Examples
    --------
    >>> hint = Text("yearly profit × years", "每年利润 × 年数")
    >>> hint.get("zh")
    '每年利润 × 年数'
    >>> Text("{n} years", "{n} 年").format(n=3).get("en")
    '3 years'
    """

    en: str
    zh: str

    def __post_init__(self) -> None:
        for lang in LANGUAGES:
            value = getattr(self, lang)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"Text.{lang} must be a non-empty string, got {value!r}")
        if fields_of(self.en) != fields_of(self.zh):
            raise ValueError(
                f"Text placeholders must be the same in both languages, got "
                f"{sorted(fields_of(self.en))} and {sorted(fields_of(self.zh))} in {self.en!r}")
        if not _CJK.search(self.zh):
            raise ValueError(f"Text.zh must be Chinese, got {self.zh!r}")

    def get(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        lang = _current_language() if lang is None else _check_lang(lang)
        return getattr(self, lang)

    def format(self, **fields: object) -> "Text":
        """Both languages with ``{fields}`` filled in."""
        return Text(self.en.format(**fields), self.zh.format(**fields))

    def __str__(self) -> str:
        return self.get()


def localise(message: "str | Text", lang: str | None = None) -> str:
    """A plain string unchanged; a :class:`Text` in ``lang`` (default: current language)."""
    return message.get(lang) if isinstance(message, Text) else message
