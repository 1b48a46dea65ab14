"""Read a vector planning layer (pyogrio), class its features and check each one."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from landuse.classes import class_table, resolve_class
from landuse.model import Theme
from parcels.imports.reader import read_source
from taxmap.core.crs import Operation, crs_label, operation
from taxmap.core.errors import InvalidInput


@dataclass
class VectorLayer:
    """Accepted features of a vector layer in the LAO's CRS, with the findings of the rest."""

    rows: list[dict[str, Any]]
    findings: list[dict[str, Any]] = field(default_factory=list)
    rejected: int = 0
    source_crs: str = ""
    operation: str = ""
    format: str = ""
    class_field: str | None = None


def _finding(i: int, kind: str, level: str, en: str, th: str, **extra: Any) -> dict[str, Any]:
    return {
        "feature": i + 1,
        "kind": kind,
        "level": level,
        "message": f"feature {i + 1}: {en}",
        "message_th": f"รูปที่ {i + 1}: {th}",
        **extra,
    }


def _class_field(theme: Theme, columns: list[str], given: str | None) -> str | None:
    """Return the attribute that holds each feature's class, or None for single-class themes."""
    wanted = given or theme.class_field
    if wanted is None:
        return None
    if wanted in columns:
        return wanted
    lowered = {c.lower(): c for c in columns}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    if given is None and theme.classes is None:
        return None
    raise InvalidInput(
        "class_field",
        f"the file has no column '{wanted}' with the {theme.name} class; its columns are "
        f"{', '.join(columns) or '(none)'}. Name the column with --class-field.",
        f"ไฟล์ไม่มีคอลัมน์ '{wanted}' ที่ระบุประเภท ให้ระบุด้วย --class-field",
    )


def _json_safe(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _clean(geom: BaseGeometry | None) -> tuple[BaseGeometry | None, str | None]:
    """Return a valid geometry (repaired if needed) and what was done, or None if unusable."""
    if geom is None or geom.is_empty:
        return None, "empty"
    if geom.is_valid:
        return geom, None
    fixed = shapely.make_valid(geom)
    if geom.geom_type.endswith("Polygon"):
        parts = [p for p in shapely.get_parts(fixed) if p.geom_type == "Polygon" and p.area > 0]
        fixed = shapely.MultiPolygon(parts) if parts else None
    if fixed is None or fixed.is_empty:
        return None, "invalid"
    return fixed, "repaired"


def read_vector_layer(
    path: Path,
    theme: Theme,
    *,
    srid: int,
    boundary: BaseGeometry | None,
    class_field: str | None = None,
    layer: str | None = None,
    crs: str | None = None,
) -> VectorLayer:
    """Read, reproject and class the features of a vector file; report each bad feature."""
    source = read_source(path, layer=layer, crs=crs)
    op: Operation = operation(source.crs, srid)
    geoms = op.transform_geometries(source.geometries)
    attrs: pd.DataFrame = source.attributes
    column = _class_field(theme, list(attrs.columns), class_field)
    table = class_table(theme.classes) if theme.classes else None
    out = VectorLayer(
        rows=[],
        source_crs=crs_label(source.crs),
        operation=op.describe(),
        format=source.format,
        class_field=column,
    )
    records = attrs.to_dict(orient="records")
    for i, geom in enumerate(geoms):
        clean, what = _clean(geom)
        if clean is None:
            out.findings.append(
                _finding(
                    i,
                    what or "empty",
                    "error",
                    "the geometry is empty or cannot be repaired; fix it in QGIS.",
                    "รูปว่างหรือซ่อมไม่ได้ แก้ไขใน QGIS",
                )
            )
            out.rejected += 1
            continue
        if what == "repaired":
            out.findings.append(
                _finding(
                    i,
                    "repaired",
                    "warning",
                    f"the geometry was invalid ({shapely.is_valid_reason(geom)}) and was "
                    "repaired with make_valid.",
                    "รูปไม่ถูกต้องและถูกซ่อมอัตโนมัติ",
                )
            )
        if boundary is not None and not clean.intersects(boundary):
            out.findings.append(
                _finding(
                    i,
                    "outside_lao",
                    "error",
                    "lies wholly outside the LAO; check the CRS (--crs) or drop it.",
                    "อยู่นอกเขต อปท. ทั้งหมด ตรวจสอบระบบพิกัด",
                )
            )
            out.rejected += 1
            continue
        attributes = {str(k): _json_safe(v) for k, v in records[i].items()}
        raw = attributes.get(column) if column else None
        if column is None:
            code: str | None = theme.name
        elif table is None:
            code = None if raw in (None, "") else str(raw)
        else:
            try:
                code = None if raw in (None, "") else resolve_class(table, str(raw))
            except InvalidInput:
                code = None
        if code is None:
            out.findings.append(
                _finding(
                    i,
                    "unknown_class",
                    "error",
                    f"{column} = '{raw}' is not a class of {table.name if table else theme.name}"
                    "; correct the value or the class table.",
                    f"{column} = '{raw}' ไม่ใช่ประเภทที่รู้จัก",
                    value=None if raw is None else str(raw),
                )
            )
            out.rejected += 1
            continue
        name = attributes.get("name") or attributes.get("NAME") or attributes.get("name_th")
        out.rows.append(
            {
                "class_code": code,
                "name": None if name is None else str(name),
                "attributes": json.loads(json.dumps(attributes)),
                "wkb": shapely.to_wkb(clean),
            }
        )
    return out
