"""Use cases on owners and land records, one record at a time; each owns its transaction.

Every change is checked with parcels.register.rules (messages name the field, in Thai and
English), written with its valid time, and appended to the audit log.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection, Engine

from parcels.register import record_repository as repo
from parcels.register.model import (
    NewOwner,
    UsePieceInput,
)
from parcels.register.orm import (
    land_use_pieces,
)
from parcels.register.rules import (
    category_for_ltax_code,
    check_land_record,
    check_land_use,
    check_party,
    ltax_code_for_category,
)
from parcels.register.search import party_search_key
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import AlreadyExists, InvalidInput

_OWNER_FIELDS = tuple(NewOwner.__dataclass_fields__)


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """Return a record with decimals and dates as text, for JSON and the audit log."""
    return {k: (str(v) if isinstance(v, (Decimal, date)) else v) for k, v in values.items()}


def category_of(value: str) -> str:
    """Accept a tax category key or an LTAX survey code (e.g. '2-1')."""
    return (
        value
        if value in ("agri", "res_main", "res_bldg", "res_other", "other", "vacant")
        else (category_for_ltax_code(value))
    )


def _checked_owner(cmd: NewOwner) -> dict[str, Any]:
    if not cmd.name_th.strip():
        raise InvalidInput(
            "name_th",
            "The owner's Thai name is empty: write the name as on the ID card or deed.",
            "ยังไม่ได้กรอกชื่อเจ้าของ (ภาษาไทย) โปรดกรอกตามบัตรประชาชนหรือโฉนด",
        )
    national_id = check_party(cmd.kind, cmd.national_id, cmd.juristic_id)
    values = asdict(cmd) | {"name_th": cmd.name_th.strip(), "national_id": national_id}
    return values | {"search_key": party_search_key(values["name_th"], cmd.name_en)}


def create_owner(lao_code: str, cmd: NewOwner, bind: Engine | Connection, *, actor: str) -> int:
    """Register an owner and give them the LAO's next owner number (ผ.ท.4); return it."""
    values = _checked_owner(cmd)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        if values["national_id"] and (
            same := repo.party_by_national_id(uow.conn, lao.id, values["national_id"])
        ):
            raise AlreadyExists(
                f"National ID {values['national_id']} is already owner number {same.owner_no} "
                f"({same.name_th}): use that record.",
                f"เลขประจำตัวประชาชน {values['national_id']} มีอยู่แล้วเป็นผู้เสียภาษีเลขที่ "
                f"{same.owner_no} ({same.name_th}) โปรดใช้รายการนั้น",
                details={"field": "national_id", "owner_no": same.owner_no},
            )
        owner_no = repo.next_owner_no(uow.conn, lao.id)
        party_id = repo.insert_party(uow.conn, {**values, "lao_id": lao.id, "owner_no": owner_no})
        repo.audit(uow.conn, lao.id, actor, "create", "party", party_id, None, json_ready(values))
        uow.commit()
    return owner_no


def update_owner(
    lao_code: str, owner_no: int, changes: dict[str, Any], bind: Engine | Connection, *, actor: str
) -> None:
    """Change an owner's details (names, IDs, addresses); the number never changes."""
    unknown = sorted(set(changes) - set(_OWNER_FIELDS))
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"'{unknown[0]}' is not an owner detail; change one of {', '.join(_OWNER_FIELDS)}.",
            f"'{unknown[0]}' ไม่ใช่ข้อมูลของเจ้าของที่แก้ไขได้",
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        row = repo.party_by_owner_no(uow.conn, lao.id, owner_no)
        before = {name: getattr(row, name) for name in _OWNER_FIELDS}
        values = _checked_owner(NewOwner(**(before | changes)))
        repo.update_party(uow.conn, lao.id, row.id, values)
        repo.audit(
            uow.conn,
            lao.id,
            actor,
            "update",
            "party",
            row.id,
            json_ready(before),
            json_ready(values),
        )
        uow.commit()


def owner_record(
    lao_code: str, owner_no: int, bind: Engine | Connection, *, on: date | None = None
) -> dict[str, Any]:
    """Return an owner's details and everything they hold on a day (default today)."""
    day = on or date.today()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        row = repo.party_by_owner_no(uow.conn, lao.id, owner_no)
        held = repo.owner_holdings(uow.conn, lao.id, row.id, day)
    details = {name: getattr(row, name) for name in _OWNER_FIELDS}
    return json_ready({"owner_no": row.owner_no, **details, "as_of": day}) | {
        key: [json_ready(item) for item in items] for key, items in held.items()
    }


def set_land_use(
    lao_code: str,
    parcel_code: str,
    pieces: tuple[UsePieceInput, ...],
    effective: date,
    bind: Engine | Connection,
    *,
    actor: str,
) -> int:
    """Replace a parcel's land-use pieces from a date; they must cover its area (§1.3)."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        area = parcel.legal_area_sq_wah or Decimal(str(round(parcel.drawn_sq_wah, 2)))
        check_land_use(parcel.code, area, [p.area for p in pieces])
        ended = repo.end_land_use(uow.conn, lao.id, parcel.id, effective)
        rows = [
            {
                "lao_id": lao.id,
                "parcel_id": parcel.id,
                "category": (category := category_of(p.category)),
                "ltax_code": ltax_code_for_category(category),
                "area_sq_wah": p.area,
                "vacant_since": p.vacant_since,
                "exemption": p.exemption,
                "valid_from": effective,
            }
            for p in pieces
        ]
        repo.insert_rows(uow.conn, land_use_pieces, rows)
        repo.audit(
            uow.conn,
            lao.id,
            actor,
            "replace",
            "land_use",
            parcel.id,
            {"ended": ended},
            {"pieces": [json_ready(r) for r in rows]},
        )
        uow.commit()
    return len(rows)


def set_land_record(
    lao_code: str,
    parcel_code: str,
    record: dict[str, Any],
    bind: Engine | Connection,
    *,
    actor: str,
) -> dict[str, Any]:
    """Record a parcel's land document: type 1-13, numbers, sheet, legal area (conventions §5)."""
    values = check_land_record(record)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        before = repo.land_record(uow.conn, lao.id, parcel.id)
        repo.update_parcel(uow.conn, lao.id, parcel.id, values)
        repo.audit(
            uow.conn,
            lao.id,
            actor,
            "update",
            "land_record",
            parcel.id,
            json_ready(before),
            json_ready(values),
        )
        uow.commit()
    return json_ready(values)
