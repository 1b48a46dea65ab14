"""Collection over HTTP: arrears, ageing, warning letters, objections, change-of-use reports,
exports for e-LAAS (CSV or XLSX)."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from taxmap.admin.roles import Principal
from taxmap.admin.services import record_export
from taxmap.billing.arrears import ageing_report, arrears, warning_letters_due
from taxmap.billing.change_of_use import list_change_of_use_reports, report_change_of_use
from taxmap.billing.exports import export_rows, to_csv, to_xlsx
from taxmap.billing.objections import decide_objection, file_objection, objection_clock
from taxmap.billing.payment_model import to_json
from taxmap.billing.payment_support import thai_today
from taxmap.billing.warning_letters import (
    issue_warning_letters,
    list_warning_letters,
    warning_letter_pdf,
)
from taxmap.core.thai import normalize_year
from web.access import Allow
from web.deps import EngineDep
from web.params import RowId

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["arrears"])
Day = Annotated[date | None, Query(description="The day (default today in Thailand).")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WarningIssueIn(BaseModel):
    """The day the letters go out (default today); they give 90 days to pay (s.61)."""

    issued_on: date | None = None


class ObjectionIn(BaseModel):
    """An objection to a notice (s.73), filed within 30 days of it."""

    notice_no: str = Field(examples=["L2569-000001"])
    reason: str = Field(min_length=1)
    filed_on: date | None = None


class DecisionIn(BaseModel):
    """The LAO head's decision on an objection, within 60 days of filing."""

    decision: Literal["upheld", "rejected"]
    note: str = ""
    decided_on: date | None = None


class ChangeOfUseIn(BaseModel):
    """A change of use reported for a parcel (s.33: within 60 days of the change)."""

    parcel_code: str = Field(examples=["01A001"])
    reported_use: str = Field(examples=["res_other"], description="A use category (§1.3).")
    changed_on: date
    reported_on: date | None = None
    reporter: str = Field(min_length=1, description="Who reported it.")
    details: str | None = None


@router.get("/arrears", dependencies=[Allow.revenue])
def arrears_list(
    lao: str, engine: EngineDep, on: Day = None, year: int | None = None
) -> dict[str, Any]:
    """List each taxpayer's overdue tax, penalty and surcharge on a day, with its age."""
    day = on or thai_today()
    tax_year = normalize_year(year) if year else None
    rows = arrears(lao, day, engine, year=tax_year)
    return {"on": day.isoformat(), "rows": [to_json(asdict(r)) for r in rows]}


@router.get("/arrears/ageing", dependencies=[Allow.revenue])
def ageing(lao: str, engine: EngineDep, on: Day = None) -> dict[str, Any]:
    """Total the arrears by how long they are overdue, every bucket listed."""
    day = on or thai_today()
    return {
        "on": day.isoformat(),
        "buckets": [to_json(asdict(x)) for x in ageing_report(lao, day, engine)],
    }


@router.get("/arrears/{year}/warnings/due", dependencies=[Allow.revenue])
def warnings_due(lao: str, year: int, engine: EngineDep, on: Day = None) -> dict[str, Any]:
    """List the taxpayers to warn: LBT unpaid after the year's payment due date (s.60)."""
    due = warning_letters_due(lao, normalize_year(year), on or thai_today(), engine)
    return dict(to_json(asdict(due)))


@router.post("/arrears/{year}/warnings", status_code=201)
def warnings_issue(
    lao: str,
    year: int,
    body: WarningIssueIn,
    engine: EngineDep,
    user: Annotated[Principal, Allow.revenue],
) -> dict[str, Any]:
    """Issue a numbered warning letter for each LBT notice of the year still unpaid (s.60)."""
    done = issue_warning_letters(
        lao, year, body.issued_on or thai_today(), engine, actor=user.actor
    )
    return dict(to_json(asdict(done)))


@router.get("/arrears/{year}/warnings", dependencies=[Allow.revenue])
def warnings_list(lao: str, year: int, engine: EngineDep) -> dict[str, Any]:
    """List the warning letters issued for a tax year."""
    return {"letters": [to_json(asdict(x)) for x in list_warning_letters(lao, year, engine)]}


@router.get("/warnings/{letter_no}.pdf", dependencies=[Allow.revenue])
def warning_pdf(lao: str, letter_no: str, engine: EngineDep) -> Response:
    """The warning letter as PDF: the debt, the 20 % penalty within its period, the day to pay."""
    return Response(
        warning_letter_pdf(lao, letter_no, engine),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{lao}-{letter_no}.pdf"'},
    )


@router.post("/objections", status_code=201, dependencies=[Allow.revenue])
def objection_file(lao: str, body: ObjectionIn, engine: EngineDep) -> dict[str, Any]:
    """Record an objection to a notice (s.73); it is decided within 60 days."""
    filed = file_objection(lao, body.notice_no, body.filed_on or thai_today(), body.reason, engine)
    return dict(to_json(asdict(filed)))


@router.post("/objections/{objection_id}/decision", dependencies=[Allow.revenue])
def objection_decide(
    lao: str, objection_id: RowId, body: DecisionIn, engine: EngineDep
) -> dict[str, Any]:
    """Record the decision on an objection before it is deemed upheld (s.73)."""
    day = body.decided_on or thai_today()
    done = decide_objection(lao, objection_id, body.decision, body.note, day, engine)
    return dict(to_json(asdict(done)))


@router.post("/objections/clock", dependencies=[Allow.revenue])
def objection_clock_run(lao: str, engine: EngineDep, on: Day = None) -> dict[str, Any]:
    """Run the 60-day clock: flag day 45, record undecided objections deemed upheld at day 60."""
    lines = objection_clock(lao, on or thai_today(), engine)
    return {"objections": [to_json(asdict(x)) for x in lines]}


@router.post("/change-of-use", status_code=201)
def change_of_use_report(
    lao: str, body: ChangeOfUseIn, engine: EngineDep, user: Annotated[Principal, Allow.revenue]
) -> dict[str, Any]:
    """Record a change of use reported for a parcel (s.33) and open its edit case."""
    report = report_change_of_use(
        lao,
        body.parcel_code,
        body.reported_use,
        body.changed_on,
        body.reported_on or thai_today(),
        body.reporter,
        engine,
        actor=user.actor,
        details=body.details,
    )
    return dict(to_json(asdict(report)))


@router.get("/change-of-use", dependencies=[Allow.revenue])
def change_of_use_list(
    lao: str, engine: EngineDep, status: Literal["open", "done"] | None = None
) -> dict[str, Any]:
    """List the change-of-use reports, newest first."""
    reports = list_change_of_use_reports(lao, engine, status=status)
    return {"reports": [to_json(asdict(x)) for x in reports]}


@router.get("/exports/{what}.{fmt}")
def export(
    user: Annotated[Principal, Allow.export_personal],
    lao: str,
    what: Literal["assessments", "receipts", "arrears"],
    fmt: Literal["csv", "xlsx"],
    engine: EngineDep,
    year: Annotated[int, Query(description="Tax year (B.E. or C.E.).")],
    on: Day = None,
) -> Response:
    """Export a tax year's assessments, receipts or arrears per taxpayer for e-LAAS."""
    rows = export_rows(lao, what, normalize_year(year), engine, on=on or thai_today())
    record_export(lao, f"{what}.{fmt}", len(rows.rows), user.actor, engine)
    name = f"{lao}-{what}-{normalize_year(year) + 543}.{fmt}"
    with tempfile.TemporaryDirectory(prefix="taxmap-export-") as folder:
        path = (to_xlsx if fmt == "xlsx" else to_csv)(rows, Path(folder) / name)
        content = path.read_bytes()
    return Response(
        content,
        media_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
