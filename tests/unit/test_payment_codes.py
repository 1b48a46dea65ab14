"""Thai QR bill payment and the bank barcode (conventions §10), decoded back by zxing-cpp."""

from __future__ import annotations

import binascii
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import numpy as np
import pytest
import typst
import zxingcpp

from taxmap.billing.payment_codes import (
    BillPayment,
    bank_barcode_text,
    crc16_ccitt_false,
    emv_bill_payment,
    parse_emv,
    read_thai_qr,
    thai_qr_payload,
    verify_crc,
)
from taxmap.billing.payment_images import code128_svg, qr_svg, thai_qr_code
from taxmap.core.errors import InvalidInput

# The static test vector of taxmap-conventions.md §10 (biller 0000000000001, ref1 1234, ref2 2345).
VECTOR = (
    "00020101021130530016A00000067701011201130000000000001020412340304234553037645802TH6304E5DA"
)
BILLER = "099400016453401"
NOTICE = BillPayment(BILLER, "N256900000123", "2569", Decimal("1170.00"))
NOTICE_PAYLOAD = (
    "000201010212"
    "3064" + "0016A000000677010112" + "0115099400016453401" + "0213N256900000123" + "03042569"
    "5303764"
    "54071170.00"
    "5802TH"
    "6304D1E0"
)
SVG = "{http://www.w3.org/2000/svg}"


def test_layout_reproduces_the_conventions_test_vector() -> None:
    assert emv_bill_payment("0000000000001", "1234", "2345", None) == VECTOR


def test_crc16_ccitt_false_check_value() -> None:
    # The catalogued check value of CRC-16/CCITT-FALSE, and the stdlib's CRC-CCITT seeded 0xFFFF.
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(VECTOR[:-4].encode()) == binascii.crc_hqx(VECTOR[:-4].encode(), 0xFFFF)


def test_crc_of_the_vector_verifies() -> None:
    assert verify_crc(VECTOR)
    assert verify_crc(VECTOR[:-4] + "e5da")  # written upper case, read either way
    assert crc16_ccitt_false(VECTOR[:-4].encode()) == 0xE5DA


@pytest.mark.parametrize(
    "changed",
    [
        VECTOR.replace("02041234", "02041235"),  # ref1 1234 -> 1235
        VECTOR[:-1] + "B",  # the CRC itself
        VECTOR[:-4] + "+E5D",  # int() would read it, but it is not 4 hex digits
        VECTOR.replace("6304", "6305"),
        VECTOR[:-5],
    ],
)
def test_a_changed_payload_fails_the_crc(changed: str) -> None:
    assert not verify_crc(changed)


def test_fixed_amount_payload_is_exact() -> None:
    payload = thai_qr_payload(BILLER, "N256900000123", "2569", Decimal("1170.00"))
    assert payload == NOTICE_PAYLOAD
    fields = parse_emv(payload)
    assert fields["01"] == "12"
    assert fields["54"] == "1170.00"
    assert verify_crc(payload)


def test_parse_emv_reads_every_tag_and_the_template() -> None:
    fields = parse_emv(NOTICE_PAYLOAD)
    assert fields == {
        "00": "01",
        "01": "12",
        "30": "0016A0000006770101120115099400016453401" + "0213N256900000123" + "03042569",
        "53": "764",
        "54": "1170.00",
        "58": "TH",
        "63": "D1E0",
    }
    assert parse_emv(fields["30"]) == {
        "00": "A000000677010112",
        "01": BILLER,
        "02": "N256900000123",
        "03": "2569",
    }


@pytest.mark.parametrize(
    "bill",
    [
        NOTICE,
        BillPayment(BILLER, "N256900000123", "2569", None),
        BillPayment(BILLER, "N1", None, Decimal("0.50")),
        BillPayment(BILLER, "A" * 20, "9" * 20, Decimal("9999999999.99")),
    ],
)
def test_read_thai_qr_round_trips(bill: BillPayment) -> None:
    payload = thai_qr_payload(bill.biller_id, bill.ref1, bill.ref2, bill.amount)
    assert read_thai_qr(payload) == bill


def test_static_payload_has_no_amount_and_tag_01_is_11() -> None:
    payload = thai_qr_payload(BILLER, "N256900000123", "2569", None)
    assert payload == (
        "000201010211"
        "3064" + "0016A000000677010112" + "0115099400016453401" + "0213N256900000123" + "03042569"
        "5303764"
        "5802TH"
        "6304C183"
    )
    assert "54" not in parse_emv(payload)


@pytest.mark.parametrize(
    ("amount", "tag_54"),
    [
        (Decimal("1170"), "1170.00"),
        (Decimal("1.5"), "1.50"),
        (Decimal("1.500"), "1.50"),  # three places written, but whole satang
        (Decimal("1E+3"), "1000.00"),
        (Decimal("0"), "0.00"),
        (Decimal("9999999999.99"), "9999999999.99"),
    ],
)
def test_amount_is_written_with_two_decimals(amount: Decimal, tag_54: str) -> None:
    assert parse_emv(thai_qr_payload(BILLER, "N1", "2569", amount))["54"] == tag_54


def test_bank_barcode_text_is_exact() -> None:
    text = bank_barcode_text(BILLER, "N256900000123", "2569", Decimal("1170.00"))
    assert text == "|099400016453401\rN256900000123\r2569\r117000"


def test_bank_barcode_text_of_an_open_amount_ends_in_zero() -> None:
    assert bank_barcode_text(BILLER, "N1", "2569", None) == "|099400016453401\rN1\r2569\r0"
    assert bank_barcode_text(BILLER, "N1", None, Decimal("0.05")) == "|099400016453401\rN1\r\r5"


REF_EN = (
    "Reference {n} '{v}' must be 1 to 20 characters, each a digit 0-9 or a capital letter A-Z "
    "(the Thai bank bill-payment standard); remove spaces, dashes, slashes and Thai characters."
)
REF_TH = (
    "เลขอ้างอิง {n} (Ref.{n}) '{v}' ต้องมี 1 ถึง 20 ตัวอักษร แต่ละตัวเป็นตัวเลข 0-9 หรืออักษรอังกฤษ"
    "ตัวพิมพ์ใหญ่ A-Z (ตามมาตรฐานการชำระบิลผ่านธนาคารของไทย) กรุณาตัดช่องว่าง ขีด ทับ และอักษรไทยออก"
)


@pytest.mark.parametrize(
    ("args", "field", "message_en", "message_th"),
    [
        (
            ("0000000000001", "1234", "2345", None),
            "biller_id",
            "The biller ID '0000000000001' must be 15 digits: the LAO's 13-digit tax ID followed "
            "by the 2-digit suffix its bank assigned; correct the LAO setting payment.biller_id.",
            "รหัสผู้รับชำระ (Biller ID) '0000000000001' ต้องเป็นตัวเลข 15 หลัก คือเลขประจำตัว"
            "ผู้เสียภาษีอากร 13 หลักของ อปท. ตามด้วยรหัสต่อท้าย 2 หลักที่ธนาคารกำหนด "
            "กรุณาแก้ไขการตั้งค่า payment.biller_id ของ อปท.",
        ),
        (
            ("0994-00016453401", "N1", "2569", None),
            "biller_id",
            "The biller ID '0994-00016453401' must be 15 digits: the LAO's 13-digit tax ID "
            "followed by the 2-digit suffix its bank assigned; correct the LAO setting "
            "payment.biller_id.",
            "รหัสผู้รับชำระ (Biller ID) '0994-00016453401' ต้องเป็นตัวเลข 15 หลัก คือเลขประจำตัว"
            "ผู้เสียภาษีอากร 13 หลักของ อปท. ตามด้วยรหัสต่อท้าย 2 หลักที่ธนาคารกำหนด "
            "กรุณาแก้ไขการตั้งค่า payment.biller_id ของ อปท.",
        ),
        (
            (BILLER, "n256900000123", "2569", None),
            "ref1",
            REF_EN.format(n=1, v="n256900000123"),
            REF_TH.format(n=1, v="n256900000123"),
        ),
        ((BILLER, "", "2569", None), "ref1", REF_EN.format(n=1, v=""), REF_TH.format(n=1, v="")),
        (
            (BILLER, "N" + "0" * 20, "2569", None),
            "ref1",
            REF_EN.format(n=1, v="N" + "0" * 20),
            REF_TH.format(n=1, v="N" + "0" * 20),
        ),
        (
            (BILLER, "N1", "2569/70", None),
            "ref2",
            REF_EN.format(n=2, v="2569/70"),
            REF_TH.format(n=2, v="2569/70"),
        ),
        (
            (BILLER, "N1", "๒๕๖๙", None),
            "ref2",
            REF_EN.format(n=2, v="๒๕๖๙"),
            REF_TH.format(n=2, v="๒๕๖๙"),
        ),
        (
            (BILLER, "N1", "2569", Decimal("-1.00")),
            "amount",
            "The amount '-1.00' must not be negative; a notice asks for zero baht or more.",
            "จำนวนเงิน '-1.00' ต้องไม่ติดลบ ใบแจ้งเรียกเก็บเงินได้ตั้งแต่ศูนย์บาทขึ้นไป",
        ),
        (
            (BILLER, "N1", "2569", Decimal("-0")),
            "amount",
            "The amount '-0' must not be negative; a notice asks for zero baht or more.",
            "จำนวนเงิน '-0' ต้องไม่ติดลบ ใบแจ้งเรียกเก็บเงินได้ตั้งแต่ศูนย์บาทขึ้นไป",
        ),
        (
            (BILLER, "N1", "2569", Decimal("1170.005")),
            "amount",
            "The amount '1170.005' has more than 2 decimal places; round it to whole satang.",
            "จำนวนเงิน '1170.005' มีทศนิยมเกิน 2 ตำแหน่ง กรุณาปัดเศษเป็นสตางค์ก่อน",
        ),
        (
            (BILLER, "N1", "2569", Decimal("1E+10")),
            "amount",
            "The amount '10000000000' must be below 10,000,000,000 baht, the most a Thai QR code "
            "can carry; check the amount on the notice.",
            "จำนวนเงิน '10000000000' ต้องน้อยกว่า 10,000,000,000 บาท ซึ่งเป็นจำนวนสูงสุดที่"
            "คิวอาร์โค้ดรองรับ กรุณาตรวจสอบจำนวนเงินในใบแจ้ง",
        ),
        (
            (BILLER, "N1", "2569", Decimal("NaN")),
            "amount",
            "The amount 'NaN' must be a finite Decimal number of baht.",
            "จำนวนเงิน 'NaN' ต้องเป็นตัวเลขทศนิยม (Decimal) ที่มีค่าจำกัด หน่วยเป็นบาท",
        ),
        (
            (BILLER, "N1", "2569", 1170.0),
            "amount",
            "The amount '1170.0' must be a finite Decimal number of baht.",
            "จำนวนเงิน '1170.0' ต้องเป็นตัวเลขทศนิยม (Decimal) ที่มีค่าจำกัด หน่วยเป็นบาท",
        ),
    ],
)
def test_invalid_inputs_are_named_in_thai_and_english(
    args: tuple[str, str, str | None, Decimal | None],
    field: str,
    message_en: str,
    message_th: str,
) -> None:
    for make in (thai_qr_payload, bank_barcode_text):
        with pytest.raises(InvalidInput) as caught:
            make(*args)
        assert caught.value.field == field
        assert caught.value.message_en == message_en
        assert caught.value.message_th == message_th


@pytest.mark.parametrize(
    ("text", "reason_en", "reason_th"),
    [
        (
            "0002010102",
            "tag 01 claims 02 characters but the text ends first",
            "แท็ก 01 ระบุความยาว 02 ตัวอักษร แต่ข้อความสิ้นสุดก่อน",
        ),
        ("000201010", "no tag and length at position 6", "ไม่มีแท็กและความยาวที่ตำแหน่ง 6"),
        ("0002010A02", "no tag and length at position 6", "ไม่มีแท็กและความยาวที่ตำแหน่ง 6"),
        ("000201000201", "tag 00 appears twice", "แท็ก 00 ปรากฏซ้ำ"),
        ("0002010๑0211", "no tag and length at position 6", "ไม่มีแท็กและความยาวที่ตำแหน่ง 6"),
    ],
)
def test_parse_emv_says_where_the_text_is_malformed(
    text: str, reason_en: str, reason_th: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_emv(text)
    assert caught.value.field == "payload"
    assert caught.value.message_en == f"The QR payload is not valid EMVCo TLV text: {reason_en}."
    assert caught.value.message_th == (f"ข้อมูลในคิวอาร์โค้ดไม่ใช่รูปแบบ EMVCo TLV ที่ถูกต้อง: {reason_th}")


def test_read_thai_qr_refuses_a_damaged_payload() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_thai_qr(NOTICE_PAYLOAD.replace("1170.00", "1179.00"))
    assert caught.value.field == "payload"
    assert caught.value.message_en == (
        "The QR payload's checksum (tag 63) does not match its content: the code is damaged or "
        "was altered; scan it again or print the notice again."
    )
    assert caught.value.message_th == (
        "ค่าตรวจสอบ (แท็ก 63) ของข้อมูลในคิวอาร์โค้ดไม่ตรงกับเนื้อหา คิวอาร์โค้ดเสียหายหรือถูกแก้ไข "
        "กรุณาสแกนใหม่หรือพิมพ์ใบแจ้งใหม่"
    )


def test_read_thai_qr_refuses_a_payload_without_bill_payment() -> None:
    # A PromptPay transfer (template 29) with a valid CRC is not a bill payment.
    body = "000201010211" + "29370016A000000677010111011300668123456785802TH6304"
    payload = body + f"{crc16_ccitt_false(body.encode()):04X}"
    with pytest.raises(InvalidInput) as caught:
        read_thai_qr(payload)
    assert caught.value.message_en == (
        "The QR payload is not valid EMVCo TLV text: it has no bill-payment template (tag 30) "
        "with a biller ID and reference 1."
    )


def test_read_thai_qr_refuses_an_amount_that_is_not_baht() -> None:
    body = NOTICE_PAYLOAD[:-8].replace("54071170.00", "54061,1700") + "6304"
    payload = body + f"{crc16_ccitt_false(body.encode()):04X}"
    with pytest.raises(InvalidInput) as caught:
        read_thai_qr(payload)
    assert caught.value.message_en == (
        "The QR payload is not valid EMVCo TLV text: the amount (tag 54) '1,1700' is not baht "
        "with up to 2 decimals."
    )
    assert caught.value.message_th == (
        "ข้อมูลในคิวอาร์โค้ดไม่ใช่รูปแบบ EMVCo TLV ที่ถูกต้อง: จำนวนเงิน (แท็ก 54) '1,1700' "
        "ไม่ใช่จำนวนบาทที่มีทศนิยมไม่เกิน 2 ตำแหน่ง"
    )


def test_layout_refuses_a_value_longer_than_two_length_digits() -> None:
    with pytest.raises(ValueError, match="EMV tag 02 cannot hold 100 characters"):
        emv_bill_payment(BILLER, "1" * 100, None, None)


def raster_qr_svg(svg: str, pixels_per_module: int = 4) -> np.ndarray:
    """Draw Zint's SVG (a white square, then one path of module rectangles) as grey pixels."""
    root = ET.fromstring(svg)
    _, _, width, height = (int(v) for v in root.get("viewBox", "").split())
    assert width == height
    (path,) = root.iter(f"{SVG}path")
    d = path.get("d", "")
    rects = re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)Z", d)
    # Every character of d must belong to a rectangle read here, or the picture would be wrong.
    assert "".join(f"M{x} {y}h{w}v{h}h-{back}Z" for x, y, w, h, back in rects) == d
    dark = np.zeros((height, width), dtype=bool)
    for x, y, w, h, back in rects:
        assert w == back
        dark[int(y) : int(y) + int(h), int(x) : int(x) + int(w)] = True
    image = np.where(dark, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((pixels_per_module, pixels_per_module), dtype=np.uint8))


def raster_bar_svg(svg: str, pixels_per_mm: int = 8, rows: int = 40) -> np.ndarray:
    """Draw python-barcode's SVG (a white background and one black rect per bar) as an image."""
    root = ET.fromstring(svg)
    width = round(float(root.get("width", "").removesuffix("mm")) * pixels_per_mm)
    line = np.full(width, 255, dtype=np.uint8)
    for rect in root.iter(f"{SVG}rect"):
        if rect.get("style") == "fill:black;":
            left = round(float(rect.get("x", "").removesuffix("mm")) * pixels_per_mm)
            bar = round(float(rect.get("width", "").removesuffix("mm")) * pixels_per_mm)
            line[left : left + bar] = 0
    return np.tile(line, (rows, 1))


@pytest.mark.parametrize("bill", [NOTICE, BillPayment(BILLER, "N256900000123", "2569", None)])
def test_printed_qr_decodes_to_the_notice(bill: BillPayment) -> None:
    payload = thai_qr_payload(bill.biller_id, bill.ref1, bill.ref2, bill.amount)
    found = zxingcpp.read_barcodes(
        raster_qr_svg(qr_svg(payload)),
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        text_mode=zxingcpp.TextMode.Plain,
    )
    assert [code.text for code in found] == [payload]
    assert verify_crc(found[0].text)
    assert read_thai_qr(found[0].text) == bill


def test_qr_uses_error_correction_m_and_the_smallest_version() -> None:
    """Level M; numeric runs in numeric mode keep the notice's code at version 4 (33 modules)."""
    code = thai_qr_code(NOTICE_PAYLOAD)
    assert code.ec_level == "M"
    svg = qr_svg(NOTICE_PAYLOAD)
    # 33 modules and a 4-module quiet zone each side, half a millimetre a module.
    assert '<svg width="20.5mm" height="20.5mm" viewBox="0 0 41 41"' in svg
    assert raster_qr_svg(svg, 1)[:4].min() == 255  # the quiet zone is white


@pytest.mark.parametrize(
    "text",
    [
        "|099400016453401\rN256900000123\r2569\r117000",
        "|099400016453401\rN1\r\r0",
        "|099400016453401\rABC123DEF\r2569\r5",
    ],
)
def test_printed_barcode_decodes_to_the_bank_text(text: str) -> None:
    found = zxingcpp.read_barcodes(
        raster_bar_svg(code128_svg(text)),
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128),
        text_mode=zxingcpp.TextMode.Plain,
    )
    assert [code.text for code in found] == [text]


def test_typst_embeds_both_images() -> None:
    source = (
        b'#image(bytes(sys.inputs.qr), format: "svg", width: 25mm)\n'
        b'#image(bytes(sys.inputs.bars), format: "svg", width: 100mm)\n'
    )
    inputs = {
        "qr": qr_svg(NOTICE_PAYLOAD),
        "bars": code128_svg(bank_barcode_text(BILLER, "N256900000123", "2569", Decimal("1170"))),
    }
    pdf, warnings = typst.compile_with_warnings(source, sys_inputs=inputs, ignore_system_fonts=True)
    assert pdf[:5] == b"%PDF-"
    assert warnings == []
