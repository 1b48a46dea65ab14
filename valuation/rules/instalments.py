"""Payment by equal instalments (LBT Act s.52, rule book §1.12; Signboard Tax, §3.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from valuation.rules.calendar import add_months
from valuation.rules.model import DataRef
from valuation.rules.money import from_satang, satang


@dataclass(frozen=True)
class InstalmentRules:
    """When instalments are allowed, how many, and how far apart."""

    minimum_tax: Decimal
    count: int
    months_apart: int
    section: str
    source: DataRef


@dataclass(frozen=True)
class Instalment:
    """One instalment: its number (from 1), due date and amount."""

    number: int
    due: date
    amount: Decimal


def instalment_plan(
    tax: Decimal, first_due: date, rules: InstalmentRules
) -> tuple[Instalment, ...]:
    """Split a tax into equal instalments, the satang remainder on the first (s.52, §1.12).

    A tax below the minimum is one payment due on `first_due`. LBT instalments fall due at
    the end of the payment month and the months after; a month end stays a month end.
    """
    if tax < rules.minimum_tax or rules.count <= 1:
        return (Instalment(1, first_due, tax),)
    total = satang(tax)
    each, remainder = divmod(total, rules.count)
    return tuple(
        Instalment(
            number + 1,
            add_months(first_due, number * rules.months_apart),
            from_satang(each + (remainder if number == 0 else 0)),
        )
        for number in range(rules.count)
    )


def balance_when_missed(plan: tuple[Instalment, ...], missed: int) -> tuple[Decimal, date]:
    """Return what falls due at once when instalment `missed` is not paid, and since when.

    Missing one ends the plan (s.52): the rest bears the monthly surcharge from the missed
    instalment's due date (penalties.lbt_late_payment with that date).
    """
    rest = [item for item in plan if item.number >= missed]
    if not rest:
        raise ValueError(f"the plan has no instalment {missed}")
    return sum((item.amount for item in rest), Decimal(0)), rest[0].due
