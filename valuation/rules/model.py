"""Typed rule data the engine runs on, resolved for one tax year and LAO (rule book §1-3).

valuation.ruledata reads and validates the files under data/tax and builds these objects;
the rule modules only ever see them, never a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# Use categories (rule book §1.3) in engine order; the index is the category code in arrays.
CATEGORIES: tuple[str, ...] = ("agri", "res_main", "res_bldg", "res_other", "other", "vacant")
CATEGORY_CODE: Mapping[str, int] = {key: code for code, key in enumerate(CATEGORIES)}
# LTAX Online survey codes, kept beside the engine keys (5 = mixed is a parcel, not a piece).
LTAX_CODE: Mapping[str, str] = {
    "agri": "1",
    "res_main": "2-(1)",
    "res_bldg": "2-(2)",
    "res_other": "2-(3)",
    "other": "3",
    "vacant": "4",
}
CATEGORY_TH: Mapping[str, str] = {
    "agri": "เกษตรกรรม",
    "res_main": "ที่อยู่อาศัยหลังหลัก (เจ้าของที่ดินและบ้าน)",
    "res_bldg": "ที่อยู่อาศัยหลังหลัก (เจ้าของเฉพาะบ้าน)",
    "res_other": "ที่อยู่อาศัยอื่น",
    "other": "อื่น ๆ",
    "vacant": "ทิ้งไว้ว่างเปล่าหรือไม่ทำประโยชน์ตามควรแก่สภาพ",
}
OWNER_KINDS: tuple[str, ...] = ("individual", "juristic")

BandMethod = Literal["marginal", "whole_value"]
BandBasis = Literal["property_unit", "taxpayer_total_in_lao"]
LandUnderMixedBuilding = Literal["follow_building_floor_shares", "as_surveyed"]
AllowanceOrder = Literal["pro_rata_by_value", "largest_first"]
BuildingAge = Literal["tax_year_minus_completion_year"]
Stacking = Literal["multiply", "standing_only"]

# The options of every Setting (the mechanism the code implements); defaults live in data.
SETTING_CHOICES: Mapping[str, tuple[str, ...]] = {
    "band_method": ("marginal", "whole_value"),
    "band_basis": ("property_unit", "taxpayer_total_in_lao"),
    "land_under_mixed_building": ("follow_building_floor_shares", "as_surveyed"),
    "agri_allowance_order": ("pro_rata_by_value", "largest_first"),
    "building_age": ("tax_year_minus_completion_year",),
}
# Settings whose value is not one of a list of words.
SETTING_KINDS: Mapping[str, str] = {
    "sign_rates_from": "year",
    "sign_minimum_before_proration": "bool",
}
SETTING_NAMES: tuple[str, ...] = (*SETTING_CHOICES, *SETTING_KINDS)
STACKINGS: tuple[str, ...] = ("multiply", "standing_only")


@dataclass(frozen=True)
class DataRef:
    """The data file a number came from, and that file's version."""

    file: str
    version: str


@dataclass(frozen=True)
class Settings:
    """The rule book's Settings in force for one tax year and LAO."""

    band_method: BandMethod
    band_basis: BandBasis
    land_under_mixed_building: LandUnderMixedBuilding
    agri_allowance_order: AllowanceOrder
    building_age: BuildingAge
    sign_rates_from: int
    sign_minimum_before_proration: bool
    source: DataRef
    # Which names were set by the request rather than the data, for the explanation.
    overridden: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateBand:
    """One band: the slice of taxable base up to `upto` baht (None: open) at `rate` percent."""

    upto: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class RateSchedule:
    """The bands of one category, national or from an LAO ordinance (s.37)."""

    category: str
    bands: tuple[RateBand, ...]
    origin_en: str
    origin_th: str
    source: DataRef


@dataclass(frozen=True)
class Allowance:
    """The first `amount` of a category's pooled base is exempt for these owners (s.40, s.41)."""

    category: str
    amount: Decimal
    owner_kinds: frozenset[str]
    section: str
    source: DataRef


@dataclass(frozen=True)
class FullExemption:
    """A category fully exempt for some owners in this tax year (s.96)."""

    categories: frozenset[str]
    owner_kinds: frozenset[str]
    section: str
    source: DataRef


@dataclass(frozen=True)
class VacantSurcharge:
    """The vacant-land surcharge parameters (s.43)."""

    categories: frozenset[str]
    step_points: Decimal
    step_years: int
    cap: Decimal
    counting_from: int
    section: str
    source: DataRef

    def steps(self, tax_year: int, vacant_since: int | None) -> int:
        """Return the completed runs of `step_years` vacant years before `tax_year` (s.43)."""
        if vacant_since is None:
            return 0
        start = max(vacant_since, self.counting_from)
        return max(tax_year - start, 0) // self.step_years


@dataclass(frozen=True)
class StandingReduction:
    """A standing reduction class chosen per property (s.55, decree of 20 January 2020)."""

    key: str
    percent: Decimal
    categories: frozenset[str]
    name_en: str
    name_th: str
    reference: str
    source: DataRef


@dataclass(frozen=True)
class YearReduction:
    """The reduction decreed for one tax year and how it stacks on standing classes (s.55)."""

    year: int
    percent: Decimal
    categories: frozenset[str]
    stacking: Mapping[str, Stacking]
    default_stacking: Stacking
    name_en: str
    name_th: str
    reference: str
    source: DataRef

    def stacking_for(self, standing_class: str | None) -> Stacking:
        """Return how this reduction combines with a standing class (multiply without one)."""
        if standing_class is None:
            return "multiply"
        return self.stacking.get(standing_class, self.default_stacking)


@dataclass(frozen=True)
class LbtRules:
    """Everything the Land and Building Tax needs for one tax year and LAO."""

    tax_year: int
    lao: str | None
    schedules: Mapping[str, RateSchedule]
    allowances: Mapping[str, Allowance]
    full_exemption: FullExemption | None
    surcharge: VacantSurcharge
    standing: Mapping[str, StandingReduction]
    year_reduction: YearReduction | None
    max_reduction_percent: Decimal
    reductions_source: DataRef
    transition_share: Decimal | None
    transition_section: str
    transition_source: DataRef
    settings: Settings
    # Standing classes known to the data but not (yet) in force this year, for explanations.
    standing_not_in_force: Mapping[str, StandingReduction] = field(default_factory=dict)


@dataclass(frozen=True)
class DepreciationClass:
    """Depreciation of one construction class: percent by whole years of age (§2.2)."""

    key: str
    name_th: str
    name_en: str
    # Percent at age 0, 1, ..., cap_from_age; any older age takes the last entry.
    percents: tuple[int, ...]
    source: DataRef

    @property
    def cap(self) -> int:
        """Return the highest depreciation percent of the class."""
        return self.percents[-1]

    def percent(self, age: int) -> int:
        """Return the depreciation percent of a building `age` whole years old."""
        return self.percents[min(max(age, 0), len(self.percents) - 1)]


@dataclass(frozen=True)
class SignRates:
    """The signboard rate set in force (baht per unit by type and moving) and its parameters."""

    regime: str
    regulation: str
    rates: Mapping[tuple[int, bool], Decimal]
    unit_cm2: int
    remainder_counts_over_cm2: int
    minimum: Decimal
    quarter_shares: tuple[Decimal, Decimal, Decimal, Decimal]
    minimum_before_proration: bool
    source: DataRef
    # Where `minimum_before_proration` and the choice of rate set came from.
    settings_source: DataRef


@dataclass(frozen=True)
class BuildingType:
    """A Treasury building type of a province's price list (§2.2)."""

    code: int
    name_th: str
    name_en: str
    construction_class: str
    price: Decimal
    unit: Literal["m2", "m", "each"]


@dataclass(frozen=True)
class BuildingPriceList:
    """A province's building prices by Treasury type code (§2.2)."""

    province: str
    types: Mapping[int, BuildingType]
    source: DataRef
