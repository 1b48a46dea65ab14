"""The project-local PostgreSQL + PostGIS cluster under var/pg: create, start, stop, describe."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from taxmap.core.errors import ProvisioningError
from taxmap.core.settings import Settings

SUPERUSER = "taxmap"
RUN_AS_WHEN_ROOT = "postgres"  # PostgreSQL refuses to run as root


@dataclass(frozen=True)
class ClusterState:
    """Where the local cluster lives and whether it runs."""

    data_dir: Path
    initialised: bool
    running: bool
    port: int


def find_bindir() -> Path:
    """Return the bin directory of the newest installed PostgreSQL that has PostGIS."""
    root = Path("/usr/lib/postgresql")
    majors = sorted(
        (p for p in root.glob("*") if (p / "bin" / "initdb").exists()),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
        reverse=True,
    )
    for major in majors:
        if Path(f"/usr/share/postgresql/{major.name}/extension/postgis.control").exists():
            return major / "bin"
    raise ProvisioningError(
        "PostgreSQL with PostGIS is not installed. What to do: run `make install` "
        "(it installs postgresql-15 and postgresql-15-postgis-3), or set TAXMAP_DATABASE_URL "
        "to an existing PostGIS server.",
        "ยังไม่ได้ติดตั้ง PostgreSQL และ PostGIS: สั่ง `make install` หรือกำหนด TAXMAP_DATABASE_URL",
    )


def _data_dir(settings: Settings) -> Path:
    return settings.pg_dir / "data"


def _password_file(settings: Settings) -> Path:
    return settings.pg_dir / "password"


def _as_root() -> bool:
    return os.geteuid() == 0


def _run(cmd: list[str], *, what: str, timeout: int = 120) -> str:
    """Run a PostgreSQL tool, as the postgres user when we are root."""
    if _as_root():
        cmd = ["runuser", "-u", RUN_AS_WHEN_ROOT, "--", *cmd]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ProvisioningError(f"{what} did not finish within {timeout} s.") from None
    if done.returncode != 0:
        raise ProvisioningError(
            f"{what} failed: {(done.stderr or done.stdout).strip()[-800:]}",
            details={"command": cmd},
        )
    return done.stdout


def _give_to_postgres(path: Path) -> None:
    """As root, let the postgres user own the cluster directory and reach it."""
    pw = pwd.getpwnam(RUN_AS_WHEN_ROOT)
    for p in [path, *path.rglob("*")]:
        os.chown(p, pw.pw_uid, pw.pw_gid)
    # The postgres user must be able to walk down to var/pg; add o+x only where it is missing.
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


def state(settings: Settings) -> ClusterState:
    """Describe the local cluster without changing anything."""
    data = _data_dir(settings)
    initialised = (data / "PG_VERSION").exists()
    running = (
        initialised and _port_open(settings.local_pg_port) and (data / "postmaster.pid").exists()
    )
    return ClusterState(data, initialised, running, settings.local_pg_port)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def initialise(settings: Settings) -> None:
    """Create the cluster's data directory with initdb (once)."""
    bindir = find_bindir()
    data = _data_dir(settings)
    settings.pg_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    pwfile = settings.pg_dir / "initdb-pwfile"
    pwfile.write_text(password + "\n")
    pwfile.chmod(0o600)
    data.mkdir(mode=0o700, exist_ok=True)
    (settings.pg_dir / "log").mkdir(exist_ok=True)
    if _as_root():
        _give_to_postgres(settings.pg_dir)
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            what="initdb",
        )
    finally:
        pwfile.unlink(missing_ok=True)
    conf = data / "postgresql.conf"
    with conf.open("a") as f:
        # Loopback only, no Unix socket (its path would depend on where the project lives).
        f.write(
            "\n# taxmap project-local cluster\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {settings.local_pg_port}\n"
            "unix_socket_directories = ''\n"
            "shared_buffers = 512MB\n"
            "work_mem = 32MB\n"
            "maintenance_work_mem = 512MB\n"
            "max_wal_size = 4GB\n"
            "max_connections = 200\n"
        )
    secret = _password_file(settings)
    secret.write_text(password + "\n")
    secret.chmod(0o600)


def start(settings: Settings) -> bool:
    """Start the cluster if it is not running; return True when this call started it."""
    st = state(settings)
    if not st.initialised:
        initialise(settings)
    elif st.running:
        return False
    if _port_open(settings.local_pg_port):
        raise ProvisioningError(
            f"Port {settings.local_pg_port} on 127.0.0.1 is taken by another program. "
            "What to do: stop it, or choose another port with TAXMAP_LOCAL_PG_PORT.",
            f"พอร์ต {settings.local_pg_port} ถูกใช้อยู่: ตั้ง TAXMAP_LOCAL_PG_PORT เป็นพอร์ตอื่น",
        )
    bindir = find_bindir()
    log = settings.pg_dir / "log" / "postgres.log"
    try:
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(_data_dir(settings)),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            what="pg_ctl start",
        )
    except ProvisioningError as exc:
        tail = log.read_text(errors="replace")[-600:] if log.exists() else ""
        raise ProvisioningError(f"{exc.message_en}\n{tail}".strip()) from None
    return True


def stop(settings: Settings) -> bool:
    """Stop the cluster if it runs; return True when this call stopped it."""
    if not state(settings).running:
        return False
    _run(
        [
            str(find_bindir() / "pg_ctl"),
            "-D",
            str(_data_dir(settings)),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "stop",
        ],
        what="pg_ctl stop",
    )
    return True


def destroy(settings: Settings) -> None:
    """Stop the cluster and delete its files (all local data is lost)."""
    stop(settings)
    shutil.rmtree(settings.pg_dir, ignore_errors=True)


def local_url(settings: Settings, database: str | None = None) -> URL:
    """Return the URL of a database in the local cluster."""
    secret = _password_file(settings)
    if not secret.exists():
        raise ProvisioningError(
            "There is no database yet. What to do: run `taxmap db up` (or `make demo`) to create "
            "the project's own PostgreSQL cluster, or set TAXMAP_DATABASE_URL.",
            "ยังไม่มีฐานข้อมูล: สั่ง `taxmap db up` หรือกำหนด TAXMAP_DATABASE_URL",
        )
    return URL.create(
        "postgresql+psycopg",
        username=SUPERUSER,
        password=secret.read_text().strip(),
        host="127.0.0.1",
        port=settings.local_pg_port,
        database=database or settings.local_pg_database,
    )
