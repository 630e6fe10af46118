"""Grading key, exercise 00 (instructor only: never released, not installed)."""
from clvteach.exercises import ex00_warm_up as ex
from clvteach.exercises.key import PLOT

KEY = {
    "ex00.q1": lambda p: 12 * p.monthly_fee,
    "ex00.q2": lambda p: float(sum(p.visits)),
    "ex00.q3": ex._table,
    "ex00.q4": lambda p: float(p.orders["amount"].mean()),
    "ex00.q5": lambda p: float((p.orders["amount"] > p.threshold).sum()),
    "ex00.q6": PLOT,
    "ex00.q7": ex._delivered,
}
HIDDEN_IDS = ("hidden-00a7f1",)
