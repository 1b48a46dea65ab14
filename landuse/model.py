"""Plain data of planning layers: themes, class tables, rules, layers and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class LayerClass:
    """One class of a class table (an LDD code, a plan zone, a land-cover value)."""

    code: str
    name_th: str
    name_en: str
    group: str
    fill: str
    hatch: str = ""
    level: int = 1


@dataclass(frozen=True)
class ClassTable:
    """A class table by name, its classes in file order."""

    name: str
    classes: tuple[LayerClass, ...]

    def by_code(self) -> dict[str, LayerClass]:
        """Return the classes keyed by code."""
        return {c.code: c for c in self.classes}


@dataclass(frozen=True)
class Theme:
    """What a layer is (land use, zones, flood, land cover …) and how it is classed."""

    name: str
    kind: str  # vector | raster
    name_th: str
    name_en: str
    classes: str | None = None
    class_field: str | None = None
    unit: str | None = None
    fill: str = "#888888"

    @property
    def continuous(self) -> bool:
        """Tell whether a raster of this theme holds measurements rather than classes."""
        return self.kind == "raster" and self.unit is not None


@dataclass(frozen=True)
class MismatchRule:
    """Declared tax use that disagrees with what a layer shows (data/landuse/rules.toml)."""

    id: str
    theme: str
    declared: tuple[str, ...]
    groups: tuple[str, ...]
    min_declared_share: float
    min_observed_share: float
    message_th: str
    message_en: str


@dataclass(frozen=True)
class Rules:
    """Mismatch rules, field-check tolerances and indicator groups."""

    mismatch: tuple[MismatchRule, ...]
    building_covered_share: float
    sign_distance_m: float
    green_groups: tuple[str, ...]
    built_groups: tuple[str, ...]
    farmland_groups: tuple[str, ...]


@dataclass(frozen=True)
class ImportLayer:
    """The command `taxmap layers import` and the upload endpoint carry."""

    lao_code: str
    path: str
    theme: str
    code: str
    as_of: date
    class_field: str | None = None
    layer: str | None = None
    crs: str | None = None
    name_th: str | None = None
    name_en: str | None = None
    actor: str = "cli"
    replace: bool = False


@dataclass
class LayerReport:
    """What a layer import found and stored."""

    layer_id: int | None
    code: str
    as_of: date
    kind: str
    features: int = 0
    rejected: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    source_crs: str = ""
    operation: str = ""
    classes: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {
            "layer_id": self.layer_id,
            "code": self.code,
            "as_of": self.as_of.isoformat(),
            "kind": self.kind,
            "features": self.features,
            "rejected": self.rejected,
            "findings": self.findings,
            "source_crs": self.source_crs,
            "operation": self.operation,
            "classes": self.classes,
        }
