"""Show personal data only to roles that need it, and log every time it is shown (PDPA)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from taxmap.admin.privacy import mask_personal
from taxmap.admin.roles import Capability, Principal
from taxmap.admin.services import record_personal_views


def disclose(
    caller: Principal, lao: str, data: Any, owner_nos: list[int], what: str, engine: Engine
) -> Any:
    """Return `data` whole (and log the view) to callers with personal-data rights, else masked."""
    if caller.can(Capability.PERSONAL_DATA, lao):
        record_personal_views(lao, owner_nos, caller.actor, what, engine)
        return data
    return mask_personal(data)
