"""The Bua Lai pilot: real boundaries, a generated fabric that tiles its blocks, land records."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from rich.console import Console
from sqlalchemy.engine import Connection, Engine

from taxmap.core.settings import Settings
from taxmap.demo.load import load_pilot, pilot_is_loaded

PILOT = "(SELECT id FROM laos WHERE code = 'BUALAI')"


@pytest.fixture(scope="module")
def pilot(test_settings: Settings, engine: Engine) -> Iterator[str]:
    """Load the pilot once for this module (it commits into the throwaway database)."""
    summary = load_pilot(test_settings, engine, seed=2569, progress=Console(quiet=True))
    yield summary


def _one(conn: Connection, sql: str) -> object:
    return conn.execute(sa.text(sql)).one()


def test_pilot_summary_and_idempotence_marker(pilot: str, engine: Engine) -> None:
    assert pilot.startswith("pilot BUALAI: 16,816 parcels in 170 blocks and 9 zones")
    assert pilot_is_loaded(engine, 2569)
    assert not pilot_is_loaded(engine, 1)


def test_every_pilot_parcel_has_a_land_price(pilot: str, conn: Connection) -> None:
    row = _one(
        conn,
        "SELECT count(*), count(DISTINCT lp.appraisal_unit_id), min(lp.overlap_share) "
        f"FROM land_prices lp WHERE lp.lao_id = {PILOT} AND lp.source = 'appraisal_unit'",
    )
    # Every parcel lies wholly in its block, and each block is one appraisal unit.
    assert tuple(row) == (16816, 170, 1)
    assert "land prices: appraisal_unit 16,816; history: " in pilot


def test_pilot_register_is_complete_and_consistent(pilot: str, conn: Connection) -> None:
    assert "register: 14,517 parties, 30,447 rights, 18,869 land use pieces, 9,448 buildings" in (
        pilot.replace("\n", " ")
    )
    # Every parcel has owners whose shares add up to 1 (exactly, as fractions, in rules.py;
    # numeric division of thirds needs a tolerance here).
    bad_shares = _one(
        conn,
        "SELECT count(*) FROM (SELECT r.parcel_id FROM rights r "
        f"WHERE r.lao_id = {PILOT} AND r.parcel_id IS NOT NULL AND r.valid_to IS NULL "
        "GROUP BY r.parcel_id "
        "HAVING abs(sum(r.share_num::numeric / r.share_den) - 1) > 1e-9) s",
    )
    assert tuple(bad_shares) == (0,)
    unowned = _one(
        conn,
        f"SELECT count(*) FROM parcels p WHERE p.lao_id = {PILOT} AND p.status = 'active' "
        "AND NOT EXISTS "
        "(SELECT 1 FROM rights r WHERE (r.lao_id, r.parcel_id) = (p.lao_id, p.id))",
    )
    assert tuple(unowned) == (0,)
    # Land-use pieces add up to each parcel's drawn area in square wah (2 decimals).
    off = _one(
        conn,
        "SELECT count(*) FROM (SELECT p.id FROM parcels p JOIN land_use_pieces u "
        f"ON (u.lao_id, u.parcel_id) = (p.lao_id, p.id) WHERE p.lao_id = {PILOT} "
        "AND p.status = 'active' AND u.valid_to IS NULL AND p.version = 1 "
        "GROUP BY p.id, p.geom HAVING abs(sum(u.area_sq_wah) - ST_Area(p.geom) / 4) > 0.01) s",
    )
    assert tuple(off) == (0,)
    outside = _one(
        conn,
        "SELECT count(*) FROM buildings b JOIN parcels p ON (p.lao_id, p.id) = "
        f"(b.lao_id, b.parcel_id) WHERE b.lao_id = {PILOT} AND NOT ST_Within(b.footprint, p.geom)",
    )
    assert tuple(outside) == (0,)
    exempt = (
        conn.execute(
            sa.text(
                f"SELECT DISTINCT exemption FROM land_use_pieces WHERE lao_id = {PILOT} "
                "AND exemption IS NOT NULL ORDER BY 1"
            )
        )
        .scalars()
        .all()
    )
    assert exempt == ["s.8 religious", "s.8 state public use"]


def test_pilot_lao_boundary_and_tambons(pilot: str, conn: Connection) -> None:
    row = _one(
        conn,
        "SELECT l.srid, ST_SRID(l.boundary), count(a.*), "
        "string_agg(a.pcode || ' ' || a.name_th, ', ' ORDER BY a.pcode) "
        "FROM laos l JOIN admin_areas a ON a.lao_id = l.id WHERE l.code = 'BUALAI' "
        "GROUP BY l.srid, l.boundary",
    )
    assert tuple(row) == (
        32648,
        32648,
        4,
        "TH303001 เมืองพะไล, TH303002 โนนจาน, TH303003 บัวลาย, TH303004 หนองหว้า",
    )


def test_parcels_tile_their_blocks_without_gaps_or_overlaps(pilot: str, conn: Connection) -> None:
    overlaps = _one(
        conn,
        "SELECT count(*) FROM parcels a JOIN parcels b ON a.lao_id = b.lao_id AND a.id < b.id "
        f"AND a.lao_id = {PILOT} AND a.status = 'active' AND b.status = 'active' "
        "AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom) "
        "WHERE ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-6",
    )
    assert tuple(overlaps) == (0,)
    outside = _one(
        conn,
        "SELECT count(*) FROM parcels p JOIN blocks b ON (b.lao_id, b.id) = (p.lao_id, p.block_id) "
        f"WHERE NOT ST_CoveredBy(p.geom, b.geom) AND p.lao_id = {PILOT} AND p.status = 'active'",
    )
    assert tuple(outside) == (0,)
    # No gap: in every block the parcels' areas add up to the block's area.
    worst = _one(
        conn,
        "SELECT max(abs(b_area - p_area) / b_area) FROM ("
        " SELECT ST_Area(b.geom) b_area, sum(ST_Area(p.geom)) p_area FROM blocks b"
        " JOIN parcels p ON (p.lao_id, p.block_id) = (b.lao_id, b.id) "
        f" WHERE b.lao_id = {PILOT} AND p.status = 'active' GROUP BY b.geom) s",
    )
    assert worst[0] < 1e-9  # type: ignore[index]


def test_roads_bound_the_blocks(pilot: str, conn: Connection) -> None:
    touching = _one(
        conn,
        "SELECT count(*) FROM blocks b JOIN non_parcel_areas r "
        f"ON r.lao_id = b.lao_id AND r.geom && b.geom AND b.lao_id = {PILOT} "
        "WHERE ST_Area(ST_Intersection(r.geom, b.geom)) > 1e-6",
    )
    assert tuple(touching) == (0,)


def test_parcel_sizes_are_realistic(pilot: str, conn: Connection) -> None:
    # Village lots 50-400 sq wah (200-1,600 m²); elsewhere 0.5-30 rai (800-48,000 m²), except
    # a few whole blocks smaller than half a rai at ragged edges (never under 100 m²).
    row = _one(
        conn,
        "SELECT count(*), min(ST_Area(geom)) >= 100, max(ST_Area(geom)) <= 48000, "
        "count(*) FILTER (WHERE ST_Area(geom) BETWEEN 200 AND 1600) "
        "FROM parcels p JOIN laos l ON l.id = p.lao_id WHERE l.code = 'BUALAI' "
        "AND p.status = 'active'",
    )
    count, min_ok, max_ok, village_sized = tuple(row)
    assert (count, min_ok, max_ok) == (16816, True, True)
    assert village_sized > 4000


def test_codes_sheets_and_records(pilot: str, conn: Connection) -> None:
    query = f"SELECT code FROM parcels WHERE lao_id = {PILOT} ORDER BY code"
    codes = conn.execute(sa.text(query)).scalars().all()
    assert codes[:3] == ["01A001", "01B001", "01B002"]
    assert all(re.fullmatch(r"\d{2}[A-Z]+\d{3,4}", c) for c in codes)
    sheets = conn.execute(
        sa.text(
            "SELECT sheet_50k || ' ' || sheet_quadrant, count(DISTINCT sheet_4000) FROM parcels "
            f"WHERE lao_id = {PILOT} GROUP BY 1 ORDER BY 1"
        )
    ).all()
    assert [s for s, _ in sheets] == ["5440 II", "5540 III"]
    # Land numbers are unique within a sheet, as at the Land Office.
    dupes = _one(
        conn,
        f"SELECT count(*) FROM (SELECT 1 FROM parcels WHERE lao_id = {PILOT} "
        "AND land_no IS NOT NULL GROUP BY sheet_50k, sheet_quadrant, "
        "sheet_4000, land_no HAVING count(*) > 1) d",
    )
    assert tuple(dupes) == (0,)
    docs = dict(
        conn.execute(
            sa.text(
                f"SELECT document_type, count(*) FROM parcels WHERE lao_id = {PILOT} "
                "AND status = 'active' GROUP BY 1 ORDER BY 1"
            )
        ).all()
    )
    assert docs == {1: 13141, 2: 1680, 3: 720, 5: 282, 6: 993}
    fabric_start = _one(
        conn,
        "SELECT min(valid_from), max(valid_from) FROM parcels "
        f"WHERE lao_id = {PILOT} AND case_id IS NULL",
    )
    # Parcels no edit has touched since the tax map was made.
    assert [str(d) for d in fabric_start] == ["2020-01-01", "2020-01-01"]


def test_roll_of_the_pilot_for_2026(pilot: str, engine: Engine) -> None:
    from decimal import Decimal

    from valuation.roll_services import assess_roll

    totals = assess_roll("BUALAI", 2569, engine)  # B.E. is accepted
    # 13,653 taxpayers with taxable property and the 2 owners of s.8 exempt parcels.
    assert (totals.tax_year, totals.taxpayers, totals.lines) == (2026, 13655, 22900)
    assert totals.land_building_tax == Decimal("8247381.60")
    assert totals.signboard_tax == Decimal("1502640.00")
    assert totals.by_category == {
        "agri": Decimal("20217.22"),
        "other": Decimal("2574750.48"),
        "res_bldg": Decimal("0.00"),
        "res_main": Decimal("0.00"),
        "res_other": Decimal("424411.11"),
        "vacant": Decimal("5228002.79"),
    }
    assert sum(totals.by_zone.values()) == totals.land_building_tax
    assert totals.by_tambon == {"บัวลาย": Decimal("8247381.60")}
    assert (totals.exempt_parcels, totals.unpriced_parcels, totals.unvalued_buildings) == (2, 0, 0)
    with engine.connect() as conn:
        exempt = conn.execute(
            sa.text(
                "SELECT item, value, exemption, amount FROM assessment_lines"
                " WHERE roll_id = :r AND exemption <> '' ORDER BY item"
            ),
            {"r": totals.roll_id},
        ).all()
    # s.8 property is on the roll with its assessed value and tax 0 (rule book §1.2).
    assert [tuple(r) for r in exempt] == [
        ("land 03W014", Decimal("1787514.0000"), "s.8 state public use", Decimal("0.00")),
        ("land 04K017", Decimal("1818012.0000"), "s.8 religious", Decimal("0.00")),
    ]


def test_the_vectorised_roll_equals_one_quote_per_taxpayer(pilot: str, engine: Engine) -> None:
    """Every 10th taxpayer's roll assessment equals the quote contract on their property."""
    from decimal import Decimal

    from valuation.quote import quote
    from valuation.register_quote import taxpayer_documents
    from valuation.roll_services import PRICES, assess_roll

    assess_roll("BUALAI", 2026, engine)
    with engine.connect() as conn:
        lao_id = conn.execute(sa.text(PILOT)).scalar_one()
        docs, *_ = taxpayer_documents(conn, lao_id, 2026, PRICES / "nakhon_ratchasima.csv")
        roll = {
            tuple(sorted(ids)): (lbt, sign)
            for ids, lbt, sign in conn.execute(
                sa.text(
                    "SELECT a.owner_party_ids, a.land_building_tax, a.signboard_tax"
                    " FROM assessments a JOIN tax_rolls r ON r.lao_id = a.lao_id"
                    " AND r.id = a.roll_id WHERE r.tax_year = 2026 AND a.lao_id = :l"
                ),
                {"l": lao_id},
            ).tuples()
        }
    sample = sorted(docs)[::10]
    quoted = {
        key: tuple(Decimal(q[t]["total"]) for t in ("land_building_tax", "signboard_tax"))
        for key in sample
        for q in [quote({**docs[key], "lao": "BUALAI"})]
    }
    assert len(sample) == 1366
    assert {key: roll[key] for key in sample} == quoted


def test_the_roll_over_http_and_as_pages(
    pilot: str,
    engine: Engine,
    test_settings: Settings,
    make_client: Callable[..., TestClient],
) -> None:

    from valuation.roll_services import assess_roll

    assess_roll("BUALAI", 2026, engine)
    with make_client() as client:
        roll = client.get("/api/v1/laos/BUALAI/rolls/2569?limit=2").json()
        assert {k: roll[k] for k in ("tax_year", "status", "taxpayers", "land_building_tax")} == {
            "tax_year": 2026,
            "status": "draft",
            "taxpayers": 13655,
            "land_building_tax": "8247381.60",
        }
        assert roll["by_category"]["vacant"] == "5228002.79"
        assert [(a["taxpayer_no"], a["owner_name"], a["total"]) for a in roll["assessments"]] == [
            (1, "นายสุรชัย นาคสุข", "58.75"),
            (2, "นางสาวคำปุ่น คงสวัสดิ์ / นายพิชิต คำแก้ว / นายธนากร จันทร์แก้ว", "0.00"),
        ]
        one = client.get("/api/v1/laos/BUALAI/rolls/2026/taxpayers/1").json()
        assert sum(Decimal(line["amount"]) for line in one["lines"]) == Decimal("58.75")
        assert {line["rule"].split(" s.")[0] for line in one["lines"]} == {"LBT Act B.E. 2562"}
        missing = client.get("/api/v1/laos/BUALAI/rolls/2030")
        assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
        page = client.get("/laos/BUALAI/rolls/2026")
        assert page.status_code == 200
        assert "ทะเบียนภาษีที่ดินและสิ่งปลูกสร้าง ปีภาษี 2569" in page.text
        assert "8,247,381.60" in page.text and "นายสุรชัย นาคสุข" in page.text
        detail = client.get("/laos/BUALAI/rolls/2026/taxpayers/1?lang=en")
        assert "Land and building tax roll" in detail.text and "58.75" in detail.text
