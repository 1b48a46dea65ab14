"""Reads and writes of rolls' notices; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.register.orm import condo_units, parties, rights
from taxmap.admin.repository import append_audit
from taxmap.billing.orm import notice_instalments, notice_lines, notices
from taxmap.core.db import in_force
from taxmap.core.errors import NotFound
from valuation.orm import assessments, tax_rolls


def roll_for_update(
    conn: Connection, lao_id: int, year: int, *, lock: bool = True
) -> sa.Row[Any] | None:
    """Return the year's roll header, locked when asked."""
    query = sa.select(tax_rolls.c.id, tax_rolls.c.status).where(
        tax_rolls.c.lao_id == lao_id, tax_rolls.c.tax_year == year
    )
    return conn.execute(query.with_for_update() if lock else query).first()


def set_roll_status(conn: Connection, lao_id: int, roll_id: int, status: str, actor: str) -> None:
    """Change a roll's status and record who did it."""
    conn.execute(
        sa.update(tax_rolls)
        .where(tax_rolls.c.lao_id == lao_id, tax_rolls.c.id == roll_id)
        .values(status=status)
    )
    append_audit(conn, lao_id, actor, status, "tax_roll", roll_id, after={"status": status})


def amounts_due(
    conn: Connection, lao_id: int, roll_id: int, taxpayer_no: int | None
) -> list[sa.Row[Any]]:
    """Return (taxpayer, tax, amount, owner) of every assessment with tax to pay."""
    a = assessments.c
    rows = []
    for tax, column in (("lbt", a.land_building_tax), ("signboard", a.signboard_tax)):
        query = (
            sa.select(
                a.taxpayer_no,
                sa.literal(tax).label("tax"),
                column.label("amount"),
                a.owner_name,
                a.owner_party_ids,
            )
            .where(a.lao_id == lao_id, a.roll_id == roll_id, column > 0)
            .order_by(a.taxpayer_no)
        )
        if taxpayer_no is not None:
            query = query.where(a.taxpayer_no == taxpayer_no)
        rows += list(conn.execute(query))
    return rows


def issued_keys(conn: Connection, lao_id: int, roll_id: int) -> set[tuple[int, str]]:
    """Return (taxpayer, tax) of the roll's notices already issued (cancelled ones included)."""
    rows = conn.execute(
        sa.select(notices.c.taxpayer_no, notices.c.tax).where(
            notices.c.lao_id == lao_id, notices.c.roll_id == roll_id
        )
    )
    return {(int(t), str(x)) for t, x in rows}


def insert_notices(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert notices; return their ids in row order."""
    if not rows:
        return []
    result = conn.execute(
        sa.insert(notices).returning(notices.c.id, sort_by_parameter_order=True), rows
    )
    return [int(i) for i in result.scalars()]


def insert_instalments(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert notices' instalments."""
    if rows:
        conn.execute(sa.insert(notice_instalments), rows)


def notice_for_update(conn: Connection, lao_id: int, notice_no: str) -> sa.Row[Any]:
    """Return a notice, locked, or raise NotFound naming it."""
    row = conn.execute(
        sa.select(notices)
        .where(notices.c.lao_id == lao_id, notices.c.notice_no == notice_no)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFound(
            f"No notice {notice_no} in this LAO: check the number (e.g. L2569-000123).",
            f"ไม่พบหนังสือแจ้งเลขที่ {notice_no}",
            details={"field": "notice_no"},
        )
    return row


def cancel_notice(conn: Connection, lao_id: int, notice_id: int, on: date, reason: str) -> None:
    """Mark a notice cancelled (its number stays on record)."""
    conn.execute(
        sa.update(notices)
        .where(notices.c.lao_id == lao_id, notices.c.id == notice_id)
        .values(status="cancelled", cancelled_on=on, cancel_reason=reason)
    )


def notice_with_instalments(
    conn: Connection, lao_id: int, notice_no: str
) -> tuple[sa.Row[Any] | None, list[sa.Row[Any]]]:
    """Return a notice and its instalments."""
    head = conn.execute(
        sa.select(notices).where(notices.c.lao_id == lao_id, notices.c.notice_no == notice_no)
    ).first()
    if head is None:
        return None, []
    plan = conn.execute(
        sa.select(notice_instalments)
        .where(notice_instalments.c.lao_id == lao_id, notice_instalments.c.notice_id == head.id)
        .order_by(notice_instalments.c.no)
    )
    return head, list(plan)


def notice_no_of(conn: Connection, lao_id: int, notice_id: int | None) -> str | None:
    """Return the number of a notice by id (None for none)."""
    if notice_id is None:
        return None
    return conn.execute(
        sa.select(notices.c.notice_no).where(notices.c.lao_id == lao_id, notices.c.id == notice_id)
    ).scalar()


def owner_address(conn: Connection, lao_id: int, party_ids: list[int]) -> str:
    """Return the mailing (else current, else registered) address of the first owner."""
    row = conn.execute(
        sa.select(
            sa.func.coalesce(
                parties.c.mailing_address, parties.c.current_address, parties.c.registered_address
            )
        )
        .where(parties.c.lao_id == lao_id, parties.c.id.in_(party_ids))
        .order_by(parties.c.owner_no)
        .limit(1)
    ).scalar()
    return str(row or "")


# The bill-line columns a re-assessed notice keeps: the table's own, less its keys and relief.
_LINE_COLUMNS = tuple(
    c.name for c in notice_lines.c if c.name not in {"lao_id", "id", "notice_id", "relief"}
)


def insert_notice_lines(
    conn: Connection,
    lao_id: int,
    notice_id: int,
    lines: Sequence[dict[str, Any]],
    relief: Decimal,
) -> None:
    """Keep a re-assessed notice's bill lines; the s.97 relief goes on its first line."""
    rows = [
        {
            "lao_id": lao_id,
            "notice_id": notice_id,
            **{name: line[name] for name in _LINE_COLUMNS},
            "relief": relief if n == 0 else Decimal(0),
        }
        for n, line in enumerate(lines)
    ]
    if rows:
        conn.execute(sa.insert(notice_lines), rows)


def notice_lines_of(
    conn: Connection, lao_id: int, notice_id: int
) -> tuple[list[dict[str, Any]], Decimal]:
    """Return a notice's own bill lines (as assessment_detail gives them) and its relief."""
    rows = conn.execute(
        sa.select(notice_lines)
        .where(notice_lines.c.lao_id == lao_id, notice_lines.c.notice_id == notice_id)
        .order_by(notice_lines.c.line_no)
    ).all()
    lines = [
        {
            **{name: getattr(r, name) for name in _LINE_COLUMNS},
            "value": f"{r.value:.2f}",
            "allowance": f"{r.allowance:.2f}",
            "reduction_percent": f"{r.reduction_percent.normalize():f}",
            "before_rounding": f"{r.before_rounding.normalize():f}",
            "exemption": r.exemption or None,
            "amount": f"{r.amount:.2f}",
        }
        for r in rows
    ]
    return lines, sum((r.relief for r in rows), Decimal("0.00"))


def condo_units_of(conn: Connection, lao_id: int, party_ids: list[int], as_of: date) -> list[Any]:
    """Return the condominium units these owners held on a day (for the ภ.ด.ส.8 sheet)."""
    c, r = condo_units, rights
    query = (
        sa.select(c.c.id, c.c.building_name, c.c.unit_no, c.c.floor, c.c.area_m2, c.c.price_per_m2)
        .distinct()
        .join(r, sa.and_(r.c.lao_id == c.c.lao_id, r.c.condo_unit_id == c.c.id))
        .where(
            c.c.lao_id == lao_id,
            r.c.party_id.in_(party_ids),
            in_force(r, as_of),
            in_force(c, as_of),
        )
        .order_by(c.c.id)
    )
    return list(conn.execute(query))
