"""COPY of Arrow batches: every value arrives as it was sent, NULL stays NULL."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pyarrow as pa
import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.core.copyio import copy_arrow, ewkb_hex


def test_copy_arrow_keeps_text_numbers_dates_nulls_and_geometry(conn: Connection) -> None:
    conn.execute(
        sa.text(
            "CREATE TEMP TABLE copied (name text, n bigint, area numeric(14, 2), day date, "
            "note text, geom geometry)"
        )
    )
    names = [None, "", 'a,"b"\nc', "ที่ดิน \\. แปลง"]
    wkb = shapely.to_wkb(shapely.points([(1, 2), (3, 4), (5, 6), (7, 8)]))
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array(names, pa.string()),
            pa.array([1, None, 3, 4], pa.int64()),
            pa.array([Decimal("1.50"), None, Decimal("0.01"), Decimal("12345.67")]),
            pa.array([datetime.date(2026, 1, 1)] * 4),
            pa.nulls(4),
            ewkb_hex(wkb, 32647),
        ],
        names=["name", "n", "area", "day", "note", "geom"],
    )
    copy_arrow(conn, "copied", [batch.slice(0, 2), batch.slice(2)])
    rows = conn.execute(
        sa.text("SELECT name, n, area, day, note, ST_AsText(geom), ST_SRID(geom) FROM copied")
    ).all()
    day = datetime.date(2026, 1, 1)
    assert [tuple(r) for r in rows] == [
        (None, 1, Decimal("1.50"), day, None, "POINT(1 2)", 32647),
        ("", None, None, day, None, "POINT(3 4)", 32647),
        ('a,"b"\nc', 3, Decimal("0.01"), day, None, "POINT(5 6)", 32647),
        ("ที่ดิน \\. แปลง", 4, Decimal("12345.67"), day, None, "POINT(7 8)", 32647),
    ]


def test_copy_arrow_of_no_batches_writes_nothing(conn: Connection) -> None:
    conn.execute(sa.text("CREATE TEMP TABLE copied (name text)"))
    copy_arrow(conn, "copied", [])
    assert conn.execute(sa.text("SELECT count(*) FROM copied")).scalar_one() == 0
