"""Roles and what each may do: the access policy as data, pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Capability(StrEnum):
    """One thing a route may require of its caller."""

    PUBLIC = "public"  # anyone, signed in or not (health, sign-in page, static files)
    SIGNED_IN = "signed_in"  # any signed-in user (their own LAOs, their own tokens)
    READ = "read"  # see an LAO's map, parcels, layers, roll totals (personal data masked)
    EDIT_FABRIC = "edit_fabric"  # parcel boundaries, splits, merges, imports, topology reviews
    EDIT_REGISTER = "edit_register"  # owners, buildings, signs, land use, land records, transfers
    REVENUE = "revenue"  # roll, notices, payments, arrears, objections
    PLAN = "plan"  # planning layers: import, overlays, queries, exports without personal data
    PERSONAL_DATA = "personal_data"  # see national IDs and phone numbers unmasked
    EXPORT_PERSONAL = "export_personal"  # exports that contain personal data
    ADMIN = "admin"  # the LAO's users, roles and settings
    SYSTEM_ADMIN = "system_admin"  # create LAOs; every LAO


class Role(StrEnum):
    """A role a user holds in one LAO."""

    ADMIN = "admin"
    SURVEYOR = "surveyor"
    REVENUE = "revenue"
    PLANNER = "planner"
    VIEWER = "viewer"


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.ADMIN: ("ผู้ดูแลระบบ", "Administrator"),
    Role.SURVEYOR: ("เจ้าหน้าที่สำรวจ", "Survey staff"),
    Role.REVENUE: ("เจ้าหน้าที่จัดเก็บรายได้", "Revenue officer"),
    Role.PLANNER: ("นักผังเมือง", "Planner"),
    Role.VIEWER: ("ผู้ดูข้อมูล", "Viewer"),
}

_C = Capability
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.VIEWER: frozenset({_C.READ}),
    Role.PLANNER: frozenset({_C.READ, _C.PLAN}),
    Role.SURVEYOR: frozenset({_C.READ, _C.EDIT_FABRIC, _C.EDIT_REGISTER}),
    Role.REVENUE: frozenset(
        {_C.READ, _C.EDIT_REGISTER, _C.REVENUE, _C.PERSONAL_DATA, _C.EXPORT_PERSONAL}
    ),
    Role.ADMIN: frozenset(set(Capability) - {_C.SYSTEM_ADMIN}),
}


def capabilities(roles: frozenset[Role] | set[Role]) -> frozenset[Capability]:
    """Return everything a set of roles in one LAO allows."""
    found: set[Capability] = {Capability.PUBLIC, Capability.SIGNED_IN}
    for role in roles:
        found |= ROLE_CAPABILITIES[role]
    return frozenset(found)


@dataclass(frozen=True)
class Principal:
    """The caller of a request: a signed-in user (by session or token), or nobody."""

    user_id: int | None
    username: str
    display_name: str = ""
    system_admin: bool = False
    roles: dict[str, frozenset[Role]] = field(default_factory=dict)  # LAO code -> roles
    via: str = "none"  # "session", "token" or "none"

    def can(self, capability: Capability, lao: str | None = None) -> bool:
        """Say whether this caller may do `capability` (in `lao`, when the route has one)."""
        if capability is Capability.PUBLIC:
            return True
        if self.user_id is None:
            return False
        if self.system_admin:
            return True
        if lao is None:
            return capability is Capability.SIGNED_IN
        return capability in capabilities(self.roles.get(lao, frozenset()))

    @property
    def actor(self) -> str:
        """Name written to the audit log and to records' `changed_by`."""
        return self.username


ANONYMOUS = Principal(user_id=None, username="anonymous")
