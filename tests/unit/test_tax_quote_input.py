"""The quote contract refuses bad input with the JSON path of each bad field."""

from __future__ import annotations

from typing import Any

import pytest

from taxmap.core.errors import InvalidInput
from valuation.quote import QuoteInputError, quote


def land(**changes: Any) -> dict[str, Any]:
    """Return a valid parcel with some fields changed."""
    item: dict[str, Any] = {
        "id": "L1",
        "area_sq_wah": 80,
        "price_per_sq_wah": 30000,
        "uses": [{"category": "res_other", "area_sq_wah": 80}],
    }
    return {**item, **changes}


def house(**changes: Any) -> dict[str, Any]:
    """Return a valid house on L1 with some fields changed."""
    item: dict[str, Any] = {
        "id": "B1",
        "on_land": "L1",
        "price_per_sqm": 7500,
        "floor_area_sqm": 80,
        "class": "wood",
        "age_years": 10,
        "uses": [{"category": "res_other", "floor_area_sqm": 80}],
    }
    return {**item, **changes}


def errors(document: dict[str, Any]) -> dict[str, str]:
    """Return {path: message} of the QuoteInputError a request raises."""
    with pytest.raises(QuoteInputError) as caught:
        quote(document)
    assert isinstance(caught.value, InvalidInput)
    listed = caught.value.details["errors"]
    assert caught.value.to_dict()["details"]["errors"] == listed
    return {item["path"]: item["message"] for item in listed}


def request(**changes: Any) -> dict[str, Any]:
    """Return a valid request with some fields changed."""
    return {"tax_year": 2024, "owner": {"kind": "individual"}, "land": [land()], **changes}


def test_a_valid_request_passes() -> None:
    assert quote(request(buildings=[house()]))["total"] == "552.00"


def test_each_bad_field_is_reported_by_path() -> None:
    found = errors(
        {
            "tax_year": 2024,
            "owner": {"kind": "robot"},
            "land": [
                land(
                    area_sq_wah="8o",
                    price_per_sq_wah=-1,
                    uses=[
                        {"category": "res_other", "area_sq_wah": 40},
                        {"category": "house", "area_sq_wah": "1.234"},
                    ],
                )
            ],
            "signs": [{"id": "S", "type": 4}],
        }
    )
    assert found["owner.kind"] == "Input should be 'individual' or 'juristic'"
    assert found["land[0].area_sq_wah"] == "'8o' is not a number"
    assert found["land[0].price_per_sq_wah"] == "-1 is negative"
    assert found["land[0].uses[1].category"].startswith("Input should be 'agri'")
    assert found["land[0].uses[1].area_sq_wah"] == "1.234 has more than 2 decimals"
    assert found["signs[0].type"].startswith("Input should be 1, 2 or 3")
    assert found["signs[0].moving"] == "Field required"


def test_unknown_fields_are_refused() -> None:
    found = errors(request(land=[land(vacnt_since=2020)]))
    assert found == {"land[0].vacnt_since": "Extra inputs are not permitted"}


def test_use_areas_must_add_up_to_the_land() -> None:
    more = errors(request(land=[land(uses=[{"category": "res_other", "area_sq_wah": 81}])]))
    assert more == {"land[0].uses": "use areas add up to 81 sq wah, more than the land's 80 sq wah"}
    less = errors(request(land=[land(uses=[{"category": "res_other", "area_sq_wah": 60}])]))
    assert "less than the land's 80 sq wah" in less["land[0].uses"]


def test_building_floor_uses_must_add_up() -> None:
    found = errors(
        request(buildings=[house(uses=[{"category": "res_other", "floor_area_sqm": 90}])])
    )
    assert found == {
        "buildings[0].uses": "use areas add up to 90 m², more than the building's 80 m²"
    }


def test_unknown_on_land_and_missing_age() -> None:
    found = errors(request(buildings=[house(on_land="L9", age_years=None)]))
    assert found["buildings[0].on_land"] == "'L9' is not the id of a land item"
    assert found["buildings[0]"] == "give exactly one of age_years or completed_year"


def test_negative_age_and_faces() -> None:
    found = errors(
        request(
            buildings=[house(age_years=-1)],
            signs=[
                {
                    "id": "S",
                    "type": 1,
                    "moving": False,
                    "width_cm": 10,
                    "height_cm": 0,
                    "faces": 0,
                    "first_shown": "2024-02-30",
                }
            ],
        )
    )
    assert found["buildings[0].age_years"] == "-1 is negative"
    assert found["signs[0].height_cm"] == "0 must be more than 0"
    assert found["signs[0].faces"] == "0 must be 1 or more"
    assert found["signs[0].first_shown"].startswith("'2024-02-30' is not a day")


def test_year_out_of_range() -> None:
    assert errors(request(tax_year=2019)) == {
        "tax_year": "2019: the rule data covers tax years 2020-2026"
    }
    assert errors(request(tax_year=2570)) == {
        "tax_year": "2027: the rule data covers tax years 2020-2026"
    }
    assert "is not a year" in errors(request(tax_year=12))["tax_year"]


def test_unknown_and_bad_settings() -> None:
    found = errors(request(settings={"band_methd": "marginal", "band_basis": "per_parcel"}))
    assert found["settings.band_methd"].startswith("'band_methd' is not a setting")
    assert found["settings.band_basis"] == (
        "'per_parcel' is not one of: property_unit, taxpayer_total_in_lao"
    )
    assert (
        "is not true or false"
        in errors(request(settings={"sign_minimum_before_proration": 1}))[
            "settings.sign_minimum_before_proration"
        ]
    )


def test_unknown_reduction_class() -> None:
    found = errors(request(reduction_class="charity"))
    assert found["reduction_class"].startswith("'charity' is not a reduction class; known:")


def test_residence_rules() -> None:
    juristic = errors(
        request(
            owner={"kind": "juristic"},
            land=[land(uses=[{"category": "res_main", "area_sq_wah": 80}])],
        )
    )
    assert "for individuals" in juristic["land[0].uses[0].category"]
    own_land = errors(request(land=[land(uses=[{"category": "res_bldg", "area_sq_wah": 80}])]))
    assert "cannot be res_bldg" in own_land["land[0].uses[0].category"]
    two_homes = errors(
        request(
            land=[
                land(uses=[{"category": "res_main", "area_sq_wah": 80}]),
                land(id="L2", uses=[{"category": "res_main", "area_sq_wah": 80}]),
            ]
        )
    )
    assert "only one residence can be res_main" in two_homes["land[1].uses[0].category"]


def test_vacant_since_rules_and_duplicate_ids() -> None:
    found = errors(
        request(
            land=[
                land(uses=[{"category": "other", "area_sq_wah": 80, "vacant_since": 2020}]),
                land(uses=[{"category": "vacant", "area_sq_wah": 80, "vacant_since": 2025}]),
            ]
        )
    )
    assert found["land[0].uses[0].vacant_since"] == "is only for vacant pieces"
    assert found["land[1].uses[0].vacant_since"] == "2025 is after the tax year 2024"
    assert found["land[1].id"] == "'L1' is also land[0].id"


def test_sign_shown_after_the_tax_year() -> None:
    sign = {
        "id": "S",
        "type": 1,
        "moving": False,
        "width_cm": 10,
        "height_cm": 10,
        "faces": 1,
        "first_shown": "2025-01-01",
    }
    assert errors(request(signs=[sign])) == {
        "signs[0].first_shown": "2025-01-01 is after the tax year 2024"
    }


def test_numbers_as_strings_and_booleans() -> None:
    assert quote(request(land=[land(area_sq_wah="80.00", price_per_sq_wah="30000")]))["total"] == (
        "480.00"
    )
    assert errors(request(land=[land(price_per_sq_wah=True)])) == {
        "land[0].price_per_sq_wah": "True is not a number"
    }


def test_the_document_must_be_an_object() -> None:
    with pytest.raises(QuoteInputError) as caught:
        quote([])  # type: ignore[arg-type]
    assert caught.value.details["errors"] == [
        {"path": "document", "message": "the request must be a JSON object"}
    ]


def test_error_message_lists_every_problem_in_both_languages() -> None:
    with pytest.raises(QuoteInputError) as caught:
        quote(request(tax_year=2019, reduction_class="x"))
    error = caught.value
    assert error.field == "tax_year"
    assert "2 invalid field(s)" in error.message_en
    assert "ไม่ถูกต้อง 2 รายการ" in error.message_th
    assert error.code == "invalid_input"
