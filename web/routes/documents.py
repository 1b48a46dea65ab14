"""Printed register documents over HTTP: PDFs shown inline in the browser."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from parcels.register.documents import land_list_pdf, owner_register_pdf, parcel_sheet_pdf
from taxmap.admin.roles import Principal
from taxmap.admin.services import record_personal_views
from web.access import Allow
from web.deps import EngineDep
from web.params import RecordNo

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["documents"])

_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The document as PDF."}
}
OnQuery = Annotated[date | None, Query(description="The day the register is read (default today).")]


def _pdf(content: bytes, *parts: object) -> Response:
    """Answer with a PDF to show inline, named from its parts (e.g. sheet-BUALAI-01A001.pdf)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(str(p) for p in parts))
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )


@router.get("/owners/{owner_no}/register.pdf", response_class=Response, responses=_PDF)
def owner_register(
    caller: Annotated[Principal, Allow.personal_data],
    lao: str,
    owner_no: RecordNo,
    engine: EngineDep,
    on: OnQuery = None,
) -> Response:
    """Print an owner's property register (ผ.ท.4): land, buildings and signs, with a map."""
    document = owner_register_pdf(lao, owner_no, engine, on=on)
    record_personal_views(lao, [owner_no], caller.actor, "register.pdf", engine)
    return _pdf(document, "register", lao, owner_no)


@router.get("/parcels/{code:path}/sheet.pdf", response_class=Response, responses=_PDF)
def parcel_sheet(
    caller: Annotated[Principal, Allow.read],
    lao: str,
    code: str,
    engine: EngineDep,
    on: OnQuery = None,
) -> Response:
    """Print a parcel's sheet: record, map extract with neighbours, owners, uses, buildings."""
    return _pdf(parcel_sheet_pdf(lao, code, engine, on=on), "sheet", lao, code)


@router.get("/owners/{owner_no}/land-list.pdf", response_class=Response, responses=_PDF)
def land_list(
    caller: Annotated[Principal, Allow.personal_data],
    lao: str,
    owner_no: RecordNo,
    engine: EngineDep,
    year: Annotated[int, Query(description="The tax year, B.E. (2569) or C.E. (2026).")],
) -> Response:
    """Print a taxpayer's list of land and buildings (ภ.ด.ส.3) as of 1 January of the year."""
    document = land_list_pdf(lao, owner_no, year, engine)
    record_personal_views(lao, [owner_no], caller.actor, "land-list.pdf", engine)
    return _pdf(document, "land-list", lao, owner_no, year)
