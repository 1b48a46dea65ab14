"""Mapbox Vector Tiles of an LAO's layers, made in PostGIS."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
