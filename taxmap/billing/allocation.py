"""Allocate a payment to a taxpayer's open debts, oldest first, as of the day it is paid.

Rule book §1.12 (instalments, s.52), §1.13 (late payment, s.68-72) and §3.3 (signs).

Order: instalments by the date they fell due (for a plan that ended, the missed instalment's
date), then tax year, notice and instalment number (CCC s.328: the debt due first is paid
first). Within one instalment a part payment settles tax, penalty and surcharge in the
proportions owed on the payment date: penalty and surcharge "count as tax" (s.72), they are
not a separate debt with its own rank, and they are charged on the unpaid tax (s.68, s.70).
So each baht of tax carries the add-ons it bears on the day it is paid; the tax still unpaid
keeps bearing them, and no add-on is ever owed without its tax or charged twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from valuation.rules.money import round_satang
from valuation.rules.penalties import (
    LbtLateRules,
    PenaltyStage,
    SignLateRules,
    lbt_late_payment,
    sign_late_payment,
)

TaxKind = Literal["lbt", "signboard"]
ZERO = Decimal("0.00")
SATANG = Decimal("0.01")


@dataclass(frozen=True)
class InstalmentDebt:
    """One instalment of a notice: its tax, and the tax paid so far (and by its due date)."""

    no: int
    due: date
    amount: Decimal
    paid: Decimal = ZERO
    paid_by_due: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        """Return the tax still unpaid."""
        return self.amount - self.paid


@dataclass(frozen=True)
class NoticeDebt:
    """An issued notice with its instalments and what collection knows of its warning letter.

    `warned_on` is the day the warning letter (s.60) went out and `warning_pay_by` the last
    day it allows; without them a late payment counts as made before any warning (s.68(1)).
    """

    notice_id: int
    notice_no: str
    tax: TaxKind
    tax_year: int
    instalments: tuple[InstalmentDebt, ...]
    warned_on: date | None = None
    warning_pay_by: date | None = None
    extension_until: date | None = None


@dataclass(frozen=True)
class LateRules:
    """The late-payment rules of both taxes (data/tax/late_payment.toml)."""

    lbt: LbtLateRules
    sign: SignLateRules


@dataclass(frozen=True)
class Charge:
    """Tax, penalty and surcharge of one instalment: owed on a day, or paid by a payment.

    `late_from` is the due date the surcharge runs from (None when not late); `stage` the
    penalty stage of s.68 ("none" for signs and for an instalment plan that ended, s.52).
    """

    notice_id: int
    notice_no: str
    tax_kind: TaxKind
    tax_year: int
    instalment_no: int
    due: date
    late_from: date | None
    months: int
    stage: PenaltyStage
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal

    @property
    def total(self) -> Decimal:
        """Return tax + penalty + surcharge."""
        return self.tax + self.penalty + self.surcharge


@dataclass(frozen=True)
class Allocation:
    """How a payment is applied: one charge per instalment it reaches, and what is left over."""

    rows: tuple[Charge, ...]
    overpayment: Decimal

    @property
    def applied(self) -> Decimal:
        """Return the money applied to debts."""
        return sum((row.total for row in self.rows), ZERO)


def penalty_stage(debt: NoticeDebt, paid: date) -> PenaltyStage:
    """Return the LBT penalty stage of a late payment: before, within or after the warning."""
    if debt.warned_on is None or paid <= debt.warned_on:
        return "before_warning"
    if debt.warning_pay_by is None or paid <= debt.warning_pay_by:
        return "within_warning"
    return "after_warning"


def owed_on(debts: Iterable[NoticeDebt], on: date, rules: LateRules) -> tuple[Charge, ...]:
    """Return what each open instalment owes on a day, oldest debt first (§1.12, §1.13, §3.3)."""
    charges = [charge for debt in debts for charge in _owed(debt, on, rules)]
    return tuple(sorted(charges, key=_oldest_first))


def allocate(
    debts: Sequence[NoticeDebt], amount: Decimal, paid_on: date, rules: LateRules
) -> Allocation:
    """Apply a payment to the open instalments oldest first; return the rows and the surplus."""
    if amount <= 0 or amount != amount.quantize(SATANG):
        raise ValueError(f"a payment is a positive amount in satang, not {amount}")
    left = amount
    rows: list[Charge] = []
    for owed in owed_on(debts, paid_on, rules):
        if left <= 0:
            break
        part = owed if left >= owed.total else _part(owed, left)
        rows.append(part)
        left -= part.total
    return Allocation(tuple(rows), left)


def settle(debts: Sequence[NoticeDebt], allocation: Allocation, paid_on: date) -> list[NoticeDebt]:
    """Return the debts after an allocation is recorded (to allocate the next payment)."""
    paid: dict[tuple[int, int], Decimal] = {}
    for row in allocation.rows:
        key = (row.notice_id, row.instalment_no)
        paid[key] = paid.get(key, ZERO) + row.tax
    out = []
    for debt in debts:
        items = []
        for item in debt.instalments:
            tax = paid.get((debt.notice_id, item.no), ZERO)
            by_due = item.paid_by_due + (tax if paid_on <= item.due else ZERO)
            items.append(replace(item, paid=item.paid + tax, paid_by_due=by_due))
        out.append(replace(debt, instalments=tuple(items)))
    return out


def _owed(debt: NoticeDebt, on: date, rules: LateRules) -> list[Charge]:
    # Missing an instalment ends the plan: it and the rest bear the surcharge from its due
    # date (s.52, §1.12). Missing the first (or only) one is plain late payment, with the
    # penalty of s.68 as well; a taxpayer who never paid the first never had a plan.
    items = sorted(debt.instalments, key=lambda item: item.no)
    missed = next((i for i in items if i.due < on and i.paid_by_due < i.amount), None)
    charges = []
    for item in items:
        if item.unpaid <= 0:
            continue
        if missed is None or item.no < missed.no:
            charges.append(_charge(debt, item, None, 0, "none", item.unpaid, ZERO, ZERO))
            continue
        ended_plan = missed.no != items[0].no
        stage: PenaltyStage = "none"
        if debt.tax == "lbt":
            stage = "none" if ended_plan else penalty_stage(debt, on)
            late = lbt_late_payment(
                item.unpaid,
                missed.due,
                on,
                stage,
                rules.lbt,
                extension_until=debt.extension_until,
            )
        else:
            # Return add-ons (§3.3) are assessed on the notice; paying late adds the surcharge.
            late = sign_late_payment(item.unpaid, missed.due, on, rules.sign)
        charges.append(
            _charge(
                debt, item, missed.due, late.months, stage, late.tax, late.penalty, late.surcharge
            )
        )
    return charges


def _charge(
    debt: NoticeDebt,
    item: InstalmentDebt,
    late_from: date | None,
    months: int,
    stage: PenaltyStage,
    tax: Decimal,
    penalty: Decimal,
    surcharge: Decimal,
) -> Charge:
    return Charge(
        debt.notice_id,
        debt.notice_no,
        debt.tax,
        debt.tax_year,
        item.no,
        item.due,
        late_from,
        months,
        stage,
        tax,
        penalty,
        surcharge,
    )


def _oldest_first(charge: Charge) -> tuple[date, int, str, int]:
    fell_due = charge.late_from or charge.due
    return (fell_due, charge.tax_year, charge.notice_no, charge.instalment_no)


def _part(owed: Charge, money: Decimal) -> Charge:
    # Split `money` (less than owed.total) in the proportions owed, penalty and surcharge
    # rounded half-up to satang (§1.10), the tax taking the rest; rounding may not settle the
    # tax while money is still short, so any such satang moves to the add-ons.
    penalty = round_satang(money * owed.penalty / owed.total)
    surcharge = round_satang(money * owed.surcharge / owed.total)
    tax = money - penalty - surcharge
    spill = max(tax - (owed.tax - SATANG), ZERO)
    tax -= spill
    to_penalty = min(spill, owed.penalty - penalty)
    penalty += to_penalty
    surcharge += spill - to_penalty
    return replace(owed, tax=tax, penalty=penalty, surcharge=surcharge)
