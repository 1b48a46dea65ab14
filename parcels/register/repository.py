"""Register queries; never commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parcels.fabric.orm import parcels
from parcels.register.orm import buildings, parties, rights

PARTY_COLUMNS = (
    parties.c.id,
    parties.c.owner_no,
    parties.c.kind,
    parties.c.name_th,
    parties.c.name_en,
    parties.c.national_id,
    parties.c.juristic_id,
    parties.c.current_address,
)


def search_parties(
    conn: Connection,
    lao_id: int,
    *,
    key: str | None,
    national_id: str | None,
    number: int | None,
    text: str,
    limit: int,
    offset: int,
) -> tuple[int, list[sa.Row[Any]]]:
    """Find owners by folded name, ID, owner number, parcel code, deed or house number."""
    conditions: list[Any] = []
    if national_id:
        conditions.append(parties.c.national_id == national_id)
        conditions.append(parties.c.juristic_id == national_id)
    if number is not None:
        conditions.append(parties.c.owner_no == number)
    if key:
        # The trigram index serves LIKE '%key%' on the folded names.
        conditions.append(parties.c.search_key.like(f"%{key}%"))
    # Owners of a parcel (by tax-map code or deed number) or of a building (house number).
    by_parcel = (
        sa.select(rights.c.party_id)
        .join(
            parcels,
            sa.and_(parcels.c.lao_id == rights.c.lao_id, parcels.c.id == rights.c.parcel_id),
        )
        .where(
            rights.c.lao_id == lao_id, sa.or_(parcels.c.code == text, parcels.c.document_no == text)
        )
    )
    by_house = (
        sa.select(rights.c.party_id)
        .join(
            buildings,
            sa.and_(buildings.c.lao_id == rights.c.lao_id, buildings.c.id == rights.c.building_id),
        )
        .where(rights.c.lao_id == lao_id, buildings.c.house_no == text)
    )
    conditions.append(parties.c.id.in_(by_parcel))
    conditions.append(parties.c.id.in_(by_house))
    where = sa.and_(parties.c.lao_id == lao_id, sa.or_(*conditions))
    total = conn.execute(sa.select(sa.func.count()).select_from(parties).where(where)).scalar_one()
    rows = conn.execute(
        sa.select(*PARTY_COLUMNS)
        .where(where)
        .order_by(parties.c.search_key, parties.c.owner_no)
        .limit(limit)
        .offset(offset)
    ).all()
    return int(total), list(rows)
