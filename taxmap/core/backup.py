"""Back up and restore the database with pg_dump / pg_restore (custom format), and prove it.

A backup writes the dump and, beside it, a manifest of every taxmap table's row count and
checksum; `verify_restore` compares a restored database with that manifest, so a restore
drill shows the copy is whole, not just that pg_restore exited 0.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from taxmap.core.errors import ConfigurationError, InvalidInput
from taxmap.core.schema import load_metadata
from taxmap.core.settings import Settings


@dataclass(frozen=True)
class Fingerprint:
    """A table's row count and the md5 of its rows in a fixed order."""

    rows: int
    md5: str


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigurationError(
            f"{name} is not installed: install Debian's postgresql-client-15 (make install does).",
            f"ไม่พบโปรแกรม {name} โปรดติดตั้ง postgresql-client-15",
        )
    return found


def _env(url: URL) -> dict[str, str]:
    # The password goes through the environment, never the command line (ps shows that).
    return {**os.environ, "PGPASSWORD": url.password or ""}


def _connection_args(url: URL) -> list[str]:
    return [
        f"--host={url.host or '127.0.0.1'}",
        f"--port={url.port or 5432}",
        f"--username={url.username or 'postgres'}",
    ]


_FINGERPRINT = (
    "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "
    'FROM "{table}" t'
)


def fingerprints(engine: Engine) -> dict[str, Fingerprint]:
    """Return the row count and an md5 of the rows of every taxmap table (and Alembic's)."""
    tables = [t.name for t in load_metadata().sorted_tables] + ["alembic_version"]
    found = {}
    with engine.connect() as conn:
        for name in tables:
            # Rows as text, sorted: the same data gives the same md5 in any physical order.
            rows, md5 = conn.execute(sa.text(_FINGERPRINT.format(table=name))).one()
            found[name] = Fingerprint(int(rows), str(md5))
    return found


def backup(url: URL, engine: Engine, out: Path) -> Path:
    """Dump the database to `out` (custom format) and write the manifest beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _tool("pg_dump"),
            *_connection_args(url),
            "--format=custom",
            f"--file={out}",
            "--no-owner",
            str(url.database),
        ],
        env=_env(url),
        check=True,
        capture_output=True,
        timeout=3600,
    )
    manifest = {name: vars(f) for name, f in fingerprints(engine).items()}
    path = out.with_suffix(out.suffix + ".manifest.json")
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return path


def restore(dump: Path, url: URL) -> None:
    """Restore a dump into an empty database at `url` (create it first)."""
    if not dump.is_file():
        raise InvalidInput("file", f"{dump} is not a backup file: give the path of a .dump file.")
    result = subprocess.run(
        [
            _tool("pg_restore"),
            *_connection_args(url),
            f"--dbname={url.database}",
            "--no-owner",
            "--exit-on-error",
            str(dump),
        ],
        env=_env(url),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        raise ConfigurationError(
            f"pg_restore failed: {result.stderr.strip().splitlines()[-1] if result.stderr else ''}",
            "การกู้คืนฐานข้อมูลล้มเหลว",
        )


def verify_restore(manifest: Path, engine: Engine) -> list[str]:
    """Compare a restored database with a backup's manifest; return the tables that differ."""
    expected = json.loads(manifest.read_text(encoding="utf-8"))
    found = fingerprints(engine)
    return sorted(
        name for name, want in expected.items() if name not in found or vars(found[name]) != want
    )


def restore_into_new_database(
    settings: Settings, dump: Path, database: str, *, replace: bool = False
) -> list[str]:
    """Restore a dump into a new database and check it against the backup's manifest."""
    from taxmap.core.db import create_engine, database_url
    from taxmap.core.provision import create_database, drop_database, ensure_postgis

    url = database_url(settings).set(database=database)
    if database == database_url(settings).database:
        raise InvalidInput(
            "database",
            f"{database} is the live database: restore into a new one, check it, then switch "
            "TAXMAP_DATABASE_URL to it.",
            f"{database} คือฐานข้อมูลที่ใช้งานอยู่ โปรดกู้คืนไปยังฐานข้อมูลใหม่",
        )
    if replace:
        drop_database(settings, url)
    if not create_database(settings, url):
        raise InvalidInput(
            "database",
            f"Database {database} already exists: choose another name or pass --replace.",
            f"มีฐานข้อมูล {database} อยู่แล้ว โปรดใช้ชื่ออื่นหรือสั่ง --replace",
        )
    ensure_postgis(settings, url)
    restore(dump, url)
    engine = create_engine(settings, url)
    try:
        manifest = dump.with_suffix(dump.suffix + ".manifest.json")
        return verify_restore(manifest, engine) if manifest.is_file() else []
    finally:
        engine.dispose()
