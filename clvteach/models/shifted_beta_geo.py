"""Shifted-beta-geometric (sBG) model of contractual retention.

Fader & Hardie (2007). In a contractual setting (subscriptions, memberships) the firm
sees every cancellation. Each customer renews at the end of every period with her own
constant probability :math:`1-\\theta` (churn probability :math:`\\theta`), and
:math:`\\theta \\sim \\mathrm{Beta}(\\alpha, \\beta)` across customers. Although each
individual's retention is constant, the *cohort's* retention rate rises over time: the
customers most likely to churn leave first (heterogeneity, not changing loyalty).

References
----------
.. [1] Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
   *Journal of Interactive Marketing* 21(1), 76-90.
.. [2] Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual
   setting: the perils of ignoring heterogeneity. *Marketing Science* 29(1), 85-93.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import betaln, digamma, hyp2f1

from .. import _validation as v
from ..units import Period, as_period
from ._base import StandardErrorsMixin, check_fitted, fit_log_params, identified_log_cov, model_repr

__all__ = ["ShiftedBetaGeo"]

_NAMES = ("alpha", "beta")


def _as_alive(alive: Any) -> np.ndarray:
    n = v.check_array("alive", alive, low=0, min_length=2, finite=True)
    if n[0] <= 0:
        raise ValueError(v.error_text("error.models.cohort_start", name="alive",
                                      value=f"{n[0]:g}"))
    rising = np.flatnonzero(np.diff(n) > 0)
    if rising.size:
        i = int(rising[0]) + 1
        raise ValueError(v.error_text("error.models.non_increasing", name="alive",
                                      value=f"{n[i]:g}", previous=f"{n[i - 1]:g}", position=i))
    return n


def _check_some_churn(n: np.ndarray) -> None:
    if n[-1] == n[0]:
        raise ValueError(v.error_text("error.models.no_churn", name="alive", value=f"{n[0]:g}"))


def _periods(name: str, t: Any, *, low: int) -> np.ndarray:
    arr = v.check_array(name, np.atleast_1d(t), low=low, finite=True)
    if (arr != np.round(arr)).any():
        raise ValueError(v.error_text("error.models.whole_periods", name=name,
                                      value=v.fmt_value(arr.tolist())))
    return arr


class ShiftedBetaGeo(StandardErrorsMixin):
    """Shifted-beta-geometric model of a contractual cohort [1]_.

    With churn probability :math:`\\theta \\sim \\mathrm{Beta}(\\alpha, \\beta)` ([1]_,
    eqs. 3-7):

    .. math::

        P(T = t) = \\frac{B(\\alpha + 1, \\beta + t - 1)}{B(\\alpha, \\beta)}, \\qquad
        S(t) = \\frac{B(\\alpha, \\beta + t)}{B(\\alpha, \\beta)}, \\qquad
        r_t = \\frac{S(t)}{S(t-1)} = \\frac{\\beta + t - 1}{\\alpha + \\beta + t - 1}.

    The cohort log-likelihood, with :math:`n_t` customers alive at the start of period
    :math:`t+1` (``alive[t]``, ``alive[0]`` the cohort size), is

    .. math::

        LL = \\sum_{t=1}^{m} (n_{t-1} - n_t) \\ln P(T = t) + n_m \\ln S(m),

    computed with ``betaln`` and maximised over the log-parameters with its gradient.

    Parameters
    ----------
    period
        Length of one contract period, a :class:`~clvteach.units.Period` or its name
        (``"year"``, ``"month"``): the unit of ``t`` and of the discount rate; stored as
        its name.

    Attributes
    ----------
    params_ : dict
        Fitted ``alpha, beta``.
    log_likelihood_ : float
        Maximised log-likelihood (scales with the counts: percentages give the same
        estimates but a log-likelihood per 100 customers).

    References
    ----------
    .. [1] Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
       *Journal of Interactive Marketing* 21(1), 76-90.
    .. [2] Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a
       contractual setting: the perils of ignoring heterogeneity. *Marketing Science*
       29(1), 85-93.
    """

    def __init__(self, *, period: str | Period = "year") -> None:
        self.period = as_period(period).name

    def __repr__(self) -> str:
        return model_repr(self, "period")

    @classmethod
    def from_params(cls, *, alpha: float, beta: float,
                    period: str | Period = "year") -> ShiftedBetaGeo:
        """A model with given parameters (e.g. published estimates), without fitting."""
        model = cls(period=period)
        model.params_ = {
            "alpha": float(v.check_positive("alpha", alpha, finite=True)),
            "beta": float(v.check_positive("beta", beta, finite=True)),
        }
        return model

    def fit(self, alive: Any, *, initial_params: dict[str, float] | None = None) -> ShiftedBetaGeo:
        """Fit on the number of customers alive at the start of each period.

        Parameters
        ----------
        alive
            ``alive[0]`` is the cohort size, ``alive[t]`` the number still active at the
            start of period ``t + 1`` (after ``t`` renewal decisions), non-increasing;
            e.g. ``[1000, 631, 468, 382, 326, 289, 262, 241]``.
        """
        n = _as_alive(alive)
        _check_some_churn(n)
        lost = -np.diff(n)
        m = len(lost)
        t = np.arange(1, m + 1, dtype=float)
        size = float(n[0])

        def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
            a, b = np.exp(log_theta)
            base = betaln(a, b)
            log_p = betaln(a + 1, b + t - 1) - base
            log_s = betaln(a, b + m) - base
            ll = lost @ log_p + n[-1] * log_s
            if not np.isfinite(ll):
                return np.inf, np.zeros(2)
            d_base_a = digamma(a) - digamma(a + b)
            d_base_b = digamma(b) - digamma(a + b)
            dpt = digamma(a + b + t)
            d_a = lost @ (digamma(a + 1) - dpt - d_base_a) + n[-1] * (
                digamma(a) - digamma(a + b + m) - d_base_a)
            d_b = lost @ (digamma(b + t - 1) - dpt - d_base_b) + n[-1] * (
                digamma(b + m) - digamma(a + b + m) - d_base_b)
            grad = np.array([d_a, d_b]) * np.array([a, b])
            return -ll / size, -grad / size

        starts = [(1.0, 1.0), (0.5, 3.0), (3.0, 0.5), (10.0, 10.0)]
        if initial_params is not None:
            starts.insert(0, tuple(v.check_positive(k, initial_params[k]) for k in _NAMES))
        theta, mean_nll, _ = fit_log_params(objective, starts, names=_NAMES, model="sBG")
        self.log_cov_ = identified_log_cov(objective, theta, names=_NAMES, model="sBG", n=size)
        self.params_ = dict(zip(_NAMES, map(float, theta)))
        self.log_likelihood_ = -mean_nll * size
        self.n_periods_ = m
        return self

    def _params(self) -> tuple[float, float]:
        check_fitted(self)
        return self.params_["alpha"], self.params_["beta"]

    # ------------------------------------------------------------- predictions
    def survival(self, t: Any) -> np.ndarray:
        """:math:`S(t)`: share of the cohort still active after ``t`` renewal decisions."""
        t = _periods("t", t, low=0)
        a, b = self._params()
        return np.exp(betaln(a, b + t) - betaln(a, b))

    def churn_probability(self, t: Any) -> np.ndarray:
        """:math:`P(T = t)`: probability that a new customer leaves at the end of period ``t`` (>= 1)."""
        t = _periods("t", t, low=1)
        a, b = self._params()
        return np.exp(betaln(a + 1, b + t - 1) - betaln(a, b))

    def retention_rate(self, t: Any) -> np.ndarray:
        """Cohort retention rate of period ``t`` (>= 1): :math:`(\\beta+t-1)/(\\alpha+\\beta+t-1)`.

        It rises with ``t`` towards 1 although no individual's retention changes.
        """
        t = _periods("t", t, low=1)
        a, b = self._params()
        return (b + t - 1) / (a + b + t - 1)

    def expected_lifetime(self) -> float:
        """Mean number of periods a new customer stays, :math:`(\\alpha+\\beta-1)/(\\alpha-1)`.

        Infinite when :math:`\\alpha \\le 1` (heavy tail of near-never-churners).
        """
        a, b = self._params()
        return float("inf") if a <= 1 else (a + b - 1) / (a - 1)

    def discounted_expected_residual_lifetime(
        self, *, discount_rate: float, renewals: int = 0
    ) -> float:
        """DERL of a customer who has made ``renewals`` renewals ([2]_, eq. 6).

        Expected discounted number of future payments, standing just before the next
        renewal decision (that payment is not discounted), with ``discount_rate`` per
        period:

        .. math::

            \\mathrm{DERL}(d \\mid \\alpha, \\beta, n) =
            \\frac{\\beta + n}{\\alpha + \\beta + n}\\;
            {}_2F_1\\!\\left(1, \\beta + n + 1; \\alpha + \\beta + n + 1;
            \\frac{1}{1 + d}\\right)

        where :math:`n` = ``renewals`` (the paper's :math:`n - 1`).
        """
        d = v.check_positive("discount_rate", discount_rate)
        n = v.check_nonnegative("renewals", renewals, integer=True)
        a, b = self._params()
        derl = (b + n) / (a + b + n) * hyp2f1(1, b + n + 1, a + b + n + 1, 1 / (1 + d))
        if not np.isfinite(derl):
            # hyp2f1 fails for very large alpha, beta (nearly homogeneous cohorts): sum
            # the series  sum_k S(n+k+1)/S(n) (1+d)^-k  directly; its terms fall at least
            # geometrically, so cut it where they drop below 1e-17
            k_max = int(min(np.ceil(np.log(1e-17) / -np.log1p(d)), 10_000_000))
            k = np.arange(k_max + 1)
            ratio = np.exp(betaln(a, b + n + k + 1) - betaln(a, b + n))
            derl = np.sum(ratio * np.exp(-k * np.log1p(d)))
        return float(derl)

    def residual_value(
        self,
        *,
        margin: float,
        discount_rate: float,
        renewals: int = 0,
        horizon: int | None = None,
    ) -> float:
        """Expected present value of a customer's future margins (the courseware's "current value").

        ``margin`` is earned at the end of each future period the customer survives
        (the courseware convention of Zhang San's table: first cash flow after one
        survival, discounted one period); ``discount_rate`` is per period:

        .. math::

            V = \\mathrm{margin}\\sum_{t=1}^{H}\\frac{S(n+t)/S(n)}{(1+d)^t}
              = \\mathrm{margin}\\,\\frac{\\mathrm{DERL}(d \\mid \\alpha,\\beta,n)}{1+d}
              \\quad (H = \\infty).

        With no heterogeneity (:math:`\\alpha, \\beta \\to \\infty`, retention
        :math:`\\beta/(\\alpha+\\beta)` = r) this is the constant-retention value
        :math:`m\\,r/(1+d-r)`; with heterogeneity it is higher for the same first-period
        retention, because the cohort's retention rises over time.
        """
        margin = v.check_number("margin", margin, finite=True)
        d = v.check_positive("discount_rate", discount_rate)
        n = v.check_nonnegative("renewals", renewals, integer=True)
        if horizon is None:
            return margin * self.discounted_expected_residual_lifetime(
                discount_rate=d, renewals=n) / (1 + d)
        horizon = v.check_positive("horizon", horizon, integer=True)
        t = np.arange(1, horizon + 1)
        cond = self.survival(n + t) / self.survival(n)[0]
        return float(margin * np.sum(cond / (1 + d) ** t))
