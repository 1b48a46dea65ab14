"""Planner queries on the small fixture: filters, distance, summaries, change, API, exports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Connection, Engine

from landuse.planning import change_between, class_summary, search_parcels
from taxmap.core.settings import Settings
from tests import landuse_fixture as fx

LAO = "LUQUERY"


@pytest.fixture
def lao(conn: Connection, test_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """The fixture LAO inside the test's rolled-back transaction."""
    settings = test_settings.model_copy(update={"var_dir": tmp_path / "var"})
    fx.build(conn, settings, tmp_path, LAO)
    yield settings


def _codes(rows: list[dict[str, Any]]) -> list[str]:
    return [r["code"] for r in rows]


def test_filter_by_layer_class_group_and_share(lao: Settings, conn: Connection) -> None:
    assert _codes(search_parcels(LAO, conn, layers=[("cover", ("built",), 0.5)])) == [
        "01B003",
        "01B004",
    ]
    assert _codes(search_parcels(LAO, conn, layers=[("ldd", ("U2",), 0.5)])) == [
        "01A002",
        "01B003",
        "01B004",
    ]
    assert _codes(search_parcels(LAO, conn, layers=[("ldd", ("U2",), 0.7)])) == ["01B003", "01B004"]
    both = search_parcels(LAO, conn, layers=[("ldd", ("A101",), 0.1), ("zones", ("rural",), 1.0)])
    assert _codes(both) == ["01A001", "01A002"]


def test_filter_by_register_and_tax_category(lao: Settings, conn: Connection) -> None:
    assert _codes(search_parcels(LAO, conn, categories=("agri",))) == ["01A001", "01B004"]
    assert _codes(search_parcels(LAO, conn, categories=("agri",), tambon=fx.T2)) == ["01B004"]
    assert _codes(search_parcels(LAO, conn, block="01A")) == ["01A001", "01A002"]
    row = search_parcels(LAO, conn, block="01A", categories=("vacant",))[0]
    assert (row["area_m2"], row["area_rai"], row["categories"], row["zone"]) == (
        10000.0,
        "6-1-0.00 ไร่-งาน-ตร.ว. (10,000.00 m²)",
        "vacant",
        "01",
    )


def test_parcels_within_a_distance_of_a_river_and_a_road(lao: Settings, conn: Connection) -> None:
    rows = search_parcels(LAO, conn, near=("river", 100.0))
    assert [(r["code"], r["distance_m"]) for r in rows] == [("01B003", 90.0), ("01B004", 0.0)]
    assert len(search_parcels(LAO, conn, near=("road", 50.0))) == 4
    assert search_parcels(LAO, conn, near=("road", 49.9)) == []


def test_class_areas_per_tambon_zone_and_block(lao: Settings, conn: Connection) -> None:
    rows = class_summary(LAO, "ldd", "tambon", conn)
    assert [(r["unit"], r["class_code"], r["area_m2"], r["parcels"]) for r in rows] == [
        # PostgreSQL sorts Thai by its collation: สอง before หนึ่ง.
        (fx.T2, "U2", 20000.0, 2),
        (fx.T1, "A101", 14000.0, 2),
        (fx.T1, "U2", 6000.0, 1),
    ]
    by_zone = class_summary(LAO, "cover", "zone", conn)
    assert [(r["unit"], r["class_code"], r["area_m2"]) for r in by_zone] == [
        ("01", "40", 20000.0),
        ("01", "50", 20000.0),
    ]
    old = class_summary(LAO, "cover", "block", conn, as_of=date(2020, 1, 1))
    assert [(r["unit"], r["class_code"], r["area_m2"]) for r in old] == [
        ("01A", "40", 20000.0),
        ("01B", "40", 20000.0),
    ]


def test_change_between_two_dates_of_a_layer(lao: Settings, conn: Connection) -> None:
    change = change_between(LAO, "ldd", date(2020, 1, 1), date(2024, 1, 1), conn)
    assert change["classes"] == [
        {"class_code": "A1", "before_m2": 40000.0, "after_m2": 0.0, "change_m2": -40000.0},
        {"class_code": "A101", "before_m2": 0.0, "after_m2": 14000.0, "change_m2": 14000.0},
        {"class_code": "U2", "before_m2": 0.0, "after_m2": 26000.0, "change_m2": 26000.0},
    ]
    assert change["transitions"] == [
        {"from": "A1", "to": "A101", "parcels": 1, "area_m2": 10000.0},
        {"from": "A1", "to": "U2", "parcels": 3, "area_m2": 30000.0},
    ]


@pytest.fixture(scope="module")
def committed(
    engine: Engine, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The fixture committed under another code, for the API (its own connections)."""
    folder = tmp_path_factory.mktemp("api")
    settings = test_settings.model_copy(update={"var_dir": folder / "var"})
    fx.build(engine, settings, folder, "LUAPI")
    return settings


def test_planner_api_answers_json_files_and_charts(
    committed: Settings, make_client: Callable[..., Any]
) -> None:
    with make_client(role="planner", lao="LUAPI", settings=committed) as client:
        base = "/api/v1/laos/LUAPI"
        assert [r["code"] for r in client.get(f"{base}/layers").json()][:3] == [
            "cover",
            "cover",
            "depth",
        ]
        rows = client.get(f"{base}/planning/parcels", params={"layer": "cover:built:0.5"}).json()
        assert [r["code"] for r in rows] == ["01B003", "01B004"]
        csv = client.get(f"{base}/planning/parcels", params={"category": "agri", "format": "csv"})
        assert csv.content.decode("utf-8-sig").splitlines()[1].startswith("01A001,ทดสอบหนึ่ง,01A,01,")
        gpkg = client.get(f"{base}/planning/parcels", params={"format": "gpkg"})
        assert gpkg.headers["content-type"] == "application/geopackage+sqlite3"
        assert gpkg.content[:15] == b"SQLite format 3"
        xlsx = client.get(f"{base}/planning/parcels", params={"format": "xlsx"})
        assert xlsx.content[:2] == b"PK"
        svg = client.get(f"{base}/planning/summary", params={"layer": "ldd", "format": "svg"})
        assert "การใช้ประโยชน์" not in svg.text and "นาข้าว A101" in svg.text and "8.75 ไร่" in svg.text
        png = client.get(f"{base}/planning/summary", params={"layer": "ldd", "format": "png"})
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
        bad = client.get(f"{base}/planning/parcels", params={"layer": "cover"})
        assert (bad.status_code, bad.json()["details"]["field"]) == (422, "layer")
        missing = client.get(f"{base}/planning/summary", params={"layer": "nope"})
        assert (missing.status_code, missing.json()["code"]) == (404, "layer_not_found")
        style = client.get(f"{base}/layers/zones/style").json()
        rural = next(c for c in style["classes"] if c["code"] == "ก.1")
        assert rural == {
            "code": "ก.1",
            "label_th": "ที่ดินประเภทชนบทและเกษตรกรรม",
            "label_en": "Rural and agricultural",
            "fill": "#00A000",
            "stroke": "#007000",
        }
        refused = client.get(f"{base}/planning/mismatches")
        assert (refused.status_code, refused.json()["details"]["needs"]) == (403, "revenue")
    with make_client(role="revenue", lao="LUAPI", settings=committed) as client:
        report = client.get(f"{base}/planning/mismatches").json()
        assert [(p["parcel"], p["tax_at_stake"]) for p in report["parcels"]] == [
            ("01A002", "300.00"),
            ("01B004", "120.00"),
            ("01B003", "50.00"),
        ]
