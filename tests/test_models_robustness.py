"""Models: non-identified fits detected, standard errors, extreme inputs, P(X(t) = n).

Reference values of the extreme cases come from arbitrary-precision arithmetic (mpmath,
60 digits) evaluating the published formulas directly.
"""
from __future__ import annotations

import warnings

import mpmath as mp
import numpy as np
import pytest

from clvteach.models import BetaGeo, ConvergenceError, GammaGamma, ShiftedBetaGeo
from clvteach.models import IdentificationWarning
from clvteach.models._base import check_identified

from test_models_data import cdnow_summary

mp.mp.dps = 60


@pytest.fixture(scope="module")
def cdnow():
    return cdnow_summary()


@pytest.fixture(scope="module")
def fitted(cdnow):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the published fit is identified: no warning
        return BetaGeo().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


# ----------------------------------------------------------- non-identified fits
@pytest.mark.parametrize("n_customers", [20, 50])
def test_bgnbd_on_a_few_cdnow_customers_is_not_identified(cdnow, n_customers):
    # a and b collapse towards 0 together (a point mass at p = 0 and p = 1): the
    # likelihood is flat along that direction, so the fit must not be returned
    s = cdnow.iloc[:n_customers]
    with pytest.raises(ConvergenceError, match=r"not identified.*a, b together"):
        BetaGeo().fit(s["frequency"], s["recency"], s["T"])


def test_bgnbd_on_two_customers_raises():
    with pytest.raises(ConvergenceError, match="BG/NBD"):
        BetaGeo().fit([2, 1], [30, 10], [38, 38])


def test_sbg_with_everyone_leaving_at_once_is_not_identified():
    with pytest.raises(ConvergenceError, match=r"sBG fit is not identified.*alpha=1\.\d+e\+04"):
        ShiftedBetaGeo().fit([1000, 0, 0, 0])


def test_ill_conditioned_hessian_warns_and_singular_raises():
    theta, names = np.array([1.0, 2.0]), ("p1", "p2")
    with pytest.warns(IdentificationWarning, match="weakly identified.*p2"):
        check_identified(np.diag([1.0, 1e-5]), theta, names=names, model="M", n=10)
    with pytest.raises(ConvergenceError, match=r"flat along p2.*condition number 1e\+07"):
        check_identified(np.diag([1.0, 1e-7]), theta, names=names, model="M", n=10)
    with pytest.raises(ConvergenceError, match="not finite"):
        check_identified(np.diag([1.0, np.nan]), theta, names=names, model="M", n=10)
    cov = check_identified(np.diag([4.0, 1.0]), theta, names=names, model="M", n=10)
    np.testing.assert_allclose(cov, np.diag([1 / 40, 1 / 10]))


# ----------------------------------------------------------- standard errors
def test_bgnbd_standard_errors_match_lifetimes_on_cdnow(fitted):
    # lifetimes' quick-start summary of BetaGeoFitter on the same CDNOW summary (Wald
    # intervals from the inverse Hessian), printed to 2 decimals: r 0.24 (se 0.01,
    # 0.22-0.27), alpha 4.41 (0.38, 3.67-5.15), a 0.79 (0.19, 0.43-1.16), b 2.43 (0.71,
    # 1.03-3.82). Estimates and standard errors agree to the printed digits; lifetimes'
    # numerical Hessian gives b a standard error about 0.005 larger, hence its bounds
    # of b differ from ours (1.043-3.808) by ~0.01.
    published = {"r": (0.24, 0.01, 0.22, 0.27), "alpha": (4.41, 0.38, 3.67, 5.15),
                 "a": (0.79, 0.19, 0.43, 1.16), "b": (2.43, 0.71, 1.03, 3.82)}
    table = fitted.confidence_intervals(level=0.95, scale="natural")
    for name, row in published.items():
        got = table.loc[name, ["estimate", "se", "lower", "upper"]].to_numpy()
        np.testing.assert_allclose(got[:2], row[:2], atol=0.005 + 1e-9, err_msg=name)
        np.testing.assert_allclose(got[2:], row[2:], atol=0.015, err_msg=name)
    assert fitted.params_se_["alpha"] == pytest.approx(0.3782, abs=5e-4)


def test_log_scale_intervals_are_positive_and_contain_the_estimate(fitted):
    table = fitted.confidence_intervals(level=0.9)
    assert list(table.columns) == ["estimate", "se", "lower", "upper"]
    assert (table["lower"] > 0).all()
    assert (table["lower"] < table["estimate"]).all() and (table["estimate"] < table["upper"]).all()
    # symmetric on the log scale
    np.testing.assert_allclose(table["estimate"] / table["lower"], table["upper"] / table["estimate"])
    narrow = fitted.confidence_intervals(level=0.5)
    assert (narrow["upper"] < table["upper"]).all()


def test_gamma_gamma_and_sbg_have_standard_errors(cdnow):
    repeat = cdnow[cdnow["frequency"] > 0]
    gg = GammaGamma().fit(repeat["frequency"], repeat["monetary"])
    assert set(gg.params_se_) == {"p", "q", "v"}
    assert all(0 < se < gg.params_[k] for k, se in gg.params_se_.items())
    # sBG: counts, not percentages, determine the uncertainty (10x the customers,
    # about 1/sqrt(10) of the standard error)
    counts = [1000, 631, 468, 382, 326, 289, 262, 241]
    small = ShiftedBetaGeo().fit(counts)
    big = ShiftedBetaGeo().fit([10 * c for c in counts])
    for k in ("alpha", "beta"):
        assert big.params_se_[k] == pytest.approx(small.params_se_[k] / np.sqrt(10), rel=1e-3)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"level": 1.0}, "level"), ({"level": 0}, "level"), ({"scale": "probit"}, "scale"),
])
def test_confidence_interval_options_are_validated(fitted, kwargs, match):
    with pytest.raises(ValueError, match=match):
        fitted.confidence_intervals(**kwargs)


def test_standard_errors_need_a_fit():
    model = BetaGeo.from_params(r=0.24, alpha=4.4, a=0.8, b=2.4)
    with pytest.raises(RuntimeError, match="call fit"):
        model.params_se_  # noqa: B018


# ----------------------------------------------------------- extreme inputs
def _conditional_expected_purchases_mp(t, x, t_x, big_t, r, alpha, a, b):
    """FHL (2005) eq. 10 times P(alive), in 60-digit arithmetic."""
    r, alpha, a, b, x, t_x, big_t, t = map(mp.mpf, (r, alpha, a, b, x, t_x, big_t, t))
    z = t / (alpha + big_t + t)
    alive_part = (a + b + x - 1) / (a - 1) * (
        1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x)
        * mp.hyp2f1(r + x, b + x, a + b + x - 1, z))
    alive = 1 if x == 0 else 1 / (1 + a / (b + x - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x))
    return alive_part * alive


def test_extreme_case_from_the_issue_is_finite_and_exact():
    model = BetaGeo.from_params(r=5, alpha=2, a=3, b=40)
    got = model.conditional_expected_purchases(520, 200, 39, 39)[0]
    want = _conditional_expected_purchases_mp(520, 200, 39, 39, 5, 2, 3, 40)
    assert got == pytest.approx(float(want), rel=1e-8)
    # one hard entry must not spoil a batch
    batch = model.conditional_expected_purchases(520, [200, 2, 0], [39, 10, 0], 39)
    assert np.all(np.isfinite(batch))
    assert batch[0] == pytest.approx(float(want), rel=1e-8)


def test_predictions_agree_with_arbitrary_precision_on_hard_cases():
    rng = np.random.default_rng(20261201)
    for i in range(40):
        a = rng.uniform(0.05, 10)
        # every third case: r - a a whole number, where scipy's hyp2f1 returns NaN
        r = a + int(rng.integers(0, 5)) if i % 3 == 0 else rng.uniform(0.1, 10)
        alpha, b = rng.uniform(0.5, 50), rng.uniform(0.05, 60)
        x = int(rng.integers(0, 3000))
        big_t = rng.uniform(1, 100)
        t_x = rng.uniform(0, big_t) if x else 0.0
        t = rng.uniform(0.1, 1000)
        want = _conditional_expected_purchases_mp(t, x, t_x, big_t, r, alpha, a, b)
        got = BetaGeo.from_params(r=r, alpha=alpha, a=a, b=b).conditional_expected_purchases(
            t, x, t_x, big_t)[0]
        if want < 1e-300:  # below the smallest double: only the absolute error counts
            assert got < 1e-290
        else:
            assert got == pytest.approx(float(want), rel=1e-8), (t, x, t_x, big_t, r, alpha, a, b)


# ----------------------------------------------------------- P(X(t) = n)
def _p_n_purchases_mp(t, n, r, alpha, a, b):
    """FHL (2005) eq. 8 as published (lifetimes' probability_of_n_purchases_up_to_time)."""
    r, alpha, a, b, t = map(mp.mpf, (r, alpha, a, b, t))
    q, s = alpha / (alpha + t), t / (alpha + t)
    first = (mp.beta(a, b + n) / mp.beta(a, b) * mp.gamma(r + n) / mp.gamma(r)
             / mp.factorial(n) * q ** r * s ** n)
    if n == 0:
        return first
    finite_sum = mp.fsum(mp.gamma(r + j) / mp.gamma(r) / mp.factorial(j) * s ** j
                         for j in range(n))
    return first + mp.beta(a + 1, b + n - 1) / mp.beta(a, b) * (1 - q ** r * finite_sum)


def test_probability_of_n_purchases_matches_the_published_formula_on_cdnow(fitted):
    p = fitted.params_
    n = np.arange(0, 16)
    for t in (1.0, 39.0, 78.0, 520.0):
        got = fitted.probability_of_n_purchases(t, n)
        want = [float(_p_n_purchases_mp(t, int(k), p["r"], p["alpha"], p["a"], p["b"]))
                for k in n]
        np.testing.assert_allclose(got, want, rtol=1e-9)


def test_probability_of_n_purchases_is_a_distribution_with_the_model_mean(fitted):
    n = np.arange(0, 4000)
    probs = fitted.probability_of_n_purchases(39, n)
    assert probs.sum() == pytest.approx(1.0, abs=1e-9)
    mean = (n * probs).sum()
    assert mean == pytest.approx(fitted.expected_purchases_new_customer(39)[0], rel=1e-8)
    # t and n pair up element by element; n = 0 at t = 0 is certain
    pairs = fitted.probability_of_n_purchases([0.0, 0.0, 10.0], [0, 1, 1])
    np.testing.assert_allclose(pairs[:2], [1.0, 0.0])
    assert pairs[2] == fitted.probability_of_n_purchases(10, 1)[0]


def test_probability_of_n_purchases_rejects_fractional_n(fitted):
    with pytest.raises(ValueError, match="n must be whole numbers"):
        fitted.probability_of_n_purchases(10, 1.5)


def test_clv_period_by_name_equals_explicit_period_length(cdnow, fitted):
    import clvteach as ct

    repeat = cdnow[cdnow["frequency"] > 0].head(50)
    gg = GammaGamma.from_params(p=6.25, q=3.74, v=15.44)
    args = (fitted, repeat["frequency"], repeat["recency"], repeat["T"], repeat["monetary"])
    by_length = gg.customer_lifetime_value(*args, periods=12, period_length=52 / 12,
                                           discount_rate=0.008)
    for period in ("month", ct.MONTH):
        by_name = gg.customer_lifetime_value(*args, periods=12, period=period,
                                             discount_rate=0.008)
        np.testing.assert_array_equal(by_name, by_length)
    with pytest.raises(TypeError, match="exactly one of period"):
        gg.customer_lifetime_value(*args, periods=12, discount_rate=0.008)
    with pytest.raises(TypeError, match="got both"):
        gg.customer_lifetime_value(*args, periods=12, period="month", period_length=4.0,
                                   discount_rate=0.008)
