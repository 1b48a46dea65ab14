"""Queries on notices, payments and allocations for the payment use cases; never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.engine import Connection

from taxmap.billing.orm import notice_instalments, notices, payment_allocations, payments

Row = sa.Row[Any]
INSERT_CHUNK = 1000  # rows per multi-row INSERT (11 values each)
# A taxpayer across rolls is the set of owners a notice names (taxpayer_no is per roll).
OWNER_KEY = sa.func.array_to_string(
    sa.func.array(
        sa.select(sa.func.unnest(notices.c.owner_party_ids).label("party"))
        .distinct()
        .order_by("party")
        .correlate(notices)
        .scalar_subquery()
    ),
    ",",
).label("owner_key")


def owner_key(party_ids: Iterable[int]) -> str:
    """Return the key of a set of owners as OWNER_KEY computes it in SQL."""
    return ",".join(str(i) for i in sorted(set(party_ids)))


def find_notice(conn: Connection, lao_id: int, notice_no: str) -> Row | None:
    """Return the notice with this number, or None."""
    query = sa.select(notices, OWNER_KEY).where(
        notices.c.lao_id == lao_id, notices.c.notice_no == notice_no
    )
    return conn.execute(query).first()


def notices_by_ref1(conn: Connection, lao_id: int, refs: Sequence[str]) -> dict[str, Row]:
    """Return the notices whose ref1 is one of these, by ref1."""
    query = sa.select(notices, OWNER_KEY).where(
        notices.c.lao_id == lao_id, notices.c.ref1 == sa.func.any(sa.cast(refs, ARRAY(sa.Text)))
    )
    return {row.ref1: row for row in conn.execute(query)}


def taxpayer_notices(
    conn: Connection, lao_id: int, keys: Iterable[str], *, lock: bool = True
) -> list[Row]:
    """Return the issued notices of these taxpayers; lock them in id order (no deadlocks)."""
    key_list = sorted(set(keys))
    if not key_list:
        return []
    inner = sa.select(notices, OWNER_KEY).where(
        notices.c.lao_id == lao_id, notices.c.status == "issued"
    )
    mine = inner.subquery()
    ids = sa.select(mine.c.id).where(
        mine.c.owner_key == sa.func.any(sa.cast(key_list, ARRAY(sa.Text)))
    )
    query = (
        sa.select(notices, OWNER_KEY)
        .where(notices.c.lao_id == lao_id, notices.c.id.in_(ids))
        .order_by(notices.c.id)
    )
    return list(conn.execute(query.with_for_update(of=notices) if lock else query))


def instalments_of(conn: Connection, lao_id: int, notice_ids: Sequence[int]) -> list[Row]:
    """Return each notice's instalments with the tax paid so far and paid by the due date.

    A notice without instalment rows is one instalment, number 1, due on its due date.
    """
    i, a, p, n = notice_instalments, payment_allocations, payments, notices
    no = sa.func.coalesce(i.c.no, 1)
    due_on = sa.func.coalesce(i.c.due_on, n.c.due_on)
    amount = sa.func.coalesce(i.c.amount, n.c.amount)
    zero = sa.cast(0, sa.Numeric(14, 2))
    query = (
        sa.select(
            n.c.id.label("notice_id"),
            no.label("no"),
            due_on.label("due_on"),
            amount.label("amount"),
            sa.func.coalesce(sa.func.sum(a.c.tax), zero).label("paid"),
            sa.func.coalesce(sa.func.sum(a.c.tax).filter(p.c.paid_on <= due_on), zero).label(
                "paid_by_due"
            ),
        )
        .select_from(
            n.outerjoin(i, sa.and_(i.c.lao_id == n.c.lao_id, i.c.notice_id == n.c.id))
            .outerjoin(
                a,
                sa.and_(a.c.lao_id == n.c.lao_id, a.c.notice_id == n.c.id, a.c.instalment_no == no),
            )
            .outerjoin(p, sa.and_(p.c.lao_id == a.c.lao_id, p.c.id == a.c.payment_id))
        )
        .where(n.c.lao_id == lao_id, n.c.id.in_(list(notice_ids)))
        .group_by(n.c.id, no, due_on, amount)
        .order_by(n.c.id, no)
    )
    return list(conn.execute(query))


def insert_payment(conn: Connection, values: dict[str, Any]) -> int:
    """Insert one payment and return its id."""
    return int(
        conn.execute(sa.insert(payments).values(**values).returning(payments.c.id)).scalar_one()
    )


def insert_new_payments(conn: Connection, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert file payments not recorded before (by source_ref); return the new ids by it."""
    # In source_ref order, so two imports sharing transactions queue instead of deadlocking;
    # in chunks, to stay under the driver's limit of bound values per statement.
    ordered = sorted(rows, key=lambda row: str(row["source_ref"]))
    new: dict[str, int] = {}
    for start in range(0, len(ordered), INSERT_CHUNK):
        statement = (
            insert(payments)
            .values(ordered[start : start + INSERT_CHUNK])
            .on_conflict_do_nothing(index_elements=[payments.c.lao_id, payments.c.source_ref])
            .returning(payments.c.source_ref, payments.c.id)
        )
        new.update({ref: int(pid) for ref, pid in conn.execute(statement).tuples()})
    return new


def payments_by_source_ref(conn: Connection, lao_id: int, refs: Sequence[str]) -> dict[str, Row]:
    """Return the payments recorded with these source refs, by source ref."""
    query = sa.select(payments).where(
        payments.c.lao_id == lao_id,
        payments.c.source_ref == sa.func.any(sa.cast(list(refs), ARRAY(sa.Text))),
    )
    return {row.source_ref: row for row in conn.execute(query)}


def set_receipt_numbers(conn: Connection, lao_id: int, numbers: dict[int, str]) -> None:
    """Write the receipt number of each payment id."""
    if not numbers:
        return
    given = (
        sa.func.unnest(
            sa.cast(list(numbers), ARRAY(sa.BigInteger)),
            sa.cast(list(numbers.values()), ARRAY(sa.Text)),
        )
        .table_valued("id", "receipt_no")
        .render_derived()
    )
    conn.execute(
        sa.update(payments)
        .where(payments.c.lao_id == lao_id, payments.c.id == given.c.id)
        .values(receipt_no=given.c.receipt_no)
    )


def insert_allocations(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert allocation rows (tax, penalty, surcharge per instalment)."""
    if rows:
        conn.execute(sa.insert(payment_allocations), list(rows))


def get_payment(
    conn: Connection,
    lao_id: int,
    *,
    payment_id: int | None = None,
    receipt_no: str | None = None,
) -> Row | None:
    """Return and lock one payment, by id or by receipt number."""
    query = sa.select(payments).where(payments.c.lao_id == lao_id)
    if payment_id is not None:
        query = query.where(payments.c.id == payment_id)
    if receipt_no is not None:
        query = query.where(payments.c.receipt_no == receipt_no)
    return conn.execute(query.with_for_update()).first()


def allocations_of(conn: Connection, lao_id: int, payment_id: int) -> list[Row]:
    """Return a payment's allocation rows in the order they were made."""
    a = payment_allocations
    query = sa.select(a).where(a.c.lao_id == lao_id, a.c.payment_id == payment_id).order_by(a.c.id)
    return list(conn.execute(query))


def allocated(conn: Connection, lao_id: int, payment_id: int) -> Decimal:
    """Return the money of a payment applied to debts."""
    a = payment_allocations
    total = sa.func.coalesce(sa.func.sum(a.c.tax + a.c.penalty + a.c.surcharge), 0)
    query = sa.select(total).where(a.c.lao_id == lao_id, a.c.payment_id == payment_id)
    return Decimal(conn.execute(query).scalar_one())


def source_ref_taken(conn: Connection, lao_id: int, source_ref: str) -> bool:
    """Tell whether a payment with this source ref exists (a refund or cancellation made)."""
    query = sa.select(payments.c.id).where(
        payments.c.lao_id == lao_id, payments.c.source_ref == source_ref
    )
    return conn.execute(query).first() is not None


def update_payment(conn: Connection, lao_id: int, payment_id: int, **values: Any) -> None:
    """Change a payment's status or note (its money and receipt number never change)."""
    conn.execute(
        sa.update(payments)
        .where(payments.c.lao_id == lao_id, payments.c.id == payment_id)
        .values(**values)
    )
