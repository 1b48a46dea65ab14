"""The import and topology endpoints, and GeoJSON refusals through the importer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from shapely.geometry import box
from sqlalchemy.engine import Connection, Engine

from parcels.imports.model import ImportParcels
from parcels.imports.services import import_parcels
from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.errors import InvalidInput
from taxmap.core.settings import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "validity"
INVALID = sorted(
    [
        *SHARED.glob("geojson-schema/test/fixtures/invalid/**/*.json"),
        *SHARED.glob("geojsonhint/test/data/bad/*"),
    ]
)


def test_upload_then_check_topology_over_http(
    test_settings: Settings,
    engine: Engine,
    tmp_path: Path,
    make_client: Callable[..., TestClient],
) -> None:
    scope = "lao_id IN (SELECT id FROM laos WHERE code = 'HTTP')"
    with engine.begin() as c:
        for table in ("review_items", "parcels", "import_batches"):
            c.execute(sa.text(f"DELETE FROM {table} WHERE {scope}"))
        c.execute(sa.text("DELETE FROM laos WHERE code = 'HTTP'"))
    create_lao(CreateLao("HTTP", "ทดสอบ", "HTTP", 32648), engine)
    path = tmp_path / "two.gpkg"
    gpd.GeoDataFrame(
        {"code": ["01A001", "01A002"]},
        geometry=[
            box(230_000, 1_730_000, 230_030, 1_730_030),
            box(230_029, 1_730_000, 230_060, 1_730_030),
        ],  # 1 m x 30 m overlap
        crs=32648,
    ).to_file(path)
    with make_client() as client:
        with path.open("rb") as f:
            dry = client.post(
                "/api/v1/laos/HTTP/imports/parcels",
                files={"file": ("two.gpkg", f)},
                data={"dry_run": "true", "overlap_tolerance_m2": "100"},
            )
        assert dry.status_code == 200
        assert (dry.json()["accepted"], dry.json()["loaded"]) == (2, 0)
        with path.open("rb") as f:
            done = client.post(
                "/api/v1/laos/HTTP/imports/parcels",
                files={"file": ("two.gpkg", f)},
                data={"overlap_tolerance_m2": "100"},
            )
        assert done.json()["loaded"] == 2
        report = client.post("/api/v1/laos/HTTP/topology/check").json()
        assert report["counts"] == {"overlap": 1}
        [item] = client.get("/api/v1/laos/HTTP/review-items").json()
        assert (item["kind"], item["key"], item["area_m2"]) == (
            "overlap",
            "overlap:01A001|01A002",
            30.0,
        )
        accepted = client.post(
            f"/api/v1/laos/HTTP/review-items/{item['id']}/accept",
            json={"reason": "shared wall on both deeds", "reviewer": "Somchai"},
        )
        assert accepted.status_code == 204
        missing = client.post("/api/v1/laos/NOPE/topology/check")
    assert missing.status_code == 404
    assert missing.json()["code"] == "lao_not_found"


@pytest.fixture
def lao(conn: Connection) -> str:
    create_lao(CreateLao("GJ", "ทดสอบ", "GeoJSON", 32648), conn)
    return "GJ"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_invalid_geojson_document_is_refused_by_a_strict_import(
    conn: Connection, lao: str, path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / (path.stem + ".geojson")  # the importer goes by the suffix
    copy.write_bytes(path.read_bytes())
    with pytest.raises(InvalidInput) as info:
        import_parcels(ImportParcels(lao, copy, strict_geojson=True, dry_run=True), conn)
    assert info.value.field == "file"
    assert info.value.message_en.startswith(f"{copy.name}: ")
