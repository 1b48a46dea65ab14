"""The tax roll over HTTP: totals and taxpayers, one taxpayer's bill lines."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from taxmap.admin.roles import Principal
from valuation.roll_services import assessment_detail, roll_report
from web.access import Allow
from web.deps import EngineDep
from web.params import RecordNo, RowOffset

router = APIRouter(prefix="/api/v1/laos/{lao}/rolls", tags=["roll"])


@router.get("/{year}", dependencies=[Allow.read])
def roll(
    lao: str,
    year: int,
    engine: EngineDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[RowOffset, Query()] = 0,
) -> dict[str, Any]:
    """Return the roll of a tax year (B.E. or C.E.): totals and a page of assessments."""
    return roll_report(lao, year, engine, limit=limit, offset=offset)


@router.get("/{year}/taxpayers/{taxpayer_no}")
def assessment(
    caller: Annotated[Principal, Allow.revenue],
    lao: str,
    year: int,
    taxpayer_no: RecordNo,
    engine: EngineDep,
) -> dict[str, Any]:
    """Return one taxpayer's assessment with the rule, data and arithmetic of each line."""
    return assessment_detail(lao, year, taxpayer_no, engine)
