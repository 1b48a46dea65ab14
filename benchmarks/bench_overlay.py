"""Benchmark: per-parcel land-cover fractions for 100,000 parcels over a 10 m raster.

Run with `make bench-overlay` (or `.venv/bin/python benchmarks/bench_overlay.py`). It generates
a fabric of about 100,000 parcels (taxmap demo generator) and a 10 m land-cover GeoTIFF over
it, then times, best of 3 each, on the same inputs:
- exactextract used directly: `exact_extract(tif, frame, ["unique", "frac"])`;
- taxmap's overlay computation (landuse.overlays.class_fractions): the same, plus the datum
  operation chosen explicitly, the coverage count (share of the parcel, not of its valid
  cells) and the long (parcel, class, share) frame the overlay table stores.
Writing the rows with COPY is timed separately on a throwaway frame (no database needed
here). The ratio is direct time / taxmap time (1.0 = no overhead; the target is >= 0.8).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from exactextract import exact_extract
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rich.console import Console

from landuse.overlays import class_fractions
from taxmap.demo.bench import BUA_LAI_CENTRE_32648
from taxmap.demo.fabric import generate_for_count

console = Console()


def best_of(n: int, fn):  # type: ignore[no-untyped-def]
    """Return the best wall time of n runs and the last result."""
    best, result = float("inf"), None
    for _ in range(n):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    """Generate the inputs, time both ways, print the numbers for BENCHMARKS.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    fabric = generate_for_count(args.parcels, BUA_LAI_CENTRE_32648, 2569)
    geoms = fabric.parcels.geometry.to_numpy()
    console.print(f"{len(geoms):,} parcels generated in {time.perf_counter() - started:.1f} s")
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    x0, y1 = np.floor(x0 / 10) * 10, np.ceil(y1 / 10) * 10
    width, height = int(np.ceil((x1 - x0) / 10)), int(np.ceil((y1 - y0) / 10))
    transform = from_origin(x0, y1, 10, 10)
    classes = np.array([10, 30, 40, 50, 80], dtype=np.uint8)
    values = classes[np.arange(len(geoms)) * 7919 % len(classes)]
    cover = rasterize(
        zip(geoms, values.tolist(), strict=True),
        out_shape=(height, width),
        transform=transform,
        fill=30,
        dtype="uint8",
    )
    with tempfile.TemporaryDirectory() as folder:
        tif = Path(folder) / "cover.tif"
        with rasterio.open(
            tif,
            "w",
            driver="GTiff",
            width=width,
            height=height,
            count=1,
            dtype="uint8",
            crs="EPSG:32648",
            transform=transform,
            nodata=0,
            tiled=True,
            compress="deflate",
        ) as dst:
            dst.write(cover, 1)
        console.print(f"raster {width:,} x {height:,} cells of 10 m ({width * height / 1e6:.1f} M)")
        frame = gpd.GeoDataFrame({"i": np.arange(len(geoms))}, geometry=geoms, crs=32648)
        direct, raw = best_of(
            args.runs,
            lambda: exact_extract(
                str(tif), frame, ["unique", "frac"], include_cols=["i"], output="pandas"
            ),
        )
        ours, rows = best_of(
            args.runs, lambda: class_fractions(geoms, 32648, tif, "EPSG:32648", 100.0)
        )
    console.print(f"exactextract directly: {direct:.2f} s ({len(raw):,} parcels)")
    console.print(f"taxmap class_fractions: {ours:.2f} s ({len(rows):,} parcel-class rows)")
    console.print(f"ratio direct / taxmap: {direct / ours:.2f}x")


if __name__ == "__main__":
    main()
