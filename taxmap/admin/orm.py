"""Tables for LAOs, administrative areas, users, roles, edit cases and the audit log."""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import JSONB

from taxmap.core.db import lao_fk, lao_table, metadata

# Geometry columns carry no fixed SRID: each LAO stores in its own projected CRS (laos.srid).
laos = sa.Table(
    "laos",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(always=False), primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("name_th", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False, server_default="sao"),
    sa.Column("province_th", sa.Text),
    sa.Column("district_th", sa.Text),
    sa.Column("srid", sa.Integer, nullable=False),
    sa.Column("boundary", Geometry("MULTIPOLYGON", spatial_index=True)),
    sa.Column("settings", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.CheckConstraint("srid > 0", name="srid_positive"),
)

# Tambons (and later villages) inside the LAO, for totals and the base map.
admin_areas = lao_table(
    "admin_areas",
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("pcode", sa.String(16), nullable=False),
    sa.Column("name_th", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("geom", Geometry("MULTIPOLYGON", spatial_index=True), nullable=False),
    sa.UniqueConstraint("lao_id", "kind", "pcode"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(always=False), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("full_name", sa.Text, nullable=False, server_default=""),
    sa.Column("email", sa.Text),
    sa.Column("password_hash", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    # A system administrator creates LAOs and may act in every LAO (migration 0014).
    sa.Column("system_admin", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)

ROLES = ("admin", "surveyor", "revenue", "planner", "viewer")

# Membership of a user in an LAO with a role; one user may serve several LAOs.
user_roles = sa.Table(
    "user_roles",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id"), nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.PrimaryKeyConstraint("lao_id", "user_id", "role"),
    sa.CheckConstraint(
        "role IN ('admin', 'surveyor', 'revenue', 'planner', 'viewer')", name="role_known"
    ),
)

# An edit case: why a set of changes was made, and on what document (rule 9).
cases = lao_table(
    "cases",
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("document_ref", sa.Text),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id")),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)

# Append-only record of every change: who, when, which case, before and after. Each LAO's
# entries form a hash chain (prev_hash, hash; see admin.repository.append_audit_rows) and a
# trigger refuses UPDATE, TRUNCATE and DELETE (migration 0013; delete_lao may delete).
audit_log = lao_table(
    "audit_log",
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id")),
    sa.Column("actor_name", sa.Text),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.BigInteger),
    sa.Column("case_id", sa.BigInteger),
    sa.Column("before", JSONB),
    sa.Column("after", JSONB),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    lao_fk("case_id", "cases"),
    sa.Index(None, "lao_id", "entity", "entity_id"),
)

# Numbers an LAO hands out in order and never reuses: owner numbers (ผ.ท.4), and later notice
# and receipt numbers per year. A row is taken FOR UPDATE, so concurrent takers queue.
lao_counters = sa.Table(
    "lao_counters",
    metadata,
    sa.Column("lao_id", sa.Integer, sa.ForeignKey("laos.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("name", sa.String(48), nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.PrimaryKeyConstraint("lao_id", "name"),
    sa.CheckConstraint("value >= 0", name="value_non_negative"),
)

# Sign-in (migration 0014). Secrets are never stored: sessions and API tokens are kept as the
# SHA-256 of the random value the client holds; passwords as argon2 hashes (users.password_hash).
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ip", sa.String(64)),
    sa.Index(None, "user_id"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(always=False), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Index(None, "user_id"),
)

# Every sign-in attempt, kept for throttling and for the security record.
login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("ip", sa.String(64)),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Index(None, "username", "at"),
)
