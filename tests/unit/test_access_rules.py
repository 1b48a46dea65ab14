"""Every route declares exactly one access rule; the role table gives what the issue asks."""

from __future__ import annotations

from typing import Any

from fastapi.routing import iter_route_contexts

from taxmap.admin.roles import Capability, Principal, Role, capabilities
from taxmap.core.settings import load_settings
from web.access import Rule
from web.app import create_app

# FastAPI's own OpenAPI document has no dependencies to carry a rule; it is public by design.
BUILT_IN = {"/openapi.json"}


def _rules(dependant: Any) -> list[Rule]:
    found = [dependant.call] if isinstance(dependant.call, Rule) else []
    for sub in dependant.dependencies:
        found += _rules(sub)
    return found


def route_rules() -> dict[str, list[Rule]]:
    """Return 'METHOD path' -> the rules its dependencies carry, for every route of the app."""
    app = create_app(load_settings(database_url="postgresql://u:p@127.0.0.1:9/unused"))
    table: dict[str, list[Rule]] = {}
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        for method in sorted(getattr(route, "methods", None) or {"MOUNT"}):
            key = f"{method} {route.path}"
            table[key] = _rules(dependant) if dependant is not None else []
    return table


def test_every_route_declares_exactly_one_rule() -> None:
    table = route_rules()
    assert len(table) > 50
    missing = sorted(k for k, rules in table.items() if not rules and k.split()[1] not in BUILT_IN)
    doubled = sorted(k for k, rules in table.items() if len(rules) > 1)
    assert missing == [], f"routes without an access rule (add Allow.*): {missing}"
    assert doubled == [], f"routes with more than one rule: {doubled}"


def test_every_route_that_changes_data_needs_a_role() -> None:
    open_writes = sorted(
        key
        for key, rules in route_rules().items()
        if key.split()[0] in {"POST", "PUT", "PATCH", "DELETE"}
        and rules
        and rules[0].capability is Capability.PUBLIC
    )
    # Signing in is the one write anyone may attempt; the quote is a calculator that stores nothing.
    assert open_writes == ["POST /api/v1/tax/quote", "POST /login"]


def test_roles_allow_what_each_job_needs_and_no_more() -> None:
    table = {role: capabilities({role}) for role in Role}
    c = Capability
    assert c.EDIT_FABRIC in table[Role.SURVEYOR] and c.REVENUE not in table[Role.SURVEYOR]
    assert c.REVENUE in table[Role.REVENUE] and c.EDIT_FABRIC not in table[Role.REVENUE]
    assert c.PLAN in table[Role.PLANNER] and c.PERSONAL_DATA not in table[Role.PLANNER]
    assert table[Role.VIEWER] == {c.PUBLIC, c.SIGNED_IN, c.READ}
    assert c.ADMIN in table[Role.ADMIN] and c.SYSTEM_ADMIN not in table[Role.ADMIN]


def test_a_principal_acts_only_in_its_own_laos() -> None:
    clerk = Principal(1, "clerk", roles={"A": frozenset({Role.REVENUE})}, via="session")
    assert clerk.can(Capability.REVENUE, "A")
    assert not clerk.can(Capability.READ, "B")
    assert not clerk.can(Capability.READ, None)
    assert clerk.can(Capability.SIGNED_IN, None)
    boss = Principal(2, "root", system_admin=True, via="token")
    assert boss.can(Capability.SYSTEM_ADMIN, None) and boss.can(Capability.REVENUE, "B")
    nobody = Principal(None, "anonymous")
    assert nobody.can(Capability.PUBLIC) and not nobody.can(Capability.SIGNED_IN)
