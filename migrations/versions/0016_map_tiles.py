"""vector-tile functions and tile invalidation

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet (placeholder in the chain)."""


def downgrade() -> None:
    """Nothing yet (placeholder in the chain)."""
