"""party search key

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:06:25.106591
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.add_column("parties", sa.Column("search_key", sa.Text(), server_default="", nullable=False))
    op.create_index(
        "ix_parties_search_key_trgm",
        "parties",
        ["search_key"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(
        "ix_parties_search_key_trgm",
        table_name="parties",
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    )
    op.drop_column("parties", "search_key")
