"""Planner queries in PostGIS: filter parcels by layer class, register and tax category, by
distance to a layer; class areas per tambon, zone or block; change between two dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.core.errors import InvalidInput


@dataclass(frozen=True)
class LayerFilter:
    """Parcels with at least `min_share` of their area in these classes of a layer."""

    layer_id: int
    classes: tuple[str, ...]
    min_share: float = 0.0


@dataclass(frozen=True)
class ParcelQuery:
    """What a planner filters parcels by (every given condition must hold)."""

    layers: tuple[LayerFilter, ...] = ()
    categories: tuple[str, ...] = ()
    tambon: str | None = None
    zone: str | None = None
    block: str | None = None
    village_no: int | None = None
    near_layer_id: int | None = None
    within_m: float | None = None
    limit: int = 1000
    extra: dict[str, Any] = field(default_factory=dict)


_BASE = """
SELECT p.id, p.code, p.tambon, b.code AS block, z.code AS zone, p.village_no,
       ST_Area(p.geom) AS area_m2,
       (SELECT string_agg(DISTINCT u.category, ',' ORDER BY u.category) FROM land_use_pieces u
         WHERE u.lao_id = p.lao_id AND u.parcel_id = p.id AND u.valid_to IS NULL) AS categories,
       {distance} AS distance_m,
       ST_AsGeoJSON(ST_Transform(p.geom, 4326), 7) AS geojson
  FROM parcels p
  LEFT JOIN blocks b ON (b.lao_id, b.id) = (p.lao_id, p.block_id)
  LEFT JOIN zones z ON (z.lao_id, z.id) = (b.lao_id, b.zone_id)
 WHERE p.lao_id = :lao AND p.status = 'active'
"""
_NEAREST = (
    "(SELECT min(ST_Distance(p.geom, f.geom)) FROM layer_features f "
    "WHERE f.lao_id = p.lao_id AND f.layer_id = :near AND ST_DWithin(p.geom, f.geom, :within))"
)


def find_parcels(conn: Connection, lao_id: int, q: ParcelQuery) -> list[dict[str, Any]]:
    """Return the parcels that meet every condition of the query, by code."""
    params: dict[str, Any] = {"lao": lao_id, "limit": q.limit}
    where: list[str] = []
    for n, f in enumerate(q.layers):
        where.append(
            f"(SELECT coalesce(sum(c.share), 0) FROM parcel_layer_classes c "
            f"WHERE c.lao_id = p.lao_id AND c.parcel_id = p.id AND c.layer_id = :layer{n} "
            f"AND c.class_code = ANY(:classes{n})) >= greatest(:share{n}, 1e-9)"
        )
        params |= {
            f"layer{n}": f.layer_id,
            f"classes{n}": list(f.classes),
            f"share{n}": f.min_share,
        }
    if q.categories:
        where.append(
            "EXISTS (SELECT 1 FROM land_use_pieces u WHERE u.lao_id = p.lao_id "
            "AND u.parcel_id = p.id AND u.valid_to IS NULL AND u.category = ANY(:cats))"
        )
        params["cats"] = list(q.categories)
    for name, column in (("tambon", "p.tambon"), ("zone", "z.code"), ("block", "b.code")):
        if getattr(q, name) is not None:
            where.append(f"{column} = :{name}")
            params[name] = getattr(q, name)
    if q.village_no is not None:
        where.append("p.village_no = :village")
        params["village"] = q.village_no
    distance = "NULL::float8"
    if q.near_layer_id is not None:
        if q.within_m is None or q.within_m < 0:
            raise InvalidInput(
                "within_m",
                "give the distance in metres (0 or more) with the layer to measure from.",
                "ระบุระยะทางเป็นเมตร (ตั้งแต่ 0) พร้อมชั้นข้อมูลที่ใช้วัด",
            )
        where.append(
            "EXISTS (SELECT 1 FROM layer_features f WHERE f.lao_id = p.lao_id "
            "AND f.layer_id = :near AND ST_DWithin(p.geom, f.geom, :within))"
        )
        params |= {"near": q.near_layer_id, "within": q.within_m}
        distance = _NEAREST
    sql = _BASE.format(distance=distance) + "".join(f" AND {w}" for w in where)
    sql += " ORDER BY p.code LIMIT :limit"
    rows = conn.execute(sa.text(sql), params).mappings().all()
    return [
        {
            **{k: v for k, v in r.items() if k != "id"},
            "area_m2": round(float(r["area_m2"]), 2),
            "distance_m": None if r["distance_m"] is None else round(float(r["distance_m"]), 2),
        }
        for r in rows
    ]


UNITS = {"tambon": "p.tambon", "zone": "z.code", "block": "b.code"}


def area_by_class(conn: Connection, lao_id: int, layer_id: int, by: str) -> list[dict[str, Any]]:
    """Return the area (m²) and parcel count of each class of a layer per tambon, zone or block."""
    if by not in UNITS:
        raise InvalidInput(
            "by",
            f"'{by}' is not a unit to sum by; use tambon, zone or block.",
            f"'{by}' ไม่ใช่หน่วยสรุป ใช้ tambon, zone หรือ block",
        )
    sql = f"""
        SELECT {UNITS[by]} AS unit, c.class_code, sum(c.area_m2) AS area_m2,
               count(DISTINCT c.parcel_id) AS parcels
          FROM parcel_layer_classes c
          JOIN parcels p ON (p.lao_id, p.id) = (c.lao_id, c.parcel_id)
          LEFT JOIN blocks b ON (b.lao_id, b.id) = (p.lao_id, p.block_id)
          LEFT JOIN zones z ON (z.lao_id, z.id) = (b.lao_id, b.zone_id)
         WHERE c.lao_id = :lao AND c.layer_id = :layer
         GROUP BY 1, 2 ORDER BY 1, 2
    """
    rows = conn.execute(sa.text(sql), {"lao": lao_id, "layer": layer_id}).mappings().all()
    return [
        {
            "unit": r["unit"],
            "class_code": r["class_code"],
            "area_m2": round(float(r["area_m2"]), 2),
            "parcels": int(r["parcels"]),
        }
        for r in rows
    ]


_DOMINANT = """
    SELECT DISTINCT ON (c.parcel_id) c.parcel_id, c.class_code, c.area_m2
      FROM parcel_layer_classes c
     WHERE c.lao_id = :lao AND c.layer_id = :{name}
     ORDER BY c.parcel_id, c.area_m2 DESC, c.class_code
"""


def layer_change(
    conn: Connection, lao_id: int, old_id: int, new_id: int
) -> dict[str, list[dict[str, Any]]]:
    """Compare two dates of a layer: area per class at each, and parcels by dominant class."""
    params = {"lao": lao_id, "old": old_id, "new": new_id}
    totals = conn.execute(
        sa.text(
            """
            SELECT class_code,
                   sum(CASE WHEN layer_id = :old THEN area_m2 ELSE 0 END) AS before_m2,
                   sum(CASE WHEN layer_id = :new THEN area_m2 ELSE 0 END) AS after_m2
              FROM parcel_layer_classes
             WHERE lao_id = :lao AND layer_id IN (:old, :new)
             GROUP BY class_code ORDER BY class_code
            """
        ),
        params,
    ).mappings()
    transitions = conn.execute(
        sa.text(
            f"""
            WITH a AS ({_DOMINANT.format(name="old")}), b AS ({_DOMINANT.format(name="new")})
            SELECT a.class_code AS from_class, b.class_code AS to_class,
                   count(*) AS parcels, sum(ST_Area(p.geom)) AS area_m2
              FROM a JOIN b USING (parcel_id)
              JOIN parcels p ON p.lao_id = :lao AND p.id = a.parcel_id
             GROUP BY 1, 2 ORDER BY 1, 2
            """
        ),
        params,
    ).mappings()
    return {
        "classes": [
            {
                "class_code": r["class_code"],
                "before_m2": round(float(r["before_m2"]), 2),
                "after_m2": round(float(r["after_m2"]), 2),
                "change_m2": round(float(r["after_m2"] - r["before_m2"]), 2),
            }
            for r in totals
        ],
        "transitions": [
            {
                "from": r["from_class"],
                "to": r["to_class"],
                "parcels": int(r["parcels"]),
                "area_m2": round(float(r["area_m2"]), 2),
            }
            for r in transitions
        ],
    }


def parse_layer_filters(values: list[str]) -> list[tuple[str, tuple[str, ...], float]]:
    """Parse `code:class1,class2[:min_share]` filters (API query and CLI option)."""
    out = []
    for value in values:
        parts = value.split(":")
        if len(parts) not in (2, 3) or not parts[1]:
            raise InvalidInput(
                "layer",
                f"'{value}' is not a layer filter; write code:class1,class2[:min_share], e.g. "
                "cover:built:0.5 or ldd:A1,A2.",
                f"'{value}' ไม่ใช่ตัวกรองชั้นข้อมูล",
            )
        try:
            share = float(parts[2]) if len(parts) == 3 else 0.0
        except ValueError:
            raise InvalidInput(
                "layer", f"'{parts[2]}' in '{value}' is not a share between 0 and 1."
            ) from None
        out.append((parts[0], tuple(parts[1].split(",")), share))
    return out
