"""Thai calendar, digits, fiscal years and baht in words for notices and receipts (§10)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from taxmap.core.errors import InvalidInput

BE_OFFSET = 543
# A year this large is taken as Buddhist Era: C.E. 2400 is far beyond any record we hold,
# while B.E. 2400 (C.E. 1857) is before any Thai land record we hold.
BE_THRESHOLD = 2400

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_ARABIC = "0123456789"
_THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)


def _month_key(text: str) -> str:
    return re.sub(r"[.\s]", "", text).lower()


# Every spelling of a month we accept, keyed without dots or spaces ("พย", "nov").
_MONTH_LOOKUP: dict[str, int] = {}
for _number, _names in enumerate(zip(THAI_MONTHS, THAI_MONTHS_SHORT, ENGLISH_MONTHS, strict=True)):
    for _name in (*_names, _names[2][:3]):
        _MONTH_LOOKUP[_month_key(_name)] = _number + 1
_MONTH_LOOKUP["sept"] = 9

_NUMERIC_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_ISO_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDED = re.compile(r"(\d{1,2})\s*([^\d]+?)\s*(\d{4}|\d{2})\s*([^\d]*)")
_ERA_BE = {"พศ", "be"}
_ERA_CE = {"คศ", "ce", "ad"}


def to_buddhist_year(ce: int) -> int:
    """Convert a Common Era year to the Buddhist Era (C.E. + 543)."""
    return ce + BE_OFFSET


def to_common_year(be: int) -> int:
    """Convert a Buddhist Era year to the Common Era (B.E. - 543)."""
    return be - BE_OFFSET


def normalize_year(year: int) -> int:
    """Return the C.E. year for a year given in B.E. (>= 2400) or C.E."""
    # Past B.E. 2942 (C.E. 2399) a year is no record's year, and would overflow the columns.
    if not 1 <= year < BE_THRESHOLD + BE_OFFSET:
        raise InvalidInput(
            "year",
            f"{year} is not a year: give it in B.E. (2400-{BE_THRESHOLD + BE_OFFSET - 1}, "
            "e.g. 2569) or C.E. (e.g. 2026).",
            f"{year} ไม่ใช่ปีที่ถูกต้อง: ใช้ พ.ศ. (2400-{BE_THRESHOLD + BE_OFFSET - 1} เช่น 2569) "
            "หรือ ค.ศ. (เช่น 2026)",
        )
    return to_common_year(year) if year >= BE_THRESHOLD else year


def thai_digits(text: str) -> str:
    """Replace the digits 0-9 with Thai digits ๐-๙."""
    return text.translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9."""
    return text.translate(_TO_ARABIC)


def format_thai_date(d: date, *, short: bool = False, thai_numerals: bool = False) -> str:
    """Format a date as "23 พฤศจิกายน 2569" (B.E.), or "23 พ.ย. 2569" when short."""
    month = (THAI_MONTHS_SHORT if short else THAI_MONTHS)[d.month - 1]
    text = f"{d.day} {month} {to_buddhist_year(d.year)}"
    return thai_digits(text) if thai_numerals else text


def format_date_en_be(d: date) -> str:
    """Format a date in English with the B.E. year, e.g. "23 November 2569 B.E."."""
    return f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {to_buddhist_year(d.year)} B.E."


def parse_thai_date(text: str) -> date:
    """Parse "23/11/2569", "2569-11-23", "23 พฤศจิกายน 2569" or "23 พ.ย. 69" into a date."""
    # Two-digit years are B.E. 25xx, as written on Thai forms; four-digit years are B.E.
    # from 2400 up unless an era (พ.ศ./ค.ศ., B.E./C.E./A.D.) says otherwise.
    clean = re.sub(r"\s+", " ", arabic_digits(text)).strip()
    clean = re.sub(r"^วันที่\s*", "", clean)
    if match := _NUMERIC_DMY.fullmatch(clean):
        day, month, year = int(match[1]), int(match[3]), _resolve_year(match[4], None)
    elif match := _ISO_YMD.fullmatch(clean):
        year, month, day = _resolve_year(match[1], None), int(match[2]), int(match[3])
    elif match := _WORDED.fullmatch(clean):
        middle, suffix = _month_key(match[2]), _month_key(match[4])
        era: bool | None = None
        for marker in (*_ERA_BE, *_ERA_CE):
            if middle.endswith(marker) and middle != marker:
                middle, era = middle.removesuffix(marker), marker in _ERA_BE
        if suffix:
            if suffix not in _ERA_BE | _ERA_CE:
                raise _date_error(text, f"unexpected '{match[4]}' after the year")
            era = suffix in _ERA_BE
        if middle not in _MONTH_LOOKUP:
            raise _date_error(text, f"'{match[2]}' is not a month name")
        day, month, year = int(match[1]), _MONTH_LOOKUP[middle], _resolve_year(match[3], era)
    else:
        raise _date_error(text, "not a recognised date")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _date_error(text, f"no such day ({exc})") from None


def fiscal_year(d: date) -> int:
    """Return the C.E. government fiscal year (1 Oct - 30 Sep, named by its later year)."""
    return d.year + 1 if d.month >= 10 else d.year


def fiscal_year_be(d: date) -> int:
    """Return the B.E. government fiscal year of a date (FY 2569 = 1 Oct 2025 - 30 Sep 2026)."""
    return to_buddhist_year(fiscal_year(d))


def fiscal_year_range(fy_ce: int) -> tuple[date, date]:
    """Return the first and last day of a C.E. fiscal year."""
    # A B.E. year passed by mistake would silently give dates five centuries away.
    if not 1 < fy_ce < BE_THRESHOLD:
        raise InvalidInput(
            "fiscal_year",
            f"{fy_ce} is not a C.E. fiscal year; for B.E. subtract 543",
            f"{fy_ce} ไม่ใช่ปีงบประมาณแบบ ค.ศ. หากเป็น พ.ศ. ให้ลบ 543",
        )
    return date(fy_ce - 1, 10, 1), date(fy_ce, 9, 30)


_DIGIT_WORDS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000
_SATANG = Decimal("0.01")


def baht_text(amount: Decimal | str | int) -> str:
    """Write an amount of baht in Thai words as on receipts, e.g. "สิบเอ็ดบาทถ้วน"."""
    # Negative amounts raise: a notice or receipt never states a negative sum (a refund is
    # written as a positive amount), so a negative here is a bug upstream, not text to print.
    value = _to_amount(amount)
    if value < 0:
        raise _amount_error(amount, "a negative amount cannot be written in words")
    with localcontext() as ctx:
        # Room for every digit of large amounts; the default 28 digits would fail quantize.
        ctx.prec = max(28, value.adjusted() + 4)
        satang_total = int(value.quantize(_SATANG, rounding=ROUND_HALF_UP) * 100)
    baht, satang = divmod(satang_total, 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    baht_words = f"{_number_words(baht, higher=False)}บาท" if baht else ""
    satang_words = f"{_number_words(satang, higher=False)}สตางค์" if satang else "ถ้วน"
    return baht_words + satang_words


def _number_words(n: int, *, higher: bool) -> str:
    # ล้าน repeats every six digits; `higher` says a non-zero group stands above this one,
    # which turns a lone final 1 into เอ็ด (1,000,001 = หนึ่งล้านเอ็ด).
    if n >= _MILLION:
        millions, rest = divmod(n, _MILLION)
        return _number_words(millions, higher=higher) + "ล้าน" + _number_words(rest, higher=True)
    words: list[str] = []
    for place in range(5, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "สิบ", 2: "ยี่สิบ"}.get(digit, _DIGIT_WORDS[digit] + "สิบ"))
        elif place == 0 and digit == 1 and (n > 1 or higher):
            words.append("เอ็ด")
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def _to_amount(amount: Decimal | str | int) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, Decimal | str | int):
        raise _amount_error(amount, "give a Decimal, a string or an integer, not a float")
    try:
        value = (
            Decimal(amount.replace(",", "").strip()) if isinstance(amount, str) else Decimal(amount)
        )
    except InvalidOperation:
        raise _amount_error(amount, "not a number") from None
    if not value.is_finite():
        raise _amount_error(amount, "not a finite number")
    return value


def _resolve_year(digits: str, era_be: bool | None) -> int:
    year = int(digits)
    if len(digits) == 2:
        return year + 2000 if era_be is False else to_common_year(2500 + year)
    if era_be is None:
        # Not normalize_year: a year 0 should fail as a bad date, not as a bad year field.
        return to_common_year(year) if year >= BE_THRESHOLD else year
    return to_common_year(year) if era_be else year


def _date_error(text: str, reason: str) -> InvalidInput:
    return InvalidInput(
        "date",
        f"'{text}': {reason}; write a date as 23/11/2569, 2569-11-23 or 23 พฤศจิกายน 2569 (B.E.)",
        f"'{text}' ไม่ใช่วันที่ที่ถูกต้อง ให้เขียนแบบ 23/11/2569, 2569-11-23 หรือ 23 พฤศจิกายน 2569",
    )


def _amount_error(amount: object, reason: str) -> InvalidInput:
    return InvalidInput(
        "amount",
        f"'{amount}' cannot be written in baht: {reason}",
        f"'{amount}' ไม่ใช่จำนวนเงินที่เขียนเป็นตัวอักษรได้",
    )
