"""Parcel imports (upload), topology checks and review items."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel

from parcels.fabric import services as fabric
from parcels.imports.model import ImportParcels
from parcels.imports.services import import_parcels
from taxmap.admin.roles import Principal
from taxmap.core.uploads import UploadLimits, check_upload, save_upload
from web.access import Allow
from web.deps import EngineDep, SettingsDep
from web.params import RowId

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["fabric"])


@router.post("/imports/parcels")
def upload_parcels(
    caller: Annotated[Principal, Allow.edit_fabric],
    lao: str,
    engine: EngineDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="GPKG, zipped SHP, GeoJSON, FGB or CSV+WKT")],
    layer: Annotated[str | None, Form()] = None,
    crs: Annotated[str | None, Form()] = None,
    mapping: Annotated[list[str] | None, Form(description="target=column")] = None,
    overlap_tolerance_m2: Annotated[float, Form()] = 0.5,
    repair: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import an uploaded parcel file; the JSON report is the CLI's --json document."""
    limits = UploadLimits.from_settings(settings)
    name = check_upload(file.filename, file.size, limits)
    with tempfile.TemporaryDirectory(prefix="taxmap-upload-") as folder:
        path = save_upload(file.file, Path(folder), name, limits)
        report = import_parcels(
            ImportParcels(
                lao_code=lao,
                path=path,
                layer=layer,
                crs=crs,
                mapping=tuple(mapping or ()),
                overlap_tolerance_m2=overlap_tolerance_m2,
                repair=repair,
                dry_run=dry_run,
                actor=caller.actor,
                file_name=name,
            ),
            engine,
            limits=limits,
        )
    return report.to_json()


@router.post("/topology/check", dependencies=[Allow.edit_fabric])
def topology_check(lao: str, engine: EngineDep) -> dict[str, Any]:
    """Check the LAO's whole fabric and store the faults as review items."""
    return vars(fabric.check_topology(lao, engine))


class ReviewItem(BaseModel):
    """A finding staff must look at, with their decision."""

    id: int
    source: str
    kind: str
    key: str
    status: str
    area_m2: float | None
    message: str
    decision_reason: str | None
    reviewer: str | None


class Decision(BaseModel):
    """An accepted exception: why, and who decided."""

    reason: str
    reviewer: str


@router.get("/review-items", response_model=list[ReviewItem], dependencies=[Allow.read])
def list_review_items(lao: str, engine: EngineDep, status: str | None = None) -> list[ReviewItem]:
    """List the LAO's review items."""
    return [ReviewItem.model_validate(r._mapping) for r in fabric.review_items(lao, engine, status)]


@router.post("/review-items/{item_id}/accept", status_code=204, dependencies=[Allow.edit_fabric])
def accept_review_item(lao: str, item_id: RowId, decision: Decision, engine: EngineDep) -> None:
    """Accept a review item as an exception; later checks keep the decision."""
    fabric.accept_review_item(lao, item_id, decision.reason, decision.reviewer, engine)
