"""Tables of appraisal data (rounds, units, price lists, land prices) and the tax roll."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from taxmap.core.db import lao_fk, lao_table, metadata, money

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

# The tax roll of one LAO and tax year: assessed from the register as of 1 January (s.9).
# A draft roll may be assessed again; a frozen one is the snapshot notices are issued from.
tax_rolls = lao_table(
    "tax_rolls",
    sa.Column("tax_year", sa.SmallInteger, nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
    sa.Column(
        "assessed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("assessed_by", sa.Text, nullable=False),
    sa.Column("taxpayers", sa.Integer, nullable=False),
    money("land_building_tax", nullable=False),
    money("signboard_tax", nullable=False),
    sa.Column("exempt_parcels", sa.Integer, nullable=False),
    sa.Column("unpriced_parcels", sa.Integer, nullable=False),
    sa.Column("unvalued_buildings", sa.Integer, nullable=False),
    # The data files (and versions) and the Settings the roll was assessed with.
    sa.Column("data", JSONB, nullable=False),
    sa.UniqueConstraint("lao_id", "tax_year"),
    sa.CheckConstraint("status IN ('draft', 'frozen')", name="status_known"),
)

# One taxpayer's assessment on a roll: the owners on record on 1 January (s.47, s.48).
assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("roll_id", sa.BigInteger, nullable=False),
    sa.Column("taxpayer_no", sa.Integer, nullable=False),
    sa.Column("owner_party_ids", ARRAY(sa.BigInteger), nullable=False),
    sa.Column("owner_name", sa.Text, nullable=False),
    sa.Column("owner_kind", sa.String(16), nullable=False),
    money("lbt_before_relief", nullable=False),
    money("lbt_relief", nullable=False),
    money("land_building_tax", nullable=False),
    money("signboard_tax", nullable=False),
    money("total", nullable=False),
    # Keyed by roll and taxpayer number, with no surrogate id and no foreign key to the roll:
    # the roll service writes a roll's header, assessments and lines in one transaction, and
    # per-row key checks and an id sequence cost seconds per million taxpayers on COPY.
    sa.PrimaryKeyConstraint("lao_id", "roll_id", "taxpayer_no"),
    sa.CheckConstraint("owner_kind IN ('individual', 'juristic')", name="owner_kind_known"),
)

# The bill lines of an assessment with what they rest on: rule, data, value, allowance,
# band rates, surcharge, reductions and the amount before and after the one rounding (§1.10).
assessment_lines = sa.Table(
    "assessment_lines",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("roll_id", sa.BigInteger, nullable=False),
    sa.Column("taxpayer_no", sa.Integer, nullable=False),
    sa.Column("line_no", sa.Integer, nullable=False),
    sa.Column("tax", sa.String(16), nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("item", sa.Text, nullable=False),
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("building_id", sa.BigInteger),
    sa.Column("sign_id", sa.BigInteger),
    sa.Column("category", sa.String(16)),
    sa.Column("zone", sa.String(16)),
    sa.Column("tambon", sa.Text),
    sa.Column("value", sa.Numeric(20, 4), nullable=False),
    sa.Column("allowance", sa.Numeric(20, 4), nullable=False),
    sa.Column("rates", sa.Text),
    sa.Column("surcharge_steps", sa.SmallInteger, nullable=False, server_default="0"),
    sa.Column("reduction_percent", sa.Numeric(9, 4), nullable=False, server_default="0"),
    sa.Column("exemption", sa.Text),
    sa.Column("before_rounding", sa.Numeric(24, 6), nullable=False),
    money("amount", nullable=False),
    # Lines name their assessment by (roll_id, taxpayer_no), keyed by it with no surrogate id
    # and no foreign key: the roll service writes and deletes a roll's assessments and lines
    # together in one transaction, and the key's checks and an id sequence would cost about
    # 20 s per million lines on COPY and delete.
    sa.PrimaryKeyConstraint("lao_id", "roll_id", "taxpayer_no", "line_no"),
    sa.CheckConstraint("tax IN ('lbt', 'signboard')", name="tax_known"),
)
