"""Use cases on the property register; each owns its transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection, Engine

from parcels.register import repository
from parcels.register.search import national_id_query, search_key
from taxmap.admin.repository import get_lao
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import InvalidInput


@dataclass(frozen=True)
class OwnerHit:
    """An owner found by a search."""

    owner_no: int
    kind: str
    name_th: str
    name_en: str | None
    national_id: str | None
    juristic_id: str | None
    address: str | None


@dataclass(frozen=True)
class OwnerPage:
    """One page of search results."""

    total: int
    offset: int
    limit: int
    owners: list[OwnerHit]


def search_owners(
    lao_code: str, query: str, bind: Engine | Connection, *, limit: int = 20, offset: int = 0
) -> OwnerPage:
    """Search owners by Thai or English name, ID, owner number, parcel code, deed or house no."""
    text = query.strip()
    if not text:
        raise InvalidInput(
            "q",
            "Type a name, ID, owner number, parcel code, deed or house number.",
            "พิมพ์ชื่อ เลขประจำตัว เลขผู้เสียภาษี รหัสแปลง เลขโฉนด หรือบ้านเลขที่",
        )
    if not 1 <= limit <= 200 or offset < 0:
        raise InvalidInput("limit", "limit must be 1-200 and offset 0 or more.")
    national_id = national_id_query(text)
    number = int(text) if text.isdigit() and len(text) <= 9 else None
    key = search_key(text) if national_id is None and number is None else None
    with UnitOfWork(bind) as uow:
        lao = get_lao(uow.conn, lao_code)
        total, rows = repository.search_parties(
            uow.conn,
            lao.id,
            key=key or None,
            national_id=national_id,
            number=number,
            text=text,
            limit=limit,
            offset=offset,
        )
    return OwnerPage(
        total=total,
        offset=offset,
        limit=limit,
        owners=[
            OwnerHit(
                r.owner_no,
                r.kind,
                r.name_th,
                r.name_en,
                r.national_id,
                r.juristic_id,
                r.current_address,
            )
            for r in rows
        ],
    )
