"""The plain data a whole roll is assessed from and what it produces (rule book §1.1-1.4).

Frames hold the register as of 1 January in whole units: prices in satang, areas in
hundredths of a square wah or square metre, sign areas in ten-thousandths of a cm². Owner
sets are the sorted party ids joined by commas; one owner set is one taxpayer (s.47).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

# Columns each frame must have (the adapter's SQL returns exactly these).
FRAME_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "owners": ("object", "object_id", "owners", "individual"),
    "parcels": ("id", "code", "zone", "tambon", "price_satang"),
    "land_uses": ("parcel_id", "category", "area_centi", "vacant_since", "exemption"),
    "buildings": (
        "id",
        "code",
        "parcel_id",
        "treasury_type",
        "construction_class",
        "floor_centi",
        "year_completed",
    ),
    "building_uses": ("building_id", "category", "floor_centi", "exemption"),
    "signs": ("id", "code", "parcel_id", "sign_type", "moving", "area_e4", "first_shown"),
    "contiguous": ("a", "b"),
}


@dataclass(frozen=True)
class RollFrames:
    """The register and fabric of one LAO as of 1 January of a tax year, one frame per kind."""

    owners: pd.DataFrame
    parcels: pd.DataFrame
    land_uses: pd.DataFrame
    buildings: pd.DataFrame
    building_uses: pd.DataFrame
    signs: pd.DataFrame
    contiguous: pd.DataFrame
    party_names: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RollResult:
    """Assessments (one row per taxpayer) and their bill lines, amounts in satang."""

    taxpayers: pd.DataFrame
    lines: pd.DataFrame
    exempt_parcels: int
    unpriced_parcels: int
    unvalued_buildings: int
