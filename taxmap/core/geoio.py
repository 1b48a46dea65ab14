"""Read vector files (GeoPackage, Shapefile, GeoJSON, FlatGeobuf) through pyogrio."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
from pyogrio.errors import DataSourceError

from taxmap.core.errors import InvalidInput


def read_vector(path: Path, *, field: str, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a vector file into a GeoDataFrame, or name the file and say what is wrong."""
    if not path.exists():
        raise InvalidInput(
            field, f"{path}: no such file.", f"ไม่พบไฟล์ {path}", details={"path": str(path)}
        )
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except DataSourceError as exc:
        raise InvalidInput(
            field,
            f"{path}: not a vector file GDAL can read ({str(exc).splitlines()[0]}). "
            "Give a GeoPackage, Shapefile, GeoJSON or FlatGeobuf file.",
            f"{path}: อ่านไฟล์แผนที่ไม่ได้ ใช้ GeoPackage, Shapefile, GeoJSON หรือ FlatGeobuf",
            details={"path": str(path)},
        ) from None
    if frame.crs is None:
        raise InvalidInput(
            field,
            f"{path}: the file does not say its coordinate reference system; "
            "save it with a CRS (e.g. EPSG:4326 or EPSG:24048).",
            f"{path}: ไฟล์ไม่ได้ระบุระบบพิกัด",
            details={"path": str(path)},
        )
    return frame
