"""foreign key lookup indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 23:16:25.809267
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index(
        op.f("ix_buildings_lao_id_parcel_id"), "buildings", ["lao_id", "parcel_id"], unique=False
    )
    op.create_index(
        op.f("ix_condo_units_lao_id_parcel_id"),
        "condo_units",
        ["lao_id", "parcel_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_land_prices_lao_id_parcel_id"),
        "land_prices",
        ["lao_id", "parcel_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_parcel_lineage_lao_id_child_id"),
        "parcel_lineage",
        ["lao_id", "child_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_rights_lao_id_building_id"), "rights", ["lao_id", "building_id"], unique=False
    )
    op.create_index(
        op.f("ix_rights_lao_id_condo_unit_id"), "rights", ["lao_id", "condo_unit_id"], unique=False
    )
    op.create_index(op.f("ix_rights_lao_id_sign_id"), "rights", ["lao_id", "sign_id"], unique=False)
    op.create_index(
        op.f("ix_signs_lao_id_parcel_id"), "signs", ["lao_id", "parcel_id"], unique=False
    )
    op.create_index(
        op.f("ix_trades_lao_id_building_id"), "trades", ["lao_id", "building_id"], unique=False
    )
    op.create_index(
        op.f("ix_trades_lao_id_parcel_id"), "trades", ["lao_id", "parcel_id"], unique=False
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_trades_lao_id_parcel_id"), table_name="trades")
    op.drop_index(op.f("ix_trades_lao_id_building_id"), table_name="trades")
    op.drop_index(op.f("ix_signs_lao_id_parcel_id"), table_name="signs")
    op.drop_index(op.f("ix_rights_lao_id_sign_id"), table_name="rights")
    op.drop_index(op.f("ix_rights_lao_id_condo_unit_id"), table_name="rights")
    op.drop_index(op.f("ix_rights_lao_id_building_id"), table_name="rights")
    op.drop_index(op.f("ix_parcel_lineage_lao_id_child_id"), table_name="parcel_lineage")
    op.drop_index(op.f("ix_land_prices_lao_id_parcel_id"), table_name="land_prices")
    op.drop_index(op.f("ix_condo_units_lao_id_parcel_id"), table_name="condo_units")
    op.drop_index(op.f("ix_buildings_lao_id_parcel_id"), table_name="buildings")
