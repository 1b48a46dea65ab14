"""Land prices (§2.1): Treasury list first, then the unit overlapped most; manual values stay."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from shapely.geometry import box
from sqlalchemy.engine import Connection

from parcels.fabric import bulk
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput
from valuation.land_prices import (
    assign_land_prices,
    create_round,
    import_treasury_prices,
    set_manual_price,
)
from valuation.orm import appraisal_units

X, Y = 230_000.0, 1_730_000.0


@pytest.fixture
def priced(conn: Connection, tmp_path: Path) -> Connection:
    """Three parcels: one on the Treasury list, one mostly in unit A, one outside every unit."""
    lao_id = create_lao(CreateLao("PRICE", "ทดสอบ", "Prices", 32648), conn)
    sheet = {"sheet_50k": "5540", "sheet_quadrant": "III", "sheet_4000": "3432", "map_scale": 4000}
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [
            {"code": "01A001", "land_no": "11", **sheet, "geom": box(X, Y, X + 40, Y + 40)},
            {"code": "01A002", "land_no": "12", **sheet, "geom": box(X + 40, Y, X + 140, Y + 40)},
            {"code": "01A003", "land_no": "13", **sheet, "geom": box(X + 500, Y, X + 540, Y + 40)},
        ],
    )
    round_id = create_round("PRICE", "B.E. 2566-2569", 2566, 2569, conn)
    conn.execute(
        sa.insert(appraisal_units),
        [
            {
                "lao_id": lao_id,
                "round_id": round_id,
                "kind": "block",
                "code": "A",
                "price_per_sq_wah": Decimal("1200.00"),
                "geom": from_shape(bulk.multi(box(X, Y, X + 110, Y + 40)), srid=32648),
            },
            {
                "lao_id": lao_id,
                "round_id": round_id,
                "kind": "block",
                "code": "B",
                "price_per_sq_wah": Decimal("800.00"),
                "geom": from_shape(bulk.multi(box(X + 110, Y, X + 200, Y + 40)), srid=32648),
            },
        ],
    )
    csv = tmp_path / "treasury.csv"
    csv.write_text(
        "UTMMAP1,UTMMAP2,UTMMAP3,UTMMAP4,UTMSCALE,LAND_NO,PRICE\n"
        "5540,3,3432,,4000,11,2500\n"
        "5540,3,3432,,4000,99,abc\n"
        "5540,3,3432,,4000,,100\n",
        encoding="utf-8",
    )
    report = import_treasury_prices("PRICE", "B.E. 2566-2569", csv, conn)
    assert report.loaded == 1
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (3, "price_per_sq_wah", "'abc' is not a number"),
        (4, "land_no", "land_no is empty"),
    ]
    return conn


def _prices(conn: Connection) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in conn.execute(
            sa.text(
                "SELECT p.code, lp.source, lp.price_per_sq_wah, lp.overlap_share "
                "FROM land_prices lp "
                "JOIN parcels p ON (p.lao_id, p.id) = (lp.lao_id, lp.parcel_id) ORDER BY p.code"
            )
        )
    ]


def test_treasury_list_first_then_largest_overlap(priced: Connection) -> None:
    result = assign_land_prices("PRICE", "B.E. 2566-2569", priced)
    assert result.by_source == {"treasury_list": 1, "appraisal_unit": 1}
    assert result.unpriced == 1
    assert _prices(priced) == [
        ("01A001", "treasury_list", Decimal("2500.00"), None),
        # 70 of its 100 m width lie in unit A.
        ("01A002", "appraisal_unit", Decimal("1200.00"), Decimal("0.700000")),
    ]


def test_manual_price_survives_reassignment(priced: Connection) -> None:
    set_manual_price(
        "PRICE",
        "B.E. 2566-2569",
        "01A003",
        Decimal("150"),
        "no appraisal (s.35 para 2)",
        "Nakhon Revenue Office",
        priced,
    )
    assign_land_prices("PRICE", "B.E. 2566-2569", priced)
    result = assign_land_prices("PRICE", "B.E. 2566-2569", priced)
    assert result.by_source == {"treasury_list": 1, "appraisal_unit": 1, "manual": 1}
    assert result.unpriced == 0
    assert _prices(priced)[2] == ("01A003", "manual", Decimal("150.00"), None)


def test_manual_price_needs_reason_and_approver(priced: Connection) -> None:
    with pytest.raises(InvalidInput) as info:
        set_manual_price("PRICE", "B.E. 2566-2569", "01A003", Decimal("1"), "", "x", priced)
    assert info.value.message_en == "A manual land price needs a reason and the approver's name."


def test_price_list_without_required_columns_is_refused(priced: Connection, tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text("LAND_NO,PRICE\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        import_treasury_prices("PRICE", "B.E. 2566-2569", csv, priced)
    assert info.value.message_en == (
        "bad.csv: missing column(s) sheet_50k, quadrant, sheet_4000; the header has LAND_NO, PRICE."
    )
