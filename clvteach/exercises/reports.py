"""What ``clvteach grade`` writes: grades CSV, feedback, class summary, gradebook exports.

For ``--out grades.csv``:

* ``grades.csv`` — one row per submission: ``file, exercise, student_id, score,
  max_score, status, flags, manual``, then per question its points and reason;
* ``grades_feedback/<file>.md`` — per submission: each question's points and reason and
  the student's own errors (never the expected answer);
* ``grades_summary.csv`` / ``grades_summary.md`` / ``grades_summary.png`` — class mean,
  median, histogram and per-question difficulty (share of full marks), the PNG with a
  text description (alt text) in the Markdown file and in the PNG's metadata;
* ``grades_canvas.csv`` and ``grades_moodle.csv`` — gradebook imports;
* ``grades_manual.csv`` — the written answers (reflections) the instructor scores by hand
  against their rubric; they carry no automatic points (column ``manual`` of the grades).

Every CSV cell is safe against formula injection: a cell that starts with ``=``, ``+``,
``-``, ``@``, tab or carriage return and is not a number gets a leading apostrophe.
All files are written atomically (temporary file, then rename).

A feedback file is written in the language of its submission (the edition of the released
exercise it was graded against: ``SubmissionResult.language``); the class summary in
Chinese when every submission is of the Chinese edition, else in English. The CSV column
names stay English (they are read by programs).
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..i18n import text as _text
from ..settings import get_language as _current_language
from ..settings import language

__all__ = ["safe_cell", "write_grades_csv", "write_reports"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> str:
    """``value`` as a CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, float):
        text = f"{value:g}"
    else:
        text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\x00", "")
    if text.startswith(_DANGEROUS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _atomic_write(out: Path, text: str | bytes) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        mode = "wb" if isinstance(text, bytes) else "w"
        kwargs = {} if isinstance(text, bytes) else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([[safe_cell(c) for c in row] for row in rows])
    return buffer.getvalue()


def _keys(results: Sequence[Any]) -> list[str]:
    keys: list[str] = []
    for r in results:
        for q in r.questions:
            if q.key not in keys:
                keys.append(q.key)
    return keys


def write_grades_csv(results: Sequence[Any], out: Path | str) -> Path:
    """``grades.csv``: one row per submission (atomic)."""
    keys = _keys(results)
    header = ["file", "exercise", "student_id", "score", "max_score", "status", "flags",
              "manual"]
    for key in keys:
        header += [key, f"{key} reason"]
    rows = []
    for r in results:
        by_key = {q.key: q for q in r.questions}
        row = [r.path, r.exercise, r.student_id, f"{r.score:g}", f"{r.max_score:g}", r.status,
               "; ".join(r.flags), "; ".join(getattr(r, "manual", []))]
        for key in keys:
            q = by_key.get(key)
            row += [f"{q.points:g}", q.reason] if q else ["", ""]
        rows.append(row)
    return _atomic_write(Path(out), _csv(header, rows))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "submission"


def _feedback(r: Any) -> str:
    with language(getattr(r, "language", "en")):
        return _feedback_text(r)


def _feedback_text(r: Any) -> str:
    lines = ["# " + _text("check.report.feedback_title", name=Path(r.path).name), ""]
    lines.append("* " + _text("check.report.exercise", exercise=r.exercise or "?"))
    lines.append("* " + _text("check.report.student", name="STUDENT_ID",
                             student=r.student_id or _text("check.report.not_found")))
    lines.append("* " + _text("check.report.score", score=f"{r.score:g}",
                             max_score=f"{r.max_score:g}"))
    if r.status != "ok":
        from .grade import describe_status

        lines.append("* " + _text("check.report.note", status=describe_status(r.status)))
    header = [_text(f"check.report.{k}") for k in ("question", "points", "what_to_look_at")]
    lines += ["", "| " + " | ".join(header) + " |", "|---|---|---|"]
    for q in r.questions:
        reason = q.reason.replace("|", "/") or _text("check.success")
        lines.append(f"| {q.key} | {q.points:g} / {q.max_points:g} | {reason} |")
    if r.errors:
        lines += ["", "## " + _text("check.report.errors"), ""]
        lines += [f"* {e}" for e in r.errors]
    return "\n".join(lines) + "\n"


def _summary(results: Sequence[Any]) -> tuple[list[list[Any]], dict[str, Any]]:
    graded = [r for r in results if r.questions]
    scores = [r.score for r in graded]
    stats = {
        "submissions": len(results),
        "graded": len(graded),
        "mean": statistics.fmean(scores) if scores else math.nan,
        "median": statistics.median(scores) if scores else math.nan,
        "min": min(scores) if scores else math.nan,
        "max": max(scores) if scores else math.nan,
    }
    rows = []
    for key in _keys(graded):
        qs = [q for r in graded for q in r.questions if q.key == key]
        full = sum(1 for q in qs if q.points >= q.max_points)
        goal = next((getattr(q, "goal", "") for q in qs if getattr(q, "goal", "")), "")
        rows.append([key, goal, len(qs), f"{statistics.fmean(q.points for q in qs):.3g}",
                     f"{full / len(qs):.0%}" if qs else ""])
    return rows, stats


def _histogram(scores: list[float], top: float) -> list[tuple[str, int]]:
    if not scores:
        return []
    top = max(top, max(scores), 1)
    edges = sorted({round(top * i / 5, 2) for i in range(6)})
    bins = []
    for lo, hi in zip(edges, edges[1:]):
        last = hi == edges[-1]
        count = sum(1 for s in scores if lo <= s < hi or (last and s == hi))
        bins.append((f"{lo:g}–{hi:g}", count))
    return bins


def _png(rows: list[list[Any]], hist: list[tuple[str, int]], description: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font: dict[str, Any] = {}
    if _current_language() == "zh":  # Chinese labels need the course's CJK font
        from ..style import cjk_font, register_course_font

        register_course_font()
        font = {"fontfamily": cjk_font()} if cjk_font() else {}
    fig = Figure(figsize=(9, max(3.6, 1.2 + 0.22 * len(rows))), dpi=100)
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    left.bar([h[0] for h in hist], [h[1] for h in hist], color="#0072B2")
    left.set_xlabel(_text("check.report.png_score"), **font)
    left.set_ylabel(_text("check.report.submissions"), **font)
    left.set_title(_text("check.report.png_distribution"), **font)
    keys = [r[0] for r in rows]
    shares = [float(r[4].rstrip("%")) if r[4] else 0.0 for r in rows]
    right.barh(keys[::-1], shares[::-1], color="#E69F00")
    right.set_xlim(0, 100)
    right.set_xlabel(_text("check.report.png_full_marks"), **font)
    right.set_title(_text("check.report.png_difficulty"), **font)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Title": _text("check.report.summary_title"),
                                                 "Description": description})
    return buffer.getvalue()


def _gradebooks(results: Sequence[Any]) -> tuple[str, str]:
    from ._core import exercise_spec

    exercises = sorted({r.exercise for r in results if r.exercise and r.questions})
    titles = {}
    for e in exercises:
        try:
            titles[e] = exercise_spec(e).title
        except ValueError:
            titles[e] = e
    best: dict[str, dict[str, Any]] = {}
    for r in results:
        if not r.student_id or not r.questions:
            continue
        row = best.setdefault(r.student_id, {})
        if r.exercise not in row or r.score > row[r.exercise].score:
            row[r.exercise] = r
    canvas_header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [
        f"{titles[e]} ({e})" for e in exercises]
    possible = ["Points Possible", "", "", "", ""] + [
        f"{max(r.max_score for r in results if r.exercise == e):g}" for e in exercises]
    canvas_rows = [possible] + [
        ["", "", sid, "", ""] + [f"{row[e].score:g}" if e in row else "" for e in exercises]
        for sid, row in sorted(best.items())]
    moodle_header = ["ID number"] + [f"{e} score" for e in exercises] + [
        f"{e} feedback" for e in exercises]
    moodle_rows = []
    for sid, row in sorted(best.items()):
        feedback = []
        for e in exercises:
            r = row.get(e)
            lost = [f"{q.key}: {q.reason}" for q in r.questions if q.reason] if r else []
            feedback.append("; ".join(lost)[:1000])
        moodle_rows.append([sid] + [f"{row[e].score:g}" if e in row else "" for e in exercises]
                           + feedback)
    return _csv(canvas_header, canvas_rows), _csv(moodle_header, moodle_rows)


def write_reports(results: Sequence[Any], out: Path | str, *, interrupted: bool = False
                  ) -> list[Path]:
    """Write the CSV and, unless ``interrupted``, every other report next to it."""
    out = Path(out)
    written = [write_grades_csv(results, out)]
    if interrupted:
        return written
    stem = out.with_suffix("")
    folder = Path(f"{stem}_feedback")
    seen: set[str] = set()
    for r in results:
        name = _slug(Path(r.path).stem)
        while name in seen:
            name += "_"
        seen.add(name)
        written.append(_atomic_write(folder / f"{name}.md", _feedback(r)))
    rows, stats = _summary(results)
    header = ["question", "learning goal", "graded", "mean points", "full marks"]
    # Percent of each exercise's points, so that a run over several exercises compares.
    scores = [100 * r.score / r.max_score for r in results if r.questions and r.max_score]
    top = 100.0
    hist = _histogram(scores, top)
    fmt = {k: (f"{v:.3g}" if isinstance(v, float) else str(v)) for k, v in stats.items()}
    text = _csv(header, rows) + "\n" + _csv(["statistic", "value"], [[k, v] for k, v in fmt.items()])
    text += "\n" + _csv(["score range (%)", "submissions"], [list(h) for h in hist])
    written.append(_atomic_write(Path(f"{stem}_summary.csv"), text))
    hardest = sorted(rows, key=lambda r: float(r[4].rstrip("%") or 0))[:3]
    langs = {getattr(r, "language", "en") for r in results}
    with language("zh" if langs == {"zh"} else "en"):
        comma = "，" if _current_language() == "zh" else ", "
        description = _text(
            "check.report.alt", graded=stats["graded"], mean=fmt["mean"], median=fmt["median"],
            bins=comma.join(_text("check.report.alt_bin", count=h[1], range=h[0]) for h in hist),
            hardest=comma.join(f"{r[0]} ({r[4]})" for r in hardest))
        png = Path(f"{stem}_summary.png")
        written.append(_atomic_write(png, _png(rows, hist, description)))
        columns = [_text(f"check.report.{k}") for k in (
            "question", "learning_goal", "graded", "mean_points", "full_marks")]
        md = ["# " + _text("check.report.summary_title"), "",
              _text("check.report.summary_line", graded=stats["graded"],
                   submissions=stats["submissions"], mean=fmt["mean"], median=fmt["median"],
                   min=fmt["min"], max=fmt["max"]), "",
              f"![{description}]({png.name})", "", "| " + " | ".join(columns) + " |",
              "|---|---|---|---|---|"]
        md += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
        md += ["", "| " + _text("check.report.score_range") + " | "
               + _text("check.report.submissions") + " |", "|---|---|"]
        md += [f"| {h[0]} | {h[1]} |" for h in hist]
    written.append(_atomic_write(Path(f"{stem}_summary.md"), "\n".join(md) + "\n"))
    manual = [[r.path, r.student_id, key, str(r.answers.get(key, ""))[:20_000]]
              for r in results for key in getattr(r, "manual", [])]
    if manual:
        written.append(_atomic_write(Path(f"{stem}_manual.csv"), _csv(
            ["file", "student_id", "question", "answer (score it against the rubric)"], manual)))
    canvas, moodle = _gradebooks(results)
    written.append(_atomic_write(Path(f"{stem}_canvas.csv"), canvas))
    written.append(_atomic_write(Path(f"{stem}_moodle.csv"), moodle))
    return written
