"""GET /health: is the app up, and can it reach PostGIS?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from taxmap.admin import services
from taxmap.core.errors import TaxmapError
from web.access import Allow
from web.deps import EngineDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """What /health reports."""

    status: str
    database: str
    postgresql: str | None = None
    postgis: str | None = None
    schema_revision: str | None = None
    message: str | None = None


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health}},
    dependencies=[Allow.public],
)
def health(engine: EngineDep) -> Any:
    """Report the app and database status (503 with the reason when the database is down)."""
    try:
        return services.health(engine)
    except TaxmapError as exc:
        return JSONResponse(
            {"status": "error", "database": "unavailable", "message": exc.message_en},
            status_code=503,
        )
