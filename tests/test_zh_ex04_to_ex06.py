"""Exercises 04, 05 and 06 in Chinese (issue 13).

Every text of these exercises a student reads — hints, ``why`` maps, fallbacks, the hints
of diagnosed mistakes, option texts, the personalised description, the diagnoses of the
judges — is an :class:`clvteach.i18n.Text` pair whose Chinese really is Chinese, and a
wrong answer in the Chinese edition (``solutions/zh``, whose first cell calls
``ct.set_language("zh")``) gets a Chinese hint.
"""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach import exercises as cx  # noqa: E402
from clvteach.exercises import ex04_clv_analysis_steps as ex04  # noqa: E402
from clvteach.exercises import ex05_probabilistic_clv as ex05  # noqa: E402
from clvteach.exercises import ex06_new_firm as ex06  # noqa: E402
from clvteach.exercises.key import load_key  # noqa: E402
from clvteach.i18n import Text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ("ex04", "ex05", "ex06")
NOTEBOOKS = {"ex04": "ex04_clv_analysis_steps", "ex05": "ex05_probabilistic_clv",
             "ex06": "ex06_new_firm"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
STUDENT = "2024001"


@pytest.fixture(autouse=True)
def _chinese():
    before = ct.get_language()
    ct.set_language("zh")
    yield
    ct.set_language(before)
    plt.close("all")


def _texts(spec) -> list[tuple[str, object]]:
    """(where, text) of every student-facing text declared by the questions of ``spec``."""
    params = cx.start(spec.id, student_id=STUDENT).params
    found = [(f"{spec.id}.title", spec.title)]
    for q in spec.questions:
        fields = type(q).__dataclass_fields__
        found.append((f"{q.key}.hint", q.hint))
        for name in ("fallback", "success"):
            value = getattr(q, name, None)
            # the generic default of a question class is the catalogue's (check.*)
            if value is not None and not (name in fields and value == fields[name].default
                                          and not isinstance(value, Text)):
                found.append((f"{q.key}.{name}", value))
        for option, why in getattr(q, "why", {}).items():
            found.append((f"{q.key}.why[{option}]", why))
        options = getattr(q, "options", {})
        for option, description in (options(params) if callable(options) else options).items():
            found.append((f"{q.key}.options[{option}]", description))
        for i, mistake in enumerate(getattr(q, "mistakes", ())):
            found.append((f"{q.key}.mistakes[{i}]", mistake.hint))
        for column, mistakes in getattr(q, "column_mistakes", {}).items():
            for i, mistake in enumerate(mistakes):
                found.append((f"{q.key}.column_mistakes[{column}][{i}]", mistake.hint))
    return found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_declared_text_is_a_pair_with_chinese(exercise):
    spec = cx.exercise_spec(exercise)
    texts = _texts(spec)
    assert len(texts) > 3 * len(spec.questions)
    not_pairs = [where for where, t in texts if not isinstance(t, Text)]
    assert not not_pairs, f"plain strings (English only): {not_pairs}"
    not_chinese = [where for where, t in texts if not CJK.search(t.zh) or t.zh == t.en]
    assert not not_chinese, f"no Chinese translation: {not_chinese}"
    for where, t in texts:
        assert str(t) == t.zh, where  # f-strings and str() give the current language


def test_module_texts_of_ex04_and_ex06_are_pairs():
    tables = {"ex04.STEPS": ex04.STEPS, "ex04.VERDICTS": ex04.VERDICTS,
              "ex04.SEGMENTS": ex04.SEGMENTS, "ex04.STRATEGIES": ex04.STRATEGIES,
              "ex06.TEXT": ex06.TEXT, "ex06.PATTERNS": ex06.PATTERNS,
              "ex06.METRICS": ex06.METRICS}
    tables.update({f"ex04.TASKS[{i}]": {"text": t} for i, (t, _) in enumerate(ex04.TASKS)})
    for name, rows in (("STATEMENTS", ex06.STATEMENTS), ("PATTERN_STORIES", ex06.PATTERN_STORIES),
                       ("METRIC_QUESTIONS", ex06.METRIC_QUESTIONS)):
        tables.update({f"ex06.{name}[{i}]": {"text": t} for i, (t, _) in enumerate(rows)})
    for name, table in tables.items():
        for key, t in table.items():
            assert isinstance(t, Text) and CJK.search(t.zh), (name, key)
            # the Chinese edition reads Chinese only: no English sentence left in it
            assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", t.zh), (name, key, t.zh)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_description_reads_in_chinese(exercise):
    ex = cx.start(exercise, student_id=STUDENT)
    lines = repr(ex).splitlines()[1:]  # the first line is the title
    assert lines and all(CJK.search(line) for line in lines), lines
    assert not any(re.search(r"\b(per|yuan|months|your|the)\b", line) for line in lines), lines
    ct.set_language("en")
    english = repr(ex).splitlines()[1:]
    assert len(english) == len(lines) and english != lines


def test_the_story_tells_every_number_in_both_languages():
    for student in ("2024001", "2024002", "demo"):
        p = cx.start("ex06", student_id=student).params
        zh = ex06.story(p)
        ct.set_language("en")
        en = ex06.story(p)
        ct.set_language("zh")
        assert zh.startswith("小安") and en.startswith("Xiao An discovers")
        visits = ex06.monthly_visits(p)
        for n in visits[p.stage_months[0]:]:
            assert str(n) in zh and str(n) in en


def _hint(key: str, answer) -> str:
    with pytest.raises(cx.WrongAnswer) as info:
        ct.check(key, answer)
    return _after_key(str(info.value), key)


def _after_key(message: str, key: str) -> str:
    """The hint of ``"ex04.q2: hint"`` (English) or ``"ex04.q2：提示"`` (Chinese)."""
    match = re.match(re.escape(key) + r"(: |：)(.*)", message, flags=re.S)
    assert match, message
    return match.group(2)


def _wrong_answers(exercise: str) -> list[tuple[str, object]]:
    """Wrong answers that reach each judge's own diagnoses (not the catalogue's)."""
    key = load_key(exercise, ROOT / "instructor" / "key")
    spec = cx.exercise_spec(exercise)
    p = cx.start(exercise, student_id=STUDENT).params
    wrong: list[tuple[str, object]] = []
    for q in spec.questions:
        if isinstance(q, cx.NumberQuestion):
            target = key.expected(q.key, p)
            for mistake in q.mistakes:
                values = mistake.value(p)
                for value in values if isinstance(values, list) else [values]:
                    if not np.isclose(value, target, rtol=q.rtol, atol=q.atol):
                        wrong.append((q.key, value))
        elif isinstance(q, cx.ChoiceQuestion):
            right = key.expected(q.key, p)
            for option in q.option_keys(p):
                if option != right and (option in q.why or q.fallback is not None):
                    wrong.append((q.key, option))
    return wrong


def _axes(*series, labels=True):
    _, ax = plt.subplots()
    for x, y in series:
        ax.plot(x, y)
    if labels:
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    return ax


def _judge_specific(exercise: str) -> list[tuple[str, object]]:
    p = cx.start(exercise, student_id=STUDENT).params
    if exercise == "ex04":
        right = ex04.segments(p)
        return [
            ("ex04.q5", ["growth"] * 3),
            ("ex04.q5", ["{"] * len(right)),  # a brace in the student's answer is shown as is
            ("ex04.q5", 42),
            ("ex04.q5", ex04.segments(p, swap=True)),
            ("ex04.q5", pd.Series("low_value", index=right.index)),
            ("ex04.q8", _axes()),
        ]
    if exercise == "ex05":
        months = np.arange(p.projection_months + 1)
        return [
            ("ex05.q1", [1.0, 2.0]),
            ("ex05.q1", {"alpha": 1.0}),
            ("ex05.q1", {"alpha": 1e6, "beta": 1e6}),
            ("ex05.q2", ex05.survival_table(p, constant=True)),
            ("ex05.q5", _axes()),
            ("ex05.q5", _axes((months, ex05._sbg(p.alive).survival(months)))),
        ]
    b = p.boundaries
    visits = ex06.monthly_visits(p)
    months = np.arange(1, len(visits) + 1)
    return [
        ("ex06.q3", [1, 2, 3]),
        ("ex06.q3", {"formation": b["formation"]}),
        ("ex06.q3", {k: v - 1 for k, v in b.items()}),
        ("ex06.q3", {"formation": b["stability"], "stability": b["formation"],
                     "deterioration": b["deterioration"]}),
        ("ex06.q4", _axes((months, visits), labels=False)),
        ("ex06.q4", _axes((months - 1, visits))),
        ("ex06.q4", _axes((months, sorted(visits)))),
        ("ex06.q5", "12"),
        ("ex06.q5", ex06.rfm_cell(p)[::-1] if len(set(ex06.rfm_cell(p))) > 1 else "000"),
    ]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_wrong_answers_get_chinese_hints(exercise):
    cases = _wrong_answers(exercise) + _judge_specific(exercise)
    assert len(cases) >= 8
    english = []
    for key, answer in cases:
        hint = _hint(key, answer)
        if not CJK.search(hint):
            english.append((key, hint))
    assert not english, f"hints not in Chinese: {english}"


def test_a_brace_typed_by_the_student_is_shown_not_parsed():
    cx.start("ex04", student_id=STUDENT)
    assert "'{'" in _hint("ex04.q5", ["{"] * ex04.N_CUSTOMERS)


# A wrong answer in the Chinese edition itself: the notebook's first cell sets the language.
WRONG_IN_NOTEBOOK = {"ex04": "ex04.q3", "ex05": "ex05.q3", "ex06": "ex06.q1"}


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_wrong_answer_in_the_chinese_notebook_gets_a_chinese_hint(exercise):
    path = ROOT / "solutions" / "zh" / f"{NOTEBOOKS[exercise]}.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert 'ct.set_language("zh")' in next(c for c in nb.cells if c.cell_type == "code").source
    question = WRONG_IN_NOTEBOOK[exercise]
    check = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and f'ct.check("{question}"' in c.source)
    answer_cell = next(i for i in range(check - 1, 0, -1) if "BEGIN SOLUTION" in nb.cells[i].source)
    student = re.search(r'STUDENT_ID = "([^"]+)"', nb.cells[1].source).group(1)
    p = cx.start(exercise, student_id=student).params
    key = load_key(exercise, ROOT / "instructor" / "key")
    right = key.expected(question, p)
    q = cx.get_question(question)
    wrong = next(o for o in q.option_keys(p) if o != right)
    nb.cells = nb.cells[:check + 1]
    nb.cells[answer_cell].source = f"answer = {wrong!r}"
    client = NotebookClient(nb, timeout=120, kernel_name=CURRENT_ENV_KERNEL_NAME,
                            allow_errors=True, resources={"metadata": {"path": str(path.parent)}})
    client.km = client.create_kernel_manager()
    client.km.kernel_spec_manager = NbvalKernelspecManager()
    client.execute()
    errors = [o for o in nb.cells[check].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "WrongAnswer", nb.cells[check].outputs
    hint = _after_key(errors[0].evalue, question)
    assert CJK.search(hint), hint
    assert str(right) not in hint  # the hint never gives the answer away
