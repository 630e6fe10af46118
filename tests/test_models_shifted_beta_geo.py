"""Shifted-beta-geometric (ct.models.ShiftedBetaGeo): golden values, DERL, Zhang San link."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import approx_fprime

from clvteach.models import ConvergenceError, ShiftedBetaGeo

# Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing
# 21(1), Table 1: customers alive at the start of years 1-8 of two cohorts of 1,000.
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.fixture(scope="module")
def regular():
    return ShiftedBetaGeo(period="year").fit(REGULAR)


@pytest.fixture(scope="module")
def high_end():
    return ShiftedBetaGeo(period="year").fit(HIGH_END)


def test_golden_estimates_regular_and_high_end(regular, high_end):
    # Source: Fader & Hardie (2007), J. Interactive Marketing 21(1), Sec. "Estimation":
    # regular alpha = 0.704, beta = 1.182; high end alpha = 0.668, beta = 3.806
    # (3 decimals: tolerance 5e-4). The same MLEs appear in public re-implementations:
    # pymc-marketing's sBG test (regular: beta = 1.182) and jdmaturen's
    # shifted_beta_geometric_py (high end: 0.668, 3.806).
    assert regular.params_["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert regular.params_["beta"] == pytest.approx(1.182, abs=5e-4)
    assert high_end.params_["alpha"] == pytest.approx(0.668, abs=5e-4)
    assert high_end.params_["beta"] == pytest.approx(3.806, abs=5e-4)


def test_high_end_projection_and_derl(high_end):
    # Projected survival of years 9-13 (t = 8..12) and DERL after 7 renewals at a 10%
    # discount rate for the high-end cohort, as printed in the README of
    # jdmaturen/shifted_beta_geometric_py: [0.460, 0.436, 0.414, 0.395, 0.378], 7.530.
    np.testing.assert_allclose(high_end.survival(np.arange(8, 13)),
                               [0.460, 0.436, 0.414, 0.395, 0.378], atol=5e-4)
    assert high_end.discounted_expected_residual_lifetime(
        discount_rate=0.10, renewals=7) == pytest.approx(7.530, abs=5e-4)


def test_model_reproduces_the_observed_survival(regular):
    observed = np.array(REGULAR) / 1000
    fitted = regular.survival(np.arange(8))
    assert fitted[0] == 1.0
    np.testing.assert_allclose(fitted, observed, atol=0.02)


def test_percentages_give_the_same_estimates(regular):
    pct = ShiftedBetaGeo().fit(np.array(REGULAR) / 10)
    for k in ("alpha", "beta"):
        assert pct.params_[k] == pytest.approx(regular.params_[k], rel=1e-5)
    assert pct.log_likelihood_ == pytest.approx(regular.log_likelihood_ / 10, rel=1e-6)


def test_log_likelihood_is_maximised_with_zero_gradient(regular):
    from scipy.special import betaln

    n = np.array(REGULAR, float)
    lost, t = -np.diff(n), np.arange(1, 8)

    def ll(log_theta):
        a, b = np.exp(log_theta)
        return (lost @ (betaln(a + 1, b + t - 1) - betaln(a, b))
                + n[-1] * (betaln(a, b + 7) - betaln(a, b)))

    z = np.log([regular.params_["alpha"], regular.params_["beta"]])
    assert ll(z) == pytest.approx(regular.log_likelihood_, rel=1e-12)
    np.testing.assert_allclose(approx_fprime(z, ll, 1e-7), 0, atol=1e-3)


def test_probabilities_are_consistent(regular):
    t = np.arange(1, 30)
    p = regular.churn_probability(t)
    s = regular.survival(t)
    np.testing.assert_allclose(1 - np.cumsum(p), s, rtol=1e-10)
    np.testing.assert_allclose(s / regular.survival(t - 1), regular.retention_rate(t),
                               rtol=1e-10)
    assert np.all(np.diff(regular.retention_rate(t)) > 0)  # rises: heterogeneity


def test_derl_equals_the_discounted_survival_series(regular):
    for renewals in (0, 4):
        k = np.arange(0, 3000)
        series = np.sum(regular.survival(renewals + k + 1) / regular.survival(renewals)
                        / 1.1 ** k)
        derl = regular.discounted_expected_residual_lifetime(
            discount_rate=0.1, renewals=renewals)
        assert derl == pytest.approx(series, rel=1e-8)


def test_zhang_san_constant_retention_is_the_homogeneous_limit():
    # Courseware worked example: margin 2400 x 60% = 1440 yuan/year, retention 0.8,
    # discount 10%/year. Constant retention (no heterogeneity) is the sBG limit with
    # alpha + beta -> infinity and beta/(alpha+beta) = 0.8:
    homogeneous = ShiftedBetaGeo.from_params(alpha=2e5, beta=8e5)
    assert homogeneous.residual_value(margin=1440, discount_rate=0.1) == pytest.approx(
        1440 * 0.8 / (1.1 - 0.8), rel=1e-4)  # 3840
    five_years = sum(1440 * 0.8 ** t / 1.1 ** t for t in range(1, 6))
    assert homogeneous.residual_value(margin=1440, discount_rate=0.1, horizon=5) == (
        pytest.approx(five_years, rel=1e-5))  # 3058.7 (courseware table: 3058)


def test_homogeneous_limit_equals_the_core_current_value():
    import clvteach as ct

    homogeneous = ShiftedBetaGeo.from_params(alpha=2e5, beta=8e5)
    for horizon in (5, None):
        core = ct.current_value(annual_revenue=2400, margin=0.60, retention=0.80,
                                discount_rate=0.10, horizon=horizon)
        assert homogeneous.residual_value(margin=1440, discount_rate=0.1,
                                          horizon=horizon) == pytest.approx(core, rel=1e-4)


def test_heterogeneous_cohort_with_same_first_year_retention_is_worth_more():
    # Notebook 05: Zhang San's 20% average churn, but churn propensities spread out
    # (theta ~ Beta(1, 4), mean 0.2): the cohort keeps 80% in year 1, then more.
    hetero = ShiftedBetaGeo.from_params(alpha=1.0, beta=4.0)
    np.testing.assert_allclose(hetero.retention_rate([1, 2, 3, 4]), [0.8, 5 / 6, 6 / 7, 7 / 8])
    # closed form: sum_t S(t) 1.1^-t with S(t) = 4 / (4 + t)
    t = np.arange(1, 2000)  # 1.1^-2000 < 1e-80: the tail is negligible
    closed = 1440 * np.sum(4 / (4 + t) / 1.1 ** t)
    assert hetero.residual_value(margin=1440, discount_rate=0.1) == pytest.approx(closed)
    assert round(hetero.residual_value(margin=1440, discount_rate=0.1)) == 5519
    assert round(hetero.residual_value(margin=1440, discount_rate=0.1, renewals=3)) == 7127
    assert round(hetero.residual_value(margin=1440, discount_rate=0.1, horizon=5)) == 3348


@pytest.mark.parametrize(
    ("alive", "exc", "match"),
    [
        ([1000], ValueError, "alive must have at least 2 values, got 1"),
        ([1000, 600, 700], ValueError, "alive must be non-increasing.*got 700 after 600"),
        ([0, 0, 0], ValueError, "alive must start with the cohort size > 0"),
        ([1000, -5], ValueError, r"alive values must be in \[0, inf\)"),
        ("1000", TypeError, "alive must be a sequence of numbers"),
    ],
)
def test_bad_cohort_is_a_clear_error(alive, exc, match):
    with pytest.raises(exc, match=match):
        ShiftedBetaGeo().fit(alive)


def test_bad_prediction_arguments_are_clear_errors(regular):
    with pytest.raises(ValueError, match="t must be whole numbers of periods"):
        regular.survival(1.5)
    with pytest.raises(ValueError, match=r"discount_rate must be in \(0, inf\), got 0"):
        regular.discounted_expected_residual_lifetime(discount_rate=0)
    with pytest.raises(TypeError, match="renewals must be an integer"):
        regular.residual_value(margin=1, discount_rate=0.1, renewals=1.5)
    with pytest.raises(RuntimeError, match="not fitted yet"):
        ShiftedBetaGeo().survival(1)


def test_nobody_leaves_is_a_clear_error():
    # no churn at all: the likelihood keeps rising as alpha -> 0, no finite maximum
    with pytest.raises(ValueError, match="at least one customer leaving.*got 100 alive"):
        ShiftedBetaGeo().fit([100, 100, 100, 100])


def test_failed_optimisation_raises_convergence_error(monkeypatch):
    # whatever makes the optimiser fail, the user gets ConvergenceError, never NaN
    import scipy.optimize

    class Failed:
        x = np.array([np.nan, np.nan])
        fun = np.nan
        jac = np.array([np.nan, np.nan])
        message = "simulated failure"
        success = False

    monkeypatch.setattr(scipy.optimize, "minimize", lambda *a, **k: Failed())
    with pytest.raises(ConvergenceError, match="sBG fit failed.*simulated failure"):
        ShiftedBetaGeo().fit(REGULAR)
