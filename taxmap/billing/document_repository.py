"""Reads and writes behind printed revenue documents: receipts, warning letters; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.billing.orm import (
    notice_instalments,
    notices,
    payment_allocations,
    payments,
    warning_letters,
)

Row = sa.Row[Any]


def receipt_payment(conn: Connection, lao_id: int, receipt_no: str) -> Row | None:
    """Return the payment a receipt was issued for, with its notice's number and owners."""
    p, n = payments, notices
    query = (
        sa.select(p, n.c.notice_no, n.c.owner_name, n.c.owner_party_ids)
        .select_from(p.outerjoin(n, sa.and_(n.c.lao_id == p.c.lao_id, n.c.id == p.c.notice_id)))
        .where(p.c.lao_id == lao_id, p.c.receipt_no == receipt_no)
    )
    return conn.execute(query).first()


def cancellation_of(conn: Connection, lao_id: int, receipt_no: str) -> Row | None:
    """Return the entry that cancelled a receipt, if any."""
    query = sa.select(payments.c.note, payments.c.created_at).where(
        payments.c.lao_id == lao_id, payments.c.source_ref == f"cancel:{receipt_no}"
    )
    return conn.execute(query).first()


def receipt_lines(conn: Connection, lao_id: int, payment_id: int) -> list[Row]:
    """Return what a payment paid per notice and instalment, oldest allocation first."""
    a, n, i = payment_allocations, notices, notice_instalments
    no = sa.func.coalesce(a.c.instalment_no, 1)
    query = (
        sa.select(
            n.c.notice_no,
            n.c.tax.label("tax_kind"),
            n.c.tax_year,
            no.label("instalment_no"),
            sa.func.coalesce(i.c.due_on, n.c.due_on).label("due_on"),
            a.c.tax,
            a.c.penalty,
            a.c.surcharge,
        )
        .select_from(
            a.join(n, sa.and_(n.c.lao_id == a.c.lao_id, n.c.id == a.c.notice_id)).outerjoin(
                i, sa.and_(i.c.lao_id == a.c.lao_id, i.c.notice_id == n.c.id, i.c.no == no)
            )
        )
        .where(a.c.lao_id == lao_id, a.c.payment_id == payment_id)
        .order_by(a.c.id)
    )
    return list(conn.execute(query))


def letters_of(conn: Connection, lao_id: int, notice_ids: Sequence[int]) -> dict[int, Row]:
    """Return the warning letter of each of these notices that has one, by notice id."""
    if not notice_ids:
        return {}
    w = warning_letters
    query = sa.select(w).where(w.c.lao_id == lao_id, w.c.notice_id.in_(list(notice_ids)))
    return {int(row.notice_id): row for row in conn.execute(query)}


def insert_letters(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert warning letters; return their ids in row order."""
    if not rows:
        return []
    statement = sa.insert(warning_letters).returning(
        warning_letters.c.id, sort_by_parameter_order=True
    )
    return [int(i) for i in conn.execute(statement, list(rows)).scalars()]


def _letters_with_notices() -> sa.Select[Any]:
    """Warning letters joined to the notice each one chases (number, owner, dates)."""
    w, n = warning_letters, notices
    return sa.select(
        w,
        n.c.notice_no,
        n.c.owner_name,
        n.c.owner_party_ids,
        n.c.issued_on.label("notice_issued_on"),
        n.c.due_on,
    ).join(n, sa.and_(n.c.lao_id == w.c.lao_id, n.c.id == w.c.notice_id))


def letters_of_year(conn: Connection, lao_id: int, year: int) -> list[Row]:
    """Return a tax year's warning letters with their notices, in letter order."""
    w = warning_letters
    query = _letters_with_notices().where(w.c.lao_id == lao_id, w.c.tax_year == year)
    return list(conn.execute(query.order_by(w.c.seq)))


def letter_by_number(conn: Connection, lao_id: int, letter_no: str) -> Row | None:
    """Return one warning letter with its notice, by number."""
    w = warning_letters
    query = _letters_with_notices().where(w.c.lao_id == lao_id, w.c.letter_no == letter_no)
    return conn.execute(query).first()
