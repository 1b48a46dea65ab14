"""The app survives a database restart: 503 with the reason while down, answers again after."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from taxmap.core import cluster
from taxmap.core.db import create_engine
from taxmap.core.migrate import upgrade
from taxmap.core.provision import db_up
from taxmap.core.settings import Settings, load_settings
from tests.live_server import free_port
from web.app import create_app


def test_the_app_says_503_while_the_database_is_down_and_recovers_after(
    tmp_path: Path, base_settings: Settings
) -> None:
    if base_settings.database_url:
        pytest.skip("restarts a project-local cluster; the suite runs on an external server")
    # A cluster of its own, so stopping it disturbs no other test.
    own = load_settings(environment="test", var_dir=tmp_path / "var", local_pg_port=free_port())
    db_up(own)
    engine = create_engine(own)
    upgrade(engine)
    engine.dispose()
    try:
        with TestClient(create_app(own)) as client:
            first = client.get("/health").json()
            assert first["database"] == "ok", first
            cluster.stop(own)
            down = client.get("/health")
            api = client.get("/api/v1/me", headers={"Authorization": "Bearer tm_anything"})
            cluster.start(own)
            back = client.get("/health")
    finally:
        cluster.destroy(own)
    assert down.status_code == 503
    assert down.json()["message"].startswith(
        f"Cannot connect to the database at 127.0.0.1:{own.local_pg_port}/taxmap"
    )
    assert (api.status_code, api.json()["code"]) == (503, "database_unavailable")
    assert api.headers["retry-after"] == "5"
    assert "What to do: start it with `taxmap db up`" in api.json()["message"]
    assert (back.status_code, back.json()["database"]) == (200, "ok")
