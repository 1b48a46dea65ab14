"""Schema v1: every LAO-owned table carries lao_id in its primary and unique keys."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

GLOBAL_TABLES = {
    "laos",
    "users",
    "alembic_version",
    "spatial_ref_sys",
    # Sign-in (migration 0014): accounts span LAOs; roles are in user_roles, keyed by lao_id.
    "sessions",
    "api_tokens",
    "login_attempts",
}


def _tables(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            sa.text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ).scalars()
    )


def test_schema_v1_has_the_domain_tables(conn: Connection) -> None:
    assert set(_tables(conn)) >= {
        "laos",
        "admin_areas",
        "zones",
        "blocks",
        "parcels",
        "parcel_versions",
        "parcel_lineage",
        "non_parcel_areas",
        "parties",
        "rights",
        "buildings",
        "land_use_pieces",
        "building_use_pieces",
        "condo_units",
        "signs",
        "trades",
        "appraisal_rounds",
        "appraisal_units",
        "parcel_prices",
        "users",
        "user_roles",
        "cases",
        "audit_log",
    }


def test_every_lao_table_keys_start_with_lao_id(conn: Connection) -> None:
    rows = conn.execute(
        sa.text(
            """
            SELECT c.conrelid::regclass::text AS tbl, c.conname, c.contype,
                   (SELECT array_agg(a.attname ORDER BY k.ord)
                      FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
                   AS cols
              FROM pg_constraint c
              JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname = 'public' AND c.contype IN ('p', 'u')
            """
        )
    ).all()
    offenders = [
        (r.tbl, r.conname, r.cols)
        for r in rows
        if r.tbl not in GLOBAL_TABLES and "lao_id" not in r.cols
    ]
    assert offenders == []
    lao_tables = {r.tbl for r in rows if r.tbl not in GLOBAL_TABLES}
    assert "parcels" in lao_tables and len(lao_tables) >= 20


def test_geometry_columns_have_gist_indexes(conn: Connection) -> None:
    missing = (
        conn.execute(
            sa.text(
                """
            SELECT f_table_name || '.' || f_geometry_column
              FROM geometry_columns g
             WHERE f_table_schema = 'public' AND NOT EXISTS (
                   SELECT 1 FROM pg_indexes i
                    WHERE i.tablename = g.f_table_name AND i.indexdef ILIKE '%gist%'
                      AND i.indexdef LIKE '%' || g.f_geometry_column || '%')
            """
            )
        )
        .scalars()
        .all()
    )
    assert missing == []


def test_rights_point_at_exactly_one_object(conn: Connection) -> None:
    lao = conn.execute(
        sa.text(
            "INSERT INTO laos (code, name_th, name_en, srid) VALUES ('T1', 'ท', 'T', 32648) "
            "RETURNING id"
        )
    ).scalar_one()
    party = conn.execute(
        sa.text(
            "INSERT INTO parties (lao_id, owner_no, kind, name_th) "
            "VALUES (:l, 1, 'individual', 'นาย ก') RETURNING id"
        ),
        {"l": lao},
    ).scalar_one()
    with pytest.raises(sa.exc.IntegrityError) as info, conn.begin_nested():
        conn.execute(
            sa.text("INSERT INTO rights (lao_id, party_id, kind) VALUES (:l, :p, 'owner')"),
            {"l": lao, "p": party},
        )
    assert "ck_rights_one_object" in str(info.value)
