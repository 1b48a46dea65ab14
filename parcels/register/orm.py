"""Tables of the property register (taxmap-conventions.md §2): parties, rights, use pieces,
buildings, condominium units, signs and trades."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry

from taxmap.core.db import audit_stamp, lao_fk, lao_table, money, valid_time

TAX_CATEGORIES = ("agri", "res_main", "res_bldg", "res_other", "other", "vacant")
_CATEGORY_CHECK = "category IN ('agri', 'res_main', 'res_bldg', 'res_other', 'other', 'vacant')"

# Owners and other parties (เจ้าของทรัพย์สิน); owner_no is LTAX's ผ.ท.4 number, never reused.
parties = lao_table(
    "parties",
    sa.Column("owner_no", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("title_th", sa.Text),
    sa.Column("first_name_th", sa.Text),
    sa.Column("last_name_th", sa.Text),
    sa.Column("name_th", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text),
    sa.Column("national_id", sa.String(13)),
    sa.Column("juristic_id", sa.String(13)),
    sa.Column("registered_address", sa.Text),
    sa.Column("current_address", sa.Text),
    sa.Column("mailing_address", sa.Text),
    sa.Column("phone", sa.String(32)),
    sa.Column("email", sa.Text),
    # ม.41 para 4: the residence exemption survives an official move of house registration.
    sa.Column("moved_for_official_reasons", sa.Boolean, nullable=False, server_default=sa.false()),
    # Names folded for tolerant search (spaces, titles and tone marks removed; see search.py).
    sa.Column("search_key", sa.Text, nullable=False, server_default=""),
    *audit_stamp(),
    sa.UniqueConstraint("lao_id", "owner_no"),
    sa.CheckConstraint(
        "kind IN ('individual', 'juristic', 'state', 'religious', 'other')", name="kind_known"
    ),
    sa.CheckConstraint("national_id IS NULL OR national_id ~ '^[0-9]{13}$'", name="nid_digits"),
    sa.Index(None, "lao_id", "national_id"),
    sa.Index(
        "ix_parties_search_key_trgm",
        "search_key",
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    ),
)

buildings = lao_table(
    "buildings",
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("house_no", sa.String(16)),
    sa.Column("village_no", sa.SmallInteger),
    sa.Column("road", sa.Text),
    sa.Column("alley", sa.Text),
    sa.Column("treasury_type", sa.SmallInteger),
    sa.Column("construction_class", sa.String(16)),
    sa.Column("floors", sa.SmallInteger),
    sa.Column("width_m", sa.Numeric(10, 2)),
    sa.Column("length_m", sa.Numeric(10, 2)),
    sa.Column("floor_area_m2", sa.Numeric(12, 2)),
    sa.Column("year_completed", sa.SmallInteger),
    sa.Column("footprint", Geometry("MULTIPOLYGON", spatial_index=True)),
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    *valid_time(),
    *audit_stamp(),
    lao_fk("parcel_id", "parcels"),
    sa.UniqueConstraint("lao_id", "code"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.CheckConstraint(
        "construction_class IS NULL OR construction_class IN ('concrete', 'half_wood', 'wood')",
        name="class_known",
    ),
    sa.CheckConstraint("floor_area_m2 IS NULL OR floor_area_m2 >= 0", name="area_non_negative"),
)

condo_units = lao_table(
    "condo_units",
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("building_name", sa.Text, nullable=False),
    sa.Column("unit_no", sa.String(16), nullable=False),
    sa.Column("floor", sa.SmallInteger),
    sa.Column("area_m2", sa.Numeric(10, 2), nullable=False),
    money("price_per_m2"),
    *valid_time(),
    *audit_stamp(),
    lao_fk("parcel_id", "parcels"),
    sa.UniqueConstraint("lao_id", "building_name", "unit_no"),
    sa.Index(None, "lao_id", "parcel_id"),
)

signs = lao_table(
    "signs",
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("business_name", sa.Text),
    sa.Column("sign_type", sa.SmallInteger, nullable=False),
    sa.Column("moving", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("width_cm", sa.Numeric(10, 2), nullable=False),
    sa.Column("height_cm", sa.Numeric(10, 2), nullable=False),
    sa.Column("faces", sa.SmallInteger, nullable=False, server_default="1"),
    sa.Column("count", sa.SmallInteger, nullable=False, server_default="1"),
    sa.Column("first_shown", sa.Date),
    sa.Column("position", Geometry("POINT", spatial_index=True)),
    *valid_time(),
    *audit_stamp(),
    lao_fk("parcel_id", "parcels"),
    sa.UniqueConstraint("lao_id", "code"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.CheckConstraint("sign_type IN (1, 2, 3)", name="type_known"),
    sa.CheckConstraint("width_cm > 0 AND height_cm > 0 AND faces > 0", name="size_positive"),
)

# A right of a party in exactly one object; shares kept as exact fractions.
rights = lao_table(
    "rights",
    sa.Column("party_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("building_id", sa.BigInteger),
    sa.Column("condo_unit_id", sa.BigInteger),
    sa.Column("sign_id", sa.BigInteger),
    sa.Column("share_num", sa.Integer, nullable=False, server_default="1"),
    sa.Column("share_den", sa.Integer, nullable=False, server_default="1"),
    # Named in the house registration of this residence on 1 January (res_main / res_bldg).
    sa.Column("in_house_registration", sa.Boolean, nullable=False, server_default=sa.false()),
    *valid_time(),
    *audit_stamp(),
    lao_fk("party_id", "parties"),
    lao_fk("parcel_id", "parcels"),
    lao_fk("building_id", "buildings"),
    lao_fk("condo_unit_id", "condo_units"),
    lao_fk("sign_id", "signs"),
    sa.CheckConstraint(
        "num_nonnulls(parcel_id, building_id, condo_unit_id, sign_id) = 1", name="one_object"
    ),
    sa.CheckConstraint("kind IN ('owner', 'possessor', 'state_land_user')", name="kind_known"),
    sa.CheckConstraint("share_num > 0 AND share_den >= share_num", name="share_fraction"),
    sa.Index(None, "lao_id", "party_id"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.Index(None, "lao_id", "building_id"),
    sa.Index(None, "lao_id", "sign_id"),
    sa.Index(None, "lao_id", "condo_unit_id"),
)

land_use_pieces = lao_table(
    "land_use_pieces",
    sa.Column("parcel_id", sa.BigInteger, nullable=False),
    sa.Column("category", sa.String(12), nullable=False),
    sa.Column("ltax_code", sa.String(8)),
    sa.Column("area_sq_wah", sa.Numeric(14, 2), nullable=False),
    sa.Column("how_used", sa.String(8), nullable=False, server_default="own"),
    sa.Column("crop", sa.String(32)),
    sa.Column("vacant_since", sa.SmallInteger),
    sa.Column("exemption", sa.String(32)),
    *valid_time(),
    *audit_stamp(),
    lao_fk("parcel_id", "parcels"),
    sa.CheckConstraint(_CATEGORY_CHECK, name="category_known"),
    sa.CheckConstraint("how_used IN ('own', 'let', 'lent')", name="how_used_known"),
    sa.CheckConstraint("area_sq_wah >= 0", name="area_non_negative"),
    sa.Index(None, "lao_id", "parcel_id"),
)

building_use_pieces = lao_table(
    "building_use_pieces",
    sa.Column("building_id", sa.BigInteger, nullable=False),
    sa.Column("category", sa.String(12), nullable=False),
    sa.Column("ltax_code", sa.String(8)),
    sa.Column("floor_area_m2", sa.Numeric(12, 2), nullable=False),
    sa.Column("exemption", sa.String(32)),
    *valid_time(),
    *audit_stamp(),
    lao_fk("building_id", "buildings"),
    sa.CheckConstraint(_CATEGORY_CHECK, name="category_known"),
    sa.CheckConstraint("floor_area_m2 >= 0", name="area_non_negative"),
    sa.Index(None, "lao_id", "building_id"),
)

trades = lao_table(
    "trades",
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("building_id", sa.BigInteger),
    sa.Column("operator_party_id", sa.BigInteger),
    sa.Column("business_name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("licence_no", sa.String(32)),
    sa.Column("licence_from", sa.Date),
    sa.Column("licence_to", sa.Date),
    *valid_time(),
    *audit_stamp(),
    lao_fk("parcel_id", "parcels"),
    lao_fk("building_id", "buildings"),
    lao_fk("operator_party_id", "parties"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.Index(None, "lao_id", "building_id"),
)

# A monthly transfer file from the Land Office (s.10), received once (the same file twice is
# recognised by its SHA-256).
transfer_batches = lao_table(
    "transfer_batches",
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("applied", sa.Integer, nullable=False),
    sa.Column("pending", sa.Integer, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column(
        "received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.UniqueConstraint("lao_id", "file_sha256"),
)

# Every row of a transfer file, kept: applied to the register, or pending review with the
# reason it matched no parcel or owner (never dropped).
transfer_rows = lao_table(
    "transfer_rows",
    sa.Column("batch_id", sa.BigInteger, nullable=False),
    sa.Column("line_no", sa.Integer, nullable=False),
    sa.Column("document_type", sa.SmallInteger),
    sa.Column("document_no", sa.String(32)),
    sa.Column("land_no", sa.String(16)),
    sa.Column("sheet", sa.Text),
    sa.Column("old_owner_ids", sa.Text),
    sa.Column("old_owner_names", sa.Text),
    sa.Column("new_owner_ids", sa.Text),
    sa.Column("new_owner_names", sa.Text),
    sa.Column("new_shares", sa.Text),
    sa.Column("transfer_date", sa.Date),
    sa.Column("transaction", sa.Text),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("parcel_id", sa.BigInteger),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("decided_by", sa.Text),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    lao_fk("batch_id", "transfer_batches"),
    lao_fk("parcel_id", "parcels"),
    sa.UniqueConstraint("lao_id", "batch_id", "line_no"),
    sa.Index(None, "lao_id", "parcel_id"),
    sa.Index(None, "lao_id", "status"),
    sa.CheckConstraint("status IN ('applied', 'pending', 'rejected')", name="status_known"),
)
