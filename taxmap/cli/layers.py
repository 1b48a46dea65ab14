"""`taxmap layers …`: planning layers, overlays, planner queries and indicators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from taxmap.cli.shared import (
    clean_errors,
    cli_actor,
    engine_for,
    fail,
    out,
    parse_day,
    parse_required_day,
    settings,
)

layers_app = typer.Typer(
    no_args_is_help=True, help="Planning layers (land use, zones, flood, rasters)."
)
Lao = Annotated[str, typer.Option("--lao", help="The LAO's code.")]
Fmt = Annotated[str, typer.Option("--format", help="table, json, csv or xlsx.")]
OutFile = Annotated[Path | None, typer.Option("--out", help="Write the result to this file.")]


def _emit(rows: list[dict[str, Any]], fmt: str, out_file: Path | None, columns: list[str]) -> None:
    """Print rows as a table or JSON, or write them as CSV/XLSX/GPKG."""
    from landuse import exports

    if fmt in ("csv", "xlsx", "gpkg"):
        if out_file is None:
            raise fail(f"--format {fmt} needs --out FILE", 2)
        content, _ = exports.export(rows, fmt)
        out_file.write_bytes(content)
        out.print(f"{len(rows):,} rows written to {out_file}")
        return
    if fmt == "json":
        out.print_json(json.dumps(rows, default=str, ensure_ascii=False))
        return
    table = Table(*columns)
    for r in rows:
        table.add_row(*(str(r.get(c, "")) for c in columns))
    out.print(table)


@layers_app.command("import")
@clean_errors
def import_(
    lao: Lao,
    file: Annotated[Path, typer.Argument(help="GPKG, SHP (zipped), GeoJSON, FGB or GeoTIFF.")],
    theme: Annotated[str, typer.Option(help="ldd_landuse, plan_zone, flood_prone, land_cover …")],
    code: Annotated[str, typer.Option(help="The layer's code, e.g. ldd or cover.")],
    as_of: Annotated[str, typer.Option("--as-of", help="The layer's date, YYYY-MM-DD.")],
    class_field: Annotated[str | None, typer.Option(help="Column holding the class.")] = None,
    layer: Annotated[str | None, typer.Option(help="Layer inside a multi-layer file.")] = None,
    crs: Annotated[str | None, typer.Option(help="CRS when the file has none.")] = None,
    replace: Annotated[
        bool, typer.Option(help="Replace the layer of the same code and date.")
    ] = False,
    no_overlay: Annotated[bool, typer.Option(help="Skip the per-parcel overlay.")] = False,
) -> None:
    """Import a vector or raster planning layer (dated) and compute its parcel overlay."""
    from landuse.model import ImportLayer
    from landuse.services import import_layer

    s = settings()
    report = import_layer(
        ImportLayer(
            lao_code=lao,
            path=str(file),
            theme=theme,
            code=code,
            as_of=parse_required_day(as_of, "--as-of"),
            class_field=class_field,
            layer=layer,
            crs=crs,
            actor=cli_actor(),
            replace=replace,
        ),
        s,
        engine_for(s),
        overlay=not no_overlay,
    )
    for f in report.findings:
        out.print(f"[{f['level']}] {f['message']}", highlight=False)
    out.print(
        f"layer {report.code} of {report.as_of}: {report.kind}, {report.features:,} features "
        f"({report.rejected:,} rejected), CRS {report.source_crs}; classes "
        + ", ".join(f"{k} {v}" for k, v in report.classes.items()),
        highlight=False,
    )


@layers_app.command("list")
@clean_errors
def list_(lao: Lao, fmt: Fmt = "table") -> None:
    """List the LAO's planning layers."""
    from landuse.services import list_layers

    rows = list_layers(lao, engine_for(settings()))
    _emit(rows, fmt, None, ["code", "as_of", "kind", "theme", "crs", "features", "overlay_stale"])


@layers_app.command("overlay")
@clean_errors
def overlay(
    lao: Lao,
    code: Annotated[str | None, typer.Option(help="Only this layer.")] = None,
    stale_only: Annotated[bool, typer.Option(help="Only layers older than the fabric.")] = False,
) -> None:
    """Recompute per-parcel overlays after a layer or the fabric changed."""
    from landuse.services import refresh_overlays

    s = settings()
    done = refresh_overlays(lao, s, engine_for(s), code=code, stale_only=stale_only)
    out.print(", ".join(f"{k}: {v:,} rows" for k, v in done.items()) or "nothing to refresh")


@layers_app.command("query")
@clean_errors
def query(
    lao: Lao,
    layer: Annotated[list[str] | None, typer.Option(help="code:class1,class2[:min_share]")] = None,
    category: Annotated[list[str] | None, typer.Option(help="Declared tax category.")] = None,
    tambon: Annotated[str | None, typer.Option()] = None,
    zone: Annotated[str | None, typer.Option()] = None,
    block: Annotated[str | None, typer.Option()] = None,
    near: Annotated[str | None, typer.Option(help="Layer to measure distance from.")] = None,
    within_m: Annotated[float | None, typer.Option(help="Distance in metres.")] = None,
    fmt: Fmt = "table",
    out_file: OutFile = None,
) -> None:
    """Filter parcels by layer classes, register attributes, tax category and distance."""
    from landuse.planning import search_parcels
    from landuse.queries import parse_layer_filters

    rows = search_parcels(
        lao,
        engine_for(settings()),
        layers=parse_layer_filters(layer or []),
        near=(near, within_m if within_m is not None else -1.0) if near else None,
        categories=tuple(category or ()),
        tambon=tambon,
        zone=zone,
        block=block,
    )
    _emit(rows, fmt, out_file, ["code", "tambon", "block", "area_rai", "categories", "distance_m"])


@layers_app.command("summary")
@clean_errors
def summary(
    lao: Lao,
    layer: Annotated[str, typer.Option(help="Layer code.")],
    by: Annotated[str, typer.Option(help="tambon, zone or block.")] = "tambon",
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    fmt: Fmt = "table",
    out_file: OutFile = None,
) -> None:
    """Area of each class of a layer per tambon, zone or block (svg/png charts with --out)."""
    from landuse import exports
    from landuse.planning import class_summary, summary_chart

    rows = class_summary(lao, layer, by, engine_for(settings()), parse_day(as_of, "--as-of"))
    if fmt in ("svg", "png") and out_file is not None:
        svg = summary_chart(rows, layer)
        out_file.write_bytes(svg.encode() if fmt == "svg" else exports.svg_to_png(svg))
        out.print(f"chart written to {out_file}")
        return
    _emit(rows, fmt, out_file, ["unit", "class_code", "class_th", "area_m2", "parcels"])


@layers_app.command("mismatches")
@clean_errors
def mismatches(lao: Lao, fmt: Fmt = "table", out_file: OutFile = None) -> None:
    """Parcels whose declared use disagrees with land cover or the plan; unregistered objects."""
    from landuse.planning import mismatch_report

    report = mismatch_report(lao, engine_for(settings()))
    _emit(
        report["parcels"],
        fmt,
        out_file,
        ["parcel", "rule", "message_th", "observed_share", "tax_at_stake"],
    )
    if fmt == "table":
        out.print(
            f"{len(report['unregistered_buildings'])} buildings on the map with no register entry; "
            f"{len(report['unregistered_signs'])} signs found in the field not registered"
        )


@layers_app.command("indicators")
@clean_errors
def indicators(
    lao: Lao,
    since: Annotated[
        str | None, typer.Option(help="Farmland built over since, YYYY-MM-DD.")
    ] = None,
    fmt: Fmt = "table",
    out_file: OutFile = None,
) -> None:
    """Smart-environment indicators per tambon."""
    from landuse.planning import tambon_indicators

    s = settings()
    rows = tambon_indicators(lao, s, engine_for(s), since=parse_day(since, "--since"))
    _emit(
        rows,
        fmt,
        out_file,
        [
            "tambon",
            "residents",
            "green_m2_per_resident",
            "built_share",
            "flood_parcels",
            "flood_parcel_value",
            "farmland_built_over_m2",
        ],
    )
