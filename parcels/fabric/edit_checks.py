"""What every parcel edit shares: tolerances, the version check, 422 faults, CRS, results."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection

from parcels.fabric import edit_geometry as geo
from parcels.fabric import edit_repository as repo
from parcels.fabric.edit_model import (
    OVERLAP_TOLERANCE_M2,
    SNAP_TOLERANCE_M,
    EditedParcel,
)
from taxmap.core.crs import operation
from taxmap.core.errors import InvalidInput, StaleVersion, TopologyConflict

# Attributes an editor may change without touching geometry (the land record and address).
ATTRIBUTES = (
    "land_group",
    "document_type",
    "document_no",
    "land_no",
    "survey_page",
    "volume",
    "page",
    "road",
    "alley",
    "village_no",
    "tambon",
    "amphoe",
    "legal_area_sq_wah",
    "note",
)


# What a child of a split or merge takes from its parent's record.
CARRIED = ("land_group", "document_type", "road", "alley", "village_no", "tambon", "amphoe")


def tolerances(lao: Any) -> tuple[float, float]:
    """Return the LAO's snapping tolerance (m) and overlap tolerance (m²)."""
    settings = dict(lao.settings or {})
    return (
        float(settings.get("snap_tolerance_m", SNAP_TOLERANCE_M)),
        float(settings.get("overlap_tolerance_m2", OVERLAP_TOLERANCE_M2)),
    )


def check_version(conn: Connection, row: Any, expected: int) -> None:
    """Refuse a save over a version the editor has not seen (409 with what changed)."""
    if row.version == expected:
        return
    seen = repo.version_row(conn, row.lao_id, row.id, expected)
    changed = sorted(
        name
        for name in repo.VERSIONED
        if seen is None
        or (
            name not in ("version", "valid_from", "valid_to", "case_id", "created_at")
            and getattr(seen, name) != getattr(row, name)
        )
    )
    raise StaleVersion(
        f"Parcel {row.code} was saved by someone else (version {row.version}, you edited "
        f"version {expected}): reload it and apply your change again.",
        f"แปลง {row.code} ถูกบันทึกโดยผู้อื่นแล้ว (ฉบับที่ {row.version} ท่านแก้ไขฉบับที่ {expected}) "
        "โปรดโหลดใหม่แล้วแก้ไขอีกครั้ง",
        details={
            "code": row.code,
            "current_version": row.version,
            "your_version": expected,
            "changed": changed,
        },
    )


def refuse(faults: list[geo.Fault], to_wgs84: Any) -> None:
    """Raise the 422 of an edit with topology faults, each area as GeoJSON (WGS 84)."""
    if not faults:
        return
    first = faults[0]
    raise TopologyConflict(
        first.message_en,
        first.message_th,
        details={
            "faults": [
                {
                    "kind": f.kind,
                    "neighbour": f.neighbour,
                    "area_m2": round(f.area_m2, 2),
                    "message": f.message_en,
                    "message_th": f.message_th,
                    "geometry": mapping(to_wgs84.transform_geometries(f.geometry)),
                }
                for f in faults
            ]
        },
    )


def to_storage(geom: BaseGeometry, srid_in: int | None, srid: int) -> BaseGeometry:
    """Return a geometry in the LAO's CRS (given in srid_in, default the LAO's)."""
    if srid_in is None or srid_in == srid:
        return geom
    return operation(srid_in, srid).transform_geometries(geom)


def edited(code: str, version: int, status: str, geom: BaseGeometry) -> EditedParcel:
    """Describe a parcel an edit wrote."""
    return EditedParcel(code, version, status, round(float(geom.area), 2))


def plain(value: Any) -> Any:
    """Return a value the audit log's JSON can hold."""
    return value if value is None or isinstance(value, (int, float, str, bool)) else str(value)


def require_active(row: Any) -> None:
    """Refuse to edit a retired or pending parcel."""
    if row.status != "active":
        raise InvalidInput(
            "code",
            f"Parcel {row.code} is {row.status}, not active: it cannot be edited.",
            f"แปลง {row.code} ไม่อยู่ในสถานะใช้งาน แก้ไขไม่ได้",
        )
