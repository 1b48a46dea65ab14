"""Settings and database URLs fail with one clear message naming the setting."""

from __future__ import annotations

import pytest

from taxmap.core.db import create_engine, parse_database_url
from taxmap.core.errors import ConfigurationError
from taxmap.core.settings import load_settings


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ConfigurationError) as info:
        load_settings(environment="production")
    assert info.value.message_en.startswith("TAXMAP_SECRET_KEY is unset or the development default")


def test_production_accepts_a_real_secret() -> None:
    s = load_settings(environment="production", secret_key="x" * 48)
    assert s.environment == "production"


def test_bad_port_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAXMAP_PORT", "eighty")
    with pytest.raises(ConfigurationError) as info:
        load_settings()
    assert info.value.message_en.startswith("TAXMAP_PORT: ")


@pytest.mark.parametrize(
    ("raw", "start"),
    [
        ("not a url", "TAXMAP_DATABASE_URL is not a database URL."),
        ("mysql://u:p@h/db", "TAXMAP_DATABASE_URL uses 'mysql', but taxmap needs PostgreSQL"),
        ("postgresql://u:p@h:5432", "TAXMAP_DATABASE_URL names no database"),
    ],
)
def test_malformed_database_url_says_what_to_do(raw: str, start: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_database_url(raw)
    assert info.value.message_en.startswith(start)


def test_database_url_pins_psycopg3() -> None:
    url = parse_database_url("postgres://u:p@db.example:5433/tax")
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database) == ("db.example", 5433, "tax")


def test_pool_keeps_the_configured_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing connects: the engine only records its pool's shape.
    monkeypatch.setenv("TAXMAP_DATABASE_POOL_SIZE", "12")
    s = load_settings(database_url="postgresql://u:p@127.0.0.1:1/db")
    pool = create_engine(s).pool
    assert (pool.size(), pool._max_overflow) == (12, 12)  # type: ignore[attr-defined]


def test_pool_size_out_of_range_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAXMAP_DATABASE_POOL_SIZE", "0")
    with pytest.raises(ConfigurationError) as info:
        load_settings()
    assert info.value.message_en.startswith("TAXMAP_DATABASE_POOL_SIZE: ")
