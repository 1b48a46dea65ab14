"""Receipts (ใบเสร็จรับเงิน) and warning letters (หนังสือแจ้งเตือน) as PDF; shaping only, no I/O.

The rule book (§4) confirms no form number for either document, so they are named by what
they are. A receipt itemises each instalment a payment reached as tax, penalty (เบี้ยปรับ)
and surcharge (เงินเพิ่ม), with the amount in figures and in Thai words; a warning letter
states the tax owed, the add-ons on the day it is issued and the day it gives to pay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from taxmap.billing.notice_rows import Letterhead
from taxmap.core.errors import InvalidInput
from taxmap.core.pdf import render_pdf
from taxmap.core.thai import baht_text, format_thai_date, to_buddhist_year

TEMPLATES = Path(__file__).parent / "templates"
TAX_TH = {"lbt": "ภาษีที่ดินและสิ่งปลูกสร้าง", "signboard": "ภาษีป้าย"}
CHANNEL_TH = {"counter": "ชำระที่เคาน์เตอร์", "bank": "ชำระผ่านธนาคาร", "qr": "ชำระด้วยคิวอาร์โค้ด"}
METHOD_TH = {"cash": "เงินสด", "cheque": "เช็ค", "transfer": "โอนเงิน"}
ZERO = Decimal("0.00")
PARTS = ("tax", "penalty", "surcharge")


@dataclass(frozen=True)
class ReceiptLine:
    """What a payment paid of one instalment of one notice."""

    notice_no: str
    tax_kind: str  # 'lbt' or 'signboard'
    tax_year: int  # C.E.
    instalment_no: int
    due_on: date
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal

    @property
    def total(self) -> Decimal:
        """Return tax + penalty + surcharge."""
        return self.tax + self.penalty + self.surcharge


@dataclass(frozen=True)
class ReceiptDocument:
    """Everything printed on one receipt; amounts in baht with satang."""

    lao: Letterhead
    receipt_no: str
    paid_on: date
    payer_name: str
    payer_address: str
    notice_no: str  # the notice presented (or matched by the bank's ref1)
    channel: str
    received_by: str
    amount: Decimal
    lines: Sequence[ReceiptLine]
    cancelled: str | None = None  # why, when the receipt was cancelled
    method: str | None = None  # at the counter: cash, cheque or transfer
    method_ref: str | None = None  # the cheque's number and bank, the transfer's reference


@dataclass(frozen=True)
class WarningLetterDocument:
    """Everything printed on one warning letter (LBT s.60): the debt on the day of issue."""

    lao: Letterhead
    letter_no: str
    issued_on: date
    pay_by: date
    tax_year: int  # C.E.
    owner_name: str
    owner_address: str
    notice_no: str
    notice_issued_on: date
    due_on: date
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal


def _paid_by(doc: ReceiptDocument) -> str:
    """Return how the money came, as printed: "ชำระที่เคาน์เตอร์ (เช็ค 0012345 ธนาคารออมสิน)"."""
    channel = CHANNEL_TH.get(doc.channel, doc.channel)
    if doc.method is None:
        return channel
    method = " ".join(filter(None, (METHOD_TH.get(doc.method, doc.method), doc.method_ref)))
    return f"{channel} ({method})"


def receipt_data(doc: ReceiptDocument) -> dict[str, Any]:
    """Shape a receipt as the printed text its template lays out."""
    applied = sum((line.total for line in doc.lines), ZERO)
    if applied > doc.amount:
        raise InvalidInput(
            "amount",
            f"Receipt {doc.receipt_no}: its lines add up to {applied:,.2f}, more than the "
            f"{doc.amount:,.2f} received.",
            f"ใบเสร็จเลขที่ {doc.receipt_no}: ยอดรายการ {applied:,.2f} บาท "
            f"เกินเงินที่รับ {doc.amount:,.2f} บาท",
        )
    parts = {k: sum((getattr(x, k) for x in doc.lines), ZERO) for k in PARTS}
    over = doc.amount - applied
    return {
        "title": f"ใบเสร็จรับเงิน {doc.receipt_no}",
        "footer": f"ใบเสร็จรับเงินเลขที่ {doc.receipt_no} · {doc.payer_name}",
        "lao": _lao(doc.lao),
        "receipt_no": doc.receipt_no,
        "paid_on": format_thai_date(doc.paid_on),
        "payer": {"name": doc.payer_name, "address": doc.payer_address},
        "notice_no": doc.notice_no,
        "channel": _paid_by(doc),
        "received_by": doc.received_by,
        "lines": [
            {
                "notice_no": x.notice_no,
                "kind": TAX_TH.get(x.tax_kind, x.tax_kind),
                "year": str(to_buddhist_year(x.tax_year)),
                "instalment": str(x.instalment_no),
                "due_on": format_thai_date(x.due_on, short=True),
                **{k: _money(getattr(x, k)) for k in ("tax", "penalty", "surcharge", "total")},
            }
            for x in doc.lines
        ],
        "totals": {**{k: _money(v) for k, v in parts.items()}, "total": _money(applied)},
        "overpayment": _money(over) if over else None,
        "amount": _money(doc.amount),
        "amount_words": baht_text(doc.amount),
        "cancelled": doc.cancelled,
    }


def warning_letter_data(doc: WarningLetterDocument) -> dict[str, Any]:
    """Shape a warning letter as the printed text its template lays out."""
    total = doc.tax + doc.penalty + doc.surcharge
    return {
        "title": f"หนังสือแจ้งเตือน {doc.letter_no}",
        "footer": f"หนังสือแจ้งเตือนเลขที่ {doc.letter_no} · {doc.owner_name}",
        "lao": _lao(doc.lao),
        "letter_no": doc.letter_no,
        "issued_on": format_thai_date(doc.issued_on),
        "pay_by": format_thai_date(doc.pay_by),
        "tax_year": str(to_buddhist_year(doc.tax_year)),
        "owner": {"name": doc.owner_name, "address": doc.owner_address},
        "notice_no": doc.notice_no,
        "notice_issued_on": format_thai_date(doc.notice_issued_on),
        "due_on": format_thai_date(doc.due_on),
        "tax": _money(doc.tax),
        "penalty": _money(doc.penalty),
        "surcharge": _money(doc.surcharge),
        "total": _money(total),
        "total_words": baht_text(total),
    }


def render_receipt(doc: ReceiptDocument) -> bytes:
    """Render one receipt as a PDF."""
    return render_pdf(TEMPLATES / "receipt.typ", receipt_data(doc))


def render_warning_letter(doc: WarningLetterDocument) -> bytes:
    """Render one warning letter as a PDF."""
    return render_pdf(TEMPLATES / "warning_letter.typ", warning_letter_data(doc))


def _lao(lao: Letterhead) -> dict[str, Any]:
    return {"name": lao.name_th, "address": list(lao.address_lines), "phone": lao.phone}


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"
