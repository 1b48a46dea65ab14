"""Notices over HTTP: freeze the roll, issue, correct, print."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from taxmap.admin.roles import Principal
from taxmap.billing.notices import cancel_and_reissue, freeze_roll, issue_notices, notice_pdf
from web.access import Allow
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["notices"])


class IssueIn(BaseModel):
    """When the notices are issued (default today)."""

    issued_on: date | None = None


class ReissueIn(BaseModel):
    """Why the notice is re-assessed, and (optionally) the tax the officer expects."""

    reason: str = Field(min_length=1)
    amount: Decimal | None = Field(
        None, description="Refused unless the register as of 1 January gives this tax."
    )


@router.post("/rolls/{year}/freeze")
def freeze(
    lao: str, year: int, engine: EngineDep, user: Annotated[Principal, Allow.revenue]
) -> dict[str, Any]:
    """Freeze a tax year's roll."""
    return {"roll_id": freeze_roll(lao, year, engine, actor=user.actor), "status": "frozen"}


@router.post("/rolls/{year}/notices")
def issue(
    lao: str, year: int, body: IssueIn, engine: EngineDep, user: Annotated[Principal, Allow.revenue]
) -> dict[str, Any]:
    """Issue the notices of a frozen roll not issued yet."""
    report = issue_notices(lao, year, engine, actor=user.actor, issued_on=body.issued_on)
    return vars(report)


@router.post("/notices/{notice_no}/reissue")
def reissue(
    lao: str,
    notice_no: str,
    body: ReissueIn,
    engine: EngineDep,
    user: Annotated[Principal, Allow.revenue],
) -> dict[str, Any]:
    """Cancel a notice and issue its correction, re-assessed from the register (s.53)."""
    number = cancel_and_reissue(lao, notice_no, body.amount, body.reason, engine, actor=user.actor)
    return {"cancelled": notice_no, "issued": number}


@router.get("/notices/{notice_no}.pdf", dependencies=[Allow.revenue])
def pdf(lao: str, notice_no: str, engine: EngineDep) -> Response:
    """The notice as PDF (ภ.ด.ส.6 with ภ.ด.ส.7, or ภ.ป.3) with its payment codes."""
    return Response(
        notice_pdf(lao, notice_no, engine),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{lao}-{notice_no}.pdf"'},
    )
