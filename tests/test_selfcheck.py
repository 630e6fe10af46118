"""``make check``: readable, one line per question, and not fooled by edited check cells."""
from __future__ import annotations

import io
import re
from pathlib import Path

import nbformat
import pytest

from clvteach.exercises import generate as gen
from clvteach.exercises.selfcheck import canonical_release, self_check

from exercise_support import answered, with_id

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"


def _role(cell):
    return cell.metadata.get("clvteach", {})


_with_id = with_id


def _answered(name, student_id):
    return answered(name, student_id)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mine")
    pristine = _with_id(nbformat.read(EXERCISES / "ex01_customer_value.ipynb", as_version=4),
                        "2024001")
    nbformat.write(pristine, folder / "ex01_customer_value.ipynb")
    nbformat.write(_answered("ex03_clv_fundamentals", "2024002"),
                   folder / "ex03_clv_fundamentals.ipynb")
    nbformat.write(_answered("ex06_new_firm", "2024003"), folder / "ex06_new_firm.ipynb")
    cheat = _with_id(nbformat.read(EXERCISES / "ex00_warm_up.ipynb", as_version=4), "2024004")
    cheat.cells[1].source += "\nct.check = lambda key, answer: print('✓', key)"
    for cell in cheat.cells:
        role = _role(cell)
        if role.get("role") == "answer":
            cell.source = cell.source.replace("= ...", "= 0")
        elif role.get("role") == "check":
            cell.source = ("# NBVAL_SKIP\npass" if role["question"].endswith(("1", "3"))
                           else "# NBVAL_RAISES_EXCEPTION\n" + cell.source)
    cheat.cells = [c for c in cheat.cells
                   if _role(c) != {"role": "check", "question": "ex00.q5"}]  # deleted check
    nbformat.write(cheat, folder / "ex00_warm_up.ipynb")
    out = io.StringIO()
    code = self_check([folder], stream=out)
    return code, out.getvalue()


def test_pristine_notebook_fails_with_one_readable_line_per_question(report):
    code, text = report
    assert code == 1
    block = text.split("ex01_customer_value.ipynb — student 2024001")[1].split("\n\n")[0]
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert sum(ln.strip().startswith("✗ ex01.q") for ln in lines) == 9
    assert "0/9 questions right" in block
    assert "hint:" in block
    assert "Traceback" not in text and "::Cell" not in text and "has no attribute" not in text


def test_solutions_pass_for_another_student(report):
    _, text = report
    block = text.split("ex03_clv_fundamentals.ipynb — student 2024002")[1]
    assert "9/9 questions right" in block.split("questions right")[0] + "questions right"


def test_reflections_are_listed_for_the_instructor_not_counted(report):
    _, text = report
    block = text.split("ex06_new_firm.ipynb — student 2024003")[1]
    assert "ex06.q13: to be scored by the instructor" in block
    assert re.search(r"12/12 questions right", block)


def test_edited_check_cells_markers_and_a_patched_check_change_nothing(report):
    _, text = report
    block = text.split("ex00_warm_up.ipynb — student 2024004")[1]
    for q in range(1, 8):
        assert f"✗ ex00.q{q}" in block, (q, block)
    assert "0/7 questions right" in block


def test_canonical_release_restores_check_cells():
    nb = nbformat.read(EXERCISES / "ex03_clv_fundamentals.ipynb", as_version=4)
    for cell in nb.cells:
        if _role(cell).get("role") == "check":
            cell.source = "pass"
    fixed = canonical_release(nb)
    checks = [c.source for c in fixed.cells if _role(c).get("role") == "check"]
    assert checks[0] == "ct.check('ex03.q1', answer)"
    assert all(gen.CHECK_PATTERN.search(c) for c in checks)
