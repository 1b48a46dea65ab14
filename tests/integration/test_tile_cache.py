"""The tile cache: a tile is made once per change that reaches it, read from disk otherwise.

Uses the fixture LAO of test_tiles.py under its own code (all of its parcels lie in tile
16/51424/29885). Changes are made with plain SQL on purpose: the triggers of migration 0020,
not the editing services, must give the tiles over a change their new ETag.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from live_server import taxmap_server
from sqlalchemy.engine import Engine
from test_tiles import build_fixture

from parcels.register.editing import set_land_use
from parcels.register.model import UsePieceInput
from taxmap.admin.repository import delete_lao
from taxmap.maptiles.cache import TileCache
from taxmap.maptiles.model import TileAddress
from taxmap.maptiles.seeding import seed_tiles, tiles_over
from taxmap.maptiles.services import get_tile

CODE = "TCACHE"
OVER = TileAddress(CODE, "parcels", 16, 51424, 29885)
FAR = TileAddress(CODE, "parcels", 16, 51430, 29885)


@pytest.fixture
def lao(engine: Engine) -> Iterator[int]:
    """The fixture LAO, committed, then deleted (which the triggers must not get in the way of)."""
    with engine.begin() as c:
        old = c.execute(sa.text("SELECT id FROM laos WHERE code = :c"), {"c": CODE}).scalar()
        if old is not None:
            delete_lao(c, old)
        lao_id = build_fixture(c, CODE)
    yield lao_id
    with engine.begin() as c:
        delete_lao(c, lao_id)


def files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.mvt"))


def test_a_tile_is_made_once_then_read_from_the_cache(
    lao: int, engine: Engine, tmp_path: Path
) -> None:
    cache = TileCache(tmp_path)
    made = get_tile(OVER, engine, cache=cache)
    assert made == get_tile(OVER, engine)  # same ETag, same bytes as made without a cache
    assert made.body and len(files(tmp_path)) == 1
    (stored,) = files(tmp_path)
    assert stored.read_bytes() == made.body
    assert stored.relative_to(tmp_path).parts[1:5] == (str(lao), "parcels", "16", "51424")
    # The next answer is the file: change it and the answer changes with it.
    stored.write_bytes(b"from the cache")
    assert get_tile(OVER, engine, cache=cache).body == b"from the cache"
    # A revalidation with the current ETag is still a 304, without reading the file.
    assert get_tile(OVER, engine, cache=cache, if_none_match=made.etag).not_modified


def test_a_change_made_by_any_writer_gives_the_tiles_over_it_a_new_tile(
    lao: int, engine: Engine, tmp_path: Path
) -> None:
    cache = TileCache(tmp_path)
    before, far = get_tile(OVER, engine, cache=cache), get_tile(FAR, engine, cache=cache)
    with engine.begin() as c:  # a writer that knows nothing of tiles
        c.execute(
            sa.text(
                "UPDATE parcels SET geom = ST_Translate(geom, 0, -0.5)"
                " WHERE lao_id = :l AND code = '01A003'"
            ),
            {"l": lao},
        )
        box = c.execute(
            sa.text(
                "SELECT ST_XMin(bbox), ST_YMin(bbox), ST_XMax(bbox), ST_YMax(bbox)"
                " FROM tile_edits WHERE lao_id = :l ORDER BY id DESC LIMIT 1"
            ),
            {"l": lao},
        ).one()
    # The box covers the parcel's old and new shapes (230080-230120, 1730199.5-1730240).
    assert tuple(box) == (230080.0, 1730199.5, 230120.0, 1730240.0)
    after = get_tile(OVER, engine, cache=cache)
    assert after.etag != before.etag and after.body != before.body
    assert after == get_tile(OVER, engine)
    assert get_tile(FAR, engine, cache=cache).etag == far.etag  # 3.5 km away: untouched
    # The old version of the tile is gone; the far tile is stored empty (a 204 costs no query).
    assert [p.read_bytes() for p in files(tmp_path)] == [after.body, b""]
    # A change of land use reaches the tile too (it shows the use of the day).
    set_land_use(
        CODE,
        "01A003",
        (UsePieceInput("other", Decimal("400")),),
        date(2020, 1, 1),
        engine,
        actor="t",
    )
    assert get_tile(OVER, engine, cache=cache).etag != after.etag


def test_tiles_of_a_past_day_are_never_cached(lao: int, engine: Engine, tmp_path: Path) -> None:
    cache = TileCache(tmp_path)
    past = TileAddress(CODE, "parcels", 16, 51424, 29885, date(2024, 1, 1))
    assert get_tile(past, engine, cache=cache).body
    assert files(tmp_path) == []


def test_seeding_makes_every_tile_of_the_extent_once(
    lao: int, engine: Engine, tmp_path: Path
) -> None:
    cache = TileCache(tmp_path)
    first = seed_tiles(engine, cache, CODE, sources=("parcels", "base"), zooms=(16, 17))
    # The LAO's 1,120 x 1,040 m box (102.4769-102.4875 E, 15.6308-15.6403 N) touches 3 x 3
    # tiles at z16 and 5 x 5 at z17; its boundary is in every base tile, its parcels in one
    # tile of each zoom.
    assert (first.tiles, first.with_content) == (2 * (9 + 25), (9 + 25) + 2)
    assert len(files(tmp_path)) == first.tiles  # empty tiles too: a 204 costs no query
    stamps = {p: p.stat().st_mtime_ns for p in files(tmp_path)}
    again = seed_tiles(engine, cache, CODE, sources=("parcels", "base"), zooms=(16, 17))
    assert again == first
    assert {p: p.stat().st_mtime_ns for p in files(tmp_path)} == stamps  # nothing re-made


def test_the_tiles_over_a_box_are_those_its_corners_fall_in() -> None:
    # The centre of tile 16/51424/29885 and a box around it one tile wide.
    lon = (51424.5 / 2**16) * 360 - 180
    assert list(tiles_over((lon, 15.636, lon, 15.636), 16)) == [(51424, 29885)]
    span = 360 / 2**16
    assert list(tiles_over((lon - span, 15.636, lon, 15.636), 16)) == [
        (51423, 29885),
        (51424, 29885),
    ]


def test_the_server_runs_several_worker_processes(test_db_url: str) -> None:
    with taxmap_server(test_db_url, timeout_s=60, env_extra={"TAXMAP_WORKERS": "2"}) as base:
        answers = [json.load(urllib.request.urlopen(base + "/health")) for _ in range(4)]
    assert {a["status"] for a in answers} == {"ok"}
