"""Turn a whole LAO's register into the engine's use pieces at once (s.35, s.38, s.41, s.42, s.48).

The same valuation as a single quote (valuation.rules.property), in array form: land pieces
at the parcel's price, buildings at their type's price less depreciation, land and the same
owners' buildings on it one property unit, contiguous parcels of one owner set one unit. Only
the s.38 split of land under a building with several uses runs item by item, on the few
parcels that have one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import numpy as np
import pandas as pd

from valuation.rules.depreciation import depreciation_percents
from valuation.rules.lbt import Pieces, Taxpayers
from valuation.rules.model import CATEGORY_CODE, BuildingPriceList, DepreciationClass, LbtRules
from valuation.rules.roll_model import RollFrames
from valuation.rules.valuation import (
    building_value_micro,
    land_under_mixed_building,
    land_value_micro,
)

# Columns of the piece table the rest of the roll reads.
PIECE_COLUMNS = (
    "owners",
    "unit",
    "category",
    "value",
    "vacant_since",
    "exemption",
    "parcel_id",
    "building_id",
)


@dataclass(frozen=True)
class RollPieces:
    """Engine arrays for a whole roll, with the piece table and taxpayers behind them."""

    pieces: Pieces
    taxpayers: Taxpayers
    table: pd.DataFrame  # one row per piece: PIECE_COLUMNS plus taxpayer
    owner_sets: pd.Index  # taxpayer index -> owner set
    individual: np.ndarray
    unit_labels: pd.Index
    exempt_parcels: int
    unpriced_parcels: int
    unvalued_buildings: int


def owners_of(frames: RollFrames, kind: str) -> pd.DataFrame:
    """Return the owner set and individual flag of each object of a kind, indexed by its id."""
    own = frames.owners
    return own.loc[own["object"] == kind, ["object_id", "owners", "individual"]].set_index(
        "object_id"
    )


def contiguous_groups(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Join touching same-owner parcels into groups (union-find); parcel id -> group id (s.42)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    return {x: root(x) for x in parent}


def contiguous_units(frames: RollFrames) -> pd.Series:
    """Label parcels joined into contiguous same-owner groups 'group <first code>' (s.42)."""
    pairs = frames.contiguous[["a", "b"]].itertuples(index=False)
    groups = contiguous_groups((int(a), int(b)) for a, b in pairs)
    if not groups:
        return pd.Series(dtype=object)
    members = pd.Series(groups)
    codes = frames.parcels.set_index("id")["code"]
    # A group is named after its first parcel code, which also places it in a zone and tambon.
    first = codes.reindex(members.index).groupby(members.to_numpy()).min()
    return "group " + first.reindex(members.to_numpy()).set_axis(members.index)


def land_pieces(frames: RollFrames) -> tuple[pd.DataFrame, int, int]:
    """Return the land use pieces to value (with owners and units), exempt and unpriced counts."""
    parcels = frames.parcels.join(owners_of(frames, "parcel"), on="id")
    uses = frames.land_uses.reset_index(drop=True)
    uses["order"] = np.arange(len(uses))
    land = uses.merge(parcels, left_on="parcel_id", right_on="id", how="inner")
    land = land[land["owners"].notna()]
    exempt_ids = set(land.loc[land["exemption"] != "", "parcel_id"])
    unpriced = land["price_satang"].isna()
    unpriced_parcels = int(
        land.loc[unpriced & ~land["parcel_id"].isin(exempt_ids), "parcel_id"].nunique()
    )
    land = land[~unpriced].sort_values(["code", "order"], kind="stable")
    groups = contiguous_units(frames)
    land["unit"] = ("land " + land["code"]).where(
        ~land["parcel_id"].isin(groups.index),
        land["parcel_id"].map(groups),
    )
    land["value"] = land_value_micro(
        land["price_satang"].to_numpy(np.int64), land["area_centi"].to_numpy(np.int64)
    )
    land["building_id"] = 0
    return land, len(exempt_ids), unpriced_parcels


def building_pieces(
    frames: RollFrames,
    land: pd.DataFrame,
    rules: LbtRules,
    prices: BuildingPriceList,
    depreciation: dict[str, DepreciationClass],
) -> tuple[pd.DataFrame, int]:
    """Value building use pieces (price x floor area less depreciation, §2.2); count unvalued."""
    buildings = frames.buildings.join(owners_of(frames, "building"), on="id")
    buildings = buildings[buildings["owners"].notna()]
    price = {code: int(kind.price * 100) for code, kind in prices.types.items()}
    buildings = buildings.assign(price_satang=buildings["treasury_type"].map(price))
    classes = list(depreciation)
    class_index = buildings["construction_class"].map({c: i for i, c in enumerate(classes)})
    has_uses = buildings["id"].isin(frames.building_uses["building_id"])
    valued = buildings["price_satang"].notna() & class_index.notna()
    unvalued = int((~valued & has_uses).sum())
    buildings, class_index = buildings[valued], class_index[valued]
    year = rules.tax_year
    completed = buildings["year_completed"].to_numpy(np.int64)
    completed = np.where(completed > 2400, completed - 543, completed)  # B.E. given
    completed = np.where(completed == 0, year, completed)
    # building_age: tax year minus completion year, never below 0 (the one method so far).
    ages = np.maximum(year - completed, 0)
    percent = depreciation_percents(
        depreciation, classes, class_index.to_numpy(np.int64), ages.astype(np.int64)
    )
    buildings = buildings.assign(percent=percent)
    # Land and the same owners' building on it are one base (s.35); otherwise its own (s.48).
    land_owner = land.drop_duplicates("parcel_id").set_index("parcel_id")
    same = buildings["parcel_id"].map(land_owner["owners"]) == buildings["owners"]
    buildings["unit"] = ("building " + buildings["code"]).where(
        ~same, buildings["parcel_id"].map(land_owner["unit"])
    )
    buildings["on_land"] = same
    uses = frames.building_uses.reset_index(drop=True)
    uses["order"] = np.arange(len(uses))
    out = uses.merge(
        buildings.drop(columns=["floor_centi"]),
        left_on="building_id",
        right_on="id",
        how="inner",
    ).sort_values("order", kind="stable")
    out["value"] = building_value_micro(
        out["price_satang"].to_numpy(np.int64),
        out["floor_centi"].to_numpy(np.int64),
        out["percent"].to_numpy(np.int64),
    )
    out["vacant_since"] = 0
    return out, unvalued


def split_mixed_sites(land: pd.DataFrame, buildings: pd.DataFrame, rules: LbtRules) -> pd.DataFrame:
    """Split land under a building of several uses by its floor-area shares (s.38 setting)."""
    if rules.settings.land_under_mixed_building != "follow_building_floor_shares":
        return land
    site = buildings[buildings["on_land"] & (buildings["floor_centi"] > 0)]
    kinds = site.groupby("parcel_id")["category"].nunique()
    mixed = set(kinds.index[kinds >= 2])
    if not mixed:
        return land
    # Floor area per category of each mixed parcel's buildings, in the buildings' order: one
    # pass over the site rows (a lookup per parcel would be quadratic at a million parcels).
    floors: dict[int, dict[str, int]] = {}
    for parcel_id, category, floor in site[["parcel_id", "category", "floor_centi"]].itertuples(
        index=False
    ):
        if parcel_id in mixed:
            by_use = floors.setdefault(int(parcel_id), {})
            by_use[category] = by_use.get(category, 0) + int(floor)
    chosen = land[land["parcel_id"].isin(mixed)]
    columns = list(chosen.columns)
    at = {name: i for i, name in enumerate(columns)}
    replaced: list[list[object]] = []
    # Rows of one parcel are adjacent (land is in code order): group them without pandas.
    for parcel_id, group in groupby(chosen.to_numpy(dtype=object), key=itemgetter(at["parcel_id"])):
        records = list(group)
        pieces = [(str(r[at["category"]]), int(r[at["area_centi"]])) for r in records]
        since = {r[at["category"]]: r[at["vacant_since"]] for r in records if r[at["vacant_since"]]}
        template = records[0]
        for n, (category, area) in enumerate(
            land_under_mixed_building(pieces, floors[int(parcel_id)])
        ):
            row = list(template)
            row[at["category"]] = category
            row[at["area_centi"]] = area
            row[at["vacant_since"]] = since.get(category, 0)
            row[at["value"]] = land_value_micro(int(template[at["price_satang"]]), area)
            row[at["order"]] = template[at["order"]] + n / 100
            replaced.append(row)
    types = chosen.dtypes.to_dict() | {"order": np.dtype("float64")}
    split = pd.DataFrame(replaced, columns=columns).astype(types)
    kept = land[~land["parcel_id"].isin(mixed)]
    return pd.concat([kept, split]).sort_values(["code", "order"], kind="stable")


def one_main_residence(table: pd.DataFrame) -> pd.Series:
    """Keep res_main on each taxpayer's first property unit with one; others res_other (s.41)."""
    main = table["category"] == "res_main"
    first_unit = table.loc[main].groupby("owners", sort=False)["unit"].first()
    demote = main & (table["unit"] != table["owners"].map(first_unit))
    return table["category"].where(~demote, "res_other")


def roll_pieces(
    frames: RollFrames,
    rules: LbtRules,
    prices: BuildingPriceList,
    depreciation: dict[str, DepreciationClass],
    sign_owner_sets: pd.Series,
) -> RollPieces:
    """Value every use piece of the LAO and number taxpayers (land, then buildings, then signs)."""
    land, exempt_parcels, unpriced = land_pieces(frames)
    buildings, unvalued = building_pieces(frames, land, rules, prices, depreciation)
    land = split_mixed_sites(land, buildings, rules)
    table = pd.concat(
        [land.loc[:, list(PIECE_COLUMNS)], buildings.loc[:, list(PIECE_COLUMNS)]],
        ignore_index=True,
    )
    table["category"] = one_main_residence(table)
    all_sets = pd.concat([table["owners"], sign_owner_sets], ignore_index=True)
    codes, owner_sets = pd.factorize(all_sets)
    table["taxpayer"] = codes[: len(table)]
    flags = frames.owners.drop_duplicates("owners").set_index("owners")["individual"]
    individual = flags.reindex(owner_sets).fillna(False).to_numpy(np.bool_)
    unit_codes, unit_labels = pd.factorize(table["unit"])
    reasons = tuple(sorted(set(table["exemption"]) - {""}))
    exempt = table["exemption"].map({r: i + 1 for i, r in enumerate(reasons)}).fillna(0)
    n = len(table)
    pieces = Pieces(
        taxpayer=table["taxpayer"].to_numpy(np.int64),
        unit=unit_codes.astype(np.int64),
        category=table["category"].map(CATEGORY_CODE).to_numpy(np.int64),
        value=table["value"].to_numpy(np.int64),
        vacant_since=table["vacant_since"].to_numpy(np.int64),
        reduction_class=np.zeros(n, dtype=np.int64),
        exempt=exempt.to_numpy(np.int64),
        exempt_reasons=reasons,
    )
    taxpayers = Taxpayers(
        individual=individual,
        prior_tax_2019=np.full(len(owner_sets), -1, dtype=np.int64),
    )
    return RollPieces(
        pieces,
        taxpayers,
        table,
        pd.Index(owner_sets),
        individual,
        pd.Index(unit_labels),
        exempt_parcels,
        unpriced,
        unvalued,
    )
