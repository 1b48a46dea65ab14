"""Use cases of the map: one vector tile (with its ETag), one planning-layer tile, and an LAO's
TileJSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Engine

from landuse.repository import LayerNotFound
from taxmap.admin.repository import lao_not_found
from taxmap.core.db import UnitOfWork
from taxmap.core.thai import format_thai_date
from taxmap.maptiles import repository as repo
from taxmap.maptiles.cache import TileCache, cache_key
from taxmap.maptiles.model import (
    TileAddress,
    check_address,
    check_zxy,
    etag_matches,
    tile_etag,
    tilejson,
)
from taxmap.maptiles.planning import (
    PlanningTileAddress,
    StoredLayer,
    check_vector,
    minzoom,
    planning_etag,
    tilejson_entries,
)


@dataclass(frozen=True)
class Tile:
    """A tile answer: its ETag, and its bytes (b"" for an empty tile, None if not modified)."""

    etag: str
    body: bytes | None

    @property
    def not_modified(self) -> bool:
        """Tell whether the caller's copy is still good (304)."""
        return self.body is None


def get_tile(
    tile: TileAddress,
    bind: Engine | Connection,
    *,
    if_none_match: str | None = None,
    cache: TileCache | None = None,
) -> Tile:
    """Return a vector tile of an LAO's layers, or just its ETag if the caller has it.

    With a cache, a current tile made before is read from it and a new one is stored in it
    (tiles of a past day are always made afresh).
    """
    layers = check_address(tile)
    cache = cache if layers and tile.as_of is None else None
    with UnitOfWork(bind) as uow:
        if if_none_match or cache:
            # One small query gives the ETag; the tile is made only if it changed.
            row = repo.read_tile(uow.conn, tile.lao, (), tile.z, tile.x, tile.y, tile.as_of)
            if row is None:
                raise lao_not_found(tile.lao)
            etag = tile_etag(tile, row.id, row.generation, row.today)
            if etag_matches(if_none_match, etag):
                return Tile(etag, None)
            if cache and (body := cache.read(cache_key(row), tile, etag)) is not None:
                return Tile(etag, body)
        row = repo.read_tile(uow.conn, tile.lao, layers, tile.z, tile.x, tile.y, tile.as_of)
    if row is None:
        raise lao_not_found(tile.lao)
    # The tile and its generation come from one statement, so the ETag fits the bytes even
    # when an edit landed between the two queries.
    etag = tile_etag(tile, row.id, row.generation, row.today)
    found = Tile(etag, bytes(row.tile) if layers else b"")
    if cache and found.body is not None:
        cache.write(cache_key(row), tile, found.etag, found.body)
    return found


def get_tilejson(
    lao_code: str, tiles_url: str, bind: Engine | Connection, *, imagery_url: str | None = None
) -> dict[str, Any]:
    """Return the TileJSON of an LAO's map: layers, zooms, bounds, tile URLs, imagery."""
    with UnitOfWork(bind) as uow:
        row = repo.read_tileset(uow.conn, lao_code)
        layers = [] if row is None else repo.read_planning_layers(uow.conn, row.id)
    if row is None:
        raise lao_not_found(lao_code)
    bounds = None if row.west is None else (row.west, row.south, row.east, row.north)
    planning = tilejson_entries(layers, tiles_url)
    return tilejson(dict(row._mapping), bounds, tiles_url, imagery_url, planning)


def get_planning_tile(
    tile: PlanningTileAddress, bind: Engine | Connection, *, if_none_match: str | None = None
) -> Tile:
    """Return a vector tile of a planning layer, or just its ETag if the caller has it.

    Below the layer's zoom range the tile is empty (b""); a raster layer is refused.
    """
    check_zxy(tile.z, tile.x, tile.y)
    with UnitOfWork(bind) as uow:
        row = repo.read_planning_layer(uow.conn, tile.lao, tile.code, tile.as_of)
        if row is None:
            raise lao_not_found(tile.lao)
        if row.id is None:
            raise _no_layer(tile)
        layer = StoredLayer(
            row.lao_id, row.id, tile.code, row.kind, row.theme, row.as_of, row.created_at
        )
        check_vector(layer)
        etag = planning_etag(tile, layer)
        if etag_matches(if_none_match, etag):
            return Tile(etag, None)
        if tile.z < minzoom(layer.theme):
            return Tile(etag, b"")
        body = repo.read_planning_tile(
            uow.conn, layer.lao_id, tile.z, tile.x, tile.y, tile.code, layer.as_of
        )
    return Tile(etag, body)


def _no_layer(tile: PlanningTileAddress) -> LayerNotFound:
    day = tile.as_of
    when = f" dated on or before {day.isoformat()}" if day else ""
    when_th = f" ณ วันที่ {format_thai_date(day)}" if day else ""
    return LayerNotFound(
        f"No vector planning layer '{tile.code}'{when} in {tile.lao}: give ?code= one of the "
        f"codes /api/v1/laos/{tile.lao}/layers lists.",
        f"ไม่พบชั้นข้อมูลผังเมือง '{tile.code}'{when_th} ใน {tile.lao} ระบุ code เป็นรหัสที่มีในรายการชั้นข้อมูล",
        details={"field": "code", "layer": tile.code, "as_of": day.isoformat() if day else None},
    )
