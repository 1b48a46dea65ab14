"""Plain data about the fabric handed to interfaces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """One feature drawn on an overview map: a label and its SVG path (y already flipped)."""

    label: str
    path: str


@dataclass(frozen=True)
class FabricOverview:
    """What the overview map of an LAO shows, in its storage CRS."""

    lao_code: str
    name_th: str
    name_en: str
    srid: int
    extent: tuple[float, float, float, float]
    boundary: list[Shape]
    tambons: list[Shape]
    roads: list[Shape]
    zones: list[Shape]
    blocks: list[Shape]
    parcels: list[Shape]
    parcel_count: int
    parcel_area_m2: float


@dataclass(frozen=True)
class TopologyReport:
    """What `taxmap topology check` found and stored."""

    lao_code: str
    parcels: int
    counts: dict[str, int]
    faults: list[dict[str, object]]
    resolved: int
    seconds: float
