"""The real server, started as `taxmap serve`, answers over HTTP on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(test_db_url: str, engine: Engine) -> Iterator[str]:
    """Start `taxmap serve` on a free loopback port; stop it after the module."""
    port = _free_port()
    env = {**os.environ, "TAXMAP_DATABASE_URL": test_db_url, "TAXMAP_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "taxmap.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
                time.sleep(0.2)
        else:
            pytest.fail("server did not answer within 30 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


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
