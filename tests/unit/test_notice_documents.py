"""Assessment notices as PDF (ภ.ด.ส.6 with ภ.ด.ส.7, ภ.ป.3): Thai text, amounts, payment codes.

The text is read back with tests/pdf_text.py; the QR code and the bank barcode are read back
from the PDF itself: Typst draws the notice's page 1 as pixels and zxing-cpp decodes them.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
import pytest
import typst
import zxingcpp
from pdf_text import extract_lines
from pypdf import PdfReader

from taxmap.billing import notice_documents
from taxmap.billing.notice_documents import (
    BATCH,
    Instalment,
    Letterhead,
    NoticeDocument,
    PaymentRefs,
    render_batches,
    render_each,
    render_notice,
    render_notices,
)
from taxmap.billing.notice_rows import bars_svg, notice_data, with_word_breaks
from taxmap.billing.payment_codes import (
    BillPayment,
    bank_barcode_text,
    read_thai_qr,
    verify_crc,
)
from taxmap.billing.payment_images import code128_svg
from taxmap.core.errors import InvalidInput

BILLER = "099400016453401"
LAO = Letterhead(
    name_th="องค์การบริหารส่วนตำบลบัวลาย",
    address_lines=("หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย", "จังหวัดนครราชสีมา 30120"),
    phone="0 4400 0000",
)


def line(no: int, tax: str, item: str, category: str | None, *values: str) -> dict[str, Any]:
    """Return a bill line as valuation.roll_services.assessment_detail gives it."""
    value, allowance, rates, amount, *exemption = values
    return {
        **{"line_no": no, "tax": tax, "rule": "", "data": "", "item": item},
        **{"category": category, "zone": "01", "tambon": "บัวลาย"},
        **{"value": value, "allowance": allowance, "rates": rates, "surcharge_steps": 0},
        **{"reduction_percent": "0", "exemption": exemption[0] if exemption else None},
        **{"before_rounding": amount, "amount": amount},
    }


RES_OTHER, OTHER = "0.02 / 0.03 / 0.05 / 0.1", "0.3 / 0.4 / 0.5 / 0.6 / 0.7"
AGRI, SIGN_RATES = "0.01 / 0.03 / 0.05 / 0.07 / 0.1", "90 units × 26 baht, quarter share 50 %"
# Worked cases A, D and B of tax-rules.md §5, an exempt temple plot, and case E (a sign).
LINES = [
    line(1, "lbt", "land 01A001", "res_other", "2760000.00", "0.00", RES_OTHER, "552.00"),
    line(2, "lbt", "building 01A002-B1", "other", "60000000.00", "0.00", OTHER, "190000.00"),
    line(3, "lbt", "group 01B001", "agri", "4186800.00", "4186800.00", AGRI, "0.00"),
    line(4, "lbt", "land 01C009", "other", "1000000.00", "0.00", "", "0.00", "s.8 religious"),
    line(5, "signboard", "sign 01A001-S1", None, "45000.00", "0.00", SIGN_RATES, "1170.00"),
]
LBT = NoticeDocument(
    lao=LAO,
    tax="lbt",
    notice_no="L2569-000123",
    issued_on=date(2026, 2, 10),
    tax_year=2026,
    due_on=date(2026, 4, 30),
    owner_name="นายสมชาย ใจดี",
    owner_address="12 หมู่ 3 ตำบลบัวลาย อำเภอบัวลาย จังหวัดนครราชสีมา 30120",
    taxpayer_no=123,
    amount=Decimal("190552.00"),
    payment=PaymentRefs(BILLER, "L2569000123", "2569"),
    lines=LINES,
    instalments=[
        Instalment(1, date(2026, 4, 30), Decimal("63517.34")),
        Instalment(2, date(2026, 5, 31), Decimal("63517.33")),
        Instalment(3, date(2026, 6, 30), Decimal("63517.33")),
    ],
)
SIGN = NoticeDocument(
    lao=LAO,
    tax="signboard",
    notice_no="P2569-000045",
    issued_on=date(2026, 7, 31),
    tax_year=2026,
    due_on=date(2026, 8, 15),
    owner_name="บริษัท บัวลายค้าข้าว จำกัด",
    owner_address="99 หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย",
    taxpayer_no=45,
    amount=Decimal("1170.00"),
    payment=PaymentRefs(BILLER, "P2569000045", "2569"),
    lines=LINES,
    replaces_notice_no="P2569-000044",
)
LETTERHEAD = [
    "องค์การบริหารส่วนตำบลบัวลาย",
    "หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย",
    "จังหวัดนครราชสีมา 30120",
    "โทรศัพท์ 0 4400 0000",
]


@pytest.fixture(scope="module")
def lbt_pdf() -> bytes:
    """The land and building tax notice, rendered once for the module."""
    return render_notice(LBT)


@pytest.fixture(scope="module")
def sign_pdf() -> bytes:
    """The signboard tax notice, rendered once for the module."""
    return render_notice(SIGN)


def test_sign_notice_reads_back_exactly(sign_pdf: bytes) -> None:
    """ภ.ป.3: the sign, its units and rate, the tax in figures and words, the bank's slip."""
    assert extract_lines(sign_pdf) == [
        LETTERHEAD[0],
        "ภ.ป.3",
        *LETTERHEAD[1:],
        "หนังสือแจ้งการประเมินภาษีป้าย",
        "ประจำปีภาษี พ.ศ. 2569",
        "เลขที่ P2569-000045 วันที่ 31 กรกฎาคม 2569",
        "แทนหนังสือแจ้งเลขที่ P2569-000044 ซึ่งยกเลิกแล้ว",
        "เรียน บริษัท บัวลายค้าข้าว จำกัด",
        "ที่อยู่ 99 หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย",
        "ผู้เสียภาษีลำดับที่ 45",
        "ด้วยพนักงานเจ้าหน้าที่ได้ประเมินภาษีป้ายของท่าน ประจำปีภาษี พ.ศ. 2569 ตามพระราชบัญญัติภาษีป้าย พ.ศ. ",
        "2510 แล้ว ตามรายการต่อไปนี้",
        "พื้นที่ จำนวนหน่วย อัตรา ส่วนตามไตรมาส ค่าภาษี",
        "ลำดับ ป้าย",
        "(ตร.ซม.) (500 ตร.ซม.) (บาท/หน่วย) (ร้อยละ) (บาท)",
        "1 ป้าย 01A001-S1 45,000 90 26 50 1,170.00",
        "รวมค่าภาษี 1,170.00",
        "ป้ายที่คำนวณภาษีได้ต่ำกว่า 200 บาท ให้เสียภาษีป้ายละ 200 บาท",
        "จำนวนเงินที่ต้องชำระทั้งสิ้น 1,170.00 บาท (หนึ่งพันหนึ่งร้อยเจ็ดสิบบาทถ้วน)",
        "ขอให้ชำระภาษีภายในวันที่ 15 สิงหาคม 2569 (ภายใน 15 วันนับแต่วันที่ได้รับแจ้งการประเมิน)",
        "หมายเหตุ",
        "1. ชำระได้ที่ งานจัดเก็บรายได้ องค์การบริหารส่วนตำบลบัวลาย ในวันและเวลาราชการ "
        "หรือสแกนคิวอาร์โค้ดด้วยแอปพลิเคชันของ",
        "ธนาคาร หรือชำระที่เคาน์เตอร์ธนาคารด้วยบาร์โค้ดในส่วนล่างของหนังสือนี้",
        "2. หากไม่ชำระภาษีภายในกำหนด ต้องเสียเงินเพิ่มร้อยละ 2 ต่อเดือนหรือเศษของเดือน "
        "ตามมาตรา 25 ถึงมาตรา 27 แห่ง",
        "พระราชบัญญัติภาษีป้าย พ.ศ. 2510",
        "3. หากเห็นว่าการประเมินไม่ถูกต้อง มีสิทธิอุทธรณ์ต่อผู้บริหารท้องถิ่น ภายใน 30 วันนับแต่วันที่ได้รับแจ้งการประเมิน",
        "(ลงชื่อ) ..............................................",
        "(...............................................)",
        "พนักงานเจ้าหน้าที่",
        "ตัดตามรอยเส้นประ ส่วนนี้สำหรับชำระเงิน",
        "ใบแจ้งการชำระเงิน (Bill Payment)",
        "ผู้รับชำระ องค์การบริหารส่วนตำบลบัวลาย",
        "รหัสผู้รับชำระ (Biller ID) 099400016453401",
        "Ref.1 (เลขที่หนังสือแจ้ง) P2569000045",
        "Ref.2 (ปีภาษี) 2569",
        "จำนวนเงิน 1,170.00 บาท (หนึ่งพันหนึ่งร้อยเจ็ดสิบบาทถ้วน)",
        "ชำระภายในวันที่ 15 สิงหาคม 2569",
        "|099400016453401 P2569000045 2569 117000",
        "ภ.ป.3 เลขที่ P2569-000045 · บริษัท บัวลายค้าข้าว จำกัด หน้า 1 / 1",
    ]


def test_lbt_notice_has_the_assessment_then_the_calculation_sheet(lbt_pdf: bytes) -> None:
    """ภ.ด.ส.6 (items, values, rates, tax, instalments, slip) then ภ.ด.ส.7 on page 2."""
    lines = extract_lines(lbt_pdf)
    sheet = lines.index("ภ.ด.ส.7") - 1
    notice, calculation = lines[:sheet], lines[sheet:]
    assert notice[:11] == [
        LETTERHEAD[0],
        "ภ.ด.ส.6",
        *LETTERHEAD[1:],
        "หนังสือแจ้งการประเมินภาษีที่ดินและสิ่งปลูกสร้าง",
        "ประจำปีภาษี พ.ศ. 2569",
        "เลขที่ L2569-000123 วันที่ 10 กุมภาพันธ์ 2569",
        "เรียน นายสมชาย ใจดี",
        "ที่อยู่ 12 หมู่ 3 ตำบลบัวลาย อำเภอบัวลาย จังหวัดนครราชสีมา 30120",
        "ผู้เสียภาษีลำดับที่ 123",
    ]
    for expected in (
        "1 ที่ดิน 01A001 ที่อยู่อาศัยอื่น 2,760,000.00 0.02 / 0.03 /  552.00",
        "2 สิ่งปลูกสร้าง 01A002-B1 อื่น ๆ 60,000,000.00 0.3 / 0.4 / 0.5 /  190,000.00",
        "3 ที่ดินแปลงติดกัน 01B001 เกษตรกรรม 4,186,800.00 0.01 / 0.03 /  0.00",
        "4 ที่ดิน 01C009 อื่น ๆ 1,000,000.00 ยกเว้น ม.8  0.00",
        "รวมค่าภาษี 190,552.00",
        "จำนวนเงินที่ต้องชำระทั้งสิ้น 190,552.00 บาท (หนึ่งแสนเก้าหมื่นห้าร้อยห้าสิบสองบาทถ้วน)",
        "ขอให้ชำระภาษีภายในวันที่ 30 เมษายน 2569 หรือผ่อนชำระเป็น 3 งวด ตามมาตรา 52 ดังนี้",
        "3. หากเห็นว่าการประเมินไม่ถูกต้อง มีสิทธิยื่นคำร้องคัดค้านต่อผู้บริหารท้องถิ่น "
        "ภายใน 30 วันนับแต่วันที่ได้รับแจ้งการประเมิน ตาม",
        "มาตรา 73 การคัดค้านไม่เป็นเหตุให้ทุเลาการชำระภาษี เว้นแต่ได้รับอนุมัติให้ทุเลา",
        "Ref.1 (เลขที่หนังสือแจ้ง) L2569000123",
        "|099400016453401 L2569000123 2569 19055200",
    ):
        assert expected in notice
    instalments = notice.index("งวดที่ ชำระภายในวันที่ จำนวนเงิน (บาท)")
    assert notice[instalments + 1 : instalments + 4] == [
        "1 30 เมษายน 2569 63,517.34",
        "2 31 พฤษภาคม 2569 63,517.33",
        "3 30 มิถุนายน 2569 63,517.33",
    ]
    assert notice[-1] == "ภ.ด.ส.6 เลขที่ L2569-000123 · นายสมชาย ใจดี หน้า 1 / 2"
    assert calculation[:6] == [
        LETTERHEAD[0],
        "ภ.ด.ส.7",
        *LETTERHEAD[1:],
        "รายการคำนวณภาษีที่ดินและสิ่งปลูกสร้าง",
    ]
    for expected in (
        "ประจำปีภาษี พ.ศ. 2569 แนบหนังสือแจ้งการประเมินเลขที่ L2569-000123",
        "1 ที่ดิน 01A001 ที่อยู่อาศัยอื่น 2,760,000.00 0.00 2,760,000.00 0.02 / 0.03 /  - 552.00",
        "4 ที่ดิน 01C009 อื่น ๆ 1,000,000.00 1,000,000.00 0.00 ยกเว้น ม.8  - 0.00",
        "รวม 67,946,800.00 5,186,800.00 62,760,000.00 190,552.00",
        "ที่อยู่อาศัยอื่น 2,760,000.00 0.00 2,760,000.00 552.00",
        "อื่น ๆ 61,000,000.00 1,000,000.00 60,000,000.00 190,000.00",
        "เกษตรกรรม 4,186,800.00 4,186,800.00 0.00 0.00",
        "ภาษีที่ต้องชำระ 190,552.00",
    ):
        assert expected in calculation
    assert calculation[-1] == "ภ.ด.ส.6 เลขที่ L2569-000123 · นายสมชาย ใจดี หน้า 2 / 2"
    assert not any("ป้าย" in text for text in lines)  # the sign line belongs to ภ.ป.3


def test_relief_is_deducted_on_both_pages() -> None:
    """Transitional relief (s.97) is printed under the computed tax; the amount due is after it."""
    doc = _replace(LBT, amount=Decimal("180552.00"), relief=Decimal("10000.00"), instalments=[])
    lines = extract_lines(render_notice(doc))
    assert lines.count("หักบรรเทาภาระภาษี (มาตรา 97) 10,000.00") == 2
    assert lines.count("ภาษีที่ต้องชำระ 180,552.00") == 2
    assert "ขอให้ชำระภาษีภายในวันที่ 30 เมษายน 2569" in lines
    assert "|099400016453401 L2569000123 2569 18055200" in lines


def test_notice_with_nothing_to_pay_has_no_payment_codes() -> None:
    """An exempt owner's notice says there is nothing to pay and carries no QR or barcode."""
    doc = _replace(LBT, amount=Decimal("0.00"), lines=LINES[3:4], instalments=[])
    lines = extract_lines(render_notice(doc))
    assert "จำนวนเงินที่ต้องชำระทั้งสิ้น 0.00 บาท (ศูนย์บาทถ้วน)" in lines
    assert "1. ไม่มีภาษีที่ต้องชำระ" in lines
    assert not any(text.startswith(("ใบแจ้งการชำระเงิน", "|")) for text in lines)


# The payment slip sits at the foot of page 1: the QR at its left, the barcode at the bottom.
@pytest.mark.parametrize("doc", [LBT, SIGN], ids=["lbt", "signboard"])
def test_qr_code_in_the_pdf_carries_the_notice_amount_and_references(
    doc: NoticeDocument, tmp_path: Path
) -> None:
    """The printed QR decodes to a Thai QR bill payment whose CRC, amount and refs match."""
    pixels = draw_region(render_notice(doc), tmp_path, x=0, y=147, width=105, height=150, ppi=150)
    found = read_codes(pixels, zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    assert verify_crc(found[0])
    assert read_thai_qr(found[0]) == BillPayment(
        BILLER, doc.payment.ref1, doc.payment.ref2, doc.amount
    )


@pytest.mark.parametrize("doc", [LBT, SIGN], ids=["lbt", "signboard"])
def test_bank_barcode_in_the_pdf_carries_the_same_amount_and_references(
    doc: NoticeDocument, tmp_path: Path
) -> None:
    """The printed Code 128 barcode holds biller, ref1, ref2 and the amount in satang."""
    pixels = draw_region(render_notice(doc), tmp_path, x=0, y=247, width=210, height=50, ppi=300)
    refs = doc.payment
    assert read_codes(pixels, zxingcpp.BarcodeFormat.Code128) == [
        bank_barcode_text(refs.biller_id, refs.ref1, refs.ref2, doc.amount)
    ]


def test_barcode_bars_are_those_of_payment_images() -> None:
    """The notice's quick bar drawing has code128_svg's bars, quiet zones and width."""
    text = bank_barcode_text(BILLER, "L2569000123", "2569", Decimal("190552.00"))
    svg, width = bars_svg(text)
    assert bars(svg) == bars(code128_svg(text))
    assert f'width="{width:.3f}mm"' in code128_svg(text)


def test_only_norasi_is_embedded(lbt_pdf: bytes, sign_pdf: bytes) -> None:
    """Every font of a notice is an embedded subset of Norasi, regular or bold."""
    for pdf in (lbt_pdf, sign_pdf):
        assert font_names(pdf) == {"Norasi", "Norasi-Bold"}


def test_print_file_holds_every_page_of_every_notice_in_order(
    lbt_pdf: bytes, sign_pdf: bytes
) -> None:
    """The print file has each notice's pages, as printed alone, one notice after another."""
    calls: list[tuple[str, int, int]] = []
    combined = render_notices([LBT, SIGN, LBT], lambda *call: calls.append(call), workers=1)
    assert calls == [("render notices", 3, 4), ("render notices", 4, 4)]  # one batch, then bind
    assert len(PdfReader(io.BytesIO(combined)).pages) == 5
    alone = [extract_lines(pdf) for pdf in (lbt_pdf, sign_pdf, lbt_pdf)]
    assert extract_lines(combined) == [line for lines in alone for line in lines]
    assert font_names(combined) == {"Norasi", "Norasi-Bold"}
    # Each notice is bookmarked by its number line, so staff can find one in the print file.
    titles = [item.title for item in pikepdf.open(io.BytesIO(combined)).open_outline().root]
    assert titles == [
        "เลขที่ L2569-000123 วันที่ 10 กุมภาพันธ์ 2569",
        "เลขที่ P2569-000045 วันที่ 31 กรกฎาคม 2569",
        "เลขที่ L2569-000123 วันที่ 10 กุมภาพันธ์ 2569",
    ]


def test_worker_processes_give_each_notice_its_own_pdf_in_order(
    lbt_pdf: bytes, sign_pdf: bytes
) -> None:
    """render_each on two processes cuts every batch into one PDF per notice, in order."""
    docs = [SIGN, LBT] * (BATCH // 2 + 1)  # two batches, so both workers take one
    rendered = list(render_each(docs, workers=2))
    assert [(r.notice_no, r.pages) for r in rendered] == [
        ("P2569-000045", 1),
        ("L2569-000123", 2),
    ] * (BATCH // 2 + 1)
    # Cut from a batch, a notice reads exactly as rendered alone, with its own title.
    for r in rendered[:2] + rendered[-2:]:
        alone = sign_pdf if r.notice_no.startswith("P") else lbt_pdf
        assert extract_lines(r.pdf) == extract_lines(alone)
        assert PdfReader(io.BytesIO(r.pdf)).metadata.title == (
            f"{'ภ.ป.3' if r.notice_no.startswith('P') else 'ภ.ด.ส.6'} {r.notice_no}"
        )
    assert font_names(rendered[-1].pdf) == {"Norasi", "Norasi-Bold"}


def test_a_long_use_breaks_between_thai_words_in_its_column() -> None:
    """Vacant land's use runs over its column: each line of it ends between two Thai words."""
    vacant = line(1, "lbt", "group 01B001", "vacant", "4186800.00", "0.00", OTHER, "12560.40")
    doc = _replace(LBT, lines=[vacant], amount=Decimal("12560.40"), instalments=[])
    lines = extract_lines(render_notice(doc))
    # ภ.ด.ส.6, then the wider use column of the ภ.ด.ส.7 sheet's totals, then its narrow one.
    rows = "ทิ้งไว้ว่างเปล่าหรือไม่ทำประโยชน์ตามควร 4,186,800.00 0.3 / 0.4 / 0.5 /  12,560.40"
    assert lines[lines.index(f"1 ที่ดินแปลงติดกัน 01B001 {rows}") + 1] == "แก่สภาพ 0.6 / 0.7"
    sheet = lines.index(
        "1 ที่ดินแปลงติดกัน  ทิ้งไว้ว่างเปล่าหรือไม่ 4,186,800.00 0.00 4,186,800.00 0.3 / 0.4 /  - 12,560.40"
    )
    assert lines[sheet + 1 : sheet + 3] == ["01B001 ทำประโยชน์ตามควร 0.5 / 0.6 / 0.7", "แก่สภาพ"]
    # The marks between the words are not text: a copied use reads as written.
    assert not any("\u200b" in text for text in lines)


def test_a_table_run_onto_the_next_page_repeats_its_head() -> None:
    """40 plots: the ภ.ด.ส.6 rows and the ภ.ด.ส.7 rows each go on over a page, under their head."""
    uses = ("res_other", "vacant", "agri")
    plots = [
        line(i, "lbt", f"land 01A{i:03d}", uses[i % 3], "2760000.00", "0.00", OTHER, "100.00")
        for i in range(1, 41)
    ]
    doc = _replace(LBT, lines=plots, amount=Decimal("4000.00"), instalments=[])
    lines = extract_lines(render_notice(doc))
    heads = [i for i, text in enumerate(lines) if text == "ลำดับ รายการ การใช้ประโยชน์"]
    footers = [i for i, text in enumerate(lines) if text.startswith("ภ.ด.ส.6 เลขที่ L2569-000123")]
    assert [text[-10:] for text in (lines[i] for i in footers)] == [
        f"หน้า {p} / 4" for p in (1, 2, 3, 4)
    ]
    # One head at the top of each page's rows: pages 1 and 2 (ภ.ด.ส.6), 3 and 4 (ภ.ด.ส.7).
    assert heads == [15, footers[0] + 2, 135, footers[2] + 2]
    assert lines[footers[0] + 4].startswith("26 ที่ดิน 01A026 เกษตรกรรม 2,760,000.00")
    assert lines[footers[2] + 4].startswith("27 ที่ดิน 01A027 ที่อยู่อาศัยอื่น 2,760,000.00 0.00")


def test_word_marks_go_only_into_the_texts_that_may_wrap() -> None:
    """Names, addresses, kinds, uses and the amount in words; never titles, numbers or codes."""
    plain, marked = notice_data(LBT), with_word_breaks(notice_data(LBT))
    zw = "\u200b"
    assert marked["lao"]["name"] == f"องค์การบริหารส่วนตำบล{zw}บัว{zw}ลาย"  # one word to newmm
    assert marked["owner"]["name"] == f"นาย{zw}สม{zw}ชาย ใจดี"
    assert marked["lines"][2]["kind"] == f"ที่ดิน{zw}แปลง{zw}ติดกัน"
    assert marked["sheets"][0]["uses"][0]["use"] == f"ที่อยู่อาศัย{zw}อื่น"
    assert marked["amount_words"].replace(zw, "") == plain["amount_words"]
    unmarked = ("title", "footer", "notice_no", "issued_on", "due_on", "pay", "instalments")
    assert {key: marked[key] for key in unmarked} == {key: plain[key] for key in unmarked}


def test_notices_and_print_file_say_they_are_thai() -> None:
    """Each notice and the print file declare Thai (/Lang), though laid out with lang zh."""
    for pdf in (render_notice(SIGN), render_notices([SIGN, LBT], workers=1)):
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert str(opened.Root.Lang) == "th"


def test_a_bad_notice_stops_a_batch_before_any_work() -> None:
    """The parent checks every notice first, so a worker never fails on one (nor hides why)."""
    bad = _replace(SIGN, payment=PaymentRefs(BILLER, "P2569-000045", "2569"))
    with pytest.raises(InvalidInput) as caught:
        next(render_each([LBT, bad], workers=2))
    assert caught.value.field == "ref1"


def test_amount_must_be_the_sum_of_lines_less_relief() -> None:
    """A notice whose lines add up to another amount is refused, in English and Thai."""
    with pytest.raises(InvalidInput) as caught:
        render_notice(_replace(SIGN, amount=Decimal("1100.00")))
    assert caught.value.field == "amount"
    assert caught.value.message_en == (
        "Notice P2569-000045: the amount 1,100.00 is not the sum of the tax of its lines less "
        "the relief (1,170.00); issue the notice again from the roll."
    )
    assert caught.value.message_th == (
        "หนังสือแจ้งเลขที่ P2569-000045: จำนวนเงิน 1,100.00 บาท ไม่เท่ากับยอดรวม 1,170.00 บาท "
        "กรุณาออกหนังสือแจ้งใหม่จากบัญชีภาษี"
    )


def test_instalments_must_add_up_to_the_amount() -> None:
    """Instalments that do not sum to the amount are refused."""
    short = [*LBT.instalments[:2], Instalment(3, date(2026, 6, 30), Decimal("63517.32"))]
    with pytest.raises(InvalidInput) as caught:
        render_notice(_replace(LBT, instalments=short))
    assert caught.value.field == "instalments"
    assert "(190,551.99)" in caught.value.message_en


def _replace(doc: NoticeDocument, **changes: Any) -> NoticeDocument:
    return dataclasses.replace(doc, **changes)


def draw_region(
    pdf: bytes, folder: Path, *, x: float, y: float, width: float, height: float, ppi: int
) -> np.ndarray:
    """Draw a region of page 1 (millimetres from the top left) as grey pixels, with Typst."""
    (folder / "notice.pdf").write_bytes(pdf)
    source = (
        f"#set page(width: {width}mm, height: {height}mm, margin: 0pt, fill: white)\n"
        f"#box(width: {width}mm, height: {height}mm, clip: true, place(dx: -{x}mm, dy: -{y}mm,"
        ' image("notice.pdf", format: "pdf", page: 1, width: 210mm, height: 297mm)))\n'
    )
    return read_png_grey(typst.compile(source.encode(), root=str(folder), format="png", ppi=ppi))


def read_png_grey(png: bytes) -> np.ndarray:
    """Decode an 8-bit RGBA PNG, as Typst writes them, to grey levels (no Pillow needed)."""
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 6)
    data, pos = b"", 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data += png[pos + 8 : pos + 8 + length] if kind == b"IDAT" else b""
        pos += 12 + length
    raw, stride = zlib.decompress(data), width * 4
    rows = np.zeros((height, stride), dtype=np.uint8)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], np.frombuffer(raw, np.uint8, stride, start + 1).copy()
        prev = rows[y - 1] if y else np.zeros(stride, dtype=np.uint8)
        if kind == 2:  # Up, the filter of most rows: one vector addition
            row += prev
        elif kind in (1, 3, 4):  # Sub, Average, Paeth (ISO/IEC 15948 §9.2), byte by byte
            out, up = bytearray(row.tobytes()), prev.tobytes()
            for i in range(stride):
                a, b = (out[i - 4] if i >= 4 else 0), up[i]
                c = up[i - 4] if i >= 4 else 0
                if kind == 1:
                    out[i] = (out[i] + a) & 255
                elif kind == 3:
                    out[i] = (out[i] + (a + b) // 2) & 255
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    out[i] = (out[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            row = np.frombuffer(bytes(out), np.uint8)
        rows[y] = row
    rgba = rows.reshape(height, width, 4).astype(np.uint16)
    return (rgba[..., :3].sum(axis=2) // 3).astype(np.uint8)


def read_codes(pixels: np.ndarray, kind: zxingcpp.BarcodeFormat) -> list[str]:
    """Return the text of every code of one kind zxing-cpp finds in the pixels."""
    found = zxingcpp.read_barcodes(
        pixels, formats=zxingcpp.BarcodeFormats(kind), text_mode=zxingcpp.TextMode.Plain
    )
    return [code.text for code in found]


def bars(svg: str) -> list[tuple[str, str]]:
    """Return the (x, width) of each black bar of a python-barcode style SVG."""
    return re.findall(r'<rect x="([\d.]+)mm" y="[\d.]+mm" width="([\d.]+)mm"[^>]*fill:black', svg)


def font_names(pdf: bytes) -> set[str]:
    """Return the family of every font a PDF uses, in its pages and in the forms they draw."""
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()

    def visit(resources: Any) -> None:
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()  # embedded TrueType
            names.add(str(font["/BaseFont"]).split("+", 1)[1])
        for ref in resources.get("/XObject", {}).values():
            if "/Resources" in ref.get_object():
                visit(ref.get_object()["/Resources"])

    for page in reader.pages:
        visit(page["/Resources"])
    return names


def test_rendering_one_notice_leaves_no_compiler_behind() -> None:
    """A server renders a notice per request: each workspace's Typst compiler goes with it."""
    render_notice(SIGN)
    render_notice(SIGN)
    assert notice_documents._COMPILERS == {}


def test_a_batch_ends_where_the_tax_year_changes() -> None:
    """Each batch shares one parts PDF, so notices of another year start a batch of their own."""
    older = _replace(SIGN, tax_year=2025)
    batches = list(render_batches([SIGN, older, SIGN], workers=1))
    assert [[n.notice_no for n in b.notices] for b in batches] == [
        ["P2569-000045"],
        ["P2569-000045"],
        ["P2569-000045"],
    ]
    years = [
        [line for line in extract_lines(b.pdf) if line.startswith("ประจำปีภาษี")] for b in batches
    ]
    assert years == [["ประจำปีภาษี พ.ศ. 2569"], ["ประจำปีภาษี พ.ศ. 2568"], ["ประจำปีภาษี พ.ศ. 2569"]]
