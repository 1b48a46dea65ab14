"""Checks a revenue clerk expects of register records, each failing with Thai and English text.

Every check raises `InvalidInput(field, message_en, message_th)` naming the field to correct,
and returns nothing (or the normalised value) when the record is fine. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from taxmap.core.errors import InvalidInput
from taxmap.core.ids import normalize_national_id
from taxmap.core.sheets import parse_sheet_name
from taxmap.core.thai import normalize_year
from taxmap.core.units import parse_rai_ngan_wah

PARTY_KINDS = ("individual", "juristic", "state", "religious", "other")
TAX_CATEGORIES = ("agri", "res_main", "res_bldg", "res_other", "other", "vacant")

# LTAX Online survey codes (tax-rules.md §1.3). "5" marks a parcel or building with several
# pieces; each piece still carries its own category, so "mixed" is never a piece's category.
LTAX_CODES: dict[str, str] = {
    "1": "agri",
    "2-1": "res_main",
    "2-2": "res_bldg",
    "2-3": "res_other",
    "3": "other",
    "4": "vacant",
    "5": "mixed",
}
_CODE_FOR_CATEGORY = {category: code for code, category in LTAX_CODES.items()}
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def category_for_ltax_code(code: str) -> str:
    """Return the tax category of an LTAX survey code ("2-(1)", "2.1", "2-1" all mean res_main)."""
    clean = re.sub(r"\s+", "", code.translate(_THAI_DIGITS))
    if match := re.fullmatch(r"2[-.]?\(?([123])\)?", clean):
        clean = f"2-{match[1]}"
    if clean not in LTAX_CODES:
        known = ", ".join(LTAX_CODES)
        raise InvalidInput(
            "ltax_code",
            f"'{code}' is not an LTAX survey code; use one of {known}",
            f"'{code}' ไม่ใช่รหัสการใช้ประโยชน์ของ LTAX ให้ใช้รหัส {known}",
        )
    return LTAX_CODES[clean]


def ltax_code_for_category(category: str) -> str:
    """Return the LTAX survey code of a tax category ("res_main" -> "2-1")."""
    if category not in _CODE_FOR_CATEGORY:
        known = ", ".join(_CODE_FOR_CATEGORY)
        raise InvalidInput(
            "category",
            f"'{category}' is not a use category; use one of {known}",
            f"'{category}' ไม่ใช่ประเภทการใช้ประโยชน์ ให้ใช้ {known}",
        )
    return _CODE_FOR_CATEGORY[category]


def check_party(
    kind: str, national_id: str | None = None, juristic_id: str | None = None
) -> str | None:
    """Check a party's kind and 13-digit IDs; return the national ID as bare digits."""
    if kind not in PARTY_KINDS:
        known = ", ".join(PARTY_KINDS)
        raise InvalidInput(
            "kind",
            f"'{kind}' is not a kind of owner; use one of {known}",
            f"'{kind}' ไม่ใช่ประเภทเจ้าของทรัพย์สิน ให้ใช้ {known}",
        )
    if juristic_id is not None:
        if kind == "individual":
            raise InvalidInput(
                "juristic_id",
                "An individual has no juristic person ID: clear it or change the kind of owner.",
                "บุคคลธรรมดาไม่มีเลขทะเบียนนิติบุคคล โปรดลบออกหรือเปลี่ยนประเภทเจ้าของ",
            )
        _checked_id(juristic_id, "juristic_id", "Juristic person ID", "เลขทะเบียนนิติบุคคล")
    if national_id is None:
        return None
    if kind != "individual":
        raise InvalidInput(
            "national_id",
            f"Only an individual has a national ID, not a party of kind '{kind}': "
            "put a juristic person's number in juristic_id.",
            "เลขประจำตัวประชาชนใช้กับบุคคลธรรมดาเท่านั้น เลขของนิติบุคคลให้กรอกในช่องเลขทะเบียนนิติบุคคล",
        )
    return _checked_id(national_id, "national_id", "National ID", "เลขประจำตัวประชาชน")


def _checked_id(value: str, field: str, name_en: str, name_th: str) -> str:
    try:
        return normalize_national_id(value)
    except InvalidInput as exc:
        raise InvalidInput(
            field, f"{name_en} {exc.message_en}", f"{name_th} {exc.message_th}"
        ) from None


def check_shares(
    object_label: str, shares: Sequence[tuple[int, int]], object_label_th: str | None = None
) -> Fraction:
    """Check that owners' shares (numerator, denominator) are fractions adding up to exactly 1."""
    label_th = object_label_th or object_label
    if not shares:
        raise InvalidInput(
            "shares",
            f"{object_label} has no owner: add at least one owner with a share.",
            f"{label_th} ไม่มีเจ้าของ โปรดเพิ่มเจ้าของอย่างน้อยหนึ่งราย",
        )
    total = Fraction(0)
    for num, den in shares:
        if not 0 < num <= den:
            raise InvalidInput(
                "shares",
                f"The share {num}/{den} in {object_label} is not a fraction above 0 and "
                "at most 1: correct the share.",
                f"สัดส่วน {num}/{den} ใน{label_th} ต้องมากกว่า 0 และไม่เกิน 1 โปรดแก้ไขสัดส่วน",
            )
        total += Fraction(num, den)
    if total != 1:
        raise InvalidInput(
            "shares",
            f"The owners' shares of {object_label} add up to {total}, not 1: correct the shares.",
            f"สัดส่วนของเจ้าของ{label_th} รวมกันได้ {total} ไม่ใช่ 1 โปรดแก้ไขสัดส่วน",
        )
    return total


def check_land_use(
    parcel_code: str,
    parcel_area_sq_wah: Decimal,
    pieces: Sequence[Decimal],
    tolerance_sq_wah: Decimal = Decimal("1"),
) -> None:
    """Check that a parcel's land-use pieces are non-negative and add up to its area."""
    _check_pieces(
        "land_use_pieces",
        parcel_area_sq_wah,
        pieces,
        tolerance_sq_wah,
        (f"parcel {parcel_code}", "sq wah", "the parcel's area"),
        (f"แปลง {parcel_code}", "ตร.ว.", "เนื้อที่ของแปลง"),
    )


def check_building_use(
    building_code: str,
    floor_area_m2: Decimal,
    pieces: Sequence[Decimal],
    tolerance_m2: Decimal = Decimal("0.5"),
) -> None:
    """Check that a building's use pieces are non-negative and add up to its floor area."""
    _check_pieces(
        "building_use_pieces",
        floor_area_m2,
        pieces,
        tolerance_m2,
        (f"building {building_code}", "m²", "its floor area"),
        (f"สิ่งปลูกสร้าง {building_code}", "ตร.ม.", "พื้นที่อาคาร"),
    )


def _check_pieces(
    field: str,
    whole: Decimal,
    pieces: Sequence[Decimal],
    tolerance: Decimal,
    en: tuple[str, str, str],
    th: tuple[str, str, str],
) -> None:
    (what, unit, whole_en), (what_th, unit_th, whole_th) = en, th
    if not pieces:
        raise InvalidInput(
            field,
            f"{what} has no use pieces: survey at least one use covering {whole_en}.",
            f"{what_th} ยังไม่มีการใช้ประโยชน์ โปรดบันทึกการใช้ประโยชน์ให้ครบ{whole_th}",
        )
    for piece in pieces:
        if piece < 0:
            raise InvalidInput(
                field,
                f"A use piece of {what} has a negative area ({piece} {unit}): correct it.",
                f"การใช้ประโยชน์ของ{what_th} มีพื้นที่ติดลบ ({piece} {unit_th}) โปรดแก้ไข",
            )
    total = sum(pieces, Decimal(0))
    if abs(total - whole) > tolerance:
        raise InvalidInput(
            field,
            f"The use pieces of {what} add up to {total} {unit}, but {whole_en} is {whole} "
            f"{unit} (tolerance {tolerance} {unit}): correct the pieces.",
            f"การใช้ประโยชน์ของ{what_th} รวมได้ {total} {unit_th} แต่{whole_th}คือ {whole} "
            f"{unit_th} (คลาดเคลื่อนได้ไม่เกิน {tolerance} {unit_th}) โปรดแก้ไข",
        )


def check_year_completed(year: int, today: date) -> int:
    """Check a year of completion (B.E. or C.E.) is not in the future; return it in C.E."""
    try:
        ce = normalize_year(year)
    except InvalidInput:
        raise InvalidInput(
            "year_completed",
            f"{year} is not a year of completion: write the year, e.g. 2565 or 2022.",
            f"{year} ไม่ใช่ปีที่สร้างเสร็จ ให้เขียนปี เช่น 2565",
        ) from None
    if ce > today.year:
        raise InvalidInput(
            "year_completed",
            f"The year completed {year} (C.E. {ce}) is in the future: a building cannot be "
            "finished after today; correct the year.",
            f"ปีที่สร้างเสร็จ {year} (พ.ศ. {ce + 543}) ยังมาไม่ถึง โปรดแก้ไขปี",
        )
    return ce


def check_sign_size(width_cm: Decimal, height_cm: Decimal, faces: int) -> None:
    """Check that a sign's width, height and number of faces are positive."""
    for field, value, name_en, name_th in (
        ("width_cm", width_cm, "width", "ความกว้าง"),
        ("height_cm", height_cm, "height", "ความยาว"),
    ):
        if value <= 0:
            raise InvalidInput(
                field,
                f"The sign's {name_en} must be more than 0 cm, not {value}: measure it again.",
                f"{name_th}ของป้ายต้องมากกว่า 0 ซม. ไม่ใช่ {value} โปรดวัดใหม่",
            )
    if faces < 1:
        raise InvalidInput(
            "faces",
            f"A sign has at least 1 face, not {faces}: correct the number of faces.",
            f"ป้ายต้องมีอย่างน้อย 1 ด้าน ไม่ใช่ {faces} โปรดแก้ไขจำนวนด้าน",
        )


def check_house_registration(party_kind: str, in_house_registration: bool) -> None:
    """Check that only an individual is marked as named in the house registration."""
    if in_house_registration and party_kind != "individual":
        raise InvalidInput(
            "in_house_registration",
            f"Only an individual can be named in a house registration, not a party of kind "
            f"'{party_kind}': clear the flag.",
            "เฉพาะบุคคลธรรมดาเท่านั้นที่มีชื่ออยู่ในทะเบียนบ้านได้ โปรดยกเลิกการระบุ",
        )


_RECORD_FIELDS = ("document_type", "document_no", "land_no", "survey_page", "volume", "page")
# The widths of the parcel's columns (parcels/fabric/orm.py).
_RECORD_LENGTHS = {"document_no": 32, "land_no": 16, "survey_page": 16, "volume": 16, "page": 16}


def _record_text(name: str, value: object, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput(
            name, f"{name} must be text or a number.", f"{name} ต้องเป็นข้อความหรือตัวเลข"
        )
    text = str(value)
    if len(text) > limit:
        raise InvalidInput(
            name,
            f"{name} has {len(text)} characters; at most {limit} fit: shorten it.",
            f"{name} ยาว {len(text)} ตัวอักษร เกิน {limit} ตัว โปรดย่อให้สั้นลง",
        )
    return text


def check_land_record(record: dict[str, object]) -> dict[str, object]:
    """Check a land record; return the parcel's columns (sheet split, legal area in sq wah)."""
    unknown = sorted(set(record) - {*_RECORD_FIELDS, "sheet", "legal_area"})
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"'{unknown[0]}' is not part of a land record: give document_type, document_no, "
            "land_no, survey_page, volume, page, sheet or legal_area.",
            f"'{unknown[0]}' ไม่ใช่ข้อมูลเอกสารสิทธิ์",
        )
    if not record:
        raise InvalidInput(
            "body",
            "The land record is empty: give at least one of document_type, document_no, "
            "land_no, survey_page, volume, page, sheet or legal_area.",
            "ข้อมูลเอกสารสิทธิ์ว่าง: ระบุอย่างน้อยหนึ่งช่อง เช่น document_type, document_no, sheet",
        )
    values: dict[str, object] = {k: record[k] for k in _RECORD_FIELDS if k in record}
    for column, limit in _RECORD_LENGTHS.items():
        if column in values:
            values[column] = _record_text(column, values[column], limit)
    if "document_type" in values:
        kind = values["document_type"]
        if not (isinstance(kind, int) or str(kind).isdigit()) or not 1 <= int(str(kind)) <= 13:
            raise InvalidInput(
                "document_type",
                f"Document type {kind} does not exist: use the LTAX code 1-13 (1 title deed, "
                "2 NS 3 Kor, 3 NS 3, ... 13 other).",
                f"ไม่มีประเภทเอกสารสิทธิ์ {kind} ให้ใช้รหัส 1-13 (1 โฉนดที่ดิน 2 น.ส.3ก 3 น.ส.3 ... 13 อื่น ๆ)",
            )
        values["document_type"] = int(str(kind))
    if "sheet" in record:
        name = parse_sheet_name(str(record["sheet"]))
        if name.quadrant is None or name.grid is None:
            raise InvalidInput(
                "sheet",
                f"The sheet '{record['sheet']}' needs the 1:4000 sheet, e.g. '5540 III 3432'.",
                f"ระวาง '{record['sheet']}' ต้องระบุถึงระวาง 1:4000 เช่น '5540 III 3432'",
            )
        values |= {
            "sheet_50k": name.number,
            "sheet_quadrant": name.quadrant,
            "sheet_4000": name.grid,
            "sub_sheet": name.sub_sheet or "",
        }
    if "legal_area" in record:
        area = parse_rai_ngan_wah(str(record["legal_area"]))
        values["legal_area_sq_wah"] = area.square_wah
    return values
