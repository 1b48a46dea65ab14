"""The browser app: a shell page per role screen, and its static files (bundled from frontend/)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from taxmap.admin import services
from taxmap.admin.roles import ROLE_LABELS, Capability, Principal
from taxmap.core.errors import AccessDenied, NotFound
from taxmap.core.thai import format_date_en_be, format_thai_date
from valuation.rules.model import CATEGORY_TH
from web.access import Allow
from web.deps import EngineDep
from web.i18n import pick_lang
from web.ui_strings import ui_strings

router = APIRouter(include_in_schema=False)
WEB = Path(__file__).resolve().parents[1]
STATIC = WEB / "static"
templates = Jinja2Templates(directory=WEB / "templates")

# Each screen and the capability it needs, in the order a user lands on them.
SCREENS: dict[str, Capability] = {
    "survey": Capability.EDIT_FABRIC,
    "revenue": Capability.REVENUE,
    "planner": Capability.PLAN,
    "admin": Capability.ADMIN,
    "map": Capability.READ,
}


def allowed_screens(user: Principal, lao: str) -> list[str]:
    """Return the screens this user's roles in `lao` open, in landing order."""
    return [name for name, needs in SCREENS.items() if user.can(needs, lao)]


@router.get("/app/")
def app_home(engine: EngineDep, user: Annotated[Principal, Allow.signed_in]) -> RedirectResponse:
    """Send the user to their first LAO's first screen."""
    codes = sorted(user.roles)
    if user.system_admin or not codes:
        codes = [lao.code for lao in services.list_laos(engine)] or codes
    if not codes:
        raise NotFound(
            "You hold no role in any LAO yet: ask an administrator to grant you one.",
            "ท่านยังไม่มีบทบาทใน อปท. ใด โปรดติดต่อผู้ดูแลระบบ",
        )
    return RedirectResponse(f"/app/{codes[0]}/", status_code=303)


@router.get("/app/{lao}/")
def lao_home(lao: str, user: Annotated[Principal, Allow.read]) -> RedirectResponse:
    """Send the user to the first screen their roles in this LAO open."""
    return RedirectResponse(f"/app/{lao}/{allowed_screens(user, lao)[0]}", status_code=303)


@router.get("/app/{lao}/{screen}", response_class=HTMLResponse)
def screen_page(
    request: Request,
    lao: str,
    screen: str,
    engine: EngineDep,
    user: Annotated[Principal, Allow.read],
    lang: str | None = None,
) -> HTMLResponse:
    """Show one role screen of an LAO (Thai first; ?lang=en for English)."""
    screens = allowed_screens(user, lao)
    if screen not in SCREENS:
        raise NotFound(
            f"No screen '{screen}': choose one of {', '.join(SCREENS)}.",
            f"ไม่มีหน้าจอ '{screen}'",
        )
    if screen not in screens:
        raise AccessDenied(
            f"Your roles in {lao} do not open the {screen} screen; ask the LAO's administrator.",
            f"บทบาทของท่านใน {lao} เปิดหน้าจอนี้ไม่ได้ โปรดติดต่อผู้ดูแลระบบของ อปท.",
            details={"needs": SCREENS[screen].value, "lao": lao},
        )
    chosen = pick_lang(lang)
    laos = {o.code: o for o in services.list_laos(engine)}
    if lao not in laos:
        raise NotFound(f"No LAO has the code '{lao}'.", f"ไม่พบ อปท. รหัส '{lao}'")
    strings = ui_strings(chosen)
    today = date.today()
    roles = sorted(r.value for r in user.roles.get(lao, frozenset()))
    config = {
        "lao": lao,
        "screen": screen,
        "lang": chosen,
        "year": today.year,
        "today": today.isoformat(),
        "roles": roles,
        "can_edit": user.can(Capability.EDIT_FABRIC, lao),
        "username": user.actor,
        "categories": dict(CATEGORY_TH),
    }
    return templates.TemplateResponse(
        request,
        "app/shell.html",
        {
            "t": strings,
            "lang": chosen,
            "lao": laos[lao],
            "screen": screen,
            "screens": screens,
            "user": user,
            "role_names": [
                ROLE_LABELS[r][0 if chosen == "th" else 1] for r in user.roles.get(lao, ())
            ],
            "today": format_thai_date(today) if chosen == "th" else format_date_en_be(today),
            "csrf": request.cookies.get("taxmap_csrf", ""),
            "config_json": _script_json(config),
            "strings_json": _script_json(strings),
            "year_be": today.year + 543,
        },
    )


def _script_json(value: object) -> str:
    # Inside <script>, "</" would end the element early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


@router.get("/static/{path:path}", dependencies=[Allow.public])
def static_file(path: str) -> FileResponse:
    """Serve the bundled app and its assets (built at set-up by `make install`)."""
    target = (STATIC / path).resolve()
    if not target.is_relative_to(STATIC.resolve()) or not target.is_file():
        raise NotFound(
            f"No static file {path}: build the front end with `make frontend` (npm ci, build).",
            f"ไม่พบไฟล์ {path} โปรดสั่ง make install เพื่อสร้างส่วนหน้าเว็บ",
        )
    return FileResponse(target, headers={"Cache-Control": "no-cache"})
