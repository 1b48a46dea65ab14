"""Payments over HTTP: the counter, settlement files, balances, refunds, cancelled receipts."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import BaseModel, Field

from taxmap.billing.payments import (
    cancel_receipt,
    import_payment_file,
    record_counter_payment,
    refund_overpayment,
    taxpayer_balance,
)
from taxmap.billing.receipts import receipt_pdf
from taxmap.core.uploads import CSV_TYPES, UploadLimits, check_upload, save_upload
from web.access import Allow
from web.deps import EngineDep, SettingsDep
from web.params import RowId

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["payments"])


class CounterPayment(BaseModel):
    """Money taken at the counter against a notice (older debts are paid first)."""

    notice_no: str = Field(examples=["L2569-000001"])
    amount: Decimal = Field(description="Baht with satang, as a string.", examples=["1170.00"])
    paid_on: date | None = Field(None, description="The day of payment (default today).")
    received_by: str = Field(min_length=1, description="Who took the money.")
    method: Literal["cash", "cheque", "transfer"] = Field(
        "cash", description="How the money was handed over."
    )
    method_ref: str | None = Field(
        None,
        max_length=120,
        description="For a cheque its number and bank, for a transfer its reference (required).",
        examples=["0012345 ธนาคารออมสิน สาขาบัวลาย"],
    )


class RefundRequest(BaseModel):
    """Who pays back the overpayment, and on which day (default today)."""

    by: str = Field(min_length=1)
    on: date | None = None


class CancelRequest(BaseModel):
    """Who cancels a receipt, and why."""

    by: str = Field(min_length=1)
    reason: str = Field(min_length=1)


@router.post("/payments", status_code=201, dependencies=[Allow.revenue])
def counter_payment(lao: str, body: CounterPayment, engine: EngineDep) -> dict[str, Any]:
    """Record a counter payment and return its receipt, item by item."""
    receipt = record_counter_payment(
        lao,
        body.notice_no,
        body.amount,
        body.paid_on,
        engine,
        received_by=body.received_by,
        method=body.method,
        method_ref=body.method_ref,
    )
    return receipt.to_json()


@router.post("/payments/import", dependencies=[Allow.revenue])
def import_payments(
    lao: str,
    engine: EngineDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="Bank or QR settlement file (CSV UTF-8)")],
    received_by: Annotated[str, Form()] = "api",
) -> dict[str, Any]:
    """Import a settlement file; importing it again records nothing twice."""
    limits = UploadLimits.from_settings(settings)
    name = check_upload(file.filename, file.size, limits, allowed=CSV_TYPES, default="payments.csv")
    with tempfile.TemporaryDirectory(prefix="taxmap-upload-") as folder:
        path = save_upload(file.file, Path(folder), name, limits)
        report = import_payment_file(lao, path, engine, received_by=received_by, file_name=name)
    return report.to_json()


@router.get("/notices/{notice_no}/balance", dependencies=[Allow.revenue])
def balance(
    lao: str,
    notice_no: str,
    engine: EngineDep,
    on: Annotated[date | None, Query(description="The day to pay (default today).")] = None,
) -> dict[str, Any]:
    """Return what the notice's taxpayer owes on a day: tax, penalty, surcharge per instalment."""
    return taxpayer_balance(lao, notice_no, on, engine).to_json()


@router.post("/payments/{payment_id}/refund", status_code=201, dependencies=[Allow.revenue])
def refund(lao: str, payment_id: RowId, body: RefundRequest, engine: EngineDep) -> dict[str, Any]:
    """Pay back what a payment left over after the taxpayer's debts (s.54)."""
    return refund_overpayment(lao, payment_id, engine, by=body.by, on=body.on).to_json()


@router.post("/receipts/{receipt_no}/cancel", dependencies=[Allow.revenue])
def cancel(lao: str, receipt_no: str, body: CancelRequest, engine: EngineDep) -> dict[str, Any]:
    """Cancel a receipt: the number stays on record as cancelled, its money is reversed."""
    return cancel_receipt(lao, receipt_no, engine, by=body.by, reason=body.reason).to_json()


@router.get("/receipts/{receipt_no}.pdf", dependencies=[Allow.revenue])
def receipt(lao: str, receipt_no: str, engine: EngineDep) -> Response:
    """The receipt as PDF: tax, penalty and surcharge per instalment, the amount in words."""
    return Response(
        receipt_pdf(lao, receipt_no, engine),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{lao}-{receipt_no}.pdf"'},
    )
