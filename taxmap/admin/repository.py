"""Queries on LAOs and their areas; never commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from parcels.fabric.orm import blocks, parcels, zones
from taxmap.admin.model import LaoSummary
from taxmap.admin.orm import admin_areas, audit_log, lao_counters, laos
from taxmap.core.errors import LaoNotFound


def get_lao(conn: Connection, code: str) -> sa.Row[Any]:
    """Return the LAO row with this code, or raise LaoNotFound."""
    row = conn.execute(sa.select(laos).where(laos.c.code == code)).first()
    if row is None:
        raise LaoNotFound(
            f"No LAO has the code '{code}'. List them with `taxmap lao list`.",
            f"ไม่พบ อปท. รหัส '{code}'",
            details={"lao": code},
        )
    return row


def lao_exists(conn: Connection, code: str) -> bool:
    """Tell whether an LAO with this code exists."""
    return conn.execute(sa.select(laos.c.id).where(laos.c.code == code)).first() is not None


def insert_lao(conn: Connection, values: dict[str, Any], boundary: BaseGeometry | None) -> int:
    """Insert an LAO and return its id."""
    if boundary is not None:
        values = {**values, "boundary": from_shape(boundary, srid=values["srid"])}
    return int(conn.execute(sa.insert(laos).values(**values).returning(laos.c.id)).scalar_one())


def insert_admin_area(conn: Connection, lao_id: int, srid: int, **values: Any) -> None:
    """Insert a tambon or other administrative area of an LAO."""
    geom = from_shape(values.pop("geom"), srid=srid)
    conn.execute(sa.insert(admin_areas).values(lao_id=lao_id, geom=geom, **values))


def list_laos(conn: Connection) -> list[LaoSummary]:
    """Return every LAO with counts of its fabric."""

    def count(table: sa.Table) -> Any:
        return sa.select(sa.func.count()).where(table.c.lao_id == laos.c.id).scalar_subquery()

    rows = conn.execute(
        sa.select(
            laos.c.id,
            laos.c.code,
            laos.c.name_th,
            laos.c.name_en,
            laos.c.srid,
            count(parcels).label("parcels"),
            count(zones).label("zones"),
            count(blocks).label("blocks"),
        ).order_by(laos.c.code)
    )
    return [LaoSummary(**row._mapping) for row in rows]


def delete_lao(conn: Connection, lao_id: int) -> None:
    """Delete an LAO and every row it owns, children before parents."""
    from taxmap.core.schema import load_metadata

    for table in reversed(load_metadata().sorted_tables):
        if table.name != "laos" and "lao_id" in table.c:
            conn.execute(sa.delete(table).where(table.c.lao_id == lao_id))
    conn.execute(sa.delete(laos).where(laos.c.id == lao_id))


def lao_settings(conn: Connection, code: str) -> dict[str, Any] | None:
    """Return an LAO's settings document, or None when there is no such LAO."""
    value = conn.execute(sa.select(laos.c.settings).where(laos.c.code == code)).scalar()
    return None if value is None else dict(value)


def take_number(conn: Connection, lao_id: int, name: str, first: int = 1) -> int:
    """Take the next number of an LAO's counter; gap-free, as it rolls back with the caller.

    The upsert locks the counter's row until the caller's transaction ends, so concurrent
    takers get consecutive numbers and never the same one. `first` seeds a new counter.
    """
    table = lao_counters
    statement = (
        insert(table)
        .values(lao_id=lao_id, name=name, value=first)
        .on_conflict_do_update(
            index_elements=[table.c.lao_id, table.c.name], set_={"value": table.c.value + 1}
        )
        .returning(table.c.value)
    )
    return int(conn.execute(statement).scalar_one())


def append_audit(
    conn: Connection,
    lao_id: int,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    *,
    case_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one change to the LAO's audit log (who, what, which case, before and after)."""
    conn.execute(
        sa.insert(audit_log).values(
            lao_id=lao_id,
            actor_name=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            case_id=case_id,
            before=before,
            after=after,
        )
    )
