"""Tile rules of planning layers: which layers are tiled, their zooms, ETags and TileJSON
entries. Pure: the tiles are made by tile_planning in PostGIS (migration 0019).

A planning layer changes only when it is loaded again (a new layer row), so a tile's ETag is
its address with the layer row's id and load time: no edit tracking is needed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from taxmap.core.errors import InvalidInput
from taxmap.maptiles.model import TILEJSON_MAXZOOM

# Part of every planning ETag: bump it when tile_planning changes what a tile holds.
PLANNING_REVISION = "0019"
# Areas (land use, plan zones, flood) read at district scale; small things only up close.
DEFAULT_MINZOOM = 10
MINZOOM_BY_THEME = {"road": 12, "river": 10, "building_observed": 15, "sign_observed": 15}
FIELDS = {
    "class_code": "String",
    "class_th": "String",
    "class_en": "String",
    "fill": "String",
    "hatch": "String",
    "name": "String",
}


@dataclass(frozen=True)
class PlanningTileAddress:
    """One tile of one planning layer of one LAO (the layer as of a day, or its newest)."""

    lao: str
    code: str
    z: int
    x: int
    y: int
    as_of: date | None = None


@dataclass(frozen=True)
class StoredLayer:
    """The layer row a planning tile is made from: what its ETag and zoom depend on."""

    lao_id: int
    layer_id: int
    code: str
    kind: str
    theme: str
    as_of: date
    loaded_at: datetime


def minzoom(theme: str) -> int:
    """Return the zoom from which a planning layer of this theme is tiled."""
    return MINZOOM_BY_THEME.get(theme, DEFAULT_MINZOOM)


def check_vector(layer: StoredLayer) -> None:
    """Refuse a raster layer: rasters are read by rasterio for queries, not made into MVT."""
    if layer.kind != "vector":
        raise InvalidInput(
            "code",
            f"Layer '{layer.code}' is a raster ({layer.theme}): only vector planning layers are "
            "served as vector tiles. Query it with /planning/parcels or /planning/summary.",
            f"ชั้นข้อมูล '{layer.code}' เป็นภาพแรสเตอร์ แสดงเป็นไทล์เวกเตอร์ไม่ได้ "
            "ใช้การสอบถามข้อมูลแปลงหรือสรุปพื้นที่แทน",
            details={"field": "code", "layer": layer.code, "kind": layer.kind},
        )


def planning_etag(tile: PlanningTileAddress, layer: StoredLayer) -> str:
    """Return the tile's ETag: it changes only when the layer is loaded again."""
    key = (
        f"{PLANNING_REVISION}|{layer.lao_id}|planning:{tile.code}|{tile.z}/{tile.x}/{tile.y}|"
        f"{layer.layer_id}|{layer.loaded_at.isoformat()}"
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'


def tilejson_entries(rows: list[dict[str, Any]], tiles_url: str) -> list[dict[str, Any]]:
    """Return one TileJSON entry per vector planning layer (rows by code, then date)."""
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = entries.setdefault(
            row["code"],
            {
                "code": row["code"],
                "theme": row["theme"],
                "tiles": [f"{tiles_url}/planning/{{z}}/{{x}}/{{y}}.mvt?code={row['code']}"],
                "minzoom": minzoom(row["theme"]),
                "maxzoom": TILEJSON_MAXZOOM,
                "fields": FIELDS,
                "dates": [],
            },
        )
        # The newest date names the layer and is what a tile without as_of shows.
        entry |= {"name_th": row["name_th"], "name_en": row["name_en"]}
        entry["dates"].append(row["as_of"].isoformat())
        entry["as_of"] = row["as_of"].isoformat()
    return list(entries.values())
