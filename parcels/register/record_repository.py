"""Reads and writes of single register records (owners, buildings, signs, uses); never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.fabric.orm import parcels
from parcels.register.orm import buildings, land_use_pieces, parties, rights, signs
from taxmap.admin.repository import append_audit, take_number
from taxmap.core.db import in_force
from taxmap.core.errors import NotFound


def next_owner_no(conn: Connection, lao_id: int) -> int:
    """Take the LAO's next owner number (ผ.ท.4); a new counter starts after the highest in use."""
    highest = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(parties.c.owner_no), 0)).where(
            parties.c.lao_id == lao_id
        )
    ).scalar_one()
    return take_number(conn, lao_id, "owner_no", first=int(highest) + 1)


def party_by_owner_no(conn: Connection, lao_id: int, owner_no: int) -> sa.Row[Any]:
    """Return an owner by number, or raise NotFound naming it."""
    row = conn.execute(
        sa.select(parties).where(parties.c.lao_id == lao_id, parties.c.owner_no == owner_no)
    ).first()
    if row is None:
        raise NotFound(
            f"No owner number {owner_no} in this LAO: search the register for the right number.",
            f"ไม่พบผู้เสียภาษีเลขที่ {owner_no} โปรดค้นหาเลขที่ถูกต้องจากทะเบียน",
            details={"field": "owner_no"},
        )
    return row


def party_by_national_id(conn: Connection, lao_id: int, national_id: str) -> sa.Row[Any] | None:
    """Return the owner with this national ID, if registered."""
    return conn.execute(
        sa.select(parties).where(parties.c.lao_id == lao_id, parties.c.national_id == national_id)
    ).first()


def insert_party(conn: Connection, values: dict[str, Any]) -> int:
    """Insert an owner; return its id."""
    return int(
        conn.execute(sa.insert(parties).values(**values).returning(parties.c.id)).scalar_one()
    )


def update_party(conn: Connection, lao_id: int, party_id: int, values: dict[str, Any]) -> None:
    """Change an owner's details."""
    conn.execute(
        sa.update(parties)
        .where(parties.c.lao_id == lao_id, parties.c.id == party_id)
        .values(**values)
    )


def active_parcel(conn: Connection, lao_id: int, code: str) -> sa.Row[Any]:
    """Return an active parcel by code, or raise NotFound naming it."""
    row = conn.execute(
        sa.select(
            parcels.c.id,
            parcels.c.code,
            parcels.c.legal_area_sq_wah,
            (sa.func.ST_Area(parcels.c.geom) / 4).label("drawn_sq_wah"),
        ).where(parcels.c.lao_id == lao_id, parcels.c.code == code, parcels.c.status == "active")
    ).first()
    if row is None:
        raise NotFound(
            f"No active parcel {code} in this LAO: check the parcel code (zone, block, lot).",
            f"ไม่พบแปลงที่ดิน {code} โปรดตรวจรหัสแปลง (โซน บล็อก ลำดับ)",
            details={"field": "parcel"},
        )
    return row


def owners_of_parcel(conn: Connection, lao_id: int, parcel_id: int, on: date) -> list[sa.Row[Any]]:
    """Return the parcel's rights in force on a day, with the owners' numbers and kinds."""
    return list(
        conn.execute(
            sa.select(
                rights.c.party_id,
                rights.c.kind,
                rights.c.share_num,
                rights.c.share_den,
                parties.c.owner_no,
                parties.c.kind.label("party_kind"),
            )
            .join(
                parties,
                sa.and_(parties.c.lao_id == rights.c.lao_id, parties.c.id == rights.c.party_id),
            )
            .where(rights.c.lao_id == lao_id, rights.c.parcel_id == parcel_id, in_force(rights, on))
            .order_by(parties.c.owner_no)
        )
    )


def next_object_code(conn: Connection, lao_id: int, table: sa.Table, prefix: str) -> str:
    """Return the next free code '<prefix><n>' of buildings or signs on a parcel."""
    codes = conn.execute(
        sa.select(table.c.code).where(table.c.lao_id == lao_id, table.c.code.like(f"{prefix}%"))
    ).scalars()
    used = [int(c[len(prefix) :]) for c in codes if c[len(prefix) :].isdigit()]
    return f"{prefix}{max(used, default=0) + 1}"


def insert_row(conn: Connection, table: sa.Table, values: dict[str, Any]) -> int:
    """Insert one row into a register table; return its id."""
    return int(conn.execute(sa.insert(table).values(**values).returning(table.c.id)).scalar_one())


def insert_rows(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert a few rows of a register table."""
    if rows:
        conn.execute(sa.insert(table), rows)


def end_land_use(conn: Connection, lao_id: int, parcel_id: int, on: date) -> int:
    """End the parcel's land-use pieces in force on a day; return how many."""
    result = conn.execute(
        sa.update(land_use_pieces)
        .where(
            land_use_pieces.c.lao_id == lao_id,
            land_use_pieces.c.parcel_id == parcel_id,
            land_use_pieces.c.valid_to.is_(None),
        )
        .values(valid_to=on)
    )
    return int(result.rowcount)


def audit(
    conn: Connection,
    lao_id: int,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append a register change to the audit log (who, what, before and after)."""
    append_audit(conn, lao_id, actor, action, entity, entity_id, before=before, after=after)


def owner_holdings(
    conn: Connection, lao_id: int, party_id: int, on: date
) -> dict[str, list[dict[str, Any]]]:
    """Return what an owner holds on a day: parcels, buildings and signs with shares."""
    share = (rights.c.share_num, rights.c.share_den, rights.c.kind.label("right"))
    land = conn.execute(
        sa.select(
            parcels.c.code,
            parcels.c.document_type,
            parcels.c.document_no,
            parcels.c.land_no,
            parcels.c.legal_area_sq_wah,
            parcels.c.tambon,
            *share,
        )
        .join(
            rights, sa.and_(rights.c.lao_id == parcels.c.lao_id, rights.c.parcel_id == parcels.c.id)
        )
        .where(rights.c.lao_id == lao_id, rights.c.party_id == party_id, in_force(rights, on))
        .order_by(parcels.c.code)
    )
    built = conn.execute(
        sa.select(
            buildings.c.code,
            buildings.c.house_no,
            buildings.c.treasury_type,
            buildings.c.floor_area_m2,
            buildings.c.year_completed,
            *share,
        )
        .join(
            rights,
            sa.and_(rights.c.lao_id == buildings.c.lao_id, rights.c.building_id == buildings.c.id),
        )
        .where(rights.c.lao_id == lao_id, rights.c.party_id == party_id, in_force(rights, on))
        .order_by(buildings.c.code)
    )
    shown = conn.execute(
        sa.select(
            signs.c.code,
            signs.c.sign_type,
            signs.c.width_cm,
            signs.c.height_cm,
            signs.c.faces,
            *share,
        )
        .join(rights, sa.and_(rights.c.lao_id == signs.c.lao_id, rights.c.sign_id == signs.c.id))
        .where(rights.c.lao_id == lao_id, rights.c.party_id == party_id, in_force(rights, on))
        .order_by(signs.c.code)
    )
    return {
        "parcels": [dict(r._mapping) for r in land],
        "buildings": [dict(r._mapping) for r in built],
        "signs": [dict(r._mapping) for r in shown],
    }


_RECORD = (
    "document_type",
    "document_no",
    "land_no",
    "survey_page",
    "volume",
    "page",
    "sheet_50k",
    "sheet_quadrant",
    "sheet_4000",
    "sub_sheet",
    "legal_area_sq_wah",
)


def land_record(conn: Connection, lao_id: int, parcel_id: int) -> dict[str, Any]:
    """Return a parcel's land-record columns."""
    row = conn.execute(
        sa.select(*(parcels.c[name] for name in _RECORD)).where(
            parcels.c.lao_id == lao_id, parcels.c.id == parcel_id
        )
    ).one()
    return dict(row._mapping)


def update_parcel(conn: Connection, lao_id: int, parcel_id: int, values: dict[str, Any]) -> None:
    """Change a parcel's record columns (not its geometry: that is an edit with history)."""
    conn.execute(
        sa.update(parcels)
        .where(parcels.c.lao_id == lao_id, parcels.c.id == parcel_id)
        .values(**values)
    )


def building_on(conn: Connection, lao_id: int, parcel_id: int, code: str) -> int:
    """Return the id of a building of this code on the parcel, or raise NotFound naming it."""
    found = conn.execute(
        sa.select(buildings.c.id).where(
            buildings.c.lao_id == lao_id,
            buildings.c.parcel_id == parcel_id,
            buildings.c.code == code,
        )
    ).scalar()
    if found is None:
        raise NotFound(
            f"No building {code} on this parcel: check the building code (e.g. 01A001-B1).",
            f"ไม่พบสิ่งปลูกสร้าง {code} บนแปลงนี้ โปรดตรวจรหัส (เช่น 01A001-B1)",
            details={"field": "building_code"},
        )
    return int(found)
