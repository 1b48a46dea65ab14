"""Fill the tile cache ahead of the first visitors: every tile of an LAO's extent, by zoom."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from taxmap.admin.repository import lao_not_found
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput
from taxmap.core.progress import Progress, silent
from taxmap.maptiles import repository as repo
from taxmap.maptiles.cache import TileCache
from taxmap.maptiles.model import SOURCES, TileAddress, check_zxy
from taxmap.maptiles.services import get_tile

STAGE = "seed tiles"


@dataclass(frozen=True)
class SeedReport:
    """What a seeding run did: tiles visited, and the bytes of those that hold anything."""

    tiles: int
    with_content: int
    size_bytes: int


def tiles_over(bounds: tuple[float, float, float, float], z: int) -> Iterator[tuple[int, int]]:
    """Yield (x, y) of every Web Mercator tile of zoom z that a WGS 84 box touches."""
    west, south, east, north = bounds
    n = 1 << z

    def column(lon: float) -> int:
        return min(n - 1, max(0, math.floor((lon + 180.0) / 360.0 * n)))

    def row(lat: float) -> int:
        y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
        return min(n - 1, max(0, math.floor(y)))

    for x in range(column(west), column(east) + 1):
        for y in range(row(north), row(south) + 1):
            yield x, y


def seed_tiles(
    engine: Engine,
    cache: TileCache,
    lao_code: str,
    *,
    sources: Sequence[str] = tuple(SOURCES),
    zooms: Sequence[int] = (14, 15, 16, 17),
    workers: int = 2,
    progress: Progress = silent,
) -> SeedReport:
    """Make and store every current tile of the LAO's extent for these sources and zooms.

    Tiles already cached under their current ETag are read, not made again, so a second run
    after a few edits only makes the tiles those edits reached.
    """
    for source in sources:
        if source not in SOURCES:
            raise InvalidInput(
                "source",
                f"No map layer '{source}': use one of {', '.join(SOURCES)}.",
                f"ไม่มีชั้นแผนที่ '{source}' ใช้ได้เฉพาะ {', '.join(SOURCES)}",
            )
    for z in zooms:
        check_zxy(z, 0, 0)  # a bad zoom fails now, naming the field, not tile by tile
    with UnitOfWork(engine) as uow:
        row = repo.read_tileset(uow.conn, lao_code)
    if row is None:
        raise lao_not_found(lao_code)
    if row.west is None:
        return SeedReport(0, 0, 0)
    bounds = (row.west, row.south, row.east, row.north)
    addresses = [
        TileAddress(lao_code, source, z, x, y)
        for z in zooms
        for x, y in tiles_over(bounds, z)
        for source in sources
    ]
    total, with_content, size = len(addresses), 0, 0
    # Threads are enough: a tile is made inside PostgreSQL, and waiting on it frees the GIL.
    with ThreadPoolExecutor(max(1, workers)) as pool:
        found = pool.map(lambda tile: get_tile(tile, engine, cache=cache), addresses)
        for done, tile in enumerate(found, 1):
            if tile.body:
                with_content, size = with_content + 1, size + len(tile.body)
            if done % 64 == 0 or done == total:
                progress(STAGE, done, total)
    return SeedReport(total, with_content, size)
