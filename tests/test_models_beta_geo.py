"""BG/NBD (ct.models.BetaGeo): golden values from the paper, likelihood, predictions, errors."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import approx_fprime

from clvteach.models import BetaGeo, ConvergenceError, simulate_beta_geo
from clvteach.models.beta_geo import _as_summary, _compress, _Likelihood

from test_models_data import cdnow_summary

PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(scope="module")
def cdnow():
    return cdnow_summary()


@pytest.fixture(scope="module")
def fitted(cdnow):
    return BetaGeo(time_unit="week").fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


def test_golden_cdnow_estimates(fitted):
    # Source: Fader, Hardie & Lee (2005), "Counting your customers the easy way",
    # Marketing Science 24(2), Sec. 5: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
    # LL = -9582.4. Published to 3 decimals (LL to 1): tolerance half a unit of the last digit.
    for name, value in PUBLISHED.items():
        assert fitted.params_[name] == pytest.approx(value, abs=5e-4), name
    assert fitted.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    assert fitted.n_customers_ == 2357


def test_golden_predictions_hardie_spreadsheet():
    # Source: Hardie's BG/NBD Excel implementation for CDNOW (values also used in the
    # lifetimes test suite, tests/test_estimation.py): customer 1 (x=2, t_x=30.43,
    # T=38.86) expects 1.226 purchases in the next 39 weeks; E[X(t)] of a new customer.
    model = BetaGeo.from_params(r=0.2426, alpha=4.4136, a=0.7929, b=2.4259)
    assert model.conditional_expected_purchases(39, 2, 30.43, 38.86)[0] == pytest.approx(
        1.226, abs=1e-3)
    times = [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00]
    expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    np.testing.assert_allclose(model.expected_purchases_new_customer(times), expected, atol=1e-3)


def test_cumulative_holdout_forecast_under_forecasts_by_4_percent(cdnow, fitted):
    # FHL 2005 Sec. 5 (tracking plot): at the end of the 39-week holdout (week 78) the
    # BG/NBD cumulative repeat-sales forecast is about 4% below the actual.
    # Actual: 2,457 calibration + 1,882 holdout repeat transactions in the data.
    assert cdnow["holdout_frequency"].sum() == 1882
    forecast = fitted.expected_purchases_new_customer(cdnow["T"] + 39).sum()
    shortfall = 1 - forecast / (2457 + 1882)
    assert 0.035 < shortfall < 0.045


def test_gradient_matches_finite_differences(cdnow):
    lik = _Likelihood(*_compress(*_as_summary(cdnow["frequency"], cdnow["recency"], cdnow["T"])))
    for theta in ([0.3, 5.0, 0.8, 2.5], [1.5, 20.0, 2.0, 0.7]):
        z = np.log(theta)
        numeric = approx_fprime(z, lambda q: lik.objective(q)[0], 1e-7)
        np.testing.assert_allclose(lik.objective(z)[1], numeric, rtol=1e-4, atol=1e-7)


def test_compressed_likelihood_equals_per_customer_sum(cdnow, fitted):
    per_customer = fitted.individual_log_likelihood(
        cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert per_customer.shape == (2357,)
    assert per_customer.sum() == pytest.approx(fitted.log_likelihood_, rel=1e-12)


def test_no_overflow_for_large_frequency_and_long_T():
    model = BetaGeo.from_params(**PUBLISHED)
    x = np.array([0, 1, 500, 5000, 20000])
    t_x = np.array([0, 1e4, 9e4, 9.9e4, 1e5])
    big_t = np.full(5, 1e5)
    ll = model.individual_log_likelihood(x, t_x, big_t)
    alive = model.probability_alive(x, t_x, big_t)
    assert np.all(np.isfinite(ll))
    assert np.all((alive >= 0) & (alive <= 1))
    assert alive[0] == 1.0
    # a heavy buyer silent for the last 10% of a long window is almost surely gone
    assert alive[3] < 1e-6


@settings(max_examples=60, deadline=None)
@given(
    x=st.integers(0, 300),
    frac=st.floats(0, 1),
    big_t=st.floats(0.5, 500),
    t=st.floats(0.1, 100),
)
def test_p_alive_is_a_probability_and_expectation_is_nonnegative(x, frac, big_t, t):
    model = BetaGeo.from_params(**PUBLISHED)
    t_x = frac * big_t if x > 0 else 0.0
    p = model.probability_alive(x, t_x, big_t)[0]
    assert 0.0 <= p <= 1.0
    e = model.conditional_expected_purchases(t, x, t_x, big_t)[0]
    assert e >= -1e-9


def test_a_equal_to_one_is_handled_as_a_limit():
    # (a+b+x-1)/(a-1) * [...] is 0/0 at a = 1; the value is continuous there
    at_one = BetaGeo.from_params(r=0.5, alpha=5, a=1.0, b=2.0)
    near = BetaGeo.from_params(r=0.5, alpha=5, a=1.001, b=2.0)
    for model_value, near_value in (
        (at_one.expected_purchases_new_customer(10)[0], near.expected_purchases_new_customer(10)[0]),
        (at_one.conditional_expected_purchases(10, 3, 20, 30)[0],
         near.conditional_expected_purchases(10, 3, 20, 30)[0]),
    ):
        assert np.isfinite(model_value)
        assert model_value == pytest.approx(near_value, rel=1e-2)


def test_p_alive_falls_with_time_since_last_purchase():
    model = BetaGeo.from_params(**PUBLISHED)
    p = model.probability_alive(4, [38, 30, 20, 10], 38.86)
    assert np.all(np.diff(p) < 0)


def test_parameter_recovery_on_simulated_data():
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.8, "b": 2.5}
    rng = np.random.default_rng(7)
    data = simulate_beta_geo(20000, **truth, T=rng.uniform(26, 39, 20000), seed=11)
    model = BetaGeo().fit(data["frequency"], data["recency"], data["T"])
    for name, value in truth.items():
        assert model.params_[name] == pytest.approx(value, rel=0.15), name


def test_simulation_is_deterministic_given_seed():
    a = simulate_beta_geo(100, **PUBLISHED, T=39, seed=3)
    b = simulate_beta_geo(100, **PUBLISHED, T=39, seed=3)
    assert a.equals(b)
    assert (a["recency"] <= a["T"]).all()
    assert ((a["frequency"] == 0) == (a["recency"] == 0)).all()


def test_probability_alive_grid_shape_and_values():
    model = BetaGeo.from_params(**PUBLISHED)
    grid = model.probability_alive_grid(T=38.86, max_frequency=10, n_recency=5)
    assert grid.shape == (5, 11)
    assert (grid[0] == 1.0).all()  # no repeat purchase: alive by assumption
    assert grid.loc[38.86, 10] > 0.9 > grid.loc[0.0, 10]


@pytest.mark.parametrize(
    ("args", "exc", "match"),
    [
        (([1, 2], [3, 1], [2, 5]), ValueError, r"recency must be <= T, got recency 3 > T 2"),
        (([1.5], [1], [2]), ValueError, "frequency must be whole numbers"),
        (([-1], [0], [2]), ValueError, r"frequency values must be in \[0, inf\)"),
        (([0], [1], [2]), ValueError, "recency must be 0 when frequency is 0"),
        (([1, 2], [1, 1, 1], [2, 2]), ValueError, "must have the same length"),
        ((["a"], [1], [2]), TypeError, "frequency must be a sequence of numbers"),
        (([1, np.nan], [1, 1], [2, 2]), ValueError, "frequency must not contain NaN"),
        (([0, 0], [0, 0], [2, 2]), ValueError, "at least one repeat purchase"),
        (([1], [0], [0]), ValueError, "T must be > 0 to fit"),
    ],
)
def test_bad_input_is_a_clear_error(args, exc, match):
    with pytest.raises(exc, match=match):
        BetaGeo().fit(*args)


def test_unfitted_model_and_bad_params_are_clear_errors():
    with pytest.raises(RuntimeError, match="not fitted yet"):
        BetaGeo().probability_alive(1, 1, 2)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, inf\), got -1"):
        BetaGeo.from_params(r=1, alpha=-1, a=1, b=1)


def test_degenerate_data_raises_convergence_error_not_nan():
    # everybody bought once more at the very end: no sign of dropout or of rate
    # heterogeneity, so the likelihood has no interior maximum
    with pytest.raises(ConvergenceError, match="BG/NBD fit failed.*ran off"):
        BetaGeo().fit([1, 1, 1], [10, 10, 10], [10, 10, 10])
