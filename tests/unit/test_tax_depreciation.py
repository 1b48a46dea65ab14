"""Building depreciation by class and age, and building age (rule book §2.2)."""

from __future__ import annotations

import numpy as np
import pytest

from valuation.quote import quote
from valuation.ruledata import load_rule_data
from valuation.rules.depreciation import building_age, depreciation_percents


@pytest.mark.parametrize(
    ("construction_class", "age", "percent"),
    [
        ("concrete", 0, 0),
        ("concrete", 1, 1),
        ("concrete", 10, 10),
        ("concrete", 11, 12),
        ("concrete", 42, 74),
        ("concrete", 43, 76),
        ("concrete", 44, 76),
        ("concrete", 100, 76),
        ("half_wood", 5, 10),
        ("half_wood", 6, 14),
        ("half_wood", 15, 50),
        ("half_wood", 16, 55),
        ("half_wood", 21, 80),
        ("half_wood", 22, 85),
        ("half_wood", 60, 85),
        ("wood", 4, 12),
        ("wood", 5, 15),
        ("wood", 6, 20),
        ("wood", 10, 40),
        ("wood", 15, 65),
        ("wood", 16, 72),
        ("wood", 18, 86),
        ("wood", 19, 93),
        ("wood", 50, 93),
    ],
)
def test_depreciation_percent_by_class_and_age(
    construction_class: str, age: int, percent: int
) -> None:
    table = load_rule_data().depreciation[construction_class]
    assert table.percent(age) == percent


def test_caps_are_76_85_93() -> None:
    tables = load_rule_data().depreciation
    assert (tables["concrete"].cap, tables["half_wood"].cap, tables["wood"].cap) == (76, 85, 93)


def test_vectorised_lookup_matches_the_table() -> None:
    tables = load_rule_data().depreciation
    classes = ("concrete", "half_wood", "wood")
    index = np.repeat(np.arange(3), 61)
    ages = np.tile(np.arange(61), 3)
    got = depreciation_percents(tables, classes, index, ages)
    assert got.tolist() == [tables[classes[i]].percent(a) for i, a in zip(index, ages, strict=True)]


@pytest.mark.parametrize(
    ("completed", "tax_year", "age"),
    [
        (2023, 2024, 1),
        (2024, 2024, 0),
        (2025, 2024, 0),
        (2014, 2024, 10),
        (2566, 2024, 1),
        (2566, 2567, 1),
    ],
)
def test_building_age_is_tax_year_minus_completion_year(
    completed: int, tax_year: int, age: int
) -> None:
    assert building_age(completed, tax_year, "tax_year_minus_completion_year") == age


def test_completed_year_in_buddhist_era_gives_the_same_tax() -> None:
    def house(**age: int) -> dict[str, object]:
        return {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "buildings": [
                {
                    "id": "B",
                    "price_per_sqm": 100000,
                    "floor_area_sqm": 1000,
                    "class": "wood",
                    "uses": [{"category": "res_other", "floor_area_sqm": 1000}],
                    **age,
                }
            ],
        }

    # 100 M x (1 - 40 %) = 60 M: 50 M x 0.02 % + 10 M x 0.03 % = 13,000.
    assert quote(house(age_years=10))["total"] == "13000.00"
    assert quote(house(completed_year=2014))["total"] == "13000.00"
    assert quote(house(completed_year=2557))["total"] == "13000.00"
