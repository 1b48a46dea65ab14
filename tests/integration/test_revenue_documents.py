"""Receipts and warning letters: stored letters set the penalty, both print as Thai PDFs."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa
from pdf_text import extract_lines
from revenue_rows import frozen_roll, issued_notice
from sqlalchemy.engine import Connection

from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.billing.payments import cancel_receipt, record_counter_payment, taxpayer_balance
from taxmap.billing.receipts import receipt_pdf
from taxmap.billing.warning_letters import (
    issue_warning_letters,
    list_warning_letters,
    warning_letter_pdf,
)
from taxmap.core.errors import InvalidInput, NotFound

LAO = "DOCS"
SETTINGS = {
    "letterhead": {
        "name_th": "องค์การบริหารส่วนตำบลเอกสาร",
        "address_lines": ["หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย", "จังหวัดนครราชสีมา 30120"],
        "phone": "0 4400 0000",
    }
}


@pytest.fixture
def lao(conn: Connection) -> int:
    """Taxpayer 1 owes 10,000 of 2026 (due 30 April); taxpayer 2 owes 500 and paid it."""
    lao_id = create_lao(CreateLao(LAO, "อบต.เอกสาร", "Documents SAO", 32648), conn)
    conn.execute(
        sa.text("UPDATE laos SET settings = CAST(:s AS jsonb) WHERE id = :l"),
        {"s": json.dumps(SETTINGS, ensure_ascii=False), "l": lao_id},
    )
    one, two = (
        conn.execute(
            sa.text(
                "INSERT INTO parties (lao_id, owner_no, kind, name_th, mailing_address)"
                " VALUES (:l, :no, 'individual', :name, :address) RETURNING id"
            ),
            {"l": lao_id, "no": no, "name": name, "address": address},
        ).scalar_one()
        for no, name, address in (
            (1, "นายสมชาย ใจดี", "12 หมู่ 3 ตำบลบัวลาย"),
            (2, "นางสมหญิง รักดี", "5 หมู่ 1 ตำบลบัวลาย"),
        )
    )
    roll = frozen_roll(conn, lao_id, 2026)
    issued_notice(conn, lao_id, roll, 2026, 1, [one], [(date(2026, 4, 30), "10000.00")])
    issued_notice(
        conn, lao_id, roll, 2026, 2, [two], [(date(2026, 4, 30), "500.00")], name="นางสมหญิง รักดี"
    )
    record_counter_payment(
        LAO, "L2569-000002", D("500.00"), date(2026, 4, 29), conn, received_by="a"
    )
    return lao_id


def test_warning_letters_are_numbered_stored_once_and_set_the_penalty(
    conn: Connection, lao: int
) -> None:
    with pytest.raises(InvalidInput) as early:
        issue_warning_letters(LAO, 2569, date(2026, 4, 30), conn, actor="head")
    assert early.value.message_en == (
        "Warning letters for tax year 2026 go out after the payment due date 2026-04-30:"
        " issue them from 2026-05-01."
    )
    # Before a letter, 15 July is plain late payment: 10 % + 3 months × 1 % (s.68(1), s.70).
    before = taxpayer_balance(LAO, "L2569-000001", date(2026, 7, 15), conn)
    assert (before.penalty, before.surcharge, before.total) == (
        D("1000.00"),
        D("300.00"),
        D("11300.00"),
    )
    done = issue_warning_letters(LAO, 2569, date(2026, 5, 20), conn, actor="head")
    assert (done.pay_by, done.already_warned) == (date(2026, 8, 18), 0)
    assert [(x.letter_no, x.notice_no, x.owner_name) for x in done.letters] == [
        ("W2569-000001", "L2569-000001", "นายสมชาย ใจดี")
    ]
    again = issue_warning_letters(LAO, 2026, date(2026, 5, 31), conn, actor="head")
    assert (again.letters, again.already_warned) == ((), 1)
    assert [x.letter_no for x in list_warning_letters(LAO, 2026, conn)] == ["W2569-000001"]
    # Rule book §1.13: 10,000 paid 15 July within the letter's period: 2,000 + 300 = 12,300;
    # on the letter's day itself it is still before the warning (10 %), after 18 August 40 %.
    assert taxpayer_balance(LAO, "L2569-000001", date(2026, 7, 15), conn).total == D("12300.00")
    assert taxpayer_balance(LAO, "L2569-000001", date(2026, 5, 20), conn).penalty == D("1000.00")
    late = taxpayer_balance(LAO, "L2569-000001", date(2026, 8, 19), conn)
    assert (late.penalty, late.surcharge) == (D("4000.00"), D("400.00"))
    counter = conn.execute(
        sa.text("SELECT value FROM lao_counters WHERE lao_id = :l AND name = 'warning:2026'"),
        {"l": lao},
    ).scalar_one()
    assert counter == 1


def test_a_warning_letter_prints_the_debt_and_the_day_to_pay(conn: Connection, lao: int) -> None:
    issue_warning_letters(LAO, 2026, date(2026, 5, 31), conn, actor="head")
    lines = extract_lines(warning_letter_pdf(LAO, "W2569-000001", conn))
    for expected in (
        "องค์การบริหารส่วนตำบลเอกสาร",
        "หนังสือแจ้งเตือนให้ชำระภาษีที่ดินและสิ่งปลูกสร้างที่ค้างชำระ",
        "เลขที่ W2569-000001 วันที่ 31 พฤษภาคม 2569",
        "เรียน นายสมชาย ใจดี",
        "ที่อยู่ 12 หมู่ 3 ตำบลบัวลาย",
        "ภาษีที่ค้างชำระ 10,000.00",
        "เบี้ยปรับร้อยละ 20 เมื่อชำระภายในกำหนดตามหนังสือนี้ 2,000.00",
        "เงินเพิ่มถึงวันที่ออกหนังสือนี้ 100.00",
        "รวม 12,100.00",
        "ขอให้ชำระภายในวันที่ 29 สิงหาคม 2569 จำนวน 12,100.00 บาท (หนึ่งหมื่นสองพันหนึ่งร้อยบาทถ้วน)",
    ):
        assert expected in lines, expected
    with pytest.raises(NotFound) as missing:
        warning_letter_pdf(LAO, "W2569-000009", conn)
    assert missing.value.message_en == (
        "DOCS has no warning letter W2569-000009: check the number (e.g. W2569-000001)."
    )


def test_a_receipt_itemises_tax_penalty_and_surcharge_in_figures_and_words(
    conn: Connection, lao: int
) -> None:
    issue_warning_letters(LAO, 2026, date(2026, 5, 31), conn, actor="head")
    receipt = record_counter_payment(
        LAO, "L2569-000001", D("12300.00"), date(2026, 7, 15), conn, received_by="นางเก็บ เงิน"
    )
    assert receipt.receipt_no == "R2569-000002"
    lines = extract_lines(receipt_pdf(LAO, "R2569-000002", conn))
    for expected in (
        "องค์การบริหารส่วนตำบลเอกสาร",
        "ใบเสร็จรับเงิน",
        "หมู่ 1 ตำบลบัวลาย อำเภอบัวลาย",
        "เลขที่ R2569-000002 วันที่ 15 กรกฎาคม 2569",
        "ได้รับเงินจาก นายสมชาย ใจดี",
        "ที่อยู่ 12 หมู่ 3 ตำบลบัวลาย",
        "ตามหนังสือแจ้งเลขที่ L2569-000001",
        "วิธีชำระ ชำระที่เคาน์เตอร์ (เงินสด)",
        "รวม 10,000.00 2,000.00 300.00 12,300.00",
        "จำนวนเงินที่ได้รับทั้งสิ้น 12,300.00 บาท (หนึ่งหมื่นสองพันสามร้อยบาทถ้วน)",
        "ผู้รับเงิน (นางเก็บ เงิน)",
    ):
        assert expected in lines, expected
    item = next(x for x in lines if x.startswith("L2569-000001 ภาษีที่ดิน"))
    assert item.endswith("2569 1 30 เม.ย. 2569 10,000.00 2,000.00 300.00 12,300.00")


def test_a_receipt_names_the_cheque_it_was_paid_with(conn: Connection, lao: int) -> None:
    receipt = record_counter_payment(
        LAO,
        "L2569-000001",
        D("100.00"),
        date(2026, 4, 1),
        conn,
        received_by="clerk",
        method="cheque",
        method_ref=" 0012345 ธนาคารออมสิน สาขาบัวลาย ",
    )
    assert (receipt.method, receipt.method_ref) == ("cheque", "0012345 ธนาคารออมสิน สาขาบัวลาย")
    lines = extract_lines(receipt_pdf(LAO, receipt.receipt_no, conn))
    assert "วิธีชำระ ชำระที่เคาน์เตอร์ (เช็ค 0012345 ธนาคารออมสิน สาขาบัวลาย)" in lines


def test_a_cancelled_receipt_prints_as_cancelled_and_a_missing_one_is_named(
    conn: Connection, lao: int
) -> None:
    cancel_receipt(LAO, "R2569-000001", conn, by="head", reason="wrong taxpayer")
    lines = extract_lines(receipt_pdf(LAO, "R2569-000001", conn))
    assert "ยกเลิกแล้ว (wrong taxpayer)" in lines
    assert "จำนวนเงินที่ได้รับทั้งสิ้น 500.00 บาท (ห้าร้อยบาทถ้วน)" in lines
    with pytest.raises(NotFound) as missing:
        receipt_pdf(LAO, "R2569-000099", conn)
    assert missing.value.message_en == (
        "DOCS has no receipt R2569-000099: check the number (e.g. R2569-000001)."
    )
