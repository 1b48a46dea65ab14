"""Per-parcel overlays: exact class areas and shares, and raster statistics, per layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa
from exactextract import exact_extract
from numpy.typing import NDArray
from sqlalchemy.engine import Connection

from landuse.orm import parcel_layer_classes, parcel_layer_stats
from parcels.fabric.repository import active_parcels_wkb
from taxmap.core.copyio import copy_frame
from taxmap.core.crs import operation

SQL = Path(__file__).parent / "sql"
GeomArray = NDArray[np.object_]


def _in_raster_crs(geoms: GeomArray, srid: int, raster_crs: str) -> gpd.GeoDataFrame:
    """Return the geometries as a frame in the raster's CRS, with their position as `i`."""
    moved = operation(srid, raster_crs).transform_geometries(geoms)
    return gpd.GeoDataFrame({"i": np.arange(len(geoms))}, geometry=moved, crs=raster_crs)


def class_fractions(
    geoms: GeomArray, srid: int, raster: Path | Any, raster_crs: str, cell_area: float
) -> pd.DataFrame:
    """Return (i, class_code, frac) of each raster class in each geometry, by exact coverage.

    `frac` is the share of the geometry's area in cells of that class (cells cut by the
    boundary count by the fraction covered; nodata and area off the raster count for no
    class); `i` is the geometry's position.
    """
    if len(geoms) == 0:
        return pd.DataFrame({"i": [], "class_code": [], "frac": []})
    frame = _in_raster_crs(geoms, srid, raster_crs)
    raw = exact_extract(
        str(raster) if isinstance(raster, Path) else raster,
        frame,
        ["unique", "frac", "count"],
        include_cols=["i"],
        output="pandas",
    )
    area = shapely.area(frame.geometry.to_numpy())
    # Rounded to 1e-6: in a geographic CRS a transformed edge bends a little, so a
    # parcel wholly on the raster would otherwise cover 0.999999998 of itself.
    covered = np.round(
        np.minimum(1.0, raw["count"].to_numpy() * cell_area / np.maximum(area, 1e-12)), 6
    )
    lengths = raw["unique"].map(len).to_numpy()
    if lengths.sum() == 0:
        return pd.DataFrame({"i": [], "class_code": [], "frac": []})
    values = np.concatenate([np.asarray(v) for v in raw["unique"] if len(v)])
    fracs = np.concatenate(
        [np.asarray(v, dtype=float) * c for v, c in zip(raw["frac"], covered, strict=True)]
    )
    codes = pd.Series(values).map(lambda v: f"{v:g}" if isinstance(v, float) else str(v))
    return pd.DataFrame(
        {"i": np.repeat(raw["i"].to_numpy(), lengths), "class_code": codes, "frac": fracs}
    )


def raster_statistics(
    geoms: GeomArray, srid: int, raster: Path, raster_crs: str, cell_area: float
) -> pd.DataFrame:
    """Return coverage-weighted mean, min, max, stdev and covered share per geometry."""
    frame = _in_raster_crs(geoms, srid, raster_crs)
    raw = exact_extract(
        str(raster),
        frame,
        ["mean", "min", "max", "stdev", "count"],
        include_cols=["i"],
        output="pandas",
    )
    area = shapely.area(frame.geometry.to_numpy())
    # Rounded to 1e-6: in a geographic CRS a transformed edge bends a little, so a
    # parcel wholly on the raster would otherwise cover 0.999999998 of itself.
    covered = np.round(
        np.minimum(1.0, raw["count"].to_numpy() * cell_area / np.maximum(area, 1e-12)), 6
    )
    out = raw[["i", "mean", "min", "max", "stdev"]].copy()
    out["covered_share"] = covered
    return out


def _clear(conn: Connection, table: sa.Table, lao_id: int, layer_id: int) -> None:
    conn.execute(sa.delete(table).where(table.c.lao_id == lao_id, table.c.layer_id == layer_id))


def refresh_vector(conn: Connection, lao_id: int, layer_id: int) -> int:
    """Recompute a vector layer's class areas in every active parcel; return rows written."""
    _clear(conn, parcel_layer_classes, lao_id, layer_id)
    sql = sa.text((SQL / "vector_overlay.sql").read_text())
    return int(conn.execute(sql, {"lao": lao_id, "layer": layer_id}).rowcount)


def refresh_raster(
    conn: Connection, lao_id: int, srid: int, layer: Any, raster: Path, *, continuous: bool
) -> int:
    """Recompute a raster layer's class fractions (or statistics) in every active parcel."""
    ids, _codes, _blocks, wkb = active_parcels_wkb(conn, lao_id)
    if not ids:
        return 0
    t = layer.raster_transform
    geoms = shapely.from_wkb(np.array(wkb, dtype=object))
    parcel_ids = np.asarray(ids, dtype=np.int64)
    if continuous:
        _clear(conn, parcel_layer_stats, lao_id, layer.id)
        stats = raster_statistics(geoms, srid, raster, layer.source_crs, abs(t[0] * t[4]))
        stats = stats.assign(lao_id=lao_id, layer_id=layer.id, parcel_id=parcel_ids[stats["i"]])
        columns = ["lao_id", "layer_id", "parcel_id", "mean", "min", "max", "stdev"]
        copy_frame(conn, "parcel_layer_stats", stats[[*columns, "covered_share"]])
        return len(stats)
    _clear(conn, parcel_layer_classes, lao_id, layer.id)
    fractions = class_fractions(geoms, srid, raster, layer.source_crs, abs(t[0] * t[4]))
    fractions = fractions[fractions["frac"] > 0]
    idx = fractions["i"].to_numpy(dtype=np.int64)
    area = shapely.area(geoms)[idx]
    frame = pd.DataFrame(
        {
            "lao_id": lao_id,
            "layer_id": layer.id,
            "parcel_id": parcel_ids[idx],
            "class_code": fractions["class_code"].to_numpy(),
            "area_m2": area * fractions["frac"].to_numpy(),
            "share": fractions["frac"].to_numpy(),
        }
    )
    copy_frame(conn, "parcel_layer_classes", frame)
    return len(frame)
