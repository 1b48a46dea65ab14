"""Use cases that record what stands on a parcel: buildings, signs, condo units, trades.

Each owns its transaction, checks with parcels.register.rules (messages name the field, in
Thai and English), and appends to the audit log. Owners not given are the land's owners.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Connection, Engine

from parcels.register import record_repository as repo
from parcels.register.editing import category_of, json_ready
from parcels.register.model import Holder, NewBuilding, NewCondoUnit, NewSign, NewTrade
from parcels.register.orm import building_use_pieces, buildings, condo_units, rights, signs, trades
from parcels.register.rules import (
    check_building_use,
    check_house_registration,
    check_shares,
    check_sign_size,
    check_year_completed,
    ltax_code_for_category,
)
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput


def _holders(
    conn: Connection, lao_id: int, parcel_id: int, given: tuple[Holder, ...], on: date, label: str
) -> list[dict[str, Any]]:
    """Resolve the owners of a new building or sign: those given, else the land's."""
    if given:
        found = []
        for holder in given:
            party = repo.party_by_owner_no(conn, lao_id, holder.owner_no)
            check_house_registration(party.kind, holder.in_house_registration)
            found.append((party.id, holder))
        check_shares(label, [(h.share_num, h.share_den) for _, h in found])
        return [
            {
                "party_id": pid,
                "kind": h.kind,
                "share_num": h.share_num,
                "share_den": h.share_den,
                "in_house_registration": h.in_house_registration,
            }
            for pid, h in found
        ]
    land = repo.owners_of_parcel(conn, lao_id, parcel_id, on)
    if not land:
        raise InvalidInput(
            "owners",
            f"{label} has no owners given and its land has none on record: give the owners.",
            f"{label} ไม่ได้ระบุเจ้าของและที่ดินไม่มีเจ้าของในทะเบียน โปรดระบุเจ้าของ",
        )
    return [
        {"party_id": r.party_id, "kind": r.kind, "share_num": r.share_num, "share_den": r.share_den}
        for r in land
    ]


def add_building(
    lao_code: str, parcel_code: str, cmd: NewBuilding, bind: Engine | Connection, *, actor: str
) -> str:
    """Record a building on a parcel with its use pieces and owners; return its code."""
    year = check_year_completed(cmd.year_completed, date.today())
    on = cmd.valid_from or date.today()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        code = repo.next_object_code(uow.conn, lao.id, buildings, f"{parcel.code}-B")
        check_building_use(code, cmd.floor_area_m2, [u.area for u in cmd.uses])
        holders = _holders(uow.conn, lao.id, parcel.id, cmd.owners, on, f"building {code}")
        values = {
            "lao_id": lao.id,
            "code": code,
            "parcel_id": parcel.id,
            "house_no": cmd.house_no,
            "treasury_type": cmd.treasury_type,
            "construction_class": cmd.construction_class,
            "floors": cmd.floors,
            "floor_area_m2": cmd.floor_area_m2,
            "year_completed": year,
            "valid_from": on,
        }
        building_id = repo.insert_row(uow.conn, buildings, values)
        pieces = [
            {
                "lao_id": lao.id,
                "building_id": building_id,
                "category": (category := category_of(u.category)),
                "ltax_code": ltax_code_for_category(category),
                "floor_area_m2": u.area,
                "exemption": u.exemption,
                "valid_from": on,
            }
            for u in cmd.uses
        ]
        repo.insert_rows(uow.conn, building_use_pieces, pieces)
        repo.insert_rows(
            uow.conn,
            rights,
            [
                {**h, "lao_id": lao.id, "building_id": building_id, "valid_from": on}
                for h in holders
            ],
        )
        repo.audit(
            uow.conn,
            lao.id,
            actor,
            "create",
            "building",
            building_id,
            None,
            json_ready(values) | {"uses": [json_ready(p) for p in pieces]},
        )
        uow.commit()
    return code


def add_sign(
    lao_code: str, parcel_code: str, cmd: NewSign, bind: Engine | Connection, *, actor: str
) -> str:
    """Record a sign on a parcel; its owners are those given, else the land's; return its code."""
    check_sign_size(cmd.width_cm, cmd.height_cm, cmd.faces)
    if cmd.sign_type not in (1, 2, 3):
        raise InvalidInput(
            "sign_type",
            f"Sign type {cmd.sign_type} does not exist: 1 Thai only, 2 Thai with foreign "
            "script or pictures, 3 no Thai or Thai below the foreign script.",
            f"ไม่มีป้ายประเภท {cmd.sign_type}: 1 อักษรไทยล้วน 2 อักษรไทยปนอักษรต่างประเทศหรือภาพ "
            "3 ไม่มีอักษรไทยหรืออักษรไทยอยู่ใต้อักษรต่างประเทศ",
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        code = repo.next_object_code(uow.conn, lao.id, signs, f"{parcel.code}-S")
        holders = _holders(uow.conn, lao.id, parcel.id, cmd.owners, cmd.first_shown, f"sign {code}")
        values = {
            "lao_id": lao.id,
            "code": code,
            "parcel_id": parcel.id,
            "business_name": cmd.business_name,
            "sign_type": cmd.sign_type,
            "moving": cmd.moving,
            "width_cm": cmd.width_cm,
            "height_cm": cmd.height_cm,
            "faces": cmd.faces,
            "first_shown": cmd.first_shown,
            "valid_from": cmd.first_shown,
        }
        sign_id = repo.insert_row(uow.conn, signs, values)
        if cmd.owners:
            repo.insert_rows(
                uow.conn,
                rights,
                [
                    {**h, "lao_id": lao.id, "sign_id": sign_id, "valid_from": cmd.first_shown}
                    for h in holders
                ],
            )
        repo.audit(uow.conn, lao.id, actor, "create", "sign", sign_id, None, json_ready(values))
        uow.commit()
    return code


def add_trade(
    lao_code: str, parcel_code: str, cmd: NewTrade, bind: Engine | Connection, *, actor: str
) -> int:
    """Record a business on a parcel (or in one of its buildings); return its id."""
    for field, value, name_en, name_th in (
        ("business_name", cmd.business_name, "business name", "ชื่อกิจการ"),
        ("kind", cmd.kind, "kind of business", "ประเภทกิจการ"),
    ):
        if not value.strip():
            raise InvalidInput(field, f"The {name_en} is empty: write it.", f"ยังไม่ได้กรอก{name_th}")
    if cmd.licence_from and cmd.licence_to and cmd.licence_to < cmd.licence_from:
        raise InvalidInput(
            "licence_to",
            f"The licence ends ({cmd.licence_to}) before it starts ({cmd.licence_from}): "
            "correct the dates.",
            f"ใบอนุญาตสิ้นสุด ({cmd.licence_to}) ก่อนวันเริ่ม ({cmd.licence_from}) โปรดแก้ไขวันที่",
        )
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        operator = (
            repo.party_by_owner_no(uow.conn, lao.id, cmd.operator_owner_no).id
            if cmd.operator_owner_no is not None
            else None
        )
        building = (
            repo.building_on(uow.conn, lao.id, parcel.id, cmd.building_code)
            if cmd.building_code
            else None
        )
        values = {
            "lao_id": lao.id,
            "parcel_id": parcel.id,
            "building_id": building,
            "operator_party_id": operator,
            "business_name": cmd.business_name.strip(),
            "kind": cmd.kind.strip(),
            "licence_no": cmd.licence_no,
            "licence_from": cmd.licence_from,
            "licence_to": cmd.licence_to,
        }
        trade_id = repo.insert_row(uow.conn, trades, values)
        repo.audit(uow.conn, lao.id, actor, "create", "trade", trade_id, None, json_ready(values))
        uow.commit()
    return trade_id


def add_condo_unit(
    lao_code: str, parcel_code: str, cmd: NewCondoUnit, bind: Engine | Connection, *, actor: str
) -> int:
    """Record a condominium unit on a parcel with its owners; return its id (§2.3)."""
    if cmd.area_m2 <= 0:
        raise InvalidInput(
            "area_m2",
            f"A condominium unit's area must be more than 0 m², not {cmd.area_m2}: correct it.",
            f"พื้นที่ห้องชุดต้องมากกว่า 0 ตร.ม. ไม่ใช่ {cmd.area_m2} โปรดแก้ไข",
        )
    on = cmd.valid_from or date.today()
    label = f"condominium unit {cmd.building_name} {cmd.unit_no}"
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        parcel = repo.active_parcel(uow.conn, lao.id, parcel_code)
        if not cmd.owners:
            raise InvalidInput(
                "owners",
                f"{label} has no owners: give the owners as on the unit's title (อ.ช.2).",
                f"ห้องชุด {cmd.building_name} {cmd.unit_no} ไม่มีเจ้าของ โปรดระบุตามหนังสือกรรมสิทธิ์ห้องชุด",
            )
        holders = _holders(uow.conn, lao.id, parcel.id, cmd.owners, on, label)
        values = {
            "lao_id": lao.id,
            "parcel_id": parcel.id,
            "building_name": cmd.building_name,
            "unit_no": cmd.unit_no,
            "floor": cmd.floor,
            "area_m2": cmd.area_m2,
            "valid_from": on,
        }
        unit_id = repo.insert_row(uow.conn, condo_units, values)
        repo.insert_rows(
            uow.conn,
            rights,
            [{**h, "lao_id": lao.id, "condo_unit_id": unit_id, "valid_from": on} for h in holders],
        )
        repo.audit(
            uow.conn, lao.id, actor, "create", "condo_unit", unit_id, None, json_ready(values)
        )
        uow.commit()
    return unit_id
