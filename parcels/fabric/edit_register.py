"""What a split or merge does to the register: rights, land use, buildings and signs; no commit.

Splits copy the parent's rights to every child and apportion its land-use pieces by area
(kept for review: the surveyor confirms which use is where); buildings and signs move to the
child that contains them. Merges carry the first parent's rights and sum the land use.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import shapely
import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Connection

from parcels.register.orm import buildings, land_use_pieces, rights, signs
from taxmap.core.db import in_force


def owner_sets(conn: Connection, lao_id: int, parcel_ids: list[int], on: date) -> dict[int, str]:
    """Return each parcel's owners on a day as one sorted set ('' when none)."""
    rows = conn.execute(
        sa.select(
            rights.c.parcel_id,
            sa.func.string_agg(
                sa.cast(rights.c.party_id, sa.Text),
                aggregate_order_by(sa.literal_column("','"), rights.c.party_id),
            ),
        )
        .where(rights.c.lao_id == lao_id, rights.c.parcel_id.in_(parcel_ids), in_force(rights, on))
        .group_by(rights.c.parcel_id)
    )
    found = {int(pid): owners for pid, owners in rows}
    return {pid: str(found.get(pid, "")) for pid in parcel_ids}


_RIGHT_COPY = ("party_id", "kind", "share_num", "share_den", "in_house_registration")
_USE_COPY = ("category", "ltax_code", "how_used", "crop", "vacant_since", "exemption")


def _copy(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _end(
    conn: Connection, table: sa.Table, lao_id: int, parcel_ids: list[int], on: date
) -> list[Any]:
    """End the rows of a parcel-keyed table in force on a day; return them as they were."""
    current = list(
        conn.execute(
            sa.select(table)
            .where(table.c.lao_id == lao_id, table.c.parcel_id.in_(parcel_ids), in_force(table, on))
            .order_by(table.c.id)
        )
    )
    if current:
        conn.execute(
            sa.update(table)
            .where(table.c.lao_id == lao_id, table.c.id.in_([r.id for r in current]))
            .values(valid_to=on)
        )
    return current


def _move_structures(
    conn: Connection,
    lao_id: int,
    parent_ids: list[int],
    children: list[tuple[str, int, BaseGeometry]],
) -> list[str]:
    """Point buildings and signs at the child containing them (the largest if unknown)."""
    notes = []
    largest = max(children, key=lambda c: c[2].area)
    for table, where in ((buildings, "footprint"), (signs, "position")):
        rows = conn.execute(
            sa.select(table.c.id, table.c.code, table.c[where]).where(
                table.c.lao_id == lao_id, table.c.parcel_id.in_(parent_ids)
            )
        ).all()
        for row in rows:
            place = to_shape(row[2]) if row[2] is not None else None
            point = shapely.point_on_surface(place) if place is not None else None
            home = next(
                (c for c in children if point is not None and c[2].contains(point)), largest
            )
            if point is None and len(children) > 1:
                notes.append(f"{row.code} has no location: placed on {home[0]}; check on the map")
            conn.execute(
                sa.update(table)
                .where(table.c.lao_id == lao_id, table.c.id == row.id)
                .values(parcel_id=home[1])
            )
    return notes


def split_register(
    conn: Connection,
    lao_id: int,
    parent_id: int,
    children: list[tuple[str, int, BaseGeometry]],
    on: date,
) -> list[str]:
    """Copy rights to the children, apportion land use by area, move buildings and signs."""
    held = _end(conn, rights, lao_id, [parent_id], on)
    if held:
        conn.execute(
            sa.insert(rights),
            [
                {**_copy(r, _RIGHT_COPY), "lao_id": lao_id, "parcel_id": child, "valid_from": on}
                for r in held
                for _, child, _ in children
            ],
        )
    uses = _end(conn, land_use_pieces, lao_id, [parent_id], on)
    total = sum(g.area for _, _, g in children)
    rows = []
    for _, child, geom in children:
        share = Decimal(str(geom.area / total))
        for use in uses:
            rows.append(
                {
                    **_copy(use, _USE_COPY),
                    "lao_id": lao_id,
                    "parcel_id": child,
                    "area_sq_wah": (use.area_sq_wah * share).quantize(Decimal("0.01")),
                    "valid_from": on,
                }
            )
    if rows:
        conn.execute(sa.insert(land_use_pieces), rows)
    notes = _move_structures(conn, lao_id, [parent_id], children)
    if uses:
        codes = ", ".join(c for c, _, _ in children)
        notes.append(f"land use apportioned by area to {codes}: review which use is where")
    return notes


def merge_register(
    conn: Connection, lao_id: int, parent_ids: list[int], child: int, on: date
) -> list[str]:
    """Carry the first parent's rights to the merged parcel; sum land use; move structures."""
    held = _end(conn, rights, lao_id, parent_ids, on)
    first = [r for r in held if r.parcel_id == parent_ids[0]]
    if first:
        conn.execute(
            sa.insert(rights),
            [
                {**_copy(r, _RIGHT_COPY), "lao_id": lao_id, "parcel_id": child, "valid_from": on}
                for r in first
            ],
        )
    uses = _end(conn, land_use_pieces, lao_id, parent_ids, on)
    summed: dict[tuple[Any, ...], Decimal] = {}
    for use in uses:
        key = tuple(getattr(use, k) for k in _USE_COPY)
        summed[key] = summed.get(key, Decimal(0)) + use.area_sq_wah
    if summed:
        conn.execute(
            sa.insert(land_use_pieces),
            [
                {
                    **dict(zip(_USE_COPY, key, strict=True)),
                    "lao_id": lao_id,
                    "parcel_id": child,
                    "area_sq_wah": area,
                    "valid_from": on,
                }
                for key, area in summed.items()
            ],
        )
    child_geom = conn.execute(
        sa.text("SELECT ST_AsBinary(geom) FROM parcels WHERE lao_id = :l AND id = :i"),
        {"l": lao_id, "i": child},
    ).scalar_one()
    return _move_structures(
        conn, lao_id, parent_ids, [("merged", child, shapely.from_wkb(bytes(child_geom)))]
    )
