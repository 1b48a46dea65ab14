"""Use cases of objections to a notice (LBT s.73, rule book §1.14): file, decide, the clock.

An objection is filed within 30 days of the notice; the LAO head decides within 60 days of
filing or the objection is deemed upheld. The clock flags an undecided objection from day 45
so it is decided in time, and records the deemed decision once day 60 is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.billing import arrears_repository as repo
from taxmap.billing import payment_repository
from taxmap.billing.payment_support import notice_not_found
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import AlreadyExists, InvalidInput, NotFound
from valuation.ruledata import load_rule_data

Bind = Engine | Connection
FLAG_DAY = 45  # the office's own alarm, 15 days before s.73 decides for the taxpayer
DECISIONS = ("upheld", "rejected")


@dataclass(frozen=True)
class Objection:
    """An objection on record, with the day it is deemed upheld if still undecided."""

    id: int
    notice_no: str
    filed_on: date
    reason: str
    decide_by: date  # deemed upheld on this day when undecided (s.73)
    decision: str | None = None
    decided_on: date | None = None
    decision_note: str | None = None


@dataclass(frozen=True)
class ClockLine:
    """Where one undecided objection stands on a day: open, flagged, or now deemed upheld."""

    objection_id: int
    notice_no: str
    owner_name: str
    filed_on: date
    day: int
    decide_by: date
    status: str  # 'open', 'flagged' or 'deemed_upheld'
    message: str


def file_objection(
    lao_code: str, notice_no: str, filed_on: date, reason: str, bind: Bind
) -> Objection:
    """Record an objection to an issued notice filed within 30 days of it (s.73)."""
    if not reason.strip():
        raise InvalidInput("reason", "Say what the objection is about.", "โปรดระบุเหตุที่คัดค้าน")
    calendar = load_rule_data().calendar
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        notice = payment_repository.find_notice(uow.conn, lao.id, notice_no)
        if notice is None:
            raise notice_not_found(lao_code, notice_no)
        if notice.status != "issued":
            raise InvalidInput(
                "notice_no",
                f"Notice {notice_no} was cancelled; object to the notice that replaces it.",
                f"หนังสือแจ้งเลขที่ {notice_no} ถูกยกเลิกแล้ว ให้คัดค้านหนังสือแจ้งฉบับที่ออกแทน",
            )
        last = notice.issued_on + timedelta(days=calendar.periods["objection_days"])
        if not notice.issued_on <= filed_on <= last:
            raise InvalidInput(
                "filed_on",
                f"An objection to notice {notice_no} (issued {notice.issued_on.isoformat()}) "
                f"must be filed from that day to {last.isoformat()} (s.73: within 30 days).",
                f"คัดค้านหนังสือแจ้งเลขที่ {notice_no} ได้ตั้งแต่ {notice.issued_on.isoformat()} "
                f"ถึง {last.isoformat()} (ม.73 ภายใน 30 วัน)",
            )
        open_one = repo.open_objection_of(uow.conn, lao.id, notice.id)
        if open_one is not None:
            raise AlreadyExists(
                f"Notice {notice_no} has objection {open_one.id} awaiting a decision.",
                f"หนังสือแจ้งเลขที่ {notice_no} มีคำคัดค้านเลขที่ {open_one.id} รอการวินิจฉัยอยู่",
                details={"objection_id": open_one.id},
            )
        values = {"lao_id": lao.id, "notice_id": notice.id, "filed_on": filed_on}
        objection_id = repo.insert_objection(uow.conn, {**values, "reason": reason.strip()})
        uow.commit()
    decide_by = _decide_by(filed_on, notice.tax_year)
    return Objection(objection_id, notice_no, filed_on, reason.strip(), decide_by)


def decide_objection(
    lao_code: str, objection_id: int, decision: str, note: str, decided_on: date, bind: Bind
) -> Objection:
    """Record the LAO head's decision on an objection, before it is deemed upheld (s.73)."""
    if decision not in DECISIONS:
        raise InvalidInput(
            "decision",
            f"'{decision}' is not a decision: give 'upheld' or 'rejected'.",
            f"'{decision}' ไม่ใช่ผลการวินิจฉัย ให้ระบุ 'upheld' หรือ 'rejected'",
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        row = repo.get_objection(uow.conn, lao.id, objection_id)
        if row is None:
            raise NotFound(
                f"{lao_code} has no objection {objection_id}.",
                f"ไม่พบคำคัดค้านเลขที่ {objection_id} ของ {lao_code}",
                details={"objection_id": objection_id},
            )
        if row.decision is not None:
            raise AlreadyExists(
                f"Objection {objection_id} was decided already: {row.decision} on "
                f"{row.decided_on.isoformat()}.",
                f"คำคัดค้านเลขที่ {objection_id} วินิจฉัยแล้วเมื่อ {row.decided_on.isoformat()}",
                details={"objection_id": objection_id, "decision": row.decision},
            )
        deadline = _decide_by(row.filed_on, row.tax_year)
        if decided_on < row.filed_on or decided_on >= deadline:
            raise InvalidInput(
                "decided_on",
                f"Objection {objection_id} filed {row.filed_on.isoformat()} can be decided "
                f"up to {(deadline - timedelta(days=1)).isoformat()}; from "
                f"{deadline.isoformat()} it is deemed upheld (s.73).",
                f"คำคัดค้านเลขที่ {objection_id} ต้องวินิจฉัยภายใน "
                f"{(deadline - timedelta(days=1)).isoformat()} มิฉะนั้นถือว่าเห็นชอบตามคำคัดค้าน (ม.73)",
            )
        repo.decide(
            uow.conn,
            lao.id,
            objection_id,
            decision=decision,
            decided_on=decided_on,
            decision_note=note,
        )
        uow.commit()
    return _objection(row, decision, decided_on, note)


def objection_clock(lao_code: str, on: date, bind: Bind) -> list[ClockLine]:
    """List undecided objections by day count; flag day 45, deem day 60 upheld (s.73)."""
    lines = []
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        for row in repo.undecided_objections(uow.conn, lao.id, on):
            day, deadline = (on - row.filed_on).days, _decide_by(row.filed_on, row.tax_year)
            head = f"Objection {row.id} to notice {row.notice_no}"
            if on >= deadline:
                status = "deemed_upheld"
                message = f"{head}: undecided after 60 days, deemed upheld on {deadline} (s.73)."
                repo.decide(
                    uow.conn,
                    lao.id,
                    row.id,
                    decision="deemed_upheld",
                    decided_on=deadline,
                    decision_note="undecided within 60 days: deemed upheld (s.73)",
                )
            elif day >= FLAG_DAY:
                status = "flagged"
                message = f"{head}: day {day} of 60, decide by {deadline - timedelta(days=1)}."
            else:
                status = "open"
                message = f"{head}: day {day} of 60."
            lines.append(
                ClockLine(
                    row.id,
                    row.notice_no,
                    row.owner_name,
                    row.filed_on,
                    day,
                    deadline,
                    status,
                    message,
                )
            )
        uow.commit()
    return lines


def _decide_by(filed_on: date, tax_year: int) -> date:
    return load_rule_data().calendar_for(tax_year).objection_decided_by(filed_on)


def _objection(row: Any, decision: str, decided_on: date, note: str) -> Objection:
    return Objection(
        row.id,
        row.notice_no,
        row.filed_on,
        row.reason,
        _decide_by(row.filed_on, row.tax_year),
        decision,
        decided_on,
        note,
    )
