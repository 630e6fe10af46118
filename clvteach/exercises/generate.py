"""Generate student exercises from solution notebooks (``clvteach exercises``).

``solutions/exNN_*.ipynb`` are the single source. In each code cell, the lines between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` are replaced by a placeholder
``<name> = ...`` (``<name>`` is the variable the solution assigns last, ``answer`` by
default) and a hint comment taken from the question the cell answers; the first cell's
``STUDENT_ID = "..."`` is reset; every output is cleared. Cells are tagged in their
metadata (``clvteach.role`` = setup / answer / check) so that the grader can match a
submission to the release and restore the check cells.
"""
from __future__ import annotations

import ast
import copy
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "BEGIN",
    "END",
    "CHECK_PATTERN",
    "generate_exercise",
    "generate_all",
    "outdated",
    "solution_blocks",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CHECK_PATTERN = re.compile(r"""\bcheck\(\s*["'](ex\d\d\.\w+)["']""")
EXERCISE_PATTERN = re.compile(r"""\bstart\(\s*["'](ex\d\d)["']""")
STUDENT_ID_PATTERN = re.compile(r"""^(\s*)STUDENT_ID\s*=.*$""", re.MULTILINE)
STUDENT_ID_PLACEHOLDER = 'STUDENT_ID = "..."  # <- your student number, e.g. "2024123456"'


@dataclass(frozen=True)
class SolutionBlock:
    indent: str
    code: str


def solution_blocks(source: str) -> list[SolutionBlock]:
    """The solution blocks of one cell (raises ValueError on unbalanced markers)."""
    blocks: list[SolutionBlock] = []
    inside: list[str] | None = None
    indent = ""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            if inside is not None:
                raise ValueError(f"nested {BEGIN!r} in cell:\n{source}")
            inside, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped.startswith(END):
            if inside is None:
                raise ValueError(f"{END!r} without {BEGIN!r} in cell:\n{source}")
            blocks.append(SolutionBlock(indent, "\n".join(inside)))
            inside = None
        elif inside is not None:
            inside.append(line)
    if inside is not None:
        raise ValueError(f"{BEGIN!r} without {END!r} in cell:\n{source}")
    return blocks


def _assigned_name(code: str) -> str:
    """Name of the last top-level assignment in ``code`` (``answer`` if none)."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return "answer"
    name = "answer"
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                name = target.id
            elif isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
                name = target.elts[-1].id  # e.g. "fig, ax = ..." -> ax
    return name


def _strip_solutions(source: str, hint: str | None) -> str:
    out: list[str] = []
    inside = False
    block: list[str] = []
    indent = ""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            inside, block = True, []
            indent = line[: len(line) - len(line.lstrip())]
        elif stripped.startswith(END):
            inside = False
            name = _assigned_name("\n".join(block))
            if hint:
                out.append(f"{indent}# Hint: {hint}")
            out.append(f"{indent}{name} = ...  # <- your answer")
        elif inside:
            block.append(line)
        else:
            out.append(line)
    return "\n".join(out)


def _question_key(cells: list[Any], index: int) -> str | None:
    """The question a solution cell answers: its own check call, else the next code cell's."""
    match = CHECK_PATTERN.search(cells[index].source)
    if match:
        return match.group(1)
    for cell in cells[index + 1 :]:
        if cell.cell_type == "code":
            match = CHECK_PATTERN.search(cell.source)
            return match.group(1) if match else None
    return None


def generate_exercise(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of one solution notebook (a new notebook object)."""
    from ._core import get_question

    nb = copy.deepcopy(solution)
    exercise_id = None
    for cell in nb.cells:
        match = EXERCISE_PATTERN.search(cell.source) if cell.cell_type == "code" else None
        if match:
            exercise_id = match.group(1)
            break
    if exercise_id is None:
        raise ValueError("a solution notebook must call ct.exercises.start('exNN', ...)")
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("clvteach", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        role = None
        if STUDENT_ID_PATTERN.search(cell.source):
            cell.source = STUDENT_ID_PATTERN.sub(
                lambda m: m.group(1) + STUDENT_ID_PLACEHOLDER, cell.source, count=1
            )
            role = {"role": "setup"}
        if BEGIN in cell.source:
            key = _question_key(nb.cells, index)
            if key is None:
                raise ValueError(f"solution cell {index} is not followed by a ct.check cell")
            hint = get_question(key).hint
            solution_blocks(cell.source)  # validates the markers
            cell.source = _strip_solutions(cell.source, hint)
            role = {"role": "answer", "question": key}
        elif CHECK_PATTERN.search(cell.source):
            role = {"role": "check", "question": CHECK_PATTERN.search(cell.source).group(1)}
        if role:
            cell.metadata["clvteach"] = role
    nb.metadata["clvteach"] = {"exercise": exercise_id}
    return nb


def _exercise_name(solution_path: Path) -> str:
    return solution_path.name


def generate_all(solutions: Path | str, out: Path | str) -> list[Path]:
    """Write ``out/<name>.ipynb`` for every ``solutions/ex*.ipynb``; return the paths."""
    solutions, out = Path(solutions), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(solutions.glob("ex*.ipynb")):
        target = out / _exercise_name(path)
        text = render(path)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def render(solution_path: Path | str) -> str:
    """The exercise notebook generated from ``solution_path``, as the file text."""
    nb = nbformat.read(solution_path, as_version=4)
    return nbformat.writes(generate_exercise(nb)) + "\n"


def outdated(solutions: Path | str, out: Path | str) -> list[str]:
    """Names of exercises in ``out`` that are missing or differ from a fresh generation."""
    solutions, out = Path(solutions), Path(out)
    stale = []
    for path in sorted(solutions.glob("ex*.ipynb")):
        target = out / _exercise_name(path)
        if not target.exists() or target.read_text(encoding="utf-8") != render(path):
            stale.append(target.name)
    expected = {p.name for p in solutions.glob("ex*.ipynb")}
    stale += sorted(p.name for p in out.glob("ex*.ipynb") if p.name not in expected)
    return stale
