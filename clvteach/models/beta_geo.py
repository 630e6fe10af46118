"""BG/NBD ("beta-geometric / negative binomial distribution") model of repeat buying.

Fader, Hardie & Lee (2005). The model for non-contractual customers (nobody tells the
firm when they leave):

- while alive, a customer buys according to a Poisson process with rate ``lambda``;
  ``lambda ~ Gamma(r, alpha)`` across customers (shape ``r``, rate ``alpha``);
- after each repeat purchase the customer drops out ("dies") with probability ``p``;
  ``p ~ Beta(a, b)`` across customers.

It is fitted on the per-customer summary ``frequency`` (x, number of repeat purchases),
``recency`` (t_x, time of the last repeat purchase since the first purchase) and ``T``
(time since the first purchase until the end of the calibration period), all measured in
one time unit (``time_unit``, e.g. weeks); ``alpha`` and every prediction are then in that
unit too.

References
----------
.. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the
   easy way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.
.. [2] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2008). Computing P(alive) using the
   BG/NBD model. Note, http://brucehardie.com/notes/021/.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

from .. import _validation as v
from ..units import Period, as_period
from ._base import (
    ConvergenceError,
    StandardErrorsMixin,
    check_fitted,
    fit_log_params,
    identified_log_cov,
    model_repr,
)

__all__ = ["BetaGeo", "simulate_beta_geo"]

_NAMES = ("r", "alpha", "a", "b")
_WARM_START_ROWS = 5000  # subsample size for the warm start on large data


def as_summary(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, ...]:
    """Validate the (frequency, recency, T) summary and broadcast it to equal length."""
    x = v.check_array("frequency", np.atleast_1d(frequency), low=0, finite=True)
    t_x = v.check_array("recency", np.atleast_1d(recency), low=0, finite=True)
    big_t = v.check_array("T", np.atleast_1d(T), low=0, finite=True)
    try:
        x, t_x, big_t = np.broadcast_arrays(x, t_x, big_t)
    except ValueError:
        raise ValueError(v.error_text("error.models.same_length3", a="frequency", b="recency",
                                      c="T", na=x.size, nb=t_x.size, nc=big_t.size)) from None
    not_int = x != np.round(x)
    if not_int.any():
        i = int(np.flatnonzero(not_int)[0])
        raise ValueError(v.error_text("error.models.whole_repeat_purchases", name="frequency",
                                      value=f"{x[i]:g}", position=i))
    late = t_x > big_t
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise ValueError(v.error_text("error.models.recency_after_end", name="recency", limit="T",
                                      value=f"{t_x[i]:g}", bound=f"{big_t[i]:g}", position=i))
    odd = (x == 0) & (t_x != 0)
    if odd.any():
        i = int(np.flatnonzero(odd)[0])
        raise ValueError(v.error_text("error.models.recency_zero", name="recency",
                                      other="frequency", value=f"{t_x[i]:g}", position=i))
    return x, t_x, big_t


def _compress(x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray) -> tuple[np.ndarray, ...]:
    """Collapse customers without repeat purchases that share ``T`` into one weighted row.

    Their likelihood depends on ``T`` only, which takes few distinct values in real data
    (cohorts by acquisition day): CDNOW's 1,411 one-time buyers become 84 rows. Repeat
    customers almost never share (x, t_x, T) exactly and are kept as they are.
    """
    zero = x == 0
    t0, counts = np.unique(big_t[zero], return_counts=True)
    rep = ~zero
    return (
        np.concatenate([np.zeros(len(t0)), x[rep]]),
        np.concatenate([np.zeros(len(t0)), t_x[rep]]),
        np.concatenate([t0, big_t[rep]]),
        np.concatenate([counts.astype(float), np.ones(int(rep.sum()))]),
    )


class _Likelihood:
    """BG/NBD log-likelihood and its gradient over a weighted, compressed summary.

    Terms that depend on a customer only through ``x`` (gamma and beta functions) are
    computed once per distinct value of ``x``; customers without repeat purchases need
    one logarithm each, repeat customers two and a log-sum-exp.
    """

    def __init__(self, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray, w: np.ndarray):
        zero = x == 0
        self.n = float(w.sum())
        self.T0, self.w0 = big_t[zero], w[zero]
        self.W0 = float(self.w0.sum())
        rep = ~zero
        self.x, self.t_x, self.T, self.w = x[rep], t_x[rep], big_t[rep], w[rep]
        self.x_values, self.ix = np.unique(self.x, return_inverse=True)
        self.w_by_x = np.bincount(self.ix, weights=self.w, minlength=len(self.x_values))

    def value_and_grad(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = theta
        xv, ix, w, W0 = self.x_values, self.ix, self.w, self.W0
        log_alpha = np.log(alpha)
        beta_ab = betaln(a, b)
        dab = digamma(a + b)
        # customers without repeat purchases: L = (alpha / (alpha + T))^r, free of a and b
        log_t0 = np.log(alpha + self.T0)
        ll = W0 * r * log_alpha - r * (self.w0 @ log_t0)
        g_r = W0 * log_alpha - self.w0 @ log_t0
        g_alpha = W0 * r / alpha - r * (self.w0 @ (1.0 / (alpha + self.T0)))
        g_a = g_b = 0.0
        if len(w):
            # per distinct x > 0
            b1 = betaln(a, b + xv) - beta_ab
            b2 = betaln(a + 1, b + xv - 1) - beta_ab
            ll_x = gammaln(r + xv) - gammaln(r) + r * log_alpha
            log_t = np.log(alpha + self.T)
            log_tx = np.log(alpha + self.t_x)
            rx = r + self.x
            term1 = b1[ix] - rx * log_t
            term2 = b2[ix] - rx * log_tx
            lse = np.logaddexp(term1, term2)
            w1 = np.exp(term1 - lse)
            w2 = 1.0 - w1
            ll += self.w_by_x @ ll_x + w @ lse
            g_r += self.w_by_x @ (digamma(r + xv) - digamma(r) + log_alpha) - w @ (
                w1 * log_t + w2 * log_tx)
            g_alpha += (self.n - W0) * r / alpha - w @ (
                rx * (w1 / (alpha + self.T) + w2 / (alpha + self.t_x)))
            ww1 = np.bincount(ix, weights=w * w1, minlength=len(xv))
            ww2 = self.w_by_x - ww1
            dabx = digamma(a + b + xv)
            g_a += ww1 @ (dab - dabx) + ww2 @ (digamma(a + 1) - digamma(a) + dab - dabx)
            g_b += ww1 @ (digamma(b + xv) - dabx - digamma(b) + dab) + ww2 @ (
                digamma(b + xv - 1) - dabx - digamma(b) + dab)
        return float(ll), np.array([g_r, g_alpha, g_a, g_b])

    def objective(self, log_theta: np.ndarray) -> tuple[float, np.ndarray]:
        theta = np.exp(log_theta)
        ll, grad = self.value_and_grad(theta)
        if not np.isfinite(ll):
            return np.inf, np.zeros_like(theta)
        # chain rule for log-parameters; divide by n so tolerances are scale-free
        return -ll / self.n, -(grad * theta) / self.n


class BetaGeo(StandardErrorsMixin):
    """BG/NBD model of repeat purchasing for non-contractual customers [1]_.

    Individual customers buy with Poisson rate :math:`\\lambda` while alive and drop out
    after each repeat purchase with probability :math:`p`, with

    .. math::

        \\lambda \\sim \\mathrm{Gamma}(r, \\alpha), \\qquad p \\sim \\mathrm{Beta}(a, b).

    The likelihood of a customer with summary :math:`(x, t_x, T)` is ([1]_, eq. 6)

    .. math::

        L = \\frac{B(a, b+x)}{B(a, b)}\\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)(\\alpha+T)^{r+x}}
          + \\delta_{x>0}\\frac{B(a+1, b+x-1)}{B(a, b)}
            \\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)(\\alpha+t_x)^{r+x}},

    evaluated in logs (``gammaln``, ``betaln``, log-sum-exp) so that large ``x`` or ``T``
    cannot overflow, and maximised over the log-parameters with its analytic gradient.

    Parameters
    ----------
    time_unit
        Unit of ``recency``, ``T`` and every time argument: a
        :class:`~clvteach.units.Period` (``ct.WEEK``) or its name or code (``"week"``,
        ``"W"``); stored as its name. ``alpha`` is a rate scale in this unit.

    Attributes
    ----------
    params_ : dict
        Fitted ``r, alpha, a, b``.
    log_likelihood_ : float
        Maximised log-likelihood (sum over customers).
    n_customers_ : int
        Number of customers in the fitted summary.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
       the easy way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2),
       275-284.
    """

    def __init__(self, *, time_unit: str | Period = "week") -> None:
        self.time_unit = as_period(time_unit, name="time_unit").name

    @property
    def period(self) -> Period:
        """The time unit as a :class:`~clvteach.units.Period`."""
        return as_period(self.time_unit)

    def __repr__(self) -> str:
        return model_repr(self, "time_unit")

    @classmethod
    def from_params(
        cls, *, r: float, alpha: float, a: float, b: float, time_unit: str | Period = "week"
    ) -> BetaGeo:
        """A model with given parameters (e.g. published estimates), without fitting."""
        model = cls(time_unit=time_unit)
        model.params_ = {
            name: float(v.check_positive(name, val, finite=True))
            for name, val in zip(_NAMES, (r, alpha, a, b))
        }
        return model

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        frequency: Any,
        recency: Any,
        T: Any,
        *,
        initial_params: dict[str, float] | None = None,
    ) -> BetaGeo:
        """Maximum-likelihood fit on a customer summary; returns ``self``.

        Parameters
        ----------
        frequency
            Number of repeat purchases :math:`x` (whole numbers >= 0).
        recency
            Time of the last repeat purchase since the first purchase, :math:`t_x`
            (0 if no repeat purchase), in ``time_unit``.
        T
            Time between the first purchase and the end of the calibration period, in
            ``time_unit``; ``recency <= T``.
        initial_params
            Optional starting values ``{"r", "alpha", "a", "b"}``.

        Raises
        ------
        ConvergenceError
            If no starting point leads to a finite optimum.
        """
        x, t_x, big_t = as_summary(frequency, recency, T)
        if not (big_t > 0).all():
            i = int(np.flatnonzero(big_t <= 0)[0])
            raise ValueError(v.error_text("error.models.positive_to_fit", name="T",
                                          value=f"{big_t[i]:g}", position=i))
        if not (x > 0).any():
            raise ValueError(v.error_text("error.models.no_repeat", name="frequency"))
        compressed = _compress(x, t_x, big_t)
        lik = _Likelihood(*compressed)
        hess_inv = None
        scale = float(np.mean(big_t))
        starts = [(1.0, scale, 1.0, 1.0), (0.5, scale / 4, 0.5, 2.0), (2.0, 4 * scale, 2.0, 5.0)]
        if initial_params is not None:
            starts.insert(0, tuple(v.check_positive(n, initial_params[n]) for n in _NAMES))
        elif len(compressed[0]) > 4 * _WARM_START_ROWS:
            # large data: start from the fit on an evenly spaced subsample (deterministic),
            # so that the full likelihood needs only a few polishing iterations
            step = len(compressed[0]) // _WARM_START_ROWS
            sub = _Likelihood(*(c[::step] for c in compressed))
            try:
                warm, _, hess_inv = fit_log_params(
                    sub.objective, starts, names=_NAMES, model="BG/NBD")
                starts.insert(0, tuple(warm))
            except ConvergenceError:
                pass  # the full fit below tries the default starts
        theta, mean_nll, _ = fit_log_params(lik.objective, starts, names=_NAMES,
                                            model="BG/NBD", hess_inv0=hess_inv)
        self.log_cov_ = identified_log_cov(lik.objective, theta, names=_NAMES,
                                           model="BG/NBD", n=lik.n)
        self.params_ = dict(zip(_NAMES, map(float, theta)))
        self.log_likelihood_ = -mean_nll * lik.n
        self.n_customers_ = int(lik.n)
        return self

    def fit_transactions(
        self,
        transactions: Any,
        *,
        observation_end: Any = None,
        initial_params: dict[str, float] | None = None,
    ) -> BetaGeo:
        """Fit on a transaction log: its :func:`~clvteach.rfm.rfm_summary` in ``time_unit``.

        ``transactions`` is a :class:`~clvteach.rfm.TransactionLog` (validated once) or a
        DataFrame with the default columns ``customer_id`` and ``date``; time is measured
        in this model's ``time_unit`` (a day, week, month or year).
        """
        from ..rfm import rfm_summary

        summary = rfm_summary(transactions, observation_end=observation_end,
                              time_unit=self.period)
        return self.fit(summary["frequency"], summary["recency"], summary["T"],
                        initial_params=initial_params)

    def _params(self) -> tuple[float, float, float, float]:
        check_fitted(self)
        p = self.params_
        return p["r"], p["alpha"], p["a"], p["b"]

    def individual_log_likelihood(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Log-likelihood of each customer's summary under the fitted parameters ([1]_ eq. 6)."""
        x, t_x, big_t = as_summary(frequency, recency, T)
        r, alpha, a, b = self._params()
        b1 = betaln(a, b + x) - betaln(a, b)
        with np.errstate(invalid="ignore", divide="ignore"):
            b2 = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b), -np.inf)
        rx = r + x
        term1 = b1 - rx * np.log(alpha + big_t)
        term2 = np.where(x > 0, b2 - rx * np.log(alpha + t_x), -np.inf)
        return gammaln(rx) - gammaln(r) + r * np.log(alpha) + np.logaddexp(term1, term2)

    # -------------------------------------------------------------- predictions
    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """P(alive | x, t_x, T): probability that a customer has not dropped out ([2]_).

        .. math::

            P(\\text{alive}) = \\left[1 + \\delta_{x>0}\\frac{a}{b+x-1}
                \\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}\\right]^{-1}

        computed as a logistic function of the log-odds (no overflow for large ``x``).
        Customers without repeat purchases have P(alive) = 1 in the BG/NBD model.
        """
        x, t_x, big_t = as_summary(frequency, recency, T)
        r, alpha, a, b = self._params()
        return self._p_alive(x, t_x, big_t, r, alpha, a, b)

    @staticmethod
    def _p_alive(x, t_x, big_t, r, alpha, a, b) -> np.ndarray:
        safe_x = np.maximum(x, 1.0)
        log_odds_dead = (
            np.log(a) - np.log(b + safe_x - 1)
            + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x))
        )
        return np.where(x > 0, expit(-log_odds_dead), 1.0)

    def expected_purchases_new_customer(self, t: Any) -> np.ndarray:
        """Expected repeat purchases in ``(0, t]`` of a customer just acquired ([1]_ eq. 9).

        .. math::

            E[X(t)] = \\frac{a+b-1}{a-1}\\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
                {}_2F_1\\!\\left(r, b; a+b-1; \\frac{t}{\\alpha+t}\\right)\\right]

        ``t`` is in ``time_unit``.
        """
        t = v.check_array("t", np.atleast_1d(t), low=0, finite=True)
        r, alpha, a, b = self._params()
        return _alive_expectation(t, 0.0, alpha, r, a, b)

    def probability_of_n_purchases(self, t: Any, n: Any) -> np.ndarray:
        """P(X(t) = n): probability that a new customer makes ``n`` repeat purchases in ``(0, t]``.

        [1]_, eq. 8 (lifetimes: ``probability_of_n_purchases_up_to_time``):

        .. math::

            P(X(t)=n) = \\frac{B(a, b+n)}{B(a, b)}
              \\frac{\\Gamma(r+n)}{\\Gamma(r)\\,n!}
              \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
              \\left(\\frac{t}{\\alpha+t}\\right)^n
            + \\delta_{n>0}\\frac{B(a+1, b+n-1)}{B(a, b)}
              \\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
              \\sum_{j=0}^{n-1}\\frac{\\Gamma(r+j)}{\\Gamma(r)\\,j!}
              \\left(\\frac{t}{\\alpha+t}\\right)^j\\right]

        The first term is a negative binomial probability (alive throughout), the bracket
        of the second its upper tail :math:`P(\\mathrm{NB} \\ge n)`; both are evaluated as
        logarithms (``scipy.stats.nbinom.logpmf`` / ``logsf``), so large ``n`` or ``t`` do
        not overflow and the tail does not cancel. ``t`` (in ``time_unit``) and ``n``
        broadcast against each other.
        """
        from scipy.stats import nbinom

        t = v.check_array("t", np.atleast_1d(t), low=0, finite=True)
        n = v.check_array("n", np.atleast_1d(n), low=0, finite=True)
        if (n != np.round(n)).any():
            raise ValueError(v.error_text("error.models.whole_purchases", name="n",
                                          value=v.fmt_value(n.tolist())))
        t, n = np.broadcast_arrays(t, n)
        r, alpha, a, b = self._params()
        p_stay = alpha / (alpha + t)  # negative binomial "success" probability
        with np.errstate(divide="ignore", invalid="ignore"):
            first = betaln(a, b + n) - betaln(a, b) + nbinom.logpmf(n, r, p_stay)
            second = np.where(
                n > 0,
                betaln(a + 1, b + np.maximum(n, 1) - 1) - betaln(a, b)
                + nbinom.logsf(n - 1, r, p_stay),
                -np.inf,
            )
        return np.exp(np.logaddexp(first, second))

    def conditional_expected_purchases(
        self, t: Any, frequency: Any, recency: Any, T: Any
    ) -> np.ndarray:
        """Expected purchases in the next ``t`` time units given the history ([1]_ eq. 10).

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{a+b+x-1}{a-1}
            \\left[1 - \\left(\\frac{\\alpha+T}{\\alpha+T+t}\\right)^{r+x}
            {}_2F_1\\!\\left(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}\\right)\\right]
            \\cdot P(\\text{alive} \\mid x, t_x, T)

        ``t`` (the forecast length) is in ``time_unit`` and broadcasts against the summary.
        """
        t = v.check_array("t", np.atleast_1d(t), low=0, finite=True)
        x, t_x, big_t = as_summary(frequency, recency, T)
        t, x, t_x, big_t = np.broadcast_arrays(t, x, t_x, big_t)
        r, alpha, a, b = self._params()
        alive_part = _alive_expectation(t, x, alpha + big_t, r, a, b)
        out = alive_part * self._p_alive(x, t_x, big_t, r, alpha, a, b)
        if not np.all(np.isfinite(out)):
            raise FloatingPointError(v.error_text("error.models.not_finite_result",
                                                  function="conditional_expected_purchases"))
        return out

    def probability_alive_grid(
        self, *, T: float, max_frequency: int, n_recency: int = 40
    ) -> pd.DataFrame:
        """P(alive) on a grid of frequency 0..max_frequency x recency in [0, T].

        Rows are recency values (``time_unit``), columns frequency; for the heat map.
        """
        T = v.check_positive("T", T, finite=True)
        max_frequency = v.check_positive("max_frequency", max_frequency, integer=True)
        n_recency = v.check_number("n_recency", n_recency, low=2, integer=True)
        rec = np.linspace(0.0, T, n_recency)
        freq = np.arange(max_frequency + 1, dtype=float)
        ff, rr = np.meshgrid(freq, rec)
        r, alpha, a, b = self._params()
        p = self._p_alive(ff, np.where(ff > 0, rr, 0.0), np.full_like(rr, T), r, alpha, a, b)
        frame = pd.DataFrame(p, index=pd.Index(rec, name="recency"),
                             columns=pd.Index(freq.astype(int), name="frequency"))
        return frame


def _alive_expectation(t, x, scale, r, a, b):
    """Expected purchases in ``(0, t]`` of a customer known to be alive, whose rate and
    dropout posteriors are Gamma(r + x, scale) and Beta(a, b + x).

    The published form contains
    :math:`(1-z)^{r+x}\\,{}_2F_1(r+x, b+x; a+b+x-1; z)` with :math:`z = t/(scale + t)`,
    whose series diverges like :math:`(1-z)^{-(r+x)}` as ``z -> 1`` (0 x inf for large
    ``x``). Euler's transformation
    :math:`{}_2F_1(A,B;C;z) = (1-z)^{C-A-B}{}_2F_1(C-A, C-B; C; z)` turns it into
    :math:`(1-z)^{a-1}{}_2F_1(a+b-1-r, a-1; a+b+x-1; z)`, which stays well scaled.
    """
    if abs(a - 1) < 1e-6:
        # removable singularity at a = 1 (0/0): the function is smooth in a, so average
        # its values just either side
        return 0.5 * (_alive_expectation(t, x, scale, r, 1 - 1e-5, b)
                      + _alive_expectation(t, x, scale, r, 1 + 1e-5, b))
    z = t / (scale + t)
    c = a + b + x - 1
    with np.errstate(all="ignore"):
        log_1mz = np.log(scale) - np.log(scale + t)
        bracket = 1 - np.exp((a - 1) * log_1mz) * hyp2f1(a + b - 1 - r, a - 1, c, z)
        out = np.asarray(c / (a - 1) * bracket, dtype=float)
    bad = ~np.isfinite(out)
    if bad.any():
        # scipy's hyp2f1 gives up in some regimes (e.g. c - A - B a whole number with z
        # near 1); fall back to the defining integral for those entries only
        out = out.copy()
        tt, xx, ss = np.broadcast_arrays(t, x, scale)
        bad = np.broadcast_to(bad, out.shape)
        for i in filter(bad.__getitem__, np.ndindex(out.shape)):
            out[i] = _alive_expectation_integral(tt[i], xx[i], ss[i], r, a, b)
    return out


def _alive_expectation_integral(t: float, x: float, scale: float, r: float, a: float,
                                b: float) -> float:
    """The same expectation as a one-dimensional integral over the dropout probability.

    Given :math:`p`, a customer alive with rate :math:`\\lambda` makes on average
    :math:`(1 - e^{-\\lambda p t})/p` purchases in ``(0, t]`` ([1]_, eq. 7); averaging over
    :math:`\\lambda \\sim \\mathrm{Gamma}(r+x, \\mathrm{scale})` gives
    :math:`(1 - (1 + pt/\\mathrm{scale})^{-(r+x)})/p`, and over
    :math:`p \\sim \\mathrm{Beta}(a, b+x)` an integral, computed here in
    :math:`y = \\ln p` with the Beta density in logs (smooth, no end-point singularity,
    no overflow), split at the peak of the integrand.
    """
    from scipy.integrate import quad

    if t == 0:
        return 0.0
    n, bx = r + x, b + x
    log_norm = betaln(a, bx)

    def integrand(y: float) -> float:
        p = np.exp(y)
        log_density = (a - 1) * y + (bx - 1) * np.log1p(-p) - log_norm
        growth = np.log1p(p * t / scale)
        # log of the mean given p (times p); its small-p limit where p underflows
        log_mean = np.log(-np.expm1(-n * growth)) if growth > 0 else y + np.log(n * t / scale)
        return float(np.exp(log_density + log_mean))

    peak = float(np.log(a / (a + bx)))
    lower, _ = quad(integrand, -np.inf, peak, epsabs=0.0, epsrel=1e-12, limit=400)
    upper, _ = quad(integrand, peak, 0.0, epsabs=0.0, epsrel=1e-12, limit=400)
    return lower + upper


def simulate_beta_geo(
    n_customers: int,
    *,
    r: float,
    alpha: float,
    a: float,
    b: float,
    T: Any,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Simulate customer summaries from the BG/NBD generative process.

    Each customer draws :math:`\\lambda \\sim \\mathrm{Gamma}(r, \\alpha)` and
    :math:`p \\sim \\mathrm{Beta}(a, b)`; while alive, repeat purchases follow a Poisson
    process with rate :math:`\\lambda` over ``(0, T]``, and after each repeat purchase the
    customer drops out with probability :math:`p`. Given :math:`K` Poisson events, their
    times are ordered uniforms on ``(0, T]``, so the time of the x-th is
    :math:`T \\cdot \\mathrm{Beta}(x, K-x+1)`.

    Parameters
    ----------
    T
        Observation length per customer (scalar or array of length ``n_customers``).
    seed
        Seed or ``numpy.random.Generator`` (results are reproducible).

    Returns
    -------
    DataFrame with columns ``frequency``, ``recency``, ``T``.
    """
    n = v.check_positive("n_customers", n_customers, integer=True)
    r, alpha, a, b = (v.check_positive(k, val) for k, val in zip(_NAMES, (r, alpha, a, b)))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    big_t = np.broadcast_to(v.check_array("T", np.atleast_1d(T), low=0), (n,)).astype(float)
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    k = rng.poisson(lam * big_t)
    dies_after = rng.geometric(p)  # repeat purchase after which the customer drops out
    x = np.minimum(k, dies_after)
    t_x = np.zeros(n)
    pos = x > 0
    t_x[pos] = big_t[pos] * rng.beta(x[pos], k[pos] - x[pos] + 1)
    return pd.DataFrame({"frequency": x.astype(int), "recency": t_x, "T": big_t})

_as_summary = as_summary  # former private name (tests)
