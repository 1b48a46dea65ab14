"""parcels_as_of(lao, day): the fabric as it was on a day

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 00:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The current rows and the kept versions, each valid from valid_from up to (not including)
# valid_to: exactly one row per parcel that existed on the day. A plain SQL function, so the
# planner inlines it and uses the tables' indexes (time travel, and the roll's 1 January).
FUNCTION = """
CREATE FUNCTION parcels_as_of(p_lao integer, p_day date)
RETURNS TABLE (
    id bigint, code varchar, block_id bigint, lot integer, version integer,
    valid_from date, valid_to date, tambon text, legal_area_sq_wah numeric,
    case_id bigint, geom geometry
)
LANGUAGE sql STABLE AS $$
    SELECT p.id, p.code, p.block_id, p.lot, p.version, p.valid_from, p.valid_to, p.tambon,
           p.legal_area_sq_wah, p.case_id, p.geom
      FROM parcels p
     WHERE p.lao_id = p_lao AND p.status <> 'pending' AND p.valid_from <= p_day
       AND (p.valid_to IS NULL OR p.valid_to > p_day)
    UNION ALL
    SELECT v.parcel_id, v.code, v.block_id, v.lot, v.version, v.valid_from, v.valid_to,
           v.tambon, v.legal_area_sq_wah, v.case_id, v.geom
      FROM parcel_versions v
     WHERE v.lao_id = p_lao AND v.valid_from <= p_day AND v.valid_to > p_day
$$
"""


def upgrade() -> None:
    """Apply this revision."""
    op.execute(FUNCTION)


def downgrade() -> None:
    """Revert this revision."""
    op.execute("DROP FUNCTION parcels_as_of(integer, date)")
