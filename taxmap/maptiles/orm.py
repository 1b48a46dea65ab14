"""Table of edited areas: each row makes the tiles it reaches take a new ETag (migration 0016)."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry

from taxmap.core.db import lao_table

# One row per fabric edit (case) with the bounding box of what it changed, old and new shapes,
# in the LAO's CRS; a row without a box means the whole LAO changed (a bulk load).
tile_edits = lao_table(
    "tile_edits",
    sa.Column("case_id", sa.BigInteger),
    sa.Column("bbox", Geometry("GEOMETRY", spatial_index=True)),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Index("ix_tile_edits_whole_lao", "lao_id", "id", postgresql_where=sa.text("bbox IS NULL")),
)
