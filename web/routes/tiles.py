"""Mapbox Vector Tiles of an LAO's layers, made in PostGIS, and the map's TileJSON."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from taxmap.maptiles.model import CACHE_CONTROL, MVT_MEDIA_TYPE, TileAddress
from taxmap.maptiles.planning import PlanningTileAddress
from taxmap.maptiles.services import Tile, get_planning_tile, get_tile, get_tilejson
from web.access import Allow
from web.deps import EngineDep, SettingsDep, TileCacheDep

router = APIRouter(prefix="/tiles/{lao}", tags=["map tiles"])
TILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {MVT_MEDIA_TYPE: {}}, "description": "The tile."},
    204: {"description": "Nothing of the layer in this tile."},
    304: {"description": "The caller's copy (If-None-Match) is current."},
}


def _answer(found: Tile) -> Response:
    headers = {"ETag": found.etag, "Cache-Control": CACHE_CONTROL}
    if found.body is None:
        return Response(status_code=304, headers=headers)
    if not found.body:
        return Response(status_code=204, headers=headers)
    return Response(found.body, media_type=MVT_MEDIA_TYPE, headers=headers)


# Declared before /{layer}/… so that "planning" is not taken for a layer name.
@router.get(
    "/planning/{z}/{x}/{y}.mvt",
    dependencies=[Allow.read],
    response_class=Response,
    responses=TILE_RESPONSES,
)
def planning_tile(
    lao: str,
    z: int,
    x: int,
    y: int,
    engine: EngineDep,
    code: Annotated[str, Query(description="The planning layer's code (GET …/layers)")],
    as_of: Annotated[
        date | None, Query(description="The layer dated on or before this day (YYYY-MM-DD)")
    ] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """Return one vector tile of a vector planning layer, features styled by class."""
    tile = PlanningTileAddress(lao, code, z, x, y, as_of)
    return _answer(get_planning_tile(tile, engine, if_none_match=if_none_match))


@router.get(
    "/{layer}/{z}/{x}/{y}.mvt",
    dependencies=[Allow.read],
    response_class=Response,
    responses=TILE_RESPONSES,
)
def tile(
    lao: str,
    layer: str,
    z: int,
    x: int,
    y: int,
    engine: EngineDep,
    cache: TileCacheDep,
    as_of: Annotated[
        date | None, Query(description="The fabric on this day (YYYY-MM-DD), for history")
    ] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """Return one vector tile of a layer (`base`, `parcels`, `buildings`, `blocks`, `zones`)."""
    address = TileAddress(lao, layer, z, x, y, as_of)
    return _answer(get_tile(address, engine, if_none_match=if_none_match, cache=cache))


@router.get("/tilejson.json", dependencies=[Allow.read])
def tilejson(lao: str, request: Request, engine: EngineDep, settings: SettingsDep) -> Any:
    """Return the TileJSON 3.0.0 of the LAO's map (layers, zooms, bounds, tile URLs)."""
    tiles_url = f"{str(request.base_url).rstrip('/')}/tiles/{lao}"
    return get_tilejson(lao, tiles_url, engine, imagery_url=settings.imagery_url)
