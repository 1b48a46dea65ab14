"""Bulk writes of zones, blocks, non-parcel areas and parcels (one statement per table)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection

from parcels.fabric.orm import blocks, non_parcel_areas, parcels, zones


def multi(geom: BaseGeometry) -> MultiPolygon:
    """Return a polygon or multipolygon as a MultiPolygon (the stored type)."""
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    return MultiPolygon(parts)


def _rows(
    lao_id: int, srid: int, rows: Iterable[dict[str, Any]], geom: str
) -> list[dict[str, Any]]:
    return [{**r, "lao_id": lao_id, geom: from_shape(multi(r[geom]), srid=srid)} for r in rows]


def _insert_coded(
    conn: Connection, table: sa.Table, lao_id: int, srid: int, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Insert rows of a coded table and return their ids by code."""
    result = conn.execute(
        sa.insert(table).returning(table.c.id, table.c.code, sort_by_parameter_order=True),
        _rows(lao_id, srid, rows, "geom"),
    )
    return {code: row_id for row_id, code in result}


def insert_zones(
    conn: Connection, lao_id: int, srid: int, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Insert zones and return their ids by code."""
    return _insert_coded(conn, zones, lao_id, srid, rows)


def insert_blocks(
    conn: Connection, lao_id: int, srid: int, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Insert blocks and return their ids by code."""
    return _insert_coded(conn, blocks, lao_id, srid, rows)


def insert_non_parcel_areas(
    conn: Connection, lao_id: int, srid: int, rows: list[dict[str, Any]]
) -> None:
    """Insert roads, canals and other declared non-parcel areas."""
    if rows:
        conn.execute(sa.insert(non_parcel_areas), _rows(lao_id, srid, rows, "geom"))


def insert_parcels(conn: Connection, lao_id: int, srid: int, rows: list[dict[str, Any]]) -> int:
    """Insert parcels (first versions) and return how many were written."""
    if rows:
        conn.execute(sa.insert(parcels), _rows(lao_id, srid, rows, "geom"))
    return len(rows)
