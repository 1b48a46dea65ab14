"""The property register over HTTP."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from parcels.register.editing import (
    create_owner,
    owner_record,
    set_land_record,
    set_land_use,
    update_owner,
)
from parcels.register.model import (
    Holder,
    NewBuilding,
    NewCondoUnit,
    NewOwner,
    NewSign,
    NewTrade,
    UsePieceInput,
)
from parcels.register.services import search_owners
from parcels.register.structures import add_building, add_condo_unit, add_sign, add_trade
from taxmap.admin.roles import Principal
from web.access import Allow
from web.deps import EngineDep
from web.params import RecordNo, RowOffset
from web.privacy import disclose

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["register"])


@router.get("/owners")
def owners(
    caller: Annotated[Principal, Allow.read],
    lao: str,
    engine: EngineDep,
    q: Annotated[str, Query(description="Name, ID, owner no., parcel code, deed or house no.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[RowOffset, Query()] = 0,
) -> dict[str, Any]:
    """Search owners; Thai or English names are matched tolerant of spacing and tone marks."""
    page = asdict(search_owners(lao, q, engine, limit=limit, offset=offset))
    numbers = [hit["owner_no"] for hit in page["owners"]]
    return dict(disclose(caller, lao, page, numbers, "search", engine))


class OwnerIn(BaseModel):
    """An owner to register (เจ้าของทรัพย์สิน)."""

    kind: Literal["individual", "juristic", "state", "religious", "other"]
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


class HolderIn(BaseModel):
    """An owner's share in a building or sign."""

    owner_no: int
    share_num: int = 1
    share_den: int = 1
    kind: Literal["owner", "possessor", "state_land_user"] = "owner"
    in_house_registration: bool = False


class UseIn(BaseModel):
    """A use piece: category key or LTAX code, and area (sq wah for land, m² for buildings)."""

    category: str
    area: Decimal
    exemption: str | None = None
    vacant_since: int | None = None


class BuildingIn(BaseModel):
    """A building surveyed on a parcel."""

    treasury_type: int
    construction_class: Literal["concrete", "half_wood", "wood"]
    floor_area_m2: Decimal
    year_completed: int
    uses: list[UseIn]
    owners: list[HolderIn] = []
    floors: int | None = None
    house_no: str | None = None
    valid_from: date | None = None


class SignIn(BaseModel):
    """A sign on a parcel."""

    sign_type: int
    width_cm: Decimal
    height_cm: Decimal
    first_shown: date
    faces: int = 1
    moving: bool = False
    business_name: str | None = None
    owners: list[HolderIn] = []


class LandUseIn(BaseModel):
    """A parcel's land use from a date."""

    effective: date
    pieces: list[UseIn]


def _uses(items: list[UseIn]) -> tuple[UsePieceInput, ...]:
    return tuple(UsePieceInput(**u.model_dump()) for u in items)


def _holders(items: list[HolderIn]) -> tuple[Holder, ...]:
    return tuple(Holder(**h.model_dump()) for h in items)


@router.post("/owners", status_code=201)
def create(
    caller: Annotated[Principal, Allow.edit_register], lao: str, body: OwnerIn, engine: EngineDep
) -> dict[str, Any]:
    """Register an owner; the answer carries the new owner number (ผ.ท.4)."""
    return {
        "owner_no": create_owner(lao, NewOwner(**body.model_dump()), engine, actor=caller.actor)
    }


@router.get("/owners/{owner_no}")
def owner(
    caller: Annotated[Principal, Allow.read],
    lao: str,
    owner_no: RecordNo,
    engine: EngineDep,
    on: date | None = None,
) -> dict[str, Any]:
    """Return an owner with the parcels, buildings and signs they hold on a day."""
    record = owner_record(lao, owner_no, engine, on=on)
    return dict(disclose(caller, lao, record, [owner_no], "record", engine))


@router.patch("/owners/{owner_no}")
def change(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    owner_no: RecordNo,
    body: dict[str, Any],
    engine: EngineDep,
) -> dict[str, Any]:
    """Change an owner's details; answer with the record as it is now."""
    update_owner(lao, owner_no, body, engine, actor=caller.actor)
    return owner_record(lao, owner_no, engine)


@router.post("/parcels/{code}/buildings", status_code=201)
def building(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    code: str,
    body: BuildingIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Record a building on a parcel with its uses and owners."""
    values = body.model_dump() | {"uses": _uses(body.uses), "owners": _holders(body.owners)}
    return {"code": add_building(lao, code, NewBuilding(**values), engine, actor=caller.actor)}


@router.post("/parcels/{code}/signs", status_code=201)
def sign(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    code: str,
    body: SignIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Record a sign on a parcel."""
    values = body.model_dump() | {"owners": _holders(body.owners)}
    return {"code": add_sign(lao, code, NewSign(**values), engine, actor=caller.actor)}


@router.put("/parcels/{code}/land-use")
def land_use(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    code: str,
    body: LandUseIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Replace a parcel's land-use pieces from a date."""
    count = set_land_use(lao, code, _uses(body.pieces), body.effective, engine, actor=caller.actor)
    return {"pieces": count}


@router.put("/parcels/{code}/land-record")
def land_record(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    code: str,
    body: dict[str, Any],
    engine: EngineDep,
) -> dict[str, Any]:
    """Record a parcel's land document, sheet and legal area (e.g. "1-2-50.5")."""
    return set_land_record(lao, code, body, engine, actor=caller.actor)


class TradeIn(BaseModel):
    """A business on a parcel."""

    business_name: str
    kind: str
    operator_owner_no: int | None = None
    building_code: str | None = None
    licence_no: str | None = None
    licence_from: date | None = None
    licence_to: date | None = None


class CondoUnitIn(BaseModel):
    """A condominium unit on a parcel."""

    building_name: str
    unit_no: str
    area_m2: Decimal
    owners: list[HolderIn]
    floor: int | None = None
    valid_from: date | None = None


@router.post("/parcels/{code}/trades", status_code=201)
def trade(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    code: str,
    body: TradeIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Record a business on a parcel."""
    return {"id": add_trade(lao, code, NewTrade(**body.model_dump()), engine, actor=caller.actor)}


@router.post("/parcels/{code}/condo-units", status_code=201)
def condo_unit(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    code: str,
    body: CondoUnitIn,
    engine: EngineDep,
) -> dict[str, Any]:
    """Record a condominium unit with its owners."""
    values = body.model_dump() | {"owners": _holders(body.owners)}
    return {"id": add_condo_unit(lao, code, NewCondoUnit(**values), engine, actor=caller.actor)}
