"""What one owner is assessed and billed in a tax year: the browser's revenue screen reads it."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import NotFound
from taxmap.core.thai import normalize_year

_OWNER = sa.text("SELECT id, owner_no, name_th FROM parties WHERE lao_id = :lao AND owner_no = :no")

_ASSESSMENTS = sa.text(
    """
    SELECT a.taxpayer_no, a.owner_name, a.total, a.land_building_tax, a.signboard_tax
      FROM assessments a JOIN tax_rolls r ON (r.lao_id, r.id) = (a.lao_id, a.roll_id)
     WHERE a.lao_id = :lao AND r.tax_year = :year AND :party = ANY(a.owner_party_ids)
     ORDER BY a.taxpayer_no
    """
)

_NOTICES = sa.text(
    """
    SELECT n.notice_no, n.tax, n.taxpayer_no, n.amount, n.issued_on, n.due_on, n.status
      FROM notices n
     WHERE n.lao_id = :lao AND n.tax_year = :year AND :party = ANY(n.owner_party_ids)
     ORDER BY n.tax, n.seq
    """
)


def owner_taxes(
    lao_code: str, owner_no: int, year: int, bind: Engine | Connection
) -> dict[str, Any]:
    """Return an owner's assessments on a year's roll and the notices issued for them."""
    tax_year = normalize_year(year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        owner = uow.conn.execute(_OWNER, {"lao": lao.id, "no": owner_no}).first()
        if owner is None:
            raise NotFound(
                f"No owner number {owner_no} in {lao_code}: search owners by name or ID first.",
                f"ไม่พบเจ้าของทรัพย์สินเลขที่ {owner_no} โปรดค้นหาจากชื่อหรือเลขประจำตัวก่อน",
                details={"field": "owner_no"},
            )
        values = {"lao": lao.id, "year": tax_year, "party": owner.id}
        assessed = list(uow.conn.execute(_ASSESSMENTS, values))
        notices = list(uow.conn.execute(_NOTICES, values))
    return {
        "owner_no": owner.owner_no,
        "name_th": owner.name_th,
        "tax_year": tax_year,
        "assessments": [
            {
                "taxpayer_no": a.taxpayer_no,
                "owner_name": a.owner_name,
                "land_building_tax": f"{a.land_building_tax:.2f}",
                "signboard_tax": f"{a.signboard_tax:.2f}",
                "total": f"{a.total:.2f}",
            }
            for a in assessed
        ],
        "notices": [
            {
                "notice_no": n.notice_no,
                "tax": n.tax,
                "taxpayer_no": n.taxpayer_no,
                "amount": f"{n.amount:.2f}",
                "issued_on": _iso(n.issued_on),
                "due_on": _iso(n.due_on),
                "status": n.status,
            }
            for n in notices
        ],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
