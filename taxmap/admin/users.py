"""Use cases on users: accounts, roles per LAO, sign-in with throttling, sessions, API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy.engine import Connection, Engine

from taxmap.admin import repository
from taxmap.admin import user_repository as repo
from taxmap.admin.roles import Principal, Role
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import AlreadyExists, InvalidInput, NotFound, TooManyAttempts
from taxmap.core.settings import Settings

_HASHER = PasswordHash.recommended()  # argon2id with pwdlib's recommended parameters
# Verified against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = _HASHER.hash("taxmap-timing-equaliser")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10
TOKEN_PREFIX = "tm_"


@dataclass(frozen=True)
class SignedIn:
    """A new browser session: the secret for the cookie, its CSRF token, and the caller."""

    session_token: str
    csrf_token: str
    principal: Principal
    expires_at: datetime


def secret_hash(secret: str) -> str:
    """Return the SHA-256 (hex) under which a session or token secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def check_password_rule(password: str) -> None:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            "password",
            f"The password must have at least {MIN_PASSWORD} characters.",
            f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร",
        )


def create_user(
    bind: Engine | Connection,
    username: str,
    password: str,
    full_name: str = "",
    *,
    system_admin: bool = False,
) -> int:
    """Create a user account with an argon2-hashed password; return its id."""
    if not USERNAME.match(username):
        raise InvalidInput(
            "username",
            "A username has 3-64 characters: lower-case letters, digits, '.', '_' or '-'.",
            "ชื่อผู้ใช้ยาว 3-64 ตัว ใช้ a-z 0-9 . _ - เท่านั้น",
        )
    check_password_rule(password)
    with UnitOfWork(bind) as uow:
        if repo.find_user(uow.conn, username) is not None:
            raise AlreadyExists(
                f"The username '{username}' is taken.",
                f"ชื่อผู้ใช้ '{username}' มีอยู่แล้ว",
                details={"field": "username"},
            )
        user_id = repo.insert_user(
            uow.conn,
            {
                "username": username,
                "full_name": full_name,
                "password_hash": _HASHER.hash(password),
                "system_admin": system_admin,
            },
        )
        uow.commit()
    return user_id


def _user(conn: Connection, username: str) -> Any:
    user = repo.find_user(conn, username)
    if user is None:
        raise NotFound(
            f"No user is called '{username}'.",
            f"ไม่พบผู้ใช้ '{username}'",
            details={"field": "username"},
        )
    return user


def set_password(bind: Engine | Connection, username: str, password: str) -> None:
    """Change a user's password and end their sessions."""
    check_password_rule(password)
    with UnitOfWork(bind) as uow:
        user = _user(uow.conn, username)
        repo.update_user(uow.conn, user.id, {"password_hash": _HASHER.hash(password)})
        repo.delete_user_sessions(uow.conn, user.id)
        uow.commit()


def set_active(bind: Engine | Connection, username: str, active: bool) -> None:
    """Enable or disable an account (disabling ends its sessions; its tokens stop working)."""
    with UnitOfWork(bind) as uow:
        user = _user(uow.conn, username)
        repo.update_user(uow.conn, user.id, {"active": active})
        if not active:
            repo.delete_user_sessions(uow.conn, user.id)
        uow.commit()


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(
            "role",
            f"Unknown role '{role}'; use one of {', '.join(r.value for r in Role)}.",
            f"ไม่รู้จักบทบาท '{role}'",
        ) from None


def _change_role(
    bind: Engine | Connection, username: str, lao_code: str, role: str, actor: str, grant: bool
) -> bool:
    checked = _role(role)
    with UnitOfWork(bind) as uow:
        user = _user(uow.conn, username)
        lao = repository.get_lao(uow.conn, lao_code)
        change = repo.add_role if grant else repo.remove_role
        changed = change(uow.conn, user.id, lao.id, checked.value)
        if changed:
            held = {"role": checked.value}
            repository.append_audit(
                uow.conn,
                lao.id,
                actor,
                "grant" if grant else "revoke",
                "user",
                user.id,
                before=None if grant else held,
                after=held if grant else None,
            )
        uow.commit()
    return changed


def grant_role(
    bind: Engine | Connection, username: str, lao_code: str, role: str, *, actor: str = "system"
) -> bool:
    """Give a user a role in an LAO (audited); return False if they already held it."""
    return _change_role(bind, username, lao_code, role, actor, grant=True)


def revoke_role(
    bind: Engine | Connection, username: str, lao_code: str, role: str, *, actor: str = "system"
) -> bool:
    """Take a role in an LAO away from a user (audited); return False if they did not hold it."""
    return _change_role(bind, username, lao_code, role, actor, grant=False)


def add_lao_user(
    engine: Engine,
    lao_code: str,
    username: str,
    password: str,
    full_name: str,
    role: str,
    *,
    actor: str,
) -> int:
    """Create a user and give them a role in an LAO, both or neither."""
    with UnitOfWork(engine) as uow:
        user_id = create_user(uow.conn, username, password, full_name)
        grant_role(uow.conn, username, lao_code, role, actor=actor)
        uow.commit()
    return user_id


def lao_users(bind: Engine | Connection, lao_code: str) -> list[dict[str, Any]]:
    """List an LAO's users with their roles."""
    with UnitOfWork(bind) as uow:
        lao = repository.get_lao(uow.conn, lao_code)
        return [
            {
                "username": r.username,
                "full_name": r.full_name,
                "active": r.active,
                "roles": sorted(r.roles.split(",")),
            }
            for r in repo.lao_members(uow.conn, lao.id)
        ]


def _refuse_if_throttled(conn: Connection, username: str, settings: Settings) -> None:
    window = timedelta(minutes=settings.login_lockout_minutes)
    failures, last = repo.recent_failures(conn, username, datetime.now(UTC) - window)
    if failures >= settings.login_max_failures:
        wait = max(1, int((last + window - datetime.now(UTC)).total_seconds() // 60) + 1)
        raise TooManyAttempts(
            f"Too many failed sign-ins for '{username}': wait {wait} minutes and try again, "
            "or ask an administrator to reset the password.",
            f"เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ {wait} นาทีแล้วลองใหม่ หรือให้ผู้ดูแลระบบตั้งรหัสผ่านใหม่",
            details={"field": "username", "retry_after_minutes": wait},
        )


def sign_in(
    engine: Engine, settings: Settings, username: str, password: str, ip: str | None = None
) -> SignedIn | None:
    """Check a password (throttled) and open a session; None when the credentials are wrong."""
    username = username.strip().lower()
    with UnitOfWork(engine) as uow:
        _refuse_if_throttled(uow.conn, username, settings)
        user = repo.find_user(uow.conn, username)
        ok = _HASHER.verify(password, (user.password_hash if user else None) or _DUMMY_HASH)
        ok = ok and user is not None and user.active and bool(user.password_hash)
        repo.record_attempt(uow.conn, username, ip, ok)
        if not ok or user is None:
            uow.commit()
            return None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(hours=settings.session_hours)
        repo.insert_session(
            uow.conn,
            {
                "token_hash": secret_hash(token),
                "user_id": user.id,
                "csrf_token": csrf,
                "expires_at": expires,
                "ip": ip,
            },
        )
        caller = repo.principal(uow.conn, user, "session")
        uow.commit()
    return SignedIn(token, csrf, caller, expires)


def session_principal(engine: Engine, token: str) -> tuple[Principal, str] | None:
    """Return the caller and CSRF token of a live session cookie, or None."""
    with engine.connect() as conn:
        found = repo.session_user(conn, secret_hash(token))
        if found is None:
            return None
        user, csrf = found
        return repo.principal(conn, user, "session"), csrf


def sign_out(engine: Engine, token: str) -> None:
    """End the session of this cookie."""
    with UnitOfWork(engine) as uow:
        repo.delete_session(uow.conn, secret_hash(token))
        uow.commit()


def issue_token(
    bind: Engine | Connection, username: str, name: str, *, days: int | None = None
) -> str:
    """Create a bearer token for scripts; the secret is shown once and stored only hashed."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with UnitOfWork(bind) as uow:
        user = _user(uow.conn, username)
        expires = datetime.now(UTC) + timedelta(days=days) if days else None
        repo.insert_token(
            uow.conn,
            {
                "user_id": user.id,
                "name": name,
                "token_hash": secret_hash(token),
                "expires_at": expires,
            },
        )
        uow.commit()
    return token


def revoke_tokens(bind: Engine | Connection, username: str, name: str) -> int:
    """Revoke a user's tokens of this name; return how many were live."""
    with UnitOfWork(bind) as uow:
        count = repo.revoke_token(uow.conn, _user(uow.conn, username).id, name)
        uow.commit()
    return count


def token_principal(engine: Engine, token: str) -> Principal | None:
    """Return the caller of a bearer token, or None if it is unknown, expired or revoked."""
    with engine.connect() as conn:
        user = repo.token_user(conn, secret_hash(token))
        return None if user is None else repo.principal(conn, user, "token")
