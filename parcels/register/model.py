"""Commands that change the register, as plain data (what a clerk fills in on a form)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class NewOwner:
    """An owner to register: a person, a juristic person, the state or a religious body."""

    kind: str
    name_th: str
    title_th: str | None = None
    first_name_th: str | None = None
    last_name_th: str | None = None
    name_en: str | None = None
    national_id: str | None = None
    juristic_id: str | None = None
    registered_address: str | None = None
    current_address: str | None = None
    mailing_address: str | None = None
    phone: str | None = None
    email: str | None = None
    moved_for_official_reasons: bool = False


@dataclass(frozen=True)
class Holder:
    """An owner's right in a building or sign: owner number and share (numerator/denominator)."""

    owner_no: int
    share_num: int = 1
    share_den: int = 1
    kind: str = "owner"
    in_house_registration: bool = False


@dataclass(frozen=True)
class UsePieceInput:
    """A use piece: tax category (or LTAX survey code) and its area (sq wah or m²)."""

    category: str
    area: Decimal
    exemption: str | None = None
    vacant_since: int | None = None


@dataclass(frozen=True)
class NewBuilding:
    """A building surveyed on a parcel, with its use by floor area and its owners."""

    treasury_type: int
    construction_class: str
    floor_area_m2: Decimal
    year_completed: int
    uses: tuple[UsePieceInput, ...]
    owners: tuple[Holder, ...] = ()  # none: the land's owners
    floors: int | None = None
    house_no: str | None = None
    valid_from: date | None = None


@dataclass(frozen=True)
class NewSign:
    """A sign on a parcel: type 1-3, moving or fixed, size, faces, date first shown."""

    sign_type: int
    width_cm: Decimal
    height_cm: Decimal
    first_shown: date
    faces: int = 1
    moving: bool = False
    business_name: str | None = None
    owners: tuple[Holder, ...] = ()  # none: the land's owners


@dataclass(frozen=True)
class NewTrade:
    """A business on a parcel or in a building, with its operator and licence."""

    business_name: str
    kind: str
    operator_owner_no: int | None = None
    building_code: str | None = None
    licence_no: str | None = None
    licence_from: date | None = None
    licence_to: date | None = None


@dataclass(frozen=True)
class NewCondoUnit:
    """A condominium unit (ห้องชุด) on a parcel, with its area and owners (§2.3)."""

    building_name: str
    unit_no: str
    area_m2: Decimal
    owners: tuple[Holder, ...]
    floor: int | None = None
    valid_from: date | None = None
