"""vector tiles of planning layers

One SQL function, tile_planning(lao, z, x, y, code, as_of), makes a one-layer MVT of a vector
planning layer (migration 0015): the layer named by its code (the newest date on or before
as_of, or the newest), each feature with its class code, the class's Thai and English names,
fill colour and hatch colour (plan zones drawn hatched, e.g. ก.2) from the class-table
snapshot stored with the layer (a single-class theme's one entry serves every feature), and
the feature's own name. It follows the tile functions of 0016
exactly: the tile's envelope is transformed once into the LAO's CRS and features are found with
`geom && envelope`; areas are simplified by zoom (tile_tolerance); it runs as its owner
(SECURITY DEFINER) with the same LAO scope check, so the web role gets an empty tile for an LAO
outside its scope. Raster layers are files read by rasterio (0015) and are not made into MVT.

A planning layer changes only when it is loaded again (a new row), so the app bases the
tiles' ETags on the layer row's id and load time instead of tile_edits.

Every statement is idempotent (CREATE OR REPLACE).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# The same scope line as 0016's SCOPE_CHECK (kept here so a later edit of 0016 cannot change
# what this revision applied).
REFUSE_TILE = """
    IF current_setting('role') NOT IN ('none', current_user)
       AND NOT taxmap_in_scope(p_lao) THEN
        RETURN ''::bytea;
    END IF;"""
DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
SIGNATURE = "(integer, integer, integer, integer, text, date)"

TILE_PLANNING = f"""
CREATE OR REPLACE FUNCTION tile_planning(p_lao integer, p_z integer, p_x integer, p_y integer,
                                         p_code text, p_as_of date DEFAULT NULL)
RETURNS bytea LANGUAGE plpgsql STABLE PARALLEL SAFE {DEFINER} AS $$
DECLARE
    v_srid integer := (SELECT l.srid FROM laos l WHERE l.id = p_lao);
    v_area geometry := tile_area(v_srid, p_z, p_x, p_y);
    v_bounds geometry := ST_TileEnvelope(p_z, p_x, p_y);
    v_tol float8 := tile_tolerance(p_z);
    v_layer bigint;
    v_classes jsonb;
    v_single jsonb;
    v_tile bytea;
BEGIN{REFUSE_TILE}
    SELECT pl.id, pl.classes INTO v_layer, v_classes
      FROM planning_layers pl
     WHERE pl.lao_id = p_lao AND pl.code = p_code AND pl.kind = 'vector'
       AND (p_as_of IS NULL OR pl.as_of <= p_as_of)
     ORDER BY pl.as_of DESC LIMIT 1;
    IF v_layer IS NULL THEN
        RETURN ''::bytea;
    END IF;
    -- A theme without a class table stores one entry (its own name and colour) while its
    -- features may carry a class field's values (roads by kind): that entry styles them all.
    IF (SELECT count(*) FROM jsonb_object_keys(v_classes)) = 1 THEN
        v_single := (SELECT e.value FROM jsonb_each(v_classes) e);
    END IF;
    SELECT ST_AsMVT(t, p_code, 4096, 'geom', 'id') INTO v_tile
      FROM (
        SELECT f.id, f.class_code,
               c.info ->> 'name_th' AS class_th,
               c.info ->> 'name_en' AS class_en,
               coalesce(c.info ->> 'fill', '#888888') AS fill,
               c.info ->> 'hatch' AS hatch,
               f.name,
               ST_AsMVTGeom(ST_Transform(ST_Simplify(f.geom, v_tol, true), 3857), v_bounds,
                            4096, 64, true) AS geom
          FROM layer_features f
         CROSS JOIN LATERAL (SELECT coalesce(v_classes -> f.class_code, v_single) AS info) c
         WHERE f.lao_id = p_lao AND f.layer_id = v_layer AND f.geom && v_area) t;
    RETURN coalesce(v_tile, ''::bytea);
END
$$
"""

STATEMENTS = (TILE_PLANNING,)


def upgrade() -> None:
    """Apply this revision."""
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    """Revert this revision."""
    op.execute(f"DROP FUNCTION IF EXISTS tile_planning{SIGNATURE}")
