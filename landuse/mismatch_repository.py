"""Reads the mismatch finder needs: declared use, observed shares, tax at stake; never commits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

SQL = Path(__file__).parent / "sql"


def declared_shares(conn: Connection, lao_id: int) -> pd.DataFrame:
    """Return (parcel_id, code, category, share) of the current land-use pieces by area."""
    rows = conn.execute(
        sa.text(
            """
            SELECT p.id AS parcel_id, p.code, u.category,
                   sum(u.area_sq_wah) / nullif(sum(sum(u.area_sq_wah)) OVER (PARTITION BY p.id), 0)
                       AS share
              FROM land_use_pieces u
              JOIN parcels p ON (p.lao_id, p.id) = (u.lao_id, u.parcel_id)
             WHERE u.lao_id = :lao AND u.valid_to IS NULL AND p.status = 'active'
             GROUP BY p.id, p.code, u.category
            """
        ),
        {"lao": lao_id},
    ).all()
    frame = pd.DataFrame(rows, columns=["parcel_id", "code", "category", "share"])
    frame["share"] = frame["share"].astype(float)
    return frame


def class_shares(conn: Connection, lao_id: int, layer_id: int) -> pd.DataFrame:
    """Return (parcel_id, class_code, share) of a layer's overlay."""
    rows = conn.execute(
        sa.text(
            "SELECT parcel_id, class_code, share FROM parcel_layer_classes "
            "WHERE lao_id = :lao AND layer_id = :layer"
        ),
        {"lao": lao_id, "layer": layer_id},
    ).all()
    return pd.DataFrame(rows, columns=["parcel_id", "class_code", "share"])


def tax_by_parcel(conn: Connection, lao_id: int) -> tuple[int | None, dict[int, Any]]:
    """Return the newest roll's year and the tax on each parcel's lines in it."""
    year = conn.execute(
        sa.text("SELECT max(tax_year) FROM tax_rolls WHERE lao_id = :lao"), {"lao": lao_id}
    ).scalar()
    if year is None:
        return None, {}
    rows = conn.execute(
        sa.text(
            """
            SELECT l.parcel_id, sum(l.amount) FROM assessment_lines l
              JOIN tax_rolls r ON (r.lao_id, r.id) = (l.lao_id, l.roll_id)
             WHERE r.lao_id = :lao AND r.tax_year = :year AND l.parcel_id IS NOT NULL
             GROUP BY l.parcel_id
            """
        ),
        {"lao": lao_id, "year": year},
    ).all()
    return int(year), {int(p): a for p, a in rows}


def parcel_codes(conn: Connection, lao_id: int, ids: list[int]) -> dict[int, str]:
    """Return the codes of the given parcels."""
    if not ids:
        return {}
    rows = conn.execute(
        sa.text("SELECT id, code FROM parcels WHERE lao_id = :lao AND id = ANY(:ids)"),
        {"lao": lao_id, "ids": ids},
    ).all()
    return {int(i): str(c) for i, c in rows}


def unregistered_buildings(
    conn: Connection, lao_id: int, layer_id: int, share: float
) -> list[sa.Row[Any]]:
    """Return observed buildings that registered footprints cover less than `share` of."""
    sql = sa.text((SQL / "unregistered_buildings.sql").read_text())
    return list(conn.execute(sql, {"lao": lao_id, "layer": layer_id, "share": share}).all())


def unregistered_signs(
    conn: Connection, lao_id: int, layer_id: int, distance_m: float
) -> list[sa.Row[Any]]:
    """Return signs found in the field with no registered sign within `distance_m`."""
    sql = sa.text((SQL / "unregistered_signs.sql").read_text())
    return list(conn.execute(sql, {"lao": lao_id, "layer": layer_id, "distance": distance_m}).all())
