"""row-level security: the web app's role sees and changes only the caller's LAOs

Creates the role taxmap_web (NOLOGIN; the app switches to it with SET LOCAL ROLE in every
transaction, see taxmap/core/lao_scope.py), grants it DML on the tables, and puts a policy
on every table with lao_id (except user_roles, which sign-in reads before the scope is known):
a row is visible and writable only when its LAO is in the transaction's setting
taxmap.lao_ids
(the ids of the caller's LAOs, or '*' for a system administrator). The owner role
that runs the CLI, batch jobs and migrations is not subject to the policies.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ROLE = "taxmap_web"
EXEMPT = ("user_roles",)
# Under row-level security PostgreSQL uses an index only for LEAKPROOF operators, and PostGIS
# does not mark its spatial predicates so: every web query with && or ST_Intersects would scan
# the whole table. These predicates return a boolean and raise only on malformed input (mixed
# SRIDs, broken geometries), so we mark them; it takes a superuser, so the migration does it
# when it can and otherwise says what the DBA must run (README, production).
SPATIAL_PREDICATES = (
    "geometry_overlaps(geometry, geometry)",
    "geometry_contains(geometry, geometry)",
    "geometry_within(geometry, geometry)",
    "st_intersects(geometry, geometry)",
    "st_dwithin(geometry, geometry, double precision)",
    "st_contains(geometry, geometry)",
    "st_within(geometry, geometry)",
    "st_covers(geometry, geometry)",
    "st_coveredby(geometry, geometry)",
    "st_touches(geometry, geometry)",
)

# Inlinable (no sub-query): the app resolves the codes to ids once per transaction.
SCOPE_FUNCTION = """
CREATE OR REPLACE FUNCTION taxmap_in_scope(target integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('taxmap.lao_ids', true), '') = '*'
        OR target = ANY (string_to_array(nullif(current_setting('taxmap.lao_ids', true), '*'),
                                         ',')::integer[])
$$
"""


def _lao_tables() -> list[str]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT c.table_name FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE c.table_schema = 'public' AND c.column_name = 'lao_id' "
            "AND t.table_type = 'BASE TABLE' ORDER BY 1"
        )
    )
    return [name for (name,) in rows if name not in EXEMPT]


def _is_superuser() -> bool:
    query = sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return bool(op.get_bind().execute(query).scalar())


def upgrade() -> None:
    """Create the web role, its grants, the scope function and a policy per LAO table."""
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') "
        f"THEN CREATE ROLE {ROLE} NOLOGIN NOBYPASSRLS; END IF; END $$"
    )
    op.execute(f"GRANT {ROLE} TO CURRENT_USER")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}")
    op.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    # Tables and sequences later migrations create are granted too.
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}"
    )
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {ROLE}"
    )
    op.execute(SCOPE_FUNCTION)
    if _is_superuser():
        for signature in SPATIAL_PREDICATES:
            op.execute(f"ALTER FUNCTION {signature} LEAKPROOF")
    else:
        statements = "; ".join(f"ALTER FUNCTION {s} LEAKPROOF" for s in SPATIAL_PREDICATES)
        op.execute(
            "DO $$ BEGIN RAISE WARNING 'taxmap: spatial indexes are not used under row-level "
            f"security until a superuser runs: {statements}'; END $$"
        )
    for table in _lao_tables():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY lao_scope ON {table} TO {ROLE} "
            "USING (taxmap_in_scope(lao_id)) WITH CHECK (taxmap_in_scope(lao_id))"
        )


def downgrade() -> None:
    """Drop the policies and the function; the role stays (other databases may use it)."""
    for table in _lao_tables():
        op.execute(f"DROP POLICY IF EXISTS lao_scope ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION IF EXISTS taxmap_in_scope(integer)")
    if _is_superuser():
        for signature in SPATIAL_PREDICATES:
            op.execute(f"ALTER FUNCTION {signature} NOT LEAKPROOF")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {ROLE}")
