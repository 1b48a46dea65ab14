"""Resolve a request's caller from its session cookie or bearer token; check roles and CSRF."""

from __future__ import annotations

import secrets
import time

from fastapi import Request, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from taxmap.admin import users
from taxmap.admin.roles import ANONYMOUS, Capability, Principal
from taxmap.core.errors import AccessDenied, CsrfFailed, NotSignedIn
from taxmap.core.lao_scope import ALL_LAOS, scope_to
from taxmap.core.settings import Settings

SESSION_COOKIE = "taxmap_session"
CSRF_COOKIE = "taxmap_csrf"  # readable by the page's JavaScript, sent back as X-CSRF-Token
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CACHE_SECONDS = 5.0  # a revoked session or changed role takes effect within this time


class CallerCache:
    """Callers by secret for a few seconds, so a map's burst of tile requests costs one lookup."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Principal, str]] = {}

    def get(self, key: str) -> tuple[Principal, str] | None:
        """Return a fresh cached caller and CSRF token, or None."""
        hit = self._entries.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1], hit[2]

    def put(self, key: str, principal: Principal, csrf: str) -> None:
        """Remember a caller for CACHE_SECONDS."""
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + CACHE_SECONDS, principal, csrf)

    def forget(self, key: str) -> None:
        """Drop a secret at once (sign-out)."""
        self._entries.pop(key, None)


def _secret(request: Request) -> str | None:
    """Return the caller's cache key: "t:" and the bearer token, "s:" and the session, or None."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return "t:" + auth[7:].strip()
    cookie = request.cookies.get(SESSION_COOKIE)
    return "s:" + cookie if cookie else None


def _lookup(engine: Engine, cache: CallerCache, key: str) -> tuple[Principal, str]:
    """Look a secret up in the database (it was not cached) and cache what it gives."""
    if key.startswith("t:"):
        caller = users.token_principal(engine, key[2:])
        if caller is None:
            raise NotSignedIn(
                "The bearer token is unknown, expired or revoked: create a new one with "
                "`taxmap user token USERNAME`.",
                "โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกยกเลิก",
            )
        cache.put(key, caller, "")
        return caller, ""
    found = users.session_principal(engine, key[2:])
    if found is None:
        return ANONYMOUS, ""
    cache.put(key, *found)
    return found


async def _caller(request: Request) -> tuple[Principal, str]:
    """Return the caller and their CSRF token; the database is asked only on a cache miss."""
    key = _secret(request)
    if key is None:
        return ANONYMOUS, ""
    cache: CallerCache = request.app.state.callers
    # A map asks for dozens of tiles a second: a cached caller costs no hop to a thread.
    hit = cache.get(key)
    if hit:
        return hit
    return await run_in_threadpool(_lookup, request.app.state.engine, cache, key)


async def _sent_csrf(request: Request) -> str:
    sent = request.headers.get(CSRF_HEADER, "")
    if sent:
        return sent
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf_token", "")
        return value if isinstance(value, str) else ""
    return ""


async def authorize(request: Request, capability: Capability) -> Principal:
    """Return the caller if they may do `capability` here; raise NotSignedIn or AccessDenied."""
    if capability is Capability.PUBLIC:
        request.state.principal = ANONYMOUS
        return ANONYMOUS
    caller, csrf = await _caller(request)
    if caller.user_id is None:
        raise NotSignedIn(
            "Sign in first (a session cookie from /login, or Authorization: Bearer <token>).",
            "กรุณาเข้าสู่ระบบก่อน",
        )
    lao = request.path_params.get("lao")
    if not caller.can(capability, lao):
        where = f" in {lao}" if lao else ""
        raise AccessDenied(
            f"Your roles{where} do not allow this (it needs '{capability.value}'); "
            "ask the LAO's administrator for a role.",
            f"บทบาทของคุณ{(' ใน ' + lao) if lao else ''}ไม่มีสิทธิ์ทำรายการนี้ "
            f"(ต้องมีสิทธิ์ '{capability.value}') กรุณาติดต่อผู้ดูแลระบบของ อปท.",
            details={"needs": capability.value, "lao": lao},
        )
    if caller.via == "session" and request.method not in SAFE_METHODS:
        sent = await _sent_csrf(request)
        if not sent or not secrets.compare_digest(sent, csrf):
            raise CsrfFailed(
                "The request lacks this session's CSRF token (header X-CSRF-Token or form "
                "field csrf_token); reload the page and try again.",
                "คำขอไม่มีรหัสป้องกัน CSRF ของเซสชันนี้ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
            )
    request.state.principal = caller
    # The database holds the same line (migration 0018): this request's queries see only
    # the route's LAO, or the caller's LAOs on routes without one.
    if caller.system_admin:
        scope_to(ALL_LAOS)
    else:
        scope_to(lao if lao else ",".join(sorted(caller.roles)))
    return caller


def cookie_secure(settings: Settings) -> bool:
    """Say whether cookies carry Secure (behind TLS in production, or as configured)."""
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return settings.environment == "production"


def set_session_cookies(response: Response, settings: Settings, signed: users.SignedIn) -> None:
    """Put the session (HttpOnly) and its CSRF token (readable) on a response."""
    age = settings.session_hours * 3600
    secure = cookie_secure(settings)
    response.set_cookie(
        SESSION_COOKIE,
        signed.session_token,
        max_age=age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        signed.csrf_token,
        max_age=age,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )


def clear_session_cookies(request: Request, response: Response) -> None:
    """End the browser's session: forget it here and expire both cookies."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        request.app.state.callers.forget("s:" + cookie)
        users.sign_out(request.app.state.engine, cookie)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
