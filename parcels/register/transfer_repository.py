"""Reads and writes of changes of owners and Land Office transfer files; never commits.

Lookups for a whole file take arrays (one query for all rows), never one query per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.engine import Connection

from parcels.fabric.orm import parcels
from parcels.register.orm import parties, rights, transfer_batches, transfer_rows
from parcels.register.ownership import Candidate, Holding
from parcels.register.transfers import TransferRow
from taxmap.admin.orm import cases
from taxmap.admin.repository import append_audit_rows

LAO_TIME_ZONE = "Asia/Bangkok"  # every LAO is in Thailand: "received on" is a Thai date
PARTY_COLUMNS = (parties.c.id, parties.c.owner_no, parties.c.name_th, parties.c.kind)


def _array(name: str, values: Sequence[Any], item: Any) -> Any:
    return sa.bindparam(name, list(values), type_=ARRAY(item))


def insert_batch(conn: Connection, values: dict[str, Any]) -> int | None:
    """Record a received file and return its id; None when the LAO already has this file."""
    # ON CONFLICT waits for a concurrent import of the same file, then yields no row.
    statement = (
        insert(transfer_batches)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["lao_id", "file_sha256"])
        .returning(transfer_batches.c.id)
    )
    found = conn.execute(statement).scalar()
    return None if found is None else int(found)


def find_batch(conn: Connection, lao_id: int, sha256: str) -> sa.Row[Any]:
    """Return the batch of a file already received (id, file_name, received_on)."""
    received_on = sa.cast(
        sa.func.timezone(LAO_TIME_ZONE, transfer_batches.c.received_at), sa.Date
    ).label("received_on")
    return conn.execute(
        sa.select(transfer_batches.c.id, transfer_batches.c.file_name, received_on).where(
            transfer_batches.c.lao_id == lao_id, transfer_batches.c.file_sha256 == sha256
        )
    ).one()


def finish_batch(conn: Connection, lao_id: int, batch_id: int, applied: int, pending: int) -> None:
    """Store how many rows of a batch were applied and how many wait for review."""
    conn.execute(
        sa.update(transfer_batches)
        .where(transfer_batches.c.lao_id == lao_id, transfer_batches.c.id == batch_id)
        .values(applied=applied, pending=pending)
    )


def insert_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Store every row of a file, applied or pending."""
    if rows:
        conn.execute(sa.insert(transfer_rows), rows)


def stored_rows(conn: Connection, lao_id: int, *, batch_id: int | None = None) -> list[Any]:
    """Return a batch's stored rows, or (without batch_id) every pending row, with parcel codes."""
    query = (
        sa.select(transfer_rows, transfer_batches.c.file_name, parcels.c.code.label("parcel_code"))
        .join(
            transfer_batches,
            sa.and_(
                transfer_batches.c.lao_id == transfer_rows.c.lao_id,
                transfer_batches.c.id == transfer_rows.c.batch_id,
            ),
        )
        .outerjoin(
            parcels,
            sa.and_(
                parcels.c.lao_id == transfer_rows.c.lao_id,
                parcels.c.id == transfer_rows.c.parcel_id,
            ),
        )
        .where(transfer_rows.c.lao_id == lao_id)
        .order_by(transfer_rows.c.batch_id, transfer_rows.c.line_no)
    )
    if batch_id is None:
        query = query.where(transfer_rows.c.status == "pending")
    else:
        query = query.where(transfer_rows.c.batch_id == batch_id)
    return list(conn.execute(query))


def match_parcels(
    conn: Connection, lao_id: int, rows: Sequence[TransferRow]
) -> dict[int, list[Candidate]]:
    """Return by line number the active parcels a row's land number or document finds."""
    by_land = [r for r in rows if r.sheet is not None and r.text("land_no")]
    by_document = [r for r in rows if r.text("document_no")]
    land = (
        sa.func.unnest(
            _array("l_line", [r.line_no for r in by_land], sa.Integer),
            _array("l_50k", [r.sheet.number for r in by_land if r.sheet], sa.Text),
            _array("l_quadrant", [r.sheet.quadrant for r in by_land if r.sheet], sa.Text),
            _array("l_4000", [r.sheet.grid for r in by_land if r.sheet], sa.Text),
            _array("l_sub", [r.sheet.sub_sheet for r in by_land if r.sheet], sa.Text),
            _array("l_land", [r.text("land_no") for r in by_land], sa.Text),
        )
        .table_valued("line_no", "s50k", "quadrant", "s4000", "sub", "land_no")
        .render_derived("k")
    )
    document = (
        sa.func.unnest(
            _array("d_line", [r.line_no for r in by_document], sa.Integer),
            _array("d_type", [r.document_type for r in by_document], sa.Integer),
            _array("d_no", [r.text("document_no") for r in by_document], sa.Text),
        )
        .table_valued("line_no", "type", "no")
        .render_derived("d")
    )
    active = sa.and_(parcels.c.lao_id == lao_id, parcels.c.status == "active")
    query = sa.union_all(
        sa.select(
            land.c.line_no, parcels.c.id, parcels.c.code, parcels.c.document_no, sa.literal("sheet")
        ).join_from(
            land,
            parcels,
            sa.and_(
                active,
                parcels.c.sheet_50k == land.c.s50k,
                parcels.c.sheet_quadrant == land.c.quadrant,
                parcels.c.sheet_4000 == land.c.s4000,
                parcels.c.sub_sheet.is_not_distinct_from(land.c.sub),
                parcels.c.land_no == land.c.land_no,
            ),
        ),
        sa.select(
            document.c.line_no,
            parcels.c.id,
            parcels.c.code,
            parcels.c.document_no,
            sa.literal("document"),
        ).join_from(
            document,
            parcels,
            sa.and_(
                active,
                parcels.c.document_no == document.c.no,
                sa.or_(document.c.type.is_(None), parcels.c.document_type == document.c.type),
            ),
        ),
    )
    hits: dict[int, dict[int, tuple[str, str | None, set[str]]]] = {}
    for line_no, parcel_id, code, document_no, via in conn.execute(query):
        hits.setdefault(line_no, {}).setdefault(parcel_id, (code, document_no, set()))[2].add(via)
    return {
        line_no: [
            Candidate(pid, code, document_no, "sheet" in via, "document" in via)
            for pid, (code, document_no, via) in sorted(found.items())
        ]
        for line_no, found in hits.items()
    }


def lock_parcels(conn: Connection, lao_id: int, parcel_ids: Iterable[int]) -> None:
    """Lock parcels until commit, so no other change of owners interleaves with this one."""
    conn.execute(
        sa.select(parcels.c.id)
        .where(
            parcels.c.lao_id == lao_id,
            parcels.c.id == sa.func.any(_array("ids", sorted(parcel_ids), sa.BigInteger)),
        )
        .order_by(parcels.c.id)
        .with_for_update()
    )


def active_parcel(conn: Connection, lao_id: int, code: str) -> sa.Row[Any] | None:
    """Return the active parcel with this code (id, code, document_no), locked until commit."""
    return conn.execute(
        sa.select(parcels.c.id, parcels.c.code, parcels.c.document_no)
        .where(parcels.c.lao_id == lao_id, parcels.c.code == code, parcels.c.status == "active")
        .with_for_update()
    ).first()


def holdings(conn: Connection, lao_id: int, parcel_ids: Iterable[int]) -> dict[int, list[Holding]]:
    """Return every right, past and current, in these parcels with its owner."""
    query = (
        sa.select(rights, *PARTY_COLUMNS[1:3], parties.c.national_id, parties.c.juristic_id)
        .join(
            parties, sa.and_(parties.c.lao_id == rights.c.lao_id, parties.c.id == rights.c.party_id)
        )
        .where(
            rights.c.lao_id == lao_id,
            rights.c.parcel_id == sa.func.any(_array("ids", sorted(parcel_ids), sa.BigInteger)),
        )
        .order_by(rights.c.id)
    )
    found: dict[int, list[Holding]] = {}
    for r in conn.execute(query):
        found.setdefault(r.parcel_id, []).append(
            Holding(
                r.id,
                r.party_id,
                r.owner_no,
                r.name_th,
                r.national_id or r.juristic_id,
                r.kind,
                Fraction(r.share_num, r.share_den),
                r.valid_from,
                r.valid_to,
            )
        )
    return found


def parties_by(
    conn: Connection, lao_id: int, *, idents: Iterable[str] = (), numbers: Iterable[int] = ()
) -> dict[str | int, sa.Row[Any]]:
    """Return the LAO's parties by national or juristic ID and by owner number.

    A legacy register may hold one ID twice: the lowest owner number, the oldest record, wins.
    """
    wanted_ids, wanted_numbers = sorted(set(idents)), sorted(set(numbers))
    if not wanted_ids and not wanted_numbers:
        return {}
    ids = _array("idents", wanted_ids, sa.Text)
    query = (
        sa.select(*PARTY_COLUMNS, parties.c.national_id, parties.c.juristic_id)
        .where(
            parties.c.lao_id == lao_id,
            sa.or_(
                parties.c.national_id == sa.func.any(ids),
                parties.c.juristic_id == sa.func.any(ids),
                parties.c.owner_no == sa.func.any(_array("numbers", wanted_numbers, sa.Integer)),
            ),
        )
        .order_by(parties.c.owner_no)
    )
    found: dict[str | int, sa.Row[Any]] = {}
    for row in conn.execute(query):
        for key in (row.national_id, row.juristic_id, row.owner_no):
            if key is not None:
                found.setdefault(key, row)
    return found


def insert_party(conn: Connection, values: dict[str, Any]) -> int:
    """Insert a party and return its id."""
    return int(
        conn.execute(sa.insert(parties).values(**values).returning(parties.c.id)).scalar_one()
    )


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    """Open a case (the why of a set of changes) and return its id."""
    return int(conn.execute(sa.insert(cases).values(**values).returning(cases.c.id)).scalar_one())


def end_rights(conn: Connection, lao_id: int, right_ids: Sequence[int], valid_to: date) -> None:
    """End rights on a date; nothing else of a right is ever changed."""
    if right_ids:
        conn.execute(
            sa.update(rights)
            .where(
                rights.c.lao_id == lao_id,
                rights.c.id == sa.func.any(_array("ids", right_ids, sa.BigInteger)),
            )
            .values(valid_to=valid_to)
        )


def insert_rights(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rights and return their ids in row order."""
    result = conn.execute(
        sa.insert(rights).returning(rights.c.id, sort_by_parameter_order=True), rows
    )
    return [int(i) for i in result.scalars()]


def insert_audit(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Append entries to the audit log."""
    if rows:
        append_audit_rows(conn, rows)


def now(conn: Connection) -> datetime:
    """Return the transaction's timestamp (the same for every row it writes)."""
    value: datetime = conn.execute(sa.select(sa.func.now())).scalar_one()
    return value
