"""Register validations: each rule's pass and fail cases with its exact English and Thai text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parcels.register.rules import (
    LTAX_CODES,
    category_for_ltax_code,
    check_building_use,
    check_house_registration,
    check_land_use,
    check_party,
    check_shares,
    check_sign_size,
    check_year_completed,
    ltax_code_for_category,
)
from taxmap.core.errors import InvalidInput

VALID_ID = "1103702174629"
TODAY = date(2025, 6, 1)


def fails(call: object, *args: object, **kw: object) -> InvalidInput:
    """Return the InvalidInput a call raises."""
    with pytest.raises(InvalidInput) as info:
        call(*args, **kw)  # type: ignore[operator]
    return info.value


def test_party_valid_ids_pass_and_are_normalised() -> None:
    assert check_party("individual", "1-1037-02174-62-9") == VALID_ID
    assert check_party("juristic", None, "0105536092641") is None
    assert check_party("religious") is None


def test_party_checksum_failure_names_the_field() -> None:
    err = fails(check_party, "individual", "1103702174628")
    assert err.field == "national_id"
    assert err.message_en == (
        "National ID '1103702174628' fails the checksum: the last digit should be 9, not 8; "
        "check for a mistyped digit"
    )
    assert err.message_th.startswith("เลขประจำตัวประชาชน '1103702174628' หลักตรวจสอบไม่ถูกต้อง")
    err = fails(check_party, "juristic", None, "0105536092640")
    assert err.field == "juristic_id" and err.message_en.startswith("Juristic person ID '")
    assert err.message_th.startswith("เลขทะเบียนนิติบุคคล '0105536092640'")


def test_party_kind_and_id_kind_mismatches() -> None:
    err = fails(check_party, "company")
    assert err.field == "kind"
    assert err.message_en == (
        "'company' is not a kind of owner; use one of individual, juristic, state, religious, other"
    )
    assert err.message_th == (
        "'company' ไม่ใช่ประเภทเจ้าของทรัพย์สิน ให้ใช้ individual, juristic, state, religious, other"
    )
    err = fails(check_party, "individual", VALID_ID, "0105536092641")
    assert err.field == "juristic_id"
    assert err.message_en == (
        "An individual has no juristic person ID: clear it or change the kind of owner."
    )
    assert err.message_th == "บุคคลธรรมดาไม่มีเลขทะเบียนนิติบุคคล โปรดลบออกหรือเปลี่ยนประเภทเจ้าของ"
    assert fails(check_party, "state", VALID_ID).field == "national_id"


def test_shares_sum_to_one() -> None:
    assert check_shares("parcel 01A001", [(1, 2), (1, 4), (1, 4)]) == 1
    err = fails(check_shares, "parcel 01A001", [(1, 2), (1, 3)], "แปลง 01A001")
    assert err.field == "shares"
    assert err.message_en == (
        "The owners' shares of parcel 01A001 add up to 5/6, not 1: correct the shares."
    )
    assert err.message_th == "สัดส่วนของเจ้าของแปลง 01A001 รวมกันได้ 5/6 ไม่ใช่ 1 โปรดแก้ไขสัดส่วน"


def test_shares_each_a_proper_fraction_and_at_least_one_owner() -> None:
    err = fails(check_shares, "parcel 01A001", [(3, 2)])
    assert err.message_en == (
        "The share 3/2 in parcel 01A001 is not a fraction above 0 and at most 1: correct the share."
    )
    assert fails(check_shares, "parcel 01A001", [(0, 1), (1, 1)]).field == "shares"
    err = fails(check_shares, "parcel 01A001", [])
    assert err.message_en == "parcel 01A001 has no owner: add at least one owner with a share."


def test_land_use_within_tolerance() -> None:
    check_land_use("01A001", Decimal("400.00"), [Decimal("150.25"), Decimal("249.75")])
    check_land_use("01A001", Decimal("400.00"), [Decimal("399.00")])
    err = fails(check_land_use, "01A001", Decimal("400.00"), [Decimal("398.50")])
    assert err.field == "land_use_pieces"
    assert err.message_en == (
        "The use pieces of parcel 01A001 add up to 398.50 sq wah, but the parcel's area is "
        "400.00 sq wah (tolerance 1 sq wah): correct the pieces."
    )
    assert err.message_th == (
        "การใช้ประโยชน์ของแปลง 01A001 รวมได้ 398.50 ตร.ว. แต่เนื้อที่ของแปลงคือ 400.00 ตร.ว. "
        "(คลาดเคลื่อนได้ไม่เกิน 1 ตร.ว.) โปรดแก้ไข"
    )
    assert fails(check_land_use, "01A001", Decimal(10), [Decimal(11), Decimal(-1)]).field == (
        "land_use_pieces"
    )
    assert "has no use pieces" in fails(check_land_use, "01A001", Decimal(10), []).message_en


def test_building_use_sums_to_floor_area() -> None:
    check_building_use("01A001-B1", Decimal("168.00"), [Decimal("56.00"), Decimal("112.00")])
    err = fails(check_building_use, "01A001-B1", Decimal("168.00"), [Decimal("56.00")])
    assert err.field == "building_use_pieces"
    assert err.message_en == (
        "The use pieces of building 01A001-B1 add up to 56.00 m², but its floor area is "
        "168.00 m² (tolerance 0.5 m²): correct the pieces."
    )
    assert err.message_th.startswith("การใช้ประโยชน์ของสิ่งปลูกสร้าง 01A001-B1 รวมได้ 56.00 ตร.ม.")


@pytest.mark.parametrize(("year", "ce"), [(2568, 2025), (2025, 2025), (2510, 1967), (1980, 1980)])
def test_year_completed_in_the_past_passes(year: int, ce: int) -> None:
    assert check_year_completed(year, TODAY) == ce


def test_year_completed_in_the_future_fails() -> None:
    err = fails(check_year_completed, 2569, TODAY)
    assert err.field == "year_completed"
    assert err.message_en == (
        "The year completed 2569 (C.E. 2026) is in the future: a building cannot be finished "
        "after today; correct the year."
    )
    assert err.message_th == "ปีที่สร้างเสร็จ 2569 (พ.ศ. 2569) ยังมาไม่ถึง โปรดแก้ไขปี"
    assert fails(check_year_completed, 0, TODAY).field == "year_completed"


def test_sign_size_positive() -> None:
    check_sign_size(Decimal("120"), Decimal("60"), 2)
    err = fails(check_sign_size, Decimal("0"), Decimal("60"), 1)
    assert err.field == "width_cm"
    assert err.message_en == "The sign's width must be more than 0 cm, not 0: measure it again."
    assert err.message_th == "ความกว้างของป้ายต้องมากกว่า 0 ซม. ไม่ใช่ 0 โปรดวัดใหม่"
    assert fails(check_sign_size, Decimal("10"), Decimal("-5"), 1).field == "height_cm"
    err = fails(check_sign_size, Decimal("10"), Decimal("5"), 0)
    assert err.field == "faces"
    assert err.message_en == "A sign has at least 1 face, not 0: correct the number of faces."


def test_house_registration_only_for_individuals() -> None:
    check_house_registration("individual", True)
    check_house_registration("juristic", False)
    err = fails(check_house_registration, "juristic", True)
    assert err.field == "in_house_registration"
    assert err.message_en == (
        "Only an individual can be named in a house registration, not a party of kind "
        "'juristic': clear the flag."
    )
    assert err.message_th == "เฉพาะบุคคลธรรมดาเท่านั้นที่มีชื่ออยู่ในทะเบียนบ้านได้ โปรดยกเลิกการระบุ"


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("1", "agri"),
        ("2-1", "res_main"),
        ("2-(2)", "res_bldg"),
        ("2.3", "res_other"),
        ("3", "other"),
        (" 4 ", "vacant"),
        ("๕", "mixed"),
    ],
)
def test_ltax_code_lookup(code: str, category: str) -> None:
    assert category_for_ltax_code(code) == category
    assert LTAX_CODES[ltax_code_for_category(category)] == category


def test_unknown_ltax_code_and_category() -> None:
    err = fails(category_for_ltax_code, "6")
    assert err.field == "ltax_code"
    assert err.message_en == (
        "'6' is not an LTAX survey code; use one of 1, 2-1, 2-2, 2-3, 3, 4, 5"
    )
    assert err.message_th == "'6' ไม่ใช่รหัสการใช้ประโยชน์ของ LTAX ให้ใช้รหัส 1, 2-1, 2-2, 2-3, 3, 4, 5"
    assert fails(ltax_code_for_category, "commercial").field == "category"
