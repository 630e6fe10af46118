"""Shared machinery of the probabilistic models: maximum likelihood in log-parameter space.

Every model here has strictly positive parameters. We optimise over their logarithms
(no bounds needed, better conditioning) with BFGS and an analytic gradient, try a
few starting points if the first run does not converge, and raise
:class:`ConvergenceError` rather than return NaN parameters.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["ConvergenceError"]


class ConvergenceError(RuntimeError):
    """Raised when maximum-likelihood fitting does not reach a finite optimum."""


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
            res.message = (
                f"{', '.join(runaway)} ran off towards 0 or infinity, so the likelihood has "
                "no interior maximum (too little data or no visible heterogeneity)"
            )
        if ok:
            if best is None or res.fun < best[1]:
                best = (theta, float(res.fun), res.hess_inv)
            break  # converged from a sensible start: done
        else:
            if res.message not in reasons:
                reasons.append(str(res.message))
    if best is None:
        raise ConvergenceError(
            f"{model} fit failed from {len(starts)} starting points: {'; '.join(reasons)}. "
            "Check the data (units, enough customers) or pass other initial values"
        )
    return best


def model_repr(model: object, option: str) -> str:
    """``Name(p=..., ...; option=...)`` once fitted, ``Name(option=..., not fitted)`` before."""
    name, value = type(model).__name__, getattr(model, option)
    if hasattr(model, "params_"):
        body = ", ".join(f"{k}={val:.4g}" for k, val in model.params_.items())
        return f"{name}({body}; {option}={value!r})"
    return f"{name}({option}={value!r}, not fitted)"


def check_fitted(model: object, attribute: str = "params_") -> None:
    if not hasattr(model, attribute):
        raise RuntimeError(
            f"this {type(model).__name__} is not fitted yet: call fit(...) first"
        )
