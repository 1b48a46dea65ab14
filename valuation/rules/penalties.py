"""Penalties and surcharges for late payment (LBT Act s.68-72, §1.13; Signboard Tax, §3.3)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from valuation.rules.explain import SIGN_ACT, Line, line, money
from valuation.rules.model import DataRef
from valuation.rules.money import percent_text, round_satang

PenaltyStage = Literal["none", "before_warning", "within_warning", "after_warning"]
ReturnFiling = Literal["on_time", "late_before_discovery", "not_filed"]

_STAGE_TEXT: Mapping[str, tuple[str, str]] = {
    "none": ("no penalty", "ไม่มีเบี้ยปรับ"),
    "before_warning": ("paid late, before a warning letter", "ชำระเกินกำหนดก่อนได้รับหนังสือแจ้งเตือน"),
    "within_warning": (
        "paid within the warning letter's period",
        "ชำระภายในเวลาที่หนังสือแจ้งเตือนกำหนด",
    ),
    "after_warning": ("paid after the warning letter's period", "ชำระหลังพ้นเวลาตามหนังสือแจ้งเตือน"),
}


@dataclass(frozen=True)
class LbtLateRules:
    """LBT penalty percents by stage and the monthly surcharge (s.68-70)."""

    penalty_percent: Mapping[str, Decimal]
    surcharge_per_month: Decimal
    surcharge_per_month_with_extension: Decimal
    capped_at_tax: bool
    section: str
    source: DataRef


@dataclass(frozen=True)
class SignLateRules:
    """Signboard Tax add-ons for returns and the monthly surcharge (Act s.25-27)."""

    no_return_percent: Decimal
    late_return_before_discovery_percent: Decimal
    under_declared_percent: Decimal
    surcharge_per_month: Decimal
    capped_at_tax: bool
    section: str
    source: DataRef


@dataclass(frozen=True)
class LatePayment:
    """What is owed on a late payment: tax, penalty, surcharge and total, with the working."""

    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    months: int
    total: Decimal
    lines: tuple[Line, ...]


def months_late(due: date, paid: date) -> int:
    """Count months from the day after `due` to `paid`, a part-month as a whole (s.70).

    Months run as the Civil and Commercial Code counts them (s.193/5): a month from the 31st
    ends on the day before the next month's 31st, or on its last day when it has none.
    """
    if paid <= due:
        return 0
    start = due + timedelta(days=1)
    months = max((paid.year - start.year) * 12 + paid.month - start.month, 1)
    while months > 1 and _month_end(start, months - 1) >= paid:
        months -= 1
    while _month_end(start, months) < paid:
        months += 1
    return months


def lbt_late_payment(
    tax: Decimal,
    due: date,
    paid: date,
    stage: PenaltyStage,
    rules: LbtLateRules,
    *,
    extension_until: date | None = None,
) -> LatePayment:
    """Compute the LBT penalty and monthly surcharge on tax paid after its due date (s.68-70)."""
    months = months_late(due, paid)
    if months == 0:
        return LatePayment(tax, Decimal(0), Decimal(0), 0, tax, ())
    pct = Decimal(0) if stage == "none" else rules.penalty_percent[stage]
    penalty = round_satang(tax * pct / 100)
    in_extension = extension_until is not None and paid <= extension_until
    rate = rules.surcharge_per_month_with_extension if in_extension else rules.surcharge_per_month
    surcharge_exact = tax * rate * months / 100
    if rules.capped_at_tax:
        surcharge_exact = min(surcharge_exact, tax)
    surcharge = round_satang(surcharge_exact)
    stage_en, stage_th = _STAGE_TEXT[stage]
    data = (rules.source,)
    lines = (
        line(
            f"LBT Act {rules.section}",
            "penalty",
            f"Penalty ({stage_en}): {money(tax)} × {percent_text(pct)} % = {money(penalty)}",
            f"เบี้ยปรับ ({stage_th}): {money(tax)} × ร้อยละ {percent_text(pct)} = {money(penalty)}",
            penalty,
            bill=True,
            data=data,
            inputs={"tax": str(tax), "stage": stage, "percent": str(pct)},
        ),
        line(
            f"LBT Act {rules.section}",
            "surcharge",
            f"Surcharge: {money(tax)} × {percent_text(rate)} % × {months} month(s) from "
            f"{due.isoformat()} to {paid.isoformat()}"
            + (", capped at the tax" if surcharge_exact == tax else "")
            + f" = {money(surcharge)}",
            f"เงินเพิ่ม: {money(tax)} × ร้อยละ {percent_text(rate)} × {months} เดือน "
            f"(ตั้งแต่ {due.isoformat()} ถึง {paid.isoformat()}) = {money(surcharge)}",
            surcharge,
            bill=True,
            data=data,
            inputs={"tax": str(tax), "months": str(months), "percent_per_month": str(rate)},
        ),
    )
    return LatePayment(tax, penalty, surcharge, months, tax + penalty + surcharge, lines)


def sign_late_payment(
    tax: Decimal,
    due: date,
    paid: date,
    rules: SignLateRules,
    *,
    return_filing: ReturnFiling = "on_time",
    under_declared_extra: Decimal = Decimal(0),
) -> LatePayment:
    """Compute Signboard Tax add-ons and the 2 %/month surcharge (Act s.25-27, §3.3)."""
    pct = {
        "on_time": Decimal(0),
        "late_before_discovery": rules.late_return_before_discovery_percent,
        "not_filed": rules.no_return_percent,
    }[return_filing]
    penalty = round_satang(
        tax * pct / 100 + under_declared_extra * rules.under_declared_percent / 100
    )
    months = months_late(due, paid)
    surcharge_exact = tax * rules.surcharge_per_month * months / 100
    if rules.capped_at_tax:
        surcharge_exact = min(surcharge_exact, tax)
    surcharge = round_satang(surcharge_exact)
    rule = f"{SIGN_ACT} {rules.section}"
    lines = (
        line(
            rule,
            "penalty",
            f"Return {return_filing.replace('_', ' ')}: {money(tax)} × {percent_text(pct)} % + "
            f"under-declared {money(under_declared_extra)} × "
            f"{percent_text(rules.under_declared_percent)} % = {money(penalty)}",
            f"การยื่นแบบ ({return_filing}): {money(tax)} × ร้อยละ {percent_text(pct)} + "
            f"ภาษีที่แจ้งขาด {money(under_declared_extra)} × ร้อยละ "
            f"{percent_text(rules.under_declared_percent)} = {money(penalty)}",
            penalty,
            bill=True,
            data=(rules.source,),
        ),
        line(
            rule,
            "surcharge",
            f"Surcharge: {money(tax)} × {percent_text(rules.surcharge_per_month)} % × "
            f"{months} month(s) = {money(surcharge)}",
            f"เงินเพิ่ม: {money(tax)} × ร้อยละ {percent_text(rules.surcharge_per_month)} × "
            f"{months} เดือน = {money(surcharge)}",
            surcharge,
            bill=True,
            data=(rules.source,),
        ),
    )
    return LatePayment(tax, penalty, surcharge, months, tax + penalty + surcharge, lines)


def _month_end(start: date, months: int) -> date:
    # The last day of the `months`-th month of a period that starts on `start`.
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if start.day <= last:
        return date(year, month + 1, start.day) - timedelta(days=1)
    return date(year, month + 1, last)
