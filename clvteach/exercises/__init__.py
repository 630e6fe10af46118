"""Self-checking exercises: personalised questions, ``ct.check``, generator and grader.

Students::

    STUDENT_ID = "2024123456"
    ex = ct.exercises.start("ex03", student_id=STUDENT_ID)   # this student's numbers
    answer = ...                                              # the student's answer
    ct.check("ex03.q2", answer)                               # ✓ or a hint

Authors write ``solutions/*.ipynb`` (solution code between ``### BEGIN SOLUTION`` and
``### END SOLUTION``) and run ``clvteach exercises`` (:mod:`.generate`); instructors run
``clvteach grade`` (:mod:`.grade`), which judges against the grading key in the
instructor's ``instructor/key/`` (:mod:`.key`; never part of the student release). How to
declare a question, its points, learning goal and key entry: :mod:`._core`.
"""
from __future__ import annotations

from . import _core
from ._core import *  # noqa: F403
from .goals import goal_map

__all__ = [*_core.__all__, "goal_map"]
