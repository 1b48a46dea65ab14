"""Payment references on tax notices: the Thai QR bill-payment code and the bank barcode text.

Both carry the same biller ID, references and amount (taxmap-conventions.md §10). The QR
payload is EMVCo merchant-presented TLV: each field is a 2-digit tag, a 2-digit length and the
value; bill payment sits in template 30, and tag 63 closes the string with a CRC-16.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from taxmap.core.errors import InvalidInput

# Application ID of Thai QR bill payment (domestic merchant, bill payment) in template 30.
BILL_PAYMENT_AID = "A000000677010112"
CURRENCY_THB = "764"  # ISO 4217 numeric
COUNTRY_TH = "TH"
# Tag 01: 11 = static code (payer types the amount), 12 = dynamic (amount fixed in the code).
STATIC, DYNAMIC = "11", "12"
CRC_TAG = "6304"  # tag 63, length 04: the CRC covers these four characters too

# Tag 54 holds at most 13 characters: "9999999999.99".
AMOUNT_LIMIT = Decimal("10000000000")
_SATANG = Decimal("0.01")
_BILLER_ID = re.compile(r"[0-9]{15}")
_REF = re.compile(r"[0-9A-Z]{1,20}")
_CRC_FIELD = re.compile(r"6304[0-9A-Fa-f]{4}")
# ASCII digits only: str.isdigit() and int() would also take Thai digits.
_TAG_AND_LENGTH = re.compile(r"[0-9]{4}")
_AMOUNT = re.compile(r"[0-9]{1,10}(\.[0-9]{1,2})?")


@dataclass(frozen=True)
class BillPayment:
    """What a Thai QR bill-payment code asks the payer's bank to pay."""

    biller_id: str
    ref1: str
    ref2: str | None
    amount: Decimal | None


def crc16_ccitt_false(data: bytes) -> int:
    """Compute CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no XOR)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def thai_qr_payload(biller_id: str, ref1: str, ref2: str | None, amount: Decimal | None) -> str:
    """Return the Thai QR bill-payment payload (tag 30) for a notice; no amount makes it static."""
    _check(biller_id, ref1, ref2, amount)
    return emv_bill_payment(biller_id, ref1, ref2, amount)


def emv_bill_payment(biller_id: str, ref1: str, ref2: str | None, amount: Decimal | None) -> str:
    """Lay out a bill-payment payload without checking the values against the bank standard."""
    # Kept apart from thai_qr_payload so the §10 test vector, whose biller ID has 13 digits
    # where banks issue 15, can be reproduced field for field.
    template = _tlv("00", BILL_PAYMENT_AID) + _tlv("01", biller_id) + _tlv("02", ref1)
    if ref2 is not None:
        template += _tlv("03", ref2)
    body = _tlv("00", "01") + _tlv("01", STATIC if amount is None else DYNAMIC)
    body += _tlv("30", template) + _tlv("53", CURRENCY_THB)
    if amount is not None:
        body += _tlv("54", f"{amount.quantize(_SATANG):f}")
    body += _tlv("58", COUNTRY_TH) + CRC_TAG
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def verify_crc(payload: str) -> bool:
    """Return whether the payload ends in tag 63 holding the CRC of everything before it."""
    # Lower-case hex is accepted: we write upper case, but other issuers' readers compare numbers.
    if not (payload.isascii() and _CRC_FIELD.fullmatch(payload[-8:])):
        return False
    return int(payload[-4:], 16) == crc16_ccitt_false(payload[:-4].encode("ascii"))


def parse_emv(payload: str) -> dict[str, str]:
    """Split EMVCo TLV text (a payload, or a template's value) into its tags and values."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(payload):
        tag, length = payload[pos : pos + 2], payload[pos + 2 : pos + 4]
        if not _TAG_AND_LENGTH.fullmatch(payload[pos : pos + 4]):
            raise _malformed(
                f"no tag and length at position {pos}", f"ไม่มีแท็กและความยาวที่ตำแหน่ง {pos}"
            )
        end = pos + 4 + int(length)
        if end > len(payload):
            raise _malformed(
                f"tag {tag} claims {length} characters but the text ends first",
                f"แท็ก {tag} ระบุความยาว {length} ตัวอักษร แต่ข้อความสิ้นสุดก่อน",
            )
        if tag in fields:
            raise _malformed(f"tag {tag} appears twice", f"แท็ก {tag} ปรากฏซ้ำ")
        fields[tag] = payload[pos + 4 : end]
        pos = end
    return fields


def read_thai_qr(payload: str) -> BillPayment:
    """Read the biller ID, references and amount back from a Thai QR bill-payment payload."""
    if not verify_crc(payload):
        raise InvalidInput(
            "payload",
            "The QR payload's checksum (tag 63) does not match its content: the code is damaged "
            "or was altered; scan it again or print the notice again.",
            "ค่าตรวจสอบ (แท็ก 63) ของข้อมูลในคิวอาร์โค้ดไม่ตรงกับเนื้อหา คิวอาร์โค้ดเสียหายหรือถูกแก้ไข "
            "กรุณาสแกนใหม่หรือพิมพ์ใบแจ้งใหม่",
        )
    fields = parse_emv(payload)
    template = parse_emv(fields.get("30", ""))
    if template.get("00") != BILL_PAYMENT_AID or "01" not in template or "02" not in template:
        raise _malformed(
            "it has no bill-payment template (tag 30) with a biller ID and reference 1",
            "ไม่มีแม่แบบการชำระบิล (แท็ก 30) ที่มีรหัสผู้รับชำระและเลขอ้างอิง 1",
        )
    amount = fields.get("54")
    if amount is not None and not _AMOUNT.fullmatch(amount):
        raise _malformed(
            f"the amount (tag 54) '{amount}' is not baht with up to 2 decimals",
            f"จำนวนเงิน (แท็ก 54) '{amount}' ไม่ใช่จำนวนบาทที่มีทศนิยมไม่เกิน 2 ตำแหน่ง",
        )
    return BillPayment(
        biller_id=template["01"],
        ref1=template["02"],
        ref2=template.get("03"),
        amount=None if amount is None else Decimal(amount),
    )


def bank_barcode_text(biller_id: str, ref1: str, ref2: str | None, amount: Decimal | None) -> str:
    """Return the Code 128 bank bill-payment text: "|", biller, CR, ref1, CR, ref2, CR, satang."""
    _check(biller_id, ref1, ref2, amount)
    # Banks read "0" as "the payer types the amount", the barcode's counterpart of a static QR.
    satang = 0 if amount is None else int(amount * 100)
    return f"|{biller_id}\r{ref1}\r{ref2 or ''}\r{satang}"


def _tlv(tag: str, value: str) -> str:
    # Two digits of length: a longer value would shift every later field.
    if len(value) > 99:
        raise ValueError(f"EMV tag {tag} cannot hold {len(value)} characters: {value!r}")
    return f"{tag}{len(value):02d}{value}"


def _check(biller_id: str, ref1: str, ref2: str | None, amount: Decimal | None) -> None:
    _check_biller_id(biller_id)
    _check_ref("ref1", ref1)
    if ref2 is not None:
        _check_ref("ref2", ref2)
    if amount is not None:
        _check_amount(amount)


def _check_biller_id(biller_id: str) -> None:
    if not _BILLER_ID.fullmatch(biller_id):
        raise InvalidInput(
            "biller_id",
            f"The biller ID '{biller_id}' must be 15 digits: the LAO's 13-digit tax ID followed "
            "by the 2-digit suffix its bank assigned; correct the LAO setting payment.biller_id.",
            f"รหัสผู้รับชำระ (Biller ID) '{biller_id}' ต้องเป็นตัวเลข 15 หลัก คือเลขประจำตัว"
            "ผู้เสียภาษีอากร 13 หลักของ อปท. ตามด้วยรหัสต่อท้าย 2 หลักที่ธนาคารกำหนด "
            "กรุณาแก้ไขการตั้งค่า payment.biller_id ของ อปท.",
        )


def _check_ref(field: str, value: str) -> None:
    if not _REF.fullmatch(value):
        number = field[-1]
        raise InvalidInput(
            field,
            f"Reference {number} '{value}' must be 1 to 20 characters, each a digit 0-9 or a "
            "capital letter A-Z (the Thai bank bill-payment standard); remove spaces, dashes, "
            "slashes and Thai characters.",
            f"เลขอ้างอิง {number} (Ref.{number}) '{value}' ต้องมี 1 ถึง 20 ตัวอักษร แต่ละตัวเป็น"
            "ตัวเลข 0-9 หรืออักษรอังกฤษตัวพิมพ์ใหญ่ A-Z (ตามมาตรฐานการชำระบิลผ่านธนาคารของไทย) "
            "กรุณาตัดช่องว่าง ขีด ทับ และอักษรไทยออก",
        )


def _check_amount(amount: Decimal) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InvalidInput(
            "amount",
            f"The amount '{amount}' must be a finite Decimal number of baht.",
            f"จำนวนเงิน '{amount}' ต้องเป็นตัวเลขทศนิยม (Decimal) ที่มีค่าจำกัด หน่วยเป็นบาท",
        )
    if amount.is_signed():  # also "-0", which would print as "-0.00"
        raise InvalidInput(
            "amount",
            f"The amount '{amount:f}' must not be negative; a notice asks for zero baht or more.",
            f"จำนวนเงิน '{amount:f}' ต้องไม่ติดลบ ใบแจ้งเรียกเก็บเงินได้ตั้งแต่ศูนย์บาทขึ้นไป",
        )
    if amount != amount.quantize(_SATANG):
        raise InvalidInput(
            "amount",
            f"The amount '{amount:f}' has more than 2 decimal places; round it to whole satang.",
            f"จำนวนเงิน '{amount:f}' มีทศนิยมเกิน 2 ตำแหน่ง กรุณาปัดเศษเป็นสตางค์ก่อน",
        )
    if amount >= AMOUNT_LIMIT:
        raise InvalidInput(
            "amount",
            f"The amount '{amount:f}' must be below 10,000,000,000 baht, the most a Thai QR "
            "code can carry; check the amount on the notice.",
            f"จำนวนเงิน '{amount:f}' ต้องน้อยกว่า 10,000,000,000 บาท ซึ่งเป็นจำนวนสูงสุดที่คิวอาร์โค้ด"
            "รองรับ กรุณาตรวจสอบจำนวนเงินในใบแจ้ง",
        )


def _malformed(reason_en: str, reason_th: str) -> InvalidInput:
    return InvalidInput(
        "payload",
        f"The QR payload is not valid EMVCo TLV text: {reason_en}.",
        f"ข้อมูลในคิวอาร์โค้ดไม่ใช่รูปแบบ EMVCo TLV ที่ถูกต้อง: {reason_th}",
    )
