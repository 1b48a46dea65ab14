"""Vector tiles of planning layers: features with class names and colours, dates, zooms, errors,
ETags, LAO isolation, TileJSON entries and the index under row security.

The LAO is tests/landuse_fixture.py's (400 x 200 m at (230000, 1730000) in EPSG:32648, all of
it inside tile 14/12856/7471) committed as LUTILES, with one more layer: `lanes`, a road
imported with its `kind` column as the class (a theme without a class table), so its one
class-table entry styles it. Tiles are read back with tests/mvt.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from mvt import decode
from sqlalchemy.engine import Connection, Engine
from web_role import as_web_role, capture_plans

from landuse.model import ImportLayer
from landuse.services import import_layer
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.lao_scope import SET_SCOPE
from taxmap.core.settings import Settings
from tests import landuse_fixture as fx

LAO = "LUTILES"
OTHER = "LUTOTHER"
TILE = "14/12856/7471"
MVT = "application/vnd.mapbox-vector-tile"
ZONE_1 = {
    "class_code": "ก.1",
    "class_th": "ที่ดินประเภทชนบทและเกษตรกรรม",
    "class_en": "Rural and agricultural",
    "fill": "#00A000",
}
ZONE_2 = {
    "class_code": "ก.2",
    "class_th": "ที่ดินประเภทอนุรักษ์ชนบทและเกษตรกรรม",
    "class_en": "Rural and agricultural conservation",
    "fill": "#FFFFFF",
    "hatch": "#00A000",
}


@pytest.fixture(scope="module")
def lutiles(
    engine: Engine, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, Path]]:
    """The planning fixture committed as LUTILES (the app reads it on its own connections)."""
    folder = tmp_path_factory.mktemp("planning-tiles")
    settings = test_settings.model_copy(update={"var_dir": folder / "var"})
    fx.build(engine, settings, folder, LAO)
    import_layer(
        ImportLayer(
            lao_code=LAO,
            path=str(folder / "road.gpkg"),
            theme="road",
            code="lanes",
            as_of=date(2024, 1, 1),
            class_field="kind",
            actor="test",
        ),
        settings,
        engine,
    )
    create_lao(CreateLao(OTHER, "ทดสอบอื่น", "Other", 32648), engine)
    yield settings, folder


def _features(client: TestClient, path: str) -> list[dict[str, Any]]:
    response = client.get(f"/tiles/{LAO}/planning/{path}")
    assert (response.status_code, response.headers["content-type"]) == (200, MVT), response.text
    [(name, layer)] = decode(response.content).items()
    assert name == path.split("code=")[1].split("&")[0]
    return sorted(layer["features"], key=lambda f: (f["properties"]["class_code"], f["id"]))


def test_a_planning_tile_holds_each_feature_with_its_class_names_and_colour(
    lutiles: tuple[Settings, Path], make_client: Callable[..., TestClient]
) -> None:
    with make_client(role="viewer", lao=LAO) as client:
        response = client.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=zones")
        zones = _features(client, f"{TILE}.mvt?code=zones")
        ldd = _features(client, f"{TILE}.mvt?code=ldd")
        flood = _features(client, f"{TILE}.mvt?code=flood")
        lanes = _features(client, f"{TILE}.mvt?code=lanes")
    assert response.headers["cache-control"] == "private, max-age=60, must-revalidate"
    assert response.headers["etag"].startswith('"') and len(response.headers["etag"]) == 26
    assert [(f["type"], f["properties"]) for f in zones] == [
        ("Polygon", ZONE_1),
        ("Polygon", ZONE_1),
        ("Polygon", ZONE_2),
    ]
    assert len({f["id"] for f in zones}) == 3
    # LDD codes resolve on import: A101 is in the table, "U2+A1" is its dominant class U2.
    assert [f["properties"] for f in ldd] == [
        {
            "class_code": "A101",
            "class_th": "นาข้าว",
            "class_en": "Active paddy field",
            "fill": "#FFFF73",
        },
        {"class_code": "U2", "class_th": "หมู่บ้าน", "class_en": "Village", "fill": "#FF7F7F"},
    ]
    # A single-class theme: the theme's name and colour, and the feature's own name.
    assert [f["properties"] for f in flood] == [
        {
            "class_code": "flood_prone",
            "class_th": "พื้นที่เสี่ยงน้ำท่วม",
            "class_en": "Flood-prone areas",
            "fill": "#4A90E2",
            "name": "ห้วย",
        }
    ]
    # Classed by a column of a theme without a class table: the theme's entry styles it.
    assert [(f["type"], f["properties"]) for f in lanes] == [
        (
            "LineString",
            {"class_code": "main", "class_th": "ถนน", "class_en": "Roads", "fill": "#7F7F7F"},
        )
    ]


def test_as_of_picks_the_layer_dated_on_or_before_the_day(
    lutiles: tuple[Settings, Path], make_client: Callable[..., TestClient]
) -> None:
    with make_client(role="planner", lao=LAO) as client:
        old = _features(client, f"{TILE}.mvt?code=ldd&as_of=2021-06-30")
        exact = _features(client, f"{TILE}.mvt?code=ldd&as_of=2024-01-01")
        before_any = client.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=ldd&as_of=2019-12-31")
    assert [f["properties"]["class_code"] for f in old] == ["A1"]
    assert [f["properties"]["class_code"] for f in exact] == ["A101", "U2"]
    assert (before_any.status_code, before_any.json()["code"]) == (404, "layer_not_found")
    assert before_any.json()["message"] == (
        f"No vector planning layer 'ldd' dated on or before 2019-12-31 in {LAO}: give ?code= one "
        f"of the codes /api/v1/laos/{LAO}/layers lists."
    )


def test_tiles_outside_the_layer_or_below_its_zoom_are_204(
    lutiles: tuple[Settings, Path], make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        far = client.get(f"/tiles/{LAO}/planning/14/12870/7471.mvt?code=zones")
        zones_at_9 = client.get(f"/tiles/{LAO}/planning/9/401/233.mvt?code=zones")
        zones_at_10 = client.get(f"/tiles/{LAO}/planning/10/803/466.mvt?code=zones")
        buildings_at_14 = client.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=seen_buildings")
        buildings_at_15 = client.get(
            f"/tiles/{LAO}/planning/15/25712/14942.mvt?code=seen_buildings"
        )
    for response in (far, zones_at_9, buildings_at_14):
        assert (response.status_code, response.content) == (204, b"")
        assert response.headers["etag"]
    assert len(decode(zones_at_10.content)["zones"]["features"]) == 3
    assert len(decode(buildings_at_15.content)["seen_buildings"]["features"]) == 3


def test_unknown_codes_rasters_and_bad_addresses_are_refused_naming_the_field(
    lutiles: tuple[Settings, Path], make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        unknown = client.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=roofs")
        raster = client.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=cover")
        missing = client.get(f"/tiles/{LAO}/planning/{TILE}.mvt")
        zoom = client.get(f"/tiles/{LAO}/planning/23/0/0.mvt?code=zones")
        lao = client.get(f"/tiles/NOSUCH/planning/{TILE}.mvt?code=zones")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "layer_not_found")
    assert unknown.json()["details"] == {"field": "code", "layer": "roofs", "as_of": None}
    assert unknown.json()["message"] == (
        f"No vector planning layer 'roofs' in {LAO}: give ?code= one of the codes "
        f"/api/v1/laos/{LAO}/layers lists."
    )
    assert unknown.json()["message_th"] == (
        f"ไม่พบชั้นข้อมูลผังเมือง 'roofs' ใน {LAO} ระบุ code เป็นรหัสที่มีในรายการชั้นข้อมูล"
    )
    assert (raster.status_code, raster.json()["details"]["field"]) == (422, "code")
    assert raster.json()["message"] == (
        "Layer 'cover' is a raster (land_cover): only vector planning layers are served as "
        "vector tiles. Query it with /planning/parcels or /planning/summary."
    )
    assert (missing.status_code, missing.json()["details"]["fields"][0]["path"]) == (
        422,
        "query.code",
    )
    assert (zoom.status_code, zoom.json()["details"]["field"]) == (422, "z")
    assert (lao.status_code, lao.json()["code"]) == (404, "lao_not_found")


def test_the_etag_changes_only_when_the_layer_is_loaded_again(
    lutiles: tuple[Settings, Path], engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    settings, folder = lutiles
    zones, ldd = f"{TILE}.mvt?code=zones", f"{TILE}.mvt?code=ldd"
    with make_client() as client:
        get = lambda path, **h: client.get(f"/tiles/{LAO}/planning/{path}", headers=h)  # noqa: E731
        first, ldd_first = get(zones), get(ldd)
        again = get(zones, **{"If-None-Match": first.headers["etag"]})
        other_tile = get("14/12856/7472.mvt?code=zones")
        import_layer(
            ImportLayer(
                lao_code=LAO,
                path=str(folder / "zones.gpkg"),
                theme="plan_zone",
                code="zones",
                as_of=date(2024, 1, 1),
                actor="test",
                replace=True,
            ),
            settings,
            engine,
        )
        reloaded = get(zones, **{"If-None-Match": first.headers["etag"]})
        ldd_after = get(ldd)
    assert (again.status_code, again.content, again.headers["etag"]) == (
        304,
        b"",
        first.headers["etag"],
    )
    assert other_tile.headers["etag"] != first.headers["etag"]
    assert reloaded.status_code == 200 and reloaded.headers["etag"] != first.headers["etag"]
    assert len(decode(reloaded.content)["zones"]["features"]) == 3
    assert ldd_after.headers["etag"] == ldd_first.headers["etag"]


def test_another_laos_admin_gets_403_and_a_viewer_of_the_lao_gets_the_tile(
    lutiles: tuple[Settings, Path], make_client: Callable[..., TestClient]
) -> None:
    with make_client(role="admin", lao=OTHER) as outsider:
        refused = outsider.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=zones")
        tilejson = outsider.get(f"/tiles/{LAO}/tilejson.json")
    with make_client(role="viewer", lao=LAO) as viewer:
        allowed = viewer.get(f"/tiles/{LAO}/planning/{TILE}.mvt?code=zones")
    assert (refused.status_code, tilejson.status_code, allowed.status_code) == (403, 403, 200)


def test_tilejson_lists_each_vector_planning_layer_with_its_dates_and_zoom(
    lutiles: tuple[Settings, Path], make_client: Callable[..., TestClient]
) -> None:
    with make_client(role="viewer", lao=LAO) as client:
        doc = client.get(f"/tiles/{LAO}/tilejson.json").json()
    entries = {e["code"]: e for e in doc["planning"]}
    assert [(e["code"], e["minzoom"], e["dates"]) for e in doc["planning"]] == [
        ("flood", 10, ["2024-01-01"]),
        ("lanes", 12, ["2024-01-01"]),
        ("ldd", 10, ["2020-01-01", "2024-01-01"]),
        ("river", 10, ["2024-01-01"]),
        ("road", 12, ["2024-01-01"]),
        ("seen_buildings", 15, ["2025-01-01"]),
        ("seen_signs", 15, ["2025-01-01"]),
        ("zones", 10, ["2024-01-01"]),
    ]
    assert entries["ldd"] == {
        "code": "ldd",
        "theme": "ldd_landuse",
        "name_th": "การใช้ประโยชน์ที่ดิน (กรมพัฒนาที่ดิน)",
        "name_en": "Land use (Land Development Department)",
        "as_of": "2024-01-01",
        "dates": ["2020-01-01", "2024-01-01"],
        "tiles": [f"http://testserver/tiles/{LAO}/planning/{{z}}/{{x}}/{{y}}.mvt?code=ldd"],
        "minzoom": 10,
        "maxzoom": 20,
        "fields": {
            "class_code": "String",
            "class_th": "String",
            "class_en": "String",
            "fill": "String",
            "hatch": "String",
            "name": "String",
        },
    }


def _lao_id(conn: Connection) -> int:
    return int(conn.execute(sa.text("SELECT id FROM laos WHERE code = :c"), {"c": LAO}).scalar())


def test_tile_planning_keeps_the_web_role_to_its_laos(
    lutiles: tuple[Settings, Path], conn: Connection
) -> None:
    lao_id = _lao_id(conn)
    tile = sa.text("SELECT length(tile_planning(:l, 14, 12856, 7471, 'zones'))")
    owner = conn.execute(tile, {"l": lao_id}).scalar()
    as_web_role(conn, OTHER)
    elsewhere = conn.execute(tile, {"l": lao_id}).scalar()
    conn.exec_driver_sql(SET_SCOPE, {"laos": LAO})
    scoped = conn.execute(tile, {"l": lao_id}).scalar()
    assert owner is not None and owner > 0
    assert (elsewhere, scoped) == (0, owner)


def test_tile_planning_filters_features_on_an_index_under_row_security(
    lutiles: tuple[Settings, Path], conn: Connection
) -> None:
    """As 0016's functions: the envelope is transformed once and the function runs as its
    owner, so with scans priced out the features are found through an index."""
    lao_id = _lao_id(conn)
    notices = capture_plans(conn)
    as_web_role(conn, LAO)
    conn.execute(sa.text("SELECT tile_planning(:l, 14, 12856, 7471, 'zones')"), {"l": lao_id})
    plans = "\n".join(notices)
    for table in ("layer_features", "planning_layers"):
        assert f"Seq Scan on {table} " not in plans, table
    assert "Index Scan" in plans or "Bitmap Index Scan" in plans
