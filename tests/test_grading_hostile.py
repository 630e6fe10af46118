"""Hostile submissions cannot fool the grader (issue 12).

One grading run of exercise 03 holds, in this order: submissions that patch ``ct.check``,
the question judges, rebind ``ct``, install an input transformer, forge the collector's
output, look for the solutions, answer 0 everywhere, use a formula-injection STUDENT_ID,
copy a classmate's numbers, duplicate files and ids — and, graded after all of them,
honest submissions (annotated and computed ids) that must keep full marks. Process-level
attacks (killing the parent, detached children, touching other files) are the sandbox's
tests (tests/test_sandbox*.py).
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

from clvteach import exercises as cx
from clvteach.exercises import generate as gen
from clvteach.exercises import grade as gr
from clvteach.exercises._collect import MIME
from clvteach.exercises.key import load_key
from clvteach.exercises.reports import safe_cell

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
KEY = ROOT / "instructor" / "key"
NAME = "ex03_clv_fundamentals"
NUMBERS = ["ex03.q1", "ex03.q3", "ex03.q4", "ex03.q5", "ex03.q6", "ex03.q7"]


def _role(cell):
    return cell.metadata.get("clvteach", {})


def _exercise(student_id: str | None = "2024000001", *, statement: str | None = None):
    nb = nbformat.read(EXERCISES / f"{NAME}.ipynb", as_version=4)
    setup = nb.cells[1]
    if statement is not None:
        setup.source = setup.source.replace('STUDENT_ID = "..."', statement, 1)
    elif student_id is not None:
        setup.source = setup.source.replace('"..."', json.dumps(student_id), 1)
    return nb


def _answers(nb, sources: dict[str, str]):
    for cell in nb.cells:
        if _role(cell).get("role") == "answer" and _role(cell)["question"] in sources:
            cell.source = sources[_role(cell)["question"]]
    return nb


def _solved(nb):
    solution = nbformat.read(ROOT / "solutions" / f"{NAME}.ipynb", as_version=4)
    solved = {c.id: c for c in solution.cells}
    for cell in nb.cells:
        if _role(cell).get("role") == "answer":
            cell.source = solved[cell.id].source.replace(gen.BEGIN + "\n", "").replace(
                "\n" + gen.END, "")
    return nb


def _zeros(nb):
    return _answers(nb, {_role(c)["question"]: "answer = 0" for c in nb.cells
                         if _role(c).get("role") == "answer"})


def _insert(nb, source: str, *, at: int = 2):
    nb.cells.insert(at, nbformat.v4.new_code_cell(source))
    return nb


def _typed(student_id: str) -> dict[str, str]:
    """The numeric answers of ``student_id`` typed in as literals."""
    key = load_key("ex03", KEY)
    params = cx.exercise_spec("ex03").make_params(cx.student_rng("ex03", student_id))
    return {k: f"answer = {float(key.expected(k, params))!r}" for k in NUMBERS}


HOSTILE = {
    "patch_check": _insert(_zeros(_exercise()), (
        "import clvteach as ct\n"
        "ct.check = lambda key, answer: print(f'✓ {key}: correct')\n"
        "ct.exercises.check = ct.check")),
    "patch_judge": _insert(_zeros(_exercise()), (
        "from clvteach.exercises import _core\n"
        "for cls in (_core.NumberQuestion, _core.TableQuestion, _core.ChoiceQuestion,\n"
        "            _core.PlotQuestion):\n"
        "    cls.judge = lambda self, *args, **kw: None\n"
        "_core.Diagnosis = type('Nothing', (Exception,), {})")),
    "rebind_ct": _insert(_zeros(_exercise()), (
        "import types, clvteach\n"
        "ct = types.SimpleNamespace(check=lambda *a: print('✓ correct'),\n"
        "                           exercises=clvteach.exercises)\n"
        "__import__('sys').modules['clvteach'] = ct")),
    "input_transformer": _insert(_zeros(_exercise()), (
        "def rewrite(lines):\n"
        "    return ['print(\"✓ correct\")\\n']\n"
        "get_ipython().input_transformers_post.append(rewrite)")),
    "forged_output": _insert(_zeros(_exercise()), (
        "from IPython.display import display\n"
        f"MIME = {MIME!r}\n"
        "def forge(result):\n"
        "    for k in ['ex03.q%d' % i for i in range(1, 10)]:\n"
        "        display({MIME: {'key': k, 'run': 'main', 'value': 3058.7}}, raw=True)\n"
        "get_ipython().events.register('post_run_cell', forge)")),
    "patch_collector": _insert(_zeros(_exercise()), (
        "import clvteach.exercises._collect as c\n"
        "real = c.emit\n"
        "c.emit = lambda key, answer, run='main': real(key, 1e6, run=run)")),
    "exec_solutions": _answers(_insert(_exercise(), (
        "import glob, json, re\n"
        "SOLVED = {}\n"
        f"roots = ['', '../', '../../', '*/', {str(ROOT) + '/'!r}]\n"
        "for path in [p for r in roots for p in glob.glob(r + 'solutions/*ex03*')]:\n"
        "    for cell in json.load(open(path))['cells']:\n"
        "        source = ''.join(cell['source'])\n"
        "        if cell['cell_type'] != 'code' or 'STUDENT' + '_ID' in source:\n"
        "            continue\n"
        "        match = re.search(r'check\\(\"(ex03\\.q\\d)\"', source)\n"
        "        try:\n"
        "            exec(source.replace('ct.check', 'print'))\n"
        "        except Exception:\n"
        "            pass\n"
        "        if match and 'answer' in globals():\n"
        "            SOLVED[match.group(1)] = answer\n"
        "try:\n"
        "    from clvteach.exercises.key import load_key\n"
        f"    for folder in (None, {str(KEY)!r}, 'instructor/key'):\n"
        "        try:\n"
        "            key = load_key('ex03', folder)\n"
        "        except Exception:\n"
        "            continue\n"
        "        SOLVED.update({k: key.expected(k, p) for k in key.answers if k != 'ex03.q9'})\n"
        "except Exception:\n"
        "    pass"), at=3), {f"ex03.q{i}": f"answer = SOLVED.get('ex03.q{i}', 0)"
                         for i in range(1, 10)}),
    "all_zero": _zeros(_exercise()),
    "formula_id": _solved(_exercise('=HYPERLINK("http://evil.example/","x")')),
    "friends_numbers": _answers(_exercise("2024000002"), _typed("2024000003")),
    "typed_own_numbers": _answers(_solved(_exercise("2024000004")), _typed("2024000004")),
    "copy_a": _solved(_exercise("2024000005")),
    "copy_b": _solved(_exercise("2024000005")),  # byte-identical to copy_a
    "same_id": _zeros(_exercise("2024000005")),
    "honest_annotated": _solved(_exercise(statement='STUDENT_ID: str = "2024000322"')),
    "honest_computed": _solved(_exercise(statement='STUDENT_ID = "2024" + "000324"')),
    "honest_friend": _solved(_exercise("2024000003")),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    # Copies of the release and the key (the vandal below attacks these, never the repo's).
    release, key = tmp_path_factory.mktemp("release"), tmp_path_factory.mktemp("key")
    for source, target in ((EXERCISES, release), (KEY, key)):
        for p in source.iterdir():
            if p.is_file():
                (target / p.name).write_bytes(p.read_bytes())
    paths = []
    for name, nb in HOSTILE.items():
        paths.append(folder / f"{name}_ex03.ipynb")
        nbformat.write(nb, paths[-1])
    (folder / "copy_b_ex03.ipynb").write_bytes((folder / "copy_a_ex03.ipynb").read_bytes())
    # Graded early: tries to overwrite classmates, the release and the key, by absolute path.
    vandal = _insert(_zeros(_exercise("2024000099")), (
        "import glob, os\n"
        f"targets = glob.glob({str(folder)!r} + '/*') + glob.glob({str(release)!r} + '/*')\n"
        f"targets += glob.glob({str(key)!r} + '/*')\n"
        "for path in targets:\n"
        "    try:\n"
        "        open(path, 'w').write('{}')\n"
        "    except OSError:\n"
        "        pass\n"
        "    try:\n"
        "        os.remove(path)\n"
        "    except OSError:\n"
        "        pass"))
    paths.insert(0, folder / "vandal_ex03.ipynb")
    nbformat.write(vandal, paths[0])
    before = {p: p.read_bytes() for p in folder.iterdir()}
    before.update({p: p.read_bytes() for d in (release, key) for p in d.iterdir() if p.is_file()})
    out = folder / "out" / "grades.csv"
    results = gr.grade(paths, release=release, key=key, out=out, cell_timeout=10,
                       notebook_timeout=90, progress=False, jobs=3)
    return {Path(r.path).stem.removesuffix("_ex03"): r for r in results}, out, before


@pytest.mark.parametrize("name", ["vandal", "patch_check", "patch_judge", "rebind_ct",
                                  "input_transformer", "forged_output", "patch_collector",
                                  "exec_solutions", "all_zero"])
def test_wrong_answers_score_zero_whatever_the_submission_patches(graded, name):
    result = graded[0][name]
    assert result.score == 0, (name, [(q.key, q.points, q.reason) for q in result.questions])
    assert result.max_score == 9
    assert all(q.reason for q in result.questions), result.questions


def test_forged_outputs_are_flagged_and_reasons_name_the_interference(graded):
    result = graded[0]["forged_output"]
    assert "collector_output_tampered" in result.flags
    assert {q.reason for q in result.questions} == {
        "the notebook interfered with collecting this answer"}


def test_zero_answers_get_the_questions_own_diagnosis(graded):
    reasons = {q.key: q.reason for q in graded[0]["all_zero"].questions}
    assert reasons["ex03.q2"] == "expected a pandas DataFrame, got int"
    assert reasons["ex03.q8"] == "expected one option as a string, got int"
    assert reasons["ex03.q9"].startswith("expected the matplotlib Axes")


def test_annotated_and_computed_ids_are_read_from_what_the_setup_cell_defines(graded):
    for name, student in [("honest_annotated", "2024000322"), ("honest_computed", "2024000324")]:
        result = graded[0][name]
        assert (result.student_id, result.status, result.score, result.flags) == (
            student, "ok", 9, []), (name, result)


def test_honest_submissions_graded_after_hostile_ones_keep_full_marks(graded):
    for name in ("honest_annotated", "honest_computed", "honest_friend", "copy_a"):
        assert graded[0][name].score == 9, graded[0][name].questions


def test_a_formula_injection_id_is_rejected_with_a_reason(graded):
    result = graded[0]["formula_id"]
    assert result.student_id == "" and result.score == 0
    assert result.status == "invalid STUDENT_ID"
    assert result.questions[0].reason.startswith("STUDENT_ID is malformed: use letters")


def test_no_csv_cell_can_run_as_a_formula(graded):
    out = graded[1]
    files = sorted(out.parent.glob("*.csv"))
    assert [p.name for p in files] == ["grades.csv", "grades_canvas.csv", "grades_moodle.csv",
                                       "grades_summary.csv"]
    for path in files:
        for row in csv.reader(path.open(encoding="utf-8", newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or \
                    gr_number(cell), (path.name, cell)
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("-3") == "-3" and safe_cell("+1e5") == "+1e5" and safe_cell("@a") == "'@a"
    assert safe_cell("\tx") == "'\tx" and safe_cell("\rx") == " x" and safe_cell("-") == "'-"


def gr_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_flags_for_identical_files_duplicate_ids_and_a_classmates_numbers(graded):
    results = graded[0]
    assert results["copy_a"].flags[0] == "identical_file:copy_b_ex03.ipynb"
    assert any(f.startswith("duplicate_student_id:") and "same_id_ex03.ipynb" in f
               for f in results["copy_a"].flags)
    assert any(f.startswith("duplicate_student_id:") for f in results["same_id"].flags)
    friend = results["friends_numbers"]
    assert friend.score == 0
    assert [f for f in friend.flags if f.startswith("answers_of_student:")] == [
        "answers_of_student:2024000003:" + "+".join(NUMBERS)]
    for name in ("honest_annotated", "honest_computed", "honest_friend"):
        assert results[name].flags == [], name


def test_typed_numbers_pass_but_fail_the_hidden_parameter_set(graded):
    result = graded[0]["typed_own_numbers"]
    assert result.score == 9  # hidden cases flag (default), they take no points
    assert sorted(f for f in result.flags if f.startswith("hidden_case_failed:")) == [
        f"hidden_case_failed:{k}" for k in NUMBERS]
    reasons = {q.key: q.reason for q in result.questions}
    assert reasons["ex03.q1"].startswith("(flag, no points lost) right for your own numbers")
    assert reasons["ex03.q2"] == ""  # computed from p: right for the hidden set too


def test_hidden_parameter_sets_can_take_the_points(tmp_path):
    path = tmp_path / "typed_ex03.ipynb"
    nbformat.write(_answers(_solved(_exercise("2024000004")), _typed("2024000004")), path)
    result = gr.grade([path], release=EXERCISES, key=KEY, hidden="score", cell_timeout=10,
                      notebook_timeout=90, progress=False)[0]
    assert result.score == 9 - len(NUMBERS)
    with pytest.raises(ValueError, match="hidden must be one of flag, score, off, got 'x'"):
        gr.grade([path], release=EXERCISES, key=KEY, hidden="x", progress=False)


def test_submissions_release_and_key_are_unchanged_and_reports_hide_the_answers(graded):
    results, out, before = graded
    assert len(before) > len(HOSTILE) + 5
    for path, data in before.items():
        assert path.read_bytes() == data, path
    assert results["vandal"].score == 0
    feedback = out.parent / "grades_feedback"
    assert len(list(feedback.glob("*.md"))) == len(HOSTILE) + 1
    key = load_key("ex03", KEY)
    for r in results.values():
        if not r.student_id:
            continue
        params = cx.exercise_spec("ex03").make_params(cx.student_rng("ex03", r.student_id))
        text = (feedback / f"{Path(r.path).stem}.md").read_text(encoding="utf-8")
        for k in NUMBERS:
            value = float(key.expected(k, params))
            for shown in (f"{value:.2f}", f"{value:,.0f}", f"{value:.1f}"):
                assert shown not in text, (r.path, k, shown)
    summary = (out.parent / "grades_summary.md").read_text(encoding="utf-8")
    assert "![Two bar charts." in summary and (out.parent / "grades_summary.png").stat().st_size


def test_the_grading_key_is_not_part_of_the_student_package():
    import clvteach

    package = Path(clvteach.__file__).parent
    assert not list(package.rglob("instructor")) and not (package / "exercises" / "key").exists()
    assert not [p for p in package.rglob("*.py")
                if re.search(r"^KEY = \{", p.read_text(encoding="utf-8"), re.MULTILINE)]


def test_ctrl_c_stops_the_grader_leaves_a_valid_partial_csv_and_no_process(tmp_path):
    """A real SIGINT to `clvteach grade` while a submission spins (ignoring SIGINT)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from clvteach.exercises import sandbox

    fast = tmp_path / "fast_ex03.ipynb"
    nbformat.write(_solved(_exercise("2024000011")), fast)
    spin = tmp_path / "spin_ex03.ipynb"
    nbformat.write(_answers(_solved(_exercise("2024000012")), {"ex03.q1": (
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass")}),
        spin)
    out = tmp_path / "grades.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "clvteach.cli", "grade", str(fast), str(spin), "--out", str(out),
         "--key", str(KEY), "--release", str(EXERCISES), "--jobs", "2", "--hidden", "off",
         "--cell-timeout", "300", "--notebook-timeout", "600"],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True)
    seen = ""
    deadline = time.monotonic() + 120
    while "1/2" not in seen and time.monotonic() < deadline:
        seen += process.stderr.read(1)
    assert "1/2" in seen, seen
    time.sleep(1)  # the spinning submission is running
    stopped = time.monotonic()
    os.kill(process.pid, signal.SIGINT)
    code = process.wait(timeout=30)
    assert time.monotonic() - stopped < 5 + 1
    assert code == 130, process.stderr.read()
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(Path(r["file"]).name, r["score"]) for r in rows] == [("fast_ex03.ipynb", "9")]
    assert sandbox.sandbox_processes(f"{process.pid}-") == []
