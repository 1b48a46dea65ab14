"""The pure upload checks: names, types, sizes, zip safety and feature counts."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from taxmap.core.errors import InvalidInput, UploadTooLarge
from taxmap.core.settings import load_settings
from taxmap.core.uploads import (
    CSV_TYPES,
    MB,
    UploadLimits,
    check_feature_count,
    check_upload,
    check_zip,
    copy_limited,
    safe_name,
)

LIMITS = UploadLimits(
    max_upload_mb=1, max_features=2, max_zip_entries=3, max_zip_ratio=100, max_unzipped_mb=50
)


def test_limits_come_from_settings() -> None:
    settings = load_settings(
        environment="test",
        max_upload_mb=7,
        max_features=8,
        max_zip_entries=9,
        max_zip_ratio=10,
        max_unzipped_mb=11,
    )
    assert UploadLimits.from_settings(settings) == UploadLimits(7, 8, 9, 10, 11)
    assert UploadLimits.from_settings(load_settings(environment="test")) == UploadLimits()


@pytest.mark.parametrize("name", ["parcels.gpkg", "a..b.csv", "แปลง 2569.geojson", "x.shp.zip"])
def test_plain_names_pass(name: str) -> None:
    assert safe_name(name, "upload") == name


@pytest.mark.parametrize(
    "name", ["../evil.csv", "a/b.csv", "/etc/passwd", "C:\\x\\p.csv", "..", "c:p.csv", "a\x00.csv"]
)
def test_names_with_paths_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as err:
        safe_name(name, "upload")
    assert err.value.message_en == (
        f"{name!r}: the file name must be a plain name without folders, '..' or a drive "
        "(e.g. parcels.gpkg)."
    )
    assert err.value.field == "file"


def test_missing_name_takes_the_default() -> None:
    assert check_upload(None, None, LIMITS, allowed=CSV_TYPES, default="t.csv") == "t.csv"


def test_type_and_size() -> None:
    assert check_upload("P.GPKG", MB, LIMITS) == "P.GPKG"
    with pytest.raises(InvalidInput) as err:
        check_upload("p.exe", 10, LIMITS)
    assert err.value.message_en == (
        "p.exe: unsupported file type; upload one of .gpkg, .zip, .geojson, .json, .fgb, .csv."
    )
    with pytest.raises(InvalidInput):
        check_upload("p.gpkg", 10, LIMITS, allowed=CSV_TYPES)
    with pytest.raises(UploadTooLarge) as big:
        check_upload("p.gpkg", MB + 1, LIMITS)
    assert big.value.code == "upload_too_large"
    assert big.value.message_en == (
        "p.gpkg: the file is larger than the upload limit of 1 MB (setting TAXMAP_MAX_UPLOAD_MB)."
    )
    assert "TAXMAP_MAX_UPLOAD_MB" in big.value.message_th


def test_copy_stops_as_soon_as_the_limit_is_passed() -> None:
    out = io.BytesIO()
    assert copy_limited(io.BytesIO(b"x" * MB), out, "a.csv", LIMITS) == MB
    out = io.BytesIO()
    with pytest.raises(UploadTooLarge):
        copy_limited(io.BytesIO(b"x" * (3 * MB)), out, "a.csv", LIMITS)
    assert len(out.getvalue()) == MB  # the chunk that passed the limit was not written


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def test_a_plain_zip_passes(tmp_path: Path) -> None:
    check_zip(_zip(tmp_path / "ok.zip", {"a.shp": b"1", "a.dbf": b"2", "a.shx": b"3"}), LIMITS)


@pytest.mark.parametrize("entry", ["../evil.shp", "/abs.shp", "d/../../x.shp", "C:/x.shp"])
def test_traversal_is_refused(tmp_path: Path, entry: str) -> None:
    with pytest.raises(InvalidInput) as err:
        check_zip(_zip(tmp_path / "t.zip", {entry: b"x"}), LIMITS)
    assert err.value.message_en == (
        f"t.zip: the zip entry {entry!r} points outside the archive (absolute path or '..'); "
        "it is refused."
    )


def test_symlink_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.zip"
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("link.shp")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    with pytest.raises(InvalidInput) as err:
        check_zip(path, LIMITS)
    assert err.value.message_en == (
        "l.zip: the zip entry 'link.shp' is a symbolic link; links are refused."
    )


def test_too_many_entries(tmp_path: Path) -> None:
    path = _zip(tmp_path / "n.zip", {f"{i}.txt": b"x" for i in range(4)})
    with pytest.raises(UploadTooLarge) as err:
        check_zip(path, LIMITS)
    assert err.value.message_en == (
        "n.zip: the zip holds 4 entries, more than the limit of 3 (setting TAXMAP_MAX_ZIP_ENTRIES)."
    )


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"a.shp": b"\0" * (10 * MB)})
    assert path.stat().st_size < 20_000
    with pytest.raises(InvalidInput) as err:
        check_zip(path, LIMITS)
    assert err.value.code == "invalid_input"
    assert "more than the limit of 100:1 (setting TAXMAP_MAX_ZIP_RATIO)" in err.value.message_en
    assert "zip bomb" in err.value.message_th


def test_unzipped_total(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {"a.shp": b"\0" * (3 * MB)})
    with pytest.raises(UploadTooLarge) as err:
        check_zip(path, UploadLimits(max_unzipped_mb=2, max_zip_ratio=10_000))
    assert err.value.message_en == (
        "big.zip: the zip unpacks to 3 MB, more than the limit of 2 MB "
        "(setting TAXMAP_MAX_UNZIPPED_MB)."
    )


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="not a valid zip file"):
        check_zip(path, LIMITS)


def test_feature_count() -> None:
    check_feature_count("p.gpkg", 2, LIMITS)
    with pytest.raises(UploadTooLarge) as err:
        check_feature_count("p.gpkg", 3, LIMITS)
    assert err.value.message_en == (
        "p.gpkg: the layer has 3 features, more than the limit of 2 (setting TAXMAP_MAX_FEATURES)."
    )
