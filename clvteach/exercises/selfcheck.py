"""``make check``: a student's own answers, re-run and judged, one line per question.

The notebook is re-executed by the grader's pipeline (:mod:`clvteach.exercises.grade`):
check cells are restored to their canonical form and replaced by collectors, the answers
leave the kernel as plain data and are judged in this process. So ``# NBVAL_SKIP`` /
``# NBVAL_RAISES_EXCEPTION`` markers, a check cell edited to ``pass``, or a patched
``ct.check`` change nothing. The reference is the *public* check (what ``ct.check`` compares
with: the student package has no grading key), so ``make check`` says exactly what the
check cells say, without tracebacks and without knock-on errors.

Messages follow the language of each notebook: ``make check NB=exercises/zh`` checks the
Chinese edition and answers in Chinese.

Usage: ``python -m clvteach.exercises.selfcheck [NOTEBOOK_OR_FOLDER ...]`` (default
``exercises``).
"""
from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from ..i18n import localise, text
from ..settings import language
from . import generate as gen

__all__ = ["MESSAGES", "canonical_release", "public_key", "self_check"]

#: The student-facing messages of ``make check``: catalogue keys (``check.self.*``), in the
#: language of each checked notebook (its ``clvteach.language`` metadata).
MESSAGES = {name: f"check.self.{name}" for name in (
    "right", "wrong", "with_hint", "instructor", "total", "header", "no_student",
    "not_exercise", "none", "status")}

_KEY_FILE = '''"""Public reference of {exercise} for ``make check`` (what ct.check compares with)."""
from clvteach.exercises.selfcheck import public_key

KEY = public_key({exercise!r})
'''


def public_key(exercise: str) -> dict[str, Any]:
    """A key in the grader's format whose answers are the public checks' references."""
    from ._core import exercise_spec
    from .key import PLOT, Answer

    spec = exercise_spec(exercise)
    key: dict[str, Any] = {}
    for q in spec.questions:
        if q.kind == "plot":
            key[q.key] = PLOT
        else:
            key[q.key] = Answer(lambda p, q=q: q.target(p), hidden=False)
    return key


def _role(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("clvteach", {})
    return meta if isinstance(meta, dict) else {}


def canonical_release(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with every check cell in its canonical ``ct.check(key, name)`` form.

    A check cell that no longer calls ``ct.check`` for its question (edited to ``pass``,
    given an NBVAL marker, deleted) is rebuilt from the answer cell before it: the name
    the answer cell assigns (``answer`` by default).
    """
    out = nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))
    cells = []
    answered: dict[str, str] = {}
    checked: set[str] = set()
    for cell in out.cells:
        role = _role(cell)
        if role.get("role") == "answer" and cell.cell_type == "code":
            answered[role["question"]] = gen._assigned_name(cell.source)
            cells.append(cell)
        elif role.get("role") == "check":
            key = role.get("question")
            name = answered.get(key, "answer")
            match = [m for m in gen.CHECK_PATTERN.finditer(cell.source) if m.group(1) == key]
            lines = [ln for ln in cell.source.splitlines() if gen.CHECK_PATTERN.search(ln)]
            expression = None
            if match and len(lines) == 1:
                expression = lines[0].strip()
            cell.source = expression or f"ct.check({key!r}, {name})"
            cell.cell_type = "code"
            checked.add(key)
            cells.append(cell)
        else:
            cells.append(cell)
    # a deleted check cell: put it back after its answer cell
    for i in range(len(cells) - 1, -1, -1):
        role = _role(cells[i])
        key = role.get("question")
        if role.get("role") == "answer" and key not in checked:
            check = nbformat.v4.new_code_cell(f"ct.check({key!r}, {answered[key]})")
            check.metadata["clvteach"] = {"role": "check", "question": key}
            cells.insert(i + 1, check)
            checked.add(key)
    out.cells = cells
    return out


def _notebooks(targets: Sequence[str | Path]) -> list[Path]:
    paths: list[Path] = []
    for target in targets:
        p = Path(target)
        if p.is_dir():
            paths += sorted(q for q in p.glob("ex*.ipynb"))
        else:
            paths.append(p)
    return paths


def _say(message: str, lang: str | None = None, **fields: Any) -> str:
    return text(MESSAGES[message], lang, **fields)


def self_check(targets: Sequence[str | Path] = ("exercises",), *, lang: str | None = None,
               stream: Any = None, cell_timeout: float = 30.0,
               notebook_timeout: float = 120.0) -> int:
    """Re-run and judge the students' notebooks; print one line per question.

    Each notebook's lines are in its own language (the edition it belongs to); ``lang``
    is only for the messages about no notebook at all (default: ``"zh"`` when a target
    lies in a ``zh`` folder). Returns 0 when every auto-checked answer of every notebook is
    right, else 1.
    """
    from .grade import grade

    stream = stream or sys.stdout
    if lang is None:
        lang = "zh" if any("zh" in Path(t).parts for t in targets) else "en"
    paths = _notebooks(targets)
    if not paths:
        print(_say("none", lang, where=", ".join(map(str, targets))), file=stream)
        return 1
    with tempfile.TemporaryDirectory(prefix="clvteach-check-") as tmp:
        release, key_dir = Path(tmp) / "release", Path(tmp) / "key"
        release.mkdir()
        key_dir.mkdir()
        runnable, exercises = [], {}
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            exercise = nb.metadata.get("clvteach", {}).get("exercise")
            if not exercise:
                print(_say("not_exercise", gen.notebook_language(nb), name=path.name,
                           meta="clvteach"), file=stream)
                continue
            # the notebook's own edition (a student's own file, checked for themselves)
            edition = gen.notebook_language(nb)
            released = canonical_release(nb)
            released.metadata.setdefault("clvteach", {})["language"] = edition
            folder = gen.edition_folders(release)[edition]
            folder.mkdir(exist_ok=True)
            nbformat.write(released, folder / path.name)
            (key_dir / f"{exercise}.py").write_text(_KEY_FILE.format(exercise=exercise),
                                                    encoding="utf-8")
            runnable.append(path)
            exercises[str(path)] = exercise
        if not runnable:
            return 1
        results = grade(runnable, release=release, key=key_dir, hidden="off", progress=False,
                        flags=False, cell_timeout=cell_timeout,
                        notebook_timeout=notebook_timeout, jobs=min(len(runnable), 2))
    all_right = True
    for result in results:
        with language(result.language):
            all_right = _report(result, stream) and all_right
    return 0 if all_right else 1


def _report(result: Any, stream: Any) -> bool:
    """Print one notebook's lines (in the current language); True when all are right."""
    from ._core import exercise_spec

    name = Path(result.path).name
    student = result.student_id or _say("no_student", name="STUDENT_ID")
    print(_say("header", name=name, student=student), file=stream)
    if result.status and not result.questions:
        from .grade import describe_status

        print(_say("status", status=describe_status(result.status)), file=stream)
        return False
    kinds, hints = {}, {}
    if result.exercise:
        for question in exercise_spec(result.exercise).questions:
            kinds[question.key], hints[question.key] = question.kind, localise(question.hint)
    not_answered = text("check.grade.not_answered")
    right = n = 0
    score = max_score = 0.0
    for q in result.questions:
        if kinds.get(q.key) == "reflection":
            print("  " + _say("instructor", question=q.key, points=f"{q.max_points:g}"),
                  file=stream)
            continue
        n += 1
        max_score += q.max_points
        if q.points >= q.max_points and not q.reason:
            right += 1
            score += q.points
            print("  " + _say("right", question=q.key), file=stream)
        else:
            score += q.points
            reason = _one_line(q.reason)
            if reason.startswith(not_answered) and hints.get(q.key):
                reason = _say("with_hint", reason=reason, hint=hints[q.key])
            print("  " + _say("wrong", question=q.key, reason=reason), file=stream)
    print(_say("total", right=right, n=n, score=f"{score:g}", max_score=f"{max_score:g}"),
          file=stream)
    return right == n


def _one_line(reason: str) -> str:
    reason = " ".join(str(reason).split())
    return reason if len(reason) <= 240 else reason[:237] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m clvteach.exercises.selfcheck [NOTEBOOK_OR_FOLDER ...]`` (``make check``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = None
    if args[:1] == ["--lang"] and len(args) >= 2:
        lang, args = args[1], args[2:]
    return self_check(args or ["exercises"], lang=lang)


if __name__ == "__main__":  # pragma: no cover - exercised through make check
    sys.exit(main())
