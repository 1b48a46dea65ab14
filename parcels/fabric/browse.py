"""Use cases of the browser app: find a parcel by code with its register summary, list codes."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection, Engine

from parcels.fabric import browse_repository as repo
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput, NotFound
from taxmap.core.units import format_area, rai_ngan_wah_from_sq_wah


def find_parcel(lao_code: str, code: str, bind: Engine | Connection) -> dict[str, Any]:
    """Return one parcel with its boundary (WGS 84), areas, land record, owners and land use."""
    today = date.today()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        row = repo.parcel_by_code(uow.conn, lao.id, code.strip())
        if row is None:
            raise NotFound(
                f"No parcel {code} in {lao_code}: check the code (zone, block, lot, e.g. 01A001).",
                f"ไม่พบแปลงที่ดินรหัส {code} โปรดตรวจรหัสแปลง (โซน บล็อก ลำดับ เช่น 01A001)",
                details={"field": "code"},
            )
        owners = repo.owners_on(uow.conn, lao.id, row.id, today)
        uses = repo.uses_on(uow.conn, lao.id, row.id, today)
    area = Decimal(str(round(float(row.area_m2), 2)))
    legal = row.legal_area_sq_wah
    return {
        "code": row.code,
        "version": row.version,
        "status": row.status,
        "valid_from": row.valid_from.isoformat(),
        "block": row.block,
        "area_m2": float(area),
        "area_text": format_area(area),
        "legal_area_text": (str(rai_ngan_wah_from_sq_wah(legal)) if legal is not None else None),
        "record": {
            name: getattr(row, name)
            for name in (
                "document_type",
                "document_no",
                "land_no",
                "sheet_4000",
                "road",
                "alley",
                "village_no",
                "tambon",
                "amphoe",
                "note",
            )
        },
        "owners": [
            {
                "owner_no": o.owner_no,
                "name_th": o.name_th,
                "kind": o.kind,
                "share": f"{o.share_num}/{o.share_den}",
            }
            for o in owners
        ],
        "land_use": [{"category": u.category, "area_sq_wah": f"{u.area_sq_wah:.2f}"} for u in uses],
        "geometry": json.loads(row.geojson),
        "bbox": _bbox(json.loads(row.envelope)),
    }


def parcel_codes(
    lao_code: str, prefix: str, bind: Engine | Connection, *, limit: int = 20
) -> list[dict[str, Any]]:
    """Return active parcels whose code starts with `prefix` (for the search box)."""
    text = prefix.strip().upper()
    if not text:
        raise InvalidInput(
            "q",
            "Type the start of a parcel code, e.g. 01A.",
            "พิมพ์ต้นรหัสแปลง เช่น 01A",
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        rows = repo.codes_with_prefix(uow.conn, lao.id, text, limit)
    return [
        {"code": r.code, "version": r.version, "area_m2": round(float(r.area_m2), 2)} for r in rows
    ]


def lao_extent(lao_code: str, bind: Engine | Connection) -> list[float] | None:
    """Return the LAO's active fabric extent as [minlon, minlat, maxlon, maxlat]."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        extent = repo.fabric_extent(uow.conn, lao.id)
    return [round(v, 7) for v in extent] if extent else None


def _bbox(envelope: dict[str, Any]) -> list[float]:
    coords = [c for ring in envelope.get("coordinates", []) for c in ring]
    if not coords:  # a point-like envelope
        x, y = envelope["coordinates"]
        return [x, y, x, y]
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    return [min(xs), min(ys), max(xs), max(ys)]
