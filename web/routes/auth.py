"""Sign-in and sign-out, the caller's own account and tokens, and an LAO's users (admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from taxmap.admin import accounts, users
from taxmap.admin.roles import Principal
from taxmap.core.errors import TooManyAttempts
from web.access import Allow
from web.deps import EngineDep, SettingsDep
from web.i18n import pick_lang, translator
from web.sessions import clear_session_cookies, set_session_cookies

router = APIRouter(tags=["sign-in and users"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")
HOME = "/app/"


def _safe_next(value: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link bounce through us.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return HOME


def _login_page(
    request: Request, lang: str | None, next_url: str, error: str = "", username: str = ""
) -> dict[str, Any]:
    chosen = pick_lang(lang)
    return {
        "t": translator(chosen),
        "lang": chosen,
        "next_url": next_url,
        "error": error,
        "username": username,
    }


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(
    request: Request,
    _: Annotated[Principal, Allow.public],
    lang: str | None = None,
    next: str | None = None,
) -> HTMLResponse:
    """Show the sign-in form."""
    return templates.TemplateResponse(request, "login.html", _login_page(request, lang, next or ""))


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    _: Annotated[Principal, Allow.public],
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form()] = "",
    lang: str | None = None,
) -> Response:
    """Check the password, open a session and go on; show the form again on failure."""
    ip = request.client.host if request.client else None
    try:
        signed = users.sign_in(engine, settings, username, password, ip)
    except TooManyAttempts as exc:
        page = _login_page(request, lang, next, exc.message_th, username)
        if page["lang"] == "en":
            page["error"] = exc.message_en
        return templates.TemplateResponse(request, "login.html", page, status_code=429)
    if signed is None:
        page = _login_page(request, lang, next, "", username)
        page["error"] = page["t"]["bad_login"]
        return templates.TemplateResponse(request, "login.html", page, status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookies(response, settings, signed)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, _: Annotated[Principal, Allow.signed_in]) -> Response:
    """End the session and go back to the sign-in form."""
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookies(request, response)
    return response


class Me(BaseModel):
    """The signed-in user and their LAOs."""

    username: str
    full_name: str
    system_admin: bool
    laos: list[dict[str, Any]]


@router.get("/api/v1/me", response_model=Me)
def me(engine: EngineDep, caller: Annotated[Principal, Allow.signed_in]) -> Me:
    """Return who is signed in and their roles in each LAO."""
    from taxmap.admin import services

    all_laos = {lao.code: lao for lao in services.list_laos(engine)}
    codes = sorted(all_laos) if caller.system_admin else sorted(caller.roles)
    return Me(
        username=caller.username,
        full_name=caller.display_name,
        system_admin=caller.system_admin,
        laos=[
            {
                "code": code,
                "name_th": all_laos[code].name_th if code in all_laos else code,
                "roles": sorted(r.value for r in caller.roles.get(code, frozenset())),
            }
            for code in codes
        ],
    )


class TokenIn(BaseModel):
    """A bearer token for a script."""

    name: str = Field(min_length=1, max_length=100)
    days: int | None = Field(None, ge=1, le=3650, description="Expires after; default never")


class TokenOut(BaseModel):
    """The token's secret, shown once."""

    name: str
    token: str


@router.post("/api/v1/me/tokens", response_model=TokenOut, status_code=201)
def new_token(
    body: TokenIn, engine: EngineDep, caller: Annotated[Principal, Allow.signed_in]
) -> TokenOut:
    """Create a bearer token for your scripts (sent as Authorization: Bearer <token>)."""
    return TokenOut(
        name=body.name, token=users.issue_token(engine, caller.username, body.name, days=body.days)
    )


class UserIn(BaseModel):
    """A new user of this LAO with their first role."""

    username: str
    password: str = Field(min_length=1, max_length=256)
    full_name: str = ""
    role: str


@router.get("/api/v1/laos/{lao}/users")
def list_users(
    lao: str, engine: EngineDep, _: Annotated[Principal, Allow.admin]
) -> list[dict[str, Any]]:
    """List the LAO's users and their roles."""
    return users.lao_users(engine, lao)


@router.post("/api/v1/laos/{lao}/users", status_code=201)
def add_user(
    lao: str, body: UserIn, engine: EngineDep, caller: Annotated[Principal, Allow.admin]
) -> dict[str, Any]:
    """Create a user with a role in this LAO."""
    users.add_lao_user(
        engine, lao, body.username, body.password, body.full_name, body.role, actor=caller.actor
    )
    return {"username": body.username, "roles": [body.role]}


@router.put("/api/v1/laos/{lao}/users/{username}/roles/{role}")
def grant(
    lao: str, username: str, role: str, engine: EngineDep, caller: Annotated[Principal, Allow.admin]
) -> dict[str, Any]:
    """Give a user a role in this LAO."""
    added = users.grant_role(engine, username, lao, role, actor=caller.actor)
    return {"username": username, "role": role, "changed": added}


@router.delete("/api/v1/laos/{lao}/users/{username}/roles/{role}")
def revoke(
    lao: str, username: str, role: str, engine: EngineDep, caller: Annotated[Principal, Allow.admin]
) -> dict[str, Any]:
    """Take a role in this LAO away from a user."""
    removed = users.revoke_role(engine, username, lao, role, actor=caller.actor)
    return {"username": username, "role": role, "changed": removed}


class ActiveIn(BaseModel):
    """Whether the account may sign in."""

    active: bool


@router.put("/api/v1/laos/{lao}/users/{username}/active")
def set_active(
    lao: str,
    username: str,
    body: ActiveIn,
    engine: EngineDep,
    caller: Annotated[Principal, Allow.admin],
) -> dict[str, Any]:
    """Enable or disable the account of this LAO's user (disabling ends their sessions)."""
    changed = accounts.set_lao_user_active(engine, lao, username, body.active, caller=caller)
    return {"username": username, "active": body.active, "changed": changed}
