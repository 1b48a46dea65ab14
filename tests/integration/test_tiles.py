"""Vector tiles: layers and properties, empty tiles, errors, ETags, edits, history, TileJSON.

The fixture LAO TILES has one zone and block 01A with three 40 x 40 m parcels in a row at
(230000, 1730200) in EPSG:32648, a lane along their south side, a canal along their north side,
one building, a tambon and a boundary. All of it lies inside tile 16/51424/29885 (and
17/102848/59771); tile 16/51430/29885, 3.5 km east, is empty. Tiles are read back with
tests/mvt.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from mvt import decode
from shapely.geometry import LineString, box
from sqlalchemy.engine import Connection, Engine
from web_role import as_web_role, capture_plans

from parcels.fabric import bulk
from parcels.fabric.edit_model import EditCase
from parcels.fabric.editing import split_parcel
from parcels.register.editing import set_land_use
from parcels.register.model import UsePieceInput
from taxmap.admin.model import CreateLao
from taxmap.admin.repository import delete_lao, insert_admin_area
from taxmap.admin.services import create_lao
from taxmap.core.lao_scope import SET_SCOPE
from taxmap.core.settings import Settings

X, Y = 230_000.0, 1_730_200.0
LAO = "TILES"
TILE = "16/51424/29885"
FAR = "16/51430/29885"
MVT = "application/vnd.mapbox-vector-tile"


def build_fixture(conn: Connection, code: str = LAO) -> int:
    """Create the fixture LAO (see the module docstring); return its id."""
    lao_id = create_lao(CreateLao(code, "ทดสอบไทล์", "Tiles", 32648), conn)
    outline = box(X - 500, Y - 500, X + 620, Y + 540)
    conn.execute(
        sa.text("UPDATE laos SET boundary = ST_Multi(ST_GeomFromText(:w, 32648)) WHERE id = :l"),
        {"w": outline.wkt, "l": lao_id},
    )
    insert_admin_area(
        conn,
        lao_id,
        32648,
        kind="tambon",
        pcode="TH300101",
        name_th="บัวลาย",
        name_en="Bua Lai",
        geom=bulk.multi(outline),
    )
    row = box(X, Y, X + 120, Y + 40)
    zone = bulk.insert_zones(conn, lao_id, 32648, [{"code": "01", "name": "หมู่ 1", "geom": row}])
    block = bulk.insert_blocks(
        conn, lao_id, 32648, [{"zone_id": zone["01"], "code": "01A", "geom": row, "next_lot": 4}]
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
                "geom": box(X + 40 * i, Y, X + 40 * i + 40, Y + 40),
                "valid_from": "2020-01-01",
            }
            for i in range(3)
        ],
    )
    bulk.insert_non_parcel_areas(
        conn,
        lao_id,
        32648,
        [
            {
                "kind": "lane",
                "name_th": "ซอย 1",
                "name_en": "Soi 1",
                "geom": box(X, Y - 6, X + 120, Y),
            },
            {
                "kind": "canal",
                "name_th": "คลองบัว",
                "name_en": "Khlong Bua",
                "geom": box(X, Y + 40, X + 120, Y + 46),
            },
        ],
    )
    conn.execute(
        sa.text(
            "INSERT INTO buildings (lao_id, code, parcel_id, house_no, floors,"
            " construction_class, footprint, valid_from)"
            " SELECT :l, 'B0001', p.id, '12/1', 2, 'concrete',"
            " ST_Multi(ST_GeomFromText(:w, 32648)), '2020-01-01'"
            " FROM parcels p WHERE p.lao_id = :l AND p.code = '01A001'"
        ),
        {"l": lao_id, "w": box(X + 5, Y + 5, X + 15, Y + 15).wkt},
    )
    for parcel, pieces in (
        ("01A001", (UsePieceInput("agri", Decimal("400")),)),
        (
            "01A002",
            (UsePieceInput("res_main", Decimal("300")), UsePieceInput("agri", Decimal(100))),
        ),
    ):
        set_land_use(code, parcel, pieces, date(2020, 1, 1), conn, actor="t")
    return lao_id


@pytest.fixture
def fixture_lao(engine: Engine) -> Iterator[int]:
    """The fixture LAO, committed (the app reads it on its own connections), then deleted."""
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = :c"), {"c": LAO}).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = build_fixture(c)
    yield lao_id
    with engine.begin() as c:
        delete_lao(c, lao_id)


def ids_by_code(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        rows = c.execute(
            sa.text(
                "SELECT p.code, p.id FROM parcels p JOIN laos l ON l.id = p.lao_id"
                " WHERE l.code = :c"
            ),
            {"c": LAO},
        )
        return {code: int(i) for code, i in rows}


def layers(client: TestClient, path: str) -> dict[str, list[dict[str, object]]]:
    response = client.get(f"/tiles/{LAO}/{path}")
    assert (response.status_code, response.headers["content-type"]) == (200, MVT)
    return {name: layer["features"] for name, layer in decode(response.content).items()}


def test_parcel_tile_holds_each_parcel_with_its_properties(
    fixture_lao: int, engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    ids = ids_by_code(engine)
    with make_client() as client:
        response = client.get(f"/tiles/{LAO}/parcels/{TILE}.mvt")
        tile = decode(response.content)
    assert response.status_code == 200
    assert response.headers["content-type"] == MVT
    assert response.headers["cache-control"] == "private, max-age=60, must-revalidate"
    assert response.headers["etag"].startswith('"') and len(response.headers["etag"]) == 26
    assert list(tile) == ["parcels"]
    assert tile["parcels"]["extent"] == 4096
    # Feature order is the query plan's: sort by code before comparing.
    features = sorted(tile["parcels"]["features"], key=lambda f: f["properties"]["code"])
    assert [(f["id"], f["type"]) for f in features] == [
        (ids["01A001"], "Polygon"),
        (ids["01A002"], "Polygon"),
        (ids["01A003"], "Polygon"),
    ]
    assert [f["properties"] for f in features] == [
        {"code": "01A001", "version": 1, "block": "01A", "landuse": "agri", "area_m2": 1600.0},
        {"code": "01A002", "version": 1, "block": "01A", "landuse": "res_main", "area_m2": 1600.0},
        {"code": "01A003", "version": 1, "block": "01A", "area_m2": 1600.0},
    ]


def test_base_tile_holds_the_offline_base_map_layers_by_zoom(
    fixture_lao: int, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        z16 = layers(client, f"base/{TILE}.mvt")
        z10 = layers(client, "base/10/803/466.mvt")
        z6 = layers(client, "base/6/50/29.mvt")
    assert {name: len(f) for name, f in z16.items()} == {
        "boundary": 1,
        "tambons": 1,
        "water": 1,
        "roads": 1,
        "blocks": 1,
    }
    assert z16["boundary"][0]["properties"] == {
        "code": "TILES",
        "name_th": "ทดสอบไทล์",
        "name_en": "Tiles",
    }
    assert z16["tambons"][0]["properties"] == {
        "pcode": "TH300101",
        "name_th": "บัวลาย",
        "name_en": "Bua Lai",
    }
    assert z16["roads"][0]["properties"] == {"kind": "lane", "name_th": "ซอย 1", "name_en": "Soi 1"}
    assert z16["water"][0]["properties"] == {
        "kind": "canal",
        "name_th": "คลองบัว",
        "name_en": "Khlong Bua",
    }
    assert z16["blocks"][0]["properties"] == {"code": "01A"}
    assert list(z10) == ["boundary", "tambons", "water"]
    assert list(z6) == ["boundary"]


def test_feature_tiles_of_buildings_blocks_and_zones(
    fixture_lao: int, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        buildings = layers(client, f"buildings/{TILE}.mvt")["buildings"]
        blocks = layers(client, f"blocks/{TILE}.mvt")["blocks"]
        zones = layers(client, f"zones/{TILE}.mvt")["zones"]
    assert [b["properties"] for b in buildings] == [
        {"code": "B0001", "floors": 2, "class": "concrete", "house_no": "12/1"}
    ]
    assert [b["properties"] for b in blocks] == [{"code": "01A"}]
    assert [z["properties"] for z in zones] == [{"code": "01", "name": "หมู่ 1"}]


def test_empty_tiles_are_204_with_an_etag(
    fixture_lao: int, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        far = client.get(f"/tiles/{LAO}/parcels/{FAR}.mvt")
        too_far_out = client.get(f"/tiles/{LAO}/parcels/13/6428/3735.mvt")
        buildings_at_14 = client.get(f"/tiles/{LAO}/buildings/14/12856/7471.mvt")
    for response in (far, too_far_out, buildings_at_14):
        assert (response.status_code, response.content) == (204, b"")
        assert response.headers["etag"]


def test_bad_addresses_are_refused_naming_the_field(
    fixture_lao: int, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        layer = client.get(f"/tiles/{LAO}/roofs/{TILE}.mvt")
        zoom = client.get(f"/tiles/{LAO}/parcels/23/0/0.mvt")
        column = client.get(f"/tiles/{LAO}/parcels/2/4/0.mvt")
        row = client.get(f"/tiles/{LAO}/parcels/2/0/-1.mvt")
        lao = client.get(f"/tiles/NOSUCH/parcels/{TILE}.mvt")
        day = client.get(f"/tiles/{LAO}/parcels/{TILE}.mvt?as_of=2025-13-01")
    assert (layer.status_code, layer.json()["code"], layer.json()["details"]["field"]) == (
        404,
        "not_found",
        "layer",
    )
    assert layer.json()["message"] == (
        "No map layer 'roofs': use one of base, parcels, buildings, blocks, zones."
    )
    assert (zoom.status_code, zoom.json()["details"]["field"]) == (422, "z")
    assert zoom.json()["message"] == "Zoom 23 is out of range: give z from 0 to 22."
    assert (column.status_code, column.json()["details"]["field"]) == (422, "x")
    assert column.json()["message"] == "Tile x=4 does not exist at zoom 2: give x from 0 to 3."
    assert (row.status_code, row.json()["details"]["field"]) == (422, "y")
    assert (lao.status_code, lao.json()["code"]) == (404, "lao_not_found")
    assert day.status_code == 422


def test_a_tile_the_caller_has_is_304(
    fixture_lao: int, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as client:
        first = client.get(f"/tiles/{LAO}/parcels/{TILE}.mvt")
        etag = first.headers["etag"]
        again = client.get(f"/tiles/{LAO}/parcels/{TILE}.mvt", headers={"If-None-Match": etag})
        weak = client.get(
            f"/tiles/{LAO}/parcels/{TILE}.mvt", headers={"If-None-Match": f'"x", W/{etag}'}
        )
        other = client.get(f"/tiles/{LAO}/parcels/{TILE}.mvt", headers={"If-None-Match": '"x"'})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert weak.status_code == 304
    assert (other.status_code, other.content) == (200, first.content)


def test_an_edit_changes_the_etag_of_the_tiles_over_it_only(
    fixture_lao: int, engine: Engine, make_client: Callable[..., TestClient]
) -> None:
    paths = {
        "over": f"parcels/{TILE}.mvt",
        "over_z17": "parcels/17/102848/59771.mvt",
        "base_over": f"base/{TILE}.mvt",
        "beside": "parcels/16/51425/29885.mvt",
        "far": f"parcels/{FAR}.mvt",
    }
    with make_client() as client:
        before = {k: client.get(f"/tiles/{LAO}/{p}").headers["etag"] for k, p in paths.items()}
        split_parcel(
            LAO,
            "01A003",
            LineString([(X + 100, Y - 5), (X + 100, Y + 45)]),
            1,
            EditCase("sale of part", "surveyor", "deed 1", date(2025, 6, 1)),
            engine,
            srid_in=32648,
        )
        after = {k: client.get(f"/tiles/{LAO}/{p}").headers["etag"] for k, p in paths.items()}
        stale = client.get(
            f"/tiles/{LAO}/{paths['over']}", headers={"If-None-Match": before["over"]}
        )
        now = layers(client, paths["over"])["parcels"]
        then = layers(client, f"{paths['over']}?as_of=2025-01-01")["parcels"]
        then_etag = client.get(f"/tiles/{LAO}/{paths['over']}?as_of=2025-01-01").headers["etag"]
    changed = {k for k in paths if before[k] != after[k]}
    assert changed == {"over", "over_z17", "base_over"}
    assert stale.status_code == 200
    # A tile's feature order is the plan's, which other LAOs' data can change: compare sorted.
    assert sorted((f["properties"]["code"], f["properties"]["area_m2"]) for f in now) == [
        ("01A001", 1600.0),
        ("01A002", 1600.0),
        ("01A004", 800.0),
        ("01A005", 800.0),
    ]
    # A retirement bumps the parcel's version on its (kept) row: parcels_as_of shows 01A003 as
    # version 2, valid until the split (migration 0008's model, not the tiles').
    assert sorted((f["properties"]["code"], f["properties"]["version"]) for f in then) == [
        ("01A001", 1),
        ("01A002", 1),
        ("01A003", 2),
    ]
    assert then_etag != after["over"]


def test_tilejson_lists_layers_bounds_zooms_and_imagery(
    fixture_lao: int, make_client: Callable[..., TestClient], test_settings: Settings
) -> None:
    with make_client() as client:
        doc = client.get(f"/tiles/{LAO}/tilejson.json").json()
    imagery = "https://imagery.example/{z}/{x}/{y}.jpg"
    with make_client(settings=test_settings.model_copy(update={"imagery_url": imagery})) as c:
        with_imagery = c.get(f"/tiles/{LAO}/tilejson.json").json()
    assert doc["tilejson"] == "3.0.0"
    assert doc["tiles"] == [f"http://testserver/tiles/{LAO}/base/{{z}}/{{x}}/{{y}}.mvt"]
    assert (doc["minzoom"], doc["maxzoom"], doc["scheme"]) == (6, 20, "xyz")
    assert [round(v, 4) for v in doc["bounds"]] == [102.4769, 15.6308, 102.4875, 15.6403]
    assert [(v["id"], v["minzoom"]) for v in doc["vector_layers"]] == [
        ("boundary", 6),
        ("tambons", 9),
        ("zones", 10),
        ("water", 10),
        ("roads", 12),
        ("blocks", 13),
        ("parcels", 14),
        ("buildings", 15),
    ]
    assert doc["sources"]["parcels"] == {
        "tiles": [f"http://testserver/tiles/{LAO}/parcels/{{z}}/{{x}}/{{y}}.mvt"],
        "layers": ["parcels"],
        "minzoom": 14,
        "maxzoom": 20,
        "history": True,
    }
    assert doc["imagery"] is None
    assert with_imagery["imagery"] == {"tiles": [imagery], "type": "raster", "tileSize": 256}


def test_tile_queries_filter_on_the_gist_index_under_row_security(conn: Connection) -> None:
    """The envelope is transformed once, so `geom && envelope` can use the index, and the
    functions run as their owner, so row security does not hide the index (&& is not
    leakproof). On a few rows the planner prefers a scan; with scans priced out, a plan that
    can use the index must show it.
    """
    lao_id = build_fixture(conn, "TILESX")
    notices = capture_plans(conn)
    as_web_role(conn, "TILESX")
    for function in ("tile_parcels", "tile_buildings", "tile_blocks", "tile_generation"):
        conn.execute(sa.text(f"SELECT {function}(:l, 16, 51424, 29885)"), {"l": lao_id})
    conn.execute(sa.text("SELECT tile_parcels(:l, 16, 51424, 29885, '2021-01-01')"), {"l": lao_id})
    plans = "\n".join(notices)
    # With scans priced out a table the planner cannot reach through an index still shows a
    # Seq Scan; which index it picks (GiST, or lao_id when other LAOs are loaded) is its call.
    for table in ("parcels", "buildings", "blocks", "parcel_versions", "tile_edits"):
        assert f"Seq Scan on {table} " not in plans, table
    assert "Index Scan" in plans


def test_tile_functions_keep_the_web_role_to_its_laos(conn: Connection) -> None:
    lao_id = build_fixture(conn, "TILESX")
    tile = sa.text(
        "SELECT length(tile_parcels(:l, 16, 51424, 29885)), tile_generation(:l, 16, 51424, 29885)"
    )
    owner = conn.execute(tile, {"l": lao_id}).one()
    as_web_role(conn, "BUALAI")
    elsewhere = conn.execute(tile, {"l": lao_id}).one()
    conn.exec_driver_sql(SET_SCOPE, {"laos": "TILESX"})
    scoped = conn.execute(tile, {"l": lao_id}).one()
    # Building the fixture wrote the fabric, which the triggers of migration 0020 recorded.
    assert owner[0] > 0 and owner[1] > 0
    assert tuple(elsewhere) == (0, -1)
    assert tuple(scoped) == tuple(owner)
