"""GET /health, and the three ways a database can be wrong, each one clear line within seconds."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from taxmap.core.db import database_url
from taxmap.core.migrate import head_revision
from taxmap.core.provision import create_database, drop_database
from taxmap.core.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_health_reports_postgis(
    test_settings: Settings, engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["postgis"].startswith("3.")
    assert body["schema_revision"] == head_revision(engine)


def test_health_is_503_with_the_reason_when_the_server_is_unreachable(
    make_client: Callable[..., TestClient],
) -> None:
    settings = load_settings(database_url="postgresql://u:p@127.0.0.1:9/none")
    started = time.monotonic()
    with make_client(settings=settings) as client:
        response = client.get("/health")
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["message"].startswith("Cannot connect to the database at 127.0.0.1:9/none")


def test_openapi_document_has_no_remote_references(
    test_settings: Settings, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        doc = client.get("/openapi.json").json()
        assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    assert refs and all(r.startswith("#/") for r in refs)
    assert "/health" in doc["paths"]


def _cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAXMAP_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "taxmap.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        cwd=ROOT,
        check=False,
    )


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_malformed_url_is_one_clear_line() -> None:
    line = _one_error_line(_cli("db", "status", url="not-a-url"))
    assert "TAXMAP_DATABASE_URL is not a database URL" in line


def test_unreachable_server_is_one_clear_line_within_seconds() -> None:
    started = time.monotonic()
    line = _one_error_line(_cli("db", "migrate", url="postgresql://u:p@127.0.0.1:9/x"))
    assert time.monotonic() - started < 15
    assert "Cannot connect to the database at 127.0.0.1:9/x" in line
    assert "taxmap db up" in line


def test_silent_server_times_out_within_seconds() -> None:
    # A loopback listener that never answers: only the connect timeout can end the wait.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        line = _one_error_line(_cli("db", "status", url=f"postgresql://u:p@127.0.0.1:{port}/x"))
        elapsed = time.monotonic() - started
    assert elapsed < 20
    assert f"Cannot connect to the database at 127.0.0.1:{port}/x" in line


def test_database_without_postgis_is_one_clear_line(base_settings: Settings) -> None:
    url = database_url(base_settings).set(database=f"taxmap_nopostgis_{os.getpid()}")
    create_database(base_settings, url)
    try:
        line = _one_error_line(_cli("db", "status", url=url.render_as_string(hide_password=False)))
    finally:
        drop_database(base_settings, url)
    assert f"The database {url.database} has no PostGIS extension" in line


@pytest.mark.parametrize("command", [["db", "reset"]])
def test_destructive_commands_need_confirmation(command: list[str], test_db_url: str) -> None:
    done = _cli(*command, url=test_db_url)
    assert done.returncode == 2
    assert "--yes" in done.stderr
