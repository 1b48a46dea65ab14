"""The real server, started as `taxmap serve`, answers over HTTP on loopback."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from tests.live_server import taxmap_server


@pytest.fixture(scope="module")
def server(test_db_url: str, engine: Engine) -> Iterator[str]:
    """Start `taxmap serve` on a free loopback port; stop it after the module."""
    with taxmap_server(test_db_url, timeout_s=30) as base:
        yield base


@pytest.fixture(scope="module")
def token(engine: Engine) -> str:
    """A bearer token of a fresh system administrator."""
    from taxmap.admin import users

    name = f"serve{os.getpid()}"
    users.create_user(engine, name, "serve-password", system_admin=True)
    return users.issue_token(engine, name, "e2e")


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_health_over_http(server: str) -> None:
    status, body = _get(server + "/health")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_home_page_is_thai_first_with_an_english_switch(server: str, token: str) -> None:
    _, thai = _get(server + "/", token)
    _, english = _get(server + "/?lang=en", token)
    assert '<html lang="th">' in thai and "ระบบแผนที่ภาษีและทะเบียนทรัพย์สิน" in thai
    assert '<html lang="en">' in english and "Tax map and property register" in english
