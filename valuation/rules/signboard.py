"""Assess the Signboard Tax (Act B.E. 2510 as amended B.E. 2534; rule book §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np

from valuation.rules.arrays import Bools, Ints
from valuation.rules.explain import SIGN_ACT, Line, line, money
from valuation.rules.model import SignRates
from valuation.rules.money import from_satang, percent_text, satang

_QUARTER_TH = ("มกราคม-มีนาคม", "เมษายน-มิถุนายน", "กรกฎาคม-กันยายน", "ตุลาคม-ธันวาคม")
_QUARTER_EN = ("January-March", "April-June", "July-September", "October-December")


@dataclass(frozen=True)
class Sign:
    """One sign: its type (1-3), whether it moves or changes, frame size, faces, first shown."""

    id: str
    type: int
    moving: bool
    width_cm: Decimal
    height_cm: Decimal
    faces: int
    first_shown: date

    @property
    def area_cm2(self) -> Decimal:
        """Return the taxed area: width x height of the frame, times faces showing content."""
        return self.width_cm * self.height_cm * self.faces


@dataclass(frozen=True)
class SignAssessment:
    """The tax on one sign and how it was reached."""

    sign_id: str
    units: int
    annual: Decimal
    tax: Decimal
    lines: tuple[Line, ...]


def sign_units(area_cm2: Decimal | int, rates: SignRates) -> int:
    """Count 500 cm² units; a remainder over 250 cm² counts as one more (§3.3)."""
    whole, remainder = divmod(Fraction(area_cm2), rates.unit_cm2)
    return int(whole) + (1 if remainder > rates.remainder_counts_over_cm2 else 0)


def quarter_of(first_shown: date, tax_year: int) -> int:
    """Return the quarter (0-3) a sign starts paying in; shown before the year: quarter 0."""
    if first_shown.year > tax_year:
        raise ValueError(f"a sign first shown on {first_shown} is not taxed in {tax_year}")
    return 0 if first_shown.year < tax_year else (first_shown.month - 1) // 3


def sign_tax_exact(units: int, rate: Decimal, share: Decimal, rates: SignRates) -> Fraction:
    """Return the unrounded tax: units x rate, the minimum, the quarter share (§3.3)."""
    annual = Fraction(units) * Fraction(rate)
    fraction = Fraction(share) / 100
    if rates.minimum_before_proration:
        return max(annual, Fraction(rates.minimum)) * fraction
    return max(annual * fraction, Fraction(rates.minimum))


def assess_sign(
    sign: Sign, rates: SignRates, tax_year: int, *, replaces: Sign | None = None
) -> SignAssessment:
    """Assess one sign for a tax year; a replacement pays only the increase (§3.2-3.3)."""
    quarter = quarter_of(sign.first_shown, tax_year)
    share = rates.quarter_shares[quarter]
    rate = rates.rates[(sign.type, sign.moving)]
    units = sign_units(sign.area_cm2, rates)
    exact = sign_tax_exact(units, rate, share, rates)
    annual = Fraction(units) * Fraction(rate)
    data = (rates.source,)
    item = f"sign {sign.id}"
    rule = f"{SIGN_ACT} ({rates.regulation})"
    kind_en = "moving or changeable" if sign.moving else "fixed"
    kind_th = "เคลื่อนที่หรือเปลี่ยนข้อความได้" if sign.moving else "ไม่เคลื่อนที่"
    lines = [
        line(
            f"{SIGN_ACT} s.7",
            "area",
            f"Area: {sign.width_cm} × {sign.height_cm} cm × {sign.faces} face(s) = "
            f"{sign.area_cm2} cm² = {units} unit(s) of {rates.unit_cm2} cm² "
            f"(a remainder over {rates.remainder_counts_over_cm2} cm² counts as one)",
            f"พื้นที่ป้าย: {sign.width_cm} × {sign.height_cm} ซม. × {sign.faces} ด้าน = "
            f"{sign.area_cm2} ตร.ซม. = {units} หน่วย หน่วยละ {rates.unit_cm2} ตร.ซม.",
            Decimal(0),
            item=item,
            inputs={
                "width_cm": str(sign.width_cm),
                "height_cm": str(sign.height_cm),
                "faces": str(sign.faces),
                "units": str(units),
            },
        ),
        line(
            rule,
            "annual",
            f"Type {sign.type}, {kind_en}: {units} × {money(rate)} = {money(annual)} a year "
            f"(minimum {money(rates.minimum)} per sign)",
            f"ป้ายประเภท {sign.type} {kind_th}: {units} × {money(rate)} = {money(annual)} "
            f"ต่อปี (ขั้นต่ำป้ายละ {money(rates.minimum)})",
            annual,
            item=item,
            data=data,
            inputs={"type": str(sign.type), "moving": str(sign.moving).lower(), "rate": str(rate)},
        ),
    ]
    order = "minimum, then share" if rates.minimum_before_proration else "share, then minimum"
    tax = exact
    if replaces is not None:
        before = assess_sign(replaces, rates, tax_year)
        earlier = sign_tax_exact(
            before.units, rates.rates[(replaces.type, replaces.moving)], share, rates
        )
        tax = max(exact - earlier, Fraction(0))
    text_en = (
        f"First shown {sign.first_shown.isoformat()} ({_QUARTER_EN[quarter]}): pays "
        f"{percent_text(share)} % ({order}) = {money(exact)}"
    )
    text_th = (
        f"ติดตั้งแสดงครั้งแรก {sign.first_shown.isoformat()} ({_QUARTER_TH[quarter]}): "
        f"เสียร้อยละ {percent_text(share)} = {money(exact)}"
    )
    if replaces is not None:
        text_en += f"; replaces sign {replaces.id}, pays only the increase: {money(tax)}"
        text_th += f" แทนป้าย {replaces.id} เสียเฉพาะส่วนที่เพิ่ม: {money(tax)}"
    lines.append(
        line(
            rule,
            "sign_tax",
            text_en,
            text_th,
            tax,
            bill=True,
            item=item,
            data=(rates.source, rates.settings_source),
            inputs={"quarter": str(quarter + 1), "share_percent": str(share)},
        )
    )
    return SignAssessment(
        sign.id, units, from_satang(satang(annual)), from_satang(satang(tax)), tuple(lines)
    )


def sign_unit_counts(area_cm2: Ints, rates: SignRates, *, area_scale: int = 1) -> Ints:
    """Count 500 cm² units of many signs (areas in 1/area_scale cm²); over 250 is one more."""
    unit = rates.unit_cm2 * area_scale
    counts: Ints = area_cm2 // unit + (
        area_cm2 % unit > rates.remainder_counts_over_cm2 * area_scale
    )
    return counts


def sign_taxes_satang(
    sign_type: Ints,
    moving: Bools,
    area_cm2: Ints,
    quarter: Ints,
    rates: SignRates,
    *,
    area_scale: int = 1,
) -> Ints:
    """Assess many signs at once in whole satang (areas in 1/area_scale cm²) (§3.3)."""
    units = sign_unit_counts(area_cm2, rates, area_scale=area_scale)
    rate_table = np.zeros((4, 2), dtype=np.int64)
    for (kind, is_moving), rate in rates.rates.items():
        rate_table[kind, int(is_moving)] = satang(rate)
    annual = units * rate_table[sign_type, moving.astype(np.int64)]
    share = np.array([satang(s) for s in rates.quarter_shares], dtype=np.int64)[quarter]
    minimum = satang(rates.minimum)
    # Exact: annual (satang) x share (satang of percent) / 10,000, rounded half-up.
    if rates.minimum_before_proration:
        scaled = np.maximum(annual, minimum) * share
    else:
        scaled = np.maximum(annual * share, minimum * 10_000)
    rounded: Ints = (2 * scaled + 10_000) // 20_000
    return rounded
