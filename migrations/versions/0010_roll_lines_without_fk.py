"""assessment lines without a foreign key to their assessment (bulk speed)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 01:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NAME = "fk_assessment_lines_lao_id_roll_id_taxpayer_no_assessments"


def upgrade() -> None:
    """Apply this revision."""
    op.drop_constraint(NAME, "assessment_lines", type_="foreignkey")


def downgrade() -> None:
    """Revert this revision."""
    op.create_foreign_key(
        NAME,
        "assessment_lines",
        "assessments",
        ["lao_id", "roll_id", "taxpayer_no"],
        ["lao_id", "roll_id", "taxpayer_no"],
        ondelete="CASCADE",
    )
