"""Use case: print a receipt (ใบเสร็จรับเงิน) of a recorded payment, item by item, as PDF."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.billing import document_repository as repo
from taxmap.billing.notice_repository import owner_address
from taxmap.billing.notice_rows import letterhead_of
from taxmap.billing.receipt_documents import ReceiptDocument, ReceiptLine, render_receipt
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import NotFound


def receipt_pdf(lao_code: str, receipt_no: str, bind: Engine | Connection) -> bytes:
    """Render a receipt: payer, notice, tax / penalty / surcharge per instalment, baht in words."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        payment = repo.receipt_payment(uow.conn, lao.id, receipt_no)
        if payment is None:
            raise NotFound(
                f"{lao_code} has no receipt {receipt_no}: check the number (e.g. R2569-000001).",
                f"ไม่พบใบเสร็จเลขที่ {receipt_no} ของ {lao_code}",
                details={"receipt_no": receipt_no},
            )
        lines = repo.receipt_lines(uow.conn, lao.id, payment.id)
        cancelled = repo.cancellation_of(uow.conn, lao.id, receipt_no)
        owners = list(payment.owner_party_ids or [])
        address = owner_address(uow.conn, lao.id, owners) if owners else ""
    document = ReceiptDocument(
        lao=letterhead_of(lao.name_th, lao.settings),
        receipt_no=receipt_no,
        paid_on=payment.paid_on,
        payer_name=payment.owner_name or "-",
        payer_address=address or "-",
        notice_no=payment.notice_no or payment.ref1 or "-",
        channel=payment.channel,
        received_by=payment.received_by,
        amount=payment.amount,
        lines=[
            ReceiptLine(
                x.notice_no,
                x.tax_kind,
                x.tax_year,
                x.instalment_no,
                x.due_on,
                x.tax,
                x.penalty,
                x.surcharge,
            )
            for x in lines
        ],
        cancelled=_cancel_reason(cancelled.note) if cancelled is not None else None,
        method=payment.method,
        method_ref=payment.method_ref,
    )
    return render_receipt(document)


def _cancel_reason(note: str | None) -> str:
    # cancel_receipt writes "cancels receipt R…: <reason>" on the reversing entry.
    return (note or "").partition(": ")[2] or "ยกเลิก"
