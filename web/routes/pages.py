"""Server-rendered pages (Thai first, English with ?lang=en)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from parcels.fabric.services import fabric_overview
from taxmap.admin import services
from taxmap.admin.roles import Principal
from taxmap.core.thai import format_thai_date
from taxmap.core.units import format_area
from valuation.roll_services import assessment_detail, roll_report
from valuation.rules.model import CATEGORY_TH
from web.access import Allow
from web.deps import EngineDep
from web.i18n import pick_lang, translator

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")


@router.get("/", response_class=HTMLResponse)
def home(
    caller: Annotated[Principal, Allow.signed_in],
    request: Request,
    engine: EngineDep,
    lang: str | None = None,
) -> HTMLResponse:
    """Show the LAOs served here with the size of their fabric."""
    chosen = pick_lang(lang)
    today = date.today()
    return templates.TemplateResponse(
        request,
        "home.html",
        {
            "t": translator(chosen),
            "lang": chosen,
            "laos": [
                lao
                for lao in services.list_laos(engine)
                if caller.system_admin or lao.code in caller.roles
            ],
            "today": format_thai_date(today) if chosen == "th" else today.isoformat(),
        },
    )


@router.get("/laos/{lao}", response_class=HTMLResponse, dependencies=[Allow.read])
def lao_overview(
    request: Request, lao: str, engine: EngineDep, lang: str | None = None
) -> HTMLResponse:
    """Show an LAO's overview map: boundary, tambons, roads, zones, blocks and parcels."""
    chosen = pick_lang(lang)
    overview = fabric_overview(lao, engine)
    x0, y0, x1, y1 = overview.extent
    pad = max(x1 - x0, y1 - y0) * 0.02
    return templates.TemplateResponse(
        request,
        "lao.html",
        {
            "t": translator(chosen),
            "lang": chosen,
            "o": overview,
            # SVG y grows downwards; ST_AsSVG negates y, so the box starts at -ymax.
            "viewbox": f"{x0 - pad:.1f} {-y1 - pad:.1f} {x1 - x0 + 2 * pad:.1f} "
            f"{y1 - y0 + 2 * pad:.1f}",
            "stroke": max(x1 - x0, y1 - y0) / 1500,
            "area": format_area(Decimal(str(round(overview.parcel_area_m2, 2)))),
            "year": date.today().year,
        },
    )


@router.get("/laos/{lao}/rolls/{year}", response_class=HTMLResponse, dependencies=[Allow.read])
def roll_page(
    request: Request,
    lao: str,
    year: int,
    engine: EngineDep,
    page: int = 1,
    lang: str | None = None,
) -> HTMLResponse:
    """Show a tax year's roll: totals by category, zone and tambon, and the taxpayers."""
    chosen = pick_lang(lang)
    size = 50
    report = roll_report(lao, year, engine, limit=size, offset=(max(page, 1) - 1) * size)
    return templates.TemplateResponse(
        request,
        "roll.html",
        {
            "t": translator(chosen),
            "lang": chosen,
            "r": report,
            "page": max(page, 1),
            "pages": max((report["taxpayers"] + size - 1) // size, 1),
            "categories": CATEGORY_TH,
            "be": report["tax_year"] + 543,
            "as_of": format_thai_date(date.fromisoformat(report["as_of"])),
        },
    )


@router.get("/laos/{lao}/rolls/{year}/taxpayers/{taxpayer_no}", response_class=HTMLResponse)
def assessment_page(
    caller: Annotated[Principal, Allow.revenue],
    request: Request,
    lao: str,
    year: int,
    taxpayer_no: int,
    engine: EngineDep,
    lang: str | None = None,
) -> HTMLResponse:
    """Show one taxpayer's assessment with each line's rule, data and arithmetic (printable)."""
    chosen = pick_lang(lang)
    detail = assessment_detail(lao, year, taxpayer_no, engine)
    return templates.TemplateResponse(
        request,
        "assessment.html",
        {
            "t": translator(chosen),
            "lang": chosen,
            "a": detail,
            "categories": CATEGORY_TH,
            "be": detail["tax_year"] + 543,
        },
    )
