"""Use cases of the roll's notices: freeze the roll, issue notices, cancel and re-issue (s.53).

Notices come only from a frozen roll. Numbers are gap-free per LAO, tax and year: they are
taken from the LAO's counter inside the issuing transaction, so concurrent issuers queue on
the counter's row and a rolled-back issue leaves no hole. An issued notice is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import append_audit, get_lao, take_numbers
from taxmap.billing import notice_repository as repo
from taxmap.billing.notice_rows import CondoFacts, NoticeDocument, PaymentRefs, letterhead_of
from taxmap.billing.reassessment import reassess_taxpayer
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput, NotFound, NoticeAlreadyIssued
from taxmap.core.progress import Progress, silent
from taxmap.core.thai import normalize_year, to_buddhist_year
from valuation.roll_services import assessment_detail
from valuation.ruledata import load_rule_data
from valuation.rules.instalments import instalment_plan

PREFIX = {"lbt": "L", "signboard": "S"}


@dataclass(frozen=True)
class IssueReport:
    """What a batch issue did."""

    tax_year: int
    issued: int
    already_issued: int
    first_numbers: dict[str, str]
    last_numbers: dict[str, str]


def freeze_roll(lao_code: str, tax_year: int, bind: Engine | Connection, *, actor: str) -> int:
    """Freeze the year's roll: from now on it is the record notices are issued from."""
    year = normalize_year(tax_year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        roll = repo.roll_for_update(uow.conn, lao.id, year)
        if roll is None:
            raise NotFound(
                f"No {year} roll for {lao_code}: run taxmap roll assess first.",
                f"ยังไม่มีทะเบียนภาษีปี {to_buddhist_year(year)} ของ {lao_code}",
            )
        if roll.status != "frozen":
            repo.set_roll_status(uow.conn, lao.id, roll.id, "frozen", actor)
        uow.commit()
    return int(roll.id)


def _plan(tax: str, amount: Decimal, issued_on: date, year: int) -> list[tuple[int, date, Decimal]]:
    """Due date and instalments of a notice (s.46, s.52; signs §3.3)."""
    data = load_rule_data()
    calendar = data.calendar_for(year)
    if tax == "lbt":
        due = max(calendar.payment_due, issued_on)
        rules = data.lbt_instalments
    else:
        due = issued_on + timedelta(days=calendar.sign_periods["payment_days_after_notice"])
        rules = data.sign_instalments
    return [(i.number, i.due, i.amount) for i in instalment_plan(amount, due, rules)]


def issue_notices(
    lao_code: str,
    tax_year: int,
    bind: Engine | Connection,
    *,
    actor: str,
    issued_on: date | None = None,
    taxpayer_no: int | None = None,
    progress: Progress = silent,
) -> IssueReport:
    """Issue the notices of a frozen roll not issued yet (one taxpayer, or all of them)."""
    year = normalize_year(tax_year)
    day = issued_on or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        roll = repo.roll_for_update(conn, lao.id, year, lock=False)
        if roll is None or roll.status != "frozen":
            raise InvalidInput(
                "tax_year",
                f"The {year} roll of {lao_code} is not frozen: freeze it (taxmap notices "
                "freeze) before issuing notices, so they cannot change under you.",
                f"ทะเบียนภาษีปี {to_buddhist_year(year)} ยังไม่ถูกล็อก โปรดล็อกทะเบียนก่อนออกหนังสือแจ้ง",
            )
        due = repo.amounts_due(conn, lao.id, roll.id, taxpayer_no)
        already = repo.issued_keys(conn, lao.id, roll.id)
        todo = [d for d in due if (d.taxpayer_no, d.tax) not in already]
        first: dict[str, str] = {}
        last: dict[str, str] = {}
        rows, instalments = [], []
        for tax in ("lbt", "signboard"):
            mine = [d for d in todo if d.tax == tax]
            if not mine:
                continue
            start = take_numbers(conn, lao.id, f"notice:{tax}:{year}", len(mine))
            be = to_buddhist_year(year)
            for offset, item in enumerate(mine):
                seq = start + offset
                number = f"{PREFIX[tax]}{be}-{seq:06d}"
                rows.append(
                    {
                        "lao_id": lao.id,
                        "roll_id": roll.id,
                        "tax_year": year,
                        "tax": tax,
                        "seq": seq,
                        "notice_no": number,
                        "taxpayer_no": item.taxpayer_no,
                        "owner_name": item.owner_name,
                        "owner_party_ids": item.owner_party_ids,
                        "amount": item.amount,
                        "issued_on": day,
                        "ref1": f"{PREFIX[tax]}{be}{seq:06d}",
                        "ref2": str(be),
                        "issued_by": actor,
                    }
                )
                first.setdefault(tax, number)
                last[tax] = number
                if len(rows) % 500 == 0:
                    progress("issue notices", len(rows), len(todo))
        for row in rows:
            plan = _plan(row["tax"], row["amount"], day, year)
            row["due_on"] = plan[0][1]
            instalments.append(plan)
        ids = repo.insert_notices(conn, rows)
        repo.insert_instalments(
            conn,
            [
                {"lao_id": lao.id, "notice_id": nid, "no": no, "due_on": due_on, "amount": amount}
                for nid, plan in zip(ids, instalments, strict=True)
                for no, due_on, amount in plan
            ],
        )
        uow.commit()
    progress("issue notices", len(todo), len(todo))
    return IssueReport(year, len(rows), len(due) - len(todo), first, last)


def cancel_and_reissue(
    lao_code: str,
    notice_no: str,
    amount: Decimal | None,
    reason: str,
    bind: Engine | Connection,
    *,
    actor: str,
    issued_on: date | None = None,
) -> str:
    """Correct a notice by re-assessment (s.53): cancel it, issue one recomputed that refers to it.

    The engine runs again on the register as of 1 January; the new notice keeps the lines it
    gives, so its calculation sheet prints. `amount`, when given, is the tax the officer expects:
    a different recomputed tax is refused, naming both.
    """
    if not reason.strip():
        raise InvalidInput(
            "reason",
            "Say why the notice is corrected (the re-assessment's reason is kept on record).",
            "โปรดระบุเหตุผลของการประเมินใหม่",
        )
    if amount is not None and amount < 0:
        raise InvalidInput("amount", f"The corrected tax cannot be negative ({amount}).")
    day = issued_on or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        old = repo.notice_for_update(conn, lao.id, notice_no)
        if old.status != "issued":
            raise NoticeAlreadyIssued(
                f"Notice {notice_no} is already cancelled: correct the notice that replaced it.",
                f"หนังสือแจ้งเลขที่ {notice_no} ถูกยกเลิกแล้ว โปรดแก้ไขฉบับที่ออกแทน",
            )
        again = reassess_taxpayer(conn, lao, old.tax_year, old.owner_party_ids, old.tax)
        if amount is not None and amount != again.amount:
            raise InvalidInput(
                "amount",
                f"The register as of 1 January {old.tax_year} gives {again.amount:,.2f} baht "
                f"for notice {notice_no}'s taxpayer, not {amount:,.2f}: correct the register "
                "(land use, prices, buildings, signs) first, or leave the amount out.",
                f"ทะเบียน ณ 1 มกราคม {to_buddhist_year(old.tax_year)} คำนวณภาษีได้ "
                f"{again.amount:,.2f} บาท ไม่ใช่ {amount:,.2f} บาท โปรดแก้ไขทะเบียนก่อน",
            )
        repo.cancel_notice(conn, lao.id, old.id, day, reason)
        be = to_buddhist_year(old.tax_year)
        seq = take_numbers(conn, lao.id, f"notice:{old.tax}:{old.tax_year}", 1)
        number = f"{PREFIX[old.tax]}{be}-{seq:06d}"
        plan = _plan(old.tax, again.amount, day, old.tax_year)
        row: dict[str, Any] = {
            "lao_id": lao.id,
            "roll_id": old.roll_id,
            "tax_year": old.tax_year,
            "tax": old.tax,
            "seq": seq,
            "notice_no": number,
            "taxpayer_no": old.taxpayer_no,
            "owner_name": old.owner_name,
            "owner_party_ids": list(old.owner_party_ids),
            "amount": again.amount,
            "issued_on": day,
            "due_on": plan[0][1],
            "ref1": f"{PREFIX[old.tax]}{be}{seq:06d}",
            "ref2": str(be),
            "issued_by": actor,
            "replaces_id": old.id,
        }
        [new_id] = repo.insert_notices(conn, [row])
        repo.insert_instalments(
            conn,
            [
                {"lao_id": lao.id, "notice_id": new_id, "no": no, "due_on": d, "amount": a}
                for no, d, a in plan
            ],
        )
        repo.insert_notice_lines(conn, lao.id, new_id, again.lines, again.relief)
        append_audit(
            conn,
            lao.id,
            actor,
            "reissue",
            "notice",
            new_id,
            before={"notice_no": notice_no, "amount": f"{old.amount:.2f}"},
            after={"notice_no": number, "amount": f"{again.amount:.2f}", "reason": reason},
        )
        uow.commit()
    return number


def notice_pdf(lao_code: str, notice_no: str, bind: Engine | Connection) -> bytes:
    """Render one notice (ภ.ด.ส.6 with ภ.ด.ส.7, or ภ.ป.3) with its payment codes as PDF."""
    from taxmap.billing.notice_documents import render_notice

    return render_notice(notice_document(lao_code, notice_no, bind))


def notice_document(lao_code: str, notice_no: str, bind: Engine | Connection) -> NoticeDocument:
    """Return everything one issued notice prints, read from the notice and the roll."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        head, plan = repo.notice_with_instalments(uow.conn, lao.id, notice_no)
        if head is None:
            raise NotFound(
                f"No notice {notice_no} in {lao_code}: check the number (e.g. L2569-000123).",
                f"ไม่พบหนังสือแจ้งเลขที่ {notice_no}",
            )
        replaced = repo.notice_no_of(uow.conn, lao.id, head.replaces_id)
        address = repo.owner_address(uow.conn, lao.id, list(head.owner_party_ids))
        lines, relief = repo.notice_lines_of(uow.conn, lao.id, head.id)
        units = repo.condo_units_of(
            uow.conn, lao.id, list(head.owner_party_ids), date(head.tax_year, 1, 1)
        )
    # Issued from the roll: print the roll's lines (a re-assessment to nothing keeps none).
    if not lines and (head.replaces_id is None or head.amount != 0):
        detail = assessment_detail(lao_code, head.tax_year, head.taxpayer_no, bind)
        lines = detail["lines"]
        relief = -Decimal(detail["lbt_relief"]) if head.tax == "lbt" else Decimal(0)
    settings = dict(lao.settings or {})
    biller = str(dict(settings.get("payment") or {}).get("biller_id", ""))
    if not biller:
        raise InvalidInput(
            "payment.biller_id",
            f"LAO {lao_code} has no biller ID for payment codes: set payment.biller_id (the "
            "LAO's 13-digit tax ID and 2-digit suffix) in its settings.",
            f"อปท. {lao_code} ยังไม่ได้ตั้งรหัสผู้รับชำระ (payment.biller_id) ในค่าตั้งระบบ",
        )
    document = NoticeDocument(
        lao=letterhead_of(lao.name_th, settings),
        tax=head.tax,
        notice_no=head.notice_no,
        issued_on=head.issued_on,
        tax_year=head.tax_year,
        due_on=head.due_on,
        owner_name=head.owner_name,
        owner_address=address,
        taxpayer_no=head.taxpayer_no,
        amount=head.amount,
        payment=PaymentRefs(biller, head.ref1, head.ref2),
        lines=lines,
        instalments=[(p.no, p.due_on, p.amount) for p in plan],
        relief=relief,
        condos=_condo_facts(units),
        replaces_notice_no=replaced,
    )
    return document


def _condo_facts(units: list[Any]) -> dict[str, CondoFacts]:
    # A condo line names its unit as "condo <id>" or "condo <building> <unit no>".
    facts = {}
    for u in units:
        fact = CondoFacts(u.building_name, u.unit_no, u.floor, u.area_m2, u.price_per_m2)
        facts[str(u.id)] = facts[f"{u.building_name} {u.unit_no}"] = fact
    return facts
