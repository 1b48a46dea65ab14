"""Arrears, ageing, warning letters, the objection clock, e-LAAS exports and revenue by year."""

from __future__ import annotations

import csv
from dataclasses import astuple
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from revenue_rows import frozen_roll, issued_notice
from sqlalchemy.engine import Connection

from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.billing.arrears import ageing_report, arrears, warning_letters_due
from taxmap.billing.exports import export_rows, revenue_summary, to_csv, to_xlsx
from taxmap.billing.objections import decide_objection, file_objection, objection_clock
from taxmap.billing.payments import record_counter_payment
from taxmap.billing.warning_letters import issue_warning_letters
from taxmap.core.errors import AlreadyExists, InvalidInput

LAO = "ARRT"
A_ID, B_ID = "3100500123456", "0105556012345"
JULY = date(2026, 7, 15)


def _roll(conn: Connection, lao_id: int, year: int) -> int:
    return frozen_roll(conn, lao_id, year)


def _party(conn: Connection, lao_id: int, owner_no: int, name: str, **ids: str) -> int:
    kind = "juristic" if "juristic_id" in ids else "individual"
    row = {"national_id": None, "juristic_id": None, **ids}
    return int(
        conn.execute(
            sa.text(
                "INSERT INTO parties (lao_id, owner_no, kind, name_th, national_id, juristic_id)"
                " VALUES (:lao, :no, :kind, :name, :national_id, :juristic_id) RETURNING id"
            ),
            {"lao": lao_id, "no": owner_no, "kind": kind, "name": name, **row},
        ).scalar_one()
    )


def _notice(
    conn: Connection, lao_id: int, roll_id: int, year: int, seq: int, owner: int, name: str,
    due: date, amount: str,
) -> str:  # fmt: skip
    """Insert an issued LBT notice of one instalment issued 1 February; return its number."""
    return issued_notice(
        conn, lao_id, roll_id, year, seq, [owner], [(due, amount)], name=name, taxpayer_no=seq
    )


@pytest.fixture
def lao(conn: Connection) -> int:
    """Taxpayers A (national ID), B (juristic ID), C (no ID), D (paid on time)."""
    lao_id = create_lao(CreateLao(LAO, "อบต.ค้างชำระ", "Arrears SAO", 32648), conn)
    a = _party(conn, lao_id, 1, "นายเอ", national_id=A_ID)
    b = _party(conn, lao_id, 2, "บริษัท บี จำกัด", juristic_id=B_ID)
    c = _party(conn, lao_id, 3, "นางซี")
    d = _party(conn, lao_id, 4, "นายดี", national_id="1100100100100")
    old, new = _roll(conn, lao_id, 2025), _roll(conn, lao_id, 2026)
    _notice(conn, lao_id, old, 2025, 7, a, "นายเอ", date(2025, 6, 30), "1000.00")
    _notice(conn, lao_id, new, 2026, 1, a, "นายเอ", date(2026, 4, 30), "2000.00")
    _notice(conn, lao_id, new, 2026, 2, b, "บริษัท บี จำกัด", date(2026, 4, 30), "500.00")
    _notice(conn, lao_id, new, 2026, 3, c, "นางซี", date(2026, 6, 30), "300.00")
    _notice(conn, lao_id, new, 2026, 4, d, "นายดี", date(2026, 4, 30), "500.00")
    record_counter_payment(
        LAO, "L2569-000004", D("500.00"), date(2026, 4, 20), conn, received_by="c"
    )
    conn.execute(
        sa.text(
            "INSERT INTO assessments (lao_id, roll_id, taxpayer_no, owner_party_ids, owner_name,"
            " owner_kind, lbt_before_relief, lbt_relief, land_building_tax, signboard_tax, total)"
            " VALUES (:lao, :roll, 1, :owners, 'นายเอ', 'individual', 2000, 0, 2000, 150, 2150)"
        ),
        {"lao": lao_id, "roll": new, "owners": [a]},
    )
    # The May letters (s.60): 2025's went out on 31 July 2025 (that year's calendar), 2026's
    # on 31 May 2026, each giving 90 days to pay (s.61). C's tax falls due after them.
    issue_warning_letters(LAO, 2025, date(2025, 7, 31), conn, actor="head")
    issue_warning_letters(LAO, 2026, date(2026, 5, 31), conn, actor="head")
    return lao_id


def test_arrears_per_taxpayer_with_add_ons_age_and_stable_key(conn: Connection, lao: int) -> None:
    # B: 500 due 30 Apr 2026, within the warning period: 20 % + 3 months × 1 %.
    # A: 2025's 1,000 after the warning period (40 %, 13 months) and 2026's 2,000 as B's.
    # C: due 30 June, after the May warning date, so no letter: 10 % + 1 month.
    assert [astuple(row) for row in arrears(LAO, JULY, conn)] == [
        _row(B_ID, "บริษัท บี จำกัด", "L2569-000002", "500 100 15 615", (2026, 4, 30), 76, "31-90"),
        _row(
            A_ID,
            "นายเอ",
            "L2568-000007 L2569-000001",
            "3000 800 190 3990",
            (2025, 6, 30),
            380,
            ">365",
        ),
        _row("owner-3", "นางซี", "L2569-000003", "300 30 3 333", (2026, 6, 30), 15, "0-30"),
    ]


def _row(
    key: str, name: str, notices: str, money: str, due: tuple[int, int, int], *rest: object
) -> tuple[object, ...]:
    """Return an expected arrears row: money as 'tax penalty surcharge total' in baht."""
    amounts = tuple(D(x).quantize(D("0.01")) for x in money.split())
    return (key, name, tuple(notices.split()), *amounts, date(*due), *rest)


def test_ageing_report_lists_every_bucket(conn: Connection, lao: int) -> None:
    report = ageing_report(LAO, JULY, conn)
    assert [(x.bucket, x.taxpayers, x.tax, x.penalty, x.surcharge, x.total) for x in report] == [
        ("0-30", 1, D("300.00"), D("30.00"), D("3.00"), D("333.00")),
        ("31-90", 1, D("500.00"), D("100.00"), D("15.00"), D("615.00")),
        ("91-180", 0, D("0.00"), D("0.00"), D("0.00"), D("0.00")),
        ("181-365", 0, D("0.00"), D("0.00"), D("0.00"), D("0.00")),
        (">365", 1, D("3000.00"), D("800.00"), D("190.00"), D("3990.00")),
    ]


def test_warning_letters_list_the_years_unpaid_after_the_due_date(
    conn: Connection, lao: int
) -> None:
    letters = warning_letters_due(LAO, 2026, date(2026, 5, 15), conn)
    assert (letters.payment_due, letters.warning_by) == (date(2026, 4, 30), date(2026, 5, 31))
    assert [(r.taxpayer_key, r.notices, r.tax, r.penalty, r.surcharge) for r in letters.rows] == [
        (B_ID, ("L2569-000002",), D("500.00"), D("50.00"), D("5.00")),
        (A_ID, ("L2569-000001",), D("2000.00"), D("200.00"), D("20.00")),
    ]
    with pytest.raises(InvalidInput) as caught:
        warning_letters_due(LAO, 2026, date(2026, 4, 30), conn)
    assert caught.value.message_en == (
        "Warning letters for tax year 2026 go to taxpayers unpaid after the payment due date"
        " 2026-04-30; list them from 2026-05-01."
    )


def test_objection_clock_flags_day_45_and_deems_day_60_upheld(conn: Connection, lao: int) -> None:
    filed = file_objection(LAO, "L2569-000001", date(2026, 2, 20), "area wrong", conn)
    assert filed.decide_by == date(2026, 4, 21)
    line = objection_clock(LAO, date(2026, 4, 5), conn)[0]
    assert (line.day, line.status, line.message) == (
        44,
        "open",
        f"Objection {filed.id} to notice L2569-000001: day 44 of 60.",
    )
    line = objection_clock(LAO, date(2026, 4, 6), conn)[0]
    assert (line.day, line.status, line.message) == (
        45,
        "flagged",
        f"Objection {filed.id} to notice L2569-000001: day 45 of 60, decide by 2026-04-20.",
    )
    line = objection_clock(LAO, date(2026, 4, 21), conn)[0]
    assert (line.day, line.status, line.message) == (
        60,
        "deemed_upheld",
        f"Objection {filed.id} to notice L2569-000001: undecided after 60 days,"
        " deemed upheld on 2026-04-21 (s.73).",
    )
    stored = conn.execute(
        sa.text("SELECT decision, decided_on FROM objections WHERE id = :i"), {"i": filed.id}
    ).one()
    assert tuple(stored) == ("deemed_upheld", date(2026, 4, 21))
    assert objection_clock(LAO, date(2026, 4, 22), conn) == []


def test_objections_are_filed_in_30_days_and_decided_once_in_time(
    conn: Connection, lao: int
) -> None:
    with pytest.raises(InvalidInput) as late:
        file_objection(LAO, "L2569-000002", date(2026, 3, 4), "too high", conn)
    assert late.value.message_en == (
        "An objection to notice L2569-000002 (issued 2026-02-01) must be filed from that day"
        " to 2026-03-03 (s.73: within 30 days)."
    )
    filed = file_objection(LAO, "L2569-000002", date(2026, 3, 3), "too high", conn)
    with pytest.raises(AlreadyExists) as twice:
        file_objection(LAO, "L2569-000002", date(2026, 3, 3), "again", conn)
    assert twice.value.message_en == (
        f"Notice L2569-000002 has objection {filed.id} awaiting a decision."
    )
    with pytest.raises(InvalidInput) as too_late:
        decide_objection(LAO, filed.id, "rejected", "no", date(2026, 5, 2), conn)
    assert too_late.value.message_en == (
        f"Objection {filed.id} filed 2026-03-03 can be decided up to 2026-05-01; from"
        " 2026-05-02 it is deemed upheld (s.73)."
    )
    decided = decide_objection(LAO, filed.id, "rejected", "rates right", date(2026, 5, 1), conn)
    assert (decided.decision, decided.decided_on, decided.decision_note) == (
        "rejected",
        date(2026, 5, 1),
        "rates right",
    )
    with pytest.raises(AlreadyExists) as again:
        decide_objection(LAO, filed.id, "upheld", "", date(2026, 5, 1), conn)
    assert again.value.message_en == (
        f"Objection {filed.id} was decided already: rejected on 2026-05-01."
    )
    assert objection_clock(LAO, date(2026, 5, 2), conn) == []


def test_exports_read_back_with_exact_values(conn: Connection, lao: int, tmp_path: Path) -> None:
    expected = [
        f"{B_ID},บริษัท บี จำกัด,L2569-000002,500.00,100.00,15.00,615.00,2026-04-30,76,31-90",
        f"{A_ID},นายเอ,L2569-000001,2000.00,400.00,60.00,2460.00,2026-04-30,76,31-90",
        "owner-3,นางซี,L2569-000003,300.00,30.00,3.00,333.00,2026-06-30,15,0-30",
    ]
    rows = export_rows(LAO, "arrears", 2026, conn, on=JULY)
    with to_csv(rows, tmp_path / "arrears.csv").open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f)) == [list(rows.columns), *(x.split(",") for x in expected)]
    receipts = export_rows(LAO, "receipts", 2026, conn)
    sheet = load_workbook(to_xlsx(receipts, tmp_path / "receipts.xlsx")).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == list(receipts.columns)
    # The payment id (column 2) is the database's; the 13-digit ID stays text.
    assert [values[1][0], *values[1][2:]] == [
        *["R2569-000001", datetime(2026, 4, 20), 2569, "counter", "1100100100100", "นายดี"],
        *["L2569-000004", "lbt", 2569, 500, 0, 0, 500],
    ]
    assessed = export_rows(LAO, "assessments", 2026, conn)
    sheet = load_workbook(to_xlsx(assessed, tmp_path / "assessments.xlsx")).active
    assert sheet is not None
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1] == [
        *[A_ID, "นายเอ", "individual", 2569, 1, 2000, 150, 2150]
    ]
    with pytest.raises(InvalidInput) as wrong:
        export_rows(LAO, "parcels", 2026, conn)
    assert wrong.value.message_en == (
        "'parcels' is not an export: give assessments, receipts or arrears."
    )


def test_revenue_summary_splits_fiscal_years_on_1_october(conn: Connection, lao: int) -> None:
    # B pays 15 Sep 2026 after the warning period: 40 % + 5 months; C pays 1 Oct 2026:
    # 10 % (its due date came after the May letters) + 4 months.
    record_counter_payment(
        LAO, "L2569-000002", D("725.00"), date(2026, 9, 15), conn, received_by="c"
    )
    record_counter_payment(
        LAO, "L2569-000003", D("342.00"), date(2026, 10, 1), conn, received_by="c"
    )
    summary = revenue_summary(LAO, conn)
    assert [
        (x.year_be, x.tax, x.penalty, x.surcharge, x.total) for x in summary.by_fiscal_year
    ] == [
        (2569, D("1000.00"), D("200.00"), D("25.00"), D("1225.00")),
        (2570, D("300.00"), D("30.00"), D("12.00"), D("342.00")),
    ]
    assert [(x.year_be, x.tax, x.penalty, x.surcharge, x.total) for x in summary.by_tax_year] == [
        (2569, D("1300.00"), D("230.00"), D("37.00"), D("1567.00"))
    ]
