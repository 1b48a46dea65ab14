"""Resolve a request's caller from its session cookie or bearer token, and check CSRF."""

from __future__ import annotations

from fastapi import Request

from taxmap.admin.roles import Capability, Principal


def authorize(request: Request, capability: Capability) -> Principal:
    """Return the caller if they may do `capability` here (placeholder until sign-in lands)."""
    # Placeholder while sign-in is being built: every caller acts as a system administrator.
    principal = Principal(user_id=0, username="api", system_admin=True, via="none")
    request.state.principal = principal
    return principal
