"""Change-of-use reports (LBT s.33): recorded as requests that open an edit case."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from shapely.geometry import box
from sqlalchemy.engine import Connection

from parcels.fabric import bulk
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.billing.change_of_use import list_change_of_use_reports, report_change_of_use
from taxmap.core.errors import InvalidInput, ParcelNotFound

LAO = "USES"


def make_lao(conn: Connection, code: str) -> int:
    """An LAO with parcels 01A001 and 01A002."""
    lao_id = create_lao(CreateLao(code, "อบต.เปลี่ยนการใช้", "Uses SAO", 32648), conn)
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [
            {
                "code": f"01A00{i}",
                "geom": box(230_000 + 30 * i, 1_730_000, 230_020 + 30 * i, 1_730_040),
                "valid_from": "2020-01-01",
            }
            for i in (1, 2)
        ],
    )
    return lao_id


def test_a_report_opens_an_edit_case_and_says_whether_it_came_in_time(
    conn: Connection,
) -> None:
    lao_id = make_lao(conn, LAO)
    done = report_change_of_use(
        LAO,
        "01A001",
        "res_other",
        date(2026, 3, 1),
        date(2026, 4, 30),
        "นายสมชาย ใจดี",
        conn,
        actor="clerk",
        details="ให้เช่าเป็นที่อยู่อาศัย",
    )
    assert (done.parcel_code, done.days_after_change, done.in_time, done.status) == (
        "01A001",
        60,
        True,
        "open",
    )
    case = conn.execute(
        sa.text("SELECT kind, reason, document_ref FROM cases WHERE lao_id = :l AND id = :c"),
        {"l": lao_id, "c": done.case_id},
    ).one()
    assert tuple(case) == (
        "change_of_use",
        "ม.33 แจ้งเปลี่ยนการใช้ประโยชน์แปลง 01A001 เป็นที่อยู่อาศัยอื่น ตั้งแต่ 2026-03-01"
        " (s.33 change of use to res_other, reported 2026-04-30 by นายสมชาย ใจดี)",
        "change-of-use report 2026-04-30",
    )
    audit = conn.execute(
        sa.text(
            "SELECT action, entity, entity_id, case_id, actor_name FROM audit_log"
            " WHERE lao_id = :l ORDER BY id DESC LIMIT 1"
        ),
        {"l": lao_id},
    ).one()
    assert tuple(audit) == ("report", "change_of_use", done.id, done.case_id, "clerk")
    late = report_change_of_use(
        LAO, "01A002", "vacant", date(2026, 1, 5), date(2026, 3, 7), "survey", conn, actor="s"
    )
    assert (late.days_after_change, late.in_time) == (61, False)
    listed = list_change_of_use_reports(LAO, conn, status="open")
    assert [(x.id, x.parcel_code, x.reported_use) for x in listed] == [
        (done.id, "01A001", "res_other"),
        (late.id, "01A002", "vacant"),
    ]


def test_a_report_names_what_is_wrong(conn: Connection) -> None:
    make_lao(conn, LAO)
    day = date(2026, 3, 1)
    with pytest.raises(InvalidInput) as use:
        report_change_of_use(LAO, "01A001", "shop", day, day, "x", conn, actor="c")
    assert use.value.message_en == (
        "'shop' is not a use category: give one of agri, res_main, res_bldg, res_other, other,"
        " vacant."
    )
    with pytest.raises(InvalidInput) as order:
        report_change_of_use(LAO, "01A001", "agri", day, date(2026, 2, 1), "x", conn, actor="c")
    assert order.value.message_en == (
        "The change (2026-03-01) cannot come after its report (2026-02-01): correct the dates."
    )
    with pytest.raises(ParcelNotFound) as parcel:
        report_change_of_use(LAO, "09Z999", "agri", day, day, "x", conn, actor="c")
    assert parcel.value.message_en == (
        "USES has no current parcel 09Z999: check the code (e.g. 01A001)."
    )
