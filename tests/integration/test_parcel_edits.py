"""Parcel edits: boundaries with snapping, splits, merges, history, time travel, two editors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from shapely.geometry import LineString, box
from sqlalchemy.engine import Connection, Engine

from parcels.fabric import bulk
from parcels.fabric.edit_model import Adjustment, EditCase
from parcels.fabric.edit_records import change_attributes, create_parcel, retire_parcel
from parcels.fabric.editing import (
    merge_parcels,
    replace_boundary,
    split_parcel,
)
from parcels.fabric.history import fabric_as_of, parcel_history
from parcels.register.editing import create_owner, set_land_use
from parcels.register.model import Holder, NewBuilding, NewOwner, UsePieceInput
from parcels.register.structures import add_building
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput, StaleVersion, TopologyConflict
from taxmap.core.settings import Settings

X, Y = 230_000.0, 1_730_000.0
JUNE = date(2025, 6, 1)


def square(i: int, x0: float = 0, x1: float = 40) -> object:
    """Parcel i of the row: 40 m wide, 40 m deep."""
    return box(X + 40 * i + x0, Y, X + 40 * i + x1, Y + 40)


def fabric(conn: Connection, code: str = "EDIT") -> int:
    """Block 01A with three 40 x 40 m parcels; 01A001-002 owned by 1, 01A003 by 2."""
    lao_id = create_lao(CreateLao(code, "ทดสอบแก้ไข", "Edits", 32648), conn)
    zone = bulk.insert_zones(
        conn, lao_id, 32648, [{"code": "01", "geom": box(X, Y, X + 120, Y + 40)}]
    )
    block = bulk.insert_blocks(
        conn,
        lao_id,
        32648,
        [{"zone_id": zone["01"], "code": "01A", "geom": box(X, Y, X + 120, Y + 40), "next_lot": 4}],
    )
    bulk.insert_parcels(
        conn,
        lao_id,
        32648,
        [
            {
                "code": f"01A00{i + 1}",
                "block_id": block["01A"],
                "lot": i + 1,
                "geom": square(i),
                "valid_from": "2020-01-01",
                "document_no": f"100{i}",
            }
            for i in range(3)
        ],
    )
    for n in (1, 2):
        create_owner(code, NewOwner("juristic", f"บริษัท {n} จำกัด"), conn, actor="t")
    for i, owner in ((0, 1), (1, 1), (2, 2)):
        set_land_use(
            code,
            f"01A00{i + 1}",
            (UsePieceInput("agri", Decimal("400")),),
            date(2020, 1, 1),
            conn,
            actor="t",
        )
        conn.execute(
            sa.text(
                "INSERT INTO rights (lao_id, party_id, kind, parcel_id, valid_from)"
                " SELECT :l, p.id, 'owner', c.id, '2020-01-01' FROM parties p, parcels c"
                " WHERE p.lao_id = :l AND p.owner_no = :o AND c.lao_id = :l AND c.code = :code"
            ),
            {"l": lao_id, "o": owner, "code": f"01A00{i + 1}"},
        )
    return lao_id


def case(reason: str = "field survey", day: date = JUNE) -> EditCase:
    return EditCase(reason, "surveyor", "survey 12/2568", day)


def areas(conn: Connection, lao: str = "EDIT") -> dict[str, tuple[str, float]]:
    rows = conn.execute(
        sa.text(
            "SELECT p.code, p.status, round(ST_Area(p.geom)::numeric, 2) FROM parcels p"
            " JOIN laos l ON l.id = p.lao_id WHERE l.code = :c ORDER BY p.code"
        ),
        {"c": lao},
    )
    return {code: (status, float(area)) for code, status, area in rows}


def test_a_boundary_that_overlaps_a_neighbour_is_refused_naming_it(conn: Connection) -> None:
    fabric(conn)
    moved = Adjustment("01A001", square(0, 0, 42), 1)
    with pytest.raises(TopologyConflict) as caught:
        replace_boundary("EDIT", moved, case(), conn, srid_in=32648)
    [fault] = [f for f in caught.value.details["faults"] if f["kind"] == "overlap"]
    assert (fault["neighbour"], fault["area_m2"]) == ("01A002", 80.0)
    assert fault["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_a_boundary_moved_with_its_neighbour_in_one_case_is_saved(conn: Connection) -> None:
    fabric(conn)
    moved = Adjustment("01A001", square(0, 0, 42), 1)
    neighbour = Adjustment("01A002", square(1, 2, 40), 1)
    result = replace_boundary("EDIT", moved, case(), conn, adjust=(neighbour,), srid_in=32648)
    assert [(p.code, p.version, p.area_m2) for p in result.parcels] == [
        ("01A001", 2, 1680.0),
        ("01A002", 2, 1520.0),
    ]
    history = parcel_history("EDIT", "01A001", conn)
    assert [
        (v["version"], v["valid_from"], v["valid_to"], v["area_m2"]) for v in history["versions"]
    ] == [
        (1, "2020-01-01", "2025-06-01", 1600.0),
        (2, "2025-06-01", None, 1680.0),
    ]
    assert history["versions"][1]["case"] == {
        "kind": "boundary",
        "reason": "field survey",
        "document": "survey 12/2568",
    }
    before = fabric_as_of("EDIT", date(2025, 1, 1), conn)
    assert [(f["id"], f["properties"]["area_m2"]) for f in before["features"]] == [
        ("01A001", 1600.0),
        ("01A002", 1600.0),
        ("01A003", 1600.0),
    ]


def test_a_vertex_near_the_neighbour_snaps_onto_it(conn: Connection) -> None:
    fabric(conn)
    result = replace_boundary(
        "EDIT", Adjustment("01A001", square(0, 0, 40.15), 1), case(), conn, srid_in=32648
    )
    assert result.parcels[0].area_m2 == 1600.0


def test_shrinking_a_parcel_without_its_neighbour_opens_a_gap(conn: Connection) -> None:
    fabric(conn)
    with pytest.raises(TopologyConflict) as caught:
        replace_boundary(
            "EDIT", Adjustment("01A001", square(0, 0, 38), 1), case(), conn, srid_in=32648
        )
    [fault] = caught.value.details["faults"]
    assert (fault["kind"], fault["area_m2"]) == ("gap", 80.0)


def test_a_split_makes_children_with_new_lots_rights_and_land_use(conn: Connection) -> None:
    fabric(conn)
    house = NewBuilding(
        treasury_type=101,
        construction_class="concrete",
        floor_area_m2=Decimal("64"),
        year_completed=2560,
        uses=(UsePieceInput("res_other", Decimal("64")),),
        owners=(Holder(1),),
    )
    add_building("EDIT", "01A001", house, conn, actor="t")
    conn.execute(
        sa.text(
            "UPDATE buildings SET footprint = ST_Multi(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 32648))"
            " WHERE lao_id = (SELECT id FROM laos WHERE code = 'EDIT')"
        ),
        {"x0": X + 30, "y0": Y + 10, "x1": X + 38, "y1": Y + 18},
    )
    line = LineString([(X + 20, Y - 5), (X + 20, Y + 45)])
    result = split_parcel(
        "EDIT", "01A001", line, 1, case("sale of the west half"), conn, srid_in=32648
    )
    assert [(p.code, p.status, p.area_m2) for p in result.parcels] == [
        ("01A001", "retired", 1600.0),
        ("01A004", "active", 800.0),
        ("01A005", "active", 800.0),
    ]
    assert areas(conn)["01A001"] == ("retired", 1600.0)
    lineage = parcel_history("EDIT", "01A001", conn)["children"]
    assert [(e["code"], e["kind"], e["on"]) for e in lineage] == [
        ("01A004", "split", "2025-06-01"),
        ("01A005", "split", "2025-06-01"),
    ]
    owners = conn.execute(
        sa.text(
            "SELECT c.code, p.owner_no, r.valid_from FROM rights r"
            " JOIN parcels c ON c.id = r.parcel_id JOIN parties p ON p.id = r.party_id"
            " WHERE r.valid_to IS NULL AND c.code LIKE '01A00%' AND c.lao_id = p.lao_id"
            " AND c.lao_id = (SELECT id FROM laos WHERE code = 'EDIT')"
            " ORDER BY c.code"
        )
    ).all()
    assert [tuple(r) for r in owners] == [
        ("01A002", 1, date(2020, 1, 1)),
        ("01A003", 2, date(2020, 1, 1)),
        ("01A004", 1, JUNE),
        ("01A005", 1, JUNE),
    ]
    uses = conn.execute(
        sa.text(
            "SELECT c.code, u.area_sq_wah FROM land_use_pieces u"
            " JOIN parcels c ON c.id = u.parcel_id WHERE u.valid_to IS NULL"
            " AND c.code IN ('01A004', '01A005')"
            " AND c.lao_id = (SELECT id FROM laos WHERE code = 'EDIT') ORDER BY c.code"
        )
    ).all()
    assert [tuple(r) for r in uses] == [
        ("01A004", Decimal("200.00")),
        ("01A005", Decimal("200.00")),
    ]
    moved = conn.execute(
        sa.text(
            "SELECT c.code FROM buildings b JOIN parcels c ON c.id = b.parcel_id"
            " WHERE true AND c.lao_id = (SELECT id FROM laos WHERE code = 'EDIT')"
        )
    ).scalar_one()
    east = "01A005" if result.parcels[2].code == "01A005" else "01A004"
    assert moved == east
    assert (
        "land use apportioned by area to 01A004, 01A005: review which use is where" in result.notes
    )


def test_merges_need_one_owner_unless_forced(conn: Connection) -> None:
    fabric(conn)
    with pytest.raises(InvalidInput) as caught:
        merge_parcels("EDIT", {"01A002": 1, "01A003": 1}, case("merge"), conn)
    assert caught.value.message_en == (
        "Parcels 01A002, 01A003 have different owners: merge them only with a reason (force)."
    )
    result = merge_parcels("EDIT", {"01A001": 1, "01A002": 1}, case("one farm"), conn)
    assert [(p.code, p.status, p.area_m2) for p in result.parcels] == [
        ("01A001", "retired", 1600.0),
        ("01A002", "retired", 1600.0),
        ("01A004", "active", 3200.0),
    ]
    assert parcel_history("EDIT", "01A004", conn)["parents"] == [
        {"code": "01A001", "kind": "merge", "on": "2025-06-01", "reason": "one farm"},
        {"code": "01A002", "kind": "merge", "on": "2025-06-01", "reason": "one farm"},
    ]
    later = fabric_as_of("EDIT", date(2025, 7, 1), conn)
    assert [f["id"] for f in later["features"]] == ["01A003", "01A004"]


def test_a_stale_version_is_refused_with_what_changed(conn: Connection) -> None:
    fabric(conn)
    change_attributes("EDIT", "01A001", 1, {"note": "fenced"}, case(), conn)
    with pytest.raises(StaleVersion) as caught:
        retire_parcel("EDIT", "01A001", 1, case("road"), conn)
    assert caught.value.details == {
        "code": "01A001",
        "current_version": 2,
        "your_version": 1,
        "changed": ["note"],
    }


def test_two_editors_saving_the_same_parcel_one_wins_the_other_gets_409(engine: Engine) -> None:
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = 'EDIT2'")).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = fabric(c, "EDIT2")
    outcome: dict[str, object] = {}

    def first() -> None:
        with engine.connect() as conn, conn.begin():
            change_attributes("EDIT2", "01A001", 1, {"note": "first"}, case(), conn)
            outcome["first_saved"] = time.monotonic()
            time.sleep(1.0)  # hold the row lock while the second editor tries

    def second() -> None:
        time.sleep(0.3)
        try:
            change_attributes("EDIT2", "01A001", 1, {"note": "second"}, case(), engine)
        except StaleVersion as exc:
            outcome["second"] = exc.details
            outcome["refused_at"] = time.monotonic()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcome["second"] == {
        "code": "01A001",
        "current_version": 2,
        "your_version": 1,
        "changed": ["note"],
    }
    # The second editor waited for the first to commit, then saw its version.
    assert float(outcome["refused_at"]) - float(outcome["first_saved"]) >= 0.9  # type: ignore[arg-type]
    with engine.begin() as c:
        note = c.execute(
            sa.text("SELECT note, version FROM parcels WHERE lao_id = :l AND code = '01A001'"),
            {"l": lao_id},
        ).one()
        assert tuple(note) == ("first", 2)
        delete_lao(c, lao_id)


def test_edits_over_http(
    engine: Engine, test_settings: Settings, make_client: Callable[..., TestClient]
) -> None:
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = 'EDIT3'")).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = fabric(c, "EDIT3")
    base = "/api/v1/laos/EDIT3/parcels"
    with make_client() as client:
        overlap = client.put(
            f"{base}/01A001/boundary",
            json={
                "geometry": square(0, 0, 42).__geo_interface__,
                "crs": 32648,
                "version": 1,
                "reason": "survey",
                "effective": "2025-06-01",
            },
        )
        assert overlap.status_code == 422
        assert overlap.json()["details"]["faults"][0]["neighbour"] == "01A002"
        split = client.post(
            f"{base}/01A003/split",
            json={
                "line": LineString([(X + 100, Y - 5), (X + 100, Y + 45)]).__geo_interface__,
                "crs": 32648,
                "version": 1,
                "reason": "sale",
                "effective": "2025-06-01",
            },
        )
        assert [p["code"] for p in split.json()["parcels"]] == ["01A003", "01A004", "01A005"]
        stale = client.post(f"{base}/01A003/retire", json={"version": 1, "reason": "road"})
        assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
        history = client.get(f"{base}/01A003/history").json()
        assert [c["code"] for c in history["children"]] == ["01A004", "01A005"]
        then = client.get(f"{base}?as_of=2025-01-01").json()
        assert [f["id"] for f in then["features"]] == ["01A001", "01A002", "01A003"]
    with engine.begin() as c:
        delete_lao(c, lao_id)


def test_a_new_parcel_takes_the_next_lot_and_must_fit_the_gap(conn: Connection) -> None:
    fabric(conn)
    # Retire 01A003 (taken for a road, say), then re-create the land as a new parcel.
    retire_parcel("EDIT", "01A003", 1, case("road widening"), conn)
    result = create_parcel(
        "EDIT",
        "01A",
        square(2, 0, 40.1),
        {"note": "new title"},
        case("new deed"),
        conn,
        srid_in=32648,
    )
    assert [(p.code, p.version, p.area_m2) for p in result.parcels] == [("01A004", 1, 1600.0)]
    with pytest.raises(TopologyConflict) as caught:
        create_parcel("EDIT", "01A", square(1, 10, 30), {}, case("again"), conn, srid_in=32648)
    assert [(f["kind"], f["neighbour"], f["area_m2"]) for f in caught.value.details["faults"]] == [
        ("overlap", "01A002", 800.0)
    ]
    with pytest.raises(InvalidInput, match="No block 09Z in this LAO"):
        create_parcel("EDIT", "09Z", square(2), {}, case("x"), conn, srid_in=32648)


def test_parcel_commands_on_the_cli(engine: Engine, test_db_url: str, tmp_path: Path) -> None:
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = 'EDIT4'")).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = fabric(c, "EDIT4")
    env = {**os.environ, "TAXMAP_DATABASE_URL": test_db_url, "COLUMNS": "200"}

    def taxmap(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "taxmap.cli", "parcel", *args, "--lao", "EDIT4"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    line = f"{X + 20} {Y - 5}, {X + 20} {Y + 45}"
    split = taxmap(
        "split",
        "01A001",
        "--line",
        line,
        "--crs",
        "32648",
        "--version",
        "1",
        "--reason",
        "sale",
        "--from",
        "2025-06-01",
    )
    assert split.stdout.splitlines()[:3] == [
        "01A001 version 2 retired 1,600.00 m²",
        "01A004 version 1 active 800.00 m²",
        "01A005 version 1 active 800.00 m²",
    ]
    stale = taxmap("retire", "01A001", "--version", "1", "--reason", "road")
    assert stale.returncode == 1 and "was saved by someone else (version 2" in stale.stderr
    merged = taxmap("merge", "01A002@1", "01A003@1", "--reason", "one farm")
    assert merged.returncode == 1 and "have different owners" in merged.stderr
    history = taxmap("history", "01A001")
    assert history.stdout.splitlines() == [
        "v2 retired 2020-01-01 → 2025-06-01 1,600.00 m² split sale",
        "to 01A004 (split 2025-06-01)",
        "to 01A005 (split 2025-06-01)",
    ]
    out = tmp_path / "then.geojson"
    assert taxmap("as-of", "--date", "2025-01-01", "--out", str(out)).returncode == 0
    assert [f["id"] for f in json.loads(out.read_text())["features"]] == [
        "01A001",
        "01A002",
        "01A003",
    ]
    with engine.begin() as c:
        delete_lao(c, lao_id)
