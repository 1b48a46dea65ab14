"""The pilot's revenue year: assess the roll, freeze it, issue the notices."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from taxmap.billing.notices import freeze_roll, issue_notices
from taxmap.billing.payments import record_counter_payment, taxpayer_balance
from taxmap.billing.warning_letters import issue_warning_letters
from taxmap.core.errors import RollFrozen
from valuation.roll_services import assess_roll, roll_report
from valuation.ruledata import load_rule_data

LAO = "BUALAI"


def revenue_year(engine: Engine, year: int) -> tuple[Any, str]:
    """Assess the roll (unless frozen), freeze it and issue its notices; say what was done."""
    try:
        totals: Any = assess_roll(LAO, year, engine, actor="demo")
    except RollFrozen:
        totals = None  # notices were issued from it already: it stays as it is
    freeze_roll(LAO, year, engine, actor="demo")
    report = issue_notices(LAO, year, engine, actor="demo", issued_on=date(year, 2, 10))
    paid = _payments(engine, year)
    summary = roll_report(LAO, year, engine, limit=1)
    first = next(iter(report.first_numbers.values()), None)
    issued = (
        f"{report.issued:,} notices issued on 10 February"
        if report.issued
        else f"{report.already_issued:,} notices issued before"
    )
    example = first or f"L{year + 543}-000001"
    return totals, (
        f"roll {year + 543} frozen ({summary['taxpayers']:,} taxpayers); {issued}; e.g. "
        f"http://127.0.0.1:8000/api/v1/laos/{LAO}/notices/{example}.pdf; payments: {paid}"
    )


def _payments(engine: Engine, year: int) -> str:
    """Record three payments once: on time, late with penalty, the first of three instalments."""
    with engine.connect() as conn:
        done = conn.execute(
            sa.text(
                "SELECT count(*) FROM payments WHERE lao_id = (SELECT id FROM laos WHERE code = :c)"
            ),
            {"c": LAO},
        ).scalar_one()
        picks = conn.execute(
            sa.text(
                "SELECT notice_no, amount FROM notices WHERE lao_id = (SELECT id FROM laos"
                " WHERE code = :c) AND tax = 'lbt' AND status = 'issued' AND tax_year = :y"
                " AND amount >= 3000 ORDER BY seq LIMIT 3"
            ),
            {"c": LAO, "y": year},
        ).all()
    if done or len(picks) < 3:
        return f"{done} recorded before" if done else "none (too few notices)"
    (on_time, a), (late, _b), (split, c) = picks
    told = []
    receipt = record_counter_payment(LAO, on_time, a, date(year, 4, 20), engine, received_by="demo")
    told.append(f"{on_time} paid on time ({receipt.receipt_no})")
    first = (c / 3).quantize(Decimal("0.01"), ROUND_UP)
    receipt = record_counter_payment(
        LAO, split, first, date(year, 4, 28), engine, received_by="demo"
    )
    told.append(f"{split} first of three instalments {first} ({receipt.receipt_no})")
    # The May warning letters (s.60) go to everyone still unpaid; a letter sets the penalty.
    warned = issue_warning_letters(
        LAO, year, load_rule_data().calendar_for(year).dates["warning_by"], engine, actor="demo"
    )
    owed = taxpayer_balance(LAO, late, date(year, 7, 15), engine)
    receipt = record_counter_payment(
        LAO,
        late,
        owed.total,
        date(year, 7, 15),
        engine,
        received_by="demo",
        method="cheque",
        method_ref="0012345 ธนาคารออมสิน สาขาบัวลาย",
    )
    base = f"http://127.0.0.1:8000/api/v1/laos/{LAO}"
    told.append(
        f"{late} paid late on 15 July by cheque with penalty {owed.penalty} and surcharge "
        f"{owed.surcharge}"
        f" ({base}/receipts/{receipt.receipt_no}.pdf)"
    )
    if warned.letters:
        told.append(
            f"{len(warned.letters):,} warning letters, e.g. "
            f"{base}/warnings/{warned.letters[0].letter_no}.pdf"
        )
    return "; ".join(told)
