"""The `taxmap` command line: thin commands over the services; errors are one line on stderr."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from taxmap.core.errors import TaxmapError
from taxmap.core.settings import Settings, load_settings

app = typer.Typer(no_args_is_help=True, help="taxmap: tax map and property register for Thai LAOs.")
db_app = typer.Typer(no_args_is_help=True, help="Provision and migrate the database.")
lao_app = typer.Typer(no_args_is_help=True, help="Register and list LAOs.")
demo_app = typer.Typer(no_args_is_help=True, help="The Bua Lai pilot and generated fabrics.")
app.add_typer(db_app, name="db")
app.add_typer(lao_app, name="lao")
app.add_typer(demo_app, name="demo")

out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line to stderr and return the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def clean_errors(func: F) -> F:
    """Turn domain errors into one clear line on stderr and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TaxmapError as exc:
            raise fail(exc.message_en) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


def settings() -> Settings:
    """Build the settings once per command from the environment."""
    return load_settings()


def engine_for(s: Settings) -> Any:
    """Return the engine after checking the database answers (fast, clear failure)."""
    from taxmap.core.db import check_database, create_engine

    engine = create_engine(s)
    check_database(engine)
    return engine


# ---- db ---------------------------------------------------------------------------------------


@db_app.command("up")
@clean_errors
def db_up() -> None:
    """Install nothing, start the project-local PostGIS cluster (or check TAXMAP_DATABASE_URL)."""
    from taxmap.core.provision import db_up as provision

    result = provision(settings())
    where = "project-local cluster" if result.local_cluster else "TAXMAP_DATABASE_URL"
    state = "started" if result.started_cluster else "ready"
    out.print(f"database {state}: {result.url.render_as_string(hide_password=True)} ({where})")


@db_app.command("down")
@clean_errors
def db_down() -> None:
    """Stop the project-local cluster (data stays in var/pg)."""
    from taxmap.core import cluster

    stopped = cluster.stop(settings())
    out.print("database stopped" if stopped else "database was not running")


@db_app.command("status")
@clean_errors
def db_status() -> None:
    """Say where the database is, and its PostgreSQL, PostGIS and schema versions."""
    from taxmap.core.db import check_database, create_engine

    s = settings()
    engine = create_engine(s)
    st = check_database(engine)
    out.print(
        f"{engine.url.render_as_string(hide_password=True)}: PostgreSQL {st.server_version}, "
        f"PostGIS {st.postgis_version}, schema {st.schema_revision or 'not migrated'}"
    )


@db_app.command("migrate")
@clean_errors
def db_migrate() -> None:
    """Apply every pending schema migration."""
    from taxmap.core.migrate import upgrade

    engine = engine_for(settings())
    upgrade(engine)
    out.print("schema up to date")


@db_app.command("reset")
@clean_errors
def db_reset(
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: every table is emptied.")] = False,
) -> None:
    """Drop every taxmap table and migrate again (all data is lost)."""
    from taxmap.core.migrate import downgrade, upgrade

    if not yes:
        raise fail("db reset deletes all data; run again with --yes to confirm", 2)
    engine = engine_for(settings())
    downgrade(engine, "base")
    upgrade(engine)
    out.print("schema recreated, empty")


# ---- lao --------------------------------------------------------------------------------------


@lao_app.command("create")
@clean_errors
def lao_create(
    code: Annotated[str, typer.Argument(help="The LAO's code, e.g. BUALAI.")],
    name_th: Annotated[str, typer.Option("--name-th", help="Thai name.")],
    name_en: Annotated[str, typer.Option("--name-en", help="English name.")],
    srid: Annotated[str, typer.Option("--srid", help="Storage CRS, e.g. EPSG:32648.")],
    boundary: Annotated[
        Path | None, typer.Option("--boundary", help="Boundary file (GeoJSON, GPKG, SHP).")
    ] = None,
    kind: Annotated[str, typer.Option(help="sao or municipality.")] = "sao",
) -> None:
    """Register an LAO with its storage CRS and boundary."""
    from taxmap.admin.model import CreateLao
    from taxmap.admin.services import create_lao

    number = srid.upper().removeprefix("EPSG:")
    if not number.isdigit():
        raise fail(f"--srid: '{srid}' is not an EPSG code; write e.g. EPSG:32648", 2)
    cmd = CreateLao(code, name_th, name_en, int(number), kind=kind, boundary_file=boundary)
    create_lao(cmd, engine_for(settings()))
    out.print(f"LAO {code} created (storage EPSG:{number})")


@lao_app.command("list")
@clean_errors
def lao_list() -> None:
    """List the LAOs with the size of their fabric."""
    from taxmap.admin.services import list_laos

    table = Table("code", "name (th)", "name (en)", "CRS", "zones", "blocks", "parcels")
    for lao in list_laos(engine_for(settings())):
        table.add_row(
            lao.code,
            lao.name_th,
            lao.name_en,
            f"EPSG:{lao.srid}",
            f"{lao.zones:,}",
            f"{lao.blocks:,}",
            f"{lao.parcels:,}",
        )
    out.print(table)


# ---- demo -------------------------------------------------------------------------------------


@demo_app.command("load")
@clean_errors
def demo_load(
    seed: Annotated[int, typer.Option(help="Seed of the generated fabric.")] = 2569,
) -> None:
    """Load the Bua Lai pilot: LAO, boundaries, tambons and a generated parcel fabric."""
    from taxmap.demo.load import load_pilot

    s = settings()
    summary = load_pilot(s, engine_for(s), seed=seed, progress=out)
    out.print(summary)


@demo_app.command("run")
@clean_errors
def demo_run(
    seed: Annotated[int, typer.Option(help="Seed of the generated fabric.")] = 2569,
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Provision, migrate, load the pilot if needed and serve; stop a cluster started here."""
    from taxmap.core import cluster
    from taxmap.core.db import create_engine
    from taxmap.core.migrate import upgrade
    from taxmap.core.provision import db_up as provision
    from taxmap.demo.load import load_pilot, pilot_is_loaded

    s = settings()
    result = provision(s)
    out.print(f"database ready: {result.url.render_as_string(hide_password=True)}")
    try:
        engine = create_engine(s)
        upgrade(engine)
        if pilot_is_loaded(engine, seed):
            out.print("Bua Lai pilot already loaded (taxmap demo load reloads it)")
        else:
            out.print(load_pilot(s, engine, seed=seed, progress=out))
        engine.dispose()
        serve(host=host, port=port)
    finally:
        if result.started_cluster:
            cluster.stop(s)
            out.print("database stopped")


@demo_app.command("generate")
@clean_errors
def demo_generate(
    parcels: Annotated[int, typer.Option("--parcels", min=1, help="About how many parcels.")],
    out_file: Annotated[Path, typer.Option("--out", help="GeoPackage to write.")],
    seed: Annotated[int, typer.Option(help="Seed.")] = 2569,
) -> None:
    """Generate a realistic fabric of about N parcels around Bua Lai into a GeoPackage."""
    from taxmap.demo.bench import generate_gpkg

    result = generate_gpkg(parcels, out_file, seed=seed, console=out)
    out.print(result)


# ---- serve ------------------------------------------------------------------------------------


@app.command("serve")
@clean_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Serve the web app and API."""
    import uvicorn

    from web.app import create_app

    s = settings()
    engine_for(s)  # fail fast with a clear message rather than on the first request
    host, port = host or s.host, port or s.port
    out.print(f"taxmap serving on http://{host}:{port}/  (health: http://{host}:{port}/health)")
    uvicorn.run(create_app(s), host=host, port=port, log_level="info")


def main() -> None:
    """Run the CLI."""
    app()


if __name__ == "__main__":
    main()
