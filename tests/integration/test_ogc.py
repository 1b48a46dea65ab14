"""OGC API Features over HTTP on the planning fixture LAO, and the ogctests conformance run."""

from __future__ import annotations

import io
import os
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from taxmap.admin import users
from taxmap.admin.repository import delete_lao, get_lao, lao_exists
from taxmap.core.db import UnitOfWork
from taxmap.core.settings import Settings
from tests import landuse_fixture as fx
from tests.live_server import taxmap_server

LAO = "OGCTEST"
ROOT = f"http://testserver/ogc/{LAO}"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
PROJECT = Path(__file__).resolve().parents[2]
TOOL = PROJECT / "var" / "tools" / "ogctests"
# ogctests 0.1.15 abstract tests that fail here, each with the reason (none today).
KNOWN_FAILURES: dict[str, str] = {}


@pytest.fixture(scope="module")
def lao(engine: Engine, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The planning fixture LAO, committed (the app reads it through its own engine)."""
    folder = tmp_path_factory.mktemp("ogc")
    with UnitOfWork(engine) as uow:
        if lao_exists(uow.conn, LAO):
            delete_lao(uow.conn, get_lao(uow.conn, LAO).id)
            uow.commit()
    fx.build(engine, test_settings.model_copy(update={"var_dir": folder / "var"}), folder, LAO)
    return LAO


@pytest.fixture(scope="module")
def client(lao: str, make_client: Callable[..., TestClient]) -> Iterator[TestClient]:
    """A viewer in the fixture LAO."""
    with make_client(role="viewer", lao=LAO) as c:
        yield c


def _get(client: TestClient, path: str) -> Any:
    response = client.get(f"/ogc/{LAO}{path}")
    assert response.status_code == 200, response.text
    return response.json()


def test_landing_page_links_definition_conformance_and_data(client: TestClient) -> None:
    page = _get(client, "/")
    assert page["title"] == "taxmap ทดสอบผังเมือง / Planning test"
    assert [(link["rel"], link["href"], link["type"]) for link in page["links"]] == [
        ("self", ROOT, "application/json"),
        (
            "service-desc",
            "http://testserver/ogc/api",
            "application/vnd.oai.openapi+json;version=3.0",
        ),
        (
            "service-desc",
            "http://testserver/openapi.json",
            "application/vnd.oai.openapi+json;version=3.1",
        ),
        ("conformance", f"{ROOT}/conformance", "application/json"),
        ("data", f"{ROOT}/collections", "application/json"),
    ]
    assert _get(client, "") == page


def test_conformance_declares_core_geojson_oas30_and_crs(client: TestClient) -> None:
    assert _get(client, "/conformance") == {
        "conformsTo": [
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        ]
    }


def test_collections_are_parcels_buildings_and_newest_vector_layers(client: TestClient) -> None:
    docs = _get(client, "/collections")["collections"]
    assert [c["id"] for c in docs] == [
        "parcels",
        "buildings",
        "flood",
        "ldd",
        "river",
        "road",
        "seen_buildings",
        "seen_signs",
        "zones",
    ]
    ldd = docs[3]
    assert ldd["description"] == (
        "ชั้นข้อมูล ldd (ldd_landuse) ณ 2024-01-01 / Layer ldd (ldd_landuse) as of 2024-01-01"
    )
    parcels = _get(client, "/collections/parcels")
    assert parcels == docs[0]
    assert parcels["crs"] == [CRS84, f"{EPSG}32648", f"{EPSG}4326", f"{EPSG}3857"]
    assert parcels["storageCrs"] == f"{EPSG}32648"
    assert parcels["extent"] == {
        "spatial": {"bbox": [[102.4816637, 15.6335394, 102.485403, 15.6344854]], "crs": CRS84}
    }


def test_items_page_with_counts_links_and_crs84_geometry(client: TestClient) -> None:
    response = client.get(f"/ogc/{LAO}/collections/parcels/items?limit=2&offset=1")
    assert response.headers["content-type"] == "application/geo+json"
    assert response.headers["content-crs"] == f"<{CRS84}>"
    page = response.json()
    assert (page["numberMatched"], page["numberReturned"]) == (4, 2)
    assert [f["id"] for f in page["features"]] == ["01A002", "01B003"]
    assert page["features"][0]["geometry"]["coordinates"][0][0][0] == [102.4835389, 15.6335608]
    props = page["features"][0]["properties"]
    assert (props["block"], props["lot"], props["tambon"], props["area_m2"]) == (
        "01A",
        2,
        fx.T1,
        10000.0,
    )
    items = f"{ROOT}/collections/parcels/items"
    assert [(link["rel"], link["href"]) for link in page["links"]] == [
        ("self", f"{items}?limit=2&offset=1"),
        ("next", f"{items}?limit=2&offset=3"),
        ("prev", f"{items}?limit=2"),
        ("collection", f"{ROOT}/collections/parcels"),
    ]


def test_items_in_the_lao_crs_and_in_epsg_4326_latitude_first(client: TestClient) -> None:
    utm = client.get(
        f"/ogc/{LAO}/collections/zones/items", params={"limit": 1, "crs": f"{EPSG}32648"}
    )
    assert utm.headers["content-crs"] == f"<{EPSG}32648>"
    geometry = utm.json()["features"][0]["geometry"]
    assert geometry == {
        "type": "Polygon",
        "coordinates": [
            [
                [230200, 1730000],
                [230200, 1730200],
                [230000, 1730200],
                [230000, 1730000],
                [230200, 1730000],
            ]
        ],
    }
    one = _get(client, f"/collections/parcels/items/01A001?crs={EPSG}4326")
    assert one["geometry"]["coordinates"][0][0][0] == [15.6335501, 102.4826068]
    assert [(link["rel"], link["href"]) for link in one["links"]] == [
        ("self", f"{ROOT}/collections/parcels/items/01A001"),
        ("collection", f"{ROOT}/collections/parcels"),
    ]


def test_bbox_in_crs84_and_in_the_lao_crs(client: TestClient) -> None:
    # The western half of the parcel row (x < 230 150): P1 and P2.
    west = client.get(
        f"/ogc/{LAO}/collections/parcels/items",
        params={"bbox": "230010,1730010,230150,1730090", "bbox-crs": f"{EPSG}32648"},
    ).json()
    assert [f["id"] for f in west["features"]] == ["01A001", "01A002"]
    assert west["numberMatched"] == 2
    far = _get(client, "/collections/buildings/items?bbox=5,48,20,70")
    assert (far["numberMatched"], far["features"]) == (0, [])
    near = _get(client, "/collections/buildings/items?bbox=102.485,15.633,102.486,15.634")
    assert [f["id"] for f in near["features"]] == ["B2"]


def test_layer_features_carry_class_and_attributes(client: TestClient) -> None:
    page = _get(client, "/collections/zones/items")
    assert [f["properties"]["class_code"] for f in page["features"]] == ["ก.1", "ก.2", "ก.1"]
    assert page["features"][1]["properties"]["ZONE"] == "ก.2"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        (
            "limit=unlimited",
            400,
            "Query parameter 'limit': 'unlimited' is not a whole number from 1 to 10000.",
        ),
        (
            "limit=10001",
            400,
            "Query parameter 'limit': '10001' is not a whole number from 1 to 10000.",
        ),
        (
            "ooga=booga",
            400,
            "Query parameter 'ooga': unknown; this request takes bbox, "
            "bbox-crs, crs, limit, offset.",
        ),
        (
            "bbox=1,2,3",
            400,
            "Query parameter 'bbox': '1,2,3' must be four numbers "
            "minx,miny,maxx,maxy (min before max).",
        ),
        (
            "crs=EPSG:4326",
            400,
            "Query parameter 'crs': 'EPSG:4326' is not offered; use one "
            f"of {CRS84}, {EPSG}32648, {EPSG}4326, {EPSG}3857.",
        ),
    ],
)
def test_bad_query_parameters_are_400(
    client: TestClient, query: str, status: int, message: str
) -> None:
    response = client.get(f"/ogc/{LAO}/collections/parcels/items?{query}")
    assert (response.status_code, response.json()["message"]) == (status, message)


def test_unknown_collection_feature_and_lao_are_404(client: TestClient) -> None:
    assert client.get(f"/ogc/{LAO}/collections/nope").json()["code"] == "collection_not_found"
    missing = client.get(f"/ogc/{LAO}/collections/parcels/items/XX")
    assert (missing.status_code, missing.json()["message"]) == (
        404,
        "Collection 'parcels' has no feature 'XX'.",
    )


def test_definition_is_public_openapi_30_and_data_needs_sign_in(
    lao: str, make_client: Callable[..., TestClient]
) -> None:
    with make_client() as c:
        c.headers.pop("Authorization")
        definition = c.get("/ogc/api")
        assert definition.status_code == 200
        assert definition.json()["openapi"] == "3.0.3"
        assert "$ref" not in definition.text
        assert c.get(f"/ogc/{LAO}/collections").status_code == 401


# --- the OGC conformance suite (ogctests, in its own tool venv) -------------------------------


def _tool() -> Path:
    """Create var/tools/ogctests from the hashed lock unless it exists; return its python."""
    python = TOOL / "bin" / "python"
    if not python.exists():
        uv = PROJECT / ".venv" / "bin" / "uv"
        subprocess.run([uv, "venv", str(TOOL), "--python", "3.11"], check=True, cwd=PROJECT)
        subprocess.run(
            [
                uv,
                "pip",
                "install",
                "--python",
                str(python),
                "--require-hashes",
                "-r",
                "requirements-ogctests.lock",
            ],
            check=True,
            cwd=PROJECT,
        )
    return python


@pytest.fixture(scope="module")
def server(lao: str, test_db_url: str) -> Iterator[str]:
    """Start `taxmap serve` on a free loopback port against the test database."""
    with taxmap_server(test_db_url, timeout_s=30) as base:
        yield base


DRIVER = """
import sys, httpx
from ogctests.main import run_ogctests
url, token, xml, ini = sys.argv[1:5]
client = httpx.Client(base_url=url, headers={"Authorization": "Bearer " + token}, timeout=30)
sys.exit(run_ogctests("features/core", url, ["-q", "-c", ini, "-p", "no:cacheprovider",
                                              "--junit-xml=" + xml], client))
"""


def test_ogctests_core_and_crs_pass(server: str, engine: Engine, tmp_path: Path) -> None:
    python = _tool()
    name = f"ogc{os.getpid()}"
    users.create_user(engine, name, "ogc-password-1", "OGC reader")
    users.grant_role(engine, name, LAO, "viewer")
    token = users.issue_token(engine, name, "ogctests")
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n")
    report = tmp_path / "ogctests.xml"
    run = subprocess.run(
        [python, "-c", DRIVER, f"{server}/ogc/{LAO}", token, str(report), str(ini)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    cases = ET.parse(report).getroot().iter("testcase")
    outcome = {case.get("name", ""): _result(case) for case in cases}
    failed = {name for name, result in outcome.items() if result != "passed"}
    assert len(outcome) == 29, run.stdout[-3000:]
    assert failed == set(KNOWN_FAILURES), run.stdout[-6000:]


def _result(case: ET.Element) -> str:
    for kind in ("failure", "error", "skipped"):
        if case.find(kind) is not None:
            return kind
    return "passed"


# --- the offline map export of planner results (issue 9, item 3) ----------------------------


def test_parcel_map_zip_is_offline_and_coloured_by_category(
    lao: str, make_client: Callable[..., TestClient]
) -> None:
    with make_client(role="planner", lao=LAO) as c:
        response = c.get(f"/api/v1/laos/{LAO}/planning/parcels", params={"format": "map"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist()[:3] == ["map.html", "leaflet.js", "leaflet.css"]
    html = archive.read("map.html").decode()
    sources = re.findall(r'<script[^>]*src="([^"]*)"|<link[^>]*href="([^"]*)"', html)
    assert sorted(s for pair in sources for s in pair if s) == ["leaflet.css", "leaflet.js"]
    assert not re.search(r"https?://", html)
    assert archive.read("leaflet.js").startswith(b"/* @preserve\n * Leaflet 1.9.3")
    # folium writes a switch on the parcel code: cases sharing a style, then a default.
    fills, default = {}, ""
    for cases, fill in re.findall(
        r'((?:case "\w+":\s*)+|default:\s*)return \{[^}]*"fillColor": "(#\w+)"', html
    ):
        for code in re.findall(r'case "(\w+)"', cases) or ["*"]:
            fills[code] = fill
    default = fills.pop("*", "")
    assert {code: fills.get(code, default) for code in fx.CODES} == {
        "01A001": "#8bc34a",
        "01A002": "#9e9e9e",
        "01B003": "#e53935",
        "01B004": "#8bc34a",
    }
