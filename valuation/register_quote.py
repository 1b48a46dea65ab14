"""Build each taxpayer's quote document from the register as of 1 January, to explain the roll.

Reads the register and fabric in a handful of queries (no per-parcel round trips) and turns
each taxpayer's property into a quote-contract document; quoting one shows every line of the
working behind that taxpayer's roll assessment (the vectorised roll gives the same totals).
A taxpayer is the set of owners on record (co-owned property gets one bill, s.47); land and
the building on it are taxed to their own owners when these differ (s.48).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import NotFound
from taxmap.core.thai import normalize_year
from valuation.orm import assessments, tax_rolls
from valuation.quote import quote
from valuation.roll_repository import bind_style
from valuation.roll_services import building_price_file
from valuation.ruledata import load_building_prices
from valuation.rules.roll_pieces import contiguous_groups

SQL = Path(__file__).resolve().parent / "sql"

Key = tuple[int, ...]


def _rows(conn: Connection, name: str, params: dict[str, Any]) -> list[sa.Row[Any]]:
    return list(conn.execute(sa.text(bind_style((SQL / f"{name}.sql").read_text())), params))


def taxpayer_documents(
    conn: Connection, lao_id: int, tax_year: int, province_prices: Path
) -> tuple[dict[Key, dict[str, Any]], dict[Key, str], int, int, dict[str, str]]:
    """Build one quote document per taxpayer; also names, exempt and unpriced counts, tambons."""
    params = {"lao_id": lao_id, "as_of": date(tax_year, 1, 1), "year": tax_year}
    prices = load_building_prices(province_prices)
    parties = {r.id: r for r in _rows(conn, "roll_parties", params)}
    owners: dict[tuple[str, int], list[int]] = defaultdict(list)
    for r in _rows(conn, "roll_rights", params):
        owners[(r.object, r.object_id)].append(r.party_id)

    def key(kind: str, object_id: int) -> Key:
        return tuple(sorted(owners.get((kind, object_id), [])))

    docs: dict[Key, dict[str, Any]] = {}

    def doc(k: Key) -> dict[str, Any]:
        if k not in docs:
            individual = all(parties[p].kind == "individual" for p in k)
            docs[k] = {
                "tax_year": tax_year,
                "owner": {"kind": "individual" if individual else "juristic"},
                "land": [],
                "buildings": [],
                "signs": [],
            }
        return docs[k]

    uses: dict[int, list[sa.Row[Any]]] = defaultdict(list)
    for r in _rows(conn, "roll_land_uses", params):
        uses[r.parcel_id].append(r)
    group = contiguous_groups((r.a, r.b) for r in _rows(conn, "roll_contiguous", params))
    parcel_rows = _rows(conn, "roll_parcels", params)
    # A group is named after its first parcel's code, so its bill line ("group 01A001") can be
    # placed in that parcel's zone and tambon.
    group_name: dict[int, str] = {}
    for p in parcel_rows:
        if p.id in group:
            group_name.setdefault(group[p.id], p.code)
    exempt = unpriced = 0
    land_owner: dict[int, Key] = {}
    codes: dict[int, str] = {}
    tambon_of: dict[str, str] = {}
    for p in parcel_rows:
        codes[p.id] = p.code
        tambon_of[p.code] = p.tambon or ""
        pieces, k = uses.get(p.id, []), key("parcel", p.id)
        if not pieces or not k:
            continue
        if any(u.exemption for u in pieces):
            exempt += 1  # s.8: assessed value shown elsewhere, tax 0; not in the contract
            continue
        if p.price is None:
            unpriced += 1
            continue
        land_owner[p.id] = k
        doc(k)["land"].append(
            {
                "id": p.code,
                **({"contiguous_group": group_name[group[p.id]]} if p.id in group else {}),
                "area_sq_wah": str(sum((u.area_sq_wah for u in pieces), Decimal(0))),
                "price_per_sq_wah": str(p.price),
                "uses": [
                    {
                        "category": u.category,
                        "area_sq_wah": str(u.area_sq_wah),
                        **({"vacant_since": u.vacant_since} if u.vacant_since else {}),
                    }
                    for u in pieces
                ],
            }
        )
    building_uses: dict[int, list[sa.Row[Any]]] = defaultdict(list)
    for r in _rows(conn, "roll_building_uses", params):
        building_uses[r.building_id].append(r)
    for b in _rows(conn, "roll_buildings", params):
        k, pieces = key("building", b.id), building_uses.get(b.id, [])
        kind = prices.types.get(int(b.treasury_type or 0))
        if not k or not pieces or kind is None or any(u.exemption for u in pieces):
            continue
        entry = {
            "id": b.code,
            "price_per_sqm": str(kind.price),
            "floor_area_sqm": str(b.floor_area_m2),
            "class": b.construction_class,
            "completed_year": b.year_completed,
            "uses": [
                {"category": u.category, "floor_area_sqm": str(u.floor_area_m2)} for u in pieces
            ],
        }
        if land_owner.get(b.parcel_id) == k:
            entry["on_land"] = codes[b.parcel_id]  # same owner: one base with the land (s.35)
        doc(k)["buildings"].append(entry)
    for s in _rows(conn, "roll_signs", params):
        k = key("sign", s.id) or key("parcel", s.parcel_id)
        if not k:
            continue
        doc(k)["signs"].append(
            {
                "id": s.code,
                "type": s.sign_type,
                "moving": s.moving,
                "width_cm": str(s.width_cm),
                "height_cm": str(s.height_cm),
                "faces": s.faces,
                "first_shown": s.first_shown.isoformat(),
            }
        )
    for d in docs.values():
        _one_main_residence(d)
    names = {k: " / ".join(parties[p].name_th for p in k) for k in docs}
    return docs, names, exempt, unpriced, tambon_of


def _one_main_residence(document: dict[str, Any]) -> None:
    """Keep res_main on the first property unit with one: the exemption is one house (s.41).

    The unit is the land (or its contiguous group) with the owners' buildings on it, so a
    house and the land it stands on keep the exemption together.
    """
    unit_of_land = {
        land["id"]: land.get("contiguous_group") or f"land {land['id']}"
        for land in document["land"]
    }
    main_unit = None
    for item in [*document["land"], *document["buildings"]]:
        if "area_sq_wah" in item:
            unit = unit_of_land[item["id"]]
        else:
            unit = unit_of_land.get(item.get("on_land"), f"building {item['id']}")
        for use in item["uses"]:
            if use["category"] == "res_main":
                main_unit = main_unit or unit
                if unit != main_unit:
                    use["category"] = "res_other"


def explain_taxpayer(
    lao_code: str, tax_year: int, taxpayer_no: int, bind: Engine | Connection
) -> tuple[str, dict[str, Any]]:
    """Quote one taxpayer of the year's roll with every line of working (the roll's "why")."""
    year = normalize_year(tax_year)
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        found = uow.conn.execute(
            sa.select(assessments.c.owner_party_ids, assessments.c.owner_name)
            .join(
                tax_rolls,
                sa.and_(
                    tax_rolls.c.lao_id == assessments.c.lao_id,
                    tax_rolls.c.id == assessments.c.roll_id,
                ),
            )
            .where(
                assessments.c.lao_id == lao.id,
                tax_rolls.c.tax_year == year,
                assessments.c.taxpayer_no == taxpayer_no,
            )
        ).first()
        if found is None:
            raise NotFound(
                f"No taxpayer {taxpayer_no} on the {year} roll of {lao_code}; "
                "run taxmap roll assess first.",
                f"ไม่พบผู้เสียภาษีลำดับ {taxpayer_no} ในทะเบียนภาษีปี {year + 543} ของ {lao_code}",
            )
        docs, *_ = taxpayer_documents(uow.conn, lao.id, year, building_price_file(lao))
    document = docs.get(tuple(sorted(int(p) for p in found.owner_party_ids)))
    if document is None:  # signs only, or only exempt property: nothing for the LBT engine
        document = {"tax_year": year, "owner": {"kind": "individual"}}
    return str(found.owner_name), quote({**document, "lao": lao_code})
