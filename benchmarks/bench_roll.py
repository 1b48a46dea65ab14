"""Benchmark: the full tax roll (read, value, assess, write) of 1,000,000 parcels.

Run with `make bench-roll` (or `.venv/bin/python benchmarks/bench_roll.py`). It sets up a
separate database, `taxmap_bench_roll`, once: the generated 1M-parcel fabric of the import
benchmark, a generated register (owners, rights, use pieces, buildings, signs) and land
prices from one appraisal unit per block. That set-up is slow (about 15 minutes) and is not
timed; `--reuse` skips it when the database is already there. Then it times
`assess_roll` end to end, twice (the second run replaces the draft roll). Numbers go in
BENCHMARKS.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyogrio
import sqlalchemy as sa
from bench_import import machine
from geoalchemy2.shape import from_shape
from rich.console import Console

from parcels.fabric.bulk import multi
from parcels.imports.model import ImportParcels
from parcels.imports.services import import_parcels
from parcels.register.bulk import load_register
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.db import UnitOfWork, create_engine, database_url
from taxmap.core.migrate import upgrade
from taxmap.core.provision import create_database, db_up, drop_database, ensure_postgis
from taxmap.core.settings import load_settings
from taxmap.demo.bench import generate_gpkg
from taxmap.demo.load import FABRIC_VALID_FROM
from taxmap.demo.register_gen import generate_register
from valuation.land_prices import assign_land_prices, create_round
from valuation.orm import appraisal_rounds, appraisal_units
from valuation.roll_services import assess_roll

console = Console()
LAO = "BENCH"
ROUND = "B.E. 2566-2569"
CHUNK = 200_000


def set_up(engine: sa.engine.Engine, file: Path) -> None:
    """Load the fabric, a generated register and land prices into the benchmark database."""
    upgrade(engine)
    create_lao(CreateLao(LAO, "ทดสอบสมรรถนะ", "Benchmark", 32648, province_th="นครราชสีมา"), engine)
    started = time.monotonic()
    report = import_parcels(ImportParcels(LAO, file, layer="parcels", actor="bench"), engine)
    console.print(f"imported {report.loaded:,} parcels in {time.monotonic() - started:.0f} s")
    frame = pyogrio.read_dataframe(file, layer="parcels")
    frame["area_m2"] = frame.geometry.area
    with UnitOfWork(engine) as uow:
        lao_id = uow.conn.execute(
            sa.text("SELECT id FROM laos WHERE code = :c"), {"c": LAO}
        ).scalar_one()
        uow.conn.execute(
            sa.text("UPDATE parcels SET valid_from = :d WHERE lao_id = :l"),
            {"d": FABRIC_VALID_FROM, "l": lao_id},
        )
        ids = dict(
            uow.conn.execute(
                sa.text("SELECT code, id FROM parcels WHERE lao_id = :l"), {"l": lao_id}
            )
            .tuples()
            .all()
        )
        uow.commit()
    owners = 0
    for start in range(0, len(frame), CHUNK):
        started = time.monotonic()
        chunk = frame.iloc[start : start + CHUNK].reset_index(drop=True)
        register = generate_register(chunk, seed=2569 + start)
        for party in register.parties:
            party["owner_no"] += owners  # owner numbers are unique in the LAO
        owners += len(register.parties)
        with UnitOfWork(engine) as uow:
            positions = {i: ids[c] for i, c in enumerate(chunk["code"])}  # all were imported
            load_register(uow.conn, lao_id, 32648, register, positions, FABRIC_VALID_FROM)
            uow.commit()
        console.print(
            f"register for parcels {start:,}-{start + len(chunk):,}: "
            f"{time.monotonic() - started:.0f} s"
        )
    blocks = pyogrio.read_dataframe(file, layer="blocks")
    rng = np.random.default_rng(2569)
    create_round(LAO, ROUND, 2566, 2569, engine)
    with UnitOfWork(engine) as uow:
        round_id = uow.conn.execute(
            sa.select(appraisal_rounds.c.id).where(appraisal_rounds.c.lao_id == lao_id)
        ).scalar_one()
        uow.conn.execute(
            sa.insert(appraisal_units),
            [
                {
                    "lao_id": lao_id,
                    "round_id": round_id,
                    "kind": "block",
                    "code": str(code),
                    "price_per_sq_wah": Decimal(int(rng.integers(150, 9000)) // 50 * 50),
                    "geom": from_shape(multi(geom), srid=32648),
                }
                for code, geom in zip(blocks["code"], blocks.geometry, strict=True)
            ],
        )
        uow.commit()
    started = time.monotonic()
    priced = assign_land_prices(LAO, ROUND, engine)
    console.print(f"land prices {priced.by_source} in {time.monotonic() - started:.0f} s")
    with engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
        conn.commit()


def main() -> None:
    """Set up (unless --reuse) and time the roll."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, default=Path("var/bench/fabric_1m.gpkg"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()

    settings = load_settings()
    db_up(settings)
    url = database_url(settings).set(database="taxmap_bench_roll")
    bench = load_settings(database_url=url.render_as_string(hide_password=False))
    if not args.reuse:
        if not args.file.exists():
            args.file.parent.mkdir(parents=True, exist_ok=True)
            console.print(generate_gpkg(args.parcels, args.file, seed=2569, console=console))
        drop_database(settings, url)
        create_database(settings, url)
        ensure_postgis(settings, url)
    engine = create_engine(bench)
    if not args.reuse:
        set_up(engine, args.file)
    upgrade(engine)
    console.print(f"machine: {machine()}")
    with engine.connect() as conn:
        counts = {
            table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in (
                "parcels",
                "parties",
                "rights",
                "land_use_pieces",
                "buildings",
                "building_use_pieces",
                "signs",
                "land_prices",
            )
        }
    console.print("register: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    for run in (1, 2):
        marks: list[tuple[str, float]] = []
        started = time.monotonic()

        def progress(stage: str, done: int, total: int) -> None:
            marks.append((f"{done}/{total}", time.monotonic() - started))  # noqa: B023

        totals = assess_roll(LAO, args.year, engine, progress, actor="bench")
        seconds = time.monotonic() - started
        steps = ", ".join(f"{name} at {t:.1f} s" for name, t in marks)
        console.print(
            f"run {run}: roll of {totals.taxpayers:,} taxpayers, {totals.lines:,} lines, "
            f"LBT {totals.land_building_tax:,} baht, signs {totals.signboard_tax:,} baht "
            f"in {seconds:.1f} s ({steps})"
        )
    engine.dispose()


if __name__ == "__main__":
    main()
