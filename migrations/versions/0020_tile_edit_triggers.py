"""every change to what a map tile shows records its area in tile_edits

Until now only the fabric editing services wrote `tile_edits`, so an import, the demo load, a
change of land use or of a building left the tiles over it with their old ETags. With tiles
kept on disk by ETag (taxmap/maptiles/cache.py) that would serve an old tile for good, so the
database now records the change itself: statement-level triggers on every table a tile
function reads add the bounding box of the rows a statement changed (old and new shapes), per
LAO. A statement that changes more than BULK rows of an LAO records "the whole LAO" (a NULL
box) instead of a box: a bulk load changes everything anyway, and the box would cost a pass.

The functions are SECURITY DEFINER so a web transaction under row-level security (migration
0018) can write tile_edits for its own LAO; they read only the transition tables PostgreSQL
hands them. Every statement is idempotent: benchmarks re-apply STATEMENTS to their databases.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-24 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

BULK = 10_000

# table: (its LAO column, the geometry a row shows on the map, as an expression over row t).
# Not `laos`: its boundary is set when the LAO is made, and its other columns (settings)
# change nothing on the map; a trigger there would throw away the LAO's tiles on every save.
TABLES: dict[str, tuple[str, str]] = {
    "parcels": ("lao_id", "t.geom"),
    "blocks": ("lao_id", "t.geom"),
    "buildings": ("lao_id", "t.footprint"),
    "zones": ("lao_id", "t.geom"),
    "admin_areas": ("lao_id", "t.geom"),
    "non_parcel_areas": ("lao_id", "t.geom"),
    # A use piece has no shape of its own: it shows as the land use of its parcel.
    "land_use_pieces": (
        "lao_id",
        "(SELECT p.geom FROM parcels p WHERE p.lao_id = t.lao_id AND p.id = t.parcel_id)",
    ),
}

FUNCTION = f"""
CREATE OR REPLACE FUNCTION tile_touch_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_lao text := TG_ARGV[0];
    v_geom text := TG_ARGV[1];
    v_rows text;
BEGIN
    v_rows := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT t.%1$I AS lao_id, %2$s AS g FROM new_rows t',
                                  v_lao, v_geom)
        WHEN 'DELETE' THEN format('SELECT t.%1$I AS lao_id, %2$s AS g FROM old_rows t',
                                  v_lao, v_geom)
        ELSE format('SELECT t.%1$I AS lao_id, %2$s AS g FROM new_rows t UNION ALL '
                    'SELECT t.%1$I, %2$s FROM old_rows t', v_lao, v_geom)
    END;
    -- A NULL box means "the whole LAO" to tile_generation: right for a bulk change (whose
    -- rows are only counted, not measured), and the safe answer when no row had a shape.
    EXECUTE format(
        'INSERT INTO tile_edits (lao_id, bbox) '
        'SELECT c.lao_id, CASE WHEN c.n > {BULK} THEN NULL ELSE '
        '       (SELECT ST_SetSRID(ST_Extent(r.g)::geometry, l.srid) '
        '          FROM (%1$s) r WHERE r.lao_id = c.lao_id) END '
        '  FROM (SELECT r.lao_id, count(*) AS n FROM (%1$s) r GROUP BY r.lao_id) c '
        '  JOIN laos l ON l.id = c.lao_id', v_rows);
    RETURN NULL;
END
$$
"""


def _triggers(table: str, lao: str, geom: str) -> list[str]:
    """Return the statements (re)creating a table's three triggers, one per kind of change.

    PostgreSQL allows transition tables only on a trigger for a single event.
    """
    args = f"'{lao}', '{geom.replace(chr(39), chr(39) * 2)}'"
    events = {
        "insert": "INSERT ON {t} REFERENCING NEW TABLE AS new_rows",
        "update": "UPDATE ON {t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "DELETE ON {t} REFERENCING OLD TABLE AS old_rows",
    }
    statements = []
    for event, clause in events.items():
        name = f"tile_touch_{event}"
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {clause.format(t=table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION tile_touch_rows({args})"
        )
    return statements


STATEMENTS: list[str] = [
    FUNCTION,
    *(s for table, (lao, geom) in TABLES.items() for s in _triggers(table, lao, geom)),
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS tile_touch_{event} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS tile_touch_rows()")
