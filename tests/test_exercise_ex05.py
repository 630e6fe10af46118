"""Exercise 05 (probabilistic CLV): personalised data, diagnosed mistakes, plot check.

No kernels: the notebooks themselves are covered by nbval and tests/test_grading.py.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach import exercises as cx  # noqa: E402
from clvteach.exercises import ex05_probabilistic_clv as ex05  # noqa: E402


@pytest.fixture
def demo():
    return cx.start("ex05", student_id="demo")


def _hint(key, answer):
    with pytest.raises(cx.WrongAnswer) as info:
        ct.check(key, answer)
    return str(info.value)


def test_every_student_gets_a_fittable_cohort_and_a_customer_of_their_own():
    seen = set()
    for i in range(60):
        p = cx.start("ex05", student_id=f"2024{i:03d}").params
        n = np.asarray(p.alive)
        assert n[0] == p.cohort_size and (np.diff(n) <= 0).all() and n[-1] < n[0]
        assert p.calibration_end in ex05.CALIBRATION_ENDS
        row = ex05.cdnow_split(p.calibration_end).loc[p.customer_id]
        assert row["frequency"] >= 2
        assert 0.2 < ex05.p_alive(p) < 0.9
        seen.add((p.alive, p.calibration_end, p.customer_id))
    assert len(seen) == 60


def test_right_answers_pass_for_the_demo_student(demo, capsys):
    p = demo.params
    sbg = ct.models.ShiftedBetaGeo(period="month").fit(p.alive)
    ct.check("ex05.q1", sbg.params_)
    months = np.arange(1, p.projection_months + 1)
    table = pd.DataFrame({"month": months, "survival": sbg.survival(months),
                          "retention": sbg.retention_rate(months),
                          "expected_alive": p.cohort_size * sbg.survival(months)})
    ct.check("ex05.q2", table)
    monthly = ct.annual_to_period_rate(p.annual_discount_rate, period="month")
    ct.check("ex05.q4", sbg.residual_value(margin=p.monthly_fee * p.margin,
                                           discount_rate=monthly, renewals=p.renewals))
    assert capsys.readouterr().out.count("✓") == 3


def test_sbg_parameter_mistakes_are_diagnosed(demo):
    p = demo.params
    fitted = ct.models.ShiftedBetaGeo(period="month").fit(p.alive).params_
    assert _hint("ex05.q1", {"alpha": fitted["beta"], "beta": fitted["alpha"]}).endswith(
        "alpha and beta are swapped")
    lost = -np.diff(p.alive)
    assert "ALIVE at the start" in _hint(
        "ex05.q1", ct.models.ShiftedBetaGeo(period="month").fit(lost).params_)
    assert "keep the cohort size" in _hint(
        "ex05.q1", ct.models.ShiftedBetaGeo(period="month").fit(p.alive[1:]).params_)
    assert "simulated from" in _hint("ex05.q1", {"alpha": p.true_alpha, "beta": p.true_beta})
    assert "expected a dict" in _hint("ex05.q1", (fitted["alpha"], fitted["beta"]))
    assert "missing 'beta'" in _hint("ex05.q1", {"alpha": fitted["alpha"]})
    with pytest.raises(cx.NotAnswered):
        ct.check("ex05.q1", {"alpha": ..., "beta": ...})
    message = _hint("ex05.q1", {"alpha": 1.0, "beta": 1.0})
    assert f"{fitted['alpha']:.2f}" not in message and f"{fitted['beta']:.2f}" not in message


def test_survival_table_mistakes_are_diagnosed(demo):
    p = demo.params
    right = ex05.survival_table(p)
    constant = ex05.survival_table(p, constant=True)
    assert "constant retention" in _hint("ex05.q2", right.assign(survival=constant["survival"]))
    assert "off by one" in _hint("ex05.q2", right.assign(
        survival=ex05.survival_table(p, shift=-1)["survival"]))
    assert "churn rate" in _hint("ex05.q2", right.assign(retention=1 - right["retention"]))
    assert "cohort size" in _hint("ex05.q2", right.assign(expected_alive=right["survival"]))
    assert "off by one" in _hint("ex05.q2", right.iloc[:-1])


def test_unit_and_model_mistakes_are_diagnosed(demo):
    p = demo.params
    # these mistakes make a difference for the demo student (not skipped as equal)
    assert "per YEAR" in _hint("ex05.q4", ex05.residual_value(
        p, discount_rate=p.annual_discount_rate))
    assert "constant-retention formula" in _hint("ex05.q4", ex05._constant_value(
        p, float(ex05._sbg(p.alive).retention_rate(1)[0])))
    assert "renewed" in _hint("ex05.q4", ex05.residual_value(p, renewals=0))
    assert "time unit is the week" in _hint("ex05.q8", ex05.expected_purchases(
        p, weeks=p.forecast_months))
    assert "P(alive), a probability" in _hint("ex05.q8", ex05.p_alive(p))
    assert "complement" in _hint("ex05.q6", 1 - ex05.p_alive(p))
    assert "notebook's 1997-09-30" in _hint("ex05.q6", ex05.p_alive(
        p, calibration_end=ex05.NOTEBOOK_CALIBRATION_END))
    assert "shrinks it" in _hint("ex05.q9", float(ex05._row(p)["monetary"]))
    assert "revenue is not profit" in _hint("ex05.q10", ex05.clv(p, margin=1.0))
    assert "compound" in _hint("ex05.q10", ex05.clv(p, discount_rate=p.annual_discount_rate / 12))


def test_sbg_value_beats_the_constant_formula_and_matches_it_without_heterogeneity(demo):
    p = demo.params
    r1 = float(ex05._sbg(p.alive).retention_rate(1)[0])
    assert ex05.residual_value(p) > ex05._constant_value(p, r1)
    # the exercise's conventions reduce to notebook 03's formula for identical customers
    same = ct.models.ShiftedBetaGeo.from_params(alpha=2e5, beta=8e5, period="month")
    d = ex05.monthly_rate(p.annual_discount_rate)
    assert same.residual_value(margin=p.monthly_margin, discount_rate=d) == pytest.approx(
        p.monthly_margin * 0.8 / (1 + d - 0.8), rel=1e-4)


def _survival_axes(p, *, model=True, observed=True, labels=True, counts=False, constant=False):
    sbg = ex05._sbg(p.alive)
    t = np.arange(p.projection_months + 1)
    _, ax = plt.subplots()
    if model:
        ax.plot(t, sbg.survival(t) * (p.cohort_size if counts else 1))
    if constant:
        ax.plot(t, sbg.retention_rate(1)[0] ** t, ":")
    if observed:
        ax.plot(np.arange(len(p.alive)), np.array(p.alive) / p.cohort_size, "o")
    if labels:
        ax.set_xlabel("month")
        ax.set_ylabel("share active")
    return ax


def test_survival_plot_is_checked_through_its_artists(demo, capsys):
    p = demo.params
    ct.check("ex05.q5", _survival_axes(p, constant=True))
    # the library's own plot passes as well
    sbg = ex05._sbg(p.alive)
    ct.check("ex05.q5", ct.plot_sbg_survival(sbg, p.alive, periods=p.projection_months,
                                             constant_retention=float(sbg.retention_rate(1)[0])))
    # observed shares drawn with scatter count too
    ax = _survival_axes(p, observed=False)
    ax.scatter(np.arange(len(p.alive)), np.array(p.alive) / p.cohort_size)
    ct.check("ex05.q5", ax)
    assert capsys.readouterr().out.count("✓ ex05.q5") == 3
    assert "numbers of customers" in _hint("ex05.q5", _survival_axes(p, counts=True))
    assert "constant-retention curve" in _hint(
        "ex05.q5", _survival_axes(p, model=False, constant=True))
    assert "observed shares" in _hint("ex05.q5", _survival_axes(p, observed=False))
    assert "label both axes" in _hint("ex05.q5", _survival_axes(p, labels=False))
    assert "expected the matplotlib Axes" in _hint("ex05.q5", [1, 2])
