"""What the payment use cases share: debts from the database, receipt numbers, receipts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

from taxmap.billing import payment_repository as repo
from taxmap.billing.allocation import (
    SATANG,
    Allocation,
    Charge,
    InstalmentDebt,
    LateRules,
    NoticeDebt,
)
from taxmap.billing.document_repository import letters_of
from taxmap.billing.payment_model import ChargeLine, Receipt
from taxmap.core.errors import InvalidInput, NotFound
from taxmap.core.thai import baht_text, fiscal_year_be
from valuation.ruledata import RuleData

ZERO = Decimal("0.00")
PARTS = ("tax", "penalty", "surcharge")


def check_amount(amount: Decimal) -> Decimal:
    """Return a payment amount in satang, or refuse one that is not positive or finer."""
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(SATANG):
        raise InvalidInput(
            "amount",
            f"{amount} is not an amount to pay: give baht with at most 2 decimals, above 0.",
            f"{amount} ไม่ใช่จำนวนเงินที่ชำระได้ ต้องมากกว่า 0 และมีทศนิยมไม่เกิน 2 ตำแหน่ง",
        )
    return amount.quantize(SATANG)


# How money is handed over at the counter; a cheque or a transfer must be traceable.
PAYMENT_METHODS = ("cash", "cheque", "transfer")
METHOD_REF_NEEDED = {
    "cheque": ("the cheque's number and bank", "เลขที่เช็คและธนาคาร"),
    "transfer": ("the transfer's reference", "เลขที่อ้างอิงการโอนเงิน"),
}


def check_method(method: str, method_ref: str | None) -> tuple[str, str | None]:
    """Return a counter payment's method and reference, or refuse an unknown or untraceable one."""
    if method not in PAYMENT_METHODS:
        raise InvalidInput(
            "method",
            f"'{method}' is not a payment method: give one of {', '.join(PAYMENT_METHODS)}.",
            f"'{method}' ไม่ใช่วิธีชำระเงิน ระบุ cash (เงินสด) cheque (เช็ค) หรือ transfer (โอนเงิน)",
        )
    ref = (method_ref or "").strip() or None
    if method in METHOD_REF_NEEDED and ref is None:
        what_en, what_th = METHOD_REF_NEEDED[method]
        raise InvalidInput(
            "method_ref",
            f"A payment by {method} needs {what_en} in method_ref.",
            f"การชำระด้วย{'เช็ค' if method == 'cheque' else 'การโอนเงิน'}ต้องระบุ{what_th}",
        )
    if ref is not None and len(ref) > 120:
        raise InvalidInput(
            "method_ref",
            f"method_ref has {len(ref)} characters; give at most 120.",
            f"ข้อมูลอ้างอิงการชำระยาว {len(ref)} ตัวอักษร ต้องไม่เกิน 120",
        )
    return method, (ref if method != "cash" else None)


def late_rules(data: RuleData) -> LateRules:
    """Return the late-payment rules of both taxes."""
    return LateRules(data.lbt_late, data.sign_late)


def notice_not_found(lao_code: str, notice_no: str) -> NotFound:
    """Return the error for a notice number the LAO never issued."""
    return NotFound(
        f"{lao_code} has no notice {notice_no}.",
        f"ไม่พบหนังสือแจ้งการประเมินเลขที่ {notice_no} ของ {lao_code}",
        details={"notice_no": notice_no},
    )


def payable_notice(conn: Connection, lao_id: int, lao_code: str, notice_no: str) -> Any:
    """Return an issued notice to take payment on, or say why not."""
    notice = repo.find_notice(conn, lao_id, notice_no)
    if notice is None:
        raise notice_not_found(lao_code, notice_no)
    if notice.status != "issued":
        raise InvalidInput(
            "notice_no",
            f"Notice {notice_no} was cancelled; take payment on the notice that replaces it.",
            f"หนังสือแจ้งเลขที่ {notice_no} ถูกยกเลิกแล้ว ให้รับชำระตามหนังสือแจ้งฉบับที่ออกแทน",
            details={"notice_no": notice_no},
        )
    return notice


def taxpayer_debts(
    conn: Connection, lao_id: int, keys: Iterable[str], *, lock: bool = True
) -> dict[str, list[NoticeDebt]]:
    """Return the issued notices of these taxpayers as debts, by owner key (locked first).

    Each LBT notice carries its stored warning letter (s.60): the day it went out and the day
    it gives to pay set the penalty of s.68; a notice without one is 10 % late (s.68(1)).
    """
    wanted = set(keys)
    notices = repo.taxpayer_notices(conn, lao_id, wanted, lock=lock)
    items: dict[int, list[InstalmentDebt]] = {}
    for row in repo.instalments_of(conn, lao_id, [n.id for n in notices]):
        item = InstalmentDebt(row.no, row.due_on, row.amount, row.paid, row.paid_by_due)
        items.setdefault(row.notice_id, []).append(item)
    out: dict[str, list[NoticeDebt]] = {key: [] for key in wanted}
    letters = letters_of(conn, lao_id, [n.id for n in notices])
    for n in notices:
        letter = letters.get(int(n.id))
        warned_on, pay_by = (letter.issued_on, letter.pay_by) if letter else (None, None)
        debt = NoticeDebt(
            n.id, n.notice_no, n.tax, n.tax_year, tuple(items[n.id]), warned_on, pay_by
        )
        out[n.owner_key].append(debt)
    return out


def receipt_counter(day: date) -> str:
    """Return the counter receipts of this day's fiscal year are numbered from."""
    return f"receipt:{fiscal_year_be(day)}"


def receipt_number(number: int, day: date) -> str:
    """Format a receipt number: R, the B.E. fiscal year, and six digits (R2569-000001)."""
    return f"R{fiscal_year_be(day)}-{number:06d}"


def allocation_rows(lao_id: int, payment_id: int, allocation: Allocation) -> list[dict[str, Any]]:
    """Return the payment_allocations rows of an allocation."""
    return [
        {
            "lao_id": lao_id,
            "payment_id": payment_id,
            "notice_id": row.notice_id,
            "instalment_no": row.instalment_no,
            "tax": row.tax,
            "penalty": row.penalty,
            "surcharge": row.surcharge,
        }
        for row in allocation.rows
    ]


def charge_line(charge: Charge) -> ChargeLine:
    """Return an allocation or balance row as a receipt or balance line."""
    return ChargeLine(
        charge.notice_no,
        charge.tax_kind,
        charge.tax_year,
        charge.instalment_no,
        charge.due,
        charge.late_from,
        charge.months,
        charge.stage,
        charge.tax,
        charge.penalty,
        charge.surcharge,
        charge.total,
    )


def receipt(
    lao_code: str,
    receipt_no: str,
    payment_id: int,
    day: date,
    amount: Decimal,
    channel: str,
    notice: Any,
    received_by: str,
    allocation: Allocation,
    method: tuple[str | None, str | None] = (None, None),
) -> Receipt:
    """Return the receipt of a recorded payment, item by item."""
    lines = tuple(charge_line(row) for row in allocation.rows)
    tax, penalty, surcharge = sums(lines)
    return Receipt(
        receipt_no=receipt_no,
        payment_id=payment_id,
        lao_code=lao_code,
        paid_on=day,
        amount=amount,
        amount_words=baht_text(amount),
        channel=channel,
        method=method[0],
        method_ref=method[1],
        notice_no=notice.notice_no,
        owner_name=notice.owner_name,
        received_by=received_by,
        lines=lines,
        tax=tax,
        penalty=penalty,
        surcharge=surcharge,
        overpayment=allocation.overpayment,
    )


def refund_window_ends(paid_on: date, data: RuleData) -> date:
    """Return the last day a refund of this payment may be claimed (s.54: 3 years)."""
    years = data.calendar.periods["refund_claim_years"]
    try:
        return paid_on.replace(year=paid_on.year + years)
    except ValueError:  # 29 February
        return paid_on.replace(year=paid_on.year + years, day=28) + timedelta(days=1)


def thai_today() -> date:
    """Return today's date in Thailand (a server may run on UTC)."""
    return datetime.now(ZoneInfo("Asia/Bangkok")).date()


def sums(lines: Iterable[ChargeLine]) -> tuple[Decimal, Decimal, Decimal]:
    """Return the tax, penalty and surcharge of some lines."""
    rows = list(lines)
    tax, penalty, surcharge = (sum((getattr(x, k) for x in rows), ZERO) for k in PARTS)
    return tax, penalty, surcharge
