"""Printed register documents as PDF: an owner's register, a parcel sheet, the ภ.ด.ส.3 list.

Each service reads the register as it stood on a day in one unit of work (read only: nothing
to commit), shapes it as printed text (B.E. dates, ไร่-งาน-ตร.ว. beside m², Thai names) and
renders a Typst template from parcels/register/templates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection, Engine

from parcels.register import document_repository as repo
from parcels.register import document_rows as rows
from parcels.register.document_labels import DASH, number, text_or_dash
from parcels.register.document_map import Box, frame, map_svg
from parcels.register.record_repository import party_by_owner_no
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.core.pdf import render_pdf
from taxmap.core.thai import format_thai_date, normalize_year, to_buddhist_year
from valuation.rules.depreciation import building_age

TEMPLATES = Path(__file__).parent / "templates"
NEIGHBOUR_DISTANCE_M = 60.0
OWNER_MAP_LABELS = 30  # the owner's map names their parcels up to this many
OWNER_MAP_ALL_PARCELS_M = 1200.0  # and draws every parcel when it is at most this wide
ROAD_NAMES_M = 1500.0  # road names are printed on maps at most this wide

Item = dict[str, Any]


def owner_register_pdf(
    lao_code: str, owner_no: int, bind: Engine | Connection, *, on: date | None = None
) -> bytes:
    """Print an owner's register (ผ.ท.4): land, buildings and signs held on a day, with a map."""
    day = on or date.today()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        party = party_by_owner_no(uow.conn, lao.id, owner_no)
        held = _holdings(uow.conn, lao.id, party.id, day)
        ids = [r["id"] for r in held["land"]]
        ids += [r["parcel_id"] for r in (*held["buildings"], *held["signs"]) if r["parcel_id"]]
        svg = _owner_map(uow.conn, lao, list(dict.fromkeys(ids)), day)
    land_uses, building_uses = held["land_uses"], held["building_uses"]
    data = {
        "lao": _letterhead(lao),
        "as_of": format_thai_date(day),
        "owner": rows.owner_row(party),
        "map_svg": svg,
        "land": [
            rows.land_row(n, r, land_uses.get(r["id"], [])) for n, r in _numbered(held["land"])
        ],
        "land_total": rows.land_total(held["land"]),
        "buildings": [
            rows.building_row(n, b, building_uses.get(b["id"], []))
            for n, b in _numbered(held["buildings"])
        ],
        "signs": [rows.sign_row(n, s) for n, s in _numbered(held["signs"])],
    }
    return render_pdf(TEMPLATES / "owner_register.typ", data)


def parcel_sheet_pdf(
    lao_code: str, parcel_code: str, bind: Engine | Connection, *, on: date | None = None
) -> bytes:
    """Print a parcel's sheet: land record, map extract with neighbours, owners, uses, buildings."""
    day = on or date.today()
    with UnitOfWork(bind) as uow:
        conn = uow.conn
        lao = get_lao(conn, lao_code)
        parcel = repo.parcel_on(conn, lao.id, parcel_code, day)
        pid = parcel["id"]
        owners = repo.holders(conn, lao.id, "parcel_id", [pid], day).get(pid, [])
        uses = repo.land_uses(conn, lao.id, [pid], day).get(pid, [])
        built = repo.buildings_of(conn, lao.id, day, parcel_id=pid)
        b_ids = [b["id"] for b in built]
        b_uses = repo.building_uses(conn, lao.id, b_ids, day)
        b_owners = repo.holders(conn, lao.id, "building_id", b_ids, day)
        shown = repo.signs_of(conn, lao.id, day, parcel_id=pid)
        s_owners = repo.holders(conn, lao.id, "sign_id", [s["id"] for s in shown], day)
        near = repo.neighbours(conn, lao.id, pid, NEIGHBOUR_DISTANCE_M, day)
        svg = _parcel_map(conn, lao, pid, near, day)
    data = {
        "lao": _letterhead(lao),
        "as_of": format_thai_date(day),
        "code": parcel["code"],
        "block": text_or_dash(parcel["block_code"]),
        "record": rows.land_record(parcel),
        "map_svg": svg,
        "neighbour_distance": f"{NEIGHBOUR_DISTANCE_M:.0f}",
        "neighbours": [rows.neighbour_row(n) for n in near],
        "owners": [rows.holder_row(h) for h in owners],
        "uses": [rows.use_row(u) for u in uses],
        "buildings": [
            rows.building_row(n, b, b_uses.get(b["id"], []), b_owners.get(b["id"], []))
            for n, b in _numbered(built)
        ],
        "signs": [rows.sign_row(n, s, s_owners.get(s["id"], [])) for n, s in _numbered(shown)],
    }
    return render_pdf(TEMPLATES / "parcel_sheet.typ", data)


def land_list_pdf(lao_code: str, owner_no: int, tax_year: int, bind: Engine | Connection) -> bytes:
    """Print a taxpayer's list of land and buildings (ภ.ด.ส.3, tax-rules.md §4) on 1 January."""
    year = normalize_year(tax_year)
    if not 1900 <= year <= 2300:
        raise InvalidInput(
            "year",
            f"{tax_year} is not a tax year: give it in B.E. (2569) or C.E. (2026).",
            f"{tax_year} ไม่ใช่ปีภาษี โปรดระบุเป็น พ.ศ. (2569) หรือ ค.ศ. (2026)",
        )
    day = date(year, 1, 1)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        party = party_by_owner_no(uow.conn, lao.id, owner_no)
        held = _holdings(uow.conn, lao.id, party.id, day)
    land, land_sums, item_of_parcel = [], [], dict[int, str]()
    for n, r in _numbered(held["land"]):
        uses = held["land_uses"].get(r["id"], [])
        land_sums.append(rows.use_sums(uses, "area_sq_wah"))
        land.append(rows.land_row(n, r, uses) | rows.use_columns(land_sums[-1]))
        item_of_parcel.setdefault(r["id"], str(n))
    built, built_sums = [], []
    for n, b in _numbered(held["buildings"]):
        uses = held["building_uses"].get(b["id"], [])
        built_sums.append(rows.use_sums(uses, "floor_area_m2"))
        completed = b["year_completed"]
        age = building_age(completed, year, "tax_year_minus_completion_year") if completed else None
        built.append(
            rows.building_row(n, b, uses)
            | rows.use_columns(built_sums[-1])
            | {"age": DASH if age is None else str(age)}
            | {"land_item": item_of_parcel.get(b["parcel_id"], DASH)}
        )
    floor_area = sum((b["floor_area_m2"] or Decimal(0) for b in held["buildings"]), Decimal(0))
    data = {
        "lao": _letterhead(lao),
        "tax_year": str(to_buddhist_year(year)),
        "as_of": format_thai_date(day),
        "owner": rows.owner_row(party),
        "land": land,
        "land_total": rows.land_total(held["land"]) | rows.use_columns(rows.add_sums(land_sums)),
        "buildings": built,
        "buildings_total": {"area_m2": number(floor_area)}
        | rows.use_columns(rows.add_sums(built_sums)),
    }
    return render_pdf(TEMPLATES / "land_list.typ", data)


def _holdings(conn: Connection, lao_id: int, party_id: int, day: date) -> dict[str, Any]:
    """Read what a party holds on a day, with the use pieces of its land and buildings."""
    land = repo.land_held(conn, lao_id, party_id, day)
    built = repo.buildings_of(conn, lao_id, day, party_id=party_id)
    return {
        "land": land,
        "land_uses": repo.land_uses(conn, lao_id, [r["id"] for r in land], day),
        "buildings": built,
        "building_uses": repo.building_uses(conn, lao_id, [b["id"] for b in built], day),
        "signs": repo.signs_of(conn, lao_id, day, party_id=party_id),
    }


def _owner_map(conn: Connection, lao: Any, parcel_ids: list[int], day: date) -> str | None:
    """Draw the owner's parcels (marked) among blocks and roads, and every parcel near them."""
    extent = repo.extent(conn, lao.id, parcel_ids, day) if parcel_ids else None
    if extent is None:
        return None
    margin = max(40.0, 0.08 * max(extent.width, extent.height))
    box = frame(extent, margin=margin, aspect=2.2, min_width=250.0)
    shapes = repo.map_shapes(
        conn,
        lao.id,
        lao.srid,
        box,
        day,
        layers=dict.fromkeys(parcel_ids, "held"),
        all_parcels=box.width <= OWNER_MAP_ALL_PARCELS_M,
    )
    named = len(parcel_ids) <= OWNER_MAP_LABELS
    for shape in shapes:
        held = shape["layer"] == "held"
        shape["marker"] = held
        if not (held and named) and not _road_named(shape, box):
            shape["label"] = None
    return map_svg(box, shapes, label_size=0.016)


def _parcel_map(conn: Connection, lao: Any, parcel_id: int, near: list[Item], day: date) -> str:
    """Draw a parcel with every parcel within the neighbour distance named, and roads, blocks."""
    extent = repo.extent(conn, lao.id, [parcel_id], day)
    assert extent is not None  # the parcel was just read as in force on this day
    box = frame(extent, margin=NEIGHBOUR_DISTANCE_M, aspect=1.6, min_width=150.0)
    layers = {n["id"]: "neighbour" for n in near} | {parcel_id: "subject"}
    shapes = repo.map_shapes(conn, lao.id, lao.srid, box, day, layers=layers, all_parcels=True)
    for shape in shapes:
        if shape["layer"] not in ("subject", "neighbour") and not _road_named(shape, box):
            shape["label"] = None
    return map_svg(box, shapes, label_size=0.014)


def _road_named(shape: Item, box: Box) -> bool:
    return shape["layer"] == "road" and box.width <= ROAD_NAMES_M


def _numbered(rows: list[Item]) -> list[tuple[int, Item]]:
    return list(enumerate(rows, start=1))


def _letterhead(lao: Any) -> dict[str, Any]:
    return rows.letterhead(lao.name_th, lao.name_en, lao.district_th, lao.province_th)
