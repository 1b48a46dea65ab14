"""Read a parcel file of any supported format into geometries, attributes and its CRS."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS

from parcels.imports.geojson_check import check_geojson_text
from taxmap.core.crs import parse_crs
from taxmap.core.errors import InvalidInput
from taxmap.core.uploads import UploadLimits, check_feature_count, check_zip

SUFFIXES = {
    ".gpkg": "GeoPackage",
    ".shp": "Shapefile",
    ".zip": "zipped Shapefile",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".fgb": "FlatGeobuf",
    ".csv": "CSV with WKT",
}
WKT_COLUMNS = ("WKT", "wkt", "geom", "the_geom")


@dataclass
class SourceData:
    """What a parcel file holds, before validation."""

    path: Path
    format: str
    layer: str | None
    geometries: np.ndarray
    attributes: pd.DataFrame
    crs: CRS
    crs_from: str  # "file" or "--crs"


def _fail(path: Path, en: str, th: str) -> InvalidInput:
    return InvalidInput(
        "file", f"{path.name}: {en}", f"{path.name}: {th}", details={"path": str(path)}
    )


def _gdal_path(path: Path, limits: UploadLimits) -> str:
    """Return the path GDAL opens: a zipped Shapefile is read in place through /vsizip/."""
    if path.suffix.lower() != ".zip":
        return str(path)
    check_zip(path, limits)  # before GDAL sees it: traversal, links, bombs
    try:
        with zipfile.ZipFile(path) as archive:
            shapefiles = [n for n in archive.namelist() if n.lower().endswith(".shp")]
    except zipfile.BadZipFile:
        raise _fail(path, "not a valid zip file.", "ไฟล์ zip เสียหาย") from None
    if len(shapefiles) != 1:
        raise _fail(
            path,
            f"a zip must hold exactly one Shapefile (.shp with .shx, .dbf, .prj); found "
            f"{len(shapefiles)}.",
            "ไฟล์ zip ต้องมี Shapefile หนึ่งชุดพอดี",
        )
    return f"/vsizip/{path}/{shapefiles[0]}"


def check_geojson_file(path: Path, *, strict: bool) -> None:
    """Refuse a GeoJSON file that breaks RFC 7946 (GDAL would read some of them anyway)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(
            path,
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); GeoJSON must be UTF-8.",
            "ไฟล์ GeoJSON ต้องเป็นข้อความ UTF-8",
        ) from None
    problems = check_geojson_text(text, strict=strict)
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise _fail(
            path,
            f"not valid GeoJSON: {shown}{more}. Fix the file or export it again from QGIS.",
            f"ไฟล์ GeoJSON ไม่ถูกต้อง: {shown}{more}",
        )


def read_source(
    path: Path,
    *,
    layer: str | None = None,
    crs: str | None = None,
    strict_geojson: bool = False,
    limits: UploadLimits | None = None,
) -> SourceData:
    """Read the file; the CRS comes from the file, or from `crs` when given (which wins)."""
    limits = limits or UploadLimits()
    if not path.exists():
        raise _fail(path, "no such file.", "ไม่พบไฟล์")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise _fail(
            path,
            f"unsupported file type '{path.suffix}'; use one of "
            + ", ".join(sorted(set(SUFFIXES.values())))
            + ".",
            "ชนิดไฟล์ไม่รองรับ",
        )
    if kind == "GeoJSON":
        check_geojson_file(path, strict=strict_geojson)
    source = _gdal_path(path, limits)
    try:
        layers = pyogrio.list_layers(source)
        if layer is None and len(layers) > 1:
            names = ", ".join(str(n) for n, _ in layers)
            raise _fail(
                path,
                f"the file has several layers ({names}); choose one with --layer.",
                f"ไฟล์มีหลายชั้นข้อมูล ({names}) ให้เลือกด้วย --layer",
            )
        # Count first (cheap, no full read) so an oversized layer is refused before loading.
        info = pyogrio.read_info(source, layer=layer, force_feature_count=True)
        check_feature_count(path.name, int(info["features"]), limits)
        # CSV: the WKT column becomes the geometry and is not kept as an attribute.
        options = (
            {"GEOM_POSSIBLE_NAMES": ",".join(WKT_COLUMNS), "KEEP_GEOM_COLUMNS": "NO"}
            if kind == "CSV with WKT"
            else {}
        )
        frame = pyogrio.read_dataframe(source, layer=layer, use_arrow=True, **options)
    except (DataSourceError, DataLayerError) as exc:
        reason = str(exc).splitlines()[0]
        raise _fail(path, f"GDAL cannot read it as {kind}: {reason}", "อ่านไฟล์ไม่ได้") from None
    if kind == "CSV with WKT" and (
        not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all()
    ):
        raise _fail(
            path,
            "no geometry column found; name the column of WKT polygons 'WKT'.",
            "ไม่พบคอลัมน์รูปแปลงแบบ WKT",
        )
    if crs is not None:
        chosen, crs_from = parse_crs(crs, field="crs"), "--crs"
    elif frame.crs is not None:
        chosen, crs_from = CRS.from_user_input(frame.crs), "file"
    else:
        raise _fail(
            path,
            "the file does not say its coordinate reference system; give it with --crs "
            "(e.g. --crs EPSG:24048 for Land Office data on Indian 1975 / UTM 48N).",
            "ไฟล์ไม่ได้ระบุระบบพิกัด ให้ระบุด้วย --crs",
        )
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    return SourceData(
        path=path,
        format=kind,
        layer=layer or (str(layers[0][0]) if len(layers) else None),
        geometries=frame.geometry.to_numpy(),
        attributes=attributes.reset_index(drop=True),
        crs=chosen,
        crs_from=crs_from,
    )
