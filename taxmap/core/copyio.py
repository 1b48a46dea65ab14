"""Bulk reads and writes with PostgreSQL COPY (rule 8), inside the caller's transaction."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from sqlalchemy.engine import Connection

# The two upper-case hex digits of every byte value, as one 16-bit unit each.
_HEX = np.frombuffer(b"".join(b"%02X" % i for i in range(256)), dtype=np.uint16)


def _raw(conn: Connection) -> Any:
    raw = conn.connection.driver_connection
    assert raw is not None  # a live psycopg connection behind the SQLAlchemy one
    return raw


@contextmanager
def _copy_target(conn: Connection, table: str, columns: str) -> Iterator[str]:
    """Yield the table a COPY may write to: the table itself, or a staging table."""
    # PostgreSQL refuses COPY FROM into a table whose row-level security applies to the
    # current role (the web app's, migration 0018): stage in a temporary table and INSERT,
    # so the policies check every row. The CLI's owner role copies directly.
    secured = conn.exec_driver_sql(
        "SELECT row_security_active(%(t)s::regclass)", {"t": table}
    ).scalar()
    if not secured:
        yield table
        return
    target = f"taxmap_copy_{table}"
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE {target} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"
    )
    yield target
    conn.exec_driver_sql(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target}")
    conn.exec_driver_sql(f"DROP TABLE {target}")


def copy_frame(conn: Connection, table: str, frame: pd.DataFrame) -> None:
    """COPY a frame into a table (columns named as the frame's), as CSV in 1 MB chunks."""
    columns = ", ".join(frame.columns)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False)
    buffer.seek(0)
    with (
        _copy_target(conn, table, columns) as target,
        _raw(conn).cursor() as cursor,
        cursor.copy(f"COPY {target} ({columns}) FROM STDIN (FORMAT csv)") as copy,
    ):
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


class _CopySink:
    """The file Arrow's CSV writer writes to: each block goes straight into the COPY."""

    closed = False

    def __init__(self, copy: Any) -> None:
        self.copy = copy

    def write(self, data: Any) -> int:
        self.copy.write(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def copy_arrow(conn: Connection, table: str, batches: Iterable[pa.RecordBatch]) -> None:
    """COPY Arrow record batches into a table (columns named as their fields), as CSV.

    Arrow formats a million rows in well under a second, where pandas' to_csv took five. The
    batches are consumed one at a time, so the server parses one while the next is made.
    """
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    columns = ", ".join(first.schema.names)
    options = pa_csv.WriteOptions(include_header=False)
    with (
        _copy_target(conn, table, columns) as target,
        _raw(conn).cursor() as cursor,
        cursor.copy(f"COPY {target} ({columns}) FROM STDIN (FORMAT csv)") as copy,
        pa_csv.CSVWriter(
            pa.PythonFile(_CopySink(copy), mode="w"), first.schema, write_options=options
        ) as out,
    ):
        out.write_batch(first)
        for batch in batches:
            out.write_batch(batch)


def ewkb_hex(wkb: Sequence[bytes], srid: int) -> pa.LargeStringArray:
    """Return WKB blobs as the text PostGIS reads as geometries: 'SRID=n;' and hex WKB.

    Vectorised: shapely's own hex output with an SRID costs twice as long for a million.
    """
    lengths = np.fromiter(map(len, wkb), count=len(wkb), dtype=np.int64)
    hexed = _HEX[np.frombuffer(b"".join(wkb), dtype=np.uint8)]
    offsets = np.zeros(len(wkb) + 1, dtype=np.int64)
    np.cumsum(lengths * 2, out=offsets[1:])
    text = pa.LargeStringArray.from_buffers(len(wkb), pa.py_buffer(offsets), pa.py_buffer(hexed))
    prefix = pa.scalar(f"SRID={int(srid)};", pa.large_string())
    joined: pa.LargeStringArray = pc.binary_join_element_wise(
        prefix, text, pa.scalar("", pa.large_string())
    )
    return joined


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
