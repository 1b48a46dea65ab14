"""parcels partitioned by LAO, so a large first import loads a table of its own

A first import of a large fabric (the benchmark: a million parcels) spent most of its load
maintaining the shared `parcels` indexes row by row: a GiST and five B-trees over every LAO's
parcels, written through the WAL. Loading into a new table and building its indexes once is
about four times cheaper, so `parcels` becomes a table partitioned by `lao_id` (LIST):

- the table as it was becomes the DEFAULT partition `parcels_default`, rows untouched, so the
  migration moves no data and every LAO keeps its parcels there;
- `parcels.imports.repository.load_partition` gives an LAO with no parcels a partition of its
  own (`parcels_lao_<id>`): COPY into a bare table, constraints and indexes built once, then
  ATTACH. An LAO is not given a partition when it is made: CREATE TABLE ... PARTITION OF and
  ATTACH lock the tables that reference parcels, which LAO creation must not do.

Everything on `parcels` moves to the new parent: keys and indexes (the old ones become the
default partition's), the identity of `id` (its sequence carries on where it stopped), the
foreign keys that point at parcels, row-level security and the tile triggers of migration
0020 (transition tables work on a partitioned table, not on a partition). The partitions keep
row-level security on with no policy for the web role: it reaches parcels only through the
parent, whose policy applies.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-24 14:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

ROLE = "taxmap_web"
OLD = "parcels_default"
POLICY = (
    f"CREATE POLICY lao_scope ON parcels TO {ROLE} "
    "USING (taxmap_in_scope(lao_id)) WITH CHECK (taxmap_in_scope(lao_id))"
)
# Migration 0020's triggers, as it made them (its module name cannot be imported).
TILE_TRIGGERS = {
    "insert": "INSERT ON parcels REFERENCING NEW TABLE AS new_rows",
    "update": "UPDATE ON parcels REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "DELETE ON parcels REFERENCING OLD TABLE AS old_rows",
}


def _rows(sql: str, **params: object) -> list[sa.Row[Any]]:
    return list(op.get_bind().execute(sa.text(sql), params))


def _referencing() -> list[tuple[str, str, str]]:
    """Return (table, name, definition) of the foreign keys that point at parcels."""
    return [
        (r[0], r[1], r[2])
        for r in _rows(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND confrelid = 'parcels'::regclass "
            "AND conparentid = 0 ORDER BY 1, 2"
        )
    ]


def _own(table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return a table's key/foreign-key constraints and its other indexes, as (name, def)."""
    constraints = _rows(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = CAST(:t AS regclass) AND contype IN ('p', 'u', 'f') ORDER BY contype",
        t=table,
    )
    indexes = _rows(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = CAST(:t AS regclass) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
        "ORDER BY 1",
        t=table,
    )
    return [(r[0], r[1]) for r in constraints], [(r[0], r[1]) for r in indexes]


def _unhook() -> tuple[
    list[tuple[str, str, str]], list[tuple[str, str]], list[tuple[str, str]], sa.Row[Any]
]:
    """Drop the foreign keys into parcels; return them, parcels' own keys, indexes and id."""
    references = _referencing()
    for table, name, _ in references:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    constraints, indexes = _own("parcels")
    last = _rows("SELECT last_value, is_called FROM parcels_id_seq")[0]
    return references, constraints, indexes, last


def _tile_triggers() -> None:
    for event, clause in TILE_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS tile_touch_{event} ON parcels")
        op.execute(
            f"CREATE TRIGGER tile_touch_{event} AFTER {clause} "
            "FOR EACH STATEMENT EXECUTE FUNCTION tile_touch_rows('lao_id', 't.geom')"
        )


def _security() -> None:
    op.execute("ALTER TABLE parcels ENABLE ROW LEVEL SECURITY")
    op.execute(POLICY)
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON parcels TO {ROLE}")


def upgrade() -> None:
    """Make parcels a LIST-partitioned parent whose DEFAULT partition is the old table."""
    references, constraints, indexes, last = _unhook()
    for event in TILE_TRIGGERS:
        op.execute(f"DROP TRIGGER tile_touch_{event} ON parcels")
    op.execute(f"ALTER TABLE parcels RENAME TO {OLD}")
    op.execute(f"ALTER TABLE {OLD} ALTER COLUMN id DROP IDENTITY")
    # Index and key names are schema-wide: the parent takes the names, the partition's copies
    # get the partition's prefix.
    for name, _ in constraints:
        op.execute(f"ALTER TABLE {OLD} RENAME CONSTRAINT {name} TO {name}_default")
    for name, _ in indexes:
        op.execute(f"ALTER INDEX {name} RENAME TO {name}_default")
    op.execute(
        f"CREATE TABLE parcels (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY LIST (lao_id)"
    )
    op.execute("ALTER TABLE parcels ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    op.execute(f"SELECT setval('parcels_id_seq', {int(last[0])}, {bool(last[1])})")
    for name, definition in constraints:
        op.execute(f"ALTER TABLE parcels ADD CONSTRAINT {name} {definition}")
    for name, definition in indexes:
        # "CREATE INDEX x ON public.parcels USING ...", read before the table was renamed.
        head, using = definition.split(" USING ", 1)
        unique = "UNIQUE " if head.startswith("CREATE UNIQUE") else ""
        op.execute(f"CREATE {unique}INDEX {name} ON parcels USING {using}")
    # The old table's indexes match the parent's, so ATTACH adopts them: nothing is rebuilt.
    op.execute(f"ALTER TABLE parcels ATTACH PARTITION {OLD} DEFAULT")
    for table, name, definition in references:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    _security()
    _tile_triggers()


def downgrade() -> None:
    """Fold every LAO partition back into one plain parcels table."""
    references, constraints, indexes, last = _unhook()
    partitions = [
        r[0]
        for r in _rows(
            "SELECT inhrelid::regclass::text FROM pg_inherits "
            "WHERE inhparent = 'parcels'::regclass ORDER BY 1"
        )
    ]
    for partition in partitions:
        op.execute(f"ALTER TABLE parcels DETACH PARTITION {partition}")
    for partition in partitions:
        if partition != OLD:
            op.execute(f"INSERT INTO {OLD} SELECT * FROM {partition}")
            op.execute(f"DROP TABLE {partition}")
    op.execute("DROP TABLE parcels")
    op.execute(f"ALTER TABLE {OLD} RENAME TO parcels")
    for name, _ in constraints:
        op.execute(f"ALTER TABLE parcels RENAME CONSTRAINT {name}_default TO {name}")
    for name, _ in indexes:
        op.execute(f"ALTER INDEX {name}_default RENAME TO {name}")
    op.execute("ALTER TABLE parcels ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    op.execute(f"SELECT setval('parcels_id_seq', {int(last[0])}, {bool(last[1])})")
    for table, name, definition in references:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    op.execute("DROP POLICY IF EXISTS lao_scope ON parcels")
    _security()
    _tile_triggers()
