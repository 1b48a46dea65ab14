"""Use cases of the map: one vector tile (with its ETag), and an LAO's TileJSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Engine

from taxmap.core.db import UnitOfWork
from taxmap.core.errors import LaoNotFound
from taxmap.maptiles import repository as repo
from taxmap.maptiles.model import TileAddress, check_address, etag_matches, tile_etag, tilejson


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
    tile: TileAddress, bind: Engine | Connection, *, if_none_match: str | None = None
) -> Tile:
    """Return a vector tile of an LAO's layers, or just its ETag if the caller has it."""
    layers = check_address(tile)
    with UnitOfWork(bind) as uow:
        if if_none_match:
            # A revalidation costs one small query; the tile is made only if it changed.
            row = repo.read_tile(uow.conn, tile.lao, (), tile.z, tile.x, tile.y, tile.as_of)
            if row is not None and etag_matches(
                if_none_match, etag := tile_etag(tile, row.id, row.generation)
            ):
                return Tile(etag, None)
        row = repo.read_tile(uow.conn, tile.lao, layers, tile.z, tile.x, tile.y, tile.as_of)
    if row is None:
        raise _no_lao(tile.lao)
    return Tile(tile_etag(tile, row.id, row.generation), bytes(row.tile) if layers else b"")


def get_tilejson(
    lao_code: str, tiles_url: str, bind: Engine | Connection, *, imagery_url: str | None = None
) -> dict[str, Any]:
    """Return the TileJSON of an LAO's map: layers, zooms, bounds, tile URLs, imagery."""
    with UnitOfWork(bind) as uow:
        row = repo.read_tileset(uow.conn, lao_code)
    if row is None:
        raise _no_lao(lao_code)
    bounds = None if row.west is None else (row.west, row.south, row.east, row.north)
    return tilejson(dict(row._mapping), bounds, tiles_url, imagery_url)


def _no_lao(code: str) -> LaoNotFound:
    return LaoNotFound(
        f"No LAO has the code '{code}'. List them with `taxmap lao list`.",
        f"ไม่พบ อปท. รหัส '{code}'",
        details={"lao": code},
    )
