"""Plain data about LAOs handed between services and interfaces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CreateLao:
    """The command to register a new LAO."""

    code: str
    name_th: str
    name_en: str
    srid: int
    kind: str = "sao"
    province_th: str | None = None
    district_th: str | None = None
    boundary_file: Path | None = None


@dataclass(frozen=True)
class LaoSummary:
    """One LAO as lists show it."""

    id: int
    code: str
    name_th: str
    name_en: str
    srid: int
    parcels: int
    zones: int
    blocks: int
