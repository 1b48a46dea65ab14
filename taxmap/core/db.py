"""Database engine, shared metadata and the unit of work; nothing connects at import time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from taxmap.core.errors import ConfigurationError, DatabaseUnavailable
from taxmap.core.settings import Settings

# Stable constraint names, so Alembic migrations can refer to them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def parse_database_url(raw: str) -> URL:
    """Parse a PostgreSQL URL and pin the psycopg 3 driver, or say what is wrong with it."""
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigurationError(
            "TAXMAP_DATABASE_URL is not a database URL. "
            "Use the form postgresql://USER:PASSWORD@HOST:PORT/DATABASE, "
            "or unset it to use the project's own cluster (`taxmap db up`).",
            "TAXMAP_DATABASE_URL ไม่ใช่ URL ของฐานข้อมูล "
            "ใช้รูปแบบ postgresql://USER:PASSWORD@HOST:PORT/DATABASE",
            details={"field": "TAXMAP_DATABASE_URL"},
        ) from None
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ConfigurationError(
            f"TAXMAP_DATABASE_URL uses '{url.drivername}', but taxmap needs PostgreSQL with "
            "PostGIS: use postgresql://USER:PASSWORD@HOST:PORT/DATABASE.",
            "TAXMAP_DATABASE_URL ต้องเป็นฐานข้อมูล PostgreSQL ที่มี PostGIS",
            details={"field": "TAXMAP_DATABASE_URL"},
        )
    if not url.database:
        raise ConfigurationError(
            "TAXMAP_DATABASE_URL names no database: add /DATABASE at the end.",
            "TAXMAP_DATABASE_URL ไม่ได้ระบุชื่อฐานข้อมูล: เติม /ชื่อฐานข้อมูล ท้าย URL",
            details={"field": "TAXMAP_DATABASE_URL"},
        )
    return url.set(drivername="postgresql+psycopg")


def database_url(settings: Settings) -> URL:
    """Return the URL to use: TAXMAP_DATABASE_URL, else the project-local cluster's."""
    if settings.database_url:
        return parse_database_url(settings.database_url)
    from taxmap.core import cluster

    return cluster.local_url(settings)


def create_engine(settings: Settings, url: URL | None = None) -> Engine:
    """Create the engine with a short connect timeout so an unreachable server fails fast."""
    return sa.create_engine(
        url or database_url(settings),
        pool_pre_ping=True,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        connect_args={
            "connect_timeout": settings.database_connect_timeout_s,
            "application_name": "taxmap",
        },
    )


@dataclass(frozen=True)
class DatabaseStatus:
    """What /health and `taxmap db status` report about the database."""

    server_version: str
    postgis_version: str
    schema_revision: str | None


# What the driver raises when the server is gone (restart, network); the web maps it to 503.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (sa.exc.OperationalError, sa.exc.InterfaceError)


def describe_connection_error(url: URL, exc: BaseException) -> DatabaseUnavailable:
    """Turn a driver error into one message that says what to do."""
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    reason = text[0] if text else type(exc).__name__
    lowered = reason.lower()
    if "password authentication failed" in lowered or "authentication" in lowered:
        hint = "check the user name and password in TAXMAP_DATABASE_URL"
    elif "does not exist" in lowered and "database" in lowered:
        hint = "create the database, or point TAXMAP_DATABASE_URL at an existing one"
    else:
        hint = (
            "start it with `taxmap db up` (the project's own cluster), "
            "or point TAXMAP_DATABASE_URL at a running PostgreSQL server"
        )
    return DatabaseUnavailable(
        f"Cannot connect to the database at {where}: {reason}. What to do: {hint}.",
        f"เชื่อมต่อฐานข้อมูลที่ {where} ไม่ได้: {reason}",
        details={"database": where, "reason": reason},
    )


def check_database(engine: Engine, *, require_schema: bool = False) -> DatabaseStatus:
    """Check the database is reachable and has PostGIS (and the schema, when asked)."""
    try:
        with engine.connect() as conn:
            server = conn.execute(sa.text("SHOW server_version")).scalar_one()
            postgis = conn.execute(
                sa.text("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
            ).scalar()
            revision = None
            if conn.execute(sa.text("SELECT to_regclass('public.alembic_version')")).scalar():
                revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, DBAPIError) as exc:
        raise describe_connection_error(engine.url, exc) from None
    if postgis is None:
        raise DatabaseUnavailable(
            f"The database {engine.url.database} has no PostGIS extension. What to do: run "
            "`taxmap db up` (it creates the extension), or as a superuser "
            "`CREATE EXTENSION postgis;` after installing postgresql-15-postgis-3.",
            f"ฐานข้อมูล {engine.url.database} ยังไม่มีส่วนขยาย PostGIS",
            details={"database": engine.url.database},
        )
    if require_schema and revision is None:
        raise DatabaseUnavailable(
            f"The database {engine.url.database} has no taxmap schema yet: "
            "run `taxmap db migrate`.",
            "ฐานข้อมูลยังไม่มีโครงสร้างของ taxmap: สั่ง `taxmap db migrate`",
        )
    return DatabaseStatus(str(server), str(postgis), revision)


class UnitOfWork:
    """One transaction: services open it, call repositories, and commit once.

    Bound to an Engine it opens a connection and a transaction; bound to a Connection that is
    already in a transaction (the tests' rolled-back one) it works inside a savepoint.
    """

    def __init__(self, bind: Engine | Connection) -> None:
        self._bind = bind
        self._owns_connection = isinstance(bind, Engine)
        self.conn: Connection
        self._tx: Any = None
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        if isinstance(self._bind, Engine):
            self.conn = self._bind.connect()
            self._tx = self.conn.begin()
        else:
            self.conn = self._bind
            self._tx = self.conn.begin_nested()
        return self

    def commit(self) -> None:
        """Commit the work; call once, at the end of the use case."""
        self._tx.commit()
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed and self._tx.is_active:
                self._tx.rollback()
        finally:
            if self._owns_connection:
                self.conn.close()


def lao_table(name: str, *columns: sa.schema.SchemaItem, **kw: Any) -> sa.Table:
    """Declare a table of LAO-owned data: lao_id first, and in the primary key (rule 10)."""
    return sa.Table(
        name,
        metadata,
        sa.Column(
            "lao_id", sa.Integer, sa.ForeignKey("laos.id", ondelete="RESTRICT"), nullable=False
        ),
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("lao_id", "id"),
        **kw,
    )


def lao_fk(column: str, target: str, **kw: Any) -> sa.ForeignKeyConstraint:
    """Reference another LAO-owned table by (lao_id, id), so rows never cross LAOs."""
    return sa.ForeignKeyConstraint(["lao_id", column], [f"{target}.lao_id", f"{target}.id"], **kw)


def valid_time() -> list[sa.Column[Any]]:
    """Return the valid-time columns of versioned records (rule 9: history is never lost)."""
    return [
        sa.Column("valid_from", sa.Date, nullable=False, server_default=sa.func.current_date()),
        sa.Column("valid_to", sa.Date, nullable=True),
    ]


def in_force(table: sa.Table | sa.Subquery, day: date) -> sa.ColumnElement[bool]:
    """Select the rows of a valid-time table in force on a day (valid_from <= day < valid_to)."""
    return sa.and_(
        table.c.valid_from <= day, sa.or_(table.c.valid_to.is_(None), table.c.valid_to > day)
    )


def audit_stamp() -> list[sa.Column[Any]]:
    """Return who/when columns every editable record carries."""
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("case_id", sa.BigInteger, nullable=True),
    ]


def money(name: str, **kw: Any) -> sa.Column[Any]:
    """Declare a money column: Numeric(14, 2), read as Decimal (rule 7)."""
    return sa.Column(name, sa.Numeric(14, 2), **kw)
