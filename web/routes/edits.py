"""Parcel edits and the fabric's history over HTTP (GeoJSON in WGS 84 unless `crs` says else)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from shapely.geometry import shape

from parcels.fabric.edit_model import Adjustment, EditCase, EditResult
from parcels.fabric.edit_records import change_attributes, create_parcel, retire_parcel
from parcels.fabric.editing import (
    merge_parcels,
    replace_boundary,
    split_parcel,
)
from parcels.fabric.history import fabric_as_of, parcel_history
from taxmap.admin.roles import Principal
from taxmap.core.errors import InvalidInput
from web.access import Allow
from web.deps import EngineDep
from web.params import RecordNo

router = APIRouter(prefix="/api/v1/laos/{lao}/parcels", tags=["parcel edits"])


class CaseIn(BaseModel):
    """Why, on what document, from which day."""

    reason: str
    document: str | None = None
    effective: date | None = None


class AdjustIn(BaseModel):
    """A neighbour's new boundary in the same case."""

    code: str
    geometry: dict[str, Any]
    version: RecordNo


class BoundaryIn(CaseIn):
    """A new boundary for a parcel, at the version the editor started from."""

    geometry: dict[str, Any]
    version: RecordNo
    crs: int = Field(4326, description="EPSG code of the coordinates (default WGS 84)")
    adjust: list[AdjustIn] = []


class SplitIn(CaseIn):
    """A line across the parcel."""

    line: dict[str, Any]
    version: RecordNo
    crs: int = 4326


class MergeIn(CaseIn):
    """Parcels to merge, each at the version the editor saw."""

    parcels: dict[str, RecordNo]
    force_reason: str | None = None


class CreateIn(CaseIn):
    """A new parcel in a block."""

    block: str
    geometry: dict[str, Any]
    crs: int = 4326
    record: dict[str, Any] = {}


class RetireIn(CaseIn):
    """Retire a parcel at a version."""

    version: RecordNo


class ChangeIn(CaseIn):
    """Attribute changes at a version."""

    version: RecordNo
    changes: dict[str, Any]


def _case(body: CaseIn, caller: Principal) -> EditCase:
    return EditCase(body.reason, caller.actor, body.document, body.effective)


def _geometry(value: dict[str, Any], field: str) -> Any:
    try:
        return shape(value)
    except Exception as exc:  # shapely raises several kinds for bad GeoJSON
        raise InvalidInput(
            field,
            f"{field} is not a GeoJSON geometry ({exc}): send {{'type': ..., 'coordinates': ...}}.",
            f"{field} ไม่ใช่รูปเรขาคณิต GeoJSON",
        ) from None


def _result(result: EditResult) -> dict[str, Any]:
    return {
        "case_id": result.case_id,
        "parcels": [vars(p) for p in result.parcels],
        "notes": result.notes,
    }


@router.get("", dependencies=[Allow.read])
def fabric(
    lao: str,
    engine: EngineDep,
    as_of: Annotated[date | None, Query(description="YYYY-MM-DD; default today")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
) -> dict[str, Any]:
    """Return the fabric as it was on a day, as GeoJSON."""
    box = None
    if bbox:
        try:
            x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        except ValueError:
            raise InvalidInput("bbox", "bbox is minlon,minlat,maxlon,maxlat in degrees.") from None
        box = (x0, y0, x1, y1)
    return fabric_as_of(lao, as_of or date.today(), engine, bbox=box)


@router.post("", status_code=201)
def create(
    caller: Annotated[Principal, Allow.edit_fabric], lao: str, body: CreateIn, engine: EngineDep
) -> dict[str, Any]:
    """Add a parcel to a block with the block's next lot code (snapped, checked)."""
    geom = _geometry(body.geometry, "geometry")
    result = create_parcel(
        lao, body.block, geom, body.record, _case(body, caller), engine, srid_in=body.crs
    )
    return _result(result)


@router.get("/{code}/history", dependencies=[Allow.read])
def history(lao: str, code: str, engine: EngineDep) -> dict[str, Any]:
    """Return every version of a parcel with its case, and its parents and children."""
    return parcel_history(lao, code, engine)


@router.put("/{code}/boundary")
def boundary(
    caller: Annotated[Principal, Allow.edit_fabric],
    lao: str,
    code: str,
    body: BoundaryIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Replace a parcel's boundary (snapped to neighbours; 409 stale, 422 overlap or gap)."""
    edit = Adjustment(code, _geometry(body.geometry, "geometry"), body.version)
    adjust = tuple(
        Adjustment(a.code, _geometry(a.geometry, f"adjust.{a.code}"), a.version)
        for a in body.adjust
    )
    result = replace_boundary(
        lao, edit, _case(body, caller), engine, adjust=adjust, srid_in=body.crs
    )
    return _result(result)


@router.post("/{code}/split")
def split(
    caller: Annotated[Principal, Allow.edit_fabric],
    lao: str,
    code: str,
    body: SplitIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Split a parcel by a line across it."""
    line = _geometry(body.line, "line")
    result = split_parcel(
        lao, code, line, body.version, _case(body, caller), engine, srid_in=body.crs
    )
    return _result(result)


@router.post("/merge")
def merge(
    caller: Annotated[Principal, Allow.edit_fabric], lao: str, body: MergeIn, engine: EngineDep
) -> dict[str, Any]:
    """Merge adjacent parcels of one block."""
    result = merge_parcels(
        lao, body.parcels, _case(body, caller), engine, force_reason=body.force_reason
    )
    return _result(result)


@router.post("/{code}/retire")
def retire(
    caller: Annotated[Principal, Allow.edit_fabric],
    lao: str,
    code: str,
    body: RetireIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Retire a parcel."""
    return _result(retire_parcel(lao, code, body.version, _case(body, caller), engine))


@router.patch("/{code}")
def change(
    caller: Annotated[Principal, Allow.edit_fabric],
    lao: str,
    code: str,
    body: ChangeIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Change a parcel's record (not its boundary)."""
    return _result(
        change_attributes(lao, code, body.version, body.changes, _case(body, caller), engine)
    )
