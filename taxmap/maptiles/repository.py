"""Reads and writes behind map tiles: the tile functions of migration 0016, the edited areas
that make ETags change, and an LAO's extent. Never commits.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

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
    """Return the LAO's id, the tile's edit generation and (if layers) the tile, in one query.

    The tile is the layers' functions concatenated (an MVT is a list of layers); None when
    no LAO has the code.
    """
    lao_id = laos.c.id
    columns: list[Any] = [
        lao_id,
        sa.func.tile_generation(lao_id, z, x, y, type_=sa.BigInteger).label("generation"),
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
