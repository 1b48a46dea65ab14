"""Writes and lookups of parcel imports; bulk loads go through COPY. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from parcels.fabric.orm import blocks, import_batches, parcels
from taxmap.admin.orm import laos
from taxmap.core.copyio import copy_frame

COPY_COLUMNS = (
    "lao_id", "code", "block_id", "lot", "status", "version", "valid_from", "geom",
    "document_type", "document_no", "sheet_50k", "sheet_quadrant", "sheet_4000", "sub_sheet",
    "map_scale", "land_no", "survey_page", "volume", "page", "road", "alley", "village_no",
    "legal_area_sq_wah", "note", "import_batch_id",
)  # fmt: skip


def lao_boundary(conn: Connection, lao_id: int) -> BaseGeometry | None:
    """Return the LAO's boundary in its storage CRS, if it has one."""
    value = conn.execute(sa.select(laos.c.boundary).where(laos.c.id == lao_id)).scalar()
    return None if value is None else to_shape(value)


def has_parcels(conn: Connection, lao_id: int) -> bool:
    """Tell whether the LAO has any parcel yet (current or retired)."""
    query = sa.select(sa.exists().where(parcels.c.lao_id == lao_id))
    return bool(conn.execute(query).scalar())


def existing_codes(conn: Connection, lao_id: int, codes: Sequence[str]) -> set[str]:
    """Return which of these parcel codes the LAO already has (current or retired)."""
    if not codes:
        return set()
    # One array parameter, not one per code: a file may hold a million codes.
    wanted = sa.bindparam("codes", list(codes), type_=ARRAY(sa.String))
    rows = conn.execute(
        sa.select(parcels.c.code).where(
            parcels.c.lao_id == lao_id, parcels.c.code == sa.func.any(wanted)
        )
    )
    return set(rows.scalars())


def insert_batch(conn: Connection, values: dict[str, Any]) -> int:
    """Record an import batch and return its id."""
    return int(
        conn.execute(
            sa.insert(import_batches).values(**values).returning(import_batches.c.id)
        ).scalar_one()
    )


def block_lots(conn: Connection, lao_id: int, points: np.ndarray) -> pd.DataFrame:
    """Return, for each point, the block containing it (block_id, code, next_lot) or nulls."""
    rows = conn.execute(
        sa.select(blocks.c.id, blocks.c.code, blocks.c.next_lot, sa.func.ST_AsBinary(blocks.c.geom))
        .where(blocks.c.lao_id == lao_id)
        .order_by(blocks.c.id)
    ).all()
    found = pd.DataFrame({"i": np.arange(len(points))})
    found["block_id"], found["code"], found["next_lot"] = None, None, None
    if not rows or len(points) == 0:
        return found
    geoms = shapely.from_wkb(np.array([bytes(r[3]) for r in rows], dtype=object))
    tree = shapely.STRtree(geoms)
    point_ix, block_ix = tree.query(points, predicate="within")
    first = pd.DataFrame({"i": point_ix, "b": block_ix}).drop_duplicates("i")
    found.loc[first["i"], "block_id"] = [rows[b][0] for b in first["b"]]
    found.loc[first["i"], "code"] = [rows[b][1] for b in first["b"]]
    found.loc[first["i"], "next_lot"] = [rows[b][2] for b in first["b"]]
    return found


def set_next_lots(conn: Connection, lao_id: int, next_lots: dict[int, int]) -> None:
    """Advance blocks' next free lot numbers after codes were allocated."""
    for block_id, next_lot in next_lots.items():
        conn.execute(
            sa.update(blocks)
            .where(blocks.c.lao_id == lao_id, blocks.c.id == block_id)
            .values(next_lot=next_lot)
        )


def next_unblocked_number(conn: Connection, lao_id: int) -> int:
    """Return the next free number for codes of parcels outside any block ('X000001')."""
    last = conn.execute(
        sa.select(sa.func.max(sa.func.substr(parcels.c.code, 2))).where(
            parcels.c.lao_id == lao_id, parcels.c.code.op("~")("^X[0-9]{6,}$")
        )
    ).scalar()
    return int(last) + 1 if last else 1


def copy_parcels(conn: Connection, frame: pd.DataFrame) -> None:
    """Bulk-load parcel rows with COPY inside the caller's transaction (rule 8)."""
    copy_frame(conn, "parcels", frame.loc[:, list(COPY_COLUMNS)])


def parcel_ids(conn: Connection, lao_id: int, batch_id: int) -> dict[str, int]:
    """Return code -> id of the parcels an import batch loaded."""
    rows = conn.execute(
        sa.select(parcels.c.code, parcels.c.id).where(
            parcels.c.lao_id == lao_id, parcels.c.import_batch_id == batch_id
        )
    )
    return {code: pid for code, pid in rows}
