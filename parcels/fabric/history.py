"""Use cases that read the fabric's past: a parcel's versions and lineage, the fabric on a day."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection, Engine

from parcels.fabric import repository as repo
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import ParcelNotFound


def parcel_history(lao_code: str, code: str, bind: Engine | Connection) -> dict[str, Any]:
    """Return every version of a parcel (valid time, area, case) and its parents and children."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        versions = repo.parcel_versions_of(uow.conn, lao.id, code)
        lineage = repo.lineage_of(uow.conn, lao.id, code)
    if not versions:
        raise ParcelNotFound(
            f"No parcel {code} in {lao_code}: check the code (zone, block, lot).",
            f"ไม่พบแปลง {code} ใน {lao_code} โปรดตรวจรหัสแปลง",
        )
    return {
        "code": code,
        "versions": [
            {
                "version": v.version,
                "status": v.status,
                "valid_from": v.valid_from.isoformat(),
                "valid_to": v.valid_to.isoformat() if v.valid_to else None,
                "area_m2": round(float(v.area_m2), 2),
                "case": {"kind": v.case_kind, "reason": v.reason, "document": v.document_ref}
                if v.case_id
                else None,
                "geometry": json.loads(v.geojson),
            }
            for v in versions
        ],
        "parents": [_edge(e, "parent") for e in lineage if e.child == code],
        "children": [_edge(e, "child") for e in lineage if e.parent == code],
    }


def _edge(e: Any, side: str) -> dict[str, Any]:
    return {"code": getattr(e, side), "kind": e.kind, "on": e.at.isoformat(), "reason": e.reason}


def fabric_as_of(
    lao_code: str,
    day: date,
    bind: Engine | Connection,
    *,
    bbox: tuple[float, float, float, float] | None = None,
) -> dict[str, Any]:
    """Return the fabric as it was on a day as a GeoJSON FeatureCollection (WGS 84)."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        rows = repo.fabric_on(uow.conn, lao.id, day, bbox)
    return {
        "type": "FeatureCollection",
        "as_of": day.isoformat(),
        "features": [
            {
                "type": "Feature",
                "id": r.code,
                "properties": {
                    "code": r.code,
                    "version": r.version,
                    "valid_from": r.valid_from.isoformat(),
                    "valid_to": r.valid_to.isoformat() if r.valid_to else None,
                    "area_m2": round(float(r.area_m2), 2),
                },
                "geometry": json.loads(r.geojson),
            }
            for r in rows
        ],
    }
