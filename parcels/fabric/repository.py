"""Queries on the fabric; never commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.fabric.model import Shape
from parcels.fabric.orm import blocks, non_parcel_areas, parcels, zones
from taxmap.admin.orm import admin_areas, laos


def _shapes(
    conn: Connection, table: sa.Table | sa.Subquery, geom: str, label: str, lao_id: int
) -> list[Shape]:
    # ST_AsSVG writes y negated, which is what SVG's downward y axis needs; 1 decimal = 10 cm.
    query = sa.select(
        table.c[label].label("label"),
        sa.func.ST_AsSVG(table.c[geom], 0, 1).label("path"),
    ).order_by(table.c[label])
    if "lao_id" in table.c:
        query = query.where(table.c.lao_id == lao_id)
    else:
        query = query.where(table.c.id == lao_id)
    return [Shape(str(r.label), str(r.path)) for r in conn.execute(query)]


def overview_shapes(conn: Connection, lao_id: int) -> dict[str, list[Shape]]:
    """Return SVG paths of the LAO's boundary, tambons, roads, zones, blocks and parcels."""
    active = parcels.select().where(parcels.c.status == "active").subquery()
    return {
        "boundary": _shapes(conn, laos, "boundary", "code", lao_id),
        "tambons": _shapes(conn, admin_areas, "geom", "name_th", lao_id),
        "roads": _shapes(conn, non_parcel_areas, "geom", "kind", lao_id),
        "zones": _shapes(conn, zones, "geom", "code", lao_id),
        "blocks": _shapes(conn, blocks, "geom", "code", lao_id),
        "parcels": _shapes(conn, active, "geom", "code", lao_id),
    }


def fabric_totals(conn: Connection, lao_id: int) -> tuple[int, float]:
    """Return the number and total area (m²) of the LAO's active parcels."""
    row = conn.execute(
        sa.select(
            sa.func.count(), sa.func.coalesce(sa.func.sum(sa.func.ST_Area(parcels.c.geom)), 0)
        ).where(parcels.c.lao_id == lao_id, parcels.c.status == "active")
    ).one()
    return int(row[0]), float(row[1])


def extent(conn: Connection, lao_id: int) -> tuple[float, float, float, float] | None:
    """Return the extent of the LAO's boundary and fabric in its storage CRS."""
    boxes = sa.union_all(
        sa.select(laos.c.boundary.label("g")).where(laos.c.id == lao_id),
        sa.select(admin_areas.c.geom).where(admin_areas.c.lao_id == lao_id),
        sa.select(parcels.c.geom).where(parcels.c.lao_id == lao_id),
    ).subquery()
    box = sa.func.ST_Extent(boxes.c.g)
    row = conn.execute(
        sa.select(
            sa.func.ST_XMin(box), sa.func.ST_YMin(box), sa.func.ST_XMax(box), sa.func.ST_YMax(box)
        )
    ).one()
    return None if row[0] is None else (float(row[0]), float(row[1]), float(row[2]), float(row[3]))


def active_parcels_wkb(
    conn: Connection, lao_id: int
) -> tuple[list[int], list[str], list[Any], list[bytes]]:
    """Return ids, codes, block ids and WKB of the LAO's active parcels (one round trip)."""
    rows = conn.execute(
        sa.select(
            parcels.c.id, parcels.c.code, parcels.c.block_id, sa.func.ST_AsBinary(parcels.c.geom)
        )
        .where(parcels.c.lao_id == lao_id, parcels.c.status == "active")
        .order_by(parcels.c.id)
    ).all()
    if not rows:
        return [], [], [], []
    ids, codes, block_ids, wkb = zip(*rows, strict=True)
    return list(ids), list(codes), list(block_ids), [bytes(w) for w in wkb]


def blocks_wkb(conn: Connection, lao_id: int) -> tuple[list[int], list[str], list[bytes]]:
    """Return ids, codes and WKB of the LAO's blocks."""
    rows = conn.execute(
        sa.select(blocks.c.id, blocks.c.code, sa.func.ST_AsBinary(blocks.c.geom)).where(
            blocks.c.lao_id == lao_id
        )
    ).all()
    if not rows:
        return [], [], []
    ids, codes, wkb = zip(*rows, strict=True)
    return list(ids), list(codes), [bytes(w) for w in wkb]


def non_parcel_union_wkb(conn: Connection, lao_id: int) -> bytes | None:
    """Return the union of the LAO's declared non-parcel areas (roads, canals) as WKB."""
    value = conn.execute(
        sa.select(sa.func.ST_AsBinary(sa.func.ST_Union(non_parcel_areas.c.geom))).where(
            non_parcel_areas.c.lao_id == lao_id
        )
    ).scalar()
    return None if value is None else bytes(value)


def parcel_versions_of(conn: Connection, lao_id: int, code: str) -> list[sa.Row[Any]]:
    """Return every version of a parcel, oldest first, with area and the case behind it."""
    return list(
        conn.execute(
            sa.text(
                """
                SELECT v.version, v.status, v.valid_from, v.valid_to, ST_Area(v.geom) AS area_m2,
                       v.case_id, c.kind AS case_kind, c.reason, c.document_ref,
                       ST_AsGeoJSON(ST_Transform(v.geom, 4326), 7) AS geojson
                  FROM (SELECT version, status, valid_from, valid_to, geom, case_id
                          FROM parcel_versions
                         WHERE lao_id = :lao AND parcel_id = (
                               SELECT id FROM parcels WHERE lao_id = :lao AND code = :code)
                        UNION ALL
                        SELECT version, status, valid_from, valid_to, geom, case_id
                          FROM parcels WHERE lao_id = :lao AND code = :code) v
                  LEFT JOIN cases c ON c.lao_id = :lao AND c.id = v.case_id
                 ORDER BY v.version
                """
            ),
            {"lao": lao_id, "code": code},
        )
    )


def lineage_of(conn: Connection, lao_id: int, code: str) -> list[sa.Row[Any]]:
    """Return the lineage edges that touch a parcel: its parents and its children."""
    return list(
        conn.execute(
            sa.text(
                """
                SELECT l.kind, l.at, pa.code AS parent, ch.code AS child, c.reason
                  FROM parcel_lineage l
                  JOIN parcels pa ON pa.lao_id = l.lao_id AND pa.id = l.parent_id
                  JOIN parcels ch ON ch.lao_id = l.lao_id AND ch.id = l.child_id
                  LEFT JOIN cases c ON c.lao_id = l.lao_id AND c.id = l.case_id
                 WHERE l.lao_id = :lao AND (pa.code = :code OR ch.code = :code)
                 ORDER BY l.at, pa.code, ch.code
                """
            ),
            {"lao": lao_id, "code": code},
        )
    )


def fabric_on(
    conn: Connection, lao_id: int, day: Any, bbox: tuple[float, float, float, float] | None
) -> list[sa.Row[Any]]:
    """Return the parcels as they were on a day (optionally in a WGS 84 box), as GeoJSON."""
    box = (
        "AND p.geom && ST_Transform(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326), "
        "(SELECT srid FROM laos WHERE id = :lao))"
        if bbox
        else ""
    )
    values = dict(zip(("x0", "y0", "x1", "y1"), bbox, strict=True)) if bbox else {}
    return list(
        conn.execute(
            sa.text(
                f"""
                SELECT p.code, p.version, p.valid_from, p.valid_to, ST_Area(p.geom) AS area_m2,
                       ST_AsGeoJSON(ST_Transform(p.geom, 4326), 7) AS geojson
                  FROM parcels_as_of(:lao, :day) p
                 WHERE true {box}
                 ORDER BY p.code
                """
            ),
            {"lao": lao_id, "day": day, **values},
        )
    )
