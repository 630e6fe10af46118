"""solutions/ -> exercises/: generated, up to date, complete, and leaking nothing (no kernels)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest

from clvteach import cli
from clvteach import exercises as cx
from clvteach.exercises import generate as gen
from clvteach.exercises.key import leak_values, load_key

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
CHAPTERS = ["ex00_warm_up", "ex01_customer_value", "ex02_customer_lifecycle", "ex03_clv_fundamentals",
            "ex04_clv_analysis_steps", "ex05_probabilistic_clv", "ex06_new_firm"]
LEAK_IDS = ["demo", "2024001", "2024002", "x"]


def _read(path):
    return nbformat.read(path, as_version=4)


def test_one_exercise_per_course_chapter_exists():
    assert sorted(p.stem for p in SOLUTIONS.glob("ex*.ipynb")) == CHAPTERS
    assert sorted(p.stem for p in EXERCISES.glob("ex*.ipynb")) == CHAPTERS


def test_exercises_are_up_to_date_with_solutions():
    assert gen.outdated(SOLUTIONS, EXERCISES) == [], "run `make exercises` and commit the result"
    assert cli.main(["exercises", "--check", "--solutions", str(SOLUTIONS),
                     "--out", str(EXERCISES)]) == 0


def test_a_stale_exercise_is_detected(tmp_path, capsys):
    out = tmp_path / "exercises"
    shutil.copytree(EXERCISES, out)
    nb = _read(out / "ex03_clv_fundamentals.ipynb")
    nb.cells[0].source += "\nedited by hand"
    nbformat.write(nb, out / "ex03_clv_fundamentals.ipynb")
    assert cli.main(["exercises", "--check", "--solutions", str(SOLUTIONS), "--out", str(out)]) == 1
    assert "out of date: " in capsys.readouterr().out
    assert cli.main(["exercises", "--solutions", str(SOLUTIONS), "--out", str(out)]) == 0
    assert gen.outdated(SOLUTIONS, out) == []


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_question_has_a_solution_an_answer_cell_and_a_check(name):
    solution, exercise = _read(SOLUTIONS / f"{name}.ipynb"), _read(EXERCISES / f"{name}.ipynb")
    spec = cx.exercise_spec(name[:4])
    keys = [q.key for q in spec.questions]
    assert len(keys) >= 6
    checks = [m for c in solution.cells if c.cell_type == "code"
              for m in gen.CHECK_PATTERN.findall(c.source)]
    assert checks == keys
    roles = [c.metadata.get("clvteach", {}) for c in exercise.cells]
    assert [r["question"] for r in roles if r.get("role") == "answer"] == keys
    assert [r["question"] for r in roles if r.get("role") == "check"] == keys
    assert [r for r in roles if r.get("role") == "setup"] == [{"role": "setup"}]
    assert exercise.metadata["clvteach"] == {"exercise": name[:4], "language": "en"}
    assert 'STUDENT_ID = "..."' in exercise.cells[1].source
    for cell in exercise.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
        if cell.metadata.get("clvteach", {}).get("role") == "answer":
            assert re.search(r"^\w+ = \.\.\.  # <- your answer$", cell.source, re.MULTILINE)
            assert "# Hint: " in cell.source


@pytest.mark.parametrize("path", sorted(EXERCISES.glob("zh/ex*.ipynb")), ids=lambda p: p.name)
def test_chinese_exercises_have_the_same_roles_and_chinese_comments(path):
    zh, en = _read(path), _read(EXERCISES / path.name)
    assert zh.metadata["clvteach"] == {"exercise": path.name[:4], "language": "zh"}
    assert [c.metadata.get("clvteach") for c in zh.cells] == [
        c.metadata.get("clvteach") for c in en.cells]
    assert 'ct.set_language("zh")' in zh.cells[1].source
    assert "# <- 你的学号" in zh.cells[1].source
    for cell in zh.cells:
        if cell.metadata.get("clvteach", {}).get("role") == "answer":
            assert re.search(r"^\w+ = \.\.\.  # <- 你的答案$", cell.source, re.MULTILINE)
            assert "# 提示：" in cell.source and "# Hint" not in cell.source


def _solution_lines():
    for path in sorted(SOLUTIONS.glob("ex*.ipynb")):
        for cell in _read(path).cells:
            for block in gen.solution_blocks(cell.source) if cell.cell_type == "code" else []:
                for line in block.code.splitlines():
                    if len(line.strip()) >= 8 and not line.strip().startswith("#"):
                        yield line.strip()


def test_no_exercise_contains_solution_code():
    lines = list(_solution_lines())
    assert len(lines) > 30
    for path in [p for p in EXERCISES.rglob("*") if p.is_file()]:  # both editions
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        for line in lines:
            assert line not in text.replace('\\"', '"'), (path.name, line)


def _spellings(value: float) -> set[str]:
    if not np.isfinite(value) or value == 0:
        return set()
    if abs(value) >= 100:
        return {f"{value:.0f}", f"{value:,.0f}", f"{value:.1f}", f"{value:.2f}", f"{value:,.2f}"}
    if float(value).is_integer():
        return set()  # small integers (years, months) are everywhere in a notebook
    return {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"}


def test_no_exercise_contains_an_expected_value():
    # Sources and outputs (what a student sees), not cell ids or other metadata.
    texts = {}
    for path in [*EXERCISES.glob("ex*.ipynb"), *EXERCISES.glob("zh/ex*.ipynb")]:
        nb = _read(path)
        texts[str(path.relative_to(EXERCISES))] = "\n".join(
            c.source + "\n" + nbformat.writes(nbformat.v4.new_notebook(cells=[c]))
            if c.cell_type == "code" and c.outputs else c.source for c in nb.cells)
    texts["README.md"] = (EXERCISES / "README.md").read_text(encoding="utf-8")
    checked = 0
    for name in CHAPTERS:
        spec = cx.exercise_spec(name[:4])
        key = load_key(spec.id, ROOT / "instructor" / "key")
        for student in LEAK_IDS:
            ex = cx.start(spec.id, student_id=student)
            for q in spec.questions:
                if q.kind == "choice":
                    continue  # option names are printed in the exercise on purpose
                values = leak_values(key.expected(q.key, ex.params))
                for value in values:
                    for shown in _spellings(float(value)):
                        checked += 1
                        pattern = rf"(?<![\w.,]){re.escape(shown)}(?![\w])"
                        for file, text in texts.items():
                            # the substring test is a fast pre-filter of the same regex
                            assert shown not in text or not re.search(pattern, text), (
                                file, q.key, student, shown)
    assert checked > 200


def test_generator_replaces_blocks_keeps_hints_and_rejects_bad_markers(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('STUDENT_ID = "demo"\nex = ct.exercises.start("ex03", student_id=STUDENT_ID)'),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots()\n### BEGIN SOLUTION\nax.plot([1])\nfig, ax2 = 1, ax\n### END SOLUTION"),
        nbformat.v4.new_code_cell('ct.check("ex03.q9", ax2)'),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="secret 4320")]
    out = gen.generate_exercise(nb)
    assert out.cells[0].source.startswith('STUDENT_ID = "..."')
    assert out.cells[1].source.splitlines() == [
        "fig, ax = plt.subplots()",
        "# Hint: " + str(cx.get_question("ex03.q9").hint),
        "ax2 = ...  # <- your answer",
    ]
    assert out.cells[1].outputs == []
    assert out.cells[2].metadata["clvteach"] == {"role": "check", "question": "ex03.q9"}
    assert nb.cells[1].outputs  # the source notebook is not modified
    for bad in ("### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION",
                "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"):
        with pytest.raises(ValueError, match="SOLUTION"):
            gen.solution_blocks(bad)
    orphan = nbformat.v4.new_notebook()
    orphan.cells = [nb.cells[0], nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    with pytest.raises(ValueError, match="not followed by a ct.check cell"):
        gen.generate_exercise(orphan)
