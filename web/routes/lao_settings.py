"""The LAO settings its administrator may change (letterhead, payment biller ID)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from taxmap.admin.lao_settings import LaoSettings, get_lao_settings, update_lao_settings
from taxmap.admin.roles import Principal
from web.access import Allow
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["LAO settings"])


@router.get("/settings", dependencies=[Allow.admin])
def read_settings(lao: str, engine: EngineDep) -> dict[str, Any]:
    """Return the LAO's letterhead and payment settings."""
    return get_lao_settings(lao, engine)


@router.put("/settings")
def write_settings(
    lao: str, body: LaoSettings, engine: EngineDep, caller: Annotated[Principal, Allow.admin]
) -> dict[str, Any]:
    """Replace the LAO's letterhead and payment settings (audited); `changed` names the fields."""
    return update_lao_settings(lao, body, engine, actor=caller.actor)
