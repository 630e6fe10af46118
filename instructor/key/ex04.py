"""Grading key, exercise 04 (instructor only: never released, not installed)."""
from clvteach.exercises import ex04_clv_analysis_steps as ex
from clvteach.exercises.key import PLOT, Answer

# The analysis step of each task of ex.TASKS, in order.
TASK_STEP = ["collect", "compute", "invest", "invest", "segment", "strategy"]
SEGMENT_STRATEGY = {"high_value": "vip_care", "growth": "develop", "watch": "defend",
                    "low_value": "low_cost"}

KEY = {
    "ex04.q1": Answer(lambda p: TASK_STEP[p.task]),
    "ex04.q2": ex.ratio,
    "ex04.q3": Answer(ex.verdict),
    "ex04.q4": ex.payback,
    "ex04.q5": ex.segments,
    "ex04.q6": ex.top_share,
    "ex04.q7": Answer(lambda p: SEGMENT_STRATEGY[p.strategy_segment]),
    "ex04.q8": PLOT,
}
HIDDEN_IDS = ("hidden-41e7aa",)
