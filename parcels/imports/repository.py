"""Writes and lookups of parcel imports; bulk loads go through COPY. Never commits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from parcels.fabric.orm import blocks, import_batches, parcels
from taxmap.admin.orm import laos
from taxmap.core.copyio import copy_arrow, ewkb_hex

_COPY_BATCH = 32_768  # rows: about 10 MB of COPY text
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


def _copy_rows(frame: pd.DataFrame, srid: int) -> Iterator[pa.RecordBatch]:
    """Yield parcel rows for COPY in batches: the frame's columns, `geom` (WKB) as EWKB text."""
    attributes = frame.loc[:, [c for c in COPY_COLUMNS if c != "geom"]]
    rows = pa.Table.from_pandas(attributes, preserve_index=False).replace_schema_metadata(None)
    wkb = frame["geom"].to_numpy()
    # A batch's geometry text is made only when COPY asks for it: the server parses one batch
    # while the next is encoded, and the text of a million parcels is never in memory at once.
    for start in range(0, len(frame), _COPY_BATCH):
        geom = ewkb_hex(wkb[start : start + _COPY_BATCH], srid)
        yield from rows.slice(start, _COPY_BATCH).append_column("geom", geom).to_batches()


def copy_parcels(conn: Connection, frame: pd.DataFrame, srid: int) -> None:
    """Bulk-load parcel rows with COPY inside the caller's transaction (rule 8)."""
    copy_arrow(conn, "parcels", _copy_rows(frame, srid))


def can_load_partition(conn: Connection, lao_id: int) -> bool:
    """Tell whether an import may load the LAO into a partition of its own.

    Only for an LAO with no parcels and no partition yet, and only for the owner role: the
    web role may not create tables (and row-level security could not check a bare table).
    """
    row = conn.exec_driver_sql(
        "SELECT to_regclass(%(t)s) IS NULL AND NOT row_security_active('parcels') "
        "AND pg_has_role((SELECT relowner FROM pg_class WHERE oid = 'parcels'::regclass), "
        "'USAGE')",
        {"t": partition_name(lao_id)},
    ).scalar()
    return bool(row) and not has_parcels(conn, lao_id)


def partition_name(lao_id: int) -> str:
    """Return the name of an LAO's own parcels partition (migration 0022)."""
    return f"parcels_lao_{int(lao_id)}"


def load_partition(conn: Connection, lao_id: int, frame: pd.DataFrame, srid: int) -> None:
    """Load an LAO's first parcels into a partition of their own, indexing once (0022).

    COPY into a bare table, then add the parent's keys, foreign keys and indexes to it (one
    build each, instead of a row-by-row update of the shared indexes), then ATTACH it: the
    parent adopts the matching constraints and indexes, and the CHECK spares the partition
    scan. The tile triggers fire on the parent only, so the LAO's tiles are marked stale here.
    """
    table = partition_name(lao_id)
    conn.exec_driver_sql(
        f"CREATE TABLE {table} (LIKE parcels INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE)"
    )
    sequence = conn.exec_driver_sql("SELECT pg_get_serial_sequence('parcels', 'id')").scalar()
    conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{sequence}')")
    copy_arrow(conn, table, _copy_rows(frame, srid))
    conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
    conn.exec_driver_sql(
        f"ALTER TABLE {table} ADD CONSTRAINT {table}_lao CHECK (lao_id = {int(lao_id)})"
    )
    keys = conn.exec_driver_sql(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'parcels'::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype"
    ).scalars()
    for definition in list(keys):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD {definition}")
    indexes = conn.exec_driver_sql(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = 'parcels'::regclass AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
    ).scalars()
    for definition in list(indexes):
        # "CREATE INDEX name ON ONLY public.parcels USING gist (geom)": the same on the table.
        head, using = definition.split(" USING ", 1)
        unique = "UNIQUE " if head.startswith("CREATE UNIQUE") else ""
        conn.exec_driver_sql(f"CREATE {unique}INDEX ON {table} USING {using}")
    conn.exec_driver_sql(f"ALTER TABLE parcels ATTACH PARTITION {table} FOR VALUES IN ({lao_id})")
    _copy_policies(conn, table)
    conn.exec_driver_sql(
        "INSERT INTO tile_edits (lao_id, bbox) VALUES (%(lao)s, NULL)", {"lao": int(lao_id)}
    )


def _copy_policies(conn: Connection, table: str) -> None:
    """Give a partition the parent's row-level security (used only if it is named directly)."""
    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    policies = conn.exec_driver_sql(
        "SELECT policyname, permissive, cmd, array_to_string(roles, ', '), qual, with_check "
        "FROM pg_policies WHERE schemaname = 'public' AND tablename = 'parcels'"
    ).all()
    for name, permissive, cmd, roles, using, check in policies:
        clauses = f" USING ({using})" if using else ""
        clauses += f" WITH CHECK ({check})" if check else ""
        conn.exec_driver_sql(
            f"CREATE POLICY {name} ON {table} AS {permissive} FOR {cmd} TO {roles}{clauses}"
        )


def parcel_ids(conn: Connection, lao_id: int, batch_id: int) -> dict[str, int]:
    """Return code -> id of the parcels an import batch loaded."""
    rows = conn.execute(
        sa.select(parcels.c.code, parcels.c.id).where(
            parcels.c.lao_id == lao_id, parcels.c.import_batch_id == batch_id
        )
    )
    return {code: pid for code, pid in rows}
