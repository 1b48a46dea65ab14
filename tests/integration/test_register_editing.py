"""Register records one at a time: owners with their numbers, buildings, signs, land use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from shapely.geometry import box
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import bulk
from parcels.register.editing import (
    create_owner,
    owner_record,
    set_land_use,
    update_owner,
)
from parcels.register.model import Holder, NewBuilding, NewOwner, NewSign, UsePieceInput
from parcels.register.structures import add_building, add_sign
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao
from taxmap.admin.services import create_lao
from taxmap.core.errors import AlreadyExists, InvalidInput, NotFound
from taxmap.core.settings import Settings

SOMCHAI_ID = "1101700203450"  # a valid checksum
X, Y = 230_000.0, 1_730_000.0


@pytest.fixture
def lao(conn: Connection) -> Connection:
    """An LAO with parcel 01A001 (40 x 40 m = 400 sq wah, legal area 400 sq wah)."""
    lao_id = create_lao(CreateLao("REG", "ทดสอบทะเบียน", "Register", 32648), conn)
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [
            {
                "code": "01A001",
                "geom": box(X, Y, X + 40, Y + 40),
                "valid_from": "2020-01-01",
                "legal_area_sq_wah": Decimal("400.00"),
            }
        ],
    )
    return conn


def owner(name: str = "นายสมชาย ใจดี", national_id: str | None = SOMCHAI_ID) -> NewOwner:
    return NewOwner(kind="individual", name_th=name, national_id=national_id, name_en="Somchai")


def test_owners_get_the_next_number_and_every_change_is_audited(lao: Connection) -> None:
    first = create_owner("REG", owner(), lao, actor="clerk")
    second = create_owner(
        "REG",
        NewOwner(kind="juristic", name_th="บริษัท ก จำกัด", juristic_id="0105556001234"),
        lao,
        actor="clerk",
    )
    assert (first, second) == (1, 2)
    update_owner("REG", 1, {"phone": "044-123456"}, lao, actor="head")
    record = owner_record("REG", 1, lao)
    assert (record["owner_no"], record["name_th"], record["phone"]) == (
        1,
        "นายสมชาย ใจดี",
        "044-123456",
    )
    log = lao.execute(
        sa.text(
            "SELECT actor_name, action, entity, after->>'phone' FROM audit_log"
            " WHERE lao_id = (SELECT id FROM laos WHERE code = 'REG') ORDER BY id"
        )
    ).all()
    assert [tuple(r) for r in log] == [
        ("clerk", "create", "party", None),
        ("clerk", "create", "party", None),
        ("head", "update", "party", "044-123456"),
    ]


def test_a_bad_id_checksum_names_the_field(lao: Connection) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_owner("REG", owner(national_id="1101700203451"), lao, actor="clerk")
    assert caught.value.field == "national_id"
    assert caught.value.message_en.startswith("National ID ")
    assert caught.value.message_th.startswith("เลขประจำตัวประชาชน ")


def test_the_same_national_id_is_one_owner(lao: Connection) -> None:
    create_owner("REG", owner(), lao, actor="clerk")
    with pytest.raises(AlreadyExists) as caught:
        create_owner("REG", owner("นาย สมชาย ใจดี"), lao, actor="clerk")
    assert caught.value.message_en == (
        "National ID 1101700203450 is already owner number 1 (นายสมชาย ใจดี): use that record."
    )


def test_an_empty_name_is_refused(lao: Connection) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_owner("REG", owner(name="  "), lao, actor="clerk")
    assert (caught.value.field, caught.value.message_en) == (
        "name_th",
        "The owner's Thai name is empty: write the name as on the ID card or deed.",
    )


def test_a_building_takes_the_next_code_its_uses_and_the_given_owners(lao: Connection) -> None:
    create_owner("REG", owner(), lao, actor="clerk")
    house = NewBuilding(
        treasury_type=101,
        construction_class="concrete",
        floor_area_m2=Decimal("120.00"),
        year_completed=2560,
        uses=(UsePieceInput("2-1", Decimal("80")), UsePieceInput("other", Decimal("40"))),
        owners=(Holder(1, in_house_registration=True),),
        house_no="12/3",
        valid_from=date(2024, 5, 1),
    )
    assert add_building("REG", "01A001", house, lao, actor="surveyor") == "01A001-B1"
    assert add_building("REG", "01A001", house, lao, actor="surveyor") == "01A001-B2"
    uses = lao.execute(
        sa.text(
            "SELECT b.code, b.year_completed, u.category, u.ltax_code, u.floor_area_m2"
            " FROM building_use_pieces u JOIN buildings b ON b.id = u.building_id"
            " WHERE b.code = '01A001-B1' AND b.lao_id = (SELECT id FROM laos WHERE code = 'REG')"
            " ORDER BY u.id"
        )
    ).all()
    assert [tuple(r) for r in uses] == [
        ("01A001-B1", 2017, "res_main", "2-1", Decimal("80.00")),
        ("01A001-B1", 2017, "other", "3", Decimal("40.00")),
    ]
    record = owner_record("REG", 1, lao)
    assert [b["code"] for b in record["buildings"]] == ["01A001-B1", "01A001-B2"]


def test_building_checks_name_the_field(lao: Connection) -> None:
    create_owner("REG", owner(), lao, actor="clerk")
    base = dict(
        treasury_type=101,
        construction_class="concrete",
        floor_area_m2=Decimal("120.00"),
        uses=(UsePieceInput("res_main", Decimal("100")),),
        owners=(Holder(1),),
    )
    with pytest.raises(InvalidInput) as caught:
        add_building("REG", "01A001", NewBuilding(year_completed=2560, **base), lao, actor="s")
    assert caught.value.message_en == (
        "The use pieces of building 01A001-B1 add up to 100 m², but its floor area is 120.00 m²"
        " (tolerance 0.5 m²): correct the pieces."
    )
    future = date.today().year + 544
    with pytest.raises(InvalidInput) as caught:
        add_building("REG", "01A001", NewBuilding(year_completed=future, **base), lao, actor="s")
    assert caught.value.field == "year_completed"
    shares = {
        **base,
        "owners": (Holder(1, 1, 2),),
        "uses": (UsePieceInput("res_main", Decimal("120")),),
    }
    with pytest.raises(InvalidInput) as caught:
        add_building("REG", "01A001", NewBuilding(year_completed=2560, **shares), lao, actor="s")
    assert caught.value.field == "shares"
    with pytest.raises(NotFound, match="No active parcel 09Z999"):
        add_building("REG", "09Z999", NewBuilding(year_completed=2560, **base), lao, actor="s")


def test_a_sign_without_owners_belongs_to_the_land_and_needs_a_size(lao: Connection) -> None:
    sign = NewSign(
        sign_type=2,
        width_cm=Decimal("150"),
        height_cm=Decimal("300"),
        first_shown=date(2026, 7, 10),
    )
    with pytest.raises(InvalidInput) as caught:
        add_sign("REG", "01A001", sign, lao, actor="s")
    assert caught.value.message_en == (
        "sign 01A001-S1 has no owners given and its land has none on record: give the owners."
    )
    create_owner("REG", owner(), lao, actor="clerk")
    held = NewSign(**{**sign.__dict__, "owners": (Holder(1),)})
    assert add_sign("REG", "01A001", held, lao, actor="s") == "01A001-S1"
    with pytest.raises(InvalidInput) as caught:
        add_sign(
            "REG", "01A001", NewSign(**{**held.__dict__, "width_cm": Decimal(0)}), lao, actor="s"
        )
    assert (
        caught.value.message_en
        == "The sign's width must be more than 0 cm, not 0: measure it again."
    )


def test_land_use_must_cover_the_parcel(lao: Connection) -> None:
    pieces = (
        UsePieceInput("agri", Decimal("300")),
        UsePieceInput("vacant", Decimal("90"), vacant_since=2019),
    )
    with pytest.raises(InvalidInput) as caught:
        set_land_use("REG", "01A001", pieces, date(2025, 1, 1), lao, actor="s")
    assert caught.value.message_th == (
        "การใช้ประโยชน์ของแปลง 01A001 รวมได้ 390 ตร.ว. แต่เนื้อที่ของแปลงคือ 400.00 ตร.ว."
        " (คลาดเคลื่อนได้ไม่เกิน 1 ตร.ว.) โปรดแก้ไข"
    )
    ok = (
        UsePieceInput("agri", Decimal("300")),
        UsePieceInput("4", Decimal("100"), vacant_since=2019),
    )
    assert set_land_use("REG", "01A001", ok, date(2025, 1, 1), lao, actor="s") == 2
    assert (
        set_land_use(
            "REG",
            "01A001",
            (*ok[:1], UsePieceInput("agri", Decimal("100"))),
            date(2026, 1, 1),
            lao,
            actor="s",
        )
        == 2
    )
    history = lao.execute(
        sa.text(
            "SELECT category, area_sq_wah, valid_from, valid_to FROM land_use_pieces"
            " WHERE lao_id = (SELECT id FROM laos WHERE code = 'REG') ORDER BY id"
        )
    ).all()
    assert [tuple(r) for r in history] == [
        ("agri", Decimal("300.00"), date(2025, 1, 1), date(2026, 1, 1)),
        ("vacant", Decimal("100.00"), date(2025, 1, 1), date(2026, 1, 1)),
        ("agri", Decimal("300.00"), date(2026, 1, 1), None),
        ("agri", Decimal("100.00"), date(2026, 1, 1), None),
    ]


def test_the_register_round_trips_through_the_api(
    test_settings: Settings, engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    with engine.begin() as c:
        existing = c.execute(sa.text("SELECT id FROM laos WHERE code = 'REGAPI'")).scalar()
        if existing is not None:
            delete_lao(c, existing)
        lao_id = create_lao(CreateLao("REGAPI", "ทดสอบ", "Register API", 32648), c)
        bulk.insert_parcels(
            c,
            lao_id,
            32648,
            [{"code": "01A001", "geom": box(X, Y, X + 40, Y + 40), "valid_from": "2020-01-01"}],
        )
    base = "/api/v1/laos/REGAPI"
    with make_client() as client:
        made = client.post(
            f"{base}/owners",
            json={"kind": "individual", "name_th": "นางมาลี ศรีสุข", "national_id": SOMCHAI_ID},
        )
        assert (made.status_code, made.json()) == (201, {"owner_no": 1})
        bad = client.post(
            f"{base}/owners",
            json={"kind": "individual", "name_th": "นายเอ", "national_id": "1101700203451"},
        )
        assert (bad.status_code, bad.json()["details"]["field"]) == (422, "national_id")
        changed = client.patch(f"{base}/owners/1", json={"name_en": "Mali Srisuk"}).json()
        assert (changed["name_en"], changed["national_id"]) == ("Mali Srisuk", SOMCHAI_ID)
        house = client.post(
            f"{base}/parcels/01A001/buildings",
            json={
                "treasury_type": 101,
                "construction_class": "concrete",
                "floor_area_m2": "96",
                "year_completed": 2565,
                "uses": [{"category": "res_main", "area": "96"}],
                "owners": [{"owner_no": 1, "in_house_registration": True}],
            },
        )
        assert (house.status_code, house.json()) == (201, {"code": "01A001-B1"})
        sign = client.post(
            f"{base}/parcels/01A001/signs",
            json={
                "sign_type": 1,
                "width_cm": "100",
                "height_cm": "50",
                "first_shown": "2025-02-01",
                "owners": [{"owner_no": 1}],
            },
        )
        assert sign.json() == {"code": "01A001-S1"}
        uses = client.put(
            f"{base}/parcels/01A001/land-use",
            json={"effective": "2025-01-01", "pieces": [{"category": "2-1", "area": "400"}]},
        )
        assert uses.json() == {"pieces": 1}
        record = client.get(f"{base}/owners/1").json()
        assert [b["code"] for b in record["buildings"]] == ["01A001-B1"]
        assert [s["code"] for s in record["signs"]] == ["01A001-S1"]
        missing = client.get(f"{base}/owners/99")
        assert (missing.status_code, missing.json()["message"]) == (
            404,
            "No owner number 99 in this LAO: search the register for the right number.",
        )
    with engine.begin() as c:
        delete_lao(c, lao_id)


def test_the_register_round_trips_through_the_cli(engine: Engine, test_db_url: str) -> None:
    with engine.begin() as c:
        existing = c.execute(sa.text("SELECT id FROM laos WHERE code = 'REGCLI'")).scalar()
        if existing is not None:
            delete_lao(c, existing)
        lao_id = create_lao(CreateLao("REGCLI", "ทดสอบ", "Register CLI", 32648), c)
        bulk.insert_parcels(
            c,
            lao_id,
            32648,
            [{"code": "01A001", "geom": box(X, Y, X + 40, Y + 40), "valid_from": "2020-01-01"}],
        )
    env = {**os.environ, "TAXMAP_DATABASE_URL": test_db_url, "COLUMNS": "200"}

    def taxmap(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "taxmap.cli", *args, "--lao", "REGCLI"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    made = taxmap("register", "owner-add", "--name-th", "นายบุญมี ทองดี", "--national-id", SOMCHAI_ID)
    assert (made.returncode, made.stdout.strip()) == (0, "owner number 1: นายบุญมี ทองดี")
    bad = taxmap("register", "owner-add", "--name-th", "นายเอ", "--national-id", "1101700203451")
    assert bad.returncode == 1
    assert "National ID '1101700203451' fails the checksum" in bad.stderr
    assert taxmap("register", "owner-set", "1", "phone=044-111222").returncode == 0
    built = taxmap(
        "register",
        "building-add",
        "01A001",
        "--type",
        "101",
        "--class",
        "concrete",
        "--floor-area",
        "96",
        "--year",
        "2565",
        "--use",
        "res_main=96",
        "--owner",
        "1",
    )
    assert built.stdout.strip() == "building 01A001-B1 recorded"
    uses = taxmap("register", "land-use", "01A001", "--from", "2025-01-01", "--use", "agri=390")
    assert uses.returncode == 1 and "add up to 390" in uses.stderr
    shown = json.loads(taxmap("register", "owner", "1", "--json").stdout)
    assert (shown["phone"], [b["code"] for b in shown["buildings"]]) == (
        "044-111222",
        ["01A001-B1"],
    )
    with engine.begin() as c:
        delete_lao(c, lao_id)


def test_a_land_record_takes_the_sheet_apart_and_the_area_in_rai_ngan_wah(lao: Connection) -> None:
    from parcels.register.editing import set_land_record

    record = {
        "document_type": 1,
        "document_no": "12345",
        "land_no": "67",
        "survey_page": "890",
        "sheet": "5540 III 3432",
        "legal_area": "1-2-50.5",
    }
    assert set_land_record("REG", "01A001", record, lao, actor="clerk") == {
        "document_type": 1,
        "document_no": "12345",
        "land_no": "67",
        "survey_page": "890",
        "sheet_50k": "5540",
        "sheet_quadrant": "III",
        "sheet_4000": "3432",
        "sub_sheet": "",
        "legal_area_sq_wah": "650.5",
    }
    with pytest.raises(InvalidInput) as caught:
        set_land_record("REG", "01A001", {"document_type": 14}, lao, actor="clerk")
    assert caught.value.message_en == (
        "Document type 14 does not exist: use the LTAX code 1-13 (1 title deed, 2 NS 3 Kor,"
        " 3 NS 3, ... 13 other)."
    )
    with pytest.raises(InvalidInput) as caught:
        set_land_record("REG", "01A001", {"sheet": "5540 III"}, lao, actor="clerk")
    assert caught.value.field == "sheet"


def test_trades_and_condominium_units(lao: Connection) -> None:
    from parcels.register.model import NewCondoUnit, NewTrade
    from parcels.register.structures import add_condo_unit, add_trade

    create_owner("REG", owner(), lao, actor="clerk")
    shop = NewTrade("ร้านบุญมีค้าข้าว", "ค้าข้าว", operator_owner_no=1, licence_no="12/2569")
    trade_id = add_trade("REG", "01A001", shop, lao, actor="clerk")
    stored = lao.execute(
        sa.text("SELECT business_name, kind, licence_no FROM trades WHERE id = :i"), {"i": trade_id}
    ).one()
    assert tuple(stored) == ("ร้านบุญมีค้าข้าว", "ค้าข้าว", "12/2569")
    late = NewTrade("ร้าน", "ค้าปลีก", licence_from=date(2026, 2, 1), licence_to=date(2026, 1, 1))
    with pytest.raises(InvalidInput) as caught:
        add_trade("REG", "01A001", late, lao, actor="clerk")
    assert caught.value.message_en == (
        "The licence ends (2026-01-01) before it starts (2026-02-01): correct the dates."
    )
    with pytest.raises(NotFound, match="No building 01A001-B9 on this parcel"):
        add_trade("REG", "01A001", NewTrade("ร้าน", "ค้า", building_code="01A001-B9"), lao, actor="c")
    unit = NewCondoUnit("อาคารบัวลาย", "5/12", Decimal("35.50"), owners=(Holder(1),), floor=5)
    unit_id = add_condo_unit("REG", "01A001", unit, lao, actor="clerk")
    right = lao.execute(
        sa.text("SELECT share_num, share_den FROM rights WHERE condo_unit_id = :i"), {"i": unit_id}
    ).one()
    assert tuple(right) == (1, 1)
    with pytest.raises(InvalidInput) as caught:
        add_condo_unit(
            "REG",
            "01A001",
            NewCondoUnit("อาคารบัวลาย", "5/13", Decimal("35"), owners=()),
            lao,
            actor="c",
        )
    assert caught.value.message_en == (
        "condominium unit อาคารบัวลาย 5/13 has no owners: give the owners as on the unit's title"
        " (อ.ช.2)."
    )
