"""Explain a Land and Building Tax assessment line by line (s.35-55, s.96, s.97).

Works on an exact result (`LbtArrays.exact`) of one taxpayer's pieces: the quote, or a
notice's recomputation of one taxpayer from a roll.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from valuation.rules.explain import LBT_ACT, Line, line, money
from valuation.rules.lbt import LbtArrays, Pieces, Taxpayers
from valuation.rules.lbt_explain_relief import exempt_line, reduction_lines, relief_lines
from valuation.rules.model import CATEGORIES, CATEGORY_TH, LTAX_CODE, LbtRules
from valuation.rules.money import MICRO_PER_BAHT, decimal_text, from_satang, percent_text


def explain_lbt(
    result: LbtArrays,
    rules: LbtRules,
    pieces: Pieces,
    unit_labels: Sequence[str],
    piece_item: Sequence[str],
    taxpayers: Taxpayers,
    taxpayer: int = 0,
) -> list[Line]:
    """Return the working of one taxpayer's LBT: bases, allowances, bands, reductions, relief."""
    if not result.exact:
        raise ValueError("explain an exact assessment; recompute the taxpayer with mode='exact'")
    lines: list[Line] = []
    for group in np.flatnonzero(result.group_taxpayer == taxpayer):
        lines += _group_lines(result, rules, pieces, unit_labels, piece_item, int(group))
    for row in np.flatnonzero((result.row_taxpayer == taxpayer) & (result.row_group < 0)):
        lines.append(exempt_line(result, rules, pieces, unit_labels, int(row)))
    lines += relief_lines(result, rules, taxpayers, taxpayer)
    return lines


def _group_lines(
    result: LbtArrays,
    rules: LbtRules,
    pieces: Pieces,
    unit_labels: Sequence[str],
    piece_item: Sequence[str],
    group: int,
) -> list[Line]:
    category = CATEGORIES[result.group_category[group]]
    rows = np.flatnonzero(result.row_group == group)
    units = sorted({unit_labels[int(u)] for u in result.row_unit[rows]})
    where = units[0] if len(units) == 1 else f"all {category} property in the LAO"
    value = _baht(result.group_value[group])
    parts: dict[str, int] = {}
    for piece in np.flatnonzero(np.isin(result.row_of_piece, rows)):
        label = piece_item[int(piece)]
        parts[label] = parts.get(label, 0) + int(pieces.value[piece])
    summed = " + ".join(f"{item} {money(_baht(v))}" for item, v in parts.items())
    basis = rules.settings.band_basis
    out = [
        line(
            f"{LBT_ACT} s.35, s.42",
            "base",
            f"Base, {category} (LTAX {LTAX_CODE[category]}) of {where} "
            f"(band_basis = {basis}): {summed} = {money(value)}",
            f"ฐานภาษี {CATEGORY_TH[category]} ของ {where}: {summed} = {money(value)}",
            value,
            item=where,
            category=category,
            data=(rules.settings.source,),
            inputs={
                **{item: decimal_text(_baht(v)) for item, v in parts.items()},
                "base": decimal_text(value),
            },
        )
    ]
    out += _allowance_lines(result, rules, group, category, where)
    out += _band_lines(result, rules, group, category, where)
    for row in rows:
        out += _row_lines(result, rules, pieces, unit_labels, int(row), len(rows) > 1)
    return out


def _allowance_lines(
    result: LbtArrays, rules: LbtRules, group: int, category: str, where: str
) -> list[Line]:
    allowance = rules.allowances.get(category)
    if allowance is None:
        return []
    pooled = _baht(result.pool_allowance[result.group_pool[group]])
    given = Fraction(result.group_allowance[group]) / MICRO_PER_BAHT
    taxable = Fraction(result.group_taxable[group]) / MICRO_PER_BAHT
    if pooled == 0:
        return [
            line(
                f"{LBT_ACT} {allowance.section}",
                "allowance",
                f"No {category} allowance: it is for {', '.join(sorted(allowance.owner_kinds))} "
                "owners only",
                f"ไม่มีค่าลดหย่อน: ใช้เฉพาะ {', '.join(sorted(allowance.owner_kinds))}",
                0,
                item=where,
                category=category,
                data=(allowance.source,),
            )
        ]
    order = rules.settings.agri_allowance_order
    return [
        line(
            f"{LBT_ACT} {allowance.section}",
            "allowance",
            f"Exempt first {money(allowance.amount)} of the taxpayer's {category} base in the LAO; "
            f"used {money(pooled)}, of which this base takes {money(given)} "
            f"(agri_allowance_order = {order}); taxable {money(taxable)}",
            f"ยกเว้น {money(allowance.amount)} แรกของฐานภาษี{CATEGORY_TH[category]}; ใช้ไป "
            f"{money(pooled)} ส่วนของฐานนี้ {money(given)}; ฐานที่ต้องเสียภาษี {money(taxable)}",
            given,
            item=where,
            category=category,
            data=(allowance.source, rules.settings.source),
            inputs={
                "allowance": str(allowance.amount),
                "pool_used": decimal_text(pooled),
                "this_base": decimal_text(given),
                "taxable": decimal_text(taxable),
            },
        )
    ]


def _band_lines(
    result: LbtArrays, rules: LbtRules, group: int, category: str, where: str
) -> list[Line]:
    schedule = rules.schedules[category]
    data = (schedule.source, rules.settings.source)
    method = rules.settings.band_method
    out: list[Line] = []
    floor = Fraction(0)
    for index, band in enumerate(schedule.bands):
        upper = None if band.upto is None else Fraction(band.upto)
        lower = floor
        piece = Fraction(result.group_slices[group, index]) / MICRO_PER_BAHT
        span = f"{money(floor)}-{money(upper) if upper is not None else 'up'}"
        floor = upper if upper is not None else floor
        if piece == 0:
            continue
        amount = piece * Fraction(band.rate) / 100
        how = "slice" if method == "marginal" else "whole taxable base in band"
        how_th = "ส่วนของฐาน" if method == "marginal" else "ฐานทั้งจำนวนอยู่ในขั้น"
        out.append(
            line(
                f"{LBT_ACT} s.37 ({schedule.origin_en})",
                "band",
                f"Band {span} at {percent_text(band.rate)} % (band_method = {method}): "
                f"{how} {money(piece)} × {percent_text(band.rate)} % = {money(amount)}",
                f"ขั้น {span} อัตราร้อยละ {percent_text(band.rate)}: {how_th} {money(piece)} × "
                f"ร้อยละ {percent_text(band.rate)} = {money(amount)}",
                amount,
                item=where,
                category=category,
                data=data,
                inputs={
                    "lower": decimal_text(lower),
                    "upper": "" if upper is None else decimal_text(upper),
                    "taxed": decimal_text(piece),
                    "rate_percent": str(band.rate),
                },
            )
        )
    return out


def _row_lines(
    result: LbtArrays,
    rules: LbtRules,
    pieces: Pieces,
    unit_labels: Sequence[str],
    row: int,
    shared: bool,
) -> list[Line]:
    category = CATEGORIES[result.row_category[row]]
    unit = unit_labels[result.row_unit[row]]
    tax = Fraction(result.row_tax[row]) / MICRO_PER_BAHT
    out: list[Line] = []
    steps = int(result.row_steps[row])
    if shared:
        out.append(
            line(
                f"{LBT_ACT} s.35",
                "share",
                f"This part of the base ({unit}, {money(_baht(result.row_value[row]))} of "
                f"{money(_baht(result.group_value[result.row_group[row]]))}) bears its share "
                f"of the band tax{' at surcharged rates' if steps else ''}: {money(tax)}",
                f"ส่วนนี้ของฐานภาษี ({unit}) รับภาระภาษีตามสัดส่วน: {money(tax)}",
                tax,
                item=unit,
                category=category,
            )
        )
    if steps:
        surcharge = rules.surcharge
        rates = ", ".join(
            f"{percent_text(Fraction(r) * 100)} %"
            for r, real in zip(
                result.row_rates[row], result.tables.real[result.row_category[row]], strict=True
            )
            if real
        )
        out.append(
            line(
                f"{LBT_ACT} {surcharge.section}",
                "surcharge",
                f"Vacant {steps * surcharge.step_years}+ years: {steps} step(s) × "
                f"{percent_text(surcharge.step_points)} points, at most "
                f"{percent_text(surcharge.cap)} %"
                f" → band rates {rates}; tax {money(tax)}",
                f"ทิ้งว่าง {steps * surcharge.step_years} ปีขึ้นไป: เพิ่ม {steps} ครั้ง ครั้งละร้อยละ "
                f"{percent_text(surcharge.step_points)} ไม่เกินร้อยละ {percent_text(surcharge.cap)}"
                f" → อัตรา {rates}; ภาษี {money(tax)}",
                tax,
                item=unit,
                category=category,
                data=(surcharge.source,),
            )
        )
    out += reduction_lines(result, rules, pieces, row, unit, category, tax)
    payable = Fraction(result.row_payable[row]) / MICRO_PER_BAHT
    billed = from_satang(int(result.row_line[row]))
    out.append(
        line(
            f"{LBT_ACT} s.37, s.55; rule book §1.10",
            "tax",
            f"Tax, {category} of {unit}: {money(payable)} rounded half-up to satang = "
            f"{money(billed)}",
            f"ภาษี{CATEGORY_TH[category]} ของ {unit}: {money(payable)} ปัดเศษเป็นสตางค์ = "
            f"{money(billed)}",
            billed,
            bill=True,
            item=unit,
            category=category,
            data=(rules.schedules[category].source, rules.reductions_source),
            inputs={"before_rounding": decimal_text(payable)},
        )
    )
    return out


def _baht(micro: int | np.integer) -> Fraction:
    return Fraction(int(micro), MICRO_PER_BAHT)
