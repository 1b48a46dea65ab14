"""Explanation lines: why a tax is what it is, one rule and one step of arithmetic per line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from valuation.rules.model import DataRef
from valuation.rules.money import Amount, baht_text, round_satang

LBT_ACT = "LBT Act B.E. 2562"
SIGN_ACT = "Signboard Tax Act B.E. 2510"


@dataclass(frozen=True)
class Line:
    """One step a revenue officer can check by hand: rule, data, inputs, arithmetic, amount.

    `bill` marks the lines whose amounts add up to the total; the others show the working.
    """

    rule: str
    step: str
    text_en: str
    text_th: str
    amount: Decimal
    bill: bool = False
    item: str | None = None
    category: str | None = None
    data: tuple[DataRef, ...] = ()
    inputs: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the line as JSON-ready data (amounts as decimal strings with 2 places)."""
        return {
            "rule": self.rule,
            "step": self.step,
            "item": self.item,
            "category": self.category,
            "data": [{"file": ref.file, "version": ref.version} for ref in self.data],
            "inputs": dict(self.inputs),
            "text_en": self.text_en,
            "text_th": self.text_th,
            "amount": f"{self.amount:.2f}",
            "bill_line": self.bill,
        }


def line(
    rule: str,
    step: str,
    en: str,
    th: str,
    amount: Amount,
    *,
    bill: bool = False,
    item: str | None = None,
    category: str | None = None,
    data: tuple[DataRef, ...] = (),
    inputs: Mapping[str, str] | None = None,
) -> Line:
    """Make a line; its amount is shown to the satang (a bill line is rounded only here)."""
    return Line(
        rule=rule,
        step=step,
        text_en=en,
        text_th=th,
        amount=round_satang(amount),
        bill=bill,
        item=item,
        category=category,
        data=data,
        inputs=dict(inputs or {}),
    )


def money(amount: Amount) -> str:
    """Write baht for an explanation (exact, thousands separated)."""
    return baht_text(amount)
