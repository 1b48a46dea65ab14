"""Thai 13-digit identification numbers (เลขประจำตัวประชาชน) and their mod-11 check digit.

Juristic persons' 13-digit registration numbers use the same check digit, so they pass too.
"""

from __future__ import annotations

from taxmap.core.errors import InvalidInput

ID_LENGTH = 13
_SEPARATORS = str.maketrans("", "", " -\u00a0\t")
# Staff sometimes type the number with Thai digits; the ID is the same number.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ASCII_DIGITS = frozenset("0123456789")
# Printed grouping on the ID card: 1-2345-67890-12-3.
_GROUPS = (1, 4, 5, 2, 1)


def national_id_check_digit(first12: str) -> int:
    """Compute the check digit for the first 12 digits of a national ID."""
    if len(first12) != ID_LENGTH - 1 or not set(first12) <= _ASCII_DIGITS:
        raise InvalidInput(
            "national_id",
            f"'{first12}' must be exactly 12 digits to compute a check digit",
            f"'{first12}' ต้องเป็นตัวเลข 12 หลักจึงจะคำนวณหลักตรวจสอบได้",
        )
    # Digit i (from 0) is weighted 13 - i; the check digit is (11 - sum mod 11) mod 10.
    total = sum(int(digit) * (ID_LENGTH - i) for i, digit in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid_national_id(value: str) -> bool:
    """Return whether the value is a 13-digit ID with a correct check digit."""
    try:
        normalize_national_id(value)
    except InvalidInput:
        return False
    return True


def normalize_national_id(value: str) -> str:
    """Return the ID as 13 bare digits, or say what is wrong with it."""
    digits = value.translate(_SEPARATORS).translate(_THAI_DIGITS)
    stray = sorted(set(digits) - _ASCII_DIGITS)
    if stray:
        shown = " ".join(repr(char) for char in stray)
        raise InvalidInput(
            "national_id",
            f"'{value}' contains characters other than digits: {shown}",
            f"'{value}' มีอักขระที่ไม่ใช่ตัวเลข: {shown}",
        )
    if len(digits) != ID_LENGTH:
        raise InvalidInput(
            "national_id",
            f"'{value}' has {len(digits)} digits; a national ID has 13",
            f"'{value}' มี {len(digits)} หลัก แต่เลขประจำตัวประชาชนต้องมี 13 หลัก",
        )
    expected = national_id_check_digit(digits[:12])
    if int(digits[12]) != expected:
        raise InvalidInput(
            "national_id",
            f"'{value}' fails the checksum: the last digit should be {expected}, "
            f"not {digits[12]}; check for a mistyped digit",
            f"'{value}' หลักตรวจสอบไม่ถูกต้อง: หลักสุดท้ายควรเป็น {expected} ไม่ใช่ {digits[12]} "
            "โปรดตรวจสอบว่าพิมพ์ตัวเลขผิดหรือไม่",
        )
    return digits


def format_national_id(value: str) -> str:
    """Return the ID grouped as printed on the card, e.g. "1-1037-02174-62-1"."""
    digits = normalize_national_id(value)
    groups: list[str] = []
    start = 0
    for size in _GROUPS:
        groups.append(digits[start : start + size])
        start += size
    return "-".join(groups)
