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
* ``error.*`` — every error and warning message of the library (bad input, a model that
  does not converge...), built by :mod:`clvteach._validation` (``error.<module>.*`` for the
  messages of one module);
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
    "plot.label_value": ("{name}: {value}", "{name}：{value}"),
    "plot.alt.note_sep": ("; ", "；"),
    "plot.alt.stop": (".", "。"),
    "plot.alt.empty": ("Empty figure.", "空白图。"),
    "plot.alt.figure": ("Figure: {text}", "图：{text}"),
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
    "widget.horizon": ("Horizon (years)", "时间长度（年）"),
    "widget.growth": ("Revenue growth / year", "年收入增长率"),
    "widget.maintenance_cost": ("Maintenance cost / year", "年维系成本"),
    "widget.cac": ("Acquisition cost (CAC)", "客户获取成本（CAC）"),
    "widget.convention": ("Timing convention", "现金流时点约定"),
    "widget.convention.courseware": ("courseware", "课件算法"),
    "widget.convention.end": ("end", "期末"),
    "widget.convention.start": ("start", "期初"),
    # CLV calculator readouts
    "widget.current_value": ("Current value (DCF)", "当前价值（折现）"),
    "widget.infinite_value": ("Same, infinite horizon", "时间长度无限时的当前价值"),
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
    # errors of the plots and explorers (clvteach.plotting, clvteach.widgets)
    "error.plot.either_type": ("{name} must be a {kind} or {other}, got {type}",
                               "{name} 必须是 {kind} 或 {other}，收到的是 {type}"),
    "error.plot.mapping": ("{name} must be a mapping or a pandas object, got {type}",
                           "{name} 必须是字典（映射）或 pandas 对象，收到的是 {type}"),
    "error.plot.one_row_or_column": (
        "{name} must be one row or one column of numbers, got shape {shape}",
        "{name} 必须是一行或一列数字，收到的形状是 {shape}"),
    "error.plot.setting_column": (
        "{name} needs a column with the CLV at the {setting} setting (one of {names}); "
        "columns present: {have}",
        "{name} 需要一列{setting}设定下的 CLV（{names} 之一）；现有的列：{have}"),
    "error.plot.setting.low": ("low", "低"),
    "error.plot.setting.high": ("high", "高"),
    "error.plot.missing_parts": ("{name} is missing {missing} (needs {needed})",
                                 "{name} 缺少 {missing}（需要 {needed}）"),
    "error.plot.one_factor": ("{name} must hold one factor, got {count}: {names}",
                              "{name} 只能包含一个因素，收到 {count} 个：{names}"),
    "error.plot.parts_sum": ("{name} must add up to the {of}'s potential ({expected}), "
                             "got {total}",
                             "{name} 之和必须等于 {of} 中的潜在价值（{expected}），收到的是 {total}"),
    "error.plot.input_value_pair": ("{name} must be (input, value), got {value}",
                                    "{name} 必须是（输入值，价值）这样的一对数，收到的是 {value}"),
    "error.plot.base_needed": (
        "{name} must be given (the base-case CLV) when the table has none of the columns "
        "{columns}",
        "表中没有 {columns} 这些列时，必须给出 {name}（基准情形的 CLV）"),
    "error.plot.no_customers": ("{name} must have at least 1 customer, got 0",
                                "{name} 至少需要 1 位客户，收到 0 位"),
    "error.plot.thresholds_pair": ("{name} must be (current, potential), got {value}",
                                   "{name} 必须是（当前价值，潜在价值）这样的一对数，收到的是 {value}"),
    "error.plot.column_needed": ("{name} must name the value column when {of} is a DataFrame",
                                 "{of} 是 DataFrame 时，{name} 必须指明价值所在的列"),
    "error.plot.keys_among": ("{name} keys must be among {keys}; got {value}",
                              "{name} 的键必须是 {keys} 之一，收到的是 {value}"),
    "error.plot.no_process": ("{name} must have at least 1 process, got 0",
                              "{name} 至少需要 1 个过程，收到 0 个"),
    "error.plot.increasing": ("{name} must be increasing", "{name} 必须是递增的"),
    "error.plot.column_among": (
        "{name} needs at least one column among {keys} (columns present: {have})",
        "{name} 至少需要 {keys} 中的一列（现有的列：{have}）"),
    "error.plot.too_many_values": (
        "{name} must have at most {count} values (one per time point), got {size}",
        "{name} 最多只能有 {count} 个值（每个时间点一个），收到 {size} 个"),
    "error.plot.not_fitted": ("{name} is not fitted yet: call {call} first",
                              "{name} 还没有拟合：请先调用 {call}"),
    "error.plot.one_per_customer": (
        "{name} must have one value per customer ({count}), got {size}",
        "{name} 必须每位客户一个值（{count} 个），收到 {size} 个"),
    "error.plot.cohort_start": ("{name} must start with the cohort size > 0, got {value}",
                                "{name} 的第一个值必须是大于 0 的同期群人数，收到的是 {value}"),
    "error.plot.offer_type": (
        "{name} must be a {kind} or a mapping of its components, got {type}",
        "{name} 必须是 {kind} 或由其各组成部分构成的字典（映射），收到的是 {type}"),
    "error.plot.offers_type": ("{name} must be {call}'s DataFrame or a list of {kind}, "
                               "got {type}",
                               "{name} 必须是 {call} 返回的 DataFrame 或由 {kind} 组成的列表，"
                               "收到的是 {type}"),
    "error.widget.unknown_arguments": ("{call} got unexpected keyword argument(s): {names}",
                                       "{call} 收到了未知的关键字参数：{names}"),
    "error.widget.horizon_slider": (
        "{name} must be a whole number of years for the horizon slider, got None",
        "{name} 必须是整数年，才能用时间长度滑块，收到的是 None"),
    "error.widget.min_customers": ("{name} must describe at least {count} customers, got {size}",
                                   "{name} 至少要描述 {count} 位客户，收到 {size} 位"),
    "error.widget.min_offers": ("{name} must have at least {count} offers, got {size}",
                                "{name} 至少需要 {count} 个方案，收到 {size} 个"),
    "error.widget.distinct_names": ("{name} must have distinct names, got {value}",
                                    "{name} 的名称不能重复，收到的是 {value}"),
    # delivered value and offers
    "widget.value_cost_ratio": ("Value : cost", "价值 : 成本"),
    "widget.edit_offer": ("Edit offer", "编辑方案"),
    "widget.best_offer": ("Customer picks", "客户会选择"),
    "widget.error": ("error", "错误"),
    "widget.summary_line": ("{label}: {value}", "{label}：{value}"),
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
    # errors raised outside _validation's generic checks (clvteach._validation.error_text)
    "error.bool": ("{name} must be True or False, got {value}",
                   "{name} 必须是 True 或 False，收到的是 {value}"),
    "error.string": ("{name} must be a string, got {value}", "{name} 必须是字符串，收到的是 {value}"),
    "error.instance": ("{name} must be a {kind}, got {type}", "{name} 必须是 {kind}，收到的是 {type}"),
    "error.instance_an": ("{name} must be an {kind}, got {type}",
                          "{name} 必须是 {kind}，收到的是 {type}"),
    "error.unknown_field": ("{name} must be one of the {owner} fields ({fields}), got {value}",
                            "{name} 必须是 {owner} 的字段之一（{fields}），收到的是 {value}"),
    "error.date": ("{name} must be a date, got {value}", "{name} 必须是日期，收到的是 {value}"),
    "error.at_most": ("{name} must be <= {bound} ({limit}), got {value}",
                      "{name} 不能大于 {bound}（{limit}），收到的是 {value}"),
    "error.at_most_value": ("{name} must be <= {limit}, got {value}",
                            "{name} 不能大于 {limit}，收到的是 {value}"),
    "error.pair": ("{name} must be a (low, high) pair, got {value}",
                   "{name} 必须是（下限，上限）这样的一对数，收到的是 {value}"),
    "error.rng": ("{name} must be a numpy Generator or an integer seed, got {value}",
                  "{name} 必须是随机数生成器或整数种子，收到的是 {value}"),
    "error.greater": ("{name} must be > {limit}, got {value}", "{name} 必须 > {limit}，收到的是 {value}"),
    "error.finite_nonnegative": ("{name} must be finite and >= 0, got {value}",
                                 "{name} 必须是有限值且 >= 0，收到的是 {value}"),
    "error.positive_total": ("{name} must have a positive total, got {value}",
                             "{name} 的总和必须为正，收到的是 {value}"),
    # clv
    "error.clv.rounding_infinite": (
        "{name} must be None when {other} is None (infinite), got {value}",
        "{other} 为 None（时间长度无限）时 {name} 必须为 None，收到的是 {value}"),
    "error.clv.growth_diverges": (
        "{name} must be below (1 + {rate}) / {retention} - 1 for an infinite horizon, got "
        "{value} (the sum diverges); use a finite horizon",
        "时间长度无限时 {name} 必须小于 (1 + {rate}) / {retention} - 1，收到的是 {value}"
        "（求和发散）；请使用有限的时间长度"),
    "error.clv.rounding_spread": ("{name} must be None with {option}, got {value}",
                                  "使用 {option} 时 {name} 必须为 None，收到的是 {value}"),
    "error.clv.profit_positive": (
        "{name} must be > 0 for {option} (it divides the current value by it), got {value}",
        "使用 {option} 时 {name} 必须 > 0（当前价值要除以它），收到的是 {value}"),
    # customer
    "error.customer.retention_span": (
        "{name} must span at least two complete {period}s after a repeat purchase to estimate "
        "retention, got none ({end_name} {end})",
        "要估计保留率，{name} 在一次重复购买之后必须至少覆盖两个完整的{period}，收到的数据不满足"
        "（{end_name} 为 {end}）"),
    "error.customer.predictive_type": ("{name} must be the output of {function} (a {kind}), got "
                                       "a {type}",
                                       "{name} 必须是 {function} 的输出（{kind}），收到的是 {type}"),
    "error.customer.use_trend": ("{name} needs {call} output (column {column}), got none",
                                 "{name} 需要 {call} 的输出（含列 {column}），收到的没有这一列"),
    "error.customer.no_spend": ("{name} must have at least one customer with spend, got none",
                                "{name} 中至少要有一位有消费的客户，收到的一位也没有"),
    "error.customer.same_customers": (
        "{name} must be the ones {other} was computed from, got {count} customers for "
        "{expected} in {other}",
        "{name} 必须是计算 {other} 时用的那些交易，收到 {count} 位客户，而 {other} 中有 {expected} 位"),
    "error.customer.missing_customer": (
        "{name} must have a row for every customer in {other}, got none for {value}",
        "{other} 中的每位客户在 {name} 中都必须有一行，客户 {value} 没有"),
    # segmentation
    "error.segmentation.same_length": ("{name} must have the same length as {other} "
                                       "({expected}), got {value}",
                                       "{name} 的长度必须与 {other} 相同（{expected}），收到的是 {value}"),
    "error.segmentation.multiple": ("{name} must be a multiple of {other} ({unit}), got {value}",
                                    "{name} 必须是 {other}（{unit}）的整数倍，收到的是 {value}"),
    "error.segmentation.weights": (
        "{name} must give non-negative weights with a positive total, got {value}",
        "{name} 给出的权重必须非负且总和为正，收到的是 {value}"),
    # rfm: transaction logs
    "error.rfm.end_before_first": ("{name} must be on or after the first purchase ({first}), "
                                   "got {value}",
                                   "{name} 不能早于第一次购买（{first}），收到的是 {value}"),
    "error.rfm.dates_dtype": ("{name} must hold dates (datetime64 or date strings), got dtype "
                              "{dtype}",
                              "{name} 必须是日期（日期时间类型或日期字符串），收到的数据类型是 {dtype}"),
    "error.rfm.missing_dates": ("{name} must not have missing dates, got {count} missing (first "
                                "at row {row})",
                                "{name} 不能有缺失的日期，收到 {count} 个缺失值（第一个在行 {row}）"),
    "error.rfm.dates": ("{name} must hold dates, got {error}", "{name} 必须是日期，收到的是 {error}"),
    "error.rfm.parseable_dates": (
        "{name} must hold parseable dates, got {count} that are not, e.g. {value} at row {row}",
        "{name} 必须是能识别的日期，有 {count} 个不是，例如行 {row} 的 {value}"),
    "error.rfm.numeric": ("{name} must be numeric, got dtype {dtype}",
                          "{name} 必须是数值，收到的数据类型是 {dtype}"),
    "error.rfm.finite_numbers": (
        "{name} must be finite numbers, got {count} that are not, e.g. {value} at row {row}",
        "{name} 必须是有限的数值，有 {count} 个不是，例如行 {row} 的 {value}"),
    "error.rfm.needs_amounts": ("{caller} needs amounts, got a {log} without them: build it with "
                                "{call}",
                                "{caller} 需要金额，收到的 {log} 却没有金额：请用 {call} 创建"),
    "error.rfm.min_rows": ("{name} must have at least 1 row, got 0", "{name} 至少需要 1 行，收到 0 行"),
    "error.rfm.duplicates": (
        "{name} must not have duplicate rows when {option}={strict}, got {count} (first repeat "
        "at row {row}); pass {option}={keep} to count them as lines of the same purchase or "
        "{drop} to remove them",
        "{option}={strict} 时 {name} 不能有重复的行，收到 {count} 行重复（第一个重复在行 {row}）；"
        "传入 {option}={keep} 可把它们算作同一次购买的多行，传入 {drop} 可删除它们"),
    "error.rfm.dropped_duplicates": ("{caller} dropped {count} duplicate rows ({option})",
                                     "{caller} 删除了 {count} 行重复的数据（{option}）"),
    "error.rfm.missing_ids": ("{name} must not have missing customer IDs, got {count} (first at "
                              "row {row})",
                              "{name} 不能有缺失的客户编号，收到 {count} 个缺失（第一个在行 {row}）"),
    "error.rfm.returns": (
        "{name} must be >= 0 (returns are not purchases), got {count} negative, e.g. {value} at "
        "row {row}; pass {option} to leave them out",
        "{name} 必须 >= 0（退货不是购买），收到 {count} 个负数，例如行 {row} 的 {value}；"
        "传入 {option} 可把它们排除"),
    "error.rfm.dropped_returns": ("{caller} dropped {count} rows with negative {column} ({option})",
                                  "{caller} 删除了 {count} 行 {column} 为负数的数据（{option}）"),
    "error.rfm.only_returns": ("{name} must have at least 1 purchase, got only returns",
                               "{name} 至少需要 1 次购买，收到的全是退货"),
    "error.rfm.before": ("{name} must be before {other} ({limit}), got {value}",
                         "{name} 必须早于 {other}（{limit}），收到的是 {value}"),
    "error.rfm.amount_col": ("{name} must name the amount column, got None",
                             "{name} 必须是金额列的列名，收到的是 None"),
    "error.rfm.nan_column": ("{name} must not contain NaN, got NaN at row {row}",
                             "{name} 不能包含 NaN，行 {row} 是 NaN"),
    "error.rfm.rules": ("{name} must cover every (R, F) score pair, got no rule for R={r}, F={f} "
                        "(row {row})",
                        "{name} 必须覆盖每一对 (R, F) 得分，R={r}、F={f} 没有对应的规则（行 {row}）"),
    # lifecycle
    "error.lifecycle.won_back": (
        "{name} must be <= churned = {acquired} - {retained} ({churned}), got {value}",
        "{name} 不能大于流失的客户数 = {acquired} − {retained}（{churned}），收到的是 {value}"),
    "error.lifecycle.duration": ("{name} must be > 0 (sum of the four stage durations), got {value}",
                                 "{name} 必须 > 0（四个阶段的时长之和），收到的是 {value}"),
    "error.lifecycle.stability_left": ("stability (lifetime minus the other stages)",
                                       "稳定期（总时长减去其他三个阶段）"),
    "error.lifecycle.t_range": ("{name} must be in [0, {duration}] (the curve's duration), got "
                                "{value}",
                                "{name} 必须在 [0, {duration}] 范围内（曲线的总时长），收到的是 {value}"),
    # value
    "error.value.value_type": (
        "{name} must be one of {options} (or their English/Chinese names), got {value}",
        "{name} 必须是 {options} 之一（也可以用它们的英文或中文名称），收到的是 {value}"),
    "error.value.guesses_type": (
        "{name} must be a dict of example number -> value type, e.g. {example}, got {type}",
        "{name} 必须是“例子编号 -> 价值类型”的字典，例如 {example}，收到的是 {type}"),
    "error.value.guesses_numbers": ("{name} must use the example numbers 1-{count}, got {value}",
                                    "{name} 只能使用例子编号 1–{count}，收到的是 {value}"),
    "error.value.no_offers": ("{name} must have at least 1 offer, got 0",
                              "{name} 至少需要 1 个方案，收到 0 个"),
    # style
    "error.style.no_cjk_font": (
        "the course font {font} ({path}) is missing and no other font with Chinese characters "
        "is installed, so Chinese text may show as boxes. Reinstall {package} (or install a CJK "
        "font, e.g. {command}), then restart the kernel.",
        "缺少课程字体 {font}（{path}），也没有安装其他含中文字符的字体，中文可能显示为方框。"
        "请重新安装 {package}（或安装一种中文字体，例如 {command}），然后重启内核。"),
    # datasets
    "error.datasets.master_id": ("{name} must be False when {other} is {kind}, got {value}",
                                 "{other} 为 {kind} 时 {name} 必须为 False，收到的是 {value}"),
    "error.datasets.shares": ("{name} must be >= 0 and sum to 1, got {value}",
                              "{name} 必须 >= 0 且总和为 1，收到的是 {value}"),
    "error.datasets.shares_of": ("{name} shares", "{name} 的份额"),
    "error.datasets.weights_of": ("{name} weights", "{name} 的权重"),
    "error.datasets.of_channel": ("{attribute} of channel {channel}", "渠道 {channel} 的 {attribute}"),
    "error.datasets.of_pattern": ("{attribute} of pattern {pattern}", "模式 {pattern} 的 {attribute}"),
    "error.datasets.pattern_mix": ("{name} must be 4 probabilities summing to 1, got {value}",
                                   "{name} 必须是总和为 1 的 4 个概率，收到的是 {value}"),
    "error.datasets.patterns_order": ("{name} must be profiles of {expected} in that order, got "
                                      "{value}",
                                      "{name} 必须依次是 {expected} 的参数，收到的是 {value}"),
    "error.datasets.low_high": ("{name} must satisfy 0 <= low <= high, got {value}",
                                "{name} 必须满足 0 <= 下限 <= 上限，收到的是 {value}"),
    "error.datasets.exploration_days": ("{name} must start above 0 for every pattern, got {value}",
                                        "每种模式的 {name} 下限都必须大于 0，收到的是 {value}"),
    "error.datasets.extra_items": ("{name} must be 4 numbers >= 0, got {value}",
                                   "{name} 必须是 4 个 >= 0 的数，收到的是 {value}"),
    # probabilistic models
    "error.models.hessian_not_finite": (
        "{model} fit is not usable: the Hessian of the log-likelihood at the estimate is not "
        "finite ({estimates})",
        "{model} 拟合结果不可用：估计值处对数似然函数的海森矩阵不是有限值（{estimates}）"),
    "error.models.flat_together": (
        "the likelihood is (nearly) flat along a direction that moves {params} together",
        "似然函数沿着 {params} 一起变化的方向（几乎）是平的"),
    "error.models.flat_one": (
        "the likelihood is (nearly) flat along {param} (it runs off without changing the fit)",
        "似然函数沿 {param} 方向（几乎）是平的（它一直变化也不改变拟合效果）"),
    "error.models.not_identified": (
        "{model} fit is not identified: {what} (Hessian condition number {condition} > "
        "{limit}); the estimates ran to {estimates}. The data ({n} observations) do not "
        "determine the parameters (too few customers, or no visible heterogeneity): fit on "
        "more data",
        "{model} 拟合无法确定参数：{what}（海森矩阵条件数 {condition} > {limit}）；估计值跑到了 "
        "{estimates}。这些数据（{n} 个观测）确定不了参数（客户太少，或看不出客户之间的差异）："
        "请用更多数据拟合"),
    "error.models.weakly_identified": (
        "{model} fit is weakly identified: {what} (Hessian condition number {condition} > "
        "{limit}); estimates {estimates} have large standard errors",
        "{model} 拟合对参数的确定较弱：{what}（海森矩阵条件数 {condition} > {limit}）；"
        "估计值 {estimates} 的标准误很大"),
    "error.models.runaway": (
        "{params} ran off towards 0 or infinity, so the likelihood has no interior maximum "
        "(too little data or no visible heterogeneity)",
        "{params} 趋向 0 或无穷大，似然函数没有内部最大值（数据太少，或看不出客户之间的差异）"),
    "error.models.fit_failed": (
        "{model} fit failed from {count} starting points: {reasons}. Check the data (units, "
        "enough customers) or pass other initial values",
        "{model} 从 {count} 个初始值出发都拟合失败：{reasons}。请检查数据（时间单位、客户是否足够），"
        "或换用其他初始值"),
    "error.models.not_fitted": ("this {model} is not fitted yet: call {call} first",
                                "这个 {model} 还没有拟合：请先调用 {call}"),
    "error.models.fitted_instance": ("{name} must be a fitted {kind}, got {type}",
                                     "{name} 必须是已拟合的 {kind}，收到的是 {type}"),
    "error.models.one_of_two": (
        "give exactly one of {a} (e.g. {example}) and {b} (in the model's {unit}s), got {got}",
        "{a}（例如 {example}）和 {b}（以模型的时间单位“{unit}”计）必须给出且只给出一个，"
        "收到的是{got}"),
    "error.models.both": ("both", "两个都给了"),
    "error.models.neither": ("neither", "两个都没给"),
    "error.models.same_length2": ("{a} and {b} must have the same length, got {na} and {nb}",
                                  "{a} 和 {b} 的长度必须相同，收到的长度是 {na} 和 {nb}"),
    "error.models.same_length3": (
        "{a}, {b} and {c} must have the same length, got {na}, {nb} and {nc}",
        "{a}、{b} 和 {c} 的长度必须相同，收到的长度是 {na}、{nb} 和 {nc}"),
    "error.models.whole_repeat_purchases": (
        "{name} must be whole numbers of repeat purchases, got {value} at position {position}",
        "{name} 必须是整数（重复购买次数），第 {position} 个位置是 {value}"),
    "error.models.whole_purchases": ("{name} must be whole numbers of purchases, got {value}",
                                     "{name} 必须是整数（购买次数），收到的是 {value}"),
    "error.models.whole_periods": ("{name} must be whole numbers of periods, got {value}",
                                   "{name} 必须是整数（期数），收到的是 {value}"),
    "error.models.recency_after_end": (
        "{name} must be <= {limit}, got {name} {value} > {limit} {bound} at position {position}",
        "{name} 不能大于 {limit}，第 {position} 个位置是 {name} {value} > {limit} {bound}"),
    "error.models.recency_zero": (
        "{name} must be 0 when {other} is 0 (no repeat purchase), got {name} {value} at "
        "position {position}",
        "{other} 为 0（没有重复购买）时 {name} 必须为 0，第 {position} 个位置的 {name} 是 {value}"),
    "error.models.positive_to_fit": ("{name} must be > 0 to fit, got {value} at position {position}",
                                     "拟合时 {name} 必须 > 0，第 {position} 个位置是 {value}"),
    "error.models.no_repeat": (
        "{name} must contain at least one repeat purchase to fit, got all 0",
        "拟合时 {name} 中至少要有一次重复购买，收到的全是 0"),
    "error.models.not_finite_result": (
        "{function} produced a non-finite value; the hypergeometric series did not converge "
        "for these inputs",
        "{function} 得到了非有限值：对这些输入，超几何级数没有收敛"),
    "error.models.monetary_positive": (
        "{name} must be > 0 for repeat customers ({other} > 0), got {value} at position "
        "{position}",
        "对重复购买的客户（{other} > 0），{name} 必须 > 0，第 {position} 个位置是 {value}"),
    "error.models.repeat_only": (
        "{name} must be > 0: fit the {model} model on repeat customers only (e.g. {example}), "
        "got 0 at position {position}",
        "{name} 必须 > 0：{model} 模型只能用有重复购买的客户拟合（例如 {example}），第 {position} "
        "个位置是 0"),
    "error.models.q_mean": ("{name} must be > 1 for a finite mean spend, got {value}",
                            "{name} 必须 > 1，平均每次消费额才是有限值，收到的是 {value}"),
    "error.models.q_expected": ("{name} must be > 1 for a finite expected spend, got {value}",
                                "{name} 必须 > 1，期望每次消费额才是有限值，收到的是 {value}"),
    "error.models.cohort_start": ("{name} must start with the cohort size > 0, got {value}",
                                  "{name} 的第一个值必须是同期客户群的规模且 > 0，收到的是 {value}"),
    "error.models.non_increasing": (
        "{name} must be non-increasing (customers who left cannot come back), got {value} "
        "after {previous} at position {position}",
        "{name} 不能增加（已流失的客户不会回来），第 {position} 个位置在 {previous} 之后是 {value}"),
    "error.models.no_churn": (
        "{name} must show at least one customer leaving to estimate churn, got {value} alive "
        "throughout",
        "{name} 中至少要有一位客户流失才能估计流失率，收到的是始终有 {value} 位客户"),
    # ---------------------------------------------------------------- exercise checker
    "check.not_an_option": ("{given} is not an option; choose from {options}",
                            "{given} 不是可选项；请从 {options} 中选择"),
    # answers of the wrong kind (exercise checker, _core)
    "check.expected_single_number": (
        "expected a single number, got a {type} of length {length}; pick the one value the "
        "question asks for",
        "应当是一个数，收到的是长度为 {length} 的 {type}；请只给出题目要求的那一个值"),
    "check.expected_number": ("expected a number, got {type} {value}",
                              "应当是一个数，收到的是 {type} {value}"),
    "check.nan": ("your answer is NaN (not a number): check for missing values or 0/0",
                  "你的答案是 NaN（不是数）：检查是否有缺失值或 0/0"),
    "check.infinite": ("your answer is infinite: check for a division by zero",
                       "你的答案是无穷大：检查是否除以了零"),
    "check.expected_options": ("expected a list of options, e.g. [{examples}]",
                               "应当是由选项组成的列表，例如 [{examples}]"),
    "check.expected_option": ("expected one option as a string, got {type}",
                              "应当是一个选项（字符串），收到的是 {type}"),
    "check.something_missing": ("some of your choices are right, but something is missing",
                                "你选的部分是对的，但还漏了选项"),
    "check.expected_dataframe": ("expected a pandas DataFrame, got {type}",
                                 "应当是 pandas DataFrame，收到的是 {type}"),
    "check.missing_columns": (
        "your table is missing column(s) {missing} (columns must be named exactly: {columns})",
        "你的表缺少列 {missing}（列名必须完全一致：{columns}）"),
    "check.off_by_one": (
        "off by one: your table has {rows} rows; count the {label}s again (does the first one "
        "start at 1?)",
        "差了一行：你的表有 {rows} 行；请重新数一数{label}（第一个是否从 1 开始？）"),
    "check.row_count": ("your table has {rows} rows: check the number of {label}s",
                        "你的表有 {rows} 行：请检查{label}的个数"),
    "check.column_numbers": ("column {column} must hold numbers", "列 {column} 必须是数字"),
    "check.column_mistake": ("column {column}: {hint}", "列 {column}：{hint}"),
    "check.column_wrong": ("column {column} is wrong from {where} on",
                           "列 {column} 从{where}起不对"),
    "check.row_n": ("row {n}", "第 {n} 行"),
    "check.row_labelled": ("{label} {value}", "{label}为 {value} 的那一行"),
    "check.row": ("row", "行"),
    "check.several_axes": ("your figure has several Axes: pass the one you drew on ({example})",
                           "你的图有多个坐标系：请传入你画图的那一个（{example}）"),
    "check.expected_axes": ("expected the {axes} you drew on ({example}), got {type}",
                            "应当是你画图用的坐标系 {axes}（{example}），收到的是 {type}"),
    "check.label_axes": ("label both axes ({xlabel}, {ylabel})",
                         "请给两条坐标轴都加上标签（{xlabel}、{ylabel}）"),
    # generic hints: unit and sign slips, fallbacks
    "check.slip.sign": ("check the sign: a value or cost has the wrong sign",
                        "检查正负号：某个价值或成本的符号错了"),
    "check.slip.rate_as_percent": (
        "wrong units? a rate seems to be used as a percentage (60 instead of 0.6)",
        "单位错了？似乎把比率当成了百分数来用（写成 60 而不是 0.6）"),
    "check.slip.percent_as_rate": (
        "wrong units? a percentage seems to be used as a rate (0.6 instead of 60)",
        "单位错了？似乎把百分数当成了比率来用（写成 0.6 而不是 60）"),
    "check.slip.monthly_as_yearly": (
        "wrong units? the answer looks 12 times too large: monthly vs yearly?",
        "单位错了？答案大了 12 倍：是不是把月和年弄混了？"),
    "check.slip.yearly_as_monthly": (
        "wrong units? the answer looks 12 times too small: yearly vs monthly?",
        "单位错了？答案小了 12 倍：是不是把年和月弄混了？"),
    "check.slip.rounded": (
        "the answer is a share or ratio below 1: did you round to a whole number?",
        "答案是小于 1 的比例或比率：你是不是把它取整了？"),
    "check.fallback.number": ("not right yet: re-read the question and check each input",
                              "还不对：请重读题目，逐一检查每个输入"),
    "check.fallback.choice": ("not this one: re-read the definitions and try again",
                              "不是这个：请重读定义后再试"),
    # ct.check and ct.exercises.start
    "check.success": ("correct", "正确"),
    "check.passed": ("✓ {question}: {success} ({points} of the exercise's {total})",
                     "✓ {question}：{success}（{points}，本练习共 {total}）"),
    "check.points_one": ("{n} point", "{n} 分"),
    "check.points": ("{n} points", "{n} 分"),
    "check.not_answered": ("{question}: not answered yet — replace ... with your answer ({hint})",
                           "{question}：还没有作答——请把 ... 换成你的答案（{hint}）"),
    "check.start_first": ("{question}: run the first cells first: set {name} and run {call}",
                          "{question}：请先运行最前面的单元格：设置 {name}，然后运行 {call}"),
    "check.student_id_type": ("{name} must be a string such as {example}, got {type}",
                              "{name} 必须是字符串，例如 {example}，收到的是 {type}"),
    "check.student_id_unset": (
        "{name} is not set: put your student number in the first cell, for example "
        "{example}, then run the notebook from the top",
        "{name} 还没有设置：请在第一个单元格里填写你的学号，例如 {example}，然后从头运行笔记本"),
    "check.student_id_malformed": (
        "{name} must be your student number: letters, digits, '-', '_' or '.', starting with "
        "a letter or digit, at most 40 characters; got {value}",
        "{name} 必须是你的学号：由字母、数字、'-'、'_' 或 '.' 组成，以字母或数字开头，"
        "最多 40 个字符；收到的是 {value}"),
    "check.key_format": ("{name} must look like {example}, got {value}",
                         "{name} 的格式应为 {example}，收到的是 {value}"),
    "check.exercise_header": ("{title} — student {student}", "{title} — 学号 {student}"),
    # the generator's comments in a student's notebook
    "check.hint_comment": ("# Hint: {hint}", "# 提示：{hint}"),
    "check.your_answer": ("<- your answer", "<- 你的答案"),
    "check.your_student_id": ("<- your student number, e.g. {example}",
                              "<- 你的学号，例如 {example}"),
    # grading reasons (clvteach grade, make check)
    "check.grade.not_answered": ("not answered yet", "尚未作答"),
    "check.grade.cell_deleted": ("answer cell deleted: not answered", "答题单元格已被删除：未作答"),
    "check.grade.cell_timeout": ("your answer cell ran out of time (> {seconds} s): infinite loop?",
                                 "你的答题单元格运行超时（> {seconds} 秒）：是否有死循环？"),
    "check.grade.cell_raised": ("your answer cell raised {ename}: {evalue}",
                                "你的答题单元格出错 {ename}：{evalue}"),
    "check.grade.not_run": ("not run", "没有运行"),
    "check.grade.not_run_because": ("not run: {why}", "没有运行：{why}"),
    "check.grade.nothing_to_collect": ("no answer to collect ({ename}: {evalue})",
                                       "没有可收集的答案（{ename}：{evalue}）"),
    "check.grade.collect_timeout": ("collecting the answer ran out of time", "收集答案时超时"),
    "check.grade.output_interfered": (
        "no answer was collected (the notebook interfered with the grader's output)",
        "没有收集到答案（笔记本干扰了评分程序的输出）"),
    "check.grade.interfered": ("the notebook interfered with collecting this answer",
                               "笔记本干扰了对这个答案的收集"),
    "check.grade.cannot_check": ("this answer cannot be checked ({why})",
                                 "无法检查这个答案（{why}）"),
    "check.grade.unreadable": ("unreadable data", "数据无法读取"),
    "check.grade.unsupported": ("a {type} cannot be checked", "无法检查 {type} 类型的答案"),
    "check.grade.too_deep": ("nested too deeply", "嵌套层数太多"),
    "check.grade.missing": ("missing", "缺失"),
    "check.grade.manual": ("to be scored by the instructor against the rubric",
                           "由教师按评分标准评分"),
    "check.grade.hidden": (
        "right for your own numbers, but wrong when your code runs with other numbers: "
        "compute the answer from p instead of typing numbers",
        "用你自己的数据是对的，但代码换成其他数据运行时就错了：请用 p 计算答案，不要直接输入数字"),
    "check.grade.hidden_flag": ("(flag, no points lost) {note}", "（仅标记，不扣分）{note}"),
    "check.grade.not_graded": ("not graded ({status})", "未评分（{status}）"),
    "check.grade.id_unset": ("{name} not set (first cell: {example})",
                             "{name} 未设置（第一个单元格：{example}）"),
    "check.grade.id_type": ("{name} must be a string of letters and digits, got {type}",
                            "{name} 必须是由字母和数字组成的字符串，收到的是 {type}"),
    "check.grade.id_malformed": (
        "{name} is malformed: use letters, digits, '-', '_' or '.', at most 40 characters "
        "(got {length} characters: {shown})",
        "{name} 格式不对：只能用字母、数字、'-'、'_' 或 '.'，最多 40 个字符"
        "（收到 {length} 个字符：{shown}）"),
    "check.grade.id_interfered": ("the notebook interfered with collecting {name}",
                                  "笔记本干扰了对 {name} 的收集"),
    "check.grade.setup_failed": ("the setup cell failed ({ename}: {evalue})",
                                 "第一个单元格（设置）出错（{ename}：{evalue}）"),
    "check.grade.id_not_collected": ("{name} was not collected ({why})",
                                     "没有收集到 {name}（{why}）"),
    "check.grade.where_answer": ("your answer cell of {question}", "你在 {question} 的答题单元格"),
    "check.grade.where_setup": ("the first cell ({name})", "第一个单元格（{name}）"),
    "check.grade.where_added": ("a cell you added", "你添加的一个单元格"),
    "check.grade.where_added_after": ("a cell you added (after {question})",
                                      "你添加的一个单元格（在 {question} 之后）"),
    "check.grade.error_line": ("{where}: {what}", "{where}出现问题：{what}"),
    "check.grade.ran_out_of_time": ("ran out of time", "运行超时"),
    # submission statuses (grade.describe_status: the status as the student reads it)
    "check.status.ok": ("ok", "正常"),
    "check.status.infrastructure": ("infrastructure: {detail}",
                                    "评分程序无法运行它（{detail}）"),
    "check.status.kernel_died": ("kernel died ({detail})", "内核崩溃了（{detail}）"),
    "check.status.time_limit": ("notebook time limit exceeded ({detail})",
                                "笔记本运行超过了时间限制（{detail}）"),
    "check.status.error": ("error: {detail}", "出错：{detail}"),
    "check.status.missing_id": ("missing {name}", "缺少 {name}"),
    "check.status.invalid_id": ("invalid {name}", "{name} 无效"),
    "check.status.unreadable_file": ("unreadable file ({detail})", "文件无法读取（{detail}）"),
    "check.status.too_large": ("file larger than {detail} MB", "文件大于 {detail} MB"),
    "check.status.unreadable_notebook": ("unreadable notebook ({detail})",
                                         "笔记本无法读取（{detail}）"),
    "check.status.which_exercise": ("cannot tell which exercise this is",
                                    "无法判断这是哪一个练习"),
    "check.status.unknown_exercise": ("unknown exercise {detail}", "未知的练习 {detail}"),
    "check.status.no_key": ("no grading key: {detail}", "没有评分答案：{detail}"),
    "check.status.no_release": ("no released exercise {detail}", "没有发布的练习 {detail}"),
    "check.status.grader_error": ("grader error: {detail}", "评分程序出错：{detail}"),
    # the exercise generator (authors: clvteach exercises)
    "check.gen.nested": ("nested {begin} in cell:\n{source}", "单元格中嵌套了 {begin}：\n{source}"),
    "check.gen.unopened": ("{end} without {begin} in cell:\n{source}",
                           "单元格中有 {end} 却没有 {begin}：\n{source}"),
    "check.gen.unclosed": ("{begin} without {end} in cell:\n{source}",
                           "单元格中有 {begin} 却没有 {end}：\n{source}"),
    "check.gen.no_start": ("a solution notebook must call {call}", "答案笔记本必须调用 {call}"),
    "check.gen.no_check": ("solution cell {index} is not followed by a {call} cell",
                           "答案单元格 {index} 后面没有 {call} 单元格"),
    # the instructor's grading key (clvteach.exercises.key)
    "check.key.none_found": ("no grading key found: pass {option} (the instructor's "
                             "instructor/key folder) or set {env}",
                             "找不到评分答案：请用 {option} 指定教师的评分答案文件夹，或设置 {env}"),
    "check.key.missing_file": ("no grading key for {exercise}: {path} does not exist",
                               "{exercise} 没有评分答案：{path} 不存在"),
    "check.key.no_dict": ("{path} must define {example}", "{path} 必须定义 {example}"),
    "check.key.coverage": ("key {path} must cover exactly the questions of {exercise}: "
                           "missing {missing}, unknown {extra}",
                           "评分答案 {path} 必须恰好覆盖 {exercise} 的全部题目：缺少 {missing}，"
                           "多出 {extra}"),
    "check.key.plot": ("key {path}: {question} is a plot question; use {plot}",
                       "评分答案 {path}：{question} 是作图题；请用 {plot}"),
    "check.key.expected": ("key {path}: {question} is a {kind} question; give its expected "
                           "answer",
                           "评分答案 {path}：{question} 是 {kind} 类题目；请给出它的标准答案"),
    "check.key.entry": ("key entry {question} must be a callable, an {answer} or {plot}, got "
                        "{type}",
                        "评分答案条目 {question} 必须是可调用对象、{answer} 或 {plot}，"
                        "收到的是 {type}"),
    # make check (selfcheck)
    "check.self.right": ("✓ {question}", "✓ {question} 正确"),
    "check.self.wrong": ("✗ {question}: {reason}", "✗ {question} 未通过：{reason}"),
    "check.self.with_hint": ("{reason} — hint: {hint}", "{reason}——提示：{hint}"),
    "check.self.instructor": ("… {question}: to be scored by the instructor ({points} points)",
                              "… {question}：由教师评分（{points} 分）"),
    "check.self.total": ("{right}/{n} questions right ({score} of {max_score} points)",
                         "答对 {right}/{n} 题（{score}/{max_score} 分）"),
    "check.self.header": ("{name} — student {student}", "{name} — 学号 {student}"),
    "check.self.no_student": ("({name} not set)", "未设置（请填写 {name}）"),
    "check.self.not_exercise": (
        "{name}: not an exercise notebook (no {meta} metadata), skipped",
        "{name}：不是练习笔记本（没有 {meta} 元数据），已跳过"),
    "check.self.none": ("no exercise notebooks found in {where}", "在 {where} 中没有找到练习笔记本"),
    "check.self.status": ("  could not check this notebook: {status}",
                          "  无法检查此笔记本：{status}"),
    # written reflections
    "check.reflection.success": (
        "recorded — to be scored by the instructor against the rubric above",
        "已记录——由教师按上面的评分标准评分"),
    "check.reflection.not_text": (
        "write your reflection as text between quotes (a Python string)",
        "请把你的反思写成引号之间的文字（字符串）"),
    "check.reflection.too_short": (
        "not written yet: write at least {min_words} words (or Chinese characters), you have "
        "{count}; the rubric is in the question",
        "还没有写完：至少写 {min_words} 个词或汉字，你现在写了 {count} 个；评分标准见题目"),
    # feedback file and class summary (clvteach grade)
    "check.report.feedback_title": ("Feedback: {name}", "反馈：{name}"),
    "check.report.exercise": ("exercise: {exercise}", "练习：{exercise}"),
    "check.report.student": ("{name}: {student}", "学号 {name}：{student}"),
    "check.report.not_found": ("(not found)", "（未找到）"),
    "check.report.score": ("score: {score} of {max_score} points", "得分：{score}/{max_score} 分"),
    "check.report.note": ("note: {status}", "备注：{status}"),
    "check.report.question": ("question", "题目"),
    "check.report.points": ("points", "得分"),
    "check.report.what_to_look_at": ("what to look at", "需要注意的地方"),
    "check.report.errors": ("Errors in your notebook", "你的笔记本中的错误"),
    "check.report.summary_title": ("Class summary", "全班成绩概况"),
    "check.report.summary_line": (
        "{graded} of {submissions} submissions graded; mean {mean}, median {median}, "
        "min {min}, max {max}.",
        "共 {submissions} 份提交，已评分 {graded} 份；平均分 {mean}，中位数 {median}，"
        "最低 {min}，最高 {max}。"),
    "check.report.learning_goal": ("learning goal", "学习目标"),
    "check.report.graded": ("graded", "已评分"),
    "check.report.mean_points": ("mean points", "平均得分"),
    "check.report.full_marks": ("full marks", "满分比例"),
    "check.report.png_score": ("score (% of the exercise's points)", "得分（占练习总分的 %）"),
    "check.report.png_distribution": ("Score distribution", "得分分布"),
    "check.report.png_full_marks": ("% full marks (lower = harder)", "满分比例 %（越低越难）"),
    "check.report.png_difficulty": ("Per-question difficulty", "各题难度"),
    "check.report.alt": (
        "Two bar charts. Left: histogram of {graded} scores in % of the exercise's points: "
        "{bins}; mean {mean}, median {median} points. Right: share of full marks per "
        "question; hardest: {hardest}.",
        "两幅柱状图。左图：{graded} 个得分（占练习总分的 %）的直方图：{bins}；平均分 {mean}，"
        "中位数 {median}。右图：各题的满分比例；最难的题：{hardest}。"),
    "check.report.alt_bin": ("{count} in {range} %", "{range} % 区间 {count} 份"),
    "check.report.score_range": ("score range (% of points)", "得分区间（占总分的 %）"),
    "check.report.submissions": ("submissions", "提交数"),
    # ---------------------------------------------------------------- tables (display)
    # column headers of the library's tables as shown by clvteach.show_table
    "table.col.count": ("count", "人数"),
    "table.col.offer": ("offer", "方案"),
    "table.col.total_value": ("total_value", "客户总价值"),
    "table.col.total_cost": ("total_cost", "客户总成本"),
    "table.col.delivered_value": ("delivered_value", "客户让渡价值"),
    "table.col.value_cost_ratio": ("value_cost_ratio", "价值/成本比"),
    "table.col.verdict_zh": ("verdict_zh", "评价"),
    "table.col.verdict": ("verdict", "评价"),
    "table.col.rank": ("rank", "排名"),
    "table.col.image": ("image", "形象价值"),
    "table.col.psychological": ("psychological", "心理成本"),
    "table.col.name": ("name", "价值类型"),
    "table.col.maslow_levels": ("maslow_levels", "马斯洛需求层次"),
    "table.col.core_needs": ("core_needs", "核心需求"),
    "table.col.firm_levers": ("firm_levers", "企业抓手"),
    "table.col.process": ("process", "过程"),
    "table.col.share_of_reached": ("share_of_reached", "占到达人数之比"),
    "table.col.step_rate": ("step_rate", "环节转化率"),
    "table.col.year": ("year", "年份"),
    "table.col.retention": ("retention", "保留率"),
    "table.col.profit": ("profit", "利润"),
    "table.col.discount_factor": ("discount_factor", "折现因子"),
    "table.col.present_value": ("present_value", "现值"),
    "table.col.component": ("component", "组成部分"),
    "table.col.value": ("value", "价值"),
    "table.col.explanation": ("explanation", "说明"),
    "table.col.factor": ("factor", "因素"),
    "table.col.direction": ("direction", "影响方向"),
    "table.col.low_input": ("low_input", "低值输入"),
    "table.col.base_input": ("base_input", "基准输入"),
    "table.col.high_input": ("high_input", "高值输入"),
    "table.col.value_low": ("value_low", "低值时的价值"),
    "table.col.value_high": ("value_high", "高值时的价值"),
    "table.col.swing": ("swing", "变动幅度"),
    "table.col.value_base": ("value_base", "基准价值"),
    "table.col.customer_id": ("customer_id", "客户编号"),
    "table.col.date": ("date", "日期"),
    "table.col.amount": ("amount", "金额"),
    "table.col.quantity": ("quantity", "数量"),
    "table.col.channel": ("channel", "获客渠道"),
    "table.col.cac": ("cac", "客户获取成本"),
    "table.col.pattern": ("pattern", "生命周期模式"),
    "table.col.acquisition_date": ("acquisition_date", "获取日期"),
    "table.col.stage_at_end": ("stage_at_end", "期末所处阶段"),
    "table.col.customers": ("customers", "客户数"),
    "table.col.share": ("share", "占比"),
    "table.col.mean_cac": ("mean_cac", "平均客户获取成本"),
    "table.col.clv": ("clv", "客户终生价值"),
    "table.col.mean_clv": ("mean_clv", "平均客户终生价值"),
    "table.col.clv_cac_ratio": ("clv_cac_ratio", "CLV 与 CAC 之比"),
    "table.col.margin_per_active_period": ("margin_per_active_period", "每个活跃期的利润"),
    "table.col.clv_cac": ("clv_cac", "CLV 与 CAC 之比"),
    "table.col.payback_periods": ("payback_periods", "回收期（期数）"),
    "table.col.observed_payback_periods": ("observed_payback_periods", "观察到的回收期（期数）"),
    "table.col.segment": ("segment", "细分群体"),
    "table.col.segment_zh": ("segment_zh", "细分群体"),
    "table.col.customer_share": ("customer_share", "客户占比"),
    "table.col.current_share": ("current_share", "当前价值占比"),
    "table.col.potential_share": ("potential_share", "潜在价值占比"),
    "table.col.resources": ("resources", "资源优先级"),
    "table.col.budget": ("budget", "预算"),
    "table.col.goal": ("goal", "目标"),
    "table.col.frequency": ("frequency", "重复购买次数"),
    "table.col.recency": ("recency", "最近购买时间"),
    "table.col.monetary": ("monetary", "平均消费额"),
    "table.col.frequency_holdout": ("frequency_holdout", "验证期购买次数"),
    "table.col.p_alive": ("p_alive", "P(活跃)"),
    "table.col.clv_12_months": ("clv_12_months", "12 个月价值"),
    "table.col.parameter": ("parameter", "参数"),
    "table.col.estimate": ("estimate", "估计值"),
    "table.col.se": ("se", "标准误"),
    "table.col.lower": ("lower", "下限"),
    "table.col.upper": ("upper", "上限"),
    # key values shown in tables (not terms of the chapter)
    "table.value.healthy": ("healthy", "健康"),
    "table.value.thin": ("thin", "偏薄"),
    "table.value.losing": ("losing", "亏损"),
    "table.value.churned": ("churned", "已流失"),
    "table.value.walk_in": ("walk_in", "门店自然进店"),
    "table.value.bogo_coupon": ("bogo_coupon", "买一送一首单券"),
    "table.value.delivery_app": ("delivery_app", "外卖平台"),
    "table.value.wechat_community": ("wechat_community", "企业微信社群"),
    "table.value.referral": ("referral", "老带新推荐"),
    "table.value.champions": ("champions", "冠军客户"),
    "table.value.loyal": ("loyal", "忠诚客户"),
    "table.value.potential_loyalists": ("potential_loyalists", "潜在忠诚客户"),
    "table.value.new_customers": ("new_customers", "新客户"),
    "table.value.promising": ("promising", "有潜力客户"),
    "table.value.need_attention": ("need_attention", "需关注客户"),
    "table.value.about_to_sleep": ("about_to_sleep", "即将沉睡客户"),
    "table.value.at_risk": ("at_risk", "有流失风险客户"),
    "table.value.cant_lose": ("cant_lose", "不能失去的客户"),
    "table.value.hibernating": ("hibernating", "沉睡客户"),
    "table.value.historical": ("historical", "历史价值"),
    "table.value.current": ("current", "当前价值"),
    "table.value.potential": ("potential", "潜在价值"),
    "table.value.total": ("total", "客户终生价值"),
    "table.value.won_back": ("won_back", "赢回"),
    # clv_summary: how each component was computed
    "table.clv_summary.historical": (
        "profit already realised: {revenue:g} x {margin:g} x {years:g} years",
        "已实现的利润：{revenue:g} × {margin:g} × {years:g} 年"),
    "table.clv_summary.current": (
        "present value of future profit over {horizon} (retention {retention:g}, "
        "discount rate {rate:g})",
        "未来 {horizon} 利润的现值（保留率 {retention:g}，贴现率 {rate:g}）"),
    "table.clv_summary.horizon_years": ("{years} years", "{years} 年"),
    "table.clv_summary.horizon_ever": ("ever", "无限期"),
    "table.clv_summary.potential": (
        "upgrade {upgrade:,.1f} + referrals {referral:,.1f}{data} ({method} method)",
        "升级 {upgrade:,.1f} + 推荐 {referral:,.1f}{data}（{method}）"),
    "table.clv_summary.method_courseware": ("courseware", "课件算法"),
    "table.clv_summary.method_spread": ("spread", "分摊算法"),
    "table.clv_summary.data": (" + data {data:,.1f}", " + 信息 {data:,.1f}"),
    "table.clv_summary.total": ("historical + current + potential",
                                "历史价值 + 当前价值 + 潜在价值"),
    # CLV segments: goal and strategies (courseware step 5)
    "table.segment_goal.high_value": ("protect and deepen the relationship", "保护并深化客户关系"),
    "table.segment_goal.growth": ("turn potential into current value", "把潜在价值转化为当前价值"),
    "table.segment_goal.watch": ("keep the value for as long as possible at a fair cost",
                                 "以合理的成本尽可能长久地保住价值"),
    "table.segment_goal.low_value": ("serve at low cost, or let go", "低成本服务，或者放弃"),
    "table.segment_strategy.high_value_1": ("dedicated account manager / VIP service (专属客服)",
                                            "专属客服（客户经理 / VIP 服务）"),
    "table.segment_strategy.high_value_2": ("loyalty rewards and exclusive privileges (会员特权)",
                                            "忠诚奖励与会员特权"),
    "table.segment_strategy.high_value_3": ("invite to co-create and refer (referral programme)",
                                            "邀请共创与推荐（老带新计划）"),
    "table.segment_strategy.high_value_4": ("early warning on any drop in activity",
                                            "活跃度一旦下降即预警"),
    "table.segment_strategy.growth_1": ("cross-sell and up-sell (交叉销售, 向上销售)",
                                        "交叉销售与向上销售"),
    "table.segment_strategy.growth_2": ("membership upgrade offers and bundles",
                                        "会员升级优惠与组合套餐"),
    "table.segment_strategy.growth_3": ("personalised recommendations and habit building",
                                        "个性化推荐，培养消费习惯"),
    "table.segment_strategy.growth_4": ("measure: share of wallet, purchase frequency",
                                        "衡量指标：钱包份额、购买频次"),
    "table.segment_strategy.watch_1": ("monitor churn signals (falling frequency, complaints)",
                                       "监测流失信号（购买频次下降、投诉）"),
    "table.segment_strategy.watch_2": ("retention offers before the decline, win-back when it starts",
                                       "衰退前给出保留优惠，衰退开始时实施赢回"),
    "table.segment_strategy.watch_3": ("cost-efficient service; do not over-invest",
                                       "高性价比的服务；不要过度投入"),
    "table.segment_strategy.watch_4": ("find out what would restore growth (needs changed?)",
                                       "找出恢复增长的办法（需求是否变了？）"),
    "table.segment_strategy.low_value_1": ("standardised, self-service and digital channels",
                                           "标准化、自助式的数字渠道"),
    "table.segment_strategy.low_value_2": ("low-cost automated reminders only",
                                           "只做低成本的自动提醒"),
    "table.segment_strategy.low_value_3": ("stop unprofitable promotions (coupon hunters)",
                                           "停止无利可图的促销（针对“羊毛党”）"),
    "table.segment_strategy.low_value_4": ("re-check regularly: some may move up",
                                           "定期复查：有些客户可能会升级"),
    # ---------------------------------------------------------------- notebook sentences
    # printed by the code cells the two editions share (notebooks/ and notebooks/zh/)
    "nb.start.ready": ("clvteach {version} is ready", "clvteach {version} 已就绪"),
    "nb.value.delivered_sums": (
        "total customer value = {mug.product:g} + {mug.service:g} + {mug.personnel:g}"
        " + {mug.image:g} = {result.total_value:g} yuan\n"
        "total customer cost  = {mug.monetary:g} + {mug.time:g} + {mug.energy:g}"
        " + {mug.psychological:g} = {result.total_cost:g} yuan\n"
        "delivered value      = {result.total_value:g} - {result.total_cost:g}"
        " = {result.delivered_value:g} yuan\n"
        "value / cost ratio   = {result.value_cost_ratio:.2f}  →  {result.verdict_zh}"
        " ({result.verdict})",
        "客户总价值   = {mug.product:g} + {mug.service:g} + {mug.personnel:g}"
        " + {mug.image:g} = {result.total_value:g} 元\n"
        "客户总成本   = {mug.monetary:g} + {mug.time:g} + {mug.energy:g}"
        " + {mug.psychological:g} = {result.total_cost:g} 元\n"
        "客户让渡价值 = {result.total_value:g} - {result.total_cost:g}"
        " = {result.delivered_value:g} 元\n"
        "价值/成本比  = {result.value_cost_ratio:.2f}  →  {result.verdict_zh}"),
    "nb.value.offer_basic": ("Basic mug", "基础款杯子"),
    "nb.value.offer_chenguang": ("Chenguang", "晨光智能杯"),
    "nb.value.offer_rival": ("Rival smart mug", "竞品智能杯"),
    "nb.value.offer_student": ("Budget-minded student", "精打细算的学生"),
    "nb.value.offer_xiao_lin": ("Xiao Lin", "小林"),
    "nb.lifecycle.funnel_kpis": (
        "CAC                 {kpis.cac:6.1f} yuan per first-time buyer\n"
        "conversion rate     {kpis.conversion_rate:6.1%}  (reached → first purchase)\n"
        "repurchase rate     {kpis.repurchase_rate:6.1%}  (first → second purchase)\n"
        "churn rate          {kpis.churn_rate:6.1%}  (first-time buyers not retained)\n"
        "win-back rate       {kpis.win_back_rate:6.1%}  (of the churned)",
        "客户获取成本（CAC）{kpis.cac:6.1f} 元/首次购买者\n"
        "转换率             {kpis.conversion_rate:6.1%}（到达 → 首次购买）\n"
        "重复购买率         {kpis.repurchase_rate:6.1%}（首次 → 第二次购买）\n"
        "流失率             {kpis.churn_rate:6.1%}（未被保留的首次购买者）\n"
        "赢回率             {kpis.win_back_rate:6.1%}（占流失客户）"),
    "nb.lifecycle.stage_line": ("{stage:>13}: {weeks:4.0f} weeks, {value:7,.1f} yuan",
                                "{stage}：{weeks:4.0f} 周，{value:7,.1f} 元"),
    "nb.lifecycle.stage_total": ("        total: {weeks:4.0f} weeks, {value:7,.1f} yuan",
                                 "合计  ：{weeks:4.0f} 周，{value:7,.1f} 元"),
    "nb.lifecycle.story_0": ("first visit: buy-one-get-one-free, registers as a member",
                             "首次到店：买一送一，注册成为会员"),
    "nb.lifecycle.story_1": ("two more visits within a week; orders for colleagues",
                             "一周内又来了两次；帮同事点单"),
    "nb.lifecycle.story_3": ("cross-sell: sea-salt caramel latte + almond croissant, 5-yuan coupon",
                             "交叉销售：海盐焦糖拿铁 + 杏仁可颂，5 元优惠券"),
    "nb.lifecycle.story_20": ("3+ visits a week, gold-star member, recommends Zhenxuan",
                              "每周到店 3 次以上，金星会员，向他人推荐臻选咖啡"),
    "nb.lifecycle.story_46": ("office moves 1.5 km away; visits fall towards zero",
                              "办公室搬到 1.5 公里外；到店次数逐渐降到零"),
    "nb.lifecycle.story_48": ("CRM alert → specialist calls, free-delivery coupon",
                              "CRM 系统预警 → 专员致电，赠送免配送费券"),
    "nb.lifecycle.story_line": ("week {week:>2}  {stage:<13}  {event}",
                                "第 {week:>2} 周  {stage}  {event}"),
    "nb.lifecycle.case_cherries": ("1-yuan cherries", "1 元车厘子"),
    "nb.lifecycle.case_knowledge": ("paid knowledge", "知识付费"),
    "nb.lifecycle.case_gym": ("gym annual card", "健身房年卡"),
    "nb.lifecycle.case_apple": ("Apple ecosystem", "苹果生态"),
    "nb.lifecycle.case_verdict": ("{case}: {verdict.pattern} {verdict.pattern_zh}\n"
                                  "    because {verdict.reason}",
                                  "{case}：{verdict.pattern_zh}\n    理由：{verdict.reason}"),
    "nb.lifecycle.variant_as_told": ("as told", "故事原样"),
    "nb.lifecycle.variant_loyalty": ("stability +26 weeks (loyalty programme)",
                                     "稳定期 +26 周（忠诚计划）"),
    "nb.lifecycle.variant_cross_selling": ("peak +10 % (cross-selling)", "峰值 +10 %（交叉销售）"),
    "nb.lifecycle.variant_onboarding": ("formation 2 weeks faster (better onboarding)",
                                        "形成期快 2 周（更好的新客引导）"),
    "nb.lifecycle.variant_line": ("{name:<46} {weeks:3.0f} weeks  {value:7,.0f} yuan",
                                  "{name}：{weeks:3.0f} 周，{value:7,.0f} 元"),
    "nb.clv.historical": ("Historical value: {value:,.0f} yuan", "历史价值：{value:,.0f} 元"),
    "nb.clv.courseware_sum": (
        "Sum of the courseware's rounded rows: {value:,.1f} yuan  (courseware: ≈ 3058)",
        "课件表格各行（已取整）之和：{value:,.1f} 元（课件：≈ 3058）"),
    "nb.clv.rounding_and_truncation": (
        "courseware table, rounded, 5 years : {courseware:8,.1f} yuan\n"
        "exact arithmetic, 5 years          : {exact:8,.1f} yuan\n"
        "exact arithmetic, no horizon limit : {infinite:8,.1f} yuan\n"
        "rounding effect                    : {rounding:8,.1f} yuan\n"
        "truncation effect (years 6, 7, ...): {truncation:8,.1f} yuan",
        "课件表格（取整），5 年 ：{courseware:8,.1f} 元\n"
        "精确计算，5 年         ：{exact:8,.1f} 元\n"
        "精确计算，不限年限     ：{infinite:8,.1f} 元\n"
        "取整的影响             ：{rounding:8,.1f} 元\n"
        "截断的影响（第 6、7… 年）：{truncation:8,.1f} 元"),
    "nb.clv.five_year_sum": ("5-year sum", "5 年合计"),
    "nb.clv.infinite_horizon": ("infinite horizon", "不限年限"),
    "nb.clv.potential_courseware": (
        "multiplier {potential.multiplier:.2f} discounted years"
        " (= {potential.current_value:,.0f} / 1440)\n"
        "upgrade value  : {potential.upgrade_extra_profit:,.0f} x 0.3 x"
        " {potential.multiplier:.2f} = {potential.upgrade:,.0f} yuan\n"
        "referral value : 0.5 x {potential.current_value:,.0f} - 500"
        " = {potential.referral:,.0f} yuan\n"
        "potential value: {potential.total:,.0f} yuan",
        "乘数 {potential.multiplier:.2f} 个折现年（= {potential.current_value:,.0f} / 1440）\n"
        "升级价值：{potential.upgrade_extra_profit:,.0f} × 0.3 ×"
        " {potential.multiplier:.2f} = {potential.upgrade:,.0f} 元\n"
        "推荐价值：0.5 × {potential.current_value:,.0f} - 500"
        " = {potential.referral:,.0f} 元\n"
        "潜在价值：{potential.total:,.0f} 元"),
    "nb.clv.potential_spread": (
        "referrals, courseware (one year) : {potential.referral:8,.1f} yuan\n"
        "referrals, spread over 5 years   : {spread.referral:8,.1f} yuan\n"
        "potential value, spread          : {spread.total:8,.1f} yuan",
        "推荐价值，课件算法（一年）：{potential.referral:8,.1f} 元\n"
        "推荐价值，分摊到 5 年     ：{spread.referral:8,.1f} 元\n"
        "潜在价值，分摊算法        ：{spread.total:8,.1f} 元"),
    "nb.clv.christmas_tree": ("Christmas-tree customer: {value:,.0f} dollars",
                              "圣诞树客户：{value:,.0f} 美元"),
    "nb.clv.coffee_regular": ("Coffee regular: {value:,.0f} yuan", "咖啡常客：{value:,.0f} 元"),
    "nb.clv.convention_line": (
        "{name:>10}: {formula:<16} multiple {multiple:.3f} x 1440 = {value:,.0f} yuan",
        "convention=\"{name}\"：{formula:<16} 倍数 {multiple:.3f} × 1440 = {value:,.0f} 元"),
    "nb.steps.transaction_lines": (
        "{lines:,} transaction lines, {customers:,} customers, {start:%Y-%m-%d} to {end:%Y-%m-%d}",
        "{lines:,} 行交易记录，{customers:,} 位客户，{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"),
    "nb.steps.rfm_occasions": (
        "{lines:,} lines → {occasions:,} purchase occasions of {customers:,} customers",
        "{lines:,} 行 → {customers:,} 位客户的 {occasions:,} 次购买"),
    "nb.steps.monthly_inputs": (
        "monthly retention r = {retention:.3f}, monthly discount rate d = {rate:.4%},"
        " margin multiple = {multiple:.2f}",
        "月保留率 r = {retention:.3f}，月贴现率 d = {rate:.4%}，利润倍数 = {multiple:.2f}"),
    "nb.steps.monthly_retention": ("monthly retention r = {retention:.3f}",
                                   "月保留率 r = {retention:.3f}"),
    "nb.steps.clv_means": (
        "historical CLV: mean {historical_mean:,.0f} yuan, median {historical_median:,.0f} yuan\n"
        "predictive CLV: mean {predictive_mean:,.0f} yuan, median {predictive_median:,.0f} yuan",
        "历史 CLV：平均 {historical_mean:,.0f} 元，中位数 {historical_median:,.0f} 元\n"
        "预测 CLV：平均 {predictive_mean:,.0f} 元，中位数 {predictive_median:,.0f} 元"),
    "nb.steps.clv_cac": (
        "CLV {clv:,.1f} / CAC 1,000 = {ratio:.2f} : 1 ({verdict}); payback after {payback} year(s)",
        "CLV {clv:,.1f} / CAC 1,000 = {ratio:.2f} : 1（{verdict}）；回收期 {payback} 年"),
    "nb.steps.lapsed": (
        "{lapsed:,} lapsed customers (win-back, not segmented); {buying:,} still buying:",
        "{lapsed:,} 位客户已停止购买（属于赢回对象，不参与细分）；{buying:,} 位仍在购买："),
    "nb.steps.plan_line": ("{segment} {name} — {goal}", "{name}——目标：{goal}"),
    "nb.steps.pareto": (
        "top 20 % of customers bring {pareto.value_share:.1%} of historical profit;"
        " 80 % of profit comes from the top {pareto.customers_for_80:.1%}; Gini {pareto.gini:.2f}",
        "前 20 % 的客户带来 {pareto.value_share:.1%} 的历史利润；80 % 的利润来自前"
        " {pareto.customers_for_80:.1%} 的客户；基尼系数 {pareto.gini:.2f}"),
    "nb.steps.cdnow_once": ("{share:.1%} of CDNOW customers bought only once",
                            "{share:.1%} 的 CDNOW 客户只购买过一次"),
    "nb.steps.cdnow_pareto": (
        "CDNOW: top 20 % of customers bring {pareto.value_share:.1%} of historical profit;"
        " 80 % comes from the top {pareto.customers_for_80:.1%}; Gini {pareto.gini:.2f}",
        "CDNOW：前 20 % 的客户带来 {pareto.value_share:.1%} 的历史利润；80 % 来自前"
        " {pareto.customers_for_80:.1%} 的客户；基尼系数 {pareto.gini:.2f}"),
    "nb.models.zhang_san_infinite": (
        "Zhang San, constant retention 0.8, no horizon limit: {value:,.1f} yuan",
        "张三，保留率恒为 0.8，不限年限：{value:,.1f} 元"),
    "nb.models.cdnow_counts": (
        "customers                           : {customers:,}\n"
        "repeat purchases in calibration      : {repeats:,}\n"
        "customers with a repeat purchase     : {repeaters:,}\n"
        "customers who never bought again     : {never:.0%}\n"
        "repeat purchases in the holdout      : {holdout:,}  ({weeks:.0f} weeks)",
        "客户数                 ：{customers:,}\n"
        "校准期内的重复购买次数 ：{repeats:,}\n"
        "有重复购买的客户       ：{repeaters:,}\n"
        "再也没有购买的客户     ：{never:.0%}\n"
        "验证期内的重复购买次数 ：{holdout:,}（{weeks:.0f} 周）"),
    "nb.models.params_header": ("parameter   clvteach    paper", "     参数   clvteach     论文"),
    "nb.models.log_likelihood": ("log-likelihood: {value:,.1f}   (paper: -9,582.4)",
                                 "对数似然：{value:,.1f}（论文：-9,582.4）"),
    "nb.models.bgnbd_reading": (
        "mean purchase rate while active : {rate:.3f} purchases per week"
        "  (= {yearly:.1f} per year)\n"
        "mean drop-out probability       : {dropout:.1%} after each repeat purchase",
        "活跃期间的平均购买率：每周 {rate:.3f} 次（= 每年 {yearly:.1f} 次）\n"
        "平均流失概率        ：每次重复购买后 {dropout:.1%}"),
    "nb.models.bought_recently": ("bought recently     ", "最近刚购买"),
    "nb.models.silent_26_weeks": ("silent for 26 weeks ", "已沉寂 26 周"),
    "nb.models.p_alive_line": (
        "6 repeat purchases, {label} (t_x = {recency:4.1f} of T = 38 weeks): P(alive) = {alive:.0%}",
        "6 次重复购买，{label}（t_x = {recency:4.1f}，T = 38 周）：P(活跃) = {alive:.0%}"),
    "nb.models.holdout_check": (
        "holdout purchases, forecast : {forecast:8,.0f}\n"
        "holdout purchases, actual   : {actual:8,.0f}\n"
        "customers with no repeat purchase in calibration: forecast {forecast_zero:.2f},"
        " actual {actual_zero:.2f} purchases each\n"
        "cumulative repeat purchases to week 78: forecast {tracking:,.0f}, actual {total:,}"
        " ({error:+.1%})",
        "验证期购买次数，预测：{forecast:8,.0f}\n"
        "验证期购买次数，实际：{actual:8,.0f}\n"
        "校准期内没有重复购买的客户：人均预测 {forecast_zero:.2f} 次，实际 {actual_zero:.2f} 次\n"
        "到第 78 周的累计重复购买：预测 {tracking:,.0f}，实际 {total:,}（{error:+.1%}）"),
    "nb.models.gg_param": ("{name}: {value:6.2f}   (paper: {paper:.2f})",
                           "{name}：{value:6.2f}（论文：{paper:.2f}）"),
    "nb.models.gg_reading": (
        "population mean spend per purchase: {mean:.2f} USD\n"
        "check of the model's assumption, corr(frequency, spend) = {corr:.2f} (close to 0)",
        "总体每次购买的平均消费：{mean:.2f} 美元\n"
        "检验模型假设：购买次数与消费额的相关系数 = {corr:.2f}（接近 0）"),
    "nb.models.clv_12_months": (
        "monthly discount rate: {rate:.4%}\n"
        "total 12-month value of the {customers:,} customers: {total:,.0f} USD\n"
        "share of that value from the top 20% of customers: {share:.0%}",
        "月贴现率：{rate:.4%}\n"
        "{customers:,} 位客户未来 12 个月的总价值：{total:,.0f} 美元\n"
        "其中前 20% 的客户所占份额：{share:.0%}"),
    "nb.models.regular_retention": ("regular cohort, yearly retention: {retention}",
                                    "普通客户群，每年的保留率：{retention}"),
    "nb.models.regular": ("regular", "普通客户"),
    "nb.models.high_end": ("high end", "高端客户"),
    "nb.models.sbg_params": ("{name:8}: alpha = {alpha:.3f}, beta = {beta:.3f}",
                             "{name}：参数 alpha = {alpha:.3f}，beta = {beta:.3f}"),
    "nb.models.sbg_paper": ("paper (Fader & Hardie 2007): regular 0.704, 1.182; high end 0.668, 3.806",
                            "论文（Fader & Hardie 2007）：普通客户 0.704、1.182；高端客户 0.668、3.806"),
    "nb.models.mixed_retention": ("retention in years 1-5, mixed members: {retention}",
                                  "异质客户第 1–5 年的保留率：{retention}"),
    "nb.models.constant_08": ("constant 0.8 (notebook 03)", "恒定 0.8（笔记本 03）"),
    "nb.models.heterogeneous": ("heterogeneous Beta(1, 4)", "异质 Beta(1, 4)"),
    "nb.models.residual_line": (
        "{label:27}: 5 years {v5:8,.1f} yuan, no horizon limit {v:8,.1f} yuan",
        "{label}：5 年 {v5:8,.1f} 元，不限年限 {v:8,.1f} 元"),
    "nb.models.renewal_line": (
        "after {renewals} renewals: next-year retention {retention:.1%},"
        " expected residual value {value:8,.1f} yuan",
        "续约 {renewals} 次后：下一年保留率 {retention:.1%}，预期剩余价值 {value:8,.1f} 元"),
    "nb.models.derl": (
        "DERL after 3 renewals: {derl:.2f} discounted years of payments"
        " (constant model: {constant:.2f})",
        "续约 3 次后的 DERL（折现预期剩余生命期）：{derl:.2f} 个折现年的付款"
        "（恒定模型：{constant:.2f}）"),
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
        # no check_choice here (_validation itself uses this catalogue): its message
        listed = ", ".join(repr(c) for c in LANGUAGES)
        raise ValueError(text("error.choice", name="lang", options=listed, value=repr(lang)))
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
        filled = object.__new__(Text)  # no re-check: a filled-in value may hold "{"
        object.__setattr__(filled, "en", self.en.format(**fields))
        object.__setattr__(filled, "zh", self.zh.format(**fields))
        return filled

    def __str__(self) -> str:
        return self.get()


def localise(message: "str | Text", lang: str | None = None) -> str:
    """A plain string unchanged; a :class:`Text` in ``lang`` (default: current language)."""
    return message.get(lang) if isinstance(message, Text) else message
