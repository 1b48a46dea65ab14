"""OGC API Features (Core, GeoJSON, CRS by reference) for parcels, buildings and layers."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
