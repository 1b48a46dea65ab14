"""Checks on uploaded files before anything reads them: name, type, size, zip safety, features.

Every refusal names the limit and the TAXMAP_* setting that raises it, in English and Thai.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, BinaryIO

from taxmap.core.errors import InvalidInput, UploadTooLarge

if TYPE_CHECKING:
    from taxmap.core.settings import Settings

MB = 1024 * 1024
CHUNK = MB
PARCEL_TYPES = (".gpkg", ".zip", ".geojson", ".json", ".fgb", ".csv")  # .shp.zip ends in .zip
CSV_TYPES = (".csv",)


@dataclass(frozen=True)
class UploadLimits:
    """The limits an upload or import is held to (defaults are the Settings defaults)."""

    max_upload_mb: int = 512
    max_features: int = 2_000_000
    max_zip_entries: int = 1000
    max_zip_ratio: int = 100
    max_unzipped_mb: int = 4096

    @classmethod
    def from_settings(cls, settings: Settings) -> UploadLimits:
        """Return the limits configured in the settings."""
        return cls(
            max_upload_mb=settings.max_upload_mb,
            max_features=settings.max_features,
            max_zip_entries=settings.max_zip_entries,
            max_zip_ratio=settings.max_zip_ratio,
            max_unzipped_mb=settings.max_unzipped_mb,
        )


def _too_large_bytes(name: str, limits: UploadLimits) -> UploadTooLarge:
    return UploadTooLarge(
        "file",
        f"{name}: the file is larger than the upload limit of {limits.max_upload_mb} MB "
        "(setting TAXMAP_MAX_UPLOAD_MB).",
        f"{name}: ไฟล์ใหญ่เกินขนาดที่อัปโหลดได้ {limits.max_upload_mb} MB (ค่าตั้ง TAXMAP_MAX_UPLOAD_MB)",
        details={"limit_mb": limits.max_upload_mb, "setting": "TAXMAP_MAX_UPLOAD_MB"},
    )


def safe_name(filename: str | None, default: str) -> str:
    """Return the upload's file name, refusing any name that carries a path."""
    name = (filename or "").strip() or default
    unsafe = (
        "/" in name
        or "\\" in name
        or "\x00" in name
        or name in (".", "..")
        or ".." in PurePosixPath(name).parts
        or PureWindowsPath(name).drive != ""
        or any(ord(ch) < 32 for ch in name)
    )
    if unsafe:
        raise InvalidInput(
            "file",
            f"{name!r}: the file name must be a plain name without folders, '..' or a drive "
            "(e.g. parcels.gpkg).",
            f"{name!r}: ชื่อไฟล์ต้องเป็นชื่อธรรมดา ไม่มีโฟลเดอร์ '..' หรือไดรฟ์",
            details={"name": name},
        )
    return name


def check_upload(
    filename: str | None,
    size: int | None,
    limits: UploadLimits,
    *,
    allowed: Iterable[str] = PARCEL_TYPES,
    default: str = "upload",
) -> str:
    """Check an upload's name, type and (when known) size; return the safe base name."""
    name = safe_name(filename, default)
    kinds = tuple(allowed)
    if not name.lower().endswith(kinds):
        raise InvalidInput(
            "file",
            f"{name}: unsupported file type; upload one of {', '.join(kinds)}.",
            f"{name}: ชนิดไฟล์ไม่รองรับ ใช้ได้เฉพาะ {', '.join(kinds)}",
            details={"name": name, "allowed": list(kinds)},
        )
    if size is not None and size > limits.max_upload_mb * MB:
        raise _too_large_bytes(name, limits)
    return name


def copy_limited(source: BinaryIO, target: BinaryIO, name: str, limits: UploadLimits) -> int:
    """Copy in chunks, stopping with UploadTooLarge as soon as the limit is passed."""
    limit = limits.max_upload_mb * MB
    written = 0
    while chunk := source.read(CHUNK):
        written += len(chunk)
        if written > limit:
            raise _too_large_bytes(name, limits)
        target.write(chunk)
    return written


def save_upload(source: BinaryIO, folder: Path, name: str, limits: UploadLimits) -> Path:
    """Write an upload under `folder` (name already checked) within the size limit."""
    path = folder / name
    with path.open("wb") as target:
        copy_limited(source, target, name, limits)
    return path


def _bad_zip(path: Path, en: str, th: str, **details: object) -> InvalidInput:
    return InvalidInput(
        "file", f"{path.name}: {en}", f"{path.name}: {th}", details={"path": str(path), **details}
    )


def _unsafe_member(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return (
        member.startswith(("/", "\\"))
        or PureWindowsPath(member).drive != ""
        or ".." in parts
        or "\x00" in member
    )


def check_zip(path: Path, limits: UploadLimits) -> None:
    """Refuse an unsafe zip before anything extracts it or hands it to GDAL.

    Refused: absolute or '..' entry names, symbolic links, more entries than allowed, a total
    unzipped size above the limit, or a ratio of unzipped size to file size above the limit.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _bad_zip(path, "not a valid zip file.", "ไฟล์ zip เสียหาย") from None
    if len(entries) > limits.max_zip_entries:
        raise UploadTooLarge(
            "file",
            f"{path.name}: the zip holds {len(entries)} entries, more than the limit of "
            f"{limits.max_zip_entries} (setting TAXMAP_MAX_ZIP_ENTRIES).",
            f"{path.name}: ไฟล์ zip มี {len(entries)} รายการ เกินกำหนด {limits.max_zip_entries} "
            "(ค่าตั้ง TAXMAP_MAX_ZIP_ENTRIES)",
            details={"limit": limits.max_zip_entries, "setting": "TAXMAP_MAX_ZIP_ENTRIES"},
        )
    for info in entries:
        if _unsafe_member(info.filename):
            raise _bad_zip(
                path,
                f"the zip entry {info.filename!r} points outside the archive (absolute path or "
                "'..'); it is refused.",
                f"รายการ {info.filename!r} ในไฟล์ zip ชี้ออกนอกไฟล์ (พาธสัมบูรณ์หรือ '..')",
                entry=info.filename,
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _bad_zip(
                path,
                f"the zip entry {info.filename!r} is a symbolic link; links are refused.",
                f"รายการ {info.filename!r} ในไฟล์ zip เป็นลิงก์สัญลักษณ์ ซึ่งไม่รับ",
                entry=info.filename,
            )
    total = sum(info.file_size for info in entries)
    if total > limits.max_unzipped_mb * MB:
        raise UploadTooLarge(
            "file",
            f"{path.name}: the zip unpacks to {total // MB} MB, more than the limit of "
            f"{limits.max_unzipped_mb} MB (setting TAXMAP_MAX_UNZIPPED_MB).",
            f"{path.name}: ไฟล์ zip เมื่อแตกออกมีขนาด {total // MB} MB เกินกำหนด "
            f"{limits.max_unzipped_mb} MB (ค่าตั้ง TAXMAP_MAX_UNZIPPED_MB)",
            details={"limit_mb": limits.max_unzipped_mb, "setting": "TAXMAP_MAX_UNZIPPED_MB"},
        )
    # Against the file's real size, so overlapping entries cannot hide a bomb; tiny zips pass.
    ratio = total / max(path.stat().st_size, 1)
    if total > MB and ratio > limits.max_zip_ratio:
        raise _bad_zip(
            path,
            f"the zip unpacks to {ratio:.0f} times its size, more than the limit of "
            f"{limits.max_zip_ratio}:1 (setting TAXMAP_MAX_ZIP_RATIO); it looks like a zip bomb.",
            f"ไฟล์ zip แตกออกได้ใหญ่กว่าตัวไฟล์ {ratio:.0f} เท่า เกินกำหนด "
            f"{limits.max_zip_ratio}:1 (ค่าตั้ง TAXMAP_MAX_ZIP_RATIO) อาจเป็น zip bomb",
            limit=limits.max_zip_ratio,
            setting="TAXMAP_MAX_ZIP_RATIO",
        )


def check_feature_count(name: str, count: int, limits: UploadLimits) -> None:
    """Refuse a layer with more features than the import limit."""
    if count > limits.max_features:
        raise UploadTooLarge(
            "file",
            f"{name}: the layer has {count} features, more than the limit of "
            f"{limits.max_features} (setting TAXMAP_MAX_FEATURES).",
            f"{name}: ชั้นข้อมูลมี {count} รูปแปลง เกินกำหนด {limits.max_features} "
            "(ค่าตั้ง TAXMAP_MAX_FEATURES)",
            details={"limit": limits.max_features, "setting": "TAXMAP_MAX_FEATURES"},
        )
