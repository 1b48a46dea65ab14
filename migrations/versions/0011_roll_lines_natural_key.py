"""assessment lines keyed by (lao, roll, taxpayer, line) without a surrogate id

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 01:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KEY = ["lao_id", "roll_id", "taxpayer_no", "line_no"]


def upgrade() -> None:
    """Apply this revision."""
    op.drop_constraint("pk_assessment_lines", "assessment_lines", type_="primary")
    op.drop_constraint(
        "uq_assessment_lines_lao_id_roll_id_taxpayer_no_line_no", "assessment_lines", type_="unique"
    )
    op.drop_column("assessment_lines", "id")
    op.create_primary_key("pk_assessment_lines", "assessment_lines", KEY)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_constraint("pk_assessment_lines", "assessment_lines", type_="primary")
    op.add_column(
        "assessment_lines",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), nullable=False),
    )
    op.create_primary_key("pk_assessment_lines", "assessment_lines", ["lao_id", "id"])
    op.create_unique_constraint(
        "uq_assessment_lines_lao_id_roll_id_taxpayer_no_line_no", "assessment_lines", KEY
    )
