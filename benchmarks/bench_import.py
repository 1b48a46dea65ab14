"""Benchmark: import 1,000,000 generated parcels vs ogr2ogr, and a whole-LAO topology check.

Run with `make bench-import` (or `.venv/bin/python benchmarks/bench_import.py`). It uses a
separate database, `taxmap_bench`, on the configured server, and leaves it for inspection.
Numbers go in BENCHMARKS.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import time
from pathlib import Path

from rich.console import Console

from parcels.fabric.services import check_topology
from parcels.imports.model import ImportParcels
from parcels.imports.services import import_parcels
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.db import create_engine, database_url
from taxmap.core.migrate import upgrade
from taxmap.core.provision import create_database, db_up, drop_database, ensure_postgis
from taxmap.core.settings import load_settings
from taxmap.demo.bench import generate_gpkg

console = Console()


def machine() -> str:
    """Describe the machine the numbers come from."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {mem} GiB, {platform.platform()}"


def ensure_gdal() -> str:
    """Return the ogr2ogr path, installing Debian's gdal-bin when missing (root only)."""
    found = shutil.which("ogr2ogr")
    if found:
        return found
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "gdal-bin"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("ogr2ogr") or "ogr2ogr"


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, default=Path("var/bench/fabric_1m.gpkg"))
    args = parser.parse_args()

    settings = load_settings()
    db_up(settings)
    if not args.file.exists():
        args.file.parent.mkdir(parents=True, exist_ok=True)
        console.print(generate_gpkg(args.parcels, args.file, seed=2569, console=console))
    url = database_url(settings).set(database="taxmap_bench")
    drop_database(settings, url)
    create_database(settings, url)
    ensure_postgis(settings, url)
    bench = load_settings(database_url=url.render_as_string(hide_password=False))
    engine = create_engine(bench)
    upgrade(engine)
    create_lao(CreateLao("BENCH", "ทดสอบสมรรถนะ", "Benchmark", 32648), engine)
    console.print(f"machine: {machine()}")

    ogr2ogr = ensure_gdal()
    pg = (
        f"PG:host={url.host} port={url.port} dbname={url.database} user={url.username} "
        f"password={url.password}"
    )
    started = time.monotonic()
    subprocess.run(
        [
            ogr2ogr,
            "-f",
            "PostgreSQL",
            pg,
            str(args.file),
            "parcels",
            "-nln",
            "ogr_parcels",
            "-lco",
            "SPATIAL_INDEX=GIST",
            "-lco",
            "GEOMETRY_NAME=geom",
            "-overwrite",
        ],
        check=True,
        env={**os.environ, "PG_USE_COPY": "YES"},
    )
    ogr_seconds = time.monotonic() - started
    console.print(f"ogr2ogr (COPY, GiST index, no validation): {ogr_seconds:.1f} s")

    started = time.monotonic()
    report = import_parcels(
        ImportParcels("BENCH", args.file, layer="parcels", actor="bench"), engine
    )
    import_seconds = time.monotonic() - started
    console.print(
        f"taxmap import (validation, COPY, indexes): {import_seconds:.1f} s, "
        f"{report.loaded:,} loaded, {report.rejected:,} rejected, "
        f"ratio {import_seconds / ogr_seconds:.2f}x ogr2ogr"
    )

    started = time.monotonic()
    topo = check_topology("BENCH", engine)
    console.print(
        f"topology check of {topo.parcels:,} parcels: {time.monotonic() - started:.1f} s "
        f"(faults: {topo.counts or 'none'})"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
