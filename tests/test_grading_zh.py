"""Grading and ``make check`` of the Chinese edition: a zh submission gets Chinese reasons.

The language of the reasons is that of the *released* notebook the submission is rebuilt
from (``exercises/zh/...``), never anything the student's kernel prints or sets: a
submission that switches its own kernel to English is still judged in Chinese, and the
English edition keeps its English reasons in the same grading run.
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
