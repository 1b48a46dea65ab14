"""Give the pilot a past: a few splits, merges and a boundary correction in earlier years.

They run through the same services survey staff use, so time travel (`taxmap parcel as-of`,
GET /parcels?as_of=) shows the fabric changing, and the roll of each year sees its own
fabric on 1 January.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely
import sqlalchemy as sa
from shapely.geometry import LineString
from sqlalchemy.engine import Engine

from parcels.fabric.edit_model import Adjustment, EditCase
from parcels.fabric.editing import merge_parcels, replace_boundary, split_parcel
from taxmap.core.errors import TaxmapError

ACTOR = "demo: survey section"

# Large village parcels with one owner, and adjacent pairs of one owner set in one block.
_SPLITTABLE = """
SELECT p.code, p.version, ST_AsBinary(p.geom) AS wkb
  FROM parcels p
 WHERE p.lao_id = :lao AND p.status = 'active' AND ST_Area(p.geom) BETWEEN 1200 AND 4000
   AND (SELECT count(*) FROM rights r WHERE r.lao_id = p.lao_id AND r.parcel_id = p.id) = 1
 ORDER BY p.code
 LIMIT 40
"""
_PAIRS = """
WITH owners AS (
    SELECT parcel_id, string_agg(party_id::text, ',' ORDER BY party_id) AS owners
      FROM rights WHERE lao_id = :lao AND parcel_id IS NOT NULL AND valid_to IS NULL
     GROUP BY parcel_id)
SELECT a.code AS a, a.version AS va, b.code AS b, b.version AS vb
  FROM parcels a JOIN owners oa ON oa.parcel_id = a.id
  JOIN parcels b ON b.lao_id = a.lao_id AND b.block_id = a.block_id AND b.code > a.code
               AND b.geom && a.geom
  JOIN owners ob ON ob.parcel_id = b.id AND ob.owners = oa.owners
 WHERE a.lao_id = :lao AND a.status = 'active' AND b.status = 'active'
   AND ST_Relate(a.geom, b.geom, 'F***1****')
 ORDER BY a.code, b.code
 LIMIT 10
"""
_NEIGHBOURS = """
SELECT a.code AS a, a.version AS va, ST_AsBinary(a.geom) AS wa,
       b.code AS b, b.version AS vb, ST_AsBinary(b.geom) AS wb
  FROM parcels a
  JOIN parcels b ON b.lao_id = a.lao_id AND b.block_id = a.block_id AND b.code > a.code
               AND b.geom && a.geom
 WHERE a.lao_id = :lao AND a.status = 'active' AND b.status = 'active'
   AND ST_NPoints(a.geom) <= 6 AND ST_NPoints(b.geom) <= 6
   AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 15
 ORDER BY a.code, b.code
 LIMIT 10
"""


def _rows(engine: Engine, sql: str, lao_id: int) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(sql), {"lao": lao_id}))


def add_history(engine: Engine, lao_code: str, lao_id: int) -> list[str]:
    """Split two parcels, merge two pairs and correct one boundary, dated 2021-2024."""
    done: list[str] = []
    used: set[str] = set()  # parcels already edited: each story touches fresh ones
    splits = [date(2021, 3, 15), date(2023, 9, 1)]
    for row in _rows(engine, _SPLITTABLE, lao_id):
        if not splits:
            break
        parcel = shapely.from_wkb(bytes(row.wkb))
        x0, y0, x1, y1 = parcel.bounds
        mid = parcel.centroid
        # Across the longer side, through the middle: two halves as a sale of part would make.
        line = (
            LineString([(mid.x, y0 - 5), (mid.x, y1 + 5)])
            if x1 - x0 >= y1 - y0
            else LineString([(x0 - 5, mid.y), (x1 + 5, mid.y)])
        )
        day = splits[0]
        case = EditCase("แบ่งแยกขายบางส่วน (sale of part)", ACTOR, "ร.ว.9 demo", day)
        try:
            result = split_parcel(lao_code, row.code, line, row.version, case, engine)
        except TaxmapError:
            continue  # an odd shape: try the next parcel
        splits.pop(0)
        used |= {p.code for p in result.parcels}
        done.append(f"{day}: split {row.code} into {', '.join(p.code for p in result.parcels[1:])}")
    merges = [date(2022, 6, 1), date(2024, 2, 20)]
    for row in _rows(engine, _PAIRS, lao_id):
        if not merges or row.a in used or row.b in used:
            continue
        case = EditCase("รวมโฉนด (deeds merged)", ACTOR, "ร.ว.12 demo", merges[0])
        try:
            result = merge_parcels(lao_code, {row.a: row.va, row.b: row.vb}, case, engine)
        except TaxmapError:
            continue
        used |= {row.a, row.b}
        done.append(f"{merges.pop(0)}: merged {row.a} and {row.b} into {result.parcels[-1].code}")
    for row in _rows(engine, _NEIGHBOURS, lao_id):
        if row.a in used or row.b in used:
            continue
        a, b = shapely.from_wkb(bytes(row.wa)), shapely.from_wkb(bytes(row.wb))
        # Field survey: the shared fence stands 1 m into b. Move the line and b with it.
        strip = b.intersection(a.buffer(1.0, join_style="mitre"))
        grown, shrunk = a.union(strip), b.difference(strip)
        if grown.geom_type != "Polygon" or shrunk.geom_type != "Polygon":
            continue
        case = EditCase("รังวัดสอบเขต (boundary survey)", ACTOR, "ร.ว.31 demo", date(2024, 8, 5))
        try:
            replace_boundary(
                lao_code,
                Adjustment(row.a, grown, row.va),
                case,
                engine,
                adjust=(Adjustment(row.b, shrunk, row.vb),),
            )
        except TaxmapError:
            continue
        done.append(f"2024-08-05: boundary of {row.a} and {row.b} corrected by survey")
        break
    return done
