"""users, LAO memberships with roles, sessions, API tokens and login throttling

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet (placeholder in the chain)."""


def downgrade() -> None:
    """Nothing yet (placeholder in the chain)."""
