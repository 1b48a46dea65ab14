"""Check a raster planning layer (rasterio) and keep a copy of it under the LAO's data folder."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.errors import RasterioIOError
from rasterio.warp import transform_bounds
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from landuse.classes import class_table
from landuse.model import Theme
from taxmap.core.crs import crs_label
from taxmap.core.errors import InvalidInput

# Class values are checked on a sample of at most this many cells per side.
_SAMPLE_SIDE = 1024


@dataclass
class RasterInfo:
    """What the layer row keeps about a raster file."""

    crs: str
    transform: list[float]
    width: int
    height: int
    nodata: float | None
    dtype: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    values: list[float] = field(default_factory=list)


def _fail(path: Path, en: str, th: str) -> InvalidInput:
    return InvalidInput(
        "file", f"{path.name}: {en}", f"{path.name}: {th}", details={"path": str(path)}
    )


def inspect_raster(
    path: Path, theme: Theme, *, srid: int, boundary: BaseGeometry | None
) -> RasterInfo:
    """Read a raster's grid and check its class values against the theme's class table."""
    if not path.exists():
        raise _fail(path, "no such file.", "ไม่พบไฟล์")
    try:
        src = rasterio.open(path)
    except RasterioIOError as exc:
        raise _fail(
            path,
            f"not a raster GDAL can read ({str(exc).splitlines()[0]}); give a GeoTIFF.",
            "อ่านไฟล์ภาพแรสเตอร์ไม่ได้ ใช้ GeoTIFF",
        ) from None
    with src:
        if src.crs is None:
            raise _fail(
                path,
                "the raster does not say its coordinate reference system; save it with one "
                "(e.g. EPSG:32648).",
                "ไฟล์ไม่ได้ระบุระบบพิกัด",
            )
        info = RasterInfo(
            crs=crs_label(src.crs) if src.crs.to_epsg() else src.crs.to_wkt(),
            transform=list(src.transform)[:6],
            width=src.width,
            height=src.height,
            nodata=None if src.nodata is None else float(src.nodata),
            dtype=str(src.dtypes[0]),
        )
        step = max(1, max(src.width, src.height) // _SAMPLE_SIDE)
        sample = src.read(1, out_shape=(max(1, src.height // step), max(1, src.width // step)))
        values = np.unique(sample)
        if src.nodata is not None:
            values = values[values != src.nodata]
        info.values = [float(v) for v in values[:64]]
        if boundary is not None:
            lao_box = box(*transform_bounds(src.crs, f"EPSG:{srid}", *src.bounds))
            if not lao_box.intersects(boundary):
                info.findings.append(
                    {
                        "kind": "outside_lao",
                        "level": "warning",
                        "message": f"{path.name}: the raster does not cover the LAO; overlays "
                        "and indicators will find no cells.",
                        "message_th": f"{path.name}: ภาพแรสเตอร์ไม่ครอบคลุมพื้นที่ อปท.",
                    }
                )
    if theme.classes and not theme.continuous:
        known = {float(c.code) for c in class_table(theme.classes).classes}
        unknown = sorted(set(info.values) - known)
        if unknown:
            shown = ", ".join(f"{v:g}" for v in unknown[:10])
            raise _fail(
                path,
                f"cell values {shown} are not classes of {theme.classes}.csv; set them to "
                "nodata or add them to the class table.",
                f"ค่าในเซลล์ {shown} ไม่อยู่ในตารางประเภท {theme.classes}",
            )
    return info


def keep_copy(path: Path, folder: Path, name: str) -> tuple[Path, str]:
    """Copy the raster into the LAO's layer folder and return its new path and SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}{path.suffix.lower() or '.tif'}"
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)
    return target, digest.hexdigest()
