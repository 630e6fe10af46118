"""Benchmark: BG/NBD fit time of ct.models.BetaGeo against baselines timed in the same run.

Targets (issue 9): CDNOW sample summary (2,357 customers) <= 50 ms median; 100,000
simulated customers <= 1 s median.

Baselines, on the same data in the same run:
- "naive": scipy.optimize.minimize (L-BFGS-B, finite-difference gradient, log-parameters)
  on the uncompressed per-customer log-likelihood, i.e. the textbook implementation;
- "lifetimes": lifetimes.BetaGeoFitter, if the package can be imported here, or in the
  interpreter given by ``--lifetimes-python`` / ``$CLVTEACH_LIFETIMES_PYTHON`` (it is not
  a dependency of clvteach: it does not install alongside pandas 3; use a throwaway venv).

Usage: python benchmarks/bgnbd_fit.py [--lifetimes-python PATH] [--quick] [--sim-customers N]
Exit status 1 if a target is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln

import clvteach as ct
from clvteach.models import BetaGeo, simulate_beta_geo

TARGET_CDNOW_S = 0.050
TARGET_SIM_S = 1.0
SEED = 20050401  # simulation seed (fixed: same data every run)
SIM_CUSTOMERS = 100_000  # size of the simulated data set of the 1 s target


def median_time(fn, repeats: int) -> tuple[float, float, object]:
    """Median wall time, median CPU time of this process (robust to a busy machine), result."""
    wall, cpu, out = [], [], None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return float(np.median(wall)), float(np.median(cpu)), out


def naive_fit(x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray) -> tuple[dict, float]:
    """Textbook MLE: per-row log-likelihood, numerical gradient, no compression."""

    def nll(log_theta):
        r, alpha, a, b = np.exp(log_theta)
        common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        term1 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + big_t)
        with np.errstate(invalid="ignore", divide="ignore"):
            term2 = np.where(
                x > 0,
                betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b)
                - (r + x) * np.log(alpha + t_x),
                -np.inf,
            )
        return -np.sum(common + np.logaddexp(term1, term2))

    res = minimize(nll, np.log([1.0, float(np.mean(big_t)), 1.0, 1.0]), method="L-BFGS-B")
    return dict(zip(("r", "alpha", "a", "b"), np.exp(res.x))), -float(res.fun)


LIFETIMES_SCRIPT = """
import json, sys, time, warnings
import numpy as np
warnings.simplefilter("ignore")
from lifetimes import BetaGeoFitter
out = {}
for name, repeats in (("cdnow", int(sys.argv[2])), ("sim", int(sys.argv[3]))):
    d = np.load(sys.argv[1] + "_" + name + ".npz")
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        m = BetaGeoFitter().fit(d["x"], d["t_x"], d["T"])
        times.append(time.perf_counter() - t0)
    p = m.params_
    out[name] = {"median_s": float(np.median(times)),
                 "params": {k: float(p[k]) for k in ("r", "alpha", "a", "b")}}
print(json.dumps(out))
"""


def time_lifetimes(data: dict, python: str | None, repeats: tuple[int, int]) -> dict | None:
    try:
        import lifetimes  # noqa: F401

        python = sys.executable
    except ImportError:
        if not python:
            return None
    with tempfile.TemporaryDirectory() as tmp:
        stem = str(Path(tmp) / "bgnbd")
        for name, (x, t_x, big_t) in data.items():
            np.savez(f"{stem}_{name}.npz", x=x, t_x=t_x, T=big_t)
        script = Path(tmp) / "time_lifetimes.py"
        script.write_text(LIFETIMES_SCRIPT)
        proc = subprocess.run([python, str(script), stem, *map(str, repeats)],
                              capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        print(f"lifetimes run failed:\n{proc.stderr[-2000:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fmt_params(p: dict) -> str:
    return ", ".join(f"{k}={float(p[k]):.4f}" for k in ("r", "alpha", "a", "b"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifetimes-python", default=os.environ.get("CLVTEACH_LIFETIMES_PYTHON"))
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--sim-customers", type=int, default=SIM_CUSTOMERS,
                        help="size of the simulated data set (the target is for 100,000)")
    args = parser.parse_args(argv)
    rep_cdnow, rep_sim = (5, 2) if args.quick else (31, 5)

    summary = ct.rfm_summary(ct.datasets.load_cdnow(), observation_end="1997-09-30",
                             time_unit="W")
    cdnow = tuple(summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    n_sim = args.sim_customers
    rng = np.random.default_rng(SEED)
    sim_frame = simulate_beta_geo(n_sim, r=0.243, alpha=4.414, a=0.793, b=2.426,
                                  T=rng.uniform(27, 39, n_sim), seed=rng)
    sim = tuple(sim_frame[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    data = {"cdnow": cdnow, "sim": sim}

    print("BG/NBD fit benchmark (median times; same data for every implementation)")
    if hasattr(os, "getloadavg"):
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
              "(wall time inflates on a busy machine; CPU time does not)")
    print(f"  CDNOW sample: {len(cdnow[0]):,} customers; simulated: {len(sim[0]):,} customers "
          f"(seed {SEED}, r=0.243, alpha=4.414, a=0.793, b=2.426, T ~ U(27, 39) weeks)")
    ok = True
    results = {}
    for name, (x, t_x, big_t), reps, target in (
        ("cdnow", cdnow, rep_cdnow, TARGET_CDNOW_S), ("sim", sim, rep_sim, TARGET_SIM_S)
    ):
        t_ct, cpu_ct, model = median_time(lambda: BetaGeo().fit(x, t_x, big_t), reps)
        t_naive, cpu_naive, (p_naive, ll_naive) = median_time(
            lambda: naive_fit(x, t_x, big_t), max(1, reps // 5))
        met = t_ct <= target
        ok &= met
        results[name] = t_ct
        print(f"\n[{name}]")
        print(f"  clvteach BetaGeo : {t_ct * 1e3:9.1f} ms wall, {cpu_ct * 1e3:8.1f} ms CPU  "
              f"(target <= {target * 1e3:.0f} ms wall: {'met' if met else 'MISSED'})  "
              f"{fmt_params(model.params_)}  LL={model.log_likelihood_:.2f}")
        print(f"  naive scipy      : {t_naive * 1e3:9.1f} ms wall, {cpu_naive * 1e3:8.1f} ms CPU  "
              f"({t_naive / t_ct:.1f}x slower)  {fmt_params(p_naive)}  LL={ll_naive:.2f}")

    lt = time_lifetimes(data, args.lifetimes_python, (max(3, rep_cdnow // 3), max(1, rep_sim // 2)))
    print()
    if lt is None:
        print("lifetimes: unavailable in this environment (pass --lifetimes-python PATH "
              "to time it from a throwaway venv)")
    else:
        for name in ("cdnow", "sim"):
            t_lt = lt[name]["median_s"]
            print(f"lifetimes BetaGeoFitter [{name}]: {t_lt * 1e3:9.1f} ms  "
                  f"(clvteach is {t_lt / results[name]:.1f}x faster)  "
                  f"{fmt_params(lt[name]['params'])}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
