"""Golden values of every Land and Building Tax rule and setting, through the public quote()."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from valuation.quote import quote


def parcel(
    ident: str,
    category: str,
    value: str | int,
    *,
    group: str | None = None,
    vacant_since: int | None = None,
) -> dict[str, Any]:
    """Return a one-sq-wah parcel priced at `value`, so its value is exactly `value`."""
    use: dict[str, Any] = {"category": category, "area_sq_wah": 1}
    if vacant_since is not None:
        use["vacant_since"] = vacant_since
    item: dict[str, Any] = {"id": ident, "area_sq_wah": 1, "price_per_sq_wah": value, "uses": [use]}
    if group is not None:
        item["contiguous_group"] = group
    return item


def building(
    ident: str, category: str, value: int, *, on_land: str | None = None
) -> dict[str, Any]:
    """Return a new 100 m² concrete building worth exactly `value`."""
    item: dict[str, Any] = {
        "id": ident,
        "price_per_sqm": value // 100,
        "floor_area_sqm": 100,
        "class": "concrete",
        "age_years": 0,
        "uses": [{"category": category, "floor_area_sqm": 100}],
    }
    if on_land is not None:
        item["on_land"] = on_land
    return item


def lbt(
    *land: dict[str, Any],
    year: int = 2024,
    kind: str = "individual",
    buildings: tuple[dict[str, Any], ...] = (),
    **extra: Any,
) -> str:
    """Return the LBT total of a quote."""
    document = {
        "tax_year": year,
        "owner": {"kind": kind},
        "land": list(land),
        "buildings": list(buildings),
        **extra,
    }
    return str(quote(document)["land_building_tax"]["total"])


# --- bands (s.37, §1.6) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "method", "expected"),
    [
        ("50000000", "marginal", "10000.00"),
        ("50000000", "whole_value", "10000.00"),
        ("50000000.01", "marginal", "10000.00"),
        ("50000000.01", "whole_value", "15000.00"),
        ("60000000", "marginal", "13000.00"),
        ("60000000", "whole_value", "18000.00"),
        ("75000000", "whole_value", "22500.00"),
        ("75000000.01", "whole_value", "37500.00"),
        ("120000000", "marginal", "50000.00"),
        ("120000000", "whole_value", "120000.00"),
    ],
)
def test_res_other_bands_marginal_and_whole_value(value: str, method: str, expected: str) -> None:
    assert lbt(parcel("H", "res_other", value), settings={"band_method": method}) == expected


def test_second_home_of_60_million_is_13000_marginal_and_18000_whole_value() -> None:
    home = parcel("H", "res_other", 60_000_000)
    assert lbt(home) == "13000.00"
    assert lbt(home, settings={"band_method": "whole_value"}) == "18000.00"


@pytest.mark.parametrize(
    ("value", "marginal", "whole"),
    [
        (50_000_000, "150000.00", "150000.00"),
        (60_000_000, "190000.00", "240000.00"),
        (200_000_000, "750000.00", "800000.00"),
        (1_000_000_000, "4750000.00", "5000000.00"),
        (5_000_000_000, "28750000.00", "30000000.00"),
        (6_000_000_000, "35750000.00", "42000000.00"),
    ],
)
def test_other_bands_at_and_beyond_each_limit(value: int, marginal: str, whole: str) -> None:
    plot = parcel("C", "other", value)
    assert lbt(plot, kind="juristic") == marginal
    assert lbt(plot, kind="juristic", settings={"band_method": "whole_value"}) == whole


def test_juristic_agriculture_has_no_allowance() -> None:
    farm = parcel("F", "agri", 80_000_000)
    assert lbt(farm, kind="juristic") == "9000.00"
    assert lbt(farm, kind="juristic", settings={"band_method": "whole_value"}) == "24000.00"


def test_band_rounding_happens_once_per_line_not_per_slice() -> None:
    # 0.02 % of 1,234,567.50 is 246.9135; 25,000,000.10 at res_main is two slices.
    assert lbt(parcel("H", "res_other", "1234567.50")) == "246.91"
    assert lbt(parcel("H", "res_other", "1234572.50")) == "246.91"
    assert lbt(parcel("H", "res_other", "1234575")) == "246.92"


# --- exemptions (s.40, s.41, s.96) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (50_000_000, "0.00"),
        (75_000_000, "7500.00"),
        (100_000_000, "20000.00"),
        (110_000_000, "30000.00"),
    ],
)
def test_main_residence_exempts_first_50_million(value: int, expected: str) -> None:
    assert lbt(parcel("R", "res_main", value)) == expected


def test_house_on_someone_elses_land_exempts_first_10_million() -> None:
    house = building("B", "res_bldg", 60_000_000)
    assert lbt(buildings=(house,)) == "11000.00"


def test_individual_agriculture_is_fully_exempt_2020_to_2022_only() -> None:
    farm = parcel("F", "agri", 80_000_000)
    assert lbt(farm, year=2020) == "0.00"
    assert lbt(farm, year=2022) == "0.00"
    assert lbt(farm, year=2022, kind="juristic") == "9000.00"
    assert lbt(farm, year=2023) == "2550.00"
    assert lbt(farm, year=2024) == "3000.00"


def test_agri_allowance_order_spreads_the_50_million_over_parcels() -> None:
    big = {**parcel("F1", "agri", 100_000), "area_sq_wah": 1200}
    big["uses"] = [{"category": "agri", "area_sq_wah": 1200}]
    small = {**parcel("F2", "agri", 100_000), "area_sq_wah": 800}
    small["uses"] = [{"category": "agri", "area_sq_wah": 800}]
    assert lbt(big, small) == "18000.00"
    assert lbt(big, small, settings={"agri_allowance_order": "largest_first"}) == "16000.00"
    total_basis = {"band_basis": "taxpayer_total_in_lao"}
    assert lbt(big, small, settings=total_basis) == "40000.00"
    assert lbt(big, small, settings={**total_basis, "agri_allowance_order": "largest_first"}) == (
        "40000.00"
    )


# --- bases: contiguous groups, land with building, band basis (s.35, s.42, §1.4) -------------


def test_contiguous_parcels_of_one_owner_form_one_base() -> None:
    apart = (parcel("A", "res_other", 30_000_000), parcel("B", "res_other", 30_000_000))
    together = (
        parcel("A", "res_other", 30_000_000, group="G"),
        parcel("B", "res_other", 30_000_000, group="G"),
    )
    assert lbt(*apart) == "12000.00"
    assert lbt(*together) == "13000.00"


def test_land_and_building_of_one_owner_and_use_form_one_base() -> None:
    land = parcel("L", "res_other", 40_000_000)
    on_it = building("B", "res_other", 20_000_000, on_land="L")
    elsewhere = building("B", "res_other", 20_000_000)
    assert lbt(land, buildings=(on_it,)) == "13000.00"
    assert lbt(land, buildings=(elsewhere,)) == "12000.00"


def test_taxpayer_total_in_lao_bands_all_property_of_a_use_together() -> None:
    homes = (parcel("A", "res_other", 30_000_000), parcel("B", "res_other", 30_000_000))
    assert lbt(*homes, settings={"band_basis": "property_unit"}) == "12000.00"
    assert lbt(*homes, settings={"band_basis": "taxpayer_total_in_lao"}) == "13000.00"


def test_mixed_building_splits_its_land_by_floor_shares_or_as_surveyed() -> None:
    shop_land = {
        "id": "L",
        "area_sq_wah": 20,
        "price_per_sq_wah": 100000,
        "uses": [{"category": "other", "area_sq_wah": 20}],
    }
    shophouse = {
        "id": "S",
        "on_land": "L",
        "price_per_sqm": 10000,
        "floor_area_sqm": 300,
        "class": "concrete",
        "age_years": 0,
        "uses": [
            {"category": "other", "floor_area_sqm": 100},
            {"category": "res_main", "floor_area_sqm": 200},
        ],
    }
    # Land 6.67 sq wah (other) + 13.33 (res_main): other base 667,000 + 1,000,000.
    assert lbt(shop_land, buildings=(shophouse,)) == "5001.00"
    assert lbt(
        shop_land, buildings=(shophouse,), settings={"land_under_mixed_building": "as_surveyed"}
    ) == ("9000.00")


# --- vacant surcharge (s.43) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "since", "expected"),
    [
        (2022, 2020, "30000.00"),
        (2023, 2020, "51000.00"),  # 0.6 %, less the 2023 reduction of 15 %
        (2023, 2021, "25500.00"),
        (2024, 2015, "60000.00"),  # counting starts in 2020
        (2026, 2020, "90000.00"),
        (2026, 2567, "30000.00"),  # B.E. 2567 = 2024
    ],
)
def test_vacant_land_surcharge_steps_every_three_years(
    year: int, since: int, expected: str
) -> None:
    plot = parcel("V", "vacant", 10_000_000, vacant_since=since)
    assert lbt(plot, year=year, kind="juristic") == expected


def test_surcharge_line_states_the_lifted_rate() -> None:
    document = {
        "tax_year": 2026,
        "owner": {"kind": "juristic"},
        "land": [parcel("V", "vacant", 10_000_000, vacant_since=2020)],
    }
    lines = quote(document)["land_building_tax"]["lines"]
    surcharge = next(line for line in lines if line["step"] == "surcharge")
    assert "0.9 %" in surcharge["text_en"] and "s.43" in surcharge["rule"]


# --- reductions (s.55) and transitional relief (s.97) -----------------------------------------


@pytest.mark.parametrize(
    ("year", "reduction_class", "expected"),
    [
        (2020, None, "19000.00"),
        (2021, None, "19000.00"),
        (2022, None, "190000.00"),
        (2023, None, "161500.00"),
        (2024, None, "190000.00"),
        (2025, None, "190000.00"),
        (2023, "residential_50", "80750.00"),  # 0.5 x 0.85 = 42.5 % paid
        (2023, "power_generation_50", "80750.00"),
        (2023, "developer_stock_3y", "19000.00"),  # keeps 90 %, no extra 15 %
        (2023, "foreclosed_stock_5y", "19000.00"),
        (2024, "residential_50", "95000.00"),
        (2024, "private_school", "19000.00"),
        (2020, "residential_50", "19000.00"),  # 95 % would exceed the s.55 cap of 90 %
    ],
)
def test_reductions_by_year_and_class(
    year: int, reduction_class: str | None, expected: str
) -> None:
    extra = {"reduction_class": reduction_class} if reduction_class else {}
    assert lbt(parcel("C", "other", 60_000_000), year=year, kind="juristic", **extra) == expected


@pytest.mark.parametrize(
    ("year", "prior", "expected"),
    [
        (2020, "10000", "12250.00"),  # 10,000 + 25 % x (19,000 - 10,000)
        (2021, "10000", "14500.00"),  # 10,000 + 50 % x 9,000
        (2022, "10000", "145000.00"),  # 10,000 + 75 % x 180,000
        (2023, "10000", "161500.00"),  # from 2023 the full tax
        (2022, "200000", "190000.00"),  # the new tax is lower: no relief
        (2020, "10000.02", "12250.02"),  # 12,250.015 rounds half-up, once
        (2020, "10000.03", "12250.02"),  # 12,250.0225
    ],
)
def test_transitional_relief_pays_old_tax_plus_share_of_increase(
    year: int, prior: str, expected: str
) -> None:
    plot = parcel("C", "other", 60_000_000)
    assert lbt(plot, year=year, kind="juristic", prior_tax_2019=prior) == expected


def test_relief_is_a_bill_line_so_lines_add_up_to_the_total() -> None:
    document = {
        "tax_year": 2020,
        "owner": {"kind": "juristic"},
        "land": [parcel("C", "other", 60_000_000)],
        "prior_tax_2019": "10000",
    }
    result = quote(document)["land_building_tax"]
    bills = [line for line in result["lines"] if line["bill_line"]]
    assert [line["step"] for line in bills] == ["tax", "relief"]
    assert sum(float(line["amount"]) for line in bills) == pytest.approx(12250.0)
    assert result["total"] == "12250.00"


# --- condominium units (§2.3) and the bill as a whole -----------------------------------------


def condo(category: str, area: str, price: int) -> dict[str, Any]:
    """Return a condominium unit used wholly for one category."""
    return {
        "id": "C1",
        "area_sqm": area,
        "price_per_sqm": price,
        "uses": [{"category": category, "floor_area_sqm": area}],
    }


def test_condominium_units_are_valued_without_depreciation() -> None:
    assert lbt(condo_units=[condo("res_other", "35.5", 60000)]) == "426.00"
    assert lbt(condo_units=[condo("res_main", "1000", 60000)]) == "3000.00"


def test_bill_lines_add_up_to_the_total() -> None:
    document = {
        "tax_year": 2021,
        "owner": {"kind": "individual"},
        "prior_tax_2019": "500",
        "reduction_class": "residential_50",
        "land": [
            {
                "id": "L1",
                "area_sq_wah": 20,
                "price_per_sq_wah": 100000,
                "uses": [{"category": "other", "area_sq_wah": 20}],
            },
            parcel("V1", "vacant", 8_000_000, group="G", vacant_since=2561),
            {
                **parcel("V2", "vacant", 20000, group="G"),
                "area_sq_wah": 400,
                "uses": [
                    {"category": "vacant", "area_sq_wah": 300, "vacant_since": 2021},
                    {"category": "agri", "area_sq_wah": 100},
                ],
            },
        ],
        "buildings": [
            {
                "id": "S",
                "on_land": "L1",
                "price_per_sqm": 10000,
                "floor_area_sqm": 300,
                "class": "concrete",
                "completed_year": 2560,
                "uses": [
                    {"category": "other", "floor_area_sqm": 100},
                    {"category": "res_main", "floor_area_sqm": 200},
                ],
            }
        ],
        "condo_units": [condo("res_other", "35.5", 60000)],
    }
    result = quote(document)["land_building_tax"]
    bills = [line for line in result["lines"] if line["bill_line"]]
    assert sum(Decimal(line["amount"]) for line in bills) == Decimal(result["total"])
    # other 488.10 + vacant 4,200.00 + condo 42.60 = 4,730.70; s.97: 500 + 50 % of the rest.
    assert result["total"] == "2615.35"
    assert [line["step"] for line in bills] == ["tax", "tax", "tax", "tax", "exempt", "relief"]
