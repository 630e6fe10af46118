"""Exercises 02 and 03 in Chinese: every text a student reads is a Text pair, Chinese in zh.

Covers the texts of the two exercise modules (hints, ``why`` maps, fallbacks, mistake hints,
plot diagnoses, option texts, KPIs, episodes, factors, the printed parameters and titles):
each is an :class:`clvteach.i18n.Text`, its Chinese is Chinese prose (code, option keys and
the courseware's abbreviations may stay), a wrong answer in zh gets that Chinese hint and
never the expected value, and a Chinese exercise notebook shows Chinese hints.
"""
from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach import exercises as cx  # noqa: E402
from clvteach.exercises import ex02_customer_lifecycle as ex02  # noqa: E402
from clvteach.exercises import ex03_clv_fundamentals as ex03  # noqa: E402
from clvteach.i18n import Text, localise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IDS = ["demo", "2024001", "2024002", "s-17"]
HAN = re.compile(r"[\u4e00-\u9fff]")
# The courseware's abbreviations, names of tools, and code a Chinese hint may keep (the
# column names of the DCF table, pandas' cumsum).
ABBREVIATIONS = {"CLV", "LTV", "DCF", "KPI", "CSAT", "NPS", "CRM", "CAC", "Python",
                 "DataFrame", "numpy", "pandas", "cumsum", "year", "retention", "profit"}
# Code a hint quotes: "option keys", 'columns', calls f(...), attributes a.b / p.spend[0],
# names_with_underscores, powers r**t.
CODE = re.compile(r'"[^"]*"|\'[^\']*\'|\b[\w.]+\([^()]*\)|\b\w+(?:\.\w+|\[\d+\])+|\b\w*_\w*\b'
                  r"|\b\w+\*\*\w+")


def english_prose(zh: str) -> list[str]:
    """Latin words of 3+ letters in ``zh`` that are neither code nor an abbreviation."""
    return [w for w in re.findall(r"[A-Za-z]{3,}", CODE.sub(" ", zh)) if w not in ABBREVIATIONS]


def _default(q, name):
    return next(f.default for f in dataclasses.fields(q) if f.name == name)


def texts(module) -> dict[str, object]:
    """Every student-facing text of an exercise module, by where it is used."""
    spec = module.SPEC
    found: dict[str, object] = {f"{spec.id}.title": spec.title}
    for q in spec.questions:
        found[f"{q.key}.hint"] = q.hint
        for name in ("fallback", "success"):
            value = getattr(q, name, None)
            if value is not None and value != _default(q, name):
                found[f"{q.key}.{name}"] = value
        for option, why in getattr(q, "why", {}).items():
            found[f"{q.key}.why[{option}]"] = why
        options = getattr(q, "options", {})
        for option, shown in ({} if callable(options) else options).items():
            found[f"{q.key}.options[{option}]"] = shown
        for i, mistake in enumerate(getattr(q, "mistakes", ())):
            found[f"{q.key}.mistakes[{i}]"] = mistake.hint
        for column, mistakes in getattr(q, "column_mistakes", {}).items():
            for i, mistake in enumerate(mistakes):
                found[f"{q.key}.{column}[{i}]"] = mistake.hint
        if isinstance(q, cx.TableQuestion) and q.row_label not in (None, _default(q, "row_label")):
            found[f"{q.key}.row_label"] = q.row_label
    if module is ex02:
        for i, (shown, _) in enumerate(ex02.KPIS):
            found[f"KPIS[{i}]"] = shown
        for i, (shown, _) in enumerate(ex02.EPISODES):
            found[f"EPISODES[{i}]"] = shown
        for table in ("PROCESSES", "STAGES", "PATTERNS", "STRATEGIES"):
            for key, shown in getattr(ex02, table).items():
                found[f"{table}[{key}]"] = shown
    if module is ex03:
        for key, (shown, _) in ex03.FACTORS.items():
            found[f"FACTORS[{key}]"] = shown
    return found


ALL = {**texts(ex02), **texts(ex03)}


@pytest.mark.parametrize("where", sorted(ALL))
def test_every_text_is_a_pair_and_its_chinese_is_chinese(where):
    shown = ALL[where]
    assert isinstance(shown, Text), f"{where} is a plain string, shown in English in zh: {shown!r}"
    zh = shown.get("zh")
    assert HAN.search(zh), (where, zh)
    assert english_prose(zh) == [], (where, zh)
    # Chinese prose takes full-width punctuation: no ASCII , : ; ? right after a character
    assert not re.search(r"[\u4e00-\u9fff][,:;?]", CODE.sub(" ", zh)), (where, zh)
    # the same option keys are quoted in both languages (a student types them)
    assert re.findall(r'"([a-z_]+)"', zh) == re.findall(r'"([a-z_]+)"', shown.get("en")), where


def _hint(key, answer):
    with pytest.raises(AssertionError) as info:
        ct.check(key, answer)
    message = str(info.value)
    assert message.startswith(key), message
    return message[len(key) + 1:].strip()


@pytest.fixture
def zh():
    with ct.language("zh"):
        yield


@pytest.mark.parametrize("student_id", IDS)
def test_wrong_numbers_get_the_chinese_mistake_hint_and_never_the_answer(zh, student_id):
    checked = 0
    for spec in (ex02.SPEC, ex03.SPEC):
        params = cx.start(spec.id, student_id=student_id).params
        for q in spec.questions:
            if not isinstance(q, cx.NumberQuestion):
                continue
            target = float(q.target(params))
            for mistake in q.mistakes:
                values = mistake.value(params)
                for value in values if isinstance(values, list) else [values]:
                    if math.isclose(value, target, rel_tol=q.rtol, abs_tol=q.atol):
                        continue
                    message = _hint(q.key, value)
                    assert message in [localise(m.hint, "zh") for m in q.mistakes], (q.key, message)
                    assert HAN.search(message)
                    for shown in (f"{target:.0f}", f"{target:,.0f}", f"{target:.2f}"):
                        if abs(target) >= 10:
                            assert shown not in message, (q.key, message)
                    checked += 1
    assert checked > 20


@pytest.mark.parametrize("student_id", IDS)
def test_wrong_table_columns_get_the_chinese_mistake_hint(zh, student_id):
    q = ex03.SPEC.question("ex03.q2")
    params = cx.start("ex03", student_id=student_id).params
    right = ex03.table(params).reset_index(drop=True)
    for column, mistakes in q.column_mistakes.items():
        for mistake in mistakes:
            wrong = right.copy()
            wrong[column] = np.asarray(mistake.value(params), dtype=float)
            if np.allclose(wrong[column], right[column], rtol=q.rtol, atol=q.atol):
                continue
            message = _hint("ex03.q2", wrong)
            assert HAN.search(message) and not english_prose(message), message
            assert localise(mistake.hint, "zh") in message or "列" in message, message


@pytest.mark.parametrize("student_id", IDS)
def test_wrong_choices_get_a_chinese_hint(zh, student_id):
    for spec in (ex02.SPEC, ex03.SPEC):
        params = cx.start(spec.id, student_id=student_id).params
        for q in spec.questions:
            if not isinstance(q, cx.ChoiceQuestion):
                continue
            target = q.target(params)
            for option in q.option_keys(params):
                right = target.matches(option) if isinstance(target, cx.Sealed) else option == target
                if right:
                    continue
                message = _hint(q.key, option)
                assert HAN.search(message) and not english_prose(message), (q.key, message)


def test_wrong_plots_get_chinese_diagnoses(zh):
    p2 = cx.start("ex02", student_id="demo").params
    p3 = cx.start("ex03", student_id="demo").params
    rows = ex03.dcf(p3)
    drawings = {
        "ex02.q3": [lambda ax: ax.plot(np.arange(24), p2.spend),
                    lambda ax: ax.plot(p2.months + 1, p2.spend),
                    lambda ax: ax.plot(p2.months, p2.spend),
                    lambda ax: ax.plot(p2.months, p2.other),
                    lambda ax: ax.bar(p2.months, p2.spend)],
        "ex03.q9": [lambda ax: ax.bar([1], [1]),
                    lambda ax: ax.plot(rows["year"] - 1, rows["present_value"].cumsum()),
                    lambda ax: ax.plot(rows["year"], rows["present_value"].cumsum()),
                    lambda ax: ax.plot(rows["year"], rows["present_value"]),
                    lambda ax: ax.plot(rows["year"], rows["profit"].cumsum()),
                    lambda ax: ax.plot(rows["year"], rows["year"] * 0.0 + 1.0)],
    }
    seen = set()
    for key, draws in drawings.items():
        for draw in draws:
            _, ax = plt.subplots()
            draw(ax)
            message = _hint(key, ax)
            plt.close("all")
            assert HAN.search(message) and not english_prose(message), (key, message)
            seen.add((key, message))
    assert len(seen) == sum(map(len, drawings.values())), "each drawing has its own diagnosis"


@pytest.mark.parametrize("exercise", ["ex02", "ex03"])
def test_printed_parameters_and_placeholder_hints_read_in_chinese(zh, exercise):
    ex = cx.start(exercise, student_id="2024001")
    shown = repr(ex)
    assert HAN.search(shown)
    assert english_prose(shown) == [], shown
    for q in ex.spec.questions:
        message = _hint(q.key, ...)
        assert localise(q.hint, "zh") in message, message
    with ct.language("en"):  # the English edition keeps its text
        first = {"ex02": "KPI (Q1)", "ex03": "monthly fee"}[exercise]
        assert first in repr(cx.start(exercise, student_id="2024001"))


# ------------------------------------------------------------- a Chinese exercise notebook
def _run(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    from nbclient import NotebookClient
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

    client = NotebookClient(nb, timeout=120, kernel_name=CURRENT_ENV_KERNEL_NAME,
                            allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "solutions" / "zh")}})
    client.km = client.create_kernel_manager()
    client.km.kernel_spec_manager = NbvalKernelspecManager()
    client.execute()
    return nb


@pytest.mark.parametrize("name, question, wrong", [
    ("ex02_customer_lifecycle", "ex02.q6", "answer = sum(p.spend[p.window[0]:p.window[1]])"),
    ("ex03_clv_fundamentals", "ex03.q1", "answer = 12 * p.monthly_fee * p.past_years"),
])
def test_a_wrong_answer_in_the_chinese_notebook_gets_a_chinese_hint(name, question, wrong):
    nb = nbformat.read(ROOT / "solutions" / "zh" / f"{name}.ipynb", as_version=4)
    check = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and f'ct.check("{question}"' in c.source)
    nb.cells[check - 1].source = wrong
    errors = [o for c in _run(nb).cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert len(errors) == 1, [e.ename for e in errors]
    assert errors[0].ename == "WrongAnswer"
    assert errors[0].evalue.startswith(question), errors[0].evalue
    assert HAN.search(errors[0].evalue) and not english_prose(errors[0].evalue), errors[0].evalue
