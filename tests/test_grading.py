"""Grading and the pristine-exercise check (nbgrader's ``validate --invert``).

One grading run covers: every pristine exercise (each question "not answered yet", nothing
else may fail), one correct submission, one that cheats and breaks (edited/deleted checks,
an infinite loop, an exception, a deleted answer cell), one whose kernel dies, an invalid
file and one without STUDENT_ID. Hostile submissions: tests/test_grading_hostile.py.
"""
from __future__ import annotations

import copy
import csv
import os
import re
from pathlib import Path

import nbformat
import pytest

from clvteach import cli
from clvteach.exercises import grade as gr
from clvteach.exercises import exercise_spec
from clvteach.exercises.reflection import ReflectionQuestion

from exercise_support import answered

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
NAMES = sorted(p.stem for p in EXERCISES.glob("ex*.ipynb"))


def _role(cell):
    return cell.metadata.get("clvteach", {})


def _set_id(nb, student_id):
    nb.cells[1].source = nb.cells[1].source.replace('"..."', repr(student_id), 1)
    return nb


def _answered(name: str) -> nbformat.NotebookNode:
    """The released exercise filled in with the solution's answers (student "demo")."""
    return answered(name, "demo")


def _cell(nb, role, question):
    return next(c for c in nb.cells if _role(c) == {"role": role, "question": question})


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    paths = []
    for name in NAMES:  # pristine, as released, with a student id filled in
        pristine = _set_id(nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4), "2024001")
        paths.append(folder / f"pristine_{name}.ipynb")
        nbformat.write(pristine, paths[-1])

    good = _answered("ex03_clv_fundamentals")
    paths.append(folder / "good_ex03.ipynb")
    nbformat.write(good, paths[-1])
    paths.append(folder / "good_ex06.ipynb")  # with two reflections, scored by hand
    nbformat.write(_answered("ex06_new_firm"), paths[-1])

    cheat = _answered("ex01_customer_value")
    for cell in cheat.cells:
        if _role(cell).get("role") == "check":
            cell.source = f'print("✓ {_role(cell)["question"]}: correct")'
    cheat.cells.remove(_cell(cheat, "check", "ex01.q2"))  # deleted check: restored
    cheat.cells.insert(2, nbformat.v4.new_code_cell(  # checks must keep using the real id
        '_ = ct.exercises.start("ex01", student_id="a-friend")'))
    _cell(cheat, "answer", "ex01.q1").source = 'answer = "aesthetic"'
    _cell(cheat, "answer", "ex01.q3").source = "while True:\n    pass"
    _cell(cheat, "answer", "ex01.q4").source = "answer = 1 / 0"
    cheat.cells.remove(_cell(cheat, "answer", "ex01.q5"))
    q6 = cheat.cells.index(_cell(cheat, "answer", "ex01.q6"))
    cheat.cells.insert(q6, nbformat.v4.new_code_cell(  # a helper cell the student added
        "def ratio(p):\n    return (p.product + p.service + p.personnel + p.image) / "
        "(p.price + p.time_cost + p.energy_cost + p.psychological_cost)"))
    _cell(cheat, "answer", "ex01.q6").source = "answer = ratio(p)"
    paths.append(folder / "cheat_ex01.ipynb")
    nbformat.write(cheat, paths[-1])

    dies = _answered("ex02_customer_lifecycle")
    _cell(dies, "answer", "ex02.q4").source = "import os\nos._exit(1)"
    paths.append(folder / "dies_ex02.ipynb")
    nbformat.write(dies, paths[-1])

    paths.append(folder / "broken_ex04.ipynb")
    paths[-1].write_text('{"cells": [', encoding="utf-8")
    paths.append(folder / "noid_ex04.ipynb")
    nbformat.write(nbformat.read(EXERCISES / "ex04_clv_analysis_steps.ipynb", as_version=4),
                   paths[-1])

    out = folder / "grades.csv"
    results = gr.grade(paths, release=EXERCISES, key=ROOT / "instructor" / "key", out=out,
                       cell_timeout=3, notebook_timeout=180, progress=False, jobs=2)
    return {Path(r.path).stem: r for r in results}, out


def _reasons(result):
    return {q.key: q.reason for q in result.questions}


@pytest.mark.parametrize("name", NAMES)
def test_pristine_exercise_fails_every_check_with_not_answered_only(graded, name):
    result = graded[0][f"pristine_{name}"]
    assert result.status == "ok"
    assert result.errors == []
    assert len(result.questions) >= 6
    assert {q.key: (q.points, q.reason) for q in result.questions} == {
        q.key: (0, "not answered yet") for q in result.questions}


def test_correct_submission_gets_full_marks(graded):
    result = graded[0]["good_ex03"]
    assert (result.status, result.student_id, result.errors) == ("ok", "demo", [])
    assert result.score == result.max_score == 9


def test_written_reflections_are_left_to_the_instructor_and_exported(graded):
    result = graded[0]["good_ex06"]
    keys = [q.key for q in exercise_spec("ex06").questions if isinstance(q, ReflectionQuestion)]
    assert len(keys) == 2
    reflections = [q for q in result.questions if q.key in keys]
    assert [(q.points, q.reason) for q in reflections] == [
        (0, "to be scored by the instructor against the rubric")] * 2
    assert result.manual == keys
    assert result.score == result.max_score - sum(q.max_points for q in reflections)
    out = graded[1]
    with (out.parent / "grades_manual.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(Path(r["file"]).name, r["question"]) for r in rows] == [
        ("good_ex06.ipynb", key) for key in keys]
    assert all(len(r["answer (score it against the rubric)"].split()) >= 40 for r in rows)


def test_cheating_and_broken_answers_lose_exactly_their_points_with_reasons(graded):
    result = graded[0]["cheat_ex01"]
    reasons = _reasons(result)
    assert reasons["ex01.q1"].startswith("aesthetic value is about design")
    assert reasons["ex01.q2"] == ""  # its check was deleted but is restored from the release
    assert reasons["ex01.q3"] == "your answer cell ran out of time (> 3 s): infinite loop?"
    assert reasons["ex01.q4"] == "your answer cell raised ZeroDivisionError: division by zero"
    assert reasons["ex01.q5"] == "answer cell deleted: not answered"
    assert reasons["ex01.q6"] == ""  # uses a helper cell the student added
    # q7 and q8 reused a variable of the deleted q5 cell: they fail too, and say why.
    assert reasons["ex01.q7"] == "your answer cell raised NameError: name 'total_value' is not defined"
    assert result.score == result.max_score - 6
    assert all(q.reason for q in result.questions if q.points < q.max_points)
    assert "your answer cell of ex01.q4: ZeroDivisionError: division by zero" in result.errors


def test_a_dying_kernel_costs_only_the_questions_not_run(graded):
    result = graded[0]["dies_ex02"]
    assert result.status.startswith("kernel died")
    points = {q.key: q.points for q in result.questions}
    assert [points[f"ex02.q{i}"] for i in (1, 2, 3)] == [1, 1, 1]
    assert all(points[f"ex02.q{i}"] == 0 for i in range(4, 9))
    assert _reasons(result)["ex02.q5"].startswith("not run: kernel died")


def test_invalid_json_and_missing_student_id_are_graded_not_crashed(graded):
    broken, noid = graded[0]["broken_ex04"], graded[0]["noid_ex04"]
    assert broken.status.startswith("unreadable notebook") and broken.score == 0
    assert len(broken.questions) == 8
    assert noid.status == "missing STUDENT_ID" and noid.score == 0
    assert set(_reasons(noid).values()) == {'STUDENT_ID not set (first cell: STUDENT_ID = "...")'}


def test_csv_has_one_row_per_submission_with_score_and_reasons(graded):
    results, out = graded
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [Path(r["file"]).stem for r in rows] == list(results)
    good = next(r for r in rows if r["file"].endswith("good_ex03.ipynb"))
    assert (good["score"], good["max_score"], good["ex03.q1"], good["ex03.q1 reason"],
            good["flags"]) == ("9", "9", "1", "", "")
    cheat = next(r for r in rows if r["file"].endswith("cheat_ex01.ipynb"))
    assert cheat["ex01.q4 reason"].startswith("your answer cell raised ZeroDivisionError")
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".grades")] == []
    assert list(rows[0])[:8] == ["file", "exercise", "student_id", "score", "max_score",
                                 "status", "flags", "manual"]


def test_csv_is_written_atomically(tmp_path, monkeypatch):
    out = tmp_path / "grades.csv"
    out.write_text("previous grades\n", encoding="utf-8")
    result = gr.SubmissionResult("a.ipynb", "ex03", "1", "ok", [gr.QuestionResult("ex03.q1", 1, 1)])

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        gr.write_csv([result], out)
    assert out.read_text(encoding="utf-8") == "previous grades\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv"]


def test_student_id_is_read_from_the_literal_not_executed():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('STUDENT_ID = "2024 007"  # me\nimport os')]
    assert gr.read_student_id(nb) == "2024 007"
    nb.cells[0].source = 'STUDENT_ID = "..."'
    assert gr.read_student_id(nb) is None
    nb.cells[0].source = 'STUDENT_ID = input()'
    assert gr.read_student_id(nb) is None
    nb.cells[0].source = 'STUDENT_ID = "42" +'  # a syntax error elsewhere in the cell
    assert gr.read_student_id(nb) == "42"


def test_cli_rejects_bad_timeouts(capsys, tmp_path):
    assert cli.main(["grade", "x.ipynb", "--out", str(tmp_path / "g.csv"),
                     "--cell-timeout", "0"]) == 2
    assert re.search(r"--cell-timeout must be > 0, got 0", capsys.readouterr().err)


def test_make_check_reruns_and_never_trusts_stored_outputs(tmp_path):
    """`make check` (pytest --nbval-lax): a solved exercise passes; a wrong answer whose
    stored outputs were edited to show success still fails."""
    import subprocess
    import sys

    solved = _answered("ex03_clv_fundamentals")
    nbformat.write(solved, tmp_path / "solved_ex03.ipynb")
    faked = copy.deepcopy(solved)
    _cell(faked, "answer", "ex03.q1").source = "answer = 0"
    for count, cell in enumerate(faked.cells):
        if _role(cell).get("role") == "check":
            cell.execution_count = count
            cell.outputs = [nbformat.v4.new_output(
                "stream", name="stdout", text=f"✓ {_role(cell)['question']}: correct\n")]
    nbformat.write(faked, tmp_path / "faked_ex03.ipynb")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(tmp_path), "--nbval-lax", "--nbval-current-env",
         "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert re.search(r"\b1 failed, \d+ passed", run.stdout), run.stdout[-2000:]
    # The summary line may carry " - <message>" depending on the terminal width.
    failed = [re.match(r"FAILED (.*?::Cell \d+)", line).group(1)
              for line in run.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].endswith("faked_ex03.ipynb::Cell 2"), failed


def test_notebook_time_limit_stops_a_slow_submission():
    """The runner's per-notebook limit: later cells are not run."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "import time\nx = 1", "time.sleep(1)", "time.sleep(1)", "time.sleep(1)", "print(x)")]
    result = gr._runner().execute_isolated(nb, cell_timeout=10, notebook_timeout=2.5)
    assert result.status == "timeout"
    ran = [c.execution_count is not None for c in result.notebook.cells]
    assert ran[:2] == [True, True] and ran[-1] is False
    assert result.notebook.cells[-1].outputs == []


def test_answers_are_found_without_cell_ids_or_metadata():
    released = nbformat.read(EXERCISES / "ex03_clv_fundamentals.ipynb", as_version=4)
    submission = _answered("ex03_clv_fundamentals")
    for cell in submission.cells:
        cell.pop("id", None)
        cell.metadata = {}
    graded, notes = gr.build_graded_notebook(released, submission)
    assert notes == {}
    answers = [c.source for c in graded.cells if c.metadata["grade"]["role"] == "answer"]
    assert len(answers) == 9 and all("..." not in a.split("\n", 1)[1] for a in answers)
    assert "12 * p.monthly_fee * p.margin * p.past_years" in answers[0]
    extra = [c.source for c in graded.cells if c.metadata["grade"]["role"] == "student"]
    assert not any("p.past_years" in source for source in extra)  # answers run once


class _FakeSandbox:
    """A runner that finishes one notebook, then the instructor presses Ctrl-C."""

    def __init__(self):
        from clvteach.exercises import sandbox

        self.real = sandbox

    def execute_many(self, items, **options):
        items = list(items)
        yield from self.real.execute_many(items[:1], **options)
        raise KeyboardInterrupt


def test_ctrl_c_writes_the_rows_finished_so_far_and_the_cli_exits_130(tmp_path, monkeypatch,
                                                                       capsys):
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"s{i}_ex03.ipynb")
        nbformat.write(_set_id(nbformat.read(EXERCISES / "ex03_clv_fundamentals.ipynb",
                                             as_version=4), f"2024{i:03d}"), paths[-1])
    (tmp_path / "broken_ex03.ipynb").write_text("{", encoding="utf-8")
    paths.append(tmp_path / "broken_ex03.ipynb")
    monkeypatch.setattr(gr, "_runner", _FakeSandbox)
    out = tmp_path / "grades.csv"
    code = cli.main(["grade", *map(str, paths), "--out", str(out), "--key",
                     str(ROOT / "instructor" / "key"), "--no-progress", "--hidden", "off"])
    assert code == 130
    assert "interrupted: wrote" in capsys.readouterr().err
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(Path(r["file"]).name for r in rows) == ["broken_ex03.ipynb", "s0_ex03.ipynb"]
    done = next(r for r in rows if r["file"].endswith("s0_ex03.ipynb"))
    assert (done["student_id"], done["score"], done["ex03.q1 reason"]) == (
        "2024000", "0", "not answered yet")


def test_exit_code_is_3_when_a_submission_cannot_be_graded_for_the_instructors_reasons(
        tmp_path, capsys):
    path = tmp_path / "s_ex03.ipynb"
    nbformat.write(_set_id(nbformat.read(EXERCISES / "ex03_clv_fundamentals.ipynb",
                                         as_version=4), "2024001"), path)
    code = cli.main(["grade", str(path), "--out", str(tmp_path / "g.csv"), "--key",
                     str(tmp_path / "no-key"), "--no-progress"])
    assert code == 3
    err = capsys.readouterr().err
    assert "could not be graded for reasons that are not the student's" in err
    assert "no grading key for ex03" in err
