"""Owner search: names tolerant of spacing, titles and tone marks; IDs, codes, house numbers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from shapely.geometry import box
from sqlalchemy.engine import Connection

from parcels.fabric import bulk
from parcels.register.orm import buildings, parties, rights
from parcels.register.search import party_search_key
from parcels.register.services import search_owners
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput


@pytest.fixture
def register(conn: Connection) -> Connection:
    lao_id = create_lao(CreateLao("REG", "ทดสอบ", "Register", 32648), conn)
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [{"code": "02B017", "document_no": "45123", "geom": box(0, 0, 20, 20)}],
    )
    parcel_id = conn.execute(sa.text("SELECT id FROM parcels WHERE code = '02B017'")).scalar_one()
    people = [
        (1, "individual", "นายสมชาย ใจดี", "Mr. Somchai Jaidee", "1103702174629"),
        (2, "individual", "นางสาวมณี ศรีบัวลาย", "Miss Manee Sribualai", None),
        (3, "juristic", "บริษัท บัวลายค้าข้าว จำกัด", "Bua Lai Rice Co., Ltd.", None),
    ]
    ids = []
    for no, kind, th, en, nid in people:
        ids.append(
            conn.execute(
                sa.insert(parties)
                .values(
                    lao_id=lao_id,
                    owner_no=no,
                    kind=kind,
                    name_th=th,
                    name_en=en,
                    national_id=nid,
                    search_key=party_search_key(th, en),
                )
                .returning(parties.c.id)
            ).scalar_one()
        )
    conn.execute(
        sa.insert(rights).values(lao_id=lao_id, party_id=ids[0], kind="owner", parcel_id=parcel_id)
    )
    building = conn.execute(
        sa.insert(buildings)
        .values(lao_id=lao_id, code="02B017-B1", parcel_id=parcel_id, house_no="112/3")
        .returning(buildings.c.id)
    ).scalar_one()
    conn.execute(
        sa.insert(rights).values(lao_id=lao_id, party_id=ids[1], kind="owner", building_id=building)
    )
    return conn


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("สมชาย ใจดี", [1]),
        ("นายสมชาย  ใจดี", [1]),
        ("สมชายใจดี", [1]),
        ("สมชาย ใจด", [1]),
        ("somchai", [1]),
        ("มณี ศรีบัวลาย", [2]),
        ("มณี ศรีบัวลาย์", [2]),  # a stray thanthakhat is forgiven
        ("บัวลายค้าข้าว", [3]),
        ("bua lai rice", [3]),
        ("1-1037-02174-62-9", [1]),
        ("3", [3]),
        ("02B017", [1]),
        ("45123", [1]),
        ("112/3", [2]),
        ("นายสมปอง", []),
    ],
)
def test_search_finds_the_owner(register: Connection, query: str, expected: list[int]) -> None:
    page = search_owners("REG", query, register)
    assert [o.owner_no for o in page.owners] == expected
    assert page.total == len(expected)


def test_empty_query_says_what_to_type(register: Connection) -> None:
    with pytest.raises(InvalidInput) as info:
        search_owners("REG", "  ", register)
    assert info.value.field == "q"
    assert info.value.message_en == (
        "Type a name, ID, owner number, parcel code, deed or house number."
    )


def test_pages(register: Connection) -> None:
    first = search_owners("REG", "ลาย", register, limit=1)
    second = search_owners("REG", "ลาย", register, limit=1, offset=1)
    assert (first.total, second.total) == (2, 2)
    assert [o.owner_no for o in first.owners + second.owners] == [3, 2]
