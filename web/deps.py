"""Dependencies shared by routes: settings and the engine, taken from the app's state.

They are `async def` because they only read attributes: FastAPI runs a plain `def`
dependency on a worker thread, a hop that costs more than the read itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from taxmap.core.settings import Settings
from taxmap.maptiles.cache import TileCache


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def _tile_cache(request: Request) -> TileCache | None:
    cache: TileCache | None = request.app.state.tile_cache
    return cache


SettingsDep = Annotated[Settings, Depends(_settings)]
EngineDep = Annotated[Engine, Depends(_engine)]
TileCacheDep = Annotated[TileCache | None, Depends(_tile_cache)]
