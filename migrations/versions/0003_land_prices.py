"""land prices

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 23:03:47.165375
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "land_prices",
        sa.Column("lao_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("round_id", sa.BigInteger(), nullable=False),
        sa.Column("parcel_id", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("price_per_sq_wah", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("appraisal_unit_id", sa.BigInteger(), nullable=True),
        sa.Column("overlap_share", sa.Numeric(precision=7, scale=6), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("approver", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "source <> 'manual' OR (reason IS NOT NULL AND approver IS NOT NULL)",
            name=op.f("ck_land_prices_manual_has_reason"),
        ),
        sa.CheckConstraint(
            "source IN ('treasury_list', 'appraisal_unit', 'manual')",
            name=op.f("ck_land_prices_source_known"),
        ),
        sa.CheckConstraint("price_per_sq_wah >= 0", name=op.f("ck_land_prices_price_non_negative")),
        sa.ForeignKeyConstraint(
            ["lao_id", "appraisal_unit_id"],
            ["appraisal_units.lao_id", "appraisal_units.id"],
            name=op.f("fk_land_prices_lao_id_appraisal_unit_id_appraisal_units"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "parcel_id"],
            ["parcels.lao_id", "parcels.id"],
            name=op.f("fk_land_prices_lao_id_parcel_id_parcels"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id", "round_id"],
            ["appraisal_rounds.lao_id", "appraisal_rounds.id"],
            name=op.f("fk_land_prices_lao_id_round_id_appraisal_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["lao_id"], ["laos.id"], name=op.f("fk_land_prices_lao_id_laos"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("lao_id", "id", name=op.f("pk_land_prices")),
        sa.UniqueConstraint(
            "lao_id", "round_id", "parcel_id", name=op.f("uq_land_prices_lao_id_round_id_parcel_id")
        ),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("land_prices")
