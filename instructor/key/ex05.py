"""Grading key, exercise 05 (instructor only: never released, not installed)."""
from clvteach.exercises import ex05_probabilistic_clv as ex
from clvteach.exercises.key import PLOT, Answer

KEY = {
    "ex05.q1": ex.sbg_params,
    "ex05.q2": ex.survival_table,
    "ex05.q3": Answer(lambda p: "heterogeneity"),
    "ex05.q4": ex.residual_value,
    "ex05.q5": PLOT,
    "ex05.q6": ex.p_alive,
    "ex05.q7": Answer(lambda p: "assumption"),
    "ex05.q8": ex.expected_purchases,
    "ex05.q9": ex.expected_spend,
    "ex05.q10": ex.clv,
}
HIDDEN_IDS = ("hidden-e05b7c",)
