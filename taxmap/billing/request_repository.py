"""Reads and writes behind taxpayers' requests: change-of-use reports, their cases; no commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.fabric.orm import parcels
from taxmap.admin.orm import cases
from taxmap.billing.orm import change_of_use_reports

Row = sa.Row[Any]


def parcel_by_code(conn: Connection, lao_id: int, code: str) -> Row | None:
    """Return a parcel's id and status by its code."""
    query = sa.select(parcels.c.id, parcels.c.status).where(
        parcels.c.lao_id == lao_id, parcels.c.code == code
    )
    return conn.execute(query).first()


def open_case(conn: Connection, lao_id: int, kind: str, reason: str, document_ref: str) -> int:
    """Open an edit case; return its id."""
    statement = (
        sa.insert(cases)
        .values(lao_id=lao_id, kind=kind, reason=reason, document_ref=document_ref)
        .returning(cases.c.id)
    )
    return int(conn.execute(statement).scalar_one())


def insert_report(conn: Connection, values: dict[str, Any]) -> int:
    """Insert a change-of-use report; return its id."""
    r = change_of_use_reports
    return int(conn.execute(sa.insert(r).values(**values).returning(r.c.id)).scalar_one())


def reports(conn: Connection, lao_id: int, status: str | None) -> list[Row]:
    """Return the LAO's change-of-use reports with their parcel codes, newest first."""
    r, p = change_of_use_reports, parcels
    query = (
        sa.select(r, p.c.code)
        .join(p, sa.and_(p.c.lao_id == r.c.lao_id, p.c.id == r.c.parcel_id))
        .where(r.c.lao_id == lao_id)
        .order_by(r.c.reported_on.desc(), r.c.id.desc())
    )
    if status is not None:
        query = query.where(r.c.status == status)
    return list(conn.execute(query))
