"""Smart-environment indicators per tambon: green area per resident, built-up share, flood
exposure, farmland built over; land cover read from rasters with exact cell coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import rasterio
import shapely
import sqlalchemy as sa
from numpy.typing import NDArray
from rasterio.io import MemoryFile
from sqlalchemy.engine import Connection

from landuse.overlays import class_fractions
from taxmap.core.errors import InvalidInput

SQL = Path(__file__).parent / "sql"


def tambons(conn: Connection, lao_id: int) -> tuple[list[str], list[str], NDArray[np.object_]]:
    """Return the pcodes, Thai names and geometries of the LAO's tambons."""
    rows = conn.execute(
        sa.text(
            "SELECT pcode, name_th, ST_AsBinary(geom) FROM admin_areas "
            "WHERE lao_id = :lao AND kind = 'tambon' ORDER BY pcode"
        ),
        {"lao": lao_id},
    ).all()
    geoms = shapely.from_wkb(np.array([bytes(r[2]) for r in rows], dtype=object))
    return [r[0] for r in rows], [r[1] for r in rows], geoms


def group_areas(
    geoms: NDArray[np.object_], srid: int, raster: Path | Any, layer: Any, groups: dict[str, str]
) -> pd.DataFrame:
    """Return the area (m²) of each class group of a raster layer in each geometry."""
    t = layer.raster_transform
    fr = class_fractions(geoms, srid, raster, layer.source_crs, abs(t[0] * t[4]))
    fr = fr.assign(
        group=fr["class_code"].map(groups),
        area_m2=fr["frac"] * shapely.area(geoms)[fr["i"].to_numpy(dtype=np.int64)],
    )
    return fr.groupby(["i", "group"], as_index=False)["area_m2"].sum()


def built_over(
    geoms: NDArray[np.object_],
    srid: int,
    before: tuple[Path, Any],
    after: tuple[Path, Any],
    farm_codes: set[float],
    built_codes: set[float],
) -> NDArray[np.float64]:
    """Return the area (m²) per geometry of cells that were farmland before and built after."""
    (old_path, old_layer), (new_path, new_layer) = before, after
    if list(old_layer.raster_transform) != list(new_layer.raster_transform) or (
        old_layer.raster_width,
        old_layer.raster_height,
    ) != (new_layer.raster_width, new_layer.raster_height):
        raise InvalidInput(
            "since",
            f"land cover of {old_layer.as_of} and {new_layer.as_of} are on different grids; "
            "resample one onto the other's grid before comparing them.",
            "ภาพสิ่งปกคลุมดินสองช่วงเวลามีกริดไม่ตรงกัน",
        )
    with rasterio.open(old_path) as a, rasterio.open(new_path) as b:
        old, new, profile = a.read(1), b.read(1), a.profile
    changed = np.isin(old, list(farm_codes)) & np.isin(new, list(built_codes))
    mask = np.where(changed, 1, 2).astype(np.uint8)
    profile.update(dtype="uint8", nodata=0, count=1)
    t = old_layer.raster_transform
    with MemoryFile() as mem:
        with mem.open(**profile) as out_ds:
            out_ds.write(mask, 1)
        with mem.open() as ds:
            fr = class_fractions(geoms, srid, ds, old_layer.source_crs, abs(t[0] * t[4]))
    hit = fr[fr["class_code"] == "1"]
    out = np.zeros(len(geoms))
    idx = hit["i"].to_numpy(dtype=np.int64)
    out[idx] = hit["frac"].to_numpy() * shapely.area(geoms)[idx]
    return out


def flood_exposure(conn: Connection, lao_id: int, layer_id: int) -> dict[str, dict[str, Any]]:
    """Return parcels and buildings in the flood layer per tambon (by name), with their value."""
    sql = sa.text((SQL / "flood_exposure.sql").read_text())
    rows = conn.execute(sql, {"lao": lao_id, "layer": layer_id}).mappings().all()
    return {
        r["tambon"]: {
            "parcels": int(r["parcels"]),
            "parcel_area_m2": round(float(r["parcel_area_m2"]), 2),
            "parcel_value": r["parcel_value"],
            "buildings": int(r["buildings"]),
            "building_value": r["building_value"],
        }
        for r in rows
    }
