"""Read the Land Office's monthly transfer file (tax-rules.md §1.1, s.10) and judge each row.

The file is CSV in UTF-8 (a BOM is allowed) with a header row naming these columns, in any
order (other columns are ignored; document_type and new_shares may be left out):

- document_type: LTAX document-type code 1-13 (1 = โฉนดที่ดิน); optional.
- document_no: the deed or document number.
- land_no, sheet: the land number and its sheet, e.g. "5540 III 3432" (or "554033432").
  A row needs land_no with its sheet, or document_no.
- old_owner_ids, new_owner_ids: 13-digit IDs separated by ';' (an ID starting with 0 is a
  juristic person's registration number).
- old_owner_names (may be empty), new_owner_names: ';'-separated, in the order of the IDs.
- new_shares: fractions in the order of new_owner_ids, e.g. "1/2;1/2"; empty = equal shares.
- transfer_date: 2026-01-15, or Thai D/M/YYYY in B.E., e.g. 15/1/2569.
- transaction: the kind of transaction, free text (ขาย, มรดก, ให้ ...).

Blank lines are skipped. Pure: every problem is an `InvalidInput` naming the column, in
English and Thai, and saying what to do.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TypeVar

from parcels.register.rules import check_shares
from taxmap.core.errors import InvalidInput
from taxmap.core.ids import normalize_national_id
from taxmap.core.sheets import SheetName, parse_sheet_name
from taxmap.core.thai import arabic_digits, format_thai_date, parse_thai_date

COLUMNS = (
    *("document_type", "document_no", "land_no", "sheet", "old_owner_ids", "old_owner_names"),
    *("new_owner_ids", "new_owner_names", "new_shares", "transfer_date", "transaction"),
)
OPTIONAL = ("document_type", "new_shares")
MAX_LENGTH = {"document_no": 32, "land_no": 16}  # the widths of transfer_rows' columns
REQUIRED_HINTS = {
    "old_owner_ids": (
        "the 13-digit IDs of the owners before the transfer, separated by ';'",
        "เลขประจำตัว 13 หลักของเจ้าของก่อนโอน คั่นด้วย ';'",
    ),
    "new_owner_ids": (
        "the 13-digit IDs of the new owners, separated by ';'",
        "เลขประจำตัว 13 หลักของเจ้าของใหม่ คั่นด้วย ';'",
    ),
    "new_owner_names": (
        "the new owners' names in the order of new_owner_ids, separated by ';'",
        "ชื่อเจ้าของใหม่ตามลำดับของ new_owner_ids คั่นด้วย ';'",
    ),
    "transfer_date": ("the date of the transfer, e.g. 15/1/2569", "วันที่โอน เช่น 15/1/2569"),
    "transaction": (
        "the kind of transaction, e.g. ขาย, มรดก, ให้",
        "ประเภทการทำธุรกรรม เช่น ขาย มรดก ให้",
    ),
}

T = TypeVar("T")


@dataclass(frozen=True)
class TransferRow:
    """One row of a transfer file: its cells as written, the parsed values, its problems."""

    line_no: int
    raw: str
    cells: dict[str, str]
    document_type: int | None = None
    sheet: SheetName | None = None
    old_ids: tuple[str, ...] = ()
    new_ids: tuple[str, ...] = ()
    new_names: tuple[str, ...] = ()
    shares: tuple[Fraction, ...] = ()
    transfer_date: date | None = None
    problems: tuple[InvalidInput, ...] = ()

    def text(self, column: str) -> str | None:
        """Return a cell as stored for review: None when empty or too long for its column."""
        value = self.cells.get(column, "")
        return value if value and len(value) <= MAX_LENGTH.get(column, len(value)) else None


def row_reason(problems: Sequence[InvalidInput]) -> tuple[str, str]:
    """Join a row's problems into one English and one Thai reason."""
    return " | ".join(p.message_en for p in problems), " | ".join(p.message_th for p in problems)


def decode(data: bytes, file_name: str) -> str:
    """Return the file's text (UTF-8, with or without BOM), or say how to save it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "file",
            f"{file_name}: not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8.",
            f"{file_name}: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start}) โปรดบันทึกไฟล์เป็น CSV UTF-8",
        ) from None


def parse_transfer_csv(text: str, file_name: str, today: date) -> list[TransferRow]:
    """Read every non-blank row of a transfer file; only a bad header fails the whole file."""
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(lines)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    if missing:
        raise InvalidInput(
            "file",
            f"{file_name}: the header lacks {', '.join(missing)}; the first line must name the "
            f"columns {', '.join(COLUMNS)} (document_type and new_shares may be left out).",
            f"{file_name}: หัวตารางไม่มีคอลัมน์ {', '.join(missing)} บรรทัดแรกต้องเป็นชื่อคอลัมน์ "
            f"{', '.join(COLUMNS)} (ไม่ใส่ document_type และ new_shares ก็ได้)",
        )
    rows, start = [], reader.line_num
    for values in reader:
        line_no, raw, start = start + 1, "".join(lines[start : reader.line_num]), reader.line_num
        if any(v.strip() for v in values):
            rows.append(parse_row(line_no, raw.rstrip("\r\n"), header, values, today))
    return rows


def parse_row(
    line_no: int, raw: str, header: Sequence[str], values: Sequence[str], today: date
) -> TransferRow:
    """Parse one record's values (in the header's order) and collect its problems."""
    padded = [*values, *[""] * (len(header) - len(values))]  # a short row keeps what it has
    cells = {c: arabic_digits(padded[header.index(c)].strip()) for c in COLUMNS if c in header}
    if len(values) != len(header):
        problem = InvalidInput(
            "line",
            f"line {line_no}: {len(values)} values, but the header has {len(header)} columns; "
            "check for a missing or extra comma, and quote values that contain commas",
            f"บรรทัด {line_no}: มี {len(values)} ค่า แต่หัวตารางมี {len(header)} คอลัมน์ "
            "โปรดตรวจเครื่องหมายจุลภาคที่ขาดหรือเกิน และใส่เครื่องหมายคำพูดครอบค่าที่มีจุลภาค",
        )
        return TransferRow(line_no, raw, cells, problems=(problem,))
    problems = [required_empty(c, *hints) for c, hints in REQUIRED_HINTS.items() if not cells[c]]

    def attempt(parse: Callable[[], T], default: T, needed: str | None = None) -> T:
        if needed is not None and not cells.get(needed):
            return default
        try:
            return parse()
        except InvalidInput as exc:
            problems.append(exc)
            return default

    document_type = attempt(lambda: _document_type(cells["document_type"]), None, "document_type")
    sheet = attempt(lambda: _sheet(cells), None)
    none: tuple[str, ...] = ()
    old_ids = attempt(
        lambda: parse_ids("old_owner_ids", cells["old_owner_ids"]), none, "old_owner_ids"
    )
    if old_ids:
        attempt(lambda: _names("old_owner", cells, len(old_ids)), none, "old_owner_names")
    new_ids = attempt(
        lambda: parse_ids("new_owner_ids", cells["new_owner_ids"]), none, "new_owner_ids"
    )
    new_names: tuple[str, ...] = ()
    shares: tuple[Fraction, ...] = ()
    if new_ids:
        new_names = attempt(
            lambda: _names("new_owner", cells, len(new_ids)), none, "new_owner_names"
        )
        shares = attempt(lambda: parse_shares(cells.get("new_shares", ""), len(new_ids)), shares)
    when = attempt(
        lambda: parse_date("transfer_date", cells["transfer_date"], today), None, "transfer_date"
    )
    return TransferRow(
        line_no,
        raw,
        cells,
        document_type,
        sheet,
        old_ids,
        new_ids,
        new_names,
        shares,
        when,
        tuple(problems),
    )


def required_empty(column: str, hint_en: str, hint_th: str) -> InvalidInput:
    """Say that a required column is empty and what to write in it."""
    return InvalidInput(
        column, f"{column}: empty; write {hint_en}", f"{column}: ว่าง โปรดระบุ{hint_th}"
    )


def _document_type(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 13:
        return int(text)
    raise InvalidInput(
        "document_type",
        f"document_type: '{text}' is not an LTAX document type; write a number 1-13 "
        "(1 = โฉนดที่ดิน, title deed) or leave it empty",
        f"document_type: '{text}' ไม่ใช่รหัสประเภทเอกสารสิทธิ์ของ LTAX โปรดใส่ตัวเลข 1-13 "
        "(1 = โฉนดที่ดิน) หรือเว้นว่าง",
    )


def _sheet(cells: dict[str, str]) -> SheetName | None:
    """Check the row names a parcel (land number and sheet, or document); return the sheet."""
    land, document, text = cells["land_no"], cells["document_no"], cells["sheet"]
    if not land and not document:
        raise InvalidInput(
            "land_no",
            "land_no, document_no: both are empty; give the land number with its sheet, "
            "or the document number",
            "land_no, document_no: ว่างทั้งคู่ โปรดระบุเลขที่ดินพร้อมระวาง หรือเลขที่เอกสารสิทธิ์",
        )
    for column, what_en, what_th in (
        ("document_no", "document number", "เลขที่เอกสารสิทธิ์"),
        ("land_no", "land number", "เลขที่ดิน"),
    ):
        if len(value := cells[column]) > MAX_LENGTH[column]:
            raise InvalidInput(
                column,
                f"{column}: '{value}' is longer than {MAX_LENGTH[column]} characters; "
                f"write only the {what_en}",
                f"{column}: '{value}' ยาวเกิน {MAX_LENGTH[column]} ตัวอักษร โปรดใส่เฉพาะ{what_th}",
            )
    if not land:
        return None
    if not text:
        if document:
            return None  # the document number alone can find the parcel
        raise InvalidInput(
            "sheet",
            f"sheet: empty, but land_no {land} needs its sheet (a land number is unique only "
            "within its sheet); write the sheet, e.g. 5540 III 3432, or give document_no",
            f"sheet: ว่าง แต่เลขที่ดิน {land} ต้องระบุระวาง (เลขที่ดินไม่ซ้ำกันเฉพาะภายในระวาง) "
            "โปรดระบุระวาง เช่น 5540 III 3432 หรือระบุ document_no",
        )
    try:
        sheet = parse_sheet_name(text)
    except InvalidInput as exc:
        raise _prefixed("sheet", exc) from None
    if sheet.grid is None:
        raise InvalidInput(
            "sheet",
            f"sheet: '{text}' names no 1:4000 sheet; write the full name, e.g. 5540 III 3432",
            f"sheet: '{text}' ไม่ได้ระบุระวาง 1:4000 โปรดเขียนชื่อระวางเต็ม เช่น 5540 III 3432",
        )
    return sheet


def _prefixed(field_name: str, exc: InvalidInput) -> InvalidInput:
    """Return the error again, its messages starting with the column or field to correct."""
    return InvalidInput(
        field_name, f"{field_name}: {exc.message_en}", f"{field_name}: {exc.message_th}"
    )


def listed_twice(field_name: str, what: str, what_th: str | None = None) -> InvalidInput:
    """Say that an owner appears twice among the new owners."""
    return InvalidInput(
        field_name,
        f"{field_name}: {what} is listed twice; list each owner once",
        f"{field_name}: {what_th or what} ซ้ำกัน โปรดระบุเจ้าของแต่ละรายเพียงครั้งเดียว",
    )


def parse_ids(field_name: str, text: str) -> tuple[str, ...]:
    """Return the ';'-separated 13-digit IDs as bare digits, each checked by its check digit."""
    ids: list[str] = []
    for part in text.split(";"):
        ident = check_id(field_name, part.strip())
        if ident in ids:
            raise listed_twice(field_name, ident)
        ids.append(ident)
    return tuple(ids)


def check_id(field_name: str, text: str) -> str:
    """Return a 13-digit ID as bare digits, or say (naming the field) what is wrong with it."""
    try:
        return normalize_national_id(text)
    except InvalidInput as exc:
        raise _prefixed(field_name, exc) from None


def _names(prefix: str, cells: dict[str, str], count: int) -> tuple[str, ...]:
    names = tuple(n.strip() for n in cells[f"{prefix}_names"].split(";") if n.strip())
    if len(names) != count:
        column = f"{prefix}_names"
        raise InvalidInput(
            column,
            f"{column}: {len(names)} names for {count} IDs in {prefix}_ids; give one name "
            "per ID, in the same order, separated by ';'",
            f"{column}: มี {len(names)} ชื่อ แต่ {prefix}_ids มี {count} ราย "
            "โปรดระบุชื่อหนึ่งชื่อต่อเลขประจำตัวหนึ่งเลข ตามลำดับเดียวกัน คั่นด้วย ';'",
        )
    return names


def parse_share(field_name: str, text: str) -> tuple[int, int]:
    """Return a share written "1/2" (or "1") as (numerator, denominator), unchecked."""
    parts = [p.strip() for p in arabic_digits(text).split("/")]
    if len(parts) in (1, 2) and all(p.isdigit() for p in parts):
        return int(parts[0]), int(parts[1]) if len(parts) == 2 else 1
    raise InvalidInput(
        field_name,
        f"{field_name}: '{text}' is not a share; write a fraction such as 1/2 for each new owner",
        f"{field_name}: '{text}' ไม่ใช่สัดส่วน โปรดเขียนเป็นเศษส่วน เช่น 1/2 สำหรับเจ้าของใหม่แต่ละราย",
    )


def check_total(
    field_name: str, shares: Sequence[tuple[int, int]], label_en: str, label_th: str
) -> tuple[Fraction, ...]:
    """Check shares are fractions adding up to exactly 1 (rules.check_shares); return them."""
    try:
        check_shares(label_en, shares, label_th)
    except InvalidInput as exc:
        raise _prefixed(field_name, exc) from None
    return tuple(Fraction(num, den) for num, den in shares)


def parse_shares(text: str, count: int) -> tuple[Fraction, ...]:
    """Return the new owners' shares from new_shares; empty means equal shares."""
    if not text:
        return (Fraction(1, count),) * count
    shares = [parse_share("new_shares", p) for p in text.split(";") if p.strip()]
    if len(shares) != count:
        raise InvalidInput(
            "new_shares",
            f"new_shares: {len(shares)} shares for {count} IDs in new_owner_ids; give one share "
            "per new owner, in the same order",
            f"new_shares: มี {len(shares)} สัดส่วน แต่ new_owner_ids มี {count} ราย "
            "โปรดระบุสัดส่วนหนึ่งค่าต่อเจ้าของใหม่หนึ่งราย ตามลำดับเดียวกัน",
        )
    return check_total("new_shares", shares, "this row", "รายการนี้")


def parse_date(field_name: str, text: str, today: date) -> date:
    """Parse an ISO or Thai B.E. date that is not after today."""
    try:
        when = parse_thai_date(text)
    except InvalidInput as exc:
        raise _prefixed(field_name, exc) from None
    check_not_future(field_name, when, today)
    return when


def check_not_future(field_name: str, when: date, today: date) -> None:
    """Refuse a change of owners dated after today."""
    if when > today:
        raise InvalidInput(
            field_name,
            f"{field_name}: {when.isoformat()} is in the future (today is {today.isoformat()}); "
            "a change of owners cannot take effect after today: check the date",
            f"{field_name}: วันที่ {format_thai_date(when)} ยังมาไม่ถึง (วันนี้ {format_thai_date(today)}) "
            "การเปลี่ยนเจ้าของมีผลหลังวันนี้ไม่ได้ โปรดตรวจสอบวันที่",
        )
