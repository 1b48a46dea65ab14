"""Reports of changes of owners and transfer files (plain data for the API and the CLI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class RowOutcome:
    """What became of one row of a transfer file."""

    line_no: int
    status: str  # 'applied' or 'pending'
    reason_en: str | None
    reason_th: str | None
    parcel_code: str | None


@dataclass(frozen=True)
class TransferReport:
    """What an import of a transfer file did; `to_json` is the API's and the CLI's document."""

    batch_id: int
    file_name: str
    rows: int
    applied: int
    pending: int
    already_received: bool
    outcomes: list[RowOutcome]
    notice_en: str | None = None
    notice_th: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain JSON values."""
        return asdict(self)


@dataclass(frozen=True)
class PendingTransfer:
    """A row of a transfer file kept for review, with why."""

    batch_id: int
    file_name: str
    line_no: int
    parcel_code: str | None
    document_type: int | None
    document_no: str | None
    land_no: str | None
    sheet: str | None
    old_owner_ids: str | None
    old_owner_names: str | None
    new_owner_ids: str | None
    new_owner_names: str | None
    new_shares: str | None
    transfer_date: date | None
    transaction: str | None
    reason_en: str
    reason_th: str
    raw: str


@dataclass(frozen=True)
class OwnerChange:
    """A change of owners made: its case, and the owners (number, share) from the date on."""

    case_id: int
    parcel_code: str
    effective: date
    rights_ended: int
    owners: list[tuple[int, str]]
