"""Commands and reports of parcel imports (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ImportParcels:
    """The command `taxmap import parcels` and the upload endpoint carry."""

    lao_code: str
    path: Path
    layer: str | None = None
    crs: str | None = None
    mapping: tuple[str, ...] = ()
    overlap_tolerance_m2: float = 0.5
    repair: bool = False
    dry_run: bool = False
    strict_geojson: bool = False
    actor: str | None = None
    file_name: str | None = None  # the name the user knows (uploads are saved under another)
    # A first import at least this large gets the LAO a parcels partition of its own, loaded
    # and indexed in one go (migration 0022). Below it, a plain COPY into the shared table is
    # as fast and leaves no table per small LAO.
    own_partition_from: int = 50_000


@dataclass
class ImportReport:
    """What an import found and did; `to_json` is the --json document."""

    accepted: int
    rejected: int
    findings: list[dict[str, Any]]
    repairs: list[dict[str, Any]] = field(default_factory=list)
    source_crs: str = ""
    operation: str = ""
    profile: str = ""
    format: str = ""
    dry_run: bool = False
    batch_id: int | None = None
    loaded: int = 0

    def to_json(self) -> dict[str, Any]:
        """Return the report as the documented JSON shape (plus context fields)."""
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "findings": self.findings,
            "repairs": self.repairs,
            "loaded": self.loaded,
            "dry_run": self.dry_run,
            "batch_id": self.batch_id,
            "source_crs": self.source_crs,
            "operation": self.operation,
            "profile": self.profile,
            "format": self.format,
        }
