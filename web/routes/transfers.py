"""Changes of owners over HTTP: the Land Office's monthly transfer file and its pending rows."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from parcels.register.transfer_import import import_transfers, pending_transfers
from web.deps import EngineDep

router = APIRouter(prefix="/api/v1/laos/{lao}", tags=["register"])


@router.post("/transfers")
def upload_transfers(
    lao: str,
    engine: EngineDep,
    file: Annotated[UploadFile, File(description="The Land Office's transfer file (CSV UTF-8)")],
) -> dict[str, Any]:
    """Import a transfer file; the JSON report is the CLI's --json document."""
    name = Path(file.filename or "transfers.csv").name
    with tempfile.TemporaryDirectory(prefix="taxmap-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as target:
            shutil.copyfileobj(file.file, target)
        report = import_transfers(lao, path, engine, actor="api", file_name=name)
    return report.to_json()


@router.get("/transfers/pending")
def list_pending_transfers(lao: str, engine: EngineDep) -> list[dict[str, Any]]:
    """List the rows of transfer files kept for review, with the reason in Thai and English."""
    return [asdict(row) for row in pending_transfers(lao, engine)]
