"""`taxmap parcel`: edit the fabric (boundary, split, merge, retire, record) and read its past."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

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

parcel_app = typer.Typer(no_args_is_help=True, help="Edit parcels; history and time travel.")

Lao = Annotated[str, typer.Option("--lao", help="The LAO's code.")]
Reason = Annotated[str, typer.Option(help="Why the fabric changes (kept with the history).")]
Document = Annotated[str | None, typer.Option(help="Deed, survey or Land Office reference.")]
Effective = Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD; default today.")]
Version = Annotated[int, typer.Option(help="The version you edited (see `parcel history`).")]
Crs = Annotated[int | None, typer.Option(help="EPSG of the coordinates; default the LAO's.")]


def _case(reason: str, document: str | None, effective: str | None) -> Any:
    from parcels.fabric.edit_model import EditCase

    return EditCase(reason, cli_actor(), document, parse_day(effective, "--from"))


def _print(result: Any) -> None:
    for p in result.parcels:
        out.print(f"{p.code} version {p.version} {p.status} {p.area_m2:,.2f} m²", highlight=False)
    for note in result.notes:
        out.print(f"note: {note}", highlight=False)
    out.print(f"case {result.case_id}")


def _geometry(path: Path) -> Any:
    from shapely.geometry import shape

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise fail(f"{path}: not a readable GeoJSON file ({exc})", 2) from None
    if document.get("type") == "FeatureCollection":
        document = document["features"][0]
    return shape(document.get("geometry", document))


@parcel_app.command("history")
@clean_errors
def history(code: Annotated[str, typer.Argument()], lao: Lao) -> None:
    """Show every version of a parcel with its case, and its parents and children."""
    from parcels.fabric.history import parcel_history

    found = parcel_history(lao, code, engine_for(settings()))
    for v in found["versions"]:
        case = v["case"] or {}
        until = v["valid_to"] or "now"
        out.print(
            f"v{v['version']} {v['status']} {v['valid_from']} → {until} "
            f"{v['area_m2']:,.2f} m² {case.get('kind') or ''} {case.get('reason') or ''}".rstrip(),
            highlight=False,
        )
    for edge in found["parents"]:
        out.print(f"from {edge['code']} ({edge['kind']} {edge['on']})", highlight=False)
    for edge in found["children"]:
        out.print(f"to {edge['code']} ({edge['kind']} {edge['on']})", highlight=False)


@parcel_app.command("as-of")
@clean_errors
def as_of(
    lao: Lao,
    day: Annotated[str, typer.Option("--date", help="YYYY-MM-DD")],
    output: Annotated[Path, typer.Option("--out", help="GeoJSON file to write.")],
) -> None:
    """Write the fabric as it was on a day to a GeoJSON file (WGS 84)."""
    from parcels.fabric.history import fabric_as_of

    when = parse_required_day(day, "--date")
    found = fabric_as_of(lao, when, engine_for(settings()))
    output.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    out.print(f"{len(found['features']):,} parcels as of {day} written to {output}")


@parcel_app.command("boundary")
@clean_errors
def boundary(
    code: Annotated[str, typer.Argument()],
    lao: Lao,
    geometry: Annotated[Path, typer.Option(help="GeoJSON file with the new boundary.")],
    version: Version,
    reason: Reason,
    document: Document = None,
    effective: Effective = None,
    crs: Crs = 4326,
) -> None:
    """Replace a parcel's boundary; it is snapped to the neighbours and checked against them."""
    from parcels.fabric.edit_model import Adjustment
    from parcels.fabric.editing import replace_boundary

    edit = Adjustment(code, _geometry(geometry), version)
    _print(
        replace_boundary(
            lao, edit, _case(reason, document, effective), engine_for(settings()), srid_in=crs
        )
    )


@parcel_app.command("create")
@clean_errors
def create(
    lao: Lao,
    block: Annotated[str, typer.Option(help="The block's code, e.g. 01A.")],
    geometry: Annotated[Path, typer.Option(help="GeoJSON file with the parcel's boundary.")],
    reason: Reason,
    document: Document = None,
    effective: Effective = None,
    crs: Crs = 4326,
) -> None:
    """Add a parcel to a block; it takes the block's next lot code."""
    from parcels.fabric.edit_records import create_parcel

    case = _case(reason, document, effective)
    _print(
        create_parcel(
            lao, block, _geometry(geometry), {}, case, engine_for(settings()), srid_in=crs
        )
    )


@parcel_app.command("split")
@clean_errors
def split(
    code: Annotated[str, typer.Argument()],
    lao: Lao,
    line: Annotated[str, typer.Option(help="'x1 y1, x2 y2[, ...]' across the parcel.")],
    version: Version,
    reason: Reason,
    document: Document = None,
    effective: Effective = None,
    crs: Crs = None,
) -> None:
    """Split a parcel by a line drawn across it; children get the block's next lot codes."""
    from shapely import wkt
    from shapely.errors import ShapelyError

    from parcels.fabric.editing import split_parcel

    try:
        drawn = wkt.loads(f"LINESTRING ({line})")
    except ShapelyError:
        raise fail(f"--line '{line}': write coordinates as 'x1 y1, x2 y2'", 2) from None
    case = _case(reason, document, effective)
    _print(split_parcel(lao, code, drawn, version, case, engine_for(settings()), srid_in=crs))


@parcel_app.command("merge")
@clean_errors
def merge(
    parcels: Annotated[list[str], typer.Argument(help="CODE@VERSION of each parcel.")],
    lao: Lao,
    reason: Reason,
    document: Document = None,
    effective: Effective = None,
    force_reason: Annotated[
        str | None, typer.Option("--force", help="Reason to merge despite different owners.")
    ] = None,
) -> None:
    """Merge adjacent parcels of one block into one with a new lot code."""
    from parcels.fabric.editing import merge_parcels

    versions = {}
    for item in parcels:
        code, _, number = item.partition("@")
        if not number.isdigit():
            raise fail(f"'{item}': write each parcel as CODE@VERSION, e.g. 01A001@1", 2)
        versions[code] = int(number)
    case = _case(reason, document, effective)
    _print(merge_parcels(lao, versions, case, engine_for(settings()), force_reason=force_reason))


@parcel_app.command("retire")
@clean_errors
def retire(
    code: Annotated[str, typer.Argument()],
    lao: Lao,
    version: Version,
    reason: Reason,
    document: Document = None,
    effective: Effective = None,
) -> None:
    """Retire a parcel; its code is never used again."""
    from parcels.fabric.edit_records import retire_parcel

    case = _case(reason, document, effective)
    _print(retire_parcel(lao, code, version, case, engine_for(settings())))


@parcel_app.command("set")
@clean_errors
def set_record(
    code: Annotated[str, typer.Argument()],
    changes: Annotated[list[str], typer.Argument(help="FIELD=VALUE, e.g. note='fenced'")],
    lao: Lao,
    version: Version,
    reason: Reason,
    document: Document = None,
    effective: Effective = None,
) -> None:
    """Change a parcel's record (document, address, legal area) as a new version."""
    from parcels.fabric.edit_records import change_attributes

    values = {}
    for item in changes:
        name, sep, value = item.partition("=")
        if not sep:
            raise fail(f"'{item}': write FIELD=VALUE", 2)
        values[name] = value
    case = _case(reason, document, effective)
    _print(change_attributes(lao, code, version, values, case, engine_for(settings())))
