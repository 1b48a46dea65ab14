"""Finished vector tiles kept on disk, named by their ETag, so each is made once per change.

A tile's ETag already says everything its bytes depend on: the tile functions' revision, the
LAO, the source, z/x/y and the generation of the last edit that reached the tile
(model.tile_etag). A file named by the ETag therefore never goes stale: an edit gives the tiles
it touched a new ETag, the next request finds no file under it and makes the tile again. Files
are grouped per database (its name and OID), so a test database, a restored copy or a second
installation on the same disk never reads another's tiles. Every worker process shares the
directory; writes go to a temporary file first and are renamed into place, so a reader sees a
whole tile or none.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from taxmap.maptiles.model import TileAddress


def cache_key(row: Any) -> tuple[str, int]:
    """Return a tile's folder key from its row: the database (name and OID) and the LAO id.

    A database dropped and made again under the same name (a test run, a restore) gets a new
    OID, so it never reads tiles cached for the old one.
    """
    name = re.sub(r"[^A-Za-z0-9_-]", "_", row.database)
    return f"{name}-{row.database_oid}", int(row.id)


class TileCache:
    """A directory of tiles: <root>/<database>/<lao id>/<source>/<z>/<x>/<y>.<etag>.mvt."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, key: tuple[str, int], tile: TileAddress, etag: str) -> bytes | None:
        """Return the tile stored under this ETag, or None when it has not been made."""
        try:
            return self._path(key, tile, etag).read_bytes()
        except FileNotFoundError:
            return None

    def write(self, key: tuple[str, int], tile: TileAddress, etag: str, body: bytes) -> None:
        """Store a tile under its ETag and delete the versions an edit made obsolete."""
        path = self._path(key, tile, etag)
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{tile.y}.*.mvt"):
            if old != path:
                with contextlib.suppress(FileNotFoundError):  # another worker got there first
                    old.unlink()
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(body)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def clear(self) -> None:
        """Delete every stored tile (they are made again on demand)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _path(self, key: tuple[str, int], tile: TileAddress, etag: str) -> Path:
        database, lao_id = key
        if tile.as_of is not None:
            raise ValueError("tiles of a past day are not cached")  # a programming error
        # Only numbers, checked names and the ETag's hex digits: nothing from the URL as such.
        name = f"{tile.y}.{etag.strip(chr(34))}.mvt"
        folder = self.root / database / str(lao_id) / tile.source / str(tile.z) / str(tile.x)
        return folder / name
