"""Grading key, exercise 01 (instructor only: never released, not installed)."""
from clvteach.exercises.key import PLOT, Answer

# The value type of each case of CASES in clvteach.exercises.ex01_customer_value, in order (the student module holds digests only).
CASE_TYPES = ["functional", "functional", "trust", "trust", "trust", "social", "social",
              "epistemic", "epistemic", "epistemic", "aesthetic", "aesthetic",
              "self_actualisation", "self_actualisation"]


KEY = {
    "ex01.q1": Answer(lambda p: CASE_TYPES[p.case_a]),
    "ex01.q2": Answer(lambda p: CASE_TYPES[p.case_b]),
    "ex01.q3": lambda p: p.total_value,
    "ex01.q4": lambda p: p.total_cost,
    "ex01.q5": lambda p: p.total_value - p.total_cost,
    "ex01.q6": lambda p: p.total_value / p.total_cost,
    "ex01.q7": lambda p: "worth_it" if p.total_value > p.total_cost else "not_worth_it",
    "ex01.q8": lambda p: ("yours" if p.total_value - p.total_cost >= p.rival_value - p.rival_cost
                          else "rival"),
    "ex01.q9": PLOT,
}
HIDDEN_IDS = ("hidden-7f3a91",)
