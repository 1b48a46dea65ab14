"""13-digit national ID check digit: (11 - sum(d_i * (13 - i)) mod 11) mod 10."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from taxmap.core.errors import InvalidInput
from taxmap.core.ids import (
    format_national_id,
    is_valid_national_id,
    national_id_check_digit,
    normalize_national_id,
)

twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


def weighted_residue(first12: str) -> int:
    """Return the weighted digit sum mod 11 the check digit is taken from."""
    return sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11


@pytest.mark.parametrize(
    ("first12", "check"),
    [
        # 1*13 + 1*12 + 0*11 + 3*10 + 7*9 + 0*8 + 2*7 + 1*6 + 7*5 + 4*4 + 6*3 + 2*2 = 211;
        # 211 mod 11 = 2; (11 - 2) mod 10 = 9.
        ("110370217462", 9),
        ("310030012345", 4),
        ("350990041234", 6),
        ("123456789012", 1),  # sum 352 = 32 * 11: residue 0 gives 11 mod 10 = 1
        ("010555012345", 1),  # residue 10 gives 1 as well
        ("000000000000", 1),
    ],
)
def test_check_digit_of_constructed_ids(first12: str, check: int) -> None:
    assert national_id_check_digit(first12) == check
    assert is_valid_national_id(first12 + str(check))


@pytest.mark.parametrize(
    "bad", ["", "12345678901", "1234567890123", "12345678901a", "๑๒๓๔๕๖๗๘๙๐๑๒"]
)
def test_check_digit_needs_exactly_twelve_ascii_digits(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        national_id_check_digit(bad)
    assert caught.value.field == "national_id"


@pytest.mark.parametrize(
    "written",
    ["1103702174629", "1-1037-02174-62-9", "1 1037 02174 62 9", " 1103702174629 ", "๑๑๐๓๗๐๒๑๗๔๖๒๙"],
)
def test_normalize_strips_separators_and_reads_thai_digits(written: str) -> None:
    assert normalize_national_id(written) == "1103702174629"
    assert is_valid_national_id(written)


def test_format_groups_as_on_the_card() -> None:
    assert format_national_id("1103702174629") == "1-1037-02174-62-9"


def test_wrong_length_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_national_id("1-1037-02174-62")
    assert caught.value.field == "national_id"
    assert "has 12 digits" in caught.value.message_en
    assert "13 หลัก" in caught.value.message_th


def test_non_digits_are_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_national_id("1103702174x29")
    assert "'x'" in caught.value.message_en


def test_checksum_failure_names_the_expected_digit() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_national_id("1-1037-02174-62-1")
    assert "should be 9, not 1" in caught.value.message_en
    assert "ควรเป็น 9" in caught.value.message_th
    assert not is_valid_national_id("1-1037-02174-62-1")


def test_the_check_digit_has_two_documented_blind_spots() -> None:
    """Weight 11 (third digit) vanishes mod 11, and residues 0 and 10 both give check digit 1."""
    assert is_valid_national_id("3100300123454")
    assert is_valid_national_id("3150300123454")  # third digit changed, still "valid"
    assert is_valid_national_id("1234567890121")  # residue 0
    assert is_valid_national_id("1134567890121")  # second digit 2 -> 1: residue 10, still "valid"


@given(twelve_digits)
def test_any_twelve_digits_with_their_check_digit_are_valid(first12: str) -> None:
    assert is_valid_national_id(first12 + str(national_id_check_digit(first12)))


@given(twelve_digits, st.integers(min_value=0, max_value=12), st.integers(1, 9))
def test_changing_one_digit_makes_the_id_invalid(first12: str, position: int, shift: int) -> None:
    valid = first12 + str(national_id_check_digit(first12))
    changed = valid[:position] + str((int(valid[position]) + shift) % 10) + valid[position + 1 :]
    # The mod-11 scheme cannot see a change of the third digit (weight 11), nor a change that
    # moves the weighted sum between residues 0 and 10 (both give check digit 1).
    assume(position != 2)
    assume({weighted_residue(valid[:12]), weighted_residue(changed[:12])} != {0, 10})
    assert not is_valid_national_id(changed)
