"""Reads and writes of planning layers and their features; never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from landuse.orm import layer_features, planning_layers
from taxmap.core.errors import AlreadyExists, NotFound


class LayerNotFound(NotFound):
    """No planning layer has the given code (and date) in this LAO."""

    code = "layer_not_found"


def insert_layer(conn: Connection, lao_id: int, values: dict[str, Any]) -> int:
    """Insert a layer row and return its id; refuse a second layer of the same code and date."""
    exists = conn.execute(
        sa.select(planning_layers.c.id).where(
            planning_layers.c.lao_id == lao_id,
            planning_layers.c.code == values["code"],
            planning_layers.c.as_of == values["as_of"],
        )
    ).first()
    if exists is not None:
        raise AlreadyExists(
            f"Layer {values['code']} of {values['as_of']} exists already: give another "
            "--as-of date (layers are dated) or --replace to load it again.",
            f"มีชั้นข้อมูล {values['code']} วันที่ {values['as_of']} อยู่แล้ว",
            details={"code": values["code"], "as_of": str(values["as_of"])},
        )
    return int(
        conn.execute(
            sa.insert(planning_layers)
            .values(lao_id=lao_id, **values)
            .returning(planning_layers.c.id)
        ).scalar_one()
    )


def delete_layer(conn: Connection, lao_id: int, code: str, as_of: date) -> None:
    """Delete a layer with its features and overlays (cascade)."""
    conn.execute(
        sa.delete(planning_layers).where(
            planning_layers.c.lao_id == lao_id,
            planning_layers.c.code == code,
            planning_layers.c.as_of == as_of,
        )
    )


def insert_features(
    conn: Connection, lao_id: int, layer_id: int, srid: int, rows: list[dict[str, Any]]
) -> None:
    """Insert features given as {class_code, name, attributes, wkb} in the LAO's CRS."""
    if not rows:
        return
    conn.execute(
        sa.insert(layer_features).values(
            lao_id=lao_id,
            layer_id=layer_id,
            class_code=sa.bindparam("class_code"),
            name=sa.bindparam("name"),
            attributes=sa.bindparam("attributes"),
            geom=sa.func.ST_GeomFromWKB(sa.bindparam("wkb"), srid),
        ),
        rows,
    )


def list_layers(conn: Connection, lao_id: int) -> list[sa.Row[Any]]:
    """Return every layer of the LAO, by code then date."""
    return list(
        conn.execute(
            sa.select(planning_layers)
            .where(planning_layers.c.lao_id == lao_id)
            .order_by(planning_layers.c.code, planning_layers.c.as_of)
        ).all()
    )


def get_layer(conn: Connection, lao_id: int, code: str, as_of: date | None = None) -> sa.Row[Any]:
    """Return the layer of this code at this date, or its newest date when none is given."""
    query = sa.select(planning_layers).where(
        planning_layers.c.lao_id == lao_id, planning_layers.c.code == code
    )
    if as_of is not None:
        query = query.where(planning_layers.c.as_of == as_of)
    row = conn.execute(query.order_by(planning_layers.c.as_of.desc()).limit(1)).first()
    if row is None:
        when = f" of {as_of}" if as_of else ""
        raise LayerNotFound(
            f"No planning layer '{code}'{when} in this LAO; list them with `taxmap layers list`.",
            f"ไม่พบชั้นข้อมูล '{code}'{when}",
            details={"layer": code, "as_of": str(as_of) if as_of else None},
        )
    return row


def newest_of_theme(
    conn: Connection, lao_id: int, theme: str, on: date | None = None
) -> sa.Row[Any] | None:
    """Return the newest layer of a theme (dated on or before `on`, when given), or None."""
    query = sa.select(planning_layers).where(
        planning_layers.c.lao_id == lao_id, planning_layers.c.theme == theme
    )
    if on is not None:
        query = query.where(planning_layers.c.as_of <= on)
    return conn.execute(
        query.order_by(planning_layers.c.as_of.desc(), planning_layers.c.id.desc()).limit(1)
    ).first()


def layer_class_counts(conn: Connection, lao_id: int, layer_id: int) -> dict[str, int]:
    """Return the number of features of each class of a layer."""
    rows = conn.execute(
        sa.select(layer_features.c.class_code, sa.func.count())
        .where(layer_features.c.lao_id == lao_id, layer_features.c.layer_id == layer_id)
        .group_by(layer_features.c.class_code)
        .order_by(layer_features.c.class_code)
    ).all()
    return {str(c): int(n) for c, n in rows}


def mark_overlaid(conn: Connection, lao_id: int, layer_id: int) -> None:
    """Record that the layer's per-parcel overlay was refreshed now."""
    conn.execute(
        sa.update(planning_layers)
        .where(planning_layers.c.lao_id == lao_id, planning_layers.c.id == layer_id)
        .values(overlay_at=sa.func.clock_timestamp())
    )


def stale_layer_ids(conn: Connection, lao_id: int) -> list[int]:
    """Return layers whose overlay is missing or older than the newest change to the fabric."""
    sql = sa.text(
        """
        SELECT l.id FROM planning_layers l
         WHERE l.lao_id = :lao AND l.theme NOT IN ('road', 'river', 'building_observed',
               'sign_observed')
           AND (l.overlay_at IS NULL OR l.overlay_at < (
                SELECT max(p.created_at)
                  FROM parcels p WHERE p.lao_id = :lao))
         ORDER BY l.id
        """
    )
    return [int(i) for i in conn.execute(sql, {"lao": lao_id}).scalars()]
