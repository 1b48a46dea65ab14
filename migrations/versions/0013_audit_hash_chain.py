"""audit log as an append-only hash chain per LAO

Adds prev_hash and hash to audit_log, chains the existing entries of each LAO in id order,
counts them in the LAO's 'audit' counter, and adds a trigger that refuses UPDATE, TRUNCATE and
DELETE. DELETE is let through only while the transaction's setting taxmap.allow_audit_delete
is 'on' (delete_lao sets it to remove a whole LAO, e.g. when the demo reloads one).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 02:00:00
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# A frozen copy of taxmap.admin.repository.audit_hash as of this revision (a test checks
# that they agree): migrations must not change when the application code does.
GENESIS = "0" * 64
FIELDS = (
    "lao_id",
    "id",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "entity",
    "entity_id",
    "case_id",
    "before",
    "after",
)


def audit_hash(prev_hash: str, entry: Any) -> str:
    """Return the chain hash of an audit entry: sha256 of prev_hash and its canonical JSON."""
    body = [entry[f] for f in FIELDS]
    body[2] = entry["at"].astimezone(UTC).isoformat()
    text = json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


TRIGGER_FUNCTION = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('taxmap.allow_audit_delete', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _chain_existing() -> None:
    conn = op.get_bind()
    log = sa.table(
        "audit_log",
        *(sa.column(f) for f in FIELDS if f not in ("before", "after")),
        sa.column("before", JSONB),
        sa.column("after", JSONB),
        sa.column("prev_hash"),
        sa.column("hash"),
    )
    lao_ids = conn.execute(sa.text("SELECT DISTINCT lao_id FROM audit_log ORDER BY 1")).scalars()
    for lao_id in list(lao_ids):
        prev = GENESIS
        updates = []
        rows = conn.execute(sa.select(log).where(log.c.lao_id == lao_id).order_by(log.c.id))
        for row in rows.mappings():
            digest = audit_hash(prev, row)
            updates.append({"l": lao_id, "i": row["id"], "p": prev, "h": digest})
            prev = digest
        conn.execute(
            sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE lao_id = :l AND id = :i"),
            updates,
        )
        conn.execute(
            sa.text(
                "INSERT INTO lao_counters (lao_id, name, value) VALUES (:l, 'audit', :n) "
                "ON CONFLICT (lao_id, name) DO UPDATE SET value = EXCLUDED.value"
            ),
            {"l": lao_id, "n": len(updates)},
        )


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(64), nullable=True))
    _chain_existing()
    op.alter_column("audit_log", "prev_hash", nullable=False)
    op.alter_column("audit_log", "hash", nullable=False)
    op.execute(TRIGGER_FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade() -> None:
    """Revert this revision."""
    op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION audit_log_append_only()")
    op.execute("DELETE FROM lao_counters WHERE name = 'audit'")
    op.drop_column("audit_log", "hash")
    op.drop_column("audit_log", "prev_hash")
