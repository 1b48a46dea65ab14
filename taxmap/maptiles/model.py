"""Map tile rules: the layers, the tile sources that bundle them, zoom ranges, tile addresses,
ETags and the TileJSON document. Pure: the tiles themselves are made in PostGIS (migration 0016).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from taxmap.core.errors import InvalidInput, NotFound

MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22  # the deepest tile served; maps over-zoom past TILEJSON_MAXZOOM themselves
TILEJSON_MAXZOOM = 20
# Short freshness, then a conditional request: an unchanged tile costs one small query (304).
CACHE_CONTROL = "private, max-age=60, must-revalidate"
# Part of every ETag: bump it when the tile functions change what a tile holds.
TILES_REVISION = "0020"


@dataclass(frozen=True)
class Layer:
    """One MVT layer: made by the SQL function tile_<name>, shown from minzoom on."""

    name: str
    minzoom: int
    description: str
    fields: dict[str, str] = field(default_factory=dict)
    history: bool = False  # honours ?as_of= (valid time)


LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        Layer(
            "boundary",
            6,
            "LAO boundary / เขต อปท.",
            {"code": "String", "name_th": "String", "name_en": "String"},
        ),
        Layer(
            "tambons",
            9,
            "Tambons / ตำบล",
            {"pcode": "String", "name_th": "String", "name_en": "String"},
        ),
        Layer(
            "zones",
            10,
            "Survey zones / โซน",
            {"code": "String", "name": "String"},
        ),
        Layer(
            "water",
            10,
            "Water, canals / แหล่งน้ำ คลอง",
            {"kind": "String", "name_th": "String", "name_en": "String"},
        ),
        Layer(
            "roads",
            12,
            "Roads / ถนน",
            {"kind": "String", "name_th": "String", "name_en": "String"},
        ),
        Layer("blocks", 13, "Blocks / บล็อก", {"code": "String"}),
        Layer(
            "parcels",
            14,
            "Parcels / แปลงที่ดิน (feature id = parcel id)",
            {
                "code": "String",
                "version": "Number",
                "block": "String",
                "landuse": "String",
                "area_m2": "Number",
            },
            history=True,
        ),
        Layer(
            "buildings",
            15,
            "Buildings / โรงเรือน (feature id = building id)",
            {"code": "String", "floors": "Number", "class": "String", "house_no": "String"},
            history=True,
        ),
    )
}

# What /tiles/{lao}/{source}/… serves: the base map is several layers in one tile.
SOURCES: dict[str, tuple[str, ...]] = {
    "base": ("boundary", "tambons", "water", "roads", "blocks"),
    "parcels": ("parcels",),
    "buildings": ("buildings",),
    "blocks": ("blocks",),
    "zones": ("zones",),
}


@dataclass(frozen=True)
class TileAddress:
    """One tile of one source of one LAO, current or as of a day."""

    lao: str
    source: str
    z: int
    x: int
    y: int
    as_of: date | None = None


def check_address(tile: TileAddress) -> tuple[str, ...]:
    """Check the source and z/x/y; return the source's layers visible at this zoom."""
    if tile.source not in SOURCES:
        raise NotFound(
            f"No map layer '{tile.source}': use one of {', '.join(SOURCES)}.",
            f"ไม่มีชั้นแผนที่ '{tile.source}' ใช้ได้เฉพาะ {', '.join(SOURCES)}",
            details={"field": "layer", "layers": list(SOURCES)},
        )
    check_zxy(tile.z, tile.x, tile.y)
    return tuple(name for name in SOURCES[tile.source] if LAYERS[name].minzoom <= tile.z)


def check_zxy(z: int, x: int, y: int) -> None:
    """Check that z/x/y names a tile, naming the field that does not."""
    if not 0 <= z <= MAX_ZOOM:
        raise InvalidInput(
            "z",
            f"Zoom {z} is out of range: give z from 0 to {MAX_ZOOM}.",
            f"ระดับซูม {z} อยู่นอกช่วง ต้องอยู่ระหว่าง 0 ถึง {MAX_ZOOM}",
        )
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < 2**z:
            raise InvalidInput(
                name,
                f"Tile {name}={value} does not exist at zoom {z}: give {name} from 0 to "
                f"{2**z - 1}.",
                f"ไม่มีไทล์ {name}={value} ที่ระดับซูม {z} ต้องอยู่ระหว่าง 0 ถึง {2**z - 1}",
            )


def source_minzoom(source: str) -> int:
    """Return the zoom from which a source has anything to show."""
    return min(LAYERS[name].minzoom for name in SOURCES[source])


def tile_etag(tile: TileAddress, lao_id: int, generation: int, today: date) -> str:
    """Return the tile's ETag: it changes when an edit reaches the tile, and only then.

    A current tile also names the day: it shows the land use in force today, which changes
    at midnight when a use starts or ends, with no edit.
    """
    day = tile.as_of or today
    key = (
        f"{TILES_REVISION}|{lao_id}|{tile.source}|{tile.z}/{tile.x}/{tile.y}|"
        f"{day.isoformat()}|{'' if tile.as_of else 'current'}|{generation}"
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Tell whether an If-None-Match header names this ETag (weak or strong, or '*')."""
    if not if_none_match:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def tilejson(
    lao: dict[str, Any],
    bounds: tuple[float, float, float, float] | None,
    tiles_url: str,
    imagery_url: str | None,
    planning: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return the TileJSON 3.0.0 document of an LAO's map (base tiles; every source listed).

    `tiles_url` ends in /tiles/{lao}; `sources` gives each source's own tile URL (add
    `?as_of=YYYY-MM-DD` for the history slider), `planning` one entry per vector planning
    layer (taxmap/maptiles/planning.py), `imagery` the optional XYZ imagery.
    """
    west, south, east, north = bounds or (-180.0, -85.0511, 180.0, 85.0511)
    vector_layers = [
        {
            "id": layer.name,
            "description": layer.description,
            "fields": layer.fields,
            "minzoom": layer.minzoom,
            "maxzoom": TILEJSON_MAXZOOM,
        }
        for layer in LAYERS.values()
    ]
    sources = {
        name: {
            "tiles": [f"{tiles_url}/{name}/{{z}}/{{x}}/{{y}}.mvt"],
            "layers": list(layers),
            "minzoom": source_minzoom(name),
            "maxzoom": TILEJSON_MAXZOOM,
            "history": any(LAYERS[n].history for n in layers),
        }
        for name, layers in SOURCES.items()
    }
    return {
        "tilejson": "3.0.0",
        "name": f"{lao['name_en']} / {lao['name_th']}",
        "description": f"taxmap vector tiles of {lao['code']}",
        "version": "1.0.0",
        "attribution": lao["name_th"],
        "scheme": "xyz",
        "format": "pbf",
        "tiles": sources["base"]["tiles"],
        "minzoom": source_minzoom("base"),
        "maxzoom": TILEJSON_MAXZOOM,
        "bounds": [round(v, 6) for v in (west, south, east, north)],
        "center": [round((west + east) / 2, 6), round((south + north) / 2, 6), 14],
        "vector_layers": vector_layers,
        "sources": sources,
        "planning": planning or [],
        "imagery": {"tiles": [imagery_url], "type": "raster", "tileSize": 256}
        if imagery_url
        else None,
    }
