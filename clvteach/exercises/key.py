"""Loading the instructor's grading key (``instructor/key/exNN.py``; never released).

The key is instructor material, outside the installed package: one Python file per
exercise, next to the solutions in the instructor's repository. It holds the authoritative
expected answers and the hidden parameter sets; ``clvteach grade`` judges the answers it
collected from a submission against it, in the grader's own process.

A key file defines::

    KEY = {
        "ex03.q1": historical,                     # params -> expected value
        "ex03.q8": Answer(lambda p: DIRECTIONS[p.factor], hidden=False),
        "ex03.q9": PLOT,                           # judged by the question's inspector
    }
    HIDDEN_IDS = ("k7-hidden-1",)                  # optional, see below

* a value is either a callable ``params -> expected`` or an :class:`Answer`;
* ``PLOT`` marks a plot question: the figure collected from the submission is rebuilt in
  the grader and checked by the question's ``inspect`` function;
* ``HIDDEN_IDS``: student ids (kept secret in the key) whose parameters the grader also
  runs the submission's answer cells with. A question with ``hidden=True`` (default for
  number, table and parameter questions) must then be right for those parameters too:
  this catches typed-in numbers copied from a classmate. How a failed hidden case counts
  is the grader's ``hidden`` option (``"flag"``: a flag, no points lost; ``"score"``). A
  hidden run that the notebook's time limit cut short gives no verdict, only the flag
  ``hidden_case_not_run``.

Every question of the exercise needs an entry (:func:`load_key` checks it).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..i18n import text

__all__ = ["PLOT", "Answer", "ExerciseKey", "default_key_folder", "leak_values", "load_key"]

PLOT = "plot"
HIDDEN_BY_DEFAULT = frozenset({"number", "table", "parameters"})
KEY_ENV = "CLVTEACH_KEY"


@dataclass(frozen=True)
class Answer:
    """One key entry: ``expected(params)`` and whether hidden parameter sets apply."""

    expected: Callable[[Any], Any] | None
    hidden: bool | None = None


@dataclass(frozen=True)
class ExerciseKey:
    """The grading key of one exercise."""

    exercise: str
    answers: Mapping[str, Answer]
    hidden_ids: tuple[str, ...] = ()
    source: str = ""

    def expected(self, key: str, params: Any) -> Any:
        entry = self.answers[key]
        return None if entry.expected is None else entry.expected(params)

    def hidden(self, question: Any) -> bool:
        entry = self.answers[question.key]
        if entry.hidden is not None:
            return bool(entry.hidden) and bool(self.hidden_ids)
        return question.kind in HIDDEN_BY_DEFAULT and bool(self.hidden_ids)


def default_key_folder() -> Path | None:
    """``$CLVTEACH_KEY``, else ``instructor/key`` in the working directory or the repository."""
    candidates = []
    if os.environ.get(KEY_ENV):
        candidates.append(Path(os.environ[KEY_ENV]))
    candidates += [Path.cwd() / "instructor" / "key",
                   Path(__file__).resolve().parents[2] / "instructor" / "key"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    return None


def _entry(key: str, value: Any) -> Answer:
    if isinstance(value, Answer):
        return value
    if value is None or (isinstance(value, str) and value == PLOT):
        return Answer(None, hidden=False)
    if callable(value):
        return Answer(value)
    raise TypeError(text("check.key.entry", question=key, answer="Answer", plot="PLOT",
                         type=type(value).__name__))


def load_key(exercise: str, folder: Path | str | None = None) -> ExerciseKey:
    """The key of ``exercise`` from ``folder/<exercise>.py`` (default :func:`default_key_folder`).

    Raises ``FileNotFoundError`` when there is no key, ``ValueError`` when it does not
    cover every question of the exercise.
    """
    from ._core import exercise_spec

    spec = exercise_spec(exercise)
    folder = Path(folder) if folder is not None else default_key_folder()
    if folder is None:
        raise FileNotFoundError(text("check.key.none_found", option="--key DIR",
                                     env=f"${KEY_ENV}"))
    path = folder / f"{exercise}.py"
    if not path.is_file():
        raise FileNotFoundError(text("check.key.missing_file", exercise=exercise, path=path))
    name = f"_clvteach_key_{exercise}_{abs(hash(str(path.resolve())))}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    raw = getattr(module, "KEY", None)
    if not isinstance(raw, Mapping):
        raise ValueError(text("check.key.no_dict", path=path,
                              example="KEY = {question key: expected}"))
    answers = {k: _entry(k, v) for k, v in raw.items()}
    keys = [q.key for q in spec.questions]
    missing = [k for k in keys if k not in answers]
    extra = [k for k in answers if k not in keys]
    if missing or extra:
        raise ValueError(text("check.key.coverage", path=path, exercise=exercise,
                              missing=missing, extra=extra))
    for q in spec.questions:
        if (q.kind == "plot") != (answers[q.key].expected is None):
            raise ValueError(text("check.key.plot", path=path, question=q.key, plot="PLOT")
                             if q.kind == "plot" else
                             text("check.key.expected", path=path, question=q.key, kind=q.kind))
    hidden = tuple(str(h) for h in getattr(module, "HIDDEN_IDS", ()))
    return ExerciseKey(exercise, answers, hidden, str(path))


def leak_values(value: Any) -> list[float]:
    """The numbers inside an expected answer (for the leak tests)."""
    import pandas as pd

    if value is None or isinstance(value, str):
        return []
    if isinstance(value, pd.DataFrame):
        return [float(v) for c in value.columns if value[c].dtype.kind in "fiu"
                for v in value[c]]
    if isinstance(value, pd.Series):
        return [float(v) for v in value] if value.dtype.kind in "fiu" else []
    if isinstance(value, Mapping):
        return [float(v) for v in value.values()]
    return [float(np.asarray(value, dtype=float))]
