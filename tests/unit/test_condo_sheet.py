"""The ภ.ด.ส.8 calculation sheet: condo units print on their own sheet, land on ภ.ด.ส.7."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from pdf_text import extract_lines

from taxmap.billing.notice_documents import NoticeDocument, PaymentRefs, render_notice
from taxmap.billing.notice_rows import CondoFacts, Letterhead, notice_data

LAO = Letterhead("องค์การบริหารส่วนตำบลบัวลาย", ("หมู่ 1 ตำบลบัวลาย",), "0 4400 0000")
RES_OTHER = "0.02 / 0.03 / 0.05 / 0.1"


def line(no: int, item: str, value: str, amount: str) -> dict[str, Any]:
    """Return a res_other bill line as valuation.roll_services.assessment_detail gives it."""
    return {
        **{"line_no": no, "tax": "lbt", "rule": "", "data": "", "item": item},
        **{"category": "res_other", "zone": "01", "tambon": "บัวลาย", "value": value},
        **{"allowance": "0.00", "rates": RES_OTHER, "surcharge_steps": 0},
        **{"reduction_percent": "0", "exemption": None, "before_rounding": amount},
        "amount": amount,
    }


# A unit of 45.50 m² at 60,000 baht/m² (§2.3: no depreciation), let: 2,730,000 × 0.02 % = 546.
CONDO = NoticeDocument(
    lao=LAO,
    tax="lbt",
    notice_no="L2569-000200",
    issued_on=date(2026, 2, 10),
    tax_year=2026,
    due_on=date(2026, 4, 30),
    owner_name="นางสาวใจดี มีห้อง",
    owner_address="305 อาคารบัวลายคอนโด",
    taxpayer_no=200,
    amount=Decimal("546.00"),
    payment=PaymentRefs("099400016453401", "L2569000200", "2569"),
    lines=[line(1, "condo 17", "2730000.00", "546.00")],
    condos={"17": CondoFacts("บัวลายคอนโด", "305", 3, Decimal("45.50"), Decimal("60000.00"))},
)


def test_a_condo_unit_prints_the_pds8_sheet_instead_of_pds7() -> None:
    data = notice_data(CONDO)
    assert [s["form"] for s in data["sheets"]] == ["ภ.ด.ส.8"]
    text = extract_lines(render_notice(CONDO))
    assert "ภ.ด.ส.7" not in text
    for expected in (
        "ภ.ด.ส.8",
        "รายการคำนวณภาษีห้องชุด",
        "รวม 2,730,000.00 0.00 2,730,000.00 546.00",
        "ภาษีที่ต้องชำระ 546.00",
    ):
        assert expected in text, expected
    row = "1 บัวลายคอนโด 305 3 45.50 60,000.00 2,730,000.00 0.00 2,730,000.00 0.02 / 0.03 /"
    assert any(x.startswith(row) and x.endswith(" 546.00") for x in text)
    assert "ภ.ด.ส.8 ที่แนบมาพร้อมนี้" in text  # the notice names the sheet it attaches


def test_land_and_a_condo_unit_print_both_sheets_with_the_tax_on_the_last() -> None:
    both = dataclasses.replace(
        CONDO,
        amount=Decimal("1098.00"),
        lines=[line(1, "land 01A001", "2760000.00", "552.00"), *CONDO.lines],
    )
    data = notice_data(both)
    assert [(s["form"], s["totals"]["amount"]) for s in data["sheets"]] == [
        ("ภ.ด.ส.7", "552.00"),
        ("ภ.ด.ส.8", "546.00"),
    ]
    text = extract_lines(render_notice(both))
    assert "ภาษีที่คำนวณได้ 552.00" in text and "ภาษีที่คำนวณได้ 546.00" in text
    assert text.count("ภาษีที่ต้องชำระ 1,098.00") == 1
