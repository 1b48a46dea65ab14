"""Generate large fabrics for benchmarks: `taxmap demo generate --parcels N --out FILE.gpkg`."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from taxmap.demo.fabric import generate_for_count
from taxmap.demo.write import write_gpkg

# Around the Bua Lai district centre (EPSG:32648), so sheet names and datums are realistic.
BUA_LAI_CENTRE_32648 = (230000.0, 1732000.0)


def generate_gpkg(n_parcels: int, out: Path, *, seed: int, console: Console) -> str:
    """Generate about n_parcels parcels and write them with blocks, zones and roads."""
    started = time.monotonic()
    with console.status(f"generating about {n_parcels:,} parcels (seed {seed})"):
        fabric = generate_for_count(n_parcels, BUA_LAI_CENTRE_32648, seed)
    generated = time.monotonic() - started
    with console.status(f"writing {out}"):
        write_gpkg(fabric, out, 32648)
    return (
        f"{len(fabric.parcels):,} parcels, {len(fabric.blocks):,} blocks, "
        f"{len(fabric.zones)} zones written to {out} (EPSG:32648) in "
        f"{time.monotonic() - started:.1f} s (generation {generated:.1f} s)"
    )
