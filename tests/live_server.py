"""Start the real server (`taxmap serve`) on a free loopback port for tests that need HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_healthy(
    proc: subprocess.Popen[str], log: IO[str], base: str, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            urllib.request.urlopen(base + "/health", timeout=2)
            return
        except urllib.error.HTTPError as exc:  # it answers, but is not healthy yet
            last = exc.read().decode(errors="replace")
            if time.monotonic() > deadline:
                pytest.fail(f"server unhealthy: {last}")
        except OSError:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"server exited: {log.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer within {timeout_s:.0f} s")
        time.sleep(0.2)


@contextmanager
def taxmap_server(
    database_url: str, *, timeout_s: float, env_extra: dict[str, str] | None = None
) -> Iterator[str]:
    """Run `taxmap serve` on the database until /health answers 200; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # A file, not a pipe: a pipe nobody reads fills with access-log lines and stalls the server.
    # The tiles it caches go in a folder of its own, removed with it, not in the checkout's var/.
    with (
        tempfile.TemporaryFile(mode="w+") as log,
        tempfile.TemporaryDirectory(prefix="taxmap-tiles-") as tiles,
    ):
        env = {
            **os.environ,
            "TAXMAP_DATABASE_URL": database_url,
            "TAXMAP_PORT": str(port),
            "TAXMAP_TILE_CACHE_DIR": tiles,
            **(env_extra or {}),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "taxmap.cli", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            _wait_until_healthy(proc, log, base, timeout_s)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                # Uvicorn waits for open requests before it exits; a browser's last request
                # can keep it past the wait (seen once in CI, after every test had passed).
                # Stopping the server is all this teardown is for: kill it and say so.
                proc.kill()
                proc.wait(timeout=15)
                warnings.warn("taxmap serve ignored SIGTERM for 15 s; killed", stacklevel=1)
