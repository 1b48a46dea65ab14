"""SQL for users, memberships, sessions, API tokens and sign-in attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.admin.orm import api_tokens, laos, login_attempts, sessions, user_roles, users
from taxmap.admin.roles import Principal, Role


def find_user(conn: Connection, username: str) -> sa.Row[Any] | None:
    """Return the user row with this username, or None."""
    return conn.execute(sa.select(users).where(users.c.username == username)).one_or_none()


def insert_user(conn: Connection, values: dict[str, Any]) -> int:
    """Insert a user and return its id."""
    return int(conn.execute(users.insert().values(**values).returning(users.c.id)).scalar_one())


def update_user(conn: Connection, user_id: int, values: dict[str, Any]) -> None:
    """Change a user's columns."""
    conn.execute(users.update().where(users.c.id == user_id).values(**values))


def add_role(conn: Connection, user_id: int, lao_id: int, role: str) -> bool:
    """Give a user a role in an LAO; return False if they already held it."""
    # An INSERT that did nothing reports rowcount -1 through psycopg: ask for the row instead.
    stmt = (
        sa.dialects.postgresql.insert(user_roles)
        .values(user_id=user_id, lao_id=lao_id, role=role)
        .on_conflict_do_nothing()
        .returning(user_roles.c.role)
    )
    return conn.execute(stmt).first() is not None


def remove_role(conn: Connection, user_id: int, lao_id: int, role: str) -> bool:
    """Take a role away; return False if the user did not hold it."""
    stmt = user_roles.delete().where(
        user_roles.c.user_id == user_id, user_roles.c.lao_id == lao_id, user_roles.c.role == role
    )
    return bool(conn.execute(stmt).rowcount)


def memberships(conn: Connection, user_id: int) -> dict[str, frozenset[Role]]:
    """Return the user's roles by LAO code."""
    rows = conn.execute(
        sa.select(laos.c.code, user_roles.c.role)
        .join(laos, laos.c.id == user_roles.c.lao_id)
        .where(user_roles.c.user_id == user_id)
    )
    found: dict[str, set[Role]] = {}
    for code, role in rows:
        found.setdefault(code, set()).add(Role(role))
    return {code: frozenset(roles) for code, roles in found.items()}


def principal(conn: Connection, user: sa.Row[Any], via: str) -> Principal:
    """Build the caller from a user row and their memberships."""
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.full_name,
        system_admin=user.system_admin,
        roles=memberships(conn, user.id),
        via=via,
    )


def lao_members(conn: Connection, lao_id: int) -> list[sa.Row[Any]]:
    """Return the users with a role in an LAO and their roles (comma-separated)."""
    return list(
        conn.execute(
            sa.select(
                users.c.username,
                users.c.full_name,
                users.c.active,
                sa.func.string_agg(user_roles.c.role, ",").label("roles"),
            )
            .join(user_roles, user_roles.c.user_id == users.c.id)
            .where(user_roles.c.lao_id == lao_id)
            .group_by(users.c.id)
            .order_by(users.c.username)
        )
    )


def record_attempt(conn: Connection, username: str, ip: str | None, succeeded: bool) -> None:
    """Keep one sign-in attempt."""
    conn.execute(login_attempts.insert().values(username=username, ip=ip, succeeded=succeeded))


def recent_failures(conn: Connection, username: str, since: datetime) -> tuple[int, Any]:
    """Count failed sign-ins of a username since a time (after its last success), and the last."""
    last_ok = (
        sa.select(sa.func.max(login_attempts.c.at))
        .where(login_attempts.c.username == username, login_attempts.c.succeeded)
        .scalar_subquery()
    )
    row = conn.execute(
        sa.select(sa.func.count(), sa.func.max(login_attempts.c.at)).where(
            login_attempts.c.username == username,
            ~login_attempts.c.succeeded,
            login_attempts.c.at >= since,
            login_attempts.c.at > sa.func.coalesce(last_ok, sa.literal(datetime.min)),
        )
    ).one()
    return int(row[0]), row[1]


def insert_session(conn: Connection, values: dict[str, Any]) -> None:
    """Store a session (by the hash of its secret)."""
    conn.execute(sessions.insert().values(**values))


def session_user(conn: Connection, token_hash: str) -> tuple[sa.Row[Any], str] | None:
    """Return the active user and CSRF token of a live session, or None."""
    row = conn.execute(
        sa.select(users, sessions.c.csrf_token)
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(
            sessions.c.token_hash == token_hash,
            sessions.c.expires_at > sa.func.now(),
            users.c.active,
        )
    ).one_or_none()
    return None if row is None else (row, row.csrf_token)


def delete_session(conn: Connection, token_hash: str) -> None:
    """End a session."""
    conn.execute(sessions.delete().where(sessions.c.token_hash == token_hash))


def delete_user_sessions(conn: Connection, user_id: int) -> None:
    """End every session of a user (after a password change or deactivation)."""
    conn.execute(sessions.delete().where(sessions.c.user_id == user_id))


def insert_token(conn: Connection, values: dict[str, Any]) -> int:
    """Store an API token (by the hash of its secret) and return its id."""
    return int(
        conn.execute(api_tokens.insert().values(**values).returning(api_tokens.c.id)).scalar_one()
    )


def token_user(conn: Connection, token_hash: str) -> sa.Row[Any] | None:
    """Return the active user of a live, unrevoked API token, or None."""
    return conn.execute(
        sa.select(users)
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(
            api_tokens.c.token_hash == token_hash,
            api_tokens.c.revoked_at.is_(None),
            sa.or_(api_tokens.c.expires_at.is_(None), api_tokens.c.expires_at > sa.func.now()),
            users.c.active,
        )
    ).one_or_none()


def revoke_token(conn: Connection, user_id: int, name: str) -> int:
    """Revoke a user's tokens of a name; return how many."""
    stmt = (
        api_tokens.update()
        .where(
            api_tokens.c.user_id == user_id,
            api_tokens.c.name == name,
            api_tokens.c.revoked_at.is_(None),
        )
        .values(revoked_at=sa.func.now())
    )
    return int(conn.execute(stmt).rowcount)
