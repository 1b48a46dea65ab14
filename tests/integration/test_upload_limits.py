"""Bad uploads over HTTP: size, type, names with paths, unsafe zips and too many features."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import geopandas as gpd
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from shapely.geometry import box
from sqlalchemy.engine import Engine

from taxmap.admin.model import CreateLao
from taxmap.admin.services import create_lao
from taxmap.core.settings import Settings, load_settings

LAO = "UPLIM"
PARCELS = f"/api/v1/laos/{LAO}/imports/parcels"
TRANSFERS = f"/api/v1/laos/{LAO}/transfers"
PAYMENTS = f"/api/v1/laos/{LAO}/payments/import"


@pytest.fixture(scope="module")
def client(
    test_settings: Settings, engine: Engine, make_client: Callable[..., TestClient]
) -> Iterator[TestClient]:
    """An app with tiny limits: 1 MB uploads, 2 features, 5 zip entries, ratio 100:1."""
    scope = f"lao_id IN (SELECT id FROM laos WHERE code = '{LAO}')"
    with engine.begin() as c:
        for table in ("review_items", "parcels", "import_batches"):
            c.execute(sa.text(f"DELETE FROM {table} WHERE {scope}"))
        c.execute(sa.text(f"DELETE FROM laos WHERE code = '{LAO}'"))
    create_lao(CreateLao(LAO, "ทดสอบขีดจำกัด", LAO, 32648), engine)
    settings = load_settings(
        environment="test",
        database_url=test_settings.database_url,
        max_upload_mb=1,
        max_features=2,
        max_zip_entries=5,
        max_zip_ratio=100,
    )
    with make_client(settings=settings) as c:
        yield c


def _geojson(n: int) -> bytes:
    frame = gpd.GeoDataFrame(
        {"code": [f"01A{i:03d}" for i in range(n)]},
        geometry=[box(230_000 + 40 * i, 1_730_000, 230_030 + 40 * i, 1_730_030) for i in range(n)],
        crs=32648,
    )
    text: str = frame.to_crs(4326).to_json()
    return text.encode()  # RFC 7946: WGS 84, no "crs" member


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("url", [PARCELS, TRANSFERS, PAYMENTS])
def test_oversized_upload_is_413(client: TestClient, url: str) -> None:
    body = b"x" * (1024 * 1024 + 1)
    name = "big.csv"
    r = client.post(url, files={"file": (name, body)})
    assert r.status_code == 413
    assert r.json() == {
        "code": "upload_too_large",
        "message": "big.csv: the file is larger than the upload limit of 1 MB "
        "(setting TAXMAP_MAX_UPLOAD_MB).",
        "message_th": "big.csv: ไฟล์ใหญ่เกินขนาดที่อัปโหลดได้ 1 MB (ค่าตั้ง TAXMAP_MAX_UPLOAD_MB)",
        "details": {"field": "file", "limit_mb": 1, "setting": "TAXMAP_MAX_UPLOAD_MB"},
    }


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        (PARCELS, ".gpkg, .zip, .geojson, .json, .fgb, .csv"),
        (TRANSFERS, ".csv"),
        (PAYMENTS, ".csv"),
    ],
)
def test_wrong_extension_is_422(client: TestClient, url: str, allowed: str) -> None:
    r = client.post(url, files={"file": ("tool.exe", b"MZ")})
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_input"
    assert r.json()["message"] == f"tool.exe: unsupported file type; upload one of {allowed}."


def test_gpkg_is_not_a_transfer_file(client: TestClient) -> None:
    r = client.post(TRANSFERS, files={"file": ("july.gpkg", b"x")})
    assert r.status_code == 422


@pytest.mark.parametrize("url", [PARCELS, TRANSFERS, PAYMENTS])
@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "a/../../evil.csv"])
def test_name_with_a_path_is_422(client: TestClient, url: str, name: str) -> None:
    r = client.post(url, files={"file": (name, b"a,b\n")})
    assert r.status_code == 422
    assert r.json()["message"] == (
        f"{name!r}: the file name must be a plain name without folders, '..' or a drive "
        "(e.g. parcels.gpkg)."
    )


def test_a_windows_browser_path_is_cut_to_its_base_name(client: TestClient) -> None:
    # The multipart parser keeps only what follows the last backslash (old browsers send it).
    r = client.post(TRANSFERS, files={"file": ("C:\\temp\\evil.exe", b"MZ")})
    assert r.status_code == 422
    assert r.json()["message"].startswith("evil.exe: unsupported file type")


def test_zip_with_traversal_entry_is_422(client: TestClient) -> None:
    body = _zip({"a.shp": b"1", "../evil": b"pwned"})
    r = client.post(PARCELS, files={"file": ("parcels.shp.zip", body)})
    assert r.status_code == 422
    assert r.json()["message"] == (
        "parcels.shp.zip: the zip entry '../evil' points outside the archive "
        "(absolute path or '..'); it is refused."
    )
    assert r.json()["details"]["entry"] == "../evil"


def test_zip_bomb_is_422(client: TestClient) -> None:
    body = _zip({"a.shp": b"\0" * (20 * 1024 * 1024)})
    assert len(body) < 30_000  # a few KB on the wire
    r = client.post(PARCELS, files={"file": ("bomb.zip", body)})
    assert r.status_code == 422
    ratio = round(20 * 1024 * 1024 / len(body))
    assert r.json()["message"] == (
        f"bomb.zip: the zip unpacks to {ratio} times its size, more than the limit of 100:1 "
        "(setting TAXMAP_MAX_ZIP_RATIO); it looks like a zip bomb."
    )
    assert r.json()["details"]["setting"] == "TAXMAP_MAX_ZIP_RATIO"


def test_zip_with_too_many_entries_is_413(client: TestClient) -> None:
    body = _zip({f"{i}.txt": b"x" for i in range(6)})
    r = client.post(PARCELS, files={"file": ("many.zip", body)})
    assert r.status_code == 413
    assert r.json()["message"] == (
        "many.zip: the zip holds 6 entries, more than the limit of 5 "
        "(setting TAXMAP_MAX_ZIP_ENTRIES)."
    )


def test_too_many_features_is_413(client: TestClient) -> None:
    r = client.post(PARCELS, files={"file": ("three.geojson", _geojson(3))})
    assert r.status_code == 413
    assert r.json() == {
        "code": "upload_too_large",
        "message": "three.geojson: the layer has 3 features, more than the limit of 2 "
        "(setting TAXMAP_MAX_FEATURES).",
        "message_th": "three.geojson: ชั้นข้อมูลมี 3 รูปแปลง เกินกำหนด 2 (ค่าตั้ง TAXMAP_MAX_FEATURES)",
        "details": {"field": "file", "limit": 2, "setting": "TAXMAP_MAX_FEATURES"},
    }


def test_within_the_limits_the_import_runs(client: TestClient, tmp_path: Path) -> None:
    r = client.post(PARCELS, files={"file": ("two.geojson", _geojson(2))}, data={"dry_run": "true"})
    assert r.status_code == 200, r.json()
    assert (r.json()["accepted"], r.json()["loaded"]) == (2, 0)
    # A zipped Shapefile within the limits still reads through /vsizip/.
    gpd.read_file(io.BytesIO(_geojson(2))).to_file(tmp_path / "p.shp")
    body = _zip({p.name: p.read_bytes() for p in tmp_path.glob("p.*")})
    r = client.post(PARCELS, files={"file": ("p.shp.zip", body)}, data={"dry_run": "true"})
    assert r.status_code == 200, r.json()
    assert r.json()["accepted"] == 2
