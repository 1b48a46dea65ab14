"""Benchmark: boundary edits and splits with 1,000,000 parcels loaded (p50 and p95 latency).

Run with `make bench-edits` (or `.venv/bin/python benchmarks/bench_edits.py`) after
`make bench-roll` has built the database `taxmap_bench_roll` (1M parcels with a register). It
adds the generated fabric's blocks once (so lots and gap checks are real), then times, each
through the service with its own transaction and commit:
- boundary edits: a parcel re-drawn with every vertex 0.1 m off (as a digitised edit is),
  snapped back to its neighbours, checked against them and its block, and saved as a version;
- splits: a parcel cut across its middle into two children with new lot codes, rights, land
  use, buildings and signs carried over.
Numbers go in BENCHMARKS.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

import numpy as np
import pyogrio
import shapely
import sqlalchemy as sa
from bench_import import machine
from rich.console import Console
from shapely.geometry import LineString, box

from parcels.fabric.bulk import insert_blocks, insert_zones
from parcels.fabric.edit_model import Adjustment, EditCase
from parcels.fabric.editing import replace_boundary, split_parcel
from taxmap.core.db import create_engine, database_url
from taxmap.core.errors import TaxmapError
from taxmap.core.settings import load_settings

console = Console()
LAO = "BENCH"


def add_blocks(engine: sa.engine.Engine, file: Path) -> None:
    """Load the fabric's zones and blocks and point parcels at their block (once)."""
    with engine.begin() as conn:
        lao_id = conn.execute(
            sa.text("SELECT id FROM laos WHERE code = :c"), {"c": LAO}
        ).scalar_one()
        if conn.execute(
            sa.text("SELECT count(*) FROM blocks WHERE lao_id = :l"), {"l": lao_id}
        ).scalar_one():
            return
        blocks = pyogrio.read_dataframe(file, layer="blocks")
        zone = insert_zones(conn, lao_id, 32648, [{"code": "00", "geom": box(0, 0, 1, 1)}])
        insert_blocks(
            conn,
            lao_id,
            32648,
            [
                {"zone_id": zone["00"], "code": str(code), "geom": g, "next_lot": 1000}
                for code, g in zip(blocks["code"], blocks.geometry, strict=True)
            ],
        )
        conn.execute(
            sa.text(
                # A parcel's code is its block's code and a lot number (conventions §3).
                "UPDATE parcels p SET block_id = b.id FROM blocks b WHERE b.lao_id = p.lao_id "
                "AND p.lao_id = :l AND b.code = regexp_replace(p.code, '[0-9]+$', '')"
            ),
            {"l": lao_id},
        )
        conn.execute(sa.text("ANALYZE parcels"))
        conn.execute(sa.text("ANALYZE blocks"))


def jittered(geom: shapely.Geometry, rng: np.random.Generator) -> shapely.Geometry:
    """Move every vertex by 0.1 m in a direction of its own (an edit digitised by hand).

    The direction is a function of the vertex, so a ring's closing point moves with its first.
    """
    phase = rng.uniform(0, 2 * np.pi)

    def move(xy: np.ndarray) -> np.ndarray:
        angle = phase + (xy[:, 0] * 12.9898 + xy[:, 1] * 78.233) % (2 * np.pi)
        return xy + 0.1 * np.column_stack([np.cos(angle), np.sin(angle)])

    return shapely.transform(geom, move)


def percentiles(times: list[float]) -> str:
    """Describe latencies in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    p95 = ms[max(int(len(ms) * 0.95) - 1, 0)]
    return (
        f"p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms (n={len(ms)})"
    )


def main() -> None:
    """Time boundary edits and splits on the 1M-parcel benchmark LAO."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--file", type=Path, default=Path("var/bench/fabric_1m.gpkg"))
    args = parser.parse_args()
    settings = load_settings()
    url = database_url(settings).set(database="taxmap_bench_roll")
    engine = create_engine(load_settings(database_url=url.render_as_string(hide_password=False)))
    add_blocks(engine, args.file)
    console.print(f"machine: {machine()}")
    rng = np.random.default_rng(2569)
    with engine.connect() as conn:
        count = conn.execute(
            sa.text("SELECT count(*) FROM parcels WHERE status = 'active'")
        ).scalar_one()
        picks = conn.execute(
            sa.text(
                "SELECT code, version, ST_AsBinary(geom) FROM parcels TABLESAMPLE SYSTEM (0.2) "
                "WHERE status = 'active' AND block_id IS NOT NULL LIMIT :n"
            ),
            {"n": args.edits * 3},
        ).all()
    console.print(f"{count:,} active parcels; {len(picks)} sampled")
    day = date(2026, 6, 1)
    boundary, refused = [], 0
    for code, version, wkb in picks[: args.edits + 50]:
        if len(boundary) >= args.edits:
            break
        geom = shapely.from_wkb(bytes(wkb)).geoms[0]
        case = EditCase("benchmark: re-digitised boundary", "bench", None, day)
        started = time.perf_counter()
        try:
            replace_boundary(LAO, Adjustment(code, jittered(geom, rng), version), case, engine)
        except TaxmapError:
            refused += 1
            continue
        boundary.append(time.perf_counter() - started)
    console.print(
        f"boundary edit + snap + topology check + commit: {percentiles(boundary)}; "
        f"{refused} refused (a vertex snapped to the wrong neighbour)"
    )
    splits, refused = [], 0
    for code, version, wkb in picks[args.edits + 50 :]:
        if len(splits) >= args.edits:
            break
        geom = shapely.from_wkb(bytes(wkb))
        x0, y0, x1, y1 = geom.bounds
        mid = geom.centroid
        line = (
            LineString([(mid.x, y0 - 5), (mid.x, y1 + 5)])
            if x1 - x0 >= y1 - y0
            else LineString([(x0 - 5, mid.y), (x1 + 5, mid.y)])
        )
        case = EditCase("benchmark: sale of part", "bench", None, day)
        started = time.perf_counter()
        try:
            split_parcel(LAO, code, line, version + 0, case, engine)
        except TaxmapError:
            refused += 1
            continue
        splits.append(time.perf_counter() - started)
    console.print(
        f"split + register carried over + commit: {percentiles(splits)}; {refused} refused"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
