"""Changes of owners over HTTP: the Land Office's monthly transfer file and its pending rows."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from parcels.register.transfer_import import import_transfers, pending_transfers
from taxmap.admin.roles import Principal
from taxmap.core.uploads import CSV_TYPES, UploadLimits, check_upload, save_upload
from web.access import Allow
from web.deps import EngineDep, SettingsDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["register"])


@router.post("/transfers")
def upload_transfers(
    caller: Annotated[Principal, Allow.edit_register],
    lao: str,
    engine: EngineDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="The Land Office's transfer file (CSV UTF-8)")],
) -> dict[str, Any]:
    """Import a transfer file; the JSON report is the CLI's --json document."""
    limits = UploadLimits.from_settings(settings)
    name = check_upload(
        file.filename, file.size, limits, allowed=CSV_TYPES, default="transfers.csv"
    )
    with tempfile.TemporaryDirectory(prefix="taxmap-upload-") as folder:
        path = save_upload(file.file, Path(folder), name, limits)
        report = import_transfers(lao, path, engine, actor=caller.actor, file_name=name)
    return report.to_json()


@router.get("/transfers/pending", dependencies=[Allow.edit_register])
def list_pending_transfers(lao: str, engine: EngineDep) -> list[dict[str, Any]]:
    """List the rows of transfer files kept for review, with the reason in Thai and English."""
    return [asdict(row) for row in pending_transfers(lao, engine)]
