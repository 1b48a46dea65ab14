"""Who may call each route: every route declares one rule (`Allow.*`), checked here only.

Use it as a route dependency, `@router.get(..., dependencies=[Allow.read])`, or as a parameter
when the handler needs the caller, `user: Annotated[Principal, Allow.edit_fabric]` (Principal
is in taxmap/admin/roles.py). A rule on a path with `{lao}` checks the caller's roles in that
LAO; a test fails on any route without one.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from taxmap.admin.roles import ANONYMOUS, Capability, Principal
from web.sessions import authorize


class Rule:
    """A route's access rule: the capability it needs (in the path's LAO, if any)."""

    def __init__(self, capability: Capability) -> None:
        self.capability = capability

    def __repr__(self) -> str:
        return f"Rule({self.capability.value})"

    async def __call__(self, request: Request) -> Principal:
        """Resolve the caller and check the rule; raise a mapped domain error if refused."""
        return await authorize(request, self.capability)


def _rule(capability: Capability) -> Any:
    return Depends(Rule(capability))


class Allow:
    """The rules routes declare (see taxmap/admin/roles.py for which role has what)."""

    public = _rule(Capability.PUBLIC)
    signed_in = _rule(Capability.SIGNED_IN)
    read = _rule(Capability.READ)
    edit_fabric = _rule(Capability.EDIT_FABRIC)
    edit_register = _rule(Capability.EDIT_REGISTER)
    revenue = _rule(Capability.REVENUE)
    plan = _rule(Capability.PLAN)
    personal_data = _rule(Capability.PERSONAL_DATA)
    export_personal = _rule(Capability.EXPORT_PERSONAL)
    admin = _rule(Capability.ADMIN)
    system_admin = _rule(Capability.SYSTEM_ADMIN)


def principal_of(request: Request) -> Principal:
    """Return the caller a rule has already resolved for this request."""
    principal: Principal = getattr(request.state, "principal", ANONYMOUS)
    return principal
