"""assessments keyed by (lao, roll, taxpayer) without a surrogate id or roll foreign key

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

KEY = ["lao_id", "roll_id", "taxpayer_no"]
FK = "fk_assessments_lao_id_roll_id_tax_rolls"
UNIQUE = "uq_assessments_lao_id_roll_id_taxpayer_no"


def upgrade() -> None:
    """Apply this revision."""
    op.drop_constraint(FK, "assessments", type_="foreignkey")
    op.drop_constraint("pk_assessments", "assessments", type_="primary")
    op.drop_constraint(UNIQUE, "assessments", type_="unique")
    op.drop_column("assessments", "id")
    op.create_primary_key("pk_assessments", "assessments", KEY)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_constraint("pk_assessments", "assessments", type_="primary")
    op.add_column(
        "assessments", sa.Column("id", sa.BigInteger, sa.Identity(always=False), nullable=False)
    )
    op.create_primary_key("pk_assessments", "assessments", ["lao_id", "id"])
    op.create_unique_constraint(UNIQUE, "assessments", KEY)
    op.create_foreign_key(
        FK,
        "assessments",
        "tax_rolls",
        ["lao_id", "roll_id"],
        ["lao_id", "id"],
        ondelete="CASCADE",
    )
