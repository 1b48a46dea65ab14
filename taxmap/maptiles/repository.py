"""Reads and writes behind map tiles: the tile functions of migrations 0016 and 0019, the
edited areas that make ETags change, planning layers' rows, and an LAO's extent. Never commits.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from landuse.orm import planning_layers
from taxmap.admin.orm import laos
from taxmap.maptiles.model import LAYERS
from taxmap.maptiles.orm import tile_edits

SQL = Path(__file__).resolve().parent / "sql"


def read_tile(
    conn: Connection,
    lao_code: str,
    layers: tuple[str, ...],
    z: int,
    x: int,
    y: int,
    as_of: date | None,
) -> sa.Row[Any] | None:
    """Return the LAO's id, the tile's edit generation, the database's day, name and OID and
    (if layers) the tile, in one query.

    The tile is the layers' functions concatenated (an MVT is a list of layers); None when
    no LAO has the code.
    """
    lao_id = laos.c.id
    columns: list[Any] = [
        lao_id,
        sa.func.tile_generation(lao_id, z, x, y, type_=sa.BigInteger).label("generation"),
        # The day the tile functions show (their current_date), for the ETag.
        sa.func.current_date(type_=sa.Date).label("today"),
        # Which database this is, for the tile cache's folders (cache.cache_key).
        sa.func.current_database().label("database"),
        sa.literal_column("(SELECT oid FROM pg_database WHERE datname = current_database())").label(
            "database_oid"
        ),
    ]
    if layers:
        parts = [
            getattr(sa.func, f"tile_{name}")(
                lao_id, z, x, y, *([as_of] if LAYERS[name].history else []), type_=sa.LargeBinary
            )
            for name in layers
        ]
        columns.append(functools.reduce(lambda a, b: a.op("||")(b), parts).label("tile"))
    return conn.execute(sa.select(*columns).where(laos.c.code == lao_code)).first()


def read_tileset(conn: Connection, lao_code: str) -> sa.Row[Any] | None:
    """Return an LAO's names and its map's extent in WGS 84 (west, south, east, north)."""
    return conn.execute(sa.text((SQL / "tileset.sql").read_text()), {"code": lao_code}).first()


def touch_case(conn: Connection, lao_id: int, case_id: int) -> None:
    """Record the area a fabric case changed (old and new shapes) so tiles over it get new ETags."""
    conn.execute(
        sa.text((SQL / "touch_case.sql").read_text()), {"lao_id": lao_id, "case_id": case_id}
    )


def touch_lao(conn: Connection, lao_id: int) -> None:
    """Record that the whole LAO changed (a bulk load): every tile of it gets a new ETag."""
    conn.execute(sa.insert(tile_edits).values(lao_id=lao_id, bbox=None))


def read_planning_layer(
    conn: Connection, lao_code: str, code: str, as_of: date | None
) -> sa.Row[Any] | None:
    """Return the LAO's id with the planning layer a tile shows (newest dated on or before
    as_of, or newest): its id, kind, theme, date and load time, all None if there is none.

    None when no LAO has the code.
    """
    layer = planning_layers.c
    query = sa.select(layer.id, layer.kind, layer.theme, layer.as_of, layer.created_at).where(
        layer.lao_id == laos.c.id, layer.code == code
    )
    if as_of is not None:
        query = query.where(layer.as_of <= as_of)
    found = query.order_by(layer.as_of.desc()).limit(1).lateral("layer")
    return conn.execute(
        sa.select(laos.c.id.label("lao_id"), found)
        .select_from(laos.outerjoin(found, sa.true()))
        .where(laos.c.code == lao_code)
    ).first()


def read_planning_tile(
    conn: Connection, lao_id: int, z: int, x: int, y: int, code: str, as_of: date
) -> bytes:
    """Return the MVT of a vector planning layer at its date (tile_planning, migration 0019)."""
    tile = sa.func.tile_planning(lao_id, z, x, y, code, as_of, type_=sa.LargeBinary)
    return bytes(conn.execute(sa.select(tile)).scalar_one())


def read_planning_layers(conn: Connection, lao_id: int) -> list[dict[str, Any]]:
    """Return the LAO's vector planning layers (code, theme, names, date), by code then date."""
    layer = planning_layers.c
    rows = conn.execute(
        sa.select(layer.code, layer.theme, layer.name_th, layer.name_en, layer.as_of)
        .where(layer.lao_id == lao_id, layer.kind == "vector")
        .order_by(layer.code, layer.as_of)
    )
    return [dict(r._mapping) for r in rows]
