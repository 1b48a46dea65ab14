"""Use cases of change-of-use reports (LBT s.33): record the request, open its edit case.

A taxpayer reports a change of use within 60 days of it (s.33; data/tax/calendar.toml
change_of_use_report_days); staff may also record one found on survey. The report is kept as
a request with what was reported, and opens an edit case (`cases`, kind "change_of_use") under
which survey staff change the parcel's land use from the reported day; the next roll taxes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection, Engine

from parcels.register.orm import TAX_CATEGORIES
from taxmap.admin.repository import append_audit, get_lao
from taxmap.billing import request_repository as repo
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput, ParcelNotFound
from valuation.ruledata import load_rule_data
from valuation.rules.model import CATEGORY_TH

Bind = Engine | Connection


@dataclass(frozen=True)
class ChangeOfUseReport:
    """A change-of-use report on record and the edit case it opened."""

    id: int
    case_id: int
    parcel_code: str
    reported_use: str
    changed_on: date
    reported_on: date
    reporter: str
    days_after_change: int
    in_time: bool  # reported within the 60 days of s.33
    status: str


def report_change_of_use(
    lao_code: str,
    parcel_code: str,
    reported_use: str,
    changed_on: date,
    reported_on: date,
    reporter: str,
    bind: Bind,
    *,
    actor: str,
    details: str | None = None,
) -> ChangeOfUseReport:
    """Record a change of use reported for a parcel (s.33) and open the edit case for it."""
    if reported_use not in TAX_CATEGORIES:
        raise InvalidInput(
            "reported_use",
            f"'{reported_use}' is not a use category: give one of {', '.join(TAX_CATEGORIES)}.",
            f"'{reported_use}' ไม่ใช่ประเภทการใช้ประโยชน์ ให้ระบุหนึ่งใน {', '.join(TAX_CATEGORIES)}",
        )
    if not reporter.strip():
        raise InvalidInput(
            "reporter", "Say who reported the change (the taxpayer or the officer).", "โปรดระบุผู้แจ้ง"
        )
    if reported_on < changed_on:
        raise InvalidInput(
            "changed_on",
            f"The change ({changed_on.isoformat()}) cannot come after its report "
            f"({reported_on.isoformat()}): correct the dates.",
            f"วันที่เปลี่ยนการใช้ประโยชน์ ({changed_on.isoformat()}) ต้องไม่หลังวันที่แจ้ง "
            f"({reported_on.isoformat()})",
        )
    days = (reported_on - changed_on).days
    limit = load_rule_data().calendar.periods["change_of_use_report_days"]
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        parcel = repo.parcel_by_code(conn, lao.id, parcel_code)
        if parcel is None or parcel.status == "retired":
            raise ParcelNotFound(
                f"{lao_code} has no current parcel {parcel_code}: check the code (e.g. 01A001).",
                f"ไม่พบแปลงที่ดินรหัส {parcel_code} ของ {lao_code}",
                details={"field": "parcel_code", "parcel_code": parcel_code},
            )
        use_th = CATEGORY_TH.get(reported_use, reported_use)
        reason = (
            f"ม.33 แจ้งเปลี่ยนการใช้ประโยชน์แปลง {parcel_code} เป็น{use_th} ตั้งแต่ "
            f"{changed_on.isoformat()} (s.33 change of use to {reported_use}, "
            f"reported {reported_on.isoformat()} by {reporter.strip()})"
        )
        document = f"change-of-use report {reported_on.isoformat()}"
        case_id = repo.open_case(conn, lao.id, "change_of_use", reason, document)
        values: dict[str, Any] = {
            "lao_id": lao.id,
            "parcel_id": parcel.id,
            "reported_use": reported_use,
            "changed_on": changed_on,
            "reported_on": reported_on,
            "reporter": reporter.strip(),
            "details": details,
            "case_id": case_id,
            "recorded_by": actor,
        }
        report_id = repo.insert_report(conn, values)
        after = {k: str(v) for k, v in values.items() if k != "lao_id"}
        append_audit(
            conn, lao.id, actor, "report", "change_of_use", report_id, case_id=case_id, after=after
        )
        uow.commit()
    return ChangeOfUseReport(
        report_id,
        case_id,
        parcel_code,
        reported_use,
        changed_on,
        reported_on,
        reporter.strip(),
        days,
        days <= limit,
        "open",
    )


def list_change_of_use_reports(
    lao_code: str, bind: Bind, *, status: str | None = None
) -> list[ChangeOfUseReport]:
    """Return the LAO's change-of-use reports, newest first (open ones only when asked)."""
    limit = load_rule_data().calendar.periods["change_of_use_report_days"]
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        rows = repo.reports(uow.conn, lao.id, status)
    return [
        ChangeOfUseReport(
            x.id,
            x.case_id,
            x.code,
            x.reported_use,
            x.changed_on,
            x.reported_on,
            x.reporter,
            (x.reported_on - x.changed_on).days,
            (x.reported_on - x.changed_on).days <= limit,
            x.status,
        )
        for x in rows
    ]
