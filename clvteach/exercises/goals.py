"""The chapter's learning goals and the map goal → notebook section → explorer → questions.

The goals are the courseware's chapter objectives (courseware ch. 6, 客户价值的分析与获取):
three knowledge goals (知识目标), three ability goals (能力目标) and two literacy goals
(素养目标). Every exercise question declares the goal it trains (``Question.goal``, set
with :func:`with_goals` in its exercise module); :func:`goal_map` builds the table that
``00_start_here`` shows, from that metadata and from :data:`GOALS` — nothing is typed twice.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["GOALS", "Goal", "goal_map", "questions_by_goal", "uncovered_goals", "with_goals"]


@dataclass(frozen=True)
class Goal:
    """One learning goal of the chapter, with where the course teaches it."""

    id: str
    kind: str  # knowledge / ability / literacy
    text: str
    text_zh: str
    sections: tuple[str, ...]  # notebook sections that teach it
    explorers: tuple[str, ...]  # ct.widgets explorers (sliders) that practise it


KINDS = {"knowledge": "知识目标", "ability": "能力目标", "literacy": "素养目标",
         "tools": "工具"}

#: Notebook sections in the Chinese edition (the headings of notebooks/zh/...).
SECTIONS_ZH = {
    "00 Start here: how to use a notebook": "00 从这里开始：如何使用笔记本",
    "01 §1 What is customer value?": "01 §1 什么是客户价值？",
    "01 §2 Six value types": "01 §2 客户价值的六种类型",
    "01 §2 Six value types (activity)": "01 §2 客户价值的六种类型（课堂活动）",
    "01 §3 Customer delivered value": "01 §3 客户让渡价值",
    "01 §5 Delivered vs perceived value": "01 §5 让渡价值与感知价值",
    "02 §2 Five processes": "02 §2 五个过程，一个漏斗",
    "02 §3 The four-stage model": "02 §3 客户生命周期的四阶段模型",
    "02 §4 Four lifecycle patterns": "02 §4 客户生命周期的四种模式",
    "02 §5 Lengthen the stable stage": "02 §5 启示：延长稳定期",
    "03 §2 Zhang San at StreamNow": "03 §2 例题：StreamNow 平台的张三",
    "03 §5 The CLV calculator": "03 §5 客户终生价值计算器",
    "03 §6 The eight factors": "03 §6 影响客户终生价值的八个因素",
    "03 §7 CLV vs NPS vs CSAT": "03 §7 客户终生价值、净推荐值与客户满意度的区别",
    "04 Steps 1–5": "04 第 1–5 步",
    "04 The 80/20 check": "04 二八法则检验",
    "04 Step 5 Strategies per segment": "04 第 5 步：制定相应的营销策略",
    "05 Probabilistic CLV": "05 概率模型下的客户终生价值",
}

GOALS: dict[str, Goal] = {g.id: g for g in (
    Goal("K1", "knowledge", "understand the concept and the classes of customer value",
         "理解客户价值的概念与分类",
         ("01 §1 What is customer value?", "01 §2 Six value types", "01 §3 Customer delivered value",
          "01 §5 Delivered vs perceived value"),
         ("delivered_value_explorer", "offer_comparison")),
    Goal("K2", "knowledge", "understand the customer lifecycle and its models",
         "理解客户生命周期及其模型",
         ("02 §2 Five processes", "02 §3 The four-stage model", "02 §4 Four lifecycle patterns"),
         ("lifecycle_explorer", "pattern_explorer")),
    Goal("K3", "knowledge", "master the steps of customer lifetime value analysis",
         "掌握客户终生价值的分析步骤",
         ("04 Steps 1–5", "04 The 80/20 check", "03 §7 CLV vs NPS vs CSAT"),
         ("segment_explorer",)),
    Goal("A1", "ability", "judge which type of value a customer gets",
         "能够判断客户获得的价值类型",
         ("01 §2 Six value types (activity)",), ()),
    Goal("A2", "ability", "draw a customer lifecycle", "能够绘制客户生命周期",
         ("02 §3 The four-stage model", "02 §4 Four lifecycle patterns"),
         ("lifecycle_explorer", "pattern_explorer")),
    Goal("A3", "ability", "analyse what a firm's customer lifetime value is made of",
         "能够分析企业客户终生价值的构成",
         ("03 §2 Zhang San at StreamNow", "03 §5 The CLV calculator", "03 §6 The eight factors",
          "05 Probabilistic CLV"),
         ("clv_calculator", "sensitivity_explorer")),
    Goal("L1", "literacy", "think about service across the whole customer lifecycle",
         "树立全生命周期服务的意识",
         ("02 §5 Lengthen the stable stage", "04 Step 5 Strategies per segment"),
         ("lifecycle_explorer",)),
    Goal("L2", "literacy", "customer-centred values", "树立以客户为中心的价值观",
         ("01 §5 Delivered vs perceived value", "04 Step 5 Strategies per segment"),
         ("segment_explorer",)),
    # Not a courseware goal: the warm-up's tools (ex00), so that every question has a goal.
    Goal("T0", "tools", "use Python, pandas and matplotlib the course's way",
         "按课程的方式使用 Python、pandas 和 matplotlib",
         ("00 Start here: how to use a notebook",), ("delivered_value_explorer",)),
)}


def with_goals(questions: Sequence[Any], goals: Mapping[str, str]) -> list[Any]:
    """``questions`` with their declared goal (``goals``: question key → goal id).

    Raises ValueError naming the question when a goal is missing or unknown.
    """
    out = []
    for q in questions:
        goal = goals.get(q.key)
        if goal not in GOALS:
            raise ValueError(f"goal of {q.key} must be one of {', '.join(GOALS)}, got {goal!r}")
        out.append(replace(q, goal=goal))
    extra = sorted(set(goals) - {q.key for q in questions})
    if extra:
        raise ValueError(f"goals given for unknown questions: {', '.join(extra)}")
    return out


def _specs() -> list[Any]:
    from ._core import EXERCISE_MODULES, exercise_spec

    return [exercise_spec(e) for e in sorted(EXERCISE_MODULES)]


def questions_by_goal(*, auto_checked: bool | None = None) -> dict[str, list[Any]]:
    """Goal id → the questions that declare it (``auto_checked``: only / no reflections)."""
    found: dict[str, list[Any]] = {g: [] for g in GOALS}
    for spec in _specs():
        for q in spec.questions:
            if q.goal not in GOALS:
                continue
            reflection = q.kind == "reflection"
            if auto_checked is True and reflection or auto_checked is False and not reflection:
                continue
            found[q.goal].append(q)
    return found


def uncovered_goals() -> list[str]:
    """Goals without practice: knowledge/ability goals need an auto-checked question,
    literacy goals a reflection (to be scored by the instructor)."""
    checked = questions_by_goal(auto_checked=True)
    reflections = questions_by_goal(auto_checked=False)
    missing = []
    for gid, goal in GOALS.items():
        pool = reflections if goal.kind == "literacy" else checked
        if not pool[gid]:
            missing.append(gid)
    return missing


def goal_map(*, lang: str | None = None) -> Any:
    """The learning-goal map: goal → notebook sections → explorers → exercise questions.

    Returns a pandas DataFrame (one row per goal) built from :data:`GOALS` and every
    question's ``goal`` metadata; shown in ``00_start_here``. ``lang`` defaults to the
    current language (the Chinese start page shows the Chinese table).
    """
    import pandas as pd

    if lang is None:
        from ..settings import get_language

        lang = get_language()
    by_goal = questions_by_goal()
    rows = []
    for gid, goal in GOALS.items():
        questions = by_goal[gid]
        auto = [q.key for q in questions if q.kind != "reflection"]
        written = [q.key + " ✎" for q in questions if q.kind == "reflection"]
        if lang == "zh":
            rows.append({"目标": f"{KINDS[goal.kind]} {gid}：{goal.text_zh}",
                         "笔记本章节": "；".join(SECTIONS_ZH.get(s, s) for s in goal.sections),
                         "滑块": ", ".join(goal.explorers) or "—",
                         "练习题": ", ".join(auto + written) or "—"})
        else:
            rows.append({"goal": f"{goal.kind} {gid}: {goal.text}",
                         "notebook sections": "; ".join(goal.sections),
                         "sliders": ", ".join(goal.explorers) or "—",
                         "exercise questions": ", ".join(auto + written) or "—"})
    table = pd.DataFrame(rows)
    return table.set_index(table.columns[0])
