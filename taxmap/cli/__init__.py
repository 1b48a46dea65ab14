"""The `taxmap` command line: thin commands over the services; errors are one line on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from taxmap.cli.arrears import arrears_app, export_app, objections_app
from taxmap.cli.layers import layers_app
from taxmap.cli.notices import notices_app
from taxmap.cli.parcel import parcel_app
from taxmap.cli.pay import pay_app
from taxmap.cli.register import register_app
from taxmap.cli.revenue import print_roll, roll_app, tax_app, valuation_app
from taxmap.cli.shared import RichProgress, clean_errors, engine_for, err, fail, out, settings
from taxmap.cli.tiles import tiles_app
from taxmap.cli.users import user_app

app = typer.Typer(no_args_is_help=True, help="taxmap: tax map and property register for Thai LAOs.")
db_app = typer.Typer(no_args_is_help=True, help="Provision and migrate the database.")
lao_app = typer.Typer(no_args_is_help=True, help="Register and list LAOs.")
demo_app = typer.Typer(no_args_is_help=True, help="The Bua Lai pilot and generated fabrics.")
app.add_typer(db_app, name="db")
app.add_typer(lao_app, name="lao")
app.add_typer(demo_app, name="demo")
import_app = typer.Typer(
    no_args_is_help=True, help="Import parcel files from the Land Office, QGIS or GPS."
)
app.add_typer(tax_app, name="tax")
app.add_typer(register_app, name="register")
app.add_typer(parcel_app, name="parcel")
app.add_typer(notices_app, name="notices")
app.add_typer(pay_app, name="pay")
app.add_typer(arrears_app, name="arrears")
app.add_typer(objections_app, name="objections")
app.add_typer(export_app, name="export")
app.add_typer(roll_app, name="roll")
app.add_typer(valuation_app, name="valuation")
app.add_typer(tiles_app, name="tiles")
topology_app = typer.Typer(no_args_is_help=True, help="Check the fabric's topology; review items.")
app.add_typer(import_app, name="import")
app.add_typer(topology_app, name="topology")
app.add_typer(layers_app, name="layers")
app.add_typer(user_app, name="user")

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


@db_app.command("backup")
@clean_errors
def db_backup(
    output: Annotated[Path, typer.Option("--out", help="The dump file to write (.dump).")],
) -> None:
    """Back up the database (pg_dump custom format) with a manifest of row counts and checksums."""
    from taxmap.core.backup import backup
    from taxmap.core.db import database_url

    s = settings()
    manifest = backup(database_url(s), engine_for(s), output)
    out.print(f"backup written to {output}; manifest {manifest}")


@db_app.command("restore")
@clean_errors
def db_restore(
    dump: Annotated[Path, typer.Argument(help="A dump written by taxmap db backup.")],
    database: Annotated[str, typer.Option(help="A new database to restore into.")],
    replace: Annotated[bool, typer.Option(help="Drop that database first if it exists.")] = False,
) -> None:
    """Restore a backup into a new database and check every table against the manifest."""
    from taxmap.core.backup import restore_into_new_database

    differ = restore_into_new_database(settings(), dump, database, replace=replace)
    if differ:
        raise fail(f"restored, but these tables differ from the backup: {', '.join(differ)}")
    out.print(f"restored into {database}; every table matches the backup's manifest")


audit_app = typer.Typer(no_args_is_help=True, help="The audit log: check its hash chain.")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
@clean_errors
def audit_verify(lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")]) -> None:
    """Recompute the LAO's audit hash chain; exit 1 naming the first tampered entry."""
    from taxmap.admin.audit import verify_audit

    check = verify_audit(lao, engine_for(settings()))
    if not check.ok:
        raise fail(check.message)
    out.print(f"{check.message} Head: {check.head or '-'} (keep it to compare later)")


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
        from parcels.fabric.services import check_topology

        topo = check_topology("BUALAI", engine)
        faults = ", ".join(f"{k} {v}" for k, v in sorted(topo.counts.items())) or "no faults"
        out.print(f"topology of {topo.parcels:,} parcels checked in {topo.seconds} s: {faults}")
        from datetime import date

        from taxmap.demo.revenue import revenue_year

        totals, notices = revenue_year(engine, date.today().year)
        if totals is not None:
            print_roll(totals)
        out.print(notices, highlight=False)
        from taxmap.demo.users import DEMO_PASSWORD, ensure_demo_users

        accounts = ensure_demo_users(engine, "BUALAI", s.environment)
        names = ", ".join(f"{name} ({role})" for name, role in accounts)
        out.print(f"sign in at /login as {names}; password {DEMO_PASSWORD}", highlight=False)
        if s.tile_cache:
            from taxmap.maptiles.cache import TileCache
            from taxmap.maptiles.seeding import seed_tiles

            # The map's base and parcel tiles, made now so the first pan is fast; tiles
            # already made under their current ETag are only read.
            with RichProgress(out) as bars:
                tiles = seed_tiles(
                    engine,
                    TileCache(s.tile_cache_path),
                    "BUALAI",
                    sources=("base", "parcels"),
                    zooms=(14, 15, 16),
                    progress=bars,
                )
            out.print(f"map tiles ready: {tiles.with_content:,} of {tiles.tiles:,} hold features")
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


# ---- import -----------------------------------------------------------------------------------


@import_app.command("parcels")
@clean_errors
def import_parcels_cmd(
    file: Annotated[Path, typer.Argument(help="GPKG, SHP (or zipped), GeoJSON, FGB, CSV+WKT.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    layer: Annotated[str | None, typer.Option(help="Layer, when the file has several.")] = None,
    crs: Annotated[str | None, typer.Option(help="The file's CRS, e.g. EPSG:24048.")] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help="target=column, e.g. land_no=LANDNO.")
    ] = None,
    overlap_tolerance: Annotated[
        float, typer.Option("--overlap-tolerance", help="Overlaps up to this many m² pass.")
    ] = 0.5,
    repair: Annotated[bool, typer.Option("--repair", help="Fix what is safe; report it.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; write nothing.")] = False,
    strict_geojson: Annotated[
        bool, typer.Option("--strict-geojson", help="Also refuse RFC 7946 SHOULD faults.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import parcels: validate every feature, then load all accepted ones or nothing."""
    import json

    from parcels.imports.model import ImportParcels
    from parcels.imports.services import import_parcels
    from taxmap.core.uploads import UploadLimits

    cmd = ImportParcels(
        lao_code=lao,
        path=file,
        layer=layer,
        crs=crs,
        mapping=tuple(map_ or ()),
        overlap_tolerance_m2=overlap_tolerance,
        repair=repair,
        dry_run=dry_run,
        actor="cli",
        strict_geojson=strict_geojson,
    )
    s = settings()
    engine = engine_for(s)
    limits = UploadLimits.from_settings(s)  # the same file-size, zip and feature limits as uploads
    if as_json:
        report = import_parcels(cmd, engine, limits=limits)
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return
    with RichProgress(err) as progress:
        report = import_parcels(cmd, engine, progress, limits)
    _print_findings(report.findings)
    verb = "would load" if dry_run else "loaded"
    out.print(
        f"{report.format} in {report.source_crs} ({report.operation}); profile {report.profile}\n"
        f"accepted {report.accepted:,}, rejected {report.rejected:,}, repaired "
        f"{len(report.repairs):,}; {verb} {report.accepted if dry_run else report.loaded:,}"
        + ("" if dry_run else f" (batch {report.batch_id})")
    )


@import_app.command("transfers")
@clean_errors
def import_transfers_cmd(
    file: Annotated[Path, typer.Argument(help="The Land Office's transfer file (CSV UTF-8).")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    actor: Annotated[str, typer.Option(help="Who imports it (kept with every change).")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import a monthly transfer file: apply matching rows, keep the rest for review (s.10)."""
    import json

    from parcels.register.transfer_import import import_transfers

    report = import_transfers(lao, file, engine_for(settings()), actor=actor)
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return
    if report.already_received:
        out.print(report.notice_en, highlight=False, soft_wrap=True)
    table = Table("line", "status", "parcel", "reason")
    for o in report.outcomes:
        table.add_row(str(o.line_no), o.status, o.parcel_code or "", o.reason_en or "")
    if report.outcomes:
        out.print(table)
    out.print(
        f"{report.file_name}: {report.rows:,} rows; applied {report.applied:,}, kept for review "
        f"{report.pending:,} (batch {report.batch_id})"
    )


def _print_findings(findings: list[dict[str, Any]]) -> None:
    if not findings:
        return
    table = Table("#", "source id", "kind", "severity", "m²", "where (lon, lat)", "message")
    for f in findings:
        where = f["location"]["coordinates"] if f.get("location") else ""
        table.add_row(
            str(f["index"]),
            str(f.get("source_id") or ""),
            f["kind"],
            f["severity"],
            "" if f.get("area_m2") is None else f"{f['area_m2']:,.2f}",
            "" if not where else f"{where[0]:.6f}, {where[1]:.6f}",
            f["message"],
        )
    out.print(table)


@topology_app.command("check")
@clean_errors
def topology_check(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check overlaps, gaps inside blocks, slivers and block crossings; store review items."""
    import json

    from parcels.fabric.services import check_topology

    engine = engine_for(settings())
    if as_json:
        report = check_topology(lao, engine)
        print(json.dumps(vars(report), ensure_ascii=False, indent=1))
        return
    with RichProgress(err) as progress:
        report = check_topology(lao, engine, progress=progress)
    table = Table("kind", "key", "m²", "status", "item", "message")
    for f in report.faults:
        table.add_row(
            str(f["kind"]),
            str(f["key"]),
            f"{f['area_m2']:,.2f}",
            str(f["status"]),
            str(f["review_item"]),
            str(f["message"]),
        )
    if report.faults:
        out.print(table)
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(report.counts.items())) or "no faults"
    out.print(
        f"{report.parcels:,} parcels checked in {report.seconds} s: {counts}; "
        f"{report.resolved} earlier items resolved"
    )


@topology_app.command("items")
@clean_errors
def topology_items(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    status: Annotated[str | None, typer.Option(help="open, accepted or resolved.")] = None,
) -> None:
    """List review items (import findings and topology faults) with their decisions."""
    from parcels.fabric.services import review_items

    table = Table("id", "source", "kind", "key", "status", "m²", "decision", "message")
    for r in review_items(lao, engine_for(settings()), status):
        decision = f"{r.decision_reason} ({r.reviewer})" if r.decision_reason else ""
        area = "" if r.area_m2 is None else f"{r.area_m2:,.2f}"
        table.add_row(str(r.id), r.source, r.kind, r.key, r.status, area, decision, r.message)
    out.print(table)


@topology_app.command("accept")
@clean_errors
def topology_accept(
    item: Annotated[int, typer.Argument(help="Review item id.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    reason: Annotated[str, typer.Option(help="Why this is an accepted exception.")],
    reviewer: Annotated[str, typer.Option(help="Who decided.")],
) -> None:
    """Mark a review item as an accepted exception; re-runs keep the decision."""
    from parcels.fabric.services import accept_review_item

    accept_review_item(lao, item, reason, reviewer, engine_for(settings()))
    out.print(f"review item {item} accepted by {reviewer}")


# ---- register ---------------------------------------------------------------------------------


@app.command("serve")
@clean_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Server processes (default TAXMAP_WORKERS, 1).")
    ] = None,
) -> None:
    """Serve the web app and API."""
    from web.serving import serve as run_server

    s = settings()
    engine_for(s)  # fail fast with a clear message rather than on the first request
    host, port, workers = host or s.host, port or s.port, workers or s.workers
    out.print(
        f"taxmap serving on http://{host}:{port}/  (health: http://{host}:{port}/health, "
        f"{workers} worker{'s' if workers > 1 else ''})"
    )
    run_server(host, port, workers)


def main() -> None:
    """Run the CLI."""
    app()


if __name__ == "__main__":
    main()
