"""Test LAOs made afresh: any left by an earlier run is deleted with all it holds."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao, get_lao
from taxmap.admin.services import create_lao


def drop_lao(engine: Engine, code: str) -> None:
    """Delete the LAO `code` and all it holds, if it is there."""
    with engine.begin() as c:
        if c.execute(sa.text("SELECT 1 FROM laos WHERE code = :c"), {"c": code}).first():
            delete_lao(c, get_lao(c, code).id)


def fresh_lao(engine: Engine, code: str) -> int:
    """Create the LAO `code` (UTM 48N) with nothing in it; return its id."""
    drop_lao(engine, code)
    return create_lao(CreateLao(code, f"ทดสอบ {code}", code, 32648), engine)
