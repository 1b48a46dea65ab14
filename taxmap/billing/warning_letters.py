"""Use cases of warning letters (หนังสือแจ้งเตือน, LBT s.60-61; rule book §1.11, §1.13).

In May the LAO warns every taxpayer whose Land and Building Tax is unpaid after its due date.
Each letter is stored with a gap-free number (W2569-000001, per LAO and tax year), the day it
went out and the day it gives to pay (the 90 days of s.61, data/tax/calendar.toml). Those two
stored days, not the calendar, set the penalty of s.68: 10 % paid before a letter, 20 % within
its period, 40 % after (payment_support.taxpayer_debts reads them for every allocation).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import append_audit_rows, audit_row, get_lao, take_numbers
from taxmap.billing import arrears_repository, notice_repository
from taxmap.billing import document_repository as repo
from taxmap.billing.allocation import owed_on
from taxmap.billing.notice_rows import letterhead_of
from taxmap.billing.payment_repository import owner_key
from taxmap.billing.payment_support import late_rules, taxpayer_debts
from taxmap.billing.receipt_documents import WarningLetterDocument, render_warning_letter
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput, NotFound
from taxmap.core.thai import normalize_year, to_buddhist_year
from valuation.ruledata import load_rule_data

Bind = Engine | Connection
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class WarningLetter:
    """A warning letter on record."""

    letter_no: str
    notice_no: str
    owner_name: str
    issued_on: date
    pay_by: date


@dataclass(frozen=True)
class WarningIssue:
    """What an issue of warning letters did."""

    tax_year: int
    issued_on: date
    pay_by: date
    letters: tuple[WarningLetter, ...]
    already_warned: int


def issue_warning_letters(
    lao_code: str, tax_year: int, on: date, bind: Bind, *, actor: str
) -> WarningIssue:
    """Issue a numbered warning letter for each LBT notice of the year unpaid after its due date."""
    year = normalize_year(tax_year)
    calendar = load_rule_data().calendar_for(year)
    if on <= calendar.payment_due:
        raise InvalidInput(
            "on",
            f"Warning letters for tax year {year} go out after the payment due date "
            f"{calendar.payment_due.isoformat()}: issue them from "
            f"{(calendar.payment_due + timedelta(days=1)).isoformat()}.",
            f"หนังสือแจ้งเตือนภาษีปี {to_buddhist_year(year)} ออกได้หลังวันครบกำหนดชำระ "
            f"{calendar.payment_due.isoformat()}",
        )
    pay_by = calendar.seizure_from(on)
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        found = arrears_repository.overdue_notices(conn, lao.id, on, year, tax="lbt", lock=True)
        warned = repo.letters_of(conn, lao.id, [int(row.id) for row in found])
        todo = [row for row in found if int(row.id) not in warned]
        letters = []
        if todo:
            start = take_numbers(conn, lao.id, f"warning:{year}", len(todo))
            be = to_buddhist_year(year)
            rows = []
            for offset, notice in enumerate(todo):
                number = f"W{be}-{start + offset:06d}"
                rows.append(
                    {
                        "lao_id": lao.id,
                        "notice_id": notice.id,
                        "tax_year": year,
                        "seq": start + offset,
                        "letter_no": number,
                        "issued_on": on,
                        "pay_by": pay_by,
                        "issued_by": actor,
                    }
                )
                letter = WarningLetter(number, notice.notice_no, notice.owner_name, on, pay_by)
                letters.append(letter)
            ids = repo.insert_letters(conn, rows)
            append_audit_rows(
                conn,
                [
                    audit_row(lao.id, actor, "issue", "warning_letter", i, None, None, after)
                    for i, after in zip(ids, (_audited(r) for r in rows), strict=True)
                ],
            )
        uow.commit()
    return WarningIssue(year, on, pay_by, tuple(letters), len(found) - len(todo))


def list_warning_letters(lao_code: str, tax_year: int, bind: Bind) -> list[WarningLetter]:
    """Return the warning letters issued for a tax year, in number order."""
    year = normalize_year(tax_year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        rows = repo.letters_of_year(uow.conn, lao.id, year)
    return [
        WarningLetter(r.letter_no, r.notice_no, r.owner_name, r.issued_on, r.pay_by) for r in rows
    ]


def warning_letter_pdf(lao_code: str, letter_no: str, bind: Bind) -> bytes:
    """Render a warning letter: tax unpaid, 20 % penalty and surcharge to its day, pay-by day."""
    data = load_rule_data()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        letter = repo.letter_by_number(uow.conn, lao.id, letter_no)
        if letter is None:
            raise NotFound(
                f"{lao_code} has no warning letter {letter_no}: check the number "
                "(e.g. W2569-000001).",
                f"ไม่พบหนังสือแจ้งเตือนเลขที่ {letter_no} ของ {lao_code}",
                details={"letter_no": letter_no},
            )
        key = owner_key(letter.owner_party_ids)
        debts = taxpayer_debts(uow.conn, lao.id, [key], lock=False)[key]
        address = notice_repository.owner_address(uow.conn, lao.id, list(letter.owner_party_ids))
    debt = next(d for d in debts if d.notice_id == letter.notice_id)
    # Owed on the letter's day as if paid within its period: the 20 % of s.68, and the
    # surcharge run to that day (it keeps running, 1 % a month, until the tax is paid).
    within = replace(debt, warned_on=letter.issued_on - timedelta(days=1))
    late = [c for c in owed_on([within], letter.issued_on, late_rules(data)) if c.late_from]
    document = WarningLetterDocument(
        lao=letterhead_of(lao.name_th, lao.settings),
        letter_no=letter.letter_no,
        issued_on=letter.issued_on,
        pay_by=letter.pay_by,
        tax_year=letter.tax_year,
        owner_name=letter.owner_name,
        owner_address=address or "-",
        notice_no=letter.notice_no,
        notice_issued_on=letter.notice_issued_on,
        due_on=letter.due_on,
        tax=sum((c.tax for c in late), ZERO),
        penalty=sum((c.penalty for c in late), ZERO),
        surcharge=sum((c.surcharge for c in late), ZERO),
    )
    return render_warning_letter(document)


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) for k, v in row.items() if k != "lao_id"}
