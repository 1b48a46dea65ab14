"""Queries on LAOs and their areas; never commits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Mapping, Sequence
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.engine import Connection

from parcels.fabric.orm import blocks, parcels, zones
from taxmap.admin.model import LaoSummary
from taxmap.admin.orm import admin_areas, audit_log, lao_counters, laos
from taxmap.core.errors import LaoNotFound


def lao_not_found(code: str) -> LaoNotFound:
    """Return the error for an LAO code that names no LAO."""
    return LaoNotFound(
        f"No LAO has the code '{code}'. List them with `taxmap lao list`.",
        f"ไม่พบ อปท. รหัส '{code}'",
        details={"lao": code},
    )


def get_lao(conn: Connection, code: str) -> sa.Row[Any]:
    """Return the LAO row with this code, or raise LaoNotFound."""
    row = conn.execute(sa.select(laos).where(laos.c.code == code)).first()
    if row is None:
        raise lao_not_found(code)
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
    """Delete an LAO and every row it owns, children before parents.

    The audit log is append-only (a trigger refuses UPDATE, TRUNCATE and DELETE); this is the
    one place allowed to delete from it, by setting `taxmap.allow_audit_delete` to 'on' for the
    duration of its own deletes only (set_config(..., is_local => true), then back to 'off').
    """
    from taxmap.core.schema import load_metadata

    _allow_audit_delete(conn, True)
    for table in reversed(load_metadata().sorted_tables):
        if table.name != "laos" and "lao_id" in table.c:
            conn.execute(sa.delete(table).where(table.c.lao_id == lao_id))
    _allow_audit_delete(conn, False)
    # The fabric's triggers (migration 0020) recorded the rows just deleted as tile edits.
    conn.execute(sa.text("DELETE FROM tile_edits WHERE lao_id = :id"), {"id": lao_id})
    _drop_own_partitions(conn, lao_id)
    conn.execute(sa.delete(laos).where(laos.c.id == lao_id))


def _drop_own_partitions(conn: Connection, lao_id: int) -> None:
    """Drop the (now empty) partitions kept for this LAO alone (parcels, migration 0022)."""
    own = conn.execute(
        sa.text(
            "SELECT i.inhparent::regclass::text, c.oid::regclass::text FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE c.relkind = 'r' AND pg_get_expr(c.relpartbound, c.oid) = :bound"
        ),
        {"bound": f"FOR VALUES IN ({int(lao_id)})"},
    ).all()
    for parent, table in own:
        # Detached first: the foreign keys that point at the parent reach into the partition.
        conn.execute(sa.text(f"ALTER TABLE {parent} DETACH PARTITION {table}"))
        conn.execute(sa.text(f"DROP TABLE {table}"))


def _allow_audit_delete(conn: Connection, allow: bool) -> None:
    conn.execute(
        sa.select(sa.func.set_config(AUDIT_DELETE_SETTING, "on" if allow else "off", True))
    )


def lao_settings(conn: Connection, code: str) -> dict[str, Any] | None:
    """Return an LAO's settings document, or None when there is no such LAO."""
    value = conn.execute(sa.select(laos.c.settings).where(laos.c.code == code)).scalar()
    return None if value is None else dict(value)


def lock_lao_settings(conn: Connection, lao_id: int) -> dict[str, Any]:
    """Return an LAO's settings document, locking its row until the caller's transaction ends."""
    value = conn.execute(
        sa.select(laos.c.settings).where(laos.c.id == lao_id).with_for_update()
    ).scalar_one()
    return dict(value or {})


def update_lao_settings(conn: Connection, lao_id: int, settings: dict[str, Any]) -> None:
    """Store an LAO's whole settings document."""
    conn.execute(sa.update(laos).where(laos.c.id == lao_id).values(settings=settings))


def take_number(conn: Connection, lao_id: int, name: str, first: int = 1) -> int:
    """Take the next number of an LAO's counter; gap-free, as it rolls back with the caller."""
    return take_numbers(conn, lao_id, name, 1, first=first)


def take_numbers(conn: Connection, lao_id: int, name: str, count: int, *, first: int = 1) -> int:
    """Take `count` consecutive numbers of an LAO's counter; return the first of them.

    The upsert locks the counter's row until the caller's transaction ends, so concurrent
    takers get consecutive blocks and never the same number, and a rollback leaves no gap.
    `first` seeds a new counter.
    """
    table = lao_counters
    statement = (
        insert(table)
        .values(lao_id=lao_id, name=name, value=first + count - 1)
        .on_conflict_do_update(
            index_elements=[table.c.lao_id, table.c.name], set_={"value": table.c.value + count}
        )
        .returning(table.c.value)
    )
    return int(conn.execute(statement).scalar_one()) - count + 1


# The audit log is a hash chain per LAO: each entry stores the hash of the entry before it
# (GENESIS for the first) and sha256(prev_hash + canonical JSON of its own content). Entries
# are appended only here; the LAO's 'audit' counter row is locked (upsert) for the rest of
# the transaction, so concurrent writers queue and never chain off the same entry, and its
# value is the number of entries, so `verify_audit` also notices entries cut off the end.
# Changing the canonical form below needs a migration that rechains every LAO.
GENESIS = "0" * 64
AUDIT_COUNTER = "audit"
AUDIT_DELETE_SETTING = "taxmap.allow_audit_delete"
AUDIT_FIELDS = (
    "lao_id",
    "id",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "entity",
    "entity_id",
    "case_id",
    "before",
    "after",
)


def audit_hash(prev_hash: str, entry: Mapping[Any, Any]) -> str:
    """Return the chain hash of an audit entry: sha256 of prev_hash and its canonical JSON."""
    body = [entry[f] for f in AUDIT_FIELDS]
    body[2] = entry["at"].astimezone(UTC).isoformat()
    text = json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


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
    append_audit_rows(
        conn, [audit_row(lao_id, actor, action, entity, entity_id, case_id, before, after)]
    )


def audit_row(
    lao_id: int,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    case_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    """Return one audit entry as a row for append_audit_rows."""
    return {
        "lao_id": lao_id,
        "actor_name": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "case_id": case_id,
        "before": before,
        "after": after,
    }


def append_audit_rows(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Append entries (dicts of audit_log columns) to their LAOs' hash-chained audit logs."""
    by_lao: dict[int, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_lao.setdefault(int(row["lao_id"]), []).append(row)
    for lao_id in sorted(by_lao):  # one lock order, so two bulk writers cannot deadlock
        _append_chained(conn, lao_id, by_lao[lao_id])


def _append_chained(conn: Connection, lao_id: int, rows: list[Mapping[str, Any]]) -> None:
    n = len(rows)
    take_numbers(conn, lao_id, AUDIT_COUNTER, n)  # holds the LAO's chain until commit
    prev = conn.execute(
        sa.select(audit_log.c.hash)
        .where(audit_log.c.lao_id == lao_id)
        .order_by(audit_log.c.id.desc())
        .limit(1)
    ).scalar()
    ids = sorted(
        int(i)
        for i in conn.execute(
            sa.text(
                "SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": n},
        ).scalars()
    )
    # Hash the JSON as the database will give it back (JSONB normalises numbers and keys).
    doc = [[r.get("before"), r.get("after")] for r in rows]
    at, stored = conn.execute(
        sa.select(sa.func.now(), sa.cast(sa.bindparam("doc", doc, type_=JSONB), JSONB))
    ).one()
    prev_hash = prev or GENESIS
    values = []
    for row, entry_id, (before, after) in zip(rows, ids, stored, strict=True):
        entry = {
            "lao_id": lao_id,
            "id": entry_id,
            "at": at,
            "actor_id": row.get("actor_id"),
            "actor_name": row.get("actor_name"),
            "action": row["action"],
            "entity": row["entity"],
            "entity_id": row.get("entity_id"),
            "case_id": row.get("case_id"),
            "before": before,
            "after": after,
        }
        entry_hash = audit_hash(prev_hash, entry)
        values.append(
            {**entry, "before": row.get("before"), "after": row.get("after")}
            | {"prev_hash": prev_hash, "hash": entry_hash}
        )
        prev_hash = entry_hash
    conn.execute(sa.insert(audit_log), values)


def audit_entries(conn: Connection, lao_id: int) -> Generator[sa.Row[Any], None, None]:
    """Yield an LAO's audit entries in chain (id) order, streamed."""
    statement = (
        sa.select(audit_log)
        .where(audit_log.c.lao_id == lao_id)
        .order_by(audit_log.c.id)
        .execution_options(yield_per=2000)
    )
    with conn.execute(statement) as result:
        yield from result


def audit_count(conn: Connection, lao_id: int) -> int:
    """Return how many entries the LAO's audit counter says were appended."""
    value = conn.execute(
        sa.select(lao_counters.c.value).where(
            lao_counters.c.lao_id == lao_id, lao_counters.c.name == AUDIT_COUNTER
        )
    ).scalar()
    return int(value or 0)
