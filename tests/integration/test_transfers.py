"""Changes of owners: the Land Office's monthly transfer file (s.10) and one change at a time."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from fresh_laos import drop_lao
from shapely.geometry import box
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import bulk
from parcels.register.orm import parties, rights
from parcels.register.search import party_search_key
from parcels.register.transfer_import import change_owners, import_transfers, pending_transfers
from parcels.register.transfer_model import OwnerChange, RowOutcome
from parcels.register.transfers import COLUMNS
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput, ParcelNotFound
from taxmap.core.settings import Settings
from taxmap.core.thai import THAI_MONTHS

TODAY = date(2026, 11, 24)
SHEET = ("5540", "III", "3432")
A, B, P = "1103702174629", "3100501234563", "1509900012341"  # owners 1, 2 and 7
E, D, J = "3401200045671", "3600100098761", "0105556012341"  # new: two people, a company
NAMES = {A: "นายสมชาย ใจดี", B: "นางมณี ศรีบัวลาย", P: "นายปรีชา มีนา"}
NAMES |= {E: "นายเอก ใหม่", D: "นางสาวดาว ใจดี", J: "บริษัท บัวลายค้าข้าว จำกัด"}


def make_register(conn: Connection, code: str) -> int:
    """Create an LAO with parcels 01A001-01A007 on sheet 5540 III 3432 and their owners."""
    lao_id = create_lao(CreateLao(code, "ทดสอบ", code, 32648), conn)
    numbers = {"01A006": ("1006", 1), "01A007": ("1006", 3)}  # one number, two kinds of deed
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [
            {
                "code": f"01A00{i}",
                "document_type": numbers.get(f"01A00{i}", ("", 1))[1],
                "document_no": numbers.get(f"01A00{i}", (f"100{i}", 1))[0],
                "sheet_50k": SHEET[0],
                "sheet_quadrant": SHEET[1],
                "sheet_4000": SHEET[2],
                "land_no": f"1{i}",
                "geom": box(i * 100, 0, i * 100 + 50, 50),
            }
            for i in range(1, 8)
        ],
    )
    parcel = dict(
        conn.execute(sa.text("SELECT code, id FROM parcels WHERE lao_id = :l"), {"l": lao_id}).all()
    )
    party = {}
    for owner_no, ident in ((1, A), (2, B), (7, P)):
        party[ident] = conn.execute(
            sa.insert(parties)
            .values(lao_id=lao_id, owner_no=owner_no, kind="individual", name_th=NAMES[ident])
            .values(national_id=ident, search_key=party_search_key(NAMES[ident]))
            .returning(parties.c.id)
        ).scalar_one()
    start, changed = date(2020, 1, 1), date(2026, 5, 1)
    held = [
        ("01A001", A, 1, 1, start, None),
        ("01A002", B, 1, 1, start, None),
        ("01A003", A, 1, 2, start, None),
        ("01A003", B, 1, 2, start, None),
        ("01A004", P, 1, 1, start, None),
        ("01A005", A, 1, 1, start, changed),
        ("01A005", B, 1, 1, changed, None),
    ]
    conn.execute(
        sa.insert(rights),
        [
            {"lao_id": lao_id, "party_id": party[who], "kind": "owner", "parcel_id": parcel[code]}
            | {"share_num": num, "share_den": den, "valid_from": since, "valid_to": until}
            for code, who, num, den, since, until in held
        ],
    )
    return lao_id


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def by_sheet(land_no: str, **cells: str) -> dict[str, str]:
    return {"land_no": land_no, "sheet": "5540 III 3432", "transaction": "ขาย"} | cells


def sale(old: list[str], new: list[str], when: str, **cells: str) -> dict[str, str]:
    return {
        "old_owner_ids": ";".join(old),
        "old_owner_names": ";".join(NAMES[i] for i in old),
        "new_owner_ids": ";".join(new),
        "new_owner_names": ";".join(NAMES.get(i, "นายผิด เลข") for i in new),
        "transfer_date": when,
    } | cells


FILE_ROWS = [  # line 2 onwards; deliberately not in date order
    by_sheet("13", **sale([A, B], [J], "2026-01-20")),
    by_sheet("11", **sale([A], [E], "15/1/2569")),
    sale([B], [P, D], "2026-02-01", document_type="1", document_no="1002", new_shares="1/2;1/2")
    | {"transaction": "มรดก"},
    by_sheet("11", **sale([E], [A], "2026-02-15", document_no="1001", transaction="ให้")),
    by_sheet("77", **sale([A], [E], "2026-03-01")),
    by_sheet("14", **sale([A], [E], "2026-03-01")),
    by_sheet("11", **sale([A], [B, "1103702174620"], "2026-03-01")),
    by_sheet("12", **sale([B], [P, D], "2026-03-01", new_shares="1/2;1/3")),
    by_sheet("11", **sale([A], [E], "1/12/2569")),
    by_sheet("", **sale([A], [E], "2026-03-01", sheet="")),
    sale([A], [E], "2026-03-01", document_no="1006", transaction="ขาย"),
    by_sheet("15", **sale([A], [E], "2026-03-01")),
]
PENDING = {
    6: (
        "sheet, land_no: no active parcel of this LAO has land number 77 on sheet 5540 III 3432; "
        "check the numbers with the Land Office, or add the parcel to the tax map first",
        "sheet, land_no: ไม่พบแปลงที่ดินของ อปท. นี้ที่มีเลขที่ดิน 77 ระวาง 5540 III 3432 "
        "โปรดตรวจสอบเลขกับสำนักงานที่ดิน หรือเพิ่มแปลงในแผนที่ภาษีก่อน",
        None,
    ),
    7: (
        f"old_owner_ids: the file names {A} as the owners before the transfer, but on "
        f"2026-02-28 the register of parcel 01A004 has {P} (นายปรีชา มีนา, owner no. 7); check "
        "the row with the Land Office, or record the earlier transfer first",
        f"old_owner_ids: ไฟล์ระบุเจ้าของก่อนโอนเป็น {A} แต่ทะเบียนแปลง 01A004 ณ วันที่ "
        f"28 กุมภาพันธ์ 2569 บันทึกเจ้าของเป็น {P} (นายปรีชา มีนา, ผ.ท.4 เลขที่ 7) "
        "โปรดตรวจสอบกับสำนักงานที่ดิน หรือบันทึกการโอนครั้งก่อนก่อน",
        "01A004",
    ),
    8: (
        "new_owner_ids: '1103702174620' fails the checksum: the last digit should be 9, not 0; "
        "check for a mistyped digit",
        "new_owner_ids: '1103702174620' หลักตรวจสอบไม่ถูกต้อง: หลักสุดท้ายควรเป็น 9 ไม่ใช่ 0 "
        "โปรดตรวจสอบว่าพิมพ์ตัวเลขผิดหรือไม่",
        None,
    ),
    9: (
        "new_shares: The owners' shares of this row add up to 5/6, not 1: correct the shares.",
        "new_shares: สัดส่วนของเจ้าของรายการนี้ รวมกันได้ 5/6 ไม่ใช่ 1 โปรดแก้ไขสัดส่วน",
        None,
    ),
    10: (
        "transfer_date: 2026-12-01 is in the future (today is 2026-11-24); a change of owners "
        "cannot take effect after today: check the date",
        "transfer_date: วันที่ 1 ธันวาคม 2569 ยังมาไม่ถึง (วันนี้ 24 พฤศจิกายน 2569) "
        "การเปลี่ยนเจ้าของมีผลหลังวันนี้ไม่ได้ โปรดตรวจสอบวันที่",
        None,
    ),
    11: (
        "land_no, document_no: both are empty; give the land number with its sheet, or the "
        "document number",
        "land_no, document_no: ว่างทั้งคู่ โปรดระบุเลขที่ดินพร้อมระวาง หรือเลขที่เอกสารสิทธิ์",
        None,
    ),
    12: (
        "document_no: 2 active parcels match document no. 1006 (01A006, 01A007); check which "
        "parcel is meant, then correct the row or the register",
        "document_no: มีแปลงที่ดิน 2 แปลงตรงกับเอกสารสิทธิ์เลขที่ 1006 (01A006, 01A007) "
        "โปรดตรวจสอบว่าหมายถึงแปลงใด แล้วแก้ไขรายการหรือทะเบียน",
        None,
    ),
    13: (
        "transfer_date: the register already records a change of owners of parcel 01A005 on "
        "2026-05-01, on or after 2026-03-01; history is not rewritten: check the date, or "
        "enter the change by hand after review",
        "transfer_date: ทะเบียนบันทึกการเปลี่ยนเจ้าของแปลง 01A005 เมื่อ 1 พฤษภาคม 2569 "
        "ซึ่งตรงหรือหลังวันที่ 1 มีนาคม 2569 แล้ว จะไม่แก้ไขประวัติย้อนหลัง โปรดตรวจสอบวันที่ "
        "หรือบันทึกด้วยตนเองหลังพิจารณา",
        "01A005",
    ),
}
APPLIED = {2: "01A003", 3: "01A001", 4: "01A002", 5: "01A001"}


def rights_of(conn: Connection, lao_id: int) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in conn.execute(
            sa.text(
                "SELECT p.code, o.owner_no, r.kind, r.share_num, r.share_den, r.valid_from, "
                "r.valid_to FROM rights r JOIN parcels p ON (p.lao_id, p.id) = (r.lao_id, "
                "r.parcel_id) JOIN parties o ON (o.lao_id, o.id) = (r.lao_id, r.party_id) "
                "WHERE r.lao_id = :l ORDER BY p.code, r.valid_from, o.owner_no"
            ),
            {"l": lao_id},
        )
    ]


def counts(conn: Connection, lao_id: int) -> dict[str, int]:
    tables = ("rights", "parties", "cases", "audit_log", "transfer_rows", "transfer_batches")
    return {
        t: conn.execute(
            sa.text(f"SELECT count(*) FROM {t} WHERE lao_id = :l"), {"l": lao_id}
        ).scalar_one()
        for t in tables
    }


@pytest.fixture
def register(conn: Connection) -> int:
    lao_id = make_register(conn, "TRF")
    other = create_lao(CreateLao("TRF2", "อื่น", "Other", 32648), conn)
    # The unknown land number 77 exists, but in another LAO: it must not match.
    bulk.insert_parcels(
        conn,
        other,
        32648,
        [
            {"code": "09Z001", "sheet_50k": "5540", "sheet_quadrant": "III", "sheet_4000": "3432"}
            | {"land_no": "77", "geom": box(0, 0, 10, 10)}
        ],
    )
    return lao_id


def test_the_transfer_file_applies_matching_rows_and_keeps_the_rest(
    conn: Connection, register: int, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "june.csv", FILE_ROWS)
    report = import_transfers("TRF", path, conn, actor="revenue clerk", today=TODAY)

    assert (report.rows, report.applied, report.pending, report.already_received) == (
        12,
        4,
        8,
        False,
    )
    assert report.outcomes == [
        RowOutcome(line, "applied", None, None, APPLIED[line])
        if line in APPLIED
        else RowOutcome(line, "pending", *PENDING[line])
        for line in range(2, 14)
    ]
    # Applied in date order: 01A001 to E (15 Jan) and back to A (15 Feb); heirs P and D.
    start = date(2020, 1, 1)
    assert rights_of(conn, register) == [
        ("01A001", 1, "owner", 1, 1, start, date(2026, 1, 15)),
        ("01A001", 8, "owner", 1, 1, date(2026, 1, 15), date(2026, 2, 15)),
        ("01A001", 1, "owner", 1, 1, date(2026, 2, 15), None),
        ("01A002", 2, "owner", 1, 1, start, date(2026, 2, 1)),
        ("01A002", 7, "owner", 1, 2, date(2026, 2, 1), None),
        ("01A002", 10, "owner", 1, 2, date(2026, 2, 1), None),
        ("01A003", 1, "owner", 1, 2, start, date(2026, 1, 20)),
        ("01A003", 2, "owner", 1, 2, start, date(2026, 1, 20)),
        ("01A003", 9, "owner", 1, 1, date(2026, 1, 20), None),
        ("01A004", 7, "owner", 1, 1, start, None),
        ("01A005", 1, "owner", 1, 1, start, date(2026, 5, 1)),
        ("01A005", 2, "owner", 1, 1, date(2026, 5, 1), None),
    ]
    # New owners take the next ผ.ท.4 numbers after the highest (7), in date order.
    new_parties = conn.execute(
        sa.text(
            "SELECT owner_no, kind, name_th, national_id, juristic_id, search_key <> '' "
            "FROM parties WHERE lao_id = :l AND owner_no > 7 ORDER BY owner_no"
        ),
        {"l": register},
    ).all()
    assert [tuple(p) for p in new_parties] == [
        (8, "individual", NAMES[E], E, None, True),
        (9, "juristic", NAMES[J], None, J, True),
        (10, "individual", NAMES[D], D, None, True),
    ]
    cases = conn.execute(
        sa.text("SELECT id, kind, reason, document_ref FROM cases WHERE lao_id = :l ORDER BY id"),
        {"l": register},
    ).all()
    assert [tuple(c)[1:] for c in cases] == [
        ("transfer", "ขาย", "1001"),
        ("transfer", "ขาย", "1003"),
        ("transfer", "มรดก", "1002"),
        ("transfer", "ให้", "1001"),
    ]
    audit = conn.execute(
        sa.text(
            "SELECT case_id, actor_name, action, entity, before, after FROM audit_log "
            "WHERE lao_id = :l ORDER BY id"
        ),
        {"l": register},
    ).all()
    case_no = {c.id: i for i, c in enumerate(cases, 1)}

    def right(
        code: str, owner: int, share: str, start: str, end: str | None = None
    ) -> dict[str, Any]:
        return {"parcel": code, "owner_no": owner, "kind": "owner", "share": share} | {
            "valid_from": start,
            "valid_to": end,
        }

    def person(owner_no: int, ident: str) -> dict[str, Any]:
        juristic = ident.startswith("0")
        return {
            "owner_no": owner_no,
            "kind": "juristic" if juristic else "individual",
            "name_th": NAMES[ident],
            "national_id": None if juristic else ident,
            "juristic_id": ident if juristic else None,
        }

    old = "2020-01-01"
    assert [(case_no[a.case_id], a.action, a.entity, a.before, a.after) for a in audit] == [
        (1, "create", "party", None, person(8, E)),
        (
            1,
            "end",
            "right",
            right("01A001", 1, "1", old),
            right("01A001", 1, "1", old, "2026-01-15"),
        ),
        (1, "create", "right", None, right("01A001", 8, "1", "2026-01-15")),
        (2, "create", "party", None, person(9, J)),
        (
            2,
            "end",
            "right",
            right("01A003", 1, "1/2", old),
            right("01A003", 1, "1/2", old, "2026-01-20"),
        ),
        (
            2,
            "end",
            "right",
            right("01A003", 2, "1/2", old),
            right("01A003", 2, "1/2", old, "2026-01-20"),
        ),
        (2, "create", "right", None, right("01A003", 9, "1", "2026-01-20")),
        (3, "create", "party", None, person(10, D)),
        (
            3,
            "end",
            "right",
            right("01A002", 2, "1", old),
            right("01A002", 2, "1", old, "2026-02-01"),
        ),
        (3, "create", "right", None, right("01A002", 7, "1/2", "2026-02-01")),
        (3, "create", "right", None, right("01A002", 10, "1/2", "2026-02-01")),
        (
            4,
            "end",
            "right",
            right("01A001", 8, "1", "2026-01-15"),
            right("01A001", 8, "1", "2026-01-15", "2026-02-15"),
        ),
        (4, "create", "right", None, right("01A001", 1, "1", "2026-02-15")),
    ]
    assert {a.actor_name for a in audit} == {"revenue clerk"}

    # Every row is stored; the pending ones are listed for review with their reasons.
    pending = pending_transfers("TRF", conn)
    assert [(p.line_no, p.reason_en, p.reason_th, p.parcel_code) for p in pending] == [
        (line, *PENDING[line]) for line in range(6, 14)
    ]
    assert {p.batch_id for p in pending} == {report.batch_id}
    first = pending[0]
    assert (first.file_name, first.land_no, first.sheet, first.transfer_date) == (
        "june.csv",
        "77",
        "5540 III 3432",
        date(2026, 3, 1),
    )
    assert (first.old_owner_ids, first.new_owner_ids, first.transaction) == (A, E, "ขาย")
    assert first.raw == path.read_text(encoding="utf-8-sig").splitlines()[5]
    future = pending[4]
    assert (future.line_no, future.transfer_date) == (10, None)  # the bad date stays in raw
    stored = conn.execute(
        sa.text(
            "SELECT line_no, decided_by, decided_at IS NOT NULL FROM transfer_rows "
            "WHERE lao_id = :l AND status = 'applied' ORDER BY line_no"
        ),
        {"l": register},
    ).all()
    assert [tuple(s) for s in stored] == [(line, "revenue clerk", True) for line in range(2, 6)]
    batch = conn.execute(
        sa.text(
            "SELECT file_name, rows, applied, pending, actor FROM transfer_batches "
            "WHERE lao_id = :l"
        ),
        {"l": register},
    ).one()
    assert tuple(batch) == ("june.csv", 12, 4, 8, "revenue clerk")


def test_the_same_file_twice_changes_nothing_and_says_when_it_came(
    conn: Connection, register: int, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "june.csv", FILE_ROWS)
    first = import_transfers("TRF", path, conn, actor="clerk", today=TODAY)
    before = counts(conn, register), rights_of(conn, register)
    again = tmp_path / "june-again.csv"
    again.write_bytes(path.read_bytes())

    second = import_transfers("TRF", again, conn, actor="clerk", today=TODAY)

    assert (counts(conn, register), rights_of(conn, register)) == before
    received = conn.execute(
        sa.text("SELECT (now() AT TIME ZONE 'Asia/Bangkok')::date")
    ).scalar_one()
    assert second.already_received
    assert (second.batch_id, second.rows, second.applied, second.pending) == (
        first.batch_id,
        12,
        4,
        8,
    )
    assert second.outcomes == first.outcomes
    assert second.notice_en == (
        f"june-again.csv: this file was already received on {received.isoformat()} as batch "
        f"{first.batch_id} (june.csv); nothing was changed"
    )
    day = f"{received.day} {THAI_MONTHS[received.month - 1]} {received.year + 543}"
    assert second.notice_th == (
        f"june-again.csv: ได้รับไฟล์นี้แล้วเมื่อ {day} เป็นชุดที่ {first.batch_id} (june.csv) "
        "จึงไม่มีการเปลี่ยนแปลงใด"
    )


def test_a_file_that_is_not_utf8_or_lacks_columns_changes_nothing(
    conn: Connection, register: int, tmp_path: Path
) -> None:
    before = counts(conn, register)
    latin = tmp_path / "tis.csv"
    latin.write_bytes(",".join(COLUMNS).encode() + "\nขาย".encode("tis-620"))
    with pytest.raises(InvalidInput) as info:
        import_transfers("TRF", latin, conn, actor="clerk", today=TODAY)
    assert (
        info.value.message_en == "tis.csv: not UTF-8 text (byte 137); save the file as CSV UTF-8."
    )
    missing = tmp_path / "nothing-here.csv"
    with pytest.raises(InvalidInput) as info:
        import_transfers("TRF", missing, conn, actor="clerk", today=TODAY)
    assert (info.value.message_en, info.value.message_th) == (
        "nothing-here.csv: no such file.",
        "nothing-here.csv: ไม่พบไฟล์",
    )
    assert counts(conn, register) == before


def test_change_owners_one_at_a_time(conn: Connection, register: int) -> None:
    change = change_owners(
        "TRF",
        "01A004",
        [(A, "1/2"), (2, Fraction(1, 2))],
        date(2026, 6, 1),
        "ขาย",
        conn,
        actor="clerk",
        today=TODAY,
    )
    assert change == OwnerChange(
        change.case_id, "01A004", date(2026, 6, 1), 1, [(1, "1/2"), (2, "1/2")]
    )
    assert [r for r in rights_of(conn, register) if r[0] == "01A004"] == [
        ("01A004", 7, "owner", 1, 1, date(2020, 1, 1), date(2026, 6, 1)),
        ("01A004", 1, "owner", 1, 2, date(2026, 6, 1), None),
        ("01A004", 2, "owner", 1, 2, date(2026, 6, 1), None),
    ]
    case = conn.execute(
        sa.text("SELECT kind, reason, document_ref FROM cases WHERE id = :c"), {"c": change.case_id}
    ).one()
    assert tuple(case) == ("transfer", "ขาย", "1004")
    actions = conn.execute(
        sa.text("SELECT action, entity FROM audit_log WHERE case_id = :c ORDER BY id"),
        {"c": change.case_id},
    ).all()
    assert [tuple(a) for a in actions] == [
        ("end", "right"),
        ("create", "right"),
        ("create", "right"),
    ]


@pytest.mark.parametrize(
    ("parcel", "owners", "effective", "reason", "field", "en", "th"),
    [
        (
            "01A004",
            [(A, "1/2"), (1, "1/2")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            "owners: owner number 1 is listed twice; list each owner once",
            "owners: ผ.ท.4 เลขที่ 1 ซ้ำกัน โปรดระบุเจ้าของแต่ละรายเพียงครั้งเดียว",
        ),
        (
            "01A004",
            [(A, "1/2"), (A, "1/2")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            f"owners: national ID {A} is listed twice; list each owner once",
            f"owners: เลขประจำตัว {A} ซ้ำกัน โปรดระบุเจ้าของแต่ละรายเพียงครั้งเดียว",
        ),
        (
            "01A004",
            [(E, "1")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            f"owners: no owner of this LAO has national ID {E}; register the owner first",
            f"owners: ไม่พบเจ้าของทรัพย์สินของ อปท. นี้ที่มีเลขประจำตัว {E} โปรดลงทะเบียนเจ้าของก่อน",
        ),
        (
            "01A004",
            [(99, "1")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            "owners: no owner of this LAO has owner number 99; register the owner first",
            "owners: ไม่พบเจ้าของทรัพย์สินของ อปท. นี้ที่มีผ.ท.4 เลขที่ 99 โปรดลงทะเบียนเจ้าของก่อน",
        ),
        (
            "01A004",
            [("1103702174620", "1")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            "owners: '1103702174620' fails the checksum: the last digit should be 9, not 0; "
            "check for a mistyped digit",
            "owners: '1103702174620' หลักตรวจสอบไม่ถูกต้อง: หลักสุดท้ายควรเป็น 9 ไม่ใช่ 0 "
            "โปรดตรวจสอบว่าพิมพ์ตัวเลขผิดหรือไม่",
        ),
        (
            "01A004",
            [(A, "1/2")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            "owners: The owners' shares of parcel 01A004 add up to 1/2, not 1: correct the shares.",
            "owners: สัดส่วนของเจ้าของแปลง 01A004 รวมกันได้ 1/2 ไม่ใช่ 1 โปรดแก้ไขสัดส่วน",
        ),
        (
            "01A004",
            [],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            "owners: parcel 01A004 has no owner: add at least one owner with a share.",
            "owners: แปลง 01A004 ไม่มีเจ้าของ โปรดเพิ่มเจ้าของอย่างน้อยหนึ่งราย",
        ),
        (
            "01A004",
            [(A, "half")],
            date(2026, 6, 1),
            "ขาย",
            "owners",
            "owners: 'half' is not a share; write a fraction such as 1/2 for each new owner",
            "owners: 'half' ไม่ใช่สัดส่วน โปรดเขียนเป็นเศษส่วน เช่น 1/2 สำหรับเจ้าของใหม่แต่ละราย",
        ),
        (
            "01A004",
            [(A, "1")],
            date(2026, 12, 1),
            "ขาย",
            "effective",
            "effective: 2026-12-01 is in the future (today is 2026-11-24); a change of owners "
            "cannot take effect after today: check the date",
            "effective: วันที่ 1 ธันวาคม 2569 ยังมาไม่ถึง (วันนี้ 24 พฤศจิกายน 2569) "
            "การเปลี่ยนเจ้าของมีผลหลังวันนี้ไม่ได้ โปรดตรวจสอบวันที่",
        ),
        (
            "01A004",
            [(A, "1")],
            date(2026, 6, 1),
            " ",
            "reason",
            "reason: empty; write the kind of transaction, e.g. ขาย, มรดก, ให้",
            "reason: ว่าง โปรดระบุประเภทการทำธุรกรรม เช่น ขาย มรดก ให้",
        ),
        (
            "01A005",
            [(A, "1")],
            date(2026, 3, 1),
            "ขาย",
            "effective",
            "effective: the register already records a change of owners of parcel 01A005 on "
            "2026-05-01, on or after 2026-03-01; history is not rewritten: check the date, or "
            "enter the change by hand after review",
            "effective: ทะเบียนบันทึกการเปลี่ยนเจ้าของแปลง 01A005 เมื่อ 1 พฤษภาคม 2569 "
            "ซึ่งตรงหรือหลังวันที่ 1 มีนาคม 2569 แล้ว จะไม่แก้ไขประวัติย้อนหลัง โปรดตรวจสอบวันที่ "
            "หรือบันทึกด้วยตนเองหลังพิจารณา",
        ),
    ],
)
def test_change_owners_refuses_with_the_field_and_what_to_do(
    conn: Connection,
    register: int,
    parcel: str,
    owners: list[tuple[str | int, str]],
    effective: date,
    reason: str,
    field: str,
    en: str,
    th: str,
) -> None:
    before = counts(conn, register)
    with pytest.raises(InvalidInput) as info:
        change_owners("TRF", parcel, owners, effective, reason, conn, actor="clerk", today=TODAY)
    assert (info.value.field, info.value.message_en, info.value.message_th) == (field, en, th)
    assert counts(conn, register) == before


def test_change_owners_of_an_unknown_parcel(conn: Connection, register: int) -> None:
    with pytest.raises(ParcelNotFound) as info:
        change_owners(
            "TRF", "09Z001", [(A, "1")], date(2026, 6, 1), "ขาย", conn, actor="c", today=TODAY
        )
    assert (info.value.message_en, info.value.message_th) == (
        "No active parcel of this LAO has the code '09Z001': check the code on the tax map.",
        "ไม่พบแปลงที่ดินรหัส '09Z001' ที่ใช้งานอยู่ของ อปท. นี้ โปรดตรวจรหัสแปลงในแผนที่ภาษี",
    )


def test_transfers_over_http(
    test_settings: Settings, engine: Engine, tmp_path: Path, make_client: Callable[..., TestClient]
) -> None:
    drop_lao(engine, "TRFHTTP")
    with engine.begin() as c:
        make_register(c, "TRFHTTP")
    path = write_csv(
        tmp_path / "july.csv",
        [
            by_sheet("11", **sale([A], [E], "2025-07-01")),
            by_sheet("77", **sale([A], [E], "2025-07-02")),
        ],
    )
    try:
        with make_client() as client:
            with path.open("rb") as f:
                done = client.post(
                    "/api/v1/laos/TRFHTTP/transfers", files={"file": ("july.csv", f)}
                )
            assert done.status_code == 200
            body = done.json()
            assert (body["rows"], body["applied"], body["pending"], body["already_received"]) == (
                2,
                1,
                1,
                False,
            )
            assert body["outcomes"] == [
                {
                    "line_no": 2,
                    "status": "applied",
                    "reason_en": None,
                    "reason_th": None,
                    "parcel_code": "01A001",
                },
                {
                    "line_no": 3,
                    "status": "pending",
                    "reason_en": PENDING[6][0],
                    "reason_th": PENDING[6][1],
                    "parcel_code": None,
                },
            ]
            with path.open("rb") as f:
                again = client.post(
                    "/api/v1/laos/TRFHTTP/transfers", files={"file": ("july.csv", f)}
                ).json()
            assert (again["already_received"], again["batch_id"]) == (True, body["batch_id"])
            assert again["notice_en"].startswith("july.csv: this file was already received on ")
            [row] = client.get("/api/v1/laos/TRFHTTP/transfers/pending").json()
            assert (row["line_no"], row["land_no"], row["transfer_date"], row["reason_en"]) == (
                3,
                "77",
                "2025-07-02",
                PENDING[6][0],
            )
            bad = client.post(
                "/api/v1/laos/TRFHTTP/transfers",
                files={"file": ("tis.csv", ",".join(COLUMNS).encode() + "\nขาย".encode("tis-620"))},
            )
            assert (bad.status_code, bad.json()["code"], bad.json()["details"]) == (
                422,
                "invalid_input",
                {"field": "file"},
            )
            missing = client.get("/api/v1/laos/NOPE/transfers/pending")
            assert (missing.status_code, missing.json()["code"]) == (404, "lao_not_found")
    finally:
        drop_lao(engine, "TRFHTTP")
