"""Rows of the revenue cycle written straight into a test database: a frozen roll, notices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def frozen_roll(conn: Connection, lao_id: int, year: int) -> int:
    """Insert a frozen roll header for a tax year; return its id."""
    values = {"lao": lao_id, "year": year, "as_of": date(year, 1, 1)}
    return int(
        conn.execute(
            sa.text(
                "INSERT INTO tax_rolls (lao_id, tax_year, as_of, status, assessed_by, taxpayers,"
                " land_building_tax, signboard_tax, exempt_parcels, unpriced_parcels,"
                " unvalued_buildings, data) VALUES (:lao, :year, :as_of, 'frozen', 'test', 1,"
                " 0, 0, 0, 0, 0, '{}') RETURNING id"
            ),
            values,
        ).scalar_one()
    )


def issued_notice(
    conn: Connection,
    lao_id: int,
    roll_id: int,
    year: int,
    seq: int,
    owners: list[int],
    instalments: list[tuple[date, str]],
    *,
    tax: str = "lbt",
    name: str = "นายสมชาย ใจดี",
    taxpayer_no: int = 1,
) -> str:
    """Insert an issued notice (issued 1 February) with its instalments; return its number."""
    be, prefix = year + 543, "L" if tax == "lbt" else "S"
    amount = sum((Decimal(a) for _, a in instalments), Decimal(0))
    notice_id = conn.execute(
        sa.text(
            "INSERT INTO notices (lao_id, roll_id, tax_year, tax, seq, notice_no, taxpayer_no,"
            " owner_name, owner_party_ids, amount, issued_on, due_on, ref1, ref2, issued_by)"
            " VALUES (:lao, :roll, :year, :tax, :seq, :no, :taxpayer, :name, :owners, :amount,"
            " :issued, :due, :ref1, :ref2, 'test') RETURNING id"
        ),
        {
            "lao": lao_id,
            "roll": roll_id,
            "year": year,
            "tax": tax,
            "seq": seq,
            "no": f"{prefix}{be}-{seq:06d}",
            "taxpayer": taxpayer_no,
            "name": name,
            "owners": owners,
            "amount": amount,
            "issued": date(year, 2, 1),
            "due": instalments[0][0],
            "ref1": f"{prefix}{be}{seq:06d}",
            "ref2": str(be),
        },
    ).scalar_one()
    for no, (due, part) in enumerate(instalments, 1):
        conn.execute(
            sa.text(
                "INSERT INTO notice_instalments (lao_id, notice_id, no, due_on, amount)"
                " VALUES (:lao, :notice, :no, :due, :amount)"
            ),
            {"lao": lao_id, "notice": notice_id, "no": no, "due": due, "amount": Decimal(part)},
        )
    return f"{prefix}{be}-{seq:06d}"
