"""Tests that kill surviving mutants of clvteach/models/*.py (``make mutation``, issue 17).

Published values (Fader & Hardie 2007 for the sBG) and closed forms checked at points
where a changed constant or operator gives a different number.
"""
from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import clvteach as ct

from clvteach.models import (
    BetaGeo,
    ConvergenceError,
    GammaGamma,
    IdentificationWarning,
    ShiftedBetaGeo,
)


def test_sbg_expected_lifetime_closed_form_and_heavy_tail():
    # (alpha + beta - 1) / (alpha - 1) = (3 + 2 - 1) / (3 - 1) = 2 periods
    assert ShiftedBetaGeo.from_params(alpha=3.0, beta=2.0).expected_lifetime() == 2.0
    # alpha <= 1: mean lifetime infinite (alpha = 1 exactly is the boundary)
    assert ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0).expected_lifetime() == math.inf
    assert ShiftedBetaGeo.from_params(alpha=1.5, beta=2.0).expected_lifetime() == pytest.approx(5.0)


def test_sbg_repr_names_the_period():
    assert "period='month'" in repr(ShiftedBetaGeo(period="month"))


# --------------------------------------------------------------------------- sBG
# Fader & Hardie (2007), Table 1: the "regular" cohort of 1,000 customers
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


@pytest.fixture(scope="module")
def regular():
    return ShiftedBetaGeo(period="year").fit(REGULAR)


def test_sbg_fits_shares_of_one_customer_as_well_as_counts(regular):
    # the cohort may be given as shares (alive[0] = 1.0): only a start of 0 is refused
    shares = ShiftedBetaGeo().fit([x / 1000 for x in REGULAR])
    assert shares.params_["alpha"] == pytest.approx(regular.params_["alpha"], rel=1e-4)
    with pytest.raises(ValueError, match=r"^alive\b") as err:
        ShiftedBetaGeo().fit([0, 5, 5])
    # the message quotes the cohort size received (0), not a later count
    assert re.search(r"\b0\b", str(err.value)) and not re.search(r"\b5\b", str(err.value))


def test_sbg_refuses_a_cohort_that_grows_by_less_than_one():
    with pytest.raises(ValueError, match=r"^alive\b") as err:
        ShiftedBetaGeo().fit([1.0, 0.5, 0.8])
    assert "0.8" in str(err.value)


def test_sbg_refuses_a_cohort_without_churn_naming_alive():
    with pytest.raises(ValueError, match=r"^alive\b") as err:
        ShiftedBetaGeo().fit([100, 100, 100])
    assert "100" in str(err.value)


@pytest.mark.parametrize("alive", [[10, 0], [100, 100, 90]])
def test_sbg_churn_only_at_one_end_is_a_convergence_problem_not_bad_input(alive):
    # all customers gone after one period, or churn seen only in the last period: valid
    # data (alive[1] may be 0, alive[1] may equal alive[0]) whose likelihood has no
    # interior maximum; the error names the model
    with pytest.raises(ConvergenceError, match="sBG") as err:
        ShiftedBetaGeo().fit(alive)
    if alive[1] == 0:  # not identified: the message counts the observations
        assert re.search(r"\b10\b", str(err.value))


def test_sbg_geometric_cohort_warns_naming_the_model():
    with pytest.warns(IdentificationWarning, match="sBG"):
        ShiftedBetaGeo().fit([100, 50, 25, 12.5, 6.25])


def test_sbg_fit_records_periods_log_likelihood_and_standard_errors(regular):
    assert regular.n_periods_ == 7
    # LL = sum_t lost_t ln P(T = t) + n_m ln S(m), evaluated at the estimates
    n = np.array(REGULAR, dtype=float)
    t = np.arange(1, 8)
    ll = (-np.diff(n)) @ np.log(regular.churn_probability(t)) + n[-1] * np.log(
        regular.survival(7)[0])
    assert regular.log_likelihood_ == pytest.approx(ll, rel=1e-9)
    assert regular.log_likelihood_ < 0
    se = regular.params_se_
    assert 0 < se["alpha"] < 0.2 and 0 < se["beta"] < 0.5


def test_sbg_initial_params_are_used_and_checked(regular):
    started = ShiftedBetaGeo().fit(REGULAR, initial_params={"alpha": 0.7, "beta": 1.2})
    assert started.params_["alpha"] == pytest.approx(regular.params_["alpha"], rel=1e-4)
    with pytest.raises(ValueError, match=r"^alpha\b") as err:
        ShiftedBetaGeo().fit(REGULAR, initial_params={"alpha": -1.0, "beta": 1.2})
    assert "-1" in str(err.value)


@pytest.mark.parametrize("name", ["alpha", "beta"])
def test_sbg_from_params_refuses_non_positive_and_infinite_values(name):
    good = {"alpha": 1.0, "beta": 2.0}
    for bad in (0.0, math.inf):
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            ShiftedBetaGeo.from_params(**{**good, name: bad})


@pytest.mark.parametrize("method", ["survival", "churn_probability", "retention_rate"])
def test_sbg_periods_below_the_first_are_refused_naming_t(method):
    model = ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0)
    low = 0 if method == "survival" else 1
    getattr(model, method)(low)  # the lowest period is accepted
    with pytest.raises(ValueError, match=r"^t\b"):
        getattr(model, method)(low - 1)
    with pytest.raises(ValueError, match=r"^t\b"):
        getattr(model, method)(1.5)


def _derl_by_sum(model, d, n, terms=80):
    # DERL = sum_{t>=1} S(n+t)/S(n) / (1+d)^(t-1)   (payment at the next renewal undiscounted)
    t = np.arange(1, terms + 1)
    return float(np.sum(model.survival(n + t) / model.survival(n)[0] / (1 + d) ** (t - 1)))


def test_sbg_derl_matches_its_series_for_a_high_discount_rate():
    # d = 3 (a rate per period above 100 %): 1/(1+d) = 0.25 is far from the other
    # arguments a changed formula would give (0.5 or -0.5), which hyp2f1 also accepts
    model = ShiftedBetaGeo.from_params(alpha=0.7, beta=1.2)
    for n in (0, 2):
        derl = model.discounted_expected_residual_lifetime(discount_rate=3.0, renewals=n)
        assert derl == pytest.approx(_derl_by_sum(model, 3.0, n), rel=1e-10)
    assert model.discounted_expected_residual_lifetime(discount_rate=3.0) == \
        model.discounted_expected_residual_lifetime(discount_rate=3.0, renewals=0)


def test_sbg_derl_of_a_nearly_homogeneous_cohort_after_renewals():
    # alpha, beta in the millions: hyp2f1 gives NaN and the series is summed instead; the
    # cohort is homogeneous (retention r = 0.75) whatever the renewals, so
    # DERL = r / (1 - r / (1 + d))
    model = ShiftedBetaGeo.from_params(alpha=1e6, beta=3e6)
    for n in (0, 3):
        derl = model.discounted_expected_residual_lifetime(discount_rate=0.1, renewals=n)
        assert derl == pytest.approx(0.75 / (1 - 0.75 / 1.1), rel=1e-5)


@pytest.mark.parametrize("method", ["discounted_expected_residual_lifetime", "residual_value"])
def test_sbg_value_arguments_are_checked_by_name(method):
    model = ShiftedBetaGeo.from_params(alpha=0.7, beta=1.2)
    call = getattr(model, method)
    base = {"discount_rate": 0.1} | ({"margin": 100.0} if method == "residual_value" else {})
    with pytest.raises(ValueError, match=r"^discount_rate\b"):
        call(**{**base, "discount_rate": 0.0})
    with pytest.raises(ValueError, match=r"^renewals\b"):
        call(**base, renewals=-1)
    with pytest.raises(TypeError, match=r"^renewals\b"):
        call(**base, renewals=1.5)


def test_sbg_residual_value_over_a_horizon_after_renewals():
    model = ShiftedBetaGeo.from_params(alpha=0.7, beta=1.2)
    # V = margin sum_{t=1}^{H} S(n+t)/S(n) / (1+d)^t
    t = np.arange(1, 6)
    expected = 100 * np.sum(model.survival(2 + t) / model.survival(2)[0] / 1.1 ** t)
    assert model.residual_value(margin=100, discount_rate=0.1, renewals=2, horizon=5) == \
        pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match=r"^horizon\b"):
        model.residual_value(margin=100, discount_rate=0.1, horizon=0)
    with pytest.raises(TypeError, match=r"^horizon\b"):
        model.residual_value(margin=100, discount_rate=0.1, horizon=2.5)


# --------------------------------------------------------------------------- Gamma-Gamma
GG = GammaGamma.from_params(p=6.25, q=3.74, v=15.44)  # Fader, Hardie & Lee (2005), CDNOW
BG = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)  # same paper, weeks


def test_gg_population_mean_and_conditional_spend():
    # E(Z) = p v / (q - 1); E(M | x, m) = p (v + m x) / (p x + q - 1)
    assert GG.mean_spend() == pytest.approx(6.25 * 15.44 / 2.74)
    got = GG.conditional_expected_spend([0, 2], [0.0, 30.0])
    assert got[0] == pytest.approx(GG.mean_spend())
    assert got[1] == pytest.approx(6.25 * (15.44 + 60) / (12.5 + 2.74))


def test_gg_q_of_one_has_no_finite_mean():
    flat = GammaGamma.from_params(p=2.0, q=1.0, v=10.0)
    with pytest.raises(ValueError, match=r"^q\b") as err:
        flat.mean_spend()
    assert "1" in str(err.value)
    with pytest.raises(ValueError, match=r"^q\b"):
        flat.conditional_expected_spend([1], [10.0])


@pytest.mark.parametrize("name", ["p", "q", "v"])
def test_gg_from_params_refuses_bad_values_by_name(name):
    good = {"p": 1.0, "q": 2.0, "v": 3.0}
    for bad in (0.0, math.inf):
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            GammaGamma.from_params(**{**good, name: bad})


def test_gg_spend_input_errors_name_the_argument_and_position():
    with pytest.raises(ValueError, match=r"^frequency\b") as err:
        GG.conditional_expected_spend([1, 2, 3], [1.0, 2.0])
    assert "3" in str(err.value) and "2" in str(err.value)
    with pytest.raises(ValueError, match=r"^frequency\b") as err:
        GG.conditional_expected_spend([1, 1.5], [1.0, 2.0])
    assert "1.5" in str(err.value) and "position 1" in str(err.value)
    with pytest.raises(ValueError, match=r"^monetary\b") as err:
        GG.conditional_expected_spend([0, 2], [0.0, 0.0])
    assert "position 1" in str(err.value)
    with pytest.raises(ValueError, match=r"^frequency\b") as err:
        GammaGamma().fit([2, 0, 3], [10.0, 0.0, 12.0])
    assert "position 1" in str(err.value)
    for name, args in [("frequency", ([-1], [1.0])), ("monetary", ([1], [-1.0]))]:
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            GG.conditional_expected_spend(*args)


def test_gg_fit_records_customers_and_log_likelihood():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 6, 300)
    m = rng.gamma(4.0, 10.0, 300)
    fitted = GammaGamma().fit(x, m)
    assert fitted.n_customers_ == 300 and fitted.log_likelihood_ < 0
    again = GammaGamma().fit(x, m, initial_params=fitted.params_)
    assert again.params_["p"] == pytest.approx(fitted.params_["p"], rel=1e-4)
    assert again.log_likelihood_ == pytest.approx(fitted.log_likelihood_, rel=1e-9)
    with pytest.raises(ValueError, match=r"^q\b"):
        GammaGamma().fit(x, m, initial_params={"p": 1.0, "q": -2.0, "v": 1.0})


def test_gg_clv_is_the_discounted_sum_of_expected_purchases():
    # two customers, 3 monthly periods of 52/12 weeks, 1 % a month, margin 0.3
    x, t_x, T, m = np.array([2, 0]), np.array([30.0, 0.0]), np.array([39.0, 39.0]), \
        np.array([20.0, 0.0])
    clv = GG.customer_lifetime_value(BG, x, t_x, T, m, periods=3, period="month",
                                     discount_rate=0.01, margin=0.3)
    step = 52 / 12
    cum = [BG.conditional_expected_purchases(k * step, x, t_x, T) if k else np.zeros(2)
           for k in range(4)]
    want = 0.3 * GG.conditional_expected_spend(x, m) * sum(
        (cum[k] - cum[k - 1]) / 1.01 ** k for k in (1, 2, 3))
    np.testing.assert_allclose(clv, want, rtol=1e-12)
    same = GG.customer_lifetime_value(BG, x, t_x, T, m, periods=3, period_length=step,
                                      discount_rate=0.01, margin=0.3)
    np.testing.assert_allclose(same, clv, rtol=1e-12)


def test_gg_clv_arguments_are_checked_by_name():
    args = ([1], [5.0], [10.0], [20.0])
    call = dict(periods=2, period="month", discount_rate=0.01)
    with pytest.raises(TypeError, match=r"^transaction_model\b") as err:
        GG.customer_lifetime_value("bg", *args, **call)
    assert "str" in str(err.value)
    for name, bad, exc in [("periods", 0, ValueError), ("periods", 1.5, TypeError),
                           ("discount_rate", -0.1, ValueError), ("margin", -1.0, ValueError),
                           ("margin", math.inf, ValueError)]:
        with pytest.raises(exc, match=rf"^{name}\b"):
            GG.customer_lifetime_value(BG, *args, **{**call, name: bad})
    with pytest.raises(ValueError, match=r"^period_length\b"):
        GG.customer_lifetime_value(BG, *args, periods=2, period_length=0.0, discount_rate=0.01)
    with pytest.raises(TypeError, match=r"\bboth\b"):
        GG.customer_lifetime_value(BG, *args, **call, period_length=4.0)
    with pytest.raises(TypeError, match=r"\bneither\b"):
        GG.customer_lifetime_value(BG, *args, periods=2, discount_rate=0.01)


def test_gg_currency_is_checked_and_shown():
    assert "currency='yuan'" in repr(GammaGamma(currency="yuan"))
    with pytest.raises(TypeError, match=r"^currency\b"):
        GammaGamma(currency="")


# --------------------------------------------------------------------------- shared machinery
def test_standard_errors_and_intervals_follow_the_log_scale(regular):
    se_log = np.sqrt(np.diag(regular.log_cov_))
    est = np.array([regular.params_["alpha"], regular.params_["beta"]])
    assert list(regular.params_se_.values()) == pytest.approx(est * se_log, rel=1e-12)
    z = 1.959963984540054
    ci = regular.confidence_intervals()
    assert ci.columns.tolist() == ["estimate", "se", "lower", "upper"]
    assert ci.index.tolist() == ["alpha", "beta"] and ci.index.name == "parameter"
    np.testing.assert_allclose(ci["lower"], est * np.exp(-z * se_log), rtol=1e-9)
    np.testing.assert_allclose(ci["upper"], est * np.exp(z * se_log), rtol=1e-9)
    wald = regular.confidence_intervals(level=0.9, scale="natural")
    z90 = 1.6448536269514722
    np.testing.assert_allclose(wald["lower"], est - z90 * est * se_log, rtol=1e-9)
    np.testing.assert_allclose(wald["upper"], est + z90 * est * se_log, rtol=1e-9)
    np.testing.assert_allclose(wald["se"], est * se_log, rtol=1e-12)


def test_interval_options_and_unfitted_models_are_clear_errors(regular):
    for bad in (0.0, 1.0):
        with pytest.raises(ValueError, match=r"^level\b"):
            regular.confidence_intervals(level=bad)
    with pytest.raises(ValueError, match=r"^scale\b") as err:
        regular.confidence_intervals(scale="wide")
    assert "'wide'" in str(err.value)
    unfitted = ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0)  # no Hessian
    with pytest.raises(RuntimeError, match="ShiftedBetaGeo"):
        unfitted.params_se_
    with pytest.raises(RuntimeError, match="ShiftedBetaGeo"):
        ShiftedBetaGeo().survival(1)


def test_model_repr_before_and_after_fitting(regular):
    assert repr(ShiftedBetaGeo()) == "ShiftedBetaGeo(period='year', not fitted)"
    a, b = regular.params_["alpha"], regular.params_["beta"]
    assert repr(regular) == f"ShiftedBetaGeo(alpha={a:.4g}, beta={b:.4g}; period='year')"


def test_not_identified_message_names_the_flat_direction_and_the_data():
    with pytest.raises(ConvergenceError) as err:
        ShiftedBetaGeo().fit([10, 0])
    message = str(err.value)
    # the model, the parameters moving together, the threshold and the data size
    assert "sBG" in message and "alpha, beta" in message and "1e+06" in message
    assert re.search(r"\b10\b", message)
    with pytest.warns(IdentificationWarning) as record:
        ShiftedBetaGeo().fit([100, 50, 25, 12.5, 6.25])
    warning = str(record[0].message)
    assert "sBG" in warning and "alpha, beta" in warning and "1e+04" in warning


def test_gg_one_of_period_or_length_message_names_both_and_the_unit():
    with pytest.raises(TypeError) as err:
        GG.customer_lifetime_value(BG, [1], [5.0], [10.0], [20.0], periods=2,
                                   discount_rate=0.01)
    message = str(err.value)
    assert "period_length" in message and "'month'" in message and "week" in message


def test_gg_mean_spend_boundary_and_defaults():
    assert GammaGamma.from_params(p=1.0, q=1.5, v=2.0).mean_spend() == pytest.approx(4.0)
    with pytest.raises(ValueError, match=r"^q\b") as err:
        GammaGamma.from_params(p=1.0, q=0.5, v=2.0).mean_spend()
    assert "0.5" in str(err.value)
    assert "currency='USD'" in repr(GammaGamma.from_params(p=1.0, q=2.0, v=1.0))


def test_sbg_period_errors_quote_the_values_and_renewals_are_whole():
    model = ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0)
    with pytest.raises(ValueError, match=r"^t\b") as err:
        model.survival([1, 1.5])
    assert "1.5" in str(err.value)
    with pytest.raises(TypeError, match=r"^renewals\b"):
        model.residual_value(margin=10.0, discount_rate=0.1, renewals=1.5, horizon=3)


# --------------------------------------------------------------------------- BG/NBD
def test_bg_new_customer_expectation_refuses_negative_time():
    assert BG.expected_purchases_new_customer(0.0)[0] == 0.0
    with pytest.raises(ValueError, match=r"^t\b"):
        BG.expected_purchases_new_customer(-1.0)


def test_bg_alive_grid_axes_and_values():
    grid = BG.probability_alive_grid(T=39.0, max_frequency=3)
    assert grid.shape == (40, 4)  # 40 recency values by default, frequency 0..3
    assert grid.index.name == "recency" and grid.columns.name == "frequency"
    assert grid.columns.tolist() == [0, 1, 2, 3] and grid.columns.dtype.kind == "i"
    assert grid.index[0] == 0.0 and grid.index[-1] == 39.0
    assert (grid[0] == 1.0).all()  # no repeat purchase: alive for sure in BG/NBD
    # one repeat purchase: the later it was, the likelier the customer is alive
    expected = BG.probability_alive(np.ones(40), grid.index.to_numpy(), np.full(40, 39.0))
    np.testing.assert_allclose(grid[1], expected)
    assert grid[1].is_monotonic_increasing and grid[1].iloc[0] < grid[1].iloc[-1]
    assert BG.probability_alive_grid(T=39.0, max_frequency=1, n_recency=2).shape == (2, 2)


@pytest.mark.parametrize("kwargs, name, exc", [
    (dict(max_frequency=0), "max_frequency", ValueError),
    (dict(max_frequency=1.5), "max_frequency", TypeError),
    (dict(max_frequency=2, n_recency=1), "n_recency", ValueError),
])
def test_bg_alive_grid_arguments_are_checked_by_name(kwargs, name, exc):
    with pytest.raises(exc, match=rf"^{name}\b"):
        BG.probability_alive_grid(T=39.0, **kwargs)


def test_bg_probability_of_n_purchases_checks_t_by_name():
    assert BG.probability_of_n_purchases(0.0, 0)[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"^t\b"):
        BG.probability_of_n_purchases(-1.0, 1)


def test_simulate_beta_geo_arguments_and_short_windows():
    from clvteach.models import simulate_beta_geo

    params = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    short = simulate_beta_geo(50, **params, T=0.5, seed=1)  # half a time unit is fine
    assert short.columns.tolist() == ["frequency", "recency", "T"]
    assert (short["T"] == 0.5).all() and (short["recency"] <= 0.5).all()
    rng = np.random.default_rng(7)
    same = simulate_beta_geo(20, **params, T=30.0, seed=np.random.default_rng(7))
    pd.testing.assert_frame_equal(simulate_beta_geo(20, **params, T=30.0, seed=rng), same)
    with pytest.raises(ValueError, match=r"^n_customers\b"):
        simulate_beta_geo(0, **params, T=30.0, seed=1)
    for name in ("r", "alpha", "a", "b"):
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            simulate_beta_geo(5, **{**params, name: 0.0}, T=30.0, seed=1)
    with pytest.raises(ValueError, match=r"^T\b"):
        simulate_beta_geo(5, **params, T=-1.0, seed=1)


def test_gg_log_likelihood_is_the_published_formula_at_the_estimates():
    # Fader & Hardie (2013), eq. 3, summed over customers at the fitted p, q, v
    from scipy.special import gammaln

    rng = np.random.default_rng(0)
    x = rng.integers(1, 6, 300).astype(float)
    m = rng.gamma(4.0, 10.0, 300)
    fit = GammaGamma().fit(x, m)
    p, q, g = fit.params_["p"], fit.params_["q"], fit.params_["v"]
    ll = np.sum(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g)
                + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))
    assert fit.log_likelihood_ == pytest.approx(ll, rel=1e-9)


def test_gg_conditional_spend_needs_q_above_one_only():
    model = GammaGamma.from_params(p=2.0, q=1.5, v=10.0)
    # p (v + m x) / (p x + q - 1) with x = 1, m = 20: 2 x 30 / 2.5 = 24
    assert model.conditional_expected_spend([1], [20.0])[0] == pytest.approx(24.0)
    with pytest.raises(ValueError, match=r"^q\b") as err:
        GammaGamma.from_params(p=2.0, q=0.5, v=10.0).conditional_expected_spend([1], [20.0])
    assert "0.5" in str(err.value)


@pytest.mark.parametrize("t, n, name, exc", [
    (math.inf, 1, "t", ValueError), (5.0, -1, "n", ValueError), (5.0, math.inf, "n", ValueError),
    (5.0, 1.5, "n", ValueError),
])
def test_bg_probability_of_n_purchases_arguments_by_name(t, n, name, exc):
    with pytest.raises(exc, match=rf"^{name}\b") as err:
        BG.probability_of_n_purchases(t, n)
    if n == 1.5:
        assert "1.5" in str(err.value)


def test_bg_probability_of_n_purchases_at_zero_time_and_sums_to_one():
    # nothing can happen in no time; over 10 weeks the probabilities of 0..200 sum to 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no floating-point warning for the student
        at_zero = BG.probability_of_n_purchases(0.0, [0, 1, 2])
    np.testing.assert_allclose(at_zero, [1.0, 0, 0], atol=1e-15)
    assert BG.probability_of_n_purchases(10.0, np.arange(201)).sum() == pytest.approx(1.0)


def test_unidentified_fit_lists_the_estimates_readably():
    with pytest.raises(ConvergenceError) as err:
        ShiftedBetaGeo().fit([10, 0])
    assert re.search(r"alpha=[\d.e+]+, beta=", str(err.value))


def test_intervals_of_a_model_given_by_its_parameters_need_a_fit():
    with pytest.raises(RuntimeError, match="ShiftedBetaGeo"):
        ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0).confidence_intervals()


def test_bg_fit_on_large_data_goes_through_the_warm_start():
    # 21,000 distinct customers (> 4 x 5,000 rows): the fit starts from a subsample's
    # estimate; it must reach the same maximum as a fit started at that maximum
    from clvteach.models import simulate_beta_geo

    T = np.random.default_rng(1).uniform(20, 78, 21_000)
    d = simulate_beta_geo(21_000, r=0.243, alpha=4.414, a=0.793, b=2.426, T=T, seed=2)
    big = BetaGeo().fit(d["frequency"], d["recency"], d["T"])
    assert big.n_customers_ == 21_000
    assert big.params_["r"] == pytest.approx(0.243, rel=0.1)
    again = BetaGeo().fit(d["frequency"], d["recency"], d["T"], initial_params=big.params_)
    for k in ("r", "alpha", "a", "b"):
        assert again.params_[k] == pytest.approx(big.params_[k], rel=1e-5)
    with pytest.raises(ValueError, match=r"^alpha\b"):
        BetaGeo().fit(d["frequency"], d["recency"], d["T"],
                      initial_params={**big.params_, "alpha": -1.0})


def test_bg_fit_input_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"^T\b") as err:
        BetaGeo().fit([1, 0, 2], [5.0, 0.0, 3.0], [10.0, 0.0, 5.0])
    assert re.search(r"\b0\b", str(err.value)) and re.search(r"\b1\b", str(err.value))
    # windows shorter than one time unit are fine (the same data in units 100 times longer)
    from clvteach.models import simulate_beta_geo

    d = simulate_beta_geo(3000, r=0.243, alpha=4.414, a=0.793, b=2.426, T=39.0, seed=3)
    short = BetaGeo().fit(d["frequency"], d["recency"] / 100, d["T"] / 100)
    assert short.n_customers_ == 3000 and (d["T"] / 100 < 1).all()
    with pytest.raises(ValueError, match=r"^frequency\b"):
        BetaGeo().fit([0, 0], [0.0, 0.0], [10.0, 12.0])


def test_fit_transactions_equals_fitting_the_summary():
    # a small log: the models fitted on it equal the models fitted on its RFM summary
    from clvteach.models import simulate_beta_geo

    d = simulate_beta_geo(400, r=0.5, alpha=5.0, a=0.8, b=2.5, T=52.0, seed=4)
    start = pd.Timestamp("2024-01-01")
    rows = []
    rng = np.random.default_rng(5)
    for i, (x, t_x) in enumerate(zip(d["frequency"], d["recency"])):
        days = [0] + sorted(set(np.linspace(1, max(t_x * 7, 1), int(x)).round().astype(int)))
        mean_spend = rng.gamma(3.0, 10.0)  # customers differ in how much they spend
        rows += [(f"c{i}", start + pd.Timedelta(days=int(day)),
                  float(rng.gamma(6.0, mean_spend / 6.0))) for day in days]
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    log = ct.TransactionLog.from_frame(tx, amount_col="amount")
    summary = ct.rfm_summary(log, observation_end="2024-12-29", time_unit="W",
                             amount_col="amount")
    bg = BetaGeo(time_unit="week").fit_transactions(log, observation_end="2024-12-29")
    direct = BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])
    for k in ("r", "alpha", "a", "b"):
        assert bg.params_[k] == pytest.approx(direct.params_[k], rel=1e-6)
    assert repr(bg).startswith("BetaGeo(r=") and "time_unit='week'" in repr(bg)
    assert repr(BetaGeo(time_unit="day")) == "BetaGeo(time_unit='day', not fitted)"
    repeat = summary[summary["frequency"] > 0]
    gg = GammaGamma().fit_transactions(log, observation_end="2024-12-29")
    gg_direct = GammaGamma().fit(repeat["frequency"], repeat["monetary"])
    for k in ("p", "q", "v"):
        assert gg.params_[k] == pytest.approx(gg_direct.params_[k], rel=1e-6)
