"""Rai-ngan-wah areas (taxmap-conventions.md §6): exact conversions, parsing and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taxmap.core.errors import InvalidInput
from taxmap.core.units import (
    RaiNganWah,
    format_area,
    parse_rai_ngan_wah,
    rai_ngan_wah_from_sq_wah,
    rai_ngan_wah_from_sqm,
    sq_wah_to_sqm,
    sqm_to_sq_wah,
)

valid_areas = st.builds(
    RaiNganWah,
    rai=st.integers(min_value=0, max_value=10**7),
    ngan=st.integers(min_value=0, max_value=3),
    wah=st.decimals(min_value=0, max_value=Decimal("99.99"), places=2),
)


def test_one_rai_is_four_ngan_is_four_hundred_wah_is_1600_sqm() -> None:
    assert RaiNganWah(1, 0, Decimal(0)).square_wah == 400
    assert RaiNganWah(0, 1, Decimal(0)).square_wah == 100
    assert RaiNganWah(1, 0, Decimal(0)).square_metres == 1600
    assert RaiNganWah(0, 1, Decimal(0)).square_metres == 400
    assert RaiNganWah(0, 0, Decimal(1)).square_metres == 4


def test_worked_area_converts_both_ways() -> None:
    area = RaiNganWah(2, 1, Decimal("35.5"))
    assert area.square_wah == Decimal("935.5")
    assert area.square_metres == Decimal("3742.0")
    assert rai_ngan_wah_from_sqm(3742) == area
    assert rai_ngan_wah_from_sq_wah(Decimal("935.5")) == area


@pytest.mark.parametrize(
    ("area", "text"),
    [
        (RaiNganWah(2, 1, Decimal("35.5")), "2-1-35.5"),
        (RaiNganWah(0, 0, Decimal(0)), "0-0-0"),
        (RaiNganWah(1, 2, Decimal("3.25")), "1-2-3.25"),
        (RaiNganWah(1, 0, Decimal("10.00")), "1-0-10"),
        (RaiNganWah(0, 3, Decimal("99.90")), "0-3-99.9"),
        (RaiNganWah(0, 0, Decimal("-0")), "0-0-0"),
    ],
)
def test_str_strips_trailing_zeros_of_wah(area: RaiNganWah, text: str) -> None:
    assert str(area) == text


@pytest.mark.parametrize(
    ("rai", "ngan", "wah"),
    [(-1, 0, "0"), (0, 4, "0"), (0, -1, "0"), (0, 0, "100"), (0, 0, "-0.01"), (0, 0, "1.234")],
)
def test_constructor_rejects_values_no_form_can_hold(rai: int, ngan: int, wah: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        RaiNganWah(rai, ngan, Decimal(wah))
    assert caught.value.field == "area"


def test_square_metre_and_wah_conversions_are_exact() -> None:
    assert sqm_to_sq_wah(3742) == Decimal("935.5")
    assert sqm_to_sq_wah(Decimal("0.04")) == Decimal("0.01")
    assert sqm_to_sq_wah(0.1) == Decimal("0.025")  # via the float's repr, not its binary value
    assert sq_wah_to_sqm(Decimal("935.5")) == Decimal("3742.0")
    assert sq_wah_to_sqm(1) == 4


def test_conversion_rejects_non_finite_numbers() -> None:
    with pytest.raises(InvalidInput):
        sqm_to_sq_wah(float("nan"))
    with pytest.raises(InvalidInput):
        sqm_to_sq_wah(Decimal("Infinity"))


def test_wah_rounds_half_up_to_two_decimals() -> None:
    assert rai_ngan_wah_from_sqm(Decimal("0.02")) == RaiNganWah(0, 0, Decimal("0.01"))
    assert rai_ngan_wah_from_sqm(Decimal("0.018")) == RaiNganWah(0, 0, Decimal(0))
    assert rai_ngan_wah_from_sq_wah(Decimal("12.345")) == RaiNganWah(0, 0, Decimal("12.35"))
    assert rai_ngan_wah_from_sq_wah(Decimal("12.3449")) == RaiNganWah(0, 0, Decimal("12.34"))


def test_rounding_to_100_wah_carries_into_ngan_and_rai() -> None:
    assert rai_ngan_wah_from_sq_wah(Decimal("99.995")) == RaiNganWah(0, 1, Decimal(0))
    assert rai_ngan_wah_from_sq_wah(Decimal("399.999")) == RaiNganWah(1, 0, Decimal(0))
    assert rai_ngan_wah_from_sqm(Decimal("1599.99")) == RaiNganWah(1, 0, Decimal(0))
    assert str(rai_ngan_wah_from_sq_wah(Decimal("799.996"))) == "2-0-0"


def test_negative_areas_are_rejected() -> None:
    with pytest.raises(InvalidInput):
        rai_ngan_wah_from_sqm(-1)
    with pytest.raises(InvalidInput):
        rai_ngan_wah_from_sq_wah(Decimal("-0.01"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-1-35.5", RaiNganWah(2, 1, Decimal("35.5"))),
        ("  2 - 1 - 35.50 ", RaiNganWah(2, 1, Decimal("35.5"))),
        ("๒-๑-๓๕.๕", RaiNganWah(2, 1, Decimal("35.5"))),
        ("2 ไร่ 1 งาน 35.5 ตร.ว.", RaiNganWah(2, 1, Decimal("35.5"))),
        ("๒ ไร่ ๑ งาน ๓๕.๕ ตารางวา", RaiNganWah(2, 1, Decimal("35.5"))),
        ("2ไร่ 35 ตร.วา", RaiNganWah(2, 0, Decimal(35))),
        ("3 งาน", RaiNganWah(0, 3, Decimal(0))),
        ("12 ไร่", RaiNganWah(12, 0, Decimal(0))),
        ("2-1-35.50 ไร่-งาน-ตร.ว.", RaiNganWah(2, 1, Decimal("35.5"))),
        ("0-0-0", RaiNganWah(0, 0, Decimal(0))),
        ("1500-3-99.99", RaiNganWah(1500, 3, Decimal("99.99"))),
    ],
)
def test_parse_accepts_dashed_worded_and_thai_digit_forms(text: str, expected: RaiNganWah) -> None:
    assert parse_rai_ngan_wah(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1-0-0", "negative"),
        ("2-4-0", "ngan must be 0-3"),
        ("2-1-100", "below 100"),
        ("2-1-35.555", "at most 2 decimals"),
        ("2.5-0-0", "whole number"),
        ("2-1.5-0", "whole number"),
        ("1 ไร่ 5 งาน", "ngan must be 0-3"),
        ("2-1", "not a recognised area"),
        ("2-1-35.5-1", "not a recognised area"),
        ("abc", "not a recognised area"),
        ("", "not a recognised area"),
        ("35.5", "not a recognised area"),
    ],
)
def test_parse_rejects_bad_text_and_says_the_expected_form(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_rai_ngan_wah(text)
    error = caught.value
    assert error.field == "area"
    assert reason in error.message_en
    assert "2-1-35.5" in error.message_en
    assert "ไร่-งาน-ตร.ว. เช่น 2-1-35.5" in error.message_th


@pytest.mark.parametrize(
    ("sqm", "text"),
    [
        (3742, "2-1-35.50 ไร่-งาน-ตร.ว. (3,742.00 m²)"),
        (0, "0-0-0.00 ไร่-งาน-ตร.ว. (0.00 m²)"),
        (Decimal("1600.5"), "1-0-0.13 ไร่-งาน-ตร.ว. (1,600.50 m²)"),
        (Decimal("1234567.891"), "771-2-41.97 ไร่-งาน-ตร.ว. (1,234,567.89 m²)"),
        (1599.99, "1-0-0.00 ไร่-งาน-ตร.ว. (1,599.99 m²)"),
    ],
)
def test_format_area_shows_both_units_with_two_decimals(sqm: Decimal | float, text: str) -> None:
    assert format_area(sqm) == text


def test_format_area_rejects_negative() -> None:
    with pytest.raises(InvalidInput):
        format_area(-4)


@given(valid_areas)
def test_parse_of_str_round_trips(area: RaiNganWah) -> None:
    assert parse_rai_ngan_wah(str(area)) == area


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_two_decimal_sq_wah_survive_the_trip_through_rai_ngan_wah(sq_wah: Decimal) -> None:
    area = rai_ngan_wah_from_sq_wah(sq_wah)
    assert area.square_wah == sq_wah
    assert area.ngan < 4 and area.wah < 100


@given(st.decimals(min_value=0, max_value=10**9, places=4))
def test_square_metres_round_within_half_a_hundredth_of_a_wah(sqm: Decimal) -> None:
    assert abs(rai_ngan_wah_from_sqm(sqm).square_metres - sqm) <= Decimal("0.02")
