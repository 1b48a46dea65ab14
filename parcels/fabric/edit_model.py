"""Commands and results of parcel edits, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry

# Defaults of the LAO settings that govern edits (laos.settings may override each).
SNAP_TOLERANCE_M = 0.2
OVERLAP_TOLERANCE_M2 = 0.5
MIN_PIECE_M2 = 1.0


@dataclass(frozen=True)
class EditCase:
    """Why the fabric changes, on what authority, from which day, and who does it."""

    reason: str
    actor: str
    document_ref: str | None = None
    effective: date | None = None  # default today


@dataclass(frozen=True)
class Adjustment:
    """A new boundary for a parcel, saved only if it is still at `expected_version`."""

    code: str
    geometry: BaseGeometry
    expected_version: int


@dataclass(frozen=True)
class EditedParcel:
    """A parcel as an edit left it."""

    code: str
    version: int
    status: str
    area_m2: float


@dataclass(frozen=True)
class EditResult:
    """What an edit did: its case and the parcels it wrote."""

    case_id: int
    parcels: list[EditedParcel] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
