"""Grade a class's submissions (``clvteach grade SUBMISSIONS... --out grades.csv``).

The student's code runs only to *collect* answers; right or wrong is decided here, in the
grader's own process, against the instructor's grading key (:mod:`.key`):

1. **Rebuild.** The notebook that runs is rebuilt from the *released* exercise: its setup
   and fixed cells come from the release, only the ``STUDENT_ID`` statement, the answer
   cells and any cells the student added come from the submission. Every check cell is
   replaced by a *collector* (:mod:`._collect`) that emits the answer as plain JSON data
   (display data of type ``application/vnd.clvteach.answer+json``); a collector after the
   setup cell emits ``STUDENT_ID``. With hidden parameter sets in the key, the answer cells
   run once more for each hidden id.
2. **Run** in a sandbox (:mod:`.sandbox`: its own temporary directory, and where available
   an unprivileged user, a private filesystem, no network and resource limits).
3. **Judge.** The collected outputs are parsed defensively (JSON only, size limits, one
   record per collector cell, never pickle or eval); the student's parameters are derived
   from the collected, validated ``STUDENT_ID``; each answer is judged with the question's
   diagnosis against the key's expected value. Nothing the submission prints or patches
   (``ct.check``, the judges, input transformers, ``ct`` itself) can change its score.

Language: a submission of the Chinese edition (``exercises/zh``) is judged with Chinese
reasons. The edition is that of the *released* notebook the submission is rebuilt from
(``--release exercises`` holds both: ``exNN_*.ipynb`` and ``zh/exNN_*.ipynb``; the
submission's notebook metadata only picks which of the two, and both run the same code);
nothing the student's kernel prints decides it.

Outputs (:mod:`.reports`): ``grades.csv`` (one row per submission, safe against formula
injection, with flags for identical files, duplicate ids and answers that are another
student's values), a feedback file per submission, a class summary (table + PNG) and
Canvas/Moodle gradebook CSVs.
"""
from __future__ import annotations

import ast
import hashlib
import json
import math
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ..i18n import text
from ..settings import language
from ._collect import MIME
from .generate import CHECK_PATTERN, EXERCISE_PATTERN, edition_folders, notebook_language

__all__ = [
    "GradingInterrupted",
    "QuestionResult",
    "SubmissionResult",
    "build_graded_notebook",
    "decode",
    "describe_status",
    "grade",
    "grade_submission",
    "read_student_id",
    "summary",
    "write_csv",
]

PLACEHOLDER_LINE = re.compile(r"^\s*(\w+)\s*=\s*\.\.\.\s*#\s*<- (?:your answer|你的答案)",
                              re.MULTILINE)
STUDENT_ID_LINE = re.compile(r"^(\s*)STUDENT_ID\b.*$", re.MULTILINE)
_EXERCISE_IN_NAME = re.compile(r"(ex\d\d)")
MAX_SUBMISSION_BYTES = 20_000_000
MAX_RECORD_BYTES = 4_000_000
HIDDEN_POLICIES = ("flag", "score", "off")
TRUSTED_ROLES = frozenset({"setup", "fixed", "collect", "collect-id"})
TRUSTED_CELL_TIMEOUT = 60.0  # seconds for the release's own cells and the collectors
MANUAL_KINDS = frozenset({"reflection"})  # question kinds scored by the instructor
_COLLECT = '__import__("clvteach.exercises._collect", fromlist=["emit"])'
# Statuses that are not the student's fault: the run's exit code is non-zero.
INFRA_PREFIXES = ("grader error", "infrastructure:", "no released exercise", "no grading key")


@dataclass
class QuestionResult:
    key: str
    points: float
    max_points: float
    reason: str = ""
    goal: str = ""


@dataclass
class SubmissionResult:
    path: str
    exercise: str = ""
    student_id: str = ""
    status: str = "ok"
    questions: list[QuestionResult] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # the student's own cells that failed
    flags: list[str] = field(default_factory=list)
    sha256: str = ""
    protections: dict[str, bool] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict, repr=False)  # decoded, main run
    manual: list[str] = field(default_factory=list)  # questions the instructor scores by hand
    run_seconds: float = 0.0  # in the sandbox (wall)
    cpu_seconds: float = 0.0  # in the sandbox (all its processes)
    language: str = "en"  # of the released notebook it was rebuilt from: reasons use it

    @property
    def score(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def max_score(self) -> float:
        return sum(q.max_points for q in self.questions)

    @property
    def infra_error(self) -> bool:
        """True when the submission could not be graded for reasons not the student's."""
        return self.status.startswith(INFRA_PREFIXES)


# status (English, read by programs and the instructor's CSV) -> catalogue key of its
# display text; the part in parentheses/after the colon is kept as {detail}
_STATUS_TEXTS = (
    (r"ok()", "check.status.ok"),
    (r"infrastructure: (.*)", "check.status.infrastructure"),
    (r"kernel died \((.*)\)", "check.status.kernel_died"),
    (r"notebook time limit exceeded \((.*)\)", "check.status.time_limit"),
    (r"error: (.*)", "check.status.error"),
    (r"missing STUDENT_ID()", "check.status.missing_id"),
    (r"invalid STUDENT_ID()", "check.status.invalid_id"),
    (r"unreadable file \((.*)\)", "check.status.unreadable_file"),
    (r"file larger than (.*) MB", "check.status.too_large"),
    (r"unreadable notebook \((.*)\)", "check.status.unreadable_notebook"),
    (r"cannot tell which exercise this is()", "check.status.which_exercise"),
    (r"unknown exercise (.*)", "check.status.unknown_exercise"),
    (r"no grading key: (.*)", "check.status.no_key"),
    (r"no released exercise (.*)", "check.status.no_release"),
    (r"grader error: (.*)", "check.status.grader_error"),
)


def describe_status(status: str, lang: str | None = None) -> str:
    """A submission's ``status`` as the student reads it, in ``lang`` (default: current).

    ``SubmissionResult.status`` stays English (programs and the CSV read it); feedback,
    ``make check`` and the reasons that quote it show this text.
    """
    for pattern, key in _STATUS_TEXTS:
        match = re.fullmatch(pattern, status, flags=re.S)
        if match:
            return text(key, lang, detail=match.group(1), name="STUDENT_ID")
    return status


class GradingInterrupted(KeyboardInterrupt):
    """Ctrl-C during grading; ``results`` holds the submissions finished so far."""

    def __init__(self, results: list[SubmissionResult]):
        super().__init__("grading interrupted")
        self.results = results


# --------------------------------------------------------------------------- reading
def _literal_id(source: str) -> str | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        match = re.search(r"""STUDENT_ID\s*(?::\s*\w+\s*)?=\s*(["'])(.*?)\1""", source)
        return match.group(2) if match else None
    for node in tree.body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id == "STUDENT_ID" and value is not None:
            try:
                literal = ast.literal_eval(value)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                return None
            return literal if isinstance(literal, str) else None
    return None


def read_student_id(nb: nbformat.NotebookNode) -> str | None:
    """The string literal assigned to ``STUDENT_ID`` (None if unset or computed).

    Only a cross-check: the grade uses the id the kernel actually defined (collected).
    """
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or "STUDENT_ID" not in cell.get("source", ""):
            continue
        value = _literal_id(cell.source)
        if value is None:
            continue
        text = value.strip()
        return None if text in {"", "...", "…"} else text
    return None


def _setup_statements(cell_source: str) -> str | None:
    """The submission's ``STUDENT_ID`` statements (plain, annotated or computed)."""
    try:
        tree = ast.parse(cell_source)
    except SyntaxError:
        lines = [ln for ln in cell_source.splitlines() if re.match(r"\s*STUDENT_ID\b", ln)]
        return "\n".join(ln.strip() for ln in lines[:1]) or None
    parts = []
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == "STUDENT_ID" for t in targets):
            parts.append(ast.get_source_segment(cell_source, node))
    return "\n".join(p for p in parts if p) or None


def _exercise_of(nb: nbformat.NotebookNode | None, path: Path) -> str | None:
    if nb is not None:
        meta = nb.metadata.get("clvteach", {})
        if isinstance(meta, dict) and isinstance(meta.get("exercise"), str) and re.fullmatch(
                r"ex\d\d", meta["exercise"]):
            return meta["exercise"]
    match = _EXERCISE_IN_NAME.search(path.name)
    if match:
        return match.group(1)
    if nb is not None:
        for cell in nb.cells:
            match = EXERCISE_PATTERN.search(cell.get("source", ""))
            if match:
                return match.group(1)
    return None


def _release_notebooks(release: Path) -> dict[tuple[str, str], Path]:
    """(exercise, language) -> released notebook, from ``release`` and ``release/zh``."""
    found: dict[tuple[str, str], Path] = {}
    for folder in dict.fromkeys(edition_folders(release).values()):
        for path in sorted(folder.glob("ex*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            exercise = nb.metadata.get("clvteach", {}).get("exercise") or path.stem[:4]
            found.setdefault((exercise, notebook_language(nb)), path)
    return found


def _pick_release(releases: dict[tuple[str, str], Path], exercise: str,
                  wanted: str) -> Path | None:
    """The release of ``exercise`` in the edition ``wanted`` (else English, else any)."""
    for lang in (wanted, "en"):
        if (exercise, lang) in releases:
            return releases[exercise, lang]
    return next((p for (e, _), p in releases.items() if e == exercise), None)


def _role(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("clvteach", {})
    return meta if isinstance(meta, dict) else {}


# --------------------------------------------------------------------------- rebuild
def _check_expression(source: str) -> str | None:
    """Source of the answer expression in a released check cell ``ct.check("exNN.qM", expr)``."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and len(node.args) >= 2
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "check"):
            return ast.get_source_segment(source, node.args[1])
    return None


def _unsupported_message(exc: Exception) -> str:
    """The reason for an answer the grader cannot decode, in the current language."""
    kind, _, detail = str(exc).partition(":")
    if kind == "type":
        return text("check.grade.unsupported", type=detail)
    if kind in {"too_deep", "missing"}:
        return text(f"check.grade.{kind}")
    return text("check.grade.unreadable")


def _collector(key: str, expression: str | None, run: str) -> str:
    if expression is None:
        return f"{_COLLECT}.emit({key!r}, ..., run={run!r})"
    return f"{_COLLECT}.emit({key!r}, ({expression}), run={run!r})"


def _with_id(setup: str, statement: str) -> str:
    """The release's setup cell with its ``STUDENT_ID`` line replaced by ``statement``."""
    done = False

    def replace(match: re.Match[str]) -> str:
        nonlocal done
        if done:
            return ""
        done = True
        return "\n".join(match.group(1) + line for line in statement.splitlines())

    source = STUDENT_ID_LINE.sub(replace, setup)
    return source if done else statement + "\n" + setup


def build_graded_notebook(
    release: nbformat.NotebookNode,
    submission: nbformat.NotebookNode,
    *,
    hidden: Sequence[tuple[str, Sequence[str]]] = (),
) -> tuple[nbformat.NotebookNode, dict[str, str]]:
    """The notebook to run: the release with the submission's answers, checks -> collectors.

    ``hidden``: ``(student id, question keys)`` per hidden parameter set; the answer cells
    run again with that id and only those questions are collected. Returns the notebook
    (cells tagged ``metadata.grade``) and, per question, ``"missing"`` when the student
    deleted its answer cell.
    """
    release_ids = {c.get("id") for c in release.cells if c.get("id")}
    answers: dict[str, Any] = {}
    extra_before: dict[str, list[Any]] = {}  # release cell id -> student cells before it
    pending: list[Any] = []
    setup_cell = None
    for cell in submission.cells:
        if cell.get("cell_type") != "code":
            continue
        role = _role(cell)
        cid = cell.get("id")
        source = cell.get("source", "")
        if setup_cell is None and (role.get("role") == "setup" or "STUDENT_ID" in source):
            setup_cell = cell
        if role.get("role") == "answer" and isinstance(role.get("question"), str):
            answers.setdefault(role["question"], cell)
        if cid in release_ids or role.get("role") in {"answer", "check", "setup"}:
            if cid in release_ids:
                extra_before.setdefault(cid, []).extend(pending)
                pending = []
            continue
        if CHECK_PATTERN.search(source) or "STUDENT_ID" in source:
            continue  # copies of checks or of the setup never run as student code
        pending.append(cell)
    by_id = {c.get("id"): c for c in submission.cells if c.get("id")}
    # Notebooks whose ids and metadata were lost (saved by another tool): the code cell
    # just before a student's check call is that question's answer.
    code = [c for c in submission.cells if c.get("cell_type") == "code"]
    for before, cell in zip(code, code[1:]):
        match = CHECK_PATTERN.search(cell.get("source", ""))
        if match and not CHECK_PATTERN.search(before.get("source", "")) and (
                "STUDENT_ID" not in before.get("source", "")):
            answers.setdefault(match.group(1), before)
    used = {id(c) for c in answers.values()}
    pending = [c for c in pending if id(c) not in used]
    extra_before = {k: [c for c in v if id(c) not in used] for k, v in extra_before.items()}
    statement = _setup_statements(setup_cell.source) if setup_cell is not None else None

    graded = nbformat.v4.new_notebook(metadata=json.loads(json.dumps(dict(release.metadata))))
    notes: dict[str, str] = {}
    body: list[tuple[Any, dict[str, Any]]] = []  # release order, for the hidden runs
    for cell in release.cells:
        if cell.cell_type != "code":
            continue
        role = _role(cell)
        for extra in extra_before.get(cell.get("id"), []):
            body.append((extra.source, {"role": "student"}))
        if role.get("role") == "setup":
            body.append((cell.source, {"role": "setup"}))
        elif role.get("role") == "answer":
            key = role["question"]
            student = answers.get(key) or by_id.get(cell.get("id"))
            match = PLACEHOLDER_LINE.search(cell.source)
            reset = f"{match.group(1)} = ...\n" if match else ""
            if student is None:
                notes[key] = "missing"
                body.append((cell.source, {"role": "answer", "question": key}))
            else:
                # Reset the answer variable so a failing cell cannot reuse an older answer.
                body.append((reset + student.source, {"role": "answer", "question": key}))
        elif role.get("role") == "check":
            body.append((_check_expression(cell.source), {"role": "collect",
                                                          "question": role["question"]}))
        else:
            body.append((cell.source, {"role": "fixed"}))
    body += [(extra.source, {"role": "student"}) for extra in pending]

    runs = [("main", statement or 'STUDENT_ID = "..."', None)]
    runs += [(f"hidden{i + 1}", f"STUDENT_ID = {hid!r}", set(keys))
             for i, (hid, keys) in enumerate(hidden) if keys]
    for run, id_statement, keys in runs:
        for source, role in body:
            role = {**role, "run": run}
            if role["role"] == "setup":
                graded.cells.append(_code(_with_id(source, id_statement), role))
                if run == "main":
                    graded.cells.append(_code(f"{_COLLECT}.emit_student_id(globals())",
                                              {"role": "collect-id", "run": run}))
            elif role["role"] == "collect":
                if keys is None or role["question"] in keys:
                    graded.cells.append(_code(_collector(role["question"], source, run), role))
            else:
                graded.cells.append(_code(source, role))
    return graded, notes


def _code(source: str, role: dict[str, Any]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["grade"] = role
    if role["role"] in TRUSTED_ROLES:
        # The release's own cells (imports, setup) may be slow on a loaded machine: the
        # per-cell limit is for the student's code (the sandbox reads this override).
        cell.metadata["sandbox"] = {"timeout": TRUSTED_CELL_TIMEOUT}
    return cell


# --------------------------------------------------------------------------- parsing
@dataclass
class _Cell:
    status: str  # ok | error | timeout | not-run
    ename: str = ""
    evalue: str = ""
    records: list[dict[str, Any]] = field(default_factory=list)
    bad_output: str = ""


def _read_cell(cell: Any) -> _Cell:
    """Status and collected records of one executed cell (never trusts its content)."""
    outputs = cell.get("outputs") or []
    records: list[dict[str, Any]] = []
    bad = ""
    status = "ok" if cell.get("execution_count") is not None or outputs else "not-run"
    ename = evalue = ""
    ran = (cell.get("metadata", {}).get("sandbox") or {}).get("status")  # set by the runner
    if ran == "not-run":
        return _Cell("not-run")
    for out in outputs if isinstance(outputs, list) else []:
        if not isinstance(out, dict):
            continue
        kind = out.get("output_type")
        if kind == "error":
            ename, evalue = str(out.get("ename", ""))[:200], str(out.get("evalue", ""))[:500]
            status = "timeout" if ename in {"CellTimeout", "KeyboardInterrupt"} else "error"
        elif kind in {"display_data", "execute_result"}:
            data = out.get("data")
            if isinstance(data, dict) and MIME in data:
                record = _parse_record(data[MIME])
                if record is None:
                    bad = "unreadable collected data"
                else:
                    records.append(record)
    if ran == "timeout":
        status = "timeout"
    elif ran in {"error", "dead"} and status == "ok":
        status, ename = "error", ename or ("KernelDied" if ran == "dead" else "Error")
    return _Cell(status, ename, evalue, records, bad)


def _parse_record(raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, str):  # nbformat may keep JSON mime data as text
        if len(raw) > MAX_RECORD_BYTES:
            return None
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(raw, dict):
        return None
    try:
        size = len(json.dumps(raw))
    except (TypeError, ValueError, RecursionError):
        return None
    if size > MAX_RECORD_BYTES or not isinstance(raw.get("key"), str) or not isinstance(
            raw.get("run"), str) or "value" not in raw:
        return None
    return raw


class _Unsupported(ValueError):
    pass


def decode(value: Any, depth: int = 8) -> Any:
    """A collected JSON value back as Python/pandas/matplotlib objects (see ``_collect``)."""
    import numpy as np

    if depth <= 0:
        raise _Unsupported("too_deep")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode(v, depth - 1) for v in value]
    if not isinstance(value, dict) or len(value) > 2:
        raise _Unsupported("unreadable")
    if "$ellipsis" in value:
        return Ellipsis
    if "$float" in value:
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[str(value["$float"])]
    if "$tuple" in value:
        return tuple(decode(v, depth - 1) for v in value["$tuple"])
    if "$dict" in value:
        out = {}
        for pair in value["$dict"]:
            k, v = pair
            k = decode(k, depth - 1)
            out[tuple(k) if isinstance(k, list) else k] = decode(v, depth - 1)
        return out
    if "$array" in value:
        data = [decode(v, depth - 1) for v in value["$array"]]
        shape = tuple(int(s) for s in value.get("shape", [len(data)]))
        array = np.asarray(data)
        return array.reshape(shape) if math.prod(shape) == array.size else array
    if "$series" in value:
        import pandas as pd

        s = value["$series"]
        return pd.Series([decode(v, depth - 1) for v in s["values"]],
                         index=[_hashable(decode(v, depth - 1)) for v in s["index"]],
                         name=_hashable(decode(s.get("name"), depth - 1)))
    if "$frame" in value:
        import pandas as pd

        f = value["$frame"]
        columns = [_hashable(decode(c, depth - 1)) for c in f["columns"]]
        data = {c: [decode(v, depth - 1) for v in col] for c, col in zip(columns, f["data"])}
        index = [_hashable(decode(v, depth - 1)) for v in f["index"]]
        frame = pd.DataFrame(data, columns=columns)
        if len(index) == len(frame):
            frame.index = index
        return frame
    if "$axes" in value:
        return _rebuild([value["$axes"]]).axes[0]
    if "$figure" in value:
        return _rebuild(list(value["$figure"]))
    if "$unsupported" in value:
        raise _Unsupported(f"type:{str(value['$unsupported'])[:60]}")
    if "$missing" in value:
        raise _Unsupported("missing")
    raise _Unsupported("unreadable")


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _rebuild(axes: list[Any]) -> Any:
    """A matplotlib Figure (Agg, no pyplot state) holding the described artists."""
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    def floats(values: Any) -> np.ndarray:
        return np.asarray([decode(v, 2) for v in values or []], dtype=float)

    fig = Figure()
    for index, desc in enumerate(axes[:20]):
        if not isinstance(desc, dict):
            raise _Unsupported("unreadable")
        ax = fig.add_subplot(len(axes), 1, index + 1)
        for line in desc.get("lines", [])[:200]:
            ax.plot(floats(line.get("x")), floats(line.get("y")),
                    label=str(line.get("label", ""))[:200])
        for col in desc.get("collections", [])[:200]:
            x, y = floats(col.get("x")), floats(col.get("y"))
            if x.size and x.size == y.size:
                ax.scatter(x, y)
        for patch in desc.get("patches", [])[:2000]:
            x, y, w, h = (float(decode(patch.get(k, 0), 2)) for k in ("x", "y", "width", "height"))
            ax.add_patch(Rectangle((x, y), w, h))
        ax.set_xlabel(str(desc.get("xlabel", ""))[:500])
        ax.set_ylabel(str(desc.get("ylabel", ""))[:500])
        ax.set_title(str(desc.get("title", ""))[:500])
        ticks = floats(desc.get("xticks"))
        labels = [str(t)[:200] for t in desc.get("xticklabels", [])]
        if ticks.size and len(labels) == ticks.size:
            ax.set_xticks(ticks, labels=labels)
    return fig


# --------------------------------------------------------------------------- judging
def _short(text: Any, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _id_unset() -> str:
    return text("check.grade.id_unset", name="STUDENT_ID", example='STUDENT_ID = "..."')


def _validate_id(value: Any) -> tuple[str | None, str]:
    """(student id, "") or (None, reason)."""
    from ._core import PLACEHOLDER_IDS, STUDENT_ID_PATTERN

    if isinstance(value, dict) and "$missing" in value:
        return None, _id_unset()
    if value is Ellipsis or value is None or (isinstance(value, dict) and "$ellipsis" in value):
        return None, _id_unset()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None, text("check.grade.id_type", name="STUDENT_ID", type=type(value).__name__)
    given = value.strip()
    if given.lower() in PLACEHOLDER_IDS:
        return None, _id_unset()
    if not STUDENT_ID_PATTERN.fullmatch(given):
        shown = re.sub(r"[^A-Za-z0-9_.\- ]", "?", given[:30])
        return None, text("check.grade.id_malformed", name="STUDENT_ID", length=len(given),
                          shown=repr(shown))
    return given, ""


def _judge(question: Any, answer: Any, params: Any, expected: Any) -> str | None:
    """None when right, else the reason (the question's diagnosis; never the answer)."""
    from ._core import Diagnosis, is_placeholder

    if is_placeholder(answer):
        return text("check.grade.not_answered")
    try:
        question.judge(answer, params, expected)
    except Diagnosis as why:
        return _short(why, 300)
    except Exception as exc:  # a judge that cannot read this answer: wrong, with a reason
        return text("check.grade.cannot_check", why=f"{type(exc).__name__}: {_short(exc, 80)}")
    return None


@dataclass
class _Context:
    path: Path
    result: SubmissionResult
    spec: Any
    key: Any
    graded: nbformat.NotebookNode
    notes: dict[str, str]
    hidden: list[tuple[str, list[str]]]
    literal_id: str | None


def _collect(ctx: _Context, executed: nbformat.NotebookNode | None) -> dict[str, Any]:
    """Per (run, question): the collector cell, its answer cell and its record."""
    cells = executed.cells if executed is not None else ctx.graded.cells
    table: dict[tuple[str, str], dict[str, Any]] = {}
    setup: dict[str, _Cell] = {}
    id_cell = None
    errors = []
    last_question = ""
    for index, (planned, cell) in enumerate(zip(ctx.graded.cells, cells)):
        role = planned.metadata["grade"]
        run = role.get("run", "main")
        info = _read_cell(cell) if executed is not None else _Cell("not-run")
        kind = role["role"]
        if kind == "setup":
            setup[run] = info
        elif kind == "collect-id":
            id_cell = info
        elif kind == "answer":
            table.setdefault((run, role["question"]), {})["answer"] = info
        elif kind == "collect":
            table.setdefault((run, role["question"]), {})["collect"] = info
        if kind in {"answer", "student", "setup"} and role.get("question"):
            last_question = role["question"]
        if run == "main" and kind in {"answer", "student", "setup"} and info.status in {
                "error", "timeout"}:
            if kind == "answer":
                where = text("check.grade.where_answer", question=role.get("question"))
            elif kind == "setup":
                where = text("check.grade.where_setup", name="STUDENT_ID")
            elif last_question:
                where = text("check.grade.where_added_after", question=last_question)
            else:
                where = text("check.grade.where_added")
            what = (f"{info.ename}: {_short(info.evalue, 80)}" if info.status == "error"
                    else text("check.grade.ran_out_of_time"))
            errors.append(text("check.grade.error_line", where=where, what=what))
    ctx.result.errors = errors
    return {"table": table, "setup": setup, "id": id_cell}


def _missing_reason(entry: dict[str, Any], note: str | None, run_message: str,
                    cell_timeout: float) -> str:
    answer, collect = entry.get("answer"), entry.get("collect")
    if note == "missing":
        return text("check.grade.cell_deleted")
    if answer is not None and answer.status == "timeout":
        return text("check.grade.cell_timeout", seconds=f"{cell_timeout:g}")
    if answer is not None and answer.status == "error":
        return text("check.grade.cell_raised", ename=answer.ename, evalue=_short(answer.evalue))
    if collect is None or collect.status == "not-run":
        return (text("check.grade.not_run_because", why=run_message) if run_message
                else text("check.grade.not_run"))
    if collect.status == "error":
        return text("check.grade.nothing_to_collect", ename=collect.ename,
                    evalue=_short(collect.evalue, 80))
    if collect.status == "timeout":
        return text("check.grade.collect_timeout")
    return text("check.grade.output_interfered")


def _finish(ctx: _Context, execution: Any, *, cell_timeout: float, hidden_policy: str) -> None:
    from ._core import student_rng

    result = ctx.result
    result.protections = dict(getattr(execution, "protections", {}) or {})
    status = getattr(execution, "status", "infra_error")
    message = getattr(execution, "message", "") or status
    if status == "infra_error":
        result.status = f"infrastructure: {_short(message, 120)}"
    elif status == "kernel_died":
        result.status = f"kernel died ({_short(message, 80)})"
    elif status == "timeout":
        result.status = f"notebook time limit exceeded ({_short(message, 80)})"
    elif status == "error":
        result.status = f"error: {_short(message, 120)}"
    if status == "infra_error":  # the sandbox failed, not the student: nothing is judged
        result.questions = [QuestionResult(q.key, 0.0, q.points,
                                           text("check.grade.not_graded",
                                                status=describe_status(result.status)),
                                           q.goal) for q in ctx.spec.questions]
        return
    executed = getattr(execution, "notebook", None)
    if executed is not None and len(executed.cells) != len(ctx.graded.cells):
        executed = None
    collected = _collect(ctx, executed)
    table = collected["table"]

    def single(cell: _Cell | None, key: str, run: str) -> tuple[Any, str]:
        if cell is None:
            return None, ""
        mine = [r for r in cell.records if r.get("key") == key and r.get("run") == run]
        if cell.bad_output or len(cell.records) != 1 or len(mine) != 1:
            if cell.records or cell.bad_output:
                return None, "tampered"
            return None, ""
        return mine[0]["value"], "ok"

    # The student id: what the setup cell defined, collected from the kernel, validated.
    id_value, id_state = single(collected["id"], "STUDENT_ID", "main")
    if id_state == "tampered":
        student_id, why = None, text("check.grade.id_interfered", name="STUDENT_ID")
    elif id_state == "":
        setup = collected["setup"].get("main")
        if setup is not None and setup.status == "error":
            why = text("check.grade.setup_failed", ename=setup.ename,
                       evalue=_short(setup.evalue, 100))
        else:
            why = text("check.grade.id_not_collected", name="STUDENT_ID", why=message)
        student_id = None
    else:
        student_id, why = _validate_id(id_value)
    if student_id is None:
        result.questions = [QuestionResult(q.key, 0.0, q.points, why, q.goal)
                            for q in ctx.spec.questions]
        if result.status == "ok":
            result.status = "missing STUDENT_ID" if why == _id_unset() else "invalid STUDENT_ID"
        return
    result.student_id = student_id
    if ctx.literal_id is not None and ctx.literal_id != student_id:
        result.flags.append("student_id_changed_at_run_time")
    params = ctx.spec.make_params(student_rng(ctx.spec.id, student_id))
    run_message = "" if status == "ok" else describe_status(result.status)
    hidden_params = {f"hidden{i + 1}": ctx.spec.make_params(student_rng(ctx.spec.id, hid))
                     for i, (hid, _) in enumerate(ctx.hidden)}
    tampered = False
    for q in ctx.spec.questions:
        qr = QuestionResult(q.key, 0.0, q.points, goal=q.goal)
        entry = table.get(("main", q.key), {})
        value, state = single(entry.get("collect"), q.key, "main")
        answer_cell = entry.get("answer")
        if state == "tampered":
            tampered = True
            qr.reason = text("check.grade.interfered")
        elif state == "":
            qr.reason = _missing_reason(entry, ctx.notes.get(q.key), run_message, cell_timeout)
        else:
            try:
                answer = decode(value)
            except _Unsupported as exc:
                answer, qr.reason = None, text("check.grade.cannot_check",
                                               why=_unsupported_message(exc))
            except Exception:
                answer, qr.reason = None, text("check.grade.cannot_check",
                                               why=text("check.grade.unreadable"))
            if not qr.reason:
                if answer is Ellipsis and ctx.notes.get(q.key) == "missing":
                    qr.reason = text("check.grade.cell_deleted")
                elif answer is Ellipsis and answer_cell is not None and answer_cell.status in {
                        "error", "timeout"}:
                    qr.reason = _missing_reason(entry, None, run_message, cell_timeout)
                else:
                    result.answers[q.key] = answer
                    qr.reason = _judge(q, answer, params, ctx.key.expected(q.key, params)) or ""
                    if not qr.reason and q.kind in MANUAL_KINDS:
                        # Written answers are scored by the instructor against the rubric:
                        # no automatic points, listed in the "manual" column and exported.
                        result.manual.append(q.key)
                        qr.reason = text("check.grade.manual")
                    elif not qr.reason:
                        qr.points = q.points
        if qr.points and hidden_policy != "off":
            failed = _hidden_failures(ctx, q, table, hidden_params)
            if failed == ["not-run"]:  # out of time before the hidden run: no verdict
                result.flags.append(f"hidden_case_not_run:{q.key}")
                failed = []
            if failed:
                result.flags.append(f"hidden_case_failed:{q.key}")
                note = text("check.grade.hidden")
                if hidden_policy == "score":
                    qr.points, qr.reason = 0.0, note
                else:
                    qr.reason = text("check.grade.hidden_flag", note=note)
        result.questions.append(qr)
    if tampered:
        result.flags.append("collector_output_tampered")


def _hidden_failures(ctx: _Context, question: Any, table: dict[Any, Any],
                     hidden_params: dict[str, Any]) -> list[str]:
    failed = []
    for i, (_, keys) in enumerate(ctx.hidden):
        if question.key not in keys:
            continue
        run = f"hidden{i + 1}"
        cell = table.get((run, question.key), {}).get("collect")
        if cell is None or cell.status == "not-run":
            return ["not-run"]
        records = [r for r in (cell.records if cell else [])
                   if r.get("key") == question.key and r.get("run") == run]
        if cell is None or len(records) != 1 or len(cell.records) != 1:
            failed.append(run)
            continue
        try:
            answer = decode(records[0]["value"])
        except Exception:
            failed.append(run)
            continue
        params = hidden_params[run]
        if _judge(question, answer, params, ctx.key.expected(question.key, params)) is not None:
            failed.append(run)
    return failed


# --------------------------------------------------------------------------- one file
def _prepare(path: Path, *, release: Path, key_folder: Path | None, keys: dict[str, Any],
             hidden_policy: str, releases: dict[tuple[str, str], Path] | None = None
             ) -> _Context | SubmissionResult:
    from ._core import exercise_spec
    from .key import load_key

    result = SubmissionResult(str(path))
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_SUBMISSION_BYTES else None
    except OSError as exc:
        result.status = f"unreadable file ({type(exc).__name__})"
        return result
    if data is None:
        result.status = f"file larger than {MAX_SUBMISSION_BYTES // 1_000_000} MB"
        return result
    result.sha256 = hashlib.sha256(data).hexdigest()
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:
        nb = None
        read_error = f"unreadable notebook ({type(exc).__name__}: {_short(exc, 80)})"
    exercise = _exercise_of(nb, path)
    if exercise is None:
        result.status = read_error if nb is None else "cannot tell which exercise this is"
        return result
    result.exercise = exercise
    try:
        spec = exercise_spec(exercise)
    except ValueError:
        result.status = f"unknown exercise {exercise!r}"
        return result
    if nb is None:
        result.status = read_error
        result.questions = [QuestionResult(q.key, 0.0, q.points, read_error, q.goal)
                            for q in spec.questions]
        return result
    if exercise not in keys:
        try:
            keys[exercise] = load_key(exercise, key_folder)
        except (OSError, ValueError, SyntaxError) as exc:
            keys[exercise] = exc
    key = keys[exercise]
    if isinstance(key, Exception):
        result.status = f"no grading key: {_short(key, 160)}"
        result.questions = [QuestionResult(q.key, 0.0, q.points, result.status, q.goal)
                            for q in spec.questions]
        return result
    # The submission's own notebook (never its outputs) only says which edition it is of;
    # the language used to judge it is the release's.
    if releases is None:
        releases = _release_notebooks(release)
    chosen = _pick_release(releases, exercise, notebook_language(nb))
    if chosen is None:
        result.status = f"no released exercise {exercise} in {release}"
        result.questions = [QuestionResult(q.key, 0.0, q.points, result.status, q.goal)
                            for q in spec.questions]
        return result
    released = nbformat.read(chosen, as_version=4)
    result.language = notebook_language(released)
    hidden = []
    if hidden_policy != "off":
        keys_hidden = [q.key for q in spec.questions if key.hidden(q)]
        hidden = [(hid, keys_hidden) for hid in key.hidden_ids]
    graded, notes = build_graded_notebook(released, nb, hidden=hidden)
    return _Context(path, result, spec, key, graded, notes, hidden, read_student_id(nb))


def _runner() -> Any:
    from . import sandbox

    return sandbox


def grade_submission(path: Path | str, *, release: Path | str = "exercises",
                     key: Path | str | None = None, cell_timeout: float = 30.0,
                     notebook_timeout: float = 120.0, hidden: str = "flag",
                     isolation: str = "auto") -> SubmissionResult:
    """Grade one submission; never raises for anything wrong with the submission."""
    return grade([path], release=release, key=key, cell_timeout=cell_timeout,
                 notebook_timeout=notebook_timeout, hidden=hidden, isolation=isolation,
                 progress=False, jobs=1, flags=False)[0]


# --------------------------------------------------------------------------- many
def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _progress(done: int, total: int, stream: Any) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    stream.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        stream.write("\n")
    stream.flush()


def grade(
    paths: Sequence[Path | str],
    *,
    release: Path | str = "exercises",
    key: Path | str | None = None,
    out: Path | str | None = None,
    jobs: int | None = None,
    cell_timeout: float = 30.0,
    notebook_timeout: float = 120.0,
    hidden: str = "flag",
    isolation: str = "auto",
    progress: bool = True,
    stream: Any = None,
    flags: bool = True,
) -> list[SubmissionResult]:
    """Grade ``paths`` (``jobs`` kernels at a time, default: available cores + 1).

    ``key``: folder of the grading key (default: ``instructor/key``, see :mod:`.key`);
    ``hidden``: ``"flag"`` (default), ``"score"`` or ``"off"`` for the key's hidden
    parameter sets. With ``out``, writes the CSV and the reports next to it (:mod:`.reports`);
    on Ctrl-C writes the submissions finished so far and raises :class:`GradingInterrupted`.
    """
    if hidden not in HIDDEN_POLICIES:
        raise ValueError(f"hidden must be one of {', '.join(HIDDEN_POLICIES)}, got {hidden!r}")
    stream = stream or sys.stderr
    jobs = jobs or available_cores() + 1
    paths = [Path(p) for p in paths]
    release = Path(release)
    key_folder = Path(key) if key is not None else None
    results: dict[int, SubmissionResult] = {}
    contexts: dict[str, _Context] = {}
    keys: dict[str, Any] = {}
    releases: dict[tuple[str, str], Path] | None = None
    started: dict[str, float] = {}
    for i, path in enumerate(paths):
        start = time.perf_counter()
        try:
            if releases is None:  # read once per run (both editions)
                releases = _release_notebooks(release)
            prepared = _prepare(path, release=release, key_folder=key_folder, keys=keys,
                                releases=releases, hidden_policy=hidden)
        except Exception as exc:  # last resort: one bad file must not stop the class
            prepared = SubmissionResult(str(path), status=f"grader error: {type(exc).__name__}: "
                                                          f"{_short(exc)}")
        if isinstance(prepared, SubmissionResult):
            prepared.seconds = time.perf_counter() - start
            results[i] = prepared
        else:
            contexts[str(i)] = prepared
            started[str(i)] = start
    if progress:
        _progress(len(results), len(paths), stream)
    def done(name: str, execution: Any) -> None:
        ctx = contexts[name]
        try:
            with language(ctx.result.language):
                _finish(ctx, execution, cell_timeout=cell_timeout, hidden_policy=hidden)
        except Exception as exc:
            ctx.result.status = f"grader error: {type(exc).__name__}: {_short(exc)}"
        ctx.result.seconds = time.perf_counter() - started[name]
        ctx.result.run_seconds = float(getattr(execution, "seconds", 0.0) or 0.0)
        ctx.result.cpu_seconds = float(getattr(execution, "cpu_seconds", 0.0) or 0.0)
        results[int(name)] = ctx.result
        if progress:
            _progress(len(results), len(paths), stream)

    items = [(name, ctx.graded) for name, ctx in contexts.items()]
    try:
        try:
            for name, execution in _runner().execute_many(
                    items, jobs=jobs, cell_timeout=cell_timeout,
                    notebook_timeout=notebook_timeout, isolation=isolation):
                done(name, execution)
        except (OSError, RuntimeError, ValueError) as exc:  # the sandbox cannot run at all
            status = f"infrastructure: {type(exc).__name__}: {_short(exc)}"
            for name, ctx in contexts.items():
                if int(name) not in results:
                    ctx.result.status = status
                    reason = text("check.grade.not_graded", ctx.result.language,
                                  status=describe_status(status, ctx.result.language))
                    ctx.result.questions = [QuestionResult(q.key, 0.0, q.points, reason, q.goal)
                                            for q in ctx.spec.questions]
                    results[int(name)] = ctx.result
    except KeyboardInterrupt:
        finished = [results[i] for i in sorted(results)]
        if flags:
            _add_flags(finished, keys)
        if out is not None:
            from .reports import write_reports

            write_reports(finished, out, interrupted=True)
        raise GradingInterrupted(finished) from None
    ordered = [results[i] for i in range(len(paths))]
    if flags:
        _add_flags(ordered, keys)
    if out is not None:
        from .reports import write_reports

        write_reports(ordered, out)
    return ordered


def _add_flags(results: list[SubmissionResult], keys: dict[str, Any]) -> None:
    """Byte-identical files, duplicate ids, answers that are another student's values."""
    from ._core import exercise_spec, student_rng

    by_hash: dict[str, list[SubmissionResult]] = {}
    by_id: dict[tuple[str, str], list[SubmissionResult]] = {}
    for r in results:
        if r.sha256:
            by_hash.setdefault(r.sha256, []).append(r)
        if r.student_id:
            by_id.setdefault((r.exercise, r.student_id), []).append(r)
    for group in by_hash.values():
        for r in group if len(group) > 1 else []:
            others = ", ".join(Path(o.path).name for o in group if o is not r)
            r.flags.append(f"identical_file:{others}")
    for group in by_id.values():
        for r in group if len(group) > 1 else []:
            others = ", ".join(Path(o.path).name for o in group if o is not r)
            r.flags.append(f"duplicate_student_id:{others}")
    # Answers right for a classmate's numbers but wrong for one's own.
    for exercise in {r.exercise for r in results if r.exercise}:
        key = keys.get(exercise)
        if key is None or isinstance(key, Exception):
            continue
        spec = exercise_spec(exercise)
        numeric = [q for q in spec.questions if q.kind in {"number", "table", "parameters"}]
        members = [r for r in results if r.exercise == exercise and r.student_id]
        ids = sorted({r.student_id for r in members})
        if len(ids) < 2:
            continue
        cache: dict[tuple[str, str], Any] = {}
        params = {sid: spec.make_params(student_rng(exercise, sid)) for sid in ids}

        def expected(sid: str, q: Any) -> Any:
            if (sid, q.key) not in cache:
                try:
                    cache[sid, q.key] = key.expected(q.key, params[sid])
                except Exception:
                    cache[sid, q.key] = None
            return cache[sid, q.key]

        for r in members:
            wrong = [q for q in numeric if q.key in r.answers and any(
                x.key == q.key and x.points < x.max_points for x in r.questions)]
            if len(wrong) < 1:
                continue
            for other in ids:
                if other == r.student_id:
                    continue
                matches = [q.key for q in wrong if expected(other, q) is not None and _judge(
                    q, r.answers[q.key], params[other], expected(other, q)) is None]
                if len(matches) >= max(1, min(2, len(wrong))):
                    r.flags.append(f"answers_of_student:{other}:{'+'.join(matches)}")
                    break


# --------------------------------------------------------------------------- output
def write_csv(results: Sequence[SubmissionResult], out: Path | str) -> Path:
    """Write ``grades.csv`` alone (atomically); :func:`grade` writes every report."""
    from .reports import write_grades_csv

    return write_grades_csv(results, out)


def summary(results: Iterable[SubmissionResult]) -> str:
    lines = []
    for r in results:
        lines.append(f"{r.score:g}/{r.max_score:g}  {r.student_id or '-':<14} {r.path}"
                     + ("" if r.status == "ok" else f"  [{r.status}]")
                     + (f"  flags: {'; '.join(r.flags)}" if r.flags else ""))
    return "\n".join(lines)
