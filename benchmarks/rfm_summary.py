"""Benchmark: ct.rfm_summary on 1,000,000 transactions of 100,000 customers.

Target: median <= 0.2 s on the development machine. The baseline is a straightforward
pandas implementation (merge same-day lines with one groupby, then groupby-apply one
Python function per customer), timed in the same run on the same data; the script checks
that both give the same table and prints both times and the ratio.

Run: ``.venv/bin/python benchmarks/rfm_summary.py [--transactions N] [--customers K]``
(exit status 1 if the 1M-row target is missed).
``--data coffee`` uses ``ct.datasets.simulate_coffee_shop(K)`` instead of the random log
(about 23 transactions per customer) and also prints the simulation time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import pandas as pd

import clvteach as ct

TARGET_SECONDS = 0.2


def make_transactions(n_transactions: int, n_customers: int, *, seed: int) -> pd.DataFrame:
    """Random log over two years: every customer buys at least once, amounts in yuan."""
    rng = np.random.default_rng(seed)
    customer = np.concatenate([
        np.arange(n_customers),
        rng.integers(0, n_customers, n_transactions - n_customers),
    ])
    start = np.datetime64("2024-01-01", "D")
    day = rng.integers(0, 730, customer.size)
    seconds = rng.integers(7 * 3600, 22 * 3600, customer.size)  # time of day
    date = (start + day).astype("datetime64[s]") + seconds
    amount = np.round(rng.gamma(2.0, 15.0, customer.size), 1)
    order = rng.permutation(customer.size)
    return pd.DataFrame({
        "customer_id": customer[order] + 100_000,
        "date": date[order].astype("datetime64[ns]"),
        "quantity": rng.integers(1, 4, customer.size),
        "amount": amount[order],
    })


def baseline_summary(tx: pd.DataFrame, observation_end: pd.Timestamp) -> pd.DataFrame:
    """The textbook pandas way: merge same-day lines, then groupby-apply per customer."""
    tx = tx[tx["date"].dt.normalize() <= observation_end]
    daily = (tx.assign(day=tx["date"].dt.normalize())
             .groupby(["customer_id", "day"], as_index=False)["amount"].sum())

    def one_customer(g: pd.DataFrame) -> tuple[int, float, float, float]:
        days = g["day"].to_numpy()  # sorted: groupby sorts by (customer, day)
        amounts = g["amount"].to_numpy()
        x = len(days) - 1
        week = np.timedelta64(7, "D")
        return (x, (days[-1] - days[0]) / week, (observation_end.to_datetime64() - days[0]) / week,
                amounts[1:].mean() if x else 0.0)

    rows = daily.groupby("customer_id")[["day", "amount"]].apply(one_customer)
    return pd.DataFrame(rows.tolist(), index=rows.index,
                        columns=["frequency", "recency", "T", "monetary"])


def timed(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--data", choices=["random", "coffee"], default="random")
    args = parser.parse_args(argv)

    if args.data == "coffee":
        sim_time, data = timed(
            lambda: ct.datasets.simulate_coffee_shop(args.customers, seed=args.seed), 3)
        tx = data.transactions
        print(f"simulate_coffee_shop({args.customers:,}): median of 3 {sim_time:.2f} s, "
              f"{len(tx):,} transactions")
    else:
        tx = make_transactions(args.transactions, args.customers, seed=args.seed)
    end = pd.Timestamp("2025-12-31")
    fast_time, fast = timed(
        lambda: ct.rfm_summary(tx, amount_col="amount", observation_end=end, time_unit="W"),
        args.repeats,
    )
    base_time, base = timed(lambda: baseline_summary(tx, end), 1)

    base = base.loc[fast.index]
    assert (fast["frequency"].to_numpy() == base["frequency"].to_numpy()).all()
    np.testing.assert_allclose(fast[["recency", "T", "monetary"]].to_numpy(),
                               base[["recency", "T", "monetary"]].to_numpy(),
                               rtol=1e-9, atol=1e-9)

    print(f"rfm_summary benchmark: {len(tx):,} transactions, {len(fast):,} customers")
    judged = args.data == "random" and len(tx) == 1_000_000  # the target's configuration
    met = fast_time <= TARGET_SECONDS
    target = (f"   (target for 1M rows <= {TARGET_SECONDS} s: {'met' if met else 'MISSED'})"
              if judged else "")
    print(f"  clvteach.rfm_summary      median of {args.repeats}: {fast_time:8.3f} s{target}")
    print(f"  pandas groupby-apply      1 run:        {base_time:8.3f} s")
    print(f"  speed-up: {base_time / fast_time:,.0f}x; results agree (frequency exact, "
          "durations and monetary to 1e-9)")
    return 0 if met or not judged else 1


if __name__ == "__main__":
    sys.exit(main())
