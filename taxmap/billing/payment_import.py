"""Use case: record a bank or Thai QR settlement file, matched to notices on ref1 and ref2.

Every line is kept: a matched one is allocated oldest debt first and gets a receipt; one that
matches no notice is recorded as unmatched with its reason. The transaction id is the key
(`source_ref`), so importing the same file again records nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao, take_numbers
from taxmap.billing import payment_repository as repo
from taxmap.billing.allocation import Allocation, allocate, settle
from taxmap.billing.payment_file import SettlementRow, parse_settlement_csv
from taxmap.billing.payment_model import ZERO, ImportedRow, PaymentImportReport
from taxmap.billing.payment_support import (
    allocation_rows,
    late_rules,
    receipt_counter,
    receipt_number,
    taxpayer_debts,
)
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from valuation.ruledata import load_rule_data

Bind = Engine | Connection


@dataclass(frozen=True)
class Match:
    """The notice a line pays, or why it matches none."""

    notice: Any = None
    reason_en: str | None = None
    reason_th: str | None = None


def import_payment_file(
    lao_code: str,
    path: Path,
    bind: Bind,
    *,
    received_by: str,
    file_name: str | None = None,
) -> PaymentImportReport:
    """Record a settlement file's payments: matched ones allocated with receipts, others kept."""
    name = file_name or path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("file", f"{name}: no such file.", f"{name}: ไม่พบไฟล์") from None
    rows = parse_settlement_csv(data, name)
    rule_data = load_rule_data()
    rules = late_rules(rule_data)
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        found = repo.notices_by_ref1(conn, lao.id, sorted({row.ref1 for row in rows}))
        matches = {row.line_no: match(row, found.get(row.ref1)) for row in rows}
        new = repo.insert_new_payments(
            conn, [_payment(lao.id, row, matches[row.line_no], received_by) for row in rows]
        )
        before = repo.payments_by_source_ref(
            conn, lao.id, [row.source_ref for row in rows if row.source_ref not in new]
        )
        fresh = sorted(
            (r for r in rows if r.source_ref in new and matches[r.line_no].notice is not None),
            key=lambda r: (r.paid_on, r.line_no),
        )
        keys = {matches[r.line_no].notice.owner_key for r in fresh}
        debts = taxpayer_debts(conn, lao.id, keys)
        allocations: dict[int, Allocation] = {}
        for row in fresh:  # in payment order, each seeing the ones before it
            key = matches[row.line_no].notice.owner_key
            allocations[row.line_no] = allocate(debts[key], row.amount, row.paid_on, rules)
            debts[key] = settle(debts[key], allocations[row.line_no], row.paid_on)
        receipts = _number_receipts(conn, lao.id, fresh)
        repo.set_receipt_numbers(
            conn, lao.id, {new[r.source_ref]: receipts[r.line_no] for r in fresh}
        )
        repo.insert_allocations(
            conn,
            [
                item
                for r in fresh
                for item in allocation_rows(lao.id, new[r.source_ref], allocations[r.line_no])
            ],
        )
        uow.commit()
    outcomes = []
    for row in rows:
        if row.source_ref not in new:
            outcomes.append(_recorded_before(row, before[row.source_ref]))
            continue
        found_match = matches[row.line_no]
        if found_match.notice is None:
            outcomes.append(
                _outcome(row, "unmatched", reason=(found_match.reason_en, found_match.reason_th))
            )
            continue
        done = allocations[row.line_no]
        outcomes.append(
            _outcome(
                row,
                "recorded",
                notice_no=found_match.notice.notice_no,
                receipt_no=receipts[row.line_no],
                overpayment=done.overpayment,
            )
        )
    return PaymentImportReport(
        file_name=name,
        rows=len(rows),
        recorded=sum(o.status == "recorded" for o in outcomes),
        unmatched=sum(o.status == "unmatched" for o in outcomes),
        already_recorded=sum(o.status == "already_recorded" for o in outcomes),
        amount_recorded=sum((o.amount for o in outcomes if o.status == "recorded"), ZERO),
        amount_unmatched=sum((o.amount for o in outcomes if o.status == "unmatched"), ZERO),
        outcomes=tuple(outcomes),
    )


def match(row: SettlementRow, notice: Any) -> Match:
    """Return the notice a line pays (ref1 names it, ref2 must agree), or why none."""
    if notice is None:
        return Match(
            None,
            f"No notice has ref1 {row.ref1}.",
            f"ไม่พบหนังสือแจ้งการประเมินที่มี ref1 {row.ref1}",
        )
    if notice.ref2 != row.ref2:
        return Match(
            None,
            f"ref1 {row.ref1} is notice {notice.notice_no}, whose ref2 is {notice.ref2}, "
            f"not '{row.ref2}'.",
            f"ref1 {row.ref1} คือหนังสือแจ้งเลขที่ {notice.notice_no} ซึ่งมี ref2 {notice.ref2} "
            f"ไม่ใช่ '{row.ref2}'",
        )
    if notice.status != "issued":
        return Match(
            None,
            f"Notice {notice.notice_no} (ref1 {row.ref1}) was cancelled; match this payment to "
            "the notice that replaces it.",
            f"หนังสือแจ้งเลขที่ {notice.notice_no} (ref1 {row.ref1}) ถูกยกเลิกแล้ว "
            "ให้จับคู่รายการนี้กับหนังสือแจ้งฉบับที่ออกแทน",
        )
    return Match(notice)


def _payment(lao_id: int, row: SettlementRow, found: Match, received_by: str) -> dict[str, Any]:
    return {
        "lao_id": lao_id,
        "paid_on": row.paid_on,
        "amount": row.amount,
        "channel": row.channel,
        "ref1": row.ref1,
        "ref2": row.ref2 or None,
        "source_ref": row.source_ref,
        "notice_id": found.notice.id if found.notice is not None else None,
        "received_by": received_by,
        "status": "recorded" if found.notice is not None else "unmatched",
        "note": found.reason_en,
    }


def _number_receipts(conn: Connection, lao_id: int, rows: list[SettlementRow]) -> dict[int, str]:
    """Give each recorded line its receipt number, per fiscal year in payment order."""
    by_counter: dict[str, list[SettlementRow]] = {}
    for row in rows:
        by_counter.setdefault(receipt_counter(row.paid_on), []).append(row)
    numbers: dict[int, str] = {}
    for counter in sorted(by_counter):  # one lock order for every import
        group = by_counter[counter]
        first = take_numbers(conn, lao_id, counter, len(group))
        for offset, row in enumerate(group):
            numbers[row.line_no] = receipt_number(first + offset, row.paid_on)
    return numbers


def _outcome(
    row: SettlementRow,
    status: str,
    *,
    notice_no: str | None = None,
    receipt_no: str | None = None,
    overpayment: Decimal = ZERO,
    reason: tuple[str | None, str | None] = (None, None),
) -> ImportedRow:
    return ImportedRow(
        row.line_no,
        row.transaction_id,
        row.channel,
        row.paid_on,
        row.amount,
        status,
        notice_no,
        receipt_no,
        overpayment,
        *reason,
    )


def _recorded_before(row: SettlementRow, stored: Any) -> ImportedRow:
    if stored.receipt_no:
        what_en, what_th = f"receipt {stored.receipt_no}", f"ใบเสร็จเลขที่ {stored.receipt_no}"
    else:
        what_en, what_th = stored.status, "ยังไม่ได้จับคู่กับหนังสือแจ้ง"
    return _outcome(
        row,
        "already_recorded",
        receipt_no=stored.receipt_no,
        reason=(
            f"Transaction {row.transaction_id} was recorded before ({what_en}).",
            f"รายการ {row.transaction_id} บันทึกไว้แล้ว ({what_th})",
        ),
    )
