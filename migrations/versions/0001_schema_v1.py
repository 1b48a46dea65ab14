"""schema v1: LAOs, fabric, register, appraisal, users, audit

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 21:40:15.763835
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_geospatial_table(
        "laos",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_th", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), server_default="sao", nullable=False),
        sa.Column("province_th", sa.Text(), nullable=True),
        sa.Column("district_th", sa.Text(), nullable=True),
        sa.Column("srid", sa.Integer(), nullable=False),
        sa.Column(
            "boundary",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "settings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("srid > 0", name=op.f("ck_laos_srid_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_laos")),
        sa.UniqueConstraint("code", name=op.f("uq_laos_code")),
    )
    op.create_geospatial_index(
        "idx_laos_boundary",
        "laos",
        ["boundary"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.Text(), server_default="", nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_geospatial_table(
        "admin_areas",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("pcode", sa.String(length=16), nullable=False),
        sa.Column("name_th", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_admin_areas_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_admin_areas")),
        sa.UniqueConstraint(
            "lao_id", "kind", "pcode", name=op.f("uq_admin_areas_lao_id_kind_pcode")
        ),
    )
    op.create_geospatial_index(
        "idx_admin_areas_geom",
        "admin_areas",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "appraisal_rounds",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("first_year", sa.SmallInteger(), nullable=False),
        sa.Column("last_year", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("last_year >= first_year", name=op.f("ck_appraisal_rounds_years_order")),
        sa.ForeignKeyConstraint(
            ["lao_id"],
            ["laos.id"],
            name=op.f("fk_appraisal_rounds_lao_id_laos"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_appraisal_rounds")),
        sa.UniqueConstraint("lao_id", "name", name=op.f("uq_appraisal_rounds_lao_id_name")),
    )
    op.create_table(
        "cases",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("document_ref", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_cases_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_cases_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_cases")),
    )
    op.create_geospatial_table(
        "non_parcel_areas",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_th", sa.Text(), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"],
            ["laos.id"],
            name=op.f("fk_non_parcel_areas_lao_id_laos"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_non_parcel_areas")),
    )
    op.create_geospatial_index(
        "idx_non_parcel_areas_geom",
        "non_parcel_areas",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "parties",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("owner_no", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title_th", sa.Text(), nullable=True),
        sa.Column("first_name_th", sa.Text(), nullable=True),
        sa.Column("last_name_th", sa.Text(), nullable=True),
        sa.Column("name_th", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("national_id", sa.String(length=13), nullable=True),
        sa.Column("juristic_id", sa.String(length=13), nullable=True),
        sa.Column("registered_address", sa.Text(), nullable=True),
        sa.Column("current_address", sa.Text(), nullable=True),
        sa.Column("mailing_address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column(
            "moved_for_official_reasons",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('individual', 'juristic', 'state', 'religious', 'other')",
            name=op.f("ck_parties_kind_known"),
        ),
        sa.CheckConstraint(
            "national_id IS NULL OR national_id ~ '^[0-9]{13}$'", name=op.f("ck_parties_nid_digits")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_parties_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_parties")),
        sa.UniqueConstraint("lao_id", "owner_no", name=op.f("uq_parties_lao_id_owner_no")),
    )
    op.create_index(
        op.f("ix_parties_lao_id_national_id"), "parties", ["lao_id", "national_id"], unique=False
    )
    op.create_table(
        "user_roles",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'surveyor', 'revenue', 'planner', 'viewer')",
            name=op.f("ck_user_roles_role_known"),
        ),
        sa.ForeignKeyConstraint(["lao_id"], ["laos.id"], name=op.f("fk_user_roles_lao_id_laos")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users")
        ),
        sa.PrimaryKeyConstraint("lao_id", "user_id", "role", name=op.f("pk_user_roles")),
    )
    op.create_geospatial_table(
        "zones",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_zones_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_zones")),
        sa.UniqueConstraint("lao_id", "code", name=op.f("uq_zones_lao_id_code")),
    )
    op.create_geospatial_index(
        "idx_zones_geom",
        "zones",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_geospatial_table(
        "appraisal_units",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("round_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("price_per_sq_wah", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('block', 'zone', 'road_frontage')", name=op.f("ck_appraisal_units_kind_known")
        ),
        sa.CheckConstraint(
            "price_per_sq_wah >= 0", name=op.f("ck_appraisal_units_price_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "round_id"],
            ["appraisal_rounds.lao_id", "appraisal_rounds.id"],
            name=op.f("fk_appraisal_units_lao_id_round_id_appraisal_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"],
            ["laos.id"],
            name=op.f("fk_appraisal_units_lao_id_laos"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_appraisal_units")),
        sa.UniqueConstraint(
            "lao_id", "round_id", "code", name=op.f("uq_appraisal_units_lao_id_round_id_code")
        ),
    )
    op.create_geospatial_index(
        "idx_appraisal_units_geom",
        "appraisal_units",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "audit_log",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_log_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "case_id"],
            ["cases.lao_id", "cases.id"],
            name=op.f("fk_audit_log_lao_id_case_id_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_audit_log_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_audit_log")),
    )
    op.create_index(
        op.f("ix_audit_log_lao_id_entity_entity_id"),
        "audit_log",
        ["lao_id", "entity", "entity_id"],
        unique=False,
    )
    op.create_geospatial_table(
        "blocks",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("zone_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("next_lot", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["lao_id", "zone_id"],
            ["zones.lao_id", "zones.id"],
            name=op.f("fk_blocks_lao_id_zone_id_zones"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_blocks_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_blocks")),
        sa.UniqueConstraint("lao_id", "code", name=op.f("uq_blocks_lao_id_code")),
    )
    op.create_geospatial_index(
        "idx_blocks_geom",
        "blocks",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "parcel_prices",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("round_id", sa.BigInteger(), nullable=False),
        sa.Column("sheet_50k", sa.String(length=8), nullable=False),
        sa.Column("sheet_quadrant", sa.String(length=4), nullable=False),
        sa.Column("sheet_4000", sa.String(length=8), nullable=False),
        sa.Column("sub_sheet", sa.String(length=16), server_default="", nullable=False),
        sa.Column("map_scale", sa.Integer(), server_default="4000", nullable=False),
        sa.Column("land_no", sa.String(length=16), nullable=False),
        sa.Column("price_per_sq_wah", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint(
            "price_per_sq_wah >= 0", name=op.f("ck_parcel_prices_price_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "round_id"],
            ["appraisal_rounds.lao_id", "appraisal_rounds.id"],
            name=op.f("fk_parcel_prices_lao_id_round_id_appraisal_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_parcel_prices_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_parcel_prices")),
        sa.UniqueConstraint(
            "lao_id",
            "round_id",
            "sheet_50k",
            "sheet_quadrant",
            "sheet_4000",
            "sub_sheet",
            "map_scale",
            "land_no",
            name=op.f(
                "uq_parcel_prices_lao_id_round_id_sheet_50k_sheet_quadrant_sheet_4000_sub_sheet_map_scale_land_no"
            ),
        ),
    )
    op.create_geospatial_table(
        "parcels",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("block_id", sa.BigInteger(), nullable=True),
        sa.Column("lot", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("land_group", sa.String(length=16), nullable=True),
        sa.Column("document_type", sa.SmallInteger(), nullable=True),
        sa.Column("document_no", sa.String(length=32), nullable=True),
        sa.Column("sheet_50k", sa.String(length=8), nullable=True),
        sa.Column("sheet_quadrant", sa.String(length=4), nullable=True),
        sa.Column("sheet_4000", sa.String(length=8), nullable=True),
        sa.Column("sub_sheet", sa.String(length=16), nullable=True),
        sa.Column("map_scale", sa.Integer(), nullable=True),
        sa.Column("land_no", sa.String(length=16), nullable=True),
        sa.Column("survey_page", sa.String(length=16), nullable=True),
        sa.Column("volume", sa.String(length=16), nullable=True),
        sa.Column("page", sa.String(length=16), nullable=True),
        sa.Column("road", sa.Text(), nullable=True),
        sa.Column("alley", sa.Text(), nullable=True),
        sa.Column("village_no", sa.SmallInteger(), nullable=True),
        sa.Column("tambon", sa.Text(), nullable=True),
        sa.Column("amphoe", sa.Text(), nullable=True),
        sa.Column("legal_area_sq_wah", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'retired', 'pending')", name=op.f("ck_parcels_status_known")
        ),
        sa.CheckConstraint(
            "document_type IS NULL OR document_type BETWEEN 1 AND 13",
            name=op.f("ck_parcels_document_type_known"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_parcels_valid_time_order")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "block_id"],
            ["blocks.lao_id", "blocks.id"],
            name=op.f("fk_parcels_lao_id_block_id_blocks"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_parcels_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_parcels")),
        sa.UniqueConstraint("lao_id", "code", name=op.f("uq_parcels_lao_id_code")),
    )
    op.create_geospatial_index(
        "idx_parcels_geom",
        "parcels",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(
        op.f("ix_parcels_lao_id_block_id"), "parcels", ["lao_id", "block_id"], unique=False
    )
    op.create_index(
        op.f("ix_parcels_lao_id_sheet_50k_sheet_quadrant_sheet_4000_land_no"),
        "parcels",
        ["lao_id", "sheet_50k", "sheet_quadrant", "sheet_4000", "land_no"],
        unique=False,
    )
    op.create_geospatial_table(
        "buildings",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("house_no", sa.String(length=16), nullable=True),
        sa.Column("village_no", sa.SmallInteger(), nullable=True),
        sa.Column("road", sa.Text(), nullable=True),
        sa.Column("alley", sa.Text(), nullable=True),
        sa.Column("treasury_type", sa.SmallInteger(), nullable=True),
        sa.Column("construction_class", sa.String(length=16), nullable=True),
        sa.Column("floors", sa.SmallInteger(), nullable=True),
        sa.Column("width_m", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("length_m", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("floor_area_m2", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("year_completed", sa.SmallInteger(), nullable=True),
        sa.Column(
            "footprint",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "construction_class IS NULL OR construction_class IN ('concrete', 'half_wood', 'wood')",
            name=op.f("ck_buildings_class_known"),
        ),
        sa.CheckConstraint(
            "floor_area_m2 IS NULL OR floor_area_m2 >= 0",
            name=op.f("ck_buildings_area_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_buildings_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_buildings_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_buildings")),
        sa.UniqueConstraint("lao_id", "code", name=op.f("uq_buildings_lao_id_code")),
    )
    op.create_geospatial_index(
        "idx_buildings_footprint",
        "buildings",
        ["footprint"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "condo_units",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("building_name", sa.Text(), nullable=False),
        sa.Column("unit_no", sa.String(length=16), nullable=False),
        sa.Column("floor", sa.SmallInteger(), nullable=True),
        sa.Column("area_m2", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("price_per_m2", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_condo_units_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_condo_units_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_condo_units")),
        sa.UniqueConstraint(
            "lao_id",
            "building_name",
            "unit_no",
            name=op.f("uq_condo_units_lao_id_building_name_unit_no"),
        ),
    )
    op.create_table(
        "land_use_pieces",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("ltax_code", sa.String(length=8), nullable=True),
        sa.Column("area_sq_wah", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("how_used", sa.String(length=8), server_default="own", nullable=False),
        sa.Column("crop", sa.String(length=32), nullable=True),
        sa.Column("vacant_since", sa.SmallInteger(), nullable=True),
        sa.Column("exemption", sa.String(length=32), nullable=True),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "category IN ('agri', 'res_main', 'res_bldg', 'res_other', 'other', 'vacant')",
            name=op.f("ck_land_use_pieces_category_known"),
        ),
        sa.CheckConstraint(
            "how_used IN ('own', 'let', 'lent')", name=op.f("ck_land_use_pieces_how_used_known")
        ),
        sa.CheckConstraint("area_sq_wah >= 0", name=op.f("ck_land_use_pieces_area_non_negative")),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_land_use_pieces_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"],
            ["laos.id"],
            name=op.f("fk_land_use_pieces_lao_id_laos"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_land_use_pieces")),
    )
    op.create_index(
        op.f("ix_land_use_pieces_lao_id_parcel_id"),
        "land_use_pieces",
        ["lao_id", "parcel_id"],
        unique=False,
    )
    op.create_table(
        "parcel_lineage",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.BigInteger(), nullable=False),
        sa.Column("child_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('split', 'merge', 'adjust')", name=op.f("ck_parcel_lineage_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "case_id"],
            ["cases.lao_id", "cases.id"],
            name=op.f("fk_parcel_lineage_lao_id_case_id_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "child_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_parcel_lineage_lao_id_child_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parent_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_parcel_lineage_lao_id_parent_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_parcel_lineage_lao_id_laos")
        ),
        sa.PrimaryKeyConstraint("lao_id", "parent_id", "child_id", name=op.f("pk_parcel_lineage")),
    )
    op.create_geospatial_table(
        "parcel_versions",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("block_id", sa.BigInteger(), nullable=True),
        sa.Column("lot", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("land_group", sa.String(length=16), nullable=True),
        sa.Column("document_type", sa.SmallInteger(), nullable=True),
        sa.Column("document_no", sa.String(length=32), nullable=True),
        sa.Column("sheet_50k", sa.String(length=8), nullable=True),
        sa.Column("sheet_quadrant", sa.String(length=4), nullable=True),
        sa.Column("sheet_4000", sa.String(length=8), nullable=True),
        sa.Column("sub_sheet", sa.String(length=16), nullable=True),
        sa.Column("map_scale", sa.Integer(), nullable=True),
        sa.Column("land_no", sa.String(length=16), nullable=True),
        sa.Column("survey_page", sa.String(length=16), nullable=True),
        sa.Column("volume", sa.String(length=16), nullable=True),
        sa.Column("page", sa.String(length=16), nullable=True),
        sa.Column("road", sa.Text(), nullable=True),
        sa.Column("alley", sa.Text(), nullable=True),
        sa.Column("village_no", sa.SmallInteger(), nullable=True),
        sa.Column("tambon", sa.Text(), nullable=True),
        sa.Column("amphoe", sa.Text(), nullable=True),
        sa.Column("legal_area_sq_wah", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'retired', 'pending')",
            name=op.f("ck_parcel_versions_status_known"),
        ),
        sa.CheckConstraint(
            "document_type IS NULL OR document_type BETWEEN 1 AND 13",
            name=op.f("ck_parcel_versions_document_type_known"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from",
            name=op.f("ck_parcel_versions_valid_time_order"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_parcel_versions_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_parcel_versions_lao_id_laos")
        ),
        sa.PrimaryKeyConstraint("lao_id", "parcel_id", "version", name=op.f("pk_parcel_versions")),
    )
    op.create_geospatial_index(
        "idx_parcel_versions_geom",
        "parcel_versions",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_geospatial_table(
        "signs",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("business_name", sa.Text(), nullable=True),
        sa.Column("sign_type", sa.SmallInteger(), nullable=False),
        sa.Column("moving", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("width_cm", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("height_cm", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("faces", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("count", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("first_shown", sa.Date(), nullable=True),
        sa.Column(
            "position",
            Geometry(
                geometry_type="POINT",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("sign_type IN (1, 2, 3)", name=op.f("ck_signs_type_known")),
        sa.CheckConstraint(
            "width_cm > 0 AND height_cm > 0 AND faces > 0", name=op.f("ck_signs_size_positive")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_signs_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_signs_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_signs")),
        sa.UniqueConstraint("lao_id", "code", name=op.f("uq_signs_lao_id_code")),
    )
    op.create_geospatial_index(
        "idx_signs_position",
        "signs",
        ["position"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_table(
        "building_use_pieces",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("building_id", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("ltax_code", sa.String(length=8), nullable=True),
        sa.Column("floor_area_m2", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("exemption", sa.String(length=32), nullable=True),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "category IN ('agri', 'res_main', 'res_bldg', 'res_other', 'other', 'vacant')",
            name=op.f("ck_building_use_pieces_category_known"),
        ),
        sa.CheckConstraint(
            "floor_area_m2 >= 0", name=op.f("ck_building_use_pieces_area_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "building_id"],
            ["buildings.lao_id", "buildings.id"],
            name=op.f("fk_building_use_pieces_lao_id_building_id_buildings"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"],
            ["laos.id"],
            name=op.f("fk_building_use_pieces_lao_id_laos"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_building_use_pieces")),
    )
    op.create_index(
        op.f("ix_building_use_pieces_lao_id_building_id"),
        "building_use_pieces",
        ["lao_id", "building_id"],
        unique=False,
    )
    op.create_table(
        "rights",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("building_id", sa.BigInteger(), nullable=True),
        sa.Column("condo_unit_id", sa.BigInteger(), nullable=True),
        sa.Column("sign_id", sa.BigInteger(), nullable=True),
        sa.Column("share_num", sa.Integer(), server_default="1", nullable=False),
        sa.Column("share_den", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "in_house_registration", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('owner', 'possessor', 'state_land_user')", name=op.f("ck_rights_kind_known")
        ),
        sa.CheckConstraint(
            "num_nonnulls(parcel_id, building_id, condo_unit_id, sign_id) = 1",
            name=op.f("ck_rights_one_object"),
        ),
        sa.CheckConstraint(
            "share_num > 0 AND share_den >= share_num", name=op.f("ck_rights_share_fraction")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "building_id"],
            ["buildings.lao_id", "buildings.id"],
            name=op.f("fk_rights_lao_id_building_id_buildings"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "condo_unit_id"],
            ["condo_units.lao_id", "condo_units.id"],
            name=op.f("fk_rights_lao_id_condo_unit_id_condo_units"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_rights_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "party_id"],
            ["parties.lao_id", "parties.id"],
            name=op.f("fk_rights_lao_id_party_id_parties"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "sign_id"],
            ["signs.lao_id", "signs.id"],
            name=op.f("fk_rights_lao_id_sign_id_signs"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_rights_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_rights")),
    )
    op.create_index(
        op.f("ix_rights_lao_id_parcel_id"), "rights", ["lao_id", "parcel_id"], unique=False
    )
    op.create_index(
        op.f("ix_rights_lao_id_party_id"), "rights", ["lao_id", "party_id"], unique=False
    )
    op.create_table(
        "trades",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("building_id", sa.BigInteger(), nullable=True),
        sa.Column("operator_party_id", sa.BigInteger(), nullable=True),
        sa.Column("business_name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("licence_no", sa.String(length=32), nullable=True),
        sa.Column("licence_from", sa.Date(), nullable=True),
        sa.Column("licence_to", sa.Date(), nullable=True),
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lao_id", "building_id"],
            ["buildings.lao_id", "buildings.id"],
            name=op.f("fk_trades_lao_id_building_id_buildings"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "operator_party_id"],
            ["parties.lao_id", "parties.id"],
            name=op.f("fk_trades_lao_id_operator_party_id_parties"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_trades_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_trades_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_trades")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("trades")
    op.drop_index(op.f("ix_rights_lao_id_party_id"), table_name="rights")
    op.drop_index(op.f("ix_rights_lao_id_parcel_id"), table_name="rights")
    op.drop_table("rights")
    op.drop_index(
        op.f("ix_building_use_pieces_lao_id_building_id"), table_name="building_use_pieces"
    )
    op.drop_table("building_use_pieces")
    op.drop_geospatial_index(
        "idx_signs_position", table_name="signs", postgresql_using="gist", column_name="position"
    )
    op.drop_geospatial_table("signs")
    op.drop_geospatial_index(
        "idx_parcel_versions_geom",
        table_name="parcel_versions",
        postgresql_using="gist",
        column_name="geom",
    )
    op.drop_geospatial_table("parcel_versions")
    op.drop_table("parcel_lineage")
    op.drop_index(op.f("ix_land_use_pieces_lao_id_parcel_id"), table_name="land_use_pieces")
    op.drop_table("land_use_pieces")
    op.drop_table("condo_units")
    op.drop_geospatial_index(
        "idx_buildings_footprint",
        table_name="buildings",
        postgresql_using="gist",
        column_name="footprint",
    )
    op.drop_geospatial_table("buildings")
    op.drop_index(
        op.f("ix_parcels_lao_id_sheet_50k_sheet_quadrant_sheet_4000_land_no"), table_name="parcels"
    )
    op.drop_index(op.f("ix_parcels_lao_id_block_id"), table_name="parcels")
    op.drop_geospatial_index(
        "idx_parcels_geom", table_name="parcels", postgresql_using="gist", column_name="geom"
    )
    op.drop_geospatial_table("parcels")
    op.drop_table("parcel_prices")
    op.drop_geospatial_index(
        "idx_blocks_geom", table_name="blocks", postgresql_using="gist", column_name="geom"
    )
    op.drop_geospatial_table("blocks")
    op.drop_index(op.f("ix_audit_log_lao_id_entity_entity_id"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_geospatial_index(
        "idx_appraisal_units_geom",
        table_name="appraisal_units",
        postgresql_using="gist",
        column_name="geom",
    )
    op.drop_geospatial_table("appraisal_units")
    op.drop_geospatial_index(
        "idx_zones_geom", table_name="zones", postgresql_using="gist", column_name="geom"
    )
    op.drop_geospatial_table("zones")
    op.drop_table("user_roles")
    op.drop_index(op.f("ix_parties_lao_id_national_id"), table_name="parties")
    op.drop_table("parties")
    op.drop_geospatial_index(
        "idx_non_parcel_areas_geom",
        table_name="non_parcel_areas",
        postgresql_using="gist",
        column_name="geom",
    )
    op.drop_geospatial_table("non_parcel_areas")
    op.drop_table("cases")
    op.drop_table("appraisal_rounds")
    op.drop_geospatial_index(
        "idx_admin_areas_geom",
        table_name="admin_areas",
        postgresql_using="gist",
        column_name="geom",
    )
    op.drop_geospatial_table("admin_areas")
    op.drop_table("users")
    op.drop_geospatial_index(
        "idx_laos_boundary", table_name="laos", postgresql_using="gist", column_name="boundary"
    )
    op.drop_geospatial_table("laos")
