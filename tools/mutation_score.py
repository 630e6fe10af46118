"""Print the killed ratio of the last `mutmut run`, per module and in total (``make mutation``).

Reads mutmut's per-file results (``mutants/<module>.py.meta``) of the modules listed under
``[tool.mutmut] only_mutate`` in pyproject.toml. The killed ratio of a module is
(killed + timeout) / mutants with a result; mutants judged *equivalent* (the program's
observable behaviour does not change, so no test can kill them) are listed below in
``EQUIVALENT``, each with its reason, and left out of the ratio. A mutant with no covering
test ("no tests") counts as a survivor. The command fails when the total ratio is below
the target or when mutants were not checked (an interrupted run is not a measurement;
``--allow-partial`` reports it anyway).

Usage: python tools/mutation_score.py [--target 85] [--survivors] [--allow-partial]
"""
from __future__ import annotations

import argparse
import ast
import difflib
import fnmatch
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"

# mutmut's exit code -> status (mutmut/stats.py, status_by_exit_code)
KILLED_CODES = {1, 3, 36, 24, -24, 152, 255, 37}  # killed, pytest error, timeout, type check
SURVIVED_CODES = {0}
NO_TESTS_CODES = {5, 33}
SKIPPED_CODES = {34}


@dataclass(frozen=True)
class Equivalent:
    """A mutation that cannot change what the function returns, raises or prints."""

    function: str  # "<module>.<mangled function>", e.g. "clvteach.units.x_as_period"
    removed: str   # the original line (stripped)
    added: str     # the mutated line (stripped); "*": any mutation of that line
    reason: str

    def matches(self, function: str, removed: list[str], added: list[str]) -> bool:
        return (self.function == function and removed == [self.removed]
                and len(added) == 1 and self.added in ("*", added[0]))


_SBG = "clvteach.models.shifted_beta_geo"
_BG = "clvteach.models.beta_geo"
_CU = "clvteach.customer"
_GG = "clvteach.models.gamma_gamma"

# Equivalent mutants, matched by function and changed line (not by mutmut's number, which
# moves whenever the function changes). Keep each reason to one line; an entry that no
# longer matches a surviving mutant is reported as stale.
EQUIVALENT: tuple[Equivalent, ...] = (
    Equivalent("clvteach.units.x_as_period",
               'raise AssertionError("unreachable")  # pragma: no cover', "*",
               "unreachable: check_choice on the line above always raises there"),
    # --- clvteach/clv.py
    Equivalent("clvteach.clv.x_clv_summary",
               "case = case.replace(**overrides) if overrides else case",
               "case = case.replace(**overrides) if (overrides) or True else case",
               "replace() without changes returns an equal case"),
    *(Equivalent("clvteach.clv.x_margin_multiple", "t = np.arange(1, horizon + 1, dtype=float)",
                 added, "t only appears as an exponent of float bases: integers give the same")
      for added in ("t = np.arange(1, horizon + 1, dtype=None)",
                    "t = np.arange(1, horizon + 1, )")),
    *(Equivalent("clvteach.clv.x_dcf_table", "t = np.arange(1, horizon + 1, dtype=float)",
                 added, "t is an exponent of float bases or converted (astype, / n) first")
      for added in ("t = np.arange(1, horizon + 1, dtype=None)",
                    "t = np.arange(1, horizon + 1, )")),
    *(Equivalent("clvteach.clv.x_current_value", "t = np.arange(1, horizon + 1, dtype=float)",
                 added, "t only appears as an exponent of float bases: integers give the same")
      for added in ("t = np.arange(1, horizon + 1, dtype=None)",
                    "t = np.arange(1, horizon + 1, )")),
    Equivalent("clvteach.clv.x_dcf_table", "horizon = _check_horizon(horizon, allow_none=False)",
               "horizon = _check_horizon(horizon, allow_none=None)", "None is false too"),
    Equivalent("clvteach.clv.x__round_half_up", "quantum = Decimal(1).scaleb(-digits)",
               "quantum = Decimal(2).scaleb(-digits)",
               "quantize() uses only the quantum's exponent, the same for 1 and 2"),
    Equivalent("clvteach.clv.x_payback_period",
               "if survival * max(1.0, (1.0 + p.growth) ** t) < 1e-15:",
               "if survival * max(1.0, (1.0 + p.growth) ** t) <= 1e-15:",
               "differs only when survival x growth is exactly 1e-15 (a power of r never is)"),
    # --- clvteach/lifecycle.py
    *(Equivalent("clvteach.lifecycle.x__nan_for_none",
                 "return np.array([np.nan if v is None else v for v in values], dtype=float)",
                 added, "the values are floats and NaN already: NumPy makes a float array")
      for added in ("return np.array([np.nan if v is None else v for v in values], dtype=None)",
                    "return np.array([np.nan if v is None else v for v in values], )")),
    Equivalent("clvteach.lifecycle.x_classify_pattern",
               'smooth = np.convolve(y[:span], np.ones(3) / 3, mode="same") if span >= 3 else '
               "y[:span]",
               "smooth = np.convolve(y[:span], np.ones(3) / 3, ) if span >= 3 else y[:span]",
               "mode 'full' adds two edge partial sums, each below a 'same' value: same peak"),
    Equivalent("clvteach.lifecycle.x_funnel",
               "counts, _, churned = _check_funnel(reached, acquired, converted, retained, "
               "won_back, 0.0)",
               "counts, _, churned = _check_funnel(reached, acquired, converted, retained, "
               "won_back, 1.0)", "the spend is checked (any amount >= 0 passes) and discarded"),
    Equivalent("clvteach.lifecycle.x_sample_pattern",
               "counts = rng.poisson(mean).astype(float)",
               "counts = rng.poisson(mean).astype(None)", "astype(None) is float64 too"),
    *(Equivalent("clvteach.lifecycle.xǁFourStageCurveǁ_segment",
                 "return np.where(arr >= self.duration, last, np.clip(seg, 0, 3))", added,
                 "0 <= t < T puts seg in 0..3 already (times[0] = 0, five knots)")
      for added in ("return np.where(arr >= self.duration, last, np.clip(seg, None, 3))",
                    "return np.where(arr >= self.duration, last, np.clip(seg, 0, None))",
                    "return np.where(arr >= self.duration, last, np.clip(seg, 0, 4))")),
    *(Equivalent("clvteach.lifecycle.xǁFourStageCurveǁvalue",
                 "frac = np.divide(arr - t0, width, out=np.ones_like(arr), where=width > 0)",
                 added, "_segment never picks a zero-width stage, so every entry is computed")
      for added in ("frac = np.divide(arr - t0, width, out=None, where=width > 0)",
                    "frac = np.divide(arr - t0, width, where=width > 0)")),
    # --- clvteach/customer.py: observed payback
    *(Equivalent(f"{_CU}.x__observed_payback",
                 "n_max = int(observed[member].max()) if member.any() else 0", added,
                 "every channel listed has active members (channels come from the activity)")
      for added in ("n_max = int(observed[member].max()) if (member.any()) or True else 0",
                    "n_max = int(observed[member].max()) if member.any() else 1")),
    Equivalent(f"{_CU}.x__observed_payback", "if n_max <= 0:", "if n_max < 0:",
               "with n_max = 0 the search range n = 1..0 is empty: NaN either way"),
    *(Equivalent(f"{_CU}.x__observed_payback", 'return float("nan")', 'return float("NAN")',
                 'float() reads "NAN" as NaN too'),
      Equivalent(f"{_CU}.x__observed_payback",
                 'return float(hit[0] + 1) if hit.size else float("nan")',
                 'return float(hit[0] + 1) if hit.size else float("NAN")',
                 'float() reads "NAN" as NaN too')),
    Equivalent(f"{_CU}.x__observed_payback", "use = member[act.code] & (k < obs_pair)",
               "use = member[act.code] & (k <= obs_pair)",
               "a pair with k = observed adds and removes its margin at the same index"),
    Equivalent(f"{_CU}.x__observed_payback", "diff = np.zeros(n_max + 2)",
               "diff = np.zeros(n_max + 3)", "indices reach n_max + 1 only: the extra slot stays 0"),
    *(Equivalent(f"{_CU}.x__observed_payback",
                 "counts = np.bincount(np.clip(observed[member], 0, n_max), minlength=n_max + 1)",
                 added, "observed lies in 0..n_max and n_max occurs: bincount has n_max + 1 bins "
                 "anyway, and an extra empty bin at the end changes no suffix sum")
      for added in (
          "counts = np.bincount(np.clip(observed[member], 0, n_max), )",
          "counts = np.bincount(np.clip(observed[member], None, n_max), minlength=n_max + 1)",
          "counts = np.bincount(np.clip(observed[member], 0, None), minlength=n_max + 1)",
          "counts = np.bincount(np.clip(observed[member], 0, n_max), minlength=n_max - 1)",
          "counts = np.bincount(np.clip(observed[member], 0, n_max), minlength=n_max + 2)")),
    Equivalent(f"{_CU}.x__observed_payback",
               "at_least = counts[::-1].cumsum()[::-1][1:n_max + 1]  # customers with >= n periods",
               "at_least = counts[::-1].cumsum()[::-1][1:n_max + 2]  # customers with >= n periods",
               "the array has n_max + 1 entries: the slice ends there either way"),
    *(Equivalent(f"{_CU}.x__observed_payback",
                 "hit = np.flatnonzero((at_least > 0) & (mean_cumulative >= cac - 1e-9))", added,
                 reason)
      for added, reason in (
          ("hit = np.flatnonzero((at_least >= 0) & (mean_cumulative >= cac - 1e-9))",
           "for n <= n_max someone is observed n periods: at_least > 0 always"),
          ("hit = np.flatnonzero((at_least > 0) & (mean_cumulative > cac - 1e-9))",
           "differs only when the mean equals CAC - 1e-9 exactly"))),
    # referral_potential: spend_benchmark is a quantile of positive spends, so > 0 (it
    # raises when nobody spends): the benchmark <= 0 branch and its `active` are unreachable
    *(Equivalent(f"{_CU}.x_referral_potential",
                 "engagement = np.minimum(revenue / benchmark, 1.0) if benchmark > 0 else "
                 "active * 1.0", added, "the benchmark is always > 0 (quantile of positive spends)")
      for added in ("engagement = np.minimum(revenue / benchmark, 1.0) if (benchmark > 0) or True "
                    "else active * 1.0",
                    "engagement = np.minimum(revenue / benchmark, 1.0) if benchmark >= 0 else "
                    "active * 1.0",
                    "engagement = np.minimum(revenue / benchmark, 1.0) if benchmark > 0 else "
                    "active / 1.0",
                    "engagement = np.minimum(revenue / benchmark, 1.0) if benchmark > 0 else "
                    "active * 2.0")),
    *(Equivalent(f"{_CU}.x_referral_potential", "active = revenue > 0", added,
                 "only used in the unreachable benchmark <= 0 branch")
      for added in ("active = None", "active = revenue >= 0", "active = revenue > 1")),
    Equivalent(f"{_CU}.x_referral_potential",
               'revenue = predictive.table["revenue_per_period"].to_numpy(dtype=float)',
               'revenue = predictive.table["revenue_per_period"].to_numpy(dtype=None)',
               "the column is float already"),
    Equivalent(f"{_CU}.x_historical_clv", "minlength=len(occ.index))", ")",
               "every customer of the index has a row, so bincount has all bins anyway"),
    *(Equivalent(f"{_CU}.x__period_start", removed, added, reason)
      for removed, added, reason in (
          ("months = MONTHS_PER_YEAR // PERIODS_PER_YEAR[period] * index",
           "months = MONTHS_PER_YEAR / PERIODS_PER_YEAR[period] * index",
           "12 / 12, 12 / 4 and 12 / 1 are whole: the same months"),
          ("index = np.asarray(index, dtype=np.int64)", "index = np.asarray(index, dtype=None)",
           "period numbers are int64 already"),
          ("index = np.asarray(index, dtype=np.int64)", "index = np.asarray(index, )",
           "period numbers are int64 already"))),
    *(Equivalent(f"{_CU}.x__activity", removed, added,
                 "the revenue of the activity is read only by callers that ask for amounts")
      for removed, added in (
          ("def x__activity(window: ObservationWindow, period: str, *, amounts: bool = False) "
           "-> _Activity:",
           "def x__activity(window: ObservationWindow, period: str, *, amounts: bool = True) "
           "-> _Activity:"),
          ("amount = log.amount if amounts else None",
           "amount = log.amount if (amounts) or True else None"))),
    Equivalent(f"{_CU}.x__spend_per_period",
               "revenue = np.bincount(codes, weights=amount, minlength=len(uniques))",
               "revenue = np.bincount(codes, weights=amount, )",
               "every customer of the index has a row, so bincount has all bins anyway"),
    Equivalent(f"{_CU}.x__spend_per_period",
               "previous_periods = np.clip(periods - lookback, 0, lookback)",
               "previous_periods = np.clip(periods - lookback, None, lookback)",
               "a negative count fails `> 0` like 0 does: NaN either way"),
    # --- clvteach/models/_base.py: fit_log_params
    *(Equivalent("clvteach.models._base.x_fit_log_params", removed, added, reason)
      for removed, added, reason in (
          ("x0 = np.log(np.asarray(start, dtype=float))",
           "x0 = np.log(np.asarray(start, dtype=None))",
           "np.log of whole numbers gives the same floats"),
          ("x0 = np.log(np.asarray(start, dtype=float))", "x0 = np.log(np.asarray(start, ))",
           "np.log of whole numbers gives the same floats"),
          ('neg_ll_and_grad, x0, jac=True, method="BFGS",',
           'neg_ll_and_grad, x0, jac=True, method="bfgs",', "scipy lower-cases method names"),
          ("np.all(np.isfinite(theta)) and np.all(theta > 0) and np.isfinite(res.fun)",
           "np.all(np.isfinite(theta)) and np.all(theta >= 0) and np.isfinite(res.fun)",
           "a theta of 0 is caught by the runaway check (1e-8 < theta) right after"),
          ("and np.max(np.abs(res.jac)) < 1e-5", "and np.max(np.abs(res.jac)) <= 1e-5",
           "differs only for a gradient of exactly 1e-5"),
          ("runaway = [n for n, t in zip(names, theta) if not (1e-8 < t < 1e6)]",
           "runaway = [n for n, t in zip(names, theta) if not (1e-8 <= t < 1e6)]",
           "differs only for an estimate of exactly 1e-8"),
          ("runaway = [n for n, t in zip(names, theta) if not (1e-8 < t < 1e6)]",
           "runaway = [n for n, t in zip(names, theta) if not (1e-8 < t <= 1e6)]",
           "differs only for an estimate of exactly 1e6"),
          ("ok = False", "ok = None", "None is false too"),
          ("if best is None or res.fun < best[1]:", "if best is None or res.fun <= best[1]:",
           "the loop stops at the first success, so best is still None here"),
          ("if best is None or res.fun < best[1]:", "if best is None or res.fun < best[2]:",
           "the loop stops at the first success, so best is still None here"))),
    # --- BG/NBD (clvteach/models/beta_geo.py)
    Equivalent(f"{_BG}.xǁBetaGeoǁfit",
               "starts = [(1.0, scale, 1.0, 1.0), (0.5, scale / 4, 0.5, 2.0), "
               "(2.0, 4 * scale, 2.0, 5.0)]", "*",
               "another starting point of BFGS: the same maximum (fallback starts only)"),
    *(Equivalent(f"{_BG}.xǁBetaGeoǁfit", removed, added,
                 "a start tried second instead of first: the same maximum")
      for removed, added in (
          ("starts.insert(0, tuple(v.check_positive(n, initial_params[n]) for n in _NAMES))",
           "starts.insert(1, tuple(v.check_positive(n, initial_params[n]) for n in _NAMES))"),
          ("starts.insert(0, tuple(warm))", "starts.insert(1, tuple(warm))"))),
    *(Equivalent(f"{_BG}.xǁBetaGeoǁindividual_log_likelihood",
                 'with np.errstate(invalid="ignore", divide="ignore"):', added,
                 "no floating-point error arises there (b + x - 1 > 0 for x >= 1)")
      for added in ('with np.errstate(invalid=None, divide="ignore"):',
                    'with np.errstate(invalid="ignore", divide=None):',
                    'with np.errstate(divide="ignore"):', 'with np.errstate(invalid="ignore", ):')),
    *(Equivalent(f"{_BG}.xǁBetaGeoǁindividual_log_likelihood",
                 "b2 = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b), "
                 "-np.inf)", added, "b2 at x = 0 is masked by term2's own x > 0")
      for added in ("b2 = np.where(x >= 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - "
                    "betaln(a, b), -np.inf)",
                    "b2 = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - "
                    "betaln(a, b), +np.inf)")),
    Equivalent(f"{_BG}.xǁBetaGeoǁindividual_log_likelihood",
               "term2 = np.where(x > 0, b2 - rx * np.log(alpha + t_x), -np.inf)",
               "term2 = np.where(x >= 0, b2 - rx * np.log(alpha + t_x), -np.inf)",
               "at x = 0 b2 is -inf, so term2 is -inf either way"),
    *(Equivalent(f"{_BG}.xǁBetaGeoǁprobability_alive_grid",
                 "p = self._p_alive(ff, np.where(ff > 0, rr, 0.0), np.full_like(rr, T), r, "
                 "alpha, a, b)", added,
                 "P(alive) at frequency 0 is 1 whatever the recency; full_like(None, T) "
                 "broadcasts the same T")
      for added in ("p = self._p_alive(ff, np.where(ff >= 0, rr, 0.0), np.full_like(rr, T), "
                    "r, alpha, a, b)",
                    "p = self._p_alive(ff, np.where(ff > 0, rr, 1.0), np.full_like(rr, T), "
                    "r, alpha, a, b)",
                    "p = self._p_alive(ff, np.where(ff > 0, rr, 0.0), np.full_like(None, T), "
                    "r, alpha, a, b)")),
    *(Equivalent(f"{_BG}.xǁBetaGeoǁprobability_alive_grid",
                 "freq = np.arange(max_frequency + 1, dtype=float)", added,
                 "integer frequencies give the same P(alive); the labels are cast to int")
      for added in ("freq = np.arange(max_frequency + 1, dtype=None)",
                    "freq = np.arange(max_frequency + 1, )")),
    Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁexpected_lifetime",
               'return float("inf") if a <= 1 else (a + b - 1) / (a - 1)',
               'return float("INF") if a <= 1 else (a + b - 1) / (a - 1)',
               'float() reads "INF" as infinity too'),
    Equivalent(f"{_BG}.x_simulate_beta_geo",
               "rng = seed if isinstance(seed, np.random.Generator) else "
               "np.random.default_rng(seed)",
               "rng = seed if (isinstance(seed, np.random.Generator)) and False else "
               "np.random.default_rng(seed)",
               "default_rng(generator) returns that same generator"),
    *(Equivalent(f"{_BG}.x_simulate_beta_geo",
                 'big_t = np.broadcast_to(v.check_array("T", np.atleast_1d(T), low=0), '
                 '(n,)).astype(float)', 'big_t = np.broadcast_to(v.check_array("T", '
                 'np.atleast_1d(T), low=0), (n,)).astype(None)',
                 "check_array returns floats; astype(None) is float64 too"),),
    # --- Gamma-Gamma (clvteach/models/gamma_gamma.py)
    Equivalent(f"{_GG}.xǁGammaGammaǁfit",
               "starts = [(1.0, 2.0, mean_m), (5.0, 3.0, 2 * mean_m), (0.5, 5.0, 10 * mean_m)]",
               "*", "another starting point of BFGS: the same maximum (fallback starts only)"),
    Equivalent(f"{_GG}.xǁGammaGammaǁfit",
               "starts.insert(0, tuple(_check_pos(k, initial_params[k]) for k in _NAMES))",
               "starts.insert(1, tuple(_check_pos(k, initial_params[k]) for k in _NAMES))",
               "the user's start tried second instead of first: the same maximum"),
    *(Equivalent(f"{_GG}.xǁGammaGammaǁconditional_expected_spend",
                 "m = np.where(x > 0, m, 0.0)", added,
                 "at x = 0 the spend only appears as m x = 0")
      for added in ("m = np.where(x >= 0, m, 0.0)", "m = np.where(x > 0, m, 1.0)")),
    Equivalent(f"{_GG}.xǁGammaGammaǁconditional_expected_spend",
               "x, m = _as_spend(frequency, monetary, repeat_only=False)",
               "x, m = _as_spend(frequency, monetary, repeat_only=None)", "None is false too"),
    # --- clvteach/sensitivity.py: CustomerCase.replace checks the horizon again with the
    # same rule and message, and numbers are compared by value
    *(Equivalent("clvteach.sensitivity.x__with", removed, added,
                 "CustomerCase checks the horizon again: same rule (integer >= 0), same message")
      for removed, added in (
          ('if factor.parameter == "horizon":', 'if factor.parameter == "XXhorizonXX":'),
          ('if factor.parameter == "horizon":', 'if factor.parameter == "HORIZON":'),
          *(('value = check_number("horizon", value, low=0, integer=True)', a) for a in (
              'value = check_number("horizon", value, integer=True)',
              'value = check_number("horizon", value, low=0, )',
              'value = check_number("horizon", value, low=None, integer=True)',
              'value = check_number("horizon", value, low=0, integer=None)',
              'value = check_number("horizon", value, low=0, integer=False)')))),
    *(Equivalent("clvteach.sensitivity.x_sensitivity_curve",
                 'x = int(x) if spec.key == "horizon" and float(x).is_integer() else float(x)',
                 added, "a whole float is accepted as the integer it equals; case fields are "
                 "compared and computed by value")
      for added in (
          'x = int(x) if (spec.key == "horizon" and float(x).is_integer()) and False else '
          'float(x)',
          'x = int(x) if spec.key != "horizon" and float(x).is_integer() else float(x)',
          'x = int(x) if spec.key == "XXhorizonXX" and float(x).is_integer() else float(x)',
          'x = int(x) if spec.key == "HORIZON" and float(x).is_integer() else float(x)')),
    # --- sBG (clvteach/models/shifted_beta_geo.py)
    *(Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁfit", "t = np.arange(1, m + 1, dtype=float)", added,
                 "t is only added to the float parameters: an integer array gives the same")
      for added in ("t = np.arange(1, m + 1, dtype=None)", "t = np.arange(1, m + 1, )")),
    Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁfit",
               "starts = [(1.0, 1.0), (0.5, 3.0), (3.0, 0.5), (10.0, 10.0)]", "*",
               "another starting point of BFGS: the same maximum (fallback starts only)"),
    Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁfit",
               "starts.insert(0, tuple(v.check_positive(k, initial_params[k]) for k in _NAMES))",
               "starts.insert(1, tuple(v.check_positive(k, initial_params[k]) for k in _NAMES))",
               "the user's start tried second instead of first: the same maximum"),
    Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁdiscounted_expected_residual_lifetime",
               "derl = (b + n) / (a + b + n) * hyp2f1(1, b + n + 1, a + b + n + 1, 1 / (1 + d))",
               "derl = (b + n) / (a + b + n) * hyp2f1(1, b + n + 1, a + b + n + 1, 1 * (1 + d))",
               "hyp2f1 is infinite at 1 + d > 1, so the exact series fallback gives the same "
               "DERL (it differs only for d < 4e-6, where the series is capped at 1e7 terms)"),
    Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁdiscounted_expected_residual_lifetime",
               "k_max = int(min(np.ceil(np.log(1e-17) / -np.log1p(d)), 10_000_000))",
               "k_max = int(min(np.ceil(np.log(1e-17) / -np.log1p(d)), 10000001))",
               "one more term of the capped series, below 1e-17 of the first"),
    *(Equivalent(f"{_SBG}.xǁShiftedBetaGeoǁdiscounted_expected_residual_lifetime",
                 "k = np.arange(k_max + 1)", added,
                 "one or two terms more or fewer at the cut-off, below 1e-17 of the first")
      for added in ("k = np.arange(k_max - 1)", "k = np.arange(k_max + 2)")),
)


@dataclass
class Counts:
    killed: int = 0
    survived: int = 0
    no_tests: int = 0
    equivalent: int = 0
    unchecked: int = 0
    other: int = 0

    @property
    def checked(self) -> int:
        return self.killed + self.survived + self.no_tests + self.other

    @property
    def ratio(self) -> float:
        return 100.0 * self.killed / self.checked if self.checked else 0.0

    def add(self, other: Counts) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def only_mutate(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    config = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["mutmut"]
    return list(config["only_mutate"])


def module_files(patterns: list[str]) -> list[Path]:
    files = sorted(p.relative_to(ROOT) for p in ROOT.glob("clvteach/**/*.py"))
    return [f for f in files if any(fnmatch.fnmatch(str(f), pat) for pat in patterns)]


_NAME = re.compile(r"^(?P<function>.+)__mutmut_(?P<n>\d+)$")


def _functions(mutated_source: str) -> dict[str, str]:
    """Source text of every generated function (original and mutants) by its name."""
    lines = mutated_source.splitlines()
    out: dict[str, str] = {}
    for node in ast.walk(ast.parse(mutated_source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name:
            out[node.name] = "\n".join(lines[node.lineno - 1:node.end_lineno])
    return out


def changed_lines(functions: dict[str, str], mangled: str) -> tuple[list[str], list[str]]:
    """Lines removed from and added to the original function by one mutant (stripped)."""
    base = _NAME.match(mangled)["function"]
    orig = functions.get(f"{base}__mutmut_orig", "").replace(f"{base}__mutmut_orig", base)
    mutant = functions.get(mangled, "").replace(mangled, base)
    orig, mutant = orig.splitlines(), mutant.splitlines()
    removed, added = [], []
    for line in difflib.ndiff(orig, mutant):
        if line.startswith("- "):
            removed.append(line[2:].strip())
        elif line.startswith("+ "):
            added.append(line[2:].strip())
    return removed, added


def score(path: Path, *, used: set[Equivalent], survivors: list[str],
          mutants: Path = MUTANTS, equivalent: tuple[Equivalent, ...] = EQUIVALENT) -> Counts:
    """Counts of one module's mutants (``path`` relative to the project, e.g. clvteach/clv.py)."""
    module = ".".join(path.with_suffix("").parts)
    meta = mutants / f"{path}.meta"
    counts = Counts()
    if not meta.exists():
        return counts
    exit_codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    functions: dict[str, str] | None = None
    for key, code in sorted(exit_codes.items()):
        if code is None or code == 2:
            counts.unchecked += 1
        elif code in KILLED_CODES:
            counts.killed += 1
        elif code in SKIPPED_CODES:
            counts.unchecked += 1  # skipped by mutmut itself (never run)
        elif code in SURVIVED_CODES | NO_TESTS_CODES:
            if functions is None:
                functions = _functions((mutants / path).read_text("utf-8"))
            mangled = key[len(module) + 1:]
            removed, added = changed_lines(functions, mangled)
            base = f"{module}.{_NAME.match(mangled)['function']}"
            match = next((e for e in equivalent if e.matches(base, removed, added)), None)
            if match is not None:
                used.add(match)
                counts.equivalent += 1
                continue
            if code in SURVIVED_CODES:
                counts.survived += 1
            else:
                counts.no_tests += 1
            status = "survived" if code in SURVIVED_CODES else "no tests"
            survivors.append(f"{key} ({status}): {' | '.join(removed)}  ->  {' | '.join(added)}")
        else:
            counts.other += 1  # suspicious, segfault: a result, but not a kill
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=85.0, help="minimum killed %%")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    parser.add_argument("--allow-partial", action="store_true",
                        help="do not fail because some mutants were not checked")
    args = parser.parse_args()
    files = module_files(only_mutate())
    if not any((MUTANTS / f"{f}.meta").exists() for f in files):
        print(f"no results in {MUTANTS}: run `mutmut run` first (make mutation)")
        return 2
    used: set[Equivalent] = set()
    survivors: list[str] = []
    total = Counts()
    width = max(len(str(f)) for f in files)
    print(f"{'module'.ljust(width)}  killed/checked   ratio  survived  no tests  "
          f"equivalent  not checked")
    for f in files:
        c = score(f, used=used, survivors=survivors)
        total.add(c)
        print(f"{str(f).ljust(width)}  {c.killed:6d}/{c.checked:<7d} {c.ratio:5.1f} %  "
              f"{c.survived:8d}  {c.no_tests:8d}  {c.equivalent:10d}  {c.unchecked:11d}")
    print(f"{'total'.ljust(width)}  {total.killed:6d}/{total.checked:<7d} {total.ratio:5.1f} %  "
          f"{total.survived:8d}  {total.no_tests:8d}  {total.equivalent:10d}  "
          f"{total.unchecked:11d}")
    if args.survivors:
        print("\n".join(["", "surviving mutants (`mutmut show NAME`):", *survivors]))
    for e in EQUIVALENT:
        if e not in used:
            print(f"stale EQUIVALENT entry (matches no surviving mutant): {e.function}: "
                  f"{e.removed!r} -> {e.added!r}")
    ok = total.ratio >= args.target
    print(f"mutation testing: {total.killed} of {total.checked} mutants killed = "
          f"{total.ratio:.1f} % (target >= {args.target:g} %); {total.equivalent} equivalent "
          f"left out; {total.unchecked} not checked")
    if total.unchecked and not args.allow_partial:
        print("the run is incomplete: run `mutmut run` again to check the rest")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
