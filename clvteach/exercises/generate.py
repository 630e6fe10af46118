"""Generate student exercises from solution notebooks (``clvteach exercises``).

``solutions/exNN_*.ipynb`` are the single source. In each code cell, the lines between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` are replaced by a placeholder
``<name> = ...`` (``<name>`` is the variable the solution assigns last, ``answer`` by
default) and a hint comment taken from the question the cell answers; the first cell's
``STUDENT_ID = "..."`` is reset; every output is cleared. Cells are tagged in their
metadata (``clvteach.role`` = setup / answer / check) so that the grader can match a
submission to the release and restore the check cells.

Two editions: ``solutions/exNN_*.ipynb`` (English) and ``solutions/zh/exNN_*.ipynb``
(Chinese, same code cells; its first code cell calls ``ct.set_language("zh")``) give
``exercises/exNN_*.ipynb`` and ``exercises/zh/exNN_*.ipynb``. The language of a notebook is
that literal; the generator writes the hint comments in it and records it in the
notebook's metadata (``clvteach.language``), where ``make check`` and the grader read it
(the grader from the *release*, never from a submission's output).
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

from ..i18n import LANGUAGES, localise, text

__all__ = [
    "BEGIN",
    "END",
    "CHECK_PATTERN",
    "EDITIONS",
    "edition_folders",
    "generate_exercise",
    "notebook_language",
    "generate_all",
    "outdated",
    "solution_blocks",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CHECK_PATTERN = re.compile(r"""\bcheck\(\s*["'](ex\d\d\.\w+)["']""")
EXERCISE_PATTERN = re.compile(r"""\bstart\(\s*["'](ex\d\d)["']""")
STUDENT_ID_PATTERN = re.compile(r"""^(\s*)STUDENT_ID\s*=.*$""", re.MULTILINE)
LANGUAGE_PATTERN = re.compile(r"""\bset_language\(\s*["'](\w+)["']\s*\)""")
#: Language -> subfolder of ``solutions/`` and ``exercises/`` holding that edition.
EDITIONS = {"en": "", "zh": "zh"}


def _student_id_placeholder(lang: str) -> str:
    return 'STUDENT_ID = "..."  # ' + text("check.your_student_id", lang, example='"2024123456"')


def notebook_language(nb: Any) -> str:
    """The edition of a notebook: ``clvteach.language`` metadata, else the language literal
    of its first code cell that sets one (``ct.set_language("zh")``), else ``"en"``."""
    meta = nb.get("metadata", {}).get("clvteach", {}) if hasattr(nb, "get") else {}
    if isinstance(meta, dict) and meta.get("language") in LANGUAGES:
        return meta["language"]
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            match = LANGUAGE_PATTERN.search(cell.get("source", ""))
            if match:
                return match.group(1) if match.group(1) in LANGUAGES else "en"
    return "en"


def edition_folders(root: Path | str) -> dict[str, Path]:
    """Language -> folder of that edition under ``root`` (``root`` and ``root/zh``)."""
    root = Path(root)
    return {lang: root / sub if sub else root for lang, sub in EDITIONS.items()}


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
                raise ValueError(text("check.gen.nested", begin=repr(BEGIN), source=source))
            inside, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped.startswith(END):
            if inside is None:
                raise ValueError(text("check.gen.unopened", begin=repr(BEGIN), end=repr(END),
                                      source=source))
            blocks.append(SolutionBlock(indent, "\n".join(inside)))
            inside = None
        elif inside is not None:
            inside.append(line)
    if inside is not None:
        raise ValueError(text("check.gen.unclosed", begin=repr(BEGIN), end=repr(END),
                              source=source))
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


def _strip_solutions(source: str, hint: str | None, lang: str = "en") -> str:
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
                out.append(indent + text("check.hint_comment", lang, hint=hint))
            out.append(f"{indent}{name} = ...  # " + text("check.your_answer", lang))
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
    lang = notebook_language(solution)
    exercise_id = None
    for cell in nb.cells:
        match = EXERCISE_PATTERN.search(cell.source) if cell.cell_type == "code" else None
        if match:
            exercise_id = match.group(1)
            break
    if exercise_id is None:
        raise ValueError(text("check.gen.no_start", call="ct.exercises.start('exNN', ...)"))
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
                lambda m: m.group(1) + _student_id_placeholder(lang), cell.source, count=1
            )
            role = {"role": "setup"}
        if BEGIN in cell.source:
            key = _question_key(nb.cells, index)
            if key is None:
                raise ValueError(text("check.gen.no_check", index=index, call="ct.check"))
            hint = localise(get_question(key).hint, lang)
            solution_blocks(cell.source)  # validates the markers
            cell.source = _strip_solutions(cell.source, hint, lang)
            role = {"role": "answer", "question": key}
        elif CHECK_PATTERN.search(cell.source):
            role = {"role": "check", "question": CHECK_PATTERN.search(cell.source).group(1)}
        if role:
            cell.metadata["clvteach"] = role
    nb.metadata["clvteach"] = {"exercise": exercise_id, "language": lang}
    return nb


def _exercise_name(solution_path: Path) -> str:
    return solution_path.name


def _edition_pairs(solutions: Path, out: Path) -> list[tuple[Path, Path]]:
    """(solution folder, exercise folder) per edition present in ``solutions``."""
    src, dst = edition_folders(solutions), edition_folders(out)
    return [(src[lang], dst[lang]) for lang in EDITIONS
            if lang == "en" or src[lang].is_dir()]


def generate_all(solutions: Path | str, out: Path | str) -> list[Path]:
    """Write ``out/<name>.ipynb`` for every ``solutions/ex*.ipynb``, and ``out/zh/<name>``
    for every ``solutions/zh/ex*.ipynb`` (the Chinese edition); return the paths."""
    written = []
    for source, target_folder in _edition_pairs(Path(solutions), Path(out)):
        target_folder.mkdir(parents=True, exist_ok=True)
        for path in sorted(source.glob("ex*.ipynb")):
            target = target_folder / _exercise_name(path)
            rendered = render(path)
            if not target.exists() or target.read_text(encoding="utf-8") != rendered:
                target.write_text(rendered, encoding="utf-8")
            written.append(target)
    return written


def render(solution_path: Path | str) -> str:
    """The exercise notebook generated from ``solution_path``, as the file text."""
    nb = nbformat.read(solution_path, as_version=4)
    return nbformat.writes(generate_exercise(nb)) + "\n"


def outdated(solutions: Path | str, out: Path | str) -> list[str]:
    """Exercises in ``out`` (``zh/<name>`` for the Chinese edition) that are missing, differ
    from a fresh generation, or have no solution."""
    solutions, out = Path(solutions), Path(out)
    stale = []
    for lang, sub in EDITIONS.items():
        source, target_folder = edition_folders(solutions)[lang], edition_folders(out)[lang]
        prefix = f"{sub}/" if sub else ""
        for path in sorted(source.glob("ex*.ipynb")):
            target = target_folder / _exercise_name(path)
            if not target.exists() or target.read_text(encoding="utf-8") != render(path):
                stale.append(prefix + target.name)
        expected = {p.name for p in source.glob("ex*.ipynb")}
        stale += sorted(prefix + p.name for p in target_folder.glob("ex*.ipynb")
                        if p.name not in expected)
    return stale
