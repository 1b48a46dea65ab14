"""Bring a database to life: the local cluster or an external server, the database, PostGIS."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from taxmap.core import cluster
from taxmap.core.db import create_engine, database_url, describe_connection_error
from taxmap.core.errors import DatabaseUnavailable
from taxmap.core.settings import Settings


@dataclass(frozen=True)
class Provisioned:
    """The outcome of `taxmap db up`."""

    url: URL
    local_cluster: bool
    started_cluster: bool


def _admin_url(url: URL) -> URL:
    return url.set(database="postgres")


def create_database(settings: Settings, url: URL) -> bool:
    """Create the database named in url if it does not exist; return True when created."""
    engine = create_engine(settings, _admin_url(url)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
            ).scalar()
            if not exists:
                conn.execute(sa.text(f"CREATE DATABASE \"{url.database}\" ENCODING 'UTF8'"))
            return not exists
    except (OperationalError, DBAPIError) as exc:
        raise describe_connection_error(url, exc) from None
    finally:
        engine.dispose()


def drop_database(settings: Settings, url: URL) -> None:
    """Drop the database named in url, closing other sessions first."""
    engine = create_engine(settings, _admin_url(url)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    finally:
        engine.dispose()


def ensure_postgis(settings: Settings, url: URL) -> str:
    """Create the postgis extension if missing and return its version, or say what to do."""
    engine = create_engine(settings, url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
            return str(conn.execute(sa.text("SELECT postgis_lib_version()")).scalar_one())
    except (OperationalError, DBAPIError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        if "postgis" in reason.lower() or "permission" in reason.lower():
            raise DatabaseUnavailable(
                f"Cannot enable PostGIS in {url.database}: {reason}. What to do: install "
                "postgresql-15-postgis-3 on the server and run `CREATE EXTENSION postgis;` as a "
                "superuser in that database.",
                f"เปิดใช้ PostGIS ในฐานข้อมูล {url.database} ไม่ได้: {reason}",
            ) from None
        raise describe_connection_error(url, exc) from None
    finally:
        engine.dispose()


def db_up(settings: Settings) -> Provisioned:
    """Make the database usable: start the local cluster unless an external URL is set."""
    if settings.database_url:
        url = database_url(settings)
        ensure_postgis(settings, url)
        return Provisioned(url, local_cluster=False, started_cluster=False)
    started = cluster.start(settings)
    url = cluster.local_url(settings)
    create_database(settings, url)
    ensure_postgis(settings, url)
    return Provisioned(url, local_cluster=True, started_cluster=started)
