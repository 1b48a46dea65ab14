"""Notices from a frozen roll: gap-free numbers under concurrent issuers, instalments, s.53."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from pdf_text import extract_lines
from shapely.geometry import box
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import bulk
from parcels.register.orm import land_use_pieces, parties, rights
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao
from taxmap.admin.services import create_lao
from taxmap.billing.notice_documents import bind, render_batches
from taxmap.billing.notices import (
    cancel_and_reissue,
    freeze_roll,
    issue_notices,
    notice_document,
    notice_pdf,
)
from taxmap.core.errors import InvalidInput, NoticeAlreadyIssued
from valuation.land_prices import create_round, set_manual_price
from valuation.roll_services import assess_roll

X, Y = 230_000.0, 1_730_000.0
BILLER = "099400016453401"


def register(conn: Connection, code: str, owners: int) -> int:
    """One 200 sq wah parcel per owner (each a company), priced at 150,000 = 30 M: 90,000."""
    lao_id = create_lao(CreateLao(code, "ทดสอบหนังสือแจ้ง", "Notices", 32648), conn)
    conn.execute(
        sa.text("UPDATE laos SET settings = :s WHERE id = :l"),
        {"s": f'{{"payment": {{"biller_id": "{BILLER}"}}}}', "l": lao_id},
    )
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [
            {
                "code": f"01A{i + 1:03d}",
                "geom": box(X + 30 * i, Y, X + 30 * i + 20, Y + 40),
                "valid_from": "2020-01-01",
            }
            for i in range(owners)
        ],
    )
    for i in range(owners):
        party = conn.execute(
            sa.insert(parties)
            .values(lao_id=lao_id, owner_no=i + 1, kind="juristic", name_th=f"บริษัท {i + 1} จำกัด")
            .returning(parties.c.id)
        ).scalar_one()
        parcel = conn.execute(
            sa.text("SELECT id FROM parcels WHERE lao_id = :l AND code = :c"),
            {"l": lao_id, "c": f"01A{i + 1:03d}"},
        ).scalar_one()
        conn.execute(
            sa.insert(rights).values(
                lao_id=lao_id,
                party_id=party,
                kind="owner",
                parcel_id=parcel,
                valid_from="2020-01-01",
            )
        )
        conn.execute(
            sa.insert(land_use_pieces).values(
                lao_id=lao_id,
                parcel_id=parcel,
                category="other",
                area_sq_wah=Decimal("200.00"),
                valid_from="2020-01-01",
            )
        )
    create_round(code, "B.E. 2566-2569", 2566, 2569, conn)
    for i in range(owners):
        set_manual_price(
            code, "B.E. 2566-2569", f"01A{i + 1:03d}", Decimal("150000"), "test", "test", conn
        )
    assess_roll(code, 2026, conn)
    return lao_id


def test_notices_come_from_a_frozen_roll_with_instalments(conn: Connection) -> None:
    register(conn, "NOTE", 2)
    with pytest.raises(InvalidInput, match="The 2026 roll of NOTE is not frozen"):
        issue_notices("NOTE", 2026, conn, actor="t")
    freeze_roll("NOTE", 2569, conn, actor="head")
    report = issue_notices("NOTE", 2026, conn, actor="clerk", issued_on=date(2026, 2, 10))
    assert (report.issued, report.first_numbers, report.last_numbers) == (
        2,
        {"lbt": "L2569-000001"},
        {"lbt": "L2569-000002"},
    )
    again = issue_notices("NOTE", 2026, conn, actor="clerk", issued_on=date(2026, 2, 11))
    assert (again.issued, again.already_issued) == (0, 2)
    plan = conn.execute(
        sa.text(
            "SELECT n.notice_no, n.amount, n.ref1, n.ref2, n.due_on, i.no, i.due_on, i.amount"
            " FROM notices n JOIN notice_instalments i ON i.notice_id = n.id"
            " WHERE n.lao_id = (SELECT id FROM laos WHERE code = 'NOTE')"
            " AND n.notice_no = 'L2569-000001' ORDER BY i.no"
        )
    ).all()
    # 90,000 (30 M at 0.3 %) in 3 instalments from the end of April, a month apart (s.52).
    assert [tuple(r) for r in plan] == [
        (
            "L2569-000001",
            Decimal("90000.00"),
            "L2569000001",
            "2569",
            date(2026, 4, 30),
            1,
            date(2026, 4, 30),
            Decimal("30000.00"),
        ),
        (
            "L2569-000001",
            Decimal("90000.00"),
            "L2569000001",
            "2569",
            date(2026, 4, 30),
            2,
            date(2026, 5, 31),
            Decimal("30000.00"),
        ),
        (
            "L2569-000001",
            Decimal("90000.00"),
            "L2569000001",
            "2569",
            date(2026, 4, 30),
            3,
            date(2026, 6, 30),
            Decimal("30000.00"),
        ),
    ]


def test_a_batch_of_issued_notices_prints_one_pdf_each_and_a_print_file(
    conn: Connection,
) -> None:
    """What `taxmap notices issue --pdf` writes: each notice as printed alone, then all."""
    register(conn, "NOTE", 3)
    freeze_roll("NOTE", 2026, conn, actor="head")
    issue_notices("NOTE", 2026, conn, actor="clerk", issued_on=date(2026, 2, 10))
    numbers = [f"L2569-00000{n}" for n in (1, 2, 3)]
    docs = [notice_document("NOTE", number, conn) for number in numbers]
    calls: list[tuple[str, int, int]] = []
    (batch,) = render_batches(docs, workers=1, progress=lambda *call: calls.append(call))
    assert calls == [("render notices", 3, 3)]
    assert [(n.notice_no, n.pages) for n in batch.notices] == [(no, 2) for no in numbers]
    for notice, number in zip(batch.notices, numbers, strict=True):
        assert extract_lines(notice.pdf) == extract_lines(notice_pdf("NOTE", number, conn))
    printed = extract_lines(bind([batch.pdf], "NOTE 2569"))
    assert [line for line in printed if line.startswith("เลขที่ L2569")] == [
        f"เลขที่ {number} วันที่ 10 กุมภาพันธ์ 2569" for number in numbers
    ]
    assert "จำนวนเงินที่ต้องชำระทั้งสิ้น 90,000.00 บาท (เก้าหมื่นบาทถ้วน)" in printed


def test_a_correction_cancels_and_replaces_the_notice(conn: Connection) -> None:
    lao_id = register(conn, "NOTE", 1)
    freeze_roll("NOTE", 2026, conn, actor="head")
    issue_notices("NOTE", 2026, conn, actor="clerk", issued_on=date(2026, 2, 10))
    # The survey finds the land farmed since before 1 January: the register is corrected.
    conn.execute(
        sa.text("UPDATE land_use_pieces SET category = 'agri' WHERE lao_id = :l"), {"l": lao_id}
    )
    with pytest.raises(InvalidInput) as wrong:
        cancel_and_reissue(
            "NOTE", "L2569-000001", Decimal("2500.00"), "use corrected", conn, actor="head"
        )
    assert wrong.value.message_en == (
        "The register as of 1 January 2026 gives 3,000.00 baht for notice L2569-000001's"
        " taxpayer, not 2,500.00: correct the register (land use, prices, buildings, signs)"
        " first, or leave the amount out."
    )
    new = cancel_and_reissue(
        "NOTE",
        "L2569-000001",
        None,
        "use corrected on survey",
        conn,
        actor="head",
        issued_on=date(2026, 3, 1),
    )
    assert new == "L2569-000002"
    rows = conn.execute(
        sa.text(
            "SELECT notice_no, status, amount, cancel_reason,"
            " (SELECT notice_no FROM notices o WHERE o.id = n.replaces_id)"
            " FROM notices n WHERE lao_id = :l ORDER BY seq"
        ),
        {"l": lao_id},
    ).all()
    # 30,000,000 baht of farmland of a company: 0.01 % (s.37 schedule 1).
    assert [tuple(r) for r in rows] == [
        ("L2569-000001", "cancelled", Decimal("90000.00"), "use corrected on survey", None),
        ("L2569-000002", "issued", Decimal("3000.00"), None, "L2569-000001"),
    ]
    stored = conn.execute(
        sa.text(
            "SELECT line_no, item, category, value, allowance, amount FROM notice_lines"
            " WHERE lao_id = :l ORDER BY line_no"
        ),
        {"l": lao_id},
    ).all()
    assert [tuple(r) for r in stored] == [
        (1, "land 01A001", "agri", Decimal("30000000.0000"), Decimal("0.0000"), Decimal("3000.00"))
    ]
    text = extract_lines(notice_pdf("NOTE", new, conn))
    assert "แทนหนังสือแจ้งเลขที่ L2569-000001 ซึ่งยกเลิกแล้ว" in text
    # The ภ.ด.ส.7 sheet prints from the recomputed lines kept with the notice.
    assert "ภ.ด.ส.7" in text
    assert "รวม 30,000,000.00 0.00 30,000,000.00 3,000.00" in text
    assert "จำนวนเงินที่ต้องชำระทั้งสิ้น 3,000.00 บาท (สามพันบาทถ้วน)" in text
    with pytest.raises(NoticeAlreadyIssued, match="already cancelled"):
        cancel_and_reissue("NOTE", "L2569-000001", None, "again", conn, actor="head")
    # Re-issued for the same tax (the address was wrong): the PDF names the notice it replaces.
    third = cancel_and_reissue(
        "NOTE",
        "L2569-000002",
        Decimal("3000.00"),
        "mailed to the wrong address",
        conn,
        actor="head",
        issued_on=date(2026, 3, 2),
    )
    text = extract_lines(notice_pdf("NOTE", third, conn))
    assert "เลขที่ L2569-000003 วันที่ 2 มีนาคม 2569" in text
    assert "แทนหนังสือแจ้งเลขที่ L2569-000002 ซึ่งยกเลิกแล้ว" in text


def test_many_concurrent_issuers_leave_no_gap_and_no_duplicate(engine: Engine) -> None:
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = 'NOTEC'")).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = register(c, "NOTEC", 12)
        freeze_roll("NOTEC", 2026, c, actor="head")
    errors: list[BaseException] = []
    start = threading.Barrier(12)

    def issue(taxpayer: int) -> None:
        try:
            start.wait()
            issue_notices("NOTEC", 2026, engine, actor=f"clerk {taxpayer}", taxpayer_no=taxpayer)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(1, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with engine.begin() as c:
        seqs = c.execute(
            sa.text("SELECT seq, taxpayer_no FROM notices WHERE lao_id = :l ORDER BY seq"),
            {"l": lao_id},
        ).all()
        assert [s for s, _ in seqs] == list(range(1, 13))
        assert sorted(t for _, t in seqs) == list(range(1, 13))
        delete_lao(c, lao_id)
