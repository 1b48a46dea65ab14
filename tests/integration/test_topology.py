"""Whole-LAO topology check: exact faults on a planted fabric; decisions survive re-runs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from shapely.geometry import box
from sqlalchemy.engine import Connection

from parcels.fabric import bulk
from parcels.fabric.services import accept_review_item, check_topology, review_items
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao

X, Y = 230_000.0, 1_730_000.0  # somewhere in Bua Lai, EPSG:32648


def sq(x0: float, y0: float, x1: float, y1: float) -> object:
    return box(X + x0, Y + y0, X + x1, Y + y1)


@pytest.fixture
def fabric(conn: Connection) -> Connection:
    """Block A (100 x 100 m) with an overlap, a gap and a sliver; block B with a crossing."""
    lao_id = create_lao(CreateLao("TOPO", "ทดสอบ", "Topology", 32648), conn)
    zones = bulk.insert_zones(conn, lao_id, 32648, [{"code": "01", "geom": sq(0, 0, 300, 100)}])
    blocks = bulk.insert_blocks(
        conn,
        lao_id,
        32648,
        [
            {"zone_id": zones["01"], "code": "01A", "geom": sq(0, 0, 100, 100)},
            {"zone_id": zones["01"], "code": "01B", "geom": sq(200, 0, 300, 100)},
        ],
    )
    a, b = blocks["01A"], blocks["01B"]
    rows = [
        ("01A001", a, sq(0, 0, 50, 100)),
        ("01A002", a, sq(50, 0, 100, 60)),
        ("01A003", a, sq(49, 70, 100, 100)),  # overlaps 01A001 by 1 x 30 m
        ("01A004", a, sq(50, 60, 100, 60.5)),  # a 50 x 0.5 m sliver; gap 50 x 9.5 m above it
        ("01B001", b, sq(200, 0, 305, 100)),  # 5 m into the road east of block B
    ]
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [{"code": c, "block_id": blk, "lot": int(c[-3:]), "geom": g} for c, blk, g in rows],
    )
    return conn


def test_finds_each_planted_fault_with_its_area(fabric: Connection) -> None:
    report = check_topology("TOPO", fabric)
    found = sorted((f["kind"], f["key"], f["area_m2"]) for f in report.faults)
    assert found == [
        ("crosses_block", "crosses_block:01B001", 500.0),
        ("gap", "gap:01A:230075:1730065", 475.0),
        ("overlap", "overlap:01A001|01A003", 30.0),
        ("sliver", "sliver:01A004", 25.0),
    ]
    assert report.counts == {"crosses_block": 1, "gap": 1, "overlap": 1, "sliver": 1}
    assert report.parcels == 5
    [overlap] = [f for f in report.faults if f["kind"] == "overlap"]
    assert overlap["message"] == (
        "parcels 01A001 and 01A003 overlap by 30.00 m²; move the shared boundary so each "
        "piece belongs to one parcel"
    )


def test_accepted_exception_survives_a_rerun_and_fixed_faults_resolve(
    fabric: Connection,
) -> None:
    check_topology("TOPO", fabric)
    items = {r.key: r for r in review_items("TOPO", fabric)}
    sliver = items["sliver:01A004"]
    accept_review_item("TOPO", sliver.id, "ditch strip on the deed", "Somchai", fabric)

    # Fix the crossing, then check again.
    fabric.execute(
        sa.text(
            "UPDATE parcels SET geom = ST_Multi(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 32648)) "
            "WHERE code = '01B001'"
        ),
        {"x0": X + 200, "y0": Y, "x1": X + 300, "y1": Y + 100},
    )
    report = check_topology("TOPO", fabric)
    assert report.resolved == 1
    after = {r.key: r for r in review_items("TOPO", fabric)}
    assert (after["sliver:01A004"].status, after["sliver:01A004"].reviewer) == (
        "accepted",
        "Somchai",
    )
    assert after["sliver:01A004"].decision_reason == "ditch strip on the deed"
    assert after["crosses_block:01B001"].status == "resolved"
    assert after["overlap:01A001|01A003"].status == "open"


def test_accepting_needs_a_reason(fabric: Connection) -> None:
    from taxmap.core.errors import InvalidInput

    check_topology("TOPO", fabric)
    item = review_items("TOPO", fabric)[0]
    with pytest.raises(InvalidInput) as info:
        accept_review_item("TOPO", item.id, " ", "Somchai", fabric)
    assert info.value.message_en == (
        "An accepted exception needs a reason and the reviewer's name."
    )
