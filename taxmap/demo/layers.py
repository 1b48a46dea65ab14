"""Load the pilot's planning layers: generate them (layer_gen.py), write them as files and
import them like any planner's files, so the demo exercises the real import and overlays."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
import sqlalchemy as sa
from rasterio.features import rasterize
from rasterio.transform import from_origin
from sqlalchemy.engine import Engine

from landuse.model import ImportLayer
from landuse.services import import_layer
from taxmap.admin.orm import laos
from taxmap.core.db import UnitOfWork
from taxmap.core.settings import Settings
from taxmap.demo.layer_gen import FLOOD_M, DemoLayers, dissolve, generate_layers

CELL_M = 10.0
# Thai households average about 3 people (NSO); residents are estimated from main residences.
PEOPLE_PER_HOUSEHOLD = 3


def _read(
    engine: Engine, lao_id: int, tambon: str
) -> tuple[Any, pd.DataFrame, list[Any], list[Any], list[Any], int]:
    """Read the tambon, parcels with their dominant declared use, roads, footprints and signs."""
    with UnitOfWork(engine) as uow:
        c = uow.conn
        area = c.execute(
            sa.text("SELECT ST_AsBinary(geom) FROM admin_areas WHERE lao_id = :l AND pcode = :p"),
            {"l": lao_id, "p": tambon},
        ).scalar_one()
        rows = c.execute(
            sa.text(
                """
                SELECT p.code, ST_AsBinary(p.geom) AS wkb, u.category, u.crop
                  FROM parcels p
                  LEFT JOIN LATERAL (
                       SELECT category, crop FROM land_use_pieces u
                        WHERE u.lao_id = p.lao_id AND u.parcel_id = p.id AND u.valid_to IS NULL
                        ORDER BY u.area_sq_wah DESC, u.category LIMIT 1) u ON true
                 WHERE p.lao_id = :l AND p.status = 'active' ORDER BY p.code
                """
            ),
            {"l": lao_id},
        ).all()
        roads = c.execute(
            sa.text(
                "SELECT ST_AsBinary(geom), kind FROM non_parcel_areas WHERE lao_id = :l ORDER BY id"
            ),
            {"l": lao_id},
        ).all()
        footprints = c.execute(
            sa.text(
                "SELECT ST_AsBinary(footprint) FROM buildings WHERE lao_id = :l "
                "AND footprint IS NOT NULL AND valid_to IS NULL ORDER BY code"
            ),
            {"l": lao_id},
        ).scalars()
        foot = [shapely.from_wkb(bytes(w)) for w in footprints]
        signs = c.execute(
            sa.text(
                "SELECT ST_AsBinary(position) FROM signs WHERE lao_id = :l "
                "AND position IS NOT NULL AND valid_to IS NULL ORDER BY code"
            ),
            {"l": lao_id},
        ).scalars()
        points = [shapely.from_wkb(bytes(w)) for w in signs]
        homes = c.execute(
            sa.text(
                "SELECT count(*) FROM land_use_pieces WHERE lao_id = :l "
                "AND category = 'res_main' AND valid_to IS NULL"
            ),
            {"l": lao_id},
        ).scalar_one()
    frame = pd.DataFrame(
        {
            "code": [r.code for r in rows],
            "geometry": shapely.from_wkb(np.array([bytes(r.wkb) for r in rows], dtype=object)),
            "category": [r.category for r in rows],
            "crop": [r.crop for r in rows],
        }
    )
    road_geoms = [(shapely.from_wkb(bytes(w)), k) for w, k in roads]
    return shapely.from_wkb(bytes(area)), frame, road_geoms, foot, points, int(homes)


def _vector(folder: Path, name: str, shapes: list[tuple[Any, Any]], field: str, srid: int) -> Path:
    path = folder / f"{name}.gpkg"
    gpd.GeoDataFrame(
        {field: [c for _, c in shapes]}, geometry=[g for g, _ in shapes], crs=srid
    ).to_file(path, driver="GPKG")
    return path


def _grid(area: Any) -> tuple[Any, int, int]:
    x0, y0, x1, y1 = area.bounds
    x0, y1 = np.floor(x0 / CELL_M) * CELL_M, np.ceil(y1 / CELL_M) * CELL_M
    width, height = int(np.ceil((x1 - x0) / CELL_M)), int(np.ceil((y1 - y0) / CELL_M))
    return from_origin(x0, y1, CELL_M, CELL_M), width, height


def _raster(path: Path, values: np.ndarray, transform: Any, srid: int, nodata: float) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[0],
        width=values.shape[1],
        count=1,
        dtype=values.dtype,
        crs=f"EPSG:{srid}",
        transform=transform,
        nodata=nodata,
        compress="deflate",
        tiled=True,
    ) as dst:
        dst.write(values, 1)
    return path


def _rasters(folder: Path, area: Any, g: DemoLayers, srid: int) -> dict[str, Path]:
    """Burn land cover for 2020 and 2024, and derive flood depth and elevation from the stream."""
    transform, width, height = _grid(area)
    shape = (height, width)
    inside = rasterize([(area, 1)], out_shape=shape, transform=transform, fill=0, dtype="uint8")
    out = {}
    for year, shapes in g.cover.items():
        cover = rasterize(shapes, out_shape=shape, transform=transform, fill=30, dtype="uint8")
        cover[inside == 0] = 0
        out[f"cover{year}"] = _raster(folder / f"cover{year}.tif", cover, transform, srid, 0)
    rows, cols = np.mgrid[0:height, 0:width]
    xs, ys = rasterio.transform.xy(transform, rows.ravel(), cols.ravel())
    d = shapely.distance(shapely.points(np.asarray(xs), np.asarray(ys)), g.stream).reshape(shape)
    depth = np.where(d < FLOOD_M, 2.0 * (1 - d / FLOOD_M), 0).astype(np.float32)
    depth[inside == 0] = 0
    out["depth"] = _raster(folder / "depth.tif", depth, transform, srid, 0)
    y = np.asarray(ys).reshape(shape)
    elev = (182.0 + 6.0 * np.minimum(d, 1500) / 1500 + (y - y.min()) / 2000).astype(np.float32)
    elev[inside == 0] = -9999
    out["elevation"] = _raster(folder / "elevation.tif", elev, transform, srid, -9999)
    return out


def load_demo_layers(
    settings: Settings,
    engine: Engine,
    lao_code: str,
    lao_id: int,
    srid: int,
    tambon: str,
    seed: int,
) -> dict[str, Any]:
    """Generate and import the pilot's layers; return what was planted and the layer count."""
    area, parcels, roads, footprints, signs, homes = _read(engine, lao_id, tambon)
    g = generate_layers(area, parcels, [r for r, _ in roads], footprints, signs, seed)
    with UnitOfWork(engine) as uow:
        settings_doc = dict(
            uow.conn.execute(sa.select(laos.c.settings).where(laos.c.id == lao_id)).scalar_one()
        )
        settings_doc["population"] = {tambon: homes * PEOPLE_PER_HOUSEHOLD}
        uow.conn.execute(sa.update(laos).where(laos.c.id == lao_id).values(settings=settings_doc))
        uow.commit()
    d2020, d2024, d2025 = date(2020, 1, 1), date(2024, 1, 1), date(2025, 6, 1)
    with tempfile.TemporaryDirectory(prefix="taxmap-layers-") as tmp:
        f = Path(tmp)
        rasters = _rasters(f, area, g, srid)
        specs = [
            (_vector(f, "ldd", dissolve(g.ldd), "LU_CODE", srid), "ldd_landuse", "ldd", d2024),
            (_vector(f, "zones", g.zones, "ZONE", srid), "plan_zone", "plan", d2024),
            (
                _vector(f, "flood", [(g.flood, "flood_prone")], "kind", srid),
                "flood_prone",
                "flood",
                d2024,
            ),
            (
                _vector(f, "forest", [(g.forest, "ป่าชุมชนบัวลาย")], "name", srid),
                "protected",
                "protected",
                d2024,
            ),
            (_vector(f, "river", [(g.stream, "ห้วยบัวลาย")], "name", srid), "river", "river", d2024),
            (_vector(f, "roads", roads, "kind", srid), "road", "roads", d2024),
            (
                _vector(f, "seen_buildings", [(b, "building") for b in g.buildings], "kind", srid),
                "building_observed",
                "seen_buildings",
                d2025,
            ),
            (
                _vector(f, "seen_signs", [(s, "sign") for s in g.signs], "kind", srid),
                "sign_observed",
                "seen_signs",
                d2025,
            ),
            (rasters["cover2020"], "land_cover", "cover", d2020),
            (rasters["cover2024"], "land_cover", "cover", d2024),
            (rasters["depth"], "flood_depth", "flood_depth", d2024),
            (rasters["elevation"], "elevation", "elevation", d2024),
        ]
        for path, theme, code, as_of in specs:
            import_layer(
                ImportLayer(
                    lao_code=lao_code,
                    path=str(path),
                    theme=theme,
                    code=code,
                    as_of=as_of,
                    class_field="kind" if theme == "road" else None,
                    actor="demo",
                ),
                settings,
                engine,
            )
    return {"layers": len(specs), "planted": g.planted}
