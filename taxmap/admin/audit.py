"""Use cases on the audit log: check that an LAO's hash chain is unbroken."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import GENESIS, audit_count, audit_entries, audit_hash, get_lao
from taxmap.core.db import UnitOfWork


@dataclass(frozen=True)
class AuditCheck:
    """What `verify_audit` found: entries read, the first bad one, and the chain's head."""

    rows: int
    first_bad_id: int | None
    message: str
    ok: bool
    head: str | None = None


def verify_audit(lao_code: str, bind: Engine | Connection) -> AuditCheck:
    """Recompute an LAO's audit hash chain and name the first entry that breaks it.

    An altered entry fails its own hash; a deleted or moved entry breaks the link (prev_hash)
    of the entry after it; entries cut off the end leave fewer rows than the LAO's counter.
    A tamperer who rewrites the whole chain and the counter is caught only by comparing the
    head hash with one recorded elsewhere, so keep the head this reports.
    """
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        with closing(audit_entries(uow.conn, lao.id)) as entries:
            rows, bad, head = _walk(entries)
        counted = audit_count(uow.conn, lao.id)
    if bad is not None:
        entry_id, broken_link = bad
        what = (
            "does not follow the entry before it: an entry was deleted or moved just before it"
            if broken_link
            else "was altered after it was written"
        )
        return AuditCheck(rows, entry_id, f"Audit entry {entry_id} of {lao_code} {what}.", False)
    if rows != counted:
        return AuditCheck(
            rows,
            None,
            f"The audit log of {lao_code} has {rows} entries but {counted} were written: "
            "entries were removed from its end (or added outside the application).",
            False,
            head,
        )
    return AuditCheck(
        rows, None, f"The audit log of {lao_code} is intact: {rows} entries.", True, head
    )


def _walk(entries: Iterable[sa.Row[Any]]) -> tuple[int, tuple[int, bool] | None, str | None]:
    """Return (entries read, (first bad id, whether its link is broken) or None, head hash)."""
    prev = GENESIS
    rows = 0
    for row in entries:
        rows += 1
        entry = row._mapping
        if entry["prev_hash"] != prev:
            return rows, (int(entry["id"]), True), None
        if entry["hash"] != audit_hash(prev, entry):
            return rows, (int(entry["id"]), False), None
        prev = entry["hash"]
    return rows, None, (prev if rows else None)
