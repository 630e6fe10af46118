"""Learning-goal map (every question declares a goal; every goal is practised) and exercise 06."""
from __future__ import annotations

from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

import clvteach as ct
from clvteach import exercises as cx
from clvteach.exercises import ex06_new_firm as ex06
from clvteach.exercises.goals import GOALS, goal_map, questions_by_goal, uncovered_goals

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IDS = ["demo", "2024001", "2024002", "s-17", "x"]


def _specs():
    return [cx.exercise_spec(e) for e in cx.EXERCISE_MODULES]


def _hint(key, answer):
    with pytest.raises(cx.WrongAnswer) as info:
        ct.check(key, answer)
    return str(info.value).split(": ", 1)[1]


# ----------------------------------------------------------------------------- goals
def test_goals_are_the_courseware_chapter_objectives():
    kinds = [g.kind for g in GOALS.values()]
    assert kinds.count("knowledge") == 3 and kinds.count("ability") == 3
    assert kinds.count("literacy") == 2
    assert {g.text for g in GOALS.values()} >= {"judge which type of value a customer gets",
                                                "draw a customer lifecycle"}


def test_every_question_declares_a_goal():
    for spec in _specs():
        for q in spec.questions:
            assert q.goal in GOALS, f"{q.key} declares no learning goal ({q.goal!r})"


def test_every_goal_is_practised_by_an_auto_checked_question_or_a_reflection():
    """Fails when a knowledge/ability goal has no auto-checked question, or a literacy goal
    no reflection."""
    assert uncovered_goals() == []
    assert questions_by_goal(auto_checked=False)["L1"]  # a written reflection


def test_uncovered_goals_notices_a_goal_without_questions(monkeypatch):
    from clvteach.exercises import goals

    extra = goals.Goal("A9", "ability", "an untrained goal", "未练习的目标", (), ())
    monkeypatch.setitem(goals.GOALS, "A9", extra)
    assert uncovered_goals() == ["A9"]


def test_goal_map_is_generated_from_the_question_metadata():
    table = goal_map()
    assert len(table) == len(GOALS)
    listed = ", ".join(table["exercise questions"])
    for spec in _specs():
        for q in spec.questions:
            assert q.key in listed
    assert "ex01.q1" in table.loc[table.index.str.contains("A1"), "exercise questions"].iloc[0]
    assert "✎" in table.loc[table.index.str.contains("L2"), "exercise questions"].iloc[0]
    zh = goal_map(lang="zh")
    assert "素养目标" in " ".join(zh.index)


def test_start_here_shows_the_generated_goal_map_and_links_the_warm_up():
    nb = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "ct.exercises.goal_map()" in c.source)
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    assert "ex06.q13 ✎" in shown and "A2" in shown
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "../exercises/ex00_warm_up.ipynb" in prose


# ------------------------------------------------------------------------ exercise 06
@pytest.mark.parametrize("student_id", IDS)
def test_ex06_story_boundaries_and_their_mistakes(student_id):
    p = cx.start("ex06", student_id=student_id).params
    b = p.boundaries
    ct.check("ex06.q3", b)
    assert "off by one month" in _hint("ex06.q3", {k: v - 1 for k, v in b.items()})
    assert "months must increase" in _hint(
        "ex06.q3", {"formation": b["stability"], "stability": b["formation"],
                    "deterioration": b["deterioration"]})
    assert "give the first month of deterioration" in _hint(
        "ex06.q3", {"formation": b["formation"], "stability": b["stability"]})
    visits = ex06.monthly_visits(p)
    story = ex06.story(p)
    for n in visits[p.stage_months[0]:]:
        assert str(n) in story  # the story tells every number the curve needs


@pytest.mark.parametrize("student_id", IDS[:3])
def test_ex06_curve_is_checked_on_values_months_and_shape(student_id):
    p = cx.start("ex06", student_id=student_id).params
    visits = ex06.monthly_visits(p)
    months = np.arange(1, len(visits) + 1)

    def drawn(x, y, labels=True):
        fig, ax = plt.subplots()
        ax.plot(x, y)
        if labels:
            ax.set_xlabel("month")
            ax.set_ylabel("purchases per month")
        return ax

    ct.check("ex06.q4", drawn(months, visits))
    assert "months must run 1, 2" in _hint("ex06.q4", drawn(months - 1, visits))
    assert "label both axes" in _hint("ex06.q4", drawn(months, visits, labels=False))
    assert "does not fall at the end" in _hint("ex06.q4", drawn(months, sorted(visits)))
    plt.close("all")


@pytest.mark.parametrize("student_id", IDS)
def test_ex06_rfm_nps_csat_and_clv_mistakes_are_diagnosed(student_id):
    p = cx.start("ex06", student_id=student_id).params
    cell = ex06.rfm_cell(p)
    ct.check("ex06.q5", cell)
    if cell[0] != str(6 - int(cell[0])):
        assert "recency is reversed" in _hint("ex06.q5", ex06.rfm_cell(p, reverse_recency=True))
    assert "sum of the scores" in _hint("ex06.q5", sum(map(int, cell)))
    s = np.array(p.nps_scores)
    assert "7 and 8 are passives" in _hint("ex06.q6", 100 * ((s >= 7).mean() - (s <= 6).mean()))
    assert "not the mean score" in _hint("ex06.q7", float(np.mean(p.csat_scores)))
    assert "forgot discounting" in _hint("ex06.q9", ex06.current_value(p, discount=False))
    assert "inverted" in _hint("ex06.q10", 1 / ex06.clv_cac(p))


def test_ex06_reflections_are_never_judged_on_content():
    cx.start("ex06", student_id="demo")
    text = ("Any honest text of forty words is recorded for the instructor, whatever it says: "
            * 4)
    ct.check("ex06.q13", text)
    ct.check("ex06.q14", "以客户为中心" * 8)
    assert "not written yet" in _hint("ex06.q13", "too short")
    q = next(q for q in cx.exercise_spec("ex06").questions if q.key == "ex06.q14")
    assert q.kind == "reflection" and "fairness" in q.rubric_text()


@pytest.mark.parametrize("student_id", IDS)
def test_ex06_steps_4_and_5_segment_and_strategy(student_id):
    p = cx.start("ex06", student_id=student_id).params
    right = ex06.segment(p)
    ct.check("ex06.q11", right)
    for wrong in {"high_value", "growth", "watch", "low_value"} - {right}:
        hint = _hint("ex06.q11", wrong)
        assert right not in hint.split(":")[0]  # a reason, never the answer's name first
        assert "cut" in hint or "BOTH" in hint
    fits = {"high_value": "vip_care", "growth": "develop", "watch": "defend",
            "low_value": "low_cost"}
    ct.check("ex06.q12", fits[right])
    wrong = next(s for s in fits.values() if s != fits[right])
    assert _hint("ex06.q12", wrong)
