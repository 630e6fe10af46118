"""Probabilistic customer-base models ("buy till you die" and contractual retention).

- :class:`BetaGeo` — BG/NBD, non-contractual repeat purchasing (Fader, Hardie & Lee 2005).
- :class:`GammaGamma` — spend per transaction (Fader, Hardie & Lee 2005; Fader & Hardie 2013).
- :class:`ShiftedBetaGeo` — sBG, contractual retention (Fader & Hardie 2007, 2010).

Every model: ``fit(...)`` returns ``self``; fitted parameters in ``params_`` (dict), the
maximised ``log_likelihood_``, standard errors ``params_se_`` and
``confidence_intervals(level=...)`` from the Hessian of the log-likelihood. Fits that do
not converge, or whose parameters the data do not determine (a singular Hessian:
parameters running off to 0 or infinity together), raise :class:`ConvergenceError`
naming the cause; weakly identified fits warn (:class:`IdentificationWarning`).
"""
from __future__ import annotations

from ._base import ConvergenceError, IdentificationWarning
from .beta_geo import BetaGeo, simulate_beta_geo
from .gamma_gamma import GammaGamma
from .shifted_beta_geo import ShiftedBetaGeo

__all__ = ["BetaGeo", "ConvergenceError", "GammaGamma", "IdentificationWarning", "ShiftedBetaGeo", "simulate_beta_geo"]
