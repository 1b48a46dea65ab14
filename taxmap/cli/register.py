"""`taxmap register`: the property register's owners, buildings, signs and land use."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
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

register_app = typer.Typer(no_args_is_help=True, help="The property register: owners, rights.")


@register_app.command("search")
@clean_errors
def register_search(
    query: Annotated[str, typer.Argument(help="Name, ID, owner no., parcel code, deed, house no.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    limit: Annotated[int, typer.Option(help="Results per page.")] = 20,
    page: Annotated[int, typer.Option(help="Page number, from 1.")] = 1,
) -> None:
    """Find owners (Thai or English names, tolerant of spacing and tone-mark slips)."""
    from parcels.register.services import search_owners

    found = search_owners(
        lao, query, engine_for(settings()), limit=limit, offset=(max(page, 1) - 1) * limit
    )
    table = Table("ผ.ท.4", "kind", "name (th)", "name (en)", "ID", "address")
    for o in found.owners:
        table.add_row(
            str(o.owner_no),
            o.kind,
            o.name_th,
            o.name_en or "",
            o.national_id or o.juristic_id or "",
            o.address or "",
        )
    out.print(table)
    out.print(
        f"{found.total:,} found; showing {found.offset + 1}-{found.offset + len(found.owners)}"
    )


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    """Split NAME=VALUE options, failing with the option named."""
    pairs = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise fail(f"{option} '{value}': write it as NAME=VALUE, e.g. agri=300", 2)
        pairs.append((name.strip(), rest.strip()))
    return pairs


def _uses(values: list[str], option: str) -> tuple[Any, ...]:
    from parcels.register.model import UsePieceInput

    pieces = []
    for category, area in _pairs(values, option):
        try:
            pieces.append(UsePieceInput(category, Decimal(area)))
        except InvalidOperation:
            raise fail(f"{option} {category}={area}: the area is not a number", 2) from None
    return tuple(pieces)


def _holders(values: list[str]) -> tuple[Any, ...]:
    """Parse --owner 12 or --owner 12:1/2 (owner number and share)."""
    from parcels.register.model import Holder

    holders = []
    for value in values:
        number, _, share = value.partition(":")
        num, _, den = (share or "1/1").partition("/")
        if not (number.isdigit() and num.isdigit() and den.isdigit()):
            raise fail(f"--owner '{value}': write the owner number and share, e.g. 12:1/2", 2)
        holders.append(Holder(int(number), int(num), int(den)))
    return tuple(holders)


@register_app.command("owner-add")
@clean_errors
def owner_add(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    name_th: Annotated[str, typer.Option("--name-th", help="Name as on the ID card or deed.")],
    kind: Annotated[str, typer.Option(help="individual, juristic, state, religious, other.")] = (
        "individual"
    ),
    national_id: Annotated[str | None, typer.Option("--national-id")] = None,
    juristic_id: Annotated[str | None, typer.Option("--juristic-id")] = None,
    name_en: Annotated[str | None, typer.Option("--name-en")] = None,
    address: Annotated[str | None, typer.Option(help="Current address.")] = None,
) -> None:
    """Register an owner and print their new owner number (ผ.ท.4)."""
    from parcels.register.editing import create_owner
    from parcels.register.model import NewOwner

    owner = NewOwner(
        kind=kind,
        name_th=name_th,
        national_id=national_id,
        juristic_id=juristic_id,
        name_en=name_en,
        current_address=address,
    )
    number = create_owner(lao, owner, engine_for(settings()), actor=cli_actor())
    out.print(f"owner number {number}: {name_th}", highlight=False)


@register_app.command("owner")
@clean_errors
def owner_show(
    owner_no: Annotated[int, typer.Argument(help="The owner number (ผ.ท.4).")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show an owner with the parcels, buildings and signs they hold today."""
    from parcels.register.editing import owner_record

    record = owner_record(lao, owner_no, engine_for(settings()))
    if as_json:
        print(json.dumps(record, ensure_ascii=False, indent=1))
        return
    out.print(f"{record['owner_no']}: {record['name_th']} ({record['kind']})", highlight=False)
    for key in ("parcels", "buildings", "signs"):
        for item in record[key]:
            share = f"{item['share_num']}/{item['share_den']}"
            out.print(f"  {key[:-1]} {item['code']} share {share}", highlight=False)


@register_app.command("owner-set")
@clean_errors
def owner_set(
    owner_no: Annotated[int, typer.Argument(help="The owner number (ผ.ท.4).")],
    changes: Annotated[list[str], typer.Argument(help="FIELD=VALUE, e.g. phone=044-123456")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
) -> None:
    """Change an owner's details (names, IDs, addresses, phone)."""
    from parcels.register.editing import update_owner

    update_owner(
        lao, owner_no, dict(_pairs(changes, "change")), engine_for(settings()), actor=cli_actor()
    )
    out.print(f"owner number {owner_no} changed")


@register_app.command("building-add")
@clean_errors
def building_add(
    parcel: Annotated[str, typer.Argument(help="The parcel code, e.g. 01A001.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    treasury_type: Annotated[int, typer.Option("--type", help="Treasury building type code.")],
    construction: Annotated[str, typer.Option("--class", help="concrete, half_wood or wood.")],
    floor_area: Annotated[str, typer.Option("--floor-area", help="Floor area in m².")],
    year: Annotated[int, typer.Option(help="Year completed (B.E. or C.E.).")],
    use: Annotated[list[str], typer.Option(help="CATEGORY=M2 (or LTAX code), repeatable.")],
    owner: Annotated[
        list[str] | None, typer.Option(help="OWNER_NO[:NUM/DEN]; default the land's.")
    ] = None,
    house_no: Annotated[str | None, typer.Option("--house-no")] = None,
) -> None:
    """Record a building on a parcel; print its code."""
    from parcels.register.model import NewBuilding
    from parcels.register.structures import add_building

    try:
        area = Decimal(floor_area)
    except InvalidOperation:
        raise fail(f"--floor-area '{floor_area}' is not a number of m²", 2) from None
    building = NewBuilding(
        treasury_type=treasury_type,
        construction_class=construction,
        floor_area_m2=area,
        year_completed=year,
        uses=_uses(use, "--use"),
        owners=_holders(owner or []),
        house_no=house_no,
    )
    code = add_building(lao, parcel, building, engine_for(settings()), actor=cli_actor())
    out.print(f"building {code} recorded")


@register_app.command("sign-add")
@clean_errors
def sign_add(
    parcel: Annotated[str, typer.Argument(help="The parcel code, e.g. 01A001.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    sign_type: Annotated[int, typer.Option("--type", help="1, 2 or 3 (rule book §3.2).")],
    width: Annotated[str, typer.Option(help="Width in cm.")],
    height: Annotated[str, typer.Option(help="Height in cm.")],
    first_shown: Annotated[str, typer.Option("--first-shown", help="YYYY-MM-DD.")],
    faces: Annotated[int, typer.Option(help="Faces showing content.")] = 1,
    moving: Annotated[bool, typer.Option(help="Moving or changing content.")] = False,
    owner: Annotated[
        list[str] | None, typer.Option(help="OWNER_NO[:NUM/DEN]; default the land's.")
    ] = None,
) -> None:
    """Record a sign on a parcel; print its code."""
    from parcels.register.model import NewSign
    from parcels.register.structures import add_sign

    try:
        sign = NewSign(
            sign_type=sign_type,
            width_cm=Decimal(width),
            height_cm=Decimal(height),
            first_shown=date.fromisoformat(first_shown),
            faces=faces,
            moving=moving,
            owners=_holders(owner or []),
        )
    except (InvalidOperation, ValueError):
        raise fail("--width and --height are cm, --first-shown is YYYY-MM-DD", 2) from None
    code = add_sign(lao, parcel, sign, engine_for(settings()), actor=cli_actor())
    out.print(f"sign {code} recorded")


@register_app.command("land-use")
@clean_errors
def land_use(
    parcel: Annotated[str, typer.Argument(help="The parcel code, e.g. 01A001.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    effective: Annotated[str, typer.Option("--from", help="YYYY-MM-DD the use starts.")],
    use: Annotated[list[str], typer.Option(help="CATEGORY=SQ_WAH (or LTAX code), repeatable.")],
) -> None:
    """Replace a parcel's land-use pieces from a date (they must cover its area)."""
    from parcels.register.editing import set_land_use

    day = parse_required_day(effective, "--from")
    count = set_land_use(
        lao, parcel, _uses(use, "--use"), day, engine_for(settings()), actor=cli_actor()
    )
    out.print(f"{parcel}: {count} land-use pieces from {day}")


@register_app.command("land-record")
@clean_errors
def land_record(
    parcel: Annotated[str, typer.Argument(help="The parcel code, e.g. 01A001.")],
    fields: Annotated[
        list[str],
        typer.Argument(
            help="FIELD=VALUE: document_type (1-13), document_no, land_no, survey_page, volume,"
            " page, sheet ('5540 III 3432'), legal_area ('1-2-50.5')"
        ),
    ],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
) -> None:
    """Record a parcel's land document, map sheet and legal area in rai-ngan-wah."""
    from parcels.register.editing import set_land_record

    saved = set_land_record(
        lao, parcel, dict(_pairs(fields, "field")), engine_for(settings()), actor=cli_actor()
    )
    out.print(", ".join(f"{k} {v}" for k, v in saved.items()), highlight=False)


print_app = typer.Typer(no_args_is_help=True, help="Print register documents as PDF.")
register_app.add_typer(print_app, name="print")


def _write_pdf(content: bytes, path: Path) -> None:
    """Write a PDF and say where it went."""
    path.write_bytes(content)
    out.print(f"{path} ({len(content):,} bytes)", highlight=False)


@print_app.command("owner")
@clean_errors
def print_owner(
    owner_no: Annotated[int, typer.Argument(help="The owner number (ผ.ท.4).")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="The PDF file to write.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Day to read, YYYY-MM-DD.")] = None,
) -> None:
    """Print an owner's property register (land, buildings, signs, map) as PDF."""
    from parcels.register.documents import owner_register_pdf

    pdf = owner_register_pdf(lao, owner_no, engine_for(settings()), on=parse_day(on, "--on"))
    _write_pdf(pdf, out_file or Path(f"register-{lao}-{owner_no}.pdf"))


@print_app.command("parcel")
@clean_errors
def print_parcel(
    parcel: Annotated[str, typer.Argument(help="The parcel code, e.g. 01A001.")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="The PDF file to write.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Day to read, YYYY-MM-DD.")] = None,
) -> None:
    """Print a parcel's sheet (record, map with neighbours, owners, uses, buildings) as PDF."""
    from parcels.register.documents import parcel_sheet_pdf

    pdf = parcel_sheet_pdf(lao, parcel, engine_for(settings()), on=parse_day(on, "--on"))
    _write_pdf(pdf, out_file or Path(f"sheet-{lao}-{parcel.replace('/', '-')}.pdf"))


@print_app.command("land-list")
@clean_errors
def print_land_list(
    owner_no: Annotated[int, typer.Argument(help="The owner number (ผ.ท.4).")],
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    year: Annotated[int, typer.Option("--year", help="Tax year, B.E. (2569) or C.E.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="The PDF file to write.")] = None,
) -> None:
    """Print a taxpayer's list of land and buildings (ภ.ด.ส.3) as of 1 January as PDF."""
    from parcels.register.documents import land_list_pdf

    pdf = land_list_pdf(lao, owner_no, year, engine_for(settings()))
    _write_pdf(pdf, out_file or Path(f"land-list-{lao}-{owner_no}-{year}.pdf"))
