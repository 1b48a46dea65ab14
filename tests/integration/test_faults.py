"""A roll or a notice batch that dies half-way leaves nothing behind, and the re-run succeeds.

The failure is injected between two writes of the one transaction (after the assessments,
before their lines; after the notices and their numbers, before the instalments): a killed
process ends the same way, its transaction rolled back by PostgreSQL (see test_import's kill
of a real import process).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from taxmap.billing import notice_repository
from taxmap.billing.notices import freeze_roll, issue_notices
from tests.integration.test_notices import register
from valuation import roll_repository
from valuation.roll_services import assess_roll


class Crash(RuntimeError):
    """The injected fault."""


def _state(conn: Connection, code: str) -> tuple[Any, ...]:
    return tuple(
        conn.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM tax_rolls WHERE lao_id = l.id),"
                " (SELECT count(*) FROM assessments WHERE lao_id = l.id),"
                " (SELECT count(*) FROM assessment_lines WHERE lao_id = l.id),"
                " (SELECT count(*) FROM notices WHERE lao_id = l.id),"
                " (SELECT count(*) FROM notice_instalments WHERE lao_id = l.id),"
                " (SELECT coalesce(sum(value), 0) FROM lao_counters WHERE lao_id = l.id)"
                " FROM laos l WHERE l.code = :c"
            ),
            {"c": code},
        ).one()
    )


def test_a_roll_that_dies_half_way_leaves_the_previous_roll_and_reruns(
    conn: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(conn, "FAULTR", 3)  # assesses the 2026 roll once
    before = _state(conn, "FAULTR")
    real = roll_repository.copy_frame

    def copy_then_die(c: Connection, table: str, frame: Any) -> None:
        if table == "assessment_lines":
            raise Crash("killed while writing the lines")
        real(c, table, frame)

    monkeypatch.setattr(roll_repository, "copy_frame", copy_then_die)
    with pytest.raises(Crash):
        assess_roll("FAULTR", 2026, conn)
    assert _state(conn, "FAULTR") == before
    monkeypatch.setattr(roll_repository, "copy_frame", real)
    totals = assess_roll("FAULTR", 2026, conn)
    assert (totals.taxpayers, totals.land_building_tax) == (3, Decimal("270000.00"))
    assert _state(conn, "FAULTR")[:3] == before[:3]


def test_a_notice_batch_that_dies_half_way_takes_no_number_and_reruns(
    conn: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(conn, "FAULTN", 3)
    freeze_roll("FAULTN", 2026, conn, actor="head")
    before = _state(conn, "FAULTN")

    def die(*_: Any, **__: Any) -> None:
        raise Crash("killed before the instalments")

    monkeypatch.setattr(notice_repository, "insert_instalments", die)
    with pytest.raises(Crash):
        issue_notices("FAULTN", 2026, conn, actor="clerk", issued_on=date(2026, 2, 10))
    assert _state(conn, "FAULTN") == before  # no notice, no instalment, no number taken
    monkeypatch.undo()
    report = issue_notices("FAULTN", 2026, conn, actor="clerk", issued_on=date(2026, 2, 10))
    assert (report.issued, report.first_numbers, report.last_numbers) == (
        3,
        {"lbt": "L2569-000001"},
        {"lbt": "L2569-000003"},
    )
