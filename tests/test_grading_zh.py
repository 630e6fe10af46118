"""Grading and ``make check`` of the Chinese edition: a zh submission gets Chinese reasons.

The language of the reasons is that of the *released* notebook the submission is rebuilt
from (``exercises/zh/...``), never anything the student's kernel prints or sets: a
submission that switches its own kernel to English is still judged in Chinese, and the
English edition keeps its English reasons in the same grading run. One class run grades
both editions of every exercise (ex00–ex06) with one wrong number each: the Chinese
submission gets Chinese reasons and feedback and exactly the English submission's points.
"""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from clvteach.exercises import generate as gen
from clvteach.exercises import grade as gr
from clvteach.exercises.selfcheck import self_check

from exercise_support import role, with_id

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"
NAME = "ex01_customer_value.ipynb"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _zh_release(folder: Path) -> Path:
    """A release with both editions: exercises/ and exercises/zh (the zh exercise is
    generated from the Chinese solution, or from the English one with its language literal
    switched while the Chinese solution is not written yet)."""
    release = folder / "release"
    shutil.copytree(EXERCISES, release)
    (release / "zh").mkdir(exist_ok=True)
    zh_solution = SOLUTIONS / "zh" / NAME
    if zh_solution.exists():
        solution = nbformat.read(zh_solution, as_version=4)
    else:
        solution = nbformat.read(SOLUTIONS / NAME, as_version=4)
        first = next(c for c in solution.cells if c.cell_type == "code")
        first.source = first.source.replace('ct.set_language("en")', 'ct.set_language("zh")', 1)
    nbformat.write(gen.generate_exercise(solution), release / "zh" / NAME)
    return release


def _cell(nb, kind, question):
    return next(c for c in nb.cells if role(c) == {"role": kind, "question": question})


def _wrong(nb):
    _cell(nb, "answer", "ex01.q4").source = "answer = 1 / 0"
    _cell(nb, "answer", "ex01.q6").source = 'answer = "abc"'
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zh")
    release = _zh_release(folder)
    zh = nbformat.read(release / "zh" / NAME, as_version=4)
    en = nbformat.read(release / NAME, as_version=4)
    paths = {}
    paths["zh_pristine"] = folder / "zh_pristine_ex01.ipynb"
    nbformat.write(with_id(nbformat.from_dict(zh), "2024001"), paths["zh_pristine"])
    paths["en_pristine"] = folder / "en_pristine_ex01.ipynb"
    nbformat.write(with_id(nbformat.from_dict(en), "2024001"), paths["en_pristine"])
    paths["zh_wrong"] = folder / "zh_wrong_ex01.ipynb"
    nbformat.write(_wrong(with_id(nbformat.from_dict(zh), "2024002")), paths["zh_wrong"])
    # hostile: the kernel switches itself to English and prints an English "reason"
    sneaky = _wrong(with_id(nbformat.from_dict(zh), "2024003"))
    sneaky.cells[1].source += '\nct.set_language("en")\nprint("not answered yet")'
    paths["zh_sneaky"] = folder / "zh_sneaky_ex01.ipynb"
    nbformat.write(sneaky, paths["zh_sneaky"])
    en_wrong = _wrong(with_id(nbformat.from_dict(en), "2024004"))
    paths["en_wrong"] = folder / "en_wrong_ex01.ipynb"
    nbformat.write(en_wrong, paths["en_wrong"])
    out = folder / "grades.csv"
    results = gr.grade(list(paths.values()), release=release, key=ROOT / "instructor" / "key",
                       out=out, cell_timeout=20, notebook_timeout=240, progress=False, jobs=2)
    return {name: r for name, r in zip(paths, results)}, out, release


def _reasons(result):
    return {q.key: q.reason for q in result.questions}


def test_a_zh_pristine_submission_is_not_answered_in_chinese(graded):
    result = graded[0]["zh_pristine"]
    assert (result.status, result.language) == ("ok", "zh")
    assert set(_reasons(result).values()) == {"尚未作答"}


def test_the_english_edition_keeps_english_reasons(graded):
    result = graded[0]["en_pristine"]
    assert (result.status, result.language) == ("ok", "en")
    assert set(_reasons(result).values()) == {"not answered yet"}
    wrong = _reasons(graded[0]["en_wrong"])
    assert wrong["ex01.q4"] == "your answer cell raised ZeroDivisionError: division by zero"
    assert wrong["ex01.q6"].startswith("expected a number, got str")


@pytest.mark.parametrize("name", ["zh_wrong", "zh_sneaky"])
def test_zh_reasons_are_chinese_whatever_the_kernel_does(graded, name):
    result = graded[0][name]
    assert result.language == "zh"
    reasons = _reasons(result)
    assert reasons["ex01.q4"] == "你的答题单元格出错 ZeroDivisionError：division by zero"
    assert reasons["ex01.q6"].startswith("应当是一个数，收到的是 str")
    assert all(HAN.search(r) for r in reasons.values()), reasons
    assert any("ZeroDivisionError" in e and HAN.search(e) for e in result.errors)


def test_the_feedback_file_of_a_zh_submission_is_in_chinese(graded):
    _, out, _ = graded
    feedback = (out.parent / "grades_feedback" / "zh_wrong_ex01.md").read_text(encoding="utf-8")
    assert feedback.startswith("# 反馈：zh_wrong_ex01.ipynb")
    assert "| 题目 | 得分 | 需要注意的地方 |" in feedback and "## 你的笔记本中的错误" in feedback
    english = (out.parent / "grades_feedback" / "en_wrong_ex01.md").read_text(encoding="utf-8")
    assert english.startswith("# Feedback: en_wrong_ex01.ipynb")


def test_the_edition_comes_from_the_release_not_from_the_submission(tmp_path):
    """A submission claiming an edition the release lacks is judged in the release's."""
    release = tmp_path / "release"
    release.mkdir()
    shutil.copy(EXERCISES / NAME, release / NAME)
    nb = nbformat.read(EXERCISES / NAME, as_version=4)
    nb.metadata["clvteach"]["language"] = "zh"
    picked = gr._pick_release(gr._release_notebooks(release), "ex01", "zh")
    assert picked == release / NAME
    assert gen.notebook_language(nbformat.read(picked, as_version=4)) == "en"


def test_make_check_on_the_zh_edition_speaks_chinese(graded, tmp_path):
    release = graded[2]
    mine = tmp_path / "exercises" / "zh"
    mine.mkdir(parents=True)
    nb = _wrong(with_id(nbformat.read(release / "zh" / NAME, as_version=4), "2024005"))
    nbformat.write(nb, mine / NAME)
    out = io.StringIO()
    assert self_check([mine], stream=out) == 1
    text = out.getvalue()
    assert f"{NAME} — 学号 2024005" in text
    assert "✗ ex01.q4 未通过：你的答题单元格出错 ZeroDivisionError" in text
    assert re.search(r"答对 0/9 题（0/\d+ 分）", text)
    assert "not answered" not in text and "hint:" not in text
    assert "——提示：" in text  # an unanswered question shows its hint


def test_statuses_read_in_the_submission_language():
    statuses = ["ok", "kernel died (exit 1)", "notebook time limit exceeded (240 s)",
                "error: boom", "missing STUDENT_ID", "invalid STUDENT_ID",
                "unreadable file (OSError)", "file larger than 20 MB",
                "unreadable notebook (JSONDecodeError: x)", "cannot tell which exercise this is",
                "unknown exercise 'ex99'", "no grading key: none", "grader error: KeyError: 1",
                "infrastructure: no sandbox", "no released exercise ex01 in exercises"]
    for status in statuses:
        assert gr.describe_status(status, "en") == status  # the English status is unchanged
        assert HAN.search(gr.describe_status(status, "zh")), status


def test_a_class_of_the_zh_edition_gets_a_chinese_summary(tmp_path):
    from clvteach.exercises.reports import write_reports

    def results(lang):
        return [gr.SubmissionResult(f"s{i}.ipynb", exercise="ex01", student_id=f"2024{i}",
                                    language=lang, questions=[
                                        gr.QuestionResult("ex01.q1", i % 2, 1, "", "A1")])
                for i in range(4)]

    write_reports(results("zh"), tmp_path / "zh" / "grades.csv")
    summary = (tmp_path / "zh" / "grades_summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# 全班成绩概况") and "![两幅柱状图。" in summary
    assert "| 题目 | 学习目标 | 已评分 | 平均得分 | 满分比例 |" in summary
    mixed = results("zh")[:2] + results("en")[2:]
    write_reports(mixed, tmp_path / "mixed" / "grades.csv")
    assert (tmp_path / "mixed" / "grades_summary.md").read_text(
        encoding="utf-8").startswith("# Class summary")
    assert (tmp_path / "zh" / "grades_summary.png").stat().st_size > 1000


# --- One class run: a Chinese submission of every exercise, each with one wrong number ---

ALL = sorted(p.stem for p in EXERCISES.glob("ex*.ipynb"))
WRONG_NUMBER = "answer = 123456.789"
# Three or more Latin words in a row: an English phrase left in a Chinese reason.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'-]+[A-Za-z]{2,}){2,}")


def _first_number_question(exercise: str) -> str:
    from clvteach.exercises import NumberQuestion, exercise_spec

    return next(q.key for q in exercise_spec(exercise).questions
                if isinstance(q, NumberQuestion))


@pytest.fixture(scope="module")
def class_run(tmp_path_factory):
    """Both editions of every exercise (ex00–ex06), solved except for one number question
    answered wrongly, graded in one run against the real release (~30 s with 2 kernels).

    The student is the solutions' own ("demo"): their literal judgement answers (ex02,
    ex04.q7) are that student's; those read through the instructor key are written in as
    literals by ``answered``."""
    from exercise_support import answered

    folder = tmp_path_factory.mktemp("zh_class")
    paths, wrong = [], {}
    for name in ALL:
        exercise = name[:4]
        wrong[exercise] = _first_number_question(exercise)
        for edition in ("zh", "en"):
            nb = answered(name, "demo", edition=edition)
            _cell(nb, "answer", wrong[exercise]).source = WRONG_NUMBER
            paths.append(folder / f"{edition}_{name}.ipynb")
            nbformat.write(nb, paths[-1])
    out = folder / "grades.csv"
    results = gr.grade(paths, release=EXERCISES, key=ROOT / "instructor" / "key", out=out,
                       cell_timeout=20, notebook_timeout=240, progress=False, jobs=2)
    return {Path(r.path).stem: r for r in results}, wrong, out


@pytest.mark.parametrize("name", ALL)
def test_every_zh_exercise_is_graded_in_chinese_and_like_the_english_edition(class_run, name):
    results, wrong, _ = class_run
    zh, en = results[f"zh_{name}"], results[f"en_{name}"]
    key = wrong[name[:4]]
    assert (zh.status, zh.language, en.status, en.language) == ("ok", "zh", "ok", "en")
    assert zh.errors == [], zh.errors
    manual = set(zh.manual)  # written reflections (ex06): scored by hand, reason in Chinese
    for q in zh.questions:
        if q.key == key:
            assert q.points == 0 and HAN.search(q.reason), (q.key, q.reason)
            assert not ENGLISH.search(q.reason), (q.key, q.reason)
        elif q.key in manual:
            assert q.points == 0 and HAN.search(q.reason), (q.key, q.reason)
        else:
            assert (q.points, q.reason) == (q.max_points, ""), (q.key, q.reason)
    assert zh.score == zh.max_score - 1 - sum(q.max_points for q in zh.questions
                                              if q.key in manual)
    assert (zh.score, zh.max_score) == (en.score, en.max_score)
    assert ({q.key: q.points for q in zh.questions}
            == {q.key: q.points for q in en.questions})
    assert not HAN.search(next(q.reason for q in en.questions if q.key == key))


@pytest.mark.parametrize("name", ALL)
def test_the_feedback_a_zh_student_receives_is_chinese(class_run, name):
    results, wrong, out = class_run
    feedback = (out.parent / "grades_feedback" / f"zh_{name}.md").read_text(encoding="utf-8")
    assert feedback.startswith(f"# 反馈：zh_{name}.ipynb")
    assert "| 题目 | 得分 | 需要注意的地方 |" in feedback
    row = next(line for line in feedback.splitlines()
               if line.startswith(f"| {wrong[name[:4]]} |"))
    assert HAN.search(row) and not ENGLISH.search(row), row
    prose = re.sub(r"`[^`]*`|zh_\w+\.ipynb|STUDENT_ID|ex\d\d(\.q\d+)?", "", feedback)
    assert not ENGLISH.search(prose), ENGLISH.search(prose)
