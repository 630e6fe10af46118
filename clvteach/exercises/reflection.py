"""Written reflections (素养目标): a rubric shown to the student, scored by the instructor.

``ct.check`` on a reflection only makes sure something was written (long enough to be
read against the rubric) and shows the rubric; it never judges the content and never
reports a reflection as wrong. ``make check`` lists it as "to be scored by the instructor",
outside the count of auto-checked questions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..i18n import text
from ._core import Diagnosis, Question

__all__ = ["ReflectionQuestion", "word_count"]


def word_count(text: str) -> int:
    """Words in English text plus Chinese characters (one each)."""
    chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
    words = len(re.findall(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", text))
    return chinese + words


@dataclass(frozen=True, kw_only=True)
class ReflectionQuestion(Question):
    """A short written answer, scored by the instructor against ``rubric``."""

    rubric: tuple[str, ...] = ()
    rubric_zh: tuple[str, ...] = ()
    min_words: int = 40
    kind: str = "reflection"

    def success_text(self) -> str:
        if self.success is not None:
            return super().success_text()
        return text("check.reflection.success")

    def target(self, params: Any) -> Any:
        return None

    def rubric_text(self, lang: str | None = None) -> str:
        """The rubric as a numbered list in ``lang`` (default: the current language)."""
        if lang is None:
            from ..settings import get_language

            lang = get_language()
        items = self.rubric_zh if lang == "zh" and self.rubric_zh else self.rubric
        return "\n".join(f"  {i}. {item}" for i, item in enumerate(items, start=1))

    def judge(self, answer: Any, params: Any, target: Any) -> None:
        if not isinstance(answer, str):
            raise Diagnosis(text("check.reflection.not_text"))
        n = word_count(answer)
        if n < self.min_words:
            raise Diagnosis(text("check.reflection.too_short", min_words=self.min_words, count=n))
