"""Reads for the browser app: a parcel with its register summary, codes by prefix; never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

_PARCEL = sa.text(
    """
    SELECT p.id, p.code, p.version, p.status, p.valid_from, b.code AS block,
           ST_Area(p.geom) AS area_m2, p.legal_area_sq_wah, p.document_type, p.document_no,
           p.land_no, p.sheet_4000, p.road, p.alley, p.village_no, p.tambon, p.amphoe, p.note,
           ST_AsGeoJSON(ST_Transform(p.geom, 4326), 7) AS geojson,
           ST_AsGeoJSON(ST_Transform(ST_Envelope(p.geom), 4326), 7) AS envelope
      FROM parcels p
      LEFT JOIN blocks b ON (b.lao_id, b.id) = (p.lao_id, p.block_id)
     WHERE p.lao_id = :lao AND p.code = :code
     ORDER BY (p.status = 'active') DESC
     LIMIT 1
    """
)

_OWNERS = sa.text(
    """
    SELECT o.owner_no, o.name_th, o.kind, r.share_num, r.share_den
      FROM rights r JOIN parties o ON (o.lao_id, o.id) = (r.lao_id, r.party_id)
     WHERE r.lao_id = :lao AND r.parcel_id = :parcel
       AND r.valid_from <= :day AND (r.valid_to IS NULL OR r.valid_to > :day)
     ORDER BY o.owner_no
    """
)

_USES = sa.text(
    """
    SELECT u.category, u.area_sq_wah
      FROM land_use_pieces u
     WHERE u.lao_id = :lao AND u.parcel_id = :parcel
       AND u.valid_from <= :day AND (u.valid_to IS NULL OR u.valid_to > :day)
     ORDER BY u.area_sq_wah DESC
    """
)

_CODES = sa.text(
    """
    SELECT p.code, p.version, ST_Area(p.geom) AS area_m2
      FROM parcels p
     WHERE p.lao_id = :lao AND p.status = 'active' AND p.code LIKE :prefix ESCAPE '\\'
     ORDER BY p.code
     LIMIT :limit
    """
)

_EXTENT = sa.text(
    """
    SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
      FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(p.geom)::geometry, l.srid), 4326) AS e
              FROM parcels p JOIN laos l ON l.id = p.lao_id
             WHERE p.lao_id = :lao AND p.status = 'active'
             GROUP BY l.srid) s
    """
)


def parcel_by_code(conn: Connection, lao_id: int, code: str) -> sa.Row[Any] | None:
    """Return a parcel (the active one if any) with its block code and WGS 84 GeoJSON."""
    return conn.execute(_PARCEL, {"lao": lao_id, "code": code}).first()


def owners_on(conn: Connection, lao_id: int, parcel_id: int, day: date) -> list[sa.Row[Any]]:
    """Return the parcel's owners with their shares on a day."""
    return list(conn.execute(_OWNERS, {"lao": lao_id, "parcel": parcel_id, "day": day}))


def uses_on(conn: Connection, lao_id: int, parcel_id: int, day: date) -> list[sa.Row[Any]]:
    """Return the parcel's land-use pieces on a day, largest first."""
    return list(conn.execute(_USES, {"lao": lao_id, "parcel": parcel_id, "day": day}))


def codes_with_prefix(conn: Connection, lao_id: int, prefix: str, limit: int) -> list[sa.Row[Any]]:
    """Return active parcels whose code starts with `prefix`, in code order."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(conn.execute(_CODES, {"lao": lao_id, "prefix": f"{escaped}%", "limit": limit}))


def fabric_extent(conn: Connection, lao_id: int) -> tuple[float, float, float, float] | None:
    """Return the active fabric's extent in WGS 84, or None for an empty LAO."""
    row = conn.execute(_EXTENT, {"lao": lao_id}).first()
    return None if row is None or row[0] is None else (row[0], row[1], row[2], row[3])
