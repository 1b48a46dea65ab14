"""SQL behind the OGC API Features collections: parcels, buildings, vector layers; never commits.

Each source is a fixed FROM/WHERE (identifiers written here, every value bound); geometries are
stored in the LAO's projected CRS and transformed only on the way out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from landuse.ogc import Crs, ItemsQuery


@dataclass(frozen=True)
class Source:
    """Where a collection's features come from."""

    tables: str
    where: str
    fid: str
    geom: str
    props: str
    order: str


PARCELS = Source(
    tables="parcels p LEFT JOIN blocks b ON (b.lao_id, b.id) = (p.lao_id, p.block_id)",
    where="p.lao_id = :lao AND p.valid_to IS NULL AND p.status = 'active'",
    fid="p.code",
    geom="p.geom",
    props="jsonb_build_object('code', p.code, 'block', b.code, 'lot', p.lot, 'tambon', p.tambon,"
    " 'village_no', p.village_no, 'land_no', p.land_no, 'document_type', p.document_type,"
    " 'document_no', p.document_no, 'legal_area_sq_wah', p.legal_area_sq_wah,"
    " 'area_m2', round(ST_Area(p.geom)::numeric, 2), 'version', p.version,"
    " 'valid_from', p.valid_from)",
    order="p.code",
)
BUILDINGS = Source(
    tables="buildings g LEFT JOIN parcels p ON (p.lao_id, p.id) = (g.lao_id, g.parcel_id)",
    where="g.lao_id = :lao AND g.valid_to IS NULL AND g.status = 'active'"
    " AND g.footprint IS NOT NULL",
    fid="g.code",
    geom="g.footprint",
    props="jsonb_build_object('code', g.code, 'parcel', p.code, 'house_no', g.house_no,"
    " 'village_no', g.village_no, 'floors', g.floors, 'floor_area_m2', g.floor_area_m2,"
    " 'construction_class', g.construction_class, 'year_completed', g.year_completed)",
    order="g.code",
)
LAYER = Source(
    tables="layer_features f",
    where="f.lao_id = :lao AND f.layer_id = :layer",
    fid="f.id::text",
    geom="f.geom",
    props="f.attributes || jsonb_build_object('class_code', f.class_code, 'name', f.name)",
    order="f.id",
)


def vector_layers(conn: Connection, lao_id: int) -> list[sa.Row[Any]]:
    """Return the newest vector layer of each code (id, code, as_of, theme, names)."""
    return list(
        conn.execute(
            sa.text(
                "SELECT DISTINCT ON (code) id, code, as_of, theme, name_th, name_en"
                " FROM planning_layers WHERE lao_id = :lao AND kind = 'vector'"
                " ORDER BY code, as_of DESC"
            ),
            {"lao": lao_id},
        )
    )


def extent(
    conn: Connection, src: Source, values: dict[str, Any], srid: int
) -> tuple[float, float, float, float] | None:
    """Return the CRS84 bounding box of the source's features, or None when it has none."""
    row = conn.execute(
        sa.text(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Transform("
            f"ST_SetSRID(ST_Extent({src.geom})::geometry, :srid), 4326) AS e"
            f" FROM {src.tables} WHERE {src.where}) x"
        ),
        {**values, "srid": srid},
    ).one()
    if row[0] is None:
        return None
    return (round(row[0], 7), round(row[1], 7), round(row[2], 7), round(row[3], 7))


def _out(src: Source, crs: Crs) -> str:
    geom = f"ST_Transform({src.geom}, :out_srid)"
    digits = 7 if crs.srid == 4326 else 3
    return f"ST_AsGeoJSON({f'ST_FlipCoordinates({geom})' if crs.lat_first else geom}, {digits}, 0)"


def _bbox_filter(src: Source, q: ItemsQuery) -> str:
    if q.bbox is None:
        return ""
    box = "ST_Transform(ST_MakeEnvelope(:x0, :y0, :x1, :y1, :bbox_srid), :srid)"
    return f" AND {src.geom} && {box} AND ST_Intersects({src.geom}, {box})"


def _rows(conn: Connection, sql: str, values: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [
        (str(fid), json.loads(geom), json.loads(props))
        for fid, geom, props in conn.execute(sa.text(sql), values)
    ]


def page(
    conn: Connection, src: Source, values: dict[str, Any], srid: int, q: ItemsQuery
) -> tuple[int, list[tuple[str, Any, Any]]]:
    """Return how many features match and one page of (id, geometry, properties)."""
    bound = {**values, "srid": srid, "out_srid": q.crs.srid, "limit": q.limit, "offset": q.offset}
    if q.bbox is not None:
        bound.update(zip(("x0", "y0", "x1", "y1"), q.bbox, strict=True))
        bound["bbox_srid"] = q.bbox_crs.srid
    where = f"FROM {src.tables} WHERE {src.where}{_bbox_filter(src, q)}"
    matched = int(conn.execute(sa.text(f"SELECT count(*) {where}"), bound).scalar_one())
    sql = (
        f"SELECT {src.fid}, {_out(src, q.crs)}, ({src.props})::text {where}"
        f" ORDER BY {src.order} LIMIT :limit OFFSET :offset"
    )
    return matched, _rows(conn, sql, bound)


def one(
    conn: Connection, src: Source, values: dict[str, Any], fid: str, crs: Crs
) -> tuple[str, Any, Any] | None:
    """Return one feature (id, geometry, properties) by id, or None."""
    sql = (
        f"SELECT {src.fid}, {_out(src, crs)}, ({src.props})::text FROM {src.tables}"
        f" WHERE {src.where} AND {src.fid} = :fid"
    )
    rows = _rows(conn, sql, {**values, "out_srid": crs.srid, "fid": fid})
    return rows[0] if rows else None
