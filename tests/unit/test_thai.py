"""Buddhist-Era dates, Thai digits, fiscal years and baht in words (conventions §10)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taxmap.core.errors import InvalidInput
from taxmap.core.thai import (
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    arabic_digits,
    baht_text,
    fiscal_year,
    fiscal_year_be,
    fiscal_year_range,
    format_date_en_be,
    format_thai_date,
    normalize_year,
    parse_thai_date,
    thai_digits,
    to_buddhist_year,
    to_common_year,
)

# Dates whose B.E. year is at least 2400, so a four-digit year reads back unambiguously.
register_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31))


def test_years_convert_between_eras() -> None:
    assert to_buddhist_year(2026) == 2569
    assert to_common_year(2569) == 2026
    assert normalize_year(2569) == 2026
    assert normalize_year(2026) == 2026
    assert normalize_year(2400) == 1857
    assert normalize_year(2399) == 2399
    with pytest.raises(InvalidInput):
        normalize_year(0)


def test_digits_convert_both_ways() -> None:
    assert thai_digits("23/11/2569") == "๒๓/๑๑/๒๕๖๙"
    assert arabic_digits("๐๑๒๓๔๕๖๗๘๙ บาท") == "0123456789 บาท"


@given(st.text())
def test_thai_digits_round_trip_on_text_without_thai_digits(text: str) -> None:
    plain = arabic_digits(text)
    assert arabic_digits(thai_digits(plain)) == plain


def test_month_names() -> None:
    assert THAI_MONTHS[0] == "มกราคม" and THAI_MONTHS[11] == "ธันวาคม"
    assert THAI_MONTHS_SHORT[0] == "ม.ค." and THAI_MONTHS_SHORT[11] == "ธ.ค."
    assert len(THAI_MONTHS) == len(THAI_MONTHS_SHORT) == 12


def test_format_thai_date_variants() -> None:
    d = date(2026, 11, 23)
    assert format_thai_date(d) == "23 พฤศจิกายน 2569"
    assert format_thai_date(d, short=True) == "23 พ.ย. 2569"
    assert format_thai_date(d, thai_numerals=True) == "๒๓ พฤศจิกายน ๒๕๖๙"
    assert format_thai_date(date(2026, 1, 5), short=True, thai_numerals=True) == "๕ ม.ค. ๒๕๖๙"
    assert format_date_en_be(d) == "23 November 2569 B.E."


@pytest.mark.parametrize(
    "text",
    [
        "23/11/2569",
        "23/11/69",
        "23-11-2569",
        "23.11.2569",
        "2569-11-23",
        "2026-11-23",
        "23/11/2026",
        "23 พฤศจิกายน 2569",
        "23 พ.ย. 2569",
        "23 พ.ย. 69",
        "23 พย 69",
        "วันที่ 23 พฤศจิกายน พ.ศ. 2569",
        "๒๓ พฤศจิกายน ๒๕๖๙",
        "23 November 2569 B.E.",
        "23 Nov 2026",
        "23 November 2026 A.D.",
        "  23   พ.ย.   2569 ",
    ],
)
def test_parse_accepts_common_written_forms(text: str) -> None:
    assert parse_thai_date(text) == date(2026, 11, 23)


def test_two_digit_years_are_buddhist_era_25xx() -> None:
    assert parse_thai_date("1/1/00") == date(1957, 1, 1)
    assert parse_thai_date("1 ม.ค. 43") == date(2000, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "31/02/2569",
        "23/13/2569",
        "23 Foo 2569",
        "2569/11/23",
        "23 พ.ย.",
        "23 พ.ย. 2569 x",
    ],
)
def test_parse_rejects_anything_else_with_the_expected_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_thai_date(text)
    assert caught.value.field == "date"
    assert "23/11/2569" in caught.value.message_en
    assert "23 พฤศจิกายน 2569" in caught.value.message_th


@given(register_dates, st.booleans(), st.booleans())
def test_formatted_dates_parse_back(d: date, short: bool, thai_numerals: bool) -> None:
    assert parse_thai_date(format_thai_date(d, short=short, thai_numerals=thai_numerals)) == d
    assert parse_thai_date(format_date_en_be(d)) == d


def test_fiscal_year_runs_october_to_september_named_by_its_later_year() -> None:
    assert fiscal_year(date(2025, 10, 1)) == 2026
    assert fiscal_year(date(2025, 9, 30)) == 2025
    assert fiscal_year(date(2026, 9, 30)) == 2026
    assert fiscal_year_be(date(2025, 10, 1)) == 2569
    assert fiscal_year_range(2026) == (date(2025, 10, 1), date(2026, 9, 30))


def test_fiscal_year_range_refuses_a_buddhist_year() -> None:
    with pytest.raises(InvalidInput) as caught:
        fiscal_year_range(2569)
    assert "subtract 543" in caught.value.message_en


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2300, 12, 31)))
def test_every_date_lies_in_its_fiscal_year(d: date) -> None:
    first, last = fiscal_year_range(fiscal_year(d))
    assert first <= d <= last
    assert (last - first).days in (364, 365)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (Decimal("1312.40"), "หนึ่งพันสามร้อยสิบสองบาทสี่สิบสตางค์"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (1_000_001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (11_000_000, "สิบเอ็ดล้านบาทถ้วน"),
        (1_000_000_000_000, "หนึ่งล้านล้านบาทถ้วน"),
        (121, "หนึ่งร้อยยี่สิบเอ็ดบาทถ้วน"),
        (0, "ศูนย์บาทถ้วน"),
        ("0.50", "ห้าสิบสตางค์"),
        ("0.01", "หนึ่งสตางค์"),
        ("0.11", "สิบเอ็ดสตางค์"),
        ("0.21", "ยี่สิบเอ็ดสตางค์"),
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        (20, "ยี่สิบบาทถ้วน"),
        (100, "หนึ่งร้อยบาทถ้วน"),
        (1_000_000, "หนึ่งล้านบาทถ้วน"),
        (10_000_001, "สิบล้านเอ็ดบาทถ้วน"),
        (2_000_021, "สองล้านยี่สิบเอ็ดบาทถ้วน"),
        (21_000_000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        (101_000_000, "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
        (1_000_001_000_000, "หนึ่งล้านเอ็ดล้านบาทถ้วน"),
        (250_000, "สองแสนห้าหมื่นบาทถ้วน"),
        ("999999.99", "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทเก้าสิบเก้าสตางค์"),
        ("1,312.40", "หนึ่งพันสามร้อยสิบสองบาทสี่สิบสตางค์"),
    ],
)
def test_baht_text_exact_words(amount: Decimal | str | int, words: str) -> None:
    assert baht_text(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (Decimal("1312.405"), "หนึ่งพันสามร้อยสิบสองบาทสี่สิบเอ็ดสตางค์"),
        (Decimal("0.005"), "หนึ่งสตางค์"),
        (Decimal("0.004"), "ศูนย์บาทถ้วน"),
        (Decimal("0.995"), "หนึ่งบาทถ้วน"),
    ],
)
def test_baht_text_rounds_half_up_to_satang_first(amount: Decimal, words: str) -> None:
    assert baht_text(amount) == words


@pytest.mark.parametrize("amount", [-1, Decimal("-0.01"), "abc", "NaN", Decimal("Infinity"), 1.5])
def test_baht_text_rejects_negative_non_numbers_and_floats(amount: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        baht_text(amount)  # type: ignore[arg-type]
    assert caught.value.field == "amount"


@given(st.integers(min_value=1, max_value=10**15))
def test_baht_text_of_whole_amounts_follows_the_spelling_rules(amount: int) -> None:
    words = baht_text(amount)
    assert words.endswith("บาทถ้วน")
    assert "หนึ่งสิบ" not in words and "สองสิบ" not in words
    assert not words.startswith("เอ็ด")
    if amount % 10 == 1:
        assert words.endswith("เอ็ดบาทถ้วน" if amount > 1 else "หนึ่งบาทถ้วน")


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_satang_are_written_after_baht(baht: int, satang: int) -> None:
    words = baht_text(Decimal(baht) + Decimal(satang) / 100)
    assert words.endswith("สตางค์") and "ถ้วน" not in words
    assert ("บาท" in words) == (baht > 0)
