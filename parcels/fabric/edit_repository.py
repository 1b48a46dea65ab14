"""Reads and writes behind parcel edits: locking, versions, lineage, neighbours; never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection

from parcels.fabric.bulk import multi
from parcels.fabric.orm import blocks, parcel_lineage, parcel_versions, parcels
from taxmap.admin.orm import cases
from taxmap.admin.repository import append_audit
from taxmap.core.errors import InvalidInput, ParcelNotFound

# Columns a new version carries over unless the edit changes them.
VERSIONED = tuple(c.name for c in parcel_versions.c if c.name not in ("lao_id", "parcel_id"))


def open_case(
    conn: Connection, lao_id: int, kind: str, reason: str, document_ref: str | None
) -> int:
    """Open the case an edit belongs to; return its id."""
    if not reason.strip():
        raise InvalidInput(
            "reason",
            "Say why the fabric changes (e.g. 'sale of part, deed 12345'): the reason is kept "
            "with the history.",
            "โปรดระบุเหตุผลของการแก้ไข (เช่น แบ่งขายบางส่วน โฉนดเลขที่ 12345) เหตุผลจะเก็บไว้กับประวัติ",
        )
    return int(
        conn.execute(
            sa.insert(cases)
            .values(lao_id=lao_id, kind=kind, reason=reason.strip(), document_ref=document_ref)
            .returning(cases.c.id)
        ).scalar_one()
    )


def lock_parcel(conn: Connection, lao_id: int, code: str) -> sa.Row[Any]:
    """Return the parcel's current row, locked until the transaction ends (FOR UPDATE)."""
    row = conn.execute(
        sa.select(parcels)
        .where(parcels.c.lao_id == lao_id, parcels.c.code == code)
        .with_for_update()
    ).first()
    if row is None:
        raise ParcelNotFound(
            f"No parcel {code} in this LAO: check the code (zone, block, lot).",
            f"ไม่พบแปลง {code} โปรดตรวจรหัสแปลง (โซน บล็อก ลำดับ)",
            details={"field": "code"},
        )
    return row


def version_row(conn: Connection, lao_id: int, parcel_id: int, version: int) -> sa.Row[Any] | None:
    """Return one earlier version of a parcel."""
    return conn.execute(
        sa.select(parcel_versions).where(
            parcel_versions.c.lao_id == lao_id,
            parcel_versions.c.parcel_id == parcel_id,
            parcel_versions.c.version == version,
        )
    ).first()


def keep_version(conn: Connection, row: sa.Row[Any], until: date) -> None:
    """Copy the parcel's current row into its history, valid until the edit's date."""
    values = {name: getattr(row, name) for name in VERSIONED}
    values |= {"lao_id": row.lao_id, "parcel_id": row.id, "valid_to": until}
    conn.execute(sa.insert(parcel_versions).values(**values))


def write_version(
    conn: Connection,
    row: sa.Row[Any],
    changes: dict[str, Any],
    since: date,
    case_id: int,
    srid: int,
) -> None:
    """Make the changes the parcel's next version, valid from the edit's date."""
    values = dict(changes)
    if "geom" in values:
        values["geom"] = from_shape(multi(values["geom"]), srid=srid)
    conn.execute(
        sa.update(parcels)
        .where(parcels.c.lao_id == row.lao_id, parcels.c.id == row.id)
        .values(**values, version=row.version + 1, valid_from=since, case_id=case_id)
    )


def retire(conn: Connection, row: sa.Row[Any], on: date, case_id: int) -> None:
    """Retire a parcel on a date (its row stays, with valid_to; its code is never reused)."""
    conn.execute(
        sa.update(parcels)
        .where(parcels.c.lao_id == row.lao_id, parcels.c.id == row.id)
        .values(status="retired", valid_to=on, version=row.version + 1, case_id=case_id)
    )


def take_lots(conn: Connection, lao_id: int, block_id: int, count: int) -> list[int]:
    """Take the block's next free lot numbers (retired numbers are never reused)."""
    first = conn.execute(
        sa.update(blocks)
        .where(blocks.c.lao_id == lao_id, blocks.c.id == block_id)
        .values(next_lot=blocks.c.next_lot + count)
        .returning(blocks.c.next_lot - count)
    ).scalar_one()
    return list(range(int(first), int(first) + count))


def block_of(conn: Connection, lao_id: int, block_id: int | None) -> sa.Row[Any] | None:
    """Return a block's code and geometry."""
    if block_id is None:
        return None
    return conn.execute(
        sa.select(blocks.c.id, blocks.c.code, blocks.c.geom).where(
            blocks.c.lao_id == lao_id, blocks.c.id == block_id
        )
    ).first()


def block_by_code(conn: Connection, lao_id: int, code: str) -> sa.Row[Any]:
    """Return a block by code, or raise InvalidInput naming it."""
    row = conn.execute(
        sa.select(blocks.c.id, blocks.c.code, blocks.c.geom).where(
            blocks.c.lao_id == lao_id, blocks.c.code == code
        )
    ).first()
    if row is None:
        raise InvalidInput(
            "block",
            f"No block {code} in this LAO: give the block code (zone and block, e.g. 01A).",
            f"ไม่พบบล็อก {code} โปรดระบุรหัสบล็อก (โซนและบล็อก เช่น 01A)",
        )
    return row


def insert_parcel(conn: Connection, values: dict[str, Any], srid: int) -> int:
    """Insert a new parcel (a child of a split or merge, or a new one); return its id."""
    values = values | {"geom": from_shape(multi(values["geom"]), srid=srid)}
    return int(
        conn.execute(sa.insert(parcels).values(**values).returning(parcels.c.id)).scalar_one()
    )


def add_lineage(
    conn: Connection, lao_id: int, parent: int, child: int, kind: str, case_id: int, on: date
) -> None:
    """Record a parent-to-child edge of a split or merge."""
    conn.execute(
        sa.insert(parcel_lineage).values(
            lao_id=lao_id, parent_id=parent, child_id=child, kind=kind, case_id=case_id, at=on
        )
    )


def neighbours(
    conn: Connection,
    lao_id: int,
    around: BaseGeometry,
    srid: int,
    exclude: list[int],
    margin: float,
) -> dict[str, BaseGeometry]:
    """Return active parcels within `margin` metres of a geometry (by code), using the index."""
    probe = sa.func.ST_GeomFromWKB(sa.literal(shapely_wkb(around)), srid)
    rows = conn.execute(
        sa.select(parcels.c.code, parcels.c.geom).where(
            parcels.c.lao_id == lao_id,
            parcels.c.status == "active",
            parcels.c.id.not_in(exclude) if exclude else sa.true(),
            parcels.c.geom.op("&&")(sa.func.ST_Expand(probe, margin)),
            sa.func.ST_DWithin(parcels.c.geom, probe, margin),
        )
    )
    return {str(r.code): to_shape(r.geom) for r in rows}


def shapely_wkb(geom: BaseGeometry) -> bytes:
    """Return a geometry as WKB for a bound parameter."""
    return bytes(geom.wkb)


def audit(
    conn: Connection,
    lao_id: int,
    actor: str,
    action: str,
    entity_id: int,
    case_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append a parcel change to the audit log."""
    append_audit(
        conn,
        lao_id,
        actor,
        action,
        "parcel",
        entity_id,
        case_id=case_id,
        before=before,
        after=after,
    )
