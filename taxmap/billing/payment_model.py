"""Receipts, balances and payment-file reports: plain data for the API, the CLI and documents."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

ZERO = Decimal("0.00")


def to_json(value: Any) -> Any:
    """Return a value as plain JSON: Decimals as strings with satang, dates in ISO form."""
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ChargeLine:
    """Tax, penalty and surcharge of one instalment: paid on a receipt, or owed on a day."""

    notice_no: str
    tax_kind: str  # 'lbt' or 'signboard'
    tax_year: int  # C.E.
    instalment_no: int
    due_on: date
    late_from: date | None  # the due date the surcharge runs from; None when not late
    months_late: int
    penalty_stage: str  # s.68: before_warning, within_warning, after_warning, or none
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    total: Decimal


@dataclass(frozen=True)
class Receipt:
    """A receipt (ใบเสร็จรับเงิน): the money, the debts it paid item by item, any surplus."""

    receipt_no: str
    payment_id: int
    lao_code: str
    paid_on: date
    amount: Decimal
    amount_words: str  # baht in Thai words, as printed
    channel: str
    method: str | None  # at the counter: cash, cheque or transfer
    method_ref: str | None  # the cheque's number and bank, or the transfer's reference
    notice_no: str
    owner_name: str
    received_by: str
    lines: tuple[ChargeLine, ...]
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    overpayment: Decimal  # kept as a credit until refunded

    def to_json(self) -> dict[str, Any]:
        """Return the receipt as plain JSON values."""
        return dict(to_json(asdict(self)))


@dataclass(frozen=True)
class Balance:
    """What a taxpayer owes on a day, per instalment of every open notice, oldest first."""

    lao_code: str
    notice_no: str
    owner_name: str
    on: date
    lines: tuple[ChargeLine, ...]
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    total: Decimal

    def to_json(self) -> dict[str, Any]:
        """Return the balance as plain JSON values."""
        return dict(to_json(asdict(self)))


@dataclass(frozen=True)
class ImportedRow:
    """What became of one line of a settlement file."""

    line_no: int
    transaction_id: str
    channel: str
    paid_on: date
    amount: Decimal
    status: str  # 'recorded', 'unmatched' or 'already_recorded'
    notice_no: str | None = None
    receipt_no: str | None = None
    overpayment: Decimal = ZERO
    reason_en: str | None = None
    reason_th: str | None = None


@dataclass(frozen=True)
class PaymentImportReport:
    """What an import of a settlement file did; `to_json` is the API's and the CLI's document."""

    file_name: str
    rows: int
    recorded: int
    unmatched: int
    already_recorded: int
    amount_recorded: Decimal
    amount_unmatched: Decimal
    outcomes: tuple[ImportedRow, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain JSON values."""
        return dict(to_json(asdict(self)))


@dataclass(frozen=True)
class Refund:
    """Money paid back: the overpayment of a payment (or a payment that matched no notice)."""

    refund_id: int
    payment_id: int
    receipt_no: str | None
    refunded_on: date
    amount: Decimal
    by: str

    def to_json(self) -> dict[str, Any]:
        """Return the refund as plain JSON values."""
        return dict(to_json(asdict(self)))


@dataclass(frozen=True)
class CancelledReceipt:
    """A receipt cancelled: its number stays on record, reversed by a cancellation entry."""

    receipt_no: str
    payment_id: int
    reversal_id: int
    amount: Decimal
    cancelled_by: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Return the cancellation as plain JSON values."""
        return dict(to_json(asdict(self)))
