"""A small LAO with hand-made planning layers whose overlays, queries and indicators are known.

Four 100 m x 100 m parcels in a row (P1..P4 = 01A001, 01A002, 01B003, 01B004), two tambons
(T1: P1, P2; T2: P3, P4), land use P1 agri, P2 vacant, P3 other, P4 agri. Land cover 2024:
parcel row all crop west of x+200 and built east of it, so P2 (vacant) is cropped and P4
(agri) built up; plan zone ก.2 (conservation) on P3 (other). A 2020 land cover is all crop
below y+100. Tax at stake: P2 300.00, P4 120.00, P3 50.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import rasterio
import sqlalchemy as sa
from rasterio.transform import from_origin
from shapely.geometry import LineString, Point, box
from sqlalchemy.engine import Connection, Engine

from landuse.model import ImportLayer
from landuse.services import import_layer
from parcels.fabric import bulk
from parcels.register.orm import buildings, land_use_pieces, signs
from taxmap.admin import repository as lao_repo
from taxmap.core.db import UnitOfWork
from taxmap.core.settings import Settings

X, Y = 230_000.0, 1_730_000.0
SRID = 32648
T1, T2 = "ทดสอบหนึ่ง", "ทดสอบสอง"
CODES = ("01A001", "01A002", "01B003", "01B004")


def _geojson(path: Path, features: list[tuple[Any, dict[str, Any]]]) -> Path:
    """Write the features as a GeoPackage in the LAO's CRS (the name keeps its stem)."""
    target = path.with_suffix(".gpkg")
    columns = sorted({k for _, props in features for k in props})
    frame = gpd.GeoDataFrame(
        {c: [props.get(c) for _, props in features] for c in columns},
        geometry=[geom for geom, _ in features],
        crs=SRID,
    )
    frame.to_file(target, driver="GPKG")
    return target


def _raster(path: Path, values: np.ndarray, origin_x: float = X) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[0],
        width=values.shape[1],
        count=1,
        dtype=values.dtype,
        crs=f"EPSG:{SRID}",
        transform=from_origin(origin_x, Y + 200, 10, 10),
        nodata=0,
    ) as dst:
        dst.write(values, 1)
    return path


def cover_2024() -> np.ndarray:
    """Land cover 2024, 20 rows x 40 columns of 10 m (rows from the north)."""
    a = np.zeros((20, 40), dtype=np.uint8)
    a[10:, :20] = 40  # parcel row, west: crop (P1 agri, P2 vacant -> cropped)
    a[10:, 20:] = 50  # parcel row, east: built (P3, P4 agri -> built up)
    a[:10, :10], a[:10, 10:20] = 10, 30  # T1 north: trees, grass
    a[:10, 20:30], a[:10, 30:] = 50, 80  # T2 north: built, water
    return a


def cover_2020() -> np.ndarray:
    """Land cover 2020: the parcel row all crop; the north as in 2024."""
    a = cover_2024()
    a[10:, :] = 40
    return a


def build(bind: Engine | Connection, settings: Settings, folder: Path, lao: str) -> int:
    """Create the LAO, its register, a roll and every layer; return the LAO id."""
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao_id = lao_repo.insert_lao(
            conn,
            {
                "code": lao,
                "name_th": "ทดสอบผังเมือง",
                "name_en": "Planning test",
                "srid": SRID,
                "settings": {"population": {"T1": 100, "T2": 50}},
            },
            bulk.multi(box(X, Y, X + 400, Y + 200)),
        )
        for pcode, name, x0 in (("T1", T1, X), ("T2", T2, X + 200)):
            lao_repo.insert_admin_area(
                conn,
                lao_id,
                SRID,
                kind="tambon",
                pcode=pcode,
                name_th=name,
                name_en=pcode,
                geom=bulk.multi(box(x0, Y, x0 + 200, Y + 200)),
            )
        zone = bulk.insert_zones(
            conn, lao_id, SRID, [{"code": "01", "geom": box(X, Y, X + 400, Y + 100)}]
        )
        block = bulk.insert_blocks(
            conn,
            lao_id,
            SRID,
            [
                {"zone_id": zone["01"], "code": "01A", "geom": box(X, Y, X + 200, Y + 100)},
                {"zone_id": zone["01"], "code": "01B", "geom": box(X + 200, Y, X + 400, Y + 100)},
            ],
        )
        bulk.insert_parcels(
            conn,
            lao_id,
            SRID,
            [
                {
                    "code": code,
                    "block_id": block[code[:3]],
                    "lot": n + 1,
                    "tambon": T1 if n < 2 else T2,
                    "geom": box(X + 100 * n, Y, X + 100 * (n + 1), Y + 100),
                    "valid_from": date(2020, 1, 1),
                }
                for n, code in enumerate(CODES)
            ],
        )
        ids = dict(
            conn.execute(sa.text("SELECT code, id FROM parcels WHERE lao_id = :l"), {"l": lao_id})
            .tuples()
            .all()
        )
        for code, category in zip(CODES, ("agri", "vacant", "other", "agri"), strict=True):
            conn.execute(
                sa.insert(land_use_pieces).values(
                    lao_id=lao_id,
                    parcel_id=ids[code],
                    category=category,
                    area_sq_wah=Decimal("2500.00"),
                    valid_from=date(2020, 1, 1),
                )
            )
        building_ids = {}
        for code, x0, parcel in (("B1", X + 210, "01B003"), ("B2", X + 360, "01B004")):
            building_ids[code] = conn.execute(
                sa.insert(buildings)
                .values(
                    lao_id=lao_id,
                    code=code,
                    parcel_id=ids[parcel],
                    footprint=sa.func.ST_GeomFromText(
                        box(x0, Y + 10, x0 + 20, Y + 30).wkt.replace("POLYGON", "MULTIPOLYGON (")
                        + ")",
                        SRID,
                    ),
                    valid_from=date(2020, 1, 1),
                )
                .returning(buildings.c.id)
            ).scalar_one()
        conn.execute(
            sa.insert(signs).values(
                lao_id=lao_id,
                code="S1",
                parcel_id=ids["01B003"],
                sign_type=1,
                width_cm=100,
                height_cm=50,
                position=sa.func.ST_GeomFromText(Point(X + 250, Y + 50).wkt, SRID),
                valid_from=date(2020, 1, 1),
            )
        )
        roll = conn.execute(
            sa.text(
                "INSERT INTO tax_rolls (lao_id, tax_year, as_of, assessed_by, taxpayers, "
                "land_building_tax, signboard_tax, exempt_parcels, unpriced_parcels, "
                "unvalued_buildings, data) VALUES (:l, 2026, '2026-01-01', 'test', 3, 470, 0, "
                "0, 0, 0, '{}') RETURNING id"
            ),
            {"l": lao_id},
        ).scalar_one()
        lines = [
            (1, "01A002", None, "300.00", "3000000"),
            (2, "01B004", None, "120.00", "1000000"),
            (3, "01B003", None, "50.00", "800000"),
            (4, None, "B2", "10.00", "500000"),
        ]
        for n, parcel, building, amount, value in lines:
            conn.execute(
                sa.text(
                    "INSERT INTO assessment_lines (lao_id, roll_id, taxpayer_no, line_no, tax, "
                    "rule, data, item, parcel_id, building_id, value, allowance, before_rounding,"
                    " amount) VALUES (:l, :r, :n, 1, 'lbt', 'test', 'test', 'x', :p, :b, :v, 0, "
                    ":a, :a)"
                ),
                {
                    "l": lao_id,
                    "r": roll,
                    "n": n,
                    "p": ids[parcel] if parcel else None,
                    "b": building_ids[building] if building else None,
                    "v": Decimal(value),
                    "a": Decimal(amount),
                },
            )
        uow.commit()
    _layers(bind, settings, folder, lao)
    return lao_id


def _layers(bind: Engine | Connection, settings: Settings, folder: Path, lao: str) -> None:
    f = folder
    ldd_2024 = _geojson(
        f / "ldd_2024.geojson",
        [
            (box(X, Y, X + 140, Y + 200), {"LU_CODE": "A101"}),
            (box(X + 140, Y, X + 400, Y + 200), {"LU_CODE": "U2+A1"}),
        ],
    )
    ldd_2020 = _geojson(f / "ldd_2020.geojson", [(box(X, Y, X + 400, Y + 200), {"LU_CODE": "A1"})])
    zones = _geojson(
        f / "zones.geojson",
        [
            (box(X, Y, X + 200, Y + 200), {"ZONE": "ก.1"}),
            (box(X + 200, Y, X + 300, Y + 200), {"ZONE": "ก.2"}),
            (box(X + 300, Y, X + 400, Y + 200), {"ZONE": "ก.1"}),
        ],
    )
    flood = _geojson(
        f / "flood.geojson", [(box(X + 350, Y - 50, X + 450, Y + 250), {"name": "ห้วย"})]
    )
    river = _geojson(
        f / "river.geojson",
        [(LineString([(X + 390, Y - 100), (X + 390, Y + 300)]), {"name": "ห้วยทดสอบ"})],
    )
    road = _geojson(
        f / "road.geojson", [(LineString([(X, Y + 150), (X + 400, Y + 150)]), {"kind": "main"})]
    )
    seen_buildings = _geojson(
        f / "buildings.geojson",
        [
            (box(X + 210, Y + 10, X + 230, Y + 30), {}),
            (box(X + 360, Y + 10, X + 380, Y + 30), {}),
            (box(X + 310, Y + 10, X + 330, Y + 30), {"note": "not registered"}),
        ],
    )
    seen_signs = _geojson(
        f / "signs.geojson",
        [(Point(X + 252, Y + 50), {}), (Point(X + 150, Y + 50), {"text": "ร้านค้า"})],
    )
    rasters = {
        "lc2024": _raster(f / "lc2024.tif", cover_2024()),
        "lc2020": _raster(f / "lc2020.tif", cover_2020()),
    }
    depth = np.zeros((20, 40), dtype=np.float32)
    depth[:, 30:] = 1.5
    depth[:, 35:] = 2.5
    rasters["depth"] = _raster(f / "depth.tif", depth)
    specs = [
        (ldd_2024, "ldd_landuse", "ldd", date(2024, 1, 1)),
        (ldd_2020, "ldd_landuse", "ldd", date(2020, 1, 1)),
        (zones, "plan_zone", "zones", date(2024, 1, 1)),
        (flood, "flood_prone", "flood", date(2024, 1, 1)),
        (river, "river", "river", date(2024, 1, 1)),
        (road, "road", "road", date(2024, 1, 1)),
        (seen_buildings, "building_observed", "seen_buildings", date(2025, 1, 1)),
        (seen_signs, "sign_observed", "seen_signs", date(2025, 1, 1)),
        (rasters["lc2024"], "land_cover", "cover", date(2024, 1, 1)),
        (rasters["lc2020"], "land_cover", "cover", date(2020, 1, 1)),
        (rasters["depth"], "flood_depth", "depth", date(2024, 1, 1)),
    ]
    for path, theme, code, as_of in specs:
        import_layer(
            ImportLayer(
                lao_code=lao, path=str(path), theme=theme, code=code, as_of=as_of, actor="test"
            ),
            settings,
            bind,
        )
