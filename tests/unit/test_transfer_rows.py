"""Reading the Land Office's transfer file, and the rules of a change of owners: exact texts."""

from __future__ import annotations

import csv
import io
from datetime import date
from fractions import Fraction

import pytest

from parcels.register.ownership import (
    Candidate,
    Holding,
    pick_parcel,
    rights_to_end,
    unknown_owner,
)
from parcels.register.transfers import (
    COLUMNS,
    TransferRow,
    decode,
    parse_transfer_csv,
    row_reason,
)
from taxmap.core.errors import InvalidInput

TODAY = date(2026, 11, 24)
A, B, C = "1103702174629", "3100501234563", "0105556012341"  # C: a juristic person
HEADER = ",".join(COLUMNS)
GOOD = {
    "document_type": "",
    "document_no": "",
    "land_no": "11",
    "sheet": "5540 III 3432",
    "old_owner_ids": A,
    "old_owner_names": "นายสมชาย ใจดี",
    "new_owner_ids": f"{B};{C}",
    "new_owner_names": "นางมณี ศรีบัวลาย;บริษัท บัวลายค้าข้าว จำกัด",
    "new_shares": "1/2;1/2",
    "transfer_date": "15/1/2569",
    "transaction": "ขาย",
}


def line(**changes: str) -> str:
    """Return a CSV line of the good row with some cells changed."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([{**GOOD, **changes}[c] for c in COLUMNS])
    return buffer.getvalue().removesuffix("\n")


def parse(*lines: str, header: str = HEADER) -> list[TransferRow]:
    return parse_transfer_csv("\n".join([header, *lines]) + "\n", "june.csv", TODAY)


def problems(row: TransferRow) -> list[tuple[str, str, str]]:
    return [(p.field, p.message_en, p.message_th) for p in row.problems]


def test_a_good_row_is_read_with_thai_dates_sheets_ids_names_and_shares() -> None:
    text = decode(("\ufeff" + HEADER + "\r\n" + line() + "\r\n").encode(), "june.csv")
    [row] = parse_transfer_csv(text, "june.csv", TODAY)
    assert row.problems == ()
    assert (row.line_no, row.raw) == (2, line())
    assert row.document_type is None
    assert row.sheet is not None and row.sheet.name == "5540 III 3432"
    assert (row.old_ids, row.new_ids) == ((A,), (B, C))
    assert row.new_names == ("นางมณี ศรีบัวลาย", "บริษัท บัวลายค้าข้าว จำกัด")
    assert row.shares == (Fraction(1, 2), Fraction(1, 2))
    assert row.transfer_date == date(2026, 1, 15)
    assert (row.text("land_no"), row.text("document_no")) == ("11", None)


def test_iso_dates_thai_digits_sheet_ids_and_default_equal_shares() -> None:
    [row] = parse(
        line(
            document_type="1",
            document_no="๔๕๑๒๓",
            sheet="554033432",
            new_owner_ids=f"{B}; {C};1-1037-02174-62-9",
            new_owner_names="ก;ข;ค",
            new_shares="",
            transfer_date="2026-03-01",
            old_owner_ids=f"{B}",
        )
    )
    assert row.problems == ()
    assert (row.document_type, row.text("document_no")) == (1, "45123")
    assert row.sheet is not None and row.sheet.name == "5540 III 3432"
    assert row.new_ids == (B, C, A)
    assert row.shares == (Fraction(1, 3),) * 3
    assert row.transfer_date == date(2026, 3, 1)


def test_blank_lines_are_skipped_and_line_numbers_follow_the_file() -> None:
    quoted = line(old_owner_names="นายสมชาย\nใจดี")  # csv quotes a value holding a newline
    rows = parse("", line(land_no="1"), ",,,,,,,,,,", quoted, line(land_no="3"))
    assert [r.line_no for r in rows] == [3, 5, 7]
    assert rows[1].raw.count("\n") == 1
    assert rows[1].cells["old_owner_names"] == "นายสมชาย\nใจดี"


def test_the_optional_columns_may_be_left_out_of_the_header() -> None:
    header = ",".join(c for c in COLUMNS if c not in ("document_type", "new_shares"))
    cells = [GOOD[c] for c in COLUMNS if c not in ("document_type", "new_shares")]
    [row] = parse(",".join(cells), header=header)
    assert (row.problems, row.shares) == ((), (Fraction(1, 2), Fraction(1, 2)))


def test_columns_may_come_in_any_order_and_other_columns_are_ignored() -> None:
    header = ",".join(["note", *reversed(COLUMNS)])
    [row] = parse(",".join(["ตรวจแล้ว", *reversed(line().split(","))]), header=header)
    assert (row.problems, row.new_ids, row.text("land_no")) == ((), (B, C), "11")


def test_a_header_without_required_columns_refuses_the_file() -> None:
    with pytest.raises(InvalidInput) as info:
        parse(line(), header="document_no,sheet,land,old_owner_ids")
    assert info.value.field == "file"
    columns = ", ".join(COLUMNS)
    assert info.value.message_en == (
        "june.csv: the header lacks land_no, old_owner_names, new_owner_ids, new_owner_names, "
        "transfer_date, transaction; the first line must name the columns "
        f"{columns} (document_type and new_shares may be left out)."
    )
    assert info.value.message_th == (
        "june.csv: หัวตารางไม่มีคอลัมน์ land_no, old_owner_names, new_owner_ids, "
        "new_owner_names, transfer_date, transaction บรรทัดแรกต้องเป็นชื่อคอลัมน์ "
        f"{columns} (ไม่ใส่ document_type และ new_shares ก็ได้)"
    )


def test_an_empty_file_lacks_every_required_column() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_transfer_csv("", "june.csv", TODAY)
    assert info.value.message_en.startswith("june.csv: the header lacks document_no, land_no,")


def test_a_file_not_in_utf8_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        decode(HEADER.encode() + "\nขาย".encode("tis-620"), "june.csv")
    assert (info.value.field, info.value.message_en, info.value.message_th) == (
        "file",
        "june.csv: not UTF-8 text (byte 137); save the file as CSV UTF-8.",
        "june.csv: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ 137) โปรดบันทึกไฟล์เป็น CSV UTF-8",
    )


def test_a_row_with_too_few_values_says_to_check_the_commas() -> None:
    [row] = parse("1,2,3")
    assert row.cells["document_no"] == "2"
    assert problems(row) == [
        (
            "line",
            "line 2: 3 values, but the header has 11 columns; check for a missing or extra "
            "comma, and quote values that contain commas",
            "บรรทัด 2: มี 3 ค่า แต่หัวตารางมี 11 คอลัมน์ โปรดตรวจเครื่องหมายจุลภาคที่ขาดหรือเกิน "
            "และใส่เครื่องหมายคำพูดครอบค่าที่มีจุลภาค",
        )
    ]


@pytest.mark.parametrize(
    ("column", "en", "th"),
    [
        (
            "old_owner_ids",
            "old_owner_ids: empty; write the 13-digit IDs of the owners before the transfer, "
            "separated by ';'",
            "old_owner_ids: ว่าง โปรดระบุเลขประจำตัว 13 หลักของเจ้าของก่อนโอน คั่นด้วย ';'",
        ),
        (
            "new_owner_ids",
            "new_owner_ids: empty; write the 13-digit IDs of the new owners, separated by ';'",
            "new_owner_ids: ว่าง โปรดระบุเลขประจำตัว 13 หลักของเจ้าของใหม่ คั่นด้วย ';'",
        ),
        (
            "new_owner_names",
            "new_owner_names: empty; write the new owners' names in the order of new_owner_ids, "
            "separated by ';'",
            "new_owner_names: ว่าง โปรดระบุชื่อเจ้าของใหม่ตามลำดับของ new_owner_ids คั่นด้วย ';'",
        ),
        (
            "transfer_date",
            "transfer_date: empty; write the date of the transfer, e.g. 15/1/2569",
            "transfer_date: ว่าง โปรดระบุวันที่โอน เช่น 15/1/2569",
        ),
        (
            "transaction",
            "transaction: empty; write the kind of transaction, e.g. ขาย, มรดก, ให้",
            "transaction: ว่าง โปรดระบุประเภทการทำธุรกรรม เช่น ขาย มรดก ให้",
        ),
    ],
)
def test_an_empty_required_column_says_what_to_write(column: str, en: str, th: str) -> None:
    [row] = parse(line(**{column: " "}))
    assert problems(row) == [(column, en, th)]


CASES = {
    "document_type": (
        {"document_type": "14"},
        "document_type: '14' is not an LTAX document type; write a number 1-13 "
        "(1 = โฉนดที่ดิน, title deed) or leave it empty",
        "document_type: '14' ไม่ใช่รหัสประเภทเอกสารสิทธิ์ของ LTAX โปรดใส่ตัวเลข 1-13 "
        "(1 = โฉนดที่ดิน) หรือเว้นว่าง",
    ),
    "no_parcel_key": (
        {"land_no": "", "document_no": ""},
        "land_no, document_no: both are empty; give the land number with its sheet, "
        "or the document number",
        "land_no, document_no: ว่างทั้งคู่ โปรดระบุเลขที่ดินพร้อมระวาง หรือเลขที่เอกสารสิทธิ์",
    ),
    "long_document_no": (
        {"document_no": "1" * 33},
        f"document_no: '{'1' * 33}' is longer than 32 characters; write only the document number",
        f"document_no: '{'1' * 33}' ยาวเกิน 32 ตัวอักษร โปรดใส่เฉพาะเลขที่เอกสารสิทธิ์",
    ),
    "long_land_no": (
        {"land_no": "11 (see the deed)"},
        "land_no: '11 (see the deed)' is longer than 16 characters; write only the land number",
        "land_no: '11 (see the deed)' ยาวเกิน 16 ตัวอักษร โปรดใส่เฉพาะเลขที่ดิน",
    ),
    "no_sheet": (
        {"sheet": ""},
        "sheet: empty, but land_no 11 needs its sheet (a land number is unique only within its "
        "sheet); write the sheet, e.g. 5540 III 3432, or give document_no",
        "sheet: ว่าง แต่เลขที่ดิน 11 ต้องระบุระวาง (เลขที่ดินไม่ซ้ำกันเฉพาะภายในระวาง) "
        "โปรดระบุระวาง เช่น 5540 III 3432 หรือระบุ document_no",
    ),
    "bad_sheet": (
        {"sheet": "55X0"},
        "sheet: '55X0': not a sheet name; write a sheet as 5540, 5540 III, 5540 III 3432 "
        "or 554033432",
        "sheet: '55X0': อ่านชื่อระวางไม่ได้ ให้เขียนระวางแบบ 5540, 5540 III, 5540 III 3432 หรือ 554033432",
    ),
    "partial_sheet": (
        {"sheet": "5540 III"},
        "sheet: '5540 III' names no 1:4000 sheet; write the full name, e.g. 5540 III 3432",
        "sheet: '5540 III' ไม่ได้ระบุระวาง 1:4000 โปรดเขียนชื่อระวางเต็ม เช่น 5540 III 3432",
    ),
    "checksum": (
        {"new_owner_ids": f"{B};1103702174620"},
        "new_owner_ids: '1103702174620' fails the checksum: the last digit should be 9, not 0; "
        "check for a mistyped digit",
        "new_owner_ids: '1103702174620' หลักตรวจสอบไม่ถูกต้อง: หลักสุดท้ายควรเป็น 9 ไม่ใช่ 0 "
        "โปรดตรวจสอบว่าพิมพ์ตัวเลขผิดหรือไม่",
    ),
    "id_length": (
        {"old_owner_ids": "12345"},
        "old_owner_ids: '12345' has 5 digits; a national ID has 13",
        "old_owner_ids: '12345' มี 5 หลัก แต่เลขประจำตัวประชาชนต้องมี 13 หลัก",
    ),
    "id_twice": (
        {"new_owner_ids": f"{B};{B}"},
        f"new_owner_ids: {B} is listed twice; list each owner once",
        f"new_owner_ids: {B} ซ้ำกัน โปรดระบุเจ้าของแต่ละรายเพียงครั้งเดียว",
    ),
    "new_names": (
        {"new_owner_names": "นางมณี ศรีบัวลาย;"},
        "new_owner_names: 1 names for 2 IDs in new_owner_ids; give one name per ID, in the "
        "same order, separated by ';'",
        "new_owner_names: มี 1 ชื่อ แต่ new_owner_ids มี 2 ราย โปรดระบุชื่อหนึ่งชื่อต่อเลขประจำตัว"
        "หนึ่งเลข ตามลำดับเดียวกัน คั่นด้วย ';'",
    ),
    "old_names": (
        {"old_owner_names": "ก;ข"},
        "old_owner_names: 2 names for 1 IDs in old_owner_ids; give one name per ID, in the "
        "same order, separated by ';'",
        "old_owner_names: มี 2 ชื่อ แต่ old_owner_ids มี 1 ราย โปรดระบุชื่อหนึ่งชื่อต่อเลขประจำตัว"
        "หนึ่งเลข ตามลำดับเดียวกัน คั่นด้วย ';'",
    ),
    "share_text": (
        {"new_shares": "1/2;half"},
        "new_shares: 'half' is not a share; write a fraction such as 1/2 for each new owner",
        "new_shares: 'half' ไม่ใช่สัดส่วน โปรดเขียนเป็นเศษส่วน เช่น 1/2 สำหรับเจ้าของใหม่แต่ละราย",
    ),
    "share_count": (
        {"new_shares": "1/3;1/3;1/3"},
        "new_shares: 3 shares for 2 IDs in new_owner_ids; give one share per new owner, in the "
        "same order",
        "new_shares: มี 3 สัดส่วน แต่ new_owner_ids มี 2 ราย โปรดระบุสัดส่วนหนึ่งค่าต่อเจ้าของใหม่"
        "หนึ่งราย ตามลำดับเดียวกัน",
    ),
    "share_sum": (
        {"new_shares": "1/2;1/3"},
        "new_shares: The owners' shares of this row add up to 5/6, not 1: correct the shares.",
        "new_shares: สัดส่วนของเจ้าของรายการนี้ รวมกันได้ 5/6 ไม่ใช่ 1 โปรดแก้ไขสัดส่วน",
    ),
    "share_above_one": (
        {"new_shares": "3/2;1/2"},
        "new_shares: The share 3/2 in this row is not a fraction above 0 and at most 1: "
        "correct the share.",
        "new_shares: สัดส่วน 3/2 ในรายการนี้ ต้องมากกว่า 0 และไม่เกิน 1 โปรดแก้ไขสัดส่วน",
    ),
    "date_text": (
        {"transfer_date": "yesterday"},
        "transfer_date: 'yesterday': not a recognised date; write a date as 23/11/2569, "
        "2569-11-23 or 23 พฤศจิกายน 2569 (B.E.)",
        "transfer_date: 'yesterday' ไม่ใช่วันที่ที่ถูกต้อง ให้เขียนแบบ 23/11/2569, 2569-11-23 "
        "หรือ 23 พฤศจิกายน 2569",
    ),
    "date_future": (
        {"transfer_date": "1/12/2569"},
        "transfer_date: 2026-12-01 is in the future (today is 2026-11-24); a change of owners "
        "cannot take effect after today: check the date",
        "transfer_date: วันที่ 1 ธันวาคม 2569 ยังมาไม่ถึง (วันนี้ 24 พฤศจิกายน 2569) "
        "การเปลี่ยนเจ้าของมีผลหลังวันนี้ไม่ได้ โปรดตรวจสอบวันที่",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_names_its_column_and_what_to_do(case: str) -> None:
    changes, en, th = CASES[case]
    [row] = parse(line(**changes))
    assert [(p.message_en, p.message_th) for p in row.problems] == [(en, th)]
    assert en.startswith(f"{row.problems[0].field}: ") or en.startswith("land_no, document_no")


def test_a_row_with_several_problems_reports_all_of_them() -> None:
    [row] = parse(line(transaction="", new_shares="1/2;1/3"))
    en, th = row_reason(row.problems)
    assert en == (
        "transaction: empty; write the kind of transaction, e.g. ขาย, มรดก, ให้ | "
        "new_shares: The owners' shares of this row add up to 5/6, not 1: correct the shares."
    )
    assert th == (
        "transaction: ว่าง โปรดระบุประเภทการทำธุรกรรม เช่น ขาย มรดก ให้ | "
        "new_shares: สัดส่วนของเจ้าของรายการนี้ รวมกันได้ 5/6 ไม่ใช่ 1 โปรดแก้ไขสัดส่วน"
    )


def test_a_document_number_alone_needs_no_sheet() -> None:
    [row] = parse(line(document_type="1", document_no="45123", land_no="", sheet=""))
    assert (row.problems, row.sheet) == ((), None)


# ---- the rules of a change of owners ----------------------------------------------------------


def _row(**changes: str) -> TransferRow:
    [row] = parse(line(**changes))
    return row


def test_pick_parcel_takes_the_one_match_or_the_one_both_keys_name() -> None:
    one = Candidate(1, "01A001", "1001", True, False)
    other = Candidate(2, "01A002", "1001", False, True)
    both = Candidate(3, "01A003", "1001", True, True)
    row = _row(document_no="1001")
    assert pick_parcel(row, [one]) == one
    assert pick_parcel(row, [both, other]) == both


def test_no_parcel_names_the_keys_that_were_looked_up() -> None:
    with pytest.raises(InvalidInput) as info:
        pick_parcel(_row(land_no="77", document_type="1", document_no="99999"), [])
    assert (info.value.field, info.value.message_en, info.value.message_th) == (
        "sheet",
        "sheet, land_no, document_type, document_no: no active parcel of this LAO has land "
        "number 77 on sheet 5540 III 3432 or document no. 99999 of type 1; check the numbers "
        "with the Land Office, or add the parcel to the tax map first",
        "sheet, land_no, document_type, document_no: ไม่พบแปลงที่ดินของ อปท. นี้ที่มีเลขที่ดิน 77 "
        "ระวาง 5540 III 3432 หรือ เอกสารสิทธิ์เลขที่ 99999 ประเภท 1 "
        "โปรดตรวจสอบเลขกับสำนักงานที่ดิน หรือเพิ่มแปลงในแผนที่ภาษีก่อน",
    )


def test_several_parcels_are_listed() -> None:
    found = [Candidate(2, "01A002", "5", False, True), Candidate(1, "01A001", "5", False, True)]
    with pytest.raises(InvalidInput) as info:
        pick_parcel(_row(land_no="", sheet="", document_no="5"), found)
    assert (info.value.field, info.value.message_en, info.value.message_th) == (
        "document_no",
        "document_no: 2 active parcels match document no. 5 (01A001, 01A002); check which "
        "parcel is meant, then correct the row or the register",
        "document_no: มีแปลงที่ดิน 2 แปลงตรงกับเอกสารสิทธิ์เลขที่ 5 (01A001, 01A002) "
        "โปรดตรวจสอบว่าหมายถึงแปลงใด แล้วแก้ไขรายการหรือทะเบียน",
    )


def _holding(right_id: int, ident: str | None, start: date, end: date | None = None) -> Holding:
    name = {A: "นายสมชาย ใจดี", B: "นางมณี ศรีบัวลาย"}.get(ident or "", "นายเก่า ไม่มีเลข")
    return Holding(right_id, right_id, right_id, name, ident, "owner", Fraction(1), start, end)


def test_rights_to_end_are_the_current_owners_on_the_day_before() -> None:
    past = _holding(1, B, date(2020, 1, 1), date(2024, 5, 1))
    now = _holding(2, A, date(2024, 5, 1))
    assert rights_to_end("transfer_date", "01A001", [past, now], date(2026, 1, 15), [A]) == [now]
    assert rights_to_end("effective", "01A001", [past, now], date(2026, 1, 15)) == [now]


def test_old_owners_that_differ_are_listed_from_the_file_and_the_register() -> None:
    holdings = [_holding(2, A, date(2024, 5, 1)), _holding(3, None, date(2024, 5, 1))]
    with pytest.raises(InvalidInput) as info:
        rights_to_end("transfer_date", "01A004", holdings, date(2026, 1, 15), [B])
    assert (info.value.field, info.value.message_en, info.value.message_th) == (
        "old_owner_ids",
        f"old_owner_ids: the file names {B} as the owners before the transfer, but on "
        f"2026-01-14 the register of parcel 01A004 has {A} (นายสมชาย ใจดี, owner no. 2), no ID "
        "(นายเก่า ไม่มีเลข, owner no. 3); check the row with the Land Office, or record the "
        "earlier transfer first",
        f"old_owner_ids: ไฟล์ระบุเจ้าของก่อนโอนเป็น {B} แต่ทะเบียนแปลง 01A004 ณ วันที่ 14 มกราคม "
        f"2569 บันทึกเจ้าของเป็น {A} (นายสมชาย ใจดี, ผ.ท.4 เลขที่ 2), ไม่มีเลขประจำตัว "
        "(นายเก่า ไม่มีเลข, ผ.ท.4 เลขที่ 3) โปรดตรวจสอบกับสำนักงานที่ดิน หรือบันทึกการโอนครั้งก่อนก่อน",
    )


def test_a_parcel_without_owners_on_record_says_so() -> None:
    with pytest.raises(InvalidInput) as info:
        rights_to_end("transfer_date", "01A009", [], date(2026, 1, 15), [A])
    assert info.value.message_en == (
        f"old_owner_ids: the file names {A} as the owners before the transfer, but on "
        "2026-01-14 the register of parcel 01A009 has no owner; check the row with the Land "
        "Office, or record the earlier transfer first"
    )
    assert info.value.message_th == (
        f"old_owner_ids: ไฟล์ระบุเจ้าของก่อนโอนเป็น {A} แต่ทะเบียนแปลง 01A009 ณ วันที่ 14 มกราคม "
        "2569 บันทึกเจ้าของเป็น (ไม่มี) โปรดตรวจสอบกับสำนักงานที่ดิน หรือบันทึกการโอนครั้งก่อนก่อน"
    )


def test_history_after_the_date_is_never_rewritten() -> None:
    holdings = [
        _holding(1, A, date(2020, 1, 1), date(2026, 5, 1)),
        _holding(2, B, date(2026, 5, 1)),
    ]
    with pytest.raises(InvalidInput) as info:
        rights_to_end("effective", "01A005", holdings, date(2026, 3, 1))
    assert (info.value.field, info.value.message_en, info.value.message_th) == (
        "effective",
        "effective: the register already records a change of owners of parcel 01A005 on "
        "2026-05-01, on or after 2026-03-01; history is not rewritten: check the date, or "
        "enter the change by hand after review",
        "effective: ทะเบียนบันทึกการเปลี่ยนเจ้าของแปลง 01A005 เมื่อ 1 พฤษภาคม 2569 ซึ่งตรงหรือหลัง"
        "วันที่ 1 มีนาคม 2569 แล้ว จะไม่แก้ไขประวัติย้อนหลัง โปรดตรวจสอบวันที่ "
        "หรือบันทึกด้วยตนเองหลังพิจารณา",
    )


def test_an_unknown_owner_is_named_by_id_or_number() -> None:
    by_id, by_number = unknown_owner("owners", A), unknown_owner("owners", 99)
    assert (by_id.message_en, by_id.message_th) == (
        f"owners: no owner of this LAO has national ID {A}; register the owner first",
        f"owners: ไม่พบเจ้าของทรัพย์สินของ อปท. นี้ที่มีเลขประจำตัว {A} โปรดลงทะเบียนเจ้าของก่อน",
    )
    assert (by_number.message_en, by_number.message_th) == (
        "owners: no owner of this LAO has owner number 99; register the owner first",
        "owners: ไม่พบเจ้าของทรัพย์สินของ อปท. นี้ที่มีผ.ท.4 เลขที่ 99 โปรดลงทะเบียนเจ้าของก่อน",
    )
