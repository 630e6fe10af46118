"""Shared machinery of the probabilistic models: maximum likelihood in log-parameter space.

Every model here has strictly positive parameters. We optimise over their logarithms
(no bounds needed, better conditioning) with BFGS and an analytic gradient, try a
few starting points if the first run does not converge, and raise
:class:`ConvergenceError` rather than return NaN parameters.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .._validation import check_choice, error_text

__all__ = ["ConvergenceError", "IdentificationWarning"]

#: Largest condition number of the Hessian (log-parameters) of an identified fit. Fits of
#: real data sets have 10-1,000 (CDNOW BG/NBD: 165); a likelihood flat along some
#: direction (parameters running to 0 or infinity together) has 1e6 or more.
MAX_CONDITION = 1e6
#: Above this condition number the fit is usable but weakly identified: warn.
WARN_CONDITION = 1e4


class ConvergenceError(RuntimeError):
    """Raised when maximum-likelihood fitting does not reach a finite, identified optimum."""


class IdentificationWarning(UserWarning):
    """A fit converged but some parameter combination is poorly determined by the data."""


def log_param_hessian(
    neg_ll_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    log_theta: np.ndarray,
    *,
    step: float = 1e-4,
) -> np.ndarray:
    """Hessian of the objective with respect to the log-parameters at ``log_theta``.

    Central differences of the analytic gradient (``2k`` gradient evaluations),
    symmetrised. For the mean negative log-likelihood, ``inv(H) / n`` estimates the
    covariance of the maximum-likelihood log-parameters.
    """
    k = len(log_theta)
    hess = np.empty((k, k))
    with np.errstate(all="ignore"):
        for i in range(k):
            e = np.zeros(k)
            e[i] = step
            hess[:, i] = (neg_ll_and_grad(log_theta + e)[1]
                          - neg_ll_and_grad(log_theta - e)[1]) / (2 * step)
    return (hess + hess.T) / 2


def check_identified(
    hess: np.ndarray, theta: np.ndarray, *, names: Sequence[str], model: str, n: float
) -> np.ndarray:
    """Raise :class:`ConvergenceError` for a singular Hessian, warn for an ill-conditioned one.

    Returns the covariance matrix of the log-parameters, ``inv(hess) / n``. The message
    names the parameters along the flattest direction of the likelihood (its eigenvector
    of the smallest eigenvalue) and their values.
    """
    import warnings

    if not np.all(np.isfinite(hess)):
        raise ConvergenceError(error_text("error.models.hessian_not_finite", model=model,
                                          estimates=_fmt(names, theta)))
    values, vectors = np.linalg.eigh(hess)
    top = float(values[-1])
    flat = vectors[:, 0]
    involved = [nm for nm, c in zip(names, flat) if abs(c) > 0.3] or [names[int(np.argmax(abs(flat)))]]
    condition = top / values[0] if values[0] > 0 else np.inf
    what = (error_text("error.models.flat_together", params=", ".join(involved))
            if len(involved) > 1 else error_text("error.models.flat_one", param=involved[0]))
    if top <= 0 or condition > MAX_CONDITION:
        raise ConvergenceError(error_text(
            "error.models.not_identified", model=model, what=what,
            condition=f"{condition:.3g}", limit=f"{MAX_CONDITION:.0e}",
            estimates=_fmt(names, theta), n=f"{n:g}"))
    if condition > WARN_CONDITION:
        warnings.warn(
            error_text("error.models.weakly_identified", model=model, what=what,
                       condition=f"{condition:.3g}", limit=f"{WARN_CONDITION:.0e}",
                       estimates=_fmt(names, theta)),
            IdentificationWarning, stacklevel=4,
        )
    return np.linalg.inv(hess) / n


def _fmt(names: Sequence[str], theta: np.ndarray) -> str:
    return ", ".join(f"{nm}={t:.3g}" for nm, t in zip(names, theta))


class StandardErrorsMixin:
    r"""Standard errors and confidence intervals of fitted parameters (from the Hessian).

    The fit stores ``log_cov_``, the covariance of the log-parameters (inverse Hessian of
    the log-likelihood). ``params_se_`` follows by the delta method,
    :math:`\mathrm{se}(\theta) = \theta\,\mathrm{se}(\ln\theta)`.
    """

    params_: dict[str, float]
    log_cov_: np.ndarray

    @property
    def params_se_(self) -> dict[str, float]:
        """Standard error of each fitted parameter (delta method from the log scale)."""
        check_fitted(self, "log_cov_")
        se_log = np.sqrt(np.diag(self.log_cov_))
        return {k: float(val * s) for (k, val), s in zip(self.params_.items(), se_log)}

    def confidence_intervals(self, *, level: float = 0.95, scale: str = "log"):
        r"""Confidence interval of each fitted parameter, as a DataFrame.

        Parameters
        ----------
        level
            Coverage probability, in (0, 1).
        scale
            ``"log"`` (default): symmetric on the log scale,
            :math:`\theta\exp(\pm z\,\mathrm{se}(\ln\theta))`, so always positive;
            ``"natural"``: Wald interval :math:`\theta \pm z\,\mathrm{se}(\theta)` (what
            lifetimes' ``summary`` reports; may go below 0).

        Returns
        -------
        DataFrame indexed by parameter with columns ``estimate``, ``se``, ``lower``, ``upper``.
        """
        import pandas as pd
        from scipy.stats import norm

        from .. import _validation as v

        check_fitted(self, "log_cov_")
        level = v.check_number("level", level, low=0, high=1, low_open=True, high_open=True)
        check_choice("scale", scale, ("log", "natural"))
        z = float(norm.ppf(0.5 + level / 2))
        est = np.array(list(self.params_.values()))
        se_log = np.sqrt(np.diag(self.log_cov_))
        se = est * se_log
        if scale == "log":
            lower, upper = est * np.exp(-z * se_log), est * np.exp(z * se_log)
        else:
            lower, upper = est - z * se, est + z * se
        return pd.DataFrame({"estimate": est, "se": se, "lower": lower, "upper": upper},
                            index=pd.Index(list(self.params_), name="parameter"))


def fit_log_params(
    neg_ll_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    starts: Sequence[Sequence[float]],
    *,
    names: Sequence[str],
    model: str,
    gtol: float = 1e-8,
    hess_inv0: np.ndarray | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Minimise ``neg_ll_and_grad`` (a function of log-parameters) from several starts.

    ``neg_ll_and_grad(log_theta)`` returns the negative log-likelihood divided by the
    number of observations (so tolerances do not depend on the sample size) and its
    gradient with respect to ``log_theta``. Returns ``(theta, mean_neg_ll)`` of the best
    converged run and BFGS's inverse-Hessian estimate (to warm-start a related fit via
    ``hess_inv0``); raises :class:`ConvergenceError` if none converged.
    """
    from scipy.optimize import minimize  # imported on first fit: keeps `import clvteach` light

    best: tuple[np.ndarray, float, np.ndarray] | None = None
    if hess_inv0 is not None:
        hess_inv0 = (hess_inv0 + hess_inv0.T) / 2
        if not (np.all(np.isfinite(hess_inv0)) and np.linalg.eigvalsh(hess_inv0).min() > 0):
            hess_inv0 = None
    reasons: list[str] = []
    for start in starts:
        x0 = np.log(np.asarray(start, dtype=float))
        with np.errstate(all="ignore"):  # trial steps may overflow; rejected by the search
            # BFGS rather than L-BFGS-B: unconstrained in log space, and far less
            # per-iteration overhead for 2-4 parameters
            res = minimize(
                neg_ll_and_grad, x0, jac=True, method="BFGS",
                options={"maxiter": 2000, "gtol": gtol, "hess_inv0": hess_inv0},
            )
            hess_inv0 = None  # only meaningful for the first (warm) start
        theta = np.exp(res.x)
        ok = (
            np.all(np.isfinite(theta)) and np.all(theta > 0) and np.isfinite(res.fun)
            and np.max(np.abs(res.jac)) < 1e-5
        )
        runaway = [n for n, t in zip(names, theta) if not (1e-8 < t < 1e6)]
        if ok and runaway:
            ok = False
            res.message = error_text("error.models.runaway", params=", ".join(runaway))
        if ok:
            if best is None or res.fun < best[1]:
                best = (theta, float(res.fun), res.hess_inv)
            break  # converged from a sensible start: done
        else:
            if res.message not in reasons:
                reasons.append(str(res.message))
    if best is None:
        raise ConvergenceError(error_text("error.models.fit_failed", model=model,
                                          count=len(starts), reasons="; ".join(reasons)))
    return best


def identified_log_cov(
    neg_ll_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    theta: np.ndarray,
    *,
    names: Sequence[str],
    model: str,
    n: float,
) -> np.ndarray:
    """Hessian check of a converged fit; returns the covariance of the log-parameters.

    ``neg_ll_and_grad`` is the fit's objective (mean negative log-likelihood over ``n``
    observations, as a function of the log-parameters).
    """
    hess = log_param_hessian(neg_ll_and_grad, np.log(theta))
    return check_identified(hess, theta, names=names, model=model, n=n)


def model_repr(model: object, option: str) -> str:
    """``Name(p=..., ...; option=...)`` once fitted, ``Name(option=..., not fitted)`` before."""
    name, value = type(model).__name__, getattr(model, option)
    if hasattr(model, "params_"):
        body = ", ".join(f"{k}={val:.4g}" for k, val in model.params_.items())
        return f"{name}({body}; {option}={value!r})"
    return f"{name}({option}={value!r}, not fitted)"


def check_fitted(model: object, attribute: str = "params_") -> None:
    if not hasattr(model, attribute):
        raise RuntimeError(error_text("error.models.not_fitted", model=type(model).__name__,
                                      call="fit(...)"))
