"""Reads for printed register documents, as the register stood on a day; never commits.

Every query is scoped by lao_id and takes its values as bound parameters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.fabric.orm import blocks, non_parcel_areas, parcel_versions, parcels
from parcels.register.document_map import Box
from parcels.register.orm import (
    building_use_pieces,
    buildings,
    land_use_pieces,
    parties,
    rights,
    signs,
)
from taxmap.admin.orm import laos
from taxmap.core.db import in_force
from taxmap.core.errors import NotFound

Rows = list[dict[str, Any]]
_RECORD: tuple[str, ...] = ("code", "block_id", "document_type", "document_no", "land_no")
_RECORD += ("survey_page", "volume", "page", "sheet_50k", "sheet_quadrant", "sheet_4000")
_RECORD += ("sub_sheet", "road", "alley", "village_no", "tambon", "amphoe", "legal_area_sq_wah")
_RECORD += ("geom",)


def parcels_on(lao_id: int, on: date, name: str = "p") -> sa.Subquery:
    """Return each parcel's version in force on a day (current rows and earlier versions)."""
    branches = [
        sa.select(id_column.label("id"), *(table.c[column] for column in _RECORD)).where(
            table.c.lao_id == lao_id, table.c.status != "pending", in_force(table, on)
        )
        for table, id_column in (
            (parcels, parcels.c.id),
            (parcel_versions, parcel_versions.c.parcel_id),
        )
    ]
    return sa.union_all(*branches).subquery(name)


def _record_columns(p: sa.Subquery) -> list[Any]:
    drawn = sa.func.round(sa.cast(sa.func.ST_Area(p.c.geom) / 4, sa.Numeric), 2)
    record = (p.c[column] for column in _RECORD if column != "geom")
    return [p.c.id, *record, drawn.label("drawn_sq_wah")]


def _share(table: sa.Table) -> sa.ColumnElement[bool]:
    return sa.and_(
        rights.c.lao_id == table.c.lao_id, rights.c[f"{table.name[:-1]}_id"] == table.c.id
    )


def land_held(conn: Connection, lao_id: int, party_id: int, on: date) -> Rows:
    """Return the parcels a party holds rights in on a day, with the land record and share."""
    p = parcels_on(lao_id, on)
    query = (
        sa.select(
            *_record_columns(p),
            rights.c.kind.label("right"),
            rights.c.share_num,
            rights.c.share_den,
        )
        .join(rights, rights.c.parcel_id == p.c.id)
        .where(rights.c.lao_id == lao_id, rights.c.party_id == party_id, in_force(rights, on))
        .order_by(p.c.code, rights.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def parcel_on(conn: Connection, lao_id: int, code: str, on: date) -> dict[str, Any]:
    """Return the version of a parcel in force on a day by code, or raise NotFound naming it."""
    p = parcels_on(lao_id, on)
    block = sa.select(blocks.c.code).where(blocks.c.lao_id == lao_id, blocks.c.id == p.c.block_id)
    query = sa.select(*_record_columns(p), block.scalar_subquery().label("block_code"))
    row = conn.execute(query.where(p.c.code == code)).first()
    if row is None:
        raise NotFound(
            f"No parcel {code} in this LAO on {on.isoformat()}: check the parcel code"
            " (zone, block, lot) and the date.",
            f"ไม่พบแปลงที่ดิน {code} ณ วันที่ {on.isoformat()} โปรดตรวจรหัสแปลง (โซน บล็อก ลำดับ) และวันที่",
            details={"field": "parcel"},
        )
    return dict(row._mapping)


def land_uses(
    conn: Connection, lao_id: int, parcel_ids: Sequence[int], on: date
) -> dict[int, Rows]:
    """Return the land-use pieces in force on a day, by parcel id."""
    t = land_use_pieces
    query = (
        sa.select(
            t.c.parcel_id, t.c.category, t.c.ltax_code, t.c.area_sq_wah, t.c.how_used, t.c.crop
        )
        .where(t.c.lao_id == lao_id, t.c.parcel_id.in_(parcel_ids), in_force(t, on))
        .order_by(t.c.parcel_id, t.c.id)
    )
    return _grouped(conn, query, "parcel_id")


def building_uses(
    conn: Connection, lao_id: int, building_ids: Sequence[int], on: date
) -> dict[int, Rows]:
    """Return the building-use pieces in force on a day, by building id."""
    t = building_use_pieces
    query = (
        sa.select(t.c.building_id, t.c.category, t.c.ltax_code, t.c.floor_area_m2)
        .where(t.c.lao_id == lao_id, t.c.building_id.in_(building_ids), in_force(t, on))
        .order_by(t.c.building_id, t.c.id)
    )
    return _grouped(conn, query, "building_id")


_BUILDING: tuple[str, ...] = ("id", "code", "parcel_id", "house_no", "village_no", "road")
_BUILDING += ("treasury_type", "construction_class", "floors", "floor_area_m2", "year_completed")
_SIGN: tuple[str, ...] = ("id", "code", "parcel_id", "business_name", "sign_type", "moving")
_SIGN += ("width_cm", "height_cm", "faces", "count", "first_shown")


def _objects(
    conn: Connection, lao_id: int, table: sa.Table, columns: tuple[str, ...], on: date, **by: int
) -> Rows:
    """Return buildings or signs in force on a day, held by a party or standing on a parcel."""
    parcel_code = (
        sa.select(parcels.c.code)
        .where(parcels.c.lao_id == lao_id, parcels.c.id == table.c.parcel_id)
        .scalar_subquery()
    )
    query = sa.select(*(table.c[c] for c in columns), parcel_code.label("parcel_code")).where(
        table.c.lao_id == lao_id, in_force(table, on)
    )
    if "party_id" in by:
        query = (
            query.add_columns(rights.c.kind.label("right"), rights.c.share_num, rights.c.share_den)
            .select_from(table.join(rights, _share(table)))
            .where(rights.c.party_id == by["party_id"], in_force(rights, on))
        )
    else:
        query = query.where(table.c.parcel_id == by["parcel_id"])
    return [dict(r._mapping) for r in conn.execute(query.order_by(table.c.code))]


def buildings_of(conn: Connection, lao_id: int, on: date, **by: int) -> Rows:
    """Return buildings in force on a day, held by party_id= or standing on parcel_id=."""
    return _objects(conn, lao_id, buildings, _BUILDING, on, **by)


def signs_of(conn: Connection, lao_id: int, on: date, **by: int) -> Rows:
    """Return signs in force on a day, held by party_id= or standing on parcel_id=."""
    return _objects(conn, lao_id, signs, _SIGN, on, **by)


def holders(
    conn: Connection, lao_id: int, column: str, ids: Sequence[int], on: date
) -> dict[int, Rows]:
    """Return the holders of parcels, buildings or signs (column parcel_id, building_id, …)."""
    query = (
        sa.select(
            rights.c[column],
            *(parties.c[c] for c in ("owner_no", "name_th")),
            parties.c.kind.label("party_kind"),
            rights.c.kind.label("right"),
            *(rights.c[c] for c in ("share_num", "share_den")),
        )
        .join(
            parties, sa.and_(parties.c.lao_id == rights.c.lao_id, parties.c.id == rights.c.party_id)
        )
        .where(rights.c.lao_id == lao_id, rights.c[column].in_(ids), in_force(rights, on))
        .order_by(rights.c[column], parties.c.owner_no)
    )
    return _grouped(conn, query, column)


def extent(conn: Connection, lao_id: int, parcel_ids: Sequence[int], on: date) -> Box | None:
    """Return the extent of some parcels as they stood on a day."""
    p = parcels_on(lao_id, on)
    box = sa.func.ST_Extent(p.c.geom)
    row = conn.execute(
        sa.select(
            sa.func.ST_XMin(box), sa.func.ST_YMin(box), sa.func.ST_XMax(box), sa.func.ST_YMax(box)
        ).where(p.c.id.in_(parcel_ids))
    ).one()
    return None if row[0] is None else Box(*(float(v) for v in row))


def neighbours(conn: Connection, lao_id: int, parcel_id: int, within: float, on: date) -> Rows:
    """Return parcels within a distance of one, nearest first, with distance and bearing."""
    p, s = parcels_on(lao_id, on), parcels_on(lao_id, on, "s")
    query = (
        sa.select(
            p.c.id,
            p.c.code,
            sa.func.ST_Distance(p.c.geom, s.c.geom).label("distance"),
            sa.func.degrees(
                sa.func.ST_Azimuth(
                    sa.func.ST_PointOnSurface(s.c.geom), sa.func.ST_PointOnSurface(p.c.geom)
                )
            ).label("azimuth"),
        )
        .select_from(
            s.join(p, sa.and_(p.c.id != s.c.id, sa.func.ST_DWithin(p.c.geom, s.c.geom, within)))
        )
        .where(s.c.id == parcel_id)
        .order_by(sa.text("distance"), p.c.code)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def map_shapes(
    conn: Connection,
    lao_id: int,
    srid: int,
    box: Box,
    on: date,
    *,
    layers: dict[int, str],
    all_parcels: bool,
) -> Rows:
    """Return SVG paths clipped to a box: parcels, roads, block outlines, the LAO's boundary.

    `layers` names the layer of some parcel ids (subject, held, neighbour); other parcels are
    drawn, as layer "parcel", only when all_parcels. Parcels carry their code, roads a name.
    """
    env = sa.func.ST_MakeEnvelope(box.xmin, box.ymin, box.xmax, box.ymax, srid)
    p, roads = parcels_on(lao_id, on), non_parcel_areas
    sources = (
        (
            "parcel",
            p.c.geom,
            sa.true() if all_parcels else p.c.id.in_(list(layers)),
            p.c.id,
            p.c.code,
        ),
        ("road", roads.c.geom, roads.c.lao_id == lao_id, roads.c.id, roads.c.name_th),
        ("block", blocks.c.geom, blocks.c.lao_id == lao_id, blocks.c.id, None),
        ("boundary", laos.c.boundary, laos.c.id == lao_id, laos.c.id, None),
    )
    shapes: Rows = []
    for layer, geom, scope, key, label in sources:
        for row in _clipped(conn, env, layer, geom, scope, key, label):
            named = layers.get(row["key"], "parcel") if layer == "parcel" else layer
            shapes.append(row | {"layer": named})
    return shapes


def _clipped(
    conn: Connection, env: Any, layer: str, geom: Any, scope: Any, key: Any, label: Any
) -> Rows:
    """Return shapes meeting a box, clipped to it, as SVG paths (y negated) with a label point."""
    outline = layer in ("block", "boundary")  # drawn as lines: their edges, not the box's
    shape = sa.func.ST_Boundary(geom) if outline else geom
    clip = sa.func.ST_CollectionExtract(sa.func.ST_Intersection(shape, env), 2 if outline else 3)
    inner = (
        sa.select(
            key.label("key"),
            (sa.null() if label is None else label).label("label"),
            clip.label("g"),
        )
        .where(scope, sa.func.ST_Intersects(geom, env))
        .subquery("clipped")
    )
    point = sa.func.ST_PointOnSurface(inner.c.g)
    query = sa.select(
        inner.c.key,
        inner.c.label,
        sa.func.ST_AsSVG(inner.c.g, 0, 1).label("path"),
        sa.func.ST_X(point).label("x"),
        (-sa.func.ST_Y(point)).label("y"),
    ).where(sa.not_(sa.func.ST_IsEmpty(inner.c.g)))
    return [dict(r._mapping) for r in conn.execute(query.order_by(inner.c.key))]


def _grouped(conn: Connection, query: sa.Select[Any], key: str) -> dict[int, Rows]:
    found: dict[int, Rows] = defaultdict(list)
    for row in conn.execute(query):
        item = dict(row._mapping)
        found[item.pop(key)].append(item)
    return dict(found)
