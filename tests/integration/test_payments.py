"""Payments: counter receipts, settlement files, refunds, cancelled receipts, concurrency."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from revenue_rows import frozen_roll, issued_notice
from sqlalchemy.engine import Connection, Engine

from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao, get_lao
from taxmap.admin.services import create_lao
from taxmap.billing.payments import (
    cancel_receipt,
    import_payment_file,
    record_counter_payment,
    refund_overpayment,
    taxpayer_balance,
)
from taxmap.billing.warning_letters import issue_warning_letters
from taxmap.core.errors import AlreadyExists, InvalidInput

LAO = "PAYT"
HEADER = "transaction_id,paid_at,amount,ref1,ref2,channel\n"


def _roll(conn: Connection, lao_id: int, year: int) -> int:
    return frozen_roll(conn, lao_id, year)


def _notice(
    conn: Connection,
    lao_id: int,
    roll_id: int,
    year: int,
    seq: int,
    owners: list[int],
    instalments: list[tuple[date, str]],
    tax: str = "lbt",
) -> str:
    return issued_notice(conn, lao_id, roll_id, year, seq, owners, instalments, tax=tax)


@pytest.fixture
def lao(conn: Connection) -> int:
    """An LAO whose taxpayer (parties 7 and 8) owes 1,000 for 2025 and 2,000 for 2026."""
    lao_id = create_lao(CreateLao(LAO, "อบต.ทดสอบ", "Test SAO", 32648), conn)
    old, new = _roll(conn, lao_id, 2025), _roll(conn, lao_id, 2026)
    _notice(conn, lao_id, old, 2025, 7, [8, 7], [(date(2025, 6, 30), "1000.00")])
    _notice(conn, lao_id, new, 2026, 1, [7, 8], [(date(2026, 4, 30), "2000.00")])
    _notice(conn, lao_id, new, 2026, 2, [9], [(date(2026, 4, 30), "500.00")])
    # 2025's warning letter went out on 31 July 2025 with 90 days to pay (s.60-61).
    issue_warning_letters(LAO, 2025, date(2025, 7, 31), conn, actor="head")
    return lao_id


def _file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "settlement.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def _count(conn: Connection, table: str, lao_id: int) -> int:
    query = sa.text(f"SELECT count(*) FROM {table} WHERE lao_id = :l")  # table names are ours
    return int(conn.execute(query, {"l": lao_id}).scalar_one())


def test_counter_payment_pays_the_oldest_notice_first_and_issues_a_receipt(
    conn: Connection, lao: int
) -> None:
    receipt = record_counter_payment(
        LAO, "L2569-000001", D("2500.00"), date(2026, 4, 20), conn, received_by="clerk"
    )
    assert receipt.receipt_no == "R2569-000001"
    assert receipt.amount_words == "สองพันห้าร้อยบาทถ้วน"
    # 2025's 1,000 due 30 June 2025: 10 months late, after the warning period (40 %).
    assert [(x.notice_no, x.months_late, x.tax, x.penalty, x.surcharge) for x in receipt.lines] == [
        ("L2568-000007", 10, D("1000.00"), D("400.00"), D("100.00")),
        ("L2569-000001", 0, D("1000.00"), D("0.00"), D("0.00")),
    ]
    assert (receipt.tax, receipt.penalty, receipt.surcharge) == (
        D("2000.00"),
        D("400.00"),
        D("100.00"),
    )
    assert receipt.overpayment == D("0.00")
    stored = conn.execute(
        sa.text(
            "SELECT n.notice_no, a.instalment_no, a.tax, a.penalty, a.surcharge"
            " FROM payment_allocations a JOIN notices n ON n.lao_id = a.lao_id"
            " AND n.id = a.notice_id WHERE a.lao_id = :l ORDER BY a.id"
        ),
        {"l": lao},
    ).all()
    assert [tuple(r) for r in stored] == [
        ("L2568-000007", 1, D("1000.00"), D("400.00"), D("100.00")),
        ("L2569-000001", 1, D("1000.00"), D("0.00"), D("0.00")),
    ]


def test_a_counter_payment_records_how_it_was_paid(conn: Connection, lao: int) -> None:
    day = date(2026, 4, 20)
    cash = record_counter_payment(LAO, "L2569-000002", D("100.00"), day, conn, received_by="a")
    transfer = record_counter_payment(
        LAO,
        "L2569-000002",
        D("100.00"),
        day,
        conn,
        received_by="a",
        method="transfer",
        method_ref="KTB 20260420-7781",
    )
    assert (cash.method, cash.method_ref) == ("cash", None)
    assert transfer.to_json()["method"] == "transfer"
    assert transfer.to_json()["method_ref"] == "KTB 20260420-7781"
    stored = conn.execute(
        sa.text(
            "SELECT receipt_no, method, method_ref FROM payments WHERE lao_id = :l ORDER BY id"
        ),
        {"l": lao},
    ).all()
    assert [tuple(r) for r in stored] == [
        ("R2569-000001", "cash", None),
        ("R2569-000002", "transfer", "KTB 20260420-7781"),
    ]


@pytest.mark.parametrize(
    ("method", "ref", "field", "message"),
    [
        (
            "cheque",
            None,
            "method_ref",
            "A payment by cheque needs the cheque's number and bank in method_ref.",
        ),
        (
            "transfer",
            "  ",
            "method_ref",
            "A payment by transfer needs the transfer's reference in method_ref.",
        ),
        (
            "card",
            None,
            "method",
            "'card' is not a payment method: give one of cash, cheque, transfer.",
        ),
        ("cheque", "x" * 121, "method_ref", "method_ref has 121 characters; give at most 120."),
    ],
)
def test_an_untraceable_or_unknown_method_is_refused_and_nothing_recorded(
    conn: Connection, lao: int, method: str, ref: str | None, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        record_counter_payment(
            LAO,
            "L2569-000002",
            D("100.00"),
            date(2026, 4, 20),
            conn,
            received_by="a",
            method=method,
            method_ref=ref,
        )
    assert (refused.value.field, refused.value.message_en) == (field, message)
    assert _count(conn, "payments", lao) == 0


def test_balance_on_a_day_adds_penalty_and_surcharge_on_the_unpaid_tax(
    conn: Connection, lao: int
) -> None:
    record_counter_payment(
        LAO, "L2569-000001", D("2500.00"), date(2026, 4, 20), conn, received_by="clerk"
    )
    # Before 2026's warning letter the 1,000 still unpaid bears 10 % + 3 × 1 % (s.68(1)) ...
    before = taxpayer_balance(LAO, "L2569-000001", date(2026, 7, 15), conn)
    assert [(x.tax, x.penalty, x.surcharge, x.penalty_stage) for x in before.lines] == [
        (D("1000.00"), D("100.00"), D("30.00"), "before_warning")
    ]
    # ... once the letter of 31 May is on record, 15 July is within its period: 20 % + 3 × 1 %.
    issue_warning_letters(LAO, 2026, date(2026, 5, 31), conn, actor="head")
    balance = taxpayer_balance(LAO, "L2569-000001", date(2026, 7, 15), conn)
    assert [(x.notice_no, x.tax, x.penalty, x.surcharge) for x in balance.lines] == [
        ("L2569-000001", D("1000.00"), D("200.00"), D("30.00"))
    ]
    assert balance.total == D("1230.00")
    on_time = taxpayer_balance(LAO, "L2569-000002", date(2026, 4, 30), conn)
    assert (on_time.owner_name, on_time.total) == ("นายสมชาย ใจดี", D("500.00"))


def test_receipt_numbers_are_consecutive_per_fiscal_year(conn: Connection, lao: int) -> None:
    def pay(day: date) -> str:
        return record_counter_payment(
            LAO, "L2569-000002", D("10.00"), day, conn, received_by="clerk"
        ).receipt_no

    numbers = [pay(date(2025, 9, 30)), pay(date(2025, 10, 1)), pay(date(2026, 1, 5))]
    numbers.append(pay(date(2026, 9, 30)))
    assert numbers == ["R2568-000001", "R2569-000001", "R2569-000002", "R2569-000003"]


def test_importing_a_file_twice_records_each_payment_once(
    conn: Connection, lao: int, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "TX1,2026-04-21T09:30:00+07:00,500.00,L2569000002,2569,bank",
        "TX2,2026-04-22,1500.00,L2569000001,2569,qr",
        "TX3,2026-04-22T20:00:00Z,99.00,L2569009999,2569,qr",
    )
    first = import_payment_file(LAO, path, conn, received_by="bank file")
    assert (first.rows, first.recorded, first.unmatched, first.already_recorded) == (3, 2, 1, 0)
    assert (first.amount_recorded, first.amount_unmatched) == (D("2000.00"), D("99.00"))
    assert [(o.line_no, o.status, o.receipt_no, o.paid_on) for o in first.outcomes] == [
        (2, "recorded", "R2569-000001", date(2026, 4, 21)),
        (3, "recorded", "R2569-000002", date(2026, 4, 22)),
        (4, "unmatched", None, date(2026, 4, 23)),  # 20:00 UTC is 03:00 next day in Thailand
    ]
    payments = _count(conn, "payments", lao)
    again = import_payment_file(LAO, path, conn, received_by="bank file")
    assert (again.recorded, again.unmatched, again.already_recorded) == (0, 0, 3)
    assert [o.reason_en for o in again.outcomes] == [
        "Transaction TX1 was recorded before (receipt R2569-000001).",
        "Transaction TX2 was recorded before (receipt R2569-000002).",
        "Transaction TX3 was recorded before (unmatched).",
    ]
    assert _count(conn, "payments", lao) == payments == 3
    counter = "SELECT value FROM lao_counters WHERE lao_id = :l AND name = 'receipt:2569'"
    assert conn.execute(sa.text(counter), {"l": lao}).scalar_one() == 2
    # TX2 paid the taxpayer's 2025 notice first (1,500 = 1,000 + 400 + 100): 2026 is unpaid.
    assert taxpayer_balance(LAO, "L2569-000001", date(2026, 4, 30), conn).total == D("2000.00")


def test_unmatched_rows_are_recorded_and_reported_with_the_reason(
    conn: Connection, lao: int, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "B-77,2026-04-21,120.00,L2569009999,2569,bank",
        "B-78,2026-04-21,130.00,L2569000002,2568,bank",
    )
    report = import_payment_file(LAO, path, conn, received_by="bank file")
    assert [(o.status, o.reason_en, o.reason_th) for o in report.outcomes] == [
        (
            "unmatched",
            "No notice has ref1 L2569009999.",
            "ไม่พบหนังสือแจ้งการประเมินที่มี ref1 L2569009999",
        ),
        (
            "unmatched",
            "ref1 L2569000002 is notice L2569-000002, whose ref2 is 2569, not '2568'.",
            "ref1 L2569000002 คือหนังสือแจ้งเลขที่ L2569-000002 ซึ่งมี ref2 2569 ไม่ใช่ '2568'",
        ),
    ]
    stored = conn.execute(
        sa.text(
            "SELECT source_ref, status, amount, notice_id, receipt_no, note FROM payments"
            " WHERE lao_id = :l ORDER BY id"
        ),
        {"l": lao},
    ).all()
    assert [tuple(r) for r in stored] == [
        ("bank:B-77", "unmatched", D("120.00"), None, None, "No notice has ref1 L2569009999."),
        (
            "bank:B-78",
            "unmatched",
            D("130.00"),
            None,
            None,
            "ref1 L2569000002 is notice L2569-000002, whose ref2 is 2569, not '2568'.",
        ),
    ]


def test_a_file_with_a_bad_line_is_refused_whole(
    conn: Connection, lao: int, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "T1,2026-04-21,500.00,L2569000002,2569,bank",
        "T2,21/04/2026,1.234,L2569000002,2569,cash",
    )
    with pytest.raises(InvalidInput) as caught:
        import_payment_file(LAO, path, conn, received_by="bank file")
    assert caught.value.message_en == (
        "settlement.csv: nothing was recorded, 1 bad line(s): line 3: channel 'cash' is not "
        "bank or qr."
    )
    assert _count(conn, "payments", lao) == 0


def test_an_overpayment_is_refunded_once(conn: Connection, lao: int) -> None:
    receipt = record_counter_payment(
        LAO, "L2569-000002", D("800.00"), date(2026, 4, 20), conn, received_by="clerk"
    )
    assert receipt.overpayment == D("300.00")
    refund = refund_overpayment(LAO, receipt.payment_id, conn, by="cashier", on=date(2026, 5, 2))
    assert (refund.amount, refund.receipt_no) == (D("300.00"), "R2569-000001")
    rows = conn.execute(
        sa.text("SELECT channel, amount, status FROM payments WHERE lao_id = :l ORDER BY id"),
        {"l": lao},
    ).all()
    assert [tuple(r) for r in rows] == [
        ("counter", D("800.00"), "refunded"),
        ("refund", D("-300.00"), "recorded"),
    ]
    with pytest.raises(AlreadyExists) as caught:
        refund_overpayment(LAO, receipt.payment_id, conn, by="cashier", on=date(2026, 5, 2))
    assert caught.value.message_en == f"Payment {receipt.payment_id} was refunded already."


def test_a_cancelled_receipt_keeps_its_number_and_gives_the_debt_back(
    conn: Connection, lao: int
) -> None:
    day = date(2026, 4, 20)
    first = record_counter_payment(LAO, "L2569-000002", D("500.00"), day, conn, received_by="a")
    assert taxpayer_balance(LAO, "L2569-000002", day, conn).total == D("0.00")
    cancelled = cancel_receipt(LAO, first.receipt_no, conn, by="head", reason="wrong taxpayer")
    assert cancelled.amount == D("500.00")
    assert taxpayer_balance(LAO, "L2569-000002", day, conn).total == D("500.00")
    second = record_counter_payment(LAO, "L2569-000002", D("500.00"), day, conn, received_by="a")
    assert (first.receipt_no, second.receipt_no) == ("R2569-000001", "R2569-000002")
    rows = conn.execute(
        sa.text(
            "SELECT receipt_no, amount, source_ref, note FROM payments WHERE lao_id = :l"
            " ORDER BY id"
        ),
        {"l": lao},
    ).all()
    assert [tuple(r) for r in rows] == [
        ("R2569-000001", D("500.00"), None, "cancelled by head: wrong taxpayer"),
        (None, D("-500.00"), "cancel:R2569-000001", "cancels receipt R2569-000001: wrong taxpayer"),
        ("R2569-000002", D("500.00"), None, None),
    ]
    with pytest.raises(AlreadyExists) as caught:
        cancel_receipt(LAO, "R2569-000001", conn, by="head", reason="again")
    assert caught.value.message_en == "Receipt R2569-000001 was cancelled already."


@pytest.fixture
def committed_lao(engine: Engine) -> Iterator[tuple[str, int, int]]:
    """A committed LAO with a 2026 roll (threads need their own connections); dropped after."""
    code = f"PC{uuid.uuid4().hex[:6].upper()}"
    create_lao(CreateLao(code, "อบต.พร้อมกัน", "Concurrent SAO", 32648), engine)
    try:
        with engine.begin() as setup:
            lao_id = int(get_lao(setup, code).id)
            roll = _roll(setup, lao_id, 2026)
        yield code, lao_id, roll
    finally:
        with engine.begin() as cleanup:
            delete_lao(cleanup, int(get_lao(cleanup, code).id))


def _at_once(engine: Engine, lao: tuple[str, int, int], notices: list[str]) -> list[Any]:
    """Record a 300.00 counter payment on each notice (of 2,000.00), all threads together."""
    code, lao_id, roll = lao
    with engine.begin() as setup:
        for notice_no in sorted(set(notices)):
            seq = int(notice_no[-6:])  # one taxpayer per notice: party id = seq
            _notice(setup, lao_id, roll, 2026, seq, [seq], [(date(2026, 4, 30), "2000.00")])
    start = threading.Barrier(len(notices))
    results: list[Any] = [None] * len(notices)

    def pay(i: int) -> None:
        start.wait()
        try:
            results[i] = record_counter_payment(
                code, notices[i], D("300.00"), date(2026, 4, 20), engine, received_by=f"{i}"
            )
        except Exception as exc:  # reported by the test, not lost in the thread
            results[i] = exc

    threads = [threading.Thread(target=pay, args=(i,)) for i in range(len(notices))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r for r in results if isinstance(r, Exception)] == []
    return results


def test_eight_concurrent_counter_payments_get_receipts_1_to_8(
    engine: Engine, committed_lao: tuple[str, int, int]
) -> None:
    results = _at_once(engine, committed_lao, [f"L2569-{n:06d}" for n in range(1, 9)])
    assert sorted(r.receipt_no for r in results) == [f"R2569-{n:06d}" for n in range(1, 9)]


def test_concurrent_payments_of_one_taxpayer_never_allocate_the_same_baht(
    engine: Engine, committed_lao: tuple[str, int, int]
) -> None:
    results = _at_once(engine, committed_lao, ["L2569-000001"] * 8)
    assert sorted(r.receipt_no for r in results) == [f"R2569-{n:06d}" for n in range(1, 9)]
    assert sum(r.tax for r in results) == D("2000.00")
    assert sum(r.overpayment for r in results) == D("400.00")
