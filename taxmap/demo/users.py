"""Demo accounts, one per role in the pilot LAO, so each role's screens can be tried at once."""

from __future__ import annotations

import contextlib

from sqlalchemy.engine import Engine

from taxmap.admin import users
from taxmap.core.errors import AlreadyExists, ConfigurationError

# Published in the README: fine for a demo on 127.0.0.1, refused in production.
DEMO_PASSWORD = "bualai-2569"
DEMO_USERS = (
    ("admin", "สมศักดิ์ ผู้ดูแล", "admin"),
    ("surveyor", "สมชาย สำรวจดี", "surveyor"),
    ("revenue", "สมหญิง เก็บรายได้", "revenue"),
    ("planner", "วิภา วางผัง", "planner"),
    ("viewer", "มานี ดูข้อมูล", "viewer"),
)


def ensure_demo_users(engine: Engine, lao: str, environment: str) -> list[tuple[str, str]]:
    """Create the demo accounts if missing and give each its role in the LAO (idempotent)."""
    if environment == "production":
        raise ConfigurationError(
            "Demo accounts with a published password are never created in production.",
            "ไม่สร้างบัญชีสาธิตที่มีรหัสผ่านเปิดเผยในระบบจริง",
        )
    for username, full_name, role in DEMO_USERS:
        with contextlib.suppress(AlreadyExists):  # kept from an earlier run, password and all
            users.create_user(engine, username, DEMO_PASSWORD, full_name)
        users.grant_role(engine, username, lao, role, actor="demo")
    return [(username, role) for username, _, role in DEMO_USERS]
