"""Shared by the grading and self-check tests: exercise notebooks filled in as a student would."""
from __future__ import annotations

from pathlib import Path

import nbformat

from clvteach import exercises as cx
from clvteach.exercises import generate as gen
from clvteach.exercises.key import load_key

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"


def role(cell) -> dict:
    """The cell's role metadata (setup, answer, check …) written by the generator."""
    return cell.metadata.get("clvteach", {})


def with_id(nb: nbformat.NotebookNode, student_id: str) -> nbformat.NotebookNode:
    """``nb`` with its ``STUDENT_ID = "..."`` placeholder filled in."""
    nb.cells[1].source = nb.cells[1].source.replace('"..."', repr(student_id), 1)
    return nb


def answered(name: str, student_id: str, *, edition: str = "en") -> nbformat.NotebookNode:
    """The released exercise ``name`` filled in with the solution's answer cells.

    Judgement answers that the solution reads from the instructor key (which the sandboxed
    kernel cannot see) are written in as the literal a student would type. ``edition``:
    ``"en"`` (exercises/, solutions/) or ``"zh"`` (exercises/zh, solutions/zh).
    """
    sub = "" if edition == "en" else f"{edition}/"
    exercise = nbformat.read(EXERCISES / f"{sub}{name}.ipynb", as_version=4)
    solved = {c.id: c
              for c in nbformat.read(SOLUTIONS / f"{sub}{name}.ipynb", as_version=4).cells}
    key = load_key(name[:4], ROOT / "instructor" / "key")
    params = cx.start(name[:4], student_id=student_id).params
    for cell in exercise.cells:
        if role(cell).get("role") == "answer":
            source = solved[cell.id].source
            if "load_key(" in source:
                source = f"answer = {key.expected(role(cell)['question'], params)!r}"
            cell.source = source.replace(gen.BEGIN + "\n", "").replace("\n" + gen.END, "")
    return with_id(exercise, student_id)
