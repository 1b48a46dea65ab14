"""Tables of planning layers: layers (vector and raster), their features, per-parcel overlays."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from taxmap.core.db import lao_fk, lao_table, metadata

# One dated layer: the same code at two dates is two rows, so change over time can be asked.
# Rasters stay files under var/layers/<LAO>/ (copied, with their SHA-256); the row keeps what
# reading them needs (CRS, transform, size, nodata) and the class table used, as a snapshot.
planning_layers = lao_table(
    "planning_layers",
    sa.Column("code", sa.String(40), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("theme", sa.String(32), nullable=False),
    sa.Column("name_th", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("class_table", sa.String(32)),
    sa.Column("class_field", sa.Text),
    sa.Column("unit", sa.String(8)),
    sa.Column("classes", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("source_file", sa.Text, nullable=False),
    sa.Column("source_crs", sa.Text, nullable=False),
    sa.Column("operation", sa.Text, nullable=False),
    sa.Column("features", sa.Integer, nullable=False, server_default="0"),
    sa.Column("raster_path", sa.Text),
    sa.Column("raster_sha256", sa.String(64)),
    sa.Column("raster_transform", ARRAY(sa.Float)),
    sa.Column("raster_width", sa.Integer),
    sa.Column("raster_height", sa.Integer),
    sa.Column("raster_nodata", sa.Float),
    sa.Column("raster_dtype", sa.String(16)),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("overlay_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("lao_id", "code", "as_of"),
    sa.CheckConstraint("kind IN ('vector', 'raster')", name="kind_known"),
    sa.CheckConstraint(
        "kind = 'vector' OR (raster_path IS NOT NULL AND raster_transform IS NOT NULL)",
        name="raster_has_file",
    ),
)

layer_features = lao_table(
    "layer_features",
    sa.Column("layer_id", sa.BigInteger, nullable=False),
    sa.Column("class_code", sa.String(32), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("attributes", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("geom", Geometry("GEOMETRY", spatial_index=True), nullable=False),
    lao_fk("layer_id", "planning_layers", ondelete="CASCADE"),
    sa.Index(None, "lao_id", "layer_id", "class_code"),
)

# Area and share of each class of a layer in each current parcel (exact: polygon intersection
# for vectors, cell coverage fractions for rasters). Refreshed as a whole per layer, so no
# foreign key to parcels (it would cost on bulk writes; the refresh keeps them consistent).
parcel_layer_classes = sa.Table(
    "parcel_layer_classes",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("layer_id", sa.BigInteger, nullable=False),
    sa.Column("parcel_id", sa.BigInteger, nullable=False),
    sa.Column("class_code", sa.String(32), nullable=False),
    sa.Column("area_m2", sa.Float, nullable=False),
    sa.Column("share", sa.Float, nullable=False),
    sa.PrimaryKeyConstraint("lao_id", "layer_id", "parcel_id", "class_code"),
    lao_fk("layer_id", "planning_layers", ondelete="CASCADE"),
    sa.Index(None, "lao_id", "parcel_id"),
)

# Coverage-weighted statistics of a continuous raster in each current parcel.
parcel_layer_stats = sa.Table(
    "parcel_layer_stats",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("layer_id", sa.BigInteger, nullable=False),
    sa.Column("parcel_id", sa.BigInteger, nullable=False),
    sa.Column("mean", sa.Float),
    sa.Column("min", sa.Float),
    sa.Column("max", sa.Float),
    sa.Column("stdev", sa.Float),
    sa.Column("covered_share", sa.Float, nullable=False),
    sa.PrimaryKeyConstraint("lao_id", "layer_id", "parcel_id"),
    lao_fk("layer_id", "planning_layers", ondelete="CASCADE"),
    sa.Index(None, "lao_id", "parcel_id"),
)
