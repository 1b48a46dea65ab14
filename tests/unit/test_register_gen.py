"""The demo register generator: deterministic, plausible, and every record passes rules.py."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from parcels.register import orm
from parcels.register.rules import (
    TAX_CATEGORIES,
    category_for_ltax_code,
    check_building_use,
    check_house_registration,
    check_land_use,
    check_party,
    check_shares,
    check_sign_size,
    check_year_completed,
)
from parcels.register.search import party_search_key
from taxmap.core.ids import is_valid_national_id
from taxmap.demo.register_gen import (
    EXCLUDED_COLUMNS,
    EXEMPT_RELIGIOUS,
    EXEMPT_STATE,
    Register,
    generate_register,
    sq_wah,
)

TODAY = date(2025, 6, 1)
TABLES = (
    "parties",
    "rights",
    "land_use_pieces",
    "buildings",
    "building_use_pieces",
    "signs",
    "trades",
)


def small_fabric() -> pd.DataFrame:
    """Return 60 village lots (20 x 30 m, village 3) and 140 fields (100 x 80 m)."""
    rows: list[tuple[str, int, Polygon, bool, int | None]] = []
    for k in range(60):
        x, y = 20.0 * (k % 6), 30.0 * (k // 6)
        rows.append(("A", k, box(x, y, x + 20, y + 30), True, 3))
    for k in range(140):
        x, y = 1000.0 + 100 * (k % 14), 80.0 * (k // 14)
        rows.append(("B", k, box(x, y, x + 100, y + 80), False, None))
    return pd.DataFrame(
        {
            "code": [f"01{block}{lot + 1:03d}" for block, lot, *_ in rows],
            "block_code": [f"01{block}" for block, *_ in rows],
            "area_m2": [geom.area for _, _, geom, *_ in rows],
            "in_village": [inside for *_, inside, _ in rows],
            "village_no": [village for *_, village in rows],
            "geometry": [geom for _, _, geom, *_ in rows],
        }
    )


@pytest.fixture(scope="module")
def fabric() -> pd.DataFrame:
    """Return the synthetic fabric."""
    return small_fabric()


@pytest.fixture(scope="module")
def register(fabric: pd.DataFrame) -> Register:
    """Return the register generated for the synthetic fabric."""
    return generate_register(fabric, seed=7, today=TODAY)


def test_same_seed_same_register_and_other_seed_differs(fabric: pd.DataFrame) -> None:
    a, b = generate_register(fabric, 7, TODAY), generate_register(fabric, 7, TODAY)
    c = generate_register(fabric, 8, TODAY)
    for table in TABLES:
        assert [str(r) for r in getattr(a, table)] == [str(r) for r in getattr(b, table)]
    assert [p["name_th"] for p in a.parties] != [p["name_th"] for p in c.parties]


def test_keys_are_exactly_the_orm_columns(register: Register) -> None:
    for table in TABLES:
        columns = {c.name for c in getattr(orm, table).columns} - EXCLUDED_COLUMNS
        rows = getattr(register, table)
        assert rows, table
        for row in rows:
            assert set(row) == columns, table
        assert [row["id"] for row in rows] == list(range(len(rows)))
    assert set(register.frames()) == set(TABLES)


def test_counts_are_plausible(register: Register) -> None:
    kinds: defaultdict[str, int] = defaultdict(int)
    for party in register.parties:
        kinds[party["kind"]] += 1
    assert 90 <= kinds["individual"] <= 220
    assert kinds["juristic"] == 2 and kinds["religious"] == 1 and kinds["state"] == 1
    assert [p["owner_no"] for p in register.parties] == list(range(1, len(register.parties) + 1))
    assert 35 <= len(register.buildings) <= 80
    shophouses = [b for b in register.buildings if b["treasury_type"] == 201]
    assert 3 <= len(shophouses) <= 20
    assert len(register.trades) == len(shophouses)
    assert len(shophouses) <= len(register.signs) <= 2 * len(shophouses)
    categories = {p["category"] for p in register.land_use_pieces}
    assert {"agri", "res_main", "res_bldg", "res_other", "other", "vacant"} - categories == {
        "res_bldg"
    }
    assert "res_bldg" in {p["category"] for p in register.building_use_pieces}
    coowned: defaultdict[int, int] = defaultdict(int)
    for right in register.rights:
        if right["parcel_id"] is not None:
            coowned[right["parcel_id"]] += 1
    share = sum(1 for n in coowned.values() if n > 1) / len(coowned)
    assert 0.02 <= share <= 0.16
    assert all(n <= 3 for n in coowned.values())


def test_ids_valid_and_unique(register: Register) -> None:
    ids = []
    for party in register.parties:
        nid, jid = party["national_id"], party["juristic_id"]
        check_party(party["kind"], nid, jid)
        assert (nid is not None) == (party["kind"] == "individual")
        ids += [i for i in (nid, jid) if i is not None]
        assert party["search_key"] == party_search_key(party["name_th"], party["name_en"])
    assert all(is_valid_national_id(i) for i in ids)
    assert len(ids) == len(set(ids))


def test_every_record_passes_the_rules(register: Register, fabric: pd.DataFrame) -> None:
    kinds = {p["id"]: p["kind"] for p in register.parties}
    shares: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for right in register.rights:
        check_house_registration(kinds[right["party_id"]], right["in_house_registration"])
        obj = next(k for k in ("parcel_id", "building_id", "sign_id") if right[k] is not None)
        shares[(obj, right[obj])].append((right["share_num"], right["share_den"]))
    for (obj, key), parts in shares.items():
        assert check_shares(f"{obj} {key}", parts) == Fraction(1)
    assert {k for o, k in shares if o == "parcel_id"} == set(range(len(fabric)))
    assert {k for o, k in shares if o == "building_id"} == {b["id"] for b in register.buildings}
    pieces = defaultdict(list)
    for piece in register.land_use_pieces:
        assert piece["category"] in TAX_CATEGORIES
        assert category_for_ltax_code(piece["ltax_code"]) == piece["category"]
        pieces[piece["parcel_id"]].append(piece["area_sq_wah"])
    for i, row in fabric.iterrows():
        check_land_use(row["code"], sq_wah(row["area_m2"]), pieces[i], tolerance_sq_wah=Decimal(0))
    floor = defaultdict(list)
    for piece in register.building_use_pieces:
        assert category_for_ltax_code(piece["ltax_code"]) == piece["category"]
        floor[piece["building_id"]].append(piece["floor_area_m2"])
    for b in register.buildings:
        check_building_use(b["code"], b["floor_area_m2"], floor[b["id"]], tolerance_m2=Decimal(0))
        assert 1970 <= check_year_completed(b["year_completed"], TODAY) <= 2025
    for sign in register.signs:
        check_sign_size(sign["width_cm"], sign["height_cm"], sign["faces"])


def test_buildings_and_signs_lie_inside_their_parcels(
    register: Register, fabric: pd.DataFrame
) -> None:
    for b in register.buildings:
        parcel = fabric["geometry"].iloc[b["parcel_id"]]
        assert parcel.contains(b["footprint"])
        assert b["footprint"].area == pytest.approx(float(b["width_m"] * b["length_m"]))
        assert b["code"] == f"{fabric['code'].iloc[b['parcel_id']]}-B1"
    for s in register.signs:
        assert fabric["geometry"].iloc[s["parcel_id"]].contains(s["position"])


def test_temple_and_school_are_exempt(register: Register) -> None:
    by_kind = {p["kind"]: p for p in register.parties if p["kind"] in ("religious", "state")}
    assert by_kind["religious"]["name_th"].startswith("วัด")
    assert by_kind["state"]["name_th"].startswith("โรงเรียน")
    exempt = {p["exemption"]: p for p in register.land_use_pieces if p["exemption"]}
    assert set(exempt) == {EXEMPT_RELIGIOUS, EXEMPT_STATE}
    owners = {r["parcel_id"]: r["party_id"] for r in register.rights if r["parcel_id"] is not None}
    assert owners[exempt[EXEMPT_RELIGIOUS]["parcel_id"]] == by_kind["religious"]["id"]
    assert owners[exempt[EXEMPT_STATE]["parcel_id"]] == by_kind["state"]["id"]


def test_residence_flags_follow_the_categories(register: Register) -> None:
    land_cats = defaultdict(set)
    for piece in register.land_use_pieces:
        land_cats[piece["parcel_id"]].add(piece["category"])
    for right in register.rights:
        if right["parcel_id"] is not None and right["in_house_registration"]:
            assert "res_main" in land_cats[right["parcel_id"]]
    for piece in register.land_use_pieces:
        if piece["category"] == "vacant":
            assert 2020 <= piece["vacant_since"] < TODAY.year
        if piece["category"] == "agri":
            assert piece["crop"]
