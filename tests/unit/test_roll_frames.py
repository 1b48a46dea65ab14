"""The whole-roll assessment over register frames: units, s.38, s.41, s.42, s.48, s.8, signs."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from valuation.roll_services import PRICES
from valuation.ruledata import load_building_prices, load_rule_data
from valuation.rules.roll import assess_roll_frames
from valuation.rules.roll_model import RollFrames, RollResult

NAN = float("nan")


def frames() -> RollFrames:
    """A small register: see each test for the part it looks at."""
    owners = pd.DataFrame(
        [
            ("parcel", 1, "9", False),  # 01A001: company 9's shop with its building
            ("parcel", 2, "1", True),  # 01A002: person 1's house and land
            ("parcel", 3, "1", True),  # 01A003: person 1's second house plot
            ("parcel", 4, "3", False),  # 01A004: company 3, mixed building
            ("parcel", 5, "4", False),  # 01A005: a temple (s.8)
            ("parcel", 6, "9", False),  # 01A006: no land price
            ("parcel", 7, "5", False),  # 01B001 and 01B002 touch: one base (s.42)
            ("parcel", 8, "5", False),
            ("building", 1, "9", False),
            ("building", 2, "1", True),
            ("building", 3, "2", True),  # person 2's house on company 9's land (s.48)
            ("building", 4, "3", False),
            ("building", 5, "9", False),
            ("sign", 3, "2", True),
        ],
        columns=["object", "object_id", "owners", "individual"],
    )
    price = 1_000_000  # 10,000 baht per square wah, in satang
    parcels = pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6, 7, 8],
            "code": [
                "01A001",
                "01A002",
                "01A003",
                "01A004",
                "01A005",
                "01A006",
                "01B001",
                "01B002",
            ],
            "zone": ["01"] * 8,
            "tambon": ["บัวลาย"] * 8,
            "price_satang": [price, price, price, price, price, NAN, 30_000_000, 30_000_000],
        }
    )
    land_uses = pd.DataFrame(
        [
            (1, "other", 10_000, 0, ""),
            (2, "res_main", 10_000, 0, ""),
            (3, "res_main", 5_000, 0, ""),
            (4, "other", 10_000, 0, ""),
            (5, "other", 10_000, 0, "s.8 religious"),
            (6, "agri", 10_000, 0, ""),
            (7, "other", 10_000, 0, ""),
            (8, "other", 10_000, 0, ""),
        ],
        columns=["parcel_id", "category", "area_centi", "vacant_since", "exemption"],
    )
    # Type 100: 9,600 baht per m², concrete; completed in the tax year: no depreciation.
    buildings = pd.DataFrame(
        [
            (1, "01A001-B1", 1, 100, "concrete", 10_000, 2026),
            (2, "01A002-B1", 2, 100, "concrete", 10_000, 2569),  # B.E. is understood
            (3, "01A001-B2", 1, 100, "concrete", 10_000, 2026),
            (4, "01A004-B1", 4, 100, "concrete", 40_000, 2026),
            (5, "01A006-B1", 6, 999, "concrete", 10_000, 2026),  # no such type
        ],
        columns=[
            "id",
            "code",
            "parcel_id",
            "treasury_type",
            "construction_class",
            "floor_centi",
            "year_completed",
        ],
    )
    building_uses = pd.DataFrame(
        [
            (1, "other", 10_000, ""),
            (2, "res_main", 10_000, ""),
            (3, "res_bldg", 10_000, ""),
            (4, "other", 10_000, ""),
            (4, "res_other", 30_000, ""),
            (5, "other", 10_000, ""),
        ],
        columns=["building_id", "category", "floor_centi", "exemption"],
    )
    signs = pd.DataFrame(
        [
            # §3.3 worked case with a width of 150.5 cm: 45,150 cm² is still 90 units.
            (1, "S1", 1, 2, False, 15_050 * 30_000, "2026-07-10"),
            (2, "S2", 1, 1, True, 10_000 * 10_000 * 2, "2024-03-01"),
            (3, "S3", 2, 1, False, 5_000 * 5_000, None),
        ],
        columns=["id", "code", "parcel_id", "sign_type", "moving", "area_e4", "first_shown"],
    )
    return RollFrames(
        owners=owners,
        parcels=parcels,
        land_uses=land_uses,
        buildings=buildings,
        building_uses=building_uses,
        signs=signs,
        contiguous=pd.DataFrame({"a": [7], "b": [8]}),
    )


@pytest.fixture(scope="module")
def roll() -> RollResult:
    data = load_rule_data()
    return assess_roll_frames(
        frames(),
        data.lbt_rules(2026),
        data.sign_rates(2026),
        load_building_prices(PRICES / "nakhon_ratchasima.csv"),
        data.depreciation,
    )


def lines_of(roll: RollResult, owners: str) -> list[tuple[object, ...]]:
    number = int(roll.taxpayers.loc[roll.taxpayers["owners"] == owners, "taxpayer_no"].iloc[0])
    chosen = roll.lines[roll.lines["taxpayer_no"] == number]
    return [
        (item, category, Decimal(str(value)), Decimal(int(amount)) / 100)
        for item, category, value, amount in chosen[
            ["item", "category", "value", "amount"]
        ].itertuples(index=False)
    ]


def totals(roll: RollResult) -> dict[str, tuple[Decimal, Decimal]]:
    t = roll.taxpayers
    return {
        owners: (Decimal(int(lbt)) / 100, Decimal(int(sign)) / 100)
        for owners, lbt, sign in t[["owners", "land_building_tax", "signboard_tax"]].itertuples(
            index=False
        )
    }


def test_taxpayers_are_numbered_in_parcel_order_with_their_totals(roll: RollResult) -> None:
    assert roll.taxpayers["taxpayer_no"].tolist() == [1, 2, 3, 4, 5, 6]
    assert totals(roll) == {
        # Land 1,000,000 + its building 960,000 at 0.3 %; signs S1 1,170 and S2 400.
        "9": (Decimal("5880.00"), Decimal("1570.00")),
        # House and land exempt under 50 M (s.41); the second plot is res_other: 100.00.
        "1": (Decimal("100.00"), Decimal("0.00")),
        "3": (Decimal("4356.00"), Decimal("0.00")),
        "4": (Decimal("0.00"), Decimal("0.00")),
        "5": (Decimal("190000.00"), Decimal("0.00")),
        # The house on another's land is the house owner's own base (s.48), under 10 M.
        "2": (Decimal("0.00"), Decimal("200.00")),
    }
    assert (roll.exempt_parcels, roll.unpriced_parcels, roll.unvalued_buildings) == (1, 1, 1)


def test_land_and_the_same_owners_building_are_one_base(roll: RollResult) -> None:
    assert lines_of(roll, "9")[:1] == [
        ("land 01A001", "other", Decimal("1960000.0"), Decimal("5880.00"))
    ]


def test_the_main_residence_is_one_unit_and_a_second_house_is_res_other(roll: RollResult) -> None:
    assert lines_of(roll, "1") == [
        ("land 01A002", "res_main", Decimal("1960000.0"), Decimal("0.00")),
        ("land 01A003", "res_other", Decimal("500000.0"), Decimal("100.00")),
    ]
    allowance = roll.lines.loc[roll.lines["item"] == "land 01A002", "allowance"].tolist()
    assert allowance == [1960000.0]


def test_land_under_a_mixed_building_follows_its_floor_shares(roll: RollResult) -> None:
    # 100 sq wah of 'other' land under 100 m² shop + 300 m² flats: 25 / 75 sq wah (s.38).
    # other: 250,000 + 960,000 at 0.3 % = 3,630; res_other: 750,000 + 2,880,000 at 0.02 % = 726.
    assert lines_of(roll, "3") == [
        ("land 01A004", "res_other", Decimal("3630000.0"), Decimal("726.00")),
        ("land 01A004", "other", Decimal("1210000.0"), Decimal("3630.00")),
    ]


def test_exempt_property_is_on_the_roll_with_its_value_and_tax_zero(roll: RollResult) -> None:
    row = roll.lines.loc[roll.lines["item"] == "land 01A005"].iloc[0]
    assert (row["value"], row["exemption"], row["amount"], row["rule"]) == (
        1000000.0,
        "s.8 religious",
        0,
        "LBT Act B.E. 2562 s.8",
    )


def test_contiguous_parcels_of_one_owner_set_are_one_base(roll: RollResult) -> None:
    # 30 M + 30 M = 60 M: 50 M x 0.3 % + 10 M x 0.4 % = 190,000 (s.42 para 2).
    assert lines_of(roll, "5") == [
        ("group 01B001", "other", Decimal("60000000.0"), Decimal("190000.00"))
    ]
    row = roll.lines.loc[roll.lines["item"] == "group 01B001"].iloc[0]
    assert (row["rates"], row["parcel_id"], row["zone"]) == ("0.3 / 0.4 / 0.5 / 0.6 / 0.7", 7, "01")


def test_signs_are_taxed_to_their_owner_or_the_land_owner(roll: RollResult) -> None:
    signs = roll.lines[roll.lines["tax"] == "signboard"]
    assert signs[["item", "taxpayer_no", "amount", "rates"]].values.tolist() == [
        ["sign S1", 1, 117000, "90 units × 26 baht, quarter share 50 %"],
        ["sign S2", 1, 40000, "40 units × 10 baht, quarter share 100 %"],
        ["sign S3", 6, 20000, "5 units × 5 baht, quarter share 100 %"],
    ]


def test_every_taxpayers_lines_are_numbered_from_one(roll: RollResult) -> None:
    numbers = roll.lines.groupby("taxpayer_no")["line_no"].apply(list).to_dict()
    assert numbers == {1: [1, 2, 3], 2: [1, 2], 3: [1, 2], 4: [1], 5: [1], 6: [1, 2]}
    assert np.array_equal(
        roll.lines.groupby("taxpayer_no")["amount"].sum().to_numpy(),
        roll.taxpayers["total"].to_numpy(),
    )
