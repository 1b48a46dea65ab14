"""The roll from the register: contiguous parcels of the same owners form one base (s.42)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from shapely.geometry import box
from sqlalchemy.engine import Connection

from parcels.fabric import bulk
from parcels.register.orm import land_use_pieces, parties, rights
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.errors import RollFrozen
from valuation.land_prices import create_round, set_manual_price
from valuation.roll_services import assess_roll

X, Y = 230_000.0, 1_730_000.0


def _register(conn: Connection, owners_of_b: str) -> None:
    """Parcels A and B share an edge; C is apart. Each is 200 sq wah at 150,000 = 30 M."""
    lao_id = create_lao(CreateLao("ROLL", "ทดสอบ", "Roll", 32648), conn)
    squares = {
        "01A001": box(X, Y, X + 20, Y + 40),  # 800 m² = 200 sq wah
        "01A002": box(X + 20, Y, X + 40, Y + 40),  # shares A's east edge
        "01A003": box(X + 100, Y, X + 120, Y + 40),
    }
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [{"code": c, "geom": g, "valid_from": "2020-01-01"} for c, g in squares.items()],
    )
    ids = dict(
        conn.execute(sa.text("SELECT code, id FROM parcels WHERE lao_id = :l"), {"l": lao_id})
        .tuples()
        .all()
    )
    somchai, manee = (
        conn.execute(
            sa.insert(parties)
            .values(lao_id=lao_id, owner_no=n, kind="juristic", name_th=name)
            .returning(parties.c.id)
        ).scalar_one()
        for n, name in ((1, "บริษัท ก จำกัด"), (2, "บริษัท ข จำกัด"))
    )
    owner = {
        "01A001": somchai,
        "01A002": somchai if owners_of_b == "same" else manee,
        "01A003": somchai,
    }
    for code, pid in ids.items():
        conn.execute(
            sa.insert(rights).values(
                lao_id=lao_id,
                party_id=owner[code],
                kind="owner",
                parcel_id=pid,
                valid_from="2020-01-01",
            )
        )
        conn.execute(
            sa.insert(land_use_pieces).values(
                lao_id=lao_id,
                parcel_id=pid,
                category="other",
                area_sq_wah=Decimal("200.00"),
                valid_from="2020-01-01",
            )
        )
    create_round("ROLL", "B.E. 2566-2569", 2566, 2569, conn)
    for code in squares:
        set_manual_price("ROLL", "B.E. 2566-2569", code, Decimal("150000"), "test", "test", conn)


@pytest.mark.parametrize(
    ("owners_of_b", "expected"),
    [
        # A+B one base of 60 M: 50 M x 0.3 % + 10 M x 0.4 % = 190,000; C alone 30 M = 90,000.
        ("same", Decimal("280000.00")),
        # Different owners: three bases of 30 M at 0.3 % = 90,000 each.
        ("other", Decimal("270000.00")),
    ],
)
def test_contiguous_parcels_of_one_owner_form_one_base(
    conn: Connection, owners_of_b: str, expected: Decimal
) -> None:
    _register(conn, owners_of_b)
    totals = assess_roll("ROLL", 2026, conn)
    assert totals.land_building_tax == expected
    assert totals.by_category == {"other": expected}
    assert totals.taxpayers == (1 if owners_of_b == "same" else 2)


def test_the_roll_is_written_with_its_lines_and_a_draft_can_be_assessed_again(
    conn: Connection,
) -> None:
    _register(conn, "same")
    first = assess_roll("ROLL", 2569, conn, actor="tester")
    again = assess_roll("ROLL", 2026, conn, actor="tester")
    assert again.land_building_tax == first.land_building_tax == Decimal("280000.00")
    rolls = conn.execute(
        sa.text(
            "SELECT id, tax_year, status, taxpayers, land_building_tax FROM tax_rolls"
            " WHERE lao_id = (SELECT id FROM laos WHERE code = 'ROLL')"
        )
    ).all()
    assert [tuple(r) for r in rolls] == [(again.roll_id, 2026, "draft", 1, Decimal("280000.00"))]
    lines = conn.execute(
        sa.text(
            "SELECT taxpayer_no, line_no, tax, item, category, value, allowance, rates, amount,"
            " rule FROM assessment_lines WHERE roll_id = :r ORDER BY line_no"
        ),
        {"r": again.roll_id},
    ).all()
    assert [tuple(r) for r in lines] == [
        (
            1,
            1,
            "lbt",
            "group 01A001",
            "other",
            Decimal("60000000.0000"),
            Decimal("0.0000"),
            "0.3 / 0.4 / 0.5 / 0.6 / 0.7",
            Decimal("190000.00"),
            "LBT Act B.E. 2562 s.35, s.37",
        ),
        (
            1,
            2,
            "lbt",
            "land 01A003",
            "other",
            Decimal("30000000.0000"),
            Decimal("0.0000"),
            "0.3 / 0.4 / 0.5 / 0.6 / 0.7",
            Decimal("90000.00"),
            "LBT Act B.E. 2562 s.35, s.37",
        ),
    ]
    owner = conn.execute(
        sa.text(
            "SELECT owner_name, owner_kind, land_building_tax, total FROM assessments"
            " WHERE lao_id = (SELECT id FROM laos WHERE code = 'ROLL')"
        )
    ).one()
    assert tuple(owner) == ("บริษัท ก จำกัด", "juristic", Decimal("280000.00"), Decimal("280000.00"))


def test_a_frozen_roll_is_not_assessed_again(conn: Connection) -> None:
    _register(conn, "same")
    assess_roll("ROLL", 2026, conn)
    conn.execute(
        sa.text(
            "UPDATE tax_rolls SET status = 'frozen'"
            " WHERE lao_id = (SELECT id FROM laos WHERE code = 'ROLL')"
        )
    )
    with pytest.raises(RollFrozen, match="The 2026 roll of ROLL is frozen"):
        assess_roll("ROLL", 2026, conn)
