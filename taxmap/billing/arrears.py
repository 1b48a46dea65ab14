"""Use cases of arrears: who owes what past due, its ageing, and the May warning letters (§1.11).

Amounts are those of `taxpayer_balance` (allocation.owed_on): the tax still unpaid with the
penalty and surcharge it bears on the day, for the instalments that are past due only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.billing import arrears_repository as repo
from taxmap.billing.allocation import Charge, owed_on
from taxmap.billing.payment_support import late_rules, taxpayer_debts
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from valuation.ruledata import load_rule_data

Bind = Engine | Connection
ZERO = Decimal("0.00")
# Upper bound in days of each ageing bucket; the last one has none.
BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("0-30", 30),
    ("31-90", 90),
    ("91-180", 180),
    ("181-365", 365),
    (">365", None),
)


@dataclass(frozen=True)
class ArrearsRow:
    """One taxpayer's overdue tax on a day, with its add-ons and age."""

    taxpayer_key: str  # national or juristic ID, else owner-<owner_no>; '+' joins co-owners
    name: str
    notices: tuple[str, ...]
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    total: Decimal
    oldest_due: date
    days_overdue: int
    bucket: str


@dataclass(frozen=True)
class AgeingLine:
    """The taxpayers and money of one ageing bucket."""

    bucket: str
    taxpayers: int
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    total: Decimal


@dataclass(frozen=True)
class WarningLetters:
    """The taxpayers to warn for a tax year (LBT s.60-61): unpaid after the payment due date."""

    tax_year: int
    payment_due: date
    warning_by: date
    rows: tuple[ArrearsRow, ...]


def ageing_bucket(days: int) -> str:
    """Return the ageing bucket of a debt overdue this many days."""
    for name, upper in BUCKETS:
        if upper is None or days <= upper:
            return name
    raise AssertionError("the last bucket has no upper bound")


def arrears(
    lao_code: str, on: date, bind: Bind, *, year: int | None = None, tax: str | None = None
) -> list[ArrearsRow]:
    """Return each taxpayer's overdue tax, penalty and surcharge on a day, by taxpayer key."""
    data = load_rule_data()
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        found = repo.overdue_notices(uow.conn, lao.id, on, year)
        names = {row.owner_key: row.owner_name for row in found}  # the latest notice's name
        debts = taxpayer_debts(uow.conn, lao.id, names, lock=False)
        ids = {int(i) for key in names for i in key.split(",")}
        keys = repo.party_keys(uow.conn, lao.id, ids)
    rows = []
    for owner_key, name in names.items():
        mine = [
            d
            for d in debts[owner_key]
            if (year is None or d.tax_year == year) and (tax is None or d.tax == tax)
        ]
        late = [c for c in owed_on(mine, on, late_rules(data)) if c.late_from is not None]
        if late:
            taxpayer = "+".join(keys.get(int(i), f"party-{i}") for i in owner_key.split(","))
            rows.append(_row(taxpayer, name, late, on))
    return sorted(rows, key=lambda row: row.taxpayer_key)


def ageing_report(lao_code: str, on: date, bind: Bind) -> tuple[AgeingLine, ...]:
    """Return the taxpayers and overdue money per ageing bucket on a day, every bucket listed."""
    rows = arrears(lao_code, on, bind)
    lines = []
    for bucket, _ in BUCKETS:
        mine = [row for row in rows if row.bucket == bucket]
        tax, penalty, surcharge = (
            sum((getattr(row, part) for row in mine), ZERO)
            for part in ("tax", "penalty", "surcharge")
        )
        lines.append(
            AgeingLine(bucket, len(mine), tax, penalty, surcharge, tax + penalty + surcharge)
        )
    return tuple(lines)


def warning_letters_due(lao_code: str, year: int, on: date, bind: Bind) -> WarningLetters:
    """List the taxpayers with a tax year's LBT unpaid after its payment due date (s.60-61)."""
    calendar = load_rule_data().calendar_for(year)
    due = calendar.payment_due
    if on <= due:
        raise InvalidInput(
            "on",
            f"Warning letters for tax year {year} go to taxpayers unpaid after the payment "
            f"due date {due.isoformat()}; list them from {_next(due)}.",
            f"หนังสือเตือนภาษีปี {year + 543} ส่งถึงผู้ที่ยังไม่ชำระหลังวันครบกำหนด "
            f"{due.isoformat()} ให้จัดทำรายชื่อตั้งแต่วันที่ {_next(due)}",
        )
    rows = arrears(lao_code, on, bind, year=year, tax="lbt")
    return WarningLetters(year, due, calendar.dates["warning_by"], tuple(rows))


def _next(day: date) -> str:
    return date.fromordinal(day.toordinal() + 1).isoformat()


def _row(taxpayer: str, name: str, late: Sequence[Charge], on: date) -> ArrearsRow:
    oldest = min(c.late_from for c in late if c.late_from is not None)
    days = (on - oldest).days
    tax, penalty, surcharge = (
        sum((getattr(c, part) for c in late), ZERO) for part in ("tax", "penalty", "surcharge")
    )
    return ArrearsRow(
        taxpayer_key=taxpayer,
        name=name,
        notices=tuple(sorted({c.notice_no for c in late})),
        tax=tax,
        penalty=penalty,
        surcharge=surcharge,
        total=tax + penalty + surcharge,
        oldest_due=oldest,
        days_overdue=days,
        bucket=ageing_bucket(days),
    )
