"""Printed register documents: owner's register, parcel sheet and ภ.ด.ส.3 give back their Thai.

A small register: owner 1 holds parcel 01A005 (title deed, 1-2-50, a house with two uses and a
sign) and half of 01A006 (น.ส.3ก, no deed area) with owner 2; eight parcels ring 01A005 and
01B001 lies across the road to the south. The text is read back with tests/pdf_text.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pdf_text import extract_lines
from pypdf import PdfReader
from shapely.geometry import box
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import bulk
from parcels.register.documents import land_list_pdf, owner_register_pdf, parcel_sheet_pdf
from parcels.register.editing import create_owner, set_land_use
from parcels.register.model import Holder, NewBuilding, NewOwner, NewSign, UsePieceInput
from parcels.register.orm import parties, rights
from parcels.register.structures import add_building, add_sign
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput, NotFound
from taxmap.core.settings import Settings

LAO_TH = "เทศบาลตำบลหนองบัวทดสอบ"
SOMCHAI_ID = "1101700203450"
X, Y = 230_000.0, 1_730_000.0
SIDE = 40.0
DAY = date(2026, 11, 23)


def build_register(conn: Connection, code: str) -> int:
    """Build the small register in an LAO with this code; return the LAO's id."""
    lao_id = create_lao(
        CreateLao(
            code, LAO_TH, "Nong Bua Test Municipality", 32648, "municipality", "นครราชสีมา", "บัวลาย"
        ),
        conn,
    )
    zone = bulk.insert_zones(
        conn, lao_id, 32648, [{"code": "01", "geom": box(X, Y, X + 120, Y + 120)}]
    )
    block = bulk.insert_blocks(
        conn,
        lao_id,
        32648,
        [{"code": "01A", "zone_id": zone["01"], "geom": box(X, Y, X + 120, Y + 120)}],
    )
    bulk.insert_non_parcel_areas(
        conn,
        lao_id,
        32648,
        [{"kind": "main", "name_th": "ถนนเทศบาล 1", "geom": box(X - 60, Y - 12, X + 180, Y)}],
    )
    record = {"village_no": 4, "tambon": "บัวลาย", "amphoe": "บัวลาย", "block_id": block["01A"]}
    land = {
        "01A005": {
            "document_type": 1,
            "document_no": "12345",
            "land_no": "67",
            "survey_page": "890",
            "sheet_50k": "5540",
            "sheet_quadrant": "III",
            "sheet_4000": "3432",
            "legal_area_sq_wah": Decimal("650.00"),
        },
        "01A006": {"document_type": 2, "document_no": "3456"},
    }
    rows = [
        {
            "code": f"01A{lot:03d}",
            "geom": box(X + col * SIDE, Y + row * SIDE, X + (col + 1) * SIDE, Y + (row + 1) * SIDE),
            "valid_from": "2020-01-01",
            **record,
            **dict.fromkeys(land["01A005"]),  # executemany takes its columns from the first row
            **land.get(f"01A{lot:03d}", {}),
        }
        for lot, (row, col) in enumerate(((r, c) for r in (2, 1, 0) for c in range(3)), start=1)
    ]
    bulk.insert_parcels(conn, lao_id, 32648, rows)
    across = {
        "code": "01B001",
        "geom": box(X, Y - 52, X + SIDE, Y - 12),
        "valid_from": "2020-01-01",
    }
    bulk.insert_parcels(conn, lao_id, 32648, [across])
    somchai = NewOwner(
        kind="individual",
        name_th="นายสมชาย ใจดี",
        national_id=SOMCHAI_ID,
        name_en="Mr. Somchai Jaidee",
        current_address="12/3 หมู่ 4 ตำบลบัวลาย",
    )
    assert create_owner(code, somchai, conn, actor="test") == 1
    mali = NewOwner(kind="individual", name_th="นางมาลี ศรีสุข")
    assert create_owner(code, mali, conn, actor="test") == 2
    owner_nos = sa.select(parties.c.owner_no, parties.c.id).where(parties.c.lao_id == lao_id)
    ids = {number: party_id for number, party_id in conn.execute(owner_nos)}
    lots = sa.text("SELECT code, id FROM parcels WHERE lao_id = :l")
    parcel_ids = {lot: pid for lot, pid in conn.execute(lots, {"l": lao_id})}
    conn.execute(
        sa.insert(rights),
        [
            {
                "party_id": ids[owner],
                "parcel_id": parcel_ids[parcel],
                "share_num": num,
                "share_den": den,
            }
            | {"lao_id": lao_id, "kind": "owner", "valid_from": date(2020, 1, 1)}
            for owner, parcel, num, den in (
                (1, "01A005", 1, 1),
                (1, "01A006", 1, 2),
                (2, "01A006", 1, 2),
            )
        ],
    )
    uses = (UsePieceInput("res_main", Decimal("100")), UsePieceInput("agri", Decimal("550")))
    set_land_use(code, "01A005", uses, date(2025, 1, 1), conn, actor="test")
    vacant = (UsePieceInput("vacant", Decimal("400"), vacant_since=2019),)
    set_land_use(code, "01A006", vacant, date(2025, 1, 1), conn, actor="test")
    house = NewBuilding(
        treasury_type=101,
        construction_class="concrete",
        floor_area_m2=Decimal("120.00"),
        year_completed=2560,
        uses=(UsePieceInput("res_main", Decimal("80")), UsePieceInput("other", Decimal("40"))),
        owners=(Holder(1, in_house_registration=True),),
        floors=2,
        house_no="12/3",
        valid_from=date(2024, 5, 1),
    )
    assert add_building(code, "01A005", house, conn, actor="test") == "01A005-B1"
    sign = NewSign(
        sign_type=2,
        width_cm=Decimal("150"),
        height_cm=Decimal("300"),
        first_shown=date(2024, 7, 10),
        business_name="ร้านค้าสมชาย",
        owners=(Holder(1),),
    )
    assert add_sign(code, "01A005", sign, conn, actor="test") == "01A005-S1"
    return lao_id


@pytest.fixture
def register(conn: Connection) -> Connection:
    """The small register in LAO DOCS, inside the test's rolled-back transaction."""
    build_register(conn, "DOCS")
    return conn


def map_split(lines: list[str], heading: str, after: str) -> tuple[list[str], set[str], list[str]]:
    """Split lines at a map: those before it, the words of its labels, and those after it."""
    start, end = lines.index(heading), lines.index(after)
    words = {word for line in lines[start + 1 : end] for word in line.split()}
    return lines[: start + 1], words, lines[end:]


LETTERHEAD = [LAO_TH, "Nong Bua Test Municipality", "อำเภอบัวลาย จังหวัดนครราชสีมา"]
LAND_USES_01A005 = "ที่อยู่อาศัยหลังหลัก (เจ้าของที่ดินและบ้าน) 100.00 ตร.ว.; เกษตรกรรม 550.00 ตร.ว."
HOUSE_USES = "ที่อยู่อาศัยหลังหลัก (เจ้าของที่ดินและบ้าน) 80.00 ตร.ม.; อื่น ๆ 40.00 ตร.ม."
VACANT = "ทิ้งไว้ว่างเปล่าหรือไม่ทำประโยชน์ตามควรแก่สภาพ 400.00 ตร.ว."


def test_owner_register_gives_back_every_holding_in_thai(register: Connection) -> None:
    """Owner, both parcels (deed area and map area*), the house's uses and the sign, in B.E."""
    lines = extract_lines(owner_register_pdf("DOCS", 1, register, on=DAY))
    before, map_words, after = map_split(lines, "แผนที่แสดงที่ตั้งทรัพย์สิน Location map", "1. ที่ดิน Land")
    assert before == [
        *LETTERHEAD,
        "ทะเบียนทรัพย์สิน (ผ.ท.4)",
        "Property register of an owner",
        "รหัส ผ.ท.4 1 ข้อมูล ณ วันที่ 23 พฤศจิกายน 2569",
        "ชื่อเจ้าของทรัพย์สิน นายสมชาย ใจดี ประเภทบุคคล บุคคลธรรมดา",
        "เลขประจำตัว 1101700203450 ชื่อภาษาอังกฤษ Mr. Somchai Jaidee",
        "ที่อยู่ 12/3 หมู่ 4 ตำบลบัวลาย",
        "แผนที่แสดงที่ตั้งทรัพย์สิน Location map",
    ]
    assert map_words == {"01A005", "01A006", "N", "50", "ม."}
    assert after == [
        "1. ที่ดิน Land",
        "ที่ รหัสแปลง เอกสารสิทธิ์ เลขที่ เลขที่ดิน หน้าสำรวจ ที่ตั้ง ไร่-งาน-ตร.ว. ตร.ม. ส่วน",
        "1 01A005 โฉนดที่ดิน 12345 67 890 หมู่ 4 ต.บัวลาย 1-2-50 2,600.00 1/1",
        f"สิทธิ: เจ้าของ  การใช้ประโยชน์: {LAND_USES_01A005}",
        "2 01A006 น.ส.3ก 3456 - - หมู่ 4 ต.บัวลาย 1-0-0* 1,600.00 1/2",
        f"สิทธิ: เจ้าของ  การใช้ประโยชน์: {VACANT}",
        "รวม 2 แปลง เนื้อที่ 2-2-50 ไร่-งาน-ตร.ว. (4,200.00 ตร.ม.)",
        "* เนื้อที่จากแผนที่ภาษี เพราะไม่มีเนื้อที่ตามเอกสารสิทธิ์",
        "2. สิ่งปลูกสร้าง Buildings",
        "ที่ รหัส บ้านเลขที่ บนแปลง ประเภท ลักษณะ ชั้น พื้นที่ (ตร.ม.) ปีที่สร้าง ส่วน",
        "1 01A005-B1 12/3 01A005 101 ตึก 2 120.00 2560 1/1",
        f"การใช้ประโยชน์: {HOUSE_USES}",
        "ประเภท: รหัสประเภทสิ่งปลูกสร้างของกรมธนารักษ์ · ปีที่สร้างเสร็จเป็นปี พ.ศ.",
        "3. ป้าย Signs",
        "ที่ รหัส บนแปลง ข้อความหรือชื่อ ประเภท ขนาด (ซม.) ด้าน วันที่ติดตั้ง ส่วน",
        "1 01A005-S1 01A005 ร้านค้าสมชาย 2 150 x 300 1 10 กรกฎาคม 2567 1/1",
        "ทะเบียนทรัพย์สิน รหัส ผ.ท.4 1 · ข้อมูล ณ วันที่ 23 พฤศจิกายน 2569 หน้า 1 / 1",
    ]


def test_parcel_sheet_names_its_neighbours_beside_the_record(register: Connection) -> None:
    """Record, map labels, neighbours with bearing and distance, owners, uses, house and sign."""
    lines = extract_lines(parcel_sheet_pdf("DOCS", "01A005", register, on=DAY))
    before, map_words, after = map_split(
        lines,
        "แผนที่แปลงที่ดินและแปลงข้างเคียง Map extract with neighbours",
        "แปลงข้างเคียงภายใน 60 เมตร Neighbouring parcels",
    )
    assert before == [
        *LETTERHEAD,
        "ข้อมูลแปลงที่ดิน รหัสแปลง 01A005",
        "Parcel sheet",
        "ข้อมูล ณ วันที่ 23 พฤศจิกายน 2569 บล็อก 01A",
        "เอกสารสิทธิ์ โฉนดที่ดิน เลขที่เอกสารสิทธิ์ 12345",
        "เลขที่ดิน 67 หน้าสำรวจ 890",
        "ระวาง 5540 III 3432 เล่ม / หน้า -",
        "ที่ตั้ง หมู่ 4 ต.บัวลาย อ.บัวลาย ถนน / ซอย -",
        "เนื้อที่ตามเอกสารสิทธิ์ 1-2-50 ไร่-งาน-ตร.ว. (2,600.00 ตร.ม.)",
        "เนื้อที่จากแผนที่ 1-0-0 ไร่-งาน-ตร.ว. (1,600.00 ตร.ม.)",
        "แผนที่แปลงที่ดินและแปลงข้างเคียง Map extract with neighbours",
    ]
    codes = {f"01A00{lot}" for lot in range(1, 10)} | {"01B001"}
    assert map_words == codes | {"ถนนเทศบาล", "1", "N", "50", "ม."}
    assert after == [
        "แปลงข้างเคียงภายใน 60 เมตร Neighbouring parcels",
        "รหัสแปลง ทิศ ระยะ (ม.) รหัสแปลง ทิศ ระยะ (ม.)",
        "01A001 ตะวันตกเฉียงเหนือ ติดกัน 01A002 เหนือ ติดกัน",
        "01A003 ตะวันออกเฉียงเหนือ ติดกัน 01A004 ตะวันตก ติดกัน",
        "01A006 ตะวันออก ติดกัน 01A007 ตะวันตกเฉียงใต้ ติดกัน",
        "01A008 ใต้ ติดกัน 01A009 ตะวันออกเฉียงใต้ ติดกัน",
        "01B001 ตะวันตกเฉียงใต้ 52.0",
        "ผู้ถือกรรมสิทธิ์หรือสิทธิครอบครอง Owners",
        "รหัส ผ.ท.4 ชื่อ ประเภทบุคคล สิทธิ ส่วน",
        "1 นายสมชาย ใจดี บุคคลธรรมดา เจ้าของ 1/1",
        "การใช้ประโยชน์ที่ดิน Land use",
        "การใช้ประโยชน์ รหัส เนื้อที่ (ตร.ว.) ลักษณะการใช้ พืชหรือสัตว์",
        "ที่อยู่อาศัยหลังหลัก (เจ้าของที่ดินและบ้าน) 2-1 100.00 ใช้เอง -",
        "เกษตรกรรม 1 550.00 ใช้เอง -",
        "ข้อมูลแปลงที่ดิน 01A005 · ข้อมูล ณ วันที่ 23 พฤศจิกายน 2569 หน้า 1 / 2",
        "สิ่งปลูกสร้าง Buildings",
        "รหัส บ้านเลขที่ ประเภท ลักษณะ ชั้น พื้นที่ (ตร.ม.) ปีที่สร้าง",
        "01A005-B1 12/3 101 ตึก 2 120.00 2560",
        f"การใช้ประโยชน์: {HOUSE_USES}",
        "เจ้าของ: 1 นายสมชาย ใจดี (1/1)",
        "ป้าย Signs",
        "รหัส ข้อความหรือชื่อ ประเภท ขนาด (ซม.) ด้าน วันที่ติดตั้ง",
        "01A005-S1 ร้านค้าสมชาย 2 150 x 300 1 10 กรกฎาคม 2567",
        "เจ้าของ: 1 นายสมชาย ใจดี (1/1)",
        "ข้อมูลแปลงที่ดิน 01A005 · ข้อมูล ณ วันที่ 23 พฤศจิกายน 2569 หน้า 2 / 2",
    ]


def test_land_list_has_the_phor_dor_sor_3_columns_on_1_january(register: Connection) -> None:
    """Each land item with its uses by column (ตร.ว.), each building with uses (ตร.ม.) and age."""
    lines = extract_lines(land_list_pdf("DOCS", 1, 2569, register))
    assert lines[:20] == [
        *LETTERHEAD,
        "บัญชีรายการที่ดินและสิ่งปลูกสร้าง (ภ.ด.ส.3) ประจำปีภาษี พ.ศ. 2569",
        "List of land and buildings (Phor Dor Sor 3)",
        "ชื่อผู้เสียภาษี นายสมชาย ใจดี รหัส ผ.ท.4 1",
        "เลขประจำตัว 1101700203450 ข้อมูล ณ วันที่ 1 มกราคม 2569",
        "ที่อยู่ 12/3 หมู่ 4 ตำบลบัวลาย",
        "1. ที่ดิน Land",
        "การใช้ประโยชน์ (ตร.ว.)",
        "เนื้อที่",
        "ลำดับ รหัสแปลง ประเภทเอกสารสิทธิ์ เลขที่ เลขที่ดิน หน้าสำรวจ ที่ตั้ง (หมู่ ตำบล) หมายเหตุ",
        "(ไร่-งาน-ตร.ว.)",
        "เกษตรกรรม อยู่อาศัย อื่น ๆ ว่างเปล่า",
        "1 01A005 โฉนดที่ดิน 12345 67 890 หมู่ 4 ต.บัวลาย 1-2-50 550.00 100.00",
        "2 01A006 น.ส.3ก 3456 - - หมู่ 4 ต.บัวลาย 1-0-0* 400.00 ส่วน 1/2",
        "รวม 2 แปลง 2-2-50 550.00 100.00 400.00",
        "* เนื้อที่จากแผนที่ภาษี เพราะไม่มีเนื้อที่ตามเอกสารสิทธิ์",
        "2. สิ่งปลูกสร้าง Buildings",
        "การใช้ประโยชน์ (ตร.ม.)",
    ]
    assert lines[20:24] == [
        "ลำดับ บ้านเลขที่ รหัส ที่ดินลำดับที่ ประเภท ลักษณะ พื้นที่ (ตร.ม.) อายุ (ปี) หมายเหตุ",
        "เกษตรกรรม อยู่อาศัย อื่น ๆ ว่างเปล่า",
        "1 12/3 01A005-B1 1 101 ตึก 120.00 80.00 40.00 9",
        "รวม 120.00 80.00 40.00",
    ]
    assert lines[-1] == "ภ.ด.ส.3 ปีภาษี พ.ศ. 2569 · รหัส ผ.ท.4 1 หน้า 1 / 1"
    assert land_list_pdf("DOCS", 1, 2026, register) == land_list_pdf("DOCS", 1, 2569, register)


def test_the_list_of_an_earlier_year_leaves_out_what_came_later(register: Connection) -> None:
    """On 1 January 2567 the house (from May 2567) and the land uses (from 2568) were not there."""
    lines = extract_lines(land_list_pdf("DOCS", 1, 2567, register))
    assert "ข้อมูล ณ วันที่ 1 มกราคม 2567" in lines[6]
    assert "1 01A005 โฉนดที่ดิน 12345 67 890 หมู่ 4 ต.บัวลาย 1-2-50" in lines
    assert lines[lines.index("2. สิ่งปลูกสร้าง Buildings") + 1] == "ไม่มีรายการ"


def test_the_sheet_of_an_earlier_day_prints_the_parcel_version_then_in_force(
    register: Connection,
) -> None:
    """A parcel re-recorded in 2566 prints its first deed number and area on a day in 2565."""
    register.execute(
        sa.text(
            "INSERT INTO parcel_versions (lao_id, parcel_id, code, version, valid_from, valid_to,"
            " geom, document_type, document_no, legal_area_sq_wah)"
            " SELECT lao_id, id, code, 1, '2020-01-01', '2023-01-01', geom, 1, '11111', 600"
            " FROM parcels WHERE code = '01A005'"
        )
    )
    register.execute(
        sa.text("UPDATE parcels SET version = 2, valid_from = '2023-01-01' WHERE code = '01A005'")
    )
    then = extract_lines(parcel_sheet_pdf("DOCS", "01A005", register, on=date(2022, 6, 1)))
    assert then[5:7] == [
        "ข้อมูล ณ วันที่ 1 มิถุนายน 2565 บล็อก -",
        "เอกสารสิทธิ์ โฉนดที่ดิน เลขที่เอกสารสิทธิ์ 11111",
    ]
    assert "เนื้อที่ตามเอกสารสิทธิ์ 1-2-0 ไร่-งาน-ตร.ว. (2,400.00 ตร.ม.)" in then
    now = extract_lines(parcel_sheet_pdf("DOCS", "01A005", register, on=DAY))
    assert "เอกสารสิทธิ์ โฉนดที่ดิน เลขที่เอกสารสิทธิ์ 12345" in now


def test_documents_embed_only_the_norasi_fonts(register: Connection) -> None:
    """Every document has pages, and every font is an embedded subset of Norasi (road names on
    maps are in its oblique)."""
    for pdf in (
        owner_register_pdf("DOCS", 1, register, on=DAY),
        parcel_sheet_pdf("DOCS", "01A005", register, on=DAY),
        land_list_pdf("DOCS", 1, 2569, register),
    ):
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) >= 1
        fonts = set()
        for page in reader.pages:
            resources: Any = page["/Resources"]
            for ref in resources["/Font"].values():
                font: Any = ref.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor.get_object()
                fonts.add(str(font["/BaseFont"]).split("+", 1)[1])
        assert {"Norasi", "Norasi-Bold"} <= fonts <= {"Norasi", "Norasi-Bold", "Norasi-Oblique"}


def test_unknown_owner_parcel_or_year_is_refused_in_both_languages(register: Connection) -> None:
    """A missing owner or parcel is NotFound; a year that is no tax year is InvalidInput."""
    with pytest.raises(NotFound, match="No owner number 9 in this LAO"):
        owner_register_pdf("DOCS", 9, register, on=DAY)
    with pytest.raises(NotFound) as caught:
        parcel_sheet_pdf("DOCS", "09Z999", register, on=DAY)
    assert caught.value.message_th == (
        "ไม่พบแปลงที่ดิน 09Z999 ณ วันที่ 2026-11-23 โปรดตรวจรหัสแปลง (โซน บล็อก ลำดับ) และวันที่"
    )
    with pytest.raises(InvalidInput) as refused:
        land_list_pdf("DOCS", 1, 5000, register)
    assert (refused.value.field, refused.value.message_en) == (
        "year",
        "5000 is not a year: give it in B.E. (2400-2942, e.g. 2569) or C.E. (e.g. 2026).",
    )


def test_the_documents_are_served_as_inline_pdfs(
    test_settings: Settings, engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    """Each route answers application/pdf, inline with a file name; the Thai reads back."""
    with engine.begin() as c:
        existing = c.execute(sa.text("SELECT id FROM laos WHERE code = 'DOCAPI'")).scalar()
        if existing is not None:
            delete_lao(c, existing)
        lao_id = build_register(c, "DOCAPI")
    base = "/api/v1/laos/DOCAPI"
    try:
        with make_client() as client:
            for path, name, line in (
                (
                    f"{base}/owners/1/register.pdf?on=2026-11-23",
                    "register-DOCAPI-1.pdf",
                    "รหัส ผ.ท.4 1 ข้อมูล ณ วันที่ 23 พฤศจิกายน 2569",
                ),
                (
                    f"{base}/parcels/01A005/sheet.pdf?on=2026-11-23",
                    "sheet-DOCAPI-01A005.pdf",
                    "01B001 ตะวันตกเฉียงใต้ 52.0",
                ),
                (
                    f"{base}/owners/1/land-list.pdf?year=2569",
                    "land-list-DOCAPI-1-2569.pdf",
                    "ชื่อผู้เสียภาษี นายสมชาย ใจดี รหัส ผ.ท.4 1",
                ),
            ):
                answer = client.get(path)
                assert (answer.status_code, answer.headers["content-type"]) == (
                    200,
                    "application/pdf",
                )
                assert answer.headers["content-disposition"] == f'inline; filename="{name}"'
                assert line in extract_lines(answer.content)
            missing = client.get(f"{base}/owners/99/register.pdf")
            assert (missing.status_code, missing.json()["message"]) == (
                404,
                "No owner number 99 in this LAO: search the register for the right number.",
            )
            no_year = client.get(f"{base}/owners/1/land-list.pdf")
            assert no_year.status_code == 422
    finally:
        with engine.begin() as c:
            delete_lao(c, lao_id)
