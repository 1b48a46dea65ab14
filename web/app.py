"""The FastAPI application factory: settings in, app out; nothing connects at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from taxmap import __version__
from taxmap.core.db import create_engine
from taxmap.core.lao_scope import install_lao_scope
from taxmap.core.settings import Settings
from taxmap.maptiles.cache import TileCache
from web import errors
from web.params import refuse_nul
from web.routes import (
    arrears,
    auth,
    browse,
    documents,
    edits,
    fabric,
    health,
    lao_settings,
    laos,
    layers,
    notices,
    ogc,
    pages,
    payments,
    register,
    roll,
    tax,
    tiles,
    transfers,
    ui,
)
from web.sessions import CallerCache


def create_app(settings: Settings) -> FastAPI:
    """Build the app for these settings; the engine connects lazily on first use."""
    engine = create_engine(settings)
    install_lao_scope(engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    # Swagger UI and ReDoc load scripts from a CDN, which an LAO office may not reach:
    # the OpenAPI document is served as JSON only, self-contained.
    app = FastAPI(
        title="taxmap",
        version=__version__,
        description="GIS tax map and property register for Thai local administrations.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.callers = CallerCache()
    app.state.tile_cache = TileCache(settings.tile_cache_path) if settings.tile_cache else None
    errors.install(app)
    app.include_router(health.router)
    app.include_router(auth.router)
    app.include_router(lao_settings.router)
    app.include_router(laos.router)
    app.include_router(fabric.router)
    app.include_router(edits.router)
    app.include_router(tax.router)
    app.include_router(register.router)
    app.include_router(documents.router)
    app.include_router(transfers.router)
    app.include_router(roll.router)
    app.include_router(notices.router)
    app.include_router(payments.router)
    app.include_router(arrears.router)
    app.include_router(pages.router)
    app.include_router(layers.router)
    app.include_router(ogc.router)
    app.include_router(tiles.router)
    app.include_router(browse.router)
    app.include_router(ui.router)
    return app


def app_from_environment() -> FastAPI:
    """Build the app from TAXMAP_* variables: the factory each `taxmap serve` worker calls."""
    from taxmap.core.settings import load_settings

    return create_app(load_settings())
