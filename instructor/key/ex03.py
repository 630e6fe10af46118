"""Grading key, exercise 03 (instructor only: never released, not installed)."""
from clvteach.exercises import ex03_clv_fundamentals as ex
from clvteach.exercises.key import PLOT, Answer

# How the current value moves when the student's factor goes up.
DIRECTIONS = {"discount_rate": "falls", "retention": "rises", "monthly_fee": "rises",
              "maintenance_cost": "falls", "horizon": "rises", "past_years": "unchanged"}

KEY = {
    "ex03.q1": ex.historical,
    "ex03.q2": ex.table,
    "ex03.q3": ex.current,
    "ex03.q4": ex.infinite,
    "ex03.q5": ex.upgrade,
    "ex03.q6": ex.referral,
    "ex03.q7": ex.total,
    "ex03.q8": Answer(lambda p: DIRECTIONS[p.factor]),
    "ex03.q9": PLOT,
}
HIDDEN_IDS = ("hidden-9d04be",)
