"""Row-level security for the web app: each transaction runs as taxmap_web, scoped to LAOs.

Migration 0018 puts a policy on every LAO table for the role taxmap_web. The web app's
engine switches to that role at the start of every transaction and sets taxmap.lao_ids to the
LAOs the request's caller may act in (web/sessions.py sets it after the access rule passed).
Outside an authorized request the scope is empty, so a query that forgets its lao_id filter,
or asks for another LAO's rows, sees nothing and can write nothing.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from taxmap.core.errors import DatabaseUnavailable

WEB_ROLE = "taxmap_web"
ALL_LAOS = "*"
# Codes to ids here, once per transaction, so the policy's function stays a cheap inlined test.
_LAO_IDS = (
    "CASE WHEN %(laos)s = '*' THEN '*' ELSE coalesce("
    "(SELECT string_agg(id::text, ',') FROM laos WHERE code = ANY "
    "(string_to_array(%(laos)s, ','))), '') END"
)
SET_SCOPE = f"SELECT set_config('taxmap.lao_ids', {_LAO_IDS}, true)"
# The role and the scope in one statement (set_config('role') is SET LOCAL ROLE): a cached
# tile's transaction is a few milliseconds, and each round trip to the server counts.
ENTER_SCOPE = (
    f"SELECT set_config('role', '{WEB_ROLE}', true), set_config('taxmap.lao_ids', {_LAO_IDS}, true)"
)
# The LAO codes the current request may touch ('' none, '*' all); set per request.
CALLER_LAOS: ContextVar[str] = ContextVar("taxmap_caller_laos", default="")


def scope_to(codes: str) -> None:
    """Set the LAOs (comma-separated codes, or '*') the current request's queries may touch."""
    CALLER_LAOS.set(codes)


def install_lao_scope(engine: Engine) -> None:
    """Make every transaction of this engine run as taxmap_web within the caller's LAOs."""

    @event.listens_for(engine, "begin")
    def _scope(conn: Any) -> None:
        try:
            conn.exec_driver_sql(ENTER_SCOPE, {"laos": CALLER_LAOS.get()})
        except DBAPIError as exc:
            # Fail closed: without the role the policies cannot hold, so nothing is served.
            raise DatabaseUnavailable(
                f"The database has no role {WEB_ROLE} (row-level security): run "
                f"`taxmap db migrate`. ({exc.orig})",
                f"ฐานข้อมูลยังไม่มีบทบาท {WEB_ROLE} กรุณาสั่ง taxmap db migrate",
            ) from None
