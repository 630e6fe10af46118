"""Grading key, exercise 06 (instructor only: never released, not installed)."""
from clvteach.exercises import ex06_new_firm as ex
from clvteach.exercises.key import PLOT, Answer

STATEMENT_KINDS = ['delivered', 'perceived', 'delivered', 'perceived', 'delivered', 'perceived']
PATTERNS = ['early_abortion', 'early_exit', 'midterm_abortion', 'long_term_retention', 'early_exit', 'early_abortion']
STRATEGY = {"high_value": "vip_care", "growth": "develop", "watch": "defend",
            "low_value": "low_cost"}
METRICS = ['csat', 'nps', 'clv', 'clv', 'csat', 'nps']
# Reflections are scored by the instructor against the rubric shown to the student; the key
# holds an exemplary answer (for the instructor), never a target to match.
MODEL_L1 = ("For Zhenxuan Coffee I would invest in the deterioration stage of gold-star members "
            "like Xiao Lin: a CRM alert when visits fall, a personal call and a free-delivery "
            "coupon. It costs little against a member's lifetime value, and even if she does not "
            "come back she keeps recommending the brand, so the relationship still pays off.")
MODEL_L2 = ("I would move low-value customers of the coffee chain, with low current and low "
            "potential value, to self-service ordering instead of stopping service: they still "
            "get fair value, and staff time goes to growth customers. The risk is misjudging a "
            "new customer, so I would re-check the segments every quarter with fresh data.")

KEY = {
    "ex06.q1": Answer(lambda p: STATEMENT_KINDS[p.statement]),
    "ex06.q2": Answer(lambda p: PATTERNS[p.pattern_story]),
    "ex06.q3": Answer(lambda p: p.boundaries, hidden=False),
    "ex06.q4": PLOT,
    "ex06.q5": ex.rfm_cell,
    "ex06.q6": ex.nps,
    "ex06.q7": ex.csat,
    "ex06.q8": Answer(lambda p: METRICS[p.metric_question]),
    "ex06.q9": ex.current_value,
    "ex06.q10": ex.clv_cac,
    "ex06.q11": Answer(ex.segment, hidden=False),
    "ex06.q12": Answer(lambda p: STRATEGY[ex.segment(p)], hidden=False),
    "ex06.q13": Answer(lambda p: MODEL_L1, hidden=False),
    "ex06.q14": Answer(lambda p: MODEL_L2, hidden=False),
}
HIDDEN_IDS = ("hidden-06c1e2",)
