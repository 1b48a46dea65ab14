"""Class tables, themes and rules as data (data/landuse/), validated on load; LDD code parsing."""

from __future__ import annotations

import csv
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from landuse.model import ClassTable, LayerClass, MismatchRule, Rules, Theme
from taxmap.core.errors import ConfigurationError, InvalidInput

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "landuse"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_LDD = re.compile(r"^[UAFWM][0-9]{0,3}$")
GROUPS = {
    "built",
    "agriculture",
    "forest",
    "water",
    "open",
    "tree",
    "crop",
    "residential",
    "commercial",
    "industrial",
    "rural",
    "conservation",
    "institutional",
}


def _bad(path: Path, where: str, what: str) -> ConfigurationError:
    return ConfigurationError(
        f"{path.name} {where}: {what}. Fix the file in data/landuse/.",
        f"ไฟล์ {path.name} {where}: ข้อมูลไม่ถูกต้อง ({what})",
        details={"file": str(path), "where": where},
    )


def _read_table(path: Path) -> ClassTable:
    """Read and check one class table (code, names, group, fill; optional level and hatch)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    classes: list[LayerClass] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        where = f"line {n}"
        code = (row.get("code") or "").strip()
        if not code:
            raise _bad(path, where, "the code is empty")
        if code in seen:
            raise _bad(path, where, f"code {code} appears twice")
        seen.add(code)
        for key in ("name_th", "name_en", "group", "fill"):
            if not (row.get(key) or "").strip():
                raise _bad(path, where, f"{key} of {code} is empty")
        if row["group"] not in GROUPS:
            raise _bad(
                path, where, f"group '{row['group']}' of {code} is not one of {sorted(GROUPS)}"
            )
        for key in ("fill", "hatch"):
            value = (row.get(key) or "").strip()
            if value and not _HEX.match(value):
                raise _bad(path, where, f"{key} '{value}' of {code} is not a #RRGGBB colour")
        classes.append(
            LayerClass(
                code=code,
                name_th=row["name_th"].strip(),
                name_en=row["name_en"].strip(),
                group=row["group"].strip(),
                fill=row["fill"].strip().upper(),
                hatch=(row.get("hatch") or "").strip().upper(),
                level=int(row.get("level") or 1),
            )
        )
    if not classes:
        raise _bad(path, "", "no classes")
    return ClassTable(path.stem, tuple(classes))


@lru_cache(maxsize=16)
def class_table(name: str, data_dir: Path = DATA_DIR) -> ClassTable:
    """Return the class table `name` (data/landuse/<name>.csv)."""
    path = data_dir / f"{name}.csv"
    if not path.exists():
        raise ConfigurationError(f"No class table {path.name} in {data_dir}.")
    return _read_table(path)


@lru_cache(maxsize=4)
def themes(data_dir: Path = DATA_DIR) -> dict[str, Theme]:
    """Return the layer themes of data/landuse/themes.toml, checked."""
    path = data_dir / "themes.toml"
    raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))["themes"]
    out: dict[str, Theme] = {}
    for name, spec in raw.items():
        if spec.get("kind") not in ("vector", "raster"):
            raise _bad(path, f"[themes.{name}]", "kind must be vector or raster")
        if spec.get("classes"):
            class_table(spec["classes"], data_dir)  # fail early on a broken table
        out[name] = Theme(name=name, **spec)
    return out


def theme(name: str) -> Theme:
    """Return a theme by name, or name the known ones."""
    known = themes()
    if name not in known:
        raise InvalidInput(
            "theme",
            f"'{name}' is not a layer theme; use one of {', '.join(sorted(known))}.",
            f"'{name}' ไม่ใช่ประเภทชั้นข้อมูลที่รู้จัก",
        )
    return known[name]


@lru_cache(maxsize=4)
def rules(data_dir: Path = DATA_DIR) -> Rules:
    """Return the mismatch rules and indicator groups of data/landuse/rules.toml, checked."""
    path = data_dir / "rules.toml"
    raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    known = themes(data_dir)
    mismatch = []
    for spec in raw.get("mismatch", []):
        where = f"[[mismatch]] {spec.get('id', '?')}"
        if spec.get("theme") not in known:
            raise _bad(path, where, f"theme '{spec.get('theme')}' is not in themes.toml")
        for key in ("min_declared_share", "min_observed_share"):
            if not 0 < float(spec[key]) <= 1:
                raise _bad(path, where, f"{key} must be in (0, 1]")
        unknown = set(spec["groups"]) - GROUPS
        if unknown:
            raise _bad(path, where, f"unknown groups {sorted(unknown)}")
        mismatch.append(
            MismatchRule(
                id=spec["id"],
                theme=spec["theme"],
                declared=tuple(spec["declared"]),
                groups=tuple(spec["groups"]),
                min_declared_share=float(spec["min_declared_share"]),
                min_observed_share=float(spec["min_observed_share"]),
                message_th=spec["message_th"],
                message_en=spec["message_en"],
            )
        )
    checks, ind = raw["field_checks"], raw["indicators"]
    return Rules(
        mismatch=tuple(mismatch),
        building_covered_share=float(checks["building_covered_share"]),
        sign_distance_m=float(checks["sign_distance_m"]),
        green_groups=tuple(ind["green_groups"]),
        built_groups=tuple(ind["built_groups"]),
        farmland_groups=tuple(ind["farmland_groups"]),
    )


def parse_ldd_code(text: str) -> tuple[str, ...]:
    """Split an LDD code into its classes, dominant first: 'A1/A2' (50/50), 'U2+A1'."""
    cleaned = text.strip().upper()
    parts = tuple(p.strip() for p in re.split(r"[/+]", cleaned))
    if not cleaned or not all(_LDD.match(p) for p in parts):
        raise InvalidInput(
            "LU_CODE",
            f"'{text}' is not a Land Development Department code (e.g. A1, U2, A401, A1/A2, "
            "U2+A1).",
            f"'{text}' ไม่ใช่รหัสการใช้ที่ดินของกรมพัฒนาที่ดิน",
        )
    return parts


def resolve_class(table: ClassTable, raw: str) -> str | None:
    """Return the table's code for a raw value: itself, or for LDD its dominant known class.

    A level-3 LDD code missing from the table falls back to its level-2 parent (A203 -> A2),
    then to its level-1 group (A).
    """
    codes = table.by_code()
    value = raw.strip()
    if value in codes:
        return value
    if table.name != "ldd_codes":
        return None
    first = parse_ldd_code(value)[0]
    for candidate in (first, first[:2], first[:1]):
        if candidate in codes:
            return candidate
    return None
