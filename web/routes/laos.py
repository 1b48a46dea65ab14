"""The LAOs this installation serves."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from taxmap.admin import services
from taxmap.admin.roles import Principal
from web.access import Allow
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1", tags=["laos"])


class Lao(BaseModel):
    """An LAO with the size of its fabric."""

    code: str
    name_th: str
    name_en: str
    srid: int
    parcels: int
    zones: int
    blocks: int


@router.get("/laos", response_model=list[Lao])
def list_laos(caller: Annotated[Principal, Allow.signed_in], engine: EngineDep) -> list[Lao]:
    """List the caller's LAOs with counts of zones, blocks and parcels."""
    return [
        Lao.model_validate(lao, from_attributes=True)
        for lao in services.list_laos(engine)
        if caller.system_admin or lao.code in caller.roles
    ]
