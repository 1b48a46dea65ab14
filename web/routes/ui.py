"""The browser app: sign-in page, role screens and the map, served with its static files."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
