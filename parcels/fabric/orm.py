"""Tables of the parcel fabric: zones, blocks, parcels (current and past versions), lineage."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import JSONB

from taxmap.core.db import audit_stamp, lao_fk, lao_table, metadata, valid_time

zones = lao_table(
    "zones",
    sa.Column("code", sa.String(8), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("geom", Geometry("MULTIPOLYGON", spatial_index=True), nullable=False),
    sa.UniqueConstraint("lao_id", "code"),
)

blocks = lao_table(
    "blocks",
    sa.Column("zone_id", sa.BigInteger, nullable=False),
    sa.Column("code", sa.String(12), nullable=False),
    sa.Column("geom", Geometry("MULTIPOLYGON", spatial_index=True), nullable=False),
    # Lots are allocated from here; a retired lot number is never reused.
    sa.Column("next_lot", sa.Integer, nullable=False, server_default="1"),
    lao_fk("zone_id", "zones"),
    sa.UniqueConstraint("lao_id", "code"),
)

# Roads, canals and other declared non-parcel areas: gaps inside blocks are not faults here.
non_parcel_areas = lao_table(
    "non_parcel_areas",
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name_th", sa.Text),
    sa.Column("name_en", sa.Text),
    sa.Column("geom", Geometry("MULTIPOLYGON", spatial_index=True), nullable=False),
)

PARCEL_STATUSES = ("active", "retired", "pending")


def _parcel_columns() -> list[Any]:
    """Columns shared by the current parcel table and its version history."""
    return [
        sa.Column("code", sa.String(24), nullable=False),
        sa.Column("block_id", sa.BigInteger),
        sa.Column("lot", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *valid_time(),
        sa.Column("geom", Geometry("MULTIPOLYGON", spatial_index=True), nullable=False),
        # Land record (taxmap-conventions.md §2 and §4).
        sa.Column("land_group", sa.String(16)),
        sa.Column("document_type", sa.SmallInteger),
        sa.Column("document_no", sa.String(32)),
        sa.Column("sheet_50k", sa.String(8)),
        sa.Column("sheet_quadrant", sa.String(4)),
        sa.Column("sheet_4000", sa.String(8)),
        sa.Column("sub_sheet", sa.String(16)),
        sa.Column("map_scale", sa.Integer),
        sa.Column("land_no", sa.String(16)),
        sa.Column("survey_page", sa.String(16)),
        sa.Column("volume", sa.String(16)),
        sa.Column("page", sa.String(16)),
        sa.Column("road", sa.Text),
        sa.Column("alley", sa.Text),
        sa.Column("village_no", sa.SmallInteger),
        sa.Column("tambon", sa.Text),
        sa.Column("amphoe", sa.Text),
        sa.Column("legal_area_sq_wah", sa.Numeric(14, 2)),
        sa.Column("note", sa.Text),
        sa.Column("import_batch_id", sa.BigInteger),
        *audit_stamp(),
        sa.CheckConstraint(
            "document_type IS NULL OR document_type BETWEEN 1 AND 13", name="document_type_known"
        ),
        sa.CheckConstraint("status IN ('active', 'retired', 'pending')", name="status_known"),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_time_order"),
    ]


# One row per parcel identity holding its latest version (retired parcels stay, with valid_to).
parcels = lao_table(
    "parcels",
    *_parcel_columns(),
    lao_fk("block_id", "blocks"),
    sa.UniqueConstraint("lao_id", "code"),
    sa.Index(None, "lao_id", "sheet_50k", "sheet_quadrant", "sheet_4000", "land_no"),
    sa.Index(None, "lao_id", "block_id"),
    # What an edit case changed (tile invalidation, migration 0016); imports leave it empty.
    sa.Index(
        "ix_parcels_lao_id_case_id",
        "lao_id",
        "case_id",
        postgresql_where=sa.text("case_id IS NOT NULL"),
    ),
)

# Every earlier version of a parcel, with its closed valid time.
parcel_versions = sa.Table(
    "parcel_versions",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id"), nullable=False),
    sa.Column("parcel_id", sa.BigInteger, nullable=False),
    *_parcel_columns(),
    sa.PrimaryKeyConstraint("lao_id", "parcel_id", "version"),
    lao_fk("parcel_id", "parcels"),
)

# Parent-to-child edges written by splits and merges, with the case behind them.
parcel_lineage = sa.Table(
    "parcel_lineage",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id"), nullable=False),
    sa.Column("parent_id", sa.BigInteger, nullable=False),
    sa.Column("child_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("case_id", sa.BigInteger),
    sa.Column("at", sa.Date, nullable=False),
    sa.PrimaryKeyConstraint("lao_id", "parent_id", "child_id"),
    lao_fk("parent_id", "parcels"),
    lao_fk("child_id", "parcels"),
    lao_fk("case_id", "cases"),
    sa.CheckConstraint("kind IN ('split', 'merge', 'adjust')", name="kind_known"),
    sa.Index(None, "lao_id", "child_id"),
)

# One parcel import: what was read, in which CRS, through which datum operation, by whom.
import_batches = lao_table(
    "import_batches",
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_format", sa.String(32), nullable=False),
    sa.Column("layer", sa.Text),
    sa.Column("source_crs", sa.Text, nullable=False),
    sa.Column("crs_from", sa.String(8), nullable=False),
    sa.Column("operation", sa.Text, nullable=False),
    sa.Column("profile", sa.String(32), nullable=False),
    sa.Column("options", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("features", sa.Integer, nullable=False),
    sa.Column("accepted", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("repaired", sa.Integer, nullable=False, server_default="0"),
    sa.Column("actor", sa.Text),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)

# Things staff must look at: import findings that are not errors, and topology faults.
# A decision (accepted exception, with reason and reviewer) survives re-runs through `key`.
review_items = lao_table(
    "review_items",
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("other_parcel_id", sa.BigInteger),
    sa.Column("import_batch_id", sa.BigInteger),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("area_m2", sa.Float),
    sa.Column("location", Geometry("POINT", spatial_index=True)),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("decision_reason", sa.Text),
    sa.Column("reviewer", sa.Text),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column(
        "first_seen", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column(
        "last_seen", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    lao_fk("import_batch_id", "import_batches"),
    sa.UniqueConstraint("lao_id", "source", "key"),
    sa.CheckConstraint("source IN ('import', 'topology')", name="source_known"),
    sa.CheckConstraint("status IN ('open', 'accepted', 'resolved')", name="status_known"),
)
