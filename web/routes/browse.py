"""Reads the browser app needs: a parcel by code, codes by prefix, LAO extent, an owner's tax."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from parcels.fabric.browse import find_parcel, lao_extent, parcel_codes
from taxmap.billing.lookup import owner_taxes
from web.access import Allow
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["browse"])


@router.get("/parcels/{code}", dependencies=[Allow.read])
def parcel(lao: str, code: str, engine: EngineDep) -> dict[str, Any]:
    """Return one parcel with its boundary, areas (m² and rai-ngan-wah), owners and land use."""
    return find_parcel(lao, code, engine)


@router.get("/parcel-codes", dependencies=[Allow.read])
def codes(
    lao: str,
    engine: EngineDep,
    q: Annotated[str, Query(description="The start of a parcel code, e.g. 01A")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    """List active parcels whose code starts with `q`."""
    return parcel_codes(lao, q, engine, limit=limit)


@router.get("/extent", dependencies=[Allow.read])
def extent(lao: str, engine: EngineDep) -> dict[str, Any]:
    """Return the LAO's fabric extent in WGS 84 (null when it has no parcels)."""
    return {"lao": lao, "bbox": lao_extent(lao, engine)}


@router.get("/owners/{owner_no}/taxes", dependencies=[Allow.revenue])
def taxes(
    lao: str,
    owner_no: int,
    engine: EngineDep,
    year: Annotated[
        int | None, Query(description="Tax year, B.E. or C.E.; default this year")
    ] = None,
) -> dict[str, Any]:
    """Return an owner's assessments on a year's roll and the notices issued for them."""
    return owner_taxes(lao, owner_no, year or date.today().year, engine)
