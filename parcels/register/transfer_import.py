"""Changes of owners: the Land Office's transfer file (s.10), one change, rows for review.

Each use case owns its transaction; a file is applied whole or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection, Engine

from parcels.register import transfer_repository as repo
from parcels.register.changes import NewOwner, OwnerBook, record_change
from parcels.register.ownership import (
    Candidate,
    owner_words,
    pick_parcel,
    rights_to_end,
    unknown_owner,
)
from parcels.register.transfer_model import (
    OwnerChange,
    PendingTransfer,
    RowOutcome,
    TransferReport,
)
from parcels.register.transfers import (
    REQUIRED_HINTS,
    TransferRow,
    check_id,
    check_not_future,
    check_total,
    decode,
    listed_twice,
    parse_share,
    parse_transfer_csv,
    required_empty,
    row_reason,
)
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput, ParcelNotFound
from taxmap.core.thai import format_thai_date

Bind = Engine | Connection
STORED_TEXTS = (
    *("document_no", "land_no", "old_owner_ids", "old_owner_names", "new_owner_ids"),
    *("new_owner_names", "new_shares", "transaction"),
)


def thai_today() -> date:
    """Return today's date in Thailand (a server may run on UTC)."""
    return datetime.now(ZoneInfo("Asia/Bangkok")).date()


def import_transfers(
    lao_code: str,
    path: Path,
    bind: Bind,
    *,
    actor: str,
    file_name: str | None = None,
    today: date | None = None,
) -> TransferReport:
    """Apply a Land Office transfer file in date order; keep unmatched rows for review (s.10)."""
    name = file_name or path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("file", f"{name}: no such file.", f"{name}: ไม่พบไฟล์") from None
    rows = parse_transfer_csv(decode(data, name), name, today or thai_today())
    sha256 = hashlib.sha256(data).hexdigest()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        batch_id = repo.insert_batch(
            uow.conn,
            {"lao_id": lao.id, "file_name": name, "file_sha256": sha256, "rows": len(rows)}
            | {"applied": 0, "pending": 0, "actor": actor},
        )
        if batch_id is None:
            return _already_received(uow.conn, lao.id, sha256, name)
        outcomes = _apply(uow.conn, lao.id, batch_id, rows, actor)
        applied = sum(o.status == "applied" for o in outcomes)
        repo.finish_batch(uow.conn, lao.id, batch_id, applied, len(rows) - applied)
        uow.commit()
    return TransferReport(batch_id, name, len(rows), applied, len(rows) - applied, False, outcomes)


def _apply(
    conn: Connection, lao_id: int, batch_id: int, rows: Sequence[TransferRow], actor: str
) -> list[RowOutcome]:
    """Match, judge and apply every row; store each with its status; return the outcomes."""
    problems = {r.line_no: r.problems for r in rows if r.problems}
    readable = [r for r in rows if not r.problems]
    found = repo.match_parcels(conn, lao_id, readable)
    parcel_of: dict[int, Candidate] = {}
    for row in readable:
        try:
            parcel_of[row.line_no] = pick_parcel(row, found.get(row.line_no, []))
        except InvalidInput as exc:
            problems[row.line_no] = (exc,)
    parcel_ids = {c.parcel_id for c in parcel_of.values()}
    repo.lock_parcels(conn, lao_id, parcel_ids)
    state = repo.holdings(conn, lao_id, parcel_ids)
    idents = {i for r in readable if r.line_no in parcel_of for i in r.new_ids}
    book = OwnerBook(conn, lao_id, repo.parties_by(conn, lao_id, idents=idents))
    matched = [r for r in readable if r.line_no in parcel_of]
    # Date order, so that two transfers of one parcel in a month chain as they happened.
    for row in sorted(matched, key=lambda r: (r.transfer_date, r.line_no)):
        parcel, effective = parcel_of[row.line_no], row.transfer_date
        assert effective is not None  # a readable row has its date
        holdings = state.get(parcel.parcel_id, [])
        try:
            ending = rights_to_end("transfer_date", parcel.code, holdings, effective, row.old_ids)
        except InvalidInput as exc:
            problems[row.line_no] = (exc,)
            continue
        owners = [
            NewOwner(None, ident, name, share)
            for ident, name, share in zip(row.new_ids, row.new_names, row.shares, strict=True)
        ]
        document = row.text("document_no") or parcel.document_no
        _, state[parcel.parcel_id] = record_change(
            conn,
            lao_id,
            book,
            (parcel.parcel_id, parcel.code),
            holdings,
            ending,
            owners,
            effective,
            (row.cells["transaction"], document),
            actor,
        )
    now = repo.now(conn)
    outcomes, stored = [], []
    for row in rows:
        match = parcel_of.get(row.line_no)
        why = row_reason(problems[row.line_no]) if row.line_no in problems else None
        en, th = why or (None, None)
        code = match.code if match else None
        outcomes.append(RowOutcome(row.line_no, "pending" if why else "applied", en, th, code))
        stored.append(_stored(lao_id, batch_id, row, match, why, actor, now))
    repo.insert_rows(conn, stored)
    return outcomes


def _stored(
    lao_id: int,
    batch_id: int,
    row: TransferRow,
    parcel: Candidate | None,
    why: tuple[str, str] | None,
    actor: str,
    now: datetime,
) -> dict[str, Any]:
    """Return a row as transfer_rows keeps it: the cells as written, the reason EN\\nTH."""
    applied = why is None
    return {
        "lao_id": lao_id,
        "batch_id": batch_id,
        "line_no": row.line_no,
        "document_type": row.document_type,
        "sheet": row.sheet.name if row.sheet else row.text("sheet"),
        "transfer_date": row.transfer_date,
        "raw": row.raw,
        "parcel_id": parcel.parcel_id if parcel else None,
        "status": "applied" if applied else "pending",
        "reason": "\n".join(why) if why else None,
        "decided_by": actor if applied else None,
        "decided_at": now if applied else None,
    } | {column: row.text(column) for column in STORED_TEXTS}


def _split(stored_reason: str | None) -> tuple[str | None, str | None]:
    if stored_reason is None:
        return None, None
    en, _, th = stored_reason.partition("\n")
    return en, th


def _already_received(conn: Connection, lao_id: int, sha256: str, name: str) -> TransferReport:
    """Report a file received before: its batch and its rows as they stand; change nothing."""
    batch = repo.find_batch(conn, lao_id, sha256)
    stored = repo.stored_rows(conn, lao_id, batch_id=batch.id)
    outcomes = [RowOutcome(s.line_no, s.status, *_split(s.reason), s.parcel_code) for s in stored]
    applied = sum(o.status == "applied" for o in outcomes)
    on = batch.received_on
    return TransferReport(
        batch.id,
        name,
        len(outcomes),
        applied,
        len(outcomes) - applied,
        True,
        outcomes,
        f"{name}: this file was already received on {on.isoformat()} as batch {batch.id} "
        f"({batch.file_name}); nothing was changed",
        f"{name}: ได้รับไฟล์นี้แล้วเมื่อ {format_thai_date(on)} เป็นชุดที่ {batch.id} "
        f"({batch.file_name}) จึงไม่มีการเปลี่ยนแปลงใด",
    )


def pending_transfers(lao_code: str, bind: Bind) -> list[PendingTransfer]:
    """List the rows of transfer files kept for review, oldest file first."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        stored = repo.stored_rows(uow.conn, lao.id)
    fields = [f for f in PendingTransfer.__dataclass_fields__ if not f.startswith("reason")]
    return [
        PendingTransfer(
            **{f: getattr(s, f) for f in fields},
            reason_en=_split(s.reason)[0] or "",
            reason_th=_split(s.reason)[1] or "",
        )
        for s in stored
    ]


def change_owners(
    lao_code: str,
    parcel_code: str,
    owners: Sequence[tuple[str | int, str | Fraction]],
    effective: date,
    reason: str,
    bind: Bind,
    *,
    actor: str,
    document_ref: str | None = None,
    today: date | None = None,
) -> OwnerChange:
    """Change a parcel's owners from a date: owners by national ID or owner number, shares."""
    if not reason.strip():
        raise required_empty("reason", *REQUIRED_HINTS["transaction"])
    check_not_future("effective", effective, today or thai_today())
    references: list[str | int] = []
    for reference, _ in owners:
        checked = check_id("owners", reference) if isinstance(reference, str) else reference
        if checked in references:
            raise listed_twice("owners", *owner_words(checked))
        references.append(checked)
    shares = [
        (s.numerator, s.denominator) if isinstance(s, Fraction) else parse_share("owners", s)
        for _, s in owners
    ]
    fractions = check_total("owners", shares, f"parcel {parcel_code}", f"แปลง {parcel_code}")
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        if parcel is None:
            raise ParcelNotFound(
                f"No active parcel of this LAO has the code '{parcel_code}': check the code on "
                "the tax map.",
                f"ไม่พบแปลงที่ดินรหัส '{parcel_code}' ที่ใช้งานอยู่ของ อปท. นี้ โปรดตรวจรหัสแปลงในแผนที่ภาษี",
                details={"parcel": parcel_code},
            )
        numbers = [r for r in references if isinstance(r, int)]
        idents = [r for r in references if isinstance(r, str)]
        book = OwnerBook(
            uow.conn, lao.id, repo.parties_by(uow.conn, lao.id, idents=idents, numbers=numbers)
        )
        new: list[NewOwner] = []
        for reference, share in zip(references, fractions, strict=True):
            owner = book.get(reference)
            if owner is None:
                raise unknown_owner("owners", reference)
            if any(n.owner == owner for n in new):
                raise listed_twice("owners", *owner_words(reference))
            new.append(NewOwner(owner, None, None, share))
        holdings = repo.holdings(uow.conn, lao.id, [parcel.id]).get(parcel.id, [])
        ending = rights_to_end("effective", parcel.code, holdings, effective)
        case_id, _ = record_change(
            uow.conn,
            lao.id,
            book,
            (parcel.id, parcel.code),
            holdings,
            ending,
            new,
            effective,
            (reason.strip(), document_ref or parcel.document_no),
            actor,
        )
        uow.commit()
    return OwnerChange(
        case_id,
        parcel.code,
        effective,
        len(ending),
        [(n.owner.owner_no, str(n.share)) for n in new if n.owner],
    )
