"""ct.check, personalised parameters and the question types (no kernels, fast)."""
from __future__ import annotations

import math
import re
import subprocess
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

import clvteach as ct
from clvteach import exercises as cx
from clvteach.exercises import ex03_clv_fundamentals as ex03
from clvteach.i18n import localise

IDS = ["2024001", "2024002", "s-17", "demo"]
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- a tiny set
@dataclass(frozen=True)
class TinyParams:
    fee: float
    margin: float
    years: int


def _tiny_params(rng: np.random.Generator) -> TinyParams:
    return TinyParams(float(rng.choice([1200, 2400, 3600])), float(rng.choice([0.4, 0.6])),
                      int(rng.integers(2, 6)))


def _tiny_table(p: TinyParams) -> pd.DataFrame:
    years = np.arange(1, p.years + 1)
    return pd.DataFrame({"year": years, "profit": p.fee * p.margin * 0.8 ** years})


@pytest.fixture
def tiny():
    spec = cx.register(cx.ExerciseSpec(
        id="ex90", title="tiny", make_params=_tiny_params,
        questions=[
            cx.NumberQuestion(
                key="ex90.q1", hint="fee × margin × years",
                reference=lambda p: p.fee * p.margin * p.years,
                mistakes=[cx.Mistake("revenue is not profit: apply the margin",
                                     lambda p: p.fee * p.years)]),
            cx.ChoiceQuestion(
                key="ex90.q2", hint="pick one", options={"up": "", "down": ""},
                answer=lambda p: cx.seal("ex90.q2", "up"),
                why={"down": "higher retention keeps customers longer"}),
            cx.TableQuestion(
                key="ex90.q3", hint="table", reference=_tiny_table, columns=("year", "profit"),
                points=2, goal="write out a DCF table",
                row_label="year", index_column="year",
                column_mistakes={"profit": [cx.Mistake(
                    "forgot the churn", lambda p: p.fee * p.margin * np.ones(p.years))]}),
        ]))
    yield cx.start("ex90", student_id="2024001")
    cx._core._REGISTRY.pop(spec.id, None)
    cx._core._SESSIONS.pop(spec.id, None)


def _hint(key, answer):
    with pytest.raises(cx.WrongAnswer) as info:
        ct.check(key, answer)
    return str(info.value)


def test_right_answer_prints_one_success_line(tiny, capsys):
    p = tiny.params
    ct.check("ex90.q1", p.fee * p.margin * p.years)
    ct.check("ex90.q2", " UP ")
    ct.check("ex90.q3", _tiny_table(p))
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["✓ ex90.q1: correct (1 point of the exercise's 4 points)",
                     "✓ ex90.q2: correct (1 point of the exercise's 4 points)",
                     "✓ ex90.q3: correct (2 points of the exercise's 4 points)"]


def test_points_must_be_positive_numbers():
    for bad in (0, -1, True, "2", float("nan")):
        with pytest.raises(ValueError, match=rf"points of ex91.q1 must be a number > 0, got"):
            cx.register(cx.ExerciseSpec(id="ex91", title="bad", make_params=_tiny_params,
                                        questions=[cx.NumberQuestion(
                                            key="ex91.q1", hint="h", points=bad,
                                            reference=lambda p: 1.0)]))
    assert "ex91" not in cx._core._REGISTRY


def test_the_student_package_holds_no_answer_key():
    """No expected()/answer API; choice answers only as salted digests (plain: the key)."""
    from pathlib import Path

    for spec in _all_specs():
        for q in spec.questions:
            assert not hasattr(q, "expected") and not hasattr(q, "expected_values"), q.key
    assert not hasattr(cx, "load_key") and "key" not in cx.__all__
    sealed = cx.seal("ex03:FACTORS:discount_rate", "falls")
    assert ex03.FACTORS["discount_rate"][1] == sealed and "falls" not in repr(sealed)
    source = Path(ex03.__file__).read_text(encoding="utf-8")
    assert '"falls")' not in source and "'falls')" not in source
    ex02 = cx.exercise_spec("ex02")
    p2 = cx.start("ex02", student_id="2024001").params
    assert isinstance(p2.stage, cx.Sealed) and isinstance(p2.pattern, cx.Sealed)
    assert ex02.question("ex02.q5").target(p2) == p2.stage


@pytest.mark.parametrize("placeholder", [..., [1, ...], {"a": ...}])
def test_placeholder_is_not_answered_yet(tiny, placeholder):
    with pytest.raises(cx.NotAnswered, match="ex90.q1: not answered yet"):
        ct.check("ex90.q1", placeholder)


def test_wrong_answers_get_a_diagnosis_not_the_value(tiny):
    p = tiny.params
    expected = p.fee * p.margin * p.years
    assert _hint("ex90.q1", p.fee * p.years).endswith("revenue is not profit: apply the margin")
    assert "percentage" in _hint("ex90.q1", expected * 100)
    assert "monthly" in _hint("ex90.q1", expected * 12)
    assert "sign" in _hint("ex90.q1", -expected)
    assert "expected a number" in _hint("ex90.q1", "4320")
    assert _hint("ex90.q2", "down").endswith("higher retention keeps customers longer")
    assert "not an option" in _hint("ex90.q2", "sideways")
    table = _tiny_table(p)
    assert "off by one" in _hint("ex90.q3", table.iloc[:-1])
    assert "missing column(s) 'profit'" in _hint("ex90.q3", table[["year"]])
    assert "forgot the churn" in _hint("ex90.q3", table.assign(profit=p.fee * p.margin))
    for message in [_hint("ex90.q1", a) for a in (1.0, expected + 7, expected * 100)]:
        assert f"{expected:g}" not in message and f"{expected:,.0f}" not in message


def test_check_before_start_and_unknown_keys_are_clear(tiny):
    cx._core._SESSIONS.pop("ex90")
    with pytest.raises(cx.WrongAnswer, match=r"set STUDENT_ID and run ex = ct.exercises.start"):
        ct.check("ex90.q1", 1.0)
    with pytest.raises(ValueError, match="key must be one of ex90.q1, ex90.q2, ex90.q3, got 'ex90.q7'"):
        ct.check("ex90.q7", 1.0)
    with pytest.raises(ValueError, match="exercise must be one of"):
        ct.check("ex77.q1", 1.0)


@pytest.mark.parametrize("student_id", ["...", "", "  ", None, ...])
def test_missing_student_id_is_a_clear_error(student_id):
    with pytest.raises(ValueError, match=r'STUDENT_ID is not set: put your student number'):
        cx.start("ex03", student_id=student_id)


@pytest.mark.parametrize("student_id", ['=HYPERLINK("x")', "-2024", "a b", "x" * 41, "学生1"])
def test_a_malformed_student_id_is_a_clear_error(student_id):
    with pytest.raises(ValueError, match=r"STUDENT_ID must be your student number: letters, "
                                         r"digits, '-', '_' or '\.'"):
        cx.start("ex03", student_id=student_id)


def test_student_id_type_is_checked():
    with pytest.raises(TypeError, match=r"STUDENT_ID must be a string"):
        cx.start("ex03", student_id=["2024001"])


def test_parameters_are_deterministic_across_processes_and_differ_between_students():
    code = ("import clvteach.exercises as cx; "
            "print(cx.start('ex03', student_id='2024001').params)")
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin",
                            "PYTHONPATH": ":".join(sys.path)}).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert runs.pop().strip() == repr(cx.start("ex03", student_id="2024001").params)
    params = {repr(cx.start("ex03", student_id=f"2024{i:03d}").params) for i in range(20)}
    assert len(params) >= 15


def test_ex03_reproduces_the_courseware_zhang_san_numbers():
    zhang = ex03.Params(monthly_fee=200, margin=0.6, churn=0.2, discount_rate=0.1, past_years=3,
                        horizon=5, upgrade_fee_monthly=300, upgrade_chance=0.3, referrals=0.5,
                        referral_reward=500, factor="horizon")
    assert ex03.historical(zhang) == pytest.approx(4320)
    table = ex03.dcf(zhang)
    # Courseware table (rounded factors): 1047.2, 761.2, 553.7, 403.2, 293.3 -> 3058.
    assert table["present_value"].round(1).tolist() == [1047.3, 761.7, 553.9, 402.9, 293.0]
    assert ex03.current(zhang) == pytest.approx(3058.70, abs=0.01)
    assert ex03.infinite(zhang) == pytest.approx(3840)
    # Upgrade: 720 × 30 % × (3058.7 / 1440) ≈ 458.8 (courseware: ≈ 458).
    assert ex03.upgrade(zhang) == pytest.approx(720 * 0.3 * 3058.70 / 1440, abs=0.01)
    assert round(ex03.upgrade(zhang)) in (458, 459)


def _all_specs():
    return [cx.exercise_spec(e) for e in cx.EXERCISE_MODULES
            if _module_exists(cx.EXERCISE_MODULES[e])]


def _module_exists(name):
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_every_exercise_has_at_least_six_questions_and_mixes_kinds():
    specs = _all_specs()
    assert {s.id for s in specs} >= {"ex03"}
    kinds = set()
    for spec in specs:
        assert len(spec.questions) >= 6, spec.id
        kinds |= {q.kind for q in spec.questions}
    assert kinds >= {"number", "table", "choice", "plot"}


def _key(exercise):
    from clvteach.exercises.key import load_key

    return load_key(exercise, ROOT / "instructor" / "key")


@pytest.mark.parametrize("student_id", IDS + [f"2024{i:03d}" for i in range(12)])
def test_the_check_accepts_the_grading_key_and_the_key_covers_every_question(student_id):
    from clvteach.exercises._core import Diagnosis

    for spec in _all_specs():
        key = _key(spec.id)
        assert list(key.answers) == [q.key for q in spec.questions]
        params = cx.start(spec.id, student_id=student_id).params
        for q in spec.questions:
            if q.kind == "plot":
                continue
            expected = key.expected(q.key, params)
            try:
                q.judge(expected, params, q.target(params))
            except Diagnosis as why:  # pragma: no cover - the failure message
                pytest.fail(f"{q.key} ({student_id}): the check rejects the key's answer: {why}")


@pytest.mark.parametrize("student_id", IDS)
def test_every_diagnosed_mistake_is_recognised_and_hides_the_answer(student_id):
    for spec in _all_specs():
        ex = cx.start(spec.id, student_id=student_id)
        key = _key(spec.id)
        for q in spec.questions:
            if not isinstance(q, cx.NumberQuestion):
                continue
            target = key.expected(q.key, ex.params)
            for mistake in q.mistakes:
                values = mistake.value(ex.params)
                for value in values if isinstance(values, list) else [values]:
                    if math.isclose(value, target, rel_tol=q.rtol, abs_tol=q.atol):
                        continue  # this mistake makes no difference for this student
                    message = _hint(q.key, value)
                    assert message.startswith(q.key + ": ")
                    hints = [localise(m.hint) for m in q.mistakes]
                    assert message.split(": ", 1)[1] in hints, (q.key, message)
                    for shown in (f"{target:.0f}", f"{target:,.0f}", f"{target:.2f}"):
                        if abs(target) >= 10:
                            assert shown not in message


# --------------------------------------------------------------------------- library
@pytest.mark.parametrize("student_id", IDS)
def test_written_out_answers_and_mistake_models_agree_with_the_library(student_id):
    from clvteach.exercises import ex01_customer_value as ex01
    from clvteach.exercises import ex02_customer_lifecycle as ex02
    from clvteach.exercises import ex04_clv_analysis_steps as ex04

    p3 = cx.start("ex03", student_id=student_id).params
    pd.testing.assert_frame_equal(ex03.dcf(p3), ex03.table(p3).reset_index(drop=True),
                                  check_dtype=False)
    assert ex03.current(p3, horizon=p3.horizon + 40) == pytest.approx(ex03.infinite(p3), rel=1e-3)
    p1 = cx.start("ex01", student_id=student_id).params
    assert ex01.delivered(p1) == pytest.approx(p1.total_value - p1.total_cost)
    p2 = cx.start("ex02", student_id=student_id).params
    assert p2.pattern.matches(ct.classify_pattern(list(p2.other)).pattern)
    p4 = cx.start("ex04", student_id=student_id).params
    values = p4.customers["current_value"].sort_values(ascending=False)
    assert ex04.top_share(p4) == pytest.approx(values.iloc[:4].sum() / values.sum())
    assert ex04.segments(p4, inclusive=True).ne(ex04.segments(p4)).sum() >= 1  # a tie exists


def test_option_keys_are_the_library_keys():
    from clvteach import lifecycle, value
    from clvteach.exercises import ex01_customer_value as ex01
    from clvteach.exercises import ex02_customer_lifecycle as ex02
    from clvteach.exercises import ex04_clv_analysis_steps as ex04

    assert set(ex01.VALUE_TYPES) == {v.key for v in value.VALUE_TYPES}
    assert tuple(ex02.STAGES) == lifecycle.STAGE_KEYS
    assert set(ex02.PATTERNS) == set(lifecycle.PATTERN_KEYS)
    assert tuple(ex02.PROCESSES) == lifecycle.PROCESS_KEYS
    assert set(ex04.SEGMENTS) == {"high_value", "growth", "watch", "low_value"}
    assert {ct.clv_cac_verdict(r) for r in (0.5, 2.0, 4.0)} == set(ex04.VERDICTS)


def test_segment_question_accepts_series_dict_list_and_diagnoses_mistakes():
    from clvteach.exercises import ex04_clv_analysis_steps as ex04

    p = cx.start("ex04", student_id="2024001").params
    right = ex04.segments(p)
    for form in (right, right.to_dict(), right.tolist(),
                 p.customers.assign(segment=right.to_numpy())):
        ct.check("ex04.q5", form)
    assert "swapped" in _hint("ex04.q5", ex04.segments(p, swap=True))
    assert "strictly above" in _hint("ex04.q5", ex04.segments(p, inclusive=True))
    assert "one segment per customer (20), got 19" in _hint("ex04.q5", right.tolist()[:-1])
    assert "'vip' is not a segment" in _hint("ex04.q5", right.replace("growth", "vip"))


def test_plot_questions_read_the_drawn_artists():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    p3 = cx.start("ex03", student_id="2024001").params
    rows = ex03.dcf(p3)
    fig, ax = plt.subplots()
    ax.plot(rows["year"], rows["present_value"].cumsum())
    assert "label both axes" in _hint("ex03.q9", ax)
    ax.set_xlabel("year")
    ax.set_ylabel("yuan")
    ct.check("ex03.q9", fig)  # a Figure with one Axes is accepted too
    _, ax = plt.subplots()
    ax.plot(rows["year"], rows["profit"].cumsum())
    assert "forgot discounting" in _hint("ex03.q9", ax)
    assert "expected the matplotlib Axes" in _hint("ex03.q9", [1, 2])

    p2 = cx.start("ex02", student_id="2024001").params
    _, ax = plt.subplots()
    ax.plot(range(24), p2.spend)
    assert "months are numbered 1 to 24" in _hint("ex02.q3", ax)

    p4 = cx.start("ex04", student_id="2024001").params
    _, ax = plt.subplots()
    ax.scatter(p4.customers["potential_value"], p4.customers["current_value"])
    assert "axes swapped" in _hint("ex04.q8", ax)
    _, ax = plt.subplots()
    ax.scatter(p4.customers["current_value"], p4.customers["potential_value"])
    ax.axvline(p4.current_threshold)
    assert "draw both thresholds" in _hint("ex04.q8", ax)

    p1 = cx.start("ex01", student_id="2024001").params
    _, ax = plt.subplots()
    ax.bar(list(p1.values)[::-1], list(p1.values.values())[::-1])
    assert "wrong order" in _hint("ex01.q9", ax)


def test_choice_hints_quote_only_real_options():
    for spec in _all_specs():
        params = cx.start(spec.id, student_id="demo").params
        for q in spec.questions:
            if isinstance(q, cx.ChoiceQuestion):
                for lang in ("en", "zh"):
                    quoted = re.findall(r'"([a-z_]+)"', localise(q.hint, lang))
                    assert set(quoted) <= set(q.option_keys(params)), (q.key, lang, quoted)
