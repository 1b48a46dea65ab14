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
from valuation.land_prices import create_round, set_manual_price
from valuation.register_quote import assess_roll

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
