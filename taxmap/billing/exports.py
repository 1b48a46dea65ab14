"""Exports for e-LAAS and revenue reporting: per-taxpayer rows as CSV or XLSX, revenue totals.

Every row carries a stable taxpayer key (national or juristic ID, else owner-<owner_no>;
co-owners joined by '+'). Years in the files are B.E.; the `year` asked for is the C.E. tax
year, as everywhere in the code.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy.engine import Connection, Engine

from taxmap.admin.repository import get_lao
from taxmap.billing import arrears_repository as repo
from taxmap.billing.arrears import arrears
from taxmap.billing.payment_support import thai_today
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.core.thai import fiscal_year_be, to_buddhist_year

Bind = Engine | Connection
Value = str | int | Decimal | date
ZERO = Decimal("0.00")
MONEY = ("tax", "penalty", "surcharge", "total")
COLUMNS: dict[str, tuple[str, ...]] = {
    "assessments": (
        "taxpayer_key",
        "owner_name",
        "owner_kind",
        "tax_year_be",
        "taxpayer_no",
        "land_building_tax",
        "signboard_tax",
        "total",
    ),
    "receipts": (
        "receipt_no",
        "payment_id",
        "paid_on",
        "fiscal_year_be",
        "channel",
        "taxpayer_key",
        "owner_name",
        "notice_no",
        "tax_kind",
        "tax_year_be",
        *MONEY,
    ),
    "arrears": (
        "taxpayer_key",
        "owner_name",
        "notices",
        *MONEY,
        "oldest_due",
        "days_overdue",
        "bucket",
    ),
}


@dataclass(frozen=True)
class ExportRows:
    """A table to write: its kind, column names and rows (values in column order)."""

    what: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class RevenueLine:
    """Tax, penalty and surcharge collected in one B.E. year (fiscal or tax year)."""

    year_be: int
    tax: Decimal
    penalty: Decimal
    surcharge: Decimal
    total: Decimal


@dataclass(frozen=True)
class RevenueSummary:
    """Money collected by fiscal year (October-September) and by the tax year it paid."""

    by_fiscal_year: tuple[RevenueLine, ...]
    by_tax_year: tuple[RevenueLine, ...]


def export_rows(
    lao_code: str, what: str, year: int, bind: Bind, *, on: date | None = None
) -> ExportRows:
    """Return a tax year's assessments, receipts or arrears (on a day) per taxpayer."""
    if what not in COLUMNS:
        raise InvalidInput(
            "what",
            f"'{what}' is not an export: give assessments, receipts or arrears.",
            f"'{what}' ไม่ใช่รายการส่งออก ให้ระบุ assessments, receipts หรือ arrears",
        )
    if what == "arrears":
        rows = [
            (
                r.taxpayer_key,
                r.name,
                " ".join(r.notices),
                r.tax,
                r.penalty,
                r.surcharge,
                r.total,
                r.oldest_due,
                r.days_overdue,
                r.bucket,
            )
            for r in arrears(lao_code, on or thai_today(), bind, year=year)
        ]
        return ExportRows(what, COLUMNS[what], tuple(rows))
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        if what == "assessments":
            found = repo.assessment_rows(uow.conn, lao.id, year)
        else:
            found = repo.receipt_rows(uow.conn, lao.id, year)
        keys = repo.party_keys(uow.conn, lao.id, {i for r in found for i in r.owner_party_ids})
    out: list[tuple[Value, ...]] = []
    for r in found:
        key = "+".join(keys.get(i, f"party-{i}") for i in sorted(set(r.owner_party_ids)))
        if what == "assessments":
            out.append(
                (
                    key,
                    r.owner_name,
                    r.owner_kind,
                    to_buddhist_year(r.tax_year),
                    r.taxpayer_no,
                    r.land_building_tax,
                    r.signboard_tax,
                    r.total,
                )
            )
        else:
            out.append(
                (
                    r.receipt_no or "",
                    r.payment_id,
                    r.paid_on,
                    fiscal_year_be(r.paid_on),
                    r.channel,
                    key,
                    r.owner_name,
                    r.notice_no,
                    r.tax_kind,
                    to_buddhist_year(r.tax_year),
                    r.tax,
                    r.penalty,
                    r.surcharge,
                    r.tax + r.penalty + r.surcharge,
                )
            )
    return ExportRows(what, COLUMNS[what], tuple(out))


def to_csv(rows: ExportRows, path: Path) -> Path:
    """Write rows as UTF-8 CSV with a BOM (Excel reads Thai), money with satang, ISO dates."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(rows.columns)
        writer.writerows([_text(value) for value in row] for row in rows.rows)
    return path


def to_xlsx(rows: ExportRows, path: Path) -> Path:
    """Write rows as one XLSX sheet: keys as text, money as numbers with satang, real dates."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = rows.what
    sheet.append(list(rows.columns))
    for row in rows.rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.number_format = "@"  # a 13-digit ID stays text, not 1.23E+12
    book.save(path)
    return path


def revenue_summary(lao_code: str, bind: Bind) -> RevenueSummary:
    """Return the tax, penalty and surcharge collected by fiscal year and by tax year (B.E.)."""
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        found = repo.collected_by_day(uow.conn, lao.id)
    by_fiscal = _fold((fiscal_year_be(r.paid_on), r) for r in found)
    by_tax = _fold((to_buddhist_year(r.tax_year), r) for r in found)
    return RevenueSummary(by_fiscal, by_tax)


def _fold(pairs: Iterable[tuple[int, Any]]) -> tuple[RevenueLine, ...]:
    sums: dict[int, list[Decimal]] = {}
    for year, row in pairs:
        acc = sums.setdefault(year, [ZERO, ZERO, ZERO])
        for n, part in enumerate(("tax", "penalty", "surcharge")):
            acc[n] += getattr(row, part)
    return tuple(RevenueLine(y, t, p, s, t + p + s) for y, (t, p, s) in sorted(sums.items()))


def _text(value: Value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
