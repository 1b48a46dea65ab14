"""Test fixtures: a throwaway PostGIS database, and a rolled-back connection per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Connection, Engine

from taxmap.core import cluster
from taxmap.core.db import create_engine, database_url
from taxmap.core.migrate import upgrade
from taxmap.core.provision import create_database, drop_database, ensure_postgis
from taxmap.core.settings import Settings, load_settings

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Return ../shared (the data every developer and CI run has beside the project)."""
    if not SHARED.exists():
        pytest.fail(f"{SHARED} is missing: the tests read the shared data beside the project")
    return SHARED


@pytest.fixture(scope="session")
def base_settings() -> Iterator[Settings]:
    """Settings of the server the tests use; starts the local cluster if needed, stops it after."""
    settings = load_settings(environment="test")
    started = False
    if not settings.database_url:
        started = cluster.start(settings)
    yield settings
    if started:
        cluster.stop(settings)


@pytest.fixture(scope="session")
def test_db_url(base_settings: Settings) -> Iterator[str]:
    """Create a throwaway database with PostGIS and the schema; drop it at the end."""
    name = f"taxmap_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = database_url(base_settings).set(database=name)
    create_database(base_settings, url)
    try:
        ensure_postgis(base_settings, url)
        yield url.render_as_string(hide_password=False)
    finally:
        drop_database(base_settings, url)


@pytest.fixture(scope="session")
def test_settings(
    base_settings: Settings, test_db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings pointing at the throwaway database, with a tile cache of the session's own."""
    return load_settings(
        environment="test",
        database_url=test_db_url,
        tile_cache_dir=tmp_path_factory.mktemp("tiles"),
    )


@pytest.fixture(scope="session")
def engine(test_settings: Settings) -> Iterator[Engine]:
    """An engine on the migrated throwaway database."""
    eng = create_engine(test_settings)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        tx = connection.begin()
        try:
            yield connection
        finally:
            tx.rollback()


@pytest.fixture(scope="session")
def make_client(test_settings: Settings, engine: Engine) -> Callable[..., TestClient]:
    """Return a factory of API clients signed in as a user with `role` in `lao`.

    `make_client()` is a system administrator (every LAO); `make_client(role="surveyor",
    lao="BUALAI")` holds only that role there. Use it as `with make_client(...) as client:`.
    """

    def factory(
        role: str | None = None, lao: str | None = None, settings: Settings | None = None
    ) -> TestClient:
        from taxmap.admin import users
        from web.app import create_app

        name = f"t{uuid.uuid4().hex[:12]}"
        users.create_user(
            engine, name, "test-password-1", f"Test {role or 'admin'}", system_admin=role is None
        )
        if role is not None:
            users.grant_role(engine, name, lao or "BUALAI", role)
        token = users.issue_token(engine, name, "tests")
        client = TestClient(create_app(settings or test_settings))
        client.headers["Authorization"] = f"Bearer {token}"
        return client

    return factory


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: they load the pilot, which earlier tests do not expect."""
    items.sort(key=lambda item: "tests/e2e/browser/" in item.nodeid)
