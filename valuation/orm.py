"""Tables of appraisal data: Treasury rounds, appraisal units and the per-parcel price list."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry

from taxmap.core.db import lao_fk, lao_table, money

# A Treasury appraisal round (e.g. B.E. 2566-2569); each tax year names the round it uses.
appraisal_rounds = lao_table(
    "appraisal_rounds",
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("first_year", sa.SmallInteger, nullable=False),
    sa.Column("last_year", sa.SmallInteger, nullable=False),
    sa.UniqueConstraint("lao_id", "name"),
    sa.CheckConstraint("last_year >= first_year", name="years_order"),
)

# A block, zone or road-frontage polygon carrying a land price per square wah (rule book §2.1).
appraisal_units = lao_table(
    "appraisal_units",
    sa.Column("round_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("code", sa.String(32), nullable=False),
    money("price_per_sq_wah", nullable=False),
    sa.Column("geom", Geometry("MULTIPOLYGON", spatial_index=True), nullable=False),
    lao_fk("round_id", "appraisal_rounds"),
    sa.UniqueConstraint("lao_id", "round_id", "code"),
    sa.CheckConstraint("kind IN ('block', 'zone', 'road_frontage')", name="kind_known"),
    sa.CheckConstraint("price_per_sq_wah >= 0", name="price_non_negative"),
)

# The Treasury's per-parcel list, keyed as the Land Department keys land (sheet + land number).
parcel_prices = lao_table(
    "parcel_prices",
    sa.Column("round_id", sa.BigInteger, nullable=False),
    sa.Column("sheet_50k", sa.String(8), nullable=False),
    sa.Column("sheet_quadrant", sa.String(4), nullable=False),
    sa.Column("sheet_4000", sa.String(8), nullable=False),
    sa.Column("sub_sheet", sa.String(16), nullable=False, server_default=""),
    sa.Column("map_scale", sa.Integer, nullable=False, server_default="4000"),
    sa.Column("land_no", sa.String(16), nullable=False),
    money("price_per_sq_wah", nullable=False),
    lao_fk("round_id", "appraisal_rounds"),
    sa.UniqueConstraint(
        "lao_id",
        "round_id",
        "sheet_50k",
        "sheet_quadrant",
        "sheet_4000",
        "sub_sheet",
        "map_scale",
        "land_no",
    ),
    sa.CheckConstraint("price_per_sq_wah >= 0", name="price_non_negative"),
)

# The land price each parcel takes in an appraisal round, and where it came from (§2.1):
# the Treasury list, the appraisal unit it overlaps most (with the share), or a manual value.
land_prices = lao_table(
    "land_prices",
    sa.Column("round_id", sa.BigInteger, nullable=False),
    sa.Column("parcel_id", sa.BigInteger, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    money("price_per_sq_wah", nullable=False),
    sa.Column("appraisal_unit_id", sa.BigInteger),
    sa.Column("overlap_share", sa.Numeric(7, 6)),
    sa.Column("reason", sa.Text),
    sa.Column("approver", sa.Text),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    lao_fk("round_id", "appraisal_rounds"),
    lao_fk("parcel_id", "parcels"),
    lao_fk("appraisal_unit_id", "appraisal_units"),
    sa.UniqueConstraint("lao_id", "round_id", "parcel_id"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.CheckConstraint(
        "source IN ('treasury_list', 'appraisal_unit', 'manual')", name="source_known"
    ),
    sa.CheckConstraint(
        "source <> 'manual' OR (reason IS NOT NULL AND approver IS NOT NULL)",
        name="manual_has_reason",
    ),
    sa.CheckConstraint("price_per_sq_wah >= 0", name="price_non_negative"),
)
