"""The pilot's revenue year: assess the roll, freeze it, issue the notices."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from taxmap.billing.notices import freeze_roll, issue_notices
from taxmap.core.errors import RollFrozen
from valuation.roll_services import assess_roll, roll_report

LAO = "BUALAI"


def revenue_year(engine: Engine, year: int) -> tuple[Any, str]:
    """Assess the roll (unless frozen), freeze it and issue its notices; say what was done."""
    try:
        totals: Any = assess_roll(LAO, year, engine, actor="demo")
    except RollFrozen:
        totals = None  # notices were issued from it already: it stays as it is
    freeze_roll(LAO, year, engine, actor="demo")
    report = issue_notices(LAO, year, engine, actor="demo", issued_on=date(year, 2, 10))
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
        f"http://127.0.0.1:8000/api/v1/laos/{LAO}/notices/{example}.pdf"
    )
