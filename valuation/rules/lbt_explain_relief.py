"""Explain the reductions, exemptions and transitional relief of an LBT assessment.

Lines for s.8 and s.96 exemptions, s.55 reductions with their stacking and cap, and the
s.97 transitional relief; lbt_explain puts them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from valuation.rules.explain import LBT_ACT, Line, line, money
from valuation.rules.lbt import LbtArrays, Pieces, Taxpayers
from valuation.rules.lbt_steps import reduction_percents
from valuation.rules.model import CATEGORIES, CATEGORY_TH, DataRef, LbtRules
from valuation.rules.money import MICRO_PER_BAHT, decimal_text, from_satang, percent_text


def reduction_lines(
    result: LbtArrays,
    rules: LbtRules,
    pieces: Pieces,
    row: int,
    unit: str,
    category: str,
    tax: Fraction,
) -> list[Line]:
    """Explain a row's standing and year reductions, their stacking and the cap (s.55)."""
    index = int(result.row_class[row])
    key = pieces.class_keys[index - 1] if index else None
    standing_pct, year_pct = reduction_percents(rules, key, category)
    out: list[Line] = []
    if tax == 0:
        # Nothing to reduce: the working would only repeat zeros.
        return out
    running = tax
    data = (rules.reductions_source,)
    if key is not None and key in rules.standing_not_in_force:
        out.append(
            line(
                f"{LBT_ACT} s.55",
                "reduction",
                f"Reduction class {key} is not in force in {rules.tax_year}",
                f"ประเภทการลดภาษี {key} ไม่ใช้ในปี {rules.tax_year + 543}",
                0,
                item=unit,
                category=category,
                data=data,
            )
        )
    if standing_pct:
        standing = rules.standing[key or ""]
        after = running * (1 - standing_pct / 100)
        out.append(
            line(
                f"{LBT_ACT} s.55 ({standing.reference})",
                "reduction",
                f"Standing reduction {key} ({standing.name_en}) {percent_text(standing_pct)} %: "
                f"{money(running)} × {percent_text(100 - standing_pct)} % = {money(after)}",
                f"ลดภาษี {standing.name_th} ร้อยละ {percent_text(standing_pct)}: {money(running)} × "
                f"ร้อยละ {percent_text(100 - standing_pct)} = {money(after)}",
                after,
                item=unit,
                category=category,
                data=data,
                inputs={"class": str(key), "percent": percent_text(standing_pct)},
            )
        )
        running = after
    decree = rules.year_reduction
    if decree is not None and category in decree.categories:
        if year_pct:
            after = running * (1 - year_pct / 100)
            text_en = (
                f"{decree.name_en} ({decree.reference}): {money(running)} × "
                f"{percent_text(100 - year_pct)} % = {money(after)}"
            )
            text_th = (
                f"{decree.name_th}: {money(running)} × ร้อยละ {percent_text(100 - year_pct)} = "
                f"{money(after)}"
            )
            running = after
        else:
            text_en = (
                f"{decree.name_en}: not added to standing class {key} (stacking standing_only)"
            )
            text_th = f"{decree.name_th}: ไม่ลดเพิ่มสำหรับ {key}"
        out.append(
            line(
                f"{LBT_ACT} s.55",
                "reduction",
                text_en,
                text_th,
                running,
                item=unit,
                category=category,
                data=data,
                inputs={"year": str(decree.year), "percent": percent_text(year_pct)},
            )
        )
    factor = Fraction(result.row_factor[row])
    if running != tax * factor:
        capped = tax * factor
        out.append(
            line(
                f"{LBT_ACT} s.55",
                "reduction_cap",
                f"Reductions never exceed {percent_text(rules.max_reduction_percent)} % of the "
                "computed "
                f"tax: pay at least {money(capped)}",
                f"ลดภาษีได้ไม่เกินร้อยละ {percent_text(rules.max_reduction_percent)}: ต้องชำระอย่างน้อย "
                f"{money(capped)}",
                capped,
                item=unit,
                category=category,
                data=data,
            )
        )
    return out


def exempt_line(
    result: LbtArrays, rules: LbtRules, pieces: Pieces, unit_labels: Sequence[str], row: int
) -> Line:
    """Explain an exempt row: value assessed, tax 0, and the reason (s.8, s.96)."""
    category = CATEGORIES[result.row_category[row]]
    unit = unit_labels[result.row_unit[row]]
    value = money(_baht(result.row_value[row]))
    if result.row_s96[row] and rules.full_exemption is not None:
        rule = f"{LBT_ACT} {rules.full_exemption.section}"
        en = f"Exempt in {rules.tax_year}: individuals' {category} property (value {value})"
        th = (
            f"ได้รับยกเว้นปี {rules.tax_year + 543}: {CATEGORY_TH[category]}ของบุคคลธรรมดา "
            f"(มูลค่า {value})"
        )
        data: tuple[DataRef, ...] = (rules.full_exemption.source,)
    else:
        reason = pieces.exempt_reasons[int(result.row_exempt[row]) - 1]
        rule, en, th, data = (
            f"{LBT_ACT} s.8",
            f"Exempt property ({reason}), value {value}, tax 0.00",
            f"ทรัพย์สินที่ได้รับยกเว้น ({reason}) มูลค่า {value}",
            (),
        )
    return line(
        rule,
        "exempt",
        en,
        th,
        0,
        bill=True,
        item=unit,
        category=category,
        data=data,
        inputs={"value": decimal_text(_baht(result.row_value[row]))},
    )


def relief_lines(
    result: LbtArrays, rules: LbtRules, taxpayers: Taxpayers, taxpayer: int
) -> list[Line]:
    """Explain the transitional relief of a taxpayer who gave the 2019 tax (s.97)."""
    share = rules.transition_share
    prior_satang = int(taxpayers.prior_tax_2019[taxpayer])
    if prior_satang < 0:
        return []
    new = from_satang(int(result.taxpayer_new[taxpayer]))
    prior = from_satang(prior_satang)
    rule = f"{LBT_ACT} {rules.transition_section}"
    data = (rules.transition_source,)
    if share is None or new <= prior:
        why_en = (
            f"relief applies only in the years listed in {data[0].file}"
            if share is None
            else f"the new tax {money(new)} does not exceed it"
        )
        return [
            line(
                rule,
                "relief",
                f"2019 tax {money(prior)} given; no transitional relief: {why_en}",
                f"ภาษีปี 2562 {money(prior)}: ไม่มีการบรรเทาภาระภาษีช่วงเปลี่ยนผ่าน",
                0,
                data=data,
            )
        ]
    total = from_satang(int(result.taxpayer_total[taxpayer]))
    relief = total - new
    return [
        line(
            rule,
            "relief",
            f"Transitional relief {rules.tax_year}: new tax {money(new)} exceeds the 2019 tax "
            f"{money(prior)}; pay {money(prior)} + {percent_text(share)} % × "
            f"{money(new - prior)} = {money(total)}, i.e. {money(relief)}",
            f"บรรเทาภาระภาษีช่วงเปลี่ยนผ่าน: ภาษีใหม่ {money(new)} สูงกว่าภาษีปี 2562 {money(prior)} "
            f"ชำระ {money(prior)} + ร้อยละ {percent_text(share)} × {money(new - prior)} = "
            f"{money(total)}",
            relief,
            bill=True,
            data=data,
            inputs={
                "prior_tax_2019": str(prior),
                "new_tax": str(new),
                "share_percent": str(share),
            },
        )
    ]


def _baht(micro: int | np.integer) -> Fraction:
    return Fraction(int(micro), MICRO_PER_BAHT)
