"""Every message a student of the Chinese edition reads is in Chinese.

Generic messages of the checker are catalogue keys (``check.*``, both languages: see
tests/test_i18n.py); the texts of one question (hint, why, fallback, success, a mistake's
hint, options, the exercise's title and description) are ``i18n.Text`` pairs beside it.
Covered: every exercise with a Chinese edition, i.e. not listed in
``tests/test_editions.py::ZH_PENDING`` (an exercise joins this test when its translation
lands and its name leaves that list).
"""
from __future__ import annotations

import ast
import inspect
import re
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

import clvteach as ct
from clvteach import i18n
from clvteach.exercises import EXERCISE_MODULES, Mistake, exercise_spec, get_question
from clvteach.exercises import student_rng

from test_editions import ZH_PENDING

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TEXT_FIELDS = ("hint", "success", "fallback", "row_label")
STUDENTS = ("demo", "2024001", "2024002", "2024003")


def _module(exercise: str):
    exercise_spec(exercise)  # imports it
    return sys.modules[EXERCISE_MODULES[exercise]]


def _name(exercise: str) -> str:
    return EXERCISE_MODULES[exercise].rsplit(".", 1)[1]


TRANSLATED = sorted(e for e in EXERCISE_MODULES if _name(e) not in ZH_PENDING)


def test_the_pending_list_names_real_exercises():
    assert set(ZH_PENDING) <= {_name(e) for e in EXERCISE_MODULES}, ZH_PENDING  # {} when empty


def student_texts(exercise: str) -> list[tuple[str, object]]:
    """(where, text) for every text of the exercise a student may read."""
    spec = exercise_spec(exercise)
    found: list[tuple[str, object]] = [("title", spec.title)]
    for sid in STUDENTS:
        found.append((f"describe({sid})", spec.describe(spec.make_params(
            student_rng(exercise, sid)))))
    params = spec.make_params(student_rng(exercise, "demo"))
    for q in spec.questions:
        for f in fields(q):
            value = getattr(q, f.name)
            if f.name in TEXT_FIELDS and value is not None:
                found.append((f"{q.key}.{f.name}", value))
            elif f.name in ("why",):
                found += [(f"{q.key}.why[{k}]", v) for k, v in value.items()]
            elif f.name == "options":
                options = value(params) if callable(value) else value
                found += [(f"{q.key}.options[{k}]", v) for k, v in options.items()]
            elif f.name == "mistakes":
                found += [(f"{q.key}.mistakes[{i}]", m.hint) for i, m in enumerate(value)]
            elif f.name == "column_mistakes":
                found += [(f"{q.key}.column_mistakes[{c}]", m.hint)
                          for c, ms in value.items() for m in ms]
            elif f.name == "rubric_zh":
                found += [(f"{q.key}.rubric_zh", item) for item in value]
    return found


@pytest.mark.parametrize("exercise", TRANSLATED)
def test_every_question_text_is_a_pair_with_chinese(exercise):
    bad = []
    with ct.language("zh"):
        for where, value in student_texts(exercise):
            shown = i18n.localise(value, "zh") if isinstance(value, i18n.Text) else str(value)
            if not HAN.search(shown):
                bad.append(f"{where}: {shown[:80]!r}")
    assert not bad, f"{exercise}: texts without a Chinese version:\n" + "\n".join(bad)


@pytest.mark.parametrize("exercise", TRANSLATED)
def test_no_diagnosis_raised_with_an_english_only_literal(exercise):
    """``raise Diagnosis("...")`` with a plain literal shows English to a zh student."""
    source = inspect.getsource(_module(exercise))
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"Diagnosis", "Mistake"}:
            first = node.args[0] if node.args else None
            if isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(first, ast.Constant) and isinstance(first.value, str)):
                bad.append(f"line {node.lineno}: {ast.unparse(first)[:80]}")
    assert not bad, f"{exercise}: use i18n.Text(en, zh) (or a check.* key):\n" + "\n".join(bad)


def test_generic_checker_messages_follow_the_language():
    from clvteach.exercises import _core

    q = _core.NumberQuestion(key="t.q1", hint=i18n.Text("a number", "一个数"),
                             reference=lambda p: 1.0)
    for lang, expected in (("en", "expected a number, got str"), ("zh", "应当是一个数")):
        with ct.language(lang), pytest.raises(_core.Diagnosis, match=expected):
            q.judge("abc", None, 1.0)
    with ct.language("zh"), pytest.raises(_core.Diagnosis, match="还不对"):
        q.judge(3.0, None, 1.0)
    with ct.language("zh"), pytest.raises(_core.Diagnosis, match="单位错了"):
        q.judge(12.0, None, 1.0)
    wrong = _core.NumberQuestion(key="t.q2", hint="h", reference=lambda p: 5.0,
                                 mistakes=[Mistake(i18n.Text("doubled", "翻倍了"), lambda p: 10.0)])
    with ct.language("zh"), pytest.raises(_core.Diagnosis, match="^翻倍了$"):
        wrong.judge(10.0, None, 5.0)
    with pytest.raises(_core.Diagnosis, match="^doubled$"):
        wrong.judge(10.0, None, 5.0)


def test_ct_check_speaks_the_notebook_language(capsys):
    ex = ct.exercises.start("ex00", student_id="2024001")
    with ct.language("zh"):
        with pytest.raises(ct.exercises.NotAnswered, match="ex00.q1：还没有作答"):
            ct.check("ex00.q1", ...)
        ct.check("ex00.q1", 12 * ex.params.monthly_fee)
        assert "✓ ex00.q1：正确（1 分，本练习共" in capsys.readouterr().out
        with pytest.raises(ValueError, match="STUDENT_ID 还没有设置"):
            ct.exercises.start("ex00", student_id="...")
    ct.check("ex00.q1", 12 * ex.params.monthly_fee)
    assert "✓ ex00.q1: correct (1 point of the exercise's" in capsys.readouterr().out


@pytest.mark.parametrize("exercise", TRANSLATED)
def test_a_zh_check_of_a_wrong_answer_is_chinese(exercise):
    """Every auto-checked question, answered wrongly in zh, answers in Chinese."""
    spec = exercise_spec(exercise)
    params = spec.make_params(student_rng(exercise, "2024001"))
    with ct.language("zh"):
        for q in spec.questions:
            for wrong in (-987654.321, "abc", None):
                try:
                    get_question(q.key).judge(wrong, params, q.target(params))
                except Exception as exc:  # noqa: BLE001 - any message must be Chinese
                    assert HAN.search(str(exc)), (q.key, wrong, str(exc))


def test_check_keys_used_by_the_checker_exist():
    used = set()
    for path in (ROOT / "clvteach" / "exercises").glob("*.py"):
        used |= set(re.findall(r"""["'](check\.[a-z0-9_.]+[a-z0-9_])["']""",
                               path.read_text(encoding="utf-8")))
    from clvteach.exercises.selfcheck import MESSAGES

    used |= set(MESSAGES.values())
    used |= {f"check.report.{k}" for k in ("question", "points", "what_to_look_at",
                                           "learning_goal", "graded", "mean_points",
                                           "full_marks")}
    assert len(used) > 60
    assert sorted(k for k in used if not i18n.has_text(k)) == []
    assert np.all([i18n.CATALOGUE[k]["zh"].strip() for k in used])
