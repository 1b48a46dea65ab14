"""LAO isolation in the database: the web role sees and writes only the scoped LAOs' rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fresh_laos import fresh_lao
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError

from taxmap.core.db import create_engine
from taxmap.core.lao_scope import install_lao_scope, scope_to
from taxmap.core.settings import Settings

ZONE = "ST_GeomFromText('MULTIPOLYGON(((0 0, 10 0, 10 10, 0 0)))')"


@pytest.fixture(scope="module")
def web_engine(test_settings: Settings, engine: Engine) -> Iterator[Engine]:
    """Two LAOs with one zone each, and an engine scoped as the web app's is."""
    for code in ("RLSA", "RLSB"):
        lao_id = fresh_lao(engine, code)
        with engine.begin() as c:
            c.execute(
                sa.text(f"INSERT INTO zones (lao_id, code, geom) VALUES (:l, :z, {ZONE})"),
                {"l": lao_id, "z": f"Z{code[-1]}"},
            )
    scoped = create_engine(test_settings)
    install_lao_scope(scoped)
    yield scoped
    scoped.dispose()
    scope_to("")


def _zones(engine: Engine) -> list[str]:
    with engine.connect() as c:
        return list(
            c.execute(
                sa.text(
                    "SELECT z.code FROM zones z JOIN laos l ON l.id = z.lao_id "
                    "WHERE l.code IN ('RLSA', 'RLSB') ORDER BY 1"
                )
            ).scalars()
        )


def test_every_lao_table_has_the_scope_policy(engine: Engine) -> None:
    with engine.connect() as c:
        unguarded = c.execute(
            sa.text(
                "SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') "
                "AND t.relname <> 'user_roles' "
                "AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid "
                "  AND a.attname = 'lao_id' AND NOT a.attisdropped) "
                "AND (NOT t.relrowsecurity OR NOT EXISTS (SELECT 1 FROM pg_policy p "
                "  WHERE p.polrelid = t.oid AND p.polname = 'lao_scope')) ORDER BY 1"
            )
        ).all()
    assert unguarded == []


def test_a_query_that_forgets_its_lao_filter_still_sees_only_the_scoped_lao(
    web_engine: Engine,
) -> None:
    scope_to("RLSA")
    assert _zones(web_engine) == ["ZA"]
    scope_to("RLSA,RLSB")
    assert _zones(web_engine) == ["ZA", "ZB"]
    scope_to("*")
    assert _zones(web_engine) == ["ZA", "ZB"]
    scope_to("")
    assert _zones(web_engine) == []


def test_the_web_role_cannot_write_into_another_lao(web_engine: Engine, engine: Engine) -> None:
    with engine.connect() as c:
        other = c.execute(sa.text("SELECT id FROM laos WHERE code = 'RLSB'")).scalar_one()
    scope_to("RLSA")
    with (
        pytest.raises(ProgrammingError, match="row-level security policy"),
        web_engine.begin() as c,
    ):
        c.execute(
            sa.text(f"INSERT INTO zones (lao_id, code, geom) VALUES (:l, 'ZX', {ZONE})"),
            {"l": other},
        )
    with web_engine.begin() as c:
        moved = c.execute(sa.text("UPDATE zones SET name = 'x' WHERE lao_id = :l"), {"l": other})
    assert moved.rowcount == 0


def test_spatial_filters_use_the_gist_index_under_row_security(
    web_engine: Engine, engine: Engine
) -> None:
    """PostGIS predicates are marked leakproof (0018), so the web role's plans keep the index."""
    with engine.connect() as c:
        superuser = c.execute(
            sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    if not superuser:
        pytest.skip("marking PostGIS predicates leakproof needs a superuser (see README)")
    scope_to("RLSA")
    plans = []
    with web_engine.begin() as c:
        c.execute(sa.text("SET LOCAL enable_seqscan = off"))
        for predicate in (
            "geom && ST_MakeEnvelope(0, 0, 5, 5, 32648)",
            "ST_Intersects(geom, ST_MakeEnvelope(0, 0, 5, 5, 32648))",
            "ST_DWithin(geom, ST_MakePoint(1, 1)::geometry, 3)",
        ):
            rows = c.execute(sa.text(f"EXPLAIN SELECT code FROM zones WHERE {predicate}"))
            plans.append("\n".join(r[0] for r in rows))
    for plan in plans:
        assert "idx_zones_geom" in plan, plan
