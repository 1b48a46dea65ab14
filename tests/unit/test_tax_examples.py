"""The five worked examples of the rule book (tax-rules.md §5), through the public quote()."""

from __future__ import annotations

from typing import Any

from valuation.quote import quote


def bill_lines(result: dict[str, Any], tax: str) -> list[dict[str, Any]]:
    """Return the lines of one tax that add up to its total."""
    return [line for line in result[tax]["lines"] if line["bill_line"]]


def test_example_a_let_land_with_wooden_house_pays_552() -> None:
    result = quote(
        {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "land": [
                {
                    "id": "L1",
                    "area_sq_wah": 80,
                    "price_per_sq_wah": 30000,
                    "uses": [{"category": "res_other", "area_sq_wah": 80}],
                }
            ],
            "buildings": [
                {
                    "id": "B1",
                    "on_land": "L1",
                    "price_per_sqm": 7500,
                    "floor_area_sqm": 80,
                    "class": "wood",
                    "age_years": 10,
                    "uses": [{"category": "res_other", "floor_area_sqm": 80}],
                }
            ],
        }
    )
    assert result["land_building_tax"]["total"] == "552.00"
    assert result["signboard_tax"]["total"] == "0.00"
    assert result["total"] == "552.00"
    texts = [line["text_en"] for line in result["land_building_tax"]["lines"]]
    assert any("600,000.00 × 60 % = 360,000.00" in text for text in texts)
    assert any("2,760,000.00 × 0.02 % = 552.00" in text for text in texts)


def test_example_b_farmer_under_the_allowance_pays_nothing() -> None:
    result = quote(
        {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "land": [
                {
                    "id": "F1",
                    "area_sq_wah": 400,
                    "price_per_sq_wah": 5000,
                    "uses": [{"category": "agri", "area_sq_wah": 400}],
                }
            ],
            "buildings": [
                {
                    "id": "H1",
                    "on_land": "F1",
                    "price_per_sqm": 3550,
                    "floor_area_sqm": 700,
                    "class": "wood",
                    "age_years": 4,
                    "uses": [{"category": "agri", "floor_area_sqm": 700}],
                }
            ],
        }
    )
    assert result["total"] == "0.00"
    base = [line for line in result["land_building_tax"]["lines"] if line["step"] == "base"]
    assert [line["amount"] for line in base] == ["4186800.00"]


def test_example_c_main_residence_of_100_million_pays_20000() -> None:
    result = quote(
        {
            "tax_year": 2024,
            "owner": {"kind": "individual"},
            "land": [
                {
                    "id": "R1",
                    "area_sq_wah": 1000,
                    "price_per_sq_wah": 100000,
                    "uses": [{"category": "res_main", "area_sq_wah": 1000}],
                }
            ],
        }
    )
    assert result["total"] == "20000.00"
    bands = [
        line["amount"] for line in result["land_building_tax"]["lines"] if line["step"] == "band"
    ]
    assert bands == ["7500.00", "12500.00"]


def test_example_d_commercial_60_million_pays_190000() -> None:
    result = quote(
        {
            "tax_year": 2024,
            "owner": {"kind": "juristic"},
            "land": [
                {
                    "id": "C1",
                    "area_sq_wah": 200,
                    "price_per_sq_wah": 200000,
                    "uses": [{"category": "other", "area_sq_wah": 200}],
                }
            ],
            "buildings": [
                {
                    "id": "CB",
                    "on_land": "C1",
                    "price_per_sqm": 20000,
                    "floor_area_sqm": 1000,
                    "class": "concrete",
                    "age_years": 0,
                    "uses": [{"category": "other", "floor_area_sqm": 1000}],
                }
            ],
        }
    )
    assert result["total"] == "190000.00"
    assert [line["amount"] for line in bill_lines(result, "land_building_tax")] == ["190000.00"]


def test_example_e_type_2_fixed_sign_shown_in_july_pays_1170() -> None:
    result = quote(
        {
            "tax_year": 2024,
            "owner": {"kind": "juristic"},
            "signs": [
                {
                    "id": "S1",
                    "type": 2,
                    "moving": False,
                    "width_cm": 150,
                    "height_cm": 300,
                    "faces": 1,
                    "first_shown": "2024-07-10",
                }
            ],
        }
    )
    assert result["signboard_tax"]["total"] == "1170.00"
    assert result["land_building_tax"]["total"] == "0.00"
    assert result["total"] == "1170.00"
    annual = [line for line in result["signboard_tax"]["lines"] if line["step"] == "annual"]
    assert annual[0]["amount"] == "2340.00"


def test_every_line_names_rule_data_and_both_languages() -> None:
    result = quote(
        {
            "tax_year": 2567,
            "owner": {"kind": "individual"},
            "land": [
                {
                    "id": "R1",
                    "area_sq_wah": "1000",
                    "price_per_sq_wah": "100000.00",
                    "uses": [{"category": "res_main", "area_sq_wah": "1000"}],
                }
            ],
        }
    )
    assert result["total"] == "20000.00"
    for line in result["land_building_tax"]["lines"]:
        assert line["rule"] and line["text_en"] and line["text_th"]
        assert line["amount"].count(".") == 1 and len(line["amount"].split(".")[1]) == 2
    band = next(line for line in result["land_building_tax"]["lines"] if line["step"] == "band")
    assert band["data"][0] == {"file": "data/tax/lbt_rates.toml", "version": "2026.1"}
    assert "s.37" in band["rule"]
