"""The request of a tax quote (the public contract of valuation.quote), as pydantic models.

Numbers may be JSON numbers or decimal strings; money and areas take at most two decimals.
Unknown keys are refused so a misspelt field is reported instead of silently ignored.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _number(value: object) -> Decimal:
    # bool is an int in Python, but true is not a price; floats go through their repr so
    # 0.1 stays 0.1.
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{value!r} is not a number")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a finite number")
    return number


def _two_places(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value} is negative")
    try:
        rounded = value.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than Decimal's 28: no price or area is this large
        raise ValueError(f"{value} is too large") from None
    if value != rounded:
        raise ValueError(f"{value} has more than 2 decimals")
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"{value} must be more than 0")
    return value


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"{value!r} is not a whole number")


def _year(value: int) -> int:
    # B.E. years (2400 and up) are accepted as Thai forms write them.
    if not 1900 <= value <= 2800:
        raise ValueError(f"{value} is not a year (C.E. or B.E.)")
    return value - 543 if value >= 2400 else value


def _non_negative(value: int) -> int:
    if value < 0:
        raise ValueError(f"{value} is negative")
    return value


def _at_least_one(value: int) -> int:
    if value < 1:
        raise ValueError(f"{value} must be 1 or more")
    return value


def _day(value: object) -> date:
    match = _DATE.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    year = int(match[1])
    try:
        return date(year - 543 if year >= 2400 else year, int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a day ({exc})") from None


Number = Annotated[Decimal, BeforeValidator(_number)]
Money = Annotated[Number, AfterValidator(_two_places)]
Area = Annotated[Number, AfterValidator(_two_places), AfterValidator(_positive)]
Whole = Annotated[int, BeforeValidator(_whole)]
Year = Annotated[Whole, AfterValidator(_year)]
Age = Annotated[Whole, AfterValidator(_non_negative)]
Faces = Annotated[Whole, AfterValidator(_at_least_one)]
Day = Annotated[date, BeforeValidator(_day)]
Id = Annotated[str, Field(min_length=1, max_length=64)]
Category = Literal["agri", "res_main", "res_bldg", "res_other", "other", "vacant"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LandUse(_Strict):
    """A use piece of a parcel."""

    category: Category
    area_sq_wah: Area
    vacant_since: Year | None = None


class FloorUse(_Strict):
    """A use piece of a building or condominium unit, by floor area."""

    category: Category
    floor_area_sqm: Area


class Land(_Strict):
    """A parcel of the taxpayer."""

    id: Id
    area_sq_wah: Area
    price_per_sq_wah: Money
    contiguous_group: Id | None = None
    uses: Annotated[list[LandUse], Field(min_length=1)]


class Building(_Strict):
    """A building of the taxpayer; `on_land` names the taxpayer's parcel it stands on."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Id
    on_land: Id | None = None
    price_per_sqm: Money
    floor_area_sqm: Area
    construction_class: Literal["concrete", "half_wood", "wood"] = Field(alias="class")
    age_years: Age | None = None
    completed_year: Year | None = None
    uses: Annotated[list[FloorUse], Field(min_length=1)]


class CondoUnit(_Strict):
    """A condominium unit of the taxpayer."""

    id: Id
    area_sqm: Area
    price_per_sqm: Money
    uses: Annotated[list[FloorUse], Field(min_length=1)]


class SignIn(_Strict):
    """A sign of the taxpayer."""

    id: Id
    type: Literal[1, 2, 3]
    moving: bool
    width_cm: Area
    height_cm: Area
    faces: Faces
    first_shown: Day


class Owner(_Strict):
    """Who pays: an individual or a juristic person."""

    kind: Literal["individual", "juristic"]


class QuoteRequest(_Strict):
    """The whole quote request."""

    tax_year: Year
    lao: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")] | None = None
    owner: Owner
    land: list[Land] = []
    buildings: list[Building] = []
    condo_units: list[CondoUnit] = []
    signs: list[SignIn] = []
    prior_tax_2019: Money | None = None
    reduction_class: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    settings: dict[str, Any] | None = None
