"""The public quote contract over HTTP: the same JSON in and out as `taxmap tax quote`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from valuation.quote import quote
from web.access import Allow

router = APIRouter(prefix="/api/v1/tax", tags=["tax"])


@router.post("/quote", dependencies=[Allow.public])
def tax_quote(document: dict[str, Any] = Body(...)) -> dict[str, Any]:
    """Quote the Land and Building Tax and Signboard Tax of one taxpayer for one tax year."""
    return quote(document)
