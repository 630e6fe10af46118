"""Gamma-Gamma (ct.models.GammaGamma) and CLV from BG/NBD + Gamma-Gamma."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import approx_fprime

from clvteach.models import BetaGeo, ConvergenceError, GammaGamma

from test_models_data import cdnow_summary

BG_PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(scope="module")
def cdnow():
    return cdnow_summary()


@pytest.fixture(scope="module")
def repeat(cdnow):
    return cdnow[cdnow["frequency"] > 0]


@pytest.fixture(scope="module")
def fitted(repeat):
    return GammaGamma().fit(repeat["frequency"], repeat["monetary"])


def test_golden_cdnow_estimates(fitted, repeat):
    # Source: Fader & Hardie (2013), "The Gamma-Gamma model of monetary value"
    # (brucehardie.com/notes/025), CDNOW sample, 946 repeat customers, mean spend per
    # repeat transaction in weeks 1-39: p = 6.25, q = 3.74, gamma = 15.44 (also in
    # Fader, Hardie & Lee 2005, JMR 42(4)). Published to 2 decimals: tolerance 0.005.
    assert len(repeat) == 946
    assert fitted.params_["p"] == pytest.approx(6.25, abs=0.005)
    assert fitted.params_["q"] == pytest.approx(3.74, abs=0.005)
    assert fitted.params_["v"] == pytest.approx(15.44, abs=0.005)
    # implied population mean spend p*gamma/(q-1), about 35 USD per transaction
    assert fitted.mean_spend() == pytest.approx(6.25 * 15.44 / 2.74, rel=2e-3)


def test_gradient_is_consistent_with_the_likelihood(repeat):
    # a fit started away from the optimum lands on the same point: the analytic
    # gradient drives the search, so an error in it would stall or move the optimum
    far = GammaGamma().fit(repeat["frequency"], repeat["monetary"],
                           initial_params={"p": 0.3, "q": 20.0, "v": 500.0})
    near = GammaGamma().fit(repeat["frequency"], repeat["monetary"])
    for k in ("p", "q", "v"):
        assert far.params_[k] == pytest.approx(near.params_[k], rel=1e-5)


def test_likelihood_maximum_is_a_stationary_point(fitted, repeat):
    # numerical gradient of the log-likelihood at the fitted parameters is ~0
    x, m = repeat["frequency"].to_numpy(float), repeat["monetary"].to_numpy()

    def ll(log_theta):
        p, q, g = np.exp(log_theta)
        from scipy.special import gammaln
        return np.sum(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g)
                      + (p * x - 1) * np.log(m) + p * x * np.log(x)
                      - (p * x + q) * np.log(g + m * x))

    z = np.log([fitted.params_[k] for k in ("p", "q", "v")])
    assert ll(z) == pytest.approx(fitted.log_likelihood_, rel=1e-12)
    np.testing.assert_allclose(approx_fprime(z, ll, 1e-6), 0, atol=1e-2)


def test_conditional_spend_shrinks_towards_the_population_mean(fitted):
    pop = fitted.mean_spend()
    few, many = fitted.conditional_expected_spend([1, 50], [100.0, 100.0])
    assert pop < many < 100.0 and pop < few < many  # more data, more weight on own mean
    assert fitted.conditional_expected_spend([0], [0.0])[0] == pytest.approx(pop)
    # closed form check for customer 1 of the CDNOW spreadsheet (x = 2, m_x = 22.35)
    p, q, g = (fitted.params_[k] for k in ("p", "q", "v"))
    assert fitted.conditional_expected_spend(2, 22.35)[0] == pytest.approx(
        p * (g + 2 * 22.35) / (2 * p + q - 1))


def test_parameter_recovery_on_simulated_spend():
    rng = np.random.default_rng(5)
    p, q, g = 4.0, 3.0, 20.0
    n = 5000
    x = rng.integers(1, 12, n)
    nu = rng.gamma(q, 1 / g, n)
    mean_spend = rng.gamma(p * x, 1 / nu) / x  # sum of x Gamma(p, nu) values, averaged
    model = GammaGamma().fit(x, mean_spend)
    assert model.params_["p"] == pytest.approx(p, rel=0.1)
    assert model.params_["q"] == pytest.approx(q, rel=0.15)
    assert model.params_["v"] == pytest.approx(g, rel=0.2)


@pytest.mark.parametrize(
    ("args", "exc", "match"),
    [
        (([1, 2], [10.0, 0.0]), ValueError, "monetary must be > 0 for repeat customers"),
        (([0, 2], [0.0, 5.0]), ValueError, "fit the Gamma-Gamma model on repeat customers"),
        (([1, 2], [1.0]), ValueError, "must have the same length"),
        (([1.5], [1.0]), ValueError, "frequency must be whole numbers"),
        (([1], [-3.0]), ValueError, r"monetary values must be in \[0, inf\)"),
    ],
)
def test_bad_input_is_a_clear_error(args, exc, match):
    with pytest.raises(exc, match=match):
        GammaGamma().fit(*args)


def test_q_below_one_has_no_mean_and_says_so():
    model = GammaGamma.from_params(p=2.0, q=0.8, v=10.0)
    with pytest.raises(ValueError, match="q must be > 1"):
        model.conditional_expected_spend([1], [10.0])


def test_identical_spends_raise_convergence_error():
    # every customer spends exactly the same: no heterogeneity to estimate
    with pytest.raises(ConvergenceError, match="Gamma-Gamma fit failed"):
        GammaGamma().fit([1, 2, 3, 4], [10.0, 10.0, 10.0, 10.0])


# ----------------------------------------------------------------------------- CLV
@pytest.fixture(scope="module")
def bgnbd():
    return BetaGeo.from_params(**BG_PUBLISHED)


def test_clv_without_discounting_telescopes_to_spend_times_purchases(fitted, bgnbd):
    x, t_x, big_t, m = [2, 0, 7], [30.43, 0.0, 29.43], [38.86, 38.86, 38.86], [22.35, 0, 73.74]
    clv = fitted.customer_lifetime_value(bgnbd, x, t_x, big_t, m, periods=12,
                                         period_length=52 / 12, discount_rate=0.0)
    expected = fitted.conditional_expected_spend(x, m) * bgnbd.conditional_expected_purchases(
        52, x, t_x, big_t)
    np.testing.assert_allclose(clv, expected, rtol=1e-10)


def test_clv_falls_with_discount_rate_and_grows_with_horizon(fitted, bgnbd):
    args = ([2], [30.43], [38.86], [22.35])
    kw = {"period_length": 52 / 12}
    low = fitted.customer_lifetime_value(bgnbd, *args, periods=12, discount_rate=0.01, **kw)
    high = fitted.customer_lifetime_value(bgnbd, *args, periods=12, discount_rate=0.05, **kw)
    longer = fitted.customer_lifetime_value(bgnbd, *args, periods=24, discount_rate=0.01, **kw)
    assert high[0] < low[0] < longer[0]
    half = fitted.customer_lifetime_value(bgnbd, *args, periods=12, discount_rate=0.01,
                                          margin=0.5, **kw)
    assert half[0] == pytest.approx(low[0] / 2)


def test_clv_bad_arguments_are_clear_errors(fitted, bgnbd):
    args = ([2], [30.43], [38.86], [22.35])
    with pytest.raises(TypeError, match="transaction_model must be a fitted BetaGeo"):
        fitted.customer_lifetime_value("bg", *args, periods=1, period_length=1,
                                       discount_rate=0.1)
    with pytest.raises(ValueError, match=r"discount_rate must be in \[0, inf\), got -0.1"):
        fitted.customer_lifetime_value(bgnbd, *args, periods=1, period_length=1,
                                       discount_rate=-0.1)
    with pytest.raises(TypeError, match="periods must be an integer"):
        fitted.customer_lifetime_value(bgnbd, *args, periods=1.5, period_length=1,
                                       discount_rate=0.1)
