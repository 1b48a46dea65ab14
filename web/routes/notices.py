"""Notices over HTTP: freeze the roll, issue, correct, print."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from taxmap.billing.notices import cancel_and_reissue, freeze_roll, issue_notices, notice_pdf
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["notices"])
ACTOR = "api"  # until sign-in exists (the security issue)


class IssueIn(BaseModel):
    """When the notices are issued (default today)."""

    issued_on: date | None = None


class ReissueIn(BaseModel):
    """A corrected tax and why."""

    amount: Decimal
    reason: str


@router.post("/rolls/{year}/freeze")
def freeze(lao: str, year: int, engine: EngineDep) -> dict[str, Any]:
    """Freeze a tax year's roll."""
    return {"roll_id": freeze_roll(lao, year, engine, actor=ACTOR), "status": "frozen"}


@router.post("/rolls/{year}/notices")
def issue(lao: str, year: int, body: IssueIn, engine: EngineDep) -> dict[str, Any]:
    """Issue the notices of a frozen roll not issued yet."""
    report = issue_notices(lao, year, engine, actor=ACTOR, issued_on=body.issued_on)
    return vars(report)


@router.post("/notices/{notice_no}/reissue")
def reissue(lao: str, notice_no: str, body: ReissueIn, engine: EngineDep) -> dict[str, Any]:
    """Cancel a notice and issue its correction (s.53)."""
    number = cancel_and_reissue(lao, notice_no, body.amount, body.reason, engine, actor=ACTOR)
    return {"cancelled": notice_no, "issued": number}


@router.get("/notices/{notice_no}.pdf")
def pdf(lao: str, notice_no: str, engine: EngineDep) -> Response:
    """The notice as PDF (ภ.ด.ส.6 with ภ.ด.ส.7, or ภ.ป.3) with its payment codes."""
    return Response(
        notice_pdf(lao, notice_no, engine),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{lao}-{notice_no}.pdf"'},
    )
