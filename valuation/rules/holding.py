"""One taxpayer's land, buildings and condominium units as the engine receives them (§1-2)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class UsePiece:
    """A part of a parcel, building or unit with one use; area in sq wah or m² (§1.3)."""

    category: str
    area: Decimal
    vacant_since: int | None = None


@dataclass(frozen=True)
class LandItem:
    """A parcel: area in sq wah, appraised price per sq wah, its use pieces (§2.1)."""

    id: str
    area_sq_wah: Decimal
    price_per_sq_wah: Decimal
    uses: tuple[UsePiece, ...]
    contiguous_group: str | None = None
    exempt_reason: str | None = None


@dataclass(frozen=True)
class BuildingItem:
    """A building: Treasury price per m² (or per measure), floor area, class, age (§2.2)."""

    id: str
    price_per_sqm: Decimal
    floor_area_sqm: Decimal
    construction_class: str
    uses: tuple[UsePiece, ...]
    on_land: str | None = None
    age_years: int | None = None
    completed_year: int | None = None
    exempt_reason: str | None = None


@dataclass(frozen=True)
class CondoItem:
    """A condominium unit: area in m² and the building's price per m² (§2.3)."""

    id: str
    area_sqm: Decimal
    price_per_sqm: Decimal
    uses: tuple[UsePiece, ...]
    exempt_reason: str | None = None


@dataclass(frozen=True)
class Holding:
    """Everything one taxpayer owns in one LAO on 1 January of the tax year (s.9)."""

    individual: bool
    land: tuple[LandItem, ...] = ()
    buildings: tuple[BuildingItem, ...] = ()
    condos: tuple[CondoItem, ...] = ()
    reduction_class: str | None = None
    prior_tax_2019: Decimal | None = None
