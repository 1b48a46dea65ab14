"""Benchmark: the pure Land and Building Tax engine over 1,000,000 property units.

Run with `make bench-engine` (or `.venv/bin/python benchmarks/bench_engine.py`). No database:
synthetic use pieces shaped like the pilot's register (about 1.6 pieces per unit, 1.3 units
per taxpayer, every category, vacant land of several ages, a few exempt pieces) go through
`assess_lbt` in its automatic mode (floats, with taxpayers too close to a satang boundary
redone exactly). Each setting combination that changes the arithmetic is timed.
Numbers go in BENCHMARKS.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from bench_import import machine
from rich.console import Console

from valuation.ruledata import load_rule_data
from valuation.rules.lbt import Pieces, Taxpayers, assess_lbt

console = Console()


def synthetic(units: int, seed: int) -> tuple[Pieces, Taxpayers]:
    """Return pieces of `units` property units owned by about units/1.3 taxpayers."""
    rng = np.random.default_rng(seed)
    n_taxpayers = int(units / 1.3)
    per_unit = rng.choice([1, 2, 3], size=units, p=[0.55, 0.35, 0.10])
    unit = np.repeat(np.arange(units, dtype=np.int64), per_unit)
    n = len(unit)
    owner_of_unit = rng.integers(0, n_taxpayers, units)
    # Categories as in the pilot: much farmland, houses, some shops, vacant plots.
    category = rng.choice(6, size=n, p=[0.45, 0.2, 0.03, 0.12, 0.08, 0.12]).astype(np.int64)
    # Values from 20,000 to 20 M baht (micro-baht, whole satang), a few up to 2,000 M.
    value = (rng.lognormal(13.5, 1.3, n).clip(2e4, 2e9) * 100).astype(np.int64) * 10_000
    vacant = np.where(category == 5, rng.choice([0, 2016, 2019, 2021], n), 0).astype(np.int64)
    exempt = (rng.random(n) < 0.001).astype(np.int64)
    pieces = Pieces(
        taxpayer=owner_of_unit[unit],
        unit=unit,
        category=category,
        value=value,
        vacant_since=vacant,
        reduction_class=np.zeros(n, dtype=np.int64),
        exempt=exempt,
        exempt_reasons=("s.8 religious",),
    )
    taxpayers = Taxpayers(
        individual=rng.random(n_taxpayers) < 0.97,
        prior_tax_2019=np.full(n_taxpayers, -1, dtype=np.int64),
    )
    return pieces, taxpayers


def main() -> None:
    """Time the engine over each setting that changes the arithmetic."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    console.print(f"machine: {machine()}")
    pieces, taxpayers = synthetic(args.units, seed=2569)
    console.print(
        f"{args.units:,} property units, {len(pieces.value):,} use pieces, "
        f"{len(taxpayers.individual):,} taxpayers"
    )
    data = load_rule_data()
    for chosen in (
        {},
        {"band_method": "whole_value"},
        {"band_basis": "taxpayer_total_in_lao"},
        {"agri_allowance_order": "largest_first"},
    ):
        rules = data.lbt_rules(args.year, None, chosen)
        times = []
        for _ in range(3):
            started = time.monotonic()
            result = assess_lbt(pieces, taxpayers, rules)
            times.append(time.monotonic() - started)
        console.print(
            f"{chosen or 'defaults'}: best {min(times):.2f} s of 3 "
            f"({', '.join(f'{t:.2f}' for t in times)}); "
            f"total {int(result.taxpayer_total.sum()) / 100:,.2f} baht"
        )


if __name__ == "__main__":
    main()
