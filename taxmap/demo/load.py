"""Load the Bua Lai pilot: the LAO, its boundary and tambons, and a generated parcel fabric."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from rich.console import Console
from shapely.geometry import Point
from sqlalchemy.engine import Engine

from parcels.fabric import bulk
from parcels.fabric.orm import blocks, parcels
from parcels.register.bulk import load_register
from taxmap.admin import repository as lao_repo
from taxmap.admin.orm import laos
from taxmap.admin.services import read_boundary
from taxmap.core.crs import operation
from taxmap.core.db import UnitOfWork
from taxmap.core.geoio import read_vector
from taxmap.core.settings import Settings
from taxmap.core.sheets import sheet_4000_names
from taxmap.demo.fabric import FabricSpec, generate_fabric, village_lattice
from taxmap.demo.history import add_history
from taxmap.demo.records import land_records
from taxmap.demo.register_gen import generate_register
from valuation.land_prices import Assignment, assign_land_prices, create_round
from valuation.orm import appraisal_rounds, appraisal_units

GENERATOR_VERSION = 6  # 2: land prices; 3: the register; 4: history; 5: payment settings; 6: layers
# Tambon parcels are valid from the day the tax map was made (1 January B.E. 2563 = 2020),
# so the fabric exists on 1 January of every tax year since the Act came into force.
FABRIC_VALID_FROM = date(2020, 1, 1)


@dataclass(frozen=True)
class Pilot:
    """The pilot LAO and where its boundaries come from."""

    code: str = "BUALAI"
    name_th: str = "องค์การบริหารส่วนตำบลบัวลาย (นำร่อง อำเภอบัวลาย)"
    name_en: str = "Bua Lai SAO (Bua Lai district pilot)"
    srid: int = 32648
    province_th: str = "นครราชสีมา"
    district_th: str = "บัวลาย"
    district_file: str = "boundaries/bua_lai_district.geojson"
    tambons_file: str = "boundaries/bua_lai_tambons.geojson"
    fabric_tambon: str = "TH303003"  # ตำบลบัวลาย


def pilot_villages(tambon: Any, seed: int) -> tuple[tuple[float, float], ...]:
    """Place the tambon's villages (หมู่บ้าน): a main one near the centre, others 2.5 km apart."""
    centre = tambon.centroid if tambon.contains(tambon.centroid) else tambon.point_on_surface()
    (x0, y0, x1, y1) = tambon.bounds
    half_side = max(x1 - x0, y1 - y0) / 2
    inner = tambon.buffer(-700)  # keep whole villages inside the tambon
    lattice = village_lattice((centre.x, centre.y), half_side, seed, spacing_m=2500.0)
    return tuple(p for p in lattice if p == (centre.x, centre.y) or inner.contains(Point(p)))


def pilot_is_loaded(engine: Engine, seed: int, pilot: Pilot = Pilot()) -> bool:
    """Tell whether the pilot is loaded with this seed and generator version."""
    with UnitOfWork(engine) as uow:
        current = lao_repo.lao_settings(uow.conn, pilot.code)
    return bool(current) and current.get("demo") == {  # type: ignore[union-attr]
        "seed": seed,
        "generator": GENERATOR_VERSION,
    }


def load_pilot(
    settings: Settings, engine: Engine, *, seed: int, progress: Console, pilot: Pilot = Pilot()
) -> str:
    """Replace the pilot LAO with a freshly generated one; return a one-line summary."""
    data = settings.shared_data_dir
    progress.print(f"reading boundaries from {data}")
    boundary = read_boundary(data / pilot.district_file, pilot.srid)
    tambons = read_vector(Path(data / pilot.tambons_file), field="tambons")
    to_storage = operation(tambons.crs, pilot.srid)
    tambon_rows = [
        {
            "kind": "tambon",
            "pcode": row.ADM3_PCODE,
            "name_th": row.ADM3_TH,
            "name_en": row.ADM3_EN,
            "geom": bulk.multi(to_storage.transform_geometries(row.geometry)),
        }
        for row in tambons.itertuples()
    ]
    [area] = [t for t in tambon_rows if t["pcode"] == pilot.fabric_tambon]
    tambon_geom = area["geom"]
    centres = pilot_villages(tambon_geom, seed)

    progress.print(f"generating the parcel fabric of ตำบล{area['name_th']} (seed {seed})")
    fabric = generate_fabric(tambon_geom, FabricSpec(seed=seed, village_centres=centres))
    frame = fabric.parcels
    centroids = shapely.centroid(frame.geometry.to_numpy())
    to_indian = operation(pilot.srid, "EPSG:4240")
    lon, lat = to_indian.transform(shapely.get_x(centroids), shapely.get_y(centroids))
    sheets = sheet_4000_names(lon, lat)
    village_no = _village_numbers(centroids, fabric.villages)
    records = land_records(
        frame,
        sheets,
        village_no,
        seed=seed,
        tambon_th=area["name_th"],
        amphoe_th=pilot.district_th,
    )

    progress.print(
        f"writing {len(frame):,} parcels, {len(fabric.blocks)} blocks, {len(fabric.zones)} zones"
    )
    with UnitOfWork(engine) as uow:
        conn = uow.conn
        existing = conn.execute(laos.select().where(laos.c.code == pilot.code)).first()
        if existing is not None:
            lao_repo.delete_lao(conn, existing.id)
        lao_id = lao_repo.insert_lao(
            conn,
            {
                "code": pilot.code,
                "name_th": pilot.name_th,
                "name_en": pilot.name_en,
                "srid": pilot.srid,
                "kind": "sao",
                "province_th": pilot.province_th,
                "district_th": pilot.district_th,
                "settings": {
                    "demo": {"seed": seed, "generator": GENERATOR_VERSION},
                    # The LAO's tax ID (13 digits, check digit valid) and suffix 00: biller of
                    # the Thai QR and bank barcode on notices (a demo number, not a real one).
                    "payment": {"biller_id": "099400016453000"},
                    "letterhead": {
                        "name_th": "องค์การบริหารส่วนตำบลบัวลาย",
                        "address_lines": [
                            "ที่ทำการองค์การบริหารส่วนตำบลบัวลาย อำเภอบัวลาย",
                            "จังหวัดนครราชสีมา 30120",
                        ],
                        "phone": "0 4400 0000 (ตัวอย่าง)",
                    },
                },
            },
            boundary,
        )
        for t in tambon_rows:
            lao_repo.insert_admin_area(conn, lao_id, pilot.srid, **t)
        bulk.insert_non_parcel_areas(
            conn,
            lao_id,
            pilot.srid,
            [
                {
                    "kind": r.get("kind", "road"),
                    "name_th": r.get("name_th"),
                    "name_en": r.get("name_en"),
                    "geom": r["geometry"],
                }
                for r in fabric.roads
            ],
        )
        zone_ids = bulk.insert_zones(
            conn,
            lao_id,
            pilot.srid,
            [
                {"code": z["code"], "name": f"โซน {z['code']}", "geom": z["geometry"]}
                for z in fabric.zones
            ],
        )
        lots = frame.groupby("block_code")["lot"].max().to_dict()
        block_ids = bulk.insert_blocks(
            conn,
            lao_id,
            pilot.srid,
            [
                {
                    "zone_id": zone_ids[b["zone"]],
                    "code": b["code"],
                    "geom": b["geometry"],
                    "next_lot": int(lots.get(b["code"], 0)) + 1,
                }
                for b in fabric.blocks
            ],
        )
        rows = [
            {
                **rec,
                "block_id": block_ids[block_code],
                "lot": int(lot),
                "geom": geom,
                "valid_from": FABRIC_VALID_FROM,
            }
            for rec, block_code, lot, geom in zip(
                records, frame["block_code"], frame["lot"], frame.geometry, strict=True
            )
        ]
        count = bulk.insert_parcels(conn, lao_id, pilot.srid, rows)
        progress.print("generating the property register (owners, rights, buildings, signs)")
        stored = dict(
            conn.execute(sa.select(parcels.c.code, parcels.c.id).where(parcels.c.lao_id == lao_id))
            .tuples()
            .all()
        )
        register_input = frame.assign(village_no=village_no)
        register = generate_register(register_input, seed)
        parcel_ids = {i: stored[c] for i, c in enumerate(frame["code"])}
        register_counts = load_register(
            conn, lao_id, pilot.srid, register, parcel_ids, FABRIC_VALID_FROM
        )
        uow.commit()
    progress.print("giving the fabric a past: splits, merges and a boundary survey in 2021-2024")
    history = add_history(engine, pilot.code, lao_id)
    priced = price_pilot(engine, pilot, seed)
    from taxmap.demo.layers import load_demo_layers

    progress.print("generating planning layers (land use, plan, flood, land cover) with mismatches")
    layers = load_demo_layers(
        settings, engine, pilot.code, lao_id, pilot.srid, pilot.fabric_tambon, seed
    )
    total_m2 = float(frame["area_m2"].sum())
    return (
        f"pilot {pilot.code}: {count:,} parcels in {len(fabric.blocks)} blocks and "
        f"{len(fabric.zones)} zones, {total_m2 / 1600:,.0f} rai; 4 tambons; "
        f"{len(fabric.roads)} road pieces; register: "
        + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in register_counts.items())
        + "; land prices: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(priced.by_source.items()))
        + "; history: "
        + "; ".join(history)
        + f"; planning layers: {layers['layers']}"
    )


PILOT_ROUND = "B.E. 2566-2569"


def price_pilot(engine: Engine, pilot: Pilot, seed: int) -> Assignment:
    """Give the pilot an appraisal round with one unit per block and price every parcel."""
    rng = np.random.default_rng(seed + 7)
    create_round(pilot.code, PILOT_ROUND, 2566, 2569, engine)
    with UnitOfWork(engine) as uow:
        lao = lao_repo.get_lao(uow.conn, pilot.code)
        round_id = uow.conn.execute(
            sa.select(appraisal_rounds.c.id).where(
                appraisal_rounds.c.lao_id == lao.id, appraisal_rounds.c.name == PILOT_ROUND
            )
        ).scalar_one()
        rows = uow.conn.execute(
            sa.select(blocks.c.code, blocks.c.geom, sa.func.ST_Area(blocks.c.geom))
            .where(blocks.c.lao_id == lao.id)
            .order_by(blocks.c.code)
        ).all()
        units = []
        for code, geom, area in rows:
            # Village blocks (small) are dear; open farmland cheap, as on real appraisal maps.
            village = area < 150_000
            low, high = (3_000, 9_000) if village else (150, 800)
            price = Decimal(int(rng.integers(low, high) // 50 * 50))
            units.append(
                {
                    "lao_id": lao.id,
                    "round_id": round_id,
                    "kind": "block",
                    "code": code,
                    "price_per_sq_wah": price,
                    "geom": geom,
                }
            )
        uow.conn.execute(sa.insert(appraisal_units), units)
        uow.commit()
    return assign_land_prices(pilot.code, PILOT_ROUND, engine)


def _village_numbers(centroids: np.ndarray, villages: list[dict[str, Any]]) -> np.ndarray:
    """Give each parcel the number (หมู่) of the nearest village."""
    if not villages:
        return np.ones(len(centroids), dtype=int)
    points = [v["geometry"].centroid for v in villages]
    distances = np.column_stack([shapely.distance(centroids, p) for p in points])
    numbers = np.array([v["number"] for v in villages])
    return np.asarray(numbers[distances.argmin(axis=1)])
