"""Read the register as frames and write a roll, with COPY in both directions (rule 8)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.fabric.contiguity import contiguous_pairs, shared_owner_parcels
from taxmap.core.copyio import copy_frame, copy_query_out
from valuation.orm import assessment_lines, assessments, tax_rolls
from valuation.rules.roll import LINE_COLUMNS
from valuation.rules.roll_model import FRAME_COLUMNS, RollFrames

SQL = Path(__file__).resolve().parent / "sql"
_FRAME_SQL = {
    "owners": "roll_owner_sets",
    "parcels": "roll_parcel_frame",
    "land_uses": "roll_land_use_frame",
    "buildings": "roll_building_frame",
    "building_uses": "roll_building_use_frame",
    "signs": "roll_sign_frame",
}
# Types of the columns read, so empty frames and NULLs come out the same every time.
_TYPES: dict[str, Any] = {
    "id": "int64",
    "object_id": "int64",
    "parcel_id": "Int64",
    "building_id": "int64",
    "a": "int64",
    "b": "int64",
    "price_satang": "float64",
    "area_centi": "int64",
    "floor_centi": "int64",
    "vacant_since": "int64",
    "treasury_type": "int64",
    "year_completed": "int64",
    "sign_type": "int64",
    "area_e4": "int64",
    "owners": "object",
    "code": "object",
    "zone": "object",
    "tambon": "object",
    "category": "object",
    "exemption": "object",
    "construction_class": "object",
    "first_shown": "object",
}


def bind_style(sql: str) -> str:
    """Rewrite psycopg placeholders (%(name)s, as COPY needs) as SQLAlchemy's (:name)."""
    return re.sub(r"%\((\w+)\)s", r":\1", sql)


def read_frame(conn: Connection, name: str, params: dict[str, Any]) -> pd.DataFrame:
    """Run one of the roll's SQL files and return its rows as a typed frame."""
    sql = (SQL / f"{_FRAME_SQL[name]}.sql").read_text().strip().rstrip(";")
    columns = FRAME_COLUMNS[name]
    frame = pd.read_csv(
        io.BytesIO(copy_query_out(conn, sql, params)),
        dtype={c: _TYPES.get(c, "object") for c in columns if c not in ("individual", "moving")},
        keep_default_na=False,
        na_values={"price_satang": [""], "parcel_id": [""]},
    )
    for flag in ("individual", "moving"):
        if flag in frame:
            frame[flag] = frame[flag].astype(str).eq("t")
    return frame.loc[:, list(columns)]


def read_roll_frames(conn: Connection, lao_id: int, tax_year: int) -> RollFrames:
    """Read the register and fabric of an LAO as of 1 January of the tax year (s.9)."""
    as_of = date(tax_year, 1, 1)
    params = {"lao_id": lao_id, "as_of": as_of, "year": tax_year}
    frames = {
        name: read_frame(conn, name, params) for name in FRAME_COLUMNS if name != "contiguous"
    }
    # Adjacency is tested in Python among parcels whose owners hold another parcel: a tenth of
    # the time of a PostGIS self-join over the whole fabric (10.8 s at a million parcels).
    candidates = shared_owner_parcels(frames["owners"])
    frames["contiguous"] = contiguous_pairs(
        candidates, parcel_geometries(conn, lao_id, as_of, candidates["id"])
    )
    names = dict(
        conn.execute(
            sa.text(bind_style((SQL / "roll_party_names.sql").read_text())),
            {"lao_id": lao_id},
        )
        .tuples()
        .all()
    )
    return RollFrames(**frames, party_names=names)


def parcel_geometries(conn: Connection, lao_id: int, as_of: date, ids: pd.Series) -> pd.Series:
    """Return the geometries of some parcels as they were on a day, by parcel id."""
    sql = (
        "SELECT id, encode(ST_AsBinary(geom), 'hex') AS wkb FROM parcels_as_of(%(lao_id)s, "
        "%(as_of)s) WHERE id = ANY(%(ids)s)"
    )
    params = {"lao_id": lao_id, "as_of": as_of, "ids": [int(i) for i in ids]}
    frame = pd.read_csv(io.BytesIO(copy_query_out(conn, sql, params)), dtype={"id": "int64"})
    return pd.Series(shapely.from_wkb(frame["wkb"].to_numpy()), index=frame["id"].to_numpy())


def roll_status(conn: Connection, lao_id: int, tax_year: int) -> tuple[int, str] | None:
    """Return the id and status of the LAO's roll for a year, if there is one."""
    row = conn.execute(
        sa.select(tax_rolls.c.id, tax_rolls.c.status).where(
            tax_rolls.c.lao_id == lao_id, tax_rolls.c.tax_year == tax_year
        )
    ).first()
    return None if row is None else (int(row.id), str(row.status))


def delete_roll(conn: Connection, lao_id: int, roll_id: int) -> None:
    """Delete a draft roll with its assessments and lines."""
    for table in (assessment_lines, assessments):
        conn.execute(sa.delete(table).where(table.c.lao_id == lao_id, table.c.roll_id == roll_id))
    conn.execute(
        sa.delete(tax_rolls).where(tax_rolls.c.lao_id == lao_id, tax_rolls.c.id == roll_id)
    )


def insert_roll(conn: Connection, values: dict[str, Any]) -> int:
    """Insert the roll's header row; return its id."""
    return int(
        conn.execute(sa.insert(tax_rolls).values(**values).returning(tax_rolls.c.id)).scalar_one()
    )


def write_assessments(
    conn: Connection, lao_id: int, roll_id: int, taxpayers: pd.DataFrame, lines: pd.DataFrame
) -> None:
    """Write the assessments and their lines (amounts in satang become baht)."""
    out = pd.DataFrame(
        {
            "lao_id": lao_id,
            "roll_id": roll_id,
            "taxpayer_no": taxpayers["taxpayer_no"],
            "owner_party_ids": "{" + taxpayers["owners"] + "}",
            "owner_name": taxpayers["owner_name"],
            "owner_kind": taxpayers["individual"].map({True: "individual", False: "juristic"}),
        }
    )
    for column in (
        "lbt_before_relief",
        "lbt_relief",
        "land_building_tax",
        "signboard_tax",
        "total",
    ):
        out[column] = _baht(taxpayers[column])
    copy_frame(conn, "assessments", out)
    rows = lines.loc[:, list(LINE_COLUMNS)].copy()
    rows["amount"] = _baht(rows["amount"])
    for column in ("parcel_id", "building_id", "sign_id"):
        rows[column] = rows[column].astype("Int64").replace(0, pd.NA)
    rows.insert(0, "roll_id", roll_id)
    rows.insert(0, "lao_id", lao_id)
    copy_frame(conn, "assessment_lines", rows)


def _baht(satang: pd.Series) -> pd.Series:
    """Write whole satang as exact baht text with two places."""
    values = satang.astype("int64")
    sign = values.lt(0).map({True: "-", False: ""})
    magnitude = values.abs()
    return sign + (magnitude // 100).astype(str) + "." + (magnitude % 100).astype(str).str.zfill(2)


def roll_header(conn: Connection, lao_id: int, tax_year: int) -> sa.Row[Any] | None:
    """Return the roll of a tax year (header row), if assessed."""
    return conn.execute(
        sa.select(tax_rolls).where(tax_rolls.c.lao_id == lao_id, tax_rolls.c.tax_year == tax_year)
    ).first()


def roll_sums(conn: Connection, lao_id: int, roll_id: int, column: str) -> dict[str, Any]:
    """Return the Land and Building Tax of a roll summed by category, zone or tambon."""
    by = assessment_lines.c[column]
    rows = conn.execute(
        sa.select(sa.func.coalesce(by, ""), sa.func.sum(assessment_lines.c.amount))
        .where(
            assessment_lines.c.lao_id == lao_id,
            assessment_lines.c.roll_id == roll_id,
            assessment_lines.c.tax == "lbt",
        )
        .group_by(by)
        .order_by(by)
    )
    return dict(rows.tuples().all())


def assessment_page(
    conn: Connection, lao_id: int, roll_id: int, limit: int, offset: int
) -> list[sa.Row[Any]]:
    """Return a page of a roll's assessments in taxpayer order."""
    return list(
        conn.execute(
            sa.select(assessments)
            .where(assessments.c.lao_id == lao_id, assessments.c.roll_id == roll_id)
            .order_by(assessments.c.taxpayer_no)
            .limit(limit)
            .offset(offset)
        )
    )


def assessment_with_lines(
    conn: Connection, lao_id: int, roll_id: int, taxpayer_no: int
) -> tuple[sa.Row[Any] | None, list[sa.Row[Any]]]:
    """Return one assessment and its lines in order."""
    head = conn.execute(
        sa.select(assessments).where(
            assessments.c.lao_id == lao_id,
            assessments.c.roll_id == roll_id,
            assessments.c.taxpayer_no == taxpayer_no,
        )
    ).first()
    lines = conn.execute(
        sa.select(assessment_lines)
        .where(
            assessment_lines.c.lao_id == lao_id,
            assessment_lines.c.roll_id == roll_id,
            assessment_lines.c.taxpayer_no == taxpayer_no,
        )
        .order_by(assessment_lines.c.line_no)
    )
    return head, list(lines)
