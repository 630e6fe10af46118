"""Gamma-Gamma model of spend per transaction, and CLV from BG/NBD + Gamma-Gamma.

Fader, Hardie & Lee (2005b); Fader & Hardie (2013). A customer's transaction values
:math:`z_1, \\dots, z_x` are i.i.d. :math:`\\mathrm{Gamma}(p, \\nu)` (shape ``p``, rate
:math:`\\nu`); across customers :math:`\\nu \\sim \\mathrm{Gamma}(q, \\gamma)`, with
:math:`\\gamma` called ``v`` here. The mean spend :math:`\\bar z` of ``x`` transactions is
sufficient, so the model is fitted on ``frequency`` and ``monetary`` of repeat customers.
Spend is assumed independent of the purchase process (check: correlation of ``frequency``
and ``monetary`` near 0).

References
----------
.. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value
   curves for customer base analysis. *Journal of Marketing Research* 42(4), 415-430.
.. [2] Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
   Note, http://brucehardie.com/notes/025/.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import digamma, gammaln

from .. import _validation as v
from ..i18n import unit
from ..units import Period
from ._base import StandardErrorsMixin, check_fitted, fit_log_params, identified_log_cov, model_repr
from .beta_geo import BetaGeo, as_summary

__all__ = ["GammaGamma"]

_NAMES = ("p", "q", "v")


def _as_spend(frequency: Any, monetary: Any, *, repeat_only: bool) -> tuple[np.ndarray, ...]:
    x = v.check_array("frequency", np.atleast_1d(frequency), low=0, finite=True)
    m = v.check_array("monetary", np.atleast_1d(monetary), low=0, finite=True)
    if x.shape != m.shape:
        raise ValueError(v.error_text("error.models.same_length2", a="frequency", b="monetary",
                                      na=x.size, nb=m.size))
    not_int = x != np.round(x)
    if not_int.any():
        i = int(np.flatnonzero(not_int)[0])
        raise ValueError(v.error_text("error.models.whole_repeat_purchases", name="frequency",
                                      value=f"{x[i]:g}", position=i))
    bad = (x > 0) & (m <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(v.error_text("error.models.monetary_positive", name="monetary",
                                      other="frequency", value=f"{m[i]:g}", position=i))
    if repeat_only and (x == 0).any():
        i = int(np.flatnonzero(x == 0)[0])
        raise ValueError(v.error_text("error.models.repeat_only", name="frequency",
                                      model="Gamma-Gamma",
                                      example="summary[summary.frequency > 0]", position=i))
    return x, m


class GammaGamma(StandardErrorsMixin):
    """Gamma-Gamma model of average spend per transaction [1]_, [2]_.

    The likelihood of a customer with ``x`` repeat transactions of mean value
    :math:`m_x` is ([2]_, eq. 3)

    .. math::

        L(p, q, \\gamma \\mid m_x, x) =
        \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
        \\frac{\\gamma^q\\, m_x^{px-1}\\, x^{px}}{(\\gamma + m_x x)^{px+q}},

    maximised in logs over the log-parameters with its analytic gradient.

    Parameters
    ----------
    currency
        Unit of ``monetary`` (e.g. ``"USD"``, ``"yuan"``), used in labels.

    Attributes
    ----------
    params_ : dict
        Fitted ``p, q, v`` (``v`` is the paper's :math:`\\gamma`).
    log_likelihood_ : float
        Maximised log-likelihood.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using
       iso-value curves for customer base analysis. *Journal of Marketing Research*
       42(4), 415-430.
    .. [2] Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary
       value. http://brucehardie.com/notes/025/.
    """

    def __init__(self, *, currency: str = "USD") -> None:
        self.currency = v.check_nonempty_str("currency", currency)

    def __repr__(self) -> str:
        return model_repr(self, "currency")

    @classmethod
    def from_params(cls, *, p: float, q: float, v: float, currency: str = "USD") -> GammaGamma:
        """A model with given parameters (e.g. published estimates), without fitting."""
        model = cls(currency=currency)
        model.params_ = {
            name: float(_check_pos(name, val)) for name, val in zip(_NAMES, (p, q, v))
        }
        return model

    def fit(
        self, frequency: Any, monetary: Any, *, initial_params: dict[str, float] | None = None
    ) -> GammaGamma:
        """Fit on repeat customers: ``frequency`` x > 0 and mean spend ``monetary`` > 0."""
        x, m = _as_spend(frequency, monetary, repeat_only=True)
        log_x, log_m, n = np.log(x), np.log(m), float(len(x))

        def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
            p, q, g = np.exp(log_theta)
            px = p * x
            log_gxm = np.log(g + m * x)
            ll = np.sum(
                gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
                + (px - 1) * log_m + px * log_x - (px + q) * log_gxm
            )
            if not np.isfinite(ll):
                return np.inf, np.zeros(3)
            dpq = digamma(px + q)
            d_p = np.sum(x * (dpq - digamma(px) + log_m + log_x - log_gxm))
            d_q = np.sum(dpq - digamma(q) + np.log(g) - log_gxm)
            d_g = np.sum(q / g - (px + q) / (g + m * x))
            grad = np.array([d_p, d_q, d_g]) * np.exp(log_theta)
            return -ll / n, -grad / n

        mean_m = float(np.mean(m))
        starts = [(1.0, 2.0, mean_m), (5.0, 3.0, 2 * mean_m), (0.5, 5.0, 10 * mean_m)]
        if initial_params is not None:
            starts.insert(0, tuple(_check_pos(k, initial_params[k]) for k in _NAMES))
        theta, mean_nll, _ = fit_log_params(objective, starts, names=_NAMES, model="Gamma-Gamma")
        self.log_cov_ = identified_log_cov(objective, theta, names=_NAMES,
                                           model="Gamma-Gamma", n=n)
        self.params_ = dict(zip(_NAMES, map(float, theta)))
        self.log_likelihood_ = -mean_nll * n
        self.n_customers_ = int(n)
        return self

    def fit_transactions(
        self,
        transactions: Any,
        *,
        observation_end: Any = None,
        amount_col: str = "amount",
        initial_params: dict[str, float] | None = None,
    ) -> GammaGamma:
        """Fit on the repeat customers of a transaction log (mean spend per repeat purchase day).

        ``transactions`` is a :class:`~clvteach.rfm.TransactionLog` with amounts or a
        DataFrame with ``customer_id``, ``date`` and ``amount_col``.
        """
        from ..rfm import rfm_summary

        summary = rfm_summary(transactions, observation_end=observation_end,
                              amount_col=amount_col)
        repeat = summary[summary["frequency"] > 0]
        return self.fit(repeat["frequency"], repeat["monetary"], initial_params=initial_params)

    def _params(self) -> tuple[float, float, float]:
        check_fitted(self)
        return self.params_["p"], self.params_["q"], self.params_["v"]

    def mean_spend(self) -> float:
        """Population mean spend per transaction, :math:`E(Z) = p\\gamma/(q-1)` (needs q > 1)."""
        p, q, g = self._params()
        if q <= 1:
            raise ValueError(v.error_text("error.models.q_mean", name="q", value=f"{q:g}"))
        return p * g / (q - 1)

    def conditional_expected_spend(self, frequency: Any, monetary: Any) -> np.ndarray:
        """Expected spend per transaction given ``x`` transactions of mean ``m_x`` ([2]_ eq. 5).

        .. math::

            E(M \\mid p, q, \\gamma, m_x, x) = \\frac{p(\\gamma + m_x x)}{px + q - 1}
            = \\frac{q-1}{px+q-1}\\,\\frac{p\\gamma}{q-1} + \\frac{px}{px+q-1}\\, m_x

        a weighted average of the population mean and the customer's own mean; customers
        with ``frequency == 0`` get the population mean. Needs q > 1.
        """
        x, m = _as_spend(frequency, monetary, repeat_only=False)
        p, q, g = self._params()
        if q <= 1:
            raise ValueError(v.error_text("error.models.q_expected", name="q", value=f"{q:g}"))
        m = np.where(x > 0, m, 0.0)
        return p * (g + m * x) / (p * x + q - 1)

    def customer_lifetime_value(
        self,
        transaction_model: BetaGeo,
        frequency: Any,
        recency: Any,
        T: Any,
        monetary: Any,
        *,
        periods: int,
        period_length: float | None = None,
        period: str | Period | None = None,
        discount_rate: float,
        margin: float = 1.0,
    ) -> np.ndarray:
        """Discounted expected value of each customer's future purchases (BG/NBD + Gamma-Gamma).

        Time is cut into ``periods`` periods of one ``period`` each (e.g. ``"month"`` or
        ``ct.MONTH``; converted to the BG/NBD model's ``time_unit`` by the
        :class:`~clvteach.units.Period` type: 52/12 weeks), or, equivalently, of
        ``period_length`` model time units (give one of the two); the cash flow of period :math:`k` arrives at its end and is discounted at
        ``discount_rate`` **per period**:

        .. math::

            \\mathrm{CLV} = \\sum_{k=1}^{K} \\mathrm{margin}\\cdot E(M)\\,
            \\frac{E[Y(k\\Delta)] - E[Y((k-1)\\Delta)]}{(1 + d)^k}

        with :math:`E[Y(t)]` the BG/NBD conditional expected purchases and :math:`E(M)`
        the Gamma-Gamma conditional expected spend (currency of ``monetary``).
        An annual rate :math:`d_y` corresponds to :math:`(1+d_y)^{1/12}-1` per month.

        References: [1]_, eq. (3) and Sec. "CLV"; Fader, Hardie & Lee (2005), *JMR* 42(4).
        """
        if not isinstance(transaction_model, BetaGeo):
            raise TypeError(v.error_text("error.models.fitted_instance", name="transaction_model",
                                         kind="BetaGeo", type=type(transaction_model).__name__))
        periods = v.check_positive("periods", periods, integer=True)
        if (period is None) == (period_length is None):
            raise TypeError(v.error_text(
                "error.models.one_of_two", a="period", example="'month'", b="period_length",
                unit=unit(transaction_model.time_unit),
                got=v.error_text("error.models.both" if period is not None
                                 else "error.models.neither")))
        if period is not None:
            period_length = transaction_model.period.per(period)
        period_length = v.check_positive("period_length", period_length, finite=True)
        d = v.check_rate("discount_rate", discount_rate)
        margin = v.check_number("margin", margin, low=0, finite=True)
        x, t_x, big_t = as_summary(frequency, recency, T)
        spend = self.conditional_expected_spend(x, monetary) * margin
        edges = period_length * np.arange(periods + 1)
        # expected cumulative purchases at each period end: shape (customers, periods + 1)
        cum = np.column_stack([
            transaction_model.conditional_expected_purchases(t, x, t_x, big_t)
            if t > 0 else np.zeros_like(x)
            for t in edges
        ])
        per_period = np.diff(cum, axis=1)
        discount = (1 + d) ** -np.arange(1, periods + 1)
        return spend * (per_period @ discount)


def _check_pos(name: str, value: Any) -> float:
    # Module-level because GammaGamma's parameter ``v`` shadows the ``v`` validation module.
    return v.check_positive(name, value, finite=True)
