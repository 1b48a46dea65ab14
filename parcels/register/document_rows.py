"""Register records shaped as the printed rows of documents: every value already text. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from parcels.register.document_labels import (
    CONSTRUCTION_CLASSES,
    DASH,
    HOW_USED,
    LIST_USE_COLUMNS,
    PARTY_KINDS,
    RIGHT_KINDS,
    direction,
    distance,
    document_name,
    location,
    number,
    rai_ngan_wah,
    share,
    square_metres,
    text_or_dash,
)
from taxmap.core.thai import format_thai_date, to_buddhist_year
from valuation.rules.model import CATEGORY_TH

Item = Mapping[str, Any]
Row = dict[str, Any]
USE_COLUMNS = ("agri", "residential", "other", "vacant")


def letterhead(name_th: str, name_en: str, district_th: str | None, province_th: str | None) -> Row:
    """Return the LAO's letterhead: Thai and English names, district and province."""
    where = (("อำเภอ", district_th), ("จังหวัด", province_th))
    place = " ".join(f"{prefix}{name}" for prefix, name in where if name)
    return {"name_th": name_th, "name_en": name_en, "place": place}


def owner_row(party: Any) -> Row:
    """Return an owner's printed details: number (ผ.ท.4), names, kind, ID and address."""
    return {
        "owner_no": str(party.owner_no),
        "name_th": party.name_th,
        "name_en": party.name_en or "",
        "kind": PARTY_KINDS.get(party.kind, DASH),
        "id": text_or_dash(party.national_id or party.juristic_id),
        "address": text_or_dash(party.current_address or party.registered_address),
    }


def parcel_area(row: Item) -> tuple[Decimal, bool]:
    """Return a parcel's area in square wah (the deed's, else the map's) and if from the map."""
    legal = row["legal_area_sq_wah"]
    return (legal, False) if legal is not None else (row["drawn_sq_wah"], True)


def land_row(n: int, row: Item, uses: Sequence[Item]) -> Row:
    """Return a land item: document, numbers, location, area (a map area marked *), share, uses."""
    area, from_map = parcel_area(row)
    return {
        "no": str(n),
        "code": row["code"],
        "document": document_name(row["document_type"]),
        "document_no": text_or_dash(row["document_no"]),
        "land_no": text_or_dash(row["land_no"]),
        "survey_page": text_or_dash(row["survey_page"]),
        "location": location(row["village_no"], row["tambon"]),
        "area": rai_ngan_wah(area) + ("*" if from_map else ""),
        "area_m2": square_metres(area),
        "right": RIGHT_KINDS.get(row["right"], DASH),
        "share": share(row["share_num"], row["share_den"]),
        "uses": _uses_text(uses, "area_sq_wah", "ตร.ว."),
    }


def land_total(land: Sequence[Item]) -> Row:
    """Return the number of parcels and their whole area."""
    total = sum((parcel_area(r)[0] for r in land), Decimal(0))
    return {"count": str(len(land)), "area": rai_ngan_wah(total), "area_m2": square_metres(total)}


def building_row(n: int, row: Item, uses: Sequence[Item], holders: Sequence[Item] = ()) -> Row:
    """Return a building: code, house number, Treasury type, class, area, year (B.E.), uses."""
    year = row["year_completed"]
    return {
        "no": str(n),
        "code": row["code"],
        "house_no": text_or_dash(row["house_no"]),
        "parcel": text_or_dash(row["parcel_code"]),
        "type": text_or_dash(row["treasury_type"]),
        "class": CONSTRUCTION_CLASSES.get(row["construction_class"], DASH),
        "floors": text_or_dash(row["floors"]),
        "area_m2": number(row["floor_area_m2"]),
        "year": str(to_buddhist_year(year)) if year else DASH,
        "share": share(row["share_num"], row["share_den"]) if "share_num" in row else DASH,
        "uses": _uses_text(uses, "floor_area_m2", "ตร.ม."),
        "holders": holders_text(holders),
    }


def sign_row(n: int, row: Item, holders: Sequence[Item] = ()) -> Row:
    """Return a sign: code, text, type (and moving), size in cm, faces, date first shown."""
    shown: date | None = row["first_shown"]
    return {
        "no": str(n),
        "code": row["code"],
        "parcel": text_or_dash(row["parcel_code"]),
        "business": text_or_dash(row["business_name"]),
        "type": f"{row['sign_type']}" + (" เคลื่อนที่" if row["moving"] else ""),
        "size": f"{_plain(row['width_cm'])} x {_plain(row['height_cm'])}",
        "faces": str(row["faces"]),
        "first_shown": format_thai_date(shown) if shown else DASH,
        "share": share(row["share_num"], row["share_den"]) if "share_num" in row else DASH,
        "holders": holders_text(holders),
    }


def holder_row(h: Item) -> Row:
    """Return a holder of a parcel: owner number, name, kind of person, right and share."""
    return {
        "owner_no": str(h["owner_no"]),
        "name_th": h["name_th"],
        "kind": PARTY_KINDS.get(h["party_kind"], DASH),
        "right": RIGHT_KINDS.get(h["right"], DASH),
        "share": share(h["share_num"], h["share_den"]),
    }


def holders_text(holders: Sequence[Item]) -> str:
    """Write holders on one line: "13 นางสมใจ ผิวขาว (1/2); 14 …"."""
    return "; ".join(
        f"{h['owner_no']} {h['name_th']} ({share(h['share_num'], h['share_den'])})" for h in holders
    )


def use_row(u: Item) -> Row:
    """Return a land-use piece: category name, LTAX code, area (ตร.ว.), how used, crop."""
    return {
        "category": CATEGORY_TH[u["category"]],
        "ltax_code": text_or_dash(u["ltax_code"]),
        "area": number(u["area_sq_wah"]),
        "how_used": HOW_USED.get(u["how_used"], DASH),
        "crop": text_or_dash(u["crop"]),
    }


def neighbour_row(n: Item) -> Row:
    """Return a neighbour: code, compass point from the parcel, distance or ติดกัน."""
    return {
        "code": n["code"],
        "direction": direction(n["azimuth"]),
        "distance": distance(n["distance"]),
    }


def use_sums(uses: Sequence[Item], field: str) -> dict[str, Decimal]:
    """Sum use pieces into the ภ.ด.ส.3 columns: agri, residential, other, vacant."""
    sums: dict[str, Decimal] = {}
    for u in uses:
        column = LIST_USE_COLUMNS[u["category"]]
        sums[column] = sums.get(column, Decimal(0)) + u[field]
    return sums


def use_columns(sums: Mapping[str, Decimal]) -> Row:
    """Print ภ.ด.ส.3 use columns (use_agri, …), empty where there is no such use."""
    return {f"use_{c}": number(sums[c]) if c in sums else "" for c in USE_COLUMNS}


def add_sums(all_sums: Sequence[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """Add up ภ.ด.ส.3 use columns over several items."""
    total: dict[str, Decimal] = {}
    for sums in all_sums:
        for column, value in sums.items():
            total[column] = total.get(column, Decimal(0)) + value
    return total


def land_record(p: Item) -> list[list[str]]:
    """Return a parcel's land record as (label, value) pairs, areas (label, value, "wide")."""
    sheet = " ".join(v for v in (p["sheet_50k"], p["sheet_quadrant"], p["sheet_4000"]) if v)
    if sheet and p["sub_sheet"]:
        sheet += f"-{p['sub_sheet']}"
    volume = " / ".join(v for v in (p["volume"], p["page"]) if v)
    street = " / ".join(v for v in (p["road"], p["alley"]) if v)
    return [
        ["เอกสารสิทธิ์", document_name(p["document_type"])],
        ["เลขที่เอกสารสิทธิ์", text_or_dash(p["document_no"])],
        ["เลขที่ดิน", text_or_dash(p["land_no"])],
        ["หน้าสำรวจ", text_or_dash(p["survey_page"])],
        ["ระวาง", text_or_dash(sheet)],
        ["เล่ม / หน้า", text_or_dash(volume)],
        ["ที่ตั้ง", location(p["village_no"], p["tambon"], p["amphoe"])],
        ["ถนน / ซอย", text_or_dash(street)],
        ["เนื้อที่ตามเอกสารสิทธิ์", _area_text(p["legal_area_sq_wah"]), "wide"],
        ["เนื้อที่จากแผนที่", _area_text(p["drawn_sq_wah"]), "wide"],
    ]


def _area_text(sq_wah: Decimal | None) -> str:
    if sq_wah is None:
        return DASH
    return f"{rai_ngan_wah(sq_wah)} ไร่-งาน-ตร.ว. ({square_metres(sq_wah)} ตร.ม.)"


def _uses_text(uses: Sequence[Item], field: str, unit: str) -> str:
    return (
        "; ".join(f"{CATEGORY_TH[u['category']]} {number(u[field])} {unit}" for u in uses) or DASH
    )


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
