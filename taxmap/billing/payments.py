"""Use cases of payment: at the counter, from a bank or QR file, refunds, cancelled receipts.

Each opens one unit of work and commits once. The taxpayer's notices are locked before their
debts are read, so two payments of one taxpayer never allocate the same baht; receipt numbers
come from a row-locked counter per LAO and fiscal year, so they are gap-free and unique.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao, take_number
from taxmap.billing import payment_repository as repo
from taxmap.billing.allocation import allocate, owed_on
from taxmap.billing.payment_import import import_payment_file
from taxmap.billing.payment_model import Balance, CancelledReceipt, Receipt, Refund
from taxmap.billing.payment_support import (
    allocation_rows,
    charge_line,
    check_amount,
    check_method,
    late_rules,
    notice_not_found,
    payable_notice,
    receipt,
    receipt_counter,
    receipt_number,
    refund_window_ends,
    sums,
    taxpayer_debts,
    thai_today,
)
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import AlreadyExists, InvalidInput, NotFound
from valuation.ruledata import load_rule_data

__all__ = [
    "cancel_receipt",
    "import_payment_file",
    "record_counter_payment",
    "refund_overpayment",
    "taxpayer_balance",
]

Bind = Engine | Connection


def record_counter_payment(
    lao_code: str,
    notice_no: str,
    amount: Decimal,
    paid_on: date | None,
    bind: Bind,
    *,
    received_by: str,
    method: str = "cash",
    method_ref: str | None = None,
) -> Receipt:
    """Take money at the counter for a taxpayer's debts, oldest first, and issue a receipt.

    `method` is how it was handed over (cash, cheque, transfer); a cheque or a transfer needs
    its reference in `method_ref`.
    """
    amount = check_amount(amount)
    paid_by = check_method(method, method_ref)
    today = thai_today()
    day = paid_on or today
    if day > today:
        raise InvalidInput(
            "paid_on",
            f"{day.isoformat()} is after today: record a payment on the day it is made.",
            f"วันที่ {day.isoformat()} ยังไม่ถึง บันทึกการชำระเงินตามวันที่รับเงินจริง",
        )
    data = load_rule_data()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        notice = payable_notice(uow.conn, lao.id, lao_code, notice_no)
        debts = taxpayer_debts(uow.conn, lao.id, [notice.owner_key])[notice.owner_key]
        allocation = allocate(debts, amount, day, late_rules(data))
        receipt_no = receipt_number(take_number(uow.conn, lao.id, receipt_counter(day)), day)
        payment_id = repo.insert_payment(
            uow.conn,
            {
                "lao_id": lao.id,
                "paid_on": day,
                "amount": amount,
                "channel": "counter",
                "method": paid_by[0],
                "method_ref": paid_by[1],
                "ref1": notice.ref1,
                "ref2": notice.ref2,
                "notice_id": notice.id,
                "receipt_no": receipt_no,
                "received_by": received_by,
                "status": "recorded",
            },
        )
        repo.insert_allocations(uow.conn, allocation_rows(lao.id, payment_id, allocation))
        uow.commit()
    return receipt(
        lao_code,
        receipt_no,
        payment_id,
        day,
        amount,
        "counter",
        notice,
        received_by,
        allocation,
        paid_by,
    )


def taxpayer_balance(lao_code: str, notice_no: str, on: date | None, bind: Bind) -> Balance:
    """Return what a notice's taxpayer owes on a day: tax, penalty, surcharge per instalment."""
    day = on or thai_today()
    data = load_rule_data()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        notice = repo.find_notice(uow.conn, lao.id, notice_no)
        if notice is None:
            raise notice_not_found(lao_code, notice_no)
        debts = taxpayer_debts(uow.conn, lao.id, [notice.owner_key], lock=False)
    owed = owed_on(debts[notice.owner_key], day, late_rules(data))
    lines = tuple(charge_line(charge) for charge in owed)
    tax, penalty, surcharge = sums(lines)
    total = tax + penalty + surcharge
    return Balance(
        lao_code, notice_no, notice.owner_name, day, lines, tax, penalty, surcharge, total
    )


def refund_overpayment(
    lao_code: str, payment_id: int, bind: Bind, *, by: str, on: date | None = None
) -> Refund:
    """Pay back what a payment left over after its debts, or all of an unmatched one (s.54)."""
    day = on or thai_today()
    data = load_rule_data()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        payment = repo.get_payment(uow.conn, lao.id, payment_id=payment_id)
        if payment is None or payment.channel == "refund" or payment.amount <= 0:
            raise NotFound(
                f"{lao_code} has no payment {payment_id} to refund.",
                f"ไม่พบรายการรับชำระเงินเลขที่ {payment_id} ของ {lao_code}",
                details={"payment_id": payment_id},
            )
        if payment.status == "refunded" or repo.source_ref_taken(
            uow.conn, lao.id, f"refund:{payment_id}"
        ):
            raise AlreadyExists(
                f"Payment {payment_id} was refunded already.",
                f"รายการรับชำระเงินเลขที่ {payment_id} คืนเงินไปแล้ว",
                details={"payment_id": payment_id},
            )
        if payment.receipt_no and repo.source_ref_taken(
            uow.conn, lao.id, f"cancel:{payment.receipt_no}"
        ):
            raise InvalidInput(
                "payment_id",
                f"Receipt {payment.receipt_no} was cancelled: there is no payment to refund.",
                f"ใบเสร็จเลขที่ {payment.receipt_no} ถูกยกเลิกแล้ว ไม่มีเงินที่ต้องคืน",
            )
        last_day = refund_window_ends(payment.paid_on, data)
        if day > last_day:
            raise InvalidInput(
                "on",
                f"Payment {payment_id} of {payment.paid_on.isoformat()} can be refunded only on "
                f"a claim made by {last_day.isoformat()} (s.54: within 3 years).",
                f"ขอคืนเงินของรายการเลขที่ {payment_id} ได้ภายใน {last_day.isoformat()} "
                "(ม.54 ภายใน 3 ปี)",
            )
        surplus = payment.amount - repo.allocated(uow.conn, lao.id, payment_id)
        if surplus <= 0:
            raise InvalidInput(
                "payment_id",
                f"Payment {payment_id} paid debts only: it left nothing to refund.",
                f"รายการรับชำระเงินเลขที่ {payment_id} ไม่มีเงินชำระเกินที่ต้องคืน",
            )
        refund_id = repo.insert_payment(
            uow.conn,
            {
                "lao_id": lao.id,
                "paid_on": day,
                "amount": -surplus,
                "channel": "refund",
                "ref1": payment.ref1,
                "ref2": payment.ref2,
                "source_ref": f"refund:{payment_id}",  # one refund per payment
                "notice_id": payment.notice_id,
                "received_by": by,
                "status": "recorded",
                "note": f"refund of the overpayment of payment {payment_id}"
                + (f" (receipt {payment.receipt_no})" if payment.receipt_no else ""),
            },
        )
        repo.update_payment(uow.conn, lao.id, payment_id, status="refunded")
        uow.commit()
    return Refund(refund_id, payment_id, payment.receipt_no, day, surplus, by)


def cancel_receipt(
    lao_code: str, receipt_no: str, bind: Bind, *, by: str, reason: str
) -> CancelledReceipt:
    """Cancel a receipt: its number stays on record, a reversing entry undoes its money."""
    if not reason.strip():
        raise InvalidInput(
            "reason", "Say why the receipt is cancelled.", "โปรดระบุเหตุผลที่ยกเลิกใบเสร็จ"
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        payment = repo.get_payment(uow.conn, lao.id, receipt_no=receipt_no)
        if payment is None:
            raise NotFound(
                f"{lao_code} has no receipt {receipt_no}.",
                f"ไม่พบใบเสร็จเลขที่ {receipt_no} ของ {lao_code}",
                details={"receipt_no": receipt_no},
            )
        if repo.source_ref_taken(uow.conn, lao.id, f"cancel:{receipt_no}"):
            raise AlreadyExists(
                f"Receipt {receipt_no} was cancelled already.",
                f"ใบเสร็จเลขที่ {receipt_no} ถูกยกเลิกไปแล้ว",
                details={"receipt_no": receipt_no},
            )
        if payment.status == "refunded":
            raise InvalidInput(
                "receipt_no",
                f"Receipt {receipt_no} has a refund on record; it cannot be cancelled.",
                f"ใบเสร็จเลขที่ {receipt_no} มีการคืนเงินแล้ว ยกเลิกไม่ได้",
            )
        # The reversal carries the original's payment date so that "paid by the due date"
        # nets to nothing; when it was made is its created_at.
        reversal_id = repo.insert_payment(
            uow.conn,
            {
                "lao_id": lao.id,
                "paid_on": payment.paid_on,
                "amount": -payment.amount,
                "channel": payment.channel,
                "ref1": payment.ref1,
                "ref2": payment.ref2,
                "source_ref": f"cancel:{receipt_no}",  # one cancellation per receipt
                "notice_id": payment.notice_id,
                "received_by": by,
                "status": "recorded",
                "note": f"cancels receipt {receipt_no}: {reason}",
            },
        )
        reversed_rows = [
            {
                "lao_id": lao.id,
                "payment_id": reversal_id,
                "notice_id": row.notice_id,
                "instalment_no": row.instalment_no,
                "tax": -row.tax,
                "penalty": -row.penalty,
                "surcharge": -row.surcharge,
            }
            for row in repo.allocations_of(uow.conn, lao.id, payment.id)
        ]
        repo.insert_allocations(uow.conn, reversed_rows)
        note = f"cancelled by {by}: {reason}"
        repo.update_payment(
            uow.conn, lao.id, payment.id, note=f"{payment.note}\n{note}" if payment.note else note
        )
        uow.commit()
    return CancelledReceipt(receipt_no, payment.id, reversal_id, payment.amount, by, reason)
