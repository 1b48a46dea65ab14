"""Bulk reads and writes with PostgreSQL COPY (rule 8), inside the caller's transaction."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection


def _raw(conn: Connection) -> Any:
    raw = conn.connection.driver_connection
    assert raw is not None  # a live psycopg connection behind the SQLAlchemy one
    return raw


def copy_frame(conn: Connection, table: str, frame: pd.DataFrame) -> None:
    """COPY a frame into a table (columns named as the frame's), as CSV in 1 MB chunks."""
    columns = ", ".join(frame.columns)
    # PostgreSQL refuses COPY FROM into a table whose row-level security applies to the
    # current role (the web app's, migration 0018): stage in a temporary table and INSERT,
    # so the policies check every row. The CLI's owner role copies directly.
    secured = conn.exec_driver_sql(
        "SELECT row_security_active(%(t)s::regclass)", {"t": table}
    ).scalar()
    target = f"taxmap_copy_{table}" if secured else table
    if secured:
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {target} ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False)
    buffer.seek(0)
    with (
        _raw(conn).cursor() as cursor,
        cursor.copy(f"COPY {target} ({columns}) FROM STDIN (FORMAT csv)") as copy,
    ):
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
    if secured:
        conn.exec_driver_sql(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target}")
        conn.exec_driver_sql(f"DROP TABLE {target}")


def copy_query_out(conn: Connection, sql: str, params: dict[str, Any]) -> bytes:
    """Run a query (psycopg %(name)s placeholders) and return its rows as CSV with a header."""
    buffer = bytearray()
    with (
        _raw(conn).cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)", params) as copy,
    ):
        for chunk in copy:
            buffer += chunk
    return bytes(buffer)
