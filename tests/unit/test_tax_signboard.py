"""Signboard Tax: units, rates, minimum, quarter shares and replacements (rule book §3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuation.quote import quote
from valuation.ruledata import load_rule_data
from valuation.rules.signboard import Sign, assess_sign, quarter_of, sign_taxes_satang, sign_units


def sign_tax(year: int = 2024, settings: dict[str, Any] | None = None, **sign: Any) -> str:
    """Return the Signboard Tax of one sign through quote()."""
    fields = {
        "id": "S",
        "type": 2,
        "moving": False,
        "width_cm": 150,
        "height_cm": 300,
        "faces": 1,
        "first_shown": "2020-01-01",
        **sign,
    }
    document: dict[str, Any] = {"tax_year": year, "owner": {"kind": "juristic"}, "signs": [fields]}
    if settings:
        document["settings"] = settings
    return str(quote(document)["signboard_tax"]["total"])


@pytest.mark.parametrize(
    ("area", "units"), [(500, 1), (750, 1), (751, 2), (1000, 2), (1250, 2), (1251, 3), (249, 0)]
)
def test_a_remainder_over_250_cm2_counts_as_a_unit(area: int, units: int) -> None:
    assert sign_units(area, load_rule_data().sign_rates(2024)) == units


def test_the_250_boundary_through_quote() -> None:
    # Type 3 fixed, 50 baht a unit. 3,250 cm² = 6 units + 250 dropped; 3,251 = 6 + 251 -> 7.
    assert sign_tax(type=3, width_cm=50, height_cm=65) == "300.00"
    assert sign_tax(type=3, width_cm=3251, height_cm=1) == "350.00"
    assert sign_tax(type=3, width_cm=1625, height_cm=1, faces=2) == "300.00"
    assert sign_tax(type=3, width_cm="3250.5", height_cm=1) == "350.00"


@pytest.mark.parametrize(
    ("kind", "moving", "expected"),
    [
        (1, True, "900.00"),
        (1, False, "450.00"),
        (2, True, "4680.00"),
        (2, False, "2340.00"),
        (3, True, "4680.00"),
        (3, False, "4500.00"),
    ],
)
def test_rates_by_type_and_moving(kind: int, moving: bool, expected: str) -> None:
    assert sign_tax(type=kind, moving=moving) == expected


def test_old_rates_apply_before_sign_rates_from() -> None:
    assert sign_tax(year=2020) == "1800.00"  # 90 units x 20
    assert sign_tax(year=2021) == "2340.00"
    assert sign_tax(year=2021, settings={"sign_rates_from": 2022}) == "1800.00"
    assert sign_tax(year=2021, settings={"sign_rates_from": 2565}) == "1800.00"
    assert sign_tax(year=2020, type=3, moving=True) == "3600.00"


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("2023-12-31", "2340.00"),
        ("2024-01-01", "2340.00"),
        ("2024-03-31", "2340.00"),
        ("2024-04-01", "1755.00"),
        ("2024-07-10", "1170.00"),
        ("2024-09-30", "1170.00"),
        ("2024-10-01", "585.00"),
        ("2567-10-01", "585.00"),
    ],
)
def test_quarter_shares(shown: str, expected: str) -> None:
    assert sign_tax(first_shown=shown) == expected


def test_minimum_200_before_or_after_the_quarter_share() -> None:
    small = {"type": 1, "width_cm": 10, "height_cm": 50, "first_shown": "2024-11-01"}
    assert sign_tax(**small) == "50.00"  # max(5, 200) x 25 %
    assert sign_tax(settings={"sign_minimum_before_proration": False}, **small) == "200.00"
    big = {"first_shown": "2024-11-01"}
    assert sign_tax(**big) == "585.00"
    assert sign_tax(settings={"sign_minimum_before_proration": False}, **big) == "585.00"


def test_faces_multiply_the_area() -> None:
    assert sign_tax(faces=2) == "4680.00"


def test_replaced_identical_sign_pays_nothing_and_enlarged_pays_the_increase() -> None:
    rates = load_rule_data().sign_rates(2024)
    old = Sign("old", 2, False, Decimal(150), Decimal(300), 1, date(2023, 5, 1))
    same = replace(old, id="new", first_shown=date(2024, 7, 10))
    bigger = replace(same, width_cm=Decimal(300))
    assert assess_sign(same, rates, 2024, replaces=old).tax == Decimal("0.00")
    # 180 units x 26 = 4,680 a year; the increase over 2,340, for half a year: 1,170.
    assert assess_sign(bigger, rates, 2024, replaces=old).tax == Decimal("1170.00")


def test_a_sign_first_shown_after_the_tax_year_is_not_taxed_that_year() -> None:
    with pytest.raises(ValueError):
        quarter_of(date(2025, 1, 1), 2024)


@given(
    kind=st.integers(1, 3),
    moving=st.booleans(),
    width=st.integers(1, 2000),
    height=st.integers(1, 2000),
    faces=st.integers(1, 4),
    month=st.integers(1, 12),
    minimum_first=st.booleans(),
)
def test_vectorised_signs_match_the_single_sign_path(
    kind: int, moving: bool, width: int, height: int, faces: int, month: int, minimum_first: bool
) -> None:
    rates = replace(load_rule_data().sign_rates(2024), minimum_before_proration=minimum_first)
    sign = Sign("s", kind, moving, Decimal(width), Decimal(height), faces, date(2024, month, 1))
    single = assess_sign(sign, rates, 2024).tax
    many = sign_taxes_satang(
        np.array([kind]),
        np.array([moving]),
        np.array([width * height * faces]),
        np.array([(month - 1) // 3]),
        rates,
    )
    assert Decimal(int(many[0])) / 100 == single
    assert single >= 0
