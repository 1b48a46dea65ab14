"""The property register over HTTP."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from parcels.register.services import search_owners
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["register"])


@router.get("/owners")
def owners(
    lao: str,
    engine: EngineDep,
    q: Annotated[str, Query(description="Name, ID, owner no., parcel code, deed or house no.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Search owners; Thai or English names are matched tolerant of spacing and tone marks."""
    return asdict(search_owners(lao, q, engine, limit=limit, offset=offset))
