"""Queries for collection: overdue taxpayers, taxpayer keys, objections, export rows; no commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from parcels.register.orm import parties
from taxmap.billing.orm import (
    notice_instalments,
    notices,
    objections,
    payment_allocations,
    payments,
)
from taxmap.billing.payment_repository import OWNER_KEY
from valuation.orm import assessments, tax_rolls

Row = sa.Row[Any]
ZERO = sa.cast(0, sa.Numeric(14, 2))


def overdue_notices(
    conn: Connection,
    lao_id: int,
    on: date,
    year: int | None = None,
    *,
    tax: str | None = None,
    lock: bool = False,
) -> list[Row]:
    """Return issued notices with an instalment due before `on` and tax unpaid, by owner key."""
    n, i, a = notices, notice_instalments, payment_allocations

    def paid(no: Any) -> Any:
        return (
            sa.select(sa.func.coalesce(sa.func.sum(a.c.tax), ZERO))
            .where(a.c.lao_id == n.c.lao_id, a.c.notice_id == n.c.id, a.c.instalment_no == no)
            .correlate_except(a)
            .scalar_subquery()
        )

    mine = sa.and_(i.c.lao_id == n.c.lao_id, i.c.notice_id == n.c.id)
    late_instalment = sa.exists().where(mine, i.c.due_on < on, paid(i.c.no) < i.c.amount)
    # A notice without instalment rows is one instalment due on its due date.
    late_single = sa.and_(
        ~sa.exists().where(mine), n.c.due_on < on, paid(sa.literal(1)) < n.c.amount
    )
    unpaid = sa.or_(late_instalment, late_single)
    query = (
        sa.select(n.c.id, n.c.notice_no, n.c.owner_name, OWNER_KEY)
        .where(n.c.lao_id == lao_id, n.c.status == "issued", unpaid)
        .order_by(n.c.id)
    )
    if year is not None:
        query = query.where(n.c.tax_year == year)
    if tax is not None:
        query = query.where(n.c.tax == tax)
    return list(conn.execute(query.with_for_update(of=n) if lock else query))


def party_keys(conn: Connection, lao_id: int, party_ids: Iterable[int]) -> dict[int, str]:
    """Return each party's stable key: national ID, juristic ID, else owner-<owner_no>."""
    ids = sorted(set(party_ids))
    if not ids:
        return {}
    p = parties
    key = sa.func.coalesce(
        p.c.national_id, p.c.juristic_id, "owner-" + sa.cast(p.c.owner_no, sa.Text)
    )
    query = sa.select(p.c.id, key).where(
        p.c.lao_id == lao_id, p.c.id == sa.func.any(sa.cast(ids, ARRAY(sa.BigInteger)))
    )
    return {int(pid): str(k) for pid, k in conn.execute(query).tuples()}


def insert_objection(conn: Connection, values: dict[str, Any]) -> int:
    """Insert an objection and return its id."""
    statement = sa.insert(objections).values(**values).returning(objections.c.id)
    return int(conn.execute(statement).scalar_one())


def open_objection_of(conn: Connection, lao_id: int, notice_id: int) -> Row | None:
    """Return the undecided objection to a notice, if any."""
    o = objections
    query = sa.select(o).where(
        o.c.lao_id == lao_id, o.c.notice_id == notice_id, o.c.decision.is_(None)
    )
    return conn.execute(query).first()


def _objection_query() -> sa.Select[Any]:
    o, n = objections, notices
    return sa.select(o, n.c.notice_no, n.c.owner_name, n.c.tax_year).join(
        n, sa.and_(n.c.lao_id == o.c.lao_id, n.c.id == o.c.notice_id)
    )


def get_objection(conn: Connection, lao_id: int, objection_id: int) -> Row | None:
    """Return and lock one objection with its notice's number, owner and tax year."""
    query = _objection_query().where(objections.c.lao_id == lao_id, objections.c.id == objection_id)
    return conn.execute(query.with_for_update(of=objections)).first()


def undecided_objections(conn: Connection, lao_id: int, on: date) -> list[Row]:
    """Return and lock the objections filed by `on` and not decided, oldest first."""
    o = objections
    query = (
        _objection_query()
        .where(o.c.lao_id == lao_id, o.c.decision.is_(None), o.c.filed_on <= on)
        .order_by(o.c.filed_on, o.c.id)
    )
    return list(conn.execute(query.with_for_update(of=objections)))


def decide(conn: Connection, lao_id: int, objection_id: int, **values: Any) -> None:
    """Write an objection's decision, its day and note."""
    o = objections
    conn.execute(sa.update(o).where(o.c.lao_id == lao_id, o.c.id == objection_id).values(**values))


def assessment_rows(conn: Connection, lao_id: int, year: int) -> list[Row]:
    """Return the assessments of a tax year's roll in taxpayer order."""
    a, r = assessments, tax_rolls
    query = (
        sa.select(a, r.c.tax_year)
        .join(r, sa.and_(r.c.lao_id == a.c.lao_id, r.c.id == a.c.roll_id))
        .where(a.c.lao_id == lao_id, r.c.tax_year == year)
        .order_by(a.c.taxpayer_no)
    )
    return list(conn.execute(query))


def receipt_rows(conn: Connection, lao_id: int, year: int) -> list[Row]:
    """Return the money each payment applied to each notice of a tax year, in payment order."""
    a, p, n = payment_allocations, payments, notices
    query = (
        sa.select(
            p.c.id.label("payment_id"),
            p.c.receipt_no,
            p.c.paid_on,
            p.c.channel,
            n.c.notice_no,
            n.c.tax.label("tax_kind"),
            n.c.tax_year,
            n.c.owner_name,
            n.c.owner_party_ids,
            sa.func.sum(a.c.tax).label("tax"),
            sa.func.sum(a.c.penalty).label("penalty"),
            sa.func.sum(a.c.surcharge).label("surcharge"),
        )
        .join(p, sa.and_(p.c.lao_id == a.c.lao_id, p.c.id == a.c.payment_id))
        .join(n, sa.and_(n.c.lao_id == a.c.lao_id, n.c.id == a.c.notice_id))
        .where(a.c.lao_id == lao_id, n.c.tax_year == year)
        .group_by(p.c.lao_id, p.c.id, n.c.lao_id, n.c.id)
        .order_by(p.c.paid_on, p.c.id, n.c.notice_no)
    )
    return list(conn.execute(query))


def collected_by_day(conn: Connection, lao_id: int) -> list[Row]:
    """Return the tax, penalty and surcharge collected per payment day and tax year."""
    a, p, n = payment_allocations, payments, notices
    query = (
        sa.select(
            p.c.paid_on,
            n.c.tax_year,
            sa.func.sum(a.c.tax).label("tax"),
            sa.func.sum(a.c.penalty).label("penalty"),
            sa.func.sum(a.c.surcharge).label("surcharge"),
        )
        .join(p, sa.and_(p.c.lao_id == a.c.lao_id, p.c.id == a.c.payment_id))
        .join(n, sa.and_(n.c.lao_id == a.c.lao_id, n.c.id == a.c.notice_id))
        .where(a.c.lao_id == lao_id)
        .group_by(p.c.paid_on, n.c.tax_year)
        .order_by(p.c.paid_on, n.c.tax_year)
    )
    return list(conn.execute(query))
