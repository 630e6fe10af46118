"""Grading key, exercise 01 (instructor only: never released, not installed)."""
from clvteach.exercises.key import PLOT, Answer
from clvteach.exercises.value_cases import VALUE_CASES as CASES

# The value type of each case of clvteach.exercises.value_cases.VALUE_CASES (the student
# module holds salted digests only).
CASE_TYPES = {  # case id -> value type (clvteach.exercises.value_cases)
    'v01': 'functional',
    'v02': 'functional',
    'v03': 'functional',
    'v04': 'functional',
    'v05': 'functional',
    'v06': 'functional',
    'v07': 'trust',
    'v08': 'trust',
    'v09': 'trust',
    'v10': 'trust',
    'v11': 'trust',
    'v12': 'trust',
    'v13': 'social',
    'v14': 'social',
    'v15': 'social',
    'v16': 'social',
    'v17': 'social',
    'v18': 'social',
    'v19': 'epistemic',
    'v20': 'epistemic',
    'v21': 'epistemic',
    'v22': 'epistemic',
    'v23': 'epistemic',
    'v24': 'epistemic',
    'v25': 'aesthetic',
    'v26': 'aesthetic',
    'v27': 'aesthetic',
    'v28': 'aesthetic',
    'v29': 'aesthetic',
    'v30': 'aesthetic',
    'v31': 'self_actualisation',
    'v32': 'self_actualisation',
    'v33': 'self_actualisation',
    'v34': 'self_actualisation',
    'v35': 'self_actualisation',
    'v36': 'self_actualisation',
}


KEY = {
    "ex01.q1": Answer(lambda p: CASE_TYPES[CASES[p.case_a].id]),
    "ex01.q2": Answer(lambda p: CASE_TYPES[CASES[p.case_b].id]),
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
