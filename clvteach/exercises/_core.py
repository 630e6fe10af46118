"""Question types, the exercise registry and :func:`check` (the students' self-check).

A question knows how to *check* an answer for one student (from the student's personalised
parameters) and how to diagnose common mistakes. Wrong answers raise :class:`WrongAnswer`
(an ``AssertionError``) with a hint that names the likely mistake but never shows the
expected value; an untouched ``...`` placeholder raises :class:`NotAnswered`, so
``pytest --nbval-lax`` fails until every answer is right.

This package is what students receive. It holds **no answer key**: there is no
``expected()`` API, choice answers are stored only as salted digests (:func:`seal`), and
numeric references are computed inside the check from the student's parameters. The
*grading key* (authoritative expected answers and hidden parameter sets) lives in the
instructor's repository, ``instructor/key/exNN.py``, which is neither installed nor
released; ``clvteach grade`` judges the collected answers against it in its own process.

Declaring a question (in ``clvteach/exercises/exNN_topic.py``)
---------------------------------------------------------------
Every question takes ``key`` (``"exNN.qM"``), ``hint`` (shown with the placeholder and on a
wrong answer), ``points`` (default 1, shown by ``ct.check`` with the exercise total) and
``goal`` (the learning goal it assesses, metadata for the instructor's summary).

Every text a student reads (``hint``, ``why``, ``fallback``, ``success``, a
:class:`Mistake`'s hint, the messages of a :class:`Diagnosis`) is a
:class:`clvteach.i18n.Text` pair ``Text(en, zh)``, resolved in the current language when
the message is shown (the exercise notebook sets it: ``ct.set_language("zh")`` in the
Chinese edition); the generic messages of this module are the catalogue's ``check.*``
keys. A plain ``str`` is accepted (shown as is in both languages), e.g. in tests::

    NumberQuestion(key="ex03.q1", points=1, goal="historical value of a member",
                   hint="yearly profit × years as a member",
                   reference=historical,                 # params -> number, used by ct.check
                   mistakes=[Mistake("apply the margin", lambda p: MONTHS_PER_YEAR * p.monthly_fee)])
    TableQuestion(key="ex03.q2", ..., reference=table, columns=("year", "profit"))
    ChoiceQuestion(key="ex03.q8", ..., options={"rises": "...", "falls": "..."},
                   answer=lambda p: DIRECTIONS[p.factor])   # a Sealed digest, see seal()
    PlotQuestion(key="ex03.q9", ..., inspect=inspect_cumulative)  # (ax, params) -> None

``ChoiceQuestion.answer`` returns a :class:`Sealed` value: write the digest with
``seal("<salt>", "<option>")`` once (its ``repr`` is the literal to paste, e.g.
``Sealed('ex03:discount_rate', '3c5e…')``) and keep the plain option only in the key.
A choice computed from the parameters (``"yours" if a > b else "rival"``) may return the
plain option.

The key entry (``instructor/key/exNN.py``) of the same question::

    KEY = {
        "ex03.q1": historical,                       # params -> expected value
        "ex03.q8": Answer(lambda p: DIRECTIONS_PLAIN[p.factor], hidden=False),
        "ex03.q9": PLOT,                             # judged by the question's inspector
    }
    HIDDEN_IDS = ("…",)   # optional: extra parameter sets (see clvteach.exercises.key)

Every question needs a key entry (a test checks the check and the key agree).
"""
from __future__ import annotations

import hashlib
import importlib
import math
import numbers
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..i18n import Text, localise, option_aliases, text
from ..units import MONTHS_PER_YEAR

__all__ = [
    "ChoiceQuestion",
    "ExerciseSpec",
    "Exercise",
    "Mistake",
    "NotAnswered",
    "NumberQuestion",
    "PlotQuestion",
    "Question",
    "Sealed",
    "TableQuestion",
    "WrongAnswer",
    "as_number",
    "check",
    "exercise_spec",
    "get_question",
    "label_axes_hint",
    "register",
    "seal",
    "start",
    "student_rng",
    "EXERCISE_MODULES",
]

# Exercise id -> module that defines it (imported on first use).
EXERCISE_MODULES: dict[str, str] = {
    "ex00": "clvteach.exercises.ex00_warm_up",
    "ex01": "clvteach.exercises.ex01_customer_value",
    "ex02": "clvteach.exercises.ex02_customer_lifecycle",
    "ex03": "clvteach.exercises.ex03_clv_fundamentals",
    "ex04": "clvteach.exercises.ex04_clv_analysis_steps",
    "ex05": "clvteach.exercises.ex05_probabilistic_clv",
    "ex06": "clvteach.exercises.ex06_new_firm",
}

_PLACEHOLDER_IDS = {"", "...", "…", "your student id", "your student number"}
#: What a STUDENT_ID still left as the placeholder looks like (lower-cased, stripped); the
#: grader reads it too.
PLACEHOLDER_IDS = frozenset(_PLACEHOLDER_IDS)
# Letters, digits and - _ . (at most 40): safe in file names and spreadsheets.
STUDENT_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")


class NotAnswered(AssertionError):
    """The answer is still the ``...`` placeholder."""


class WrongAnswer(AssertionError):
    """The answer is wrong; the message is a hint, never the expected value."""


class Diagnosis(Exception):
    """Raised inside a judge to report a specific mistake (turned into WrongAnswer)."""


# --------------------------------------------------------------------------- helpers
def _is_placeholder(answer: Any) -> bool:
    """True for ``...`` itself or a container still holding a ``...``."""
    if answer is Ellipsis:
        return True
    if isinstance(answer, Mapping):
        return any(v is Ellipsis for v in answer.values())
    if isinstance(answer, (list, tuple)):
        return any(v is Ellipsis for v in answer)
    return False


def is_placeholder(answer: Any) -> bool:
    """True for ``...`` itself or a container still holding a ``...`` (an unanswered
    question; the grader asks the same)."""
    return _is_placeholder(answer)


def as_number(answer: Any) -> float:
    """The answer as a float, or a :class:`Diagnosis` in the student's language (a list,
    a string, NaN, infinity); public for question types defined in exercise modules."""
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, np.number)):
        if isinstance(answer, np.ndarray) and answer.size == 1:
            return float(answer.reshape(-1)[0])
        if hasattr(answer, "__len__") and not isinstance(answer, str):
            raise Diagnosis(text("check.expected_single_number", type=type(answer).__name__,
                                 length=len(answer)))
        raise Diagnosis(text("check.expected_number", type=type(answer).__name__,
                             value=f"{answer!r:.40}"))
    value = float(answer)
    if math.isnan(value):
        raise Diagnosis(text("check.nan"))
    if math.isinf(value):
        raise Diagnosis(text("check.infinite"))
    return value


def _close(a: float, b: float, *, rtol: float, atol: float) -> bool:
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def _normalise_key(text: Any) -> Any:
    if isinstance(text, str):
        return text.strip().lower().replace("-", "_").replace(" ", "_")
    return text


# --------------------------------------------------------------------------- questions
@dataclass(frozen=True)
class Mistake:
    """A common mistake: the value it produces (for these parameters) and its hint.

    ``hint`` is a :class:`~clvteach.i18n.Text` (or a plain string), shown in the current
    language.
    """

    hint: str | Text
    value: Callable[[Any], Any]


@dataclass(frozen=True, kw_only=True)
class Question:
    """Base class: ``judge(answer, params, target)`` raises :class:`Diagnosis` if wrong.

    ``target`` is what the answer is compared with: :meth:`reference` in ``ct.check``,
    the grading key's expected value in ``clvteach grade``.
    """

    key: str
    hint: str | Text
    points: float = 1.0
    goal: str = ""
    kind: str = "question"
    success: str | Text | None = None  # None: the catalogue's "correct"

    def success_text(self) -> str:
        """The success message in the current language."""
        return text("check.success") if self.success is None else localise(self.success)

    def target(self, params: Any) -> Any:
        """What ``ct.check`` compares the answer with (``None``: the judge needs nothing)."""
        reference = getattr(self, "reference", None)
        return None if reference is None else reference(params)

    def judge(self, answer: Any, params: Any, target: Any) -> None:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class NumberQuestion(Question):
    """A single number, right within ``rtol``/``atol``; ``mistakes`` are diagnosed first."""

    rtol: float = 1e-4
    atol: float = 0.5
    mistakes: Sequence[Mistake] = ()
    kind: str = "number"
    fallback: str | Text | None = None  # None: the catalogue's generic fallback
    reference: Callable[[Any], Any] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Any, target: Any) -> None:
        value = as_number(answer)
        target = float(target)
        if _close(value, target, rtol=self.rtol, atol=self.atol):
            return
        for mistake in self.mistakes:
            try:
                candidate = mistake.value(params)
            except Exception:  # a diagnosis that does not apply to these parameters
                continue
            candidates = candidate if isinstance(candidate, (list, tuple)) else [candidate]
            for c in candidates:
                if not _close(float(c), target, rtol=self.rtol, atol=self.atol) and _close(
                    value, float(c), rtol=self.rtol, atol=self.atol
                ):
                    raise Diagnosis(localise(mistake.hint))
        raise Diagnosis(_generic_number_hint(value, target, self))


def _generic_number_hint(value: float, target: float, q: NumberQuestion) -> str:
    """Unit and sign slips that apply to any number (never reveals ``target``)."""
    if target != 0:
        ratio = value / target
        checks = [
            (-1.0, "check.slip.sign"),
            (100.0, "check.slip.rate_as_percent"),
            (0.01, "check.slip.percent_as_rate"),
            (float(MONTHS_PER_YEAR), "check.slip.monthly_as_yearly"),
            (1 / MONTHS_PER_YEAR, "check.slip.yearly_as_monthly"),
        ]
        for factor, key in checks:
            if math.isclose(ratio, factor, rel_tol=max(q.rtol, 1e-3)):
                return text(key)
    if abs(round(value) - value) < 1e-9 and abs(target) < 1 and value != 0:
        return text("check.slip.rounded")
    return text("check.fallback.number") if q.fallback is None else localise(q.fallback)


_SEAL_PREFIX = "clvteach-choice"


def _digest(salt: str, option: Any) -> str:
    text = f"{_SEAL_PREFIX}\0{salt}\0{_normalise_key(option)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Sealed:
    """A choice answer stored as salted digests (the plain option is only in the key).

    ``Sealed("ex03:discount_rate", "3c5e…")``: one digest per right option.
    """

    salt: str
    digests: tuple[str, ...]

    def __init__(self, salt: str, *digests: str) -> None:
        if not digests:
            raise ValueError(f"Sealed({salt!r}) needs at least one digest")
        object.__setattr__(self, "salt", salt)
        object.__setattr__(self, "digests", tuple(digests))

    def __repr__(self) -> str:
        return "Sealed(" + ", ".join(map(repr, (self.salt, *self.digests))) + ")"

    def matches(self, option: Any) -> bool:
        return _digest(self.salt, option) in self.digests


def seal(salt: str, *options: str) -> Sealed:
    """The :class:`Sealed` form of ``options`` (authors: paste its ``repr`` into the module).

    ``salt`` names the context, e.g. ``"ex03:discount_rate"`` for the answer that belongs
    to the factor ``discount_rate`` of exercise 03.
    """
    if not isinstance(salt, str) or not salt:
        raise ValueError(f"salt must be a non-empty string, got {salt!r}")
    return Sealed(salt, *(_digest(salt, o) for o in options))


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """Pick one option (a key of ``options``), or several when ``multiple=True``.

    ``answer(params)`` gives the right option(s) as a :class:`Sealed` digest (or, for a
    choice computed from the parameters, the plain option); ``why`` maps a wrong option to
    a hint explaining the confusion.
    """

    options: Mapping[str, str | Text] | Callable[[Any], Mapping[str, str | Text]] = field(
        default_factory=dict)
    answer: Callable[[Any], Any] = field(repr=False, compare=False)
    multiple: bool = False
    why: Mapping[str, str | Text] = field(default_factory=dict)
    kind: str = "choice"
    fallback: str | Text | None = None  # None: the catalogue's generic fallback

    def option_keys(self, params: Any) -> list[str]:
        options = self.options(params) if callable(self.options) else self.options
        return list(options)

    def target(self, params: Any) -> Any:
        return self.answer(params)

    def judge(self, answer: Any, params: Any, target: Any) -> None:
        keys = self.option_keys(params)
        if self.multiple:
            if isinstance(answer, str) or not isinstance(answer, Iterable):
                raise Diagnosis(text("check.expected_options",
                                     examples=", ".join(map(repr, keys[:2]))))
            given = {_normalise_key(a) for a in answer}
        else:
            if not isinstance(answer, str):
                raise Diagnosis(text("check.expected_option", type=type(answer).__name__))
            given = {_normalise_key(answer)}
        # an option may also be named in English or Chinese ("自我实现价值")
        aliases = option_aliases(keys)
        given = {g if g in keys or not isinstance(g, str) else aliases.get(g, g)
                 for g in given}
        unknown = sorted(str(g) for g in given if g not in keys)
        if unknown:
            raise Diagnosis(text("check.not_an_option", given=", ".join(map(repr, unknown)),
                                 options=", ".join(map(repr, keys))))
        if isinstance(target, Sealed):
            right = {k for k in keys if target.matches(k)}
        elif self.multiple:
            right = {_normalise_key(t) for t in target}
        else:
            right = {_normalise_key(target)}
        if given == right:
            return
        for option in sorted(given - right):
            if option in self.why:
                raise Diagnosis(localise(self.why[option]))
        if self.multiple and given < right:
            raise Diagnosis(text("check.something_missing"))
        raise Diagnosis(text("check.fallback.choice") if self.fallback is None
                        else localise(self.fallback))


@dataclass(frozen=True, kw_only=True)
class TableQuestion(Question):
    """A DataFrame whose ``columns`` must match the expected table row by row.

    ``column_mistakes`` maps a column to mistakes that give that whole column.
    """

    columns: Sequence[str] = ()
    rtol: float = 1e-3
    atol: float = 0.05
    column_mistakes: Mapping[str, Sequence[Mistake]] = field(default_factory=dict)
    row_label: str | Text | None = None  # what a row is ("month"); None: "row"
    index_column: str | None = None
    kind: str = "table"
    reference: Callable[[Any], Any] = field(repr=False, compare=False)

    def judge(self, answer: Any, params: Any, target: Any) -> None:
        import pandas as pd

        expected = target
        row_label = text("check.row") if self.row_label is None else localise(self.row_label)
        if not isinstance(answer, pd.DataFrame):
            raise Diagnosis(text("check.expected_dataframe", type=type(answer).__name__))
        missing = [c for c in self.columns if c not in answer.columns]
        if missing:
            raise Diagnosis(text("check.missing_columns", missing=", ".join(map(repr, missing)),
                                 columns=", ".join(map(repr, self.columns))))
        if len(answer) != len(expected):
            off = len(answer) - len(expected)
            if abs(off) == 1:
                raise Diagnosis(text("check.off_by_one", rows=len(answer), label=row_label))
            raise Diagnosis(text("check.row_count", rows=len(answer), label=row_label))
        for column in self.columns:
            try:
                got = np.asarray(answer[column], dtype=float)
            except (TypeError, ValueError):
                raise Diagnosis(text("check.column_numbers", column=repr(column))) from None
            want = np.asarray(expected[column], dtype=float)
            ok = np.isclose(got, want, rtol=self.rtol, atol=self.atol)
            if ok.all():
                continue
            first = int(np.flatnonzero(~ok)[0])
            label = (
                text("check.row_labelled", label=row_label,
                     value=expected[self.index_column].iloc[first])
                if self.index_column
                else text("check.row_n", n=first)
            )
            for mistake in self.column_mistakes.get(column, ()):
                try:
                    alt = np.asarray(mistake.value(params), dtype=float)
                except Exception:
                    continue
                if alt.shape == got.shape and np.allclose(got, alt, rtol=self.rtol, atol=self.atol):
                    raise Diagnosis(text("check.column_mistake", column=repr(column),
                                         hint=localise(mistake.hint)))
            raise Diagnosis(text("check.column_wrong", column=repr(column), where=label))


@dataclass(frozen=True, kw_only=True)
class PlotQuestion(Question):
    """A drawing, checked through the artists on the Axes (never through pixels).

    ``inspect(ax, params)`` raises :class:`Diagnosis` with a hint when something is wrong.
    """

    inspect: Callable[[Any, Any], None] = lambda ax, params: None
    kind: str = "plot"

    def judge(self, answer: Any, params: Any, target: Any = None) -> None:
        ax = _as_axes(answer)
        self.inspect(ax, params)


def label_axes_hint() -> str:
    """"label both axes (ax.set_xlabel, ax.set_ylabel)" in the current language (the
    catalogue's ``check.label_axes``), for plot inspectors: ``raise Diagnosis(label_axes_hint())``."""
    return text("check.label_axes", xlabel="ax.set_xlabel", ylabel="ax.set_ylabel")


def _as_axes(answer: Any) -> Any:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Axes):
        return answer
    if isinstance(answer, Figure):
        if len(answer.axes) == 1:
            return answer.axes[0]
        raise Diagnosis(text("check.several_axes", example="answer = ax"))
    raise Diagnosis(text("check.expected_axes", axes="matplotlib Axes", example="answer = ax",
                         type=type(answer).__name__))


# --------------------------------------------------------------------------- exercises
@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise notebook: personalised parameters and its questions."""

    id: str
    title: str | Text
    make_params: Callable[[np.random.Generator], Any]
    questions: Sequence[Question]
    describe: Callable[[Any], str | Text] = lambda params: repr(params)

    @property
    def total_points(self) -> float:
        return float(sum(q.points for q in self.questions))

    def question(self, key: str) -> Question:
        for q in self.questions:
            if q.key == key:
                return q
        raise KeyError(key)


_REGISTRY: dict[str, ExerciseSpec] = {}
_SESSIONS: dict[str, Exercise] = {}


def register(spec: ExerciseSpec) -> ExerciseSpec:
    """Register (or replace) an exercise; question keys must be ``"<id>.<name>"``."""
    for q in spec.questions:
        if not q.key.startswith(spec.id + "."):
            raise ValueError(f"question key must start with {spec.id + '.'!r}, got {q.key!r}")
    for q in spec.questions:
        if isinstance(q.points, bool) or not isinstance(q.points, (int, float)) or not (
                math.isfinite(q.points) and q.points > 0):
            raise ValueError(f"points of {q.key} must be a number > 0, got {q.points!r}")
    keys = [q.key for q in spec.questions]
    if len(set(keys)) != len(keys):
        raise ValueError(f"question keys of {spec.id} must be unique, got {keys}")
    _REGISTRY[spec.id] = spec
    _SESSIONS.pop(spec.id, None)
    return spec


def exercise_spec(exercise_id: str) -> ExerciseSpec:
    """The registered exercise ``exercise_id`` (importing its module on first use)."""
    if exercise_id not in _REGISTRY and exercise_id in EXERCISE_MODULES:
        importlib.import_module(EXERCISE_MODULES[exercise_id])
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        known = ", ".join(sorted(set(_REGISTRY) | set(EXERCISE_MODULES)))
        raise ValueError(text("error.choice", name="exercise", options=known,
                              value=repr(exercise_id))) from None


def get_question(key: str) -> Question:
    """The question ``key`` such as ``"ex03.q2"``."""
    if not isinstance(key, str) or "." not in key:
        raise ValueError(text("check.key_format", name="key", example="'ex03.q2'",
                              value=repr(key)))
    spec = exercise_spec(key.split(".", 1)[0])
    try:
        return spec.question(key)
    except KeyError:
        keys = ", ".join(q.key for q in spec.questions)
        raise ValueError(text("error.choice", name="key", options=keys, value=repr(key))) from None


def student_rng(exercise_id: str, student_id: str) -> np.random.Generator:
    """Random generator derived from the student id (stable across runs and machines).

    ``hashlib`` (not ``hash()``, which is salted per process) maps the id to a seed.
    """
    digest = hashlib.sha256(f"clvteach:{exercise_id}:{student_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _check_student_id(student_id: Any) -> str:
    if student_id is Ellipsis or student_id is None:
        student_id = ""
    if not isinstance(student_id, (str, int)) or isinstance(student_id, bool):
        raise TypeError(text("check.student_id_type", name="STUDENT_ID", example='"2024123456"',
                             type=type(student_id).__name__))
    given = str(student_id).strip()
    if given.lower() in _PLACEHOLDER_IDS:
        raise ValueError(text("check.student_id_unset", name="STUDENT_ID",
                              example='STUDENT_ID = "2024123456"'))
    if not STUDENT_ID_PATTERN.fullmatch(given):
        raise ValueError(text("check.student_id_malformed", name="STUDENT_ID",
                              value=repr(given[:50])))
    return given


class Exercise:
    """One student's instance of an exercise: the personalised ``params`` for that id."""

    def __init__(self, spec: ExerciseSpec, student_id: str):
        self.spec = spec
        self.id = spec.id
        self.student_id = student_id
        rng = student_rng(spec.id, student_id)
        self.params = spec.make_params(rng)

    @property
    def questions(self) -> list[str]:
        return [q.key for q in self.spec.questions]

    def __repr__(self) -> str:
        return (text("check.exercise_header", title=localise(self.spec.title),
                     student=self.student_id)
                + "\n" + localise(self.spec.describe(self.params)))


def start(exercise_id: str, *, student_id: Any) -> Exercise:
    """Start exercise ``exercise_id`` for ``student_id``; ``ct.check`` then uses this id."""
    student = _check_student_id(student_id)
    spec = exercise_spec(exercise_id)
    session = Exercise(spec, student)
    _SESSIONS[spec.id] = session
    return session


def check(key: str, answer: Any) -> None:
    """Check ``answer`` to question ``key`` for the student of the running exercise.

    Prints a one-line success message, or raises :class:`NotAnswered` (placeholder left)
    or :class:`WrongAnswer` with a hint. The expected value is never shown.
    """
    __tracebackhide__ = True
    question = get_question(key)
    if _is_placeholder(answer):
        raise NotAnswered(text("check.not_answered", question=key, hint=localise(question.hint)))
    exercise_id = key.split(".", 1)[0]
    session = _SESSIONS.get(exercise_id)
    if session is None:
        raise WrongAnswer(text(
            "check.start_first", question=key, name="STUDENT_ID",
            call=f"ex = ct.exercises.start({exercise_id!r}, student_id=STUDENT_ID)"))
    try:
        question.judge(answer, session.params, question.target(session.params))
    except Diagnosis as why:
        raise WrongAnswer(f"{key}: {why}" if _current_language() == "en"
                          else f"{key}：{why}") from None
    # One write, so the line never reaches the notebook split in two stream outputs.
    sys.stdout.write(text("check.passed", question=key, success=question.success_text(),
                          points=_points(question.points),
                          total=_points(session.spec.total_points)) + "\n")


def _current_language() -> str:
    from ..settings import get_language

    return get_language()


def _points(value: float) -> str:
    """``"1 point"``, ``"2.5 points"`` (``"1 分"`` in Chinese)."""
    return text("check.points_one" if value == 1 else "check.points", n=f"{value:g}")
