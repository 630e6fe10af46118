"""Grading key, exercise 02 (instructor only: never released, not installed)."""
import numpy as np

from clvteach import lifecycle
from clvteach.exercises import ex02_customer_lifecycle as ex
from clvteach.exercises.key import PLOT, Answer

# The process of each KPI and the stage of each episode, in the order of ex.KPIS/ex.EPISODES.
KPI_PROCESS = ["reach", "reach", "reach", "acquisition", "acquisition", "win_back", "win_back"]
EPISODE_STAGE = ["exploration", "exploration", "formation", "formation", "stability",
                 "deterioration"]
STAGE_STRATEGY = {"exploration": "lower_threshold", "formation": "cross_sell",
                  "stability": "loyalty_programme", "deterioration": "win_back"}


def _stage_asked(p):
    """The stage of month p.ask_month: the four-stage curve's model, kept sealed in params."""
    return next(s for s in ex.STAGES if p.stage.matches(s))


KEY = {
    "ex02.q1": Answer(lambda p: KPI_PROCESS[p.kpi]),
    "ex02.q2": Answer(lambda p: EPISODE_STAGE[p.episode]),
    "ex02.q3": PLOT,
    "ex02.q4": Answer(lambda p: int(np.argmax(p.spend)) + 1),
    "ex02.q5": Answer(_stage_asked),
    "ex02.q6": ex.window_sum,
    "ex02.q7": Answer(lambda p: lifecycle.classify_pattern(list(p.other)).pattern),
    "ex02.q8": Answer(lambda p: STAGE_STRATEGY[p.strategy_stage]),
}
HIDDEN_IDS = ("hidden-2c81d0",)
