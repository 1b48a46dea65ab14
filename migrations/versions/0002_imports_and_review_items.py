"""imports and review items

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 22:14:55.964723
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "import_batches",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_format", sa.String(length=32), nullable=False),
        sa.Column("layer", sa.Text(), nullable=True),
        sa.Column("source_crs", sa.Text(), nullable=False),
        sa.Column("crs_from", sa.String(length=8), nullable=False),
        sa.Column("operation", sa.Text(), nullable=False),
        sa.Column("profile", sa.String(length=32), nullable=False),
        sa.Column(
            "options",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("features", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("repaired", sa.Integer(), server_default="0", nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_import_batches_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_import_batches")),
    )
    op.create_geospatial_table(
        "review_items",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("other_parcel_id", sa.BigInteger(), nullable=True),
        sa.Column("import_batch_id", sa.BigInteger(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("area_m2", sa.Float(), nullable=True),
        sa.Column(
            "location",
            Geometry(
                geometry_type="POINT",
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "first_seen",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "last_seen", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "source IN ('import', 'topology')", name=op.f("ck_review_items_source_known")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'resolved')", name=op.f("ck_review_items_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "import_batch_id"],
            ["import_batches.lao_id", "import_batches.id"],
            name=op.f("fk_review_items_lao_id_import_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_review_items_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_review_items")),
        sa.UniqueConstraint(
            "lao_id", "source", "key", name=op.f("uq_review_items_lao_id_source_key")
        ),
    )
    op.create_geospatial_index(
        "idx_review_items_location",
        "review_items",
        ["location"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.add_column("parcel_versions", sa.Column("import_batch_id", sa.BigInteger(), nullable=True))
    op.add_column("parcels", sa.Column("import_batch_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    op.drop_column("parcels", "import_batch_id")
    op.drop_column("parcel_versions", "import_batch_id")
    op.drop_geospatial_index(
        "idx_review_items_location",
        table_name="review_items",
        postgresql_using="gist",
        column_name="location",
    )
    op.drop_geospatial_table("review_items")
    op.drop_table("import_batches")
