"""planning layers (vector and raster), class tables and per-parcel overlays

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet (placeholder in the chain)."""


def downgrade() -> None:
    """Nothing yet (placeholder in the chain)."""
