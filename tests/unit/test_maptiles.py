"""Map tile rules: addresses, visible layers by zoom, ETags and If-None-Match."""

from __future__ import annotations

from datetime import date

import pytest

from taxmap.core.errors import InvalidInput, NotFound
from taxmap.maptiles.model import TileAddress, check_address, etag_matches, tile_etag


def test_each_source_shows_its_layers_from_their_minzoom() -> None:
    assert check_address(TileAddress("L", "base", 5, 0, 0)) == ()
    assert check_address(TileAddress("L", "base", 12, 0, 0)) == (
        "boundary",
        "tambons",
        "water",
        "roads",
    )
    assert check_address(TileAddress("L", "parcels", 13, 0, 0)) == ()
    assert check_address(TileAddress("L", "parcels", 14, 0, 0)) == ("parcels",)


@pytest.mark.parametrize(
    ("z", "x", "y", "field"), [(-1, 0, 0, "z"), (23, 0, 0, "z"), (3, 8, 0, "x"), (3, 0, -1, "y")]
)
def test_addresses_outside_the_tile_matrix_name_the_field(
    z: int, x: int, y: int, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_address(TileAddress("L", "parcels", z, x, y))
    assert caught.value.field == field


def test_an_unknown_layer_is_not_found() -> None:
    with pytest.raises(NotFound) as caught:
        check_address(TileAddress("L", "roofs", 1, 0, 0))
    assert caught.value.details["layers"] == ["base", "parcels", "buildings", "blocks", "zones"]


def test_the_etag_depends_on_the_address_the_day_and_the_generation() -> None:
    tile = TileAddress("L", "parcels", 16, 1, 2)
    today = date(2026, 11, 24)
    etag = tile_etag(tile, 1, 7, today)
    assert etag == tile_etag(TileAddress("L", "parcels", 16, 1, 2), 1, 7, today)
    assert etag != tile_etag(tile, 1, 8, today)
    assert etag != tile_etag(TileAddress("L", "parcels", 16, 1, 2, date(2024, 1, 1)), 1, 7, today)
    assert etag != tile_etag(TileAddress("L", "base", 16, 1, 2), 1, 7, today)
    # A current tile shows today's land use: a new day, a new ETag; a past day's tile does not.
    assert etag != tile_etag(tile, 1, 7, date(2026, 11, 25))
    past = TileAddress("L", "parcels", 16, 1, 2, date(2024, 1, 1))
    assert tile_etag(past, 1, 7, today) == tile_etag(past, 1, 7, date(2026, 11, 25))
    # The same day asked for as a past day is not the current tile (history vs. today).
    assert etag != tile_etag(TileAddress("L", "parcels", 16, 1, 2, today), 1, 7, today)


def test_if_none_match_accepts_lists_weak_tags_and_star() -> None:
    assert etag_matches('"a", W/"b"', '"b"')
    assert etag_matches("*", '"b"')
    assert not etag_matches('"a"', '"b"')
    assert not etag_matches(None, '"b"')
