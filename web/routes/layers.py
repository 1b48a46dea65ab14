"""Planning layers, per-parcel overlays, planner queries and indicators over HTTP."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
