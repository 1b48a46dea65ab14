"""Bulk writes of register records whose relations use temporary ids (demo and imports)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from sqlalchemy.engine import Connection

from parcels.register.orm import (
    building_use_pieces,
    buildings,
    land_use_pieces,
    parties,
    rights,
    signs,
    trades,
)

BATCH = 5_000


def _insert(
    conn: Connection, table: sa.Table, rows: list[dict[str, Any]], *, returning: bool
) -> list[int]:
    """Insert rows in batches; return the new ids in row order when asked."""
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        if returning:
            result = conn.execute(
                sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk
            )
            ids += [int(i) for i in result.scalars()]
        else:
            conn.execute(sa.insert(table), chunk)
    return ids


def load_register(
    conn: Connection,
    lao_id: int,
    srid: int,
    register: Any,
    parcel_ids: Mapping[int, int],
    valid_from: date,
) -> dict[str, int]:
    """Write a generated register; `parcel_ids` maps its parcel positions to database ids."""

    def rows(
        table: sa.Table, records: list[dict[str, Any]], **maps: Mapping[int, int]
    ) -> list[dict[str, Any]]:
        stamp = {"valid_from": valid_from} if "valid_from" in table.c else {}
        out = []
        for record in records:
            row = {k: v for k, v in record.items() if k != "id"}
            for column, mapping in maps.items():
                if row.get(column) is not None:
                    row[column] = mapping[row[column]]
            for column in ("footprint", "position"):
                if row.get(column) is not None:
                    row[column] = from_shape(row[column], srid=srid)
            out.append({**row, "lao_id": lao_id, **stamp})
        return out

    def ids(records: list[dict[str, Any]], new: list[int]) -> dict[int, int]:
        return {int(r["id"]): i for r, i in zip(records, new, strict=True)}

    party = ids(
        register.parties, _insert(conn, parties, rows(parties, register.parties), returning=True)
    )
    building = ids(
        register.buildings,
        _insert(
            conn,
            buildings,
            rows(buildings, register.buildings, parcel_id=parcel_ids),
            returning=True,
        ),
    )
    sign = ids(
        register.signs,
        _insert(conn, signs, rows(signs, register.signs, parcel_id=parcel_ids), returning=True),
    )
    _insert(
        conn,
        rights,
        rows(
            rights,
            register.rights,
            party_id=party,
            parcel_id=parcel_ids,
            building_id=building,
            sign_id=sign,
        ),
        returning=False,
    )
    _insert(
        conn,
        land_use_pieces,
        rows(land_use_pieces, register.land_use_pieces, parcel_id=parcel_ids),
        returning=False,
    )
    _insert(
        conn,
        building_use_pieces,
        rows(building_use_pieces, register.building_use_pieces, building_id=building),
        returning=False,
    )
    _insert(
        conn,
        trades,
        rows(
            trades,
            register.trades,
            parcel_id=parcel_ids,
            building_id=building,
            operator_party_id=party,
        ),
        returning=False,
    )
    return {
        "parties": len(register.parties),
        "rights": len(register.rights),
        "land_use_pieces": len(register.land_use_pieces),
        "buildings": len(register.buildings),
        "building_use_pieces": len(register.building_use_pieces),
        "signs": len(register.signs),
        "trades": len(register.trades),
    }
