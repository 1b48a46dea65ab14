"""Run SQL in a test transaction as the web app does, and see the plans PostgreSQL chose."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.core.lao_scope import SET_SCOPE


def as_web_role(conn: Connection, laos: str) -> None:
    """Run the rest of the transaction as the web app does: role taxmap_web, these LAOs."""
    conn.execute(sa.text("SET LOCAL ROLE taxmap_web"))
    conn.exec_driver_sql(SET_SCOPE, {"laos": laos})


def capture_plans(conn: Connection) -> list[str]:
    """Log the plan of every statement of the transaction (nested ones too) into the list
    returned, with sequential scans priced out: a table still read by a Seq Scan has no
    index the plan could use."""
    notices: list[str] = []
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    conn.execute(sa.text("LOAD 'auto_explain'"))
    for setting, value in (
        ("auto_explain.log_min_duration", "0"),
        ("auto_explain.log_nested_statements", "on"),
        ("auto_explain.log_level", "notice"),
        ("enable_seqscan", "off"),
    ):
        conn.execute(sa.select(sa.func.set_config(setting, value, True)))
    return notices
